//! What a web configuration puts in front of the server: the TLS handshake
//! of each connection and the checks of each request. Mirrors exporter-
//! toolkit's `Serve` (`web/tls_config.go`: the file checked at start, TLS
//! or not decided then, the TLS settings read again on every handshake)
//! and `webHandler` (`web/handler.go`: the file read again on every
//! request, headers set, basic auth checked).

use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::Full;
use hyper::header::{AUTHORIZATION, HeaderName, HeaderValue, WWW_AUTHENTICATE};
use hyper::{Request, Response, StatusCode};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_rustls::LazyConfigAcceptor;
use tokio_rustls::server::TlsStream;

use crate::http::ErrorLog;
use crate::http::plain_text;
use crate::web::basic_auth::{BasicAuth, validate_users};
use crate::web::config::{WebConfig, WebConfigError, header_value_sent};
use crate::web::tls::{
    NO_TLS_CONFIG, check_http2_cipher_suites, departures, go_checks, server_config,
};

/// The web configuration of one server.
pub(crate) struct Gate {
    path: PathBuf,
    /// Whether connections are TLS: decided once, at start, as Go does.
    tls: bool,
    auth: BasicAuth,
    error_log: Option<ErrorLog>,
}

// ANCHOR: validate
/// Checks a web configuration file as exporter-toolkit's `Validate` does:
/// the file parses, every password hash is one bcrypt reads, and the TLS
/// settings (if any) make a TLS configuration: certificate and key load,
/// the client CA file reads. A file without TLS settings is valid (plain
/// HTTP, perhaps with basic auth).
pub fn validate(path: &Path) -> Result<WebConfig, WebConfigError> {
    let config = WebConfig::load(path)?;
    validate_users(&config.basic_auth_users)?;
    let loaded = match go_checks(&config) {
        Err(err) if err.0 == NO_TLS_CONFIG => return Ok(config),
        other => other?,
    };
    // Go's HTTP/2 makes its check once, when the TLS server starts, after
    // exporter-toolkit's own; then what rustls cannot do.
    if config.http_server_config.http2 {
        check_http2_cipher_suites(&config.tls_server_config)?;
    }
    loaded.into_rustls(&config.tls_server_config)?;
    Ok(config)
}
// ANCHOR_END: validate

impl Gate {
    /// The gate of a server started with the file at `path`, refused if the
    /// file is not valid.
    pub(crate) fn start(
        path: &Path,
        error_log: Option<ErrorLog>,
    ) -> Result<Gate, WebConfigError> {
        let config = validate(path)?;
        // What rustls leaves out of the file, said once, at start.
        if let Some(log) = &error_log {
            for departure in departures(&config) {
                log(&format!("web config {}: {departure}", path.display()));
            }
        }
        let auth = BasicAuth::default();
        Ok(Gate { path: path.to_owned(), tls: config.tls_enabled(), auth, error_log })
    }

    /// Whether connections must complete a TLS handshake.
    pub(crate) fn tls(&self) -> bool {
        self.tls
    }

    // ANCHOR: handshake
    /// The TLS handshake of one connection, with the TLS settings the file
    /// holds now (Go's `GetConfigForClient`): a renewed certificate is
    /// served from the next connection on.
    pub(crate) async fn handshake(
        &self,
        mut stream: TcpStream,
    ) -> Result<TlsStream<TcpStream>, String> {
        if plain_http(&stream).await {
            // Go's server answers so, which tells an operator at once what is wrong.
            let _ = stream
                .write_all(b"HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n")
                .await;
            // Close our side, then take in the unread request, so that the
            // close is a clean one and not a reset that loses the answer.
            let _ = stream.shutdown().await;
            let mut sink = [0u8; 4096];
            let _ =
                tokio::time::timeout(Duration::from_millis(100), stream.read(&mut sink))
                    .await;
            return Err(
                "TLS handshake error: client sent an HTTP request to an HTTPS server"
                    .into(),
            );
        }
        let acceptor =
            LazyConfigAcceptor::new(rustls::server::Acceptor::default(), stream);
        let start =
            acceptor.await.map_err(|err| format!("TLS handshake error: {err}"))?;
        let config = WebConfig::load(&self.path)
            .and_then(|config| server_config(&config))
            .map_err(|err| {
                format!("TLS handshake error: reading {}: {err}", self.path.display())
            })?;
        start
            .into_stream(Arc::new(config))
            .await
            .map_err(|err| format!("TLS handshake error: {err}"))
    }
    // ANCHOR_END: handshake

    // ANCHOR: serve
    /// Answers one request: the file read again (a file gone bad is a 500
    /// and a log line), its headers added, its users' credentials required.
    pub(crate) async fn serve<F, Fut>(
        self: Arc<Self>,
        req: Request<hyper::body::Incoming>,
        handle: F,
    ) -> Response<Full<Bytes>>
    where
        F: Fn(Request<hyper::body::Incoming>) -> Fut,
        Fut: Future<Output = Response<Full<Bytes>>>,
    {
        let config = match WebConfig::load(&self.path) {
            Ok(config) => config,
            Err(err) => {
                if let Some(log) = &self.error_log {
                    log(&format!("Unable to parse configuration: {err}"));
                }
                return plain_text(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Internal Server Error\n".into(),
                );
            }
        };
        let mut response = if self.authorized(&config, &req).await {
            handle(req).await
        } else {
            let mut denied =
                plain_text(StatusCode::UNAUTHORIZED, "Unauthorized\n".into());
            denied
                .headers_mut()
                .insert(WWW_AUTHENTICATE, HeaderValue::from_static("Basic"));
            denied
        };
        add_headers(&mut response, &config);
        response
    }
    // ANCHOR_END: serve

    /// Whether the request may pass: no users configured, or one of them
    /// named with the right password.
    async fn authorized(
        &self,
        config: &WebConfig,
        req: &Request<hyper::body::Incoming>,
    ) -> bool {
        if config.basic_auth_users.is_empty() {
            return true;
        }
        let header = req.headers().get(AUTHORIZATION).map(|v| v.as_bytes());
        self.auth.authorized(&config.basic_auth_users, header).await
    }
}

/// Whether the connection's first bytes are a plain HTTP request rather
/// than a TLS record (Go's `tlsRecordHeaderLooksLikeHTTP`).
async fn plain_http(stream: &TcpStream) -> bool {
    let mut first = [0u8; 5];
    // `peek` leaves the bytes for the TLS handshake. A short read (the
    // hello split) cannot be one of these five-byte starts.
    match stream.peek(&mut first).await {
        Ok(5) => [b"GET /", b"HEAD ", b"POST ", b"PUT /", b"OPTIO"].contains(&&first),
        _ => false,
    }
}

/// The file's headers, where the response has not set its own: Go sets
/// them before the handler runs, and the handler's win.
fn add_headers(response: &mut Response<Full<Bytes>>, config: &WebConfig) {
    for (name, value) in &config.http_server_config.headers {
        // Both were checked when the file was read (`validate_headers`).
        let (Ok(name), Ok(value)) = (
            HeaderName::try_from(name.as_str()),
            HeaderValue::try_from(header_value_sent(value)),
        ) else {
            continue;
        };
        response.headers_mut().entry(name).or_insert(value);
    }
}
