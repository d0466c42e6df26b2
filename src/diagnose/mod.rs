//! The evidence model: from what the request shows and what the server said to one [`Cause`],
//! with the evidence, the remedies and a stated [`Confidence`].
//!
//! Each rule reads one kind of evidence and concludes, or passes. They run in a documented
//! precedence, most direct evidence first, and the first conclusion wins; the key history then
//! refines a generic verdict. Standards and what the request itself shows come before a
//! provider's codes, which come before the server's words; stock error pages carry no weight.
//!
//! | # | evidence (module) | concludes | confidence |
//! | --- | --- | --- | --- |
//! | 1 | a 407, `Proxy-Authorization` or a proxy URL with userinfo ([`rules::proxy`]); a 407 without `Proxy-Authenticate` to a request that went through no proxy this process names is the server's own refusal, read by its words | `proxy_auth_required`, or the words' cause | high; medium without a proxy in sight |
//! | 1′ | a 401 whose origin challenge asks for the scheme of the request's only credential, a `Proxy-Authorization` the caller set, to an `https://` or loopback origin (no proxy to consume it) ([`rules::proxy`]) | `missing_credentials` (sent in the proxy's header) | medium |
//! | 1b | nginx's stock 400 page for mutual TLS (`ssl_verify_client`) to a request without a visible credential, "No required SSL certificate was sent" or "The SSL certificate error" ([`rules::client_certificate`]) | `missing_credentials` or `invalid_credentials` (the client certificate) | high |
//! | 1c | a CORS preflight (`OPTIONS` with `Access-Control-Request-Method`, Fetch §4.8) answered 401 or 403 ([`rules::cors_preflight`]) | `origin_restricted` (the CORS policy) | medium |
//! | 1d | a 431 (RFC 6585 §5) to a request whose credential, or its cookies together, holds 4 KiB or more ([`rules::login_redirect`], `rules/oversized.rs`) | `malformed_credentials` (too large for the server); a 431 to small credentials is handed on | medium |
//! | 2 | a cross-origin redirect that dropped `Authorization`/cookies; a redirect to another origin handed to the caller unfollowed, to a request that carried them ([`rules::redirect`]) | `credentials_dropped_on_redirect` | high; medium for the unfollowed redirect |
//! | 2′ | a 401 or 403 to a plaintext `http://` request whose words ask for TLS ("SSL is required", "HTTPS required") ([`rules::plaintext_refused`]) | `insecure_transport` | medium |
//! | 3 | a pre-flight finding that decides: placeholder, empty (not beside a request the client signed, unless the server names the empty header), malformed (a key without a scheme only where a challenge or words ask for one, or a stack trace fails in the code that reads it), JWT `exp` past (unless the server names another reason, or says it found no token where it looks: in the header, for a token sent elsewhere; under `Bearer`, for one sent under another scheme) ([`rules::findings`]) | the finding's cause | high (medium for a test key, a publishable key, a token not valid yet) |
//! | 3b | a 402 whose words name a plan, billing or credits ([`rules::payment_required`]); a 402 with an empty body, by the status alone (low) | `plan_restricted` | medium |
//! | 3c | an OAuth 1.0 `oauth_problem` in the challenge or the body (OAuth Problem Reporting) ([`rules::oauth1_problem`]) | `signature_invalid` → `signature_mismatch`, `timestamp_refused` → `clock_skew`, `token_expired` → `expired_credentials`, `token_revoked`/`token_used` → `revoked_credentials`, `token_rejected`/`consumer_key_*` → `invalid_credentials`, `parameter_*` → `malformed_credentials`, `permission_*` → `insufficient_scope` | high |
//! | 4′ | a 401, 403 or 410 to a signed link (a signature in the query, `?md5=` and `?hmac=` included) whose own expiry parameter (`temp_url_expires`, `Expires`, `se`) lies before the response's `Date` (or this clock, without one), unless the words name another reason ([`time::signed_link_expired`]) | `expired_credentials` | medium |
//! | 4 | the server's `Date` (or times in the body) against the local clock, a JWT's `exp`/`nbf`/`iat` against both clocks, with the server judging the request's time ([`time::clock_skew`]) | `clock_skew` when the offset is 10 s or more behind an explicit complaint (a minute for a JWT's window, five for a signature error that names the time or date, or for a bare refusal of a request that signs its own time); a stale signed timestamp (`signature_mismatch`) when the clocks agree; none when the JWT's `exp` lies at or before the server's own `Date` and the server calls it expired (the clock that judged it agrees: the token expired) | high; medium without a `Date`, or on a bare refusal |
//! | 5 | a JWT whose `exp` passed by both clocks ([`time::jwt_expired`]) | `expired_credentials` | high |
//! | after | an expiry the words claim while the JWT's claims contradict it at the server's `Date`, or a bare "invalid token" for a JWT issued after that `Date` ([`time::expired_inside_window`]) | `clock_skew` when the token was issued after that `Date` (a minting clock ahead), `revoked_credentials` when it was inside its window | medium |
//! | 5a | a 401 or 403 that calls a token not valid (or active) yet, or an assertion earlier than its `NotBefore` (SAML 2.0 Core §2.5.1; judged in a body this middleware did not read) ([`time::not_yet_valid`]) | `clock_skew` (the server's clock or the issuer's is off), unless the words name another reason; for a token without claims this crate reads, `clock_skew` only when the `Date` disagrees with this clock, else `invalid_credentials` (its own start) | medium; low without claims |
//! | 5b | a Bearer JWT whose `typ`/`type`/`token_type` claim says `refresh`, sent to a path that names neither refreshing nor tokens ([`rules::refresh_jwt`]) | `invalid_credentials` (a refresh token where an access token belongs), unless the server names another specific reason | high |
//! | 6 | a provider profile, when switched on (host, token prefix or response shape) | the profile's cause | medium |
//! | 7 | Digest `stale=true` (RFC 7616 §3.3) ([`rules::digest_stale`]) | `expired_credentials` | high |
//! | 7b | Digest sent and refused with a new Digest challenge without `stale=true` (RFC 7616 §3.3) ([`rules::digest_refused`]) | `invalid_credentials`, unless the server's words name another specific reason | high |
//! | 7c | a challenge whose scheme is an address rule (`ip-whitelist`), not a way to authenticate ([`rules::address_challenge`]) | `ip_restricted` | medium |
//! | 8 | the `Authorization` scheme sent against the schemes the 401's challenges name (RFC 9110 §11.6.1) ([`rules::wrong_scheme`]) | `wrong_scheme`, unless the server's words show it read the credential (expired, suspended, …) | high; medium when the server also calls the key invalid |
//! | 8a | an NTLM message sent under `Negotiate` answered with a bare `Negotiate` challenge and no `NTLM` one (RFC 4559: a Kerberos-only server) ([`rules::ntlm_inside_negotiate`]) | `wrong_scheme` | medium |
//! | 8′ | no challenge, and the words of a 401 or 403 ask for a well-known scheme other than the one sent, right beside a word of requirement ("must use AWS4-HMAC-SHA256", "Bearer token required"); so do a token endpoint's to a client that sent `client_secret` in its form body ("Must include a basic access authentication header"), or that name another registered method of client authentication (RFC 7591: `CLIENT_SECRET_BASIC`, `private_key_jwt`) ([`rules::scheme_asked_in_words`]) | `wrong_scheme`, unless the words show the credential was read | medium |
//! | 8b | the server's words refuse the scheme the request sent, by name ("Unsupported authorization scheme Bearer") ([`rules::scheme_refused`]) | `wrong_scheme` | medium |
//! | 8c | a 401 challenge for an `Authorization` scheme to a request whose credentials went only in the query, a cookie or the body ([`rules::challenge_unanswered`]) | `missing_credentials` (not where the server reads it), unless the server read or judged it | medium |
//! | 8d | a 401 challenge that names the header it reads its key from (`header="X-API-Key"`, `name="…", type="header"`), or an error that names it beside words of its absence ("Expected … [\"X-Api-Key\"], but none were provided"), to a request that sent no such header ([`rules::challenged_header_unsent`]) | `missing_credentials` (not where the server reads it), unless the server read or judged it | medium |
//! | 8e | a bare `WWW-Authenticate: APIKey` (FastAPI's and Starlette's key classes) beside words that only ask for authentication ("Not authenticated"), to a request that carried a credential ([`rules::api_key_challenge_unanswered`]) | `wrong_scheme` (the key is not where the server reads it), unless the server read or judged it | medium |
//! | 8f | FastAPI's stock `{"detail": "Not authenticated"}` and nothing else, to a request that carried a credential its security classes did not find (no challenge with an error code, none that names the scheme sent); or its `{"detail": "Invalid authentication credentials"}` with a 403 and no challenge, to an `Authorization` of another scheme than `Bearer` or `Digest` (`HTTPBearer` refuses the scheme before reading the token) ([`rules::framework_found_nothing`]) | `wrong_scheme` | medium |
//! | 8g | a POST to a token endpoint (answered with a token gate) whose `grant_type` and a grant's or client's credential went in the query, with no token request in the body (RFC 6749 §3.2), unless a standard code other than `invalid_request` judged what arrived ([`rules::token_request_unread`]) | `missing_credentials` | medium |
//! | 9 | RFC 6750 §3.1 / RFC 6749 §5.2 / RFC 9470 codes, in a Bearer challenge or a JSON body's `error` ([`rules::standard_codes`]) | the code's cause, refined by `error_description` (the catch-all `invalid_request` read by its description as written: an unsupported grant, a refusal; medium when the description names nothing this crate reads) (`invalid_token` "not yet valid" to a JWT whose `nbf`/`iat` is after the server's `Date`: `clock_skew`, medium) | high |
//! | 9′ | a SOAP fault whose code is WS-Security's (OASIS WSS §12): `FailedAuthentication`, `InvalidSecurityToken`, `FailedCheck`, `InvalidSecurity` ([`rules::ws_security_fault`]) | `invalid_credentials`, `signature_mismatch`; `missing_credentials` for `InvalidSecurity` to an envelope without a `Security` header | medium (low for `InvalidSecurity` beside a header) |
//! | 9a | a JSON-RPC batch answer (JSON-RPC 2.0 §6) with results beside an error that refuses its call ("Unauthorized", "Permission denied"), to a request with a credential ([`rules::batch_partly_refused`]) | `insufficient_scope` (the credential was accepted for the other calls) | medium |
//! | 9b | a Bearer challenge's `scope` without an error code, against the scopes of a current JWT (`scope`, `scp`, a registry token's `access`) that lacks one of them ([`rules::challenged_scope_unheld`]) | `insufficient_scope` | medium |
//! | 10 | `X-Accepted-OAuth-Scopes` against `X-OAuth-Scopes` ([`rules::scope_headers`]) | `insufficient_scope` | high |
//! | 10b | a refused key whose prefix names a sandbox (`pdl_sdbx_`) sent to a host without a test label, or a live key (`sk_live_`) to a sandbox or test host ([`rules::environment_mismatch`]); test-mode keys (`sk_test_`) share their provider's host and name none | `wrong_environment`, unless the words name another specific reason | medium |
//! | 11 | quota and credit words on a 403/429, without a `Retry-After` within the hour ([`rules::quota_before_rate_limit`]) | `plan_restricted` | medium |
//! | 12 | 429; a 403 with exhausted rate-limit headers, `Retry-After` or rate-limit words ([`rules::rate_limit`]) | `rate_limited` | high; medium on words alone, or on a `Retry-After` alone beside a 403 |
//! | 12b | a 401 or 403 whose words speak of CSRF ([`rules::csrf`]) | `missing_credentials` when the request sent a CSRF cookie and no CSRF header (the double-submit half done); `origin_restricted` when a 403's own short reason names the Referer or Origin; `missing_credentials` when a short reason calls the CSRF token missing, or invalid to a request that shows none; `invalid_credentials` when it calls invalid a token the request carried (a `_csrf` field, a CSRF header); else `unknown_unauthorized` / `unknown_forbidden`, with the CSRF remedy | medium |
//! | 12c | a 403 whose words speak of a web application firewall ([`rules::firewall`]) | `unknown_forbidden`, with the firewall's remedy | medium |
//! | 12d | a 403 whose whole message is Amazon API Gateway's stock "Missing Authentication Token", to a request that carried a credential other than a SigV4 signature ([`rules::gateway_stock_missing_token`]) | `unknown_forbidden` (an unknown route, or an IAM-authorized one called unsigned) | medium |
//! | 13 | a 401 to a request without a credential ([`rules::no_credential`]); unless the request is an OAuth authorization response carrying the authorization server's `error` beside `state` (RFC 6749 §4.1.2.1), whose refusal the callback relays ([`rules::callback_refused`]) | `missing_credentials` (`proxy_auth_required` when only proxy credentials went); for the callback `unknown_unauthorized` (`insufficient_scope` for `invalid_scope`) | high; medium with default headers the middleware cannot see, or a request body it does not read |
//! | 13a | an `Authorization` value built with more than one space after its scheme (sent as is or repaired), and a 401 that only asks for authentication or gives no reason, or a 400 with a stock body ([`rules::spaced_scheme`]) | `malformed_credentials` | medium |
//! | 13a′ | an `Authorization` scheme in another case than the 401's challenge writes it (`bearer` to `Bearer`), the challenge without an error code (RFC 6750 §3.1) and no reason in the words ([`rules::scheme_case`]) ; or, without a challenge, the standard's spelling (`Bearer`, `Basic`, `Digest`) differs and the words call the credential missing | `malformed_credentials` | medium |
//! | 13a″ | a 401 or 403 to an `Authorization` header whose scheme is an `X-` header name made of credential words (`X-CSCAPI-KEY <key>`), without a challenge of that scheme or words of another cause ([`rules::header_name_as_scheme`]) | `missing_credentials` (the key belongs in a header of that name) | medium |
//! | 13a‴ | a schema validator's error (pydantic's `loc`/`type`, zod's `path`/`code`, Ajv's `instancePath`/`keyword`, Joi's `path`/`type`) that locates a credential's field: required and not sent, to a request without a header credential; or a rule of form (a pattern, a length) broken by a credential the request sent there, not a payload field beside a header credential ([`rules::credential_field_refused`]) | `missing_credentials`; `malformed_credentials` | medium |
//! | 13b | a 401 or 403 whose words call a request that carried a credential anonymous or unregistered ([`rules::anonymous_despite_credentials`]) | `invalid_credentials`; `missing_credentials` when its only credentials went in the query or the body (not where the server reads them) | medium |
//! | 13c | a 401 whose words ask for authentication while the request's credentials went only in the query or the body ([`rules::credential_not_read`]) | `missing_credentials` (not read where it was sent) | medium |
//! | 13c′ | a 401 or 403 whose words name a query or body credential the request sent as absent ("No parameter … DOLAPIKEY in URL", "api_key is missing"), judging nothing ([`rules::credential_not_read`]) | `missing_credentials` (not read there, for this method or at all) | medium |
//! | 13d | a 401 whose words say the authorization is missing while the request sent no `Authorization` header, only credentials elsewhere ([`rules::authorization_unsent`]) | `missing_credentials` (the `Authorization` header the server reads) | medium |
//! | 13d′ | a 401 or 403 whose machine code says the key is missing (`api_key_missing`) to a request that sent one outside `Authorization` ([`rules::code_says_unsent`]) | `missing_credentials` (not read where it was sent), unless the words speak of its state | medium |
//! | 13d‴ | a 401 or 403 whose words name a credential header (`X-CRASHLYTICS-ACCESS-TOKEN`) the request did not send, its credentials having gone only in the query, the body or `Authorization` ([`rules::named_header_unsent`]) | `missing_credentials` | medium |
//! | 13d′b | a 401 or 403 whose words name a credential the request sent in its query as one that must travel elsewhere ("found in the query string, but must be in the POST body: lgpassword") ([`rules::query_credential_misplaced`]) | `wrong_scheme` | medium |
//! | 13d″ | words that say the signature (or the headers) are missing, to a request that signed in a header of its own ([`rules::signature_unread`]) | `missing_credentials` (a signature under another header name) | medium |
//! | 12c | a 401 or 403 whose words name an IPv4 range in CIDR form the request does not carry ([`rules::address_range`]) | `ip_restricted` | medium |
//! | 13e | a credential pre-flight repaired as malformed (`doubled_scheme`, `quoted_token`, …) that the server still refused without a reason of its own ([`rules::repaired_and_refused`]) | `malformed_credentials` | medium |
//! | 13f | a JWT under a scheme of its own (`Token eyJ…`), no challenge, and words that judge nothing ("Authentication failed") ([`rules::jwt_scheme_generic_refusal`]) | `wrong_scheme` | low |
//! | 14 | the server's words: a predicate and its subject in one message, on whole words ([`words`], [`rules::said`]) | the phrase's cause; a server that judges a key the request does not show received it elsewhere; a verdict on a credential the server quotes as empty (`invalid authKey ""`), or as `'null'` to a request that sent none: `missing_credentials` | medium |
//! | 15 | a 403 the server says was anonymous ([`rules::anonymous_forbidden`]) | `missing_credentials` | medium |
//! | 15a | a 403 whose words refuse the request's own method by name, without naming a credential ("dana not allowed to DELETE …", "Cannot execute \"delete\" on …", "not authorized to write" to a POST) ([`rules::refused_own_action`]) | `insufficient_scope` | medium |
//! | 15b | a sign-in (a password in the body) answered with an error keyed by its identifier field (`{"errors": {"email": […]}}`), in words this crate does not read ([`rules::refused_sign_in`]) | `invalid_credentials` | medium |
//! | 15c | a 401 to a request whose only credential is its signature (HTTP Signatures, an HMAC header), without reasons | `signature_mismatch` | low |
//! | 16 | the status alone ([`rules::status_only`]): a 401 to a request with plain credentials is their refusal (RFC 9110 §15.5.2) | `invalid_credentials`, else `unknown_unauthorized` / `unknown_forbidden` / `rate_limited` (`plan_restricted` for a 402 an envelope states) | low |
//!
//! Key history ([`history`]) refines last: a generic refusal of a key that got a success from
//! this very endpoint (origin, method, path template) is `revoked_credentials` (medium); other
//! verdicts only gain the history as evidence.
//!
//! The unknown causes always have low confidence. Below high, the headline hedges
//! ("probably: …"). A property test (`tests::contradictions`) checks over generated evidence that
//! no explanation contradicts its own: no clock skew with a measured offset under 10 s, no
//! expiry with a future `exp` and no word of it, no "none was sent" beside a credential, no
//! request-signing cause for a token's signature.

