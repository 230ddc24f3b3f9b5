//! Sorting a family's metrics fast: a speed-up with no Go counterpart.
//! Go sorts with `MetricSorter` (`internal/metric.go`), comparing label
//! values through pointers on every step; promreg sorts small keys that
//! decide most comparisons without touching the metrics, falls back to Go's
//! comparison ([`compare_metrics`]) on ties, and moves each metric once. The
//! order is Go's exactly.

use std::cmp::Ordering;

use crate::metric_families::compare_metrics;
use crate::proto::{self, LabelPair};

/// Sorts metrics as [`compare_metrics`] orders them. A `Metric` is about a
/// hundred bytes and comparing two means following pointers to their label
/// values, so this sorts small keys instead, which decide most comparisons
/// without touching the metrics (see [`SortKey`]), and moves each metric
/// once, to its place.
pub(crate) fn sort_metrics(metrics: &mut Vec<proto::Metric>) {
    let keys = sorted_keys(metrics, |m| &m.label, compare_metrics);
    reorder(metrics, &keys);
}

/// Sorts `items` as `compare` orders them, as [`sort_metrics`] does, where
/// `compare` is [`compare_metrics`]' order of their label pairs (`pairs`)
/// with whatever it compares after. Returns whether two neighbours compare
/// equal after sorting (found among equal keys only, so that it costs a
/// full comparison only where the keys could not decide).
pub(crate) fn sort_finding_ties<T>(
    items: &mut Vec<T>,
    pairs: impl Fn(&T) -> &[LabelPair],
    compare: impl Fn(&T, &T) -> Ordering,
) -> bool {
    let keys = sorted_keys(items, pairs, &compare);
    let item = |k: &(SortKey, u32)| &items[k.1 as usize];
    let ties = keys
        .windows(2)
        .any(|w| w[0].0 == w[1].0 && compare(item(&w[0]), item(&w[1])).is_eq());
    reorder(items, &keys);
    ties
}

/// Each item's key and index, sorted: keys first, `compare` on ties.
fn sorted_keys<T>(
    items: &[T],
    pairs: impl Fn(&T) -> &[LabelPair],
    compare: impl Fn(&T, &T) -> Ordering,
) -> Vec<(SortKey, u32)> {
    let mut keys: Vec<(SortKey, u32)> = items
        .iter()
        .enumerate()
        .map(|(i, item)| (SortKey::of(pairs(item)), i as u32))
        .collect();
    keys.sort_unstable_by(|a, b| {
        a.0.cmp(&b.0).then_with(|| compare(&items[a.1 as usize], &items[b.1 as usize]))
    });
    keys
}

/// Moves each item once, to the place `keys` give it.
fn reorder<T>(items: &mut Vec<T>, keys: &[(SortKey, u32)]) {
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(keys.iter().filter_map(|k| slots[k.1 as usize].take()));
}

/// What orders most metrics: the label count, then the first eight bytes of
/// the first label value, zero-padded, as a big-endian number (numbers
/// compare as the bytes do, except that a value ties with its zero-padded
/// extensions). Where that first value is whole in its prefix (at most
/// eight bytes, no zero byte), equal prefixes mean equal values, and the
/// second value's prefix may decide. Values that are not whole sort after
/// whole ones of the same prefix, which they extend. Ties go to the full
/// comparison.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct SortKey {
    labels: usize,
    first: u64,
    first_not_whole: bool,
    second: u64,
}

impl SortKey {
    fn of(pairs: &[LabelPair]) -> SortKey {
        let value =
            |i: usize| pairs.get(i).map_or(&[][..], |pair| pair.value().as_bytes());
        let (first, whole) = value_prefix(value(0));
        SortKey {
            labels: pairs.len(),
            first,
            first_not_whole: !whole,
            second: if whole { value_prefix(value(1)).0 } else { 0 },
        }
    }
}

/// The zero-padded first eight bytes of `value` as a big-endian number,
/// and whether they hold all of it.
fn value_prefix(value: &[u8]) -> (u64, bool) {
    let mut prefix = [0u8; 8];
    let n = value.len().min(8);
    prefix[..n].copy_from_slice(&value[..n]);
    (u64::from_be_bytes(prefix), value.len() <= 8 && !value.contains(&0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labels::label_pair;

    /// The key sort orders as Go's comparison does, also where the eight-byte
    /// prefixes tie: values sharing eight bytes, a value and itself followed
    /// by a NUL byte, different label counts, timestamps.
    #[test]
    fn sort_metrics_orders_as_compare_metrics() {
        let values = [
            "",
            "a",
            "a\0",
            "a\0\0",
            "a\0b",
            "ab",
            "abcdefgh",
            "abcdefgh1",
            "abcdefgh0",
            "b",
            "B",
            "10",
            "9",
            "\u{e9}",
        ];
        let mut metrics = Vec::new();
        for (i, first) in values.iter().enumerate() {
            for second in ["x", "y", "", "y\0", "yyyyyyyyz", "yyyyyyyy"] {
                let mut m = proto::Metric::new();
                m.label.push(label_pair("a", first));
                m.label.push(label_pair("b", second));
                if i % 3 == 0 {
                    m.timestamp_ms = Some(i as i64);
                }
                metrics.push(m);
            }
            let mut one = proto::Metric::new();
            one.label.push(label_pair("a", first));
            metrics.push(one);
        }
        // A fixed shuffle (5 is prime to the 98 metrics), so that the input
        // is not sorted already.
        assert_eq!(metrics.len(), 98);
        let mut shuffled: Vec<proto::Metric> = (0..metrics.len())
            .map(|i| metrics[(i * 5) % metrics.len()].clone())
            .collect();
        let mut expected = shuffled.clone();
        expected.sort_by(compare_metrics);
        sort_metrics(&mut shuffled);
        assert_eq!(shuffled, expected);
        assert_eq!(expected[0].label.len(), 1);
        assert_eq!(expected[0].label[0].value(), "");
    }
}
