//! A port of client_golang's gather tests: every check of `processMetric`,
//! `checkSuffixCollisions`, `checkMetricConsistency` and the pedantic checks,
//! each with its exact error text, plus sorting, partial results, panicking
//! collectors and concurrency. The texts come from the Go original
//! (`tests/golden/errors.tsv`), a metric inside them printed as Go prints a
//! `*dto.Metric`; the ports of Go's own test cases keep their texts inline.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use common::{
    RawMetric, TestCollector, golden_error, label, raw_histogram, raw_summary, text,
    tsv_escape,
};
use promreg::proto::Metric as ProtoMetric;
use promreg::{
    Desc, GatherError, Gauge, Labels, Opts, Registry, ValueType, labels,
    must_new_const_histogram, must_new_const_metric, must_new_const_summary,
    new_const_metric, new_invalid_metric,
};

fn desc(name: &str, help: &str) -> Desc {
    Desc::new(name, help, &[], Labels::new())
}

fn const_gauge(d: &Desc, v: f64, values: &[&str]) -> Arc<dyn promreg::Metric> {
    Arc::new(must_new_const_metric(d, ValueType::Gauge, v, values))
}

fn const_counter(d: &Desc, v: f64) -> Arc<dyn promreg::Metric> {
    Arc::new(must_new_const_metric(d, ValueType::Counter, v, &[]))
}

/// Gathers a registry holding one unchecked collector that sends what
/// `send` makes, in order; returns the error.
fn gather_err(
    send: impl Fn() -> Vec<Arc<dyn promreg::Metric>> + Send + Sync + 'static,
) -> GatherError {
    let reg = Registry::new();
    reg.register(Box::new(TestCollector::unchecked(move |ch| {
        for m in send() {
            ch.send(m).unwrap();
        }
    })))
    .unwrap();
    reg.gather().expect_err("gather must fail")
}

