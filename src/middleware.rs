//! [`AuthExplainMiddleware`]: orchestrates credentials → findings → send → evidence →
//! explanation → report. Each step lives in its own module; this one only wires them.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use http::{Extensions, HeaderName, StatusCode};
use reqwest::{Request, Response};
use reqwest_middleware::{Middleware, Next};

use crate::capture;
use crate::credential::{self, Credential, Names};
use crate::diagnose::{self, Context};
use crate::error::AuthError;
use crate::explanation::{CredentialInfo, Explanation, Outcome};
use crate::history::{self, History};
use crate::observe::Evidence;
use crate::preflight::{self, Finding, Preflight, Severity};
use crate::redact;
use crate::report;

/// Configuration shared by every request through one middleware.
#[derive(Clone, Debug)]
pub(crate) struct Config {
    pub(crate) preflight: Preflight,
    pub(crate) fail_on_auth_error: bool,
    pub(crate) names: Names,
    pub(crate) max_body_bytes: usize,
    pub(crate) body_timeout: Duration,
    pub(crate) hidden_credential_headers: Vec<String>,
    pub(crate) redact_error_urls: bool,
    pub(crate) jwt_leeway: Duration,
    pub(crate) history_capacity: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            preflight: Preflight::Repair,
            fail_on_auth_error: false,
            names: Names::default(),
            max_body_bytes: 64 * 1024,
            body_timeout: Duration::from_secs(1),
            hidden_credential_headers: Vec::new(),
            redact_error_urls: true,
            jwt_leeway: Duration::from_secs(60),
            history_capacity: history::DEFAULT_CAPACITY,
        }
    }
}

/// A `reqwest-middleware` middleware that repairs and checks credentials before a request
/// leaves, and explains 401, 403, 407 and 429 responses.
///
/// By default (`Preflight::Repair`) it fixes what is safe to fix, sends the request, and
/// attaches an [`Explanation`] to auth-failure responses, which still reach the caller whole.
///
/// ```
/// use reqwest_auth_explain::{AuthExplainMiddleware, Preflight};
/// use std::time::Duration;
///
/// let client = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
///     .with(AuthExplainMiddleware::default())
///     .build();
///
/// let strict = AuthExplainMiddleware::builder()
///     .preflight(Preflight::Strict)
///     .fail_on_auth_error(true)
///     .credential_header("x-tenant-key")
///     .credential_query_param("sig")
///     .max_body_bytes(64 * 1024)
///     .body_timeout(Duration::from_millis(500))
///     .build();
/// ```
#[derive(Clone, Debug, Default)]
pub struct AuthExplainMiddleware {
    config: Arc<Config>,
    history: Arc<History>,
}

impl AuthExplainMiddleware {
    /// A builder with the defaults of [`AuthExplainMiddleware::default`].
    pub fn builder() -> AuthExplainMiddlewareBuilder {
        AuthExplainMiddlewareBuilder {
            config: Config::default(),
        }
    }
}

/// Builds an [`AuthExplainMiddleware`]. Every setter states its default.
#[derive(Clone, Debug)]
#[must_use]
pub struct AuthExplainMiddlewareBuilder {
    config: Config,
}

impl AuthExplainMiddlewareBuilder {
    /// What to do with credentials before sending. Defaults to [`Preflight::Repair`].
    ///
    /// Override per request with `.with_extension(Preflight::Strict)`.
    pub fn preflight(mut self, mode: Preflight) -> Self {
        self.config.preflight = mode;
        self
    }

    /// Turn explained 401/403/407/429 responses into `Err(AuthError)`. Defaults to `false`:
    /// the response is returned with the explanation in its extensions.
    pub fn fail_on_auth_error(mut self, yes: bool) -> Self {
        self.config.fail_on_auth_error = yes;
        self
    }

    /// Treat this request header as a credential too (case-insensitive). Invalid header names
    /// are ignored.
    pub fn credential_header(mut self, name: impl AsRef<str>) -> Self {
        if let Ok(n) = HeaderName::from_bytes(name.as_ref().to_ascii_lowercase().as_bytes()) {
            if !self.config.names.headers.contains(&n) {
                self.config.names.headers.push(n);
            }
        }
        self
    }

