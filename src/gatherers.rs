//! `Gatherers`: several gatherers merged into one, as Go's `Gatherers`
//! (`registry.go`) merges them: families of one name must agree on help and
//! type, every metric passes the consistency checks of a gather (no series
//! twice across all of them), and the errors of each gatherer come along,
//! marked with its position.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use crate::gather::Gatherer;
use crate::gather_error::{GatherError, MetricError};
use crate::metric_families::{
    HashSet64, check_metric_consistency, check_suffix_collisions, normalize,
};
use crate::proto::{MetricFamily, MetricType};

/// Go's `Gatherers`: gathers each in turn and merges what they return.
#[derive(Clone, Default)]
pub struct Gatherers(pub Vec<Arc<dyn Gatherer>>);

impl fmt::Debug for Gatherers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Gatherers").field("len", &self.0.len()).finish()
    }
}

/// The families merged so far, the series seen, the errors met.
#[derive(Default)]
struct Merged {
    by_name: HashMap<String, MetricFamily>,
    series: HashSet64,
    scratch: Vec<u8>,
    errors: Vec<MetricError>,
}

// ANCHOR: gatherers
impl Gatherer for Gatherers {
    fn gather(&self) -> Result<Vec<MetricFamily>, GatherError> {
        let mut merged = Merged::default();
        for (i, gatherer) in self.0.iter().enumerate() {
            let families = match gatherer.gather() {
                Ok(families) => families,
                Err(mut err) => {
                    if err.errors.is_empty() {
                        // An error with no error in it is still a failure.
                        err.errors.push(MetricError::Other(
                            "gather failed with no error given".into(),
                        ));
                    }
                    let from = |error| MetricError::FromGatherer {
                        index: i + 1,
                        error: Box::new(error),
                    };
                    merged.errors.extend(err.errors.into_iter().map(from));
                    err.families
                }
            };
            families.into_iter().for_each(|mf| merged.add(mf));
        }
        let families = normalize(merged.by_name.into_values().collect());
        let errors = merged.errors;
        if errors.is_empty() {
            Ok(families)
        } else {
            Err(GatherError { families, errors })
        }
    }
}
// ANCHOR_END: gatherers

impl Merged {
    /// One gathered family: its help and type checked against the family of
    /// that name gathered before (or its name against suffix collisions),
    /// then each metric checked and added.
    fn add(&mut self, mf: MetricFamily) {
        let name = mf.name().to_owned();
        if let Err(err) = self.family_for(&name, &mf) {
            self.errors.push(err);
            return;
        }
        let Some(family) = self.by_name.get_mut(&name) else { return };
        let family_type = family.type_();
        for mut m in mf.metric {
            match check_metric_consistency(
                &name,
                family_type,
                &mut m,
                false,
                &mut self.series,
                &mut self.scratch,
            ) {
                Ok(()) => family.metric.push(m),
                Err(err) => self.errors.push(err),
            }
        }
    }

    fn family_for(&mut self, name: &str, mf: &MetricFamily) -> Result<(), MetricError> {
        if let Some(existing) = self.by_name.get(name) {
            if existing.help() != mf.help() {
                let (help, existing_help) =
                    (mf.help().to_owned(), existing.help().to_owned());
                return Err(MetricError::FamilyHelpMismatch {
                    name: name.to_owned(),
                    help,
                    existing_help,
                });
            }
            if raw_type(existing) != raw_type(mf) {
                let (type_, existing_type) = (type_text(mf), type_text(existing));
                return Err(MetricError::FamilyTypeMismatch {
                    name: name.to_owned(),
                    type_,
                    existing_type,
                });
            }
            return Ok(());
        }
        let family_type =
            mf.type_.map_or(MetricType::COUNTER, |t| t.enum_value_or_default());
        check_suffix_collisions(name, family_type, |n| self.by_name.get(n))?;
        let mut family = MetricFamily::new();
        (family.name, family.help, family.type_) =
            (mf.name.clone(), mf.help.clone(), mf.type_);
        self.by_name.insert(name.to_owned(), family);
        Ok(())
    }
}

/// The type's number, unset being 0 (`COUNTER`), as Go's `GetType`.
fn raw_type(mf: &MetricFamily) -> i32 {
    mf.type_.map_or(0, |t| t.value())
}

/// The type as Go's `%s` prints it: its name, or its number if unknown.
fn type_text(mf: &MetricFamily) -> String {
    match mf.type_.map_or(Ok(MetricType::COUNTER), |t| t.enum_value()) {
        Ok(known) => format!("{known:?}"),
        Err(number) => number.to_string(),
    }
}

/// Go's `GathererFunc`: a closure as a [`Gatherer`].
#[derive(Clone)]
pub struct GathererFunc<F>(pub F);

impl<F> fmt::Debug for GathererFunc<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("GathererFunc")
    }
}

impl<F> Gatherer for GathererFunc<F>
where
    F: Fn() -> Result<Vec<MetricFamily>, GatherError> + Send + Sync,
{
    fn gather(&self) -> Result<Vec<MetricFamily>, GatherError> {
        (self.0)()
    }
}
