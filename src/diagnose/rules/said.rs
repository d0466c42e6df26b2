//! The server's words: a predicate and its subject in one message, read against what the
//! request shows (the scheme sent, where its credentials went, the key's own prefix).

use http::StatusCode;

use crate::credential::Location;
use crate::explanation::Cause;

use super::super::words;
use super::super::{Context, Diagnosis, scope_summary, with_server_said};

/// The server's words, when they name a cause and its subject (see [`words`]).
pub(in crate::diagnose) fn said(ctx: &Context<'_>) -> Option<Diagnosis> {
    let status = ctx.status().as_u16();
    // An origin's own 407 (no proxy in sight) is a refusal like a 403.
    if !matches!(status, 401 | 403) && !super::origin_407(ctx) {
        return None;
    }
    let status = if status == 407 { 403 } else { status };
    let present = ctx.credential_present();
    // The server judges a credential this middleware did not see (in the body, a client
    // certificate): its words decide, and the evidence says where the credential was not.
    let unseen = !present;
    let present = present || unseen_but_judged(ctx);
    let mut said = ctx.classify(present);
    // A generic refusal in one message and the credential's state in another ("unable to
    // authenticate with provided credentials" and "api key is expired"): the state is the
    // more specific verdict.
    // (On a 401 a permission word is no more specific: a 401 asks who the caller is.)
    if said.as_ref().is_some_and(|s| {
        s.cause == Cause::InvalidCredentials
            || (s.cause == Cause::InsufficientScope && status == 401)
    }) {
        if let Some(state) = ctx.normalized().iter().find_map(|n| {
            words::classify(std::slice::from_ref(n), present).filter(|s| {
                matches!(
                    s.cause,
                    Cause::ExpiredCredentials | Cause::RevokedCredentials
                )
            })
        }) {
            said = Some(state);
        }
    }
    if let Some(d) = not_a_jwt(ctx, said.as_ref().map(|s| s.cause)) {
        return Some(d);
    }
    if let Some(d) = scheme_named(ctx, said.as_ref().map(|s| s.cause)) {
        return Some(d);
    }
    if let Some(d) = header_named(ctx, said.as_ref().map(|s| s.cause)) {
        return Some(d);
    }
    // A message that quotes the credential sent beside a verdict (`Invalid KS "<the ks>"`):
    // the server names what it judged by its value, whatever noun it uses for it.
    let s = said.or_else(|| echoed_verdict(ctx))?;
    let mut d = Diagnosis::new(s.cause);
    let named_key_unread = ctx.evidence.request_body_unread
        && !ctx.evidence.request_body_plain
        && !ctx.evidence.request_body_json
        && words::names_the_credential(&ctx.evidence.body.messages);
    match s.cause {
        // A verdict on a credential quoted as empty (`invalid authKey ""`): none arrived.
        Cause::InvalidCredentials if super::unsent::quotes_an_empty_credential(ctx) => {
            d = Diagnosis::new(Cause::MissingCredentials)
                .summary("the server quotes the credential it received as empty: none arrived where it reads it (it went in another header or parameter, or the variable that holds it was empty)")
                .remedy("send the credential where the API documents it, and check that the variable holding it is set");
        }
        // "no key found", "no matching key" to a request that sent a JWT: the server has no key
        // to verify it with (its `kid` is not in the key set: a token from another issuer, or
        // a key rotated), not a missing credential.
        Cause::MissingCredentials
            if ctx.jwt().is_some()
                && ctx.credential_in("authorization").is_some()
                && ctx.normalized().iter().any(|n| {
                    (words::has(n, "key") || words::has(n, "keys") || words::has(n, "kid"))
                        && ["found", "matching", "match"]
                            .iter()
                            .any(|w| words::has(n, w))
                        // (not the request's own key: "No API key found in request", "no
                        // `apikey` request header or url param")
                        && ![
                            "api key", "apikey", "request", "header", "param", "parameter",
                            "query", "url",
                        ]
                        .iter()
                        .any(|w| words::has(n, w))
                }) =>
        {
            d = Diagnosis::new(Cause::InvalidCredentials)
                .summary("the server found no key to verify the JWT with: its `kid` is not in the key set the server trusts (a token from another issuer or environment, or signed with a key the server has not loaded)")
                .remedy("use a token issued by the issuer this API trusts; compare the token's `kid` with the keys the server publishes (its JWKS)");
        }
        // On a 401 only the server's own message counts ("Request limit reached!"), not a
        // hint or a link beside it.
        Cause::RateLimited
            if status != 403
                && !ctx.evidence.body.primary_message().is_some_and(|m| {
                    words::names(Cause::RateLimited, &[words::normalize(m)]).is_some()
                }) =>
        {
            return None;
        }
        // A bare "Invalid signature" to a request whose only credentials are header tokens
        // that hold no signature (no JWT; the words name no token or key): the server
        // verifies a request signature (a webhook's, an interaction's) that did not come.
        Cause::SignatureMismatch
            if !ctx.request_is_signed()
                && ctx.jwt().is_none()
                // (a token in a header the server did not ask for; a signature may travel in
                // a query or body parameter this crate does not know as one)
                && ctx
                    .origin_credentials()
                    .all(|c| matches!(c.location, Location::Header(_) | Location::Cookie(_)))
                && !words::names_the_credential(ctx.normalized())
                && !ctx.normalized().iter().any(|n| {
                    ["token", "tokens", "key", "jwt", "cookie", "session"]
                        .iter()
                        .any(|w| words::has(n, w))
                }) =>
        {
            d = d.summary(
                "the server verifies a signature of the request, and no signature header was seen in it: the request is not signed the way this endpoint expects",
            )
            .remedy("sign the request as the endpoint documents (the signature and timestamp headers it reads), or send it from the service whose signature it verifies");
        }
        // A token whose signature does not verify is an invalid token; signature_mismatch is
        // for requests the client signs itself (SigV4, HMAC schemes).
        // (A JWT that travels in a header named as the request's signature, QStash's
        // `Upstash-Signature`, signs the request: its body hash, its URL.)
        Cause::SignatureMismatch
            if !ctx.request_is_signed()
                || (ctx.jwt().is_some()
                    && !ctx.primary().is_some_and(|c| {
                        matches!(&c.location, Location::Header(h)
                            if crate::credential::names_a_signature(h.as_str()))
                    })) =>
        {
            d.cause = Cause::InvalidCredentials;
            d = d.summary(
                "the server could not verify the token's signature: it was not issued by the issuer this server trusts, or it was altered",
            )
            .remedy("use a token issued for this server (check the issuer and signing key the server trusts)");
        }
        // "No Authorization was found" for a credential sent under a scheme of its own
        // (`Token`, `JWT`) where nothing challenges: the server reads only another scheme.
        // So does "Authentication required" to such a credential: the server asks for one as
        // if none came.
        Cause::MissingCredentials | Cause::InvalidCredentials
            if present
                && unread_scheme(ctx).is_some()
                && (s.cause == Cause::MissingCredentials
                    || (s.by_presence && words::asks_for_authentication(ctx.normalized()))) =>
        {
            d = scheme_not_read(ctx, "the server found no credential it reads");
        }
        // "No 'Authorization: Basic' header found" to a request that sent exactly that: the
        // claim is false for this request; the server did not accept what it got.
        Cause::MissingCredentials if present && denies_the_header_sent(ctx) => {
            d = d.summary("the server says no Authorization header of the scheme sent was found, but the request carried one: the server did not accept that credential");
            d.cause = Cause::InvalidCredentials;
        }
        // "No API key found in request" to a request that carried one in `X-API-Key`: the
        // header named as what was missing was there; the server did not accept its value.
        Cause::MissingCredentials if present && denies_the_named_header_sent(ctx, &s.phrase) => {
            d = d.summary("the server says no credential of the kind sent was found, but the request carried one in a header of that name: the server did not accept that credential");
            d.cause = Cause::InvalidCredentials;
        }
        // "Authorization is required" to a request that carried `Authorization: Bearer …`:
        // the server asks for what it got; it did not accept it.
        Cause::MissingCredentials if present && asks_for_the_header_sent(ctx) => {
            d = d.summary("the server asks for an Authorization header, and the request carried one: the server did not accept that credential");
            d.cause = Cause::InvalidCredentials;
        }
        // A sign-in (a password in the body) answered with a request to sign in ("You need to
        // log in to continue", its form again): the sign-in itself was refused.
        Cause::MissingCredentials
            if present
                && !unseen
                && crate::observe::gate::signs_in(ctx.credentials)
                && words::asks_for_authentication(ctx.normalized()) =>
        {
            d = Diagnosis::new(Cause::InvalidCredentials)
                .summary("the sign-in was answered with a request to sign in: the server did not accept the user name and password")
                .remedy("check the user name and password (and that the account may sign in here)")
                .only_specific_remedies();
        }
        Cause::MissingCredentials if present => {
            d = d
                .summary("the server did not find a credential where it looks for one")
                .remedy("check the header name and scheme the API documents; a credential in the wrong header is not seen");
        }
        // "Authorization header is invalid" about a header under a scheme of its own (`JWT`,
        // `Token`) where nothing challenges: the header's form, its scheme, was refused. So is
        // "The authorization header value is invalid": the header's whole value.
        Cause::MalformedCredentials | Cause::InvalidCredentials
            if present
                && unread_scheme(ctx).is_some()
                && (s.phrase.split_whitespace().any(|w| w == "header")
                    || (s.phrase.ends_with(" authorization")
                        && ctx
                            .normalized()
                            .iter()
                            .any(|n| words::has(n, "authorization header value"))))
                && !s.phrase.contains("malformed")
                && !ctx
                    .findings
                    .iter()
                    .any(|f| f.implied_cause() == Some(Cause::MalformedCredentials)) =>
        {
            d = scheme_not_read(ctx, "the server calls the Authorization header invalid");
        }
        // "invalid authorization header" about a header this crate found well formed: the
        // value inside it was refused, not its form. (A 400 on the wire is about the form:
        // the server could not parse the header at all.)
        Cause::MalformedCredentials
            if !ctx.wire_is_bad_request()
                && s.phrase
                    .split(" … ")
                    .next()
                    .is_some_and(|p| p.ends_with(" header"))
                && !s.phrase.contains("malformed")
                && !ctx.findings.iter().any(|f| {
                    f.implied_cause() == Some(Cause::MalformedCredentials)
                        || f.implied_cause() == Some(Cause::MissingCredentials)
                })
                && ctx.credential_in("authorization").is_some() =>
        {
            d.cause = Cause::InvalidCredentials;
        }
        // "invalid HTTP header (authorization)" in a 400: the server could not parse the
        // header at all; a bad request is about the form, not the credential's value.
        Cause::InvalidCredentials
            if ctx.wire_is_bad_request()
                && ctx.credential_in("authorization").is_some()
                && ctx
                    .normalized()
                    .iter()
                    .any(|n| words::has(n, "header") && words::has(n, "authorization")) =>
        {
            d = Diagnosis::new(Cause::MalformedCredentials)
                .summary("the server could not read the Authorization header in the form it was sent (a 400: the header's form, such as its scheme, not its value)")
                .remedy("send the Authorization header in the form the API documents (the scheme it expects, then the credential)");
        }
        // "permission denied - invalid ticket" on a 401: the credential was judged, not a
        // permission (a 401 asks who the caller is, RFC 9110 §15.5.2).
        Cause::InsufficientScope
            if status == 401 && words::judges_the_credential(ctx.normalized()) =>
        {
            d.cause = Cause::InvalidCredentials;
        }
        // "You are not authorized to access this resource." on a 401, to a request with a
        // credential: a refusal of who the caller is, in words that name no scope, permission
        // or role.
        Cause::InsufficientScope
            if status == 401
                && present
                && !unseen
                && matches!(
                    s.phrase.as_str(),
                    "not authorized to access" | "not authorised to access"
                )
                // the stock object: "this resource", "the requested resource"
                && ctx.normalized().iter().any(|n| words::has(n, "resource"))
                && !ctx.normalized().iter().any(|n| {
                    crate::observe::scopes::PERMISSION_NOUNS
                        .iter()
                        .chain(&["admin", "administrator", "owner", "access level"])
                        .any(|w| words::has(n, w))
                })
                && crate::diagnose::assemble::named_required_scopes(ctx).is_empty() =>
        {
            d.cause = Cause::InvalidCredentials;
        }
        // A permission refused to a request that showed no credential at all: permissions
        // belong to an identity, and none was sent (Datasette's "You do not have permission
        // to view this table" to an anonymous request).
        // (A message about a user's roles says the server identified one: a credential went,
        // in a place this middleware does not read.)
        // (Nor when the words make the credential itself the one that lacks it, "API key
        // lacks permission 'invoices.read'", to a request whose body this middleware does not
        // read: an XML-RPC call's key is its first parameter.)
        Cause::InsufficientScope
            if unseen
                && !ctx.credentials_in_body()
                && !named_key_unread
                && ctx.hidden_credential_headers.is_empty()
                && !ctx.normalized().iter().any(|n| {
                    ["user", "role", "roles", "capability", "capabilities"]
                        .iter()
                        .any(|w| words::has(n, w))
                }) =>
        {
            d = Diagnosis::new(Cause::MissingCredentials)
                .summary("the server refuses a permission to a request that carried no credential: anonymous callers lack it, and none was sent")
                .remedy("send the credential of an identity that has this permission");
        }
        Cause::InsufficientScope => d = scope_summary(d, ctx),
        // A verdict on a key ("Invalid key", "Bad token supplied") to a request that carried
        // none anywhere it could (no body, nothing in its head or path): what the server
        // judged is the absence.
        Cause::InvalidCredentials if unseen && all_seen(ctx) && !ctx.credentials_in_body() => {
            d = Diagnosis::new(Cause::MissingCredentials)
                .summary("the server judges a credential the request did not carry: nothing was sent in its headers, URL or path, so the verdict is on a missing key (a default header the client adds after this middleware is not seen: declare it with `client_default_credential_headers`)")
                .remedy("send the credential where the API documents it (its header, or the query parameter it reads)");
        }
        _ => {}
    }
    d = d.evidence(format!("the server's error says \"{}\"", s.phrase));
    if unseen
        && d.cause != Cause::MissingCredentials
        && crate::redact::path_has_token(ctx.url.path())
    {
        d = d.evidence("no credential was found by name in the request, but its URL path holds a key-shaped segment (redacted): the server's verdict is on that key, or on one sent where this middleware does not look");
    } else if unseen && d.cause != Cause::MissingCredentials {
        d = d.evidence("no credential was visible in the request's headers or URL: the server judged one sent elsewhere (in the body, as a client certificate, or by the client's default headers)");
    }
    Some(with_server_said(d, ctx))
}

