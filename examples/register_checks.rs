//! Every check of `register`, provoked one after another, with the error
//! each one gives; and an unchecked collector, which gets no checks at all.
//!
//! Run it: `cargo run --example register_checks`

use promreg::{Collector, Counter, Desc, Metric, Opts, Registry, Sender, labels};
use std::sync::Arc;

/// A collector that describes the given descs and collects nothing.
struct Describes(Vec<Desc>);

impl Collector for Describes {
    fn describe(&self, descs: &Sender<Desc>) {
        for d in &self.0 {
            let _ = descs.send(d.clone());
        }
    }
    fn collect(&self, _: &Sender<Arc<dyn Metric>>) {}
}

// ANCHOR: report
pub fn report() -> String {
    let reg = Registry::new();
    let counter = |name: &str, help: &str| Box::new(Counter::new(Opts::new(name, help)));
    let x = |help: &str, a: &str| Desc::new("x", help, &[], labels! {"a" => a});
    let attempts: Vec<(&str, Box<dyn Collector>)> = vec![
        ("a valid counter", counter("requests_total", "Requests.")),
        ("an invalid name", counter("1requests", "Requests.")),
        ("an equal counter", counter("requests_total", "Requests.")),
        ("the same name, other help", counter("requests_total", "Other help.")),
        (
            "one collector, two helps",
            Box::new(Describes(vec![x("h", "1"), x("h2", "2")])),
        ),
        ("x{a=1}", Box::new(Describes(vec![x("h", "1")]))),
        ("x{a=1} and x{a=3}", Box::new(Describes(vec![x("h", "1"), x("h", "3")]))),
        ("describes nothing (unchecked)", Box::new(Describes(vec![]))),
        ("describes nothing, again", Box::new(Describes(vec![]))),
        (
            "an invalid desc",
            Box::new(Describes(vec![Desc::new_invalid("no database configured")])),
        ),
    ];
    let mut out = String::new();
    for (what, collector) in attempts {
        match reg.register(collector) {
            Ok(()) => out += &format!("{what}: registered\n"),
            Err(err) => out += &format!("{what}: {err}\n"),
        }
    }
    out
}
// ANCHOR_END: report

#[allow(dead_code)] // the book's test includes this file for `report`
fn main() {
    print!("{}", report());
}
