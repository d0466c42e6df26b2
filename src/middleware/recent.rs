//! Whole requests found clean, remembered so that the same request sent again skips the work
//! before sending: pre-flight, the snapshot and the endpoint's hash.
//!
//! A service polls the same URL with the same key many times; each time pre-flight would reach
//! the same verdict (nothing to say) and the snapshot would copy the same bytes. What is
//! remembered is a keyed hash of the request (never a value), the shared snapshot (which holds
//! the credential headers, as every in-flight request's snapshot does), and what was derived
//! from them.

use std::sync::{Arc, Mutex, PoisonError};

use http::header::CONTENT_TYPE;
use reqwest::Request;

use crate::preflight::Preflight;
use crate::slots::Slots;
use crate::snapshot::Snapshot;

/// Number of requests remembered (round robin).
const SLOTS: usize = 8;

/// At most this many headers are marked sensitive by position; a request with more headers
/// is not remembered.
const MAX_HEADERS: usize = 64;

/// What a clean request left behind for the next identical one.
#[derive(Clone)]
pub(super) struct Seen {
    pub(super) snapshot: Arc<Snapshot>,
    /// The key history's hash of the request's endpoint.
    pub(super) origin: Option<u64>,
    /// The request's URL holds nothing a log or error would have to redact.
    pub(super) url_clean: bool,
    /// The key history's key of the request's credential at its endpoint.
    pub(super) success_key: Option<u64>,
    /// Headers (by position) pre-flight marked sensitive.
    sensitive: u64,
}

impl Seen {
    /// What to remember of `req`, after pre-flight ran on it.
    pub(super) fn new(
        req: &Request,
        snapshot: Arc<Snapshot>,
        origin: Option<u64>,
        url_clean: bool,
        success_key: Option<u64>,
    ) -> Seen {
        let sensitive = req
            .headers()
            .values()
            .enumerate()
            .filter(|(_, v)| v.is_sensitive())
            .fold(0u64, |m, (i, _)| m | 1 << i);
        Seen {
            snapshot,
            origin,
            url_clean,
            success_key,
            sensitive,
        }
    }

    /// Marks `req`'s credential headers sensitive, as pre-flight did for the remembered one.
    pub(super) fn mark_sensitive(&self, req: &mut Request) {
        if self.sensitive == 0 {
            return;
        }
        for (i, v) in req.headers_mut().values_mut().enumerate() {
            if self.sensitive & (1 << i) != 0 {
                v.set_sensitive(true);
            }
        }
    }
}

/// The remembered requests of one middleware.
#[derive(Default)]
pub(super) struct Recent {
    hasher: foldhash::quality::RandomState,
    /// Keyed hash of a request → (remembered until this many seconds after the epoch, what
    /// was seen).
    slots: Mutex<Slots<(u64, Seen), SLOTS>>,
}

impl std::fmt::Debug for Recent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Recent")
            .field("requests", &self.lock().len())
            .finish()
    }
}

impl Recent {
    fn lock(&self) -> std::sync::MutexGuard<'_, Slots<(u64, Seen), SLOTS>> {
        // Every update is a plain write of a slot: a poisoned lock still holds usable data.
        self.slots.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The keyed hash of everything pre-flight and the snapshot read of `req` in `mode`: the
    /// method, the URL, every header name and value in order. `None` for a request that is not
    /// remembered: a form body (the snapshot reads it for `grant_type`) or too many headers.
    pub(super) fn key(&self, mode: Preflight, req: &Request) -> Option<u64> {
        use std::hash::{BuildHasher, Hasher};
        let headers = req.headers();
        // A form body is refused in the loop below, as its header goes by.
        if headers.len() > MAX_HEADERS {
            return None;
        }
        let mut h = self.hasher.build_hasher();
        h.write_u8(mode as u8);
        h.write(req.method().as_str().as_bytes());
        h.write_u8(0xff);
        h.write(req.url().as_str().as_bytes());
        for (name, value) in headers {
            if name == CONTENT_TYPE
                && value
                    .as_bytes()
                    .starts_with(b"application/x-www-form-urlencoded")
            {
                return None;
            }
            h.write_u8(0xff);
            h.write(name.as_str().as_bytes());
            h.write_u8(0xfe);
            h.write(value.as_bytes());
        }
        Some(h.finish())
    }

