//! `Summary`: count, sum, and quantiles (the median, the 99th percentile)
//! over a sliding time window. Mirrors `summary.go` of client_golang 1.14;
//! the quantile stream itself is in `quantile.rs`.
//!
//! Observations go to a buffer; when it is full, or a stream period ends,
//! the buffer is flushed into one stream per age bucket. The head stream
//! answers quantile queries and is reset when its period ends, so quantiles
//! cover the last `max_age` (give or take one period). Go flushes on another
//! goroutine behind a second mutex; promreg flushes in place under one lock,
//! with the same results.

mod quantile;

use std::sync::Arc;
use std::time::{Duration, Instant};

use parking_lot::Mutex;

use crate::desc::Desc;
use crate::hot_cold::HotCold;
use crate::label_error::LabelError;
use crate::labels::Labels;
use crate::metric::BoxError;
use crate::metric::{Metric, const_label_pairs};
use crate::opts::Opts;
use crate::proto::{self, LabelPair};
use crate::streamed::{LabelsCache, RenderedLabels, StreamedSummary};
use quantile::Stream;

/// Go's `DefMaxAge`: observations count towards quantiles for 10 minutes.
pub const DEF_MAX_AGE: Duration = Duration::from_secs(600);
/// Go's `DefAgeBuckets`.
pub const DEF_AGE_BUCKETS: u32 = 5;
/// Go's `DefBufCap`.
pub const DEF_BUF_CAP: usize = 500;

/// Go's `math.NaN()`: the quantile of an empty window. Its bit pattern
/// differs from Rust's `f64::NAN`, and protobuf output shows the bits.
const GO_NAN: u64 = 0x7ff8_0000_0000_0001;

/// The label a summary's quantiles are written with.
const QUANTILE_LABEL: &str = "quantile";

/// Where a summary reads the time: the real clock, or one a test controls.
pub type Clock = Arc<dyn Fn() -> Instant + Send + Sync>;

/// Options of a summary: [`Opts`] plus quantile objectives and the window.
#[derive(Clone, Default)]
#[must_use = "options do nothing until a summary is made from them"]
pub struct SummaryOpts {
    /// Name, help and const labels.
    pub common: Opts,
    /// (quantile, allowed error) pairs, e.g. (0.99, 0.001). None: only
    /// `_sum` and `_count` are written.
    pub objectives: Vec<(f64, f64)>,
    /// How long an observation counts towards quantiles; zero means
    /// [`DEF_MAX_AGE`].
    pub max_age: Duration,
    /// How many streams the window is cut into; zero means
    /// [`DEF_AGE_BUCKETS`].
    pub age_buckets: u32,
    /// Observations buffered between flushes; zero means [`DEF_BUF_CAP`].
    pub buf_cap: usize,
    /// The time source; `None` means `Instant::now`.
    pub clock: Option<Clock>,
}

impl std::fmt::Debug for SummaryOpts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SummaryOpts")
            .field("common", &self.common)
            .field("objectives", &self.objectives)
            .field("max_age", &self.max_age)
            .field("age_buckets", &self.age_buckets)
            .field("buf_cap", &self.buf_cap)
            .field("clock", &self.clock.as_ref().map(|_| "Fn() -> Instant"))
            .finish()
    }
}

impl SummaryOpts {
    /// Options with this name and help, everything else at its default.
    pub fn new(name: impl Into<String>, help: impl Into<String>) -> SummaryOpts {
        SummaryOpts { common: Opts::new(name, help), ..SummaryOpts::default() }
    }

    /// Sets the first part of the fully-qualified name.
    pub fn namespace(mut self, namespace: impl Into<String>) -> SummaryOpts {
        self.common = self.common.namespace(namespace);
        self
    }

    /// Sets the middle part of the fully-qualified name.
    pub fn subsystem(mut self, subsystem: impl Into<String>) -> SummaryOpts {
        self.common = self.common.subsystem(subsystem);
        self
    }

    /// Adds a label whose value every series of the metric carries.
    pub fn const_label(
        mut self,
        name: impl Into<String>,
        value: impl Into<String>,
    ) -> SummaryOpts {
        self.common = self.common.const_label(name, value);
        self
    }

    /// Adds const labels (see [`const_label`](SummaryOpts::const_label)).
    pub fn const_labels(mut self, labels: Labels) -> SummaryOpts {
        self.common = self.common.const_labels(labels);
        self
    }

    /// Adds a target: quantile `q` within rank error `epsilon`. As with Go's
    /// map, a second target for the same quantile replaces the first.
    pub fn objective(mut self, q: f64, epsilon: f64) -> SummaryOpts {
        self.objectives.retain(|&(known, _)| known != q);
        self.objectives.push((q, epsilon));
        self
    }

    /// Sets how long an observation counts towards the quantiles.
    pub fn max_age(mut self, max_age: Duration) -> SummaryOpts {
        self.max_age = max_age;
        self
    }

