//! `Histogram`: observations counted into configurable buckets, plus their
//! count and sum. Mirrors `histogram.go` of client_golang 1.14. With
//! classic buckets only, observing takes no lock: the counts live in the
//! double buffer of `hot_cold.rs`; with native buckets too, every count is
//! behind one lock (`native_histogram.rs`).

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use crate::desc::Desc;
use crate::exemplar::{ExemplarError, ExemplarObserver, ExemplarSlots, check_exemplar};
use crate::float_parts::{frexp, ldexp};
use crate::hot_cold::HotCold;
use crate::label_error::LabelError;
use crate::labels::Labels;
use crate::metric::BoxError;
use crate::metric::{Metric, const_label_pairs};
use crate::native_histogram::{
    DEF_NATIVE_HISTOGRAM_ZERO_THRESHOLD, NativeCounts, NativeOpts, NativeSnapshot,
    pick_schema,
};
use crate::opts::Opts;
use crate::proto::{self, LabelPair};
use crate::streamed::{LabelsCache, RenderedLabels, StreamedHistogram};
use crate::summary::Clock;
use protobuf::MessageField;

/// Go's `DefBuckets`: latencies from 5ms to 10s.
pub const DEF_BUCKETS: [f64; 11] =
    [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];

/// Up to this many bounds a linear scan beats a binary search (measured by
/// client_golang, PR #1673).
const LINEAR_SEARCH_MAX: usize = 35;

/// The name of the label that carries a bucket's bound.
const BUCKET_LABEL: &str = "le";

/// Options of a histogram: [`Opts`] plus the bucket bounds.
#[derive(Clone, Default)]
#[must_use = "options do nothing until a histogram is made from them"]
pub struct HistogramOpts {
    /// Name, help and const labels.
    pub common: Opts,
    /// Upper bounds, strictly increasing; empty means [`DEF_BUCKETS`], or
    /// no classic buckets for a native histogram. A trailing `+Inf` is
    /// implied and may be left out.
    pub buckets: Vec<f64>,
    /// Above 1, the histogram has native buckets too, each bound at most
    /// this factor above the one before (1.1: about 10%; the schema is
    /// chosen from it as Go chooses). 1 or less: classic buckets only.
    pub native_histogram_bucket_factor: f64,
    /// Values within this of zero count in the zero bucket. Zero means
    /// [`DEF_NATIVE_HISTOGRAM_ZERO_THRESHOLD`], a negative value (such as
    /// [`NATIVE_HISTOGRAM_ZERO_THRESHOLD_ZERO`](crate::NATIVE_HISTOGRAM_ZERO_THRESHOLD_ZERO)) only exact zeros.
    pub native_histogram_zero_threshold: f64,
    /// At most this many native buckets (0: no limit); beyond it the
    /// strategies of `native_histogram.rs` apply, in Go's order.
    pub native_histogram_max_bucket_number: u32,
    /// The shortest time between two resets that keep the bucket limit
    /// (zero: never reset).
    pub native_histogram_min_reset_duration: Duration,
    /// How wide the zero bucket may grow to keep the bucket limit.
    pub native_histogram_max_zero_threshold: f64,
    /// The time source for the reset strategy; `None` means `Instant::now`.
    pub clock: Option<Clock>,
}

impl fmt::Debug for HistogramOpts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HistogramOpts")
            .field("common", &self.common)
            .field("buckets", &self.buckets)
            .field("native_histogram_bucket_factor", &self.native_histogram_bucket_factor)
            .field(
                "native_histogram_zero_threshold",
                &self.native_histogram_zero_threshold,
            )
            .field(
                "native_histogram_max_bucket_number",
                &self.native_histogram_max_bucket_number,
            )
            .field(
                "native_histogram_min_reset_duration",
                &self.native_histogram_min_reset_duration,
            )
            .field(
                "native_histogram_max_zero_threshold",
                &self.native_histogram_max_zero_threshold,
            )
            .field("clock", &self.clock.as_ref().map(|_| "Fn() -> Instant"))
            .finish()
    }
}

impl HistogramOpts {
    /// Options with this name and help, everything else at its default.
    pub fn new(name: impl Into<String>, help: impl Into<String>) -> HistogramOpts {
        HistogramOpts { common: Opts::new(name, help), ..HistogramOpts::default() }
    }

