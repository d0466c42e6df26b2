//! Docker Hub and OCI distribution registries (`/v2/` API): the Bearer token challenge
//! (`realm`, `service`, `scope`) and `errors[].code`.
//!
//! Sources:
//! - token authentication flow and challenge:
//!   <https://github.com/distribution/distribution/blob/main/docs/content/spec/auth/token.md>
//! - error codes (UNAUTHORIZED, DENIED, TOOMANYREQUESTS):
//!   <https://github.com/opencontainers/distribution-spec/blob/main/spec.md#error-codes>
//! - Docker Hub pull limits and `ratelimit-limit: 100;w=21600`:
//!   <https://docs.docker.com/docker-hub/usage/pulls/>

use serde_json::Value;

use super::{Profile, auth_scheme, header, json_at};
use crate::diagnose::{Context, Diagnosis};
use crate::explanation::Cause;

pub(super) static PROFILE: Profile = Profile {
    name: "Docker",
    hosts: &["docker.io", "docker.com"],
    shape: Some(shape),
    anonymous: true,
    diagnose,
};

const CODES: &[&str] = &[
    "UNAUTHORIZED",
    "DENIED",
    "TOOMANYREQUESTS",
    "NAME_UNKNOWN",
    "MANIFEST_UNKNOWN",
    "BLOB_UNKNOWN",
    "UNSUPPORTED",
];

/// A registry: its API version header, or `errors[].code` from the distribution spec.
fn shape(ctx: &Context<'_>) -> bool {
    header(ctx.headers, "docker-distribution-api-version").is_some() || registry_code(ctx).is_some()
}

fn registry_code(ctx: &Context<'_>) -> Option<String> {
    json_at(ctx, "/errors")?
        .as_array()?
        .iter()
        .take(8)
        .filter_map(|e| e.get("code").and_then(Value::as_str))
        .find(|c| CODES.contains(c))
        .map(str::to_owned)
}

/// The token service the challenge points to: (realm, service, scope).
fn token_challenge<'a>(
    ctx: &'a Context<'_>,
) -> Option<(&'a str, Option<&'a str>, Option<&'a str>)> {
    let c = ctx
        .evidence
        .challenges
        .iter()
        .find(|c| !c.proxy && c.scheme.eq_ignore_ascii_case("bearer"))?;
    Some((c.param("realm")?, c.param("service"), c.param("scope")))
}