    /// Sets how many streams the window is cut into.
    pub fn age_buckets(mut self, age_buckets: u32) -> SummaryOpts {
        self.age_buckets = age_buckets;
        self
    }

    /// Sets how many observations are buffered between flushes.
    pub fn buf_cap(mut self, buf_cap: usize) -> SummaryOpts {
        self.buf_cap = buf_cap;
        self
    }

    /// Sets where the summary reads the time (a test's clock).
    pub fn clock(mut self, clock: Clock) -> SummaryOpts {
        self.clock = Some(clock);
        self
    }
}

/// Tracks the distribution of observations as quantiles over a sliding
/// window. Cloning gives another handle on the same summary.
#[derive(Clone)]
pub struct Summary(Arc<SummaryCore>);

impl std::fmt::Debug for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Summary")
            .field("desc", &self.0.desc)
            .field("label_pairs", &self.0.label_pairs)
            .finish_non_exhaustive()
    }
}

struct SummaryCore {
    desc: Desc,
    label_pairs: Vec<LabelPair>,
    kind: Kind,
    /// The labels as the streaming scrape writes them.
    rendered: LabelsCache,
}

enum Kind {
    /// No objectives: just count and sum, lock-free like a histogram.
    CountAndSum(HotCold),
    Quantiles(Mutex<Window>),
}

/// The state of a summary with objectives (all under one lock).
struct Window {
    clock: Clock,
    /// Objectives sorted by quantile.
    objectives: Vec<f64>,
    buffer: Vec<f64>,
    buf_cap: usize,
    /// When the current buffer's stream period ends.
    buffer_expiry: Instant,
    streams: Vec<Stream>,
    head: usize,
    head_expiry: Instant,
    stream_duration: Duration,
    count: u64,
    sum: f64,
}

impl Summary {
    /// Go's `NewSummary`: panics, as Go does, on a label named `quantile`.
    /// [`Summary::try_new`] returns that as an error instead.
    pub fn new(opts: SummaryOpts) -> Summary {
        Summary::try_new(opts).unwrap_or_else(|err| panic!("{err}"))
    }

    /// Like [`Summary::new`], with a `quantile` label as an error.
    pub fn try_new(opts: SummaryOpts) -> Result<Summary, LabelError> {
        let desc = opts.common.clone().into_desc(Vec::new());
        check_no_quantile_label(&desc)?;
        Ok(Summary::with_desc(desc, &opts, &[]))
    }

    pub(crate) fn with_desc(
        desc: Desc,
        opts: &SummaryOpts,
        label_values: &[&str],
    ) -> Summary {
        let label_pairs = desc.label_pairs(label_values);
        let kind = if opts.objectives.is_empty() {
            Kind::CountAndSum(HotCold::new(0))
        } else {
            Kind::Quantiles(Mutex::new(Window::new(opts)))
        };
        Summary(Arc::new(SummaryCore {
            desc,
            label_pairs,
            kind,
            rendered: LabelsCache::default(),
        }))
    }

    // ANCHOR: observe
    /// Adds one observation.
    pub fn observe(&self, v: f64) {
        match &self.0.kind {
            Kind::CountAndSum(counts) => counts.observe(v, 0),
            Kind::Quantiles(window) => window.lock().observe(v),
        }
    }
    // ANCHOR_END: observe
}

/// A summary's own `quantile` label would clash with the quantile label.
pub(crate) fn check_no_quantile_label(desc: &Desc) -> Result<(), LabelError> {
    let variable = desc.variable_labels().iter().any(|n| n == QUANTILE_LABEL);
    let constant = desc.const_label_pairs().iter().any(|p| p.name() == QUANTILE_LABEL);
    if variable || constant {
        return Err(LabelError::LabelNotAllowed {
            label: QUANTILE_LABEL,
            kind: "summaries",
        });
    }
    Ok(())
}

impl Window {
    fn new(opts: &SummaryOpts) -> Window {
        let clock = opts.clock.clone().unwrap_or_else(|| Arc::new(Instant::now));
        let max_age = if opts.max_age.is_zero() { DEF_MAX_AGE } else { opts.max_age };
        let age_buckets =
            if opts.age_buckets == 0 { DEF_AGE_BUCKETS } else { opts.age_buckets };
        let buf_cap = if opts.buf_cap == 0 { DEF_BUF_CAP } else { opts.buf_cap };
        let stream_duration = max_age / age_buckets;
        let expiry = clock() + stream_duration;
        let mut objectives: Vec<f64> = opts.objectives.iter().map(|&(q, _)| q).collect();
        objectives.sort_by(f64::total_cmp);
        Window {
            clock,
            objectives,
            buffer: Vec::with_capacity(buf_cap),
            buf_cap,
            buffer_expiry: expiry,
            streams: (0..age_buckets).map(|_| Stream::new(&opts.objectives)).collect(),
            head: 0,
            head_expiry: expiry,
            stream_duration,
            count: 0,
            sum: 0.0,
        }
    }

