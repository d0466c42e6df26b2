//! Pre-flight: repairs and checks on the credentials of a request before it leaves.
//!
//! This module owns the public types ([`Preflight`], [`Severity`], [`Environment`],
//! [`Finding`]), the entry point [`check`] and the causes findings imply; the header walk, the
//! repairs, the validations, placeholder detection, the URL and request checks and the memo of
//! clean values each have a submodule.
//!
//! One small function per check, run from tables: [`AUTH_REPAIRS`](repair::AUTH_REPAIRS) and
//! [`KEY_REPAIRS`](repair::KEY_REPAIRS) rewrite a header value (the mode decides whether the
//! rewrite is sent), `validate::VALIDATIONS` judge the value as it would be sent after the
//! repairs, [`REQUEST_CHECKS`] look at the request as a whole.
//! Messages describe the problem (which character, where, what shape) and never quote the value.

use std::fmt;
use std::time::{Duration, SystemTime};

use reqwest::Request;
use serde::Serialize;

use crate::credential::{self, Location, Names};
use crate::explanation::Cause;
use crate::middleware::Config;

mod headers;
mod memo;
mod placeholder;
mod repair;
mod request;
#[cfg(test)]
mod tests;
mod validate;

use headers::check_headers;
pub(crate) use memo::Clean;
pub(crate) use placeholder::placeholder_reason;
pub(crate) use repair::is_quoted;
use request::{REQUEST_CHECKS, check_url};

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
