//! # promreg
//!
//! The Prometheus client library's registry internals, rebuilt in Rust after
//! the Go client (client_golang 1.14, prometheus/common 0.39): descriptors,
//! collectors, a registry that checks registrations and every gathered
//! metric as Go's does, counters, gauges, histograms, summaries and their
//! vecs, const metrics, the text, OpenMetrics and protobuf formats, and
//! promhttp's handler. Outputs and error texts are Go's, byte for byte.
//!
//! ## Layout
//!
//! Each file holds one concept and names the client_golang file it mirrors.
//!
//! | file | what | Go |
//! |---|---|---|
//! | `desc.rs` | [`Desc`]: validation, ID and dimension hash | `desc.go` |
//! | `registry.rs` | [`Registry`]: register, unregister, [`RegisterError`] | `registry.go` |
//! | `gather.rs`, `worker_pool.rs` | [`Registry::gather`]: collecting in parallel | `registry.go` |
//! | `metric_families.rs`, `gather_error.rs` | every check of a gathered metric, sorting; [`GatherError`], [`MetricError`] | `registry.go`, `internal/metric.go` |
//! | `collector.rs`, `metric.rs` | the [`Collector`] and [`Metric`] traits, const metrics | `collector.go`, `metric.go`, `value.go` |
//! | `counter.rs`, `gauge.rs` | [`Counter`], [`Gauge`] | `counter.go`, `gauge.go` |
//! | `histogram.rs`, `hot_cold.rs` | [`Histogram`] and the lock-free double buffer behind it | `histogram.go` |
//! | `native_histogram.rs`, `sparse_buckets.rs` | native (sparse, exponential) buckets of a [`Histogram`]; their sorted arrays | `histogram.go` |
//! | `summary/` | [`Summary`] and its quantile stream | `summary.go`, beorn7/perks |
//! | `vec.rs`, `label_error.rs` | [`MetricVec`] behind every `*Vec`; [`LabelError`] | `vec.go`, `labels.go` |
//! | `exemplar.rs` | [`Exemplar`]s on counters, histogram buckets and const metrics | `value.go`, `metric.go` |
//! | `timer.rs` | [`Timer`] | `timer.go` |
//! | `value_func.rs` | [`CounterFunc`], [`GaugeFunc`], [`UntypedFunc`] | `value.go` |
//! | `wrap.rs` | [`Registerer`], [`wrap_registerer_with`], [`wrap_registerer_with_prefix`] | `wrap.go` |
//! | `gatherers.rs` | [`Gatherers`]; a [`Registry`] is also a [`Collector`] | `registry.go` |
//! | `scrape.rs`, `streamed.rs`, `encode/stream*.rs` | [`Registry::write_scrape`]: one scrape written straight from memory where the checks allow, [`ScrapeError`] | none (a speed-up) |
//! | `process.rs`, `build_info.rs` | the process and build-info collectors | `process_collector.go` |
//! | `encode/` | the formats, negotiation, Go's float formatting, [`encode::EncodeError`] | expfmt |
//! | `compact_text.rs` | a metric inside an error, as Go's `%s` prints it | golang/protobuf `text.go` |
//! | `http/` | promhttp's [`Handler`](http::Handler), its instrumentation, a small server | `promhttp/http.go` |
//! | `web/` | the web configuration file: TLS, client certificates, basic auth, headers | exporter-toolkit `web/` |
//! | `proto.rs` | the generated [`proto`] types | client_model |
//!
//! ## Features
//!
//! - The core (registry, metrics, vecs, encoders) is always there and
//!   depends on `crossbeam-channel`, `crossbeam-utils`, `itoa`, `nohash-hasher`,
//!   `parking_lot`, `protobuf`, `ryu` and `xxhash-rust` only.
//! - `http` (default): the [`http`] module, on hyper 1.x and tokio.
//! - `process` (default): [`ProcessCollector`], from Linux's `/proc`.
//! - `tls`: the `web` module, exporter-toolkit's web configuration for the
//!   server (TLS on `rustls` with `ring`, basic auth with `bcrypt`, the YAML
//!   read with `serde_norway`).
//! - `push`: the `push` module, Go's `push` package (`base64`, hyper's client).
//! - `demo-exporter`: the `demo-exporter` binary and its own dependencies
//!   (`clap`, `env_logger`); the library never needs them.
//!
//! ## Names
//!
//! Public names are client_golang's in Rust spelling (`NewCounterVec` is
//! [`CounterVec::new`], `MustNewConstMetric` is [`must_new_const_metric`]).
//! Where Go's constructor panics on bad input (`NewHistogram`), so does
//! `new`, and a `try_new` returns the error instead; where Go returns an
//! error (`NewConstMetric`), so does promreg, and a `must_` twin panics.
//! Errors come by phase, each beside its code: [`RegisterError`],
//! [`LabelError`] (and [`HistogramOptsError`]), [`GatherError`] holding
//! [`MetricError`]s, [`encode::EncodeError`].
//!
//! ## Counters and gauges, registered and gathered
//!
//! ```
//! use promreg::{Counter, Gauge, Opts, Registry, encode::Format};
//!
//! let reg = Registry::new();
//! let requests = Counter::new(Opts::new("requests_total", "Requests served.").namespace("app"));
//! let queue = Gauge::new(Opts::new("queue_length", "Jobs waiting.").const_label("queue", "mail"));
//! reg.register(Box::new(requests.clone())).unwrap();
//! reg.register(Box::new(queue.clone())).unwrap();
//! requests.inc();
//! queue.set(3.0);
//!
//! let mut out = Vec::new();
//! for family in reg.gather().unwrap() {
//!     Format::Text.append(&mut out, &family).unwrap();
//! }
//! assert_eq!(String::from_utf8(out).unwrap(), "\
//! ## HELP app_requests_total Requests served.
//! ## TYPE app_requests_total counter
//! app_requests_total 1
//! ## HELP queue_length Jobs waiting.
//! ## TYPE queue_length gauge
//! queue_length{queue=\"mail\"} 3
//! ");
//! ```
//!
//! ## Registration errors, worded as Go's
//!
//! ```
//! use promreg::{Counter, Opts, RegisterError, Registry};
//!
//! let reg = Registry::new();
//! let c = Counter::new(Opts::new("hits_total", "Hits."));
//! reg.register(Box::new(c.clone())).unwrap();
//! let Err(RegisterError::AlreadyRegistered(err)) = reg.register(Box::new(c.clone())) else { panic!() };
//! assert_eq!(err.to_string(), "duplicate metrics collector registration attempted");
//!
//! // Or take the one registered before, as Go's idiom does:
//! let same: Counter = reg.register_or_existing(Counter::new(Opts::new("hits_total", "Hits."))).unwrap();
//! same.inc();
//! assert_eq!(c.get(), 1.0);
//!
//! let err = reg.register(Box::new(Counter::new(Opts::new("1x", "Bad.")))).unwrap_err();
//! assert_eq!(err.to_string(),
//!     r#"descriptor Desc{fqName: "1x", help: "Bad.", constLabels: {}, variableLabels: []} is invalid: "1x" is not a valid metric name"#);
//! ```
//!
//! ## Vecs: one series per label values
//!
//! ```
//! use promreg::{CounterVec, Opts, Registry, encode::Format, labels};
//!
//! let hits = CounterVec::new(Opts::new("hits_total", "Hits."), &["code", "method"]);
//! hits.with_label_values(&["200", "GET"]).inc(); // no lock, no allocation once the series exists
//! hits.with(&labels! {"code" => "404", "method" => "GET"}).add(2.0);
//! let gets = hits.curry_with(&labels! {"method" => "GET"}).unwrap();
//! gets.with_label_values(&["200"]).inc();
//! let err = hits.get_metric_with_label_values(&["200"]).unwrap_err();
//! assert_eq!(err.to_string(),
//!     r#"inconsistent label cardinality: expected 2 label values but got 1 in []string{"200"}"#);
//!
//! let reg = Registry::new();
//! reg.register(Box::new(hits.clone())).unwrap();
//! let mut out = Vec::new();
//! Format::Text.append(&mut out, &reg.gather().unwrap()[0]).unwrap();
//! assert_eq!(String::from_utf8(out).unwrap(), "\
//! ## HELP hits_total Hits.
//! ## TYPE hits_total counter
//! hits_total{code=\"200\",method=\"GET\"} 2
//! hits_total{code=\"404\",method=\"GET\"} 2
//! ");
//! ```
//!
//! ## Histograms, summaries and timers
//!
//! ```
//! use promreg::{Histogram, HistogramOpts, Summary, SummaryOpts, Timer, linear_buckets};
//!
//! let latency = Histogram::new(HistogramOpts::new("latency_seconds", "Latency.").buckets(linear_buckets(0.1, 0.1, 3)));
//! latency.observe(0.15);
//! {
//!     let _timer = Timer::new(latency.clone()); // observes the elapsed seconds when dropped
//! }
//! let sizes = Summary::new(SummaryOpts::new("size_bytes", "Sizes.").objective(0.5, 0.05));
//! sizes.observe(512.0);
//! ```
//!
//! ## Exemplars: a trace ID on an increment or an observation
//!
//! ```
//! use promreg::{Counter, Histogram, HistogramOpts, Opts, Registry, encode::Format, labels};
//!
//! let reg = Registry::new();
//! let requests = Counter::new(Opts::new("requests_total", "Requests."));
//! let latency = Histogram::new(HistogramOpts::new("latency_seconds", "Latency.").buckets(vec![0.1, 1.0]));
//! reg.register(Box::new(requests.clone())).unwrap();
//! reg.register(Box::new(latency.clone())).unwrap();
//! requests.inc_with_exemplar(&labels! {"trace_id" => "4bf92f35"});
//! latency.observe_with_exemplar(0.25, &labels! {"trace_id" => "4bf92f35"});
//!
//! let mut out = Vec::new();
//! for family in reg.gather().unwrap() {
//!     Format::OpenMetrics.append(&mut out, &family).unwrap();
//! }
//! let text = String::from_utf8(out).unwrap();
//! // OpenMetrics shows them (with the time they were made); the text format never does.
//! assert!(text.contains(r#"latency_seconds_bucket{le="1.0"} 1 # {trace_id="4bf92f35"} 0.25 "#));
//! assert!(text.contains(r#"requests_total 1.0 # {trace_id="4bf92f35"} 1.0 "#));
//!
//! let err = requests.try_add_with_exemplar(1.0, &labels! {"trace-id" => "x"}).unwrap_err();
//! assert_eq!(err.to_string(), r#"exemplar label name "trace-id" is invalid"#);
//! ```
//!
//! ## A custom collector: const metrics made at each scrape
//!
//! ```
//! use std::sync::Arc;
//! use promreg::{Collector, Desc, Labels, Metric, Registry, Sender, ValueType, new_const_metric};
//!
//! /// Reports the length of each queue of some system it reads at scrape time.
//! struct Queues { desc: Desc }
//!
//! impl Collector for Queues {
//!     fn describe(&self, descs: &Sender<Desc>) {
//!         let _ = descs.send(self.desc.clone());
//!     }
//!     fn collect(&self, metrics: &Sender<Arc<dyn Metric>>) {
//!         for (queue, length) in [("mail", 3.0), ("print", 0.0)] {
//!             match new_const_metric(&self.desc, ValueType::Gauge, length, &[queue]) {
//!                 Ok(m) => { let _ = metrics.send(Arc::new(m)); }
//!                 Err(err) => panic!("{err}"),
//!             }
//!         }
//!     }
//! }
//!
//! let reg = Registry::new();
//! let desc = Desc::new("queue_length", "Jobs waiting.", &["queue"], Labels::new());
//! reg.register(Box::new(Queues { desc })).unwrap();
//! let families = reg.gather().unwrap();
//! assert_eq!(families[0].metric.len(), 2);
//! ```
//!
//! ## Gather errors: what was gathered, and every error
//!
//! ```
//! use std::sync::Arc;
//! use promreg::{Collector, Desc, Labels, Metric, Registry, Sender, ValueType, must_new_const_metric};
//!
//! struct Twice(Desc);
//! impl Collector for Twice {
//!     fn describe(&self, _: &Sender<Desc>) {} // unchecked: describes nothing
//!     fn collect(&self, metrics: &Sender<Arc<dyn Metric>>) {
//!         for v in [1.0, 2.0] {
//!             let _ = metrics.send(Arc::new(must_new_const_metric(&self.0, ValueType::Gauge, v, &["x"])));
//!         }
//!     }
//! }
//!
//! let reg = Registry::new();
//! reg.register(Box::new(Twice(Desc::new("dup", "h", &["a"], Labels::new())))).unwrap();
//! let err = reg.gather().unwrap_err();
//! assert_eq!(err.to_string(), r#"collected metric "dup" { label:<name:"a" value:"x" > gauge:<value:2 > } was collected before with the same name and label values"#);
//! assert_eq!(err.families[0].metric[0].gauge.value(), 1.0); // the first one is kept
//! ```
//!
//! ## Exposition formats
//!
//! ```
//! use promreg::{Counter, Opts, Registry, encode::{Format, negotiate_including_openmetrics}};
//!
//! let reg = Registry::new();
//! let c = Counter::new(Opts::new("hits_total", "Hits."));
//! reg.register(Box::new(c.clone())).unwrap();
//! let format = negotiate_including_openmetrics(Some("application/openmetrics-text; version=0.0.1"));
//! assert_eq!(format, Format::OpenMetrics);
//! let mut out = Vec::new();
//! for family in reg.gather().unwrap() {
//!     format.append(&mut out, &family).unwrap();
//! }
//! format.append_end(&mut out);
//! assert_eq!(String::from_utf8(out).unwrap(), "\
//! ## HELP hits Hits.
//! ## TYPE hits counter
//! hits_total 0.0
//! ## EOF
//! ");
//! ```
//!
//! ## Serving `/metrics` (feature `http`)
//!
//! ```
//! # #[cfg(feature = "http")] {
//! use std::sync::Arc;
//! use promreg::http::{HandlerOpts, handler_for};
//! use promreg::{Counter, Opts, Registry};
//!
//! let reg = Arc::new(Registry::new());
//! let c = Counter::new(Opts::new("hits_total", "Hits."));
//! reg.register(Box::new(c.clone())).unwrap();
//! let handler = handler_for(reg, HandlerOpts { enable_openmetrics: true, ..HandlerOpts::default() });
//! let runtime = tokio::runtime::Runtime::new().unwrap();
//! let response = runtime.block_on(handler.handle(&hyper::HeaderMap::new()));
//! assert_eq!(response.status(), 200);
//! assert_eq!(response.headers()["content-type"], "text/plain; version=0.0.4; charset=utf-8");
//! # }
//! ```
//!
//! `examples/axum_service.rs` adds this handler to an axum router;
//! `examples/blocking_server.rs` serves a scrape with no async runtime and
//! the `http` feature off.

