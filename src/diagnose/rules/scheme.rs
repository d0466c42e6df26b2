//! The scheme and the place: the `Authorization` scheme sent against what the server
//! challenges with or asks for in words, a header the challenge names.

use http::StatusCode;
use http::header::AUTHORIZATION;

use crate::credential::Location;
use crate::explanation::Cause;

use super::super::words;
use super::super::{Context, Diagnosis, with_server_said};
use super::status_only;

/// The scheme sent against the schemes a 401's challenges name (RFC 9110 §11.6.1): Basic sent
/// where only Bearer is offered, `Token` where `Bearer` is asked, Bearer at a Basic- or
/// Digest-only location.
pub(in crate::diagnose) fn wrong_scheme(ctx: &Context<'_>) -> Option<Diagnosis> {
    if ctx.status() != StatusCode::UNAUTHORIZED {
        return None;
    }
    let cred = ctx.credential_in("authorization")?;
    let sent = cred.scheme.as_deref()?;
    let offered: Vec<&str> = ctx
        .evidence
        .challenges
        .iter()
        // A challenge that names a header for its key asks for no `Authorization` scheme; nor
        // does one without a scheme (`error="invalid_token", …` alone), read as if its first
        // parameter were one.
        // Nor does an address rule in a challenge's place (`ip-whitelist`).
        .filter(|c| {
            !c.proxy
                && header_of(c).is_none()
                && !scheme_is_an_address_rule(&c.scheme)
                && c.scheme
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        })
        .map(|c| c.scheme.as_str())
        .collect();
    // A challenge that names the sent scheme with more after it (Robyn's `BearerGetter`, the
    // name of its class) offers that scheme.
    let sent_lower = sent.to_ascii_lowercase();
    if offered.is_empty()
        || offered.iter().any(|s| {
            s.eq_ignore_ascii_case(sent) || s.to_ascii_lowercase().starts_with(&sent_lower)
        })
    {
        return None;
    }
    // Only a challenge in a scheme of the registry's (or a well-known one) is direct evidence.
    let known_offer = offered.iter().any(|s| {
        crate::credential::KNOWN_SCHEMES
            .iter()
            .any(|k| k.eq_ignore_ascii_case(s))
    });
    // A server that says the key expired, lacks a scope or belongs to a suspended account has
    // read and identified it: the scheme was accepted, whatever the challenge lists (some
    // servers challenge with one scheme and accept another).
    // Permission words on a 401 do not count: a 401 is about identity (RFC 9110 §15.5.2),
    // and stock pages speak of "permission" for any failed sign-in.
    let identified = ctx.echoes_credential()
        || identified_by_answer(
            ctx,
            &[
                Cause::ExpiredCredentials,
                Cause::RevokedCredentials,
                Cause::AccountSuspended,
                Cause::PlanRestricted,
                Cause::WrongEnvironment,
                Cause::IpRestricted,
                Cause::OriginRestricted,
                Cause::OrganizationPolicy,
                Cause::EndpointNotEnabled,
                // (a signature checked on a request that signs nothing is the token's own: the
                // server decoded the token it got)
                Cause::SignatureMismatch,
            ],
        );
    if identified {
        return None;
    }
    let shown = crate::redact::shown_scheme(sent).unwrap_or("another scheme");
    // A server that judges the credential ("invalid API key") may have read it after all:
    // some challenge with one scheme and accept another. The mismatch still leads, less sure.
    // ("Authentication required" asks for a credential as if none came: no judgement.)
    let judged = ctx
        .classify(true)
        .is_some_and(|s| s.cause == Cause::InvalidCredentials && !s.by_presence);
    // A challenge in a scheme of the server's own (Django's `Session`) beside words that judge
    // the credential sent ("Invalid token"): the server read it, and its words say why.
    if judged && !known_offer {
        return None;
    }
    // Words that judge the very parts of the sent scheme ("Invalid username/password." to
    // Basic): the server read that scheme, whatever its challenge lists first (Django REST
    // framework challenges with its first class's scheme).
    if judged
        && sent.eq_ignore_ascii_case("basic")
        && ctx.normalized().iter().any(|n| {
            (words::has(n, "username") || words::has(n, "user name")) && words::has(n, "password")
        })
    {
        return None;
    }
    // A scheme of the server's own making ("Session", "Tryton") may be read beside the one its
    // challenge names: the mismatch is direct evidence only when both schemes are known ones.
    let known_sent = crate::credential::KNOWN_SCHEMES
        .iter()
        .any(|k| k.eq_ignore_ascii_case(sent));
    let d = Diagnosis::new(Cause::WrongScheme);
    let d = if judged || !known_offer || !known_sent {
        d
    } else {
        d.high()
    };
    Some(with_server_said(
        d.summary(format!(
            "the credential was sent with scheme {shown}, but the server asks for {}",
            offered.join(" or ")
        ))
        .evidence(format!("Authorization scheme sent: {shown}"))
        .remedy(format!(
            "send `Authorization: {} …` as the server's challenge asks",
            offered[0]
        )),
        ctx,
    ))
}

