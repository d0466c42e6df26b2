//! Finding every credential in a request: headers, cookies, URL userinfo and query parameters.

use std::fmt;

use http::HeaderName;
use http::header::{AUTHORIZATION, COOKIE, PROXY_AUTHORIZATION};
use reqwest::Request;

use crate::providers::{self, TokenPrefix};
use crate::secret::{Fingerprint, Secret};

/// Header names that carry an API key or token by convention (lowercase).
pub(crate) const KEY_HEADERS: &[&str] = &[
    "x-api-key",
    "api-key",
    "x-auth-token",
    "x-access-token",
    "apikey",
    "private-token",
    "x-goog-api-key",
    "x-shopify-access-token",
    "dd-api-key",
    "dd-application-key",
    "x-vault-token",
    "ocp-apim-subscription-key",
    "x-functions-key",
    "x-rapidapi-key",
    "x-amz-security-token",
    "xi-api-key",
    "x-figma-token",
    "x-gitlab-token",
];

/// Query parameter names that carry a key, token or signature (compared case-insensitively).
pub(crate) const KEY_QUERY_PARAMS: &[&str] = &[
    "api_key",
    "apikey",
    "api-key",
    "key",
    "access_token",
    "token",
    "sig",
    "signature",
    "x-amz-signature",
    "x-amz-credential",
    "x-amz-security-token",
    "awsaccesskeyid",
    "x-goog-signature",
    "x-goog-credential",
    "client_secret",
    "password",
    "auth",
];

/// Where a credential travels in a request.
///
/// Its text form is stable and used in JSON and tracing: `header:authorization`,
/// `cookie:session`, `url:userinfo`, `query:api_key`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Location {
    /// A request header (lowercase name).
    Header(HeaderName),
    /// One cookie of the `Cookie` header, by cookie name.
    Cookie(String),
    /// `user:password@` in the URL.
    UrlUserinfo,
    /// A query parameter, by name as written.
    Query(String),
}

impl Location {
    /// Whether the credential travels in the URL (and so leaks into logs and `Referer`).
    pub fn is_in_url(&self) -> bool {
        matches!(self, Location::UrlUserinfo | Location::Query(_))
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Header(h) => write!(f, "header:{}", h.as_str()),
            Location::Cookie(c) => write!(f, "cookie:{c}"),
            Location::UrlUserinfo => f.write_str("url:userinfo"),
            Location::Query(q) => write!(f, "query:{q}"),
        }
    }
}

impl serde::Serialize for Location {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// What a credential looks like, judged from its shape alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CredentialKind {
    /// A JSON Web Token (three base64url parts, header starting `eyJ`).
    Jwt,
    /// `Basic` credentials: base64 of `user:password`.
    Basic,
    /// An AWS Signature Version 4 `Authorization` header.
    AwsSigV4,
    /// A token whose prefix names its issuer and type (`ghp_`, `sk_live_`, …).
    Known(&'static TokenPrefix),
    /// A cookie value.
    Cookie,
    /// A URL signature or signed-URL parameter.
    Signature,
    /// Anything else: an opaque token or key.
    Opaque,
}

impl fmt::Display for CredentialKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CredentialKind::Jwt => f.write_str("JWT"),
            CredentialKind::Basic => f.write_str("Basic user:password"),
            CredentialKind::AwsSigV4 => f.write_str("AWS SigV4 signature"),
            CredentialKind::Known(p) => f.write_str(p.description),
            CredentialKind::Cookie => f.write_str("cookie"),
            CredentialKind::Signature => f.write_str("URL signature"),
            CredentialKind::Opaque => f.write_str("opaque token"),
        }
    }
}

/// One credential found in a request.
///
/// The secret part is held in a [`Secret`]; everything else is safe to show. `Debug` prints
/// the secret as `Secret([REDACTED])` with its fingerprint, and hides a scheme that does not
/// look like one (it may be part of the secret).
#[derive(Clone)]
pub struct Credential {
    pub(crate) location: Location,
    pub(crate) scheme: Option<String>,
    pub(crate) kind: CredentialKind,
    pub(crate) secret: Secret,
    pub(crate) source: Option<String>,
}

