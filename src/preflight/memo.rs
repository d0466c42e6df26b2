//! The clean-value memo: credential header values already found clean, kept as keyed hashes.

use std::fmt;

use http::HeaderName;

use super::Ctx;
use super::validate::Subject;
use crate::credential::is_jwt;
use crate::jwt;
use crate::slots::Slots;

/// Number of clean header values [`Clean`] remembers: a service sends a few keys many times.
const CLEAN_SLOTS: usize = 16;

/// Credential header values pre-flight found nothing to say about, remembered (as a keyed
/// hash, never the value) so that the next request carrying the same value skips the checks.
///
/// Every check of a header value is a function of the header name, the value, the
/// configuration (fixed per middleware), the mode (which changes severities, never whether a
/// finding exists) and the clock, through a JWT's `exp`: a remembered JWT is clean only until
/// its expiry plus leeway. One input is not remembered: whether an all-caps value names a
/// variable of the process environment, which is read when the value is first seen.
#[derive(Default)]
pub(crate) struct Clean {
    hasher: foldhash::quality::RandomState,
    /// Keyed hash of name and value → clean until this many seconds after the epoch.
    inner: std::sync::Mutex<Slots<u64, CLEAN_SLOTS>>,
}

impl fmt::Debug for Clean {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Clean")
            .field("values", &self.lock().len())
            .finish()
    }
}

