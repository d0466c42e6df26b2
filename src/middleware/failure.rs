//! What explaining one failure needs, and the explanation of a failure that arrived with
//! another status (a gated response): whether its body confirms an auth failure, and what it
//! stands for.

use std::sync::Arc;
use std::time::SystemTime;

use http::StatusCode;
use reqwest::Response;

use super::Config;
use crate::capture;
use crate::credential::{self, Credential};
use crate::diagnose::{self, Context};
use crate::explanation::Explanation;
use crate::history;
use crate::observe::Evidence;
use crate::preflight::Finding;
use crate::snapshot::Snapshot;
use crate::source;

mod envelope;
mod read;
use envelope::{envelope_status, grpc_text_status};
use read::bare_verdict_on_token;

/// Words of a 404 about its resource: such a body is no auth failure, whatever else it names.
const NOT_FOUND: &[&str] = &["not found", "does not exist", "no such", "unknown resource"];

/// Words that name the request's authorization itself (not a form's password field).
const AUTHORIZATION_NOUNS: &[&str] = &[
    "authorization",
    "authentication",
    "api key",
    "apikey",
    "access token",
    "bearer",
    "credentials",
    // Spring's "Required cookie 'refreshToken' is not present."
    "refresh token",
    "session token",
    "auth token",
    "id token",
    "session cookie",
    // (a JSON Web Token is always a credential: "jwt must be provided")
    "jwt",
];

impl crate::error::Explain for Failure {
    fn explain_response(&self, resp: &Response) -> Explanation {
        self.explain(resp.headers(), resp.url())
    }
}

/// What a gated response's words name, as [`Failure::worth_diagnosing`] weighs them.
#[derive(Clone, Copy)]
struct Named {
    /// The words (or codes) name a credential, its place, or quote its value.
    credential: bool,
    /// The words say a credential is missing.
    missing: bool,
    /// The words quote the value of a credential the request sent.
    quoted: bool,
}

/// What explaining one failure needs, gathered as the response arrives.
pub(super) struct Failure {
    pub(super) config: Arc<Config>,
    pub(super) sent: Arc<Snapshot>,
    pub(super) early: Option<Vec<Credential>>,
    pub(super) injected: Vec<source::Injected>,
    pub(super) findings: Vec<Finding>,
    pub(super) status: StatusCode,
    pub(super) captured: capture::Captured,
    pub(super) now: SystemTime,
    pub(super) recall: Option<history::Recall>,
    /// The gate a response with another status than 401/403/407/429 passed.
    pub(super) gate: Option<crate::observe::gate::Gate>,
    /// The request's kept body.
    pub(super) body: Option<credential::body::SentBody>,
    /// The request had a body this middleware does not read.
    pub(super) unread_body: bool,
    /// The response came from the request's own URL, which the middleware redacted in the
    /// response: the request's URL stands for it (no redirect happened).
    pub(super) unmoved: bool,
}

/// Verdicts on a credential a message quotes by value ("… is not recognised … : <the key>").
const QUOTED_VERDICTS: &[&str] = &[
    "not recognised",
    "not recognized",
    "unrecognised",
    "unrecognized",
    "not registered",
    "unknown",
    "invalid",
    "not valid",
    "incorrect",
];

