//! The `/metrics` handler: gather, negotiate, encode, compress. Mirrors
//! `HandlerFor` and `HandlerOpts` of promhttp's `http.go` (client_golang
//! 1.14): the in-flight limit, the timeout, the three ways of handling a
//! failed gather, gzip, and the handler's own error counter.
//!
//! Gathering and encoding run on tokio's blocking pool, so a slow collector
//! or a large scrape never stalls the async workers serving other requests.
//! Unlike Go, a handler runs only a few scrapes at a time (one per CPU, at
//! least four, by default; more buy no throughput, only threads and
//! memory): the others
//! wait their turn, and one whose requester has gone by then (the timeout,
//! a disconnect) is never gathered.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::Full;
use hyper::header::{CONTENT_ENCODING, CONTENT_TYPE, HeaderMap, HeaderValue};
use hyper::{Response, StatusCode};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::encode::{EncodeError, negotiate, negotiate_including_openmetrics};
use crate::gather::Gatherer;
use crate::gather_error::GatherError;
use crate::http::compression::{gzip, gzip_accepted};
use crate::http::timeout::timeout_body;
use crate::opts::Opts;
use crate::registry::Registry;
use crate::vec::CounterVec;

/// What to do when gathering fails (Go's `HandlerErrorHandling`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ErrorHandling {
    /// Answer 500 with the error text; the default.
    #[default]
    HttpErrorOnError,
    /// Serve whatever was gathered; 500 only if that is nothing.
    ContinueOnError,
    /// Panic the request's task, as Go panics the request's goroutine. The
    /// connection is dropped; the server goes on serving others.
    PanicOnError,
}

/// A logger for the handler's errors (Go's `ErrorLog`).
pub type ErrorLog = Arc<dyn Fn(&str) + Send + Sync>;

/// Options of [`Handler`] (Go's `HandlerOpts`).
#[derive(Clone, Default)]
pub struct HandlerOpts {
    /// Where errors are logged; `None` logs nothing.
    pub error_log: Option<ErrorLog>,
    /// What to do when gathering fails.
    pub error_handling: ErrorHandling,
    /// If set, `promhttp_metric_handler_errors_total{cause}` is registered
    /// there and counts failed gathers and encodings.
    pub registry: Option<Arc<Registry>>,
    /// Never gzip, whatever the client accepts.
    pub disable_compression: bool,
    /// Concurrent scrapes allowed; more get 503. Zero means no limit (Go's
    /// default). A server open to more than Prometheus should set one:
    /// every scrape in flight holds a connection and, while it waits its
    /// turn, a little memory (demo-exporter's default is 40).
    pub max_requests_in_flight: usize,
    /// Scrapes gathered at the same time; the others wait (within the
    /// timeout). Zero means one per CPU, at least four: a few, so that one
    /// gather stuck in a collector does not hold up the next scrapes (as
    /// many stuck gathers as this do: set a timeout, and an in-flight
    /// limit, so that waiting scrapes are answered and do not pile up). Go
    /// gathers every scrape in flight at once: `usize::MAX` does that.
    pub max_concurrent_gathers: usize,
    /// Scrapes that take longer get 503 (the gather goes on). `None` means
    /// no timeout.
    pub timeout: Option<Duration>,
    /// Offer OpenMetrics to clients that prefer it.
    pub enable_openmetrics: bool,
}

/// Serves the metrics of a gatherer (Go's `HandlerFor`).
#[derive(Clone)]
pub struct Handler {
    gatherer: Arc<dyn Gatherer>,
    opts: HandlerOpts,
    in_flight: Option<Arc<Semaphore>>,
    /// Turns to gather.
    gathers: Arc<Semaphore>,
    errors: Option<CounterVec>,
}

impl std::fmt::Debug for HandlerOpts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HandlerOpts")
            .field("error_log", &self.error_log.as_ref().map(|_| "Fn(&str)"))
            .field("error_handling", &self.error_handling)
            .field("registry", &self.registry)
            .field("disable_compression", &self.disable_compression)
            .field("max_requests_in_flight", &self.max_requests_in_flight)
            .field("max_concurrent_gathers", &self.max_concurrent_gathers)
            .field("timeout", &self.timeout)
            .field("enable_openmetrics", &self.enable_openmetrics)
            .finish()
    }
}

