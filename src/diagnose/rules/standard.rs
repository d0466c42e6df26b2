//! RFC 6750 §3.1, RFC 6749 §5.2, RFC 9470 and RFC 9449 codes, in a Bearer (or DPoP) challenge
//! or in a JSON body's `error`, refined by their description.

use crate::credential::Location;
use crate::explanation::Cause;

use super::super::words;
use super::super::{Context, Diagnosis, scope_summary, with_server_said};

/// Whether the primary JWT's `nbf` or `iat` lies after the server's `Date`: the token was
/// issued on a clock ahead of the server's.
fn jwt_ahead_of_server(ctx: &Context<'_>) -> bool {
    let (Some(claims), Some(date)) = (ctx.jwt(), ctx.evidence.headers.date) else {
        return false;
    };
    let at = crate::observe::clock::epoch(date) as f64;
    claims
        .nbf
        .or(claims.iat)
        .is_some_and(|t| t.is_finite() && t > at)
}

/// RFC 6750 §3.1 codes in a Bearer (or DPoP) challenge, and RFC 6749 §5.2 / RFC 6750 codes in
/// the top-level `error` member of a JSON body. The `error_description` refines `invalid_token`
/// (expired, revoked, a signature that does not verify).
pub(in crate::diagnose) fn standard_codes(ctx: &Context<'_>) -> Option<Diagnosis> {
    let (code, from_challenge) = match ctx.evidence.bearer_param("error") {
        Some(c) => (c.to_owned(), true),
        None => (oauth_body_code(ctx)?, false),
    };
    // (the client authentication method a token endpoint refuses by name, read once)
    let client_method = client_method_refused(ctx);
    // Outside a challenge, APIs reuse OAuth's words loosely ("error": "invalid_request" for
    // any bad request): unless the body has OAuth's shape (an `error_description`), a specific
    // reason in its message speaks first, and the code alone is not direct evidence.
    let oauth_shaped = from_challenge
        || ctx
            .evidence
            .body
            .json
            .as_ref()
            .is_some_and(|j| j.get("error_description").is_some());
    if !oauth_shaped && ctx.words_name_other_reason().is_some() {
        return None;
    }
    let present = ctx.credential_present();
    // The description of a token error speaks of the token, named or not ("expired"), and
    // speaks first: other fields (hints, docs) may mention expiry in general.
    // The error's description, without an echo of the code it opens with ("Invalid token:
    // access token has expired" says its specific part after it).
    let raw_description = || {
        ctx.evidence
            .bearer_param("error_description")
            .or_else(|| {
                // (`description` beside the code, as some servers name it, or `message`, as
                // others do: `{"error": "invalid_request", "message": "The refresh token is
                // invalid."}`)
                let json = ctx.evidence.body.json.as_ref()?;
                json.get("error_description")
                    .or_else(|| json.get("description"))
                    .or_else(|| json.get("message"))?
                    .as_str()
            })
            .map(|d| strip_code_echo(d, &code))
    };
    // (read sentence by sentence: the first states the error, later ones may explain a
    // term in words of their own, "tokens are not valid before this date")
    let description = || {
        let sentences: Vec<String> = raw_description()?
            .split(". ")
            .filter(|s| !s.trim().is_empty())
            .take(8)
            .map(|s| words::normalize(&format!("token: {s}")))
            .collect();
        words::classify(&sentences, present)
    };
    // A signature "expired" to a request that signs nothing of its own is a token's: a JWT
    // library's words for a passed `exp` (PyJWT's "Signature has expired").
    let words = || {
        description()
            .or_else(|| ctx.classify(present))
            .map(|mut s| {
                if s.cause == Cause::SignatureMismatch
                    && s.phrase.ends_with("expired")
                    && !ctx.request_is_signed()
                {
                    s.cause = Cause::ExpiredCredentials;
                }
                s
            })
    };
    // The description as written, without the token it is read about: `invalid_request` is
    // OAuth's catch-all (RFC 6749 §5.2), whose words may speak of anything but a token ("A
    // secure connection is required.").
    let plain_description = || raw_description().map(words::normalize);
    // (a credential parameter of the grant the description requires and the request lacks)
    let unsent = (code == "invalid_request")
        .then(|| unsent_grant_credential(ctx, raw_description()))
        .flatten();
    let (cause, refined) = match code.as_str() {
        "insufficient_scope" => (Cause::InsufficientScope, None),
        // RFC 6750 §3.1: a request without authentication gets no error code; a server that
        // names one anyway for a request that carried nothing is saying it is missing.
        "invalid_token" if !ctx.credential_present() => (Cause::MissingCredentials, None),
        // "The access token is not yet valid" to a JWT whose `nbf`/`iat` lies after the
        // server's `Date`: the issuer's clock runs ahead of the server's (RFC 7519 §4.1.5).
        "invalid_token" if ctx.says_not_yet_valid() && jwt_ahead_of_server(ctx) => {
            (Cause::ClockSkew, Some("not yet valid".to_owned()))
        }
        // RFC 6749 §2.3.1: a client authenticates at the token endpoint with Basic or with
        // its id and secret in the body; a Bearer token is for resource requests (RFC 6750),
        // and the authorization server finds no client authentication in it.
        // RFC 6749 §5.2: invalid_client also when "no client authentication [was] included":
        // a token request with neither `Authorization` nor a client secret or assertion in
        // its body (a user's password is no client authentication). A `client_id` in the body
        // answered by the bare code identified the client, as a public client does (§2.1):
        // the server does not know or no longer accepts it; a description says which
        // ("cannot retrieve client credentials": the secret is missing).
        "invalid_client"
            if crate::observe::gate::is_token_path(ctx.url.path())
                && ctx.credential_in("authorization").is_none()
                && !(ctx.evidence.request_client_id && raw_description().is_none())
                // (the body was read: it showed a credential, the user's password)
                && ctx
                    .origin_credentials()
                    .any(|c| matches!(c.location, Location::Body(_)))
                && !ctx.origin_credentials().any(|c| {
                    matches!(&c.location, Location::Body(n)
                        if n == "client_secret" || n == "client_assertion")
                }) =>
        {
            (Cause::MissingCredentials, None)
        }
        "invalid_client"
            if crate::observe::gate::is_token_path(ctx.url.path())
                && ctx
                    .credential_in("authorization")
                    .and_then(|c| c.scheme.as_deref())
                    .is_some_and(|s| s.eq_ignore_ascii_case("bearer")) =>
        {
            (Cause::WrongScheme, None)
        }
        // A token endpoint that refuses the way the client authenticated, named in its
        // words ("Client not configured to use POST authentication" to a `client_secret` in
        // the form): the client's registered method is another (RFC 6749 §2.3.1).
        "invalid_request" | "invalid_client" if client_method.is_some() => {
            (Cause::WrongScheme, Some("client authentication".to_owned()))
        }
        "invalid_token" | "invalid_client" | "invalid_grant" | "unauthorized_client" => {
            // The description may say more: expired, revoked, a wrong audience.
            match words().filter(|s| {
                matches!(
                    s.cause,
                    Cause::ExpiredCredentials
                        | Cause::RevokedCredentials
                        | Cause::WrongEnvironment
                        | Cause::MalformedCredentials
                        | Cause::AccountSuspended
                        | Cause::OrganizationPolicy
                        | Cause::IpRestricted
                        | Cause::OriginRestricted
                ) || (s.cause == Cause::InsufficientScope && code != "unauthorized_client")
            }) {
                Some(s) => (s.cause, Some(s.phrase)),
                // RFC 6749 §5.2: "not authorized to use this authorization grant type", a
                // setting of the client at the authorization server, not a scope of a token.
                // A description that speaks of something else the client presented ("not
                // authorized to use this authorization code": a code issued to another
                // client) refuses that, not the grant type.
                None if code == "unauthorized_client" && !speaks_of_other_than_grant(ctx) => {
                    (Cause::EndpointNotEnabled, None)
                }
                None if code == "unauthorized_client" => (
                    Cause::InvalidCredentials,
                    Some("not authorized to use this".to_owned()),
                ),
                // A generic description beside a statement of the token's state in another
                // field (league/oauth2-server's `"hint": "Token has expired"`).
                None => match stated_state(ctx) {
                    Some((cause, phrase)) => (cause, Some(phrase)),
                    None => (Cause::InvalidCredentials, None),
                },
            }
        }
        // The request is malformed: nothing was sent, or it was sent in a form the server
        // cannot read (two credentials, a token in the wrong place). Not a judgement of the
        // credential itself.
        "invalid_request" if !ctx.has_plain_credentials() => (Cause::MissingCredentials, None),
        // A token sent in the query or the body, which RFC 6750 §2.2–2.3 lets a server
        // refuse, with words on where it went ("do not send bearer tokens in query URLs"):
        // the method of sending it, not the token.
        "invalid_request" if token_place_refused(ctx) => (Cause::WrongScheme, None),
        // A token endpoint that asks for a client assertion (RFC 7523 §2.2, `private_key_jwt`)
        // the request did not send: it authenticated the client another way.
        "invalid_request"
            if crate::observe::gate::is_token_path(ctx.url.path())
                && ctx
                    .normalized()
                    .iter()
                    .any(|n| words::has(n, "client assertion"))
                && ctx.origin_credentials().any(|c| match &c.location {
                    Location::Body(n) => n == "client_secret",
                    Location::Header(h) => {
                        *h == http::header::AUTHORIZATION
                            && c.scheme
                                .as_deref()
                                .is_some_and(|s| s.eq_ignore_ascii_case("basic"))
                    }
                    _ => false,
                }) =>
        {
            (Cause::WrongScheme, Some("client assertion".to_owned()))
        }
        // A resource that binds its tokens to a DPoP key (RFC 9449 §7.1) says the proof is
        // missing to a Bearer request ("Expected DPoP header, none found"): the scheme and the
        // proof of RFC 9449, not a refusal of the token.
        "invalid_request"
            if raw_description().is_some_and(|d| {
                let d = d.to_ascii_lowercase();
                d.contains("dpop")
                    && [
                        "missing",
                        "none found",
                        "not found",
                        "required",
                        "expected",
                        "no dpop",
                    ]
                    .iter()
                    .any(|w| d.contains(w))
            }) && ctx.bearer_credential().is_some() =>
        {
            (Cause::WrongScheme, Some(DPOP_UNSENT.to_owned()))
        }
        // A token request without a parameter that carries a credential of the grant
        // ("code and code_verifier are required" to a request without `code_verifier`, "DPoP
        // proof required" to one without a `DPoP` header): that credential is missing.
        "invalid_request" if unsent.is_some() => (Cause::MissingCredentials, unsent.clone()),
        // A server that folds an unsupported grant into the catch-all ("Unsupported
        // grant_type: client_credentials"): RFC 6749 §5.2's `unsupported_grant_type`; or a
        // grant the client may not use ("Grant type 'password' not allowed for this client"):
        // the meaning of `unauthorized_client`.
        "invalid_request"
            if plain_description().is_some_and(|d| {
                words::has(&d, "unsupported grant")
                    || (words::has(&d, "grant")
                        && [
                            "not supported",
                            "not allowed",
                            "not permitted",
                            "not enabled",
                        ]
                        .iter()
                        .any(|w| words::has(&d, w)))
            }) =>
        {
            (
                Cause::EndpointNotEnabled,
                Some("unsupported grant".to_owned()),
            )
        }
        "invalid_request" => {
            // A description that judges the token's life ("access token expired") says the
            // server read it: the code is the server's loose word for a refused request.
            // So does one that calls a named credential invalid ("The refresh_token is
            // invalid."), or refuses in so many words ("Authorization failed"): the server
            // read it and refused it.
            let plain = plain_description().and_then(|d| words::classify(&[d], present));
            let judged = description()
                .filter(|s| {
                    matches!(
                        s.cause,
                        Cause::ExpiredCredentials | Cause::RevokedCredentials
                    ) || (s.cause == Cause::InvalidCredentials && s.named)
                })
                .or_else(|| {
                    plain
                        .clone()
                        .filter(|s| s.cause == Cause::InvalidCredentials && present)
                });
            let missing = || {
                plain
                    .clone()
                    .or_else(|| ctx.classify(present))
                    .filter(|s| s.cause == Cause::MissingCredentials)
            };
            match judged.or_else(missing) {
                Some(s) => (s.cause, Some(s.phrase)),
                None => (Cause::MalformedCredentials, None),
            }
        }
        "invalid_scope" => (Cause::InsufficientScope, None),
        // RFC 6749 §5.2: the authorization server does not offer this grant type; a JSON
        // body (RFC 6749 §3.2 wants a form) leaves `grant_type` unread and earns the same.
        "unsupported_grant_type" if ctx.evidence.request_body_json => (Cause::WrongScheme, None),
        "unsupported_grant_type" => (Cause::EndpointNotEnabled, None),
        // RFC 8628 §3.5: the device code expired before the user approved it.
        "expired_token" => (Cause::ExpiredCredentials, None),
        // RFC 8628 §3.5: the device polls faster than its interval allows.
        "slow_down" => (Cause::RateLimited, None),
        // RFC 8628 §3.5 (and RFC 6749 §4.1.2.1): the user refused the authorization request;
        // no credential was judged, and the server's words give no more.
        "access_denied" => (Cause::UnknownUnauthorized, None),
        // RFC 9470 step-up: the token is fine, the authentication behind it is not enough.
        "insufficient_user_authentication" => (Cause::OrganizationPolicy, None),
        // RFC 9449 §7.1: the DPoP proof is a signature the client makes for each request.
        "invalid_dpop_proof" => (Cause::SignatureMismatch, None),
        // RFC 9449 §8: the server wants its nonce in the proof; a retry with it succeeds.
        "use_dpop_nonce" => (Cause::MalformedCredentials, None),
        _ => return None,
    };
    let place = if from_challenge {
        "WWW-Authenticate error"
    } else {
        "OAuth error code in the body"
    };
    let mut d =
        Diagnosis::new(cause).evidence(format!("{place}: {code} (RFC 6750 §3.1 / RFC 6749 §5.2)"));
    if oauth_shaped {
        d = d.high();
    }
    // OAuth's catch-all with a description that names no reason this crate reads: the form of
    // the request is the likeliest fault, not a certain one.
    if code == "invalid_request"
        && cause == Cause::MalformedCredentials
        && refined.is_none()
        && plain_description().is_some()
    {
        d.confidence = crate::explanation::Confidence::Medium;
    }
    if code == "access_denied" {
        d.confidence = crate::explanation::Confidence::Medium;
        d = d
            .summary("the user (or the authorization server) refused the authorization request: no credential was issued to judge")
            .remedy("ask the user to approve the request again, or check why the authorization server denies it");
    }
    if refined.as_deref() == Some(DPOP_UNSENT) {
        d.confidence = crate::explanation::Confidence::Medium;
        d = d
            .summary("the server binds its tokens to a DPoP key (RFC 9449) and found no proof: the token went as `Authorization: Bearer` without a `DPoP` header")
            .remedy("send the token as `Authorization: DPoP <token>` with a `DPoP` header holding a proof signed by the key the token is bound to (RFC 9449 §7.1)")
            .only_specific_remedies();
    }
    if let Some(p) = refined {
        d = d.evidence(format!("the error description says \"{p}\""));
    }
    match cause {
        Cause::InsufficientScope => {
            let mut scopes: Vec<String> = ctx
                .evidence
                .bearer_param("scope")
                .map(|s| s.split_whitespace().take(64).map(str::to_owned).collect())
                .unwrap_or_default();
            // A token endpoint's `invalid_scope` refuses scopes the request asked for: the
            // ones its description names, else all of them.
            if scopes.is_empty() && code == "invalid_scope" {
                scopes = refused_requested_scopes(ctx);
            }
            if !scopes.is_empty() {
                d = d
                    .summary(format!(
                        "the token lacks the scope {} that this endpoint requires",
                        scopes.join(" ")
                    ))
                    .remedy(format!(
                        "grant the scope {} to the token, or use a token that has it",
                        scopes.join(" ")
                    ));
            }
            d = scope_summary(d.required(scopes), ctx);
        }
        Cause::InvalidCredentials if code == "unauthorized_client" => {
            // (the code's standard meaning is the grant type; the description overrides it)
            d.confidence = crate::explanation::Confidence::Medium;
            d = d
                .summary("the authorization server refuses what this client presented (an authorization code or token issued to another client, or for another redirect URI)")
                .remedy("check that the client_id (and redirect_uri) match the ones the code or token was issued to");
        }
        Cause::EndpointNotEnabled if code == "unauthorized_client" => {
            d = d
                .summary("the client may not use this grant type (RFC 6749 unauthorized_client): the grant is not enabled for this client at the authorization server")
                .remedy("enable the grant type this request uses (client credentials, password, refresh token, device code, …) in the client's settings at the authorization server, or use a grant the client allows");
        }
        Cause::WrongScheme if client_method.is_some() => {
            let (used, other) = client_method.unwrap_or_default();
            d.confidence = crate::explanation::Confidence::Medium;
            d = d
                .summary(format!(
                    "the token endpoint refuses the way this client authenticated ({used}): the client is registered for another method (RFC 6749 §2.3.1)"
                ))
                .evidence(format!(
                    "the server's words refuse the client authentication method the request used ({used})"
                ))
                .remedy(format!(
                    "authenticate the client the way it is registered ({other}), or change the client's `token_endpoint_auth_method` at the authorization server"
                ))
                .only_specific_remedies();
        }
        Cause::WrongScheme if code == "invalid_request" && token_place_refused(ctx) => {
            // (the words name the place; the code also covers other malformed requests)
            d.confidence = crate::explanation::Confidence::Medium;
            let place = ctx
                .primary()
                .map_or_else(|| "the query".to_owned(), |c| c.location.to_string());
            d = d
                .summary(format!(
                    "the server refuses the token where it was sent ({place}): RFC 6750 lets a server refuse tokens in the query or the form body, and every server reads `Authorization: Bearer <token>`"
                ))
                .evidence("the server's words name where the token went (the query, the URL, the body or the method)")
                .remedy("send the token as `Authorization: Bearer <token>`, not as a query parameter or form field")
                .only_specific_remedies();
        }
        Cause::WrongScheme if code == "invalid_request" => {
            d.confidence = crate::explanation::Confidence::Medium;
            d = d
                .summary("the token endpoint asks for a client assertion (RFC 7523, `private_key_jwt`): it authenticates this client by a JWT signed with the client's key, not by a client secret")
                .remedy("authenticate the client with `client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer` and a `client_assertion` JWT signed with the key registered for the client")
                .only_specific_remedies();
        }
        Cause::WrongScheme if code == "unsupported_grant_type" => {
            d = d
                .summary("the token request went as JSON: a token endpoint reads its parameters from a form (`application/x-www-form-urlencoded`, RFC 6749 §4 and §3.2), so it found no grant_type")
                .remedy("send the token request as a form: `Content-Type: application/x-www-form-urlencoded` with grant_type, client_id and the rest as form fields (reqwest: `.form(&params)`)")
                .only_specific_remedies();
        }
        Cause::EndpointNotEnabled if code == "unsupported_grant_type" => {
            d = d
                .summary("the authorization server does not offer the grant type this request used (RFC 6749 unsupported_grant_type): the credentials in it were not checked")
                .remedy("use a grant type the server supports (its metadata lists them under grant_types_supported), or enable this grant at the authorization server")
                .only_specific_remedies();
        }
        Cause::WrongScheme if code == "invalid_client" => {
            // (a server may still take a client assertion so, against the standard)
            d.confidence = crate::explanation::Confidence::Medium;
            d = d
                .evidence("Authorization scheme sent to the token endpoint: Bearer")
                .summary("the token request authenticated the client with a Bearer token: a token endpoint reads client credentials as `Authorization: Basic base64(client_id:client_secret)` or as client_id and client_secret in the form body (RFC 6749 §2.3.1), so it found none")
                .remedy("send the client id and secret with HTTP Basic (or as client_id and client_secret form fields, if the server allows it), not as a Bearer token")
                .only_specific_remedies();
        }
        Cause::ClockSkew => {
            // Measured against the server's `Date`, which may be a stale reading of its
            // clock (a response stored and read later): not beyond doubt.
            d.confidence = crate::explanation::Confidence::Medium;
            d = d
                .summary("the server says the token is not valid yet: its `nbf`/`iat` lies after the server's own clock, so the issuer's clock runs ahead of the server's")
                .evidence("the JWT's nbf/iat is later than the server's Date")
                .remedy("synchronize the clocks of the token issuer and the server (NTP), or give the server a small leeway for nbf/iat");
        }
        Cause::MalformedCredentials if code == "use_dpop_nonce" => {
            d = d
                .summary("the server wants its nonce in the DPoP proof (RFC 9449 §8): send the proof again with the nonce from the DPoP-Nonce response header")
                .remedy("read the DPoP-Nonce header of this response, put it in the proof's nonce claim and retry once")
                .only_specific_remedies();
        }
        Cause::MalformedCredentials => {
            d = d.summary("the server could not read the credential in the form it was sent (RFC 6750 invalid_request: a missing, repeated or misplaced parameter)");
        }
        Cause::SignatureMismatch => {
            d = d
                .summary("the server rejected the DPoP proof (RFC 9449 §7.1): its signature, its htm/htu (method and URL), its iat or its key binding do not match this request")
                .remedy("build a new DPoP proof for each request with this request's method and URL, the current time, and the key the token is bound to");
        }
        Cause::OrganizationPolicy => {
            d = d
                .summary("the token is valid, but the server requires a stronger or more recent authentication behind it (RFC 9470 step-up)")
                .remedy("sign in again with the authentication level the challenge names (acr_values, max_age) and use the new token");
        }
        _ => {}
    }
    Some(with_server_said(d, ctx))
}