impl Clean {
    pub(super) fn key(&self, name: &HeaderName, value: &[u8]) -> u64 {
        use std::hash::{BuildHasher, Hash, Hasher};
        let mut h = self.hasher.build_hasher();
        name.as_str().hash(&mut h);
        value.hash(&mut h);
        h.finish()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Slots<u64, CLEAN_SLOTS>> {
        // Every update is a plain write of a slot: a poisoned lock still holds usable data.
        self.inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Until when the value with this key stays clean, if it is remembered as clean at `now`.
    pub(super) fn clean_until(&self, key: u64, now: u64) -> Option<u64> {
        self.lock().get(key).copied().filter(|until| now < *until)
    }

    pub(super) fn insert(&self, key: u64, until: u64) {
        self.lock().insert(key, until);
    }
}

/// Until when a value found clean now stays clean: a JWT until its expiry warning is due (the
/// `expiry_warning` window before `exp`), any other value for good. Whole seconds, rounded so
/// that the memory never outlives the check.
pub(super) fn clean_until(subject: &Subject<'_>, ctx: &Ctx<'_>) -> u64 {
    let until = expiry_until(subject, ctx);
    let window = ctx.expiry_warning.as_secs() + ctx.leeway.as_secs();
    if until == u64::MAX || window == ctx.leeway.as_secs() {
        return until;
    }
    until.saturating_sub(window)
}

/// Until when a JWT may go unchecked: its expiry plus leeway; any other value for good.
pub(super) fn expiry_until(subject: &Subject<'_>, ctx: &Ctx<'_>) -> u64 {
    if subject.is_basic() || !is_jwt(subject.token) {
        return u64::MAX;
    }
    match jwt::peek(subject.token) {
        Ok(claims) => match claims.exp.filter(|e| e.is_finite()) {
            Some(exp) => (exp + ctx.leeway.as_secs_f64()).floor().max(0.0) as u64,
            None => u64::MAX,
        },
        // An encrypted JWT is not judged by its times.
        Err(_) => u64::MAX,
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, UNIX_EPOCH};

    use http::HeaderValue;
    use http::header::AUTHORIZATION;
    use reqwest::Request;

    use super::*;
    use crate::credential::Names;
    use crate::preflight::tests::{NOW, jwt};
    use crate::preflight::{Preflight, check_with};

    fn ctx_at<'a>(names: &'a Names, clean: &'a Clean, secs: u64) -> Ctx<'a> {
        Ctx {
            mode: Preflight::Repair,
            now: UNIX_EPOCH + Duration::from_secs(secs),
            leeway: Duration::from_secs(60),
            expiry_warning: Duration::ZERO,
            environment: None,
            names,
            clean: Some(clean),
            until: std::cell::Cell::new(u64::MAX),
        }
    }

    fn with_auth(v: &str) -> Request {
        let mut r = Request::new(
            http::Method::GET,
            "https://api.example.com/".parse().unwrap(),
        );
        r.headers_mut()
            .insert(AUTHORIZATION, HeaderValue::from_str(v).unwrap());
        r
    }

    #[test]
    fn the_checks_say_until_when_their_verdict_holds() {
        let names = Names::default();
        let clean = Clean::default();
        let token = format!("Bearer {}", jwt(&format!(r#"{{"exp":{}}}"#, NOW + 10)));
        // Checked, then skipped as remembered: both times the verdict holds until exp + leeway.
        for _ in 0..2 {
            let ctx = ctx_at(&names, &clean, NOW);
            let mut r = with_auth(&token);
            assert!(check_with(&mut r, &ctx).is_empty());
            assert_eq!(ctx.until.get(), NOW + 70);
        }
        // A JWT in the query counts too; a plain key holds for good.
        let ctx = ctx_at(&names, &clean, NOW);
        let mut r = with_auth("Bearer FAKEkey0123456789abcdef");
        assert!(check_with(&mut r, &ctx).is_empty());
        assert_eq!(ctx.until.get(), u64::MAX);
        let query_jwt = jwt(&format!(r#"{{"exp":{}}}"#, NOW + 100));
        *r.url_mut() = format!("https://api.example.com/?access_token={query_jwt}")
            .parse()
            .unwrap();
        check_with(&mut r, &ctx);
        assert_eq!(ctx.until.get(), NOW + 160);
    }

    #[test]
    fn clean_values_are_remembered_until_a_jwt_expires() {
        let names = Names::default();
        let clean = Clean::default();
        // A plain key: remembered for good, and still marked sensitive when skipped.
        for _ in 0..2 {
            let mut r = with_auth("Bearer FAKEkey0123456789abcdef");
            assert!(check_with(&mut r, &ctx_at(&names, &clean, NOW)).is_empty());
            assert!(r.headers()[AUTHORIZATION].is_sensitive());
        }
        let key = clean.key(&AUTHORIZATION, b"Bearer FAKEkey0123456789abcdef");
        assert!(clean.clean_until(key, u64::MAX - 1).is_some());
        // A JWT: remembered until exp + leeway, then checked (and flagged) again.
        let token = format!("Bearer {}", jwt(&format!(r#"{{"exp":{}}}"#, NOW + 10)));
        let mut r = with_auth(&token);
        assert!(check_with(&mut r, &ctx_at(&names, &clean, NOW)).is_empty());
        let key = clean.key(&AUTHORIZATION, token.as_bytes());
        assert!(clean.clean_until(key, NOW + 69).is_some());
        assert!(clean.clean_until(key, NOW + 70).is_none());
        let mut r = with_auth(&token);
        let late = check_with(&mut r, &ctx_at(&names, &clean, NOW + 71));
        assert_eq!(
            late.iter().map(|f| f.code).collect::<Vec<_>>(),
            ["jwt_expired"]
        );
        // A value with findings is never remembered.
        let mut r = with_auth("Bearer  FAKEkey0123456789abcdef");
        assert!(!check_with(&mut r, &ctx_at(&names, &clean, NOW)).is_empty());
        let key = clean.key(&AUTHORIZATION, b"Bearer  FAKEkey0123456789abcdef");
        assert!(clean.clean_until(key, NOW).is_none());
    }

    #[test]
    fn a_token_about_to_expire_is_warned_of_once() {
        let names = Names::default();
        let clean = Clean::default();
        let at = |secs: u64| Ctx {
            expiry_warning: Duration::from_secs(300),
            ..ctx_at(&names, &clean, secs)
        };
        let codes = |r: &mut Request, secs: u64| -> Vec<&'static str> {
            check_with(r, &at(secs)).iter().map(|f| f.code).collect()
        };
        let token = format!("Bearer {}", jwt(&format!(r#"{{"exp":{}}}"#, NOW + 1_000)));
        // Clean now, and remembered only until the window opens.
        assert!(codes(&mut with_auth(&token), NOW).is_empty());
        assert!(codes(&mut with_auth(&token), NOW + 600).is_empty());
        // Inside the window: one warning, then the token is remembered until it expires.
        assert_eq!(
            codes(&mut with_auth(&token), NOW + 750),
            ["jwt_expires_soon"]
        );
        assert!(codes(&mut with_auth(&token), NOW + 800).is_empty());
        assert!(codes(&mut with_auth(&token), NOW + 990).is_empty());
        // Past its expiry and leeway, it is an error again.
        assert_eq!(codes(&mut with_auth(&token), NOW + 1_061), ["jwt_expired"]);
        // Without the memo (a one-off check), the warning is a plain finding.
        let mut r = with_auth(&token);
        let ctx = Ctx {
            clean: None,
            until: std::cell::Cell::new(u64::MAX),
            ..at(NOW + 750)
        };
        assert_eq!(
            check_with(&mut r, &ctx)[0].severity,
            crate::finding::Severity::Warning
        );
    }

    #[test]
    fn clean_memory_is_bounded_and_holds_no_secret() {
        let clean = Clean::default();
        for i in 0..CLEAN_SLOTS as u64 * 3 {
            clean.insert(i + 1, u64::MAX);
        }
        assert_eq!(clean.lock().len(), CLEAN_SLOTS);
        // The oldest went first.
        assert!(clean.clean_until(1, 0).is_none());
        assert!(clean.clean_until(CLEAN_SLOTS as u64 * 3, 0).is_some());
        let names = Names::default();
        let mut r = with_auth("Bearer FAKESECRETkey0123456789");
        check_with(&mut r, &ctx_at(&names, &clean, NOW));
        assert!(!format!("{clean:?}").contains("FAKESECRET"));
    }
}
