//! The rules that read structure, standard codes and words.

use http::StatusCode;
use http::header::AUTHORIZATION;

use crate::credential::Location;
use crate::explanation::Cause;
use crate::preflight;

use super::{Context, Diagnosis, contains_any, has_word, scope_summary, with_server_said};

pub(super) fn proxy(ctx: &Context<'_>) -> Option<Diagnosis> {
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

pub(super) fn redirect(ctx: &Context<'_>) -> Option<Diagnosis> {
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

pub(super) fn findings(ctx: &Context<'_>) -> Option<Diagnosis> {
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

pub(super) fn quota_before_rate_limit(ctx: &Context<'_>) -> Option<Diagnosis> {
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

pub(super) fn rate_limit(ctx: &Context<'_>) -> Option<Diagnosis> {
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

pub(super) fn no_credential(ctx: &Context<'_>) -> Option<Diagnosis> {
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

pub(super) fn bearer_insufficient_scope(ctx: &Context<'_>) -> Option<Diagnosis> {
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
pub(super) const TEXT_NEEDLES: usize = {
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
pub(super) struct TextNeedles {
    found: [u64; TEXT_NEEDLES.div_ceil(64)],
    /// The automaton could not be built: search needle by needle.
    by_needle: bool,
}

impl TextNeedles {
    pub(super) fn find(text: &str) -> Self {
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
    pub(super) fn contains(&self, i: usize, text: &str, needle: &str) -> bool {
        if self.by_needle {
            return text.contains(needle);
        }
        self.found[i / 64] & (1 << (i % 64)) != 0
    }
}

/// Generic message rules: what servers say in words, when no provider profile matched.
/// What servers say in words, cause by cause, most specific first. Short needles (three
/// characters or fewer, like "sso") must stand alone as a word.
pub(super) const TEXT_TABLE: &[(Cause, &[&str])] = &[
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
pub(super) fn text_rules(ctx: &Context<'_>) -> Option<Diagnosis> {
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

pub(super) fn wrong_scheme(ctx: &Context<'_>) -> Option<Diagnosis> {
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

pub(super) fn bearer_invalid_token(ctx: &Context<'_>) -> Option<Diagnosis> {
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

pub(super) fn status_only(ctx: &Context<'_>) -> Option<Diagnosis> {
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
