//! `Registry::gather`, the collect side: run every collector, at once where
//! that helps, and feed each metric to the checks in `metric_families.rs`.
//! Mirrors the Gather half of `registry.go` in client_golang 1.14.
//!
//! Go starts one goroutine per collector only while collecting is slower than
//! processing; promreg does the same with jobs on its thread pool
//! (`worker_pool.rs`), with a cap, since threads cost more than goroutines.

use std::sync::Arc;

use crossbeam_channel::{Receiver, Select, Sender};

use crate::collector::{
    Collector, SharedMetrics, collect_safely, metrics_in_memory_safely,
};
use crate::encode::Format;
use crate::gather_error::GatherError;
use crate::metric::Metric;
use crate::metric_families::MetricFamilies;
use crate::proto::MetricFamily;
use crate::registry::Registry;
use crate::scrape::{ScrapeError, encode_families};
use crate::worker_pool;

/// Anything that yields metric families (Go's `Gatherer`).
pub trait Gatherer: Send + Sync {
    /// The families, sorted by name, or every family that could be gathered
    /// together with every error.
    fn gather(&self) -> Result<Vec<MetricFamily>, GatherError>;

    /// One scrape in `format`, appended to `out`; see
    /// [`Registry::write_scrape`]. This default gathers, then encodes each
    /// family; a [`Registry`] streams.
    fn write_scrape(&self, out: &mut Vec<u8>, format: Format) -> Result<(), ScrapeError> {
        gather_then_encode(self, out, format)
    }
}

/// [`Gatherer::write_scrape`] the plain way: gather, then encode.
pub(crate) fn gather_then_encode<G: Gatherer + ?Sized>(
    gatherer: &G,
    out: &mut Vec<u8>,
    format: Format,
) -> Result<(), ScrapeError> {
    let (families, gather_error) = match gatherer.gather() {
        Ok(families) => (families, None),
        Err(mut err) => (std::mem::take(&mut err.families), Some(err)),
    };
    let encode = encode_families(out, &families, format);
    ScrapeError::result(gather_error, encode)
}

/// At most this many collectors of one gather run at the same time.
const MAX_WORKERS_PER_GATHER: usize = 16;

use crate::registry::Collectors;

impl Gatherer for Registry {
    fn gather(&self) -> Result<Vec<MetricFamily>, GatherError> {
        Registry::gather(self)
    }

    fn write_scrape(&self, out: &mut Vec<u8>, format: Format) -> Result<(), ScrapeError> {
        Registry::write_scrape(self, out, format)
    }
}

impl Registry {
    // ANCHOR: gather
    /// Go's `Gather`: collects every registered collector, checks each
    /// metric, and returns the families sorted by name, their metrics sorted
    /// by label values. On any error it still returns what it gathered,
    /// inside the [`GatherError`].
    pub fn gather(&self) -> Result<Vec<MetricFamily>, GatherError> {
        let (checked, unchecked, registered_ids) = self.snapshot();
        if checked.is_empty() && unchecked.is_empty() {
            return Ok(Vec::new());
        }
        let mut families = MetricFamilies::new(registered_ids, self.take_size_hints());
        collect_all(checked, unchecked, &mut families);
        let (result, hints) = families.finish();
        self.keep_size_hints(hints);
        result
    }
    // ANCHOR_END: gather
}

/// What one worker needs: the queues of collectors still to run and the
/// channels to send their metrics on (Go's `collectWorker` closure).
struct WorkerKit {
    checked_queue: Receiver<Arc<dyn Collector>>,
    unchecked_queue: Receiver<Arc<dyn Collector>>,
    checked_metrics: Sender<Arc<dyn Metric>>,
    unchecked_metrics: Sender<Arc<dyn Metric>>,
}

impl WorkerKit {
    /// Runs collectors until both queues are empty.
    fn run(&self) {
        loop {
            if let Ok(c) = self.checked_queue.try_recv() {
                collect_safely(c.as_ref(), &self.checked_metrics);
            } else if let Ok(c) = self.unchecked_queue.try_recv() {
                collect_safely(c.as_ref(), &self.unchecked_metrics);
            } else {
                return;
            }
        }
    }

