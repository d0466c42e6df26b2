//! The validations: judgements on a credential value as it will be sent.

use std::time::{Duration, UNIX_EPOCH};

use super::headers::Role;
use super::placeholder::{placeholder_in_part, placeholder_reason};
use super::repair::{list_some, split_auth, with_basic};
use super::{Ctx, Environment, Finding, Severity};
use crate::credential::{Location, TokenUsage, is_jwt, token_prefix, trim_ascii};
use crate::jwt::{self, PeekError};

/// The value a validation judges: repaired, with scheme and credential split.
pub(super) struct Subject<'a> {
    role: Role,
    /// Header or query parameter name.
    name: &'a str,
    scheme: Option<&'a [u8]>,
    pub(super) token: &'a [u8],
    /// The whole (trimmed) value.
    whole: &'a [u8],
    /// The value as sent, untrimmed.
    raw: &'a [u8],
}

impl<'a> Subject<'a> {
    pub(super) fn new(role: Role, name: &'a str, value: &'a [u8]) -> Self {
        let whole = trim_ascii(value);
        let (scheme, token) = match role {
            Role::Auth => split_auth(whole),
            _ => (None, whole),
        };
        Subject {
            role,
            name,
            scheme,
            token,
            whole,
            raw: value,
        }
    }

    pub(super) fn is_basic(&self) -> bool {
        self.scheme
            .is_some_and(|s| s.eq_ignore_ascii_case(b"basic"))
    }

    /// Where the credential is, in words.
    fn noun(&self) -> String {
        match self.role {
            Role::Auth => format!("the credential in the {} header", header_title(self.name)),
            Role::Key | Role::Cookie => format!("the {} header", self.name),
            Role::Query if self.name.is_empty() => "the query's unnamed value".to_owned(),
            Role::Query => format!("the query parameter {}", self.name),
            Role::Userinfo => "the URL user info".to_owned(),
        }
    }

    /// The header or parameter, in words.
    fn container(&self) -> String {
        match self.role {
            Role::Auth => format!("the {} header", header_title(self.name)),
            _ => self.noun(),
        }
    }
}

pub(super) fn header_title(name: &str) -> &str {
    match name {
        "authorization" => "Authorization",
        "proxy-authorization" => "Proxy-Authorization",
        other => other,
    }
}

/// A judgement on a [`Subject`].
struct Problem {
    code: &'static str,
    severity: Severity,
    message: String,
}

fn problem(code: &'static str, severity: Severity, message: String) -> Option<Problem> {
    Some(Problem {
        code,
        severity,
        message,
    })
}

type Validation = fn(&Subject<'_>, &Ctx<'_>) -> Option<Problem>;

/// Checks of the value as it will be sent, in order.
const VALIDATIONS: &[Validation] = &[
    empty_credential,
    missing_scheme,
    non_ascii_character,
    placeholder,
    quoted_query_value,
    spaced_query_value,
    env_assignment,
    basic_shape,
    jwt_times,
    jwt_truncated,
    token_kind,
];

pub(super) fn validate(
    subject: &Subject<'_>,
    ctx: &Ctx<'_>,
    location: impl Fn() -> Location,
    out: &mut Vec<Finding>,
) {
    if is_jwt(subject.token) {
        ctx.holds_until(super::memo::clean_until(subject, ctx));
    }
    for v in VALIDATIONS {
        if let Some(p) = v(subject, ctx) {
            out.push(Finding {
                code: p.code,
                severity: p.severity,
                location: location(),
                message: p.message,
            });
        }
    }
}

/// `empty_credential`.
fn empty_credential(s: &Subject<'_>, _: &Ctx<'_>) -> Option<Problem> {
    if !s.token.is_empty() || s.role == Role::Userinfo {
        return None;
    }
    let message = match (s.role, s.scheme) {
        (Role::Auth, Some(_)) => format!(
            "{} names a scheme but carries no credential after it",
            s.container()
        ),
        _ => format!("{} is empty", s.container()),
    };
    problem("empty_credential", Severity::Error, message)
}

/// Prefixes of keys their provider documents as a bare `Authorization` value.
/// (Firebase Cloud Messaging's legacy `key=…` included.)
const BARE_AUTHORIZATION_PREFIXES: &[&str] = &["lin_api_", "key="];

