//! The text exposition format, version 0.0.4: what `/metrics` shows a
//! browser. Mirrors expfmt's `text_create.go` (prometheus/common 0.39) byte
//! for byte: HELP and TYPE lines, one sample line per value, Go's float
//! formatting, and its escaping rules.

use crate::encode::EncodeError;
use crate::encode::float::write_float;
use crate::encode::lines::{write_help, write_label_pairs, write_labels, write_type};
use crate::encode::{append_whole, family_type};
use crate::proto::{self, MetricFamily, MetricType};

/// Go's `MetricFamilyToText`: appends `mf` in the text format to `out` and
/// returns the number of bytes written. Nothing is written on error.
pub fn metric_family_to_text(
    out: &mut Vec<u8>,
    mf: &MetricFamily,
) -> Result<usize, EncodeError> {
    append_whole(out, |out| write_family(out, mf))
}

// ANCHOR: write_family
fn write_family(out: &mut Vec<u8>, mf: &MetricFamily) -> Result<(), EncodeError> {
    if mf.metric.is_empty() {
        return Err(EncodeError::NoMetrics(Box::new(mf.clone())));
    }
    let name = mf.name();
    if name.is_empty() {
        return Err(EncodeError::NoName(Box::new(mf.clone())));
    }
    let family_type = family_type(mf)?;
    if let Some(help) = &mf.help {
        write_help(out, name, help, false);
    }
    write_type(out, name, type_name(family_type));
    let mut les = LeCache::default();
    for m in &mf.metric {
        write_metric(out, name, family_type, m, &mut les)?;
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

fn missing(kind: &'static str, name: &str, m: &proto::Metric) -> EncodeError {
    EncodeError::MissingValue { kind, name: name.to_owned(), metric: Box::new(m.clone()) }
}

/// The sample lines of one metric.
fn write_metric(
    out: &mut Vec<u8>,
    name: &str,
    t: MetricType,
    m: &proto::Metric,
    les: &mut LeCache,
) -> Result<(), EncodeError> {
    match t {
        MetricType::COUNTER => {
            let counter =
                m.counter.as_ref().ok_or_else(|| missing("counter", name, m))?;
            write_sample(out, name, "", m, None, counter.value());
        }
        MetricType::GAUGE => {
            let gauge = m.gauge.as_ref().ok_or_else(|| missing("gauge", name, m))?;
            write_sample(out, name, "", m, None, gauge.value());
        }
        MetricType::UNTYPED => {
            let untyped =
                m.untyped.as_ref().ok_or_else(|| missing("untyped", name, m))?;
            write_sample(out, name, "", m, None, untyped.value());
        }
        MetricType::SUMMARY => {
            let summary =
                m.summary.as_ref().ok_or_else(|| missing("summary", name, m))?;
            for q in &summary.quantile {
                write_sample(
                    out,
                    name,
                    "",
                    m,
                    Some(("quantile", q.quantile())),
                    q.value(),
                );
            }
            write_sample(out, name, "_sum", m, None, summary.sample_sum());
            write_sample(out, name, "_count", m, None, summary.sample_count() as f64);
        }
        MetricType::HISTOGRAM | MetricType::GAUGE_HISTOGRAM => {
            let histogram =
                m.histogram.as_ref().ok_or_else(|| missing("histogram", name, m))?;
            write_histogram(out, name, m, histogram, les);
        }
    }
    Ok(())
}

/// Buckets (adding `+Inf` if the metric lacks it), then `_sum` and `_count`.
/// Every bucket line starts with the same `name_bucket{labels,le="`: it is
/// written once and copied, and the bounds' text comes from `les`.
fn write_histogram(
    out: &mut Vec<u8>,
    name: &str,
    m: &proto::Metric,
    h: &proto::Histogram,
    les: &mut LeCache,
) {
    let prefix_start = out.len();
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(b"_bucket");
    let separator = write_label_pairs(out, &m.label);
    out.push(separator);
    out.extend_from_slice(b"le=\"");
    let prefix = prefix_start..out.len();
    let mut bucket_line = |out: &mut Vec<u8>, index: usize, le: f64, count: u64| {
        if out.len() != prefix.end {
            out.extend_from_within(prefix.clone());
        }
        out.extend_from_slice(les.text(index, le));
        out.extend_from_slice(b"\"} ");
        write_value_and_timestamp(out, m, count as f64);
    };
    let mut inf_seen = false;
    for (index, bucket) in h.bucket.iter().enumerate() {
        let le = bucket.upper_bound();
        bucket_line(out, index, le, bucket.cumulative_count());
        inf_seen |= le == f64::INFINITY;
    }
    if !inf_seen {
        bucket_line(out, h.bucket.len(), f64::INFINITY, h.sample_count());
    }
    write_sample(out, name, "_sum", m, None, h.sample_sum());
    write_sample(out, name, "_count", m, None, h.sample_count() as f64);
}

/// The text of bucket bounds, by position: the metrics of one family
/// usually share their bounds, which are then formatted once per family.
#[derive(Default)]
struct LeCache {
    /// Per position: the bound's bits and where its text is in `text`.
    entries: Vec<(u64, std::ops::Range<usize>)>,
    text: Vec<u8>,
}

impl LeCache {
    fn text(&mut self, index: usize, le: f64) -> &[u8] {
        let bits = le.to_bits();
        match self.entries.get(index) {
            Some((cached, range)) if *cached == bits => return &self.text[range.clone()],
            _ => {}
        }
        let start = self.text.len();
        write_float(&mut self.text, le);
        let entry = (bits, start..self.text.len());
        if index < self.entries.len() {
            self.entries[index] = entry;
        } else {
            // Positions fill in order: a metric's buckets come one by one.
            self.entries.push(entry);
        }
        &self.text[start..]
    }
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
    write_value_and_timestamp(out, m, value);
}

/// The end of a sample line: ` value[ timestamp]\n` (the space before the
/// value is the caller's).
fn write_value_and_timestamp(out: &mut Vec<u8>, m: &proto::Metric, value: f64) {
    write_float(out, value);
    if let Some(ts) = m.timestamp_ms {
        out.push(b' ');
        out.extend_from_slice(itoa::Buffer::new().format(ts).as_bytes());
    }
    out.push(b'\n');
}
// ANCHOR_END: write_sample

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labels::label_pair;

    fn histogram(
        labels: &[(&str, &str)],
        buckets: &[(f64, u64)],
        timestamp: Option<i64>,
    ) -> proto::Metric {
        let mut m = proto::Metric::new();
        m.label = labels.iter().map(|(n, v)| label_pair(n, v)).collect();
        m.timestamp_ms = timestamp;
        let h = m.histogram.mut_or_insert_default();
        h.sample_count = Some(7);
        h.sample_sum = Some(1.5);
        for &(le, count) in buckets {
            let mut b = proto::Bucket::new();
            b.upper_bound = Some(le);
            b.cumulative_count = Some(count);
            h.bucket.push(b);
        }
        m
    }

    /// The bucket lines built from a copied prefix and cached bounds equal
    /// the lines `write_sample` builds one by one, also where the metrics
    /// of a family differ in bounds and their number, have no labels, an
    /// explicit `+Inf` bucket, labels to escape, or a timestamp.
    #[test]
    fn histogram_lines_equal_sample_lines() {
        let metrics = [
            histogram(&[("a", "x\"\\\n")], &[(0.005, 1), (1.0, 2)], Some(-3)),
            histogram(&[], &[(0.005, 1), (2.5, 3), (1e21, 4)], None),
            histogram(&[("a", "y"), ("b", "z")], &[(0.5, 1), (f64::INFINITY, 7)], None),
            histogram(&[("a", "w")], &[], Some(5)),
        ];
        let mut got = Vec::new();
        let mut les = LeCache::default();
        let mut want = Vec::new();
        for m in &metrics {
            write_histogram(&mut got, "h", m, m.histogram.as_ref().unwrap(), &mut les);
            let h = m.histogram.as_ref().unwrap();
            let mut bounds: Vec<(f64, u64)> = h
                .bucket
                .iter()
                .map(|b| (b.upper_bound(), b.cumulative_count()))
                .collect();
            if bounds.last().is_none_or(|b| b.0 != f64::INFINITY) {
                bounds.push((f64::INFINITY, h.sample_count()));
            }
            for (le, count) in bounds {
                write_sample(
                    &mut want,
                    "h",
                    "_bucket",
                    m,
                    Some(("le", le)),
                    count as f64,
                );
            }
            write_sample(&mut want, "h", "_sum", m, None, 1.5);
            write_sample(&mut want, "h", "_count", m, None, 7.0);
        }
        assert_eq!(String::from_utf8(got).unwrap(), String::from_utf8(want).unwrap());
    }
}
