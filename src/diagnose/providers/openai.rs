//! OpenAI API.
//!
//! Sources:
//! - error codes (401 invalid_api_key, 401 "You must be a member of an organization", 403
//!   unsupported_country_region_territory, 429 rate_limit_exceeded vs insufficient_quota):
//!   <https://platform.openai.com/docs/guides/error-codes>
//! - rate-limit headers (`x-ratelimit-remaining-requests`, `x-ratelimit-reset-requests: 1s`):
//!   <https://platform.openai.com/docs/guides/rate-limits#rate-limits-in-headers>
//! - `mismatched_organization` ("OpenAI-Organization header should match organization for
//!   API key"): <https://github.com/openai/codex/issues/1000>
//! - restricted keys ("Missing scopes: model.request"):
//!   <https://github.com/microsoft/PowerToys/issues/32989>

use super::{Hint, Profile, by_code, by_phrase, header};
use crate::diagnose::{Context, Diagnosis};
use crate::explanation::Cause;

pub(super) static PROFILE: Profile = Profile {
    name: "OpenAI",
    hosts: &["openai.com"],
    shape: None,
    anonymous: false,
    diagnose,
};

const CODES: &[Hint] = &[
    (
        "insufficient_quota",
        Cause::PlanRestricted,
        "the OpenAI organization or project has no quota left (prepaid credit used up, or a budget limit reached); waiting will not help",
        "add credit or raise the budget at https://platform.openai.com/settings/organization/billing, and check the project's limits",
    ),
    (
        "mismatched_organization",
        Cause::WrongEnvironment,
        "the OpenAI-Organization header names an organization this key does not belong to",
        "remove the OpenAI-Organization header (OPENAI_ORG_ID) or set it to the key's organization",
    ),
    (
        "mismatched_project",
        Cause::WrongEnvironment,
        "the OpenAI-Project header names a project this key does not belong to",
        "remove the OpenAI-Project header (OPENAI_PROJECT_ID) or use a key of that project",
    ),
    (
        "unsupported_country_region_territory",
        Cause::IpRestricted,
        "OpenAI locates the caller's IP address in a country, region or territory it does not serve; the key is not the problem",
        "call the API from a supported location (https://platform.openai.com/docs/supported-countries)",
    ),
    (
        "invalid_api_key",
        Cause::InvalidCredentials,
        "OpenAI does not recognise this API key: mistyped, deleted, or from another organization",
        "create or copy a key at https://platform.openai.com/api-keys",
    ),
    (
        "invalid_organization",
        Cause::WrongEnvironment,
        "the OpenAI-Organization header names an organization that does not exist or this key cannot use",
        "remove the OpenAI-Organization header or fix its id",
    ),
    (
        "account_deactivated",
        Cause::AccountSuspended,
        "the OpenAI account that owns this key is deactivated",
        "contact OpenAI support",
    ),
];

const PHRASES: &[Hint] = &[
    (
        "should match organization for api key",
        Cause::WrongEnvironment,
        "the OpenAI-Organization header names an organization this key does not belong to",
        "remove the OpenAI-Organization header (OPENAI_ORG_ID) or set it to the key's organization",
    ),
    (
        "no such organization",
        Cause::WrongEnvironment,
        "the OpenAI-Organization header names an organization this key cannot use",
        "remove the OpenAI-Organization header or fix its id",
    ),
    (
        "missing scopes",
        Cause::InsufficientScope,
        "",
        "give the restricted key the permission at https://platform.openai.com/api-keys (e.g. Model capabilities: Write), or check your role in the organization and project",
    ),
    (
        "must be a member of an organization",
        Cause::OrganizationPolicy,
        "the account behind this key belongs to no organization that may use the API",
        "join or create an organization at https://platform.openai.com and create the key there",
    ),
];

