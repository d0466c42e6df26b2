//! The generic rules: what the request shows against what the server asks, the standard error
//! codes, rate limiting, and the server's words.

use http::StatusCode;
use http::header::AUTHORIZATION;

use crate::credential::Location;
use crate::explanation::Cause;
use crate::preflight;

use super::words;
use super::{Context, Diagnosis, with_server_said};

mod limits;
mod said;
mod standard;
pub(super) use limits::{quota_before_rate_limit, rate_limit, text_wait_s};
pub(super) use said::{
    anonymous_despite_credentials, anonymous_forbidden, authorization_unsent, code_says_unsent,
    credential_not_read, environment_mismatch, missing_permission_field, refused_own_action, said,
    signature_unread,
};
use said::{session_unsent, unseen_but_judged};
pub(super) use standard::{oauth1_problem, standard_codes};

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

/// A redirect that ended on another host's sign-in page (an SSO gateway): the gateway did not
/// accept this request's credentials and asks for an interactive login.
pub(super) fn login_redirect(ctx: &Context<'_>) -> Option<Diagnosis> {
    use crate::observe::gate::Gate;
    let (_, gate, _) = ctx.evidence.gated.as_ref()?;
    match gate {
        Gate::SignInRefused => return sign_in_sent_back(ctx),
        Gate::SignInForm => return sign_in_form_again(ctx),
        Gate::LoginTimeout => return login_timeout(ctx),
        Gate::DeniedRedirect => return denied_redirect(ctx),
        Gate::LoginRedirect => {}
        // A 203 page is a sign-in page only when its title or headings say so.
        Gate::SignInPage
            if ctx.normalized().iter().any(|n| {
                [
                    "sign in",
                    "signin",
                    "log in",
                    "login",
                    "single sign on",
                    "sso",
                ]
                .iter()
                .any(|w| words::has(n, w))
            }) => {}
        _ => return None,
    }
    // A redirect handed to the caller (not followed) points at the page in `Location`.
    let target = login_target(ctx);
    let host = target.host_str().unwrap_or("another host");
    // The application's own sign-in page (the same host, or another host of the same site,
    // `www.` to `app.`, at a plain login path): it wants a browser session. An identity
    // provider's path (`/adfs/`, `/saml/`, `/sso/`) on another host is a single sign-on
    // gateway, whatever its domain.
    let idp_path = target.path_segments().is_some_and(|mut segs| {
        segs.any(|s| {
            let s = s.to_ascii_lowercase();
            [
                "adfs",
                "saml",
                "saml2",
                "sso",
                "idp",
                "openid",
                "oauth",
                "oauth2",
                "authorize",
            ]
            .contains(&s.as_str())
        })
    });
    let own = ctx.url.host_str() == target.host_str()
        || (crate::observe::gate::same_site(ctx.url, &target) && !idp_path);
    if *gate == Gate::LoginRedirect && own {
        // (a CSRF cookie is no session)
        let cookie = ctx.origin_credentials().any(
            |c| matches!(&c.location, Location::Cookie(n) if !crate::credential::is_csrf_name(n)),
        );
        // A sign-in (a password in the body) sent back to the sign-in page: the login was
        // read and refused.
        let signing_in = crate::observe::gate::signs_in(ctx.credentials);
        // A page of the second factor (`/account/two_factor/setup/`, `/mfa/verify`): the
        // session is signed in, and the application wants its second factor first.
        let second_factor = target.path_segments().is_some_and(|mut segs| {
            segs.any(|s| {
                let s = s.to_ascii_lowercase();
                s.split(['_', '-', '.'])
                    .any(|w| matches!(w, "2fa" | "mfa" | "otp" | "totp" | "twofactor"))
                    || s.contains("two_factor")
                    || s.contains("two-factor")
            })
        });
        let d = if cookie && second_factor && !signing_in {
            Diagnosis::new(Cause::OrganizationPolicy)
                .summary("the request was redirected to the application's second-factor page: the session is signed in, but this page needs a verified second factor (or its enrolment) first")
                .remedy("complete the second factor (or enrol a device) for this session, or use an API token that is exempt from it")
        } else if signing_in {
            Diagnosis::new(Cause::InvalidCredentials)
                .summary("the sign-in was sent back to the sign-in page: the server did not accept the user name and password")
                .remedy("check the user name and password (and that the account may sign in here)")
        } else if ctx.credential_present()
            && !cookie
            && crate::observe::gate::sign_in_error_page(&target)
        {
            // The sign-in page is told the attempt failed (`/auth_admin/incorrect`): the
            // credentials were judged, and refused.
            Diagnosis::new(Cause::InvalidCredentials)
                .summary("the request was redirected to the application's sign-in page, whose URL reports a failed sign-in: the credentials sent were refused")
                .remedy("check the user name and password (and that the account may sign in here)")
        } else if cookie && redirect_says_expired(&target) {
            // The sign-in page is told why (`?expired`, `reason=timeout`, Spring's
            // `expired-url`): the session ran out.
            Diagnosis::new(Cause::ExpiredCredentials)
                .summary("the request was redirected to the application's sign-in page, which its URL tells the session expired")
                .remedy("sign in again and send the new session cookie")
        } else if cookie {
            // Sessions end, most often by time: a cookie the application no longer knows.
            Diagnosis::new(Cause::ExpiredCredentials)
                .summary("the request was redirected to the application's sign-in page: the session its cookie names has ended (expired, most often, or signed out) or was never valid here")
                .remedy("sign in again and send the new session cookie")
        } else if ctx.credential_present()
            && ctx.origin_credentials().any(|c| match &c.location {
                Location::Cookie(n) => !crate::credential::is_csrf_name(n),
                Location::Header(h) => !crate::credential::is_csrf_name(h.as_str()),
                _ => true,
            })
        {
            // (or the credential was refused: such a route sends any caller it does not
            // accept to its sign-in page, and the redirect cannot tell the two apart)
            Diagnosis::new(Cause::WrongScheme)
                .low()
                .summary("the request was redirected to the application's sign-in page: this route probably takes a browser session, not the credential sent (or it refused that credential)")
                .remedy("call the API's own endpoints with this credential (often under /api/), or sign in and send the session cookie")
        } else {
            Diagnosis::new(Cause::MissingCredentials)
                .summary("the request was redirected to the application's sign-in page: no credential was sent")
                .remedy("send the credential the API documents, or sign in and send the session cookie")
        };
        // The page's URL as any URL is shown: redacted (a path may carry a token).
        let place = host_or_site(ctx.url, &target);
        return Some(d.evidence(format!(
            "redirected to a sign-in page on the same {place} ({})",
            crate::redact::redact_url(&target, ctx.sensitive_params)
        )));
    }
    let what = if *gate == Gate::LoginRedirect {
        format!("the request was redirected to a sign-in page on {host}")
    } else {
        format!("{host} answered with a sign-in page (203) instead of the API's response")
    };
    let d = if ctx.credential_present()
        && *gate == Gate::LoginRedirect
        && redirect_says_expired(&target)
    {
        // The gateway tells its sign-in page why (mod_auth_pubtkt's `?timeout=1`).
        Diagnosis::new(Cause::ExpiredCredentials)
            .summary(format!(
                "{what}, whose URL says the session or ticket expired"
            ))
            .remedy("sign in again (or renew the ticket) and send the new credential")
    } else if *gate == Gate::LoginRedirect && session_cookies_only(ctx) {
        // A browser session's cookie (a copied `_shibsession_`, a forward-auth cookie) that
        // the gateway no longer knows: sessions end, most often by time.
        Diagnosis::new(Cause::ExpiredCredentials)
            .summary(format!(
                "{what}: the single sign-on session its cookie names is no longer known there (it expired, most often, or was signed out)"
            ))
            .remedy("sign in again through the identity provider and send the new session cookie; for API calls, use a credential the gateway accepts without a browser (a service token)")
    } else if ctx.credential_present() {
        Diagnosis::new(Cause::OrganizationPolicy)
            .summary(format!(
                "{what}: a single sign-on gateway in front of the API did not accept the credential sent and asks for an interactive login"
            ))
            .remedy("use a credential the gateway accepts for API calls (a service token, a client certificate, or the gateway's bypass for API clients), or call the API behind the gateway")
    } else {
        Diagnosis::new(Cause::MissingCredentials)
            .summary(format!(
                "{what}: a single sign-on gateway in front of the API wants credentials, and none were sent"
            ))
            .remedy("send the credential the gateway accepts for API calls; a browser session does not carry over to an HTTP client")
    };
    Some(d.evidence(format!(
        "the response is an HTML page from {host}, not the API"
    )))
}

