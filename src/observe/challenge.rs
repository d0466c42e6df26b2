//! `WWW-Authenticate` / `Proxy-Authenticate` challenges (RFC 9110 §11.6.1, §11.7.1).
//!
//! The strict `http-auth` parser reads well-formed headers. Real servers also send token68
//! challenges, non-ASCII text and unquoted values with `/` or `;` (AWS), which it rejects by
//! design; a lenient reader takes those, and the rejection is kept as evidence.

use http::header::{PROXY_AUTHENTICATE, WWW_AUTHENTICATE};
use http::{HeaderMap, StatusCode};

/// At most this many challenges are kept from one response.
const MAX_CHALLENGES: usize = 32;
/// At most this many bytes of one header value are read.
const MAX_VALUE_BYTES: usize = 8 * 1024;

/// One challenge: a scheme and its parameters.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Challenge {
    pub(crate) scheme: String,
    /// Parameter names lowercased (RFC 9110 §11.2), values unescaped.
    pub(crate) params: Vec<(String, String)>,
    pub(crate) token68: Option<String>,
    /// From `Proxy-Authenticate`.
    pub(crate) proxy: bool,
}

impl Challenge {
    pub(crate) fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Reads every challenge of a response; returns them with notes on headers the strict parser
/// rejected.
pub(crate) fn read(status: StatusCode, headers: &HeaderMap) -> (Vec<Challenge>, Vec<String>) {
    let mut out = Vec::new();
    let mut notes = Vec::new();
    let names: &[_] = if status == StatusCode::PROXY_AUTHENTICATION_REQUIRED {
        &[PROXY_AUTHENTICATE, WWW_AUTHENTICATE]
    } else {
        &[WWW_AUTHENTICATE, PROXY_AUTHENTICATE]
    };
    for name in names {
        let proxy = *name == PROXY_AUTHENTICATE;
        for value in headers.get_all(name) {
            if out.len() >= MAX_CHALLENGES {
                notes.push(format!(
                    "more than {MAX_CHALLENGES} challenges; the rest were not read"
                ));
                return (out, notes);
            }
            let bytes = &value.as_bytes()[..value.len().min(MAX_VALUE_BYTES)];
            let text = String::from_utf8_lossy(bytes);
            let parsed = match http_auth::parse_challenges(&text) {
                Ok(list) => list
                    .into_iter()
                    .map(|c| Challenge {
                        scheme: c.scheme.to_owned(),
                        params: c
                            .params
                            .iter()
                            .map(|(k, v)| (k.to_ascii_lowercase(), v.to_unescaped()))
                            .collect(),
                        token68: None,
                        proxy,
                    })
                    .collect(),
                Err(e) => {
                    notes.push(format!(
                        "{} is not strictly RFC 9110 conformant ({e}); read leniently",
                        name.as_str()
                    ));
                    lenient(&text, proxy)
                }
            };
            for c in parsed {
                if out.len() < MAX_CHALLENGES {
                    out.push(c);
                }
            }
        }
    }
    (out, notes)
}

/// A forgiving challenge reader: list elements split on commas outside quoted strings; an
/// element `name=value` continues the current challenge, anything else starts a new one.
pub(crate) fn lenient(input: &str, proxy: bool) -> Vec<Challenge> {
    let mut out: Vec<Challenge> = Vec::new();
    for item in split_outside_quotes(input) {
        let item = item.trim();
        if item.is_empty() {
            continue; // RFC 9110 §5.6.1.2: empty list elements are tolerated
        }
        let sp = item.find([' ', '\t']);
        let starts_param = is_param(item);
        if starts_param && !out.is_empty() {
            if let Some(c) = out.last_mut() {
                c.params.extend(params(item));
            }
            continue;
        }
        let (scheme, rest) = match sp {
            Some(s) => (&item[..s], item[s..].trim()),
            None => (item, ""),
        };
        let mut c = Challenge {
            scheme: scheme.to_owned(),
            proxy,
            ..Challenge::default()
        };
        if !rest.is_empty() {
            if is_token68(rest) {
                c.token68 = Some(rest.to_owned());
            } else {
                c.params.extend(params(rest));
            }
        }
        out.push(c);
    }
    out
}

/// `name = value`: a token, optional whitespace (BWS, RFC 9110 §5.6.3), then `=`.
fn is_param(item: &str) -> bool {
    let end = item
        .find(|c: char| !c.is_ascii() || !crate::credential::is_tchar(c as u8))
        .unwrap_or(item.len());
    end > 0 && item[end..].trim_start().starts_with('=')
}

fn is_token68(s: &str) -> bool {
    let body = s.trim_end_matches('=');
    !body.is_empty()
        && body
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~+/".contains(&b))
}

/// One parameter, or several a server wrote without the commas between them
/// (`realm="metrics" scope="metrics:read"`).
fn params(item: &str) -> Vec<(String, String)> {
    let pieces: Vec<&str> = split_outside_quotes_on(item, b' ')
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect();
    if pieces.len() > 1 && pieces.iter().all(|p| is_param(p) && p.contains("=\"")) {
        pieces.into_iter().map(param).collect()
    } else {
        vec![param(item)]
    }
}

fn param(item: &str) -> (String, String) {
    match item.split_once('=') {
        Some((k, v)) => (k.trim().to_ascii_lowercase(), unquote(v.trim())),
        None => (item.trim().to_ascii_lowercase(), String::new()),
    }
}

fn unquote(v: &str) -> String {
    let Some(inner) = v.strip_prefix('"') else {
        return v.to_owned();
    };
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(n) = chars.next() {
                    out.push(n);
                }
            }
            '"' => break,
            c => out.push(c),
        }
    }
    out
}