use std::borrow::Cow;
use std::time::SystemTime;

use http::header::AUTHORIZATION;
use http::{HeaderMap, Method, StatusCode};
use url::Url;

use crate::credential::{self, Credential, CredentialKind, FoundBy, Location};
use crate::explanation::{Cause, Confidence, Explanation};
use crate::history::Recall;
use crate::jwt::{self, Claims};
use crate::observe::{Evidence, scopes};
use crate::preflight::Finding;

/// Everything a rule may look at.
pub(crate) struct Context<'a> {
    pub(crate) method: &'a Method,
    /// The URL the request was sent to.
    pub(crate) url: &'a Url,
    /// The URL the response came from (differs after redirects).
    pub(crate) final_url: &'a Url,
    pub(crate) credentials: &'a [Credential],
    pub(crate) findings: &'a [Finding],
    pub(crate) evidence: &'a Evidence,
    pub(crate) headers: &'a HeaderMap,
    pub(crate) now: SystemTime,
    /// Extra sensitive query names for URL redaction.
    pub(crate) sensitive_params: &'a [String],
    /// The client adds credential headers the middleware cannot see (default headers).
    pub(crate) hidden_credential_headers: &'a [String],
    /// What the key history knew about the primary credential at this origin.
    pub(crate) history: Option<&'a Recall>,
    /// Whether provider profiles take part.
    pub(crate) profiles: bool,
    /// Derived values several rules read, computed once.
    pub(crate) cache: Cache,
}

