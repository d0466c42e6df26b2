//! The generic rules: what the request shows against what the server asks, the standard error
//! codes, rate limiting, and the server's words.

use http::StatusCode;

use crate::credential::Location;
use crate::explanation::Cause;
use crate::preflight;

use super::words;
use super::{Context, Diagnosis, with_server_said};

mod batch;
mod environment;
mod handshake;
mod limits;
mod oversized;
mod said;
mod scheme;
mod sign_in;
mod standard;
mod unsent;
mod validation;
pub(super) use batch::batch_partly_refused;
pub(super) use environment::environment_mismatch;
pub(super) use handshake::{digest_refused, digest_stale, ntlm_inside_negotiate};
pub(super) use limits::{quota_before_rate_limit, rate_limit, text_wait_s};
pub(super) use said::{anonymous_forbidden, missing_permission_field, refused_own_action, said};
use said::{session_unsent, unseen_but_judged};
pub(super) use scheme::{
    api_key_challenge_unanswered, challenge_unanswered, challenged_header_unsent,
    header_name_as_scheme, jwt_scheme_generic_refusal, scheme_asked_in_words, scheme_case,
    scheme_refused, spaced_scheme, wrong_scheme,
};
use scheme::{jwt_under_other_scheme, scheme_is_an_address_rule, server_names_header};
use sign_in::callback_refused;
pub(super) use sign_in::{csrf, login_redirect, redirect, refused_sign_in};
pub(crate) use standard::ws_security_code;
pub(super) use standard::{oauth1_problem, standard_codes, ws_security_fault};
pub(crate) use unsent::token_request_in_query;
pub(super) use unsent::{
    anonymous_despite_credentials, authorization_unsent, code_says_unsent, credential_not_read,
    framework_found_nothing, named_header_unsent, signature_unread, token_request_unread,
};
pub(crate) use validation::credential_field_errors;
pub(super) use validation::credential_field_refused;

// ---- structure ------------------------------------------------------------------------------

/// Environment variables a client reads its proxy from (reqwest's system proxy).
const PROXY_VARS: &[&str] = &[
    "HTTPS_PROXY",
    "https_proxy",
    "HTTP_PROXY",
    "http_proxy",
    "ALL_PROXY",
    "all_proxy",
];

/// The first proxy variable whose URL carries a user name or password. Only the name of the
/// variable is returned: its value holds a secret.
fn proxy_var_with_userinfo() -> Option<&'static str> {
    PROXY_VARS.iter().copied().find(|v| {
        std::env::var(v)
            .ok()
            .and_then(|u| url::Url::parse(&u).ok())
            .is_some_and(|u| !u.username().is_empty() || u.password().is_some())
    })
}

/// A 407 without `Proxy-Authenticate` (RFC 9110 §11.7.1 requires it of a proxy), to a request
/// that sent no proxy credentials and went through no proxy this process names: an origin
/// server that reuses the code for its own refusal.
pub(super) fn origin_407(ctx: &Context<'_>) -> bool {
    ctx.status() == StatusCode::PROXY_AUTHENTICATION_REQUIRED
        && ctx.credential_in("proxy-authorization").is_none()
        && !ctx.evidence.challenges.iter().any(|c| c.proxy)
        && !PROXY_VARS.iter().any(|v| std::env::var_os(v).is_some())
}

/// 407: the proxy asks. Whether credentials went to it decides the sentence: a
/// `Proxy-Authorization` header, or a proxy URL with a user and password (which the HTTP
/// client turns into that header where no middleware sees it).
/// A credential sent in the query string that the server names as one that must travel
/// elsewhere ("The following parameter was found in the query string, but must be in the POST
/// body: lgpassword."): the place it was sent, not the credential.
pub(super) fn query_credential_misplaced(ctx: &Context<'_>) -> Option<Diagnosis> {
    if !matches!(ctx.status().as_u16(), 401 | 403) {
        return None;
    }
    let names = words::query_credential_names(ctx.credentials);
    let named = words::misplaced_query_credential(ctx.normalized(), &names)?;
    Some(with_server_said(
        Diagnosis::new(Cause::WrongScheme)
            .summary(format!(
                "the server names the query parameter `{named}` as one that must not travel in the query string: send it where the API reads it (the request body, or a header)"
            ))
            .evidence(format!(
                "the server's error names `{named}`, a credential the request sent in its query string, as misplaced"
            ))
            .remedy("move the credential out of the URL into the place the error names (a POST body field or a header)")
            .only_specific_remedies(),
        ctx,
    ))
}

pub(super) fn proxy(ctx: &Context<'_>) -> Option<Diagnosis> {
    if ctx.status() != StatusCode::PROXY_AUTHENTICATION_REQUIRED {
        return None;
    }
    let sent = ctx.credential_in("proxy-authorization").is_some();
    // A 407 the server sent of its own accord: its words decide (see `said`); the proxy
    // reading stays only as a hedge.
    let no_proxy_in_sight = origin_407(ctx);
    if no_proxy_in_sight
        && ctx
            .classify(ctx.credential_present())
            .is_some_and(|s| s.cause != Cause::ProxyAuthRequired)
    {
        return None;
    }
    let mut d = Diagnosis::new(Cause::ProxyAuthRequired);
    if !no_proxy_in_sight {
        d = d.high();
    }
    d = if sent {
        d.summary("the proxy rejected the Proxy-Authorization credentials that were sent")
            .remedy("check the proxy user name and password (HTTPS_PROXY / ALL_PROXY URLs, or `Proxy::basic_auth`)")
    } else if let Some(var) = proxy_var_with_userinfo() {
        d.summary(format!(
            "the proxy rejected the user name and password of the proxy URL in {var}"
        ))
        .evidence(format!(
            "{var} holds a proxy URL with a user name and password; the HTTP client sends them as Proxy-Authorization"
        ))
        .remedy(format!(
            "check the user name and password in {var} (percent-encode special characters such as @ : / in them)"
        ))
    } else {
        d.summary(
            "a proxy between this client and the server requires authentication, and no proxy credentials were visible to this middleware",
        )
        .remedy("if the proxy is configured with `reqwest::Proxy::basic_auth`, check that user name and password")
    };
    if let Some(c) = ctx.evidence.challenges.iter().find(|c| c.proxy) {
        let realm = c
            .param("realm")
            .map(|r| format!(" (realm \"{r}\")"))
            .unwrap_or_default();
        d = d.evidence(format!(
            "the proxy asks for {} authentication{realm}",
            c.scheme
        ));
    }
    Some(d)
}

