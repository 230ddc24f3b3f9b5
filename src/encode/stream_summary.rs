//! Writing a family of promreg's own summaries straight from memory, in
//! each format, with the bytes `text.rs`, `openmetrics.rs` and
//! `protobuf.rs` write for it gathered first. No Go counterpart (see
//! `stream.rs`). Each summary fills one reused protobuf `Summary` (its
//! quantiles are computed as the gather path computes them), which is then
//! written after the labels rendered once.

use protobuf::rt::{WireType, compute_raw_varint64_size};
use protobuf::{CodedOutputStream, Message};

use crate::encode::Format;
use crate::encode::float::{write_float, write_openmetrics_float};
use crate::encode::lines::{write_help, write_type};
use crate::encode::stream::StreamedFamily;
use crate::proto::{self, MetricType};

/// Appends the summary `family` in `format`.
pub(super) fn write(out: &mut Vec<u8>, format: Format, family: &StreamedFamily<'_>) -> bool {
    match format {
        Format::Text => write_text(out, family, write_float, false),
        Format::OpenMetrics => write_text(out, family, write_openmetrics_float, true),
        Format::ProtoDelim => write_protobuf(out, family),
        Format::ProtoText | Format::ProtoCompact => return false,
    }
    true
}

/// Text 0.0.4 or OpenMetrics: a line per quantile, then `_sum` and
/// `_count` (an integer in OpenMetrics).
fn write_text(out: &mut Vec<u8>, family: &StreamedFamily<'_>, float: fn(&mut Vec<u8>, f64), openmetrics: bool) {
    let name = family.name.as_bytes();
    write_help(out, family.name, family.help, openmetrics);
    write_type(out, family.name, " summary\n");
    let mut summary = proto::Summary::new();
    for s in family.summaries() {
        s.fill(&mut summary);
        let labels = &s.labels().text;
        for q in &summary.quantile {
            out.extend_from_slice(name);
            // `{labels,quantile="` where the labels' closing brace was.
            match labels.split_last() {
                Some((_, open)) => {
                    out.extend_from_slice(open);
                    out.push(b',');
                }
                None => out.push(b'{'),
            }
            out.extend_from_slice(b"quantile=\"");
            float(out, q.quantile());
            out.extend_from_slice(b"\"} ");
            float(out, q.value());
            out.push(b'\n');
        }
        out.extend_from_slice(name);
        out.extend_from_slice(b"_sum");
        out.extend_from_slice(labels);
        out.push(b' ');
        float(out, summary.sample_sum());
        out.push(b'\n');
        out.extend_from_slice(name);
        out.extend_from_slice(b"_count");
        out.extend_from_slice(labels);
        out.push(b' ');
        if openmetrics {
            out.extend_from_slice(itoa::Buffer::new().format(summary.sample_count()).as_bytes());
        } else {
            write_float(out, summary.sample_count() as f64);
        }
        out.push(b'\n');
    }
}

/// One length-delimited `MetricFamily`: each summary's message written
/// aside (its length comes first), the family's body too.
fn write_protobuf(out: &mut Vec<u8>, family: &StreamedFamily<'_>) {
    let mut body = Vec::new();
    let mut one = Vec::new();
    let mut summary = proto::Summary::new();
    let mut os = CodedOutputStream::vec(&mut body);
    // Writing into a Vec cannot fail.
    let _ = (|| -> protobuf::Result<()> {
        os.write_string(1, family.name)?;
        os.write_string(2, family.help)?;
        os.write_enum(3, MetricType::SUMMARY as i32)?;
        for s in family.summaries() {
            s.fill(&mut summary);
            one.clear();
            summary.write_to_vec(&mut one)?;
            let labels = &s.labels().proto;
            let summary_len = one.len() as u64;
            let metric_len = labels.len() as u64 + 1 + compute_raw_varint64_size(summary_len) + summary_len;
            os.write_tag(4, WireType::LengthDelimited)?;
            os.write_raw_varint64(metric_len)?;
            os.write_raw_bytes(labels)?;
            os.write_tag(4, WireType::LengthDelimited)?;
            os.write_raw_varint64(summary_len)?;
            os.write_raw_bytes(&one)?;
        }
        os.flush()
    })();
    drop(os);
    let mut os = CodedOutputStream::vec(out);
    let _ = os.write_raw_varint64(body.len() as u64).and_then(|()| os.write_raw_bytes(&body)).and_then(|()| os.flush());
}
