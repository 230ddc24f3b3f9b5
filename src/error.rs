//! The errors of registering and gathering, each worded exactly as
//! client_golang 1.14 words it (`registry.go`, `labels.go`, `value.go`).
//!
//! Go returns plain `error` values built with `fmt.Errorf`; promreg gives each
//! one a variant, so callers can match on what went wrong, and a `Display`
//! that reproduces Go's text byte for byte. Where Go embeds a metric in its
//! protobuf text form, promreg uses rust-protobuf's text form.

use std::fmt;
use std::sync::Arc;

use crate::collector::Collector;
use crate::desc::Desc;
use crate::labels::Labels;
use crate::proto::{self, MetricFamily, MetricType};
use crate::quote::{quoted, write_quoted};

/// An error a metric's `write` may return.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Everything that can go wrong in promreg.
#[derive(Debug)]
pub enum Error {
    // ---- Register ----
    /// A described desc carries an error.
    InvalidDescriptor(Desc),
    /// A desc with this ID belongs to another registered collector.
    DescriptorExists(Desc),
    /// A desc of this name was registered with other help or label names.
    DifferentDimensions(Desc),
    /// One collector described two descs of one name with other help or labels.
    InconsistentDimensions(Desc),
    /// An equal collector (same set of desc IDs) is already registered.
    AlreadyRegistered(AlreadyRegisteredError),
    /// The collector's `describe` panicked (Go would crash the process).
    DescribePanicked(String),

    // ---- Const metrics and label values ----
    /// The desc's own error, returned as is (Go returns `desc.err`).
    Desc(Desc),
    /// The number of label values differs from the number of variable labels.
    InconsistentCardinality { expected: usize, values: Vec<String> },
    /// The number of labels in a map differs from the number of variable labels.
    InconsistentLabelCount { expected: usize, labels: Labels },
    /// A variable label is missing from a label map.
    LabelMissing(String),
    /// A label was given that the vector has already curried.
    LabelAlreadyCurried(String),
    /// Currying with labels the vector does not have.
    UnknownCurryLabels(usize),

    // ---- Histograms and summaries ----
    /// Histogram bucket bounds must increase strictly.
    BucketsNotIncreasing(f64, f64),
    /// `le` in a histogram or `quantile` in a summary.
    LabelNotAllowed { label: &'static str, kind: &'static str },

    // ---- Gather: processMetric ----
    /// The metric's `write` failed.
    Collect { desc: Desc, source: BoxError },
    /// Help differs from the family collected before under this name.
    HelpMismatch { name: String, metric: Box<proto::Metric>, help: String, family_help: String },
    /// The metric's kind differs from its family's.
    WrongType { name: String, metric: Box<proto::Metric>, family_type: MetricType },
    /// The metric carries no value at all.
    EmptyMetric(Box<proto::Metric>),
    /// `x_count`/`x_sum` after a summary `x`.
    CollidesWithSummary { name: String, summary: String },
    /// `x_count`/`x_sum`/`x_bucket` after a histogram `x`.
    CollidesWithHistogram { name: String, histogram: String },
    /// A summary or histogram `x` after `x_count` or `x_sum`.
    HistogramOrSummaryCollides { name: String, other: String },
    /// A histogram `x` after `x_bucket`.
    HistogramCollides { name: String, other: String },
    /// The metric lacks the value its family's type requires.
    NotOfType { name: String, metric: Box<proto::Metric>, family_type: MetricType },
    /// Two adjacent labels share a name.
    DuplicateLabelName { name: String, metric: Box<proto::Metric>, label: String },
    /// A label name is invalid or reserved.
    InvalidLabelName { name: String, metric: Box<proto::Metric>, label: String },
    /// A summary carries a `quantile` label of its own.
    ExplicitQuantileLabel { name: String, metric: Box<proto::Metric> },
    /// The same name and label values were collected before in this gather.
    DuplicateSeries { name: String, metric: Box<proto::Metric> },
    /// Pedantic: the metric's desc was never registered.
    UnregisteredDescriptor { name: String, metric: Box<proto::Metric>, desc: Desc },
    /// Pedantic: the family's help differs from the desc's.
    DescHelpMismatch { name: String, metric: Box<proto::Metric>, family_help: String, desc_help: String },
    /// Pedantic: the metric's labels do not match its desc.
    LabelsInconsistentWithDesc { name: String, metric: Box<proto::Metric>, desc: Desc },

