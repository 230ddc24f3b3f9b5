//! Basic authentication against `basic_auth_users`. Mirrors the check in
//! exporter-toolkit's `webHandler.ServeHTTP` (`web/handler.go`) and the
//! start-up check of the hashes (`validateUsers`, with x/crypto/bcrypt's
//! `Cost` and its error texts).
//!
//! A request for an unknown user still runs bcrypt, on a fixed hash of the
//! same cost, so the time of an answer does not tell which users exist;
//! bcrypt compares its results in constant time. One bcrypt run at a time
//! (it costs tens of milliseconds of CPU on purpose), and verdicts cached.
//! Go waits for its turn on a mutex, which costs a goroutine; here the
//! wait is a task's, not a thread's, so a flood of wrong passwords queues
//! without taking the blocking pool's threads.

use std::collections::BTreeMap;
use std::sync::Arc;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use parking_lot::Mutex;
use tokio::sync::Semaphore;

use crate::quote::{quoted, quoted_bytes};
use crate::web::auth_cache::{AuthCache, CacheKey, cache_key};
use crate::web::config::WebConfigError;

/// A bcrypt hash (cost 10, as most users' are) of a password nobody sends,
/// checked for a user who does not exist.
const UNKNOWN_USER_HASH: &str =
    "$2b$10$yIsItW2POS/vQpNgXabMuupuHrG2dFs/7N9bLBYIhpIy1NFbG8OQW";

/// The checker of one server: its cache, and the turn that keeps bcrypt
/// runs one at a time.
pub(crate) struct BasicAuth {
    cache: Arc<Mutex<AuthCache>>,
    /// One permit: held by the bcrypt run itself, on the blocking pool, so
    /// a request dropped while bcrypt runs does not let a second one start.
    bcrypt: Arc<Semaphore>,
}

impl Default for BasicAuth {
    fn default() -> BasicAuth {
        BasicAuth { cache: Arc::default(), bcrypt: Arc::new(Semaphore::new(1)) }
    }
}

impl BasicAuth {
    // ANCHOR: authorized
    /// Whether the `Authorization` header's credentials are those of one of
    /// `users`. A verdict not cached waits for bcrypt's turn, then runs it
    /// on the blocking pool.
    pub(crate) async fn authorized(
        &self,
        users: &BTreeMap<String, String>,
        authorization: Option<&[u8]>,
    ) -> bool {
        let Some((user, password)) = authorization.and_then(parse_basic_auth) else {
            return false;
        };
        let known = std::str::from_utf8(&user).ok().and_then(|name| users.get(name));
        let hash = known.map_or(UNKNOWN_USER_HASH, String::as_str).to_owned();
        let key = cache_key(&user, hash.as_bytes(), &password);
        let verdict = match self.cached(&key) {
            Some(verdict) => verdict,
            None => {
                // The semaphore is never closed.
                let turn = self.bcrypt.clone().acquire_owned().await.ok();
                // The same credentials may have been checked meanwhile.
                match self.cached(&key) {
                    Some(verdict) => verdict,
                    None => {
                        let (cache, known) = (self.cache.clone(), known.is_some());
                        let run = move || {
                            let _turn = turn;
                            let verdict =
                                known && bcrypt::verify(password, &hash).unwrap_or(false);
                            cache.lock().set(key, verdict);
                            verdict
                        };
                        tokio::task::spawn_blocking(run).await.unwrap_or(false)
                    }
                }
            }
        };
        verdict && known.is_some()
    }
    // ANCHOR_END: authorized

    fn cached(&self, key: &CacheKey) -> Option<bool> {
        self.cache.lock().get(key)
    }
    // ANCHOR_END: authorized
}