/// A CORS preflight (`OPTIONS` with `Access-Control-Request-Method`, Fetch §4.8) refused with
/// a 403 or 401: the server's CORS policy does not allow the request's origin, or the method
/// or headers it asks for. A preflight carries no credentials by the standard, so the refusal
/// is the policy's, not a verdict on a key.
pub(super) fn cors_preflight(ctx: &Context<'_>) -> Option<Diagnosis> {
    if !ctx.evidence.request_preflight
        || !matches!(
            ctx.status(),
            StatusCode::FORBIDDEN | StatusCode::UNAUTHORIZED
        )
        || ctx.evidence.gated.is_some()
    {
        return None;
    }
    Some(with_server_said(
        Diagnosis::new(Cause::OriginRestricted)
            .summary("the CORS preflight was refused: the server's CORS policy does not allow this origin, or the method or headers the request asks for (`Access-Control-Request-Headers`, such as `Authorization`)")
            .evidence("the request is a CORS preflight (OPTIONS with Access-Control-Request-Method), which carries no credential")
            .remedy("add the calling origin (and the headers it sends, such as `authorization`) to the server's CORS allow-list, or call the API from a server instead of a browser"),
        ctx,
    ))
}

/// nginx's stock page for mutual TLS (`ssl_verify_client`), read through its gate: no client
/// certificate in the handshake, or one refused (an unknown issuer, expired, revoked). The
/// certificate never shows in the request this middleware sees.
pub(super) fn client_certificate(ctx: &Context<'_>) -> Option<Diagnosis> {
    use crate::observe::gate::Gate;
    let (_, Gate::ClientCertificate, _) = ctx.evidence.gated.as_ref()? else {
        return None;
    };
    let refused = ctx
        .normalized()
        .iter()
        .any(|n| words::has(n, "the ssl certificate error"));
    let d = if refused {
        Diagnosis::new(Cause::InvalidCredentials)
            .summary("the server requires a client certificate (mutual TLS) and refused the one sent: its issuer is not trusted there, or it expired or was revoked")
            .evidence("nginx's stock page \"The SSL certificate error\" (ssl_verify_client)")
            .remedy("check the certificate given to `reqwest::Identity`: its issuer must be one the server trusts (`ssl_client_certificate`), and it must be within its validity dates")
    } else {
        Diagnosis::new(Cause::MissingCredentials)
            .summary("the server requires a client certificate (mutual TLS) and none was sent in the TLS handshake")
            .evidence("nginx's stock page \"No required SSL certificate was sent\" (ssl_verify_client)")
            .remedy("give the client a certificate and its key: `ClientBuilder::identity(reqwest::Identity::from_pem(…))`")
    };
    Some(with_server_said(d.high(), ctx))
}

/// A request sent over plaintext `http://` refused in words that ask for TLS ("SSL is
/// required", "HTTPS required"): the transport, not the credential, was refused (and the
/// credential crossed the network in the clear).
pub(super) fn plaintext_refused(ctx: &Context<'_>) -> Option<Diagnosis> {
    const ASKS_FOR_TLS: &[&str] = &[
        "ssl is required",
        "ssl required",
        "https is required",
        "https required",
        "tls is required",
        "tls required",
        "requires ssl",
        "requires https",
        "requires tls",
        "must use https",
        "must use ssl",
        "please use https",
        "only https",
        "https only",
        "secure connection required",
        "secure connection is required",
    ];
    if ctx.url.scheme() != "http" || !matches!(ctx.status().as_u16(), 401 | 403) {
        return None;
    }
    let phrase = ctx
        .normalized()
        .iter()
        .find_map(|n| ASKS_FOR_TLS.iter().find(|p| words::has(n, p)))?;
    Some(with_server_said(
        Diagnosis::new(Cause::InsecureTransport)
            .summary("the request went over plaintext http://, and the server asks for TLS: it refused the connection's transport, not the credential")
            .evidence(format!(
                "the request's URL is http:// and the server's words ask for TLS (\"{phrase}\")"
            ))
            .remedy("call the https:// URL; and treat a credential sent over http:// as exposed")
            .only_specific_remedies(),
        ctx,
    ))
}

