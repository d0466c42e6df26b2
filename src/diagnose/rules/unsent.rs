//! A credential the server did not see: its words say none arrived (or ask for the header
//! the request sent), so the credential went where the server does not read it.

use http::StatusCode;

use crate::credential::Location;
use crate::explanation::Cause;

use super::super::words;
use super::super::{Context, Diagnosis, with_server_said};

/// A 401 or 403 whose words say the request counted as anonymous ("anonymous access is not
/// allowed", "unregistered users are not allowed to access package …") although it carried a
/// credential: the server did not accept the credential, and went on as if none was sent. Not
/// a permission of the credential ("access … not allowed"). A specific reason the server names
/// for the credential (expired, revoked) stands.
pub(in crate::diagnose) fn anonymous_despite_credentials(ctx: &Context<'_>) -> Option<Diagnosis> {
    if !matches!(ctx.status().as_u16(), 401 | 403) || !ctx.credential_present() {
        return None;
    }
    // (or a field that names the identity the request ran as: Guillotina's `"auth":
    // "Anonymous User"`, Spring's `anonymousUser`)
    let ran_as_anonymous = ctx.evidence.body.fields.iter().any(|(k, v)| {
        let k = k.to_ascii_lowercase();
        ["auth", "user", "principal", "identity", "username"].contains(&k.as_str())
            && v.len() <= 32
            && v.to_ascii_lowercase().starts_with("anonymous")
    });
    // (A 403's words must name the anonymous caller, and so must any body that holds a stack
    // trace: its `Function.<anonymous>` frames name no one.)
    let bare = ctx.status() != StatusCode::FORBIDDEN
        && !ctx
            .evidence
            .body
            .messages
            .iter()
            .any(|m| m.contains("<anonymous>"));
    let anonymous_words = ctx.normalized().iter().any(|n| {
        (bare && words::has(n, "anonymous"))
            || [
                "anonymous user",
                "anonymous users",
                "anonymous access",
                "anonymous request",
                "anonymous requests",
                // (Verdaccio's and Sinopia's "unregistered users are not allowed to …")
                "unregistered user",
                "unregistered users",
                // (the user the server ran the request as: Krill's "User 'anonymous' does not
                // have permission 'login'")
                "user anonymous",
            ]
            .iter()
            .any(|p| words::has(n, p))
    });
    if !ran_as_anonymous && !anonymous_words {
        return None;
    }
    // Any one message that names a specific reason ("API key: api key is expired" beside
    // "unable to authenticate … anonymous access is not allowed") speaks for it.
    let specific = ctx.normalized().iter().any(|n| {
        words::classify(std::slice::from_ref(n), true).is_some_and(|s| {
            s.named
                && !matches!(
                    s.cause,
                    Cause::InsufficientScope
                        | Cause::MissingCredentials
                        | Cause::InvalidCredentials
                )
        })
    });
    if specific {
        return None;
    }
    // Credentials only in the query or the body, where a server that reads a header does not
    // look: none arrived where it reads them.
    let places: Vec<String> = ctx
        .origin_credentials()
        .map(|c| match c.location {
            Location::Query(_) | Location::Body(_) => Some(c.location.to_string()),
            _ => None,
        })
        .collect::<Option<_>>()
        .unwrap_or_default();
    if !places.is_empty() {
        return Some(with_server_said(
            Diagnosis::new(Cause::MissingCredentials)
                .summary(format!(
                    "the server treated the request as anonymous: it did not read the credential sent in {}, where it does not look",
                    places.join(", ")
                ))
                .evidence("the server's error speaks of an anonymous caller, and the request's only credentials went in its query string or body")
                .remedy("send the credential where the API documents it (most APIs read a header such as `Authorization: Bearer …`)"),
            ctx,
        ));
    }
    Some(with_server_said(
        Diagnosis::new(Cause::InvalidCredentials)
            .summary("the server did not accept the credential and treated the request as anonymous, which this endpoint does not allow")
            .evidence("the server's error speaks of anonymous access to a request that carried a credential"),
        ctx,
    ))
}