    /// Sets the first part of the fully-qualified name.
    pub fn namespace(mut self, namespace: impl Into<String>) -> HistogramOpts {
        self.common = self.common.namespace(namespace);
        self
    }

    /// Sets the middle part of the fully-qualified name.
    pub fn subsystem(mut self, subsystem: impl Into<String>) -> HistogramOpts {
        self.common = self.common.subsystem(subsystem);
        self
    }

    /// Adds a label whose value every series of the metric carries.
    pub fn const_label(
        mut self,
        name: impl Into<String>,
        value: impl Into<String>,
    ) -> HistogramOpts {
        self.common = self.common.const_label(name, value);
        self
    }

    /// Adds const labels (see [`const_label`](HistogramOpts::const_label)).
    pub fn const_labels(mut self, labels: Labels) -> HistogramOpts {
        self.common = self.common.const_labels(labels);
        self
    }

    /// Sets the bucket bounds (see [`HistogramOpts::buckets`](HistogramOpts#structfield.buckets)).
    pub fn buckets(mut self, buckets: Vec<f64>) -> HistogramOpts {
        self.buckets = buckets;
        self
    }

    /// Turns native buckets on, at this growth factor between bounds.
    pub fn native_histogram_bucket_factor(mut self, factor: f64) -> HistogramOpts {
        self.native_histogram_bucket_factor = factor;
        self
    }

    /// Sets the zero bucket's threshold.
    pub fn native_histogram_zero_threshold(mut self, threshold: f64) -> HistogramOpts {
        self.native_histogram_zero_threshold = threshold;
        self
    }

    /// Sets the limit on native buckets.
    pub fn native_histogram_max_bucket_number(mut self, max: u32) -> HistogramOpts {
        self.native_histogram_max_bucket_number = max;
        self
    }

    /// Sets the shortest time between two resets.
    pub fn native_histogram_min_reset_duration(mut self, min: Duration) -> HistogramOpts {
        self.native_histogram_min_reset_duration = min;
        self
    }

    /// Sets how wide the zero bucket may grow.
    pub fn native_histogram_max_zero_threshold(mut self, max: f64) -> HistogramOpts {
        self.native_histogram_max_zero_threshold = max;
        self
    }

    /// Sets where the histogram reads the time (a test's clock).
    pub fn clock(mut self, clock: Clock) -> HistogramOpts {
        self.clock = Some(clock);
        self
    }

    /// The native options, if the factor turns native buckets on (Go's
    /// `newHistogram`).
    fn native(&self) -> Option<NativeOpts> {
        if self.native_histogram_bucket_factor <= 1.0 {
            return None;
        }
        let t = self.native_histogram_zero_threshold;
        let zero_threshold = if t > 0.0 {
            t
        } else if t == 0.0 {
            DEF_NATIVE_HISTOGRAM_ZERO_THRESHOLD
        } else {
            0.0
        };
        Some(NativeOpts {
            schema: pick_schema(self.native_histogram_bucket_factor),
            zero_threshold,
            max_buckets: self.native_histogram_max_bucket_number,
            max_zero_threshold: self.native_histogram_max_zero_threshold,
            min_reset_duration: self.native_histogram_min_reset_duration,
        })
    }

    /// What every histogram made from these options shares, checked.
    pub(crate) fn config(&self) -> Result<HistogramConfig, HistogramOptsError> {
        let native = self.native();
        let upper_bounds = checked_bounds(&self.buckets, native.is_some())?;
        Ok(HistogramConfig { upper_bounds, native, clock: self.clock.clone() })
    }
}

/// The checked options a histogram (or each child of a vec) is made from.
#[derive(Clone)]
pub(crate) struct HistogramConfig {
    upper_bounds: Vec<f64>,
    native: Option<NativeOpts>,
    clock: Option<Clock>,
}

/// A histogram's counts: lock-free classic buckets, or, with native
/// buckets, all counts behind one lock (see `native_histogram.rs`).
enum Counts {
    Classic(HotCold),
    /// Boxed: a classic histogram stays as small as it was.
    Native(Box<NativeCounts>),
}

impl Counts {
    fn observe(&self, v: f64, bucket: usize) {
        match self {
            Counts::Classic(counts) => counts.observe(v, bucket),
            Counts::Native(counts) => counts.observe(v, bucket),
        }
    }
}

