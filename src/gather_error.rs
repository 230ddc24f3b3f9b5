//! The errors of a gather: [`MetricError`], what one collected metric is
//! wrong with (the checks of Go's `processMetric`, `checkSuffixCollisions`,
//! `checkMetricConsistency` and the pedantic `checkDescConsistency` in
//! `registry.go`), and [`GatherError`], all of a gather's errors together
//! with what it could gather (Go's `MultiError` beside the families).
//!
//! Each text is client_golang 1.14's, byte for byte; a metric inside one is
//! printed as Go prints a `*dto.Metric` (see `compact_text.rs`).

use std::fmt;

use crate::compact_text::CompactMetric;
use crate::desc::Desc;
use crate::metric::BoxError;
use crate::proto::{Metric, MetricFamily, MetricType};
use crate::quote::quoted;

/// What is wrong with one collected metric. The gather leaves it out and
/// goes on with the others.
#[derive(Debug)]
pub enum MetricError {
    /// The metric's desc is invalid; its own error is the text.
    InvalidDesc(Desc),
    /// The metric's `write` failed (a collector's [`InvalidMetric`](crate::InvalidMetric),
    /// or a panic in `collect`).
    Collect {
        /// The metric's desc.
        desc: Desc,
        /// What `write` returned.
        source: BoxError,
    },
    /// Help differs from the family collected before under this name.
    HelpMismatch {
        /// The family's name.
        name: String,
        /// The metric.
        metric: Box<Metric>,
        /// The metric's help.
        help: String,
        /// The family's help.
        family_help: String,
    },
    /// The metric's kind differs from its family's.
    WrongType {
        /// The family's name.
        name: String,
        /// The metric.
        metric: Box<Metric>,
        /// The family's type.
        family_type: MetricType,
    },
    /// The metric carries no value at all.
    EmptyMetric(Box<Metric>),
    /// `x_count`, `x_sum` after a summary `x`.
    CollidesWithSummary {
        /// The new family's name.
        name: String,
        /// The summary's name.
        summary: String,
    },
    /// `x_count`, `x_sum` or `x_bucket` after a histogram `x`.
    CollidesWithHistogram {
        /// The new family's name.
        name: String,
        /// The histogram's name.
        histogram: String,
    },
    /// A summary or histogram `x` after `x_count` or `x_sum`.
    HistogramOrSummaryCollides {
        /// The summary's or histogram's name.
        name: String,
        /// The name it collides with.
        other: String,
    },
    /// A histogram `x` after `x_bucket`.
    HistogramCollides {
        /// The histogram's name.
        name: String,
        /// The name it collides with.
        other: String,
    },
    /// The metric lacks the value its family's type requires.
    NotOfType {
        /// The family's name.
        name: String,
        /// The metric.
        metric: Box<Metric>,
        /// The family's type.
        family_type: MetricType,
    },
    /// Two adjacent labels share a name.
    DuplicateLabelName {
        /// The family's name.
        name: String,
        /// The metric.
        metric: Box<Metric>,
        /// The label's name.
        label: String,
    },
    /// A label name is invalid or reserved (`__` prefix).
    InvalidLabelName {
        /// The family's name.
        name: String,
        /// The metric.
        metric: Box<Metric>,
        /// The label's name.
        label: String,
    },
    /// A summary carries a `quantile` label of its own.
    ExplicitQuantileLabel {
        /// The family's name.
        name: String,
        /// The metric.
        metric: Box<Metric>,
    },
    /// The same name and label values were collected before in this gather.
    DuplicateSeries {
        /// The family's name.
        name: String,
        /// The metric.
        metric: Box<Metric>,
    },
    /// Pedantic: the metric's desc was never registered.
    UnregisteredDescriptor {
        /// The family's name.
        name: String,
        /// The metric.
        metric: Box<Metric>,
        /// Its desc.
        desc: Desc,
    },
    /// Pedantic: the family's help differs from the desc's.
    DescHelpMismatch {
        /// The family's name.
        name: String,
        /// The metric.
        metric: Box<Metric>,
        /// The family's help.
        family_help: String,
        /// The desc's help.
        desc_help: String,
    },
    /// [`Gatherers`](crate::Gatherers): a family's help differs from that
    /// of the family of its name another gatherer gave.
    FamilyHelpMismatch {
        /// The family's name.
        name: String,
        /// Its help.
        help: String,
        /// The help of the family gathered before.
        existing_help: String,
    },
    /// [`Gatherers`](crate::Gatherers): a family's type differs from that of
    /// the family of its name another gatherer gave.
    FamilyTypeMismatch {
        /// The family's name.
        name: String,
        /// Its type, as Go prints it.
        type_: String,
        /// The type of the family gathered before.
        existing_type: String,
    },
    /// [`Gatherers`](crate::Gatherers): an error of the gatherer at this
    /// position (from 1).
    FromGatherer {
        /// The gatherer's position, from 1.
        index: usize,
        /// Its error.
        error: Box<MetricError>,
    },
    /// An error of a [`Gatherer`](crate::Gatherer) of your own.
    Other(BoxError),
    /// Pedantic: the metric's labels do not match its desc.
    LabelsInconsistentWithDesc {
        /// The family's name.
        name: String,
        /// The metric.
        metric: Box<Metric>,
        /// Its desc.
        desc: Desc,
    },
}

