//! `--har FILE`: every entry of a HAR 1.2 file (as Chromium's and Firefox's DevTools export
//! it) explained from its recorded request and response, sending nothing.
//!
//! Each entry becomes a `reqwest::Request` (method, URL, headers without HTTP/2
//! pseudo-headers, `postData`) and an `http::Response` (status, headers, `content.text`,
//! base64-decoded when `content.encoding` says so), which the library's `explain_recorded`
//! reads as it reads a live exchange. Output: one human block per auth failure and a summary
//! line on stdout; with `--json`, one JSON object per entry read, one per line (JSON Lines),
//! each the explanation's JSON contract plus `"entry"`, the entry's index in `log.entries`.
//! An entry that cannot be read (no URL, no recorded response) is skipped with a note on
//! stderr; a file that is not a HAR file ends the run with exit status 1.

use std::collections::BTreeMap;
use std::path::Path;

use base64::Engine;
use http::header::{CONTENT_TYPE, COOKIE, HeaderName, HeaderValue};
use http::{Method, StatusCode};
use reqwest::Request;
use reqwest_auth_explain::{AuthExplainMiddleware, Outcome};
use serde_json::{Map, Value};
use url::Url;

use crate::error::Error;
use crate::output;
use crate::request::read_file;
use crate::{Cli, EXIT_AUTH, EXIT_OK, scrub};

/// Explains every entry of the HAR file at `path`, and writes `--scrub-har`'s copy.
pub(crate) fn run(cli: &Cli, mw: &AuthExplainMiddleware, path: &Path) -> Result<u8, Error> {
    let doc = read(path)?;
    let entries = entries(&doc).map_err(|why| not_har(path, why))?;

    let mut read_count = 0usize;
    let mut skipped = 0usize;
    let mut causes: BTreeMap<&'static str, usize> = BTreeMap::new();
    for (i, entry) in entries.iter().enumerate() {
        let (req, resp) = match exchange(entry) {
            Ok(pair) => pair,
            Err(why) => {
                skipped += 1;
                if cli.notes() {
                    sayln!("auth-doctor: note: log.entries[{i}] skipped: {why}");
                }
                continue;
            }
        };
        read_count += 1;
        let e = mw.explain_recorded(&req, &resp);
        let failed = e.outcome() != Outcome::Ok;
        if failed {
            *causes
                .entry(e.cause().map_or("unexplained", |c| c.code()))
                .or_default() += 1;
        }
        if cli.json {
            let mut line = Map::new();
            line.insert("entry".to_owned(), i.into());
            if let Value::Object(fields) = e.to_json() {
                line.extend(fields);
            }
            output::json_line(&Value::Object(line), false)?;
        } else if failed {
            // Only what a timestamp is made of: the file may hold anything, escapes included.
            let when = entry
                .get("startedDateTime")
                .and_then(Value::as_str)
                .filter(|t| {
                    t.len() <= 40
                        && t.bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b"-:.+ ".contains(&b))
                })
                .map(|t| format!(" ({t})"))
                .unwrap_or_default();
            output::stdout_text(&format!("log.entries[{i}]{when}:\n{e}\n"))?;
        }
    }
    if !cli.json {
        output::stdout_text(&format!("{}\n", summary(read_count, skipped, &causes)))?;
    }

    if let Some(out) = &cli.scrub_har {
        let (clean, replaced) = scrub::scrub(mw, &doc);
        let mut text = serde_json::to_vec_pretty(&clean)
            .map_err(|e| Error::Har(format!("cannot write the scrubbed HAR: {e}")))?;
        text.push(b'\n');
        output::write_file(out, &text)?;
        if cli.notes() {
            sayln!(
                "auth-doctor: wrote {} with {replaced} credential values replaced by {}",
                out.display(),
                scrub::MARKER
            );
        }
    }
    let failures: usize = causes.values().sum();
    Ok(if failures > 0 { EXIT_AUTH } else { EXIT_OK })
}

