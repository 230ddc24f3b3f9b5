//! `MetricVec<M>`: one metric per combination of label values, created on
//! first use. `CounterVec`, `GaugeVec`, `HistogramVec` and `SummaryVec` are
//! this one type with different children. Mirrors `vec.go` (and the vec
//! parts of `counter.go`, `gauge.go`, `histogram.go`, `summary.go`) of
//! client_golang 1.14.
//!
//! Children are found by an FNV-1a hash of their label values, as in Go;
//! each hash holds a short list, so colliding label values stay apart. The
//! lookup of an existing child takes a read lock only and allocates nothing.
//! Unlike Go, `delete_partial_match` removes only the children that match,
//! never a whole hash bucket of colliding ones. Beyond Go, a vec can cap its
//! series and expire idle ones (`series_lifecycle.rs`).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crossbeam_channel::Sender;
use std::cmp::Ordering::Equal;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use nohash_hasher::BuildNoHashHasher;
use parking_lot::{Mutex, RwLock};

use crate::collector::{Collector, SharedMetrics};
use crate::counter::Counter;
use crate::desc::{Desc, SEPARATOR};
use crate::gauge::Gauge;
use crate::histogram::{Histogram, HistogramOpts, HistogramOptsError, check_no_le};
use crate::label_error::LabelError;
use crate::labels::Labels;
use crate::metric::Metric;
use crate::opts::Opts;
use crate::series_lifecycle::{Expiry, Lifecycle, OVERFLOW_LABEL_VALUE, Overflow};
use crate::summary::Clock;
use crate::summary::{Summary, SummaryOpts, check_no_quantile_label};

/// Counters partitioned by label values.
pub type CounterVec = MetricVec<Counter>;
/// Gauges partitioned by label values.
pub type GaugeVec = MetricVec<Gauge>;
/// Histograms partitioned by label values.
pub type HistogramVec = MetricVec<Histogram>;
/// Summaries partitioned by label values.
pub type SummaryVec = MetricVec<Summary>;

type NewMetric<M> = dyn Fn(&Desc, &[&str]) -> M + Send + Sync;
type Children<M> = HashMap<u64, Vec<Child<M>>, BuildNoHashHasher<u64>>;

/// A family of metrics of type `M` sharing one desc, one per label values.
/// Cloning gives another handle on the same children.
pub struct MetricVec<M> {
    core: Arc<VecCore<M>>,
    /// Curried labels: (index among the variable labels, value), by index.
    curry: Vec<(usize, String)>,
}

struct VecCore<M> {
    desc: Desc,
    children: RwLock<Children<M>>,
    /// Bumped (under the write lock) whenever a child comes or goes.
    generation: AtomicU64,
    /// The children in the order a gather sorts them, as of a generation:
    /// series come and go rarely, scrapes are frequent, so they are sorted
    /// once here rather than in every gather.
    sorted: Mutex<(u64, SharedMetrics)>,
    /// Positions of the variable labels, by label name: the order in which
    /// a gather compares label values (labels are sorted by name).
    sort_key: Vec<usize>,
    new_metric: Box<NewMetric<M>>,
    /// How many children there are (changed under the write lock).
    series: AtomicUsize,
    /// The most children there may be; `usize::MAX` for no limit.
    limit: AtomicUsize,
    /// Whether idle children expire at scrapes.
    expires: AtomicBool,
    /// The limit's overflow and the expiry's state. Whoever takes both
    /// this lock and `children` takes this one first.
    lifecycle: Mutex<Lifecycle<M>>,
}

struct Child<M> {
    values: Vec<String>,
    metric: M,
}

impl<M> std::fmt::Debug for MetricVec<M> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let children = self.core.children.read().values().map(Vec::len).sum::<usize>();
        f.debug_struct("MetricVec")
            .field("desc", &self.core.desc)
            .field("curry", &self.curry)
            .field("children", &children)
            .finish()
    }
}

impl<M> Clone for MetricVec<M> {
    fn clone(&self) -> Self {
        MetricVec { core: self.core.clone(), curry: self.curry.clone() }
    }
}

impl CounterVec {
    /// Go's `NewCounterVec`: counters named by `opts`, one per combination
    /// of values of `label_names`.
    pub fn new(opts: Opts, label_names: &[&str]) -> CounterVec {
        new_metric_vec(opts.into_desc(owned(label_names)), |d, values| {
            Counter::with_desc(d.clone(), values)
        })
    }
}

