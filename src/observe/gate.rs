//! Auth failures that do not say 401: which other responses may be one, decided cheaply from
//! the status, the head and the request (the gate), and whether the body confirms it (the
//! confirmation, once the body is read).
//!
//! | gate | when (cheap, from the head) | confirmed by | read as |
//! | --- | --- | --- | --- |
//! | token endpoint | 400 (or 401) with a JSON body, to a token request (`grant_type` in a form body, or a well-known token path); a 2xx JSON body to a `grant_type` form | an RFC 6749 §5.2 `error` code (not `invalid_request` whose description names only parameters that carry no credential, `audience`, `redirect_uri`; not RFC 8628's `authorization_pending`, a device still waiting for its user); another code beside an `error_description`, or (to a 400/401) no `error` at all, when the words name an auth failure of the credential | 401 (`invalid_scope`, `unauthorized_client`, `unsupported_grant_type`: 403) |
//! | AWS | 400 with `x-amzn-ErrorType`, an AWS request id or an `amazonaws.com` host | an auth error type (`UnrecognizedClientException`, `ExpiredTokenException`, `InvalidSignatureException`, …) | 403 |
//! | signed request | 400 with a JSON body to a request with its own timestamp header or a signature header, and a credential (exchanges); a request whose kept body holds a signature field beside a timestamp or nonce, once the body is read | the words name a credential, a signature or the request's time | 401 |
//! | flagged credential | 400 with a JSON body to a request whose credential pre-flight flagged (repaired or not), or that sent a small JSON or form body (which may hold `api_key`, `client_secret`; read only once a failure is explained); a 404 to a request whose URL path holds a credential's placeholder (`/bot<YOUR_BOT_TOKEN>/`); a 410 to such a request, or to a signed link (a signature in the query: nginx's `secure_link` answers a link past its `expires` so) | the words name an auth failure of the credential itself; for a signed link, its expiry time against the server's | 401 |
//! | credential words | 400 with a JSON, XML, plain-text or untyped body (to a request without a credential: only words naming the missing authorization count), or an HTML one to a request with a credential | the words name an auth failure of the credential itself (credentials, an API key, a password, the authorization header); a bare verdict on "the token" ("Invalid token.") where the request's only credential, or a key-shaped segment of its path, is in its URL and nothing else it sent (a body, an opaque page cursor) could be meant | 401, or the status the JSON states at its top (`"Code": "401"`) |
//! | hidden scope | 404 with `X-Accepted-OAuth-Scopes` / `X-OAuth-Scopes`, or from a provider that hides objects of the other mode (`api.stripe.com`) | the scopes headers or the words | 403 |
//! | Slack | 200 with JSON from `slack.com` | `"ok": false` with an auth error code | 401, 403 or 429 |
//! | rate-limit headers | any other 4xx, or a 500, whose `X-RateLimit-Remaining` (or `RateLimit-Remaining`, `X-Rate-Limit-Remaining`) is 0 (Qualys's 409) | always | 429 |
//! | GraphQL | 200 or 500 (or 400 to a request with a credential) with JSON from a GraphQL endpoint (`graphql` in the path or host, `application/graphql-response+json`, or a POST whose JSON body's `query` holds an operation) | `errors[].extensions.code`, `errors[].type` or the error's class (`extensions.exception.name`, Apollo Server 2) naming an auth failure, or an HTTP status 401/403 stated in the extensions; errors without any code (a number is none: Graphcool's `"code": 3008`): the words name an auth failure | 401 or 403 (codeless: 401 when the words ask for authentication or name the credential, else 403) |
//! | signed envelope | 2xx with a JSON body to a request signed the way trading APIs sign (a signature header, or a timestamp beside a credential) | an error in the envelope (`retCode`, `code`, `error`, `success: false`) whose words name an auth failure, a signature or the request's time | 401 |
//! | gRPC-web | 200 with `grpc-status: 16`, `7` or `8`; a gRPC-Web 200 without one, declared short (its trailers are the body's last frame, read by `observe::grpc`) | the status itself (`8`, RESOURCE_EXHAUSTED, only with `Retry-After`, a rate-limit header counting nothing left, or words of a rate limit or quota) | 401, 403 or 429 |
//! | unprocessable | 422 with a JSON or text body | a validation error that lists a credential's header, query or cookie name as missing (FastAPI's `loc`, webargs' `errors.headers`); else the words name an auth failure of the credential (and must name it, to a request without one) | 401, or the status the JSON states at its top |
//! | keyed envelope | 2xx declared at most 1 KiB (JSON, XML, HTML, text, or untyped: no `Content-Type`) to a request whose key went in the query or a kept body, or that sent a body this middleware does not read (an XML-RPC call's `<fault>`); a stream of server-sent events answering a JSON-RPC call (MCP's streamable HTTP), read to its first event | the words name an auth failure (a missing credential only when the words say so, or quote the key received as empty or as `'null'`); a list of records, an error inside `data` beside the answer's own fields (a token inspected on request), or a resource's own representation (its `id` beside a creation or change time), is the answer's data (so is a list of records under a name of the answer's own, `{"events": […]}`, whose rows report no outcome) | 401 |
//! | a status of the server's own | 412, 418, 419, 420, 421, 427, 430, 432–450, 452–499 with a JSON or plain-text body, to a request that carried a credential | the words name an auth failure (as for a 400 about the credential) | 401 |
//! | 500 | a JSON, plain-text or untyped body to a request that carried a credential; any body to a request that posted a SAML response (`SAMLResponse=`, the HTTP-POST binding); any body to a request whose credential pre-flight flagged (an HTML page only when it says nothing else or names the credential); Express's stock error page (`X-Powered-By: Express` and `Content-Security-Policy: default-src 'none'`) to a request that carried a credential, or none at all (then its words must say none came: "jwt must be provided") | the words name the credential ("Authentication token has expired"); a bare one leaves the finding to decide; never words that report a failure further on (an upstream's 5xx code, `ECONNREFUSED`) | 401 |
//! | credential words, 404/405 | 404 or 405 with a JSON, XML or plain-text body to a request that carried a credential (no scope headers) | the words judge the credential itself ("Invalid Access Token"); a body that says "not found" stays a 404 | 401 |
//! | signed request, 500 | 500 with a JSON, plain-text or untyped body to a signed request (exchanges, webhook receivers) | as for a 400 to a signed request | 401 |
//! | SOAP fault, 500 | 500 with an XML body (SOAP sends its faults so) | the words name the credential ("auth credentials have expired") | 401 |
//! | unavailable | 503 with a JSON, XML or plain-text body | rate-limit words (standing for a 429), or words of a state of the account or API (disabled, over its plan) | 429 or 403 |
//! | headers too large | 431 (RFC 6585 §5) to a request with a credential | the credential (or the cookies together) holds 4 KiB or more | 401 |
//! | challenge | 400 with `WWW-Authenticate` | the challenge itself (RFC 6750 §3.1 `invalid_request`) | 401 |
//! | payment required | 402 | the words name a plan, billing, credits or a quota; an empty body, by the status alone | 403 |
//! | sign-in page | 203 with an HTML body | the page's title or headings speak of signing in | 401 |
//! | OAuth callback refused | a redirect, 4xx or 5xx to a request whose own query is an OAuth authorization response carrying a registered `error` beside `state` or `error_description` (RFC 6749 §4.1.2.1) | the gate itself | 401 |
//! | login redirect | a 200 HTML page reached by a redirect, or a redirect handed to the caller unfollowed whose `Location` is, at a sign-in path (on another host, or on the same host for a request that was not itself to a sign-in path), or whose query asks to come back to the path requested (`/?ReturnUrl=%2Fapi%2F…`) | the gate itself | 401 |

use http::header::CONTENT_TYPE;
use http::{HeaderMap, Method, StatusCode};
use url::Url;

mod confirm;
mod redirect;
mod shape;
pub(crate) use shape::{
    jsonrpc_batch_partly_refused, named_fields, names_credential_place, only_answer,
};

pub(crate) use confirm::{confirm, graphql_document_refused, is_standard_token_error};
pub(crate) use redirect::at_login;
pub(crate) use redirect::sign_in_error_page;
use redirect::{access_denied_page, login_redirect, refused_sign_in_target};
pub(crate) use shape::{
    answered_with_data, envelope_error, errors_keyed_by_identifier, holds_password_field,
    is_sign_in, password_field_names, reports_failure, signs_in,
};

