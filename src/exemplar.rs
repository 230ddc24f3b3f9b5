//! Exemplars: the labels of one traced request (a trace ID, mostly),
//! attached to a counter increment or a histogram observation, so that a
//! dashboard can jump from a spike to a trace. Mirrors `newExemplar` and
//! `ExemplarMaxRunes` (`value.go`), `Exemplar` and `NewMetricWithExemplars`
//! (`metric.go`), and the exemplar slots of `counter.go` and `histogram.go`
//! in client_golang 1.14.
//!
//! A counter keeps its latest exemplar, a histogram the latest of each
//! bucket, with the time it was made. Exemplars are written in OpenMetrics
//! and protobuf, never in the text format.

use std::cmp::Ordering::{Equal, Greater};
use std::fmt;
use std::sync::{Arc, LazyLock, OnceLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use parking_lot::Mutex;
use protobuf::MessageField;
use protobuf::well_known_types::timestamp::Timestamp;

use crate::desc::Desc;
use crate::labels::{Labels, check_label_name, label_pair};
use crate::metric::{BoxError, Metric};
use crate::proto;
use crate::quote::quoted;

/// Go's `ExemplarMaxRunes`: at most this many characters in an exemplar's
/// label names and values together.
pub const EXEMPLAR_MAX_RUNES: usize = 128;

/// Go's `Exemplar`: what [`new_metric_with_exemplars`] attaches to a const
/// metric.
#[derive(Clone, Debug, Default)]
pub struct Exemplar {
    /// The observed value (for a histogram, it picks the bucket).
    pub value: f64,
    /// The exemplar's labels, e.g. `trace_id`.
    pub labels: Labels,
    /// When it was observed; `None` means when the metric is made.
    pub timestamp: Option<SystemTime>,
}

/// Why an exemplar was refused. The texts are Go's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExemplarError {
    /// The timestamp is outside protobuf's years 1 to 9999.
    InvalidTimestamp {
        /// Seconds since the epoch.
        seconds: i64,
        /// And nanoseconds.
        nanos: i32,
    },
    /// A label name is invalid or reserved (`__` prefix).
    InvalidLabelName(String),
    /// Label names and values have this many characters together, more
    /// than [`EXEMPLAR_MAX_RUNES`].
    TooManyRunes(usize),
    /// [`new_metric_with_exemplars`] was given no exemplar.
    NoExemplars,
    /// Only counters and histograms carry exemplars.
    CannotInject,
}

impl fmt::Display for ExemplarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExemplarError::InvalidTimestamp { seconds, nanos } => {
                write_timestamp_error(f, *seconds, *nanos)
            }
            ExemplarError::InvalidLabelName(name) => {
                write!(f, "exemplar label name {} is invalid", quoted(name))
            }
            ExemplarError::TooManyRunes(runes) => {
                write!(
                    f,
                    "exemplar labels have {runes} runes, exceeding the limit of {EXEMPLAR_MAX_RUNES}"
                )
            }
            ExemplarError::NoExemplars => {
                f.write_str("no exemplar was passed for NewMetricWithExemplars")
            }
            ExemplarError::CannotInject => {
                f.write_str("cannot inject exemplar into Gauge, Summary or Untyped")
            }
        }
    }
}

impl std::error::Error for ExemplarError {}

/// protobuf's `Timestamp.CheckValid` text, as Go's errors carry it (the
/// timestamp printed as prototext: zero fields left out).
pub(crate) fn write_timestamp_error(
    f: &mut fmt::Formatter<'_>,
    seconds: i64,
    nanos: i32,
) -> fmt::Result {
    let fields = match (seconds, nanos) {
        (0, 0) => String::new(),
        (s, 0) => format!("seconds:{s}"),
        (0, n) => format!("nanos:{n}"),
        (s, n) => format!("seconds:{s} nanos:{n}"),
    };
    let problem = if seconds < MIN_SECONDS {
        "before 0001-01-01"
    } else if seconds > MAX_SECONDS {
        "after 9999-12-31"
    } else {
        "has out-of-range nanos"
    };
    write!(f, "proto: timestamp ({fields}) {problem}")
}