/// Why [`HistogramOpts`] cannot make a histogram: Go's `newHistogram`
/// panics with these, in this order.
#[derive(Debug)]
pub enum HistogramOptsError {
    /// A label named `le`, the bucket label.
    Label(LabelError),
    /// Bucket bounds must increase strictly: these two do not.
    BucketsNotIncreasing(f64, f64),
}

impl fmt::Display for HistogramOptsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HistogramOptsError::Label(err) => write!(f, "{err}"),
            HistogramOptsError::BucketsNotIncreasing(a, b) => {
                write!(
                    f,
                    "histogram buckets must be in increasing order: {} >= {}",
                    GoF(*a),
                    GoF(*b)
                )
            }
        }
    }
}

impl std::error::Error for HistogramOptsError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            HistogramOptsError::Label(err) => Some(err),
            HistogramOptsError::BucketsNotIncreasing(..) => None,
        }
    }
}

impl From<LabelError> for HistogramOptsError {
    fn from(err: LabelError) -> HistogramOptsError {
        HistogramOptsError::Label(err)
    }
}

/// Go's `%f`: six decimals, and Go's names for the special values.
struct GoF(f64);

impl fmt::Display for GoF {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            v if v.is_nan() => f.write_str("NaN"),
            f64::INFINITY => f.write_str("+Inf"),
            f64::NEG_INFINITY => f.write_str("-Inf"),
            v => write!(f, "{v:.6}"),
        }
    }
}

/// Counts observations (request durations, sizes) into buckets.
/// Cloning gives another handle on the same histogram.
#[derive(Clone)]
pub struct Histogram(Arc<HistogramCore>);

impl fmt::Debug for Histogram {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Histogram")
            .field("desc", &self.0.desc)
            .field("label_pairs", &self.0.label_pairs)
            .finish_non_exhaustive()
    }
}

struct HistogramCore {
    desc: Desc,
    label_pairs: Vec<LabelPair>,
    upper_bounds: Vec<f64>,
    counts: Counts,
    /// The latest exemplar of each bucket, `+Inf` last.
    exemplars: ExemplarSlots,
    /// The labels as the streaming scrape writes them.
    rendered: LabelsCache,
}

impl Histogram {
    /// Go's `NewHistogram`: panics, as Go does, on buckets that do not
    /// increase or on a label named `le`. [`Histogram::try_new`] returns
    /// those as errors instead. An invalid name is reported on registration.
    pub fn new(opts: HistogramOpts) -> Histogram {
        Histogram::try_new(opts).unwrap_or_else(|err| panic!("{err}"))
    }

    /// Like [`Histogram::new`], with bad buckets or labels as an error.
    pub fn try_new(opts: HistogramOpts) -> Result<Histogram, HistogramOptsError> {
        let config = opts.config();
        let desc = opts.common.into_desc(Vec::new());
        check_no_le(&desc)?;
        Ok(Histogram::with_desc(desc, &config?, &[]))
    }

    /// A histogram for `desc` with checked options (used by vecs).
    pub(crate) fn with_desc(
        desc: Desc,
        config: &HistogramConfig,
        label_values: &[&str],
    ) -> Histogram {
        let label_pairs = desc.label_pairs(label_values);
        let upper_bounds = config.upper_bounds.clone();
        let counts = match &config.native {
            None => Counts::Classic(HotCold::new(upper_bounds.len())),
            Some(native) => Counts::Native(Box::new(NativeCounts::new(
                native.clone(),
                upper_bounds.len(),
                config.clock.clone(),
            ))),
        };
        Histogram(Arc::new(HistogramCore {
            desc,
            label_pairs,
            upper_bounds,
            counts,
            exemplars: ExemplarSlots::default(),
            rendered: LabelsCache::default(),
        }))
    }

    // ANCHOR: observe
    /// Adds one observation: a bucket search and three atomic
    /// read-modify-writes, no lock (with native buckets: one lock).
    pub fn observe(&self, v: f64) {
        let core = &self.0;
        core.counts.observe(v, find_bucket(&core.upper_bounds, v));
    }
    // ANCHOR_END: observe

    /// Go's `ObserveWithExemplar`: observes `v`, then makes `exemplar`
    /// (these labels, now) the latest exemplar of `v`'s bucket. Panics, as
    /// Go does, if the labels are invalid (after observing);
    /// [`Histogram::try_observe_with_exemplar`] returns the error instead.
    pub fn observe_with_exemplar(&self, v: f64, exemplar: &Labels) {
        let core = &self.0;
        let bucket = find_bucket(&core.upper_bounds, v);
        core.counts.observe(v, bucket);
        match check_exemplar(v, SystemTime::now(), exemplar) {
            Ok(e) => core.exemplars.store(bucket, core.upper_bounds.len() + 1, e),
            Err(err) => panic!("{err}"),
        }
    }

