//! Entry points for the fuzz targets in `fuzz/` and for the test that replays their seeds.
//!
//! **Not part of the public API**: hidden from the documentation, outside any semver promise,
//! and free to change in any release. It exists because the parsers are private: each
//! `check_*` function feeds one input to one parser and panics when a property does not hold,
//! so `fuzz/fuzz_targets/*.rs` and `tests/all/fuzz_seeds.rs` run the very same checks.
//!
//! Inputs are bytes in small text formats, so that the seeds under `fuzz/corpus/` read as what
//! they are (a challenge, an error body, a response). Each `check_*` documents its format.

use std::time::{Duration, UNIX_EPOCH};

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use http::header::{AUTHORIZATION, CONTENT_TYPE, PROXY_AUTHENTICATE, WWW_AUTHENTICATE};
use http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use reqwest::Request;
use serde_json::Value;
use url::Url;

use crate::credential::{self, Names};
use crate::diagnose::{self, Context};
use crate::explanation::{Cause, Explanation, Outcome};
use crate::jwt::{self, PeekError};
use crate::observe::{Evidence, body::Body, body::Format, challenge};
use crate::preflight::{self, Ctx, Finding, Preflight, Severity};
use crate::redact;
use crate::secret::Secret;

/// The check of one target: panics when a property does not hold for the input.
pub type Check = fn(&[u8]);

/// Every target: its name (the directory under `fuzz/corpus/` and the binary under
/// `fuzz/fuzz_targets/`) and its check.
pub const TARGETS: &[(&str, Check)] = &[
    ("challenge", check_challenge),
    ("body", check_body),
    ("jwt_peek", check_jwt_peek),
    ("preflight_repair", check_preflight_repair),
    ("redact_url", check_redact_url),
    ("scrub_text", check_scrub_text),
    ("diagnose", check_diagnose),
];

/// Runs the check of the target `name` on `data`. Panics on an unknown name.
pub fn check(name: &str, data: &[u8]) {
    match TARGETS.iter().find(|(n, _)| *n == name) {
        Some((_, f)) => f(data),
        None => panic!("no fuzz target named {name}"),
    }
}

/// A fixed clock (2023-11-14), so that a JWT in a seed expires or not on every run alike.
const NOW: u64 = 1_700_000_000;

/// The challenge reader caps what it keeps from one response (`challenge::MAX_CHALLENGES`).
const MAX_CHALLENGES: usize = 32;
/// The body reader caps codes, messages and fields (`body::MAX_ITEMS`) and cuts each text to
/// 500 characters plus an ellipsis.
const MAX_ITEMS: usize = 64;
const MAX_TEXT_CHARS: usize = 501;
/// Scrubbed text is cut to this many bytes (`redact::MAX_TEXT_BYTES`).
const MAX_SCRUBBED_BYTES: usize = 4096;

