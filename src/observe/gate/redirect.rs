//! Redirects that speak of signing in: a sign-in page, a denied page, a sign-in's error page.

use url::Url;

use super::same_site;

/// Path words of a sign-in page.
const LOGIN_WORDS: &[&str] = &[
    "login",
    "log-in",
    "log_in",
    "logon",
    "signin",
    "sign-in",
    "sign_in",
    "sso",
    "saml",
    "authorize",
    "oauth",
    "auth",
    "adfs",
    "idp",
    "openid",
];

/// Whether a URL's path is at a sign-in page (a segment such as `login`, `signin`, `sso`,
/// `auth`, or a verb before one: `require_login`, `toLogin`).
pub(crate) fn at_login(u: &Url) -> bool {
    u.path_segments().is_some_and(|mut segs| {
        segs.any(|s| {
            // (a view's marker before its name: MoinMoin's `/+login`)
            let s = s.trim_start_matches(['+', '~', '!', '@', '_']);
            let lower = s.to_ascii_lowercase();
            LOGIN_WORDS
                .iter()
                .any(|w| lower == *w || lower.starts_with(w))
                // a verb before it (Zope's `require_login`), or in camel case
                // (XXL-JOB's `toLogin`, `doLogin`)
                || lower
                    .split(['_', '-', '.'])
                    .skip(1)
                    .any(|w| matches!(w, "login" | "logon" | "signin"))
                || camel_words(s).any(|w| {
                    ["login", "logon", "signin"]
                        .iter()
                        .any(|l| w.eq_ignore_ascii_case(l))
                })
        })
    })
}

/// A sign-in's own step (a magic link's or a single sign-on's callback, `/auth/…/callback`)
/// that carried its credential in the query, sent on to another sign-in page of the same host
/// (`/login?magic=failed`): the step refused what it was given.
pub(super) fn callback_sent_to_login(request_url: &str, to: &Url) -> bool {
    let Ok(sent) = Url::parse(request_url) else {
        return false;
    };
    // (an authorization request answered with its token, `#access_token=…`, or sent on in
    // the flow is no refusal)
    let flow = |u: &Url| {
        u.query_pairs()
            .take(32)
            .any(|(k, _)| matches!(k.as_ref(), "response_type" | "client_id" | "redirect_uri"))
    };
    at_login(&sent)
        && at_login(to)
        && sent.host_str() == to.host_str()
        && sent.path() != to.path()
        && !flow(&sent)
        && !flow(to)
        && to.fragment().is_none()
}

/// Whether the response came from a sign-in page on another host than the request went to.
pub(super) fn login_redirect(request_url: &str, final_url: &Url) -> bool {
    let Ok(sent) = Url::parse(request_url) else {
        return false;
    };
    // A sign-in the request itself started (`POST /login/github/`) sent on to an identity
    // provider's authorization endpoint (RFC 6749 §4.1.1: `response_type`, or `client_id`
    // with `redirect_uri`): the flow going as it should.
    let authorize = final_url
        .query_pairs()
        .take(32)
        .fold((false, false, false), |acc, (k, _)| {
            (
                acc.0 || k == "response_type",
                acc.1 || k == "client_id",
                acc.2 || k == "redirect_uri",
            )
        });
    if at_login(&sent) && (authorize.0 || (authorize.1 && authorize.2)) {
        return false;
    }
    // On the same host, the application's own sign-in page, for a request that did not ask
    // for one.
    (at_login(final_url) && (sent.host_str() != final_url.host_str() || !at_login(&sent)))
        || returns_here(&sent, final_url)
}

/// Whether a redirect's query asks to come back to the very path requested
/// (`/?ReturnUrl=%2Fapi%2Fcatalog%2F…`, `?next=/api/…`, `?returnTo=https://…/api/…`): the
/// sign-in round trip of a cookie scheme (ASP.NET's `ReturnUrl`, Django's `next`), whatever
/// the sign-in page is called.
fn returns_here(sent: &Url, to: &Url) -> bool {
    let path = sent.path();
    if path.len() < 2 || to.path() == path {
        return false;
    }
    to.query_pairs().take(16).any(|(_, v)| {
        let back = v.split(['?', '#']).next().unwrap_or("");
        let back = match back.find("://") {
            // an absolute URL: its path
            Some(i) => back[i + 3..].find('/').map_or("", |j| &back[i + 3 + j..]),
            None => back,
        };
        back == path
    })
}

