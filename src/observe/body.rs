//! Error bodies: RFC 9457 problem+json, OAuth errors (RFC 6749 §5.2), the common JSON shapes of
//! provider APIs, XML error documents (AWS) and plain text.

use http::HeaderMap;
use http::header::CONTENT_TYPE;
use serde_json::Value;

mod html;
mod stream;
use html::{
    BLOCKS, error_elements, first_pre_line, headings, is_stock_page, loose_text, paragraphs,
    pre_text, stock_reason, strip_tags,
};
use stream::{first_event_data, tool_error_text};

/// At most this many codes, messages and fields are kept from one body.
const MAX_ITEMS: usize = 64;
/// JSON deeper than this is not walked (serde_json itself refuses depth > 128).
const MAX_DEPTH: usize = 12;
/// Text messages are cut to this many characters.
const MAX_MESSAGE_CHARS: usize = 500;

/// What kind of body the server sent.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum Format {
    #[default]
    Empty,
    Json,
    ProblemJson,
    Xml,
    Html,
    Text,
    Binary,
}

/// What was read from an error body.
#[derive(Clone, Debug, Default)]
pub(crate) struct Body {
    pub(crate) format: Format,
    /// Machine-readable codes (`error`, `code`, `type`, `reason`, XML `Code`), in document order.
    pub(crate) codes: Vec<String>,
    /// Human-readable messages, in document order.
    pub(crate) messages: Vec<String>,
    /// Other leaf values by key (`RequestId`, `ServerTime`, `request_id`, …).
    pub(crate) fields: Vec<(String, String)>,
    /// The parsed JSON, for provider rules.
    pub(crate) json: Option<Value>,
    /// What could not be read, when something could not.
    pub(crate) note: Option<String>,
    /// The body is a stack trace printed as text (or in an error page's `<pre>`): a thrown
    /// error's, whose words are the exception's line.
    pub(crate) stack_trace: bool,
    /// A stack trace printed as text whose failing frame is code that handles a credential
    /// (`token = authorization.split(" ", 1)[1]`, `at verifyToken (…)`): the server crashed
    /// reading it. (Only the verdict is kept: frames quote the server's code, secrets too.)
    pub(crate) crashed_reading_credential: bool,
}

impl Body {
    pub(crate) fn read(headers: &HeaderMap, bytes: &[u8], complete: bool) -> Body {
        let mut body = Body::default();
        if bytes.is_empty() {
            return body;
        }
        let ct = headers
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_ascii_lowercase();
        // A UTF-8 byte order mark (some .NET servers send one) is no part of the document.
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        // gRPC frames (base64 ones too) are no text: their trailers are read as headers
        // (`observe::grpc`).
        if ct.starts_with("application/grpc") {
            body.format = Format::Binary;
            return body;
        }
        let trimmed = bytes.trim_ascii_start();
        let text = match std::str::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) if !complete && e.error_len().is_none() => {
                // cut inside a multi-byte character by the capture limit
                std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or("")
            }
            Err(_) => {
                body.format = Format::Binary;
                body.note = Some(format!(
                    "the body ({} bytes{}) is not UTF-8 text",
                    bytes.len(),
                    if complete { "" } else { " read" }
                ));
                return body;
            }
        };
        // A stream of server-sent events (MCP's streamable HTTP): the first event's data is
        // the document.
        let event_data;
        let (text, trimmed) = match ct
            .starts_with("text/event-stream")
            .then(|| first_event_data(text))
            .flatten()
        {
            Some(d) => {
                event_data = d;
                (
                    event_data.as_str(),
                    event_data.as_bytes().trim_ascii_start(),
                )
            }
            None => (text, trimmed),
        };
        // JSONP (`callback({…})`, served as JavaScript): the JSON is the call's argument.
        let (text, trimmed) = match jsonp_argument(text).or_else(|| unguarded(text)) {
            Some(inner) => (inner, inner.as_bytes()),
            None => (text, trimmed),
        };
        // A form-encoded answer (Comgate's `code=1400&message=…`, PayPal's NVP `ACK=Failure&
        // L_LONGMESSAGE0=…`): its fields read as a flat JSON object's.
        if ct.starts_with("application/x-www-form-urlencoded") && !text.trim().starts_with('{') {
            let map: serde_json::Map<String, Value> =
                url::form_urlencoded::parse(text.trim().as_bytes())
                    .take(MAX_ITEMS)
                    .map(|(k, v)| (k.into_owned(), Value::String(v.into_owned())))
                    .collect();
            if !map.is_empty() {
                body.format = Format::Text;
                let v = Value::Object(map);
                walk_json(&v, None, 0, false, &mut body);
                body.json = Some(v);
                return body;
            }
        }
        // A token endpoint's error code as the whole text of a plain answer (Apereo CAS's
        // `invalid_grant`): read as RFC 6749 §5.2's JSON would be.
        if !(ct.contains("json") || ct.contains("html") || ct.contains("xml")) {
            const TOKEN_ERRORS: &[&str] = &[
                "invalid_request",
                "invalid_client",
                "invalid_grant",
                "unauthorized_client",
                "unsupported_grant_type",
                "invalid_scope",
            ];
            let whole = text.trim();
            if TOKEN_ERRORS.contains(&whole) {
                body.format = Format::Text;
                let v = serde_json::json!({ "error": whole });
                walk_json(&v, None, 0, false, &mut body);
                body.json = Some(v);
                return body;
            }
        }
        let looks_json =
            ct.contains("json") || trimmed.starts_with(b"{") || trimmed.starts_with(b"[");
        // An XHTML page (`<?xml …?>` then `<!DOCTYPE html>` or `<html>`, served as text/html)
        // is read as a page, not as an XML error document.
        let xhtml = ct.contains("html") && {
            let head = &trimmed[..trimmed.len().min(512)];
            head.windows(5).any(|w| w.eq_ignore_ascii_case(b"<html"))
                || head
                    .windows(14)
                    .any(|w| w.eq_ignore_ascii_case(b"<!doctype html"))
        };
        let looks_xml = !xhtml
            && (ct.contains("xml")
                || trimmed.starts_with(b"<?xml")
                || trimmed.starts_with(b"<Error"));
        if looks_json {
            body.format = if ct.contains("problem+json") {
                Format::ProblemJson
            } else {
                Format::Json
            };
            match serde_json::from_str::<Value>(text) {
                Ok(v) => {
                    walk_json(&v, None, 0, false, &mut body);
                    tool_error_text(&v, &mut body);
                    body.json = Some(v);
                    return body;
                }
                Err(e) => {
                    body.note = Some(if complete {
                        format!("the body is not valid JSON ({e})")
                    } else {
                        "the body was cut by the capture limit before the JSON ended".to_owned()
                    });
                    body.format = Format::Text;
                }
            }
        } else if looks_xml {
            body.format = Format::Xml;
            if let Err(e) = walk_xml(text, &mut body) {
                body.note = Some(format!("the XML body could not be read fully ({e})"));
            }
            if !body.codes.is_empty() || !body.messages.is_empty() {
                return body;
            }
        }
        let is_html = ct.contains("html") || trimmed.starts_with(b"<");
        if body.format == Format::Empty {
            body.format = if is_html { Format::Html } else { Format::Text };
        }
        if is_html {
            // A page speaks through its title and headings, and (unless it is a web server's
            // stock page) its paragraphs; navigation, footers and a stock page's boilerplate are
            // not the server's message about this request.
            for h in headings(text) {
                push(&mut body.messages, cut(&h));
            }
            if let Some(r) = stock_reason(text) {
                push(&mut body.messages, cut(&r));
            }
            if !is_stock_page(text) {
                for e in error_elements(text) {
                    push(&mut body.messages, cut(&e));
                }
                let paragraphs = paragraphs(text);
                // A page without paragraphs may still say its piece as loose text beside its
                // heading ("<h1>Forbidden</h1>Access is denied. Please verify your key=…").
                // Beside paragraphs, a short line of its own in the body (Zope's "Invalid
                // authentication token" between its stock paragraphs).
                let loose = if paragraphs.is_empty() {
                    // An error page that prints the error and its stack in a `<pre>`
                    // (Express's finalhandler): the first line is the error.
                    let pre = first_pre_line(text);
                    pre.into_iter()
                        .chain(loose_text(text, &[], 400))
                        .collect::<Vec<_>>()
                } else {
                    loose_text(text, BLOCKS, 200).into_iter().collect()
                };
                // (a footer's server signature, "Powered by CherryPy 18.10.0", says nothing of
                // the request)
                for p in paragraphs.into_iter().chain(loose) {
                    if !p
                        .trim_start()
                        .to_ascii_lowercase()
                        .starts_with("powered by ")
                    {
                        push(&mut body.messages, cut(&p));
                    }
                }
            }
            if body.messages.is_empty() {
                let plain = strip_tags(text);
                if !plain.is_empty() && plain.chars().count() <= 200 {
                    body.messages.push(plain);
                }
            }
            if let Some(pre) = pre_text(text) {
                body.note_crash(&pre);
            }
            return body;
        }
        // A stack trace speaks in its exception's line; its frames quote the server's own
        // code (and whatever secrets that code holds).
        let plain = squash(stack_trace_message(text).unwrap_or(text));
        if !plain.is_empty() {
            body.messages.push(cut(&plain));
        }
        body.note_crash(text);
        body
    }

    /// Whether `text` is a stack trace, and whether its failing frame reads a credential.
    fn note_crash(&mut self, text: &str) {
        if stack_trace_message(text).is_some() {
            self.stack_trace = true;
            self.crashed_reading_credential = failing_frame(text).is_some_and(handles_credential);
        }
    }

    /// The first message, or the first code when there is no message (but not a bare HTTP
    /// status number, `"status": 403`, which says nothing the status line does not).
    ///
    /// A message that is only a stock reason (a problem's `"title": "Unauthorized"`, a page
    /// titled "Error") gives way to one that says more (its `detail`).
    pub(crate) fn primary_message(&self) -> Option<&str> {
        use crate::diagnose::words;
        self.messages
            .iter()
            .find(|m| !words::is_stock(&words::normalize(m)))
            .or_else(|| self.messages.first())
            .or_else(|| {
                self.codes.iter().find(|c| {
                    !(c.len() == 3
                        && c.bytes().all(|b| b.is_ascii_digit())
                        && matches!(c.as_bytes()[0], b'1'..=b'5'))
                })
            })
            .map(String::as_str)
    }

    /// A field value by key (case-insensitive).
    pub(crate) fn field(&self, key: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_str())
    }

    /// Every value of a field (arrays of strings give one field each), in document order.
    pub(crate) fn fields_named<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a str> {
        self.fields
            .iter()
            .filter(move |(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_str())
    }

    /// Whether any code equals `code` (case-insensitive).
    pub(crate) fn has_code(&self, code: &str) -> bool {
        self.codes.iter().any(|c| c.eq_ignore_ascii_case(code))
    }

    /// All codes and messages, lowercased, for text rules.
    pub(crate) fn text_lower(&self) -> String {
        let mut s = String::new();
        for t in self.codes.iter().chain(self.messages.iter()) {
            s.push_str(&t.to_ascii_lowercase());
            s.push('\n');
        }
        s
    }
}

