//! The atomics, lock and thread-locals of promreg's lock-free structures
//! (`hot_cold.rs`, `adder.rs`, `stripes.rs`, `atomic_float.rs`): std's and
//! parking_lot's, or loom's when built with `--cfg promreg_loom`, so that
//! the loom models beside those structures check every interleaving of
//! them. (Not `--cfg loom`: tokio, a dev-dependency, reads that one and
//! builds without its network.) No Go counterpart: Go has a race detector,
//! not a model checker.

#[cfg(not(promreg_loom))]
pub(crate) use parking_lot::Mutex;
#[cfg(not(promreg_loom))]
pub(crate) use std::sync::atomic::{AtomicU64, Ordering};
#[cfg(not(promreg_loom))]
pub(crate) use std::thread::yield_now;
#[cfg(not(promreg_loom))]
pub(crate) use std::thread_local;

#[cfg(promreg_loom)]
pub(crate) use loom::sync::atomic::{AtomicU64, Ordering};
#[cfg(promreg_loom)]
pub(crate) use loom::thread::yield_now;
#[cfg(promreg_loom)]
pub(crate) use loom::thread_local;

/// loom's mutex, locked the way parking_lot's is (no poisoning).
#[cfg(promreg_loom)]
#[derive(Debug)]
pub(crate) struct Mutex<T>(loom::sync::Mutex<T>);

#[cfg(promreg_loom)]
impl<T> Mutex<T> {
    pub(crate) fn new(value: T) -> Mutex<T> {
        Mutex(loom::sync::Mutex::new(value))
    }

    pub(crate) fn lock(&self) -> loom::sync::MutexGuard<'_, T> {
        // A model thread that panicked fails the model anyway.
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The shape of every loom model here: two writers run `write` (told which
/// of the two they are) on what `make` built, while the model's own thread
/// runs `during`; once both are done, `after`.
#[cfg(all(test, promreg_loom))]
pub(crate) fn model_two_writers<T: Send + Sync + 'static>(
    make: fn() -> T,
    write: fn(&T, usize),
    during: fn(&T),
    after: fn(&T),
) {
    loom::model(move || {
        let shared = loom::sync::Arc::new(make());
        let writers: Vec<_> = (0..2)
            .map(|i| {
                let shared = shared.clone();
                loom::thread::spawn(move || write(&shared, i))
            })
            .collect();
        during(&shared);
        writers.into_iter().for_each(|w| w.join().unwrap());
        after(&shared);
    });
}