/// Why a response that is not 401/403/407/429 may still be an auth failure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Gate {
    /// A 400 page of nginx's to a request without a visible credential: its stock pages for
    /// mutual TLS (`ssl_verify_client`), "No required SSL certificate was sent" and "The SSL
    /// certificate error", are a client certificate missing or refused; any other page is
    /// not read.
    ClientCertificate,
    TokenEndpoint,
    Aws,
    SignedRequest,
    HiddenScope,
    Slack,
    GraphQl,
    GrpcWeb,
    LoginRedirect,
    /// A request that kept a small body (a sign-in form) redirected back on its own host to a
    /// page that names an error (`/login?error`, `?error=CredentialsSignin`, `/user/error`) or
    /// to the very path it was posted to: form logins answer a refused sign-in that way
    /// (Spring Security's `failureUrl`, Auth.js, Flask-Login apps). Read only for a sign-in.
    SignInRefused,
    /// A sign-in (a password in a kept body) answered, without a redirect, by an HTML page
    /// that holds a password field again: 200 or 400/422 with the form re-rendered
    /// (Django's and SQLAdmin's login views). Read only for a sign-in.
    SignInForm,
    /// 440 Login Time-out (IIS, Exchange) or 419 Page Expired (Laravel, to a request with a
    /// credential): a sign-in session ended or was never there.
    LoginTimeout,
    /// 431 Request Header Fields Too Large (RFC 6585 §5): read only when the request's
    /// credentials are what made its header large.
    HeadersTooLarge,
    /// A 3xx handed to the caller unfollowed to the application's access-denied page
    /// (`/Account/AccessDenied`, `/access-denied`): the caller is known, the route not theirs.
    DeniedRedirect,
    /// A 3xx handed to the caller unfollowed whose `Location` carries an `error` or
    /// `error_description` parameter (an error page, an OAuth error redirect): its words are
    /// read as the response's.
    ErrorRedirect,
    /// A 3xx handed to the caller unfollowed whose `Location` is another host of the same
    /// site, to a request that carried `Authorization` or cookies: a client that follows it
    /// drops them there.
    CrossOriginRedirect,
    /// 422 with a JSON body to a request that carried a credential: some APIs answer a bad
    /// token as an unprocessable request.
    Unprocessable,
    /// 203 with an HTML body: a gateway that answers an API call with its sign-in page.
    SignInPage,
    /// 400 with a JSON body to a request whose credential pre-flight flagged (the server may
    /// have refused the same form: "Bad HTTP authentication header format"), or that sent a
    /// small JSON or form body, which may carry a field named as a secret (`api_key`).
    Flagged,
    /// 400 with a JSON or plain-text body to a request that carried a credential: read only
    /// when its words name the credential itself (credentials, an API key, a password, the
    /// authorization header), not a token or key of the payload.
    CredentialWords,
    /// 2xx with a JSON body to a signed request (exchange-style signing): its envelope may
    /// hold an error.
    SignedEnvelope,
    /// 402: billing, a plan or credits stand between the credential and the request (or a
    /// payment failed, which the words tell apart).
    PaymentRequired,
    /// 400 with a `WWW-Authenticate` challenge (RFC 6750 §3.1 `invalid_request`).
    Challenge,
    /// 503 with a JSON, XML or plain-text body: some APIs answer a rate limit or a switched-off
    /// API that way. Read only for rate-limit words (standing for a 429) or a state of the
    /// account or API (disabled, over its plan). A 503 page is read only when it is nginx's
    /// stock one, its default answer to what `limit_req` and `limit_conn` refuse (a rate
    /// limit, said with low confidence).
    Unavailable,
    /// A small 2xx (declared length at most [`KEYED_ENVELOPE_MAX`]) to a request that carried
    /// its key in the query string or its body: APIs keyed that way often answer their errors
    /// with 200 (`{"success":false,"error":{…}}`, `<Error>…</Error>`, an HTML notice). Also
    /// a small JSON, XML or text 2xx to a request that carried no credential at all ("API Key
    /// Required"), where only words that say a credential is missing count.
    KeyedEnvelope,
    /// A JSON, XML, text or HTML 200 to a request that carried its credential in a header
    /// or cookie (RuoYi's `{"code":401,"msg":…}`, Bungie's `ErrorCode`, LazyLibrarian's
    /// "Missing api key"): read as a [`Gate::KeyedEnvelope`] when
    /// it is small (declared length at most [`KEYED_ENVELOPE_MAX`]), a stream of events, or a
    /// 207 batch of any length, and the key history has not seen this credential succeed at
    /// this endpoint, so a client's steady traffic is never read.
    HeaderEnvelope,
    /// Any other 4xx whose rate-limit headers count nothing left: it stands for a 429.
    RateLimitHeaders,
    /// A redirect, client error or server error answering a request that is itself an OAuth
    /// authorization response relaying the authorization server's error (RFC 6749 §4.1.2.1:
    /// `?error=access_denied&state=…` at the client's redirect URI): the application reports
    /// a refusal made before any credential was issued.
    CallbackRefused,
}

/// The largest declared 2xx body read for [`Gate::KeyedEnvelope`]: error envelopes are short,
/// data is usually longer, and a body without a declared length is not read.
pub(crate) const KEYED_ENVELOPE_MAX: u64 = 1024;

/// What the request showed that the gates need, kept from before sending.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Sent {
    /// A token request: `grant_type` in a form body, or a well-known token path.
    pub(crate) token_request: bool,
    /// The request is a GraphQL call (its body's `query` holds an operation), wherever its
    /// endpoint lives.
    pub(crate) graphql: bool,
    /// The request is a JSON-RPC call (its JSON body names `"jsonrpc"`).
    pub(crate) jsonrpc: bool,
    /// The request posts a SAML response (the HTTP-POST binding): its credential is the
    /// assertion in the body.
    pub(crate) saml: bool,
    /// The request carries its own timestamp header.
    pub(crate) timestamped: bool,
    /// The request carries a credential.
    pub(crate) credential: bool,
    /// Pre-flight found something wrong with the request's credentials (repaired or not).
    pub(crate) flagged: bool,
    /// Pre-flight found a placeholder in the URL path (`/bot<YOUR_BOT_TOKEN>/`): the path
    /// itself cannot be found, so a 404 may be the answer to it.
    pub(crate) path_placeholder: bool,
    /// A small JSON or form body was kept with the request: it may carry a credential
    /// (`api_key`), which is looked for only once a failure is explained, never on a success.
    pub(crate) body_kept: bool,
    /// The request is signed the way exchanges sign (a signature header, or a timestamp beside
    /// a credential).
    pub(crate) signed: bool,
    /// The URL's query names a key (`key=`, `api_key=`, `access_key=`, …).
    pub(crate) query_key: bool,
    /// The request carried `Authorization` or cookies, which an HTTP client removes when it
    /// follows a redirect to another origin.
    pub(crate) sensitive_header: bool,
    /// The request had a body this middleware does not read (an XML-RPC or SOAP call, a
    /// multipart form): its credentials may travel there, and its errors come back in a 2xx.
    pub(crate) body_unread: bool,
    /// The kept body has a field that may be a password: the request may be a sign-in.
    pub(crate) password_sent: bool,
}

/// Paths of token endpoints (RFC 6749 §3.2 as deployed): their last segments.
const TOKEN_PATHS: &[&str] = &[
    "/token",
    "/oauth/token",
    "/oauth2/token",
    "/oauth2/v2.0/token",
    "/oauth2/v1/token",
    "/protocol/openid-connect/token",
    "/connect/token",
    "/o/oauth2/token",
    "/access_token",
];

/// Whether `path` is a well-known token endpoint.
pub(crate) fn is_token_path(path: &str) -> bool {
    let p = path.trim_end_matches('/');
    // Also any `token`/`tokens` segment under an OAuth path (`/oauth2/v1/tokens/bearer`).
    TOKEN_PATHS.iter().any(|t| p.ends_with(t))
        || (holds(p.as_bytes(), b"oauth") && p.split('/').any(|s| s == "token" || s == "tokens"))
}