    /// What a request with this key left behind, while it is still valid at `now` (seconds).
    pub(super) fn get(&self, key: u64, now: u64) -> Option<Seen> {
        self.lock()
            .get(key)
            .filter(|(until, _)| now < *until)
            .map(|(_, seen)| seen.clone())
    }

    /// Remembers a clean request until `until` (seconds after the epoch).
    pub(super) fn insert(&self, key: u64, until: u64, seen: Seen) {
        self.lock().insert(key, (until, seen));
    }
}

#[cfg(test)]
mod tests {
    use http::HeaderValue;
    use http::header::AUTHORIZATION;

    use super::*;

    fn req(url: &str, headers: &[(&'static str, &str)]) -> Request {
        let mut r = Request::new(http::Method::GET, url.parse().unwrap());
        for (k, v) in headers {
            r.headers_mut()
                .append(*k, HeaderValue::from_str(v).unwrap());
        }
        r
    }

    fn seen() -> Seen {
        let r = req("https://api.example.com/", &[]);
        Seen::new(
            &r,
            Arc::new(Snapshot::take(&r, &Default::default())),
            None,
            true,
            None,
        )
    }

    #[test]
    fn the_key_covers_everything_the_checks_read() {
        let recent = Recent::default();
        let key = |mode, r: &Request| recent.key(mode, r).unwrap();
        let base = req(
            "https://api.example.com/v1",
            &[("authorization", "Bearer FAKEa")],
        );
        let same = req(
            "https://api.example.com/v1",
            &[("authorization", "Bearer FAKEa")],
        );
        assert_eq!(key(Preflight::Repair, &base), key(Preflight::Repair, &same));
        for other in [
            req(
                "https://api.example.com/v1",
                &[("authorization", "Bearer FAKEb")],
            ),
            req(
                "https://api.example.com/v2",
                &[("authorization", "Bearer FAKEa")],
            ),
            req(
                "https://api.example.com/v1",
                &[("authorization", "Bearer FAKEa"), ("x-api-key", "FAKEk")],
            ),
            req(
                "https://api.example.com/v1",
                &[("x-authorization", "Bearer FAKEa")],
            ),
        ] {
            assert_ne!(
                key(Preflight::Repair, &base),
                key(Preflight::Repair, &other)
            );
        }
        assert_ne!(key(Preflight::Repair, &base), key(Preflight::Strict, &base));
        let mut post = req("https://api.example.com/v1", &[]);
        *post.method_mut() = http::Method::POST;
        assert_ne!(
            key(Preflight::Repair, &req("https://api.example.com/v1", &[])),
            key(Preflight::Repair, &post)
        );
        // A form body may be a token request, which the snapshot reads: never remembered.
        let form = req(
            "https://api.example.com/token",
            &[("content-type", "application/x-www-form-urlencoded")],
        );
        assert!(recent.key(Preflight::Repair, &form).is_none());
    }

    #[test]
    fn remembered_until_the_verdict_lapses_and_bounded() {
        let recent = Recent::default();
        recent.insert(7, 100, seen());
        assert!(recent.get(7, 99).is_some());
        assert!(recent.get(7, 100).is_none());
        assert!(recent.get(8, 0).is_none());
        for k in 10..10 + SLOTS as u64 {
            recent.insert(k, u64::MAX, seen());
        }
        assert!(recent.get(7, 0).is_none(), "the oldest was replaced");
        assert_eq!(recent.lock().len(), SLOTS);
    }

    #[test]
    fn marks_the_same_headers_sensitive() {
        let mut first = req(
            "https://api.example.com/",
            &[("accept", "*/*"), ("authorization", "Bearer FAKEa")],
        );
        first
            .headers_mut()
            .get_mut(AUTHORIZATION)
            .unwrap()
            .set_sensitive(true);
        let seen = Seen::new(
            &first,
            Arc::new(Snapshot::take(&first, &Default::default())),
            None,
            true,
            None,
        );
        let mut again = req(
            "https://api.example.com/",
            &[("accept", "*/*"), ("authorization", "Bearer FAKEa")],
        );
        seen.mark_sensitive(&mut again);
        assert!(again.headers()[AUTHORIZATION].is_sensitive());
        assert!(!again.headers()["accept"].is_sensitive());
    }
}
