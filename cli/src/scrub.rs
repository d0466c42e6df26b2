//! `--scrub-har OUT`: a copy of a HAR file that is still a HAR file, with every credential
//! replaced by [`MARKER`] (`Bearer REDACTED-by-auth-doctor` keeps the scheme word).
//!
//! The marker is not the bare `REDACTED` that `-v` and the library's URLs show: the library
//! rightly reads a request that sends `Bearer REDACTED` (copied from a log) as a placeholder
//! sent by mistake, which would turn every 401 of a scrubbed file into
//! `placeholder_credentials`. With this marker, `auth-doctor --har` on the scrubbed copy
//! explains each failure from what the server said, as on the original.
//!
//! Three passes over the document:
//!
//! 1. **Find** what is secret, in every entry: the places the library reports for the
//!    recorded request (`credentials_in`: credential headers, cookies, userinfo, key-like query
//!    parameters, token-shaped path segments) and their values; `Authorization`,
//!    `Proxy-Authorization`, `Cookie` and `Set-Cookie` always; form fields and JSON fields
//!    (in request bodies and response texts) whose names the library reads as keys, tried as
//!    query parameters of a request that carries nothing else; response headers it would read
//!    as credentials were they sent (`X-Auth-Token`).
//! 2. **Replace** by place, in every entry, with the names found in any entry: header values,
//!    the `cookies` arrays, query parameters in `url`, `queryString`, `redirectURL`, `Location`
//!    and `Referer`, `postData.text` and `postData.params`, JSON fields in response texts
//!    (base64 ones decoded and encoded again).
//! 3. **Echoes**: every string of the document (response texts included, base64 ones decoded)
//!    loses each secret value found in the first two passes, whole, percent-encoded or
//!    form-encoded, wherever it appears: a token issued in one response and sent in a later
//!    request disappears from both.

use std::collections::HashSet;

use base64::Engine;
use http::header::HeaderName;
use reqwest_auth_explain::{AuthExplainMiddleware, Location};
use serde_json::Value;
use url::Url;

use crate::har;
use crate::secrets::{self, Echo};

/// What every removed value becomes in a scrubbed HAR file.
pub(crate) const MARKER: &str = "REDACTED-by-auth-doctor";

/// The scrubbed copy of `doc`, and how many values it replaced (by place; echoes are not
/// counted).
pub(crate) fn scrub(mw: &AuthExplainMiddleware, doc: &Value) -> (Value, usize) {
    let mut out = doc.clone();
    let Some(entries) = out
        .get_mut("log")
        .and_then(|l| l.get_mut("entries"))
        .and_then(Value::as_array_mut)
    else {
        return (out, 0);
    };
    let mut plan = Plan::default();
    for entry in entries.iter() {
        plan.find(mw, entry);
    }
    for entry in entries.iter_mut() {
        plan.replace(entry);
    }
    let echo = Echo::new(std::mem::take(&mut plan.values));
    if !echo.is_empty() {
        scrub_echoes(&mut out, &echo);
    }
    (out, plan.replaced)
}

/// What is secret across the whole file.
#[derive(Default)]
struct Plan {
    /// Header names (lowercase) whose values are credentials.
    headers: HashSet<String>,
    /// Query, form and JSON field names (lowercase) whose values are credentials.
    keys: HashSet<String>,
    /// Secret values, to find echoes of.
    values: Vec<String>,
    /// Values replaced by place.
    replaced: usize,
}

