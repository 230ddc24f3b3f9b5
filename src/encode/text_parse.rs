//! The text format read back into metric families. Mirrors expfmt's
//! `text_parse.go` (prometheus/common 0.39): the same state machine, the
//! same leniencies and the same error texts (Go-made goldens in
//! `tests/golden/text_parse.tsv`). testutil compares expected exposition
//! text through it.
//!
//! Where Go's strings may hold any bytes and promreg's hold UTF-8, a HELP
//! text that is not UTF-8 is kept with `U+FFFD` in place of the bad bytes
//! (Go keeps the bytes; label values must be UTF-8 in both).

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::proto::{self, MetricFamily, MetricType};
use crate::quote::{quoted_byte, quoted_bytes};

/// A syntax error, with the line it is on (Go's `ParseError`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// The line, counting from 1.
    pub line: usize,
    /// What is wrong.
    pub msg: String,
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "text format parsing error in line {}: {}", self.line, self.msg)
    }
}

impl std::error::Error for ParseError {}

/// Why the input could not be read (Go returns either kind as `error`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TextParseError {
    /// A syntax error.
    Parse(ParseError),
    /// A sample of a family of a type the text format has no samples for.
    UnexpectedType(String),
}

impl std::fmt::Display for TextParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TextParseError::Parse(err) => err.fmt(f),
            TextParseError::UnexpectedType(name) => {
                write!(
                    f,
                    "unexpected type for metric name {}",
                    quoted_bytes(name.as_bytes())
                )
            }
        }
    }
}

impl std::error::Error for TextParseError {}

/// Go's `p.err`: the end of the input, or an error.
#[derive(Clone, Debug)]
enum Stop {
    Eof,
    Failed(TextParseError),
}

/// The states of the parser, one per state function of Go's.
#[derive(Clone, Copy, Debug)]
enum State {
    StartOfLine,
    StartComment,
    ReadingMetricName,
    ReadingLabels,
    StartLabelName,
    StartLabelValue,
    ReadingValue,
    StartTimestamp,
    ReadingHelp,
    ReadingType,
}

/// Reads the text format into metric families (Go's `TextParser`).
#[derive(Debug, Default)]
pub struct TextParser {
    families: Vec<MetricFamily>,
    by_name: HashMap<String, usize>,
    input: Vec<u8>,
    pos: usize,
    err: Option<Stop>,
    line_count: usize,
    current_byte: u8,
    current_token: Vec<u8>,
    /// The family being read (an index into `families`).
    current_mf: usize,
    /// The sample being read, until its value is.
    current_metric: proto::Metric,
    /// Where its value went: its index in the family.
    current_index: usize,
    /// The label being read, and its index in `current_metric`'s labels
    /// (`None` for a summary's `quantile` or a histogram's `le`).
    current_label: (String, Option<usize>),
    /// All labels but `quantile` or `le`, for summaries and histograms.
    current_labels: BTreeMap<String, String>,
    /// The summaries and histograms read so far, by family and labels:
    /// their index in the family (Go keys them by a hash of the labels).
    grouped: HashMap<(usize, BTreeMap<String, String>), usize>,
    current_quantile: f64,
    current_bucket: f64,
    is_summary_count: bool,
    is_summary_sum: bool,
    is_histogram_count: bool,
    is_histogram_sum: bool,
}

impl TextParser {
    /// Go's `TextToMetricFamilies`: every family of `input`, by name. A
    /// family with a HELP or TYPE line but no sample is left out, as in Go.
    pub fn text_to_metric_families(
        &mut self,
        input: &[u8],
    ) -> Result<BTreeMap<String, MetricFamily>, TextParseError> {
        self.reset(input);
        let mut state = Some(State::StartOfLine);
        while let Some(s) = state {
            state = self.step(s);
        }
        let families = std::mem::take(&mut self.families);
        match self.err.take() {
            None => Ok(families
                .into_iter()
                .filter(|mf| !mf.metric.is_empty())
                .map(|mf| (mf.name().to_owned(), mf))
                .collect()),
            Some(Stop::Eof) => {
                Err(self.error("unexpected end of input stream".to_owned()))
            }
            Some(Stop::Failed(err)) => Err(err),
        }
    }

