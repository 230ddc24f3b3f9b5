//! Histograms, summaries and vectors give the Go original's figures, byte
//! for byte in text and protobuf: each test builds the registry that
//! `tests/go/golden.go` builds and compares with `tests/golden/`.

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{TestCollector, golden_tsv};
use parking_lot::Mutex;
use promreg::{
    CounterVec, DEF_BUCKETS, Desc, GaugeVec, Histogram, HistogramOpts, HistogramVec,
    Opts, Registry, Summary, SummaryOpts, SummaryVec, exponential_buckets,
    exponential_buckets_range, labels, linear_buckets, must_new_const_histogram,
};

fn assert_golden(name: &str, reg: &Registry) {
    common::assert_golden_families(name, &reg.gather().unwrap());
}

/// The article's pond temperatures: `30 + floor(120*sin(i*0.1))/10`.
fn pond_values() -> impl Iterator<Item = f64> {
    (0..1000).map(|i| 30.0 + (120.0 * (f64::from(i) * 0.1).sin()).floor() / 10.0)
}

fn pond_objectives(opts: SummaryOpts) -> SummaryOpts {
    opts.objective(0.5, 0.05).objective(0.9, 0.01).objective(0.99, 0.001)
}

#[test]
fn histogram_default() {
    let h = Histogram::new(HistogramOpts::new("h_default_seconds", "Default buckets."));
    for v in [
        0.001, 0.005, 0.0051, 0.01, 0.3, 1.0, 1.0, 2.5, 7.0, 10.0, 10.5, 100.0, -1.0,
        0.25,
    ] {
        h.observe(v);
    }
    let reg = Registry::new();
    reg.register(Box::new(h)).unwrap();
    assert_golden("histogram_default", &reg);
}

#[test]
fn histogram_custom() {
    let reg = Registry::new();
    let pond = Histogram::new(
        HistogramOpts::new("linear", "Linear buckets.")
            .namespace("pond")
            .const_label("site", "a")
            .buckets(linear_buckets(20.0, 5.0, 5)),
    );
    pond_values().for_each(|v| pond.observe(v));
    let expo = Histogram::new(
        HistogramOpts::new("expo", "Exponential buckets.")
            .buckets(exponential_buckets(1.0, 2.0, 6)),
    );
    for v in [0.5, 1.0, 3.0, 3.0, 17.0, 31.9, 32.0, 33.0, 1e6] {
        expo.observe(v);
    }
    let empty = Histogram::new(
        HistogramOpts::new("empty_hist", "No observations.").buckets(vec![
            1.0,
            2.0,
            f64::INFINITY,
        ]),
    );
    let nan = Histogram::new(
        HistogramOpts::new("nan_hist", "NaN observed.").buckets(vec![1.0]),
    );
    nan.observe(0.5);
    nan.observe(f64::from_bits(0x7ff8000000000001)); // Go's math.NaN()
    for h in [pond, expo, empty, nan] {
        reg.register(Box::new(h)).unwrap();
    }
    assert_golden("histogram_custom", &reg);
}

#[test]
fn histogram_const() {
    let desc =
        Desc::new("const_hist", "Const histogram.", &["code"], labels! {"env" => "prod"});
    let d = desc.clone();
    let reg = Registry::new();
    reg.register(Box::new(TestCollector::new(vec![desc], move |ch| {
        let buckets = [(25.0, 121), (50.0, 2403), (100.0, 3221), (200.0, 4233)];
        ch.send(Arc::new(must_new_const_histogram(&d, 4711, 403.34, &buckets, &["200"])))
            .unwrap();
    })))
    .unwrap();
    assert_golden("histogram_const", &reg);
}

#[test]
fn summary_pond() {
    let s = Summary::new(pond_objectives(
        SummaryOpts::new("temperature_celsius", "The temperature of the frog pond.")
            .namespace("pond"),
    ));
    pond_values().for_each(|v| s.observe(v));
    let reg = Registry::new();
    reg.register(Box::new(s)).unwrap();
    assert_golden("summary_pond", &reg);
}

#[test]
fn summary_ckms() {
    let reg = Registry::new();
    let ckms =
        |name: &str| Summary::new(pond_objectives(SummaryOpts::new(name, "CKMS.")));
    let cases: [(&str, Vec<f64>); 6] = [
        ("s_in_order_1000", (1..=1000).map(f64::from).collect()),
        ("s_perm_10000", (0..10000u64).map(|i| ((i * 7919) % 10000) as f64).collect()),
        ("s_499", (1..=499).map(f64::from).collect()),
        ("s_500", (1..=500).map(f64::from).collect()),
        ("s_one", vec![42.0]),
        ("s_empty", vec![]),
    ];
    for (name, values) in cases {
        let s = ckms(name);
        values.into_iter().for_each(|v| s.observe(v));
        reg.register(Box::new(s)).unwrap();
    }
    let plain = Summary::new(SummaryOpts::new("s_no_objectives", "No objectives."));
    plain.observe(3.0);
    plain.observe(0.14);
    reg.register(Box::new(plain)).unwrap();
    let small = Summary::new(
        SummaryOpts::new("s_small_cap", "Buffer cap 7.")
            .objective(0.5, 0.05)
            .objective(0.99, 0.001)
            .buf_cap(7),
    );
    (0..100u32).for_each(|i| small.observe(f64::from((i * 37) % 101)));
    reg.register(Box::new(small)).unwrap();
    assert_golden("summary_ckms", &reg);
}