fn diagnose(ctx: &Context<'_>) -> Option<Diagnosis> {
    if let Some(d) = by_code(ctx, "OpenAI", CODES).or_else(|| by_phrase(ctx, PHRASES)) {
        // a country block is not lifted by an IP allow-list
        if ctx
            .evidence
            .body
            .has_code("unsupported_country_region_territory")
        {
            return Some(d.only_specific_remedies());
        }
        return Some(d);
    }
    let text = ctx.text();
    if ctx.status().as_u16() == 429
        && (text.contains("rate_limit_exceeded") || text.contains("rate limit reached"))
    {
        let mut d = Diagnosis::new(Cause::RateLimited).summary(
            "OpenAI's per-minute rate limit (requests or tokens) for this organization and model is reached",
        );
        let mut wait = None;
        for kind in ["requests", "tokens"] {
            let remaining = header(ctx.headers, &format!("x-ratelimit-remaining-{kind}"));
            let reset = header(ctx.headers, &format!("x-ratelimit-reset-{kind}"));
            if remaining == Some("0") {
                d = d.evidence(format!(
                    "x-ratelimit-remaining-{kind}: 0, resets in {}",
                    reset.unwrap_or("?")
                ));
                wait = wait.max(reset.and_then(duration_s));
            }
        }
        return Some(
            d.retry_after(wait)
                .remedy("retry with exponential backoff; lower max_tokens or batch requests")
                .remedy("see the limits per model and usage tier at https://platform.openai.com/settings/organization/limits")
                .server_said(ctx),
        );
    }
    None
}

/// OpenAI's reset durations: `1s`, `6m0s`, `20ms`, `1h2m3.5s`, rounded up to whole seconds.
pub(crate) fn duration_s(v: &str) -> Option<u64> {
    crate::observe::clock::duration_s(v).map(|s| s.ceil() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnose::providers::testkit::run;

    #[test]
    fn durations() {
        assert_eq!(duration_s("1s"), Some(1));
        assert_eq!(duration_s("6m0s"), Some(360));
        assert_eq!(duration_s("20ms"), Some(1));
        assert_eq!(duration_s("1h2m3.5s"), Some(3724));
        assert_eq!(duration_s("soon"), None);
        assert_eq!(duration_s("5"), None);
    }

    #[test]
    fn quota_vs_rate_limit() {
        let key = [("authorization", "Bearer sk-proj-FAKESECRET0123456789")];
        let e = run(
            "https://api.openai.com/v1/chat/completions",
            &key,
            429,
            &[],
            r#"{"error":{"message":"You exceeded your current quota, please check your plan and billing details.","type":"insufficient_quota","param":null,"code":"insufficient_quota"}}"#,
        );
        assert_eq!(e.cause(), Some(Cause::PlanRestricted));
        let e = run(
            "https://api.openai.com/v1/chat/completions",
            &key,
            429,
            &[
                ("x-ratelimit-remaining-requests", "0"),
                ("x-ratelimit-reset-requests", "6m0s"),
            ],
            r#"{"error":{"message":"Rate limit reached for gpt-4o in organization org-x on requests per min (RPM): Limit 500, Used 500, Requested 1.","type":"requests","param":null,"code":"rate_limit_exceeded"}}"#,
        );
        assert_eq!(e.cause(), Some(Cause::RateLimited));
        assert_eq!(e.retry_after_s(), Some(360));
    }

    #[test]
    fn organization_and_scopes() {
        let key = [("authorization", "Bearer sk-proj-FAKESECRET0123456789")];
        let e = run(
            "https://api.openai.com/v1/models",
            &key,
            401,
            &[],
            r#"{"error":{"message":"OpenAI-Organization header should match organization for API key","type":"invalid_request_error","param":null,"code":"mismatched_organization"}}"#,
        );
        assert_eq!(e.cause(), Some(Cause::WrongEnvironment));
        let e = run(
            "https://api.openai.com/v1/responses",
            &key,
            401,
            &[],
            r#"{"error":{"message":"You have insufficient permissions for this operation. Missing scopes: api.responses.write. Check that you have the correct role in your organization (Reader, Writer, Owner) and project (Member, Owner), and if you're using a restricted API key, that it has the necessary scopes.","type":"invalid_request_error","param":null,"code":null}}"#,
        );
        assert_eq!(e.cause(), Some(Cause::InsufficientScope));
        assert_eq!(e.required_scopes(), ["api.responses.write"]);
    }
}
