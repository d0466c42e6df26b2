//! GitHub REST API (github.com, GitHub Enterprise).
//!
//! Sources:
//! - scopes and `X-OAuth-Scopes` / `X-Accepted-OAuth-Scopes`:
//!   <https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/scopes-for-oauth-apps>
//! - `X-Accepted-GitHub-Permissions` (sets separated by `;`):
//!   <https://github.blog/changelog/2023-08-10-x-accepted-github-permissions-header-for-fine-grained-permission-actors>
//! - `X-GitHub-SSO: required; url=…` and `X-GitHub-OTP`:
//!   <https://docs.github.com/en/rest/authentication/authenticating-to-the-rest-api>
//! - primary and secondary rate limits:
//!   <https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api>
//! - failed login limit ("Maximum number of login attempts exceeded"):
//!   <https://docs.github.com/en/rest/overview/resources-in-the-rest-api#failed-login-limit>
//! - troubleshooting ("Resource not accessible by integration" / "by personal access token"):
//!   <https://docs.github.com/en/rest/using-the-rest-api/troubleshooting-the-rest-api>

use url::Url;

use super::{Profile, auth_scheme, header, until_epoch};
use crate::credential::CredentialKind;
use crate::diagnose::{Context, Diagnosis};
use crate::explanation::Cause;
use crate::observe::clock;

pub(super) static PROFILE: Profile = Profile {
    name: "GitHub",
    hosts: &["github.com", "githubusercontent.com", "ghe.com"],
    shape: Some(shape),
    anonymous: true,
    diagnose,
};

/// GitHub Enterprise Server answers from any host name, always with its request id header.
fn shape(ctx: &Context<'_>) -> bool {
    header(ctx.headers, "x-github-request-id").is_some()
        || header(ctx.headers, "x-github-media-type").is_some()
}

fn diagnose(ctx: &Context<'_>) -> Option<Diagnosis> {
    let status = ctx.status().as_u16();
    let msg = ctx.evidence.body.primary_message().unwrap_or("");
    let lower = msg.to_ascii_lowercase();
    if matches!(status, 403 | 429) {
        if let Some(d) = rate_limit(ctx, &lower) {
            return Some(d);
        }
    }
    if !ctx.has_credentials() {
        return None;
    }
    match status {
        401 => unauthorized(ctx, &lower),
        403 => forbidden(ctx, &lower),
        _ => None,
    }
}

fn rate_limit(ctx: &Context<'_>, lower: &str) -> Option<Diagnosis> {
    let h = ctx.headers;
    if lower.contains("maximum number of login attempts exceeded") {
        return Some(
            Diagnosis::new(Cause::RateLimited)
                .summary("GitHub locked authentication for this user after too many failed attempts; until it lifts, even valid credentials are refused")
                .evidence("GitHub's failed-login limit: \"Maximum number of login attempts exceeded\"")
                .remedy("wait before retrying, then fix the credential that kept failing (a stale password or token in a script or credential helper)")
                .remedy("authenticate with a personal access token or GitHub App token, not the account password")
                .server_said(ctx),
        );
    }
    let remaining = header(h, "x-ratelimit-remaining").and_then(|v| v.parse::<u64>().ok());
    let secondary = lower.contains("secondary rate limit") || lower.contains("abuse detection");
    let primary = remaining == Some(0) || lower.contains("api rate limit exceeded");
    if !secondary && !primary {
        return None;
    }
    let reset = header(h, "x-ratelimit-reset").and_then(|r| until_epoch(ctx, r));
    let mut d = Diagnosis::new(Cause::RateLimited);
    if secondary {
        d = d
            .summary("GitHub's secondary rate limit: too many requests at once or too fast, independent of the hourly quota")
            .evidence("the message names a secondary rate limit")
            .remedy("honour Retry-After; without it wait at least one minute, then back off exponentially")
            .remedy("serialize requests (no concurrency per token) and space out content-creating calls");
        if remaining == Some(0) {
            d = d.retry_after(reset);
        }
    } else {
        let resource = header(h, "x-ratelimit-resource").unwrap_or("core");
        let limit = header(h, "x-ratelimit-limit").unwrap_or("?");
        d = d
            .summary(format!(
                "GitHub's primary rate limit for the {resource} resource is used up (0 of {limit} left this hour)"
            ))
            .retry_after(reset);
        if let Some(r) = header(h, "x-ratelimit-reset").and_then(|v| v.parse::<i64>().ok()) {
            d = d.evidence(format!(
                "x-ratelimit-remaining: 0, x-ratelimit-reset: {} (in {} s)",
                clock::utc(r),
                reset.unwrap_or(0)
            ));
        }
        d = d.remedy("wait until x-ratelimit-reset; use conditional requests (ETag / If-None-Match): a 304 does not count");
        if !ctx.has_credentials() {
            d = d.remedy(
                "authenticate: unauthenticated requests get 60 per hour per IP, authenticated ones 5,000 per hour",
            );
        }
    }
    Some(d.server_said(ctx))
}