/// A clock the test moves by hand.
#[derive(Clone)]
struct ManualClock(Arc<Mutex<Instant>>);

impl ManualClock {
    fn new() -> ManualClock {
        ManualClock(Arc::new(Mutex::new(Instant::now())))
    }

    fn advance(&self, d: Duration) {
        *self.0.lock() += d;
    }

    fn clock(&self) -> promreg::Clock {
        let now = self.0.clone();
        Arc::new(move || *now.lock())
    }
}

#[test]
fn summary_max_age() {
    let clock = ManualClock::new();
    let aged = |name: &str, help: &str| {
        Summary::new(
            SummaryOpts::new(name, help)
                .objective(0.5, 0.05)
                .objective(0.9, 0.01)
                .max_age(Duration::from_secs(1))
                .age_buckets(2)
                .clock(clock.clock()),
        )
    };
    let s = aged("s_aged", "Max age passed.");
    let empty = aged("s_aged_empty", "Max age passed, nothing since.");
    (1..=100).for_each(|v| s.observe(f64::from(v)));
    (1..=10).for_each(|v| empty.observe(f64::from(v)));
    clock.advance(Duration::from_millis(2200));
    [1000.0, 2000.0, 3000.0].into_iter().for_each(|v| s.observe(v));
    let reg = Registry::new();
    reg.register(Box::new(s)).unwrap();
    reg.register(Box::new(empty)).unwrap();
    assert_golden("summary_max_age", &reg);
}

#[test]
fn vecs() {
    let reg = Registry::new();
    let requests = CounterVec::new(
        Opts::new("requests_total", "Requests.").const_label("app", "demo"),
        &["code", "method"],
    );
    requests.with_label_values(&["200", "get"]).add(3.0);
    requests.with_label_values(&["404", "get"]).inc();
    requests.with_label_values(&["200", "post"]).add(2.5);
    requests.with(&labels! {"code" => "500", "method" => "put"}).inc();
    assert!(requests.delete_label_values(&["404", "get"]));
    assert!(requests.delete(&labels! {"method" => "put", "code" => "500"}));
    let curried = requests.must_curry_with(&labels! {"method" => "delete"});
    curried.with_label_values(&["204"]).add(7.0);
    curried.with(&labels! {"code" => "410"}).inc();

    let temps = GaugeVec::new(Opts::new("temperature", "Temps."), &["room", "sensor"]);
    for (room, sensor, v) in [
        ("kitchen", "a", 21.5),
        ("kitchen", "b", 22.0),
        ("hall", "a", 18.0),
        ("cellar", "z", -3.0),
    ] {
        temps.with_label_values(&[room, sensor]).set(v);
    }
    assert_eq!(temps.delete_partial_match(&labels! {"room" => "kitchen"}), 2);
    temps.with_label_values(&["attic", "c"]).set(30.0);

    let latency = HistogramVec::new(
        HistogramOpts::new("latency_seconds", "Latency.").buckets(vec![0.1, 0.5, 1.0]),
        &["handler"],
    );
    for v in [0.05, 0.2, 0.7, 3.0] {
        latency.with_label_values(&["/a"]).observe(v);
    }
    latency.with_label_values(&["/b"]).observe(0.5);
    latency.with_label_values(&["/c"]).observe(1.0);
    assert!(latency.delete_label_values(&["/c"]));

    let sizes = SummaryVec::new(
        SummaryOpts::new("size_bytes", "Sizes.")
            .objective(0.5, 0.05)
            .objective(0.9, 0.01),
        &["kind"],
    );
    (1..=20).for_each(|v| sizes.with_label_values(&["x"]).observe(f64::from(v)));
    sizes.with_label_values(&["y"]).observe(100.0);
    sizes.with_label_values(&["y"]).observe(200.0);
    sizes.must_curry_with(&labels! {"kind" => "z"}).with_label_values(&[]).observe(5.0);

    let resets = CounterVec::new(Opts::new("resets_total", "Reset."), &["a"]);
    resets.with_label_values(&["1"]).inc();
    resets.with_label_values(&["2"]).inc();
    resets.reset();
    resets.with_label_values(&["3"]).add(4.0);

    reg.register(Box::new(requests)).unwrap();
    reg.register(Box::new(temps)).unwrap();
    reg.register(Box::new(latency)).unwrap();
    reg.register(Box::new(sizes)).unwrap();
    reg.register(Box::new(resets)).unwrap();
    assert_golden("vecs", &reg);
}