#[test]
fn errors_without_embedded_metrics_equal_go() {
    type Case = (&'static str, fn() -> Vec<Arc<dyn promreg::Metric>>);
    let cases: &[Case] = &[
        ("collect_error", || {
            vec![Arc::new(new_invalid_metric(
                desc("invalid_metric", "not helpful"),
                "collect error",
            ))]
        }),
        ("multi", || {
            vec![
                Arc::new(new_invalid_metric(desc("inv", "h"), "bad")),
                Arc::new(new_invalid_metric(Desc::new_invalid("bad desc"), "bad2")),
            ]
        }),
        ("suffix_histogram", || {
            vec![
                raw_histogram(desc("complex", "h")),
                const_counter(&desc("complex_count", "c"), 1.0),
            ]
        }),
        ("suffix_summary", || {
            vec![
                raw_summary(desc("complex", "h")),
                const_counter(&desc("complex_count", "c"), 1.0),
            ]
        }),
        ("suffix_reverse", || {
            vec![
                const_counter(&desc("complex_count", "c"), 1.0),
                raw_histogram(desc("complex", "h")),
            ]
        }),
    ];
    for (name, send) in cases {
        let err = gather_err(send);
        assert_eq!(tsv_escape(&err.to_string()), golden_error(name), "case {name}");
    }
}

/// A summary `x` leaves `x_bucket` free (only histograms claim it).
#[test]
fn summary_and_bucket_suffix_do_not_collide() {
    assert_eq!(golden_error("suffix_summary_bucket"), "-");
    let reg = Registry::new();
    reg.register(Box::new(TestCollector::unchecked(|ch| {
        ch.send(raw_summary(desc("complex", "h"))).unwrap();
        ch.send(const_counter(&desc("complex_bucket", "c"), 1.0)).unwrap();
    })))
    .unwrap();
    let families = reg.gather().unwrap();
    assert_eq!(families.len(), 2);
}

/// Every direction of Go's `checkSuffixCollisions`, in the order the one
/// unchecked collector sends the metrics: the last metric is always the one
/// that collides (or, for `-`, does not), so the families returned beside
/// the error are all the others.
#[test]
fn suffix_collisions_in_every_direction_equal_go() {
    type Case = (&'static str, fn() -> Vec<Arc<dyn promreg::Metric>>);
    fn counter(name: &str) -> Arc<dyn promreg::Metric> {
        const_counter(&desc(name, "c"), 1.0)
    }
    let cases: &[Case] = &[
        ("suffix_sum_after_summary", || {
            vec![raw_summary(desc("complex", "h")), counter("complex_sum")]
        }),
        ("suffix_sum_after_histogram", || {
            vec![raw_histogram(desc("complex", "h")), counter("complex_sum")]
        }),
        ("suffix_bucket_after_histogram", || {
            vec![raw_histogram(desc("complex", "h")), counter("complex_bucket")]
        }),
        ("suffix_summary_after_count", || {
            vec![counter("complex_count"), raw_summary(desc("complex", "h"))]
        }),
        ("suffix_summary_after_sum", || {
            vec![counter("complex_sum"), raw_summary(desc("complex", "h"))]
        }),
        ("suffix_histogram_after_sum", || {
            vec![counter("complex_sum"), raw_histogram(desc("complex", "h"))]
        }),
        ("suffix_histogram_after_bucket", || {
            vec![counter("complex_bucket"), raw_histogram(desc("complex", "h"))]
        }),
        ("suffix_histogram_after_all", || {
            vec![
                counter("complex_bucket"),
                counter("complex_sum"),
                counter("complex_count"),
                raw_histogram(desc("complex", "h")),
            ]
        }),
        ("suffix_summary_after_bucket", || {
            vec![counter("complex_bucket"), raw_summary(desc("complex", "h"))]
        }),
    ];
    for (name, send) in cases {
        let mut names: Vec<String> =
            send().iter().map(|m| m.desc().fq_name().to_owned()).collect();
        let reg = Registry::new();
        reg.register(Box::new(TestCollector::unchecked(move |ch| {
            for m in send() {
                ch.send(m).unwrap();
            }
        })))
        .unwrap();
        let families = match reg.gather() {
            Ok(families) => {
                assert_eq!(golden_error(name), "-", "case {name}: Go reports an error");
                families
            }
            Err(err) => {
                assert_eq!(
                    tsv_escape(&err.to_string()),
                    golden_error(name),
                    "case {name}"
                );
                names.pop();
                err.families
            }
        };
        names.sort();
        let got: Vec<&str> = families.iter().map(|f| f.name()).collect();
        assert_eq!(got, names, "case {name}: families gathered");
    }
}

/// Kinds of metric named `m` for the type-mismatch cases, as golden.go's
/// `typeMetric`.
#[derive(Clone, Copy)]
enum Kind {
    Counter,
    Gauge,
    Untyped,
    Summary,
    Histogram,
}

fn type_metric(kind: Kind, d: &Desc) -> Arc<dyn promreg::Metric> {
    match kind {
        Kind::Counter => Arc::new(must_new_const_metric(d, ValueType::Counter, 1.0, &[])),
        Kind::Gauge => Arc::new(must_new_const_metric(d, ValueType::Gauge, 1.0, &[])),
        Kind::Untyped => Arc::new(must_new_const_metric(d, ValueType::Untyped, 1.0, &[])),
        Kind::Summary => Arc::new(must_new_const_summary(d, 1, 1.0, &[(0.5, 1.0)], &[])),
        Kind::Histogram => {
            Arc::new(must_new_const_histogram(d, 1, 1.0, &[(1.0, 1)], &[]))
        }
    }
}

/// `should be a Counter` / `a Gauge` / `a Summary` / `Untyped` / `a
/// Histogram`: a second metric `m` of another kind than the family. Both
/// through one desc (promreg's same-desc shortcut) and through two equal ones.
#[test]
fn type_mismatch_with_the_family_equals_go() {
    let cases = [
        ("type_should_be_counter", Kind::Counter, Kind::Gauge),
        ("type_should_be_gauge", Kind::Gauge, Kind::Summary),
        ("type_should_be_summary", Kind::Summary, Kind::Histogram),
        ("type_should_be_untyped", Kind::Untyped, Kind::Counter),
        ("type_should_be_histogram", Kind::Histogram, Kind::Untyped),
    ];
    for (name, family, other) in cases {
        for shared_desc in [true, false] {
            let d1 = desc("m", "h");
            let d2 = if shared_desc { d1.clone() } else { desc("m", "h") };
            let (first, second) = (type_metric(family, &d1), type_metric(other, &d2));
            let mut written = ProtoMetric::new();
            second.write(&mut written).unwrap();
            let err = gather_err(move || vec![first.clone(), second.clone()]);
            common::assert_golden_error(name, &err.to_string());
            // The family keeps the first metric.
            assert_eq!(err.families.len(), 1);
            assert_eq!(err.families[0].metric.len(), 1);
            assert_eq!(err.families[0].metric[0], {
                let mut m = ProtoMetric::new();
                type_metric(family, &d1).write(&mut m).unwrap();
                m
            });
        }
    }
}

#[test]
fn const_metric_errors_equal_go() {
    let d = Desc::new("c", "h", &["a", "b"], Labels::new());
    let err = new_const_metric(&d, ValueType::Gauge, 1.0, &["v1"]).err().unwrap();
    assert_eq!(err.to_string(), golden_error("const_cardinality"));
    let err =
        new_const_metric(&desc("1c", "h"), ValueType::Gauge, 1.0, &[]).err().unwrap();
    assert_eq!(err.to_string(), golden_error("const_invalid_desc"));
}

#[test]
#[should_panic(
    expected = "inconsistent label cardinality: expected 2 label values but got 0 in []string(nil)"
)]
fn must_new_const_metric_panics() {
    must_new_const_metric(
        &Desc::new("c", "h", &["a", "b"], Labels::new()),
        ValueType::Gauge,
        1.0,
        &[],
    );
}

