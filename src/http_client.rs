//! One HTTP/1.1 request over plain TCP, from blocking code, on hyper's
//! client: what pushing (`push.rs`) and testutil's scrape need, where Go
//! uses `net/http`'s client. A runtime of its own per request: a batch job
//! pushes once or twice, a test scrapes once.

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::{Request, StatusCode};
use hyper_util::rt::TokioIo;

/// `host:port` and the path of an `http://` URL (port 80 if none), or
/// `None` for any other URL.
pub(crate) fn split_url(url: &str) -> Option<(String, String)> {
    let rest = url.strip_prefix("http://")?;
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    if authority.is_empty() {
        return None;
    }
    let authority = if authority.contains(':') {
        authority.to_owned()
    } else {
        format!("{authority}:80")
    };
    Some((authority, if path.is_empty() { "/".to_owned() } else { path.to_owned() }))
}

/// Sends `request` (its URI a path) to `authority`; the answer's status
/// and body, or what went wrong, as text.
pub(crate) fn send(
    authority: &str,
    request: Request<Full<Bytes>>,
) -> Result<(StatusCode, Bytes), String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let stream =
            tokio::net::TcpStream::connect(authority).await.map_err(|e| e.to_string())?;
        let (mut sender, connection) =
            hyper::client::conn::http1::handshake(TokioIo::new(stream))
                .await
                .map_err(|e| e.to_string())?;
        tokio::spawn(connection);
        let response = sender.send_request(request).await.map_err(|e| e.to_string())?;
        let status = response.status();
        let body =
            response.into_body().collect().await.map_err(|e| e.to_string())?.to_bytes();
        Ok((status, body))
    })
}
