//! Time: clock skew measured from the server's `Date`, and JWT claims against both clocks.

use http::StatusCode;

use crate::explanation::Cause;
use crate::observe::clock;

use super::{Context, Diagnosis, contains_any, has_word, with_server_said, words};

/// Phrases (normalized words) that name clock skew outright.
const SKEW: &[&str] = &[
    "request time too skewed",
    "time too skewed",
    "clock skew",
    "clock skewed",
    "check your clock",
    "system clock",
    // "Please check your system's clock." (goiardi, Chef's signed requests)
    "system s clock",
    "clock is out of sync",
    "clocks are out of sync",
    // Backend.AI's "Date/time sync error", UPYUN's "Date offset error"
    "time sync error",
    "date offset error",
    "time offset error",
    "time out of sync",
    "time synchronization",
    "request expired",
    "timestamp out of bounds",
    "invalid timestamp",
    "signature expired",
    "signature has expired",
    "timestamp is invalid",
    "timestamp invalid",
    // S3-compatible stores about the request's own X-Amz-Date ("Date is too old"); not an
    // expiration date of a token
    "date is too old",
    "date too old",
];

/// Words that name the request's time.
const TIME_SUBJECTS: &[&str] = &[
    "timestamp",
    "timestamps",
    "time stamp",
    "request time",
    "x amz date",
    "date header",
    "request date",
    "recv window",
    "recvwindow",
    "clock",
    // "Time difference beyond allowed limit": the difference between the two clocks
    "time difference",
    "time offset",
    "time deviation",
    "time drift",
    // "The difference between client and server times is too big"
    "server time",
    "server times",
    "client time",
    "client times",
];

/// What a server says of a request time it does not accept.
const TIME_PREDICATES: &[&str] = &[
    "expired",
    // Hawk: "Stale timestamp"
    "stale",
    "outdated",
    "out of",
    "outside",
    "too old",
    "too far",
    "too skewed",
    "skewed",
    "in the future",
    "ahead",
    "behind",
    "not within",
    "exceeds",
    "exceeded",
    "beyond",
    "too large",
    "too big",
    "too great",
    "older than",
    "too early",
    "too late",
    "out of range",
    "out of bounds",
    "window",
    // "Access token has expired or is not yet valid." (Microsoft Graph) names both ends of
    // the window: only a measured offset makes it a clock problem
    "not yet valid",
    "not valid yet",
    "invalid",
    // `TIMESTAMP_MISMATCH`
    "mismatch",
    // ask-sdk's "Timestamp verification failed": the check of the request's time refused it
    "verification failed",
    "check failed",
    // Chef's "Synchronize the clock on your host.": what to do about the clocks
    "synchronize",
    "synchronise",
    "resync",
];

/// Phrases about a signature: with an offset of five minutes or more (the usual tolerance of
/// signed requests and webhooks) and a word for time beside them they point to the clock.
const SIGNATURE_WORDS: &[&str] = &["signature", "hmac"];

/// Words for a request's time. A signature refusal that names none ("Signature verification
/// failed", "illegal signature") judged what was signed: a scheme that checks the time says
/// so, and a stale timestamp beside a bare signature error is a second suspect, not the cause.
const TIME_WORDS: &[&str] = &["date", "time", "timestamp", "clock", "nonce"];

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

/// An offset at least this large (seconds) makes a time complaint a clock problem: signed
/// requests are often accepted within 5 to 30 s (exchanges' `recvWindow`), so 10 s of
/// measured difference behind an explicit complaint is the clock, not noise.
const SKEW_THRESHOLD_S: i64 = 10;

/// Whether the query carries the request's own time or nonce (`Timestamp=`, `ts=`,
/// `SignatureNonce=`): a call signed in its query as it is sent, not a link signed earlier.
fn query_names_a_time(url: &url::Url) -> bool {
    url.query_pairs().take(64).any(|(k, _)| {
        let k: String = k
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        matches!(
            k.as_str(),
            "timestamp" | "ts" | "time" | "nonce" | "signaturenonce" | "reqtime" | "requesttime"
        )
    })
}