/// A short statement of a token's state in a message other than the description ("Token has
/// expired", "Token has been revoked"); advice that mentions a state ("check that the token
/// has not expired") states none.
fn stated_state(ctx: &Context<'_>) -> Option<(Cause, String)> {
    ctx.evidence.body.messages.iter().find_map(|m| {
        let n = words::normalize(m);
        if n.split_whitespace().count() > 8
            || [
                "check",
                "ensure",
                "make sure",
                "verify",
                "if",
                "not",
                "before",
            ]
            .iter()
            .any(|w| words::has(&n, w))
        {
            return None;
        }
        let said = words::classify(std::slice::from_ref(&n), true)?;
        matches!(
            said.cause,
            Cause::ExpiredCredentials | Cause::RevokedCredentials
        )
        .then_some((said.cause, said.phrase))
    })
}

/// A description without the echo of its code it opens with (`Invalid token: …`,
/// `invalid_grant - …`), when something follows.
/// The words a description that asks for a DPoP proof is read as.
const DPOP_UNSENT: &str = "dpop … none sent";

fn strip_code_echo<'d>(description: &'d str, code: &str) -> &'d str {
    let words = code.replace('_', " ");
    let head = description.get(..words.len());
    match head {
        Some(h) if h.eq_ignore_ascii_case(&words) || h.eq_ignore_ascii_case(code) => {
            let rest = description[words.len()..].trim_start_matches(|c: char| {
                c == ':' || c == '-' || c == '.' || c.is_whitespace()
            });
            if rest.is_empty() { description } else { rest }
        }
        _ => description,
    }
}