    fn reset(&mut self, input: &[u8]) {
        *self = TextParser {
            input: input.to_vec(),
            current_quantile: f64::NAN,
            current_bucket: f64::NAN,
            ..TextParser::default()
        };
    }

    fn step(&mut self, state: State) -> Option<State> {
        match state {
            State::StartOfLine => self.start_of_line(),
            State::StartComment => self.start_comment(),
            State::ReadingMetricName => self.reading_metric_name(),
            State::ReadingLabels => self.reading_labels(),
            State::StartLabelName => self.start_label_name(),
            State::StartLabelValue => self.start_label_value(),
            State::ReadingValue => self.reading_value(),
            State::StartTimestamp => self.start_timestamp(),
            State::ReadingHelp => self.reading_help(),
            State::ReadingType => self.reading_type(),
        }
    }

    fn start_of_line(&mut self) -> Option<State> {
        self.line_count += 1;
        self.skip_blank_tab();
        if self.err.is_some() {
            // The input ends between lines: done.
            self.err = None;
            return None;
        }
        match self.current_byte {
            b'#' => Some(State::StartComment),
            b'\n' => Some(State::StartOfLine),
            _ => Some(State::ReadingMetricName),
        }
    }

    fn start_comment(&mut self) -> Option<State> {
        self.skip_blank_tab();
        self.ok()?;
        if self.current_byte == b'\n' {
            return Some(State::StartOfLine);
        }
        self.read_token_until_whitespace();
        self.ok()?;
        if self.current_byte == b'\n' {
            return Some(State::StartOfLine);
        }
        let keyword = std::mem::take(&mut self.current_token);
        if keyword != b"HELP" && keyword != b"TYPE" {
            // Any other comment: skip to the end of the line.
            while self.current_byte != b'\n' {
                self.read_byte();
                self.ok()?;
            }
            return Some(State::StartOfLine);
        }
        self.skip_blank_tab();
        self.ok()?;
        self.read_token_as_metric_name();
        self.ok()?;
        if self.current_byte == b'\n' {
            return Some(State::StartOfLine);
        }
        if !is_blank_or_tab(self.current_byte) {
            return self.fail("invalid metric name in comment".to_owned());
        }
        self.set_or_create_current_mf();
        self.skip_blank_tab();
        self.ok()?;
        if self.current_byte == b'\n' {
            return Some(State::StartOfLine);
        }
        Some(if keyword == b"HELP" { State::ReadingHelp } else { State::ReadingType })
    }

    fn reading_metric_name(&mut self) -> Option<State> {
        self.read_token_as_metric_name();
        self.ok()?;
        if self.current_token.is_empty() {
            return self.fail("invalid metric name".to_owned());
        }
        self.set_or_create_current_mf();
        let mf = self.mf();
        if !mf.has_type() {
            mf.set_type(MetricType::UNTYPED);
        }
        self.current_metric = proto::Metric::new();
        self.skip_blank_tab_if_current_blank_tab();
        self.ok()?;
        Some(State::ReadingLabels)
    }

    fn reading_labels(&mut self) -> Option<State> {
        if self.grouped_type() {
            let name = self.mf().name().to_owned();
            self.current_labels = BTreeMap::from([("__name__".to_owned(), name)]);
            self.current_quantile = f64::NAN;
            self.current_bucket = f64::NAN;
        }
        Some(if self.current_byte == b'{' {
            State::StartLabelName
        } else {
            State::ReadingValue
        })
    }

