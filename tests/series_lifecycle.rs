//! Series lifecycle, beyond Go: a vec capped at a number of series, with
//! what goes past the limit shown in an overflow series or counted, and
//! the expiry of series that stopped changing, on a test clock.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use promreg::encode::Format;
use promreg::{
    Counter, CounterVec, GaugeVec, HistogramOpts, HistogramVec, Opts, Overflow, Registry,
};

thread_local! {
    /// Bytes this thread allocated, less those it freed.
    static LIVE: Cell<isize> = const { Cell::new(0) };
}

fn live() -> isize {
    LIVE.with(Cell::get)
}

struct Counting;

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = LIVE.try_with(|live| live.set(live.get() + layout.size() as isize));
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        let _ = LIVE.try_with(|live| live.set(live.get() - layout.size() as isize));
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The registry's text scrape, checked to equal what `gather` encodes.
fn scrape(reg: &Registry) -> String {
    let mut streamed = Vec::new();
    reg.write_scrape(&mut streamed, Format::Text).unwrap();
    let mut gathered = Vec::new();
    for family in reg.gather().unwrap() {
        Format::Text.append(&mut gathered, &family).unwrap();
    }
    assert_eq!(String::from_utf8_lossy(&streamed), String::from_utf8_lossy(&gathered));
    String::from_utf8(streamed).unwrap()
}

#[test]
fn a_million_user_ids_past_a_limit_of_three_leave_three_series_and_an_overflow_one() {
    let reg = Registry::new();
    let logins = CounterVec::new(
        Opts::new("logins_total", "Logins by user."),
        &["user", "method"],
    )
    .with_series_limit(3, Overflow::Series);
    reg.register(Box::new(logins.clone())).unwrap();
    for user in ["ann", "bob", "cy"] {
        logins.with_label_values(&[user, "password"]).inc();
    }
    let before = live();
    for id in 0..1_000_000 {
        logins.with_label_values(&[&format!("user-{id}"), "password"]).inc();
    }
    let grown = live() - before;
    assert!(grown < 4096, "a million refused label sets left {grown} bytes behind");
    assert_eq!(logins.series_count(), 3);
    // Series that exist go on counting.
    logins.with_label_values(&["ann", "password"]).inc();
    assert_eq!(
        scrape(&reg),
        "# HELP logins_total Logins by user.\n# TYPE logins_total counter\n\
         logins_total{method=\"__overflow__\",user=\"__overflow__\"} 1e+06\n\
         logins_total{method=\"password\",user=\"ann\"} 2\n\
         logins_total{method=\"password\",user=\"bob\"} 1\n\
         logins_total{method=\"password\",user=\"cy\"} 1\n"
    );
}

#[test]
fn refused_label_sets_can_be_counted_instead() {
    let reg = Registry::new();
    let refused =
        Counter::new(Opts::new("paths_refused_total", "Lookups past the series limit."));
    let latency = HistogramVec::new(
        HistogramOpts::new("latency_seconds", "Latency.").buckets(vec![1.0]),
        &["path"],
    )
    .with_series_limit(1, Overflow::Count(refused.clone()));
    reg.register(Box::new(latency.clone())).unwrap();
    reg.register(Box::new(refused)).unwrap();
    latency.with_label_values(&["/"]).observe(0.5);
    for path in ["/a", "/b", "/a"] {
        latency.with_label_values(&[path]).observe(2.0);
    }
    assert_eq!(
        scrape(&reg),
        "# HELP latency_seconds Latency.\n# TYPE latency_seconds histogram\n\
         latency_seconds_bucket{path=\"/\",le=\"1\"} 1\n\
         latency_seconds_bucket{path=\"/\",le=\"+Inf\"} 1\n\
         latency_seconds_sum{path=\"/\"} 0.5\n\
         latency_seconds_count{path=\"/\"} 1\n\
         # HELP paths_refused_total Lookups past the series limit.\n# TYPE paths_refused_total counter\n\
         paths_refused_total 3\n"
    );
}

#[test]
fn deleting_a_series_makes_room_and_reset_drops_the_overflow() {
    let reg = Registry::new();
    let vec =
        GaugeVec::new(Opts::new("g", "h"), &["k"]).with_series_limit(1, Overflow::Series);
    reg.register(Box::new(vec.clone())).unwrap();
    vec.with_label_values(&["a"]).set(1.0);
    vec.with_label_values(&["b"]).set(2.0);
    assert_eq!(
        scrape(&reg),
        "# HELP g h\n# TYPE g gauge\ng{k=\"__overflow__\"} 2\ng{k=\"a\"} 1\n"
    );
    assert!(vec.delete_label_values(&["a"]));
    vec.with_label_values(&["c"]).set(3.0);
    assert_eq!(vec.series_count(), 1);
    assert_eq!(
        scrape(&reg),
        "# HELP g h\n# TYPE g gauge\ng{k=\"__overflow__\"} 2\ng{k=\"c\"} 3\n"
    );
    vec.reset();
    assert_eq!(vec.series_count(), 0);
    assert_eq!(scrape(&reg), "");
}

/// A clock the test moves by hand.
fn test_clock() -> (Arc<Mutex<Instant>>, promreg::Clock) {
    let now = Arc::new(Mutex::new(Instant::now()));
    let read = now.clone();
    (now, Arc::new(move || *read.lock().unwrap()))
}

