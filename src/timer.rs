//! `Timer`: measures a duration and observes it, in seconds, into a
//! histogram or summary. Mirrors `timer.go`; where Go writes
//! `defer timer.ObserveDuration()`, Rust observes when the timer is dropped.

use std::time::{Duration, Instant};

use crate::exemplar::ExemplarObserver;
use crate::histogram::Histogram;
use crate::labels::Labels;
use crate::summary::Summary;

/// Something that takes observations (Go's `Observer`).
pub trait Observer {
    /// Takes one observation.
    fn observe(&self, v: f64);
}

impl Observer for Histogram {
    fn observe(&self, v: f64) {
        Histogram::observe(self, v)
    }
}

impl Observer for Summary {
    fn observe(&self, v: f64) {
        Summary::observe(self, v)
    }
}

/// Go's `Timer`: started by [`Timer::new`], observed once, by
/// [`Timer::observe_duration`] or when dropped.
#[derive(Debug)]
#[must_use = "a timer observes when it is dropped: bind it to a variable (`let _timer = ...`), or it observes at once"]
pub struct Timer<O: Observer> {
    observer: Option<O>,
    start: Instant,
}

impl<O: Observer> Timer<O> {
    /// Go's `NewTimer`: starts timing now.
    pub fn new(observer: O) -> Timer<O> {
        Timer { observer: Some(observer), start: Instant::now() }
    }

    /// Go's `ObserveDuration`: observes the time since the start, in
    /// seconds, and returns it.
    pub fn observe_duration(mut self) -> Duration {
        self.observe_once()
    }

    /// Stops the timer without observing anything.
    pub fn stop_and_discard(mut self) -> Duration {
        self.observer = None;
        self.start.elapsed()
    }

    fn observe_once(&mut self) -> Duration {
        let elapsed = self.start.elapsed();
        if let Some(observer) = self.observer.take() {
            observer.observe(elapsed.as_secs_f64());
        }
        elapsed
    }
}

impl<O: Observer + ExemplarObserver> Timer<O> {
    /// [`Timer::observe_duration`] with an exemplar: observes the seconds
    /// since the start into a histogram, with `exemplar` as the latest of
    /// that bucket, and returns the time.
    pub fn observe_duration_with_exemplar(mut self, exemplar: &Labels) -> Duration {
        let elapsed = self.start.elapsed();
        if let Some(observer) = self.observer.take() {
            observer.observe_with_exemplar(elapsed.as_secs_f64(), exemplar);
        }
        elapsed
    }
}

impl<O: Observer> Drop for Timer<O> {
    fn drop(&mut self) {
        self.observe_once();
    }
}
