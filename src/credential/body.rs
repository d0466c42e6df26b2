//! Credentials in a request body: the fields of a JSON object or of an
//! `application/x-www-form-urlencoded` form whose names say they hold a secret (`api_key`,
//! `client_secret`, `password`, `vendor_auth_code`), and the elements of an XML document named
//! so (WS-Security's `<wsse:Password>`, a key inside `<authentication>`).
//!
//! The body is copied (its first [`MAX_KEPT`] bytes, JSON, forms and XML only) when the request
//! leaves, and read only when a failure is explained: a success never parses it.

use http::Method;
use http::header::CONTENT_TYPE;
use reqwest::Request;
use serde_json::Value;

use super::{Credential, FoundBy, Location};
use crate::secret::Secret;

/// Bodies longer than this are not kept: credentials travel in small authentication payloads.
pub(crate) const MAX_KEPT: usize = 4096;

/// A SAML response posted by the HTTP-POST binding is kept up to this size.
const MAX_KEPT_SAML: usize = 64 * 1024;

/// Whether a form body posts a SAML response (`SAMLResponse=`, SAML 2.0 Bindings §3.5.4),
/// as its first field or after a short one (`RelayState=…&`).
pub(crate) fn is_saml_post(form: &[u8]) -> bool {
    const FIELD: &[u8] = b"SAMLResponse=";
    let head = &form[..form.len().min(512)];
    head.starts_with(FIELD) || memchr::memmem::find(head, b"&SAMLResponse=").is_some()
}

/// At most this many body fields are read.
const MAX_FIELDS: usize = 64;

/// A copy of a JSON, form or XML request body, kept for discovery.
pub(crate) struct SentBody {
    form: bool,
    /// A `multipart/form-data` body's boundary (RFC 7578): its fields are read as a form's.
    boundary: Option<Box<[u8]>>,
    /// An XML document (SOAP, an XML API): its elements named as secrets are read; it counts
    /// as a body this middleware does not otherwise read.
    xml: bool,
    bytes: Box<[u8]>,
}

impl SentBody {
    /// The names of the body's top-level fields (a form's, or a JSON object's), at most
    /// [`MAX_FIELDS`].
    pub(crate) fn field_names(&self) -> Vec<String> {
        if self.xml {
            return Vec::new();
        }
        if self.form {
            return self.pairs().into_iter().map(|(k, _)| k).collect();
        }
        match serde_json::from_slice::<Value>(&self.bytes) {
            Ok(Value::Object(map)) => map.keys().take(MAX_FIELDS).cloned().collect(),
            _ => Vec::new(),
        }
    }

    /// The value of a form body's field (the first of that name), not a JSON body's.
    pub(crate) fn form_field(&self, name: &str) -> Option<String> {
        if !self.form {
            return None;
        }
        self.pairs()
            .into_iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v)
    }

    /// A form's fields, at most [`MAX_FIELDS`]: URL-encoded, or the parts of a
    /// `multipart/form-data` body that are not files.
    fn pairs(&self) -> Vec<(String, String)> {
        match &self.boundary {
            Some(b) => multipart_fields(&self.bytes, b),
            None => url::form_urlencoded::parse(&self.bytes)
                .take(MAX_FIELDS)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        }
    }

    /// Whether the body's bytes hold `needle` (an XML body's element name).
    pub(crate) fn contains(&self, needle: &[u8]) -> bool {
        memchr::memmem::find(&self.bytes, needle).is_some()
    }

    /// Whether the body is a form (`application/x-www-form-urlencoded`), not JSON.
    pub(crate) fn is_form(&self) -> bool {
        self.form
    }

    /// Whether the body is an XML document.
    pub(crate) fn is_xml(&self) -> bool {
        self.xml
    }

    /// Whether the body plainly holds no credential: a flat JSON object or form of at most
    /// 16 fields, none named for a secret, whose values are numbers, booleans, `null` or short
    /// strings (12 characters at most: a name, a flag, an id), where no key or token fits.
    pub(crate) fn is_plain(&self) -> bool {
        if self.xml {
            return false;
        }
        let short = |v: &str| v.chars().count() <= 12;
        if self.form {
            let fields = self.pairs();
            return fields.len() <= 16
                && fields.iter().all(|(k, v)| !is_secret_field(k) && short(v));
        }
        match serde_json::from_slice::<Value>(&self.bytes) {
            Ok(Value::Object(map)) => {
                map.len() <= 16
                    && map.iter().all(|(k, v)| {
                        !is_secret_field(k)
                            && match v {
                                Value::String(s) => short(s),
                                Value::Number(_) | Value::Bool(_) | Value::Null => true,
                                Value::Array(_) | Value::Object(_) => false,
                            }
                    })
            }
            _ => false,
        }
    }

    /// Whether a field name may be a password's (`password`, `passwd`, `j_password`, `pass`):
    /// a byte scan, for the gates, before any field is parsed.
    pub(crate) fn mentions_password(&self) -> bool {
        self.bytes
            .windows(4)
            .any(|w| w.eq_ignore_ascii_case(b"pass"))
    }
}

