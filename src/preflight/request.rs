//! Checks of the URL and of the request as a whole (duplicate headers, plaintext transport,
//! misspelled header names).

use http::HeaderName;
use http::header::{AUTHORIZATION, COOKIE, PROXY_AUTHORIZATION};
use reqwest::Request;

use super::headers::{Role, header_role};
use super::placeholder::placeholder_in_part;
use super::validate::{Subject, header_title, validate};
use super::{Ctx, Finding, Severity};
use crate::credential::{self, KEY_HEADERS, Location, Names};

// ---- URL ------------------------------------------------------------------------------------

/// Query names that carry URL signatures: a signed URL is meant to travel in the URL.
fn is_signature_param(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.contains("sig") || n.contains("credential") || n == "awsaccesskeyid" || n == "x-amz-date"
}

pub(super) fn check_url(req: &Request, ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let url = req.url();
    if !url.username().is_empty() || url.password().is_some() {
        out.push(Finding {
            code: "credential_in_url",
            severity: Severity::Warning,
            location: Location::UrlUserinfo,
            message: "the URL carries user:password@, which ends up in logs, histories and Referer headers; send an Authorization header instead (RFC 9110 §4.2.4)".to_owned(),
        });
        let user = percent_decode(url.username());
        let pass = url.password().map(percent_decode).unwrap_or_default();
        let hit = placeholder_in_part(&user)
            .map(|w| ("user name", w))
            .or_else(|| placeholder_in_part(&pass).map(|w| ("password", w)));
        if let Some((part, why)) = hit {
            out.push(Finding {
                code: "placeholder",
                severity: Severity::Error,
                location: Location::UrlUserinfo,
                message: format!(
                    "the URL {part} is {why}; the variable or secret that should hold it was likely never loaded"
                ),
            });
        }
    }
    let Some(query) = url.query() else {
        return;
    };
    if let Some(name) = html_escaped_parameter(query, url.fragment()) {
        out.push(Finding {
            code: "html_escaped_url",
            severity: Severity::Error,
            location: Location::Query(name.clone()),
            message: format!(
                "the query holds an HTML-escaped `&` (`&amp;`, `&#38;`): the URL was copied out of HTML, and the parameter {name} after it reaches the server misnamed (`amp;{name}`) or, after `&#38;` (whose `#` starts a fragment), not at all; unescape the URL"
            ),
        });
    }
    for (k, v) in url.query_pairs() {
        // A key sent as the query itself (`update.php?<key>`): validated as the query's
        // unnamed value, its text never shown.
        if v.is_empty() && credential::is_nameless_key(&k) {
            let subject = Subject::new(Role::Query, "", k.as_bytes());
            validate(&subject, ctx, || Location::Query(String::new()), out);
            continue;
        }
        if !credential::is_key_param(&k, ctx.names) {
            continue;
        }
        let location = || Location::Query(k.clone().into_owned());
        if !is_signature_param(&k) {
            out.push(Finding {
                code: "credential_in_url",
                severity: Severity::Warning,
                location: location(),
                message: format!(
                    "the query parameter {k} carries a credential, which servers, proxies and Referer headers record; send it in a header (RFC 6750 §2.3, RFC 9700 §4.3.2)"
                ),
            });
        }
        let subject = Subject::new(Role::Query, &k, v.as_bytes());
        validate(&subject, ctx, location, out);
    }
}