fn lines(data: &[u8]) -> impl Iterator<Item = &[u8]> {
    data.split(|b| *b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
}

/// The first line and the rest.
fn first_line(data: &[u8]) -> (&[u8], &[u8]) {
    match data.iter().position(|b| *b == b'\n') {
        Some(i) => (
            data[..i].strip_suffix(b"\r").unwrap_or(&data[..i]),
            &data[i + 1..],
        ),
        None => (data, &[]),
    }
}

/// `Name: value` as a header, when both parts are valid.
fn header_line(line: &[u8]) -> Option<(HeaderName, HeaderValue)> {
    let i = line.iter().position(|b| *b == b':')?;
    let name = HeaderName::from_bytes(credential::trim_ascii(&line[..i])).ok()?;
    let value = HeaderValue::from_bytes(credential::trim_ascii(&line[i + 1..])).ok()?;
    Some((name, value))
}

// ---- challenge ------------------------------------------------------------------------------

/// `WWW-Authenticate` / `Proxy-Authenticate`: each line of `data` is one header value.
///
/// - The lenient reader takes the whole input as text; the strict `http-auth` parser and the
///   reader the middleware uses (strict, lenient on rejection) take each line as a header, once
///   for a 401 and once for a 407.
/// - At most 32 challenges are kept; parameter names are lowercase; the challenges of the
///   header the status asks for come first.
/// - Where the strict parser accepts a value, the lenient reader finds the same schemes.
pub fn check_challenge(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    assert_lowercase_params(&challenge::lenient(&text, false));

    let mut headers = HeaderMap::new();
    for line in lines(data) {
        let Ok(value) = HeaderValue::from_bytes(line) else {
            continue;
        };
        let text = String::from_utf8_lossy(line);
        if let Ok(strict) = http_auth::parse_challenges(&text) {
            let lenient = challenge::lenient(&text, false);
            let strict: Vec<&str> = strict.iter().map(|c| c.scheme).collect();
            let lenient: Vec<&str> = lenient.iter().map(|c| c.scheme.as_str()).collect();
            assert_eq!(strict, lenient, "strict and lenient disagree on {text:?}");
        }
        headers.append(WWW_AUTHENTICATE, value.clone());
        headers.append(PROXY_AUTHENTICATE, value);
    }
    for status in [
        StatusCode::UNAUTHORIZED,
        StatusCode::PROXY_AUTHENTICATION_REQUIRED,
    ] {
        let (found, notes) = challenge::read(status, &headers);
        assert!(found.len() <= MAX_CHALLENGES, "{} challenges", found.len());
        assert!(notes.len() <= headers.len() + 1, "{notes:?}");
        assert_lowercase_params(&found);
        let proxy_first = status == StatusCode::PROXY_AUTHENTICATION_REQUIRED;
        assert!(
            found
                .windows(2)
                .all(|w| w[0].proxy == w[1].proxy || w[0].proxy == proxy_first),
            "challenges out of order for {status}"
        );
    }
}

fn assert_lowercase_params(challenges: &[challenge::Challenge]) {
    for c in challenges {
        for (name, _) in &c.params {
            assert_eq!(
                *name,
                name.to_ascii_lowercase(),
                "parameter name not lowercased"
            );
        }
    }
}

// ---- body -----------------------------------------------------------------------------------

/// An error body: the first line is the `Content-Type` (empty: none), the rest is the body. A
/// first line starting with `!` means the capture limit cut the body (`complete` is false).
///
/// The body is read under its own content type and again as JSON, problem+json, XML and plain
/// text. Codes, messages and fields stay within their caps, a text within 500 characters and
/// an ellipsis; a body that is not UTF-8 yields no text; parsed JSON is kept.
pub fn check_body(data: &[u8]) {
    let (first, body) = first_line(data);
    let (complete, ct) = match first.strip_prefix(b"!") {
        Some(ct) => (false, ct),
        None => (true, first),
    };
    let mut types: Vec<&[u8]> = vec![
        b"application/json",
        b"application/problem+json",
        b"application/xml",
        b"text/plain",
    ];
    types.insert(0, ct);
    for ct in types {
        let mut headers = HeaderMap::new();
        if let (false, Ok(v)) = (ct.is_empty(), HeaderValue::from_bytes(ct)) {
            headers.insert(CONTENT_TYPE, v);
        }
        let b = Body::read(&headers, body, complete);
        assert!(b.codes.len() <= MAX_ITEMS && b.messages.len() <= MAX_ITEMS);
        assert!(b.fields.len() <= MAX_ITEMS);
        for t in b.codes.iter().chain(&b.messages) {
            assert!(!t.is_empty(), "empty code or message");
            assert!(t.chars().count() <= MAX_TEXT_CHARS, "text not cut");
        }
        for (_, v) in &b.fields {
            assert!(v.chars().count() <= MAX_TEXT_CHARS, "field not cut");
        }
        match b.format {
            Format::Empty => assert!(body.is_empty() && b.messages.is_empty()),
            Format::Binary => {
                assert!(b.messages.is_empty() && b.codes.is_empty() && b.note.is_some())
            }
            Format::Json | Format::ProblemJson => assert!(b.json.is_some()),
            Format::Xml | Format::Html | Format::Text => {}
        }
        let _ = (b.primary_message(), b.text_lower(), b.field("requestid"));
    }
}

// ---- jwt_peek -------------------------------------------------------------------------------

/// A JWT: `data` is peeked at as a token, and again as the payload of a token built around it.
///
/// Built around a payload, the peek succeeds exactly when the payload is a JSON object, reads
/// `exp`, `nbf`, `iat` and `iss` as serde_json does, and does not care for `=` padding.
pub fn check_jwt_peek(data: &[u8]) {
    let _ = jwt::peek(data);
    let _ = credential::is_jwt(data);

    let payload = URL_SAFE_NO_PAD.encode(data);
    let token = format!("eyJhbGciOiJub25lIn0.{payload}.c2ln");
    let got = jwt::peek(token.as_bytes());
    assert_eq!(
        got,
        jwt::peek(format!("eyJhbGciOiJub25lIn0.{payload}==.c2ln").as_bytes()),
        "padding changed the claims"
    );
    if payload.len() > 64 * 1024 {
        assert_eq!(got, Err(PeekError::Unreadable));
        return;
    }
    match (got, serde_json::from_slice::<Value>(data)) {
        (Ok(claims), Ok(Value::Object(map))) => {
            let num = |k: &str| map.get(k).and_then(Value::as_f64);
            assert_eq!(claims.exp, num("exp"));
            assert_eq!(claims.nbf, num("nbf"));
            assert_eq!(claims.iat, num("iat"));
            assert_eq!(
                claims.iss.as_deref(),
                map.get("iss").and_then(Value::as_str)
            );
            assert!(claims.aud.len() <= 256 && claims.scopes.len() <= data.len());
        }
        (Err(PeekError::Unreadable), Ok(v)) => assert!(!v.is_object(), "object not read"),
        (Err(PeekError::Unreadable), Err(_)) => {}
        (got, want) => panic!("peek gave {got:?} for a payload that parses as {want:?}"),
    }
}

// ---- preflight_repair -----------------------------------------------------------------------

/// A credential header value, sent once as `Authorization` and once as `x-api-key` (bytes a
/// header value cannot hold are dropped) through the pre-flight checks, on a fixed clock.
///
/// - Repair is idempotent: repairing the repaired request again repairs nothing, changes no
///   byte and reports the same unrepaired findings.
/// - Repair changes no byte without a `repaired` finding; Observe and Strict change no byte
///   and report the same findings, a repairable warning being an error in Strict; the header
///   leaves marked sensitive.
/// - No finding message quotes the token (a last word of 8 or more token characters with a
///   letter and a digit).
pub fn check_preflight_repair(data: &[u8]) {
    let value: Vec<u8> = data
        .iter()
        .copied()
        .filter(|b| (*b >= 0x20 || *b == b'\t') && *b != 0x7f)
        .collect();
    for name in [AUTHORIZATION, HeaderName::from_static("x-api-key")] {
        check_repair_of(&name, &value);
    }
}

fn preflight_ctx(mode: Preflight, names: &Names) -> Ctx<'_> {
    Ctx {
        mode,
        now: UNIX_EPOCH + Duration::from_secs(NOW),
        leeway: Duration::from_secs(60),
        expiry_warning: Duration::ZERO,
        environment: None,
        names,
        clean: None,
        until: std::cell::Cell::new(u64::MAX),
    }
}

