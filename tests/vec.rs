//! Ports of client_golang's vec tests (`vec_test.go`, `counter_test.go`):
//! lookup errors word for word, delete, curry, `delete_partial_match`, hash
//! collisions, and the claim that a lookup hit allocates nothing.

mod common;

use common::{golden_error, text, tsv_escape};
use promreg::{CounterVec, Gauge, GaugeVec, Labels, MetricVec, Opts, Registry, labels};

fn vec_l12() -> CounterVec {
    CounterVec::new(Opts::new("v", "h"), &["l1", "l2"])
}

fn err_text<T>(r: Result<T, promreg::LabelError>) -> String {
    match r {
        Ok(_) => panic!("expected an error"),
        Err(e) => tsv_escape(&e.to_string()),
    }
}

#[test]
fn lookup_errors_equal_go() {
    let v = vec_l12();
    let curried = v.must_curry_with(&labels! {"l2" => "q"});
    let cases: Vec<(&str, String)> = vec![
        ("vec_too_few_values", err_text(v.get_metric_with_label_values(&["v1"]))),
        (
            "vec_too_many_values",
            err_text(v.get_metric_with_label_values(&["a", "b", "c"])),
        ),
        ("vec_map_too_few", err_text(v.get_metric_with(&labels! {"l1" => "a"}))),
        (
            "vec_map_wrong_name",
            err_text(v.get_metric_with(&labels! {"l1" => "a", "l3" => "b"})),
        ),
        (
            "vec_map_two_values",
            err_text(v.get_metric_with(&labels! {"l1" => "a", "l3" => "b", "l4" => "c"})),
        ),
        (
            "vec_curried_missing",
            err_text(curried.get_metric_with(&labels! {"l2" => "a"})),
        ),
        (
            "vec_curry_already",
            err_text(curried.curry_with(&labels! {"l2" => "r", "nope" => "1"})),
        ),
        (
            "vec_curry_unknown",
            err_text(curried.curry_with(&labels! {"nope" => "1", "nope2" => "2"})),
        ),
        (
            "vec_curried_values_too_many",
            err_text(curried.get_metric_with_label_values(&["a", "b"])),
        ),
        ("vec_delete_wrong_count", v.delete_label_values(&["a"]).to_string()),
    ];
    for (name, got) in cases {
        assert_eq!(got, golden_error(name), "case {name}");
    }
}

#[test]
#[should_panic(
    expected = "inconsistent label cardinality: expected 2 label values but got 1 in []string{\"x\"}"
)]
fn with_label_values_panics_on_a_wrong_count() {
    vec_l12().with_label_values(&["x"]);
}

/// Go's `testDelete` and `testDeleteLabelValues`.
#[test]
fn delete_and_delete_label_values() {
    let v = GaugeVec::new(Opts::new("test", "help"), &["l1", "l2"]);
    assert!(!v.delete(&labels! {"l1" => "v1", "l2" => "v2"}));
    v.with(&labels! {"l1" => "v1", "l2" => "v2"}).set(42.0);
    assert!(v.delete(&labels! {"l2" => "v2", "l1" => "v1"}));
    assert!(!v.delete(&labels! {"l1" => "v1", "l2" => "v2"}));
    v.with(&labels! {"l1" => "v1", "l2" => "v2"}).set(42.0);
    assert!(!v.delete(&labels! {"l2" => "v1", "l1" => "v2"}));
    assert!(!v.delete(&labels! {"l1" => "v1"}));

    let v = GaugeVec::new(Opts::new("test", "help"), &["l1", "l2"]);
    assert!(!v.delete_label_values(&["v1", "v2"]));
    v.with_label_values(&["v1", "v2"]).set(42.0);
    v.with_label_values(&["v1", "v3"]).set(42.0);
    assert!(v.delete_label_values(&["v1", "v2"]));
    assert!(!v.delete_label_values(&["v1", "v2"]));
    assert!(v.delete_label_values(&["v1", "v3"]));
    v.with_label_values(&["v1", "v2"]).set(42.0);
    assert!(!v.delete_label_values(&["v2", "v1"]));
    assert!(!v.delete_label_values(&["v1"]));
}

/// Go's `TestDeletePartialMatch`, step by step.
#[test]
fn delete_partial_match() {
    let base = GaugeVec::new(Opts::new("test", "help"), &["l1", "l2", "l3"]);
    let curried = base.must_curry_with(&labels! {"l2" => "curriedValue2"});
    base.with_label_values(&["baseValue1", "baseValue2", "baseValue3"]).set(1.0);
    for l2 in ["multiDeleteV2a", "multiDeleteV2b", "multiDeleteV2c"] {
        base.with_label_values(&["multiDeleteV1", l2, "v3"]).set(1.0);
    }
    curried.with_label_values(&["curriedValue1", "curriedValue3"]).set(1.0);
    curried.with_label_values(&["curriedValue1", "differentCurriedValue3"]).set(1.0);
    curried
        .with_label_values(&["differentCurriedValue1", "differentCurriedValue3"])
        .set(1.0);

    let steps: [(&MetricVec<Gauge>, Labels, usize); 10] = [
        (&curried, labels! {"lx" => "curriedValue1"}, 0),
        (&curried, labels! {"l1" => "badValue1"}, 0),
        (&curried, labels! {"l2" => "curriedValue2"}, 0),
        (&curried, labels! {"l2" => "baseValue2"}, 0),
        (&curried, labels! {"l1" => "curriedValue1"}, 2),
        (&base, labels! {"lx" => "curriedValue1"}, 0),
        (&base, labels! {"l1" => "baseValue1", "l2" => "badValue2"}, 0),
        (&base, labels! {"l2" => "curriedValue2"}, 1),
        (&base, labels! {"l1" => "multiDeleteV1"}, 3),
        (&base, labels! {"l3" => "baseValue3"}, 1),
    ];
    for (i, (vec, labels, want)) in steps.iter().enumerate() {
        assert_eq!(vec.delete_partial_match(labels), *want, "step {i}: {labels:?}");
    }
    let reg = Registry::new();
    reg.register(Box::new(base)).unwrap();
    assert!(reg.gather().unwrap().is_empty(), "everything was deleted");
}

