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

use std::time::{Duration, SystemTime};

use reqwest::Request;

use crate::credential::{self, Names};
use crate::explanation::Cause;
pub use crate::finding::{Finding, Severity};

mod headers;
mod memo;
mod placeholder;
pub(crate) use placeholder::names_placeholder_credential;
mod repair;
mod request;
#[cfg(test)]
mod tests;
mod validate;

use headers::check_headers;
pub(crate) use memo::Clean;
pub(crate) use placeholder::{is_env_assignment, placeholder_reason};
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
        // Copies of one `Authorization` value (URL userinfo beside the same header) leave no
        // doubt which credential the server reads.
        if self.code == "duplicate_authorization" && self.severity < Severity::Error {
            return None;
        }
        // Whitespace in a query credential is reported, not repaired: it reached the server.
        if matches!(self.code, "leading_whitespace" | "trailing_whitespace")
            && self.severity == Severity::Error
        {
            return Some(Cause::MalformedCredentials);
        }
        implied_cause(self.code)
    }

    /// Whether this finding may explain a bare refusal of the request: it implies a cause, or
    /// it is an `Authorization` value built with more than one space after its scheme, which
    /// many servers cannot split (the server's answer decides; see the diagnosis's rule 13a).
    pub(crate) fn flags_request(&self) -> bool {
        self.implied_cause().is_some()
            || (self.code == "extra_space_after_scheme"
                && matches!(&self.location, crate::Location::Header(h) if *h == http::header::AUTHORIZATION))
    }
}

#[cfg(test)]
pub(crate) use crate::finding::CODES;

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
        "misspelled_header"
        | "source_unavailable"
        | "empty_credential"
        | "credential_in_fragment" => Cause::MissingCredentials,
        "missing_scheme"
        | "basic_not_base64"
        | "basic_no_colon"
        | "basic_control_character"
        | "digest_malformed"
        | "digest_uri_mismatch"
        | "duplicate_authorization"
        | "quoted_token"
        | "invisible_character"
        | "non_ascii_character"
        | "doubled_scheme"
        | "decorated_scheme"
        | "html_escaped_url"
        | "unencoded_ampersand"
        | "jwt_truncated"
        | "env_assignment"
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

/// Runs every check on `req`'s credentials under `ctx`; in [`Preflight::Repair`] applies the
/// safe repairs in place. Returns the findings, repaired ones included. Every credential header
/// is marked sensitive, whatever the mode (the flag changes no byte on the wire).
pub(crate) fn check(req: &mut Request, ctx: &Ctx<'_>) -> Vec<Finding> {
    check_with(req, ctx)
}

/// What every check may look at besides the request.
pub(crate) struct Ctx<'a> {
    pub(crate) mode: Preflight,
    pub(crate) now: SystemTime,
    pub(crate) leeway: Duration,
    /// A JWT whose `exp` is this close gets one `jwt_expires_soon` warning; zero: none.
    pub(crate) expiry_warning: Duration,
    pub(crate) environment: Option<Environment>,
    pub(crate) names: &'a Names,
    /// Header values already found clean under this configuration.
    pub(crate) clean: Option<&'a Clean>,
    /// Lowered by the checks to the time (seconds after the epoch) until which their verdict
    /// holds: a JWT's verdict changes as its expiry nears; anything else holds for good.
    pub(crate) until: std::cell::Cell<u64>,
}

impl Ctx<'_> {
    /// Notes that a verdict holds only until `until`.
    pub(crate) fn holds_until(&self, until: u64) {
        self.until.set(self.until.get().min(until));
    }

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