/// Whether the `Authorization` value carries a time among its parameters (Hawk's `ts=`, HTTP
/// Signatures' `created=`, `timestamp=`): a signature over it goes stale with the clock.
fn authorization_names_a_time(ctx: &Context<'_>) -> bool {
    ctx.credential_in("authorization").is_some_and(|c| {
        c.secret
            .expose_secret()
            .split(|b| matches!(b, b',' | b' '))
            .any(|p| {
                let name = p.split(|b| *b == b'=').next().unwrap_or(&[]);
                p.contains(&b'=')
                    && ["ts", "timestamp", "created", "t"]
                        .iter()
                        .any(|n| n.as_bytes().eq_ignore_ascii_case(name))
            })
    })
}

/// Whether the words name the clocks themselves ("clock skew", "out of sync"), not only a
/// time found expired.
fn skew_named(ctx: &Context<'_>) -> bool {
    ctx.normalized().iter().any(|n| {
        ["skew", "skewed", "clock", "clocks", "sync"]
            .iter()
            .any(|w| words::has(n, w))
    })
}

/// Whether normalized messages judge a request's time by name: a phrase of skew, or the
/// request's time beside a verdict ("Request timestamp … is 3725 s behind server time"). The
/// gate of a short 2xx asks it before a diagnosis.
pub(crate) fn names_a_time_refusal(normalized: &[String]) -> bool {
    normalized.iter().filter(|n| words::decides(n)).any(|n| {
        SKEW.iter().any(|p| words::has(n, p))
            || words::near(n, TIME_SUBJECTS, TIME_PREDICATES, 6)
                .is_some_and(|(_, p)| p != "invalid")
    })
}

/// The phrase that says the server judges the request's time, if one does.
fn time_complaint(ctx: &Context<'_>) -> Option<String> {
    // A hint that lists "clock skew" among common causes decides nothing.
    let messages: Vec<&String> = ctx
        .normalized()
        .iter()
        .filter(|n| words::decides(n))
        .collect();
    // "Signature has expired" is a request's (or a signed link's) time only where the
    // request carries a signature or a time of its own: to one that carries neither it is a
    // token's (PyJWT's `ExpiredSignatureError`, a
    // JWT's `exp` passed).
    let signs_a_time = ctx.evidence.request_time.is_some() || ctx.request_is_signed();
    if let Some(p) = messages.iter().find_map(|n| {
        SKEW.iter().find(|p| {
            words::has(n, p)
                && (signs_a_time || !matches!(**p, "signature expired" | "signature has expired"))
        })
    }) {
        return Some((*p).to_owned());
    }
    // A request that carries its own timestamp "has expired": its time is what was judged.
    if ctx.evidence.request_time.is_some() {
        // ("The security token included in the request is expired" judges the token.)
        let expired = ["request has expired", "request expired"];
        // A bare "expired" with no subject, to a request that carries its own time: its time
        // is what it can mean.
        if let Some(n) = messages
            .iter()
            .find(|n| matches!(n.trim(), "expired" | "has expired" | "is expired"))
        {
            return Some(n.trim().to_owned());
        }
        if let Some(p) = messages
            .iter()
            .filter(|n| {
                !["token", "key", "credential", "credentials"]
                    .iter()
                    .any(|w| words::has(n, w))
            })
            .find_map(|n| expired.iter().find(|p| words::has(n, p)))
        {
            return Some((*p).to_owned());
        }
    }
    // The subject and its verdict close together: "Timestamp for this request is outside of
    // the recvWindow", not an unrelated "Timestamp: 2019-…" line beside "token expired".
    // "invalid" judges many things: only right beside the subject ("Invalid KC-API-TIMESTAMP")
    // does it judge the time.
    messages.iter().find_map(|n| {
        let (subject, predicate) = words::near(n, TIME_SUBJECTS, TIME_PREDICATES, 6)
            .filter(|(_, p)| *p != "invalid")
            .or_else(|| words::near(n, TIME_SUBJECTS, &["invalid"], 3))?;
        Some(format!("{subject} … {predicate}"))
    })
}

