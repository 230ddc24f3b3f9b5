//! # promreg
//!
//! The Prometheus client library's registry internals, rebuilt in Rust after
//! the Go client (client_golang 1.14): descriptors, collectors, a registry
//! that checks registrations and every gathered metric as Go's does, counters
//! and gauges, const metrics, and the text and protobuf exposition formats.
//!
//! ```
//! use promreg::{Counter, Opts, Registry, encode};
//!
//! let reg = Registry::new();
//! let c = Counter::new(Opts::new("demo_total", "A counter.").namespace("bec"));
//! reg.register(Box::new(c.clone())).unwrap();
//! c.inc();
//! let families = reg.gather().unwrap();
//! let mut out = Vec::new();
//! let mut enc = encode::Encoder::new(&mut out, encode::Format::Text);
//! for mf in &families {
//!     enc.encode(mf).unwrap();
//! }
//! assert_eq!(String::from_utf8(out).unwrap(),
//!     "# HELP bec_demo_total A counter.\n# TYPE bec_demo_total counter\nbec_demo_total 1\n");
//! ```

#![forbid(unsafe_code)]
#![deny(missing_docs, missing_debug_implementations)]

pub mod proto;

mod atomic_float;
mod build_info;
mod collector;
mod compact_text;
mod counter;
mod desc;
pub mod encode;
mod gather;
mod gather_error;
mod gauge;
mod histogram;
mod hot_cold;
#[cfg(feature = "http")]
pub mod http;
mod label_error;
mod labels;
mod metric;
mod metric_families;
mod opts;
#[cfg(feature = "process")]
mod process;
mod quote;
mod registry;
mod sort_key;
mod summary;
mod timer;
mod vec;
mod worker_pool;

pub use build_info::{BuildInfoCollector, RUSTC_VERSION};
pub use collector::{Collector, CollectorPanic, SharedMetrics, describe_by_collect};
pub use counter::Counter;
/// The sending half of the channels `describe` and `collect` write to.
pub use crossbeam_channel::Sender;
pub use desc::{Desc, DescError, build_fq_name};
pub use gather::Gatherer;
pub use gather_error::{GatherError, MetricError};
pub use gauge::Gauge;
pub use histogram::{
    ConstHistogram, DEF_BUCKETS, Histogram, HistogramOpts, HistogramOptsError, exponential_buckets,
    exponential_buckets_range, linear_buckets, must_new_const_histogram, new_const_histogram,
};
pub use label_error::LabelError;
pub use labels::{Labels, is_valid_label_name, is_valid_metric_name};
pub use metric::{
    BoxError, ConstMetric, InvalidMetric, Metric, MetricWithTimestamp, ValueType, must_new_const_metric,
    new_const_metric, new_invalid_metric, new_metric_with_timestamp,
};
pub use opts::Opts;
#[cfg(feature = "process")]
pub use process::{ProcessCollector, ProcessCollectorOpts};
pub use registry::{
    AlreadyRegisteredError, RegisterError, Registry, default_registry, gather, must_register, register, unregister,
};
pub use summary::{
    Clock, ConstSummary, DEF_AGE_BUCKETS, DEF_BUF_CAP, DEF_MAX_AGE, Summary, SummaryOpts, must_new_const_summary,
    new_const_summary,
};
pub use timer::{Observer, Timer};
pub use vec::{CounterVec, GaugeVec, HistogramVec, MetricVec, SummaryVec};