/// JSON keys (compared case-insensitively) whose string values are codes.
const CODE_KEYS: &[&str] = &[
    "code",
    "faultcode",
    "__type",
    "type",
    "reason",
    "errorcode",
    "error_code",
    // reCAPTCHA's and Turnstile's `"error-codes": ["invalid-input-secret"]`
    "error-code",
    "errortype",
    "error_type",
    "error_name",
    "subcode",
    "error_subcode",
    // Envelopes of trading and messaging APIs: `ret_code`, `retCode`, `errcode`, `err-code`.
    "ret_code",
    "retcode",
    "errcode",
    "err_code",
    "err-code",
    "id",
    "status",
    // A status in words beside its number (`"status_code": 403, "status_txt": "RATE_LIMIT_EXCEEDED"`).
    "status_txt",
    "status_text",
    "statustext",
    "error",
    ".tag",
];

/// JSON keys (compared case-insensitively) whose string values are messages.
const MESSAGE_KEYS: &[&str] = &[
    "message",
    "error_description",
    "detail",
    "title",
    "errorsummary",
    "msg",
    "error_message",
    "errormessage",
    "description",
    "desc",
    // messages under a key in the API's own language
    "descripcion",
    "descripción",
    "mensaje",
    "mensagem",
    "messaggio",
    "pesan",
    "mesaj",
    "errors",
    "error",
    "error_msg",
    "error_summary",
    "ret_msg",
    "retmsg",
    "errmsg",
    "err_msg",
    "err-msg",
    "err",
    "longmessage",
    "long_message",
    "developermessage",
    "developer_message",
    "usermessage",
    "user_message",
    "details",
    "hint",
    "explanation",
    "cause",
    // SOAP 1.1 (§4.4) and XML-RPC faults
    "faultstring",
    // IBM API Connect's gateway (`httpCode`, `httpMessage`, `moreInformation`): the reason
    "moreinformation",
];

/// Keys of advice beside an error (`help`, `documentation_url`): general guidance, not what
/// the server decided.
fn is_advice_key(k: &str) -> bool {
    let k = k.to_ascii_lowercase();
    [
        "help",
        "tip",
        "doc",
        "link",
        "url",
        "more_info",
        "moreinfo",
        "see",
    ]
    .iter()
    .any(|a| k.starts_with(a) || k.ends_with(a))
}

