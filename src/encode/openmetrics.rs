//! OpenMetrics 1.0 text: the format Prometheus prefers when the handler
//! offers it. Mirrors expfmt's `openmetrics_create.go` (prometheus/common
//! 0.39) byte for byte: counters named without `_total` in HELP and TYPE,
//! `unknown` for untyped families, integer counts, timestamps in seconds,
//! exemplars, and `# EOF` at the end (written by `Encoder::finish`).

use protobuf::well_known_types::timestamp::Timestamp;

use crate::encode::EncodeError;
use crate::encode::float::write_openmetrics_float;
use crate::encode::lines::{write_help, write_labels, write_type};
use crate::encode::{append_whole, family_type};
use crate::exemplar::{MAX_SECONDS, MIN_SECONDS};
use crate::proto::{self, Exemplar, MetricFamily, MetricType};

/// The last line of every OpenMetrics exposition.
pub(crate) const EOF: &[u8] = b"# EOF\n";

/// Go's `MetricFamilyToOpenMetrics`: appends `mf` to `out` and returns the
/// bytes written. Nothing is written on error.
pub fn metric_family_to_openmetrics(
    out: &mut Vec<u8>,
    mf: &MetricFamily,
) -> Result<usize, EncodeError> {
    append_whole(out, |out| write_family(out, mf))
}

// ANCHOR: write_family
fn write_family(out: &mut Vec<u8>, mf: &MetricFamily) -> Result<(), EncodeError> {
    let name = mf.name();
    if name.is_empty() {
        return Err(EncodeError::NoName(Box::new(mf.clone())));
    }
    let family_type = family_type(mf)?;
    // A counter `x_total` is the family `x` in OpenMetrics.
    let short_name = match family_type {
        MetricType::COUNTER => name.strip_suffix("_total").unwrap_or(name),
        _ => name,
    };
    if let Some(help) = &mf.help {
        write_help(out, short_name, help, true);
    }
    write_type(out, short_name, type_name(family_type, name));
    for m in &mf.metric {
        write_metric(out, name, family_type, m)?;
    }
    Ok(())
}
// ANCHOR_END: write_family

fn type_name(t: MetricType, name: &str) -> &'static str {
    match t {
        MetricType::COUNTER if name.ends_with("_total") => " counter\n",
        MetricType::COUNTER | MetricType::UNTYPED => " unknown\n",
        MetricType::GAUGE => " gauge\n",
        MetricType::SUMMARY => " summary\n",
        MetricType::HISTOGRAM | MetricType::GAUGE_HISTOGRAM => " histogram\n",
    }
}

/// A sample's value: floats for values and sums, integers for counts.
#[derive(Clone, Copy)]
enum Value {
    Float(f64),
    Count(u64),
}

fn missing(kind: &'static str, name: &str, m: &proto::Metric) -> EncodeError {
    EncodeError::MissingValue { kind, name: name.to_owned(), metric: Box::new(m.clone()) }
}

fn write_metric(
    out: &mut Vec<u8>,
    name: &str,
    t: MetricType,
    m: &proto::Metric,
) -> Result<(), EncodeError> {
    match t {
        MetricType::COUNTER => {
            let c = m.counter.as_ref().ok_or_else(|| missing("counter", name, m))?;
            write_sample(
                out,
                name,
                "",
                m,
                None,
                Value::Float(c.value()),
                c.exemplar.as_ref(),
            )?;
        }
        MetricType::GAUGE => {
            let g = m.gauge.as_ref().ok_or_else(|| missing("gauge", name, m))?;
            write_sample(out, name, "", m, None, Value::Float(g.value()), None)?;
        }
        MetricType::UNTYPED => {
            let u = m.untyped.as_ref().ok_or_else(|| missing("untyped", name, m))?;
            write_sample(out, name, "", m, None, Value::Float(u.value()), None)?;
        }
        MetricType::SUMMARY => {
            let s = m.summary.as_ref().ok_or_else(|| missing("summary", name, m))?;
            for q in &s.quantile {
                write_sample(
                    out,
                    name,
                    "",
                    m,
                    Some(("quantile", q.quantile())),
                    Value::Float(q.value()),
                    None,
                )?;
            }
            write_sample(out, name, "_sum", m, None, Value::Float(s.sample_sum()), None)?;
            write_sample(
                out,
                name,
                "_count",
                m,
                None,
                Value::Count(s.sample_count()),
                None,
            )?;
        }
        MetricType::HISTOGRAM | MetricType::GAUGE_HISTOGRAM => {
            let h = m.histogram.as_ref().ok_or_else(|| missing("histogram", name, m))?;
            write_histogram(out, name, m, h)?;
        }
    }
    Ok(())
}

