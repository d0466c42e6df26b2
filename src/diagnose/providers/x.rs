//! X (Twitter) API v1.1 and v2.
//!
//! Sources:
//! - v1.1 error codes (32 Could not authenticate you, 64 suspended, 88 rate limit, 89 invalid
//!   or expired token, 135 timestamp out of bounds, 215 bad authentication data, 261 cannot
//!   write, 326 locked, 453 access level): <https://developer.x.com/en/support/x-api/error-troubleshooting>
//! - v2 problem types (`client-not-enrolled`, `usage-capped`):
//!   <https://docs.x.com/x-api/fundamentals/response-codes-and-errors>

use super::{Hint, Profile, by_code, by_phrase};
use crate::diagnose::{Context, Diagnosis};
use crate::explanation::Cause;

pub(super) static PROFILE: Profile = Profile {
    name: "X",
    hosts: &["twitter.com", "x.com"],
    shape: None,
    anonymous: false,
    diagnose,
};

const CODES: &[Hint] = &[
    (
        "32",
        Cause::SignatureMismatch,
        "X could not verify the OAuth 1.0a signature: a wrong consumer or token secret, or the signed URL and parameters differ from the request",
        "sign with the consumer secret and token secret of this app, over the exact method, URL and parameters sent",
    ),
    (
        "89",
        Cause::InvalidCredentials,
        "the access token is invalid, expired or revoked (X gives one code for all three)",
        "regenerate the access token and secret in the developer portal, or authorize the user again",
    ),
    (
        "135",
        Cause::ClockSkew,
        "the OAuth timestamp is too far from X's clock",
        "",
    ),
    (
        "215",
        Cause::MalformedCredentials,
        "X found the authentication data missing or malformed (OAuth parameters, or an app-only Bearer token on a user-context endpoint)",
        "",
    ),
    (
        "88",
        Cause::RateLimited,
        "X's rate limit for this endpoint is reached",
        "wait for x-rate-limit-reset",
    ),
    (
        "64",
        Cause::AccountSuspended,
        "the account is suspended",
        "",
    ),
    (
        "326",
        Cause::AccountSuspended,
        "the account is temporarily locked",
        "log in on x.com to unlock it",
    ),
    (
        "261",
        Cause::InsufficientScope,
        "the app may not perform write actions (its permissions are read-only)",
        "set the app's permissions to Read and write, then regenerate the access token",
    ),
    (
        "220",
        Cause::InsufficientScope,
        "these credentials do not allow access to this resource",
        "",
    ),
    (
        "453",
        Cause::PlanRestricted,
        "this endpoint is not in the app's access level",
        "upgrade the access level in the developer portal",
    ),
];

const PHRASES: &[Hint] = &[
    (
        "client-not-enrolled",
        Cause::PlanRestricted,
        "the app is not enrolled in a project or access level that includes this endpoint",
        "attach the app to a project with the needed access in the developer portal",
    ),
    (
        "usage-capped",
        Cause::PlanRestricted,
        "the project's monthly usage cap is reached",
        "",
    ),
];

fn diagnose(ctx: &Context<'_>) -> Option<Diagnosis> {
    by_code(ctx, "X", CODES).or_else(|| by_phrase(ctx, PHRASES))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnose::providers::testkit::run;

    #[test]
    fn v1_codes() {
        let e = run(
            "https://api.twitter.com/1.1/statuses/update.json",
            &[(
                "authorization",
                "OAuth oauth_consumer_key=\"k\", oauth_signature=\"FAKESECRET\"",
            )],
            401,
            &[],
            r#"{"errors":[{"code":32,"message":"Could not authenticate you."}]}"#,
        );
        assert_eq!(e.cause(), Some(Cause::SignatureMismatch));
    }
}
