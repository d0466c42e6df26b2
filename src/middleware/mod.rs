//! [`AuthExplainMiddleware`]: orchestrates credentials → findings → send → evidence →
//! explanation → report. Each step lives in its own module; this one only wires them.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use http::{Extensions, StatusCode};
use reqwest::{Request, Response};
use reqwest_middleware::{Middleware, Next};

use crate::capture;

mod builder;
mod offline;
mod recent;

use crate::credential::{self, Credential, Names};
use crate::diagnose::{self, Context};
use crate::error::AuthError;
use crate::explanation::{CredentialInfo, Explanation, Outcome};
use crate::history::{self, History};
use crate::observe::Evidence;
use crate::preflight::{self, Environment, Finding, Preflight, Severity};
use crate::redact;
use crate::report;
use crate::snapshot::Snapshot;
use crate::source::{self, CredentialSource};
pub use builder::AuthExplainMiddlewareBuilder;

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
    pub(crate) expiry_warning: Duration,
    pub(crate) environment: Option<Environment>,
    pub(crate) sources: Vec<CredentialSource>,
    pub(crate) history_capacity: usize,
    pub(crate) provider_profiles: bool,
    pub(crate) inspect_success_bodies: bool,
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
            expiry_warning: Duration::from_secs(300),
            environment: None,
            sources: Vec::new(),
            history_capacity: history::DEFAULT_CAPACITY,
            provider_profiles: true,
            inspect_success_bodies: true,
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
    clean: Arc<preflight::Clean>,
    recent: Arc<recent::Recent>,
    warned: Arc<Warned>,
}

impl AuthExplainMiddleware {
    /// A builder with the defaults of [`AuthExplainMiddleware::default`].
    pub fn builder() -> AuthExplainMiddlewareBuilder {
        AuthExplainMiddlewareBuilder {
            config: Config::default(),
            invalid_names: Vec::new(),
        }
    }
}

/// Statuses the middleware explains.
fn is_auth_failure(s: StatusCode) -> bool {
    matches!(s.as_u16(), 401 | 403 | 407 | 429)
}

impl Middleware for AuthExplainMiddleware {
    // Written out rather than with `#[async_trait]`: the work before sending runs synchronously
    // here, and the boxed future, allocated for every request, holds only what the response
    // needs (the request itself has moved into the rest of the chain).
    fn handle<'life0, 'life1, 'life2, 'async_trait>(
        &'life0 self,
        req: Request,
        extensions: &'life1 mut Extensions,
        next: Next<'life2>,
    ) -> Pin<Box<dyn Future<Output = reqwest_middleware::Result<Response>> + Send + 'async_trait>>
    where
        'life0: 'async_trait,
        'life1: 'async_trait,
        'life2: 'async_trait,
        Self: 'async_trait,
    {
        match self.prepare(req, extensions) {
            Ok(Prepared { req, pending }) => {
                let sending = next.run(req, extensions);
                Box::pin(self.finish(sending, pending))
            }
            Err(refused) => Box::pin(std::future::ready(Err(
                reqwest_middleware::Error::middleware(AuthError::refused(*refused)),
            ))),
        }
    }
}

/// A request ready to send, and what the middleware keeps to read its response.
struct Prepared {
    req: Request,
    pending: Pending,
}

/// What the middleware keeps while a request is in flight.
struct Pending {
    /// This request's configuration when a per-request source widened the middleware's.
    widened: Option<Arc<Config>>,
    sent: Arc<Snapshot>,
    /// The request's URL needs no redaction (known when the request was remembered clean).
    url_clean: bool,
    /// The key history's key of the request's credential, when the request was remembered.
    success_key: Option<u64>,
    /// A copy of a small JSON or form body, read for credentials only if the request fails.
    body: Option<credential::body::SentBody>,
    /// The request's credentials, when pre-flight already needed them.
    early: Option<Vec<Credential>>,
    injected: Vec<source::Injected>,
    findings: Vec<Finding>,
    /// The key history's hash of the request's origin.
    origin: Option<u64>,
    now: SystemTime,
}

impl Pending {
    /// The request's credentials: the ones pre-flight already built, else from the snapshot,
    /// with the sources of the ones the middleware injected.
    fn credentials(&self, names: &Names) -> Vec<Credential> {
        credentials_of(self.early.as_ref(), &self.sent, names, &self.injected)
    }
}

/// A request's credentials: the ones pre-flight already built, else from its snapshot, with
/// the sources of the ones the middleware injected.
fn credentials_of(
    early: Option<&Vec<Credential>>,
    sent: &Snapshot,
    names: &Names,
    injected: &[source::Injected],
) -> Vec<Credential> {
    match early {
        Some(c) => c.clone(),
        None => with_sources(sent.credentials(names), injected),
    }
}

