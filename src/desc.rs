//! `Desc`, the descriptor every metric carries: its fully-qualified name,
//! help, const labels and variable label names, plus the two hashes the
//! registry uses to find duplicates. Mirrors `desc.go` (and `BuildFQName`
//! from `metric.go`) of client_golang 1.14.
//!
//! As in Go, building a `Desc` never fails: an invalid one carries its error,
//! and `Registry::register` (or `new_const_metric`) reports it.

use std::fmt;
use std::sync::Arc;

use protobuf::Chars;
use xxhash_rust::xxh64::Xxh64;

use crate::labels::{Labels, check_label_name, is_valid_metric_name, label_pair};
use crate::proto::LabelPair;
use crate::quote::{quoted, write_quoted};

/// The byte Prometheus puts between hashed strings (`model.SeparatorByte`).
/// It can never occur in UTF-8 text, so `"ab","c"` and `"a","bc"` differ.
pub(crate) const SEPARATOR: u8 = 0xFF;

/// Describes a metric: name, help, labels, and its identity hashes.
///
/// Cloning is cheap (the descriptor is shared), as Go passes `*Desc` around.
#[derive(Clone)]
pub struct Desc(Arc<DescInner>);

struct DescInner {
    fq_name: String,
    help: String,
    /// Const labels, sorted by name.
    const_label_pairs: Vec<LabelPair>,
    variable_labels: Vec<String>,
    /// Hash of the name and const label *values*: what makes a series unique.
    id: u64,
    /// Hash of help and all label *names*: what must agree across descs of
    /// one name.
    dim_hash: u64,
    /// Every label of a series, sorted by name: const ones with their
    /// values, variable ones without (see [`Desc::label_pairs`]).
    pair_template: Vec<LabelPair>,
    /// For each variable label (in declaration order), its place in
    /// `pair_template`.
    variable_slots: Vec<usize>,
    err: Option<DescError>,
}

/// Why a descriptor is invalid. `Display` is client_golang's wording.
#[derive(Clone, Debug)]
pub enum DescError {
    /// The fully-qualified name is not a valid metric name.
    InvalidMetricName(String),
    /// A const or variable label name is invalid or starts with `__`.
    InvalidLabelName {
        /// The label's name.
        label: String,
        /// The metric's name.
        fq_name: String,
    },
    /// A label name occurs twice among the const and variable labels.
    DuplicateLabelNames,
    /// A wrapping registerer's label is a const label of the desc already
    /// (see [`wrap_registerer_with`](crate::wrap_registerer_with)).
    WrappingLabelExists(String),
    /// An error given to [`Desc::new_invalid`].
    Other(Arc<dyn std::error::Error + Send + Sync>),
}

impl fmt::Display for DescError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidMetricName(name) => {
                write!(f, "{} is not a valid metric name", quoted(name))
            }
            Self::InvalidLabelName { label, fq_name } => {
                write!(
                    f,
                    "{} is not a valid label name for metric {}",
                    quoted(label),
                    quoted(fq_name)
                )
            }
            Self::DuplicateLabelNames => f.write_str("duplicate label names"),
            Self::WrappingLabelExists(name) => {
                write!(
                    f,
                    "attempted wrapping with already existing label name {}",
                    quoted(name)
                )
            }
            Self::Other(err) => write!(f, "{err}"),
        }
    }
}

impl std::error::Error for DescError {}

impl Desc {
    /// Go's `NewDesc`. `variable_labels` are the names whose values each
    /// series supplies; `const_labels` are fixed for every series.
    pub fn new(
        fq_name: impl Into<String>,
        help: impl Into<String>,
        variable_labels: &[&str],
        const_labels: Labels,
    ) -> Desc {
        let variable_labels = variable_labels.iter().map(|s| s.to_string()).collect();
        Desc::from_parts(fq_name.into(), help.into(), variable_labels, const_labels)
    }

