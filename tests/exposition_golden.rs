//! promreg's text and protobuf output equals client_golang's byte for byte.
//! Each test builds the registry that `tests/go/golden.go` builds and
//! compares with the files it wrote under `tests/golden/`.

mod common;

use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use common::TestCollector;
use promreg::{
    Counter, Desc, Gauge, Labels, Opts, Registry, ValueType, labels,
    must_new_const_metric, new_metric_with_timestamp,
};

/// Go's `math.NaN()` has this bit pattern; Rust's `f64::NAN` another one.
const GO_NAN: u64 = 0x7ff8000000000001;

fn assert_golden(name: &str, reg: &Registry) {
    common::assert_golden_families(name, &reg.gather().unwrap());
}

fn gauge(name: &str, help: &str, value: f64) -> Box<Gauge> {
    let g = Gauge::new(Opts::new(name, help));
    g.set(value);
    Box::new(g)
}

#[test]
fn counter() {
    let reg = Registry::new();
    let c = Counter::new(
        Opts::new("requests_total", "A counter.")
            .namespace("bec")
            .subsystem("demo")
            .const_label("env", "prod")
            .const_label("zone", "a"),
    );
    reg.register(Box::new(c.clone())).unwrap();
    c.inc();
    c.add(1.5);
    let plain = Counter::new(Opts::new("plain_total", "Plain."));
    plain.add(42.0);
    reg.register(Box::new(plain)).unwrap();
    reg.register(Box::new(Counter::new(Opts::new("zero_total", "Never incremented."))))
        .unwrap();
    assert_golden("counter", &reg);
}

#[test]
fn gauges() {
    let cases: &[(&str, f64, &str)] = &[
        ("g_nan", f64::from_bits(GO_NAN), "NaN"),
        ("g_pos_inf", f64::INFINITY, "+Inf"),
        ("g_neg_inf", f64::NEG_INFINITY, "-Inf"),
        ("g_neg_zero", -0.0, "-0"),
        ("g_zero", 0.0, "0"),
        ("g_tiny", 1e-300, "1e-300"),
        ("g_big", 1e21, "1e21"),
        ("g_tenth", 0.1, "0.1"),
        ("g_e11", 123456789012.0, "123456789012"),
        ("g_million", 1e6, "1e6"),
        ("g_e5", 100000.0, "100000"),
        ("g_neg", -1.5, "-1.5"),
        ("g_small", 0.0001, "0.0001"),
        ("g_smaller", 0.00001, "0.00001"),
        ("g_max", f64::MAX, "max"),
        ("g_min_sub", 5e-324, "5e-324"),
        ("g_2p53", 9007199254740992.0, "2^53"),
        ("g_third", 1.0 / 3.0, "1/3"),
        ("g_sum", 0.1 + 0.2, "0.1+0.2"),
        ("g_int", 123456.0, "123456"),
        ("g_e20", 1e20, "1e20"),
    ];
    let reg = Registry::new();
    for &(name, value, desc) in cases {
        reg.register(gauge(name, &format!("Gauge set to {desc}."), value)).unwrap();
    }
    assert_golden("gauges", &reg);
}

#[test]
fn escaping() {
    let desc = Desc::new(
        "escaped_metric",
        "Help with \\ backslash,\nnewline and \"quotes\".",
        &["v"],
        Labels::new(),
    );
    let d = desc.clone();
    let values =
        ["back\\slash", "quo\"te", "new\nline", "Björn 佖佥", "", "all \\ \" \n three"];
    let collector = TestCollector::new(vec![desc], move |ch| {
        for (i, v) in values.iter().enumerate() {
            ch.send(Arc::new(must_new_const_metric(
                &d,
                ValueType::Gauge,
                (i + 1) as f64,
                &[v],
            )))
            .unwrap();
        }
    });
    let reg = Registry::new();
    reg.register(Box::new(collector)).unwrap();
    assert_golden("escaping", &reg);
}

#[test]
fn const_labels() {
    let reg = Registry::new();
    let labels = labels! { "b" => "2", "a" => "1", "c" => "x\\y" };
    let g = Gauge::new(
        Opts::new("g", "Const labels.")
            .namespace("ns")
            .subsystem("sub")
            .const_labels(labels),
    );
    g.set(7.0);
    reg.register(Box::new(g)).unwrap();
    let g = Gauge::new(Opts::new("g", "Subsystem only.").subsystem("only_sub"));
    g.set(1.0);
    reg.register(Box::new(g)).unwrap();
    let g = Gauge::new(Opts::new("g", "Namespace only.").namespace("only_ns"));
    g.set(2.0);
    reg.register(Box::new(g)).unwrap();
    assert_golden("const_labels", &reg);
}