/// A credential under a scheme of its own (`Token`, `JWT`) that the server did not read:
/// `what` is what the server said of it.
fn scheme_not_read(ctx: &Context<'_>, what: &str) -> Diagnosis {
    let shown = unread_scheme(ctx).unwrap_or("another scheme");
    Diagnosis::new(Cause::WrongScheme)
        .summary(format!(
            "{what}, and the one sent uses the scheme {shown}: the server reads another scheme (most APIs read `Authorization: Bearer …`)"
        ))
        .evidence(format!("Authorization scheme sent: {shown}"))
        .remedy("send the credential with the scheme the API documents (usually `Bearer`)")
}

/// Whether a message says no `Authorization` header of the very scheme the request used was
/// found ("No 'Authorization: Basic' header found").
fn denies_the_header_sent(ctx: &Context<'_>) -> bool {
    let Some(scheme) = ctx
        .credential_in("authorization")
        .and_then(|c| c.scheme.as_deref())
    else {
        return false;
    };
    let scheme = scheme.to_ascii_lowercase();
    ctx.normalized().iter().any(|n| {
        (words::has(n, &format!("authorization {scheme}")) && words::has(n, "found"))
            // "No Authorization Found" (an OAuth server's grant record, not its header: a
            // header a proxy stripped is named as one, "no Authorization header found")
            || ((words::has(n, "no authorization found")
                || words::has(n, "authorization not found"))
                && !words::has(n, "header"))
    })
}

