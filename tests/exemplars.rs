//! Exemplars on counters, histogram buckets and const metrics, against the
//! Go original's output (`exemplars` and `exemplars_const` in
//! `tests/golden/`), and Go's error and panic texts.

mod common;

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use common::{TestCollector, golden_error};
use promreg::proto::MetricFamily;
use promreg::{
    Counter, CounterVec, Desc, Exemplar, Gauge, Histogram, HistogramOpts, HistogramVec,
    Labels, Metric, Opts, Registry, Timer, ValueType, labels, must_new_const_histogram,
    must_new_const_metric, must_new_metric_with_exemplars, new_metric_with_exemplars,
};

/// What the Go program does to the instrumented exemplars after gathering:
/// every timestamp set to 1700000000.123 (Go stamps them with the clock).
fn normalize_timestamps(families: &mut [MetricFamily]) {
    let exemplars = families.iter_mut().flat_map(|f| f.metric.iter_mut()).flat_map(|m| {
        let counter = m.counter.as_mut().and_then(|c| c.exemplar.as_mut());
        let buckets = m
            .histogram
            .as_mut()
            .into_iter()
            .flat_map(|h| h.bucket.iter_mut().filter_map(|b| b.exemplar.as_mut()));
        counter.into_iter().chain(buckets)
    });
    for e in exemplars {
        let ts = e.timestamp.mut_or_insert_default();
        ts.seconds = 1_700_000_000;
        ts.nanos = 123_000_000;
    }
}

fn at(seconds: u64, nanos: u32) -> Option<SystemTime> {
    Some(UNIX_EPOCH + Duration::new(seconds, nanos))
}

/// The Go program's scenario `exemplars`, step by step.
#[test]
fn instrumented_exemplars_equal_go() {
    let reg = Registry::new();
    let requests = Counter::new(Opts::new("ex_requests_total", "Requests."));
    requests.inc();
    requests.add_with_exemplar(2.0, &labels! {"trace_id" => "abc123"});
    let kept = Counter::new(Opts::new("ex_kept_total", "Kept."));
    kept.add_with_exemplar(1.0, &labels! {"trace_id" => "first"});
    kept.add(5.0); // Go's AddWithExemplar(5, nil): the exemplar stays
    let two = Counter::new(Opts::new("ex_two_labels_total", "Two labels."));
    two.add_with_exemplar(1.0, &labels! {"trace_id" => "t1", "span_id" => "s1"});
    let vec = CounterVec::new(Opts::new("ex_vec_total", "By code."), &["code"]);
    vec.with_label_values(&["200"])
        .add_with_exemplar(1.0, &labels! {"trace_id" => "t200"});
    vec.with_label_values(&["500"]).inc();
    let latency = Histogram::new(
        HistogramOpts::new("ex_latency_seconds", "Latency.").buckets(vec![0.1, 0.5, 1.0]),
    );
    latency.observe_with_exemplar(0.05, &labels! {"trace_id" => "a"});
    latency.observe_with_exemplar(0.07, &labels! {"trace_id" => "b"});
    latency.observe(0.3);
    latency.observe_with_exemplar(0.5, &labels! {"trace_id" => "edge"});
    latency.observe_with_exemplar(2.0, &labels! {"trace_id" => "inf"});
    let sizes = HistogramVec::new(
        HistogramOpts::new("ex_sizes_bytes", "Sizes.").buckets(vec![100.0, 1000.0]),
        &["route"],
    );
    sizes
        .with_label_values(&["/a"])
        .observe_with_exemplar(50.0, &labels! {"trace_id" => "s50"});
    sizes.with_label_values(&["/a"]).observe(500.0);
    sizes.with_label_values(&["/b"]).observe(5000.0);
    let gauge = Gauge::new(Opts::new("ex_gauge", "Gauge."));
    gauge.set(1.0);
    reg.must_register([
        Box::new(requests) as _,
        Box::new(kept) as _,
        Box::new(two) as _,
        Box::new(vec) as _,
        Box::new(latency) as _,
        Box::new(sizes) as _,
        Box::new(gauge) as _,
    ]);

    let before = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs() as i64;
    let mut families = reg.gather().unwrap();
    // Each exemplar was stamped with the clock when it was made.
    let requests = families.iter().find(|f| f.name() == "ex_requests_total").unwrap();
    let stamp = requests.metric[0].counter.exemplar.timestamp.seconds;
    assert!((before - 5..=before).contains(&stamp), "{stamp} vs {before}");
    normalize_timestamps(&mut families);
    common::assert_golden_families("exemplars", &families);
}