/// An RFC 6749 §5.2 / RFC 6750 §3.1 code in the top-level `error` member of a JSON body.
fn oauth_body_code(ctx: &Context<'_>) -> Option<String> {
    let json = ctx.evidence.body.json.as_ref()?;
    let code = json.get("error")?.as_str()?;
    // A code of RFC 8628 §3.5 put in the description of another error
    // (`{"error": "invalid_grant", "error_description": "slow_down"}`) is the server's answer.
    let description = json
        .get("error_description")
        .and_then(serde_json::Value::as_str)
        .map(str::trim);
    if let Some(d) = description.filter(|d| matches!(*d, "slow_down" | "expired_token")) {
        return Some(d.to_owned());
    }
    // ... or in its words: RFC 8628's `access_denied`, "The authorization request was denied"
    // (by the user, on the device flow's page), whatever code carries it.
    if description.is_some_and(|d| {
        let n = words::normalize(d);
        words::has(&n, "authorization request")
            && (words::has(&n, "denied") || words::has(&n, "declined"))
    }) {
        return Some("access_denied".to_owned());
    }
    matches!(
        code,
        "invalid_token"
            | "insufficient_scope"
            | "invalid_request"
            | "invalid_client"
            | "invalid_grant"
            | "unauthorized_client"
            | "invalid_scope"
            | "unsupported_grant_type"
            | "insufficient_user_authentication"
            | "invalid_dpop_proof"
            | "use_dpop_nonce"
    )
    .then(|| code.to_owned())
}

