//! Pushing to a real Pushgateway (Debian's `prometheus-pushgateway`, 1.5):
//! push, add and delete with a grouping key whose value holds `/`, checked
//! by reading what the gateway holds (`/metrics` and `/api/v1/metrics`);
//! the Go docs' batch job (examples/batch_job.rs); a refused connection and
//! a bad URL; and testutil's `scrape_and_compare`, which shares the client. Ignored by a plain `cargo test` (it needs the gateway);
//! scripts/test.sh installs the gateway and runs it.

#[path = "../examples/batch_job.rs"]
#[allow(dead_code)] // its main
mod batch_job;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use promreg::push::Pusher;
use promreg::{Counter, Gauge, Opts, encode::Format};

/// A Pushgateway on a free loopback port, stopped when dropped.
struct Gateway {
    child: Child,
    port: u16,
}

impl Gateway {
    fn start() -> Gateway {
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = Command::new("prometheus-pushgateway")
            .arg(format!("--web.listen-address=127.0.0.1:{port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("prometheus-pushgateway (scripts/test.sh installs it)");
        let gateway = Gateway { child, port };
        let deadline = Instant::now() + Duration::from_secs(20);
        while gateway.get("/-/ready").is_none() {
            assert!(Instant::now() < deadline, "the Pushgateway did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        gateway
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The body of a GET, if the gateway answered 200.
    fn get(&self, path: &str) -> Option<String> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).ok()?;
        write!(stream, "GET {path} HTTP/1.0\r\nHost: gw\r\n\r\n").ok()?;
        let mut raw = String::new();
        stream.read_to_string(&mut raw).ok()?;
        let (head, body) = raw.split_once("\r\n\r\n")?;
        head.starts_with("HTTP/1.0 200").then(|| body.to_owned())
    }

    /// The lines of `/metrics` about `name` (its samples, HELP and TYPE).
    fn lines(&self, name: &str) -> Vec<String> {
        let text = self.get("/metrics").expect("/metrics");
        let about = |l: &&str| {
            l.starts_with(&format!("{name}{{"))
                || l.ends_with(&format!(" {name} counter"))
                || l.starts_with(&format!("# HELP {name} "))
        };
        text.lines().filter(about).map(str::to_owned).collect()
    }

    /// The label sets of the groups the gateway holds.
    fn groups(&self) -> Vec<serde_json::Value> {
        let json: serde_json::Value =
            serde_json::from_str(&self.get("/api/v1/metrics").expect("api")).unwrap();
        json["data"].as_array().unwrap().iter().map(|g| g["labels"].clone()).collect()
    }
}

impl Drop for Gateway {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn counter(name: &str, value: f64) -> Counter {
    let c = Counter::new(Opts::new(name, "Processed."));
    c.add(value);
    c
}

#[test]
#[ignore = "needs prometheus-pushgateway: scripts/test.sh installs it and runs this"]
fn pushes_adds_and_deletes_groups() {
    let gw = Gateway::start();
    let pusher = || Pusher::new(&gw.url(), "batch").grouping("instance", "host/1");
    pusher().collector(Box::new(counter("processed_total", 42.0))).push().unwrap();
    assert_eq!(gw.groups(), [serde_json::json!({"instance": "host/1", "job": "batch"})]);
    assert_eq!(
        gw.lines("processed_total"),
        [
            "# HELP processed_total Processed.",
            "# TYPE processed_total counter",
            "processed_total{instance=\"host/1\",job=\"batch\"} 42"
        ]
    );
    // add (POST) keeps what is there; push (PUT) replaces the group.
    pusher()
        .collector(Box::new(counter("failed_total", 1.0)))
        .format(Format::Text)
        .add()
        .unwrap();
    assert_eq!(
        gw.lines("failed_total").last().unwrap(),
        "failed_total{instance=\"host/1\",job=\"batch\"} 1"
    );
    assert_eq!(gw.lines("processed_total").len(), 3);
    pusher().collector(Box::new(counter("failed_total", 2.0))).push().unwrap();
    assert_eq!(gw.lines("processed_total"), Vec::<String>::new());
    // Another grouping key is another group; delete removes one.
    Pusher::new(&gw.url(), "batch")
        .grouping("instance", "")
        .collector(Box::new(counter("x_total", 1.0)))
        .push()
        .unwrap();
    assert_eq!(gw.groups().len(), 2);
    pusher().delete().unwrap();
    assert_eq!(gw.groups(), [serde_json::json!({"instance": "", "job": "batch"})]);
}

#[test]
#[ignore = "needs prometheus-pushgateway: scripts/test.sh installs it and runs this"]
fn the_batch_job_example_reports_its_run() {
    let gw = Gateway::start();
    batch_job::run(&gw.url()).unwrap();
    assert_eq!(gw.groups(), [serde_json::json!({"db": "customers", "job": "db_backup"})]);
    let text = gw.get("/metrics").unwrap();
    for name in ["db_backup_duration_seconds", "db_backup_last_success_timestamp_seconds"]
    {
        let prefix =
            format!("{name}{{db=\"customers\",instance=\"\",job=\"db_backup\"}} ");
        let line = text
            .lines()
            .find(|l| l.starts_with(&prefix))
            .unwrap_or_else(|| panic!("{name} in {text}"));
        let value: f64 = line[prefix.len()..].parse().unwrap();
        assert!(value > 0.0, "{line}");
    }
}

#[test]
#[ignore = "needs prometheus-pushgateway: scripts/test.sh installs it and runs this"]
fn labels_the_grouping_key_holds_are_refused_with_gos_text() {
    let gw = Gateway::start();
    let job = promreg::CounterVec::new(Opts::new("c_total", "h"), &["job"]);
    job.with_label_values(&["other"]).inc();
    let err = Pusher::new(&gw.url(), "j").collector(Box::new(job)).push().unwrap_err();
    assert_eq!(
        err.to_string(),
        "pushed metric c_total (label:<name:\"job\" value:\"other\" > counter:<value:1 > ) already contains a job label"
    );
    let g = Gauge::new(Opts::new("g", "h").const_label("instance", "x"));
    let err = Pusher::new(&gw.url(), "j")
        .grouping("instance", "y")
        .collector(Box::new(g))
        .push()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "pushed metric g (label:<name:\"instance\" value:\"x\" > gauge:<value:0 > ) already contains grouping label instance"
    );
    assert_eq!(gw.groups(), Vec::<serde_json::Value>::new());
}

/// Needs no gateway: nothing listens on port 1.
#[test]
fn a_refused_connection_and_a_bad_url_are_clear_errors() {
    let err = Pusher::new("127.0.0.1:1", "j").push().unwrap_err();
    assert_eq!(
        err.to_string(),
        "Put \"http://127.0.0.1:1/metrics/job/j\": Connection refused (os error 111)"
    );
    let err = Pusher::new("https://gw:9091", "j").delete().unwrap_err();
    assert_eq!(
        err.to_string(),
        "unsupported URL \"https://gw:9091/metrics/job/j\": only http://host[:port] URLs can be pushed to"
    );
}

/// A registry served by promreg's handler on a thread of its own; the URL.
fn serve(reg: promreg::Registry) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    listener.set_nonblocking(true).unwrap();
    std::thread::spawn(move || {
        let runtime =
            tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async move {
            let handler =
                promreg::http::handler_for(std::sync::Arc::new(reg), Default::default());
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            let _ = promreg::http::serve(listener, move |req| {
                let handler = handler.clone();
                async move { handler.handle(req.headers()).await }
            })
            .await;
        })
    });
    format!("http://{addr}/metrics")
}

#[test]
fn scrape_and_compare_reads_what_a_server_serves() {
    use promreg::testutil::scrape_and_compare;
    let reg = promreg::Registry::new();
    reg.register(Box::new(counter("served_total", 3.0))).unwrap();
    reg.register(Box::new(Gauge::new(Opts::new("other", "h")))).unwrap();
    let url = serve(reg);
    let expected =
        "# HELP served_total Processed.\n# TYPE served_total counter\nserved_total 3\n";
    scrape_and_compare(&url, expected, &["served_total"]).unwrap();
    let err = scrape_and_compare(&url, expected, &[]).unwrap_err();
    assert!(err.to_string().starts_with("\n\nDiff:\n"), "{err}");
    let err =
        scrape_and_compare("http://127.0.0.1:1/metrics", expected, &[]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "scraping metrics failed: Get \"http://127.0.0.1:1/metrics\": Connection refused (os error 111)"
    );
}
