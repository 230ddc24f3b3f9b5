//! A small HTTP/1.1 server on hyper for exporters: bind a listen address
//! (Go style, `:9121` meaning every interface) and answer each request with
//! an async function. promhttp leaves this to Go's `net/http`; what Go's
//! server gives for free or an operator expects is set here: a backlog like
//! Go's, a deadline for a request's header (so a client trickling bytes
//! cannot hold a connection open), a cap on connections, an answer to a
//! client that half-closed its side after its request, and accept errors
//! logged (once a second at most) rather than retried in silence. With the
//! `tls` feature, a web configuration file puts TLS and basic auth in front
//! (exporter-toolkit's `web.Serve`; see [`crate::web`]).

use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
#[cfg(feature = "tls")]
use parking_lot::Mutex;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::sync::{Semaphore, watch};

use crate::http::ErrorLog;

/// The listen backlog: Go's (the kernel's `somaxconn`, 4096 on current
/// Linux) rather than tokio's 1024, so a burst of connects is not refused.
const BACKLOG: u32 = 4096;

/// How [`serve_with`] treats connections.
#[derive(Clone)]
pub struct ServeOpts {
    /// A request's header must arrive within this, and a keep-alive
    /// connection waits at most this for its next request.
    pub header_read_timeout: Duration,
    /// At most this many connections at once; a connection beyond it is
    /// closed at once, and the log says so (once a second at most). Zero
    /// means no cap.
    pub max_connections: usize,
    /// Where accept errors and the connection cap are reported; `None`
    /// reports nothing.
    pub error_log: Option<ErrorLog>,
    /// On shutdown ([`serve_until`]), how long requests in flight may take
    /// to finish; after that the server returns anyway.
    pub shutdown_grace: Duration,
    /// A web configuration file in exporter-toolkit's format (TLS, client
    /// certificates, basic auth, headers; see [`crate::web`]), read again
    /// on every connection and request as exporter-toolkit reads it. A
    /// file that is not valid makes the server refuse to start, and so does
    /// any file without the `tls` feature.
    pub web_config_file: Option<std::path::PathBuf>,
}

impl Default for ServeOpts {
    /// A 30-second header deadline, 1024 connections, 10 seconds' grace.
    fn default() -> ServeOpts {
        ServeOpts {
            header_read_timeout: Duration::from_secs(30),
            max_connections: 1024,
            error_log: None,
            shutdown_grace: Duration::from_secs(10),
            web_config_file: None,
        }
    }
}

impl std::fmt::Debug for ServeOpts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut out = f.debug_struct("ServeOpts");
        out.field("header_read_timeout", &self.header_read_timeout)
            .field("max_connections", &self.max_connections)
            .field("error_log", &self.error_log.as_ref().map(|_| "Fn(&str)"))
            .field("shutdown_grace", &self.shutdown_grace)
            .field("web_config_file", &self.web_config_file);
        out.finish()
    }
}

/// Binds a Go-style listen address: `host:port`, `[v6]:port`, or `:port`
/// for every interface (IPv6 and IPv4 where the system allows, else IPv4).
pub async fn bind(listen_address: &str) -> io::Result<TcpListener> {
    let Some(port) = listen_address.strip_prefix(':') else {
        let mut last =
            io::Error::new(io::ErrorKind::InvalidInput, "no addresses to listen on");
        for addr in tokio::net::lookup_host(listen_address).await? {
            match listen(addr) {
                Ok(listener) => return Ok(listener),
                Err(err) => last = err,
            }
        }
        return Err(last);
    };
    let port: u16 = port.parse().map_err(|_| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("invalid port in {listen_address:?}"),
        )
    })?;
    match listen(SocketAddr::from(([0u16; 8], port))) {
        Err(err)
            if err.kind() == io::ErrorKind::AddrNotAvailable
                || err.raw_os_error() == Some(97) =>
        {
            listen(SocketAddr::from(([0u8; 4], port)))
        }
        other => other,
    }
}

/// A listening socket on `addr`, with Go's options: address reuse and
/// Go's backlog.
fn listen(addr: SocketAddr) -> io::Result<TcpListener> {
    let socket = if addr.is_ipv6() { TcpSocket::new_v6()? } else { TcpSocket::new_v4()? };
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(BACKLOG)
}