/// The user and password of a `Basic` authorization, as Go's
/// `parseBasicAuth` reads them: the scheme in any case, strict base64
/// (Go's decoder skips line breaks), split at the first colon.
fn parse_basic_auth(header: &[u8]) -> Option<(Vec<u8>, Vec<u8>)> {
    const PREFIX: &[u8] = b"Basic ";
    if header.len() < PREFIX.len() || !header[..PREFIX.len()].eq_ignore_ascii_case(PREFIX)
    {
        return None;
    }
    let encoded: Vec<u8> = header[PREFIX.len()..]
        .iter()
        .copied()
        .filter(|b| *b != b'\r' && *b != b'\n')
        .collect();
    let decoded = STANDARD.decode(encoded).ok()?;
    let colon = decoded.iter().position(|b| *b == b':')?;
    Some((decoded[..colon].to_vec(), decoded[colon + 1..].to_vec()))
}

/// Go's `validateUsers`: every hash must be one bcrypt can read. Then one
/// more check than Go's: x/crypto/bcrypt reads a few forms (a `$2$`
/// prefix, other minor versions) that the bcrypt crate cannot check, and
/// such a user would be refused on every request without a word; the file
/// is refused instead, naming the user.
pub(crate) fn validate_users(
    users: &BTreeMap<String, String>,
) -> Result<(), WebConfigError> {
    for hash in users.values() {
        bcrypt_cost(hash.as_bytes()).map_err(WebConfigError::new)?;
    }
    for (user, hash) in users {
        if let Err(err) = hash.parse::<bcrypt::HashParts>() {
            return Err(WebConfigError::new(format!(
                "basic_auth_users: the hash of {} is not one promreg's bcrypt can check ({err}); \
                 use a $2a$, $2b$ or $2y$ hash of 60 characters",
                quoted(user)
            )));
        }
    }
    Ok(())
}

