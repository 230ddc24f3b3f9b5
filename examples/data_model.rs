//! One scrape's protobuf, decoded field by field: what a `MetricFamily`, a
//! `Metric` and a `LabelPair` are on the wire. The decoder here is the
//! protobuf wire format by hand (tags, varints, lengths, fixed64 doubles),
//! with the field names of client_model's `metrics.proto`.
//!
//! Run it: `cargo run --example data_model`

use promreg::encode::Format;
use promreg::{CounterVec, Gauge, Opts, Registry};

// ANCHOR: report
pub fn report() -> String {
    let reg = Registry::new();
    let requests =
        CounterVec::new(Opts::new("requests_total", "Requests served."), &["method"]);
    requests.with_label_values(&["get"]).add(3.0);
    let queue = Gauge::new(
        Opts::new("queue_length", "Jobs waiting.").const_label("queue", "mail"),
    );
    queue.set(2.5);
    reg.register(Box::new(requests)).unwrap();
    reg.register(Box::new(queue)).unwrap();

    let mut bytes = Vec::new();
    for family in reg.gather().unwrap() {
        Format::ProtoDelim.append(&mut bytes, &family).unwrap();
    }
    let mut out = format!("{} bytes:\n", bytes.len());
    for line in bytes.chunks(24) {
        out += &format!("{}\n", hex(line));
    }
    out += "decoded:\n";
    let mut at = 0;
    while at < bytes.len() {
        let (len, n) = varint(&bytes[at..]);
        out += &format!(
            "{}  length prefix: a MetricFamily of {len} bytes\n",
            hex(&bytes[at..at + n])
        );
        at += n;
        decode(&bytes[at..at + len as usize], "MetricFamily", 1, &mut out);
        at += len as usize;
    }
    out
}
// ANCHOR_END: report

/// Field names and kinds of the messages one scrape of counters and
/// gauges holds (client_model's `metrics.proto`).
fn field(message: &str, number: u64) -> (&'static str, Kind) {
    match (message, number) {
        ("MetricFamily", 1) => ("name", Kind::Text),
        ("MetricFamily", 2) => ("help", Kind::Text),
        ("MetricFamily", 3) => {
            ("type", Kind::Enum(&["COUNTER", "GAUGE", "SUMMARY", "UNTYPED", "HISTOGRAM"]))
        }
        ("MetricFamily", 4) => ("metric", Kind::Message("Metric")),
        ("Metric", 1) => ("label", Kind::Message("LabelPair")),
        ("Metric", 2) => ("gauge", Kind::Message("Gauge")),
        ("Metric", 3) => ("counter", Kind::Message("Counter")),
        ("LabelPair", 1) => ("name", Kind::Text),
        ("LabelPair", 2) => ("value", Kind::Text),
        ("Gauge" | "Counter", 1) => ("value", Kind::Double),
        _ => ("?", Kind::Unknown),
    }
}

enum Kind {
    Text,
    Enum(&'static [&'static str]),
    Message(&'static str),
    Double,
    Unknown,
}

/// Writes each field of `message` (its bytes in `buf`), one line each,
/// nested messages indented below their field.
fn decode(buf: &[u8], message: &str, depth: usize, out: &mut String) {
    let indent = "  ".repeat(depth);
    let mut at = 0;
    while at < buf.len() {
        let (tag, n) = varint(&buf[at..]);
        let (number, wire_type) = (tag >> 3, tag & 7);
        let (name, kind) = field(message, number);
        let head = &buf[at..at + n];
        at += n;
        match (wire_type, kind) {
            (0, kind) => {
                let (v, m) = varint(&buf[at..]);
                let shown = match kind {
                    Kind::Enum(names) => {
                        format!("{v} ({})", names.get(v as usize).unwrap_or(&"?"))
                    }
                    _ => v.to_string(),
                };
                *out += &format!(
                    "{indent}{} {}  {message}.{name} (field {number}, varint) = {shown}\n",
                    hex(head),
                    hex(&buf[at..at + m])
                );
                at += m;
            }
            (1, _) => {
                let v = f64::from_le_bytes(buf[at..at + 8].try_into().unwrap());
                *out += &format!(
                    "{indent}{} {}  {message}.{name} (field {number}, 64-bit double) = {v}\n",
                    hex(head),
                    hex(&buf[at..at + 8])
                );
                at += 8;
            }
            (2, kind) => {
                let (len, m) = varint(&buf[at..]);
                let body = &buf[at + m..at + m + len as usize];
                let prefix = format!("{indent}{} {}", hex(head), hex(&buf[at..at + m]));
                match kind {
                    Kind::Message(inner) => {
                        *out += &format!(
                            "{prefix}  {message}.{name} (field {number}): a {inner} of {len} bytes\n"
                        );
                        decode(body, inner, depth + 1, out);
                    }
                    _ => {
                        let text = String::from_utf8_lossy(body);
                        *out += &format!(
                            "{prefix}  {message}.{name} (field {number}, {len} bytes) = {text:?}\n"
                        );
                    }
                }
                at += m + len as usize;
            }
            _ => panic!("wire type {wire_type} does not occur in this scrape"),
        }
    }
}

/// A base-128 varint: its value and how many bytes it took.
fn varint(buf: &[u8]) -> (u64, usize) {
    let mut value = 0;
    for (i, b) in buf.iter().enumerate() {
        value |= u64::from(b & 0x7f) << (7 * i);
        if b & 0x80 == 0 {
            return (value, i + 1);
        }
    }
    panic!("a varint runs off the end")
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect::<Vec<_>>().join(" ")
}

#[allow(dead_code)]
fn main() {
    print!("{}", report());
}
