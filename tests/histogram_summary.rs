//! Ports of client_golang's histogram and summary tests: Go's errors and
//! panics word for word, the double buffer's consistency while observers
//! run, max age with an injected clock, and the timer.

mod common;

use std::panic::catch_unwind;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use common::golden_error;
use promreg::proto::Metric as ProtoMetric;
use promreg::{
    Desc, Histogram, HistogramOpts, HistogramVec, Labels, Metric, Registry, Summary,
    SummaryOpts, SummaryVec, Timer, exponential_buckets, exponential_buckets_range,
    linear_buckets, new_const_histogram, new_const_summary,
};

fn panic_text(f: impl FnOnce() + std::panic::UnwindSafe) -> String {
    let payload = catch_unwind(f).expect_err("must panic");
    match payload.downcast::<String>() {
        Ok(s) => *s,
        Err(p) => p.downcast::<&str>().map(|s| s.to_string()).unwrap_or_default(),
    }
}

fn hist(buckets: Vec<f64>) -> Result<Histogram, promreg::HistogramOptsError> {
    Histogram::try_new(HistogramOpts::new("h", "h").buckets(buckets))
}

#[test]
fn histogram_errors_equal_go() {
    let cases: Vec<(&str, String)> = vec![
        (
            "hist_not_increasing",
            hist(vec![1.0, 2.0, 2.0, 3.0]).err().unwrap().to_string(),
        ),
        (
            "hist_not_increasing_inf",
            hist(vec![1.0, 2.0, f64::INFINITY, 3.0]).err().unwrap().to_string(),
        ),
        ("hist_not_increasing_frac", hist(vec![0.5, 0.25]).err().unwrap().to_string()),
        (
            "hist_le_const",
            Histogram::try_new(HistogramOpts::new("h", "h").const_label("le", "1"))
                .err()
                .unwrap()
                .to_string(),
        ),
        // Both wrong: Go's `newHistogram` checks the labels first.
        (
            "hist_le_const",
            Histogram::try_new(
                HistogramOpts::new("h", "h")
                    .const_label("le", "1")
                    .buckets(vec![2.0, 1.0]),
            )
            .err()
            .unwrap()
            .to_string(),
        ),
        // Go finds this at the first `WithLabelValues`; promreg at once.
        (
            "hist_le_variable",
            HistogramVec::try_new(HistogramOpts::new("h", "h"), &["le"])
                .err()
                .unwrap()
                .to_string(),
        ),
        ("linear_zero", panic_text(|| drop(linear_buckets(1.0, 1.0, 0)))),
        ("expo_zero_count", panic_text(|| drop(exponential_buckets(1.0, 2.0, 0)))),
        ("expo_bad_start", panic_text(|| drop(exponential_buckets(0.0, 2.0, 3)))),
        ("expo_bad_factor", panic_text(|| drop(exponential_buckets(1.0, 1.0, 3)))),
        (
            "expo_range_count",
            panic_text(|| drop(exponential_buckets_range(1.0, 100.0, 0))),
        ),
        ("expo_range_min", panic_text(|| drop(exponential_buckets_range(0.0, 100.0, 3)))),
        (
            "const_hist_cardinality",
            new_const_histogram(
                &Desc::new("ch", "h", &["a"], Labels::new()),
                1,
                1.0,
                &[],
                &[],
            )
            .err()
            .unwrap()
            .to_string(),
        ),
    ];
    for (name, got) in cases {
        assert_eq!(got, golden_error(name), "case {name}");
    }
    // The panicking constructor panics with the same text.
    assert_eq!(
        panic_text(|| drop(Histogram::new(
            HistogramOpts::new("h", "h").buckets(vec![1.0, 2.0, 2.0, 3.0])
        ))),
        golden_error("hist_not_increasing")
    );
}

#[test]
fn summary_errors_equal_go() {
    let cases: Vec<(&str, String)> = vec![
        (
            "summary_quantile_const",
            Summary::try_new(SummaryOpts::new("s", "h").const_label("quantile", "x"))
                .err()
                .unwrap()
                .to_string(),
        ),
        (
            "summary_quantile_variable",
            SummaryVec::try_new(SummaryOpts::new("s", "h"), &["quantile"])
                .err()
                .unwrap()
                .to_string(),
        ),
        (
            "const_summary_invalid",
            new_const_summary(
                &Desc::new("1cs", "h", &[], Labels::new()),
                1,
                1.0,
                &[],
                &[],
            )
            .err()
            .unwrap()
            .to_string(),
        ),
    ];
    for (name, got) in cases {
        assert_eq!(got, golden_error(name), "case {name}");
    }
}

fn write(m: &dyn Metric) -> ProtoMetric {
    let mut out = ProtoMetric::new();
    m.write(&mut out).unwrap();
    out
}

