//! A key whose own prefix names another environment than the host it was sent to serves
//! (`pdl_sdbx_apikey_…` to the live host).

use crate::explanation::Cause;

use super::super::words;
use super::super::{Context, Diagnosis, with_server_said};

/// Which environment a key's own prefix names (`pdl_sdbx_apikey_…`, `sk_live_…`):
/// `Some(true)` for a sandbox key, `Some(false)` for a live one. A *test* key (`sk_test_`,
/// `test_…`) names no host: most providers serve test mode and live mode from one host.
fn key_environment(secret: &[u8]) -> Option<bool> {
    let text = std::str::from_utf8(secret).ok()?;
    // The prefix: leading segments of letters only, before the random part.
    for seg in text.split(['_', '-']).take(4) {
        if seg.is_empty() || seg.len() > 8 || !seg.bytes().all(|b| b.is_ascii_alphabetic()) {
            break;
        }
        match seg.to_ascii_lowercase().as_str() {
            "sandbox" | "sdbx" | "sbx" => return Some(true),
            "live" | "prod" => return Some(false),
            _ => {}
        }
    }
    None
}

/// Whether a host names a test environment in a label of its own (`sandbox-api.…`,
/// `apitest.…`, `api.staging.…`); the top-level domain (`.test`) does not count.
fn host_is_test(host: &str) -> bool {
    let labels: Vec<&str> = host.split('.').collect();
    let Some((_, names)) = labels.split_last() else {
        return false;
    };
    names.iter().any(|l| {
        let l = l.to_ascii_lowercase();
        l.split('-').any(|p| {
            matches!(
                p,
                "sandbox" | "test" | "testing" | "staging" | "stage" | "uat" | "qa"
            ) || p.starts_with("sandbox")
                || (p.len() > 4 && (p.ends_with("test") || p.ends_with("sandbox")))
        })
    })
}

/// A refused key whose prefix names one environment sent to a host of the other: a sandbox
/// key (`pdl_sdbx_…`) at a production host, or a live key (`sk_live_…`) at a sandbox host.
/// The key and the host are what the request itself shows; the server's words may still
/// name a more specific reason, which then stands.
pub(in crate::diagnose) fn environment_mismatch(ctx: &Context<'_>) -> Option<Diagnosis> {
    if !matches!(ctx.status().as_u16(), 401 | 403) {
        return None;
    }
    let key = ctx.primary()?;
    let test_key = key_environment(key.secret.expose_secret())?;
    let test_host = host_is_test(ctx.final_url.host_str()?);
    if test_key == test_host {
        return None;
    }
    // A server that asks for authentication as if none came ("Must be authenticated to access
    // this endpoint") did not read the key: its environment is not what it refused.
    if words::asks_for_authentication(ctx.normalized()) {
        return None;
    }
    if ctx.classify(true).is_some_and(|s| {
        s.named
            && !matches!(
                s.cause,
                Cause::InvalidCredentials
                    | Cause::InsufficientScope
                    | Cause::WrongEnvironment
                    | Cause::UnknownForbidden
                    | Cause::UnknownUnauthorized
            )
    }) {
        return None;
    }
    let (key_is, host_is) = if test_key {
        ("a sandbox key", "a production host")
    } else {
        ("a live key", "a test or sandbox host")
    };
    Some(with_server_said(
        Diagnosis::new(Cause::WrongEnvironment)
            .summary(format!(
                "{key_is} (by its prefix) was sent to {host_is} ({}): keys work only in the environment that issued them",
                ctx.final_url.host_str().unwrap_or("?")
            ))
            .evidence(format!("the key's prefix names {key_is}; the host is {host_is}"))
            .remedy("use the key of the environment this host serves, or send the request to the host of the key's environment"),
        ctx,
    ))
}
