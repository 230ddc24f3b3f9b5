//! `LabelError`: what can be wrong with the label values, label maps and
//! curried labels given to a const metric or a vec, or with the desc they
//! were given for. client_golang 1.14 words these in `labels.go`
//! (`errInconsistentCardinality`, `validateValuesInLabels`), `vec.go`
//! (`hashLabels`, `CurryWith`) and `value.go` (`NewConstMetric` returning
//! `desc.err`); promreg words them the same, byte for byte.

use std::fmt;

use crate::desc::Desc;
use crate::labels::Labels;
use crate::quote::{quoted, write_quoted};

/// Why label values or names do not fit a metric's desc.
#[derive(Debug)]
pub enum LabelError {
    /// The desc itself is invalid; its own error is the text (Go returns
    /// `desc.err` as it is).
    InvalidDesc(Desc),
    /// The number of label values differs from the number of variable labels.
    InconsistentCardinality {
        /// How many values the desc has variable labels for.
        expected: usize,
        /// The values given.
        values: Vec<String>,
    },
    /// The number of labels in a map differs from the number of variable labels.
    InconsistentLabelCount {
        /// How many labels the desc has variable labels for.
        expected: usize,
        /// The labels given.
        labels: Labels,
    },
    /// A variable label is missing from a label map.
    LabelMissing(String),
    /// A label was given that the vector has already curried.
    LabelAlreadyCurried(String),
    /// Currying with this many labels the vector does not have.
    UnknownCurryLabels(usize),
    /// `le` in a histogram or `quantile` in a summary: the label the
    /// metric's type writes itself.
    LabelNotAllowed {
        /// The label's name.
        label: &'static str,
        /// `histograms` or `summaries`.
        kind: &'static str,
    },
}

impl fmt::Display for LabelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LabelError::InvalidDesc(desc) => desc.write_err(f),
            LabelError::InconsistentCardinality { expected, values } => {
                let got = values.len();
                write!(
                    f,
                    "inconsistent label cardinality: expected {expected} label values but got {got} in "
                )?;
                write_go_string_slice(f, values)
            }
            LabelError::InconsistentLabelCount { expected, labels } => {
                let got = labels.len();
                write!(
                    f,
                    "inconsistent label cardinality: expected {expected} label values but got {got} in "
                )?;
                write_go_labels(f, labels)
            }
            LabelError::LabelMissing(name) => {
                write!(f, "label name {} missing in label map", quoted(name))
            }
            LabelError::LabelAlreadyCurried(name) => {
                write!(f, "label name {} is already curried", quoted(name))
            }
            LabelError::UnknownCurryLabels(n) => {
                write!(f, "{n} unknown label(s) found during currying")
            }
            LabelError::LabelNotAllowed { label, kind } => {
                write!(f, "{} is not allowed as label name in {kind}", quoted(label))
            }
        }
    }
}

/// Go's `%#v` of a `[]string`; no values came as a nil slice.
fn write_go_string_slice(f: &mut fmt::Formatter<'_>, values: &[String]) -> fmt::Result {
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

/// Go's `%#v` of a `prometheus.Labels` (a map, printed sorted by key).
fn write_go_labels(f: &mut fmt::Formatter<'_>, labels: &Labels) -> fmt::Result {
    f.write_str("prometheus.Labels{")?;
    for (i, (name, value)) in labels.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write!(f, "{}:{}", quoted(name), quoted(value))?;
    }
    f.write_str("}")
}

impl std::error::Error for LabelError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            LabelError::InvalidDesc(desc) => desc.err().map(|err| err as _),
            _ => None,
        }
    }
}