    fn observe(&mut self, v: f64) {
        let now = (self.clock)();
        if now > self.buffer_expiry {
            self.flush(now);
        }
        self.buffer.push(v);
        if self.buffer.len() == self.buf_cap {
            self.flush(now);
        }
    }

    // ANCHOR: flush
    /// Go's `swapBufs` then `flushColdBuf`: move the period on to `now`, put
    /// every buffered observation into every stream, then retire the streams
    /// whose period has ended.
    fn flush(&mut self, now: Instant) {
        while now > self.buffer_expiry {
            self.buffer_expiry += self.stream_duration;
        }
        for &v in &self.buffer {
            for stream in &mut self.streams {
                stream.insert(v);
            }
            self.count += 1;
            self.sum += v;
        }
        self.buffer.clear();
        while self.head_expiry != self.buffer_expiry {
            self.streams[self.head].reset();
            self.head = (self.head + 1) % self.streams.len();
            self.head_expiry += self.stream_duration;
        }
    }
    // ANCHOR_END: flush

    fn write(&mut self, out: &mut proto::Summary) {
        self.flush((self.clock)());
        out.sample_count = Some(self.count);
        out.sample_sum = Some(self.sum);
        let head = &mut self.streams[self.head];
        // Into the vector already there: a scrape that reuses `out` for
        // every summary allocates nothing here.
        out.quantile.clear();
        out.quantile.extend(self.objectives.iter().map(|&q| {
            let value =
                if head.count() == 0 { f64::from_bits(GO_NAN) } else { head.query(q) };
            quantile(q, value)
        }));
    }
}

fn quantile(q: f64, value: f64) -> proto::Quantile {
    let mut out = proto::Quantile::new();
    out.quantile = Some(q);
    out.value = Some(value);
    out
}

impl Metric for SummaryCore {
    fn desc(&self) -> &Desc {
        &self.desc
    }

    fn write(&self, out: &mut proto::Metric) -> Result<(), BoxError> {
        StreamedSummary::fill(self, out.summary.mut_or_insert_default());
        out.label = self.label_pairs.clone();
        Ok(())
    }
}

impl StreamedSummary for SummaryCore {
    fn labels(&self) -> &RenderedLabels {
        self.rendered.get(&self.label_pairs)
    }

    fn fill(&self, summary: &mut proto::Summary) {
        match &self.kind {
            Kind::CountAndSum(counts) => counts.write_with(|snap| {
                summary.sample_count = Some(snap.count);
                summary.sample_sum = Some(snap.sum);
                summary.quantile.clear();
            }),
            Kind::Quantiles(window) => window.lock().write(summary),
        }
    }
}

/// `metric` as a streamed summary, if it is a summary's.
pub(crate) fn as_streamed(metric: &dyn std::any::Any) -> Option<&dyn StreamedSummary> {
    metric.downcast_ref::<SummaryCore>().map(|s| s as &dyn StreamedSummary)
}

crate::collector::self_collector!(Summary);

/// A summary whose figures are fixed when it is made (Go's `constSummary`).
#[derive(Debug)]
pub struct ConstSummary {
    desc: Desc,
    count: u64,
    sum: f64,
    /// (quantile, value), sorted by quantile.
    quantiles: Vec<(f64, f64)>,
    label_pairs: Vec<LabelPair>,
}

/// Go's `NewConstSummary`: `quantiles` maps quantiles to values; they are
/// written sorted by quantile.
pub fn new_const_summary(
    desc: &Desc,
    count: u64,
    sum: f64,
    quantiles: &[(f64, f64)],
    label_values: &[&str],
) -> Result<ConstSummary, LabelError> {
    let label_pairs = const_label_pairs(desc, label_values)?;
    let mut quantiles = quantiles.to_vec();
    quantiles.sort_by(|a, b| a.0.total_cmp(&b.0));
    Ok(ConstSummary { desc: desc.clone(), count, sum, quantiles, label_pairs })
}

/// Go's `MustNewConstSummary`: panics where [`new_const_summary`] fails.
pub fn must_new_const_summary(
    desc: &Desc,
    count: u64,
    sum: f64,
    quantiles: &[(f64, f64)],
    label_values: &[&str],
) -> ConstSummary {
    new_const_summary(desc, count, sum, quantiles, label_values)
        .unwrap_or_else(|err| panic!("{err}"))
}

impl Metric for ConstSummary {
    fn desc(&self) -> &Desc {
        &self.desc
    }

    fn write(&self, out: &mut proto::Metric) -> Result<(), BoxError> {
        let s = out.summary.mut_or_insert_default();
        s.sample_count = Some(self.count);
        s.sample_sum = Some(self.sum);
        s.quantile = self.quantiles.iter().map(|&(q, v)| quantile(q, v)).collect();
        out.label = self.label_pairs.clone();
        Ok(())
    }
}