/// A pre-flight finding that decides the case: a placeholder, an empty or malformed
/// credential, an expired JWT.
pub(super) fn findings(ctx: &Context<'_>) -> Option<Diagnosis> {
    // The token was inside its window by the server's own clock when it judged it: its time
    // is not what the server rejected, and another finding may still be.
    // A token this clock calls expired that the server's clock had not yet seen expire was
    // refused for something else (a `nbf` ahead of the server's clock, a revoked session).
    let judged_valid = ctx.jwt_valid_when_judged();
    let expired_there = ctx.jwt_expired_when_judged();
    let considered: Vec<preflight::Finding> = ctx
        .findings
        .iter()
        .filter(|f| match f.code {
            "jwt_expired" => !judged_valid && expired_there && !ctx.token_unread_elsewhere(),
            "jwt_not_yet_valid" => !judged_valid,
            // An empty header beside a request the client signed (exchange-style `sign`
            // headers, with `access_token: ""` before a sign-in): the server received the
            // signature, and judges by it, unless it names the empty header itself ("Request
            // data isn't value: x-auth-key").
            "empty_credential" => {
                !ctx.request_is_signed()
                    || matches!(&f.location, Location::Header(h) if server_names_header(ctx, h.as_str()))
            }
            // A header the server names in its answer ("Authentication Header is invalid")
            // is one it reads, whatever its name is near.
            "misspelled_header" => {
                !matches!(&f.location, Location::Header(h) if server_names_header(ctx, h.as_str()))
            }
            _ => true,
        })
        .cloned()
        .collect();
    let (cause, f) = preflight::strongest_cause(&considered)?;
    // A finding explains an identity failure (401), or a 403 when it is a placeholder, or
    // when the request shows a credential that cannot have arrived (cut off by an
    // HTML-escaped `&`): servers that answer a missing key with 403 answer it so.
    let applies = match ctx.status().as_u16() {
        401 => true,
        403 => {
            // A 403 whose words refuse a permission ("You do not have the necessary
            // permissions") judged what an identified caller may do: unless the server's own
            // `Date` shows the token expired (a server that drops an expired token and
            // judges the caller anonymous), its time was not what it refused.
            let permission_said = || {
                ctx.classify(true)
                    .is_some_and(|s| s.cause == Cause::InsufficientScope)
            };
            let expired_by_servers_date =
                || ctx.evidence.headers.date.is_some() && ctx.jwt_expired_when_judged();
            matches!(
                cause,
                Cause::PlaceholderCredentials | Cause::WrongEnvironment
            ) || (cause == Cause::ExpiredCredentials
                && (expired_by_servers_date() || !permission_said()))
                || matches!(
                f.code,
                "html_escaped_url" | "credential_in_fragment" | "unencoded_ampersand"
            )
                // A 403 that refuses the credential itself by name ("Invalid app_token
                // specified"), or names no reason at all, to a key the request shows broken
                // (in quotes, a `.env` line pasted whole).
                || (cause == Cause::MalformedCredentials
                    && ctx.classify(true).is_none_or(|s| {
                        s.cause == Cause::InvalidCredentials && s.named
                    }))
        }
        _ => false,
    };
    if !applies {
        return None;
    }
    // A key sent in Authorization without a scheme is the convention of some APIs: only a
    // challenge that asks for a scheme makes it the reason.
    let challenged = ctx.evidence.challenges.iter().any(|c| !c.proxy);
    let form_named = ctx
        .classify(true)
        .is_some_and(|s| matches!(s.cause, Cause::MalformedCredentials | Cause::WrongScheme))
        || ctx.normalized().iter().any(|n| {
            [
                "bearer",
                "format",
                "scheme",
                "authorization string",
                "authorization header",
            ]
            .iter()
            .any(|w| words::has(n, w))
        });
    // (A server that crashed in the code that reads the credential, its words judging
    // nothing, failed on the form the request shows: `authorization.split(" ", 1)[1]`.)
    let crashed_reading_it =
        ctx.evidence.body.crashed_reading_credential && ctx.classify(true).is_none();
    if f.code == "missing_scheme" && !challenged && !form_named && !crashed_reading_it {
        return None;
    }
    // Request-signing schemes put a bare hash in `Authorization` (Podcast Index's
    // sha1(key + secret + date) beside `X-Auth-Date`): no scheme is their documented form.
    if f.code == "missing_scheme" && ctx.request_is_signed() {
        return None;
    }
    // A token expired by this clock, yet the server names another reason (its signature, a
    // scope, the account): the server's reason is the one it acted on.
    // So does a server that calls it not valid *yet*: its clock puts the token before its
    // window, the opposite of this clock's verdict.
    // (A catch-all "missing or malformed jwt" names no reason of a JWT this crate decoded:
    // its form is sound, and its time is what the evidence shows; unless pre-flight found the
    // form it travelled in broken, `Bearer Bearer <jwt>`, which is then what the server read.)
    let form_broken = ctx
        .findings
        .iter()
        .any(|f| f.implied_cause() == Some(Cause::MalformedCredentials));
    let other = ctx
        .words_name_other_reason()
        .filter(|c| !(*c == Cause::MalformedCredentials && ctx.jwt().is_some() && !form_broken));
    // (A 403's bare "not allowed to perform this action", naming no scope or role, to a
    // token expired by both clocks: many servers read an expired token as no token and refuse
    // the anonymous caller; the token's time is what the request shows. Medium, below.)
    let bare_permission = ctx.status() == StatusCode::FORBIDDEN
        && other == Some(Cause::InsufficientScope)
        && ctx.jwt().is_some()
        && expired_there
        && ctx.names_no_required_scope();
    // (Nor does a claim the words call wrong, "The iss do not match", for a token the
    // server's own `Date` puts past its `exp`: servers check `exp` first, and the expiry is
    // certain.)
    let claim_beside_expiry = other == Some(Cause::WrongEnvironment)
        && ctx.evidence.headers.date.is_some()
        && expired_there
        && ctx.jwt().is_some();
    if cause == Cause::ExpiredCredentials
        && ((other.is_some() && !bare_permission && !claim_beside_expiry)
            || ctx.says_not_yet_valid())
    {
        return None;
    }
    // What a key's shape suggests (a refresh token, a publishable key, a test key) yields to
    // any specific reason the server states ("token_expired").
    if matches!(cause, Cause::InvalidCredentials | Cause::WrongEnvironment)
        && ctx.classify(true).is_some_and(|s| {
            !matches!(
                s.cause,
                Cause::InvalidCredentials | Cause::MissingCredentials
            )
        })
    {
        return None;
    }
    // A form this middleware finds odd (no scheme, a scheme it does not know) that the server
    // read well enough to say the token expired or lacks a scope: its own conventions.
    // (A parameter cut off by an escaped `&` never arrived: what the server says of the rest
    // follows from that.)
    if matches!(cause, Cause::MalformedCredentials | Cause::WrongScheme)
        && f.code != "html_escaped_url"
    {
        let identified = ctx.classify(true).is_some_and(|s| {
            !matches!(
                s.cause,
                Cause::InvalidCredentials
                    | Cause::MissingCredentials
                    | Cause::MalformedCredentials
                    | Cause::WrongScheme
                    | Cause::SignatureMismatch
            )
        });
        if identified {
            return None;
        }
    }
    // A token not valid yet by this clock (`nbf`/`iat` ahead) explains the rejection unless the
    // server names another reason than the token's validity.
    if cause == Cause::ClockSkew {
        let other = ctx.classify(true).is_some_and(|s| {
            !matches!(
                s.cause,
                Cause::InvalidCredentials | Cause::ExpiredCredentials | Cause::MalformedCredentials
            )
        });
        if other || ctx.evidence.bearer_param("error") == Some("insufficient_scope") {
            return None;
        }
    }
    let mut d = Diagnosis::new(cause).evidence(format!(
        "pre-flight [{}] on {}: {}",
        f.code, f.location, f.message
    ));
    if f.code == "html_escaped_url" {
        d = d.remedy("unescape the URL (`&amp;` and `&#38;` back to `&`) where it was copied from HTML, a template or a config file");
    }
    if f.code == "unencoded_ampersand" {
        d = d.remedy("percent-encode the credential's value in the query (`&` as `%26`), or let the client build the query (`RequestBuilder::query`)");
    }
    // A `Basic` value that decodes to one token-like string (no `user:`) is malformed as
    // Basic, and may as well be a token the API takes with another scheme: which, the request
    // cannot tell.
    let token_as_basic = f.code == "basic_no_colon" && basic_decodes_to_a_key(ctx);
    if token_as_basic {
        d = d.remedy("if the API takes this key as a token, send it as `Authorization: Bearer <key>` (not base64-encoded); if it takes Basic, encode `key:` with the colon");
    }
    // What the request itself shows is direct evidence; a key that looks like a test key, a
    // publishable key or a refresh token only suggests the server's reason.
    // A 403 whose words give no reason: the finding is the likeliest one, not a certain one.
    let unstated_403 = ctx.status().as_u16() == 403
        && (ctx.classify(true).is_none()
            || (cause == Cause::ExpiredCredentials && bare_permission));
    // A key without a scheme, challenged by a scheme of the server's own (`Token realm="…"`)
    // and no word of form: the challenge may be its default for a key it took and refused.
    let own_scheme_challenge = f.code == "missing_scheme"
        && !form_named
        && !ctx.evidence.challenges.iter().any(|c| {
            !c.proxy
                && ["bearer", "basic", "digest", "negotiate", "ntlm", "dpop"]
                    .iter()
                    .any(|s| c.scheme.eq_ignore_ascii_case(s))
        });
    let d = match cause {
        Cause::PlaceholderCredentials
        | Cause::ExpiredCredentials
        | Cause::MalformedCredentials
        | Cause::MissingCredentials
        | Cause::WrongScheme
            if (ctx.status().as_u16() == 401
                || !matches!(f.code, "html_escaped_url" | "unencoded_ampersand"))
                && !token_as_basic
                && !unstated_403
                && !own_scheme_challenge =>
        {
            d.high()
        }
        _ => d,
    };
    Some(with_server_said(d, ctx))
}