    /// [`Histogram::observe_with_exemplar`] that checks the exemplar first
    /// and, if it is invalid, observes nothing and returns why.
    pub fn try_observe_with_exemplar(
        &self,
        v: f64,
        exemplar: &Labels,
    ) -> Result<(), ExemplarError> {
        let core = &self.0;
        let e = check_exemplar(v, SystemTime::now(), exemplar)?;
        let bucket = find_bucket(&core.upper_bounds, v);
        core.counts.observe(v, bucket);
        core.exemplars.store(bucket, core.upper_bounds.len() + 1, e);
        Ok(())
    }
}

impl ExemplarObserver for Histogram {
    fn observe_with_exemplar(&self, v: f64, exemplar: &Labels) {
        Histogram::observe_with_exemplar(self, v, exemplar)
    }
}

/// The index of the first bound `>= v`, or `bounds.len()` (the `+Inf`
/// bucket) if none is; NaN lands there too.
pub(crate) fn find_bucket(bounds: &[f64], v: f64) -> usize {
    if bounds.len() < LINEAR_SEARCH_MAX {
        bounds.iter().position(|&b| b >= v).unwrap_or(bounds.len())
    } else {
        bounds.partition_point(|&b| b < v || v.is_nan())
    }
}

/// Go's bucket checks: strictly increasing, a trailing `+Inf` dropped, and
/// [`DEF_BUCKETS`] when none are given (none at all for a native
/// histogram).
fn checked_bounds(buckets: &[f64], native: bool) -> Result<Vec<f64>, HistogramOptsError> {
    if buckets.is_empty() {
        return Ok(if native { Vec::new() } else { DEF_BUCKETS.to_vec() });
    }
    for pair in buckets.windows(2) {
        if pair[0] >= pair[1] {
            return Err(HistogramOptsError::BucketsNotIncreasing(pair[0], pair[1]));
        }
    }
    let mut bounds = buckets.to_vec();
    if bounds.last() == Some(&f64::INFINITY) {
        bounds.pop();
    }
    Ok(bounds)
}

/// A histogram's own `le` label would clash with the bucket label.
pub(crate) fn check_no_le(desc: &Desc) -> Result<(), LabelError> {
    let variable = desc.variable_labels().iter().any(|n| n == BUCKET_LABEL);
    let constant = desc.const_label_pairs().iter().any(|p| p.name() == BUCKET_LABEL);
    if variable || constant {
        return Err(LabelError::LabelNotAllowed {
            label: BUCKET_LABEL,
            kind: "histograms",
        });
    }
    Ok(())
}

impl Metric for HistogramCore {
    fn desc(&self) -> &Desc {
        &self.desc
    }

    fn write(&self, out: &mut proto::Metric) -> Result<(), BoxError> {
        self.fill(out.histogram.mut_or_insert_default());
        out.label = self.label_pairs.clone();
        Ok(())
    }
}

impl HistogramCore {
    /// The histogram's part of a scrape: counts, buckets, native buckets,
    /// exemplars.
    fn fill(&self, h: &mut proto::Histogram) {
        let core = self;
        // The exemplars first, then the counts: the counts include every
        // observation an exemplar shows (as Go's counter reads them; Go's
        // histogram reads the counts first). A histogram that never had an
        // exemplar costs one pointer read here.
        let exemplars = core.exemplars.is_used().then(|| {
            (0..=core.upper_bounds.len())
                .map(|i| core.exemplars.load(i))
                .collect::<Vec<_>>()
        });
        match &core.counts {
            Counts::Classic(counts) => counts.write_with(|snap| {
                h.sample_count = Some(snap.count);
                h.sample_sum = Some(snap.sum);
                h.bucket = cumulative_buckets(&core.upper_bounds, snap.buckets);
            }),
            Counts::Native(counts) => {
                let snap = counts.snapshot();
                h.sample_count = Some(snap.count);
                h.sample_sum = Some(snap.sum);
                h.bucket = cumulative_buckets(&core.upper_bounds, &snap.classic);
                snap.write_native(h);
            }
        }
        if let Some(exemplars) = exemplars {
            add_exemplars(h, exemplars);
        }
    }
}

