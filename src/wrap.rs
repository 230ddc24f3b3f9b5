//! Wrapping a registerer: every collector registered through it gets extra
//! const labels, or a name prefix, on its descs and on every metric it
//! collects. Mirrors `wrap.go` of client_golang 1.14 (`Registerer`,
//! `WrapRegistererWith`, `WrapRegistererWithPrefix`), for a library that
//! registers its metrics into whatever registerer its caller gives it.

use std::any::Any;
use std::fmt;
use std::sync::Arc;

use crossbeam_channel::Sender;

use crate::collector::Collector;
use crate::desc::{Desc, DescError};
use crate::labels::{Labels, label_pair};
use crate::metric::{BoxError, Metric};
use crate::proto::{self, LabelPair};
use crate::registry::{RegisterError, Registry};

/// Go's `Registerer`: what collectors are registered with, a [`Registry`]
/// or a wrapping of one.
pub trait Registerer {
    /// Registers `collector` (see [`Registry::register`]).
    fn register(&self, collector: Box<dyn Collector>) -> Result<(), RegisterError>;

    /// Unregisters the collector equal to `collector`; whether one was.
    fn unregister(&self, collector: &dyn Collector) -> bool;

    /// Registers each collector in turn; panics on the first error (the
    /// ones before it stay registered).
    fn must_register(&self, collectors: impl IntoIterator<Item = Box<dyn Collector>>)
    where
        Self: Sized,
    {
        for collector in collectors {
            if let Err(err) = self.register(collector) {
                panic!("{err}");
            }
        }
    }
}

impl Registerer for Registry {
    fn register(&self, collector: Box<dyn Collector>) -> Result<(), RegisterError> {
        Registry::register(self, collector)
    }

    fn unregister(&self, collector: &dyn Collector) -> bool {
        Registry::unregister(self, collector)
    }
}

impl<R: Registerer + ?Sized> Registerer for &R {
    fn register(&self, collector: Box<dyn Collector>) -> Result<(), RegisterError> {
        (**self).register(collector)
    }

    fn unregister(&self, collector: &dyn Collector) -> bool {
        (**self).unregister(collector)
    }
}

impl<R: Registerer + ?Sized> Registerer for Arc<R> {
    fn register(&self, collector: Box<dyn Collector>) -> Result<(), RegisterError> {
        (**self).register(collector)
    }

    fn unregister(&self, collector: &dyn Collector) -> bool {
        (**self).unregister(collector)
    }
}

/// A registerer that wraps what is registered through it (Go's
/// `wrappingRegisterer`), made by [`wrap_registerer_with`] or
/// [`wrap_registerer_with_prefix`].
#[derive(Debug)]
pub struct WrappingRegisterer<R> {
    inner: R,
    prefix: String,
    labels: Labels,
}

/// Go's `WrapRegistererWith`: collectors registered through the result are
/// registered with `reg`, their descs and metrics carrying `labels` as
/// extra const labels. A label that a desc has already makes that desc
/// invalid (so registering fails); one that is a variable label makes its
/// names collide (Go's "duplicate label names").
pub fn wrap_registerer_with<R: Registerer>(
    labels: Labels,
    reg: R,
) -> WrappingRegisterer<R> {
    WrappingRegisterer { inner: reg, prefix: String::new(), labels }
}

/// Go's `WrapRegistererWithPrefix`: as [`wrap_registerer_with`], with
/// `prefix` put before every name (`prefix` followed by the name, nothing
/// between: give it its own trailing `_`).
pub fn wrap_registerer_with_prefix<R: Registerer>(
    prefix: impl Into<String>,
    reg: R,
) -> WrappingRegisterer<R> {
    WrappingRegisterer { inner: reg, prefix: prefix.into(), labels: Labels::new() }
}

impl<R: Registerer> Registerer for WrappingRegisterer<R> {
    fn register(&self, collector: Box<dyn Collector>) -> Result<(), RegisterError> {
        let wrapped = WrappingCollector {
            wrapped: Arc::from(collector),
            prefix: self.prefix.clone(),
            labels: self.labels.clone(),
        };
        self.inner.register(Box::new(wrapped))
    }

    fn unregister(&self, collector: &dyn Collector) -> bool {
        let (tx, rx) = crossbeam_channel::unbounded();
        collector.describe(&tx);
        drop(tx);
        let descs =
            rx.into_iter().map(|d| wrap_desc(&d, &self.prefix, &self.labels)).collect();
        self.inner.unregister(&Describing(descs))
    }
}