/// The words of a path segment in camel case after its first (`toLogin` → `Login`).
fn camel_words(s: &str) -> impl Iterator<Item = &str> {
    let b = s.as_bytes();
    let starts: Vec<usize> = (1..b.len())
        .filter(|&i| b[i].is_ascii_uppercase() && b[i - 1].is_ascii_lowercase())
        .collect();
    let ends: Vec<usize> = starts.iter().skip(1).copied().chain([b.len()]).collect();
    starts.into_iter().zip(ends).map(move |(a, z)| &s[a..z])
}

/// Whether a redirect goes, on the request's own host, to an access-denied page: a last path
/// segment such as ASP.NET Core's `AccessDenied`, Spring's `access-denied`, `forbidden`,
/// `unauthorized` or `403`. `Some(true)` when the segment speaks only of a denial
/// (`denied`, `forbidden`, `403`, …), `Some(false)` when it may also mean "not signed in"
/// (`unauthorized`).
pub(super) fn access_denied_page(request_url: &str, to: &Url) -> Option<bool> {
    let from = Url::parse(request_url).ok()?;
    // (or another host of its site: a gateway's `sso.example-corp.com/denied`)
    if !(from.host_str() == to.host_str() || same_site(&from, to)) {
        return None;
    }
    let last = to.path_segments()?.next_back()?;
    let folded: String = last
        .chars()
        .filter(|c| !matches!(c, '-' | '_' | '.'))
        .collect::<String>()
        .to_ascii_lowercase();
    let folded = folded.trim_end_matches("html").trim_end_matches("aspx");
    match folded {
        "accessdenied" | "denied" | "forbidden" | "403" | "nopermission" | "permissiondenied" => {
            Some(true)
        }
        "unauthorized" | "unauthorised" | "notauthorized" => Some(false),
        _ => None,
    }
}

/// Query keys by which a sign-in form's redirect reports a failure (`/login?error`,
/// `?login_error=1`, `?error=CredentialsSignin`).
const SIGN_IN_ERROR_KEYS: &[&str] = &[
    "error",
    "errors",
    "err",
    "login_error",
    "loginerror",
    "login_failed",
    "loginfailed",
    "auth_error",
    "autherror",
    "authfailed",
    "auth_failed",
    "failed",
    "failure",
    "fail",
];

/// Path segments of a sign-in form's failure page (`/user/error`, `/login-failed`).
const SIGN_IN_ERROR_SEGMENTS: &[&str] = &[
    "error",
    "failure",
    "failed",
    "login-error",
    "login_error",
    "loginerror",
    "login-failed",
    "login_failed",
    "loginfailed",
    "autherror",
    "auth-error",
    "denied",
    "access-denied",
    // (MicroBin's `/auth_admin/incorrect`)
    "incorrect",
];

/// Whether a redirect from `request_url` to `to` is how a form login reports a refusal: on the
/// same host, to a page whose query or last path segment names an error, to the very path
/// the form was posted to, or up to the sign-in page the posted step is under (a success goes
/// on to the application).
pub(super) fn refused_sign_in_target(request_url: &str, to: &Url) -> bool {
    let Ok(from) = Url::parse(request_url) else {
        return false;
    };
    if from.host_str() != to.host_str() {
        return false;
    }
    let back_to_form = from.path() == to.path() && from.path().len() > 1;
    // (or to the sign-in page the posted step belongs to: `POST /login/password` sent back
    // to `/login`)
    let up_to_form = at_login(&from) && at_login(to) && {
        let (f, t) = (from.path(), to.path().trim_end_matches('/'));
        t.len() > 1 && f.len() > t.len() && f.starts_with(t) && f.as_bytes()[t.len()] == b'/'
    };
    reports_sign_in_error(to) || back_to_form || up_to_form
}

/// Whether a page's URL reports a failed sign-in: a query key ([`SIGN_IN_ERROR_KEYS`]:
/// `/login?error`) or a last path segment ([`sign_in_error_page`]).
fn reports_sign_in_error(to: &Url) -> bool {
    to.query_pairs()
        .take(16)
        .any(|(k, _)| SIGN_IN_ERROR_KEYS.iter().any(|e| k.eq_ignore_ascii_case(e)))
        || sign_in_error_page(to)
}

/// Whether a page's last path segment reports a failed sign-in ([`SIGN_IN_ERROR_SEGMENTS`]:
/// `/auth_admin/incorrect`, `/login-failed`). (An empty `error=` in a sign-in URL is often a
/// gateway's template, not a report.)
pub(crate) fn sign_in_error_page(to: &Url) -> bool {
    to.path_segments()
        .and_then(|mut s| s.next_back())
        .is_some_and(|last| {
            SIGN_IN_ERROR_SEGMENTS
                .iter()
                .any(|e| last.eq_ignore_ascii_case(e))
        })
}