/// Whether the request's only credentials are session cookies (no CSRF cookie counts, no
/// other credential beside them).
fn session_cookies_only(ctx: &Context<'_>) -> bool {
    let mut any = false;
    let all = ctx.origin_credentials().all(|c| {
        any = true;
        matches!(&c.location, Location::Cookie(n) if !crate::credential::is_csrf_name(n))
    });
    any && all
}

/// Whether a sign-in page's URL says the session ran out: a query name or value of expiry
/// (`/login?expired`, `?reason=timeout`, `?session_expired=1`).
fn redirect_says_expired(target: &url::Url) -> bool {
    target.query_pairs().take(16).any(|(k, v)| {
        [k, v].iter().any(|t| {
            let n = words::normalize(t);
            ["timeout", "timed out", "expired", "session expired"]
                .iter()
                .any(|w| words::has(&n, w))
        })
    })
}

/// A sign-in (a password in the body) redirected back to its form or to an error page on its
/// own host: the form login refused it. The words the redirect carries (`?error=AccountLocked`)
/// may name a state of the account; else the user name and password were not accepted.
fn sign_in_sent_back(ctx: &Context<'_>) -> Option<Diagnosis> {
    if !crate::observe::gate::signs_in(ctx.credentials) {
        return None;
    }
    let target = login_target(ctx);
    // The redirect's own words: its query's values (`error=Invalid+username+or+password`,
    // `error=CredentialsSignin`), split like a code.
    let said: Vec<String> = target
        .query_pairs()
        .take(16)
        .map(|(_, v)| words::normalize(&v))
        .filter(|v| !v.trim().is_empty())
        .collect();
    let state = words::classify(&said, true).filter(|s| {
        matches!(
            s.cause,
            Cause::AccountSuspended
                | Cause::RateLimited
                | Cause::ExpiredCredentials
                | Cause::OrganizationPolicy
                | Cause::IpRestricted
        )
    });
    let shown = crate::redact::redact_url(&target, ctx.sensitive_params);
    let d = match state {
        Some(s) => Diagnosis::new(s.cause).summary(format!(
            "the sign-in was redirected to {shown}, whose words name the reason"
        )),
        None => Diagnosis::new(Cause::InvalidCredentials)
            .summary("the sign-in was sent back to its form or an error page: the server did not accept the user name and password")
            .remedy("check the user name and password (and that the account may sign in here)")
            .only_specific_remedies(),
    };
    Some(d.evidence(format!(
        "a sign-in (a password in the body) redirected on its own host to {shown}"
    )))
}