/// A key in the singular: lists are named in the plural (`reasons`, `messages`).
fn singular(k: &str) -> &str {
    match k.strip_suffix('s') {
        Some(one) if one.len() >= 4 => one,
        _ => k,
    }
}

fn is_code_key(k: &str) -> bool {
    CODE_KEYS
        .iter()
        .any(|c| c.eq_ignore_ascii_case(k) || c.eq_ignore_ascii_case(singular(k)))
}

fn is_message_key(k: &str) -> bool {
    MESSAGE_KEYS
        .iter()
        .any(|m| m.eq_ignore_ascii_case(k) || m.eq_ignore_ascii_case(singular(k)))
        || message_suffix(k)
}

/// Keys named for a message under a prefix of their own (`sub_msg`, `errorInfo`,
/// `statusDescription`, Django REST framework's `non_field_errors`), or Fixer's bare `info`.
///
/// A numbered key is read as its name (`description2`, `message_1`), and an error's own text
/// in the shapes of XML gateways (`errtext`, `error_text`, `errstr`, `errdesc`) is one too.
fn message_suffix(k: &str) -> bool {
    let lower = k.to_ascii_lowercase();
    let k = lower
        .trim_end_matches(|c: char| c.is_ascii_digit())
        .trim_end_matches('_')
        .trim_end_matches('s');
    ["message", "msg", "description", "info", "_error"]
        .iter()
        .any(|e| k.ends_with(e))
        // a message's own details (`msgDetails`, `message_detail`)
        || (["msg", "message"].iter().any(|m| k.starts_with(m)) && k.ends_with("detail"))
        || (k.starts_with("err")
            && ["text", "str", "string", "desc"]
                .iter()
                .any(|e| k.ends_with(e)))
}

/// The request part a validation error's location names, where credentials travel: `header`
/// (`headers`), `cookie` (`cookies`) or `query` (`querystring`); a payload's part (`body`,
/// `json`, `form`, `files`) is none.
pub(crate) fn request_place(location: &str) -> Option<&'static str> {
    match location {
        "header" | "headers" => Some("header"),
        "cookie" | "cookies" => Some("cookie"),
        "query" | "querystring" => Some("query"),
        _ => None,
    }
}

/// `"header x-api-key: Field required"` for a validation error whose `loc` starts with the
/// place of a request part that carries credentials (`header`, `query`, `cookie`), or names
/// a header alone (`["X-API-Key"]`).
fn located_message(map: &serde_json::Map<String, Value>) -> Option<String> {
    let (place, name) = validation_place(map)?;
    let msg = map
        .get("msg")
        .or_else(|| map.get("description"))?
        .as_str()?;
    Some(format!("{place} {name}: {msg}"))
}

/// `"API Key: Invalid unique identifier."` for an error entry that names the request field
/// it refuses (`"PropertyName": "API Key"`, `"param": "access_token"`), a field a credential
/// travels in: the field's name belongs to the message.
fn field_message(map: &serde_json::Map<String, Value>) -> Option<String> {
    const FIELD_KEYS: &[&str] = &[
        "field",
        "param",
        "parameter",
        "property",
        "propertyname",
        "property_name",
        "field_name",
        "fieldname",
        "param_name",
        "parameter_name",
        "attribute",
    ];
    const MESSAGE_KEYS: &[&str] = &["message", "msg", "description", "detail"];
    let find = |keys: &[&str]| {
        map.iter()
            .take(MAX_ITEMS)
            .find(|(k, _)| keys.iter().any(|n| k.eq_ignore_ascii_case(n)))
            .and_then(|(_, v)| v.as_str())
    };
    let field = find(FIELD_KEYS).filter(|f| {
        f.len() <= 64 && !f.starts_with('/') && crate::observe::gate::names_credential_place(f)
    })?;
    let msg = find(MESSAGE_KEYS).filter(|m| !m.trim().is_empty())?;
    Some(format!("{field}: {msg}"))
}

/// Where in the request a validation error entry looked: `("header" | "query" | "cookie",
/// name)` from its `loc` (`["header", "x-api-key"]`, or a header's own name alone, a headers
/// model's field `["X-API-Key"]`).
pub(crate) fn validation_place(entry: &serde_json::Map<String, Value>) -> Option<(&str, &str)> {
    // Cornice's (Pyramid's) `{"location": "header", "name": "X-Api-Key", "description": …}`
    if let (Some(place), Some(name)) = (
        entry.get("location").and_then(Value::as_str),
        entry.get("name").and_then(Value::as_str),
    ) {
        return Some((request_place(place)?, name));
    }
    let loc = entry.get("loc")?.as_array()?;
    let first = loc.first()?.as_str()?;
    match loc.get(1).and_then(Value::as_str) {
        Some(name) => ["header", "query", "cookie"]
            .contains(&first)
            .then_some((first, name)),
        None => (loc.len() == 1 && first.contains('-')).then_some(("header", first)),
    }
}

fn push(list: &mut Vec<String>, s: String) {
    if list.len() < MAX_ITEMS && !s.is_empty() && !list.contains(&s) {
        list.push(s);
    }
}

/// `in_error`: the value sits under an error or message key (`"messages": {"message":
/// [{"code": …, "text": …}]}`, JSON-RPC's `"error": {…, "data": …}`), where a sentence under
/// a plain `text`, `value` or `data` key is the message.
/// Whether a field of an error's map is a credential's (`access_token`, `api_key`).
fn credential_field(name: &str) -> bool {
    crate::credential::body::is_secret_field(name) || crate::credential::is_word_param(name)
}