/// Parameters of a token request that carry a credential of its grant or of the client
/// (RFC 6749 §4, RFC 7636 §4.5, RFC 7523, RFC 8628 §3.4, RFC 8693 §2.1), as the words of a
/// description spell them, with the field (or header) that carries each.
const GRANT_CREDENTIALS: &[(&str, &str)] = &[
    ("code verifier", "code_verifier"),
    ("client secret", "client_secret"),
    ("client assertion", "client_assertion"),
    ("refresh token", "refresh_token"),
    ("device code", "device_code"),
    ("subject token", "subject_token"),
    ("actor token", "actor_token"),
    ("dpop proof", "dpop"),
    ("dpop header", "dpop"),
];

/// The credential parameter a token endpoint's description says is required or missing
/// ("code_verifier is required", "DPoP proof required") while the request sent none: no
/// field of that name in its form, no header of that name.
fn unsent_grant_credential(ctx: &Context<'_>, description: Option<&str>) -> Option<String> {
    if !crate::observe::gate::is_token_path(ctx.url.path()) {
        return None;
    }
    // (lowercased, not normalized: normalizing splits "DPoP" as camel case)
    let d = format!(
        " {} ",
        description?
            .to_ascii_lowercase()
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    );
    if ![
        "required",
        "missing",
        "must be provided",
        "not provided",
        "is mandatory",
    ]
    .iter()
    .any(|w| words::has(&d, w))
    {
        return None;
    }
    GRANT_CREDENTIALS
        .iter()
        .find(|(said, field)| {
            words::has(&d, said)
                && !ctx.evidence.request_fields.iter().any(|f| f == field)
                && ctx.credential_in(field).is_none()
        })
        .map(|(said, _)| format!("{said} … required"))
}

