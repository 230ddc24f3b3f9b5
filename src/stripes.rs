//! Spreading a contended metric's hot counts over cache lines: a speed-up
//! with no Go counterpart (client_golang's counters and histograms are
//! single atomics, written by every goroutine alike).
//!
//! When threads on different cores write the same atomic, its cache line
//! moves between them on every write, and each write costs a trip across
//! the chip. A metric that finds itself contended (a compare-and-swap that
//! lost a race) grows *lanes*: one copy of its hot counts per
//! (power-of-two) core, each on its own cache line, and from then on each
//! thread writes the lane of its slot. A scrape adds the lanes up. An
//! uncontended metric never grows them and pays one extra load per write
//! (is it striped yet?) and a pointer's worth of memory; a contended one
//! pays its lanes' memory once, for good.
//!
//! Slots are handed to threads round robin at their first write, so a few
//! busy threads start on different lanes; a thread that keeps losing races
//! in its lane moves to the next ([`move_thread_slot`]).

use std::cell::Cell;
use std::sync::OnceLock;
use std::sync::atomic::AtomicUsize;

use crossbeam_utils::CachePadded;

use crate::sync::thread_local;

/// The most lanes a metric grows: enough for the cores a scrape target
/// usually has, while bounding what a contended series costs.
#[cfg(not(promreg_loom))]
const MAX_LANES: usize = 16;

/// The next slot to hand out.
static NEXT_SLOT: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    static SLOT: Cell<usize> = Cell::new(NEXT_SLOT.fetch_add(1, std::sync::atomic::Ordering::Relaxed));
}

/// This thread's slot: which lane it writes.
fn thread_slot() -> usize {
    SLOT.with(Cell::get)
}

/// Moves this thread to another lane: it kept losing races in its own.
/// The next slot is a pseudo-random step (xorshift) from this one, not the
/// next number: two threads that share a lane and both move must not move
/// together.
pub(crate) fn move_thread_slot() {
    SLOT.with(|slot| {
        let mut s = (slot.get() as u64).wrapping_add(1);
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        slot.set(s as usize);
    });
}

/// How many lanes a contended metric grows: the machine's parallelism,
/// rounded up to a power of two, at most [`MAX_LANES`].
#[cfg(not(promreg_loom))]
fn lane_count() -> usize {
    static LANES: OnceLock<usize> = OnceLock::new();
    *LANES.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        cores.next_power_of_two().clamp(2, MAX_LANES)
    })
}

/// A metric's lanes of `T`, grown at most once.
pub(crate) struct Stripes<T> {
    lanes: OnceLock<Box<[CachePadded<T>]>>,
}

impl<T> Stripes<T> {
    pub(crate) const fn new() -> Stripes<T> {
        Stripes { lanes: OnceLock::new() }
    }

    /// This thread's lane, once the lanes are grown.
    #[inline]
    pub(crate) fn lane(&self) -> Option<&T> {
        let lanes = self.lanes.get()?;
        // `lanes.len()` is a power of two.
        Some(&lanes[thread_slot() & (lanes.len() - 1)])
    }

    /// Grows the lanes, each made by `make`, unless they are grown already.
    /// `OnceLock` publishes them: whoever gets them sees them whole.
    #[cold]
    #[cfg(not(promreg_loom))]
    pub(crate) fn grow(&self, make: impl Fn() -> T) {
        self.lanes.get_or_init(|| {
            (0..lane_count()).map(|_| CachePadded::new(make())).collect()
        });
    }

    /// In the loom models, lanes never grow by themselves: loom cannot see
    /// the ordering std's `OnceLock` publishes them with. The models start
    /// some structures with lanes grown ([`Stripes::grown`]) instead.
    #[cold]
    #[cfg(promreg_loom)]
    pub(crate) fn grow(&self, _make: impl Fn() -> T) {}

    /// Every lane, in order (none before they are grown).
    pub(crate) fn iter(&self) -> impl Iterator<Item = &T> {
        self.lanes.get().into_iter().flat_map(|lanes| lanes.iter().map(|lane| &**lane))
    }

    /// Grown lanes of `make` now, `lanes` of them: for tests that write
    /// each lane on purpose.
    #[cfg(test)]
    pub(crate) fn grown(lanes: usize, make: impl Fn() -> T) -> Stripes<T> {
        let stripes = Stripes::new();
        let _ = stripes.lanes.set((0..lanes).map(|_| CachePadded::new(make())).collect());
        stripes
    }

    /// Lane `i` (tests).
    #[cfg(test)]
    pub(crate) fn nth(&self, i: usize) -> Option<&T> {
        self.lanes.get().and_then(|lanes| lanes.get(i)).map(|lane| &**lane)
    }
}
