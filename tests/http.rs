//! The HTTP handler end to end over a real socket: formats, gzip, the
//! in-flight limit, the timeout, each error-handling mode with a failing
//! collector, a panicking collector, and the handler's own metrics. Ports
//! promhttp's `TestHandlerErrorHandling`, `TestInstrumentMetricHandler`,
//! `TestHandlerMaxRequestsInFlight` and `TestHandlerTimeout`.

mod common;

use std::io::Read;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::TestCollector;
use promreg::http::{ErrorHandling, HandlerOpts, handler_for, instrument_metric_handler, serve};
use promreg::{Counter, CounterVec, Desc, Labels, Opts, Registry, new_invalid_metric};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A response as read off the wire.
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8(self.body.clone()).unwrap()
    }
}

/// Serves `handle` on a fresh loopback port.
async fn start<F, Fut>(handle: F) -> SocketAddr
where
    F: Fn(hyper::Request<hyper::body::Incoming>) -> Fut + Clone + Send + Sync + 'static,
    Fut: std::future::Future<Output = promreg::http::MetricsResponse> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(serve(listener, handle));
    addr
}

async fn start_handler(handler: promreg::http::Handler) -> SocketAddr {
    start(move |req| {
        let handler = handler.clone();
        async move { handler.handle(req.headers()).await }
    })
    .await
}

/// One GET with the given extra headers; `None` if the server hung up
/// without answering.
async fn get(addr: SocketAddr, headers: &[(&str, &str)]) -> Option<Reply> {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let mut request = String::from("GET /metrics HTTP/1.1\r\nHost: test\r\nConnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw).await;
    parse(&raw)
}

fn parse(raw: &[u8]) -> Option<Reply> {
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&raw[..end]).ok()?;
    let mut lines = head.split("\r\n");
    let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let headers = lines.filter_map(|l| l.split_once(": ")).map(|(n, v)| (n.to_owned(), v.to_owned())).collect();
    Some(Reply { status, headers, body: raw[end + 4..].to_vec() })
}

fn registry_with_counter() -> Arc<Registry> {
    let reg = Arc::new(Registry::new());
    let c = Counter::new(Opts::new("the_count", "Ah-ah-ah! Thunder and lightning!"));
    c.inc();
    reg.register(Box::new(c)).unwrap();
    reg
}

