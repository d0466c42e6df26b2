//! Pre-flight: repairs and checks on the credentials of a request before it leaves.
//!
//! One small function per check, run from tables: [`AUTH_REPAIRS`] and [`KEY_REPAIRS`] rewrite a
//! header value (the mode decides whether the rewrite is sent), [`VALIDATIONS`] judge the value
//! as it would be sent after the repairs, [`REQUEST_CHECKS`] look at the request as a whole.
//! Messages describe the problem (which character, where, what shape) and never quote the value.

use std::borrow::Cow;
use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
use http::header::{AUTHORIZATION, COOKIE, PROXY_AUTHORIZATION};
use http::{HeaderName, HeaderValue};
use reqwest::Request;
use serde::Serialize;

use crate::credential::{self, KEY_HEADERS, Location, Names, is_jwt, is_tchar, trim_ascii};
use crate::explanation::Cause;
use crate::jwt::{self, PeekError};
use crate::middleware::Config;
use crate::providers::{self, TokenUsage};

/// What the middleware does with a request's credentials before sending it.
///
/// Set it for every request with
/// [`AuthExplainMiddlewareBuilder::preflight`](crate::AuthExplainMiddlewareBuilder::preflight),
/// or for one request with `.with_extension(Preflight::Strict)`.
///
/// ```
/// use reqwest_auth_explain::{AuthExplainMiddleware, Preflight};
///
/// let client = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
///     .with(AuthExplainMiddleware::default()) // Preflight::Repair
///     .build();
/// // This one request is refused, not sent, if pre-flight finds an error.
/// let req = client
///     .get("https://api.example.com/v1/me")
///     .bearer_auth("sk_live_FAKE")
///     .with_extension(Preflight::Strict);
/// # let _ = req;
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Preflight {
    /// Report findings only; the request leaves byte for byte as given.
    Observe,
    /// Apply the safe repairs (whitespace, quotes, invisible characters, scheme spelling) and
    /// report the rest. The default.
    #[default]
    Repair,
    /// Repair nothing; refuse to send a request with any finding of severity
    /// [`Severity::Error`] (every repairable problem counts as one here). A refused request
    /// fails with an [`AuthError`](crate::AuthError) whose explanation has the outcome
    /// `refused`.
    Strict,
}

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Severity {
    /// The problem was repaired before sending.
    Repaired,
    /// Worth knowing; the request is sent.
    Warning,
    /// The request will most likely fail; Strict refuses it.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Repaired => "repaired",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// The environment the client runs in, compared with the environment a key's prefix names
/// (`sk_test_` vs `sk_live_`).
///
/// Set it with
/// [`AuthExplainMiddlewareBuilder::environment`](crate::AuthExplainMiddlewareBuilder::environment);
/// unset (the default), no environment check runs.
///
/// ```
/// use reqwest_auth_explain::{AuthExplainMiddleware, Environment};
///
/// let mw = AuthExplainMiddleware::builder()
///     .environment(Environment::Production) // a test key is now an error
///     .build();
/// # let _ = mw;
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Environment {
    /// Production: live keys are expected. A test key is an error (`test_key_in_production`):
    /// it is usually accepted, and silently acts on test data.
    Production,
    /// Test, sandbox, staging or development: test keys are expected. A live key is a warning
    /// (`live_key_in_test`): it acts on real data.
    Test,
}

/// One pre-flight observation about one credential. The message never contains the secret.
///
/// # Codes
///
/// Codes are stable. *Severity* is the severity when the problem is not repaired
/// ([`Preflight::Observe`]); in [`Preflight::Repair`] a repairable problem is fixed and reported
/// as [`Severity::Repaired`], in [`Preflight::Strict`] every repairable problem is an error.
/// *Cause* is what the finding implies when the server rejects the request (or when Strict
/// refuses it); findings without a cause leave the diagnosis to the server's answer.
///
/// | code | what | severity | repaired | cause |
/// | --- | --- | --- | --- | --- |
/// | `leading_whitespace` | spaces or tabs before the credential | warning | yes | |
/// | `trailing_whitespace` | spaces or tabs after the credential | warning | yes | |
/// | `extra_space_after_scheme` | more than one space, or a tab, after the scheme | warning | yes | |
/// | `quoted_token` | `"…"`, `'…'`, `` `…` ``, `“…”`, `‘…’` around the token or the whole value | error | yes | `malformed_credentials` |
/// | `invisible_character` | zero-width space/joiner/non-joiner, BOM, no-break and other Unicode spaces, direction marks | error | yes (removed; a space-like one between scheme and token becomes a space) | `malformed_credentials` |
/// | `non_ascii_character` | any other non-ASCII character or byte (tokens are ASCII) | error | no: it is visible, so removing it would be a guess | `malformed_credentials` |
/// | `doubled_scheme` | `Bearer Bearer x` | error | yes | `malformed_credentials` |
/// | `decorated_scheme` | `Bearer: x`, `Bearer=x`, `Authorization: Bearer x` as the value | error | yes | `malformed_credentials` |
/// | `scheme_case` | `bearer`, `BEARER`, `basic` | warning | yes (`Bearer`, `Basic`, `Digest`, `DPoP`, `Negotiate`, `NTLM`) | |
/// | `missing_scheme` | a bare token in `Authorization` | error (warning for keys whose provider documents a bare header) | no | `malformed_credentials` |
/// | `empty_credential` | `Bearer`, `Bearer `, an empty header or query value | error | no | `missing_credentials` |
/// | `placeholder` | `YOUR_API_KEY`, `<token>`, `changeme`, `undefined`, `null`, `None`, `$VAR`, `${VAR}`, `%VAR%`, `{{var}}`, `xxxx`, an ellipsis, the scheme name, an environment-variable name | error | no | `placeholder_credentials` |
/// | `basic_not_base64` | `Basic` value that is not base64 | error | no | `malformed_credentials` |
/// | `basic_no_colon` | decoded `Basic` value without `:` | error | no | `malformed_credentials` |
/// | `basic_empty_user` | decoded `Basic` value starting with `:` | error | no | `malformed_credentials` |
/// | `basic_control_character` | control characters in the decoded `Basic` value | error | only a trailing line break | `malformed_credentials` |
/// | `bearer_token_as_basic` | a JWT or a known bearer-token prefix sent with scheme `Basic` | error | no | `wrong_scheme` |
/// | `jwt_expired` | `exp` in the past beyond the leeway (default 60 s) | error | no | `expired_credentials` |
/// | `jwt_not_yet_valid` | `nbf` in the future beyond the leeway | error | no | `clock_skew` |
/// | `jwt_unreadable` | JWT-shaped, but the payload is not base64url JSON | warning | no | |
/// | `publishable_key` | a publishable key (`pk_live_`, `pk_test_`) used as a credential; it is meant for browsers and apps | warning | no | `invalid_credentials` |
/// | `refresh_token` | a refresh token (`ghr_`, `xoxe.`, …) sent as a credential | warning | no | `invalid_credentials` |
/// | `test_key_in_production` | a test key (`sk_test_`, `rk_test_`) with [`Environment::Production`] | error | no | `wrong_environment` |
/// | `live_key_in_test` | a live key (`sk_live_`, `rk_live_`) with [`Environment::Test`] | warning | no | |
/// | `duplicate_authorization` | more than one `Authorization` (or `Proxy-Authorization`) header | error | no | `malformed_credentials` |
/// | `plaintext_http` | a credential over `http://` to a host that is not loopback | error | no: never upgraded to https | |
/// | `credential_in_url` | a credential in the URL query or user info (URL signatures excepted) | warning | no | |
/// | `misspelled_header` | `Authorisation`, `Authorizaton`, a header one word away from a configured credential header | warning | no | `missing_credentials` |
/// | `source_unavailable` | a [`CredentialSource`](crate::CredentialSource) is unset, empty or unreadable | error, refused in every mode | no | `missing_credentials` |
/// | `source_invalid` | a source's value is quoted, holds line breaks, or names an invalid header | error, refused in every mode | no | `malformed_credentials` |
///
/// A source whose value is a placeholder reports `placeholder` and is refused in every mode.
///
/// Repairs apply to header values (`Authorization`, `Proxy-Authorization`, API-key headers and
/// configured ones). Credentials in the URL are checked but never rewritten, and cookies are
/// only marked sensitive.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Finding {
    /// Stable snake_case code, e.g. `trailing_whitespace`.
    pub code: &'static str,
    /// How serious it is.
    pub severity: Severity,
    /// Where the credential travels.
    pub location: Location,
    /// What was found, in words.
    pub message: String,
}

impl Finding {
    /// The cause this finding implies if the request is rejected (or refused), if any.
    ///
    /// ```
    /// use reqwest_auth_explain::{AuthExplainMiddleware, Cause};
    ///
    /// // A JWT whose exp (2001-09-09) has passed.
    /// let mut req = reqwest::Client::new()
    ///     .get("https://api.example.com/v1/me")
    ///     .bearer_auth("eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjEwMDAwMDAwMDB9.RkFLRXNpZ25hdHVyZQ")
    ///     .build()
    ///     .unwrap();
    /// let report = AuthExplainMiddleware::default().inspect(&mut req);
    /// let f = report.findings().iter().find(|f| f.code == "jwt_expired").unwrap();
    /// assert_eq!(f.implied_cause(), Some(Cause::ExpiredCredentials));
    /// ```
    pub fn implied_cause(&self) -> Option<Cause> {
        implied_cause(self.code)
    }
}

/// Every finding code, in the order of the table on [`Finding`].
#[cfg(test)]
pub(crate) const CODES: &[&str] = &[
    "leading_whitespace",
    "trailing_whitespace",
    "extra_space_after_scheme",
    "quoted_token",
    "invisible_character",
    "non_ascii_character",
    "doubled_scheme",
    "decorated_scheme",
    "scheme_case",
    "missing_scheme",
    "empty_credential",
    "placeholder",
    "basic_not_base64",
    "basic_no_colon",
    "basic_empty_user",
    "basic_control_character",
    "bearer_token_as_basic",
    "jwt_expired",
    "jwt_not_yet_valid",
    "jwt_unreadable",
    "publishable_key",
    "refresh_token",
    "test_key_in_production",
    "live_key_in_test",
    "duplicate_authorization",
    "plaintext_http",
    "credential_in_url",
    "misspelled_header",
    "source_unavailable",
    "source_invalid",
];

/// The cause a finding code implies, most specific codes first in [`CAUSE_PRIORITY`].
///
/// Whitespace, scheme case, `jwt_unreadable`, `live_key_in_test`, `plaintext_http` and
/// `credential_in_url` imply none: servers usually accept them, so the server's own answer
/// explains a rejection better.
pub(crate) fn implied_cause(code: &str) -> Option<Cause> {
    Some(match code {
        "placeholder" => Cause::PlaceholderCredentials,
        "jwt_expired" => Cause::ExpiredCredentials,
        "jwt_not_yet_valid" => Cause::ClockSkew,
        "test_key_in_production" => Cause::WrongEnvironment,
        "bearer_token_as_basic" => Cause::WrongScheme,
        "publishable_key" | "refresh_token" => Cause::InvalidCredentials,
        "misspelled_header" | "source_unavailable" | "empty_credential" => {
            Cause::MissingCredentials
        }
        "missing_scheme"
        | "basic_not_base64"
        | "basic_no_colon"
        | "basic_empty_user"
        | "basic_control_character"
        | "duplicate_authorization"
        | "quoted_token"
        | "invisible_character"
        | "non_ascii_character"
        | "doubled_scheme"
        | "decorated_scheme"
        | "source_invalid" => Cause::MalformedCredentials,
        _ => return None,
    })
}