/// What a request's body shows the gates, read once per request (a POST only; its
/// `Content-Type` looked up once).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct BodyKind {
    /// An OAuth token request (RFC 6749 §4: `grant_type=` in a form body).
    pub(crate) token_form: bool,
    /// A GraphQL call ([`is_graphql_body`]).
    pub(crate) graphql: bool,
    /// A JSON-RPC call: `"jsonrpc"` among a JSON body's first bytes.
    pub(crate) jsonrpc: bool,
    /// A SAML response posted to its service provider (`SAMLResponse=`, the HTTP-POST
    /// binding).
    pub(crate) saml: bool,
}

/// Reads [`BodyKind`] off a request.
pub(crate) fn body_kind(method: &Method, headers: &HeaderMap, body: Option<&[u8]>) -> BodyKind {
    let (Some(body), true) = (body, *method == Method::POST) else {
        return BodyKind::default();
    };
    let ct = content_type(headers);
    if ct.starts_with(b"application/x-www-form-urlencoded") {
        BodyKind {
            token_form: memchr::memmem::find(body, b"grant_type=").is_some(),
            saml: crate::credential::body::is_saml_post(body),
            ..BodyKind::default()
        }
    } else if holds(ct, b"json") {
        BodyKind {
            graphql: is_graphql_body(body),
            jsonrpc: memchr::memmem::find(&body[..body.len().min(256)], b"\"jsonrpc\"").is_some(),
            ..BodyKind::default()
        }
    } else {
        BodyKind::default()
    }
}

/// Whether a JSON request body is a GraphQL call (GraphQL over HTTP §5): its `query` member
/// holds an operation (`query …`, `mutation …`, `subscription …`, `{ … }`), wherever the
/// endpoint lives (`/`, `/api`). Only the body's first 4 KiB are looked at.
fn is_graphql_body(body: &[u8]) -> bool {
    let head = &body[..body.len().min(4096)];
    memchr::memmem::find_iter(head, b"\"query\"").any(|at| {
        let rest = head[at + b"\"query\"".len()..].trim_ascii_start();
        let Some(rest) = rest.strip_prefix(b":") else {
            return false;
        };
        let Some(op) = rest.trim_ascii_start().strip_prefix(b"\"") else {
            return false;
        };
        // (an operation may open with escaped white space: `"\n  query …"`)
        let mut op = op;
        while let Some(r) = op.strip_prefix(b"\\n").or_else(|| op.strip_prefix(b"\\t")) {
            op = r.trim_ascii_start();
        }
        let op = op.trim_ascii_start();
        op.starts_with(b"{")
            || [&b"query"[..], b"mutation", b"subscription", b"fragment"]
                .iter()
                .any(|k| {
                    op.starts_with(k) && op.get(k.len()).is_some_and(|b| !b.is_ascii_alphanumeric())
                })
    })
}

fn content_type(headers: &HeaderMap) -> &[u8] {
    headers.get(CONTENT_TYPE).map_or(b"", |v| v.as_bytes())
}

/// Whether `needle` occurs in the short `hay` (a content type, a path): a plain scan, cheaper
/// than building a searcher for a few dozen bytes.
fn holds(hay: &[u8], needle: &[u8]) -> bool {
    let Some((&first, rest)) = needle.split_first() else {
        return true;
    };
    hay.len() >= needle.len()
        && hay[..=hay.len() - needle.len()]
            .iter()
            .enumerate()
            .any(|(i, &b)| b == first && &hay[i + 1..i + needle.len()] == rest)
}

fn is_json(ct: &[u8]) -> bool {
    holds(ct, b"json")
}

fn host_ends_with(url: &Url, suffix: &str) -> bool {
    url.host_str().is_some_and(|h| {
        h.len() >= suffix.len() && h[h.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
    })
}

/// The registered error an OAuth authorization response carries, when a URL is one (RFC 6749
/// §4.1.2.1, §4.2.2.1; OpenID Connect Core §3.1.2.6): an `error` of the registered codes
/// beside the `state` or an `error_description`.
pub(crate) fn relayed_authorization_error(url: &str) -> Option<&'static str> {
    const CODES: &[&str] = &[
        "access_denied",
        "invalid_scope",
        "unauthorized_client",
        "unsupported_response_type",
        "invalid_request",
        "server_error",
        "temporarily_unavailable",
        "login_required",
        "consent_required",
        "interaction_required",
    ];
    let (_, query) = url.split_once('?')?;
    let query = query.split('#').next().unwrap_or(query);
    if !query.contains("error=") {
        return None;
    }
    let (mut code, mut relayed) = (None, false);
    for (k, v) in url::form_urlencoded::parse(query.as_bytes()).take(32) {
        match k.as_ref() {
            "error" => code = CODES.iter().find(|c| **c == v).copied(),
            "state" | "error_description" => relayed = true,
            _ => {}
        }
    }
    code.filter(|_| relayed)
}

/// Whether a redirect's query parameter reports an error: RFC 6749 §4.1.2.1's `error` and
/// `error_description`, or the same nested as a framework writes an object into a query
/// (`error[error]=invalid_grant&error[error_description]=…`), or a name of the application's
/// own that ends in one (`csrf_failure`, `login_error`).
pub(crate) fn is_error_param(name: &str) -> bool {
    let inner = name
        .strip_prefix("error[")
        .and_then(|n| n.strip_suffix(']'))
        .unwrap_or(name);
    matches!(inner, "error" | "error_description")
        || inner.ends_with("_error")
        || inner.ends_with("_failure")
}

/// Whether a response carries the headers of Express's stock error page (`finalhandler`'s:
/// `X-Powered-By: Express` and `Content-Security-Policy: default-src 'none'`).
fn express_error_page(headers: &HeaderMap) -> bool {
    headers
        .get("x-powered-by")
        .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"express"))
        && headers
            .get("content-security-policy")
            .is_some_and(|v| v.as_bytes() == b"default-src 'none'")
}