fn unauthorized(ctx: &Context<'_>, lower: &str) -> Option<Diagnosis> {
    if let Some(otp) = header(ctx.headers, "x-github-otp").filter(|v| v.starts_with("required")) {
        return Some(
            Diagnosis::new(Cause::OrganizationPolicy)
                .summary("the account uses two-factor authentication, so Basic auth with its password also needs a one-time code")
                .evidence(format!("X-GitHub-OTP: {otp}"))
                .remedy("use a personal access token instead of the password (https://github.com/settings/tokens)")
                .server_said(ctx),
        );
    }
    if lower.contains("requires authentication") {
        return Some(
            Diagnosis::new(Cause::MissingCredentials)
                .summary("GitHub found no credential it could use: the header name or scheme is wrong, or the value is empty")
                .remedy("send `Authorization: Bearer <token>` (or `token <token>`)")
                .server_said(ctx),
        );
    }
    if !lower.contains("bad credentials") {
        return None;
    }
    let mut d = Diagnosis::new(Cause::InvalidCredentials)
        .summary("GitHub does not accept this token (\"Bad credentials\"): it was mistyped, deleted, expired or revoked");
    let c = ctx.primary()?;
    let token = c.secret.expose_secret();
    let remedy = match c.kind {
        CredentialKind::Known(p) => match p.prefix {
            "ghp_" => Some(
                "a classic token stops working when its expiration date passes, when it is deleted, or when GitHub revokes it (for example after it was pushed to a public repository): create a new one at https://github.com/settings/tokens",
            ),
            "github_pat_" => Some(
                "a fine-grained token stops working when it expires or is revoked, and an organization can revoke its approval: check it at https://github.com/settings/personal-access-tokens",
            ),
            "ghs_" => Some(
                "GitHub App installation tokens expire one hour after they are issued: mint a fresh one (POST /app/installations/{id}/access_tokens) before each batch of work",
            ),
            "gho_" => Some(
                "the OAuth authorization was revoked by the user or by the app; run the OAuth flow again (`gh auth login` for the GitHub CLI)",
            ),
            "ghu_" => Some(
                "user-to-server tokens expire after 8 hours: exchange the refresh token (ghr_) for a new one",
            ),
            _ => None,
        },
        CredentialKind::Jwt => Some(
            "a GitHub App JWT may live at most 10 minutes, must have an `iat` in the past (allow 60 s for clock drift) and `iss` set to the app's client id or app id",
        ),
        CredentialKind::Basic => Some(
            "GitHub no longer accepts account passwords for the API: use a personal access token as the password, or as a Bearer token",
        ),
        _ => None,
    };
    if token.starts_with(b"ghs_") {
        d = d.summary("GitHub does not accept this App installation token: installation tokens expire after one hour");
    }
    if let Some(r) = remedy {
        d = d.remedy(r);
    }
    Some(
        d.evidence("GitHub says \"Bad credentials\"")
            .server_said(ctx),
    )
}