/// Every vec type after curries and deletes: GaugeVec through curried views
/// (one curried twice), HistogramVec with `delete_partial_match` on the vec
/// and on a curried view, SummaryVec with `delete_label_values` and `delete`
/// and a child recreated after its delete.
#[test]
fn vec_edits() {
    let queues =
        GaugeVec::new(Opts::new("queue_length", "Queue lengths."), &["queue", "shard"]);
    let mail = queues.must_curry_with(&labels! {"queue" => "mail"});
    mail.with_label_values(&["1"]).set(3.0);
    mail.with(&labels! {"shard" => "2"}).set(5.0);
    queues.with_label_values(&["sms", "1"]).set(7.0);
    let shard9 = queues.must_curry_with(&labels! {"shard" => "9"});
    shard9.with_label_values(&["push"]).add(1.5);
    shard9.with_label_values(&["push"]).inc();
    queues
        .must_curry_with(&labels! {"queue" => "x"})
        .must_curry_with(&labels! {"shard" => "y"})
        .with_label_values(&[])
        .set(-4.0);
    assert!(mail.delete_label_values(&["1"]));
    assert!(!mail.delete_label_values(&["sms", "1"]));

    let rpc = HistogramVec::new(
        HistogramOpts::new("rpc_seconds", "RPC latency.")
            .const_label("env", "prod")
            .buckets(vec![0.1, 1.0]),
        &["service", "method", "code"],
    );
    let auth = rpc.must_curry_with(&labels! {"service" => "auth"});
    auth.with_label_values(&["login", "200"]).observe(0.05);
    auth.with_label_values(&["login", "500"]).observe(2.0);
    auth.with_label_values(&["logout", "200"]).observe(0.5);
    auth.with(&labels! {"method" => "login", "code" => "200"}).observe(0.7);
    rpc.with_label_values(&["billing", "charge", "200"]).observe(0.3);
    rpc.with_label_values(&["billing", "refund", "500"]).observe(0.7);
    rpc.with_label_values(&["billing", "logout", "200"]).observe(0.01);
    assert_eq!(rpc.delete_partial_match(&labels! {"code" => "500"}), 2);
    // Curried labels never match; the others match across all views, as in Go.
    assert_eq!(auth.delete_partial_match(&labels! {"service" => "auth"}), 0);
    assert_eq!(auth.delete_partial_match(&labels! {"method" => "logout"}), 2);
    let signup = auth.must_curry_with(&labels! {"code" => "201"});
    signup.with_label_values(&["signup"]).observe(0.2);
    signup.with_label_values(&["signup"]).observe(0.1);

    let payloads = SummaryVec::new(
        SummaryOpts::new("payload_bytes", "Payload sizes.")
            .objective(0.5, 0.05)
            .objective(0.99, 0.001),
        &["dir", "kind"],
    );
    (1..=10).for_each(|v| payloads.with_label_values(&["in", "a"]).observe(f64::from(v)));
    payloads.with_label_values(&["in", "b"]).observe(5.0);
    payloads.with_label_values(&["out", "a"]).observe(100.0);
    payloads.with_label_values(&["out", "a"]).observe(200.0);
    payloads.with(&labels! {"dir" => "out", "kind" => "b"}).observe(42.0);
    assert!(payloads.delete_label_values(&["in", "b"]));
    assert!(!payloads.delete_label_values(&["in", "b"]));
    assert!(payloads.delete(&labels! {"kind" => "a", "dir" => "out"}));
    assert!(!payloads.delete(&labels! {"dir" => "out"}));
    payloads.with_label_values(&["out", "a"]).observe(7.0);

    let reg = Registry::new();
    reg.register(Box::new(queues)).unwrap();
    reg.register(Box::new(rpc)).unwrap();
    reg.register(Box::new(payloads)).unwrap();
    assert_golden("vec_edits", &reg);
}

/// Bucket helpers give the same `f64`s as Go's, bit for bit.
#[test]
fn bucket_helpers_equal_go() {
    let rows = golden_tsv("buckets.tsv");
    assert_eq!(rows.len(), 9);
    for row in rows {
        let got = match row[0].as_str() {
            "linear_m15_5_6" => linear_buckets(-15.0, 5.0, 6),
            "linear_20_5_5" => linear_buckets(20.0, 5.0, 5),
            "linear_frac" => linear_buckets(0.1, 0.1, 10),
            "expo_100_1.2_3" => exponential_buckets(100.0, 1.2, 3),
            "expo_1_2_6" => exponential_buckets(1.0, 2.0, 6),
            "expo_frac" => exponential_buckets(0.001, 1.7, 12),
            "range_1_100_10" => exponential_buckets_range(1.0, 100.0, 10),
            "range_frac" => exponential_buckets_range(0.005, 12.0, 7),
            "def" => DEF_BUCKETS.to_vec(),
            other => panic!("unknown bucket case {other}"),
        };
        let want: Vec<f64> = row[1].split(' ').map(|v| v.parse().unwrap()).collect();
        assert_eq!(got, want, "case {}", row[0]);
    }
}
