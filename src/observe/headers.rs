//! Response headers that explain an auth failure: scopes, rate limits, Retry-After, request
//! ids and the server's clock.

use std::time::{Duration, SystemTime};

use http::header::{DATE, RETRY_AFTER};
use http::{HeaderMap, HeaderValue};

/// Request-id headers, most specific first.
pub(crate) const REQUEST_ID_HEADERS: &[&str] = &[
    "x-github-request-id",
    "x-amzn-requestid",
    "x-amz-request-id",
    "x-ms-request-id",
    "x-okta-request-id",
    "x-notion-request-id",
    "twilio-request-id",
    "x-slack-req-id",
    "x-hubspot-correlation-id",
    "x-auth0-requestid",
    "x-arequestid",
    "x-request-id",
    "request-id",
    "x-vercel-id",
    "x-correlation-id",
    "x-trace-id",
    "audit-id",
    "x-cloud-trace-context",
    // CloudFront's id of the request at its edge (an error page of the CDN has no other)
    "x-amz-cf-id",
    "cf-ray",
    // Microsoft's correlation vector, which its services' support asks for
    "ms-cv",
];

/// Facts read from the response head.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Headers {
    pub(crate) retry_after_s: Option<u64>,
    pub(crate) rate_limit_remaining: Option<u64>,
    pub(crate) rate_limit_limit: Option<u64>,
    /// Seconds until the limit resets (converted from epoch seconds when needed).
    pub(crate) rate_limit_reset_s: Option<u64>,
    /// `(header name, value)` of the request id.
    pub(crate) request_id: Option<(String, String)>,
    /// The server's clock (`Date`).
    pub(crate) date: Option<SystemTime>,
    /// Scopes the credential has (`X-OAuth-Scopes`).
    pub(crate) granted_scopes: Option<Vec<String>>,
    /// Scopes the endpoint accepts (`X-Accepted-OAuth-Scopes`).
    pub(crate) accepted_scopes: Option<Vec<String>>,
    /// Permissions the endpoint needs (`X-Accepted-GitHub-Permissions`).
    pub(crate) accepted_permissions: Option<Vec<String>>,
}

/// Headers [`Headers::read`] looks at, besides [`REQUEST_ID_HEADERS`].
const READ: &[&str] = &[
    "date",
    "retry-after",
    "x-ratelimit-remaining",
    "ratelimit-remaining",
    "x-rate-limit-remaining",
    "x-ratelimit-limit",
    "ratelimit-limit",
    "x-rate-limit-limit",
    "x-ratelimit-used",
    "ratelimit-used",
    "x-ratelimit-reset",
    "ratelimit-reset",
    "x-rate-limit-reset",
    "ratelimit",
    "x-retry-after",
    "x-ratelimit-retry-after",
    "x-rate-limit-retry-after-seconds",
    "x-ratelimit-retry-after-seconds",
    "x-ratelimit-towait-sec",
    // seconds until the window resets, always relative (Discord's, urlscan.io's)
    "x-ratelimit-reset-after",
    "x-rate-limit-reset-after",
    "x-oauth-scopes",
    "x-accepted-oauth-scopes",
    "x-accepted-github-permissions",
];

/// Whether a header is the usual reset header under a gateway's own prefix
/// (`x-ogw-ratelimit-reset`).
fn prefixed_reset(name: &str) -> bool {
    name.ends_with("-ratelimit-reset") || name.ends_with("-rate-limit-reset")
}

/// The first value of each header in [`READ`] or [`REQUEST_ID_HEADERS`] (or a reset header
/// under a gateway's prefix) that the response has,
/// found in one pass over the map: a lookup by a `&str` name parses and hashes the name each
/// time, and most of these headers are absent.
struct Firsts<'h>(Vec<(&'h str, &'h HeaderValue)>);

impl<'h> Firsts<'h> {
    fn of(h: &'h HeaderMap) -> Self {
        let mut out: Vec<(&str, &HeaderValue)> = Vec::new();
        for (name, value) in h {
            let name = name.as_str();
            // Values of one name come one after another, the first first.
            if out.last().is_some_and(|(n, _)| *n == name) {
                continue;
            }
            if (READ.contains(&name) || REQUEST_ID_HEADERS.contains(&name) || prefixed_reset(name))
                && !out.iter().any(|(n, _)| *n == name)
            {
                out.push((name, value));
            }
        }
        Firsts(out)
    }