fn check_repair_of(name: &HeaderName, value: &[u8]) {
    let names = Names::default();
    let request = || {
        let mut r = Request::new(
            Method::GET,
            Url::parse("https://api.example.com/v1").unwrap(),
        );
        let v = HeaderValue::from_bytes(value).expect("filtered to valid header bytes");
        r.headers_mut().insert(name.clone(), v);
        r
    };
    let codes = |f: &[Finding]| f.iter().map(|f| f.code).collect::<Vec<_>>();
    let token = leak_candidate(
        String::from_utf8_lossy(value)
            .split_whitespace()
            .last()
            .unwrap_or(""),
    );

    let mut observed = Vec::new();
    for mode in [Preflight::Observe, Preflight::Strict] {
        let mut r = request();
        let found = preflight::check_with(&mut r, &preflight_ctx(mode, &names));
        assert_eq!(
            r.headers()[name].as_bytes(),
            value,
            "{mode:?} changed bytes"
        );
        assert!(r.headers()[name].is_sensitive());
        assert!(
            found.iter().all(|f| f.severity != Severity::Repaired),
            "{found:?}"
        );
        assert_no_quote(&found, token.as_deref());
        if mode == Preflight::Observe {
            observed = found;
        } else {
            // Strict judges what Observe judges; a repairable warning becomes an error.
            assert_eq!(
                codes(&found),
                codes(&observed),
                "Strict and Observe disagree"
            );
            for (s, o) in found.iter().zip(&observed) {
                assert!(
                    s.severity == o.severity || s.severity == Severity::Error,
                    "{s:?}"
                );
            }
        }
    }

    let mut r = request();
    let first = preflight::check_with(&mut r, &preflight_ctx(Preflight::Repair, &names));
    let repaired = r.headers()[name].as_bytes().to_vec();
    assert!(r.headers()[name].is_sensitive());
    if repaired != value {
        assert!(
            first.iter().any(|f| f.severity == Severity::Repaired),
            "bytes changed without a repaired finding: {first:?}"
        );
    }
    assert_no_quote(&first, token.as_deref());
    let second = preflight::check_with(&mut r, &preflight_ctx(Preflight::Repair, &names));
    assert!(
        second.iter().all(|f| f.severity != Severity::Repaired),
        "second repair: {second:?}"
    );
    assert_eq!(
        r.headers()[name].as_bytes(),
        &repaired[..],
        "second repair changed bytes"
    );
    let left: Vec<_> = first
        .iter()
        .filter(|f| f.severity != Severity::Repaired)
        .map(|f| f.code)
        .collect();
    assert_eq!(codes(&second), left, "second repair reports other findings");
}

