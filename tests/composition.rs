//! Func metrics, a registry inside another, and `Gatherers`, against the
//! Go original's output (`func_metrics`, `registry_as_collector`,
//! `gatherers` in `tests/golden/`) and its error texts.

mod common;

use std::sync::Arc;

use common::golden_error;
use promreg::proto::MetricFamily;
use promreg::{
    Counter, GatherError, Gatherer, GathererFunc, Gatherers, Gauge, GaugeVec, Labels,
    MetricError, Opts, Registry, new_counter_func, new_gauge_func, new_untyped_func,
};

#[test]
fn func_metrics_equal_go() {
    let reg = Registry::new();
    reg.must_register([
        Box::new(new_counter_func(
            Opts::new("fn_calls_total", "Calls.").const_label("src", "fn"),
            || 42.0,
        )) as _,
        Box::new(new_gauge_func(
            Opts::new("fn_temperature_celsius", "Temperature."),
            || -3.5,
        )) as _,
        Box::new(new_untyped_func(Opts::new("fn_untyped", "Untyped."), || 7.0)) as _,
    ]);
    common::assert_golden_families("func_metrics", &reg.gather().unwrap());
}

/// The closure is read at each scrape.
#[test]
fn func_metrics_read_their_closure_at_each_scrape() {
    let source = Gauge::new(Opts::new("source", "h"));
    let read = source.clone();
    let reg = Registry::new();
    reg.register(Box::new(new_gauge_func(Opts::new("copy", "h"), move || read.get())))
        .unwrap();
    for v in [1.0, 2.5] {
        source.set(v);
        assert_eq!(reg.gather().unwrap()[0].metric[0].gauge.value(), v);
    }
}

/// A closure that panics is reported as a panicking collector is; the
/// other metrics are still gathered. (Go's `Gather` panics with it, in the
/// caller: `func_metric_panics` in the golden errors.)
#[test]
fn a_panicking_closure_is_a_gather_error() {
    assert_eq!(golden_error("func_metric_panics.outcome"), "panic");
    let message = golden_error("func_metric_panics");
    let reg = Registry::new();
    let panicking = message.clone();
    let panic_line = line!() + 1;
    let bad = move || -> f64 { panic!("{panicking}") };
    reg.register(Box::new(new_gauge_func(Opts::new("bad", "h"), bad))).unwrap();
    reg.register(Box::new(new_gauge_func(Opts::new("good", "h"), || 1.0))).unwrap();
    let err = reg.gather().unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "prometheus collector panic recovered: {message} \
             (collector promreg::value_func::ValueFunc, at tests/composition.rs:{panic_line})"
        )
    );
    assert_eq!(err.families.len(), 1);
    assert_eq!(err.families[0].name(), "good");
}

fn inner_registry() -> Arc<Registry> {
    let inner = Arc::new(Registry::new());
    let total = Counter::new(Opts::new("inner_total", "Inner."));
    total.inc();
    total.inc();
    let g = GaugeVec::new(Opts::new("inner_g", "Inner gauge."), &["l"]);
    g.with_label_values(&["a"]).set(1.0);
    inner.must_register([Box::new(total) as _, Box::new(g) as _]);
    inner
}

#[test]
fn a_registry_inside_another_equals_go() {
    let outer = Registry::new();
    outer.register(Box::new(inner_registry())).unwrap();
    let g = Gauge::new(Opts::new("outer_g", "Outer."));
    g.set(5.0);
    outer.register(Box::new(g)).unwrap();
    common::assert_golden_families("registry_as_collector", &outer.gather().unwrap());

    // Its descs are the inner collectors': a registry holding just the
    // counter `inner_total` is equal to that counter (one desc ID), and is
    // refused where the counter is registered, as Go refuses it.
    let outer = Registry::new();
    outer.register(Box::new(Counter::new(Opts::new("inner_total", "Inner.")))).unwrap();
    let inner = Registry::new();
    inner.register(Box::new(Counter::new(Opts::new("inner_total", "Inner.")))).unwrap();
    let err = outer.register(Box::new(inner)).unwrap_err();
    assert_eq!(err.to_string(), golden_error("registry_collector_duplicate"));
    // With more descs it clashes on the one they share.
    let err = outer.register(Box::new(inner_registry())).unwrap_err();
    assert!(matches!(err, promreg::RegisterError::DescriptorExists(_)), "{err}");
}

