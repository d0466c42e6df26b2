//! DigitalOcean API.
//!
//! Sources:
//! - errors (`{"id": "unauthorized", "message": "Unable to authenticate you."}`, `forbidden`,
//!   `too_many_requests`) and rate-limit headers:
//!   <https://docs.digitalocean.com/reference/api/digitalocean/#section/Introduction/Responses>
//! - custom-scoped tokens: <https://docs.digitalocean.com/reference/api/scopes/>

use super::{Hint, Profile, by_code};
use crate::diagnose::{Context, Diagnosis};
use crate::explanation::Cause;

pub(super) static PROFILE: Profile = Profile {
    name: "DigitalOcean",
    hosts: &["digitalocean.com"],
    shape: None,
    anonymous: false,
    diagnose,
};

const CODES: &[Hint] = &[
    (
        "unauthorized",
        Cause::InvalidCredentials,
        "DigitalOcean does not accept this token: mistyped, deleted, or expired (tokens can be created with an expiry)",
        "create a token at https://cloud.digitalocean.com/account/api/tokens and send it as `Authorization: Bearer dop_v1_…`",
    ),
    (
        "forbidden",
        Cause::InsufficientScope,
        "the token's scopes do not allow this action (read-only or custom-scoped token)",
        "create a token with the needed scope (e.g. droplet:create) or full access",
    ),
    (
        "too_many_requests",
        Cause::RateLimited,
        "DigitalOcean's API rate limit is reached",
        "wait for ratelimit-reset",
    ),
];

fn diagnose(ctx: &Context<'_>) -> Option<Diagnosis> {
    by_code(ctx, "DigitalOcean", CODES)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnose::providers::testkit::run;

    #[test]
    fn codes() {
        let e = run(
            "https://api.digitalocean.com/v2/droplets",
            &[("authorization", "Bearer dop_v1_FAKESECRET")],
            403,
            &[],
            r#"{"id":"forbidden","message":"You do not have access for the attempted action."}"#,
        );
        assert_eq!(e.cause(), Some(Cause::InsufficientScope));
        let e = run(
            "https://api.digitalocean.com/v2/droplets",
            &[],
            401,
            &[("x-request-id", "r")],
            r#"{"id":"unauthorized","message":"Unable to authenticate you."}"#,
        );
        assert_eq!(e.cause(), Some(Cause::MissingCredentials));
    }
}
