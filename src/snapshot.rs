//! What the failure path needs from a request after it has been sent, kept without allocating.
//!
//! The request moves into the rest of the chain, yet a 401 must still be explained with the
//! credentials it carried. Copying them into `Credential`s up front would allocate on every
//! request, so the middleware keeps the URL and the credential-bearing header values in one
//! inline buffer instead, with where each secret starts and ends, and rebuilds the credentials
//! only when a failure needs them.

use std::borrow::Cow;

use http::header::{AUTHORIZATION, COOKIE, PROXY_AUTHORIZATION};
use http::{HeaderName, HeaderValue, Method};
use reqwest::Request;

use crate::credential::{self, Credential, KEY_HEADERS, Names};

/// Inline capacity for the URL and the credential values together; what does not fit (a long
/// URL beside a large JWT) goes to the heap.
const ARENA: usize = 256;
/// Credential headers kept without a `Vec`.
const SLOTS: usize = 4;

/// Where kept bytes live: a range of the arena, or an entry of the heap list.
#[derive(Clone, Copy)]
enum At {
    Inline { start: u32, len: u32 },
    Heap(u32),
}

/// Which header a kept value came from, as an index rather than a (possibly allocating)
/// `HeaderName` clone.
#[derive(Clone, Copy)]
enum Name {
    Authorization,
    ProxyAuthorization,
    Cookie,
    Key(u32),
    Configured(u32),
    /// A header named with credential words (`ok-access-sign`): its name is kept in the arena.
    Inferred(At),
}

impl Name {
    fn header_name(self, names: &Names, snap: &Snapshot) -> Option<HeaderName> {
        Some(match self {
            Name::Authorization => AUTHORIZATION,
            Name::ProxyAuthorization => PROXY_AUTHORIZATION,
            Name::Cookie => COOKIE,
            Name::Key(i) => HeaderName::from_static(KEY_HEADERS.get(i as usize)?),
            Name::Configured(i) => names.headers.get(i as usize)?.clone(),
            Name::Inferred(at) => HeaderName::from_bytes(snap.bytes(at)).ok()?,
        })
    }

    /// Whether this is a header named with credential words that names a CSRF token.
    fn is_csrf(self, snap: &Snapshot) -> bool {
        match self {
            Name::Inferred(at) => {
                credential::is_csrf_name(std::str::from_utf8(snap.bytes(at)).unwrap_or(""))
            }
            _ => false,
        }
    }
}

/// One kept header value and where its secret lies within it (as `credential::find` cuts it:
/// after the scheme, trimmed; a cookie header's secrets are cut when asked for).
#[derive(Clone, Copy)]
struct Kept {
    name: Name,
    value: At,
    secret: (u32, u32),
}

/// The method, URL and credential headers of a sent request.
pub(crate) struct Snapshot {
    method: Method,
    arena: [u8; ARENA],
    used: usize,
    url: At,
    kept: [Option<Kept>; SLOTS],
    more: Vec<Kept>,
    heap: Vec<Box<[u8]>>,
    /// The value of the request's own timestamp header (`X-Timestamp`, `X-Amz-Date`,
    /// `OK-ACCESS-TIMESTAMP`), parsed only when a failure asks for it.
    time: Option<At>,
    /// What the body shows the gates (a token request, a GraphQL or JSON-RPC call, a SAML
    /// response).
    body: crate::observe::gate::BodyKind,
    /// The request carries its own time (a header or a query parameter).
    timestamped: bool,
    /// The request is signed the way exchanges sign: a signature header, or a timestamp beside
    /// a credential.
    signed: bool,
    /// The URL's query names a key or a signature.
    query_key: bool,
    /// A CORS preflight: `OPTIONS` with `Access-Control-Request-Method` (Fetch §4.8).
    preflight: bool,
}

/// Whether a request header carries the time the request was made (and often signed).
fn is_time_header(name: &str) -> bool {
    // Ends, not contains: a substring search per header of every request costs more.
    name.ends_with("timestamp")
        || name.ends_with("-ts")
        // the signed date of a cloud's own scheme (`x-ms-date`, `x-nhn-date`, `x-bce-date`)
        || name.ends_with("-date")
        || name == "date"
}

