//! Key history: for each origin, when each credential last succeeded and last failed.
//!
//! It lets an explanation say "this key worked at 10:02 UTC and is rejected now: it was revoked
//! or rotated", or "another key succeeded here a minute ago: this code path still sends an old
//! one". Nothing secret is stored: entries are keyed by a per-process keyed hash of
//! origin and secret (SipHash with random keys, so it cannot be reversed or precomputed), and
//! carry the credential's public [`Fingerprint`], computed once when the entry is created. The
//! success path hashes the secret once and takes a short lock; it never runs SHA-256 for a key
//! it has seen, and never allocates for one.

use std::collections::HashMap;
use std::collections::hash_map::RandomState;
use std::fmt;
use std::hash::{BuildHasher, Hash, Hasher};
use std::sync::{Mutex, MutexGuard};
use std::time::SystemTime;

use crate::secret::Fingerprint;

/// Default number of (origin, credential) pairs remembered.
pub(crate) const DEFAULT_CAPACITY: usize = 1024;

/// What the history knew about a credential when it failed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Recall {
    /// When this credential last succeeded at this origin.
    pub(crate) last_success: Option<SystemTime>,
    /// When it last failed here (before this failure).
    pub(crate) last_failure: Option<SystemTime>,
    /// Another credential that succeeded at this origin, the most recent one, if it succeeded
    /// after this one last did.
    pub(crate) newer_key: Option<(Fingerprint, SystemTime)>,
}

impl Recall {
    /// Whether the history has anything to say.
    pub(crate) fn is_empty(&self) -> bool {
        self.last_success.is_none() && self.newer_key.is_none()
    }
}

#[derive(Clone, Copy, Debug)]
struct Entry {
    origin: u64,
    fingerprint: Fingerprint,
    last_success: Option<SystemTime>,
    last_failure: Option<SystemTime>,
    /// Logical time of the last use, for LRU eviction.
    used: u64,
}

#[derive(Default)]
struct Inner {
    entries: HashMap<u64, Entry>,
    tick: u64,
}

/// A bounded, least-recently-used memory of credential outcomes per origin.
pub(crate) struct History {
    capacity: usize,
    hasher: RandomState,
    inner: Mutex<Inner>,
}

impl Default for History {
    fn default() -> Self {
        History::new(DEFAULT_CAPACITY)
    }
}

impl fmt::Debug for History {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("History")
            .field("capacity", &self.capacity)
            .field("len", &self.len())
            .finish()
    }
}

impl History {
    /// A history of at most `capacity` entries; 0 disables it.
    pub(crate) fn new(capacity: usize) -> Self {
        History {
            capacity,
            hasher: RandomState::new(),
            inner: Mutex::new(Inner::default()),
        }
    }

    /// Whether the history records anything.
    pub(crate) fn is_enabled(&self) -> bool {
        self.capacity > 0
    }

    /// Number of entries.
    pub(crate) fn len(&self) -> usize {
        self.lock().entries.len()
    }

    /// Notes that `secret` (the credential's secret bytes, as [`Secret`](crate::Secret) holds
    /// them) was accepted by the origin of `url` (a serialized URL) at `now`. Allocation-free
    /// for a credential seen before.
    pub(crate) fn record_success(&self, url: &str, secret: &[u8], now: SystemTime) {
        if !self.is_enabled() {
            return;
        }
        let origin = self.origin_hash(url);
        let key = self.key_hash(origin, secret);
        let mut inner = self.lock();
        inner.tick += 1;
        let tick = inner.tick;
        if let Some(e) = inner.entries.get_mut(&key) {
            e.last_success = Some(now);
            e.used = tick;
            return;
        }
        self.insert(&mut inner, key, origin, secret, Some(now), None, tick);
    }

    /// Notes that `secret` was rejected by the origin of `url` at `now`, and returns what was
    /// known before this failure.
    pub(crate) fn record_failure(&self, url: &str, secret: &[u8], now: SystemTime) -> Recall {
        if !self.is_enabled() {
            return Recall::default();
        }
        let origin = self.origin_hash(url);
        let key = self.key_hash(origin, secret);
        let mut inner = self.lock();
        inner.tick += 1;
        let tick = inner.tick;
        let mut recall = Recall::default();
        if let Some(e) = inner.entries.get(&key) {
            recall.last_success = e.last_success;
            recall.last_failure = e.last_failure;
        }
        // The most recent success of another credential at this origin. Failures are rare, so
        // a scan of at most `capacity` entries is fine here.
        recall.newer_key = inner
            .entries
            .iter()
            .filter(|(k, e)| **k != key && e.origin == origin)
            .filter_map(|(_, e)| e.last_success.map(|t| (e.fingerprint, t)))
            .filter(|(_, t)| recall.last_success.is_none_or(|mine| *t > mine))
            .max_by_key(|(_, t)| *t);
        if let Some(e) = inner.entries.get_mut(&key) {
            e.last_failure = Some(now);
            e.used = tick;
        } else {
            self.insert(&mut inner, key, origin, secret, None, Some(now), tick);
        }
        recall
    }