impl Plan {
    /// Pass 1 for one entry.
    fn find(&mut self, mw: &AuthExplainMiddleware, entry: &Value) {
        for h in [
            "authorization",
            "proxy-authorization",
            "cookie",
            "set-cookie",
        ] {
            self.headers.insert(h.to_owned());
        }
        if let Ok((req, resp)) = har::exchange(entry) {
            for found in mw.credentials_in(&req) {
                match &found.location {
                    Location::Header(h) => {
                        self.headers.insert(h.as_str().to_owned());
                    }
                    Location::Query(q) => {
                        self.keys
                            .insert(secrets::decode_component(q).to_ascii_lowercase());
                    }
                    _ => {}
                }
                self.values
                    .extend(secrets::values_at(&req, &found.location));
            }
            for h in secrets::credential_headers(mw, resp.headers()) {
                self.headers.insert(h.as_str().to_owned());
            }
            if let Some(body) = req.body().and_then(|b| b.as_bytes()) {
                self.keys.extend(secrets::form_key_fields(mw, body));
                self.find_json(mw, body);
            }
            self.find_json(mw, resp.body());
        }
        let request = entry.get("request");
        let response = entry.get("response");
        let post = request.and_then(|r| r.get("postData"));
        let fields = har::pairs(post.and_then(|p| p.get("params")))
            .chain(har::pairs(request.and_then(|r| r.get("queryString"))));
        self.keys.extend(secrets::key_fields(mw, fields));
        for (name, value) in har::pairs(request.and_then(|r| r.get("headers")))
            .chain(har::pairs(response.and_then(|r| r.get("headers"))))
        {
            match name.to_ascii_lowercase().as_str() {
                "cookie" => self
                    .values
                    .extend(secrets::cookie_pairs(value).map(|(_, v)| v.to_owned())),
                "set-cookie" => self
                    .values
                    .extend(secrets::set_cookie_value(value).map(str::to_owned)),
                n if self.headers.contains(n) => secrets::header_values(value, &mut self.values),
                _ => {}
            }
        }
        for cookies in [
            request.and_then(|r| r.get("cookies")),
            response.and_then(|r| r.get("cookies")),
        ] {
            self.values
                .extend(har::pairs(cookies).map(|(_, v)| v.to_owned()));
        }
    }

    /// The key fields of a JSON body, and their values.
    fn find_json(&mut self, mw: &AuthExplainMiddleware, body: &[u8]) {
        if let Ok(mut doc) = serde_json::from_slice::<Value>(body) {
            let keys = secrets::json_key_fields(mw, &doc);
            self.values
                .extend(secrets::redact_json(&mut doc, &keys, MARKER));
            self.keys.extend(keys);
        }
    }

    fn is_key(&self, name: &str) -> bool {
        self.keys.contains(&name.to_ascii_lowercase())
    }

    /// Pass 2 for one entry.
    fn replace(&mut self, entry: &mut Value) {
        if let Some(request) = entry.get_mut("request") {
            if let Some(Value::String(url)) = request.get_mut("url") {
                *url = self.url(url);
            }
            self.headers_of(request.get_mut("headers"));
            self.pairs_of(request.get_mut("queryString"), false);
            self.pairs_of(request.get_mut("cookies"), true);
            if let Some(post) = request.get_mut("postData") {
                self.pairs_of(post.get_mut("params"), false);
                let form = post
                    .get("mimeType")
                    .and_then(Value::as_str)
                    .is_some_and(|m| m.starts_with("application/x-www-form-urlencoded"));
                if let Some(Value::String(text)) = post.get_mut("text") {
                    *text = if form {
                        self.form(text)
                    } else {
                        self.json_text(text)
                    };
                }
            }
        }
        if let Some(response) = entry.get_mut("response") {
            self.headers_of(response.get_mut("headers"));
            self.pairs_of(response.get_mut("cookies"), true);
            if let Some(Value::String(url)) = response.get_mut("redirectURL") {
                *url = self.url(url);
            }
            if let Some(content) = response.get_mut("content") {
                let base64 = har::is_base64(content);
                if let Some(Value::String(text)) = content.get_mut("text") {
                    *text = if base64 {
                        recode(text, |t| self.json_text(t))
                    } else {
                        self.json_text(text)
                    };
                }
            }
        }
    }

    /// A HAR `headers` array, each value as it may be kept.
    fn headers_of(&mut self, headers: Option<&mut Value>) {
        let Some(items) = headers.and_then(Value::as_array_mut) else {
            return;
        };
        for item in items {
            let Some(name) = item.get("name").and_then(Value::as_str) else {
                continue;
            };
            let name = name.to_ascii_lowercase();
            let Some(Value::String(value)) = item.get_mut("value") else {
                continue;
            };
            let kept = match name.as_str() {
                "cookie" => secrets::cookie_header(value, MARKER),
                "set-cookie" => secrets::set_cookie(value, MARKER),
                n if n == ":path" || secrets::is_url_header(n) => self.url(value),
                n if self.headers.contains(n) => match HeaderName::from_bytes(n.as_bytes()) {
                    Ok(h) => secrets::credential_header(&h, value, MARKER),
                    Err(_) => MARKER.to_owned(),
                },
                _ => continue,
            };
            if kept != *value {
                self.replaced += 1;
                *value = kept;
            }
        }
    }

