//! The hot/cold double buffer behind `Histogram` (and a summary without
//! objectives): observers never lock, and a scrape still sees a count, sum
//! and buckets that belong together. Mirrors `histogramCounts`,
//! `waitForCooldown` and `addAndResetCounts` of `histogram.go`.
//!
//! Two sets of counts exist. One 64-bit atomic holds, in its top bit, which
//! set is *hot* and, in the other 63 bits, how many observations have
//! started. An observer bumps that word (learning which set is hot), updates
//! the hot set, and bumps the set's own `count` last, as a "done" mark. A
//! scrape flips the top bit, so new observations go to the other set, waits
//! until the now-cold set's `count` reaches the number of observations that
//! started before the flip, reads it, and folds it into the hot set.

use std::sync::atomic::{AtomicU64, Ordering};

use parking_lot::Mutex;

use crate::counter::add_float;

/// The top bit of `count_and_hot_idx`.
const HOT_BIT: u64 = 1 << 63;

pub(crate) struct HotCold {
    count_and_hot_idx: AtomicU64,
    counts: [Counts; 2],
    /// Scrapes are serialized: only observers are lock-free.
    write_lock: Mutex<()>,
}

struct Counts {
    /// Observations completed in this set: written last by each observer.
    count: AtomicU64,
    sum_bits: AtomicU64,
    /// Non-cumulative counts, one per finite bucket bound.
    buckets: Box<[AtomicU64]>,
}

impl Counts {
    fn new(buckets: usize) -> Counts {
        Counts {
            count: AtomicU64::new(0),
            sum_bits: AtomicU64::new(0f64.to_bits()),
            buckets: (0..buckets).map(|_| AtomicU64::new(0)).collect(),
        }
    }
}

/// What a scrape sees: all observations completed before it began.
pub(crate) struct Snapshot<'a> {
    pub(crate) count: u64,
    pub(crate) sum: f64,
    /// Non-cumulative bucket counts.
    pub(crate) buckets: &'a [AtomicU64],
}

impl HotCold {
    pub(crate) fn new(buckets: usize) -> HotCold {
        HotCold {
            count_and_hot_idx: AtomicU64::new(0),
            counts: [Counts::new(buckets), Counts::new(buckets)],
            write_lock: Mutex::new(()),
        }
    }

    // ANCHOR: observe
    /// Records `v` in bucket `bucket` (or in none, when `bucket` is past the
    /// last finite bound: the `+Inf` bucket is `count` itself).
    pub(crate) fn observe(&self, v: f64, bucket: usize) {
        let n = self.count_and_hot_idx.fetch_add(1, Ordering::AcqRel);
        let hot = &self.counts[(n >> 63) as usize];
        if let Some(b) = hot.buckets.get(bucket) {
            b.fetch_add(1, Ordering::Relaxed);
        }
        add_float(&hot.sum_bits, v);
        // Last, and with Release: a scrape that sees this count sees the rest.
        hot.count.fetch_add(1, Ordering::Release);
    }
    // ANCHOR_END: observe

    // ANCHOR: write_with
    /// Runs `read` on a consistent snapshot, then folds it back so that the
    /// next scrape sees it too.
    pub(crate) fn write_with<R>(&self, read: impl FnOnce(Snapshot<'_>) -> R) -> R {
        let _guard = self.write_lock.lock();
        let n = self.count_and_hot_idx.fetch_add(HOT_BIT, Ordering::AcqRel);
        let count = n & !HOT_BIT;
        // `n` holds the index from *before* the flip: that set is cold now.
        let cold = &self.counts[(n >> 63) as usize];
        let hot = &self.counts[((n >> 63) ^ 1) as usize];
        // Observers that started before the flip may still be finishing.
        while cold.count.load(Ordering::Acquire) != count {
            std::thread::yield_now();
        }
        let sum = f64::from_bits(cold.sum_bits.load(Ordering::Relaxed));
        let result = read(Snapshot { count, sum, buckets: &cold.buckets });
        fold_into(cold, hot);
        result
    }
    // ANCHOR_END: write_with
}

/// Go's `addAndResetCounts`: moves everything in `cold` into `hot`.
fn fold_into(cold: &Counts, hot: &Counts) {
    hot.count.fetch_add(cold.count.swap(0, Ordering::Relaxed), Ordering::Release);
    add_float(&hot.sum_bits, f64::from_bits(cold.sum_bits.swap(0f64.to_bits(), Ordering::Relaxed)));
    for (c, h) in cold.buckets.iter().zip(hot.buckets.iter()) {
        h.fetch_add(c.swap(0, Ordering::Relaxed), Ordering::Relaxed);
    }
}
