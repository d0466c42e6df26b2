//! [`Explanation`], [`Cause`] and [`CredentialInfo`]: what went wrong, in words and in JSON.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::credential::{Credential, Location};
use crate::finding::Finding;
use crate::secret::Fingerprint;

/// Why a request was rejected (or refused). Stable snake_case codes.
///
/// The codes are a contract: they appear in JSON, in tracing's `error.type` and in the
/// headline of the human form, and never change meaning. A cause deserializes from its code;
/// a code this version does not know (JSON from a newer version) is an error.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Cause {
    /// No credential reached the server.
    MissingCredentials,
    /// A credential was sent but is not well formed (no scheme, bad base64, …).
    MalformedCredentials,
    /// A placeholder (`YOUR_API_KEY`, `undefined`, `${TOKEN}`) was sent instead of a key.
    PlaceholderCredentials,
    /// The server expects another authentication scheme (`Basic` vs `Bearer`, `Bot`, …).
    WrongScheme,
    /// The server does not accept the credential.
    InvalidCredentials,
    /// The credential has expired.
    ExpiredCredentials,
    /// The credential was revoked or rotated.
    RevokedCredentials,
    /// A redirect to another host dropped the credential.
    CredentialsDroppedOnRedirect,
    /// The credential belongs to another environment (test vs live, region, tenant).
    WrongEnvironment,
    /// The client's clock is too far from the server's.
    ClockSkew,
    /// A request signature does not match what the server computed.
    SignatureMismatch,
    /// The credential lacks a scope or permission the endpoint requires.
    InsufficientScope,
    /// The key may not be used from this IP address or region.
    IpRestricted,
    /// The key may not be used from this referrer, origin or app.
    OriginRestricted,
    /// The API or endpoint is not enabled for this account or project.
    EndpointNotEnabled,
    /// The plan, billing or quota tier does not include this.
    PlanRestricted,
    /// The account is suspended, disabled or locked.
    AccountSuspended,
    /// An organization policy (SSO, 2FA, IP policy) blocks the credential.
    OrganizationPolicy,
    /// Too many requests; wait before retrying.
    RateLimited,
    /// A proxy between the client and the server asks for credentials.
    ProxyAuthRequired,
    /// 401 without enough evidence to say more.
    UnknownUnauthorized,
    /// 403 without enough evidence to say more.
    UnknownForbidden,
    /// The credential would travel where others can read it: over plaintext HTTP to a remote
    /// host. Strict pre-flight refusals carry this cause (a key in an `https://` URL is a
    /// warning, not a refusal), and so does a server's 401 or 403 to a plaintext `http://`
    /// request whose words ask for TLS ("SSL is required").
    InsecureTransport,
}

