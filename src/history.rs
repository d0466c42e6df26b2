//! Key history: for each origin, when each credential last succeeded and last failed.
//!
//! It lets an explanation say "this key worked at 10:02 UTC and is rejected now: it was revoked
//! or rotated", or "another key succeeded here a minute ago: this code path still sends an old
//! one". Nothing secret is stored: entries are keyed by a per-process keyed hash of
//! origin and secret (foldhash with a random per-process seed; the hash never leaves the
//! process: it is not shown, logged or serialized), and carry the credential's public [`Fingerprint`], computed once when the entry is created. The
//! success path hashes the secret once and takes a short lock; it never runs SHA-256 for a key
//! it has seen, and never allocates for one.

use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasher, Hash, Hasher};
use std::sync::{Mutex, MutexGuard};
use std::time::SystemTime;

use url::Url;

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
    /// Keys are already keyed hashes: the map only spreads them.
    entries: HashMap<u64, Entry, foldhash::fast::RandomState>,
    tick: u64,
    /// Reused by eviction.
    scratch: Vec<u64>,
}

/// A bounded, least-recently-used memory of credential outcomes per origin.
pub(crate) struct History {
    capacity: usize,
    hasher: foldhash::quality::RandomState,
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
            hasher: Default::default(),
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

    /// The keyed hash of `url`'s origin (RFC 6454: scheme, host, port), the first argument of
    /// the `record_` methods.
    pub(crate) fn origin_of(&self, url: &Url) -> u64 {
        let mut h = self.hasher.build_hasher();
        url.scheme().hash(&mut h);
        url.host_str().unwrap_or("").hash(&mut h);
        url.port_or_known_default().hash(&mut h);
        h.finish()
    }