/// The `oauth_problem` an OAuth 1.0 server reports (OAuth Problem Reporting, the extension of
/// RFC 5849 that providers of OAuth 1.0a APIs follow): in the challenge
/// (`WWW-Authenticate: OAuth oauth_problem="…"`), or as `oauth_problem=…` in the body (a form,
/// a text or an error page).
fn oauth_problem(ctx: &Context<'_>) -> Option<String> {
    const KEY: &str = "oauth_problem=";
    let from_challenge = ctx
        .evidence
        .challenges
        .iter()
        .filter(|c| !c.proxy)
        .find_map(|c| c.param("oauth_problem"))
        .map(str::to_owned);
    from_challenge.or_else(|| {
        ctx.evidence
            .body
            .messages
            .iter()
            .chain(&ctx.evidence.body.codes)
            .find_map(|m| {
                let at = m.find(KEY)? + KEY.len();
                let code: String = m[at..]
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                    .take(48)
                    .collect();
                (!code.is_empty()).then_some(code)
            })
    })
}

/// An OAuth 1.0 `oauth_problem`: the server names what it refused (the signature, the
/// timestamp, the token, the consumer key), which outweighs what this side measures (a
/// timestamp minutes from the server's `Date` that the server did not refuse).
pub(in crate::diagnose) fn oauth1_problem(ctx: &Context<'_>) -> Option<Diagnosis> {
    if !matches!(ctx.status().as_u16(), 400 | 401 | 403) {
        return None;
    }
    let problem = oauth_problem(ctx)?;
    let (cause, summary) = match problem.as_str() {
        "signature_invalid" | "signature_method_rejected" => (
            Cause::SignatureMismatch,
            "the server could not verify the request's OAuth 1.0 signature (oauth_problem signature_invalid): the consumer secret or token secret, or the signature base string (method, URL, sorted parameters), differs from the server's",
        ),
        // The server refused the time itself: the clock rule measures the offset.
        "timestamp_refused" => {
            return super::super::time::clock_skew(ctx).or_else(|| {
                Some(with_server_said(
                    Diagnosis::new(Cause::ClockSkew)
                        .high()
                        .evidence("oauth_problem: timestamp_refused (OAuth Problem Reporting)")
                        .summary("the server refused the request's oauth_timestamp as outside its window (oauth_problem timestamp_refused)"),
                    ctx,
                ))
            });
        }
        "token_expired" => (
            Cause::ExpiredCredentials,
            "the OAuth 1.0 access token has expired (oauth_problem token_expired)",
        ),
        "token_revoked" | "token_used" => (
            Cause::RevokedCredentials,
            "the OAuth 1.0 token was revoked or already used (oauth_problem)",
        ),
        "token_rejected"
        | "consumer_key_unknown"
        | "consumer_key_rejected"
        | "consumer_key_refused" => (
            Cause::InvalidCredentials,
            "the server does not accept the OAuth 1.0 consumer key or token (oauth_problem)",
        ),
        "parameter_absent" | "parameter_rejected" | "version_rejected" => (
            Cause::MalformedCredentials,
            "the OAuth 1.0 parameters are incomplete or not accepted (oauth_problem)",
        ),
        "permission_denied" | "permission_unknown" | "additional_authorization_required" => (
            Cause::InsufficientScope,
            "the OAuth 1.0 token lacks the permission this request needs (oauth_problem)",
        ),
        _ => return None,
    };
    Some(with_server_said(
        Diagnosis::new(cause)
            .high()
            .evidence(format!(
                "oauth_problem: {problem} (OAuth Problem Reporting, for RFC 5849)"
            ))
            .summary(summary),
        ctx,
    ))
}

