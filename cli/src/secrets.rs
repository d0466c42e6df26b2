//! What must never be printed, and how to print around it.
//!
//! The library says where a request's credentials are (`credentials_in`: a header, a cookie,
//! the URL's userinfo, a query parameter, a path segment), never what they are. This module
//! reads the values at those places, so that request heads (`-v`, `--offline`), response heads
//! (`-v`, `-i`), URLs and form or JSON bodies can be written with each one replaced by
//! [`MARKER`], and so that an echo of one elsewhere (a response header, a HAR's response text)
//! can be found and replaced too.

use std::borrow::Cow;
use std::collections::HashSet;

use aho_corasick::{AhoCorasick, MatchKind};
use base64::Engine;
use http::header::{AUTHORIZATION, COOKIE, HeaderMap, HeaderName, PROXY_AUTHORIZATION};
use percent_encoding::{NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use reqwest::Request;
use reqwest_auth_explain::{AuthExplainMiddleware, Location, redact_url};
use serde_json::Value;
use url::Url;

/// What a removed value is replaced with.
pub(crate) const MARKER: &str = "REDACTED";

/// Secrets shorter than this are replaced where they stand but not looked for elsewhere: a
/// two-letter cookie value would match half the text around it. The library's own scrubber
/// uses the same floor.
const MIN_ECHO: usize = 6;

/// The credentials of one request: where they travel and their values.
pub(crate) struct Secrets {
    /// Request headers that carry a credential.
    headers: Vec<HeaderName>,
    /// Query parameters that carry one, by decoded name.
    query: Vec<String>,
    /// Path segments (0 is the first after the leading `/`) that carry one.
    path: Vec<usize>,
    /// The values, to find echoes of them.
    echo: Echo,
}

impl Secrets {
    /// Every credential `mw` finds in `req`.
    pub(crate) fn of(mw: &AuthExplainMiddleware, req: &Request) -> Self {
        let mut headers = vec![AUTHORIZATION, PROXY_AUTHORIZATION, COOKIE];
        let mut query = Vec::new();
        let mut path = Vec::new();
        let mut values = Vec::new();
        for found in mw.credentials_in(req) {
            match &found.location {
                Location::Header(h) if !headers.contains(h) => headers.push(h.clone()),
                Location::Query(q) => query.push(decode_form(q)),
                Location::Path(i) => path.push(*i),
                _ => {}
            }
            values.extend(values_at(req, &found.location));
        }
        // Every cookie is a secret here, whether or not it looks like a credential.
        for value in req.headers().get_all(COOKIE) {
            let text = String::from_utf8_lossy(value.as_bytes());
            values.extend(cookie_pairs(&text).map(|(_, v)| v.to_owned()));
        }
        Secrets {
            headers,
            query,
            path,
            echo: Echo::new(values),
        }
    }

    /// The request's secret values and their encoded forms, to look for in other text.
    pub(crate) fn echo(&self) -> &Echo {
        &self.echo
    }

    /// Whether a query parameter (by decoded name) carries a credential of this request.
    fn is_secret_param(&self, name: &str) -> bool {
        self.query.iter().any(|q| q.eq_ignore_ascii_case(name))
    }

    /// `url` as the library logs it (`redact_url`), and with every path segment and query
    /// parameter that this request's credentials occupy replaced too.
    pub(crate) fn url(&self, url: &Url) -> String {
        let shown = redact_url(url, &self.query);
        let Ok(mut parsed) = Url::parse(&shown) else {
            return shown;
        };
        if !self.path.is_empty() {
            let segments: Option<Vec<String>> = parsed.path_segments().map(|s| {
                s.enumerate()
                    .map(|(i, seg)| {
                        if self.path.contains(&i) {
                            MARKER.to_owned()
                        } else {
                            seg.to_owned()
                        }
                    })
                    .collect()
            });
            if let Some(segments) = segments {
                parsed.set_path(&format!("/{}", segments.join("/")));
            }
        }
        if let Some(q) = parsed.query().map(str::to_owned) {
            parsed.set_query(Some(&redact_pairs(&q, MARKER, |n| self.is_secret_param(n))));
        }
        self.echo.scrub(parsed.as_str()).into_owned()
    }

    /// The request target of `url` (path and query) as [`Secrets::url`] writes it.
    pub(crate) fn target(&self, url: &Url) -> String {
        let shown = self.url(url);
        match Url::parse(&shown) {
            Ok(u) => match u.query() {
                Some(q) => format!("{}?{q}", u.path()),
                None => u.path().to_owned(),
            },
            Err(_) => "/".to_owned(),
        }
    }

    /// A request header's value as it may be shown.
    pub(crate) fn request_header(&self, name: &HeaderName, value: &[u8]) -> String {
        let text = String::from_utf8_lossy(value);
        if *name == COOKIE {
            cookie_header(&text, MARKER)
        } else if self.headers.contains(name) {
            credential_header(name, &text, MARKER)
        } else if is_url_header(name.as_str()) {
            self.url_text(&text, None)
        } else {
            self.echo.scrub(&text).into_owned()
        }
    }

    /// A response's headers as they may be shown, in order: `Set-Cookie` values, headers that
    /// carry a credential (by the library's reading of their names), URLs in `Location`, and
    /// echoes of this request's secrets are replaced. `base` resolves a relative `Location`.
    pub(crate) fn response_headers(
        &self,
        mw: &AuthExplainMiddleware,
        headers: &HeaderMap,
        base: &Url,
    ) -> Vec<(HeaderName, String)> {
        let carrying = credential_headers(mw, headers);
        headers
            .iter()
            .map(|(name, value)| {
                let text = String::from_utf8_lossy(value.as_bytes());
                let shown = if name == http::header::SET_COOKIE {
                    set_cookie(&text, MARKER)
                } else if carrying.contains(name) || self.headers.contains(name) {
                    credential_header(name, &text, MARKER)
                } else if is_url_header(name.as_str()) {
                    self.url_text(&text, Some(base))
                } else {
                    self.echo.scrub(&text).into_owned()
                };
                (name.clone(), shown)
            })
            .collect()
    }

    /// A URL held in a header, shown redacted when it holds anything secret; relative
    /// references are resolved against `base` to be read, and kept as written when clean.
    fn url_text(&self, text: &str, base: Option<&Url>) -> String {
        let parsed = Url::parse(text)
            .ok()
            .or_else(|| base.and_then(|b| b.join(text).ok()));
        match parsed {
            Some(u) => {
                let shown = self.url(&u);
                if shown == u.as_str() {
                    self.echo.scrub(text).into_owned()
                } else {
                    shown
                }
            }
            None => self.echo.scrub(text).into_owned(),
        }
    }
}

/// Headers whose whole value is a URL, which may carry a query key. (`Link` and `Refresh`
/// hold URLs among other text: only echoes are looked for there.)
pub(crate) fn is_url_header(name: &str) -> bool {
    matches!(name, "location" | "content-location" | "referer" | "origin")
}

/// The names among `headers` that the library reads as carrying a credential, were they sent
/// in a request: a server that sets `X-Auth-Token` hands out a secret.
pub(crate) fn credential_headers(
    mw: &AuthExplainMiddleware,
    headers: &HeaderMap,
) -> Vec<HeaderName> {
    let Ok(url) = Url::parse("http://headers.invalid/") else {
        return Vec::new();
    };
    let mut probe = Request::new(http::Method::GET, url);
    *probe.headers_mut() = headers.clone();
    probe.headers_mut().remove(http::header::SET_COOKIE);
    mw.credentials_in(&probe)
        .into_iter()
        .filter_map(|c| match c.location {
            Location::Header(h) => Some(h),
            _ => None,
        })
        .collect()
}

/// The names among `fields` (a form's or a JSON document's, name and value) that the library
/// reads as carrying a credential, lowercase. Each field is tried as a query parameter of a
/// request that carries nothing else.
pub(crate) fn key_fields<'a>(
    mw: &AuthExplainMiddleware,
    fields: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> HashSet<String> {
    let Ok(mut url) = Url::parse("http://fields.invalid/") else {
        return HashSet::new();
    };
    {
        let mut pairs = url.query_pairs_mut();
        for (name, value) in fields {
            pairs.append_pair(name, value);
        }
    }
    if url.query().is_none_or(str::is_empty) {
        return HashSet::new();
    }
    let probe = Request::new(http::Method::GET, url);
    mw.credentials_in(&probe)
        .into_iter()
        .filter_map(|c| match c.location {
            Location::Query(q) => Some(decode_form(&q).to_ascii_lowercase()),
            _ => None,
        })
        .collect()
}

/// The names of a JSON document's fields, at any depth, whose string values the library reads
/// as credentials (`access_token`, `client_secret`, `password`, …), lowercase.
pub(crate) fn json_key_fields(mw: &AuthExplainMiddleware, doc: &Value) -> HashSet<String> {
    fn collect<'a>(v: &'a Value, out: &mut Vec<(&'a str, &'a str)>) {
        match v {
            Value::Object(map) => {
                for (k, x) in map {
                    match x {
                        Value::String(s) => out.push((k, s)),
                        other => collect(other, out),
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|x| collect(x, out)),
            _ => {}
        }
    }
    let mut fields = Vec::new();
    collect(doc, &mut fields);
    key_fields(mw, fields)
}

/// Replaces the string value of every field `keys` names, at any depth, with `marker`;
/// returns the values it removed.
pub(crate) fn redact_json(doc: &mut Value, keys: &HashSet<String>, marker: &str) -> Vec<String> {
    let mut removed = Vec::new();
    match doc {
        Value::Object(map) => {
            for (k, x) in map.iter_mut() {
                match x {
                    Value::String(s) if keys.contains(&k.to_ascii_lowercase()) => {
                        removed.push(std::mem::replace(s, marker.to_owned()));
                    }
                    other => removed.extend(redact_json(other, keys, marker)),
                }
            }
        }
        Value::Array(items) => {
            for x in items {
                removed.extend(redact_json(x, keys, marker));
            }
        }
        _ => {}
    }
    removed
}

/// The names of a form body's fields that the library reads as credentials, lowercase.
pub(crate) fn form_key_fields(mw: &AuthExplainMiddleware, body: &[u8]) -> HashSet<String> {
    let fields: Vec<(String, String)> = url::form_urlencoded::parse(body).into_owned().collect();
    key_fields(mw, fields.iter().map(|(k, v)| (k.as_str(), v.as_str())))
}

/// The candidate secret values at one of `req`'s credential locations: the value as sent and,
/// for a header with a scheme, the part after it (and, for Basic, the decoded `user:password`
/// and the password).
pub(crate) fn values_at(req: &Request, location: &Location) -> Vec<String> {
    let mut out = Vec::new();
    match location {
        Location::Header(name) => {
            for v in req.headers().get_all(name) {
                header_values(&String::from_utf8_lossy(v.as_bytes()), &mut out);
            }
        }
        Location::Cookie(name) => {
            for v in req.headers().get_all(COOKIE) {
                let text = String::from_utf8_lossy(v.as_bytes());
                out.extend(
                    cookie_pairs(&text)
                        .filter(|(n, _)| n == name)
                        .map(|(_, v)| v.to_owned()),
                );
            }
        }
        Location::UrlUserinfo => {
            let url = req.url();
            out.push(decode_component(url.username()));
            out.extend(url.password().map(decode_component));
        }
        Location::Query(name) => {
            let wanted = decode_form(name);
            for (k, v) in req.url().query_pairs() {
                if k == wanted.as_str() {
                    out.push(v.into_owned());
                }
            }
        }
        Location::Path(i) => {
            if let Some(seg) = req.url().path_segments().and_then(|mut s| s.nth(*i)) {
                out.push(seg.to_owned());
                out.push(decode_component(seg));
            }
        }
        _ => {}
    }
    out.retain(|v| !v.trim().is_empty());
    out
}

/// The secret parts of a header value that may start with a scheme.
pub(crate) fn header_values(text: &str, out: &mut Vec<String>) {
    out.push(text.to_owned());
    let trimmed = text.trim();
    if trimmed != text {
        out.push(trimmed.to_owned());
    }
    if let Some((scheme, rest)) = trimmed.split_once([' ', '\t']) {
        let rest = rest.trim();
        out.push(rest.to_owned());
        if scheme.eq_ignore_ascii_case("basic") {
            if let Ok(decoded) = base64::engine::general_purpose::STANDARD.decode(rest) {
                let decoded = String::from_utf8_lossy(&decoded).into_owned();
                if let Some((_, password)) = decoded.split_once(':') {
                    out.push(password.to_owned());
                }
                out.push(decoded);
            }
        }
    }
}

/// A credential header's value as it may be shown: `Bearer REDACTED` for a value that starts
/// with a scheme, `REDACTED` otherwise (with `marker` for `REDACTED`).
pub(crate) fn credential_header(name: &HeaderName, text: &str, marker: &str) -> String {
    let scheme_allowed = *name == AUTHORIZATION || *name == PROXY_AUTHORIZATION;
    let trimmed = text.trim_start();
    match trimmed.split_once([' ', '\t']) {
        Some((scheme, rest)) if scheme_allowed && is_scheme(scheme) && !rest.trim().is_empty() => {
            format!("{scheme} {marker}")
        }
        _ => marker.to_owned(),
    }
}

/// Whether a first word is an auth scheme, which may be shown: the library's rule (at most 16
/// ASCII letters and dashes), and the schemes with digits in their names.
fn is_scheme(word: &str) -> bool {
    const WITH_DIGITS: &[&str] = &["AWS4-HMAC-SHA256", "SCRAM-SHA-1", "SCRAM-SHA-256"];
    (!word.is_empty()
        && word.len() <= 16
        && word.bytes().all(|b| b.is_ascii_alphabetic() || b == b'-'))
        || WITH_DIGITS.iter().any(|s| s.eq_ignore_ascii_case(word))
}

/// `a=1; b=2` → `a=REDACTED; b=REDACTED`.
pub(crate) fn cookie_header(text: &str, marker: &str) -> String {
    text.split(';')
        .map(|pair| match pair.split_once('=') {
            Some((name, _)) => format!("{name}={marker}"),
            None if pair.trim().is_empty() => pair.to_owned(),
            None => format!(" {marker}"),
        })
        .collect::<Vec<_>>()
        .join(";")
}

/// `sid=abc; Path=/; HttpOnly` → `sid=REDACTED; Path=/; HttpOnly`.
pub(crate) fn set_cookie(text: &str, marker: &str) -> String {
    let (pair, attributes) = match text.split_once(';') {
        Some((pair, rest)) => (pair, Some(rest)),
        None => (text, None),
    };
    let shown = match pair.split_once('=') {
        Some((name, _)) => format!("{name}={marker}"),
        None => marker.to_owned(),
    };
    match attributes {
        Some(rest) => format!("{shown};{rest}"),
        None => shown,
    }
}

/// The cookies of a `Cookie` header, name and value, trimmed.
pub(crate) fn cookie_pairs(text: &str) -> impl Iterator<Item = (&str, &str)> {
    text.split(';').filter_map(|pair| {
        let (name, value) = pair.split_once('=')?;
        Some((name.trim(), value.trim()))
    })
}

/// The value of a `Set-Cookie` header (the part before the attributes).
pub(crate) fn set_cookie_value(text: &str) -> Option<&str> {
    let pair = text.split(';').next()?;
    let (_, value) = pair.split_once('=')?;
    Some(value.trim())
}

/// `a=1&key=x` with the values of the parameters `is_key` names replaced, everything else as
/// written. Used for URL queries and fragments and for form bodies.
pub(crate) fn redact_pairs(text: &str, marker: &str, is_key: impl Fn(&str) -> bool) -> String {
    text.split('&')
        .map(|pair| match pair.split_once('=') {
            Some((name, _)) if is_key(&decode_form(name)) => format!("{name}={marker}"),
            _ => pair.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// A percent-encoded URL component, decoded (lossily).
pub(crate) fn decode_component(text: &str) -> String {
    percent_decode_str(text).decode_utf8_lossy().into_owned()
}

/// A form-encoded name or value, decoded (`+` is a space).
pub(crate) fn decode_form(text: &str) -> String {
    decode_component(&text.replace('+', " "))
}

/// Finds secret values, whole and in their URL encodings, in text.
///
/// It holds the secrets, so it has no `Debug`.
#[derive(Clone, Default)]
pub(crate) struct Echo {
    finder: Option<AhoCorasick>,
}

impl Echo {
    /// A finder for `values` that are at least [`MIN_ECHO`] bytes long.
    pub(crate) fn new(values: impl IntoIterator<Item = String>) -> Self {
        let mut forms: Vec<String> = Vec::new();
        for v in values {
            if v.len() < MIN_ECHO {
                continue;
            }
            let percent = utf8_percent_encode(&v, NON_ALPHANUMERIC).to_string();
            let form: String = url::form_urlencoded::byte_serialize(v.as_bytes()).collect();
            for f in [v, percent, form] {
                if !forms.contains(&f) {
                    forms.push(f);
                }
            }
        }
        let finder = (!forms.is_empty())
            .then(|| {
                AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostLongest)
                    .build(&forms)
                    .ok()
            })
            .flatten();
        Echo { finder }
    }

    /// Whether there is nothing to look for.
    pub(crate) fn is_empty(&self) -> bool {
        self.finder.is_none()
    }

    /// `text` with every echo replaced by [`MARKER`].
    pub(crate) fn scrub<'a>(&self, text: &'a str) -> Cow<'a, str> {
        self.scrub_with(text, MARKER)
    }

    /// `text` with every echo replaced by `marker`.
    pub(crate) fn scrub_with<'a>(&self, text: &'a str, marker: &str) -> Cow<'a, str> {
        match &self.finder {
            Some(f) if f.is_match(text) => {
                let mut out = String::with_capacity(text.len());
                f.replace_all_with(text, &mut out, |_, _, dst| {
                    dst.push_str(marker);
                    true
                });
                Cow::Owned(out)
            }
            _ => Cow::Borrowed(text),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(url: &str, headers: &[(&str, &str)]) -> Request {
        let mut req = Request::new(http::Method::GET, Url::parse(url).unwrap());
        for (n, v) in headers {
            req.headers_mut().append(
                HeaderName::from_bytes(n.as_bytes()).unwrap(),
                v.parse().unwrap(),
            );
        }
        req
    }

    fn credential_header_t(name: &HeaderName, text: &str) -> String {
        credential_header(name, text, MARKER)
    }

    #[test]
    fn authorization_keeps_its_scheme_only() {
        let a = AUTHORIZATION;
        assert_eq!(
            credential_header_t(&a, "Bearer FAKEtoken123"),
            "Bearer REDACTED"
        );
        assert_eq!(credential_header_t(&a, "FAKEtoken123"), "REDACTED");
        assert_eq!(credential_header_t(&a, "Bearer: FAKEtoken123"), "REDACTED");
        assert_eq!(
            credential_header_t(&a, "AWS4-HMAC-SHA256 Credential=FAKE/x, Signature=FAKE"),
            "AWS4-HMAC-SHA256 REDACTED"
        );
        let key = HeaderName::from_static("x-api-key");
        assert_eq!(credential_header_t(&key, "Bearer FAKEtoken123"), "REDACTED");
    }

    #[test]
    fn cookies_keep_their_names() {
        assert_eq!(
            cookie_header("a=1; sid=FAKE", MARKER),
            "a=REDACTED; sid=REDACTED"
        );
        assert_eq!(
            set_cookie("sid=FAKEsession; Path=/; HttpOnly", MARKER),
            "sid=REDACTED; Path=/; HttpOnly"
        );
        assert_eq!(
            set_cookie_value("sid=FAKEsession; Path=/"),
            Some("FAKEsession")
        );
    }

    #[test]
    fn query_keys_are_replaced_in_place() {
        assert_eq!(
            redact_pairs("a=1&api_key=FAKE&b", MARKER, |n| n == "api_key"),
            "a=1&api_key=REDACTED&b"
        );
    }

    #[test]
    fn every_reported_location_is_hidden() {
        let mw = AuthExplainMiddleware::default();
        let req = request(
            "http://api.example.test/v1/items?api_key=FAKEqueryKEY0123&page=2",
            &[
                ("authorization", "Bearer FAKEbearer0123456789"),
                ("x-api-key", "FAKEheaderKEY0123"),
                ("cookie", "sid=FAKEcookie0123; theme=dark"),
                ("x-echo", "said FAKEbearer0123456789 back"),
            ],
        );
        let s = Secrets::of(&mw, &req);
        let target = s.target(req.url());
        assert_eq!(target, "/v1/items?api_key=REDACTED&page=2");
        let shown: String = req
            .headers()
            .iter()
            .map(|(n, v)| format!("{n}: {}\n", s.request_header(n, v.as_bytes())))
            .collect();
        assert!(!shown.contains("FAKE"), "{shown}");
        assert!(shown.contains("authorization: Bearer REDACTED"), "{shown}");
        assert!(
            shown.contains("cookie: sid=REDACTED; theme=REDACTED"),
            "{shown}"
        );
        assert!(shown.contains("x-echo: said REDACTED back"), "{shown}");
    }

    #[test]
    fn echoes_are_found_encoded() {
        let echo = Echo::new(["FAKE key/0123".to_owned(), "abc".to_owned()]);
        assert_eq!(echo.scrub("x FAKE key/0123 y"), "x REDACTED y");
        assert_eq!(echo.scrub("q=FAKE+key%2F0123"), "q=REDACTED");
        assert_eq!(echo.scrub("abc"), "abc", "too short to look for");
    }

    #[test]
    fn form_fields_that_are_keys() {
        let mw = AuthExplainMiddleware::default();
        let keys = key_fields(
            &mw,
            [
                ("grant_type", "refresh_token"),
                ("client_secret", "FAKEsecret0123"),
                ("refresh_token", "FAKErefresh0123"),
                ("scope", "read"),
            ],
        );
        assert!(keys.contains("client_secret"), "{keys:?}");
        assert!(keys.contains("refresh_token"), "{keys:?}");
        assert!(
            !keys.contains("grant_type") && !keys.contains("scope"),
            "{keys:?}"
        );
    }
}