impl Credential {
    pub(crate) fn new(location: Location, scheme: Option<String>, secret: Secret) -> Self {
        let kind = classify(scheme.as_deref(), secret.expose_secret(), &location);
        Credential {
            location,
            scheme,
            kind,
            secret,
            source: None,
        }
    }

    /// Where the credential travels.
    pub fn location(&self) -> &Location {
        &self.location
    }

    /// The authentication scheme as sent (`Bearer`, `token`, `Basic`), when there is one.
    pub fn scheme(&self) -> Option<&str> {
        self.scheme.as_deref()
    }

    /// What the credential looks like.
    pub fn kind(&self) -> CredentialKind {
        self.kind
    }

    /// The provider its prefix points to, if any (`GitHub`, `Stripe`, …).
    pub fn provider(&self) -> Option<&'static str> {
        match self.kind {
            CredentialKind::Known(p) => Some(p.provider),
            CredentialKind::AwsSigV4 => Some("AWS"),
            _ => None,
        }
    }

    /// The secret part (the token after the scheme, the cookie value, …).
    pub fn secret(&self) -> &Secret {
        &self.secret
    }

    /// The secret's fingerprint.
    pub fn fingerprint(&self) -> Fingerprint {
        self.secret.fingerprint()
    }

    /// Where the middleware got this credential from when it injected it itself
    /// (`env var API_KEY`, `file /run/secrets/key`).
    pub fn source(&self) -> Option<&str> {
        self.source.as_deref()
    }
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credential")
            .field("location", &format_args!("{}", self.location))
            .field(
                "scheme",
                &self
                    .scheme
                    .as_deref()
                    .map(|s| crate::redact::shown_scheme(s).unwrap_or("[REDACTED]")),
            )
            .field("kind", &format_args!("{}", self.kind))
            .field("secret", &self.secret)
            .field("fingerprint", &format_args!("{}", self.fingerprint()))
            .field("source", &self.source)
            .finish()
    }
}

/// Header and query names to treat as credentials besides the built-in ones.
#[derive(Clone, Debug, Default)]
pub(crate) struct Names {
    pub(crate) headers: Vec<HeaderName>,
    pub(crate) query: Vec<String>,
}

/// Every credential in `req`, in a stable order: `Authorization`, `Proxy-Authorization`, key
/// headers, configured headers, URL userinfo, query parameters, cookies.
pub(crate) fn find(req: &Request, names: &Names) -> Vec<Credential> {
    let mut out = Vec::new();
    let headers = req.headers();
    for name in [AUTHORIZATION, PROXY_AUTHORIZATION] {
        for value in headers.get_all(&name) {
            let (scheme, token) = split_scheme(value.as_bytes());
            out.push(Credential::new(
                Location::Header(name.clone()),
                scheme.map(|s| String::from_utf8_lossy(s).into_owned()),
                Secret::new(token),
            ));
        }
    }
    for (name, value) in headers {
        if is_key_header(name, names) {
            out.push(Credential::new(
                Location::Header(name.clone()),
                None,
                Secret::new(value.as_bytes()),
            ));
        }
    }
    let url = req.url();
    if !url.username().is_empty() || url.password().is_some() {
        let user = percent_decode(url.username());
        let pass = url.password().map(percent_decode).unwrap_or_default();
        let mut pair = user;
        pair.push(b':');
        pair.extend_from_slice(&pass);
        let mut c = Credential::new(Location::UrlUserinfo, None, Secret::new(pair));
        c.kind = CredentialKind::Basic;
        out.push(c);
    }
    if url.query().is_some() {
        for (k, v) in url.query_pairs() {
            if is_key_param(&k, names) {
                out.push(Credential::new(
                    Location::Query(k.into_owned()),
                    None,
                    Secret::new(v.as_bytes()),
                ));
            }
        }
    }
    for value in headers.get_all(COOKIE) {
        for pair in value.as_bytes().split(|b| *b == b';') {
            let pair = trim_ascii(pair);
            if pair.is_empty() {
                continue;
            }
            let (name, val) = match pair.iter().position(|b| *b == b'=') {
                Some(i) => (&pair[..i], &pair[i + 1..]),
                None => (&b""[..], pair),
            };
            out.push(Credential::new(
                Location::Cookie(String::from_utf8_lossy(trim_ascii(name)).into_owned()),
                None,
                Secret::new(val),
            ));
        }
    }
    out
}

