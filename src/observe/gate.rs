//! Auth failures that do not say 401: which other responses may be one, decided cheaply from
//! the status, the head and the request (the gate), and whether the body confirms it (the
//! confirmation, once the body is read).
//!
//! | gate | when (cheap, from the head) | confirmed by | read as |
//! | --- | --- | --- | --- |
//! | token endpoint | 400 (or 401) with a JSON body, to a token request (`grant_type` in a form body, or a well-known token path); a 2xx JSON body to a `grant_type` form | an RFC 6749 §5.2 `error` code; another code beside an `error_description`, or (to a 400/401) no `error` at all, when the words name an auth failure of the credential | 401 (`invalid_scope`, `unauthorized_client`, `unsupported_grant_type`: 403) |
//! | AWS | 400 with `x-amzn-ErrorType`, an AWS request id or an `amazonaws.com` host | an auth error type (`UnrecognizedClientException`, `ExpiredTokenException`, `InvalidSignatureException`, …) | 403 |
//! | signed request | 400 with a JSON body to a request with its own timestamp header or a signature header, and a credential (exchanges) | the words name a credential, a signature or the request's time | 401 |
//! | flagged credential | 400 with a JSON body to a request whose credential pre-flight flagged (repaired or not), or that sent a small JSON or form body (which may hold `api_key`, `client_secret`; read only once a failure is explained); a 404 to a request whose URL path holds a credential's placeholder (`/bot<YOUR_BOT_TOKEN>/`) | the words name an auth failure of the credential itself | 401 |
//! | credential words | 400 with a JSON, XML or plain-text body (to a request without a credential: only words naming the missing authorization count), or an HTML one to a request with a credential | the words name an auth failure of the credential itself (credentials, an API key, a password, the authorization header) | 401, or the status the JSON states at its top (`"Code": "401"`) |
//! | hidden scope | 404 with `X-Accepted-OAuth-Scopes` / `X-OAuth-Scopes`, or from a provider that hides objects of the other mode (`api.stripe.com`) | the scopes headers or the words | 403 |
//! | Slack | 200 with JSON from `slack.com` | `"ok": false` with an auth error code | 401, 403 or 429 |
//! | rate-limit headers | any other 4xx whose `X-RateLimit-Remaining` (or `RateLimit-Remaining`, `X-Rate-Limit-Remaining`) is 0 (Qualys's 409) | always | 429 |
//! | GraphQL | 200 or 500 (or 400 to a request with a credential) with JSON from a GraphQL endpoint (`graphql` in the path or host, or `application/graphql-response+json`) | `errors[].extensions.code` or `errors[].type` naming an auth failure, or an HTTP status 401/403 stated in the extensions; errors without any code: the words name an auth failure | 401 or 403 (codeless: 401 when the words ask for authentication or name the credential, else 403) |
//! | signed envelope | 2xx with a JSON body to a request signed the way trading APIs sign (a signature header, or a timestamp beside a credential) | an error in the envelope (`retCode`, `code`, `error`, `success: false`) whose words name an auth failure, a signature or the request's time | 401 |
//! | gRPC-web | 200 with `grpc-status: 16` or `7` | the status itself | 401 or 403 |
//! | unprocessable | 422 with a JSON or text body | a validation error that lists a credential's header, query or cookie name as missing (FastAPI's `loc`, webargs' `errors.headers`); else the words name an auth failure of the credential (and must name it, to a request without one) | 401, or the status the JSON states at its top |
//! | keyed envelope | 2xx declared at most 1 KiB (JSON, XML, HTML, text) to a request whose key went in the query or a kept body, or that sent a body this middleware does not read (an XML-RPC call's `<fault>`) | the words name an auth failure (a missing credential only when the words say so) | 401 |
//! | a status of the server's own | 412, 418, 419, 420, 421, 427, 430, 432–450, 452–499 with a JSON or plain-text body, to a request that carried a credential | the words name an auth failure (as for a 400 about the credential) | 401 |
//! | 500 | a JSON, plain-text or untyped body to a request that carried a credential; any body to a request whose credential pre-flight flagged (an HTML page only when it says nothing else or names the credential) | the words name the credential ("Authentication token has expired"); a bare one leaves the finding to decide | 401 |
//! | credential words, 404/405 | 404 or 405 with a JSON, XML or plain-text body to a request that carried a credential (no scope headers) | the words judge the credential itself ("Invalid Access Token"); a body that says "not found" stays a 404 | 401 |
//! | signed request, 500 | 500 with a JSON, plain-text or untyped body to a signed request (exchanges, webhook receivers) | as for a 400 to a signed request | 401 |
//! | SOAP fault, 500 | 500 with an XML body (SOAP sends its faults so) | the words name the credential ("auth credentials have expired") | 401 |
//! | unavailable | 503 with a JSON, XML or plain-text body | rate-limit words (standing for a 429), or words of a state of the account or API (disabled, over its plan) | 429 or 403 |
//! | challenge | 400 with `WWW-Authenticate` | the challenge itself (RFC 6750 §3.1 `invalid_request`) | 401 |
//! | payment required | 402 | the words name a plan, billing, credits or a quota | 403 |
//! | sign-in page | 203 with an HTML body | the page's title or headings speak of signing in | 401 |
//! | login redirect | a 200 HTML page reached by a redirect, or a redirect handed to the caller unfollowed whose `Location` is, at a sign-in path (on another host, or on the same host for a request that was not itself to a sign-in path), or whose query asks to come back to the path requested (`/?ReturnUrl=%2Fapi%2F…`) | the gate itself | 401 |

use http::header::CONTENT_TYPE;
use http::{HeaderMap, Method, StatusCode};
use serde_json::Value;
use url::Url;

/// Why a response that is not 401/403/407/429 may still be an auth failure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Gate {
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
    /// it is small (declared length at most [`KEYED_ENVELOPE_MAX`]) and the key history has
    /// not seen this credential succeed at this endpoint, so a client's steady traffic is
    /// never read.
    HeaderEnvelope,
    /// Any other 4xx whose rate-limit headers count nothing left: it stands for a 429.
    RateLimitHeaders,
}

/// The largest declared 2xx body read for [`Gate::KeyedEnvelope`]: error envelopes are short,
/// data is usually longer, and a body without a declared length is not read.
pub(crate) const KEYED_ENVELOPE_MAX: u64 = 1024;

/// What the request showed that the gates need, kept from before sending.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Sent {
    /// A token request: `grant_type` in a form body, or a well-known token path.
    pub(crate) token_request: bool,
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