/// Whether the request's `Basic` credential decodes to a random-looking key of its own.
fn basic_decodes_to_a_key(ctx: &Context<'_>) -> bool {
    use base64::Engine;
    let Some(c) = ctx.credential_in("authorization") else {
        return false;
    };
    base64::engine::general_purpose::STANDARD
        .decode(c.secret.expose_secret())
        .is_ok_and(|v| {
            crate::credential::is_random_key(&v)
                || std::str::from_utf8(&v).is_ok_and(crate::credential::is_token_shaped)
        })
}

/// 402 Payment Required whose words name a plan, billing or credits: the status itself says
/// payment stands in the way, so the plan outranks what else the message mentions (a test
/// mode that would be free).
pub(super) fn payment_required(ctx: &Context<'_>) -> Option<Diagnosis> {
    use crate::observe::gate::Gate;
    let (_, Gate::PaymentRequired, _) = ctx.evidence.gated.as_ref()? else {
        return None;
    };
    let Some(phrase) = words::names(Cause::PlanRestricted, ctx.normalized()) else {
        // A 402 with nothing but its status (an empty body): the status's own meaning (RFC
        // 9110 §15.5.3), which servers use for billing, a plan or credits. Words that say
        // something else leave it to them.
        if !ctx.text().trim().is_empty() {
            return None;
        }
        return Some(
            Diagnosis::new(Cause::PlanRestricted)
                .low()
                .summary("the server answered 402 Payment Required with an empty body: by the status alone, the account's plan, billing or credits do not cover this request")
                .evidence("the status 402 Payment Required (RFC 9110 §15.5.3), with no body to say more"),
        );
    };
    Some(with_server_said(
        Diagnosis::new(Cause::PlanRestricted)
            .summary("the server answered 402 Payment Required: the account's plan, billing or credits do not cover this request")
            .evidence(format!("the server's error says \"{phrase}\"")),
        ctx,
    ))
}