/// A word that is certainly secret material and cannot be crate prose: 8 or more token
/// characters with a letter and a digit, not a scheme name.
fn leak_candidate(word: &str) -> Option<String> {
    let ok = word.len() >= 8
        && word
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~+/=".contains(&b))
        && word.bytes().any(|b| b.is_ascii_alphabetic())
        && word.bytes().any(|b| b.is_ascii_digit())
        && !["aws4-hmac-sha256", "scram-sha-256", "eg1-hmac-sha256"]
            .iter()
            .any(|s| s.eq_ignore_ascii_case(word));
    ok.then(|| word.to_owned())
}

fn assert_no_quote(findings: &[Finding], token: Option<&str>) {
    let Some(token) = token else { return };
    for f in findings {
        assert!(
            !f.message.contains(token),
            "{} quotes the token: {}",
            f.code,
            f.message
        );
    }
}

// ---- redact_url -----------------------------------------------------------------------------

/// A URL (the whole input as text; inputs that do not parse are skipped), through
/// [`redact_url`](crate::redact_url) with the extra sensitive name `tenant`.
///
/// - The result parses, holds no fragment, and redacting it again changes nothing (beyond what
///   parsing it changes).
/// - The userinfo becomes `REDACTED:REDACTED`; the value of every sensitive query parameter
///   becomes `REDACTED`, and no such value, nor the user name or password, appears anywhere in
///   the result unless the rest of the URL holds it too.
/// - A URL without secrets comes back as it was, less the fragment.
pub fn check_redact_url(data: &[u8]) {
    let Ok(url) = Url::parse(&String::from_utf8_lossy(data)) else {
        return;
    };
    let extra = ["tenant".to_owned()];
    let out = crate::redact_url(&url, &extra);
    let parsed = Url::parse(&out).unwrap_or_else(|e| panic!("{out:?} does not parse: {e}"));
    assert!(parsed.fragment().is_none() && !out.contains('#'), "{out}");
    // Compared with the parsed result: the url crate's own serialization is not always a fixed
    // point (`file://.//s:` parses again as `file:///s:`).
    assert_eq!(
        crate::redact_url(&parsed, &extra),
        parsed.as_str(),
        "not idempotent"
    );
    let mut bare = url.clone();
    bare.set_fragment(None);
    if !redact::url_has_secrets(&bare, &extra) {
        assert_eq!(out, bare.as_str(), "changed a URL without secrets");
    }

    let full = url.as_str();
    // What must not survive, as byte ranges of `full`.
    let mut secret_ranges: Vec<(usize, usize)> = Vec::new();
    let has_userinfo = !url.username().is_empty() || url.password().is_some();
    if has_userinfo {
        assert_eq!(parsed.username(), "REDACTED", "{out}");
        assert_eq!(parsed.password(), Some("REDACTED"), "{out}");
        // scheme "://" userinfo "@"
        let start = url.scheme().len() + 3;
        let end = full[start..].find('@').map_or(start, |i| start + i);
        secret_ranges.push((start, end));
    }
    if let (Some(q), Some(q_out)) = (url.query(), parsed.query()) {
        let q_start = full.find('?').map_or(0, |i| i + 1);
        let out_pairs: Vec<&str> = q_out.split(['&', ';']).collect();
        let mut at = q_start;
        for (i, pair) in q.split(['&', ';']).enumerate() {
            if let Some((k, v)) = pair.split_once('=') {
                let name = percent_decode(k);
                if !v.is_empty() && redact::is_sensitive_param(&name, &extra) {
                    assert_eq!(
                        out_pairs
                            .get(i)
                            .and_then(|p| p.split_once('='))
                            .map(|p| p.1),
                        Some("REDACTED"),
                        "{name} not redacted in {out}"
                    );
                    let vs = at + k.len() + 1;
                    secret_ranges.push((vs, vs + v.len()));
                }
            }
            at += pair.len() + 1;
        }
    }
    // The text the result may show: everything but the secrets.
    let mut shown = Vec::new();
    let mut from = 0;
    secret_ranges.sort_unstable();
    for (s, e) in &secret_ranges {
        shown.push(&full[from..*s]);
        from = *e;
    }
    shown.push(&full[from..]);
    let out_pieces: Vec<&str> = out.split("REDACTED").collect();
    for (s, e) in secret_ranges {
        let secret = &full[s..e];
        if secret.is_empty() || shown.iter().any(|p| p.contains(secret)) {
            continue;
        }
        assert!(
            !out_pieces.iter().any(|p| p.contains(secret)),
            "{secret:?} survives in {out}"
        );
    }
}

