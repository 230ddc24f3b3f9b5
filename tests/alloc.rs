//! The hot paths allocate nothing: a counting global allocator watches the
//! calling thread while a counter is incremented, a histogram observed, and
//! an existing vec child looked up (by values, by a label map, and through a
//! curried view).

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use promreg::{Counter, CounterVec, Histogram, HistogramOpts, Opts, labels};

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|n| n.set(n.get() + 1));
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn allocations_in(f: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.with(Cell::get);
    f();
    ALLOCATIONS.with(Cell::get) - before
}

#[test]
fn hot_paths_do_not_allocate() {
    let counter = Counter::new(Opts::new("c_total", "c"));
    let histogram = Histogram::new(HistogramOpts::new("h", "h"));
    let vec = CounterVec::new(Opts::new("v_total", "v"), &["code", "method"]);
    vec.with_label_values(&["200", "get"]).inc(); // creates the child

    assert_eq!(allocations_in(|| (0..1000).for_each(|_| counter.inc())), 0, "Counter::inc");
    assert_eq!(allocations_in(|| (0..1000).for_each(|i| histogram.observe(f64::from(i)))), 0, "observe");
    let hits = allocations_in(|| {
        for _ in 0..1000 {
            vec.with_label_values(&["200", "get"]).inc();
        }
    });
    assert_eq!(hits, 0, "with_label_values on an existing child");
    // And the counter really is that child.
    assert_eq!(vec.with_label_values(&["200", "get"]).get(), 1001.0);
    // A miss does allocate: the counting works.
    assert!(allocations_in(|| vec.with_label_values(&["500", "put"]).inc()) > 0);
}

/// `with(&labels)` on an existing series: the map is built beforehand, the
/// lookup itself allocates nothing.
#[test]
fn with_labels_on_an_existing_series_does_not_allocate() {
    let vec = CounterVec::new(Opts::new("v_total", "v"), &["code", "method"]);
    let labels = labels! {"code" => "200", "method" => "get"};
    vec.with(&labels).inc(); // creates the child
    let hits = allocations_in(|| {
        for _ in 0..1000 {
            vec.with(&labels).inc();
        }
    });
    assert_eq!(hits, 0, "with(&labels) on an existing child");
    assert_eq!(vec.with_label_values(&["200", "get"]).get(), 1001.0);
    let other = labels! {"code" => "500", "method" => "put"};
    assert!(allocations_in(|| vec.with(&other).inc()) > 0, "a miss allocates");
}

/// `with_label_values` on a curried view, for a series that exists.
#[test]
fn with_label_values_on_a_curried_view_does_not_allocate() {
    let vec = CounterVec::new(Opts::new("v_total", "v"), &["code", "method"]);
    let get = vec.must_curry_with(&labels! {"method" => "get"});
    get.with_label_values(&["200"]).inc(); // creates the child
    let hits = allocations_in(|| {
        for _ in 0..1000 {
            get.with_label_values(&["200"]).inc();
        }
    });
    assert_eq!(hits, 0, "with_label_values on a curried view, existing child");
    assert_eq!(vec.with_label_values(&["200", "get"]).get(), 1001.0);
    assert!(allocations_in(|| get.with_label_values(&["500"]).inc()) > 0, "a miss allocates");
}

/// Exemplars: the first one of a counter or a histogram allocates its
/// slots and buffers; every later one is checked and copied into them, with
/// no allocation (labels as long or shorter). A scrape of a metric that
/// never had one allocates nothing for exemplars.
#[test]
fn exemplars_after_the_first_do_not_allocate() {
    let counter = Counter::new(Opts::new("c_total", "c"));
    let histogram = Histogram::new(HistogramOpts::new("h", "h"));
    let trace = promreg::labels! {"trace_id" => "4bf92f3577b34da6a3ce929d0e0e4736"};
    let other = promreg::labels! {"trace_id" => "00f067aa0ba902b7"};
    let write = |m: &dyn promreg::Metric| {
        let mut out = promreg::proto::Metric::new();
        m.write(&mut out).unwrap();
    };
    let bare_counter = allocations_in(|| write(&counter));
    let bare_histogram = allocations_in(|| write(&histogram));

    assert!(allocations_in(|| counter.inc_with_exemplar(&trace)) > 0, "the first allocates");
    let later = allocations_in(|| {
        for i in 0..1000 {
            counter.inc_with_exemplar(if i % 2 == 0 { &other } else { &trace });
        }
    });
    assert_eq!(later, 0, "Counter::inc_with_exemplar");
    let observe_all = || {
        for i in 0..1000 {
            histogram.observe_with_exemplar(f64::from(i % 20), &trace);
        }
    };
    assert!(allocations_in(observe_all) > 0, "each bucket's first exemplar allocates its buffers");
    assert_eq!(allocations_in(observe_all), 0, "Histogram::observe_with_exemplar, every bucket written before");
    // The scrape of a metric with exemplars builds them (so allocates more).
    assert!(allocations_in(|| write(&counter)) > bare_counter);
    assert!(allocations_in(|| write(&histogram)) > bare_histogram);
    let never = Histogram::new(HistogramOpts::new("h2", "h"));
    assert_eq!(allocations_in(|| write(&never)), bare_histogram);
}

/// A native histogram allocates when a value opens a new bucket (its key
/// goes into the sorted arrays), and never when it lands in one in use.
#[test]
fn native_observations_into_existing_buckets_do_not_allocate() {
    let histogram = Histogram::new(HistogramOpts::new("n", "n").native_histogram_bucket_factor(1.1));
    let values: Vec<f64> = (0..200).map(|i| 0.001 * 1.07f64.powi(i) * if i % 3 == 0 { -1.0 } else { 1.0 }).collect();
    let observe_all = || values.iter().for_each(|&v| histogram.observe(v));
    assert!(allocations_in(observe_all) > 0, "new buckets grow the arrays");
    assert_eq!(allocations_in(observe_all), 0, "Histogram::observe into native buckets in use");
    assert_eq!(allocations_in(|| histogram.observe(0.0)), 0, "the zero bucket");
}
