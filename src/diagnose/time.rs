//! Time: clock skew measured from the server's `Date`, and JWT claims against both clocks.

use http::StatusCode;

use crate::explanation::Cause;
use crate::observe::clock;

use super::{Context, Diagnosis, contains_any, has_word, with_server_said};

/// Codes and phrases that name clock skew outright.
const SKEW_WORDS: &[&str] = &[
    "requesttimetooskewed",
    "time too skewed",
    "clock skew",
    "clock_skew",
    "clockskew",
    "requestexpired",
    "check your clock",
    "system clock",
    "clock is out of sync",
    "timestamp out of bounds",
    "timestamp is out of",
    "timestamp out of",
    "signature expired",
    "signature not yet current",
];

/// Phrases about a request's time: with a measured offset of a minute or more they point to the
/// clock.
const TIME_WORDS: &[&str] = &[
    "timestamp",
    "request time",
    "date header",
    "x-amz-date",
    "time window",
    "too old",
    "in the future",
    // "Access token has expired or is not yet valid." (Microsoft Graph) names both ends of
    // the window: only a measured offset makes it a clock problem
    "not yet valid",
    "not valid yet",
];

/// Phrases about a signature: with an offset of five minutes or more (the usual tolerance of
/// signed requests and webhooks) they point to the clock.
const SIGNATURE_WORDS: &[&str] = &["signature", "hmac"];

/// Phrases about a token's validity window (`nbf` and `iat` also count, as whole words).
const VALIDITY_WORDS: &[&str] = &[
    "expir",
    "not yet valid",
    "lifetime",
    "invalid_token",
    "issued",
    "token",
    "jwt",
];

/// Clock skew, stated with the measured offset: the server names it, or says the timestamp or
/// signature is wrong while the clocks differ, or rejects a JWT whose `exp`, `nbf` or `iat`
/// lies between the local time and the server's.
pub(super) fn clock_skew(ctx: &Context<'_>) -> Option<Diagnosis> {
    if !matches!(ctx.status().as_u16(), 401 | 403) {
        return None;
    }
    let text = ctx.text();
    let offset = clock::measure(ctx.evidence, ctx.now);
    let abs = offset.as_ref().map_or(0, |o| o.seconds.abs());
    let explicit = contains_any(text, SKEW_WORDS);
    let timed = contains_any(text, TIME_WORDS).filter(|_| abs >= 60);
    let signed = contains_any(text, SIGNATURE_WORDS).filter(|_| abs >= 300);
    let token = jwt_window(ctx, offset.as_ref())
        .filter(|_| ctx.status() == StatusCode::UNAUTHORIZED)
        .filter(|_| {
            contains_any(text, VALIDITY_WORDS).is_some()
                || has_word(text, "nbf")
                || has_word(text, "iat")
        });
    // A JWT past its exp by both clocks expired, whatever the offset: leave it to jwt_expired.
    let expired_anyway = explicit.is_none() && expired_by_both_clocks(ctx, offset.as_ref());
    let why = explicit.or(timed).or(signed);
    if (why.is_none() && token.is_none()) || expired_anyway {
        return None;
    }
    let mut d = Diagnosis::new(Cause::ClockSkew);
    if let Some(w) = &why {
        d = d.evidence(format!("the server's error mentions \"{w}\""));
    }
    match &offset {
        Some(o) if o.seconds.abs() >= clock::NOISE_S => {
            d = d
                .summary(format!(
                    "the local clock is {} {} the server's clock, so the request's time or token validity is judged wrong",
                    clock::human_duration(o.seconds.unsigned_abs()),
                    if o.seconds > 0 { "behind" } else { "ahead of" }
                ))
                .evidence(o.describe());
        }
        Some(o) => {
            d = d.evidence(format!(
                "the clocks agree within {} s ({}); if the error persists, check the time the request was signed with (a cached or reused signature, a wrong time zone)",
                o.seconds.abs(),
                o.source
            ));
        }
        None => {}
    }
    if let Some(t) = token {
        d = d.evidence(t);
    }
    Some(with_server_said(d, ctx))
}

/// A 401 for a JWT whose `exp` has passed by the local clock and by the server's (when its
/// clock is known), beyond a minute of leeway: the token expired, whatever generic words the
/// server uses (Kubernetes says only "Unauthorized").
pub(super) fn jwt_expired(ctx: &Context<'_>) -> Option<Diagnosis> {
    if ctx.status() != StatusCode::UNAUTHORIZED {
        return None;
    }
    let exp = ctx.jwt()?.exp.filter(|e| e.is_finite() && e.abs() < 1e13)? as i64;
    let now = clock::epoch(ctx.now);
    let server_now =
        clock::measure(ctx.evidence, ctx.now).map_or(now, |o| now.saturating_add(o.seconds));
    let ago = now.min(server_now).saturating_sub(exp);
    if ago <= 60 {
        return None;
    }
    Some(with_server_said(
        Diagnosis::new(Cause::ExpiredCredentials)
            .summary(format!(
                "the token expired {} ago (its exp claim is {})",
                clock::human_duration(ago.unsigned_abs()),
                clock::utc(exp)
            ))
            .evidence(format!("JWT exp: {}", clock::utc(exp)))
            .remedy("obtain a fresh token before each use, or refresh it before exp; do not keep a token read at start-up"),
        ctx,
    ))
}

/// Whether the primary credential is a JWT whose `exp` is more than a minute past by the local
/// clock and by the server's.
fn expired_by_both_clocks(ctx: &Context<'_>, offset: Option<&clock::Offset>) -> bool {
    let Some(exp) = ctx
        .jwt()
        .and_then(|c| c.exp)
        .filter(|e| e.is_finite() && e.abs() < 1e13)
    else {
        return false;
    };
    let now = clock::epoch(ctx.now);
    let server_now = offset.map_or(now, |o| now.saturating_add(o.seconds));
    now.min(server_now).saturating_sub(exp as i64) > 60
}

/// When the primary credential is a JWT whose `exp` lies between the local time and the
/// server's later time (valid here, expired there), or whose `nbf`/`iat` lies between the
/// server's earlier time and the local time (not yet valid there), the sentence that says so.
fn jwt_window(ctx: &Context<'_>, offset: Option<&clock::Offset>) -> Option<String> {
    let o = offset.filter(|o| o.seconds.abs() >= 60)?;
    let claims = ctx.jwt()?;
    let now = clock::epoch(ctx.now);
    let server_now = now.saturating_add(o.seconds);
    let secs = |v: f64| (v.is_finite() && v.abs() < 1e13).then_some(v as i64);
    if o.seconds > 0 {
        if let Some(exp) = claims.exp.and_then(secs) {
            if now < exp && exp <= server_now {
                return Some(format!(
                    "the token's exp ({}) is still ahead by the local clock but already past by the server's ({})",
                    clock::utc(exp),
                    clock::utc(server_now)
                ));
            }
        }
    } else {
        for (name, v) in [("nbf", claims.nbf), ("iat", claims.iat)] {
            if let Some(t) = v.and_then(secs) {
                if server_now < t && t <= now + 60 {
                    return Some(format!(
                        "the token's {name} ({}) is already past by the local clock but still ahead by the server's ({})",
                        clock::utc(t),
                        clock::utc(server_now)
                    ));
                }
            }
        }
    }
    None
}
