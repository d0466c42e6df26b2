//! Warnings before the failure, read from a successful response's head: a token whose
//! expiry the server announces (`GitHub-Authentication-Token-Expiration`), and a rate limit
//! nearly spent (`X-RateLimit-Remaining` against `X-RateLimit-Limit`, or the IETF draft's
//! `RateLimit-Remaining` / `RateLimit-Limit`).
//!
//! One pass over the response's header names; nothing is allocated unless a warning is due.

use std::time::SystemTime;

use http::HeaderMap;

/// A token announced to expire within this many seconds is worth a warning (7 days).
pub(crate) const TOKEN_EXPIRY_WINDOW_S: i64 = 7 * 86_400;

/// A rate limit with less than this share left is worth a warning (10 %).
pub(crate) const RATE_LIMIT_SHARE: f64 = 0.10;

/// What a successful response warns of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Early {
    /// The server says the token expires in this many seconds.
    TokenExpires { in_s: i64 },
    /// This many requests are left of the window's limit.
    RateLimitLow { remaining: u64, limit: u64 },
}

impl Early {
    /// A stable code for the event and the once-per-key memory.
    pub(crate) fn code(&self) -> &'static str {
        match self {
            Early::TokenExpires { .. } => "token_expires_soon",
            Early::RateLimitLow { .. } => "rate_limit_low",
        }
    }

    /// One sentence for the event.
    pub(crate) fn message(&self) -> String {
        match self {
            Early::TokenExpires { in_s } => format!(
                "the server says this token expires in {}; rotate it before then",
                crate::observe::clock::human_duration(in_s.unsigned_abs())
            ),
            Early::RateLimitLow { remaining, limit } => format!(
                "{remaining} of {limit} requests are left in the rate-limit window; slow down before the server refuses"
            ),
        }
    }
}

/// The warning a successful response's head carries, if any.
///
/// One pass over the headers comparing names, rather than lookups by a `&str` name, which
/// parse and hash the name for every response.
pub(crate) fn read(headers: &HeaderMap, now: SystemTime) -> Option<Early> {
    let (mut expiration, mut remaining, mut limit, mut draft_remaining, mut draft_limit) =
        (None, None, None, None, None);
    for (name, value) in headers {
        match name.as_str() {
            "github-authentication-token-expiration" => expiration = Some(value),
            "x-ratelimit-remaining" => remaining = Some(value),
            "x-ratelimit-limit" => limit = Some(value),
            "ratelimit-remaining" => draft_remaining = Some(value),
            "ratelimit-limit" => draft_limit = Some(value),
            _ => {}
        }
    }
    if let Some(v) = expiration {
        let at = v.to_str().ok().and_then(parse_expiration)?;
        let in_s = at - crate::observe::clock::epoch(now);
        return (in_s <= TOKEN_EXPIRY_WINDOW_S).then_some(Early::TokenExpires { in_s });
    }
    let (remaining, limit) = match (remaining, limit) {
        (Some(r), Some(l)) => (r, l),
        _ => (draft_remaining?, draft_limit?),
    };
    let number = |v: &http::HeaderValue| -> Option<u64> {
        // `RateLimit-Limit: 100, 100;w=60` (a policy list): the first number.
        let s = v.to_str().ok()?;
        let head = s.split([',', ';']).next()?.trim();
        head.parse().ok()
    };
    let (remaining, limit) = (number(remaining)?, number(limit)?);
    (limit > 0 && (remaining as f64) < limit as f64 * RATE_LIMIT_SHARE)
        .then_some(Early::RateLimitLow { remaining, limit })
}

/// `2026-12-10 12:00:00 UTC` or `2026-12-10 12:00:00 +0000` (GitHub's forms), as epoch
/// seconds, through the ISO 8601 reader the clock module already has.
fn parse_expiration(v: &str) -> Option<i64> {
    let v = v.trim();
    let (stamp, zone) = v.rsplit_once(' ')?;
    match zone {
        "UTC" | "GMT" => crate::observe::clock::parse_iso8601(&format!("{stamp}Z")),
        z if z.starts_with(['+', '-']) => {
            crate::observe::clock::parse_iso8601(&format!("{stamp}{z}"))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, UNIX_EPOCH};

    use super::*;

    fn h(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut m = HeaderMap::new();
        for (k, v) in pairs {
            m.insert(
                http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                v.parse().unwrap(),
            );
        }
        m
    }

    // 2026-12-04T12:00:00Z
    const NOW: u64 = 1_796_385_600;

    fn now() -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(NOW)
    }

    #[test]
    fn an_announced_expiry_within_a_week_warns() {
        let soon = h(&[(
            "github-authentication-token-expiration",
            "2026-12-06 12:00:00 UTC",
        )]);
        assert_eq!(
            read(&soon, now()),
            Some(Early::TokenExpires { in_s: 2 * 86_400 })
        );
        let offset = h(&[(
            "github-authentication-token-expiration",
            "2026-12-06 13:00:00 +0100",
        )]);
        assert_eq!(
            read(&offset, now()),
            Some(Early::TokenExpires { in_s: 2 * 86_400 })
        );
        let later = h(&[(
            "github-authentication-token-expiration",
            "2027-03-01 00:00:00 UTC",
        )]);
        assert_eq!(read(&later, now()), None);
        let junk = h(&[("github-authentication-token-expiration", "soon")]);
        assert_eq!(read(&junk, now()), None);
    }

    #[test]
    fn a_nearly_spent_rate_limit_warns() {
        let low = h(&[
            ("x-ratelimit-remaining", "42"),
            ("x-ratelimit-limit", "5000"),
        ]);
        assert_eq!(
            read(&low, now()),
            Some(Early::RateLimitLow {
                remaining: 42,
                limit: 5000
            })
        );
        let fine = h(&[
            ("x-ratelimit-remaining", "4200"),
            ("x-ratelimit-limit", "5000"),
        ]);
        assert_eq!(read(&fine, now()), None);
        let draft = h(&[
            ("ratelimit-remaining", "3"),
            ("ratelimit-limit", "100, 100;w=60"),
        ]);
        assert_eq!(
            read(&draft, now()),
            Some(Early::RateLimitLow {
                remaining: 3,
                limit: 100
            })
        );
        assert_eq!(read(&h(&[("x-ratelimit-remaining", "0")]), now()), None);
        assert_eq!(read(&HeaderMap::new(), now()), None);
    }
}
