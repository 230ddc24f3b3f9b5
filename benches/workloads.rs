//! The benchmark workloads of `benches/WORKLOADS.md` (a copy of the shared `bench/WORKLOADS.md`), built exactly,
//! once each, for promreg and for the peer crates. Shared by the benches
//! (and the allocation counter) through `#[path]`.
//!
//! One more, `native_histogram_vec_1k`, is issue 11's and not yet in
//! WORKLOADS.md: one HistogramVec `request_duration_seconds`, help
//! `Request latency.`, label `handler` in `h0`..`h999`, native buckets only
//! (factor 1.1, so schema 3; no classic buckets); series k observes the 100
//! values [`native_value`]`(k, j)` for j in 0..100, which spread over six
//! decades (0.001 to 990). The `prometheus` crate has no native histograms;
//! prometheus-client writes them only in protobuf.
#![allow(dead_code)]

use promreg::{
    Collector, CounterVec, Desc, GaugeVec, HistogramOpts, HistogramVec, Labels, Metric,
    Opts, Registry, Sender, SummaryOpts, SummaryVec, ValueType, must_new_const_metric,
};
use std::sync::Arc;

pub const WORKLOADS: [&str; 6] = [
    "counter_vec_10k",
    "histogram_vec_1k",
    "summary_vec_100",
    "collectors_100x100",
    "const_exporter_10k",
    "native_histogram_vec_1k",
];

/// Series per workload: what criterion's throughput counts.
pub fn series(workload: &str) -> u64 {
    match workload {
        "histogram_vec_1k" | "native_histogram_vec_1k" => 1_000,
        "summary_vec_100" => 100,
        _ => 10_000,
    }
}

/// The value series `k` of histogram_vec_1k observes `j`-th.
pub fn histogram_value(k: usize, j: usize) -> f64 {
    ((k % 97 + j) as f64) * 0.013
}

/// The value series `k` of native_histogram_vec_1k observes `j`-th: a
/// mantissa 10..99 times a power of ten 1e-4..10, each one product of two
/// exact-as-written constants, so Go and Rust compute the same double.
pub fn native_value(k: usize, j: usize) -> f64 {
    const SCALES: [f64; 6] = [1e-4, 1e-3, 1e-2, 1e-1, 1.0, 10.0];
    ((k * 31 + j * 17) % 90 + 10) as f64 * SCALES[(k + j) % 6]
}

/// The value series `k` of summary_vec_100 observes `j`-th.
pub fn summary_value(k: usize, j: usize) -> f64 {
    (((k * 1000 + j) % 1009) as f64) * 0.001
}

pub fn promreg(workload: &str) -> Registry {
    let reg = Registry::new();
    match workload {
        "counter_vec_10k" => {
            let v = CounterVec::new(
                Opts::new("http_requests_total", "Total HTTP requests."),
                &["code", "method"],
            );
            for k in 0..10_000 {
                let (code, method) = (format!("c{}", k / 100), format!("m{}", k % 100));
                v.with_label_values(&[&code, &method]).add(k as f64);
            }
            reg.register(Box::new(v)).unwrap();
        }
        "histogram_vec_1k" => {
            let v = HistogramVec::new(
                HistogramOpts::new("request_duration_seconds", "Request latency."),
                &["handler"],
            );
            for k in 0..1_000 {
                let h = v.with_label_values(&[&format!("h{k}")]);
                (0..10).for_each(|j| h.observe(histogram_value(k, j)));
            }
            reg.register(Box::new(v)).unwrap();
        }
        "native_histogram_vec_1k" => {
            let opts = HistogramOpts::new("request_duration_seconds", "Request latency.")
                .native_histogram_bucket_factor(1.1);
            let v = HistogramVec::new(opts, &["handler"]);
            for k in 0..1_000 {
                let h = v.with_label_values(&[&format!("h{k}")]);
                (0..100).for_each(|j| h.observe(native_value(k, j)));
            }
            reg.register(Box::new(v)).unwrap();
        }
        "summary_vec_100" => {
            let opts = SummaryOpts::new("rpc_latency_seconds", "RPC latency.")
                .objective(0.5, 0.05)
                .objective(0.9, 0.01)
                .objective(0.99, 0.001);
            let v = SummaryVec::new(opts, &["service"]);
            for k in 0..100 {
                let s = v.with_label_values(&[&format!("s{k}")]);
                (0..1000).for_each(|j| s.observe(summary_value(k, j)));
            }
            reg.register(Box::new(v)).unwrap();
        }
        "collectors_100x100" => {
            for f in 0..100 {
                let opts =
                    Opts::new(format!("gauge_family_{f}"), format!("Gauge family {f}."));
                let v = GaugeVec::new(opts, &["instance"]);
                for i in 0..100 {
                    v.with_label_values(&[&format!("i{i}")])
                        .set((f * 100 + i) as f64 * 0.5);
                }
                reg.register(Box::new(v)).unwrap();
            }
        }
        "const_exporter_10k" => {
            let desc = Desc::new(
                "table_rows",
                "Rows per table.",
                &["db", "table"],
                Labels::new(),
            );
            reg.register(Box::new(ConstExporter { desc })).unwrap();
        }
        other => panic!("unknown workload {other}"),
    }
    reg
}

