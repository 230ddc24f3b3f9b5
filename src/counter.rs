//! `Counter`, a value that only goes up. Mirrors `counter.go`.
//!
//! Like Go, the value lives in two atomics: whole-number increments go to an
//! integer (one `fetch_add`, no retry loop), everything else to a float
//! updated by compare-and-swap. A scrape adds the two.

use std::sync::Arc;
use std::time::SystemTime;

use crate::adder::Adder;
use crate::atomic_float::add_float;
use crate::desc::Desc;
use crate::exemplar::{ExemplarAdder, ExemplarError, ExemplarSlots, check_exemplar};
use crate::labels::Labels;
use crate::metric::BoxError;
use crate::metric::{Metric, ValueType, populate_metric};
use crate::opts::Opts;
use crate::proto::{self, LabelPair};
use crate::streamed::{LabelsCache, SeriesLabels, StreamedValue};
use crate::sync::{AtomicU64, Ordering};

/// A monotonically increasing value, e.g. requests served.
///
/// Cloning gives another handle on the same counter; register one clone and
/// keep another to increment.
#[derive(Clone)]
pub struct Counter(Arc<CounterCore>);

impl std::fmt::Debug for Counter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let core = &self.0;
        f.debug_struct("Counter")
            .field("desc", &core.desc)
            .field("label_pairs", &core.label_pairs)
            .field("value", &self.get())
            .finish()
    }
}

struct CounterCore {
    desc: Desc,
    label_pairs: Vec<LabelPair>,
    /// Bits of the `f64` part: non-integer additions.
    val_bits: AtomicU64,
    /// The integer part: `inc` and whole-number `add`s, spread over lanes
    /// once contended (`adder.rs`).
    val_int: Adder,
    /// The latest exemplar, in one slot.
    exemplar: ExemplarSlots,
    /// The labels as the streaming scrape writes them.
    rendered: LabelsCache,
}

/// 2^64 as an `f64`: the first whole number an `AtomicU64` cannot hold.
const TWO_POW_64: f64 = 18_446_744_073_709_551_616.0;

impl Counter {
    /// Go's `NewCounter`. Never fails: an invalid name is reported when the
    /// counter is registered.
    pub fn new(opts: Opts) -> Counter {
        Counter::with_desc(opts.into_desc(Vec::new()), &[])
    }

    /// A counter for `desc` with these variable label values (used by vecs).
    pub(crate) fn with_desc(desc: Desc, label_values: &[&str]) -> Counter {
        let label_pairs = desc.label_pairs(label_values);
        Counter(Arc::new(CounterCore {
            desc,
            label_pairs,
            val_bits: AtomicU64::new(0f64.to_bits()),
            val_int: Adder::new(),
            exemplar: ExemplarSlots::default(),
            rendered: LabelsCache::default(),
        }))
    }

    // ANCHOR: inc
    /// Adds one: a single atomic add.
    #[inline]
    pub fn inc(&self) {
        self.0.val_int.add(1);
    }

    /// Adds `v`. Panics if `v` is negative, as Go's does: a counter that goes
    /// down is a programming error.
    pub fn add(&self, v: f64) {
        if v < 0.0 {
            panic!("counter cannot decrease in value");
        }
        // Whole numbers that fit take the integer path. Unlike Go's
        // `uint64(v)`, Rust's `as` saturates, so the range must be checked.
        if v < TWO_POW_64 && v.fract() == 0.0 {
            self.0.val_int.add(v as u64);
            return;
        }
        add_float(&self.0.val_bits, v);
    }
    // ANCHOR_END: inc

    /// Go's `AddWithExemplar`: adds `v`, then makes `exemplar` (these
    /// labels, now) the counter's latest exemplar. Panics, as Go does, if
    /// `v` is negative or the labels are invalid (after adding `v`, as Go);
    /// [`Counter::try_add_with_exemplar`] returns the error instead.
    pub fn add_with_exemplar(&self, v: f64, exemplar: &Labels) {
        self.add(v);
        match check_exemplar(v, SystemTime::now(), exemplar) {
            Ok(e) => self.0.exemplar.store(0, 1, e),
            Err(err) => panic!("{err}"),
        }
    }

    /// Adds one with an exemplar (see [`Counter::add_with_exemplar`]).
    pub fn inc_with_exemplar(&self, exemplar: &Labels) {
        self.add_with_exemplar(1.0, exemplar);
    }

    /// [`Counter::add_with_exemplar`] that checks the exemplar first and,
    /// if it is invalid, adds nothing and returns why. Still panics on a
    /// negative `v`.
    pub fn try_add_with_exemplar(
        &self,
        v: f64,
        exemplar: &Labels,
    ) -> Result<(), ExemplarError> {
        let e = check_exemplar(v, SystemTime::now(), exemplar)?;
        self.add(v);
        self.0.exemplar.store(0, 1, e);
        Ok(())
    }

    /// The current value: the float part plus the integer part.
    pub fn get(&self) -> f64 {
        self.0.get()
    }
}

impl CounterCore {
    fn get(&self) -> f64 {
        let float = f64::from_bits(self.val_bits.load(Ordering::Relaxed));
        float + self.val_int.sum() as f64
    }
}

impl Metric for CounterCore {
    fn desc(&self) -> &Desc {
        &self.desc
    }

    fn write(&self, out: &mut proto::Metric) -> Result<(), BoxError> {
        // The exemplar first, then the value: the value includes whatever
        // the exemplar shows (Go reads them in this order too).
        let exemplar = self.exemplar.load(0);
        populate_metric(ValueType::Counter, self.get(), &self.label_pairs, out);
        if let (Some(e), Some(counter)) = (exemplar, out.counter.as_mut()) {
            counter.exemplar = protobuf::MessageField::some(e);
        }
        Ok(())
    }
}

impl ExemplarAdder for Counter {
    fn add_with_exemplar(&self, v: f64, exemplar: &Labels) {
        Counter::add_with_exemplar(self, v, exemplar)
    }
}

impl StreamedValue for CounterCore {
    fn value_type(&self) -> ValueType {
        ValueType::Counter
    }

    fn value(&self) -> f64 {
        self.get()
    }

    fn labels(&self) -> SeriesLabels<'_> {
        SeriesLabels::Rendered(self.rendered.get(&self.label_pairs))
    }

    fn has_exemplar(&self) -> bool {
        self.exemplar.is_used()
    }
}

/// `metric` as a streamed series, if it is a counter's.
pub(crate) fn as_streamed(metric: &dyn std::any::Any) -> Option<&dyn StreamedValue> {
    metric.downcast_ref::<CounterCore>().map(|c| c as &dyn StreamedValue)
}

crate::collector::self_collector!(Counter);