/// The checks whose texts embed the metric, and the families still returned.
#[test]
fn process_metric_checks() {
    let err = gather_err(|| {
        let m1 = desc("m", "h1");
        let m2 = Desc::new("m", "h2", &["a"], Labels::new());
        let m3 = Desc::new("m", "h1", &["a"], Labels::new());
        vec![
            const_gauge(&m1, 1.0, &[]),
            const_gauge(&m2, 1.0, &["b"]),
            Arc::new(must_new_const_metric(&m3, ValueType::Counter, 1.0, &["c"])),
            const_counter(&desc("m_count", "c"), 1.0),
            Arc::new(RawMetric { desc: desc("empty", "h"), metric: ProtoMetric::new() }),
        ]
    });
    assert_eq!(
        err.to_string(),
        "3 error(s) occurred:\n\
         * collected metric m label:<name:\"a\" value:\"b\" > gauge:<value:1 >  has help \"h2\" but should have \"h1\"\n\
         * collected metric m label:<name:\"a\" value:\"c\" > counter:<value:1 >  should be a Gauge\n\
         * empty metric collected: "
    );
    // Like Go: a gauge `m` does not collide with a counter `m_count`, and what
    // passed the checks is returned beside the errors.
    assert_eq!(
        text(&err.families),
        "# HELP m h1\n# TYPE m gauge\nm 1\n# HELP m_count c\n# TYPE m_count counter\nm_count 1\n"
    );
}

fn raw(name: &str, labels: &[(&str, &str)], summary: bool) -> Arc<dyn promreg::Metric> {
    let mut m = ProtoMetric::new();
    m.label = labels.iter().map(|(n, v)| label(n, v)).collect();
    if summary {
        m.summary.mut_or_insert_default().set_sample_count(0);
    } else {
        m.gauge.mut_or_insert_default().set_value(2.5);
    }
    Arc::new(RawMetric { desc: desc(name, "h"), metric: m })
}

#[test]
fn metric_consistency_checks() {
    type MakeMetric = fn() -> Arc<dyn promreg::Metric>;
    let cases: [(MakeMetric, &str); 4] = [
        (
            (|| raw("broken_metric", &[("foo", "bar"), ("foo", "baz")], false)),
            "collected metric \"broken_metric\" { label:<name:\"foo\" value:\"bar\" > label:<name:\"foo\" value:\"baz\" > gauge:<value:2.5 > } has two or more labels with the same name: foo",
        ),
        (
            (|| raw("m", &[("__name", "x")], false)),
            "collected metric \"m\" { label:<name:\"__name\" value:\"x\" > gauge:<value:2.5 > } has a label with an invalid name: __name",
        ),
        (
            (|| raw("m", &[("a-b", "x")], false)),
            "collected metric \"m\" { label:<name:\"a-b\" value:\"x\" > gauge:<value:2.5 > } has a label with an invalid name: a-b",
        ),
        (
            (|| raw("s", &[("quantile", "0.5")], true)),
            "collected metric \"s\" { label:<name:\"quantile\" value:\"0.5\" > summary:<sample_count:0 > } must not have an explicit \"quantile\" label",
        ),
    ];
    for (make, want) in cases {
        let err = gather_err(move || vec![make()]);
        assert_eq!(err.to_string(), want);
    }
}