/// `placeholder` in a path segment: a credential that travels in the path (Telegram's
/// `/bot<token>/`, a key segment) left as the documentation's placeholder (`<YOUR_BOT_TOKEN>`,
/// `{API_KEY}`, `${TOKEN}`, `YOUR_API_KEY`). Only a placeholder that names a credential counts:
/// `{id}` is a route template, not a key.
fn placeholder_in_path(req: &mut Request, _: &Ctx<'_>, out: &mut Vec<Finding>) {
    let path = req.url().path();
    // Brackets and `YOUR` are rare in paths: most requests stop at this scan.
    let b = path.as_bytes();
    if memchr::memchr3(b'<', b'{', b'$', b).is_none()
        && memchr::memmem::find(b, b"%3C").is_none()
        && memchr::memmem::find(b, b"%7B").is_none()
        && memchr::memmem::find(b, b"%24").is_none()
        && memchr::memmem::find(b, b"YOUR").is_none()
        && memchr::memmem::find(b, b"your").is_none()
    {
        return;
    }
    let hit = path
        .split('/')
        .skip(1)
        .take(32)
        .enumerate()
        .find(|(_, seg)| super::placeholder::names_placeholder_credential(&percent_decode(seg)));
    if let Some((i, _)) = hit {
        out.push(Finding {
            code: "placeholder",
            severity: Severity::Error,
            location: Location::Path(i),
            message: format!(
                "the URL path segment {i} holds a placeholder for a credential (`<…TOKEN>`, `{{API_KEY}}`, `YOUR_API_KEY`); the variable or secret that should fill it was likely never loaded"
            ),
        });
    }
}

/// `credential_in_fragment`: a key-like `name=value` pair after `#` (`#access_token=…`, an
/// OAuth implicit-flow callback copied whole). The fragment never leaves the client (RFC 3986
/// §3.5), so the server receives no credential.
fn credential_in_fragment(req: &mut Request, ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let Some(fragment) = req.url().fragment() else {
        return;
    };
    // A fragment routes a single-page app (`#/settings?tab=keys`): its pairs start after the
    // route's `?`.
    let pairs = fragment.rsplit_once('?').map_or(fragment, |(_, q)| q);
    for (k, v) in url::form_urlencoded::parse(pairs.as_bytes()).take(32) {
        if v.trim().is_empty() || !credential::is_key_param(&k, ctx.names) {
            continue;
        }
        out.push(Finding {
            code: "credential_in_fragment",
            severity: Severity::Error,
            location: Location::Fragment(k.clone().into_owned()),
            message: format!(
                "the credential {k} is in the URL fragment (after `#`), which is never sent to the server (RFC 3986 §3.5); move it into the query (`?{k}=`) or a header"
            ),
        });
    }
}

/// `unencoded_ampersand`: a credential's query value followed by a segment without `=` that
/// reads as the rest of it (`?password=Wq7t&Rz@9x`): an `&` inside the value was not
/// percent-encoded, so the server received the value cut short.
fn unencoded_ampersand(req: &mut Request, ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let Some(query) = req.url().query() else {
        return;
    };
    let mut credential: Option<String> = None;
    for raw in query.split('&').filter(|raw| !raw.is_empty()).take(64) {
        let Some((k, v)) = url::form_urlencoded::parse(raw.as_bytes()).next() else {
            continue;
        };
        if !raw.contains('=') {
            // `&amp;…` is an HTML-escaped `&`, which `html_escaped_url` reports.
            let rest = !raw.starts_with("amp;") && credential::is_cut_value_rest(&k);
            if let Some(name) = credential.take().filter(|_| rest) {
                out.push(Finding {
                    code: "unencoded_ampersand",
                    severity: Severity::Error,
                    message: format!(
                        "the value of the query parameter {name} seems cut at an `&` that was not percent-encoded: the rest of it reached the server as a parameter of its own; encode the value (`%26`), e.g. with `RequestBuilder::query`"
                    ),
                    location: Location::Query(name),
                });
                return;
            }
            continue;
        }
        credential = (!v.is_empty()
            && (credential::is_key_param(&k, ctx.names)
                || credential::is_password_beside_user(&k, query)))
        .then(|| k.into_owned());
    }
}

