//! Native histograms: sparse, exponential buckets, one histogram at any
//! resolution with no bucket layout to choose. Mirrors the native half of
//! `histogram.go` in client_golang 1.14 (`pickSchema`, the key computation
//! of `histogramCounts.observe`, `limitBuckets` and its three strategies,
//! `makeBuckets`, `getLe`).
//!
//! A bucket's key `k` at schema `s` holds the values in
//! `(2^((k-1)/2^s), 2^(k/2^s)]`: at schema 3, eight buckets per power of
//! two, each about 9% wider than the one before. Positive and negative
//! values have buckets of their own; values within the zero threshold of
//! zero go to the zero bucket.
//!
//! Where promreg leaves Go's path: a histogram with native buckets keeps
//! all its counts (native and classic, count and sum) behind one lock,
//! where Go's stay lock-free in its hot/cold buffers with a `sync.Map` of
//! atomics. The lock makes a scrape trivially consistent and the limit
//! strategies plain code; an uncontended observation costs a lock more.
//! And values below 1 at negative schemas get the bucket of later
//! client_golang releases (PR #1279), not 1.14's.

use std::sync::LazyLock;
use std::time::{Duration, Instant};

use parking_lot::Mutex;

use crate::float_parts::{frexp, ldexp};
use crate::proto::{self, BucketSpan};
use crate::sparse_buckets::SparseBuckets;
use crate::summary::Clock;

/// Go's `DefNativeHistogramZeroThreshold`: 2^-128.
pub const DEF_NATIVE_HISTOGRAM_ZERO_THRESHOLD: f64 = 2.938735877055719e-39;

/// Go's `NativeHistogramZeroThresholdZero`: a zero threshold that makes
/// only exact zeros zero.
pub const NATIVE_HISTOGRAM_ZERO_THRESHOLD_ZERO: f64 = -1.0;

/// The lowest and highest schema (2^-4 and 2^8 buckets per power of two).
const SCHEMA_MIN: i32 = -4;
const SCHEMA_MAX: i32 = 8;

// ANCHOR: pick_schema
/// Go's `pickSchema`: the highest resolution whose neighbouring bucket
/// bounds grow by at most `factor` (which is above 1).
pub(crate) fn pick_schema(factor: f64) -> i32 {
    let floor = factor.log2().log2().floor();
    if floor <= -8.0 {
        SCHEMA_MAX
    } else if floor >= 4.0 {
        SCHEMA_MIN
    } else {
        -(floor as i32)
    }
}
// ANCHOR_END: pick_schema

/// The bucket bounds within one power of two, per positive schema: the
/// fractions (as `frexp` gives them, in [0.5, 1)) where a bucket ends,
/// about 2^(i/2^s - 1). Go writes them out as constants, often one unit in
/// the last place below the nearest float to that power, so they cannot be
/// computed here: they are read from the bounds Go's buckets were found to
/// have through its public API (`tests/golden/native_bounds.tsv`, made by
/// `tests/go/golden.go`), bit for bit.
static BOUNDS: LazyLock<Vec<SchemaBounds>> = LazyLock::new(|| {
    let mut bounds: Vec<Vec<f64>> = (0..=SCHEMA_MAX).map(|_| vec![0.5]).collect();
    for line in include_str!("../tests/golden/native_bounds.tsv").lines() {
        let mut fields = line.split('\t');
        let schema = fields.next().and_then(|s| s.parse::<usize>().ok());
        let bits = fields.nth(1).and_then(|b| u64::from_str_radix(b, 16).ok());
        if let (Some(schema), Some(bits)) = (schema, bits) {
            bounds[schema].push(f64::from_bits(bits));
        }
    }
    bounds
        .into_iter()
        .enumerate()
        .map(|(schema, bounds)| SchemaBounds::new(schema as u32, bounds))
        .collect()
});