/// A sign-in (a password in the body) answered with its form again, no redirect: the form
/// login refused it (a success moves on). The page's words may name a state of the account
/// (locked, too many attempts); a CSRF failure is the csrf rule's.
fn sign_in_form_again(ctx: &Context<'_>) -> Option<Diagnosis> {
    if !crate::observe::gate::signs_in(ctx.credentials)
        || ctx.normalized().iter().any(|m| {
            ["csrf", "xsrf", "authenticity token"]
                .iter()
                .any(|w| words::has(m, w))
        })
    {
        return None;
    }
    // The form reads its password under another name than the request sent it (a JSON
    // sign-in to a form that wants `authen_password`): the password never reached it.
    if let Some(field) = &ctx.evidence.form_password_field {
        let sent: Vec<&str> = ctx
            .credentials
            .iter()
            .filter_map(|c| match &c.location {
                Location::Body(n) if n.to_ascii_lowercase().ends_with("password") => {
                    Some(n.as_str())
                }
                _ => None,
            })
            .collect();
        if !sent.is_empty() && !sent.iter().any(|n| n.eq_ignore_ascii_case(field)) {
            return Some(with_server_said(
                Diagnosis::new(Cause::WrongScheme)
                    .summary(format!(
                        "the sign-in was answered with its form again, whose password field is `{field}`; the request sent the password as `{}`, a field this form does not read",
                        sent[0]
                    ))
                    .evidence(format!(
                        "the page's password field is named `{field}`; the request's is `{}`",
                        sent[0]
                    ))
                    .remedy(format!(
                        "post the form's own fields (`{field}`, as `application/x-www-form-urlencoded` when the page is an HTML form), or use the API's sign-in"
                    ))
                    .only_specific_remedies(),
                ctx,
            ));
        }
    }
    let state = ctx.classify(true).filter(|s| {
        matches!(
            s.cause,
            Cause::AccountSuspended
                | Cause::RateLimited
                | Cause::ExpiredCredentials
                | Cause::OrganizationPolicy
                | Cause::IpRestricted
        )
    });
    let d = match state {
        Some(s) => Diagnosis::new(s.cause)
            .summary("the sign-in was answered with its form again, whose words name the reason"),
        None => Diagnosis::new(Cause::InvalidCredentials)
            .summary("the sign-in was answered with its form again: the server did not accept the user name and password")
            .remedy("check the user name and password (and that the account may sign in here)")
            .only_specific_remedies(),
    };
    Some(with_server_said(
        d.evidence("a sign-in (a password in the body) answered, without a redirect, by a page with a password field"),
        ctx,
    ))
}

