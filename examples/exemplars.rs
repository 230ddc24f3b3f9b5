//! Exemplars: a trace ID left on a counter increment and on histogram
//! observations, what OpenMetrics shows of them (the text format shows
//! nothing), a const metric with exemplars, and Go's error texts.
//!
//! Run it: `cargo run --example exemplars`

use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use promreg::encode::Format;
use promreg::{
    Counter, Desc, Exemplar, Histogram, HistogramOpts, Labels, Opts, Registry, ValueType,
    labels, must_new_const_histogram, new_metric_with_exemplars,
};

// ANCHOR: report
pub fn report() -> String {
    let reg = Registry::new();
    let requests = Counter::new(Opts::new("requests_total", "Requests served."));
    let latency = Histogram::new(
        HistogramOpts::new("latency_seconds", "Latency.").buckets(vec![0.1, 0.5]),
    );
    reg.register(Box::new(requests.clone())).unwrap();
    reg.register(Box::new(latency.clone())).unwrap();

    requests.inc(); // no exemplar: the counter keeps the one it has (none yet)
    requests.inc_with_exemplar(&labels! {"trace_id" => "0af7651916cd43dd"});
    latency.observe_with_exemplar(0.04, &labels! {"trace_id" => "0af7651916cd43dd"});
    latency.observe_with_exemplar(0.07, &labels! {"trace_id" => "b7ad6b7169203331"}); // the latest of its bucket wins
    latency.observe_with_exemplar(3.2, &labels! {"trace_id" => "e457b5a2e4d86bd1"}); // above every bound: +Inf

    let mut out = String::from(
        "OpenMetrics, exemplar timestamps (the time of each call) shown as <time>:\n",
    );
    for family in reg.gather().unwrap() {
        out += &masked_times(&openmetrics(&family));
    }
    out += "\nThe text format never shows them:\n";
    let mut text = Vec::new();
    for family in reg.gather().unwrap() {
        Format::Text.append(&mut text, &family).unwrap();
    }
    out += &String::from_utf8(text).unwrap();

    // A const histogram of figures read elsewhere, with the exemplars that
    // came with them: each lands in the first bucket that holds its value.
    let desc = Desc::new("batch_seconds", "Batch durations.", &[], Labels::new());
    let batch =
        Arc::new(must_new_const_histogram(&desc, 3, 2.5, &[(1.0, 2), (2.0, 3)], &[]));
    let at = |s| Some(UNIX_EPOCH + Duration::from_secs(s));
    let with = new_metric_with_exemplars(
        batch,
        &[Exemplar {
            value: 1.5,
            labels: labels! {"batch" => "42"},
            timestamp: at(1_700_000_000),
        }],
    )
    .unwrap();
    let reg = Registry::new();
    reg.register(Box::new(common::Sends(Arc::new(with)))).unwrap();
    out += "\nA const histogram with an exemplar:\n";
    out += &openmetrics(&reg.gather().unwrap()[0]);

    out += "\nGo's errors:\n";
    let long = labels! {"trace_id" => "f".repeat(121)};
    for bad in [labels! {"trace-id" => "x"}, long] {
        out += &format!("{}\n", requests.try_add_with_exemplar(1.0, &bad).unwrap_err());
    }
    let gauge = promreg::must_new_const_metric(
        &Desc::new("g", "A gauge.", &[], Labels::new()),
        ValueType::Gauge,
        1.0,
        &[],
    );
    let e = Exemplar { value: 1.0, labels: labels! {"a" => "b"}, timestamp: None };
    let reg = Registry::new();
    reg.register(Box::new(common::Sends(Arc::new(
        new_metric_with_exemplars(Arc::new(gauge), &[e]).unwrap(),
    ))))
    .unwrap();
    out += &format!("{}\n", reg.gather().unwrap_err());
    out
}
// ANCHOR_END: report

fn openmetrics(family: &promreg::proto::MetricFamily) -> String {
    let mut out = Vec::new();
    Format::OpenMetrics.append(&mut out, family).unwrap();
    String::from_utf8(out).unwrap()
}

/// The text with each exemplar's timestamp (the last field of a line that
/// has an exemplar) shown as `<time>`: they differ from run to run.
fn masked_times(text: &str) -> String {
    text.lines()
        .map(|line| match line.rsplit_once(' ') {
            Some((rest, _time)) if line.contains(" # {") => format!("{rest} <time>\n"),
            _ => format!("{line}\n"),
        })
        .collect()
}

mod common {
    use std::sync::Arc;

    /// A collector that sends one ready metric (an unchecked collector).
    pub struct Sends(pub Arc<dyn promreg::Metric>);

    impl promreg::Collector for Sends {
        fn describe(&self, _: &promreg::Sender<promreg::Desc>) {}
        fn collect(&self, metrics: &promreg::Sender<Arc<dyn promreg::Metric>>) {
            let _ = metrics.send(self.0.clone());
        }
    }
}

#[allow(dead_code)] // the book's test includes this file for `report`
fn main() {
    print!("{}", report());
}
