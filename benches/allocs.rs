//! Allocations per gather, and bytes of text per gather, for every workload
//! and crate: a counting global allocator around one gather (after one
//! warm-up gather). `benches/compare.sh` prints these beside the times.
//! Lines: `allocs <workload> <crate> <gather> <gather_text>` and
//! `textbytes <workload> <crate> <bytes>`; promreg's streaming scrape (text)
//! as the crate `promreg-scrape`. And memory: `memory <workload> <crate>
//! <bytes>`, the heap a workload's registry holds once built and scraped
//! once, per series.

#[path = "workloads.rs"]
mod workloads;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use prometheus::Encoder as _;
use promreg::encode::Format;
use workloads::{WORKLOADS, rust_prometheus, rust_prometheus_client};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);
/// Bytes allocated and not freed yet.
static LIVE: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        LIVE.fetch_add(new_size, Ordering::Relaxed);
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Allocations made while running `f` (every thread counts: collectors
/// may run on pool threads).
fn count<T>(f: impl FnOnce() -> T) -> (usize, T) {
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    let out = f();
    (ALLOCATIONS.load(Ordering::Relaxed) - before, out)
}

/// Heap bytes per series that what `build` makes holds, after `scrape`
/// ran on it once (promreg renders labels at a series' first scrape).
fn memory_per_series<T>(
    w: &str,
    build: impl FnOnce() -> Option<T>,
    scrape: impl FnOnce(&T),
) -> Option<usize> {
    let before = LIVE.load(Ordering::Relaxed);
    let made = build()?;
    scrape(&made);
    let held = LIVE.load(Ordering::Relaxed).saturating_sub(before);
    drop(made);
    Some(held / workloads::series(w) as usize)
}

fn promreg_text(reg: &promreg::Registry, buf: &mut Vec<u8>) {
    buf.clear();
    for mf in &reg.gather().unwrap() {
        Format::Text.append(buf, mf).unwrap();
    }
}

fn main() {
    let mut buf = Vec::with_capacity(4 << 20);
    for w in WORKLOADS {
        let mut out = Vec::with_capacity(4 << 20);
        let scrape =
            |reg: &promreg::Registry| reg.write_scrape(&mut out, Format::Text).unwrap();
        if let Some(bytes) = memory_per_series(w, || Some(workloads::promreg(w)), scrape)
        {
            println!("memory {w} promreg {bytes}");
        }
        let gather = |reg: &prometheus::Registry| drop(reg.gather());
        if let Some(bytes) = memory_per_series(w, || rust_prometheus::registry(w), gather)
        {
            println!("memory {w} prometheus {bytes}");
        }
        let encode = |reg: &prometheus_client::registry::Registry| {
            let mut text = String::new();
            let _ = prometheus_client::encoding::text::encode(&mut text, reg);
        };
        if let Some(bytes) =
            memory_per_series(w, || rust_prometheus_client::registry(w), encode)
        {
            println!("memory {w} prometheus-client {bytes}");
        }
        let reg = workloads::promreg(w);
        promreg_text(&reg, &mut buf);
        let (gather, _) = count(|| reg.gather().unwrap());
        let (text, _) = count(|| promreg_text(&reg, &mut buf));
        println!("allocs {w} promreg {gather} {text}");
        // The streaming scrape, steady state: the registry scraped once
        // before, into a buffer that already has room.
        reg.write_scrape(&mut buf, Format::Text).unwrap();
        let (scrape, _) = count(|| {
            buf.clear();
            reg.write_scrape(&mut buf, Format::Text).unwrap()
        });
        println!("allocs {w} promreg-scrape {scrape} -");
        println!("textbytes {w} promreg {}", buf.len());

        if let Some(reg) = rust_prometheus::registry(w) {
            let encode = |buf: &mut Vec<u8>| {
                buf.clear();
                prometheus::TextEncoder::new().encode(&reg.gather(), buf).unwrap();
            };
            encode(&mut buf);
            let (gather, _) = count(|| reg.gather());
            let (text, _) = count(|| encode(&mut buf));
            println!("allocs {w} prometheus {gather} {text}");
            println!("textbytes {w} prometheus {}", buf.len());
        }
        if let Some(handle) = workloads::rust_metrics_exporter::handle(w) {
            let mut out = Vec::with_capacity(4 << 20);
            handle.render_to_write(&mut out).unwrap();
            out.clear();
            let (text, _) = count(|| handle.render_to_write(&mut out).unwrap());
            println!("allocs {w} metrics-exporter-prometheus - {text}");
            println!("textbytes {w} metrics-exporter-prometheus {}", out.len());
        }
        // Its text encoder refuses a native-only histogram.
        if let Some(reg) =
            rust_prometheus_client::registry(w).filter(|_| w != "native_histogram_vec_1k")
        {
            let mut out = String::with_capacity(4 << 20);
            prometheus_client::encoding::text::encode(&mut out, &reg).unwrap();
            out.clear();
            let (text, _) = count(|| {
                prometheus_client::encoding::text::encode(&mut out, &reg).unwrap()
            });
            println!("allocs {w} prometheus-client - {text}");
            println!("textbytes {w} prometheus-client {}", out.len());
        }
    }
}