/// `12 entries read, 3 auth failures (expired_credentials 1, rate_limited 2), 1 skipped`.
fn summary(read: usize, skipped: usize, causes: &BTreeMap<&str, usize>) -> String {
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let failures: usize = causes.values().sum();
    let mut line = plural(read, "entry read", "entries read");
    if failures == 0 {
        line.push_str(", no auth failure");
    } else {
        let mut by_cause: Vec<(&&str, &usize)> = causes.iter().collect();
        by_cause.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let list: Vec<String> = by_cause.iter().map(|(c, n)| format!("{c} {n}")).collect();
        line.push_str(&format!(
            ", {} ({})",
            plural(failures, "auth failure", "auth failures"),
            list.join(", ")
        ));
    }
    if skipped > 0 {
        line.push_str(&format!(", {skipped} skipped"));
    }
    line
}

/// The HAR file as JSON, at most [`crate::request::MAX_READ`] bytes.
pub(crate) fn read(path: &Path) -> Result<Value, Error> {
    let bytes = read_file(path)?;
    // Some exports start with a byte order mark.
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&bytes);
    serde_json::from_slice(bytes).map_err(|e| not_har(path, format!("not JSON ({e})")))
}

fn not_har(path: &Path, why: impl std::fmt::Display) -> Error {
    Error::Har(format!("{} is not a HAR file: {why}", path.display()))
}

/// `log.entries`.
pub(crate) fn entries(doc: &Value) -> Result<&Vec<Value>, String> {
    let log = doc
        .get("log")
        .and_then(Value::as_object)
        .ok_or("no \"log\" object")?;
    log.get("entries")
        .and_then(Value::as_array)
        .ok_or_else(|| "no \"log.entries\" array".to_owned())
}

/// One entry as the request that was sent and the response that came back, or why it cannot
/// be read. Messages name fields, never values.
pub(crate) fn exchange(entry: &Value) -> Result<(Request, http::Response<Vec<u8>>), String> {
    let request = entry
        .get("request")
        .and_then(Value::as_object)
        .ok_or("no request")?;
    let method = request
        .get("method")
        .and_then(Value::as_str)
        .ok_or("no request.method")?;
    let method = Method::from_bytes(method.as_bytes()).map_err(|_| "invalid request.method")?;
    let url = request
        .get("url")
        .and_then(Value::as_str)
        .ok_or("no request.url")?;
    let url = Url::parse(url).map_err(|e| format!("invalid request.url ({e})"))?;
    if !matches!(url.scheme(), "http" | "https") {
        let scheme = url.scheme();
        return Err(if scheme.len() <= 16 {
            format!("not an HTTP request ({scheme}: URL)")
        } else {
            "not an HTTP request".to_owned()
        });
    }

    let mut req = Request::new(method, url);
    copy_headers(request.get("headers"), req.headers_mut());
    if !req.headers().contains_key(COOKIE) {
        // Some exports list the cookies sent without a Cookie header.
        let cookies: Vec<String> = pairs(request.get("cookies"))
            .map(|(n, v)| format!("{n}={v}"))
            .collect();
        if let Ok(v) = HeaderValue::from_str(&cookies.join("; ")) {
            if !cookies.is_empty() {
                req.headers_mut().insert(COOKIE, v);
            }
        }
    }
    if let Some(body) = post_body(request.get("postData")) {
        if !req.headers().contains_key(CONTENT_TYPE) {
            let mime = request
                .get("postData")
                .and_then(|p| p.get("mimeType"))
                .and_then(Value::as_str)
                .and_then(|m| HeaderValue::from_str(m).ok());
            if let Some(m) = mime {
                req.headers_mut().insert(CONTENT_TYPE, m);
            }
        }
        *req.body_mut() = Some(body.into());
    }

    let response = entry
        .get("response")
        .and_then(Value::as_object)
        .ok_or("no response")?;
    let status = response
        .get("status")
        .and_then(Value::as_u64)
        .ok_or("no response.status")?;
    if status == 0 {
        return Err("no response was recorded (status 0: blocked, failed or cancelled)".into());
    }
    let status = u16::try_from(status)
        .ok()
        .and_then(|s| StatusCode::from_u16(s).ok())
        .ok_or("invalid response.status")?;
    let mut resp = http::Response::new(content_bytes(response.get("content")));
    *resp.status_mut() = status;
    copy_headers(response.get("headers"), resp.headers_mut());
    Ok((req, resp))
}

/// The `{name, value}` pairs of a HAR array (headers, cookies, queryString, params).
pub(crate) fn pairs(v: Option<&Value>) -> impl Iterator<Item = (&str, &str)> {
    v.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|p| {
            Some((
                p.get("name")?.as_str()?,
                p.get("value").and_then(Value::as_str).unwrap_or(""),
            ))
        })
}