impl Context<'_> {
    pub(crate) fn status(&self) -> StatusCode {
        self.evidence.status
    }

    /// The credential that most likely decided the outcome.
    pub(crate) fn primary(&self) -> Option<&Credential> {
        primary_credential(self.credentials, self.status())
    }

    /// Credentials sent to the origin server (not to a proxy).
    pub(crate) fn origin_credentials(&self) -> impl Iterator<Item = &Credential> {
        self.credentials.iter().filter(|c| {
            !matches!(&c.location, Location::Header(h) if *h == http::header::PROXY_AUTHORIZATION)
        })
    }

    /// Whether any credential went to the origin server.
    pub(crate) fn has_credentials(&self) -> bool {
        self.origin_credentials().next().is_some()
    }

    /// The cause the server's words name when it is specific: neither a generic refusal
    /// ("invalid token", which an expired token also earns) nor expiry itself. A local
    /// judgement (a JWT's `exp` by this clock, a missing header) yields to it.
    pub(crate) fn words_name_other_reason(&self) -> Option<Cause> {
        self.classify(true).map(|s| s.cause).filter(|c| {
            !matches!(
                c,
                Cause::InvalidCredentials
                    | Cause::ExpiredCredentials
                    | Cause::MissingCredentials
                    | Cause::UnknownUnauthorized
            )
        })
    }

    /// A credential sent outside the headers (the query, the body, a cookie) that the server
    /// says it did not find ("no token present in request"), without a word on its state:
    /// the server never read it, and what the credential itself shows (a JWT's expiry) is not
    /// what it answered.
    pub(crate) fn token_unread_elsewhere(&self) -> bool {
        // (or under another scheme than the one the server looked for: "Missing bearer token"
        // to `Authorization: Token <jwt>`)
        let under_other_scheme = || {
            self.credential_in("authorization")
                .and_then(|c| c.scheme.as_deref())
                .is_some_and(|s| !s.eq_ignore_ascii_case("bearer"))
                && self.normalized().iter().any(|n| words::has(n, "bearer"))
        };
        (self
            .primary()
            .is_some_and(|c| !matches!(&c.location, Location::Header(_)))
            || under_other_scheme())
            && words::names_missing_credential(self.normalized())
            && !words::speaks_of_state(self.normalized())
    }

    /// Whether the response on the wire was a 400 that a gate read as an auth failure: a bad
    /// request is about the form of what was sent, not its value.
    pub(crate) fn wire_is_bad_request(&self) -> bool {
        self.evidence
            .gated
            .as_ref()
            .is_some_and(|(wire, ..)| *wire == StatusCode::BAD_REQUEST)
    }

    /// Whether the response names no scope, permission or role it requires: none in its
    /// messages ("requires the reports.delete permission") or its Bearer challenge. A refusal
    /// that names none is a vague one.
    pub(crate) fn names_no_required_scope(&self) -> bool {
        self.evidence
            .body
            .messages
            .iter()
            .all(|m| crate::observe::scopes::required_from_message(m).is_empty())
            && self.evidence.bearer_param("scope").is_none()
    }

    /// Whether the server calls the token not valid *yet*: its clock puts the token before its
    /// window, whatever this clock says of its end.
    pub(crate) fn says_not_yet_valid(&self) -> bool {
        self.normalized().iter().any(|n| {
            [
                "not yet valid",
                "not valid yet",
                "not active yet",
                "not yet active",
                // SAML 2.0 Core §2.5.1's `NotBefore` ("Current time is earlier than NotBefore
                // condition"), a JWT's `nbf` ("Signature nbf has not been reached") or `iat`
                // ("token used before issued")
                "earlier than not before",
                "before not before",
                "nbf has not been reached",
                "used before issued",
            ]
            .iter()
            .any(|p| normalize::has(n, p))
        })
    }

    /// Whether the request goes to an authentication endpoint with a body (`POST /v3/auth/tokens`,
    /// `POST /login`, `POST /oauth/token`): its credentials travel in the body, where this
    /// middleware does not look.
    pub(crate) fn credentials_in_body(&self) -> bool {
        const AUTH_SEGMENTS: &[&str] = &[
            "token",
            "tokens",
            "login",
            "signin",
            "sign_in",
            "sign-in",
            "auth",
            "authenticate",
            "authentication",
            "session",
            "sessions",
            "oauth",
            "oauth2",
            "authorize",
            "access_token",
            "connect",
        ];
        // (A body read whole that holds only short plain values carries none.)
        matches!(*self.method, Method::POST | Method::PUT | Method::PATCH)
            && !self.evidence.request_body_plain
            && self.url.path_segments().is_some_and(|mut segs| {
                segs.any(|s| AUTH_SEGMENTS.iter().any(|a| s.eq_ignore_ascii_case(a)))
            })
    }

    /// Whether the request carried a credential that is plainly one for authentication: not
    /// only cookies (which may carry anything) or values taken for secrets by their shape.
    pub(crate) fn has_plain_credentials(&self) -> bool {
        !self.hidden_credential_headers.is_empty()
            || self.credentials_in_body()
            || self.origin_credentials().any(|c| {
                !matches!(c.location, Location::Cookie(_)) && c.found_by != FoundBy::ValueShape
            })
    }

    /// Whether a credential went to the origin server, or may have: one the request shows, or
    /// one the client adds through default headers this middleware cannot see.
    pub(crate) fn credential_present(&self) -> bool {
        self.has_credentials()
            || !self.hidden_credential_headers.is_empty()
            || self.credentials_in_body()
    }

    /// Whether the server's words show a credential the request sent, whole or masked
    /// (`sk_test_****p7dc`: the same opening and the same last characters): a server that
    /// quotes the credential found it where it was sent and read it.
    pub(crate) fn echoes_credential(&self) -> bool {
        let ev = self.evidence;
        let texts = ev
            .body
            .messages
            .iter()
            .chain(&ev.body.codes)
            .map(String::as_str)
            .chain(ev.bearer_param("error_description"));
        let secrets: Vec<&[u8]> = self
            .origin_credentials()
            .map(|c| c.secret.expose_secret())
            .filter(|s| s.len() >= 12)
            .collect();
        if secrets.is_empty() {
            return false;
        }
        texts.into_iter().any(|t| {
            t.split(|c: char| {
                c.is_whitespace()
                    || matches!(
                        c,
                        '"' | '\'' | '`' | ',' | '(' | ')' | '[' | ']' | '<' | '>'
                    )
            })
            .any(|word| secrets.iter().any(|s| shows_secret(word.as_bytes(), s)))
        })
    }

    /// The credential in a given request header (lowercase name), if any.
    pub(crate) fn credential_in(&self, header: &str) -> Option<&Credential> {
        self.credentials
            .iter()
            .find(|c| matches!(&c.location, Location::Header(h) if h.as_str() == header))
    }

    /// The credential of the `Authorization` header when it is sent with the Bearer scheme.
    pub(crate) fn bearer_credential(&self) -> Option<&Credential> {
        self.credential_in("authorization").filter(|c| {
            c.scheme
                .as_deref()
                .is_some_and(|s| s.eq_ignore_ascii_case("bearer"))
        })
    }

    /// The host the request went to, lowercased.
    pub(crate) fn host(&self) -> String {
        self.host_lower().to_owned()
    }

    /// [`Context::host`], computed once.
    pub(crate) fn host_lower(&self) -> &str {
        self.cache
            .host
            .get_or_init(|| self.url.host_str().unwrap_or("").to_ascii_lowercase())
    }

    /// The provider: the profile that recognised the host, the token or the body, else the
    /// token prefix alone.
    pub(crate) fn provider(&self) -> Option<&'static str> {
        *self.cache.provider.get_or_init(|| {
            providers::detect(self).or_else(|| self.primary().and_then(Credential::provider))
        })
    }

    /// Claims of the primary credential when it is a readable JWT.
    pub(crate) fn jwt(&self) -> Option<Claims> {
        self.cache
            .jwt
            .get_or_init(|| {
                let c = self.primary()?;
                let secret = c.secret.expose_secret();
                if c.kind == CredentialKind::Jwt {
                    return jwt::peek(secret).ok();
                }
                // A JWT behind a doubled scheme word ("Bearer Bearer eyJ…") as sent.
                let last = secret.rsplit(|b| *b == b' ').next()?;
                (last.len() < secret.len() && crate::credential::is_jwt(last))
                    .then(|| jwt::peek(last).ok())
                    .flatten()
            })
            .clone()
    }

    /// Whether the server's `Date` (when it sent one) lies inside the primary JWT's validity
    /// window, with a minute of leeway for `nbf` and `iat` (servers allow some) and a second
    /// for `exp` (a `Date` counts whole seconds): the server judged a token that was valid by
    /// its own clock, so the token's time is not what it rejected, whatever this clock says
    /// (a response read again later, or a local clock that is off). A token whose `exp` the
    /// server's clock had passed, by however little, may have been refused as expired.
    pub(crate) fn jwt_valid_when_judged(&self) -> bool {
        let (Some(claims), Some(date)) = (self.jwt(), self.evidence.headers.date) else {
            return false;
        };
        let at = crate::observe::clock::epoch(date) as f64;
        let ok = |v: Option<f64>, f: &dyn Fn(f64) -> bool| v.is_none_or(|v| !v.is_finite() || f(v));
        (claims.exp.is_some() || claims.nbf.is_some())
            && ok(claims.exp, &|e| e + 1.0 >= at)
            && ok(claims.nbf, &|n| n - 60.0 <= at)
            && ok(claims.iat, &|i| i - 60.0 <= at)
    }

    /// Whether the server's `Date` (when it sent one) is past the primary JWT's `exp`, with a
    /// minute of leeway; `true` without a `Date` or an `exp` (nothing says otherwise).
    pub(crate) fn jwt_expired_when_judged(&self) -> bool {
        let (Some(claims), Some(date)) = (self.jwt(), self.evidence.headers.date) else {
            return true;
        };
        let at = crate::observe::clock::epoch(date) as f64;
        claims
            .exp
            .filter(|e| e.is_finite())
            .is_none_or(|exp| at >= exp + 60.0)
    }

    /// Codes and messages of the body and of the Bearer challenge, lowercased.
    pub(crate) fn text(&self) -> &str {
        self.cache.text.get_or_init(|| {
            let mut t = self.evidence.body.text_lower();
            for name in ["error", "error_description"] {
                if let Some(v) = self.evidence.bearer_param(name) {
                    t.push_str(&v.to_ascii_lowercase());
                    t.push('\n');
                }
            }
            t
        })
    }

    /// Codes and messages of the body and the challenge's `error_description`, each normalized
    /// into words (see [`words`]), computed once.
    pub(crate) fn normalized(&self) -> &[String] {
        &self.words().all
    }

    /// The codes and messages normalized into words, by layer (see [`words::Normalized`]).
    pub(crate) fn words(&self) -> &words::Normalized {
        self.cache
            .normalized
            .get_or_init(|| words::normalized(self))
    }

    /// The cause the server's words name (codes before messages); `present` tells whether a
    /// credential went.
    pub(crate) fn classify(&self, present: bool) -> Option<words::Said> {
        // Presence changes only the cause of a phrase such as "authentication required", never
        // which phrase decides: one classification serves both unless that phrase decided.
        let with = self.cache.classified[1].get_or_init(|| self.signed_or_token(true));
        if present || !with.as_ref().is_some_and(|s| s.by_presence) {
            return with.clone();
        }
        self.cache.classified[0]
            .get_or_init(|| self.signed_or_token(false))
            .clone()
    }

    /// The words' classification, where "signature expired" is read by what was signed: the
    /// request's own signature (its time window passed) or a token's ("Signature has expired",
    /// PyJWT's word for an expired JWT).
    fn signed_or_token(&self, present: bool) -> Option<words::Said> {
        let said = self.words().classify(present)?;
        // "Invalid IP address" to a request whose path or query carries an IP address (a
        // lookup of that address) judges the request's data, not where it came from.
        // (Or "… is not a valid IP": an address named as the message's subject. "Invalid
        // request IP" beside a `ClientIp` the query declares is still the caller's.)
        let validity = said.phrase == "invalid" || said.phrase.starts_with("a valid …");
        if said.cause == Cause::IpRestricted && validity && self.url_names_an_ip() {
            return None;
        }
        // "missing or malformed jwt" to a JWT this crate decoded: a catch-all that names
        // neither (it is present, and its form is sound), a bare refusal of the token.
        if said.cause == Cause::MalformedCredentials
            && self.jwt().is_some()
            && self
                .normalized()
                .iter()
                .any(|n| normalize::has(n, "missing or malformed"))
        {
            return Some(words::Said {
                cause: Cause::InvalidCredentials,
                named: false,
                ..said
            });
        }
        if said.cause == Cause::SignatureMismatch
            && said.phrase.ends_with("expired")
            && !self.request_is_signed()
        {
            return Some(words::Said {
                cause: Cause::ExpiredCredentials,
                ..said
            });
        }
        Some(said)
    }

    /// Whether the request's path or query holds an IP address (`/lookup/203.0.113.7`,
    /// `?ip=2001:db8::1`) as data.
    fn url_names_an_ip(&self) -> bool {
        let decoded = crate::credential::decode(self.url.path());
        let query = self.url.query().map(crate::credential::decode);
        decoded
            .split(['/', ',', ' '])
            .chain(
                query
                    .as_deref()
                    .into_iter()
                    .flat_map(|q| q.split(['&', '=', ',', ' '])),
            )
            .any(|p| p.parse::<std::net::IpAddr>().is_ok())
    }

    /// Whether the client signs the request itself (SigV4, HMAC schemes, exchange-style
    /// signature headers, signed query parameters): what `signature_mismatch` is about.
    pub(crate) fn request_is_signed(&self) -> bool {
        self.credentials.iter().any(|c| {
            if matches!(c.kind, CredentialKind::AwsSigV4 | CredentialKind::Signature) {
                return true;
            }
            match &c.location {
                // `Authorization: hmac username="…", signature="…"`, with or without a scheme
                Location::Header(h) if *h == AUTHORIZATION => {
                    c.scheme.as_deref().is_some_and(|s| {
                        s.to_ascii_lowercase().contains("hmac")
                            || s.eq_ignore_ascii_case("signature")
                    }) || memchr::memmem::find(c.secret.expose_secret(), b"signature=").is_some()
                }
                Location::Header(h) => crate::credential::names_a_signature(h.as_str()),
                // (`signature=…` beside `key=…` in a form body: CEX.IO, many exchanges)
                Location::Query(q) | Location::Body(q) => crate::credential::names_a_signature(q),
                _ => false,
            }
        }) || self.headers_sent_signed()
            // A request that carries its own time beside a credential (Duo's `Date` beside a
            // Basic value holding an HMAC) signs that time.
            || (self.evidence.request_time.is_some() && !self.credentials.is_empty())
    }

    /// Signature headers are not always credentials (their value changes with every request);
    /// the evidence of a signed request also counts when only the challenge names a signature.
    fn headers_sent_signed(&self) -> bool {
        self.evidence
            .challenges
            .iter()
            .any(|c| c.scheme.to_ascii_lowercase().contains("hmac"))
    }
}

