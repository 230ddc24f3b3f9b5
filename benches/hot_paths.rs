//! The instrumentation hot paths, side by side: `counter_inc`,
//! `histogram_observe` (default buckets) and `with_label_values_hit` (an
//! existing two-label series), for promreg, the `prometheus` crate and
//! `prometheus-client`, on one thread and contended by 2 threads; and the
//! two with an exemplar, on one thread; and what a vec's series limit and
//! expiry cost (promreg alone).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

/// Runs `op` in the timed loop while one more thread runs it flat out:
/// the 2-thread contention case.
fn contended<F: Fn() + Send + Sync + 'static>(
    c: &mut Criterion,
    group: &str,
    id: &str,
    op: F,
) {
    let op = Arc::new(op);
    let stop = Arc::new(AtomicBool::new(false));
    let other = {
        let (op, stop) = (op.clone(), stop.clone());
        thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                op();
            }
        })
    };
    c.benchmark_group(format!("{group}_contended"))
        .bench_function(BenchmarkId::from_parameter(id), |b| b.iter(|| op()));
    stop.store(true, Ordering::Relaxed);
    let _ = other.join();
}

fn counter_inc(c: &mut Criterion) {
    let ours = promreg::Counter::new(promreg::Opts::new("c_total", "c"));
    let theirs = prometheus::Counter::new("c_total", "c").unwrap();
    let client = prometheus_client::metrics::counter::Counter::<u64>::default();
    let mut g = c.benchmark_group("counter_inc");
    g.bench_function("promreg", |b| b.iter(|| ours.inc()));
    g.bench_function("prometheus", |b| b.iter(|| theirs.inc()));
    g.bench_function("prometheus-client", |b| b.iter(|| client.inc()));
    g.finish();
    contended(c, "counter_inc", "promreg", move || ours.inc());
    contended(c, "counter_inc", "prometheus", move || theirs.inc());
    contended(c, "counter_inc", "prometheus-client", move || {
        client.inc();
    });
}

fn histogram_observe(c: &mut Criterion) {
    let ours = promreg::Histogram::new(promreg::HistogramOpts::new("h", "h"));
    let theirs =
        prometheus::Histogram::with_opts(prometheus::HistogramOpts::new("h", "h"))
            .unwrap();
    let buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];
    let client = prometheus_client::metrics::histogram::Histogram::new(buckets);
    let mut g = c.benchmark_group("histogram_observe");
    g.bench_function("promreg", |b| b.iter(|| ours.observe(0.42)));
    g.bench_function("prometheus", |b| b.iter(|| theirs.observe(0.42)));
    g.bench_function("prometheus-client", |b| b.iter(|| client.observe(0.42)));
    g.finish();
    contended(c, "histogram_observe", "promreg", move || ours.observe(0.42));
    contended(c, "histogram_observe", "prometheus", move || theirs.observe(0.42));
    contended(c, "histogram_observe", "prometheus-client", move || client.observe(0.42));
}

fn with_label_values_hit(c: &mut Criterion) {
    use prometheus_client::metrics::counter::Counter as ClientCounter;
    use prometheus_client::metrics::family::Family;
    let ours =
        promreg::CounterVec::new(promreg::Opts::new("v_total", "v"), &["code", "method"]);
    ours.with_label_values(&["200", "get"]).inc();
    let theirs = prometheus::CounterVec::new(
        prometheus::Opts::new("v_total", "v"),
        &["code", "method"],
    )
    .unwrap();
    theirs.with_label_values(&["200", "get"]).inc();
    let client = Family::<Vec<(&'static str, &'static str)>, ClientCounter>::default();
    let key = vec![("code", "200"), ("method", "get")];
    client.get_or_create(&key).inc();
    let mut g = c.benchmark_group("with_label_values_hit");
    g.bench_function("promreg", |b| {
        b.iter(|| ours.with_label_values(&["200", "get"]).inc())
    });
    g.bench_function("prometheus", |b| {
        b.iter(|| theirs.with_label_values(&["200", "get"]).inc())
    });
    g.bench_function("prometheus-client", |b| {
        b.iter(|| client.get_or_create(&key).inc())
    });
    g.finish();
    contended(c, "with_label_values_hit", "promreg", move || {
        ours.with_label_values(&["200", "get"]).inc()
    });
    contended(c, "with_label_values_hit", "prometheus", move || {
        theirs.with_label_values(&["200", "get"]).inc()
    });
    let key2 = key.clone();
    contended(c, "with_label_values_hit", "prometheus-client", move || {
        client.get_or_create(&key2).inc();
    });
}

