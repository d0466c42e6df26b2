//! Rate limits and quotas: a 429, a 403 with exhausted rate-limit headers, `Retry-After` or
//! rate-limit words, and quota words that waiting will not fix.

use crate::explanation::Cause;

use super::super::{Context, Diagnosis, with_server_said};

/// Quota and credit words on a 403 or 429: waiting will not help.
pub(in crate::diagnose) fn quota_before_rate_limit(ctx: &Context<'_>) -> Option<Diagnosis> {
    if !matches!(ctx.status().as_u16(), 403 | 429) {
        return None;
    }
    let said = ctx
        .classify(ctx.credential_present())
        .filter(|s| s.cause == Cause::PlanRestricted)?;
    // "too many auth failures; increase your limits with a paid plan": a 429 that names the
    // limit it hit and offers a plan as the way out is rate limiting; the plan is an offer.
    // "Please self-host … if you need more quota": so is a quota offered to whoever needs
    // more.
    let upsell = [
        "paid plan",
        "upgrade",
        "premium",
        "higher plan",
        "increase your limit",
        "need",
        "needs",
    ]
    .iter()
    .any(|w| said.phrase.contains(w));
    if ctx.status().as_u16() == 429
        && upsell
        && crate::diagnose::words::names(Cause::RateLimited, ctx.normalized()).is_some()
    {
        return None;
    }
    // A quota of a short period that the server says when it refills ("5 invites per day …
    // resets at 00:00 UTC", with `Retry-After`): waiting does help, it is a rate limit.
    let short_period = ctx.normalized().iter().any(|n| {
        [
            "per day",
            "per hour",
            "per minute",
            "per second",
            "daily",
            "hourly",
        ]
        .iter()
        .any(|w| crate::diagnose::words::has(n, w))
    });
    // A limit per second, minute or hour is a rate, whatever it is called ("Requests per minute
    // limit exceeded", `request_quota_exceeded`).
    let rate_period = ctx.normalized().iter().any(|n| {
        [
            "per second",
            "per minute",
            "per hour",
            "a minute",
            "a second",
        ]
        .iter()
        .any(|w| crate::diagnose::words::has(n, w))
    });
    // A server that says to retry within the hour says that waiting helps: whatever its
    // words call the limit, it is a rate ("API calls quota exceeded! maximum admitted 100 per
    // 1m." with `Retry-After: 43`), in a header or in its words ("Quota has been exhausted.
    // You can submit the request after 49 seconds").
    if ctx
        .evidence
        .headers
        .retry_after_s
        .or_else(|| text_wait_s(ctx))
        .is_some_and(|s| s <= 3_600)
    {
        return None;
    }
    // A 429 that calls itself throttling ("Message throttled out", WSO2's gateway, beside
    // "You have exceeded your quota") slows the caller down: a rate, whatever its quota.
    let throttled = ctx.normalized().iter().any(|n| {
        ["throttled", "throttling", "throttle"]
            .iter()
            .any(|w| crate::diagnose::words::has(n, w))
    });
    if ctx.status().as_u16() == 429
        && (rate_period
            || throttled
            || (short_period
                && ctx
                    .evidence
                    .headers
                    .retry_after_s
                    .is_some_and(|s| s <= 86_400)))
    {
        return None;
    }
    Some(with_server_said(
        Diagnosis::new(Cause::PlanRestricted)
            .summary(
                "the account has run out of quota or credit for its plan; waiting will not help",
            )
            .evidence(format!("the server's error says \"{}\"", said.phrase)),
        ctx,
    ))
}

