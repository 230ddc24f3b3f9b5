//! The families of one gather, built metric by metric: Go's `processMetric`
//! with `checkSuffixCollisions`, `checkMetricConsistency` and the pedantic
//! `checkDescConsistency`, then `NormalizeMetricFamilies` (sorting). Mirrors
//! `registry.go` and `internal/metric.go` of client_golang 1.14.

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use nohash_hasher::BuildNoHashHasher;
use xxhash_rust::xxh3::xxh3_64;

use crate::desc::{Desc, SEPARATOR};
use crate::gather_error::{GatherError, MetricError};
use crate::labels::check_label_name;
use crate::metric::Metric;
use crate::proto::{self, MetricFamily, MetricType};
use crate::sort_key::sort_metrics;

/// Series hashes are xxhash64 values already; hashing them again is waste.
pub(crate) type HashSet64 = HashSet<u64, BuildNoHashHasher<u64>>;

/// How many metrics each family had at the last gather: capacity to
/// reserve, so that family vectors are not regrown metric by metric.
pub(crate) type SizeHints = HashMap<String, usize>;

/// Families by name, the series seen so far, and the errors met.
pub(crate) struct MetricFamilies {
    families: Vec<MetricFamily>,
    by_name: HashMap<String, usize>,
    /// The desc of the last metric and its family: metrics of one family
    /// mostly arrive together, and this spares a hash lookup for each.
    last: Option<(Desc, usize, MetricType)>,
    hints: SizeHints,
    /// Scratch space for hashing a series.
    scratch: Vec<u8>,
    /// One hash per series (name and label pairs) across the whole gather.
    series: HashSet64,
    /// Desc IDs to check metrics against: only for pedantic registries.
    registered_ids: Option<HashSet<u64>>,
    errors: Vec<MetricError>,
}

impl MetricFamilies {
    pub(crate) fn new(
        registered_ids: Option<HashSet<u64>>,
        hints: SizeHints,
    ) -> MetricFamilies {
        let series = hints.values().sum();
        MetricFamilies {
            families: Vec::with_capacity(hints.len()),
            by_name: HashMap::with_capacity(hints.len()),
            last: None,
            hints,
            scratch: Vec::new(),
            series: HashSet64::with_capacity_and_hasher(series, Default::default()),
            registered_ids,
            errors: Vec::new(),
        }
    }

    /// Processes one collected metric; an error is kept, not returned, so
    /// that one bad metric does not spoil the scrape.
    pub(crate) fn process(&mut self, metric: Arc<dyn Metric>, checked: bool) {
        if let Err(err) = self.process_metric(metric, checked) {
            self.errors.push(err);
        }
    }

    /// [`process`](MetricFamilies::process) for a metric read in place from
    /// a collector's shared slice.
    pub(crate) fn process_shared(&mut self, metric: &dyn Metric, checked: bool) {
        if let Err(err) = self.process_shared_metric(metric, checked) {
            self.errors.push(err);
        }
    }

    // ANCHOR: process_metric
    /// Go's `processMetric`, step by step. A metric only this gather holds
    /// (a const metric) may give its labels away; a shared one (a vec's
    /// child) is written by reference.
    fn process_metric(
        &mut self,
        metric: Arc<dyn Metric>,
        checked: bool,
    ) -> Result<(), MetricError> {
        if Arc::strong_count(&metric) > 1 {
            return self.process_shared_metric(metric.as_ref(), checked);
        }
        let desc = metric.desc().clone();
        if desc.err().is_some() {
            return Err(MetricError::InvalidDesc(desc));
        }
        let mut m = proto::Metric::new();
        if let Err(source) = metric.write_owned(&mut m) {
            return Err(MetricError::Collect { desc, source });
        }
        self.add_metric(&desc, m, checked)
    }

    fn process_shared_metric(
        &mut self,
        metric: &dyn Metric,
        checked: bool,
    ) -> Result<(), MetricError> {
        let desc = metric.desc();
        if desc.err().is_some() {
            return Err(MetricError::InvalidDesc(desc.clone()));
        }
        let mut m = proto::Metric::new();
        if let Err(source) = metric.write(&mut m) {
            return Err(MetricError::Collect { desc: desc.clone(), source });
        }
        self.add_metric(desc, m, checked)
    }