/// A JWT that says it is a refresh token (`typ`, `type` or `token_type` claim), sent as the
/// Bearer token of an API call: resource servers take access tokens, so the refresh token is
/// refused whatever else holds. Not at a path that names refreshing or tokens (some servers
/// take the refresh token as a Bearer token there), and not when the server names another
/// specific reason (an expiry, a scope).
pub(super) fn refresh_jwt(ctx: &Context<'_>) -> Option<Diagnosis> {
    if !matches!(ctx.status().as_u16(), 401 | 403) {
        return None;
    }
    ctx.bearer_credential()?;
    if !ctx.jwt().is_some_and(|c| c.refresh) {
        return None;
    }
    let path = ctx.url.path().to_ascii_lowercase();
    if path.contains("refresh") || path.contains("token") {
        return None;
    }
    let other = ctx.classify(true).is_some_and(|s| {
        !matches!(
            s.cause,
            Cause::InvalidCredentials | Cause::MissingCredentials | Cause::MalformedCredentials
        )
    });
    if other {
        return None;
    }
    Some(with_server_said(
        Diagnosis::new(Cause::InvalidCredentials)
            .high()
            .summary("a refresh token was sent as the Bearer token of an API call; APIs accept access tokens")
            .evidence("the JWT sent in Authorization says it is a refresh token (its type claim)")
            .remedy("exchange the refresh token at the token endpoint (grant_type=refresh_token) and send the access token it returns")
            .only_specific_remedies(),
        ctx,
    ))
}

/// An IPv4 address range in CIDR form (`10.20.0.0/16`) in `text`, the first one found: a run
/// of digits, dots and one slash that parses as an address and a prefix of at most 32.
pub(super) fn cidr_in(text: &str) -> Option<&str> {
    text.split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '/'))
        .find(|run| {
            run.split_once('/').is_some_and(|(addr, prefix)| {
                addr.parse::<std::net::Ipv4Addr>().is_ok()
                    && prefix.parse::<u8>().is_ok_and(|p| p <= 32)
            })
        })
}

/// Whether a redirect's target is on the request's own host or, else, another host of its
/// site: the word the evidence uses for it.
pub(super) fn host_or_site(from: &url::Url, to: &url::Url) -> &'static str {
    if from.host_str() == to.host_str() {
        "host"
    } else {
        "site"
    }
}

/// A refusal whose words name an address range (`10.20.0.0/16`, "该令牌只能在指定网段使用：
/// 10.20.0.0/16"), a range the request itself does not carry: the credential is bound to
/// addresses in it, whatever language says so.
pub(super) fn address_range(ctx: &Context<'_>) -> Option<Diagnosis> {
    if !matches!(ctx.status().as_u16(), 401 | 403) || !ctx.has_credentials() {
        return None;
    }
    let range = ctx.evidence.body.messages.iter().find_map(|m| cidr_in(m))?;
    if ctx.url.as_str().contains(range) {
        return None;
    }
    if ctx.classify(true).is_some_and(|s| {
        s.named
            && !matches!(
                s.cause,
                Cause::IpRestricted | Cause::InvalidCredentials | Cause::UnknownForbidden
            )
    }) {
        return None;
    }
    Some(with_server_said(
        Diagnosis::new(Cause::IpRestricted)
            .summary(format!(
                "the server's error names an address range ({range}): the credential may be used only from addresses in it"
            ))
            .evidence(format!("the server's error names the address range {range}"))
            .remedy("call from an address in that range, or have the credential's allowed range widened"),
        ctx,
    ))
}

/// Amazon API Gateway's stock answer "Missing Authentication Token", in a 403 to a request
/// that carried a credential other than a SigV4 signature: the gateway gives it for a path,
/// method or stage it does not have, and for an IAM-authorized route called unsigned; the
/// key sent was not what it judged.
pub(super) fn gateway_stock_missing_token(ctx: &Context<'_>) -> Option<Diagnosis> {
    if ctx.status() != StatusCode::FORBIDDEN || !ctx.has_credentials() {
        return None;
    }
    let stock = ctx
        .normalized()
        .iter()
        .any(|n| n == " missing authentication token ");
    let signed = ctx.credentials.iter().any(|c| {
        c.kind == crate::credential::CredentialKind::AwsSigV4
            || matches!(&c.location, Location::Query(q) if q.eq_ignore_ascii_case("X-Amz-Signature"))
    });
    if !stock || signed {
        return None;
    }
    Some(api_gateway_unknown_route(
        Diagnosis::new(Cause::UnknownForbidden)
            .evidence("the whole message is API Gateway's stock \"Missing Authentication Token\", to a request that carried a credential"),
    ))
}

/// What API Gateway's "Missing Authentication Token" to a request with a credential means, and
/// what to check (the AWS profile says the same of its own responses).
pub(super) fn api_gateway_unknown_route(d: Diagnosis) -> Diagnosis {
    d.summary("API Gateway answers \"Missing Authentication Token\" for a path, method or stage that does not exist, and for IAM-authorized routes called without a SigV4 signature")
        .remedy("check the URL: the stage name (/prod, /dev), the resource path and the HTTP method must exist in the deployed API")
        .remedy("for IAM authorization, sign the request with SigV4 (service `execute-api`)")
}

/// A web application firewall's block page ("Your request was blocked by the web application
/// firewall"): the firewall judged the request itself (its payload, headers or origin
/// network), not the credential, whatever the page says of accounts or tokens.
pub(super) fn firewall(ctx: &Context<'_>) -> Option<Diagnosis> {
    if ctx.status() != StatusCode::FORBIDDEN {
        return None;
    }
    let said = ctx.normalized().iter().any(|n| {
        words::has(n, "web application firewall")
            || words::has(n, "waf")
            || (words::has(n, "firewall") && words::has(n, "blocked"))
    });
    // An address rule a firewall enforces for the account ("your IP … is not allowlisted")
    // is the account's own setting.
    if !said
        || ctx
            .classify(true)
            .is_some_and(|s| s.cause == Cause::IpRestricted)
    {
        return None;
    }
    Some(with_server_said(
        Diagnosis::new(Cause::UnknownForbidden)
            .summary("a web application firewall in front of the API blocked the request: it judged the request itself (its payload, headers, rate or network), not the credential")
            .evidence("the server's page speaks of a web application firewall")
            .remedy("send the incident or request id from the page to the API's owner; check the request for payloads a firewall blocks (SQL or script fragments, unusual headers) and the network it comes from")
            .only_specific_remedies(),
        ctx,
    ))
}