/// 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z: protobuf's `Timestamp`
/// range.
pub(crate) const MIN_SECONDS: i64 = -62_135_596_800;
pub(crate) const MAX_SECONDS: i64 = 253_402_300_799;

/// An exemplar that passed Go's checks, not yet stored: borrowing the
/// caller's labels, so that checking and storing allocate nothing.
#[derive(Clone, Copy)]
pub(crate) struct CheckedExemplar<'a> {
    value: f64,
    ts: SystemTime,
    labels: &'a Labels,
}

// ANCHOR: new_exemplar
/// Go's `newExemplar`, its checks: the timestamp, then each label name (in
/// name order; Go's map order is random), then the characters of all names
/// and values together.
pub(crate) fn check_exemplar(
    value: f64,
    ts: SystemTime,
    labels: &Labels,
) -> Result<CheckedExemplar<'_>, ExemplarError> {
    check_timestamp(ts)?;
    let mut runes = 0;
    for (name, value) in labels {
        if !check_label_name(name) {
            return Err(ExemplarError::InvalidLabelName(name.clone()));
        }
        runes += rune_count(name) + rune_count(value);
    }
    if runes > EXEMPLAR_MAX_RUNES {
        return Err(ExemplarError::TooManyRunes(runes));
    }
    Ok(CheckedExemplar { value, ts, labels })
}
// ANCHOR_END: new_exemplar

/// Go's `newExemplar`: the checks, then the protobuf exemplar.
pub(crate) fn new_exemplar(
    value: f64,
    ts: SystemTime,
    labels: &Labels,
) -> Result<proto::Exemplar, ExemplarError> {
    let checked = check_exemplar(value, ts, labels)?;
    let mut stored = StoredExemplar::default();
    stored.set(checked);
    Ok(stored.to_proto())
}

/// The characters of `s`, as Go's `utf8.RuneCountInString` counts them;
/// label values are nearly always ASCII, where that is the length.
fn rune_count(s: &str) -> usize {
    if s.is_ascii() { s.len() } else { s.chars().count() }
}

/// The first and last instants protobuf's `Timestamp` can hold, where the
/// platform's clock can hold them too.
static TIMESTAMP_RANGE: LazyLock<(Option<SystemTime>, Option<SystemTime>)> =
    LazyLock::new(|| {
        let first =
            UNIX_EPOCH.checked_sub(Duration::from_secs(MIN_SECONDS.unsigned_abs()));
        let last = UNIX_EPOCH.checked_add(Duration::new(MAX_SECONDS as u64, 999_999_999));
        (first, last)
    });

/// Go's check that an exemplar's timestamp fits protobuf's range. Done by
/// comparing instants: turning every timestamp into seconds and nanos
/// would cost an observation more than the check does; only an error, or
/// a scrape, needs them.
fn check_timestamp(ts: SystemTime) -> Result<(), ExemplarError> {
    let (first, last) = *TIMESTAMP_RANGE;
    if first.is_some_and(|first| ts < first) || last.is_some_and(|last| ts > last) {
        let (seconds, nanos) = timestamp_fields(ts);
        return Err(ExemplarError::InvalidTimestamp { seconds, nanos });
    }
    Ok(())
}

/// `ts` as protobuf's `Timestamp` fields: seconds rounded down, nanos
/// positive.
fn timestamp_fields(ts: SystemTime) -> (i64, i32) {
    match ts.duration_since(UNIX_EPOCH) {
        Ok(after) => (
            i64::try_from(after.as_secs()).unwrap_or(i64::MAX),
            after.subsec_nanos() as i32,
        ),
        Err(before) => {
            let before = before.duration();
            let seconds = i64::try_from(before.as_secs()).map_or(i64::MIN, |s| -s);
            match before.subsec_nanos() {
                0 => (seconds, 0),
                n => (seconds.saturating_sub(1), (1_000_000_000 - n) as i32),
            }
        }
    }
}

/// A stored exemplar, in buffers that the next exemplar of its slot
/// overwrites in place: after the first, storing one allocates nothing.
/// The labels are one string of names and values, with where each ends.
#[derive(Debug)]
struct StoredExemplar {
    value: f64,
    ts: SystemTime,
    text: String,
    ends: Vec<usize>,
}