/// Whether the credential a "missing" verdict names (`phrase`'s subject, "no … api key") is
/// the name of a header the request sent a credential in (`X-API-Key`): the compound noun,
/// without its spaces, inside the header's name without its separators. A single noun
/// ("token") names too many places to tell.
fn denies_the_named_header_sent(ctx: &Context<'_>, phrase: &str) -> bool {
    let Some(subject) = phrase.rsplit(" … ").next() else {
        return false;
    };
    if !subject.contains(' ') && subject.len() < 6 {
        return false;
    }
    let subject: String = subject.split_whitespace().collect();
    ctx.credentials.iter().any(|c| match &c.location {
        Location::Header(h) if *h != http::header::AUTHORIZATION => {
            let name: String = h
                .as_str()
                .bytes()
                .filter(|b| !matches!(b, b'-' | b'_'))
                .map(char::from)
                .collect();
            name.contains(&subject)
        }
        _ => false,
    })
}

/// Whether the server's words ask for the `Authorization` header ("Authorization is
/// required") while the request sent one under Bearer or Basic that no challenge refuses.
/// The verdict of a message that quotes the request's credential: expired, or refused.
fn echoed_verdict(ctx: &Context<'_>) -> Option<words::Said> {
    if !ctx.echoes_credential() {
        return None;
    }
    fn verdict(ctx: &Context<'_>, list: &[&'static str]) -> Option<&'static str> {
        ctx.normalized()
            .iter()
            .find_map(|n| list.iter().find(|w| words::has(n, w)).copied())
    }
    let (cause, p) = if let Some(p) = verdict(ctx, &["expired", "has expired"]) {
        (Cause::ExpiredCredentials, p)
    } else {
        (
            Cause::InvalidCredentials,
            verdict(
                ctx,
                &[
                    "invalid",
                    "not valid",
                    "unknown",
                    "not found",
                    "does not exist",
                    "incorrect",
                    "wrong",
                ],
            )?,
        )
    };
    Some(words::Said {
        cause,
        phrase: format!("{p} … the credential sent, quoted"),
        named: true,
        by_presence: false,
    })
}

