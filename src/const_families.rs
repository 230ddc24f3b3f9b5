//! The const metrics that custom collectors send, grouped into families
//! that the streaming scrape (`scrape.rs`) writes itself: the exporter
//! pattern, where a collector builds every series afresh on each collect.
//!
//! No Go counterpart: client_golang's `processMetric` (`registry.go`)
//! writes every collected metric into a protobuf `Metric`, checks it, and
//! sorts each family before the encoder renders it. Here a family whose
//! metrics are all const metrics of one value type, of descs with one help
//! and as many labels (`Desc::same_family_shape`), and which is its name's
//! only source and no other family's suffix relative, is checked in light
//! form instead. Such metrics carry label pairs their desc built (valid
//! names, sorted, no name twice), so what is left of Go's checks is the
//! desc's validity, its registration (pedantic), and that no two series
//! have the same label values. The family is sorted as Go sorts it (by
//! label values) and duplicates are found as neighbours. A family that
//! fails any of this is handed back to the gather path with its metrics in
//! the order they came, so the gather path reports exactly what `gather`
//! would.

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::desc::Desc;
use crate::encode::stream::StreamedFamily;
use crate::metric::{ConstMetric, Metric, ValueType};
use crate::sort_key::sort_finding_ties;
use crate::streamed::{StreamedKind, StreamedValue};

/// A metric a custom collector sent, and whether that collector is checked.
pub(crate) type Collected = (Arc<dyn Metric>, bool);

/// The custom collectors' metrics grouped by family name, as far as the
/// plan needs to know them: how many each name has, and whether they are
/// const metrics of one shape.
pub(crate) struct Groups<'o> {
    groups: Vec<Group<'o>>,
    /// Each metric's group, in the order the metrics came.
    group_of: Vec<u32>,
}

/// The metrics of one family name.
pub(crate) struct Group<'o> {
    pub(crate) name: &'o str,
    pub(crate) count: usize,
    /// The desc and value type all of them share, as long as each is a
    /// const metric of a valid (and if asked, registered) desc of that
    /// shape and of that value type.
    shape: Option<(&'o Desc, ValueType)>,
}

impl<'o> Groups<'o> {
    /// Groups `others`; `registered` is the pedantic registry's set of desc
    /// ids, checked for metrics of checked collectors.
    pub(crate) fn of(
        others: &'o [Collected],
        registered: Option<&HashSet<u64>>,
    ) -> Groups<'o> {
        let mut groups: Vec<Group<'o>> = Vec::new();
        let mut by_name: HashMap<&'o str, u32> = HashMap::new();
        let mut group_of = Vec::with_capacity(others.len());
        // A collector sends its series one after the other: comparing with
        // the last desc spares hashing the name of each.
        let mut last: Option<(&'o Desc, u32)> = None;
        for (metric, checked) in others {
            let desc = metric.desc();
            let index = match last {
                Some((last_desc, index)) if last_desc.same_family_shape(desc) => index,
                _ => *by_name.entry(desc.fq_name()).or_insert_with(|| {
                    groups.push(Group {
                        name: desc.fq_name(),
                        count: 0,
                        shape: const_shape(metric.as_ref()),
                    });
                    (groups.len() - 1) as u32
                }),
            };
            last = Some((desc, index));
            group_of.push(index);
            let group = &mut groups[index as usize];
            group.count += 1;
            let fits = |&(shape, value_type): &(&Desc, ValueType)| {
                const_shape(metric.as_ref())
                    .is_some_and(|(d, v)| v == value_type && d.same_family_shape(shape))
                    && (!checked || registered.is_none_or(|ids| ids.contains(&desc.id())))
            };
            if !group.shape.as_ref().is_some_and(fits) {
                group.shape = None;
            }
        }
        Groups { groups, group_of }
    }

    /// Every group, in the order their names first came.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &Group<'o>> {
        self.groups.iter()
    }

    /// What is decided: `streamed(group)` says whether a group whose
    /// metrics are all const metrics of one shape may be streamed (is its
    /// name's only source, and no other family's suffix relative).
    pub(crate) fn decide(self, mut streamed: impl FnMut(&Group<'o>) -> bool) -> Routes {
        let shapes = self
            .groups
            .iter()
            .map(|g| {
                g.shape.filter(|_| streamed(g)).map(|(d, v)| (d.clone(), v, g.count))
            })
            .collect();
        Routes { shapes, group_of: self.group_of }
    }
}

