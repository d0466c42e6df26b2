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
use crate::observe::gate::Gate;
use failure::Failure;

mod builder;
mod failure;
mod offline;
mod recent;

use crate::credential::{self, Credential, Names};
use crate::diagnose;
use crate::error::AuthError;
use crate::explanation::{CredentialInfo, Explanation, Outcome};
use crate::history::{self, History};
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
    /// The request had a body this middleware does not read (XML, multipart, a stream, a large
    /// one): credentials may travel there unseen.
    unread_body: bool,
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
            let unread_body = credential::body::unread(body.as_ref(), &req);
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
                    unread_body,
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
        let unread_body = credential::body::unread(body.as_ref(), &req);
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
                unread_body,
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
        // A response from the request's own URL whose URL is redacted here still came from
        // there: the request's own URL stands for it in every comparison (no redirect).
        let mut unmoved = false;
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
                unmoved = resp.url().as_str() == p.sent.url_str();
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
            // (a response URL redacted here is compared as the request's own, unredacted)
            let sent_url;
            let final_url = if unmoved {
                sent_url = p.sent.url();
                &sent_url
            } else {
                resp.url()
            };
            crate::observe::gate::check(
                status,
                resp.headers(),
                || p.sent.url_str(),
                final_url,
                || crate::observe::gate::Sent {
                    flagged: p.findings.iter().any(|f| f.flags_request()),
                    path_placeholder: p.findings.iter().any(|f| {
                        f.code == "placeholder" && matches!(f.location, crate::Location::Path(_))
                    }),
                    body_kept: p.body.is_some(),
                    body_unread: p.unread_body,
                    password_sent: p.body.as_ref().is_some_and(|b| b.mentions_password()),
                    ..p.sent.gate_facts()
                },
                cfg.inspect_success_bodies,
            )
        };
        // A short 2xx to a header-keyed request is read until its credential has been seen
        // to succeed here (and a plain one is then handed on unread: see `gated`).
        let mut noted = false;
        let screened = gate == Some(Gate::HeaderEnvelope);
        let gate = match gate {
            Some(Gate::HeaderEnvelope) => {
                noted = self.touch_if_succeeded(p, &cfg.names);
                (!noted && crate::observe::gate::header_envelope_read(status, resp.headers()))
                    .then_some(Gate::KeyedEnvelope)
            }
            g => g,
        };
        if let Some(gate) = gate {
            let origin = p.origin;
            let failure = self.failure_of(p, status, Some(gate), unmoved);
            return After::Explain(Box::pin(self.gated(resp, failure, origin, screened)));
        }
        if !is_auth_failure(status) {
            if !noted {
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
            }
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
        let failure = self.failure_of(p, status, None, unmoved);
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
        unmoved: bool,
    ) -> Failure {
        Failure {
            unmoved,
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
            unread_body: p.unread_body,
        }
    }

    /// Whether the key history has seen the request's credential succeed at its endpoint
    /// (since it was last refused there); if so, this success is noted.
    fn touch_if_succeeded(&self, p: &Pending, names: &Names) -> bool {
        let Some(origin) = p.origin else { return false };
        let key = p.success_key.or_else(|| {
            let secret = match &p.early {
                Some(c) => origin_primary(c, StatusCode::OK)
                    .map(|c| std::borrow::Cow::Borrowed(c.secret.expose_secret())),
                None => p.sent.primary_secret(names),
            };
            self.history.success_key(origin, &secret?)
        });
        key.is_some_and(|k| self.history.touch_if_succeeded(k, p.now))
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
    ///
    /// `screened`: a header-keyed 2xx, read only because its key has not worked here yet. A
    /// body in plain ASCII without a word or status of failure (`{"ok":true}`) is handed on
    /// without a diagnosis: a client with a new key on every request pays for the read, not
    /// for the reading.
    async fn gated(
        &self,
        resp: Response,
        mut failure: Failure,
        origin: Option<u64>,
        screened: bool,
    ) -> reqwest_middleware::Result<Response> {
        let (max, timeout) = (failure.config.max_body_bytes, failure.config.body_timeout);
        let (mut resp, captured) = capture::peek(resp, max, timeout).await;
        failure.captured = captured;
        let quiet = screened
            && failure.captured.complete
            && !crate::observe::gate::may_report_failure(&failure.captured.prefix);
        let explained = if quiet {
            None
        } else {
            failure.explain_gated(resp.headers(), resp.url())
        };
        let Some(explanation) = explained else {
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