/// 429, or a 403 with exhausted rate-limit headers or rate-limit words.
pub(in crate::diagnose) fn rate_limit(ctx: &Context<'_>) -> Option<Diagnosis> {
    let h = &ctx.evidence.headers;
    let status = ctx.status().as_u16();
    let said = ctx
        .classify(ctx.credential_present())
        .filter(|s| s.cause == Cause::RateLimited)
        .map(|s| s.phrase);
    let exhausted = h.rate_limit_exhausted() || body_counter_spent(&ctx.evidence.body);
    // Exhausted counters beside a 403 whose words name another reason (a suspended account):
    // the counter is incidental.
    // A permission the words leave unnamed ("not permitted to perform this request") is no
    // other reason beside an exhausted counter: it is how some servers word the limit.
    let vague_permission = |s: &crate::diagnose::words::Said| {
        s.cause == Cause::InsufficientScope && exhausted && ctx.names_no_required_scope()
    };
    if status == 403
        && said.is_none()
        && ctx.classify(true).is_some_and(|s| {
            !matches!(
                s.cause,
                Cause::InvalidCredentials | Cause::MissingCredentials | Cause::RateLimited
            ) && !vague_permission(&s)
        })
    {
        return None;
    }
    // A 403 with Retry-After is a wait, not a refusal (RFC 9110 §10.2.3), unless its words
    // refuse the credential and nothing else speaks of a limit: a wait before trying another
    // key ("Invalid token" with `Retry-After: 4`) does not make the key good.
    // (`Retry-After: 0` asks for no wait at all: a CDN's block page carries it)
    let wait = status == 403
        && h.retry_after_s.is_some_and(|s| s > 0)
        && (exhausted
            || !ctx.classify(true).is_some_and(|s| {
                matches!(
                    s.cause,
                    Cause::InvalidCredentials | Cause::MissingCredentials
                )
            }));
    if status != 429 && !(status == 403 && (exhausted || said.is_some() || wait)) {
        return None;
    }
    let mut d = Diagnosis::new(Cause::RateLimited);
    // (a Retry-After alone on a 403 is a server's own use of the header, RFC 9110 §10.2.3
    // names 503 and 3xx: some send it on every answer, as Syncthing's discovery server does;
    // with no counter spent and no word of a limit, it is probable, not certain)
    if status == 429 || exhausted || (wait && said.is_some()) {
        d = d.high();
    }
    // (a gated response stands for a 403: it answered with a status of its own)
    let answered = ctx
        .evidence
        .gated
        .as_ref()
        .map_or(status, |(s, _, _)| s.as_u16());
    if status == 403 && answered == 403 {
        d = d.summary(
            "the server answered 403, but this is rate limiting, not a permission problem",
        );
    } else if status == 403 {
        d = d.summary(format!(
            "the server answered {answered} with an error that is rate limiting, not a permission problem"
        ));
    }
    if exhausted {
        d = d.evidence(format!(
            "rate-limit headers: remaining 0{}",
            h.rate_limit_limit
                .map(|l| format!(" of {l}"))
                .unwrap_or_default()
        ));
    }
    // The wait the server asks for comes before the window's reset: a limit that refills
    // gradually lets the next request through well before the whole window resets.
    if let Some(s) = h.retry_after_s {
        d = d.evidence(format!("Retry-After: {s} s"));
    } else if let Some(s) = body_wait_s(ctx).or_else(|| text_wait_s(ctx)) {
        d = d
            .evidence(format!("the body asks to wait {s} s"))
            .retry_after(Some(s));
    } else if let Some(r) = h.rate_limit_reset_s {
        d = d.evidence(format!("the limit resets in {r} s"));
    }
    if let Some(w) = said {
        d = d.evidence(format!("the server's message says \"{w}\""));
    }
    Some(with_server_said(d, ctx))
}

/// Whether the body counts a rate or quota as spent, as rate-limit headers would: a
/// `remaining` (or `<window>_remaining`) of 0 beside the same window's `limit` and `reset`
/// (OpenCage's `"rate": {"limit": 2500, "remaining": 0, "reset": …}` in a 402).
fn body_counter_spent(body: &crate::observe::body::Body) -> bool {
    let keys: Vec<String> = body
        .fields
        .iter()
        .take(256)
        .map(|(k, _)| k.to_ascii_lowercase().replace(['_', '-', '.'], ""))
        .collect();
    keys.iter().zip(&body.fields).any(|(k, (_, v))| {
        let Some(window) = k.strip_suffix("remaining") else {
            return false;
        };
        let has = |what: &str| {
            keys.iter()
                .any(|o| o.strip_prefix(window).is_some_and(|rest| rest == what))
        };
        v.trim().parse::<f64>().ok() == Some(0.0) && has("limit") && has("reset")
    })
}

