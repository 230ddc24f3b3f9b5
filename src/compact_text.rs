//! How Go prints a metric inside an error: golang/protobuf 1.3's compact
//! text form (`proto.CompactTextString`, in its `text.go`), which is what
//! `fmt` writes for a `*dto.Metric` or `*dto.MetricFamily` with `%s`.
//! client_golang's gather errors and expfmt's encoding errors embed it, so
//! byte-identical error texts need it byte for byte.
//!
//! The form, as `text.go` writes it in compact mode:
//! - each set field is `name:value` followed by one space, so any
//!   non-empty text ends in a space; unset fields are left out;
//! - a nested message is `name:<` its fields `>`; a repeated field is
//!   written once per element;
//! - fields come in the order of the Go struct, i.e. of the `.proto`
//!   declaration, not of their numbers: a `Metric`'s `histogram` (7) comes
//!   before its `timestamp_ms` (6), a `Histogram`'s `sample_count_float` (4)
//!   before `sample_sum` (2), a `Bucket`'s `cumulative_count_float` (4)
//!   before `upper_bound` (2);
//! - strings are double-quoted, escaping `\n`, `\r`, `\t`, `"` and `\`, and
//!   every other byte outside ASCII's printable range as a three-digit
//!   octal escape (`é` is `\303\251`): the output is always ASCII;
//! - floats as `strconv.FormatFloat(v, 'g', -1, 64)` (`-0` stays `-0`),
//!   with `inf`, `-inf` and `nan`; enums by name, or by number when
//!   unknown;
//! - `google.protobuf.Timestamp` is a proto3 message: its zero fields are
//!   left out.
//!
//! The fields client_model added after the version client_golang 1.14 is
//! built with (`created_timestamp`, a histogram's `exemplars`, a family's
//! `unit`) are written after the others; promreg sets none of them.

use std::fmt;

use protobuf::Chars;
use protobuf::well_known_types::timestamp::Timestamp;

use crate::encode::float::write_go_float;
use crate::proto::{
    Bucket, BucketSpan, Exemplar, Histogram, LabelPair, Metric, MetricFamily, Summary,
};

/// A metric as Go's `%s` prints it (`dto.Metric.String()`).
pub(crate) struct CompactMetric<'a>(pub(crate) &'a Metric);

/// A family as Go's `%s` prints it (`dto.MetricFamily.String()`).
pub(crate) struct CompactFamily<'a>(pub(crate) &'a MetricFamily);

impl fmt::Display for CompactMetric<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = Vec::new();
        metric(&mut out, self.0);
        f.write_str(&String::from_utf8_lossy(&out))
    }
}

impl fmt::Display for CompactFamily<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = Vec::new();
        family(&mut out, self.0);
        f.write_str(&String::from_utf8_lossy(&out))
    }
}

fn family(out: &mut Vec<u8>, mf: &MetricFamily) {
    string(out, "name", &mf.name);
    string(out, "help", &mf.help);
    if let Some(t) = mf.type_ {
        match t.enum_value() {
            Ok(known) => scalar(out, "type", format_args!("{known:?}")),
            Err(number) => scalar(out, "type", number),
        }
    }
    for m in &mf.metric {
        nested(out, "metric", |out| metric(out, m));
    }
    string(out, "unit", &mf.unit);
}

fn metric(out: &mut Vec<u8>, m: &Metric) {
    for pair in &m.label {
        nested(out, "label", |out| label_pair(out, pair));
    }
    if let Some(g) = m.gauge.as_ref() {
        nested(out, "gauge", |out| float(out, "value", g.value));
    }
    if let Some(c) = m.counter.as_ref() {
        nested(out, "counter", |out| {
            float(out, "value", c.value);
            if let Some(e) = c.exemplar.as_ref() {
                nested(out, "exemplar", |out| exemplar(out, e));
            }
            if let Some(ts) = c.created_timestamp.as_ref() {
                nested(out, "created_timestamp", |out| timestamp(out, ts));
            }
        });
    }
    if let Some(s) = m.summary.as_ref() {
        nested(out, "summary", |out| summary(out, s));
    }
    if let Some(u) = m.untyped.as_ref() {
        nested(out, "untyped", |out| float(out, "value", u.value));
    }
    if let Some(h) = m.histogram.as_ref() {
        nested(out, "histogram", |out| histogram(out, h));
    }
    if let Some(ms) = m.timestamp_ms {
        scalar(out, "timestamp_ms", ms);
    }
}

fn label_pair(out: &mut Vec<u8>, pair: &LabelPair) {
    string(out, "name", &pair.name);
    string(out, "value", &pair.value);
}

fn summary(out: &mut Vec<u8>, s: &Summary) {
    if let Some(n) = s.sample_count {
        scalar(out, "sample_count", n);
    }
    float(out, "sample_sum", s.sample_sum);
    for q in &s.quantile {
        nested(out, "quantile", |out| {
            float(out, "quantile", q.quantile);
            float(out, "value", q.value);
        });
    }
    if let Some(ts) = s.created_timestamp.as_ref() {
        nested(out, "created_timestamp", |out| timestamp(out, ts));
    }
}