fn walk_json(v: &Value, key: Option<&str>, depth: usize, in_error: bool, out: &mut Body) {
    if depth > MAX_DEPTH {
        out.note
            .get_or_insert_with(|| "the JSON body is nested too deeply to read fully".into());
        return;
    }
    match v {
        // A resource embedded in an error (Stripe's `payment_intent` beside a declined card,
        // with its `status: requires_payment_method`) describes the resource, not the error.
        Value::Object(map)
            if depth > 0
                && key.is_some_and(|k| !is_code_key(k) && !is_message_key(k))
                && map.contains_key("id")
                && (map.contains_key("object") || map.contains_key("status")) => {}
        // webargs' errors by location (`"headers": {"Authorization": ["Missing data for
        // required field."]}`): the place and the name belong to the message.
        // Rails-style errors by field (`"errors": {"access_token": ["is not valid."]}`): a
        // credential's field names what the message is about.
        Value::Object(map)
            if key == Some("errors")
                && map
                    .iter()
                    .take(MAX_ITEMS)
                    .any(|(name, v)| v.is_array() && credential_field(name)) =>
        {
            for (name, v) in map.iter().take(MAX_ITEMS) {
                let Value::Array(a) = v else { continue };
                for t in a.iter().filter_map(Value::as_str).take(4) {
                    if credential_field(name) {
                        push(&mut out.messages, cut(&format!("{name}: {t}")));
                    }
                }
            }
        }
        Value::Object(map)
            if key.is_some_and(|k| ["headers", "cookies", "query"].contains(&k)) && in_error =>
        {
            let place = key.unwrap_or_default().trim_end_matches('s');
            for (name, v) in map.iter().take(MAX_ITEMS) {
                let texts: Vec<&str> = match v {
                    Value::Array(a) => a.iter().filter_map(Value::as_str).take(4).collect(),
                    Value::String(s) => vec![s.as_str()],
                    _ => Vec::new(),
                };
                for t in texts {
                    push(&mut out.messages, cut(&format!("{place} {name}: {t}")));
                }
            }
        }
        Value::Object(map) => {
            // A validation error that names where in the request it looked (FastAPI's and
            // pydantic's `{"loc": ["header", "x-api-key"], "msg": "Field required"}`): the
            // place and the name belong to the message.
            if let Some(m) = located_message(map).or_else(|| field_message(map)) {
                push(&mut out.messages, cut(&m));
            }
            // JSend's failed envelope with its reason as a bare string (`{"status": "error",
            // "data": "Invalid key"}`): the string is the message.
            if let (Some(Value::String(status)), Some(Value::String(data))) =
                (map.get("status"), map.get("data"))
            {
                if ["error", "fail", "failed", "failure"]
                    .iter()
                    .any(|f| status.eq_ignore_ascii_case(f))
                {
                    push(&mut out.messages, cut(data));
                }
            }
            // So is the Etherscan family's (`{"status": "0", "message": "NOTOK", "result":
            // "Missing/Invalid API Key"}`): a failed call's result is its reason.
            if let (Some(Value::String(message)), Some(Value::String(result))) =
                (map.get("message"), map.get("result"))
            {
                if message.eq_ignore_ascii_case("notok") {
                    push(&mut out.messages, cut(result));
                }
            }
            let in_error = in_error || key.is_some_and(|k| is_message_key(k) || is_code_key(k));
            for (k, v) in map.iter().take(MAX_ITEMS) {
                walk_json(v, Some(k), depth + 1, in_error, out);
            }
        }
        Value::Array(items) => {
            for v in items.iter().take(MAX_ITEMS) {
                walk_json(v, key, depth + 1, in_error, out);
            }
        }
        Value::String(s) => {
            let Some(k) = key else {
                push(&mut out.messages, cut(s));
                return;
            };
            // `error` is a code in OAuth (`invalid_token`) and a message elsewhere; a code
            // key holding a sentence (`"reasons": ["Authorization header is invalid."]`) holds
            // a message.
            let is_sentence = s.trim().contains(' ');
            if is_code_key(k) && !is_sentence {
                push(&mut out.codes, cut(s));
            } else if is_message_key(k)
                || is_code_key(k)
                || (in_error
                    && is_sentence
                    && (["text", "value", "data"].iter().any(|t| k.eq_ignore_ascii_case(t))
                        // any sentence of a few words inside the error object
                        // (`"additional_unsuccessful_credentials": "API key: api key is expired"`)
                        || s.split_whitespace().nth(3).is_some()))
                // A phrase under a key named for the error (`err_tips`, `errorHint`): the
                // error's own words, whatever the key's last part.
                || (is_sentence && k.get(..3).is_some_and(|p| p.eq_ignore_ascii_case("err")) && !is_advice_key(k))
                // A `text` at the top beside a code (Splunk's `{"text": "Invalid token",
                // "code": 4}`) is the message.
                || (depth == 1 && is_sentence && k.eq_ignore_ascii_case("text"))
                // A sentence at the top of the body, under a name of the server's own
                // (Alpha Vantage's `"Information"`, `"Note"`), speaks for it.
                || (depth == 1
                    && s.split_whitespace().nth(5).is_some()
                    && !is_advice_key(k))
            {
                // ("access_token time expired. (invalid_token)": a code as the message's label)
                match trailing_code(s) {
                    Some((message, code)) => {
                        push(&mut out.messages, cut(message));
                        push(&mut out.codes, cut(code));
                    }
                    None => push(&mut out.messages, cut(s)),
                }
            } else if out.fields.len() < MAX_ITEMS {
                out.fields.push((k.to_owned(), cut(s)));
            }
        }
        Value::Number(n) => {
            if let Some(k) = key {
                if is_code_key(k) {
                    push(&mut out.codes, n.to_string());
                } else if out.fields.len() < MAX_ITEMS {
                    out.fields.push((k.to_owned(), n.to_string()));
                }
            }
        }
        // A flag that is set (`"invalidToken": true`, `"expired": true`) says what its name says.
        Value::Bool(true) => {
            if let Some(k) = key.filter(|k| !is_code_key(k) && !is_message_key(k)) {
                push(&mut out.codes, cut(k));
            }
        }
        Value::Bool(false) | Value::Null => {}
    }
}