/// A challenge whose scheme is an address rule (hapi-ip-whitelist's `ip-whitelist`): the server
/// asks for no credential, it refuses the caller's address, with or without one.
pub(super) fn address_challenge(ctx: &Context<'_>) -> Option<Diagnosis> {
    let c = ctx
        .evidence
        .challenges
        .iter()
        .find(|c| !c.proxy && scheme_is_an_address_rule(&c.scheme))?;
    Some(with_server_said(
        Diagnosis::new(Cause::IpRestricted)
            .summary(format!(
                "the server's challenge names an address rule ({}) rather than a way to authenticate: the caller's address is not allowed",
                c.scheme
            ))
            .evidence(format!(
                "the WWW-Authenticate scheme {} names an IP allow-list",
                c.scheme
            ))
            .remedy("call from an allowed address (or through the allowed network), or have this address added to the allow-list"),
        ctx,
    ))
}

/// A credential pre-flight repaired before sending (`Bearer Bearer x`, a quoted token, an
/// invisible character) and the server still refused, with no reason of its own beyond a
/// refusal of the credential: the application builds it malformed, and that is the first
/// thing to fix. Medium: the repaired value was what the server judged, so the key itself
/// may be refused as well.
pub(super) fn repaired_and_refused(ctx: &Context<'_>) -> Option<Diagnosis> {
    let f = ctx.findings.iter().find(|f| {
        f.severity == crate::preflight::Severity::Repaired
            && f.implied_cause() == Some(Cause::MalformedCredentials)
    })?;
    let generic = ctx.classify(true).is_none_or(|s| {
        matches!(
            s.cause,
            Cause::InvalidCredentials | Cause::MissingCredentials | Cause::MalformedCredentials
        )
    });
    let refusal = match ctx.status().as_u16() {
        401 => true,
        403 => ctx
            .classify(true)
            .is_none_or(|s| s.cause == Cause::InvalidCredentials),
        _ => false,
    };
    if !generic || !refusal {
        return None;
    }
    Some(with_server_said(
        Diagnosis::new(Cause::MalformedCredentials)
            .summary(format!(
                "the application sent the credential malformed ({}); pre-flight repaired it before sending and the server still refused it: fix the code that builds it, then check the value itself if the refusal stays",
                f.code
            ))
            .evidence(format!(
                "pre-flight [{}] on {}, repaired: {}",
                f.code, f.location, f.message
            ))
            .remedy("build the header the way the API documents it (one scheme word, one space, the bare value); the repair is a safety net, not a fix"),
        ctx,
    ))
}

/// 401 with no credential in the request.
pub(super) fn no_credential(ctx: &Context<'_>) -> Option<Diagnosis> {
    if ctx.status() != StatusCode::UNAUTHORIZED || ctx.has_credentials() {
        return None;
    }
    // (an OAuth callback relaying the authorization server's error had none to send)
    if let Some(d) = callback_refused(ctx) {
        return Some(with_server_said(d, ctx));
    }
    // The server judges a credential it received ("the API key is invalid", "the token
    // expired") that this middleware did not see: it went in the body, a client certificate or
    // the client's default headers. The server's reason stands (see `said`).
    if unseen_but_judged(ctx) || ctx.credentials_in_body() {
        return None;
    }
    // A server that refuses the caller's address or origin ("IP unauthorized") checked that
    // before any credential: its reason stands, with or without one.
    if ctx
        .classify(false)
        // (nor one that says the endpoint is rate limited: "This is rate-limited upstream",
        // or switched off for every caller: "This installation has disabled the JSON API")
        .is_some_and(|s| {
            matches!(
                s.cause,
                Cause::IpRestricted
                    | Cause::OriginRestricted
                    | Cause::RateLimited
                    | Cause::EndpointNotEnabled
            )
        })
    {
        return None;
    }
    // A SOAP fault (a 500 read for its words): a SOAP request carries its session or key in
    // its envelope's header, which this middleware does not read; the fault's words speak.
    // (A 500 to a request without a body has no envelope to hold one.)
    if ctx.evidence.request_body_unread
        && ctx
            .evidence
            .gated
            .as_ref()
            .is_some_and(|(wire, _, _)| wire.as_u16() == 500)
    {
        return None;
    }
    // Only proxy credentials went out: a proxy that answers 401 instead of 407 (or passes
    // the request on without them) is the likelier source of this rejection.
    let proxy_sent = ctx.credential_in("proxy-authorization");
    // A `Proxy-Authorization` this middleware sees was set by the caller as a header (the
    // HTTP client adds a configured proxy's own after it): to an `https://` URL it travels
    // inside the tunnel, to the origin, and a loopback origin is seldom proxied. An origin's challenge of that same scheme asks for the credential that went
    // in the wrong header.
    if let Some(c) = proxy_sent {
        let scheme = c.scheme.as_deref().unwrap_or("");
        let unproxied = ctx.url.scheme() == "https" || is_loopback(ctx.url);
        // (the scheme named is the server's challenge's: nothing of the request is printed)
        let challenged = ctx
            .evidence
            .challenges
            .iter()
            .find(|ch| !ch.proxy && ch.scheme.eq_ignore_ascii_case(scheme));
        if let (true, Some(ch)) = (unproxied, challenged) {
            let scheme = &ch.scheme;
            return Some(with_server_said(
                Diagnosis::new(Cause::MissingCredentials)
                    .summary(format!(
                        "the credential went in Proxy-Authorization, which no proxy in sight consumes and the origin does not read: the origin asks for {scheme} credentials in Authorization"
                    ))
                    .evidence("the request's only credential was a Proxy-Authorization header set by the caller, and the origin's challenge asks for that scheme")
                    .remedy("send the credential as `Authorization`, not `Proxy-Authorization` (that header is for a proxy, set with `reqwest::Proxy::basic_auth`)")
                    .only_specific_remedies(),
                ctx,
            ));
        }
    }
    if proxy_sent.is_some() || proxy_var_with_userinfo().is_some() {
        return Some(with_server_said(
            Diagnosis::new(Cause::ProxyAuthRequired)
                .summary("the 401 answers a request that carried only proxy credentials: the proxy itself probably rejected them (some proxies answer 401 instead of 407)")
                .evidence("no credential for the origin server was in the request; proxy credentials were"),
            ctx,
        ));
    }
    let mut d = Diagnosis::new(Cause::MissingCredentials).evidence(
        "no credential was visible in the request (Authorization, API-key headers, cookies, URL)",
    );
    if session_unsent(ctx) {
        return Some(with_server_said(
            d.summary("no credential was sent: the server's word of a session refers to the session cookie this request did not carry")
                .remedy("sign in and send the session cookie (or the API's token) with the request; if the client keeps cookies in a cookie store, which adds them after this middleware, the session did expire: sign in again"),
            ctx,
        ));
    }
    d = if ctx.evidence.request_body_unread {
        // A body this middleware does not read (XML, multipart, a stream), or one whose
        // fields name no credential, may hold the key under a name of its own.
        d.summary("no credential was visible in the request's headers or URL; the request had a body (one this middleware does not read, or whose fields name no credential), and a credential sent there could not be seen")
            .remedy("if the API takes its key in the body, check that field's name and value; otherwise send the credential where the API documents it (usually a header)")
    } else if ctx.hidden_credential_headers.is_empty() {
        // A server whose words judge a credential as if one came ("invalid token") still
        // received none that this request shows: missing, but not beyond doubt.
        let judged = ctx
            .classify(true)
            .is_some_and(|s| s.named && s.cause != Cause::MissingCredentials);
        // (nor beyond doubt when a path segment is shaped like a key: a token in the path, of a
        // shape this middleware does not know as a credential, may be what was refused)
        if !judged && !crate::redact::path_has_token(ctx.url.path()) {
            d = d.high();
        }
        d.summary("no credential was sent, or it was added by the client's default headers where this middleware cannot see it")
            .remedy("if the client sets the credential in `ClientBuilder::default_headers`, tell the middleware with `.client_default_credential_headers([...])` so it can explain it")
    } else {
        d.summary(format!(
            "the server received no valid credential; the client adds {} through its default headers, so check that value",
            ctx.hidden_credential_headers.join(", ")
        ))
    };
    if let Some(c) = ctx.evidence.challenges.first() {
        d = d.evidence(format!("the server asks for {} authentication", c.scheme));
    }
    Some(with_server_said(d, ctx))
}

