//! Sign-ins and sessions: redirects to a sign-in page, a sign-in form answered again, the
//! session's end, and cross-site request forgery protection.

use http::StatusCode;
use http::header::AUTHORIZATION;

use crate::credential::Location;
use crate::explanation::Cause;

use super::super::words;
use super::super::{Context, Diagnosis, with_server_said};
use super::host_or_site;

/// A redirect that ended on another host's sign-in page (an SSO gateway): the gateway did not
/// accept this request's credentials and asks for an interactive login.
pub(in crate::diagnose) fn login_redirect(ctx: &Context<'_>) -> Option<Diagnosis> {
    use crate::observe::gate::Gate;
    let (_, gate, _) = ctx.evidence.gated.as_ref()?;
    match gate {
        Gate::SignInRefused => return sign_in_sent_back(ctx),
        Gate::SignInForm => return sign_in_form_again(ctx),
        Gate::LoginTimeout => return login_timeout(ctx),
        Gate::HeadersTooLarge => return super::oversized::oversized_credential(ctx),
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
        } else if ctx.credential_present() && one_time_artifact(ctx) {
            // A sign-in's one-time artifact (a CAS service ticket, an OAuth code, a magic
            // link's token) sent back to sign in: the exchange of it for a session was
            // refused. A pre-flight finding on it (a link's JWT past its `exp`) says why.
            if crate::preflight::strongest_cause(ctx.findings).is_some_and(|(c, _)| {
                matches!(
                    c,
                    Cause::PlaceholderCredentials
                        | Cause::MalformedCredentials
                        | Cause::MissingCredentials
                )
            }) || (ctx.jwt().is_some_and(|c| c.exp.is_some()) && ctx.jwt_expired_when_judged())
            {
                return None;
            }
            // (which of those the redirect does not say: an honest unknown)
            Diagnosis::new(Cause::UnknownUnauthorized)
                .summary("the request carried a one-time sign-in ticket or code and was sent back to sign in: the application could not exchange it for a session (used already, expired, or issued for another service)")
                .remedy("start the sign-in again from the application: a ticket or code is valid once, for a short time, and only for the service it was issued to")
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
            && crate::preflight::strongest_cause(ctx.findings)
                .is_some_and(|(c, _)| c == Cause::PlaceholderCredentials)
        {
            // A placeholder sent (`Bearer ${API_TOKEN}`): whatever the route takes, no real
            // credential went, and the finding says which (row 3).
            return None;
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

/// Whether the request's only credentials are a sign-in's one-time artifacts in its query: a
/// CAS service ticket (`ticket`), a SAML artifact (`SAMLart`), an OAuth authorization code
/// beside its `state` (RFC 6749 §4.1.2), or any credential in the query of a sign-in step
/// itself (a magic link's `/auth/…/callback?token=…`).
fn one_time_artifact(ctx: &Context<'_>) -> bool {
    let state = ctx.url.query_pairs().take(32).any(|(k, _)| k == "state");
    let step = crate::observe::gate::at_login(ctx.url);
    ctx.origin_credentials().all(|c| match &c.location {
        Location::Query(n) => {
            step || n.eq_ignore_ascii_case("ticket")
                || n.eq_ignore_ascii_case("samlart")
                || (n == "code" && state)
        }
        _ => false,
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
    let shown = crate::redact::redact_url(&target, ctx.sensitive_params);
    // Words of its CSRF protection (Django's `?csrf_failure=CSRF cookie not set.`): the form's
    // token did not come with the sign-in, and its password was never checked.
    if said.iter().any(|n| speaks_of_csrf(n)) {
        return Some(
            Diagnosis::new(Cause::MissingCredentials)
                .summary(format!(
                    "the sign-in was redirected to {shown}, whose words say its CSRF protection refused it: the password was never checked"
                ))
                .evidence("the redirect's query speaks of CSRF")
                .remedy("fetch the sign-in form first and post its CSRF token (its hidden field and the cookie set with it) with the user name and password; or use the API's token sign-in")
                .only_specific_remedies(),
        );
    }
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
    // (a form may hold a decoy password field beside its own, Horizon's `fake_password`
    // against browsers' autofill: a field the request sent among them reached the form)
    let fields = &ctx.evidence.form_password_fields;
    if let Some(field) = fields.last() {
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
        if !sent.is_empty()
            && !sent
                .iter()
                .any(|n| fields.iter().any(|f| n.eq_ignore_ascii_case(f)))
        {
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
    // (a state said without its subject, "Registration needs verification", is the account's
    // on a sign-in form all the same)
    let is_state = |s: &words::Said| {
        matches!(
            s.cause,
            Cause::AccountSuspended
                | Cause::RateLimited
                | Cause::ExpiredCredentials
                | Cause::OrganizationPolicy
                | Cause::IpRestricted
        )
    };
    let state = ctx
        .classify(true)
        .filter(is_state)
        .or_else(|| ctx.classify(false).filter(is_state));
    // The form answered again for another field's error ("not a valid number" beside a PIN):
    // what it refused is that field's value, and no word of it is of the sign-in.
    let validation = |m: &String| {
        [
            "not a valid",
            "enter a valid",
            "must be a",
            "must be an",
            "this field is required",
        ]
        .iter()
        .any(|w| words::has(m, w))
    };
    let other_field = state.is_none()
        && ctx.normalized().iter().any(validation)
        && ctx.normalized().iter().all(|m| {
            ![
                "password",
                "passwort",
                "credential",
                "credentials",
                "login",
                "log in",
                "sign in",
                "user",
                "username",
                "account",
                "email",
                "e mail",
                "incorrect",
                "invalid",
                "wrong",
                "failed",
                "denied",
                "unauthorized",
                "not recognized",
                "does not match",
            ]
            .iter()
            .any(|w| words::has(m, w))
        });
    if other_field {
        return None;
    }
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
pub(in crate::diagnose) fn redirect(ctx: &Context<'_>) -> Option<Diagnosis> {
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

/// A refusal by cross-site request forgery protection ("CSRF verification failed", "CSRF
/// cookie not set"): the session is not what failed, and no credential fixes it. The token
/// that protects a session-authenticated write is missing or does not match its cookie.
/// Whether a normalized message speaks of cross-site request forgery protection: CSRF, XSRF,
/// or the forgery itself (Ring's and ASP.NET's "anti-forgery token").
fn speaks_of_csrf(n: &str) -> bool {
    words::has(n, "csrf") || words::has(n, "xsrf") || words::has(n, "forgery")
}

pub(in crate::diagnose) fn csrf(ctx: &Context<'_>) -> Option<Diagnosis> {
    if !matches!(ctx.status().as_u16(), 401 | 403) {
        return None;
    }
    let said = ctx.normalized().iter().any(|n| speaks_of_csrf(n));
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
        speaks_of_csrf(n)
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
                speaks_of_csrf(n)
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
    // A token the server calls expired (a CSRF token with a lifetime, csrf-kit's and
    // Flask-WTF's "The CSRF token has expired."): a fresh one from a reloaded page passes.
    if csrf_sent && judged(&["expired", "has expired", "is expired"]) {
        return Some(with_server_said(
            Diagnosis::new(Cause::ExpiredCredentials)
                .summary("the server's CSRF protection refused the CSRF token the request carried as expired: the page or session that issued it is older than the token's lifetime")
                .evidence("the server's error says the CSRF token has expired")
                .remedy("fetch a fresh CSRF token (reload the form, or call the endpoint that issues it) right before the unsafe request")
                .only_specific_remedies(),
            ctx,
        ));
    }
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
pub(in crate::diagnose) fn refused_sign_in(ctx: &Context<'_>) -> Option<Diagnosis> {
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
    // (a failure the server blames on itself, "internal error: … while executing", is no
    // refusal of the password)
    if !(keyed || envelope)
        || !password_sent
        || ctx.classify(true).is_some()
        || !ctx.normalized().iter().all(|n| words::decides(n))
    {
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

/// A request that is an OAuth authorization response carrying the authorization server's
/// error (RFC 6749 §4.1.2.1: `?error=access_denied&state=…` at the client's redirect URI),
/// answered with a refusal: no credential was issued, because the user or the authorization
/// server declined, and the callback relays that. Not a credential missing from the request.
pub(in crate::diagnose) fn callback_refused(ctx: &Context<'_>) -> Option<Diagnosis> {
    let code = crate::observe::gate::relayed_authorization_error(ctx.url.as_str())?;
    // (read for a 401, the status such a callback answers with)
    let unknown = Cause::UnknownUnauthorized;
    let (cause, summary) = match code {
        "access_denied" => (
            unknown,
            "the authorization was declined (by the user or the authorization server) before any credential was issued: this request is the callback that relays it",
        ),
        "invalid_scope" => (
            Cause::InsufficientScope,
            "the authorization server refused the scope the application asked for: this request is the callback that relays it",
        ),
        "unauthorized_client"
        | "unsupported_response_type"
        | "invalid_request"
        | "server_error"
        | "temporarily_unavailable" => (
            unknown,
            "the authorization server refused the authorization request: this request is the callback that relays its error",
        ),
        // OpenID Connect Core §3.1.2.6: a request without interaction (`prompt=none`) that
        // needs the user to sign in or consent
        "login_required" | "consent_required" | "interaction_required" => (
            unknown,
            "the authorization server needs the user to sign in or consent interactively, which the authorization request did not allow: this request is the callback that relays it",
        ),
        _ => return None,
    };
    Some(
        Diagnosis::new(cause)
            .summary(summary)
            .evidence(format!(
                "the request is an OAuth authorization response carrying error={code} (RFC 6749 §4.1.2.1)"
            ))
            .remedy("start the authorization again and approve the access it asks for; if the error persists, check the client's registration (redirect URI, allowed scopes) at the authorization server"),
    )
}