impl AuthExplainMiddleware {
    /// Everything before sending: sources, pre-flight, the snapshot. `Err` is a refusal.
    fn prepare(
        &self,
        mut req: Request,
        extensions: &Extensions,
    ) -> Result<Prepared, Box<Explanation>> {
        let mode = extensions
            .get::<Preflight>()
            .copied()
            .unwrap_or(self.config.preflight);

        let per_request = extensions.get::<CredentialSource>();
        let now = SystemTime::now();
        let secs = now
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        // The same request again, found clean before and still clean now: what pre-flight and
        // the snapshot made of it then holds.
        let memo = (per_request.is_none() && self.config.sources.is_empty())
            .then(|| self.recent.key(mode, &req))
            .flatten();
        if let Some(seen) = memo.and_then(|key| self.recent.get(key, secs)) {
            seen.mark_sensitive(&mut req);
            let body = credential::body::keep(&req);
            return Ok(Prepared {
                req,
                pending: Pending {
                    widened: None,
                    sent: seen.snapshot,
                    early: None,
                    injected: Vec::new(),
                    findings: Vec::new(),
                    origin: seen.origin,
                    url_clean: seen.url_clean,
                    success_key: seen.success_key,
                    body,
                    now,
                },
            });
        }
        // A per-request source may add a header this configuration does not know yet.
        let widened = per_request
            .and_then(CredentialSource::custom_header)
            .filter(|h| !self.config.names.headers.contains(h))
            .map(|h| {
                let mut c = (*self.config).clone();
                c.names.headers.push(h);
                Arc::new(c)
            });
        let cfg = widened.as_deref().unwrap_or(&self.config);
        let (injected, mut findings) = source::inject(&mut req, per_request, &cfg.sources);
        let source_failed = !findings.is_empty();
        let ctx = preflight::Ctx {
            mode,
            now,
            leeway: cfg.jwt_leeway,
            expiry_warning: cfg.expiry_warning,
            environment: cfg.environment,
            names: &cfg.names,
            clean: Some(&self.clean),
            until: std::cell::Cell::new(u64::MAX),
        };
        findings.extend(preflight::check(&mut req, &ctx));

        // Credentials become `Credential`s (which allocate) only when something needs them:
        // findings to report now, or a failure to explain later. A clean request keeps a
        // snapshot in inline buffers instead.
        let mut early = None;
        if !findings.is_empty() || !injected.is_empty() {
            let credentials = with_sources(credential::find(&req, &cfg.names), &injected);
            // One scrubber for the findings' texts and the logged URL: building it is the
            // dear part.
            let scrubber = redact::Scrubber::for_credentials(&credentials, &cfg.names.query);
            for f in &mut findings {
                f.message = scrubber.scrub(&f.message);
            }
            if !findings.is_empty() {
                let url = if credentials.is_empty() {
                    redact::redact_url(req.url(), &cfg.names.query)
                } else {
                    scrubber.scrub_url(redact::redact_url(req.url(), &cfg.names.query))
                };
                for f in &findings {
                    match f.severity {
                        Severity::Repaired => report::repaired(req.method().as_str(), &url, f),
                        _ => report::finding(req.method().as_str(), &url, f),
                    }
                }
            }
            // A source that cannot provide its credential refuses in every mode: the request
            // would only earn a 401.
            if source_failed
                || (mode == Preflight::Strict
                    && findings.iter().any(|f| f.severity == Severity::Error))
            {
                let e = refusal(&req, &credentials, findings, cfg);
                report::refused(&e);
                return Err(Box::new(e));
            }
            early = Some(credentials);
        }
        let sent = Arc::new(Snapshot::take(&req, &cfg.names));
        let origin = self
            .history
            .is_enabled()
            .then(|| self.history.endpoint_of(req.method(), req.url()));
        let mut url_clean = false;
        if let (Some(key), true, true) = (memo, findings.is_empty(), injected.is_empty()) {
            url_clean = !redact::response_url_needs_redaction(
                req.url(),
                sent.header_secrets(),
                &cfg.names.query,
            );
            let success_key = origin
                .zip(sent.primary_secret(&cfg.names))
                .and_then(|(o, secret)| self.history.success_key(o, &secret));
            let seen = recent::Seen::new(&req, Arc::clone(&sent), origin, url_clean, success_key);
            self.recent.insert(key, ctx.until.get(), seen);
        }

        let body = credential::body::keep(&req);
        Ok(Prepared {
            req,
            pending: Pending {
                widened,
                sent,
                early,
                injected,
                findings,
                origin,
                url_clean,
                success_key: None,
                body,
                now,
            },
        })
    }