impl GaugeVec {
    /// Go's `NewGaugeVec`.
    pub fn new(opts: Opts, label_names: &[&str]) -> GaugeVec {
        new_metric_vec(opts.into_desc(owned(label_names)), |d, values| {
            Gauge::with_desc(d.clone(), values)
        })
    }
}

impl HistogramVec {
    /// Go's `NewHistogramVec`; panics on bad buckets or an `le` label, as
    /// Go does. [`HistogramVec::try_new`] returns those as errors.
    pub fn new(opts: HistogramOpts, label_names: &[&str]) -> HistogramVec {
        HistogramVec::try_new(opts, label_names).unwrap_or_else(|err| panic!("{err}"))
    }

    /// Like [`HistogramVec::new`], with bad buckets or an `le` label as an error.
    pub fn try_new(
        opts: HistogramOpts,
        label_names: &[&str],
    ) -> Result<HistogramVec, HistogramOptsError> {
        let config = opts.config();
        let desc = opts.common.into_desc(owned(label_names));
        check_no_le(&desc)?;
        let config = config?;
        Ok(new_metric_vec(desc, move |d, values| {
            Histogram::with_desc(d.clone(), &config, values)
        }))
    }
}

impl SummaryVec {
    /// Go's `NewSummaryVec`; panics on a `quantile` label, as Go does.
    /// [`SummaryVec::try_new`] returns that as an error.
    pub fn new(opts: SummaryOpts, label_names: &[&str]) -> SummaryVec {
        SummaryVec::try_new(opts, label_names).unwrap_or_else(|err| panic!("{err}"))
    }

    /// Like [`SummaryVec::new`], with a `quantile` label as an error.
    pub fn try_new(
        opts: SummaryOpts,
        label_names: &[&str],
    ) -> Result<SummaryVec, LabelError> {
        let desc = opts.common.clone().into_desc(owned(label_names));
        check_no_quantile_label(&desc)?;
        Ok(new_metric_vec(desc, move |d, values| {
            Summary::with_desc(d.clone(), &opts, values)
        }))
    }
}

/// Go's `NewMetricVec`: a vector over `desc` whose children `new_metric`
/// makes from the desc and their label values, for metric types of your
/// own (the `*Vec` types are this with promreg's metrics).
pub fn new_metric_vec<M: Metric + Clone + 'static>(
    desc: Desc,
    new_metric: impl Fn(&Desc, &[&str]) -> M + Send + Sync + 'static,
) -> MetricVec<M> {
    MetricVec {
        core: Arc::new(VecCore {
            sort_key: sort_key(&desc),
            desc,
            children: RwLock::default(),
            generation: AtomicU64::new(1),
            sorted: Mutex::new((0, Arc::from([]))),
            new_metric: Box::new(new_metric),
            series: AtomicUsize::new(0),
            limit: AtomicUsize::new(usize::MAX),
            expires: AtomicBool::new(false),
            lifecycle: Mutex::default(),
        }),
        curry: Vec::new(),
    }
}

fn owned(names: &[&str]) -> Vec<String> {
    names.iter().map(|n| n.to_string()).collect()
}