/// The Go program's scenario `exemplars_const`: exemplars injected into
/// const metrics, with their own timestamps.
#[test]
fn const_metric_exemplars_equal_go() {
    let reg = Registry::new();
    reg.register(Box::new(TestCollector::unchecked(|ch| {
        let counter = Desc::new("exc_total", "Const counter.", &[], Labels::new());
        let ex = |value: f64, trace: &str, ts| Exemplar {
            value,
            labels: labels! {"trace_id" => trace},
            timestamp: ts,
        };
        ch.send(Arc::new(must_new_metric_with_exemplars(
            Arc::new(must_new_const_metric(&counter, ValueType::Counter, 10.0, &[])),
            &[
                ex(3.0, "c1", at(1_700_000_001, 0)),
                ex(4.0, "c2", at(1_700_000_002, 500_000_000)),
            ],
        )))
        .unwrap();
        let hist = Desc::new("exc_hist", "Const histogram.", &["l"], Labels::new());
        ch.send(Arc::new(must_new_metric_with_exemplars(
            Arc::new(must_new_const_histogram(
                &hist,
                5,
                9.0,
                &[(1.0, 2), (5.0, 4)],
                &["x"],
            )),
            &[
                ex(0.5, "h1", at(1_700_000_003, 0)),
                ex(3.0, "h3", at(1_700_000_004, 0)),
                ex(4.0, "h4", at(1_700_000_005, 0)),
                ex(10.0, "h10", at(1_700_000_006, 0)),
            ],
        )))
        .unwrap();
        let bare = Desc::new("exc_nolabels_total", "No labels.", &[], Labels::new());
        let none = Exemplar {
            value: 1.0,
            labels: Labels::new(),
            timestamp: at(1_700_000_007, 0),
        };
        ch.send(Arc::new(must_new_metric_with_exemplars(
            Arc::new(must_new_const_metric(&bare, ValueType::Counter, 1.0, &[])),
            &[none],
        )))
        .unwrap();
    })))
    .unwrap();
    let families = reg.gather().unwrap();
    // OpenMetrics: Go's file but for the label-less exemplar, which
    // promreg leaves out (prometheus/common #569, client_golang #1333).
    let om = String::from_utf8(common::encode(
        &families,
        promreg::encode::Format::OpenMetrics,
    ))
    .unwrap();
    let go_om = String::from_utf8(common::golden_bytes("exemplars_const.om")).unwrap();
    let go_line = go_om.lines().find(|l| l.starts_with("exc_nolabels_total ")).unwrap();
    let (sample, go_exemplar) = go_line.split_once(" # ").unwrap();
    assert!(
        go_exemplar.starts_with(' '),
        "common 0.39 writes a label-less exemplar without braces: {go_line:?}"
    );
    assert_eq!(om, go_om.replace(go_line, sample));
    // Text and protobuf are Go's exactly.
    assert_eq!(
        common::text(&families),
        String::from_utf8(common::golden_bytes("exemplars_const.txt")).unwrap()
    );
    let pb = common::encode(&families, promreg::encode::Format::ProtoDelim);
    assert_eq!(pb, common::golden_bytes("exemplars_const.pb"));
}

fn panic_text(f: impl FnOnce() + std::panic::UnwindSafe) -> String {
    let payload = std::panic::catch_unwind(f).expect_err("must panic");
    match payload.downcast::<String>() {
        Ok(s) => *s,
        Err(p) => p.downcast::<&str>().map(|s| s.to_string()).unwrap_or_default(),
    }
}

#[test]
fn exemplar_errors_equal_go() {
    let counter = || Counter::new(Opts::new("c_total", "h"));
    let too_long = labels! {"trace_id" => "é".repeat(121)};
    let cases: Vec<(&str, String)> = vec![
        (
            "exemplar_invalid_name",
            panic_text(|| counter().add_with_exemplar(1.0, &labels! {"1bad" => "x"})),
        ),
        (
            "exemplar_reserved_name",
            panic_text(|| counter().add_with_exemplar(1.0, &labels! {"__x" => "x"})),
        ),
        (
            "exemplar_too_long",
            panic_text({
                let l = too_long.clone();
                move || counter().add_with_exemplar(1.0, &l)
            }),
        ),
        (
            "exemplar_histogram_invalid",
            panic_text(|| {
                Histogram::new(HistogramOpts::new("h", "h"))
                    .observe_with_exemplar(1.0, &labels! {"a-b" => "x"})
            }),
        ),
    ];
    for (case, got) in cases {
        assert_eq!(got, golden_error(case), "case {case}");
    }
    // Exactly at the limit is fine: 8 + 120 characters (240 bytes).
    assert_eq!(golden_error("exemplar_exactly_128"), "-");
    counter().add_with_exemplar(1.0, &labels! {"trace_id" => "é".repeat(120)});

    let c: Arc<dyn Metric> = Arc::new(must_new_const_metric(
        &Desc::new("c", "h", &[], Labels::new()),
        ValueType::Counter,
        1.0,
        &[],
    ));
    let err = |exemplars: &[Exemplar]| {
        new_metric_with_exemplars(c.clone(), exemplars).unwrap_err().to_string()
    };
    assert_eq!(err(&[]), golden_error("exemplar_const_none"));
    let invalid = Exemplar { value: 1.0, labels: labels! {"1x" => ""}, timestamp: None };
    assert_eq!(err(&[invalid]), golden_error("exemplar_const_invalid"));
    let long = Exemplar { value: 1.0, labels: too_long, timestamp: None };
    assert_eq!(err(&[long]), golden_error("exemplar_const_too_long"));
    // 10000-01-01T00:00:00Z.
    let far = Exemplar {
        value: 1.0,
        labels: labels! {"a" => "b"},
        timestamp: at(253_402_300_800, 0),
    };
    assert_eq!(err(&[far]), golden_error("exemplar_const_timestamp"));

    let reg = Registry::new();
    reg.register(Box::new(TestCollector::unchecked(|ch| {
        let g = must_new_const_metric(
            &Desc::new("g", "h", &[], Labels::new()),
            ValueType::Gauge,
            1.0,
            &[],
        );
        let e = Exemplar {
            value: 1.0,
            labels: labels! {"a" => "b"},
            timestamp: at(1_700_000_000, 0),
        };
        ch.send(Arc::new(must_new_metric_with_exemplars(Arc::new(g), &[e]))).unwrap();
    })))
    .unwrap();
    assert_eq!(
        reg.gather().unwrap_err().to_string(),
        golden_error("exemplar_const_gauge")
    );
}