/// One positive schema's bounds, and a table to find among them fast.
struct SchemaBounds {
    bounds: Vec<f64>,
    /// For each of the 2^(s+1) equal bins of [0.5, 1), how many bounds lie
    /// below the bin: see [`bound_index`].
    below_bin: Vec<u16>,
    /// Shift that leaves a fraction's top s+1 mantissa bits: its bin.
    bin_shift: u32,
}

impl SchemaBounds {
    fn new(schema: u32, bounds: Vec<f64>) -> SchemaBounds {
        let bin_bits = schema + 1;
        let bins = 1usize << bin_bits;
        let below_bin = (0..bins)
            .map(|bin| {
                let lowest = 0.5 + 0.5 * bin as f64 / bins as f64; // exact: a dyadic fraction
                bounds.partition_point(|&b| b < lowest) as u16
            })
            .collect();
        SchemaBounds { bounds, below_bin, bin_shift: 52 - bin_bits }
    }
}

/// The bounds of a positive schema (for the tests).
pub(crate) fn bounds(schema: i32) -> &'static [f64] {
    &BOUNDS[schema as usize].bounds
}

// ANCHOR: bound_index
/// How many of `schema`'s bounds are below `frac` (in [0.5, 1)): the
/// bucket within its power of two. Go finds it with a binary search
/// (`sort.SearchFloat64s`); promreg goes to the fraction's bin among
/// 2^(s+1) equal bins first, by its top mantissa bits, where the table says
/// how many bounds are below, then steps over the bounds inside the bin.
/// Bounds are at least 0.35/2^s apart and bins 0.5/2^(s+1) wide, so a bin
/// holds one bound at most: one comparison instead of s, none of them a
/// branch the processor must guess. Same answer (a test checks it).
#[inline]
fn bound_index(schema: i32, frac: f64) -> usize {
    let table = &BOUNDS[schema as usize];
    let bin = ((frac.to_bits() & ((1 << 52) - 1)) >> table.bin_shift) as usize;
    let mut index = table.below_bin[bin] as usize;
    while index < table.bounds.len() && table.bounds[index] < frac {
        index += 1;
    }
    index
}
// ANCHOR_END: bound_index

// ANCHOR: key
/// The key of the bucket for `v` (not NaN, not zero) at `schema`: its
/// magnitude's bucket; ±Inf gets the one after the largest float's.
#[inline]
pub(crate) fn key(v: f64, schema: i32) -> i32 {
    let infinite = v.is_infinite();
    let magnitude = if infinite { f64::MAX } else { v.abs() };
    let (frac, exp) = frexp(magnitude);
    let exp = exp as i32; // within ±1100 for any finite float
    let key = if schema > 0 {
        bound_index(schema, frac) as i32 + (exp - 1) * (1 << schema)
    } else {
        // A power of two ends its bucket; then 2^-schema powers a bucket,
        // rounding up (an arithmetic shift: floor division, also below 1).
        let key = if frac == 0.5 { exp - 1 } else { exp };
        let offset = (1 << -schema) - 1;
        (key + offset) >> -schema
    };
    key + i32::from(infinite)
}
// ANCHOR_END: key

/// Go's `getLe`: the upper bound of bucket `key` at `schema`. The bucket
/// before the ±Inf one ends at the largest float, not at +Inf.
pub(crate) fn upper_bound(key: i32, schema: i32) -> f64 {
    if schema < 0 {
        let exp = key << -schema;
        if exp == 1024 {
            return f64::MAX;
        }
        return ldexp(1.0, i64::from(exp));
    }
    let frac = bounds(schema)[(key & ((1 << schema) - 1)) as usize];
    let exp = (key >> schema) + 1;
    if frac == 0.5 && exp == 1025 {
        return f64::MAX;
    }
    ldexp(frac, i64::from(exp))
}

/// The native options of a histogram, checked.
#[derive(Clone, Debug)]
pub(crate) struct NativeOpts {
    pub(crate) schema: i32,
    pub(crate) zero_threshold: f64,
    pub(crate) max_buckets: u32,
    pub(crate) max_zero_threshold: f64,
    pub(crate) min_reset_duration: Duration,
}