impl<M: Metric + Clone + 'static> MetricVec<M> {
    /// The descriptor every child shares.
    pub fn desc(&self) -> &Desc {
        &self.core.desc
    }

    // ANCHOR: with_label_values
    /// Go's `GetMetricWithLabelValues`: the child for these values (in the
    /// order of the variable labels, curried ones left out), created if new.
    pub fn get_metric_with_label_values(&self, values: &[&str]) -> Result<M, LabelError> {
        let expected = self.core.desc.variable_labels().len() - self.curry.len();
        if values.len() != expected {
            let values = values.iter().map(|v| v.to_string()).collect();
            return Err(LabelError::InconsistentCardinality { expected, values });
        }
        if self.curry.is_empty()
            && let Some(metric) = self.find_uncurried(values)
        {
            return Ok(metric);
        }
        Ok(self.get_or_create(|| values.iter().copied()))
    }

    /// The lookup of an existing child when nothing is curried, the common
    /// case: hash the values, one read lock, compare in place.
    fn find_uncurried(&self, values: &[&str]) -> Option<M> {
        let hash = fnv_hash(values.iter().copied());
        let children = self.core.children.read();
        let child =
            children.get(&hash)?.iter().find(|c| c.values.iter().eq(values.iter()))?;
        Some(child.metric.clone())
    }

    /// Go's `WithLabelValues`: [`get_metric_with_label_values`] that panics
    /// on a wrong number of values.
    ///
    /// [`get_metric_with_label_values`]: MetricVec::get_metric_with_label_values
    pub fn with_label_values(&self, values: &[&str]) -> M {
        self.get_metric_with_label_values(values).unwrap_or_else(|err| panic!("{err}"))
    }
    // ANCHOR_END: with_label_values

    /// Go's `GetMetricWith`: the child for these label names and values.
    pub fn get_metric_with(&self, labels: &Labels) -> Result<M, LabelError> {
        self.check_labels(labels)?;
        Ok(self.get_or_create(|| self.uncurried_names().map(|n| labels[n].as_str())))
    }

    /// Go's `With`: [`get_metric_with`](MetricVec::get_metric_with) that
    /// panics on labels that do not fit.
    pub fn with(&self, labels: &Labels) -> M {
        self.get_metric_with(labels).unwrap_or_else(|err| panic!("{err}"))
    }

    /// Go's `DeleteLabelValues`: removes the child for these values; false
    /// if there is none (or the values do not fit).
    pub fn delete_label_values(&self, values: &[&str]) -> bool {
        if values.len() != self.core.desc.variable_labels().len() - self.curry.len() {
            return false;
        }
        self.remove(|| values.iter().copied())
    }

    /// Go's `Delete`: removes the child for these labels; false if there is
    /// none (or the labels do not fit).
    pub fn delete(&self, labels: &Labels) -> bool {
        if self.check_labels(labels).is_err() {
            return false;
        }
        self.remove(|| self.uncurried_names().map(|n| labels[n].as_str()))
    }

    // ANCHOR: delete_partial_match
    /// Go's `DeletePartialMatch`: removes every child whose values equal all
    /// of `labels`; curried labels never match. Returns how many went.
    pub fn delete_partial_match(&self, labels: &Labels) -> usize {
        let names = self.core.desc.variable_labels();
        let wanted: Option<Vec<(usize, &str)>> = labels
            .iter()
            .map(|(name, value)| {
                let index = names.iter().position(|n| n == name)?;
                let curried = self.curry.iter().any(|(i, _)| *i == index);
                (!curried).then_some((index, value.as_str()))
            })
            .collect();
        let Some(wanted) = wanted else { return 0 };
        let mut deleted = 0;
        let mut lifecycle = self.core.lock_if_expiring();
        let mut children = self.core.children.write();
        self.core.changed();
        children.retain(|_, bucket| {
            bucket.retain(|child| {
                let matches = wanted.iter().all(|&(i, v)| child.values[i] == v);
                if matches {
                    VecCore::forget(&mut lifecycle, child);
                }
                deleted += usize::from(matches);
                !matches
            });
            !bucket.is_empty()
        });
        self.core.series.fetch_sub(deleted, Ordering::Relaxed);
        deleted
    }
    // ANCHOR_END: delete_partial_match

    /// Go's `Reset`: removes every child (of every curried view too).
    pub fn reset(&self) {
        // Locks in the vec's order: the lifecycle's, then the children's.
        let mut lifecycle = self.core.lifecycle.lock();
        let mut children = self.core.children.write();
        self.core.changed();
        children.clear();
        self.core.series.store(0, Ordering::Relaxed);
        lifecycle.spill = None;
        if let Some(expiry) = lifecycle.expiry.as_mut() {
            expiry.forget_all();
        }
    }

    // ANCHOR: series_limit
    /// Beyond Go: at most `limit` series (of this vec and every curried view
    /// of it). A lookup of a new label set past the limit creates nothing
    /// and gets a child shared by all such label sets, which `overflow`
    /// shows in the scrape or counts; series that exist are unaffected.
    pub fn with_series_limit(self, limit: usize, overflow: Overflow) -> Self {
        self.core.lifecycle.lock().overflow = Some(overflow);
        self.core.limit.store(limit, Ordering::Relaxed);
        self
    }
    // ANCHOR_END: series_limit

    /// Beyond Go: series whose value has not changed for `idle` are removed
    /// when the vec is scraped (or collected). A handle kept on a removed
    /// series still works but is no longer scraped; look it up again.
    pub fn with_series_expiry(self, idle: Duration) -> Self {
        self.with_series_expiry_clock(idle, Arc::new(Instant::now))
    }

    /// [`with_series_expiry`](MetricVec::with_series_expiry) on `clock`
    /// instead of `Instant::now` (tests).
    pub fn with_series_expiry_clock(self, idle: Duration, clock: Clock) -> Self {
        self.core.lifecycle.lock().expiry = Some(Expiry::new(idle, clock));
        self.core.expires.store(true, Ordering::Relaxed);
        self
    }

    /// How many series the vec holds (the overflow series left out).
    pub fn series_count(&self) -> usize {
        self.core.series.load(Ordering::Relaxed)
    }

    /// Go's `CurryWith`: a view of this vector with some labels fixed; the
    /// view's children are this vector's children.
    pub fn curry_with(&self, labels: &Labels) -> Result<MetricVec<M>, LabelError> {
        let mut curry = Vec::with_capacity(self.curry.len() + labels.len());
        let mut taken = 0;
        for (index, name) in self.core.desc.variable_labels().iter().enumerate() {
            let already = self.curry.iter().find(|(i, _)| *i == index);
            match (already, labels.get(name)) {
                (Some(_), Some(_)) => {
                    return Err(LabelError::LabelAlreadyCurried(name.clone()));
                }
                (Some(old), None) => curry.push(old.clone()),
                (None, Some(value)) => {
                    curry.push((index, value.clone()));
                    taken += 1;
                }
                (None, None) => {}
            }
        }
        if taken < labels.len() {
            return Err(LabelError::UnknownCurryLabels(labels.len() - taken));
        }
        Ok(MetricVec { core: self.core.clone(), curry })
    }

    /// Go's `MustCurryWith`: [`curry_with`](MetricVec::curry_with) that panics.
    pub fn must_curry_with(&self, labels: &Labels) -> MetricVec<M> {
        self.curry_with(labels).unwrap_or_else(|err| panic!("{err}"))
    }

    /// Go's `hashLabels` checks: the count, no curried label, none missing.
    fn check_labels(&self, labels: &Labels) -> Result<(), LabelError> {
        let expected = self.core.desc.variable_labels().len() - self.curry.len();
        if labels.len() != expected {
            return Err(LabelError::InconsistentLabelCount {
                expected,
                labels: labels.clone(),
            });
        }
        for (index, name) in self.core.desc.variable_labels().iter().enumerate() {
            let curried = self.curry.iter().any(|(i, _)| *i == index);
            match (curried, labels.contains_key(name)) {
                (true, true) => {
                    return Err(LabelError::LabelAlreadyCurried(name.clone()));
                }
                (false, false) => return Err(LabelError::LabelMissing(name.clone())),
                _ => {}
            }
        }
        Ok(())
    }

    /// The names of the variable labels that are not curried, in order.
    fn uncurried_names(&self) -> impl Iterator<Item = &str> {
        let names = self.core.desc.variable_labels().iter().enumerate();
        names
            .filter(|(i, _)| !self.curry.iter().any(|(c, _)| c == i))
            .map(|(_, n)| n.as_str())
    }

    /// All values in variable-label order: curried ones at their places,
    /// `supplied` filling the rest. No allocation.
    fn full_values<'a, I: Iterator<Item = &'a str>>(
        &'a self,
        supplied: I,
    ) -> FullValues<'a, I> {
        FullValues {
            curry: &self.curry,
            index: 0,
            total: self.core.desc.variable_labels().len(),
            supplied,
        }
    }

    // ANCHOR: get_or_create
    fn get_or_create<'a, I: Iterator<Item = &'a str>>(
        &'a self,
        supplied: impl Fn() -> I,
    ) -> M {
        let hash = fnv_hash(self.full_values(supplied()));
        if let Some(metric) = self.find(&self.core.children.read(), hash, &supplied) {
            return metric;
        }
        if self.core.full() || self.core.names_overflow(self.full_values(supplied())) {
            return self.core.spill();
        }
        let mut children = self.core.children.write();
        // Another thread may have created it between the two locks.
        if let Some(metric) = self.find(&children, hash, &supplied) {
            return metric;
        }
        if self.core.full() {
            drop(children);
            return self.core.spill();
        }
        let values: Vec<String> =
            self.full_values(supplied()).map(str::to_owned).collect();
        let refs: Vec<&str> = values.iter().map(String::as_str).collect();
        let metric = (self.core.new_metric)(&self.core.desc, &refs);
        self.core.changed();
        self.core.series.fetch_add(1, Ordering::Relaxed);
        children.entry(hash).or_default().push(Child { values, metric: metric.clone() });
        metric
    }
    // ANCHOR_END: get_or_create

    fn find<'a, I: Iterator<Item = &'a str>>(
        &'a self,
        children: &Children<M>,
        hash: u64,
        supplied: &impl Fn() -> I,
    ) -> Option<M> {
        let bucket = children.get(&hash)?;
        let child = bucket.iter().find(|c| {
            c.values.iter().map(String::as_str).eq(self.full_values(supplied()))
        })?;
        Some(child.metric.clone())
    }

    fn remove<'a, I: Iterator<Item = &'a str>>(
        &'a self,
        supplied: impl Fn() -> I,
    ) -> bool {
        let hash = fnv_hash(self.full_values(supplied()));
        let mut lifecycle = self.core.lock_if_expiring();
        let mut children = self.core.children.write();
        let Some(bucket) = children.get_mut(&hash) else { return false };
        let before = bucket.len();
        bucket.retain(|c| {
            let hit =
                c.values.iter().map(String::as_str).eq(self.full_values(supplied()));
            if hit {
                VecCore::forget(&mut lifecycle, c);
            }
            !hit
        });
        let removed = bucket.len() < before;
        if removed {
            self.core.changed();
            self.core.series.fetch_sub(1, Ordering::Relaxed);
        }
        if bucket.is_empty() {
            children.remove(&hash);
        }
        removed
    }
}