fn registry_with(metrics: Vec<(&str, &str, Labels, bool, f64)>) -> Arc<dyn Gatherer> {
    let reg = Registry::new();
    for (name, help, labels, counter, value) in metrics {
        let opts = Opts::new(name, help).const_labels(labels);
        if counter {
            let c = Counter::new(opts);
            c.add(value);
            reg.register(Box::new(c)).unwrap();
        } else {
            let g = Gauge::new(opts);
            g.set(value);
            reg.register(Box::new(g)).unwrap();
        }
    }
    Arc::new(reg)
}

fn label(name: &str, value: &str) -> Labels {
    promreg::labels! {name => value}
}

#[test]
fn gatherers_merge_as_go_does() {
    let r1 = registry_with(vec![
        ("shared_total", "Shared.", label("src", "a"), true, 1.0),
        ("only_a", "A.", Labels::new(), false, 1.0),
    ]);
    let r2 = registry_with(vec![
        ("shared_total", "Shared.", label("src", "b"), true, 2.0),
        ("only_b", "B.", Labels::new(), false, 2.0),
    ]);
    common::assert_golden_families(
        "gatherers",
        &Gatherers(vec![r1, r2]).gather().unwrap(),
    );
}

#[test]
fn gatherers_errors_equal_go() {
    let err =
        |gatherers: Vec<Arc<dyn Gatherer>>| Gatherers(gatherers).gather().unwrap_err();
    let cases = [
        (
            "gatherers_help_mismatch",
            err(vec![
                registry_with(vec![("x", "a", Labels::new(), false, 1.0)]),
                registry_with(vec![("x", "b", label("r", "2"), false, 2.0)]),
            ]),
        ),
        (
            "gatherers_type_mismatch",
            err(vec![
                registry_with(vec![("x", "h", Labels::new(), true, 1.0)]),
                registry_with(vec![("x", "h", label("r", "2"), false, 2.0)]),
            ]),
        ),
        (
            "gatherers_duplicate",
            err(vec![
                registry_with(vec![("x", "h", Labels::new(), false, 1.0)]),
                registry_with(vec![("x", "h", Labels::new(), false, 2.0)]),
            ]),
        ),
    ];
    for (case, err) in cases {
        assert_eq!(
            common::tsv_escape(&err.to_string()),
            golden_error(case),
            "case {case}"
        );
    }
}

/// A gatherer of one's own that fails with an error of its own.
fn failing(messages: &'static [&'static str]) -> Arc<dyn Gatherer> {
    Arc::new(GathererFunc(move || -> Result<Vec<MetricFamily>, GatherError> {
        let errors = messages.iter().map(|m| MetricError::Other((*m).into())).collect();
        Err(GatherError { families: Vec::new(), errors })
    }))
}

#[test]
fn inner_errors_are_marked_with_their_gatherer() {
    let ok = registry_with(vec![("ok", "h", Labels::new(), false, 1.0)]);
    let err = Gatherers(vec![failing(&["boom"]), ok]).gather().unwrap_err();
    assert_eq!(err.to_string(), golden_error("gatherers_inner_error"));
    assert_eq!(
        err.families.len().to_string(),
        golden_error("gatherers_inner_error.families")
    );
    let err =
        Gatherers(vec![failing(&["boom1"]), failing(&["boom2"])]).gather().unwrap_err();
    assert_eq!(
        common::tsv_escape(&err.to_string()),
        golden_error("gatherers_two_errors")
    );
    // A gatherer's several errors (Go's MultiError) are flattened, each marked.
    let err =
        Gatherers(vec![failing(&["e1", "e2"]), failing(&["e3"])]).gather().unwrap_err();
    assert_eq!(
        common::tsv_escape(&err.to_string()),
        golden_error("gatherers_multierror_flattened")
    );
}

// ---- wrapping registerers (Go's wrap.go) ----

use promreg::{
    CounterVec, Registerer, ValueType, must_new_const_metric, wrap_registerer_with,
    wrap_registerer_with_prefix,
};