/// Whether a query parameter name carries a credential.
pub(crate) fn is_key_param(name: &str, names: &Names) -> bool {
    KEY_QUERY_PARAMS
        .iter()
        .any(|k| k.eq_ignore_ascii_case(name))
        || names.query.iter().any(|k| k.eq_ignore_ascii_case(name))
}

/// Whether any header, the URL or a cookie might hold a credential. Cheap and allocation-free:
/// the success path uses it to skip everything else when the request carries nothing.
pub(crate) fn any_present(req: &Request, names: &Names) -> bool {
    let url = req.url();
    req.headers().keys().any(|n| {
        *n == AUTHORIZATION || *n == PROXY_AUTHORIZATION || *n == COOKIE || is_key_header(n, names)
    }) || !url.username().is_empty()
        || url.password().is_some()
        || url.query().is_some_and(|q| {
            q.split('&').any(|kv| {
                let k = kv.split('=').next().unwrap_or("");
                is_key_param(k, names)
            })
        })
}

/// Whether a header other than `Authorization`, `Proxy-Authorization` and `Cookie` carries a
/// key: a built-in key header or a configured one.
pub(crate) fn is_key_header(name: &HeaderName, names: &Names) -> bool {
    KEY_HEADERS.contains(&name.as_str()) || names.headers.contains(name)
}

/// Splits `Scheme token` into its scheme and the rest. A value without a space, or whose first
/// word is not an auth-scheme token (RFC 9110 §11.1), has no scheme.
pub(crate) fn split_scheme(value: &[u8]) -> (Option<&[u8]>, &[u8]) {
    let v = trim_ascii(value);
    let Some(sp) = v.iter().position(|b| *b == b' ' || *b == b'\t') else {
        return (None, v);
    };
    let scheme = &v[..sp];
    if scheme.is_empty() || !scheme.iter().all(|b| is_tchar(*b)) || looks_like_token(scheme) {
        return (None, v);
    }
    (Some(scheme), trim_ascii(&v[sp..]))
}

/// A first word that is itself a long key (not a scheme name): `ghp_…`, a JWT, a hex key.
fn looks_like_token(word: &[u8]) -> bool {
    word.len() > 24
}

/// RFC 9110 §5.6.2 tchar.
pub(crate) fn is_tchar(b: u8) -> bool {
    TCHAR[b as usize]
}

/// [`is_tchar`] as a table: it runs on every scheme of every request.
const TCHAR: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        t[i] = b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'!' | b'#'
                    | b'$'
                    | b'%'
                    | b'&'
                    | b'\''
                    | b'*'
                    | b'+'
                    | b'-'
                    | b'.'
                    | b'^'
                    | b'_'
                    | b'`'
                    | b'|'
                    | b'~'
            );
        i += 1;
    }
    t
};

pub(crate) fn trim_ascii(v: &[u8]) -> &[u8] {
    let start = v
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(v.len());
    let end = v
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(start, |i| i + 1);
    &v[start..end.max(start)]
}

fn percent_decode(s: &str) -> Vec<u8> {
    url::form_urlencoded::parse(format!("x={}", s.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned().into_bytes())
        .unwrap_or_default()
}

/// Whether a token has the shape of a JWS compact serialization (RFC 7515 §7.1).
pub(crate) fn is_jwt(token: &[u8]) -> bool {
    token.starts_with(b"eyJ")
        && token.iter().filter(|b| **b == b'.').count() == 2
        && token
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'='))
}