/// A request time as headers write it: epoch seconds, milliseconds or microseconds, ISO 8601
/// (`20240601T101500Z`, `2023-07-04T12:04:49.584Z`) or an HTTP date.
pub(crate) fn parse_request_time(v: &str) -> Option<i64> {
    let v = v.trim();
    // Epoch seconds with a fraction (`1796289246.6245089`): the whole seconds.
    let v = match v.split_once('.') {
        Some((whole, frac))
            if (9..=12).contains(&whole.len())
                && !frac.is_empty()
                && frac.len() <= 9
                && whole
                    .bytes()
                    .chain(frac.bytes())
                    .all(|b| b.is_ascii_digit()) =>
        {
            whole
        }
        _ => v,
    };
    if !v.is_empty() && v.len() <= 19 && v.bytes().all(|b| b.is_ascii_digit()) {
        let n: i64 = v.parse().ok()?;
        return Some(match v.len() {
            16..=19 => n / 1_000_000,
            13..=15 => n / 1_000,
            9..=12 => n,
            _ => return None,
        });
    }
    crate::observe::clock::parse_iso8601(v).or_else(|| {
        // RFC 2822 writes UTC as `-0000` or `+0000` (Duo's signed `Date`); HTTP as `GMT`.
        let http = v
            .strip_suffix(" -0000")
            .or_else(|| v.strip_suffix(" +0000"))
            .map(|d| format!("{d} GMT"));
        httpdate::parse_http_date(http.as_deref().unwrap_or(v))
            .ok()
            .map(crate::observe::clock::epoch)
    })
}

/// The time an `Authorization` header of a signing scheme carries, its digits only: OAuth
/// 1.0's `oauth_timestamp` (RFC 5849 §3.5.1), Hawk's and MAC's `ts`.
fn oauth1_timestamp(v: &[u8]) -> Option<&[u8]> {
    let param: &[u8] = if v.len() >= 6 && v[..6].eq_ignore_ascii_case(b"oauth ") {
        b"oauth_timestamp="
    } else if (v.len() >= 5 && v[..5].eq_ignore_ascii_case(b"hawk "))
        || (v.len() >= 4 && v[..4].eq_ignore_ascii_case(b"mac "))
    {
        // Hawk's and the OAuth 2.0 MAC draft's `ts` (both sign it with the request)
        b" ts="
    } else {
        return None;
    };
    let at = memchr::memmem::find(v, param)? + param.len();
    let rest = v[at..].strip_prefix(b"\"").unwrap_or(&v[at..]);
    let end = rest
        .iter()
        .position(|b| !b.is_ascii_digit())
        .unwrap_or(rest.len());
    (1..=12).contains(&end).then(|| &rest[..end])
}

/// The `Created` time of a WS-Security UsernameToken sent over HTTP (`UsernameToken
/// Username="…", PasswordDigest="…", Nonce="…", Created="2026-12-07T08:00:00Z"`), whose
/// `PasswordDigest` is computed over it.
fn wsse_created(v: &[u8]) -> Option<&[u8]> {
    const TOKEN: &[u8] = b"usernametoken ";
    if v.len() < TOKEN.len() || !v[..TOKEN.len()].eq_ignore_ascii_case(TOKEN) {
        return None;
    }
    let at = memchr::memmem::find(v, b"Created=\"")? + "Created=\"".len();
    let len = memchr::memchr(b'"', &v[at..])?;
    (10..=40).contains(&len).then(|| &v[at..at + len])
}

/// Offset and length of `part`, a subslice of `whole`.
fn span_of(whole: &[u8], part: &[u8]) -> (u32, u32) {
    if part.is_empty() {
        return (0, 0);
    }
    let start = part.as_ptr() as usize - whole.as_ptr() as usize;
    (start as u32, part.len() as u32)
}

