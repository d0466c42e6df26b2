//! GitLab REST API (gitlab.com and self-managed instances).
//!
//! Sources:
//! - authentication, token types and `401 Unauthorized` / `403 Forbidden` bodies:
//!   <https://docs.gitlab.com/api/rest/authentication/>
//! - OAuth errors (`invalid_token` "Token is expired. You can either do re-authorization or
//!   token refresh.", "Token was revoked. You have to re-authorize from the user.",
//!   `insufficient_scope` with `scope`): <https://docs.gitlab.com/api/oauth2/>
//! - rate limits (`RateLimit-*` headers, 429 "Retry later"):
//!   <https://docs.gitlab.com/security/rate_limits/>

use super::{Profile, header, json_str, secret_starts_with};
use crate::diagnose::{Context, Diagnosis};
use crate::explanation::Cause;

pub(super) static PROFILE: Profile = Profile {
    name: "GitLab",
    hosts: &["gitlab.com"],
    shape: Some(shape),
    anonymous: false,
    diagnose,
};

/// Self-managed GitLab sends `X-Gitlab-Meta` on API responses.
fn shape(ctx: &Context<'_>) -> bool {
    header(ctx.headers, "x-gitlab-meta").is_some()
}

fn diagnose(ctx: &Context<'_>) -> Option<Diagnosis> {
    let status = ctx.status().as_u16();
    let text = ctx.text();
    let tokens_page = format!(
        "https://{}/-/user_settings/personal_access_tokens",
        ctx.host()
    );
    if text.contains("token is expired") && secret_starts_with(ctx, "glpat-") {
        return Some(
            Diagnosis::new(Cause::ExpiredCredentials)
                .summary("the GitLab personal access token passed its expiry date")
                .remedy(format!(
                    "rotate it or create a new one at {tokens_page} (tokens expire at the latest after a year)"
                ))
                .server_said(ctx),
        );
    }
    if text.contains("token is expired") {
        return Some(
            Diagnosis::new(Cause::ExpiredCredentials)
                .summary("the GitLab OAuth access token expired (they live two hours)")
                .remedy("refresh it: POST /oauth/token with grant_type=refresh_token, before it expires")
                .server_said(ctx),
        );
    }
    if text.contains("token was revoked") {
        return Some(
            Diagnosis::new(Cause::RevokedCredentials)
                .summary("the GitLab OAuth token was revoked: the user must authorize the application again")
                .server_said(ctx),
        );
    }
    if text.contains("insufficient_scope") {
        let required: Vec<String> = json_str(ctx, "/scope")
            .or(ctx.evidence.bearer_param("scope"))
            .map(|s| s.split_whitespace().take(16).map(str::to_owned).collect())
            .unwrap_or_default();
        let list = required.join(", ");
        let mut d = Diagnosis::new(Cause::InsufficientScope).required(required.clone());
        if !list.is_empty() {
            d = d
                .summary(format!("the GitLab token lacks the scope {list}"))
                .remedy(format!(
                    "create a token with the scope {list} at {tokens_page} (scopes cannot be added to an existing token)"
                ));
        }
        return Some(d.server_said(ctx));
    }
    if text.contains("account has been blocked") || text.contains("your account is blocked") {
        return Some(
            Diagnosis::new(Cause::AccountSuspended)
                .summary("the GitLab user that owns the token is blocked")
                .remedy("ask an instance administrator to unblock the user")
                .server_said(ctx),
        );
    }
    if status == 429 {
        let mut d = Diagnosis::new(Cause::RateLimited);
        if let Some(name) = header(ctx.headers, "ratelimit-name") {
            d = d.evidence(format!("GitLab rate limit: {name}"));
        }
        return Some(d.server_said(ctx));
    }
    if status == 401 {
        for (prefix, what, fix) in [
            (
                "glptt-",
                "a pipeline trigger token",
                "trigger tokens only work with POST /projects/:id/trigger/pipeline; use a personal, project or group access token for other calls",
            ),
            (
                "glrt-",
                "a runner authentication token",
                "runner tokens only authenticate runners; use a personal, project or group access token",
            ),
            (
                "glft-",
                "a feed token",
                "feed tokens only work for RSS/Atom and calendar feeds; use a personal access token",
            ),
            (
                "gldt-",
                "a deploy token",
                "deploy tokens only work for Git, the container registry and package registries, with Basic auth (username and token)",
            ),
        ] {
            if secret_starts_with(ctx, prefix) {
                return Some(
                    Diagnosis::new(Cause::InvalidCredentials)
                        .summary(format!(
                            "{what} was sent to the REST API, which does not accept it"
                        ))
                        .remedy(fix)
                        .server_said(ctx),
                );
            }
        }
        if text.contains("401 unauthorized") || text.contains("invalid_token") {
            return Some(
                Diagnosis::new(Cause::InvalidCredentials)
                    .summary("GitLab does not accept this token: it is mistyped, expired, revoked, or its user is blocked")
                    .remedy(format!(
                        "check the token's expiry and state at {tokens_page} (access tokens expire at the latest after a year)"
                    ))
                    .remedy("send it as `PRIVATE-TOKEN: <token>` or `Authorization: Bearer <token>`")
                    .server_said(ctx),
            );
        }
    }
    if status == 403 && text.contains("403 forbidden") {
        return Some(
            Diagnosis::new(Cause::UnknownForbidden)
                .summary("GitLab refuses with its generic 403: the token's user lacks the role this action needs in the project or group, or the feature is disabled there")
                .remedy("check the user's role (Developer, Maintainer, Owner) in the project's Manage → Members")
                .remedy("check that the token has the `api` scope (not only `read_api`) for write calls")
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
    fn oauth_errors() {
        let e = run(
            "https://gitlab.example.com/api/v4/issues",
            &[("authorization", "Bearer FAKESECRET0a1b2c3d4e5f")],
            401,
            &[("content-type", "application/json")],
            r#"{"error":"invalid_token","error_description":"Token was revoked. You have to re-authorize from the user."}"#,
        );
        assert_eq!(e.cause(), Some(Cause::RevokedCredentials));
        let e = run(
            "https://gitlab.com/api/v4/projects/1/issues",
            &[("private-token", "glpat-FAKESECRETr4t3L1m1tAb")],
            403,
            &[(
                "www-authenticate",
                r#"Bearer realm="Protected by OAuth 2.0", error="insufficient_scope", error_description="The request requires higher privileges than provided by the access token.", scope="api""#,
            )],
            r#"{"error":"insufficient_scope","error_description":"The request requires higher privileges than provided by the access token.","scope":"api"}"#,
        );
        assert_eq!(e.cause(), Some(Cause::InsufficientScope));
        assert_eq!(e.required_scopes(), ["api"]);
        assert!(
            e.to_string()
                .contains("gitlab.com/-/user_settings/personal_access_tokens")
        );
    }

    #[test]
    fn token_types_and_generic_401() {
        let e = run(
            "https://gitlab.com/api/v4/projects",
            &[("private-token", "glptt-FAKESECRET0123456789")],
            401,
            &[],
            r#"{"message":"401 Unauthorized"}"#,
        );
        assert!(e.summary().contains("pipeline trigger token"), "{e}");
        let e = run(
            "https://gitlab.com/api/v4/projects",
            &[("private-token", "glpat-FAKESECRET0123456789")],
            401,
            &[],
            r#"{"message":"401 Unauthorized"}"#,
        );
        assert_eq!(e.cause(), Some(Cause::InvalidCredentials));
    }
}