impl<M: Metric + Clone + 'static> VecCore<M> {
    /// Marks the children changed; call with the write lock held.
    fn changed(&self) {
        self.generation.fetch_add(1, Ordering::Release);
    }

    /// Whether the series limit is reached.
    fn full(&self) -> bool {
        self.series.load(Ordering::Relaxed) >= self.limit.load(Ordering::Relaxed)
    }

    /// Whether `values` are the overflow series' own label values: a
    /// lookup of them gets that series, not a second one of the same name.
    fn names_overflow<'a>(&self, mut values: impl Iterator<Item = &'a str>) -> bool {
        self.limit.load(Ordering::Relaxed) != usize::MAX
            && values.all(|v| v == OVERFLOW_LABEL_VALUE)
            && matches!(self.lifecycle.lock().overflow, Some(Overflow::Series))
    }

    /// The child past the limit: the overflow series, made the first time.
    #[cold]
    fn spill(&self) -> M {
        let mut lifecycle = self.lifecycle.lock();
        let shown_before = lifecycle.shown_spill().is_some();
        let spill = lifecycle.spill(|| {
            let values = vec![OVERFLOW_LABEL_VALUE; self.desc.variable_labels().len()];
            (self.new_metric)(&self.desc, &values)
        });
        if lifecycle.shown_spill().is_some() && !shown_before {
            // The scrape's sorted children must now include it.
            let _children = self.children.write();
            self.changed();
        }
        spill
    }

    /// Removes the children that have been idle too long, if series expire.
    /// Series are read under the read lock, so lookups go on meanwhile;
    /// the write lock is taken only if some are idle, and each is read
    /// again under it (it may have been updated in between).
    fn expire_idle(&self) {
        if !self.expires.load(Ordering::Relaxed) {
            return;
        }
        let mut lifecycle = self.lifecycle.lock();
        let Some(expiry) = lifecycle.expiry.as_mut() else { return };
        let now = expiry.start();
        let idle: HashSet<*const String> = {
            let children = self.children.read();
            let all = children.values().flatten();
            all.filter(|c| !expiry.keeps(now, &c.values, &*c.metric.shared()))
                .map(|c| c.values.as_ptr())
                .collect()
        };
        if !idle.is_empty() {
            let mut children = self.children.write();
            let mut expired = 0;
            children.retain(|_, bucket| {
                bucket.retain(|c| {
                    let gone = idle.contains(&c.values.as_ptr())
                        && expiry.still_idle(now, &c.values, &*c.metric.shared());
                    expired += usize::from(gone);
                    !gone
                });
                !bucket.is_empty()
            });
            if expired > 0 {
                self.changed();
                self.series.fetch_sub(expired, Ordering::Relaxed);
            }
        }
        expiry.finish(now);
    }

    /// Forgets a deleted child's idle time, if series expire.
    fn forget(
        lifecycle: &mut Option<parking_lot::MutexGuard<'_, Lifecycle<M>>>,
        child: &Child<M>,
    ) {
        if let Some(expiry) = lifecycle.as_mut().and_then(|l| l.expiry.as_mut()) {
            expiry.forget(&child.values);
        }
    }

    /// The lifecycle lock, if series expire (then deleting must forget).
    /// Taken before the children's, in the vec's order.
    fn lock_if_expiring(&self) -> Option<parking_lot::MutexGuard<'_, Lifecycle<M>>> {
        self.expires.load(Ordering::Relaxed).then(|| self.lifecycle.lock())
    }

    // ANCHOR: sorted_children
    /// The children sorted as a gather sorts them, re-sorted only when
    /// children have come or gone since the last call.
    fn sorted_children(&self) -> SharedMetrics {
        self.expire_idle();
        // Locks in the vec's order: the lifecycle's, then the children's.
        let lifecycle = self.lifecycle.lock();
        let children = self.children.read();
        let generation = self.generation.load(Ordering::Acquire);
        let mut cache = self.sorted.lock();
        if cache.0 != generation {
            let mut all: Vec<(&[String], &M)> =
                children.values().flatten().map(|c| (&c.values[..], &c.metric)).collect();
            let n = self.desc.variable_labels().len();
            let overflow = lifecycle
                .shown_spill()
                .map(|spill| (vec![OVERFLOW_LABEL_VALUE.to_owned(); n], spill));
            all.extend(overflow.iter().map(|(values, spill)| (&values[..], *spill)));
            let key = &self.sort_key;
            all.sort_unstable_by(|a, b| {
                key.iter()
                    .map(|&i| a.0[i].cmp(&b.0[i]))
                    .find(|o| o.is_ne())
                    .unwrap_or(Equal)
            });
            *cache = (generation, all.iter().map(|c| c.1.shared()).collect());
        }
        cache.1.clone()
    }
    // ANCHOR_END: sorted_children
}

