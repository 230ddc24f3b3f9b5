//! promlint: the naming conventions of Prometheus metrics, checked on
//! gathered families. Mirrors `testutil/promlint/promlint.go` of
//! client_golang 1.14, rule for rule and text for text (Go-made goldens in
//! `tests/golden/promlint.tsv`), on exposition text ([`Linter::new`]) or
//! on families ([`Linter::new_with_metric_families`]).

use crate::encode::{TextParseError, TextParser};
use crate::proto::{MetricFamily, MetricType};

/// A naming problem of one metric family (Go's `promlint.Problem`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The family's name.
    pub metric: String,
    /// What is wrong, in Go's words.
    pub text: String,
}

/// Lints metric families (Go's `promlint.Linter`).
#[derive(Debug)]
pub struct Linter {
    text: Option<Vec<u8>>,
    families: Vec<MetricFamily>,
}

impl Linter {
    /// Go's `New`: lints the families of exposition text.
    pub fn new(text: impl Into<Vec<u8>>) -> Linter {
        Linter { text: Some(text.into()), families: Vec::new() }
    }

    /// Go's `NewWithMetricFamilies`.
    pub fn new_with_metric_families(families: Vec<MetricFamily>) -> Linter {
        Linter { text: None, families }
    }

    /// Go's `Lint`: every family's problems, sorted by metric, then text
    /// (a stable sort: a problem found twice is listed twice); or why the
    /// text could not be read.
    pub fn lint(&self) -> Result<Vec<Problem>, TextParseError> {
        let parsed = match &self.text {
            Some(text) => TextParser::default()
                .text_to_metric_families(text)?
                .into_values()
                .collect(),
            None => Vec::new(),
        };
        let mut problems: Vec<Problem> =
            parsed.iter().chain(&self.families).flat_map(lint).collect();
        problems
            .sort_by(|a, b| a.metric.cmp(&b.metric).then_with(|| a.text.cmp(&b.text)));
        Ok(problems)
    }
}

// ANCHOR: lint
/// Go's `lint`: the rules in Go's order.
fn lint(mf: &MetricFamily) -> Vec<Problem> {
    let rules: [fn(&MetricFamily) -> Vec<String>; 8] = [
        lint_help,
        lint_metric_units,
        lint_counter,
        lint_histogram_summary_reserved,
        lint_metric_type_in_name,
        lint_reserved_chars,
        lint_camel_case,
        lint_unit_abbreviations,
    ];
    let texts = rules.iter().flat_map(|rule| rule(mf));
    texts.map(|text| Problem { metric: mf.name().to_owned(), text }).collect()
}
// ANCHOR_END: lint

/// Help must be set (empty counts as set, as in Go).
fn lint_help(mf: &MetricFamily) -> Vec<String> {
    if mf.has_help() { vec![] } else { vec!["no help text".to_owned()] }
}

fn lint_metric_units(mf: &MetricFamily) -> Vec<String> {
    match metric_units(mf.name()) {
        Some((unit, base)) if unit != base => {
            vec![format!("use base unit {base:?} instead of {unit:?}")]
        }
        _ => vec![],
    }
}

