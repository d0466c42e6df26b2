//! Auth0: Management API v2 (`/api/v2/`) and Authentication API.
//!
//! Sources:
//! - Management API errors ("Insufficient scope, expected any of: …", "Bad audience",
//!   "Expired token received for JSON Web Token validation"):
//!   <https://auth0.com/docs/api/management/v2> and <https://github.com/auth0/auth0-cli/pull/538>
//! - Management API tokens and their audience:
//!   <https://auth0.com/docs/secure/tokens/access-tokens/management-api-access-tokens>
//! - Authentication API errors (`access_denied`, `invalid_grant`, `too_many_attempts`,
//!   `unauthorized_client`, `mfa_required`):
//!   <https://auth0.com/docs/api/authentication#standard-error-responses>
//! - rate limits: <https://auth0.com/docs/troubleshoot/customer-support/operational-policies/rate-limit-policy>

use super::{Hint, Profile, by_code, by_phrase, header, until_epoch};
use crate::diagnose::{Context, Diagnosis};
use crate::explanation::Cause;

pub(super) static PROFILE: Profile = Profile {
    name: "Auth0",
    hosts: &["auth0.com"],
    shape: None,
    anonymous: false,
    diagnose,
};

const PHRASES: &[Hint] = &[
    (
        "insufficient scope",
        Cause::InsufficientScope,
        "",
        "authorize the scope for this client: Dashboard → Applications → APIs → Auth0 Management API → Machine to Machine Applications, then request a new token",
    ),
    (
        "expired token received",
        Cause::ExpiredCredentials,
        "the Management API token has expired (default lifetime 24 hours)",
        "request a new token with the client credentials grant before it expires",
    ),
    (
        "bad audience",
        Cause::WrongEnvironment,
        "the token was issued for another API (audience): Management API tokens need the audience https://<tenant>/api/v2/",
        "request the token with audience=https://<tenant-domain>/api/v2/",
    ),
    (
        "invalid signature",
        Cause::InvalidCredentials,
        "the token's signature does not verify: it was issued by another tenant or signed with another key",
        "request the token from this tenant's /oauth/token",
    ),
    (
        "client is not authorized to access",
        Cause::InsufficientScope,
        "the application has no client grant for this API",
        "authorize the application for the API (Dashboard → Applications → APIs → the API → Machine to Machine Applications)",
    ),
    (
        "service not enabled within domain",
        Cause::EndpointNotEnabled,
        "the API (audience) does not exist in this tenant",
        "check the audience against Applications → APIs",
    ),
    ("wrong email or password", Cause::InvalidCredentials, "", ""),
    (
        "account has been blocked",
        Cause::AccountSuspended,
        "the user is blocked after repeated failed logins",
        "unblock the user in the Dashboard or via the unblock link in the notification e-mail",
    ),
    (
        "global limit has been reached",
        Cause::RateLimited,
        "the tenant's Management API rate limit is reached",
        "wait for x-ratelimit-reset; cache Management API reads",
    ),
];

const CODES: &[Hint] = &[
    (
        "too_many_attempts",
        Cause::RateLimited,
        "the account is blocked after too many login attempts",
        "",
    ),
    ("too_many_requests", Cause::RateLimited, "", ""),
    (
        "mfa_required",
        Cause::OrganizationPolicy,
        "multi-factor authentication is required for this user",
        "",
    ),
    (
        "unauthorized_client",
        Cause::EndpointNotEnabled,
        "this grant type is not enabled for the application",
        "enable the grant type under the application's Advanced Settings → Grant Types",
    ),
    (
        "invalid_client",
        Cause::InvalidCredentials,
        "Auth0 does not accept the client id or secret",
        "",
    ),
    (
        "blocked_user",
        Cause::AccountSuspended,
        "the user is blocked",
        "",
    ),
];

fn diagnose(ctx: &Context<'_>) -> Option<Diagnosis> {
    let mut d = by_phrase(ctx, PHRASES).or_else(|| by_code(ctx, "Auth0", CODES))?;
    if d.cause == Cause::RateLimited {
        d = d.retry_after(
            header(ctx.headers, "x-ratelimit-reset").and_then(|r| until_epoch(ctx, r)),
        );
    }
    Some(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnose::providers::testkit::run;

    #[test]
    fn management_api_errors() {
        let e = run(
            "https://t.us.auth0.com/api/v2/grants",
            &[("authorization", "Bearer FAKESECRETopaque")],
            403,
            &[],
            r#"{"statusCode":403,"error":"Forbidden","message":"Insufficient scope, expected any of: read:grants","errorCode":"insufficient_scope"}"#,
        );
        assert_eq!(e.cause(), Some(Cause::InsufficientScope));
        assert_eq!(e.required_scopes(), ["read:grants"]);
        let e = run(
            "https://t.us.auth0.com/api/v2/users",
            &[("authorization", "Bearer FAKESECRETopaque")],
            401,
            &[],
            r#"{"statusCode":401,"error":"Unauthorized","message":"Bad audience: https://t.us.auth0.com/userinfo","attributes":{"error":"Bad audience: https://t.us.auth0.com/userinfo"}}"#,
        );
        assert_eq!(e.cause(), Some(Cause::WrongEnvironment));
    }
}