/// The gate a response passes, if any: cheap, allocation-free checks of the status, a few
/// headers and the URLs. `request_url` is the URL the request was sent to, `final_url` the one
/// the response came from. `inspect_2xx` lets successes through the gates at all.
pub(crate) fn check<'u>(
    status: StatusCode,
    headers: &HeaderMap,
    request_url: impl Fn() -> &'u str,
    final_url: &Url,
    sent: impl Fn() -> Sent,
    inspect_2xx: bool,
) -> Option<Gate> {
    let ct = content_type(headers);
    if (status.is_redirection() || status.is_client_error() || status.is_server_error())
        && relayed_authorization_error(request_url()).is_some()
    {
        return Some(Gate::CallbackRefused);
    }
    match status.as_u16() {
        // RFC 6750 §3.1: a Bearer challenge with `invalid_request` comes with a 400; any
        // challenge on a 400 is the server's authentication speaking.
        400 if headers.contains_key(http::header::WWW_AUTHENTICATE) => Some(Gate::Challenge),
        400 => {
            if !is_json(ct) && !headers.contains_key("x-amzn-errortype") {
                // AWS query protocols (STS, IAM) answer in XML.
                if holds(ct, b"xml")
                    && (headers.contains_key("x-amzn-requestid")
                        || host_ends_with(final_url, "amazonaws.com"))
                {
                    return Some(Gate::Aws);
                }
                // A framework's plain-text refusal ("Invalid basic auth credentials"), or an
                // XML one (`<error message="… api_key …"/>`); to a request without any
                // credential, one that names the missing header ("Header of type
                // `authorization` was missing").
                let sent = sent();
                if holds(ct, b"text/html") && sent.password_sent {
                    return Some(Gate::SignInForm);
                }
                // nginx's stock page for a client certificate missing or refused (mutual
                // TLS): the certificate travels in the handshake, never in the request, and a
                // credential the request also carried was never read.
                if holds(ct, b"text/html")
                    && headers
                        .get(http::header::SERVER)
                        .is_some_and(|s| s.as_bytes().starts_with(b"nginx"))
                {
                    return Some(Gate::ClientCertificate);
                }
                // A signed request's refusal as a framework's stock page ("<p>Invalid
                // signature</p>" from a webhook receiver): its words decide.
                if holds(ct, b"text/html") && sent.signed && sent.credential {
                    return Some(Gate::SignedRequest);
                }
                // A framework's error page about the credential it was sent
                // ("BadRequestError: Malformed authentication token Basic …"): its words
                // decide, as for a plain-text refusal.
                // (a key in a kept form or JSON body counts: Hestia's "Error: API has been
                // disabled", sent as HTML)
                if holds(ct, b"text/html") && (sent.credential || sent.body_kept) && !sent.flagged {
                    return Some(Gate::CredentialWords);
                }
                // (a body without any type is read as text: servers that write a bare string,
                // "Missing authorization header", often send no `Content-Type`)
                if !(ct.is_empty() || holds(ct, b"text/plain") || holds(ct, b"xml")) {
                    // A bare 400 ("Bad Request", any type or none) to a request whose
                    // credential pre-flight flagged (`Authorization: Bearer` and nothing
                    // after): the request shows the reason, if the body names no other. An
                    // HTML page's words must name the credential (Zope's "Invalid
                    // authentication token" to a raw `user:password` after Basic).
                    return sent.flagged.then_some(Gate::Flagged);
                }
                // An S3-compatible store's XML answer to a signed request ("Date is too old").
                // A request whose credential pre-flight flagged: the finding may decide a bare
                // "Bad Request".
                return Some(if (sent.timestamped || sent.signed) && sent.credential {
                    Gate::SignedRequest
                } else if sent.flagged {
                    Gate::Flagged
                } else {
                    Gate::CredentialWords
                });
            }
            let sent = sent();
            if sent.token_request || is_token_path(final_url.path()) {
                Some(Gate::TokenEndpoint)
            } else if (is_graphql(ct, final_url) || sent.graphql) && sent.credential {
                // A GraphQL server that answers with a 400 (AniList's "Invalid token"): its
                // errors are read as GraphQL's, where a token is the request's own.
                Some(Gate::GraphQl)
            } else if headers.contains_key("x-amzn-errortype")
                || headers.contains_key("x-amzn-requestid")
                || headers.contains_key("x-amz-request-id")
                || host_ends_with(final_url, "amazonaws.com")
            {
                Some(Gate::Aws)
            } else if (sent.timestamped || sent.signed) && sent.credential {
                Some(Gate::SignedRequest)
            } else if sent.flagged || sent.body_kept {
                Some(Gate::Flagged)
            } else {
                // With or without a credential: without one, only words that name the
                // missing credential make it an auth failure.
                Some(Gate::CredentialWords)
            }
        }
        // A credential of the path left as a placeholder: the path cannot be found (Telegram
        // answers `/bot<YOUR_BOT_TOKEN>/getMe` with 404), and the finding explains the 404.
        404 if sent().path_placeholder => Some(Gate::Flagged),
        // Some APIs hide a refused key behind a 404 ("Invalid Access Token") or refuse a
        // method to a key with a 405 ("not allowed … with this authentication key"): the
        // words must judge the credential itself, and a "not found" stays a 404.
        404 | 405
            if (is_json(ct) || holds(ct, b"text/plain") || holds(ct, b"xml"))
                && !headers.contains_key("x-accepted-oauth-scopes")
                && !headers.contains_key("x-oauth-scopes")
                && !host_ends_with(final_url, "api.stripe.com")
                // (a key in a form or JSON body counts: see `worth_diagnosing`)
                && {
                    let sent = sent();
                    sent.credential || sent.body_kept
                } =>
        {
            Some(Gate::CredentialWords)
        }
        // SOAP sends its faults with a 500 (SOAP 1.2 §7.5.1, SOAP 1.1 §6.2), an expired or
        // refused session among them: the fault's words decide.
        // A limiter's refusal that an error handler turned into a 500 (oRPC's
        // `TOO_MANY_REQUESTS` across two copies of the package): the limiter's headers, set
        // before, still count no request left.
        500 if rate_limit_exhausted(headers) => Some(Gate::RateLimitHeaders),
        500 if holds(ct, b"xml") => Some(Gate::CredentialWords),
        // A GraphQL server whose non-nullable field failed its auth check answers with a 500
        // and the same `errors` (Mercurius).
        500 if is_json(ct) && (is_graphql(ct, final_url) || sent().graphql) => Some(Gate::GraphQl),
        // A token request (a `grant_type` form) answered with an OAuth error in a 500
        // (`invalid_client` from a server whose error handler maps every exception so): the
        // code decides, or words that name the credential. To a request whose credential
        // pre-flight flagged (`Basic` over a value that is no base64), a bare 500 is the
        // server failing on that credential: the finding decides.
        // (501 Not Implemented: Node-RED's `unsupported_grant_type`)
        500 | 501 if is_json(ct) && sent().token_request => Some(if sent().flagged {
            Gate::Flagged
        } else {
            Gate::TokenEndpoint
        }),
        // Exchanges answer a bad key or signature of a signed request with a 500.
        500 if is_json(ct) && {
            let sent = sent();
            (sent.timestamped || sent.signed) && sent.credential
        } =>
        {
            Some(Gate::SignedRequest)
        }
        // A server that answers an expired token with a 500 ("Authentication token has
        // expired", ecobee): the words must name the credential. A bare 500 to a request whose
        // credential pre-flight flagged (an expired JWT) leaves the finding to decide.
        // A signed request's refusal thrown as an exception and rendered by the framework's
        // default error page (Express's `<pre>SignatureValidationFailed: signature validation
        // failed<br> at …`): the words decide, and must speak of the signature.
        // A framework's error page on a credential pre-flight found broken (a traceback of
        // `binascii.Error: Incorrect padding` on `Basic user:password`): the finding decides,
        // unless the page's words name another reason.
        500 if holds(ct, b"html") => {
            let sent = sent();
            // A service provider's error page on the SAML response it was posted ("SAML
            // assertion expired", "audience mismatch"): the words decide.
            if sent.saml {
                Some(Gate::CredentialWords)
            } else if sent.signed && sent.credential {
                Some(Gate::SignedRequest)
            } else if sent.flagged {
                Some(Gate::Flagged)
            } else if (sent.credential || keyless(&sent)) && express_error_page(headers) {
                // Express's stock page for an error a handler threw (`<pre>JsonWebTokenError:
                // invalid signature<br> at …`): the thrown error's words decide, and must
                // name the credential (to a request without any: say that none came, "jwt
                // must be provided").
                Some(Gate::CredentialWords)
            } else {
                keyless_short(&sent, headers).then_some(Gate::CredentialWords)
            }
        }
        500 => {
            let sent = sent();
            if sent.flagged {
                Some(Gate::Flagged)
            } else if (ct.is_empty() || holds(ct, b"text/plain")) && sent.signed && sent.credential
            {
                // A signed request's refusal thrown as a plain-text 500 ("Slack request
                // signing verification failed"): the words must speak of the signature.
                Some(Gate::SignedRequest)
            } else {
                // (a sign-in's password is a credential: "AccountPasswordInvalid" in a 500)
                // (or a plain text, or none: a framework's default rendering of a thrown
                // error, "Jwt is expired" from a 0http or Express handler)
                // (a short one to a request without any credential: read only for words
                // that say one is missing, "no authorization header", or for a limit)
                // (a key in a kept body counts: "Authentication failed" to a form's `api_key`)
                ((is_json(ct) || ct.is_empty() || holds(ct, b"text/plain"))
                    && (sent.credential
                        || sent.password_sent
                        || sent.body_kept
                        || keyless_short(&sent, headers)))
                .then_some(Gate::CredentialWords)
            }
        }
        // (and nginx's stock 503 page, its default answer to what `limit_req` and `limit_conn`
        // refuse)
        503 if is_json(ct)
            || holds(ct, b"text/plain")
            || holds(ct, b"xml")
            || holds(ct, b"html") =>
        {
            Some(Gate::Unavailable)
        }
        422 if holds(ct, b"text/html") && sent().password_sent => Some(Gate::SignInForm),
        // 423 Locked (RFC 4918 §11.3) is WebDAV's word for a locked resource; to a sign-in,
        // what is locked is the account ("Account locked after 5 failed sign-in attempts").
        423 if (is_json(ct) || holds(ct, b"text/plain")) && sent().password_sent => {
            Some(Gate::CredentialWords)
        }
        // (to a request without a credential or a body too: a validation error that lists
        // the credential's header as missing, whose words must then name it)
        422 => (is_json(ct) || holds(ct, b"text/plain")).then_some(Gate::Unprocessable),
        402 => Some(Gate::PaymentRequired),
        // 440 Login Time-out, Microsoft's (IIS, Outlook Web Access): a session's status,
        // whatever the body.
        440 => Some(Gate::LoginTimeout),
        431 if sent().credential => Some(Gate::HeadersTooLarge),
        // 419 Page Expired, Laravel's: the session (and the CSRF token bound to it) ended.
        419 if sent().credential => Some(Gate::LoginTimeout),
        // 410 Gone to a request whose credential pre-flight flagged (a signed upload slot's
        // token past its `exp`): what is gone is the credential's time, if the words say no
        // other reason.
        // So is a signed link's (nginx's `secure_link` answers a link past its `expires` with
        // 410): the time signed into it, which the diagnosis compares with the server's.
        410 if {
            let sent = sent();
            sent.flagged || (sent.signed && sent.query_key)
        } =>
        {
            Some(Gate::Flagged)
        }
        // A status of the server's own (Tavily's 432): no registered meaning to go by, the
        // words of a JSON or plain-text body decide, as for a 400 about the credential.
        // 412 outside a conditional request (RFC 9110 §15.5.13) is a server's own use too
        // (Fireworks answers a suspended account with it); a conditional one names no
        // credential and stays unread.
        // 421 Misdirected Request (RFC 9110 §15.5.20) to a request with a credential: an API
        // that serves each account from its own region says so ("user out of region").
        // 418 is unused by HTTP (RFC 9110 §15.5.19): a server that sends it means its own.
        // 420 Enhance Your Calm, a rate limit's status by convention (Twitter's, EVE's ESI),
        // with a header that counts nothing left.
        420 if rate_limit_exhausted(headers) => Some(Gate::RateLimitHeaders),
        412 | 418 | 419 | 420 | 421 | 427 | 430 | 432..=450 | 452..=499
            if (is_json(ct) || holds(ct, b"text/plain")) && {
                let sent = sent();
                // (498/499 name a token: one in a kept body counts; so does a sign-in's
                // password, which Homebridge answers with 412 "2FA Code Required")
                sent.credential || (status.as_u16() >= 498 && sent.body_kept) || sent.password_sent
            } =>
        {
            Some(Gate::CredentialWords)
        }
        // The same statuses to a request without any credential: only words of a limit, an
        // address rule or a missing credential make one an auth failure (Blockchair's 430
        // "Your IP address is temporary blacklisted due to exceeding usage").
        418 | 420 | 427 | 430 | 432..=450 | 452..=497
            if is_json(ct) || holds(ct, b"text/plain") =>
        {
            Some(Gate::CredentialWords)
        }
        203 if inspect_2xx => holds(ct, b"text/html").then_some(Gate::SignInPage),
        404 => (headers.contains_key("x-accepted-oauth-scopes")
            || headers.contains_key("x-oauth-scopes")
            || host_ends_with(final_url, "api.stripe.com"))
        .then_some(Gate::HiddenScope),
        // An error envelope comes with 200; a 201 Created, 202 Accepted or 204 No Content
        // reports work done (a ticket created whose title speaks of 401s). A JSON 207
        // Multi-Status (a batch answered call by call: tRPC's) is read as a 200 is.
        200 | 207 if inspect_2xx && (status == StatusCode::OK || is_json(ct)) => {
            // Only a gRPC response is asked for grpc-status: a lookup by name costs a hash.
            // A gRPC-Web answer without one carries its trailers in the body: read when it
            // is declared short (an error answered trailers-only is one small frame).
            if ct.starts_with(b"application/grpc") {
                return match headers.get("grpc-status") {
                    Some(s) => matches!(s.as_bytes(), b"16" | b"7" | b"8").then_some(Gate::GrpcWeb),
                    None => (ct.starts_with(b"application/grpc-web") && small_declared(headers))
                        .then_some(Gate::GrpcWeb),
                };
            }
            // A JSON-RPC call answered as a stream of server-sent events (MCP's streamable
            // HTTP transport): the first event holds the answer, an error or a tool's failure
            // included; only that event is read.
            if holds(ct, b"text/event-stream") {
                let sent = sent();
                return sent.jsonrpc.then_some(if sent.credential {
                    Gate::HeaderEnvelope
                } else {
                    Gate::KeyedEnvelope
                });
            }
            if is_json(ct) {
                let sent = sent();
                // A token endpoint that answers its errors with 200 (GitHub's OAuth apps).
                if sent.token_request {
                    return Some(Gate::TokenEndpoint);
                }
                // Signed trading APIs answer their errors in a 200 envelope (`retCode`,
                // `error: […]`).
                if sent.signed {
                    return Some(Gate::SignedEnvelope);
                }
                if host_ends_with(final_url, "slack.com") {
                    return Some(Gate::Slack);
                }
                if is_graphql(ct, final_url) || sent.graphql {
                    return Some(Gate::GraphQl);
                }
                // A request whose credential pre-flight flagged (an expired JWT, a
                // placeholder) that got a 2xx: an error envelope would say the flag mattered.
                if sent.flagged || keyed_envelope(headers, &sent) {
                    return Some(Gate::KeyedEnvelope);
                }
                // (its declared length is asked for once the key history has spoken)
                if sent.credential {
                    return Some(Gate::HeaderEnvelope);
                }
                // A short envelope to a request that carried no credential at all ("API Key
                // Required"): read for words that say one is missing.
                return (!sent.password_sent && small_declared(headers))
                    .then_some(Gate::KeyedEnvelope);
            }
            // (a form-encoded answer, Comgate's and PayPal NVP's, is read as text is; so is
            // an untyped one, whatever it holds, and a JSONP one, `callback({…})`)
            if ct.is_empty()
                || holds(ct, b"javascript")
                || holds(ct, b"xml")
                || holds(ct, b"text/html")
                || holds(ct, b"text/plain")
                || holds(ct, b"x-www-form-urlencoded")
            {
                let sent = sent();
                let keyed = keyed_envelope(headers, &sent);
                // A sign-in form whose redirect was followed to its error page, or that was
                // answered with its form again (a short page is read as a keyed envelope
                // first: "ERROR 101" to a form that carried its key and password).
                if holds(ct, b"text/html") && sent.password_sent {
                    let redirected = final_url.as_str() != request_url();
                    if !redirected && !keyed {
                        return Some(Gate::SignInForm);
                    }
                    if redirected && refused_sign_in_target(request_url(), final_url) {
                        return Some(Gate::SignInRefused);
                    }
                }
                if sent.flagged || keyed {
                    return Some(Gate::KeyedEnvelope);
                }
                let html = holds(ct, b"text/html");
                if html
                    && final_url.as_str() != request_url()
                    && login_redirect(request_url(), final_url)
                {
                    return Some(Gate::LoginRedirect);
                }
                // A short text to a header-keyed request ("Missing api key" from an API that
                // reads its key elsewhere), read as a JSON one is; as HTML, only a few words
                // (a page of a site is no envelope, whatever it speaks of).
                if !sent.credential {
                    // (as for JSON: a short text to a request without any credential, read
                    // for words that say one is missing)
                    return (!html && !sent.password_sent && small_declared(headers))
                        .then_some(Gate::KeyedEnvelope);
                }
                return (!html || declared_at_most(headers, HTML_ENVELOPE_MAX))
                    .then_some(Gate::HeaderEnvelope);
            }
            None
        }
        // A redirect handed to the caller unfollowed (a client that follows none) to a sign-in
        // page: the application wants a session the request did not have.
        301..=303 | 307 | 308 => {
            let to = headers
                .get(http::header::LOCATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|l| final_url.join(l).ok())?;
            // A denied page under the sign-in's path (Dancer's `/login/denied`) is the
            // denial: its last segment says what the page is.
            let denied = access_denied_page(request_url(), &to);
            if denied == Some(true) {
                return Some(Gate::DeniedRedirect);
            }
            if login_redirect(request_url(), &to)
                || (redirect::callback_sent_to_login(request_url(), &to) && sent().query_key)
            {
                return Some(Gate::LoginRedirect);
            }
            if refused_sign_in_target(request_url(), &to) && sent().password_sent {
                return Some(Gate::SignInRefused);
            }
            if denied.is_some() {
                return Some(Gate::DeniedRedirect);
            }
            // An error reported in the redirect itself (`/interaction/error?error=You+are+not+
            // allowed…`, an authorization endpoint's `?error=access_denied`, RFC 6749
            // §4.1.2.1): its words decide.
            if to
                .query_pairs()
                .take(16)
                .any(|(k, v)| is_error_param(&k) && v.len() > 3)
                && {
                    let sent = sent();
                    sent.credential || sent.sensitive_header
                }
            {
                return Some(Gate::ErrorRedirect);
            }
            // Another host (a port or scheme change on the same host is an upgrade or a
            // proxy's rewrite more often than a move).
            let from = Url::parse(request_url()).ok()?;
            let other_host = !from
                .host_str()
                .zip(to.host_str())
                .is_some_and(|(a, b)| a.eq_ignore_ascii_case(b));
            // Only to another host of the same site (`peeringdb.com` to `www.peeringdb.com`,
            // an API's regional host): a move to another site (a public mirror, a storage
            // service's signed URL) is meant to go without them.
            (other_host && same_site(&from, &to) && sent().sensitive_header)
                .then_some(Gate::CrossOriginRedirect)
        }
        // Any other client error whose rate-limit headers say nothing is left (Qualys answers
        // its limit with a 409): the counters speak for the status.
        400..=499 if rate_limit_exhausted(headers) => Some(Gate::RateLimitHeaders),
        _ => None,
    }
}