    /// Reads the response (or the transport error) of a request `prepare` let through.
    ///
    /// An `async` block rather than an `async fn`, whose future would hold `p` twice (as the
    /// parameter and as the local it is moved into); the work after sending is a plain
    /// function, so that the future holds none of its locals.
    #[allow(clippy::manual_async_fn)]
    fn finish<'a>(
        &'a self,
        sending: Pin<Box<dyn Future<Output = reqwest_middleware::Result<Response>> + Send + 'a>>,
        mut p: Pending,
    ) -> impl Future<Output = reqwest_middleware::Result<Response>> + Send + 'a {
        async move {
            let result = sending.await;
            match self.after(result, &mut p) {
                After::Done(r) => r,
                After::Explain(failure) => failure.await,
            }
        }
    }

    /// What to do with the outcome of sending.
    ///
    /// `p` is borrowed, not moved: it is large (the snapshot's inline buffers), and the
    /// success path only reads it. A failure takes what it needs out of it.
    fn after(&self, result: reqwest_middleware::Result<Response>, p: &mut Pending) -> After<'_> {
        let cfg = p.widened.as_deref().unwrap_or(&self.config);
        let credentials = || p.credentials(&cfg.names);
        let resp = match result {
            Ok(resp)
                if cfg.redact_error_urls
                    && !(p.url_clean && resp.url().as_str().as_bytes() == p.sent.url_bytes())
                    && redact::response_url_needs_redaction(
                        resp.url(),
                        p.sent.header_secrets(),
                        &cfg.names.query,
                    ) =>
            {
                redact::redact_response_url(resp, &credentials(), &cfg.names.query)
            }
            Ok(resp) => resp,
            Err(mut err) => {
                let credentials = credentials();
                if cfg.redact_error_urls {
                    redact::redact_error(&mut err, &credentials, &cfg.names.query);
                }
                return After::Done(Err(match proxy_tunnel_refused(&err) {
                    Some(detail) => {
                        let e = tunnel_explanation(
                            p.sent.method(),
                            &p.sent.url(),
                            &credentials,
                            &p.findings,
                            detail,
                            cfg,
                        );
                        report::explained(&e);
                        match err {
                            reqwest_middleware::Error::Reqwest(source) => {
                                reqwest_middleware::Error::middleware(AuthError::proxy(e, source))
                            }
                            other => other,
                        }
                    }
                    None => err,
                }));
            }
        };
        let status = resp.status();
        let gate = if is_auth_failure(status) {
            None
        } else {
            crate::observe::gate::check(
                status,
                resp.headers(),
                || p.sent.url_str(),
                resp.url(),
                || crate::observe::gate::Sent {
                    flagged: p.findings.iter().any(|f| f.implied_cause().is_some()),
                    body_kept: p.body.is_some(),
                    ..p.sent.gate_facts()
                },
                cfg.inspect_success_bodies,
            )
        };
        if let Some(gate) = gate {
            let origin = p.origin;
            let failure = self.failure_of(p, status, Some(gate));
            return After::Explain(Box::pin(self.gated(resp, failure, origin)));
        }
        if !is_auth_failure(status) {
            self.remember_success(
                p.origin,
                p.success_key,
                status,
                p.early.as_ref(),
                &p.sent,
                &p.findings,
                &cfg.names,
                p.now,
            );
            let mut resp = resp;
            let passing = Passing {
                sent: &p.sent,
                config: p.widened.as_ref().unwrap_or(&self.config),
                early: p.early.as_ref(),
                injected: &p.injected,
                findings: &p.findings,
                now: p.now,
            };
            self.passed_through(&mut resp, passing);
            return After::Done(Ok(resp));
        }
        // The failure path in its own (boxed) future: the request future, allocated for every
        // request, stays small. What the diagnosis needs moves to the heap once, here, rather
        // than being copied into each future and then into the deferred explanation.
        let origin = p.origin;
        let failure = self.failure_of(p, status, None);
        After::Explain(Box::pin(self.failure(resp, failure, origin)))
    }

    /// What a response that is no auth failure carries and reports: what pre-flight did (on
    /// the response, for `ResponseExt::auth_report`, built when asked for), warnings its
    /// headers announce, and the TRACE event of a pass.
    fn passed_through(&self, resp: &mut Response, passing: Passing<'_>) {
        let status = resp.status();
        let Passing {
            sent,
            config,
            early,
            injected,
            findings,
            now,
        } = passing;
        let credentials = || credentials_of(early, sent, &config.names, injected);
        if !findings.is_empty() {
            // Built the first time it is asked for: scrubbing the findings' texts costs, and
            // most callers of a success never look.
            resp.extensions_mut()
                .insert(crate::error::Deferred::new(PassedLater {
                    config: Arc::clone(config),
                    sent: Arc::clone(sent),
                    early: early.cloned(),
                    injected: injected.to_vec(),
                    findings: findings.to_vec(),
                    status,
                }));
        }
        if let Some(w) = crate::observe::early::read(resp.headers(), now) {
            self.warn_early(sent, &w, config);
        }
        if report::passed_enabled() {
            report::passed(
                sent.method(),
                &sent.url(),
                status,
                &credentials(),
                &config.names.query,
            );
        }
    }

    /// Warns, once per credential and kind, of what a successful response announces: the
    /// token's expiry, a rate limit nearly spent.
    fn warn_early(&self, sent: &Snapshot, w: &crate::observe::early::Early, cfg: &Config) {
        let Some(secret) = sent.primary_secret(&cfg.names) else {
            return;
        };
        if !self.warned.first_time(w.code(), &secret) {
            return;
        }
        let fingerprint = crate::secret::Fingerprint::of(&secret);
        let credentials = sent.credentials(&cfg.names);
        let url = redact::url_for_log(&sent.url(), &credentials, &cfg.names.query);
        report::early(sent.method().as_str(), &url, w, fingerprint.as_str());
    }

    /// What explaining a response needs, taken out of the pending request (it moves with the
    /// failure's boxed future, then into the deferred explanation).
    fn failure_of(
        &self,
        p: &mut Pending,
        status: StatusCode,
        gate: Option<crate::observe::gate::Gate>,
    ) -> Failure {
        Failure {
            config: p.widened.take().unwrap_or_else(|| self.config.clone()),
            sent: Arc::clone(&p.sent),
            early: p.early.take(),
            injected: std::mem::take(&mut p.injected),
            findings: std::mem::take(&mut p.findings),
            status,
            captured: capture::Captured::default(),
            now: SystemTime::now(),
            recall: None,
            gate,
            body: p.body.take(),
        }
    }

    /// Notes in the key history that the request's credential got a success (2xx or 3xx)
    /// from its endpoint. A credential with error findings of its own (a placeholder an open
    /// endpoint let through) is never remembered as one that works; transport findings
    /// (plaintext_http) say nothing of the credential.
    #[allow(clippy::too_many_arguments)]
    fn remember_success(
        &self,
        origin: Option<u64>,
        success_key: Option<u64>,
        status: StatusCode,
        early: Option<&Vec<Credential>>,
        sent: &Snapshot,
        findings: &[Finding],
        names: &Names,
        now: SystemTime,
    ) {
        let Some(origin) = origin else { return };
        let sound = !findings
            .iter()
            .any(|f| f.severity == Severity::Error && f.implied_cause().is_some());
        if !sound || !(status.is_success() || status.is_redirection()) {
            return;
        }
        if success_key.is_some_and(|k| self.history.touch_success(k, now)) {
            return;
        }
        let secret = match early {
            Some(c) => origin_primary(c, status)
                .map(|c| std::borrow::Cow::Borrowed(c.secret.expose_secret())),
            None => sent.primary_secret(names),
        };
        if let Some(secret) = secret {
            self.history.record_success(origin, &secret, now);
        }
    }
}

