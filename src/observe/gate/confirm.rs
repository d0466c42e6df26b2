//! The confirmation: whether a gated response's body (its JSON, its codes) says it is an
//! auth failure, and which status it stands for.

use http::{HeaderMap, StatusCode};
use serde_json::Value;

use super::Gate;
use super::shape::{
    answered_with_data, declares_validation, envelope_error, missing_credential_place,
    names_payload_field, password_policy,
};

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

/// Parameters of a token or authorization request that carry no credential: RFC 6749 §4
/// (`redirect_uri`, `response_type`, `grant_type`, `state`), RFC 7636 (`code_challenge`,
/// `code_challenge_method`), RFC 8693 §2.1 (`audience`, `resource`, the token types, and the
/// grant's own name), RFC 8707 (`resource`), RFC 9126 (`request_uri`), OpenID Connect
/// (`nonce`, `prompt`, `response_mode`). Longest first.
const PLAIN_PARAMETERS: &[&[&str]] = &[
    &["code", "challenge", "method"],
    &["requested", "token", "type"],
    &["subject", "token", "type"],
    &["actor", "token", "type"],
    &["code", "challenge"],
    &["redirect", "uri"],
    &["response", "type"],
    &["response", "mode"],
    &["grant", "type"],
    &["request", "uri"],
    &["token", "exchange"],
    &["audience"],
    &["resource"],
    &["state"],
    &["nonce"],
    &["prompt"],
];

/// Words that speak of a credential, in a description read for [`PLAIN_PARAMETERS`]: beside
/// one of them the parameter named may be the credential's (`code_verifier`, `client_id`).
const CREDENTIAL_WORDS: &[&str] = &[
    "token",
    "tokens",
    "secret",
    "key",
    "password",
    "username",
    "user",
    "credential",
    "credentials",
    "assertion",
    "verifier",
    "code",
    "client",
    "authorization",
    "authentication",
    "auth",
    "dpop",
    "proof",
    "signature",
    "jwt",
    "bearer",
    "basic",
    "cookie",
    "session",
    "header",
];