/// Whether an `unauthorized_client` error's description speaks of something other than the
/// grant type (RFC 6749 §5.2's meaning): the very code, token or redirect URI presented
/// ("Client is not authorized to use this authorization code"), not the flow ("to request an
/// authorization code using this method").
fn speaks_of_other_than_grant(ctx: &Context<'_>) -> bool {
    let Some(d) = ctx
        .evidence
        .body
        .json
        .as_ref()
        .and_then(|j| j.get("error_description")?.as_str())
    else {
        return false;
    };
    let d = words::normalize(d);
    // (Keycloak's "UNKNOWN_CLIENT: Client was not identified by any client authenticator":
    // the client's authentication failed, RFC 6749 §5.2's `invalid_client` in all but name)
    let unauthenticated = words::has(&d, "client authenticator")
        || words::has(&d, "client authentication")
        || words::has(&d, "unknown client");
    !words::has(&d, "grant")
        && !words::has(&d, "flow")
        && (unauthenticated
            || [
                "this authorization code",
                "this code",
                "this token",
                "this refresh token",
                "redirect uri",
            ]
            .iter()
            .any(|w| words::has(&d, w)))
}

/// The client authentication method a token request used, when the server's words refuse it
/// by name ("Client not configured to use POST authentication", "client_secret_basic is not
/// allowed"): `(the method used, what to use instead)`.
fn client_method_refused(ctx: &Context<'_>) -> Option<(&'static str, &'static str)> {
    if !crate::observe::gate::is_token_path(ctx.url.path()) {
        return None;
    }
    let post = ctx
        .origin_credentials()
        .any(|c| matches!(&c.location, Location::Body(n) if n == "client_secret"));
    let basic = ctx.origin_credentials().any(|c| {
        c.location == Location::Header(http::header::AUTHORIZATION)
            && c.scheme
                .as_deref()
                .is_some_and(|s| s.eq_ignore_ascii_case("basic"))
    });
    let (used, names, other): (_, &[&str], _) = match (post, basic) {
        (true, false) => (
            "client_secret_post: the secret in the form body",
            &["post authentication", "client secret post", "post auth"],
            "HTTP Basic, `Authorization: Basic base64(client_id:client_secret)`",
        ),
        (false, true) => (
            "client_secret_basic: HTTP Basic",
            &["basic authentication", "client secret basic", "basic auth"],
            "`client_id` and `client_secret` in the form body, or a client assertion",
        ),
        _ => return None,
    };
    ctx.normalized()
        .iter()
        .any(|n| {
            names.iter().any(|m| words::has(n, m))
                && [
                    "not configured",
                    "not allowed",
                    "not supported",
                    "unsupported",
                    "not enabled",
                    "not permitted",
                ]
                .iter()
                .any(|r| words::has(n, r))
        })
        .then_some((used, other))
}

