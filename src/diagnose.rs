//! The decision tree: ordered rules from evidence to one [`Cause`], with evidence lines and
//! remedies.
//!
//! 401 asks "who are you?", 403 says "I know you, but no", 407 is the proxy asking, 429 (and a
//! 403 with exhausted rate-limit headers) is rate limiting. Specific evidence beats the status
//! code: the first rule that matches wins, and rules run from the most specific (what pre-flight
//! found, a provider's own error codes) to the most generic (the status alone).

use std::time::SystemTime;

use http::header::AUTHORIZATION;
use http::{HeaderMap, Method, StatusCode};
use url::Url;

use crate::credential::{Credential, Location};
use crate::explanation::{Cause, CredentialInfo, Explanation, Outcome};
use crate::observe::Evidence;
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
}

impl Context<'_> {
    pub(crate) fn status(&self) -> StatusCode {
        self.evidence.status
    }

    /// The credential that most likely decided the outcome.
    pub(crate) fn primary(&self) -> Option<&Credential> {
        let is_proxy = self.status() == StatusCode::PROXY_AUTHENTICATION_REQUIRED;
        let rank = |c: &Credential| match &c.location {
            Location::Header(h) if *h == http::header::PROXY_AUTHORIZATION => {
                if is_proxy {
                    0
                } else {
                    9
                }
            }
            Location::Header(h) if *h == AUTHORIZATION => 1,
            Location::Header(_) => 2,
            Location::Query(_) => 3,
            Location::UrlUserinfo => 4,
            Location::Cookie(_) => 5,
        };
        self.credentials.iter().min_by_key(|c| rank(c))
    }

    /// Credentials sent to the origin server (not to a proxy).
    pub(crate) fn origin_credentials(&self) -> impl Iterator<Item = &Credential> {
        self.credentials.iter().filter(|c| {
            !matches!(&c.location, Location::Header(h) if *h == http::header::PROXY_AUTHORIZATION)
        })
    }

    /// The provider, from the token prefix or the host.
    pub(crate) fn provider(&self) -> Option<&'static str> {
        self.primary()
            .and_then(Credential::provider)
            .or_else(|| self.url.host_str().and_then(providers::provider_for_host))
    }

    /// Codes and messages of the body and of the Bearer challenge, lowercased.
    pub(crate) fn text(&self) -> String {
        let mut t = self.evidence.body.text_lower();
        for name in ["error", "error_description"] {
            if let Some(v) = self.evidence.bearer_param(name) {
                t.push_str(&v.to_ascii_lowercase());
                t.push('\n');
            }
        }
        t
    }

    /// Messages only (no codes), lowercased.
    pub(crate) fn messages(&self) -> String {
        let mut t = self.evidence.body.messages.join("\n").to_ascii_lowercase();
        if let Some(v) = self.evidence.bearer_param("error_description") {
            t.push('\n');
            t.push_str(&v.to_ascii_lowercase());
        }
        t
    }
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
}

