//! The hot/cold double buffer behind `Histogram` (and a summary without
//! objectives): observers never lock, and a scrape still sees a count, sum
//! and buckets that belong together. Mirrors `histogramCounts`,
//! `waitForCooldown` and `addAndResetCounts` of `histogram.go`.
//!
//! Two sets of counts exist. One 64-bit atomic holds, in its top bit, which
//! set is *hot* and, in the other 63 bits, how many observations have
//! started. An observer bumps that word (learning which set is hot), adds to
//! the hot set's sum, and bumps its bucket last, as a "done" mark. A scrape
//! flips the top bit, so new observations go to the other set, waits until
//! the now-cold set's buckets add up to the observations that started
//! before the flip and were not taken by an earlier scrape, and empties it.
//!
//! Two departures from Go, each saving atomic read-modify-writes. Go keeps
//! a separate count as the "done" mark; promreg counts values above every
//! bound in a bucket of their own, so the bucket add is the mark and an
//! observation costs three such operations, not four. And Go folds the cold
//! counts back into the hot set with atomic adds; promreg moves them into
//! totals that only scrapes touch, emptying the quiet cold set with plain
//! stores. The sum is still folded as Go folds it, so that its
//! floating-point rounding, and the output, are Go's.

use std::sync::atomic::{AtomicU64, Ordering};

use parking_lot::Mutex;

use crate::atomic_float::add_float;

/// The top bit of `count_and_hot_idx`.
const HOT_BIT: u64 = 1 << 63;

pub(crate) struct HotCold {
    count_and_hot_idx: AtomicU64,
    counts: [Counts; 2],
    /// What scrapes have taken out of the sets so far. Behind a lock because
    /// scrapes are serialized: only observers are lock-free.
    taken: Mutex<Taken>,
}

/// Totals of the observations moved out of the sets by scrapes.
struct Taken {
    count: u64,
    /// Non-cumulative, one per finite bucket bound, then one for the rest.
    buckets: Box<[u64]>,
}

struct Counts {
    sum_bits: AtomicU64,
    /// Non-cumulative counts, one per finite bucket bound, then one for
    /// values above them all (and NaN). Written last by each observer.
    buckets: Box<[AtomicU64]>,
}

impl Counts {
    fn new(buckets: usize) -> Counts {
        Counts { sum_bits: AtomicU64::new(0f64.to_bits()), buckets: (0..=buckets).map(|_| AtomicU64::new(0)).collect() }
    }

    /// Observations completed in this set.
    fn completed(&self) -> u64 {
        self.buckets.iter().map(|b| b.load(Ordering::Acquire)).sum()
    }
}

/// What a scrape sees: all observations completed before it began.
pub(crate) struct Snapshot<'a> {
    pub(crate) count: u64,
    pub(crate) sum: f64,
    /// Non-cumulative bucket counts, one per finite bound (the `+Inf`
    /// bucket is `count`).
    pub(crate) buckets: &'a [u64],
}

impl HotCold {
    /// Counts for `buckets` finite bucket bounds.
    pub(crate) fn new(buckets: usize) -> HotCold {
        HotCold {
            count_and_hot_idx: AtomicU64::new(0),
            counts: [Counts::new(buckets), Counts::new(buckets)],
            taken: Mutex::new(Taken { count: 0, buckets: vec![0; buckets + 1].into() }),
        }
    }

    // ANCHOR: observe
    /// Records `v` in bucket `bucket`: the index of its finite bound, or the
    /// number of bounds for values above them all.
    pub(crate) fn observe(&self, v: f64, bucket: usize) {
        let n = self.count_and_hot_idx.fetch_add(1, Ordering::AcqRel);
        let hot = &self.counts[(n >> 63) as usize];
        add_float(&hot.sum_bits, v);
        // Last, and with Release: a scrape that counts this sees the sum too.
        hot.buckets[bucket].fetch_add(1, Ordering::Release);
    }
    // ANCHOR_END: observe

    // ANCHOR: write_with
    /// Runs `read` on a consistent snapshot of every observation completed
    /// before the scrape began.
    pub(crate) fn write_with<R>(&self, read: impl FnOnce(Snapshot<'_>) -> R) -> R {
        let mut taken = self.taken.lock();
        let n = self.count_and_hot_idx.fetch_add(HOT_BIT, Ordering::AcqRel);
        let started = n & !HOT_BIT;
        // `n` holds the index from *before* the flip: that set is cold now.
        let cold = &self.counts[(n >> 63) as usize];
        let hot = &self.counts[((n >> 63) ^ 1) as usize];
        // Observers that started before the flip may still be finishing.
        while cold.completed() != started - taken.count {
            std::thread::yield_now();
        }
        // Nobody writes the cold set now: plain loads and stores will do.
        taken.count = started;
        for (total, cell) in taken.buckets.iter_mut().zip(cold.buckets.iter()) {
            let v = cell.load(Ordering::Relaxed);
            if v != 0 {
                *total += v;
                cell.store(0, Ordering::Relaxed);
            }
        }
        // Go's order of float additions: new observations, then the old sum.
        let sum = f64::from_bits(cold.sum_bits.load(Ordering::Relaxed));
        cold.sum_bits.store(0f64.to_bits(), Ordering::Relaxed);
        add_float(&hot.sum_bits, sum);
        let finite = taken.buckets.len() - 1;
        read(Snapshot { count: started, sum, buckets: &taken.buckets[..finite] })
    }
    // ANCHOR_END: write_with
}
