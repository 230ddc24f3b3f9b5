//! The article's frog pond: 1000 temperature readings,
//! `30 + floor(120 * sin(i * 0.1)) / 10`, observed by a summary with three
//! quantile objectives and by a histogram with five linear buckets; each
//! metric printed in protobuf text form, as the article prints it with Go's
//! `proto.MarshalTextString`.
//!
//! Run it: `cargo run --example pond`

use promreg::proto::Metric as ProtoMetric;
use promreg::{Histogram, HistogramOpts, Metric, Summary, SummaryOpts, linear_buckets};

// ANCHOR: pond
/// The readings, in order.
pub fn temperatures() -> impl Iterator<Item = f64> {
    (0..1000).map(|i| 30.0 + (120.0 * (f64::from(i) * 0.1).sin()).floor() / 10.0)
}

/// What the example prints: the summary, then the histogram.
pub fn report() -> String {
    let summary = Summary::new(
        SummaryOpts::new("pond_temperature_celsius", "The temperature of the frog pond.")
            .objective(0.5, 0.05)
            .objective(0.9, 0.01)
            .objective(0.99, 0.001),
    );
    let histogram = Histogram::new(
        HistogramOpts::new(
            "pond_temperature_celsius",
            "The temperature of the frog pond.",
        )
        .buckets(linear_buckets(20.0, 5.0, 5)), // 5 buckets, each 5 degrees wide
    );
    for t in temperatures() {
        summary.observe(t);
        histogram.observe(t);
    }
    format!("Summary\n{}\nHistogram\n{}", text_form(&summary), text_form(&histogram))
}

/// A metric as it would be sent to Prometheus, in protobuf text form.
fn text_form(metric: &dyn Metric) -> String {
    let mut out = ProtoMetric::new();
    metric.write(&mut out).expect("summaries and histograms always write");
    protobuf::text_format::print_to_string_pretty(&out)
}
// ANCHOR_END: pond

#[allow(dead_code)] // the tests include this file for `report`
fn main() {
    print!("{}", report());
}
