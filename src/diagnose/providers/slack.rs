//! Slack Web API and incoming webhooks.
//!
//! The Web API answers most errors with HTTP 200 and `{"ok": false, "error": "…"}`; those never
//! reach this middleware (only 401, 403, 407 and 429 are explained). Rate limits (429 with
//! `Retry-After`), webhooks and the SCIM and Audit Logs APIs use real statuses, and some
//! gateways turn `ok: false` into a 401 or 403; the codes below cover those.
//!
//! Sources:
//! - error codes (`not_authed`, `invalid_auth`, `token_revoked`, `token_expired`,
//!   `account_inactive`, `missing_scope` with `needed`/`provided`, `no_permission`,
//!   `ekm_access_denied`, `org_login_required`, `not_allowed_token_type`):
//!   <https://api.slack.com/methods/auth.test#errors>, <https://api.slack.com/web#errors>
//! - rate limits: <https://api.slack.com/apis/rate-limits>
//! - webhook errors (`invalid_token`, `action_prohibited`):
//!   <https://api.slack.com/messaging/webhooks#handling_errors>

use super::{Hint, Profile, by_code};
use crate::diagnose::{Context, Diagnosis};
use crate::explanation::Cause;

pub(super) static PROFILE: Profile = Profile {
    name: "Slack",
    hosts: &["slack.com"],
    shape: None,
    // incoming webhooks carry their secret in the path, not in a credential header
    anonymous: true,
    diagnose,
};

const CODES: &[Hint] = &[
    (
        "not_authed",
        Cause::MissingCredentials,
        "Slack found no token in the request",
        "send `Authorization: Bearer xoxb-…` (or the token form field for POSTs)",
    ),
    (
        "invalid_auth",
        Cause::InvalidCredentials,
        "Slack does not accept this token: mistyped, for another workspace, or the request came from an IP the workspace does not allow",
        "reinstall the app or copy the token from the app's OAuth & Permissions page",
    ),
    (
        "token_revoked",
        Cause::RevokedCredentials,
        "the token was revoked (the app was uninstalled or the token rotated)",
        "reinstall the app to get a new token",
    ),
    (
        "token_expired",
        Cause::ExpiredCredentials,
        "the token expired (token rotation is on for this app)",
        "refresh it with oauth.v2.access and the refresh token (xoxe-…)",
    ),
    (
        "account_inactive",
        Cause::RevokedCredentials,
        "the token belongs to a deleted user or an uninstalled app",
        "reinstall the app, or use a token of an active user",
    ),
    (
        "missing_scope",
        Cause::InsufficientScope,
        "",
        "add the scope under OAuth & Permissions → Scopes and reinstall the app",
    ),
    (
        "no_permission",
        Cause::InsufficientScope,
        "the workspace token lacks permission for this method",
        "check the app's scopes and the workspace's admin settings",
    ),
    (
        "access_denied",
        Cause::InsufficientScope,
        "access to this resource was denied",
        "",
    ),
    (
        "not_allowed_token_type",
        Cause::InvalidCredentials,
        "this method does not accept this kind of token (bot, user or app-level)",
        "use the token type the method's documentation lists",
    ),
    (
        "ekm_access_denied",
        Cause::OrganizationPolicy,
        "Enterprise Key Management denied access",
        "ask the workspace administrators",
    ),
    (
        "org_login_required",
        Cause::OrganizationPolicy,
        "the workspace is being migrated to an Enterprise Grid organization; sign-in is needed",
        "",
    ),
    (
        "team_access_not_granted",
        Cause::InsufficientScope,
        "the token has not been granted access to this workspace of the organization",
        "install the app on the workspace",
    ),
    (
        "two_factor_setup_required",
        Cause::OrganizationPolicy,
        "the workspace requires two-factor authentication",
        "",
    ),
    (
        "action_prohibited",
        Cause::OrganizationPolicy,
        "an administrator restricted this webhook or action",
        "",
    ),
    (
        "invalid_token",
        Cause::RevokedCredentials,
        "the incoming webhook URL is no longer valid (the webhook was removed or the app uninstalled)",
        "create a new incoming webhook URL",
    ),
    (
        "ratelimited",
        Cause::RateLimited,
        "Slack's rate limit for this method tier is reached",
        "honour Retry-After",
    ),
];

fn diagnose(ctx: &Context<'_>) -> Option<Diagnosis> {
    let mut d = by_code(ctx, "Slack", CODES).or_else(|| webhook(ctx))?;
    if d.cause == Cause::InsufficientScope {
        let list = |k: &str| -> Vec<String> {
            ctx.evidence
                .body
                .field(k)
                .map(|v| {
                    v.split(',')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .take(32)
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default()
        };
        let needed = list("needed");
        let provided = list("provided");
        if !needed.is_empty() {
            d.summary =
                Some(format!("the Slack token lacks the scope {}", needed.join(", ")).into());
            d.required_scopes = needed;
        }
        if !provided.is_empty() {
            d.granted_scopes = provided;
        }
    }
    Some(d)
}

/// Incoming webhooks answer with the bare code as plain text (`invalid_token`).
fn webhook(ctx: &Context<'_>) -> Option<Diagnosis> {
    let body = ctx.evidence.body.primary_message()?.trim();
    let (code, cause, summary, remedy) = CODES.iter().find(|(c, ..)| *c == body)?;
    Some(super::hinted(
        ctx,
        *cause,
        summary,
        remedy,
        format!("Slack webhook answer: {code}"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnose::providers::testkit::run;

    #[test]
    fn missing_scope_reads_needed_and_provided() {
        let e = run(
            "https://slack.com/api/chat.postMessage",
            &[("authorization", "Bearer xoxb-FAKESECRET-0123")],
            403,
            &[],
            r#"{"ok":false,"error":"missing_scope","needed":"chat:write","provided":"channels:read,users:read"}"#,
        );
        assert_eq!(e.cause(), Some(Cause::InsufficientScope));
        assert_eq!(e.required_scopes(), ["chat:write"]);
        assert_eq!(e.granted_scopes(), ["channels:read", "users:read"]);
    }

    #[test]
    fn revoked_and_rate_limited() {
        let e = run(
            "https://slack.com/api/auth.test",
            &[("authorization", "Bearer xoxb-FAKESECRET-0123")],
            401,
            &[],
            r#"{"ok":false,"error":"token_revoked"}"#,
        );
        assert_eq!(e.cause(), Some(Cause::RevokedCredentials));
        let e = run(
            "https://slack.com/api/conversations.history",
            &[("authorization", "Bearer xoxb-FAKESECRET-0123")],
            429,
            &[("retry-after", "30")],
            r#"{"ok":false,"error":"ratelimited"}"#,
        );
        assert_eq!(e.cause(), Some(Cause::RateLimited));
        assert_eq!(e.retry_after_s(), Some(30));
        let e = run(
            "https://hooks.slack.com/services/T000/B000/XXXX",
            &[],
            403,
            &[("content-type", "text/plain")],
            "invalid_token",
        );
        assert_eq!(e.cause(), Some(Cause::RevokedCredentials));
    }
}
