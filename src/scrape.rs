//! The streaming scrape: [`Registry::write_scrape`] writes what `gather`
//! followed by the encoder writes, byte for byte and with the same errors,
//! without a protobuf `Metric` per series where it can.
//!
//! No Go counterpart: client_golang always gathers into `MetricFamily`
//! values and encodes those (`registry.go`, then expfmt). promreg does the
//! same for most of a scrape, and streams the rest: a family that one of
//! promreg's own counters, gauges, histograms or summaries (or vecs of them)
//! contributes alone is written straight from its series' values and
//! labels rendered once (`streamed.rs`, `encode/stream.rs`,
//! `encode/stream_histogram.rs`). For such a family every check of
//! the gather holds by construction: one desc (so one help and one type),
//! label names its desc validated, distinct label values (a vec's map), the
//! order a gather sorts into (the vec keeps it). Everything that might make
//! an error takes the gather path instead: a family with more than one
//! source, a name that a suffix collision check could involve, an invalid
//! or (on a pedantic registry) unregistered desc. The gather path then
//! meets the same metrics in the same order as `gather` does, so it
//! reports the same errors. (A series whose exemplar OpenMetrics or
//! protobuf would show sends its family to the gather path too, found
//! while writing; in protobuf, a histogram with exemplars or native
//! buckets is written from the message the gather path would build.)

use std::collections::HashMap;
use std::fmt;

use crate::const_families::{Collected, ConstFamily, Groups, Routes};
use crate::encode::stream::{StreamedFamily, streams, write_streamed};
use crate::encode::{EncodeError, Format};
use crate::gather::{Rest, take_ready};
use crate::gather_error::GatherError;
use crate::metric_families::MetricFamilies;
use crate::proto::MetricFamily;
use crate::registry::Registry;
use crate::streamed::streamed_kind;

/// What went wrong in [`Registry::write_scrape`] (or
/// [`Gatherer::write_scrape`](crate::Gatherer::write_scrape)): the gather's
/// errors, and the families that could not be encoded. Everything else was
/// written.
#[derive(Debug)]
pub struct ScrapeError {
    /// The gather's errors, as [`Registry::gather`] reports them. Its
    /// `families` is empty: what was gathered is in the output.
    pub gather: Option<GatherError>,
    /// Each family that could not be encoded (and was left out), in order.
    pub encode: Vec<EncodeFailure>,
}

/// A family left out of a scrape because it could not be encoded.
#[derive(Debug)]
pub struct EncodeFailure {
    /// Where in the output it would have begun: truncating there keeps
    /// only the families before it.
    pub at: usize,
    /// Why.
    pub error: EncodeError,
}

impl fmt::Display for ScrapeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        if let Some(gather) = &self.gather {
            write!(f, "{gather}")?;
            first = false;
        }
        for failure in &self.encode {
            if !first {
                f.write_str("\n")?;
            }
            write!(f, "{}", failure.error)?;
            first = false;
        }
        Ok(())
    }
}

impl std::error::Error for ScrapeError {}

impl ScrapeError {
    /// `Ok` if nothing went wrong.
    pub(crate) fn result(
        gather: Option<GatherError>,
        encode: Vec<EncodeFailure>,
    ) -> Result<(), ScrapeError> {
        if gather.is_none() && encode.is_empty() {
            Ok(())
        } else {
            Err(ScrapeError { gather, encode })
        }
    }
}

/// Appends `families` in `format`, leaving out (and listing) the ones that
/// cannot be encoded.
pub(crate) fn encode_families(
    out: &mut Vec<u8>,
    families: &[MetricFamily],
    format: Format,
) -> Vec<EncodeFailure> {
    families.iter().filter_map(|mf| encode_family(out, mf, format)).collect()
}

/// Appends `mf` in `format`; if it cannot be encoded, nothing is written
/// and the failure is returned.
fn encode_family(
    out: &mut Vec<u8>,
    mf: &MetricFamily,
    format: Format,
) -> Option<EncodeFailure> {
    let at = out.len();
    format.append(out, mf).err().map(|error| EncodeFailure { at, error })
}