impl Snapshot {
    /// A snapshot of nothing, left behind where a snapshot was moved out.
    pub(crate) fn empty() -> Snapshot {
        Snapshot {
            method: Method::GET,
            arena: [0; ARENA],
            used: 0,
            url: At::Heap(0),
            kept: [None; SLOTS],
            more: Vec::new(),
            heap: Vec::new(),
            time: None,
            body: crate::observe::gate::BodyKind::default(),
            timestamped: false,
            query_key: false,
            signed: false,
            preflight: false,
        }
    }

    /// Keeps what `credential::find` reads, in the request's header order. Allocation-free
    /// while the URL and credential values fit in 256 bytes and at most four headers carry
    /// credentials.
    pub(crate) fn take(req: &Request, names: &Names) -> Snapshot {
        let mut s = Snapshot {
            method: req.method().clone(),
            body: crate::observe::gate::body_kind(
                req.method(),
                req.headers(),
                req.body().and_then(reqwest::Body::as_bytes),
            ),
            // (a lookup by name for OPTIONS requests only)
            preflight: *req.method() == Method::OPTIONS
                && req.headers().contains_key("access-control-request-method"),
            ..Snapshot::empty()
        };
        s.url = s.store(req.url().as_str().as_bytes());
        // One pass over the request's headers (usually a handful), in their order, as
        // `credential::find` reads them; no lookup by name, which would hash every candidate.
        let mut n = 0;
        for (name, v) in req.headers() {
            let tag = if *name == AUTHORIZATION {
                Name::Authorization
            } else if *name == PROXY_AUTHORIZATION {
                Name::ProxyAuthorization
            } else if *name == COOKIE {
                Name::Cookie
            } else if let Some(i) = KEY_HEADERS.iter().position(|k| *k == name.as_str()) {
                Name::Key(i as u32)
            } else if let Some(i) = names.headers.iter().position(|k| k == name) {
                Name::Configured(i as u32)
            } else if credential::is_word_header(name) {
                Name::Inferred(s.store(name.as_str().as_bytes()))
            } else {
                if s.time.is_none() && v.len() <= 64 && is_time_header(name.as_str()) {
                    s.time = Some(s.store(v.as_bytes()));
                }
                continue;
            };
            if matches!(tag, Name::Inferred(_) | Name::Key(_) | Name::Configured(_))
                && credential::names_a_signature(name.as_str())
            {
                s.signed = true;
            }
            let v = v.as_bytes();
            // RFC 5849 §3.5.1: an OAuth 1.0 header carries the time it was signed.
            if matches!(tag, Name::Authorization) && s.time.is_none() {
                if let Some(t) = oauth1_timestamp(v) {
                    s.time = Some(s.store(t));
                }
            }
            // A WSSE UsernameToken's digest covers its `Created` time, which the server
            // holds to a window: a signed value that carries the request's time.
            if matches!(tag, Name::Inferred(_)) {
                if let Some(t) = wsse_created(v) {
                    s.signed = true;
                    if s.time.is_none() {
                        s.time = Some(s.store(t));
                    }
                }
            }
            let secret = match tag {
                Name::Authorization | Name::ProxyAuthorization => {
                    span_of(v, credential::split_scheme(v).1)
                }
                Name::Cookie => (0, v.len() as u32),
                _ => span_of(v, credential::trim_ascii(v)),
            };
            let kept = Kept {
                name: tag,
                value: s.store(v),
                secret,
            };
            match s.kept.get_mut(n) {
                Some(slot) => *slot = Some(kept),
                None => s.more.push(kept),
            }
            n += 1;
        }
        s.timestamped = s.time.is_some() || s.query_time().is_some();
        // A timestamp beside a credential (in a header or the query) is what exchange-style
        // request signing sends.
        let (query_key, query_signed) = s.query_facts();
        s.query_key = query_key;
        s.signed |= s.timestamped && (n > 0 || s.query_key);
        // A signature in the query (`api_sig=`, `request_sig=`, `signature=`) signs the request.
        s.signed |= query_signed;
        s
    }

