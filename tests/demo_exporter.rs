//! demo-exporter as a user runs it: its pages, its flags and environment
//! variables, and a one-line error with a failing exit for each bad start.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_demo-exporter");

/// A running exporter, stopped when dropped.
struct Exporter(Child);

impl Drop for Exporter {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Starts the exporter and waits (bounded) until it listens on `port`.
fn start(args: &[&str], env: &[(&str, &str)], port: u16) -> Exporter {
    let mut cmd = Command::new(BIN);
    cmd.args(args).stdout(Stdio::null()).stderr(Stdio::null());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let exporter = Exporter(cmd.spawn().unwrap());
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "exporter did not start listening");
        std::thread::sleep(Duration::from_millis(50));
    }
    exporter
}

/// (status, body) of a GET.
fn get(port: u16, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n").unwrap();
    let mut raw = String::new();
    s.read_to_string(&mut raw).unwrap();
    let status = raw.split(' ').nth(1).unwrap().parse().unwrap();
    let body = raw.split_once("\r\n\r\n").unwrap().1.to_owned();
    (status, body)
}

#[test]
fn serves_its_pages() {
    let port = free_port();
    let addr = format!("127.0.0.1:{port}");
    let _e = start(
        &["--web.listen-address", &addr, "--web.telemetry-path", "/custom"],
        &[],
        port,
    );
    // The index page: the exporter's name, its version, a link to the
    // metrics path it was given.
    let version = env!("CARGO_PKG_VERSION");
    let index = format!(
        "<html>\n<head><title>Demo Exporter</title></head>\n<body>\n<h1>Demo Exporter</h1>\n\
         <p>Version {version}, built on promreg.</p>\n\
         <p><a href=\"/custom\">Metrics</a></p>\n\
         <p><a href=\"/healthz\">Health</a></p>\n</body>\n</html>\n"
    );
    assert_eq!(get(port, "/"), (200, index));
    assert_eq!(get(port, "/health"), (200, "ok\n".to_owned()));
    assert_eq!(get(port, "/healthz"), (200, "ok\n".to_owned()));
    assert_eq!(get(port, "/metrics"), (404, "404 page not found\n".to_owned()));
    let (status, metrics) = get(port, "/custom");
    assert_eq!(status, 200);
    for line in [
        "demo_up 1",
        "demo_exporter_scrapes_total 1",
        "# TYPE demo_exporter_scrape_duration_seconds histogram",
        "# TYPE demo_cpu_seconds_total counter",
        "# TYPE demo_load1 gauge",
        "# TYPE process_start_time_seconds gauge",
        "promhttp_metric_handler_requests_in_flight 1",
    ] {
        assert!(
            metrics.lines().any(|l| l == line || l.starts_with(line)),
            "missing {line:?} in\n{metrics}"
        );
    }
}

#[test]
fn takes_settings_from_the_environment() {
    let port = free_port();
    let addr = format!("127.0.0.1:{port}");
    let env = [
        ("LISTEN_ADDRESS", addr.as_str()),
        ("WEB_TELEMETRY_PATH", "/m"),
        ("METRIC_NAMESPACE", "envns"),
    ];
    let _e = start(&[], &env, port);
    let (status, metrics) = get(port, "/m");
    assert_eq!(status, 200);
    assert!(metrics.contains("\nenvns_up 1\n"), "{metrics}");
}

/// Runs the exporter to its end; returns (exit code, stderr lines).
fn run_to_end(args: &[&str]) -> (i32, Vec<String>) {
    let mut child = Command::new(BIN)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = BufReader::new(child.stderr.take().unwrap());
    let lines: Vec<String> = stderr.lines().map_while(Result::ok).collect();
    let status = child.wait().unwrap();
    (status.code().unwrap_or(-1), lines)
}

#[test]
fn refuses_bad_starts_with_one_line() {
    let busy = TcpListener::bind("127.0.0.1:0").unwrap();
    let busy_addr = busy.local_addr().unwrap().to_string();
    let cases: [(&[&str], String); 7] = [
        (&["--bogus"], "demo-exporter: unexpected argument '--bogus' found".into()),
        (
            &["--metric.namespace", "1x"],
            "demo-exporter: invalid value '1x' for '--metric.namespace <NAMESPACE>': \"1x\" is not a valid metric name prefix".into(),
        ),
        (
            &["--web.telemetry-path", "/healthz"],
            "demo-exporter: invalid value '/healthz' for '--web.telemetry-path <TELEMETRY_PATH>': \"/healthz\" is taken by the exporter's own pages".into(),
        ),
        (&["--log.level", "loud"], "demo-exporter: invalid value 'loud' for '--log.level <LOG_LEVEL>'".into()),
        (
            &["--web.max-requests", "abc"],
            "demo-exporter: invalid value 'abc' for '--web.max-requests <MAX_REQUESTS>': invalid digit found in string"
                .into(),
        ),
        (&["--web.listen-address", "nonsense"], "demo-exporter: listen tcp nonsense: invalid socket address".into()),
        (
            &["--web.listen-address", &busy_addr],
            format!("demo-exporter: listen tcp {busy_addr}: Address already in use (os error 98)"),
        ),
    ];
    for (args, want) in cases {
        let (code, lines) = run_to_end(args);
        assert_eq!(code, 1, "{args:?} must fail");
        assert_eq!(lines, [want], "{args:?}: one line on stderr");
    }
    drop(busy);
}

/// SIGTERM (what Kubernetes sends): the exporter stops accepting and exits
/// with success, promptly, even with a client holding a connection open.
#[test]
fn exits_cleanly_on_sigterm() {
    let port = free_port();
    let addr = format!("127.0.0.1:{port}");
    let mut e = start(&["--web.listen-address", &addr], &[], port);
    // A kept-alive connection with a request served, then idle.
    let mut idle = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(idle, "GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n").unwrap();
    let mut first = [0u8; 64];
    let _ = idle.read(&mut first).unwrap();
    let killed =
        Command::new("kill").args(["-TERM", &e.0.id().to_string()]).status().unwrap();
    assert!(killed.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = e.0.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "still running 10 s after SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status}");
    assert!(TcpStream::connect(("127.0.0.1", port)).is_err(), "still listening");
}