impl Cause {
    /// Every cause, in declaration order.
    ///
    /// ```
    /// use reqwest_auth_explain::Cause;
    /// assert!(Cause::ALL.contains(&Cause::RateLimited));
    /// ```
    pub const ALL: &'static [Cause] = &[
        Cause::MissingCredentials,
        Cause::MalformedCredentials,
        Cause::PlaceholderCredentials,
        Cause::WrongScheme,
        Cause::InvalidCredentials,
        Cause::ExpiredCredentials,
        Cause::RevokedCredentials,
        Cause::CredentialsDroppedOnRedirect,
        Cause::WrongEnvironment,
        Cause::ClockSkew,
        Cause::SignatureMismatch,
        Cause::InsufficientScope,
        Cause::IpRestricted,
        Cause::OriginRestricted,
        Cause::EndpointNotEnabled,
        Cause::PlanRestricted,
        Cause::AccountSuspended,
        Cause::OrganizationPolicy,
        Cause::RateLimited,
        Cause::ProxyAuthRequired,
        Cause::UnknownUnauthorized,
        Cause::UnknownForbidden,
        Cause::InsecureTransport,
    ];

    /// The stable snake_case code.
    ///
    /// ```
    /// use reqwest_auth_explain::Cause;
    /// assert_eq!(Cause::InsufficientScope.code(), "insufficient_scope");
    /// ```
    pub fn code(self) -> &'static str {
        match self {
            Cause::MissingCredentials => "missing_credentials",
            Cause::MalformedCredentials => "malformed_credentials",
            Cause::PlaceholderCredentials => "placeholder_credentials",
            Cause::WrongScheme => "wrong_scheme",
            Cause::InvalidCredentials => "invalid_credentials",
            Cause::ExpiredCredentials => "expired_credentials",
            Cause::RevokedCredentials => "revoked_credentials",
            Cause::CredentialsDroppedOnRedirect => "credentials_dropped_on_redirect",
            Cause::WrongEnvironment => "wrong_environment",
            Cause::ClockSkew => "clock_skew",
            Cause::SignatureMismatch => "signature_mismatch",
            Cause::InsufficientScope => "insufficient_scope",
            Cause::IpRestricted => "ip_restricted",
            Cause::OriginRestricted => "origin_restricted",
            Cause::EndpointNotEnabled => "endpoint_not_enabled",
            Cause::PlanRestricted => "plan_restricted",
            Cause::AccountSuspended => "account_suspended",
            Cause::OrganizationPolicy => "organization_policy",
            Cause::RateLimited => "rate_limited",
            Cause::ProxyAuthRequired => "proxy_auth_required",
            Cause::UnknownUnauthorized => "unknown_unauthorized",
            Cause::UnknownForbidden => "unknown_forbidden",
            Cause::InsecureTransport => "insecure_transport",
        }
    }

    /// The cause for a code, if it is one of ours (also available as [`str::parse`]).
    ///
    /// ```
    /// use reqwest_auth_explain::Cause;
    /// assert_eq!(Cause::from_code("clock_skew"), Some(Cause::ClockSkew));
    /// assert_eq!("rate_limited".parse::<Cause>(), Ok(Cause::RateLimited));
    /// assert!("no_such_cause".parse::<Cause>().is_err());
    /// ```
    pub fn from_code(code: &str) -> Option<Cause> {
        Cause::ALL.iter().copied().find(|c| c.code() == code)
    }

    /// A one-line summary used when nothing more specific is known.
    pub fn summary(self) -> &'static str {
        match self {
            Cause::MissingCredentials => "the server received no credential",
            Cause::MalformedCredentials => "the credential is not well formed",
            Cause::PlaceholderCredentials => {
                "a placeholder was sent instead of a real credential; the variable that should hold it was likely never loaded"
            }
            Cause::WrongScheme => "the server expects a different authentication scheme",
            Cause::InvalidCredentials => "the server does not accept the credential",
            Cause::ExpiredCredentials => "the credential has expired",
            Cause::RevokedCredentials => "the credential was revoked or rotated",
            Cause::CredentialsDroppedOnRedirect => {
                "the request was redirected to another host and the credential was not sent there"
            }
            Cause::WrongEnvironment => {
                "the credential belongs to a different environment, region or tenant"
            }
            Cause::ClockSkew => "the local clock is too far from the server's clock",
            Cause::SignatureMismatch => {
                "the request signature does not match what the server computed"
            }
            Cause::InsufficientScope => {
                "the credential lacks a scope or permission this endpoint requires"
            }
            Cause::IpRestricted => "the credential may not be used from this IP address or region",
            Cause::OriginRestricted => {
                "the credential may not be used from this referrer, origin or application"
            }
            Cause::EndpointNotEnabled => {
                "the API or endpoint is not enabled for this account or project"
            }
            Cause::PlanRestricted => {
                "the account's plan, billing or quota does not cover this request"
            }
            Cause::AccountSuspended => "the account is suspended, disabled or locked",
            Cause::OrganizationPolicy => {
                "an organization policy (SSO, 2FA, session or IP policy) blocks this credential"
            }
            Cause::RateLimited => "too many requests: the server is rate limiting this client",
            Cause::ProxyAuthRequired => {
                "a proxy between this client and the server requires authentication"
            }
            Cause::UnknownUnauthorized => {
                "the server rejected the request as unauthenticated without saying why"
            }
            Cause::UnknownForbidden => "the server refused the request without saying why",
            Cause::InsecureTransport => {
                "the credential would travel where others can read it (plaintext HTTP or the URL)"
            }
        }
    }

    /// Generic remedies, most likely first.
    pub fn remedies(self) -> &'static [&'static str] {
        match self {
            Cause::MissingCredentials => &[
                "send the credential: check that the variable or secret that holds it is set in this environment",
                "check the header name and scheme the API documents (e.g. `Authorization: Bearer <token>`)",
            ],
            Cause::MalformedCredentials => &[
                "send the credential in the form the API documents (e.g. `Authorization: Bearer <token>`)",
                "remove quotes, whitespace and newlines copied along with the key",
            ],
            Cause::PlaceholderCredentials => &[
                "load the real key: check that the environment variable or secret file is set where this process runs",
                "print the key's fingerprint (`printf %s \"$KEY\" | sha256sum | cut -c1-12`) to compare with the expected one",
            ],
            Cause::WrongScheme => &["use the scheme the server's WWW-Authenticate header names"],
            Cause::InvalidCredentials => &[
                "check that the key is complete and belongs to this API and account",
                "create a new key if this one was deleted or mistyped",
            ],
            Cause::ExpiredCredentials => &[
                "obtain a fresh token (refresh it or sign in again) and retry",
                "if tokens are cached, refresh them before their expiry time",
            ],
            Cause::RevokedCredentials => &[
                "the key was revoked or rotated: load the current key and restart processes that cached the old one",
            ],
            Cause::CredentialsDroppedOnRedirect => &[
                "call the final URL directly (check scheme, host and trailing slash)",
                "the HTTP client strips credentials on cross-host redirects by design; do not disable that",
            ],
            Cause::WrongEnvironment => &[
                "use a key from the same environment, region or tenant as the endpoint",
                "check the base URL: test vs live, sandbox vs production, regional hosts",
            ],
            Cause::ClockSkew => &[
                "synchronize the system clock (NTP: `timedatectl set-ntp true` or `chronyc makestep`)",
            ],
            Cause::SignatureMismatch => &[
                "check the secret used for signing and that the signed headers, path and body match what is sent",
            ],
            Cause::InsufficientScope => &[
                "grant the missing scope or permission to the credential, or use a credential that has it",
            ],
            Cause::IpRestricted => &[
                "add this machine's public IP address to the key's allow-list, or use a key without that restriction",
            ],
            Cause::OriginRestricted => &[
                "allow this referrer, origin or app in the key's restrictions, or use a server-side key",
            ],
            Cause::EndpointNotEnabled => {
                &["enable the API or feature for this account or project in the provider's console"]
            }
            Cause::PlanRestricted => {
                &["check the account's plan, billing and quota in the provider's console"]
            }
            Cause::AccountSuspended => {
                &["contact the provider's support or check the account's status page and email"]
            }
            Cause::OrganizationPolicy => &[
                "authorize the credential for the organization (SSO), or meet the policy (2FA, allowed IPs)",
            ],
            Cause::RateLimited => &[
                "wait before retrying (honour Retry-After), and back off exponentially",
                "lower the request rate or ask for a higher limit",
            ],
            Cause::ProxyAuthRequired => &[
                "give the proxy its credentials, e.g. `reqwest::Proxy::basic_auth` or `http://user:pass@proxy:port` in HTTPS_PROXY",
            ],
            Cause::UnknownUnauthorized => &[
                "check that the credential is present, complete and valid for this API",
                "compare with a request that works (the same key on another endpoint, or another key here) to tell the key from the endpoint",
            ],
            Cause::UnknownForbidden => &[
                "check the credential's permissions and the account's restrictions",
                "compare with a request that works (the same key on another endpoint, or another key here) to tell the key from the endpoint",
            ],
            Cause::InsecureTransport => &[
                "use https:// for any host other than this machine",
                "send the key in a header rather than in the URL, where logs and proxies record it",
            ],
        }
    }
}