/// Serves HTTP/1.1 on `listener` with the default [`ServeOpts`] until the
/// future is dropped, answering each request with `handle`.
pub async fn serve<F, Fut>(listener: TcpListener, handle: F) -> io::Result<()>
where
    F: Fn(Request<Incoming>) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Response<Full<Bytes>>> + Send + 'static,
{
    serve_with(listener, ServeOpts::default(), handle).await
}

// ANCHOR: serve
/// Serves HTTP/1.1 on `listener` until the future is dropped, answering
/// each request with `handle`. Each connection runs in its own task, so a
/// panic while answering one request ends only that connection.
pub async fn serve_with<F, Fut>(
    listener: TcpListener,
    opts: ServeOpts,
    handle: F,
) -> io::Result<()>
where
    F: Fn(Request<Incoming>) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Response<Full<Bytes>>> + Send + 'static,
{
    serve_until(listener, opts, std::future::pending(), handle).await
}

/// [`serve_with`] until `shutdown` completes; then it stops accepting, lets
/// the requests in flight finish (a kept-alive connection is closed after
/// its request) for at most `opts.shutdown_grace`, aborts the connections
/// still open, and returns. (A connection that has not sent a first
/// request counts as in flight until its header deadline.)
pub async fn serve_until<F, Fut>(
    listener: TcpListener,
    opts: ServeOpts,
    shutdown: impl Future<Output = ()>,
    handle: F,
) -> io::Result<()>
where
    F: Fn(Request<Incoming>) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Response<Full<Bytes>>> + Send + 'static,
{
    let (stop, stopping) = watch::channel(false);
    let connection = Connection {
        header_read_timeout: opts.header_read_timeout,
        stopping,
        #[cfg(feature = "tls")]
        tls: None,
        #[cfg(feature = "tls")]
        handshake_log: Arc::new(Mutex::new(RateLimitedLog::new(opts.error_log.clone()))),
    };
    #[cfg(feature = "tls")]
    if let Some(path) = &opts.web_config_file {
        // A bad file is refused here, before anything is served.
        let gate =
            crate::web::Gate::start(path, opts.error_log.clone()).map_err(|err| {
                io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!("web config file {}: {err}", path.display()),
                )
            })?;
        let gate = Arc::new(gate);
        let connection =
            Connection { tls: gate.tls().then(|| gate.clone()), ..connection };
        let handle = move |req| gate.clone().serve(req, handle.clone());
        return accept_loop(listener, opts, shutdown, (stop, connection), handle).await;
    }
    #[cfg(not(feature = "tls"))]
    if let Some(path) = &opts.web_config_file {
        let text = format!(
            "web config file {}: promreg was built without its `tls` feature",
            path.display()
        );
        return Err(io::Error::new(io::ErrorKind::InvalidInput, text));
    }
    accept_loop(listener, opts, shutdown, (stop, connection), handle).await
}

/// Accepts connections until `shutdown`, each served in its own task.
async fn accept_loop<F, Fut>(
    listener: TcpListener,
    opts: ServeOpts,
    shutdown: impl Future<Output = ()>,
    (stop, connection): (watch::Sender<bool>, Connection),
    handle: F,
) -> io::Result<()>
where
    F: Fn(Request<Incoming>) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Response<Full<Bytes>>> + Send + 'static,
{
    // Zero means no cap; beyond what a semaphore holds is no cap either.
    let max = match opts.max_connections {
        0 => Semaphore::MAX_PERMITS,
        n => n.min(Semaphore::MAX_PERMITS),
    };
    let connections = Arc::new(Semaphore::new(max));
    let mut tasks = tokio::task::JoinSet::new();
    let mut log = RateLimitedLog::new(opts.error_log.clone());
    tokio::pin!(shutdown);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // Out of file descriptors and the like: say so, wait, go on.
                Err(err) => {
                    log.report(&format!("error accepting a connection: {err}; retrying"));
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let Ok(permit) = connections.clone().try_acquire_owned() else {
            let max = opts.max_connections;
            log.report(&format!(
                "connection limit of {max} reached: closing new connections"
            ));
            drop(stream);
            continue;
        };
        let (connection, handle) = (connection.clone(), handle.clone());
        // Ended connections leave the set as new ones come.
        while tasks.try_join_next().is_some() {}
        tasks.spawn(async move {
            connection.run(stream, handle).await;
            drop(permit);
        });
    }
    drop(listener);
    let _ = stop.send(true);
    // Every connection gives its permit back when it ends.
    let finished = async { while tasks.join_next().await.is_some() {} };
    if tokio::time::timeout(opts.shutdown_grace, finished).await.is_err() {
        // Past the grace period: the connections still open are dropped.
        // (A gather stuck in a collector keeps its blocking thread: a
        // program exits without waiting for it with the runtime's
        // `shutdown_background` or `shutdown_timeout`.)
        tasks.abort_all();
    }
    Ok(())
}
// ANCHOR_END: serve