/// The credential that most likely decided a response with `status`: on a 407 the proxy's,
/// otherwise `Authorization`, then listed and configured key headers, headers named with
/// credential words, query parameters by name, userinfo, path segments and query values by
/// shape, cookies, and CSRF headers last.
pub(crate) fn primary_credential(
    credentials: &[Credential],
    status: StatusCode,
) -> Option<&Credential> {
    let is_proxy = status == StatusCode::PROXY_AUTHENTICATION_REQUIRED;
    let rank = |c: &Credential| match &c.location {
        Location::Header(h) if *h == http::header::PROXY_AUTHORIZATION => {
            if is_proxy {
                0
            } else {
                10
            }
        }
        Location::Header(h) if *h == AUTHORIZATION => 1,
        Location::Header(h) if c.found_by == FoundBy::NameWords => {
            if credential::is_csrf_name(h.as_str()) {
                9
            } else {
                3
            }
        }
        Location::Header(_) => 2,
        Location::Query(_) if c.found_by == FoundBy::ValueShape => 7,
        Location::Query(_) => 5,
        Location::UrlUserinfo => 6,
        Location::Path(_) => 7,
        Location::Cookie(_) => 8,
        Location::Body(_) => 4,
        Location::Fragment(_) => 10,
    };
    credentials.iter().min_by_key(|c| rank(c))
}