impl std::fmt::Debug for Handler {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Handler").field("opts", &self.opts).finish_non_exhaustive()
    }
}

/// The answer to a scrape.
pub type MetricsResponse = Response<Full<Bytes>>;

/// Go's `HandlerFor`: a handler for `gatherer` with `opts`.
///
/// Panics if `opts.registry` holds a different metric of the error
/// counter's name (as Go does).
pub fn handler_for(gatherer: Arc<dyn Gatherer>, opts: HandlerOpts) -> Handler {
    let in_flight = (opts.max_requests_in_flight > 0)
        .then(|| Arc::new(Semaphore::new(opts.max_requests_in_flight)));
    let errors = opts.registry.as_ref().map(|reg| register_error_counter(reg));
    let gathers =
        Arc::new(Semaphore::new(concurrent_gathers(opts.max_concurrent_gathers)));
    Handler { gatherer, opts, in_flight, gathers, errors }
}

/// How many scrapes a handler gathers at once, for `max_concurrent_gathers`.
fn concurrent_gathers(max: usize) -> usize {
    match max {
        0 => std::thread::available_parallelism().map_or(1, usize::from).max(4),
        max => max.min(Semaphore::MAX_PERMITS),
    }
}

fn register_error_counter(reg: &Registry) -> CounterVec {
    let vec = CounterVec::new(
        Opts::new(
            "promhttp_metric_handler_errors_total",
            "Total number of internal errors encountered by the promhttp metric handler.",
        ),
        &["cause"],
    );
    vec.with_label_values(&["gathering"]);
    vec.with_label_values(&["encoding"]);
    reg.register_or_existing(vec).unwrap_or_else(|err| panic!("{err}"))
}

impl Handler {
    // ANCHOR: handle
    /// Answers one scrape whose request carried `headers`.
    pub async fn handle(&self, headers: &HeaderMap) -> MetricsResponse {
        let permit = match &self.in_flight {
            None => None,
            Some(sem) => match sem.clone().try_acquire_owned() {
                Ok(permit) => Some(permit),
                Err(_) => {
                    let n = self.opts.max_requests_in_flight;
                    let body = format!(
                        "Limit of concurrent requests reached ({n}), try again later.\n"
                    );
                    return plain_text(StatusCode::SERVICE_UNAVAILABLE, body);
                }
            },
        };
        let requester = Requester::default();
        let scrape = Scrape {
            handler: self.clone(),
            accept: header(headers, "accept"),
            accept_encoding: header(headers, "accept-encoding"),
            gone: requester.gone.clone(),
            _permit: permit,
        };
        let work = self.run_in_turn(scrape);
        let joined = match self.opts.timeout {
            None => work.await,
            Some(limit) => match tokio::time::timeout(limit, work).await {
                Ok(joined) => joined,
                Err(_) => {
                    return plain_text(
                        StatusCode::SERVICE_UNAVAILABLE,
                        timeout_body(limit),
                    );
                }
            },
        };
        match joined {
            Ok(response) => response,
            // PanicOnError: carry the panic into this request's task.
            Err(err) if err.is_panic() => std::panic::resume_unwind(err.into_panic()),
            Err(err) => plain_text(StatusCode::INTERNAL_SERVER_ERROR, format!("{err}\n")),
        }
    }
    // ANCHOR_END: handle

    /// Waits for a turn to gather, then runs `scrape` on the blocking pool.
    /// Dropped while waiting (the timeout, a disconnect), it never runs.
    async fn run_in_turn(
        &self,
        scrape: Scrape,
    ) -> Result<MetricsResponse, tokio::task::JoinError> {
        // The semaphore is never closed.
        let turn = self.gathers.clone().acquire_owned().await.ok();
        tokio::task::spawn_blocking(move || {
            let _turn = turn;
            scrape.run()
        })
        .await
    }

    fn log(&self, message: &str) {
        if let Some(log) = &self.opts.error_log {
            log(message);
        }
    }

    fn count_error(&self, cause: &str) {
        if let Some(errors) = &self.errors {
            errors.with_label_values(&[cause]).inc();
        }
    }
}

/// A header's value, whatever its bytes. Go negotiates on the bytes. Every
/// delimiter, space and value negotiation compares with is ASCII, and
/// replacing invalid UTF-8 never touches an ASCII byte, so the outcome is
/// Go's; refusing the whole header (`to_str`) would change it.
fn header(headers: &HeaderMap, name: &str) -> Option<String> {
    headers.get(name).map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
}