/// 440 Login Time-out (or Laravel's 419 Page Expired): a session cookie that was sent has ended; a credential of another kind
/// (Basic, a token) is not what this route reads (Outlook Web Access wants its forms-login
/// session); nothing sent, nothing to time out but the sign-in.
fn login_timeout(ctx: &Context<'_>) -> Option<Diagnosis> {
    let wire = ctx
        .evidence
        .gated
        .as_ref()
        .map_or(ctx.status(), |(wire, _, _)| *wire);
    let status = if wire.as_u16() == 419 {
        "419 Page Expired"
    } else {
        "440 Login Time-out"
    };
    // Laravel answers 419 when the session behind its CSRF token ended, or when the token's
    // header was never sent: a CSRF cookie alone, without its header, is the csrf rule's
    // (the double submit half done).
    let csrf_header = ctx
        .origin_credentials()
        .any(|c| matches!(&c.location, Location::Header(h) if crate::credential::is_csrf_name(h.as_str())));
    let session_cookie = ctx.origin_credentials().any(|c| {
        matches!(&c.location, Location::Cookie(n)
            if !crate::credential::is_csrf_name(n) || (wire.as_u16() == 419 && csrf_header))
    });
    if wire.as_u16() == 419 && !session_cookie {
        return None;
    }
    let d = if session_cookie {
        Diagnosis::new(Cause::ExpiredCredentials)
            .summary(format!(
                "the server answered {status}: the session its cookie names has timed out"
            ))
            .remedy("sign in again (or reload the page that issued the form) and send the new session cookie")
    } else if ctx.credential_present() {
        Diagnosis::new(Cause::WrongScheme)
            .summary(format!(
                "the server answered {status}: this route reads a forms-login session, not the credential sent"
            ))
            .remedy("sign in through the application's login to get a session, or call its API endpoint that takes this credential")
    } else {
        Diagnosis::new(Cause::MissingCredentials)
            .summary(format!(
                "the server answered {status}: it wants a sign-in session, and none was sent"
            ))
            .remedy("sign in and send the session cookie")
    };
    Some(with_server_said(
        d.evidence(format!(
            "status {status} (a session status: Microsoft IIS's 440, Laravel's 419)"
        )),
        ctx,
    ))
}

/// A redirect to the application's access-denied page: a caller it identified (by the cookie
/// or token sent) may not use this route. Without a credential the page is no verdict on one.
fn denied_redirect(ctx: &Context<'_>) -> Option<Diagnosis> {
    if !ctx.credential_present() {
        return None;
    }
    let target = login_target(ctx);
    let place = host_or_site(ctx.url, &target);
    Some(
        Diagnosis::new(Cause::InsufficientScope)
            .summary("the request was redirected to the application's access-denied page: the signed-in identity may not use this route")
            .evidence(format!(
                "redirected on its own {place} to an access-denied page ({})",
                crate::redact::redact_url(&target, ctx.sensitive_params)
            ))
            .remedy("use an account or token with the role this route requires, or ask for it to be granted"),
    )
}

/// Where a login redirect leads: the `Location` of a redirect handed to the caller unfollowed,
/// else the URL the response came from.
fn login_target<'u>(ctx: &Context<'u>) -> std::borrow::Cow<'u, url::Url> {
    let wire = ctx
        .evidence
        .gated
        .as_ref()
        .map_or(ctx.status(), |(wire, _, _)| *wire);
    if wire.is_redirection() {
        if let Some(to) = ctx
            .headers
            .get(http::header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|l| ctx.final_url.join(l).ok())
        {
            return std::borrow::Cow::Owned(to);
        }
    }
    std::borrow::Cow::Borrowed(ctx.final_url)
}