    /// Whether the URL's query has a parameter named as a key or a signature (a credential),
    /// and whether one is named as a signature, in one pass.
    fn query_facts(&self) -> (bool, bool) {
        let url = self.url_str();
        let Some(q) = url.find('?').map(|i| &url[i + 1..]) else {
            return (false, false);
        };
        let (mut keyed, mut signed) = (false, false);
        for kv in q.split('&') {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            // `?md5=…` beside `expires=`: a signed link (nginx `secure_link`)
            let signature = credential::names_a_signature(k) || credential::is_digest_name(k);
            signed |= signature;
            keyed = keyed
                || signature
                || credential::KEY_QUERY_PARAMS
                    .iter()
                    .any(|p| p.eq_ignore_ascii_case(k))
                || credential::is_word_param(k)
                || credential::is_secret_query_value(k, v)
                || (!v.is_empty() && credential::is_password_beside_user(k, q));
        }
        (keyed, signed)
    }

    fn store(&mut self, b: &[u8]) -> At {
        if b.len() <= ARENA - self.used {
            let start = self.used;
            self.arena[start..start + b.len()].copy_from_slice(b);
            self.used += b.len();
            At::Inline {
                start: start as u32,
                len: b.len() as u32,
            }
        } else {
            self.heap.push(b.into());
            At::Heap(self.heap.len() as u32 - 1)
        }
    }

    fn bytes(&self, at: At) -> &[u8] {
        match at {
            At::Inline { start, len } => &self.arena[start as usize..(start + len) as usize],
            At::Heap(i) => self.heap.get(i as usize).map_or(&[], |b| b),
        }
    }

    fn entries(&self) -> impl Iterator<Item = &Kept> {
        self.kept.iter().flatten().chain(self.more.iter())
    }

    fn value(&self, k: &Kept) -> &[u8] {
        self.bytes(k.value)
    }

    fn secret(&self, k: &Kept) -> &[u8] {
        let v = self.value(k);
        let (start, len) = (k.secret.0 as usize, k.secret.1 as usize);
        v.get(start..start + len).unwrap_or(&[])
    }

    /// Whether the request posted a SAML response (the HTTP-POST binding).
    pub(crate) fn posts_saml(&self) -> bool {
        self.body.saml
    }

    /// What the gates for non-401 auth failures need to know of the request: field reads
    /// only, as a success may ask.
    pub(crate) fn gate_facts(&self) -> crate::observe::gate::Sent {
        crate::observe::gate::Sent {
            token_request: self.body.token_form,
            graphql: self.body.graphql,
            jsonrpc: self.body.jsonrpc,
            saml: self.body.saml,
            timestamped: self.timestamped,
            signed: self.signed,
            credential: self.entries().next().is_some()
                || self.query_key
                || self.userinfo()
                || self.body.saml,
            sensitive_header: self
                .entries()
                .any(|k| matches!(k.name, Name::Authorization | Name::Cookie)),
            flagged: false,
            path_placeholder: false,
            body_kept: false,
            body_unread: false,
            password_sent: false,
            query_key: self.query_key,
        }
    }

    /// Whether the URL carries userinfo (`https://user:pass@host/`): a credential of its own.
    fn userinfo(&self) -> bool {
        let url = self.url_str();
        url.split_once("://")
            .and_then(|(_, rest)| rest.split(['/', '?', '#']).next())
            .is_some_and(|authority| authority.contains('@'))
    }

    /// The raw value of a `timestamp` query parameter (signed exchange requests put it there),
    /// not decoded: this runs on every request.
    fn query_time(&self) -> Option<&str> {
        let url = self.url_str();
        let q = &url[url.find('?')? + 1..];
        q.split('&').find_map(|kv| {
            let (k, v) = kv.split_once('=')?;
            // `request_ts` (Qobuz), `api_timestamp`: a time under a name of its own
            (matches!(k, "timestamp" | "ts" | "time" | "req_timestamp")
                || k.ends_with("_ts")
                || k.ends_with("_timestamp"))
            .then_some(v)
        })
    }