/// Which implied cause wins when several findings imply one.
pub(crate) const CAUSE_PRIORITY: &[Cause] = &[
    Cause::PlaceholderCredentials,
    Cause::ExpiredCredentials,
    Cause::ClockSkew,
    Cause::WrongEnvironment,
    Cause::MalformedCredentials,
    Cause::WrongScheme,
    Cause::InvalidCredentials,
    Cause::MissingCredentials,
];

/// The most specific cause the findings of severity `error` (or `warning`, for a misspelled
/// header) imply.
pub(crate) fn strongest_cause(findings: &[Finding]) -> Option<(Cause, &Finding)> {
    let mut best: Option<(usize, Cause, &Finding)> = None;
    for f in findings.iter().filter(|f| f.severity >= Severity::Warning) {
        if let Some(c) = f.implied_cause() {
            let rank = CAUSE_PRIORITY
                .iter()
                .position(|p| *p == c)
                .unwrap_or(usize::MAX);
            if best.is_none_or(|(r, _, _)| rank < r) {
                best = Some((rank, c, f));
            }
        }
    }
    best.map(|(_, c, f)| (c, f))
}

/// The cause of a refusal: the most specific cause the error findings imply, else what the
/// first error finding is about (a repairable defect is a malformed credential; plaintext
/// transport and a key in the URL are insecure transport), else what any finding implies.
pub(crate) fn refusal_cause(findings: &[Finding]) -> Option<(Cause, &Finding)> {
    let errors = || findings.iter().filter(|f| f.severity == Severity::Error);
    let implied = errors()
        .filter_map(|f| f.implied_cause().map(|c| (c, f)))
        .min_by_key(|(c, _)| {
            CAUSE_PRIORITY
                .iter()
                .position(|p| p == c)
                .unwrap_or(usize::MAX)
        });
    implied
        .or_else(|| {
            errors().next().map(|f| {
                let c = match f.code {
                    "plaintext_http" | "credential_in_url" => Cause::InsecureTransport,
                    "live_key_in_test" => Cause::WrongEnvironment,
                    _ => Cause::MalformedCredentials,
                };
                (c, f)
            })
        })
        .or_else(|| strongest_cause(findings))
}

// ---- entry point ----------------------------------------------------------------------------

/// Runs every check on `req`'s credentials; in [`Preflight::Repair`] applies the safe repairs
/// in place. Returns the findings, repaired ones included. Every credential header is marked
/// sensitive, whatever the mode (the flag changes no byte on the wire).
pub(crate) fn check(
    req: &mut Request,
    mode: Preflight,
    config: &Config,
    now: SystemTime,
    clean: Option<&Clean>,
) -> Vec<Finding> {
    let ctx = Ctx {
        mode,
        now,
        leeway: config.jwt_leeway,
        environment: config.environment,
        names: &config.names,
        clean,
    };
    check_with(req, &ctx)
}

/// What every check may look at besides the request.
pub(crate) struct Ctx<'a> {
    pub(crate) mode: Preflight,
    pub(crate) now: SystemTime,
    pub(crate) leeway: Duration,
    pub(crate) environment: Option<Environment>,
    pub(crate) names: &'a Names,
    /// Header values already found clean under this configuration.
    pub(crate) clean: Option<&'a Clean>,
}

/// Number of clean header values [`Clean`] remembers: a service sends a few keys many times.
const CLEAN_SLOTS: usize = 16;

/// Credential header values pre-flight found nothing to say about, remembered (as a keyed
/// hash, never the value) so that the next request carrying the same value skips the checks.
///
/// Every check of a header value is a function of the header name, the value, the
/// configuration (fixed per middleware), the mode (which changes severities, never whether a
/// finding exists) and the clock, through a JWT's `exp`: a remembered JWT is clean only until
/// its expiry plus leeway. One input is not remembered: whether an all-caps value names a
/// variable of the process environment, which is read when the value is first seen.
#[derive(Default)]
pub(crate) struct Clean {
    hasher: foldhash::quality::RandomState,
    inner: std::sync::Mutex<CleanSlots>,
}

#[derive(Default)]
struct CleanSlots {
    /// (keyed hash of name and value, clean until this many seconds after the epoch).
    slots: [(u64, u64); CLEAN_SLOTS],
    /// The slot the next new value replaces (round robin).
    next: usize,
}

impl fmt::Debug for Clean {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let held = self.lock().slots.iter().filter(|(k, _)| *k != 0).count();
        f.debug_struct("Clean").field("values", &held).finish()
    }
}

