//! A read-only peek at JWT claims (RFC 7519 §4.1). Signatures are never verified, so nothing
//! read here is trusted; it only explains.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;

/// Claims a diagnosis can use.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Claims {
    pub(crate) exp: Option<f64>,
    pub(crate) nbf: Option<f64>,
    pub(crate) iat: Option<f64>,
    pub(crate) iss: Option<String>,
    pub(crate) aud: Vec<String>,
    /// `scope` (space separated) or `scp` (string or array).
    pub(crate) scopes: Vec<String>,
    /// The token says it is a refresh token: a `typ`, `type` or `token_type` claim of
    /// `refresh` (Keycloak, Flask-JWT-Extended, Simple JWT). Such a token is exchanged at a
    /// token endpoint; a resource server does not accept it.
    pub(crate) refresh: bool,
}

/// Why a token's claims could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum PeekError {
    /// Five parts: an encrypted JWE, whose claims cannot be read.
    Encrypted,
    /// Not base64url, not JSON, or not an object.
    Unreadable,
}

/// Reads the payload of a JWS compact token. Callers check the shape with
/// `credential::is_jwt` first.
pub(crate) fn peek(token: &[u8]) -> Result<Claims, PeekError> {
    let map = payload(token)?;
    // NumericDate is in seconds (RFC 7519 §2); some issuers write milliseconds, which read as
    // seconds would put the token thousands of years ahead. A value past 1e11 (the year
    // 5138 in seconds, 1973 in milliseconds) is read as milliseconds.
    let num = |k: &str| {
        map.get(k)
            .and_then(Value::as_f64)
            .map(|v| if v.abs() >= 1e11 { v / 1000.0 } else { v })
    };
    let strings = |v: Option<&Value>, split: bool| -> Vec<String> {
        match v {
            Some(Value::String(s)) if split => s.split_whitespace().map(str::to_owned).collect(),
            Some(Value::String(s)) => vec![s.clone()],
            Some(Value::Array(a)) => a
                .iter()
                .filter_map(Value::as_str)
                .take(256)
                .map(str::to_owned)
                .collect(),
            _ => Vec::new(),
        }
    };
    // RFC 8693 §4.2 `scope`, Microsoft's `scp`, then the lists issuers name for what they
    // grant (`scopes`; Auth0's RBAC `permissions`).
    let mut scopes = Vec::new();
    for claim in ["scope", "scp", "scopes", "permissions"] {
        if scopes.is_empty() {
            scopes = strings(map.get(claim), true);
        }
    }
    if scopes.is_empty() {
        scopes = registry_access(map.get("access"));
    }
    Ok(Claims {
        exp: num("exp"),
        nbf: num("nbf"),
        iat: num("iat"),
        iss: map.get("iss").and_then(Value::as_str).map(str::to_owned),
        aud: strings(map.get("aud"), false),
        scopes,
        refresh: ["typ", "type", "token_type"].iter().any(|k| {
            map.get(*k)
                .and_then(Value::as_str)
                .is_some_and(|v| v.eq_ignore_ascii_case("refresh"))
        }),
    })
}

/// The identifiers a token's payload carries of its holder and itself (`sub`, `sid`, `jti`,
/// at least 8 characters long): a server that echoes one ("Error loading the user <sub>")
/// names the token's holder as well as the token would, so the scrubber hides them.
pub(crate) fn identities(token: &[u8]) -> Vec<String> {
    let Ok(map) = payload(token) else {
        return Vec::new();
    };
    ["sub", "sid", "jti"]
        .iter()
        .filter_map(|k| map.get(*k)?.as_str())
        .filter(|v| v.chars().count() >= 8)
        .map(str::to_owned)
        .collect()
}

/// The claims object of a JWS compact token's payload.
fn payload(token: &[u8]) -> Result<serde_json::Map<String, Value>, PeekError> {
    let parts: Vec<&[u8]> = token.split(|b| *b == b'.').collect();
    if parts.len() == 5 {
        return Err(PeekError::Encrypted);
    }
    if parts.len() != 3 || parts[1].len() > 64 * 1024 {
        return Err(PeekError::Unreadable);
    }
    let bytes = URL_SAFE_NO_PAD
        .decode(trim_padding(parts[1]))
        .map_err(|_| PeekError::Unreadable)?;
    match serde_json::from_slice::<Value>(&bytes) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(PeekError::Unreadable),
    }
}