/// Values derived from a [`Context`] once, on first use.
#[derive(Default)]
pub(crate) struct Cache {
    text: std::cell::OnceCell<String>,
    provider: std::cell::OnceCell<Option<&'static str>>,
    host: std::cell::OnceCell<String>,
    jwt: std::cell::OnceCell<Option<Claims>>,
    normalized: std::cell::OnceCell<words::Normalized>,
    /// [`Context::classify`] without and with a credential present.
    classified: [std::cell::OnceCell<Option<words::Said>>; 2],
    /// The provider profiles that apply ([`providers::candidates`]).
    pub(crate) candidates: std::cell::OnceCell<Vec<&'static providers::Profile>>,
}

/// A rule's conclusion.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Diagnosis {
    pub(crate) cause: Cause,
    /// How direct the evidence is (see [`Confidence`]).
    pub(crate) confidence: Confidence,
    /// Replaces the cause's generic summary. A borrowed one is this crate's own sentence; an
    /// owned one may hold server text and is scrubbed.
    pub(crate) summary: Option<Cow<'static, str>>,
    pub(crate) evidence: Vec<String>,
    /// Specific remedies, shown before the cause's generic ones. A borrowed one is this
    /// crate's own sentence; an owned one may hold server text and is scrubbed.
    pub(crate) remedies: Vec<Cow<'static, str>>,
    pub(crate) required_scopes: Vec<String>,
    pub(crate) granted_scopes: Vec<String>,
    /// Seconds to wait, when the rule knows better than `Retry-After` (a reset time, a body
    /// field).
    pub(crate) retry_after_s: Option<u64>,
    /// The request id, when the rule found it where the generic reader does not look.
    pub(crate) request_id: Option<String>,
    /// The provider whose profile made the diagnosis.
    pub(crate) provider: Option<&'static str>,
    /// The cause's generic remedies would mislead here (a geographic block is not fixed by an
    /// IP allow-list): show only the specific ones.
    pub(crate) only_specific_remedies: bool,
}