fn forbidden(ctx: &Context<'_>, lower: &str) -> Option<Diagnosis> {
    if let Some(d) = sso(ctx, lower) {
        return Some(d);
    }
    let policies: &[(&str, Cause, &str, &str)] = &[
        (
            "has an ip allow list enabled",
            Cause::IpRestricted,
            "the organization's IP allow list does not include this client's address",
            "run from an allowed network (GitHub-hosted runners are not on it: use larger runners with static IPs or self-hosted ones), or ask an organization owner to add this IP",
        ),
        (
            "oauth app access restrictions",
            Cause::OrganizationPolicy,
            "the organization restricts OAuth App access, and this app is not approved",
            "ask an organization owner to approve the app (Organization settings → Third-party access → OAuth app policy), or use a fine-grained token or GitHub App",
        ),
        (
            "personal access token (classic)",
            Cause::OrganizationPolicy,
            "the organization forbids access with classic personal access tokens",
            "use a fine-grained personal access token or a GitHub App installation token",
        ),
        (
            "if the token's lifetime is greater than",
            Cause::OrganizationPolicy,
            "the organization forbids tokens whose lifetime exceeds its maximum",
            "create a fine-grained token with a shorter expiration",
        ),
    ];
    for (needle, cause, summary, remedy) in policies {
        if lower.contains(needle) {
            return Some(
                Diagnosis::new(*cause)
                    .summary(*summary)
                    .evidence(format!("GitHub's message mentions \"{needle}\""))
                    .remedy(*remedy)
                    .server_said(ctx),
            );
        }
    }
    let permission_sets = accepted_permissions(ctx);
    if lower.contains("resource not accessible by integration") {
        return Some(not_accessible(ctx, permission_sets, true));
    }
    if lower.contains("resource not accessible by personal access token") {
        return Some(not_accessible(ctx, permission_sets, false));
    }
    if let Some(d) = oauth_scopes(ctx) {
        return Some(d);
    }
    for needle in [
        "must have admin rights",
        "must have push access",
        "must be an organization owner",
        "must be a member",
    ] {
        if lower.contains(needle) {
            return Some(
                Diagnosis::new(Cause::InsufficientScope)
                    .summary("the token is valid, but its user lacks the role this action needs on the repository or organization")
                    .evidence(format!("GitHub's message mentions \"{needle}\""))
                    .remedy("ask a repository or organization admin for the role (Settings → Collaborators and teams), or use a token of a user who has it")
                    .server_said(ctx),
            );
        }
    }
    None
}

/// `X-GitHub-SSO: required; url=https://github.com/orgs/ORG/sso?authorization_request=…`
fn sso(ctx: &Context<'_>, lower: &str) -> Option<Diagnosis> {
    let value = header(ctx.headers, "x-github-sso");
    let required = value.is_some_and(|v| v.to_ascii_lowercase().starts_with("required"));
    if !required && !lower.contains("saml enforcement") {
        return None;
    }
    let url = value.and_then(|v| sso_url(v, &ctx.host()));
    let org = url.as_ref().and_then(|u| {
        let mut seg = u.path_segments()?;
        if seg.next()? != "orgs" {
            return None;
        }
        seg.next().map(str::to_owned)
    });
    let mut d = Diagnosis::new(Cause::OrganizationPolicy).summary(match &org {
        Some(o) => format!(
            "the organization {o} enforces SAML single sign-on, and this token is not authorized for it"
        ),
        None => "the organization enforces SAML single sign-on, and this token is not authorized for it".to_owned(),
    });
    if let Some(v) = value {
        d = d.evidence(format!(
            "X-GitHub-SSO: {}",
            v.split(';').next().unwrap_or("required").trim()
        ));
    }
    d = match &url {
        Some(u) => d.remedy(format!(
            "open {u} (valid for one hour) to authorize this token for the organization"
        )),
        None => d.remedy(
            "authorize the token for the organization: https://github.com/settings/tokens → Configure SSO",
        ),
    };
    Some(
        d.remedy("fine-grained tokens and GitHub Apps are authorized when they are approved for the organization")
            .server_said(ctx),
    )
}

