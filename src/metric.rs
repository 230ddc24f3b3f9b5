//! The `Metric` trait, one series that can write itself into a protobuf
//! `Metric`, and the metrics built for a single scrape: const metrics, a
//! metric with an explicit timestamp, and an invalid metric. Mirrors
//! `metric.go` and `value.go` of client_golang 1.14.

use std::any::Any;
use std::fmt;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::desc::Desc;
use crate::label_error::LabelError;
use crate::proto::{self, LabelPair};
use crate::streamed::{SeriesLabels, StreamedValue};

/// An error a metric's `write` may return.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// One series: a desc, and a way to write its current value.
///
/// `write` fills `out` with the label pairs (sorted by name) and the one
/// value field that matches the metric's type. It may be called from several
/// threads at once. `desc` must return the same descriptor every time.
///
/// (`Any` lets the streaming scrape recognise promreg's own metrics, which
/// it writes without `write`; see [`Registry::write_scrape`](crate::Registry::write_scrape).)
// ANCHOR: metric_trait
pub trait Metric: Any + Send + Sync {
    /// The metric's descriptor, the same on every call.
    fn desc(&self) -> &Desc;

    /// Writes the label pairs and the current value into `out`.
    fn write(&self, out: &mut proto::Metric) -> Result<(), BoxError>;

    /// [`write`](Metric::write) for a metric the caller holds the last
    /// handle on: a metric made for one scrape (a const metric) can move
    /// its label pairs out instead of cloning them. The default just writes.
    fn write_owned(self: Arc<Self>, out: &mut proto::Metric) -> Result<(), BoxError> {
        self.write(out)
    }

    /// This metric as a shared `Arc<dyn Metric>`, for sending on a collect
    /// channel. Promreg's own metrics are handles on shared state and
    /// return that state, allocating nothing; the default wraps a clone.
    fn shared(&self) -> Arc<dyn Metric>
    where
        Self: Clone + Sized + 'static,
    {
        Arc::new(self.clone())
    }
}
// ANCHOR_END: metric_trait

/// Which value field a simple metric writes (Go's `ValueType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueType {
    /// A counter's `value`.
    Counter,
    /// A gauge's `value`.
    Gauge,
    /// An untyped `value`.
    Untyped,
}

// ANCHOR: populate_metric
/// Go's `populateMetric`: labels, then the one value field of `value_type`.
pub(crate) fn populate_metric(
    value_type: ValueType,
    value: f64,
    labels: &[LabelPair],
    out: &mut proto::Metric,
) {
    out.label = labels.to_vec();
    match value_type {
        ValueType::Counter => out.counter.mut_or_insert_default().value = Some(value),
        ValueType::Gauge => out.gauge.mut_or_insert_default().value = Some(value),
        ValueType::Untyped => out.untyped.mut_or_insert_default().value = Some(value),
    }
}
// ANCHOR_END: populate_metric

/// A metric whose value is fixed when it is made: what a custom collector
/// builds on every `collect` from data it just read (Go's `constMetric`).
#[derive(Debug)]
pub struct ConstMetric {
    desc: Desc,
    value_type: ValueType,
    value: f64,
    label_pairs: Vec<LabelPair>,
}

impl ConstMetric {
    /// A const metric from parts already checked.
    pub(crate) fn from_parts(
        desc: Desc,
        value_type: ValueType,
        value: f64,
        label_pairs: Vec<LabelPair>,
    ) -> ConstMetric {
        ConstMetric { desc, value_type, value, label_pairs }
    }

    /// Its label pairs, sorted by name.
    pub(crate) fn label_pairs(&self) -> &[LabelPair] {
        &self.label_pairs
    }
}

/// The streaming scrape writes a const metric's family itself when it can
/// (`const_families.rs`); its labels are rendered as they are written,
/// since the metric lives for one scrape.
impl StreamedValue for ConstMetric {
    fn value_type(&self) -> ValueType {
        self.value_type
    }

    fn value(&self) -> f64 {
        self.value
    }

    fn labels(&self) -> SeriesLabels<'_> {
        SeriesLabels::Pairs(&self.label_pairs)
    }

    fn has_exemplar(&self) -> bool {
        false
    }
}

/// Go's `NewConstMetric`. Fails with the desc's own error if it is invalid,
/// or when the number of label values differs from the desc's variable labels.
pub fn new_const_metric(
    desc: &Desc,
    value_type: ValueType,
    value: f64,
    label_values: &[&str],
) -> Result<ConstMetric, LabelError> {
    let label_pairs = const_label_pairs(desc, label_values)?;
    Ok(ConstMetric { desc: desc.clone(), value_type, value, label_pairs })
}

/// What every `NewConst*` checks, in Go's order: the desc's own error, then
/// the number of label values. Gives the series' label pairs.
pub(crate) fn const_label_pairs(
    desc: &Desc,
    label_values: &[&str],
) -> Result<Vec<LabelPair>, LabelError> {
    if desc.err().is_some() {
        return Err(LabelError::InvalidDesc(desc.clone()));
    }
    validate_label_values(label_values, desc.variable_labels().len())?;
    Ok(desc.label_pairs(label_values))
}