/// Everything a histogram with native buckets counts, behind its lock.
pub(crate) struct NativeCounts {
    opts: NativeOpts,
    clock: Option<Clock>,
    state: Mutex<State>,
}

struct State {
    count: u64,
    sum: f64,
    /// Non-cumulative classic counts, one per finite bound, then `+Inf`.
    classic: Vec<u64>,
    schema: i32,
    zero_threshold: f64,
    zero_count: u64,
    positive: SparseBuckets,
    negative: SparseBuckets,
    last_reset: Instant,
}

/// What a scrape writes of a native histogram.
pub(crate) struct NativeSnapshot {
    pub(crate) count: u64,
    pub(crate) sum: f64,
    /// Non-cumulative classic counts, one per finite bound.
    pub(crate) classic: Vec<u64>,
    pub(crate) schema: i32,
    pub(crate) zero_threshold: f64,
    pub(crate) zero_count: u64,
    pub(crate) positive: (Vec<BucketSpan>, Vec<i64>),
    pub(crate) negative: (Vec<BucketSpan>, Vec<i64>),
}

impl NativeCounts {
    pub(crate) fn new(
        opts: NativeOpts,
        classic_buckets: usize,
        clock: Option<Clock>,
    ) -> NativeCounts {
        let now = clock.as_ref().map_or_else(Instant::now, |c| c());
        let state = State {
            count: 0,
            sum: 0.0,
            classic: vec![0; classic_buckets + 1],
            schema: opts.schema,
            zero_threshold: opts.zero_threshold,
            zero_count: 0,
            positive: SparseBuckets::default(),
            negative: SparseBuckets::default(),
            last_reset: now,
        };
        NativeCounts { opts, clock, state: Mutex::new(state) }
    }

    fn now(&self) -> Instant {
        self.clock.as_ref().map_or_else(Instant::now, |c| c())
    }

    // ANCHOR: observe
    /// Counts `v` (in classic bucket `bucket`) and keeps the number of
    /// native buckets within the limit.
    pub(crate) fn observe(&self, v: f64, bucket: usize) {
        let mut state = self.state.lock();
        state.observe(v, bucket);
        if !v.is_nan() {
            self.limit_buckets(&mut state, v, bucket);
        }
    }
    // ANCHOR_END: observe

    // ANCHOR: limit_buckets
    /// Go's `limitBuckets`: over the limit, the first strategy that helps
    /// of: a reset (if the last was long enough ago), a wider zero bucket
    /// (up to its maximum), half the resolution.
    fn limit_buckets(&self, state: &mut State, v: f64, bucket: usize) {
        let max = self.opts.max_buckets as usize;
        if max == 0 || state.positive.len() + state.negative.len() <= max {
            return;
        }
        if self.maybe_reset(state, v, bucket) || self.maybe_widen_zero_bucket(state) {
            return;
        }
        state.double_bucket_width();
    }
    // ANCHOR_END: limit_buckets

    /// Go's `maybeReset`: everything back to zero but the last
    /// observation, if the last reset was at least the minimum ago.
    fn maybe_reset(&self, state: &mut State, v: f64, bucket: usize) -> bool {
        let min = self.opts.min_reset_duration;
        let now = self.now();
        if min.is_zero() || now.saturating_duration_since(state.last_reset) < min {
            return false;
        }
        state.count = 0;
        state.sum = 0.0;
        state.classic.iter_mut().for_each(|c| *c = 0);
        state.schema = self.opts.schema;
        state.zero_threshold = self.opts.zero_threshold;
        state.zero_count = 0;
        state.positive.clear();
        state.negative.clear();
        state.observe(v, bucket);
        state.last_reset = now;
        true
    }