    fn has_work(&self) -> bool {
        !self.checked_queue.is_empty() || !self.unchecked_queue.is_empty()
    }
}

// ANCHOR: collect_all
/// Runs all collectors and hands every metric to `families`, marked as from
/// a checked collector or not. Processing happens on this thread, so it
/// needs no locks. Metrics that collectors keep ready in memory are read in
/// place first; meanwhile the other collectors run on the worker pool,
/// where another worker is started only when no metric is waiting, i.e.
/// when collecting is the bottleneck.
fn collect_all(
    checked: Collectors,
    unchecked: Collectors,
    families: &mut MetricFamilies,
) {
    let (ready, checked, unchecked) = take_ready(checked, unchecked);
    let rest = Rest::start(ready.is_empty(), checked, unchecked);
    for r in &ready {
        r.metrics
            .iter()
            .for_each(|metric| families.process_shared(metric.as_ref(), r.checked));
    }
    rest.finish(&mut |metric, checked| families.process(metric, checked));
}

/// The metrics one collector keeps ready in memory.
pub(crate) struct Ready {
    pub(crate) metrics: SharedMetrics,
    /// Whether its collector is checked (described its descs).
    pub(crate) checked: bool,
    /// Whether its collector is one of promreg's counters, gauges,
    /// histograms or summaries, single or vec: then its metrics are distinct series of
    /// its one desc, sorted.
    pub(crate) owned: bool,
}

/// The metrics of the collectors that keep them ready in memory; then the
/// other collectors.
pub(crate) fn take_ready(
    checked: Collectors,
    unchecked: Collectors,
) -> (Vec<Ready>, Collectors, Collectors) {
    let mut ready = Vec::new();
    let mut others = |collectors: Collectors, is_checked: bool| -> Collectors {
        let mut others = Vec::new();
        for c in collectors {
            match metrics_in_memory_safely(c.as_ref()) {
                Some(metrics) => ready.push(Ready {
                    metrics,
                    checked: is_checked,
                    owned: is_owned(c.as_ref()),
                }),
                None => others.push(c),
            }
        }
        others
    };
    let checked = others(checked, true);
    let unchecked = others(unchecked, false);
    (ready, checked, unchecked)
}

/// Whether `c` is a promreg counter, gauge, histogram or summary, or a vec
/// of them.
fn is_owned(c: &dyn Collector) -> bool {
    let any: &dyn std::any::Any = c;
    any.is::<crate::CounterVec>()
        || any.is::<crate::GaugeVec>()
        || any.is::<crate::HistogramVec>()
        || any.is::<crate::SummaryVec>()
        || any.is::<crate::Counter>()
        || any.is::<crate::Gauge>()
        || any.is::<crate::Histogram>()
        || any.is::<crate::Summary>()
}

/// The collectors that keep nothing in memory, being collected.
pub(crate) enum Rest {
    /// None at all.
    Nothing,
    /// One, and nothing to overlap it with: it runs on this thread, no
    /// thread involved.
    Here(Collectors, Collectors),
    /// On the worker pool.
    Pooled(Pooled),
}

impl Rest {
    /// Starts collecting; `alone` says whether there is nothing else to do
    /// meanwhile.
    pub(crate) fn start(alone: bool, checked: Collectors, unchecked: Collectors) -> Rest {
        match checked.len() + unchecked.len() {
            0 => Rest::Nothing,
            1 if alone => Rest::Here(checked, unchecked),
            _ => Rest::Pooled(Pooled::start(checked, unchecked)),
        }
    }

    /// Hands every metric to `sink` as it comes, until all are collected.
    pub(crate) fn finish(self, sink: &mut dyn FnMut(Arc<dyn Metric>, bool)) {
        match self {
            Rest::Nothing => {}
            Rest::Here(checked, unchecked) => collect_here(&checked, &unchecked, sink),
            Rest::Pooled(pooled) => pooled.drain(sink),
        }
    }
}

/// Collects one collector after the other on this thread, processing each
/// one's metrics before the next runs.
fn collect_here(
    checked: &Collectors,
    unchecked: &Collectors,
    sink: &mut dyn FnMut(Arc<dyn Metric>, bool),
) {
    let (tx, rx) = crossbeam_channel::unbounded();
    let all =
        checked.iter().map(|c| (c, true)).chain(unchecked.iter().map(|c| (c, false)));
    for (collector, is_checked) in all {
        collect_safely(collector.as_ref(), &tx);
        rx.try_iter().for_each(|metric| sink(metric, is_checked));
    }
}

