//! Descriptors and their hashes: the id (name and const label values) and
//! the dimension hash (help and label names), as the registry sees them.
//!
//! Run it: `cargo run --example descs`

use promreg::{Desc, Labels, labels};

// ANCHOR: report
pub fn report() -> String {
    let descs = [
        Desc::new("http_requests_total", "Requests.", &["code"], Labels::new()),
        Desc::new(
            "http_requests_total",
            "Requests.",
            &["code"],
            labels! {"env" => "prod"},
        ),
        Desc::new(
            "http_requests_total",
            "Requests.",
            &["code"],
            labels! {"zone" => "prod"},
        ),
        Desc::new("http_requests_total", "Other help.", &["code"], Labels::new()),
        Desc::new("http-requests", "Requests.", &[], Labels::new()),
        Desc::new("ok", "h", &["__reserved"], Labels::new()),
        Desc::new("ok", "h", &["a"], labels! {"a" => "1"}),
    ];
    let mut out = String::new();
    for d in &descs {
        out += &format!("{d}\n  id {:#018x}  dim_hash {:#018x}", d.id(), d.dim_hash());
        if let Some(err) = d.err() {
            out += &format!("\n  error: {err}");
        }
        out += "\n";
    }
    out
}
// ANCHOR_END: report

#[allow(dead_code)] // the book's test includes this file for `report`
fn main() {
    print!("{}", report());
}