/// A 401 that asks for authentication, as to a request without any, while the request's only
/// credentials went in the query string or the body: the server does not read them there
/// (a key under a parameter name it does not know, a token where it wants a header).
pub(in crate::diagnose) fn credential_not_read(ctx: &Context<'_>) -> Option<Diagnosis> {
    if ctx.status() != StatusCode::UNAUTHORIZED || !ctx.hidden_credential_headers.is_empty() {
        return None;
    }
    let mut places = Vec::new();
    for c in ctx.origin_credentials() {
        match &c.location {
            Location::Query(_) | Location::Body(_) => places.push(c.location.to_string()),
            _ => return None,
        }
    }
    if places.is_empty() {
        return None;
    }
    if let Some(name) = names_a_sent_parameter_absent(ctx) {
        return Some(with_server_said(
            Diagnosis::new(Cause::MissingCredentials)
                .summary(format!(
                    "the server says it found no `{name}`, which this request sent in {}: it does not read it there (for this method, or at all)",
                    places.join(", ")
                ))
                .evidence(format!("the server's words name `{name}` as absent, and the request carried a credential of that name"))
                .remedy("send the credential where the API reads it for this method: the header or the place its documentation gives"),
            ctx,
        ));
    }
    if !words::asks_for_authentication(ctx.normalized()) {
        return None;
    }
    // A title that asks for authentication beside a detail on the credential's state ("The
    // provided access token has expired"): the server read it.
    if words::speaks_of_state(ctx.normalized()) {
        return None;
    }
    // A sign-in reads its credentials from the body by definition: answered with its form
    // and a report that it failed ("LOGIN FAILED"), or with "notAuthenticated", the form was
    // read, and refused.
    if crate::observe::gate::signs_in(ctx.credentials) {
        return None;
    }
    // Nor beside words on whether the credential is right ("Please make sure that your API
    // key is correct"): the server took it for a key, and doubts its value.
    if ctx.normalized().iter().any(|n| {
        words::names_the_credential(std::slice::from_ref(n))
            && ["correct", "incorrect", "valid", "invalid", "wrong"]
                .iter()
                .any(|w| words::has(n, w))
    }) {
        return None;
    }
    Some(with_server_said(
        Diagnosis::new(Cause::MissingCredentials)
            .summary(format!(
                "the server asks for authentication as if none was sent: it does not read the credential this request carried in {}",
                places.join(", ")
            ))
            .evidence("the server's words ask for authentication while the request's credentials went only in the query string or the body")
            .remedy("send the credential where the API reads it: the header or the parameter name its documentation gives"),
        ctx,
    ))
}

/// The name of a query or body credential the request sent that one of the server's messages
/// names as absent ("No parameter 'HTTP_DOLAPIKEY' on HTTP header (and no parameter DOLAPIKEY
/// in URL)", "api_key is missing"): the name as a word of its own (or behind `HTTP_`, as CGI
/// spells a header), in a message of absence that judges nothing ("invalid api_key" read it).
fn names_a_sent_parameter_absent(ctx: &Context<'_>) -> Option<String> {
    let names: Vec<&str> = ctx
        .origin_credentials()
        .filter_map(|c| match &c.location {
            Location::Query(n) | Location::Body(n) if n.len() >= 3 => Some(n.as_str()),
            _ => None,
        })
        .collect();
    ctx.evidence.body.messages.iter().find_map(|raw| {
        let n = words::normalize(raw);
        let absent = [
            "missing",
            "not provided",
            "not present",
            "not set",
        ]
        .iter()
        .any(|w| words::has(&n, w))
            // (a bare "no" only before what names a place, "no parameter X": "No such
            // username/password" says the pair does not exist, as "ticket not found" says the
            // ticket is unknown)
            || ["no parameter", "no header", "no field", "no value for"]
                .iter()
                .any(|w| words::has(&n, w));
        let judged = [
            "invalid",
            "incorrect",
            "wrong",
            "expired",
            "revoked",
            "not valid",
        ]
        .iter()
        .any(|w| words::has(&n, w));
        if !absent || judged {
            return None;
        }
        let named = raw
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
            .find_map(|w| {
                let w = w
                    .get(..5)
                    .filter(|p| p.eq_ignore_ascii_case("http_"))
                    .map_or(w, |_| &w[5..]);
                names.iter().find(|n| n.eq_ignore_ascii_case(w))
            })?;
        Some((*named).to_owned())
    })
}