    // ---- Encoding ----
    /// The text format cannot express a family without metrics.
    NoMetrics(Box<MetricFamily>),
    /// A family without a name.
    NoName(Box<MetricFamily>),
    /// The family's type is not one of the known enum values.
    UnknownType(String),
    /// A metric lacks the value its family's type promises.
    MissingValue { kind: &'static str, name: String, metric: Box<proto::Metric> },
    /// An exemplar's timestamp is outside what protobuf's Timestamp allows.
    InvalidTimestamp { seconds: i64, nanos: i32 },
    /// Writing to the output failed.
    Io(std::io::Error),
}

/// Go's `AlreadyRegisteredError`: an equal collector is registered already.
/// It carries the existing collector, so the caller can use that one instead,
/// and hands back the new one, so nothing is lost.
pub struct AlreadyRegisteredError {
    pub existing: Arc<dyn Collector>,
    pub new: Box<dyn Collector>,
}

impl fmt::Debug for AlreadyRegisteredError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AlreadyRegisteredError")
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidDescriptor(desc) => {
                write!(f, "descriptor {desc} is invalid: ")?;
                desc_error(f, desc)
            }
            Error::DescriptorExists(desc) => {
                write!(f, "descriptor {desc} already exists with the same fully-qualified name and const label values")
            }
            Error::DifferentDimensions(desc) => write!(
                f,
                "a previously registered descriptor with the same fully-qualified name as {desc} has different label names or a different help string"
            ),
            Error::InconsistentDimensions(desc) => write!(
                f,
                "descriptors reported by collector have inconsistent label names or help strings for the same fully-qualified name, offender is {desc}"
            ),
            Error::AlreadyRegistered(_) => f.write_str("duplicate metrics collector registration attempted"),
            Error::DescribePanicked(msg) => write!(f, "collector panicked in Describe: {msg}"),
            Error::Desc(desc) => desc_error(f, desc),
            Error::InconsistentCardinality { expected, values } => {
                write!(
                    f,
                    "inconsistent label cardinality: expected {expected} label values but got {} in ",
                    values.len()
                )?;
                // Go's `%#v` of a slice: no values came as a nil slice.
                if values.is_empty() {
                    return f.write_str("[]string(nil)");
                }
                f.write_str("[]string{")?;
                for (i, v) in values.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write_quoted(f, v)?;
                }
                f.write_str("}")
            }
            _ => self.fmt_labels(f),
        }
    }
}