/// The error of parsing a [`Cause`] from a string that is not one of its codes.
/// The input is not repeated: it may be anything.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownCause(());

impl fmt::Display for UnknownCause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a cause code (see Cause::ALL)")
    }
}

impl std::error::Error for UnknownCause {}

impl std::str::FromStr for Cause {
    type Err = UnknownCause;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Cause::from_code(s).ok_or(UnknownCause(()))
    }
}

impl Cause {
    /// Whether the first generic remedy is the general form of what a rule's specific remedy
    /// states precisely ("grant the missing scope" against "grant the scope orders:write"):
    /// after a specific remedy it would only repeat it.
    pub(crate) fn first_remedy_is_generic_twin(self) -> bool {
        matches!(
            self,
            Cause::WrongScheme
                | Cause::InsufficientScope
                | Cause::ExpiredCredentials
                | Cause::RevokedCredentials
                | Cause::RateLimited
                | Cause::ClockSkew
                | Cause::SignatureMismatch
                | Cause::IpRestricted
                | Cause::OriginRestricted
                | Cause::EndpointNotEnabled
                | Cause::PlanRestricted
                | Cause::AccountSuspended
                | Cause::OrganizationPolicy
                | Cause::ProxyAuthRequired
        )
    }
}

impl<'de> Deserialize<'de> for Cause {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let code = String::deserialize(d)?;
        Cause::from_code(&code).ok_or_else(|| {
            serde::de::Error::custom(
                "unknown cause code (JSON from a newer version of reqwest-auth-explain needs that \
                 version or a later one to be read)",
            )
        })
    }
}