impl Registry {
    // ANCHOR: write_scrape
    /// One scrape in `format`, appended to `out`: the bytes that
    /// [`gather`](Registry::gather) followed by [`Format::append`] on each
    /// family would write, with the same checks and errors, written
    /// straight from memory for the families of promreg's own counters,
    /// gauges, histograms and summaries. The format's end (`# EOF`) is left
    /// to the caller ([`Format::append_end`]).
    ///
    /// ```
    /// use promreg::{CounterVec, Opts, Registry, encode::Format};
    ///
    /// let reg = Registry::new();
    /// let opts = Opts::new("requests_total", "Requests.");
    /// let requests = CounterVec::new(opts, &["code"]);
    /// requests.with_label_values(&["200"]).inc();
    /// reg.register(Box::new(requests)).unwrap();
    /// let mut out = Vec::new();
    /// reg.write_scrape(&mut out, Format::Text).unwrap();
    /// assert_eq!(
    ///     String::from_utf8(out).unwrap(),
    ///     "# HELP requests_total Requests.\n\
    ///      ## TYPE requests_total counter\n\
    ///      requests_total{code=\"200\"} 1\n"
    /// );
    /// ```
    ///
    /// On an error, `out` still holds every family that was gathered and
    /// could be encoded, as `gather` would return them inside its error.
    pub fn write_scrape(
        &self,
        out: &mut Vec<u8>,
        format: Format,
    ) -> Result<(), ScrapeError> {
        if !streams(format) {
            return crate::gather::gather_then_encode(self, out, format);
        }
        let (checked, unchecked, registered_ids) = self.snapshot();
        let (ready, checked, unchecked) = take_ready(checked, unchecked);
        let rest = Rest::start(ready.is_empty(), checked, unchecked);
        let mut others: Vec<Collected> = Vec::with_capacity(self.collected_hint());
        rest.finish(&mut |metric, checked| others.push((metric, checked)));
        self.keep_collected_hint(others.len());

        let (plan, routes) = Plan::new(&ready, &others, registered_ids.as_ref());
        let (const_families, others) = routes.route(others);
        let mut families = MetricFamilies::new(registered_ids, Default::default());
        for (r, streamed) in ready.iter().zip(&plan.streamed) {
            if streamed.is_none() {
                r.metrics.iter().for_each(|metric| {
                    families.process_shared(metric.as_ref(), r.checked)
                });
            }
        }
        others
            .into_iter()
            .for_each(|(metric, checked)| families.process(metric, checked));
        let (gathered, _) = families.finish();
        let (gathered, gather_error) = match gathered {
            Ok(families) => (families, None),
            Err(mut err) => (std::mem::take(&mut err.families), Some(err)),
        };
        let streamed = plan
            .streamed
            .into_iter()
            .flatten()
            .chain(const_families.iter().map(ConstFamily::streamed));
        let encode = write_merged(out, format, streamed.collect(), &gathered);
        ScrapeError::result(gather_error, encode)
    }
    // ANCHOR_END: write_scrape
}

/// Writes the streamed and the gathered families together, sorted by name
/// (no name is in both).
fn write_merged(
    out: &mut Vec<u8>,
    format: Format,
    mut streamed: Vec<StreamedFamily<'_>>,
    gathered: &[MetricFamily],
) -> Vec<EncodeFailure> {
    streamed.sort_unstable_by(|a, b| a.name.cmp(b.name));
    let mut failures = Vec::new();
    let mut gathered = gathered.iter().peekable();
    for family in &streamed {
        while let Some(mf) = gathered.next_if(|mf| mf.name() < family.name) {
            failures.extend(encode_family(out, mf, format));
        }
        if !write_streamed(out, format, family) {
            failures.extend(encode_families(out, &gather_alone(family), format));
        }
    }
    failures.extend(gathered.filter_map(|mf| encode_family(out, mf, format)));
    failures
}