impl Failure {
    /// The explanation of a gated response, when its body confirms an auth failure. The
    /// evidence is read once, for the confirmation and the diagnosis.
    pub(super) fn explain_gated(
        &self,
        headers: &http::HeaderMap,
        final_url: &url::Url,
    ) -> Option<Explanation> {
        use crate::diagnose::words;
        use crate::explanation::{Cause, Confidence};
        use crate::observe::gate::{self, Gate};
        let own;
        let final_url = if self.unmoved {
            own = self.sent.url();
            &own
        } else {
            final_url
        };
        let mut g = self.gate?;
        // A short page read as a keyed envelope that holds a password field, to a sign-in
        // that was not redirected: the form again ("ERROR 101" holds none).
        if g == Gate::KeyedEnvelope
            && headers
                .get(http::header::CONTENT_TYPE)
                .is_some_and(|v| v.as_bytes().starts_with(b"text/html"))
            && final_url.as_str() == self.sent.url_str()
            && gate::holds_password_field(&self.captured.prefix)
        {
            g = Gate::SignInForm;
        }
        // A form redirected to an error page is a refused sign-in only when it signed in.
        // A page is its form again only when it holds a password field.
        if matches!(g, Gate::SignInRefused | Gate::SignInForm)
            && !gate::signs_in(&self.credentials_at(&self.sent.url()))
        {
            return None;
        }
        if g == Gate::SignInForm && !gate::holds_password_field(&self.captured.prefix) {
            return None;
        }
        // A form that sets a password (a sign-up's `password_verify`, a change's
        // `new_password`) answered 400 or 422: its errors judge the new password's rules.
        if matches!(self.status.as_u16(), 400 | 422) && self.sets_a_password() {
            return None;
        }
        // nginx's page is read only when it is its stock page for a client certificate (to a
        // request with a credential, another page's words are read as a 400's are).
        if g == Gate::ClientCertificate
            && gate::nginx_client_certificate_page(&self.captured.prefix).is_none()
        {
            if self.sent_no_credential() {
                return None;
            }
            g = if self.findings.iter().any(|f| f.flags_request()) {
                Gate::Flagged
            } else {
                Gate::CredentialWords
            };
        }
        // A request signed in its kept body (`…&timestamp=…&signature=…`, as exchanges sign
        // form bodies), which the head alone could not show, is a signed request.
        if g == Gate::Flagged && self.signs_its_body() {
            g = Gate::SignedRequest;
        }
        let mut evidence = self.evidence(headers);
        // (read only for a page that is the form again: it held a password field)
        if g == Gate::SignInForm {
            evidence.form_password_fields = gate::password_field_names(&self.captured.prefix);
        }
        // The words of an error redirect (or a refused sign-in's) are in its `Location`.
        if matches!(g, Gate::ErrorRedirect | Gate::SignInRefused) {
            let to = headers
                .get(http::header::LOCATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|l| final_url.join(l).ok());
            for (k, v) in to.iter().flat_map(|u| u.query_pairs().take(16)) {
                if gate::is_error_param(&k) {
                    let v = v.trim().to_owned();
                    if v.contains(' ') {
                        evidence.body.messages.push(v);
                    } else if !v.is_empty() {
                        evidence.body.codes.push(v);
                    }
                }
            }
        }
        // RFC 6750 §3.1's catch-all `invalid_request` on a 400, without a description, to a
        // request whose one Bearer token pre-flight found well formed: the request's other
        // parameters are what the server found malformed, not its credential.
        if g == Gate::Challenge && self.plain_bearer_refused_as_bad_request(&evidence) {
            return None;
        }
        if matches!(
            g,
            Gate::Unprocessable | Gate::Flagged | Gate::CredentialWords
        ) && self.refuses_a_payload_field(evidence.body.json.as_ref())
        {
            return None;
        }
        // A token request answered by an OAuth error in another form than JSON (a bare
        // `invalid_grant`, read as its JSON): the token endpoint's answer.
        if g == Gate::CredentialWords
            && self.sent.gate_facts().token_request
            && gate::is_standard_token_error(evidence.body.json.as_ref())
        {
            g = Gate::TokenEndpoint;
        }
        // A sign-in refused on its identifier (Laravel's 422 "The given data was invalid." with
        // `errors.email`) is the sign-in's verdict, not a validation of the payload.
        let (stands_for, why) = gate::confirm(
            g,
            &crate::observe::grpc::with_web_trailers(headers, &self.captured.prefix),
            evidence.body.json.as_ref(),
            &evidence.body.codes,
        )
        .or_else(|| {
            (matches!(
                g,
                Gate::Unprocessable | Gate::Flagged | Gate::CredentialWords
            ) && self.refuses_the_login(evidence.body.json.as_ref()))
            .then(|| (StatusCode::UNAUTHORIZED, String::new()))
        })?;
        // An empty reason: the gate found no code, and the words decide.
        let codeless = why.is_empty();
        if g == Gate::TokenEndpoint && codeless && self.status.is_success() {
            // A 2xx to a token request is read only for an OAuth-shaped error.
            return None;
        }
        let standard_code = gate::is_standard_token_error(evidence.body.json.as_ref());
        // A code names the credential as well as a message does ("INVALID_API_KEY",
        // "InvalidAuthentication"), whatever language the message is in.
        let quotes_credential = self.quotes_a_credential(&evidence.body.messages);
        // (a validation error that locates a credential's field names it, in whatever words)
        let validated_field = evidence.body.json.as_ref().is_some_and(|j| {
            !diagnose::credential_field_errors(j, &self.credentials_at(&self.sent.url())).is_empty()
        });
        let names_credential = validated_field
            || words::names_the_credential(&evidence.body.messages)
            || words::names_the_credential(&evidence.body.codes)
            // (a WS-Security fault code names the message's security header)
            || diagnose::ws_security_code(&evidence.body.codes).is_some()
            || self.names_a_credential_place(&evidence.body.messages)
            // (a credential's header by its name: "`Upstash-Signature` header is missing")
            || evidence
                .body
                .messages
                .iter()
                .any(|m| !words::credential_headers_named(m).is_empty())
            || quotes_credential
            // A SAML response's own parts, to a request that posted one ("Invalid document
            // signature", "SAML assertion expired").
            || (self.sent.posts_saml()
                && evidence.body.messages.iter().any(|m| {
                    let n = words::normalize(m);
                    ["saml", "assertion", "signature", "document signature"]
                        .iter()
                        .any(|w| words::has(&n, w))
                }))
            // A bare verdict on "the token" or "the key", no other noun, to a request that sent
            // one in `Authorization` ("Invalid token"), or in a header of its own
            // (`x-csrf-jwt`), or in its URL with nothing else that could be meant (Blynk's
            // "Invalid token." to `/<token>/get/V1`): that one is meant, not a payload's
            // ("Invalid page token" names its own).
            // (or its code does, beside a message of its own: XRPC's `"error": "InvalidToken"`)
            || (evidence
                .body
                .messages
                .iter()
                .map(|m| words::normalize(m))
                .chain(evidence.body.codes.iter().map(|c| words::normalize_code(c)))
                .any(|n| bare_verdict_on_token(&n))
                && (self.authorization_kind().is_some()
                    || self.sends_a_header_credential()
                    || self.sends_only_a_url_credential()))
            // A JOSE header parameter of the JWT the request sent (RFC 7515 §4.1: "The
            // specified alg value is not allowed", "kid not found"): that token's.
            || (self.authorization_kind() == Some(credential::CredentialKind::Jwt)
                && evidence.body.messages.iter().any(|m| {
                    let n = words::normalize(m);
                    words::has(&n, "alg") || words::has(&n, "kid")
                }))
            // A verdict on "the signature" to a request whose only signed thing is the JWT in
            // its `Authorization` ("Signature verification failed"): the token's.
            || (self.authorization_kind() == Some(credential::CredentialKind::Jwt)
                && !self.sent.gate_facts().signed
                && evidence.body.messages.iter().any(|m| {
                    let n = words::normalize(m);
                    words::has(&n, "signature")
                        && ["failed", "invalid", "mismatch", "does not match", "not verified"]
                            .iter()
                            .any(|w| words::has(&n, w))
                }));
        let names_missing = words::names_missing_credential(&evidence.body.messages);
        let quotes_no_value =
            words::quotes_no_value(&evidence.body.messages, !self.sent_no_credential());
        let messages: Vec<String> = evidence
            .body
            .messages
            .iter()
            .map(|m| words::normalize(m))
            .collect();
        // An envelope that carries an HTTP status of its own (`"code": 429` in a 200) says
        // what it stands for.
        // (So does a 422 or a 400 whose body states 401 at its top: `{"Error": "App Key
        // Invalid", "Code": "401"}`, and a GraphQL answer beside its `errors`.)
        let enveloped = matches!(
            g,
            Gate::KeyedEnvelope
                | Gate::SignedEnvelope
                | Gate::Unprocessable
                | Gate::CredentialWords
                | Gate::GraphQl
        )
        .then(|| envelope_status(evidence.body.json.as_ref()))
        .flatten();
        // A gRPC status quoted in grpc-go's form states one as well.
        let grpc_quoted = enveloped.is_none()
            && matches!(
                g,
                Gate::KeyedEnvelope
                    | Gate::SignedEnvelope
                    | Gate::CredentialWords
                    | Gate::Flagged
                    | Gate::SignedRequest
            );
        let grpc_quoted = grpc_quoted
            .then(|| grpc_text_status(&evidence.body.messages))
            .flatten();
        let enveloped = enveloped.or(grpc_quoted);
        // A keyed API's short 2xx that reports a failure (`"success": false`, `"status":
        // "error"`) whose whole message is a refusal and nothing more ("Access Denied.", "Not
        // Authorized"), to a request with a credential or with none: the envelope stands for
        // the status those words are the reason phrase of, and says no more than that status
        // would (a JSON-RPC call refused "Unauthorized" without any credential is missing one).
        // So does a 400 or a 500 whose whole message is such a refusal ("Unauthorized" as the
        // body of a 400): the reason phrase of another status, which it stands for.
        let bare_refusal = (enveloped.is_none()
            && ((g == Gate::KeyedEnvelope
                && gate::reports_failure(evidence.body.json.as_ref(), &evidence.body.messages))
                || (g == Gate::CredentialWords
                    && matches!(self.status.as_u16(), 400 | 500)
                    && evidence.body.codes.is_empty())))
        .then(|| {
            // (a JSON-RPC error's `message` is its own: its `data` may say more)
            let jsonrpc_message = evidence
                .body
                .json
                .as_ref()
                .filter(|j| j.get("jsonrpc").is_some())
                .and_then(|j| j.get("error")?.get("message")?.as_str())
                .map(|m| vec![m.to_owned()]);
            Self::bare_refusal(
                jsonrpc_message
                    .as_deref()
                    .unwrap_or(&evidence.body.messages),
                g == Gate::KeyedEnvelope,
            )
        })
        .flatten();
        let enveloped = enveloped.or(bare_refusal);
        // A JSON-RPC batch answered in part and refused in part: a method refused to a
        // credential the other calls were accepted with (a 403's meaning).
        let enveloped = enveloped.or_else(|| {
            (matches!(g, Gate::KeyedEnvelope | Gate::HeaderEnvelope)
                && evidence
                    .body
                    .json
                    .as_ref()
                    .is_some_and(gate::jsonrpc_batch_partly_refused))
            .then_some(StatusCode::FORBIDDEN)
        });
        // An error envelope whose words name the credential, to a request whose credential
        // pre-flight flagged ("undefined" as the token): the request shows which fault, in
        // whatever language the envelope speaks.
        let flagged_and_named = names_credential
            && self.findings.iter().any(|f| f.implied_cause().is_some())
            && evidence.body.json.as_ref().is_some_and(|j| {
                gate::envelope_error(j)
                    // a short answer that says nothing but of the credential
                    || (g == Gate::KeyedEnvelope && !gate::answered_with_data(j))
            });
        // A sign-in answered with a short failure and no reason (`{"ok": false}`, "Fails."):
        // the sign-in was refused.
        // (A failure the server blames on itself, "internal error: … while executing", is
        // no refusal.)
        let sign_in_failed = g == Gate::KeyedEnvelope
            && gate::reports_failure(evidence.body.json.as_ref(), &evidence.body.messages)
            && messages.iter().all(|m| words::decides(m))
            && gate::signs_in(&self.credentials_at(&self.sent.url()));
        // A token request whose OAuth parameters went in the query string of a POST with no
        // form body (RFC 6749 §3.2: they travel in the body): whatever the token endpoint
        // answers names what it did not find there.
        let token_request_in_query = g == Gate::TokenEndpoint
            && !self.sent.gate_facts().token_request
            && crate::diagnose::token_request_in_query(&self.sent.url());
        // A 503 page is read only when it is nginx's stock one (its default answer to what
        // `limit_req` and `limit_conn` refuse: a rate limit, most likely); any other page is
        // an outage's or a maintenance notice.
        let html = headers.get(http::header::CONTENT_TYPE).is_some_and(|v| {
            v.as_bytes()
                .windows(4)
                .any(|w| w.eq_ignore_ascii_case(b"html"))
        });
        let nginx_limit = g == Gate::Unavailable && gate::is_nginx_stock_503(&self.captured.prefix);
        if g == Gate::Unavailable && html && !nginx_limit {
            return None;
        }
        // A 5xx whose words report a failure further on (an auth plugin's "Received unexpected
        // HTTP code 502 from …", "connect ECONNREFUSED") never judged the credential: the
        // server's own trouble, whatever word of authentication it starts with. So is a
        // sign-in form answered again with such words: the password was never checked.
        if (self.status.is_server_error() || g == Gate::SignInForm)
            && words::reports_upstream_failure(&messages)
        {
            return None;
        }
        // A keyed API's 2xx that is a list of records, or a JSON-RPC call's result, is the
        // answer's data, whatever its words (log rows that speak of tokens); a GraphQL
        // document that failed validation is the query's fault.
        let json = evidence.body.json.as_ref();
        if (g == Gate::KeyedEnvelope
            && self.status.is_success()
            && json.is_some_and(gate::only_answer))
            || (self.status.is_client_error() && json.is_some_and(gate::graphql_document_refused))
        {
            return None;
        }
        if !nginx_limit
            && !self.worth_diagnosing(
                g,
                &messages,
                &evidence.body.codes,
                Named {
                    credential: names_credential,
                    missing: names_missing,
                    quoted: quotes_credential,
                },
                enveloped.is_some()
                    || flagged_and_named
                    || sign_in_failed
                    || token_request_in_query,
            )
        {
            return None;
        }
        // Words of rate limiting in an envelope read by its words stand for a 429.
        // nginx's stock 503 page is its default answer to requests `limit_req` and
        // `limit_conn` refuse (`limit_req_status 503`): a rate limit, most likely.
        let rate_words =
            codeless && (nginx_limit || words::names(Cause::RateLimited, &messages).is_some());
        let stands_for = if let Some(s) = enveloped {
            s
        } else if rate_words
            && matches!(
                g,
                Gate::KeyedEnvelope
                    | Gate::CredentialWords
                    | Gate::Flagged
                    | Gate::SignedEnvelope
                    | Gate::Unavailable
            )
        {
            http::StatusCode::TOO_MANY_REQUESTS
        } else if g == Gate::GraphQl && codeless {
            // Words that ask who the caller is stand for a 401, others for a 403; so does a
            // refusal ("Not Authorised!") to a request that carried no credential at all.
            let refused_anonymous = self.sent_no_credential() && Self::refused(&messages);
            // An auth *policy* that failed ("Failed auth policy check on revenueReport")
            // judged what the caller may do, not who it is.
            let policy = messages.iter().any(|m| words::has(m, "policy"));
            if (names_credential && !policy)
                || refused_anonymous
                || words::asks_for_authentication(&evidence.body.messages)
            {
                http::StatusCode::UNAUTHORIZED
            } else {
                http::StatusCode::FORBIDDEN
            }
        } else if g == Gate::CredentialWords && self.status == StatusCode::METHOD_NOT_ALLOWED {
            // A method refused to a key that its words name ("not allowed … with this
            // authentication key") is the key's permission: what a 403 says.
            http::StatusCode::FORBIDDEN
        } else {
            stands_for
        };
        // Where a bad request must name the credential, a body that answers the request's
        // credential field by name does (read before the evidence moves into the diagnosis).
        // 498 and 499 are the token's own statuses where servers use them (Esri's "Invalid
        // Token" and "Token Required"): the status names the credential.
        let token_status = matches!(self.status.as_u16(), 498 | 499);
        // A resource's answer in RFC 6750 §3.1's own shape to a request that sent
        // `Authorization`: `invalid_token` and `insufficient_scope` name the credential
        // whatever the description's words; the catch-all `invalid_request` does when its
        // description speaks of the scheme or the header ("\"Bearer\" found", "Expected DPoP
        // header"), and is a payload's bad request otherwise ("missing field: name").
        let resource_error = self.authorization_kind().is_some()
            && evidence.body.json.as_ref().is_some_and(|j| {
                let description = j
                    .get("error_description")
                    .and_then(serde_json::Value::as_str);
                let of_the_credential = || {
                    description.is_some_and(|d| {
                        let d = d.to_ascii_lowercase();
                        ["bearer", "dpop", "authorization", "header", "scheme"]
                            .iter()
                            .any(|w| d.contains(w))
                    })
                };
                description.is_some()
                    && j.get("error")
                        .and_then(serde_json::Value::as_str)
                        .is_some_and(|c| {
                            matches!(c, "invalid_token" | "insufficient_scope")
                                || (c == "invalid_request" && of_the_credential())
                        })
            });
        // A 422 to a request without any credential is a validation error of the payload
        // unless its words name the credential ("The email field must be a valid email
        // address." is no missing credential).
        let must_name = (matches!(g, Gate::CredentialWords | Gate::Flagged)
            && !token_status
            && !resource_error)
            || (g == Gate::Unprocessable && self.sent_no_credential())
            || (g == Gate::TokenEndpoint && codeless);
        let answers_field = must_name
            && !names_credential
            && (self.answers_a_credential_field(&evidence.body.fields)
                || self.refuses_the_login(evidence.body.json.as_ref()));
        let why = match enveloped {
            Some(s) if why.is_empty() && grpc_quoted.is_some() => format!(
                "the server's message quotes the gRPC status {} (grpc-go's `rpc error: code = …`), which stands for {}",
                if s == StatusCode::UNAUTHORIZED {
                    "Unauthenticated"
                } else {
                    "PermissionDenied"
                },
                s.as_u16()
            ),
            Some(s) if why.is_empty() && bare_refusal.is_some() => format!(
                "the response's envelope reports a failure in nothing but the words of a {}",
                s.as_u16()
            ),
            Some(s) if why.is_empty() => {
                format!("the response's envelope states the status {}", s.as_u16())
            }
            _ => why,
        };
        evidence.gated = Some((self.status, g, why));
        evidence.status = stands_for;
        // (MCP's `isError`: see below)
        let tool_error = evidence
            .body
            .json
            .as_ref()
            .and_then(|j| j.get("result"))
            .and_then(|r| r.get("isError"))
            .and_then(serde_json::Value::as_bool)
            == Some(true);
        let (stack_trace, crashed_reading_credential) = (
            evidence.body.stack_trace,
            evidence.body.crashed_reading_credential,
        );
        let mut e = self.diagnose(evidence, headers, final_url);
        // A lookup that failed on the credential's own value, quoted ("No ClientIntegration
        // found for api_client_key: <the key sent>"), or a verdict beside it ("The GUID
        // entered is not recognised … : <the key sent>"): the server does not know that key.
        if quotes_credential
            && e.cause() == Some(Cause::InvalidCredentials)
            && e.confidence == Some(Confidence::Low)
        {
            let not_found = messages.iter().any(|m| {
                NOT_FOUND.iter().any(|w| words::has(m, w))
                    || (words::has(m, "found") && words::has(m, "no"))
            });
            let verdict = messages
                .iter()
                .any(|m| QUOTED_VERDICTS.iter().any(|w| words::has(m, w)));
            if not_found || verdict {
                e.confidence = Some(Confidence::Medium);
                e.evidence.push(if not_found {
                    "the server's error quotes the credential the request sent as one it did not find"
                        .to_owned()
                } else {
                    "the server's error quotes the credential the request sent beside its verdict on it"
                        .to_owned()
                });
            }
        }
        // Words alone stood for the status, or a 410 for the credential's end: what follows
        // from it is no surer than that reading.
        // (So is a server error's: a 500 whose words refuse an anonymous caller.)
        if ((codeless && rate_words)
            || self.status == StatusCode::GONE
            || (self.status == StatusCode::INTERNAL_SERVER_ERROR && enveloped.is_none()))
            && e.confidence == Some(Confidence::High)
        {
            e.confidence = Some(Confidence::Medium);
        }
        // A 431 is an auth failure only when the credential's own size explains it.
        if g == Gate::HeadersTooLarge && e.cause() != Some(Cause::MalformedCredentials) {
            return None;
        }
        // Where only the words decide, they must name a cause.
        let decided = !matches!(
            e.cause(),
            Some(Cause::UnknownUnauthorized | Cause::UnknownForbidden) | None
        ) && e.confidence() >= Some(Confidence::Medium);
        // An envelope that states its status is read as that status, as a response with it
        // would be.
        let by_words = enveloped.is_none()
            && matches!(
                g,
                Gate::SignedRequest
                    | Gate::HiddenScope
                    | Gate::Unprocessable
                    | Gate::SignInPage
                    | Gate::PaymentRequired
                    | Gate::Flagged
                    | Gate::SignedEnvelope
                    | Gate::KeyedEnvelope
                    | Gate::CredentialWords
                    | Gate::Unavailable
                    | Gate::SignInRefused
                    | Gate::SignInForm
                    | Gate::DeniedRedirect
                    | Gate::ErrorRedirect
            )
            || (g == Gate::TokenEndpoint && !standard_code)
            || (g == Gate::GraphQl && codeless);
        // A state of the account or the credential (suspended, revoked, an address rule, a
        // named scope) is an auth failure, whatever noun the words use.
        let state = matches!(
            e.cause(),
            Some(
                Cause::AccountSuspended
                    | Cause::RevokedCredentials
                    | Cause::ExpiredCredentials
                    | Cause::IpRestricted
                    | Cause::OriginRestricted
                    | Cause::WrongEnvironment
                    | Cause::PlanRestricted
                    | Cause::RateLimited
                    | Cause::EndpointNotEnabled
                    | Cause::ClockSkew
                    | Cause::OrganizationPolicy
            )
        ) || (e.cause() == Some(Cause::InsufficientScope)
            && (!e.required_scopes().is_empty()
                // a caller's rights found wanting in so many words ("Access denied for user
                // ci-bot. Reason: Not enough rights to update issues."); a bare "permission
                // denied" is as often the file system's
                || messages.iter().any(|m| {
                    // (or a permission the caller does not have: "The service does not have
                    // a permission to use data")
                    [
                        "not enough",
                        "insufficient",
                        // ("No sufficient Privileges for user to perform requested operation",
                        // a Redfish BMC's)
                        "no sufficient",
                        "not sufficient",
                        "not have a",
                        "not have the",
                        // (said to the caller: "You don't have permissions to access this
                        // resource", in a 500)
                        "you do not have",
                        "you have no",
                        // "user erp-sync lacks permission shipments:write"
                        "lacks",
                        "lacking",
                    ]
                        .iter()
                        .any(|w| words::has(m, w))
                        && ["rights", "permission", "permissions", "privileges", "privilege"]
                            .iter()
                            .any(|w| words::has(m, w))
                })));
        // A CSRF token the request's own cookie shows unechoed names what is missing.
        let csrf_unechoed = e.cause() == Some(Cause::MissingCredentials)
            && messages
                .iter()
                .any(|m| words::has(m, "csrf") || words::has(m, "xsrf"));
        let finding_decides = g == Gate::Flagged
            && (messages.iter().all(|m| words::is_stock(m))
                // or words that say only that a header is badly formed ("Bad header internal
                // syntax"), to a request whose header credential pre-flight found malformed
                || (e.cause() == Some(Cause::MalformedCredentials)
                    && messages.iter().any(|m| {
                        words::has(m, "header")
                            && ["syntax", "malformed", "format", "bad"]
                                .iter()
                                .any(|w| words::has(m, w))
                    }))
                // or a 400 that names no cause at all, to a credential that breaks its
                // scheme's own grammar (RFC 7617's base64 `user:password`, RFC 7616's
                // parameters and `uri`): the request shows the fault the server met
                || (self.status == StatusCode::BAD_REQUEST
                    && e.cause() == Some(Cause::MalformedCredentials)
                    && words::classify(&messages, true).is_none()
                    && self.findings.iter().any(|f| {
                        matches!(
                            f.code,
                            "digest_malformed"
                                | "digest_uri_mismatch"
                                | "basic_not_base64"
                                | "basic_no_colon"
                        )
                    })))
            && e.cause().is_some()
            && self.findings.iter().any(|f| {
                f.implied_cause() == e.cause()
                    // (an `Authorization` split by two spaces implies no cause of its own)
                    || (f.flags_request() && e.cause() == Some(Cause::MalformedCredentials))
            });
        // A signed request's 500 page is its refusal only in words of one ("signature
        // validation failed"); any other crash is the application's own.
        if self.status == StatusCode::INTERNAL_SERVER_ERROR
            && g == Gate::SignedRequest
            && words::classify(&messages, true).is_none()
        {
            return None;
        }
        // ("No token supplied" to a request whose token went in the query: the words say the
        // credential is missing, which names it)
        let missing_named = names_missing
            && e.cause() == Some(Cause::MissingCredentials)
            && messages.iter().any(|m| {
                [
                    "token",
                    "key",
                    "api key",
                    "apikey",
                    "credentials",
                    "authorization",
                ]
                .iter()
                .any(|w| words::has(m, w))
                    // ("user name is empty" to a request without any credential, not a
                    // payload's field beside one)
                    || (self.sent_no_credential()
                        && ["user name", "username", "password"]
                            .iter()
                            .any(|w| words::has(m, w)))
            });
        // A 500 to a flagged request is the finding's only when it says nothing else, or
        // speaks of the credential: a stack trace's words (a database's "Access denied for
        // user …@10.0.0.5") are the server's own trouble.
        // (An envelope that states an auth status, or a gRPC status quoted, says it is one.)
        // (A stack trace whose words judge nothing, thrown in code that reads the credential
        // or on a placeholder sent as one, crashed on it: the finding's fault.)
        let crashed_on_finding = stack_trace
            && (crashed_reading_credential || e.cause() == Some(Cause::PlaceholderCredentials))
            && words::classify(&messages, true).is_none()
            && e.cause().is_some()
            && self.findings.iter().any(|f| f.implied_cause() == e.cause());
        if self.status == StatusCode::INTERNAL_SERVER_ERROR
            && g == Gate::Flagged
            && enveloped.is_none()
            && !finding_decides
            && !crashed_on_finding
            && !missing_named
            && !(names_credential
                && (matches!(
                    e.cause(),
                    Some(
                        Cause::ExpiredCredentials
                            | Cause::InvalidCredentials
                            | Cause::RevokedCredentials
                            | Cause::MalformedCredentials
                            | Cause::WrongEnvironment
                            | Cause::PlaceholderCredentials
                    )
                ) || (e.cause().is_some()
                    && self.findings.iter().any(|f| f.implied_cause() == e.cause()))))
        {
            return None;
        }
        // The request shows the fault; that the bare 400 (or the envelope in words this crate
        // does not read) is about it is inferred.
        // So is a short 2xx whose words say only that something failed ("ERROR 101").
        let by_finding_only = (flagged_and_named || g == Gate::KeyedEnvelope)
            && enveloped.is_none()
            && words::classify(&messages, true).is_none();
        if (finding_decides || by_finding_only) && e.confidence == Some(Confidence::High) {
            e.confidence = Some(Confidence::Medium);
        }
        // A sign-in's verdict names no credential ("Account … does not exist").
        let sign_in_verdict = e.cause() == Some(Cause::InvalidCredentials) && self.is_sign_in();
        let business =
            // A trading API's envelope also reports business errors ("insufficient balance"):
            // a plan or a quota is not read into one.
            (g == Gate::SignedEnvelope && e.cause() == Some(Cause::PlanRestricted))
            // A keyed envelope to a request whose key this crate does not see: absence alone
            // proves nothing there; the words must say the credential is missing.
            || (g == Gate::KeyedEnvelope
                && e.cause() == Some(Cause::MissingCredentials)
                && bare_refusal.is_none()
                && !names_missing
                && !words::asks_for_authentication(&messages)
                // (nor do words that quote the key received as empty or null)
                && !quotes_no_value
                // An empty key the request does show is its own evidence.
                && !self
                    .findings
                    .iter()
                    .any(|f| f.implied_cause() == Some(Cause::MissingCredentials)))
            // A bad request that speaks of a token or key of its payload is no auth failure,
            // unless it says nothing at all and the request's own credential shows the fault.
            || (must_name
                && !names_credential
                && !missing_named
                && !state
                && !answers_field
                && !sign_in_verdict
                && !finding_decides
                && !crashed_on_finding
                && !csrf_unechoed
                && !token_request_in_query
                && !self.empty_segment_keyed(&messages)
                // (words that ask a caller who sent no credential at all to authenticate, a
                // SOAP fault's "User not authenticated", name what is missing)
                && !(self.sent_no_credential()
                    && (words::asks_for_authentication(&messages)
                        // (a bare refusal to a request without any credential and without a
                        // body where one this crate does not see could hide: none, or a
                        // GraphQL document)
                        || ((self.body.is_none() || self.sent.gate_facts().graphql)
                            && !self.unread_body
                            && Self::refused(&messages)))))
            // A 503 is an outage unless it speaks of a rate limit, or of the state of the
            // caller's account or API, which needs a caller that identified itself (a service
            // "out of queries" upstream is its own problem).
            || (g == Gate::Unavailable
                && !(e.cause() == Some(Cause::RateLimited)
                    || (matches!(
                        e.cause(),
                        Some(
                            Cause::PlanRestricted
                                | Cause::EndpointNotEnabled
                                | Cause::AccountSuspended
                        )
                    ) && e.credential().is_some())));
        // A GraphQL error without a code that refuses in so many words ("Not Authorised!",
        // "Failed auth policy check on revenueReport") is an auth failure whose reason the
        // server does not give: an honest unknown, not nothing.
        let graphql_refusal = g == Gate::GraphQl
            && codeless
            && matches!(
                e.cause(),
                Some(Cause::UnknownForbidden | Cause::UnknownUnauthorized)
            )
            && (Self::refused(&messages)
                || messages.iter().any(|m| {
                    words::has(m, "auth policy") || words::has(m, "authorization policy")
                }));
        // A tool's failure inside a JSON-RPC result (MCP's `isError`) answers a call the
        // server had already authenticated: only what an authenticated caller can meet (a
        // permission, a limit, a plan, the account's or the credential's state) is an auth
        // failure; "Unknown tool: 'close_ticket'" judges no credential, whatever its words.
        if tool_error
            && !matches!(
                e.cause(),
                Some(
                    Cause::InsufficientScope
                        | Cause::RateLimited
                        | Cause::PlanRestricted
                        | Cause::AccountSuspended
                        | Cause::EndpointNotEnabled
                        | Cause::ExpiredCredentials
                        | Cause::RevokedCredentials
                        | Cause::OrganizationPolicy
                        | Cause::IpRestricted
                )
            )
        {
            return None;
        }
        // A 402 with no words at all is read by its status (low), there being none to name it.
        let bare_402 = g == Gate::PaymentRequired && messages.is_empty();
        // A 422 whose words state a rule on the very credential the request sent in
        // `Authorization` ("Only refresh tokens are allowed", "The specified alg value is not
        // allowed"): a refusal of that credential whose reason is not a cause of ours.
        let rule_on_the_credential = g == Gate::Unprocessable
            && names_credential
            && self.authorization_kind().is_some()
            && (Self::refused(&messages) || messages.iter().any(|m| words::has(m, "allowed")));
        // (read from a stock page alone: said low, once the words were found to decide)
        ((decided && !business)
            || !by_words
            || graphql_refusal
            || bare_402
            || rule_on_the_credential
            || self.hides_for_access(&messages)
            || (g == Gate::KeyedEnvelope && self.only_refused_a_credential(&messages)))
        .then_some(e)
        .map(|e| self.finish(e, nginx_limit, &messages))
    }

