//! Provider profiles: who issued a token (by prefix), whom a request talks to (by host or by
//! an unmistakable response shape), and what the provider's own error codes, messages and
//! headers mean.
//!
//! Each provider family has its own file with a [`Profile`]: detection (hosts, token prefixes
//! via [`TOKEN_PREFIXES`](crate::credential::prefix::TOKEN_PREFIXES), a body shape), rules
//! that map its status, error codes, messages and headers to a [`Cause`](crate::Cause), the
//! facts it can extract (scopes, request id, retry time), and remedies that name the provider's
//! own fix. [`diagnose`] runs the matching profiles; a profile that returns `None` falls
//! through to the generic rules.

mod anthropic;
mod atlassian;
mod auth0;
mod aws;
mod azure;
mod cloudflare;
mod datadog;
mod digitalocean;
mod discord;
mod docker;
pub(crate) mod github;
mod gitlab;
mod google;
mod heroku;
mod hubspot;
mod kubernetes;
mod mailgun;
mod notion;
mod okta;
mod openai;
mod salesforce;
mod sendgrid;
mod sentry;
mod shopify;
mod slack;
mod stripe;
mod twilio;
mod x;

#[cfg(test)]
pub(crate) mod testkit;

use http::HeaderMap;
use serde_json::Value;

use crate::diagnose::{Context, Diagnosis};
use crate::explanation::Cause;

/// The provider a host belongs to, judged by its name.
#[cfg(test)]
pub(crate) fn provider_for_host(host: &str) -> Option<&'static str> {
    profile_for_host(host).map(|p| p.name)
}

/// One provider family: how to recognise it and what its errors mean.
pub(crate) struct Profile {
    /// The provider's name, as token prefixes name it (`GitHub`).
    pub(crate) name: &'static str,
    /// Host suffixes of its APIs (`github.com` also matches `api.github.com`).
    pub(crate) hosts: &'static [&'static str],
    /// An unmistakable response shape, for self-hosted or unknown hosts (a Kubernetes
    /// `Status` object, Docker registry `errors[].code`).
    pub(crate) shape: Option<fn(&Context<'_>) -> bool>,
    /// Whether its rules also run when no credential reached the server.
    pub(crate) anonymous: bool,
    /// The rules: `None` falls through to the next profile and then to the generic rules.
    pub(crate) diagnose: fn(&Context<'_>) -> Option<Diagnosis>,
}

/// Every profile. Order matters only among profiles matching the same request.
static PROFILES: &[&Profile] = &[
    &github::PROFILE,
    &gitlab::PROFILE,
    &stripe::PROFILE,
    &openai::PROFILE,
    &anthropic::PROFILE,
    &google::PROFILE,
    &aws::PROFILE,
    &azure::PROFILE,
    &slack::PROFILE,
    &twilio::PROFILE,
    &shopify::PROFILE,
    &cloudflare::PROFILE,
    &atlassian::PROFILE,
    &salesforce::PROFILE,
    &docker::PROFILE,
    &kubernetes::PROFILE,
    &okta::PROFILE,
    &auth0::PROFILE,
    &discord::PROFILE,
    &sendgrid::PROFILE,
    &hubspot::PROFILE,
    &notion::PROFILE,
    &digitalocean::PROFILE,
    &datadog::PROFILE,
    &sentry::PROFILE,
    &heroku::PROFILE,
    &mailgun::PROFILE,
    &x::PROFILE,
];

fn profile_for_host(host: &str) -> Option<&'static Profile> {
    let h = host.trim_end_matches('.');
    // The context's host is lowercase already.
    let h = if h.bytes().any(|b| b.is_ascii_uppercase()) {
        std::borrow::Cow::Owned(h.to_ascii_lowercase())
    } else {
        std::borrow::Cow::Borrowed(h)
    };
    let h = h.as_bytes();
    // The longest matching suffix wins (`graph.microsoft.com` over `microsoft.com`); among equal
    // lengths the last, as `max_by_key` picks.
    let mut best: Option<(usize, &'static Profile)> = None;
    for p in PROFILES {
        for suffix in p.hosts {
            let s = suffix.as_bytes();
            // The last byte first: most suffixes are rejected by it.
            let matches = h.last() == s.last()
                && (h == s
                    || (h.len() > s.len() && h.ends_with(s) && h[h.len() - s.len() - 1] == b'.'));
            if matches && best.is_none_or(|(len, _)| s.len() >= len) {
                best = Some((s.len(), *p));
            }
        }
    }
    best.map(|(_, p)| p)
}

fn profile_named(name: &str) -> Option<&'static Profile> {
    PROFILES.iter().copied().find(|p| p.name == name)
}

/// The profiles that apply to a request: by host (else by the primary token's prefix), then by
/// response shape; each once. Computed once per context.
pub(crate) fn candidates<'c>(ctx: &'c Context<'_>) -> &'c [&'static Profile] {
    ctx.cache.candidates.get_or_init(|| find_candidates(ctx))
}