/// Whether the response's rate-limit headers count nothing left: `X-RateLimit-Remaining`,
/// `RateLimit-Remaining`, `X-Rate-Limit-Remaining` or a provider's own counter
/// (`anthropic-ratelimit-requests-remaining`) of 0.
pub(super) fn rate_limit_exhausted(headers: &HeaderMap) -> bool {
    headers
        .iter()
        .filter(|(n, _)| crate::observe::headers::is_rate_limit_remaining(n.as_str()))
        .any(|(_, v)| {
            let v = v.as_bytes();
            let n = v.split(|b| *b == b';').next().unwrap_or(v);
            n.trim_ascii() == b"0"
        })
}

/// Whether two URLs' hosts share their registrable domain, approximated by the last two labels
/// (three under a two-level suffix such as `co.uk` or `com.au`).
pub(crate) fn same_site(a: &url::Url, b: &url::Url) -> bool {
    fn site(host: &str) -> &str {
        let labels: Vec<&str> = host.rsplitn(4, '.').collect();
        let keep = match labels.as_slice() {
            [tld, second, ..] if tld.len() == 2 && second.len() <= 3 => 3,
            _ => 2,
        };
        let mut dots = host.rmatch_indices('.').map(|(i, _)| i);
        match dots.nth(keep - 1) {
            Some(i) => &host[i + 1..],
            None => host,
        }
    }
    match (a.host(), b.host()) {
        (Some(url::Host::Domain(x)), Some(url::Host::Domain(y))) => {
            x == y || site(x).eq_ignore_ascii_case(site(y))
        }
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}

/// Whether a response comes from a GraphQL endpoint: its media type, or `graphql` in the
/// path or the host (`/graphql`, `graphql.anilist.co`).
fn is_graphql(ct: &[u8], url: &Url) -> bool {
    holds(ct, b"graphql-response")
        || holds(url.path().as_bytes(), b"graphql")
        || url
            .host_str()
            .is_some_and(|h| holds(h.as_bytes(), b"graphql"))
}

/// Whether a request carried no credential at all (none in its head, no password, no kept
/// body) and the response declares a short body: a thrown error's one line
/// ("Assert condition failed: no authorization header or access_token"), not a page.
fn keyless_short(sent: &Sent, headers: &HeaderMap) -> bool {
    keyless(sent) && small_declared(headers)
}

/// Whether a request carried no credential at all: none in its head, no password, no kept
/// body, no body unread.
fn keyless(sent: &Sent) -> bool {
    !sent.credential && !sent.password_sent && !sent.body_kept && !sent.body_unread
}

/// Whether a 2xx may be a keyed API's error envelope: the request's key went in the query or
/// the body, and the body is declared short.
fn keyed_envelope(headers: &HeaderMap, sent: &Sent) -> bool {
    (sent.query_key || sent.body_kept || sent.body_unread) && small_declared(headers)
}

/// Stems (ASCII, lowercase) of what an error envelope says: statuses of auth failures, nouns
/// of credentials, words of refusal and failure.
const FAILURE_STEMS: &[&[u8]] = &[
    b"401",
    b"403",
    b"407",
    b"419",
    b"429",
    b"440",
    b"auth",
    b"token",
    b"key",
    b"login",
    b"logon",
    b"sign",
    b"session",
    b"credential",
    b"password",
    b"secret",
    b"denied",
    b"deny",
    b"forbidden",
    b"permission",
    b"unauthori",
    b"not allowed",
    b"expire",
    b"invalid",
    b"revoke",
    b"error",
    b"fail",
    b"false",
    b"refuse",
    b"reject",
    b"scope",
    b"role",
    b"suspend",
    b"disable",
    b"block",
    b"ban",
    b"lock",
    b"verif",
    b"quota",
    b"limit",
    b"rate",
    b"plan",
    b"whitelist",
    b"allowlist",
    b"address",
    b"access",
];

/// Whether a short body may report an auth failure: any byte outside ASCII (words of another
/// language), or one of [`FAILURE_STEMS`] in any case. `{"ok":true}` may not, nor a text of
/// five lines or more that is neither JSON nor markup: a document (a job's log, a listing),
/// whatever it quotes, not an envelope.
pub(crate) fn may_report_failure(body: &[u8]) -> bool {
    let structured = matches!(body.trim_ascii_start().first(), Some(b'{' | b'[' | b'<'));
    if !structured && body.trim_ascii().iter().filter(|&&b| b == b'\n').count() >= 4 {
        return false;
    }
    if !body.is_ascii() {
        return true;
    }
    // One pass over the body for all the stems, in any case (a searcher per stem cost more
    // than the rest of a success's screening).
    static STEMS: std::sync::LazyLock<aho_corasick::AhoCorasick> = std::sync::LazyLock::new(|| {
        aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(FAILURE_STEMS)
            .expect("the stems are a handful of short ASCII words")
    });
    STEMS.is_match(body)
}

/// Whether `body` is nginx's (or OpenResty's) stock 503 page: its title and its signature
/// line, nothing of an application's.
pub(crate) fn is_nginx_stock_503(body: &[u8]) -> bool {
    let text = String::from_utf8_lossy(&body[..body.len().min(2048)]).to_ascii_lowercase();
    text.contains("<title>503 service temporarily unavailable</title>")
        && (text.contains("<center>nginx") || text.contains("<center>openresty"))
}

/// What nginx's stock 400 page says of the client certificate (`ssl_verify_client`): `Some(false)`
/// for "No required SSL certificate was sent", `Some(true)` for "The SSL certificate error" (one
/// was sent and refused: an unknown issuer, an expired or revoked certificate).
pub(crate) fn nginx_client_certificate_page(body: &[u8]) -> Option<bool> {
    let text = String::from_utf8_lossy(&body[..body.len().min(2048)]).to_ascii_lowercase();
    if !(text.contains("<center>nginx") || text.contains("<center>openresty")) {
        return None;
    }
    if text.contains("<title>400 no required ssl certificate was sent</title>") {
        Some(false)
    } else if text.contains("<title>400 the ssl certificate error</title>") {
        Some(true)
    } else {
        None
    }
}

/// Whether a 2xx to a header-keyed request is read for an envelope: one declared short, a
/// stream of events (read to its first), or a 207 Multi-Status of any length (RFC 4918 §13: a
/// batch answered call by call, one of which fared otherwise; rare in steady traffic).
pub(crate) fn header_envelope_read(status: StatusCode, headers: &HeaderMap) -> bool {
    small_declared(headers) || is_event_stream(headers) || status == StatusCode::MULTI_STATUS
}

/// Whether the response declares a length of at most [`KEYED_ENVELOPE_MAX`] (and not 0).
pub(crate) fn small_declared(headers: &HeaderMap) -> bool {
    declared_at_most(headers, KEYED_ENVELOPE_MAX)
}

/// Whether the response is a stream of server-sent events (`text/event-stream`): read up to
/// its first event only (see `capture::peek`).
pub(crate) fn is_event_stream(headers: &HeaderMap) -> bool {
    holds(content_type(headers), b"text/event-stream")
}

/// The largest declared HTML 2xx read as a [`Gate::HeaderEnvelope`]: a line of text served as
/// HTML, not a page.
const HTML_ENVELOPE_MAX: u64 = 256;

/// Whether the response declares a length of at most `max` (and not 0).
fn declared_at_most(headers: &HeaderMap, max: u64) -> bool {
    headers
        .get(http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<u64>().ok())
        .is_some_and(|n| (1..=max).contains(&n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_is_read_once_for_what_it_shows() {
        let typed = |ct: &str| {
            let mut h = HeaderMap::new();
            h.insert(CONTENT_TYPE, ct.parse().unwrap());
            h
        };
        let form = typed("application/x-www-form-urlencoded");
        let json = typed("application/json");
        let kind = |m: &Method, h: &HeaderMap, b: &str| body_kind(m, h, Some(b.as_bytes()));
        assert!(kind(&Method::POST, &form, "grant_type=client_credentials").token_form);
        assert!(kind(&Method::POST, &form, "RelayState=%2F&SAMLResponse=PHNhbWxw").saml);
        assert!(
            kind(
                &Method::POST,
                &json,
                r#"{"query":"query Me { me { id } }"}"#
            )
            .graphql
        );
        assert!(kind(&Method::POST, &json, r#"{"jsonrpc":"2.0","method":"x"}"#).jsonrpc);
        // The same bodies under another type, or another method, show nothing.
        assert_eq!(
            kind(&Method::POST, &json, "grant_type=client_credentials"),
            BodyKind::default()
        );
        assert_eq!(
            kind(&Method::PUT, &json, r#"{"jsonrpc":"2.0"}"#),
            BodyKind::default()
        );
        assert_eq!(body_kind(&Method::POST, &json, None), BodyKind::default());
    }
    use http::HeaderValue;
    use serde_json::Value;

    fn h(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut m = HeaderMap::new();
        for (k, v) in pairs {
            m.insert(*k, HeaderValue::from_static(v));
        }
        m
    }

    fn url(u: &str) -> Url {
        Url::parse(u).unwrap()
    }

    #[test]
    fn a_short_body_may_report_a_failure_by_its_words_in_any_case() {
        assert!(!may_report_failure(br#"{"ok":true}"#));
        assert!(!may_report_failure(br#"{"id":42,"name":"Trail Runner"}"#));
        assert!(may_report_failure(br#"{"ok":false}"#));
        assert!(may_report_failure(br#"{"Status":"ACCESS DENIED"}"#));
        assert!(may_report_failure(
            b"<Error><Code>InvalidToken</Code></Error>"
        ));
        assert!(may_report_failure(
            "{\"msg\":\"\u{7528}\u{6237}\"}".as_bytes()
        ));
        // a document of five lines or more that is neither JSON nor markup
        assert!(!may_report_failure(
            b"line 1\nline 2 token\nline 3\nline 4\nline 5 denied\n"
        ));
    }

    #[test]
    fn gates_are_narrow() {
        let json = h(&[("content-type", "application/json")]);
        let sent = Sent::default();
        let u = url("https://api.example.com/v1/items");
        // a 400 with a challenge is the server's authentication speaking (RFC 6750 §3.1)
        let challenged = h(&[
            ("content-type", "text/plain"),
            ("www-authenticate", r#"Bearer error="invalid_request""#),
        ]);
        assert_eq!(
            check(
                StatusCode::BAD_REQUEST,
                &challenged,
                || u.as_str(),
                &u,
                || sent,
                true
            ),
            Some(Gate::Challenge)
        );
        // a 2xx to a request keyed in the query is read only when declared short
        let keyed = Sent {
            query_key: true,
            ..Sent::default()
        };
        let short = h(&[
            ("content-type", "application/json"),
            ("content-length", "90"),
        ]);
        let long = h(&[
            ("content-type", "application/json"),
            ("content-length", "4096"),
        ]);
        assert_eq!(
            check(StatusCode::OK, &short, || u.as_str(), &u, || keyed, true),
            Some(Gate::KeyedEnvelope)
        );
        assert_eq!(
            check(StatusCode::OK, &long, || u.as_str(), &u, || keyed, true),
            None
        );
        // (and, without any credential, only to be read for words that say one is missing)
        assert_eq!(
            check(StatusCode::OK, &short, || u.as_str(), &u, || sent, true),
            Some(Gate::KeyedEnvelope)
        );
        assert_eq!(
            check(StatusCode::OK, &long, || u.as_str(), &u, || sent, true),
            None
        );
        assert_eq!(
            check(StatusCode::OK, &short, || u.as_str(), &u, || keyed, false),
            None
        );
        // an ordinary 400 is left to its words (without a credential, only words that name
        // the missing authorization make it one); an ordinary 200 passes no gate
        assert_eq!(
            check(
                StatusCode::BAD_REQUEST,
                &json,
                || u.as_str(),
                &u,
                || sent,
                true
            ),
            Some(Gate::CredentialWords)
        );
        let html = h(&[("content-type", "text/html")]);
        assert_eq!(
            check(
                StatusCode::BAD_REQUEST,
                &html,
                || u.as_str(),
                &u,
                || sent,
                true
            ),
            None
        );
        assert_eq!(
            check(StatusCode::OK, &json, || u.as_str(), &u, || sent, true),
            None
        );
        let token = url("https://login.example.com/oauth2/v2.0/token");
        assert_eq!(
            check(
                StatusCode::BAD_REQUEST,
                &json,
                || token.as_str(),
                &token,
                || sent,
                true
            ),
            Some(Gate::TokenEndpoint)
        );
        let slack = url("https://slack.com/api/chat.postMessage");
        assert_eq!(
            check(
                StatusCode::OK,
                &json,
                || slack.as_str(),
                &slack,
                || sent,
                true
            ),
            Some(Gate::Slack)
        );
        assert_eq!(
            check(
                StatusCode::OK,
                &json,
                || slack.as_str(),
                &slack,
                || sent,
                false
            ),
            None,
            "2xx inspection off"
        );
        let gql = url("https://api.example.com/graphql");
        assert_eq!(
            check(StatusCode::OK, &json, || gql.as_str(), &gql, || sent, true),
            Some(Gate::GraphQl)
        );
        let grpc = h(&[
            ("content-type", "application/grpc-web+proto"),
            ("grpc-status", "16"),
        ]);
        assert_eq!(
            check(StatusCode::OK, &grpc, || u.as_str(), &u, || sent, true),
            Some(Gate::GrpcWeb)
        );
        let html = h(&[("content-type", "text/html; charset=utf-8")]);
        let login = url("https://idp.example.net/adfs/ls/?SAMLRequest=x");
        assert_eq!(
            check(StatusCode::OK, &html, || u.as_str(), &login, || sent, true),
            Some(Gate::LoginRedirect)
        );
        let scopes = h(&[("x-accepted-oauth-scopes", "repo")]);
        assert_eq!(
            check(
                StatusCode::NOT_FOUND,
                &scopes,
                || u.as_str(),
                &u,
                || sent,
                true
            ),
            Some(Gate::HiddenScope)
        );
        assert_eq!(
            check(
                StatusCode::NOT_FOUND,
                &json,
                || u.as_str(),
                &u,
                || sent,
                true
            ),
            None
        );
    }

    #[test]
    fn other_statuses_that_may_hide_an_auth_failure() {
        let json = h(&[("content-type", "application/json")]);
        let u = url("https://api.example.com/v1/items");
        let keyed = Sent {
            credential: true,
            ..Sent::default()
        };
        let signed = Sent {
            credential: true,
            signed: true,
            ..Sent::default()
        };
        let gate = |status: u16, headers: &HeaderMap, sent: Sent| {
            check(
                StatusCode::from_u16(status).unwrap(),
                headers,
                || u.as_str(),
                &u,
                || sent,
                true,
            )
        };
        // 404 and 405 with a credential: the words decide; without one, nothing is read.
        assert_eq!(gate(404, &json, keyed), Some(Gate::CredentialWords));
        assert_eq!(gate(405, &json, keyed), Some(Gate::CredentialWords));
        assert_eq!(gate(404, &json, Sent::default()), None);
        // The scopes headers keep a 404 the hidden-scope gate's.
        let scoped = h(&[
            ("content-type", "application/json"),
            ("x-accepted-oauth-scopes", "repo"),
        ]);
        assert_eq!(gate(404, &scoped, keyed), Some(Gate::HiddenScope));
        // A 500 to a signed request, read as one; a JSON 500 to another request with a
        // credential, for words that name it; a 503 with a readable body to any.
        assert_eq!(gate(500, &json, signed), Some(Gate::SignedRequest));
        assert_eq!(gate(500, &json, keyed), Some(Gate::CredentialWords));
        assert_eq!(gate(500, &json, Sent::default()), None);
        assert_eq!(gate(503, &json, Sent::default()), Some(Gate::Unavailable));
        // (a 503 page is read too, for nginx's stock one: see `is_nginx_stock_503`)
        let html = h(&[("content-type", "text/html")]);
        assert_eq!(gate(503, &html, keyed), Some(Gate::Unavailable));
        assert_eq!(gate(502, &html, keyed), None);
        // A GraphQL endpoint named by its host answers a bad token with a 400 too.
        let gql = url("https://graphql.anilist.co/");
        assert_eq!(
            check(
                StatusCode::BAD_REQUEST,
                &json,
                || gql.as_str(),
                &gql,
                || keyed,
                true
            ),
            Some(Gate::GraphQl)
        );
    }

    #[test]
    fn confirmations_read_the_conventions() {
        let none = HeaderMap::new();
        let j = |s: &str| serde_json::from_str::<Value>(s).unwrap();
        let v = j(r#"{"ok":false,"error":"invalid_auth"}"#);
        assert_eq!(confirm(Gate::Slack, &none, Some(&v), &[]).unwrap().0, 401);
        let v = j(r#"{"ok":false,"error":"channel_not_found"}"#);
        assert!(confirm(Gate::Slack, &none, Some(&v), &[]).is_none());
        let v = j(r#"{"ok":true}"#);
        assert!(confirm(Gate::Slack, &none, Some(&v), &[]).is_none());
        let v = j(r#"{"errors":[{"message":"x","extensions":{"code":"UNAUTHENTICATED"}}]}"#);
        assert_eq!(confirm(Gate::GraphQl, &none, Some(&v), &[]).unwrap().0, 401);
        let v = j(
            r#"{"errors":[{"message":"Field 'x' doesn't exist","extensions":{"code":"GRAPHQL_VALIDATION_FAILED"}}]}"#,
        );
        assert!(confirm(Gate::GraphQl, &none, Some(&v), &[]).is_none());
        let v =
            j(r#"{"__type":"com.amazon.coral.service#UnrecognizedClientException","message":"x"}"#);
        assert_eq!(confirm(Gate::Aws, &none, Some(&v), &[]).unwrap().0, 403);
        let v = j(r#"{"__type":"com.amazon.coral.validate#ValidationException"}"#);
        assert!(confirm(Gate::Aws, &none, Some(&v), &[]).is_none());
        let v = j(
            r#"{"error":"invalid_grant","error_description":"Token has been expired or revoked."}"#,
        );
        assert_eq!(
            confirm(Gate::TokenEndpoint, &none, Some(&v), &[])
                .unwrap()
                .0,
            401
        );
        let v = j(r#"{"errors":[{"message":"User does not have the admin role"}]}"#);
        let (_, why) = confirm(Gate::GraphQl, &none, Some(&v), &[]).unwrap();
        assert!(why.is_empty(), "codeless errors leave the words to decide");
        let v = j(r#"{"detail":"LOGIN_BAD_CREDENTIALS"}"#);
        let (_, why) = confirm(Gate::TokenEndpoint, &none, Some(&v), &[]).unwrap();
        assert!(
            why.is_empty(),
            "a login answer without an OAuth code: the words decide"
        );
        let v = j(r#"{"error":"unsupported_grant_type"}"#);
        assert!(confirm(Gate::TokenEndpoint, &none, Some(&v), &[]).is_some());
        let v = j(r#"{"error":"server_error"}"#);
        assert!(confirm(Gate::TokenEndpoint, &none, Some(&v), &[]).is_none());
        // OAuth's catch-all about parameters that carry no credential, and a device still
        // waiting for its user (RFC 8628 §3.5), are no auth failures.
        for body in [
            r#"{"error":"invalid_request","error_description":"audience or resource is required for token exchange"}"#,
            r#"{"error":"invalid_request","error_description":"Missing parameter: redirect_uri"}"#,
            r#"{"error":"authorization_pending"}"#,
            r#"{"error":"invalid_grant","error_description":"authorization_pending"}"#,
        ] {
            assert!(
                confirm(Gate::TokenEndpoint, &none, Some(&j(body)), &[]).is_none(),
                "{body}"
            );
        }
        // ... while one beside a credential's word is read.
        for body in [
            r#"{"error":"invalid_request","error_description":"code and code_verifier are required"}"#,
            r#"{"error":"invalid_request","error_description":"client_id is required"}"#,
            r#"{"error":"invalid_request","error_description":"subject_token_type requires a subject_token"}"#,
            r#"{"error":"invalid_request","error_description":"The request is malformed"}"#,
        ] {
            assert!(
                confirm(Gate::TokenEndpoint, &none, Some(&j(body)), &[]).is_some(),
                "{body}"
            );
        }
        // An error about a payload field is a validation error; one about the credential's
        // own field is read.
        for body in [
            r#"{"error":{"code":"token_already_used","message":"You cannot use a Stripe token more than once: tok_1.","param":"source","type":"invalid_request_error"}}"#,
            r#"{"error":{"message":"invalid request: field 'api_key_name' is too long","param":"api_key_name"}}"#,
            r#"{"errors":[{"field":"name","message":"Invalid key name"}]}"#,
            r#"{"title":"Validation Error","status":422,"code":"AUTH_USER_ID_INVALID","detail":"userId must be a valid BigInt-compatible string"}"#,
            r#"{"__type":"x","error":{"type":"validation_error","message":"Invalid API key name"}}"#,
        ] {
            assert!(
                confirm(Gate::CredentialWords, &none, Some(&j(body)), &[]).is_none(),
                "{body}"
            );
        }
        for body in [
            r#"{"error":{"message":"Invalid API key provided","param":"api_key"}}"#,
            r#"{"errors":[{"field":"X-Auth-Token","message":"is invalid"}]}"#,
            r#"{"error":{"message":"Invalid API key provided"}}"#,
            r#"{"error":"jwt_validation_failed","message":"JWT validation failed"}"#,
        ] {
            assert!(
                confirm(Gate::CredentialWords, &none, Some(&j(body)), &[]).is_some(),
                "{body}"
            );
        }
        // A result, even a typed error of the application's, is an accepted request; an error
        // beside or inside `data` is read.
        let v = j(
            r#"{"data":{"resetPassword":{"__typename":"PasswordResetTokenExpiredError","message":"Password reset token has expired"}}}"#,
        );
        assert!(confirm(Gate::KeyedEnvelope, &none, Some(&v), &[]).is_none());
        for body in [
            r#"{ "data": [ ], "status_code": 403, "status_txt": "RATE_LIMIT_EXCEEDED" }"#,
            r#"{"data":{"id":1},"status_code":401,"status_txt":"INVALID_APIKEY"}"#,
            r#"{"data":null,"message":"Invalid API key"}"#,
            r#"{"data":{"error":"Invalid API key"}}"#,
            r#"{"data":[],"success":false,"message":"Invalid API key"}"#,
            r#"{"status":"0","message":"NOTOK","result":"Invalid API Key"}"#,
        ] {
            assert!(
                confirm(Gate::KeyedEnvelope, &none, Some(&j(body)), &[]).is_some(),
                "{body}"
            );
        }
    }
}