    /// A `{name, value}` array: every value (`all`, for cookies) or those of key names.
    fn pairs_of(&mut self, items: Option<&mut Value>, all: bool) {
        let Some(items) = items.and_then(Value::as_array_mut) else {
            return;
        };
        for item in items {
            let key = all
                || item
                    .get("name")
                    .and_then(Value::as_str)
                    .is_some_and(|n| self.is_key(n));
            if let (true, Some(Value::String(value))) = (key, item.get_mut("value")) {
                if value != MARKER {
                    self.values
                        .push(std::mem::replace(value, MARKER.to_owned()));
                    self.replaced += 1;
                }
            }
        }
    }

    /// A URL (or a request target) with userinfo and the values of key parameters, in its
    /// query and its fragment (`#access_token=…`), replaced; the rest as written.
    fn url(&mut self, text: &str) -> String {
        let mut text = text.to_owned();
        if let Ok(mut u) = Url::parse(&text) {
            if !u.username().is_empty() || u.password().is_some() {
                self.values.push(secrets::decode_component(u.username()));
                self.values
                    .extend(u.password().map(secrets::decode_component));
                let _ = u.set_username(MARKER);
                let _ = u.set_password(Some(MARKER));
                text = u.to_string();
                self.replaced += 1;
            }
        }
        let (rest, fragment) = match text.split_once('#') {
            Some((r, f)) => (r, Some(f)),
            None => (text.as_str(), None),
        };
        let (base, query) = match rest.split_once('?') {
            Some((b, q)) => (b, Some(q)),
            None => (rest, None),
        };
        let mut out = base.to_owned();
        if let Some(q) = query {
            out.push('?');
            out.push_str(&self.form(q));
        }
        if let Some(f) = fragment {
            out.push('#');
            out.push_str(&self.form(f));
        }
        out
    }

    /// `a=1&key=x` with the values of key fields replaced (and kept, to find their echoes).
    fn form(&mut self, text: &str) -> String {
        for pair in text.split('&') {
            if let Some((name, value)) = pair.split_once('=') {
                if self.is_key(&secrets::decode_form(name)) && value != MARKER {
                    self.values.push(secrets::decode_form(value));
                    self.values.push(value.to_owned());
                    self.replaced += 1;
                }
            }
        }
        secrets::redact_pairs(text, MARKER, |n| self.is_key(n))
    }

    /// A text that may be JSON, with the values of its key fields replaced; other text as it
    /// is.
    fn json_text(&mut self, text: &str) -> String {
        let trimmed = text.trim_start();
        if !(trimmed.starts_with('{') || trimmed.starts_with('[')) {
            return text.to_owned();
        }
        let Ok(mut doc) = serde_json::from_str::<Value>(text) else {
            return text.to_owned();
        };
        let removed = secrets::redact_json(&mut doc, &self.keys, MARKER);
        if removed.is_empty() {
            return text.to_owned();
        }
        self.replaced += removed.len();
        self.values.extend(removed);
        doc.to_string()
    }
}

/// Applies `f` to the text inside base64 (when it is UTF-8), and encodes the result again.
fn recode(text: &str, mut f: impl FnMut(&str) -> String) -> String {
    let Some(bytes) = har::decode_base64(text) else {
        return text.to_owned();
    };
    let Ok(inner) = String::from_utf8(bytes) else {
        return text.to_owned();
    };
    let changed = f(&inner);
    if changed == inner {
        text.to_owned()
    } else {
        base64::engine::general_purpose::STANDARD.encode(changed)
    }
}