/// A streamed family the gather way, on its own: it has an exemplar to
/// show. It is its name's only source and no other family's suffix
/// relative, so gathering it alone meets no check the full gather would
/// have failed it on, and writes what the full gather writes.
fn gather_alone(family: &StreamedFamily<'_>) -> Vec<MetricFamily> {
    let mut families = MetricFamilies::new(None, Default::default());
    family.metrics.iter().for_each(|m| families.process_shared(m.as_ref(), true));
    family.consts.iter().for_each(|m| families.process_shared(m.as_ref(), true));
    match families.finish().0 {
        Ok(families) => families,
        Err(err) => err.families,
    }
}

// ANCHOR: plan
/// Which of the ready collectors' families are streamed: one entry per
/// ready collector, `Some` if its whole family is.
struct Plan<'a> {
    streamed: Vec<Option<StreamedFamily<'a>>>,
}

impl<'a> Plan<'a> {
    /// Decides which ready collectors' families are streamed, and which
    /// of the custom collectors' metrics are const metrics whose families
    /// are (`const_families.rs`).
    fn new(
        ready: &'a [crate::gather::Ready],
        others: &[Collected],
        registered_ids: Option<&std::collections::HashSet<u64>>,
    ) -> (Plan<'a>, Routes) {
        let mut streamed: Vec<Option<StreamedFamily<'a>>> =
            ready.iter().map(|r| candidate(r, registered_ids)).collect();
        // How many sources each family name has: a streamed family must be
        // its name's only one.
        let mut sources: HashMap<&str, usize> = HashMap::new();
        for (r, family) in ready.iter().zip(&streamed) {
            match family {
                Some(family) => *sources.entry(family.name).or_default() += 1,
                None => r
                    .metrics
                    .iter()
                    .for_each(|m| *sources.entry(m.desc().fq_name()).or_default() += 1),
            }
        }
        let groups = Groups::of(others, registered_ids);
        for group in groups.iter() {
            *sources.entry(group.name).or_default() += group.count;
        }
        let mut joined = String::new();
        for family in &mut streamed {
            if family.as_ref().is_some_and(|f| {
                sources[f.name] > 1 || suffix_related(f.name, &sources, &mut joined)
            }) {
                *family = None;
            }
        }
        let routes = groups.decide(|group| {
            sources[group.name] == group.count
                && !suffix_related(group.name, &sources, &mut joined)
        });
        (Plan { streamed }, routes)
    }
}

/// `r`'s family, if it can be streamed as far as `r` alone tells: one of
/// promreg's own collectors, a valid (and, if asked, registered) desc, at
/// least one series. (A series with an exemplar is found while writing.)
fn candidate<'a>(
    r: &'a crate::gather::Ready,
    registered_ids: Option<&std::collections::HashSet<u64>>,
) -> Option<StreamedFamily<'a>> {
    let first = r.metrics.first()?;
    let desc = first.desc();
    let registered =
        !r.checked || registered_ids.is_none_or(|ids| ids.contains(&desc.id()));
    if !r.owned || desc.err().is_some() || !registered {
        return None;
    }
    // An owned collector's metrics are all of its type and desc.
    let kind = streamed_kind(first.as_ref())?;
    Some(StreamedFamily {
        name: desc.fq_name(),
        help: desc.help(),
        kind,
        metrics: &r.metrics,
        consts: &[],
    })
}

/// Whether `name` and another family's name differ by a suffix that Go's
/// suffix collision check looks at (`_count`, `_sum`, `_bucket`). `joined`
/// is scratch space, so that no name is allocated per family.
fn suffix_related(name: &str, names: &HashMap<&str, usize>, joined: &mut String) -> bool {
    const SUFFIXES: [&str; 3] = ["_count", "_sum", "_bucket"];
    SUFFIXES.iter().any(|suffix| {
        joined.clear();
        joined.push_str(name);
        joined.push_str(suffix);
        name.strip_suffix(suffix).is_some_and(|base| names.contains_key(base))
            || names.contains_key(joined.as_str())
    })
}
// ANCHOR_END: plan