    /// Go's `maybeWidenZeroBucket`: widens the zero bucket to take in the
    /// bucket(s) nearest to zero, if its maximum allows.
    fn maybe_widen_zero_bucket(&self, state: &mut State) -> bool {
        if state.zero_threshold >= self.opts.max_zero_threshold {
            return false;
        }
        let smallest = [state.positive.first_key(), state.negative.first_key()]
            .into_iter()
            .flatten()
            .min();
        let Some(smallest) = smallest else { return false };
        let threshold = upper_bound(smallest, state.schema);
        if threshold > self.opts.max_zero_threshold {
            return false;
        }
        state.zero_threshold = threshold;
        for side in [&mut state.positive, &mut state.negative] {
            if let Some(n) = side.remove(smallest) {
                state.zero_count += n;
            }
        }
        true
    }

    /// The count, the sum and the classic buckets' counts (into
    /// `buckets`), under the lock: what the text formats show of it.
    pub(crate) fn classic_snapshot(&self, buckets: &mut Vec<u64>) -> (u64, f64) {
        let state = self.state.lock();
        buckets.clear();
        buckets.extend_from_slice(&state.classic[..state.classic.len() - 1]);
        (state.count, state.sum)
    }

    /// The counts as a scrape writes them.
    pub(crate) fn snapshot(&self) -> NativeSnapshot {
        let state = self.state.lock();
        let finite = state.classic.len() - 1;
        NativeSnapshot {
            count: state.count,
            sum: state.sum,
            classic: state.classic[..finite].to_vec(),
            schema: state.schema,
            zero_threshold: state.zero_threshold,
            zero_count: state.zero_count,
            positive: spans_and_deltas(&state.positive),
            negative: spans_and_deltas(&state.negative),
        }
    }
}

impl State {
    /// Go's `histogramCounts.observe`, for one value.
    #[inline]
    fn observe(&mut self, v: f64, bucket: usize) {
        self.classic[bucket] += 1;
        self.sum += v;
        self.count += 1;
        if v.is_nan() {
            return;
        }
        if v > self.zero_threshold {
            self.positive.add_one(key(v, self.schema));
        } else if v < -self.zero_threshold {
            self.negative.add_one(key(v, self.schema));
        } else {
            self.zero_count += 1;
        }
    }

    /// Go's `doubleBucketWidth`: one schema lower (down to -4), each pair of
    /// buckets merged into one.
    fn double_bucket_width(&mut self) {
        if self.schema == SCHEMA_MIN {
            return;
        }
        self.schema -= 1;
        for side in [&mut self.positive, &mut self.negative] {
            // Bucket k becomes ceil(k / 2) (Go: increment positive keys,
            // then divide truncating).
            side.merge_keys(|key| if key > 0 { (key + 1) / 2 } else { key / 2 });
        }
    }
}

// ANCHOR: spans
/// Go's `makeBuckets`: the buckets as spans of consecutive keys and the
/// differences of each count to the one before. A gap of one or two empty
/// buckets is cheaper as zeros within a span than as a new span.
fn spans_and_deltas(buckets: &SparseBuckets) -> (Vec<BucketSpan>, Vec<i64>) {
    let mut spans = Vec::new();
    let mut deltas = Vec::with_capacity(buckets.len() * 2);
    // The span being filled: its offset and length so far.
    let mut open: Option<(i32, u32)> = None;
    let (mut previous, mut next_key) = (0i64, 0i32);
    for (key, count) in buckets.iter() {
        let gap = key - next_key;
        match &mut open {
            Some((_, length)) if gap <= 2 => {
                // Go's gap filling: each empty bucket is a delta back to 0.
                for _ in 0..gap {
                    deltas.push(-previous);
                    previous = 0;
                }
                *length += gap as u32 + 1;
            }
            _ => {
                spans.extend(open.map(|(offset, length)| bucket_span(offset, length)));
                open = Some((gap, 1));
            }
        }
        deltas.push(count as i64 - previous);
        previous = count as i64;
        next_key = key + 1;
    }
    spans.extend(open.map(|(offset, length)| bucket_span(offset, length)));
    (spans, deltas)
}
// ANCHOR_END: spans

