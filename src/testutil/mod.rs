//! Helpers for testing instrumentation, and promlint. Mirrors client_golang
//! 1.14's `testutil` package (`testutil.go`, `lint.go`): read one metric's
//! value, count a collector's series, lint its names. The comparisons
//! against expected exposition text (`CollectAndCompare` and its kin) need
//! a text parser and are not here yet.

pub mod promlint;

use std::sync::Arc;

use crate::collector::Collector;
use crate::compact_text::CompactMetric;
use crate::gather::Gatherer;
use crate::gather_error::GatherError;
use crate::metric::Metric;
use crate::proto::{self, MetricFamily};
use crate::registry::{RegisterError, Registry};
use promlint::{Linter, Problem};

/// Why a `testutil` function could not do its work; each text is Go's.
#[derive(Debug)]
pub enum TestutilError {
    /// The collector could not be registered with a fresh pedantic registry.
    Register(RegisterError),
    /// Gathering failed.
    Gather(GatherError),
}

impl std::fmt::Display for TestutilError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TestutilError::Register(err) => write!(f, "registering collector failed: {err}"),
            TestutilError::Gather(err) => write!(f, "gathering metrics failed: {err}"),
        }
    }
}

impl std::error::Error for TestutilError {}

/// Go's `ToFloat64`: the value of the one counter, gauge or untyped metric
/// `collector` collects. Panics, with Go's texts, if it collects another
/// number of metrics or another kind.
pub fn to_float64(collector: &dyn Collector) -> f64 {
    let (tx, rx) = crossbeam_channel::unbounded::<Arc<dyn Metric>>();
    collector.collect(&tx);
    drop(tx);
    let metrics: Vec<_> = rx.into_iter().collect();
    let [metric] = metrics.as_slice() else {
        panic!("collected {} metrics instead of exactly 1", metrics.len());
    };
    let mut pb = proto::Metric::new();
    if let Err(err) = metric.write(&mut pb) {
        panic!("error happened while collecting metrics: {err}");
    }
    match () {
        () if pb.gauge.is_some() => pb.gauge.value(),
        () if pb.counter.is_some() => pb.counter.value(),
        () if pb.untyped.is_some() => pb.untyped.value(),
        () => panic!("collected a non-gauge/counter/untyped metric: {}", CompactMetric(&pb)),
    }
}

/// Go's `CollectAndCount`: the series `collector` yields, registered with
/// a fresh pedantic registry, of the families named (all when `names` is
/// empty). Panics if registering or gathering fails, as Go does.
pub fn collect_and_count(collector: Box<dyn Collector>, names: &[&str]) -> usize {
    let reg = registry_of(collector).unwrap_or_else(|err| panic!("{err}"));
    gather_and_count(&reg, names).unwrap_or_else(|err| panic!("{err}"))
}

/// Go's `GatherAndCount`: the series `gatherer` yields, of the families
/// named (all when `names` is empty).
pub fn gather_and_count(gatherer: &dyn Gatherer, names: &[&str]) -> Result<usize, TestutilError> {
    let families = gather_named(gatherer, names)?;
    Ok(families.iter().map(|mf| mf.metric.len()).sum())
}

/// Go's `CollectAndLint`: promlint's problems with the families
/// `collector` yields, registered with a fresh pedantic registry.
pub fn collect_and_lint(collector: Box<dyn Collector>, names: &[&str]) -> Result<Vec<Problem>, TestutilError> {
    gather_and_lint(&registry_of(collector)?, names)
}

/// Go's `GatherAndLint`: promlint's problems with the families `gatherer`
/// yields (those named, or all when `names` is empty).
pub fn gather_and_lint(gatherer: &dyn Gatherer, names: &[&str]) -> Result<Vec<Problem>, TestutilError> {
    Ok(Linter::new_with_metric_families(gather_named(gatherer, names)?).lint())
}

fn registry_of(collector: Box<dyn Collector>) -> Result<Registry, TestutilError> {
    let reg = Registry::new_pedantic();
    reg.register(collector).map_err(TestutilError::Register)?;
    Ok(reg)
}

/// Gathers, and keeps the families named (Go's `filterMetrics`; Go filters
/// when names are given at all, and an empty list keeps nothing there, but
/// a variadic call with no names passes none: all are kept).
fn gather_named(gatherer: &dyn Gatherer, names: &[&str]) -> Result<Vec<MetricFamily>, TestutilError> {
    let families = gatherer.gather().map_err(TestutilError::Gather)?;
    if names.is_empty() {
        return Ok(families);
    }
    Ok(families.into_iter().filter(|mf| names.contains(&mf.name())).collect())
}