fn split_outside_quotes(s: &str) -> Vec<&str> {
    split_outside_quotes_on(s, b',')
}

/// `s` split on `sep` outside quoted strings.
fn split_outside_quotes_on(s: &str, sep: u8) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut start, mut in_q, mut esc) = (0, false, false);
    for (i, b) in s.bytes().enumerate() {
        if esc {
            esc = false;
            continue;
        }
        match b {
            b'\\' if in_q => esc = true,
            b'"' => in_q = !in_q,
            _ if b == sep && !in_q => {
                parts.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&s[start..]);
    parts
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    #[test]
    fn parameters_without_commas_are_read_one_by_one() {
        let (c, notes) = read_one(r#"Bearer realm="metrics" scope="metrics:read""#);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].param("realm"), Some("metrics"));
        assert_eq!(c[0].param("scope"), Some("metrics:read"));
        assert!(!notes.is_empty());
        // A quoted value with spaces stays one value.
        let (c, _) = read_one(r#"Bearer realm="the api" error="invalid_token""#);
        assert_eq!(c[0].param("realm"), Some("the api"));
        assert_eq!(c[0].param("error"), Some("invalid_token"));
    }

    fn read_one(v: &str) -> (Vec<Challenge>, Vec<String>) {
        let mut h = HeaderMap::new();
        h.append(WWW_AUTHENTICATE, HeaderValue::from_str(v).unwrap());
        read(StatusCode::UNAUTHORIZED, &h)
    }

    #[test]
    fn rfc_examples() {
        let (c, notes) = read_one(
            r#"Basic realm="simple", Newauth realm="apps", type=1, title="Login to \"apps\"""#,
        );
        assert!(notes.is_empty());
        assert_eq!(c.len(), 2);
        assert_eq!(c[1].param("title"), Some(r#"Login to "apps""#));
        let (c, _) = read_one(r#"Bearer realm="api, v2", error="invalid_token""#);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].param("error"), Some("invalid_token"));
        let (c, _) = read_one(
            r#"Bearer error="invalid_token", error_description="Invalid token", DPoP algs="ES256 PS256""#,
        );
        assert_eq!(c.len(), 2);
        assert_eq!(c[1].param("algs"), Some("ES256 PS256"));
        assert_eq!(c[1].param("error"), None);
    }

    #[test]
    fn lenient_fallback_for_token68_and_unquoted() {
        let (c, notes) = read_one("Negotiate abc123==");
        assert_eq!(c[0].token68.as_deref(), Some("abc123=="));
        assert_eq!(notes.len(), 1);
        let c = lenient("Bearer realm=x, scope=a/b;c, Basic", false);
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].param("scope"), Some("a/b;c"));
        assert_eq!(c[1].scheme, "Basic");
        let c = lenient("Basic realm = \"a\", , Bearer", false);
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].param("realm"), Some("a"));
    }

    #[test]
    fn many_headers_are_bounded() {
        let mut h = HeaderMap::new();
        for _ in 0..1000 {
            h.append(
                WWW_AUTHENTICATE,
                HeaderValue::from_static("Basic realm=\"x\""),
            );
        }
        let (c, notes) = read(StatusCode::UNAUTHORIZED, &h);
        assert_eq!(c.len(), MAX_CHALLENGES);
        assert_eq!(notes.len(), 1);
    }
}