const COUNTER_TEXT: &str = "# HELP the_count Ah-ah-ah! Thunder and lightning!\n# TYPE the_count counter\nthe_count 1\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serves_each_negotiated_format() {
    let reg = registry_with_counter();
    let opts = HandlerOpts { enable_openmetrics: true, ..HandlerOpts::default() };
    let addr = start_handler(handler_for(reg.clone(), opts)).await;

    let text = get(addr, &[]).await.unwrap();
    assert_eq!(text.status, 200);
    assert_eq!(text.header("content-type"), Some("text/plain; version=0.0.4; charset=utf-8"));
    assert_eq!(text.text(), COUNTER_TEXT);

    let proto_accept = "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited";
    let proto = get(addr, &[("Accept", proto_accept)]).await.unwrap();
    assert_eq!(
        proto.header("content-type"),
        Some("application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited")
    );
    assert_eq!(proto.body, common::encode(&reg.gather().unwrap(), promreg::encode::Format::ProtoDelim));

    let om = get(addr, &[("Accept", "application/openmetrics-text; version=0.0.1")]).await.unwrap();
    assert_eq!(om.header("content-type"), Some("application/openmetrics-text; version=0.0.1; charset=utf-8"));
    assert_eq!(
        om.text(),
        "# HELP the_count Ah-ah-ah! Thunder and lightning!\n# TYPE the_count unknown\nthe_count 1.0\n# EOF\n"
    );

    // A malformed Accept header falls back to text, never an error.
    let odd = get(addr, &[("Accept", ";;;,,, garbage/")]).await.unwrap();
    assert_eq!((odd.status, odd.text()), (200, COUNTER_TEXT.to_owned()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gzips_when_accepted() {
    let reg = registry_with_counter();
    let addr = start_handler(handler_for(reg.clone(), HandlerOpts::default())).await;
    let zipped = get(addr, &[("Accept-Encoding", "deflate, gzip")]).await.unwrap();
    assert_eq!(zipped.header("content-encoding"), Some("gzip"));
    let mut plain = String::new();
    flate2::read::GzDecoder::new(zipped.body.as_slice()).read_to_string(&mut plain).unwrap();
    assert_eq!(plain, COUNTER_TEXT);

    let opts = HandlerOpts { disable_compression: true, ..HandlerOpts::default() };
    let addr = start_handler(handler_for(reg, opts)).await;
    let raw = get(addr, &[("Accept-Encoding", "gzip")]).await.unwrap();
    assert_eq!(raw.header("content-encoding"), None);
    assert_eq!(raw.text(), COUNTER_TEXT);
}

/// A collector that blocks its collect until released.
fn blocking_registry() -> (Arc<Registry>, crossbeam_channel::Sender<()>, crossbeam_channel::Receiver<()>) {
    let (release, wait) = crossbeam_channel::unbounded::<()>();
    let (entered_tx, entered) = crossbeam_channel::unbounded::<()>();
    let reg = Arc::new(Registry::new());
    let desc = Desc::new("slow", "Slow.", &[], Labels::new());
    let d = desc.clone();
    reg.register(Box::new(TestCollector::new(vec![desc], move |ch| {
        let _ = entered_tx.send(());
        let _ = wait.recv_timeout(Duration::from_secs(10));
        ch.send(Arc::new(promreg::must_new_const_metric(&d, promreg::ValueType::Gauge, 1.0, &[]))).unwrap();
    })))
    .unwrap();
    (reg, release, entered)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn limits_requests_in_flight() {
    let (reg, release, entered) = blocking_registry();
    let opts = HandlerOpts { max_requests_in_flight: 1, ..HandlerOpts::default() };
    let addr = start_handler(handler_for(reg, opts)).await;
    let first = tokio::spawn(get(addr, &[]));
    tokio::task::spawn_blocking(move || entered.recv_timeout(Duration::from_secs(10)).unwrap()).await.unwrap();
    let second = get(addr, &[]).await.unwrap();
    assert_eq!(second.status, 503);
    assert_eq!(second.text(), "Limit of concurrent requests reached (1), try again later.\n");
    release.send(()).unwrap();
    let first = first.await.unwrap().unwrap();
    assert_eq!(first.status, 200);
    // The permit is back: the next scrape is served.
    release.send(()).unwrap();
    assert_eq!(get(addr, &[]).await.unwrap().status, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn times_out_slow_scrapes() {
    let (reg, release, _entered) = blocking_registry();
    let opts = HandlerOpts { timeout: Some(Duration::from_millis(10)), ..HandlerOpts::default() };
    let addr = start_handler(handler_for(reg, opts)).await;
    let reply = get(addr, &[]).await.unwrap();
    assert_eq!(reply.status, 503);
    assert_eq!(reply.text(), "Exceeded configured timeout of 10ms.\n");
    drop(release);
}

/// Go's `TestHandlerErrorHandling` fixture: a counter, a counter vec, and
/// a collector whose metric fails to write.
fn failing_registry() -> Arc<Registry> {
    let reg = Arc::new(Registry::new());
    let c = Counter::new(Opts::new("the_count", "Ah-ah-ah! Thunder and lightning!"));
    c.inc();
    reg.register(Box::new(c)).unwrap();
    let cv = CounterVec::new(Opts::new("name", "docstring"), &["labelname"]);
    cv.with_label_values(&["val1"]).inc();
    cv.with_label_values(&["val2"]).inc();
    reg.register(Box::new(cv)).unwrap();
    let desc = Desc::new("invalid_metric", "not helpful", &[], Labels::new());
    let d = desc.clone();
    reg.register(Box::new(TestCollector::new(vec![desc], move |ch| {
        ch.send(Arc::new(new_invalid_metric(d.clone(), "collect error"))).unwrap();
    })))
    .unwrap();
    reg
}

const COLLECT_ERROR: &str = "error collecting metric Desc{fqName: \"invalid_metric\", help: \"not helpful\", constLabels: {}, variableLabels: []}: collect error";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn error_handling_modes() {
    let reg = failing_registry();
    let logged = Arc::new(Mutex::new(Vec::<String>::new()));
    let log = logged.clone();
    let opts = |mode| HandlerOpts {
        error_handling: mode,
        registry: Some(reg.clone()),
        error_log: Some(Arc::new({
            let log = log.clone();
            move |line: &str| log.lock().unwrap().push(line.to_owned())
        })),
        ..HandlerOpts::default()
    };

    let addr = start_handler(handler_for(reg.clone(), opts(ErrorHandling::HttpErrorOnError))).await;
    let reply = get(addr, &[]).await.unwrap();
    assert_eq!(reply.status, 500);
    assert_eq!(reply.header("content-type"), Some("text/plain; charset=utf-8"));
    assert_eq!(reply.text(), format!("An error has occurred while serving metrics:\n\n{COLLECT_ERROR}\n"));
    assert_eq!(logged.lock().unwrap().as_slice(), [format!("error gathering metrics: {COLLECT_ERROR}")]);

    // The error counter was registered by the first handler; the second
    // reuses it, so the count goes on.
    let addr = start_handler(handler_for(reg.clone(), opts(ErrorHandling::ContinueOnError))).await;
    let reply = get(addr, &[]).await.unwrap();
    assert_eq!(reply.status, 200);
    assert_eq!(
        reply.text(),
        "# HELP name docstring\n# TYPE name counter\nname{labelname=\"val1\"} 1\nname{labelname=\"val2\"} 1\n\
         # HELP promhttp_metric_handler_errors_total Total number of internal errors encountered by the promhttp metric handler.\n\
         # TYPE promhttp_metric_handler_errors_total counter\n\
         promhttp_metric_handler_errors_total{cause=\"encoding\"} 0\n\
         promhttp_metric_handler_errors_total{cause=\"gathering\"} 1\n\
         # HELP the_count Ah-ah-ah! Thunder and lightning!\n# TYPE the_count counter\nthe_count 1\n"
    );

    // PanicOnError: that request's connection is dropped unanswered, and
    // the server goes on serving.
    let panicking = handler_for(reg.clone(), opts(ErrorHandling::PanicOnError));
    let fine = handler_for(registry_with_counter(), HandlerOpts::default());
    let addr = start(move |req| {
        let (panicking, fine) = (panicking.clone(), fine.clone());
        async move {
            if req.headers().contains_key("x-panic") {
                panicking.handle(req.headers()).await
            } else {
                fine.handle(req.headers()).await
            }
        }
    })
    .await;
    assert!(get(addr, &[("X-Panic", "1")]).await.is_none(), "no answer after a panic");
    let after = get(addr, &[]).await.unwrap();
    assert_eq!((after.status, after.text()), (200, COUNTER_TEXT.to_owned()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panicking_collector_does_not_take_the_server_down() {
    let reg = Arc::new(Registry::new());
    let c = Counter::new(Opts::new("survivor_total", "Still here."));
    reg.register(Box::new(c)).unwrap();
    reg.register(Box::new(TestCollector::unchecked(|_| panic!("boom in collect")))).unwrap();

    let addr = start_handler(handler_for(reg.clone(), HandlerOpts::default())).await;
    let reply = get(addr, &[]).await.unwrap();
    assert_eq!(reply.status, 500);
    assert_eq!(
        reply.text(),
        "An error has occurred while serving metrics:\n\nprometheus collector panic recovered: boom in collect\n"
    );
    let opts = HandlerOpts { error_handling: ErrorHandling::ContinueOnError, ..HandlerOpts::default() };
    let addr = start_handler(handler_for(reg, opts)).await;
    for _ in 0..3 {
        let reply = get(addr, &[]).await.unwrap();
        assert_eq!(reply.status, 200);
        assert_eq!(
            reply.text(),
            "# HELP survivor_total Still here.\n# TYPE survivor_total counter\nsurvivor_total 0\n"
        );
    }
}

/// Go's `TestInstrumentMetricHandler`: the first scrape sees itself in
/// flight and no finished scrape; the second sees the first.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn instruments_its_own_scrapes() {
    let reg = Arc::new(Registry::new());
    let handler = instrument_metric_handler(&reg, handler_for(reg.clone(), HandlerOpts::default()));
    let addr = start(move |req| {
        let handler = handler.clone();
        async move { handler.handle(req.headers()).await }
    })
    .await;
    let expected = |in_flight: u32, ok: u32| {
        format!(
            "# HELP promhttp_metric_handler_requests_in_flight Current number of scrapes being served.\n\
             # TYPE promhttp_metric_handler_requests_in_flight gauge\n\
             promhttp_metric_handler_requests_in_flight {in_flight}\n\
             # HELP promhttp_metric_handler_requests_total Total number of scrapes by HTTP status code.\n\
             # TYPE promhttp_metric_handler_requests_total counter\n\
             promhttp_metric_handler_requests_total{{code=\"200\"}} {ok}\n\
             promhttp_metric_handler_requests_total{{code=\"500\"}} 0\n\
             promhttp_metric_handler_requests_total{{code=\"503\"}} 0\n"
        )
    };
    assert_eq!(get(addr, &[]).await.unwrap().text(), expected(1, 0));
    assert_eq!(get(addr, &[]).await.unwrap().text(), expected(1, 1));
}