    /// Go's `NewInvalidDesc`: a descriptor that only carries `err`.
    pub fn new_invalid(err: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Desc {
        let err = DescError::Other(Arc::from(err.into()));
        Desc::with_error(String::new(), String::new(), Vec::new(), err)
    }

    pub(crate) fn from_parts(
        fq_name: String,
        help: String,
        variable_labels: Vec<String>,
        const_labels: Labels,
    ) -> Desc {
        match validate(&fq_name, &variable_labels, &const_labels) {
            Err(err) => Desc::with_error(fq_name, help, variable_labels, err),
            Ok(()) => {
                let id = hash_id(&fq_name, &const_labels);
                let dim_hash = hash_dimensions(&help, &variable_labels, &const_labels);
                let const_label_pairs: Vec<LabelPair> =
                    const_labels.iter().map(|(n, v)| label_pair(n, v)).collect();
                let (pair_template, variable_slots) =
                    pair_template(&const_label_pairs, &variable_labels);
                Desc(Arc::new(DescInner {
                    fq_name,
                    help,
                    const_label_pairs,
                    variable_labels,
                    id,
                    dim_hash,
                    pair_template,
                    variable_slots,
                    err: None,
                }))
            }
        }
    }

    /// This desc with `err` instead of its own: name, help, const and
    /// variable labels kept (for the error message), no hashes.
    pub(crate) fn with_err(&self, err: DescError) -> Desc {
        let d = &self.0;
        Desc(Arc::new(DescInner {
            fq_name: d.fq_name.clone(),
            help: d.help.clone(),
            const_label_pairs: d.const_label_pairs.clone(),
            variable_labels: d.variable_labels.clone(),
            id: 0,
            dim_hash: 0,
            pair_template: Vec::new(),
            variable_slots: Vec::new(),
            err: Some(err),
        }))
    }

    /// Like Go, an invalid desc keeps its name, help and variable labels for
    /// the error message, but no const labels and zero hashes.
    fn with_error(
        fq_name: String,
        help: String,
        variable_labels: Vec<String>,
        err: DescError,
    ) -> Desc {
        Desc(Arc::new(DescInner {
            fq_name,
            help,
            const_label_pairs: Vec::new(),
            variable_labels,
            id: 0,
            dim_hash: 0,
            pair_template: Vec::new(),
            variable_slots: Vec::new(),
            err: Some(err),
        }))
    }

    /// The fully-qualified name, `namespace_subsystem_name`.
    pub fn fq_name(&self) -> &str {
        &self.0.fq_name
    }

    /// The help text.
    pub fn help(&self) -> &str {
        &self.0.help
    }

    /// The const labels as pairs, sorted by name.
    pub fn const_label_pairs(&self) -> &[LabelPair] {
        &self.0.const_label_pairs
    }

    /// The names of the labels whose values each series supplies, in the
    /// order values are given.
    pub fn variable_labels(&self) -> &[String] {
        &self.0.variable_labels
    }

    /// xxhash64 of the name and the const label values: equal ids mean the
    /// same series space, whatever the label names.
    pub fn id(&self) -> u64 {
        self.0.id
    }

    /// Whether series of `other` may join a family of this desc's series
    /// without failing a check of Go's, and sort as Go sorts them: both
    /// valid, the same name and help, and as many labels (Go's sort puts
    /// series with fewer labels first, then compares values pair by pair).
    pub(crate) fn same_family_shape(&self, other: &Desc) -> bool {
        let (a, b) = (&self.0, &other.0);
        let labels = |d: &DescInner| d.const_label_pairs.len() + d.variable_labels.len();
        Arc::ptr_eq(a, b)
            || (a.err.is_none()
                && b.err.is_none()
                && a.fq_name == b.fq_name
                && a.help == b.help
                && labels(a) == labels(b))
    }

    /// xxhash64 of the help and the (sorted) label names.
    pub fn dim_hash(&self) -> u64 {
        self.0.dim_hash
    }

    // ANCHOR: label_pairs
    /// Go's `MakeLabelPairs`: the label pairs of the series with these
    /// variable label values (the caller checked their number), sorted by
    /// name. The sorted layout is worked out once, when the desc is made,
    /// so this only clones shared names and copies the values in.
    pub(crate) fn label_pairs(&self, values: &[&str]) -> Vec<LabelPair> {
        let mut pairs = self.0.pair_template.clone();
        for (&slot, value) in self.0.variable_slots.iter().zip(values) {
            pairs[slot].value = Some(Chars::from(*value));
        }
        pairs
    }
    // ANCHOR_END: label_pairs

    /// Whether `pairs` carry this desc's own label names: the very strings
    /// (not equal copies) it validated, distinct and sorted, as a metric
    /// built with [`Desc::label_pairs`] does. Such names need no second check.
    pub(crate) fn wrote_own_label_names(&self, pairs: &[LabelPair]) -> bool {
        let own = &self.0.pair_template;
        own.len() == pairs.len()
            && own.iter().zip(pairs).all(|(o, p)| same_string(&o.name, &p.name))
    }

    /// Whether both are the very same descriptor (not just equal ones).
    pub(crate) fn is(&self, other: &Desc) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }

