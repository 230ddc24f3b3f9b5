//! The HTTP handler end to end over a real socket: formats, gzip, the
//! in-flight limit, the timeout (and serving on after it, the timed-out
//! gather's slot coming back), a blocked scrape not stalling other
//! connections, each error-handling mode with a failing collector and with
//! a panicking one, and the handler's own metrics. Ports promhttp's
//! `TestHandlerErrorHandling`, `TestInstrumentMetricHandler`,
//! `TestHandlerMaxRequestsInFlight` and `TestHandlerTimeout`.

mod common;

use std::io::Read;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::TestCollector;
use promreg::http::{
    ErrorHandling, HandlerOpts, handler_for, instrument_metric_handler, serve,
};
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
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
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

/// One GET of /metrics with the given extra headers; `None` if the server
/// hung up without answering.
async fn get(addr: SocketAddr, headers: &[(&str, &str)]) -> Option<Reply> {
    parse(&get_raw(addr, "/metrics", headers).await)
}

/// One GET of `path`: every byte the server sent before it hung up.
async fn get_raw(addr: SocketAddr, path: &str, headers: &[(&str, &str)]) -> Vec<u8> {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let mut request =
        format!("GET {path} HTTP/1.1\r\nHost: test\r\nConnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw).await;
    raw
}

fn parse(raw: &[u8]) -> Option<Reply> {
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&raw[..end]).ok()?;
    let mut lines = head.split("\r\n");
    let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let headers = lines
        .filter_map(|l| l.split_once(": "))
        .map(|(n, v)| (n.to_owned(), v.to_owned()))
        .collect();
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
    assert_eq!(
        text.header("content-type"),
        Some("text/plain; version=0.0.4; charset=utf-8")
    );
    assert_eq!(text.text(), COUNTER_TEXT);

    let proto_accept = "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited";
    let proto = get(addr, &[("Accept", proto_accept)]).await.unwrap();
    assert_eq!(
        proto.header("content-type"),
        Some(
            "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited"
        )
    );
    assert_eq!(
        proto.body,
        common::encode(&reg.gather().unwrap(), promreg::encode::Format::ProtoDelim)
    );

    let om = get(addr, &[("Accept", "application/openmetrics-text; version=0.0.1")])
        .await
        .unwrap();
    assert_eq!(
        om.header("content-type"),
        Some("application/openmetrics-text; version=0.0.1; charset=utf-8")
    );
    assert_eq!(
        om.text(),
        "# HELP the_count Ah-ah-ah! Thunder and lightning!\n# TYPE the_count unknown\nthe_count 1.0\n# EOF\n"
    );

    // A malformed Accept header falls back to text, never an error.
    let odd = get(addr, &[("Accept", ";;;,,, garbage/")]).await.unwrap();
    assert_eq!((odd.status, odd.text()), (200, COUNTER_TEXT.to_owned()));
}

/// Headers with bytes beyond ASCII are negotiated on their bytes, as Go
/// does (the Accept clauses are negotiate.tsv's last two, whose results Go
/// wrote): the clause with such bytes matches nothing, the others count.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn headers_beyond_ascii_are_negotiated_on_their_bytes() {
    let reg = registry_with_counter();
    let opts = HandlerOpts { enable_openmetrics: true, ..HandlerOpts::default() };
    let addr = start_handler(handler_for(reg, opts)).await;
    let om_type = Some("application/openmetrics-text; version=0.0.1; charset=utf-8");
    for accept in [
        "x/\u{fc};q=0.9, application/openmetrics-text;version=0.0.1;q=0.8, text/plain;q=0.5",
        "application/openmetrics-text;q=0.8;\u{fc}=\u{fc}, text/plain;q=0.5",
    ] {
        let reply = get(addr, &[("Accept", accept)]).await.unwrap();
        assert_eq!(reply.header("content-type"), om_type, "{accept}");
    }
    let zipped = get(addr, &[("Accept-Encoding", "\u{fc}, gzip")]).await.unwrap();
    assert_eq!(zipped.header("content-encoding"), Some("gzip"));
    // A byte that is not UTF-8 at all (Latin-1's ü).
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let request = b"GET /metrics HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\
        Accept: x/\xfc;q=0.9, application/openmetrics-text;version=0.0.1;q=0.8\r\n\r\n";
    stream.write_all(request).await.unwrap();
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw).await;
    assert_eq!(parse(&raw).unwrap().header("content-type"), om_type);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gzips_when_accepted() {
    let reg = registry_with_counter();
    let addr = start_handler(handler_for(reg.clone(), HandlerOpts::default())).await;
    let zipped = get(addr, &[("Accept-Encoding", "deflate, gzip")]).await.unwrap();
    assert_eq!(zipped.header("content-encoding"), Some("gzip"));
    let mut plain = String::new();
    flate2::read::GzDecoder::new(zipped.body.as_slice())
        .read_to_string(&mut plain)
        .unwrap();
    assert_eq!(plain, COUNTER_TEXT);

    let opts = HandlerOpts { disable_compression: true, ..HandlerOpts::default() };
    let addr = start_handler(handler_for(reg, opts)).await;
    let raw = get(addr, &[("Accept-Encoding", "gzip")]).await.unwrap();
    assert_eq!(raw.header("content-encoding"), None);
    assert_eq!(raw.text(), COUNTER_TEXT);
}

