//! Gather throughput, side by side: every workload of
//! `benches/WORKLOADS.md` (a copy of the shared `bench/WORKLOADS.md`) and every timed operation (`gather`,
//! `gather_text`, `gather_proto`), for promreg, the `prometheus` crate and
//! `prometheus-client` (whose text encoder writes straight from its
//! registry, with no gather step; its protobuf encoder builds prost values
//! first, which is timed as its `gather`), in one criterion group per
//! workload with throughput set to its series.

#[path = "workloads.rs"]
mod workloads;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use prometheus::Encoder as _;
use promreg::encode::Format;
use workloads::{
    WORKLOADS, rust_metrics_exporter, rust_prometheus, rust_prometheus_client, series,
};

fn promreg_benches(
    c: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    workload: &str,
) {
    let reg = workloads::promreg(workload);
    c.bench_function(BenchmarkId::new("gather", "promreg"), |b| {
        b.iter(|| reg.gather().unwrap())
    });
    let mut buf = Vec::with_capacity(1 << 20);
    for (op, format) in
        [("gather_text", Format::Text), ("gather_proto", Format::ProtoDelim)]
    {
        c.bench_function(BenchmarkId::new(op, "promreg"), |b| {
            b.iter(|| {
                buf.clear();
                for mf in &reg.gather().unwrap() {
                    format.append(&mut buf, mf).unwrap();
                }
            })
        });
    }
}

/// The streaming scrape (`Registry::write_scrape`), into a reused buffer.
fn promreg_scrape_benches(
    c: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    workload: &str,
) {
    let reg = workloads::promreg(workload);
    let mut buf = Vec::with_capacity(1 << 20);
    for (op, format) in
        [("scrape_text", Format::Text), ("scrape_proto", Format::ProtoDelim)]
    {
        c.bench_function(BenchmarkId::new(op, "promreg"), |b| {
            b.iter(|| {
                buf.clear();
                reg.write_scrape(&mut buf, format).unwrap();
            })
        });
    }
}

/// `floor`: counter_vec_10k's text, byte for byte, from label text and
/// values already in memory, sorted, into a reused buffer: no registry, no
/// lock, no sort. What any scrape of this workload must at least do.
fn floor(c: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>) {
    let mut series: Vec<(String, u64)> = (0..10_000u64)
        .map(|k| (format!("{{code=\"c{}\",method=\"m{}\"}}", k / 100, k % 100), k))
        .collect();
    series.sort();
    let mut buf = Vec::with_capacity(1 << 20);
    let write = |buf: &mut Vec<u8>| {
        buf.clear();
        buf.extend_from_slice(b"# HELP http_requests_total Total HTTP requests.\n");
        buf.extend_from_slice(b"# TYPE http_requests_total counter\n");
        let mut number = itoa::Buffer::new();
        for (labels, value) in &series {
            buf.extend_from_slice(b"http_requests_total");
            buf.extend_from_slice(labels.as_bytes());
            buf.push(b' ');
            buf.extend_from_slice(number.format(*value).as_bytes());
            buf.push(b'\n');
        }
    };
    // The floor writes what promreg writes.
    write(&mut buf);
    let mut promreg_text = Vec::new();
    workloads::promreg("counter_vec_10k")
        .write_scrape(&mut promreg_text, Format::Text)
        .unwrap();
    assert_eq!(buf, promreg_text, "the floor must write counter_vec_10k's exact text");
    c.bench_function(BenchmarkId::new("floor", "floor"), |b| b.iter(|| write(&mut buf)));
}

fn prometheus_benches(
    c: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    workload: &str,
) {
    let Some(reg) = rust_prometheus::registry(workload) else { return };
    c.bench_function(BenchmarkId::new("gather", "prometheus"), |b| {
        b.iter(|| reg.gather())
    });
    let mut buf = Vec::with_capacity(1 << 20);
    c.bench_function(BenchmarkId::new("gather_text", "prometheus"), |b| {
        b.iter(|| {
            buf.clear();
            prometheus::TextEncoder::new().encode(&reg.gather(), &mut buf).unwrap();
        })
    });
    c.bench_function(BenchmarkId::new("gather_proto", "prometheus"), |b| {
        b.iter(|| {
            buf.clear();
            prometheus::ProtobufEncoder::new().encode(&reg.gather(), &mut buf).unwrap();
        })
    });
}

fn prometheus_client_benches(
    c: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    workload: &str,
) {
    use prometheus_client::encoding::prometheus_protobuf;
    let Some(reg) = rust_prometheus_client::registry(workload) else { return };
    // Its protobuf encoder builds prost `MetricFamily` values first: that
    // step is its `gather`. It allocates the output itself.
    c.bench_function(BenchmarkId::new("gather", "prometheus-client"), |b| {
        b.iter(|| prometheus_protobuf::encode(&reg).unwrap())
    });
    c.bench_function(BenchmarkId::new("gather_proto", "prometheus-client"), |b| {
        b.iter(|| prometheus_protobuf::encode_to_vec(&reg).unwrap())
    });
    // Its text encoder refuses a native-only histogram.
    if workload == "native_histogram_vec_1k" {
        return;
    }
    let mut buf = String::with_capacity(1 << 20);
    c.bench_function(BenchmarkId::new("gather_text", "prometheus-client"), |b| {
        b.iter(|| {
            buf.clear();
            prometheus_client::encoding::text::encode(&mut buf, &reg).unwrap();
        })
    });
}

fn metrics_exporter_benches(
    c: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    workload: &str,
) {
    let Some(handle) = rust_metrics_exporter::handle(workload) else { return };
    let mut buf = Vec::with_capacity(1 << 20);
    c.bench_function(
        BenchmarkId::new("gather_text", "metrics-exporter-prometheus"),
        |b| {
            b.iter(|| {
                buf.clear();
                handle.render_to_write(&mut buf).unwrap();
            })
        },
    );
    c.bench_function(
        BenchmarkId::new("gather_proto", "metrics-exporter-prometheus"),
        |b| {
            b.iter(|| {
                buf.clear();
                handle.render_protobuf_to_write(&mut buf).unwrap();
            })
        },
    );
}

fn gather(c: &mut Criterion) {
    for workload in WORKLOADS {
        let mut group = c.benchmark_group(workload);
        group.throughput(Throughput::Elements(series(workload)));
        group.sample_size(20);
        promreg_benches(&mut group, workload);
        promreg_scrape_benches(&mut group, workload);
        if workload == "counter_vec_10k" {
            floor(&mut group);
        }
        prometheus_benches(&mut group, workload);
        prometheus_client_benches(&mut group, workload);
        metrics_exporter_benches(&mut group, workload);
        group.finish();
    }
}

criterion_group!(benches, gather);
criterion_main!(benches);