/// The body of `req`, when it is a JSON object or a form of at most [`MAX_KEPT`] bytes sent
/// as bytes (a stream is never held back), with any method but `HEAD`, `OPTIONS` or `TRACE`.
pub(crate) fn keep(req: &Request) -> Option<SentBody> {
    // (any method that carries a body: a token in a GET's form body is sent all the same)
    if matches!(
        *req.method(),
        Method::HEAD | Method::OPTIONS | Method::TRACE
    ) {
        return None;
    }
    let bytes = req.body()?.as_bytes()?;
    let ct = req.headers().get(CONTENT_TYPE)?.as_bytes();
    let form = ct.starts_with(b"application/x-www-form-urlencoded");
    // A SAML response posted to its service provider (SAML 2.0 Bindings §3.5, the HTTP-POST
    // binding) is a signed assertion of several KiB: the credential of the request.
    let limit = if form && is_saml_post(bytes) {
        MAX_KEPT_SAML
    } else {
        MAX_KEPT
    };
    if bytes.is_empty() || bytes.len() > limit {
        return None;
    }
    // A multipart form (RFC 7578) carries its fields as parts: a token among them is sent
    // as a form's would be.
    let boundary =
        (!form && ct.len() >= 19 && ct[..19].eq_ignore_ascii_case(b"multipart/form-data"))
            .then(|| multipart_boundary(ct))
            .flatten();
    let form = form || boundary.is_some();
    let json = !form && ct.windows(4).any(|w| w.eq_ignore_ascii_case(b"json"));
    let xml = !form && !json && ct.windows(3).any(|w| w.eq_ignore_ascii_case(b"xml"));
    (form || json || xml).then(|| SentBody {
        form,
        boundary,
        xml,
        bytes: bytes.into(),
    })
}

/// The `boundary` parameter of a `multipart/form-data` content type, quoted or not.
fn multipart_boundary(ct: &[u8]) -> Option<Box<[u8]>> {
    let ct = std::str::from_utf8(ct).ok()?;
    ct.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        let v = v.trim().trim_matches('"');
        (k.trim().eq_ignore_ascii_case("boundary") && (1..=70).contains(&v.len()))
            .then(|| v.as_bytes().into())
    })
}

/// The fields of a `multipart/form-data` body (RFC 7578 §4): each part's `name` and its
/// content, file parts (with a `filename`) left out, at most [`MAX_FIELDS`].
fn multipart_fields(bytes: &[u8], boundary: &[u8]) -> Vec<(String, String)> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Vec::new();
    };
    let Ok(boundary) = std::str::from_utf8(boundary) else {
        return Vec::new();
    };
    let delimiter = format!("--{boundary}");
    let mut out = Vec::new();
    for part in text.split(delimiter.as_str()).skip(1).take(MAX_FIELDS) {
        if part.starts_with("--") {
            break;
        }
        let part = part
            .strip_prefix("\r\n")
            .or_else(|| part.strip_prefix('\n'))
            .unwrap_or(part);
        let Some((head, value)) = part
            .split_once("\r\n\r\n")
            .or_else(|| part.split_once("\n\n"))
        else {
            continue;
        };
        let disposition = head.lines().find(|l| {
            l.get(..20)
                .is_some_and(|h| h.eq_ignore_ascii_case("content-disposition:"))
        });
        let Some(disposition) = disposition else {
            continue;
        };
        let param = |name: &str| {
            disposition.split(';').skip(1).find_map(|p| {
                let (k, v) = p.split_once('=')?;
                k.trim()
                    .eq_ignore_ascii_case(name)
                    .then(|| v.trim().trim_matches('"').to_owned())
            })
        };
        if param("filename").is_some() {
            continue;
        }
        let Some(name) = param("name") else { continue };
        // (the part ends with the line break before the next delimiter)
        let value = value
            .strip_suffix("\r\n")
            .or_else(|| value.strip_suffix('\n'))
            .unwrap_or(value);
        out.push((name, value.to_owned()));
    }
    out
}