/// Go's `TestHistogramAtomicObserve`, sharpened: while three threads
/// observe 1.0 as fast as they can, every scrape sees `_count` equal to the
/// `+Inf` bucket, to every finite bucket at or above 1, and to the sum.
#[test]
fn scrapes_never_see_a_torn_histogram() {
    let h = Histogram::new(HistogramOpts::new("h", "h").buckets(vec![0.5, 10.0, 20.0]));
    let stop = Arc::new(AtomicBool::new(false));
    let observers: Vec<_> = (0..3)
        .map(|_| {
            let (h, stop) = (h.clone(), stop.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    h.observe(1.0);
                }
            })
        })
        .collect();
    let mut last = 0;
    let start = std::time::Instant::now();
    let mut scrapes = 0;
    // Scrape until the observers are well under way (bounded in time).
    while (scrapes < 2000 || last < 100_000) && start.elapsed() < Duration::from_secs(5) {
        scrapes += 1;
        let m = write(&h);
        let hist = m.histogram.as_ref().unwrap();
        let count = hist.sample_count();
        assert_eq!(hist.bucket[0].cumulative_count(), 0);
        assert_eq!(hist.bucket[1].cumulative_count(), count);
        assert_eq!(hist.bucket[2].cumulative_count(), count);
        assert_eq!(hist.sample_sum(), count as f64);
        assert!(count >= last, "counts only grow");
        last = count;
    }
    stop.store(true, Ordering::Relaxed);
    observers.into_iter().for_each(|t| t.join().unwrap());
    assert!(last > 0, "the observers ran");
}

/// The same through `Registry::gather`: while 2 threads observe 1.0 into a
/// histogram, a histogram vec child and a summary without objectives (all
/// three hot/cold counted), every gathered family is whole: `_count` equals
/// the last cumulative bucket (`+Inf`) and the sum, for the summary too.
#[test]
fn gathers_never_see_a_torn_histogram_or_summary() {
    let buckets = vec![0.5, 10.0];
    let h = Histogram::new(HistogramOpts::new("torn_h", "h").buckets(buckets.clone()));
    let hv =
        HistogramVec::new(HistogramOpts::new("torn_hv", "h").buckets(buckets), &["k"]);
    let s = Summary::new(SummaryOpts::new("torn_s", "h"));
    let reg = Registry::new();
    reg.register(Box::new(h.clone())).unwrap();
    reg.register(Box::new(hv.clone())).unwrap();
    reg.register(Box::new(s.clone())).unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let observers: Vec<_> = (0..2)
        .map(|_| {
            let (h, child, s, stop) =
                (h.clone(), hv.with_label_values(&["x"]), s.clone(), stop.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    h.observe(1.0);
                    child.observe(1.0);
                    s.observe(1.0);
                }
            })
        })
        .collect();
    let start = std::time::Instant::now();
    let mut last = [0u64; 3];
    let mut first_nonzero = None;
    let mut gathers = 0;
    // 200 gathers, and on until the counts grew while gathering (bounded).
    while gathers < 200
        || (first_nonzero.is_none_or(|f| f == last[0])
            && start.elapsed() < Duration::from_secs(10))
    {
        gathers += 1;
        let families = reg.gather().unwrap();
        let names: Vec<&str> = families.iter().map(|f| f.name()).collect();
        assert_eq!(names, ["torn_h", "torn_hv", "torn_s"]);
        for (i, family) in families.iter().enumerate() {
            assert_eq!(family.metric.len(), 1, "{}", family.name());
            let m = &family.metric[0];
            let (count, sum) = if let Some(hist) = m.histogram.as_ref() {
                let count = hist.sample_count();
                let cumulative: Vec<u64> =
                    hist.bucket.iter().map(|b| b.cumulative_count()).collect();
                assert_eq!(
                    cumulative,
                    [0, count],
                    "gather {gathers}: {} buckets",
                    family.name()
                );
                (count, hist.sample_sum())
            } else {
                let summary = m.summary.as_ref().unwrap();
                assert!(summary.quantile.is_empty());
                (summary.sample_count(), summary.sample_sum())
            };
            assert_eq!(
                sum,
                count as f64,
                "gather {gathers}: {} sum against count",
                family.name()
            );
            assert!(
                count >= last[i],
                "gather {gathers}: {} count went down",
                family.name()
            );
            last[i] = count;
        }
        if first_nonzero.is_none() && last[0] > 0 {
            first_nonzero = Some(last[0]);
        }
    }
    stop.store(true, Ordering::Relaxed);
    observers.into_iter().for_each(|t| t.join().unwrap());
    assert!(
        first_nonzero.is_some_and(|f| last[0] > f),
        "observations went on while gathering"
    );
}

