//! Native histograms against the Go original: the bucket bounds of every
//! positive schema, the schema each factor gives, observations of every
//! kind of value in every format, a vec with curry and delete, and each
//! bucket-limit strategy step by step (`native*` in `tests/golden/`).

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use common::golden_tsv;
use promreg::encode::Format;
use promreg::proto::Metric as ProtoMetric;
use promreg::{
    Histogram, HistogramOpts, HistogramVec, Metric, NATIVE_HISTOGRAM_ZERO_THRESHOLD_ZERO,
    Registry, labels,
};

fn native(name: &str, help: &str, factor: f64) -> HistogramOpts {
    HistogramOpts::new(name, help).native_histogram_bucket_factor(factor)
}

fn write(h: &Histogram) -> ProtoMetric {
    let mut m = ProtoMetric::new();
    h.write(&mut m).unwrap();
    m
}

/// The key of the only positive bucket after observing `v` once.
fn key_of(schema_factor: f64, v: f64) -> i32 {
    let h = Histogram::new(
        native("k", "k", schema_factor)
            .native_histogram_zero_threshold(NATIVE_HISTOGRAM_ZERO_THRESHOLD_ZERO),
    );
    h.observe(v);
    write(&h).histogram.positive_span[0].offset()
}

/// A factor that gives `schema`.
fn factor_for(schema: i32) -> f64 {
    // Neighbouring bounds grow by 2^(2^-schema); a factor just that large.
    2f64.powf(2f64.powi(-schema)) * (1.0 + 1e-9)
}

#[test]
fn bucket_bounds_equal_go() {
    let rows = golden_tsv("native_bounds.tsv");
    assert!(rows.len() >= 500, "{} rows", rows.len());
    for row in rows {
        let (schema, i): (i32, i32) = (row[0].parse().unwrap(), row[1].parse().unwrap());
        let go = f64::from_bits(u64::from_str_radix(&row[2], 16).unwrap());
        let n = 1 << schema;
        // Go's bound ends bucket i - n at exponent 0: it is in that bucket,
        // the next float is in the next one.
        let factor = factor_for(schema);
        assert_eq!(key_of(factor, go), i - n, "schema {schema}, bound {i} = {go:e}");
        assert_eq!(
            key_of(factor, go.next_up()),
            i + 1 - n,
            "schema {schema}, above bound {i} = {go:e}"
        );
    }
}

#[test]
fn schema_from_factor_equals_go() {
    for row in golden_tsv("native_schema.tsv") {
        let factor: f64 = row[0].parse().unwrap();
        let h = Histogram::new(native("s", "s", factor));
        let m = write(&h);
        let got = m.histogram.schema.map_or("none".to_owned(), |s| s.to_string());
        assert_eq!(got, row[1], "factor {factor}");
    }
}

#[test]
fn native_histograms_equal_go() {
    let reg = Registry::new();
    let nh = Histogram::new(native("nh_seconds", "Native only.", 1.1));
    // Go's `math.NaN()` has payload 1; a sum takes the NaN's bits.
    let go_nan = f64::from_bits(0x7ff8_0000_0000_0001);
    for v in [
        0.0,
        1e-40,
        0.5,
        1.0,
        1.5,
        3.0,
        3.0,
        -2.0,
        -0.001,
        1e-5,
        1e6,
        go_nan,
        f64::INFINITY,
        f64::NEG_INFINITY,
    ] {
        nh.observe(v);
    }
    let both = Histogram::new(
        native("both_seconds", "Both.", 2.0)
            .buckets(vec![0.1, 1.0])
            .native_histogram_zero_threshold(0.001),
    );
    for v in [0.0005, 0.05, 0.5, 5.0, -0.5] {
        both.observe(v);
    }
    let nzero = Histogram::new(
        native("nzero_seconds", "Zero threshold zero.", 1.5)
            .native_histogram_zero_threshold(NATIVE_HISTOGRAM_ZERO_THRESHOLD_ZERO),
    );
    for v in [0.0, 1e-300, -1e-300, 2.0] {
        nzero.observe(v);
    }
    let nvec = HistogramVec::new(native("nvec_seconds", "Vec.", 1.2), &["route", "code"]);
    nvec.with_label_values(&["/a", "200"]).observe(0.1);
    nvec.with_label_values(&["/a", "200"]).observe(0.2);
    nvec.with_label_values(&["/b", "500"]).observe(5.0);
    nvec.must_curry_with(&labels! {"code" => "200"})
        .with_label_values(&["/c"])
        .observe(1.0);
    nvec.with_label_values(&["/a", "200"]).observe(0.3);
    assert!(nvec.delete_label_values(&["/b", "500"]));
    let nempty = Histogram::new(native("nempty_seconds", "Nothing observed.", 1.1));
    reg.must_register([
        Box::new(nh) as _,
        Box::new(both) as _,
        Box::new(nzero) as _,
        Box::new(nvec) as _,
        Box::new(nempty) as _,
    ]);
    common::assert_golden_families("native", &reg.gather().unwrap());

    let reg = Registry::new();
    let large = Histogram::new(native("nlarge_seconds", "Large schema keys.", 65536.0));
    for v in [1.0, 2.0, 3.0, 100.0, 1e10, 1e300, f64::INFINITY] {
        large.observe(v);
    }
    reg.register(Box::new(large)).unwrap();
    common::assert_golden_families("native_large_keys", &reg.gather().unwrap());
}