/// The cost of a bcrypt hash, or x/crypto/bcrypt's error for a hash it
/// cannot read (Go's `bcrypt.Cost`).
fn bcrypt_cost(hash: &[u8]) -> Result<u32, String> {
    // `$2a$10$`, a 22-character salt and a 31-character hash.
    const MIN_HASH_SIZE: usize = 59;
    if hash.len() < MIN_HASH_SIZE {
        return Err(
            "crypto/bcrypt: hashedSecret too short to be a bcrypted password".into()
        );
    }
    if hash[0] != b'$' {
        return Err(format!(
            "crypto/bcrypt: bcrypt hashes must start with '$', but hashedSecret started with '{}'",
            char::from(hash[0])
        ));
    }
    if hash[1] > b'2' {
        return Err(format!(
            "crypto/bcrypt: bcrypt algorithm version '{}' requested is newer than current version '2'",
            char::from(hash[1])
        ));
    }
    let at = if hash[2] == b'$' { 3 } else { 4 };
    let digits = &hash[at..at + 2];
    let cost: i64 =
        std::str::from_utf8(digits).ok().and_then(|s| s.parse().ok()).ok_or_else(
            || format!("strconv.Atoi: parsing {}: invalid syntax", quoted_bytes(digits)),
        )?;
    if !(4..=31).contains(&cost) {
        return Err(format!(
            "crypto/bcrypt: cost {cost} is outside allowed range (4,31)"
        ));
    }
    Ok(cost as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_auth_is_read_as_go_reads_it() {
        let header = |s: &str| format!("{s}{}", STANDARD.encode("al:ice:pw"));
        assert_eq!(
            parse_basic_auth(header("Basic ").as_bytes()),
            Some((b"al".to_vec(), b"ice:pw".to_vec()))
        );
        assert_eq!(
            parse_basic_auth(header("bAsIc ").as_bytes()),
            Some((b"al".to_vec(), b"ice:pw".to_vec()))
        );
        assert_eq!(parse_basic_auth(header("Bearer ").as_bytes()), None);
        assert_eq!(parse_basic_auth(b"Basic YWxpY2U="), None, "no colon");
        assert_eq!(parse_basic_auth(b"Basic YWxpY2U6cHc"), None, "padding left out");
        assert_eq!(
            parse_basic_auth(b"Basic YWxp\r\nY2U6cHc="),
            Some((b"alice".to_vec(), b"pw".to_vec()))
        );
    }

    #[test]
    fn bad_hashes_get_x_crypto_bcrypt_texts() {
        let cases = [
            ("doe", "crypto/bcrypt: hashedSecret too short to be a bcrypted password"),
            (
                "x2y$10$qRTBuFoULoYNA7AQ/F3ck.trZBPyjV64.oA4ZsSBCIWvXuvQlQTuu",
                "crypto/bcrypt: bcrypt hashes must start with '$', but hashedSecret started with 'x'",
            ),
            (
                "$3y$10$qRTBuFoULoYNA7AQ/F3ck.trZBPyjV64.oA4ZsSBCIWvXuvQlQTuu",
                "crypto/bcrypt: bcrypt algorithm version '3' requested is newer than current version '2'",
            ),
            (
                "$2y$1x$qRTBuFoULoYNA7AQ/F3ck.trZBPyjV64.oA4ZsSBCIWvXuvQlQTuu",
                "strconv.Atoi: parsing \"1x\": invalid syntax",
            ),
            (
                "$2y$03$qRTBuFoULoYNA7AQ/F3ck.trZBPyjV64.oA4ZsSBCIWvXuvQlQTuu",
                "crypto/bcrypt: cost 3 is outside allowed range (4,31)",
            ),
        ];
        for (hash, text) in cases {
            assert_eq!(bcrypt_cost(hash.as_bytes()), Err(text.to_owned()), "{hash}");
        }
        assert_eq!(bcrypt_cost(UNKNOWN_USER_HASH.as_bytes()), Ok(10));
    }

    #[test]
    fn a_hash_go_reads_but_the_crate_cannot_check_is_refused_naming_the_user() {
        // 59 bytes with a `$2$` prefix: Go's Cost reads it.
        let old_form = "$2$10$qRTBuFoULoYNA7AQ/F3ck.trZBPyjV64.oA4ZsSBCIWvXuvQlQTuu";
        assert_eq!(bcrypt_cost(old_form.as_bytes()), Ok(10));
        let users = BTreeMap::from([("al".to_owned(), old_form.to_owned())]);
        let err = validate_users(&users).unwrap_err().to_string();
        assert!(err.starts_with("basic_auth_users: the hash of \"al\" is not one promreg's bcrypt can check"), "{err}");
        let good = BTreeMap::from([("al".to_owned(), UNKNOWN_USER_HASH.to_owned())]);
        assert_eq!(validate_users(&good), Ok(()));
    }

    #[tokio::test]
    async fn the_right_password_passes_and_verdicts_are_cached() {
        let hash = bcrypt::hash("secret", 4).unwrap();
        let users = BTreeMap::from([("alice".to_owned(), hash)]);
        let auth = BasicAuth::default();
        let header = |creds: &str| format!("Basic {}", STANDARD.encode(creds));
        assert!(auth.authorized(&users, Some(header("alice:secret").as_bytes())).await);
        assert!(!auth.authorized(&users, Some(header("alice:wrong").as_bytes())).await);
        assert!(!auth.authorized(&users, Some(header("bob:secret").as_bytes())).await);
        assert!(!auth.authorized(&users, None).await);
        // Cached: the same answers, from the cache.
        assert!(auth.authorized(&users, Some(header("alice:secret").as_bytes())).await);
        assert!(!auth.authorized(&users, Some(header("alice:wrong").as_bytes())).await);
        // An unknown user went through bcrypt too (on the fixed hash): its
        // verdict is cached beside the others, as only a bcrypt run caches.
        assert_eq!(auth.cache.lock().len(), 3, "alice right, alice wrong, bob unknown");
        // A changed hash is a new key: the old verdict does not carry over.
        let changed =
            BTreeMap::from([("alice".to_owned(), bcrypt::hash("other", 4).unwrap())]);
        assert!(
            !auth.authorized(&changed, Some(header("alice:secret").as_bytes())).await
        );
    }
}