/// The classic buckets, counts made cumulative.
fn cumulative_buckets(upper_bounds: &[f64], counts: &[u64]) -> Vec<proto::Bucket> {
    let mut cumulative = 0;
    upper_bounds
        .iter()
        .zip(counts)
        .map(|(&bound, n)| {
            cumulative += n;
            bucket(bound, cumulative)
        })
        .collect()
}

/// Each bucket's exemplar, and an explicit `+Inf` bucket if that one has
/// an exemplar (Go's `Write` adds it only then).
fn add_exemplars(h: &mut proto::Histogram, exemplars: Vec<Option<proto::Exemplar>>) {
    let mut exemplars = exemplars.into_iter();
    for (b, e) in h.bucket.iter_mut().zip(exemplars.by_ref()) {
        b.exemplar = MessageField::from_option(e);
    }
    if let Some(Some(e)) = exemplars.next() {
        let mut inf = bucket(f64::INFINITY, h.sample_count());
        inf.exemplar = MessageField::some(e);
        h.bucket.push(inf);
    }
}

fn bucket(upper_bound: f64, cumulative_count: u64) -> proto::Bucket {
    let mut b = proto::Bucket::new();
    b.upper_bound = Some(upper_bound);
    b.cumulative_count = Some(cumulative_count);
    b
}

impl StreamedHistogram for HistogramCore {
    fn upper_bounds(&self) -> &[f64] {
        &self.upper_bounds
    }

    fn labels(&self) -> &RenderedLabels {
        self.rendered.get(&self.label_pairs)
    }

    fn read_classic(
        &self,
        buckets: &mut Vec<u64>,
        exemplars_shown: bool,
    ) -> Option<(u64, f64)> {
        if exemplars_shown && self.exemplars.is_used() {
            return None;
        }
        match &self.counts {
            Counts::Classic(counts) => Some(counts.write_with(|snap| {
                buckets.clear();
                buckets.extend_from_slice(&snap.buckets[..self.upper_bounds.len()]);
                (snap.count, snap.sum)
            })),
            Counts::Native(counts) => Some(counts.classic_snapshot(buckets)),
        }
    }

    fn fill(&self, h: &mut proto::Histogram) {
        HistogramCore::fill(self, h)
    }

    fn native_snapshot(&self) -> Option<NativeSnapshot> {
        match &self.counts {
            Counts::Native(counts) if !self.exemplars.is_used() => {
                Some(counts.snapshot())
            }
            _ => None,
        }
    }
}

/// `metric` as a streamed histogram, if it is a histogram's.
pub(crate) fn as_streamed(metric: &dyn std::any::Any) -> Option<&dyn StreamedHistogram> {
    metric.downcast_ref::<HistogramCore>().map(|h| h as &dyn StreamedHistogram)
}

crate::collector::self_collector!(Histogram);

/// Go's `LinearBuckets`: `count` bounds from `start`, `width` apart.
/// Panics if `count` is zero, as Go does.
pub fn linear_buckets(start: f64, width: f64, count: usize) -> Vec<f64> {
    assert!(count >= 1, "LinearBuckets needs a positive count");
    let mut bounds = Vec::with_capacity(count);
    let mut bound = start;
    for _ in 0..count {
        bounds.push(bound);
        bound += width;
    }
    bounds
}

/// Go's `ExponentialBuckets`: `count` bounds from `start`, each `factor`
/// times the one before. Panics on a zero count, a start `<= 0` or a factor
/// `<= 1`.
pub fn exponential_buckets(start: f64, factor: f64, count: usize) -> Vec<f64> {
    assert!(count >= 1, "ExponentialBuckets needs a positive count");
    assert!(start > 0.0, "ExponentialBuckets needs a positive start value");
    assert!(factor > 1.0, "ExponentialBuckets needs a factor greater than 1");
    let mut bounds = Vec::with_capacity(count);
    let mut bound = start;
    for _ in 0..count {
        bounds.push(bound);
        bound *= factor;
    }
    bounds
}

/// Go's `ExponentialBucketsRange`: `count` bounds from `min` to `max`, each
/// the same factor apart. Panics on a zero count or a `min <= 0`.
pub fn exponential_buckets_range(min: f64, max: f64, count: usize) -> Vec<f64> {
    assert!(count >= 1, "ExponentialBucketsRange count needs a positive count");
    assert!(min > 0.0, "ExponentialBucketsRange min needs to be greater than 0");
    let growth = go_pow(max / min, 1.0 / (count as f64 - 1.0));
    (0..count).map(|i| min * go_pow(growth, i as f64)).collect()
}

