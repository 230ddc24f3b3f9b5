//! `Gauge`, a value that goes up and down. Mirrors `gauge.go`: one `f64`
//! kept as bits in an atomic, so `set` is a store and `add` a CAS loop.

use crate::sync::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::atomic_float::add_float;
use crate::desc::Desc;
use crate::metric::BoxError;
use crate::metric::{Metric, ValueType, populate_metric};
use crate::opts::Opts;
use crate::proto::{self, LabelPair};
use crate::streamed::{LabelsCache, SeriesLabels, StreamedValue};

/// A value that can go up and down, e.g. temperature or queue length.
/// Cloning gives another handle on the same gauge.
#[derive(Clone)]
pub struct Gauge(Arc<GaugeCore>);

impl std::fmt::Debug for Gauge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let core = &self.0;
        f.debug_struct("Gauge")
            .field("desc", &core.desc)
            .field("label_pairs", &core.label_pairs)
            .field("value", &self.get())
            .finish()
    }
}

struct GaugeCore {
    desc: Desc,
    label_pairs: Vec<LabelPair>,
    val_bits: AtomicU64,
    /// The labels as the streaming scrape writes them.
    rendered: LabelsCache,
}

impl Gauge {
    /// Go's `NewGauge`. Never fails: an invalid name is reported when the
    /// gauge is registered.
    pub fn new(opts: Opts) -> Gauge {
        Gauge::with_desc(opts.into_desc(Vec::new()), &[])
    }

    pub(crate) fn with_desc(desc: Desc, label_values: &[&str]) -> Gauge {
        let label_pairs = desc.label_pairs(label_values);
        Gauge(Arc::new(GaugeCore {
            desc,
            label_pairs,
            val_bits: AtomicU64::new(0f64.to_bits()),
            rendered: LabelsCache::default(),
        }))
    }

    /// Sets the gauge to `v`.
    pub fn set(&self, v: f64) {
        self.0.val_bits.store(v.to_bits(), Ordering::Relaxed);
    }

    /// Adds one.
    pub fn inc(&self) {
        self.add(1.0);
    }

    /// Subtracts one.
    pub fn dec(&self) {
        self.add(-1.0);
    }

    /// Adds `v`, which may be negative.
    pub fn add(&self, v: f64) {
        add_float(&self.0.val_bits, v);
    }

    /// Subtracts `v`.
    pub fn sub(&self, v: f64) {
        self.add(-v);
    }

    /// Sets the gauge to the current Unix time in seconds.
    pub fn set_to_current_time(&self) {
        let now = match SystemTime::now().duration_since(UNIX_EPOCH) {
            Ok(d) => d.as_secs_f64(),
            Err(before) => -before.duration().as_secs_f64(),
        };
        self.set(now);
    }

    /// The current value.
    pub fn get(&self) -> f64 {
        f64::from_bits(self.0.val_bits.load(Ordering::Relaxed))
    }
}

impl Metric for GaugeCore {
    fn desc(&self) -> &Desc {
        &self.desc
    }

    fn write(&self, out: &mut proto::Metric) -> Result<(), BoxError> {
        let value = f64::from_bits(self.val_bits.load(Ordering::Relaxed));
        populate_metric(ValueType::Gauge, value, &self.label_pairs, out);
        Ok(())
    }
}

impl StreamedValue for GaugeCore {
    fn value_type(&self) -> ValueType {
        ValueType::Gauge
    }

    fn value(&self) -> f64 {
        f64::from_bits(self.val_bits.load(Ordering::Relaxed))
    }

    fn labels(&self) -> SeriesLabels<'_> {
        SeriesLabels::Rendered(self.rendered.get(&self.label_pairs))
    }

    fn has_exemplar(&self) -> bool {
        false
    }
}

/// `metric` as a streamed series, if it is a gauge's.
pub(crate) fn as_streamed(metric: &dyn std::any::Any) -> Option<&dyn StreamedValue> {
    metric.downcast_ref::<GaugeCore>().map(|g| g as &dyn StreamedValue)
}

crate::collector::self_collector!(Gauge);
