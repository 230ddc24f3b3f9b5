//! Serving metrics over HTTP, on hyper 1.x. Mirrors client_golang's
//! `promhttp` package: a handler for any [`Gatherer`](crate::Gatherer) with
//! Go's options, the handler's own instrumentation, and a small server.

mod compression;
mod handler;
mod instrument;
mod server;
mod timeout;

#[cfg(feature = "tls")]
pub(crate) use handler::plain_text;
pub use handler::{
    ErrorHandling, ErrorLog, Handler, HandlerOpts, MetricsResponse, handler_for,
};
pub use instrument::{InstrumentedHandler, instrument_metric_handler};
pub use server::{ServeOpts, bind, serve, serve_until, serve_with};
