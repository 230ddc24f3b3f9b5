//! The `Collector` trait: anything that can describe the metrics it will
//! produce and then produce them on demand. Mirrors `collector.go`.
//!
//! Go passes channels to `Describe` and `Collect`; promreg passes
//! crossbeam-channel senders, so a collector can be driven from any thread,
//! and the registry can collect many collectors at once.

use std::any::Any;
use std::sync::Arc;

use crossbeam_channel::Sender;

use crate::desc::Desc;
use crate::metric::Metric;
use crate::quiet_panic::{Caught, catch_quietly};

/// Metrics shared between a collector and the gathers that read them.
pub type SharedMetrics = Arc<[Arc<dyn Metric>]>;

/// Something the registry can describe and collect.
///
/// `describe` sends every descriptor `collect` may ever use, once each; the
/// registry uses them to refuse conflicting registrations. A collector whose
/// `describe` sends nothing is *unchecked*: the registry accepts it without
/// those checks and cannot unregister it, exactly as in Go.
///
/// `collect` may be called concurrently with itself and with `describe`, so
/// implementations must be thread-safe; it sends one [`Metric`] per series.
///
/// The `Any` bound lets the holder of an `AlreadyRegisteredError` downcast
/// the existing collector (`(c as &dyn Any).downcast_ref::<Counter>()`).
// ANCHOR: trait
pub trait Collector: Any + Send + Sync {
    /// Sends the descriptors of every metric this collector produces.
    fn describe(&self, descs: &Sender<Desc>);

    /// Sends one metric per series, as of now.
    fn collect(&self, metrics: &Sender<Arc<dyn Metric>>);

    /// For a collector whose metrics are ready in memory: what `collect`
    /// would send, as one shared slice. The registry then reads them in
    /// place on the gathering thread, with no channel, no hand-over between
    /// threads and no reference count per metric. promreg's own metrics and
    /// vecs do this; the default, `None`, is for collectors that read,
    /// compute or wait when collecting, which run on the worker pool.
    fn metrics_in_memory(&self) -> Option<SharedMetrics> {
        None
    }

    /// How errors name this collector (a panic in `collect`): its type, by
    /// default.
    fn type_name(&self) -> &'static str {
        std::any::type_name::<Self>()
    }
}
// ANCHOR_END: trait

/// Go's embedded `selfCollector`, for promreg's metric handles: a handle
/// `$handle(Arc<Core>)` whose core is the metric becomes a metric (by
/// delegation) and a collector of itself: `describe` sends its desc,
/// `collect` sends the shared core, which allocates nothing.
macro_rules! self_collector {
    ($handle:ty) => {
        impl $crate::metric::Metric for $handle {
            fn desc(&self) -> &$crate::desc::Desc {
                $crate::metric::Metric::desc(&*self.0)
            }

            fn write(
                &self,
                out: &mut $crate::proto::Metric,
            ) -> Result<(), $crate::metric::BoxError> {
                $crate::metric::Metric::write(&*self.0, out)
            }

            fn shared(&self) -> std::sync::Arc<dyn $crate::metric::Metric> {
                self.0.clone()
            }
        }

        impl $crate::collector::Collector for $handle {
            fn describe(&self, descs: &crossbeam_channel::Sender<$crate::desc::Desc>) {
                let _ = descs.send($crate::metric::Metric::desc(self).clone());
            }

            fn collect(
                &self,
                metrics: &crossbeam_channel::Sender<
                    std::sync::Arc<dyn $crate::metric::Metric>,
                >,
            ) {
                let _ = metrics.send($crate::metric::Metric::shared(self));
            }

            fn metrics_in_memory(&self) -> Option<$crate::collector::SharedMetrics> {
                Some(std::sync::Arc::new([$crate::metric::Metric::shared(self)]))
            }
        }
    };
}
pub(crate) use self_collector;

/// A shared collector is a collector: register an `Arc` clone and keep
/// another to reach the collector's state (Go would share a pointer).
impl<C: Collector> Collector for std::sync::Arc<C> {
    fn describe(&self, descs: &Sender<Desc>) {
        (**self).describe(descs)
    }

    fn collect(&self, metrics: &Sender<Arc<dyn Metric>>) {
        (**self).collect(metrics)
    }

    fn metrics_in_memory(&self) -> Option<SharedMetrics> {
        (**self).metrics_in_memory()
    }

    fn type_name(&self) -> &'static str {
        (**self).type_name()
    }
}

/// Go's `DescribeByCollect`: describes a collector by running `collect` and
/// sending each metric's desc. Handy for collectors whose descs are only known
/// by collecting; each desc must still be the same on every run.
pub fn describe_by_collect(collector: &dyn Collector, descs: &Sender<Desc>) {
    let (tx, rx) = crossbeam_channel::unbounded();
    collector.collect(&tx);
    drop(tx);
    for metric in rx {
        if descs.send(metric.desc().clone()).is_err() {
            return;
        }
    }
}

/// The error a panicking `collect` turns into: the gather reports it and
/// keeps what the collector sent before panicking. Its text is one line:
/// the panic's message, the collector's type and where it panicked.
/// (client_golang 1.14 crashes the process; client_golang 1.24 and later
/// recover too, but report the panic twice, with its type and stack.)
#[derive(Debug)]
pub struct CollectorPanic {
    /// The text the panic was raised with.
    pub message: String,
    /// The panicking collector's [`Collector::type_name`].
    pub collector: &'static str,
    /// `file:line` where the panic was raised, if known.
    pub site: Option<String>,
}

impl std::fmt::Display for CollectorPanic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "prometheus collector panic recovered: {} (collector {}",
            self.message, self.collector
        )?;
        match &self.site {
            Some(site) => write!(f, ", at {site})"),
            None => f.write_str(")"),
        }
    }
}

impl std::error::Error for CollectorPanic {}

/// Runs `describe` and returns the descs it sent, or the panic message.
pub(crate) fn describe_safely(collector: &dyn Collector) -> Result<Vec<Desc>, String> {
    let (tx, rx) = crossbeam_channel::unbounded();
    catch_quietly(|| collector.describe(&tx)).map_err(|caught| caught.message)?;
    drop(tx);
    Ok(rx.into_iter().collect())
}

/// Runs `collect`; a panic becomes an invalid metric carrying the message.
pub(crate) fn collect_safely(
    collector: &dyn Collector,
    metrics: &Sender<Arc<dyn Metric>>,
) {
    if let Err(caught) = catch_quietly(|| collector.collect(metrics)) {
        let _ = metrics.send(panicked(collector, caught));
    }
}

/// Asks for the collector's metrics in memory; a panic becomes an invalid
/// metric carrying the message, as in `collect_safely`.
pub(crate) fn metrics_in_memory_safely(
    collector: &dyn Collector,
) -> Option<SharedMetrics> {
    catch_quietly(|| collector.metrics_in_memory())
        .unwrap_or_else(|caught| Some(Arc::new([panicked(collector, caught)])))
}

/// The invalid metric a panic turns into.
fn panicked(collector: &dyn Collector, caught: Caught) -> Arc<dyn Metric> {
    let panic = CollectorPanic {
        message: caught.message,
        collector: collector.type_name(),
        site: caught.site,
    };
    Arc::new(crate::metric::new_invalid_metric(
        Desc::new_invalid(panic),
        "collector panicked",
    ))
}