fn find_candidates(ctx: &Context<'_>) -> Vec<&'static Profile> {
    if !ctx.profiles {
        return Vec::new();
    }
    let mut out: Vec<&'static Profile> = Vec::with_capacity(3);
    let mut add = |p: &'static Profile| {
        if !out.iter().any(|q| std::ptr::eq(*q, p)) {
            out.push(p);
        }
    };
    // A token's prefix names its issuer, but on a known host the host's profile speaks: the
    // issuer's rules would read another provider's errors.
    match profile_for_host(ctx.host_lower()) {
        Some(p) => add(p),
        None => {
            if let Some(p) = ctx
                .primary()
                .and_then(crate::credential::Credential::provider)
                .and_then(profile_named)
            {
                add(p);
            }
        }
    }
    for p in PROFILES {
        if p.shape.is_some_and(|f| f(ctx)) {
            add(p);
        }
    }
    out
}

/// The provider a request talks to: by host, by token prefix, or by response shape.
pub(crate) fn detect(ctx: &Context<'_>) -> Option<&'static str> {
    candidates(ctx).first().map(|p| p.name)
}

/// Provider-specific rules: the provider's own error codes, messages and headers.
pub(crate) fn diagnose(ctx: &Context<'_>) -> Option<Diagnosis> {
    if !ctx.profiles {
        return None;
    }
    let anonymous = !ctx.has_credentials();
    for p in candidates(ctx).iter().copied() {
        if anonymous && !p.anonymous {
            continue;
        }
        if let Some(mut d) = (p.diagnose)(ctx) {
            d.provider.get_or_insert(p.name);
            return Some(d);
        }
    }
    foreign_token(ctx)
}

/// A 401 for a token whose prefix names another provider than the host's: the key is for a
/// different API.
fn foreign_token(ctx: &Context<'_>) -> Option<Diagnosis> {
    if ctx.status().as_u16() != 401 {
        return None;
    }
    let host_provider = profile_for_host(ctx.host_lower())?.name;
    // Gateways forward other providers' keys on purpose (Cloudflare AI Gateway).
    if host_provider == "Cloudflare" {
        return None;
    }
    let c = ctx.primary()?;
    let crate::credential::CredentialKind::Known(prefix) = c.kind else {
        return None;
    };
    if prefix.provider == host_provider {
        return None;
    }
    Some(
        Diagnosis::new(Cause::InvalidCredentials)
            .summary(format!(
                "a {} (prefix {}) was sent to {}, a {host_provider} API: the key belongs to another service",
                prefix.description,
                prefix.prefix,
                ctx.host()
            ))
            .evidence(format!(
                "the credential's prefix {} is issued by {}, the host belongs to {host_provider}",
                prefix.prefix, prefix.provider
            ))
            .remedy(format!(
                "send a {host_provider} credential; check which environment variable feeds this client"
            ))
            .server_said(ctx),
    )
}

// ---- helpers shared by profiles ---------------------------------------------------------------

/// A response header as text, trimmed.
pub(crate) fn header<'h>(h: &'h HeaderMap, name: &str) -> Option<&'h str> {
    first_value(h, name)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty())
}

/// `h.get(name)`. A lookup by `&str` parses and hashes the name; in a small map, comparing
/// with each name is cheaper (names are lowercase; the first value of a name comes first).
pub(crate) fn first_value<'h>(h: &'h HeaderMap, name: &str) -> Option<&'h http::HeaderValue> {
    if h.keys_len() > 16 {
        return h.get(name);
    }
    h.iter()
        .find(|(k, _)| k.as_str().eq_ignore_ascii_case(name))
        .map(|(_, v)| v)
}

/// A string at a JSON pointer of the body (`/error/code`).
pub(crate) fn json_str<'a>(ctx: &'a Context<'_>, pointer: &str) -> Option<&'a str> {
    ctx.evidence.body.json.as_ref()?.pointer(pointer)?.as_str()
}

/// A value at a JSON pointer of the body.
pub(crate) fn json_at<'a>(ctx: &'a Context<'_>, pointer: &str) -> Option<&'a Value> {
    ctx.evidence.body.json.as_ref()?.pointer(pointer)
}