/// A cross-origin redirect on which the HTTP client dropped the credential.
pub(super) fn redirect(ctx: &Context<'_>) -> Option<Diagnosis> {
    // A redirect handed to the caller unfollowed, to another origin: following it drops the
    // credential there.
    if let Some((wire, crate::observe::gate::Gate::CrossOriginRedirect, _)) = &ctx.evidence.gated {
        let to = ctx
            .headers
            .get(http::header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|l| ctx.final_url.join(l).ok())?;
        let to = crate::redact::redact_url(&to, ctx.sensitive_params);
        return Some(
            Diagnosis::new(Cause::CredentialsDroppedOnRedirect)
                .summary(format!(
                    "the server answers {} with a redirect to another origin ({to}): an HTTP client that follows it (reqwest does by default) removes Authorization and cookies on the way, so the request arrives there without its credential",
                    wire.as_u16()
                ))
                .evidence(format!("Location: {to}"))
                .remedy(format!("send the request to {to} directly")),
        );
    }
    let (from, to) = ctx.evidence.redirected_from.as_ref()?;
    // reqwest strips these on a cross-origin redirect (RFC 9110 §15.4); other headers survive.
    let dropped = ctx.credentials.iter().any(|c| match &c.location {
        Location::Header(h) => *h == AUTHORIZATION || *h == http::header::COOKIE,
        Location::Cookie(_) => true,
        _ => false,
    });
    if !dropped || !matches!(ctx.status().as_u16(), 401 | 403) {
        return None;
    }
    Some(
        Diagnosis::new(Cause::CredentialsDroppedOnRedirect)
            .high()
            .summary(format!(
                "the request was redirected from {from} to {to}, and the HTTP client removed the credential on the way (it does so for every cross-origin redirect)"
            ))
            .evidence(format!("redirected from {from} to {to}"))
            .remedy(format!("send the request to {to} directly")),
    )
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
            matches!(
                cause,
                Cause::PlaceholderCredentials | Cause::ExpiredCredentials | Cause::WrongEnvironment
            ) || matches!(
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
    if f.code == "missing_scheme" && !challenged && !form_named {
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
    if cause == Cause::ExpiredCredentials
        && ((other.is_some() && !bare_permission) || ctx.says_not_yet_valid())
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
    let phrase = words::names(Cause::PlanRestricted, ctx.normalized())?;
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

/// The scheme sent against the schemes a 401's challenges name (RFC 9110 §11.6.1): Basic sent
/// where only Bearer is offered, `Token` where `Bearer` is asked, Bearer at a Basic- or
/// Digest-only location.
pub(super) fn wrong_scheme(ctx: &Context<'_>) -> Option<Diagnosis> {
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
pub(super) fn scheme_refused(ctx: &Context<'_>) -> Option<Diagnosis> {
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
                let has = |w: &str| super::normalize::has(&clause, w);
                has(&name)
                    && REFUSALS.iter().any(|r| has(r))
                    && (has("scheme")
                        // "Remove the Bearer prefix from the Authorization header"
                        || has("prefix")
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
                    let has = |w: &str| super::normalize::has(&clause, w);
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
/// `unsupported_token_type`) are not such a reading.
fn challenge_read_the_credential(ctx: &Context<'_>) -> bool {
    ctx.evidence.challenges.iter().any(|c| {
        !c.proxy
            && c.param("error").is_some_and(|e| {
                !e.eq_ignore_ascii_case("invalid_request")
                    && !e.eq_ignore_ascii_case("unsupported_token_type")
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
fn sent_places(ctx: &Context<'_>) -> String {
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
pub(super) fn challenged_header_unsent(ctx: &Context<'_>) -> Option<Diagnosis> {
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

pub(super) fn challenge_unanswered(ctx: &Context<'_>) -> Option<Diagnosis> {
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
fn host_or_site(from: &url::Url, to: &url::Url) -> &'static str {
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

/// A refusal by cross-site request forgery protection ("CSRF verification failed", "CSRF
/// cookie not set"): the session is not what failed, and no credential fixes it. The token
/// that protects a session-authenticated write is missing or does not match its cookie.
pub(super) fn csrf(ctx: &Context<'_>) -> Option<Diagnosis> {
    if !matches!(ctx.status().as_u16(), 401 | 403) {
        return None;
    }
    let said = ctx
        .normalized()
        .iter()
        .any(|n| words::has(n, "csrf") || words::has(n, "xsrf"));
    if !said {
        return None;
    }
    // The double-submit pattern half done: the CSRF cookie went, the header that must echo
    // it did not (Laravel's `XSRF-TOKEN` without `X-XSRF-TOKEN`).
    let cookie_only = ctx.credentials.iter().any(|c| {
        matches!(&c.location, Location::Cookie(n) if crate::credential::is_csrf_name(n))
    })
        && !ctx.credentials.iter().any(|c| {
            matches!(&c.location, Location::Header(h) if crate::credential::is_csrf_name(h.as_str()))
        });
    if cookie_only {
        return Some(with_server_said(
            Diagnosis::new(Cause::MissingCredentials)
                .summary("the server's CSRF protection wants its token in a header: the CSRF cookie was sent, but no header echoed its value")
                .evidence("the server's error speaks of CSRF; the request carried a CSRF cookie and no CSRF header")
                .remedy("copy the CSRF cookie's value into the header the framework reads (X-XSRF-TOKEN for Laravel and Angular, X-CSRFToken for Django) on every unsafe request; or call the API with a token instead of a session")
                .only_specific_remedies(),
            ctx,
        ));
    }
    // A CSRF check that names the Referer or Origin ("invalid csrf referer or origin")
    // refused where the request came from, not its token.
    // (in the same short reason: Django's CSRF page explains the Referer header in its help
    // text whatever the reason it gives)
    let names_origin = ctx.normalized().iter().any(|n| {
        (words::has(n, "csrf") || words::has(n, "xsrf"))
            && n.split_whitespace().count() <= 12
            && ["referer", "referrer", "origin"]
                .iter()
                .any(|w| words::has(n, w))
    });
    if names_origin && ctx.status() == StatusCode::FORBIDDEN {
        return Some(with_server_said(
            Diagnosis::new(Cause::OriginRestricted)
                .summary("the server's cross-site request forgery (CSRF) protection refused where the request came from: its Origin or Referer is not one the server trusts")
                .evidence("the server's error speaks of CSRF and names the Referer or Origin")
                .remedy("send the request from an origin the server trusts (or add this origin to its trusted origins, such as Django's CSRF_TRUSTED_ORIGINS), with a Referer on HTTPS; or call the API with a token instead of a session cookie")
                .only_specific_remedies(),
            ctx,
        ));
    }
    // Words that judge the CSRF token itself, in the same short reason: missing ("CSRF token
    // missing"), or refused ("Invalid CSRF token", "CSRF token mismatch"): the token is the
    // credential the check reads.
    // (a sign-in's own CSRF token is the form's flow, not the credential it sends: left to
    // the general reading)
    let sign_in = crate::observe::gate::signs_in(ctx.credentials);
    let judged = |verdicts: &[&str]| {
        !sign_in
            && ctx.normalized().iter().any(|n| {
                (words::has(n, "csrf") || words::has(n, "xsrf"))
                    && words::has(n, "token")
                    && n.split_whitespace().count() <= 8
                    && verdicts.iter().any(|w| words::has(n, w))
            })
    };
    // (a token called invalid to a request that shows none was none at all)
    if judged(&["missing", "not found", "not provided", "no"])
        || (judged(&["invalid", "mismatch", "does not match", "wrong", "bad"])
            && !ctx.credentials.iter().any(|c| match &c.location {
                Location::Header(h) => crate::credential::is_csrf_name(h.as_str()),
                Location::Body(_) | Location::Query(_) => true,
                _ => false,
            }))
    {
        return Some(with_server_said(
            Diagnosis::new(Cause::MissingCredentials)
                .summary("the server's CSRF protection found no CSRF token in the request: an unsafe request must carry the token the server issued")
                .evidence("the server's error says the CSRF token is missing")
                .remedy("fetch the CSRF token the server issues (a cookie, a meta tag or an API call) and send it with every unsafe request, in the field or header the framework reads; or call the API with a token instead of a session")
                .only_specific_remedies(),
            ctx,
        ));
    }
    // (a CSRF token the request shows: a field or header named for it, or the body's bare
    // `token` field beside words of CSRF, as MediaWiki's `action=edit&token=…`)
    let csrf_sent = ctx.credentials.iter().any(|c| match &c.location {
        Location::Header(h) => crate::credential::is_csrf_name(h.as_str()),
        Location::Body(n) | Location::Query(n) => {
            crate::credential::is_csrf_name(n)
                || n.eq_ignore_ascii_case("token")
                || n.eq_ignore_ascii_case("_token")
                || n.eq_ignore_ascii_case("authenticity_token")
        }
        _ => false,
    });
    if csrf_sent
        && judged(&[
            "invalid",
            "mismatch",
            "does not match",
            "wrong",
            "bad",
            "expired",
        ])
    {
        return Some(with_server_said(
            Diagnosis::new(Cause::InvalidCredentials)
                .summary("the server's CSRF protection refused the CSRF token the request carried: it belongs to another session, or the session it was issued for has ended")
                .evidence("the server's error calls the CSRF token invalid")
                .remedy("fetch a fresh CSRF token in the same session (with the same cookies) just before the request, and send both together")
                .only_specific_remedies(),
            ctx,
        ));
    }
    let cause = if ctx.status() == StatusCode::UNAUTHORIZED {
        Cause::UnknownUnauthorized
    } else {
        Cause::UnknownForbidden
    };
    Some(with_server_said(
        Diagnosis::new(cause)
            .summary("the server's cross-site request forgery (CSRF) protection refused the request: the CSRF token is missing or does not match its cookie, or the Referer/Origin is not trusted")
            .evidence("the server's error speaks of CSRF")
            .remedy("send the CSRF token the server issued (for example Django's csrftoken cookie echoed in an X-CSRFToken header) with every unsafe request, and the Referer on HTTPS; or call the API with a token instead of a session cookie")
            .only_specific_remedies(),
        ctx,
    ))
}

/// A sign-in (a password in the request's body) answered with an error keyed by the identifier
/// it signed in with (Laravel's `{"errors": {"email": ["…"]}}`, in any language): the sign-in
/// was refused, unless the words name another reason.
pub(super) fn refused_sign_in(ctx: &Context<'_>) -> Option<Diagnosis> {
    use crate::observe::gate::{errors_keyed_by_identifier, signs_in};
    if !matches!(ctx.status().as_u16(), 401 | 403) {
        return None;
    }
    let keyed = ctx
        .evidence
        .body
        .json
        .as_ref()
        .is_some_and(errors_keyed_by_identifier);
    // A sign-in (a password in the body, or Basic to a sign-in path) told its account does
    // not exist: an unknown user, whatever status carries it.
    if crate::observe::gate::is_sign_in(ctx.credentials, ctx.url)
        && ctx.normalized().iter().any(|n| {
            ["does not exist", "not found", "no such", "unknown"]
                .iter()
                .any(|w| words::has(n, w))
                && ["account", "user", "email", "username"]
                    .iter()
                    .any(|w| words::has(n, w))
        })
    {
        return Some(with_server_said(
            Diagnosis::new(Cause::InvalidCredentials)
                .summary("the sign-in was refused: the server knows no account by the identifier sent")
                .evidence("a sign-in answered with words that its account or user does not exist")
                .remedy("check the user name or email address (and that the account exists on this server)")
                .only_specific_remedies(),
            ctx,
        ));
    }
    let password_sent = signs_in(ctx.credentials);
    // A keyed envelope (a 2xx) that reports a bare failure to a sign-in.
    let envelope = matches!(
        ctx.evidence.gated,
        Some((_, crate::observe::gate::Gate::KeyedEnvelope, _))
    ) && crate::observe::gate::reports_failure(
        ctx.evidence.body.json.as_ref(),
        &ctx.evidence.body.messages,
    );
    if !(keyed || envelope) || !password_sent || ctx.classify(true).is_some() {
        return None;
    }
    if envelope && !keyed {
        return Some(with_server_said(
            Diagnosis::new(Cause::InvalidCredentials)
                .summary("the sign-in was answered with a bare failure: the server did not accept the user name and password")
                .evidence("a sign-in request (a password in the body) answered with a short report of failure and no reason")
                .remedy("check the user name and password (and that the account may sign in here)")
                .only_specific_remedies(),
            ctx,
        ));
    }
    Some(with_server_said(
        Diagnosis::new(Cause::InvalidCredentials)
            .summary("the sign-in was refused: the server answered the identifier and password sent with an error on the identifier (a wrong password, or an unknown user)")
            .evidence("a sign-in request (a password in the body) answered with an error keyed by its identifier field"),
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

/// An `Authorization` value built with more than one space (or a tab) after its scheme, and a
/// server that answers as if it saw no credential: a 401 that only asks for authentication
/// ("Please log in"), or says nothing of its own, or a 400 with a stock body. RFC 9110 §11.4
/// allows `1*SP`, but many servers split the value on one space and find no token, so the
/// request shows the likelier fault. Medium: the key itself may be refused as well. A server
/// that judges the credential (expired, invalid, …) read it, and its reason stands. As with
/// [`repaired_and_refused`], a value pre-flight repaired still names the code to fix first.
pub(super) fn spaced_scheme(ctx: &Context<'_>) -> Option<Diagnosis> {
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
fn server_names_header(ctx: &Context<'_>, name: &str) -> bool {
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
pub(super) fn scheme_case(ctx: &Context<'_>) -> Option<Diagnosis> {
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
pub(super) fn scheme_asked_in_words(ctx: &Context<'_>) -> Option<Diagnosis> {
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
        // (normalizing splits "OAuth" as it splits camel case)
        ("o auth", "OAuth"),
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
    ];
    if !matches!(ctx.status().as_u16(), 401 | 403)
        || ctx.evidence.challenges.iter().any(|c| !c.proxy)
    {
        return None;
    }
    let sent = ctx.credential_in("authorization")?.scheme.as_deref()?;
    let sent_n = sent.to_ascii_lowercase().replace(['-', '_'], " ");
    let others: Vec<&str> = SCHEMES
        .iter()
        .map(|(n, _)| *n)
        .filter(|n| *n != sent_n && !matches!(*n, "oauth" | "o auth" | "token"))
        .collect();
    // Scheme names that are also ordinary words ("OAuth token required" asks for a token of
    // OAuth 2.0, sent as Bearer): asked for only as the header's first word ("Header must start
    // with \"OAuth \"", Net::OAuth's).
    const AS_PREFIX: &[&str] = &["must start with", "must begin with", "should start with"];
    let others_as_prefix: Vec<&str> = ["oauth", "o auth", "token"]
        .into_iter()
        .filter(|n| *n != sent_n && !(sent_n == "oauth" && *n == "o auth"))
        .collect();
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

/// Whether a challenge's scheme names an address rule rather than a credential: its words
/// (split on `-`, `_`, `.`) hold `ip` beside an allow-list word (`ip-whitelist`,
/// `IP_Allowlist`), or it is one such word (`ipwhitelist`).
fn scheme_is_an_address_rule(scheme: &str) -> bool {
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

/// 401 with no credential in the request.
pub(super) fn no_credential(ctx: &Context<'_>) -> Option<Diagnosis> {
    if ctx.status() != StatusCode::UNAUTHORIZED || ctx.has_credentials() {
        return None;
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
        // (nor one that says the endpoint is rate limited: "This is rate-limited upstream")
        .is_some_and(|s| {
            matches!(
                s.cause,
                Cause::IpRestricted | Cause::OriginRestricted | Cause::RateLimited
            )
        })
    {
        return None;
    }
    // A SOAP fault (a 500 read for its words): a SOAP request carries its session or key in
    // its envelope's header, which this middleware does not read; the fault's words speak.
    if ctx
        .evidence
        .gated
        .as_ref()
        .is_some_and(|(wire, _, _)| wire.as_u16() == 500)
    {
        return None;
    }
    // Only proxy credentials went out: a proxy that answers 401 instead of 407 (or passes
    // the request on without them) is the likelier source of this rejection.
    let proxy_sent = ctx.credential_in("proxy-authorization").is_some();
    if proxy_sent || proxy_var_with_userinfo().is_some() {
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
    let held = accepted.iter().any(|a| {
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

/// RFC 7616 §3.3: a Digest challenge with `stale=true` says the nonce expired while the
/// credentials were right: retry with the new nonce.
pub(super) fn digest_stale(ctx: &Context<'_>) -> Option<Diagnosis> {
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
pub(super) fn digest_refused(ctx: &Context<'_>) -> Option<Diagnosis> {
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

// ---- the status alone -----------------------------------------------------------------------

/// Nothing more specific: the status. A 401 for a request that carried a credential means,
/// by RFC 9110 §15.5.2, that the server refused that credential.
/// A JWT under a scheme of its own (`Token eyJ…`), to a server that sent no challenge: JWTs
/// travel as `Bearer` (RFC 6750).
fn jwt_under_other_scheme(ctx: &Context<'_>) -> bool {
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
pub(super) fn jwt_scheme_generic_refusal(ctx: &Context<'_>) -> Option<Diagnosis> {
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

pub(super) fn status_only(ctx: &Context<'_>) -> Option<Diagnosis> {
    // A request whose only credential is its signature (HTTP Signatures' `Signature:
    // keyId=…`, an HMAC header): a refusal without reasons is that signature not verifying.
    let signature_only = ctx.request_is_signed()
        && ctx.origin_credentials().next().is_some()
        && ctx.origin_credentials().all(|c| match &c.location {
            Location::Header(h) => h.as_str().contains("signature"),
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
        _ => Diagnosis::new(Cause::UnknownForbidden).low(),
    };
    Some(with_server_said(d, ctx))
}
