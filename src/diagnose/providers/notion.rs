//! Notion API.
//!
//! Sources:
//! - error codes (`unauthorized` "API token is invalid.", `restricted_resource`,
//!   `rate_limited`): <https://developers.notion.com/reference/status-codes>
//! - pages must be shared with the integration:
//!   <https://developers.notion.com/docs/create-a-notion-integration#give-your-integration-page-permissions>

use super::{Hint, Profile, by_code};
use crate::diagnose::{Context, Diagnosis};
use crate::explanation::Cause;

pub(super) static PROFILE: Profile = Profile {
    name: "Notion",
    hosts: &["notion.com", "notion.so"],
    shape: None,
    anonymous: false,
    diagnose,
};

const CODES: &[Hint] = &[
    (
        "restricted_resource",
        Cause::InsufficientScope,
        "the integration has no access to this page or database, or lacks the capability (read, update, insert content)",
        "share the page or database with the integration (••• → Connections → add it) and check its capabilities",
    ),
    (
        "unauthorized",
        Cause::InvalidCredentials,
        "Notion does not accept this integration secret: mistyped, regenerated, or the integration was removed",
        "copy the secret from https://www.notion.so/profile/integrations (regenerating it invalidates the old one)",
    ),
    (
        "rate_limited",
        Cause::RateLimited,
        "Notion's rate limit (about three requests per second per integration) is reached",
        "honour Retry-After",
    ),
];

fn diagnose(ctx: &Context<'_>) -> Option<Diagnosis> {
    by_code(ctx, "Notion", CODES)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnose::providers::testkit::run;

    #[test]
    fn codes() {
        let e = run(
            "https://api.notion.com/v1/pages/p",
            &[("authorization", "Bearer ntn_FAKESECRET")],
            403,
            &[],
            r#"{"object":"error","status":403,"code":"restricted_resource","message":"API token does not have access to this resource."}"#,
        );
        assert_eq!(e.cause(), Some(Cause::InsufficientScope));
        assert!(e.to_string().contains("Connections"));
    }
}