/// The exporter article's pattern: one collector, several descs, const
/// metrics built on every collect, one of them with a timestamp.
#[test]
fn custom_collector() {
    let up = Desc::new("demo_up", "Was the last scrape successful.", &[], Labels::new());
    let scrapes = Desc::new(
        "demo_exporter_scrapes_total",
        "Total number of scrapes.",
        &[],
        Labels::new(),
    );
    let rows = Desc::new(
        "demo_table_rows",
        "Rows per table.",
        &["db", "table"],
        labels! { "instance" => "db1" },
    );
    let info = Desc::new("demo_info", "Untyped info.", &["version"], Labels::new());
    let seen =
        Desc::new("demo_last_seen_seconds", "With a timestamp.", &[], Labels::new());
    let descs =
        vec![up.clone(), scrapes.clone(), rows.clone(), info.clone(), seen.clone()];
    let collector = TestCollector::new(descs, move |ch| {
        ch.send(Arc::new(must_new_const_metric(&up, ValueType::Gauge, 1.0, &[])))
            .unwrap();
        ch.send(Arc::new(must_new_const_metric(&scrapes, ValueType::Counter, 3.0, &[])))
            .unwrap();
        for (db, table, v) in [("d1", "t2", 20.0), ("d1", "t1", 10.0), ("d0", "t9", 0.5)]
        {
            ch.send(Arc::new(must_new_const_metric(
                &rows,
                ValueType::Counter,
                v,
                &[db, table],
            )))
            .unwrap();
        }
        ch.send(Arc::new(must_new_const_metric(
            &info,
            ValueType::Untyped,
            1.0,
            &["1.2.3"],
        )))
        .unwrap();
        let at = UNIX_EPOCH + Duration::from_millis(1234567890123);
        let m = must_new_const_metric(&seen, ValueType::Gauge, 42.0, &[]);
        ch.send(Arc::new(new_metric_with_timestamp(at, Arc::new(m)))).unwrap();
    });
    let old = Desc::new("demo_old_seconds", "Before the epoch.", &[], Labels::new());
    let old_collector = TestCollector::new(vec![old.clone()], move |ch| {
        let m = must_new_const_metric(&old, ValueType::Gauge, -1.0, &[]);
        let at = UNIX_EPOCH - Duration::from_millis(1500);
        ch.send(Arc::new(new_metric_with_timestamp(at, Arc::new(m)))).unwrap();
    });
    let reg = Registry::new();
    reg.register(Box::new(collector)).unwrap();
    reg.register(Box::new(old_collector)).unwrap();
    assert_golden("custom_collector", &reg);
}

#[test]
fn sorting() {
    let sorted = Desc::new("sorted", "Sorting of label values.", &["v"], Labels::new());
    let two = Desc::new("sorted_two", "Two labels.", &["x", "y"], Labels::new());
    let descs = vec![sorted.clone(), two.clone()];
    let collector = TestCollector::new(descs, move |ch| {
        for (v, value) in
            [("a", 1.0), ("10", 2.0), ("B", 3.0), ("9", 4.0), ("10a", 5.0), ("", 6.0)]
        {
            ch.send(Arc::new(must_new_const_metric(
                &sorted,
                ValueType::Gauge,
                value,
                &[v],
            )))
            .unwrap();
        }
        for (x, y, value) in
            [("b", "1", 1.0), ("a", "2", 2.0), ("a", "10", 3.0), ("A", "z", 4.0)]
        {
            ch.send(Arc::new(must_new_const_metric(
                &two,
                ValueType::Gauge,
                value,
                &[x, y],
            )))
            .unwrap();
        }
    });
    let reg = Registry::new();
    reg.register(Box::new(collector)).unwrap();
    assert_golden("sorting", &reg);
}

/// Go's `MetricSorter` past the label values: one name, one label each, the
/// same value under different label names (distinct series, equal to the
/// sorter), so the timestamps decide, the one without a timestamp last.
#[test]
fn sorting_timestamps() {
    fn gauge(label: &str, value: &str, v: f64) -> Arc<dyn promreg::Metric> {
        let d = Desc::new(
            "stamped",
            "Equal label values, ordered by timestamp.",
            &[label],
            Labels::new(),
        );
        Arc::new(must_new_const_metric(&d, ValueType::Gauge, v, &[value]))
    }
    fn at(ms: i64, m: Arc<dyn promreg::Metric>) -> Arc<dyn promreg::Metric> {
        let t = if ms < 0 {
            UNIX_EPOCH - Duration::from_millis(ms.unsigned_abs())
        } else {
            UNIX_EPOCH + Duration::from_millis(ms.unsigned_abs())
        };
        Arc::new(new_metric_with_timestamp(t, m))
    }
    let collector = TestCollector::unchecked(|ch| {
        for m in [
            gauge("a", "1", 1.0),
            at(2000, gauge("b", "1", 2.0)),
            at(1000, gauge("c", "1", 3.0)),
            at(-500, gauge("d", "1", 4.0)),
            at(9999, gauge("e", "0", 5.0)),
            gauge("f", "2", 6.0),
            at(1500, gauge("g", "1", 7.0)),
        ] {
            ch.send(m).unwrap();
        }
    });
    let reg = Registry::new();
    reg.register(Box::new(collector)).unwrap();
    assert_golden("sorting_timestamps", &reg);
}