    /// Treat this query parameter as a credential too (case-insensitive): it is checked and
    /// its value redacted everywhere.
    pub fn credential_query_param(mut self, name: impl Into<String>) -> Self {
        self.config.names.query.push(name.into());
        self
    }

    /// How many bytes of an error body to read for the diagnosis. Defaults to 64 KiB. The
    /// caller still receives every byte.
    pub fn max_body_bytes(mut self, bytes: usize) -> Self {
        self.config.max_body_bytes = bytes;
        self
    }

    /// How long to wait for an error body before explaining with what arrived. Defaults to
    /// 1 s. The caller can still read the rest.
    pub fn body_timeout(mut self, timeout: Duration) -> Self {
        self.config.body_timeout = timeout;
        self
    }

    /// Names of credential headers the wrapped `reqwest::Client` adds itself through
    /// `ClientBuilder::default_headers` (the middleware runs before they are added and cannot
    /// see them). Defaults to none.
    pub fn client_default_credential_headers<I, S>(mut self, names: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.config.hidden_credential_headers = names.into_iter().map(Into::into).collect();
        self
    }

    /// Rewrite the URL inside transport errors (connect, timeout, decode, redirect) to its
    /// redacted form, so `error!("{err}")` cannot leak a key from the query string. Defaults
    /// to `true`.
    pub fn redact_error_urls(mut self, yes: bool) -> Self {
        self.config.redact_error_urls = yes;
        self
    }

    /// Leeway for JWT `exp` and `nbf` checks. Defaults to 60 s.
    pub fn jwt_leeway(mut self, leeway: Duration) -> Self {
        self.config.jwt_leeway = leeway;
        self
    }

    /// How many (origin, credential) pairs the key history remembers, least recently used
    /// first out. Defaults to 1024; 0 disables the history.
    ///
    /// The history lets an explanation say that a key which worked earlier is now rejected
    /// (revoked or rotated), or that another key works at the same origin. It keeps no secret:
    /// entries are keyed by a per-process keyed hash and carry only fingerprints and times.
    /// Clones of one middleware share its history.
    pub fn history_capacity(mut self, entries: usize) -> Self {
        self.config.history_capacity = entries;
        self
    }

    /// The middleware.
    pub fn build(self) -> AuthExplainMiddleware {
        AuthExplainMiddleware {
            history: Arc::new(History::new(self.config.history_capacity)),
            config: Arc::new(self.config),
        }
    }
}

/// Statuses the middleware explains.
fn is_auth_failure(s: StatusCode) -> bool {
    matches!(s.as_u16(), 401 | 403 | 407 | 429)
}