#![forbid(unsafe_code)]
#![deny(missing_docs, missing_debug_implementations, unnameable_types)]

pub mod proto;

mod adder;
mod atomic_float;
mod build_info;
mod collector;
mod compact_text;
mod const_families;
mod counter;
mod desc;
pub mod encode;
mod exemplar;
mod float_parts;
mod gather;
mod gather_error;
mod gatherers;
mod gauge;
mod histogram;
mod hot_cold;
#[cfg(feature = "http")]
pub mod http;
#[cfg(feature = "push")]
mod http_client;
mod label_error;
mod labels;
mod metric;
mod metric_families;
mod native_histogram;
mod opts;
#[cfg(feature = "process")]
mod process;
#[cfg(feature = "push")]
pub mod push;
mod quiet_panic;
mod quote;
mod registry;
mod scrape;
mod series_lifecycle;
mod sort_key;
mod sparse_buckets;
mod streamed;
mod stripes;
mod summary;
mod sync;
pub mod testutil;
mod timer;
mod value_func;
mod vec;
#[cfg(feature = "tls")]
pub mod web;
mod worker_pool;
mod wrap;

pub use build_info::{BuildInfoCollector, RUSTC_VERSION};
pub use collector::{Collector, CollectorPanic, SharedMetrics, describe_by_collect};
pub use counter::Counter;
/// The sending half of the channels `describe` and `collect` write to.
pub use crossbeam_channel::Sender;
pub use desc::{Desc, DescError, build_fq_name};
pub use exemplar::{
    EXEMPLAR_MAX_RUNES, Exemplar, ExemplarAdder, ExemplarError, ExemplarObserver,
    MetricWithExemplars, must_new_metric_with_exemplars, new_metric_with_exemplars,
};
pub use gather::Gatherer;
pub use gather_error::{GatherError, MetricError};
pub use gatherers::{GathererFunc, Gatherers};
pub use gauge::Gauge;
pub use histogram::{
    ConstHistogram, DEF_BUCKETS, Histogram, HistogramOpts, HistogramOptsError,
    exponential_buckets, exponential_buckets_range, linear_buckets,
    must_new_const_histogram, new_const_histogram,
};
pub use label_error::LabelError;
pub use labels::{Labels, is_valid_label_name, is_valid_metric_name};
pub use metric::{
    BoxError, ConstMetric, InvalidMetric, Metric, MetricWithTimestamp, ValueType,
    must_new_const_metric, new_const_metric, new_invalid_metric,
    new_metric_with_timestamp,
};
pub use native_histogram::{
    DEF_NATIVE_HISTOGRAM_ZERO_THRESHOLD, NATIVE_HISTOGRAM_ZERO_THRESHOLD_ZERO,
};
pub use opts::Opts;
#[cfg(feature = "process")]
pub use process::{ProcessCollector, ProcessCollectorOpts};
pub use registry::{
    AlreadyRegisteredError, RegisterError, Registry, default_registry, gather,
    must_register, register, unregister,
};
pub use scrape::{EncodeFailure, ScrapeError};
pub use series_lifecycle::{OVERFLOW_LABEL_VALUE, Overflow};
pub use summary::{
    Clock, ConstSummary, DEF_AGE_BUCKETS, DEF_BUF_CAP, DEF_MAX_AGE, Summary, SummaryOpts,
    must_new_const_summary, new_const_summary,
};
pub use timer::{Observer, Timer};
pub use value_func::{
    CounterFunc, GaugeFunc, UntypedFunc, ValueFunc, new_counter_func, new_gauge_func,
    new_untyped_func,
};
pub use vec::{
    CounterVec, GaugeVec, HistogramVec, MetricVec, SummaryVec, new_metric_vec,
};
pub use wrap::{
    Registerer, WrappingRegisterer, wrap_registerer_with, wrap_registerer_with_prefix,
};
