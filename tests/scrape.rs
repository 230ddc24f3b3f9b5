//! The streaming scrape (`Registry::write_scrape`) against the gather path
//! (`gather`, then `Format::append` on each family): the same bytes and the
//! same errors in text, OpenMetrics and protobuf, on the benchmark
//! workloads, on the demo-exporter's kind of registry, and on random
//! registries made to collide (a property test).

#[path = "../benches/workloads.rs"]
mod workloads;

use std::sync::Arc;

use promreg::encode::Format;
use promreg::{
    Collector, Counter, CounterVec, Desc, Gatherer, Gauge, GaugeVec, HistogramOpts,
    HistogramVec, Labels, Metric, Opts, Registry, ScrapeError, Sender, SummaryOpts,
    SummaryVec, ValueType, new_const_metric,
};
use proptest::prelude::*;

const FORMATS: [Format; 3] = [Format::Text, Format::OpenMetrics, Format::ProtoDelim];

/// What the gather path writes, and its errors as text: gather errors,
/// then each encoding failure with where it happened.
fn gathered(reg: &Registry, format: Format) -> (Vec<u8>, Vec<String>) {
    let (families, mut errors) = match reg.gather() {
        Ok(families) => (families, Vec::new()),
        Err(err) => (err.families.clone(), vec![err.to_string()]),
    };
    let mut out = Vec::new();
    for mf in &families {
        let at = out.len();
        if let Err(err) = format.append(&mut out, mf) {
            errors.push(format!("{at}: {err}"));
        }
    }
    (out, errors)
}

/// What the streaming scrape writes, and its errors in the same form.
fn streamed(reg: &Registry, format: Format) -> (Vec<u8>, Vec<String>) {
    let mut out = Vec::new();
    let errors = match reg.write_scrape(&mut out, format) {
        Ok(()) => Vec::new(),
        Err(ScrapeError { gather, encode }) => gather
            .map(|g| {
                assert!(g.families.is_empty(), "what was gathered is in the output");
                g.to_string()
            })
            .into_iter()
            .chain(encode.iter().map(|f| format!("{}: {}", f.at, f.error)))
            .collect(),
    };
    (out, errors)
}

fn assert_same(reg: &Registry, what: &str) {
    for format in FORMATS {
        let (want, want_errors) = gathered(reg, format);
        let (got, got_errors) = streamed(reg, format);
        assert_eq!(got_errors, want_errors, "{what}, {format:?}: errors");
        if got != want {
            panic!(
                "{what}, {format:?}: bytes differ\n--- streamed\n{}\n--- gathered\n{}",
                String::from_utf8_lossy(&got),
                String::from_utf8_lossy(&want)
            );
        }
    }
}

#[test]
fn workloads_stream_the_gathered_bytes() {
    for workload in workloads::WORKLOADS {
        assert_same(&workloads::promreg(workload), workload);
    }
}

/// Through the trait object too (what the HTTP handler holds).
#[test]
fn gatherer_trait_streams_for_a_registry() {
    let reg = Registry::new();
    let v = CounterVec::new(Opts::new("requests_total", "Requests."), &["code"]);
    v.with_label_values(&["200"]).add(3.0);
    reg.register(Box::new(v)).unwrap();
    let g: Arc<dyn Gatherer> = Arc::new(reg);
    let mut out = Vec::new();
    g.write_scrape(&mut out, Format::Text).unwrap();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "# HELP requests_total Requests.\n# TYPE requests_total counter\nrequests_total{code=\"200\"} 3\n"
    );
}

/// A family promreg streams and one it gathers, side by side; a gather
/// error in one family leaves the streamed one written.
#[test]
fn errors_leave_streamed_families_written() {
    let reg = Registry::new();
    let ok = GaugeVec::new(Opts::new("a_ok", "Fine."), &["x"]);
    ok.with_label_values(&["1"]).set(1.0);
    reg.register(Box::new(ok)).unwrap();
    let c = Counter::new(Opts::new("b_total", "Counted."));
    reg.register(Box::new(c.clone())).unwrap();
    // Sends b_total a second time: a duplicate series.
    reg.register(Box::new(Echo(vec![Arc::new(c)]))).unwrap();
    assert_same(&reg, "duplicate through another collector");
    let mut out = Vec::new();
    let err = reg.write_scrape(&mut out, Format::Text).unwrap_err();
    assert_eq!(
        err.to_string(),
        "collected metric \"b_total\" { counter:<value:0 > } was collected before with the same name and label values"
    );
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "# HELP a_ok Fine.\n# TYPE a_ok gauge\na_ok{x=\"1\"} 1\n\
         # HELP b_total Counted.\n# TYPE b_total counter\nb_total 0\n"
    );
}