/// `missing_scheme`.
fn missing_scheme(s: &Subject<'_>, _: &Ctx<'_>) -> Option<Problem> {
    if s.role != Role::Auth || s.scheme.is_some() || s.token.is_empty() {
        return None;
    }
    let bare_ok = BARE_AUTHORIZATION_PREFIXES
        .iter()
        .any(|p| s.token.starts_with(p.as_bytes()));
    let hint = if s.name == "proxy-authorization"
        || with_basic(s.token, |d| d.contains(&b':')).unwrap_or(false)
    {
        "Basic <credentials>"
    } else {
        "Bearer <token>"
    };
    problem(
        "missing_scheme",
        if bare_ok {
            Severity::Warning
        } else {
            Severity::Error
        },
        format!(
            "{} has no scheme before the credential; did you mean \"{hint}\"?",
            s.container()
        ),
    )
}

/// `non_ascii_character`: visible non-ASCII characters left after the repairs. Tokens are
/// ASCII (RFC 9110 §11.2 token68), so the server will not match the key; which ASCII
/// character was meant is a guess, so nothing is removed.
fn non_ascii_character(s: &Subject<'_>, _: &Ctx<'_>) -> Option<Problem> {
    if matches!(s.role, Role::Query | Role::Userinfo) || s.whole.is_ascii() {
        return None;
    }
    let mut seen = Vec::new();
    let mut pos = 0usize;
    for chunk in s.whole.utf8_chunks() {
        for c in chunk.valid().chars() {
            pos += 1;
            // An ellipsis is judged by `placeholder` (a masked key).
            if !c.is_ascii() && c != '\u{2026}' {
                seen.push(format!("U+{:04X} at position {pos}", c as u32));
            }
        }
        for b in chunk.invalid() {
            pos += 1;
            seen.push(format!("byte 0x{b:02X} (not UTF-8) at position {pos}"));
        }
    }
    if seen.is_empty() {
        return None;
    }
    problem(
        "non_ascii_character",
        Severity::Error,
        format!(
            "{} contains non-ASCII characters, which no token holds: {}",
            s.noun(),
            list_some(&seen)
        ),
    )
}

/// `placeholder`.
fn placeholder(s: &Subject<'_>, _: &Ctx<'_>) -> Option<Problem> {
    let never_loaded = "the variable or secret that should hold the key was likely never loaded";
    if s.is_basic() {
        let (part, why) = with_basic(s.token, |decoded| {
            let colon = decoded.iter().position(|b| *b == b':')?;
            let (user, pass) = (&decoded[..colon], &decoded[colon + 1..]);
            placeholder_in_part(user)
                .map(|w| ("user id", w))
                .or_else(|| placeholder_in_part(pass).map(|w| ("password", w)))
        })??;
        return problem(
            "placeholder",
            Severity::Error,
            format!("the Basic {part} is {why}; {never_loaded}"),
        );
    }
    let why = placeholder_reason(s.token)?;
    problem(
        "placeholder",
        Severity::Error,
        format!("{} is {why}; {never_loaded}", s.noun()),
    )
}

/// `quoted_token` in a query parameter: a value wrapped in quotes (`?password=%22…%22`), which
/// the server reads as part of the key. The quotes came from a `.env` file or a configuration
/// value; the URL is left as it is (a query may mean its quotes), so this is reported, not
/// repaired.
fn quoted_query_value(s: &Subject<'_>, _: &Ctx<'_>) -> Option<Problem> {
    if s.role != Role::Query || !super::repair::is_wrapped_in_quotes(s.token) {
        return None;
    }
    problem(
        "quoted_token",
        Severity::Error,
        format!(
            "{} is wrapped in quotes, which the server reads as part of the credential; remove them where the value is set (a .env file or configuration that keeps its quotes)",
            s.noun()
        ),
    )
}

/// `leading_whitespace`, `trailing_whitespace` of a query credential (`?token=%20abc…`): a
/// space or line break pasted with the value, which the server reads as part of it. Reported,
/// not repaired, as for quotes.
fn spaced_query_value(s: &Subject<'_>, _: &Ctx<'_>) -> Option<Problem> {
    if s.role != Role::Query || s.token.is_empty() {
        return None;
    }
    let space = |b: &u8| matches!(b, b' ' | b'\t' | b'\r' | b'\n');
    let (code, place) = if s.raw.first().is_some_and(space) {
        ("leading_whitespace", "starts")
    } else if s.raw.last().is_some_and(space) {
        ("trailing_whitespace", "ends")
    } else {
        return None;
    };
    problem(
        code,
        Severity::Error,
        format!(
            "{} {place} with whitespace (a space or line break copied with the value), which the server reads as part of the credential; trim it where the value is set",
            s.noun()
        ),
    )
}