/// A collector that only describes: what a wrapped collector would
/// describe, to unregister it.
struct Describing(Vec<Desc>);

impl Collector for Describing {
    fn describe(&self, descs: &Sender<Desc>) {
        self.0.iter().for_each(|d| drop(descs.send(d.clone())));
    }

    fn collect(&self, _: &Sender<Arc<dyn Metric>>) {}
}

/// Go's `wrappingCollector`.
pub(crate) struct WrappingCollector {
    wrapped: Arc<dyn Collector>,
    prefix: String,
    labels: Labels,
}

impl Collector for WrappingCollector {
    /// The wrapped collector's: errors name what panicked.
    fn type_name(&self) -> &'static str {
        self.wrapped.type_name()
    }

    fn describe(&self, descs: &Sender<Desc>) {
        let (tx, rx) = crossbeam_channel::unbounded();
        self.wrapped.describe(&tx);
        drop(tx);
        for desc in rx {
            if descs.send(wrap_desc(&desc, &self.prefix, &self.labels)).is_err() {
                return;
            }
        }
    }

    fn collect(&self, metrics: &Sender<Arc<dyn Metric>>) {
        let (tx, rx) = crossbeam_channel::unbounded();
        self.wrapped.collect(&tx);
        drop(tx);
        let labels: Vec<LabelPair> =
            self.labels.iter().map(|(n, v)| label_pair(n, v)).collect();
        // Metrics of one desc mostly come together: wrap each desc once.
        let mut last: Option<(Desc, Desc)> = None;
        for metric in rx {
            let desc = match &last {
                Some((inner, wrapped)) if inner.is(metric.desc()) => wrapped.clone(),
                _ => {
                    let wrapped = wrap_desc(metric.desc(), &self.prefix, &self.labels);
                    last = Some((metric.desc().clone(), wrapped.clone()));
                    wrapped
                }
            };
            let wrapped = WrappingMetric { desc, metric, labels: labels.clone() };
            if metrics.send(Arc::new(wrapped)).is_err() {
                return;
            }
        }
    }
}

/// Go's `unwrapRecursively`: the collector inside any wrappings, as Go's
/// `Register` reports it in an `AlreadyRegisteredError`.
pub(crate) fn unwrap_recursively(collector: Arc<dyn Collector>) -> Arc<dyn Collector> {
    match (collector.as_ref() as &dyn Any).downcast_ref::<WrappingCollector>() {
        Some(wrapping) => unwrap_recursively(wrapping.wrapped.clone()),
        None => collector,
    }
}

/// Go's `wrappingMetric`: the wrapped metric, under the wrapped desc, with
/// the wrapper's labels added.
struct WrappingMetric {
    desc: Desc,
    metric: Arc<dyn Metric>,
    labels: Vec<LabelPair>,
}

impl Metric for WrappingMetric {
    fn desc(&self) -> &Desc {
        &self.desc
    }

    fn write(&self, out: &mut proto::Metric) -> Result<(), BoxError> {
        self.metric.write(out)?;
        if !self.labels.is_empty() {
            out.label.extend(self.labels.iter().cloned());
            out.label.sort_by(|a, b| a.name().cmp(b.name()));
        }
        Ok(())
    }
}

// ANCHOR: wrap_desc
/// Go's `wrapDesc`: the desc's const labels plus `labels` (one it has
/// already makes the desc invalid, keeping its own name, help and labels),
/// under `prefix` + its name; a desc invalid before stays invalid with its
/// own error.
fn wrap_desc(desc: &Desc, prefix: &str, labels: &Labels) -> Desc {
    let mut const_labels: Labels = desc
        .const_label_pairs()
        .iter()
        .map(|p| (p.name().to_owned(), p.value().to_owned()))
        .collect();
    for (name, value) in labels {
        if const_labels.contains_key(name) {
            return desc.with_err(DescError::WrappingLabelExists(name.clone()));
        }
        const_labels.insert(name.clone(), value.clone());
    }
    let fq_name = format!("{prefix}{}", desc.fq_name());
    let wrapped = Desc::from_parts(
        fq_name,
        desc.help().to_owned(),
        desc.variable_labels().to_vec(),
        const_labels,
    );
    match desc.err() {
        Some(err) => wrapped.with_err(err.clone()),
        None => wrapped,
    }
}
// ANCHOR_END: wrap_desc

impl fmt::Debug for WrappingCollector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WrappingCollector")
            .field("prefix", &self.prefix)
            .field("labels", &self.labels)
            .finish()
    }
}
