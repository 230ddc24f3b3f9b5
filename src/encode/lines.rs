//! What the text format and OpenMetrics write alike: the HELP and TYPE
//! lines, label sets, and escaping. Both of expfmt's encoders
//! (`text_create.go`, `openmetrics_create.go`) write these the same way,
//! but for one thing: OpenMetrics escapes double quotes in HELP too.

use crate::proto::LabelPair;

/// `# HELP name help\n`, the help escaped (double quotes too if `quotes`).
pub(crate) fn write_help(out: &mut Vec<u8>, name: &str, help: &str, quotes: bool) {
    out.extend_from_slice(b"# HELP ");
    out.extend_from_slice(name.as_bytes());
    out.push(b' ');
    escape(out, help, quotes);
    out.push(b'\n');
}

/// `# TYPE name` followed by `type_line`, which is ` counter\n` or alike.
pub(crate) fn write_type(out: &mut Vec<u8>, name: &str, type_line: &str) {
    out.extend_from_slice(b"# TYPE ");
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(type_line.as_bytes());
}

/// `{a="1",b="2"}` in the order given, plus `le` or `quantile` last (its
/// value written by `float`); nothing at all when there are no labels.
pub(crate) fn write_labels(
    out: &mut Vec<u8>,
    labels: &[LabelPair],
    extra: Option<(&str, f64)>,
    float: fn(&mut Vec<u8>, f64),
) {
    if labels.is_empty() && extra.is_none() {
        return;
    }
    let separator = write_label_pairs(out, labels);
    if let Some((name, value)) = extra {
        out.push(separator);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(b"=\"");
        float(out, value);
        out.push(b'"');
    }
    out.push(b'}');
}

/// `{a="1",b="2"` (values escaped), without the closing brace; returns
/// what must come before another label: `{` if there were none, else `,`.
pub(super) fn write_label_pairs(out: &mut Vec<u8>, labels: &[LabelPair]) -> u8 {
    let mut separator = b'{';
    for pair in labels {
        out.push(separator);
        out.extend_from_slice(pair.name().as_bytes());
        out.extend_from_slice(b"=\"");
        escape(out, pair.value(), true);
        out.push(b'"');
        separator = b',';
    }
    separator
}

/// Backslash and newline are escaped everywhere; double quotes only in
/// label values (HELP text keeps them as they are).
pub(super) fn escape(out: &mut Vec<u8>, s: &str, quotes: bool) {
    let special = |b: &u8| *b == b'\\' || *b == b'\n' || (quotes && *b == b'"');
    if !s.as_bytes().iter().any(special) {
        // The common case: nothing to escape, one copy.
        out.extend_from_slice(s.as_bytes());
        return;
    }
    for &b in s.as_bytes() {
        match b {
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'"' if quotes => out.extend_from_slice(b"\\\""),
            _ => out.push(b),
        }
    }
}
