//! A small HTTP/1.1 server on hyper for exporters: bind a listen address
//! (Go style, `:9121` meaning every interface) and answer each request with
//! an async function. promhttp leaves this to Go's `net/http`.

use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::net::SocketAddr;

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

/// Binds a Go-style listen address: `host:port`, `[v6]:port`, or `:port`
/// for every interface (IPv6 and IPv4 where the system allows, else IPv4).
pub async fn bind(listen_address: &str) -> io::Result<TcpListener> {
    let Some(port) = listen_address.strip_prefix(':') else {
        return TcpListener::bind(listen_address).await;
    };
    let port: u16 = port
        .parse()
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, format!("invalid port in {listen_address:?}")))?;
    match TcpListener::bind(SocketAddr::from(([0u16; 8], port))).await {
        Err(err) if err.kind() == io::ErrorKind::AddrNotAvailable || err.raw_os_error() == Some(97) => {
            TcpListener::bind(SocketAddr::from(([0u8; 4], port))).await
        }
        other => other,
    }
}

/// Serves HTTP/1.1 on `listener` until the future is dropped, answering each
/// request with `handle`. Each connection runs in its own task, so a panic
/// while answering one request ends only that connection.
pub async fn serve<F, Fut>(listener: TcpListener, handle: F) -> io::Result<()>
where
    F: Fn(Request<Incoming>) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Response<Full<Bytes>>> + Send + 'static,
{
    loop {
        let (stream, _) = match listener.accept().await {
            Ok(conn) => conn,
            // Out of file descriptors and the like: wait a little, go on.
            Err(_) => {
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                continue;
            }
        };
        let handle = handle.clone();
        tokio::spawn(async move {
            let service = service_fn(move |req| {
                let handle = handle.clone();
                async move { Ok::<_, Infallible>(handle(req).await) }
            });
            // A client that hangs up mid-request is not our error.
            let _ = http1::Builder::new().serve_connection(TokioIo::new(stream), service).await;
        });
    }
}