#[test]
fn series_idle_past_the_expiry_are_removed_at_scrape_time() {
    let (now, clock) = test_clock();
    let advance = |secs| *now.lock().unwrap() += Duration::from_secs(secs);
    let reg = Registry::new();
    let vec = CounterVec::new(Opts::new("jobs_total", "Jobs."), &["queue"])
        .with_series_expiry_clock(Duration::from_secs(60), clock);
    reg.register(Box::new(vec.clone())).unwrap();
    let a = vec.with_label_values(&["a"]);
    let b = vec.with_label_values(&["b"]);
    a.inc();
    b.inc();
    let both = "# HELP jobs_total Jobs.\n# TYPE jobs_total counter\njobs_total{queue=\"a\"} 1\njobs_total{queue=\"b\"} 1\n";
    assert_eq!(scrape(&reg), both);
    advance(30);
    a.inc();
    assert_eq!(scrape(&reg).len(), both.len());
    // b has not changed for 60 s; a changed 30 s ago.
    advance(30);
    assert_eq!(
        scrape(&reg),
        "# HELP jobs_total Jobs.\n# TYPE jobs_total counter\njobs_total{queue=\"a\"} 2\n"
    );
    assert_eq!(vec.series_count(), 1);
    // A handle on an expired series is no longer scraped; a new lookup
    // starts the series again.
    b.inc();
    vec.with_label_values(&["b"]).inc();
    assert_eq!(
        scrape(&reg),
        "# HELP jobs_total Jobs.\n# TYPE jobs_total counter\njobs_total{queue=\"a\"} 2\njobs_total{queue=\"b\"} 1\n"
    );
    // Another 30 s: a has been idle for 60.
    advance(30);
    assert_eq!(
        scrape(&reg),
        "# HELP jobs_total Jobs.\n# TYPE jobs_total counter\njobs_total{queue=\"b\"} 1\n"
    );
    advance(60);
    assert_eq!(scrape(&reg), "");
    assert_eq!(vec.series_count(), 0);
}

/// Histograms are read by their count and sum, summaries by what they
/// write: a series observed within the idle time stays, the other goes.
#[test]
fn histograms_and_summaries_expire_by_their_counts() {
    let (now, clock) = test_clock();
    let reg = Registry::new();
    let histograms =
        HistogramVec::new(HistogramOpts::new("h", "h").buckets(vec![1.0]), &["k"])
            .with_series_expiry_clock(Duration::from_secs(10), clock.clone());
    let summaries = promreg::SummaryVec::new(promreg::SummaryOpts::new("s", "s"), &["k"])
        .with_series_expiry_clock(Duration::from_secs(10), clock);
    reg.register(Box::new(histograms.clone())).unwrap();
    reg.register(Box::new(summaries.clone())).unwrap();
    for k in ["busy", "idle"] {
        histograms.with_label_values(&[k]).observe(0.5);
        summaries.with_label_values(&[k]).observe(0.5);
    }
    scrape(&reg);
    *now.lock().unwrap() += Duration::from_secs(6);
    histograms.with_label_values(&["busy"]).observe(0.0);
    summaries.with_label_values(&["busy"]).observe(0.0);
    scrape(&reg);
    *now.lock().unwrap() += Duration::from_secs(6);
    assert_eq!(
        scrape(&reg),
        "# HELP h h\n# TYPE h histogram\nh_bucket{k=\"busy\",le=\"1\"} 2\nh_bucket{k=\"busy\",le=\"+Inf\"} 2\n\
         h_sum{k=\"busy\"} 0.5\nh_count{k=\"busy\"} 2\n# HELP s s\n# TYPE s summary\n\
         s_sum{k=\"busy\"} 0.5\ns_count{k=\"busy\"} 2\n"
    );
}

/// A deleted series is forgotten at once: a new one that the allocator
/// happens to give the same memory does not inherit its idle time.
#[test]
fn a_series_made_after_a_delete_starts_its_idle_time_afresh() {
    let (now, clock) = test_clock();
    let advance = |secs| *now.lock().unwrap() += Duration::from_secs(secs);
    let reg = Registry::new();
    let vec = GaugeVec::new(Opts::new("g", "h"), &["k"])
        .with_series_expiry_clock(Duration::from_secs(60), clock);
    reg.register(Box::new(vec.clone())).unwrap();
    for round in 0..20 {
        vec.with_label_values(&["old"]).set(1.0);
        scrape(&reg);
        advance(59);
        scrape(&reg);
        assert!(vec.delete_label_values(&["old"]));
        vec.with_label_values(&[&format!("new{round}")]).set(1.0);
        advance(2);
        assert_eq!(
            scrape(&reg),
            format!("# HELP g h\n# TYPE g gauge\ng{{k=\"new{round}\"}} 1\n"),
            "round {round}"
        );
        vec.reset();
    }
}

/// Looking up the overflow series' own label values gets the overflow
/// series, never a second series of those labels.
#[test]
fn the_overflow_label_values_name_the_overflow_series() {
    let reg = Registry::new();
    let vec = CounterVec::new(Opts::new("c_total", "h"), &["user"])
        .with_series_limit(1, Overflow::Series);
    reg.register(Box::new(vec.clone())).unwrap();
    vec.with_label_values(&["__overflow__"]).inc();
    vec.with_label_values(&["bob"]).inc();
    vec.with_label_values(&["cy"]).inc();
    assert_eq!(
        scrape(&reg),
        "# HELP c_total h\n# TYPE c_total counter\nc_total{user=\"__overflow__\"} 2\nc_total{user=\"bob\"} 1\n"
    );
}