/// The SSO authorization URL, only when it points at GitHub itself (the header comes from the
/// network and must not send a user to another site).
fn sso_url(value: &str, request_host: &str) -> Option<Url> {
    let raw = value
        .split(';')
        .map(str::trim)
        .find_map(|p| p.strip_prefix("url="))?;
    let u = Url::parse(raw).ok()?;
    let host = u.host_str()?.to_ascii_lowercase();
    let trusted = host == "github.com"
        || host.ends_with(".ghe.com")
        || host == request_host
        || request_host.strip_prefix("api.").is_some_and(|h| h == host);
    (u.scheme() == "https" && trusted).then_some(u)
}

/// `X-Accepted-GitHub-Permissions`: alternative sets separated by `;`, permissions within a
/// set by `,`.
fn accepted_permissions(ctx: &Context<'_>) -> Vec<Vec<String>> {
    let Some(v) = header(ctx.headers, "x-accepted-github-permissions") else {
        return Vec::new();
    };
    v.split(';')
        .take(16)
        .map(|set| {
            set.split(',')
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .take(16)
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .filter(|s| !s.is_empty())
        .collect()
}

fn not_accessible(ctx: &Context<'_>, sets: Vec<Vec<String>>, integration: bool) -> Diagnosis {
    let required: Vec<String> = sets.iter().flatten().cloned().collect();
    let described = sets
        .iter()
        .map(|s| s.join(" and "))
        .collect::<Vec<_>>()
        .join(", or ");
    let who = if integration {
        "the GitHub App installation token (or the Actions GITHUB_TOKEN)"
    } else {
        "the fine-grained personal access token"
    };
    let mut d = Diagnosis::new(Cause::InsufficientScope).required(required.clone());
    d = if described.is_empty() {
        d.summary(format!("{who} lacks a permission this endpoint needs"))
    } else {
        d.summary(format!("{who} lacks the permission {described}"))
            .evidence(format!(
                "X-Accepted-GitHub-Permissions: {}",
                header(ctx.headers, "x-accepted-github-permissions").unwrap_or("")
            ))
    };
    let yaml = sets
        .first()
        .map(|s| {
            s.iter()
                .filter_map(|p| p.split_once('='))
                .map(|(k, v)| format!("{k}: {v}"))
                .collect::<Vec<_>>()
                .join(", ")
        })
        .filter(|y| !y.is_empty());
    d = if integration {
        d.remedy(match &yaml {
            Some(y) => format!(
                "in GitHub Actions, grant it in the workflow or job: `permissions: {{ {y} }}`"
            ),
            None => "in GitHub Actions, grant the permission under `permissions:` in the workflow or job".to_owned(),
        })
        .remedy("for a GitHub App, add the permission in the app's settings; the installation must then accept the new permissions")
    } else {
        d.remedy("edit the token at https://github.com/settings/personal-access-tokens: grant the permission and include this repository, under the right resource owner")
    };
    d.server_said(ctx)
}

/// A 403 whose `X-Accepted-OAuth-Scopes` names scopes that `X-OAuth-Scopes` does not cover.
/// An empty accepted list means the endpoint needs no scope: then scopes are not the problem.
fn oauth_scopes(ctx: &Context<'_>) -> Option<Diagnosis> {
    let accepted = ctx.evidence.headers.accepted_scopes.as_ref()?;
    if accepted.is_empty() {
        return None;
    }
    let granted = ctx
        .evidence
        .headers
        .granted_scopes
        .clone()
        .unwrap_or_default();
    if accepted
        .iter()
        .any(|a| granted.iter().any(|g| covers(g, a)))
    {
        return None;
    }
    let minimal = minimal_scope(accepted);
    let host = if ctx.host() == "api.github.com" {
        String::new()
    } else {
        format!("-h {} ", ctx.host().trim_start_matches("api."))
    };
    let mut d = Diagnosis::new(Cause::InsufficientScope)
        .summary(format!(
            "the token's scopes ({}) include none of the scopes this endpoint accepts ({})",
            if granted.is_empty() {
                "none".to_owned()
            } else {
                granted.join(", ")
            },
            accepted.join(", ")
        ))
        .evidence(format!(
            "X-OAuth-Scopes: {}; X-Accepted-OAuth-Scopes: {}",
            granted.join(", "),
            accepted.join(", ")
        ))
        .required(accepted.clone())
        .granted(granted);
    let from_gh = ctx
        .primary()
        .is_some_and(|c| c.secret.expose_secret().starts_with(b"gho_"));
    let cli = format!("`gh auth refresh {host}-s {minimal}`");
    d = if from_gh {
        d.remedy(format!("the token comes from the GitHub CLI: run {cli}"))
    } else {
        d.remedy(format!(
            "add the scope {minimal} to the classic token at https://github.com/settings/tokens (GitHub CLI: {cli})"
        ))
    };
    if auth_scheme(ctx).is_none() {
        d = d.remedy("send the token as `Authorization: Bearer <token>`");
    }
    Some(d.server_said(ctx))
}

/// Whether a granted classic scope covers a required one: `repo` covers `repo:status`,
/// `public_repo`, …; `admin:x` ⊃ `write:x` ⊃ `read:x`; `user` covers `read:user`,
/// `user:email`, `user:follow`; `project` covers `read:project`.
pub(crate) fn covers(granted: &str, required: &str) -> bool {
    if granted == required {
        return true;
    }
    const CHILDREN: &[(&str, &[&str])] = &[
        (
            "repo",
            &[
                "repo:status",
                "repo_deployment",
                "public_repo",
                "repo:invite",
                "security_events",
            ],
        ),
        ("user", &["read:user", "user:email", "user:follow"]),
        ("project", &["read:project"]),
        ("write:packages", &["read:packages"]),
        ("codespace", &["codespace:secrets"]),
        (
            "admin:enterprise",
            &[
                "manage_runners:enterprise",
                "manage_billing:enterprise",
                "read:enterprise",
            ],
        ),
        ("admin:org", &["manage_runners:org"]),
    ];
    if CHILDREN
        .iter()
        .any(|(p, kids)| *p == granted && kids.contains(&required))
    {
        return true;
    }
    let level = |s: &str| -> Option<(u8, String)> {
        let (l, rest) = s.split_once(':')?;
        let n = match l {
            "admin" => 3,
            "write" => 2,
            "read" => 1,
            _ => return None,
        };
        Some((n, rest.to_owned()))
    };
    match (level(granted), level(required)) {
        (Some((g, gr)), Some((r, rr))) => gr == rr && g >= r,
        _ => false,
    }
}

/// The least powerful scope of a list of alternatives: one that covers no other.
fn minimal_scope(accepted: &[String]) -> &str {
    accepted
        .iter()
        .find(|a| !accepted.iter().any(|b| b != *a && covers(a, b)))
        .or(accepted.first())
        .map_or("", String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnose::providers::testkit::{Case, explain, run};
    use std::time::{Duration, UNIX_EPOCH};

    const PAT: &str = "token ghp_FAKESECRETabcdefghijklmnopqrstuvwxyz0123";

    #[test]
    fn scope_hierarchy() {
        assert!(covers("repo", "repo:status"));
        assert!(covers("repo", "public_repo"));
        assert!(covers("admin:org", "write:org"));
        assert!(covers("admin:org", "read:org"));
        assert!(covers("write:org", "read:org"));
        assert!(!covers("read:org", "write:org"));
        assert!(!covers("admin:org", "read:repo_hook"));
        assert!(covers("user", "user:email"));
        assert!(!covers("public_repo", "repo"));
        assert_eq!(
            minimal_scope(&["admin:org".into(), "read:org".into(), "write:org".into()]),
            "read:org"
        );
    }

    #[test]
    fn scope_diff_from_headers() {
        let e = run(
            "https://api.github.com/orgs/acme/teams",
            &[("authorization", PAT)],
            403,
            &[
                ("x-oauth-scopes", "repo, gist"),
                ("x-accepted-oauth-scopes", "admin:org, read:org, write:org"),
            ],
            r#"{"message":"Must have admin rights to Organization."}"#,
        );
        assert_eq!(e.cause(), Some(Cause::InsufficientScope), "{e}");
        assert_eq!(e.required_scopes(), ["admin:org", "read:org", "write:org"]);
        assert_eq!(e.granted_scopes(), ["repo", "gist"]);
        assert!(e.to_string().contains("gh auth refresh -s read:org"), "{e}");
    }

    #[test]
    fn covered_or_empty_accepted_is_not_a_scope_problem() {
        for accepted in ["repo:status", ""] {
            let e = run(
                "https://api.github.com/repos/a/b/statuses/x",
                &[("authorization", PAT)],
                403,
                &[
                    ("x-oauth-scopes", "repo"),
                    ("x-accepted-oauth-scopes", accepted),
                ],
                r#"{"message":"Forbidden"}"#,
            );
            assert_ne!(e.cause(), Some(Cause::InsufficientScope), "{accepted}: {e}");
        }
    }

    #[test]
    fn sso_url_is_offered_only_for_github() {
        let e = run(
            "https://api.github.com/repos/octodocs-test/test",
            &[("authorization", PAT)],
            403,
            &[(
                "x-github-sso",
                "required; url=https://github.com/orgs/octodocs-test/sso?authorization_request=AZSCKtL4U8yX1H3sCQIVnVgmjmon5fWxks5YrqhJgah0b2tlbl9pZM4EuMz4",
            )],
            r#"{"message":"Resource protected by organization SAML enforcement. You must grant your personal token access to this organization.","documentation_url":"https://docs.github.com"}"#,
        );
        assert_eq!(e.cause(), Some(Cause::OrganizationPolicy));
        assert!(e.summary().contains("octodocs-test"), "{e}");
        assert!(
            e.remedies()[0].contains("https://github.com/orgs/octodocs-test/sso?"),
            "{e}"
        );
        assert!(
            sso_url(
                "required; url=https://evil.example/orgs/x/sso",
                "api.github.com"
            )
            .is_none()
        );
        assert!(
            sso_url(
                "required; url=http://github.com/orgs/x/sso",
                "api.github.com"
            )
            .is_none()
        );
        assert!(sso_url("required; url=https://ghe.corp/orgs/x/sso", "ghe.corp").is_some());
    }

    #[test]
    fn primary_and_secondary_rate_limits() {
        let now = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let e = explain(Case {
            url: "https://api.github.com/user",
            request: &[("authorization", PAT)],
            status: 403,
            response: &[
                ("x-ratelimit-remaining", "0"),
                ("x-ratelimit-limit", "5000"),
                ("x-ratelimit-reset", "1700000600"),
                ("x-ratelimit-resource", "core"),
            ],
            body: r#"{"message":"API rate limit exceeded for user ID 1."}"#,
            now,
            ..Case::default()
        });
        assert_eq!(e.cause(), Some(Cause::RateLimited));
        assert_eq!(e.retry_after_s(), Some(600));
        assert!(e.summary().contains("0 of 5000"), "{e}");

        let e = run(
            "https://api.github.com/repos/a/b/issues",
            &[("authorization", PAT)],
            403,
            &[("retry-after", "60"), ("x-ratelimit-remaining", "4000")],
            r#"{"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again."}"#,
        );
        assert_eq!(e.cause(), Some(Cause::RateLimited));
        assert_eq!(e.retry_after_s(), Some(60));
        assert!(e.summary().contains("secondary"), "{e}");
    }

    #[test]
    fn integration_and_fine_grained_permissions() {
        let e = run(
            "https://api.github.com/repos/o/r/dependency-graph/snapshots",
            &[(
                "authorization",
                "Bearer ghs_FAKESECRETk1L2m3N4o5P6q7R8s9T0u1V2w3X4y5",
            )],
            403,
            &[("x-accepted-github-permissions", "contents=write")],
            r#"{"message":"Resource not accessible by integration"}"#,
        );
        assert_eq!(e.cause(), Some(Cause::InsufficientScope));
        assert_eq!(e.required_scopes(), ["contents=write"]);
        assert!(
            e.to_string().contains("permissions: { contents: write }"),
            "{e}"
        );

        let e = run(
            "https://api.github.com/projects/1/collaborators",
            &[(
                "authorization",
                "Bearer github_pat_FAKESECRET_abcdefghijklmnopqrstuvwxyz",
            )],
            403,
            &[(
                "x-accepted-github-permissions",
                "repository_projects=write; organization_projects=admin",
            )],
            r#"{"message":"Resource not accessible by personal access token"}"#,
        );
        assert_eq!(
            e.required_scopes(),
            ["repository_projects=write", "organization_projects=admin"]
        );
        assert!(
            e.summary()
                .contains("repository_projects=write, or organization_projects=admin"),
            "{e}"
        );
    }

    #[test]
    fn bad_credentials_names_the_token_type() {
        let e = run(
            "https://api.github.com/user",
            &[(
                "authorization",
                "Bearer ghs_FAKESECRETk1L2m3N4o5P6q7R8s9T0u1V2w3X4y5",
            )],
            401,
            &[],
            r#"{"message":"Bad credentials","documentation_url":"https://docs.github.com/rest"}"#,
        );
        assert_eq!(e.cause(), Some(Cause::InvalidCredentials));
        assert!(e.summary().contains("one hour"), "{e}");
        let e = run(
            "https://api.github.com/user",
            &[("authorization", PAT)],
            401,
            &[("x-github-otp", "required; app")],
            r#"{"message":"Must specify two-factor authentication OTP code."}"#,
        );
        assert_eq!(e.cause(), Some(Cause::OrganizationPolicy));
    }

    #[test]
    fn ip_allow_list_and_login_lockout() {
        let e = run(
            "https://api.github.com/orgs/acme/repos",
            &[("authorization", PAT)],
            403,
            &[],
            r#"{"message":"Although you appear to have the correct authorization credentials, the `acme` organization has an IP allow list enabled, and your IP address is not permitted to access this resource."}"#,
        );
        assert_eq!(e.cause(), Some(Cause::IpRestricted));
        let e = run(
            "https://api.github.com",
            &[("authorization", "Basic b2N0b2NhdDpGQUtFU0VDUkVU")],
            403,
            &[],
            r#"{"message":"Maximum number of login attempts exceeded. Please try again later."}"#,
        );
        assert_eq!(e.cause(), Some(Cause::RateLimited));
        assert_eq!(e.provider(), Some("GitHub"));
    }

    #[test]
    fn enterprise_server_is_recognised_by_shape() {
        let e = run(
            "https://ghe.corp.example/api/v3/user",
            &[(
                "authorization",
                "token FAKESECRET0123456789abcdef0123456789abcdef",
            )],
            401,
            &[("x-github-request-id", "AB:CD")],
            r#"{"message":"Bad credentials"}"#,
        );
        assert_eq!(e.provider(), Some("GitHub"));
        assert_eq!(e.request_id(), Some("AB:CD"));
    }
}