    fn start_label_name(&mut self) -> Option<State> {
        self.skip_blank_tab();
        self.ok()?;
        if self.current_byte == b'}' {
            self.skip_blank_tab();
            self.ok()?;
            return Some(State::ReadingValue);
        }
        self.read_token_as_label_name();
        self.ok()?;
        if self.current_token.is_empty() {
            let name = self.quoted_mf();
            return self.fail(format!("invalid label name for metric {name}"));
        }
        // Label names are ASCII: read_token_as_label_name takes no other byte.
        let name = String::from_utf8_lossy(&self.current_token).into_owned();
        if name == "__name__" {
            return self.fail(r#"label name "__name__" is reserved"#.to_owned());
        }
        let kind = self.mf().type_();
        let special = (kind == MetricType::SUMMARY && name == "quantile")
            || (kind == MetricType::HISTOGRAM && name == "le");
        let index = (!special).then_some(self.current_metric.label.len());
        if !special {
            let mut pair = proto::LabelPair::new();
            pair.set_name(name.clone().into());
            self.current_metric.label.push(pair);
        }
        self.current_label = (name, index);
        self.skip_blank_tab_if_current_blank_tab();
        self.ok()?;
        if self.current_byte != b'=' {
            return self.fail(format!(
                "expected '=' after label name, found {}",
                quoted_byte(self.current_byte)
            ));
        }
        let mut names = HashSet::new();
        if !self.current_metric.label.iter().all(|l| names.insert(l.name())) {
            let name = self.quoted_mf();
            return self.fail(format!("duplicate label names for metric {name}"));
        }
        Some(State::StartLabelValue)
    }

    fn start_label_value(&mut self) -> Option<State> {
        self.skip_blank_tab();
        self.ok()?;
        if self.current_byte != b'"' {
            return self.fail(format!(
                "expected '\"' at start of label value, found {}",
                quoted_byte(self.current_byte)
            ));
        }
        self.read_token_as_label_value();
        self.ok()?;
        let Ok(value) = String::from_utf8(self.current_token.clone()) else {
            return self.fail(format!(
                "invalid label value {}",
                quoted_bytes(&self.current_token)
            ));
        };
        let (name, index) = self.current_label.clone();
        if let Some(i) = index {
            self.current_metric.label[i].set_value(value.clone().into());
        }
        if self.grouped_type() {
            let summary = self.mf().type_() == MetricType::SUMMARY;
            let special = if summary { "quantile" } else { "le" };
            if name == special {
                let Ok(bound) = parse_float(&value) else {
                    return self.fail(format!(
                        "expected float as value for '{special}' label, got {}",
                        quoted_bytes(value.as_bytes())
                    ));
                };
                *(if summary {
                    &mut self.current_quantile
                } else {
                    &mut self.current_bucket
                }) = bound;
            } else {
                self.current_labels.insert(name, value.clone());
            }
        }
        self.skip_blank_tab();
        self.ok()?;
        match self.current_byte {
            b',' => Some(State::StartLabelName),
            b'}' => {
                self.skip_blank_tab();
                self.ok()?;
                Some(State::ReadingValue)
            }
            _ => self.fail(format!(
                "unexpected end of label value {}",
                quoted_bytes(value.as_bytes())
            )),
        }
    }

    fn reading_value(&mut self) -> Option<State> {
        let metric = std::mem::take(&mut self.current_metric);
        self.current_index = self.place(metric);
        self.read_token_until_whitespace();
        self.ok()?;
        let token = String::from_utf8_lossy(&self.current_token).into_owned();
        let Ok(value) = parse_float(&token) else {
            return self.fail(format!(
                "expected float as value, got {}",
                quoted_bytes(&self.current_token)
            ));
        };
        self.set_value(value);
        Some(if self.current_byte == b'\n' {
            State::StartOfLine
        } else {
            State::StartTimestamp
        })
    }

    /// Puts a sample's metric into its family: appended, or for a summary
    /// or histogram, the one already there with its labels. Its index.
    fn place(&mut self, metric: proto::Metric) -> usize {
        let family = self.current_mf;
        if self.grouped_type() {
            let key = (family, self.current_labels.clone());
            if let Some(&index) = self.grouped.get(&key) {
                return index;
            }
            let index = self.family().metric.len();
            self.grouped.insert(key, index);
        }
        let mf = self.mf();
        mf.metric.push(metric);
        mf.metric.len() - 1
    }

    /// Writes a sample's value where its family's type puts it.
    fn set_value(&mut self, value: f64) {
        let (quantile, bucket) = (self.current_quantile, self.current_bucket);
        let flags = (
            self.is_summary_count,
            self.is_summary_sum,
            self.is_histogram_count,
            self.is_histogram_sum,
        );
        let index = self.current_index;
        let mf = &mut self.families[self.current_mf];
        let kind = mf.type_();
        let m = &mut mf.metric[index];
        match kind {
            MetricType::COUNTER => m.counter.mut_or_insert_default().set_value(value),
            MetricType::GAUGE => m.gauge.mut_or_insert_default().set_value(value),
            MetricType::UNTYPED => m.untyped.mut_or_insert_default().set_value(value),
            MetricType::SUMMARY => {
                let summary = m.summary.mut_or_insert_default();
                match flags {
                    (true, ..) => summary.set_sample_count(value as u64),
                    (_, true, ..) => summary.set_sample_sum(value),
                    _ if !quantile.is_nan() => {
                        let mut q = proto::Quantile::new();
                        q.set_quantile(quantile);
                        q.set_value(value);
                        summary.quantile.push(q);
                    }
                    _ => {}
                }
            }
            MetricType::HISTOGRAM => {
                let histogram = m.histogram.mut_or_insert_default();
                match flags {
                    (_, _, true, _) => histogram.set_sample_count(value as u64),
                    (_, _, _, true) => histogram.set_sample_sum(value),
                    _ if !bucket.is_nan() => {
                        let mut b = proto::Bucket::new();
                        b.set_upper_bound(bucket);
                        b.set_cumulative_count(value as u64);
                        histogram.bucket.push(b);
                    }
                    _ => {}
                }
            }
            // Go sets an error here that the next byte read overwrites: the
            // sample is kept, with no value.
            _ => {
                self.err = Some(Stop::Failed(TextParseError::UnexpectedType(
                    mf.name().to_owned(),
                )))
            }
        }
    }

    fn start_timestamp(&mut self) -> Option<State> {
        self.skip_blank_tab();
        self.ok()?;
        self.read_token_until_whitespace();
        self.ok()?;
        let token = String::from_utf8_lossy(&self.current_token).into_owned();
        let Ok(timestamp) = parse_int(&token) else {
            return self.fail(format!(
                "expected integer as timestamp, got {}",
                quoted_bytes(&self.current_token)
            ));
        };
        let index = self.current_index;
        self.mf().metric[index].set_timestamp_ms(timestamp);
        self.read_token_until_newline(false);
        self.ok()?;
        if !self.current_token.is_empty() {
            return self.fail(format!(
                "spurious string after timestamp: {}",
                quoted_bytes(&self.current_token)
            ));
        }
        Some(State::StartOfLine)
    }

    fn reading_help(&mut self) -> Option<State> {
        if self.mf().has_help() {
            let name = self.quoted_mf();
            return self.fail(format!("second HELP line for metric name {name}"));
        }
        self.read_token_until_newline(true);
        self.ok()?;
        let help = String::from_utf8_lossy(&self.current_token).into_owned();
        self.mf().set_help(help.into());
        Some(State::StartOfLine)
    }

    fn reading_type(&mut self) -> Option<State> {
        if self.mf().has_type() {
            let name = self.quoted_mf();
            return self.fail(format!(
                "second TYPE line for metric name {name}, or TYPE reported after samples"
            ));
        }
        self.read_token_until_newline(false);
        self.ok()?;
        let token = String::from_utf8_lossy(&self.current_token).to_uppercase();
        let Some(kind) = metric_type(&token) else {
            return self.fail(format!(
                "unknown metric type {}",
                quoted_bytes(&self.current_token)
            ));
        };
        self.mf().set_type(kind);
        Some(State::StartOfLine)
    }

    // ---- Go's helpers ----

    /// `None` (the state function returns nil) once an error or the end of
    /// the input has been met.
    fn ok(&self) -> Option<()> {
        self.err.is_none().then_some(())
    }

    /// Go's `parseError`: records the error; the parse stops.
    fn fail(&mut self, msg: String) -> Option<State> {
        self.err = Some(Stop::Failed(self.error(msg)));
        None
    }

    fn error(&self, msg: String) -> TextParseError {
        TextParseError::Parse(ParseError { line: self.line_count, msg })
    }

    /// Go's `buf.ReadByte`: the next byte, or 0 and the end of the input.
    /// Like Go's, it replaces whatever error was recorded.
    fn read_byte(&mut self) {
        match self.input.get(self.pos) {
            Some(&b) => {
                self.pos += 1;
                self.current_byte = b;
                self.err = None;
            }
            None => {
                self.current_byte = 0;
                self.err = Some(Stop::Eof);
            }
        }
    }

    fn skip_blank_tab(&mut self) {
        loop {
            self.read_byte();
            if self.err.is_some() || !is_blank_or_tab(self.current_byte) {
                return;
            }
        }
    }

    fn skip_blank_tab_if_current_blank_tab(&mut self) {
        if is_blank_or_tab(self.current_byte) {
            self.skip_blank_tab();
        }
    }

    fn read_token_until_whitespace(&mut self) {
        self.current_token.clear();
        while self.err.is_none()
            && !is_blank_or_tab(self.current_byte)
            && self.current_byte != b'\n'
        {
            self.current_token.push(self.current_byte);
            self.read_byte();
        }
    }

    fn read_token_until_newline(&mut self, escapes: bool) {
        self.current_token.clear();
        let mut escaped = false;
        while self.err.is_none() {
            if escapes && escaped {
                match self.current_byte {
                    b'\\' => self.current_token.push(b'\\'),
                    b'n' => self.current_token.push(b'\n'),
                    b => {
                        self.fail(format!(
                            "invalid escape sequence '\\{}'",
                            char::from(b)
                        ));
                        return;
                    }
                }
                escaped = false;
            } else {
                match self.current_byte {
                    b'\n' => return,
                    b'\\' => escaped = true,
                    b => self.current_token.push(b),
                }
            }
            self.read_byte();
        }
    }

    fn read_token_as_metric_name(&mut self) {
        self.read_token_while(is_metric_name_start, is_metric_name_continuation);
    }

    fn read_token_as_label_name(&mut self) {
        self.read_token_while(is_label_name_start, is_label_name_continuation);
    }

    /// A name: a first byte `start` accepts, then bytes `continuation` does.
    fn read_token_while(&mut self, start: fn(u8) -> bool, continuation: fn(u8) -> bool) {
        self.current_token.clear();
        if !start(self.current_byte) {
            return;
        }
        loop {
            self.current_token.push(self.current_byte);
            self.read_byte();
            if self.err.is_some() || !continuation(self.current_byte) {
                return;
            }
        }
    }

    fn read_token_as_label_value(&mut self) {
        self.current_token.clear();
        let mut escaped = false;
        loop {
            self.read_byte();
            if self.err.is_some() {
                return;
            }
            if escaped {
                match self.current_byte {
                    b @ (b'"' | b'\\') => self.current_token.push(b),
                    b'n' => self.current_token.push(b'\n'),
                    b => {
                        self.fail(format!(
                            "invalid escape sequence '\\{}'",
                            char::from(b)
                        ));
                        return;
                    }
                }
                escaped = false;
                continue;
            }
            match self.current_byte {
                b'"' => return,
                b'\n' => {
                    let value = quoted_bytes(&self.current_token);
                    self.fail(format!("label value {value} contains unescaped new-line"));
                    return;
                }
                b'\\' => escaped = true,
                b => self.current_token.push(b),
            }
        }
    }

    /// Go's `setOrCreateCurrentMF`: the family named by the current token,
    /// or the summary or histogram it is the `_count`, `_sum` or `_bucket`
    /// of, or a new one.
    fn set_or_create_current_mf(&mut self) {
        (self.is_summary_count, self.is_summary_sum) = (false, false);
        (self.is_histogram_count, self.is_histogram_sum) = (false, false);
        let name = String::from_utf8_lossy(&self.current_token).into_owned();
        if let Some(&index) = self.by_name.get(&name) {
            self.current_mf = index;
            return;
        }
        if let Some(&index) = self.by_name.get(summary_name(&name))
            && self.families[index].type_() == MetricType::SUMMARY
        {
            self.current_mf = index;
            (self.is_summary_count, self.is_summary_sum) =
                (is_count(&name), is_sum(&name));
            return;
        }
        if let Some(&index) = self.by_name.get(histogram_name(&name))
            && self.families[index].type_() == MetricType::HISTOGRAM
        {
            self.current_mf = index;
            (self.is_histogram_count, self.is_histogram_sum) =
                (is_count(&name), is_sum(&name));
            return;
        }
        let mut mf = MetricFamily::new();
        mf.set_name(name.clone().into());
        self.by_name.insert(name, self.families.len());
        self.current_mf = self.families.len();
        self.families.push(mf);
    }

    fn mf(&mut self) -> &mut MetricFamily {
        &mut self.families[self.current_mf]
    }

    fn family(&self) -> &MetricFamily {
        &self.families[self.current_mf]
    }

    /// Whether the current family is a summary or a histogram.
    fn grouped_type(&self) -> bool {
        matches!(self.family().type_(), MetricType::SUMMARY | MetricType::HISTOGRAM)
    }

    fn quoted_mf(&self) -> String {
        quoted_bytes(self.family().name().as_bytes())
    }
}

/// The type a TYPE line names (Go looks the upper-cased token up in
/// `MetricType_value`).
fn metric_type(upper: &str) -> Option<MetricType> {
    let types = [
        ("COUNTER", MetricType::COUNTER),
        ("GAUGE", MetricType::GAUGE),
        ("SUMMARY", MetricType::SUMMARY),
        ("UNTYPED", MetricType::UNTYPED),
        ("HISTOGRAM", MetricType::HISTOGRAM),
        ("GAUGE_HISTOGRAM", MetricType::GAUGE_HISTOGRAM),
    ];
    types.iter().find(|(name, _)| *name == upper).map(|(_, kind)| *kind)
}

fn is_label_name_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_'
}