impl Clean {
    fn key(&self, name: &HeaderName, value: &[u8]) -> u64 {
        use std::hash::{BuildHasher, Hash, Hasher};
        let mut h = self.hasher.build_hasher();
        name.as_str().hash(&mut h);
        value.hash(&mut h);
        // 0 marks an empty slot.
        h.finish().max(1)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, CleanSlots> {
        // Every update is a plain write of a slot: a poisoned lock still holds usable data.
        self.inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn contains(&self, key: u64, now: u64) -> bool {
        self.lock()
            .slots
            .iter()
            .any(|&(k, until)| k == key && now < until)
    }

    fn insert(&self, key: u64, until: u64) {
        let mut inner = self.lock();
        let i = match inner.slots.iter().position(|&(k, _)| k == key) {
            Some(i) => i,
            None => {
                let i = inner.next;
                inner.next = (i + 1) % CLEAN_SLOTS;
                i
            }
        };
        inner.slots[i] = (key, until);
    }
}

/// Until when a value found clean now stays clean: a JWT until its expiry plus leeway, any
/// other value for good. Whole seconds, rounded so that the memory never outlives the check.
fn clean_until(subject: &Subject<'_>, ctx: &Ctx<'_>) -> u64 {
    if subject.is_basic() || !is_jwt(subject.token) {
        return u64::MAX;
    }
    match jwt::peek(subject.token) {
        Ok(claims) => match claims.exp.filter(|e| e.is_finite()) {
            Some(exp) => (exp + ctx.leeway.as_secs_f64()).floor().max(0.0) as u64,
            None => u64::MAX,
        },
        // An encrypted JWT is not judged by its times.
        Err(_) => u64::MAX,
    }
}

impl Ctx<'_> {
    /// The severity of a repairable problem in this mode.
    fn repairable(&self, unrepaired: Severity) -> Severity {
        match self.mode {
            Preflight::Repair => Severity::Repaired,
            Preflight::Strict => Severity::Error,
            Preflight::Observe => unrepaired,
        }
    }
}

pub(crate) fn check_with(req: &mut Request, ctx: &Ctx<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for check in REQUEST_CHECKS {
        check(req, ctx, &mut out);
    }
    if !credential::any_present(req, ctx.names) {
        return out;
    }
    check_headers(req, ctx, &mut out);
    check_url(req, ctx, &mut out);
    out
}

// ---- headers --------------------------------------------------------------------------------

/// What a header carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
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

fn header_role(name: &HeaderName, names: &Names) -> Option<Role> {
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

fn check_headers(req: &mut Request, ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
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
            }
            continue;
        };
        value.set_sensitive(true);
        if role == Role::Cookie {
            continue;
        }
        let remembered = ctx.clean.map(|c| (c, c.key(name, value.as_bytes())));
        if let Some((clean, key)) = remembered {
            if clean.contains(key, now) {
                continue;
            }
        }
        let before = out.len();
        let repaired = check_header_value(name, value.as_bytes(), role, ctx, out);
        if let (Some((clean, key)), None, true) = (remembered, &repaired, out.len() == before) {
            let subject = Subject::new(role, name.as_str(), value.as_bytes());
            clean.insert(key, clean_until(&subject, ctx));
        }
        if let (Some(bytes), Preflight::Repair) = (repaired, ctx.mode) {
            if let Ok(mut v) = HeaderValue::from_bytes(&bytes) {
                v.set_sensitive(true);
                *value = v;
            }
        }
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

/// Applies the repair table until nothing changes; each rule reports once.
fn repair<'a>(
    raw: &'a [u8],
    table: &[RepairRule],
    ctx: &Ctx<'_>,
    location: impl Fn() -> Location,
    out: &mut Vec<Finding>,
) -> Cow<'a, [u8]> {
    let mut cur = Cow::Borrowed(raw);
    let mut fired = 0u32;
    // A repair can uncover another (quotes around padded text), and each pass peels one layer
    // (`Bearer Bearer Bearer x`): iterate to a fixed point, or the next request through the
    // middleware would repair again. Every rule shortens the value or normalizes it once, so
    // the loop ends; the bound only guards against a rule that would undo another.
    for _ in 0..raw.len() + 4 {
        let mut changed = false;
        for (i, rule) in table.iter().enumerate() {
            if let Some((next, message)) = (rule.run)(&cur) {
                if fired & (1 << i) == 0 {
                    out.push(Finding {
                        code: rule.code,
                        severity: ctx.repairable(rule.unrepaired),
                        location: location(),
                        message,
                    });
                }
                fired |= 1 << i;
                cur = Cow::Owned(next);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    cur
}

/// A repair: the repaired value and a message, when the rule applies.
type RepairFn = fn(&[u8]) -> Option<(Vec<u8>, String)>;

/// A safe rewrite of a header value.
struct RepairRule {
    code: &'static str,
    /// Severity when the repair is not applied (Observe).
    unrepaired: Severity,
    /// The repaired value and a message, when the rule applies.
    run: RepairFn,
}

const fn rule(code: &'static str, unrepaired: Severity, run: RepairFn) -> RepairRule {
    RepairRule {
        code,
        unrepaired,
        run,
    }
}

/// Repairs of `Authorization` / `Proxy-Authorization` values, in order.
const AUTH_REPAIRS: &[RepairRule] = &[
    rule("invisible_character", Severity::Error, strip_invisible),
    rule("quoted_token", Severity::Error, unquote_value),
    rule("leading_whitespace", Severity::Warning, trim_leading),
    rule("trailing_whitespace", Severity::Warning, trim_trailing),
    rule("decorated_scheme", Severity::Error, undecorate_scheme),
    rule("doubled_scheme", Severity::Error, undouble_scheme),
    rule("extra_space_after_scheme", Severity::Warning, single_space),
    rule("quoted_token", Severity::Error, unquote_token),
    rule("scheme_case", Severity::Warning, canonical_scheme),
    rule(
        "basic_control_character",
        Severity::Error,
        basic_trailing_newline,
    ),
];

/// Repairs of key header values (`x-api-key`, configured names), in order.
const KEY_REPAIRS: &[RepairRule] = &[
    rule("invisible_character", Severity::Error, strip_invisible),
    rule("quoted_token", Severity::Error, unquote_value),
    rule("leading_whitespace", Severity::Warning, trim_leading),
    rule("trailing_whitespace", Severity::Warning, trim_trailing),
];

/// Schemes whose canonical spelling is restored by `scheme_case`.
const CANONICAL_SCHEMES: &[&str] = &["Bearer", "Basic", "Digest", "DPoP", "Negotiate", "NTLM"];

/// Scheme names seen in `Authorization` (compared case-insensitively).
const KNOWN_SCHEMES: &[&str] = &[
    "Bearer",
    "Basic",
    "Digest",
    "DPoP",
    "Negotiate",
    "NTLM",
    "Token",
    "Bot",
    "OAuth",
    "HOBA",
    "Mutual",
    "AWS4-HMAC-SHA256",
    "SSWS",
    "Splunk",
    "GenieKey",
    "ApiKey",
    "JWT",
];

/// Schemes checked for `Bearer: x`, `Bearer=x` and `Bearer Bearer x`. Not `key`: FCM's legacy
/// `Authorization: key=…` is correct.
const DECORATABLE_SCHEMES: &[&str] = &["Bearer", "Basic", "Token", "Bot", "DPoP"];

fn is_known_scheme(word: &[u8]) -> bool {
    KNOWN_SCHEMES
        .iter()
        .any(|s| s.as_bytes().eq_ignore_ascii_case(word))
}

fn is_ws(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// Characters that are invisible or render as a space: removed, or (between scheme and token,
/// or at an end) turned into a space. RFC 9110 §5.5 leaves non-ASCII as opaque obs-text, so the
/// server compares them as part of the key.
const INVISIBLE: &[(char, &str)] = &[
    ('\u{00A0}', "NO-BREAK SPACE"),
    ('\u{00AD}', "SOFT HYPHEN"),
    ('\u{034F}', "COMBINING GRAPHEME JOINER"),
    ('\u{061C}', "ARABIC LETTER MARK"),
    ('\u{180E}', "MONGOLIAN VOWEL SEPARATOR"),
    ('\u{2000}', "EN QUAD"),
    ('\u{2001}', "EM QUAD"),
    ('\u{2002}', "EN SPACE"),
    ('\u{2003}', "EM SPACE"),
    ('\u{2004}', "THREE-PER-EM SPACE"),
    ('\u{2005}', "FOUR-PER-EM SPACE"),
    ('\u{2006}', "SIX-PER-EM SPACE"),
    ('\u{2007}', "FIGURE SPACE"),
    ('\u{2008}', "PUNCTUATION SPACE"),
    ('\u{2009}', "THIN SPACE"),
    ('\u{200A}', "HAIR SPACE"),
    ('\u{200B}', "ZERO WIDTH SPACE"),
    ('\u{200C}', "ZERO WIDTH NON-JOINER"),
    ('\u{200D}', "ZERO WIDTH JOINER"),
    ('\u{200E}', "LEFT-TO-RIGHT MARK"),
    ('\u{200F}', "RIGHT-TO-LEFT MARK"),
    ('\u{2028}', "LINE SEPARATOR"),
    ('\u{2029}', "PARAGRAPH SEPARATOR"),
    ('\u{202A}', "LEFT-TO-RIGHT EMBEDDING"),
    ('\u{202B}', "RIGHT-TO-LEFT EMBEDDING"),
    ('\u{202C}', "POP DIRECTIONAL FORMATTING"),
    ('\u{202D}', "LEFT-TO-RIGHT OVERRIDE"),
    ('\u{202E}', "RIGHT-TO-LEFT OVERRIDE"),
    ('\u{202F}', "NARROW NO-BREAK SPACE"),
    ('\u{205F}', "MEDIUM MATHEMATICAL SPACE"),
    ('\u{2060}', "WORD JOINER"),
    ('\u{2061}', "FUNCTION APPLICATION"),
    ('\u{2062}', "INVISIBLE TIMES"),
    ('\u{2063}', "INVISIBLE SEPARATOR"),
    ('\u{2064}', "INVISIBLE PLUS"),
    ('\u{2066}', "LEFT-TO-RIGHT ISOLATE"),
    ('\u{2067}', "RIGHT-TO-LEFT ISOLATE"),
    ('\u{2068}', "FIRST STRONG ISOLATE"),
    ('\u{2069}', "POP DIRECTIONAL ISOLATE"),
    ('\u{3000}', "IDEOGRAPHIC SPACE"),
    ('\u{FEFF}', "ZERO WIDTH NO-BREAK SPACE (BOM)"),
];

fn invisible_name(c: char) -> Option<&'static str> {
    INVISIBLE.iter().find(|(i, _)| *i == c).map(|(_, n)| *n)
}

/// Space-like characters (White_Space in Unicode) among [`INVISIBLE`].
fn is_space_like(c: char) -> bool {
    c.is_whitespace()
}

/// Lists up to three items, then "and N more".
fn list_some(items: &[String]) -> String {
    let mut s = items.iter().take(3).cloned().collect::<Vec<_>>().join(", ");
    if items.len() > 3 {
        s.push_str(&format!(" and {} more", items.len() - 3));
    }
    s
}

/// `invisible_character`: zero-width and space-like characters copied along with a key.
fn strip_invisible(v: &[u8]) -> Option<(Vec<u8>, String)> {
    if v.is_ascii() {
        return None;
    }
    let mut out = Vec::with_capacity(v.len());
    let mut seen = Vec::new();
    let mut pos = 0usize;
    for chunk in v.utf8_chunks() {
        let text = chunk.valid();
        for (i, c) in text.char_indices() {
            pos += 1;
            match invisible_name(c) {
                Some(name) => {
                    seen.push(format!("U+{:04X} {name} at position {pos}", c as u32));
                    let rest = &text[i + c.len_utf8()..];
                    let before = trim_ascii(&out);
                    let between = is_known_scheme(before) && !before.contains(&b' ');
                    let at_end = rest
                        .chars()
                        .all(|r| r.is_whitespace() || invisible_name(r).is_some())
                        && chunk.invalid().is_empty();
                    if is_space_like(c) && (before.is_empty() || between || at_end) {
                        out.push(b' ');
                    }
                }
                None => {
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
            }
        }
        pos += chunk.invalid().len();
        out.extend_from_slice(chunk.invalid());
    }
    if seen.is_empty() {
        return None;
    }
    let message = format!(
        "the value contains {}: {}",
        if seen.len() == 1 {
            "an invisible character"
        } else {
            "invisible characters"
        },
        list_some(&seen)
    );
    Some((out, message))
}

/// Opening and closing quote characters seen around pasted keys (RFC 9110 §5.6.4 quotes with
/// `"` only, and no credential syntax uses quotes around a token68).
const QUOTES: &[&str] = &[
    "\"", "'", "`", "\u{201C}", "\u{201D}", "\u{2018}", "\u{2019}",
];

fn leading_quote(v: &[u8]) -> Option<usize> {
    QUOTES
        .iter()
        .find(|q| v.starts_with(q.as_bytes()))
        .map(|q| q.len())
}

fn trailing_quote(v: &[u8]) -> Option<usize> {
    QUOTES
        .iter()
        .find(|q| v.ends_with(q.as_bytes()))
        .map(|q| q.len())
}

/// Whether `t` starts or ends with a quote character.
pub(crate) fn is_quoted(t: &[u8]) -> bool {
    leading_quote(t).is_some() || trailing_quote(t).is_some()
}

fn has_quote(v: &[u8]) -> bool {
    QUOTES
        .iter()
        .any(|q| v.windows(q.len()).any(|w| w == q.as_bytes()))
}

/// Strips quotes from both ends of `t`. A lone closing quote is stripped only when the rest
/// cannot be an auth-param (`realm="x"` ends with a quote legitimately).
fn strip_quotes(t: &[u8]) -> Option<&[u8]> {
    let lead = leading_quote(t);
    let inner = &t[lead.unwrap_or(0)..];
    let trail = trailing_quote(inner).filter(|n| *n <= inner.len());
    match (lead, trail) {
        (None, None) => None,
        (Some(_), None) => Some(inner),
        (Some(_), Some(n)) => Some(&inner[..inner.len() - n]),
        (None, Some(n)) => {
            let body = &inner[..inner.len() - n];
            // `=` padding at the end of a token68 is fine; `=` before other text is a param.
            let unpadded = &body[..body.iter().rposition(|b| *b != b'=').map_or(0, |i| i + 1)];
            (!unpadded.contains(&b'=') && !has_quote(body)).then_some(body)
        }
    }
}

/// `quoted_token` on the whole value: `"Bearer abc"`, `'abc'`.
fn unquote_value(v: &[u8]) -> Option<(Vec<u8>, String)> {
    let t = trim_ascii(v);
    leading_quote(t)?;
    let inner = strip_quotes(t)?;
    Some((
        trim_ascii(inner).to_vec(),
        "the value is wrapped in quotes, which the server would take as part of the credential"
            .to_owned(),
    ))
}

/// `quoted_token` after the scheme: `Bearer "abc"`.
fn unquote_token(v: &[u8]) -> Option<(Vec<u8>, String)> {
    let (scheme, token) = split_auth(v);
    let scheme = scheme?;
    if token.is_empty() || token.iter().any(|b| is_ws(*b) || *b == b',') {
        return None;
    }
    let inner = strip_quotes(token)?;
    let mut out = scheme.to_vec();
    out.push(b' ');
    out.extend_from_slice(inner);
    Some((
        out,
        "the token is wrapped in quotes, which the server would take as part of the token"
            .to_owned(),
    ))
}

/// `leading_whitespace`.
fn trim_leading(v: &[u8]) -> Option<(Vec<u8>, String)> {
    let n = v.iter().take_while(|b| is_ws(**b)).count();
    (n > 0).then(|| {
        (
            v[n..].to_vec(),
            format!(
                "{} before the credential",
                plural(n, "whitespace character", "whitespace characters")
            ),
        )
    })
}

/// `trailing_whitespace`.
fn trim_trailing(v: &[u8]) -> Option<(Vec<u8>, String)> {
    let n = v.iter().rev().take_while(|b| is_ws(**b)).count();
    (n > 0).then(|| {
        (
            v[..v.len() - n].to_vec(),
            format!(
                "{} after the credential",
                plural(n, "whitespace character", "whitespace characters")
            ),
        )
    })
}

/// `decorated_scheme`: `Bearer: x`, `Bearer=x`, and the header name pasted into the value.
fn undecorate_scheme(v: &[u8]) -> Option<(Vec<u8>, String)> {
    let t = trim_ascii(v);
    for prefix in ["authorization:", "proxy-authorization:"] {
        if t.len() >= prefix.len() && t[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes()) {
            return Some((
                trim_ascii(&t[prefix.len()..]).to_vec(),
                "the value repeats the header name and its colon before the scheme".to_owned(),
            ));
        }
    }
    for s in DECORATABLE_SCHEMES {
        let n = s.len();
        if t.len() > n && t[..n].eq_ignore_ascii_case(s.as_bytes()) && matches!(t[n], b':' | b'=') {
            let mut out = t[..n].to_vec();
            out.push(b' ');
            out.extend_from_slice(trim_ascii(&t[n + 1..]));
            return Some((
                out,
                format!(
                    "the scheme is followed by '{}' instead of a single space",
                    t[n] as char
                ),
            ));
        }
    }
    None
}

/// `doubled_scheme`: `Bearer Bearer x`.
fn undouble_scheme(v: &[u8]) -> Option<(Vec<u8>, String)> {
    let (first, rest) = split_auth(v);
    let first = first?;
    if !DECORATABLE_SCHEMES
        .iter()
        .any(|s| s.as_bytes().eq_ignore_ascii_case(first))
    {
        return None;
    }
    let (second, token) = split_word(rest);
    if !second.eq_ignore_ascii_case(first) || token.is_empty() {
        return None;
    }
    let mut out = first.to_vec();
    out.push(b' ');
    out.extend_from_slice(token);
    Some((out, "the scheme appears twice".to_owned()))
}

/// `extra_space_after_scheme`: RFC 9110 §11.4 allows `1*SP`, but many servers split on one.
fn single_space(v: &[u8]) -> Option<(Vec<u8>, String)> {
    let t = trim_ascii(v);
    let end = t.iter().position(|b| is_ws(*b))?;
    let scheme = &t[..end];
    if !is_scheme_word(scheme) {
        return None;
    }
    let gap = t[end..].iter().take_while(|b| is_ws(**b)).count();
    let rest = &t[end + gap..];
    if rest.is_empty() || &t[end..end + gap] == b" " {
        return None;
    }
    let mut out = scheme.to_vec();
    out.push(b' ');
    out.extend_from_slice(rest);
    let what = if t[end..end + gap].contains(&b'\t') {
        format!(
            "{} (with a tab) between the scheme and the credential",
            plural(gap, "whitespace character", "whitespace characters")
        )
    } else {
        format!("{gap} spaces between the scheme and the credential")
    };
    Some((out, format!("{what}; exactly one space is expected")))
}

/// `scheme_case`: RFC 9110 §11.1 makes schemes case-insensitive, but not every server agrees.
fn canonical_scheme(v: &[u8]) -> Option<(Vec<u8>, String)> {
    let (scheme, _) = split_auth(v);
    let scheme = scheme?;
    let canon = CANONICAL_SCHEMES
        .iter()
        .find(|c| c.as_bytes().eq_ignore_ascii_case(scheme))?;
    if canon.as_bytes() == scheme {
        return None;
    }
    let t = trim_ascii(v);
    let mut out = canon.as_bytes().to_vec();
    out.extend_from_slice(&t[scheme.len()..]);
    Some((
        out,
        format!("the scheme is spelled in a different case than the canonical {canon}"),
    ))
}

/// `basic_control_character` (repairable case): a line break at the end of the decoded
/// password, as `echo` without `-n` leaves it.
fn basic_trailing_newline(v: &[u8]) -> Option<(Vec<u8>, String)> {
    let (scheme, token) = split_auth(v);
    if !scheme?.eq_ignore_ascii_case(b"basic") {
        return None;
    }
    let encoded = with_basic(token, |decoded| {
        let kept = decoded
            .iter()
            .rposition(|b| !matches!(b, b'\r' | b'\n'))
            .map_or(0, |i| i + 1);
        let fixable = kept < decoded.len() && !decoded[..kept].iter().any(u8::is_ascii_control);
        fixable.then(|| STANDARD.encode(&decoded[..kept]))
    })??;
    let mut out = b"Basic ".to_vec();
    out.extend_from_slice(encoded.as_bytes());
    Some((
        out,
        "the decoded Basic credentials end with a line break (RFC 7617 §2 forbids control characters)"
            .to_owned(),
    ))
}

/// A scheme-like first word: an RFC 9110 token, short enough not to be a key itself.
fn is_scheme_word(w: &[u8]) -> bool {
    !w.is_empty() && w.iter().all(|b| is_tchar(*b)) && (w.len() <= 24 || is_known_scheme(w))
}

/// Splits off the first whitespace-separated word.
fn split_word(v: &[u8]) -> (&[u8], &[u8]) {
    let t = trim_ascii(v);
    match t.iter().position(|b| is_ws(*b)) {
        Some(i) => (&t[..i], trim_ascii(&t[i..])),
        None => (t, &[]),
    }
}

/// `scheme credentials` of an `Authorization` value. A lone known scheme name is a scheme with
/// an empty credential; any other lone word is a credential without a scheme.
fn split_auth(v: &[u8]) -> (Option<&[u8]>, &[u8]) {
    let (first, rest) = split_word(v);
    if rest.is_empty() {
        return if is_known_scheme(first) {
            (Some(first), rest)
        } else {
            (None, first)
        };
    }
    if is_scheme_word(first) {
        (Some(first), rest)
    } else {
        (None, trim_ascii(v))
    }
}

/// Decodes the base64 of Basic credentials (padded or not) and hands the bytes to `f`.
/// Credentials of ordinary length are decoded on the stack.
fn with_basic<R>(token: &[u8], f: impl FnOnce(&[u8]) -> R) -> Option<R> {
    let mut buf = [0u8; 384];
    if token.len() <= 512 {
        let n = STANDARD
            .decode_slice(token, &mut buf)
            .or_else(|_| STANDARD_NO_PAD.decode_slice(token, &mut buf))
            .ok()?;
        return Some(f(&buf[..n]));
    }
    let decoded = STANDARD
        .decode(token)
        .or_else(|_| STANDARD_NO_PAD.decode(token))
        .ok()?;
    Some(f(&decoded))
}

// ---- validations ----------------------------------------------------------------------------

/// The value a validation judges: repaired, with scheme and credential split.
struct Subject<'a> {
    role: Role,
    /// Header or query parameter name.
    name: &'a str,
    scheme: Option<&'a [u8]>,
    token: &'a [u8],
    /// The whole (trimmed) value.
    whole: &'a [u8],
}

impl<'a> Subject<'a> {
    fn new(role: Role, name: &'a str, value: &'a [u8]) -> Self {
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
        }
    }

    fn is_basic(&self) -> bool {
        self.scheme
            .is_some_and(|s| s.eq_ignore_ascii_case(b"basic"))
    }

    /// Where the credential is, in words.
    fn noun(&self) -> String {
        match self.role {
            Role::Auth => format!("the credential in the {} header", header_title(self.name)),
            Role::Key | Role::Cookie => format!("the {} header", self.name),
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

fn header_title(name: &str) -> &str {
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
    basic_shape,
    jwt_times,
    token_kind,
];

fn validate(
    subject: &Subject<'_>,
    ctx: &Ctx<'_>,
    location: impl Fn() -> Location,
    out: &mut Vec<Finding>,
) {
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
        )
    });
    if !matches!(decoded, Some((Some(_), _))) {
        let bearer = if is_jwt(s.token) {
            Some("a JWT")
        } else {
            providers::token_prefix(s.token).map(|p| p.description)
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
        return problem(
            "basic_empty_user",
            Severity::Error,
            "the decoded Basic credentials have an empty user id (they start with ':')".to_owned(),
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

/// `jwt_expired`, `jwt_not_yet_valid`, `jwt_unreadable` (RFC 7519 §4.1.4–4.1.5). Signatures
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
    None
}

/// `publishable_key`, `refresh_token`, `test_key_in_production`, `live_key_in_test`.
fn token_kind(s: &Subject<'_>, ctx: &Ctx<'_>) -> Option<Problem> {
    if s.is_basic() || s.role == Role::Userinfo {
        return None;
    }
    let p = providers::token_prefix(s.token)?;
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

// ---- placeholders ---------------------------------------------------------------------------

const NULL_LITERAL: &str = "a language's null literal (what an unset variable prints as)";
const VAR_REFERENCE: &str = "an unexpanded variable reference ($VAR, ${VAR}, %VAR%, {{var}})";
const TEMPLATE: &str = "template text from documentation or a sample configuration";
const MASKED: &str = "a masked or elided value (filler characters or an ellipsis), as copied from a display that hides keys";
const ENV_NAME: &str = "the name of an environment variable rather than its value";
const SCHEME_NAME: &str = "the name of an authentication scheme rather than a credential";
const STAND_IN: &str = "a stand-in word rather than a key";
const PREFIX_ONLY: &str = "a key prefix with nothing real after it";

/// Why `t` is a placeholder rather than a key, if it is one. Tuned against false positives:
/// random keys, JWTs and base64 never match.
pub(crate) fn placeholder_reason(t: &[u8]) -> Option<&'static str> {
    if t.is_empty() {
        return None;
    }
    placeholder_shape(t, false)
        .or_else(|| is_known_scheme(t).then_some(SCHEME_NAME))
        .or_else(|| is_stand_in_word(t).then_some(STAND_IN))
        .or_else(|| is_repeated(t).then_some(MASKED))
        .or_else(|| is_prefix_only(t).then_some(PREFIX_ONLY))
}

/// The narrower test used on each half of Basic credentials and URL user info, where short
/// words (`api`, `key`) are legitimate user ids and a password may hold any character.
fn placeholder_in_part(t: &[u8]) -> Option<&'static str> {
    placeholder_shape(t, true)
}

/// The shapes shared by tokens and user-id/password parts; `part` narrows them for the latter.
fn placeholder_shape(t: &[u8], part: bool) -> Option<&'static str> {
    if t.is_empty() {
        return None;
    }
    if is_null_literal(t) {
        Some(NULL_LITERAL)
    } else if is_var_reference(t, part) {
        Some(VAR_REFERENCE)
    } else if is_template(t) {
        Some(TEMPLATE)
    } else if is_filler(t) || (!part && is_masked(t)) {
        Some(MASKED)
    } else if is_env_name(t) {
        Some(ENV_NAME)
    } else {
        None
    }
}

fn is_null_literal(t: &[u8]) -> bool {
    t.len() <= 15
        && [
            "undefined",
            "null",
            "none",
            "nil",
            "nan",
            "(null)",
            "<nil>",
            "[object object]",
        ]
        .iter()
        .any(|w| w.as_bytes().eq_ignore_ascii_case(t))
}

fn is_ident(t: &[u8]) -> bool {
    !t.is_empty()
        && !t[0].is_ascii_digit()
        && t.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'_')
}

/// `$VAR`, `${VAR}`, `$(cmd)`, `%VAR%`, `{{var}}`, `#{var}`, `process.env.VAR`. In a password
/// (`part`), `$word` counts only in environment-variable spelling (`$API_PASSWORD`): `$ecret`
/// may be a real password.
fn is_var_reference(t: &[u8], part: bool) -> bool {
    let wrapped = |open: &[u8], close: &[u8]| {
        t.len() > open.len() + close.len() && t.starts_with(open) && t.ends_with(close)
    };
    wrapped(b"${", b"}")
        || wrapped(b"$(", b")")
        || wrapped(b"{{", b"}}")
        || wrapped(b"#{", b"}")
        || (t.len() > 2 && t[0] == b'%' && t[t.len() - 1] == b'%' && is_ident(&t[1..t.len() - 1]))
        || (t.len() > 1
            && t[0] == b'$'
            && is_ident(&t[1..])
            && (!part || !t[1..].iter().any(u8::is_ascii_lowercase)))
        || ["process.env.", "import.meta.env.", "os.environ", "env::var"]
            .iter()
            .any(|p| t.starts_with(p.as_bytes()))
}

/// `t` lowercased, without `-`, `_`, `.` and spaces, on the stack.
struct Squeezed {
    buf: [u8; 48],
    len: usize,
}

impl Squeezed {
    /// `None` when `t` is longer than 48 bytes: keys, not words about keys.
    fn new(t: &[u8]) -> Option<Self> {
        if t.len() > 48 {
            return None;
        }
        let mut s = Squeezed {
            buf: [0; 48],
            len: 0,
        };
        for b in t.iter().filter(|b| !matches!(b, b'-' | b'_' | b' ' | b'.')) {
            s.buf[s.len] = b.to_ascii_lowercase();
            s.len += 1;
        }
        Some(s)
    }

    fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }
}

