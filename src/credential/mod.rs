//! Finding every credential in a request: headers, cookies, URL userinfo and query parameters.
//!
//! This module owns [`Credential`], [`Location`], [`CredentialKind`], [`Names`] and discovery
//! ([`find`], [`any_present`]); the syntax of header values (`scheme`), names made of credential
//! words (`words`), values that are credentials by their shape (`shape`), token issuer prefixes
//! (`prefix`) and what kind a token is (`token`) each have a file.

use std::fmt;

use http::HeaderName;
use http::header::{AUTHORIZATION, COOKIE, PROXY_AUTHORIZATION};
use reqwest::Request;

use crate::secret::{Fingerprint, Secret};

pub(crate) mod body;
pub(crate) mod prefix;
mod scheme;
mod shape;
mod token;
mod words;

use shape::with_decoded;
use token::classify;

pub(crate) use prefix::{TokenPrefix, TokenUsage, token_prefix};
pub(crate) use scheme::{KNOWN_SCHEMES, is_tchar, shown_scheme, split_scheme, trim_ascii};
pub(crate) use shape::{
    MIN_LOOSE_KEY, MIN_TOKEN_SHAPED, decode, is_cut_value_rest, is_key_under_loose_name,
    is_nameless_key, is_password_beside_user, is_random_key, is_secret_query_value,
    is_token_shaped, is_uuid, matrix_secret, path_secrets, webhook_token_segment,
};
pub(crate) use token::is_jwt;
pub(crate) use words::{
    is_csrf_name, is_digest_name, is_word_header, is_word_param, names_a_signature,
};

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
    // RFC 9449 §4.1: the proof of possession a DPoP-bound request carries (a signed JWT)
    "dpop",
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
    // An API client id in a query is a credential of its own in many APIs (maps, search).
    "client_id",
    "clientid",
    // HAFAS transit APIs (Trafiklab, VOR, many timetable services): the key is the `accessId`
    "accessid",
    "access_id",
];

/// Where a credential travels in a request.
///
/// Its text form is stable and used in JSON and tracing: `header:authorization`,
/// `cookie:session`, `url:userinfo`, `query:api_key`, `path:0`, `body:client_secret`.
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
    /// A segment of the URL path, by index (0 is the first segment after the leading `/`):
    /// a token-shaped segment, or the secret part of a known secret-bearing URL (Telegram
    /// `/bot<id>:<token>/`, Slack and Discord webhooks).
    Path(usize),
    /// A field of a JSON or form request body, by name (`api_key`, `client_secret`), read when
    /// a failure is explained.
    Body(String),
    /// A `name=value` pair of the URL fragment (`#access_token=…`), by name. Nothing after `#`
    /// is ever sent (RFC 3986 §3.5): a credential there is named only by the finding
    /// `credential_in_fragment`.
    Fragment(String),
}

impl Location {
    /// Whether the credential travels in the URL (and so leaks into logs and `Referer`).
    pub fn is_in_url(&self) -> bool {
        matches!(
            self,
            Location::UrlUserinfo | Location::Query(_) | Location::Path(_) | Location::Fragment(_)
        )
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Header(h) => write!(f, "header:{}", h.as_str()),
            Location::Cookie(c) => write!(f, "cookie:{c}"),
            Location::UrlUserinfo => f.write_str("url:userinfo"),
            Location::Query(q) => write!(f, "query:{q}"),
            Location::Path(i) => write!(f, "path:{i}"),
            Location::Body(b) => write!(f, "body:{b}"),
            Location::Fragment(n) => write!(f, "fragment:{n}"),
        }
    }
}

impl serde::Serialize for Location {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// From its text form, as it serializes.
impl<'de> serde::Deserialize<'de> for Location {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        let location = match text.split_once(':') {
            Some(("header", h)) => HeaderName::from_bytes(h.as_bytes())
                .ok()
                .map(Location::Header),
            Some(("cookie", c)) => Some(Location::Cookie(c.to_owned())),
            Some(("url", "userinfo")) => Some(Location::UrlUserinfo),
            Some(("query", q)) => Some(Location::Query(q.to_owned())),
            Some(("path", i)) => i.parse().ok().map(Location::Path),
            Some(("body", b)) => Some(Location::Body(b.to_owned())),
            Some(("fragment", n)) => Some(Location::Fragment(n.to_owned())),
            _ => None,
        };
        // The input is not repeated in the error: it may be anything.
        location.ok_or_else(|| {
            serde::de::Error::custom(
                "not a credential location (`header:<name>`, `cookie:<name>`, `url:userinfo`, \
                 `query:<name>`, `path:<index>`, `body:<name>` or `fragment:<name>`)",
            )
        })
    }
}