    /// The time the request says it was made, from its timestamp header (or query parameter),
    /// if it has one.
    pub(crate) fn request_time(&self) -> Option<i64> {
        let Some(at) = self.time else {
            // Percent-decoded: an ISO 8601 time travels as `2026-12-06T09%3A47%3A18Z`.
            return self
                .query_time()
                .and_then(|v| parse_request_time(&crate::credential::decode(v)));
        };
        let bytes: &[u8] = match at {
            At::Inline { start, len } => &self.arena[start as usize..(start + len) as usize],
            At::Heap(i) => self.heap.get(i as usize)?,
        };
        parse_request_time(std::str::from_utf8(bytes).ok()?)
    }

    pub(crate) fn method(&self) -> &Method {
        &self.method
    }

    /// Whether the request is a CORS preflight (`OPTIONS` with `Access-Control-Request-Method`).
    pub(crate) fn is_preflight(&self) -> bool {
        self.preflight
    }

    /// The URL the request was sent to, as text.
    /// The URL's bytes, without the UTF-8 check of [`Snapshot::url_str`].
    pub(crate) fn url_bytes(&self) -> &[u8] {
        self.bytes(self.url)
    }

    pub(crate) fn url_str(&self) -> &str {
        std::str::from_utf8(self.bytes(self.url)).unwrap_or("")
    }

    /// The URL the request was sent to.
    pub(crate) fn url(&self) -> url::Url {
        url::Url::parse(self.url_str()).unwrap_or_else(|_| {
            url::Url::parse("http://invalid.invalid/").expect("a valid literal URL")
        })
    }

    /// The credentials the request carried, rebuilt the same way `credential::find` reads a
    /// live request. Allocates: failure path only.
    pub(crate) fn credentials(&self, names: &Names) -> Vec<Credential> {
        self.credentials_at(&self.url(), names)
    }

    /// [`credentials`](Self::credentials) when the caller already parsed [`url`](Self::url):
    /// parsing is most of the cost.
    pub(crate) fn credentials_at(&self, url: &url::Url, names: &Names) -> Vec<Credential> {
        let mut req = Request::new(self.method.clone(), url.clone());
        for k in self.entries() {
            if let (Some(n), Ok(v)) = (
                k.name.header_name(names, self),
                HeaderValue::from_bytes(self.value(k)),
            ) {
                req.headers_mut().append(n, v);
            }
        }
        credential::find(&req, names)
    }

