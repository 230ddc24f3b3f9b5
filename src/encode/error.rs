//! `EncodeError`: why a family could not be written. The texts are
//! expfmt's (`text_create.go`, `openmetrics_create.go`, prometheus/common
//! 0.39), a family or metric inside them printed as Go prints it.

use std::fmt;

use crate::compact_text::{CompactFamily, CompactMetric};
use crate::proto::{Metric, MetricFamily};

/// Why a family could not be encoded.
#[derive(Debug)]
pub enum EncodeError {
    /// The text format cannot express a family without metrics.
    NoMetrics(Box<MetricFamily>),
    /// A family without a name.
    NoName(Box<MetricFamily>),
    /// The family's type is not one the format knows (its name or number).
    UnknownType(String),
    /// A metric lacks the value its family's type promises.
    MissingValue {
        /// The value the type needs: `counter`, `gauge`, ...
        kind: &'static str,
        /// The family's name.
        name: String,
        /// The metric without it.
        metric: Box<Metric>,
    },
    /// An exemplar's timestamp is outside what protobuf's `Timestamp` allows
    /// (the text is `Timestamp.CheckValid`'s, as expfmt returns it).
    InvalidTimestamp {
        /// Its seconds.
        seconds: i64,
        /// Its nanoseconds.
        nanos: i32,
    },
    /// rust-protobuf could not serialize the family.
    Protobuf(protobuf::Error),
    /// Writing to the output failed.
    Io(std::io::Error),
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EncodeError::NoMetrics(mf) => {
                write!(f, "MetricFamily has no metrics: {}", CompactFamily(mf))
            }
            EncodeError::NoName(mf) => {
                write!(f, "MetricFamily has no name: {}", CompactFamily(mf))
            }
            EncodeError::UnknownType(t) => write!(f, "unknown metric type {t}"),
            EncodeError::MissingValue { kind, name, metric } => {
                write!(f, "expected {kind} in metric {name} {}", CompactMetric(metric))
            }
            EncodeError::InvalidTimestamp { seconds, nanos } => {
                crate::exemplar::write_timestamp_error(f, *seconds, *nanos)
            }
            EncodeError::Protobuf(err) => write!(f, "{err}"),
            EncodeError::Io(err) => write!(f, "{err}"),
        }
    }
}

impl std::error::Error for EncodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            EncodeError::Protobuf(err) => Some(err),
            EncodeError::Io(err) => Some(err),
            _ => None,
        }
    }
}

impl From<std::io::Error> for EncodeError {
    fn from(err: std::io::Error) -> EncodeError {
        EncodeError::Io(err)
    }
}
