//! Atlassian: Jira and Confluence Cloud (`*.atlassian.net`, `api.atlassian.com`) and Data
//! Center.
//!
//! Sources:
//! - basic auth with an API token, passwords deprecated:
//!   <https://developer.atlassian.com/cloud/jira/platform/basic-auth-for-rest-apis/>
//! - OAuth 2.0 (3LO) tokens only through `https://api.atlassian.com/ex/jira/{cloudid}`:
//!   <https://developer.atlassian.com/cloud/jira/platform/oauth-2-3lo-apps/>
//! - "Client must be authenticated to access this resource.":
//!   <https://github.com/jira-node/node-jira-client/issues/255>
//! - `X-Seraph-LoginReason: AUTHENTICATION_DENIED` (CAPTCHA after failed logins):
//!   <https://developer.atlassian.com/server/jira/platform/basic-authentication/>
//! - rate limits: <https://developer.atlassian.com/cloud/jira/platform/rate-limiting/>

use super::{Profile, auth_scheme, basic_user, header, secret_starts_with};
use crate::credential::CredentialKind;
use crate::diagnose::{Context, Diagnosis};
use crate::explanation::Cause;

pub(super) static PROFILE: Profile = Profile {
    name: "Atlassian",
    hosts: &["atlassian.net", "atlassian.com", "jira.com"],
    shape: Some(shape),
    anonymous: false,
    diagnose,
};

fn shape(ctx: &Context<'_>) -> bool {
    header(ctx.headers, "x-seraph-loginreason").is_some()
        || header(ctx.headers, "x-arequestid").is_some()
}

const TOKENS_PAGE: &str = "https://id.atlassian.com/manage-profile/security/api-tokens";

fn diagnose(ctx: &Context<'_>) -> Option<Diagnosis> {
    let text = ctx.text();
    let seraph = header(ctx.headers, "x-seraph-loginreason").unwrap_or("");
    if seraph.contains("AUTHENTICATION_DENIED") {
        return Some(
            Diagnosis::new(Cause::RateLimited)
                .summary("the server requires a CAPTCHA for this user after repeated failed logins, so API logins are refused")
                .evidence(format!("X-Seraph-LoginReason: {seraph}"))
                .remedy("log in once in a browser to clear the CAPTCHA, then fix the credential that kept failing")
                .server_said(ctx),
        );
    }
    let scheme = auth_scheme(ctx).unwrap_or("");
    if scheme.eq_ignore_ascii_case("bearer") && secret_starts_with(ctx, "ATATT") {
        return Some(
            Diagnosis::new(Cause::WrongScheme)
                .summary("an Atlassian Cloud API token was sent as a Bearer token; Cloud API tokens go in Basic auth with the account e-mail")
                .remedy("send `Authorization: Basic base64(email:api_token)`")
                .server_said(ctx),
        );
    }
    if text.contains("basic authentication with passwords is deprecated") {
        return Some(
            Diagnosis::new(Cause::InvalidCredentials)
                .summary("Atlassian Cloud no longer accepts account passwords for the REST API")
                .remedy(format!(
                    "create an API token at {TOKENS_PAGE} and use it as the Basic password"
                ))
                .server_said(ctx),
        );
    }
    if text.contains("scope does not match") {
        return Some(
            Diagnosis::new(Cause::InsufficientScope)
                .summary("the token's scopes do not include this operation")
                .remedy("add the scope to the app or the scoped API token and authorize again")
                .server_said(ctx),
        );
    }
    if ctx.status().as_u16() != 401
        || !(text.contains("client must be authenticated")
            || seraph.contains("AUTHENTICATED_FAILED"))
    {
        return None;
    }
    let host = ctx.host();
    if host.ends_with(".atlassian.net")
        && scheme.eq_ignore_ascii_case("bearer")
        && ctx
            .primary()
            .is_some_and(|c| c.kind == CredentialKind::Jwt || !secret_starts_with(ctx, "ATATT"))
    {
        return Some(
            Diagnosis::new(Cause::WrongEnvironment)
                .summary("an OAuth 2.0 token was sent to the site URL; Atlassian only accepts OAuth tokens through https://api.atlassian.com/ex/jira/{cloudid}/…")
                .remedy("call https://api.atlassian.com/ex/jira/{cloudid}/rest/… (the cloud id comes from GET https://api.atlassian.com/oauth/token/accessible-resources)")
                .server_said(ctx),
        );
    }
    let mut d = Diagnosis::new(Cause::InvalidCredentials)
        .summary("Jira treated the request as anonymous: the credentials were not accepted")
        .evidence("Atlassian answers \"Client must be authenticated\" for rejected credentials as for none");
    if let Some(user) = basic_user(ctx) {
        if host.ends_with(".atlassian.net") && !user.contains('@') {
            d = d.remedy("Atlassian Cloud expects the account's e-mail address as the Basic user name, not a user name");
        }
        d = d.remedy(format!(
            "use an API token (not the password) as the Basic password; tokens expire and can be revoked at {TOKENS_PAGE}"
        ));
    }
    Some(d.server_said(ctx))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnose::providers::testkit::run;

    #[test]
    fn anonymous_answer_and_token_in_bearer() {
        let e = run(
            "https://example.atlassian.net/rest/api/3/myself",
            &[("authorization", "Basic amRvZTpGQUtFU0VDUkVU")], // jdoe:FAKESECRET
            401,
            &[],
            r#"{"message":"Client must be authenticated to access this resource.","status-code":401}"#,
        );
        assert_eq!(e.cause(), Some(Cause::InvalidCredentials));
        assert!(e.to_string().contains("e-mail address"), "{e}");
        let e = run(
            "https://example.atlassian.net/rest/api/3/myself",
            &[("authorization", "Bearer ATATT3xFfGF0FAKESECRET")],
            401,
            &[],
            r#"{"message":"Client must be authenticated to access this resource.","status-code":401}"#,
        );
        assert_eq!(e.cause(), Some(Cause::WrongScheme));
    }

    #[test]
    fn captcha_lockout() {
        let e = run(
            "https://jira.corp.example/rest/api/2/myself",
            &[("authorization", "Basic amRvZTpGQUtFU0VDUkVU")],
            403,
            &[("x-seraph-loginreason", "AUTHENTICATION_DENIED")],
            "",
        );
        assert_eq!(e.cause(), Some(Cause::RateLimited));
        assert_eq!(e.provider(), Some("Atlassian"));
    }
}
