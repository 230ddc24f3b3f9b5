//! Helpers shared by the integration tests: a collector built from closures,
//! encoding to strings, and reading the golden files made by `tests/go`.
#![allow(dead_code)]

pub mod build;

use std::path::PathBuf;
use std::sync::Arc;

use promreg::Sender;
use promreg::encode::{Encoder, Format};
use promreg::proto::MetricFamily;
use promreg::{Collector, Desc, Metric};

type CollectFn = dyn Fn(&Sender<Arc<dyn Metric>>) + Send + Sync;

/// A collector that describes `descs` (none: unchecked) and collects by
/// calling a closure, like the Go program's `testCollector`.
pub struct TestCollector {
    pub descs: Vec<Desc>,
    pub collect: Box<CollectFn>,
}

impl TestCollector {
    pub fn new(
        descs: Vec<Desc>,
        collect: impl Fn(&Sender<Arc<dyn Metric>>) + Send + Sync + 'static,
    ) -> Self {
        TestCollector { descs, collect: Box::new(collect) }
    }

    pub fn unchecked(
        collect: impl Fn(&Sender<Arc<dyn Metric>>) + Send + Sync + 'static,
    ) -> Self {
        TestCollector::new(Vec::new(), collect)
    }

    /// Describes `descs` and collects nothing.
    pub fn describing(descs: Vec<Desc>) -> Self {
        TestCollector::new(descs, |_| {})
    }
}

impl Collector for TestCollector {
    fn describe(&self, descs: &Sender<Desc>) {
        for d in &self.descs {
            descs.send(d.clone()).unwrap();
        }
    }

    fn collect(&self, metrics: &Sender<Arc<dyn Metric>>) {
        (self.collect)(metrics)
    }
}

pub fn encode(families: &[MetricFamily], format: Format) -> Vec<u8> {
    let mut enc = Encoder::new(Vec::new(), format);
    for mf in families {
        enc.encode(mf).unwrap();
    }
    enc.finish().unwrap()
}

/// Asserts that `families` encode to the golden `NAME.txt`, `NAME.pb` and
/// `NAME.om` that the Go original wrote.
pub fn assert_golden_families(name: &str, families: &[MetricFamily]) {
    for (ext, format) in [("txt", Format::Text), ("om", Format::OpenMetrics)] {
        let got = String::from_utf8(encode(families, format)).unwrap();
        let want = String::from_utf8(golden_bytes(&format!("{name}.{ext}"))).unwrap();
        assert_eq!(got, want, "{name}.{ext}");
    }
    assert_eq!(
        encode(families, Format::ProtoDelim),
        golden_bytes(&format!("{name}.pb")),
        "{name}.pb"
    );
}

pub fn text(families: &[MetricFamily]) -> String {
    String::from_utf8(encode(families, Format::Text)).unwrap()
}

pub fn golden_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden").join(name)
}

pub fn golden_bytes(name: &str) -> Vec<u8> {
    std::fs::read(golden_path(name))
        .unwrap_or_else(|e| panic!("reading golden {name}: {e}"))
}

/// Rows of a golden TSV file, fields as written: the Go program wrote a
/// newline as `\n` and a tab as `\t`, which cannot be undone (Go's `%q`
/// writes `\n` too), so compare with [`tsv_escape`] of promreg's text.
pub fn golden_tsv(name: &str) -> Vec<Vec<String>> {
    let text = String::from_utf8(golden_bytes(name)).unwrap();
    text.lines().map(|line| line.split('\t').map(str::to_owned).collect()).collect()
}

/// The bytes a golden file wrote in hex.
pub fn unhex(hex: &str) -> Vec<u8> {
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
        .collect()
}

/// The Go program's TSV escaping.
pub fn tsv_escape(s: &str) -> String {
    s.replace('\t', "\\t").replace('\n', "\\n")
}

/// The golden error text of `case` in `errors.tsv` (TSV-escaped).
pub fn golden_error(case: &str) -> String {
    golden_tsv("errors.tsv")
        .into_iter()
        .find(|row| row[0] == case)
        .unwrap_or_else(|| panic!("no golden error {case}"))[1]
        .clone()
}

/// Asserts that promreg's error text equals, byte for byte, the text Go
/// gave for `case` (a metric inside it printed as Go's `%s` prints a
/// `*dto.Metric`).
pub fn assert_golden_error(case: &str, got: &str) {
    assert_eq!(tsv_escape(got), golden_error(case), "case {case}");
}

/// A metric that writes a fixed protobuf `Metric`: for shapes promreg's own
/// types do not build (broken labels, histograms in tests of the registry).
pub struct RawMetric {
    pub desc: Desc,
    pub metric: promreg::proto::Metric,
}

impl Metric for RawMetric {
    fn desc(&self) -> &Desc {
        &self.desc
    }

    fn write(&self, out: &mut promreg::proto::Metric) -> Result<(), promreg::BoxError> {
        *out = self.metric.clone();
        Ok(())
    }
}

pub fn label(name: &str, value: &str) -> promreg::proto::LabelPair {
    let mut pair = promreg::proto::LabelPair::new();
    pair.set_name(name.into());
    pair.set_value(value.into());
    pair
}

/// A histogram metric with one bucket `le=1`, count 1, sum 1.
pub fn raw_histogram(desc: Desc) -> Arc<dyn Metric> {
    let mut m = promreg::proto::Metric::new();
    let h = m.histogram.mut_or_insert_default();
    h.set_sample_count(1);
    h.set_sample_sum(1.0);
    let mut b = promreg::proto::Bucket::new();
    b.set_cumulative_count(1);
    b.set_upper_bound(1.0);
    h.bucket.push(b);
    Arc::new(RawMetric { desc, metric: m })
}

/// A summary metric with one quantile 0.5 → 1, count 1, sum 1.
pub fn raw_summary(desc: Desc) -> Arc<dyn Metric> {
    let mut m = promreg::proto::Metric::new();
    let s = m.summary.mut_or_insert_default();
    s.set_sample_count(1);
    s.set_sample_sum(1.0);
    let mut q = promreg::proto::Quantile::new();
    q.set_quantile(0.5);
    q.set_value(1.0);
    s.quantile.push(q);
    Arc::new(RawMetric { desc, metric: m })
}