    /// The reason this descriptor is invalid, if it is.
    pub fn err(&self) -> Option<&DescError> {
        self.0.err.as_ref()
    }

    /// Writes the desc's error as Go's `%v` of `desc.err` does (`<nil>`
    /// for a valid desc).
    pub(crate) fn write_err(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.err() {
            Some(err) => write!(f, "{err}"),
            None => f.write_str("<nil>"),
        }
    }
}

/// Whether both are set and share one buffer (cloned `Chars` do).
fn same_string(a: &Option<Chars>, b: &Option<Chars>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.as_ptr() == b.as_ptr() && a.len() == b.len(),
        _ => false,
    }
}

// ANCHOR: validate
/// The checks of Go's `NewDesc`, in Go's order. (Go also checks that label
/// values are UTF-8; a Rust `String` always is.)
fn validate(
    fq_name: &str,
    variable_labels: &[String],
    const_labels: &Labels,
) -> Result<(), DescError> {
    if !is_valid_metric_name(fq_name) {
        return Err(DescError::InvalidMetricName(fq_name.to_owned()));
    }
    let invalid = |label: &str| DescError::InvalidLabelName {
        label: label.to_owned(),
        fq_name: fq_name.to_owned(),
    };
    if let Some(bad) = const_labels.keys().find(|n| !check_label_name(n)) {
        return Err(invalid(bad));
    }
    if let Some(bad) = variable_labels.iter().find(|n| !check_label_name(n)) {
        return Err(invalid(bad));
    }
    let distinct: std::collections::BTreeSet<&str> =
        const_labels.keys().chain(variable_labels).map(String::as_str).collect();
    if distinct.len() != const_labels.len() + variable_labels.len() {
        return Err(DescError::DuplicateLabelNames);
    }
    Ok(())
}
// ANCHOR_END: validate

// ANCHOR: hashes
/// The desc ID: the name, then each const label value in name order, each
/// followed by the separator byte. Label names are not part of it.
fn hash_id(fq_name: &str, const_labels: &Labels) -> u64 {
    let mut h = Xxh64::new(0);
    h.update(fq_name.as_bytes());
    h.update(&[SEPARATOR]);
    for value in const_labels.values() {
        h.update(value.as_bytes());
        h.update(&[SEPARATOR]);
    }
    h.digest()
}

/// The dimension hash: the help, then every label name in sorted order,
/// variable ones prefixed with `$` so that moving a label between const and
/// variable changes the hash.
fn hash_dimensions(help: &str, variable_labels: &[String], const_labels: &Labels) -> u64 {
    let mut names: Vec<String> = const_labels.keys().cloned().collect();
    names.extend(variable_labels.iter().map(|n| format!("${n}")));
    names.sort();
    let mut h = Xxh64::new(0);
    h.update(help.as_bytes());
    h.update(&[SEPARATOR]);
    for name in &names {
        h.update(name.as_bytes());
        h.update(&[SEPARATOR]);
    }
    h.digest()
}
// ANCHOR_END: hashes

/// The sorted layout behind [`Desc::label_pairs`].
fn pair_template(
    const_pairs: &[LabelPair],
    variable_labels: &[String],
) -> (Vec<LabelPair>, Vec<usize>) {
    let mut template: Vec<LabelPair> = const_pairs.to_vec();
    for name in variable_labels {
        let mut pair = LabelPair::new();
        pair.name = Some(Chars::from(name.as_str()));
        template.push(pair);
    }
    template.sort_by(|a, b| a.name().cmp(b.name()));
    let slots = variable_labels
        .iter()
        .map(|n| template.iter().position(|p| p.name() == n).unwrap_or(0))
        .collect();
    (template, slots)
}

/// Go's `Desc.String()`, used in every registration error.
impl fmt::Display for Desc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Desc{{fqName: {}, help: {}, constLabels: {{",
            quoted(self.fq_name()),
            quoted(self.help())
        )?;
        for (i, pair) in self.const_label_pairs().iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            write!(f, "{}=", pair.name())?;
            write_quoted(f, pair.value())?;
        }
        write!(f, "}}, variableLabels: [{}]}}", self.variable_labels().join(" "))
    }
}

impl fmt::Debug for Desc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// Go's `BuildFQName`: joins the non-empty parts with `_`; empty when `name`
/// is empty. Nothing is validated here: `Desc::new` does that.
pub fn build_fq_name(namespace: &str, subsystem: &str, name: &str) -> String {
    if name.is_empty() {
        return String::new();
    }
    [namespace, subsystem, name]
        .iter()
        .filter(|part| !part.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join("_")
}