/// A Bearer challenge that names the scope the resource needs (`scope="repository:app:push"`,
/// RFC 6750 §3) without an error code, answering a JWT that is current and lists its own
/// scopes (`scope`, `scp`, or a registry token's `access`) without that one: the token lacks
/// it. A token that holds every scope asked for was refused for something else, and this
/// rule says nothing.
pub(super) fn challenged_scope_unheld(ctx: &Context<'_>) -> Option<Diagnosis> {
    if !matches!(ctx.status().as_u16(), 401 | 403) {
        return None;
    }
    let ev = &ctx.evidence;
    if ev
        .bearer_param("error")
        .is_some_and(|e| !e.eq_ignore_ascii_case("insufficient_scope"))
    {
        return None;
    }
    let asked = ev.bearer_param("scope")?;
    let claims = ctx.jwt().filter(|c| !c.scopes.is_empty())?;
    let expired = ctx.findings.iter().any(|f| f.code == "jwt_expired");
    if !(ctx.jwt_valid_when_judged() || (ev.headers.date.is_none() && !expired)) {
        return None;
    }
    // A registry's scope names its actions in one item (`repository:app:pull,push`); the
    // token's `access` claim lists one per action.
    let required: Vec<String> = asked
        .split_whitespace()
        .take(64)
        .flat_map(|s| match s.rsplit_once(':') {
            Some((resource, actions)) if resource.contains(':') => actions
                .split(',')
                .filter(|a| !a.is_empty())
                .map(|a| format!("{resource}:{a}"))
                .collect::<Vec<_>>(),
            _ => vec![s.to_owned()],
        })
        .collect();
    let missing: Vec<&String> = required
        .iter()
        .filter(|r| !claims.scopes.iter().any(|g| g == *r))
        .collect();
    if missing.is_empty() {
        return None;
    }
    let list = missing
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    Some(with_server_said(
        Diagnosis::new(Cause::InsufficientScope)
            .summary(format!(
                "the token does not hold the scope the server asks for ({list})"
            ))
            .evidence(format!(
                "the challenge asks for scope \"{asked}\"; the token's claims grant {}",
                claims.scopes.join(" ")
            ))
            .remedy(format!(
                "get a token that includes {list} (ask the token service for that scope), then retry"
            ))
            .required(asked.split_whitespace().take(64).map(str::to_owned).collect())
            .granted(claims.scopes.iter().take(64).cloned().collect()),
        ctx,
    ))
}

