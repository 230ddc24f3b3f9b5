//! The series the streaming scrape writes straight from memory: promreg's
//! own counters, gauges, histograms and summaries, with their labels
//! rendered once.
//!
//! Go has no counterpart: every scrape, client_golang writes each series
//! into a protobuf `Metric` (labels copied, value boxed) and the encoder
//! renders the labels again. `Registry::write_scrape` (`scrape.rs`) instead
//! asks a series for its value and copies label bytes rendered the first
//! time the series was scraped, in the text formats' and protobuf's forms.

use std::any::Any;
use std::sync::OnceLock;

use protobuf::rt::{WireType, compute_raw_varint64_size};
use protobuf::{CodedOutputStream, Message};

use crate::encode::float::write_float;
use crate::encode::lines::write_labels;
use crate::metric::{Metric, ValueType};
use crate::proto::{self, LabelPair};

/// A series' label pairs as each format writes them.
#[derive(Debug)]
pub(crate) struct RenderedLabels {
    /// `{a="x",b="y"}` (empty without labels): text 0.0.4 and OpenMetrics
    /// escape label values alike.
    pub(crate) text: Box<[u8]>,
    /// The repeated `label` field of a protobuf `Metric`, tags included.
    pub(crate) proto: Box<[u8]>,
}

impl RenderedLabels {
    fn new(pairs: &[LabelPair]) -> RenderedLabels {
        let mut text = Vec::new();
        write_labels(&mut text, pairs, None, write_float);
        // A `Metric` with only its labels set encodes to exactly the label
        // field: rust-protobuf writes it, so the bytes are the gather path's.
        let mut m = proto::Metric::new();
        m.label = pairs.to_vec();
        let proto = m.write_to_bytes().unwrap_or_default();
        RenderedLabels { text: text.into(), proto: proto.into() }
    }
}

/// A series' labels, rendered at its first scrape and kept.
#[derive(Debug, Default)]
pub(crate) struct LabelsCache(OnceLock<RenderedLabels>);

impl LabelsCache {
    pub(crate) fn get(&self, pairs: &[LabelPair]) -> &RenderedLabels {
        self.0.get_or_init(|| RenderedLabels::new(pairs))
    }
}

/// A streamed series' labels: rendered once and kept (promreg's own
/// series, scraped again and again), or label pairs rendered as they are
/// written (a const metric, made for this one scrape, whose rendering
/// would not be used twice).
#[derive(Clone, Copy, Debug)]
pub(crate) enum SeriesLabels<'a> {
    Rendered(&'a RenderedLabels),
    Pairs(&'a [LabelPair]),
}

impl SeriesLabels<'_> {
    /// `{a="x",b="y"}`, or nothing without labels.
    pub(crate) fn write_text(self, out: &mut Vec<u8>) {
        match self {
            SeriesLabels::Rendered(rendered) => out.extend_from_slice(&rendered.text),
            SeriesLabels::Pairs(pairs) => write_labels(out, pairs, None, write_float),
        }
    }

    /// How many bytes [`write_proto`](SeriesLabels::write_proto) writes.
    pub(crate) fn proto_len(self) -> u64 {
        match self {
            SeriesLabels::Rendered(rendered) => rendered.proto.len() as u64,
            SeriesLabels::Pairs(pairs) => {
                pairs.iter().map(|pair| field_len(label_pair_len(pair))).sum()
            }
        }
    }

    /// The repeated `label` field of a protobuf `Metric`, as rust-protobuf
    /// writes it: each pair a message (field 1) of its name (1) and value
    /// (2), each written if set.
    pub(crate) fn write_proto(
        self,
        os: &mut CodedOutputStream<'_>,
    ) -> protobuf::Result<()> {
        match self {
            SeriesLabels::Rendered(rendered) => os.write_raw_bytes(&rendered.proto),
            SeriesLabels::Pairs(pairs) => pairs.iter().try_for_each(|pair| {
                os.write_tag(1, WireType::LengthDelimited)?;
                os.write_raw_varint64(label_pair_len(pair))?;
                if let Some(name) = &pair.name {
                    os.write_string(1, name)?;
                }
                if let Some(value) = &pair.value {
                    os.write_string(2, value)?;
                }
                Ok(())
            }),
        }
    }
}

/// The bytes of a length-delimited field (tag of a field number below 16,
/// length, contents) whose contents are `len` bytes long.
pub(crate) fn field_len(len: u64) -> u64 {
    1 + compute_raw_varint64_size(len) + len
}

/// The bytes of a `LabelPair` message's contents.
fn label_pair_len(pair: &LabelPair) -> u64 {
    let string =
        |s: &Option<protobuf::Chars>| s.as_ref().map_or(0, |s| field_len(s.len() as u64));
    string(&pair.name) + string(&pair.value)
}

/// A series with one value that the streaming scrape can write directly.
pub(crate) trait StreamedValue {
    /// Counter or gauge.
    fn value_type(&self) -> ValueType;
    /// The current value, read once.
    fn value(&self) -> f64;
    /// Its labels.
    fn labels(&self) -> SeriesLabels<'_>;
    /// Whether the series has an exemplar to show: then it takes the
    /// gather path, which writes exemplars.
    fn has_exemplar(&self) -> bool;
}

/// A histogram the streaming scrape can write directly.
pub(crate) trait StreamedHistogram {
    /// The finite bucket bounds.
    fn upper_bounds(&self) -> &[f64];
    /// The rendered labels.
    fn labels(&self) -> &RenderedLabels;
    /// One consistent read of what the text formats show: the count and
    /// the sum, and the non-cumulative count of each finite bucket into
    /// `buckets` (cleared first). `None`, reading nothing, if
    /// `exemplars_shown` and the histogram has exemplars: OpenMetrics shows
    /// them, so that family takes the gather path.
    fn read_classic(
        &self,
        buckets: &mut Vec<u64>,
        exemplars_shown: bool,
    ) -> Option<(u64, f64)>;
    /// Everything protobuf shows of it, as the gather path writes it.
    fn fill(&self, h: &mut proto::Histogram);
    /// A histogram with native buckets and no exemplars: its counts, read
    /// consistently. `None` otherwise.
    fn native_snapshot(&self) -> Option<crate::native_histogram::NativeSnapshot>;
}

/// A summary the streaming scrape can write directly.
pub(crate) trait StreamedSummary {
    /// The rendered labels.
    fn labels(&self) -> &RenderedLabels;
    /// Its count, sum and quantiles, as the gather path writes them, into
    /// `summary` (whose quantile vector is reused).
    fn fill(&self, summary: &mut proto::Summary);
}

/// What kind of series the streaming scrape writes a metric as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum StreamedKind {
    Value(ValueType),
    Histogram,
    Summary,
}

/// `metric` as a series with one value, if it is one of promreg's counters
/// or gauges.
pub(crate) fn streamed_value(metric: &dyn Metric) -> Option<&dyn StreamedValue> {
    let any: &dyn Any = metric;
    crate::counter::as_streamed(any).or_else(|| crate::gauge::as_streamed(any))
}

/// The kind of series the streaming scrape writes `metric` as, if it is one
/// of promreg's counters, gauges, histograms or summaries.
pub(crate) fn streamed_kind(metric: &dyn Metric) -> Option<StreamedKind> {
    if let Some(value) = streamed_value(metric) {
        return Some(StreamedKind::Value(value.value_type()));
    }
    let any: &dyn Any = metric;
    if crate::histogram::as_streamed(any).is_some() {
        Some(StreamedKind::Histogram)
    } else {
        crate::summary::as_streamed(any).map(|_| StreamedKind::Summary)
    }
}