/// A wait given in the body: `retry_after` (seconds), `retry_after_ms`, `retryAfter`.
fn body_wait_s(ctx: &Context<'_>) -> Option<u64> {
    let body = &ctx.evidence.body;
    // seconds, or an ISO 8601 duration (django-axes's `"cooloff_time": "PT1H"`)
    let num = |k: &str| {
        body.field(k).and_then(|v| {
            let v = v.trim();
            v.parse::<f64>()
                .ok()
                .or_else(|| crate::observe::clock::duration_s(v))
        })
    };
    let secs = [
        "retry_after",
        "retryAfter",
        "retry_after_seconds",
        "retry-after",
        // pyrate-limiter's bucket (`"remaining_time": 55.629`), and other names of the wait
        "remaining_time",
        "retry_in",
        "retryIn",
        "wait_seconds",
        // a lockout's cool-off after failed sign-ins (django-axes)
        "cooloff_time",
        "cooldown",
        "lockout_duration",
        // (Nobitex's `"backOff": 12` beside its 429)
        "backOff",
        "backoff",
    ]
    .iter()
    .find_map(|k| num(k))
    .or_else(|| {
        ["retry_after_ms", "retryAfterMs"]
            .iter()
            .find_map(|k| num(k))
            .map(|ms| ms / 1000.0)
    })
    .or_else(|| {
        spent_window_reset(
            body,
            ctx.evidence.headers.date.map(crate::observe::clock::epoch),
        )
    })?;
    (0.0..1e9).contains(&secs).then(|| secs.ceil() as u64)
}

/// The reset of the window the body counts as spent: a `<window>_remaining` of 0 beside its
/// `<window>_reset` in seconds (`"minute_remaining": 0, "minute_reset": 42`, beside a day's
/// window not yet spent). A reset that reads as a point in time (epoch seconds) is a wait
/// only from the server's `Date` (`date`, epoch seconds).
fn spent_window_reset(body: &crate::observe::body::Body, date: Option<i64>) -> Option<f64> {
    let key = |k: &str| k.to_ascii_lowercase().replace(['_', '-', '.'], "");
    body.fields.iter().take(256).find_map(|(k, v)| {
        let k = key(k);
        let window = k.strip_suffix("remaining")?;
        if v.trim().parse::<f64>().ok()? != 0.0 {
            return None;
        }
        body.fields.iter().take(256).find_map(|(r, rv)| {
            let r = key(r);
            let is_reset = r
                .strip_prefix(window)
                .is_some_and(|rest| matches!(rest, "reset" | "resetin" | "resetafter"));
            let at = is_reset.then(|| rv.trim().parse::<f64>().ok()).flatten()?;
            if (0.0..1e6).contains(&at) {
                return Some(at);
            }
            // (a point in time, in epoch seconds, after the server's `Date`)
            let wait = at - date? as f64;
            ((1e9..1e10).contains(&at) && (0.0..1e6).contains(&wait)).then_some(wait)
        })
    })
}

/// A wait written in a message: "Too Many Requests: retry after 3", "try again in 20 seconds",
/// "Please wait 5 minutes before trying again".
pub(in crate::diagnose) fn text_wait_s(ctx: &Context<'_>) -> Option<u64> {
    ctx.evidence.body.messages.iter().find_map(|m| {
        let lower = m.to_ascii_lowercase();
        [
            "retry after ",
            // "Retry after: 21 seconds."
            "retry after:",
            "try again in ",
            "try again after ",
            "retry in ",
            "please wait ",
            "must wait ",
            // "Too many requests: wait at least 21 seconds"
            "wait at least ",
            // "Access is limited for 300 seconds"
            "limited for ",
            // a lockout that time lifts ("Your account has been locked for 10 minutes")
            "locked for ",
            "blocked for ",
            "banned for ",
            // a quota's next window ("NEXT AVAILABLE IN 13 HOURS 32 MINUTES 18 SECONDS",
            // Azure API Management's "Quota will be replenished in 22.14:18:12")
            "available in ",
            "replenished in ",
            // a budget's next window ("Complexity budget exhausted … reset in 16 seconds")
            "reset in ",
            "resets in ",
            "refills in ",
        ]
        .iter()
        .find_map(|k| lower.find(k).map(|i| &lower[i + k.len()..]))
        .and_then(wait_in_words)
        // ("You can submit the request after 49 seconds": any "after" before a number of
        // seconds, minutes or hours, its unit written out)
        .or_else(|| {
            lower.match_indices("after ").find_map(|(i, k)| {
                let rest = &lower[i + k.len()..];
                let unit = rest
                    .trim_start_matches(|c: char| c.is_ascii_digit())
                    .trim_start();
                (rest.starts_with(|c: char| c.is_ascii_digit())
                    && ["second", "sec ", "secs", "minute", "min ", "mins", "hour"]
                        .iter()
                        .any(|u| unit.starts_with(u)))
                .then(|| wait_in_words(rest))
                .flatten()
            })
        })
    })
}

