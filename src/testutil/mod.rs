//! Helpers for testing instrumentation, and promlint. Mirrors client_golang
//! 1.14's `testutil` package (`testutil.go`, `lint.go`): read one metric's
//! value, count a collector's series, compare them with expected
//! exposition text, lint their names. `scrape_and_compare` needs an HTTP
//! client: it comes with the `push` feature.

pub mod promlint;
mod unified_diff;

use std::sync::Arc;

use crate::collector::Collector;
use crate::compact_text::CompactMetric;
use crate::encode::{EncodeError, Format, TextParseError, TextParser};
use crate::gather::Gatherer;
use crate::gather_error::GatherError;
use crate::metric::Metric;
use crate::metric_families::compare_metrics;
use crate::proto::{self, MetricFamily};
use crate::registry::{RegisterError, Registry};
use promlint::{Linter, Problem};

/// Why a `testutil` function could not do its work; each text is Go's.
#[derive(Debug)]
pub enum TestutilError {
    /// The collector could not be registered with a fresh pedantic registry.
    Register(RegisterError),
    /// Gathering failed.
    Gather(GatherError),
    /// The expected text could not be read.
    Parse(TextParseError),
    /// The gathered families (`expected` false) or the expected ones could
    /// not be written as text.
    Encode {
        /// Whether it was the expected families.
        expected: bool,
        /// Why.
        err: EncodeError,
    },
    /// The gathered text is not the expected text: a unified diff, from
    /// the expected lines to the gathered ones.
    Mismatch(String),
    /// The scrape could not be made (`scrape_and_compare`).
    Scrape(String),
    /// The scrape was answered with another status than 200.
    ScrapeStatus(u16),
}

impl std::fmt::Display for TestutilError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TestutilError::Register(err) => {
                write!(f, "registering collector failed: {err}")
            }
            TestutilError::Gather(err) => write!(f, "gathering metrics failed: {err}"),
            TestutilError::Parse(err) => {
                write!(f, "converting reader to metric families failed: {err}")
            }
            TestutilError::Encode { expected: false, err } => {
                write!(f, "encoding gathered metrics failed: {err}")
            }
            TestutilError::Encode { expected: true, err } => {
                write!(f, "encoding expected metrics failed: {err}")
            }
            TestutilError::Mismatch(diff) => f.write_str(diff),
            TestutilError::Scrape(err) => write!(f, "scraping metrics failed: {err}"),
            TestutilError::ScrapeStatus(code) => {
                write!(
                    f,
                    "the scraping target returned a status code other than 200: {code}"
                )
            }
        }
    }
}

impl std::error::Error for TestutilError {}

/// Go's `ToFloat64`: the value of the one counter, gauge or untyped metric
/// `collector` collects. Panics, with Go's texts, if it collects another
/// number of metrics or another kind.
pub fn to_float64(collector: &dyn Collector) -> f64 {
    let (tx, rx) = crossbeam_channel::unbounded::<Arc<dyn Metric>>();
    collector.collect(&tx);
    drop(tx);
    let metrics: Vec<_> = rx.into_iter().collect();
    let [metric] = metrics.as_slice() else {
        panic!("collected {} metrics instead of exactly 1", metrics.len());
    };
    let mut pb = proto::Metric::new();
    if let Err(err) = metric.write(&mut pb) {
        panic!("error happened while collecting metrics: {err}");
    }
    match () {
        () if pb.gauge.is_some() => pb.gauge.value(),
        () if pb.counter.is_some() => pb.counter.value(),
        () if pb.untyped.is_some() => pb.untyped.value(),
        () => {
            panic!("collected a non-gauge/counter/untyped metric: {}", CompactMetric(&pb))
        }
    }
}

/// Go's `CollectAndCount`: the series `collector` yields, registered with
/// a fresh pedantic registry, of the families named (all when `names` is
/// empty). Panics if registering or gathering fails, as Go does.
pub fn collect_and_count(collector: Box<dyn Collector>, names: &[&str]) -> usize {
    let reg = registry_of(collector).unwrap_or_else(|err| panic!("{err}"));
    gather_and_count(&reg, names).unwrap_or_else(|err| panic!("{err}"))
}

/// Go's `GatherAndCount`: the series `gatherer` yields, of the families
/// named (all when `names` is empty).
pub fn gather_and_count(
    gatherer: &dyn Gatherer,
    names: &[&str],
) -> Result<usize, TestutilError> {
    let families = gather_named(gatherer, names)?;
    Ok(families.iter().map(|mf| mf.metric.len()).sum())
}

/// Go's `CollectAndLint`: promlint's problems with the families
/// `collector` yields, registered with a fresh pedantic registry.
pub fn collect_and_lint(
    collector: Box<dyn Collector>,
    names: &[&str],
) -> Result<Vec<Problem>, TestutilError> {
    gather_and_lint(&registry_of(collector)?, names)
}