impl fmt::Display for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// How sure an explanation is of its cause.
///
/// - `High`: direct evidence — a standard error code (RFC 6750, RFC 6749), the scheme sent
///   against the schemes the server challenges with, a credential absent from the request, a
///   JWT claim against both clocks, a measured clock offset, exhausted rate-limit headers, a
///   pre-flight finding that decides the case.
/// - `Medium`: the server's words name the cause and its subject ("the API key was revoked"),
///   or a provider's documented error code or phrase (a profile).
/// - `Low`: the status and weak hints only; the headline says "probably", and the unknown
///   causes always have this confidence.
///
/// ```
/// use reqwest_auth_explain::Confidence;
/// assert!(Confidence::High > Confidence::Medium);
/// assert_eq!(serde_json::to_value(Confidence::Low).unwrap(), "low");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Confidence {
    /// Weak or indirect evidence.
    Low,
    /// The server's words name the cause.
    Medium,
    /// Direct evidence.
    High,
}

impl Confidence {
    /// The stable code: `high`, `medium` or `low`.
    pub fn code(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }
}

impl fmt::Display for Confidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// What happened to the request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Outcome {
    /// The server rejected the request, and the rejection is explained.
    Explained,
    /// Strict pre-flight refused to send the request: nothing left the process.
    Refused,
    /// No auth failure.
    Ok,
}

/// What may be shown of the credential a request carried: never the value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CredentialInfo {
    /// Where it travelled, e.g. `header:authorization`.
    pub location: Location,
    /// The scheme as sent, e.g. `Bearer`.
    pub scheme: Option<String>,
    /// What it looks like, e.g. `JWT`, `opaque token`, `GitHub personal access token (classic)`.
    pub kind: String,
    /// The provider its prefix points to.
    pub provider: Option<String>,
    /// First 12 hex digits of SHA-256 of the secret.
    pub fingerprint: Fingerprint,
    /// Where the middleware loaded it from, when it injected it (`env var API_KEY`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