#[async_trait::async_trait]
impl Middleware for AuthExplainMiddleware {
    async fn handle(
        &self,
        mut req: Request,
        extensions: &mut Extensions,
        next: Next<'_>,
    ) -> reqwest_middleware::Result<Response> {
        let cfg = &*self.config;
        let mode = extensions
            .get::<Preflight>()
            .copied()
            .unwrap_or(cfg.preflight);

        let (credentials, findings) = if credential::any_present(&req, &cfg.names) {
            let findings = preflight::check(&mut req, mode, cfg);
            (credential::find(&req, &cfg.names), findings)
        } else {
            (Vec::new(), Vec::new())
        };
        if !findings.is_empty() {
            let url = redact::redact_url(req.url(), &cfg.names.query);
            for f in &findings {
                match f.severity {
                    Severity::Repaired => report::repaired(req.method().as_str(), &url, f),
                    _ => report::finding(req.method().as_str(), &url, f),
                }
            }
        }
        if mode == Preflight::Strict && findings.iter().any(|f| f.severity == Severity::Error) {
            let e = refusal(&req, &credentials, findings, cfg);
            report::refused(&e);
            return Err(reqwest_middleware::Error::middleware(AuthError::refused(e)));
        }

        let method = req.method().clone();
        let url = req.url().clone();
        let resp = match next.run(req, extensions).await {
            Ok(resp) => resp,
            Err(mut err) => {
                if cfg.redact_error_urls {
                    if let Some(u) = err.url_mut() {
                        if let Ok(r) = url::Url::parse(&redact::redact_url(u, &cfg.names.query)) {
                            *u = r;
                        }
                    }
                }
                return Err(err);
            }
        };
        let status = resp.status();
        if !is_auth_failure(status) {
            if (status.is_success() || status.is_redirection()) && self.history.is_enabled() {
                if let Some(c) = origin_primary(&credentials, status) {
                    let secret = c.secret.expose_secret();
                    self.history
                        .record_success(url.as_str(), secret, SystemTime::now());
                }
            }
            return Ok(resp);
        }
        let now = SystemTime::now();
        let recall = match status.as_u16() {
            401 | 403 if self.history.is_enabled() => {
                origin_primary(&credentials, status).map(|c| {
                    self.history
                        .record_failure(url.as_str(), c.secret.expose_secret(), now)
                })
            }
            _ => None,
        };

        let (mut resp, captured) = capture::peek(resp, cfg.max_body_bytes, cfg.body_timeout).await;
        let mut evidence =
            Evidence::read(status, resp.headers(), &captured.prefix, captured.complete);
        if let Some(note) = captured.note {
            evidence.body.note.get_or_insert(note);
        }
        if url.origin() != resp.url().origin() {
            evidence.redirected_from = Some((
                url.origin().ascii_serialization(),
                resp.url().origin().ascii_serialization(),
            ));
        }
        let final_url = resp.url().clone();
        let explanation = diagnose::explain(&Context {
            method: &method,
            url: &url,
            final_url: &final_url,
            credentials: &credentials,
            findings: &findings,
            evidence: &evidence,
            headers: resp.headers(),
            now,
            sensitive_params: &cfg.names.query,
            hidden_credential_headers: &cfg.hidden_credential_headers,
            history: recall.as_ref(),
        });
        report::explained(&explanation);
        if cfg.fail_on_auth_error {
            return Err(reqwest_middleware::Error::middleware(AuthError::rejected(
                explanation,
                resp,
            )));
        }
        resp.extensions_mut().insert(explanation);
        Ok(resp)
    }
}

/// The credential that decided a response from the origin (never the proxy's).
fn origin_primary(credentials: &[Credential], status: StatusCode) -> Option<&Credential> {
    diagnose::primary_credential(credentials, status).filter(
        |c| !matches!(&c.location, crate::credential::Location::Header(h) if *h == http::header::PROXY_AUTHORIZATION),
    )
}

/// The explanation of a strict refusal: nothing was sent.
fn refusal(
    req: &Request,
    credentials: &[Credential],
    findings: Vec<Finding>,
    cfg: &Config,
) -> Explanation {
    let strongest = preflight::strongest_cause(&findings);
    let cause = strongest.map(|(c, _)| c);
    let location = strongest.map(|(_, f)| f.location.clone());
    let credential = credentials
        .iter()
        .find(|c| Some(&c.location) == location.as_ref())
        .or(credentials.first())
        .map(CredentialInfo::from);
    let errors: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    let summary = match (cause, errors.first()) {
        (Some(c), _) => c.summary().to_owned(),
        (None, Some(f)) => f.message.clone(),
        (None, None) => "pre-flight found a problem".to_owned(),
    };
    let evidence = errors
        .iter()
        .map(|f| format!("pre-flight [{}] on {}: {}", f.code, f.location, f.message))
        .collect();
    let mut remedies: Vec<String> = cause
        .map(|c| c.remedies().iter().map(|s| (*s).to_owned()).collect())
        .unwrap_or_default();
    remedies.push(
        "strict pre-flight refused to send this request; fix the findings above, or use Preflight::Repair to let safe repairs through"
            .to_owned(),
    );
    Explanation {
        outcome: Outcome::Refused,
        status: None,
        cause,
        summary,
        evidence,
        remedies,
        method: req.method().to_string(),
        url: redact::redact_url(req.url(), &cfg.names.query),
        credential,
        findings,
        required_scopes: Vec::new(),
        granted_scopes: Vec::new(),
        retry_after_s: None,
        request_id: None,
        server_message: None,
        provider: None,
    }
}
