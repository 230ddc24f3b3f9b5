//! The process collector: this process's CPU time, memory, file descriptors
//! and start time, read from /proc on every scrape. Mirrors
//! `process_collector.go` (and `process_collector_other.go`) of
//! client_golang 1.14, with the same names and help texts; /proc is read
//! through the `procfs` crate.

use crossbeam_channel::Sender;
use procfs::WithCurrentSystemInfo;
use procfs::process::{LimitValue, Process};
use std::sync::Arc;

use crate::collector::Collector;
use crate::desc::Desc;
use crate::labels::Labels;
use crate::metric::{Metric, ValueType, must_new_const_metric, new_invalid_metric};

/// Options of the process collector (Go's `ProcessCollectorOpts`).
#[derive(Clone, Debug, Default)]
pub struct ProcessCollectorOpts {
    /// Prefix for every name: `<namespace>_process_...`.
    pub namespace: String,
    /// Report a failed read of /proc as a scrape error instead of leaving
    /// the metric out.
    pub report_errors: bool,
}

/// Collects `process_*` metrics about the current process.
#[derive(Debug)]
pub struct ProcessCollector {
    report_errors: bool,
    cpu_total: Desc,
    open_fds: Desc,
    max_fds: Desc,
    vsize: Desc,
    max_vsize: Desc,
    rss: Desc,
    start_time: Desc,
}

impl ProcessCollector {
    /// Go's `NewProcessCollector`.
    pub fn new(opts: ProcessCollectorOpts) -> ProcessCollector {
        let prefix = if opts.namespace.is_empty() {
            String::new()
        } else {
            format!("{}_", opts.namespace)
        };
        let desc = |name: &str, help: &str| {
            Desc::new(format!("{prefix}{name}"), help, &[], Labels::new())
        };
        ProcessCollector {
            report_errors: opts.report_errors,
            cpu_total: desc(
                "process_cpu_seconds_total",
                "Total user and system CPU time spent in seconds.",
            ),
            open_fds: desc("process_open_fds", "Number of open file descriptors."),
            max_fds: desc("process_max_fds", "Maximum number of open file descriptors."),
            vsize: desc("process_virtual_memory_bytes", "Virtual memory size in bytes."),
            max_vsize: desc(
                "process_virtual_memory_max_bytes",
                "Maximum amount of virtual memory available in bytes.",
            ),
            rss: desc("process_resident_memory_bytes", "Resident memory size in bytes."),
            start_time: desc(
                "process_start_time_seconds",
                "Start time of the process since unix epoch in seconds.",
            ),
        }
    }

    fn descs(&self) -> [&Desc; 7] {
        [
            &self.cpu_total,
            &self.open_fds,
            &self.max_fds,
            &self.vsize,
            &self.max_vsize,
            &self.rss,
            &self.start_time,
        ]
    }

    /// Go's `reportError`: an invalid metric, so the scrape shows the error.
    fn report(&self, ch: &Sender<Arc<dyn Metric>>, desc: &Desc, err: procfs::ProcError) {
        if self.report_errors {
            let _ = ch.send(Arc::new(new_invalid_metric(desc.clone(), err.to_string())));
        }
    }
}

impl Collector for ProcessCollector {
    fn describe(&self, descs: &Sender<Desc>) {
        for d in self.descs() {
            let _ = descs.send(d.clone());
        }
    }

    fn collect(&self, ch: &Sender<Arc<dyn Metric>>) {
        let send = |desc: &Desc, vt: ValueType, v: f64| {
            let _ = ch.send(Arc::new(must_new_const_metric(desc, vt, v, &[])));
        };
        let process = match Process::myself() {
            Ok(p) => p,
            Err(err) => return self.report(ch, &self.cpu_total, err),
        };
        match process.stat() {
            Ok(stat) => {
                let ticks = procfs::ticks_per_second() as f64;
                send(
                    &self.cpu_total,
                    ValueType::Counter,
                    (stat.utime + stat.stime) as f64 / ticks,
                );
                send(&self.vsize, ValueType::Gauge, stat.vsize as f64);
                send(&self.rss, ValueType::Gauge, stat.rss_bytes().get() as f64);
                match procfs::boot_time_secs() {
                    Ok(boot) => send(
                        &self.start_time,
                        ValueType::Gauge,
                        boot as f64 + stat.starttime as f64 / ticks,
                    ),
                    Err(err) => self.report(ch, &self.start_time, err),
                }
            }
            Err(err) => self.report(ch, &self.cpu_total, err),
        }
        match process.fd_count() {
            Ok(n) => send(&self.open_fds, ValueType::Gauge, n as f64),
            Err(err) => self.report(ch, &self.open_fds, err),
        }
        match process.limits() {
            Ok(limits) => {
                send(
                    &self.max_fds,
                    ValueType::Gauge,
                    limit(limits.max_open_files.soft_limit),
                );
                send(
                    &self.max_vsize,
                    ValueType::Gauge,
                    limit(limits.max_address_space.soft_limit),
                );
            }
            Err(err) => self.report(ch, &self.max_fds, err),
        }
    }
}

/// A soft limit as Go's procfs reports it: "unlimited" is the largest u64.
fn limit(value: LimitValue) -> f64 {
    match value {
        LimitValue::Unlimited => u64::MAX as f64,
        LimitValue::Value(v) => v as f64,
    }
}
