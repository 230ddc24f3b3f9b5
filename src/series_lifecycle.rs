//! Series lifecycle, beyond Go: a cap on how many series a vec holds, and
//! the expiry of series whose value has stopped changing. client_golang
//! 1.14 has neither: a label fed from user input (a path, a user ID) grows
//! a vec until the process or the Prometheus server falls over. Both are
//! off by default, and then cost a vec nothing on its hot path: the cap is
//! looked at only when a lookup misses, the expiry only when it is scraped.
//!
//! An expired series is one whose value (a counter's or gauge's value, a
//! histogram's or summary's count and sum) has not changed for the idle
//! time, as seen at scrapes: that needs no clock read and no write on each
//! update. A gauge set again and again to one value counts as idle.

use std::any::Any;
use std::collections::HashMap;

use nohash_hasher::BuildNoHashHasher;
use std::time::{Duration, Instant};

use crate::counter::Counter;
use crate::metric::Metric;
use crate::proto;
use crate::streamed::streamed_value;
use crate::summary::Clock;
use protobuf::Message;

/// The label value every label of a vec's overflow series has
/// ([`Overflow::Series`]).
pub const OVERFLOW_LABEL_VALUE: &str = "__overflow__";

/// What a capped vec does with a label set past its limit
/// ([`MetricVec::with_series_limit`](crate::MetricVec::with_series_limit)).
#[derive(Clone, Debug)]
pub enum Overflow {
    /// Its updates go to one more series, every label of which has the
    /// value [`OVERFLOW_LABEL_VALUE`]: the scrape shows what went past the
    /// limit, summed.
    Series,
    /// Its updates go nowhere; this counter (register it yourself) counts
    /// each lookup that was refused.
    Count(Counter),
}

/// A vec's lifecycle settings and the state they need. Guarded by the
/// vec's lifecycle lock; read only off the hot path.
pub(crate) struct Lifecycle<M> {
    pub(crate) overflow: Option<Overflow>,
    /// The child that label sets past the limit share, once one came.
    pub(crate) spill: Option<M>,
    pub(crate) expiry: Option<Expiry>,
}

impl<M> Default for Lifecycle<M> {
    fn default() -> Self {
        Lifecycle { overflow: None, spill: None, expiry: None }
    }
}

impl<M: Metric + Clone> Lifecycle<M> {
    /// The child a refused label set gets: the spill child, made by `make`
    /// from the overflow values the first time. Counts the refusal.
    pub(crate) fn spill(&mut self, make: impl FnOnce() -> M) -> M {
        if let Some(Overflow::Count(refused)) = &self.overflow {
            refused.inc();
        }
        self.spill.get_or_insert_with(make).clone()
    }

    /// The spill child, if the scrape shows it.
    pub(crate) fn shown_spill(&self) -> Option<&M> {
        match self.overflow {
            Some(Overflow::Series) => self.spill.as_ref(),
            _ => None,
        }
    }
}

/// When series expire, and what each looked like at the last scrape.
pub(crate) struct Expiry {
    idle: Duration,
    clock: Clock,
    /// By series key ([`series_key`]).
    seen: HashMap<u64, Seen, BuildNoHashHasher<u64>>,
    /// Sweeps so far: a series not marked with the latest is gone.
    sweeps: u64,
    /// Reused to read each series.
    scratch: Scratch,
}

/// A series' value as last seen, since when it has been that, and the
/// sweep that saw it.
struct Seen {
    value: [u64; 2],
    since: Instant,
    sweep: u64,
}

#[derive(Default)]
struct Scratch {
    buckets: Vec<u64>,
    metric: proto::Metric,
}

impl Expiry {
    pub(crate) fn new(idle: Duration, clock: Clock) -> Expiry {
        Expiry {
            idle,
            clock,
            seen: HashMap::default(),
            sweeps: 0,
            scratch: Scratch::default(),
        }
    }

    /// Starts a sweep; returns the time it goes by.
    pub(crate) fn start(&mut self) -> Instant {
        self.sweeps += 1;
        (self.clock)()
    }

    /// Whether the series of label `values`, `metric`, is still live at `now`: its value
    /// changed within the idle time. Records it if so.
    pub(crate) fn keeps(
        &mut self,
        now: Instant,
        values: &[String],
        metric: &dyn Metric,
    ) -> bool {
        // A series that cannot be read is never idle: the scrape reports it.
        let Some(value) = self.scratch.value(metric) else { return true };
        let sweep = self.sweeps;
        let seen = self.seen.entry(series_key(values)).or_insert(Seen {
            value,
            since: now,
            sweep,
        });
        if seen.value != value {
            *seen = Seen { value, since: now, sweep };
        }
        seen.sweep = sweep;
        now.saturating_duration_since(seen.since) < self.idle
    }

    /// Whether a series that [`keeps`](Expiry::keeps) found idle still is,
    /// read again under the write lock: an update since counts.
    pub(crate) fn still_idle(
        &mut self,
        now: Instant,
        values: &[String],
        metric: &dyn Metric,
    ) -> bool {
        let Some(value) = self.scratch.value(metric) else { return false };
        match self.seen.get_mut(&series_key(values)) {
            Some(seen) if seen.value == value => true,
            Some(seen) => {
                *seen = Seen { value, since: now, sweep: self.sweeps };
                false
            }
            None => false,
        }
    }

    /// Forgets a series that was deleted, so that a new one given the same
    /// address starts afresh.
    pub(crate) fn forget(&mut self, values: &[String]) {
        self.seen.remove(&series_key(values));
    }

    /// Forgets every series (the vec was reset).
    pub(crate) fn forget_all(&mut self) {
        self.seen.clear();
    }

    /// Ends a sweep: forgets the series it did not keep.
    pub(crate) fn finish(&mut self, now: Instant) {
        let (sweep, idle) = (self.sweeps, self.idle);
        self.seen.retain(|_, seen| {
            seen.sweep == sweep && now.saturating_duration_since(seen.since) < idle
        });
    }
}

/// A series' key while it lives: the address of its label values, which
/// no other live series shares, spread over the bits (a multiplicative
/// hash) so that the map's identity hashing finds it fast. A series that
/// goes is forgotten at once ([`Expiry::forget`]): a new one given the
/// same address must not inherit its age.
fn series_key(values: &[String]) -> u64 {
    (values.as_ptr().addr() as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

impl Scratch {
    /// What changes when a series is updated: a counter's or gauge's value,
    /// read in place; a histogram's count and sum, read as a scrape reads
    /// them; for summaries and metric types of one's own, what they write.
    fn value(&mut self, metric: &dyn Metric) -> Option<[u64; 2]> {
        if let Some(series) = streamed_value(metric) {
            return Some([series.value().to_bits(), 0]);
        }
        let any: &dyn Any = metric;
        if let Some(histogram) = crate::histogram::as_streamed(any) {
            let (count, sum) = histogram.read_classic(&mut self.buckets, false)?;
            return Some([count, sum.to_bits()]);
        }
        self.metric.clear();
        metric.write(&mut self.metric).ok()?;
        let m = &self.metric;
        let parts = [
            m.counter.value().to_bits(),
            m.gauge.value().to_bits(),
            m.untyped.value().to_bits(),
            m.histogram.sample_count(),
            m.histogram.sample_sum().to_bits(),
            m.summary.sample_count(),
            m.summary.sample_sum().to_bits(),
        ];
        Some([xxhash_rust::xxh3::xxh3_64(&parts.map(u64::to_le_bytes).concat()), 1])
    }
}
