//! What a gather does when collectors misbehave: a metric that fails to
//! write, a series sent twice, a metric whose type changes under one name,
//! a collector that panics. The good metrics are still gathered, beside the
//! errors.
//!
//! Run it: `cargo run --example gather_checks`

use std::sync::Arc;

use promreg::{
    Collector, Desc, Gauge, Labels, Metric, Opts, Registry, Sender, ValueType,
    must_new_const_metric, new_invalid_metric,
};

/// A collector that sends what `send` makes; it describes nothing, so the
/// registry checks nothing at registration, only at gather.
struct Unchecked(fn(&Sender<Arc<dyn Metric>>));

impl Collector for Unchecked {
    fn describe(&self, _: &Sender<Desc>) {}
    fn collect(&self, ch: &Sender<Arc<dyn Metric>>) {
        (self.0)(ch)
    }
}

// ANCHOR: report
pub fn report() -> String {
    let reg = Registry::new();
    let temperature = Gauge::new(Opts::new("temperature_celsius", "Temperature."));
    temperature.set(21.5);
    reg.register(Box::new(temperature)).unwrap();
    reg.register(Box::new(Unchecked(|ch| {
        let rows = Desc::new("rows", "Rows.", &["table"], Labels::new());
        let db = Desc::new("db_up", "Database reachable.", &[], Labels::new());
        let _ = ch.send(Arc::new(must_new_const_metric(
            &rows,
            ValueType::Gauge,
            7.0,
            &["users"],
        )));
        let _ = ch.send(Arc::new(must_new_const_metric(
            &rows,
            ValueType::Gauge,
            8.0,
            &["users"],
        )));
        let _ = ch.send(Arc::new(must_new_const_metric(
            &rows,
            ValueType::Counter,
            9.0,
            &["orders"],
        )));
        let _ = ch.send(Arc::new(new_invalid_metric(db, "connection refused")));
    })))
    .unwrap();
    reg.register(Box::new(Unchecked(|_| panic!("index out of bounds")))).unwrap();

    let err = reg.gather().expect_err("three collectors misbehaved");
    // Collectors run in parallel, so the errors come in no fixed order
    // (as in Go); sorted here so that the output is the same every run.
    let mut errors: Vec<String> = err.errors.iter().map(|e| format!("* {e}")).collect();
    errors.sort();
    let mut out = format!(
        "{} error(s) occurred:\n{}\n\nStill gathered:\n",
        errors.len(),
        errors.join("\n")
    );
    for family in &err.families {
        out += &format!("  {} ({} metric)\n", family.name(), family.metric.len());
    }
    out
}
// ANCHOR_END: report

#[allow(dead_code)] // the book's test includes this file for `report`
fn main() {
    print!("{}", report());
}
