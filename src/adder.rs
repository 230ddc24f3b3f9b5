//! A counter's whole-number part that scales with writers: one atomic
//! while uncontended, lanes once contended (`stripes.rs`). Mirrors the
//! `valInt` of client_golang's `counter.go`, which is a single atomic.
//!
//! Every write is one atomic add to the base, as in Go, until the adder
//! finds itself contended: a thread adding to this adder and no other
//! found, several times, that another thread had added in between (the
//! add returns the value it found; the thread remembers the value it
//! left).
//! Then the adder grows its lanes, and from then on a thread adds to its
//! lane; two threads that turn out to share one move apart the same way.
//! (Java's `LongAdder` grows on a failed compare-and-swap instead; a
//! compare-and-swap needs a load before it, which costs an uncontended
//! counter a fifth more.) A read adds the base and the lanes.
//!
//! Orderings: every access is `Relaxed`. An addition must land exactly
//! once, which the read-modify-writes guarantee whatever the ordering, and
//! the value publishes no other memory. A read is the sum of values each of
//! which only grows, read in a fixed order; a later read (on the same
//! thread, or one that happens after it) reads each no smaller, by each
//! atomic's coherence, so a counter read twice never goes down.

use std::cell::Cell;

use crate::stripes::{Stripes, move_thread_slot};
use crate::sync::{AtomicU64, Ordering, thread_local};

pub(crate) struct Adder {
    base: AtomicU64,
    lanes: Stripes<AtomicU64>,
}

impl Adder {
    pub(crate) fn new() -> Adder {
        Adder { base: AtomicU64::new(0), lanes: Stripes::new() }
    }

    // ANCHOR: add
    /// Adds `n` (wrapping, as Go's does).
    #[inline]
    pub(crate) fn add(&self, n: u64) {
        match self.lanes.lane() {
            None => {
                let old = self.base.fetch_add(n, Ordering::Relaxed);
                if raced(std::ptr::from_ref(self).addr(), old, n) {
                    self.grow();
                }
            }
            Some(lane) => add_in_lane(lane, n),
        }
    }
    // ANCHOR_END: add

    #[cold]
    fn grow(&self) {
        self.lanes.grow(|| AtomicU64::new(0));
    }

    /// The total: the base and every lane.
    pub(crate) fn sum(&self) -> u64 {
        let lanes = self.lanes.iter().map(|lane| lane.load(Ordering::Relaxed));
        lanes.fold(self.base.load(Ordering::Relaxed), u64::wrapping_add)
    }
}

/// Adds `n` in this thread's lane; two busy threads that share a lane
/// find out as the base found out, and this one moves on.
fn add_in_lane(lane: &AtomicU64, n: u64) {
    let old = lane.fetch_add(n, Ordering::Relaxed);
    if raced(std::ptr::from_ref(lane).addr(), old, n) {
        move_thread_slot();
    }
}

/// How many of a thread's additions to one adder, with no other adder's in
/// between, must find that others added in between before the adder grows
/// its lanes. (One in the loom models, so that they take that path.)
#[cfg(not(promreg_loom))]
const STRIKES: u32 = 8;
#[cfg(promreg_loom)]
const STRIKES: u32 = 1;

// The adder this thread added to last (its address), the value it left
// there, and how many of its additions to that adder since it came to it
// found another thread's in between.
#[cfg(not(promreg_loom))]
thread_local! {
    static LAST: Cell<(usize, u64, u32)> = const { Cell::new((0, 0, 0)) };
}
#[cfg(promreg_loom)]
thread_local! {
    static LAST: Cell<(usize, u64, u32)> = Cell::new((0, 0, 0));
}

/// Whether the adder at `addr`, which an addition of `n` found at `old`, is
/// contended: this thread's last additions all went to it, one after the
/// other, and [`STRIKES`] of them found that other threads had added in
/// between. A thread that adds to many series moves on before that;
/// threads in a tight loop on one series get there at once.
#[inline]
fn raced(addr: usize, old: u64, n: u64) -> bool {
    LAST.with(|last| {
        let (last_addr, left, strikes) = last.get();
        let strikes = match (last_addr == addr, old == left) {
            (false, _) => 0,
            (true, true) => strikes,
            (true, false) => strikes + 1,
        };
        last.set((addr, old.wrapping_add(n), strikes));
        strikes >= STRIKES
    })
}

#[cfg(all(test, promreg_loom))]
mod loom_models {
    use super::*;
    use crate::sync::model_two_writers;

    /// Two writers race on the base while a reader reads twice: the reads
    /// never go down, and the end sees every addition once.
    #[test]
    fn additions_land_once_and_reads_never_go_down() {
        model(Adder::new, |adder, _| {
            adder.add(1);
            adder.add(2);
        });
    }

    /// Lanes grown: one writer still adds to the base (it raced before the
    /// lanes grew), one adds in a lane; the reader adds up the base and the
    /// lanes.
    #[test]
    fn the_base_and_the_lanes_add_up() {
        let grown = || Adder {
            base: AtomicU64::new(0),
            lanes: Stripes::grown(2, || AtomicU64::new(0)),
        };
        model(grown, |adder, i| {
            if i == 0 {
                adder.base.fetch_add(1, Ordering::Relaxed);
                adder.base.fetch_add(2, Ordering::Relaxed);
            } else {
                add_in_lane(adder.lanes.nth(1).unwrap(), 1);
                add_in_lane(adder.lanes.nth(1).unwrap(), 2);
            }
        });
    }

    /// Two writers run `write` (each adding 3 in all) while this thread
    /// reads twice.
    fn model(make: fn() -> Adder, write: fn(&Adder, usize)) {
        let during = |adder: &Adder| {
            let first = adder.sum();
            let second = adder.sum();
            assert!(second >= first, "{second} after {first}");
        };
        model_two_writers(make, write, during, |adder| assert_eq!(adder.sum(), 6));
    }
}

#[cfg(all(test, not(promreg_loom)))]
mod tests {
    use super::*;
    use std::sync::Arc;

    /// Real threads hammering one adder: it grows lanes, and the total is
    /// exact; reads taken meanwhile never go down.
    #[test]
    fn contended_additions_are_all_counted() {
        let adder = Arc::new(Adder::new());
        let writers: Vec<_> = (0..4)
            .map(|_| {
                let adder = adder.clone();
                std::thread::spawn(move || (0..200_000).for_each(|_| adder.add(1)))
            })
            .collect();
        let mut last = 0;
        while !writers.iter().all(|w| w.is_finished()) {
            let now = adder.sum();
            assert!(now >= last, "{now} after {last}");
            last = now;
        }
        writers.into_iter().for_each(|w| w.join().unwrap());
        assert_eq!(adder.sum(), 800_000);
    }

    /// Lanes grown: additions in different lanes and the base all count.
    #[test]
    fn the_sum_covers_the_base_and_every_lane() {
        let adder = Adder {
            base: AtomicU64::new(5),
            lanes: Stripes::grown(4, || AtomicU64::new(0)),
        };
        for i in 0..4 {
            adder.lanes.nth(i).unwrap().fetch_add(10 * (i as u64 + 1), Ordering::Relaxed);
        }
        adder.add(1);
        assert_eq!(adder.sum(), 5 + 100 + 1);
    }
}