/// Collectors running on the worker pool, and the channels their metrics
/// arrive on.
pub(crate) struct Pooled {
    kit: Option<Arc<WorkerKit>>,
    budget: usize,
    inbox: Inbox,
}

impl Pooled {
    /// Queues the collectors and starts the first worker.
    fn start(checked: Collectors, unchecked: Collectors) -> Pooled {
        let budget = (checked.len() + unchecked.len()).min(MAX_WORKERS_PER_GATHER);
        let (checked_metrics, checked_rx) = crossbeam_channel::unbounded();
        let (unchecked_metrics, unchecked_rx) = crossbeam_channel::unbounded();
        let kit = Arc::new(WorkerKit {
            checked_queue: queue_of(checked),
            unchecked_queue: queue_of(unchecked),
            checked_metrics,
            unchecked_metrics,
        });
        start_worker(&kit);
        Pooled {
            kit: Some(kit),
            budget: budget - 1,
            inbox: Inbox::new(checked_rx, unchecked_rx),
        }
    }

    /// Processes metrics until every worker is done, starting more workers
    /// while collecting is slower than processing.
    fn drain(mut self, sink: &mut dyn FnMut(Arc<dyn Metric>, bool)) {
        while !self.inbox.is_closed() {
            let block = match &self.kit {
                Some(k) if self.budget > 0 && k.has_work() => false,
                _ => {
                    // Dropping our handle on the kit drops our senders: the
                    // channels close once the last worker is done.
                    self.kit = None;
                    true
                }
            };
            match self.inbox.next(block) {
                Some((metric, is_checked)) => sink(metric, is_checked),
                None if !block => {
                    if let Some(k) = &self.kit {
                        start_worker(k);
                        self.budget -= 1;
                        std::thread::yield_now();
                    }
                }
                None => {}
            }
        }
    }
}
// ANCHOR_END: collect_all

fn queue_of(collectors: Collectors) -> Receiver<Arc<dyn Collector>> {
    let (tx, rx) = crossbeam_channel::bounded(collectors.len());
    for c in collectors {
        let _ = tx.send(c);
    }
    rx
}

fn start_worker(kit: &Arc<WorkerKit>) {
    let kit = kit.clone();
    worker_pool::execute(Box::new(move || kit.run()));
}

/// The two metric channels, read as Go's `select` reads them; a closed one
/// is swapped for a channel that never delivers (Go sets it to nil).
struct Inbox {
    checked: Receiver<Arc<dyn Metric>>,
    unchecked: Receiver<Arc<dyn Metric>>,
    open: usize,
}

impl Inbox {
    fn new(
        checked: Receiver<Arc<dyn Metric>>,
        unchecked: Receiver<Arc<dyn Metric>>,
    ) -> Inbox {
        Inbox { checked, unchecked, open: 2 }
    }

    fn is_closed(&self) -> bool {
        self.open == 0
    }

    /// The next metric and whether it came from a checked collector; `None`
    /// when nothing was ready (or a channel just closed).
    fn next(&mut self, block: bool) -> Option<(Arc<dyn Metric>, bool)> {
        // A plain `try_recv` is much cheaper than a `Select`, and usually
        // finds something.
        if let Ok(metric) = self.checked.try_recv() {
            return Some((metric, true));
        }
        if let Ok(metric) = self.unchecked.try_recv() {
            return Some((metric, false));
        }
        let mut sel = Select::new();
        sel.recv(&self.checked);
        sel.recv(&self.unchecked);
        let op = if block { sel.select() } else { sel.try_select().ok()? };
        let index = op.index();
        let rx = if index == 0 { &self.checked } else { &self.unchecked };
        match op.recv(rx) {
            Ok(metric) => Some((metric, index == 0)),
            Err(_) => {
                let never = crossbeam_channel::never();
                if index == 0 {
                    self.checked = never
                } else {
                    self.unchecked = never
                }
                self.open -= 1;
                None
            }
        }
    }
}