impl From<&Credential> for CredentialInfo {
    fn from(c: &Credential) -> Self {
        CredentialInfo {
            location: c.location.clone(),
            // A first word that does not look like a scheme may be part of the secret.
            scheme: c
                .scheme
                .as_deref()
                .and_then(crate::credential::shown_scheme)
                .map(str::to_owned),
            kind: c.kind.to_string(),
            provider: c.provider().map(str::to_owned),
            fingerprint: c.fingerprint(),
            source: c.source.clone(),
        }
    }
}

impl fmt::Display for CredentialInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // (a kind that names its scheme already, `Basic user:password`, is not prefixed twice)
        if let Some(s) = self.scheme.as_ref().filter(|s| {
            !self
                .kind
                .get(..s.len())
                .is_some_and(|k| k.eq_ignore_ascii_case(s))
        }) {
            write!(f, "{s} ")?;
        }
        write!(f, "{} in {}", self.kind, self.location)?;
        if let Some(src) = &self.source {
            write!(f, " from {src}")?;
        }
        write!(f, " (fingerprint {})", self.fingerprint)
    }
}

/// Why a request failed: a cause, the evidence and what to do.
///
/// Attached to the response's extensions (read it with
/// [`ResponseExt::auth_explanation`](crate::ResponseExt::auth_explanation)) or carried by an
/// [`AuthError`](crate::AuthError). `Display` reads like a compiler diagnostic; `Serialize`
/// gives the JSON contract. No field ever holds a secret: URLs are redacted, server messages are
/// scrubbed, credentials appear as kind, location and fingerprint.
///
/// `Deserialize` reads that JSON back, e.g. in a tool that consumes `auth-doctor --json`:
///
/// ```
/// use reqwest_auth_explain::{AuthExplainMiddleware, Cause, Explanation};
///
/// let req = reqwest::Client::new()
///     .get("https://api.example.com/v1/orders")
///     .bearer_auth("FAKE0123456789abcdef0123456789")
///     .build()
///     .unwrap();
/// let resp = http::Response::builder()
///     .status(403)
///     .header("www-authenticate", r#"Bearer error="insufficient_scope""#)
///     .body("")
///     .unwrap();
/// let e = AuthExplainMiddleware::default().explain_recorded(&req, &resp);
///
/// let parsed = serde_json::from_value::<Explanation>(e.to_json()).unwrap();
/// assert_eq!(parsed, e);
/// assert_eq!(parsed.cause(), Some(Cause::InsufficientScope));
/// ```
///
/// Fields this version does not know are ignored, but a value it does not know (a cause or
/// finding code, an outcome, confidence or severity) is an error: JSON written by a newer
/// version of this crate needs that version (or a later one) to be read. Text read from JSON
/// is kept as it is, not scrubbed again: it is as free of secrets as that JSON (this crate's
/// own JSON holds none).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Explanation {
    pub(crate) outcome: Outcome,
    pub(crate) status: Option<u16>,
    pub(crate) cause: Option<Cause>,
    pub(crate) confidence: Option<Confidence>,
    pub(crate) summary: String,
    pub(crate) evidence: Vec<String>,
    pub(crate) remedies: Vec<String>,
    pub(crate) method: String,
    pub(crate) url: String,
    pub(crate) credential: Option<CredentialInfo>,
    pub(crate) findings: Vec<Finding>,
    pub(crate) required_scopes: Vec<String>,
    pub(crate) granted_scopes: Vec<String>,
    pub(crate) retry_after_s: Option<u64>,
    pub(crate) request_id: Option<String>,
    pub(crate) server_message: Option<String>,
    pub(crate) provider: Option<String>,
    /// A documentation link the server gave with its error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) docs_url: Option<String>,
}