fn asks_for_the_header_sent(ctx: &Context<'_>) -> bool {
    let sent = ctx
        .credential_in("authorization")
        .and_then(|c| c.scheme.as_deref())
        .filter(|s| s.eq_ignore_ascii_case("bearer") || s.eq_ignore_ascii_case("basic"));
    // (a challenge for the very scheme sent asks for what came, as a stock page does:
    // `WWW-Authenticate: Basic` beside "Authorization is required" to a Basic request; so
    // do challenges that offer it among others, `Basic, Bearer`)
    let mut origin = ctx
        .evidence
        .challenges
        .iter()
        .filter(|c| !c.proxy)
        .peekable();
    let challenged_otherwise = origin.peek().is_some()
        && !origin.any(|c| sent.is_some_and(|s| c.scheme.eq_ignore_ascii_case(s)));
    sent.is_some()
        && !challenged_otherwise
        && ctx.normalized().iter().any(|n| {
            [
                "authorization is required",
                "authorization required",
                "authorization header required",
                "authorization header is required",
            ]
            .iter()
            .any(|p| words::has(n, p))
                // (not the header's form: "Authorization header required in format Bearer …")
                && !["format", "scheme", "prefix", "missing"]
                    .iter()
                    .any(|w| words::has(n, w))
        })
}