    #[allow(clippy::too_many_arguments)]
    fn insert(
        &self,
        inner: &mut Inner,
        key: u64,
        origin: u64,
        secret: &[u8],
        last_success: Option<SystemTime>,
        last_failure: Option<SystemTime>,
        tick: u64,
    ) {
        if inner.entries.len() >= self.capacity {
            // Evict the least recently used entry: O(capacity), only when a new credential
            // shows up at a full history.
            if let Some(old) = inner
                .entries
                .iter()
                .min_by_key(|(_, e)| e.used)
                .map(|(k, _)| *k)
            {
                inner.entries.remove(&old);
            }
        }
        inner.entries.insert(
            key,
            Entry {
                origin,
                fingerprint: Fingerprint::of(secret),
                last_success,
                last_failure,
                used: tick,
            },
        );
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic elsewhere while holding the lock leaves consistent data behind (every update
        // is a single field write), so a poisoned lock is still usable.
        self.inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The origin (RFC 6454: scheme, host, port) of a serialized URL, hashed without parsing
    /// it into a `Url` or allocating.
    fn origin_hash(&self, url: &str) -> u64 {
        let (scheme, host, port) = origin(url);
        let mut h = self.hasher.build_hasher();
        scheme.hash(&mut h);
        host.hash(&mut h);
        port.hash(&mut h);
        h.finish()
    }

    fn key_hash(&self, origin: u64, secret: &[u8]) -> u64 {
        let mut h = self.hasher.build_hasher();
        origin.hash(&mut h);
        secret.hash(&mut h);
        h.finish()
    }
}

/// Scheme, host and port (explicit, else the scheme's default) of a URL as `url::Url`
/// serializes it: lowercase scheme and host, userinfo before `@`, IPv6 hosts in brackets.
fn origin(url: &str) -> (&str, &str, Option<u16>) {
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, hp)| hp);
    let (host, port) = match host_port.rfind(':') {
        // a colon inside IPv6 brackets is not a port separator
        Some(i) if !host_port[i..].contains(']') => {
            (&host_port[..i], host_port[i + 1..].parse::<u16>().ok())
        }
        _ => (host_port, None),
    };
    let port = port.or(match scheme {
        "http" | "ws" => Some(80),
        "https" | "wss" => Some(443),
        "ftp" => Some(21),
        _ => None,
    });
    (scheme, host, port)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    fn at(s: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(s)
    }

    #[test]
    fn success_then_failure_is_recalled() {
        let h = History::new(8);
        let k = b"sk_FAKESECRET_1";
        h.record_success("https://api.example.com/v1/x", k, at(100));
        // another port is another origin
        assert_eq!(
            h.record_failure("https://api.example.com:8443/", k, at(150)),
            Recall::default()
        );
        // the same origin, written with its default port and other paths
        let r = h.record_failure("https://api.example.com:443/v2?q=1", k, at(200));
        assert_eq!(r.last_success, Some(at(100)));
        assert_eq!(r.newer_key, None);
        let r = h.record_failure("https://api.example.com/", k, at(300));
        assert_eq!(r.last_failure, Some(at(200)));
    }

    #[test]
    fn newer_key_is_reported() {
        let h = History::new(8);
        let u = "https://api.example.com/";
        let (old, new) = (b"old-FAKESECRET", b"new-FAKESECRET");
        h.record_success(u, old, at(100));
        h.record_success(u, new, at(200));
        let r = h.record_failure(u, old, at(300));
        assert_eq!(r.last_success, Some(at(100)));
        assert_eq!(r.newer_key, Some((Fingerprint::of(new), at(200))));
        // a key that succeeded after the other one is not "older"
        h.record_success(u, old, at(400));
        assert_eq!(h.record_failure(u, old, at(500)).newer_key, None);
        // another origin's keys do not count
        let r = h.record_failure("https://other.example.com/", b"x-FAKESECRET", at(600));
        assert_eq!(r, Recall::default());
    }

    #[test]
    fn bounded_lru_and_disabled() {
        let h = History::new(3);
        let u = "https://a.example/";
        let keys: Vec<Vec<u8>> = (0..5).map(|i| format!("k{i}").into_bytes()).collect();
        h.record_success(u, &keys[0], at(1));
        h.record_success(u, &keys[1], at(2));
        h.record_success(u, &keys[2], at(3));
        h.record_success(u, &keys[0], at(4)); // k0 is now the most recent
        h.record_success(u, &keys[3], at(5)); // evicts k1
        assert_eq!(h.len(), 3);
        assert_eq!(h.record_failure(u, &keys[1], at(6)).last_success, None);
        assert_eq!(
            h.record_failure(u, &keys[0], at(7)).last_success,
            Some(at(4))
        );

        let off = History::new(0);
        off.record_success(u, &keys[0], at(1));
        assert_eq!(off.record_failure(u, &keys[0], at(2)), Recall::default());
        assert_eq!(off.len(), 0);
    }

    #[test]
    fn origins_match_url_semantics() {
        for (raw, want) in [
            (
                "https://api.example.com/x",
                ("https", "api.example.com", Some(443)),
            ),
            (
                "http://u:p@h.example:8080/x?y#z",
                ("http", "h.example", Some(8080)),
            ),
            ("http://[::1]:3000/", ("http", "[::1]", Some(3000))),
            ("http://[::1]/", ("http", "[::1]", Some(80))),
            ("custom://h/", ("custom", "h", None)),
            ("not a url", ("", "not a url", None)),
        ] {
            assert_eq!(origin(raw), want, "{raw}");
        }
        // what `url::Url` serializes agrees with its own origin
        let u = url::Url::parse("HTTPS://API.Example.COM:443/a").unwrap();
        assert_eq!(origin(u.as_str()), ("https", "api.example.com", Some(443)));
    }

    #[test]
    fn stores_no_secret() {
        let h = History::new(4);
        h.record_success("https://a.example/", b"ghp_FAKESECRET123", at(1));
        let entries = format!("{:?}", h.lock().entries);
        let dbg = format!("{h:?} {entries}");
        assert!(!dbg.contains("FAKESECRET"), "{dbg}");
    }
}