/// Go's `MustNewConstMetric`: [`new_const_metric`] that panics on error.
/// Only for descs and label values known to be right.
pub fn must_new_const_metric(
    desc: &Desc,
    value_type: ValueType,
    value: f64,
    label_values: &[&str],
) -> ConstMetric {
    new_const_metric(desc, value_type, value, label_values)
        .unwrap_or_else(|err| panic!("{err}"))
}

/// Go's `validateLabelValues`: the count must match. (Go also checks UTF-8,
/// which a Rust `&str` guarantees.)
pub(crate) fn validate_label_values(
    values: &[&str],
    expected: usize,
) -> Result<(), LabelError> {
    if values.len() != expected {
        return Err(LabelError::InconsistentCardinality {
            expected,
            values: values.iter().map(|v| v.to_string()).collect(),
        });
    }
    Ok(())
}

impl Metric for ConstMetric {
    fn desc(&self) -> &Desc {
        &self.desc
    }

    fn write(&self, out: &mut proto::Metric) -> Result<(), BoxError> {
        populate_metric(self.value_type, self.value, &self.label_pairs, out);
        Ok(())
    }

    fn write_owned(self: Arc<Self>, out: &mut proto::Metric) -> Result<(), BoxError> {
        match Arc::try_unwrap(self) {
            Ok(me) => {
                populate_metric(me.value_type, me.value, &[], out);
                out.label = me.label_pairs;
                Ok(())
            }
            Err(shared) => shared.write(out),
        }
    }
}

/// A metric that reports an explicit timestamp (Go's `timestampedMetric`).
pub struct MetricWithTimestamp {
    timestamp_ms: i64,
    metric: Arc<dyn Metric>,
}

impl fmt::Debug for MetricWithTimestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let desc = self.metric.desc();
        f.debug_struct("MetricWithTimestamp")
            .field("timestamp_ms", &self.timestamp_ms)
            .field("desc", desc)
            .finish_non_exhaustive()
    }
}

/// Go's `NewMetricWithTimestamp`: `metric`, stamped with `t` in milliseconds
/// since the epoch, rounded down (times before 1970 give negative stamps).
/// Only for metrics whose value really was observed at another time.
pub fn new_metric_with_timestamp(
    t: SystemTime,
    metric: Arc<dyn Metric>,
) -> MetricWithTimestamp {
    MetricWithTimestamp { timestamp_ms: unix_millis_floor(t), metric }
}

fn unix_millis_floor(t: SystemTime) -> i64 {
    match t.duration_since(UNIX_EPOCH) {
        Ok(after) => i64::try_from(after.as_millis()).unwrap_or(i64::MAX),
        Err(before) => {
            let ms = before.duration().as_nanos().div_ceil(1_000_000);
            i64::try_from(ms).map_or(i64::MIN, |ms| -ms)
        }
    }
}

impl Metric for MetricWithTimestamp {
    fn desc(&self) -> &Desc {
        self.metric.desc()
    }

    fn write(&self, out: &mut proto::Metric) -> Result<(), BoxError> {
        let result = self.metric.write(out);
        // Go stamps the metric even when the inner write failed.
        out.timestamp_ms = Some(self.timestamp_ms);
        result
    }

    fn write_owned(self: Arc<Self>, out: &mut proto::Metric) -> Result<(), BoxError> {
        match Arc::try_unwrap(self) {
            Ok(me) => {
                let result = me.metric.write_owned(out);
                out.timestamp_ms = Some(me.timestamp_ms);
                result
            }
            Err(shared) => shared.write(out),
        }
    }
}

/// A metric whose `write` always fails with one error (Go's
/// `NewInvalidMetric`): how a collector reports that it could not read a
/// value, so that the scrape shows the error.
#[derive(Debug)]
pub struct InvalidMetric {
    desc: Desc,
    err: Arc<dyn std::error::Error + Send + Sync>,
}

/// Go's `NewInvalidMetric`.
pub fn new_invalid_metric(desc: Desc, err: impl Into<BoxError>) -> InvalidMetric {
    InvalidMetric { desc, err: Arc::from(err.into()) }
}

impl Metric for InvalidMetric {
    fn desc(&self) -> &Desc {
        &self.desc
    }

    fn write(&self, _out: &mut proto::Metric) -> Result<(), BoxError> {
        Err(Box::new(SharedError(self.err.clone())))
    }
}

/// Lets one stored error be returned from every `write`.
struct SharedError(Arc<dyn std::error::Error + Send + Sync>);

impl fmt::Debug for SharedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl fmt::Display for SharedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl std::error::Error for SharedError {}

#[cfg(test)]
mod tests {
    use super::unix_millis_floor;
    use std::time::{Duration, UNIX_EPOCH};

    #[test]
    fn timestamps_round_down() {
        let cases = [
            (1_234_567_890_123_456_789i128, 1_234_567_890_123),
            (-1_500_000_000, -1500),
            (-1, -1),
        ];
        for (nanos, want) in cases {
            let t = if nanos >= 0 {
                UNIX_EPOCH + Duration::from_nanos(nanos as u64)
            } else {
                UNIX_EPOCH - Duration::from_nanos((-nanos) as u64)
            };
            assert_eq!(unix_millis_floor(t), want, "{nanos} ns");
        }
    }
}