/// The scheme of the request's `Authorization` credential when it is neither Bearer nor
/// Basic nor Digest and no challenge names a scheme: one a server may simply not read.
fn unread_scheme<'a>(ctx: &'a Context<'_>) -> Option<&'a str> {
    // A signed request's scheme (`Signature keyId=…`) is the API's own: it was read.
    if ctx.evidence.challenges.iter().any(|c| !c.proxy) || ctx.request_is_signed() {
        return None;
    }
    let cred = ctx.credential_in("authorization")?;
    let scheme = cred.scheme.as_deref()?;
    // A scheme with parameters (`EAN APIKey=…,Signature=…`, `HMAC keyId=…`) or parts
    // (`FS <id>:<key>:<signature>`) is an API's own documented form, not a token under a
    // scheme the server does not read. (A `=` only at the end is base64 padding.)
    let v = cred.secret.expose_secret();
    let v = v.strip_suffix(b"==").or(v.strip_suffix(b"=")).unwrap_or(v);
    if memchr::memchr2(b'=', b':', v).is_some() {
        return None;
    }
    // `JWT` before a value that is no JWT (a refresh token, an opaque key): the scheme was
    // understood, and the token under it is not of the form it names.
    if scheme.eq_ignore_ascii_case("jwt") && !crate::credential::is_jwt(v) {
        return None;
    }
    // A scheme named for a key (`apikey`, `Key`, `sso-key`) is an API's documented way of
    // sending its key: a refusal of it speaks of the key, not of the scheme.
    if ["bearer", "basic", "digest"]
        .iter()
        .any(|s| scheme.eq_ignore_ascii_case(s))
        || scheme.to_ascii_lowercase().contains("key")
    {
        return None;
    }
    crate::redact::shown_scheme(scheme)
}

/// Whether the server judges a credential although none was visible in the request.
pub(super) fn unseen_but_judged(ctx: &Context<'_>) -> bool {
    // A server that also just asks for authentication ("Requires authentication" beside an
    // `invalid_token` label) received nothing to judge.
    !ctx.credential_present()
        && !all_seen(ctx)
        && !session_unsent(ctx)
        && !words::asks_for_authentication(ctx.normalized())
        && !words::names_missing_credential(ctx.normalized())
        && ctx.classify(true).is_some_and(|s| {
            // "provide a valid token" reads as invalid only because a credential is assumed;
            // a bare refusal ("User couldn't be authenticated") judged what a body this
            // middleware does not read carried (an XML-RPC call's session string)
            (s.named || ctx.evidence.request_body_unread)
                && !s.by_presence
                && !matches!(s.cause, Cause::MissingCredentials)
        })
}

/// Whether every place a credential could have gone was seen: a request without a body sent
/// its credentials, if any, in its head, all of which is seen, unless the client adds default
/// headers it declared (`client_default_credential_headers`) or a path segment is shaped like a key
/// (`/features/key_…`, which may be the credential judged).
fn all_seen(ctx: &Context<'_>) -> bool {
    // (a body kept, read and plainly free of any credential, `{"name":"test"}`, hides none
    // either)
    ((matches!(
        *ctx.method,
        http::Method::GET | http::Method::HEAD | http::Method::DELETE | http::Method::OPTIONS
    ) && !ctx.evidence.request_body_unread)
        || (ctx.evidence.request_body_plain && !ctx.evidence.request_fields.is_empty()))
        && !crate::redact::path_has_token(ctx.url.path())
        && ctx.hidden_credential_headers.is_empty()
}

/// The server speaks of a session ("your session has expired") to a request that carried no
/// cookie: a session travels in a cookie, so what it judges is the absence of one (a cookie
/// store may still add cookies after this middleware; the summary says so).
pub(super) fn session_unsent(ctx: &Context<'_>) -> bool {
    !ctx.credentials
        .iter()
        .any(|c| matches!(c.location, crate::credential::Location::Cookie(_)))
        && !ctx.credentials_in_body()
        // (a body that may hold one, unread or not plainly free of one, may have carried the
        // session: an XML-RPC call's session key is its first parameter)
        && (!ctx.evidence.request_body_unread || ctx.evidence.request_body_plain)
        && ctx.normalized().iter().any(|n| words::has(n, "session"))
        // A session *id* the server judges ("INVALID_SESSION_ID: Invalid Session ID found in
        // SessionHeader") was received, in a place this middleware does not read (a SOAP
        // header in the body).
        && !ctx.normalized().iter().any(|n| {
            words::near(
                n,
                &["session id", "sessionid", "session key", "session token"],
                &["invalid", "expired", "illegal", "revoked"],
                3,
            )
            .is_some()
        })
}