/// What a credential looks like, judged from its shape alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub(crate) enum CredentialKind {
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
pub(crate) struct Credential {
    pub(crate) location: Location,
    pub(crate) scheme: Option<String>,
    pub(crate) kind: CredentialKind,
    pub(crate) secret: Secret,
    pub(crate) source: Option<String>,
    pub(crate) found_by: FoundBy,
}

/// How discovery recognised a credential.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FoundBy {
    /// Where credentials travel by standard: `Authorization`, `Proxy-Authorization`, cookies,
    /// URL userinfo.
    Standard,
    /// A name of [`KEY_HEADERS`] or [`KEY_QUERY_PARAMS`].
    NameList,
    /// A name made of credential words ([`is_word_header`], [`is_word_param`]).
    NameWords,
    /// The value's shape: a token-shaped path segment or query value under any name.
    ValueShape,
    /// A known secret-bearing URL (Telegram bot, Slack or Discord webhook).
    UrlShape,
    /// A name given to the builder.
    Configured,
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
            found_by: FoundBy::Standard,
        }
    }

    /// The same credential, noted as found `by`.
    pub(crate) fn found(mut self, by: FoundBy) -> Self {
        self.found_by = by;
        self
    }

    /// The provider its prefix points to, if any (`GitHub`, `Stripe`, …).
    pub(crate) fn provider(&self) -> Option<&'static str> {
        match self.kind {
            CredentialKind::Known(p) => Some(p.provider),
            CredentialKind::AwsSigV4 => Some("AWS"),
            _ => None,
        }
    }

    /// The secret's fingerprint.
    pub(crate) fn fingerprint(&self) -> Fingerprint {
        self.secret.fingerprint()
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
                    .map(|s| shown_scheme(s).unwrap_or("[REDACTED]")),
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

/// Every credential in `req`, in a stable order: `Authorization`, `Proxy-Authorization`, other
/// credential headers (listed, configured or named with credential words) in header order, URL
/// userinfo, query parameters, path segments, cookies.
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
        if let Some(by) = header_found_by(name, names) {
            out.push(
                Credential::new(
                    Location::Header(name.clone()),
                    None,
                    Secret::new(value.as_bytes()),
                )
                .found(by),
            );
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
    if let Some(query) = url.query() {
        // Whether the segment before was a credential's parameter: a segment without `=`
        // after it may be the rest of its value, cut at an unencoded `&`.
        let mut after_credential = false;
        // `query_pairs`, one raw segment at a time (it skips empty ones too).
        let segments = query.split('&').filter(|raw| !raw.is_empty());
        for raw in segments {
            let Some((k, v)) = url::form_urlencoded::parse(raw.as_bytes()).next() else {
                continue;
            };
            if after_credential && !raw.contains('=') && is_cut_value_rest(&k) {
                if let Some(last) = out.last_mut() {
                    let mut whole = last.secret.expose_secret().to_vec();
                    whole.push(b'&');
                    whole.extend_from_slice(k.as_bytes());
                    last.secret = Secret::new(whole);
                }
                continue;
            }
            // A key sent as the whole segment, without a name: it is shown as the query's
            // unnamed value.
            if !raw.contains('=') && is_nameless_key(&k) {
                out.push(
                    Credential::new(
                        Location::Query(String::new()),
                        None,
                        Secret::new(k.as_bytes()),
                    )
                    .found(FoundBy::ValueShape),
                );
                after_credential = true;
                continue;
            }
            let by = param_found_by(&k, names)
                // (a name that is a key's only with a key's value: the name says it)
                .or_else(|| is_key_under_loose_name(&k, &v).then_some(FoundBy::NameWords))
                .or_else(|| is_secret_query_value(&k, &v).then_some(FoundBy::ValueShape))
                .or_else(|| {
                    (!v.is_empty() && is_password_beside_user(&k, url.query().unwrap_or("")))
                        .then_some(FoundBy::NameWords)
                });
            after_credential = by.is_some() && !v.is_empty();
            if let Some(by) = by {
                out.push(
                    Credential::new(
                        Location::Query(k.into_owned()),
                        None,
                        Secret::new(v.as_bytes()),
                    )
                    .found(by),
                );
            }
        }
    }
    for (i, secret, by) in path_secrets(url.host_str().unwrap_or(""), url.path()) {
        out.push(
            Credential::new(Location::Path(i), None, Secret::new(secret.as_bytes())).found(by),
        );
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

/// Whether a query parameter name (decoded) carries a credential: a listed or configured name,
/// or one made of credential words ([`is_word_param`]).
pub(crate) fn is_key_param(name: &str, names: &Names) -> bool {
    param_found_by(name, names).is_some()
}

/// How a query parameter name (decoded) is recognised as a credential's, if it is.
fn param_found_by(name: &str, names: &Names) -> Option<FoundBy> {
    if KEY_QUERY_PARAMS
        .iter()
        .any(|k| k.eq_ignore_ascii_case(name))
    {
        Some(FoundBy::NameList)
    } else if names.query.iter().any(|k| k.eq_ignore_ascii_case(name)) {
        Some(FoundBy::Configured)
    } else if is_word_param(name) || is_sig_param(name) {
        Some(FoundBy::NameWords)
    } else {
        None
    }
}

/// A signed URL's signature by the short name (`sig`, `temp_url_sig`, `url-sig`): the
/// redactor hides it, and it is the link's credential.
fn is_sig_param(name: &str) -> bool {
    let b = name.as_bytes();
    b.len() >= 3
        && b[b.len() - 3..].eq_ignore_ascii_case(b"sig")
        && (b.len() == 3 || matches!(b[b.len() - 4], b'_' | b'-'))
}

/// How a header other than `Authorization`, `Proxy-Authorization` and `Cookie` is recognised as
/// a credential's, if it is.
pub(crate) fn header_found_by(name: &HeaderName, names: &Names) -> Option<FoundBy> {
    if KEY_HEADERS.contains(&name.as_str()) {
        Some(FoundBy::NameList)
    } else if names.headers.contains(name) {
        Some(FoundBy::Configured)
    } else if is_word_header(name) {
        Some(FoundBy::NameWords)
    } else {
        None
    }
}

/// Whether any header, the URL or a cookie might hold a credential. Cheap and allocation-free
/// (but for a query name or value longer than 128 bytes that is percent-encoded): the success
/// path uses it to skip everything else when the request carries nothing. It agrees with
/// [`find`]: query names and values are decoded before they are judged.
pub(crate) fn any_present(req: &Request, names: &Names) -> bool {
    let url = req.url();
    req.headers().keys().any(|n| {
        *n == AUTHORIZATION
            || *n == PROXY_AUTHORIZATION
            || *n == COOKIE
            || is_key_header(n, names)
            || is_word_header(n)
    }) || !url.username().is_empty()
        || url.password().is_some()
        || url.query().is_some_and(|q| {
            q.split('&').any(|kv| {
                let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
                with_decoded(k, |k| {
                    (!kv.contains('=') && is_nameless_key(k))
                        || is_key_param(k, names)
                        || (!v.is_empty() && is_password_beside_user(k, q))
                        || (v.len() >= MIN_LOOSE_KEY
                            && with_decoded(v, |v| is_secret_query_value(k, v)))
                })
            })
        })
        || path_secrets(url.host_str().unwrap_or(""), url.path())
            .next()
            .is_some()
}

/// Whether a header other than `Authorization`, `Proxy-Authorization` and `Cookie` carries a
/// key: a built-in key header or a configured one. Pre-flight validates and repairs these only;
/// headers found by [`is_word_header`] (signatures among them) are never rewritten.
pub(crate) fn is_key_header(name: &HeaderName, names: &Names) -> bool {
    KEY_HEADERS.contains(&name.as_str()) || names.headers.contains(name)
}

fn percent_decode(s: &str) -> Vec<u8> {
    url::form_urlencoded::parse(format!("x={}", s.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned().into_bytes())
        .unwrap_or_default()
}

#[cfg(test)]
pub(crate) mod tests {
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
        assert_eq!(found[0].scheme.as_deref(), Some("Bearer"));
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

    fn found(url: &str, headers: &[(&str, &str)]) -> Vec<(String, FoundBy, Vec<u8>)> {
        let r = req(url, headers);
        let names = Names::default();
        let all = find(&r, &names);
        assert_eq!(
            any_present(&r, &names),
            !all.is_empty(),
            "{url} {headers:?}"
        );
        all.into_iter()
            .map(|c| {
                (
                    c.location.to_string(),
                    c.found_by,
                    c.secret.expose_secret().to_vec(),
                )
            })
            .collect()
    }

    pub(crate) fn locations(url: &str, headers: &[(&str, &str)]) -> Vec<String> {
        found(url, headers).into_iter().map(|f| f.0).collect()
    }

    #[test]
    fn exchange_signing_headers_are_credentials_by_their_words() {
        let f = found(
            "https://www.okx.com/api/v5/account/balance",
            &[
                ("ok-access-key", "FAKEKEY"),
                ("ok-access-sign", "FAKESIGN="),
                ("ok-access-timestamp", "2020-12-08T09:08:57.715Z"),
                ("ok-access-passphrase", "FAKEPASS"),
                ("content-type", "application/json"),
            ],
        );
        let locs: Vec<&str> = f.iter().map(|c| c.0.as_str()).collect();
        assert_eq!(
            locs,
            [
                "header:ok-access-key",
                "header:ok-access-sign",
                "header:ok-access-passphrase"
            ]
        );
        assert!(f.iter().all(|c| c.1 == FoundBy::NameWords));
        assert_eq!(f[1].2, b"FAKESIGN=");
        for name in [
            "x-mbx-apikey",
            "kc-api-key",
            "kc-api-sign",
            "kc-api-passphrase",
            "access-key",
            "x-bapi-sign",
            "x-bapi-api-key",
            "x-amz-access-token",
            "x-session-token",
            "x-auth",
            "x-client-secret",
            "x-csrf-token",
            "x_api_password",
            "grpc-metadata-macaroon",
            "x-authorization",
            "x-chatworktoken",
            "dolapikey",
            "x-dc-devkey",
            "x-appkey",
            "authentication",
            "x-authentication",
        ] {
            let h = HeaderName::from_bytes(name.as_bytes()).unwrap();
            assert!(is_word_header(&h), "{name}");
            assert_eq!(
                locations("https://a.example/", &[(name, "v")]),
                [format!("header:{name}")]
            );
        }
        // list names keep their origin
        assert_eq!(
            found("https://a.example/", &[("x-api-key", "k")])[0].1,
            FoundBy::NameList
        );
    }

    #[test]
    fn ordinary_headers_are_not_credentials() {
        for name in [
            "idempotency-key",
            "x-idempotency-key",
            "x-request-id",
            "content-type",
            "content-md5",
            "accept-encoding",
            "sec-websocket-key",
            "x-api-version",
            "x-amz-content-sha256",
            "x-amz-date",
            "ok-access-timestamp",
            "kc-api-key-version",
            "x-bapi-sign-type",
            "x-bapi-timestamp",
            "keep-alive",
            "x-goog-user-project",
            "x-cache-key",
            "x-public-key",
            "x-page-token",
            "x-nextpagetoken",
            "user-agent",
            "x-keyword",
            "monkey",
            "signed-headers",
        ] {
            let h = HeaderName::from_bytes(name.as_bytes()).unwrap();
            assert!(!is_word_header(&h), "{name}");
            assert!(
                locations("https://a.example/", &[(name, "v")]).is_empty(),
                "{name}"
            );
        }
        assert!(is_csrf_name("x-csrf-token") && is_csrf_name("X-XSRF-TOKEN"));
        assert!(!is_csrf_name("x-api-key"));
        // A mode in a query (`?authentication=none`), not a credential.
        assert!(!is_word_param("authentication"));
    }

    #[test]
    fn keys_under_loose_names_by_their_shape() {
        // AcoustID's application key, an Azure Functions key, a CAS ticket, a glued key name.
        for (name, value) in [
            ("client", "8XaBELgH2"),
            ("code", "aZ09xYq7Lm"),
            ("ticket", "ST-1-cas01x"),
            ("userkey", "k3yValue99"),
            ("partnerkey", "p4rtner-77"),
        ] {
            let url = format!("https://a.example/v2/lookup?{name}={value}&meta=x");
            assert_eq!(
                locations(&url, &[]),
                vec![format!("query:{name}")],
                "{name}"
            );
            assert!(!crate::redact_url(&url::Url::parse(&url).unwrap(), &[]).contains(value));
        }
        // The same names holding words, country codes and short numbers are no credentials.
        for (name, value) in [
            ("client", "firefox"),
            ("client", "gme-acme"),
            ("code", "US"),
            ("code", "123456"),
            ("sortkey", "name"),
            ("ticket", "ab12"),
        ] {
            let url = format!("https://a.example/x?{name}={value}");
            assert!(locations(&url, &[]).is_empty(), "{name}={value}");
        }
    }

    #[test]
    fn query_names_made_of_credential_words() {
        for name in [
            "appid",
            "app_id",
            "appId",
            "application_id",
            "wskey",
            "ukey",
            "app_key",
            "apiKey",
            "access_key",
            "accessKey",
            "auth_token",
            "client_secret",
            "sign",
            "session_id",
            "x-api-key",
            "passhash",
            "pass",
            "page_access_token",
        ] {
            let url = format!("https://a.example/x?{name}=v1&page=2");
            assert_eq!(locations(&url, &[]), [format!("query:{name}")], "{name}");
        }
        for name in [
            "page",
            "sort",
            "page_token",
            "pageToken",
            "nextPageToken",
            "sign_type",
            "token_type",
            "public_key",
            "keyword",
            "monkey",
            "turkey",
            "hotkey",
            // an id of something else than the app
            "user_id",
            "app_version",
            // `pass` is a verb in a longer name
            "pass_through",
            "next_page_token",
            "page_key",
        ] {
            let url = format!("https://a.example/x?{name}=v1");
            assert!(locations(&url, &[]).is_empty(), "{name}");
        }
        // short innocent values under innocent names
        assert!(locations("https://a.example/x?page=2&sort=key&q=token", &[]).is_empty());
    }

    #[test]
    fn query_names_are_decoded_before_they_are_compared() {
        let f = found("https://a.example/x?api%5Fkey=k1&app%5Fkey=k2", &[]);
        let locs: Vec<&str> = f.iter().map(|c| c.0.as_str()).collect();
        assert_eq!(locs, ["query:api_key", "query:app_key"]);
        assert_eq!((f[0].1, f[1].1), (FoundBy::NameList, FoundBy::NameWords));
        let r = req("https://a.example/x?api%5Fkey=k1", &[]);
        assert!(any_present(&r, &Names::default()));
    }

    #[test]
    fn a_key_sent_as_the_whole_query_or_a_segments_parameter() {
        let f = found(
            "https://a.example/dynamic/update.php?FAKESECRETdGhpc2lzbm90cmVhbDEy%0A",
            &[],
        );
        assert_eq!(f.len(), 1);
        assert_eq!((f[0].0.as_str(), f[0].1), ("query:", FoundBy::ValueShape));
        let r = req(
            "https://a.example/u.php?FAKESECRETdGhpc2lzbm90cmVhbDEy",
            &[],
        );
        assert!(any_present(&r, &Names::default()));
        // words and short values without a name are no key
        assert!(locations("https://a.example/x?hello-world&flag", &[]).is_empty());

        let f = found("https://a.example/XMLAPI;jsessionid=FAKESECRETB1E2F3", &[]);
        assert_eq!((f[0].0.as_str(), f[0].1), ("path:0", FoundBy::NameWords));
        assert_eq!(
            matrix_secret("XMLAPI;jsessionid=abc"),
            Some((18, 21)),
            "the value's range"
        );
        assert_eq!(matrix_secret("report;version=2"), None);
        assert_eq!(matrix_secret("a;token="), None);
    }

    #[test]
    fn query_values_that_look_like_keys_under_any_name() {
        let f = found(
            "https://a.example/x?q=FAKE8f3kQ9zLm2Xw7Rt5Vb1Ny4Pc&limit=10",
            &[],
        );
        assert_eq!(f.len(), 1);
        assert_eq!((f[0].0.as_str(), f[0].1), ("query:q", FoundBy::ValueShape));
        let f = found(
            "https://a.example/x?t=ghp_FAKESECRET0123456789abcdefgh",
            &[],
        );
        assert_eq!(f[0].1, FoundBy::ValueShape);
        // a numeric token under a token's abbreviation (a statement service's `?t=`)
        let f = found(
            "https://a.example/SendRequest?t=418273645519283746551928&q=912345&v=3",
            &[],
        );
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0.as_str(), "query:t");
        // an identifier, a UUID, a hex digest, a cursor, a nonce: not keys
        for q in [
            "file_id=1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms",
            "ref=550e8400-e29b-41d4-a716-446655440000",
            "etag=9e107d9d372bb6826bd81d3542a419d6",
            "cursor=aGVsbG8gV29ybGQgdGhpcyBpcyBhIGN1cnNvcg2",
            "state=Xy7Kq2Lm9Np4Rs6Tu8Vw1Za3Bc5De0",
            "name=some+words+that+make+a+long+phrase",
        ] {
            let url = format!("https://a.example/x?{q}");
            assert!(locations(&url, &[]).is_empty(), "{q}");
        }
    }

    #[test]
    fn path_segments_that_are_secrets() {
        let f = found(
            "https://api.telegram.org/bot123456789:AAFAKESECRET0123456789abcdefghijkl/getMe",
            &[],
        );
        assert_eq!(f.len(), 1);
        assert_eq!((f[0].0.as_str(), f[0].1), ("path:0", FoundBy::UrlShape));
        assert_eq!(f[0].2, b"123456789:AAFAKESECRET0123456789abcdefghijkl");
        assert!(Location::Path(0).is_in_url());
        let f = found(
            "https://hooks.slack.com/services/T00000000/B00000000/FAKESECRETXXXXXXXXXXXXXX",
            &[],
        );
        assert_eq!((f[0].0.as_str(), f[0].1), ("path:3", FoundBy::UrlShape));
        assert_eq!(f[0].2, b"FAKESECRETXXXXXXXXXXXXXX");
        let f = found(
            "https://discord.com/api/v10/webhooks/123456789012345678/FAKESECRET_abcdefghijklmnopqrstuvwxyz0123",
            &[],
        );
        assert_eq!((f[0].0.as_str(), f[0].1), ("path:4", FoundBy::UrlShape));
        let f = found(
            "https://a.example/v1/ghp_FAKESECRET0123456789abcdefgh/x",
            &[],
        );
        assert_eq!((f[0].0.as_str(), f[0].1), ("path:1", FoundBy::ValueShape));
        // a bridge's key after `api`, before a resource (deCONZ, Philips Hue)
        let f = found("http://192.168.1.40/api/3A7C91E0B2/lights/1", &[]);
        assert_eq!((f[0].0.as_str(), f[0].1), ("path:1", FoundBy::UrlShape));
        assert_eq!(f[0].2, b"3A7C91E0B2");
        // an incoming webhook's token after `hooks` (Mattermost, Rocket.Chat, receivers)
        let f = found("https://chat.example/hooks/xfake9secret7mattermost1a", &[]);
        assert_eq!((f[0].0.as_str(), f[0].1), ("path:1", FoundBy::UrlShape));
        let f = found(
            "https://rc.example/hooks/6fPdFAKESECRETx2/kq2FAKESECRETz9Lm4Q7rT0vWc",
            &[],
        );
        assert_eq!((f[0].0.as_str(), f[0].1), ("path:1", FoundBy::UrlShape));
        // ordinary paths
        for url in [
            "https://a.example/api/ORDERS/2024",
            "https://a.example/api/ISO3166CODES",
            "https://a.example/api/DE01/regions",
            "https://a.example/users/550e8400-e29b-41d4-a716-446655440000",
            "https://a.example/files/1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms",
            "https://a.example/api/webhooks/123/abc",
            "https://hooks.slack.com/services/",
            "https://forge.example/api/v1/repos/o/r/hooks/1234567890123456789",
            "https://a.example/v2/webhooks/550e8400-e29b-41d4-a716-446655440000/deliveries",
            "https://a.example/webhooks/deliveries/settings",
        ] {
            assert!(locations(url, &[]).is_empty(), "{url}");
        }
    }
}