/// `X-Accepted-OAuth-Scopes` (what the endpoint accepts) next to `X-OAuth-Scopes` (what the
/// token has) with nothing in common: the token lacks the scope.
pub(super) fn scope_headers(ctx: &Context<'_>) -> Option<Diagnosis> {
    if ctx.status() != StatusCode::FORBIDDEN {
        return None;
    }
    let h = &ctx.evidence.headers;
    let accepted = h.accepted_scopes.as_ref().filter(|a| !a.is_empty())?;
    let granted = h.granted_scopes.as_ref()?;
    // These headers are GitHub's convention, and so is the scope hierarchy that decides
    // whether a granted scope covers an accepted one (`repo` covers `public_repo`).
    // (`X-OAuth-Scopes: *`, Linode's: a token of every scope lacks none)
    let held = granted.iter().any(|g| g == "*")
        || accepted.iter().any(|a| {
            granted
                .iter()
                .any(|g| crate::diagnose::providers::github::covers(g, a))
        });
    if held {
        return None;
    }
    let list = accepted.join(", ");
    Some(with_server_said(
        Diagnosis::new(Cause::InsufficientScope)
            .high()
            .summary(format!(
                "the token lacks the scope this endpoint accepts ({list})"
            ))
            .evidence(format!(
                "X-Accepted-OAuth-Scopes: {list}; X-OAuth-Scopes: {}",
                granted.join(", ")
            ))
            .remedy(format!(
                "grant one of {list} to the token, or use a token that has it"
            ))
            .required(accepted.clone())
            .granted(granted.clone()),
        ctx,
    ))
}

pub(super) fn status_only(ctx: &Context<'_>) -> Option<Diagnosis> {
    // A request whose only credential is its signature (HTTP Signatures' `Signature:
    // keyId=…`, an HMAC header): a refusal without reasons is that signature not verifying.
    let signature_only = ctx.request_is_signed()
        && ctx.origin_credentials().next().is_some()
        && ctx.origin_credentials().all(|c| match &c.location {
            // (HTTP Signatures' `Authorization: Signature keyId=…, signature=…` too)
            Location::Header(h) => {
                crate::credential::names_a_signature(h.as_str())
                    || (*h == http::header::AUTHORIZATION
                        && c.scheme
                            .as_deref()
                            .is_some_and(|s| s.eq_ignore_ascii_case("signature")))
            }
            _ => false,
        });
    // A JWT under a scheme of its own (`Token eyJ…`), refused without a word or a challenge:
    // JWTs travel as `Bearer` (RFC 6750), and a server that reads only that sees none.
    let jwt_under_other_scheme = jwt_under_other_scheme(ctx);
    let d = match ctx.status().as_u16() {
        401 if jwt_under_other_scheme => {
            let shown = ctx
                .credential_in("authorization")
                .and_then(|c| c.scheme.as_deref())
                .and_then(crate::redact::shown_scheme)
                .unwrap_or("another scheme");
            Diagnosis::new(Cause::WrongScheme)
                .low()
                .summary(format!(
                    "the server refused a JWT sent under the scheme {shown} without saying why: JWTs travel as `Authorization: Bearer <token>`, the scheme most servers read"
                ))
                .evidence(format!("a JWT under the scheme {shown}, and no challenge or words"))
                .remedy("send the token as `Authorization: Bearer <token>`, unless the API documents another scheme")
        }
        401 if signature_only => Diagnosis::new(Cause::SignatureMismatch)
            .low()
            .summary("the server refused the request's signature without saying why: the key it was signed with, or the signed parts (headers, path, body digest), do not match what the server verified")
            .evidence("the request's only credential is its signature"),
        401 if ctx.has_plain_credentials() => {
            let mut d = Diagnosis::new(Cause::InvalidCredentials)
                .low()
                .summary("the server refused the credential that was sent, without saying why (a wrong, expired or revoked key, or one sent where the server does not read it, are the usual reasons)");
            if ctx.evidence.gated.is_some() {
                return Some(with_server_said(d, ctx));
            }
            d = d.evidence("RFC 9110 §15.5.2: a 401 for a request with credentials means the server refused them");
            if !ctx.evidence.challenges.iter().any(|c| !c.proxy) {
                d = d.evidence("the 401 carries no WWW-Authenticate header, which RFC 9110 §15.5.2 requires: the server does not follow the standard");
            }
            d
        }
        // Only cookies or shape-found values: whether the server reads them at all is unknown.
        401 => Diagnosis::new(Cause::UnknownUnauthorized)
            .low()
            .summary("the server rejected the request as unauthenticated without saying why; the request carried only cookies or values that look like secrets, which this server may not read as credentials"),
        429 => Diagnosis::new(Cause::RateLimited).high(),
        // An envelope that states 402 (Musixmatch's `"status_code": 402` in a 200): the status
        // names payment, the plan's or the balance's.
        402 => Diagnosis::new(Cause::PlanRestricted)
            .low()
            .summary("the response states the status 402 Payment Required without saying more: the plan, balance or quota of the account does not cover this request")
            .remedy("check the account's plan, balance and usage in the provider's console"),
        // Django REST framework's default `PermissionDenied` text to a request that carried a
        // credential: a permission class refused the caller it identified (an invalid token
        // gets "Invalid token." first), most often a role or scope it lacks.
        // (read from the messages as given: a stock text carries no weight among the words)
        // Not to `Authorization: Api-Key …`: djangorestframework-api-key checks the key itself
        // as a permission, and says the same of a key it does not know.
        403 if ctx.has_plain_credentials()
            && ctx.evidence.gated.is_none()
            && !ctx
                .credential_in("authorization")
                .and_then(|c| c.scheme.as_deref())
                .is_some_and(|s| s.eq_ignore_ascii_case("api-key"))
            && ctx.evidence.body.messages.iter().any(|m| {
                words::has(
                    &words::normalize(m),
                    "you do not have permission to perform this action",
                )
            }) =>
        {
            Diagnosis::new(Cause::InsufficientScope)
                .low()
                .summary("a permission check refused the caller the server identified (Django REST framework's default text): a role, group or scope the action needs is missing")
                .evidence("Django REST framework's default permission text, to a request that carried a credential")
                .remedy("check the permissions, role or group of the user or key this credential belongs to")
        }
        _ => Diagnosis::new(Cause::UnknownForbidden).low(),
    };
    Some(with_server_said(d, ctx))
}

/// Whether a URL's host is a loopback address or `localhost`.
fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(a)) => a.is_loopback(),
        Some(url::Host::Ipv6(a)) => a.is_loopback(),
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}