/// The server's words refuse the very scheme the request sent, by name ("Unsupported
/// authorization scheme Bearer", "authentication scheme 'Token' is not supported", "Remove the
/// Bearer prefix"): the scheme word (or "prefix") and the name of the request's own scheme
/// beside a refusal, in one clause. The request's scheme is
/// what makes it evidence; a message that only names a scheme it wants ("must use Bearer") is
/// not read here.
pub(in crate::diagnose) fn scheme_refused(ctx: &Context<'_>) -> Option<Diagnosis> {
    const REFUSALS: &[&str] = &[
        "unsupported",
        "not supported",
        "is not allowed",
        "not accepted",
        "not recognized",
        "unrecognized",
        "unknown",
        "invalid",
        "remove",
        "without",
    ];
    const NOUNS: &[&str] = &["scheme", "type"];
    let sent = ctx.credential_in("authorization")?.scheme.as_deref()?;
    // A server whose challenge asks for the very scheme sent refuses the header's form
    // ("Invalid \"bearer\" header: … should not contain spaces"), not its scheme, unless it
    // names another to use instead.
    let challenged_as_sent = ctx
        .evidence
        .challenges
        .iter()
        .any(|c| !c.proxy && c.scheme.eq_ignore_ascii_case(sent));
    let name = sent.to_ascii_lowercase();
    // The scheme's name, the noun and the refusal stand in one clause: "the Bearer scheme;
    // the token is invalid" refuses the token, not the scheme.
    let refused = ctx.evidence.body.messages.iter().any(|m| {
        m.split([';', '.', '!', '?', ','])
            .map(words::normalize)
            .any(|clause| {
                let has = |w: &str| super::super::normalize::has(&clause, w);
                has(&name)
                    && REFUSALS.iter().any(|r| has(r))
                    && (has("scheme")
                        // "Remove the Bearer prefix from the Authorization header"
                        || has("prefix")
                        // OAuth's name for the scheme (RFC 6749 §7.1's `token_type`): "Invalid
                        // token type" to `Token …`; to `Bearer …` it may mean a refresh token
                        // sent as an access token
                        || (has("token type") && !sent.eq_ignore_ascii_case("bearer"))
                        || (NOUNS.iter().any(|n| has(n))
                            && ["auth", "authorization", "authentication"]
                                .iter()
                                .any(|a| has(a))))
            })
    });
    // The scheme quoted and refused ("'Token' is not an authorized header."): the quotes
    // name it as the thing refused.
    let quoted = || {
        ctx.evidence.body.messages.iter().any(|m| {
            ['\'', '"', '`'].iter().any(|q| {
                let lower = m.to_ascii_lowercase();
                lower.contains(&format!("{q}{name}{q}"))
                    && [
                        "not an authorized",
                        "not authorized",
                        "not a valid",
                        "not valid",
                        "not supported",
                        "unsupported",
                        "not allowed",
                        "not accepted",
                        "invalid",
                    ]
                    .iter()
                    .any(|r| lower.contains(r))
            })
        })
    };
    // "Please use bearer Token instead": another scheme, named as the one to use instead of
    // what was sent.
    let advised = || {
        ctx.evidence.body.messages.iter().any(|m| {
            m.split([';', '.', '!', '?', ','])
                .map(words::normalize)
                .any(|clause| {
                    let has = |w: &str| super::super::normalize::has(&clause, w);
                    has("use")
                        && has("instead")
                        && ["bearer", "basic", "digest", "token"]
                            .iter()
                            .any(|other| *other != name && has(other))
                        && !has(&name)
                })
        })
    };
    let refused = !challenged_as_sent && (refused || quoted());
    if !refused && !advised() {
        return None;
    }
    let shown = crate::redact::shown_scheme(sent).unwrap_or("another scheme");
    Some(with_server_said(
        Diagnosis::new(Cause::WrongScheme)
            .summary(format!(
                "the server does not accept the {shown} scheme this request used"
            ))
            .evidence(format!(
                "the server's message refuses the scheme sent ({shown}) by name"
            ))
            .remedy("send the credential with the scheme the API documents (Bearer, Basic, Token, …) or in the header it reads"),
        ctx,
    ))
}

/// Whether the server's answer shows it read and identified the credential: a challenge that
/// judged it, words of its state (expired, revoked), or one of `reasons`, which only a caller
/// the server identified is given.
fn identified_by_answer(ctx: &Context<'_>, reasons: &[Cause]) -> bool {
    challenge_read_the_credential(ctx)
        || words::speaks_of_state(ctx.normalized())
        || ctx
            .classify(true)
            .is_some_and(|s| reasons.contains(&s.cause))
}

/// RFC 6750 §3.1: a challenge names an error only for a request that carried a credential the
/// server read ("invalid_token", "Invalid token", "invalid_client"), so its scheme and place
/// were understood; errors about the request's form (`invalid_request`,
/// `unsupported_token_type`) or that say none was found are not such a reading.
fn challenge_read_the_credential(ctx: &Context<'_>) -> bool {
    ctx.evidence.challenges.iter().any(|c| {
        !c.proxy
            && c.param("error").is_some_and(|e| {
                !e.eq_ignore_ascii_case("invalid_request")
                    && !e.eq_ignore_ascii_case("unsupported_token_type")
                    // (a code of the server's own that says it found none, sccache's
                    // `no_bearer_auth`, read nothing)
                    && !words::names_missing_credential(&[words::normalize_code(e)])
            })
            // (an `invalid_token` described as "Authentication required" asks for a token: the
            // server found none it reads)
            && !c.param("error_description").is_some_and(|d| {
                words::asks_for_authentication(&[words::normalize(d)])
            })
    })
}