/// Authentication schemes a message may name as the one it expects.
const SCHEME_WORDS: &[&str] = &["bearer", "basic", "digest", "bot", "hmac"];

/// The server's message names the scheme it expects ("Format is Authorization: Bearer
/// [token]", "bad scheme") and the request sent another: a wrong scheme, without a challenge.
fn scheme_named(ctx: &Context<'_>, said: Option<Cause>) -> Option<Diagnosis> {
    // (Some servers refuse a scheme they do not take with a 403.)
    if !matches!(ctx.status().as_u16(), 401 | 403)
        || !matches!(
            said,
            None | Some(
                Cause::InvalidCredentials | Cause::MalformedCredentials | Cause::MissingCredentials
            )
        )
    {
        return None;
    }
    let cred = ctx.credential_in("authorization")?;
    let sent = cred.scheme.as_deref()?.to_ascii_lowercase();
    // Words of absence name another scheme only when they do not also say the scheme sent
    // is missing (a server that lists every backend's "no 'Authorization: Basic' header
    // found" beside Bearer's), and no challenge offers the scheme sent.
    if said == Some(Cause::MissingCredentials)
        && (ctx
            .normalized()
            .iter()
            .any(|n| words::has(n, &format!("authorization {sent}")))
            || ctx
                .evidence
                .challenges
                .iter()
                .any(|c| !c.proxy && c.scheme.eq_ignore_ascii_case(&sent)))
    {
        return None;
    }
    let expected = ctx.normalized().iter().find_map(|n| {
        SCHEME_WORDS
            .iter()
            .copied()
            .find(|w| {
                *w != sent
                    && (words::has(n, &format!("authorization {w}"))
                        // "Authorization header is not of type 'Bearer'", "Bearer token
                        // expected": the scheme beside a word of what the server wants
                        || words::near(
                            n,
                            &[w],
                            &[
                                "type", "expected", "expects", "must", "should", "only",
                                "requires", "required", "pattern",
                                // "or 'Bearer' was missing", to a Basic value
                                "missing",
                            ],
                            3,
                        )
                        .is_some()
                        // "Authorization header must start with the string hmac"
                        || words::near(
                            n,
                            &[w],
                            &["start with", "starts with", "begin with", "prefixed with"],
                            4,
                        )
                        .is_some())
            })
            .or_else(|| {
                // "bad scheme", "Invalid token scheme", "Unsupported authentication method":
                // a verdict on the scheme itself
                words::near(
                    n,
                    &[
                        "scheme",
                        "authentication method",
                        "auth method",
                        "authentication type",
                        "authorization type",
                    ],
                    &[
                        "bad",
                        "wrong",
                        "invalid",
                        "unsupported",
                        "unknown",
                        "not supported",
                    ],
                    2,
                )
                .map(|_| "")
            })
    })?;
    let shown = crate::redact::shown_scheme(cred.scheme.as_deref()?).unwrap_or("another scheme");
    let mut d =
        Diagnosis::new(Cause::WrongScheme).evidence(format!("Authorization scheme sent: {shown}"));
    if expected.is_empty() {
        d = d.summary(format!(
            "the server does not accept the scheme {shown} the credential was sent with"
        ));
    } else {
        let want = expected[..1].to_ascii_uppercase() + &expected[1..];
        d = d
            .summary(format!(
                "the credential was sent with scheme {shown}, but the server's message asks for {want}"
            ))
            .evidence(format!("the server's message names the scheme {want}"))
            .remedy(format!("send `Authorization: {want} …` as the server's message asks"));
    }
    Some(with_server_said(d, ctx))
}

