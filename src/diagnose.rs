//! The decision tree: ordered rules from evidence to one [`Cause`], with evidence lines and
//! remedies.
//!
//! 401 asks "who are you?", 403 says "I know you, but no", 407 is the proxy asking, 429 (and a
//! 403 with exhausted rate-limit headers) is rate limiting. Specific evidence beats the status
//! code: the first rule that matches wins, and rules run from the most specific (what pre-flight
//! found, a measured clock skew, a provider's own error codes) to the most generic (the status
//! alone). What the key history remembers refines the winner last: a key that worked an hour
//! ago and is rejected now was revoked or rotated, whatever the server calls it.

use std::time::SystemTime;

use http::header::AUTHORIZATION;
use http::{HeaderMap, Method, StatusCode};
use url::Url;

use crate::credential::{self, Credential, CredentialKind, FoundBy, Location};
use crate::explanation::{Cause, CredentialInfo, Explanation, Outcome};
use crate::history::Recall;
use crate::jwt::{self, Claims};
use crate::observe::{Evidence, clock, scopes};
use crate::preflight::{self, Finding};
use crate::providers;
use crate::redact;

/// Everything a rule may look at.
pub(crate) struct Context<'a> {
    pub(crate) method: &'a Method,
    /// The URL the request was sent to.
    pub(crate) url: &'a Url,
    /// The URL the response came from (differs after redirects).
    pub(crate) final_url: &'a Url,
    pub(crate) credentials: &'a [Credential],
    pub(crate) findings: &'a [Finding],
    pub(crate) evidence: &'a Evidence,
    pub(crate) headers: &'a HeaderMap,
    pub(crate) now: SystemTime,
    /// Extra sensitive query names for URL redaction.
    pub(crate) sensitive_params: &'a [String],
    /// The client adds credential headers the middleware cannot see (default headers).
    pub(crate) hidden_credential_headers: &'a [String],
    /// What the key history knew about the primary credential at this origin.
    pub(crate) history: Option<&'a Recall>,
    /// Derived values several rules read, computed once.
    pub(crate) cache: Cache,
}

impl Context<'_> {
    pub(crate) fn status(&self) -> StatusCode {
        self.evidence.status
    }

    /// The credential that most likely decided the outcome.
    pub(crate) fn primary(&self) -> Option<&Credential> {
        primary_credential(self.credentials, self.status())
    }

    /// Credentials sent to the origin server (not to a proxy).
    pub(crate) fn origin_credentials(&self) -> impl Iterator<Item = &Credential> {
        self.credentials.iter().filter(|c| {
            !matches!(&c.location, Location::Header(h) if *h == http::header::PROXY_AUTHORIZATION)
        })
    }

    /// Whether any credential went to the origin server.
    pub(crate) fn has_credentials(&self) -> bool {
        self.origin_credentials().next().is_some()
    }

    /// The credential in a given request header (lowercase name), if any.
    pub(crate) fn credential_in(&self, header: &str) -> Option<&Credential> {
        self.credentials
            .iter()
            .find(|c| matches!(&c.location, Location::Header(h) if h.as_str() == header))
    }

    /// The host the request went to, lowercased.
    pub(crate) fn host(&self) -> String {
        self.host_lower().to_owned()
    }

    /// [`Context::host`], computed once.
    pub(crate) fn host_lower(&self) -> &str {
        self.cache
            .host
            .get_or_init(|| self.url.host_str().unwrap_or("").to_ascii_lowercase())
    }

    /// The provider: the profile that recognised the host, the token or the body, else the
    /// token prefix alone.
    pub(crate) fn provider(&self) -> Option<&'static str> {
        *self.cache.provider.get_or_init(|| {
            providers::detect(self).or_else(|| self.primary().and_then(Credential::provider))
        })
    }

    /// Claims of the primary credential when it is a readable JWT.
    pub(crate) fn jwt(&self) -> Option<Claims> {
        self.cache
            .jwt
            .get_or_init(|| {
                let c = self.primary()?;
                if c.kind != CredentialKind::Jwt {
                    return None;
                }
                jwt::peek(c.secret.expose_secret()).ok()
            })
            .clone()
    }

    /// Codes and messages of the body and of the Bearer challenge, lowercased.
    pub(crate) fn text(&self) -> &str {
        self.cache.text.get_or_init(|| {
            let mut t = self.evidence.body.text_lower();
            for name in ["error", "error_description"] {
                if let Some(v) = self.evidence.bearer_param(name) {
                    t.push_str(&v.to_ascii_lowercase());
                    t.push('\n');
                }
            }
            t
        })
    }

    /// Messages only (no codes), lowercased.
    pub(crate) fn messages(&self) -> &str {
        self.cache.messages.get_or_init(|| {
            let mut t = self.evidence.body.messages.join("\n").to_ascii_lowercase();
            if let Some(v) = self.evidence.bearer_param("error_description") {
                t.push('\n');
                t.push_str(&v.to_ascii_lowercase());
            }
            t
        })
    }
}

/// The credential that most likely decided a response with `status`: on a 407 the proxy's,
/// otherwise `Authorization`, then listed and configured key headers, headers named with
/// credential words, query parameters by name, userinfo, path segments and query values by
/// shape, cookies, and CSRF headers last.
pub(crate) fn primary_credential(
    credentials: &[Credential],
    status: StatusCode,
) -> Option<&Credential> {
    let is_proxy = status == StatusCode::PROXY_AUTHENTICATION_REQUIRED;
    let rank = |c: &Credential| match &c.location {
        Location::Header(h) if *h == http::header::PROXY_AUTHORIZATION => {
            if is_proxy {
                0
            } else {
                10
            }
        }
        Location::Header(h) if *h == AUTHORIZATION => 1,
        Location::Header(h) if c.found_by == FoundBy::NameWords => {
            if credential::is_csrf_name(h.as_str()) {
                9
            } else {
                3
            }
        }
        Location::Header(_) => 2,
        Location::Query(_) if c.found_by == FoundBy::ValueShape => 7,
        Location::Query(_) => 5,
        Location::UrlUserinfo => 6,
        Location::Path(_) => 7,
        Location::Cookie(_) => 8,
    };
    credentials.iter().min_by_key(|c| rank(c))
}