/// `env_assignment`: `API_KEY=abc…`, a `.env` line pasted whole.
fn env_assignment(s: &Subject<'_>, _: &Ctx<'_>) -> Option<Problem> {
    if s.is_basic() || !super::placeholder::is_env_assignment(s.token) {
        return None;
    }
    problem(
        "env_assignment",
        Severity::Error,
        format!(
            "{} starts with a variable's name and `=` (a line of a .env file or an export pasted whole); send only the value after `=`",
            s.noun()
        ),
    )
}

/// `basic_not_base64`, `basic_no_colon`, `basic_empty_user`, `basic_control_character`,
/// `bearer_token_as_basic` (RFC 7617 §2).
fn basic_shape(s: &Subject<'_>, _: &Ctx<'_>) -> Option<Problem> {
    if !s.is_basic() || s.token.is_empty() {
        return None;
    }
    // What the decoded value looks like: a `:` position (if any), and control characters.
    let decoded = with_basic(s.token, |d| {
        (
            d.iter().position(|b| *b == b':'),
            d.iter().any(u8::is_ascii_control),
            d == b":",
        )
    });
    // `Og==` is base64 of `:` alone: a user id and a password that were both empty when the
    // header was built, so nothing was sent.
    if matches!(decoded, Some((_, _, true))) {
        return problem(
            "empty_credential",
            Severity::Error,
            "the Basic credentials decode to ':' alone: both the user id and the password are empty; the variables that should hold them were likely never loaded".to_owned(),
        );
    }
    let decoded = decoded.map(|(colon, control, _)| (colon, control));
    if !matches!(decoded, Some((Some(_), _))) {
        let bearer = if is_jwt(s.token) {
            Some("a JWT")
        } else {
            token_prefix(s.token).map(|p| p.description)
        };
        if let Some(what) = bearer {
            return problem(
                "bearer_token_as_basic",
                Severity::Error,
                format!(
                    "{what} is sent with scheme Basic, which expects base64 of user:password; send it as \"Bearer <token>\""
                ),
            );
        }
    }
    let Some((colon, control)) = decoded else {
        let message = if s.token.contains(&b':') {
            "the Basic credentials look like a raw user:password; Basic expects them base64-encoded (RFC 7617 §2)"
        } else {
            "the Basic credentials are not valid base64 (RFC 7617 §2)"
        };
        return problem("basic_not_base64", Severity::Error, message.to_owned());
    };
    let Some(colon) = colon else {
        return problem(
            "basic_no_colon",
            Severity::Error,
            "the decoded Basic credentials have no ':' between user id and password".to_owned(),
        );
    };
    if colon == 0 {
        // RFC 7617 §2 allows an empty user id, and some APIs take a token or password alone
        // that way (Azure DevOps personal access tokens, Sia's API password): worth a word, not
        // a verdict.
        return problem(
            "basic_empty_user",
            Severity::Warning,
            "the decoded Basic credentials have an empty user id (they start with ':'); some APIs take a token alone this way, others need the user id".to_owned(),
        );
    }
    if control {
        return problem(
            "basic_control_character",
            Severity::Error,
            "the decoded Basic credentials contain control characters, which RFC 7617 §2 forbids"
                .to_owned(),
        );
    }
    None
}

/// `jwt_truncated`: a JOSE header and a payload with nothing after them
/// (`eyJhbGciOi….eyJzdWIi…`): a JWT whose signature was cut off when it was copied, which no
/// server can verify (RFC 7515 §7.1 has three parts; an unsigned JWT still ends in `.`).
fn jwt_truncated(s: &Subject<'_>, _: &Ctx<'_>) -> Option<Problem> {
    if s.is_basic() || !s.token.starts_with(b"eyJ") {
        return None;
    }
    let mut parts = s.token.split(|b| *b == b'.');
    let (Some(header), Some(payload), None) = (parts.next(), parts.next(), parts.next()) else {
        return None;
    };
    if payload.len() < 4
        || !payload
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'))
    {
        return None;
    }
    // The first part must be a JOSE header: JSON naming its algorithm.
    let decoded = {
        use base64::Engine;
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(header.strip_suffix(b"=").unwrap_or(header))
            .ok()?
    };
    serde_json::from_slice::<serde_json::Value>(&decoded)
        .ok()?
        .get("alg")?;
    problem(
        "jwt_truncated",
        Severity::Error,
        format!(
            "{} is a JWT cut short: a header and a payload, and no signature part after them; copy the whole token",
            s.noun()
        ),
    )
}

