//! What kind of credential a token is, by its scheme, location and shape.

use super::prefix::token_prefix;
use super::{CredentialKind, Location};

/// Whether a token has the shape of a JWS compact serialization (RFC 7515 §7.1).
pub(crate) fn is_jwt(token: &[u8]) -> bool {
    token.starts_with(b"eyJ")
        && token.iter().filter(|b| **b == b'.').count() == 2
        && token
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'='))
}

pub(super) fn classify(scheme: Option<&str>, token: &[u8], location: &Location) -> CredentialKind {
    if let Location::Cookie(_) = location {
        if is_jwt(token) {
            return CredentialKind::Jwt;
        }
        return CredentialKind::Cookie;
    }
    if let Location::Query(name) = location {
        let n = name.to_ascii_lowercase();
        // (and a digest's name alone, nginx `secure_link`'s `?md5=`: the link's keyed hash)
        if n.contains("sig")
            || n.contains("credential")
            || n == "awsaccesskeyid"
            || super::words::is_digest_name(&n)
        {
            return CredentialKind::Signature;
        }
    }
    match scheme {
        Some(s) if s.eq_ignore_ascii_case("basic") => return CredentialKind::Basic,
        Some(s) if s.eq_ignore_ascii_case("AWS4-HMAC-SHA256") => return CredentialKind::AwsSigV4,
        _ => {}
    }
    if is_jwt(token) {
        return CredentialKind::Jwt;
    }
    if let Some(p) = token_prefix(token) {
        return CredentialKind::Known(p);
    }
    CredentialKind::Opaque
}