fn is_template(t: &[u8]) -> bool {
    let bracketed = t.len() > 2
        && matches!(
            (t[0], t[t.len() - 1]),
            (b'<', b'>') | (b'[', b']') | (b'{', b'}')
        )
        && t[1..t.len() - 1]
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b' ' | b'.' | b':'));
    if bracketed {
        return true;
    }
    // Long values are keys, not sentences about keys.
    if !t.is_ascii() {
        return false;
    }
    let Some(s) = Squeezed::new(t) else {
        return false;
    };
    let s = s.as_bytes();
    // `YOUR_KEY`, `your-key`, `YourKey`, but not a name like `Youri`.
    let your = t.len() > 4 && t[..4].eq_ignore_ascii_case(b"your") && !t[4].is_ascii_lowercase();
    if your {
        return true;
    }
    // The phrasing first, the (costlier) search for a word about keys only when it matches.
    let phrased = s.starts_with(b"your")
        || s.ends_with(b"here")
        || s.starts_with(b"insert")
        || s.starts_with(b"paste")
        || s.starts_with(b"enter")
        || s.starts_with(b"put")
        || s.starts_with(b"my");
    (phrased
        && ["key", "token", "secret", "password", "credential"]
            .iter()
            .any(|w| s.windows(w.len()).any(|x| x == w.as_bytes())))
        // AWS documentation's sample keys (AKIAIOSFODNN7EXAMPLE, …EXAMPLEKEY).
        || t.ends_with(b"EXAMPLE")
        || t.ends_with(b"EXAMPLEKEY")
}

