//! A `<program>_build_info` gauge, always 1, whose labels say which build
//! is running. Mirrors the collector of prometheus/common's `version`
//! package that Go exporters register (client_golang's own
//! `NewBuildInfoCollector` reports Go module data, which Rust has not).

use crossbeam_channel::Sender;
use std::sync::Arc;

use crate::collector::Collector;
use crate::desc::Desc;
use crate::labels::Labels;
use crate::metric::{Metric, ValueType, must_new_const_metric};

/// The rustc that compiled promreg (set by `build.rs`).
pub const RUSTC_VERSION: &str = env!("PROMREG_RUSTC_VERSION");

/// Collects `<program>_build_info{version, revision, branch, rustversion,
/// os, arch} 1`.
#[derive(Debug)]
pub struct BuildInfoCollector {
    desc: Desc,
    values: [String; 6],
}

impl BuildInfoCollector {
    /// `program` names the metric; `version`, `revision` and `branch` are
    /// what the program knows of its own build.
    pub fn new(
        program: &str,
        version: &str,
        revision: &str,
        branch: &str,
    ) -> BuildInfoCollector {
        let help = format!(
            "A metric with a constant '1' value labeled by version, revision, branch, rustversion from which {program} was built, and the os and arch for the build."
        );
        let labels = ["version", "revision", "branch", "rustversion", "os", "arch"];
        let desc =
            Desc::new(format!("{program}_build_info"), help, &labels, Labels::new());
        let values = [
            version,
            revision,
            branch,
            RUSTC_VERSION,
            std::env::consts::OS,
            std::env::consts::ARCH,
        ]
        .map(str::to_owned);
        BuildInfoCollector { desc, values }
    }
}

impl Collector for BuildInfoCollector {
    fn describe(&self, descs: &Sender<Desc>) {
        let _ = descs.send(self.desc.clone());
    }

    fn collect(&self, metrics: &Sender<Arc<dyn Metric>>) {
        let values = self.values.each_ref().map(String::as_str);
        let _ = metrics.send(Arc::new(must_new_const_metric(
            &self.desc,
            ValueType::Gauge,
            1.0,
            &values,
        )));
    }
}
