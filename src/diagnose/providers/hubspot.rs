//! HubSpot API.
//!
//! Sources:
//! - error categories (`INVALID_AUTHENTICATION`, `EXPIRED_AUTHENTICATION`, `MISSING_SCOPES`
//!   with `errors[].context.requiredGranularScopes`, `RATE_LIMITS`):
//!   <https://developers.hubspot.com/docs/api/error-handling>
//!   and <https://github.com/HubSpot/hubspot-api-nodejs/issues/268>
//! - API keys (`hapikey`) retired for private app tokens:
//!   <https://developers.hubspot.com/changelog/upcoming-api-key-sunset>
//! - rate limits: <https://developers.hubspot.com/docs/api/usage-details>

use super::{Profile, json_str};
use crate::credential::Location;
use crate::diagnose::{Context, Diagnosis};
use crate::explanation::Cause;

pub(super) static PROFILE: Profile = Profile {
    name: "HubSpot",
    hosts: &["hubapi.com", "hubspot.com"],
    shape: None,
    anonymous: false,
    diagnose,
};

fn diagnose(ctx: &Context<'_>) -> Option<Diagnosis> {
    let category = json_str(ctx, "/category").unwrap_or("");
    let hapikey = ctx
        .credentials
        .iter()
        .any(|c| matches!(&c.location, Location::Query(q) if q.eq_ignore_ascii_case("hapikey")));
    let d = match category {
        "MISSING_SCOPES" => {
            let mut required: Vec<String> = Vec::new();
            for key in ["requiredGranularScopes", "requiredScopes"] {
                for s in ctx.evidence.body.fields_named(key) {
                    if !required.iter().any(|r| r == s) && required.len() < 32 {
                        required.push(s.to_owned());
                    }
                }
            }
            let mut d = Diagnosis::new(Cause::InsufficientScope).required(required.clone());
            if !required.is_empty() {
                d = d.summary(format!(
                    "the HubSpot app was not granted the scope {}",
                    required.join(", ")
                ));
            }
            d.remedy("add the scopes to the private app (Settings → Integrations → Private Apps → Scopes) or to the OAuth app's install URL, then reinstall")
        }
        "EXPIRED_AUTHENTICATION" => Diagnosis::new(Cause::ExpiredCredentials)
            .summary("the HubSpot OAuth access token has expired (they live 30 minutes)")
            .remedy("refresh it with the refresh token (POST /oauth/v1/token, grant_type=refresh_token)"),
        "INVALID_AUTHENTICATION" if hapikey => Diagnosis::new(Cause::InvalidCredentials)
            .summary("HubSpot API keys (hapikey) were retired in 2022")
            .remedy("create a private app and send its access token as `Authorization: Bearer pat-…`"),
        "INVALID_AUTHENTICATION" if ctx.text().contains("credentials not found") => {
            Diagnosis::new(Cause::MissingCredentials)
                .summary("HubSpot found no credential it accepts: private app and OAuth tokens go in `Authorization: Bearer`")
        }
        "INVALID_AUTHENTICATION" => Diagnosis::new(Cause::InvalidCredentials)
            .summary("HubSpot does not accept this token: mistyped, rotated, or the app was uninstalled")
            .remedy("copy or rotate the private app's access token (Settings → Integrations → Private Apps)"),
        "RATE_LIMITS" => {
            let policy = json_str(ctx, "/policyName").unwrap_or("");
            let mut d = Diagnosis::new(Cause::RateLimited);
            if policy == "DAILY" {
                d = d.summary("the HubSpot account's daily API limit is used up; it resets at midnight in the account's time zone");
            }
            if !policy.is_empty() {
                d = d.evidence(format!("HubSpot rate limit policy: {policy}"));
            }
            d
        }
        _ => return None,
    };
    Some(
        d.evidence(format!("HubSpot error category: {category}"))
            .server_said(ctx),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnose::providers::testkit::run;

    #[test]
    fn missing_scopes_from_context() {
        let e = run(
            "https://api.hubapi.com/crm/v3/owners/1",
            &[("authorization", "Bearer pat-na1-FAKESECRET")],
            403,
            &[("x-hubspot-correlation-id", "c-1")],
            r#"{"status":"error","message":"This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.","correlationId":"c-1","errors":[{"message":"One or more of the following scopes are required.","context":{"requiredGranularScopes":["crm.objects.owners.read"]}}],"links":{"scopes":"https://developers.hubspot.com/scopes"},"category":"MISSING_SCOPES"}"#,
        );
        assert_eq!(e.cause(), Some(Cause::InsufficientScope));
        assert_eq!(e.required_scopes(), ["crm.objects.owners.read"]);
        assert_eq!(e.request_id(), Some("c-1"));
    }

    #[test]
    fn expired_token() {
        let e = run(
            "https://api.hubapi.com/crm/v3/objects/contacts",
            &[("authorization", "Bearer FAKESECRET-oauth")],
            401,
            &[],
            r#"{"status":"error","message":"The OAuth token used to make this call expired 3 hour(s) ago.","correlationId":"c-2","category":"EXPIRED_AUTHENTICATION"}"#,
        );
        assert_eq!(e.cause(), Some(Cause::ExpiredCredentials));
    }
}