/// Headers into a map, without HTTP/2 pseudo-headers (`:authority`, `:path`) and without
/// those that are not valid HTTP (which no server received as such).
fn copy_headers(from: Option<&Value>, to: &mut http::HeaderMap) {
    for (name, value) in pairs(from) {
        if name.starts_with(':') {
            continue;
        }
        if let (Ok(n), Ok(v)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            to.append(n, v);
        }
    }
}

/// `postData.text`, or its `params` form-encoded when the text was left out.
fn post_body(post: Option<&Value>) -> Option<Vec<u8>> {
    let post = post?;
    if let Some(text) = post.get("text").and_then(Value::as_str) {
        return Some(text.as_bytes().to_vec());
    }
    let params: Vec<(&str, &str)> = pairs(post.get("params")).collect();
    if params.is_empty() {
        return None;
    }
    let mut form = url::form_urlencoded::Serializer::new(String::new());
    form.extend_pairs(params);
    Some(form.finish().into_bytes())
}

/// `content.text`, base64-decoded when `content.encoding` is `base64`; empty when absent or
/// undecodable.
pub(crate) fn content_bytes(content: Option<&Value>) -> Vec<u8> {
    let Some(content) = content else {
        return Vec::new();
    };
    let text = content.get("text").and_then(Value::as_str).unwrap_or("");
    if is_base64(content) {
        decode_base64(text).unwrap_or_default()
    } else {
        text.as_bytes().to_vec()
    }
}

/// Whether a `content` object holds base64.
pub(crate) fn is_base64(content: &Value) -> bool {
    content
        .get("encoding")
        .and_then(Value::as_str)
        .is_some_and(|e| e.eq_ignore_ascii_case("base64"))
}

/// Standard base64, line breaks allowed.
pub(crate) fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    base64::engine::general_purpose::STANDARD
        .decode(compact)
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_entry_becomes_a_request_and_a_response() {
        let entry = json!({
            "request": {
                "method": "POST",
                "url": "https://api.example.test/oauth/token",
                "headers": [
                    {"name": ":authority", "value": "api.example.test"},
                    {"name": "content-type", "value": "application/x-www-form-urlencoded"}
                ],
                "cookies": [{"name": "sid", "value": "FAKEsid"}],
                "postData": {"mimeType": "application/x-www-form-urlencoded",
                             "params": [{"name": "grant_type", "value": "refresh_token"}]}
            },
            "response": {
                "status": 400,
                "headers": [{"name": "content-type", "value": "application/json"}],
                "content": {"mimeType": "application/json",
                            "text": "eyJlcnJvciI6ImludmFsaWRfZ3JhbnQifQ==", "encoding": "base64"}
            }
        });
        let (req, resp) = exchange(&entry).unwrap();
        assert_eq!(req.method(), Method::POST);
        assert!(req.headers().get(":authority").is_none());
        assert_eq!(req.headers()["cookie"], "sid=FAKEsid");
        assert_eq!(
            req.body().and_then(|b| b.as_bytes()),
            Some(&b"grant_type=refresh_token"[..])
        );
        assert_eq!(resp.status(), 400);
        assert_eq!(resp.body(), br#"{"error":"invalid_grant"}"#);
    }

    #[test]
    fn unreadable_entries_say_why_without_values() {
        let cases = [
            json!({}),
            json!({"request": {"method": "GET"}, "response": {"status": 200}}),
            json!({"request": {"method": "GET", "url": "data:text/plain,FAKE"},
                   "response": {"status": 200}}),
            json!({"request": {"method": "GET", "url": "https://a.test/?k=FAKE"},
                   "response": {"status": 0}}),
        ];
        for c in cases {
            let why = exchange(&c).unwrap_err();
            assert!(!why.contains("FAKE"), "{why}");
        }
    }

    #[test]
    fn summary_counts_by_cause() {
        let mut causes = BTreeMap::new();
        causes.insert("rate_limited", 2);
        causes.insert("expired_credentials", 1);
        assert_eq!(
            summary(9, 1, &causes),
            "9 entries read, 3 auth failures (rate_limited 2, expired_credentials 1), 1 skipped"
        );
        assert_eq!(
            summary(1, 0, &BTreeMap::new()),
            "1 entry read, no auth failure"
        );
    }
}