/// Whether `req` has a body this middleware does not read by its fields: none was kept (a
/// stream, multipart, a large one), or the kept one is XML, read only for its secret elements.
pub(crate) fn unread(kept: Option<&SentBody>, req: &Request) -> bool {
    // (an empty body holds nothing to read)
    (kept.is_none() || kept.is_some_and(SentBody::is_xml))
        && req
            .body()
            .is_some_and(|b| b.as_bytes().is_none_or(|b| !b.is_empty()))
}

/// Whether a body field name says it holds a secret. Stricter than query names: in a payload,
/// `key`, `token` or `signature` name data as often as secrets (a card token, a document's
/// signature), so only names that end in an unambiguous secret word count.
pub(crate) fn is_secret_field(name: &str) -> bool {
    const ENDINGS: &[&str] = &[
        "apikey",
        "apitoken",
        "secret",
        "secretkey",
        "password",
        "passwd",
        "accesstoken",
        "authtoken",
        "refreshtoken",
        "idtoken",
        "privatekey",
        "appkey",
        "accesskey",
        "authcode",
        // a session handed back by a sign-in call of an RPC API (ISPConfig's `session_id`)
        "sessionid",
        "sessiontoken",
        "sessionkey",
        // RFC 7523 / RFC 7521: a signed JWT that authenticates the client or grants access
        "assertion",
        // a SAML response posted to its service provider (the HTTP-POST binding)
        "samlresponse",
        // a form's CSRF token (`_csrf`, `csrf_token`, Django's `csrfmiddlewaretoken`), bound
        // to the session
        "csrf",
        "xsrf",
        "csrftoken",
        "xsrftoken",
        "csrfmiddlewaretoken",
    ];
    if name.len() > 64 {
        return false;
    }
    let mut folded = [0u8; 64];
    let mut n = 0;
    for b in name.bytes().filter(|b| !matches!(b, b'_' | b'-' | b'.')) {
        folded[n] = b.to_ascii_lowercase();
        n += 1;
    }
    let folded = &folded[..n];
    ENDINGS.iter().any(|e| folded.ends_with(e.as_bytes())) || names_password(name)
}

/// Whether a field's name is a password's: it ends in `password`, or one of its words (split
/// on `_`, `-`, `.`) is a password's, before a suffix of the application's own (HotelDruid's
/// `password_phpr`, `user_pwd`).
pub(crate) fn names_password(name: &str) -> bool {
    let b = name.as_bytes();
    (b.len() >= 8 && b[b.len() - 8..].eq_ignore_ascii_case(b"password"))
        || name.split(['_', '-', '.']).any(|w| {
            // (`pass` and `pword` as sign-in forms name it, Zoph's `uname=…&pword=…`; the
            // German and Portuguese words)
            [
                "password", "passwd", "pwd", "pass", "pword", "passwort", "senha",
            ]
            .iter()
            .any(|p| w.eq_ignore_ascii_case(p))
        })
}

/// Whether a field named only `token` or `auth` (Pushover's `token=`, JSON-RPC's `"auth"`)
/// holds a credential: its value must look like one, for a card token (`tok_visa`) or an
/// auth mode (`"auth": "none"`) is payload.
fn is_bare_credential(name: &str, value: &[u8]) -> bool {
    const WHOLE: &[&str] = &["token", "apitoken", "auth", "authkey", "usertoken"];
    // (judged by its shape without the line break a file's read left on it)
    let value = value.trim_ascii();
    WHOLE.iter().any(|w| name.eq_ignore_ascii_case(w))
        && (crate::credential::is_random_key(value)
            || std::str::from_utf8(value).is_ok_and(crate::credential::is_token_shaped))
}

