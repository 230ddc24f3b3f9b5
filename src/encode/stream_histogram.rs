//! Writing a family of promreg's own classic histograms straight from
//! memory, in each format, with the bytes `text.rs`, `openmetrics.rs` and
//! `protobuf.rs` write for it gathered first. No Go counterpart (see
//! `stream.rs`). Each histogram is read once, consistently (its hot/cold
//! swap), into reused scratch space.

use protobuf::rt::{WireType, compute_raw_varint64_size, sint32_size, uint32_size};
use protobuf::{CodedOutputStream, Message};

use crate::encode::Format;
use crate::encode::float::{write_float, write_openmetrics_float};
use crate::encode::lines::{write_help, write_type};
use crate::encode::stream::StreamedFamily;
use crate::native_histogram::NativeSnapshot;
use crate::proto::{self, MetricType};
use crate::streamed::StreamedHistogram;

/// Appends the histogram `family` in `format`; false (the caller undoes
/// what was written) at a histogram with exemplars in OpenMetrics.
pub(super) fn write(out: &mut Vec<u8>, format: Format, family: &StreamedFamily<'_>) -> bool {
    match format {
        Format::Text => write_text(out, family, write_float, false),
        Format::OpenMetrics => write_text(out, family, write_openmetrics_float, true),
        Format::ProtoDelim => write_protobuf(out, family),
        Format::ProtoText | Format::ProtoCompact => false,
    }
}

/// Text 0.0.4 (`openmetrics` false) or OpenMetrics: they differ in HELP's
/// escaping, in how floats look, and in counts (OpenMetrics writes them as
/// integers).
fn write_text(out: &mut Vec<u8>, family: &StreamedFamily<'_>, float: fn(&mut Vec<u8>, f64), openmetrics: bool) -> bool {
    let name = family.name;
    write_help(out, name, family.help, openmetrics);
    write_type(out, name, " histogram\n");
    let count = |out: &mut Vec<u8>, n: u64| {
        if openmetrics {
            out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
        } else {
            write_float(out, n as f64);
        }
    };
    let mut les: Vec<Vec<u8>> = Vec::new();
    let mut buckets = Vec::new();
    for h in family.histograms() {
        let Some((total, sum)) = h.read_classic(&mut buckets, openmetrics) else { return false };
        let bounds = h.upper_bounds();
        if les.len() != bounds.len() + 1 {
            // The `le` values as written, once per family: a vec's
            // histograms share their bounds.
            les = bounds.iter().chain([&f64::INFINITY]).map(|&b| float_text(float, b)).collect();
        }
        let labels = &h.labels().text;
        let bucket_line = |out: &mut Vec<u8>, le: &[u8], n: u64| {
            bucket_prefix(out, name, labels);
            out.extend_from_slice(le);
            out.extend_from_slice(b"\"} ");
            count(out, n);
            out.push(b'\n');
        };
        let mut cumulative = 0;
        for (le, &n) in les.iter().zip(&buckets) {
            cumulative += n;
            bucket_line(out, le, cumulative);
        }
        // Bounds never end in +Inf (the histogram drops it): its line is
        // always added, with the count.
        bucket_line(out, &les[bounds.len()], total);
        for (suffix, write_value) in [("_sum", None), ("_count", Some(total))] {
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(suffix.as_bytes());
            out.extend_from_slice(labels);
            out.push(b' ');
            match write_value {
                None => float(out, sum),
                Some(n) => count(out, n),
            }
            out.push(b'\n');
        }
    }
    true
}

/// `name_bucket{labels,le="`: the labels rendered once, with the `le`
/// label added where their closing brace was.
fn bucket_prefix(out: &mut Vec<u8>, name: &str, labels: &[u8]) {
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(b"_bucket");
    match labels.split_last() {
        Some((_, open)) => {
            out.extend_from_slice(open);
            out.push(b',');
        }
        None => out.push(b'{'),
    }
    out.extend_from_slice(b"le=\"");
}

fn float_text(float: fn(&mut Vec<u8>, f64), v: f64) -> Vec<u8> {
    let mut text = Vec::new();
    float(&mut text, v);
    text
}