    /// The first value of `name` (one of [`READ`] or [`REQUEST_ID_HEADERS`]), as `get` gives it.
    fn get(&self, name: &str) -> Option<&'h HeaderValue> {
        debug_assert!(READ.contains(&name) || REQUEST_ID_HEADERS.contains(&name));
        self.0.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
    }
}

/// Name endings of request-id headers that no list names (`x-acme-request-id`,
/// `x-foo-debug-id`, `x-bar-correlation-id`).
const REQUEST_ID_SUFFIXES: &[&str] = &[
    "request-id",
    "requestid",
    "req-id",
    "debug-id",
    "trace-id",
    "traceid",
    "correlation-id",
    "correlationid",
    "logid",
    "activityid",
    "activity-id",
    "transaction-id",
    "transactionid",
    "error-id",
    "tracking-id",
    "trackingid",
    "incident-id",
    // the server's id of its answer (bunq's `X-Bunq-Client-Response-Id`)
    "response-id",
    "responseid",
    // Mashery's `X-Mashery-Message-ID`
    "-message-id",
];

/// The first header whose name ends like a request id, with a short printable value; else a
/// product's own `[x-]<product>-id` or `[x-]<product>-uuid` (`X-authentik-id`, Binance's
/// `x-mbx-uuid`, Sōzu's `Sozu-Id`) whose value is shaped like a generated id (a UUID, a ULID,
/// or 16 to 64 hex digits), unless its word names what the id is of (a client, a user, an
/// account).
fn any_request_id(map: &HeaderMap) -> Option<(String, String)> {
    map.iter()
        .find_map(|(name, value)| {
            let n = name.as_str();
            if !REQUEST_ID_SUFFIXES.iter().any(|s| n.ends_with(s)) {
                return None;
            }
            let v = value.to_str().ok()?.trim();
            (!v.is_empty() && v.len() <= 200).then(|| (n.to_owned(), v.to_owned()))
        })
        .or_else(|| {
            map.iter().find_map(|(name, value)| {
                let n = name.as_str();
                let bare = n.strip_prefix("x-").unwrap_or(n);
                let product = bare
                    .strip_suffix("-id")
                    .or_else(|| bare.strip_suffix("-uuid"))?;
                const OF: &[&str] = &[
                    "client",
                    "user",
                    "account",
                    "org",
                    "organization",
                    "tenant",
                    "app",
                    "application",
                    "project",
                    "session",
                    "device",
                    "customer",
                    "merchant",
                    "api",
                    "key",
                    "object",
                    "content",
                    "message",
                    "job",
                    "instance",
                    "node",
                    "etag",
                ];
                if product.is_empty() || product.contains('-') || OF.contains(&product) {
                    return None;
                }
                let v = value.to_str().ok()?.trim();
                generated_id(v).then(|| (n.to_owned(), v.to_owned()))
            })
        })
}

/// Whether a value is shaped like a generated id: a UUID, 16 to 64 hex digits, or a ULID (26
/// characters of Crockford's base 32, digits among them).
fn generated_id(v: &str) -> bool {
    let hex = |s: &str| s.bytes().all(|b| b.is_ascii_hexdigit());
    let parts: Vec<&str> = v.split('-').collect();
    let uuid = parts.iter().map(|p| p.len()).eq([8, 4, 4, 4, 12]) && parts.iter().all(|p| hex(p));
    let ulid = v.len() == 26
        && v.bytes().any(|b| b.is_ascii_digit())
        && v.bytes().all(|b| {
            b.is_ascii_digit()
                || (b.is_ascii_uppercase() && !matches!(b, b'I' | b'L' | b'O' | b'U'))
        });
    uuid || ulid || ((16..=64).contains(&v.len()) && hex(v))
}