/// Whether a field at the top of the body holds a key by its value alone: a token's shape (a
/// JWT, a known issuer's prefix) under any name, or a random key under a name too short to
/// say what it holds (Misskey's `"i"`) or made of credential words (`repo_token`). A random
/// value under another word (`user`, `recipient`) is the payload's.
fn is_key_by_shape(name: &str, value: &[u8]) -> bool {
    let value = value.trim_ascii();
    let Ok(v) = std::str::from_utf8(value) else {
        return false;
    };
    crate::credential::is_token_shaped(v)
        || (name.len() <= 2 && crate::credential::is_secret_query_value(name, v))
        // a name of credential words (`repo_token`) over a random value
        || (crate::credential::is_word_param(name) && crate::credential::is_random_key(value))
        // or one word that ends in a key's or a token's (`registrationkey`, `licensekey`)
        || (glued_key_name(name) && crate::credential::is_random_key(value))
        // a request signature beside the key it signs with (`key=…&signature=<hex>&nonce=…`)
        || (crate::credential::names_a_signature(name) && is_digest_shaped(value))
}

/// Whether a field's name is one word that ends in `key` or `token` behind a word of its own
/// (`registrationkey`, BLS's; `licensekey`, `userkey`, `devtoken`), not a key of the data
/// (`idempotencykey`, `partitionkey`, `nextpagetoken`).
fn glued_key_name(name: &str) -> bool {
    const DATA: &[&str] = &[
        "idempotency",
        "cache",
        "partition",
        "sort",
        "primary",
        "foreign",
        "public",
        "page",
        "nextpage",
        "continuation",
        "sync",
        "cancellation",
        "dedup",
        "dedupe",
        "row",
        "object",
        "range",
        "hash",
        "lookup",
        "group",
        "message",
        "event",
        "record",
        "item",
        "entity",
        "shard",
        "routing",
        "resume",
        "cursor",
        "csrf",
        "xsrf",
        "mon",
        "tur",
        "hoc",
        "joc",
        "whis",
        "don",
    ];
    let n = name.to_ascii_lowercase();
    n.len() <= 24
        && n.bytes().all(|b| b.is_ascii_lowercase())
        && ["key", "token"].iter().any(|end| {
            n.strip_suffix(end)
                .is_some_and(|head| head.len() >= 3 && !DATA.contains(&head))
        })
}

/// A value shaped like a computed signature: 16 to 512 hex or base64 characters with digits
/// among them (an HMAC in hex of either case, or in base64), not a picture or a name.
fn is_digest_shaped(v: &[u8]) -> bool {
    (16..=512).contains(&v.len())
        && v.iter()
            .all(|b| b.is_ascii_alphanumeric() || b"+/=_-".contains(b))
        && v.iter().any(u8::is_ascii_digit)
}

/// Whether a client id reads as a key: 12 to 128 letters, digits, `-` or `_`, with letters and
/// digits both (`8SEZWa4J1NmiAbc`, a UUID), not a name (`my-app`).
fn is_id_like_key(v: &[u8]) -> bool {
    (12..=128).contains(&v.len())
        && v.iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'))
        && v.iter().any(u8::is_ascii_digit)
        && v.iter().any(u8::is_ascii_alphabetic)
}

/// Whether an object's name says it holds the request's authentication (`merchantAuthentication`,
/// `credentials`, `auth`): inside it, a field named as a key or token is one.
fn is_auth_object(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.contains("auth") || n.contains("credential")
}

/// Whether a field inside an authentication object holds a secret by its name's last word.
fn is_key_in_auth_object(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    // (a keyed hash of the request beside its key: `<authentication><key>…</key><hash>…`)
    [
        "key",
        "token",
        "secret",
        "password",
        "pass",
        "signature",
        "hash",
    ]
    .iter()
    .any(|e| n.ends_with(e))
}

/// How deep a JSON body is searched: credentials sit near the top (`{"auth":{…}}`, a SOAP-like
/// `{"request":{"merchantAuthentication":{…}}}`).
const MAX_DEPTH: usize = 3;

/// The credentials of a kept body: fields of a JSON object down to [`MAX_DEPTH`] levels, or
/// the fields of a form. A random-looking `client_id` counts only when nothing else does: a
/// public client (RFC 6749 §2.1) authenticates with its id alone (a device authorization
/// request), and a server that refuses it may echo it.
pub(crate) fn credentials(body: &SentBody) -> Vec<Credential> {
    let mut out = fields(body);
    let is_client_id = |c: &Credential| matches!(&c.location, Location::Body(n) if n.eq_ignore_ascii_case("client_id"));
    if out.iter().any(|c| !is_client_id(c)) {
        out.retain(|c| !is_client_id(c));
    }
    out
}