/// A 401 whose words say the *authorization* is missing ("Authorization required",
/// "Authorization header is missing") while the request sent no `Authorization` header, only
/// credentials in other headers, the query or the body: the server wants the `Authorization`
/// header, which these are not.
pub(in crate::diagnose) fn authorization_unsent(ctx: &Context<'_>) -> Option<Diagnosis> {
    if ctx.status() != StatusCode::UNAUTHORIZED
        || !ctx.hidden_credential_headers.is_empty()
        || ctx.credential_in("authorization").is_some()
    {
        return None;
    }
    let places = places_but_cookies(ctx);
    // The noun is the header's own name, and nothing in the message judges what was sent (an
    // "Invalid/Missing Authorization Header" lists both: of a header not sent, only the one).
    // Read in the body's own messages: "Authorization Required" is also a stock status line,
    // which says the same of a request without the header.
    let asks = ctx.evidence.body.messages.iter().any(|m| {
        let n = &words::normalize(m);
        // A stock page's heading ("401 Authorization Required") says it of any refusal; an
        // API's own message in those words speaks of the header.
        !(ctx.evidence.body.format == crate::observe::body::Format::Html && words::is_stock(n))
            && words::has(n, "authorization")
            && words::names_missing_credential(std::slice::from_ref(n))
            && (words::has(n, "missing")
                || !["invalid", "expired", "revoked", "incorrect", "wrong"]
                    .iter()
                    .any(|w| words::has(n, w)))
    });
    // A message beside it that speaks of the key's correctness ("Please make sure that your
    // API key is correct") says the key it got was read.
    let judged = ctx.normalized().iter().any(|n| {
        words::near(
            n,
            &["key", "api key", "apikey", "token", "credentials"],
            &["correct", "incorrect", "invalid", "wrong", "valid"],
            4,
        )
        .is_some()
    });
    if !asks || judged || (places.is_empty() && !ctx.credentials_in_body()) {
        // With nothing sent at all, the rule for a request without a credential speaks.
        return None;
    }
    let elsewhere = if places.is_empty() {
        "any credentials went in the body".to_owned()
    } else {
        format!("only credentials in {}", places.join(", "))
    };
    Some(with_server_said(
        Diagnosis::new(Cause::MissingCredentials)
            .summary(format!(
                "the server asks for authorization as if none was sent: the request had no Authorization header; {elsewhere}"
            ))
            .evidence("the server's words say the authorization is missing; the request sent no Authorization header")
            .remedy("send the credential the API expects in the Authorization header (its documentation gives the scheme); a key in another header may be a public or secondary key"),
        ctx,
    ))
}

/// A machine code that says the credential is missing (`api_key_missing`,
/// `MISSING_TOKEN`) to a request that sent one, in another place than `Authorization`: a
/// code is the server's own verdict, not a stock sentence, and this one says no key arrived
/// where the server reads it.
pub(in crate::diagnose) fn code_says_unsent(ctx: &Context<'_>) -> Option<Diagnosis> {
    if !matches!(ctx.status().as_u16(), 401 | 403)
        || !ctx.hidden_credential_headers.is_empty()
        || ctx.credential_in("authorization").is_some()
    {
        return None;
    }
    let places = places_but_cookies(ctx);
    if places.is_empty() {
        return None;
    }
    // The code's own words: a credential's noun and "missing" (not "required", which
    // `AUTHENTICATION_REQUIRED` says of any refusal).
    let code = ctx.evidence.body.codes.iter().find(|c| {
        let words: Vec<String> = c
            .split(['_', '-', '.'])
            .map(str::to_ascii_lowercase)
            .collect();
        !c.contains(' ')
            && words.len() >= 2
            && words.iter().any(|w| {
                [
                    "key",
                    "apikey",
                    "token",
                    "credential",
                    "credentials",
                    "secret",
                ]
                .contains(&w.as_str())
            })
            && words
                .iter()
                .any(|w| ["missing", "absent", "unsent", "omitted"].contains(&w.as_str()))
    })?;
    // Words beside it on the credential's state ("The provided access token has expired")
    // say it was read.
    if words::speaks_of_state(ctx.normalized()) {
        return None;
    }
    Some(with_server_said(
        Diagnosis::new(Cause::MissingCredentials)
            .summary(format!(
                "the server's code says no credential arrived: it does not read the one this request sent in {}",
                places.join(", ")
            ))
            .evidence(format!("the server's error code `{code}` names a missing credential"))
            .remedy("send the credential where the API documents it (the header name and scheme, or the parameter)"),
        ctx,
    ))
}

