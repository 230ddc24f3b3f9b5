//! Writing a family of promreg's own summaries straight from memory, in
//! each format, with the bytes `text.rs`, `openmetrics.rs` and
//! `protobuf.rs` write for it gathered first. No Go counterpart (see
//! `stream.rs`). Each summary fills one reused protobuf `Summary` (its
//! quantiles are computed as the gather path computes them), which is then
//! written after the labels rendered once.

use protobuf::Message;

use crate::encode::Format;
use crate::encode::float::{write_float, write_openmetrics_float};
use crate::encode::lines::{write_help, write_type};
use crate::encode::stream::{
    StreamedFamily, open_sample_with_label, write_message_family, write_sum_and_count,
};
use crate::proto::{self, MetricType};

/// Appends the summary `family` in `format`.
pub(super) fn write(
    out: &mut Vec<u8>,
    format: Format,
    family: &StreamedFamily<'_>,
) -> bool {
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
fn write_text(
    out: &mut Vec<u8>,
    family: &StreamedFamily<'_>,
    float: fn(&mut Vec<u8>, f64),
    openmetrics: bool,
) {
    write_help(out, family.name, family.help, openmetrics);
    write_type(out, family.name, " summary\n");
    let mut summary = proto::Summary::new();
    for s in family.summaries() {
        s.fill(&mut summary);
        let labels = &s.labels().text;
        for q in &summary.quantile {
            open_sample_with_label(out, family.name, "", labels, "quantile");
            float(out, q.quantile());
            out.extend_from_slice(b"\"} ");
            float(out, q.value());
            out.push(b'\n');
        }
        let sum_and_count = (summary.sample_sum(), summary.sample_count());
        write_sum_and_count(out, family.name, labels, sum_and_count, float, openmetrics);
    }
}

/// One length-delimited `MetricFamily` of the summaries' messages, filled
/// by the code the gather path uses.
fn write_protobuf(out: &mut Vec<u8>, family: &StreamedFamily<'_>) {
    let mut summary = proto::Summary::new();
    let summaries = family.summaries().map(|s| (&*s.labels().proto, s));
    write_message_family(out, family, MetricType::SUMMARY, 4, summaries, |s, one| {
        s.fill(&mut summary);
        summary.write_to_vec(one)
    });
}