    /// Notes that `secret` (the credential's secret bytes, as [`Secret`](crate::Secret) holds
    /// them) was accepted by `origin` (from [`History::origin_of`]) at `now`. Allocation-free
    /// for a credential seen before.
    pub(crate) fn record_success(&self, origin: u64, secret: &[u8], now: SystemTime) {
        if !self.is_enabled() {
            return;
        }
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

    /// Notes that `secret` was rejected by `origin` at `now`, and returns what was known before
    /// this failure.
    pub(crate) fn record_failure(&self, origin: u64, secret: &[u8], now: SystemTime) -> Recall {
        if !self.is_enabled() {
            return Recall::default();
        }
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
            // Evict the least recently used eighth in one go: one O(capacity) pass per
            // capacity/8 new credentials, not per new credential (a service that sends one key
            // per tenant sees a new one on most requests). The scratch list is kept, so a full
            // history allocates nothing more.
            let evict = (self.capacity / 8).max(1);
            let mut ticks = std::mem::take(&mut inner.scratch);
            ticks.clear();
            ticks.extend(inner.entries.values().map(|e| e.used));
            if evict <= ticks.len() {
                let cutoff = *ticks.select_nth_unstable(evict - 1).1;
                // Ticks are unique: exactly `evict` entries are at or below the cutoff.
                inner.entries.retain(|_, e| e.used > cutoff);
            }
            inner.scratch = ticks;
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

    fn key_hash(&self, origin: u64, secret: &[u8]) -> u64 {
        let mut h = self.hasher.build_hasher();
        origin.hash(&mut h);
        secret.hash(&mut h);
        h.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    fn at(s: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(s)
    }

    fn o(h: &History, url: &str) -> u64 {
        h.origin_of(&Url::parse(url).unwrap())
    }

    #[test]
    fn success_then_failure_is_recalled() {
        let h = History::new(8);
        let k = b"sk_FAKESECRET_1";
        h.record_success(o(&h, "https://api.example.com/v1/x"), k, at(100));
        // another port is another origin
        assert_eq!(
            h.record_failure(o(&h, "https://api.example.com:8443/"), k, at(150)),
            Recall::default()
        );
        // the same origin, written with its default port and other paths
        let r = h.record_failure(o(&h, "https://api.example.com:443/v2?q=1"), k, at(200));
        assert_eq!(r.last_success, Some(at(100)));
        assert_eq!(r.newer_key, None);
        let r = h.record_failure(o(&h, "https://api.example.com/"), k, at(300));
        assert_eq!(r.last_failure, Some(at(200)));
    }

    #[test]
    fn newer_key_is_reported() {
        let h = History::new(8);
        let u = "https://api.example.com/";
        let (old, new) = (b"old-FAKESECRET", b"new-FAKESECRET");
        h.record_success(o(&h, u), old, at(100));
        h.record_success(o(&h, u), new, at(200));
        let r = h.record_failure(o(&h, u), old, at(300));
        assert_eq!(r.last_success, Some(at(100)));
        assert_eq!(r.newer_key, Some((Fingerprint::of(new), at(200))));
        // a key that succeeded after the other one is not "older"
        h.record_success(o(&h, u), old, at(400));
        assert_eq!(h.record_failure(o(&h, u), old, at(500)).newer_key, None);
        // another origin's keys do not count
        let r = h.record_failure(
            o(&h, "https://other.example.com/"),
            b"x-FAKESECRET",
            at(600),
        );
        assert_eq!(r, Recall::default());
    }

    #[test]
    fn bounded_lru_and_disabled() {
        let h = History::new(3);
        let u = "https://a.example/";
        let keys: Vec<Vec<u8>> = (0..5).map(|i| format!("k{i}").into_bytes()).collect();
        h.record_success(o(&h, u), &keys[0], at(1));
        h.record_success(o(&h, u), &keys[1], at(2));
        h.record_success(o(&h, u), &keys[2], at(3));
        h.record_success(o(&h, u), &keys[0], at(4)); // k0 is now the most recent
        h.record_success(o(&h, u), &keys[3], at(5)); // evicts k1
        assert_eq!(h.len(), 3);
        assert_eq!(
            h.record_failure(o(&h, u), &keys[1], at(6)).last_success,
            None
        );
        assert_eq!(
            h.record_failure(o(&h, u), &keys[0], at(7)).last_success,
            Some(at(4))
        );

        let off = History::new(0);
        off.record_success(o(&off, u), &keys[0], at(1));
        assert_eq!(
            off.record_failure(o(&off, u), &keys[0], at(2)),
            Recall::default()
        );
        assert_eq!(off.len(), 0);
    }

    #[test]
    fn a_full_history_evicts_its_least_recently_used_eighth() {
        let h = History::new(16);
        let u = "https://a.example/";
        let keys: Vec<Vec<u8>> = (0..20).map(|i| format!("k{i:02}").into_bytes()).collect();
        for (i, k) in keys.iter().take(16).enumerate() {
            h.record_success(o(&h, u), k, at(i as u64));
        }
        // k00 and k01 are used again: k02 and k03 are now the least recently used.
        h.record_success(o(&h, u), &keys[0], at(100));
        h.record_failure(o(&h, u), &keys[1], at(101));
        h.record_success(o(&h, u), &keys[16], at(102));
        assert_eq!(h.len(), 15);
        assert_eq!(
            h.record_failure(o(&h, u), &keys[0], at(201)).last_success,
            Some(at(100))
        );
        assert_eq!(
            h.record_failure(o(&h, u), &keys[4], at(202)).last_success,
            Some(at(4))
        );
        // (Each of these failures is a new entry again.)
        for gone in [2, 3] {
            assert_eq!(
                h.record_failure(o(&h, u), &keys[gone], at(200))
                    .last_success,
                None
            );
        }
        assert!(h.len() <= 16);
    }

    #[test]
    fn origins_follow_url_semantics() {
        let h = History::new(4);
        let same = [
            "https://api.example.com/x",
            "HTTPS://API.Example.COM:443/a?b#c",
            "https://u:p@api.example.com/",
        ];
        for u in same {
            assert_eq!(o(&h, u), o(&h, same[0]), "{u}");
        }
        for other in [
            "http://api.example.com/x",
            "https://api.example.com:8443/x",
            "https://example.com/x",
        ] {
            assert_ne!(o(&h, other), o(&h, same[0]), "{other}");
        }
        assert_eq!(o(&h, "http://[::1]/"), o(&h, "http://[::1]:80/x"));
        assert_ne!(o(&h, "http://[::1]:3000/"), o(&h, "http://[::1]/"));
        // keyed per history: another process (or history) hashes differently
        assert_ne!(o(&History::new(4), same[0]), o(&h, same[0]));
    }

    #[test]
    fn stores_no_secret() {
        let h = History::new(4);
        h.record_success(o(&h, "https://a.example/"), b"ghp_FAKESECRET123", at(1));
        let entries = format!("{:?}", h.lock().entries);
        let dbg = format!("{h:?} {entries}");
        assert!(!dbg.contains("FAKESECRET"), "{dbg}");
    }
}