fn walk_xml(text: &str, out: &mut Body) -> Result<(), quick_xml::Error> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(text);
    let mut current: Option<String> = None;
    // An element's text, gathered across the events the reader splits it into: an entity
    // reference (`&amp;`) comes as an event of its own between two texts.
    let mut text_of = String::new();
    let mut events = 0usize;
    // An XML-RPC answer whose result is an array of plain values (`[false, "User couldn't be
    // authenticated", 256]`): its sentences are its messages.
    let mut rpc = false;
    // The open elements' names (at most [`MAX_XML_DEPTH`]), for the parent of a text: SOAP
    // 1.2's fault holds its reason in `<Reason><Text>` and its codes in `<Code><Value>`.
    let mut open: Vec<String> = Vec::new();
    loop {
        events += 1;
        if events > 10_000 {
            return Ok(());
        }
        // A malformed document (a bare `&` in a text, as servers that build XML by hand
        // write it) ends the walk; the text gathered up to the fault is still the element's.
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(e) => {
                if let Some(name) = current.as_deref() {
                    xml_text(name, &text_of, rpc, out);
                }
                return Err(e);
            }
        };
        if !matches!(
            event,
            Event::Text(_) | Event::CData(_) | Event::GeneralRef(_)
        ) {
            if let Some(name) = current.as_deref() {
                let parent = open.len().checked_sub(2).and_then(|i| open.get(i));
                xml_text(
                    soap12_role(name, parent).unwrap_or(name),
                    &text_of,
                    rpc,
                    out,
                );
            }
            text_of.clear();
        }
        match event {
            Event::Start(ref e) => {
                xml_attributes(e, out);
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                rpc |= name == "methodResponse";
                if open.len() < MAX_XML_DEPTH {
                    open.push(name.clone());
                }
                current = Some(name);
            }
            // `<error code="400" message="…" />`: the error in attributes
            Event::Empty(ref e) => xml_attributes(e, out),
            Event::Text(t) if current.is_some() && text_of.len() < MAX_XML_TEXT => {
                let raw = String::from_utf8_lossy(t.as_ref()).into_owned();
                text_of.push_str(
                    &quick_xml::escape::unescape(&raw)
                        .map(|c| c.into_owned())
                        .unwrap_or(raw),
                );
            }
            // `<message><![CDATA[…]]></message>` holds its text as it is, unescaped.
            Event::CData(c) if current.is_some() && text_of.len() < MAX_XML_TEXT => {
                text_of.push_str(&String::from_utf8_lossy(c.as_ref()));
            }
            // `&amp;`, `&#x2019;`: resolved as the reader would have inside the text
            Event::GeneralRef(r) if current.is_some() && text_of.len() < MAX_XML_TEXT => {
                let reference = format!("&{};", String::from_utf8_lossy(r.as_ref()));
                match quick_xml::escape::unescape(&reference) {
                    Ok(c) => text_of.push_str(&c),
                    Err(_) => text_of.push_str(&reference),
                }
            }
            Event::End(_) => {
                open.pop();
                current = None;
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// At most this many open elements are remembered for their names.
const MAX_XML_DEPTH: usize = 64;

/// What a SOAP 1.2 fault's generic element stands for (SOAP 1.2 Part 1 §5.4): `<Text>` of a
/// `<Reason>` is the fault's string, `<Value>` of a `<Code>` or `<Subcode>` its code
/// (`wsse:FailedAuthentication`).
fn soap12_role(name: &str, parent: Option<&String>) -> Option<&'static str> {
    match (name, parent.map(String::as_str)) {
        ("Text", Some("Reason")) => Some("faultstring"),
        ("Value", Some("Code" | "Subcode")) => Some("faultcode"),
        _ => None,
    }
}

/// At most this many bytes of one element's text are gathered.
const MAX_XML_TEXT: usize = 16 * 1024;

/// What the text of the element `name` holds: a code, a message or a field.
fn xml_text(name: &str, text: &str, rpc: bool, out: &mut Body) {
    let value = text.trim();
    if value.is_empty() {
        return;
    }
    let is_sentence = value.contains(' ');
    match name.to_ascii_lowercase().as_str() {
        "string" if rpc && is_sentence => push(&mut out.messages, cut(value)),
        n if is_code_key(n) && !is_sentence => push(&mut out.codes, cut(value)),
        n if is_message_key(n) || is_code_key(n) => push(&mut out.messages, cut(value)),
        // the sentence of an element named as a failure
        // (`<cas:authenticationFailure code="INVALID_TICKET">ticket … has expired`)
        n if is_sentence && ["failure", "error", "fault"].iter().any(|f| n.ends_with(f)) => {
            push(&mut out.messages, cut(value))
        }
        _ if out.fields.len() < MAX_ITEMS => out.fields.push((name.to_owned(), cut(value))),
        _ => {}
    }
}

/// The line that names the error in a stack trace printed as text: a Python traceback's last
/// line (`jwt.exceptions.ExpiredSignatureError: Signature has expired`), or the first line of
/// a JavaScript or Java trace whose frames follow as `at …` lines.
fn stack_trace_message(text: &str) -> Option<&str> {
    let trimmed = text.trim_start();
    if trimmed.starts_with("Traceback (most recent call last):") {
        return trimmed
            .lines()
            .rev()
            .map(str::trim_end)
            .find(|l| !l.is_empty() && !l.starts_with([' ', '\t']))
            .filter(|l| !l.starts_with("Traceback"));
    }
    let mut lines = trimmed.lines();
    let first = lines.next()?.trim();
    let frames = lines
        .take(8)
        .filter(|l| l.trim_start().starts_with("at "))
        .count();
    (frames >= 2 && !first.is_empty()).then_some(first)
}

/// The failing frame of a stack trace printed as text: a Python traceback's last frame (its
/// `in <function>` and the line of code under it), or the first `at …` frame of a JavaScript or
/// Java trace (its function's name, before the file).
fn failing_frame(text: &str) -> Option<String> {
    let trimmed = text.trim_start();
    if trimmed.starts_with("Traceback (most recent call last):") {
        // From the end: the exception's lines, then Python 3.11's `~~~^^^` markers, then the
        // code line, then its `File "…", line N, in <function>`.
        // (the exception's lines are the unindented ones)
        let mut lines = trimmed
            .lines()
            .rev()
            .filter(|l| l.starts_with([' ', '\t']))
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.bytes().all(|b| matches!(b, b'~' | b'^' | b' ')));
        let code = lines.next()?;
        if code.starts_with("File ") {
            return Some(code.rsplit(" in ").next()?.to_owned());
        }
        let file = lines.next().filter(|l| l.starts_with("File "))?;
        return Some(format!("{} {code}", file.rsplit(" in ").next()?));
    }
    stack_trace_message(text)?;
    let frame = trimmed
        .lines()
        .skip(1)
        .map(str::trim_start)
        .find_map(|l| l.strip_prefix("at "))?;
    // `at verifyToken (/srv/auth.js:3:9)`: the name; an anonymous `at /srv/x.js:1:2` has none.
    let name = frame.split_once(" (")?.0;
    Some(name.to_owned())
}

/// Whether a frame's code or function names a credential (`authorization`, `bearer`, `token`,
/// `jwt`, `api_key`, `credentials`) among its identifiers, split at `_`, `.` and case changes.
fn handles_credential(frame: String) -> bool {
    const WORDS: &[&str] = &[
        "authorization",
        "auth",
        "bearer",
        "token",
        "jwt",
        "apikey",
        "credentials",
        "credential",
    ];
    let mut words = Vec::new();
    for ident in frame.split(|c: char| !c.is_ascii_alphanumeric()) {
        let mut start = 0;
        let b = ident.as_bytes();
        for i in 1..b.len() {
            if b[i].is_ascii_uppercase() && b[i - 1].is_ascii_lowercase() {
                words.push(ident[start..i].to_ascii_lowercase());
                start = i;
            }
        }
        if start < ident.len() {
            words.push(ident[start..].to_ascii_lowercase());
        }
    }
    words.iter().any(|w| WORDS.contains(&w.as_str()))
        || words.windows(2).any(|p| p[0] == "api" && p[1] == "key")
}