fn fields(body: &SentBody) -> Vec<Credential> {
    let mut out = Vec::new();
    // `top`: a field of the body itself (not of an object inside it), where a value shaped
    // like a key under a name that does not call it an identifier is one (Misskey's `"i"`).
    let mut push = |name: &str, value: &[u8], in_auth: bool, top: bool| {
        if out.len() < MAX_FIELDS
            && !value.is_empty()
            && (is_secret_field(name)
                || is_bare_credential(name, value)
                || (in_auth && is_key_in_auth_object(name))
                || (top && is_key_by_shape(name, value))
                || (top && name.eq_ignore_ascii_case("client_id") && is_id_like_key(value))
                // a request's signature at any depth (a JSON-RPC call's `params.signature`)
                || (crate::credential::names_a_signature(name) && is_digest_shaped(value))
                // a field of any name holding a key's placeholder (`"ufunguo":
                // "${MALIPO_API_KEY}"`): what it stands in for is a credential
                || crate::preflight::names_placeholder_credential(value))
        {
            out.push(
                Credential::new(Location::Body(name.to_owned()), None, Secret::new(value))
                    .found(FoundBy::NameWords),
            );
        }
    };
    if body.xml {
        xml_fields(&body.bytes, &mut push);
        return out;
    }
    // A form field that carries a JSON object (`json={"repo_token": …}`) is read as a body.
    let mut nested = Vec::new();
    if body.form {
        for (k, v) in body.pairs() {
            if v.starts_with('{') && nested.is_empty() {
                if let Ok(Value::Object(map)) = serde_json::from_str::<Value>(&v) {
                    nested.push(map);
                    continue;
                }
            }
            push(&k, v.as_bytes(), false, true);
        }
        if nested.is_empty() {
            return out;
        }
    }
    let map = match nested.pop() {
        Some(map) => map,
        None => match serde_json::from_slice::<Value>(&body.bytes) {
            Ok(Value::Object(map)) => map,
            _ => return out,
        },
    };
    let mut budget = MAX_FIELDS * 4;
    let mut stack: Vec<(&serde_json::Map<String, Value>, usize, bool)> = vec![(&map, 1, false)];
    while let Some((object, depth, in_auth)) = stack.pop() {
        for (k, v) in object.iter() {
            if budget == 0 {
                return out;
            }
            budget -= 1;
            match v {
                Value::String(s) => push(k, s.as_bytes(), in_auth, depth == 1),
                Value::Object(inner) if depth < MAX_DEPTH => {
                    stack.push((inner, depth + 1, in_auth || is_auth_object(k)));
                }
                _ => {}
            }
        }
    }
    for (name, value) in graphql_arguments(&map) {
        if out.len() < MAX_FIELDS && !value.is_empty() {
            out.push(
                Credential::new(Location::Body(name), None, Secret::new(value))
                    .found(FoundBy::NameWords),
            );
        }
    }
    out
}

/// The texts of an XML body's elements, each with its local name (`wsse:Password` is
/// `Password`) and whether it sits inside an element named for authentication
/// (`<authentication>`, WS-Security's `<Security>` and `<UsernameToken>`): at most
/// [`MAX_FIELDS`] elements, [`MAX_DEPTH`] + 5 deep (a SOAP envelope's header wraps them).
fn xml_fields(bytes: &[u8], push: &mut impl FnMut(&str, &[u8], bool, bool)) {
    use quick_xml::events::Event;
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let mut reader = quick_xml::Reader::from_str(text);
    // (local name, inside an authentication element)
    let mut stack: Vec<(String, bool)> = Vec::new();
    // The current element's text, whole across entity references (`p&amp;ss` comes in three
    // events) and CDATA.
    let mut value = String::new();
    let mut seen = 0;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                if stack.len() > MAX_DEPTH + 5 {
                    return;
                }
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                let lower = name.to_ascii_lowercase();
                let in_auth = stack.last().is_some_and(|(_, a)| *a)
                    || is_auth_object(&name)
                    || lower == "security"
                    || lower == "usernametoken";
                stack.push((name, in_auth));
                value.clear();
            }
            Ok(Event::Text(t)) => {
                let raw = String::from_utf8_lossy(t.as_ref()).into_owned();
                match quick_xml::escape::unescape(&raw) {
                    Ok(c) => value.push_str(&c),
                    Err(_) => value.push_str(&raw),
                }
            }
            Ok(Event::CData(c)) => value.push_str(&String::from_utf8_lossy(c.as_ref())),
            Ok(Event::GeneralRef(r)) => {
                let reference = format!("&{};", String::from_utf8_lossy(r.as_ref()));
                match quick_xml::escape::unescape(&reference) {
                    Ok(c) => value.push_str(&c),
                    Err(_) => value.push_str(&reference),
                }
            }
            Ok(Event::End(_)) => {
                if let Some((name, in_auth)) = stack.pop() {
                    let v = value.trim();
                    if !v.is_empty() {
                        seen += 1;
                        if seen > MAX_FIELDS {
                            return;
                        }
                        push(&name, v.as_bytes(), in_auth, false);
                    }
                }
                value.clear();
            }
            Ok(Event::Eof) | Err(_) => return,
            _ => {}
        }
    }
}

