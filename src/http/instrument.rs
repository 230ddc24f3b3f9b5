//! The handler's own metrics: how many scrapes it answered, by status code,
//! and how many it is answering now. Mirrors promhttp's
//! `InstrumentMetricHandler` (`http.go`), which wraps the handler with
//! `InstrumentHandlerCounter` and `InstrumentHandlerInFlight`.

use hyper::header::HeaderMap;

use crate::gauge::Gauge;
use crate::http::handler::{Handler, MetricsResponse};
use crate::opts::Opts;
use crate::registry::Registry;
use crate::vec::CounterVec;

/// A [`Handler`] that counts its scrapes.
#[derive(Clone, Debug)]
pub struct InstrumentedHandler {
    inner: Handler,
    requests: CounterVec,
    in_flight: Gauge,
}

/// Go's `InstrumentMetricHandler`: registers
/// `promhttp_metric_handler_requests_total{code}` (codes 200, 500 and 503
/// start at zero) and `promhttp_metric_handler_requests_in_flight` with
/// `reg`, reusing them if they are registered already, and wraps `handler`.
///
/// Panics if `reg` holds other metrics under those names, as Go does.
pub fn instrument_metric_handler(
    reg: &Registry,
    handler: Handler,
) -> InstrumentedHandler {
    let requests = CounterVec::new(
        Opts::new(
            "promhttp_metric_handler_requests_total",
            "Total number of scrapes by HTTP status code.",
        ),
        &["code"],
    );
    for code in ["200", "500", "503"] {
        requests.with_label_values(&[code]);
    }
    let requests =
        reg.register_or_existing(requests).unwrap_or_else(|err| panic!("{err}"));
    let in_flight = Gauge::new(Opts::new(
        "promhttp_metric_handler_requests_in_flight",
        "Current number of scrapes being served.",
    ));
    let in_flight =
        reg.register_or_existing(in_flight).unwrap_or_else(|err| panic!("{err}"));
    InstrumentedHandler { inner: handler, requests, in_flight }
}

impl InstrumentedHandler {
    /// Answers one scrape, counting it by status code and while it runs.
    pub async fn handle(&self, headers: &HeaderMap) -> MetricsResponse {
        self.in_flight.inc();
        // Decrement even if the scrape panics (error handling PanicOnError).
        let _guard = InFlight(&self.in_flight);
        let response = self.inner.handle(headers).await;
        self.requests.with_label_values(&[response.status().as_str()]).inc();
        response
    }
}

struct InFlight<'a>(&'a Gauge);

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.dec();
    }
}