    /// The secret of the credential that decides an origin's answer, ranked as
    /// `diagnose::primary_credential` ranks them (Authorization, other credential headers,
    /// query, userinfo, cookie; never Proxy-Authorization) and cut as `credential::find` cuts
    /// it, so the key history sees the same bytes on success and on failure. Borrowed, so
    /// allocation-free, except for percent-encoded query values and userinfo.
    pub(crate) fn primary_secret(&self, names: &Names) -> Option<Cow<'_, [u8]>> {
        let first = |want: fn(&Name) -> bool| self.entries().find(|k| want(&k.name));
        if let Some(k) = first(|n| matches!(n, Name::Authorization)) {
            return Some(Cow::Borrowed(self.secret(k)));
        }
        if let Some(k) = first(|n| matches!(n, Name::Key(_) | Name::Configured(_))) {
            return Some(Cow::Borrowed(self.value(k)));
        }
        if let Some(k) = self
            .entries()
            .find(|k| matches!(k.name, Name::Inferred(_)) && !k.name.is_csrf(self))
        {
            return Some(Cow::Borrowed(self.secret(k)));
        }
        let url = self.url_str();
        let after_q = url
            .split_once('?')
            .map(|(_, q)| q.split('#').next().unwrap_or(""));
        if let Some(q) = after_q {
            for (k, v) in url::form_urlencoded::parse(q.as_bytes()) {
                if credential::is_key_param(&k, names) {
                    return Some(match v {
                        Cow::Borrowed(b) => Cow::Borrowed(b.as_bytes()),
                        Cow::Owned(o) => Cow::Owned(o.into_bytes()),
                    });
                }
            }
        }
        let after_scheme = url.split_once("://")?.1;
        let authority = after_scheme.split(['/', '?', '#']).next()?;
        if authority.contains('@') {
            let creds = credential::find(&Request::new(Method::GET, self.url()), names);
            if let Some(c) = creds
                .into_iter()
                .find(|c| c.location == credential::Location::UrlUserinfo)
            {
                return Some(Cow::Owned(c.secret.expose_secret().to_vec()));
            }
        }
        // By shape: query values, then path segments (the order of `credential::find`).
        if let Some(q) = after_q {
            for (k, v) in url::form_urlencoded::parse(q.as_bytes()) {
                if credential::is_secret_query_value(&k, &v) {
                    return Some(Cow::Owned(v.into_owned().into_bytes()));
                }
            }
        }
        let host = authority.rsplit('@').next().unwrap_or("");
        let host = host.split(':').next().unwrap_or(host);
        let path = &after_scheme[authority.len()..];
        let path = path.split(['?', '#']).next().unwrap_or("");
        if let Some((_, secret, _)) = credential::path_secrets(host, path).next() {
            return Some(match secret {
                Cow::Borrowed(b) => Cow::Borrowed(b.as_bytes()),
                Cow::Owned(o) => Cow::Owned(o.into_bytes()),
            });
        }
        if let Some(cookie) = first(|n| matches!(n, Name::Cookie)) {
            let pair = self
                .value(cookie)
                .split(|b| *b == b';')
                .map(credential::trim_ascii)
                .find(|p| !p.is_empty());
            if let Some(pair) = pair {
                return Some(Cow::Borrowed(match pair.iter().position(|b| *b == b'=') {
                    Some(i) => &pair[i + 1..],
                    None => pair,
                }));
            }
        }
        self.entries()
            .find(|k| matches!(k.name, Name::Inferred(_)))
            .map(|k| Cow::Borrowed(self.secret(k)))
    }

    /// The secret parts of the kept header values, as `credential::find` would cut them,
    /// without allocating: used to check whether a URL echoes a header secret.
    pub(crate) fn header_secrets(&self) -> impl Iterator<Item = &[u8]> {
        self.entries().flat_map(|k| {
            let (one, many) = match k.name {
                Name::Cookie => (None, Some(self.value(k))),
                _ => (Some(self.secret(k)), None),
            };
            let cookies = many.into_iter().flat_map(|c| {
                c.split(|b| *b == b';').map(|pair| {
                    let pair = credential::trim_ascii(pair);
                    match pair.iter().position(|b| *b == b'=') {
                        Some(i) => &pair[i + 1..],
                        None => pair,
                    }
                })
            });
            one.into_iter().chain(cookies)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wsse_username_token_is_a_signed_credential_with_its_own_time() {
        let mut req = Request::new(Method::GET, "https://api.example.com/v2".parse().unwrap());
        req.headers_mut().append(
            HeaderName::from_static("x-wsse"),
            HeaderValue::from_static(
                r#"UsernameToken Username="acme", PasswordDigest="FAKESECRETZmFrZQ==", Nonce="d36e3162", Created="2026-12-07T08:00:00+00:00""#,
            ),
        );
        let names = Names::default();
        let snap = Snapshot::take(&req, &names);
        assert_eq!(snap.request_time(), Some(1_796_630_400));
        assert!(snap.gate_facts().signed);
        assert_eq!(
            snap.credentials(&names)
                .iter()
                .map(|c| c.location.to_string())
                .collect::<Vec<_>>(),
            ["header:x-wsse"]
        );
    }

    #[test]
    fn rebuilds_the_same_credentials_as_the_live_request() {
        let mut req = Request::new(
            Method::POST,
            "https://u:p@api.example.com/x?api_key=k1&sig=s"
                .parse()
                .unwrap(),
        );
        let long = format!("Bearer {}", "x".repeat(600));
        for (k, v) in [
            ("authorization", long.as_str()),
            ("proxy-authorization", "Basic dTpw"),
            ("x-api-key", "k2"),
            ("x-tenant-key", "k3"),
            ("cookie", "session=s1; theme=dark"),
            ("x-auth-token", "k4"),
        ] {
            req.headers_mut().append(
                HeaderName::from_bytes(k.as_bytes()).unwrap(),
                HeaderValue::from_str(v).unwrap(),
            );
        }
        let names = Names {
            headers: vec![HeaderName::from_static("x-tenant-key")],
            query: vec![],
        };
        let live = credential::find(&req, &names);
        let snap = Snapshot::take(&req, &names);
        let rebuilt = snap.credentials(&names);
        let show = |cs: &[Credential]| {
            cs.iter()
                .map(|c| (c.location.to_string(), c.fingerprint()))
                .collect::<Vec<_>>()
        };
        let mut a = show(&live);
        let mut b = show(&rebuilt);
        a.sort();
        b.sort();
        assert_eq!(a, b);
        assert_eq!(snap.url(), *req.url());
        assert_eq!(snap.method(), Method::POST);
        let primary =
            crate::diagnose::primary_credential(&live, http::StatusCode::UNAUTHORIZED).unwrap();
        assert_eq!(
            snap.primary_secret(&names).unwrap().as_ref(),
            primary.secret.expose_secret()
        );
        let secrets: Vec<&[u8]> = snap.header_secrets().collect();
        assert!(secrets.contains(&&b"k2"[..]));
        assert!(secrets.contains(&&b"s1"[..]));
        assert!(secrets.contains(&&b"dTpw"[..]));
    }

    #[test]
    fn keeps_headers_named_with_credential_words_and_url_secrets() {
        let mut req = Request::new(
            Method::GET,
            "https://api.example.com/bot123456789:AAFAKESECRET0123456789abcdefghijkl/getMe?appid=k9"
                .parse()
                .unwrap(),
        );
        for (k, v) in [
            ("ok-access-key", "k1"),
            ("ok-access-sign", "s1"),
            ("ok-access-timestamp", "2020-12-08T09:08:57.715Z"),
            ("x-csrf-token", "c1"),
        ] {
            req.headers_mut().append(
                HeaderName::from_bytes(k.as_bytes()).unwrap(),
                HeaderValue::from_str(v).unwrap(),
            );
        }
        let names = Names::default();
        let live = credential::find(&req, &names);
        let snap = Snapshot::take(&req, &names);
        let show = |cs: &[Credential]| {
            cs.iter()
                .map(|c| (c.location.to_string(), c.fingerprint(), c.found_by))
                .collect::<Vec<_>>()
        };
        assert_eq!(show(&live), show(&snap.credentials(&names)));
        assert_eq!(live.len(), 5, "{:?}", show(&live));
        let primary = |cs: &[Credential]| {
            crate::diagnose::primary_credential(cs, http::StatusCode::UNAUTHORIZED)
                .map(|c| c.secret.expose_secret().to_vec())
        };
        assert_eq!(primary(&live).as_deref(), Some(&b"k1"[..]));
        assert_eq!(
            snap.primary_secret(&names).as_deref(),
            primary(&live).as_deref()
        );
        // without the headers: the query key, then the path token, then the CSRF header
        let mut req2 = Request::new(Method::GET, req.url().clone());
        req2.headers_mut()
            .append("x-csrf-token", HeaderValue::from_static("c1"));
        for url in [
            "https://a.example/bot123456789:AAFAKESECRET0123456789abcdefghijkl/getMe?appid=k9",
            "https://a.example/bot123456789:AAFAKESECRET0123456789abcdefghijkl/getMe",
            "https://a.example/x",
        ] {
            *req2.url_mut() = url.parse().unwrap();
            let live = credential::find(&req2, &names);
            let snap = Snapshot::take(&req2, &names);
            assert_eq!(
                snap.primary_secret(&names).as_deref(),
                primary(&live).as_deref(),
                "{url}"
            );
        }
    }
}