/// An ellipsis, `***` or a bullet inside a token: a key copied from a display that hides it
/// (`sk-…abcd`). Tokens never contain these; passwords may, so parts use [`is_filler`] only.
fn is_masked(t: &[u8]) -> bool {
    // Every marker starts with `.`, `*` or the lead byte of `…` and `•`.
    if !t.iter().any(|b| matches!(b, b'.' | b'*' | 0xE2)) {
        return false;
    }
    let contains = |n: &[u8]| t.windows(n.len()).any(|w| w == n);
    contains(b"...")
        || contains(b"***")
        || contains("\u{2026}".as_bytes())
        || contains("\u{2022}".as_bytes())
}

/// Nothing but filler: `xxxx`, `XXXX-XXXX`, `****`, `...`, `…`, `••••`.
fn is_filler(t: &[u8]) -> bool {
    if !t
        .iter()
        .all(|b| matches!(b, b'x' | b'X' | b'*' | b'-' | b'_' | b'.' | 0x80..))
    {
        return false;
    }
    let Ok(s) = std::str::from_utf8(t) else {
        return false;
    };
    let fill = s
        .chars()
        .filter(|c| matches!(c, 'x' | 'X' | '*' | '\u{2022}' | '\u{2026}'))
        .count();
    (fill >= 3 || s.contains('\u{2026}') || s == "...")
        && s.chars().all(|c| {
            matches!(
                c,
                'x' | 'X' | '*' | '-' | '_' | '.' | '\u{2022}' | '\u{2026}'
            )
        })
}

/// Environment-variable spelling (`OPENAI_API_KEY`): uppercase words joined by `_`, naming a
/// credential or naming a variable that is set in this process.
fn is_env_name(t: &[u8]) -> bool {
    if t.len() < 3
        || t.len() > 64
        || !t[0].is_ascii_uppercase()
        || !t
            .iter()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || *b == b'_')
    {
        return false;
    }
    let named = t.split(|b| *b == b'_').any(|w| {
        [
            "KEY",
            "APIKEY",
            "TOKEN",
            "SECRET",
            "PASSWORD",
            "PASSWD",
            "PASS",
            "PAT",
            "AUTH",
            "API",
            "CREDENTIAL",
            "CREDENTIALS",
            "BEARER",
            "JWT",
            "ACCESS",
        ]
        .iter()
        .any(|k| k.as_bytes() == w)
    });
    (named && t.contains(&b'_'))
        || std::str::from_utf8(t).is_ok_and(|n| std::env::var_os(n).is_some())
}

fn is_stand_in_word(t: &[u8]) -> bool {
    // The words are letters; squeezing drops only `-`, `_`, `.` and spaces.
    if t.len() > 32
        || !t
            .iter()
            .all(|b| b.is_ascii_alphabetic() || matches!(b, b'-' | b'_' | b'.' | b' '))
    {
        return false;
    }
    let Some(s) = Squeezed::new(t) else {
        return false;
    };
    [
        "token",
        "apikey",
        "apitoken",
        "key",
        "secret",
        "secretkey",
        "accesstoken",
        "accesskey",
        "authtoken",
        "bearertoken",
        "clientsecret",
        "privatekey",
        "jwt",
        "password",
        "passwd",
        "credential",
        "credentials",
        "changeme",
        "replaceme",
        "placeholder",
        "todo",
        "tbd",
        "fixme",
        "redacted",
        "hidden",
        "masked",
        "notset",
        "unset",
        "missing",
        "empty",
    ]
    .iter()
    .any(|w| w.as_bytes() == s.as_bytes())
}

/// One character repeated (`aaaa`, `0000`), the shape of a filler.
fn is_repeated(t: &[u8]) -> bool {
    t.len() >= 3 && t.iter().all(|b| *b == t[0])
}

/// `sk_live_`, `ghp_xxxx`, `sk-YOUR_KEY`: a known prefix followed by nothing or by filler.
fn is_prefix_only(t: &[u8]) -> bool {
    let Some(p) = providers::token_prefix(t) else {
        return false;
    };
    let rest = &t[p.prefix.len()..];
    rest.is_empty() || is_masked(rest) || is_repeated(rest) || placeholder_in_part(rest).is_some()
}

// ---- URL ------------------------------------------------------------------------------------

/// Query names that carry URL signatures: a signed URL is meant to travel in the URL.
fn is_signature_param(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.contains("sig") || n.contains("credential") || n == "awsaccesskeyid" || n == "x-amz-date"
}

fn check_url(req: &Request, ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let url = req.url();
    if !url.username().is_empty() || url.password().is_some() {
        out.push(Finding {
            code: "credential_in_url",
            severity: Severity::Warning,
            location: Location::UrlUserinfo,
            message: "the URL carries user:password@, which ends up in logs, histories and Referer headers; send an Authorization header instead (RFC 9110 §4.2.4)".to_owned(),
        });
        let user = percent_decode(url.username());
        let pass = url.password().map(percent_decode).unwrap_or_default();
        let hit = placeholder_in_part(&user)
            .map(|w| ("user name", w))
            .or_else(|| placeholder_in_part(&pass).map(|w| ("password", w)));
        if let Some((part, why)) = hit {
            out.push(Finding {
                code: "placeholder",
                severity: Severity::Error,
                location: Location::UrlUserinfo,
                message: format!(
                    "the URL {part} is {why}; the variable or secret that should hold it was likely never loaded"
                ),
            });
        }
    }
    if url.query().is_none() {
        return;
    }
    for (k, v) in url.query_pairs() {
        if !credential::is_key_param(&k, ctx.names) {
            continue;
        }
        let location = || Location::Query(k.clone().into_owned());
        if !is_signature_param(&k) {
            out.push(Finding {
                code: "credential_in_url",
                severity: Severity::Warning,
                location: location(),
                message: format!(
                    "the query parameter {k} carries a credential, which servers, proxies and Referer headers record; send it in a header (RFC 6750 §2.3, RFC 9700 §4.3.2)"
                ),
            });
        }
        let subject = Subject::new(Role::Query, &k, v.as_bytes());
        validate(&subject, ctx, location, out);
    }
}

