//! Writing a family of promreg's own counters or gauges (histograms:
//! `stream_histogram.rs`, summaries: `stream_summary.rs`) straight from
//! memory, in each format, with the bytes the family encoders
//! (`text.rs`, `openmetrics.rs`, `protobuf.rs`) write for the same family
//! gathered into protobuf first. No Go counterpart: the streaming scrape
//! (`scrape.rs`) calls this for families it can write without gathering.

use protobuf::CodedOutputStream;
use protobuf::rt::WireType;

use std::sync::Arc;

use crate::encode::Format;
use crate::encode::float::{write_float, write_openmetrics_float};
use crate::encode::lines::{write_help, write_type};
use crate::encode::{stream_histogram, stream_summary};
use crate::metric::{ConstMetric, Metric, ValueType};
use crate::proto::MetricType;
use crate::streamed::{
    StreamedHistogram, StreamedKind, StreamedSummary, StreamedValue, field_len,
    streamed_value,
};

/// One family to stream: its name and help (its desc's), its type, and its
/// metrics, sorted as a gather sorts them, not empty, each one that
/// the streaming scrape recognises (the plan checked; any other is
/// skipped).
pub(crate) struct StreamedFamily<'a> {
    pub(crate) name: &'a str,
    pub(crate) help: &'a str,
    pub(crate) kind: StreamedKind,
    pub(crate) metrics: &'a [Arc<dyn Metric>],
    /// Const metrics of custom collectors (`const_families.rs`): a family
    /// has these or `metrics`, not both.
    pub(crate) consts: &'a [Arc<ConstMetric>],
}

impl<'a> StreamedFamily<'a> {
    /// The series with one value, read in place: no vector of them is made.
    fn series(&self) -> impl Iterator<Item = &'a dyn StreamedValue> + 'a {
        let consts = self.consts.iter().map(|m| m.as_ref() as &dyn StreamedValue);
        self.metrics.iter().filter_map(|m| streamed_value(m.as_ref())).chain(consts)
    }

    /// The summaries, read in place (straight to the summary's downcast:
    /// the family's kind is known).
    pub(crate) fn summaries(&self) -> impl Iterator<Item = &'a dyn StreamedSummary> + 'a {
        self.metrics.iter().filter_map(|m| crate::summary::as_streamed(m.as_ref()))
    }

    /// The histograms, read in place.
    pub(crate) fn histograms(
        &self,
    ) -> impl Iterator<Item = &'a dyn StreamedHistogram> + 'a {
        self.metrics.iter().filter_map(|m| crate::histogram::as_streamed(m.as_ref()))
    }
}

/// Appends `family` in `format` (text, OpenMetrics or delimited protobuf;
/// the debugging formats are never streamed). Returns false, having
/// written nothing, if a series turns out to have an exemplar that the
/// format shows (OpenMetrics and protobuf do, text does not), or a
/// histogram with exemplars or native buckets: such a family is for the
/// gather path. Finding that out while writing spares a pass over every
/// series before.
pub(crate) fn write_streamed(
    out: &mut Vec<u8>,
    format: Format,
    family: &StreamedFamily<'_>,
) -> bool {
    let start = out.len();
    let written = match (family.kind, format) {
        (StreamedKind::Histogram, _) => stream_histogram::write(out, format, family),
        (StreamedKind::Summary, _) => stream_summary::write(out, format, family),
        (StreamedKind::Value(vt), Format::Text) => {
            write_text(out, family, vt);
            true
        }
        (StreamedKind::Value(vt), Format::OpenMetrics) => {
            write_openmetrics(out, family, vt)
        }
        (StreamedKind::Value(vt), Format::ProtoDelim) => write_protobuf(out, family, vt),
        (_, Format::ProtoText | Format::ProtoCompact) => false,
    };
    if !written {
        out.truncate(start);
    }
    written
}

/// Whether `format` can be streamed at all.
pub(crate) fn streams(format: Format) -> bool {
    matches!(format, Format::Text | Format::OpenMetrics | Format::ProtoDelim)
}