impl Error {
    /// Vec and histogram errors (`vec.go`, `labels.go`, `histogram.go`).
    fn fmt_labels(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InconsistentLabelCount { expected, labels } => {
                write!(
                    f,
                    "inconsistent label cardinality: expected {expected} label values but got {} in prometheus.Labels{{",
                    labels.len()
                )?;
                for (i, (name, value)) in labels.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{}:{}", quoted(name), quoted(value))?;
                }
                f.write_str("}")
            }
            Error::LabelMissing(name) => write!(f, "label name {} missing in label map", quoted(name)),
            Error::LabelAlreadyCurried(name) => write!(f, "label name {} is already curried", quoted(name)),
            Error::UnknownCurryLabels(n) => write!(f, "{n} unknown label(s) found during currying"),
            Error::BucketsNotIncreasing(a, b) => {
                write!(f, "histogram buckets must be in increasing order: {} >= {}", GoF(*a), GoF(*b))
            }
            Error::LabelNotAllowed { label, kind } => {
                write!(f, "{} is not allowed as label name in {kind}", quoted(label))
            }
            _ => self.fmt_gather(f),
        }
    }

    /// The gather and encoding half of `Display`.
    fn fmt_gather(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Collect { desc, source } => write!(f, "error collecting metric {desc}: {source}"),
            Error::HelpMismatch { name, metric, help, family_help } => write!(
                f,
                "collected metric {name} {metric} has help {} but should have {}",
                quoted(help),
                quoted(family_help)
            ),
            Error::WrongType { name, metric, family_type } => {
                let kind = match family_type {
                    MetricType::COUNTER => "a Counter",
                    MetricType::GAUGE => "a Gauge",
                    MetricType::SUMMARY => "a Summary",
                    MetricType::UNTYPED => "Untyped",
                    _ => "a Histogram",
                };
                write!(f, "collected metric {name} {metric} should be {kind}")
            }
            Error::EmptyMetric(metric) => write!(f, "empty metric collected: {metric}"),
            Error::CollidesWithSummary { name, summary } => write!(
                f,
                "collected metric named {} collides with previously collected summary named {}",
                quoted(name),
                quoted(summary)
            ),
            Error::CollidesWithHistogram { name, histogram } => write!(
                f,
                "collected metric named {} collides with previously collected histogram named {}",
                quoted(name),
                quoted(histogram)
            ),
            Error::HistogramOrSummaryCollides { name, other } => write!(
                f,
                "collected histogram or summary named {} collides with previously collected metric named {}",
                quoted(name),
                quoted(other)
            ),
            Error::HistogramCollides { name, other } => write!(
                f,
                "collected histogram named {} collides with previously collected metric named {}",
                quoted(name),
                quoted(other)
            ),
            _ => self.fmt_consistency(f),
        }
    }

    /// The `checkMetricConsistency` / `checkDescConsistency` half.
    fn fmt_consistency(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::NotOfType { name, metric, family_type } => {
                write!(f, "collected metric {} {{ {metric}}} is not a {family_type:?}", quoted(name))
            }
            Error::DuplicateLabelName { name, metric, label } => write!(
                f,
                "collected metric {} {{ {metric}}} has two or more labels with the same name: {label}",
                quoted(name)
            ),
            Error::InvalidLabelName { name, metric, label } => {
                write!(f, "collected metric {} {{ {metric}}} has a label with an invalid name: {label}", quoted(name))
            }
            Error::ExplicitQuantileLabel { name, metric } => write!(
                f,
                "collected metric {} {{ {metric}}} must not have an explicit \"quantile\" label",
                quoted(name)
            ),
            Error::DuplicateSeries { name, metric } => write!(
                f,
                "collected metric {} {{ {metric}}} was collected before with the same name and label values",
                quoted(name)
            ),
            Error::UnregisteredDescriptor { name, metric, desc } => {
                write!(f, "collected metric {name} {metric} with unregistered descriptor {desc}")
            }
            Error::DescHelpMismatch { name, metric, family_help, desc_help } => write!(
                f,
                "collected metric {name} {metric} has help {} but should have {}",
                quoted(family_help),
                quoted(desc_help)
            ),
            Error::LabelsInconsistentWithDesc { name, metric, desc } => {
                write!(f, "labels in collected metric {name} {metric} are inconsistent with descriptor {desc}")
            }
            _ => self.fmt_encode(f),
        }
    }

    /// The encoding half (expfmt's `text_create.go` wording).
    fn fmt_encode(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::NoMetrics(mf) => write!(f, "MetricFamily has no metrics: {mf}"),
            Error::NoName(mf) => write!(f, "MetricFamily has no name: {mf}"),
            Error::UnknownType(t) => write!(f, "unknown metric type {t}"),
            Error::MissingValue { kind, name, metric } => {
                write!(f, "expected {kind} in metric {name} {metric}")
            }
            Error::InvalidTimestamp { seconds, nanos } => {
                write!(f, "invalid exemplar timestamp: seconds {seconds}, nanos {nanos}")
            }
            Error::Io(err) => write!(f, "{err}"),
            _ => unreachable!("every other variant is handled in Display::fmt"),
        }
    }
}

/// Go's `%f`: six decimals, and Go's names for the special values.
struct GoF(f64);

impl fmt::Display for GoF {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            v if v.is_nan() => f.write_str("NaN"),
            f64::INFINITY => f.write_str("+Inf"),
            f64::NEG_INFINITY => f.write_str("-Inf"),
            v => write!(f, "{v:.6}"),
        }
    }
}

fn desc_error(f: &mut fmt::Formatter<'_>, desc: &Desc) -> fmt::Result {
    match desc.err() {
        Some(err) => write!(f, "{err}"),
        None => f.write_str("<nil>"),
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Collect { source, .. } => Some(source.as_ref()),
            Error::Io(err) => Some(err),
            _ => None,
        }
    }
}

impl From<std::io::Error> for Error {
    fn from(err: std::io::Error) -> Error {
        Error::Io(err)
    }
}

/// What [`Registry::gather`](crate::Registry::gather) returns when anything
/// went wrong: every family it could gather *and* every error, as Go returns
/// both. `Display` is Go's `MultiError` text (or the one error's text alone,
/// as Go's `MaybeUnwrap` does).
#[derive(Debug)]
pub struct GatherError {
    pub families: Vec<MetricFamily>,
    pub errors: Vec<Error>,
}

impl fmt::Display for GatherError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let [only] = self.errors.as_slice() {
            return write!(f, "{only}");
        }
        write!(f, "{} error(s) occurred:", self.errors.len())?;
        for err in &self.errors {
            write!(f, "\n* {err}")?;
        }
        Ok(())
    }
}

impl std::error::Error for GatherError {}