impl Headers {
    pub(crate) fn read(map: &HeaderMap) -> Headers {
        let h = &Firsts::of(map);
        let now = SystemTime::now();
        let date = text(h, DATE.as_str()).and_then(|d| httpdate::parse_http_date(d).ok());
        let mut out = Headers {
            date,
            ..Headers::default()
        };
        out.retry_after_s =
            text(h, RETRY_AFTER.as_str()).and_then(|v| retry_after(v, date.unwrap_or(now)));
        // A rate limiter's own name for the wait, in seconds (Qualys's
        // `X-RateLimit-ToWait-Sec`).
        if out.retry_after_s.is_none() {
            out.retry_after_s = [
                // `Retry-After` under an `x-` prefix (better-auth's limiter)
                "x-retry-after",
                "x-ratelimit-retry-after",
                "x-rate-limit-retry-after-seconds",
                "x-ratelimit-retry-after-seconds",
                "x-ratelimit-towait-sec",
            ]
            .iter()
            .find_map(|n| number(h, n))
            .filter(|s| *s <= 7 * 86_400);
        }
        out.rate_limit_remaining = number(h, "x-ratelimit-remaining")
            .or_else(|| number(h, "ratelimit-remaining"))
            .or_else(|| number(h, "x-rate-limit-remaining"));
        out.rate_limit_limit = number(h, "x-ratelimit-limit")
            .or_else(|| number(h, "ratelimit-limit"))
            .or_else(|| number(h, "x-rate-limit-limit"));
        // A provider's own counters (`anthropic-ratelimit-requests-remaining`,
        // `x-ratelimit-remaining-minute`): the smallest count left among them.
        if out.rate_limit_remaining.is_none() {
            out.rate_limit_remaining = map
                .iter()
                .filter(|(n, _)| is_rate_limit_remaining(n.as_str()))
                .filter_map(|(_, v)| leading_number(v.to_str().ok()?.trim()))
                .min();
        }
        // GitHub-style `X-RateLimit-Used` beside the limit: what remains is their difference.
        if out.rate_limit_remaining.is_none() {
            let used = number(h, "x-ratelimit-used").or_else(|| number(h, "ratelimit-used"));
            if let (Some(used), Some(limit)) = (used, out.rate_limit_limit) {
                out.rate_limit_remaining = Some(limit.saturating_sub(used));
            }
        }
        let resets = ["x-ratelimit-reset", "ratelimit-reset", "x-rate-limit-reset"];
        out.rate_limit_reset_s = resets
            .iter()
            .find_map(|n| text(h, n))
            // an ISO 8601 moment (koa2-rate-limit's `2026-12-06T23:10:06.904Z`), whose year
            // is no wait in seconds
            .and_then(|v| {
                let at = super::clock::parse_iso8601(v)?;
                let base = date
                    .unwrap_or(now)
                    .duration_since(SystemTime::UNIX_EPOCH)
                    .ok()?;
                // A fraction of a second is waited in full.
                let fraction = v.split_once('.').is_some_and(|(_, f)| {
                    f.bytes().take_while(u8::is_ascii_digit).any(|b| b != b'0')
                });
                let at = u64::try_from(at).ok()? + u64::from(fraction);
                Some(at.saturating_sub(base.as_secs()))
            })
            .filter(|d| *d <= 31 * 86_400)
            // an epoch reset is on the server's clock: measure from its Date when it sent one
            .or_else(|| {
                resets
                    .iter()
                    .find_map(|n| number(h, n))
                    .and_then(|v| reset_delay(v, date.unwrap_or(now)))
            })
            // an HTTP-date (Duffel's `ratelimit-reset`), also on the server's clock
            .or_else(|| {
                resets.iter().find_map(|n| {
                    let at = httpdate::parse_http_date(text(h, n)?).ok()?;
                    Some(
                        at.duration_since(date.unwrap_or(now))
                            .unwrap_or(Duration::ZERO)
                            .as_secs(),
                    )
                })
            });
        if out.rate_limit_reset_s.is_none() {
            // (a fraction of a second, Discord's `1.337`, is waited in full)
            out.rate_limit_reset_s = ["x-ratelimit-reset-after", "x-rate-limit-reset-after"]
                .iter()
                .find_map(|n| text(h, n)?.trim().parse::<f64>().ok())
                .filter(|s| s.is_finite() && *s >= 0.0 && *s <= 31.0 * 86_400.0)
                .map(|s| s.ceil() as u64);
        }
        // A gateway's own prefix before the usual name (Feishu's `x-ogw-ratelimit-reset: 52`).
        if out.rate_limit_reset_s.is_none() {
            out.rate_limit_reset_s =
                h.0.iter()
                    .filter(|(n, _)| prefixed_reset(n))
                    .find_map(|(_, v)| v.to_str().ok()?.trim().parse::<u64>().ok())
                    .and_then(|v| reset_delay(v, date.unwrap_or(now)));
        }
        if let Some(rl) = text(h, "ratelimit") {
            // draft-ietf-httpapi-ratelimit-headers-10 §4: `"policy";r=0;t=30`
            for param in rl.split(';').map(str::trim) {
                if let Some(r) = param.strip_prefix("r=").and_then(|v| v.parse().ok()) {
                    out.rate_limit_remaining.get_or_insert(r);
                }
                if let Some(t) = param.strip_prefix("t=").and_then(|v| v.parse().ok()) {
                    out.rate_limit_reset_s.get_or_insert(t);
                }
            }
        }
        out.request_id = REQUEST_ID_HEADERS.iter().find_map(|n| {
            text(h, n)
                .filter(|v| !v.is_empty() && v.len() <= 200)
                .map(|v| ((*n).to_owned(), v.to_owned()))
        });
        if out.request_id.is_none() {
            out.request_id = any_request_id(map);
        }
        out.granted_scopes = list(h, "x-oauth-scopes");
        out.accepted_scopes = list(h, "x-accepted-oauth-scopes");
        out.accepted_permissions = list(h, "x-accepted-github-permissions");
        out
    }