fn write_text(out: &mut Vec<u8>, family: &StreamedFamily<'_>, value_type: ValueType) {
    let name = family.name;
    write_help(out, name, family.help, false);
    let type_line = match value_type {
        ValueType::Counter => " counter\n",
        ValueType::Gauge => " gauge\n",
        ValueType::Untyped => " untyped\n",
    };
    write_type(out, name, type_line);
    write_samples(out, family, write_float, false);
}

fn write_openmetrics(
    out: &mut Vec<u8>,
    family: &StreamedFamily<'_>,
    value_type: ValueType,
) -> bool {
    let name = family.name;
    // As in openmetrics.rs: a counter `x_total` is the family `x`, and a
    // counter without the suffix is `unknown`.
    let (short_name, type_line) = match value_type {
        ValueType::Counter => match name.strip_suffix("_total") {
            Some(short) => (short, " counter\n"),
            None => (name, " unknown\n"),
        },
        ValueType::Gauge => (name, " gauge\n"),
        ValueType::Untyped => (name, " unknown\n"),
    };
    write_help(out, short_name, family.help, true);
    write_type(out, short_name, type_line);
    write_samples(out, family, write_openmetrics_float, true)
}

/// One line per series: name, the labels rendered once, the value. Stops
/// (returning false) at a series with an exemplar, if `exemplars` are
/// shown.
fn write_samples(
    out: &mut Vec<u8>,
    family: &StreamedFamily<'_>,
    float: fn(&mut Vec<u8>, f64),
    exemplars: bool,
) -> bool {
    let name = family.name;
    for series in family.series() {
        if exemplars && series.has_exemplar() {
            return false;
        }
        out.extend_from_slice(name.as_bytes());
        series.labels().write_text(out);
        out.push(b' ');
        float(out, series.value());
        out.push(b'\n');
    }
    true
}

// ANCHOR: protobuf
/// The family as one length-delimited `MetricFamily` message. Its length
/// comes first, and every part's size is known before any value is read
/// (the labels are rendered, a value is a fixed-size double), so the
/// sizes are added up in a first pass and the values read in the second.
fn write_protobuf(
    out: &mut Vec<u8>,
    family: &StreamedFamily<'_>,
    value_type: ValueType,
) -> bool {
    let (value_field, metric_type) = match value_type {
        ValueType::Gauge => (2, MetricType::GAUGE),
        ValueType::Counter => (3, MetricType::COUNTER),
        ValueType::Untyped => (5, MetricType::UNTYPED),
    };
    // The value's message: field 1, a double (tag and 8 bytes).
    const VALUE_LEN: u64 = 9;
    let value_field_len = 1 + 1 + VALUE_LEN;
    let metric_len = |s: &dyn StreamedValue| s.labels().proto_len() + value_field_len;
    let string_field = |s: &str| field_len(s.len() as u64);
    let mut body = string_field(family.name) + string_field(family.help) + 2;
    for series in family.series() {
        if series.has_exemplar() {
            return false;
        }
        let len = metric_len(series);
        body += field_len(len);
    }
    out.reserve(body as usize + 10);
    let mut os = CodedOutputStream::vec(out);
    // Writing into a Vec cannot fail.
    let _ = (|| -> protobuf::Result<()> {
        os.write_raw_varint64(body)?;
        write_family_header(&mut os, family, metric_type)?;
        for series in family.series() {
            os.write_tag(4, WireType::LengthDelimited)?;
            os.write_raw_varint64(metric_len(series))?;
            series.labels().write_proto(&mut os)?;
            os.write_tag(value_field, WireType::LengthDelimited)?;
            os.write_raw_varint64(VALUE_LEN)?;
            os.write_double(1, series.value())?;
        }
        os.flush()
    })();
    true
}
// ANCHOR_END: protobuf

/// A `MetricFamily`'s name (1), help (2) and type (3).
fn write_family_header(
    os: &mut CodedOutputStream<'_>,
    family: &StreamedFamily<'_>,
    metric_type: MetricType,
) -> protobuf::Result<()> {
    os.write_string(1, family.name)?;
    os.write_string(2, family.help)?;
    os.write_enum(3, metric_type as i32)
}

