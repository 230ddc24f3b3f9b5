//! Ports of client_golang's counter and gauge tests (`counter_test.go`,
//! `gauge_test.go`): Go's semantics, including the integer fast path.

mod common;

use std::sync::Arc;

use common::text;
use promreg::proto::Metric as ProtoMetric;
use promreg::{Counter, Gauge, Metric, Opts, Registry};

fn written(m: &dyn Metric) -> ProtoMetric {
    let mut out = ProtoMetric::new();
    m.write(&mut out).unwrap();
    out
}

/// Go's `TestCounterAdd`: const labels a=1, b=2; Inc, Add(42), Add(24.42).
#[test]
fn counter_add() {
    let c = Counter::new(
        Opts::new("test", "test help").const_label("a", "1").const_label("b", "2"),
    );
    c.inc();
    c.add(42.0);
    c.add(24.42);
    assert_eq!(c.get(), 67.42);
    let m = written(&c);
    assert_eq!(
        m.to_string(),
        "label {name: \"a\" value: \"1\"} label {name: \"b\" value: \"2\"} counter {value: 67.42}"
    );
}

#[test]
#[should_panic(expected = "counter cannot decrease in value")]
fn counter_cannot_decrease() {
    Counter::new(Opts::new("test", "help")).add(-1.0);
}

/// Go's `TestCounterAddInf`: +Inf goes to the float part and stays +Inf.
#[test]
fn counter_add_inf() {
    let c = Counter::new(Opts::new("test", "help"));
    c.inc();
    c.add(f64::INFINITY);
    c.inc();
    assert_eq!(c.get(), f64::INFINITY);
}

/// Go's `TestCounterAddLarge`: a whole number beyond 2^64 must not saturate
/// into the integer part (Rust's `as u64` would give u64::MAX).
#[test]
fn counter_add_large() {
    let c = Counter::new(Opts::new("test", "help"));
    let large = 18_446_744_073_709_551_616.0f64 * 2.0; // 2^65
    c.add(large);
    assert_eq!(c.get(), large);
    c.inc();
    assert_eq!(c.get(), large + 1.0);
}

/// Go's `TestCounterAddSmall`: tiny values go to the float part, unrounded.
#[test]
fn counter_add_small() {
    let c = Counter::new(Opts::new("test", "help"));
    c.add(1e-12);
    assert_eq!(c.get(), 1e-12);
}

#[test]
fn counter_integer_path_is_exact_under_contention() {
    let c = Counter::new(Opts::new("test", "help"));
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let c = c.clone();
            std::thread::spawn(move || {
                for _ in 0..100_000 {
                    c.inc();
                }
                for _ in 0..1000 {
                    c.add(0.5);
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    assert_eq!(c.get(), 400_000.0 + 2000.0);
}

#[test]
fn gauge_operations() {
    let g = Gauge::new(Opts::new("g", "help").const_label("x", "y"));
    g.set(10.0);
    g.inc();
    g.dec();
    g.dec();
    g.add(5.5);
    g.sub(0.5);
    assert_eq!(g.get(), 14.0);
    g.add(-20.0);
    assert_eq!(g.get(), -6.0);
    assert_eq!(
        written(&g).to_string(),
        "label {name: \"x\" value: \"y\"} gauge {value: -6}"
    );
}

#[test]
fn gauge_set_to_current_time() {
    let g = Gauge::new(Opts::new("g", "help"));
    let before = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs_f64();
    g.set_to_current_time();
    let after = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs_f64();
    assert!(before <= g.get() && g.get() <= after, "{before} <= {} <= {after}", g.get());
}

#[test]
fn gauge_add_is_atomic_under_contention() {
    let g = Arc::new(Gauge::new(Opts::new("g", "help")));
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let g = g.clone();
            std::thread::spawn(move || {
                for _ in 0..50_000 {
                    g.add(1.0);
                    g.sub(0.5);
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    assert_eq!(g.get(), 100_000.0);
}

/// The value seen by a scrape is the value set through any clone.
#[test]
fn clones_share_one_value() {
    let reg = Registry::new();
    let g = Gauge::new(Opts::new("shared", "Shared."));
    reg.register(Box::new(g.clone())).unwrap();
    g.set(3.25);
    assert_eq!(
        text(&reg.gather().unwrap()),
        "# HELP shared Shared.\n# TYPE shared gauge\nshared 3.25\n"
    );
}