/// An auth status (401, 403, 407, 429) an envelope names in its `code` or `status`.
/// Words of a 404 about its resource: such a body is no auth failure, whatever else it names.
const NOT_FOUND: &[&str] = &["not found", "does not exist", "no such", "unknown resource"];

fn envelope_status(json: Option<&serde_json::Value>) -> Option<StatusCode> {
    let j = json?;
    ["code", "status", "http", "statusCode", "status_code"]
        .iter()
        .filter_map(|k| j.get(*k))
        .find_map(|v| {
            let n = v.as_u64().or_else(|| v.as_str()?.parse().ok())?;
            matches!(n, 401 | 403 | 407 | 429).then(|| StatusCode::from_u16(n as u16).ok())?
        })
}

/// What a response that is no auth failure reports from: the request as it was sent.
struct Passing<'a> {
    sent: &'a Arc<Snapshot>,
    config: &'a Arc<Config>,
    early: Option<&'a Vec<Credential>>,
    injected: &'a [source::Injected],
    findings: &'a [Finding],
    now: SystemTime,
}

/// The report of a success that pre-flight touched, built when `auth_report()` asks for it.
struct PassedLater {
    config: Arc<Config>,
    sent: Arc<Snapshot>,
    early: Option<Vec<Credential>>,
    injected: Vec<source::Injected>,
    findings: Vec<Finding>,
    status: StatusCode,
}

impl crate::error::Explain for PassedLater {
    fn explain_response(&self, _resp: &Response) -> Explanation {
        let credentials = credentials_of(
            self.early.as_ref(),
            &self.sent,
            &self.config.names,
            &self.injected,
        );
        offline::passed(
            self.sent.method(),
            &self.sent.url(),
            Some(self.status),
            &credentials,
            self.findings.clone(),
            &self.config,
        )
    }
}

/// Which (credential, warning) pairs were warned of: keyed hashes, never the secret, in a
/// bounded round robin (a forgotten pair may be warned of again).
#[derive(Default)]
pub(crate) struct Warned {
    hasher: foldhash::quality::RandomState,
    slots: std::sync::Mutex<crate::slots::Slots<(), 32>>,
}

impl std::fmt::Debug for Warned {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Warned").finish_non_exhaustive()
    }
}

