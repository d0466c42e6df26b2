//! Key history: for each endpoint, when each credential last succeeded and last failed.
//!
//! It lets an explanation say "this key got a success from GET /v1/orders at 10:02 UTC and is
//! rejected there now: it was revoked or rotated", or "the one other key used at this endpoint
//! succeeded a minute ago: this code path still sends an old one". An endpoint is the origin,
//! the method and the path with its id-like segments (numbers, long tokens) made generic: a key
//! that may read a public endpoint proves nothing about a protected one. Nothing secret is
//! stored: entries are keyed by a per-process keyed hash of endpoint and secret (foldhash with a random per-process seed; the hash never leaves the
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
    /// The one other credential that succeeded at this endpoint, if exactly one did, and did
    /// so after this one last did. A client that sends many users' keys learns nothing from
    /// another key's success.
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

    /// The keyed hash of an endpoint: `url`'s origin (RFC 6454: scheme, host, port), `method`
    /// and the path template (id-like segments made generic), the first argument of the
    /// `record_` methods. Allocation-free.
    pub(crate) fn endpoint_of(&self, method: &http::Method, url: &Url) -> u64 {
        let mut h = self.hasher.build_hasher();
        url.scheme().hash(&mut h);
        url.host_str().unwrap_or("").hash(&mut h);
        url.port_or_known_default().hash(&mut h);
        method.as_str().hash(&mut h);
        // One pass over the path's bytes: each segment, or `{}` for one that names a single
        // resource (an id); empty segments (doubled or trailing slashes) do not count.
        for seg in url.path().as_bytes().split(|b| *b == b'/') {
            if seg.is_empty() {
                continue;
            }
            if is_variable_segment(seg) {
                b"{}".hash(&mut h);
            } else {
                seg.hash(&mut h);
            }
        }
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

    /// The key under which [`History::record_success`] notes `secret` at `origin`.
    pub(crate) fn success_key(&self, origin: u64, secret: &[u8]) -> Option<u64> {
        self.is_enabled().then(|| self.key_hash(origin, secret))
    }

    /// Notes a success of the credential known under `key` (from [`History::success_key`]) at
    /// `now`. `false` when the credential is not known (forgotten): call
    /// [`History::record_success`] instead.
    pub(crate) fn touch_success(&self, key: u64, now: SystemTime) -> bool {
        let mut inner = self.lock();
        inner.tick += 1;
        let tick = inner.tick;
        match inner.entries.get_mut(&key) {
            Some(e) => {
                e.last_success = Some(now);
                e.used = tick;
                true
            }
            None => false,
        }
    }

    /// Whether the credential known under `key` (from [`History::success_key`]) has been
    /// accepted at its endpoint since it was last refused there; if so, notes this success
    /// too (as [`History::touch_success`]).
    pub(crate) fn touch_if_succeeded(&self, key: u64, now: SystemTime) -> bool {
        let mut inner = self.lock();
        inner.tick += 1;
        let tick = inner.tick;
        let Some(e) = inner.entries.get_mut(&key) else {
            return false;
        };
        let succeeded = match (e.last_success, e.last_failure) {
            (Some(ok), Some(failed)) => ok >= failed,
            (ok, _) => ok.is_some(),
        };
        if succeeded {
            e.last_success = Some(now);
            e.used = tick;
        }
        succeeded
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
        // The other credentials that succeeded at this endpoint: exactly one, and more recently
        // than this one, says "this code path sends an old key". Failures are rare, so a scan
        // of at most `capacity` entries is fine here.
        let mut others = inner
            .entries
            .iter()
            .filter(|(k, e)| **k != key && e.origin == origin)
            .filter_map(|(_, e)| e.last_success.map(|t| (e.fingerprint, t)));
        recall.newer_key = match (others.next(), others.next()) {
            (Some(one), None) => {
                Some(one).filter(|(_, t)| recall.last_success.is_none_or(|mine| *t > mine))
            }
            _ => None,
        };
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

/// A path segment that names one resource rather than an endpoint: a number, or a long value
/// with a digit (an id, a UUID, a hash).
fn is_variable_segment(b: &[u8]) -> bool {
    b.iter().all(u8::is_ascii_digit) || (b.len() >= 12 && b.iter().any(u8::is_ascii_digit))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    fn at(s: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(s)
    }

    fn o(h: &History, url: &str) -> u64 {
        h.endpoint_of(&http::Method::GET, &Url::parse(url).unwrap())
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
        // another path is another endpoint
        assert_eq!(
            h.record_failure(o(&h, "https://api.example.com/v2/x"), k, at(170)),
            Recall::default()
        );
        // the same endpoint, written with its default port, a query and another id
        let r = h.record_failure(o(&h, "https://api.example.com:443/v1/x?q=1"), k, at(200));
        assert_eq!(r.last_success, Some(at(100)));
        assert_eq!(r.newer_key, None);
        let r = h.record_failure(o(&h, "https://api.example.com/v1/x/"), k, at(300));
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
            "https://api.example.com/x/42",
            "HTTPS://API.Example.COM:443/x/7?b#c",
            "https://u:p@api.example.com/x/9f8e7d6c5b4a3210",
        ];
        for u in same {
            assert_eq!(o(&h, u), o(&h, same[0]), "{u}");
        }
        for other in [
            "http://api.example.com/x/42",
            "https://api.example.com:8443/x/42",
            "https://example.com/x/42",
            "https://api.example.com/y/42",
            "https://api.example.com/x",
        ] {
            assert_ne!(o(&h, other), o(&h, same[0]), "{other}");
        }
        assert_eq!(o(&h, "http://[::1]/x"), o(&h, "http://[::1]:80/x"));
        let post = h.endpoint_of(&http::Method::POST, &Url::parse(same[0]).unwrap());
        assert_ne!(post, o(&h, same[0]), "the method is part of the endpoint");
        assert_ne!(o(&h, "http://[::1]:3000/"), o(&h, "http://[::1]/"));
        // keyed per history: another process (or history) hashes differently
        assert_ne!(o(&History::new(4), same[0]), o(&h, same[0]));
    }

    #[test]
    fn another_key_counts_only_when_it_is_the_only_one() {
        let h = History::new(16);
        let u = "https://api.example.com/v1/me";
        h.record_success(o(&h, u), b"tenant-a-FAKESECRET", at(100));
        let r = h.record_failure(o(&h, u), b"old-FAKESECRET", at(200));
        assert_eq!(
            r.newer_key.map(|(f, _)| f),
            Some(Fingerprint::of(b"tenant-a-FAKESECRET"))
        );
        // a client that sends many tenants' keys learns nothing from one tenant's success
        h.record_success(o(&h, u), b"tenant-b-FAKESECRET", at(300));
        assert_eq!(
            h.record_failure(o(&h, u), b"old-FAKESECRET", at(400))
                .newer_key,
            None
        );
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
