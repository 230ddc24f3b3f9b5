//! One small registry in every exposition format, and which format a few
//! typical `Accept` headers get.
//!
//! Run it: `cargo run --example encoders`

use promreg::encode::{Encoder, Format, negotiate_including_openmetrics};
use promreg::{Counter, Histogram, HistogramOpts, Opts, Registry};

// ANCHOR: report
pub fn report() -> String {
    let reg = Registry::new();
    let jobs = Counter::new(
        Opts::new("jobs_total", "Jobs done.").const_label("queue", "a \"quoted\" name"),
    );
    jobs.add(42.0);
    let took = Histogram::new(
        HistogramOpts::new("job_seconds", "Job time.").buckets(vec![0.5, 1.0]),
    );
    for v in [0.2, 0.7, 3.0] {
        took.observe(v);
    }
    reg.register(Box::new(jobs)).unwrap();
    reg.register(Box::new(took)).unwrap();
    let families = reg.gather().unwrap();

    let mut out = String::new();
    for (title, format) in
        [("text 0.0.4", Format::Text), ("OpenMetrics", Format::OpenMetrics)]
    {
        out += &format!("--- {title} ({})\n", format.content_type());
        out += &String::from_utf8(encode(&families, format)).unwrap();
    }
    out += &format!("--- protobuf ({})\n", Format::ProtoDelim.content_type());
    for line in encode(&families, Format::ProtoDelim).chunks(24) {
        out += &line.iter().map(|b| format!("{b:02x}")).collect::<Vec<_>>().join(" ");
        out += "\n";
    }
    out += "--- negotiation\n";
    for accept in [
        None,
        Some("*/*"),
        Some(
            "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1",
        ),
        Some(
            "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.7,text/plain;version=0.0.4;q=0.3",
        ),
        Some("text/html,garbage;;"),
    ] {
        out += &format!(
            "{:?}\n    -> {}\n",
            accept,
            negotiate_including_openmetrics(accept).content_type()
        );
    }
    out
}

fn encode(families: &[promreg::proto::MetricFamily], format: Format) -> Vec<u8> {
    let mut enc = Encoder::new(Vec::new(), format);
    for mf in families {
        enc.encode(mf).expect("gathered families encode");
    }
    enc.finish().expect("writing to a Vec cannot fail")
}
// ANCHOR_END: report

#[allow(dead_code)] // the book's test includes this file for `report`
fn main() {
    print!("{}", report());
}
