//! `testutil` and promlint: every family of `tests/golden/promlint.tsv`
//! linted as client_golang 1.14's promlint lints it, and the helpers that
//! count, read and lint a collector's metrics, with Go's error texts.

mod common;

use promreg::proto::{LabelPair, Metric, MetricFamily, MetricType};
use promreg::testutil::promlint::Linter;
use promreg::testutil::{
    collect_and_compare, collect_and_count, collect_and_lint, gather_and_compare,
    gather_and_count, gather_and_lint, to_float64,
};
use promreg::{Counter, CounterVec, Gauge, Histogram, HistogramOpts, Opts, Registry};

/// The family a promlint.tsv line describes: metrics split by `;`, label
/// names by `,`, every value `x`; help `-` for none.
fn family(name: &str, kind: &str, labels: &str, help: &str) -> MetricFamily {
    let mut mf = MetricFamily::new();
    mf.set_name(name.into());
    let kinds =
        ["COUNTER", "GAUGE", "SUMMARY", "UNTYPED", "HISTOGRAM", "GAUGE_HISTOGRAM"];
    let index =
        kinds.iter().position(|k| *k == kind).unwrap_or_else(|| panic!("type {kind}"));
    mf.set_type(protobuf::Enum::from_i32(index as i32).unwrap_or(MetricType::UNTYPED));
    if help != "-" {
        mf.set_help(help.into());
    }
    for names in labels.split(';') {
        let mut m = Metric::new();
        for n in names.split(',').filter(|n| !n.is_empty()) {
            let mut pair = LabelPair::new();
            pair.set_name(n.into());
            pair.set_value("x".into());
            m.label.push(pair);
        }
        mf.metric.push(m);
    }
    mf
}

#[test]
fn promlint_finds_what_go_finds() {
    let golden = String::from_utf8(common::golden_bytes("promlint.tsv")).unwrap();
    let mut cases = 0;
    for line in golden.lines() {
        let [name, kind, labels, help, want]: [&str; 5] = line
            .split('\t')
            .collect::<Vec<_>>()
            .try_into()
            .unwrap_or_else(|_| panic!("line {line:?}"));
        let problems =
            Linter::new_with_metric_families(vec![family(name, kind, labels, help)])
                .lint()
                .unwrap();
        let found: Vec<String> =
            problems.iter().map(|p| format!("{}: {}", p.metric, p.text)).collect();
        let found = if found.is_empty() { "-".to_owned() } else { found.join(" | ") };
        assert_eq!(found, want, "{name} ({kind}, labels {labels:?}, help {help:?})");
        cases += 1;
    }
    assert!(cases >= 40, "{cases} cases");
}

#[test]
fn lint_sorts_problems_by_metric_then_text() {
    let families =
        vec![family("b_gauge", "GAUGE", "", "h"), family("aMs", "COUNTER", "", "-")];
    let problems = Linter::new_with_metric_families(families).lint().unwrap();
    let found: Vec<(&str, &str)> =
        problems.iter().map(|p| (p.metric.as_str(), p.text.as_str())).collect();
    assert_eq!(
        found,
        [
            ("aMs", "counter metrics should have \"_total\" suffix"),
            ("aMs", "metric names should be written in 'snake_case' not 'camelCase'"),
            ("aMs", "no help text"),
            ("b_gauge", "metric name should not include type 'gauge'"),
        ]
    );
}

#[test]
fn to_float64_reads_one_counter_gauge_or_untyped() {
    let c = Counter::new(Opts::new("c_total", "h"));
    c.add(2.5);
    assert_eq!(to_float64(&c), 2.5);
    let g = Gauge::new(Opts::new("g", "h"));
    g.set(-1.0);
    assert_eq!(to_float64(&g), -1.0);
    let vec = CounterVec::new(Opts::new("v_total", "h"), &["k"]);
    vec.with_label_values(&["a"]).inc();
    assert_eq!(to_float64(&vec.with_label_values(&["a"])), 1.0);
}

#[test]
#[should_panic(expected = "collected 2 metrics instead of exactly 1")]
fn to_float64_panics_on_two_metrics() {
    let vec = CounterVec::new(Opts::new("v_total", "h"), &["k"]);
    vec.with_label_values(&["a"]).inc();
    vec.with_label_values(&["b"]).inc();
    to_float64(&vec);
}

#[test]
#[should_panic(
    expected = "collected a non-gauge/counter/untyped metric: histogram:<sample_count:0 sample_sum:0 "
)]
fn to_float64_panics_on_a_histogram() {
    to_float64(&Histogram::new(HistogramOpts::new("h", "h").buckets(vec![1.0])));
}

#[test]
fn counts_series_of_the_families_named() {
    let vec = CounterVec::new(Opts::new("v_total", "h"), &["k"]);
    for k in ["a", "b", "c"] {
        vec.with_label_values(&[k]).inc();
    }
    assert_eq!(collect_and_count(Box::new(vec.clone()), &[]), 3);
    assert_eq!(collect_and_count(Box::new(vec.clone()), &["v_total"]), 3);
    assert_eq!(collect_and_count(Box::new(vec), &["other"]), 0);
    let reg = Registry::new();
    reg.register(Box::new(Gauge::new(Opts::new("g", "h")))).unwrap();
    assert_eq!(gather_and_count(&reg, &[]).unwrap(), 1);
}