/// What serving one connection needs.
#[derive(Clone)]
struct Connection {
    header_read_timeout: Duration,
    /// Turns true when the server stops.
    stopping: watch::Receiver<bool>,
    /// The web configuration, when connections begin with a TLS handshake.
    #[cfg(feature = "tls")]
    tls: Option<Arc<crate::web::Gate>>,
    /// Failed handshakes, said once a second at most.
    #[cfg(feature = "tls")]
    handshake_log: Arc<Mutex<RateLimitedLog>>,
}

impl Connection {
    /// Serves the connection: HTTP, after a TLS handshake if the web
    /// configuration asks for one.
    async fn run<F, Fut>(self, stream: TcpStream, handle: F)
    where
        F: Fn(Request<Incoming>) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Response<Full<Bytes>>> + Send + 'static,
    {
        #[cfg(feature = "tls")]
        if let Some(gate) = self.tls.clone() {
            return self.https(&gate, stream, handle).await;
        }
        self.http(stream, handle).await
    }

    /// The TLS handshake, within the header deadline (a client that
    /// trickles its hello is cut as one that trickles its header), then
    /// HTTP. Failed handshakes are logged, as Go's server logs them
    /// (`http: TLS handshake error from …`).
    #[cfg(feature = "tls")]
    async fn https<F, Fut>(self, gate: &crate::web::Gate, stream: TcpStream, handle: F)
    where
        F: Fn(Request<Incoming>) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Response<Full<Bytes>>> + Send + 'static,
    {
        let peer = stream.peer_addr().map_or_else(|_| "?".to_owned(), |a| a.to_string());
        match tokio::time::timeout(self.header_read_timeout, gate.handshake(stream)).await
        {
            Ok(Ok(tls)) => self.http(tls, handle).await,
            Ok(Err(err)) => {
                self.handshake_log.lock().report(&format!("{err} (from {peer})"))
            }
            Err(_) => self
                .handshake_log
                .lock()
                .report(&format!("TLS handshake timed out (from {peer})")),
        }
    }

    /// HTTP/1.1 on `io` until the client leaves or the server stops.
    async fn http<S, F, Fut>(self, io: S, handle: F)
    where
        S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
        F: Fn(Request<Incoming>) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Response<Full<Bytes>>> + Send + 'static,
    {
        let handle = Arc::new(handle);
        let service = service_fn(move |req| {
            let handle = handle.clone();
            async move { Ok::<_, Infallible>(handle(req).await) }
        });
        // The header deadline, and an answer to a client that half-closed
        // after its request.
        let connection = http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(self.header_read_timeout)
            .half_close(true)
            .serve_connection(TokioIo::new(io), service);
        tokio::pin!(connection);
        let mut stopping = self.stopping;
        let stop = async move {
            let _ = stopping.wait_for(|stop| *stop).await;
        };
        // A client that hangs up mid-request is not our error.
        tokio::select! {
            _ = connection.as_mut() => {}
            () = stop => {
                // Finish the request in flight, then close.
                connection.as_mut().graceful_shutdown();
                let _ = connection.await;
            }
        }
    }
}

/// A log that says one thing at most once a second (an accept loop that
/// fails fails thousands of times a second).
struct RateLimitedLog {
    log: Option<ErrorLog>,
    last: Option<Instant>,
}

impl RateLimitedLog {
    fn new(log: Option<ErrorLog>) -> RateLimitedLog {
        RateLimitedLog { log, last: None }
    }

    fn report(&mut self, message: &str) {
        let Some(log) = &self.log else { return };
        if self.last.is_none_or(|at| at.elapsed() >= Duration::from_secs(1)) {
            self.last = Some(Instant::now());
            log(message);
        }
    }
}
