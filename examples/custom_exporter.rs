//! The exporter pattern from the article this project grows from: a
//! collector that, on every scrape, reads a source (here a pretend database),
//! turns what it read into const metrics, and reports whether the read
//! worked (`up`), how long it took, and how many scrapes it has served.
//!
//! Run it: `cargo run --example custom_exporter`

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use promreg::{
    Collector, Counter, Desc, Labels, Metric, Opts, Registry, Sender, ValueType,
    build_fq_name, new_const_metric,
};

/// What the exporter watches: a database whose table sizes it reports.
struct Database {
    reachable: AtomicBool,
}

impl Database {
    fn table_rows(&self) -> Result<Vec<(&'static str, f64)>, &'static str> {
        if self.reachable.load(Ordering::Relaxed) {
            Ok(vec![("orders", 1200.0), ("users", 87.0)])
        } else {
            Err("connection refused")
        }
    }
}

// ANCHOR: exporter
/// Go's `Exporter` struct of the article: descs made once, a scrape counter
/// that lives as long as the exporter.
struct Exporter {
    db: Database,
    up: Desc,
    last_scrape_duration: Desc,
    table_rows: Desc,
    total_scrapes: Counter,
}

impl Exporter {
    fn new(namespace: &str) -> Exporter {
        let desc = |name: &str, help: &str, labels: &[&str]| {
            Desc::new(build_fq_name(namespace, "", name), help, labels, Labels::new())
        };
        Exporter {
            db: Database { reachable: AtomicBool::new(true) },
            up: desc("up", "Was the last scrape of the database successful.", &[]),
            last_scrape_duration: desc(
                "exporter_last_scrape_duration_seconds",
                "The duration of the last scrape, in seconds.",
                &[],
            ),
            table_rows: desc("table_rows", "Rows per table.", &["table"]),
            total_scrapes: Counter::new(
                Opts::new("exporter_scrapes_total", "Current total scrapes.")
                    .namespace(namespace),
            ),
        }
    }

    fn send(
        &self,
        ch: &Sender<Arc<dyn Metric>>,
        desc: &Desc,
        vt: ValueType,
        v: f64,
        labels: &[&str],
    ) {
        // A bad label count is this exporter's bug: report it in the scrape.
        match new_const_metric(desc, vt, v, labels) {
            Ok(m) => drop(ch.send(Arc::new(m))),
            Err(err) => eprintln!("bad metric {}: {err}", desc.fq_name()),
        }
    }
}

impl Collector for Exporter {
    fn describe(&self, descs: &Sender<Desc>) {
        for d in [&self.up, &self.last_scrape_duration, &self.table_rows] {
            let _ = descs.send(d.clone());
        }
        self.total_scrapes.describe(descs);
    }

    fn collect(&self, ch: &Sender<Arc<dyn Metric>>) {
        self.total_scrapes.inc();
        let start = Instant::now();
        let up = match self.db.table_rows() {
            Ok(rows) => {
                for (table, n) in rows {
                    self.send(ch, &self.table_rows, ValueType::Gauge, n, &[table]);
                }
                1.0
            }
            Err(_) => 0.0,
        };
        self.send(ch, &self.up, ValueType::Gauge, up, &[]);
        let took = start.elapsed().as_secs_f64();
        self.send(ch, &self.last_scrape_duration, ValueType::Gauge, took, &[]);
        self.total_scrapes.collect(ch);
    }
}
// ANCHOR_END: exporter

/// What the example prints: two scrapes, the database up, then down.
pub fn report() -> String {
    let reg = Registry::new();
    let exporter = std::sync::Arc::new(Exporter::new("demo"));
    reg.register(Box::new(exporter.clone())).expect("descs are valid");
    let mut out = String::from("--- first scrape: database reachable\n");
    out += &scrape(&reg);
    exporter.db.reachable.store(false, Ordering::Relaxed);
    out += "--- second scrape: database down\n";
    out + &scrape(&reg)
}

#[allow(dead_code)] // the book's test includes this file for `report`
fn main() {
    print!("{}", report());
}

/// One scrape in the text format; errors are shown, not hidden.
fn scrape(reg: &Registry) -> String {
    let families = match reg.gather() {
        Ok(families) => families,
        Err(err) => {
            eprintln!("gather: {err}");
            err.families
        }
    };
    let mut out = Vec::new();
    let mut enc = promreg::encode::Encoder::new(&mut out, promreg::encode::Format::Text);
    for mf in &families {
        if let Err(err) = enc.encode(mf) {
            eprintln!("encode: {err}");
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