fn percent_decode(s: &str) -> String {
    let decoded: Vec<u8> = url::form_urlencoded::parse(format!("x={s}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned().into_bytes())
        .unwrap_or_default();
    String::from_utf8_lossy(&decoded).into_owned()
}

// ---- scrub_text -----------------------------------------------------------------------------

/// A secret and a text: the first line is the secret (trimmed; shorter than 8 characters or a
/// bare issuer prefix such as `sk_live_`, the input is only scrubbed, not checked), the rest is
/// the text. The secret is embedded in the
/// middle of the text in each of several forms (as is, form- and percent-encoded, base64 and
/// base64url, masked as `abcdefgh***` and `*****wxyz`, split by a zero-width space, in a URL)
/// and the result scrubbed with `redact::scrub_text`.
///
/// - Neither the secret nor the embedded form survives; for a secret of printable ASCII, no 6
///   characters of it in a row survive either (but for a known issuer prefix such as
///   `sk_live_`, which explanations may name).
/// - The result holds no control or invisible formatting character and stays within 4 KiB.
/// - The result, for the text and for each embedding, is what the naive reference
///   (`redact::Naive`) gives.
pub fn check_scrub_text(data: &[u8]) {
    let (first, rest) = first_line(data);
    let secret = String::from_utf8_lossy(credential::trim_ascii(first)).into_owned();
    let text = String::from_utf8_lossy(rest);
    let mut mid = text.len() / 2;
    while !text.is_char_boundary(mid) {
        mid -= 1;
    }
    let (before, after) = text.split_at(mid);
    let held = Secret::new(secret.as_str());
    let naive = redact::Naive::new(&[(secret.as_bytes(), None)], &[]);
    let out = redact::scrub_text(&text, &[&held]);
    assert_one_safe_line(&out);
    assert_eq!(out, naive.scrub(&text), "the naive reference differs");
    let prefix = crate::credential::token_prefix(secret.as_bytes()).map_or(0, |p| p.prefix.len());
    // A bare issuer prefix (`sk-ant-api`) is no secret: explanations may name it. Nor is
    // `REDACTED`, what an already redacted URL holds.
    if secret.chars().count() < 8 || secret.len() <= prefix || secret == redact::REDACTED {
        return;
    }
    let windows_checked = secret.bytes().all(|b| b == b' ' || b.is_ascii_graphic());
    for form in 0..ECHO_FORMS {
        let echoed = echo(&secret, form);
        let text = format!("{before}{echoed}{after}");
        let out = redact::scrub_text(&text, &[&held]);
        assert_one_safe_line(&out);
        assert_eq!(
            out,
            naive.scrub(&text),
            "form {form}: the naive reference differs"
        );
        // A secret that shares characters with the `[REDACTED]` marker can be spelled by a
        // marker and the text beside it (`EDACTED] F:3` in `[REDACTED] F:3`): what the scrubber
        // wrote is not what it let through, so the checks look at the output with its markers
        // blanked. For any other secret the blanking changes no match: a match that overlaps a
        // marker holds a bracket or six of its letters.
        let out = blank_markers(&out);
        if text.len() > MAX_SCRUBBED_BYTES {
            // The cut may fall inside the echo: checked only when the text is whole.
            continue;
        }
        assert!(
            !out.contains(secret.as_str()),
            "form {form}: secret survives in {out:?}"
        );
        assert!(
            echoed.len() < 6 || !out.contains(&echoed),
            "form {form}: {echoed:?} survives in {out:?}"
        );
        if windows_checked {
            for (i, w) in secret.as_bytes().windows(6).enumerate() {
                let w = std::str::from_utf8(w).unwrap_or_default();
                assert!(
                    i + 6 <= prefix || !out.contains(w),
                    "form {form}: {w:?} survives in {out:?}"
                );
            }
        }
    }
}

const ECHO_FORMS: usize = 9;

fn echo(secret: &str, form: usize) -> String {
    let chars: Vec<char> = secret.chars().collect();
    let pct = |s: &str| -> String {
        s.bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect()
    };
    match form {
        0 => secret.to_owned(),
        1 => url::form_urlencoded::byte_serialize(secret.as_bytes()).collect(),
        2 => pct(secret),
        3 => STANDARD.encode(secret),
        4 => URL_SAFE_NO_PAD.encode(secret),
        5 => format!("{}***", chars[..8].iter().collect::<String>()),
        6 => format!(
            "*****{}",
            chars[chars.len() - 4..].iter().collect::<String>()
        ),
        7 => {
            let (a, b) = chars.split_at(chars.len() / 2);
            format!(
                "{}\u{200b}{}",
                a.iter().collect::<String>(),
                b.iter().collect::<String>()
            )
        }
        _ => format!(" https://h.example/cb?token={} ", pct(secret)),
    }
}

fn assert_one_safe_line(out: &str) {
    assert!(out.len() <= MAX_SCRUBBED_BYTES, "{} bytes", out.len());
    assert!(
        !out.chars().any(|c| c.is_control()
            || matches!(c, '\u{2028}' | '\u{2029}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')),
        "control or invisible character in {out:?}"
    );
}

// ---- diagnose -------------------------------------------------------------------------------

/// A request and its response, through the middleware's own steps: pre-flight (Repair),
/// credential discovery, `Evidence::read` and `diagnose::explain`.
///
/// ```text
/// > POST https://api.example.com/v1/orders     optional request line
/// > authorization: Bearer abc123def456         request headers
/// 403                                          status (and `cut`: the body was cut)
/// www-authenticate: Bearer error="insufficient_scope"
///                                              a blank line
/// {"error":"insufficient_scope"}               the body, raw bytes
/// ```
///
/// A status other than 401, 403, 407 and 429 is mapped onto one of them.
///
/// - The explanation is `explained`, with the status and a cause; a 407 is
///   `proxy_auth_required`; its `Display` and JSON can be produced.
/// - Its texts hold no control character, and none holds a request credential (8 or more token
///   characters with a letter and a digit), whatever the response echoes.
pub fn check_diagnose(data: &[u8]) {
    let mut method = Method::GET;
    let mut url = Url::parse("https://api.example.com/v1/resource").unwrap();
    let mut request_headers = Vec::new();
    let mut rest = data;
    while let Some(line) = rest.strip_prefix(b"> ") {
        let (line, next) = first_line(line);
        rest = next;
        let text = String::from_utf8_lossy(line);
        if let Some((m, u)) = text.split_once(' ').filter(|(_, u)| u.contains("://")) {
            if let (Ok(m), Ok(u)) = (Method::from_bytes(m.as_bytes()), Url::parse(u.trim())) {
                (method, url) = (m, u);
            }
        } else if let Some(h) = header_line(line) {
            request_headers.push(h);
        }
    }
    let (status_line, mut rest) = first_line(rest);
    let digits: String = status_line
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .map(|b| *b as char)
        .collect();
    let code: u16 = digits.parse().unwrap_or(401);
    let status = match code {
        401 | 403 | 407 | 429 => code,
        n => [401, 403, 407, 429][usize::from(n % 4)],
    };
    let status = StatusCode::from_u16(status).expect("a valid status");
    let complete = !status_line.windows(3).any(|w| w == b"cut");
    let mut response_headers = HeaderMap::new();
    while !rest.is_empty() {
        let (line, next) = first_line(rest);
        rest = next;
        if line.is_empty() {
            break;
        }
        if let Some((n, v)) = header_line(line) {
            response_headers.append(n, v);
        }
    }

    let mut req = Request::new(method, url);
    for (n, v) in request_headers {
        req.headers_mut().append(n, v);
    }
    let e = explain(&mut req, status, &response_headers, rest, complete);

    assert_eq!(e.outcome(), Outcome::Explained);
    assert_eq!(e.status(), Some(status.as_u16()));
    let cause = e.cause().expect("an explained failure has a cause");
    if status == StatusCode::PROXY_AUTHENTICATION_REQUIRED {
        assert_eq!(cause, Cause::ProxyAuthRequired);
    }
    let json = e.to_json();
    assert_eq!(json["cause"], cause.code(), "{json}");
    let _ = e.to_string();

    let texts = explanation_texts(&e);
    for t in &texts {
        assert!(
            !t.chars().any(char::is_control),
            "control character in {t:?}"
        );
    }
    let names = Names::default();
    for c in credential::find(&req, &names) {
        let Some(secret) = leak_candidate(&String::from_utf8_lossy(c.secret.expose_secret()))
        else {
            continue;
        };
        for t in &texts {
            assert!(!t.contains(&secret), "a credential survives in {t:?}");
        }
    }
}

/// The middleware's failure path for one recorded response, without the network (pre-flight in
/// Repair mode, credential discovery, evidence, diagnosis), for `benches/diagnose.rs`.
pub fn explain_recorded(
    req: &mut Request,
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
) -> Explanation {
    explain(req, status, headers, body, true)
}

/// The middleware's failure path without the network: pre-flight in Repair mode, credential
/// discovery, evidence from the response, and the diagnosis, on a fixed clock.
pub(crate) fn explain(
    req: &mut Request,
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
    complete: bool,
) -> Explanation {
    let names = Names::default();
    let findings = preflight::check_with(req, &preflight_ctx(Preflight::Repair, &names));
    let credentials = credential::find(req, &names);
    let findings = redact::scrub_findings(findings, &credentials, &[]);
    let evidence = Evidence::read(status, headers, body, complete);
    diagnose::explain(&Context {
        method: req.method(),
        url: req.url(),
        final_url: req.url(),
        credentials: &credentials,
        findings: &findings,
        evidence: &evidence,
        headers,
        now: UNIX_EPOCH + Duration::from_secs(NOW),
        sensitive_params: &[],
        hidden_credential_headers: &[],
        history: None,
        profiles: true,
        cache: Default::default(),
    })
}

/// Every text of an explanation that comes from server or request text (the URL from its path
/// on: the host is not secret).
fn explanation_texts(e: &Explanation) -> Vec<String> {
    let mut t = vec![e.summary().to_owned()];
    t.extend(e.evidence().iter().cloned());
    t.extend(e.remedies().iter().cloned());
    t.extend(e.findings().iter().map(|f| f.message.clone()));
    t.extend(e.required_scopes().iter().cloned());
    t.extend(e.granted_scopes().iter().cloned());
    t.extend(e.request_id().map(str::to_owned));
    t.extend(e.server_message().map(str::to_owned));
    if let Ok(u) = Url::parse(e.url()) {
        let path_on = u.path().len() + u.query().map_or(0, |q| q.len() + 1);
        let s = u.as_str();
        t.push(s[s.len() - path_on.min(s.len())..].to_owned());
    }
    t
}

/// `text` with every `[REDACTED]` marker, and the start of one cut off at the end (the result's
/// cap may fall inside the last marker), replaced by a control character, which no window of a
/// printable secret holds.
fn blank_markers(text: &str) -> String {
    let mut out = text.replace(redact::SCRUBBED, "\u{1}");
    if let Some(n) = (1..redact::SCRUBBED.len())
        .rev()
        .find(|&n| out.ends_with(&redact::SCRUBBED[..n]))
    {
        out.truncate(out.len() - n);
        out.push('\u{1}');
    }
    out
}