/// A bearer token sent only in the query or the body, refused with `invalid_request` in words
/// that name where it went (the query, the URL, the body, the method).
pub(in crate::diagnose) fn token_place_refused(ctx: &Context<'_>) -> bool {
    ctx.credential_in("authorization").is_none()
        && ctx
            .primary()
            .is_some_and(|c| matches!(c.location, Location::Query(_) | Location::Body(_)))
        && ctx.normalized().iter().any(|n| {
            ["query", "url", "uri", "body", "method", "verb"]
                .iter()
                .any(|w| words::has(n, w))
        })
}

/// The scopes a token request's form asked for (RFC 6749 §3.3) that an `invalid_scope` refused:
/// those the error's description names, or every one asked for when it names none.
fn refused_requested_scopes(ctx: &Context<'_>) -> Vec<String> {
    let Some(asked) = ctx.evidence.request_scope.as_deref() else {
        return Vec::new();
    };
    let asked: Vec<&str> = asked.split_whitespace().take(64).collect();
    let description = ctx
        .evidence
        .body
        .json
        .as_ref()
        .and_then(|j| j.get("error_description"))
        .and_then(serde_json::Value::as_str)
        .unwrap_or("");
    let named: Vec<String> = asked
        .iter()
        .filter(|s| {
            description
                .split(|c: char| {
                    c.is_whitespace() || matches!(c, ',' | '\'' | '"' | '`' | '(' | ')')
                })
                .any(|w| w.trim_end_matches('.') == **s)
        })
        .map(|s| (*s).to_owned())
        .collect();
    if named.is_empty() {
        asked.iter().map(|s| (*s).to_owned()).collect()
    } else {
        named
    }
}