impl Explanation {
    /// What happened.
    pub fn outcome(&self) -> Outcome {
        self.outcome
    }
    /// The HTTP status, `None` when the request was refused before sending.
    pub fn status(&self) -> Option<u16> {
        self.status
    }
    /// The cause, `None` only when a refusal's findings imply no cause.
    pub fn cause(&self) -> Option<Cause> {
        self.cause
    }
    /// How sure the explanation is of its cause; `None` when there is no cause.
    pub fn confidence(&self) -> Option<Confidence> {
        self.confidence
    }
    /// One sentence: what went wrong.
    pub fn summary(&self) -> &str {
        &self.summary
    }
    /// What the explanation rests on (headers, body fields, findings), most specific first.
    pub fn evidence(&self) -> &[String] {
        &self.evidence
    }
    /// What to do, most likely first.
    pub fn remedies(&self) -> &[String] {
        &self.remedies
    }
    /// The request method.
    pub fn method(&self) -> &str {
        &self.method
    }
    /// The request URL, redacted.
    pub fn url(&self) -> &str {
        &self.url
    }
    /// The primary credential the request carried.
    pub fn credential(&self) -> Option<&CredentialInfo> {
        self.credential.as_ref()
    }
    /// Pre-flight findings for the request.
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }
    /// Scopes or permissions the endpoint requires.
    pub fn required_scopes(&self) -> &[String] {
        &self.required_scopes
    }
    /// Scopes or permissions the credential has.
    pub fn granted_scopes(&self) -> &[String] {
        &self.granted_scopes
    }
    /// Seconds to wait before retrying, when the server said.
    pub fn retry_after_s(&self) -> Option<u64> {
        self.retry_after_s
    }
    /// How long to wait before retrying, when the server said: [`Explanation::retry_after_s`]
    /// as a `Duration`.
    ///
    /// ```
    /// # fn check(e: &reqwest_auth_explain::Explanation) {
    /// if let Some(wait) = e.retry_after() {
    ///     std::thread::sleep(wait);
    /// }
    /// # }
    /// ```
    pub fn retry_after(&self) -> Option<std::time::Duration> {
        self.retry_after_s.map(std::time::Duration::from_secs)
    }

    /// Whether the same request may succeed later without a change on the client's side: a
    /// rate limit (after the wait), a stale timestamp or clock (after signing again). A
    /// revoked key, a missing scope or a wrong scheme will not pass by retrying.
    ///
    /// ```
    /// # fn check(e: &reqwest_auth_explain::Explanation) -> bool {
    /// e.retryable() && e.retry_after().is_none_or(|w| w.as_secs() < 60)
    /// # }
    /// ```
    pub fn retryable(&self) -> bool {
        matches!(self.cause, Some(Cause::RateLimited | Cause::ClockSkew))
    }

    /// The server's request id, to quote to its support.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
    /// The server's own message, scrubbed of any echoed secret.
    pub fn server_message(&self) -> Option<&str> {
        self.server_message.as_deref()
    }
    /// The provider recognised from the host or the token (`GitHub`, `Stripe`, …).
    pub fn provider(&self) -> Option<&str> {
        self.provider.as_deref()
    }
    /// The documentation link the server's error points to (`documentation_url`,
    /// `more_info`, …), when it gives one.
    pub fn docs_url(&self) -> Option<&str> {
        self.docs_url.as_deref()
    }
    /// The JSON form (the contract `auth-doctor --json` prints).
    pub fn to_json(&self) -> serde_json::Value {
        // Every field serializes to JSON (strings, numbers, lists, string-keyed objects); the
        // error arm keeps the outcome rather than answering `null`.
        serde_json::to_value(self).unwrap_or_else(|e| {
            serde_json::json!({
                "outcome": self.outcome,
                "summary": self.summary,
                "serialization_error": e.to_string(),
            })
        })
    }
}

