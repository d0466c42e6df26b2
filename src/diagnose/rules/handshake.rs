//! Schemes with a handshake of their own: Digest's challenges (RFC 7616) and NTLM inside
//! Negotiate (RFC 4559).

use http::StatusCode;

use crate::explanation::Cause;

use super::super::{Context, Diagnosis, with_server_said};

/// An NTLM message sent under `Negotiate` (SPNEGO's scheme, RFC 4559) answered with a bare
/// `Negotiate` challenge again: the client had no Kerberos ticket for the host and fell back
/// to NTLM, which a Kerberos-only server (GSSAPI without NTLM) does not take. A server that
/// takes NTLM would have answered with a challenge token (NTLM's second message).
pub(in crate::diagnose) fn ntlm_inside_negotiate(ctx: &Context<'_>) -> Option<Diagnosis> {
    use base64::Engine;
    if ctx.status() != StatusCode::UNAUTHORIZED {
        return None;
    }
    let cred = ctx.credential_in("authorization")?;
    if !cred.scheme.as_deref()?.eq_ignore_ascii_case("negotiate") {
        return None;
    }
    // (the first 16 characters of base64 are 12 bytes: enough for NTLM's signature)
    let token = cred.secret.expose_secret();
    let head = base64::engine::general_purpose::STANDARD
        .decode(token.get(..16)?)
        .ok()?;
    if !head.starts_with(b"NTLMSSP\0") {
        return None;
    }
    let mut challenges = ctx.evidence.challenges.iter().filter(|c| !c.proxy);
    let bare_negotiate = challenges.clone().any(|c| {
        c.scheme.eq_ignore_ascii_case("negotiate") && c.token68.is_none() && c.params.is_empty()
    });
    if !bare_negotiate || challenges.any(|c| c.scheme.eq_ignore_ascii_case("ntlm")) {
        return None;
    }
    let host = ctx.final_url.host_str().unwrap_or("this host");
    Some(with_server_said(
        Diagnosis::new(Cause::WrongScheme)
            .summary(format!(
                "the client sent NTLM inside Negotiate (it had no Kerberos ticket for {host}), and the server challenged with bare Negotiate again: it accepts Kerberos only"
            ))
            .evidence("the Negotiate token is an NTLM message (it starts with NTLMSSP); the 401 challenges with Negotiate and no token")
            .remedy(format!(
                "get a Kerberos ticket (`kinit`) that covers HTTP/{host}, and reach the server by the name its service principal is registered under (not an IP address or alias)"
            ))
            .remedy("or, if NTLM must work, enable it on the server (or send NTLM where it is offered)"),
        ctx,
    ))
}

/// RFC 7616 §3.3: a Digest challenge with `stale=true` says the nonce expired while the
/// credentials were right: retry with the new nonce.
pub(in crate::diagnose) fn digest_stale(ctx: &Context<'_>) -> Option<Diagnosis> {
    if ctx.status() != StatusCode::UNAUTHORIZED {
        return None;
    }
    ctx.evidence.challenges.iter().find(|c| {
        !c.proxy
            && c.scheme.eq_ignore_ascii_case("digest")
            && c.param("stale")
                .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    })?;
    Some(
        Diagnosis::new(Cause::ExpiredCredentials)
            .high()
            .summary("the Digest nonce the request answered has expired (stale=true): the user name and password were right")
            .evidence("WWW-Authenticate: Digest … stale=true (RFC 7616 §3.3)")
            .remedy("answer the new challenge: compute the Digest response again with the nonce of this 401 (HTTP clients with Digest support do this by themselves)")
            .only_specific_remedies(),
    )
}

/// RFC 7616 §3.3: a Digest answer to the server's challenge refused with a new Digest challenge
/// that does not say `stale=true`: the digest did not verify, so the user name or password is
/// wrong (a stale nonce with the right password is flagged stale).
pub(in crate::diagnose) fn digest_refused(ctx: &Context<'_>) -> Option<Diagnosis> {
    if ctx.status() != StatusCode::UNAUTHORIZED {
        return None;
    }
    let sent = ctx.credential_in("authorization")?;
    if !sent
        .scheme
        .as_deref()
        .is_some_and(|s| s.eq_ignore_ascii_case("digest"))
    {
        return None;
    }
    ctx.evidence
        .challenges
        .iter()
        .find(|c| !c.proxy && c.scheme.eq_ignore_ascii_case("digest"))?;
    // The server's words may name another reason (a locked account, an IP rule); "not
    // authorized to access" on a 401 is the stock line of a failed sign-in, not a scope.
    if ctx
        .words_name_other_reason()
        .is_some_and(|c| c != Cause::InsufficientScope)
    {
        return None;
    }
    Some(with_server_said(
        Diagnosis::new(Cause::InvalidCredentials)
            .high()
            .summary("the server did not accept the Digest answer and challenged again without stale=true: the user name or password is wrong")
            .evidence("Authorization scheme sent: Digest; WWW-Authenticate: Digest without stale=true (RFC 7616 §3.3)")
            .remedy("check the user name and password (and the realm they belong to)")
            .only_specific_remedies(),
        ctx,
    ))
}
