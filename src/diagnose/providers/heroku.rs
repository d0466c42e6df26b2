//! Heroku Platform API.
//!
//! Sources:
//! - error ids (`unauthorized`, `forbidden`, `suspended`, `delinquent`, `rate_limit`,
//!   `two_factor`): <https://devcenter.heroku.com/articles/platform-api-reference#error-responses>
//! - rate limits (`RateLimit-Remaining`): <https://devcenter.heroku.com/articles/platform-api-reference#rate-limits>
//! - tokens (`heroku auth:token` expires, `heroku authorizations:create` does not):
//!   <https://devcenter.heroku.com/articles/authentication>

use super::{Hint, Profile, by_code};
use crate::diagnose::{Context, Diagnosis};
use crate::explanation::Cause;

pub(super) static PROFILE: Profile = Profile {
    name: "Heroku",
    hosts: &["heroku.com"],
    shape: None,
    anonymous: false,
    diagnose,
};

const CODES: &[Hint] = &[
    (
        "unauthorized",
        Cause::InvalidCredentials,
        "Heroku does not accept this API token: mistyped, revoked, or a CLI session token that expired",
        "create a long-lived authorization with `heroku authorizations:create` for scripts",
    ),
    (
        "forbidden",
        Cause::InsufficientScope,
        "the account or the authorization's scope does not allow this on the app",
        "check the app's access (team or collaborator) and the authorization's scope (read, write, global)",
    ),
    (
        "two_factor",
        Cause::OrganizationPolicy,
        "this action needs a second factor",
        "",
    ),
    (
        "suspended",
        Cause::AccountSuspended,
        "the Heroku account or app is suspended",
        "contact Heroku support",
    ),
    (
        "delinquent",
        Cause::PlanRestricted,
        "the account has unpaid invoices",
        "settle the balance in the Heroku Dashboard",
    ),
    (
        "rate_limit",
        Cause::RateLimited,
        "the account reached Heroku's API rate limit",
        "wait a few minutes; watch RateLimit-Remaining",
    ),
];

fn diagnose(ctx: &Context<'_>) -> Option<Diagnosis> {
    by_code(ctx, "Heroku", CODES)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnose::providers::testkit::run;

    #[test]
    fn codes() {
        let e = run(
            "https://api.heroku.com/apps",
            &[("authorization", "Bearer HRKU-FAKESECRET")],
            401,
            &[],
            r#"{"id":"unauthorized","message":"Invalid credentials provided."}"#,
        );
        assert_eq!(e.cause(), Some(Cause::InvalidCredentials));
    }
}
