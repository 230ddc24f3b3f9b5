//! Func metrics: a counter, gauge or untyped metric whose value a closure
//! gives at each scrape, for values that live elsewhere (a pool's size, a
//! cache's hit count). Mirrors `valueFunc` (`value.go`) and `NewCounterFunc`,
//! `NewGaugeFunc`, `NewUntypedFunc` of client_golang 1.14.
//!
//! Go calls the function in `Write`; promreg calls it in `collect`, which
//! the gather runs with panics caught: a closure that panics is reported as
//! a panicking collector is (`prometheus collector panic recovered: ...`),
//! where Go 1.14 would crash.

use std::fmt;
use std::sync::Arc;

use crossbeam_channel::Sender;

use crate::collector::Collector;
use crate::desc::Desc;
use crate::metric::{BoxError, ConstMetric, Metric, ValueType, populate_metric};
use crate::opts::Opts;
use crate::proto::{self, LabelPair};

/// A metric read from a closure at each scrape (Go's `valueFunc`): a
/// [`CounterFunc`], [`GaugeFunc`] or [`UntypedFunc`]. Register it as a
/// collector; cloning gives another handle on the same one.
#[derive(Clone)]
pub struct ValueFunc(Arc<ValueFuncCore>);

struct ValueFuncCore {
    desc: Desc,
    value_type: ValueType,
    label_pairs: Vec<LabelPair>,
    function: Box<dyn Fn() -> f64 + Send + Sync>,
}

/// Go's `CounterFunc`: the closure must give values that only go up.
pub type CounterFunc = ValueFunc;
/// Go's `GaugeFunc`.
pub type GaugeFunc = ValueFunc;
/// Go's `UntypedFunc`.
pub type UntypedFunc = ValueFunc;

/// Go's `NewCounterFunc`: a counter whose value `function` gives at each
/// scrape. An invalid name is reported on registration.
pub fn new_counter_func(
    opts: Opts,
    function: impl Fn() -> f64 + Send + Sync + 'static,
) -> CounterFunc {
    ValueFunc::new(opts, ValueType::Counter, Box::new(function))
}

/// Go's `NewGaugeFunc`.
pub fn new_gauge_func(
    opts: Opts,
    function: impl Fn() -> f64 + Send + Sync + 'static,
) -> GaugeFunc {
    ValueFunc::new(opts, ValueType::Gauge, Box::new(function))
}

/// Go's `NewUntypedFunc`.
pub fn new_untyped_func(
    opts: Opts,
    function: impl Fn() -> f64 + Send + Sync + 'static,
) -> UntypedFunc {
    ValueFunc::new(opts, ValueType::Untyped, Box::new(function))
}

impl ValueFunc {
    fn new(
        opts: Opts,
        value_type: ValueType,
        function: Box<dyn Fn() -> f64 + Send + Sync>,
    ) -> ValueFunc {
        let desc = opts.into_desc(Vec::new());
        let label_pairs = desc.label_pairs(&[]);
        ValueFunc(Arc::new(ValueFuncCore { desc, value_type, label_pairs, function }))
    }

    /// The value the closure gives now.
    pub fn get(&self) -> f64 {
        (self.0.function)()
    }
}

impl fmt::Debug for ValueFunc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let core = &self.0;
        f.debug_struct("ValueFunc")
            .field("desc", &core.desc)
            .field("value_type", &core.value_type)
            .finish_non_exhaustive()
    }
}

impl Metric for ValueFunc {
    fn desc(&self) -> &Desc {
        &self.0.desc
    }

    fn write(&self, out: &mut proto::Metric) -> Result<(), BoxError> {
        populate_metric(self.0.value_type, self.get(), &self.0.label_pairs, out);
        Ok(())
    }
}

impl Collector for ValueFunc {
    fn describe(&self, descs: &Sender<Desc>) {
        let _ = descs.send(self.0.desc.clone());
    }

    /// Reads the closure here, where a panic is caught, and sends its value.
    fn collect(&self, metrics: &Sender<Arc<dyn Metric>>) {
        let core = &self.0;
        let value = self.get();
        let metric = ConstMetric::from_parts(
            core.desc.clone(),
            core.value_type,
            value,
            core.label_pairs.clone(),
        );
        let _ = metrics.send(Arc::new(metric));
    }
}