fn percent_decode(s: &str) -> Vec<u8> {
    url::form_urlencoded::parse(format!("x={}", s.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned().into_bytes())
        .unwrap_or_default()
}

// ---- the request as a whole -----------------------------------------------------------------

type RequestCheck = fn(&mut Request, &Ctx<'_>, &mut Vec<Finding>);

/// Checks of the request as a whole, run before the per-credential ones.
const REQUEST_CHECKS: &[RequestCheck] =
    &[duplicate_authorization, plaintext_http, misspelled_header];

/// `duplicate_authorization`: the field is not a list (RFC 9110 §5.3, §11.6.2), so servers read
/// the first, the last, or reject the request.
fn duplicate_authorization(req: &mut Request, _: &Ctx<'_>, out: &mut Vec<Finding>) {
    // One pass over the (few) headers: cheaper than two lookups by name.
    let (mut auth, mut proxy) = (0, 0);
    for name in req.headers().keys() {
        if *name == AUTHORIZATION {
            auth = req.headers().get_all(name).iter().count();
        } else if *name == PROXY_AUTHORIZATION {
            proxy = req.headers().get_all(name).iter().count();
        }
    }
    for (name, n) in [(AUTHORIZATION, auth), (PROXY_AUTHORIZATION, proxy)] {
        if n > 1 {
            out.push(Finding {
                code: "duplicate_authorization",
                severity: Severity::Error,
                location: Location::Header(name.clone()),
                message: format!(
                    "{n} {} headers in one request; servers read the first, the last, or reject the request",
                    header_title(name.as_str())
                ),
            });
        }
    }
}

/// `plaintext_http`: reported, never fixed: rewriting the scheme would send the request
/// somewhere the caller did not name.
fn plaintext_http(req: &mut Request, ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let url = req.url();
    if url.scheme() != "http" || is_loopback(url) || !credential::any_present(req, ctx.names) {
        return;
    }
    let location = first_location(req, ctx.names);
    out.push(Finding {
        code: "plaintext_http",
        severity: Severity::Error,
        location,
        message: format!(
            "a credential is sent over plaintext http:// to {}, where anyone on the path can read it; use https:// (the scheme is never changed for you)",
            url.host_str().unwrap_or("the server")
        ),
    });
}

fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => {
            let d = d.trim_end_matches('.').to_ascii_lowercase();
            d == "localhost" || d.ends_with(".localhost")
        }
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// Where the first credential of the request travels (the order of `credential::find`).
fn first_location(req: &Request, names: &Names) -> Location {
    let h = req.headers();
    for name in [AUTHORIZATION, PROXY_AUTHORIZATION] {
        if h.contains_key(&name) {
            return Location::Header(name);
        }
    }
    if let Some(name) = h.keys().find(|n| header_role(n, names) == Some(Role::Key)) {
        return Location::Header(name.clone());
    }
    // Headers named with credential words, the URL (userinfo, query, path), cookies.
    credential::find(req, names)
        .into_iter()
        .map(|c| c.location)
        .find(|l| !matches!(l, Location::Cookie(_)))
        .unwrap_or(Location::Header(COOKIE))
}

/// Misspellings too far from the right name for an edit distance.
const MISSPELLINGS: &[(&str, &str)] = &[
    ("authentication", "authorization"),
    ("proxy-authentication", "proxy-authorization"),
    ("auth", "authorization"),
];

/// Request headers that are never credentials, skipped before any comparison.
const ORDINARY_HEADERS: &[&str] = &[
    "accept",
    "accept-encoding",
    "accept-language",
    "cache-control",
    "connection",
    "content-encoding",
    "content-length",
    "content-type",
    "host",
    "if-match",
    "if-none-match",
    "origin",
    "referer",
    "traceparent",
    "tracestate",
    "user-agent",
    "x-request-id",
];

/// Credential-like last words for "same header, other last word" against configured names.
const CREDENTIAL_WORDS: &[&str] = &[
    "key", "token", "secret", "auth", "apikey", "pat", "password",
];

/// `misspelled_header`: a header that is almost a credential header, while the real one is
/// absent. The misspelled header is marked sensitive too: it most likely holds a credential.
fn misspelled_header(req: &mut Request, ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let names = ctx.names;
    let mut hits: Vec<(HeaderName, String, bool)> = Vec::new();
    for name in req.headers().keys() {
        let n = name.as_str();
        if header_role(name, names).is_some() || ORDINARY_HEADERS.contains(&n) {
            continue;
        }
        let Some(meant) = suggestion(n, names) else {
            continue;
        };
        // A name made of credential words (`x-apikey`, `x-api-token`) is a credential header
        // of its own that some server reads: not a misspelling of a built-in name. Near a name
        // the client configured, it still is one.
        let configured = names.headers.iter().any(|h| h.as_str() == meant);
        if credential::is_word_header(name) && !configured {
            continue;
        }
        let present = req.headers().contains_key(meant.as_str());
        hits.push((name.clone(), meant, present));
    }
    for (name, meant, present) in hits {
        if let http::header::Entry::Occupied(mut e) = req.headers_mut().entry(&name) {
            for v in e.iter_mut() {
                v.set_sensitive(true);
            }
        }
        if present {
            continue;
        }
        out.push(Finding {
            code: "misspelled_header",
            severity: Severity::Warning,
            location: Location::Header(name.clone()),
            message: format!(
                "header {} is not a credential header the server reads; did you mean {}?",
                name.as_str(),
                header_title(&meant)
            ),
        });
    }
}

/// The credential header `n` was probably meant to be.
fn suggestion(n: &str, names: &Names) -> Option<String> {
    if let Some((_, meant)) = MISSPELLINGS.iter().find(|(wrong, _)| *wrong == n) {
        return Some((*meant).to_owned());
    }
    let known = ["authorization", "proxy-authorization"]
        .into_iter()
        .chain(KEY_HEADERS.iter().copied())
        .chain(names.headers.iter().map(HeaderName::as_str));
    for k in known {
        // `x-authorization` and friends are real headers of some APIs, not typos.
        if n.strip_prefix("x-") == Some(k) {
            continue;
        }
        let max = if k.len() >= 12 { 2 } else { 1 };
        if n.len().abs_diff(k.len()) <= max && edit_distance(n.as_bytes(), k.as_bytes(), max) {
            return Some(k.to_owned());
        }
    }
    // `x-api-token` where `x-api-key` was configured: same words, another credential word.
    let (head, last) = n.rsplit_once(['-', '_'])?;
    names
        .headers
        .iter()
        .find(|k| {
            k.as_str()
                .rsplit_once(['-', '_'])
                .is_some_and(|(khead, klast)| {
                    khead == head
                        && CREDENTIAL_WORDS.contains(&last)
                        && CREDENTIAL_WORDS.contains(&klast)
                })
        })
        .map(|k| k.as_str().to_owned())
}

/// Whether the optimal-string-alignment distance (Damerau–Levenshtein with adjacent
/// transpositions) between `a` and `b` is at most `max`. Allocation-free for names up to 48
/// bytes; longer names are never compared.
fn edit_distance(a: &[u8], b: &[u8], max: usize) -> bool {
    const N: usize = 49;
    if a.len() >= N || b.len() >= N {
        return false;
    }
    let (mut prev2, mut prev, mut cur) = ([0usize; N], [0usize; N], [0usize; N]);
    for (j, p) in prev.iter_mut().enumerate().take(b.len() + 1) {
        *p = j;
    }
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(prev2[j - 2] + 1);
            }
            cur[j] = d;
            row_min = row_min.min(d);
        }
        if row_min > max {
            return false;
        }
        prev2 = prev;
        prev = cur;
    }
    prev[b.len()] <= max
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Secret;
    use crate::source::{self, CredentialSource};

    const NOW: u64 = 1_700_000_000;

    fn ctx_at<'a>(names: &'a Names, clean: &'a Clean, secs: u64) -> Ctx<'a> {
        Ctx {
            mode: Preflight::Repair,
            now: UNIX_EPOCH + Duration::from_secs(secs),
            leeway: Duration::from_secs(60),
            environment: None,
            names,
            clean: Some(clean),
        }
    }

    fn with_auth(v: &str) -> Request {
        let mut r = Request::new(
            http::Method::GET,
            "https://api.example.com/".parse().unwrap(),
        );
        r.headers_mut()
            .insert(AUTHORIZATION, HeaderValue::from_str(v).unwrap());
        r
    }

    #[test]
    fn clean_values_are_remembered_until_a_jwt_expires() {
        let names = Names::default();
        let clean = Clean::default();
        // A plain key: remembered for good, and still marked sensitive when skipped.
        for _ in 0..2 {
            let mut r = with_auth("Bearer FAKEkey0123456789abcdef");
            assert!(check_with(&mut r, &ctx_at(&names, &clean, NOW)).is_empty());
            assert!(r.headers()[AUTHORIZATION].is_sensitive());
        }
        let key = clean.key(&AUTHORIZATION, b"Bearer FAKEkey0123456789abcdef");
        assert!(clean.contains(key, u64::MAX - 1));
        // A JWT: remembered until exp + leeway, then checked (and flagged) again.
        let token = format!("Bearer {}", jwt(&format!(r#"{{"exp":{}}}"#, NOW + 10)));
        let mut r = with_auth(&token);
        assert!(check_with(&mut r, &ctx_at(&names, &clean, NOW)).is_empty());
        let key = clean.key(&AUTHORIZATION, token.as_bytes());
        assert!(clean.contains(key, NOW + 69));
        assert!(!clean.contains(key, NOW + 70));
        let mut r = with_auth(&token);
        let late = check_with(&mut r, &ctx_at(&names, &clean, NOW + 71));
        assert_eq!(
            late.iter().map(|f| f.code).collect::<Vec<_>>(),
            ["jwt_expired"]
        );
        // A value with findings is never remembered.
        let mut r = with_auth("Bearer  FAKEkey0123456789abcdef");
        assert!(!check_with(&mut r, &ctx_at(&names, &clean, NOW)).is_empty());
        let key = clean.key(&AUTHORIZATION, b"Bearer  FAKEkey0123456789abcdef");
        assert!(!clean.contains(key, NOW));
    }

    #[test]
    fn clean_memory_is_bounded_and_holds_no_secret() {
        let clean = Clean::default();
        for i in 0..CLEAN_SLOTS as u64 * 3 {
            clean.insert(i + 1, u64::MAX);
        }
        let held = clean.lock().slots.iter().filter(|(k, _)| *k != 0).count();
        assert_eq!(held, CLEAN_SLOTS);
        // The oldest went first.
        assert!(!clean.contains(1, 0));
        assert!(clean.contains(CLEAN_SLOTS as u64 * 3, 0));
        let names = Names::default();
        let mut r = with_auth("Bearer FAKESECRETkey0123456789");
        check_with(&mut r, &ctx_at(&names, &clean, NOW));
        assert!(!format!("{clean:?}").contains("FAKESECRET"));
    }

    fn jwt(claims: &str) -> String {
        use base64::engine::general_purpose::URL_SAFE_NO_PAD;
        format!(
            "eyJhbGciOiJIUzI1NiJ9.{}.RkFLRVNFQ1JFVHNpZw",
            URL_SAFE_NO_PAD.encode(claims)
        )
    }

    fn b64(s: &[u8]) -> String {
        STANDARD.encode(s)
    }

    struct Case {
        url: &'static str,
        headers: Vec<(&'static str, Vec<u8>)>,
        env: Option<Environment>,
        configured: &'static [&'static str],
    }

    fn case(headers: &[(&'static str, &[u8])]) -> Case {
        Case {
            url: "https://api.example.com/v1",
            headers: headers.iter().map(|(k, v)| (*k, v.to_vec())).collect(),
            env: None,
            configured: &[],
        }
    }

    fn auth(v: impl AsRef<[u8]>) -> Case {
        case(&[("authorization", v.as_ref())])
    }

    fn request(c: &Case) -> Request {
        let mut r = Request::new(reqwest::Method::GET, c.url.parse().unwrap());
        for (k, v) in &c.headers {
            r.headers_mut().append(
                HeaderName::from_bytes(k.as_bytes()).unwrap(),
                HeaderValue::from_bytes(v).unwrap(),
            );
        }
        r
    }

    fn run_on(r: &mut Request, c: &Case, mode: Preflight) -> Vec<Finding> {
        let names = Names {
            headers: c
                .configured
                .iter()
                .map(|h| HeaderName::from_static(h))
                .collect(),
            query: vec![],
        };
        let ctx = Ctx {
            mode,
            now: UNIX_EPOCH + Duration::from_secs(NOW),
            leeway: Duration::from_secs(60),
            environment: c.env,
            names: &names,
            clean: None,
        };
        check_with(r, &ctx)
    }

    fn run(c: &Case, mode: Preflight) -> (Request, Vec<Finding>) {
        let mut r = request(c);
        let f = run_on(&mut r, c, mode);
        (r, f)
    }

    fn codes(f: &[Finding]) -> Vec<&'static str> {
        f.iter().map(|f| f.code).collect()
    }

    /// One case per code (several for some), each with "FAKESECRET" in its secret part where
    /// the check allows one.
    fn firing() -> Vec<(&'static str, Case)> {
        let with_env = |mut c: Case, e| {
            c.env = Some(e);
            c
        };
        let at = |mut c: Case, url| {
            c.url = url;
            c
        };
        vec![
            ("leading_whitespace", auth("  Bearer FAKESECRETtok0123")),
            ("trailing_whitespace", auth("Bearer FAKESECRETtok0123 \t")),
            (
                "extra_space_after_scheme",
                auth("Bearer   FAKESECRETtok0123"),
            ),
            (
                "extra_space_after_scheme",
                auth("Bearer\tFAKESECRETtok0123"),
            ),
            ("quoted_token", auth("Bearer \"FAKESECRETtok0123\"")),
            (
                "quoted_token",
                auth("Bearer \u{201C}FAKESECRETtok0123\u{201D}"),
            ),
            (
                "quoted_token",
                auth("Bearer \u{2018}FAKESECRETtok0123\u{2019}"),
            ),
            ("quoted_token", auth("'Bearer FAKESECRETtok0123'")),
            (
                "quoted_token",
                case(&[("x-api-key", b"`FAKESECRETtok0123`")]),
            ),
            (
                "invisible_character",
                auth("Bearer FAKESECRET\u{200B}tok0123"),
            ),
            (
                "invisible_character",
                auth("\u{FEFF}Bearer FAKESECRETtok0123"),
            ),
            ("invisible_character", auth("Bearer\u{A0}FAKESECRETtok0123")),
            (
                "invisible_character",
                auth("Bearer FAKESECRET\u{200D}\u{200C}tok0123"),
            ),
            (
                "invisible_character",
                case(&[("x-api-key", "FAKESECRETtok0123\u{A0}".as_bytes())]),
            ),
            ("non_ascii_character", auth("Bearer FAKESECRETt\u{F6}k0123")),
            ("non_ascii_character", auth(b"Bearer FAKESECRETt\xE9k0123")),
            ("doubled_scheme", auth("Bearer Bearer FAKESECRETtok0123")),
            ("decorated_scheme", auth("Bearer: FAKESECRETtok0123")),
            ("decorated_scheme", auth("Bearer=FAKESECRETtok0123")),
            (
                "decorated_scheme",
                auth("Authorization: Bearer FAKESECRETtok0123"),
            ),
            ("scheme_case", auth("bearer FAKESECRETtok0123")),
            ("scheme_case", auth("BEARER FAKESECRETtok0123")),
            (
                "scheme_case",
                auth(format!("basic {}", b64(b"user:FAKESECRET"))),
            ),
            ("missing_scheme", auth("FAKESECRETtok0123456789")),
            ("missing_scheme", auth(jwt(r#"{"sub":"FAKESECRET"}"#))),
            ("empty_credential", auth("Bearer")),
            ("empty_credential", auth("Bearer ")),
            ("empty_credential", auth("")),
            ("empty_credential", case(&[("x-api-key", b"")])),
            (
                "empty_credential",
                at(
                    auth("Bearer FAKESECRETtok0123"),
                    "https://api.example.com/?api_key=",
                ),
            ),
            ("placeholder", auth("Bearer YOUR_API_KEY")),
            ("placeholder", auth("Bearer <token>")),
            ("placeholder", auth("Bearer your-api-key")),
            ("placeholder", auth("Bearer xxxxxxxxxxxx")),
            ("placeholder", auth("Bearer xxxx-xxxx-xxxx")),
            ("placeholder", auth("Bearer changeme")),
            ("placeholder", auth("Bearer REPLACE_ME")),
            ("placeholder", auth("Bearer undefined")),
            ("placeholder", auth("Bearer null")),
            ("placeholder", auth("Bearer None")),
            ("placeholder", auth("Bearer nil")),
            ("placeholder", auth("Bearer $API_KEY")),
            ("placeholder", auth("Bearer ${API_KEY}")),
            ("placeholder", auth("Bearer %API_KEY%")),
            ("placeholder", auth("Bearer {{api_key}}")),
            ("placeholder", auth("Bearer aaaaaaaa")),
            ("placeholder", auth("Bearer Bearer")),
            ("placeholder", auth("Bearer OPENAI_API_KEY")),
            ("placeholder", auth("Bearer sk_live_\u{2026}")),
            ("placeholder", auth("Bearer sk-proj-...FAKE")),
            ("placeholder", auth("Bearer ghp_xxxxxxxxxxxxxxxxxxxx")),
            ("placeholder", auth("Bearer [object Object]")),
            ("placeholder", auth("Bearer process.env.API_KEY")),
            ("placeholder", auth("None")),
            (
                "placeholder",
                auth(format!("Basic {}", b64(b"undefined:undefined"))),
            ),
            (
                "placeholder",
                case(&[("x-api-key", b"PASTE_YOUR_KEY_HERE")]),
            ),
            (
                "placeholder",
                at(
                    auth("Bearer FAKESECRETtok0123"),
                    "https://api.example.com/?api_key=%24%7BAPI_KEY%7D",
                ),
            ),
            ("basic_not_base64", auth("Basic FAKE!SECRET")),
            ("basic_not_base64", auth("Basic user:FAKESECRET")),
            (
                "basic_no_colon",
                auth(format!("Basic {}", b64(b"FAKESECRETnocolon"))),
            ),
            (
                "basic_empty_user",
                auth(format!("Basic {}", b64(b":FAKESECRET"))),
            ),
            (
                "basic_control_character",
                auth(format!("Basic {}", b64(b"user:FAKE\x01SECRET"))),
            ),
            (
                "basic_control_character",
                auth(format!("Basic {}", b64(b"user:FAKESECRET\n"))),
            ),
            (
                "bearer_token_as_basic",
                auth("Basic ghp_FAKESECRET0123456789abcdefghijkl"),
            ),
            (
                "bearer_token_as_basic",
                auth(format!("Basic {}", jwt(r#"{"sub":"FAKESECRET"}"#))),
            ),
            (
                "jwt_expired",
                auth(format!(
                    "Bearer {}",
                    jwt(&format!(r#"{{"exp":{}}}"#, NOW - 3600))
                )),
            ),
            (
                "jwt_not_yet_valid",
                auth(format!(
                    "Bearer {}",
                    jwt(&format!(r#"{{"nbf":{}}}"#, NOW + 3600))
                )),
            ),
            (
                "jwt_unreadable",
                auth("Bearer eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.RkFLRVNFQ1JFVA"),
            ),
            (
                "publishable_key",
                auth("Bearer pk_live_FAKESECRET0123456789"),
            ),
            ("refresh_token", auth("Bearer ghr_FAKESECRET0123456789")),
            (
                "test_key_in_production",
                with_env(
                    auth("Bearer sk_test_FAKESECRET0123456789"),
                    Environment::Production,
                ),
            ),
            (
                "test_key_in_production",
                with_env(
                    case(&[("x-api-key", b"rk_test_FAKESECRET0123456789")]),
                    Environment::Production,
                ),
            ),
            (
                "live_key_in_test",
                with_env(
                    auth("Bearer sk_live_FAKESECRET0123456789"),
                    Environment::Test,
                ),
            ),
            (
                "duplicate_authorization",
                case(&[
                    ("authorization", b"Bearer FAKESECRETone0123"),
                    ("authorization", b"Bearer FAKESECRETtwo0123"),
                ]),
            ),
            (
                "plaintext_http",
                at(
                    auth("Bearer FAKESECRETtok0123"),
                    "http://api.example.com/v1",
                ),
            ),
            (
                "plaintext_http",
                at(
                    case(&[("cookie", b"session=FAKESECRET")]),
                    "http://10.0.0.7/",
                ),
            ),
            (
                "credential_in_url",
                at(
                    case(&[]),
                    "https://api.example.com/?api_key=FAKESECRETtok0123",
                ),
            ),
            (
                "credential_in_url",
                at(case(&[]), "https://user:FAKESECRET@api.example.com/"),
            ),
            (
                "misspelled_header",
                case(&[("authorisation", b"Bearer FAKESECRETtok0123")]),
            ),
            (
                "misspelled_header",
                case(&[("authorizaton", b"Bearer FAKESECRETtok0123")]),
            ),
            (
                "misspelled_header",
                case(&[("authentication", b"Bearer FAKESECRETtok0123")]),
            ),
            (
                "misspelled_header",
                case(&[("x-api-kee", b"FAKESECRETtok0123")]),
            ),
            (
                "misspelled_header",
                Case {
                    configured: &["x-tenant-key"],
                    ..case(&[("x-tenant-token", b"FAKESECRETtok0123")])
                },
            ),
        ]
    }

    #[test]
    fn every_code_fires() {
        for (code, c) in firing() {
            let (_, f) = run(&c, Preflight::Observe);
            assert!(
                codes(&f).contains(&code),
                "{code} did not fire for {:?}: {:?}",
                c.headers,
                f
            );
        }
    }

    /// Every code is covered by `firing` or by a credential source, and every code is listed.
    #[test]
    fn codes_are_covered_and_listed() {
        let fired: Vec<&str> = firing().iter().map(|(c, _)| *c).collect();
        for code in CODES {
            assert!(
                fired.contains(code) || code.starts_with("source_"),
                "no case for {code}"
            );
        }
        for (_, c) in firing() {
            for f in run(&c, Preflight::Observe).1 {
                assert!(CODES.contains(&f.code), "{} is not in CODES", f.code);
            }
        }
    }

    #[test]
    fn messages_never_contain_the_secret() {
        let mut all = Vec::new();
        for (_, c) in firing() {
            for mode in [Preflight::Observe, Preflight::Repair, Preflight::Strict] {
                let (_, f) = run(&c, mode);
                let secrets: Vec<Vec<u8>> = c.headers.iter().map(|(_, v)| v.clone()).collect();
                all.extend(f.into_iter().map(|f| (f, secrets.clone(), c.url)));
            }
        }
        let unset = CredentialSource::env("REQWEST_AUTH_EXPLAIN_PREFLIGHT_UNSET_5K");
        let quoted = CredentialSource::value(Secret::new("\"FAKESECRETtok0123\""));
        let mut r = Request::new(reqwest::Method::GET, "https://a.test/".parse().unwrap());
        all.extend(
            source::inject(&mut r, Some(&unset), &[])
                .1
                .into_iter()
                .map(|f| (f, vec![], "")),
        );
        all.extend(
            source::inject(&mut r, Some(&quoted), &[])
                .1
                .into_iter()
                .map(|f| (f, vec![b"\"FAKESECRETtok0123\"".to_vec()], "")),
        );
        let seen: Vec<&str> = all.iter().map(|(f, _, _)| f.code).collect();
        for code in CODES {
            assert!(seen.contains(code), "no message checked for {code}");
        }
        for (f, secrets, url) in &all {
            let m = &f.message;
            assert!(!m.contains("FAKESECRET"), "{}: {m}", f.code);
            assert!(!m.contains("FAKE"), "{}: {m}", f.code);
            for s in secrets {
                let s = String::from_utf8_lossy(s);
                let token = s.split_whitespace().last().unwrap_or("");
                if token.len() >= 6 && !is_known_scheme(token.as_bytes()) {
                    assert!(!m.contains(token), "{}: {m}", f.code);
                }
            }
            if let Some(q) = url.split_once('?') {
                let v = q.1.split('=').nth(1).unwrap_or("");
                if v.len() >= 6 {
                    assert!(!m.contains(v), "{}: {m}", f.code);
                }
            }
        }
    }

    #[test]
    fn clean_credentials_have_no_finding() {
        let clean = [
            auth("Bearer sk_test_4eC39HqLyjWDarjtT1zdp7dc"),
            auth("Bearer sk_live_51Hxyzab4eC39HqLyjWDarjtT1zdp7dc"),
            auth("Bearer 0123456789abcdef0123456789abcdef"),
            auth(format!(
                "Bearer {}",
                jwt(&format!(r#"{{"exp":{},"sub":"x"}}"#, NOW + 3600))
            )),
            auth(format!(
                "Bearer {}",
                jwt(&format!(r#"{{"exp":{}}}"#, NOW - 30))
            )), // within leeway
            auth("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="),
            auth(format!(
                "Basic {}",
                b64(b"api:key-3ax6xnjp29jd6fds4gc373sgvjxteol0")
            )),
            auth(format!(
                "Basic {}",
                b64(b"sk_live_51Hxyzab4eC39HqLyjWDarjtT1zdp7dc:")
            )),
            auth(format!("Basic {}", b64(b"api:key"))),
            auth("token ghp_16C7e42F292c6912E7710c838347Ae178B4a"),
            auth("Bot MTk4NjIyNDgzNDcxOTI1MjQ4.Cl2FMQ.ZnCjm1XVW7vRze4b7Cq4se7kKWs"),
            auth("DPoP Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU"),
            auth(
                r#"Digest username="Mufasa", realm="http-auth@example.org", uri="/dir/index.html", algorithm=SHA-256, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", nc=00000001, qop=auth, cnonce="f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", response="753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS""#,
            ),
            auth(
                "AWS4-HMAC-SHA256 Credential=AKIAJ3XMPL2Q7ZRT5D4N/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-date, Signature=fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024",
            ),
            auth(r#"Custom id="a1b2c3d4e5f6""#),
            case(&[("x-api-key", b"3f2a9c1b7d04e5f6a7b8c9d0e1f2a3b4")]),
            case(&[(
                "x-api-key",
                b"sk-ant-api03-R2D2C3POr2d2c3poR2D2C3PO-abcdEFGH",
            )]),
            case(&[("cookie", b"session=abc; theme=dark")]),
            case(&[("proxy-authorization", b"Basic dXNlcjpwYXNz")]),
            Case {
                url: "https://bucket.s3.amazonaws.com/k?X-Amz-Credential=AKIAJ3XMPL2Q7ZRT5D4N%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Signature=fe5f80f77d5f",
                ..case(&[])
            },
            Case {
                url: "http://127.0.0.1:8080/v1",
                ..auth("Bearer 0123456789abcdef0123456789abcdef")
            },
            Case {
                url: "http://localhost/v1",
                ..auth("Bearer 0123456789abcdef0123456789abcdef")
            },
            Case {
                env: Some(Environment::Production),
                ..auth("Bearer sk_live_51Hxyzab4eC39HqLyjWDarjtT1zdp7dc")
            },
            Case {
                env: Some(Environment::Test),
                ..auth("Bearer sk_test_4eC39HqLyjWDarjtT1zdp7dc")
            },
            case(&[
                ("accept", b"*/*"),
                ("x-api-version", b"2"),
                ("x-authorization", b"ok"),
            ]),
        ];
        for c in &clean {
            for mode in [Preflight::Observe, Preflight::Repair, Preflight::Strict] {
                let (r, f) = run(c, mode);
                assert!(f.is_empty(), "{:?} in {mode:?}: {f:?}", c.headers);
                for (k, v) in &c.headers {
                    assert_eq!(r.headers()[*k].as_bytes(), v.as_slice());
                }
            }
        }
    }

    #[test]
    fn repairs_and_their_results() {
        let cases: &[(&[u8], &str, &[u8])] = &[
            (
                b"  Bearer FAKEtok0123 \t",
                "authorization",
                b"Bearer FAKEtok0123",
            ),
            (
                "  Bearer \u{201C}FAKEtok0123\u{201D}\u{200B} ".as_bytes(),
                "authorization",
                b"Bearer FAKEtok0123",
            ),
            (
                "Bearer\u{A0}FAKEtok0123".as_bytes(),
                "authorization",
                b"Bearer FAKEtok0123",
            ),
            (
                "\u{FEFF}Bearer FAKEtok0123".as_bytes(),
                "authorization",
                b"Bearer FAKEtok0123",
            ),
            (
                "Bearer FAKE\u{200B}tok0123".as_bytes(),
                "authorization",
                b"Bearer FAKEtok0123",
            ),
            (
                b"Authorization: Bearer FAKEtok0123",
                "authorization",
                b"Bearer FAKEtok0123",
            ),
            (
                b"Bearer=FAKEtok0123",
                "authorization",
                b"Bearer FAKEtok0123",
            ),
            (
                b"bearer Bearer FAKEtok0123",
                "authorization",
                b"Bearer FAKEtok0123",
            ),
            (
                b"BEARER   FAKEtok0123",
                "authorization",
                b"Bearer FAKEtok0123",
            ),
            (
                b"\"Bearer  FAKEtok0123 \"",
                "authorization",
                b"Bearer FAKEtok0123",
            ),
            (
                b"Basic dXNlcjpwYXNzCg==",
                "authorization",
                b"Basic dXNlcjpwYXNz",
            ),
            (
                b"basic dXNlcjpwYXNz",
                "authorization",
                b"Basic dXNlcjpwYXNz",
            ),
            (b"'FAKEtok0123' ", "x-api-key", b"FAKEtok0123"),
            (b"Bearer YWJjZA==\"", "authorization", b"Bearer YWJjZA=="),
        ];
        for (raw, header, want) in cases {
            let c = case(&[(header, raw)]);
            let (r, f) = run(&c, Preflight::Repair);
            assert!(!f.is_empty());
            assert!(f.iter().all(|f| f.severity == Severity::Repaired), "{f:?}");
            let got = r.headers()[*header].clone();
            assert_eq!(got.as_bytes(), *want, "{}", String::from_utf8_lossy(raw));
            assert!(got.is_sensitive());
            // Idempotent: the repaired value has nothing left to repair.
            let again = case(&[(header, got.as_bytes())]);
            assert!(run(&again, Preflight::Repair).1.is_empty());

            for mode in [Preflight::Observe, Preflight::Strict] {
                let (r, f) = run(&c, mode);
                assert_eq!(
                    r.headers()[*header].as_bytes(),
                    *raw,
                    "{mode:?} changed bytes"
                );
                assert!(r.headers()[*header].is_sensitive());
                if mode == Preflight::Strict {
                    assert!(f.iter().all(|f| f.severity == Severity::Error));
                }
            }
        }
    }

    #[test]
    fn repair_is_idempotent_for_every_firing_case() {
        for (code, c) in firing() {
            let (mut r, first) = run(&c, Preflight::Repair);
            let second = run_on(&mut r, &c, Preflight::Repair);
            assert!(
                second.iter().all(|f| f.severity != Severity::Repaired),
                "{code}: {second:?}"
            );
            let left: Vec<_> = first
                .iter()
                .filter(|f| f.severity != Severity::Repaired)
                .map(|f| f.code)
                .collect();
            assert_eq!(codes(&second), left, "{code}");
        }
    }

    #[test]
    fn repair_reaches_a_fixed_point_however_deep_the_layers() {
        // Found by the `preflight_repair` fuzz target: each pass peels one layer, and a fixed
        // number of passes left layers for the next request to repair.
        let cases: Vec<Vec<u8>> = vec![
            [b"'".repeat(14), b"FAKEtok0950".to_vec()].concat(),
            b"Bearer Bearer Bearer Bearer Bearer Bearer FAKEtok0950".to_vec(),
            b"Authorization: Authorization: Authorization: Authorization: Authorization: Bearer FAKEtok0950".to_vec(),
            b"Bearer \"'`\"'`\"'`FAKEtok0950`'\"`'\"`'\"".to_vec(),
            "\u{200b}\"\u{feff}'\u{200b}\"\u{feff}'\u{200b}\"\u{feff}' Bearer  FAKEtok0950"
                .as_bytes()
                .to_vec(),
        ];
        for v in cases {
            let c = auth(&v);
            let (mut r, _) = run(&c, Preflight::Repair);
            let once = r.headers()[AUTHORIZATION].as_bytes().to_vec();
            let second = run_on(&mut r, &c, Preflight::Repair);
            assert!(
                second.iter().all(|f| f.severity != Severity::Repaired),
                "{}: {second:?}",
                String::from_utf8_lossy(&v)
            );
            assert_eq!(r.headers()[AUTHORIZATION].as_bytes(), once);
        }
    }

    #[test]
    fn observe_severities() {
        let (_, f) = run(&auth("bearer FAKEtok0123 "), Preflight::Observe);
        assert!(f.iter().all(|f| f.severity == Severity::Warning), "{f:?}");
        let (_, f) = run(&auth("Bearer \"FAKEtok0123\""), Preflight::Observe);
        assert_eq!(f[0].severity, Severity::Error);
    }

    #[test]
    fn invisible_character_message_names_it() {
        let (_, f) = run(&auth("Bearer FAKESECRET\u{200B}tok"), Preflight::Repair);
        assert_eq!(
            f[0].message,
            "the value contains an invisible character: U+200B ZERO WIDTH SPACE at position 18"
        );
    }

    #[test]
    fn credential_headers_leave_sensitive() {
        let c = case(&[
            ("authorization", b"Bearer FAKEtok0123"),
            ("proxy-authorization", b"Basic dXNlcjpwYXNz"),
            ("x-api-key", b"FAKEkey0123"),
            ("cookie", b"session=FAKE"),
            ("authorisation", b"Bearer FAKE"),
            ("accept", b"*/*"),
        ]);
        for mode in [Preflight::Observe, Preflight::Repair, Preflight::Strict] {
            let (r, _) = run(&c, mode);
            for h in [
                "authorization",
                "proxy-authorization",
                "x-api-key",
                "cookie",
                "authorisation",
            ] {
                assert!(r.headers()[h].is_sensitive(), "{h} in {mode:?}");
            }
            assert!(!r.headers()["accept"].is_sensitive());
        }
    }

    #[test]
    fn placeholder_wins_over_missing_scheme() {
        let (_, f) = run(&auth("None"), Preflight::Observe);
        assert_eq!(codes(&f), ["missing_scheme", "placeholder"]);
        let (cause, winner) = strongest_cause(&f).unwrap();
        assert_eq!(cause, Cause::PlaceholderCredentials);
        assert_eq!(winner.code, "placeholder");
    }

    #[test]
    fn misspelled_header_only_when_the_real_one_is_absent() {
        let (_, f) = run(
            &case(&[
                ("authorisation", b"Bearer FAKE"),
                ("authorization", b"Bearer FAKEtok0123"),
            ]),
            Preflight::Observe,
        );
        assert!(f.is_empty(), "{f:?}");
        let (_, f) = run(
            &case(&[("authorisation", b"Bearer FAKE")]),
            Preflight::Observe,
        );
        assert_eq!(
            f[0].message,
            "header authorisation is not a credential header the server reads; did you mean Authorization?"
        );
    }

    #[test]
    fn placeholder_detection_spares_real_keys() {
        let real: &[&[u8]] = &[
            b"sk_test_4eC39HqLyjWDarjtT1zdp7dc",
            b"sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z",
            b"ghp_16C7e42F292c6912E7710c838347Ae178B4a",
            b"xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy",
            b"AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe",
            b"QWxhZGRpbjpvcGVuIHNlc2FtZQ==",
            b"3f2a9c1b7d04e5f6a7b8c9d0e1f2a3b4",
            b"JBSWY3DPEHPK3PXP",
            b"AKIAJ3XMPL2Q7ZRT5D4N",
            b"demo",
            b"test",
            b"abc",
            b"x",
            b"tokenizer-7f3a9c2e",
            b"yourls_9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5",
        ];
        for t in real {
            assert_eq!(
                placeholder_reason(t),
                None,
                "{}",
                String::from_utf8_lossy(t)
            );
        }
        assert!(placeholder_reason(jwt(r#"{"sub":"1"}"#).as_bytes()).is_none());
        let fake: &[&[u8]] = &[
            b"YOUR_API_KEY",
            b"<token>",
            b"[API_KEY]",
            b"{token}",
            b"your-api-key",
            b"xxx",
            b"XXXXXXXXXXXXXXXX",
            b"********",
            b"changeme",
            b"REPLACE_ME",
            b"undefined",
            b"NULL",
            b"None",
            b"nil",
            b"<nil>",
            b"$TOKEN",
            b"${TOKEN}",
            b"$(cat token)",
            b"%TOKEN%",
            b"{{ token }}",
            b"0000000",
            b"Bearer",
            b"OPENAI_API_KEY",
            b"GITHUB_TOKEN",
            b"api_key",
            b"token",
            b"insert-token-here",
            b"my_api_key",
            b"sk_live_",
            b"sk-...",
            b"sk_test_XXXXXXXXXXXX",
            b"AKIAIOSFODNN7EXAMPLE",
        ];
        for t in fake {
            assert!(
                placeholder_reason(t).is_some(),
                "{}",
                String::from_utf8_lossy(t)
            );
        }
    }

    #[test]
    fn passwords_are_judged_narrowly() {
        for p in [
            &b"$ecret"[..],
            b"$Password1",
            b"hello...world",
            b"a***b",
            b"Youri",
            b"key",
            b"api",
        ] {
            assert_eq!(
                placeholder_in_part(p),
                None,
                "{}",
                String::from_utf8_lossy(p)
            );
        }
        for p in [
            &b"$API_PASSWORD"[..],
            b"${PASSWORD}",
            b"undefined",
            b"********",
            b"YOUR_PASSWORD",
        ] {
            assert!(
                placeholder_in_part(p).is_some(),
                "{}",
                String::from_utf8_lossy(p)
            );
        }
    }

    #[test]
    fn env_var_name_that_is_set_is_a_placeholder() {
        // PATH is set in any test environment, but the keyword rule does not cover it.
        assert_eq!(placeholder_reason(b"PATH"), Some(ENV_NAME));
    }

    #[test]
    fn implied_causes_stay_in_sync() {
        let none = [
            "leading_whitespace",
            "trailing_whitespace",
            "extra_space_after_scheme",
            "scheme_case",
            "jwt_unreadable",
            "live_key_in_test",
            "plaintext_http",
            "credential_in_url",
        ];
        for code in CODES {
            assert_eq!(implied_cause(code).is_none(), none.contains(code), "{code}");
            if let Some(c) = implied_cause(code) {
                assert!(CAUSE_PRIORITY.contains(&c), "{code}");
            }
        }
    }

    #[test]
    fn jwt_messages_use_dates_not_tokens() {
        let (_, f) = run(
            &auth(format!(
                "Bearer {}",
                jwt(&format!(r#"{{"exp":{}}}"#, NOW - 7200))
            )),
            Preflight::Observe,
        );
        assert_eq!(
            f[0].message,
            "the JWT expired 2 h 0 min ago (Tue, 14 Nov 2023 20:13:20 GMT), beyond the 60 s leeway; get a fresh token"
        );
    }

    #[test]
    fn edit_distance_bounds() {
        assert!(edit_distance(b"authorization", b"authorisation", 1));
        assert!(edit_distance(b"authorizatoin", b"authorization", 1));
        assert!(edit_distance(b"athorizaton", b"authorization", 2));
        assert!(!edit_distance(b"x-api-ver", b"x-api-key", 1));
        assert!(!edit_distance(b"content-type", b"x-auth-token", 2));
    }
}