#[test]
fn duplicate_series_is_an_error_and_first_wins() {
    let err = gather_err(|| {
        let d = Desc::new("dup", "h", &["a"], Labels::new());
        vec![const_gauge(&d, 1.0, &["1"]), const_gauge(&d, 2.0, &["1"])]
    });
    assert_eq!(
        err.to_string(),
        "collected metric \"dup\" { label:<name:\"a\" value:\"1\" > gauge:<value:2 > } was collected before with the same name and label values"
    );
    assert_eq!(text(&err.families), "# HELP dup h\n# TYPE dup gauge\ndup{a=\"1\"} 1\n");
}

/// Labels written out of order are sorted before hashing and output.
#[test]
fn unsorted_labels_are_sorted() {
    let reg = Registry::new();
    reg.register(Box::new(TestCollector::unchecked(|ch| {
        ch.send(raw("m", &[("z", "1"), ("a", "2")], false)).unwrap();
    })))
    .unwrap();
    assert_eq!(
        text(&reg.gather().unwrap()),
        "# HELP m h\n# TYPE m gauge\nm{a=\"2\",z=\"1\"} 2.5\n"
    );
}

#[test]
fn pedantic_unregistered_descriptor() {
    let reg = Registry::new_pedantic();
    let (p, o) = (desc("p", "h"), desc("o", "h"));
    reg.register(Box::new(TestCollector::new(vec![p], move |ch| {
        ch.send(const_gauge(&o, 1.0, &[])).unwrap()
    })))
    .unwrap();
    let err = reg.gather().unwrap_err();
    assert_eq!(
        err.to_string(),
        "collected metric o gauge:<value:1 >  with unregistered descriptor Desc{fqName: \"o\", help: \"h\", constLabels: {}, variableLabels: []}"
    );
    // The same collector in a non-pedantic registry gathers fine.
    let reg = Registry::new();
    let (p, o) = (desc("p", "h"), desc("o", "h"));
    reg.register(Box::new(TestCollector::new(vec![p], move |ch| {
        ch.send(const_gauge(&o, 1.0, &[])).unwrap()
    })))
    .unwrap();
    assert_eq!(reg.gather().unwrap().len(), 1);
}

#[test]
fn pedantic_labels_inconsistent_with_desc() {
    let reg = Registry::new_pedantic();
    let d = Desc::new("l", "h", &["a"], labels! {"c" => "1"});
    let d2 = d.clone();
    reg.register(Box::new(TestCollector::new(vec![d], move |ch| {
        let mut m = ProtoMetric::new();
        m.label = vec![label("b", "x"), label("c", "1")];
        m.gauge.mut_or_insert_default().set_value(1.0);
        ch.send(Arc::new(RawMetric { desc: d2.clone(), metric: m })).unwrap();
    })))
    .unwrap();
    assert_eq!(
        reg.gather().unwrap_err().to_string(),
        "labels in collected metric l label:<name:\"b\" value:\"x\" > label:<name:\"c\" value:\"1\" > gauge:<value:1 >  are inconsistent with descriptor Desc{fqName: \"l\", help: \"h\", constLabels: {c=\"1\"}, variableLabels: [a]}"
    );
}

/// Go's pedantic `checkDescConsistency`: the right label names, but the
/// const label `c` has another value than the desc's.
#[test]
fn pedantic_const_label_value_mismatch_equals_go() {
    let reg = Registry::new_pedantic();
    let d = Desc::new("l", "h", &["a"], labels! {"c" => "1"});
    let mut m = ProtoMetric::new();
    m.label = vec![label("a", "x"), label("c", "2")];
    m.gauge.mut_or_insert_default().set_value(1.0);
    let metric = m.clone();
    let d2 = d.clone();
    reg.register(Box::new(TestCollector::new(vec![d], move |ch| {
        ch.send(Arc::new(RawMetric { desc: d2.clone(), metric: metric.clone() }))
            .unwrap();
    })))
    .unwrap();
    let err = reg.gather().unwrap_err();
    common::assert_golden_error("pedantic_const_label_value", &err.to_string());
    assert!(err.families.is_empty());
}

/// Pedantic checks never apply to unchecked collectors (Go's scenario 17).
#[test]
fn pedantic_skips_unchecked_collectors() {
    let reg = Registry::new_pedantic();
    reg.register(Box::new(TestCollector::unchecked(|ch| {
        ch.send(const_gauge(&desc("u", "h"), 1.0, &[])).unwrap()
    })))
    .unwrap();
    assert_eq!(text(&reg.gather().unwrap()), "# HELP u h\n# TYPE u gauge\nu 1\n");
}

