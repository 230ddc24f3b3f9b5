//! What one gather of 10,000 counters costs in allocations, counted by a
//! global allocator that counts (the benchmark workload counter_vec_10k);
//! and what one streaming scrape of them costs (`Registry::write_scrape`).
//!
//! Run it: `cargo run --release --example scrape_cost`

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use promreg::encode::Format;
use promreg::{CounterVec, Opts, Registry};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

// ANCHOR: report
pub fn report() -> String {
    let requests = CounterVec::new(
        Opts::new("http_requests_total", "Total HTTP requests."),
        &["code", "method"],
    );
    for k in 0..10_000 {
        let (code, method) = (format!("c{}", k / 100), format!("m{}", k % 100));
        requests.with_label_values(&[&code, &method]).add(k as f64);
    }
    let reg = Registry::new();
    reg.register(Box::new(requests)).unwrap();
    drop(reg.gather().unwrap()); // the first gather sorts the series once

    let before = ALLOCATIONS.load(Ordering::Relaxed);
    let families = reg.gather().unwrap();
    let during = ALLOCATIONS.load(Ordering::Relaxed) - before;
    let series = families[0].metric.len();
    let mut out = format!(
        "series gathered: {series}\nallocations: {during} ({:.2} per series)\n",
        during as f64 / series as f64
    );

    // The streaming scrape, the second time: the labels are rendered and
    // the buffer has room.
    let mut text = Vec::new();
    reg.write_scrape(&mut text, Format::Text).unwrap();
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    text.clear();
    reg.write_scrape(&mut text, Format::Text).unwrap();
    let during = ALLOCATIONS.load(Ordering::Relaxed) - before;
    out += &format!(
        "streaming scrape: {} bytes of text, {during} allocations\n",
        text.len()
    );
    out
}
// ANCHOR_END: report

#[allow(dead_code)] // the book's test includes this file for `report`
fn main() {
    print!("{}", report());
}
