//! `Opts`, the options every simple metric is built from. Mirrors the `Opts`
//! struct of `metric.go`: the three name parts, help, and const labels.

use crate::desc::{Desc, build_fq_name};
use crate::labels::Labels;

/// Name, help and const labels of a metric, as Go's `prometheus.Opts`.
///
/// ```
/// use promreg::Opts;
/// let opts = Opts::new("requests_total", "Requests served.").namespace("bec").const_label("env", "prod");
/// assert_eq!(opts.fq_name(), "bec_requests_total");
/// ```
#[derive(Clone, Debug, Default)]
#[must_use = "options do nothing until a metric is made from them"]
pub struct Opts {
    /// The first part of the name (e.g. the exporter's), may be empty.
    pub namespace: String,
    /// The middle part of the name (e.g. a component), may be empty.
    pub subsystem: String,
    /// The last part of the name; must not be empty.
    pub name: String,
    /// What the metric measures, shown as `# HELP`.
    pub help: String,
    /// Labels with a fixed value, on every series of the metric.
    pub const_labels: Labels,
}

impl Opts {
    /// Options with this name and help, everything else at its default.
    pub fn new(name: impl Into<String>, help: impl Into<String>) -> Opts {
        Opts { name: name.into(), help: help.into(), ..Opts::default() }
    }

    /// Sets the first part of the fully-qualified name.
    pub fn namespace(mut self, namespace: impl Into<String>) -> Opts {
        self.namespace = namespace.into();
        self
    }

    /// Sets the middle part of the fully-qualified name.
    pub fn subsystem(mut self, subsystem: impl Into<String>) -> Opts {
        self.subsystem = subsystem.into();
        self
    }

    /// Adds a label whose value every series of the metric carries.
    pub fn const_label(
        mut self,
        name: impl Into<String>,
        value: impl Into<String>,
    ) -> Opts {
        self.const_labels.insert(name.into(), value.into());
        self
    }

    /// Adds const labels (see [`const_label`](Opts::const_label)).
    pub fn const_labels(mut self, labels: Labels) -> Opts {
        self.const_labels.extend(labels);
        self
    }

    /// The fully-qualified name, `namespace_subsystem_name`.
    pub fn fq_name(&self) -> String {
        build_fq_name(&self.namespace, &self.subsystem, &self.name)
    }

    /// The descriptor these options give, with `variable_labels`.
    pub(crate) fn into_desc(self, variable_labels: Vec<String>) -> Desc {
        let fq_name = self.fq_name();
        Desc::from_parts(fq_name, self.help, variable_labels, self.const_labels)
    }
}
