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
//!
//! A third departure, for many writers: all of the above is one *lane*,
//! and a histogram whose observers race (an addition to the sum that had to
//! retry) grows one lane per core (`stripes.rs`), each with its own hot bit
//! and sets on their own cache lines; each thread then observes into its
//! lane. A scrape takes every lane in turn, each consistent on its own, and
//! adds them up, so the snapshot is consistent too. Until it is contended,
//! a histogram has its first lane only, and its sum is Go's to the bit.
//!
//! Orderings: the observer's `AcqRel` on the count word and `Release` on
//! its bucket pair with the scrape's `AcqRel` flip and `Acquire` bucket
//! loads. An observer that started before the flip is counted in `started`
//! and waited for; its bucket add comes after its sum add, so once the
//! scrape has seen the bucket (`Acquire`), it sees the sum. An observer
//! that started after the flip read the new hot bit and never touches the
//! cold set. The taken totals are behind a lock that only scrapes take.

use crate::atomic_float::add_float;
use crate::stripes::{Stripes, move_thread_slot};
use crate::sync::{AtomicU64, Mutex, Ordering, yield_now};

/// The top bit of `count_and_hot_idx`.
const HOT_BIT: u64 = 1 << 63;

pub(crate) struct HotCold {
    /// The lane every observation goes to until observers race.
    first: Lane,
    /// One lane per core, grown when observers race.
    lanes: Stripes<Lane>,
    /// What scrapes have taken out of the lanes so far. Behind a lock
    /// because scrapes are serialized: only observers are lock-free.
    taken: Mutex<Taken>,
}

/// One set of hot and cold counts, with the word that says which is hot.
struct Lane {
    count_and_hot_idx: AtomicU64,
    counts: [Counts; 2],
}

/// Totals of the observations moved out of the lanes by scrapes.
struct Taken {
    /// How many observations of each lane (the first, then the grown ones)
    /// scrapes have taken.
    lanes: Vec<u64>,
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
        Counts {
            sum_bits: AtomicU64::new(0f64.to_bits()),
            buckets: (0..=buckets).map(|_| AtomicU64::new(0)).collect(),
        }
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
            first: Lane::new(buckets),
            lanes: Stripes::new(),
            taken: Mutex::new(Taken {
                lanes: vec![0],
                buckets: vec![0; buckets + 1].into(),
            }),
        }
    }

    // ANCHOR: lanes
    /// Records `v` in bucket `bucket`: the index of its finite bound, or the
    /// number of bounds for values above them all.
    #[inline]
    pub(crate) fn observe(&self, v: f64, bucket: usize) {
        match self.lanes.lane() {
            Some(lane) => {
                if lane.observe(v, bucket) {
                    move_thread_slot();
                }
            }
            None => {
                if self.first.observe(v, bucket) {
                    let buckets = self.first.counts[0].buckets.len() - 1;
                    self.lanes.grow(|| Lane::new(buckets));
                }
            }
        }
    }
    // ANCHOR_END: lanes

    // ANCHOR: write_with
    /// Runs `read` on a consistent snapshot of every observation completed
    /// before the scrape began.
    pub(crate) fn write_with<R>(&self, read: impl FnOnce(Snapshot<'_>) -> R) -> R {
        let mut taken = self.taken.lock();
        let Taken { lanes: taken_lanes, buckets } = &mut *taken;
        let lanes = std::iter::once(&self.first).chain(self.lanes.iter());
        let mut count = 0;
        let mut sum = None;
        for (i, lane) in lanes.enumerate() {
            if taken_lanes.len() == i {
                taken_lanes.push(0);
            }
            let lane_sum = lane.take(&mut taken_lanes[i], buckets);
            count += taken_lanes[i];
            // The first lane's sum alone is Go's sum, to the bit.
            sum = Some(sum.map_or(lane_sum, |s: f64| s + lane_sum));
        }
        let finite = buckets.len() - 1;
        read(Snapshot { count, sum: sum.unwrap_or(0.0), buckets: &buckets[..finite] })
    }
    // ANCHOR_END: write_with
}