// ANCHOR: protobuf
/// One length-delimited `MetricFamily`. The counts' varints make sizes
/// depend on values, so every histogram is read first (once, into scratch
/// space), then the sizes are added up, then the bytes written.
fn write_protobuf(out: &mut Vec<u8>, family: &StreamedFamily<'_>) -> bool {
    let mut reads: Vec<(u64, f64)> = Vec::with_capacity(family.metrics.len());
    let mut cumulative: Vec<u64> = Vec::new();
    let mut buckets = Vec::new();
    let mut read: Vec<&dyn StreamedHistogram> = Vec::with_capacity(family.metrics.len());
    for h in family.histograms() {
        if !h.is_classic_only() {
            write_protobuf_messages(out, family);
            return true;
        }
        let Some((total, sum)) = h.read_classic(&mut buckets, true) else { return false };
        let mut running = 0;
        cumulative.extend(buckets.iter().map(|&n| {
            running += n;
            running
        }));
        reads.push((total, sum));
        read.push(h);
    }
    let varint = |v: u64| compute_raw_varint64_size(v);
    // Bucket: cumulative_count (1, varint), upper_bound (2, double).
    let bucket_len = |n: u64| 1 + varint(n) + 9;
    let mut sizes: Vec<(u64, u64)> = Vec::with_capacity(read.len());
    let mut offset = 0;
    let mut body = 1 + varint(family.name.len() as u64) + family.name.len() as u64;
    body += 1 + varint(family.help.len() as u64) + family.help.len() as u64 + 2;
    for (h, &(total, _)) in read.iter().zip(&reads) {
        let n = h.upper_bounds().len();
        let counts = &cumulative[offset..offset + n];
        offset += n;
        // Histogram: sample_count (1), sample_sum (2), the buckets (3).
        let histogram =
            1 + varint(total) + 9 + counts.iter().map(|&c| 1 + varint(bucket_len(c)) + bucket_len(c)).sum::<u64>();
        // Metric: the labels (1), the histogram (7).
        let metric = h.labels().proto.len() as u64 + 1 + varint(histogram) + histogram;
        body += 1 + varint(metric) + metric;
        sizes.push((metric, histogram));
    }
    out.reserve(body as usize + 10);
    let mut os = CodedOutputStream::vec(out);
    // Writing into a Vec cannot fail.
    let _ = (|| -> protobuf::Result<()> {
        os.write_raw_varint64(body)?;
        os.write_string(1, family.name)?;
        os.write_string(2, family.help)?;
        os.write_enum(3, MetricType::HISTOGRAM as i32)?;
        let mut offset = 0;
        for ((h, &(total, sum)), &(metric, histogram)) in read.iter().zip(&reads).zip(&sizes) {
            os.write_tag(4, WireType::LengthDelimited)?;
            os.write_raw_varint64(metric)?;
            os.write_raw_bytes(&h.labels().proto)?;
            os.write_tag(7, WireType::LengthDelimited)?;
            os.write_raw_varint64(histogram)?;
            os.write_uint64(1, total)?;
            os.write_double(2, sum)?;
            let bounds = h.upper_bounds();
            for (&bound, &count) in bounds.iter().zip(&cumulative[offset..offset + bounds.len()]) {
                os.write_tag(3, WireType::LengthDelimited)?;
                os.write_raw_varint64(bucket_len(count))?;
                os.write_uint64(1, count)?;
                os.write_double(2, bound)?;
            }
            offset += bounds.len();
        }
        os.flush()
    })();
    true
}
// ANCHOR_END: protobuf

/// The family with native buckets or exemplars in it. Each histogram is
/// written on its own first (its length comes before it): one with native
/// buckets and no exemplars from its snapshot (`write_native`), any other
/// from the `Histogram` message the gather path fills. The family's length
/// comes first too, so the body is written aside and then copied.
fn write_protobuf_messages(out: &mut Vec<u8>, family: &StreamedFamily<'_>) {
    let mut body = Vec::new();
    let mut one = Vec::new();
    let mut h = proto::Histogram::new();
    let mut os = CodedOutputStream::vec(&mut body);
    // Writing into a Vec cannot fail.
    let _ = (|| -> protobuf::Result<()> {
        os.write_string(1, family.name)?;
        os.write_string(2, family.help)?;
        os.write_enum(3, MetricType::HISTOGRAM as i32)?;
        for histogram in family.histograms() {
            one.clear();
            match histogram.native_snapshot() {
                Some(snap) => write_native(&mut one, &snap, histogram.upper_bounds())?,
                None => {
                    h.clear();
                    histogram.fill(&mut h);
                    h.write_to_vec(&mut one)?;
                }
            }
            let labels = &histogram.labels().proto;
            let histogram_len = one.len() as u64;
            let metric_len = labels.len() as u64 + 1 + compute_raw_varint64_size(histogram_len) + histogram_len;
            os.write_tag(4, WireType::LengthDelimited)?;
            os.write_raw_varint64(metric_len)?;
            os.write_raw_bytes(labels)?;
            os.write_tag(7, WireType::LengthDelimited)?;
            os.write_raw_varint64(histogram_len)?;
            os.write_raw_bytes(&one)?;
        }
        os.flush()
    })();
    drop(os);
    let mut os = CodedOutputStream::vec(out);
    let _ = os.write_raw_varint64(body.len() as u64).and_then(|()| os.write_raw_bytes(&body)).and_then(|()| os.flush());
}

// ANCHOR: write_native
/// A `Histogram` message with native buckets, field by field in field
/// order, as rust-protobuf writes the one the gather path fills: count,
/// sum, the classic buckets (cumulative), schema, zero threshold, zero
/// count, then each side's spans and deltas.
fn write_native(out: &mut Vec<u8>, snap: &NativeSnapshot, bounds: &[f64]) -> protobuf::Result<()> {
    let mut os = CodedOutputStream::vec(out);
    os.write_uint64(1, snap.count)?;
    os.write_double(2, snap.sum)?;
    let mut cumulative = 0;
    for (&bound, &n) in bounds.iter().zip(&snap.classic) {
        cumulative += n;
        os.write_tag(3, WireType::LengthDelimited)?;
        os.write_raw_varint64(1 + compute_raw_varint64_size(cumulative) + 9)?;
        os.write_uint64(1, cumulative)?;
        os.write_double(2, bound)?;
    }
    os.write_sint32(5, snap.schema)?;
    os.write_double(6, snap.zero_threshold)?;
    os.write_uint64(7, snap.zero_count)?;
    for (span_field, (spans, deltas)) in [(9, &snap.negative), (12, &snap.positive)] {
        for span in spans {
            let (offset, length) = (span.offset(), span.length());
            os.write_tag(span_field, WireType::LengthDelimited)?;
            os.write_raw_varint64(sint32_size(1, offset) + uint32_size(2, length))?;
            os.write_sint32(1, offset)?;
            os.write_uint32(2, length)?;
        }
        for &delta in deltas {
            os.write_sint64(span_field + 1, delta)?;
        }
    }
    os.flush()
}
// ANCHOR_END: write_native
