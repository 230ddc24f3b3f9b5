//! Throughput against threads: operations per second, all threads
//! together, when 1, 2, 4 and 8 threads (more than this machine's cores
//! above 2) run the same operation on one shared metric flat out: a
//! counter's `inc`, a histogram's `observe` (default buckets), and
//! `with_label_values` on an existing series, for promreg, the `prometheus`
//! crate and `prometheus-client`. `SCALING_THREADS=1,2,4,8,16,32` and
//! `SCALING_MS` (per point, default 300) set it for a bigger machine.
//! client_golang's figures come from `benches/go` (`BenchmarkScaling`,
//! RunParallel with `-cpu` set to the thread count).
//!
//! Prints one line per point: `scaling <op> <crate> <threads> <ops/s>`.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Barrier};
use std::time::Duration;

type Op = Arc<dyn Fn() + Send + Sync>;

/// Runs `op` on `threads` threads for `time`; operations per second.
fn throughput(op: &Op, threads: usize, time: Duration) -> f64 {
    let stop = Arc::new(AtomicBool::new(false));
    let done = Arc::new(AtomicU64::new(0));
    let start = Arc::new(Barrier::new(threads + 1));
    let workers: Vec<_> = (0..threads)
        .map(|_| {
            let (op, stop, done, start) =
                (op.clone(), stop.clone(), done.clone(), start.clone());
            std::thread::spawn(move || {
                start.wait();
                let mut n = 0u64;
                while !stop.load(Ordering::Relaxed) {
                    for _ in 0..256 {
                        op();
                    }
                    n += 256;
                }
                done.fetch_add(n, Ordering::Relaxed);
            })
        })
        .collect();
    start.wait();
    let began = std::time::Instant::now();
    std::thread::sleep(time);
    stop.store(true, Ordering::Relaxed);
    workers.into_iter().for_each(|w| w.join().unwrap());
    done.load(Ordering::Relaxed) as f64 / began.elapsed().as_secs_f64()
}

/// The operations, by name and crate.
fn operations() -> Vec<(&'static str, &'static str, Op)> {
    use prometheus_client::metrics::counter::Counter as ClientCounter;
    use prometheus_client::metrics::family::Family;
    use prometheus_client::metrics::histogram::Histogram as ClientHistogram;
    let buckets = vec![0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];
    let ours_c = promreg::Counter::new(promreg::Opts::new("c_total", "c"));
    let theirs_c = prometheus::Counter::new("c_total", "c").unwrap();
    let client_c = ClientCounter::<u64>::default();
    let ours_h = promreg::Histogram::new(promreg::HistogramOpts::new("h", "h"));
    let theirs_h =
        prometheus::Histogram::with_opts(prometheus::HistogramOpts::new("h", "h"))
            .unwrap();
    let client_h = ClientHistogram::new(buckets);
    let ours_v =
        promreg::CounterVec::new(promreg::Opts::new("v_total", "v"), &["code", "method"]);
    ours_v.with_label_values(&["200", "get"]).inc();
    let theirs_v = prometheus::CounterVec::new(
        prometheus::Opts::new("v_total", "v"),
        &["code", "method"],
    )
    .unwrap();
    theirs_v.with_label_values(&["200", "get"]).inc();
    let client_v =
        Arc::new(Family::<Vec<(&'static str, &'static str)>, ClientCounter>::default());
    let key = vec![("code", "200"), ("method", "get")];
    client_v.get_or_create(&key).inc();
    vec![
        ("counter_inc", "promreg", Arc::new(move || ours_c.inc()) as Op),
        ("counter_inc", "prometheus", Arc::new(move || theirs_c.inc())),
        (
            "counter_inc",
            "prometheus-client",
            Arc::new(move || {
                client_c.inc();
            }),
        ),
        ("histogram_observe", "promreg", Arc::new(move || ours_h.observe(0.42))),
        ("histogram_observe", "prometheus", Arc::new(move || theirs_h.observe(0.42))),
        (
            "histogram_observe",
            "prometheus-client",
            Arc::new(move || client_h.observe(0.42)),
        ),
        (
            "with_label_values_hit",
            "promreg",
            Arc::new(move || ours_v.with_label_values(&["200", "get"]).inc()),
        ),
        (
            "with_label_values_hit",
            "prometheus",
            Arc::new(move || theirs_v.with_label_values(&["200", "get"]).inc()),
        ),
        (
            "with_label_values_hit",
            "prometheus-client",
            Arc::new(move || {
                client_v.get_or_create(&key).inc();
            }),
        ),
    ]
}

fn main() {
    // `cargo bench -- --test` (the test command) runs each point briefly.
    let quick = std::env::args().any(|a| a == "--test");
    let threads: Vec<usize> = std::env::var("SCALING_THREADS")
        .ok()
        .map(|s| s.split(',').filter_map(|t| t.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1, 2, 4, 8]);
    let ms = std::env::var("SCALING_MS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(if quick { 5 } else { 300 });
    for (op, krate, f) in operations() {
        for &t in &threads {
            let rate = throughput(&f, t, Duration::from_millis(ms));
            println!("scaling {op} {krate} {t} {rate:.0}");
        }
    }
}