fn lint_counter(mf: &MetricFamily) -> Vec<String> {
    let kind = mf.type_();
    let total = mf.name().ends_with("_total");
    match kind {
        MetricType::COUNTER if !total => {
            vec![r#"counter metrics should have "_total" suffix"#.to_owned()]
        }
        MetricType::COUNTER | MetricType::UNTYPED => vec![],
        _ if total => {
            vec![r#"non-counter metrics should not have "_total" suffix"#.to_owned()]
        }
        _ => vec![],
    }
}

fn lint_histogram_summary_reserved(mf: &MetricFamily) -> Vec<String> {
    let kind = mf.type_();
    if kind == MetricType::UNTYPED {
        return vec![];
    }
    let histogram = kind == MetricType::HISTOGRAM;
    let summary = kind == MetricType::SUMMARY;
    let name = mf.name();
    let mut problems = Vec::new();
    if !histogram && name.ends_with("_bucket") {
        problems.push(r#"non-histogram metrics should not have "_bucket" suffix"#);
    }
    if !histogram && !summary && name.ends_with("_count") {
        problems.push(
            r#"non-histogram and non-summary metrics should not have "_count" suffix"#,
        );
    }
    if !histogram && !summary && name.ends_with("_sum") {
        problems.push(
            r#"non-histogram and non-summary metrics should not have "_sum" suffix"#,
        );
    }
    for label in mf.metric.iter().flat_map(|m| &m.label) {
        if !histogram && label.name() == "le" {
            problems.push(r#"non-histogram metrics should not have "le" label"#);
        }
        if !summary && label.name() == "quantile" {
            problems.push(r#"non-summary metrics should not have "quantile" label"#);
        }
    }
    problems.into_iter().map(str::to_owned).collect()
}

/// The type names a metric name should not hold (Go loops over
/// `MetricType_name`, a map, in random order; the problems are sorted
/// after, so the order does not show).
const TYPE_NAMES: [&str; 5] =
    ["counter", "gauge", "summary", "histogram", "gauge_histogram"];

fn lint_metric_type_in_name(mf: &MetricFamily) -> Vec<String> {
    let name = mf.name().to_lowercase();
    let named = TYPE_NAMES.iter().filter(|t| has_word(&name, t));
    named.map(|t| format!("metric name should not include type '{t}'")).collect()
}

/// Whether `word` follows an `_` in `name` and ends it or another `_`
/// follows (Go: `Contains(n, "_"+w+"_") || HasSuffix(n, "_"+w)`).
fn has_word(name: &str, word: &str) -> bool {
    name.contains(&format!("_{word}_")) || name.ends_with(&format!("_{word}"))
}

fn lint_reserved_chars(mf: &MetricFamily) -> Vec<String> {
    if mf.name().contains(':') {
        vec!["metric names should not contain ':'".to_owned()]
    } else {
        vec![]
    }
}

/// Go's `camelCase` regexp, `[a-z][A-Z]`: a lower-case ASCII letter
/// followed by an upper-case one.
fn is_camel_case(name: &str) -> bool {
    name.as_bytes()
        .windows(2)
        .any(|w| w[0].is_ascii_lowercase() && w[1].is_ascii_uppercase())
}

fn lint_camel_case(mf: &MetricFamily) -> Vec<String> {
    let mut problems = Vec::new();
    if is_camel_case(mf.name()) {
        problems.push(
            "metric names should be written in 'snake_case' not 'camelCase'".to_owned(),
        );
    }
    for label in mf.metric.iter().flat_map(|m| &m.label) {
        if is_camel_case(label.name()) {
            problems.push(
                "label names should be written in 'snake_case' not 'camelCase'"
                    .to_owned(),
            );
        }
    }
    problems
}

/// Abbreviations of units, discouraged in names.
const UNIT_ABBREVIATIONS: [&str; 14] =
    ["s", "ms", "us", "ns", "sec", "b", "kb", "mb", "gb", "tb", "pb", "m", "h", "d"];

fn lint_unit_abbreviations(mf: &MetricFamily) -> Vec<String> {
    let name = mf.name().to_lowercase();
    let count = UNIT_ABBREVIATIONS.iter().filter(|s| has_word(&name, s)).count();
    vec!["metric names should not contain abbreviated units".to_owned(); count]
}

/// Units and the base unit each should be given in.
const UNITS: [(&str, &str); 24] = [
    ("amperes", "amperes"),
    ("bytes", "bytes"),
    ("celsius", "celsius"),
    ("grams", "grams"),
    ("joules", "joules"),
    ("kelvin", "kelvin"),
    ("meters", "meters"),
    ("metres", "metres"),
    ("seconds", "seconds"),
    ("volts", "volts"),
    ("minutes", "seconds"),
    ("hours", "seconds"),
    ("days", "seconds"),
    ("weeks", "seconds"),
    ("kelvins", "kelvin"),
    ("fahrenheit", "celsius"),
    ("rankine", "celsius"),
    ("inches", "meters"),
    ("yards", "meters"),
    ("miles", "meters"),
    ("bits", "bytes"),
    ("calories", "joules"),
    ("pounds", "grams"),
    ("ounces", "grams"),
];

/// SI and binary prefixes a unit may carry.
const UNIT_PREFIXES: [&str; 18] = [
    "pico", "nano", "micro", "milli", "centi", "deci", "deca", "hecto", "kilo", "kibi",
    "mega", "mibi", "giga", "gibi", "tera", "tebi", "peta", "pebi",
];

/// Go's `metricUnits`: the first `_`-separated word of `name` that is a
/// unit with or without a prefix, and its base unit. Go walks its units in
/// map order, which is random: for a name with two units it reports either.
/// promreg takes the first unit in Go's listing.
fn metric_units(name: &str) -> Option<(String, &'static str)> {
    let words: Vec<&str> = name.split('_').collect();
    for (unit, base) in UNITS {
        for prefix in UNIT_PREFIXES.iter().chain([&""]) {
            let prefixed = format!("{prefix}{unit}");
            if words.contains(&prefixed.as_str()) {
                return Some((prefixed, base));
            }
        }
    }
    None
}