    /// The checks of a written metric, then into its family it goes.
    fn add_metric(
        &mut self,
        desc: &Desc,
        mut m: proto::Metric,
        checked: bool,
    ) -> Result<(), MetricError> {
        let (index, family_type) = self.family_for(desc, &m)?;
        // Names the desc validated itself need no second look.
        let own_names = desc.wrote_own_label_names(&m.label);
        check_metric_consistency(
            desc.fq_name(),
            family_type,
            &mut m,
            own_names,
            &mut self.series,
            &mut self.scratch,
        )?;
        let family = &mut self.families[index];
        if checked && let Some(ids) = &self.registered_ids {
            if !ids.contains(&desc.id()) {
                return Err(MetricError::UnregisteredDescriptor {
                    name: family.name().to_owned(),
                    metric: Box::new(m),
                    desc: desc.clone(),
                });
            }
            check_desc_consistency(family, &m, desc)?;
        }
        family.metric.push(m);
        Ok(())
    }
    // ANCHOR_END: process_metric

    /// Finds the metric's family, checking help and type, or creates it,
    /// checking for suffix collisions. Returns the family's index and type.
    fn family_for(
        &mut self,
        desc: &Desc,
        m: &proto::Metric,
    ) -> Result<(usize, MetricType), MetricError> {
        if let Some((last, index, family_type)) = &self.last
            && last.is(desc)
            && has_value_of(*family_type, m)
        {
            // Same desc as the metric before: same name and help.
            return Ok((*index, *family_type));
        }
        let found = self.existing_family(desc, m)?;
        let (index, family_type) = match found {
            Some(found) => found,
            None => self.new_family(desc, m)?,
        };
        self.last = Some((desc.clone(), index, family_type));
        Ok((index, family_type))
    }

    /// The checks against a family collected before under this name.
    fn existing_family(
        &self,
        desc: &Desc,
        m: &proto::Metric,
    ) -> Result<Option<(usize, MetricType)>, MetricError> {
        let name = desc.fq_name();
        if let Some(&index) = self.by_name.get(name) {
            let family = &self.families[index];
            if family.help() != desc.help() {
                return Err(MetricError::HelpMismatch {
                    name: name.to_owned(),
                    metric: Box::new(m.clone()),
                    help: desc.help().to_owned(),
                    family_help: family.help().to_owned(),
                });
            }
            let family_type = family.type_();
            if !has_value_of(family_type, m) {
                return Err(MetricError::WrongType {
                    name: name.to_owned(),
                    metric: Box::new(m.clone()),
                    family_type,
                });
            }
            return Ok(Some((index, family_type)));
        }
        Ok(None)
    }

    /// A new family for `desc`, if its name collides with no other.
    fn new_family(
        &mut self,
        desc: &Desc,
        m: &proto::Metric,
    ) -> Result<(usize, MetricType), MetricError> {
        let name = desc.fq_name();
        let family_type =
            type_of(m).ok_or_else(|| MetricError::EmptyMetric(Box::new(m.clone())))?;
        check_suffix_collisions(name, family_type, |n| {
            self.by_name.get(n).map(|&i| &self.families[i])
        })?;
        let mut family = MetricFamily::new();
        family.set_name(name.into());
        family.set_help(desc.help().into());
        family.set_type(family_type);
        family.metric.reserve(self.hints.get(name).copied().unwrap_or(0));
        self.by_name.insert(name.to_owned(), self.families.len());
        self.families.push(family);
        Ok((self.families.len() - 1, family_type))
    }

    /// Go's `NormalizeMetricFamilies`: sort each family's metrics, drop
    /// families left empty, sort families by name. Also returns the size
    /// hints for the next gather.
    pub(crate) fn finish(self) -> (Result<Vec<MetricFamily>, GatherError>, SizeHints) {
        let hints =
            self.families.iter().map(|f| (f.name().to_owned(), f.metric.len())).collect();
        let families = normalize(self.families);
        let result = if self.errors.is_empty() {
            Ok(families)
        } else {
            Err(GatherError { families, errors: self.errors })
        };
        (result, hints)
    }
}