/// `metric`'s desc and value type, if it is a const metric of a valid desc.
fn const_shape(metric: &dyn Metric) -> Option<(&Desc, ValueType)> {
    let any: &dyn std::any::Any = metric;
    let m = any.downcast_ref::<ConstMetric>()?;
    let desc = m.desc();
    desc.err().is_none().then_some((desc, m.value_type()))
}

/// The plan's decision, owning what it needs: which groups are streamed
/// (with their desc, value type and size), and each metric's group.
pub(crate) struct Routes {
    shapes: Vec<Option<(Desc, ValueType, usize)>>,
    group_of: Vec<u32>,
}

/// A family of const metrics the streaming scrape writes itself, sorted.
pub(crate) struct ConstFamily {
    pub(crate) desc: Desc,
    pub(crate) value_type: ValueType,
    pub(crate) metrics: Vec<Arc<ConstMetric>>,
}

impl ConstFamily {
    /// The family as the streaming scrape writes it.
    pub(crate) fn streamed(&self) -> StreamedFamily<'_> {
        StreamedFamily {
            name: self.desc.fq_name(),
            help: self.desc.help(),
            kind: StreamedKind::Value(self.value_type),
            metrics: &[],
            consts: &self.metrics,
        }
    }
}

/// A streamed group's metric: where it came, from which kind of collector.
type Entry = (u32, bool, Arc<ConstMetric>);

impl Routes {
    /// Sends each of `others` to its streamed family, or else to the gather
    /// path (returned in the order they came). A family with two series
    /// of the same label values goes to the gather path whole, which
    /// reports them as Go does.
    pub(crate) fn route(
        self,
        others: Vec<Collected>,
    ) -> (Vec<ConstFamily>, Vec<Collected>) {
        if self.shapes.iter().all(Option::is_none) {
            return (Vec::new(), others);
        }
        let mut entries: Vec<Vec<Entry>> = self
            .shapes
            .iter()
            .map(|shape| Vec::with_capacity(shape.as_ref().map_or(0, |s| s.2)))
            .collect();
        let mut rest: Vec<(u32, Collected)> = Vec::new();
        for (index, ((metric, checked), &group)) in
            (0u32..).zip(others.into_iter().zip(&self.group_of))
        {
            if self.shapes[group as usize].is_none() {
                rest.push((index, (metric, checked)));
                continue;
            }
            let any: Arc<dyn std::any::Any + Send + Sync> = metric;
            match any.downcast::<ConstMetric>() {
                Ok(m) => entries[group as usize].push((index, checked, m)),
                // A streamed group holds const metrics only (`Groups::of`).
                Err(_) => {
                    unreachable!("a metric other than a const metric in a streamed group")
                }
            }
        }
        let mut families = Vec::new();
        let mut returned = false;
        for (shape, mut group) in self.shapes.into_iter().zip(entries) {
            let Some((desc, value_type, _)) = shape else { continue };
            if sort_finding_ties(
                &mut group,
                |e| e.2.label_pairs(),
                |a, b| by_label_values(&a.2, &b.2),
            ) {
                rest.extend(
                    group.into_iter().map(|(index, checked, m)| {
                        (index, (m as Arc<dyn Metric>, checked))
                    }),
                );
                returned = true;
            } else {
                families.push(ConstFamily {
                    desc,
                    value_type,
                    metrics: group.into_iter().map(|e| e.2).collect(),
                });
            }
        }
        if returned {
            rest.sort_unstable_by_key(|(index, _)| *index);
        }
        (families, rest.into_iter().map(|(_, collected)| collected).collect())
    }
}

/// Go's order of a family's metrics (`MetricSorter`) where all have as many
/// labels and no timestamp: label values compared pair by pair.
fn by_label_values(a: &ConstMetric, b: &ConstMetric) -> Ordering {
    a.label_pairs()
        .iter()
        .map(|p| p.value())
        .cmp(b.label_pairs().iter().map(|p| p.value()))
}