/// The name of the parameter an HTML-escaped `&` hides, if the query holds one: `a=1&amp;b=2`
/// sends a parameter `amp;b`; `a=1&#38;b=2` ends the query at `#`, and `b=2` goes nowhere.
fn html_escaped_parameter(query: &str, fragment: Option<&str>) -> Option<String> {
    // Only a parameter's name, `name=`, is shown: a bare value after the escaped `&` may be
    // a token, and the finding's message must not carry it.
    let name_of = |rest: &str| -> Option<String> {
        let (name, _) = rest.split('&').next()?.split_once('=')?;
        let plain = !name.is_empty()
            && name.len() <= 32
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
            && !credential::is_random_key(name.as_bytes());
        plain.then(|| name.to_owned())
    };
    if let Some(i) = query.find("&amp;") {
        return name_of(&query[i + "&amp;".len()..]);
    }
    let fragment = fragment?;
    if !query.ends_with('&') {
        return None;
    }
    ["38;", "x26;", "X26;"]
        .iter()
        .find_map(|p| fragment.strip_prefix(p))
        .and_then(name_of)
}

fn percent_decode(s: &str) -> Vec<u8> {
    url::form_urlencoded::parse(format!("x={}", s.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned().into_bytes())
        .unwrap_or_default()
}

// ---- the request as a whole -----------------------------------------------------------------

type RequestCheck = fn(&mut Request, &Ctx<'_>, &mut Vec<Finding>);

/// Checks of the request as a whole, run before the per-credential ones.
pub(super) const REQUEST_CHECKS: &[RequestCheck] = &[
    duplicate_authorization,
    digest_form,
    plaintext_http,
    misspelled_header,
    underscore_header,
    credential_in_fragment,
    unencoded_ampersand,
    placeholder_in_path,
    credential_variable_header,
];

/// `duplicate_authorization`: the field is not a list (RFC 9110 §5.3, §11.6.2), so servers read
/// the first, the last, or reject the request.
fn duplicate_authorization(req: &mut Request, _: &Ctx<'_>, out: &mut Vec<Finding>) {
    // One pass over the (few) headers: cheaper than two lookups by name.
    let (mut auth, mut proxy) = (0, 0);
    for name in req.headers().keys() {
        if *name == AUTHORIZATION {
            auth = req.headers().get_all(name).iter().count();
        } else if *name == PROXY_AUTHORIZATION {
            proxy = req.headers().get_all(name).iter().count();
        }
    }
    for (name, n) in [(AUTHORIZATION, auth), (PROXY_AUTHORIZATION, proxy)] {
        if n > 1 {
            // Copies of one value (reqwest adds URL userinfo as a second `Authorization`
            // beside one set by hand) are a warning: whichever the server reads is the same.
            let mut values = req.headers().get_all(&name).iter();
            let first = values.next();
            let same = values.all(|v| Some(v) == first);
            out.push(Finding {
                code: "duplicate_authorization",
                severity: if same { Severity::Warning } else { Severity::Error },
                location: Location::Header(name.clone()),
                message: format!(
                    "{n} {} headers in one request{}; servers read the first, the last, or reject the request",
                    header_title(name.as_str()),
                    if same { ", copies of one value" } else { "" }
                ),
            });
        }
    }
}

/// `digest_malformed`, `digest_uri_mismatch`: a `Digest` credential (RFC 7616 §3.4) is a list
/// of `name=value` parameters that must carry `username`, `realm`, `nonce`, `uri` and
/// `response`, and its `uri` must be the request's target (path and query), which the
/// `response` hash covers: one computed for the path without its query is refused.
fn digest_form(req: &mut Request, _: &Ctx<'_>, out: &mut Vec<Finding>) {
    // One pass over the (few) headers, comparing standard names: no lookup by hash.
    let digests: Vec<(HeaderName, Vec<u8>)> = req
        .headers()
        .iter()
        .filter(|(n, v)| {
            (**n == AUTHORIZATION || **n == PROXY_AUTHORIZATION)
                && v.as_bytes().len() >= 7
                && v.as_bytes()[..7].eq_ignore_ascii_case(b"digest ")
        })
        .take(2)
        .map(|(n, v)| (n.clone(), v.as_bytes().to_vec()))
        .collect();
    for (name, v) in digests {
        let Ok(rest) = std::str::from_utf8(&v[7..]) else {
            continue;
        };
        let header = header_title(name.as_str()).to_owned();
        let mut push = |code: &'static str, message: String| {
            out.push(Finding {
                code,
                severity: Severity::Error,
                location: Location::Header(name.clone()),
                message,
            });
        };
        let Some(params) = digest_params(rest) else {
            push(
                "digest_malformed",
                format!(
                    "the Digest credential in the {header} header is not a comma-separated list of name=value parameters (RFC 7616 §3.4)"
                ),
            );
            continue;
        };
        let param = |n: &str| {
            params
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(n))
                .map(|(_, v)| *v)
        };
        let missing: Vec<&str> = ["username", "realm", "nonce", "uri", "response"]
            .into_iter()
            .filter(|n| param(n).is_none())
            .collect();
        if !missing.is_empty() {
            push(
                "digest_malformed",
                format!(
                    "the Digest credential in the {header} header lacks {} (RFC 7616 §3.4)",
                    missing.join(", ")
                ),
            );
            continue;
        }
        // (a proxy's Digest names the request's absolute form or authority: not compared)
        if name == AUTHORIZATION {
            let url = req.url();
            let target = match url.query() {
                Some(q) => format!("{}?{q}", url.path()),
                None => url.path().to_owned(),
            };
            let uri = param("uri").unwrap_or_default();
            let absolute = &url.as_str()[..url.as_str().find('#').unwrap_or(url.as_str().len())];
            if uri != target && uri != absolute {
                push(
                    "digest_uri_mismatch",
                    format!(
                        "the Digest credential's uri parameter differs from this request's path and query, which its response hash must cover (RFC 7616 §3.4){}",
                        if url.query().is_some() && uri == url.path() {
                            ": the query was left out"
                        } else {
                            ""
                        }
                    ),
                );
            }
        }
    }
}

