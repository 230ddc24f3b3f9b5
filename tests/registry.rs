//! A table-driven port of client_golang's registration tests: every check of
//! `Register`, in Go's order, each asserting the exact error text written by
//! the Go original (`tests/golden/errors.tsv`).

mod common;

use std::any::Any;
use std::sync::Arc;

use common::{TestCollector, golden_error, text, tsv_escape};
use promreg::{
    Collector, Counter, Desc, Gauge, Labels, Opts, RegisterError, Registry, labels,
};

fn counter(name: &str, help: &str) -> Counter {
    Counter::new(Opts::new(name, help))
}

fn register_err(reg: &Registry, c: impl Collector) -> RegisterError {
    reg.register(Box::new(c)).expect_err("registration must fail")
}

fn desc_c() -> Desc {
    Desc::new("c", "h", &[], Labels::new())
}

/// A desc with an invalid metric name.
fn invalid_desc() -> Desc {
    Desc::new("1x", "h", &[], Labels::new())
}

/// Each case: what is registered first, then what must fail and how.
#[test]
fn registration_errors_equal_go() {
    let cases: &[Case] = &[
        ("register_twice", |reg| {
            let c = counter("c", "h");
            reg.register(Box::new(c.clone())).unwrap();
            register_err(reg, c)
        }),
        ("register_equal", |reg| {
            reg.register(Box::new(counter("c", "h"))).unwrap();
            register_err(reg, counter("c", "h"))
        }),
        ("different_help", |reg| {
            reg.register(Box::new(counter("c", "h"))).unwrap();
            register_err(reg, counter("c", "other"))
        }),
        ("extra_const_label", |reg| {
            reg.register(Box::new(counter("c", "h"))).unwrap();
            register_err(reg, Counter::new(Opts::new("c", "h").const_label("a", "1")))
        }),
        ("inconsistent_in_collector", |reg| {
            let d1 = Desc::new("x", "h", &[], labels! {"a" => "1"});
            let d2 = Desc::new("x", "h2", &[], labels! {"a" => "3"});
            register_err(reg, TestCollector::describing(vec![d1, d2]))
        }),
        ("duplicate_desc_other_collector", |reg| {
            let d1 = Desc::new("x", "h", &[], labels! {"a" => "1"});
            let d2 = Desc::new("x", "h", &[], labels! {"a" => "2"});
            reg.register(Box::new(TestCollector::describing(vec![d1.clone()]))).unwrap();
            register_err(reg, TestCollector::describing(vec![d1, d2]))
        }),
        ("invalid_name", |reg| register_err(reg, counter("1x", "h"))),
        ("invalid_label", |reg| {
            register_err(reg, Counter::new(Opts::new("ok", "h").const_label("__x", "1")))
        }),
        ("invalid_desc", |reg| {
            register_err(reg, TestCollector::describing(vec![Desc::new_invalid("boom")]))
        }),
        ("unregister_then_other_help", |reg| {
            let c = counter("c", "h");
            reg.register(Box::new(c.clone())).unwrap();
            let unregistered = reg.unregister(&c);
            assert_eq!(
                unregistered.to_string(),
                golden_error("unregister_then_other_help.unregister_result")
            );
            register_err(reg, counter("c", "other"))
        }),
    ];
    assert_cases_equal_go(cases);
}