impl Diagnosis {
    pub(crate) fn new(cause: Cause) -> Self {
        Diagnosis {
            cause,
            confidence: Confidence::Medium,
            summary: None,
            evidence: Vec::new(),
            remedies: Vec::new(),
            required_scopes: Vec::new(),
            granted_scopes: Vec::new(),
            retry_after_s: None,
            request_id: None,
            provider: None,
            only_specific_remedies: false,
        }
    }
    /// Direct evidence (see [`Confidence::High`]).
    pub(crate) fn high(mut self) -> Self {
        self.confidence = Confidence::High;
        self
    }
    /// Weak evidence (see [`Confidence::Low`]).
    pub(crate) fn low(mut self) -> Self {
        self.confidence = Confidence::Low;
        self
    }
    pub(crate) fn summary(mut self, s: impl Into<Cow<'static, str>>) -> Self {
        self.summary = Some(s.into());
        self
    }
    pub(crate) fn evidence(mut self, e: impl Into<String>) -> Self {
        self.evidence.push(e.into());
        self
    }
    pub(crate) fn remedy(mut self, r: impl Into<Cow<'static, str>>) -> Self {
        self.remedies.push(r.into());
        self
    }
    pub(crate) fn required(mut self, scopes: Vec<String>) -> Self {
        self.required_scopes = scopes;
        self
    }
    pub(crate) fn granted(mut self, scopes: Vec<String>) -> Self {
        self.granted_scopes = scopes;
        self
    }
    pub(crate) fn retry_after(mut self, s: Option<u64>) -> Self {
        if s.is_some() {
            self.retry_after_s = s;
        }
        self
    }
    pub(crate) fn request_id(mut self, id: Option<&str>) -> Self {
        if let Some(id) = id.filter(|v| !v.is_empty() && v.len() <= 200) {
            self.request_id = Some(id.to_owned());
        }
        self
    }
    pub(crate) fn server_said(self, ctx: &Context<'_>) -> Self {
        with_server_said(self, ctx)
    }
    /// Show only this diagnosis's remedies, not the cause's generic ones.
    pub(crate) fn only_specific_remedies(mut self) -> Self {
        self.only_specific_remedies = true;
        self
    }
}

