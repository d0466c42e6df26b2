//! Datadog API.
//!
//! Datadog answers `403 {"errors": ["Forbidden"]}` for an unknown API key, an unknown or
//! under-scoped application key, and keys of another site alike.
//!
//! Sources:
//! - authentication (`DD-API-KEY`, `DD-APPLICATION-KEY`) and sites:
//!   <https://docs.datadoghq.com/api/latest/authentication/>,
//!   <https://docs.datadoghq.com/getting_started/site/>
//! - 403 "Forbidden" for keys: <https://github.com/dbader/node-datadog-metrics/issues/115>,
//!   <https://github.com/DataDog/datadogpy/issues/724>
//! - rate limits (`X-RateLimit-Reset` in seconds): <https://docs.datadoghq.com/api/latest/rate-limits/>

use super::{Profile, header};
use crate::diagnose::{Context, Diagnosis};
use crate::explanation::Cause;

pub(super) static PROFILE: Profile = Profile {
    name: "Datadog",
    hosts: &["datadoghq.com", "datadoghq.eu", "ddog-gov.com"],
    shape: None,
    anonymous: false,
    diagnose,
};

fn diagnose(ctx: &Context<'_>) -> Option<Diagnosis> {
    let status = ctx.status().as_u16();
    if status == 429 {
        let mut d = Diagnosis::new(Cause::RateLimited);
        if let Some(n) = header(ctx.headers, "x-ratelimit-name") {
            d = d.evidence(format!("X-RateLimit-Name: {n}"));
        }
        return Some(d.server_said(ctx));
    }
    if !matches!(status, 401 | 403) {
        return None;
    }
    let has_api = ctx.credential_in("dd-api-key").is_some();
    let has_app = ctx.credential_in("dd-application-key").is_some();
    let path = ctx.url.path();
    let intake = path.starts_with("/api/v1/series")
        || path.starts_with("/api/v2/series")
        || path.starts_with("/api/v2/logs")
        || path.starts_with("/v1/input")
        || path.starts_with("/api/v1/validate")
        || path.starts_with("/api/v1/check_run")
        || path.starts_with("/api/v1/events");
    if has_api && !has_app && !intake {
        return Some(
            Diagnosis::new(Cause::MissingCredentials)
                .summary("this Datadog endpoint needs an application key too (DD-APPLICATION-KEY), and only the API key was sent")
                .remedy("send DD-APPLICATION-KEY with an application key that has the endpoint's scope (Organization Settings → Application Keys)")
                .server_said(ctx),
        );
    }
    Some(
        Diagnosis::new(Cause::InvalidCredentials)
            .summary("Datadog refuses the keys: an unknown or revoked API key, an application key that is unknown or lacks the scope, or keys of another Datadog site")
            .remedy(format!(
                "keys only work on their own site: this request went to {}; EU accounts use api.datadoghq.eu, others api.us3.datadoghq.com, api.us5.datadoghq.com, api.ap1.datadoghq.com",
                ctx.host()
            ))
            .remedy("check the API key with GET /api/v1/validate, and the application key's scopes in Organization Settings")
            .server_said(ctx),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnose::providers::testkit::run;

    #[test]
    fn forbidden_and_missing_app_key() {
        let e = run(
            "https://api.datadoghq.com/api/v1/monitor",
            &[("dd-api-key", "FAKESECRET0123456789abcdef012345")],
            403,
            &[],
            r#"{"errors":["Forbidden"]}"#,
        );
        assert_eq!(e.cause(), Some(Cause::MissingCredentials));
        let e = run(
            "https://api.datadoghq.com/api/v1/monitor",
            &[
                ("dd-api-key", "FAKESECRET0123456789abcdef012345"),
                (
                    "dd-application-key",
                    "FAKESECRETapp0123456789abcdef0123456789ab",
                ),
            ],
            403,
            &[],
            r#"{"errors":["Forbidden"]}"#,
        );
        assert_eq!(e.cause(), Some(Cause::InvalidCredentials));
        assert!(e.to_string().contains("api.datadoghq.eu"));
    }
}
