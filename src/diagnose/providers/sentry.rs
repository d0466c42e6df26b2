//! Sentry web API.
//!
//! Sources:
//! - authentication and auth tokens (`sntrys_`, `sntryu_`):
//!   <https://docs.sentry.io/api/auth/>
//! - permissions and scopes (`project:read`, `event:read`, …):
//!   <https://docs.sentry.io/api/permissions/>
//! - error bodies are Django REST framework's `{"detail": …}` ("Invalid token",
//!   "Authentication credentials were not provided.", "You do not have permission to perform
//!   this action."): <https://www.django-rest-framework.org/api-guide/exceptions/>

use super::{Hint, Profile, by_phrase};
use crate::diagnose::{Context, Diagnosis};
use crate::explanation::Cause;

pub(super) static PROFILE: Profile = Profile {
    name: "Sentry",
    hosts: &["sentry.io"],
    shape: None,
    anonymous: false,
    diagnose,
};

const PHRASES: &[Hint] = &[
    (
        "token expired",
        Cause::ExpiredCredentials,
        "the Sentry token has expired",
        "create a new auth token (Settings → Auth Tokens)",
    ),
    (
        "invalid token",
        Cause::InvalidCredentials,
        "Sentry does not accept this auth token: mistyped, revoked, or for another Sentry instance or region",
        "create a token at https://sentry.io/settings/account/api/auth-tokens/ (organization tokens under the organization's Settings → Auth Tokens)",
    ),
    (
        "credentials were not provided",
        Cause::MissingCredentials,
        "Sentry found no credential: send `Authorization: Bearer <token>`",
        "",
    ),
    (
        "you do not have permission to perform this action",
        Cause::InsufficientScope,
        "the token's scopes or the user's role do not allow this action",
        "create a token with the scope the endpoint lists (e.g. project:read, event:read, org:read)",
    ),
];

fn diagnose(ctx: &Context<'_>) -> Option<Diagnosis> {
    by_phrase(ctx, PHRASES)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnose::providers::testkit::run;

    #[test]
    fn phrases() {
        let e = run(
            "https://sentry.io/api/0/projects/",
            &[("authorization", "Bearer sntryu_FAKESECRET")],
            403,
            &[],
            r#"{"detail":"You do not have permission to perform this action."}"#,
        );
        assert_eq!(e.cause(), Some(Cause::InsufficientScope));
    }
}
