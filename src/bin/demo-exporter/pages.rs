//! The exporter's HTTP routes: the index page, the health checks, the
//! metrics, and Go's 404 for everything else.

use std::sync::Arc;

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::header::{CONTENT_TYPE, HeaderValue};
use hyper::{Request, Response, StatusCode};
use promreg::http::{InstrumentedHandler, MetricsResponse};

/// What the routes need.
pub struct Site {
    pub telemetry_path: String,
    pub metrics: InstrumentedHandler,
}

// ANCHOR: route
/// Routes one request.
pub async fn route(site: Arc<Site>, req: Request<Incoming>) -> MetricsResponse {
    let path = req.uri().path();
    let response = if path == site.telemetry_path {
        site.metrics.handle(req.headers()).await
    } else {
        match path {
            "/" => html(index(&site.telemetry_path)),
            "/health" | "/healthz" => text(StatusCode::OK, "ok\n"),
            _ => text(StatusCode::NOT_FOUND, "404 page not found\n"),
        }
    };
    log_request(&req, &response);
    response
}
// ANCHOR_END: route

/// An access log line at debug level: what was asked for, what was sent.
fn log_request(req: &Request<Incoming>, response: &MetricsResponse) {
    let header = |h: Option<&HeaderValue>| {
        h.and_then(|v| v.to_str().ok()).unwrap_or("-").to_owned()
    };
    log::debug!(
        "{} {} {} accept={:?} content-type={:?}",
        req.method(),
        req.uri().path(),
        response.status().as_u16(),
        header(req.headers().get(hyper::header::ACCEPT)),
        header(response.headers().get(CONTENT_TYPE)),
    );
}

// ANCHOR: index
/// The index page: what this is, and where the metrics are.
fn index(telemetry_path: &str) -> String {
    let version = env!("CARGO_PKG_VERSION");
    format!(
        "<html>\n<head><title>Demo Exporter</title></head>\n\
         <body>\n<h1>Demo Exporter</h1>\n\
         <p>Version {version}, built on promreg.</p>\n\
         <p><a href=\"{telemetry_path}\">Metrics</a></p>\n\
         <p><a href=\"/healthz\">Health</a></p>\n</body>\n</html>\n"
    )
}
// ANCHOR_END: index

fn html(body: String) -> MetricsResponse {
    response(StatusCode::OK, "text/html; charset=utf-8", body)
}

fn text(status: StatusCode, body: &'static str) -> MetricsResponse {
    response(status, "text/plain; charset=utf-8", body.to_owned())
}

fn response(
    status: StatusCode,
    content_type: &'static str,
    body: String,
) -> MetricsResponse {
    let mut r = Response::new(Full::new(Bytes::from(body)));
    *r.status_mut() = status;
    r.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    r
}