/// const_exporter_10k's collector: the exporter pattern, 10,000 const
/// gauges built on every collect.
struct ConstExporter {
    desc: Desc,
}

impl Collector for ConstExporter {
    fn describe(&self, descs: &Sender<Desc>) {
        let _ = descs.send(self.desc.clone());
    }

    fn collect(&self, metrics: &Sender<Arc<dyn Metric>>) {
        let mut db = String::new();
        let mut table = String::new();
        for k in 0..10_000usize {
            use std::fmt::Write;
            db.clear();
            table.clear();
            let _ = write!(db, "d{}", k / 100);
            let _ = write!(table, "t{}", k % 100);
            let m = must_new_const_metric(
                &self.desc,
                ValueType::Gauge,
                k as f64,
                &[&db, &table],
            );
            let _ = metrics.send(Arc::new(m));
        }
    }
}

/// The same workloads with the `prometheus` crate (0.14). It has no
/// summary: `None` there.
pub mod rust_prometheus {
    use prometheus::core::{Collector, Desc};
    use prometheus::proto::{Gauge, LabelPair, Metric, MetricFamily, MetricType};
    use prometheus::{CounterVec, GaugeVec, HistogramOpts, HistogramVec, Opts, Registry};

    pub fn registry(workload: &str) -> Option<Registry> {
        let reg = Registry::new();
        match workload {
            "counter_vec_10k" => {
                let v = CounterVec::new(
                    Opts::new("http_requests_total", "Total HTTP requests."),
                    &["code", "method"],
                )
                .unwrap();
                for k in 0..10_000 {
                    let (code, method) =
                        (format!("c{}", k / 100), format!("m{}", k % 100));
                    v.with_label_values(&[&code, &method]).inc_by(k as f64);
                }
                reg.register(Box::new(v)).unwrap();
            }
            "histogram_vec_1k" => {
                let opts =
                    HistogramOpts::new("request_duration_seconds", "Request latency.");
                let v = HistogramVec::new(opts, &["handler"]).unwrap();
                for k in 0..1_000 {
                    let h = v.with_label_values(&[&format!("h{k}")]);
                    (0..10).for_each(|j| h.observe(super::histogram_value(k, j)));
                }
                reg.register(Box::new(v)).unwrap();
            }
            "summary_vec_100" | "native_histogram_vec_1k" => return None,
            "collectors_100x100" => {
                for f in 0..100 {
                    let opts = Opts::new(
                        format!("gauge_family_{f}"),
                        format!("Gauge family {f}."),
                    );
                    let v = GaugeVec::new(opts, &["instance"]).unwrap();
                    for i in 0..100 {
                        v.with_label_values(&[&format!("i{i}")])
                            .set((f * 100 + i) as f64 * 0.5);
                    }
                    reg.register(Box::new(v)).unwrap();
                }
            }
            "const_exporter_10k" => {
                let desc = Desc::new(
                    "table_rows".into(),
                    "Rows per table.".into(),
                    vec!["db".into(), "table".into()],
                    Default::default(),
                )
                .unwrap();
                reg.register(Box::new(ConstExporter { desc })).unwrap();
            }
            other => panic!("unknown workload {other}"),
        }
        Some(reg)
    }

    /// The exporter pattern in this crate: a collector that builds the
    /// family's protobuf on every collect.
    struct ConstExporter {
        desc: Desc,
    }

    impl Collector for ConstExporter {
        fn desc(&self) -> Vec<&Desc> {
            vec![&self.desc]
        }

        fn collect(&self) -> Vec<MetricFamily> {
            let mut mf = MetricFamily::default();
            mf.set_name("table_rows".into());
            mf.set_help("Rows per table.".into());
            mf.set_field_type(MetricType::GAUGE);
            for k in 0..10_000usize {
                let mut m = Metric::default();
                let mut db = LabelPair::default();
                db.set_name("db".into());
                db.set_value(format!("d{}", k / 100));
                let mut table = LabelPair::default();
                table.set_name("table".into());
                table.set_value(format!("t{}", k % 100));
                m.set_label(vec![db, table]);
                let mut g = Gauge::default();
                g.set_value(k as f64);
                m.set_gauge(g);
                mf.mut_metric().push(m);
            }
            vec![mf]
        }
    }
}