    /// Whether the rate-limit headers say the quota is used up.
    pub(crate) fn rate_limit_exhausted(&self) -> bool {
        self.rate_limit_remaining == Some(0)
    }

    /// Server clock minus local clock, in seconds, when the server sent `Date`.
    pub(crate) fn clock_offset_s(&self, local: SystemTime) -> Option<i64> {
        let d = self.date?;
        Some(match d.duration_since(local) {
            Ok(ahead) => ahead.as_secs() as i64,
            Err(e) => -(e.duration().as_secs() as i64),
        })
    }
}

/// Whether a header's name is a rate limiter's: `ratelimit` or `rate-limit` in it.
pub(crate) fn is_rate_limit_name(lname: &str) -> bool {
    lname.contains("ratelimit") || lname.contains("rate-limit")
}

/// Whether a header's name counts what is left of a rate limit, whatever the provider's
/// prefix or the window's suffix (`x-ratelimit-remaining-requests`).
pub(crate) fn is_rate_limit_remaining(lname: &str) -> bool {
    (is_rate_limit_name(lname) && lname.contains("remaining"))
        // a limit of the API's own (`x-esi-error-limit-remain`)
        || lname.contains("limit-remain")
}

/// Whether a header's name is a request id's, by the list or by its ending.
pub(crate) fn is_request_id_name(lname: &str) -> bool {
    REQUEST_ID_HEADERS.contains(&lname) || REQUEST_ID_SUFFIXES.iter().any(|s| lname.ends_with(s))
}

fn text<'h>(h: &Firsts<'h>, name: &str) -> Option<&'h str> {
    h.get(name).and_then(|v| v.to_str().ok()).map(str::trim)
}

/// A leading non-negative number: `5`, `2.0` (rounded up), `0;w=21600` (Docker Hub's
/// `ratelimit-remaining`).
fn number(h: &Firsts<'_>, name: &str) -> Option<u64> {
    text(h, name).and_then(leading_number)
}

pub(crate) fn leading_number(v: &str) -> Option<u64> {
    let end = v
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(v.len());
    let n = &v[..end];
    if n.is_empty() || n.len() > 20 {
        return None;
    }
    if let Ok(i) = n.parse::<u64>() {
        return Some(i);
    }
    let f: f64 = n.parse().ok()?;
    (0.0..1e15).contains(&f).then(|| f.ceil() as u64)
}

fn list(h: &Firsts<'_>, name: &str) -> Option<Vec<String>> {
    let v = text(h, name)?;
    Some(
        v.split([',', ' '])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .take(64)
            .map(str::to_owned)
            .collect(),
    )
}

/// RFC 9110 §10.2.3: delay-seconds or an HTTP-date (relative to the server's `Date`).
fn retry_after(v: &str, base: SystemTime) -> Option<u64> {
    if let Ok(s) = v.parse::<u64>() {
        // Not RFC 9110, but sent: the moment itself in epoch seconds (koa-simple-ratelimit's
        // `Retry-After: 1796554390`), a wait of 30 years otherwise.
        if s >= 1_000_000_000 {
            return reset_delay(s, base);
        }
        return Some(s);
    }
    // Not RFC 9110, but sent: `2.0` (Shopify), `43.0136719` (Ocelot): the nearest whole
    // second, and at least one for a wait that is not zero.
    if v.starts_with(|c: char| c.is_ascii_digit()) && !v.contains(' ') {
        let end = v
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(v.len());
        let f: f64 = v[..end].parse().ok()?;
        if !(0.0..1e15).contains(&f) {
            return None;
        }
        return Some(if f > 0.0 {
            f.round().max(1.0) as u64
        } else {
            0
        });
    }
    let at = httpdate::parse_http_date(v).ok()?;
    Some(at.duration_since(base).unwrap_or(Duration::ZERO).as_secs())
}