/// `jwt_expired`, `jwt_not_yet_valid`, `jwt_expires_soon`, `jwt_unreadable` (RFC 7519 §4.1.4–4.1.5). Signatures
/// are never verified: the claims only explain.
fn jwt_times(s: &Subject<'_>, ctx: &Ctx<'_>) -> Option<Problem> {
    if s.is_basic() || s.role == Role::Userinfo || !is_jwt(s.token) {
        return None;
    }
    let claims = match jwt::peek(s.token) {
        Ok(c) => c,
        Err(PeekError::Encrypted) => return None,
        Err(PeekError::Unreadable) => {
            return problem(
                "jwt_unreadable",
                Severity::Warning,
                format!(
                    "{} has the shape of a JWT, but its payload is not base64url JSON",
                    s.noun()
                ),
            );
        }
    };
    let now = ctx
        .now
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64());
    let leeway = ctx.leeway.as_secs_f64();
    if let Some(exp) = claims.exp.filter(|e| e.is_finite()) {
        if now >= exp + leeway {
            return problem(
                "jwt_expired",
                Severity::Error,
                format!(
                    "the JWT expired {} ago ({}), beyond the {} leeway; get a fresh token",
                    human_duration(now - exp),
                    date(exp),
                    human_duration(leeway)
                ),
            );
        }
    }
    if let Some(nbf) = claims.nbf.filter(|n| n.is_finite()) {
        if nbf > now + leeway {
            return problem(
                "jwt_not_yet_valid",
                Severity::Error,
                format!(
                    "the JWT is not valid for another {} (nbf {}); the local clock or the issuer's is off",
                    human_duration(nbf - now),
                    date(nbf)
                ),
            );
        }
    }
    if let Some(exp) = claims.exp.filter(|e| e.is_finite()) {
        let window = ctx.expiry_warning.as_secs_f64();
        if window > 0.0 && now < exp && exp - now <= window {
            return problem(
                "jwt_expires_soon",
                Severity::Warning,
                format!(
                    "the JWT expires in {} ({}); refresh it before then",
                    human_duration(exp - now),
                    date(exp)
                ),
            );
        }
    }
    None
}

/// `publishable_key`, `refresh_token`, `test_key_in_production`, `live_key_in_test`.
fn token_kind(s: &Subject<'_>, ctx: &Ctx<'_>) -> Option<Problem> {
    if s.is_basic() || s.role == Role::Userinfo {
        return None;
    }
    let p = token_prefix(s.token)?;
    let d = p.description;
    match (p.usage, ctx.environment) {
        (TokenUsage::Publishable, _) => problem(
            "publishable_key",
            Severity::Warning,
            format!(
                "a {d} is used as a credential; publishable keys are meant for browsers and apps and cannot authenticate most server-side calls (use the secret key)"
            ),
        ),
        (TokenUsage::Refresh, _) => problem(
            "refresh_token",
            Severity::Warning,
            format!(
                "a {d} is sent as a credential; exchange it for an access token at the token endpoint instead"
            ),
        ),
        (TokenUsage::TestSecret, Some(Environment::Production)) => problem(
            "test_key_in_production",
            Severity::Error,
            format!(
                "a {d} is used, but the middleware was configured for production (Environment::Production)"
            ),
        ),
        (TokenUsage::LiveSecret, Some(Environment::Test)) => problem(
            "live_key_in_test",
            Severity::Warning,
            format!(
                "a {d} is used, but the middleware was configured for a test environment (Environment::Test); live keys act on real data"
            ),
        ),
        _ => None,
    }
}

fn human_duration(secs: f64) -> String {
    let s = secs.max(0.0).round() as u64;
    match s {
        0..=119 => format!("{s} s"),
        120..=7199 => format!("{} min", s / 60),
        7200..=172_799 => format!("{} h {} min", s / 3600, s % 3600 / 60),
        _ => format!("{} days", s / 86_400),
    }
}

fn date(secs: f64) -> String {
    if !(0.0..1e11).contains(&secs) {
        return format!("{secs} s after 1970");
    }
    httpdate::fmt_http_date(UNIX_EPOCH + Duration::from_secs_f64(secs))
}