/// Go's `TestHistogramConcurrency` in miniature: exact counts per bucket.
#[test]
fn concurrent_observations_are_all_counted() {
    let h = Histogram::new(
        HistogramOpts::new("h", "h").buckets(vec![-2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0]),
    );
    let threads: Vec<_> = (0..4)
        .map(|t| {
            let h = h.clone();
            std::thread::spawn(move || {
                for i in 0..20_000 {
                    h.observe(f64::from((i * 7 + t) % 9) - 4.0); // -4..=4
                }
            })
        })
        .collect();
    threads.into_iter().for_each(|t| t.join().unwrap());
    let m = write(&h);
    let hist = m.histogram.as_ref().unwrap();
    assert_eq!(hist.sample_count(), 80_000);
    let mut want = [0u64; 7];
    for t in 0..4 {
        for i in 0..20_000 {
            let v = f64::from((i * 7 + t) % 9) - 4.0;
            for (k, b) in [-2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0].iter().enumerate() {
                want[k] += u64::from(v <= *b);
            }
        }
    }
    let got: Vec<u64> = hist.bucket.iter().map(|b| b.cumulative_count()).collect();
    assert_eq!(got, want);
}

/// Go's `TestSummaryWithoutObjectives`.
#[test]
fn summary_without_objectives() {
    let s = Summary::new(SummaryOpts::new("s", "h"));
    s.observe(3.0);
    s.observe(0.14);
    let m = write(&s);
    assert_eq!(m.to_string(), "summary {sample_count: 2 sample_sum: 3.14}");
}

/// Go's skipped `TestSummaryDecay`, made deterministic with a clock the
/// test controls: after `max_age` without observations, quantiles are NaN.
#[test]
fn summary_decays() {
    let now = Arc::new(parking_lot::Mutex::new(std::time::Instant::now()));
    let clock = {
        let now = now.clone();
        Arc::new(move || *now.lock())
    };
    let s = Summary::new(
        SummaryOpts::new("s", "h")
            .objective(0.1, 0.001)
            .max_age(Duration::from_millis(100))
            .age_buckets(10)
            .clock(clock),
    );
    for i in 0..1000 {
        *now.lock() += Duration::from_micros(500);
        s.observe(f64::from(i));
        if i % 10 == 0 {
            let q = write(&s).summary.as_ref().unwrap().quantile[0].value();
            assert!(q.is_finite(), "quantile at {i}: {q}");
        }
    }
    *now.lock() += Duration::from_millis(150);
    let summary = write(&s).summary.unwrap();
    assert!(summary.quantile[0].value().is_nan());
    assert_eq!(summary.sample_count(), 1000, "count and sum never decay");
}

#[test]
fn timer_observes_once_in_seconds() {
    let h = Histogram::new(HistogramOpts::new("h", "h").buckets(vec![0.001, 10.0]));
    let t = Timer::new(h.clone());
    std::thread::sleep(Duration::from_millis(5));
    let took = t.observe_duration();
    let m = write(&h);
    let hist = m.histogram.as_ref().unwrap();
    assert_eq!(hist.sample_count(), 1);
    assert_eq!(hist.bucket[0].cumulative_count(), 0);
    assert_eq!(hist.sample_sum(), took.as_secs_f64());
    {
        let _guard = Timer::new(h.clone()); // observes on drop
    }
    Timer::new(h.clone()).stop_and_discard();
    assert_eq!(write(&h).histogram.unwrap().sample_count(), 2);
}

/// The timer with a summary: one observation, in seconds, of the duration
/// it returns; dropping observes too, `stop_and_discard` does not. Also
/// through a summary vec child.
#[test]
fn timer_observes_into_a_summary() {
    let s = Summary::new(SummaryOpts::new("s", "h").objective(0.5, 0.05));
    let t = Timer::new(s.clone());
    std::thread::sleep(Duration::from_millis(5));
    let took = t.observe_duration();
    assert!(took >= Duration::from_millis(5));
    let summary = write(&s).summary.unwrap();
    assert_eq!(summary.sample_count(), 1);
    assert_eq!(summary.sample_sum(), took.as_secs_f64());
    assert_eq!(
        summary.quantile[0].value(),
        took.as_secs_f64(),
        "the only sample is the median"
    );
    {
        let _guard = Timer::new(s.clone()); // observes on drop
    }
    Timer::new(s.clone()).stop_and_discard();
    assert_eq!(write(&s).summary.unwrap().sample_count(), 2);

    let vec = SummaryVec::new(SummaryOpts::new("sv", "h"), &["op"]);
    let took = Timer::new(vec.with_label_values(&["read"])).observe_duration();
    let summary = write(&vec.with_label_values(&["read"])).summary.unwrap();
    assert_eq!((summary.sample_count(), summary.sample_sum()), (1, took.as_secs_f64()));
}
