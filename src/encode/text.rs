//! The text exposition format, version 0.0.4: what `/metrics` shows a
//! browser. Mirrors expfmt's `text_create.go` (prometheus/common 0.39) byte
//! for byte: HELP and TYPE lines, one sample line per value, Go's float
//! formatting, and its escaping rules.

use crate::encode::float::write_float;
use crate::encode::{append_whole, family_type};
use crate::error::Error;
use crate::proto::{self, LabelPair, MetricFamily, MetricType};

/// Go's `MetricFamilyToText`: appends `mf` in the text format to `out` and
/// returns the number of bytes written. Nothing is written on error.
pub fn metric_family_to_text(out: &mut Vec<u8>, mf: &MetricFamily) -> Result<usize, Error> {
    append_whole(out, |out| write_family(out, mf))
}

// ANCHOR: write_family
fn write_family(out: &mut Vec<u8>, mf: &MetricFamily) -> Result<(), Error> {
    if mf.metric.is_empty() {
        return Err(Error::NoMetrics(Box::new(mf.clone())));
    }
    let name = mf.name();
    if name.is_empty() {
        return Err(Error::NoName(Box::new(mf.clone())));
    }
    let family_type = family_type(mf)?;
    if let Some(help) = &mf.help {
        out.extend_from_slice(b"# HELP ");
        out.extend_from_slice(name.as_bytes());
        out.push(b' ');
        escape(out, help, false);
        out.push(b'\n');
    }
    out.extend_from_slice(b"# TYPE ");
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(type_name(family_type).as_bytes());
    for m in &mf.metric {
        write_metric(out, name, family_type, m)?;
    }
    Ok(())
}
// ANCHOR_END: write_family

fn type_name(t: MetricType) -> &'static str {
    match t {
        MetricType::COUNTER => " counter\n",
        MetricType::GAUGE => " gauge\n",
        MetricType::SUMMARY => " summary\n",
        MetricType::UNTYPED => " untyped\n",
        MetricType::HISTOGRAM | MetricType::GAUGE_HISTOGRAM => " histogram\n",
    }
}

fn missing(kind: &'static str, name: &str, m: &proto::Metric) -> Error {
    Error::MissingValue { kind, name: name.to_owned(), metric: Box::new(m.clone()) }
}

/// The sample lines of one metric.
fn write_metric(out: &mut Vec<u8>, name: &str, t: MetricType, m: &proto::Metric) -> Result<(), Error> {
    match t {
        MetricType::COUNTER => {
            let counter = m.counter.as_ref().ok_or_else(|| missing("counter", name, m))?;
            write_sample(out, name, "", m, None, counter.value());
        }
        MetricType::GAUGE => {
            let gauge = m.gauge.as_ref().ok_or_else(|| missing("gauge", name, m))?;
            write_sample(out, name, "", m, None, gauge.value());
        }
        MetricType::UNTYPED => {
            let untyped = m.untyped.as_ref().ok_or_else(|| missing("untyped", name, m))?;
            write_sample(out, name, "", m, None, untyped.value());
        }
        MetricType::SUMMARY => {
            let summary = m.summary.as_ref().ok_or_else(|| missing("summary", name, m))?;
            for q in &summary.quantile {
                write_sample(out, name, "", m, Some(("quantile", q.quantile())), q.value());
            }
            write_sample(out, name, "_sum", m, None, summary.sample_sum());
            write_sample(out, name, "_count", m, None, summary.sample_count() as f64);
        }
        MetricType::HISTOGRAM | MetricType::GAUGE_HISTOGRAM => {
            let histogram = m.histogram.as_ref().ok_or_else(|| missing("histogram", name, m))?;
            write_histogram(out, name, m, histogram);
        }
    }
    Ok(())
}

/// Buckets (adding `+Inf` if the metric lacks it), then `_sum` and `_count`.
fn write_histogram(out: &mut Vec<u8>, name: &str, m: &proto::Metric, h: &proto::Histogram) {
    let mut inf_seen = false;
    for bucket in &h.bucket {
        let le = bucket.upper_bound();
        write_sample(out, name, "_bucket", m, Some(("le", le)), bucket.cumulative_count() as f64);
        inf_seen |= le == f64::INFINITY;
    }
    if !inf_seen {
        let count = h.sample_count() as f64;
        write_sample(out, name, "_bucket", m, Some(("le", f64::INFINITY)), count);
    }
    write_sample(out, name, "_sum", m, None, h.sample_sum());
    write_sample(out, name, "_count", m, None, h.sample_count() as f64);
}

// ANCHOR: write_sample
/// One line: `name{labels} value[ timestamp]`. Counts go through the float
/// formatter too, as in Go (a million observations print as `1e+06`).
fn write_sample(
    out: &mut Vec<u8>,
    name: &str,
    suffix: &str,
    m: &proto::Metric,
    extra: Option<(&str, f64)>,
    value: f64,
) {
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(suffix.as_bytes());
    write_labels(out, &m.label, extra, write_float);
    out.push(b' ');
    write_float(out, value);
    if let Some(ts) = m.timestamp_ms {
        out.push(b' ');
        out.extend_from_slice(itoa::Buffer::new().format(ts).as_bytes());
    }
    out.push(b'\n');
}
// ANCHOR_END: write_sample

/// `{a="1",b="2"}` in the order given, plus `le` or `quantile` last (its
/// value written by `float`); nothing at all when there are no labels.
pub(crate) fn write_labels(
    out: &mut Vec<u8>,
    labels: &[LabelPair],
    extra: Option<(&str, f64)>,
    float: fn(&mut Vec<u8>, f64),
) {
    if labels.is_empty() && extra.is_none() {
        return;
    }
    let mut separator = b'{';
    for pair in labels {
        out.push(separator);
        out.extend_from_slice(pair.name().as_bytes());
        out.extend_from_slice(b"=\"");
        escape(out, pair.value(), true);
        out.push(b'"');
        separator = b',';
    }
    if let Some((name, value)) = extra {
        out.push(separator);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(b"=\"");
        float(out, value);
        out.push(b'"');
    }
    out.push(b'}');
}

/// Backslash and newline are escaped everywhere; double quotes only in
/// label values (HELP text keeps them as they are).
pub(crate) fn escape(out: &mut Vec<u8>, s: &str, quotes: bool) {
    let special = |b: &u8| *b == b'\\' || *b == b'\n' || (quotes && *b == b'"');
    if !s.as_bytes().iter().any(special) {
        // The common case: nothing to escape, one copy.
        out.extend_from_slice(s.as_bytes());
        return;
    }
    for &b in s.as_bytes() {
        match b {
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'"' if quotes => out.extend_from_slice(b"\\\""),
            _ => out.push(b),
        }
    }
}