/// Go's `GatherAndLint`: promlint's problems with the families `gatherer`
/// yields (those named, or all when `names` is empty).
pub fn gather_and_lint(
    gatherer: &dyn Gatherer,
    names: &[&str],
) -> Result<Vec<Problem>, TestutilError> {
    let linter = Linter::new_with_metric_families(gather_named(gatherer, names)?);
    linter.lint().map_err(TestutilError::Parse)
}

/// Go's `CollectAndCompare`: the families `collector` yields, registered
/// with a fresh pedantic registry (those named, or all when `names` is
/// empty), written as text, equal to `expected` once that is read and
/// written the same way (so its order and spacing do not matter).
pub fn collect_and_compare(
    collector: Box<dyn Collector>,
    expected: &str,
    names: &[&str],
) -> Result<(), TestutilError> {
    gather_and_compare(&registry_of(collector)?, expected, names)
}

/// Go's `GatherAndCompare`: [`collect_and_compare`] for a gatherer.
///
/// On a mismatch the error is a unified diff of the two texts, as later Go
/// releases give it (client_golang 1.14 diffs dumps of the two buffers).
pub fn gather_and_compare(
    gatherer: &dyn Gatherer,
    expected: &str,
    names: &[&str],
) -> Result<(), TestutilError> {
    compare(gather_named(gatherer, names)?, expected)
}

/// Go's `ScrapeAndCompare`: the text format served at `url` (an `http://`
/// URL), read and compared as [`gather_and_compare`] compares (the
/// families named, or all).
#[cfg(feature = "push")]
pub fn scrape_and_compare(
    url: &str,
    expected: &str,
    names: &[&str],
) -> Result<(), TestutilError> {
    use crate::http_client::{send, split_url};
    let fail = |err: String| TestutilError::Scrape(format!("Get \"{url}\": {err}"));
    let (authority, path) = split_url(url)
        .ok_or_else(|| fail("only http:// URLs can be scraped".to_owned()))?;
    let request = hyper::Request::get(path)
        .header("host", authority.as_str())
        .body(Default::default());
    let (status, body) =
        send(&authority, request.map_err(|e| fail(e.to_string()))?).map_err(fail)?;
    if status != hyper::StatusCode::OK {
        return Err(TestutilError::ScrapeStatus(status.as_u16()));
    }
    let scraped = normalized(
        TextParser::default()
            .text_to_metric_families(&body)
            .map_err(TestutilError::Parse)?,
    );
    compare(keep_named(scraped, names), expected)
}

/// Go's `compare` of gathered families with the expected text.
fn compare(got: Vec<MetricFamily>, expected: &str) -> Result<(), TestutilError> {
    let wanted = normalized(
        TextParser::default()
            .text_to_metric_families(expected.as_bytes())
            .map_err(TestutilError::Parse)?,
    );
    let got_text =
        as_text(&got).map_err(|err| TestutilError::Encode { expected: false, err })?;
    let want_text =
        as_text(&wanted).map_err(|err| TestutilError::Encode { expected: true, err })?;
    if got_text == want_text {
        return Ok(());
    }
    let from = "metric output does not match expectation; want";
    let diff = unified_diff::unified_diff(&want_text, &got_text, from, "got:", 1);
    Err(TestutilError::Mismatch(format!("\n\nDiff:\n{diff}")))
}

/// Go's `NormalizeMetricFamilies`: each family's metrics sorted as a gather
/// sorts them, the families by name (they come sorted), empty ones out.
fn normalized(
    families: std::collections::BTreeMap<String, MetricFamily>,
) -> Vec<MetricFamily> {
    let mut families: Vec<MetricFamily> =
        families.into_values().filter(|mf| !mf.metric.is_empty()).collect();
    families.iter_mut().for_each(|mf| mf.metric.sort_by(compare_metrics));
    families
}

fn as_text(families: &[MetricFamily]) -> Result<String, EncodeError> {
    let mut out = Vec::new();
    for mf in families {
        Format::Text.append(&mut out, mf)?;
    }
    Ok(String::from_utf8_lossy(&out).into_owned())
}

fn registry_of(collector: Box<dyn Collector>) -> Result<Registry, TestutilError> {
    let reg = Registry::new_pedantic();
    reg.register(collector).map_err(TestutilError::Register)?;
    Ok(reg)
}

/// Gathers, and keeps the families named ([`keep_named`]).
fn gather_named(
    gatherer: &dyn Gatherer,
    names: &[&str],
) -> Result<Vec<MetricFamily>, TestutilError> {
    Ok(keep_named(gatherer.gather().map_err(TestutilError::Gather)?, names))
}

/// Go's `filterMetrics`: the families named, or all when `names` is empty
/// (Go filters when names are given at all, and an empty list keeps nothing
/// there, but a variadic call with no names passes none: all are kept).
fn keep_named(families: Vec<MetricFamily>, names: &[&str]) -> Vec<MetricFamily> {
    if names.is_empty() {
        return families;
    }
    families.into_iter().filter(|mf| names.contains(&mf.name())).collect()
}