/// Values derived from a [`Context`] once, on first use.
#[derive(Default)]
pub(crate) struct Cache {
    text: std::cell::OnceCell<String>,
    messages: std::cell::OnceCell<String>,
    provider: std::cell::OnceCell<Option<&'static str>>,
    host: std::cell::OnceCell<String>,
    jwt: std::cell::OnceCell<Option<Claims>>,
    /// The provider profiles that apply ([`providers::candidates`]).
    pub(crate) candidates: std::cell::OnceCell<Vec<&'static providers::Profile>>,
}

/// A rule's conclusion.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Diagnosis {
    pub(crate) cause: Cause,
    /// Replaces the cause's generic summary.
    pub(crate) summary: Option<String>,
    pub(crate) evidence: Vec<String>,
    /// Specific remedies, shown before the cause's generic ones.
    pub(crate) remedies: Vec<String>,
    pub(crate) required_scopes: Vec<String>,
    pub(crate) granted_scopes: Vec<String>,
    /// Seconds to wait, when the rule knows better than `Retry-After` (a reset time, a body
    /// field).
    pub(crate) retry_after_s: Option<u64>,
    /// The request id, when the rule found it where the generic reader does not look.
    pub(crate) request_id: Option<String>,
    /// The provider whose profile made the diagnosis.
    pub(crate) provider: Option<&'static str>,
    /// The cause's generic remedies would mislead here (a geographic block is not fixed by an
    /// IP allow-list): show only the specific ones.
    pub(crate) only_specific_remedies: bool,
}

impl Diagnosis {
    pub(crate) fn new(cause: Cause) -> Self {
        Diagnosis {
            cause,
            summary: None,
            evidence: Vec::new(),
            remedies: Vec::new(),
            required_scopes: Vec::new(),
            granted_scopes: Vec::new(),
            retry_after_s: None,
            request_id: None,
            provider: None,
            only_specific_remedies: false,
        }
    }
    pub(crate) fn summary(mut self, s: impl Into<String>) -> Self {
        self.summary = Some(s.into());
        self
    }
    pub(crate) fn evidence(mut self, e: impl Into<String>) -> Self {
        self.evidence.push(e.into());
        self
    }
    pub(crate) fn remedy(mut self, r: impl Into<String>) -> Self {
        self.remedies.push(r.into());
        self
    }
    pub(crate) fn required(mut self, scopes: Vec<String>) -> Self {
        self.required_scopes = scopes;
        self
    }
    pub(crate) fn granted(mut self, scopes: Vec<String>) -> Self {
        self.granted_scopes = scopes;
        self
    }
    pub(crate) fn retry_after(mut self, s: Option<u64>) -> Self {
        if s.is_some() {
            self.retry_after_s = s;
        }
        self
    }
    pub(crate) fn request_id(mut self, id: Option<&str>) -> Self {
        if let Some(id) = id.filter(|v| !v.is_empty() && v.len() <= 200) {
            self.request_id = Some(id.to_owned());
        }
        self
    }
    pub(crate) fn server_said(self, ctx: &Context<'_>) -> Self {
        with_server_said(self, ctx)
    }
    /// Show only this diagnosis's remedies, not the cause's generic ones.
    pub(crate) fn only_specific_remedies(mut self) -> Self {
        self.only_specific_remedies = true;
        self
    }
}