impl fmt::Display for MetricError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MetricError::InvalidDesc(desc) => desc.write_err(f),
            MetricError::Collect { desc, source } => {
                write!(f, "error collecting metric {desc}: {source}")
            }
            MetricError::HelpMismatch { name, metric, help, family_help } => write!(
                f,
                "collected metric {name} {} has help {} but should have {}",
                CompactMetric(metric),
                quoted(help),
                quoted(family_help)
            ),
            MetricError::WrongType { name, metric, family_type } => {
                let kind = match family_type {
                    MetricType::COUNTER => "a Counter",
                    MetricType::GAUGE => "a Gauge",
                    MetricType::SUMMARY => "a Summary",
                    MetricType::UNTYPED => "Untyped",
                    MetricType::HISTOGRAM | MetricType::GAUGE_HISTOGRAM => "a Histogram",
                };
                write!(
                    f,
                    "collected metric {name} {} should be {kind}",
                    CompactMetric(metric)
                )
            }
            MetricError::EmptyMetric(metric) => {
                write!(f, "empty metric collected: {}", CompactMetric(metric))
            }
            MetricError::CollidesWithSummary { name, summary } => write!(
                f,
                "collected metric named {} collides with previously collected summary named {}",
                quoted(name),
                quoted(summary)
            ),
            MetricError::CollidesWithHistogram { name, histogram } => write!(
                f,
                "collected metric named {} collides with previously collected histogram named {}",
                quoted(name),
                quoted(histogram)
            ),
            MetricError::HistogramOrSummaryCollides { name, other } => write!(
                f,
                "collected histogram or summary named {} collides with previously collected metric named {}",
                quoted(name),
                quoted(other)
            ),
            MetricError::HistogramCollides { name, other } => write!(
                f,
                "collected histogram named {} collides with previously collected metric named {}",
                quoted(name),
                quoted(other)
            ),
            MetricError::NotOfType { name, metric, family_type } => {
                braced(f, name, metric, format_args!("is not a {family_type:?}"))
            }
            MetricError::DuplicateLabelName { name, metric, label } => braced(
                f,
                name,
                metric,
                format_args!("has two or more labels with the same name: {label}"),
            ),
            MetricError::InvalidLabelName { name, metric, label } => braced(
                f,
                name,
                metric,
                format_args!("has a label with an invalid name: {label}"),
            ),
            MetricError::ExplicitQuantileLabel { name, metric } => braced(
                f,
                name,
                metric,
                format_args!("must not have an explicit \"quantile\" label"),
            ),
            MetricError::DuplicateSeries { name, metric } => braced(
                f,
                name,
                metric,
                format_args!("was collected before with the same name and label values"),
            ),
            MetricError::UnregisteredDescriptor { name, metric, desc } => {
                write!(
                    f,
                    "collected metric {name} {} with unregistered descriptor {desc}",
                    CompactMetric(metric)
                )
            }
            MetricError::DescHelpMismatch { name, metric, family_help, desc_help } => {
                write!(
                    f,
                    "collected metric {name} {} has help {} but should have {}",
                    CompactMetric(metric),
                    quoted(family_help),
                    quoted(desc_help)
                )
            }
            MetricError::FamilyHelpMismatch { name, help, existing_help } => write!(
                f,
                "gathered metric family {name} has help {} but should have {}",
                quoted(help),
                quoted(existing_help)
            ),
            MetricError::FamilyTypeMismatch { name, type_, existing_type } => {
                write!(
                    f,
                    "gathered metric family {name} has type {type_} but should have {existing_type}"
                )
            }
            MetricError::FromGatherer { index, error } => {
                write!(f, "[from Gatherer #{index}] {error}")
            }
            MetricError::Other(err) => write!(f, "{err}"),
            MetricError::LabelsInconsistentWithDesc { name, metric, desc } => write!(
                f,
                "labels in collected metric {name} {} are inconsistent with descriptor {desc}",
                CompactMetric(metric)
            ),
        }
    }
}

/// `checkMetricConsistency`'s form: `collected metric "name" { metric} rest`
/// (the metric's text ends in a space, hence the lopsided braces).
fn braced(
    f: &mut fmt::Formatter<'_>,
    name: &str,
    metric: &Metric,
    rest: fmt::Arguments<'_>,
) -> fmt::Result {
    write!(f, "collected metric {} {{ {}}} {rest}", quoted(name), CompactMetric(metric))
}

impl std::error::Error for MetricError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            MetricError::Collect { source, .. } | MetricError::Other(source) => {
                Some(source.as_ref())
            }
            MetricError::FromGatherer { error, .. } => Some(error.as_ref()),
            MetricError::InvalidDesc(desc) => desc.err().map(|err| err as _),
            _ => None,
        }
    }
}

/// What [`Registry::gather`](crate::Registry::gather) returns when anything
/// went wrong: every family it could gather *and* every error, as Go returns
/// both. `Display` is Go's `MultiError` text (or the one error's text alone,
/// as Go's `MaybeUnwrap` does).
#[derive(Debug)]
pub struct GatherError {
    /// The families gathered, sorted, without the metrics in error.
    pub families: Vec<MetricFamily>,
    /// Every error, in the order met.
    pub errors: Vec<MetricError>,
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