impl Warned {
    /// Whether `kind` is new for `secret` (and notes it).
    fn first_time(&self, kind: &str, secret: &[u8]) -> bool {
        use std::hash::{BuildHasher, Hash, Hasher};
        let mut h = self.hasher.build_hasher();
        kind.hash(&mut h);
        secret.hash(&mut h);
        let key = h.finish();
        let mut g = self
            .slots
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if g.get(key).is_some() {
            return false;
        }
        g.insert(key, ());
        true
    }
}

/// The outcome of sending: the result to return, or a failure to explain first.
enum After<'a> {
    Done(reqwest_middleware::Result<Response>),
    Explain(Pin<Box<dyn Future<Output = reqwest_middleware::Result<Response>> + Send + 'a>>),
}

impl AuthExplainMiddleware {
    /// Reads a response that passed a gate (a token endpoint's 400, a Slack or GraphQL 200):
    /// when its body confirms an auth failure, attaches (or returns) the explanation at once;
    /// otherwise hands it on as it is, a success the key history may remember.
    async fn gated(
        &self,
        resp: Response,
        mut failure: Failure,
        origin: Option<u64>,
    ) -> reqwest_middleware::Result<Response> {
        let (max, timeout) = (failure.config.max_body_bytes, failure.config.body_timeout);
        let (mut resp, captured) = capture::peek(resp, max, timeout).await;
        failure.captured = captured;
        let Some(explanation) = failure.explain_gated(resp.headers(), resp.url()) else {
            self.remember_success(
                origin,
                None,
                resp.status(),
                failure.early.as_ref(),
                &failure.sent,
                &failure.findings,
                &failure.config.names,
                failure.now,
            );
            // Not an auth failure after all: what a success reports, it reports (a kept body's
            // fields are read for failures only).
            let passing = Passing {
                sent: &failure.sent,
                config: &failure.config,
                early: failure.early.as_ref(),
                injected: &failure.injected,
                findings: &failure.findings,
                now: failure.now,
            };
            self.passed_through(&mut resp, passing);
            return Ok(resp);
        };
        report::explained(&explanation);
        if failure.config.fail_on_auth_error {
            return Err(reqwest_middleware::Error::middleware(AuthError::rejected(
                explanation,
                resp,
            )));
        }
        resp.extensions_mut().insert(explanation);
        Ok(resp)
    }

    /// Reads the evidence of an auth failure and attaches (or returns) its explanation.
    ///
    /// The key history is told at once; the returned future holds only the failure and the
    /// body read, small enough for the allocator's fast path.
    fn failure(
        &self,
        resp: Response,
        mut failure: Failure,
        origin: Option<u64>,
    ) -> impl Future<Output = reqwest_middleware::Result<Response>> + Send + '_ {
        let f = &mut failure;
        if let (401 | 403, Some(origin)) = (f.status.as_u16(), origin) {
            let secret = match &f.early {
                Some(c) => origin_primary(c, f.status)
                    .map(|c| std::borrow::Cow::Borrowed(c.secret.expose_secret())),
                None => f.sent.primary_secret(&f.config.names),
            };
            f.recall = secret.map(|s| self.history.record_failure(origin, &s, f.now));
        }
        let mut reading = capture::peek(resp, f.config.max_body_bytes, f.config.body_timeout);
        async move {
            // Awaited in place: moved into the await, it would be held twice.
            let (mut resp, captured) = (&mut reading).await;
            failure.captured = captured;
            let fail_on_auth_error = failure.config.fail_on_auth_error;
            // The diagnosis runs now when its result is needed now (to log it, or for the
            // error), and otherwise the first time the caller asks for it: a service that
            // only looks at the status pays for reading the body, not for the diagnosis.
            if fail_on_auth_error || report::explained_enabled() {
                let explanation = failure.explain(resp.headers(), resp.url());
                report::explained(&explanation);
                if fail_on_auth_error {
                    return Err(reqwest_middleware::Error::middleware(AuthError::rejected(
                        explanation,
                        resp,
                    )));
                }
                resp.extensions_mut().insert(explanation);
            } else {
                resp.extensions_mut()
                    .insert(crate::error::Deferred::new(failure));
            }
            Ok(resp)
        }
    }
}

impl crate::error::Explain for Failure {
    fn explain_response(&self, resp: &Response) -> Explanation {
        self.explain(resp.headers(), resp.url())
    }
}

/// What explaining one failure needs, gathered as the response arrives.
struct Failure {
    config: Arc<Config>,
    sent: Arc<Snapshot>,
    early: Option<Vec<Credential>>,
    injected: Vec<source::Injected>,
    findings: Vec<Finding>,
    status: StatusCode,
    captured: capture::Captured,
    now: SystemTime,
    recall: Option<history::Recall>,
    /// The gate a response with another status than 401/403/407/429 passed.
    gate: Option<crate::observe::gate::Gate>,
    /// The request's kept body.
    body: Option<credential::body::SentBody>,
}

