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

    assert_eq!(
        allocations_in(|| (0..1000).for_each(|_| counter.inc())),
        0,
        "Counter::inc"
    );
    assert_eq!(
        allocations_in(|| (0..1000).for_each(|i| histogram.observe(f64::from(i)))),
        0,
        "observe"
    );
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
    assert!(
        allocations_in(|| get.with_label_values(&["500"]).inc()) > 0,
        "a miss allocates"
    );
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

    assert!(
        allocations_in(|| counter.inc_with_exemplar(&trace)) > 0,
        "the first allocates"
    );
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
    assert!(
        allocations_in(observe_all) > 0,
        "each bucket's first exemplar allocates its buffers"
    );
    assert_eq!(
        allocations_in(observe_all),
        0,
        "Histogram::observe_with_exemplar, every bucket written before"
    );
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
    let histogram =
        Histogram::new(HistogramOpts::new("n", "n").native_histogram_bucket_factor(1.1));
    let values: Vec<f64> = (0..200)
        .map(|i| 0.001 * 1.07f64.powi(i) * if i % 3 == 0 { -1.0 } else { 1.0 })
        .collect();
    let observe_all = || values.iter().for_each(|&v| histogram.observe(v));
    assert!(allocations_in(observe_all) > 0, "new buckets grow the arrays");
    assert_eq!(
        allocations_in(observe_all),
        0,
        "Histogram::observe into native buckets in use"
    );
    assert_eq!(allocations_in(|| histogram.observe(0.0)), 0, "the zero bucket");
}

/// A registry of `n` counter series and `n / 10` histogram series, each
/// scraped once (labels are rendered at a series' first scrape).
fn owned_registry(n: usize) -> promreg::Registry {
    let reg = promreg::Registry::new();
    let counters = CounterVec::new(Opts::new("c_total", "c"), &["k"]);
    let histograms = promreg::HistogramVec::new(HistogramOpts::new("h", "h"), &["k"]);
    for k in 0..n {
        counters.with_label_values(&[&k.to_string()]).inc();
        if k % 10 == 0 {
            histograms.with_label_values(&[&k.to_string()]).observe(k as f64);
        }
    }
    reg.register(Box::new(counters)).unwrap();
    reg.register(Box::new(histograms)).unwrap();
    reg
}

/// Allocations of one streaming scrape in each format, into a buffer
/// large enough already.
fn scrape_allocations(reg: &promreg::Registry) -> Vec<usize> {
    let mut out = Vec::with_capacity(1 << 22);
    STREAMED_FORMATS
        .iter()
        .map(|&format| {
            out.clear();
            reg.write_scrape(&mut out, format).unwrap();
            out.clear();
            allocations_in(|| reg.write_scrape(&mut out, format).unwrap())
        })
        .collect()
}

const STREAMED_FORMATS: [promreg::encode::Format; 3] = [
    promreg::encode::Format::Text,
    promreg::encode::Format::OpenMetrics,
    promreg::encode::Format::ProtoDelim,
];

/// The streaming scrape of promreg's own metrics allocates as much for 100
/// series as for 5,000: nothing per series.
#[test]
fn streamed_scrapes_of_owned_metrics_allocate_nothing_per_series() {
    assert_eq!(
        scrape_allocations(&owned_registry(100)),
        scrape_allocations(&owned_registry(5_000))
    );
}

/// The exporter pattern: `n` const gauges made on every collect.
struct ConstExporter {
    desc: promreg::Desc,
    n: usize,
}

impl promreg::Collector for ConstExporter {
    fn describe(&self, descs: &promreg::Sender<promreg::Desc>) {
        let _ = descs.send(self.desc.clone());
    }

    fn collect(&self, metrics: &promreg::Sender<std::sync::Arc<dyn promreg::Metric>>) {
        // Backwards, so that the scrape has sorting to do.
        for k in (0..self.n).rev() {
            let (db, table) = (format!("d{}", k / 10), format!("t{}", k % 10));
            let m = promreg::must_new_const_metric(
                &self.desc,
                promreg::ValueType::Gauge,
                k as f64,
                &[&db, &table],
            );
            let _ = metrics.send(std::sync::Arc::new(m));
        }
    }
}

/// A custom collector's const metrics: beyond what the collector itself
/// allocates (its metrics, and the channel they come on), the streaming
/// scrape allocates as much for 100 of them as for 5,000.
#[test]
fn streamed_scrapes_of_const_metrics_allocate_nothing_per_series() {
    let beyond_collect = |n: usize| -> Vec<usize> {
        let desc =
            promreg::Desc::new("rows", "Rows.", &["db", "table"], promreg::Labels::new());
        let exporter = ConstExporter { desc, n };
        let collect = allocations_in(|| {
            let (tx, rx) = crossbeam_channel::unbounded();
            promreg::Collector::collect(&exporter, &tx);
            rx.try_iter().for_each(drop);
        });
        let reg = promreg::Registry::new();
        reg.register(Box::new(exporter)).unwrap();
        scrape_allocations(&reg).into_iter().map(|a| a - collect).collect()
    };
    assert_eq!(beyond_collect(100), beyond_collect(5_000));
}