fn write_histogram(
    out: &mut Vec<u8>,
    name: &str,
    m: &proto::Metric,
    h: &proto::Histogram,
) -> Result<(), EncodeError> {
    let mut inf_seen = false;
    for b in &h.bucket {
        let le = Some(("le", b.upper_bound()));
        write_sample(
            out,
            name,
            "_bucket",
            m,
            le,
            Value::Count(b.cumulative_count()),
            b.exemplar.as_ref(),
        )?;
        inf_seen |= b.upper_bound() == f64::INFINITY;
    }
    if !inf_seen {
        let le = Some(("le", f64::INFINITY));
        write_sample(out, name, "_bucket", m, le, Value::Count(h.sample_count()), None)?;
    }
    write_sample(out, name, "_sum", m, None, Value::Float(h.sample_sum()), None)?;
    write_sample(out, name, "_count", m, None, Value::Count(h.sample_count()), None)
}

/// One line: `name{labels} value[ timestamp][ # exemplar]`, the timestamp
/// in seconds.
fn write_sample(
    out: &mut Vec<u8>,
    name: &str,
    suffix: &str,
    m: &proto::Metric,
    extra: Option<(&str, f64)>,
    value: Value,
    exemplar: Option<&Exemplar>,
) -> Result<(), EncodeError> {
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(suffix.as_bytes());
    write_labels(out, &m.label, extra, write_openmetrics_float);
    out.push(b' ');
    match value {
        Value::Float(v) => write_openmetrics_float(out, v),
        Value::Count(n) => {
            out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes())
        }
    }
    if let Some(ms) = m.timestamp_ms {
        out.push(b' ');
        write_openmetrics_float(out, ms as f64 / 1000.0);
    }
    // A label-less exemplar is left out: OpenMetrics requires labels, and
    // Prometheus refuses the whole scrape without them. common 0.39 writes
    // `#  1.0`; later releases skip it (prometheus/common #569), as here.
    if let Some(e) = exemplar.filter(|e| !e.label.is_empty()) {
        write_exemplar(out, e)?;
    }
    out.push(b'\n');
    Ok(())
}

/// ` # {labels} value[ timestamp]`, as common 0.39 writes it.
fn write_exemplar(out: &mut Vec<u8>, e: &Exemplar) -> Result<(), EncodeError> {
    out.extend_from_slice(b" # ");
    write_labels(out, &e.label, None, write_openmetrics_float);
    out.push(b' ');
    write_openmetrics_float(out, e.value());
    if let Some(ts) = e.timestamp.as_ref() {
        check_timestamp(ts)?;
        out.push(b' ');
        let nanos = ts.seconds as i128 * 1_000_000_000 + i128::from(ts.nanos);
        write_openmetrics_float(out, nanos as i64 as f64 / 1e9);
    }
    Ok(())
}

/// protobuf's `Timestamp.CheckValid`: years 1 to 9999, nanos in range.
fn check_timestamp(ts: &Timestamp) -> Result<(), EncodeError> {
    let valid = (MIN_SECONDS..=MAX_SECONDS).contains(&ts.seconds)
        && (0..1_000_000_000).contains(&ts.nanos);
    if valid {
        Ok(())
    } else {
        Err(EncodeError::InvalidTimestamp { seconds: ts.seconds, nanos: ts.nanos })
    }
}