/// Whether a form body is an OAuth token request (RFC 6749 §4: `grant_type=` in
/// `application/x-www-form-urlencoded`).
pub(crate) fn is_token_form(method: &Method, headers: &HeaderMap, body: Option<&[u8]>) -> bool {
    *method == Method::POST
        && headers.get(CONTENT_TYPE).is_some_and(|v| {
            v.as_bytes()
                .starts_with(b"application/x-www-form-urlencoded")
        })
        && body.is_some_and(|b| memchr::memmem::find(b, b"grant_type=").is_some())
}

fn content_type(headers: &HeaderMap) -> &[u8] {
    headers.get(CONTENT_TYPE).map_or(b"", |v| v.as_bytes())
}

/// Whether `needle` occurs in the short `hay` (a content type, a path): a plain scan, cheaper
/// than building a searcher for a few dozen bytes.
fn holds(hay: &[u8], needle: &[u8]) -> bool {
    hay.len() >= needle.len() && hay.windows(needle.len()).any(|w| w == needle)
}

fn is_json(ct: &[u8]) -> bool {
    holds(ct, b"json")
}

fn host_ends_with(url: &Url, suffix: &str) -> bool {
    url.host_str().is_some_and(|h| {
        h.len() >= suffix.len() && h[h.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
    })
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
                // A signed request's refusal as a framework's stock page ("<p>Invalid
                // signature</p>" from a webhook receiver): its words decide.
                if holds(ct, b"text/html") && sent.signed && sent.credential {
                    return Some(Gate::SignedRequest);
                }
                // A framework's error page about the credential it was sent
                // ("BadRequestError: Malformed authentication token Basic …"): its words
                // decide, as for a plain-text refusal.
                if holds(ct, b"text/html") && sent.credential && !sent.flagged {
                    return Some(Gate::CredentialWords);
                }
                if !(holds(ct, b"text/plain") || holds(ct, b"xml")) {
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
            } else if is_graphql(ct, final_url) && sent.credential {
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
        500 if holds(ct, b"xml") => Some(Gate::CredentialWords),
        // A GraphQL server whose non-nullable field failed its auth check answers with a 500
        // and the same `errors` (Mercurius).
        500 if is_json(ct) && is_graphql(ct, final_url) => Some(Gate::GraphQl),
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
            if sent.signed && sent.credential {
                Some(Gate::SignedRequest)
            } else {
                sent.flagged.then_some(Gate::Flagged)
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
                ((is_json(ct) || ct.is_empty() || holds(ct, b"text/plain"))
                    && (sent.credential || sent.password_sent))
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
        // (to a request without a credential or a body too: a validation error that lists
        // the credential's header as missing, whose words must then name it)
        422 => (is_json(ct) || holds(ct, b"text/plain")).then_some(Gate::Unprocessable),
        402 => Some(Gate::PaymentRequired),
        // 440 Login Time-out, Microsoft's (IIS, Outlook Web Access): a session's status,
        // whatever the body.
        440 => Some(Gate::LoginTimeout),
        // 419 Page Expired, Laravel's: the session (and the CSRF token bound to it) ended.
        419 if sent().credential => Some(Gate::LoginTimeout),
        // 410 Gone to a request whose credential pre-flight flagged (a signed upload slot's
        // token past its `exp`): what is gone is the credential's time, if the words say no
        // other reason.
        410 if sent().flagged => Some(Gate::Flagged),
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
        203 if inspect_2xx => holds(ct, b"text/html").then_some(Gate::SignInPage),
        404 => (headers.contains_key("x-accepted-oauth-scopes")
            || headers.contains_key("x-oauth-scopes")
            || host_ends_with(final_url, "api.stripe.com"))
        .then_some(Gate::HiddenScope),
        // An error envelope comes with 200; a 201 Created, 202 Accepted or 204 No Content
        // reports work done (a ticket created whose title speaks of 401s).
        200 if inspect_2xx => {
            // Only a gRPC response is asked for grpc-status: a lookup by name costs a hash.
            if ct.starts_with(b"application/grpc") {
                let s = headers.get("grpc-status")?;
                return matches!(s.as_bytes(), b"16" | b"7").then_some(Gate::GrpcWeb);
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
                if is_graphql(ct, final_url) {
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
            if holds(ct, b"xml") || holds(ct, b"text/html") || holds(ct, b"text/plain") {
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
            if login_redirect(request_url(), &to) {
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
                .any(|(k, v)| matches!(&*k, "error" | "error_description") && v.len() > 3)
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
fn rate_limit_exhausted(headers: &HeaderMap) -> bool {
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

/// Whether the response declares a length of at most [`KEYED_ENVELOPE_MAX`] (and not 0).
pub(crate) fn small_declared(headers: &HeaderMap) -> bool {
    declared_at_most(headers, KEYED_ENVELOPE_MAX)
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

/// Path words of a sign-in page.
const LOGIN_WORDS: &[&str] = &[
    "login",
    "log-in",
    "log_in",
    "logon",
    "signin",
    "sign-in",
    "sign_in",
    "sso",
    "saml",
    "authorize",
    "oauth",
    "auth",
    "adfs",
    "idp",
    "openid",
];

/// Whether the response came from a sign-in page on another host than the request went to.
fn login_redirect(request_url: &str, final_url: &Url) -> bool {
    let Ok(sent) = Url::parse(request_url) else {
        return false;
    };
    let at_login = |u: &Url| {
        u.path_segments().is_some_and(|mut segs| {
            segs.any(|s| {
                // (a view's marker before its name: MoinMoin's `/+login`)
                let s = s.trim_start_matches(['+', '~', '!', '@', '_']);
                let lower = s.to_ascii_lowercase();
                LOGIN_WORDS
                    .iter()
                    .any(|w| lower == *w || lower.starts_with(w))
                    // a verb before it (Zope's `require_login`), or in camel case
                    // (XXL-JOB's `toLogin`, `doLogin`)
                    || lower
                        .split(['_', '-', '.'])
                        .skip(1)
                        .any(|w| matches!(w, "login" | "logon" | "signin"))
                    || camel_words(s).any(|w| {
                        ["login", "logon", "signin"]
                            .iter()
                            .any(|l| w.eq_ignore_ascii_case(l))
                    })
            })
        })
    };
    // A sign-in the request itself started (`POST /login/github/`) sent on to an identity
    // provider's authorization endpoint (RFC 6749 §4.1.1: `response_type`, or `client_id`
    // with `redirect_uri`): the flow going as it should.
    let authorize = final_url
        .query_pairs()
        .take(32)
        .fold((false, false, false), |acc, (k, _)| {
            (
                acc.0 || k == "response_type",
                acc.1 || k == "client_id",
                acc.2 || k == "redirect_uri",
            )
        });
    if at_login(&sent) && (authorize.0 || (authorize.1 && authorize.2)) {
        return false;
    }
    // On the same host, the application's own sign-in page, for a request that did not ask
    // for one.
    (at_login(final_url) && (sent.host_str() != final_url.host_str() || !at_login(&sent)))
        || returns_here(&sent, final_url)
}

/// Whether a redirect's query asks to come back to the very path requested
/// (`/?ReturnUrl=%2Fapi%2Fcatalog%2F…`, `?next=/api/…`, `?returnTo=https://…/api/…`): the
/// sign-in round trip of a cookie scheme (ASP.NET's `ReturnUrl`, Django's `next`), whatever
/// the sign-in page is called.
fn returns_here(sent: &Url, to: &Url) -> bool {
    let path = sent.path();
    if path.len() < 2 || to.path() == path {
        return false;
    }
    to.query_pairs().take(16).any(|(_, v)| {
        let back = v.split(['?', '#']).next().unwrap_or("");
        let back = match back.find("://") {
            // an absolute URL: its path
            Some(i) => back[i + 3..].find('/').map_or("", |j| &back[i + 3 + j..]),
            None => back,
        };
        back == path
    })
}

/// The words of a path segment in camel case after its first (`toLogin` → `Login`).
fn camel_words(s: &str) -> impl Iterator<Item = &str> {
    let b = s.as_bytes();
    let starts: Vec<usize> = (1..b.len())
        .filter(|&i| b[i].is_ascii_uppercase() && b[i - 1].is_ascii_lowercase())
        .collect();
    let ends: Vec<usize> = starts.iter().skip(1).copied().chain([b.len()]).collect();
    starts.into_iter().zip(ends).map(move |(a, z)| &s[a..z])
}

/// Whether a redirect goes, on the request's own host, to an access-denied page: a last path
/// segment such as ASP.NET Core's `AccessDenied`, Spring's `access-denied`, `forbidden`,
/// `unauthorized` or `403`. `Some(true)` when the segment speaks only of a denial
/// (`denied`, `forbidden`, `403`, …), `Some(false)` when it may also mean "not signed in"
/// (`unauthorized`).
fn access_denied_page(request_url: &str, to: &Url) -> Option<bool> {
    let from = Url::parse(request_url).ok()?;
    // (or another host of its site: a gateway's `sso.example-corp.com/denied`)
    if !(from.host_str() == to.host_str() || same_site(&from, to)) {
        return None;
    }
    let last = to.path_segments()?.next_back()?;
    let folded: String = last
        .chars()
        .filter(|c| !matches!(c, '-' | '_' | '.'))
        .collect::<String>()
        .to_ascii_lowercase();
    let folded = folded.trim_end_matches("html").trim_end_matches("aspx");
    match folded {
        "accessdenied" | "denied" | "forbidden" | "403" | "nopermission" | "permissiondenied" => {
            Some(true)
        }
        "unauthorized" | "unauthorised" | "notauthorized" => Some(false),
        _ => None,
    }
}

/// Query keys by which a sign-in form's redirect reports a failure (`/login?error`,
/// `?login_error=1`, `?error=CredentialsSignin`).
const SIGN_IN_ERROR_KEYS: &[&str] = &[
    "error",
    "errors",
    "err",
    "login_error",
    "loginerror",
    "login_failed",
    "loginfailed",
    "auth_error",
    "autherror",
    "authfailed",
    "auth_failed",
    "failed",
    "failure",
    "fail",
];

/// Path segments of a sign-in form's failure page (`/user/error`, `/login-failed`).
const SIGN_IN_ERROR_SEGMENTS: &[&str] = &[
    "error",
    "failure",
    "failed",
    "login-error",
    "login_error",
    "loginerror",
    "login-failed",
    "login_failed",
    "loginfailed",
    "autherror",
    "auth-error",
    "denied",
    "access-denied",
    // (MicroBin's `/auth_admin/incorrect`)
    "incorrect",
];

/// Whether a redirect from `request_url` to `to` is how a form login reports a refusal: on the
/// same host, to a page whose query or last path segment names an error, or to the very path
/// the form was posted to (a success goes on to the application).
fn refused_sign_in_target(request_url: &str, to: &Url) -> bool {
    let Ok(from) = Url::parse(request_url) else {
        return false;
    };
    if from.host_str() != to.host_str() {
        return false;
    }
    let back_to_form = from.path() == to.path() && from.path().len() > 1;
    reports_sign_in_error(to) || back_to_form
}

/// Whether a page's URL reports a failed sign-in: a query key ([`SIGN_IN_ERROR_KEYS`]:
/// `/login?error`) or a last path segment ([`sign_in_error_page`]).
fn reports_sign_in_error(to: &Url) -> bool {
    to.query_pairs()
        .take(16)
        .any(|(k, _)| SIGN_IN_ERROR_KEYS.iter().any(|e| k.eq_ignore_ascii_case(e)))
        || sign_in_error_page(to)
}

/// Whether a page's last path segment reports a failed sign-in ([`SIGN_IN_ERROR_SEGMENTS`]:
/// `/auth_admin/incorrect`, `/login-failed`). (An empty `error=` in a sign-in URL is often a
/// gateway's template, not a report.)
pub(crate) fn sign_in_error_page(to: &Url) -> bool {
    to.path_segments()
        .and_then(|mut s| s.next_back())
        .is_some_and(|last| {
            SIGN_IN_ERROR_SEGMENTS
                .iter()
                .any(|e| last.eq_ignore_ascii_case(e))
        })
}

/// The error codes of RFC 6749 §5.2 and RFC 6750 §3.1 a token endpoint answers, with the
/// status each failure stands for.
const TOKEN_ERRORS: &[(&str, u16)] = &[
    ("invalid_grant", 401),
    ("invalid_client", 401),
    ("invalid_request", 401),
    ("access_denied", 401),
    ("consent_required", 401),
    ("interaction_required", 401),
    ("login_required", 401),
    ("invalid_token", 401),
    ("invalid_scope", 403),
    ("unauthorized_client", 403),
    // the grant type is not offered (or a JSON body hid `grant_type`): no token to be had
    ("unsupported_grant_type", 403),
    ("insufficient_scope", 403),
    // RFC 8628 §3.5 (device authorization): the device code expired
    ("expired_token", 401),
];

/// The status a standard token error code stands for.
fn token_error_status(code: &str) -> Option<u16> {
    TOKEN_ERRORS
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, status)| *status)
}

/// Whether a token endpoint's `error` is one RFC 6749 §5.2 or RFC 6750 §3.1 defines (else the
/// words of its description decide).
pub(crate) fn is_standard_token_error(json: Option<&Value>) -> bool {
    json.and_then(|j| j.get("error"))
        .and_then(Value::as_str)
        .is_some_and(|c| token_error_status(c).is_some())
}

/// What a gated response's body and head confirm: the status the failure stands for, and the
/// sentence that says why the response counts as an auth failure. `None`: not one.
pub(crate) fn confirm(
    gate: Gate,
    headers: &HeaderMap,
    json: Option<&Value>,
    codes: &[String],
) -> Option<(StatusCode, String)> {
    let s = |n: u16| StatusCode::from_u16(n).unwrap_or(StatusCode::UNAUTHORIZED);
    match gate {
        Gate::TokenEndpoint => {
            // A login endpoint of a framework's own (`{"detail":"LOGIN_BAD_CREDENTIALS"}`):
            // no OAuth code, the words decide.
            let Some(error) = json?.get("error") else {
                return Some((s(401), String::new()));
            };
            let code = error.as_str()?;
            let status = match token_error_status(code) {
                Some(status) => status,
                // A code of the server's own in OAuth's shape ("incorrect_client_credentials"
                // with an `error_description`): the words decide.
                None if json?.get("error_description").is_some_and(Value::is_string) => 401,
                None => return None,
            };
            let why = if is_standard_token_error(json) {
                format!("the token endpoint answered with the OAuth error {code} (RFC 6749 §5.2)")
            } else {
                format!("the token endpoint answered with the error {code}")
            };
            Some((s(status), why))
        }
        Gate::Aws => {
            // JSON protocols name the type in a header or `__type`; query protocols (STS, IAM)
            // in the XML `<Code>`.
            let t = aws_error_type(headers, json).or_else(|| {
                codes
                    .iter()
                    .find(|c| AWS_AUTH_TYPES.contains(&c.as_str()))
                    .cloned()
            })?;
            AWS_AUTH_TYPES.contains(&t.as_str()).then(|| {
                (
                    s(403),
                    format!("the AWS error type {t} is an authentication or signing failure"),
                )
            })
        }
        // A validation error that names a credential's place as missing (FastAPI's
        // `{"loc": ["header", "x-api-key"], "type": "missing"}`): no key arrived there.
        Gate::CredentialWords | Gate::Unprocessable | Gate::Flagged
            if json.and_then(missing_credential_place).is_some() =>
        {
            let (place, name) = json.and_then(missing_credential_place)?;
            Some((
                s(401),
                format!("the server's validation says the {place} `{name}`, a credential's name, is missing"),
            ))
        }
        // An error that names the request field it refuses (`"param": "source"`,
        // `"field": "api_key_name"`), a field no credential lives in: a validation error of
        // the payload, whatever its words (a card token used twice, a key's name too long).
        Gate::CredentialWords | Gate::Unprocessable | Gate::Flagged
            if json.is_some_and(|j| {
                names_payload_field(j) || declares_validation(j) || password_policy(j)
            }) =>
        {
            None
        }
        // The words decide (see the diagnosis); the gate only lets them speak.
        Gate::SignedRequest
        | Gate::HiddenScope
        | Gate::Unprocessable
        | Gate::SignInPage
        | Gate::Flagged
        | Gate::CredentialWords => Some((
            s(if gate == Gate::HiddenScope { 403 } else { 401 }),
            String::new(),
        )),
        Gate::PaymentRequired | Gate::Unavailable => Some((s(403), String::new())),
        Gate::RateLimitHeaders => Some((
            s(429),
            "the response's rate-limit headers count no request left".to_owned(),
        )),
        Gate::Challenge => Some((
            s(401),
            "the 400 carries a WWW-Authenticate challenge (RFC 6750 §3.1)".to_owned(),
        )),
        // JSON: an error in the envelope; XML, HTML or text: the words decide.
        // Keyed APIs keep conventions of their own (`"status": "0"` is a failure at one,
        // success at another): any short answer is read, and only words that name an auth
        // failure make it one.
        // A result under `data` and no error beside it is the answer to the request, even
        // when the result is a typed error of the application's own (a GraphQL union's
        // `PasswordResetTokenExpiredError`): the request itself was accepted.
        Gate::KeyedEnvelope | Gate::HeaderEnvelope if json.is_some_and(answered_with_data) => {
            None
        }
        Gate::KeyedEnvelope | Gate::HeaderEnvelope => Some((s(401), String::new())),
        Gate::SignedEnvelope => envelope_error(json?).then(|| {
            (
                s(401),
                "the response's envelope reports an error for this signed request".to_owned(),
            )
        }),
        Gate::Slack => {
            let j = json?;
            if j.get("ok")?.as_bool()? {
                return None;
            }
            let code = j.get("error")?.as_str()?;
            let status = match code {
                "not_authed"
                | "invalid_auth"
                | "account_inactive"
                | "token_revoked"
                | "token_expired"
                | "invalid_token"
                | "not_allowed_token_type" => 401,
                "missing_scope"
                | "no_permission"
                | "org_login_required"
                | "ekm_access_denied"
                | "access_denied"
                | "team_access_not_granted" => 403,
                "ratelimited" | "rate_limited" => 429,
                _ => return None,
            };
            Some((
                s(status),
                format!("the Slack Web API answered 200 with \"ok\": false and the error {code}"),
            ))
        }
        Gate::GraphQl => {
            // No `errors`, but an error object a resolver returned inside `data` (Webiny's
            // `{"data": {"pageBuilder": {"listPages": {"data": null, "error": {"code":
            // "SECURITY_NOT_AUTHORIZED"}}}}}`) whose code is an auth code.
            let Some(errors) = json?.get("errors").and_then(Value::as_array) else {
                let code = nested_auth_error(json?.get("data")?, 0)?;
                let c = graphql_code(code);
                let status = if ["FORBIDDEN", "PERMISSION", "ACCESSDENIED", "NOTAUTHORIZED"]
                    .iter()
                    .any(|w| c.contains(w))
                {
                    403
                } else {
                    401
                };
                return Some((
                    s(status),
                    format!("the GraphQL response's data carries the error code {code}"),
                ));
            };
            let code = errors.iter().take(16).find_map(|e| {
                let ext = e.get("extensions");
                [
                    ext.and_then(|x| x.get("code")),
                    ext.and_then(|x| x.get("classification")),
                    // graphene-django (Saleor): `extensions.exception.code`
                    ext.and_then(|x| x.get("exception"))
                        .and_then(|x| x.get("code")),
                    // Magento: `extensions.category`
                    ext.and_then(|x| x.get("category")),
                    e.get("type"),
                    e.get("code"),
                ]
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .find(|c| {
                    let c = graphql_code(c);
                    GRAPHQL_AUTH.iter().any(|w| c.contains(w))
                })
                .map(str::to_owned)
            });
            // An HTTP status in an error's extensions (`"extensions": {"code": 401}`, Apollo's
            // `"http": {"status": 403}`): the status the response would have carried.
            let stated = errors.iter().take(16).find_map(|e| {
                let ext = e.get("extensions")?;
                [
                    ext.get("code"),
                    ext.get("status"),
                    ext.get("statusCode"),
                    ext.get("http").and_then(|h| h.get("status")),
                ]
                .into_iter()
                .flatten()
                .find_map(|v| v.as_u64().filter(|n| matches!(n, 401 | 403)))
            });
            if code.is_none() {
                if let Some(n) = stated {
                    return Some((
                        s(n as u16),
                        format!("the GraphQL error states the HTTP status {n} in its extensions"),
                    ));
                }
            }
            // Errors without any code (Strawberry's permission classes, graphql-js defaults):
            // the words decide, unless every error is the document's validation (GraphQL
            // §5: located in the query, before any field ran, so without a `path`):
            // "Unknown argument 'authorizationToken' on field 'Query.invoices'." names the
            // query's words, not the caller.
            let Some(code) = code else {
                // (the reference implementation's validation messages, which graphql-core,
                // graphql-java and others repeat; an auth check that runs at validation
                // time, as AniList's "Invalid token", is located too)
                const VALIDATION: &[&str] = &[
                    "Unknown argument",
                    "Cannot query field",
                    "Unknown type",
                    "Unknown fragment",
                    "Unknown directive",
                    "Syntax Error",
                    "Variable \"$",
                    "Field \"",
                    "Argument \"",
                    "Expected type",
                    "Expected value of type",
                ];
                let validation = errors.iter().take(16).all(|e| {
                    e.get("locations").is_some_and(Value::is_array)
                        && e.get("path").is_none()
                        && e.get("message")
                            .and_then(Value::as_str)
                            .is_some_and(|m| VALIDATION.iter().any(|v| m.starts_with(v)))
                });
                if validation {
                    return None;
                }
                let codeless = errors.iter().take(16).all(|e| {
                    e.get("code").is_none()
                        && e.get("type").is_none()
                        && e.get("extensions").is_none_or(|x| {
                            ["code", "classification", "exception", "category"]
                                .iter()
                                .all(|k| x.get(k).is_none())
                        })
                });
                // A code of the server's own that is no auth code (Hasura's
                // `invalid-headers`) beside a message that names the request's credential
                // ("Malformed Authorization header"): the words decide, as without a code.
                let named = || {
                    let messages: Vec<String> = errors
                        .iter()
                        .take(16)
                        .filter_map(|e| e.get("message")?.as_str())
                        .map(str::to_owned)
                        .collect();
                    crate::diagnose::words::names_the_credential(&messages)
                };
                // A code that states the resource's or the input's fault (`NOT_FOUND`,
                // `BAD_USER_INPUT`, `GRAPHQL_VALIDATION_FAILED`) is about what was asked for:
                // "Credential not found" names a record of the API, not the caller's token.
                let about_the_input = errors.iter().take(16).any(|e| {
                    e.get("extensions")
                        .and_then(|x| x.get("code"))
                        .and_then(Value::as_str)
                        .is_some_and(|c| {
                            let c = graphql_code(c);
                            ["NOTFOUND", "BADUSERINPUT", "VALIDATION", "PARSEFAILED"]
                                .iter()
                                .any(|w| c.contains(w))
                        })
                });
                return ((codeless || (named() && !about_the_input)) && !errors.is_empty())
                    .then(|| (s(401), String::new()));
            };
            let c = graphql_code(&code);
            let status = if [
                "FORBIDDEN",
                "PERMISSION",
                "ACCESSDENIED",
                "INSUFFICIENTSCOPE",
                "NOTAUTHORIZED",
            ]
            .iter()
            .any(|w| c.contains(w))
            {
                403
            } else {
                401
            };
            Some((
                s(status),
                format!("the GraphQL response carries the error code {code}"),
            ))
        }
        Gate::GrpcWeb => {
            let g = headers.get("grpc-status")?.as_bytes();
            let (status, name) = match g {
                b"16" => (401, "UNAUTHENTICATED"),
                b"7" => (403, "PERMISSION_DENIED"),
                _ => return None,
            };
            Some((
                s(status),
                format!(
                    "the response's grpc-status is {} ({name})",
                    status_code_text(g)
                ),
            ))
        }
        Gate::LoginRedirect => Some((
            s(401),
            "the request was redirected to a sign-in page".to_owned(),
        )),
        Gate::SignInRefused => Some((
            s(401),
            "the sign-in was redirected to a page that reports an error".to_owned(),
        )),
        Gate::SignInForm => Some((
            s(401),
            "the sign-in was answered with its form again".to_owned(),
        )),
        Gate::LoginTimeout => Some((
            s(401),
            "a session status (440 Login Time-out, 419 Page Expired): the server's sign-in session for this request ended or was never there".to_owned(),
        )),
        Gate::DeniedRedirect => Some((
            s(403),
            "the request was redirected to the application's access-denied page".to_owned(),
        )),
        Gate::ErrorRedirect => Some((
            s(401),
            "the redirect's Location reports an error".to_owned(),
        )),
        Gate::CrossOriginRedirect => Some((
            s(401),
            "the response redirects to another origin".to_owned(),
        )),
    }
}

/// Whether an HTML page holds a password field (`<input type="password" …>`): a sign-in form.
/// The `name` of the first password `<input>` of an HTML page (`<input type="password"
/// name="authen_password">`), if it has one.
pub(crate) fn password_field_name(html: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(html);
    let lower = text.to_ascii_lowercase();
    lower.match_indices("<input").take(64).find_map(|(i, _)| {
        let tag = &lower[i..i + lower[i..].find('>')?];
        let attr = |name: &str| -> Option<&str> {
            let at = tag.find(&format!(" {name}="))? + name.len() + 2;
            let rest = &tag[at..];
            let (open, rest) = match rest.as_bytes().first()? {
                q @ (b'"' | b'\'') => (Some(*q as char), &rest[1..]),
                _ => (None, rest),
            };
            let end = match open {
                Some(q) => rest.find(q)?,
                None => rest.find([' ', '/']).unwrap_or(rest.len()),
            };
            Some(&rest[..end])
        };
        (attr("type")? == "password")
            .then(|| attr("name"))
            .flatten()
            .filter(|n| !n.is_empty() && n.len() <= 64)
            // (the name as written: the tag's offsets in the original text)
            .map(|n| {
                let start = n.as_ptr() as usize - lower.as_ptr() as usize;
                text[start..start + n.len()].to_owned()
            })
    })
}

pub(crate) fn holds_password_field(html: &[u8]) -> bool {
    html.windows(8).enumerate().any(|(i, w)| {
        w.eq_ignore_ascii_case(b"password") && {
            let before = &html[..i];
            let before = before
                .strip_suffix(b"\"")
                .or_else(|| before.strip_suffix(b"'"))
                .unwrap_or(before);
            before.len() >= 5 && before[before.len() - 5..].eq_ignore_ascii_case(b"type=")
        }
    })
}

/// Whether a short answer reports that the call failed, and says no more: an error envelope,
/// a flag of success set false (`{"ok": false}`, `{"result": false}`, `{"success": 0}`), or a
/// short text of failure ("Fails.", "false", "ERROR").
pub(crate) fn reports_failure(json: Option<&Value>, messages: &[String]) -> bool {
    if let Some(j) = json {
        let flag_false = [
            "ok",
            "success",
            "result",
            "authenticated",
            "login",
            "status",
        ]
        .iter()
        .filter_map(|k| j.get(*k))
        .any(|v| v.as_bool() == Some(false) || v.as_i64() == Some(0));
        // SvelteKit's form actions: `{"type": "failure", "status": 400, …}`
        let typed_failure = ["type", "status", "result"]
            .iter()
            .filter_map(|k| j.get(*k)?.as_str())
            .any(|v| ["failure", "fail", "failed", "error"].contains(&v));
        return flag_false || typed_failure || envelope_error(j);
    }
    messages.iter().any(|m| {
        let m = m.trim().trim_end_matches(['.', '!']).to_ascii_lowercase();
        m.len() <= 40
            && [
                "fail", "fails", "failed", "failure", "false", "error", "denied", "invalid",
            ]
            .iter()
            .any(|w| {
                m.split(|c: char| !c.is_ascii_alphanumeric())
                    .any(|t| t == *w)
            })
    })
}

/// Whether a request signs in: a password in its body, or `Basic` credentials sent to a
/// sign-in path (`/auth/login`, `/signin`).
pub(crate) fn is_sign_in(credentials: &[crate::credential::Credential], url: &Url) -> bool {
    let basic = credentials.iter().any(|c| {
        c.scheme
            .as_deref()
            .is_some_and(|s| s.eq_ignore_ascii_case("basic"))
    });
    signs_in(credentials)
        || (basic
            && url.path_segments().is_some_and(|mut segs| {
                segs.any(|s| {
                    [
                        "login",
                        "signin",
                        "sign-in",
                        "sign_in",
                        "logon",
                        "authenticate",
                    ]
                    .contains(&s.to_ascii_lowercase().as_str())
                })
            }))
}

/// Whether the credentials a request sent are a sign-in's: a password in its body.
pub(crate) fn signs_in(credentials: &[crate::credential::Credential]) -> bool {
    credentials.iter().any(|c| {
        matches!(&c.location, crate::credential::Location::Body(n)
            if n.to_ascii_lowercase().ends_with("password"))
    })
}

/// Whether an error body keys its `errors` by the identifier a sign-in sends (Laravel's
/// `{"errors": {"email": ["These credentials do not match our records."]}}`): to a sign-in,
/// the verdict on it, in whatever language, not a validation of a payload field.
pub(crate) fn errors_keyed_by_identifier(json: &Value) -> bool {
    const IDENTIFIERS: &[&str] = &["email", "username", "login", "user", "identifier", "phone"];
    json.get("errors")
        .and_then(Value::as_object)
        .is_some_and(|errors| {
            errors.len() <= 2
                && errors.iter().any(|(k, v)| {
                    IDENTIFIERS.iter().any(|i| k.eq_ignore_ascii_case(i))
                        // (a validator's report of the value it rejected, with where it was
                        // found: express-validator's `{"location": "body", "value": …}` judges
                        // the field's form, not the sign-in)
                        && !(v.get("value").is_some() && v.get("location").is_some())
                })
        })
}

/// Whether an error body names the request fields it refuses (`param`, `parameter` or
/// `field`, at the top, under `error` or in the first `errors`), and none of them is a place a
/// credential travels in: its name does not end in a credential word (`api_key`,
/// `access_token`, `password`, `signature`).
fn names_payload_field(json: &Value) -> bool {
    // (express-validator names the field `path`, beside its `location`)
    const KEYS: [&str; 7] = [
        "param",
        "parameter",
        "field",
        "path",
        // (Pagar.me's `parameter_name`)
        "parameter_name",
        "param_name",
        "field_name",
    ];
    let mut holders: Vec<&Value> = vec![json];
    if let Some(e) = json.get("error").filter(|e| e.is_object()) {
        holders.push(e);
    }
    if let Some(errors) = json.get("errors").and_then(Value::as_array) {
        holders.extend(errors.iter().take(4));
    }
    let names: Vec<&str> = holders
        .iter()
        .flat_map(|h| KEYS.iter().filter_map(|k| h.get(*k)?.as_str()))
        // (a URL path is where the error happened, Spring's `"path": "/resource/user"`)
        .filter(|n| !n.trim().is_empty() && !n.starts_with('/'))
        .collect();
    !names.is_empty() && names.iter().all(|n| !names_credential_place(n))
}

/// Whether an error declares itself a validation error of the payload: its `title`, `type`,
/// `error` or `code` says "Validation Error" (`validation_error`, `ValidationError`,
/// "Validation failed") and nothing more ("JWT validation failed" names what it validated).
/// The place and name of a credential a validation error lists as missing: an entry of
/// `detail` (FastAPI) or of a top-level list (pydantic's own errors, flask-openapi3) whose
/// `loc` is `["header" | "query" | "cookie", <a credential's name>]`, or a header's name
/// alone, and whose `type` (or `msg`) says missing; or webargs' and marshmallow's
/// `{"errors": {"headers": {"Authorization": ["Missing data for required field."]}}}`.
pub(crate) fn missing_credential_place(json: &Value) -> Option<(&str, &str)> {
    let credential = |place: &str, name: &str| match place {
        "header" => {
            http::HeaderName::from_bytes(name.to_ascii_lowercase().as_bytes()).is_ok_and(|h| {
                h == http::header::AUTHORIZATION || crate::credential::is_word_header(&h)
            })
        }
        "query" | "cookie" => crate::credential::is_word_param(name),
        _ => false,
    };
    let says_missing = |t: &str| {
        let t = t.to_ascii_lowercase();
        t.contains("missing") || t.contains("required")
    };
    let list = json
        .get("detail")
        .unwrap_or(json)
        .as_array()
        .into_iter()
        .flatten();
    let listed = list.take(16).find_map(|e| {
        let (place, name) = crate::observe::body::validation_place(e.as_object()?)?;
        let missing = e
            .get("type")
            .and_then(Value::as_str)
            .is_some_and(|t| t.contains("missing"))
            || e.get("msg")
                .and_then(Value::as_str)
                .is_some_and(|m| m.eq_ignore_ascii_case("field required"));
        (missing && credential(place, name)).then_some((place, name))
    });
    listed.or_else(|| {
        // webargs: `errors.<location>.<name>: [messages]`
        let errors = json.get("errors")?.as_object()?;
        errors.iter().take(8).find_map(|(place, fields)| {
            fields
                .as_object()?
                .iter()
                .take(16)
                .find_map(|(name, msgs)| {
                    let said = match msgs {
                        Value::Array(a) => a.iter().filter_map(Value::as_str).any(says_missing),
                        Value::String(s) => says_missing(s),
                        _ => false,
                    };
                    let place = match place.as_str() {
                        "headers" => "header",
                        "cookies" => "cookie",
                        "query" | "querystring" => "query",
                        // (a field of the payload: `json`, `form`, `files`)
                        _ => return None,
                    };
                    (said && credential(place, name)).then_some((place, name.as_str()))
                })
        })
    })
}

fn declares_validation(json: &Value) -> bool {
    let error = json.get("error");
    [
        json.get("title"),
        json.get("type"),
        json.get("code"),
        error,
        error.and_then(|e| e.get("type")),
        error.and_then(|e| e.get("code")),
    ]
    .into_iter()
    .flatten()
    .filter_map(Value::as_str)
    .any(|v| {
        // a problem type URI's last segment
        let v = v.rsplit('/').next().unwrap_or(v);
        let words: String = v
            .chars()
            .flat_map(|c| {
                let sep = (c == '_' || c == '-' || c == ' ').then_some(' ');
                sep.into_iter()
                    .chain((!c.is_ascii_punctuation() && c != ' ').then_some(c))
            })
            .collect::<String>()
            .to_ascii_lowercase();
        let words: Vec<&str> = words.split_whitespace().collect();
        matches!(
            words.as_slice(),
            ["validation", "error" | "failed" | "exception" | "errors"]
                | ["validationerror" | "validationexception" | "validationfailed"]
        )
    }) || json
        .get("message")
        .and_then(Value::as_str)
        // Laravel's validation answer, whatever fields it lists
        .is_some_and(|m| {
            m.trim_end_matches('.')
                .eq_ignore_ascii_case("the given data was invalid")
        })
}

/// Whether an error refuses a new password by its policy ("Password is too weak",
/// `PasswordStrengthError`): a sign-up or a password change, not a credential refused.
fn password_policy(json: &Value) -> bool {
    const SAYS: &[&str] = &[
        "too weak",
        "too short",
        "too common",
        "password strength",
        "passwordstrength",
        "password policy",
        "passwordpolicy",
        "password does not meet",
        "password must contain",
        "password must be at least",
        "password field must contain",
        "password field must be at least",
        "confirmation does not match",
    ];
    // The fields of the body, and of its `error` object (Google's `{"error": {"message":
    // "PASSWORD_DOES_NOT_MEET_REQUIREMENTS : …"}}`), with a code's underscores read as spaces.
    let nested = json.get("error").filter(|e| e.is_object());
    [Some(json), nested]
        .into_iter()
        .flatten()
        .flat_map(|j| {
            ["message", "name", "error", "error_description", "code"]
                .iter()
                .filter_map(|k| j.get(*k)?.as_str())
        })
        // and the messages a form's `errors` object lists under `password`
        .chain(
            json.get("errors")
                .and_then(|e| e.get("password"))
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .take(8),
        )
        .any(|v| {
            let v = v.to_ascii_lowercase().replace('_', " ");
            SAYS.iter().any(|s| v.contains(s))
        })
}

/// Whether a field or header name ends in a credential word (`api_key`, `X-Auth-Token`,
/// `client_secret`, `Authorization`).
fn names_credential_place(name: &str) -> bool {
    const ENDINGS: &[&str] = &[
        "key",
        "token",
        "secret",
        "password",
        "passwd",
        "signature",
        "sig",
        "credential",
        "credentials",
        "auth",
        "authorization",
        "cookie",
        "session",
        "sessionid",
        "assertion",
    ];
    let folded: String = name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    ENDINGS.iter().any(|e| folded.ends_with(e))
}

/// Whether a JSON body is a result: `data` holds a non-empty object or array, and neither
/// `errors`, an envelope error nor an error status (`"status_code": 403`, Bitly's) stands
/// beside it.
pub(crate) fn answered_with_data(json: &Value) -> bool {
    // `data`, or a model's or a search's result list (`choices`, `results`, `items`): the
    // answer to the request, whatever words its content holds (a chat completion that
    // explains 401s).
    let holds_data = ["data", "choices", "results", "items"]
        .iter()
        .any(|k| match json.get(*k) {
            Some(Value::Object(m)) => !m.is_empty(),
            Some(Value::Array(a)) => !a.is_empty(),
            _ => false,
        });
    let error_status = [
        "status_code",
        "statusCode",
        "http_code",
        "httpCode",
        "status",
    ]
    .iter()
    .filter_map(|k| json.get(*k))
    .any(|v| {
        v.as_u64()
            .or_else(|| v.as_str()?.parse().ok())
            .is_some_and(|n| (400..600).contains(&n))
    });
    holds_data && !error_status && json.get("errors").is_none() && !envelope_error(json)
}

/// Whether a JSON envelope reports an error: a non-zero `retCode` / `ret_code`, a `code` that is
/// not a success value, a non-empty `error`, or `success` / `ok` false.
pub(crate) fn envelope_error(json: &Value) -> bool {
    // One wrapper deep (`{"Response": {"Error": {…}}}`), as some clouds answer.
    // One wrapper deep (`{"Response": {"Error": {…}}}`, `{"error_response": {…}}`), as some
    // clouds and platforms answer.
    if let Some((name, Value::Object(map))) = json
        .as_object()
        .filter(|m| m.len() == 1)
        .and_then(|m| m.iter().next())
    {
        if map.contains_key("Error")
            || map.contains_key("error")
            || name.to_ascii_lowercase().contains("error")
        {
            return true;
        }
    }
    // A body of nothing but sentences (`{"Information": "… premium endpoint …"}`): no data,
    // only the server speaking; its words decide.
    if json.as_object().is_some_and(|m| {
        !m.is_empty()
            && m.len() <= 3
            && m.values()
                .all(|v| v.as_str().is_some_and(|t| t.trim().contains(' ')))
    }) {
        return true;
    }
    // `"stat": "fail"`, `"status": "error"`
    if ["stat", "status", "result"].iter().any(|k| {
        json.get(*k).and_then(Value::as_str).is_some_and(|v| {
            matches!(
                v.to_ascii_lowercase().as_str(),
                "fail" | "failed" | "failure" | "error"
            )
        })
    }) {
        return true;
    }
    if json.get("Error").is_some_and(Value::is_object) {
        return true;
    }
    let nonzero = |v: &Value| match v {
        Value::Number(n) => n.as_i64() != Some(0),
        Value::String(s) => !matches!(
            s.as_str(),
            "" | "0" | "200" | "200000" | "OK" | "ok" | "success"
        ),
        _ => false,
    };
    [
        "retCode",
        "ret_code",
        "code",
        // as .NET and some clouds capitalise it (`{"Code": 100000004, "Message": …}`)
        "Code",
        "errno",
        "errNo",
        "err_no",
        "errcode",
        "err_code",
        "error_code",
        "errorCode",
    ]
    .iter()
    .filter_map(|k| json.get(*k))
    .any(nonzero)
        || match json.get("error") {
            Some(Value::Array(a)) => !a.is_empty(),
            Some(Value::String(s)) => !s.is_empty(),
            Some(Value::Object(_)) => true,
            _ => false,
        }
        || ["success", "ok"]
            .iter()
            .any(|k| json.get(*k).and_then(Value::as_bool) == Some(false))
}

fn status_code_text(g: &[u8]) -> &str {
    std::str::from_utf8(g).unwrap_or("?")
}

/// The AWS error type of a response: `x-amzn-ErrorType` (`Type:details`), the JSON `__type`
/// (`namespace#Type`), or a `code` / `Code` member.
fn aws_error_type(headers: &HeaderMap, json: Option<&Value>) -> Option<String> {
    let from_header = headers
        .get("x-amzn-errortype")
        .and_then(|v| v.to_str().ok())
        .map(|v| v.split(':').next().unwrap_or(v).trim().to_owned());
    from_header.filter(|t| !t.is_empty()).or_else(|| {
        let j = json?;
        let t = ["__type", "code", "Code"]
            .iter()
            .find_map(|k| j.get(*k).and_then(Value::as_str))?;
        Some(t.rsplit('#').next().unwrap_or(t).to_owned())
    })
}

/// AWS error types that are authentication, signing or authorization failures.
const AWS_AUTH_TYPES: &[&str] = &[
    "UnrecognizedClientException",
    "InvalidClientTokenId",
    "ExpiredTokenException",
    "ExpiredToken",
    "InvalidSignatureException",
    "SignatureDoesNotMatch",
    "IncompleteSignatureException",
    "IncompleteSignature",
    "MissingAuthenticationTokenException",
    "MissingAuthenticationToken",
    "AccessDeniedException",
    "AccessDenied",
    "NotAuthorized",
    "UnauthorizedOperation",
    "InvalidAccessKeyId",
    "RequestExpired",
    "RequestTimeTooSkewed",
    "AuthFailure",
    "AuthorizationError",
];

/// GraphQL error codes (Apollo `extensions.code`, GitHub `type`, Shopify, Hasura, graphql-java
/// `classification`) that are auth failures.
/// Words of GraphQL error codes and categories of auth failures, as [`graphql_code`] writes
/// them (`UNAUTHENTICATED`, `PermissionDenied`, Magento's `graphql-authorization`).
const GRAPHQL_AUTH: &[&str] = &[
    "UNAUTHENTICATED",
    "UNAUTHORIZED",
    // Hot Chocolate: `AUTH_NOT_AUTHENTICATED`, `AUTH_NOT_AUTHORIZED`
    "NOTAUTHENTICATED",
    "NOTAUTHORIZED",
    "AUTHENTICATION",
    "AUTHORIZATION",
    "FORBIDDEN",
    "ACCESSDENIED",
    "INSUFFICIENTSCOPE",
    "PERMISSIONDENIED",
    "INVALIDJWT",
    "INVALIDTOKEN",
];

/// The code of an `error` object a GraphQL resolver put inside `data`, when it is an auth
/// code ([`GRAPHQL_AUTH`]); at most four levels deep and sixteen members a level.
fn nested_auth_error(v: &Value, depth: usize) -> Option<&str> {
    let map = v.as_object()?;
    if let Some(code) = map
        .get("error")
        .and_then(|e| e.get("code"))
        .and_then(Value::as_str)
    {
        let c = graphql_code(code);
        if GRAPHQL_AUTH.iter().any(|w| c.contains(w)) {
            return Some(code);
        }
    }
    if depth >= 4 {
        return None;
    }
    map.values()
        .take(16)
        .find_map(|child| nested_auth_error(child, depth + 1))
}

/// A GraphQL error code in one spelling: `PERMISSION_DENIED`, `PermissionDenied` and
/// `access-denied` alike.
fn graphql_code(c: &str) -> String {
    c.chars()
        .filter(|ch| !matches!(ch, '_' | '-'))
        .map(|ch| ch.to_ascii_uppercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

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