/// Go's `MetricSorter`: fewer labels first, then values byte-wise, then
/// timestamps with the missing one last. (Same series with two timestamps is
/// a duplicate in 1.14; the timestamp order is checked against Go with equal
/// values under different label names, `exposition_golden::sorting_timestamps`.)
#[test]
fn metrics_sort_by_label_count_then_values() {
    let reg = Registry::new();
    reg.register(Box::new(TestCollector::unchecked(|ch| {
        ch.send(raw("s", &[("a", "1"), ("b", "0")], false)).unwrap();
        ch.send(raw("s", &[("z", "2")], false)).unwrap();
        ch.send(raw("s", &[], false)).unwrap();
        ch.send(raw("s", &[("a", "1")], false)).unwrap();
    })))
    .unwrap();
    assert_eq!(
        text(&reg.gather().unwrap()),
        "# HELP s h\n# TYPE s gauge\ns 2.5\ns{a=\"1\"} 2.5\ns{z=\"2\"} 2.5\ns{a=\"1\",b=\"0\"} 2.5\n"
    );
}

#[test]
fn a_panicking_collector_keeps_what_it_sent() {
    let reg = Registry::new();
    let panic_line = line!() + 3;
    reg.register(Box::new(TestCollector::unchecked(|ch| {
        ch.send(const_gauge(&desc("before", "h"), 1.0, &[])).unwrap();
        panic!("collector exploded");
    })))
    .unwrap();
    let g = Gauge::new(Opts::new("other", "h"));
    reg.register(Box::new(g)).unwrap();
    let err = reg.gather().unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "prometheus collector panic recovered: collector exploded \
             (collector gather::common::TestCollector, at tests/gather.rs:{panic_line})"
        )
    );
    assert_eq!(
        text(&err.families),
        "# HELP before h\n# TYPE before gauge\nbefore 1\n# HELP other h\n# TYPE other gauge\nother 0\n"
    );
    // And the registry keeps working.
    assert!(reg.gather().is_err());
}

#[test]
fn empty_registry_gathers_nothing() {
    assert!(Registry::new().gather().unwrap().is_empty());
}

/// Many collectors at once: every metric arrives exactly once.
#[test]
fn many_collectors_gather_completely() {
    let reg = Registry::new();
    let calls = Arc::new(AtomicUsize::new(0));
    for i in 0..300 {
        let d = Desc::new(format!("family_{i:03}"), "h", &["k"], Labels::new());
        let calls = calls.clone();
        let d2 = d.clone();
        reg.register(Box::new(TestCollector::new(vec![d], move |ch| {
            calls.fetch_add(1, Ordering::Relaxed);
            for k in 0..20 {
                ch.send(const_gauge(&d2, k as f64, &[&k.to_string()])).unwrap();
            }
        })))
        .unwrap();
    }
    for round in 1..=3 {
        let families = reg.gather().unwrap();
        assert_eq!(families.len(), 300);
        assert!(families.iter().all(|f| f.metric.len() == 20));
        assert_eq!(families[0].name(), "family_000");
        assert_eq!(calls.load(Ordering::Relaxed), 300 * round);
    }
}

/// Gathering from several threads while others register and unregister
/// never fails and never loses a series that stays registered.
#[test]
fn concurrent_gather_and_register() {
    let reg = Arc::new(Registry::new());
    let stable = Gauge::new(Opts::new("stable", "Stays."));
    reg.register(Box::new(stable)).unwrap();
    let mut threads = Vec::new();
    for t in 0..2 {
        let reg = reg.clone();
        threads.push(std::thread::spawn(move || {
            for i in 0..200 {
                let g =
                    Gauge::new(Opts::new(format!("churn_{t}_{i}"), "Comes and goes."));
                reg.register(Box::new(g.clone())).unwrap();
                assert!(reg.unregister(&g));
            }
        }));
    }
    for _ in 0..2 {
        let reg = reg.clone();
        threads.push(std::thread::spawn(move || {
            for _ in 0..200 {
                let families = reg.gather().unwrap();
                assert!(families.iter().any(|f| f.name() == "stable"));
            }
        }));
    }
    for t in threads {
        t.join().unwrap();
    }
}

