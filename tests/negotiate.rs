//! Content negotiation equals expfmt's `Negotiate` and
//! `NegotiateIncludingOpenMetrics` on every Accept header of
//! `tests/golden/negotiate.tsv` (results written by the Go original), and
//! the OpenMetrics-only scenario equals Go's output in all three formats.

mod common;

use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use common::{TestCollector, golden_tsv};
use promreg::encode::{negotiate, negotiate_including_openmetrics};
use promreg::{
    Desc, Labels, Registry, ValueType, must_new_const_histogram, must_new_const_metric,
    must_new_const_summary, new_metric_with_timestamp,
};

#[test]
fn negotiation_equals_go() {
    let rows = golden_tsv("negotiate.tsv");
    assert_eq!(rows.len(), 37);
    for row in rows {
        let accept = if row[0] == "-" { None } else { Some(row[0].as_str()) };
        assert_eq!(negotiate(accept).content_type(), row[1], "Negotiate({accept:?})");
        assert_eq!(
            negotiate_including_openmetrics(accept).content_type(),
            row[2],
            "NegotiateIncludingOpenMetrics({accept:?})"
        );
    }
}

fn desc(name: &str, help: &str, labels: &[&str]) -> Desc {
    Desc::new(name, help, labels, Labels::new())
}

#[test]
fn openmetrics_extra() {
    let plain = desc("plain_counter", "Counter without the total suffix.", &[]);
    let events = desc(
        "events_total",
        "Help with \\ backslash, \"quotes\" and\nnewline.",
        &["kind"],
    );
    let untyped = desc("untyped_thing", "Untyped.", &[]);
    let stamped = desc("stamped_gauge", "Timestamped.", &[]);
    let old = desc("old_gauge", "Before 1970.", &[]);
    let big = desc("big_hist", "Large count.", &[]);
    let q_one = desc("q_one", "Quantile one.", &[]);
    let zero = desc("zero_gauge", "Zeros.", &["sign"]);
    let int = desc("int_gauge", "Integers.", &["v"]);
    let descs = vec![
        plain.clone(),
        events.clone(),
        untyped.clone(),
        stamped.clone(),
        old.clone(),
        big.clone(),
        q_one.clone(),
        zero.clone(),
        int.clone(),
    ];
    let collector = TestCollector::new(descs, move |ch| {
        let send = |m: Arc<dyn promreg::Metric>| ch.send(m).unwrap();
        send(Arc::new(must_new_const_metric(&plain, ValueType::Counter, 5.0, &[])));
        send(Arc::new(must_new_const_metric(
            &events,
            ValueType::Counter,
            1.5,
            &["a\"b"],
        )));
        send(Arc::new(must_new_const_metric(&untyped, ValueType::Untyped, -2.0, &[])));
        let m = must_new_const_metric(&stamped, ValueType::Gauge, 0.25, &[]);
        send(Arc::new(new_metric_with_timestamp(
            UNIX_EPOCH + Duration::from_millis(1234567890),
            Arc::new(m),
        )));
        let m = must_new_const_metric(&old, ValueType::Gauge, 100.0, &[]);
        send(Arc::new(new_metric_with_timestamp(
            UNIX_EPOCH - Duration::from_millis(1500),
            Arc::new(m),
        )));
        send(Arc::new(must_new_const_histogram(
            &big,
            1_000_000,
            0.001,
            &[(1e-9, 2), (1.0, 999_999)],
            &[],
        )));
        send(Arc::new(must_new_const_summary(
            &q_one,
            3,
            6.0,
            &[(0.0, 1.0), (1.0, 3.0)],
            &[],
        )));
        send(Arc::new(must_new_const_metric(&zero, ValueType::Gauge, 0.0, &["pos"])));
        send(Arc::new(must_new_const_metric(&zero, ValueType::Gauge, -0.0, &["neg"])));
        for (v, name) in
            [(100.0, "hundred"), (1e6, "million"), (1.0, "one"), (-1.0, "minus_one")]
        {
            send(Arc::new(must_new_const_metric(&int, ValueType::Gauge, v, &[name])));
        }
    });
    let reg = Registry::new();
    reg.register(Box::new(collector)).unwrap();
    common::assert_golden_families("openmetrics_extra", &reg.gather().unwrap());
}
