//! Gather throughput on the workloads of `shared/bench/WORKLOADS.md` that the
//! core already supports (`const_exporter_10k`), plus the counter hot path.
//! The side-by-side comparison with the other clients grows here.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use promreg::encode::{Encoder, Format};
use promreg::{Collector, Counter, Desc, Labels, Metric, Opts, Registry, Sender, ValueType, must_new_const_metric};

/// `const_exporter_10k`: one custom collector with one desc `table_rows`
/// (labels `db`, `table`) that builds 10,000 const gauges per collect.
struct ConstExporter {
    desc: Desc,
}

impl Collector for ConstExporter {
    fn describe(&self, descs: &Sender<Desc>) {
        let _ = descs.send(self.desc.clone());
    }

    fn collect(&self, metrics: &Sender<Box<dyn Metric>>) {
        for k in 0..10_000usize {
            let db = format!("d{}", k / 100);
            let table = format!("t{}", k % 100);
            let m = must_new_const_metric(&self.desc, ValueType::Gauge, k as f64, &[&db, &table]);
            let _ = metrics.send(Box::new(m));
        }
    }
}

fn const_exporter_10k() -> Registry {
    let reg = Registry::new();
    let desc = Desc::new("table_rows", "Rows per table.", &["db", "table"], Labels::new());
    reg.register(Box::new(ConstExporter { desc })).expect("valid desc");
    reg
}

fn gather_benches(c: &mut Criterion) {
    let reg = const_exporter_10k();
    let mut group = c.benchmark_group("const_exporter_10k");
    group.throughput(Throughput::Elements(10_000));
    group.bench_function(BenchmarkId::new("gather", "promreg"), |b| b.iter(|| reg.gather().unwrap()));
    for (name, format) in [("gather_text", Format::Text), ("gather_proto", Format::ProtoDelim)] {
        let mut buf = Vec::new();
        group.bench_function(BenchmarkId::new(name, "promreg"), |b| {
            b.iter(|| {
                buf.clear();
                let mut enc = Encoder::new(&mut buf, format);
                for mf in &reg.gather().unwrap() {
                    enc.encode(mf).unwrap();
                }
            })
        });
    }
    group.finish();
}

fn hot_paths(c: &mut Criterion) {
    let counter = Counter::new(Opts::new("c_total", "A counter."));
    c.bench_function("counter_inc/promreg", |b| b.iter(|| counter.inc()));
}

criterion_group!(benches, gather_benches, hot_paths);
criterion_main!(benches);