type Rule = fn(&Context<'_>) -> Option<Diagnosis>;

/// The rules, most specific first.
const RULES: &[Rule] = &[
    proxy,
    redirect,
    findings,
    quota_before_rate_limit,
    rate_limit,
    providers::diagnose,
    no_credential,
    bearer_insufficient_scope,
    text_rules,
    wrong_scheme,
    bearer_invalid_token,
    status_only,
];

/// Runs the rules and assembles the explanation.
pub(crate) fn explain(ctx: &Context<'_>) -> Explanation {
    let diagnosis = RULES
        .iter()
        .find_map(|rule| rule(ctx))
        .unwrap_or_else(|| status_only(ctx).unwrap_or(Diagnosis::new(Cause::UnknownForbidden)));
    assemble(ctx, diagnosis)
}

fn assemble(ctx: &Context<'_>, d: Diagnosis) -> Explanation {
    // Every string stored below goes through the scrubber: server text may echo a secret.
    let scrubber = redact::Scrubber::for_credentials(ctx.credentials, ctx.sensitive_params)
        .with_url(ctx.url)
        .with_url(ctx.final_url);
    let scrub = |s: &str| scrubber.scrub(s);
    let ev = ctx.evidence;
    let mut evidence: Vec<String> = d
        .evidence
        .iter()
        .map(|e| redact::evidence_line(e, &scrubber))
        .collect();
    for c in &ev.challenges {
        let line = redact::evidence_line(&challenge_line(c), &scrubber);
        if !evidence.contains(&line) {
            evidence.push(line);
        }
    }
    evidence.extend(ev.challenge_notes.iter().map(|n| scrub(n)));
    if let Some(n) = &ev.body.note {
        evidence.push(scrub(n));
    }
    if let Some((from, to)) = &ev.redirected_from {
        let line = scrub(&format!("redirected from {from} to {to}"));
        if !evidence.contains(&line) {
            evidence.push(line);
        }
    }
    let mut remedies = d.remedies.clone();
    remedies.extend(d.cause.remedies().iter().map(|s| (*s).to_owned()));
    remedies.dedup();
    let headers = &ev.headers;
    let required = if d.required_scopes.is_empty() {
        ev.bearer_param("scope")
            .filter(|_| d.cause == Cause::InsufficientScope || d.cause == Cause::MissingCredentials)
            .map(|s| s.split_whitespace().map(str::to_owned).collect())
            .unwrap_or_default()
    } else {
        d.required_scopes.clone()
    };
    let required = required.iter().map(|s| scrub(s)).collect();
    Explanation {
        outcome: Outcome::Explained,
        status: Some(ctx.status().as_u16()),
        cause: Some(d.cause),
        summary: scrub(d.summary.as_deref().unwrap_or(d.cause.summary())),
        evidence,
        remedies: remedies.iter().map(|r| scrub(r)).collect(),
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
        required_scopes: required,
        granted_scopes: d.granted_scopes.iter().map(|s| scrub(s)).collect(),
        retry_after_s: headers.retry_after_s.or(if d.cause == Cause::RateLimited {
            headers.rate_limit_reset_s
        } else {
            None
        }),
        request_id: headers
            .request_id
            .as_ref()
            .map(|(_, v)| scrub(v))
            .or_else(|| {
                ["request_id", "requestId", "RequestId"]
                    .iter()
                    .find_map(|k| ev.body.field(k))
                    .map(scrub)
            }),
        server_message: ev.body.primary_message().map(scrub),
        provider: ctx.provider().map(str::to_owned),
    }
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

fn contains_any(text: &str, needles: &[&str]) -> Option<String> {
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

fn with_server_said(d: Diagnosis, ctx: &Context<'_>) -> Diagnosis {
    match server_said(ctx) {
        Some(s) => d.evidence(s),
        None => d,
    }
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
    if !applies {
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
        &text,
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
        &text,
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

/// Generic message rules: what servers say in words, when no provider profile matched.
fn text_rules(ctx: &Context<'_>) -> Option<Diagnosis> {
    let text = ctx.text();
    let messages = ctx.messages();
    let status = ctx.status().as_u16();
    let table: &[(Cause, &[&str])] = &[
        (
            Cause::ClockSkew,
            &[
                "requesttimetooskewed",
                "time too skewed",
                "clock skew",
                "clock_skew",
                "requestexpired",
                "request has expired",
                "timestamp is out of",
                "timestamp out of",
                "check your clock",
                "request time",
            ],
        ),
        (
            Cause::SignatureMismatch,
            &[
                "signaturedoesnotmatch",
                "signature does not match",
                "signature mismatch",
                "invalid signature",
                "invalid_signature",
                "incompletesignature",
            ],
        ),
        (
            Cause::WrongEnvironment,
            &[
                "wrong audience",
                "invalid audience",
                "audience",
                "test mode",
                "live mode",
                "livemode",
                "sandbox",
                "wrong region",
                "different region",
                "another region",
                "wrong tenant",
                "different tenant",
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
                "ip allowlist",
                "ip whitelist",
                "unsupported_country",
                "country, region, or territory",
                "country or region",
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
            ],
        ),
        (
            Cause::PlanRestricted,
            &[
                "billing",
                "quota",
                "upgrade",
                "subscription",
                "paid plan",
                "your plan",
                "not available on your plan",
                "payment",
            ],
        ),
        (
            Cause::EndpointNotEnabled,
            &[
                "has not been used in project",
                "service_disabled",
                "accessnotconfigured",
                "api not enabled",
                "is not enabled",
                "not been enabled",
                "is disabled",
                "it is disabled",
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
                "account is locked",
                "account locked",
                "account_inactive",
                "inactive account",
            ],
        ),
        (
            Cause::OrganizationPolicy,
            &[
                "sso",
                "saml",
                "organization policy",
                "organisation policy",
                "two-factor",
                "2fa",
                "mfa",
                "high assurance",
                "not valid for use with the rest api",
                "conditional access",
                "enforced by your organization",
            ],
        ),
        (
            Cause::InsufficientScope,
            &[
                "insufficient scope",
                "insufficient_scope",
                "insufficientpermissions",
                "insufficient permission",
                "scope requirement",
                "not accessible by",
                "missing scope",
                "missing_scope",
                "does not have permission",
                "do not have permission",
                "permission denied",
                "permission_denied",
                "not authorized to perform",
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
    for (cause, needles) in table {
        if let Some(hit) = contains_any(&text, needles) {
            // "sso" and similar short words must stand alone.
            if hit.len() <= 3 && !has_word(&text, &hit) {
                continue;
            }
            let d =
                Diagnosis::new(*cause).evidence(format!("the server's error mentions \"{hit}\""));
            return Some(with_server_said(d, ctx));
        }
    }
    let invalid_words = [
        "invalid",
        "bad credentials",
        "unrecognized",
        "incorrect",
        "not valid",
        "wrong password",
    ];
    let says_invalid = invalid_words.iter().any(|w| messages.contains(w));
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
    let missing = contains_any(
        &messages,
        &[
            "didn't provide",
            "did not provide",
            "no api key",
            "not provided",
            "missing api key",
            "missing token",
            "missing authorization",
            "no authorization",
            "no token",
            "missing credentials",
            "api key required",
            "token required",
        ],
    );
    if let Some(hit) = missing {
        return Some(with_server_said(
            Diagnosis::new(Cause::MissingCredentials)
                .summary("the server did not find a credential where it looks for one")
                .evidence(format!("the server's message says \"{hit}\""))
                .remedy("check the header name and scheme the API documents; a credential in the wrong header is not seen"),
            ctx,
        ));
    }
    if status == 401 || status == 403 {
        let invalid = contains_any(
            &text,
            &[
                "invalid",
                "bad credentials",
                "unrecognized",
                "incorrect",
                "not valid",
                "wrong password",
                "authentication failed",
                "authentication_error",
                "unauthenticated",
                "must be authenticated",
                "could not authenticate",
                "unable to authenticate",
                "unauthorized",
            ],
        );
        if let Some(hit) = invalid {
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

fn has_word(text: &str, word: &str) -> bool {
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