/// The same workloads with `prometheus-client` (0.26), which encodes
/// straight from its registry (no gather step) and has neither summaries
/// nor a const-metric collector of this shape: `None` there.
pub mod rust_prometheus_client {
    use prometheus_client::metrics::counter::Counter;
    use prometheus_client::metrics::family::Family;
    use prometheus_client::metrics::gauge::Gauge;
    use prometheus_client::metrics::histogram::{Histogram, NativeHistogramConfig};
    use prometheus_client::registry::Registry;

    type Labels = Vec<(String, String)>;

    pub fn registry(workload: &str) -> Option<Registry> {
        let mut reg = Registry::default();
        match workload {
            "counter_vec_10k" => {
                // The crate adds `_total` to counters itself.
                let f = Family::<Labels, Counter<f64>>::default();
                for k in 0..10_000 {
                    let labels = vec![
                        ("code".into(), format!("c{}", k / 100)),
                        ("method".into(), format!("m{}", k % 100)),
                    ];
                    f.get_or_create(&labels).inc_by(k as f64);
                }
                reg.register("http_requests", "Total HTTP requests.", f);
            }
            "histogram_vec_1k" => {
                fn default_buckets() -> Histogram {
                    Histogram::new([
                        0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
                    ])
                }
                let f = Family::<Labels, Histogram>::new_with_constructor(
                    default_buckets as fn() -> Histogram,
                );
                for k in 0..1_000 {
                    let h = f.get_or_create(&vec![("handler".into(), format!("h{k}"))]);
                    (0..10).for_each(|j| h.observe(super::histogram_value(k, j)));
                }
                reg.register("request_duration_seconds", "Request latency.", f);
            }
            "native_histogram_vec_1k" => {
                fn native() -> Histogram {
                    Histogram::new_native(NativeHistogramConfig::new(1.1))
                }
                let f = Family::<Labels, Histogram>::new_with_constructor(
                    native as fn() -> Histogram,
                );
                for k in 0..1_000 {
                    let h = f.get_or_create(&vec![("handler".into(), format!("h{k}"))]);
                    (0..100).for_each(|j| h.observe(super::native_value(k, j)));
                }
                reg.register("request_duration_seconds", "Request latency.", f);
            }
            "collectors_100x100" => {
                for fam in 0..100 {
                    let f = Family::<Labels, Gauge<f64, std::sync::atomic::AtomicU64>>::default();
                    for i in 0..100 {
                        f.get_or_create(&vec![("instance".into(), format!("i{i}"))])
                            .set((fam * 100 + i) as f64 * 0.5);
                    }
                    reg.register(
                        format!("gauge_family_{fam}"),
                        format!("Gauge family {fam}."),
                        f,
                    );
                }
            }
            _ => return None,
        }
        Some(reg)
    }
}

/// The same workloads with `metrics-exporter-prometheus` (0.18, behind the
/// `metrics` facade 0.24), the fourth peer: a recorder used locally (not
/// installed process-wide), rendered to text. It has no const-metric
/// collector, its histograms with buckets are classic ones (no native),
/// and its summaries have fixed quantiles, not this workload's: `None`
/// there. Its protobuf output needs `protoc` at build time, which the test
/// machines do not have, so it is measured in text only.
pub mod rust_metrics_exporter {
    use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
    use metrics_rs::{Label, with_local_recorder};

    pub fn handle(workload: &str) -> Option<PrometheusHandle> {
        let buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];
        let recorder =
            PrometheusBuilder::new().set_buckets(&buckets).ok()?.build_recorder();
        let handle = recorder.handle();
        with_local_recorder(&recorder, || -> Option<()> {
            match workload {
                "counter_vec_10k" => {
                    metrics_rs::describe_counter!(
                        "http_requests_total",
                        "Total HTTP requests."
                    );
                    for k in 0..10_000u64 {
                        let labels = [
                            ("code", format!("c{}", k / 100)),
                            ("method", format!("m{}", k % 100)),
                        ];
                        metrics_rs::counter!("http_requests_total", &labels).increment(k);
                    }
                }
                "histogram_vec_1k" => {
                    metrics_rs::describe_histogram!(
                        "request_duration_seconds",
                        "Request latency."
                    );
                    for k in 0..1_000 {
                        let h = metrics_rs::histogram!("request_duration_seconds", "handler" => format!("h{k}"));
                        (0..10).for_each(|j| h.record(super::histogram_value(k, j)));
                    }
                }
                "collectors_100x100" => {
                    for f in 0..100 {
                        let name = format!("gauge_family_{f}");
                        metrics_rs::describe_gauge!(
                            name.clone(),
                            format!("Gauge family {f}.")
                        );
                        for i in 0..100 {
                            let labels = vec![Label::new("instance", format!("i{i}"))];
                            metrics_rs::gauge!(name.clone(), labels)
                                .set((f * 100 + i) as f64 * 0.5);
                        }
                    }
                }
                _ => return None,
            }
            Some(())
        })?;
        handle.run_upkeep();
        Some(handle)
    }
}