/// Whether an OAuth error description names one or more request parameters that carry no
/// credential ([`PLAIN_PARAMETERS`]) and nothing of a credential: a request refused for its
/// form ("audience or resource is required for token exchange", "redirect_uri is missing").
pub(crate) fn names_only_plain_parameters(description: &str) -> bool {
    let lower = description.to_ascii_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(64)
        .collect();
    let mut named = false;
    let mut i = 0;
    while i < words.len() {
        if let Some(p) = PLAIN_PARAMETERS.iter().find(|p| words[i..].starts_with(p)) {
            named = true;
            i += p.len();
            continue;
        }
        if CREDENTIAL_WORDS.contains(&words[i]) {
            return false;
        }
        i += 1;
    }
    named
}

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
            let description = json?.get("error_description").and_then(Value::as_str);
            // RFC 8628 §3.5: a device polling for its token is told `authorization_pending`
            // until the user approves: the flow's normal state, not a failure (also when a
            // server puts the code in another error's description).
            if code == "authorization_pending"
                || description.is_some_and(|d| d.trim() == "authorization_pending")
            {
                return None;
            }
            // OAuth's catch-all whose description names only parameters that carry no
            // credential ("audience or resource is required for token exchange"): the token
            // request's form, not its credentials.
            if code == "invalid_request" && description.is_some_and(names_only_plain_parameters) {
                return None;
            }
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
            // (S3's XML `InvalidToken` is the session token it cannot use; a JSON service's
            // is a token of its payload: Step Functions' task token)
            let session_token = |c: &str| json.is_none() && c == "InvalidToken";
            let t = aws_error_type(headers, json).or_else(|| {
                codes
                    .iter()
                    .find(|c| AWS_AUTH_TYPES.contains(&c.as_str()) || session_token(c))
                    .cloned()
            })?;
            (AWS_AUTH_TYPES.contains(&t.as_str()) || session_token(&t)).then(|| {
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
        // JSON-RPC 2.0's own "Method not found" (-32601): the method the request called does
        // not exist there, whatever its name speaks of (`auth.login`).
        Gate::CredentialWords
        | Gate::Unprocessable
        | Gate::Flagged
        | Gate::KeyedEnvelope
        | Gate::HeaderEnvelope
        | Gate::SignedEnvelope
            if json.is_some_and(jsonrpc_method_not_found) =>
        {
            None
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
                    // Apollo Server 2: the class of the error a resolver threw
                    // (`extensions.exception.name`: `AuthorizationError`) beside the generic
                    // `INTERNAL_SERVER_ERROR`
                    ext.and_then(|x| x.get("exception"))
                        .and_then(|x| x.get("name")),
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
                    GRAPHQL_AUTH.iter().chain(GRAPHQL_STATE).any(|w| c.contains(w))
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
                // (a number is no named code: Graphcool's `"code": 3008` beside "Insufficient
                // Permissions" leaves the words to decide)
                let unnamed = |v: Option<&Value>| v.is_none_or(|c| !c.is_string());
                // (nor is Apollo's default for any error a resolver threw, which names no
                // reason: `"code": "INTERNAL_SERVER_ERROR"` beside "Forbidden")
                let generic =
                    |v: Option<&Value>| v.and_then(Value::as_str) == Some("INTERNAL_SERVER_ERROR");
                let codeless = errors.iter().take(16).all(|e| {
                    unnamed(e.get("code"))
                        && e.get("type").is_none()
                        && e.get("extensions").is_none_or(|x| {
                            (unnamed(x.get("code")) || generic(x.get("code")))
                                && ["classification", "exception", "category"]
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
                let about_the_input = errors
                    .iter()
                    .take(16)
                    .any(|e| graphql_input_error(e, true));
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
                // RESOURCE_EXHAUSTED is a rate limit's (429 in gRPC's HTTP mapping) only with
                // a limiter's evidence: a wait, no request left, or words of a rate or a
                // quota; a message too large for the server exhausts it too.
                b"8" if headers.contains_key(http::header::RETRY_AFTER)
                    || super::rate_limit_exhausted(headers)
                    || headers.get("grpc-message").is_some_and(|m| {
                        let m = crate::credential::decode(m.to_str().unwrap_or(""))
                            .to_ascii_lowercase();
                        ["rate limit", "quota", "too many"]
                            .iter()
                            .any(|w| m.contains(w))
                    }) =>
                {
                    (429, "RESOURCE_EXHAUSTED")
                }
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
        Gate::CallbackRefused => Some((
            s(401),
            "the request is an OAuth authorization response that relays the authorization server's error (RFC 6749 §4.1.2.1)".to_owned(),
        )),
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
        Gate::ClientCertificate => Some((
            s(401),
            "nginx's stock page for a client certificate (mutual TLS, `ssl_verify_client`)"
                .to_owned(),
        )),
        Gate::LoginTimeout => Some((
            s(401),
            "a session status (440 Login Time-out, 419 Page Expired): the server's sign-in session for this request ended or was never there".to_owned(),
        )),
        Gate::HeadersTooLarge => Some((
            s(401),
            "431 Request Header Fields Too Large (RFC 6585 §5): the server will not read headers this large".to_owned(),
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
    // Cognito's user pools: a sign-in refused, a token refused or revoked, a user disabled
    "NotAuthorizedException",
    // ... or a user who has not confirmed the account
    "UserNotConfirmedException",
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
    "INVALIDCREDENTIALS",
];

/// A token's or a session's state by name (`TOKEN_EXPIRED`, `JWT_EXPIRED`), as the code of a
/// top-level GraphQL error; inside `data` the same words are a result's own
/// (`PASSWORD_RESET_TOKEN_EXPIRED_ERROR`, a reset link's).
const GRAPHQL_STATE: &[&str] = &[
    "TOKENEXPIRED",
    "EXPIREDTOKEN",
    "JWTEXPIRED",
    "TOKENREVOKED",
    "SESSIONEXPIRED",
    "INVALIDSESSION",
];

/// The code of an `error` object a GraphQL resolver put inside `data`, when it is an auth
/// code ([`GRAPHQL_AUTH`]); at most four levels deep and sixteen members a level.
///
/// Also the payload's own `errors` of a mutation that failed (django-graphql-auth's
/// `{"success": false, "errors": {"nonFieldErrors": [{"code": "invalid_credentials"}]}}`), and
/// a result whose union type names an auth failure (flask-graphql-auth's `{"__typename":
/// "AuthInfoField", "message": "Signature has expired"}`): its type name stands for the code.
fn nested_auth_error(v: &Value, depth: usize) -> Option<&str> {
    let map = v.as_object()?;
    let is_auth = |code: &str| {
        let c = graphql_code(code);
        GRAPHQL_AUTH.iter().any(|w| c.contains(w))
    };
    if let Some(code) = map
        .get("error")
        .and_then(|e| e.get("code"))
        .and_then(Value::as_str)
    {
        if is_auth(code) {
            return Some(code);
        }
    }
    // `errors` as an object of lists (`nonFieldErrors`, a field's name) or a list of errors
    fn listed(e: &Value) -> Vec<&Value> {
        match e {
            Value::Array(a) => a.iter().take(16).collect(),
            Value::Object(o) => o
                .values()
                .take(16)
                .flat_map(|v| match v {
                    Value::Array(a) => a.iter().take(16).collect::<Vec<_>>(),
                    other => vec![other],
                })
                .collect(),
            _ => Vec::new(),
        }
    }
    if let Some(code) = map.get("errors").and_then(|e| {
        listed(e)
            .into_iter()
            .filter_map(|x| x.get("code").and_then(Value::as_str))
            .find(|c| is_auth(c))
    }) {
        return Some(code);
    }
    if let Some(t) = map.get("__typename").and_then(Value::as_str) {
        let c = graphql_code(t);
        if (c.starts_with("AUTH") || is_auth(t)) && map.get("message").is_some_and(Value::is_string)
        {
            return Some(t);
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

/// Whether a JSON-RPC error is the protocol's "Method not found" (`-32601`, JSON-RPC 2.0 §5.1).
/// Whether a GraphQL error's `extensions.code` states the query's own fault: its document
/// failed validation or parsing (`GRAPHQL_VALIDATION_FAILED`, `GRAPHQL_PARSE_FAILED`), or,
/// with `input` too, the resource or the input was refused (`NOT_FOUND`, `BAD_USER_INPUT`).
fn graphql_input_error(error: &Value, input: bool) -> bool {
    error
        .get("extensions")
        .and_then(|x| x.get("code"))
        .and_then(Value::as_str)
        .is_some_and(|c| {
            let c = graphql_code(c);
            let document = ["VALIDATION", "PARSEFAILED"].iter().any(|w| c.contains(w));
            document || (input && ["NOTFOUND", "BADUSERINPUT"].iter().any(|w| c.contains(w)))
        })
}

/// Whether a JSON body is GraphQL's answer to a document it could not run: every error of
/// `errors` failed validation or parsing (GraphQL over HTTP §6.4.2 answers them with 400).
/// A field the query named ("Cannot query field \"sessionToken\"") is the query's word.
pub(crate) fn graphql_document_refused(json: &Value) -> bool {
    json.get("errors")
        .and_then(Value::as_array)
        .filter(|e| !e.is_empty() && e.len() <= 64)
        .is_some_and(|errors| errors.iter().all(|e| graphql_input_error(e, false)))
}

fn jsonrpc_method_not_found(json: &Value) -> bool {
    json.get("error")
        .and_then(|e| e.get("code"))
        .and_then(Value::as_i64)
        == Some(-32601)
}
