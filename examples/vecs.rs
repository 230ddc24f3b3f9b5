//! A counter vec: one series per label values, created on first use;
//! currying, deleting, and deleting by partial match.
//!
//! Run it: `cargo run --example vecs`

use promreg::{CounterVec, Opts, Registry, encode, labels};

// ANCHOR: report
pub fn report() -> String {
    let requests = CounterVec::new(
        Opts::new("http_requests_total", "Requests."),
        &["code", "method"],
    );
    requests.with_label_values(&["200", "GET"]).add(3.0);
    requests.with_label_values(&["404", "GET"]).inc();
    requests.with(&labels! {"code" => "500", "method" => "POST"}).inc();

    // Curried: `method` fixed, only `code` left to give.
    let puts = requests.must_curry_with(&labels! {"method" => "PUT"});
    puts.with_label_values(&["201"]).add(2.0);
    puts.with_label_values(&["409"]).inc();

    let mut out = String::new();
    out +=
        &format!("delete 404 GET: {}\n", requests.delete_label_values(&["404", "GET"]));
    out +=
        &format!("delete it again: {}\n", requests.delete_label_values(&["404", "GET"]));
    out += &format!(
        "wrong count: {}\n",
        requests.get_metric_with_label_values(&["200"]).err().unwrap()
    );
    out += &format!(
        "curry twice: {}\n",
        puts.curry_with(&labels! {"method" => "GET"}).err().unwrap()
    );
    let gone = requests.delete_partial_match(&labels! {"code" => "409"});
    out += &format!("deleted by partial match code=409: {gone}\n\n");

    let reg = Registry::new();
    reg.register(Box::new(requests)).unwrap();
    let mut text = Vec::new();
    let mut enc = encode::Encoder::new(&mut text, encode::Format::Text);
    for mf in &reg.gather().unwrap() {
        enc.encode(mf).unwrap();
    }
    out + &String::from_utf8(text).unwrap()
}
// ANCHOR_END: report

#[allow(dead_code)] // the book's test includes this file for `report`
fn main() {
    print!("{}", report());
}