fn histogram(out: &mut Vec<u8>, h: &Histogram) {
    if let Some(n) = h.sample_count {
        scalar(out, "sample_count", n);
    }
    float(out, "sample_count_float", h.sample_count_float);
    float(out, "sample_sum", h.sample_sum);
    for b in &h.bucket {
        nested(out, "bucket", |out| bucket(out, b));
    }
    if let Some(schema) = h.schema {
        scalar(out, "schema", schema);
    }
    float(out, "zero_threshold", h.zero_threshold);
    if let Some(n) = h.zero_count {
        scalar(out, "zero_count", n);
    }
    float(out, "zero_count_float", h.zero_count_float);
    native_buckets(
        out,
        "negative",
        &h.negative_span,
        &h.negative_delta,
        &h.negative_count,
    );
    native_buckets(
        out,
        "positive",
        &h.positive_span,
        &h.positive_delta,
        &h.positive_count,
    );
    if let Some(ts) = h.created_timestamp.as_ref() {
        nested(out, "created_timestamp", |out| timestamp(out, ts));
    }
    for e in &h.exemplars {
        nested(out, "exemplars", |out| exemplar(out, e));
    }
}

/// The spans, deltas and counts of one side of a native histogram.
fn native_buckets(
    out: &mut Vec<u8>,
    side: &str,
    spans: &[BucketSpan],
    deltas: &[i64],
    counts: &[f64],
) {
    for span in spans {
        nested(out, &format!("{side}_span"), |out| {
            if let Some(offset) = span.offset {
                scalar(out, "offset", offset);
            }
            if let Some(length) = span.length {
                scalar(out, "length", length);
            }
        });
    }
    for delta in deltas {
        scalar(out, &format!("{side}_delta"), delta);
    }
    for count in counts {
        float(out, &format!("{side}_count"), Some(*count));
    }
}

fn bucket(out: &mut Vec<u8>, b: &Bucket) {
    if let Some(n) = b.cumulative_count {
        scalar(out, "cumulative_count", n);
    }
    float(out, "cumulative_count_float", b.cumulative_count_float);
    float(out, "upper_bound", b.upper_bound);
    if let Some(e) = b.exemplar.as_ref() {
        nested(out, "exemplar", |out| exemplar(out, e));
    }
}

fn exemplar(out: &mut Vec<u8>, e: &Exemplar) {
    for pair in &e.label {
        nested(out, "label", |out| label_pair(out, pair));
    }
    float(out, "value", e.value);
    if let Some(ts) = e.timestamp.as_ref() {
        nested(out, "timestamp", |out| timestamp(out, ts));
    }
}

/// A proto3 message: zero fields are not written.
fn timestamp(out: &mut Vec<u8>, ts: &Timestamp) {
    if ts.seconds != 0 {
        scalar(out, "seconds", ts.seconds);
    }
    if ts.nanos != 0 {
        scalar(out, "nanos", ts.nanos);
    }
}

/// `name:<fields> `.
fn nested(out: &mut Vec<u8>, name: &str, fields: impl FnOnce(&mut Vec<u8>)) {
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(b":<");
    fields(out);
    out.extend_from_slice(b"> ");
}

/// `name:value ` for an integer or an enum, as `fmt.Fprint` writes it.
fn scalar(out: &mut Vec<u8>, name: &str, value: impl fmt::Display) {
    use std::io::Write;
    // Writing into a Vec cannot fail.
    let _ = write!(out, "{name}:{value} ");
}

/// `name:value ` for a set float.
fn float(out: &mut Vec<u8>, name: &str, value: Option<f64>) {
    let Some(v) = value else { return };
    out.extend_from_slice(name.as_bytes());
    out.push(b':');
    match v {
        v if v.is_nan() => out.extend_from_slice(b"nan"),
        f64::INFINITY => out.extend_from_slice(b"inf"),
        f64::NEG_INFINITY => out.extend_from_slice(b"-inf"),
        v => write_go_float(out, v),
    }
    out.push(b' ');
}

/// `name:"value" ` for a set string, escaped byte by byte.
fn string(out: &mut Vec<u8>, name: &str, value: &Option<Chars>) {
    let Some(s) = value else { return };
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(b":\"");
    for &b in s.as_bytes() {
        match b {
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            0x20..=0x7e => out.push(b),
            _ => out.extend_from_slice(&[
                b'\\',
                b'0' + (b >> 6),
                b'0' + ((b >> 3) & 7),
                b'0' + (b & 7),
            ]),
        }
    }
    out.extend_from_slice(b"\" ");
}

#[cfg(test)]
mod tests {
    use super::*;
    use protobuf::Message;

    fn from_hex(hex: &str) -> Vec<u8> {
        (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
            .collect()
    }

    /// Every message of `tests/golden/metric_text.tsv` (Go's bytes for it
    /// and Go's `String()` of it) prints as Go printed it.
    #[test]
    fn prints_as_go_prints() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/metric_text.tsv");
        let golden = std::fs::read_to_string(path).unwrap();
        let mut cases = 0;
        for line in golden.lines() {
            let [case, kind, hex, want] = line.split('\t').collect::<Vec<_>>()[..] else {
                panic!("malformed line {line:?}");
            };
            let bytes = from_hex(hex);
            let got = match kind {
                "metric" => {
                    CompactMetric(&Metric::parse_from_bytes(&bytes).unwrap()).to_string()
                }
                "family" => {
                    let mf = MetricFamily::parse_from_bytes(&bytes).unwrap();
                    // Go's FmtProtoCompact: the same text, one family a line.
                    let mut line = Vec::new();
                    crate::encode::Format::ProtoCompact.append(&mut line, &mf).unwrap();
                    assert_eq!(
                        line,
                        format!("{}\n", CompactFamily(&mf)).into_bytes(),
                        "case {case}"
                    );
                    CompactFamily(&mf).to_string()
                }
                _ => panic!("unknown kind {kind}"),
            };
            // The golden file writes TAB and newline as `\t` and `\n`.
            assert_eq!(
                got.replace('\t', "\\t").replace('\n', "\\n"),
                want,
                "case {case}"
            );
            cases += 1;
        }
        assert!(cases >= 70, "only {cases} cases");
    }
}