fn diagnose(ctx: &Context<'_>) -> Option<Diagnosis> {
    let code = registry_code(ctx);
    let registry = ctx.host();
    let login = format!("`docker login {registry}` (or your tool's registry login)");
    if code.as_deref() == Some("TOOMANYREQUESTS") || ctx.status().as_u16() == 429 {
        let mut d = Diagnosis::new(Cause::RateLimited)
            .summary("the registry's pull rate limit is reached")
            .remedy("authenticate: anonymous pulls have the lowest limit, and paid plans lift it")
            .remedy("use a pull-through cache or mirror for CI");
        for h in ["ratelimit-limit", "ratelimit-remaining"] {
            if let Some(v) = header(ctx.headers, h) {
                d = d.evidence(format!("{h}: {v}"));
            }
        }
        return Some(d.server_said(ctx));
    }
    let challenge = token_challenge(ctx);
    let scope = challenge
        .and_then(|(_, _, s)| s)
        .map(|s| vec![s.to_owned()])
        .unwrap_or_default();
    if !ctx.has_credentials() {
        let (realm, service, _) = challenge?;
        let query = [
            service.map(|s| format!("service={s}")),
            scope.first().map(|s| format!("scope={s}")),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("&");
        return Some(
            Diagnosis::new(Cause::MissingCredentials)
                .summary("the registry wants a bearer token from its token service, and the request carried none")
                .evidence(format!("token service: {realm}"))
                .required(scope)
                .remedy(format!("log in: {login}"))
                .remedy(format!(
                    "or fetch a token from {realm}?{query} (with Basic credentials for private repositories) and send it as `Authorization: Bearer <token>`"
                ))
                .server_said(ctx),
        );
    }
    let scheme = auth_scheme(ctx).unwrap_or("");
    if ctx.status().as_u16() == 401 && scheme.eq_ignore_ascii_case("basic") {
        if let Some((realm, ..)) = challenge {
            return Some(
                Diagnosis::new(Cause::WrongScheme)
                    .summary("Basic credentials were sent to a registry that uses token authentication: they must be exchanged for a bearer token first")
                    .evidence(format!("token service: {realm}"))
                    .required(scope)
                    .remedy(format!("send the Basic credentials to {realm} (with service and scope), then call the registry with the returned Bearer token"))
                    .server_said(ctx),
            );
        }
    }
    let error = ctx.evidence.bearer_param("error");
    if code.as_deref() == Some("DENIED") || error == Some("insufficient_scope") {
        return Some(
            Diagnosis::new(Cause::InsufficientScope)
                .summary("the registry token does not grant this action on the repository (or the repository does not exist or is private to someone else)")
                .required(scope)
                .remedy("request a token with the scope the challenge names, as a user with access to the repository")
                .remedy(format!("check the repository name and your access; log in again with {login}"))
                .server_said(ctx),
        );
    }
    if code.as_deref() == Some("UNAUTHORIZED") {
        // Registry tokens live minutes, but `invalid_token` alone is not expiry: only a token
        // whose `exp` has passed, or a description that says so, is expired.
        let exp_passed = ctx.jwt().and_then(|c| c.exp).is_some_and(|exp| {
            exp.is_finite() && (exp as i64) < crate::observe::clock::epoch(ctx.now)
        });
        let says_expired = ctx
            .evidence
            .bearer_param("error_description")
            .is_some_and(|d| d.to_ascii_lowercase().contains("expired"));
        let expired = error == Some("invalid_token") && (exp_passed || says_expired);
        return Some(
            Diagnosis::new(if expired { Cause::ExpiredCredentials } else { Cause::InvalidCredentials })
                .summary(if expired {
                    "the registry token was rejected: registry tokens live only minutes, so fetch a new one for each operation"
                } else {
                    "the registry did not accept the credentials"
                })
                .required(scope)
                .remedy(format!("log in again: {login}; with a personal access token (dckr_pat_…) as the password on Docker Hub"))
                .server_said(ctx),
        );
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnose::providers::testkit::run;

    const CHALLENGE: &str = r#"Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:samalba/my-app:pull,push""#;

    #[test]
    fn anonymous_push_gets_the_token_flow() {
        let e = run(
            "https://registry-1.docker.io/v2/samalba/my-app/blobs/uploads/",
            &[],
            401,
            &[
                ("www-authenticate", CHALLENGE),
                ("docker-distribution-api-version", "registry/2.0"),
            ],
            r#"{"errors":[{"code":"UNAUTHORIZED","message":"access to the requested resource is not authorized","detail":[]}]}"#,
        );
        assert_eq!(e.cause(), Some(Cause::MissingCredentials));
        assert_eq!(e.required_scopes(), ["repository:samalba/my-app:pull,push"]);
        assert!(
            e.to_string().contains("docker login registry-1.docker.io"),
            "{e}"
        );
    }

    #[test]
    fn self_hosted_registry_by_shape() {
        let e = run(
            "https://registry.corp.example/v2/team/app/manifests/latest",
            &[("authorization", "Basic dXNlcjpGQUtFU0VDUkVU")],
            401,
            &[(
                "www-authenticate",
                r#"Bearer realm="https://registry.corp.example/token",service="registry",scope="repository:team/app:pull""#,
            )],
            r#"{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}"#,
        );
        assert_eq!(e.cause(), Some(Cause::WrongScheme));
        assert_eq!(e.provider(), Some("Docker"));
        let e = run(
            "https://registry-1.docker.io/v2/library/nginx/manifests/latest",
            &[],
            429,
            &[
                ("ratelimit-limit", "100;w=21600"),
                ("ratelimit-remaining", "0;w=21600"),
            ],
            r#"{"errors":[{"code":"TOOMANYREQUESTS","message":"You have reached your pull rate limit. You may increase the limit by authenticating and upgrading: https://www.docker.com/increase-rate-limit"}]}"#,
        );
        assert_eq!(e.cause(), Some(Cause::RateLimited));
    }
}