/// A SOAP fault whose code is one of WS-Security's (OASIS WSS 1.1 SOAP Message Security §12):
/// `FailedAuthentication` (the token could not be authenticated), `InvalidSecurityToken`,
/// `FailedCheck` (a signature that does not verify), and `InvalidSecurity` (an error in the
/// `<wsse:Security>` header: to a request whose envelope carries none, the header is missing).
pub(in crate::diagnose) fn ws_security_fault(ctx: &Context<'_>) -> Option<Diagnosis> {
    let code = ws_security_code(&ctx.evidence.body.codes)?;
    let d = match code {
        "FailedAuthentication" | "InvalidSecurityToken" => Diagnosis::new(Cause::InvalidCredentials)
            .summary("the server could not authenticate the WS-Security token the request carried (its user name and password, or its token)"),
        "FailedCheck" => Diagnosis::new(Cause::SignatureMismatch)
            .summary("the WS-Security signature of the message did not verify: the key it was signed with, or the signed parts, do not match"),
        _ if ctx.evidence.request_ws_security == Some(false) => {
            Diagnosis::new(Cause::MissingCredentials)
                .summary("the server requires a WS-Security header (`<wsse:Security>` with a UsernameToken or a signature) in the SOAP envelope, and this request's envelope carries none")
                .remedy("add the WS-Security header the service documents to the SOAP envelope's `<Header>`")
        }
        _ => Diagnosis::new(Cause::InvalidCredentials)
            .low()
            .summary("the server could not process the request's WS-Security header: its token, timestamp or signature was refused"),
    };
    Some(with_server_said(
        d.evidence(format!(
            "the SOAP fault's code is WS-Security's {code} (OASIS WSS SOAP Message Security §12)"
        )),
        ctx,
    ))
}

/// The WS-Security fault code among a body's codes (`a:InvalidSecurity`, `wsse:FailedCheck`),
/// by its local name.
pub(crate) fn ws_security_code(codes: &[String]) -> Option<&'static str> {
    codes.iter().find_map(|c| {
        let local = c.rsplit(':').next().unwrap_or(c).trim();
        [
            "FailedAuthentication",
            "InvalidSecurityToken",
            "FailedCheck",
            "InvalidSecurity",
        ]
        .into_iter()
        .find(|k| *k == local)
    })
}