/// The exemplar a traced request leaves: one trace ID.
fn trace_labels() -> Vec<(String, String)> {
    vec![("trace_id".to_owned(), "4bf92f3577b34da6a3ce929d0e0e4736".to_owned())]
}

/// `counter_inc_with_exemplar` and `histogram_observe_with_exemplar`: the
/// labels are built once, as a service holding its trace context would;
/// each call makes its exemplar (and promreg and client_golang its
/// timestamp). The `prometheus` crate has no exemplars.
fn with_exemplar(c: &mut Criterion) {
    use prometheus_client::metrics::exemplar::{
        CounterWithExemplar, HistogramWithExemplars,
    };
    let labels: promreg::Labels = trace_labels().into_iter().collect();
    let trace = trace_labels();
    let ours = promreg::Counter::new(promreg::Opts::new("c_total", "c"));
    let client = CounterWithExemplar::<Vec<(String, String)>>::default();
    let mut g = c.benchmark_group("counter_inc_with_exemplar");
    g.bench_function("promreg", |b| b.iter(|| ours.inc_with_exemplar(&labels)));
    g.bench_function("prometheus-client", |b| {
        b.iter(|| client.inc_by(1, Some(trace.clone()), None))
    });
    g.finish();
    let ours = promreg::Histogram::new(promreg::HistogramOpts::new("h", "h"));
    let buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];
    let client =
        HistogramWithExemplars::<Vec<(String, String)>>::new(buckets.into_iter());
    let mut g = c.benchmark_group("histogram_observe_with_exemplar");
    g.bench_function("promreg", |b| b.iter(|| ours.observe_with_exemplar(0.42, &labels)));
    g.bench_function("prometheus-client", |b| {
        b.iter(|| client.observe(0.42, Some(trace.clone()), None))
    });
    g.finish();
}

/// `native_histogram_observe`: factor 1.1 (schema 3), no classic buckets,
/// one value into an existing bucket. The `prometheus` crate has no native
/// histograms.
fn native_histogram_observe(c: &mut Criterion) {
    use prometheus_client::metrics::histogram::{
        Histogram as ClientHistogram, NativeHistogramConfig,
    };
    let ours = promreg::Histogram::new(
        promreg::HistogramOpts::new("h", "h").native_histogram_bucket_factor(1.1),
    );
    let client = ClientHistogram::new_native(NativeHistogramConfig::new(1.1));
    let mut g = c.benchmark_group("native_histogram_observe");
    g.bench_function("promreg", |b| b.iter(|| ours.observe(0.42)));
    g.bench_function("prometheus-client", |b| b.iter(|| client.observe(0.42)));
    g.finish();
}

/// `series_lifecycle`: what a series limit and expiry cost, promreg only
/// (no peer has them). The hit path with a limit set (it should cost
/// nothing); a lookup of a new label set past the limit; and the text
/// scrape of a 10,000-series counter vec with and without expiry.
fn series_lifecycle(c: &mut Criterion) {
    use promreg::{CounterVec, Opts, Overflow, Registry, encode::Format};
    let vec = |name: &str| CounterVec::new(Opts::new(name, "v"), &["code", "method"]);
    let plain = vec("plain_total");
    plain.with_label_values(&["200", "get"]).inc();
    let capped = vec("capped_total").with_series_limit(1, Overflow::Series);
    capped.with_label_values(&["200", "get"]).inc();
    let mut g = c.benchmark_group("series_lifecycle");
    g.bench_function("with_label_values_hit", |b| {
        b.iter(|| plain.with_label_values(&["200", "get"]).inc())
    });
    g.bench_function("with_label_values_hit_capped", |b| {
        b.iter(|| capped.with_label_values(&["200", "get"]).inc())
    });
    g.bench_function("past_the_limit", |b| {
        b.iter(|| capped.with_label_values(&["500", "put"]).inc())
    });
    for (id, expiring) in [("scrape_10k", false), ("scrape_10k_expiring", true)] {
        let reg = Registry::new();
        let mut series = CounterVec::new(Opts::new("requests_total", "r"), &["path"]);
        if expiring {
            series = series.with_series_expiry(std::time::Duration::from_secs(3600));
        }
        for i in 0..10_000 {
            series.with_label_values(&[&format!("/p/{i}")]).inc();
        }
        reg.register(Box::new(series)).unwrap();
        let mut buf = Vec::with_capacity(1 << 20);
        g.bench_function(id, |b| {
            b.iter(|| {
                buf.clear();
                reg.write_scrape(&mut buf, Format::Text).unwrap();
            })
        });
    }
    g.finish();
}

criterion_group!(
    benches,
    counter_inc,
    histogram_observe,
    with_label_values_hit,
    with_exemplar,
    native_histogram_observe,
    series_lifecycle
);
criterion_main!(benches);