/// Go's `math.Pow` for a positive finite base, step for step: the fraction
/// of the exponent through `exp(f * ln x)`, the whole part by repeated
/// squaring of the base's mantissa. Its rounding differs from the C
/// library's `pow`, and bucket bounds must equal Go's bit for bit.
fn go_pow(x: f64, y: f64) -> f64 {
    if !(x.is_finite() && x >= f64::MIN_POSITIVE && y.is_finite() && y.abs() < 9.0e18) {
        return x.powf(y);
    }
    let (mut whole, mut frac) = (y.abs().trunc(), y.abs().fract());
    let mut a1 = 1.0;
    let mut ae: i64 = 0;
    if frac != 0.0 {
        if frac > 0.5 {
            frac -= 1.0;
            whole += 1.0;
        }
        a1 = (frac * x.ln()).exp();
    }
    let (mut x1, mut xe) = frexp(x);
    let mut i = whole as i64;
    while i != 0 {
        if i & 1 == 1 {
            a1 *= x1;
            ae += xe;
        }
        x1 *= x1;
        xe <<= 1;
        if x1 < 0.5 {
            x1 += x1;
            xe -= 1;
        }
        i >>= 1;
    }
    if y < 0.0 {
        a1 = 1.0 / a1;
        ae = -ae;
    }
    ldexp(a1, ae)
}

/// A histogram whose figures are fixed when it is made (Go's
/// `constHistogram`): for exporters that read finished histograms elsewhere.
#[derive(Debug)]
pub struct ConstHistogram {
    desc: Desc,
    count: u64,
    sum: f64,
    /// (upper bound, cumulative count), sorted by bound.
    buckets: Vec<(f64, u64)>,
    label_pairs: Vec<LabelPair>,
}

/// Go's `NewConstHistogram`: `buckets` maps upper bounds to *cumulative*
/// counts; they are written sorted by bound, without a `+Inf` bucket.
pub fn new_const_histogram(
    desc: &Desc,
    count: u64,
    sum: f64,
    buckets: &[(f64, u64)],
    label_values: &[&str],
) -> Result<ConstHistogram, LabelError> {
    let label_pairs = const_label_pairs(desc, label_values)?;
    let mut buckets = buckets.to_vec();
    buckets.sort_by(|a, b| a.0.total_cmp(&b.0));
    Ok(ConstHistogram { desc: desc.clone(), count, sum, buckets, label_pairs })
}

/// Go's `MustNewConstHistogram`: panics where [`new_const_histogram`] fails.
pub fn must_new_const_histogram(
    desc: &Desc,
    count: u64,
    sum: f64,
    buckets: &[(f64, u64)],
    label_values: &[&str],
) -> ConstHistogram {
    new_const_histogram(desc, count, sum, buckets, label_values)
        .unwrap_or_else(|err| panic!("{err}"))
}

impl Metric for ConstHistogram {
    fn desc(&self) -> &Desc {
        &self.desc
    }

    fn write(&self, out: &mut proto::Metric) -> Result<(), BoxError> {
        let h = out.histogram.mut_or_insert_default();
        h.sample_count = Some(self.count);
        h.sample_sum = Some(self.sum);
        h.bucket = self.buckets.iter().map(|&(bound, n)| bucket(bound, n)).collect();
        out.label = self.label_pairs.clone();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Go's `TestFindBucket`, both search strategies.
    #[test]
    fn find_bucket_as_go() {
        let small = [1.0, 2.0, 3.0, 4.0, 5.0];
        for (v, want) in
            [(-1.0, 0), (0.5, 0), (1.0, 0), (2.5, 2), (5.0, 4), (5.5, 5), (f64::NAN, 5)]
        {
            assert_eq!(find_bucket(&small, v), want, "{v}");
        }
        let large: Vec<f64> = (0..50).map(f64::from).collect();
        for (v, want) in [
            (-1.0, 0),
            (0.0, 0),
            (25.5, 26),
            (49.0, 49),
            (49.5, 50),
            (5000.5, 50),
            (f64::NAN, 50),
        ] {
            assert_eq!(find_bucket(&large, v), want, "{v}");
        }
    }
}
