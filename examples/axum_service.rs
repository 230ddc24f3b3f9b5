//! Embedding promreg in a service that already has a router: an axum app
//! whose own routes are instrumented with a counter vec and a histogram
//! (with exemplars carrying the requests' trace IDs),
//! and which adds `/metrics` with promreg's handler (the same handler
//! `demo-exporter` serves, with Go's negotiation, gzip and error handling).
//!
//! Run it: `cargo run --example axum_service [ADDRESS]` (default
//! `127.0.0.1:3000`; port 0 picks a free one), then
//! `curl localhost:3000/items` and `curl localhost:3000/metrics`.

use std::sync::Arc;
use std::time::Instant;

use axum::Router;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::routing::get;
use promreg::http::{HandlerOpts, handler_for, instrument_metric_handler};
use promreg::{CounterVec, HistogramOpts, HistogramVec, Opts, Registry, labels};

/// What the app's handlers share: the app's own metrics.
#[derive(Clone)]
struct AppMetrics {
    requests: CounterVec,
    latency: HistogramVec,
}

/// A route of the app. A request that carries a trace ID (`x-trace-id`
/// here, for brevity; a traced service would take it from its tracing
/// context) leaves it as an exemplar on the request counter and on the
/// latency bucket, so a dashboard can jump from the metric to the trace.
async fn items(State(metrics): State<AppMetrics>, headers: HeaderMap) -> &'static str {
    let start = Instant::now();
    let body = "apples\npears\n";
    let requests = metrics.requests.with_label_values(&["/items", "200"]);
    let latency = metrics.latency.with_label_values(&["/items"]);
    let seconds = start.elapsed().as_secs_f64();
    let trace = headers
        .get("x-trace-id")
        .and_then(|v| v.to_str().ok())
        .map(|id| labels! {"trace_id" => id});
    // The `try_` forms: a trace ID a client sent may be too long, and
    // must not panic the handler; the request is then counted without it.
    match trace {
        Some(trace) if requests.try_add_with_exemplar(1.0, &trace).is_ok() => {
            let _ = latency.try_observe_with_exemplar(seconds, &trace);
        }
        _ => {
            requests.inc();
            latency.observe(seconds);
        }
    }
    body
}

async fn index() -> &'static str {
    "an app with /items and /metrics\n"
}

fn app(registry: &Arc<Registry>) -> Router {
    let metrics = AppMetrics {
        requests: CounterVec::new(
            Opts::new("app_requests_total", "Requests by route and code."),
            &["route", "code"],
        ),
        latency: HistogramVec::new(
            HistogramOpts::new("app_request_seconds", "Request latency."),
            &["route"],
        ),
    };
    registry.must_register([
        Box::new(metrics.requests.clone()) as _,
        Box::new(metrics.latency.clone()) as _,
    ]);
    let opts = HandlerOpts {
        enable_openmetrics: true,
        registry: Some(registry.clone()),
        ..HandlerOpts::default()
    };
    let scrapes =
        instrument_metric_handler(registry, handler_for(registry.clone(), opts));
    let metrics_route = get(move |headers: HeaderMap| {
        let scrapes = scrapes.clone();
        async move { scrapes.handle(&headers).await }
    });
    Router::new()
        .route("/", get(index))
        .route("/items", get(items))
        .with_state(metrics)
        .route("/metrics", metrics_route)
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let address = std::env::args().nth(1).unwrap_or_else(|| "127.0.0.1:3000".to_owned());
    let registry = Arc::new(Registry::new());
    let listener = tokio::net::TcpListener::bind(&address).await?;
    println!("listening on {}", listener.local_addr()?);
    axum::serve(listener, app(&registry)).await
}