impl Default for StoredExemplar {
    fn default() -> StoredExemplar {
        StoredExemplar {
            value: 0.0,
            ts: UNIX_EPOCH,
            text: String::new(),
            ends: Vec::new(),
        }
    }
}

impl StoredExemplar {
    fn set(&mut self, e: CheckedExemplar<'_>) {
        (self.value, self.ts) = (e.value, e.ts);
        self.text.clear();
        self.ends.clear();
        for (name, value) in e.labels {
            self.text.push_str(name);
            self.ends.push(self.text.len());
            self.text.push_str(value);
            self.ends.push(self.text.len());
        }
    }

    /// The exemplar as a scrape writes it.
    fn to_proto(&self) -> proto::Exemplar {
        let mut e = proto::Exemplar::new();
        e.value = Some(self.value);
        let mut ts = Timestamp::new();
        (ts.seconds, ts.nanos) = timestamp_fields(self.ts);
        e.timestamp = MessageField::some(ts);
        let mut start = 0;
        for pair in self.ends.chunks_exact(2) {
            let (name, value) =
                (&self.text[start..pair[0]], &self.text[pair[0]..pair[1]]);
            e.label.push(label_pair(name, value));
            start = pair[1];
        }
        e
    }
}

/// The latest exemplar of a counter, or of each bucket of a histogram.
///
/// Nothing is allocated until the first exemplar comes, and a scrape of a
/// metric that never had one reads a single pointer: most metrics never
/// get an exemplar. Then each slot is a lock around the latest exemplar.
/// The lock orders a writer's value update before its exemplar, and a
/// scrape reads the exemplar before the value (as Go does): whatever
/// observation an exemplar shows is in the value the scrape writes.
#[derive(Default)]
pub(crate) struct ExemplarSlots(OnceLock<Box<[Mutex<Option<StoredExemplar>>]>>);

impl ExemplarSlots {
    /// Makes `e` the latest exemplar of slot `index` of `len`.
    pub(crate) fn store(&self, index: usize, len: usize, e: CheckedExemplar<'_>) {
        let slots = self.0.get_or_init(|| (0..len).map(|_| Mutex::new(None)).collect());
        if let Some(slot) = slots.get(index) {
            slot.lock().get_or_insert_default().set(e);
        }
    }

    /// Whether any exemplar was ever stored.
    pub(crate) fn is_used(&self) -> bool {
        self.0.get().is_some()
    }

    /// The latest exemplar of slot `index`, if there is one.
    pub(crate) fn load(&self, index: usize) -> Option<proto::Exemplar> {
        self.0.get()?.get(index)?.lock().as_ref().map(StoredExemplar::to_proto)
    }
}

impl fmt::Debug for ExemplarSlots {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let slots = self.0.get().map_or(&[][..], |s| &s[..]);
        f.debug_list()
            .entries(
                slots.iter().map(|s| s.lock().as_ref().map(StoredExemplar::to_proto)),
            )
            .finish()
    }
}

/// Go's `ExemplarAdder`: a counter that can take an exemplar with an
/// increment.
pub trait ExemplarAdder {
    /// Adds `v` and makes `exemplar` (labels, now) the latest exemplar.
    fn add_with_exemplar(&self, v: f64, exemplar: &Labels);
}

/// Go's `ExemplarObserver`: a histogram that can take an exemplar with an
/// observation.
pub trait ExemplarObserver {
    /// Observes `v` and makes `exemplar` the latest exemplar of its bucket.
    fn observe_with_exemplar(&self, v: f64, exemplar: &Labels);
}

/// A metric with exemplars injected at each write (Go's
/// `withExemplarsMetric`), made by [`new_metric_with_exemplars`].
pub struct MetricWithExemplars {
    metric: Arc<dyn Metric>,
    exemplars: Vec<proto::Exemplar>,
}

impl fmt::Debug for MetricWithExemplars {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let desc = self.metric.desc();
        f.debug_struct("MetricWithExemplars")
            .field("desc", desc)
            .field("exemplars", &self.exemplars)
            .finish()
    }
}