type Rule = fn(&Context<'_>) -> Option<Diagnosis>;

/// The rules, most specific first.
const RULES: &[Rule] = &[
    proxy,
    redirect,
    findings,
    clock_skew,
    jwt_expired,
    providers::diagnose,
    quota_before_rate_limit,
    rate_limit,
    no_credential,
    bearer_insufficient_scope,
    text_rules,
    wrong_scheme,
    bearer_invalid_token,
    status_only,
];

/// Runs the rules, refines the winner with the key history, and assembles the explanation.
pub(crate) fn explain(ctx: &Context<'_>) -> Explanation {
    let diagnosis = RULES
        .iter()
        .find_map(|rule| rule(ctx))
        .unwrap_or_else(|| status_only(ctx).unwrap_or(Diagnosis::new(Cause::UnknownForbidden)));
    assemble(ctx, with_history(ctx, diagnosis))
}

fn assemble(ctx: &Context<'_>, d: Diagnosis) -> Explanation {
    // Every string stored below goes through the scrubber: server text may echo a secret.
    let mut scrubber =
        redact::Scrubber::for_credentials(ctx.credentials, ctx.sensitive_params).with_url(ctx.url);
    // Without a redirect the final URL is the same one: its secrets are known already.
    if ctx.final_url != ctx.url {
        scrubber = scrubber.with_url(ctx.final_url);
    }
    let scrub = |s: &str| scrubber.scrub(s);
    let ev = ctx.evidence;
    let headers = &ev.headers;
    let mut lines: Vec<String> = d.evidence.clone();
    lines.extend(ev.challenges.iter().map(challenge_line));
    let mut evidence: Vec<String> = Vec::with_capacity(lines.len() + 4);
    let mut push = |line: String| {
        if !evidence.contains(&line) {
            evidence.push(line);
        }
    };
    for l in &lines {
        push(redact::evidence_line(l, &scrubber));
    }
    for n in ev.challenge_notes.iter().chain(ev.body.note.iter()) {
        push(scrub(n));
    }
    if let Some((from, to)) = &ev.redirected_from {
        push(scrub(&format!("redirected from {from} to {to}")));
    }
    let required = required_scopes(ctx, &d);
    let granted = granted_scopes(ctx, &d);
    if d.cause == Cause::InsufficientScope
        && !required.is_empty()
        && !granted.is_empty()
        && !required.iter().any(|r| granted.contains(r))
    {
        push(scrub(&format!(
            "scope diff: the credential has {}; the endpoint requires {}",
            granted.join(" "),
            required.join(" ")
        )));
    }
    let generic: &[&str] = if d.only_specific_remedies && !d.remedies.is_empty() {
        &[]
    } else {
        d.cause.remedies()
    };
    // Remedies built from server text are scrubbed; the crate's own sentences need not be.
    let mut remedies: Vec<String> = Vec::new();
    let specific = d.remedies.iter().map(|r| scrub(r));
    for r in specific.chain(generic.iter().map(|r| (*r).to_owned())) {
        if !remedies.contains(&r) {
            remedies.push(r);
        }
    }
    let request_id = d
        .request_id
        .clone()
        .or_else(|| headers.request_id.as_ref().map(|(_, v)| v.clone()))
        .or_else(|| {
            BODY_REQUEST_ID_KEYS
                .iter()
                .find_map(|k| ev.body.field(k))
                .filter(|v| v.len() <= 200)
                .map(str::to_owned)
        })
        .map(|v| scrub(&v));
    let summary = match &d.summary {
        Some(s) => scrub(s),
        None => d.cause.summary().to_owned(),
    };
    Explanation {
        outcome: Outcome::Explained,
        status: Some(ctx.status().as_u16()),
        cause: Some(d.cause),
        summary,
        evidence,
        remedies,
        method: ctx.method.to_string(),
        url: scrubber.scrub_url(redact::redact_url(ctx.url, ctx.sensitive_params)),
        credential: ctx.primary().map(CredentialInfo::from),
        findings: ctx
            .findings
            .iter()
            .map(|f| Finding {
                message: scrub(&f.message),
                ..f.clone()
            })
            .collect(),
        required_scopes: required.iter().map(|s| scrub(s)).collect(),
        granted_scopes: granted.iter().map(|s| scrub(s)).collect(),
        // Retry-After takes precedence over reset times (draft-ietf-httpapi-ratelimit-headers
        // §7), then what the rule read from provider headers or the body.
        retry_after_s: headers.retry_after_s.or(d.retry_after_s).or(
            if d.cause == Cause::RateLimited {
                headers.rate_limit_reset_s
            } else {
                None
            },
        ),
        request_id,
        server_message: ev.body.primary_message().map(scrub),
        provider: d.provider.or_else(|| ctx.provider()).map(str::to_owned),
    }
}

/// Body fields that carry the request id when no header does.
const BODY_REQUEST_ID_KEYS: &[&str] = &[
    "request_id",
    "requestId",
    "RequestId",
    "correlationId",
    "errorId",
    "traceId",
    "trace_id",
];

/// Scopes the endpoint requires: the rule's, else the RFC 6750 `scope` challenge parameter (on
/// scope and missing-credential causes), else what the server's messages name.
fn required_scopes(ctx: &Context<'_>, d: &Diagnosis) -> Vec<String> {
    if !d.required_scopes.is_empty() {
        return d.required_scopes.clone();
    }
    if !matches!(
        d.cause,
        Cause::InsufficientScope | Cause::MissingCredentials | Cause::OrganizationPolicy
    ) {
        return Vec::new();
    }
    if let Some(s) = ctx.evidence.bearer_param("scope") {
        return s.split_whitespace().take(64).map(str::to_owned).collect();
    }
    if d.cause != Cause::InsufficientScope {
        return Vec::new();
    }
    let mut out: Vec<String> = Vec::new();
    for m in &ctx.evidence.body.messages {
        for s in scopes::required_from_message(m) {
            if !out.contains(&s) && out.len() < 64 {
                out.push(s);
            }
        }
    }
    out
}

/// Scopes the credential has: the rule's, else `X-OAuth-Scopes`, else the JWT's `scope`/`scp`,
/// else what the server's messages say.
fn granted_scopes(ctx: &Context<'_>, d: &Diagnosis) -> Vec<String> {
    if !d.granted_scopes.is_empty() {
        return d.granted_scopes.clone();
    }
    if let Some(g) = ctx
        .evidence
        .headers
        .granted_scopes
        .as_ref()
        .filter(|g| !g.is_empty())
    {
        return g.clone();
    }
    if let Some(c) = ctx.jwt().filter(|c| !c.scopes.is_empty()) {
        return c.scopes.into_iter().take(64).collect();
    }
    ctx.evidence
        .body
        .messages
        .iter()
        .flat_map(|m| scopes::granted_from_message(m))
        .take(64)
        .collect()
}

fn challenge_line(c: &crate::observe::Challenge) -> String {
    let name = if c.proxy {
        "Proxy-Authenticate"
    } else {
        "WWW-Authenticate"
    };
    let mut s = format!("{name}: {}", c.scheme);
    if let Some(t) = &c.token68 {
        s.push(' ');
        s.push_str(t);
    }
    for (i, (k, v)) in c.params.iter().enumerate() {
        s.push_str(if i == 0 { " " } else { ", " });
        s.push_str(&format!("{k}=\"{}\"", v.replace('"', "\\\"")));
    }
    s
}

pub(crate) fn contains_any(text: &str, needles: &[&str]) -> Option<String> {
    needles
        .iter()
        .find(|n| text.contains(*n))
        .map(|n| (*n).to_owned())
}

fn server_said(ctx: &Context<'_>) -> Option<String> {
    ctx.evidence
        .body
        .primary_message()
        .map(|m| format!("server message: \"{m}\""))
}

pub(crate) fn with_server_said(d: Diagnosis, ctx: &Context<'_>) -> Diagnosis {
    match server_said(ctx) {
        Some(s) if !d.evidence.contains(&s) => d.evidence(s),
        _ => d,
    }
}

// ---- key history ----------------------------------------------------------------------------

/// A 401 for a credential that worked earlier at this origin means it was revoked or rotated;
/// a 401 while another credential worked here more recently means this code path still sends
/// an old key. Other causes keep their verdict and gain the history as evidence.
fn with_history(ctx: &Context<'_>, mut d: Diagnosis) -> Diagnosis {
    let Some(r) = ctx.history.filter(|r| !r.is_empty()) else {
        return d;
    };
    let status = ctx.status().as_u16();
    let fp = ctx
        .primary()
        .map(|c| c.fingerprint().to_string())
        .unwrap_or_default();
    let worked = r.last_success.map(|t| clock::utc(clock::epoch(t)));
    let newer = r
        .newer_key
        .map(|(f, t)| (f.to_string(), clock::utc(clock::epoch(t))));
    if let Some(at) = &worked {
        d = d.evidence(format!(
            "key history: this credential (fingerprint {fp}) succeeded at this origin at {at}"
        ));
    }
    if let Some((f, at)) = &newer {
        d = d.evidence(format!(
            "key history: another credential (fingerprint {f}) succeeded at this origin at {at}"
        ));
    }
    if status != 401 {
        return d;
    }
    let replaceable = matches!(
        d.cause,
        Cause::InvalidCredentials | Cause::UnknownUnauthorized | Cause::RevokedCredentials
    );
    if !replaceable {
        return d;
    }
    match (&worked, &newer) {
        (Some(at), newer) => {
            let mut s = format!(
                "this credential worked at {at} and is rejected now: it was revoked or rotated"
            );
            if let Some((f, t)) = newer {
                s.push_str(&format!(
                    "; a different key (fingerprint {f}) succeeded here at {t}, so this process still sends the old key"
                ));
            }
            d.cause = Cause::RevokedCredentials;
            d.summary = Some(s);
            d.remedies.insert(
                0,
                "load the current key and restart or reload whatever cached the old one (clients built at start-up, connection pools, sidecars)".to_owned(),
            );
        }
        (None, Some((f, t))) => {
            d.summary = Some(format!(
                "the server rejects this credential, while a different key (fingerprint {f}) succeeded at this origin at {t}: part of this process still sends an old or wrong key"
            ));
            d.remedies.insert(
                0,
                format!(
                    "find where this key (fingerprint {fp}) comes from and load the one that works (fingerprint {f}) there too"
                ),
            );
        }
        (None, None) => {}
    }
    d
}

// ---- clock skew -----------------------------------------------------------------------------

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
fn clock_skew(ctx: &Context<'_>) -> Option<Diagnosis> {
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
fn jwt_expired(ctx: &Context<'_>) -> Option<Diagnosis> {
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

// ---- rules ----------------------------------------------------------------------------------

fn proxy(ctx: &Context<'_>) -> Option<Diagnosis> {
    if ctx.status() != StatusCode::PROXY_AUTHENTICATION_REQUIRED {
        return None;
    }
    let sent = ctx.credentials.iter().any(
        |c| matches!(&c.location, Location::Header(h) if *h == http::header::PROXY_AUTHORIZATION),
    );
    let mut d = Diagnosis::new(Cause::ProxyAuthRequired);
    d = if sent {
        d.summary("the proxy rejected the Proxy-Authorization credentials that were sent")
            .remedy("check the proxy user name and password (HTTPS_PROXY / ALL_PROXY URLs, or `Proxy::basic_auth`)")
    } else {
        d.summary(
            "a proxy between this client and the server requires authentication, and none was sent",
        )
    };
    if let Some(c) = ctx.evidence.challenges.iter().find(|c| c.proxy) {
        let realm = c
            .param("realm")
            .map(|r| format!(" (realm \"{r}\")"))
            .unwrap_or_default();
        d = d.evidence(format!(
            "the proxy asks for {} authentication{realm}",
            c.scheme
        ));
    }
    Some(d)
}

fn redirect(ctx: &Context<'_>) -> Option<Diagnosis> {
    let (from, to) = ctx.evidence.redirected_from.as_ref()?;
    // reqwest strips these on a cross-origin redirect (RFC 9110 §15.4); other headers survive.
    let dropped = ctx.credentials.iter().any(|c| match &c.location {
        Location::Header(h) => *h == AUTHORIZATION || *h == http::header::COOKIE,
        Location::Cookie(_) => true,
        _ => false,
    });
    if !dropped || !matches!(ctx.status().as_u16(), 401 | 403) {
        return None;
    }
    Some(
        Diagnosis::new(Cause::CredentialsDroppedOnRedirect)
            .summary(format!(
                "the request was redirected from {from} to {to}, and the HTTP client removed the credential on the way (it does so for every cross-origin redirect)"
            ))
            .evidence(format!("redirected from {from} to {to}"))
            .remedy(format!("send the request to {to} directly")),
    )
}

fn findings(ctx: &Context<'_>) -> Option<Diagnosis> {
    let (cause, f) = preflight::strongest_cause(ctx.findings)?;
    // A finding explains an identity failure (401), or a 403 when it is a placeholder.
    let applies = match ctx.status().as_u16() {
        401 => true,
        403 => matches!(
            cause,
            Cause::PlaceholderCredentials | Cause::ExpiredCredentials | Cause::WrongEnvironment
        ),
        _ => false,
    };
    // A token that is not valid yet (`nbf` ahead of this clock) points at clock skew only when
    // the server does not name a reason of its own; the clock rules measure the offset.
    if !applies || (cause == Cause::ClockSkew && ctx.evidence.body.primary_message().is_some()) {
        return None;
    }
    let d = Diagnosis::new(cause).evidence(format!(
        "pre-flight [{}] on {}: {}",
        f.code, f.location, f.message
    ));
    Some(with_server_said(d, ctx))
}

fn quota_before_rate_limit(ctx: &Context<'_>) -> Option<Diagnosis> {
    if !matches!(ctx.status().as_u16(), 403 | 429) {
        return None;
    }
    let text = ctx.text();
    let hit = contains_any(
        text,
        &[
            "insufficient_quota",
            "billing",
            "exceeded your current quota",
            "payment required",
            "upgrade your plan",
            "credit balance",
        ],
    )?;
    Some(with_server_said(
        Diagnosis::new(Cause::PlanRestricted)
            .summary(
                "the account has run out of quota or credit for its plan; waiting will not help",
            )
            .evidence(format!("the server's error mentions \"{hit}\"")),
        ctx,
    ))
}

fn rate_limit(ctx: &Context<'_>) -> Option<Diagnosis> {
    let h = &ctx.evidence.headers;
    let status = ctx.status().as_u16();
    let text = ctx.text();
    let said = contains_any(
        text,
        &[
            "rate limit",
            "ratelimit",
            "rate_limit",
            "too many requests",
            "too many",
            "throttl",
            "try again later",
            "slow down",
            "attempts exceeded",
        ],
    );
    let exhausted = h.rate_limit_exhausted();
    if status != 429 && !(status == 403 && (exhausted || said.is_some())) {
        return None;
    }
    let mut d = Diagnosis::new(Cause::RateLimited);
    if status == 403 {
        d = d.summary(
            "the server answered 403, but this is rate limiting, not a permission problem",
        );
    }
    if exhausted {
        d = d.evidence(format!(
            "rate-limit headers: remaining 0{}",
            h.rate_limit_limit
                .map(|l| format!(" of {l}"))
                .unwrap_or_default()
        ));
    }
    if let Some(s) = h.retry_after_s {
        d = d.evidence(format!("Retry-After: {s} s"));
    } else if let Some(r) = h.rate_limit_reset_s {
        d = d.evidence(format!("the limit resets in {r} s"));
    }
    if let Some(w) = said {
        d = d.evidence(format!("the server's message mentions \"{w}\""));
    }
    Some(with_server_said(d, ctx))
}

fn no_credential(ctx: &Context<'_>) -> Option<Diagnosis> {
    if ctx.status() != StatusCode::UNAUTHORIZED || ctx.origin_credentials().next().is_some() {
        return None;
    }
    let mut d = Diagnosis::new(Cause::MissingCredentials).evidence(
        "no credential was visible in the request (Authorization, API-key headers, cookies, URL)",
    );
    d = if ctx.hidden_credential_headers.is_empty() {
        d.summary("no credential was sent, or it was added by the client's default headers where this middleware cannot see it")
            .remedy("if the client sets the credential in `ClientBuilder::default_headers`, tell the middleware with `.client_default_credential_headers([...])` so it can explain it")
    } else {
        d.summary(format!(
            "the server received no valid credential; the client adds {} through its default headers, so check that value",
            ctx.hidden_credential_headers.join(", ")
        ))
    };
    if let Some(c) = ctx.evidence.challenges.first() {
        d = d.evidence(format!("the server asks for {} authentication", c.scheme));
    }
    Some(with_server_said(d, ctx))
}

fn bearer_insufficient_scope(ctx: &Context<'_>) -> Option<Diagnosis> {
    let err = ctx.evidence.bearer_param("error")?;
    if err != "insufficient_scope" {
        return None;
    }
    let scopes: Vec<String> = ctx
        .evidence
        .bearer_param("scope")
        .map(|s| s.split_whitespace().map(str::to_owned).collect())
        .unwrap_or_default();
    let mut d = Diagnosis::new(Cause::InsufficientScope);
    if !scopes.is_empty() {
        d = d.summary(format!(
            "the token lacks the scope {} that this endpoint requires",
            scopes.join(" ")
        ));
        d = d.remedy(format!(
            "grant the scope {} to the token, or use a token that has it",
            scopes.join(" ")
        ));
    }
    Some(with_server_said(d.required(scopes), ctx))
}

/// How many needles [`TEXT_TABLE`] holds.
const TEXT_NEEDLES: usize = {
    let mut n = 0;
    let mut i = 0;
    while i < TEXT_TABLE.len() {
        n += TEXT_TABLE[i].1.len();
        i += 1;
    }
    n
};

/// Which needles of [`TEXT_TABLE`] (numbered in table order) a text contains, found in one
/// pass over the text rather than one search per needle.
struct TextNeedles {
    found: [u64; TEXT_NEEDLES.div_ceil(64)],
    /// The automaton could not be built: search needle by needle.
    by_needle: bool,
}

impl TextNeedles {
    fn find(text: &str) -> Self {
        static AUTOMATON: std::sync::LazyLock<Option<aho_corasick::AhoCorasick>> =
            std::sync::LazyLock::new(|| {
                aho_corasick::AhoCorasick::new(TEXT_TABLE.iter().flat_map(|(_, n)| n.iter())).ok()
            });
        let mut found = [0u64; TEXT_NEEDLES.div_ceil(64)];
        let Some(ac) = AUTOMATON.as_ref() else {
            return TextNeedles {
                found,
                by_needle: true,
            };
        };
        for m in ac.find_overlapping_iter(text) {
            let i = m.pattern().as_usize();
            found[i / 64] |= 1 << (i % 64);
        }
        TextNeedles {
            found,
            by_needle: false,
        }
    }

    /// Whether needle number `i`, `needle`, occurs in `text`.
    fn contains(&self, i: usize, text: &str, needle: &str) -> bool {
        if self.by_needle {
            return text.contains(needle);
        }
        self.found[i / 64] & (1 << (i % 64)) != 0
    }
}

/// Generic message rules: what servers say in words, when no provider profile matched.
/// What servers say in words, cause by cause, most specific first. Short needles (three
/// characters or fewer, like "sso") must stand alone as a word.
const TEXT_TABLE: &[(Cause, &[&str])] = &[
    (
        Cause::SignatureMismatch,
        &[
            "signaturedoesnotmatch",
            "signature does not match",
            "signature mismatch",
            "invalid signature",
            "invalid_signature",
            "invalidsignature",
            "incompletesignature",
            "signature is invalid",
            "signature verification failed",
            "could not verify the signature",
            "mac signature",
            "computed signature",
        ],
    ),
    (
        Cause::AccountSuspended,
        &[
            "suspended",
            "deactivated",
            "banned",
            "account disabled",
            "account has been disabled",
            "account is disabled",
            "user is disabled",
            "account is locked",
            "account locked",
            "account has been locked",
            "user locked",
            "locked out",
            "account_inactive",
            "inactive account",
            "account not active",
            "account is not active",
            "account has been blocked",
            "your account has been blocked",
            "account is blocked",
        ],
    ),
    (
        Cause::WrongEnvironment,
        &[
            "wrong audience",
            "invalid audience",
            "bad audience",
            "audience",
            "test mode",
            "live mode",
            "livemode",
            "sandbox",
            "wrong region",
            "different region",
            "another region",
            "incorrect region",
            "regional endpoint",
            "wrong tenant",
            "different tenant",
            "wrong issuer",
            "wrong environment",
            "should match organization",
            "should match project",
        ],
    ),
    (
        Cause::IpRestricted,
        &[
            "ip address",
            "ip restriction",
            "ip_address_blocked",
            "ip not allowed",
            "not allowed from this ip",
            "ip allow list",
            "ip allowlist",
            "ip whitelist",
            "ip is not",
            "source ip",
            "client ip",
            "from location",
            "unsupported_country",
            "country, region, or territory",
            "country or region",
            "not available in your country",
            "not available in your region",
        ],
    ),
    (
        Cause::OriginRestricted,
        &[
            "referer",
            "referrer",
            "origin not allowed",
            "android client application",
            "ios client application",
            "app restriction",
            "application restriction",
        ],
    ),
    (
        Cause::OrganizationPolicy,
        &[
            "sso",
            "saml",
            "single sign-on",
            "organization policy",
            "organisation policy",
            "org policy",
            "two-factor",
            "2fa",
            "mfa",
            "multi-factor",
            "second factor",
            "conditional access",
            "high assurance",
            "not valid for use with the rest api",
            "enforced by your organization",
            "oauth app access restrictions",
            "forbids access via",
            "service control policy",
            "blocked by admin",
            "blocked by your admin",
            "administrator has restricted",
            "admin has restricted",
            "org_login_required",
        ],
    ),
    (
        Cause::EndpointNotEnabled,
        &[
            "has not been used in project",
            "service_disabled",
            "accessnotconfigured",
            "api not enabled",
            "api is not enabled",
            "is not enabled",
            "not been enabled",
            "feature is not enabled",
            "not enabled for",
            "api is disabled",
            "it is disabled",
            "optinrequired",
            "needs a subscription",
        ],
    ),
    (
        Cause::PlanRestricted,
        &[
            "billing",
            "insufficient_quota",
            "exceeded your current quota",
            "upgrade your plan",
            "upgrade",
            "subscription",
            "paid plan",
            "your plan",
            "not available on your plan",
            "payment",
            "credit balance",
            "trial",
        ],
    ),
    (
        Cause::InsufficientScope,
        &[
            "insufficient scope",
            "insufficient_scope",
            "insufficientpermissions",
            "insufficient permission",
            "insufficient privileges",
            "scope requirement",
            "missing scope",
            "missing_scope",
            "missing permissions",
            "missing access",
            "required scope",
            "requires scope",
            "not accessible by",
            "does not have the required permission",
            "does not have permission",
            "do not have permission",
            "does not have access",
            "do not have access",
            "not have authorization to perform",
            "permission denied",
            "permission_denied",
            "not authorized to perform",
            "not authorized to access this resource",
            "authorizationpermissionmismatch",
            "cannot list",
            "cannot get",
            "cannot create",
            "cannot delete",
            "cannot update",
            "cannot watch",
            "cannot patch",
        ],
    ),
];

/// Phrases that say no credential was found where the server looks for one.
const MISSING_WORDS: &[&str] = &[
    "didn't provide",
    "did not provide",
    "no api key",
    "not provided",
    "were not provided",
    "credentials not found",
    "missing api key",
    "missing token",
    "missing authorization",
    "missing required authentication",
    "no authorization",
    "no token",
    "missing credentials",
    "no credentials",
    "api key required",
    "token required",
    "header is required",
    "requires authentication",
    "login required",
];

/// Phrases that say the credential is not accepted.
const INVALID_WORDS: &[&str] = &[
    "invalid",
    "bad credentials",
    "unrecognized",
    "unrecognised",
    "incorrect",
    "not valid",
    "wrong password",
    "wrong credentials",
    "authentication failed",
    "authentication_error",
    "unauthenticated",
    "must be authenticated",
    "could not authenticate",
    "unable to authenticate",
    "does not exist in our records",
    "unauthorized",
];

/// Generic message rules: what servers say in words, when no provider profile matched.
fn text_rules(ctx: &Context<'_>) -> Option<Diagnosis> {
    let text = ctx.text();
    let messages = ctx.messages();
    let status = ctx.status().as_u16();
    let found = TextNeedles::find(text);
    let mut first = 0;
    for (cause, needles) in TEXT_TABLE {
        let hit = needles.iter().enumerate().find(|(i, n)| {
            found.contains(first + i, text, n) && (n.len() > 3 || has_word(text, n))
        });
        first += needles.len();
        if let Some((_, hit)) = hit {
            let mut d =
                Diagnosis::new(*cause).evidence(format!("the server's error mentions \"{hit}\""));
            if *cause == Cause::InsufficientScope {
                d = scope_summary(d, ctx);
            }
            return Some(with_server_said(d, ctx));
        }
    }
    let says_invalid = INVALID_WORDS[..INVALID_WORDS.len() - 1]
        .iter()
        .any(|w| messages.contains(w));
    if text.contains("expired") && !says_invalid && !messages.contains("revoked") {
        return Some(with_server_said(
            Diagnosis::new(Cause::ExpiredCredentials)
                .evidence("the server says the credential expired"),
            ctx,
        ));
    }
    if text.contains("revoked") && !says_invalid && !text.contains("expired") {
        return Some(with_server_said(
            Diagnosis::new(Cause::RevokedCredentials)
                .evidence("the server says the credential was revoked"),
            ctx,
        ));
    }
    if let Some(hit) = contains_any(messages, MISSING_WORDS) {
        return Some(with_server_said(
            Diagnosis::new(Cause::MissingCredentials)
                .summary("the server did not find a credential where it looks for one")
                .evidence(format!("the server's message says \"{hit}\""))
                .remedy("check the header name and scheme the API documents; a credential in the wrong header is not seen"),
            ctx,
        ));
    }
    if status == 401 || status == 403 {
        if let Some(hit) = contains_any(text, INVALID_WORDS) {
            if status == 401 || !hit.contains("unauthorized") {
                return Some(with_server_said(
                    Diagnosis::new(Cause::InvalidCredentials)
                        .evidence(format!("the server's error mentions \"{hit}\"")),
                    ctx,
                ));
            }
        }
    }
    None
}

/// Names the required scopes in the summary and remedy when the messages name them.
pub(crate) fn scope_summary(mut d: Diagnosis, ctx: &Context<'_>) -> Diagnosis {
    if d.required_scopes.is_empty() {
        for m in &ctx.evidence.body.messages {
            for s in scopes::required_from_message(m) {
                if !d.required_scopes.contains(&s) {
                    d.required_scopes.push(s);
                }
            }
        }
    }
    if !d.required_scopes.is_empty() && d.summary.is_none() {
        let list = d.required_scopes.join(", ");
        d.summary = Some(format!(
            "the credential lacks the scope or permission this endpoint requires ({list})"
        ));
        if d.remedies.is_empty() {
            d.remedies.push(format!(
                "grant {list} to the credential, or use one that has it"
            ));
        }
    }
    d
}

pub(crate) fn has_word(text: &str, word: &str) -> bool {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .any(|w| w == word)
}

fn wrong_scheme(ctx: &Context<'_>) -> Option<Diagnosis> {
    if ctx.status() != StatusCode::UNAUTHORIZED {
        return None;
    }
    let cred = ctx
        .credentials
        .iter()
        .find(|c| matches!(&c.location, Location::Header(h) if *h == AUTHORIZATION))?;
    let sent = cred.scheme.as_deref()?;
    let offered: Vec<&str> = ctx
        .evidence
        .challenges
        .iter()
        .filter(|c| !c.proxy)
        .map(|c| c.scheme.as_str())
        .collect();
    if offered.is_empty() || offered.iter().any(|s| s.eq_ignore_ascii_case(sent)) {
        return None;
    }
    Some(
        Diagnosis::new(Cause::WrongScheme)
            .summary(format!(
                "the credential was sent with scheme {sent}, but the server asks for {}",
                offered.join(" or ")
            ))
            .evidence(format!("Authorization scheme sent: {sent}"))
            .remedy(format!(
                "send `Authorization: {} …` as the server's challenge asks",
                offered[0]
            )),
    )
}

fn bearer_invalid_token(ctx: &Context<'_>) -> Option<Diagnosis> {
    let err = ctx.evidence.bearer_param("error")?;
    let cause = match err {
        "invalid_token" => Cause::InvalidCredentials,
        "invalid_request" if ctx.origin_credentials().next().is_none() => Cause::MissingCredentials,
        "invalid_request" => Cause::MalformedCredentials,
        _ => return None,
    };
    Some(with_server_said(
        Diagnosis::new(cause).evidence(format!("RFC 6750 error code: {err}")),
        ctx,
    ))
}

fn status_only(ctx: &Context<'_>) -> Option<Diagnosis> {
    let d = match ctx.status().as_u16() {
        401 => {
            let mut d = Diagnosis::new(Cause::UnknownUnauthorized);
            if ctx.evidence.challenges.iter().all(|c| c.proxy) {
                d = d.evidence("the 401 carries no WWW-Authenticate header, which RFC 9110 §15.5.2 requires: the server does not follow the standard");
            }
            d
        }
        429 => Diagnosis::new(Cause::RateLimited),
        _ => Diagnosis::new(Cause::UnknownForbidden),
    };
    Some(with_server_said(d, ctx))
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, SystemTime, UNIX_EPOCH};

    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    use super::*;
    use crate::providers::testkit::{Case, explain, run};
    use crate::secret::Fingerprint;

    #[test]
    fn text_needles_agree_with_a_search_per_needle() {
        let all: Vec<&str> = TEXT_TABLE
            .iter()
            .flat_map(|(_, n)| n.iter().copied())
            .collect();
        assert_eq!(all.len(), TEXT_NEEDLES);
        let mut texts: Vec<String> = all.iter().map(|n| n.to_string()).collect();
        texts.push(all.join(" "));
        texts.push(all.concat());
        texts.push(String::new());
        texts.push("the access token expired\ninvalid_token\n".into());
        for t in &texts {
            let found = TextNeedles::find(t);
            for (i, n) in all.iter().enumerate() {
                assert_eq!(found.contains(i, t, n), t.contains(n), "{n:?} in {t:?}");
            }
        }
    }

    const T: u64 = 1_800_000_000;

    fn at(s: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(s)
    }

    fn jwt(claims: &str) -> String {
        format!(
            "Bearer eyJhbGciOiJSUzI1NiJ9.{}.FAKESECRETsig",
            URL_SAFE_NO_PAD.encode(claims)
        )
    }

    fn date(s: u64) -> String {
        httpdate::fmt_http_date(at(s))
    }

    #[test]
    fn jwt_expired_only_by_the_servers_clock_is_clock_skew() {
        let auth = jwt(&format!(r#"{{"exp":{}}}"#, T + 300));
        let d = date(T + 600);
        let e = explain(Case {
            request: &[("authorization", &auth)],
            status: 401,
            response: &[
                ("date", &d),
                (
                    "www-authenticate",
                    "Bearer error=\"invalid_token\", error_description=\"Jwt is expired\"",
                ),
            ],
            now: at(T),
            ..Case::default()
        });
        assert_eq!(e.cause(), Some(Cause::ClockSkew), "{e}");
        assert!(e.summary().contains("10 min 0 s behind"), "{e}");
        assert!(e.evidence().iter().any(|l| l.contains("600 s")), "{e}");
        assert!(e.evidence().iter().any(|l| l.contains("exp")), "{e}");
    }

    #[test]
    fn jwt_not_yet_valid_by_the_servers_clock_is_clock_skew() {
        let auth = jwt(&format!(
            r#"{{"iat":{},"nbf":{},"exp":{}}}"#,
            T - 30,
            T - 30,
            T + 3600
        ));
        let d = date(T - 600);
        let e = explain(Case {
            request: &[("authorization", &auth)],
            status: 401,
            response: &[("date", &d)],
            body: r#"{"error":"invalid_token","error_description":"The token is not valid before its nbf"}"#,
            now: at(T),
            ..Case::default()
        });
        assert_eq!(e.cause(), Some(Cause::ClockSkew), "{e}");
        assert!(e.summary().contains("ahead of"), "{e}");
    }

    #[test]
    fn an_ambiguous_window_message_needs_a_measured_offset() {
        // Microsoft Graph's wording for an expired token names both ends of the window
        let body = r#"{"error":{"code":"InvalidAuthenticationToken","message":"Access token has expired or is not yet valid."}}"#;
        let e = run(
            "https://graph.microsoft.com/v1.0/me",
            &[("authorization", "Bearer FAKESECRETopaque0123")],
            401,
            &[],
            body,
        );
        assert_eq!(e.cause(), Some(Cause::ExpiredCredentials), "{e}");
        // a JWT that expired an hour ago stays expired even when the clocks differ
        let auth = jwt(&format!(r#"{{"exp":{}}}"#, T - 3600));
        let d = date(T + 120);
        let e = explain(Case {
            url: "https://graph.microsoft.com/v1.0/me",
            request: &[("authorization", &auth)],
            status: 401,
            response: &[("date", &d)],
            body,
            now: at(T),
            ..Case::default()
        });
        assert_eq!(e.cause(), Some(Cause::ExpiredCredentials), "{e}");
    }

    #[test]
    fn a_stale_date_alone_proves_nothing() {
        let auth = jwt(&format!(r#"{{"iat":{}}}"#, T - 10));
        let d = date(T - 86_400 * 365);
        let e = explain(Case {
            request: &[("authorization", &auth)],
            status: 401,
            response: &[("date", &d), ("www-authenticate", "Basic realm=\"x\"")],
            now: at(T),
            ..Case::default()
        });
        assert_eq!(e.cause(), Some(Cause::WrongScheme), "{e}");
    }

    #[test]
    fn signature_errors_need_a_large_offset() {
        let signed = |offset: u64| {
            let d = date(T + offset);
            explain(Case {
                request: &[("authorization", "HMAC FAKESECRETsignature")],
                status: 401,
                response: &[("date", &d)],
                body: r#"{"message":"Invalid signature"}"#,
                now: at(T),
                ..Case::default()
            })
            .cause()
        };
        assert_eq!(signed(400), Some(Cause::ClockSkew));
        assert_eq!(signed(20), Some(Cause::SignatureMismatch));
        let e = explain(Case {
            request: &[("x-api-key", "FAKESECRETkey")],
            status: 403,
            response: &[],
            body: r#"{"message":"Request timestamp out of bounds, check your clock"}"#,
            ..Case::default()
        });
        assert_eq!(e.cause(), Some(Cause::ClockSkew));
    }

    #[test]
    fn history_turns_a_rejected_working_key_into_revoked() {
        let recall = Recall {
            last_success: Some(at(T)),
            last_failure: None,
            newer_key: Some((Fingerprint::of(b"new"), at(T + 60))),
        };
        let e = explain(Case {
            request: &[("x-api-key", "old-FAKESECRET-key")],
            status: 401,
            body: r#"{"message":"Invalid API key"}"#,
            history: Some(recall.clone()),
            ..Case::default()
        });
        assert_eq!(e.cause(), Some(Cause::RevokedCredentials), "{e}");
        assert!(e.summary().contains(&clock::utc(T as i64)), "{e}");
        assert!(e.summary().contains("still sends the old key"), "{e}");
        assert!(
            e.summary().contains(Fingerprint::of(b"new").as_str()),
            "{e}"
        );

        // a different key works here: the rejected one is old or wrong
        let e = explain(Case {
            request: &[("x-api-key", "other-FAKESECRET-key")],
            status: 401,
            body: r#"{"message":"Invalid API key"}"#,
            history: Some(Recall {
                last_success: None,
                ..recall.clone()
            }),
            ..Case::default()
        });
        assert_eq!(e.cause(), Some(Cause::InvalidCredentials));
        assert!(
            e.summary()
                .contains("part of this process still sends an old or wrong key"),
            "{e}"
        );

        // an explicit expiry keeps its cause; a 403 only gains evidence
        let e = explain(Case {
            request: &[("x-api-key", "old-FAKESECRET-key")],
            status: 403,
            body: r#"{"message":"Missing scopes: orders.write."}"#,
            history: Some(recall),
            ..Case::default()
        });
        assert_eq!(e.cause(), Some(Cause::InsufficientScope));
        assert!(
            e.evidence().iter().any(|l| l.starts_with("key history")),
            "{e}"
        );
    }

    #[test]
    fn generic_text_rules() {
        let key = [("x-api-key", "FAKESECRETkey0123")];
        for (body, cause) in [
            (
                r#"{"message":"Your account is disabled"}"#,
                Cause::AccountSuspended,
            ),
            (
                r#"{"message":"Requests from referer https://a.example are blocked."}"#,
                Cause::OriginRestricted,
            ),
            (
                r#"{"message":"This API has not been used in project 1 before or it is disabled."}"#,
                Cause::EndpointNotEnabled,
            ),
            (
                r#"{"message":"Requests from this IP address are not allowed"}"#,
                Cause::IpRestricted,
            ),
            (
                r#"{"message":"SAML SSO is enforced by your organization"}"#,
                Cause::OrganizationPolicy,
            ),
            (
                r#"{"message":"Missing scopes: orders.write."}"#,
                Cause::InsufficientScope,
            ),
            (
                r#"{"message":"Token has been revoked"}"#,
                Cause::RevokedCredentials,
            ),
            (
                r#"{"message":"API key expired"}"#,
                Cause::ExpiredCredentials,
            ),
        ] {
            let e = run("https://api.example.com/v1/x", &key, 403, &[], body);
            assert_eq!(e.cause(), Some(cause), "{body}: {e}");
        }
        let e = run(
            "https://api.example.com/v1/x",
            &key,
            403,
            &[],
            r#"{"message":"Missing scopes: orders.write."}"#,
        );
        assert_eq!(e.required_scopes(), ["orders.write"]);
        assert!(e.summary().contains("orders.write"));
    }

    #[test]
    fn granted_scopes_come_from_the_jwt() {
        let auth = jwt(r#"{"scp":["a.read","b.read"]}"#);
        let e = run(
            "https://api.example.com/v1/x",
            &[("authorization", &auth)],
            403,
            &[(
                "www-authenticate",
                "Bearer error=\"insufficient_scope\", scope=\"c.write\"",
            )],
            "",
        );
        assert_eq!(e.cause(), Some(Cause::InsufficientScope));
        assert_eq!(e.required_scopes(), ["c.write"]);
        assert_eq!(e.granted_scopes(), ["a.read", "b.read"]);
        assert!(
            e.evidence().iter().any(|l| l.starts_with("scope diff")),
            "{e}"
        );
    }

    #[test]
    fn hostile_bodies_are_bounded() {
        let body = format!(
            r#"{{"message":"{} cannot list resource \"{}\" expected any of: {}"}}"#,
            "x ".repeat(20_000),
            "p".repeat(10_000),
            "s,".repeat(10_000)
        );
        let e = run(
            "https://api.example.com/",
            &[("x-api-key", "FAKESECRETkey0123")],
            403,
            &[],
            &body,
        );
        assert!(e.required_scopes().len() <= 64);
        assert!(e.to_json().to_string().len() < 64 * 1024);
    }
}