/// Pass 3: every string of the document without an echo of a secret; base64 content is
/// decoded to be searched.
fn scrub_echoes(v: &mut Value, echo: &Echo) {
    match v {
        Value::String(s) => {
            if let std::borrow::Cow::Owned(clean) = echo.scrub_with(s, MARKER) {
                *s = clean;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|x| scrub_echoes(x, echo)),
        Value::Object(map) => {
            let base64 = map
                .get("encoding")
                .and_then(Value::as_str)
                .is_some_and(|e| e.eq_ignore_ascii_case("base64"));
            for (k, x) in map.iter_mut() {
                match x {
                    Value::String(s) if base64 && k == "text" => {
                        *s = recode(s, |t| echo.scrub_with(t, MARKER).into_owned());
                    }
                    other => scrub_echoes(other, echo),
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_credential_place_is_replaced() {
        let har = json!({"log": {"version": "1.2", "entries": [{
            "request": {
                "method": "POST",
                "url": "https://u:FAKEpass@api.example.test/v1/x?api_key=FAKEquery01&page=2#access_token=FAKEfrag01",
                "headers": [
                    {"name": "Authorization", "value": "Bearer FAKEbearer01"},
                    {"name": "X-Api-Key", "value": "FAKEheader01"},
                    {"name": "Cookie", "value": "sid=FAKEcookie01; theme=dark"},
                    {"name": ":path", "value": "/v1/x?api_key=FAKEquery01&page=2"}
                ],
                "queryString": [{"name": "api_key", "value": "FAKEquery01"},
                                {"name": "page", "value": "2"}],
                "cookies": [{"name": "sid", "value": "FAKEcookie01"}],
                "postData": {"mimeType": "application/x-www-form-urlencoded",
                             "text": "client_secret=FAKEform01&scope=read",
                             "params": [{"name": "client_secret", "value": "FAKEform01"},
                                        {"name": "scope", "value": "read"}]}
            },
            "response": {
                "status": 200,
                "headers": [{"name": "set-cookie", "value": "sid=FAKEnew01; Path=/"},
                            {"name": "x-echo", "value": "got FAKEbearer01"}],
                "cookies": [{"name": "sid", "value": "FAKEnew01"}],
                "content": {"mimeType": "application/json",
                            "text": "{\"access_token\":\"FAKEissued01\",\"note\":\"FAKEheader01 seen\"}"},
                "redirectURL": ""
            }
        }]}});
        let (clean, replaced) = scrub(&AuthExplainMiddleware::default(), &har);
        let text = clean.to_string();
        assert!(!text.contains("FAKE"), "{text:#}");
        assert!(replaced >= 8, "{replaced}");
        assert!(text.contains("Bearer REDACTED-by-auth-doctor"), "{text}");
        assert!(text.contains("page=2"), "other parameters stay: {text}");
        assert!(text.contains("scope=read"), "{text}");
        assert!(
            text.contains("theme=REDACTED"),
            "every cookie value goes: {text}"
        );
    }

    #[test]
    fn a_token_issued_in_one_entry_leaves_every_other() {
        let issued = "FAKEissuedToken0123456789";
        let body = format!("{{\"access_token\":\"{issued}\",\"expires_in\":3600}}");
        let har = json!({"log": {"entries": [
            {"request": {"method": "POST", "url": "https://auth.example.test/oauth/token",
                         "headers": []},
             "response": {"status": 200, "headers": [],
                          "content": {"mimeType": "application/json", "encoding": "base64",
                                      "text": base64::engine::general_purpose::STANDARD.encode(&body)}}},
            {"request": {"method": "GET", "url": "https://api.example.test/v1/me",
                         "headers": [{"name": "authorization", "value": format!("Bearer {issued}")}]},
             "response": {"status": 200, "headers": [],
                          "content": {"mimeType": "text/plain", "text": format!("hello {issued}")}}}
        ]}});
        let (clean, _) = scrub(&AuthExplainMiddleware::default(), &har);
        let text = clean.to_string();
        assert!(!text.contains(issued), "{text}");
        let first = &clean["log"]["entries"][0]["response"]["content"]["text"];
        let decoded = har::decode_base64(first.as_str().unwrap()).unwrap();
        let decoded = String::from_utf8(decoded).unwrap();
        assert!(
            !decoded.contains(issued) && decoded.contains("expires_in"),
            "{decoded}"
        );
    }

    #[test]
    fn the_marker_is_not_read_as_a_placeholder() {
        let mw = AuthExplainMiddleware::default();
        let url = format!("https://api.example.test/v1/x?api_key={MARKER}");
        let mut req = reqwest::Request::new(http::Method::GET, Url::parse(&url).unwrap());
        req.headers_mut().insert(
            http::header::AUTHORIZATION,
            format!("Bearer {MARKER}").parse().unwrap(),
        );
        let report = mw.inspect(&mut req);
        let codes: Vec<&str> = report.findings().iter().map(|f| f.code).collect();
        assert!(!codes.contains(&"placeholder"), "{codes:?}");
    }

    #[test]
    fn a_file_without_entries_is_returned_as_it_is() {
        let doc = json!({"log": {}});
        assert_eq!(scrub(&AuthExplainMiddleware::default(), &doc).0, doc);
    }
}