impl fmt::Display for Explanation {
    /// ```text
    /// error[insufficient_scope]: 403 Forbidden from api.example.com: the token lacks …
    ///   --> POST https://api.example.com/v1/orders
    ///    = credential: Bearer opaque token in header:authorization (fingerprint 3f2a9c1b7d04)
    ///    = evidence: WWW-Authenticate: Bearer error="insufficient_scope" scope="orders:write"
    /// help: grant the scope orders:write to the token, or use a token that has it
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let code = self.cause.map_or("auth", Cause::code);
        let level = if self.outcome == Outcome::Ok {
            "note"
        } else {
            "error"
        };
        write!(f, "{level}[{code}]: ")?;
        let host = url::Url::parse(&self.url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_owned))
            .unwrap_or_default();
        match (self.outcome, self.status) {
            (Outcome::Refused, _) => write!(f, "request to {host} refused before sending: ")?,
            (_, Some(s)) => {
                match http::StatusCode::from_u16(s)
                    .ok()
                    .and_then(|s| s.canonical_reason())
                {
                    Some(reason) => write!(f, "{s} {reason} from {host}: ")?,
                    None => write!(f, "{s} from {host}: ")?,
                }
            }
            _ => {}
        }
        // Below high confidence the headline hedges; an unknown cause says so itself.
        let hedge = self.outcome == Outcome::Explained
            && self.confidence.is_some_and(|c| c < Confidence::High)
            && !matches!(
                self.cause,
                Some(Cause::UnknownUnauthorized | Cause::UnknownForbidden) | None
            );
        if hedge {
            f.write_str("probably: ")?;
        }
        writeln!(f, "{}", self.summary)?;
        writeln!(f, "  --> {} {}", self.method, self.url)?;
        if let Some(c) = &self.credential {
            writeln!(f, "   = credential: {c}")?;
        }
        for e in &self.evidence {
            // Findings and the server's message have their own lines below.
            let repeated = (e.starts_with("pre-flight [") && !self.findings.is_empty())
                || (e.starts_with("server message: ") && self.server_message.is_some());
            if !repeated {
                writeln!(f, "   = evidence: {e}")?;
            }
        }
        // On a failure, the findings that are not its cause take one short line at the end.
        let (own, others): (Vec<&Finding>, Vec<&Finding>) = self.findings.iter().partition(|fd| {
            self.outcome != Outcome::Explained
                || (self.cause.is_some() && fd.implied_cause() == self.cause)
        });
        for fd in own {
            writeln!(f, "   = finding[{}]: {}", fd.code, fd.message)?;
        }
        if !self.required_scopes.is_empty() {
            writeln!(
                f,
                "   = required scopes: {}",
                self.required_scopes.join(" ")
            )?;
        }
        if !self.granted_scopes.is_empty() {
            writeln!(f, "   = granted scopes: {}", self.granted_scopes.join(" "))?;
        }
        if let Some(m) = &self.server_message {
            writeln!(f, "   = server said: {m}")?;
        }
        // One form for a wait: the evidence line that read it, else this one.
        if let Some(r) = self.retry_after_s {
            if !self.evidence.iter().any(|e| e.starts_with("Retry-After")) {
                writeln!(f, "   = retry after: {r} s")?;
            }
        }
        if let Some(id) = &self.request_id {
            writeln!(f, "   = request id: {id}")?;
        }
        if let Some(u) = &self.docs_url {
            writeln!(f, "   = docs: {u}")?;
        }
        for r in &self.remedies {
            writeln!(f, "help: {r}")?;
        }
        if !others.is_empty() {
            let codes: Vec<String> = others
                .iter()
                .map(|fd| match fd.severity {
                    crate::finding::Severity::Repaired => format!("{} (repaired)", fd.code),
                    _ => fd.code.to_owned(),
                })
                .collect();
            writeln!(f, "note: pre-flight also found: {}", codes.join(", "))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_serialize() {
        for &c in Cause::ALL {
            assert_eq!(Cause::from_code(c.code()), Some(c));
            assert_eq!(serde_json::to_value(c).unwrap(), c.code());
            assert!(!c.summary().is_empty());
            assert!(!c.remedies().is_empty());
        }
    }
}
