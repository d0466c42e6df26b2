//! Anthropic API.
//!
//! Sources:
//! - error types (401 authentication_error, 403 permission_error, 429 rate_limit_error) and the
//!   `request_id` in the body: <https://docs.anthropic.com/en/api/errors>
//! - rate-limit headers (`anthropic-ratelimit-requests-remaining`, `…-reset` in RFC 3339):
//!   <https://docs.anthropic.com/en/api/rate-limits#response-headers>
//! - keys go in `x-api-key`: <https://docs.anthropic.com/en/api/overview#authentication>
//! - "OAuth token does not meet scope requirement user:profile":
//!   <https://github.com/anthropics/claude-code/issues/12020>

use super::{Hint, Profile, by_phrase, header};
use crate::diagnose::{Context, Diagnosis};
use crate::explanation::Cause;
use crate::observe::clock;

pub(super) static PROFILE: Profile = Profile {
    name: "Anthropic",
    hosts: &["anthropic.com"],
    shape: None,
    anonymous: false,
    diagnose,
};

const PHRASES: &[Hint] = &[
    (
        "credit balance is too low",
        Cause::PlanRestricted,
        "the Anthropic organization's credit balance is too low; waiting will not help",
        "buy credits or change the plan at https://console.anthropic.com/settings/billing",
    ),
    (
        "oauth authentication is currently not supported",
        Cause::WrongScheme,
        "an OAuth token was sent to an endpoint that only takes API keys",
        "send an API key (sk-ant-api…) in the x-api-key header",
    ),
    (
        "scope requirement",
        Cause::InsufficientScope,
        "",
        "sign in again and grant the scope the message names, or use an API key",
    ),
    (
        "organization has been disabled",
        Cause::AccountSuspended,
        "the Anthropic organization that owns this key is disabled",
        "check the organization's status and email in https://console.anthropic.com",
    ),
    (
        "invalid x-api-key",
        Cause::InvalidCredentials,
        "Anthropic does not recognise this API key: mistyped, disabled or deleted",
        "check or create the key at https://console.anthropic.com/settings/keys",
    ),
];

fn diagnose(ctx: &Context<'_>) -> Option<Diagnosis> {
    let text = ctx.text();
    if text.contains("x-api-key header is required") {
        let in_auth = ctx.credential_in("authorization").is_some();
        let mut d = Diagnosis::new(Cause::MissingCredentials);
        if in_auth {
            d = d.summary("the key was sent in Authorization, but Anthropic reads API keys from the x-api-key header");
        }
        return Some(
            d.remedy("send `x-api-key: <key>` together with `anthropic-version`")
                .server_said(ctx),
        );
    }
    if let Some(d) = by_phrase(ctx, PHRASES) {
        return Some(d);
    }
    if ctx.evidence.body.has_code("rate_limit_error") || ctx.status().as_u16() == 429 {
        let mut d = Diagnosis::new(Cause::RateLimited);
        let now = clock::epoch(ctx.now);
        let mut wait: Option<u64> = None;
        for kind in ["requests", "tokens", "input-tokens", "output-tokens"] {
            if header(
                ctx.headers,
                &format!("anthropic-ratelimit-{kind}-remaining"),
            ) == Some("0")
            {
                let reset = header(ctx.headers, &format!("anthropic-ratelimit-{kind}-reset"));
                d = d.evidence(format!(
                    "anthropic-ratelimit-{kind}-remaining: 0 (resets {})",
                    reset.unwrap_or("?")
                ));
                let secs = reset
                    .and_then(clock::parse_iso8601)
                    .and_then(|t| u64::try_from(t - now).ok());
                wait = wait.max(secs);
            }
        }
        return Some(
            d.retry_after(wait)
                .remedy("honour retry-after; see the organization's limits at https://console.anthropic.com/settings/limits")
                .server_said(ctx),
        );
    }
    if ctx.evidence.body.has_code("permission_error") {
        return Some(
            Diagnosis::new(Cause::InsufficientScope)
                .summary("the key is valid but may not use this resource or model")
                .server_said(ctx),
        );
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnose::providers::testkit::run;

    #[test]
    fn key_in_the_wrong_header() {
        let e = run(
            "https://api.anthropic.com/v1/messages",
            &[("authorization", "Bearer sk-ant-api03-FAKESECRET")],
            401,
            &[],
            r#"{"type":"error","error":{"type":"authentication_error","message":"x-api-key header is required"}}"#,
        );
        assert_eq!(e.cause(), Some(Cause::MissingCredentials));
        assert!(e.summary().contains("x-api-key"));
    }

    #[test]
    fn invalid_key_and_scope() {
        let e = run(
            "https://api.anthropic.com/v1/messages",
            &[("x-api-key", "sk-ant-api03-FAKESECRET")],
            401,
            &[("request-id", "req_1")],
            r#"{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"},"request_id":"req_1"}"#,
        );
        assert_eq!(e.cause(), Some(Cause::InvalidCredentials));
        assert_eq!(e.request_id(), Some("req_1"));
        let e = run(
            "https://api.anthropic.com/api/oauth/usage",
            &[("authorization", "Bearer sk-ant-oat01-FAKESECRET")],
            403,
            &[],
            r#"{"type":"error","error":{"type":"permission_error","message":"OAuth token does not meet scope requirement user:profile"}}"#,
        );
        assert_eq!(e.cause(), Some(Cause::InsufficientScope));
        assert_eq!(e.required_scopes(), ["user:profile"]);
    }

    #[test]
    fn rate_limit_reset_from_headers() {
        use crate::diagnose::providers::testkit::{Case, explain};
        use std::time::{Duration, UNIX_EPOCH};
        let e = explain(Case {
            url: "https://api.anthropic.com/v1/messages",
            request: &[("x-api-key", "sk-ant-api03-FAKESECRET")],
            status: 429,
            response: &[
                ("anthropic-ratelimit-tokens-remaining", "0"),
                ("anthropic-ratelimit-tokens-reset", "2023-11-14T22:14:20Z"),
            ],
            body: r#"{"type":"error","error":{"type":"rate_limit_error","message":"Number of request tokens has exceeded your per-minute rate limit"}}"#,
            now: UNIX_EPOCH + Duration::from_secs(1_700_000_000),
            ..Case::default()
        });
        assert_eq!(e.cause(), Some(Cause::RateLimited));
        assert_eq!(e.retry_after_s(), Some(60));
    }
}