/// Go's `NewMetricWithExemplars`: `metric` (a const counter or histogram),
/// with `exemplars` checked now and injected at every write: a counter
/// shows the last one, each bucket of a histogram the last one whose value
/// it holds (a value above every bound adds an explicit `+Inf` bucket).
/// Exemplars without a timestamp are stamped now.
pub fn new_metric_with_exemplars(
    metric: Arc<dyn Metric>,
    exemplars: &[Exemplar],
) -> Result<MetricWithExemplars, ExemplarError> {
    if exemplars.is_empty() {
        return Err(ExemplarError::NoExemplars);
    }
    let now = SystemTime::now();
    let exemplars = exemplars
        .iter()
        .map(|e| new_exemplar(e.value, e.timestamp.unwrap_or(now), &e.labels))
        .collect::<Result<_, _>>()?;
    Ok(MetricWithExemplars { metric, exemplars })
}

/// Go's `MustNewMetricWithExemplars`: [`new_metric_with_exemplars`] that
/// panics on error.
pub fn must_new_metric_with_exemplars(
    metric: Arc<dyn Metric>,
    exemplars: &[Exemplar],
) -> MetricWithExemplars {
    new_metric_with_exemplars(metric, exemplars).unwrap_or_else(|err| panic!("{err}"))
}

impl Metric for MetricWithExemplars {
    fn desc(&self) -> &Desc {
        self.metric.desc()
    }

    fn write(&self, out: &mut proto::Metric) -> Result<(), BoxError> {
        self.metric.write(out)?;
        inject(&self.exemplars, out)
    }
}

// ANCHOR: inject
/// Go's `withExemplarsMetric.Write`, after the metric wrote itself.
fn inject(
    exemplars: &[proto::Exemplar],
    out: &mut proto::Metric,
) -> Result<(), BoxError> {
    if let Some(counter) = out.counter.as_mut() {
        counter.exemplar = MessageField::from_option(exemplars.last().cloned());
        return Ok(());
    }
    let Some(h) = out.histogram.as_mut() else {
        return Err(Box::new(ExemplarError::CannotInject));
    };
    for e in exemplars {
        // Buckets are sorted by bound: the first whose bound is >= the
        // value (none for NaN, as Go's `sort.Search` finds none).
        let holds = |b: &proto::Bucket| {
            matches!(b.upper_bound().partial_cmp(&e.value()), Some(Greater | Equal))
        };
        let i = h.bucket.partition_point(|b| !holds(b));
        if let Some(bucket) = h.bucket.get_mut(i) {
            bucket.exemplar = MessageField::some(e.clone());
        } else {
            let mut inf = proto::Bucket::new();
            inf.cumulative_count = Some(h.sample_count());
            inf.upper_bound = Some(f64::INFINITY);
            inf.exemplar = MessageField::some(e.clone());
            h.bucket.push(inf);
        }
    }
    Ok(())
}
// ANCHOR_END: inject

#[cfg(test)]
mod tests {
    use super::*;

    /// The range check by instants agrees with protobuf's range in seconds
    /// and nanos, to the nanosecond at both ends.
    #[test]
    fn timestamp_range_ends_to_the_nanosecond() {
        let first = UNIX_EPOCH - Duration::from_secs(62_135_596_800);
        let last = UNIX_EPOCH + Duration::new(253_402_300_799, 999_999_999);
        let one = Duration::from_nanos(1);
        assert_eq!(check_timestamp(first), Ok(()));
        assert_eq!(check_timestamp(last), Ok(()));
        assert_eq!(check_timestamp(SystemTime::now()), Ok(()));
        assert_eq!(
            check_timestamp(first - one),
            Err(ExemplarError::InvalidTimestamp {
                seconds: -62_135_596_801,
                nanos: 999_999_999
            })
        );
        assert_eq!(
            check_timestamp(last + one),
            Err(ExemplarError::InvalidTimestamp { seconds: 253_402_300_800, nanos: 0 })
        );
        assert_eq!(timestamp_fields(first), (MIN_SECONDS, 0));
        assert_eq!(timestamp_fields(UNIX_EPOCH - one), (-1, 999_999_999));
    }

    /// Characters, not bytes, as Go counts runes.
    #[test]
    fn runes_are_characters() {
        assert_eq!(rune_count("trace_id"), 8);
        assert_eq!(rune_count("ü€𝄞"), 3);
        assert_eq!(rune_count(""), 0);
    }
}
