//! A bounded load test of the server: 50 connections scraping 11,000
//! series (10,000 counters, 1,000 histograms) flat out for a few seconds,
//! three times, half of them gzipped. Every answer must be a 200, every sampled
//! body the exact bytes of the registry's scrape, and the server's memory
//! after the second round within 10% of the first (what a burst leaves
//! behind is reused, not added to). The server runs in a child process
//! (this test binary again), so its RSS is its own.

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use promreg::encode::Format;
use promreg::http::{HandlerOpts, handler_for, serve};
use promreg::{CounterVec, HistogramOpts, HistogramVec, Opts, Registry};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const SERVER: &str = "PROMREG_LOAD_SERVER";
const CONNECTIONS: usize = 50;
const ROUND: Duration = Duration::from_secs(3);

/// The registry both sides build: the server serves it, the client
/// expects its bytes.
fn registry() -> Registry {
    let reg = Registry::new();
    let requests =
        CounterVec::new(Opts::new("requests_total", "Requests by path."), &["path"]);
    for i in 0..10_000 {
        requests.with_label_values(&[&format!("/item/{i}")]).add(i as f64);
    }
    let latency = HistogramVec::new(
        HistogramOpts::new("latency_seconds", "Latency by route."),
        &["route"],
    );
    for i in 0..1_000 {
        latency.with_label_values(&[&format!("r{i}")]).observe(i as f64 / 1000.0);
    }
    reg.register(Box::new(requests)).unwrap();
    reg.register(Box::new(latency)).unwrap();
    reg
}

#[test]
fn fifty_connections_scrape_11000_series_twice() {
    if std::env::var_os(SERVER).is_some() {
        return run_server();
    }
    let mut server = Server::start();
    let mut expected = Vec::new();
    registry().write_scrape(&mut expected, Format::Text).unwrap();
    let expected = Arc::new(expected);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(scrape(server.port, expected.clone()));
    let one_scrape = server.rss_kib();
    // A first burst finds the allocator's arenas cold; the rounds compared
    // come after it.
    let warm_up = runtime.block_on(round(server.port, expected.clone()));
    let after_warm_up = server.rss_kib();
    let first = runtime.block_on(round(server.port, expected.clone()));
    let after_first = server.rss_kib();
    let second = runtime.block_on(round(server.port, expected));
    let after_second = server.rss_kib();
    eprintln!(
        "load: {warm_up}, {first} then {second} scrapes in {ROUND:?} by {CONNECTIONS} connections; \
         server RSS {one_scrape} KiB after one scrape, {after_warm_up} after a first burst, \
         {after_first} after the first round, {after_second} after the second"
    );
    assert!(first > 0 && second > 0);
    assert!(
        after_warm_up <= 2 * one_scrape,
        "a burst left {after_warm_up} KiB, more than twice the {one_scrape} KiB after one scrape"
    );
    assert!(
        after_second * 10 <= after_first * 11,
        "RSS grew from {after_first} KiB to {after_second} KiB over the second round"
    );
    server.child.kill().unwrap();
}

/// One round: every connection scrapes until the round ends. Returns how
/// many scrapes were answered; panics on any failure.
async fn round(port: u16, expected: Arc<Vec<u8>>) -> usize {
    let done = Arc::new(AtomicUsize::new(0));
    let until = Instant::now() + ROUND;
    let clients: Vec<_> = (0..CONNECTIONS)
        .map(|i| {
            let (expected, done) = (expected.clone(), done.clone());
            tokio::spawn(async move {
                let mut n = 0;
                while Instant::now() < until {
                    // Every tenth body is checked whole; the rest only for
                    // their status and length.
                    let gzip = (i + n) % 2 == 0;
                    let body = get(port, gzip).await;
                    if n % 10 == 0 {
                        assert_eq!(
                            plain(body, gzip),
                            *expected,
                            "connection {i}, scrape {n}"
                        );
                    }
                    n += 1;
                    done.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    for client in clients {
        client.await.unwrap();
    }
    done.load(Ordering::Relaxed)
}

/// One checked scrape.
async fn scrape(port: u16, expected: Arc<Vec<u8>>) {
    assert_eq!(get(port, false).await, *expected);
}

/// One GET /metrics on its own connection: the body of a 200 with the
/// `Content-Length` it announced (anything else fails the test).
async fn get(port: u16, gzip: bool) -> Vec<u8> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    let encoding = if gzip { "Accept-Encoding: gzip\r\n" } else { "" };
    let request = format!(
        "GET /metrics HTTP/1.1\r\nHost: load\r\nConnection: close\r\n{encoding}\r\n"
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("a header");
    let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
    assert!(head.starts_with("http/1.1 200 "), "{head}");
    let length =
        head.lines().find_map(|l| l.strip_prefix("content-length: ")).expect("a length");
    let body = raw.split_off(split + 4);
    assert_eq!(body.len(), length.trim().parse::<usize>().unwrap());
    assert_eq!(head.contains("content-encoding: gzip"), gzip);
    body
}

fn plain(body: Vec<u8>, gzip: bool) -> Vec<u8> {
    if !gzip {
        return body;
    }
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(body.as_slice()).read_to_end(&mut out).unwrap();
    out
}

/// The server process.
struct Server {
    child: Child,
    port: u16,
}

impl Server {
    fn start() -> Server {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "fifty_connections_scrape_11000_series_twice",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(SERVER, "1")
            // glibc gives each thread that allocates an arena of its own and
            // keeps each at its own peak: their sum moves by some 10% from
            // burst to burst with which thread happened to allocate what.
            // One arena measures promreg rather than that (and serves as many
            // scrapes).
            .env("MALLOC_ARENA_MAX", "1")
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        let port = stdout
            .lines()
            .map_while(Result::ok)
            // Anywhere in the line: libtest may print the test's name first.
            .find_map(|line| {
                line.split_once("listening on ")
                    .map(|(_, port)| port.trim().parse().unwrap())
            })
            .expect("the server's port");
        Server { child, port }
    }

    /// The server's resident memory, in KiB.
    fn rss_kib(&self) -> usize {
        let status =
            std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
        line.split_whitespace().nth(1).unwrap().parse().unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The child: serves the registry on a loopback port with the handler's
/// defaults, until killed.
fn run_server() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        // Four gathers at once (the default on up to four CPUs), whatever
        // this machine has: the memory bounds depend on it.
        let opts = HandlerOpts { max_concurrent_gathers: 4, ..HandlerOpts::default() };
        let handler = handler_for(Arc::new(registry()), opts);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        println!("listening on {}", listener.local_addr().unwrap().port());
        let _ = serve(listener, move |req| {
            let handler = handler.clone();
            async move { handler.handle(req.headers()).await }
        })
        .await;
    });
}