impl Lane {
    fn new(buckets: usize) -> Lane {
        Lane {
            count_and_hot_idx: AtomicU64::new(0),
            counts: [Counts::new(buckets), Counts::new(buckets)],
        }
    }

    // ANCHOR: observe
    /// Records `v` in bucket `bucket`. Returns whether it raced another
    /// observer (its sum addition had to retry).
    #[inline]
    fn observe(&self, v: f64, bucket: usize) -> bool {
        let n = self.count_and_hot_idx.fetch_add(1, Ordering::AcqRel);
        let hot = &self.counts[(n >> 63) as usize];
        let raced = add_float(&hot.sum_bits, v);
        // Last, and with Release: a scrape that counts this sees the sum too.
        hot.buckets[bucket].fetch_add(1, Ordering::Release);
        raced
    }
    // ANCHOR_END: observe

    // ANCHOR: take
    /// Moves every observation completed before now out of the lane: its
    /// count into `taken` (what earlier scrapes took), its buckets into
    /// `totals`. Returns its sum.
    fn take(&self, taken: &mut u64, totals: &mut [u64]) -> f64 {
        let n = self.count_and_hot_idx.fetch_add(HOT_BIT, Ordering::AcqRel);
        let started = n & !HOT_BIT;
        // `n` holds the index from *before* the flip: that set is cold now.
        let cold = &self.counts[(n >> 63) as usize];
        let hot = &self.counts[((n >> 63) ^ 1) as usize];
        // Observers that started before the flip may still be finishing.
        while cold.completed() != started - *taken {
            yield_now();
        }
        // Nobody writes the cold set now: plain loads and stores will do.
        *taken = started;
        for (total, cell) in totals.iter_mut().zip(cold.buckets.iter()) {
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
        sum
    }
    // ANCHOR_END: take
}

#[cfg(all(test, promreg_loom))]
mod loom_models {
    use super::*;
    use crate::sync::model_two_writers;

    /// Checks what a scrape of observations 1.0 (bucket 0) and 2.0
    /// (bucket 1) may see: whole observations only, the sum theirs.
    fn check(count: u64, sum: f64, buckets: &[u64]) {
        let (ones, twos) = (buckets[0], buckets[1]);
        assert_eq!(count, ones + twos, "count {count}, buckets {buckets:?}");
        assert_eq!(
            sum,
            ones as f64 + 2.0 * twos as f64,
            "sum {sum}, buckets {buckets:?}"
        );
    }

    /// Runs two observers with `observe` while this thread scrapes, then
    /// scrapes again once they are done.
    fn model(make: fn() -> HotCold, observe: fn(&HotCold, usize)) {
        let during = |counts: &HotCold| {
            counts.write_with(|snap| check(snap.count, snap.sum, snap.buckets))
        };
        let after = |counts: &HotCold| {
            counts.write_with(|snap| {
                assert_eq!((snap.count, snap.sum, snap.buckets), (2, 3.0, &[1, 1][..]))
            });
        };
        model_two_writers(make, observe, during, after);
    }

    /// Go's protocol on the first lane, with the lanes growing if the two
    /// observers race on the sum: a scrape in the middle sees whole
    /// observations, and the next sees both.
    #[test]
    fn a_scrape_sees_whole_observations() {
        model(|| HotCold::new(2), |counts, i| counts.observe((i + 1) as f64, i));
    }

    /// Lanes grown: one observer in the first lane, one in another; the
    /// scrape adds up lanes that are each consistent.
    #[test]
    fn a_scrape_adds_up_consistent_lanes() {
        model(
            || HotCold {
                first: Lane::new(2),
                lanes: Stripes::grown(2, || Lane::new(2)),
                taken: Mutex::new(Taken { lanes: vec![0], buckets: vec![0; 3].into() }),
            },
            |counts, i| {
                let lane =
                    if i == 0 { &counts.first } else { counts.lanes.nth(1).unwrap() };
                lane.observe((i + 1) as f64, i);
            },
        );
    }
}