impl Failure {
    /// The explanation of a gated response, when its body confirms an auth failure. The
    /// evidence is read once, for the confirmation and the diagnosis.
    fn explain_gated(
        &self,
        headers: &http::HeaderMap,
        final_url: &url::Url,
    ) -> Option<Explanation> {
        use crate::diagnose::words;
        use crate::explanation::{Cause, Confidence};
        use crate::observe::gate::{self, Gate};
        let g = self.gate?;
        let mut evidence = self.evidence(headers);
        let (stands_for, why) = gate::confirm(
            g,
            headers,
            evidence.body.json.as_ref(),
            &evidence.body.codes,
        )?;
        // An empty reason: the gate found no code, and the words decide.
        let codeless = why.is_empty();
        if g == Gate::TokenEndpoint && codeless && self.status.is_success() {
            // A 2xx to a token request is read only for an OAuth-shaped error.
            return None;
        }
        let standard_code = gate::is_standard_token_error(evidence.body.json.as_ref());
        let names_credential = words::names_the_credential(&evidence.body.messages);
        let names_missing = words::names_missing_credential(&evidence.body.messages);
        let messages: Vec<String> = evidence
            .body
            .messages
            .iter()
            .map(|m| words::normalize(m))
            .collect();
        // An envelope that carries an HTTP status of its own (`"code": 429` in a 200) says
        // what it stands for.
        let enveloped = matches!(g, Gate::KeyedEnvelope | Gate::SignedEnvelope)
            .then(|| envelope_status(evidence.body.json.as_ref()))
            .flatten();
        // A 400 to a request that carried no credential is an auth failure only when its
        // words say the authorization itself is missing ("Header of type `authorization` was
        // missing"), not a form's password field.
        if g == Gate::CredentialWords
            && self.status == http::StatusCode::BAD_REQUEST
            && !self.sent.gate_facts().credential
            && !self.body_has_credentials()
            && !(names_missing
                && messages.iter().any(|m| {
                    [
                        "authorization",
                        "authentication",
                        "api key",
                        "apikey",
                        "access token",
                        "bearer",
                        "credentials",
                    ]
                    .iter()
                    .any(|w| crate::diagnose::has_phrase(m, w))
                }))
        {
            return None;
        }
        // A 404 or 405 is most often about the resource: unless its words name the credential
        // (and do not say something was not found), it is handed on before any diagnosis.
        // A state of the API or account ("API not enabled") counts as well.
        let states_a_state = || {
            words::classify(&messages, true).is_some_and(|s| {
                matches!(
                    s.cause,
                    Cause::EndpointNotEnabled
                        | Cause::AccountSuspended
                        | Cause::PlanRestricted
                        | Cause::RateLimited
                )
            })
        };
        if g == Gate::CredentialWords
            && matches!(self.status.as_u16(), 404 | 405)
            && ((!names_credential && !states_a_state())
                || messages
                    .iter()
                    .any(|m| NOT_FOUND.iter().any(|w| crate::diagnose::has_phrase(m, w))))
        {
            return None;
        }
        // A keyed API's short 2xx is most often a success: unless its words name a cause at
        // all, it is handed on before any diagnosis (which scrubs, and costs).
        if g == Gate::KeyedEnvelope && enveloped.is_none() {
            let mut all: Vec<String> = evidence
                .body
                .codes
                .iter()
                .map(|c| words::normalize(c))
                .collect();
            all.extend(messages.iter().cloned());
            words::classify(&all, true)?;
        }
        // Words of rate limiting in an envelope read by its words stand for a 429.
        let rate_words = codeless && words::names(Cause::RateLimited, &messages).is_some();
        let stands_for = if let Some(s) = enveloped {
            s
        } else if rate_words
            && matches!(
                g,
                Gate::KeyedEnvelope
                    | Gate::CredentialWords
                    | Gate::Flagged
                    | Gate::SignedEnvelope
                    | Gate::Unavailable
            )
        {
            http::StatusCode::TOO_MANY_REQUESTS
        } else if g == Gate::GraphQl && codeless {
            // Words that ask who the caller is stand for a 401, others for a 403; so does a
            // refusal ("Not Authorised!") to a request that carried no credential at all.
            let refused_anonymous = !self.sent.gate_facts().credential
                && !self.body_has_credentials()
                && messages.iter().any(|m| {
                    [
                        "not authorized",
                        "not authorised",
                        "unauthorized",
                        "unauthorised",
                        "access denied",
                        "forbidden",
                    ]
                    .iter()
                    .any(|w| crate::diagnose::has_phrase(m, w))
                });
            if names_credential
                || refused_anonymous
                || words::asks_for_authentication(&evidence.body.messages)
            {
                http::StatusCode::UNAUTHORIZED
            } else {
                http::StatusCode::FORBIDDEN
            }
        } else {
            stands_for
        };
        // Where a bad request must name the credential, a body that answers the request's
        // credential field by name does (read before the evidence moves into the diagnosis).
        let must_name = matches!(g, Gate::CredentialWords | Gate::Flagged)
            || (g == Gate::TokenEndpoint && codeless);
        let answers_field = must_name
            && !names_credential
            && self.answers_a_credential_field(&evidence.body.fields);
        evidence.gated = Some((self.status, g, why));
        evidence.status = stands_for;
        let mut e = self.diagnose(evidence, headers, final_url);
        // Words alone stood for the status: what follows from it is no surer than they are.
        if codeless && rate_words && e.confidence == Some(Confidence::High) {
            e.confidence = Some(Confidence::Medium);
        }
        // Where only the words decide, they must name a cause.
        let decided = !matches!(
            e.cause(),
            Some(Cause::UnknownUnauthorized | Cause::UnknownForbidden) | None
        ) && e.confidence() >= Some(Confidence::Medium);
        let by_words = matches!(
            g,
            Gate::SignedRequest
                | Gate::HiddenScope
                | Gate::Unprocessable
                | Gate::SignInPage
                | Gate::PaymentRequired
                | Gate::Flagged
                | Gate::SignedEnvelope
                | Gate::KeyedEnvelope
                | Gate::CredentialWords
                | Gate::Unavailable
        ) || (g == Gate::TokenEndpoint && !standard_code)
            || (g == Gate::GraphQl && codeless);
        // A state of the account or the credential (suspended, revoked, an address rule, a
        // named scope) is an auth failure, whatever noun the words use.
        let state = matches!(
            e.cause(),
            Some(
                Cause::AccountSuspended
                    | Cause::RevokedCredentials
                    | Cause::ExpiredCredentials
                    | Cause::IpRestricted
                    | Cause::WrongEnvironment
                    | Cause::PlanRestricted
                    | Cause::RateLimited
                    | Cause::EndpointNotEnabled
            )
        ) || (e.cause() == Some(Cause::InsufficientScope)
            && !e.required_scopes().is_empty());
        let business =
            // A trading API's envelope also reports business errors ("insufficient balance"):
            // a plan or a quota is not read into one.
            (g == Gate::SignedEnvelope && e.cause() == Some(Cause::PlanRestricted))
            // A keyed envelope to a request whose key this crate does not see: absence alone
            // proves nothing there; the words must say the credential is missing.
            || (g == Gate::KeyedEnvelope
                && e.cause() == Some(Cause::MissingCredentials)
                && !names_missing
                && !words::asks_for_authentication(&messages)
                // An empty key the request does show is its own evidence.
                && !self
                    .findings
                    .iter()
                    .any(|f| f.implied_cause() == Some(Cause::MissingCredentials)))
            // A bad request that speaks of a token or key of its payload is no auth failure.
            || (must_name && !names_credential && !state && !answers_field)
            // A 503 is an outage unless it speaks of a rate limit, or of the state of the
            // caller's account or API, which needs a caller that identified itself (a service
            // "out of queries" upstream is its own problem).
            || (g == Gate::Unavailable
                && !(e.cause() == Some(Cause::RateLimited)
                    || (matches!(
                        e.cause(),
                        Some(
                            Cause::PlanRestricted
                                | Cause::EndpointNotEnabled
                                | Cause::AccountSuspended
                        )
                    ) && e.credential().is_some())));
        ((decided && !business) || !by_words).then_some(e)
    }