/// Tells a scrape's work, when dropped, that nobody waits for it any more:
/// the request answered, timed out or abandoned.
#[derive(Default)]
struct Requester {
    gone: Arc<AtomicBool>,
}

impl Drop for Requester {
    fn drop(&mut self) {
        self.gone.store(true, Ordering::Relaxed);
    }
}

/// One scrape's work, done on the blocking pool. The in-flight permit goes
/// with it: a scrape that timed out still counts until its gather ends.
struct Scrape {
    handler: Handler,
    accept: Option<String>,
    accept_encoding: Option<String>,
    /// Set once nobody waits for the answer; the flag publishes nothing
    /// else, so `Relaxed` does.
    gone: Arc<AtomicBool>,
    _permit: Option<OwnedSemaphorePermit>,
}

impl Scrape {
    // ANCHOR: run
    fn run(self) -> MetricsResponse {
        if self.requester_gone() {
            return nobody_waits();
        }
        let h = &self.handler;
        let format = if h.opts.enable_openmetrics {
            negotiate_including_openmetrics(self.accept.as_deref())
        } else {
            negotiate(self.accept.as_deref())
        };
        let mut body = Vec::new();
        if let Err(err) = h.gatherer.write_scrape(&mut body, format) {
            let nothing_gathered = body.is_empty() && err.encode.is_empty();
            if let Some(gather) = &err.gather
                && let Some(response) = self.gathering_failed(gather, nothing_gathered)
            {
                return response;
            }
            for failure in &err.encode {
                if self.encoding_failed(&failure.error) {
                    // Stop at the first family that failed, as Go does.
                    body.truncate(failure.at);
                    break;
                }
            }
        }
        format.append_end(&mut body);
        if self.requester_gone() {
            return nobody_waits();
        }
        let mut response = Response::new(Full::new(Bytes::new()));
        response
            .headers_mut()
            .insert(CONTENT_TYPE, HeaderValue::from_static(format.content_type()));
        let body = if !h.opts.disable_compression
            && gzip_accepted(self.accept_encoding.as_deref())
        {
            response
                .headers_mut()
                .insert(CONTENT_ENCODING, HeaderValue::from_static("gzip"));
            gzip(&body)
        } else {
            body
        };
        *response.body_mut() = Full::new(Bytes::from(body));
        response
    }
    // ANCHOR_END: run

    fn requester_gone(&self) -> bool {
        self.gone.load(Ordering::Relaxed)
    }

    /// Logs and counts a gather error; the error response, if the error
    /// handling wants one.
    fn gathering_failed(
        &self,
        err: &GatherError,
        nothing_gathered: bool,
    ) -> Option<MetricsResponse> {
        let h = &self.handler;
        let message = err.to_string();
        h.log(&format!("error gathering metrics: {message}"));
        h.count_error("gathering");
        match h.opts.error_handling {
            ErrorHandling::HttpErrorOnError => Some(http_error(&message)),
            ErrorHandling::ContinueOnError if nothing_gathered => {
                Some(http_error(&message))
            }
            ErrorHandling::ContinueOnError => None,
            ErrorHandling::PanicOnError => panic!("{message}"),
        }
    }

    fn encoding_failed(&self, err: &EncodeError) -> bool {
        let h = &self.handler;
        h.log(&format!("error encoding and sending metric family: {err}"));
        h.count_error("encoding");
        match h.opts.error_handling {
            ErrorHandling::HttpErrorOnError => true,
            ErrorHandling::ContinueOnError => false,
            ErrorHandling::PanicOnError => panic!("{err}"),
        }
    }
}

/// What a scrape nobody waits for returns: nothing, not compressed.
fn nobody_waits() -> MetricsResponse {
    Response::new(Full::new(Bytes::new()))
}

fn http_error(message: &str) -> MetricsResponse {
    let body = format!("An error has occurred while serving metrics:\n\n{message}\n");
    plain_text(StatusCode::INTERNAL_SERVER_ERROR, body)
}

/// A plain-text answer, with the headers Go's `http.Error` sets.
pub(crate) fn plain_text(status: StatusCode, body: String) -> MetricsResponse {
    let mut response = Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    headers.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
    response
}