/// A signed link whose own expiry time has passed by the server's `Date` (or this clock, when
/// the server sent none): `temp_url_expires=…` (OpenStack Swift), `Expires=…` (CloudFront,
/// S3's older form), `se=…` (Azure SAS), beside a signature in the query. The link's time is
/// read from the URL itself; a refusal that names another reason keeps it.
pub(super) fn signed_link_expired(ctx: &Context<'_>) -> Option<Diagnosis> {
    if !matches!(ctx.status().as_u16(), 401 | 403) {
        return None;
    }
    if !ctx.origin_credentials().any(|c| {
        matches!(
            c.kind,
            crate::credential::CredentialKind::Signature
                | crate::credential::CredentialKind::AwsSigV4
        )
    }) {
        return None;
    }
    let query = || ctx.url.query_pairs().take(64);
    // (a SigV4 presigned URL states when it was signed and for how long: `X-Amz-Date` plus
    // `X-Amz-Expires` seconds is its end)
    let sigv4 = || {
        let param = |name: &str| {
            query()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.into_owned())
        };
        let signed = crate::snapshot::parse_request_time(&param("X-Amz-Date")?)?;
        let lasts: i64 = param("X-Amz-Expires")?.trim().parse().ok()?;
        Some((
            "X-Amz-Date plus X-Amz-Expires".to_owned(),
            signed.saturating_add(lasts),
        ))
    };
    let (name, at) = sigv4().or_else(|| {
        query().find_map(|(k, v)| {
            let lower = k.to_ascii_lowercase();
            let named = lower == "expires"
                || lower == "se"
                || lower.ends_with("_expires")
                || lower.ends_with("-expires");
            named
                .then(|| crate::snapshot::parse_request_time(&v))
                .flatten()
                .map(|t| (k.into_owned(), t))
        })
    })?;
    let judged_at = ctx
        .evidence
        .headers
        .date
        .map_or_else(|| clock::epoch(ctx.now), clock::epoch);
    if at >= judged_at {
        return None;
    }
    if ctx.classify(true).is_some_and(|s| {
        !matches!(
            s.cause,
            Cause::InvalidCredentials | Cause::ExpiredCredentials | Cause::SignatureMismatch
        )
    }) {
        return None;
    }
    Some(with_server_said(
        Diagnosis::new(Cause::ExpiredCredentials)
            .summary("the signed link has expired: the expiry time signed into its URL lies before the server's time")
            .evidence(format!(
                "the URL's {name} ({}) lies {} before the {}",
                clock::utc(at),
                clock::human_duration((judged_at - at).unsigned_abs()),
                if ctx.evidence.headers.date.is_some() {
                    "response's Date"
                } else {
                    "local clock (the response has no Date)"
                }
            ))
            .remedy("sign a new link (or ask its issuer for one); signed links are valid only until the time signed into them"),
        ctx,
    ))
}

/// Whether the request is signed and carries a time of its own (a timestamp header, a time in
/// its query or in its `Authorization` parameters): only then can its clock be at fault.
fn signs_its_own_time(ctx: &Context<'_>) -> bool {
    ctx.request_is_signed()
        && (ctx.evidence.request_time.is_some()
            || query_names_a_time(ctx.url)
            || authorization_names_a_time(ctx))
}

/// A request signed over a time of its own, five minutes or more from the server's: said
/// beside a signature refusal that names no time (the signature judged what was signed, and a
/// server that also checks the time would refuse it next).
pub(super) fn stale_signed_time(ctx: &Context<'_>) -> Option<String> {
    if !signs_its_own_time(ctx) {
        return None;
    }
    let o = clock::measure(ctx.evidence, ctx.now)?;
    (300..=MAX_CLOCK_AHEAD_S as i64)
        .contains(&o.seconds.abs())
        .then(|| {
            format!(
                "{}: a server that checks the signed time refuses it too; compute the timestamp just before sending",
                o.describe()
            )
        })
}