/// The header a message says the credential belongs in ("a valid API key in the X-Api-Key
/// header"), when the request sent none there.
fn header_named(ctx: &Context<'_>, said: Option<Cause>) -> Option<Diagnosis> {
    if !matches!(
        said,
        None | Some(
            Cause::InvalidCredentials | Cause::MalformedCredentials | Cause::MissingCredentials
        )
    ) {
        return None;
    }
    let named = ctx.evidence.body.messages.iter().find_map(|m| {
        let lower = m.to_ascii_lowercase();
        let i = lower.find(" header")?;
        let word = lower[..i]
            .rsplit(|c: char| c.is_whitespace())
            .next()?
            .trim_matches(|c: char| matches!(c, '`' | '"' | '\'' | '(' | ')'));
        // (a name, not a dash: "Cannot set response code - headers already sent")
        let header_like = word == "authorization"
            || (word.len() >= 3
                && word.contains('-')
                && word.starts_with(|c: char| c.is_ascii_alphabetic())
                && !word.ends_with('-')
                && word.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'));
        header_like.then(|| word.to_owned())
    })?;
    let sent_there = ctx.credential_in(&named).is_some();
    let elsewhere: Vec<String> = ctx
        .origin_credentials()
        .filter(|c| matches!(c.location, Location::Header(_)))
        .map(|c| c.location.to_string())
        .collect();
    if sent_there || elsewhere.is_empty() {
        return None;
    }
    Some(with_server_said(
        Diagnosis::new(Cause::WrongScheme)
            .summary(format!(
                "the server reads the credential from the {named} header; this request sent it in {}",
                elsewhere.join(", ")
            ))
            .evidence(format!("the server's message names the {named} header"))
            .remedy(format!("send the credential in the {named} header, as the server's message says")),
        ctx,
    ))
}

/// The server speaks of a JWT while the token sent has not the JWT shape (three base64url parts
/// separated by dots): a key sent where a JWT is expected.
fn not_a_jwt(ctx: &Context<'_>, said: Option<Cause>) -> Option<Diagnosis> {
    if !matches!(
        said,
        None | Some(Cause::InvalidCredentials | Cause::MalformedCredentials)
    ) {
        return None;
    }
    // JWT libraries name the token or its dot-separated parts ("Not enough segments",
    // "token contains an invalid number of segments").
    let speaks_of_jwt = || {
        ctx.normalized()
            .iter()
            .any(|n| words::has(n, "jwt") || words::has(n, "segments"))
    };
    // Basic credentials to a server that speaks of a JWT ("Unsupported JWT signing
    // algorithm" from a gateway that read the Basic value as one): it takes a JWT as a Bearer
    // token, and the request sent a user and password.
    if let Some(basic) = ctx.credential_in("authorization").filter(|c| {
        c.scheme
            .as_deref()
            .is_some_and(|s| s.eq_ignore_ascii_case("basic"))
    }) {
        if basic.kind != crate::credential::CredentialKind::Jwt
            && ctx.jwt().is_none()
            && ctx.normalized().iter().any(|n| words::has(n, "jwt"))
        {
            return Some(with_server_said(
                Diagnosis::new(Cause::WrongScheme)
                    .summary("the server expects a JWT, and the request sent Basic credentials: it reads `Authorization: Bearer <jwt>`")
                    .evidence("the server's error speaks of a JWT; the request sent `Authorization: Basic`")
                    .remedy("obtain an access token (a JWT) with these credentials at the API's token endpoint and send it as `Authorization: Bearer <token>`"),
                ctx,
            ));
        }
        return None;
    }
    let cred = ctx.bearer_credential()?;
    if cred.kind == crate::credential::CredentialKind::Jwt {
        return None;
    }
    if !speaks_of_jwt() {
        return None;
    }
    Some(with_server_said(
        Diagnosis::new(Cause::MalformedCredentials)
            .summary("the server expects a JWT, and the Bearer token sent is not one (a JWT has three dot-separated parts and starts with eyJ)")
            .evidence("the server's error speaks of a JWT; the token sent has not the JWT shape")
            .remedy("send a JWT issued for this API (an access token), not an API key or another secret, in `Authorization: Bearer`"),
        ctx,
    ))
}

pub(in crate::diagnose) fn anonymous_forbidden(ctx: &Context<'_>) -> Option<Diagnosis> {
    if ctx.status() != StatusCode::FORBIDDEN || ctx.credential_present() {
        return None;
    }
    // (the role an ACL gives a caller without a credential: "Policy for role guest")
    if !ctx
        .normalized()
        .iter()
        .any(|n| words::has(n, "anonymous") || words::has(n, "role guest"))
    {
        return None;
    }
    Some(with_server_said(
        Diagnosis::new(Cause::MissingCredentials)
            .summary("the server refuses this request without a credential, and none was visible in it")
            .evidence("no credential was visible in the request (Authorization, API-key headers, cookies, URL)"),
        ctx,
    ))
}

/// A 403 whose words refuse the request's own action by name, to a request that carried a
/// credential: "dana not allowed to DELETE /api/projects/42" (casbin), "Cannot execute
/// \"delete\" on \"Invoice\"" (CASL), "\"reader\" user is not authorized to write to
/// database" (InfluxDB). The caller was identified and its method refused: a permission it
/// lacks. Words that name a credential ("not allowed to use this key") are left to the words.
pub(in crate::diagnose) fn refused_own_action(ctx: &Context<'_>) -> Option<Diagnosis> {
    if ctx.status() != StatusCode::FORBIDDEN || !ctx.credential_present() {
        return None;
    }
    // A 403 that refuses the caller a thing by name ("token not authorized for channel",
    // "Insufficient authorization. Follow the oauth2-token link to get a token with more
    // authorization!"): the caller was identified (a 403, RFC 9110 §15.5.4) and lacks the
    // right to it. ("… denied for this request" names no thing.)
    const FOR_A_THING: &[&str] = &[
        "not authorized for",
        "not authorised for",
        "insufficient authorization",
        "insufficient authorisation",
    ];
    // (A message that quotes the credential it refuses, "(Token:HyrNk****) is not authorized
    // for: /api/14/system/info", may be calling the token itself unknown.)
    let masked_echo = ctx.origin_credentials().any(|c| {
        let secret = c.secret.expose_secret();
        secret.len() >= 12
            && std::str::from_utf8(&secret[..4]).is_ok_and(|head| {
                ctx.evidence
                    .body
                    .messages
                    .iter()
                    .any(|m| m.match_indices(head).any(|(i, _)| m[i..].contains("**")))
            })
    });
    if let Some(p) = (!ctx.echoes_credential() && !masked_echo)
        .then(|| ctx.normalized().iter())
        .into_iter()
        .flatten()
        .find_map(|n| {
            FOR_A_THING
                .iter()
                .find(|p| words::has(n, p) && !words::has(n, "this request"))
        })
    {
        return Some(with_server_said(
            scope_summary(
                Diagnosis::new(Cause::InsufficientScope)
                    .summary("the server identified the caller and refuses it what it asked for: the credential lacks the permission or role for it")
                    .evidence(format!("the 403's words refuse the caller a thing by name: \"{p}\"")),
                ctx,
            ),
            ctx,
        ));
    }
    let verbs: &[&str] = match *ctx.method {
        http::Method::GET | http::Method::HEAD => &["get", "read", "view", "list", "fetch"],
        http::Method::POST => &["post", "create", "write", "add", "upload"],
        http::Method::PUT | http::Method::PATCH => &[
            "put", "patch", "update", "edit", "modify", "write", "change",
        ],
        http::Method::DELETE => &["delete", "remove", "destroy"],
        _ => return None,
    };
    const REFUSALS: &[&str] = &[
        "not allowed to",
        "not authorized to",
        "not authorised to",
        "not permitted to",
        "unauthorized to",
        "cannot execute",
        "cannot perform",
        "can not execute",
    ];
    let names_credential = |n: &str| words::names_the_credential(&[n.to_owned()]);
    let refused = ctx.normalized().iter().find_map(|n| {
        if names_credential(n) {
            return None;
        }
        let w: Vec<&str> = n.split_whitespace().collect();
        REFUSALS.iter().find_map(|r| {
            let r_words: Vec<&str> = r.split(' ').collect();
            (0..w.len().saturating_sub(r_words.len() - 1)).find_map(|i| {
                (w[i..i + r_words.len()] == r_words[..])
                    .then(|| {
                        w[i + r_words.len()..]
                            .iter()
                            .take(2)
                            .find(|x| verbs.contains(x))
                            .map(|v| format!("{r} {v}"))
                    })
                    .flatten()
            })
        })
    })?;
    Some(with_server_said(
        scope_summary(
            Diagnosis::new(Cause::InsufficientScope)
                .summary(format!(
                    "the server identified the caller and refuses it this request's action ({}): the credential lacks the permission or role for it",
                    ctx.method
                ))
                .evidence(format!(
                    "the server's error refuses the request's own method by name: \"{refused}\""
                )),
            ctx,
        ),
        ctx,
    ))
}

/// JSON error objects of the `resource` / `field` / `code` kind (`{"field":
/// "activity:read_permission", "code": "missing"}`): a missing field that names a permission or
/// scope is a missing scope.
pub(in crate::diagnose) fn missing_permission_field(ctx: &Context<'_>) -> Option<Diagnosis> {
    if !matches!(ctx.status().as_u16(), 401 | 403) {
        return None;
    }
    // A 403 whose body lists the scopes the endpoint requires (`"required_scopes":
    // ["orders:write"]`) says what the credential lacks, whatever its words.
    if ctx.status() == StatusCode::FORBIDDEN {
        let listed = crate::diagnose::assemble::named_required_scopes(ctx);
        if !listed.is_empty() {
            return Some(with_server_said(
                Diagnosis::new(Cause::InsufficientScope)
                    .evidence(format!(
                        "the error lists what the endpoint requires: {}",
                        listed.join(" ")
                    ))
                    .required(listed),
                ctx,
            ));
        }
    }
    let body = &ctx.evidence.body;
    let missing = body.codes.iter().any(|c| {
        matches!(
            c.to_ascii_lowercase().as_str(),
            "missing" | "missing_field" | "required" | "insufficient"
        )
    });
    if !missing {
        return None;
    }
    let field = body.fields_named("field").find(|f| {
        let l = f.to_ascii_lowercase();
        l.contains("permission") || l.contains("scope")
    })?;
    Some(with_server_said(
        Diagnosis::new(Cause::InsufficientScope)
            .summary(format!(
                "the credential lacks the permission {field} that this request needs"
            ))
            .evidence(format!("the error names the missing field {field}"))
            .remedy(format!(
                "grant {field} to the credential (authorize again with it), or use one that has it"
            ))
            .required(vec![field.to_owned()]),
        ctx,
    ))
}