/// The `name=value` parameters of a Digest credential, values unquoted; `None` when an
/// element is not one.
fn digest_params(s: &str) -> Option<Vec<(&str, &str)>> {
    let mut out = Vec::new();
    let (mut start, mut quoted, mut escaped) = (0, false, false);
    let mut elements = Vec::new();
    for (i, c) in s.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            ',' if !quoted => {
                elements.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    if quoted || elements.len() >= 32 {
        return None;
    }
    elements.push(&s[start..]);
    for e in elements {
        let e = e.trim();
        if e.is_empty() {
            continue;
        }
        let (name, value) = e.split_once('=')?;
        let (name, value) = (name.trim(), value.trim());
        if name.is_empty() || !name.bytes().all(crate::credential::is_tchar) {
            return None;
        }
        let value = match value.strip_prefix('"') {
            Some(v) => v.strip_suffix('"')?,
            None if !value.is_empty() && value.bytes().all(crate::credential::is_tchar) => value,
            None => return None,
        };
        out.push((name, value));
    }
    Some(out)
}

/// `plaintext_http`: reported, never fixed: rewriting the scheme would send the request
/// somewhere the caller did not name.
fn plaintext_http(req: &mut Request, ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let url = req.url();
    if url.scheme() != "http" || is_loopback(url) || !credential::any_present(req, ctx.names) {
        return;
    }
    let location = first_location(req, ctx.names);
    out.push(Finding {
        code: "plaintext_http",
        severity: Severity::Error,
        location,
        message: format!(
            "a credential is sent over plaintext http:// to {}, where anyone on the path can read it; use https:// (the scheme is never changed for you)",
            url.host_str().unwrap_or("the server")
        ),
    });
}

fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => {
            let d = d.trim_end_matches('.').to_ascii_lowercase();
            d == "localhost" || d.ends_with(".localhost")
        }
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// Where the first credential of the request travels (the order of `credential::find`).
fn first_location(req: &Request, names: &Names) -> Location {
    let h = req.headers();
    for name in [AUTHORIZATION, PROXY_AUTHORIZATION] {
        if h.contains_key(&name) {
            return Location::Header(name);
        }
    }
    if let Some(name) = h.keys().find(|n| header_role(n, names) == Some(Role::Key)) {
        return Location::Header(name.clone());
    }
    // Headers named with credential words, the URL (userinfo, query, path), cookies.
    credential::find(req, names)
        .into_iter()
        .map(|c| c.location)
        .find(|l| !matches!(l, Location::Cookie(_)))
        .unwrap_or(Location::Header(COOKIE))
}

/// Misspellings too far from the right name for an edit distance. (A header named `Auth` is
/// read by the APIs that name it so: a credential header of its own, not a misspelling.)
const MISSPELLINGS: &[(&str, &str)] = &[
    ("authentication", "authorization"),
    ("proxy-authentication", "proxy-authorization"),
];

/// Request headers that are never credentials, skipped before any comparison.
const ORDINARY_HEADERS: &[&str] = &[
    "accept",
    "accept-encoding",
    "accept-language",
    "cache-control",
    "connection",
    "content-encoding",
    "content-length",
    "content-type",
    "host",
    "if-match",
    "if-none-match",
    "origin",
    "referer",
    "traceparent",
    "tracestate",
    "user-agent",
    "x-request-id",
];

/// Credential-like last words for "same header, other last word" against configured names.
const CREDENTIAL_WORDS: &[&str] = &[
    "key", "token", "secret", "auth", "apikey", "pat", "password",
];

/// `misspelled_header`: a header that is almost a credential header, while the real one is
/// absent. The misspelled header is marked sensitive too: it most likely holds a credential.
/// `underscore_header`: a credential header whose name has an underscore (`api_access_token`).
/// nginx drops such headers by default (`underscores_in_headers off`), as do other proxies
/// (RFC 9110 §5.1 allows the character; CGI maps `-` and `_` to one name), so the server
/// behind may never see the credential.
/// `placeholder` in a header of no credential's name whose value is an unexpanded variable
/// that speaks of one (`x-ad-access: ${AD_PASSWORD}`): the request meant to send a credential
/// there, and the variable was never expanded. (Headers named for credentials are judged with
/// the others, in the header checks.)
fn credential_variable_header(req: &mut Request, ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    for (name, value) in req.headers() {
        let Some(why) = super::placeholder::credential_variable(value.as_bytes()) else {
            continue;
        };
        if header_role(name, ctx.names).is_some() || credential::is_word_header(name) {
            continue;
        }
        out.push(Finding {
            code: "placeholder",
            severity: Severity::Error,
            location: Location::Header(name.clone()),
            message: format!(
                "the {name} header is {why}; the variable or secret that should hold it was likely never loaded"
            ),
        });
    }
}

fn underscore_header(req: &mut Request, ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    for name in req.headers().keys() {
        let n = name.as_str();
        if !n.contains('_')
            || (header_role(name, ctx.names).is_none() && !credential::is_word_header(name))
        {
            continue;
        }
        out.push(Finding {
            code: "underscore_header",
            severity: Severity::Warning,
            location: Location::Header(name.clone()),
            message: format!(
                "the credential header {n} has an underscore in its name: nginx drops such headers by default (`underscores_in_headers off`), and other proxies may too, so the server may never see it; send {} if the API accepts it, or let underscores through the proxy",
                n.replace('_', "-")
            ),
        });
        return;
    }
}

fn misspelled_header(req: &mut Request, ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let names = ctx.names;
    let mut hits: Vec<(HeaderName, String, bool)> = Vec::new();
    for name in req.headers().keys() {
        let n = name.as_str();
        if header_role(name, names).is_some() || ORDINARY_HEADERS.contains(&n) {
            continue;
        }
        let Some(meant) = suggestion(n, names) else {
            continue;
        };
        // A name made of credential words (`x-apikey`, `x-api-token`) is a credential header
        // of its own that some server reads: not a misspelling of a built-in name. Near a name
        // the client configured, it still is one.
        // (A listed misspelling, `Authentication`, stays one: a credential header by its
        // words, and most often meant as `Authorization`.)
        let configured = names.headers.iter().any(|h| h.as_str() == meant);
        let listed = MISSPELLINGS.iter().any(|(wrong, _)| *wrong == n);
        if credential::is_word_header(name) && !configured && !listed {
            continue;
        }
        let present = req.headers().contains_key(meant.as_str());
        hits.push((name.clone(), meant, present));
    }
    for (name, meant, present) in hits {
        if let http::header::Entry::Occupied(mut e) = req.headers_mut().entry(&name) {
            for v in e.iter_mut() {
                v.set_sensitive(true);
            }
        }
        if present {
            continue;
        }
        out.push(Finding {
            code: "misspelled_header",
            severity: Severity::Warning,
            location: Location::Header(name.clone()),
            message: format!(
                "header {} is not a credential header the server reads; did you mean {}?",
                name.as_str(),
                header_title(&meant)
            ),
        });
    }
}

/// The credential header `n` was probably meant to be.
fn suggestion(n: &str, names: &Names) -> Option<String> {
    if let Some((_, meant)) = MISSPELLINGS.iter().find(|(wrong, _)| *wrong == n) {
        return Some((*meant).to_owned());
    }
    let known = ["authorization", "proxy-authorization"]
        .into_iter()
        .chain(KEY_HEADERS.iter().copied())
        .chain(names.headers.iter().map(HeaderName::as_str));
    for k in known {
        // `x-authorization` and friends are real headers of some APIs, not typos.
        if n.strip_prefix("x-") == Some(k) {
            continue;
        }
        let max = if k.len() >= 12 { 2 } else { 1 };
        if n.len().abs_diff(k.len()) <= max && edit_distance(n.as_bytes(), k.as_bytes(), max) {
            return Some(k.to_owned());
        }
    }
    // `x-api-token` where `x-api-key` was configured: same words, another credential word.
    let (head, last) = n.rsplit_once(['-', '_'])?;
    names
        .headers
        .iter()
        .find(|k| {
            k.as_str()
                .rsplit_once(['-', '_'])
                .is_some_and(|(khead, klast)| {
                    khead == head
                        && CREDENTIAL_WORDS.contains(&last)
                        && CREDENTIAL_WORDS.contains(&klast)
                })
        })
        .map(|k| k.as_str().to_owned())
}

/// Whether the optimal-string-alignment distance (Damerau–Levenshtein with adjacent
/// transpositions) between `a` and `b` is at most `max`. Allocation-free for names up to 48
/// bytes; longer names are never compared.
fn edit_distance(a: &[u8], b: &[u8], max: usize) -> bool {
    const N: usize = 49;
    if a.len() >= N || b.len() >= N {
        return false;
    }
    let (mut prev2, mut prev, mut cur) = ([0usize; N], [0usize; N], [0usize; N]);
    for (j, p) in prev.iter_mut().enumerate().take(b.len() + 1) {
        *p = j;
    }
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(prev2[j - 2] + 1);
            }
            cur[j] = d;
            row_min = row_min.min(d);
        }
        if row_min > max {
            return false;
        }
        prev2 = prev;
        prev = cur;
    }
    prev[b.len()] <= max
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_bounds() {
        assert!(edit_distance(b"authorization", b"authorisation", 1));
        assert!(edit_distance(b"authorizatoin", b"authorization", 1));
        assert!(edit_distance(b"athorizaton", b"authorization", 2));
        assert!(!edit_distance(b"x-api-ver", b"x-api-key", 1));
        assert!(!edit_distance(b"content-type", b"x-auth-token", 2));
    }
}