// ANCHOR: normalize
/// Go's `NormalizeMetricFamilies`: drop families without metrics, sort each
/// family's metrics, sort the families by name.
pub(crate) fn normalize(mut families: Vec<MetricFamily>) -> Vec<MetricFamily> {
    families.retain(|family| !family.metric.is_empty());
    for family in &mut families {
        // Vecs collect their children sorted already: check first.
        if !family.metric.is_sorted_by(|a, b| compare_metrics(a, b) != Ordering::Greater)
        {
            sort_metrics(&mut family.metric);
        }
    }
    families.sort_unstable_by(|a, b| a.name().cmp(b.name()));
    families
}
// ANCHOR_END: normalize

/// The type a new family gets: the first value field set, in Go's order.
fn type_of(m: &proto::Metric) -> Option<MetricType> {
    if m.gauge.is_some() {
        Some(MetricType::GAUGE)
    } else if m.counter.is_some() {
        Some(MetricType::COUNTER)
    } else if m.summary.is_some() {
        Some(MetricType::SUMMARY)
    } else if m.untyped.is_some() {
        Some(MetricType::UNTYPED)
    } else if m.histogram.is_some() {
        Some(MetricType::HISTOGRAM)
    } else {
        None
    }
}

/// Whether `m` carries the value field that `family_type` requires.
pub(crate) fn has_value_of(family_type: MetricType, m: &proto::Metric) -> bool {
    match family_type {
        MetricType::COUNTER => m.counter.is_some(),
        MetricType::GAUGE => m.gauge.is_some(),
        MetricType::SUMMARY => m.summary.is_some(),
        MetricType::UNTYPED => m.untyped.is_some(),
        MetricType::HISTOGRAM | MetricType::GAUGE_HISTOGRAM => m.histogram.is_some(),
    }
}

// ANCHOR: suffix_collisions
/// Go's `checkSuffixCollisions`: a histogram or summary `x` exposes `x_count`
/// and `x_sum` (and a histogram `x_bucket`), so no other family may use them.
pub(crate) fn check_suffix_collisions<'a>(
    name: &str,
    family_type: MetricType,
    family: impl Fn(&str) -> Option<&'a MetricFamily>,
) -> Result<(), MetricError> {
    let stripped =
        ["_count", "_sum", "_bucket"].iter().find_map(|suffix| name.strip_suffix(suffix));
    if let Some(existing) = stripped.and_then(&family) {
        match existing.type_() {
            MetricType::SUMMARY if !name.ends_with("_bucket") => {
                let summary = existing.name().to_owned();
                return Err(MetricError::CollidesWithSummary {
                    name: name.to_owned(),
                    summary,
                });
            }
            MetricType::HISTOGRAM => {
                let histogram = existing.name().to_owned();
                return Err(MetricError::CollidesWithHistogram {
                    name: name.to_owned(),
                    histogram,
                });
            }
            _ => {}
        }
    }
    if matches!(family_type, MetricType::SUMMARY | MetricType::HISTOGRAM) {
        for suffix in ["_count", "_sum"] {
            let other = format!("{name}{suffix}");
            if family(&other).is_some() {
                return Err(MetricError::HistogramOrSummaryCollides {
                    name: name.to_owned(),
                    other,
                });
            }
        }
    }
    if family_type == MetricType::HISTOGRAM {
        let other = format!("{name}_bucket");
        if family(&other).is_some() {
            return Err(MetricError::HistogramCollides { name: name.to_owned(), other });
        }
    }
    Ok(())
}
// ANCHOR_END: suffix_collisions