/// One line of a provider's knowledge: a code or phrase, the cause it means, a summary (empty
/// for the cause's own) and a remedy naming the provider's fix (empty for none).
pub(crate) type Hint = (&'static str, Cause, &'static str, &'static str);

/// The first hint whose code is among the body's codes (case-insensitive, exact).
pub(crate) fn by_code(ctx: &Context<'_>, provider: &str, hints: &[Hint]) -> Option<Diagnosis> {
    let (code, cause, summary, remedy) = hints
        .iter()
        .find(|(code, ..)| ctx.evidence.body.has_code(code))?;
    Some(hinted(
        ctx,
        *cause,
        summary,
        remedy,
        format!("{provider} error code: {code}"),
    ))
}

/// The first hint whose phrase (lowercase) occurs in the body's codes and messages or the
/// Bearer challenge's error description.
pub(crate) fn by_phrase(ctx: &Context<'_>, hints: &[Hint]) -> Option<Diagnosis> {
    let text = ctx.text();
    let (phrase, cause, summary, remedy) =
        hints.iter().find(|(phrase, ..)| text.contains(phrase))?;
    Some(hinted(
        ctx,
        *cause,
        summary,
        remedy,
        format!("the server's error says \"{phrase}\""),
    ))
}

/// A diagnosis from a hint, with the scopes its messages name when it is about scope.
pub(crate) fn hinted(
    ctx: &Context<'_>,
    cause: Cause,
    summary: &'static str,
    remedy: &'static str,
    evidence: String,
) -> Diagnosis {
    let mut d = Diagnosis::new(cause).evidence(evidence);
    if !summary.is_empty() {
        d = d.summary(summary);
    }
    if !remedy.is_empty() {
        d = d.remedy(remedy);
    }
    if cause == Cause::InsufficientScope {
        d = crate::diagnose::scope_summary(d, ctx);
    }
    d.server_said(ctx)
}

/// The user-id of `Authorization: Basic` credentials, for checks on its shape. `None` when the
/// request has none or it does not decode; never logged.
pub(crate) fn basic_user(ctx: &Context<'_>) -> Option<String> {
    use base64::Engine;
    let c = ctx.credential_in("authorization")?;
    if !c.scheme.as_deref()?.eq_ignore_ascii_case("basic") {
        return None;
    }
    let raw = base64::engine::general_purpose::STANDARD
        .decode(c.secret.expose_secret())
        .ok()?;
    let i = raw.iter().position(|b| *b == b':')?;
    String::from_utf8(raw[..i].to_vec()).ok()
}

/// Whether the primary credential's secret starts with `prefix`.
pub(crate) fn secret_starts_with(ctx: &Context<'_>, prefix: &str) -> bool {
    ctx.primary()
        .is_some_and(|c| c.secret.expose_secret().starts_with(prefix.as_bytes()))
}

/// The scheme of the `Authorization` credential, if any.
pub(crate) fn auth_scheme<'a>(ctx: &'a Context<'_>) -> Option<&'a str> {
    ctx.credential_in("authorization")?.scheme.as_deref()
}

/// Seconds until an epoch-seconds reset time.
///
/// The reset time is on the server's clock, so it is measured from the response's `Date` when
/// there is one (a skewed local clock would otherwise shift the wait).
pub(crate) fn until_epoch(ctx: &Context<'_>, reset: &str) -> Option<u64> {
    let at: i64 = reset.trim().parse().ok()?;
    let now = ctx.evidence.headers.date.map_or(
        crate::observe::clock::epoch(ctx.now),
        crate::observe::clock::epoch,
    );
    Some(u64::try_from(at.saturating_sub(now)).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credential::prefix::TOKEN_PREFIXES;

    #[test]
    fn hosts() {
        assert_eq!(provider_for_host("api.github.com"), Some("GitHub"));
        assert_eq!(provider_for_host("notgithub.com"), None);
        assert_eq!(provider_for_host("my-bucket.s3.amazonaws.com"), Some("AWS"));
        assert_eq!(provider_for_host("graph.microsoft.com."), Some("Azure"));
        assert_eq!(provider_for_host("API.Stripe.com"), Some("Stripe"));
        assert_eq!(
            provider_for_host("example-tenant.us.auth0.com"),
            Some("Auth0")
        );
        assert_eq!(provider_for_host("x.com"), Some("X"));
        assert_eq!(provider_for_host("box.com"), None);
    }

    #[test]
    fn every_profile_is_named_and_reachable() {
        for p in PROFILES {
            assert!(!p.name.is_empty());
            for h in p.hosts {
                assert_eq!(
                    provider_for_host(h),
                    Some(p.name),
                    "host {h} of {} is shadowed",
                    p.name
                );
            }
        }
        for t in TOKEN_PREFIXES {
            if ["Hugging Face", "npm", "PyPI", "Linear"].contains(&t.provider) {
                continue;
            }
            assert!(profile_named(t.provider).is_some(), "{}", t.provider);
        }
    }

    #[test]
    fn first_value_is_get() {
        let mut h = HeaderMap::new();
        h.append("x-a", http::HeaderValue::from_static("1"));
        h.append("x-b", http::HeaderValue::from_static("2"));
        h.append("x-a", http::HeaderValue::from_static("3"));
        for name in ["x-a", "X-A", "x-b", "x-c", "bad name", ""] {
            assert_eq!(first_value(&h, name), h.get(name), "{name}");
        }
        for i in 0..20 {
            h.append(
                http::HeaderName::from_bytes(format!("x-{i}").as_bytes()).unwrap(),
                http::HeaderValue::from_static("v"),
            );
        }
        for name in ["x-a", "X-B", "x-19", "x-99"] {
            assert_eq!(first_value(&h, name), h.get(name), "{name}");
        }
    }

    #[test]
    fn foreign_token_is_named() {
        let e = testkit::run(
            "https://api.stripe.com/v1/charges",
            &[(
                "authorization",
                "Bearer ghp_FAKESECRET0123456789abcdefABCDEF0123",
            )],
            401,
            &[],
            "",
        );
        assert_eq!(e.cause(), Some(Cause::InvalidCredentials));
        assert!(e.summary().contains("GitHub personal access token"), "{e}");
    }
}
