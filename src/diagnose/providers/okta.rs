//! Okta management API (`/api/v1/…`) and OAuth for Okta.
//!
//! Sources:
//! - error codes (E0000004, E0000005, E0000006, E0000011, E0000015, E0000047, E0000061,
//!   E0000064, E0000069): <https://developer.okta.com/docs/reference/error-codes/>
//! - API tokens use the `SSWS` scheme:
//!   <https://developer.okta.com/docs/guides/create-an-api-token/main/>
//! - OAuth scopes for Okta APIs (`okta.users.read`, `okta.groups.manage`, …):
//!   <https://developer.okta.com/docs/api/oauth2/>
//! - rate limits (`X-Rate-Limit-Remaining`, `X-Rate-Limit-Reset` in epoch seconds):
//!   <https://developer.okta.com/docs/reference/rl-best-practices/>
//! - E0000006 for a service app without the grant:
//!   <https://github.com/DefGuard/defguard/issues/3556>

use http::Method;

use super::{Hint, Profile, auth_scheme, by_code, header, until_epoch};
use crate::credential::CredentialKind;
use crate::diagnose::{Context, Diagnosis};
use crate::explanation::Cause;

pub(super) static PROFILE: Profile = Profile {
    name: "Okta",
    hosts: &[
        "okta.com",
        "oktapreview.com",
        "okta-emea.com",
        "okta-gov.com",
    ],
    shape: None,
    anonymous: false,
    diagnose,
};

const CODES: &[Hint] = &[
    (
        "E0000011",
        Cause::InvalidCredentials,
        "Okta does not accept this token: mistyped, revoked, or an API token unused for 30 days (they expire then)",
        "create a token under Security → API → Tokens; API tokens use `Authorization: SSWS <token>`",
    ),
    (
        "E0000004",
        Cause::InvalidCredentials,
        "Okta authentication failed",
        "",
    ),
    (
        "E0000005",
        Cause::InvalidCredentials,
        "the Okta session is invalid or expired",
        "sign in again",
    ),
    (
        "E0000015",
        Cause::EndpointNotEnabled,
        "this feature is not enabled for the Okta org",
        "ask Okta support or the org administrator to enable the feature",
    ),
    (
        "E0000047",
        Cause::RateLimited,
        "Okta's rate limit for this endpoint is reached",
        "wait for X-Rate-Limit-Reset; see Reports → Rate Limits in the Admin Console",
    ),
    (
        "E0000061",
        Cause::OrganizationPolicy,
        "an Okta policy denies access to this application",
        "ask the Okta administrator which sign-on policy applies",
    ),
    (
        "E0000064",
        Cause::ExpiredCredentials,
        "the user's password has expired",
        "change the password",
    ),
    (
        "E0000069",
        Cause::AccountSuspended,
        "the Okta user is locked out",
        "unlock the user (Directory → People) or wait for the lockout to end",
    ),
    (
        "E0000119",
        Cause::AccountSuspended,
        "the Okta user account is locked",
        "",
    ),
];

fn diagnose(ctx: &Context<'_>) -> Option<Diagnosis> {
    let primary = ctx.primary()?;
    let scheme = auth_scheme(ctx).unwrap_or("");
    if ctx.status().as_u16() == 401
        && scheme.eq_ignore_ascii_case("bearer")
        && primary.kind != CredentialKind::Jwt
        && primary.secret.expose_secret().starts_with(b"00")
    {
        return Some(
            Diagnosis::new(Cause::WrongScheme)
                .summary("an Okta API token was sent with the Bearer scheme; API tokens use `Authorization: SSWS <token>`")
                .remedy("send `Authorization: SSWS <token>`, or use an OAuth access token with Bearer")
                .server_said(ctx),
        );
    }
    if ctx.evidence.body.has_code("E0000006") {
        let required = okta_scope(ctx).into_iter().collect::<Vec<_>>();
        let mut d = Diagnosis::new(Cause::InsufficientScope)
            .evidence("Okta error code: E0000006")
            .required(required.clone());
        d = match required.first() {
            Some(s) => d
                .summary(format!(
                    "the credential may not perform this action: an OAuth token needs the scope {s} and its app an admin role that allows it"
                ))
                .remedy(format!(
                    "grant {s} to the app (Applications → the app → Okta API Scopes), request a new token with it, and assign the app an admin role"
                )),
            None => d.summary("the credential's admin role or scopes do not allow this action"),
        };
        return Some(d.server_said(ctx));
    }
    let mut d = by_code(ctx, "Okta", CODES)?;
    if d.cause == Cause::RateLimited {
        d = d.retry_after(
            header(ctx.headers, "x-rate-limit-reset").and_then(|r| until_epoch(ctx, r)),
        );
    }
    Some(d)
}