/// Below 1 at negative schemas, promreg follows later releases (PR #1279):
/// each value's bucket holds it. Where 1.14's key differs, 1.14's bucket
/// does not hold the value.
#[test]
fn small_values_at_negative_schemas() {
    let mut differ = 0;
    for row in golden_tsv("native_small_values.tsv") {
        let (schema, v, go): (i32, f64, i32) =
            (row[0].parse().unwrap(), row[1].parse().unwrap(), row[2].parse().unwrap());
        let ours = key_of(factor_for(schema), v);
        let bound = |k: i32| 2f64.powf(f64::from(k) * 2f64.powi(-schema));
        assert!(
            bound(ours - 1) < v && v <= bound(ours),
            "{v} at schema {schema}: key {ours}"
        );
        if ours != go {
            differ += 1;
            assert!(
                !(bound(go - 1) < v && v <= bound(go)),
                "1.14's key {go} holds {v} at {schema} too"
            );
        }
    }
    assert!(differ > 0, "1.14 and later releases agree everywhere: is the file right?");
}

/// A clock that moves a second on each reading.
fn ticking_clock() -> promreg::Clock {
    let start = Instant::now();
    let ticks = Arc::new(AtomicU64::new(0));
    Arc::new(move || start + Duration::from_secs(ticks.fetch_add(1, Ordering::Relaxed)))
}

/// Each limit strategy, after each observation, as Go's text of the
/// histogram (`native_limits.tsv`).
#[test]
fn bucket_limit_strategies_equal_go() {
    let rows = golden_tsv("native_limits.tsv");
    let mut cases: Vec<(String, Histogram)> = Vec::new();
    let mut checked = 0;
    for row in rows {
        let (case, step, want) = (&row[0], &row[1], &row[2]);
        if cases.last().is_none_or(|(c, _)| c != case) {
            cases.push((case.clone(), limit_case(case)));
        }
        let h = &cases.last().unwrap().1;
        let v: f64 = step.strip_prefix("observe ").unwrap().parse().unwrap();
        h.observe(v);
        // Go's `Histogram.String()` is the inside of a metric's `histogram:<...> `.
        let family = {
            let reg = Registry::new();
            reg.register(Box::new(h.clone())).unwrap();
            reg.gather().unwrap().remove(0)
        };
        let mut text = Vec::new();
        Format::ProtoCompact.append(&mut text, &family).unwrap();
        let text = String::from_utf8(text).unwrap();
        // (Compact text has no raw tab or newline: the TSV field is Go's.)
        let expected = format!(
            "name:\"l\" help:\"l\" type:HISTOGRAM metric:<histogram:<{want}> > \n"
        );
        assert_eq!(text, expected, "case {case}, {step}");
        checked += 1;
    }
    assert!(checked > 30, "{checked} steps");
}

fn limit_case(case: &str) -> Histogram {
    let opts = native("l", "l", 1.1);
    let opts = match case {
        "widen" | "widen_negative" => opts
            .native_histogram_max_bucket_number(3)
            .native_histogram_max_zero_threshold(0.5),
        "halve" | "inf_and_nan" => opts.native_histogram_max_bucket_number(2),
        "widen_then_halve" => opts
            .native_histogram_max_bucket_number(2)
            .native_histogram_max_zero_threshold(0.05),
        "reset" => opts
            .native_histogram_max_bucket_number(2)
            .native_histogram_min_reset_duration(Duration::from_nanos(1))
            .clock(ticking_clock()),
        "classic_and_reset" => native("l", "l", 2.0)
            .buckets(vec![1.0, 10.0])
            .native_histogram_max_bucket_number(1)
            .native_histogram_min_reset_duration(Duration::from_nanos(1))
            .clock(ticking_clock()),
        other => panic!("unknown case {other}"),
    };
    Histogram::new(opts)
}

/// Under real threads, every scrape of a native histogram adds up: the
/// count equals the classic buckets' total and the native buckets' total
/// (zero bucket included), and the sum matches the count (all values 1).
#[test]
fn a_scrape_never_sees_a_torn_native_histogram() {
    let h = Histogram::new(native("t", "t", 1.1).buckets(vec![0.5, 2.0]));
    let writers: Vec<_> = (0..2)
        .map(|t| {
            let h = h.clone();
            std::thread::spawn(move || {
                for i in 0..50_000 {
                    h.observe(if (i + t) % 3 == 0 { 0.0 } else { 1.0 });
                }
            })
        })
        .collect();
    let mut scrapes = 0;
    while writers.iter().any(|w| !w.is_finished()) || scrapes == 0 {
        let m = write(&h);
        let hist = &m.histogram;
        let native: i64 = hist
            .positive_delta
            .iter()
            .scan(0, |c, d| {
                *c += d;
                Some(*c)
            })
            .sum::<i64>()
            + hist.zero_count() as i64;
        assert_eq!(native as u64, hist.sample_count(), "native buckets vs count");
        assert_eq!(hist.bucket.last().unwrap().cumulative_count(), hist.sample_count());
        let ones = hist.sample_count() - hist.zero_count();
        assert_eq!(hist.sample_sum(), ones as f64, "sum vs count");
        scrapes += 1;
    }
    writers.into_iter().for_each(|w| w.join().unwrap());
    assert_eq!(write(&h).histogram.sample_count(), 100_000);
}