#[test]
fn lints_what_a_collector_or_gatherer_yields() {
    let bad = Gauge::new(Opts::new("latency_ms_total", "h"));
    let problems = collect_and_lint(Box::new(bad), &[]).unwrap();
    let texts: Vec<&str> = problems.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "metric names should not contain abbreviated units",
            "non-counter metrics should not have \"_total\" suffix"
        ]
    );
    let reg = Registry::new();
    reg.register(Box::new(Counter::new(Opts::new("good_total", "h")))).unwrap();
    reg.register(Box::new(Gauge::new(Opts::new("badGauge", "h")))).unwrap();
    assert_eq!(gather_and_lint(&reg, &["good_total"]).unwrap(), []);
    let problems = gather_and_lint(&reg, &[]).unwrap();
    assert_eq!(problems.len(), 1);
    assert_eq!(
        (problems[0].metric.as_str(), problems[0].text.as_str()),
        ("badGauge", "metric names should be written in 'snake_case' not 'camelCase'")
    );
}

#[test]
fn a_collector_that_cannot_be_registered_is_an_error_with_gos_text() {
    let invalid = Gauge::new(Opts::new("in-valid", "h"));
    let err = collect_and_lint(Box::new(invalid), &[]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "registering collector failed: descriptor Desc{fqName: \"in-valid\", help: \"h\", constLabels: {}, \
         variableLabels: []} is invalid: \"in-valid\" is not a valid metric name"
    );
}

fn requests() -> CounterVec {
    let vec = CounterVec::new(Opts::new("c_total", "h"), &["k"]);
    vec.with_label_values(&["a"]).inc();
    vec.with_label_values(&["b"]).add(2.0);
    vec
}

/// The expected text is read and written again: its order, blank lines
/// and spacing do not matter, only the families it describes.
#[test]
fn compares_with_expected_text_as_go_does() {
    let expected = "\n# HELP c_total h\n# TYPE c_total counter\nc_total{k=\"b\"}   2\nc_total{k=\"a\"} 1\n";
    collect_and_compare(Box::new(requests()), expected, &[]).unwrap();
    let reg = Registry::new();
    reg.register(Box::new(requests())).unwrap();
    reg.register(Box::new(Gauge::new(Opts::new("other", "h")))).unwrap();
    gather_and_compare(&reg, expected, &["c_total"]).unwrap();
    assert!(
        gather_and_compare(&reg, expected, &[]).is_err(),
        "the gauge is not expected"
    );
}

#[test]
fn a_mismatch_is_a_unified_diff_of_the_texts() {
    let expected = "# HELP c_total h\n# TYPE c_total counter\nc_total{k=\"a\"} 3\nc_total{k=\"b\"} 2\n";
    let err = collect_and_compare(Box::new(requests()), expected, &[]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "\n\nDiff:\n--- metric output does not match expectation; want\n+++ got:\n@@ -2,3 +2,3 @@\n \
         # TYPE c_total counter\n-c_total{k=\"a\"} 3\n+c_total{k=\"a\"} 1\n c_total{k=\"b\"} 2\n"
    );
}

#[test]
fn expected_text_that_does_not_parse_is_an_error_with_gos_text() {
    let err = collect_and_compare(Box::new(requests()), "c_total 1", &[]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "converting reader to metric families failed: text format parsing error in line 1: unexpected end of input stream"
    );
}

#[test]
fn promlint_reads_exposition_text() {
    let problems = Linter::new("# TYPE fooBar gauge\nfooBar 1\n").lint().unwrap();
    let texts: Vec<&str> = problems.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "metric names should be written in 'snake_case' not 'camelCase'",
            "no help text"
        ]
    );
    let err = Linter::new("fooBar{").lint().unwrap_err();
    assert_eq!(
        err.to_string(),
        "text format parsing error in line 1: unexpected end of input stream"
    );
}

/// promlint on exposition text, against Go's promlint on the same bytes
/// (`tests/golden/promlint_text.tsv`): problems, or the parse error.
#[test]
fn promlint_on_text_finds_what_go_finds() {
    let rows = common::golden_tsv("promlint_text.tsv");
    for row in &rows {
        let [case, input, want] = row.as_slice() else { panic!("row {row:?}") };
        let input = common::unhex(input);
        let got = match Linter::new(input).lint() {
            Ok(problems) => {
                let texts: Vec<String> = problems
                    .iter()
                    .map(|p| format!("{}: {}", p.metric, p.text))
                    .collect();
                format!("ok:{}", texts.join(" | "))
            }
            Err(err) => format!("error:{}", common::tsv_escape(&err.to_string())),
        };
        assert_eq!(&got, want, "case {case}");
    }
    assert_eq!(rows.len(), 13);
}
