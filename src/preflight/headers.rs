//! The walk over a request's headers: which header carries what, and the repairs and
//! validations run on each credential header value.

use std::borrow::Cow;
use std::time::UNIX_EPOCH;

use http::header::{AUTHORIZATION, COOKIE, PROXY_AUTHORIZATION};
use http::{HeaderName, HeaderValue};
use reqwest::Request;

use super::memo::{clean_until, expiry_until};
use super::repair::{AUTH_REPAIRS, KEY_REPAIRS, quoted_whole, repair};
use super::validate::{Subject, validate};
use super::{Ctx, Finding, Preflight};
use crate::credential::{self, KEY_HEADERS, Location, Names};

/// What a header carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Role {
    /// `Authorization` or `Proxy-Authorization`: `scheme credentials`.
    Auth,
    /// A key header (`x-api-key`, configured names): the value is the credential.
    Key,
    /// `Cookie`: marked sensitive, contents not judged.
    Cookie,
    /// A query parameter (decoded value).
    Query,
    /// URL user info.
    Userinfo,
}

pub(super) fn header_role(name: &HeaderName, names: &Names) -> Option<Role> {
    if *name == AUTHORIZATION || *name == PROXY_AUTHORIZATION {
        Some(Role::Auth)
    } else if *name == COOKIE {
        Some(Role::Cookie)
    } else if KEY_HEADERS.contains(&name.as_str()) || names.headers.contains(name) {
        Some(Role::Key)
    } else {
        None
    }
}

pub(super) fn check_headers(req: &mut Request, ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let now = ctx
        .now
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    for (name, value) in req.headers_mut().iter_mut() {
        let Some(role) = header_role(name, ctx.names) else {
            // A header named with credential words (`ok-access-sign`) is marked sensitive but
            // never judged or repaired: a signature must reach the server as it was computed.
            if credential::is_word_header(name) {
                value.set_sensitive(true);
                // A value in quotes (pasted from a `.env` file) is pointed out, not repaired;
                // a signature's quotes are the signer's business.
                if value
                    .as_bytes()
                    .first()
                    .is_some_and(|b| matches!(b, b'"' | b'\''))
                    && !credential::names_a_signature(name.as_str())
                {
                    if let Some(message) = quoted_whole(value.as_bytes()) {
                        out.push(Finding {
                            code: "quoted_token",
                            severity: super::Severity::Error,
                            location: Location::Header(name.clone()),
                            message: format!(
                                "{message} (not repaired in a header this crate does not know)"
                            ),
                        });
                    }
                }
                // An empty one (`x-auth-key: `, a variable that held nothing): no credential
                // went where the request meant one.
                if credential::trim_ascii(value.as_bytes()).is_empty() {
                    out.push(Finding {
                        code: "empty_credential",
                        severity: super::Severity::Error,
                        location: Location::Header(name.clone()),
                        message: format!("the {name} header is empty"),
                    });
                }
                // (`X-Webhook-Token: ${WEBHOOK_TOKEN}`: a variable never expanded)
                if let Some(why) = super::placeholder::placeholder_in_word_header(value.as_bytes())
                {
                    out.push(Finding {
                        code: "placeholder",
                        severity: super::Severity::Error,
                        location: Location::Header(name.clone()),
                        message: format!(
                            "the {name} header is {why}; the variable or secret that should hold it was likely never loaded"
                        ),
                    });
                }
            }
            continue;
        };
        value.set_sensitive(true);
        if role == Role::Cookie {
            cookie_placeholders(value.as_bytes(), out);
            continue;
        }
        let remembered = ctx.clean.map(|c| (c, c.key(name, value.as_bytes())));
        if let Some((clean, key)) = remembered {
            if let Some(until) = clean.clean_until(key, now) {
                ctx.holds_until(until);
                continue;
            }
        }
        let before = out.len();
        let repaired = check_header_value(name, value.as_bytes(), role, ctx, out);
        if let (Some((clean, key)), None) = (remembered, &repaired) {
            let subject = Subject::new(role, name.as_str(), value.as_bytes());
            if out.len() == before {
                clean.insert(key, clean_until(&subject, ctx));
            } else if out[before..].iter().all(|f| f.code == "jwt_expires_soon") {
                // Warned once: remembered until its expiry, the token is not warned of again.
                clean.insert(key, expiry_until(&subject, ctx));
            }
        }
        if let (Some(bytes), Preflight::Repair) = (repaired, ctx.mode) {
            if let Ok(mut v) = HeaderValue::from_bytes(&bytes) {
                v.set_sensitive(true);
                *value = v;
            }
        }
    }
}

/// `placeholder` for one cookie of a `Cookie` header: a value that is an unexpanded variable
/// (`token=${PCSD_TOKEN}`) or template text (`session=<session id>`) in any cookie, and a
/// null literal, a variable's name or filler in a cookie named with a credential word
/// (`token=undefined`, what a script writes when the variable was never set). Cookies are
/// otherwise never judged nor repaired: their values are the server's own.
fn cookie_placeholders(header: &[u8], out: &mut Vec<Finding>) {
    for pair in header.split(|b| *b == b';') {
        let pair = pair.trim_ascii();
        let Some(eq) = pair.iter().position(|b| *b == b'=') else {
            continue;
        };
        let (name, value) = (pair[..eq].trim_ascii(), pair[eq + 1..].trim_ascii());
        let Some(why) = super::placeholder::placeholder_in_cookie(name, value) else {
            continue;
        };
        let name = String::from_utf8_lossy(name).into_owned();
        out.push(Finding {
            code: "placeholder",
            severity: super::Severity::Error,
            message: format!(
                "the cookie {name} is {why}; the variable or secret that should hold it was likely never loaded"
            ),
            location: Location::Cookie(name),
        });
    }
}

/// Runs the repairs and validations on one header value. Returns the repaired value when it
/// differs from `raw`.
fn check_header_value(
    name: &HeaderName,
    raw: &[u8],
    role: Role,
    ctx: &Ctx<'_>,
    out: &mut Vec<Finding>,
) -> Option<Vec<u8>> {
    let table = if role == Role::Auth {
        AUTH_REPAIRS
    } else {
        KEY_REPAIRS
    };
    let value = repair(raw, table, ctx, || Location::Header(name.clone()), out);
    let subject = Subject::new(role, name.as_str(), &value);
    validate(&subject, ctx, || Location::Header(name.clone()), out);
    match value {
        Cow::Owned(v) => Some(v),
        Cow::Borrowed(_) => None,
    }
}