/// The indices of the variable labels in the order of their names.
fn sort_key(desc: &Desc) -> Vec<usize> {
    let names = desc.variable_labels();
    let mut key: Vec<usize> = (0..names.len()).collect();
    key.sort_by(|&a, &b| names[a].cmp(&names[b]));
    key
}

/// Iterator behind [`MetricVec::full_values`].
struct FullValues<'a, I> {
    curry: &'a [(usize, String)],
    index: usize,
    total: usize,
    supplied: I,
}

impl<'a, I: Iterator<Item = &'a str>> Iterator for FullValues<'a, I> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        if self.index == self.total {
            return None;
        }
        let curried = self.curry.iter().find(|(i, _)| *i == self.index);
        self.index += 1;
        match curried {
            Some((_, value)) => Some(value.as_str()),
            None => self.supplied.next(),
        }
    }
}

// ANCHOR: fnv
/// FNV-1a, 64 bit, over each value followed by the separator byte: Go's
/// `hashAdd` / `hashAddByte` (`fnv.go`).
fn fnv_hash<'a>(values: impl Iterator<Item = &'a str>) -> u64 {
    const OFFSET: u64 = 14695981039346656037;
    const PRIME: u64 = 1099511628211;
    let mut h = OFFSET;
    for value in values {
        for &b in value.as_bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(PRIME);
        }
        h = (h ^ u64::from(SEPARATOR)).wrapping_mul(PRIME);
    }
    h
}
// ANCHOR_END: fnv

impl<M: Metric + Clone + 'static> Collector for MetricVec<M> {
    fn describe(&self, descs: &Sender<Desc>) {
        let _ = descs.send(self.core.desc.clone());
    }

    fn collect(&self, metrics: &Sender<Arc<dyn Metric>>) {
        for metric in self.core.sorted_children().iter() {
            let _ = metrics.send(metric.clone());
        }
    }

    fn metrics_in_memory(&self) -> Option<SharedMetrics> {
        Some(self.core.sorted_children())
    }
}

#[cfg(test)]
mod tests {
    use super::fnv_hash;

    /// Values computed by the Go original (client_golang spec, A.1).
    #[test]
    fn fnv_hash_equals_go() {
        assert_eq!(fnv_hash(["v1", "v2"].into_iter()), 0x79ac0f9fe58b214a);
        assert_eq!(fnv_hash(["", ""].into_iter()), 0x0a99c907b6f64763);
    }

    /// The pair Go's collision test uses really collides.
    #[test]
    fn known_collision() {
        assert_eq!(
            fnv_hash(["77kepQFQ8Kl"].into_iter()),
            fnv_hash(["!0IC=VloaY"].into_iter())
        );
    }
}