/// A .NET `TimeSpan` as its invariant format writes one: `[d.]hh:mm:ss[.fffffff]`
/// ("00:00:37", "22.14:18:12"), in seconds (a fraction waited in full).
fn time_span(text: &str) -> Option<u64> {
    let word = text.split(|c: char| c.is_whitespace() || c == ',').next()?;
    let word = word.trim_end_matches(['.', ')', ';']);
    let mut parts = word.splitn(3, ':');
    let (head, minutes, seconds) = (parts.next()?, parts.next()?, parts.next()?);
    let (days, hours) = match head.split_once('.') {
        Some((d, h)) => (d, h),
        None => ("0", head),
    };
    let (seconds, fraction) = seconds.split_once('.').unwrap_or((seconds, ""));
    let number = |s: &str, max: u64| {
        (!s.is_empty() && s.len() <= 7 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u64>().ok())
            .flatten()
            .filter(|n| *n <= max)
    };
    let (d, h, m, s) = (
        number(days, 10_675_199)?,
        number(hours, 23)?,
        number(minutes, 59)?,
        number(seconds, 59)?,
    );
    if minutes.len() != 2 || seconds.len() != 2 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let up = u64::from(fraction.bytes().any(|b| b != b'0'));
    Some(d * 86_400 + h * 3_600 + m * 60 + s + up)
}

/// The wait a text states after its lead-in ("retry in …"): a number and its unit, or several
/// in a row ("13 hours 32 minutes 18 seconds", "1 minute and 30 seconds") summed; "a minute",
/// "an hour" are one of the unit. `None` for a count that is no time ("2 requests", "3 days
/// for review").
fn wait_in_words(rest: &str) -> Option<u64> {
    let mut total: Option<u64> = None;
    let mut rest = rest.trim_start();
    if let Some(s) = time_span(rest) {
        return Some(s);
    }
    for _ in 0..4 {
        let digits: String = rest
            .chars()
            .take_while(char::is_ascii_digit)
            .take(9)
            .collect();
        let (n, unit) = match digits.parse::<u64>() {
            Ok(n) => (n, rest[digits.len()..].trim_start()),
            Err(_) if total.is_none() => {
                let unit = ["a ", "an ", "one "]
                    .iter()
                    .find_map(|a| rest.strip_prefix(a))?;
                if !["second", "minute", "min ", "hour"]
                    .iter()
                    .any(|u| unit.starts_with(u))
                {
                    return None;
                }
                (1, unit)
            }
            Err(_) => break,
        };
        let (secs, len) = if unit.starts_with("ms") || unit.starts_with("millisecond") {
            (n.div_ceil(1000), 0)
        } else if unit.starts_with("min") {
            (n.saturating_mul(60), "min".len())
        } else if unit.starts_with("hour") {
            (n.saturating_mul(3600), "hour".len())
        } else if unit.starts_with("sec") {
            (n, "sec".len())
        } else if total.is_none()
            && (unit.starts_with('s') || unit.is_empty() || unit.starts_with('.'))
        {
            (n, 0)
        } else if total.is_none() {
            // "please wait 2 requests", "wait 3 days for review": no wait in time
            return None;
        } else {
            break;
        };
        total = Some(total.unwrap_or(0).saturating_add(secs));
        if len == 0 {
            break;
        }
        // the unit's word, then a separator before the next part
        let after = unit[len..].trim_start_matches(|c: char| c.is_ascii_alphabetic());
        rest = after
            .trim_start_matches([',', ' '])
            .trim_start_matches("and ")
            .trim_start();
    }
    total
}