/// X-RateLimit-Reset is a delay on some servers and epoch seconds on others (GitHub).
fn reset_delay(v: u64, now: SystemTime) -> Option<u64> {
    const EPOCH_THRESHOLD: u64 = 1_000_000_000;
    // An epoch may be written in milliseconds or microseconds (Gravitee's
    // `X-Rate-Limit-Reset: 1743588900000`).
    // (a part of a second is waited in full)
    let v = match v {
        1_000_000_000_000_000.. => v.div_ceil(1_000_000),
        1_000_000_000_000.. => v.div_ceil(1_000),
        _ => v,
    };
    let delay = if v >= EPOCH_THRESHOLD {
        let now_s = now
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        v.saturating_sub(now_s)
    } else {
        v
    };
    // A reset more than a month away is no wait to report (a misread unit or a window's
    // start).
    (delay <= 31 * 86_400).then_some(delay)
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> Headers {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, HeaderValue::from_str(v).unwrap());
        }
        Headers::read(&h)
    }

    #[test]
    fn retry_after_both_forms() {
        assert_eq!(headers(&[("retry-after", "120")]).retry_after_s, Some(120));
        assert_eq!(headers(&[("x-retry-after", "10")]).retry_after_s, Some(10));
        let h = headers(&[
            ("date", "Wed, 21 Oct 2015 07:28:00 GMT"),
            ("retry-after", "Wed, 21 Oct 2015 07:29:00 GMT"),
        ]);
        assert_eq!(h.retry_after_s, Some(60));
        assert_eq!(headers(&[("retry-after", "soon")]).retry_after_s, None);
        // The moment in epoch seconds instead of a wait: counted from the server's Date.
        let h = headers(&[
            ("date", "Sun, 06 Dec 2026 09:53:10 GMT"),
            ("retry-after", "1796554390"),
        ]);
        assert_eq!(h.retry_after_s, Some(3600));
    }

    #[test]
    fn a_products_own_id_header_shaped_like_a_generated_id() {
        let id = |pairs: &[(&'static str, &str)]| headers(pairs).request_id.map(|(_, v)| v);
        assert_eq!(
            id(&[("x-authentik-id", "b71e0c9d2f3a4e5b8c6d7a1f0e9b2c3d")]).as_deref(),
            Some("b71e0c9d2f3a4e5b8c6d7a1f0e9b2c3d")
        );
        assert_eq!(
            id(&[("x-mbx-uuid", "0b3f7c2e-9a4d-4e1b-8c6f-5d2a1e7b9c30")]).as_deref(),
            Some("0b3f7c2e-9a4d-4e1b-8c6f-5d2a1e7b9c30")
        );
        // an id of something else, or a value not shaped like a generated one
        assert_eq!(
            id(&[("x-user-id", "0b3f7c2e-9a4d-4e1b-8c6f-5d2a1e7b9c30")]),
            None
        );
        assert_eq!(id(&[("x-shop-id", "my-shop")]), None);
        assert_eq!(id(&[("x-frame-id", "42")]), None);
        // a proxy's own header without the `x-`, a ULID (Sōzu's `Sozu-Id`)
        assert_eq!(
            id(&[("sozu-id", "01M98RA8BTANM91JHSER9CEDX7")]).as_deref(),
            Some("01M98RA8BTANM91JHSER9CEDX7")
        );
    }

    #[test]
    fn a_reset_given_as_an_http_date_counts_from_the_servers_date() {
        let h = headers(&[
            ("date", "Mon, 02 Mar 2026 09:30:00 GMT"),
            ("ratelimit-reset", "Mon, 02 Mar 2026 09:30:30 GMT"),
        ]);
        assert_eq!(h.rate_limit_reset_s, Some(30));
    }

    #[test]
    fn a_reset_after_counts_seconds_from_now() {
        let h = headers(&[("x-rate-limit-reset-after", "23")]);
        assert_eq!(h.rate_limit_reset_s, Some(23));
        let h = headers(&[("x-ratelimit-reset-after", "1.337")]);
        assert_eq!(h.rate_limit_reset_s, Some(2));
        let h = headers(&[("x-ratelimit-reset-after", "soon")]);
        assert_eq!(h.rate_limit_reset_s, None);
    }

    #[test]
    fn a_reset_given_as_an_iso_8601_moment_is_no_count_of_seconds() {
        let h = headers(&[
            ("date", "Sun, 06 Dec 2026 23:05:07 GMT"),
            ("x-ratelimit-reset", "2026-12-06T23:10:06.904Z"),
        ]);
        assert_eq!(h.rate_limit_reset_s, Some(300));
    }

    #[test]
    fn an_epoch_reset_in_milliseconds_counts_in_seconds() {
        let h = headers(&[
            ("date", "Wed, 02 Apr 2025 10:14:40 GMT"),
            ("x-rate-limit-reset", "1743588900000"),
        ]);
        assert_eq!(h.rate_limit_reset_s, Some(20));
        // A reset years away is no wait.
        let h = headers(&[
            ("date", "Wed, 02 Apr 2025 10:14:40 GMT"),
            ("x-rate-limit-reset", "4102444800"),
        ]);
        assert_eq!(h.rate_limit_reset_s, None);
    }

    #[test]
    fn rate_limits_and_ids() {
        let h = headers(&[
            ("x-ratelimit-remaining", "0"),
            ("x-ratelimit-limit", "5000"),
            ("x-github-request-id", "AB:CD"),
            ("x-request-id", "other"),
        ]);
        assert!(h.rate_limit_exhausted());
        assert_eq!(
            h.request_id,
            Some(("x-github-request-id".into(), "AB:CD".into()))
        );
        // what was used of the limit, without a remaining count
        let h = headers(&[("x-ratelimit-limit", "100"), ("x-ratelimit-used", "100")]);
        assert!(h.rate_limit_exhausted());
        let h = headers(&[("x-ratelimit-limit", "100"), ("x-ratelimit-used", "7")]);
        assert!(!h.rate_limit_exhausted());
        let h = headers(&[("ratelimit", "\"default\";r=0;t=30")]);
        assert_eq!(
            (h.rate_limit_remaining, h.rate_limit_reset_s),
            (Some(0), Some(30))
        );
        // a provider's own counters, one per window or resource: the smallest one left
        let h = headers(&[
            ("anthropic-ratelimit-requests-remaining", "0"),
            ("anthropic-ratelimit-tokens-remaining", "40000"),
        ]);
        assert!(h.rate_limit_exhausted());
        let h = headers(&[("x-ratelimit-remaining-minute", "12")]);
        assert_eq!(h.rate_limit_remaining, Some(12));
        assert!(!headers(&[("x-remaining-credits", "0")]).rate_limit_exhausted());
    }

    #[test]
    fn lenient_numbers() {
        assert_eq!(headers(&[("retry-after", "2.0")]).retry_after_s, Some(2));
        assert_eq!(
            headers(&[("retry-after", "43.0136719")]).retry_after_s,
            Some(43)
        );
        assert_eq!(headers(&[("retry-after", "0.2")]).retry_after_s, Some(1));
        let h = headers(&[
            ("ratelimit-remaining", "0;w=21600"),
            ("ratelimit-limit", "100;w=21600"),
        ]);
        assert_eq!(
            (h.rate_limit_remaining, h.rate_limit_limit),
            (Some(0), Some(100))
        );
        assert_eq!(leading_number("abc"), None);
        assert_eq!(leading_number("99999999999999999999999"), None);
        assert_eq!(leading_number("1e400"), Some(1));
    }

    #[test]
    fn first_values_as_get_gives_them() {
        let mut h = HeaderMap::new();
        h.append("x-request-id", HeaderValue::from_static("one"));
        h.append("x-other", HeaderValue::from_static("x"));
        h.append("x-request-id", HeaderValue::from_static("two"));
        h.append("Retry-After", HeaderValue::from_static("7"));
        let f = Firsts::of(&h);
        for name in READ.iter().chain(REQUEST_ID_HEADERS) {
            assert_eq!(f.get(name), h.get(*name), "{name}");
        }
        assert_eq!(f.0.len(), 2);
    }

    #[test]
    fn scopes() {
        let h = headers(&[
            ("x-oauth-scopes", "repo, user"),
            ("x-accepted-oauth-scopes", ""),
        ]);
        assert_eq!(h.granted_scopes.unwrap(), ["repo", "user"]);
        assert_eq!(h.accepted_scopes.unwrap(), Vec::<String>::new());
    }
}