/// A 401 whose challenge names an `Authorization` scheme (Bearer, Basic, Digest, …) to a
/// request that sent no `Authorization` header, only credentials elsewhere (a query
/// parameter, a cookie): the server did not find the credential where it reads it. A key in
/// a header of its own is left to the other rules: servers that read one challenge with
/// their default scheme all the same.
/// Where the request's credentials for the origin went (`header:x_api_key, query:key`), the
/// first four.
pub(super) fn sent_places(ctx: &Context<'_>) -> String {
    ctx.origin_credentials()
        .map(|c| c.location.to_string())
        .take(4)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether the server's words name a reason for the credential it got, or call it invalid:
/// it read the credential where it was sent.
fn judged_what_it_got(ctx: &Context<'_>) -> bool {
    ctx.classify(true)
        .is_some_and(|s| s.named && s.cause != Cause::MissingCredentials)
        || ctx.normalized().iter().any(|n| {
            words::near(
                n,
                &[
                    "credentials",
                    "credential",
                    "key",
                    "apikey",
                    "api key",
                    "token",
                ],
                &["invalid", "incorrect", "wrong", "unknown", "bad"],
                2,
            )
            .is_some()
        })
}

/// The header a 401's challenge names as the place it reads its key from:
/// `ApiKey header="X-API-Key"`, or Azure API Management's
/// `AzureApiManagementKey name="Ocp-Apim-Subscription-Key", type="header"`.
fn challenged_header(ctx: &Context<'_>) -> Option<String> {
    ctx.evidence
        .challenges
        .iter()
        .filter(|c| !c.proxy)
        .find_map(header_of)
        .map(str::to_owned)
}

/// The header a challenge names for its key, if it names one (then its scheme is no
/// `Authorization` scheme).
fn header_of(c: &crate::observe::Challenge) -> Option<&str> {
    let named = c.param("header").or_else(|| {
        let kind = c.param("type").or_else(|| c.param("in"))?;
        kind.eq_ignore_ascii_case("header")
            .then(|| c.param("name"))
            .flatten()
    })?;
    let named = named.trim();
    http::HeaderName::from_bytes(named.as_bytes())
        .is_ok()
        .then_some(named)
}

/// The header the server's words name as the one it reads ("Expected one of the following
/// authentication headers, [\"X-Api-Key\"]"): a quoted header name beside the word
/// "header", that names a credential (`X-Api-Key`, `X-Auth-Token`, `Authorization`).
fn header_named_in_words(ctx: &Context<'_>) -> Option<String> {
    ctx.evidence.body.messages.iter().take(8).find_map(|m| {
        // (an `X-` name is a header's by its shape: "No X-Hub-Signature found on request")
        let lower = m.to_ascii_lowercase();
        if !lower.contains("header") && !lower.contains("x-") {
            return None;
        }
        m.split(['"', '\'', '`', '[', ']', ',', ' '])
            .map(|w| w.trim_matches(|c: char| !c.is_ascii_alphanumeric()))
            .filter(|w| (3..=40).contains(&w.len()))
            .find(|w| {
                let lower = w.to_ascii_lowercase();
                // (a response's challenge header is no place a request sends a key)
                let challenge = lower.ends_with("-authenticate") || lower == "authentication-info";
                let credential_like = lower == "authorization"
                    || (lower.contains('-')
                        && !challenge
                        && ["key", "token", "auth", "secret", "session", "signature"]
                            .iter()
                            .any(|k| lower.contains(k)));
                credential_like && http::HeaderName::from_bytes(w.as_bytes()).is_ok()
            })
            .map(str::to_owned)
    })
}

/// 8d: a 401 whose challenge (or error) names the header it reads its key from, to a request
/// whose credentials went elsewhere (another header's name, the query, the body): the server found
/// no key where it looks.
pub(in crate::diagnose) fn challenged_header_unsent(ctx: &Context<'_>) -> Option<Diagnosis> {
    if ctx.status() != StatusCode::UNAUTHORIZED
        || !ctx.has_credentials()
        || !ctx.hidden_credential_headers.is_empty()
    {
        return None;
    }
    // The challenge names the header; else the words may ("Expected one of the following
    // authentication headers, [\"X-Api-Key\"], but none were provided").
    let (header, by_words) = match challenged_header(ctx) {
        Some(h) => (h, false),
        None => (header_named_in_words(ctx)?, true),
    };
    let sent = ctx.origin_credentials().any(
        |c| matches!(&c.location, Location::Header(h) if h.as_str().eq_ignore_ascii_case(&header)),
    );
    // Words that say nothing arrived outweigh a title that calls the authorization invalid.
    let says_unsent = ctx.normalized().iter().any(|n| {
        [
            "none were provided",
            "none was provided",
            "not provided",
            "missing",
            "not found",
            "not present",
            // ("Valid x-api-key header or Bearer token required")
            "required",
        ]
        .iter()
        .any(|w| words::has(n, w))
            // "No X-Hub-Signature found": the header named right after "no"
            || words::has(
                n,
                &format!("no {}", header.to_ascii_lowercase().replace(['-', '_'], " ")),
            )
    });
    if sent
        || (by_words && !says_unsent)
        || (judged_what_it_got(ctx) && !says_unsent)
        || ctx.echoes_credential()
    {
        return None;
    }
    let places = sent_places(ctx);
    Some(with_server_said(
        Diagnosis::new(Cause::MissingCredentials)
            .summary(format!(
                "the server reads its key from the header {header}, which the request did not send (its credentials went in {})",
                places
            ))
            .evidence(format!(
                "the server's {} names the header {header}; the request sent no such header",
                if by_words { "error" } else { "challenge" }
            ))
            .remedy(format!(
                "send the key in the header `{header}` (names with `_` are dropped by many proxies; a different name is not read)"
            )),
        ctx,
    ))
}

pub(in crate::diagnose) fn challenge_unanswered(ctx: &Context<'_>) -> Option<Diagnosis> {
    if ctx.status() != StatusCode::UNAUTHORIZED || !ctx.has_credentials() {
        return None;
    }
    let scheme = ctx
        .evidence
        .challenges
        .iter()
        .find(|c| !c.proxy)?
        .scheme
        .clone();
    let sent_authorization = ctx.credential_in("authorization").is_some();
    // A sign-in (a password in the body, to whatever path: a portal signs in at `/`)
    // exchanges those credentials for a token: a framework's default challenge on its refusal
    // speaks of the session it would have opened, not of where the password went.
    let sign_in = crate::observe::gate::signs_in(ctx.credentials);
    if sent_authorization
        || sign_in
        || !ctx.hidden_credential_headers.is_empty()
        || challenge_read_the_credential(ctx)
        || ctx.echoes_credential()
    {
        return None;
    }
    // A challenge that refuses the place the token went ("access tokens must not be provided
    // via query parameter", RFC 6750 §2.3 lets a server refuse it): the method of sending,
    // which the RFC 6750 code reads.
    if ctx.evidence.bearer_param("error") == Some("invalid_request")
        && super::standard::token_place_refused(ctx)
    {
        return None;
    }
    // A server that names a reason for the credential it got keeps it; so does one that
    // calls the credentials it got invalid ("Invalid authentication credentials"): it read
    // them where they were sent, and its challenge names its own scheme for that place.
    // So does one that says the authentication *failed* (InfluxDB's "authorization failed"
    // to `?u=…&p=…`): an attempt was made, with what was sent.
    if judged_what_it_got(ctx)
        || ctx.normalized().iter().any(|n| {
            words::near(
                n,
                &["authorization", "authentication", "auth", "login"],
                &["failed"],
                1,
            )
            .is_some()
        })
    {
        return None;
    }
    // A signed link (`?temp_url_sig=…&temp_url_expires=…`) is its own authentication: a
    // verdict on the link or its signature ("Temp URL invalid") judged what was sent, and the
    // challenge is the server's default for other clients.
    if ctx
        .origin_credentials()
        .all(|c| c.kind == crate::credential::CredentialKind::Signature)
        && ctx.normalized().iter().any(|n| {
            ["url", "link", "signature", "sig"]
                .iter()
                .any(|w| words::has(n, w))
                && [
                    "invalid",
                    "expired",
                    "mismatch",
                    "not valid",
                    "does not match",
                ]
                .iter()
                .any(|w| words::has(n, w))
        })
    {
        return None;
    }
    // A key in a header of its own (`X-Redmine-API-Key`) is a convention the server chose:
    // servers that read one still challenge with their default scheme when it is refused.
    if ctx
        .origin_credentials()
        .any(|c| matches!(&c.location, Location::Header(h) if *h != http::header::COOKIE))
    {
        return None;
    }
    let places = sent_places(ctx);
    Some(with_server_said(
        Diagnosis::new(Cause::MissingCredentials)
            .summary(format!(
                "the server asks for `Authorization: {scheme} …`, and the request sent no Authorization header (its credentials went in {})",
                places
            ))
            .evidence(format!(
                "the 401 challenges with {scheme}; no Authorization header was sent"
            ))
            .remedy(format!(
                "send the credential as `Authorization: {scheme} <credential>`"
            )),
        ctx,
    ))
}

/// A bare `WWW-Authenticate: APIKey` (no realm, no header named), FastAPI's and Starlette's
/// challenge for a key read from one header, query parameter or cookie, beside words that only
/// ask for authentication ("Not authenticated", what those classes say when their place is
/// empty), to a request that carried a credential: the key went somewhere the server does not
/// read it (`Authorization: ApiKey …`, another header's name).
pub(in crate::diagnose) fn api_key_challenge_unanswered(ctx: &Context<'_>) -> Option<Diagnosis> {
    if ctx.status() != StatusCode::UNAUTHORIZED || !ctx.has_credentials() {
        return None;
    }
    let bare_api_key = ctx.evidence.challenges.iter().any(|c| {
        !c.proxy
            && c.scheme.eq_ignore_ascii_case("apikey")
            && c.params.is_empty()
            && c.token68.is_none()
    });
    if !bare_api_key
        || !words::asks_for_authentication(ctx.normalized())
        || judged_what_it_got(ctx)
        || ctx.echoes_credential()
        || !ctx.hidden_credential_headers.is_empty()
        || crate::observe::gate::signs_in(ctx.credentials)
    {
        return None;
    }
    let places = sent_places(ctx);
    Some(with_server_said(
        Diagnosis::new(Cause::WrongScheme)
            .summary(format!(
                "the server challenges with a bare `APIKey` (a key read from one header, query parameter or cookie) and says the request is not authenticated: the key sent in {places} is not where it reads it"
            ))
            .evidence("the 401 challenges with APIKey and names no place; the server's words only ask for authentication")
            .remedy("send the key in the header (or query parameter) the API documents, by its exact name"),
        ctx,
    ))
}

/// An `Authorization` value built with more than one space (or a tab) after its scheme, and a
/// server that answers as if it saw no credential: a 401 that only asks for authentication
/// ("Please log in"), or says nothing of its own, or a 400 with a stock body. RFC 9110 §11.4
/// allows `1*SP`, but many servers split the value on one space and find no token, so the
/// request shows the likelier fault. Medium: the key itself may be refused as well. A server
/// that judges the credential (expired, invalid, …) read it, and its reason stands. As with
/// [`repaired_and_refused`](super::repaired_and_refused), a value pre-flight repaired still names the code to fix first.
pub(in crate::diagnose) fn spaced_scheme(ctx: &Context<'_>) -> Option<Diagnosis> {
    let f = authorization_finding(ctx, "extra_space_after_scheme")?;
    // (A bare 400 to such a request reaches here as a 401: see `observe::gate`.)
    let said = ctx.classify(true);
    if ctx.status() != StatusCode::UNAUTHORIZED || !reads_as_unsent(said.as_ref()) {
        return None;
    }
    Some(built_wrong(
        ctx,
        f,
        [
            "the Authorization header has more than one space between its scheme and the credential, and the server answered as if it found no credential: many servers split the header on a single space",
            "the application builds the Authorization header with more than one space between its scheme and the credential; pre-flight repaired it, and the server still answered as if it found no credential: fix the code that builds it, then check the value itself",
        ],
        if said.is_some() {
            "the server's words ask for authentication rather than judge the credential"
        } else {
            "the server gave no reason of its own"
        }
        .to_owned(),
        "send exactly one space between the scheme and the credential (`Bearer <token>`); trim the values you join",
    ))
}

/// Pre-flight's finding `code` on the `Authorization` header, if it made one.
fn authorization_finding<'c>(
    ctx: &'c Context<'_>,
    code: &str,
) -> Option<&'c crate::preflight::Finding> {
    ctx.findings.iter().find(|f| {
        f.code == code && matches!(&f.location, Location::Header(h) if *h == AUTHORIZATION)
    })
}