/// A message that ends with its code in parentheses (`"access_token time expired.
/// (invalid_token)"`): the sentence and the code apart. A code is one word of letters, digits
/// and `_` (at least one), as machine codes are written.
fn trailing_code(s: &str) -> Option<(&str, &str)> {
    let t = s.trim_end().strip_suffix(')')?;
    let open = t.rfind('(')?;
    let code = &t[open + 1..];
    let message = t[..open].trim_end();
    (!message.is_empty()
        && (3..=40).contains(&code.len())
        && code.contains('_')
        && code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'))
    .then_some((message, code))
}

/// Codes and messages an XML element carries in its attributes.
fn xml_attributes(e: &quick_xml::events::BytesStart<'_>, out: &mut Body) {
    for a in e.attributes().flatten().take(MAX_ITEMS) {
        let key = String::from_utf8_lossy(a.key.local_name().as_ref()).to_ascii_lowercase();
        let Ok(value) = a.unescape_value() else {
            continue;
        };
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        if is_code_key(&key) && !value.contains(' ') {
            push(&mut out.codes, cut(value));
        } else if is_message_key(&key) || is_code_key(&key) {
            push(&mut out.messages, cut(value));
        }
    }
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn cut(s: &str) -> String {
    let s = s.trim();
    // No more bytes than the limit: no more characters either.
    if s.len() <= MAX_MESSAGE_CHARS {
        return s.to_owned();
    }
    match s.char_indices().nth(MAX_MESSAGE_CHARS) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_owned(),
    }
}

/// JSON behind a guard against cross-site script inclusion (`)]}'` as Angular and Google
/// send it, `while(1);`, `for(;;);`, `&&&START&&&`): the JSON after it.
fn unguarded(text: &str) -> Option<&str> {
    const GUARDS: &[&str] = &[")]}',", ")]}'", "while(1);", "for(;;);", "&&&START&&&"];
    let t = text.trim_start();
    GUARDS.iter().find_map(|g| {
        let rest = t.strip_prefix(g)?.trim_start();
        (rest.starts_with('{') || rest.starts_with('[')).then_some(rest)
    })
}

/// The JSON argument of a JSONP call (`cb_1({…});`), if `text` is one.
fn jsonp_argument(text: &str) -> Option<&str> {
    let t = text.trim();
    let open = t.find('(')?;
    let name = t[..open].trim_end();
    let callable = !name.is_empty()
        && name.len() <= 128
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'$' | b'.'));
    if !callable {
        return None;
    }
    let inner = t[open + 1..]
        .trim_end()
        .trim_end_matches(';')
        .trim_end()
        .strip_suffix(')')?
        .trim();
    inner.starts_with(['{', '[']).then_some(inner)
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn read(ct: &str, body: &str) -> Body {
        let mut h = HeaderMap::new();
        h.insert(CONTENT_TYPE, HeaderValue::from_str(ct).unwrap());
        Body::read(&h, body.as_bytes(), true)
    }

    #[test]
    fn a_forms_error_elements_are_its_messages() {
        let page = format!(
            "<!doctype html><title>Log in</title><ul class=\"errorlist\"><li>This account is inactive.</li></ul><form method=\"post\"><input name=\"username\"><input type=\"password\" name=\"password\">{}</form><div class=\"footer-links\">{}</div>",
            "<label>Password</label>".repeat(20),
            "<a href=\"/help\">Help</a> ".repeat(40)
        );
        let b = read("text/html; charset=utf-8", &page);
        assert!(
            b.messages.iter().any(|m| m == "This account is inactive."),
            "{b:?}"
        );
        // A class that names no error marks nothing.
        assert!(
            super::html::error_elements(
                "<html><title>Home</title><div class=\"notice\">Welcome back</div></html>"
            )
            .is_empty()
        );
        assert_eq!(
            super::html::error_elements(
                "<div class='alert alert-danger' role=alert>Invalid login.</div>"
            ),
            ["Invalid login."]
        );
    }

    #[test]
    fn an_error_pages_pre_is_read_line_by_line() {
        let page = "<html><body><PRE>TypeError: x<BR> &nbsp;at f (/a.js:1:2)<br/>at g (/b.js:3:4)</PRE></body></html>";
        assert_eq!(
            super::html::pre_text(page).as_deref(),
            Some("TypeError: x\nat f (/a.js:1:2)\nat g (/b.js:3:4)")
        );
        assert_eq!(
            super::html::first_pre_line(page).as_deref(),
            Some("TypeError: x")
        );
    }

    #[test]
    fn a_stack_trace_speaks_in_its_exceptions_line() {
        let python = "Traceback (most recent call last):\n  File \"/srv/app.py\", line 10, in dispatch\n    user = jwt.decode(token, 'FAKESECRET-hs256-key', algorithms=['HS256'])\n  File \"/v/jwt/api_jwt.py\", line 363, in _validate_exp\n    raise ExpiredSignatureError(\"Signature has expired\")\njwt.exceptions.ExpiredSignatureError: Signature has expired\n";
        let b = read("text/plain; charset=utf-8", python);
        assert_eq!(
            b.messages,
            ["jwt.exceptions.ExpiredSignatureError: Signature has expired"]
        );
        let node = "JsonWebTokenError: invalid signature\n    at /srv/node_modules/jsonwebtoken/verify.js:171:19\n    at getSecret (/srv/node_modules/jsonwebtoken/verify.js:97:14)\n";
        let b = read("text/plain", node);
        assert_eq!(b.messages, ["JsonWebTokenError: invalid signature"]);
        assert!(
            !b.crashed_reading_credential,
            "an anonymous frame names nothing"
        );
        let node = "TypeError: Cannot read properties of undefined (reading 'split')\n    at verifyToken (/srv/auth.js:3:9)\n    at Layer.handle (/srv/node_modules/express/lib/router/layer.js:95:5)\n";
        assert!(read("text/plain", node).crashed_reading_credential);
        let crash = |code: &str| {
            let t = format!(
                "Traceback (most recent call last):\n  File \"/srv/app.py\", line 25, in me\n    {code}\n    ~~~~~~^^^\nIndexError: list index out of range\n"
            );
            read("text/plain", &t).crashed_reading_credential
        };
        assert!(crash(r#"token = authorization.split(" ", 1)[1]"#));
        assert!(crash("key = request.headers['X-Api-Key'][4:]"));
        assert!(!crash("row = rows[0]"));
        // A text with one `at` line is no trace.
        let b = read("text/plain", "Invalid key\n at the gate");
        assert_eq!(b.messages.len(), 1);
        assert!(b.messages[0].contains("gate"), "{:?}", b.messages);
    }

    #[test]
    fn an_xml_text_split_by_an_entity_is_one_message() {
        let b = read(
            "application/xml",
            "<?xml version=\"1.0\"?><Error><Code>InvalidAccessKeyId</Code><Message>The key a0%00=Aa&amp;0%0% does not exist &#x2014; check it</Message></Error>",
        );
        assert_eq!(
            b.messages,
            ["The key a0%00=Aa&0%0% does not exist \u{2014} check it"],
            "{b:?}"
        );
    }

    #[test]
    fn a_status_number_is_no_message() {
        let b = read(
            "application/json",
            r#"{"status": 403, "error_message": [{"role": "billing"}]}"#,
        );
        assert_eq!(b.primary_message(), None, "{b:?}");
        let b = read("application/json", r#"{"status": 403, "code": "E1042"}"#);
        assert_eq!(b.primary_message(), Some("E1042"), "{b:?}");
    }

    #[test]
    fn a_jsonp_call_is_read_for_its_argument() {
        let b = read(
            "text/javascript; charset=utf-8",
            r#"cb_0({"authenticationResultCode":"InvalidCredentials","errorDetails":["Access was denied."],"traceId":"a32b|DB4"});"#,
        );
        assert!(b.json.is_some(), "{b:?}");
        assert_eq!(b.field("traceId"), Some("a32b|DB4"), "{b:?}");
        // a script that is no call of one argument stays text
        let b = read("text/javascript", "alert(1); var x = {a: 1};");
        assert!(b.json.is_none(), "{b:?}");
    }

    #[test]
    fn an_error_that_names_a_credential_field_carries_its_name() {
        let b = read(
            "application/json",
            r#"{"Errors":[{"Code":"Invalid","Message":"Invalid unique identifier.","PropertyName":"API Key"}],"SearchResults":null}"#,
        );
        assert_eq!(
            b.primary_message(),
            Some("API Key: Invalid unique identifier.")
        );
        // a payload's field keeps its message as it is
        let b = read(
            "application/json",
            r#"{"errors":[{"field":"name","message":"Invalid key name"}]}"#,
        );
        assert_eq!(b.messages, ["Invalid key name"]);
    }

    #[test]
    fn an_api_gateways_more_information_and_a_code_as_a_label() {
        let b = read(
            "application/json",
            r#"{"httpCode":"401","httpMessage":"Unauthorized","moreInformation":"Client id not registered."}"#,
        );
        assert!(
            b.messages.contains(&"Client id not registered.".to_owned()),
            "{:?}",
            b.messages
        );
        let b = read(
            "application/json",
            r#"{"error":{"code":401,"message":"access_token time expired. (invalid_token)"}}"#,
        );
        assert_eq!(b.messages, ["access_token time expired."]);
        assert!(
            b.codes.contains(&"invalid_token".to_owned()),
            "{:?}",
            b.codes
        );
    }

    #[test]
    fn messages_are_found_by_the_shape_of_their_keys_and_values() {
        // plural keys, a code key holding a sentence, prefixed message keys
        let b = read(
            "application/json",
            r#"{"reasons":["Authorization header is invalid."],"exception":"Unauthorized","sub_msg":"your ip is 203.0.113.57","info":"Access Restricted - upgrade"}"#,
        );
        assert!(
            b.messages
                .contains(&"Authorization header is invalid.".to_owned()),
            "{b:?}"
        );
        assert!(
            b.messages.contains(&"your ip is 203.0.113.57".to_owned()),
            "{b:?}"
        );
        assert!(
            b.messages
                .contains(&"Access Restricted - upgrade".to_owned()),
            "{b:?}"
        );
        // a top-level sentence speaks; advice beside it and short values do not
        let b = read(
            "application/json",
            r#"{"Information":"This is a premium endpoint, subscribe to a premium plan","help":"Keys can expire or be revoked by an administrator at any time","name":"Ada Lovelace"}"#,
        );
        assert_eq!(
            b.messages,
            ["This is a premium endpoint, subscribe to a premium plan"]
        );
    }

    #[test]
    fn a_byte_order_mark_cdata_and_a_text_under_an_error_are_read() {
        // Authorize.Net: a BOM before the JSON, the message in `text` under `message`.
        let b = read(
            "application/json",
            "\u{feff}{\"messages\":{\"resultCode\":\"Error\",\"message\":[{\"code\":\"E00007\",\"text\":\"User authentication failed due to invalid authentication values.\"}]}}",
        );
        assert!(b.json.is_some(), "{b:?}");
        assert_eq!(
            b.messages,
            ["User authentication failed due to invalid authentication values."]
        );
        // A `text` outside an error is payload.
        let b = read(
            "application/json",
            r#"{"post":{"text":"Hello there, world"}}"#,
        );
        assert!(b.messages.is_empty(), "{b:?}");
        // PrestaShop: the message in CDATA.
        let b = read(
            "text/xml",
            "<prestashop><errors><error><code><![CDATA[22]]></code><message><![CDATA[The webservice is disabled]]></message></error></errors></prestashop>",
        );
        assert_eq!(b.codes, ["22"]);
        assert_eq!(b.messages, ["The webservice is disabled"]);
    }

    #[test]
    fn an_xhtml_page_is_read_as_a_page_and_a_line_beside_paragraphs_counts() {
        let mut h = HeaderMap::new();
        h.insert(CONTENT_TYPE, "text/html; charset=utf-8".parse().unwrap());
        let page = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n<html><head><title>403 Forbidden</title></head><body><h1>Forbidden</h1><p>You need to be an admin to access this page</p></body></html>";
        let b = Body::read(&h, page.as_bytes(), true);
        assert_eq!(b.format, Format::Html);
        assert!(
            b.messages.iter().any(|m| m.contains("need to be an admin")),
            "{:?}",
            b.messages
        );
        // Zope: a line of its own between stock paragraphs.
        let page = "<html><body><h2>Site Error</h2><p>An error was encountered while publishing this resource.</p>\nInvalid authentication token\n<hr/><p>Troubleshooting Suggestions</p><ul><li>The URL may be incorrect.</li></ul></body></html>";
        let b = Body::read(&h, page.as_bytes(), true);
        assert!(
            b.messages
                .iter()
                .any(|m| m == "Invalid authentication token"),
            "{:?}",
            b.messages
        );
    }

    #[test]
    fn a_soap_12_faults_reason_and_codes_are_read() {
        let b = read(
            "application/soap+xml; charset=utf-8",
            r#"<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><s:Fault><s:Code><s:Value>s:Sender</s:Value><s:Subcode><s:Value>a:FailedAuthentication</s:Value></s:Subcode></s:Code><s:Reason><s:Text xml:lang="en-US">ID3242: The security token could not be authenticated or authorized.</s:Text></s:Reason></s:Fault></s:Body></s:Envelope>"#,
        );
        assert!(
            b.codes.iter().any(|c| c == "a:FailedAuthentication"),
            "{b:?}"
        );
        assert!(
            b.messages
                .iter()
                .any(|m| m.contains("could not be authenticated")),
            "{b:?}"
        );
    }

    #[test]
    fn a_pages_character_references_are_decoded() {
        let b = read(
            "text/html",
            "<html><body><h1>Error 401</h1><div>Header must start with &quot;OAuth &quot; &#8211; it&#x27;s &amp;c &bogus; &</div></body></html>",
        );
        assert!(
            b.messages
                .iter()
                .any(|m| m.contains("Header must start with \"OAuth \" \u{2013} it's &c &bogus; &")),
            "{b:?}"
        );
    }

    #[test]
    fn a_page_without_paragraphs_speaks_through_its_loose_text() {
        let b = read(
            "text/html",
            "<html><head><title>Forbidden</title></head><body><h1>Forbidden</h1>Access is denied. Retrying will not help. Please verify your <pre>key=</pre> parameter.</body></html>",
        );
        assert!(
            b.messages
                .iter()
                .any(|m| m.contains("Please verify your key= parameter")),
            "{b:?}"
        );
        // Navigation and forms are not the page's message; a stock page's text is not read.
        let b = read(
            "text/html",
            "<html><body><h1>Sign in</h1><nav>IP allowlist settings</nav><form>Password</form></body></html>",
        );
        assert_eq!(b.messages, ["Sign in"], "{b:?}");
        let b = read(
            "text/html",
            "<html><head><title>403 Forbidden</title></head><body><center><h1>403 Forbidden</h1></center><hr><center>nginx</center></body></html>",
        );
        assert!(!b.messages.iter().any(|m| m.contains("nginx")), "{b:?}");
    }

    #[test]
    fn xml_errors_in_attributes() {
        let b = read(
            "text/xml",
            r#"<?xml version="1.0"?><error code="400" message="Bad Request. The value for variable api_key is not a 32 character string." />"#,
        );
        assert_eq!(b.codes, ["400"]);
        assert_eq!(
            b.messages,
            ["Bad Request. The value for variable api_key is not a 32 character string."]
        );
    }

    #[test]
    fn an_xml_gateways_error_text_is_a_message() {
        let b = read(
            "text/xml",
            "<packet><system><status>error</status><errcode>1001</errcode><errtext>Authentication failed</errtext></system></packet>",
        );
        assert_eq!(b.messages, ["Authentication failed"]);
        let b = read(
            "text/xml",
            "<response><error><errorno>XL03000006</errorno><description></description><description2>Sign-in information is incorrect</description2></error><errata>none here</errata></response>",
        );
        assert_eq!(b.messages, ["Sign-in information is incorrect"]);
    }

    #[test]
    fn text_before_a_bare_ampersand_is_still_read() {
        let b = read(
            "text/xml",
            "<Root><ResponseStatus><Status>FAILED</Status><Status>AUTHENTICATION_FAILED :: use the string https://api.example.fi/list.nv&Sender&Key :: F6</Status></ResponseStatus></Root>",
        );
        assert_eq!(b.codes, ["FAILED"]);
        assert_eq!(
            b.messages,
            ["AUTHENTICATION_FAILED :: use the string https://api.example.fi/list.nv"]
        );
    }

    #[test]
    fn a_bare_token_error_code_reads_as_its_json() {
        let b = read("text/plain;charset=UTF-8", "invalid_grant\n");
        assert_eq!(b.codes, ["invalid_grant"]);
        assert_eq!(
            b.json.as_ref().and_then(|j| j.get("error")),
            Some(&serde_json::json!("invalid_grant"))
        );
        // Another code, or a code in a sentence, is text.
        assert!(read("text/plain", "invalid_token").json.is_none());
        assert!(
            read("text/plain", "invalid_grant: code expired")
                .json
                .is_none()
        );
    }

    #[test]
    fn the_sentence_of_an_element_named_as_a_failure_is_a_message() {
        let b = read(
            "text/xml",
            r#"<cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas"><cas:authenticationFailure code="INVALID_TICKET">service ticket ST-1-x has expired</cas:authenticationFailure></cas:serviceResponse>"#,
        );
        assert_eq!(b.codes, ["INVALID_TICKET"]);
        assert_eq!(b.messages, ["service ticket ST-1-x has expired"]);
    }

    #[test]
    fn an_xml_rpc_result_array_speaks_in_its_sentences() {
        let b = read(
            "text/xml",
            "<?xml version=\"1.0\"?><methodResponse><params><param><value><array><data><value><boolean>0</boolean></value><value><string>[one.vmpool.info] User couldn't be authenticated, aborting call.</string></value><value><i4>256</i4></value></data></array></value></param></params></methodResponse>",
        );
        assert_eq!(
            b.messages,
            ["[one.vmpool.info] User couldn't be authenticated, aborting call."]
        );
    }

    #[test]
    fn oauth_error() {
        let b = read(
            "application/json",
            r#"{"error":"invalid_token","error_description":"Token is expired."}"#,
        );
        assert_eq!(b.codes, ["invalid_token"]);
        assert_eq!(b.messages, ["Token is expired."]);
    }

    #[test]
    fn nested_provider_error() {
        let b = read(
            "application/json",
            r#"{"error":{"message":"Invalid API key","type":"invalid_request_error","code":"invalid_api_key"}}"#,
        );
        assert_eq!(b.codes, ["invalid_request_error", "invalid_api_key"]);
        assert_eq!(b.primary_message(), Some("Invalid API key"));
    }

    #[test]
    fn problem_json() {
        let b = read(
            "application/problem+json",
            r#"{"type":"https://example.com/probs/out-of-credit","title":"You do not have enough credit.","detail":"Your current balance is 30.","status":403}"#,
        );
        assert_eq!(b.format, Format::ProblemJson);
        assert!(
            b.messages
                .contains(&"Your current balance is 30.".to_owned())
        );
    }

    #[test]
    fn aws_xml() {
        let b = read(
            "application/xml",
            "<?xml version=\"1.0\"?><Error><Code>RequestTimeTooSkewed</Code><Message>too large</Message><RequestId>ABC</RequestId></Error>",
        );
        assert_eq!(b.codes, ["RequestTimeTooSkewed"]);
        assert_eq!(b.field("requestid"), Some("ABC"));
    }

    #[test]
    fn bad_input_is_explained_not_fatal() {
        let mut h = HeaderMap::new();
        h.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        let b = Body::read(&h, b"{\"error\": \"trunc", true);
        assert!(b.note.unwrap().contains("not valid JSON"));
        let b = Body::read(&h, &[0xff, 0xfe, 0x00, 0x80], true);
        assert_eq!(b.format, Format::Binary);
        let deep = "[".repeat(10_000);
        let b = Body::read(&h, deep.as_bytes(), true);
        assert!(b.note.is_some());
        let b = read(
            "text/html",
            "<html><h2>407 Proxy Authentication Required</h2></html>",
        );
        assert_eq!(b.messages, ["407 Proxy Authentication Required"]);
    }
}
