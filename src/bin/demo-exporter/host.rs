//! The exporter's collector, in the article's pattern: on every scrape it
//! reads this host's load average, memory and CPU time from /proc, sends
//! them as const metrics, and reports whether that worked (`up`), how long
//! it took, and how many scrapes it has served.
//!
//! The scrape duration is a histogram with both kinds of buckets: classic
//! ones, which every Prometheus and dashboard reads, and native ones
//! (factor 1.1), which a Prometheus with `--enable-feature=native-histograms`
//! stores instead. Each observation carries the scrape's number as an
//! exemplar, so a slow scrape on a graph leads to the scrape that made it.

use std::sync::Arc;
use std::time::Instant;

use procfs::{Current, CurrentSI, KernelStats, LoadAverage, Meminfo};
use promreg::{
    Collector, Counter, Desc, Histogram, HistogramOpts, Labels, Metric, Opts, Sender,
    ValueType, build_fq_name, exponential_buckets, new_const_metric,
};

/// Reads the host on every `collect`.
pub struct HostCollector {
    up: Desc,
    last_scrape_duration: Desc,
    load: [Desc; 3],
    memory: Desc,
    cpu: Desc,
    total_scrapes: Counter,
    scrape_duration: Histogram,
}

impl HostCollector {
    // ANCHOR: new
    pub fn new(namespace: &str) -> HostCollector {
        let desc = |name: &str, help: &str, labels: &[&str]| {
            Desc::new(build_fq_name(namespace, "", name), help, labels, Labels::new())
        };
        HostCollector {
            up: desc(
                "up",
                "Whether the last read of /proc succeeded (1) or not (0).",
                &[],
            ),
            last_scrape_duration: desc(
                "exporter_last_scrape_duration_seconds",
                "Seconds the last read of /proc took.",
                &[],
            ),
            load: [
                desc("load1", "1-minute load average.", &[]),
                desc("load5", "5-minute load average.", &[]),
                desc("load15", "15-minute load average.", &[]),
            ],
            memory: desc(
                "memory_bytes",
                "Memory of the host by kind, from /proc/meminfo.",
                &["kind"],
            ),
            cpu: desc(
                "cpu_seconds_total",
                "Seconds the CPUs spent in each mode.",
                &["cpu", "mode"],
            ),
            total_scrapes: Counter::new(
                Opts::new("exporter_scrapes_total", "Total number of scrapes.")
                    .namespace(namespace),
            ),
            scrape_duration: Histogram::new(
                HistogramOpts::new(
                    "exporter_scrape_duration_seconds",
                    "Durations of scrapes by the exporter.",
                )
                .namespace(namespace)
                // 100µs to about 0.2s: reading /proc takes a few ms.
                .buckets(exponential_buckets(0.0001, 2.0, 12))
                .native_histogram_bucket_factor(1.1),
            ),
        }
    }
    // ANCHOR_END: new

    // ANCHOR: read_host
    /// Reads /proc and sends what it found; any failure is an error.
    fn read_host(&self, ch: &Sender<Arc<dyn Metric>>) -> Result<(), String> {
        let load =
            LoadAverage::current().map_err(|e| format!("reading /proc/loadavg: {e}"))?;
        for (desc, v) in self.load.iter().zip([load.one, load.five, load.fifteen]) {
            send(ch, desc, ValueType::Gauge, as_written(v), &[])?;
        }
        let mem =
            Meminfo::current().map_err(|e| format!("reading /proc/meminfo: {e}"))?;
        let kinds = [
            ("total", Some(mem.mem_total)),
            ("free", Some(mem.mem_free)),
            ("available", mem.mem_available),
            ("buffers", Some(mem.buffers)),
            ("cached", Some(mem.cached)),
        ];
        for (kind, bytes) in kinds {
            if let Some(bytes) = bytes {
                send(ch, &self.memory, ValueType::Gauge, bytes as f64, &[kind])?;
            }
        }
        let stat =
            KernelStats::current().map_err(|e| format!("reading /proc/stat: {e}"))?;
        let ticks = procfs::ticks_per_second() as f64;
        for (i, cpu) in stat.cpu_time.iter().enumerate() {
            let cpu_label = i.to_string();
            let modes = [
                ("user", Some(cpu.user)),
                ("nice", Some(cpu.nice)),
                ("system", Some(cpu.system)),
                ("idle", Some(cpu.idle)),
                ("iowait", cpu.iowait),
                ("irq", cpu.irq),
                ("softirq", cpu.softirq),
                ("steal", cpu.steal),
            ];
            for (mode, t) in modes {
                if let Some(t) = t {
                    send(
                        ch,
                        &self.cpu,
                        ValueType::Counter,
                        t as f64 / ticks,
                        &[&cpu_label, mode],
                    )?;
                }
            }
        }
        Ok(())
    }
    // ANCHOR_END: read_host
}

// ANCHOR: as_written
/// procfs reads the load average into an `f32`; its shortest decimal form
/// is what /proc/loadavg says, so go through that rather than widen the
/// binary value (0.44, not 0.4399999976158142).
fn as_written(v: f32) -> f64 {
    v.to_string().parse().unwrap_or(f64::from(v))
}
// ANCHOR_END: as_written

// ANCHOR: send
fn send(
    ch: &Sender<Arc<dyn Metric>>,
    desc: &Desc,
    vt: ValueType,
    v: f64,
    labels: &[&str],
) -> Result<(), String> {
    let m = new_const_metric(desc, vt, v, labels).map_err(|e| e.to_string())?;
    let _ = ch.send(Arc::new(m));
    Ok(())
}
// ANCHOR_END: send

// ANCHOR: collector
impl Collector for HostCollector {
    fn describe(&self, descs: &Sender<Desc>) {
        for d in [&self.up, &self.last_scrape_duration, &self.memory, &self.cpu]
            .into_iter()
            .chain(&self.load)
        {
            let _ = descs.send(d.clone());
        }
        self.total_scrapes.describe(descs);
        self.scrape_duration.describe(descs);
    }

    fn collect(&self, ch: &Sender<Arc<dyn Metric>>) {
        self.total_scrapes.inc();
        let scrape = self.total_scrapes.get() as u64;
        let start = Instant::now();
        let up = match self.read_host(ch) {
            Ok(()) => 1.0,
            Err(err) => {
                log::error!("scrape failed: {err}");
                0.0
            }
        };
        let took = start.elapsed().as_secs_f64();
        let exemplar = Labels::from([("scrape".to_owned(), scrape.to_string())]);
        self.scrape_duration.observe_with_exemplar(took, &exemplar);
        let _ = send(ch, &self.up, ValueType::Gauge, up, &[]);
        let _ = send(ch, &self.last_scrape_duration, ValueType::Gauge, took, &[]);
        self.total_scrapes.collect(ch);
        self.scrape_duration.collect(ch);
    }
}
// ANCHOR_END: collector