/// A length-delimited `MetricFamily` whose every metric is its labels'
/// protobuf bytes and one message, in field `field`, that `write` puts
/// into the scratch buffer it is given (histograms and summaries, whose
/// sizes depend on their values). Each message is written aside, since its
/// length comes before it.
pub(super) fn write_message_family<'a, T>(
    out: &mut Vec<u8>,
    family: &StreamedFamily<'_>,
    metric_type: MetricType,
    field: u32,
    metrics: impl Iterator<Item = (&'a [u8], T)>,
    mut write: impl FnMut(T, &mut Vec<u8>) -> protobuf::Result<()>,
) {
    // The body goes straight into `out`, after room for the longest
    // length prefix; it moves back once its length is known.
    let start = out.len();
    out.extend_from_slice(&[0; MAX_VARINT_LEN]);
    let mut one = Vec::new();
    let mut os = CodedOutputStream::vec(out);
    // Writing into a Vec cannot fail.
    let _ = (|| -> protobuf::Result<()> {
        write_family_header(&mut os, family, metric_type)?;
        for (labels, metric) in metrics {
            one.clear();
            write(metric, &mut one)?;
            let len = one.len() as u64;
            os.write_tag(4, WireType::LengthDelimited)?;
            os.write_raw_varint64(labels.len() as u64 + field_len(len))?;
            os.write_raw_bytes(labels)?;
            os.write_tag(field, WireType::LengthDelimited)?;
            os.write_raw_varint64(len)?;
            os.write_raw_bytes(&one)?;
        }
        os.flush()
    })();
    drop(os);
    prefix_length(out, start);
}

/// The most bytes a varint takes.
const MAX_VARINT_LEN: usize = 10;

/// Writes the length of what follows the `MAX_VARINT_LEN` placeholder bytes
/// at `start` as a varint in their place, and moves what follows back to
/// meet it.
fn prefix_length(out: &mut Vec<u8>, start: usize) {
    let body = start + MAX_VARINT_LEN..out.len();
    let mut varint = [0u8; MAX_VARINT_LEN];
    let mut os = CodedOutputStream::bytes(&mut varint);
    // Ten bytes hold any varint.
    let _ = os.write_raw_varint64(body.len() as u64).and_then(|()| os.flush());
    let n = os.total_bytes_written() as usize;
    drop(os);
    out[start..start + n].copy_from_slice(&varint[..n]);
    out.copy_within(body.clone(), start + n);
    out.truncate(body.end - (MAX_VARINT_LEN - n));
}

/// `name` and `suffix`, then `{labels,label="` (`{label="` without labels):
/// the labels rendered once, with one more label added where their closing
/// brace was. The caller writes the label's value and the rest.
pub(super) fn open_sample_with_label(
    out: &mut Vec<u8>,
    name: &str,
    suffix: &str,
    labels: &[u8],
    label: &str,
) {
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(suffix.as_bytes());
    match labels.split_last() {
        Some((_, open)) => {
            out.extend_from_slice(open);
            out.push(b',');
        }
        None => out.push(b'{'),
    }
    out.extend_from_slice(label.as_bytes());
    out.extend_from_slice(b"=\"");
}

/// A count as the text formats write it: an integer in OpenMetrics, a float
/// in text 0.0.4.
pub(super) fn write_count(out: &mut Vec<u8>, n: u64, openmetrics: bool) {
    if openmetrics {
        out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
    } else {
        write_float(out, n as f64);
    }
}

/// `name` and `suffix`, the labels rendered once, and the space before the
/// value.
pub(super) fn start_sample(out: &mut Vec<u8>, name: &str, suffix: &str, labels: &[u8]) {
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(suffix.as_bytes());
    out.extend_from_slice(labels);
    out.push(b' ');
}

/// A histogram's or summary's `_sum` and `_count` lines.
pub(super) fn write_sum_and_count(
    out: &mut Vec<u8>,
    name: &str,
    labels: &[u8],
    (sum, count): (f64, u64),
    float: fn(&mut Vec<u8>, f64),
    openmetrics: bool,
) {
    start_sample(out, name, "_sum", labels);
    float(out, sum);
    out.push(b'\n');
    start_sample(out, name, "_count", labels);
    write_count(out, count, openmetrics);
    out.push(b'\n');
}
