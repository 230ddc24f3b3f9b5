//! Counters and gauges: whole-number increments on the integer fast path,
//! fractions on the float, and what a scrape shows.
//!
//! Run it: `cargo run --example counters`

use promreg::{Counter, Gauge, Opts, Registry, encode};

// ANCHOR: report
pub fn report() -> String {
    let reg = Registry::new();
    let requests =
        Counter::new(Opts::new("requests_total", "Requests served.").namespace("shop"));
    let bytes =
        Counter::new(Opts::new("sent_bytes_total", "Bytes sent.").namespace("shop"));
    let queue = Gauge::new(Opts::new("queue_length", "Jobs waiting.").namespace("shop"));
    reg.register(Box::new(requests.clone())).unwrap();
    reg.register(Box::new(bytes.clone())).unwrap();
    reg.register(Box::new(queue.clone())).unwrap();

    for _ in 0..1000 {
        requests.inc(); // one atomic add on the integer part
    }
    bytes.add(1500.0); // a whole number: the integer part too
    bytes.add(0.25); // a fraction: the float part, by compare-and-swap
    queue.set(3.0);
    queue.inc();
    queue.sub(1.5);

    let mut out = Vec::new();
    let mut enc = encode::Encoder::new(&mut out, encode::Format::Text);
    for mf in &reg.gather().unwrap() {
        enc.encode(mf).unwrap();
    }
    String::from_utf8(out).unwrap()
}
// ANCHOR_END: report

#[allow(dead_code)] // the book's test includes this file for `report`
fn main() {
    print!("{}", report());
}
