//! Salesforce REST API.
//!
//! Sources:
//! - REST API status codes and error responses (`INVALID_SESSION_ID`, `REQUEST_LIMIT_EXCEEDED`,
//!   `API_DISABLED_FOR_ORG`): <https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm>
//! - "This session is not valid for use with the REST API" (High Assurance session required):
//!   <https://github.com/jsforce/jsforce/pull/1301>
//! - API request limits: <https://developer.salesforce.com/docs/atlas.en-us.salesforce_app_limits_cheatsheet.meta/salesforce_app_limits_cheatsheet/salesforce_app_limits_platform_api.htm>

use super::{Hint, Profile, by_code, by_phrase};
use crate::diagnose::{Context, Diagnosis};
use crate::explanation::Cause;

pub(super) static PROFILE: Profile = Profile {
    name: "Salesforce",
    hosts: &["salesforce.com", "force.com", "cloudforce.com"],
    shape: None,
    anonymous: false,
    diagnose,
};

const PHRASES: &[Hint] = &[
    (
        "not valid for use with the rest api",
        Cause::OrganizationPolicy,
        "the session is valid, but a policy refuses it for the REST API: the profile requires a High Assurance session, or lacks the API Enabled permission",
        "check the user's profile (Session Settings → Session Security Level Required at Login, and the API Enabled permission) and the connected app's policies",
    ),
    (
        "session expired or invalid",
        Cause::ExpiredCredentials,
        "the Salesforce session or access token expired, was revoked, or belongs to another org or instance",
        "refresh the access token (grant_type=refresh_token) and call the instance_url returned with it",
    ),
    (
        "ip restricted or invalid login hours",
        Cause::IpRestricted,
        "the user's profile allows logins only from certain IP ranges or hours",
        "add the IP range to the profile's Login IP Ranges, or relax the connected app's IP policy",
    ),
    (
        "inactive user",
        Cause::AccountSuspended,
        "the Salesforce user is inactive",
        "",
    ),
];

const CODES: &[Hint] = &[
    (
        "REQUEST_LIMIT_EXCEEDED",
        Cause::RateLimited,
        "the org used up its API request allocation for the rolling 24 hours (or too many concurrent long requests)",
        "check Setup → Company Information → API Requests, Last 24 Hours; spread the load or buy more API capacity",
    ),
    (
        "API_DISABLED_FOR_ORG",
        Cause::EndpointNotEnabled,
        "the API is not enabled for this org (edition) or this user",
        "use an edition with API access, and give the user the API Enabled permission",
    ),
    (
        "INVALID_AUTH_HEADER",
        Cause::MalformedCredentials,
        "the Authorization header is not in the form Salesforce expects",
        "send `Authorization: Bearer <access token>`",
    ),
    (
        "INSUFFICIENT_ACCESS",
        Cause::InsufficientScope,
        "the user lacks the permission or sharing access for this operation",
        "",
    ),
    (
        "INSUFFICIENT_ACCESS_OR_READONLY",
        Cause::InsufficientScope,
        "the user lacks write access to this record or object",
        "",
    ),
    (
        "FUNCTIONALITY_NOT_ENABLED",
        Cause::EndpointNotEnabled,
        "this feature is not enabled in the org",
        "",
    ),
    (
        "INVALID_SESSION_ID",
        Cause::InvalidCredentials,
        "Salesforce does not accept this session id or access token",
        "get a new access token and use the instance_url returned with it",
    ),
];

fn diagnose(ctx: &Context<'_>) -> Option<Diagnosis> {
    by_phrase(ctx, PHRASES).or_else(|| by_code(ctx, "Salesforce", CODES))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnose::providers::testkit::run;

    #[test]
    fn session_errors() {
        let tok = [("authorization", "Bearer 00D5j000000FAKE!AQ4AQFAKESECRET")];
        let e = run(
            "https://x.my.salesforce.com/services/data/v60.0/query",
            &tok,
            401,
            &[],
            r#"[{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]"#,
        );
        assert_eq!(e.cause(), Some(Cause::ExpiredCredentials));
        let e = run(
            "https://x.my.salesforce.com/services/data/v60.0/query",
            &tok,
            403,
            &[],
            r#"[{"message":"TotalRequests Limit exceeded.","errorCode":"REQUEST_LIMIT_EXCEEDED"}]"#,
        );
        assert_eq!(e.cause(), Some(Cause::RateLimited));
    }
}