/// Clock skew, stated with the measured offset: the server says the request's time is wrong
/// while the clocks differ by a minute or more (or five minutes for a signature error), or it
/// rejects a JWT whose `exp`, `nbf` or `iat` lies between the local time and the server's.
///
/// When the clocks agree (a `Date` within a minute), a time complaint is not the clock's
/// fault: the request carried a stale timestamp (a signature computed earlier and reused).
/// When the server sent no `Date`, the clock cannot be ruled out and is named with medium
/// confidence.
pub(super) fn clock_skew(ctx: &Context<'_>) -> Option<Diagnosis> {
    if !matches!(ctx.status().as_u16(), 401 | 403) {
        return None;
    }
    let text = ctx.text();
    let offset = clock::measure(ctx.evidence, ctx.now);
    let abs = offset.as_ref().map(|o| o.seconds.abs());
    let complaint = time_complaint(ctx);
    // A request signature (SigV4, HMAC) covers the request's time; a token's signature
    // ("JWT signature invalid") says nothing of the clock.
    // A signature error that names another reason ("Incorrect IP address: …") is about that.
    let other = ctx
        .words_name_other_reason()
        .is_some_and(|c| !matches!(c, Cause::SignatureMismatch | Cause::ClockSkew));
    // (Within a day: a request time years from the server's is a timestamp fixed in the code
    // or copied from an example, and a bare "invalid signature" is then about what it signed.)
    // A signature over no time (a webhook's HMAC of its body) cannot go stale: the request
    // must carry a time of its own for its clock to be the fault.
    let signed = contains_any(text, SIGNATURE_WORDS).filter(|_| {
        abs.is_some_and(|a| (300..=MAX_CLOCK_AHEAD_S as i64).contains(&a))
            && signs_its_own_time(ctx)
            && !other
            && TIME_WORDS.iter().any(|w| has_word(text, w))
    });
    let token = jwt_window(ctx, offset.as_ref())
        .filter(|_| ctx.status() == StatusCode::UNAUTHORIZED)
        .filter(|_| {
            contains_any(text, VALIDITY_WORDS).is_some()
                || has_word(text, "nbf")
                || has_word(text, "iat")
        });
    // A JWT past its exp by both clocks expired, whatever the offset: leave it to jwt_expired.
    // So did one past its exp by the server's own `Date`, where the server says it expired:
    // the clock that judged it agrees, whatever this one reads (a response read later, a
    // local clock ahead).
    if token.is_none()
        && (expired_by_both_clocks(ctx, offset.as_ref())
            || (complaint.is_some() && expired_by_the_servers_date(ctx)))
    {
        return None;
    }
    // A link signed with its own expiry time (`?auth_key=<time>-…`, `?Expires=…&Signature=…`),
    // sent without a time of the request's own: "expired timestamp" is the link's time, set
    // when it was signed and since passed, not this clock's. So is a link's signature posted
    // in the body (an e-mail verification's `{"timestamp": …, "signature": …}`).
    if complaint.is_some()
        && ctx.evidence.request_time.is_none()
        && ctx.jwt().is_none()
        && ctx.origin_credentials().all(|c| {
            matches!(
                c.location,
                crate::Location::Query(_) | crate::Location::Body(_)
            )
        })
        && ctx.has_credentials()
        && !skew_named(ctx)
        && !query_names_a_time(ctx.url)
    {
        return Some(with_server_said(
            Diagnosis::new(Cause::ExpiredCredentials)
                .summary("the signed link's time has passed: the server says the time signed into the URL expired")
                .evidence(format!(
                    "the server's error says \"{}\" of a link whose credential is in its query",
                    complaint.as_deref().unwrap_or("")
                ))
                .remedy("sign a new link (or ask its issuer for one); signed links are valid only for the window they were signed with"),
            ctx,
        ));
    }
    let skewed = abs.is_some_and(|a| a >= SKEW_THRESHOLD_S);
    let mut d = match (&complaint, &offset) {
        _ if token.is_some() => Diagnosis::new(Cause::ClockSkew).high(),
        (Some(_), Some(_)) if skewed => Diagnosis::new(Cause::ClockSkew).high(),
        (None, Some(_)) if signed.is_some() => Diagnosis::new(Cause::ClockSkew).high(),
        // A bare refusal of a request signed with its own time, five minutes or more from the
        // server's clock: the window most signing schemes allow is smaller.
        (None, Some(o))
            if (300..=MAX_CLOCK_AHEAD_S as i64).contains(&o.seconds.abs())
                && ctx.request_is_signed()
                && ctx.evidence.request_time.is_some()
                && ctx.classify(true).is_none() =>
        {
            Diagnosis::new(Cause::ClockSkew)
        }
        (Some(p), Some(o)) => {
            // The clocks agree: the request's own timestamp was stale.
            if !ctx.request_is_signed() {
                return None;
            }
            return Some(with_server_said(
                Diagnosis::new(Cause::SignatureMismatch)
                    .summary(format!(
                        "the server judges the request's signed timestamp outside its window, yet the clocks agree within {} s: the timestamp was stale when it arrived (computed earlier and reused, cached, or in the wrong time zone or unit)",
                        o.seconds.abs()
                    ))
                    .evidence(format!("the server's error says \"{p}\""))
                    .evidence(o.describe())
                    .remedy("compute the timestamp and the signature just before sending each request, retries included; send the unit and time zone the API documents (often milliseconds, UTC)")
                    .only_specific_remedies(),
                ctx,
            ));
        }
        (Some(_), None) => Diagnosis::new(Cause::ClockSkew)
            .summary(if ctx.evidence.headers.date.is_some() {
                "the server judges the request's time outside its window; its Date header is hours from this clock and no whole time zone away (a response stored and read later?), so the offset of the clocks cannot be measured"
            } else {
                "the server judges the request's time outside its window; it sent no Date header, so the offset of the clocks cannot be measured"
            })
            .remedy("compare this machine's clock with a reference (`chronyc tracking`, `timedatectl`); if it is right, the timestamp sent was stale: compute it and the signature just before sending"),
        _ => return None,
    };
    if let Some(w) = &complaint {
        d = d.evidence(format!("the server's error says \"{w}\""));
    } else if let Some(w) = &signed {
        d = d.evidence(format!("the server's error mentions \"{w}\""));
    }
    if let Some(o) = offset
        .as_ref()
        .filter(|o| o.seconds.abs() >= clock::NOISE_S)
    {
        d = d
            .summary(format!(
                "the local clock is {} {} the server's clock, so the request's time or token validity is judged wrong",
                clock::human_duration(o.seconds.unsigned_abs()),
                if o.seconds > 0 { "behind" } else { "ahead of" }
            ))
            .evidence(o.describe());
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
    let exp = jwt_exp(ctx)?;
    // The server names another reason (the signature, a scope, a token not valid yet): it
    // acted on that one.
    if ctx.words_name_other_reason().is_some() || ctx.says_not_yet_valid() {
        return None;
    }
    if ctx.token_unread_elsewhere() {
        return None;
    }
    let now = clock::epoch(ctx.now);
    let ago = now.min(judged_at(ctx, now)).saturating_sub(exp);
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

/// A server that calls a JWT not valid *yet*: by its clock the token's `nbf` or `iat` is still
/// ahead, so the clock of the server or of the token's issuer is off (a clock check the local
/// The remedy of a token not valid yet by the server's clock.
const COMPARE_CLOCKS: &str = "compare the clocks of the server and of the host that mints the token (`chronyc tracking`, `timedatectl`); a little leeway for nbf/iat on the server also helps";

/// measurement could not make without a `Date`).
pub(super) fn not_yet_valid(ctx: &Context<'_>) -> Option<Diagnosis> {
    // (a SAML service provider refuses an assertion not valid yet with a 403)
    if !matches!(ctx.status().as_u16(), 401 | 403) || !ctx.says_not_yet_valid() {
        return None;
    }
    if ctx.words_name_other_reason().is_some() {
        return None;
    }
    // A token this crate cannot read (a PASETO, an opaque token): the server's words are the
    // evidence, and its reading of them is the standard one (RFC 7519 §4.1.5's `nbf`).
    // (a body this middleware did not read, a SAML response posted to its consumer, carried
    // what the server judged: only a credential has a start time)
    let judged = ctx.has_credentials() || ctx.evidence.request_body_unread;
    let Some(claims) = ctx.jwt() else {
        // ("has expired or is not yet valid" names both ends of the window: no reading)
        if ctx.normalized().iter().any(|n| has_word(n, "expired")) {
            return None;
        }
        // A `Date` that agrees with this clock leaves the token's issuer: a start set ahead
        // on purpose, or minted by a clock that runs ahead. Neither is this host's clock.
        let agrees = clock::measure(ctx.evidence, ctx.now).is_some_and(|o| o.seconds.abs() < 60);
        if agrees {
            return judged.then(|| {
                with_server_said(
                    Diagnosis::new(Cause::InvalidCredentials)
                        .low()
                        .summary("the server says the token is not valid yet: its start (nbf or iat) lies ahead of the server's clock, which agrees with this one; the token was minted to start later, or by a host whose clock runs ahead")
                        .evidence("the server's words say the token is not valid yet; its Date agrees with the local clock")
                        .remedy("check the clock of the host that mints the token, and the start time it sets (nbf)"),
                    ctx,
                )
            });
        }
        return judged.then(|| {
            with_server_said(
                Diagnosis::new(Cause::ClockSkew)
                    .low()
                    .summary("the server says the token is not valid yet: by its clock the token's start (its nbf or iat) is still ahead, so the server's clock or the issuer's is off")
                    .evidence("the server's words say the token is not valid yet")
                    .remedy(COMPARE_CLOCKS),
                ctx,
            )
        });
    };
    let start = claim_time(claims.nbf.or(claims.iat)?)?;
    // With the server's `Date` at hand, its clock is measured: a token that started before it
    // is valid by that clock, and the words alone do not make a clock problem.
    if let Some(date) = ctx.evidence.headers.date {
        if start <= clock::epoch(date).saturating_add(60) {
            return None;
        }
    }
    Some(with_server_said(
        Diagnosis::new(Cause::ClockSkew)
            .summary(format!(
                "the server says the token is not valid yet: by its clock the token's start ({}) is still ahead, so the server's clock or the issuer's is off",
                clock::utc(start)
            ))
            .evidence(format!("JWT nbf/iat: {}", clock::utc(start)))
            .remedy(COMPARE_CLOCKS),
        ctx,
    ))
}

/// Whether the primary credential is a JWT whose `exp` is more than a minute past by the local
/// clock and by the server's.
fn expired_by_both_clocks(ctx: &Context<'_>, offset: Option<&clock::Offset>) -> bool {
    let Some(exp) = jwt_exp(ctx) else {
        return false;
    };
    let now = clock::epoch(ctx.now);
    let judged = match ctx.evidence.headers.date {
        Some(date) => clock::epoch(date),
        None => offset.map_or(now, |o| now.saturating_add(o.seconds)),
    };
    now.min(judged).saturating_sub(exp) > 60
}

/// Whether the primary JWT's `exp` lies at or before the response's `Date`: by the clock of
/// the server that judged it, the token had expired.
fn expired_by_the_servers_date(ctx: &Context<'_>) -> bool {
    let (Some(exp), Some(date)) = (jwt_exp(ctx), ctx.evidence.headers.date) else {
        return false;
    };
    exp <= clock::epoch(date)
}

/// The primary JWT's `exp` in seconds since the epoch, when it is a plausible time.
fn jwt_exp(ctx: &Context<'_>) -> Option<i64> {
    claim_time(ctx.jwt()?.exp?)
}

/// A JWT time claim in whole seconds since the epoch, when it is a plausible time.
fn claim_time(v: f64) -> Option<i64> {
    (v.is_finite() && v.abs() < 1e13).then_some(v as i64)
}

/// When the server judged the request, by its own clock: its `Date` (also true of a response
/// stored and read later), else the local time corrected by any offset the body shows.
fn judged_at(ctx: &Context<'_>, now: i64) -> i64 {
    match ctx.evidence.headers.date {
        Some(date) => clock::epoch(date),
        None => {
            clock::measure(ctx.evidence, ctx.now).map_or(now, |o| now.saturating_add(o.seconds))
        }
    }
}

/// When the primary credential is a JWT whose `exp` lies between the local time and the
/// server's later time (valid here, expired there), or whose `nbf`/`iat` lies between the
/// server's earlier time and the local time (not yet valid there), the sentence that says so.
fn jwt_window(ctx: &Context<'_>, offset: Option<&clock::Offset>) -> Option<String> {
    let o = offset.filter(|o| o.seconds.abs() >= 60)?;
    let claims = ctx.jwt()?;
    let now = clock::epoch(ctx.now);
    let server_now = now.saturating_add(o.seconds);
    if o.seconds > 0 {
        if let Some(exp) = claims.exp.and_then(claim_time) {
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
            if let Some(t) = v.and_then(claim_time) {
                // (beyond the `Date`'s one-second resolution: a token issued within the
                // second the server answered in may carry the next second)
                if server_now + 1 < t && t <= now + 60 {
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

/// The most a minting host's clock is taken to run ahead of a server's: a day covers a wrong
/// time zone (up to 14 h) and a clock left unsynced. A token dated weeks after the `Date` says
/// the `Date` is not the time that judged it (a cached or replayed response, a token of
/// another system), not that a clock is off by weeks.
const MAX_CLOCK_AHEAD_S: f64 = 86_400.0;

/// Seconds by which the primary JWT's `iat` or `nbf` lies after the server's `Date` (beyond a
/// minute, within [`MAX_CLOCK_AHEAD_S`]), when its `exp` lies after it too: a token minted by
/// a clock ahead of the server's.
fn issued_after_the_servers_date(ctx: &Context<'_>) -> Option<u64> {
    let claims = ctx.jwt()?;
    let at = clock::epoch(ctx.evidence.headers.date?) as f64;
    let start = [claims.iat, claims.nbf]
        .into_iter()
        .flatten()
        .filter(|v| v.is_finite())
        .fold(f64::NEG_INFINITY, f64::max);
    let exp = claims.exp.filter(|e| e.is_finite())?;
    (start > at + 60.0 && start <= at + MAX_CLOCK_AHEAD_S && exp > at)
        .then_some((start - at) as u64)
}

/// A server that calls a JWT expired (or "not active") while the token's own `exp`, `nbf` and
/// `iat` put the server's `Date` inside its window: the token's time is not what ended it. The
/// session behind it was ended or the token revoked (RFC 7662 reports both as `active: false`).
pub(super) fn expired_inside_window(ctx: &Context<'_>, d: Diagnosis) -> Diagnosis {
    // A bare "invalid token" for a JWT issued after the server's Date (and not expired by
    // it) is its issuer's clock running ahead: the same claims, by the server's clock, say
    // "not yet valid". A specific reason in the words (a signature, a scope) stands.
    let bare_invalid = d.cause == Cause::InvalidCredentials
        && ctx.status() == StatusCode::UNAUTHORIZED
        && ctx.words_name_other_reason().is_none()
        && contains_any(ctx.text(), SIGNATURE_WORDS).is_none();
    if d.cause != Cause::ExpiredCredentials && !bare_invalid {
        return d;
    }
    if bare_invalid && issued_after_the_servers_date(ctx).is_none() {
        return d;
    }
    if let Some(ahead) = issued_after_the_servers_date(ctx) {
        // Not expired at the server's time: issued after it, by a clock that runs ahead.
        let mut r = Diagnosis::new(Cause::ClockSkew)
            .summary(format!(
                "the token was issued {} after the server's time and has not expired by it: the clock of the host that minted it runs ahead of the server's",
                clock::human_duration(ahead)
            ))
            .remedy("sync the clock of the host that signs the token (`chronyc tracking`, `timedatectl`), or backdate iat a little when minting it");
        r.evidence = d.evidence;
        r.evidence.push(format!(
            "the JWT's iat or nbf is {ahead} s after the response's Date, and its exp after it"
        ));
        r.request_id = d.request_id;
        return r;
    }
    if !ctx.jwt_valid_when_judged() {
        return d;
    }
    // What expired is a grant the token stands for ("End User Agreement … has expired", a
    // consent, a requisition), not the token: its own time says nothing of that.
    let grant_expired = ctx.classify(true).is_some_and(|s| {
        s.cause == Cause::ExpiredCredentials
            && s.phrase
                .rsplit(" … ")
                .next()
                .is_some_and(|w| super::phrases::GRANT.contains(&w))
    });
    if grant_expired {
        return d;
    }
    let mut r = Diagnosis::new(Cause::RevokedCredentials)
        .summary("the server no longer accepts the token although it has not expired by its own claims at the server's time: its session was ended or the token revoked")
        .remedy("sign in again or get a new token from the issuer; a token whose session was ended cannot be refreshed into use");
    r.evidence = d.evidence;
    r.evidence.push(
        "the JWT's exp, nbf and iat put the server's Date inside the token's validity window"
            .to_owned(),
    );
    r.request_id = d.request_id;
    r.retry_after_s = d.retry_after_s;
    r
}