/// Const metrics of one family name that the light checks must not let
/// through (descs that disagree, duplicates, an unregistered desc on a
/// pedantic registry), each next to a family that streams: the errors
/// and bytes of the gather path, exactly.
#[test]
fn const_families_that_disagree_take_the_gather_path() {
    let desc = |help: &str, labels: &[&str], constant: &str| {
        let constant = if constant.is_empty() {
            Labels::new()
        } else {
            Labels::from([("k".to_owned(), constant.to_owned())])
        };
        Desc::new("b", help, labels, constant)
    };
    // (descs, metrics as (desc index, value type, label values), pedantic)
    type Case = (Vec<Desc>, Vec<(usize, ValueType, Vec<&'static str>)>, bool);
    use ValueType::{Counter as C, Gauge as G};
    #[rustfmt::skip]
    let cases: Vec<(&str, Case)> = vec![
        ("one desc", (vec![desc("H.", &["x"], "")], vec![(0, G, vec!["2"]), (0, G, vec!["1"])], false)),
        ("equal descs", (vec![desc("H.", &["x"], ""), desc("H.", &["x"], "")], vec![(0, G, vec!["2"]), (1, G, vec!["1"])], true)),
        ("help", (vec![desc("H.", &["x"], ""), desc("G.", &["x"], "")], vec![(0, G, vec!["2"]), (1, G, vec!["1"])], false)),
        ("label names", (vec![desc("H.", &["x"], ""), desc("H.", &["x", "y"], "")], vec![(1, G, vec!["a", "c"]), (0, G, vec!["b"])], false)),
        ("const labels", (vec![desc("H.", &["x"], "1"), desc("H.", &["x"], "2")], vec![(0, G, vec!["b"]), (1, G, vec!["a"])], false)),
        ("value types", (vec![desc("H.", &["x"], "")], vec![(0, G, vec!["2"]), (0, C, vec!["1"])], false)),
        ("duplicates", (vec![desc("H.", &["x"], "")], vec![(0, G, vec!["2"]), (0, G, vec!["1"]), (0, G, vec!["2"])], false)),
        ("unregistered", (vec![desc("H.", &["x"], "1"), desc("H.", &["x"], "2")], vec![(0, G, vec!["2"]), (1, G, vec!["1"])], true)),
    ];
    for (what, (descs, metrics, pedantic)) in cases {
        let reg = if pedantic { Registry::new_pedantic() } else { Registry::new() };
        let streams = CounterVec::new(Opts::new("a_total", "Streams."), &["x"]);
        streams.with_label_values(&["1"]).inc();
        reg.register(Box::new(streams)).unwrap();
        // Every case's collector is checked and describes its first desc
        // only (both, where the descs are equal, but for "unregistered").
        let described = descs
            .iter()
            .enumerate()
            .map(|(i, _)| i == 0 || (what == "equal descs"))
            .collect();
        let metrics = metrics
            .into_iter()
            .map(|(d, vt, values)| {
                (d, vt, values.into_iter().map(str::to_owned).collect(), 1.5)
            })
            .collect();
        let custom =
            Custom { checked: true, descs, described, metrics, echoes: Vec::new() };
        reg.register(Box::new(custom)).unwrap();
        assert_same(&reg, what);
        let (_, errors) = gathered(&reg, Format::Text);
        let expect_errors =
            !matches!(what, "one desc" | "equal descs" | "label names" | "const labels");
        assert_eq!(!errors.is_empty(), expect_errors, "{what}: {errors:?}");
    }
}

/// An unchecked collector that sends metrics it holds.
struct Echo(Vec<Arc<dyn Metric>>);

impl Collector for Echo {
    fn describe(&self, _: &Sender<Desc>) {}

    fn collect(&self, metrics: &Sender<Arc<dyn Metric>>) {
        for m in &self.0 {
            let _ = metrics.send(m.clone());
        }
    }
}

/// A custom collector: const metrics of its own descs, each with label
/// values and a value (duplicates and clashes included), and echoes of
/// other collectors' metrics.
struct Custom {
    checked: bool,
    descs: Vec<Desc>,
    /// Which descs `describe` sends (a pedantic registry reports metrics
    /// of the others).
    described: Vec<bool>,
    metrics: Vec<(usize, ValueType, Vec<String>, f64)>,
    echoes: Vec<Arc<dyn Metric>>,
}

impl Collector for Custom {
    fn describe(&self, descs: &Sender<Desc>) {
        if self.checked {
            let described =
                self.descs.iter().zip(&self.described).filter(|(_, sent)| **sent);
            described.for_each(|(d, _)| drop(descs.send(d.clone())));
        }
    }

    fn collect(&self, metrics: &Sender<Arc<dyn Metric>>) {
        for (d, vt, values, v) in &self.metrics {
            let values: Vec<&str> = values.iter().map(String::as_str).collect();
            let m: Arc<dyn Metric> =
                match new_const_metric(&self.descs[*d], *vt, *v, &values) {
                    Ok(m) => Arc::new(m),
                    Err(err) => {
                        Arc::new(promreg::new_invalid_metric(self.descs[*d].clone(), err))
                    }
                };
            let _ = metrics.send(m);
        }
        self.echoes.iter().for_each(|m| drop(metrics.send(m.clone())));
    }
}

// Pools that make names, helps, labels and values collide often.
const NAMES: [&str; 9] =
    ["a", "a_total", "a_count", "a_sum", "a_bucket", "b", "b_total", "c", "c_sum"];
const HELPS: [&str; 3] = ["Help one.", "Help \"two\"\\.", "Help\nthree."];
const LABEL_SETS: [&[&str]; 4] = [&[], &["x"], &["x", "y"], &["y", "x"]];
const VALUES: [&str; 7] = ["", "v", "w", "a\"b", "back\\slash", "new\nline", "ü"];
const NUMBERS: [f64; 12] = [
    0.0,
    -0.0,
    1.0,
    1.5,
    f64::NAN,
    f64::INFINITY,
    f64::NEG_INFINITY,
    1e300,
    5e-324,
    123456789.0,
    -7.25,
    1e21,
];

/// One collector of a random registry.
#[derive(Clone, Debug)]
enum Part {
    /// kind: 0 CounterVec, 1 GaugeVec, 2 Counter, 3 Gauge, 4 HistogramVec,
    /// 5 HistogramVec with native buckets too, 6 SummaryVec with quantiles,
    /// 7 SummaryVec without.
    Owned {
        kind: u8,
        name: usize,
        help: usize,
        labels: usize,
        constant: bool,
        series: Vec<(Vec<usize>, usize)>,
    },
    /// At most one: its collectors' metrics come in one deterministic order.
    /// Its descs (name, help, labels, described); each metric picks one
    /// (or an equal copy of it), a value type, label values and a number.
    Custom {
        checked: bool,
        descs: Vec<(usize, usize, usize, bool)>,
        metrics: Vec<(usize, bool, bool, Vec<usize>, usize)>,
        echo: Vec<usize>,
    },
}

fn part() -> impl Strategy<Value = Part> {
    let series = prop::collection::vec(
        (prop::collection::vec(0..VALUES.len(), 2), 0..NUMBERS.len()),
        0..5,
    );
    prop_oneof![
        4 => (0u8..8, 0..NAMES.len(), 0..HELPS.len(), 0..LABEL_SETS.len(), any::<bool>(), series).prop_map(
            |(kind, name, help, labels, constant, series)| Part::Owned { kind, name, help, labels, constant, series }
        ),
        1 => (
            any::<bool>(),
            prop::collection::vec(
                // Half of them named alike, so that descs of one name meet.
                (prop_oneof![Just(5), 0..NAMES.len()], 0..HELPS.len(), 0..LABEL_SETS.len(), prop::bool::weighted(0.8)),
                1..4
            ),
            prop::collection::vec(
                (0usize..3, prop::bool::weighted(0.2), prop::bool::weighted(0.2),
                 prop::collection::vec(0..VALUES.len(), 2), 0..NUMBERS.len()),
                0..10
            ),
            prop::collection::vec(0usize..8, 0..3),
        ).prop_map(|(checked, descs, metrics, echo)| Part::Custom { checked, descs, metrics, echo }),
    ]
}

/// Builds the registry `parts` describe; registration errors are ignored
/// (they are not what this test is about). Returns it with the owned
/// metrics made, for echoes.
fn build(parts: &[Part], pedantic: bool) -> Registry {
    let reg = if pedantic { Registry::new_pedantic() } else { Registry::new() };
    let mut made: Vec<Arc<dyn Metric>> = Vec::new();
    let mut custom = None;
    for part in parts {
        match part {
            Part::Owned { kind, name, help, labels, constant, series } => {
                let names = LABEL_SETS[*labels];
                let mut opts = Opts::new(NAMES[*name], HELPS[*help]);
                if *constant {
                    opts = opts.const_label("z", "const");
                }
                let values = |s: &Vec<usize>| -> Vec<&str> {
                    s.iter().take(names.len()).map(|&i| VALUES[i]).collect()
                };
                let collector: Box<dyn Collector> = match kind {
                    0 => {
                        let v = CounterVec::new(opts, names);
                        for (s, n) in series {
                            let c = v.with_label_values(&values(s));
                            add(&c, *n, s);
                            made.push(Arc::new(c));
                        }
                        Box::new(v)
                    }
                    1 => {
                        let v = GaugeVec::new(opts, names);
                        for (s, n) in series {
                            let g = v.with_label_values(&values(s));
                            g.set(NUMBERS[*n]);
                            made.push(Arc::new(g));
                        }
                        Box::new(v)
                    }
                    2 => {
                        let c = Counter::new(opts);
                        if let Some((s, n)) = series.first() {
                            add(&c, *n, s);
                        }
                        made.push(Arc::new(c.clone()));
                        Box::new(c)
                    }
                    3 => {
                        let g = Gauge::new(opts);
                        g.set(series.first().map_or(0.0, |(_, n)| NUMBERS[*n]));
                        made.push(Arc::new(g.clone()));
                        Box::new(g)
                    }
                    6 | 7 => {
                        let mut sopts = SummaryOpts::new(NAMES[*name], HELPS[*help]);
                        sopts.common = opts;
                        if *kind == 6 {
                            sopts = sopts.objective(0.5, 0.05).objective(0.9, 0.01);
                        }
                        let v = SummaryVec::new(sopts, names);
                        for (s, n) in series {
                            v.with_label_values(&values(s)).observe(NUMBERS[*n]);
                        }
                        Box::new(v)
                    }
                    _ => {
                        let mut hopts = HistogramOpts::new(NAMES[*name], HELPS[*help]);
                        hopts.common = opts;
                        if *kind == 5 {
                            hopts = hopts
                                .buckets(vec![0.5, 1.0, 2.0])
                                .native_histogram_bucket_factor(1.1);
                        }
                        let v = HistogramVec::new(hopts, names);
                        for (s, n) in series {
                            let h = v.with_label_values(&values(s));
                            if n % 4 == 1 {
                                let trace = Labels::from([(
                                    "trace_id".to_owned(),
                                    VALUES[s[1]].to_owned(),
                                )]);
                                h.observe_with_exemplar(NUMBERS[*n], &trace);
                            } else {
                                h.observe(NUMBERS[*n]);
                            }
                        }
                        Box::new(v)
                    }
                };
                let _ = reg.register(collector);
            }
            Part::Custom { .. } if custom.is_none() => custom = Some(part.clone()),
            Part::Custom { .. } => {}
        }
    }
    if let Some(Part::Custom { checked, descs, metrics, echo }) = custom {
        let desc_of = |&(name, help, labels, _): &(usize, usize, usize, bool)| {
            Desc::new(NAMES[name], HELPS[help], LABEL_SETS[labels], Labels::new())
        };
        let mut c = Custom {
            checked,
            descs: Vec::new(),
            described: Vec::new(),
            metrics: Vec::new(),
            echoes: Vec::new(),
        };
        for spec in &descs {
            c.descs.push(desc_of(spec));
            c.described.push(spec.3);
        }
        for (d, copy, counter, values, n) in metrics {
            let spec = &descs[d % descs.len()];
            let names = LABEL_SETS[spec.2];
            let index = if copy {
                // An equal desc, but not the same one.
                c.descs.push(desc_of(spec));
                c.described.push(false);
                c.descs.len() - 1
            } else {
                d % descs.len()
            };
            let vt = if counter { ValueType::Counter } else { ValueType::Gauge };
            let values =
                values.iter().take(names.len()).map(|&i| VALUES[i].to_owned()).collect();
            c.metrics.push((index, vt, values, NUMBERS[n]));
        }
        c.echoes = echo.iter().filter_map(|&i| made.get(i).cloned()).collect();
        let _ = reg.register(Box::new(c));
    }
    reg
}

/// Adds `NUMBERS[n]` (made non-negative) to `c`, with an exemplar for
/// every third number.
fn add(c: &Counter, n: usize, values: &[usize]) {
    let v = NUMBERS[n].abs().max(0.0);
    if n.is_multiple_of(3) {
        c.add_with_exemplar(
            v,
            &Labels::from([("trace_id".to_owned(), VALUES[values[0]].to_owned())]),
        );
    } else {
        c.add(v);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// Random registries: the same bytes and the same errors both ways.
    #[test]
    fn random_registries_stream_what_they_gather(parts in prop::collection::vec(part(), 0..7), pedantic: bool) {
        let reg = build(&parts, pedantic);
        assert_same(&reg, &format!("{parts:?}, pedantic {pedantic}"));
    }
}

/// A registry of demo-exporter's kinds: a custom collector of const
/// metrics, a histogram with classic and native buckets and an exemplar,
/// a counter, a gauge vec, build info, and the handler's error counter.
fn demo_like_registry() -> Arc<Registry> {
    let reg = Arc::new(Registry::new());
    let host = Desc::new(
        "demo_memory_bytes",
        "Memory of the host by kind.",
        &["kind"],
        Labels::new(),
    );
    let metrics = vec![(0, ValueType::Gauge, vec!["total".to_owned()], 1024.0)];
    let custom = Custom {
        checked: true,
        descs: vec![host],
        described: vec![true],
        metrics,
        echoes: Vec::new(),
    };
    reg.register(Box::new(custom)).unwrap();
    let h = promreg::Histogram::new(
        HistogramOpts::new(
            "demo_exporter_scrape_duration_seconds",
            "Durations of scrapes.",
        )
        .buckets(promreg::exponential_buckets(0.0001, 2.0, 12))
        .native_histogram_bucket_factor(1.1),
    );
    h.observe_with_exemplar(
        0.0042,
        &Labels::from([("scrape".to_owned(), "1".to_owned())]),
    );
    reg.register(Box::new(h)).unwrap();
    let scrapes = Counter::new(Opts::new(
        "demo_exporter_scrapes_total",
        "Total number of scrapes.",
    ));
    scrapes.add(7.0);
    reg.register(Box::new(scrapes)).unwrap();
    let load = GaugeVec::new(Opts::new("demo_load", "Load."), &["minutes"]);
    load.with_label_values(&["1"]).set(0.25);
    load.with_label_values(&["15"]).set(0.5);
    reg.register(Box::new(load)).unwrap();
    reg.register(Box::new(promreg::BuildInfoCollector::new(
        "demo_exporter",
        "0.1.0",
        "abc",
        "main",
    )))
    .unwrap();
    reg
}

/// The handler serves, in every format, what gather and encode write.
#[tokio::test]
async fn the_handler_serves_the_gathered_bytes() {
    use promreg::http::{HandlerOpts, handler_for};
    let reg = demo_like_registry();
    let opts = HandlerOpts {
        registry: Some(reg.clone()),
        enable_openmetrics: true,
        ..HandlerOpts::default()
    };
    let handler = handler_for(reg.clone(), opts);
    for format in FORMATS {
        let mut headers = hyper::HeaderMap::new();
        let accept = match format {
            Format::Text => "text/plain",
            Format::OpenMetrics => "application/openmetrics-text; version=0.0.1",
            _ => {
                "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited"
            }
        };
        headers.insert("accept", accept.parse().unwrap());
        let response = handler.handle(&headers).await;
        assert_eq!(response.headers()["content-type"], format.content_type());
        let body = http_body_util::BodyExt::collect(response.into_body())
            .await
            .unwrap()
            .to_bytes();
        let (mut want, errors) = gathered(&reg, format);
        format.append_end(&mut want);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(
            String::from_utf8_lossy(&body),
            String::from_utf8_lossy(&want),
            "{format:?}"
        );
    }
}