fn bucket_span(offset: i32, length: u32) -> BucketSpan {
    let mut span = BucketSpan::new();
    span.offset = Some(offset);
    span.length = Some(length);
    span
}

impl NativeSnapshot {
    /// Writes the native fields into `h`.
    pub(crate) fn write_native(self, h: &mut proto::Histogram) {
        h.zero_threshold = Some(self.zero_threshold);
        h.schema = Some(self.schema);
        h.zero_count = Some(self.zero_count);
        (h.negative_span, h.negative_delta) = self.negative;
        (h.positive_span, h.positive_delta) = self.positive;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every positive schema has its 2^s bounds, increasing, in [0.5, 1).
    #[test]
    fn bounds_are_complete() {
        for schema in 1..=SCHEMA_MAX {
            let b = bounds(schema);
            assert_eq!(b.len(), 1 << schema, "schema {schema}");
            assert!(
                b.windows(2).all(|w| w[0] < w[1]) && b[0] == 0.5 && b[b.len() - 1] < 1.0
            );
        }
    }

    /// The table's search finds what Go's binary search finds: at every
    /// bound, one unit in the last place either side of it, and between.
    #[test]
    fn bound_index_is_the_binary_search() {
        for schema in 1..=SCHEMA_MAX {
            let b = bounds(schema);
            let mut fracs = vec![0.5, 1f64.next_down()];
            for (i, &bound) in b.iter().enumerate() {
                fracs.extend([bound.next_down(), bound, bound.next_up()]);
                let next = b.get(i + 1).copied().unwrap_or(1.0);
                fracs.extend((1..8).map(|k| bound + (next - bound) * k as f64 / 8.0));
            }
            for frac in fracs.into_iter().filter(|f| (0.5..1.0).contains(f)) {
                assert_eq!(
                    bound_index(schema, frac),
                    b.partition_point(|&x| x < frac),
                    "schema {schema}, {frac}"
                );
            }
            // No bin holds two bounds: one step at most.
            let table = &BOUNDS[schema as usize].below_bin;
            assert!(table.windows(2).all(|w| w[1] - w[0] <= 1), "schema {schema}");
        }
    }

    /// Keys at schema 0: bucket k holds (2^(k-1), 2^k].
    #[test]
    fn keys_at_schema_zero() {
        for (v, k) in [
            (1.0, 0),
            (1.5, 1),
            (2.0, 1),
            (2.5, 2),
            (0.5, -1),
            (0.75, 0),
            (f64::MAX, 1024),
            (f64::INFINITY, 1025),
        ] {
            assert_eq!(key(v, 0), k, "{v}");
        }
    }

    /// Later releases' keys below 1 at negative schemas (PR #1279): a
    /// floor, where 1.14 truncates toward zero.
    #[test]
    fn keys_below_one_at_negative_schemas_round_down() {
        // 0.05 = 0.8 * 2^-4: key -4 at schema 0; at schema -1 (two powers a
        // bucket), ceil(-4 / 2) = -2: the bucket (2^-6, 2^-4]... which is
        // (1/64, 1/16]. 1.14 computed (-4 + 1) / 2 = -1, the bucket
        // (1/16, 1/4], which does not hold 0.05.
        assert_eq!(key(0.05, -1), -2);
        assert!(upper_bound(-2, -1) >= 0.05 && upper_bound(-3, -1) < 0.05);
        for schema in -4..=0 {
            for v in [0.9, 0.5, 0.3, 0.1, 0.05, 0.01, 1e-5, 1e-300, 5e-324] {
                let k = key(v, schema);
                assert!(
                    upper_bound(k, schema) >= v && upper_bound(k - 1, schema) < v,
                    "{v} at {schema}: {k}"
                );
            }
        }
    }
}