    /// Reads the evidence and runs the diagnosis on the response's `headers` and `final_url`.
    pub(super) fn explain(&self, headers: &http::HeaderMap, final_url: &url::Url) -> Explanation {
        if self.unmoved {
            return self.diagnose(self.evidence(headers), headers, &self.sent.url());
        }
        self.diagnose(self.evidence(headers), headers, final_url)
    }

    /// Runs the diagnosis on `evidence` for the response from `final_url`.
    pub(super) fn diagnose(
        &self,
        mut evidence: Evidence,
        headers: &http::HeaderMap,
        final_url: &url::Url,
    ) -> Explanation {
        let cfg = &*self.config;
        let url = self.sent.url();
        let credentials = self.credentials_at(&url);
        let findings = self.findings_read_late(&credentials);
        if url.origin() != final_url.origin() {
            evidence.redirected_from = Some((
                url.origin().ascii_serialization(),
                final_url.origin().ascii_serialization(),
            ));
        }
        diagnose::explain(&Context {
            method: self.sent.method(),
            url: &url,
            final_url,
            credentials: &credentials,
            findings: &findings,
            evidence: &evidence,
            headers,
            now: self.now,
            sensitive_params: &cfg.names.query,
            hidden_credential_headers: &cfg.hidden_credential_headers,
            history: self.recall.as_ref(),
            profiles: cfg.provider_profiles,
            cache: Default::default(),
        })
    }
}