type Case = (&'static str, fn(&Registry) -> RegisterError);

fn assert_cases_equal_go(cases: &[Case]) {
    for (name, run) in cases {
        let err = run(&Registry::new());
        assert_eq!(tsv_escape(&err.to_string()), golden_error(name), "case {name}");
    }
}

/// Which check reports first when one collector fails several: an invalid
/// desc and a clash of dimensions return at once, in the order described; a
/// duplicate desc ID only after all descs.
#[test]
fn registration_check_order_equals_go() {
    let cases: &[Case] = &[
        ("register_dup_then_invalid", |reg| {
            reg.register(Box::new(TestCollector::describing(vec![desc_c()]))).unwrap();
            register_err(reg, TestCollector::describing(vec![desc_c(), invalid_desc()]))
        }),
        ("register_invalid_then_dup", |reg| {
            reg.register(Box::new(TestCollector::describing(vec![desc_c()]))).unwrap();
            register_err(reg, TestCollector::describing(vec![invalid_desc(), desc_c()]))
        }),
        ("register_other_help_then_invalid", |reg| {
            reg.register(Box::new(TestCollector::describing(vec![desc_c()]))).unwrap();
            let other = Desc::new("c", "other", &[], Labels::new());
            register_err(reg, TestCollector::describing(vec![other, invalid_desc()]))
        }),
        ("register_invalid_then_other_help", |reg| {
            reg.register(Box::new(TestCollector::describing(vec![desc_c()]))).unwrap();
            let other = Desc::new("c", "other", &[], Labels::new());
            register_err(reg, TestCollector::describing(vec![invalid_desc(), other]))
        }),
        ("register_dup_then_other_help", |reg| {
            let d = Desc::new("d", "h", &[], Labels::new());
            reg.register(Box::new(TestCollector::describing(vec![desc_c(), d.clone()])))
                .unwrap();
            let c_x = Desc::new("c", "h", &[], labels! {"x" => "1"});
            register_err(reg, TestCollector::describing(vec![d, c_x]))
        }),
        ("register_inconsistent_then_invalid", |reg| {
            let c_x = Desc::new("c", "h2", &[], labels! {"x" => "1"});
            register_err(
                reg,
                TestCollector::describing(vec![desc_c(), c_x, invalid_desc()]),
            )
        }),
    ];
    assert_cases_equal_go(cases);
}

#[test]
fn already_registered_error_carries_the_existing_collector() {
    let reg = Registry::new();
    let first = counter("c", "h");
    first.add(7.0);
    reg.register(Box::new(first)).unwrap();
    let RegisterError::AlreadyRegistered(err) = register_err(&reg, counter("c", "h"))
    else {
        panic!("expected AlreadyRegistered");
    };
    // The registered one, not the new one: it holds the 7.
    let existing = (err.existing.as_ref() as &dyn Any).downcast_ref::<Counter>().unwrap();
    assert_eq!(existing.get(), 7.0);
    let new = (err.new.as_ref() as &dyn Any).downcast_ref::<Counter>().unwrap();
    assert_eq!(new.get(), 0.0);
}

/// A collector describing the same desc twice counts it once (Go: the XOR is
/// over the set of IDs), so it registers and then clashes with an equal one.
#[test]
fn duplicate_desc_inside_one_collector_is_ignored() {
    let d = Desc::new("x", "h", &[], Labels::new());
    let reg = Registry::new();
    reg.register(Box::new(TestCollector::describing(vec![d.clone(), d.clone()])))
        .unwrap();
    let err = register_err(&reg, TestCollector::describing(vec![d]));
    assert_eq!(err.to_string(), "duplicate metrics collector registration attempted");
}

#[test]
fn same_name_other_const_label_values_is_fine() {
    let reg = Registry::new();
    reg.register(Box::new(Counter::new(Opts::new("c", "h").const_label("a", "1"))))
        .unwrap();
    reg.register(Box::new(Counter::new(Opts::new("c", "h").const_label("a", "2"))))
        .unwrap();
}

#[test]
fn unregister_removes_the_equal_collector() {
    let reg = Registry::new();
    let c1 = counter("c", "h");
    reg.register(Box::new(c1.clone())).unwrap();
    // An equal but distinct instance removes the original, as in Go.
    assert!(reg.unregister(&counter("c", "h")));
    assert!(!reg.unregister(&c1));
    assert!(reg.gather().unwrap().is_empty());
    reg.register(Box::new(c1)).unwrap();
}

/// Go's `TestRegisterUnregisterCollector`.
#[test]
fn unregistering_a_multi_metric_collector_leaves_nothing() {
    let reg = Registry::new();
    let descs = vec![
        Desc::new("a", "h", &[], Labels::new()),
        Desc::new("b", "h", &[], Labels::new()),
    ];
    let c = TestCollector::describing(descs.clone());
    reg.register(Box::new(c)).unwrap();
    assert!(reg.unregister(&TestCollector::describing(descs)));
    assert!(reg.gather().unwrap().is_empty());
}

#[test]
fn unchecked_collectors_register_twice_and_never_unregister() {
    let reg = Registry::new();
    let g = Gauge::new(Opts::new("u", "Unchecked."));
    g.set(1.0);
    let make = |g: Gauge| {
        TestCollector::unchecked(move |ch| ch.send(Arc::new(g.clone())).unwrap())
    };
    reg.register(Box::new(make(g.clone()))).unwrap();
    reg.register(Box::new(make(g.clone()))).unwrap();
    assert!(!reg.unregister(&make(g)));
    // Collected twice, so the gather reports the duplicate series.
    let err = reg.gather().unwrap_err();
    assert_eq!(err.families.len(), 1);
    assert!(
        err.to_string()
            .ends_with("was collected before with the same name and label values")
    );
}

#[test]
fn a_panicking_describe_is_an_error() {
    struct Bad;
    impl Collector for Bad {
        fn describe(&self, _: &promreg::Sender<Desc>) {
            panic!("describe exploded");
        }
        fn collect(&self, _: &promreg::Sender<Arc<dyn promreg::Metric>>) {}
    }
    let reg = Registry::new();
    let err = register_err(&reg, Bad);
    assert_eq!(err.to_string(), "collector panicked in Describe: describe exploded");
    assert!(!reg.unregister(&Bad));
}

#[test]
#[should_panic(expected = "duplicate metrics collector registration attempted")]
fn must_register_panics_with_the_error() {
    let reg = Registry::new();
    reg.must_register([
        Box::new(counter("c", "h")) as Box<dyn Collector>,
        Box::new(counter("c", "h")),
    ]);
}

#[test]
fn must_register_keeps_the_ones_before_the_failure() {
    let reg = Arc::new(Registry::new());
    let r = reg.clone();
    let result = std::thread::spawn(move || {
        r.must_register([
            Box::new(counter("first_total", "h")) as Box<dyn Collector>,
            Box::new(counter("1bad", "h")),
        ])
    })
    .join();
    assert!(result.is_err());
    assert_eq!(
        text(&reg.gather().unwrap()),
        "# HELP first_total h\n# TYPE first_total counter\nfirst_total 0\n"
    );
}

/// Go's `TestAlreadyRegisteredCollision`: 10,000 collectors of 4 counters
/// each; the XOR of xxhash IDs must not make any two of them look equal.
#[test]
fn ten_thousand_similar_collectors_all_register() {
    let reg = Registry::new();
    for i in 0..10_000 {
        let name = format!("test-collector-{i:010}");
        let descs = ["a", "b", "c", "d"]
            .iter()
            .map(|s| {
                let labels = labels! {"name" => name.as_str(), "type" => "test"};
                Desc::new(format!("my_collector_{s}"), "h", &[], labels)
            })
            .collect();
        reg.register(Box::new(TestCollector::describing(descs))).unwrap();
    }
}

#[test]
fn default_registry_free_functions() {
    let c = counter("promreg_default_registry_test_total", "Default registry.");
    promreg::register(Box::new(c.clone())).unwrap();
    c.inc();
    let families = promreg::gather().unwrap();
    let mine = families
        .iter()
        .find(|f| f.name() == "promreg_default_registry_test_total")
        .unwrap();
    assert_eq!(mine.metric[0].counter.value(), 1.0);
    assert!(promreg::unregister(&c));
    let err = promreg::register(Box::new(counter("9bad", "h"))).unwrap_err();
    assert!(matches!(err, RegisterError::InvalidDescriptor(_)));
}
