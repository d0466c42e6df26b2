//! A 431 Request Header Fields Too Large (RFC 6585 §5) that a credential's own size explains.

use crate::credential::Location;
use crate::explanation::Cause;

use super::super::{Context, Diagnosis, with_server_said};

/// Bytes of one credential (or the request's cookies together) past which a header is large
/// enough to fill a server's header limit on its own (nginx and Node read 8 to 16 KiB of
/// headers; many proxies 8 KiB).
const LARGE_CREDENTIAL: usize = 4096;

/// A 431 (RFC 6585 §5) to a request whose credential is itself that large (a JWT carrying
/// every group of its user, cookies that piled up on a domain): the credential's size is what
/// the server refused. A 431 to a request whose credentials are small is about other headers,
/// and no auth failure.
pub(super) fn oversized_credential(ctx: &Context<'_>) -> Option<Diagnosis> {
    let cookies: usize = ctx
        .origin_credentials()
        .filter(|c| matches!(c.location, Location::Cookie(_)))
        .map(|c| c.secret.expose_secret().len())
        .sum();
    let largest = ctx
        .origin_credentials()
        .map(|c| (c.secret.expose_secret().len(), c.location.to_string()))
        .max_by_key(|(n, _)| *n)?;
    let (bytes, place) = if cookies > largest.0 {
        (cookies, "the request's cookies".to_owned())
    } else {
        (largest.0, largest.1)
    };
    if bytes < LARGE_CREDENTIAL {
        return None;
    }
    Some(with_server_said(
        Diagnosis::new(Cause::MalformedCredentials)
            .summary(format!(
                "the server refused the request's headers as too large (431), and the credential in {place} alone is {} KiB: more than many servers read",
                bytes / 1024
            ))
            .evidence(format!("431 Request Header Fields Too Large (RFC 6585 §5); {place} holds {bytes} bytes"))
            .remedy("send a smaller credential: a token with fewer claims (groups, roles, permissions), a reference token, or fewer cookies; or raise the server's header limit")
            .only_specific_remedies(),
        ctx,
    ))
}