/// Words that say a signature did not come.
const SAID_MISSING: &[&str] = &[
    "missing",
    "no",
    "not provided",
    "not found",
    "not present",
    "required",
];

/// Words that say the signature is missing ("Missing signature header!", "No signature
/// found") to a request that sent one in a header of its own: the server looks for it under
/// another name (GitHub's `X-Hub-Signature-256` beside the legacy `X-Hub-Signature`) or in
/// another form. To a request that carries no signature at all, the signature was never sent.
pub(in crate::diagnose) fn signature_unread(ctx: &Context<'_>) -> Option<Diagnosis> {
    let sent: Vec<String> = ctx
        .origin_credentials()
        .filter_map(|c| match &c.location {
            Location::Header(h) if crate::credential::names_a_signature(h.as_str()) => {
                Some(h.as_str().to_owned())
            }
            _ => None,
        })
        .collect();
    let says_missing = ctx.normalized().iter().any(|n| {
        words::near(
            n,
            // (or "Missing required headers" of a receiver that names no header: the
            // signature's headers are the request's only ones it can mean)
            &[
                "signature",
                "signature header",
                "signatures",
                "headers",
                "header",
            ],
            SAID_MISSING,
            2,
        )
        .is_some()
            && ![
                "invalid",
                "mismatch",
                "does not match",
                "incorrect",
                "wrong",
                // ("No matching signature found" judges the signatures it got)
                "matching",
                "valid",
                "failed",
            ]
            .iter()
            .any(|w| words::has(n, w))
    });
    if !says_missing {
        return None;
    }
    // A request that carries no signature at all ("No signature provided" to a request with
    // only its key): the signature the server verifies was never computed or sent.
    if sent.is_empty() {
        let only_signature = ctx
            .normalized()
            .iter()
            .any(|n| words::near(n, &["signature", "signature header"], SAID_MISSING, 2).is_some());
        if !only_signature
            || ctx.request_is_signed()
            || !matches!(ctx.status().as_u16(), 400 | 401 | 403)
        {
            return None;
        }
        return Some(with_server_said(
            Diagnosis::new(Cause::MissingCredentials)
                .summary("the server verifies a signature of the request and says none came: the request was not signed")
                .evidence("the server's words say the signature is missing; the request carried no signature header or parameter")
                .remedy("sign the request as the API documents (the signature header or parameter and the fields it covers), with the key or secret it was issued"),
            ctx,
        ));
    }
    Some(with_server_said(
        Diagnosis::new(Cause::MissingCredentials)
            .summary(format!(
                "the server says no signature came, while the request signed in {}: it reads the signature from another header (a newer name, such as `X-Hub-Signature-256` for `X-Hub-Signature`) or in another form",
                sent.join(", ")
            ))
            .evidence(format!(
                "the server's words say the signature is missing; the request sent {}",
                sent.join(", ")
            ))
            .remedy("send the signature in the header the receiver documents (its exact name and algorithm prefix, such as `sha256=`)"),
        ctx,
    ))
}

/// Where the request's credentials to the origin went, cookies left out (`header:x-api-key`,
/// `query:token`).
fn places_but_cookies(ctx: &Context<'_>) -> Vec<String> {
    ctx.origin_credentials()
        .filter(|c| !matches!(c.location, Location::Cookie(_)))
        .map(|c| c.location.to_string())
        .collect()
}