/// Whether the server's answer names a request header as such: "Authentication Header is
/// invalid" for `Authentication`, or a hyphenated name verbatim (`X-Auth-Tokn`).
pub(super) fn server_names_header(ctx: &Context<'_>, name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let phrase = format!("{} header", lower.replace(['-', '_'], " "));
    ctx.normalized().iter().any(|n| words::has(n, &phrase))
        || (lower.contains('-') && ctx.text().contains(&lower))
}

/// Whether the server's words (if any) only ask for a credential, as if none had come.
fn reads_as_unsent(said: Option<&words::Said>) -> bool {
    said.is_none_or(|s| s.by_presence || s.cause == Cause::MissingCredentials)
}

/// `malformed_credentials` for an `Authorization` header pre-flight found built wrong, which
/// the server answered as if it found none: the summary as sent or as repaired (`[sent,
/// repaired]`: a repaired value still names the code to fix first), the finding, and why the
/// answer reads as unread.
fn built_wrong(
    ctx: &Context<'_>,
    f: &crate::preflight::Finding,
    summaries: [&'static str; 2],
    why: String,
    remedy: &'static str,
) -> Diagnosis {
    let repaired = f.severity == crate::preflight::Severity::Repaired;
    with_server_said(
        Diagnosis::new(Cause::MalformedCredentials)
            .summary(summaries[usize::from(repaired)])
            .evidence(format!(
                "pre-flight [{}] on {}: {}",
                f.code, f.location, f.message
            ))
            .evidence(why)
            .remedy(remedy),
        ctx,
    )
}

/// 13a′: an `Authorization` scheme written in another case than the standard writes it
/// (`bearer …`; pre-flight's `scheme_case`, sent as is or repaired), refused with a 401 whose
/// challenge in that scheme carries no error code, or without a challenge in words that call
/// the credential missing (or none), and no reason of their own. Scheme names are
/// case-insensitive (RFC 9110 §11.1), yet many servers compare them byte for byte; and a
/// challenge without an error code is what RFC 6750 §3.1 sends to a request that "lacks any
/// authentication information": the server did not find the token. Medium: the token may be
/// refused as well; as with [`spaced_scheme`], a repaired value still names the code to fix.
pub(in crate::diagnose) fn scheme_case(ctx: &Context<'_>) -> Option<Diagnosis> {
    if ctx.status() != StatusCode::UNAUTHORIZED {
        return None;
    }
    // Pre-flight's `scheme_case`: the scheme was written otherwise than the standard writes
    // it (sent as is, or repaired before sending).
    let f = authorization_finding(ctx, "scheme_case")?;
    let sent = ctx.credential_in("authorization")?.scheme.as_deref()?;
    let challenges = || ctx.evidence.challenges.iter().filter(|c| !c.proxy);
    let said = ctx.classify(true);
    let unread = reads_as_unsent(said.as_ref());
    let evidence = match challenges().find(|c| c.scheme.eq_ignore_ascii_case(sent)) {
        Some(c) if c.param("error").is_none() && unread => format!(
            "the challenge `{}` carries no error code, which RFC 6750 §3.1 reserves for a request without authentication",
            c.scheme
        ),
        Some(_) => return None,
        // No challenge: words that call the credential missing ("Authorization header is
        // missing or invalid"), or none.
        None if challenges().next().is_none()
            && ctx.evidence.gated.is_none()
            && (unread
                || ctx.normalized().iter().any(|n| {
                    // ("the token is missing a user ID" read the token: what it lacks is
                    // named after)
                    words::has(n, "missing")
                        && !["missing a", "missing an", "missing the", "missing required"]
                            .iter()
                            .any(|w| words::has(n, w))
                })) =>
        {
            "the server's words say the credential is missing, or give no reason".to_owned()
        }
        None => return None,
    };
    Some(built_wrong(
        ctx,
        f,
        [
            "the Authorization scheme was written in another case than the standard, and the server answered as if it found no credential: scheme names are case-insensitive by standard, but this server seems to compare them exactly",
            "the application writes the Authorization scheme in another case than the standard; pre-flight repaired it, and the server still answered as if it found no credential: fix the code that builds it, then check the credential itself",
        ],
        evidence,
        "write the scheme as the standard does (`Bearer`, `Basic`, `Digest`)",
    ))
}

/// 8′: a 401 or 403 without a challenge whose words require an `Authorization` scheme other
/// than the one sent ("Authorization header must use AWS4-HMAC-SHA256 algorithm", "Bearer
/// token required" to `Basic …`): the words stand where a challenge would. Only schemes whose
/// names are no everyday words count, each right beside a word of requirement.
pub(in crate::diagnose) fn scheme_asked_in_words(ctx: &Context<'_>) -> Option<Diagnosis> {
    /// (normalized words, the scheme as written)
    const SCHEMES: &[(&str, &str)] = &[
        ("bearer", "Bearer"),
        ("basic", "Basic"),
        ("digest", "Digest"),
        ("ntlm", "NTLM"),
        ("aws4 hmac sha256", "AWS4-HMAC-SHA256"),
        ("hawk", "Hawk"),
        ("dpop", "DPoP"),
        ("sharedkey", "SharedKey"),
        ("ssws", "SSWS"),
        ("oauth", "OAuth"),
        ("token", "Token"),
    ];
    const ASKING: &[&str] = &[
        "must use",
        "must be",
        "must start with",
        "must begin with",
        "should start with",
        "expected",
        "expects",
        "requires",
        "required",
        "is required",
        "only",
        "supported",
        "must include",
    ];
    // A token endpoint's refusal (RFC 6749 §5.2, a 400) of a client that authenticated in
    // the form body (`client_secret`, §2.3.1) where the server asks for an `Authorization`
    // scheme ("Must include a basic access authentication header."): the method of client
    // authentication is what differs.
    let in_body = ctx.credential_in("authorization").is_none()
        && matches!(
            ctx.evidence.gated,
            Some((_, crate::observe::gate::Gate::TokenEndpoint, _))
        )
        && ctx.credentials.iter().any(
            |c| matches!(&c.location, Location::Body(n) if n.eq_ignore_ascii_case("client_secret")),
        );
    if !(matches!(ctx.status().as_u16(), 401 | 403) || in_body)
        || ctx.evidence.challenges.iter().any(|c| !c.proxy)
    {
        return None;
    }
    // The token endpoint names another registered method of client authentication (RFC 7591
    // §2's `token_endpoint_auth_method`: "Your client is configured to authenticate using
    // CLIENT_SECRET_BASIC"): the method differs, whatever words surround its name.
    if in_body {
        if let Some(method) = registered_method_named(ctx) {
            return Some(with_server_said(
                Diagnosis::new(Cause::WrongScheme)
                    .summary(format!(
                        "the client authenticated with its secret in the form body (client_secret_post), but the token endpoint names the method {method} for this client"
                    ))
                    .evidence(format!(
                        "the token endpoint's error names the client authentication method {method} (RFC 7591 §2); the request sent client_secret in its body and no Authorization header"
                    ))
                    .remedy(format!(
                        "authenticate the client with {method}, the method it is registered for, or register it for client_secret_post"
                    )),
                ctx,
            ));
        }
    }
    let sent = if in_body {
        ""
    } else {
        ctx.credential_in("authorization")?.scheme.as_deref()?
    };
    let sent_n = sent.to_ascii_lowercase().replace(['-', '_'], " ");
    let others: Vec<&str> = SCHEMES
        .iter()
        .map(|(n, _)| *n)
        .filter(|n| *n != sent_n && !matches!(*n, "oauth" | "token"))
        .collect();
    // Scheme names that are also ordinary words ("OAuth token required" asks for a token of
    // OAuth 2.0, sent as Bearer): asked for only as the header's first word ("Header must start
    // with \"OAuth \"", Net::OAuth's).
    const AS_PREFIX: &[&str] = &["must start with", "must begin with", "should start with"];
    let others_as_prefix: Vec<&str> = ["oauth", "token"]
        .into_iter()
        .filter(|n| *n != sent_n)
        .collect();
    // A header written out as the server expects it, a placeholder after its scheme
    // ("Expected 'Authorization: JWT <JWT>'"): any scheme so written is asked for.
    if !in_body {
        if let Some(wanted) = templated_scheme(&ctx.evidence.body.messages)
            .filter(|w| !w.eq_ignore_ascii_case(sent) && crate::redact::shown_scheme(w).is_some())
        {
            let shown = crate::redact::shown_scheme(sent).unwrap_or("another scheme");
            return Some(with_server_said(
                Diagnosis::new(Cause::WrongScheme)
                    .summary(format!(
                        "the credential was sent with scheme {shown}, but the server writes out the header it expects with the scheme {wanted}"
                    ))
                    .evidence(format!(
                        "the server's error shows the header as `Authorization: {wanted} <…>`; Authorization scheme sent: {shown}"
                    ))
                    .remedy(format!(
                        "send the credential as `Authorization: {wanted} <credential>`, the form the server's error shows"
                    )),
                ctx,
            ));
        }
    }
    let asked = ctx.normalized().iter().find_map(|n| {
        let (scheme, _) = words::near(n, &others, ASKING, 3).or_else(|| {
            others_as_prefix.iter().find_map(|s| {
                AS_PREFIX
                    .iter()
                    .any(|p| words::has(n, &format!("{p} {s}")))
                    .then_some((*s, ""))
            })
        })?;
        // (words that ask for the scheme sent as well name no other)
        words::near(n, &[sent_n.as_str()], ASKING, 3)
            .is_none()
            .then_some(scheme)
    })?;
    // (The words may quote the header sent, scheme and all: an echo is no sign it was read.)
    if identified_by_answer(
        ctx,
        &[
            Cause::ExpiredCredentials,
            Cause::RevokedCredentials,
            Cause::AccountSuspended,
            Cause::PlanRestricted,
            Cause::InsufficientScope,
        ],
    ) {
        return None;
    }
    let wanted = SCHEMES
        .iter()
        .find(|(n, _)| *n == asked)
        .map_or(asked, |(_, w)| *w);
    if in_body {
        return Some(with_server_said(
            Diagnosis::new(Cause::WrongScheme)
                .summary(format!(
                    "the client authenticated with its secret in the form body, but the token endpoint's words ask for the {wanted} scheme"
                ))
                .evidence(format!(
                    "the token endpoint's error asks for the scheme {wanted}; the request sent client_secret in its body (RFC 6749 §2.3.1) and no Authorization header"
                ))
                .remedy(format!(
                    "send the client id and secret with the {wanted} scheme in the Authorization header, as the token endpoint asks"
                )),
            ctx,
        ));
    }
    let shown = crate::redact::shown_scheme(sent).unwrap_or("another scheme");
    Some(with_server_said(
        Diagnosis::new(Cause::WrongScheme)
            .summary(format!(
                "the credential was sent with scheme {shown}, but the server's words ask for {wanted}"
            ))
            .evidence(format!(
                "the server's error asks for the scheme {wanted}; Authorization scheme sent: {shown}"
            ))
            .remedy(format!(
                "authenticate with the {wanted} scheme, as the server's error asks"
            )),
        ctx,
    ))
}

/// The scheme of an `Authorization` header a message writes out with a placeholder for its
/// credential (`Authorization: JWT <JWT>`, `Authorization: Token {key}`, `Authorization:
/// Bearer [token]`, `Authorization: Bearer $TOKEN`): a template of the header the server
/// expects. The scheme is a token of letters, digits, `-` and `_` (RFC 9110 §11.1), 2 to 32
/// characters long.
fn templated_scheme(messages: &[String]) -> Option<String> {
    const NAME: &str = "authorization:";
    messages.iter().find_map(|m| {
        let lower = m.to_ascii_lowercase();
        lower.match_indices(NAME).find_map(|(at, _)| {
            let rest = m[at + NAME.len()..].trim_start_matches([' ', '\t']);
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
                .unwrap_or(rest.len());
            let (scheme, after) = rest.split_at(end);
            let after = after.strip_prefix(' ')?;
            ((2..=32).contains(&scheme.len())
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && after.starts_with(['<', '{', '[', '$']))
            .then(|| scheme.to_owned())
        })
    })
}

/// The registered method of client authentication other than `client_secret_post` that the
/// server's words name (`CLIENT_SECRET_BASIC`, `private_key_jwt`), as RFC 7591 §2 spells it.
fn registered_method_named(ctx: &Context<'_>) -> Option<&'static str> {
    /// (normalized words, the method as registered)
    const METHODS: &[(&str, &str)] = &[
        ("client secret basic", "client_secret_basic"),
        ("client secret jwt", "client_secret_jwt"),
        ("private key jwt", "private_key_jwt"),
        ("tls client auth", "tls_client_auth"),
        ("self signed tls client auth", "self_signed_tls_client_auth"),
    ];
    ctx.normalized().iter().find_map(|n| {
        METHODS
            .iter()
            .find(|(words_of, _)| words::has(n, words_of))
            .map(|(_, m)| *m)
    })
}

/// Whether a challenge's scheme names an address rule rather than a credential: its words
/// (split on `-`, `_`, `.`) hold `ip` beside an allow-list word (`ip-whitelist`,
/// `IP_Allowlist`), or it is one such word (`ipwhitelist`).
pub(super) fn scheme_is_an_address_rule(scheme: &str) -> bool {
    const LIST: &[&str] = &[
        "whitelist",
        "allowlist",
        "allow",
        "filter",
        "restriction",
        "restricted",
        "acl",
    ];
    let lower = scheme.to_ascii_lowercase();
    let words: Vec<&str> = lower.split(['-', '_', '.']).collect();
    (words.contains(&"ip") && words.iter().any(|w| LIST.contains(w)))
        || LIST.iter().any(|l| lower == format!("ip{l}"))
}

/// A JWT under a scheme of its own (`Token eyJ…`), to a server that sent no challenge: JWTs
/// travel as `Bearer` (RFC 6750).
pub(super) fn jwt_under_other_scheme(ctx: &Context<'_>) -> bool {
    ctx.evidence.gated.is_none()
        && !ctx.evidence.challenges.iter().any(|c| !c.proxy)
        && ctx.credential_in("authorization").is_some_and(|c| {
            c.scheme.as_deref().is_some_and(|s| {
                !["bearer", "jwt", "dpop"]
                    .iter()
                    .any(|b| s.eq_ignore_ascii_case(b))
            }) && crate::credential::is_jwt(c.secret.expose_secret())
        })
}

/// A JWT under a scheme of its own, refused with words that judge nothing ("Authentication
/// failed", "Unauthorized"): what the request shows (the scheme) says more than they do.
pub(in crate::diagnose) fn jwt_scheme_generic_refusal(ctx: &Context<'_>) -> Option<Diagnosis> {
    if ctx.status() != StatusCode::UNAUTHORIZED || !jwt_under_other_scheme(ctx) {
        return None;
    }
    let said = ctx.classify(true);
    if said.is_none()
        || said
            .as_ref()
            .is_some_and(|s| s.named || s.cause != Cause::InvalidCredentials)
    {
        return None;
    }
    status_only(ctx)
}

/// A 401 or 403 to an `Authorization` header whose scheme is a header's name (`Authorization:
/// X-CSCAPI-KEY <key>`, a client library's `AuthenticationHeaderValue("X-Api-Key", key)`): an
/// `X-` name made of credential words is a header, never a scheme (RFC 6648 retired the
/// prefix for parameters; no registered scheme carries it), so the API reads the key from a
/// header of that name, which the request did not send. Words that judge something other than
/// the credential's presence or value (a limit, a permission) speak for themselves, and so
/// does a challenge of that very scheme.
pub(in crate::diagnose) fn header_name_as_scheme(ctx: &Context<'_>) -> Option<Diagnosis> {
    if !matches!(ctx.status().as_u16(), 401 | 403) {
        return None;
    }
    // (printed below: only a scheme shaped like a name, never a value's first word that is a
    // key, `x-apikey-k3y9…`)
    let scheme =
        crate::redact::shown_scheme(ctx.credential_in("authorization")?.scheme.as_deref()?)?;
    let name = http::HeaderName::from_bytes(scheme.to_ascii_lowercase().as_bytes()).ok()?;
    if !(name.as_str().starts_with("x-") && crate::credential::is_word_header(&name))
        || ctx.credential_in(name.as_str()).is_some()
        || ctx
            .evidence
            .challenges
            .iter()
            .any(|c| !c.proxy && c.scheme.eq_ignore_ascii_case(scheme))
        || !ctx.classify(true).as_ref().is_none_or(|s| {
            s.by_presence
                || matches!(
                    s.cause,
                    Cause::MissingCredentials | Cause::InvalidCredentials
                )
        })
    {
        return None;
    }
    Some(with_server_said(
        Diagnosis::new(Cause::MissingCredentials)
            .summary(format!(
                "the Authorization header's scheme is `{scheme}`, a header's name: the API most likely reads the key from a header named {scheme}, which this request did not send"
            ))
            .evidence(format!(
                "`Authorization: {scheme} …`: an `X-` name made of credential words is a header, not an authentication scheme"
            ))
            .remedy(format!(
                "send the key in its own header, `{scheme}: <key>`, instead of inside Authorization"
            ))
            .only_specific_remedies(),
        ctx,
    ))
}
