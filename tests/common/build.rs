//! Builders of protobuf families and metrics for the encoder tests (the
//! ports of expfmt's `TestCreate` and `TestCreateOpenMetrics`).
#![allow(dead_code)]

use promreg::proto::{Bucket, LabelPair, Metric, MetricFamily, MetricType, Quantile};

use super::label;

pub fn labels(pairs: &[(&str, &str)]) -> Vec<LabelPair> {
    pairs.iter().map(|&(name, value)| label(name, value)).collect()
}

/// A family; `None` leaves the optional `help` or `type` field unset.
pub fn family(
    name: Option<&str>,
    help: Option<&str>,
    type_: Option<MetricType>,
    metric: Vec<Metric>,
) -> MetricFamily {
    let mut mf = MetricFamily::new();
    if let Some(name) = name {
        mf.set_name(name.into());
    }
    if let Some(help) = help {
        mf.set_help(help.into());
    }
    if let Some(t) = type_ {
        mf.set_type(t);
    }
    mf.metric = metric;
    mf
}

pub fn metric(pairs: &[(&str, &str)]) -> Metric {
    let mut m = Metric::new();
    m.label = labels(pairs);
    m
}

pub fn counter(pairs: &[(&str, &str)], value: f64) -> Metric {
    let mut m = metric(pairs);
    m.counter.mut_or_insert_default().set_value(value);
    m
}

pub fn gauge(pairs: &[(&str, &str)], value: f64) -> Metric {
    let mut m = metric(pairs);
    m.gauge.mut_or_insert_default().set_value(value);
    m
}

pub fn untyped(pairs: &[(&str, &str)], value: f64) -> Metric {
    let mut m = metric(pairs);
    m.untyped.mut_or_insert_default().set_value(value);
    m
}

/// A summary; `quantiles` holds (quantile, value) pairs.
pub fn summary(
    pairs: &[(&str, &str)],
    count: u64,
    sum: f64,
    quantiles: &[(f64, f64)],
) -> Metric {
    let mut m = metric(pairs);
    let s = m.summary.mut_or_insert_default();
    s.set_sample_count(count);
    s.set_sample_sum(sum);
    s.quantile = quantiles
        .iter()
        .map(|&(q, v)| {
            let mut quantile = Quantile::new();
            quantile.set_quantile(q);
            quantile.set_value(v);
            quantile
        })
        .collect();
    m
}

/// A histogram; `buckets` holds (upper bound, cumulative count) pairs.
pub fn histogram(
    pairs: &[(&str, &str)],
    count: u64,
    sum: f64,
    buckets: &[(f64, u64)],
) -> Metric {
    let mut m = metric(pairs);
    let h = m.histogram.mut_or_insert_default();
    h.set_sample_count(count);
    h.set_sample_sum(sum);
    h.bucket = buckets
        .iter()
        .map(|&(upper_bound, cumulative_count)| {
            let mut b = Bucket::new();
            b.set_upper_bound(upper_bound);
            b.set_cumulative_count(cumulative_count);
            b
        })
        .collect();
    m
}

pub fn with_timestamp(mut m: Metric, timestamp_ms: i64) -> Metric {
    m.set_timestamp_ms(timestamp_ms);
    m
}

/// The families the Go program encodes to get expfmt's error texts
/// (`encode_text_*` and `encode_om_*` in `errors.tsv`), by case suffix.
pub fn encode_error_cases() -> Vec<(&'static str, MetricFamily)> {
    let x_with = |t: MetricType, m: Metric| family(Some("x"), None, Some(t), vec![m]);
    let mut unknown = family(Some("x"), None, None, vec![gauge(&[("a", "1")], 1.0)]);
    unknown.type_ = Some(protobuf::EnumOrUnknown::from_i32(7));
    vec![
        ("no_metrics", family(Some("x"), Some("h"), Some(MetricType::GAUGE), vec![])),
        (
            "no_name",
            family(None, Some("h"), Some(MetricType::GAUGE), vec![gauge(&[], 1.0)]),
        ),
        ("missing_counter", x_with(MetricType::COUNTER, gauge(&[("a", "1")], 1.0))),
        ("missing_gauge", x_with(MetricType::GAUGE, counter(&[("a", "1")], 1.0))),
        ("missing_untyped", x_with(MetricType::UNTYPED, gauge(&[("a", "1")], 1.0))),
        ("missing_summary", x_with(MetricType::SUMMARY, gauge(&[("a", "1")], 1.0))),
        ("missing_histogram", x_with(MetricType::HISTOGRAM, gauge(&[("a", "1")], 1.0))),
        ("unknown_type", unknown),
    ]
}