/// The OAuth scope an Okta management endpoint needs: `okta.<resource>.read` for reads,
/// `okta.<resource>.manage` for writes.
fn okta_scope(ctx: &Context<'_>) -> Option<String> {
    let mut seg = ctx.url.path_segments()?;
    if seg.next()? != "api" || seg.next()? != "v1" {
        return None;
    }
    let resource = match seg.next()? {
        r @ ("users"
        | "groups"
        | "apps"
        | "logs"
        | "idps"
        | "policies"
        | "authorizationServers"
        | "eventHooks"
        | "inlineHooks"
        | "trustedOrigins"
        | "domains"
        | "schemas"
        | "sessions"
        | "factors"
        | "devices"
        | "roles"
        | "behaviors"
        | "templates"
        | "orgs") => r,
        "zones" => "networkZones",
        "meta" => "schemas",
        _ => return None,
    };
    let read = matches!(*ctx.method, Method::GET | Method::HEAD);
    let action = if read || resource == "logs" {
        "read"
    } else {
        "manage"
    };
    Some(format!("okta.{resource}.{action}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnose::providers::testkit::{Case, explain, run};

    #[test]
    fn e0000006_names_the_scope() {
        let e = run(
            "https://acme.okta.com/api/v1/groups",
            &[("authorization", "Bearer FAKESECRETopaque")],
            403,
            &[("x-okta-request-id", "oae1")],
            r#"{"errorCode":"E0000006","errorSummary":"You do not have permission to perform the requested action","errorLink":"E0000006","errorId":"oae1","errorCauses":[]}"#,
        );
        assert_eq!(e.cause(), Some(Cause::InsufficientScope));
        assert_eq!(e.required_scopes(), ["okta.groups.read"]);
        let e = explain(Case {
            method: "POST",
            url: "https://acme.okta.com/api/v1/users?activate=true",
            request: &[("authorization", "Bearer FAKESECRETopaque")],
            status: 403,
            body: r#"{"errorCode":"E0000006","errorSummary":"You do not have permission to perform the requested action"}"#,
            ..Case::default()
        });
        assert_eq!(e.required_scopes(), ["okta.users.manage"]);
    }

    #[test]
    fn api_token_with_bearer() {
        let e = run(
            "https://acme.okta.com/api/v1/users/me",
            &[(
                "authorization",
                "Bearer 00FAKESECRETokta0123456789abcdefghijklmn",
            )],
            401,
            &[],
            r#"{"errorCode":"E0000011","errorSummary":"Invalid token provided"}"#,
        );
        assert_eq!(e.cause(), Some(Cause::WrongScheme));
        let e = run(
            "https://acme.okta.com/api/v1/users/me",
            &[(
                "authorization",
                "SSWS 00FAKESECRETokta0123456789abcdefghijklmn",
            )],
            401,
            &[],
            r#"{"errorCode":"E0000011","errorSummary":"Invalid token provided"}"#,
        );
        assert_eq!(e.cause(), Some(Cause::InvalidCredentials));
    }
}
