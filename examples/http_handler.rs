//! The metrics handler answering requests in-process, as it answers
//! scrapes over HTTP: the negotiated format, gzip, and the handler's own
//! metrics.
//!
//! Run it: `cargo run --example http_handler`

use std::sync::Arc;

use hyper::header::{HeaderMap, HeaderValue};
use promreg::http::{HandlerOpts, handler_for, instrument_metric_handler};
use promreg::{Counter, Opts, Registry};

// ANCHOR: report
pub fn report() -> String {
    let reg = Arc::new(Registry::new());
    let served = Counter::new(Opts::new("pages_served_total", "Pages served."));
    served.add(7.0);
    reg.register(Box::new(served)).unwrap();
    let opts = HandlerOpts { enable_openmetrics: true, ..HandlerOpts::default() };
    let handler = instrument_metric_handler(&reg, handler_for(reg.clone(), opts));

    let runtime =
        tokio::runtime::Builder::new_current_thread().build().expect("a runtime");
    let mut out = String::new();
    for (accept, encoding) in [
        (None, None),
        (Some("application/openmetrics-text; version=0.0.1"), None),
        (None, Some("gzip")),
    ] {
        let mut headers = HeaderMap::new();
        if let Some(a) = accept {
            headers.insert("accept", HeaderValue::from_static(a));
        }
        if let Some(e) = encoding {
            headers.insert("accept-encoding", HeaderValue::from_static(e));
        }
        let response = runtime.block_on(handler.handle(&headers));
        out += &format!(
            "> Accept: {}, Accept-Encoding: {}\n",
            accept.unwrap_or("-"),
            encoding.unwrap_or("-")
        );
        out +=
            &format!("< {} {:?}", response.status(), response.headers()["content-type"]);
        if let Some(e) = response.headers().get("content-encoding") {
            out += &format!(" {e:?}");
        }
        let body = runtime
            .block_on(http_body_util::BodyExt::collect(response.into_body()))
            .unwrap()
            .to_bytes();
        match encoding {
            Some(_) => out += &format!("\n({} gzipped bytes)\n\n", body.len()),
            None => out += &format!("\n{}\n", String::from_utf8_lossy(&body)),
        }
    }
    out
}
// ANCHOR_END: report

#[allow(dead_code)] // the book's test includes this file for `report`
fn main() {
    print!("{}", report());
}