// ANCHOR: consistency
/// Go's `checkMetricConsistency`: the value matches the family type, label
/// names are valid and distinct, labels end up sorted, and the series was not
/// collected before in this gather.
/// `own_names` says the label names are the very strings a desc validated,
/// which need no second look (a summary's are still checked for
/// `quantile`, which its desc may carry).
pub(crate) fn check_metric_consistency(
    name: &str,
    family_type: MetricType,
    m: &mut proto::Metric,
    own_names: bool,
    series: &mut HashSet64,
    scratch: &mut Vec<u8>,
) -> Result<(), MetricError> {
    let metric = |m: &proto::Metric| Box::new(m.clone());
    if !has_value_of(family_type, m) {
        return Err(MetricError::NotOfType {
            name: name.to_owned(),
            metric: metric(m),
            family_type,
        });
    }
    if m.summary.is_some() || !own_names {
        check_label_names(name, m)?;
    }
    if !series.insert(series_hash(name, m, scratch)) {
        return Err(MetricError::DuplicateSeries {
            name: name.to_owned(),
            metric: metric(m),
        });
    }
    Ok(())
}
// ANCHOR_END: consistency

/// The label checks of `checkMetricConsistency`: names valid and distinct,
/// no `quantile` on a summary; then the labels are sorted by name.
fn check_label_names(name: &str, m: &mut proto::Metric) -> Result<(), MetricError> {
    let metric = |m: &proto::Metric| Box::new(m.clone());
    // Like Go, only *adjacent* duplicates are found: labels should be sorted.
    let mut previous: Option<&str> = None;
    for pair in &m.label {
        let label = pair.name();
        if previous == Some(label) {
            let label = label.to_owned();
            return Err(MetricError::DuplicateLabelName {
                name: name.to_owned(),
                metric: metric(m),
                label,
            });
        }
        if !check_label_name(label) {
            let label = label.to_owned();
            return Err(MetricError::InvalidLabelName {
                name: name.to_owned(),
                metric: metric(m),
                label,
            });
        }
        if m.summary.is_some() && label == "quantile" {
            return Err(MetricError::ExplicitQuantileLabel {
                name: name.to_owned(),
                metric: metric(m),
            });
        }
        previous = Some(label);
    }
    if !m.label.is_sorted_by(|a, b| a.name() <= b.name()) {
        m.label.sort_by(|a, b| a.name().cmp(b.name()));
    }
    Ok(())
}

/// A hash of the name and every label name and value, separated: Go's
/// bytes, hashed in one go with xxh3 (the value itself is never shown, so
/// it need not be Go's xxhash64; xxh3 is faster on short input).
fn series_hash(name: &str, m: &proto::Metric, scratch: &mut Vec<u8>) -> u64 {
    scratch.clear();
    scratch.extend_from_slice(name.as_bytes());
    scratch.push(SEPARATOR);
    for pair in &m.label {
        scratch.extend_from_slice(pair.name().as_bytes());
        scratch.push(SEPARATOR);
        scratch.extend_from_slice(pair.value().as_bytes());
        scratch.push(SEPARATOR);
    }
    xxh3_64(scratch)
}

/// Go's pedantic `checkDescConsistency`: help and labels as the desc says.
fn check_desc_consistency(
    family: &MetricFamily,
    m: &proto::Metric,
    desc: &Desc,
) -> Result<(), MetricError> {
    let name = family.name().to_owned();
    if family.help() != desc.help() {
        return Err(MetricError::DescHelpMismatch {
            name,
            metric: Box::new(m.clone()),
            family_help: family.help().to_owned(),
            desc_help: desc.help().to_owned(),
        });
    }
    // Expected: const pairs with their values, variable names with any value.
    let mut expected: Vec<(&str, Option<&str>)> = desc
        .const_label_pairs()
        .iter()
        .map(|p| (p.name(), Some(p.value())))
        .chain(desc.variable_labels().iter().map(|n| (n.as_str(), None)))
        .collect();
    expected.sort_by(|a, b| a.0.cmp(b.0));
    let matches = expected.len() == m.label.len()
        && expected.iter().zip(&m.label).all(|((n, v), pair)| {
            *n == pair.name() && v.is_none_or(|v| v == pair.value())
        });
    if matches {
        Ok(())
    } else {
        Err(MetricError::LabelsInconsistentWithDesc {
            name,
            metric: Box::new(m.clone()),
            desc: desc.clone(),
        })
    }
}