/// The `access` claim of a registry token (the Docker Registry token specification):
/// `[{"type": "repository", "name": "lib/app", "actions": ["pull"]}]`, as the scopes a
/// registry's challenge names, one per action (`repository:lib/app:pull`).
fn registry_access(access: Option<&Value>) -> Vec<String> {
    let Some(Value::Array(entries)) = access else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for e in entries.iter().take(64) {
        let field = |k: &str| e.get(k).and_then(Value::as_str);
        let (Some(kind), Some(name)) = (field("type"), field("name")) else {
            continue;
        };
        let actions = e.get("actions").and_then(Value::as_array);
        for a in actions
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .take(16)
        {
            out.push(format!("{kind}:{name}:{a}"));
        }
    }
    out
}

fn trim_padding(b: &[u8]) -> &[u8] {
    let end = b.iter().rposition(|c| *c != b'=').map_or(0, |i| i + 1);
    &b[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(payload: &str) -> String {
        format!(
            "eyJhbGciOiJIUzI1NiJ9.{}.c2ln",
            URL_SAFE_NO_PAD.encode(payload)
        )
    }

    #[test]
    fn reads_claims() {
        let c = peek(
            token(r#"{"exp":1700000000,"nbf":1.5,"aud":["a","b"],"scp":"read write","iss":"x"}"#)
                .as_bytes(),
        )
        .unwrap();
        assert_eq!(c.exp, Some(1_700_000_000.0));
        assert_eq!(c.nbf, Some(1.5));
        assert_eq!(c.aud, ["a", "b"]);
        assert_eq!(c.scopes, ["read", "write"]);
        assert_eq!(c.iss.as_deref(), Some("x"));
        // the lists other issuers name (`scopes`, Auth0's `permissions`)
        let c = peek(token(r#"{"scopes":["obj:acme/fw/*:read"]}"#).as_bytes()).unwrap();
        assert_eq!(c.scopes, ["obj:acme/fw/*:read"]);
        let c = peek(token(r#"{"permissions":["read:users","update:users"]}"#).as_bytes()).unwrap();
        assert_eq!(c.scopes, ["read:users", "update:users"]);
        // milliseconds, as some issuers write them
        let c = peek(token(r#"{"exp":1796292291372}"#).as_bytes()).unwrap();
        assert_eq!(c.exp, Some(1_796_292_291.372));
        // a registry token's access claim
        let c = peek(
            token(
                r#"{"access":[{"type":"repository","name":"lib/app","actions":["pull","push"]}]}"#,
            )
            .as_bytes(),
        )
        .unwrap();
        assert_eq!(
            c.scopes,
            ["repository:lib/app:pull", "repository:lib/app:push"]
        );
    }

    #[test]
    fn knows_a_refresh_token_by_its_type_claim() {
        for payload in [
            r#"{"typ":"Refresh"}"#,
            r#"{"type":"refresh"}"#,
            r#"{"token_type":"refresh"}"#,
        ] {
            assert!(
                peek(token(payload).as_bytes()).unwrap().refresh,
                "{payload}"
            );
        }
        for payload in [
            r#"{"typ":"Bearer"}"#,
            r#"{"type":"access"}"#,
            r#"{"refresh":1}"#,
        ] {
            assert!(
                !peek(token(payload).as_bytes()).unwrap().refresh,
                "{payload}"
            );
        }
    }

    #[test]
    fn unreadable_and_encrypted() {
        assert_eq!(peek(b"a.b.c.d.e"), Err(PeekError::Encrypted));
        assert_eq!(peek(b"eyJ.!!!.x"), Err(PeekError::Unreadable));
        assert_eq!(peek(token("[1]").as_bytes()), Err(PeekError::Unreadable));
    }
}