#[test]
fn wrapped_registerers_equal_go() {
    let r = Registry::new();
    let c = Counter::new(Opts::new("c_total", "C.").const_label("a", "1"));
    c.inc();
    wrap_registerer_with(promreg::labels! {"env" => "prod"}, &r)
        .register(Box::new(c))
        .unwrap();
    let g = GaugeVec::new(Opts::new("g", "G."), &["l"]);
    g.with_label_values(&["x"]).set(2.0);
    g.with_label_values(&["y"]).set(3.0);
    let zoned = wrap_registerer_with(promreg::labels! {"zone" => "z1", "dc" => "d1"}, &r);
    wrap_registerer_with_prefix("pre_", zoned).register(Box::new(g)).unwrap();
    let u = common::TestCollector::unchecked(|ch| {
        let d = promreg::Desc::new("u", "U.", &[], promreg::labels! {"k" => "v"});
        ch.send(Arc::new(must_new_const_metric(&d, ValueType::Gauge, 4.0, &[]))).unwrap();
    });
    wrap_registerer_with_prefix("outer_", &r).register(Box::new(u)).unwrap();
    let plain = Gauge::new(Opts::new("plain", "P."));
    plain.set(5.0);
    r.register(Box::new(plain)).unwrap();
    common::assert_golden_families("wrapped", &r.gather().unwrap());
}

#[test]
fn wrapping_errors_equal_go() {
    let r2 = Registry::new();
    let with = |name: &str, value: &str| {
        wrap_registerer_with(promreg::labels! {name => value}, &r2)
    };
    let err = with("a", "2").register(Box::new(Counter::new(
        Opts::new("c_total", "C.").const_label("a", "1"),
    )));
    assert_eq!(err.unwrap_err().to_string(), golden_error("wrap_const_label_collision"));
    let err = with("l", "2")
        .register(Box::new(CounterVec::new(Opts::new("v_total", "V."), &["l"])));
    assert_eq!(
        err.unwrap_err().to_string(),
        golden_error("wrap_variable_label_collision")
    );
    let err = wrap_registerer_with_prefix("1", &r2)
        .register(Box::new(Counter::new(Opts::new("c_total", "C."))));
    assert_eq!(err.unwrap_err().to_string(), golden_error("wrap_prefix_invalid"));
}

#[test]
fn unregistering_and_reregistering_through_a_wrapper_equal_go() {
    let r2 = Registry::new();
    let prod = || wrap_registerer_with(promreg::labels! {"env" => "prod"}, &r2);
    let w = Counter::new(Opts::new("w_total", "W."));
    prod().register(Box::new(w.clone())).unwrap();
    assert_eq!(r2.unregister(&w).to_string(), golden_error("wrap_unregister.direct"));
    assert_eq!(prod().unregister(&w).to_string(), golden_error("wrap_unregister"));

    let d = Counter::new(Opts::new("d_total", "D."));
    d.inc();
    prod().register(Box::new(d.clone())).unwrap();
    let Err(promreg::RegisterError::AlreadyRegistered(err)) =
        prod().register(Box::new(Counter::new(Opts::new("d_total", "D."))))
    else {
        panic!("must be refused as already registered");
    };
    assert_eq!(err.to_string(), golden_error("wrap_already_registered"));
    // The existing collector is the counter itself, not its wrapping.
    let existing =
        (err.existing.as_ref() as &dyn std::any::Any).downcast_ref::<Counter>();
    assert_eq!(golden_error("wrap_already_registered.existing"), "same");
    assert_eq!(existing.map(Counter::get), Some(1.0));
}

/// A registry registered into itself (it describes nothing, so it is taken
/// unchecked) is not collected within itself: the gather reports it, where
/// it would recurse until the stack overflows (and Go deadlocks). What it
/// holds comes once directly and once through itself: a duplicate.
#[test]
fn a_registry_inside_itself_is_an_error_not_a_crash() {
    let reg = Arc::new(Registry::new());
    reg.register(Box::new(reg.clone())).unwrap();
    let g = Gauge::new(Opts::new("g", "h"));
    reg.register(Box::new(g)).unwrap();
    let err = reg.gather().unwrap_err();
    assert_eq!(
        err.to_string(),
        "2 error(s) occurred:\n\
         * collected metric \"g\" { gauge:<value:0 > } was collected before with the same name and label values\n\
         * a registry was collected within itself (registered into itself)"
    );
    assert_eq!(common::text(&err.families), "# HELP g h\n# TYPE g gauge\ng 0\n");
}

/// A gatherer that fails with no error in its error still fails.
#[test]
fn a_gatherer_error_without_errors_is_an_error() {
    let empty: Arc<dyn Gatherer> =
        Arc::new(GathererFunc(|| -> Result<Vec<MetricFamily>, GatherError> {
            Err(GatherError { families: Vec::new(), errors: Vec::new() })
        }));
    let err = Gatherers(vec![empty]).gather().unwrap_err();
    assert_eq!(err.to_string(), "[from Gatherer #1] gather failed with no error given");
}