fn classify(scheme: Option<&str>, token: &[u8], location: &Location) -> CredentialKind {
    if let Location::Cookie(_) = location {
        if is_jwt(token) {
            return CredentialKind::Jwt;
        }
        return CredentialKind::Cookie;
    }
    if let Location::Query(name) = location {
        let n = name.to_ascii_lowercase();
        if n.contains("sig") || n.contains("credential") || n == "awsaccesskeyid" {
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
    if let Some(p) = providers::token_prefix(token) {
        return CredentialKind::Known(p);
    }
    CredentialKind::Opaque
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(url: &str, headers: &[(&str, &str)]) -> Request {
        let mut r = Request::new(reqwest::Method::GET, url.parse().unwrap());
        for (k, v) in headers {
            r.headers_mut().append(
                HeaderName::from_bytes(k.as_bytes()).unwrap(),
                v.parse().unwrap(),
            );
        }
        r
    }

    #[test]
    fn finds_every_place() {
        let r = req(
            "https://u:p%40ss@api.example.com/x?api_key=k1&color=blue&X-Amz-Signature=abc",
            &[
                ("authorization", "Bearer ghp_FAKESECRET0123456789"),
                ("x-api-key", "k2"),
                ("cookie", "session=s1; theme=dark"),
                ("x-tenant-key", "k3"),
            ],
        );
        let names = Names {
            headers: vec![HeaderName::from_static("x-tenant-key")],
            query: vec![],
        };
        let found = find(&r, &names);
        let locs: Vec<String> = found.iter().map(|c| c.location.to_string()).collect();
        assert_eq!(
            locs,
            [
                "header:authorization",
                "header:x-api-key",
                "header:x-tenant-key",
                "url:userinfo",
                "query:api_key",
                "query:X-Amz-Signature",
                "cookie:session",
                "cookie:theme"
            ]
        );
        assert_eq!(found[0].scheme(), Some("Bearer"));
        assert_eq!(found[0].provider(), Some("GitHub"));
        assert_eq!(found[3].secret.expose_secret(), b"u:p@ss");
        assert_eq!(found[5].kind, CredentialKind::Signature);
        assert!(any_present(&r, &names));
        assert!(!any_present(
            &req("https://a.example/?color=1", &[]),
            &names
        ));
    }

    #[test]
    fn scheme_split() {
        assert_eq!(
            split_scheme(b"Bearer abc"),
            (Some(&b"Bearer"[..]), &b"abc"[..])
        );
        assert_eq!(split_scheme(b"abc"), (None, &b"abc"[..]));
        assert_eq!(
            split_scheme(b"  token   x "),
            (Some(&b"token"[..]), &b"x"[..])
        );
        assert_eq!(split_scheme(b"Bearer"), (None, &b"Bearer"[..]));
    }

    #[test]
    fn debug_never_shows_the_secret() {
        let c = Credential::new(
            Location::Header(AUTHORIZATION),
            Some("Bearer".into()),
            Secret::new("ghp_FAKESECRET0123456789"),
        );
        let d = format!("{c:?}{c:#?}");
        assert!(d.contains("Secret([REDACTED])"), "{d}");
        assert!(d.contains(c.fingerprint().as_str()), "{d}");
        assert!(!d.contains("FAKESECRET"), "{d}");
        // a first word that is not a scheme may be the secret's first half
        let c = Credential::new(
            Location::Header(AUTHORIZATION),
            Some("k3yPart2".into()),
            Secret::new("rest"),
        );
        assert!(!format!("{c:?}").contains("k3yPart2"));
    }

    #[test]
    fn kinds() {
        let c = Credential::new(
            Location::Header(AUTHORIZATION),
            Some("Bearer".into()),
            Secret::new("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig"),
        );
        assert_eq!(c.kind, CredentialKind::Jwt);
        let c = Credential::new(
            Location::Header(AUTHORIZATION),
            Some("Basic".into()),
            Secret::new("dTpw"),
        );
        assert_eq!(c.kind.to_string(), "Basic user:password");
        let c = Credential::new(Location::Header(AUTHORIZATION), None, Secret::new("opaque"));
        assert_eq!(c.kind.to_string(), "opaque token");
    }
}
