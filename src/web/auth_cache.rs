//! The verdicts of past basic-auth checks, so that a scraper sending the
//! same credentials every 15 seconds costs one bcrypt run, not one per
//! scrape. Mirrors exporter-toolkit's `web/cache.go`: at most 100 entries,
//! and when full, a tenth of them (at least one) dropped at random.
//!
//! Unlike Go, the key is a SHA-256 of the user, the hash and the password,
//! not the three in hex: no password is kept in memory.

use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};

/// The most entries kept (Go's `cacheSize`).
const CACHE_SIZE: usize = 100;

/// The key of one check: SHA-256 over the three, each length-prefixed so
/// that no two different triples give the same bytes.
pub(crate) type CacheKey = [u8; 32];

/// Verdicts by key.
#[derive(Default)]
pub(crate) struct AuthCache {
    verdicts: HashMap<CacheKey, bool>,
    random: RandomState,
    /// Draws so far: each one hashed gives the next random pick.
    draws: u64,
}

impl AuthCache {
    pub(crate) fn get(&self, key: &CacheKey) -> Option<bool> {
        self.verdicts.get(key).copied()
    }

    pub(crate) fn set(&mut self, key: CacheKey, verdict: bool) {
        self.make_room();
        self.verdicts.insert(key, verdict);
    }

    /// Drops entries at random when full: many at once, so that a cache
    /// kept full by a long tail of users does not pay this on every check.
    fn make_room(&mut self) {
        if self.verdicts.len() < CACHE_SIZE {
            return;
        }
        let to_delete = (self.verdicts.len() / 10).max(1);
        // Go's loop runs `to_delete + 1` times; so does this.
        for _ in 0..=to_delete {
            self.draws += 1;
            let pick = self.random.hash_one(self.draws) as usize % self.verdicts.len();
            if let Some(key) = self.verdicts.keys().nth(pick).copied() {
                self.verdicts.remove(&key);
            }
        }
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.verdicts.len()
    }
}

/// The cache key of `user`, `hash` and `password`.
pub(crate) fn cache_key(user: &[u8], hash: &[u8], password: &[u8]) -> CacheKey {
    let mut ctx = ring::digest::Context::new(&ring::digest::SHA256);
    for part in [user, hash, password] {
        ctx.update(&(part.len() as u64).to_le_bytes());
        ctx.update(part);
    }
    let mut key = [0; 32];
    key.copy_from_slice(ctx.finish().as_ref());
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_cache_drops_a_tenth_and_one_more() {
        let mut cache = AuthCache::default();
        for i in 0..100u8 {
            cache.set(cache_key(&[i], b"h", b"p"), true);
        }
        assert_eq!(cache.len(), 100);
        // 100 entries: 10 + 1 dropped, then the new one added.
        cache.set(cache_key(b"new", b"h", b"p"), false);
        assert_eq!(cache.len(), 90);
        assert_eq!(cache.get(&cache_key(b"new", b"h", b"p")), Some(false));
    }

    #[test]
    fn keys_differ_where_the_parts_are_cut_differently() {
        assert_ne!(cache_key(b"ab", b"c", b""), cache_key(b"a", b"bc", b""));
        assert_eq!(cache_key(b"a", b"b", b"c"), cache_key(b"a", b"b", b"c"));
    }
}
