//! An `f64` in an `AtomicU64`, and adding to it: how counters, gauges and
//! histogram sums take float additions without a lock. Go does the same in
//! `value.go`'s and `counter.go`'s `atomic.CompareAndSwapUint64` loops.

use crate::sync::{AtomicU64, Ordering};

/// Adds `v` to an `f64` stored as bits, retrying if another thread got there
/// first. Returns whether it had to retry: the value is contended.
///
/// `Relaxed` is enough: the compare-and-swap alone makes each addition
/// land exactly once (a lost race retries on the value that won), and the
/// value publishes no other memory, so readers need no ordering beyond the
/// atomic's own modification order.
pub(crate) fn add_float(bits: &AtomicU64, v: f64) -> bool {
    let mut old = bits.load(Ordering::Relaxed);
    let mut raced = false;
    loop {
        let new = (f64::from_bits(old) + v).to_bits();
        match bits.compare_exchange_weak(old, new, Ordering::Relaxed, Ordering::Relaxed) {
            Ok(_) => return raced,
            Err(current) => {
                old = current;
                raced = true;
            }
        }
    }
}
