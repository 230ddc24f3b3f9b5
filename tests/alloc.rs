//! The hot paths allocate nothing: a counting global allocator watches the
//! calling thread while a counter is incremented, a histogram observed, and
//! an existing vec child looked up.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use promreg::{Counter, CounterVec, Histogram, HistogramOpts, Opts};

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