/// A collector that blocks its collect until released.
fn blocking_registry()
-> (Arc<Registry>, crossbeam_channel::Sender<()>, crossbeam_channel::Receiver<()>) {
    let (release, wait) = crossbeam_channel::unbounded::<()>();
    let (entered_tx, entered) = crossbeam_channel::unbounded::<()>();
    let reg = Arc::new(Registry::new());
    let desc = Desc::new("slow", "Slow.", &[], Labels::new());
    let d = desc.clone();
    reg.register(Box::new(TestCollector::new(vec![desc], move |ch| {
        let _ = entered_tx.send(());
        let _ = wait.recv_timeout(Duration::from_secs(10));
        ch.send(Arc::new(promreg::must_new_const_metric(
            &d,
            promreg::ValueType::Gauge,
            1.0,
            &[],
        )))
        .unwrap();
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
    wait_entered(entered).await;
    let second = get(addr, &[]).await.unwrap();
    assert_eq!(second.status, 503);
    assert_eq!(
        second.text(),
        "Limit of concurrent requests reached (1), try again later.\n"
    );
    release.send(()).unwrap();
    let first = first.await.unwrap().unwrap();
    assert_eq!(first.status, 200);
    // The permit is back: the next scrape is served.
    release.send(()).unwrap();
    assert_eq!(get(addr, &[]).await.unwrap().status, 200);
}

/// What the slow collector serves once it is let go.
const SLOW_TEXT: &str = "# HELP slow Slow.\n# TYPE slow gauge\nslow 1\n";

const LIMIT_1: &str = "Limit of concurrent requests reached (1), try again later.\n";

/// Waits (bounded) until the slow collector has been entered.
async fn wait_entered(entered: crossbeam_channel::Receiver<()>) {
    tokio::task::spawn_blocking(move || {
        entered.recv_timeout(Duration::from_secs(10)).unwrap()
    })
    .await
    .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn times_out_slow_scrapes() {
    let (reg, release, _entered) = blocking_registry();
    let opts = HandlerOpts {
        timeout: Some(Duration::from_millis(500)),
        ..HandlerOpts::default()
    };
    let addr = start_handler(handler_for(reg, opts)).await;
    let reply = get(addr, &[]).await.unwrap();
    assert_eq!(reply.status, 503);
    assert_eq!(reply.header("content-type"), Some("text/plain; charset=utf-8"));
    assert_eq!(reply.text(), "Exceeded configured timeout of 500ms.\n");
    // The server goes on: with the collector fast by now (its gate gone),
    // the next scrape is served in full.
    drop(release);
    let reply = get(addr, &[]).await.unwrap();
    assert_eq!((reply.status, reply.text()), (200, SLOW_TEXT.to_owned()));
}

/// Go's `http.TimeoutHandler` lets a timed-out gather run on; its in-flight
/// slot stays taken until the gather ends, then comes back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_timed_out_scrape_gives_its_in_flight_slot_back_when_its_gather_ends() {
    let (reg, release, _entered) = blocking_registry();
    let opts = HandlerOpts {
        timeout: Some(Duration::from_millis(500)),
        max_requests_in_flight: 1,
        ..HandlerOpts::default()
    };
    let addr = start_handler(handler_for(reg, opts)).await;
    let reply = get(addr, &[]).await.unwrap();
    assert_eq!(
        (reply.status, reply.text()),
        (503, "Exceeded configured timeout of 500ms.\n".to_owned())
    );
    // Its gather is still blocked in the collector, holding the one slot.
    let busy = get(addr, &[]).await.unwrap();
    assert_eq!((busy.status, busy.text()), (503, LIMIT_1.to_owned()));
    // Let the gather end: the slot comes back (bounded wait), and the next
    // scrape is served, not refused.
    drop(release);
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        let reply = get(addr, &[]).await.unwrap();
        if reply.status == 200 {
            assert_eq!(reply.text(), SLOW_TEXT);
            break;
        }
        assert_eq!((reply.status, reply.text()), (503, LIMIT_1.to_owned()));
        assert!(
            std::time::Instant::now() < deadline,
            "the timed-out gather never gave its slot back"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// A handler gathers a few scrapes at a time; the others wait their turn,
/// and one whose requester has gone by then (here, the timeout) is never
/// gathered: twenty scrapes of a 1.5 s collector, one gather at a time and a
/// 200 ms timeout, run the collector once, not twenty times.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scrapes_wait_their_turn_and_one_timed_out_meanwhile_is_never_gathered() {
    let collects = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let reg = Arc::new(Registry::new());
    let counted = collects.clone();
    let (entered_tx, entered) = crossbeam_channel::unbounded::<()>();
    reg.register(Box::new(TestCollector::unchecked(move |_| {
        counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let _ = entered_tx.send(());
        std::thread::sleep(Duration::from_millis(1500));
    })))
    .unwrap();
    let opts = HandlerOpts {
        timeout: Some(Duration::from_millis(200)),
        max_concurrent_gathers: 1,
        ..HandlerOpts::default()
    };
    let addr = start_handler(handler_for(reg, opts)).await;
    // The first scrape's gather starts (however loaded the machine), then
    // nineteen more scrapes wait behind it.
    let mut scrapes = vec![tokio::spawn(get(addr, &[]))];
    wait_entered(entered).await;
    scrapes.extend((0..19).map(|_| tokio::spawn(get(addr, &[]))));
    for scrape in scrapes {
        let reply = scrape.await.unwrap().unwrap();
        assert_eq!(
            (reply.status, reply.text()),
            (503, "Exceeded configured timeout of 200ms.\n".to_owned())
        );
    }
    // Long enough for the first gather to end and any other to start.
    tokio::time::sleep(Duration::from_millis(1800)).await;
    assert_eq!(collects.load(std::sync::atomic::Ordering::SeqCst), 1);
}

/// A collector whose first collect blocks until released (10 s at most);
/// every later collect is fast.
fn first_collect_blocks()
-> (Arc<Registry>, crossbeam_channel::Sender<()>, crossbeam_channel::Receiver<()>) {
    let (release, wait) = crossbeam_channel::unbounded::<()>();
    let (entered_tx, entered) = crossbeam_channel::unbounded::<()>();
    let calls = std::sync::atomic::AtomicUsize::new(0);
    let reg = Arc::new(Registry::new());
    let desc = Desc::new("slow", "Slow.", &[], Labels::new());
    let d = desc.clone();
    reg.register(Box::new(TestCollector::new(vec![desc], move |ch| {
        if calls.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0 {
            let _ = entered_tx.send(());
            let _ = wait.recv_timeout(Duration::from_secs(10));
        }
        ch.send(Arc::new(promreg::must_new_const_metric(
            &d,
            promreg::ValueType::Gauge,
            1.0,
            &[],
        )))
        .unwrap();
    })))
    .unwrap();
    (reg, release, entered)
}

/// With a single async worker, a scrape blocked in its collector must not
/// hold that worker: another connection, to another route, is answered
/// while the scrape is still blocked.
#[tokio::test(flavor = "multi_thread", worker_threads = 1)]
async fn a_blocked_scrape_does_not_stall_other_connections() {
    let (reg, release, entered) = blocking_registry();
    let slow = handler_for(reg, HandlerOpts::default());
    let other = handler_for(registry_with_counter(), HandlerOpts::default());
    let addr = start(move |req| {
        let (slow, other) = (slow.clone(), other.clone());
        async move {
            if req.uri().path() == "/metrics" {
                slow.handle(req.headers()).await
            } else {
                other.handle(req.headers()).await
            }
        }
    })
    .await;
    let scrape = tokio::spawn(get_raw(addr, "/metrics", &[]));
    wait_entered(entered).await;

    let started = std::time::Instant::now();
    let raw = tokio::time::timeout(Duration::from_secs(5), get_raw(addr, "/other", &[]))
        .await
        .expect("stalled");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "answered after {:?}",
        started.elapsed()
    );
    let reply = parse(&raw).unwrap();
    assert_eq!((reply.status, reply.text()), (200, COUNTER_TEXT.to_owned()));
    assert!(
        !scrape.is_finished(),
        "the slow scrape must still be blocked in its collector"
    );

    release.send(()).unwrap();
    let reply = parse(&scrape.await.unwrap()).unwrap();
    assert_eq!((reply.status, reply.text()), (200, SLOW_TEXT.to_owned()));
}

/// With room for two scrapes in flight, a second scrape is served while the
/// first is blocked in its collector (one async worker again).
#[tokio::test(flavor = "multi_thread", worker_threads = 1)]
async fn a_second_scrape_is_served_while_the_first_is_blocked() {
    let (reg, release, entered) = first_collect_blocks();
    let opts = HandlerOpts {
        max_requests_in_flight: 2,
        max_concurrent_gathers: 2,
        ..HandlerOpts::default()
    };
    let addr = start_handler(handler_for(reg, opts)).await;
    let first = tokio::spawn(get_raw(addr, "/metrics", &[]));
    wait_entered(entered).await;

    let started = std::time::Instant::now();
    let raw =
        tokio::time::timeout(Duration::from_secs(5), get_raw(addr, "/metrics", &[]))
            .await
            .expect("stalled");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "answered after {:?}",
        started.elapsed()
    );
    let second = parse(&raw).unwrap();
    assert_eq!((second.status, second.text()), (200, SLOW_TEXT.to_owned()));
    assert!(
        !first.is_finished(),
        "the first scrape must still be blocked in its collector"
    );

    release.send(()).unwrap();
    let first = parse(&first.await.unwrap()).unwrap();
    assert_eq!((first.status, first.text()), (200, SLOW_TEXT.to_owned()));
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

    let addr =
        start_handler(handler_for(reg.clone(), opts(ErrorHandling::HttpErrorOnError)))
            .await;
    let reply = get(addr, &[]).await.unwrap();
    assert_eq!(reply.status, 500);
    assert_eq!(reply.header("content-type"), Some("text/plain; charset=utf-8"));
    assert_eq!(
        reply.text(),
        format!("An error has occurred while serving metrics:\n\n{COLLECT_ERROR}\n")
    );
    assert_eq!(
        logged.lock().unwrap().as_slice(),
        [format!("error gathering metrics: {COLLECT_ERROR}")]
    );

    // The error counter was registered by the first handler; the second
    // reuses it, so the count goes on.
    let addr =
        start_handler(handler_for(reg.clone(), opts(ErrorHandling::ContinueOnError)))
            .await;
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
    let panic_line = line!() + 1;
    reg.register(Box::new(TestCollector::unchecked(|_| panic!("boom in collect"))))
        .unwrap();

    let addr = start_handler(handler_for(reg.clone(), HandlerOpts::default())).await;
    let reply = get(addr, &[]).await.unwrap();
    assert_eq!(reply.status, 500);
    assert_eq!(
        reply.text(),
        format!(
            "An error has occurred while serving metrics:\n\nprometheus collector panic recovered: \
             boom in collect (collector http::common::TestCollector, at tests/http.rs:{panic_line})\n"
        )
    );
    let opts = HandlerOpts {
        error_handling: ErrorHandling::ContinueOnError,
        ..HandlerOpts::default()
    };
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

/// PanicOnError with a collector that panics, not one that fails: the
/// gather recovers the collector's panic as an error and the handler panics
/// on it, as Go's does, so that connection is dropped with nothing sent. The
/// error is logged and counted, the in-flight gauge comes back down, and the
/// server goes on serving.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn panic_on_error_with_a_panicking_collector() {
    let panicky = Arc::new(Registry::new());
    let panic_line = line!() + 1;
    let collector = TestCollector::unchecked(|_| panic!("boom in collect"));
    panicky.register(Box::new(collector)).unwrap();
    let observer = Arc::new(Registry::new());
    let logged = Arc::new(Mutex::new(Vec::<String>::new()));
    let log = logged.clone();
    let opts = HandlerOpts {
        error_handling: ErrorHandling::PanicOnError,
        registry: Some(observer.clone()),
        error_log: Some(Arc::new(move |line: &str| {
            log.lock().unwrap().push(line.to_owned())
        })),
        ..HandlerOpts::default()
    };
    let panicking = instrument_metric_handler(&observer, handler_for(panicky, opts));
    let fine = handler_for(observer.clone(), HandlerOpts::default());
    let addr = start(move |req| {
        let (panicking, fine) = (panicking.clone(), fine.clone());
        async move {
            if req.uri().path() == "/metrics" {
                panicking.handle(req.headers()).await
            } else {
                fine.handle(req.headers()).await
            }
        }
    })
    .await;
    for _ in 0..2 {
        assert_eq!(
            get_raw(addr, "/metrics", &[]).await,
            b"",
            "nothing is sent after a panic"
        );
    }
    let line = format!(
        "error gathering metrics: prometheus collector panic recovered: boom in collect \
         (collector http::common::TestCollector, at tests/http.rs:{panic_line})"
    );
    assert_eq!(logged.lock().unwrap().as_slice(), [line.clone(), line]);

    let expected = "# HELP promhttp_metric_handler_errors_total Total number of internal errors encountered by the promhttp metric handler.\n\
         # TYPE promhttp_metric_handler_errors_total counter\n\
         promhttp_metric_handler_errors_total{cause=\"encoding\"} 0\n\
         promhttp_metric_handler_errors_total{cause=\"gathering\"} 2\n\
         # HELP promhttp_metric_handler_requests_in_flight Current number of scrapes being served.\n\
         # TYPE promhttp_metric_handler_requests_in_flight gauge\n\
         promhttp_metric_handler_requests_in_flight 0\n\
         # HELP promhttp_metric_handler_requests_total Total number of scrapes by HTTP status code.\n\
         # TYPE promhttp_metric_handler_requests_total counter\n\
         promhttp_metric_handler_requests_total{code=\"200\"} 0\n\
         promhttp_metric_handler_requests_total{code=\"500\"} 0\n\
         promhttp_metric_handler_requests_total{code=\"503\"} 0\n";
    // hyper closes the socket before it drops the panicked request's state
    // (and with it the in-flight guard): give that a moment, bounded.
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    let after = loop {
        let reply = parse(&get_raw(addr, "/other", &[]).await).unwrap();
        if reply.text() == expected || std::time::Instant::now() > deadline {
            break reply;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert_eq!((after.status, after.text()), (200, expected.to_owned()));
}

/// Go's `TestInstrumentMetricHandler`: the first scrape sees itself in
/// flight and no finished scrape; the second sees the first.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn instruments_its_own_scrapes() {
    let reg = Arc::new(Registry::new());
    let handler =
        instrument_metric_handler(&reg, handler_for(reg.clone(), HandlerOpts::default()));
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

// ---- the server: header deadline, half-close, connection cap ----

/// Serves a page saying "ok" with `opts`; returns the address and what the
/// server logged.
async fn start_with(
    opts: promreg::http::ServeOpts,
) -> (SocketAddr, Arc<Mutex<Vec<String>>>) {
    let logged = Arc::new(Mutex::new(Vec::new()));
    let sink = logged.clone();
    let opts = promreg::http::ServeOpts {
        error_log: Some(Arc::new(move |line: &str| {
            sink.lock().unwrap().push(line.to_owned())
        })),
        ..opts
    };
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(promreg::http::serve_with(listener, opts, |_req| async {
        hyper::Response::new(http_body_util::Full::new(bytes::Bytes::from_static(b"ok")))
    }));
    (addr, logged)
}

/// Reads until the server closes the connection (or `limit` passes).
async fn read_to_close(stream: &mut TcpStream, limit: Duration) -> Option<Vec<u8>> {
    let mut got = Vec::new();
    tokio::time::timeout(limit, stream.read_to_end(&mut got)).await.ok()?.ok()?;
    Some(got)
}

/// A client that sends half a request header and then nothing is cut off
/// at the deadline, while others are served meanwhile.
#[tokio::test]
async fn a_client_trickling_its_header_is_cut_off() {
    let deadline = Duration::from_millis(400);
    let (addr, _) = start_with(promreg::http::ServeOpts {
        header_read_timeout: deadline,
        ..Default::default()
    })
    .await;
    let mut slow = TcpStream::connect(addr).await.unwrap();
    slow.write_all(b"GET /metrics HTTP/1.1\r\nHost: x\r\n").await.unwrap();
    let started = std::time::Instant::now();
    assert_eq!(
        get(addr, &[]).await.map(|r| r.text()),
        Some("ok".to_owned()),
        "others are served"
    );
    assert!(
        read_to_close(&mut slow, Duration::from_secs(5)).await.is_some(),
        "the slow client was not cut off"
    );
    let waited = started.elapsed();
    assert!(
        waited >= deadline && waited < Duration::from_secs(3),
        "cut off after {waited:?}"
    );
}

/// A client that shuts its writing side after its request still gets the
/// answer (Go answers it).
#[tokio::test]
async fn a_half_closed_request_is_answered() {
    let (addr, _) = start_with(promreg::http::ServeOpts::default()).await;
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(b"GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n").await.unwrap();
    stream.shutdown().await.unwrap();
    let got =
        read_to_close(&mut stream, Duration::from_secs(5)).await.expect("an answer");
    let reply = parse(&got).expect("a whole response");
    assert_eq!((reply.status, reply.text()), (200, "ok".to_owned()));
}

/// Beyond the cap, a new connection is closed at once and the log says
/// why; once a connection ends, a new one is served again.
#[tokio::test]
async fn the_connection_cap_holds() {
    let (addr, logged) =
        start_with(promreg::http::ServeOpts { max_connections: 2, ..Default::default() })
            .await;
    let first = TcpStream::connect(addr).await.unwrap();
    let _second = TcpStream::connect(addr).await.unwrap();
    // Give the server time to accept both.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mut third = TcpStream::connect(addr).await.unwrap();
    let _ = third.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n").await;
    // Closed with nothing said: an end of stream, or a reset (the request
    // was left unread).
    let mut answer = Vec::new();
    let read =
        tokio::time::timeout(Duration::from_secs(5), third.read_to_end(&mut answer))
            .await;
    assert!(read.is_ok(), "the third connection was left open");
    assert!(answer.is_empty(), "the third connection was answered: {answer:?}");
    assert_eq!(
        logged.lock().unwrap().as_slice(),
        ["connection limit of 2 reached: closing new connections"]
    );
    drop(first);
    let mut served = None;
    for _ in 0..50 {
        served = get(addr, &[]).await;
        if served.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(served.map(|r| r.text()), Some("ok".to_owned()));
}

/// Serves with `serve_until`, each request taking `delay` (forever if
/// `None`); returns the address, the shutdown trigger and the server task.
async fn start_until(
    delay: Option<Duration>,
    grace: Duration,
) -> (
    SocketAddr,
    tokio::sync::oneshot::Sender<()>,
    tokio::task::JoinHandle<std::io::Result<()>>,
) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (trigger, triggered) = tokio::sync::oneshot::channel::<()>();
    let opts = promreg::http::ServeOpts { shutdown_grace: grace, ..Default::default() };
    let shutdown = async move {
        let _ = triggered.await;
    };
    let server = tokio::spawn(promreg::http::serve_until(
        listener,
        opts,
        shutdown,
        move |_req| async move {
            match delay {
                Some(d) => tokio::time::sleep(d).await,
                None => std::future::pending::<()>().await,
            }
            hyper::Response::new(http_body_util::Full::new(bytes::Bytes::from_static(
                b"done",
            )))
        },
    ));
    (addr, trigger, server)
}

/// On shutdown, a scrape in flight completes, then the server returns and
/// accepts nothing more.
#[tokio::test]
async fn shutdown_lets_the_scrape_in_flight_finish() {
    let (addr, trigger, server) =
        start_until(Some(Duration::from_millis(500)), Duration::from_secs(10)).await;
    let scrape = tokio::spawn(get(addr, &[]));
    tokio::time::sleep(Duration::from_millis(150)).await;
    trigger.send(()).unwrap();
    let reply = scrape.await.unwrap().expect("the scrape in flight was cut");
    assert_eq!((reply.status, reply.text()), (200, "done".to_owned()));
    tokio::time::timeout(Duration::from_secs(5), server)
        .await
        .expect("the server did not return")
        .unwrap()
        .unwrap();
    assert!(TcpStream::connect(addr).await.is_err(), "still accepting after shutdown");
}

/// A request that never finishes (a gather stuck in a collector) holds the
/// shutdown no longer than the grace period.
#[tokio::test]
async fn shutdown_returns_after_the_grace_period_with_a_stuck_request() {
    let grace = Duration::from_millis(300);
    let (addr, trigger, server) = start_until(None, grace).await;
    let mut stuck = TcpStream::connect(addr).await.unwrap();
    stuck.write_all(b"GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n").await.unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    let started = std::time::Instant::now();
    trigger.send(()).unwrap();
    tokio::time::timeout(Duration::from_secs(5), server)
        .await
        .expect("the server did not return")
        .unwrap()
        .unwrap();
    let waited = started.elapsed();
    assert!(
        waited >= grace && waited < Duration::from_secs(3),
        "returned after {waited:?}"
    );
}
