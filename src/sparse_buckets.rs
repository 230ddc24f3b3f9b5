//! The native buckets of one side (positive or negative) of a histogram:
//! the keys in use, sorted, and their counts.
//!
//! client_golang keeps them in a `sync.Map` from key to an atomic count
//! (`histogram.go`, `nativeHistogramBucketsPositive`), so that observations
//! need no lock, and sorts the keys at every scrape. promreg counts native
//! buckets under one lock (see `native_histogram.rs`), so it can keep them
//! sorted as they are made instead: an observation is a binary search over
//! a few hundred `i32`s at most, and a scrape reads them in order from two
//! contiguous arrays, with no sort and no pointer chasing. This is where
//! promreg leaves Go's path (the book says so in the chapter on native
//! histograms); the bytes it writes are the same.
//!
//! A new key is an insertion into the middle of the arrays; that happens
//! once per bucket, and the bucket limit bounds how many there are.

/// Sorted keys with their counts, kept in two arrays of one length.
#[derive(Clone, Debug, Default)]
pub(crate) struct SparseBuckets {
    keys: Vec<i32>,
    counts: Vec<u64>,
}

impl SparseBuckets {
    /// Counts one observation in bucket `key`, making it if it is new.
    #[inline]
    pub(crate) fn add_one(&mut self, key: i32) {
        match self.keys.binary_search(&key) {
            Ok(i) => self.counts[i] += 1,
            Err(i) => {
                self.keys.insert(i, key);
                self.counts.insert(i, 1);
            }
        }
    }

    /// How many buckets are in use.
    pub(crate) fn len(&self) -> usize {
        self.keys.len()
    }

    /// The lowest key in use.
    pub(crate) fn first_key(&self) -> Option<i32> {
        self.keys.first().copied()
    }

    /// Removes bucket `key`, returning its count.
    pub(crate) fn remove(&mut self, key: i32) -> Option<u64> {
        let i = self.keys.binary_search(&key).ok()?;
        self.keys.remove(i);
        Some(self.counts.remove(i))
    }

    /// Forgets every bucket (keeping the arrays' memory).
    pub(crate) fn clear(&mut self) {
        self.keys.clear();
        self.counts.clear();
    }

    /// The buckets in key order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (i32, u64)> + '_ {
        self.keys.iter().copied().zip(self.counts.iter().copied())
    }

    /// Renumbers every key with `merge` and adds up the counts of keys that
    /// become one. `merge` must never decrease (as halving the resolution
    /// does not), so the merged keys stay sorted and the work is done in
    /// place, in one pass.
    pub(crate) fn merge_keys(&mut self, merge: impl Fn(i32) -> i32) {
        let mut kept = 0;
        for i in 0..self.keys.len() {
            let key = merge(self.keys[i]);
            let count = self.counts[i];
            if kept > 0 && self.keys[kept - 1] == key {
                self.counts[kept - 1] += count;
            } else {
                self.keys[kept] = key;
                self.counts[kept] = count;
                kept += 1;
            }
        }
        self.keys.truncate(kept);
        self.counts.truncate(kept);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// Any sequence of additions, removals and merges leaves the same
    /// buckets as an ordered map given the same ones.
    #[test]
    fn behaves_as_an_ordered_map() {
        let mut ours = SparseBuckets::default();
        let mut map: BTreeMap<i32, u64> = BTreeMap::new();
        // A small deterministic generator: the same sequence every run.
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for step in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let key = (x % 400) as i32 - 200;
            match step % 97 {
                0 => {
                    assert_eq!(ours.remove(key), map.remove(&key));
                }
                1 => {
                    let half = |k: i32| if k > 0 { (k + 1) / 2 } else { k / 2 };
                    ours.merge_keys(half);
                    let old = std::mem::take(&mut map);
                    for (k, n) in old {
                        *map.entry(half(k)).or_default() += n;
                    }
                }
                _ => {
                    ours.add_one(key);
                    *map.entry(key).or_default() += 1;
                }
            }
            assert_eq!(ours.len(), map.len());
            assert_eq!(ours.first_key(), map.keys().next().copied());
        }
        assert_eq!(ours.iter().collect::<Vec<_>>(), map.into_iter().collect::<Vec<_>>());
        ours.clear();
        assert_eq!(ours.len(), 0);
    }
}