// ANCHOR: compare_metrics
/// Go's `MetricSorter`: fewer labels first, then label values position by
/// position (byte order, names ignored), then timestamp, missing ones last.
pub(crate) fn compare_metrics(a: &proto::Metric, b: &proto::Metric) -> Ordering {
    a.label.len().cmp(&b.label.len()).then_with(|| {
        let values = a.label.iter().zip(&b.label).map(|(x, y)| x.value().cmp(y.value()));
        // The first difference decides; later labels are not compared.
        values.into_iter().find(|o| o.is_ne()).unwrap_or(Ordering::Equal).then_with(
            || match (a.timestamp_ms, b.timestamp_ms) {
                (Some(x), Some(y)) => x.cmp(&y),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            },
        )
    })
}
// ANCHOR_END: compare_metrics

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labels::label_pair;

    fn gauge_metric() -> proto::Metric {
        let mut m = proto::Metric::new();
        m.label.push(label_pair("a", "1"));
        m.gauge.mut_or_insert_default().value = Some(1.0);
        m
    }

    /// Go's text for a case of `tests/golden/errors.tsv`.
    fn golden_error(case: &str) -> String {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/errors.tsv");
        let golden = std::fs::read_to_string(path).unwrap();
        let row = golden.lines().find_map(|l| l.strip_prefix(case)?.strip_prefix('\t'));
        row.unwrap_or_else(|| panic!("no golden error {case}")).to_owned()
    }

    /// Unreachable through `Registry` (the family's type is checked first),
    /// but part of Go's consistency check for merged gatherers, which is how
    /// the Go program reached it (`prometheus.Gatherers`, case `not_of_type`).
    #[test]
    fn metric_of_another_type_than_its_family() {
        let mut m = gauge_metric();
        let err = check_metric_consistency(
            "x",
            MetricType::COUNTER,
            &mut m,
            false,
            &mut HashSet64::default(),
            &mut Vec::new(),
        )
        .unwrap_err();
        assert_eq!(err.to_string(), golden_error("not_of_type"));
    }

    /// Also unreachable through `Registry`: the family's help comes from the
    /// first desc of that name, and other help is refused before this runs.
    /// Unreachable in Go too, so no Go-made text: the metric is printed as
    /// in every other golden error.
    #[test]
    fn pedantic_help_mismatch() {
        let mut family = MetricFamily::new();
        family.set_name("x".into());
        family.set_help("family help".into());
        let desc = Desc::new("x", "desc help", &["a"], crate::Labels::new());
        let err = check_desc_consistency(&family, &gauge_metric(), &desc).unwrap_err();
        assert_eq!(
            err.to_string(),
            "collected metric x label:<name:\"a\" value:\"1\" > gauge:<value:1 >  has help \"family help\" but should have \"desc help\""
        );
    }

    #[test]
    fn pedantic_const_label_value_must_match() {
        let mut family = MetricFamily::new();
        family.set_name("x".into());
        family.set_help("h".into());
        let desc = Desc::new("x", "h", &[], crate::labels! {"a" => "2"});
        assert!(check_desc_consistency(&family, &gauge_metric(), &desc).is_err());
        let desc = Desc::new("x", "h", &[], crate::labels! {"a" => "1"});
        assert!(check_desc_consistency(&family, &gauge_metric(), &desc).is_ok());
    }

    #[test]
    fn series_hash_hashes_go_bytes() {
        // Go hashes "dup\xffa\xff1\xff" for dup{a="1"} (spec A.1).
        let mut m = proto::Metric::new();
        m.label.push(label_pair("a", "1"));
        let mut scratch = Vec::new();
        let hash = series_hash("dup", &m, &mut scratch);
        assert_eq!(scratch, b"dup\xffa\xff1\xff");
        assert_eq!(hash, xxh3_64(b"dup\xffa\xff1\xff"));
    }
}