/// The secrets a GraphQL request passes as arguments named as secrets
/// (`tokenAuth(username: $u, password: $p)`, `login(password: "…")`): the variable's value, or
/// the literal in the query.
fn graphql_arguments(map: &serde_json::Map<String, Value>) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let Some(Value::String(query)) = map.get("query") else {
        return out;
    };
    let variables = map.get("variables").and_then(Value::as_object);
    let q = query.as_bytes();
    let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut i = 0;
    while i < q.len() && out.len() < MAX_FIELDS {
        // An argument: a name, a colon, then a variable or a string literal.
        if !ident(q[i]) || (i > 0 && (ident(q[i - 1]) || q[i - 1] == b'$')) {
            i += 1;
            continue;
        }
        let start = i;
        while i < q.len() && ident(q[i]) {
            i += 1;
        }
        let name = &query[start..i];
        let mut j = i;
        while j < q.len() && q[j].is_ascii_whitespace() {
            j += 1;
        }
        if j >= q.len() || q[j] != b':' || !is_secret_field(name) {
            continue;
        }
        j += 1;
        while j < q.len() && q[j].is_ascii_whitespace() {
            j += 1;
        }
        if q.get(j) == Some(&b'$') {
            let v = j + 1;
            let mut e = v;
            while e < q.len() && ident(q[e]) {
                e += 1;
            }
            let var = &query[v..e];
            if let Some(Value::String(value)) = variables.and_then(|vars| vars.get(var)) {
                out.push((format!("variables.{var}"), value.as_bytes().to_vec()));
            }
        } else if q.get(j) == Some(&b'"') {
            let v = j + 1;
            if let Some(len) = q[v..].iter().position(|b| *b == b'"') {
                out.push((name.to_owned(), q[v..v + len].to_vec()));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(ct: &str, body: &str) -> Request {
        reqwest::Client::new()
            .post("https://api.example.com/v1")
            .header(CONTENT_TYPE, ct)
            .body(body.to_owned())
            .build()
            .unwrap()
    }

    fn found(ct: &str, body: &str) -> Vec<String> {
        keep(&req(ct, body))
            .map(|b| credentials(&b))
            .unwrap_or_default()
            .iter()
            .map(|c| c.location.to_string())
            .collect()
    }

    #[test]
    fn finds_secret_fields_of_a_multipart_form_not_its_files() {
        let body = "--b7Kq2\r\nContent-Disposition: form-data; name=\"dataset\"\r\n\r\nsales\r\n--b7Kq2\r\nContent-Disposition: form-data; name=\"api_key\"\r\n\r\nFAKESECRET-imp-Hq83\n\r\n--b7Kq2\r\nContent-Disposition: form-data; name=\"password\"; filename=\"p.txt\"\r\nContent-Type: text/plain\r\n\r\nnot a field\r\n--b7Kq2--\r\n";
        let kept = keep(&req("multipart/form-data; boundary=b7Kq2", body)).expect("kept");
        let creds = credentials(&kept);
        assert_eq!(creds.len(), 1);
        assert_eq!(creds[0].location.to_string(), "body:api_key");
        // the value as sent, its pasted line break kept
        assert_eq!(creds[0].secret.expose_secret(), b"FAKESECRET-imp-Hq83\n");
        assert!(kept.is_form());
        // a quoted boundary, and a body that is no multipart at all
        assert_eq!(
            found("multipart/form-data; boundary=\"b7Kq2\"", body),
            ["body:api_key"]
        );
        assert!(found("multipart/form-data; boundary=zz", body).is_empty());
    }

    #[test]
    fn finds_secret_fields_of_json_and_forms() {
        assert_eq!(
            found(
                "application/json",
                r#"{"api_key":"FAKEk","events":[{"user_id":"u1"}],"auth":{"clientSecret":"FAKEs"}}"#
            ),
            ["body:api_key", "body:clientSecret"]
        );
        assert_eq!(
            found(
                "application/x-www-form-urlencoded",
                "vendor_id=1&vendor_auth_code=FAKEc&state=active"
            ),
            ["body:vendor_auth_code"]
        );
    }

    #[test]
    fn secrets_passed_as_graphql_arguments() {
        let body = r#"{"query":"mutation Login($u: String!, $p: String!) { tokenAuth(username: $u, password: $p) { token } }","variables":{"u":"alice","p":"FAKEpw"}}"#;
        assert_eq!(found("application/json", body), ["body:variables.p"]);
        let inline =
            r#"{"query":"mutation { login(email: \"a@b.c\", password: \"FAKEpw\") { jwt } }"}"#;
        assert_eq!(found("application/json", inline), ["body:password"]);
        // arguments of the payload are not secrets
        let payload =
            r#"{"query":"query($id: ID!) { user(id: $id) { token } }","variables":{"id":"7"}}"#;
        assert!(found("application/json", payload).is_empty());
    }

    #[test]
    fn keys_inside_an_authentication_object_count() {
        // Authorize.Net's envelope: the key sits two objects down, named only `transactionKey`.
        assert_eq!(
            found(
                "application/json",
                r#"{"getMerchantDetailsRequest":{"merchantAuthentication":{"name":"5KP3u95bQpv","transactionKey":"FAKESECRET4Ktq7m8W"}}}"#
            ),
            ["body:transactionKey"]
        );
        // Outside such an object, a `key` is payload; deeper than three levels nothing is read.
        assert!(found("application/json", r#"{"item":{"sortKey":"name"}}"#).is_empty());
        assert!(
            found(
                "application/json",
                r#"{"a":{"b":{"c":{"auth":{"apiKey":"FAKESECRETx"}}}}}"#
            )
            .is_empty()
        );
    }

    #[test]
    fn keys_by_their_shape_and_inside_a_form_field_of_json() {
        // Misskey's one-letter `i`, at the top of the body; not an identifier, not deeper
        assert_eq!(
            found(
                "application/json",
                r#"{"i":"FAKESECRETmk7Qp2Ls9Vd4Rx1Tz6Yb","text":"hello","applicationId":"Vs8cQmXDmX2Fh4aKKwJpZ1x","meta":{"ref":"Vs8cQmXDmX2Fh4aKKwJpZ1x"}}"#
            ),
            ["body:i"]
        );
        // a form field that carries JSON (Coveralls' `json=`)
        assert_eq!(
            found(
                "application/x-www-form-urlencoded",
                "json=%7B%22repo_token%22%3A%22FAKESECRETcovRepoTok3nZx81%22%2C%22service_name%22%3A%22github%22%7D"
            ),
            ["body:repo_token"]
        );
    }

    #[test]
    fn payload_names_are_not_secrets() {
        // A card token, a document signature, a config key, an empty password.
        assert!(
            found(
                "application/json",
                r#"{"token":"tok_visa","signature":"data:image/png","key":"theme","password":""}"#
            )
            .is_empty()
        );
        // A bare `token` or `auth` field counts when its value looks like a key.
        assert_eq!(
            found(
                "application/x-www-form-urlencoded",
                "token=aFAKEz7q2w9e4r1t6y3u8i5o0pQ&user=u1&message=hi"
            ),
            ["body:token"]
        );
        assert!(found("application/json", r#"{"auth":"none","token":"abc"}"#).is_empty());
        // A signature computed over the request, in hex of either case, beside its key.
        assert_eq!(
            found(
                "application/x-www-form-urlencoded",
                "nonce=1495620371&signature=7A235F1D81F0405BED6CA96CD8605F7B&title=Contract"
            ),
            ["body:signature"]
        );
        assert!(found("application/json", r#"{"signature":"Jane Doe"}"#).is_empty());
        // Not JSON or a form, or too long: not kept.
        assert!(found("text/plain", "api_key=FAKE").is_empty());
        let long = format!(r#"{{"api_key":"FAKE","pad":"{}"}}"#, "x".repeat(MAX_KEPT));
        assert!(found("application/json", &long).is_empty());
    }
}