/// FastAPI's stock refusal, `{"detail": "Not authenticated"}` and nothing else, to a request
/// that carried a credential: its security classes (`HTTPBearer`, `APIKeyHeader`,
/// `OAuth2PasswordBearer`) say it only when they found nothing where they look (no header of
/// their name, or another scheme), so the credential went somewhere they do not read. A
/// challenge with an error code judged what it got; one that names the scheme sent leaves the
/// other rules to speak; a credential pre-flight found broken is its own reason. Its other
/// stock refusal, `{"detail": "Invalid authentication credentials"}` with a 403 and no
/// challenge, is `HTTPBearer`'s answer to a header of another scheme (`Basic`, `Token`).
pub(in crate::diagnose) fn framework_found_nothing(ctx: &Context<'_>) -> Option<Diagnosis> {
    if !matches!(ctx.status().as_u16(), 401 | 403) || !ctx.has_credentials() {
        return None;
    }
    let detail = ctx
        .evidence
        .body
        .json
        .as_ref()
        .and_then(|j| j.as_object())
        .filter(|o| o.len() == 1)
        .and_then(|o| o.get("detail"))
        .and_then(|v| v.as_str());
    let sent = ctx
        .credential_in("authorization")
        .and_then(|c| c.scheme.as_deref());
    // `HTTPBearer` (and `HTTPDigest`) of FastAPI before 0.116 refuse a header of another
    // scheme with a 403 and "Invalid authentication credentials", unchallenged: the scheme
    // sent is the reason, where it is neither of theirs.
    let other_scheme = detail == Some("Invalid authentication credentials")
        && ctx.status().as_u16() == 403
        && ctx.evidence.challenges.is_empty()
        && !ctx.findings.iter().any(|f| f.implied_cause().is_some())
        && sent.is_some_and(|s| {
            !s.eq_ignore_ascii_case("bearer") && !s.eq_ignore_ascii_case("digest")
        });
    if other_scheme {
        return Some(with_server_said(
            Diagnosis::new(Cause::WrongScheme)
                .summary(format!(
                    "the server's stock answer \"Invalid authentication credentials\" with a 403 and no challenge (FastAPI's `HTTPBearer`) refuses the scheme before the credential is read: `{}` is not `Bearer`",
                    sent.and_then(crate::redact::shown_scheme)
                        .unwrap_or("another scheme")
                ))
                .evidence("the body is FastAPI's stock refusal of an Authorization header of another scheme than its own")
                .remedy("send the credential as `Authorization: Bearer <token>`, or in the header and scheme the API documents"),
            ctx,
        ));
    }
    if detail != Some("Not authenticated")
        || ctx.findings.iter().any(|f| f.implied_cause().is_some())
        || !ctx.hidden_credential_headers.is_empty()
        || crate::observe::gate::signs_in(ctx.credentials)
        || ctx.echoes_credential()
    {
        return None;
    }
    let challenges: Vec<_> = ctx
        .evidence
        .challenges
        .iter()
        .filter(|c| !c.proxy)
        .collect();
    if challenges.iter().any(|c| {
        c.param("error").is_some() || sent.is_some_and(|s| c.scheme.eq_ignore_ascii_case(s))
    }) {
        return None;
    }
    let places = super::scheme::sent_places(ctx);
    Some(with_server_said(
        Diagnosis::new(Cause::WrongScheme)
            .summary(format!(
                "the server's stock answer \"Not authenticated\" (FastAPI's security classes) says it found no credential where it looks: the one sent in {places} is not in the header or scheme it reads"
            ))
            .evidence("the body is FastAPI's stock refusal, which its security classes send only when their header is absent or of another scheme")
            .remedy("send the credential in the header and scheme the API documents (its OpenAPI page lists them under the operation's security)"),
        ctx,
    ))
}

/// Whether the server's words quote the credential it received as empty (`invalid authKey ""`,
/// `Invalid API key: ''`), or as a null literal when the request sent none (`Invalid apikey
/// 'null'`): a verdict on nothing, so the credential it reads did not arrive.
pub(in crate::diagnose) fn quotes_an_empty_credential(ctx: &Context<'_>) -> bool {
    words::quotes_no_value(&ctx.evidence.body.messages, ctx.has_credentials())
}

/// Whether a URL's query holds an OAuth token request (RFC 6749 §4: `grant_type` beside a
/// credential of the grant or the client: `refresh_token`, `code`, `password`,
/// `client_secret`, `assertion`).
pub(crate) fn token_request_in_query(url: &url::Url) -> bool {
    let mut grant = false;
    let mut credential = false;
    for (k, v) in url.query_pairs().take(32) {
        if v.is_empty() {
            continue;
        }
        grant |= k == "grant_type";
        credential |= matches!(
            k.as_ref(),
            "refresh_token"
                | "code"
                | "password"
                | "client_secret"
                | "assertion"
                | "client_assertion"
        );
    }
    grant && credential
}