/// A metric of `desc` whose `write` gives exactly these labels, and a gauge
/// of `value` if one is given.
fn raw_gauge(
    desc: &Desc,
    labels: &[(&str, &str)],
    value: Option<f64>,
) -> Arc<dyn promreg::Metric> {
    let mut m = ProtoMetric::new();
    m.label = labels.iter().map(|(n, v)| label(n, v)).collect();
    if let Some(v) = value {
        m.gauge.mut_or_insert_default().set_value(v);
    }
    Arc::new(RawMetric { desc: desc.clone(), metric: m })
}

/// Every gather error that prints a metric, in the scenarios the Go program
/// builds (`tests/go/golden.go`), equals Go's text byte for byte.
#[test]
fn errors_embedding_metrics_equal_go() {
    type Case = (&'static str, fn() -> Vec<Arc<dyn promreg::Metric>>);
    let unchecked: &[Case] = &[
        ("help_mismatch", || {
            let a = Desc::new("h_total", "a", &["l"], Labels::new());
            let b = Desc::new("h_total", "b", &["l"], Labels::new());
            vec![
                Arc::new(must_new_const_metric(&a, ValueType::Counter, 1.0, &["v"])),
                Arc::new(must_new_const_metric(&b, ValueType::Counter, 1.0, &["w"])),
            ]
        }),
        ("empty_metric", || {
            vec![raw_gauge(
                &Desc::new("e", "h", &["l"], Labels::new()),
                &[("l", "v")],
                None,
            )]
        }),
        ("duplicate_label_name", || {
            vec![raw_gauge(&desc("d", "h"), &[("a", "1"), ("a", "2")], Some(1.0))]
        }),
        ("invalid_label_name", || {
            vec![raw_gauge(&desc("d", "h"), &[("1a", "x")], Some(1.0))]
        }),
        ("reserved_label_name", || {
            vec![raw_gauge(&desc("d", "h"), &[("__x", "x")], Some(1.0))]
        }),
        ("explicit_quantile_label", || {
            let mut m = ProtoMetric::new();
            m.label = vec![label("quantile", "0.5")];
            let s = m.summary.mut_or_insert_default();
            s.set_sample_count(1);
            s.set_sample_sum(2.0);
            let mut q = promreg::proto::Quantile::new();
            q.set_quantile(0.5);
            q.set_value(3.0);
            s.quantile.push(q);
            vec![Arc::new(RawMetric { desc: desc("s", "h"), metric: m })]
        }),
        ("duplicate_series", || {
            let d = Desc::new("dup", "h", &["a"], Labels::new());
            let value = "x\"y\\z\nw\t\u{e9}\u{1}";
            vec![const_gauge(&d, 1.0, &[value]), const_gauge(&d, 2.0, &[value])]
        }),
    ];
    for (case, send) in unchecked {
        common::assert_golden_error(case, &gather_err(send).to_string());
    }

    let reg = Registry::new_pedantic();
    let (a, b) = (desc("a", "h"), desc("b", "h"));
    let collect = move |ch: &promreg::Sender<_>| {
        ch.send(const_gauge(&a, 1.0, &[])).unwrap();
        ch.send(const_gauge(&b, 2.0, &[])).unwrap();
    };
    reg.register(Box::new(TestCollector::new(vec![desc("a", "h")], collect))).unwrap();
    common::assert_golden_error(
        "unregistered_descriptor",
        &reg.gather().unwrap_err().to_string(),
    );

    let reg = Registry::new_pedantic();
    let d = Desc::new("l", "h", &["a", "b"], Labels::new());
    let sent = d.clone();
    let collect = move |ch: &promreg::Sender<_>| {
        ch.send(raw_gauge(&sent, &[("a", "x")], Some(1.0))).unwrap()
    };
    reg.register(Box::new(TestCollector::new(vec![d], collect))).unwrap();
    common::assert_golden_error(
        "labels_missing_pedantic",
        &reg.gather().unwrap_err().to_string(),
    );
}

/// A collector registered as an `Arc` is named by its own type, not the
/// `Arc`'s.
#[test]
fn a_shared_collector_that_panics_is_named_by_its_type() {
    let reg = Registry::new();
    let panic_line = line!() + 1;
    let shared = std::sync::Arc::new(TestCollector::unchecked(|_| panic!("shared boom")));
    reg.register(Box::new(shared)).unwrap();
    assert_eq!(
        reg.gather().unwrap_err().to_string(),
        format!(
            "prometheus collector panic recovered: shared boom \
             (collector gather::common::TestCollector, at tests/gather.rs:{panic_line})"
        )
    );
}
