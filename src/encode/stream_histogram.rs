//! Writing a family of promreg's own classic histograms straight from
//! memory, in each format, with the bytes `text.rs`, `openmetrics.rs` and
//! `protobuf.rs` write for it gathered first. No Go counterpart (see
//! `stream.rs`). Each histogram is read once, consistently (its hot/cold
//! swap or its lock), into reused scratch space.

use protobuf::rt::{WireType, compute_raw_varint64_size, sint32_size, uint32_size};
use protobuf::{CodedOutputStream, Message};

use crate::encode::Format;
use crate::encode::float::{write_float, write_openmetrics_float};
use crate::encode::lines::{write_help, write_type};
use crate::encode::stream::{
    StreamedFamily, open_sample_with_label, write_count, write_message_family,
    write_sum_and_count,
};
use crate::native_histogram::NativeSnapshot;
use crate::proto::{self, MetricType};

/// Appends the histogram `family` in `format`; false (the caller undoes
/// what was written) at a histogram with exemplars in OpenMetrics.
pub(super) fn write(
    out: &mut Vec<u8>,
    format: Format,
    family: &StreamedFamily<'_>,
) -> bool {
    match format {
        Format::Text => write_text(out, family, write_float, false),
        Format::OpenMetrics => write_text(out, family, write_openmetrics_float, true),
        Format::ProtoDelim => {
            write_protobuf(out, family);
            true
        }
        Format::ProtoText | Format::ProtoCompact => false,
    }
}

/// Text 0.0.4 (`openmetrics` false) or OpenMetrics: they differ in HELP's
/// escaping, in how floats look, and in counts (OpenMetrics writes them as
/// integers).
fn write_text(
    out: &mut Vec<u8>,
    family: &StreamedFamily<'_>,
    float: fn(&mut Vec<u8>, f64),
    openmetrics: bool,
) -> bool {
    let name = family.name;
    write_help(out, name, family.help, openmetrics);
    write_type(out, name, " histogram\n");
    let mut les: Vec<Vec<u8>> = Vec::new();
    let mut buckets = Vec::new();
    for h in family.histograms() {
        let Some((total, sum)) = h.read_classic(&mut buckets, openmetrics) else {
            return false;
        };
        let bounds = h.upper_bounds();
        if les.len() != bounds.len() + 1 {
            // The `le` values as written, once per family: a vec's
            // histograms share their bounds.
            les = bounds
                .iter()
                .chain([&f64::INFINITY])
                .map(|&b| float_text(float, b))
                .collect();
        }
        let labels = &h.labels().text;
        let bucket_line = |out: &mut Vec<u8>, le: &[u8], n: u64| {
            open_sample_with_label(out, name, "_bucket", labels, "le");
            out.extend_from_slice(le);
            out.extend_from_slice(b"\"} ");
            write_count(out, n, openmetrics);
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
        write_sum_and_count(out, name, labels, (sum, total), float, openmetrics);
    }
    true
}

fn float_text(float: fn(&mut Vec<u8>, f64), v: f64) -> Vec<u8> {
    let mut text = Vec::new();
    float(&mut text, v);
    text
}

/// One length-delimited `MetricFamily`, each histogram's message written
/// the cheapest way that gives the gather path's bytes: from its native
/// snapshot (`write_native`), from one read of its classic counts
/// (`write_classic`), or, with exemplars, from the `Histogram` message the
/// gather path fills.
fn write_protobuf(out: &mut Vec<u8>, family: &StreamedFamily<'_>) {
    let mut buckets = Vec::new();
    let mut h = proto::Histogram::new();
    let histograms =
        family.histograms().map(|histogram| (&*histogram.labels().proto, histogram));
    write_message_family(
        out,
        family,
        MetricType::HISTOGRAM,
        7,
        histograms,
        |histogram, one| {
            let bounds = histogram.upper_bounds();
            if let Some(snap) = histogram.native_snapshot() {
                return write_native(one, &snap, bounds);
            }
            match histogram.read_classic(&mut buckets, true) {
                Some((count, sum)) => {
                    let mut os = CodedOutputStream::vec(one);
                    write_classic(&mut os, count, sum, bounds, &buckets)?;
                    os.flush()
                }
                None => {
                    h.clear();
                    histogram.fill(&mut h);
                    h.write_to_vec(one)
                }
            }
        },
    );
}

/// What a histogram message holds without native buckets: count (1), sum
/// (2), and each finite bucket (3) with its cumulative count (1) and bound
/// (2). `counts` are per bucket, not cumulative.
fn write_classic(
    os: &mut CodedOutputStream<'_>,
    count: u64,
    sum: f64,
    bounds: &[f64],
    counts: &[u64],
) -> protobuf::Result<()> {
    os.write_uint64(1, count)?;
    os.write_double(2, sum)?;
    let mut cumulative = 0;
    for (&bound, &n) in bounds.iter().zip(counts) {
        cumulative += n;
        os.write_tag(3, WireType::LengthDelimited)?;
        os.write_raw_varint64(1 + compute_raw_varint64_size(cumulative) + 9)?;
        os.write_uint64(1, cumulative)?;
        os.write_double(2, bound)?;
    }
    Ok(())
}

// ANCHOR: write_native
/// A `Histogram` message with native buckets, field by field in field
/// order, as rust-protobuf writes the one the gather path fills: count,
/// sum, the classic buckets (cumulative), schema, zero threshold, zero
/// count, then each side's spans and deltas.
fn write_native(
    out: &mut Vec<u8>,
    snap: &NativeSnapshot,
    bounds: &[f64],
) -> protobuf::Result<()> {
    let mut os = CodedOutputStream::vec(out);
    write_classic(&mut os, snap.count, snap.sum, bounds, &snap.classic)?;
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