/// The `try_` forms check first: an invalid exemplar changes nothing.
#[test]
fn try_forms_change_nothing_on_error() {
    let c = Counter::new(Opts::new("c_total", "h"));
    let err = c.try_add_with_exemplar(2.0, &labels! {"1bad" => "x"}).unwrap_err();
    assert_eq!(err.to_string(), golden_error("exemplar_invalid_name"));
    assert_eq!(c.get(), 0.0);
    let h = Histogram::new(HistogramOpts::new("h", "h"));
    assert!(h.try_observe_with_exemplar(1.0, &labels! {"a-b" => "x"}).is_err());
    let mut m = promreg::proto::Metric::new();
    promreg::Metric::write(&h, &mut m).unwrap();
    assert_eq!(m.histogram.sample_count(), 0);
    assert!(m.histogram.bucket.iter().all(|b| b.exemplar.is_none()));
}

/// A timer observes its duration with an exemplar into the bucket it
/// falls in.
#[test]
fn timer_observes_with_an_exemplar() {
    let h = Histogram::new(HistogramOpts::new("t_seconds", "h").buckets(vec![60.0]));
    Timer::new(h.clone())
        .observe_duration_with_exemplar(&labels! {"trace_id" => "timed"});
    let mut m = promreg::proto::Metric::new();
    promreg::Metric::write(&h, &mut m).unwrap();
    let e = &m.histogram.bucket[0].exemplar;
    assert_eq!(e.label[0].value(), "timed");
    assert!(e.value() < 60.0 && e.value() >= 0.0);
    assert_eq!(m.histogram.sample_count(), 1);
}

/// Under real threads, a scrape never shows an exemplar for an increment
/// or observation its value does not include: the i-th `add_with_exemplar`
/// carries `n=i`, so a scraped exemplar `n=i` needs a value of at least i.
#[test]
fn a_scraped_exemplar_is_always_in_the_scraped_value() {
    const N: usize = 20_000;
    let c = Counter::new(Opts::new("c_total", "h"));
    let h = Histogram::new(HistogramOpts::new("h", "h").buckets(vec![1.0]));
    let writer = {
        let (c, h) = (c.clone(), h.clone());
        std::thread::spawn(move || {
            for i in 1..=N {
                let n = labels! {"n" => i.to_string()};
                c.add_with_exemplar(1.0, &n);
                h.observe_with_exemplar(0.5, &n);
            }
        })
    };
    let mut seen = 0;
    while seen < N {
        let mut m = promreg::proto::Metric::new();
        promreg::Metric::write(&c, &mut m).unwrap();
        if let Some(e) = m.counter.exemplar.as_ref() {
            let n: usize = e.label[0].value().parse().unwrap();
            assert!(
                m.counter.value() >= n as f64,
                "exemplar {n} beyond value {}",
                m.counter.value()
            );
            seen = n;
        }
        let mut m = promreg::proto::Metric::new();
        promreg::Metric::write(&h, &mut m).unwrap();
        if let Some(e) = m.histogram.bucket[0].exemplar.as_ref() {
            let n: u64 = e.label[0].value().parse().unwrap();
            assert!(
                m.histogram.sample_count() >= n,
                "exemplar {n} beyond count {}",
                m.histogram.sample_count()
            );
            assert!(m.histogram.bucket[0].cumulative_count() >= n);
        }
    }
    writer.join().unwrap();
}