/// Go's `TestCounterVecEndToEndWithCollision`: these two values have the
/// same FNV-1a hash, yet stay two counters.
#[test]
fn colliding_label_values_stay_apart() {
    let v = CounterVec::new(Opts::new("test", "help"), &["labelname"]);
    v.with_label_values(&["77kepQFQ8Kl"]).inc();
    v.with_label_values(&["!0IC=VloaY"]).add(2.0);
    assert_eq!(v.with_label_values(&["77kepQFQ8Kl"]).get(), 1.0);
    assert_eq!(v.with_label_values(&["!0IC=VloaY"]).get(), 2.0);
    // Unlike Go, a partial match deletes only what matches, not the whole
    // hash bucket.
    assert_eq!(v.delete_partial_match(&labels! {"labelname" => "77kepQFQ8Kl"}), 1);
    let reg = Registry::new();
    reg.register(Box::new(v)).unwrap();
    assert_eq!(
        text(&reg.gather().unwrap()),
        "# HELP test help\n# TYPE test counter\ntest{labelname=\"!0IC=VloaY\"} 2\n"
    );
}

/// Go's `testMetricVec`: 1000 increments spread over 21 series.
#[test]
fn metric_vec_counts() {
    let v = CounterVec::new(Opts::new("test", "help"), &["l1", "l2"]);
    let mut expected = std::collections::BTreeMap::new();
    for i in 0..1000 {
        let (a, b) = ((i % 4).to_string(), (i % 5).to_string());
        v.with_label_values(&[&a, &b]).inc();
        v.with_label_values(&["v1", "v2"]).inc();
        *expected.entry((a, b)).or_insert(0.0) += 1.0;
    }
    expected.insert(("v1".into(), "v2".into()), 1000.0);
    let reg = Registry::new();
    reg.register(Box::new(v.clone())).unwrap();
    let families = reg.gather().unwrap();
    assert_eq!(families[0].metric.len(), 21);
    for m in &families[0].metric {
        let key = (m.label[0].value().to_owned(), m.label[1].value().to_owned());
        assert_eq!(m.counter.value(), expected[&key], "{key:?}");
    }
    v.reset();
    assert!(reg.gather().unwrap().is_empty());
}

/// Go's `testCurryVec`: metrics made through differently curried views are
/// one family; each view deletes only its own.
#[test]
fn curry() {
    let v = CounterVec::new(Opts::new("test", "help"), &["one", "two", "three"]);
    let c1 = v.must_curry_with(&labels! {"one" => "1"});
    let c3 = v.must_curry_with(&labels! {"three" => "3"});
    c1.with_label_values(&["2", "3"]).inc();
    c3.with_label_values(&["a", "b"]).inc();
    assert!(!c3.delete_label_values(&["2"]), "wrong count for this view");
    assert!(!c1.delete_label_values(&["a", "b"]), "another view's series");
    let reg = Registry::new();
    reg.register(Box::new(v.clone())).unwrap();
    assert_eq!(
        text(&reg.gather().unwrap()),
        "# HELP test help\n# TYPE test counter\ntest{one=\"1\",three=\"3\",two=\"2\"} 1\ntest{one=\"a\",three=\"3\",two=\"b\"} 1\n"
    );
    assert!(c3.delete_label_values(&["a", "b"]));
    assert!(c1.delete(&labels! {"two" => "2", "three" => "3"}));
    assert!(reg.gather().unwrap().is_empty());

    // All labels curried: the one remaining series takes no values.
    let all = c1.must_curry_with(&labels! {"two" => "x", "three" => "y"});
    all.with_label_values(&[]).add(5.0);
    assert_eq!(v.with_label_values(&["1", "x", "y"]).get(), 5.0);
    // A curried label cannot be named again.
    assert_eq!(
        c3.get_metric_with(&labels! {"one" => "1", "two" => "2", "three" => "3"})
            .err()
            .unwrap()
            .to_string(),
        "inconsistent label cardinality: expected 2 label values but got 3 in prometheus.Labels{\"one\":\"1\", \"three\":\"3\", \"two\":\"2\"}"
    );
    assert_eq!(
        c3.curry_with(&labels! {"three" => "x"}).err().unwrap().to_string(),
        "label name \"three\" is already curried"
    );
    assert_eq!(
        c3.curry_with(&labels! {"foo" => "bar"}).err().unwrap().to_string(),
        "1 unknown label(s) found during currying"
    );
}