fn is_label_name_continuation(b: u8) -> bool {
    is_label_name_start(b) || b.is_ascii_digit()
}

fn is_metric_name_start(b: u8) -> bool {
    is_label_name_start(b) || b == b':'
}

fn is_metric_name_continuation(b: u8) -> bool {
    is_label_name_continuation(b) || b == b':'
}

fn is_blank_or_tab(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

fn is_count(name: &str) -> bool {
    name.len() > 6 && name.ends_with("_count")
}

fn is_sum(name: &str) -> bool {
    name.len() > 4 && name.ends_with("_sum")
}

fn is_bucket(name: &str) -> bool {
    name.len() > 7 && name.ends_with("_bucket")
}

/// The summary a `_count` or `_sum` sample belongs to.
fn summary_name(name: &str) -> &str {
    match () {
        () if is_count(name) => &name[..name.len() - 6],
        () if is_sum(name) => &name[..name.len() - 4],
        () => name,
    }
}

/// The histogram a `_count`, `_sum` or `_bucket` sample belongs to.
fn histogram_name(name: &str) -> &str {
    match () {
        () if is_bucket(name) => &name[..name.len() - 7],
        () => summary_name(name),
    }
}

/// Go's `parseFloat`: `strconv.ParseFloat`, without `p` exponents or `_`.
fn parse_float(s: &str) -> Result<f64, ()> {
    if s.contains(['p', 'P', '_']) {
        return Err(());
    }
    go_parse_float(s)
}

/// Go's `strconv.ParseFloat(s, 64)` for what `parse_float` lets through:
/// decimal numbers, `inf`, `infinity` and `nan` in any case with an
/// optional sign (a hexadecimal float needs a `p` exponent, which
/// `parse_float` refuses, and Rust's parser takes none); a number too
/// large for an `f64` is an error, not an infinity (Rust's parser would
/// give the infinity).
fn go_parse_float(s: &str) -> Result<f64, ()> {
    let unsigned = s.strip_prefix(['+', '-']).unwrap_or(s);
    let special =
        ["inf", "infinity", "nan"].iter().any(|w| unsigned.eq_ignore_ascii_case(w));
    let value: f64 = s.parse().map_err(|_| ())?;
    if value.is_infinite() && !special {
        return Err(());
    }
    // Go's NaN has the lowest mantissa bit set, Rust's does not: the
    // parsed families must hold Go's bits.
    Ok(if value.is_nan() { f64::from_bits(GO_NAN) } else { value })
}

/// The bits of Go's `math.NaN()`, which `strconv.ParseFloat` returns.
const GO_NAN: u64 = 0x7FF8_0000_0000_0001;

/// Go's `strconv.ParseInt(s, 10, 64)`: Rust's parser takes the same
/// (decimal digits after an optional sign, within `i64`).
fn parse_int(s: &str) -> Result<i64, ()> {
    s.parse().map_err(|_| ())
}