/// A token endpoint's refusal of a POST whose OAuth parameters went in the query string and
/// whose body held no token request: RFC 6749 §3.2 has them in the form body, where the
/// endpoint looked and found nothing ("The mandatory 'grant_type' parameter is missing").
/// A standard error code other than `invalid_request` judged what arrived (a refresh token
/// read from the query and refused is `invalid_grant`).
pub(in crate::diagnose) fn token_request_unread(ctx: &Context<'_>) -> Option<Diagnosis> {
    let (_, gate, _) = ctx.evidence.gated.as_ref()?;
    if *gate != crate::observe::gate::Gate::TokenEndpoint
        || ctx.method != http::Method::POST
        || !token_request_in_query(ctx.url)
        || ctx
            .evidence
            .body
            .json
            .as_ref()
            .and_then(|j| j.get("error"))
            .and_then(serde_json::Value::as_str)
            .is_some_and(|c| c != "invalid_request")
    {
        return None;
    }
    Some(with_server_said(
        Diagnosis::new(Cause::MissingCredentials)
            .summary("the token request's parameters (grant_type and its credentials) went in the URL's query string: a token endpoint reads them from the form body (RFC 6749 §3.2), and found none there")
            .evidence("POST to a token endpoint with grant_type and a grant's or client's credential in the query, and no token request in the body")
            .remedy("send grant_type and the credentials as an `application/x-www-form-urlencoded` body of the POST, not in the URL")
            .only_specific_remedies(),
        ctx,
    ))
}

/// A 401 or 403 whose words name a credential header the request did not send ("Ensure you
/// have set the X-CRASHLYTICS-ACCESS-TOKEN header correctly") while its credentials went
/// elsewhere (the query, the body, another header): the server reads that header, and the
/// credential was not in it. Words of another cause (a limit, a permission) speak for
/// themselves.
pub(in crate::diagnose) fn named_header_unsent(ctx: &Context<'_>) -> Option<Diagnosis> {
    if !matches!(ctx.status().as_u16(), 401 | 403) || !ctx.hidden_credential_headers.is_empty() {
        return None;
    }
    let places = places_but_cookies(ctx);
    // (a key in a header of its own is a header the server may read under a name near the
    // one it names: Alpaca's words name `APCA-API-ACCESS-SECRET-KEY` beside the
    // `APCA-API-SECRET-KEY` it reads)
    let own_header = ctx.origin_credentials().any(|c| {
        matches!(&c.location, Location::Header(h)
            if *h != http::header::AUTHORIZATION && *h != http::header::COOKIE)
    });
    if places.is_empty() || own_header {
        return None;
    }
    let named: Vec<http::HeaderName> = ctx
        .evidence
        .body
        .messages
        .iter()
        .flat_map(|m| words::credential_headers_named(m))
        // (a header's name, not an algorithm's in a quoted value: `AWS4-HMAC-SHA256`)
        .filter(|h| {
            let n = h.as_str();
            n.starts_with("x-")
                || [
                    "-key",
                    "-token",
                    "-secret",
                    "-signature",
                    "-auth",
                    "-apikey",
                ]
                .iter()
                .any(|e| n.ends_with(e))
        })
        .collect();
    let unsent = named
        .iter()
        .find(|h| ctx.credential_in(h.as_str()).is_none())?;
    if named
        .iter()
        .any(|h| ctx.credential_in(h.as_str()).is_some())
        || ctx.classify(true).is_some_and(|s| {
            !s.by_presence
                && !matches!(
                    s.cause,
                    Cause::MissingCredentials
                        | Cause::InvalidCredentials
                        | Cause::MalformedCredentials
                )
        })
    {
        return None;
    }
    Some(with_server_said(
        Diagnosis::new(Cause::MissingCredentials)
            .summary(format!(
                "the server's words name the {unsent} header, which this request did not send: its credential went in {}, where the server does not read it",
                places.join(", ")
            ))
            .evidence(format!("the server names the header {unsent}; the request's credentials were elsewhere"))
            .remedy(format!("send the credential in the {unsent} header, as the server asks"))
            .only_specific_remedies(),
        ctx,
    ))
}