type Rule = fn(&Context<'_>) -> Option<Diagnosis>;

/// The rules, most specific first.
const RULES: &[Rule] = &[
    rules::proxy,
    rules::client_certificate,
    rules::cors_preflight,
    rules::login_redirect,
    rules::redirect,
    rules::plaintext_refused,
    rules::findings,
    rules::payment_required,
    rules::oauth1_problem,
    time::signed_link_expired,
    time::clock_skew,
    time::jwt_expired,
    time::not_yet_valid,
    rules::refresh_jwt,
    providers::diagnose,
    rules::digest_stale,
    rules::digest_refused,
    rules::address_challenge,
    rules::wrong_scheme,
    rules::ntlm_inside_negotiate,
    rules::scheme_asked_in_words,
    rules::scheme_refused,
    rules::challenge_unanswered,
    rules::challenged_header_unsent,
    rules::api_key_challenge_unanswered,
    rules::framework_found_nothing,
    rules::token_request_unread,
    rules::standard_codes,
    rules::ws_security_fault,
    rules::batch_partly_refused,
    rules::challenged_scope_unheld,
    rules::scope_headers,
    rules::environment_mismatch,
    rules::quota_before_rate_limit,
    rules::rate_limit,
    rules::csrf,
    rules::firewall,
    rules::gateway_stock_missing_token,
    rules::address_range,
    rules::no_credential,
    rules::spaced_scheme,
    rules::scheme_case,
    rules::header_name_as_scheme,
    rules::credential_field_refused,
    rules::missing_permission_field,
    rules::anonymous_despite_credentials,
    rules::credential_not_read,
    rules::authorization_unsent,
    rules::code_says_unsent,
    rules::named_header_unsent,
    rules::query_credential_misplaced,
    rules::signature_unread,
    // (a 403 that names the anonymous caller's role speaks of who, before any word of what)
    rules::anonymous_forbidden,
    rules::repaired_and_refused,
    rules::jwt_scheme_generic_refusal,
    rules::said,
    rules::refused_own_action,
    rules::refused_sign_in,
    rules::status_only,
];

/// Runs the rules, refines the winner with the key history, and assembles the explanation.
pub(crate) fn explain(ctx: &Context<'_>) -> Explanation {
    let diagnosis = RULES.iter().find_map(|rule| rule(ctx)).unwrap_or_else(|| {
        rules::status_only(ctx).unwrap_or(Diagnosis::new(Cause::UnknownForbidden))
    });
    let diagnosis = time::expired_inside_window(ctx, diagnosis);
    assemble::assemble(ctx, history::with_history(ctx, diagnosis))
}

pub(crate) fn contains_any(text: &str, needles: &[&str]) -> Option<String> {
    needles
        .iter()
        .find(|n| text.contains(*n))
        .map(|n| (*n).to_owned())
}

fn server_said(ctx: &Context<'_>) -> Option<String> {
    ctx.evidence
        .body
        .primary_message()
        .map(|m| format!("server message: \"{m}\""))
}

pub(crate) fn with_server_said(d: Diagnosis, ctx: &Context<'_>) -> Diagnosis {
    match server_said(ctx) {
        Some(s) if !d.evidence.contains(&s) => d.evidence(s),
        _ => d,
    }
}

/// Names the required scopes in the summary and remedy when the messages name them.
pub(crate) fn scope_summary(mut d: Diagnosis, ctx: &Context<'_>) -> Diagnosis {
    if d.required_scopes.is_empty() {
        for m in &ctx.evidence.body.messages {
            for s in scopes::required_from_message(m) {
                if !d.required_scopes.contains(&s) {
                    d.required_scopes.push(s);
                }
            }
        }
    }
    if !d.required_scopes.is_empty() && d.summary.is_none() {
        let list = d.required_scopes.join(", ");
        d.summary = Some(Cow::Owned(format!(
            "the credential lacks the scope or permission this endpoint requires ({list})"
        )));
        if d.remedies.is_empty() {
            d.remedies.push(Cow::Owned(format!(
                "grant {list} to the credential, or use one that has it"
            )));
        }
    }
    d
}

pub(crate) fn has_word(text: &str, word: &str) -> bool {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .any(|w| w == word)
}

mod assemble;
mod history;
mod lexeme;
mod normalize;
mod phrases;
pub(crate) mod providers;
mod rules;
#[cfg(test)]
mod tests;
mod time;
pub(crate) use rules::{credential_field_errors, token_request_in_query, ws_security_code};
pub(crate) use time::names_a_time_refusal;
pub(crate) mod words;

/// Whether `word` is `secret` whole, or a masked form of it: a run of three or more mask
/// characters between an opening of four or more bytes the secret starts with and a tail of
/// four or more bytes it ends with.
fn shows_secret(word: &[u8], secret: &[u8]) -> bool {
    if word.len() >= secret.len() && word.windows(secret.len()).any(|w| w == secret) {
        return true;
    }
    let is_mask = |b: u8| matches!(b, b'*' | b'.' | 0xE2 | 0x80 | 0xA2 | 0xA6);
    let Some(start) = word.iter().position(|&b| is_mask(b)) else {
        return false;
    };
    let end = word[start..]
        .iter()
        .position(|&b| !is_mask(b))
        .map_or(word.len(), |p| start + p);
    let (open, tail) = (&word[..start], &word[end..]);
    end - start >= 3
        && open.len() >= 4
        && tail.len() >= 4
        && secret.len() > open.len() + tail.len()
        && secret.starts_with(open)
        && secret.ends_with(tail)
}