    /// Whether the request's kept body holds a credential (`api_key`, `client_secret`).
    fn body_has_credentials(&self) -> bool {
        self.body
            .as_ref()
            .is_some_and(|b| !credential::body::credentials(b).is_empty())
    }

    /// Whether the body answers a credential field of the request by name with a verdict
    /// (`"token": "invalid"` to a form that sent `token=…`): the server judged that credential.
    fn answers_a_credential_field(&self, fields: &[(String, String)]) -> bool {
        const VERDICTS: &[&str] = &[
            "invalid",
            "expired",
            "revoked",
            "missing",
            "required",
            "wrong",
            "incorrect",
            "unknown",
        ];
        if fields.is_empty() {
            return false;
        }
        let sent = self.credentials_at(&self.sent.url());
        fields.iter().any(|(k, v)| {
            VERDICTS.iter().any(|w| v.eq_ignore_ascii_case(w))
                && sent.iter().any(|c| match &c.location {
                    credential::Location::Query(name) | credential::Location::Body(name) => {
                        name.eq_ignore_ascii_case(k)
                    }
                    _ => false,
                })
        })
    }

    /// The request's credentials, as [`Pending::credentials`], with the snapshot's URL `url`.
    fn credentials_at(&self, url: &url::Url) -> Vec<Credential> {
        let mut credentials = match &self.early {
            Some(c) => c.clone(),
            None => with_sources(
                self.sent.credentials_at(url, &self.config.names),
                &self.injected,
            ),
        };
        if let Some(body) = &self.body {
            credentials.extend(credential::body::credentials(body));
        }
        credentials
    }

    /// Reads the evidence and runs the diagnosis on the response's `headers` and `final_url`.
    fn explain(&self, headers: &http::HeaderMap, final_url: &url::Url) -> Explanation {
        self.diagnose(self.evidence(headers), headers, final_url)
    }

    /// What the response's head and captured body say, with the request's own time.
    fn evidence(&self, headers: &http::HeaderMap) -> Evidence {
        let captured = &self.captured;
        let mut evidence =
            Evidence::read(self.status, headers, &captured.prefix, captured.complete);
        if let Some(note) = &captured.note {
            let body_note = evidence.body.note.take();
            evidence.body.note = Some(match body_note {
                Some(b) => format!("{note}; {b}"),
                None => note.clone(),
            });
        }
        evidence.request_time = self.sent.request_time();
        evidence
    }

    /// Runs the diagnosis on `evidence` for the response from `final_url`.
    fn diagnose(
        &self,
        mut evidence: Evidence,
        headers: &http::HeaderMap,
        final_url: &url::Url,
    ) -> Explanation {
        let cfg = &*self.config;
        let url = self.sent.url();
        let credentials = self.credentials_at(&url);
        if url.origin() != final_url.origin() {
            evidence.redirected_from = Some((
                url.origin().ascii_serialization(),
                final_url.origin().ascii_serialization(),
            ));
        }
        diagnose::explain(&Context {
            method: self.sent.method(),
            url: &url,
            final_url,
            credentials: &credentials,
            findings: &self.findings,
            evidence: &evidence,
            headers,
            now: self.now,
            sensitive_params: &cfg.names.query,
            hidden_credential_headers: &cfg.hidden_credential_headers,
            history: self.recall.as_ref(),
            profiles: cfg.provider_profiles,
            cache: Default::default(),
        })
    }
}

/// Names the source of each credential the middleware injected itself.
fn with_sources(
    mut credentials: Vec<Credential>,
    injected: &[source::Injected],
) -> Vec<Credential> {
    for i in injected {
        if let Some(c) = credentials.iter_mut().find(|c| c.location == i.location) {
            c.source = Some(i.source.clone());
        }
    }
    credentials
}

/// An HTTPS proxy that answers `CONNECT` with 407 surfaces as a connect error, not a response
/// (hyper-util's tunnel reports "proxy authorization required"): find it in the error chain.
fn proxy_tunnel_refused(err: &reqwest_middleware::Error) -> Option<String> {
    let reqwest_middleware::Error::Reqwest(e) = err else {
        return None;
    };
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(s) = source {
        let text = s.to_string();
        if text.contains("proxy authorization required") {
            return Some(text);
        }
        source = s.source();
    }
    None
}

fn tunnel_explanation(
    method: &http::Method,
    url: &url::Url,
    credentials: &[Credential],
    findings: &[Finding],
    detail: String,
    cfg: &Config,
) -> Explanation {
    let cause = crate::explanation::Cause::ProxyAuthRequired;
    let sent = credentials.iter().find(|c| {
        matches!(&c.location, crate::credential::Location::Header(h) if *h == http::header::PROXY_AUTHORIZATION)
    });
    let mut remedies = vec![
        "give the proxy its credentials: `reqwest::Proxy::https(url)?.basic_auth(user, pass)`, or `http://user:pass@proxy:port` in HTTPS_PROXY".to_owned(),
    ];
    remedies.extend(cause.remedies().iter().skip(1).map(|s| (*s).to_owned()));
    Explanation {
        outcome: Outcome::Explained,
        status: Some(407),
        cause: Some(cause),
        confidence: Some(crate::explanation::Confidence::High),
        summary: "the HTTPS proxy refused to open a tunnel (CONNECT answered 407 Proxy Authentication Required): it wants credentials the client did not send or it did not accept".to_owned(),
        evidence: vec![
            format!("transport error: {detail}"),
            "the 407 came from the proxy during CONNECT, so no response from the server exists".to_owned(),
        ],
        remedies,
        method: method.to_string(),
        url: redact::redact_url(url, &cfg.names.query),
        credential: sent.map(CredentialInfo::from),
        findings: findings.to_vec(),
        required_scopes: Vec::new(),
        granted_scopes: Vec::new(),
        retry_after_s: None,
        request_id: None,
        server_message: None,
        provider: None,
        docs_url: None,
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
    let strongest = preflight::refusal_cause(&findings);
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
    // The finding's own words: the cause's generic summary speaks of a request that was sent.
    let summary = match (strongest, errors.first().copied()) {
        (Some((_, f)), _) | (None, Some(f)) => f.message.clone(),
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
        confidence: cause.map(|_| crate::explanation::Confidence::High),
        summary,
        evidence,
        remedies,
        method: req.method().to_string(),
        url: redact::url_for_log(req.url(), credentials, &cfg.names.query),
        credential,
        findings,
        required_scopes: Vec::new(),
        granted_scopes: Vec::new(),
        retry_after_s: None,
        request_id: None,
        server_message: None,
        provider: None,
        docs_url: None,
    }
}
