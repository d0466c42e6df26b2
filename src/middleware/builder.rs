//! [`AuthExplainMiddlewareBuilder`]: every setting of the middleware, with its default.

use std::sync::Arc;
use std::time::Duration;

use http::HeaderName;

use super::{AuthExplainMiddleware, Config};
use crate::history::History;
use crate::preflight::{Environment, Preflight};
use crate::source::{BuildError, CredentialSource};

/// Builds an [`AuthExplainMiddleware`]. Every setter states its default.
#[derive(Clone, Debug)]
#[must_use]
pub struct AuthExplainMiddlewareBuilder {
    pub(super) config: Config,
    /// Header names given to the list setters that are not valid header names.
    pub(super) invalid_names: Vec<String>,
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
    /// Treat this header as a credential too (case-insensitive; e.g. `X-Tenant-Key`): it is
    /// found, checked and redacted like the well-known ones. Adds to the list; a name given
    /// twice counts once. A name that is not a valid header name makes
    /// [`try_build`](Self::try_build) fail (and is reported, then ignored, by
    /// [`build`](Self::build)).
    ///
    /// ```
    /// use reqwest_auth_explain::{AuthExplainMiddleware, BuildErrorKind};
    ///
    /// let err = AuthExplainMiddleware::builder()
    ///     .credential_header("X Tenant Key")
    ///     .try_build()
    ///     .unwrap_err();
    /// assert_eq!(err.kind(), BuildErrorKind::InvalidHeaderName);
    /// ```
    pub fn credential_header(mut self, name: impl AsRef<str>) -> Self {
        match HeaderName::from_bytes(name.as_ref().to_ascii_lowercase().as_bytes()) {
            Ok(n) if !self.config.names.headers.contains(&n) => self.config.names.headers.push(n),
            Ok(_) => {}
            Err(_) => self.invalid_names.push(name.as_ref().to_owned()),
        }
        self
    }

    /// Treat this query parameter as a credential too (case-insensitive): it is checked and
    /// its value redacted everywhere. Adds to the list; a name given twice counts once.
    pub fn credential_query_param(mut self, name: impl Into<String>) -> Self {
        let name = name.into();
        if !self
            .config
            .names
            .query
            .iter()
            .any(|q| q.eq_ignore_ascii_case(&name))
        {
            self.config.names.query.push(name);
        }
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
    /// see them). Defaults to none. Adds to the list, like the other list setters; a name
    /// given twice counts once, and an invalid name fails [`try_build`](Self::try_build).
    pub fn client_default_credential_headers<I, S>(mut self, names: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        for name in names {
            let name: String = name.into();
            if HeaderName::from_bytes(name.to_ascii_lowercase().as_bytes()).is_err() {
                self.invalid_names.push(name);
            } else if !self
                .config
                .hidden_credential_headers
                .iter()
                .any(|h| h.eq_ignore_ascii_case(&name))
            {
                self.config.hidden_credential_headers.push(name);
            }
        }
        self
    }

    /// Rewrite the URL inside transport errors (connect, timeout, redirect) to its redacted
    /// form, so `error!("{err}")` cannot leak a key from the query string. Defaults to `true`.
    ///
    /// When the URL carries a secret (userinfo, a sensitive query value, a token-shaped path
    /// segment, a fragment), the returned `Response`'s `url()` is rewritten too: reqwest prints
    /// it in the errors of `error_for_status`, `json()`, `text()` and `bytes()` (decode and
    /// body-timeout errors) and in the response's `Debug`. Turn this off to keep `url()` as
    /// sent; those errors then show the key. Responses whose URL holds nothing secret are not
    /// touched.
    pub fn redact_error_urls(mut self, yes: bool) -> Self {
        self.config.redact_error_urls = yes;
        self
    }

    /// Leeway for JWT `exp` and `nbf` checks. Defaults to 60 s.
    pub fn jwt_leeway(mut self, leeway: Duration) -> Self {
        self.config.jwt_leeway = leeway;
        self
    }

    /// How close to its `exp` a JWT gets a `jwt_expires_soon` warning before it is sent: one
    /// WARN per token while the middleware remembers it, so that a refresh can happen before
    /// the 401. Defaults to 5 minutes; `Duration::ZERO` turns the warning off.
    pub fn expiry_warning(mut self, window: Duration) -> Self {
        self.config.expiry_warning = window;
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

    /// Whether provider profiles (the built-in knowledge of GitHub, Stripe, AWS, … error codes,
    /// hosts and consoles) take part in the diagnosis. Defaults to `true`.
    ///
    /// With `false` an explanation rests only on standards (RFC 9110 challenges, RFC 6750 and
    /// RFC 6749 error codes, RFC 9457 problem details), on what the request itself shows and
    /// on generic wording: what an API without a profile gets. Useful to see what the generic
    /// path makes of a response, and to measure it.
    ///
    /// ```
    /// use reqwest_auth_explain::AuthExplainMiddleware;
    /// let generic_only = AuthExplainMiddleware::builder().provider_profiles(false).build();
    /// # let _ = generic_only;
    /// ```
    pub fn provider_profiles(mut self, yes: bool) -> Self {
        self.config.provider_profiles = yes;
        self
    }

    /// Whether a 2xx response that follows a convention for reporting auth failures in a
    /// success (Slack's `"ok": false`, GraphQL `errors`, gRPC-web's `grpc-status`, a redirect
    /// to another host's sign-in page) is read for one. Defaults to `true`.
    ///
    /// Only responses that pass a cheap check of their head are read (a `slack.com` host, a
    /// `/graphql` path, a `grpc-status` header, an HTML page on another host): every other
    /// success is untouched. The cost for those few: the response is handed on once its first
    /// bytes (at most `max_body_bytes`, within `body_timeout`) are read, and the caller still
    /// gets every byte. Errors come back as 200: a 201, 202 or 204 reports work done and is
    /// never read (a 203 only as a sign-in page). `false` leaves all 2xx responses alone.
    ///
    /// ```
    /// use reqwest_auth_explain::AuthExplainMiddleware;
    /// let mw = AuthExplainMiddleware::builder().inspect_success_bodies(false).build();
    /// # let _ = mw;
    /// ```
    pub fn inspect_success_bodies(mut self, yes: bool) -> Self {
        self.config.inspect_success_bodies = yes;
        self
    }

    /// The environment this client runs in, compared with the environment a key's prefix
    /// names: with [`Environment::Production`] a test key (`sk_test_`, `rk_test_`) is an error,
    /// with [`Environment::Test`] a live key is a warning. Defaults to unset: no such check.
    pub fn environment(mut self, environment: Environment) -> Self {
        self.config.environment = Some(environment);
        self
    }

    /// Add a credential to matching requests that do not carry its header yet. Sources are
    /// tried in the order given; a per-request source (`.with_extension(source)`) comes first.
    /// Defaults to none.
    ///
    /// ```
    /// use reqwest_auth_explain::{AuthExplainMiddleware, CredentialSource};
    ///
    /// let mw = AuthExplainMiddleware::builder()
    ///     .credential(CredentialSource::env("API_KEY").bearer().for_host("api.example.com"))
    ///     .build();
    /// # let _ = mw;
    /// ```
    pub fn credential(mut self, source: CredentialSource) -> Self {
        if let Some(name) = source.custom_header() {
            if !self.config.names.headers.contains(&name) {
                self.config.names.headers.push(name);
            }
        }
        self.config.sources.push(source);
        self
    }

    /// The middleware. A [`CredentialSource`] that cannot provide its value (unset, empty,
    /// quoted, placeholder, unreadable) does not fail here: matching requests are refused
    /// instead, with an explanation naming the source. Use
    /// [`try_build`](Self::try_build) to fail at start-up.
    pub fn build(mut self) -> AuthExplainMiddleware {
        for name in &self.invalid_names {
            tracing::warn!(
                target: "reqwest_auth_explain",
                name_bytes = name.len(),
                "auth_explain: ignoring a credential header name that is not a valid header name"
            );
        }
        for s in &mut self.config.sources {
            let _ = s.preload();
        }
        AuthExplainMiddleware {
            history: Arc::new(History::new(self.config.history_capacity)),
            clean: Arc::default(),
            recent: Arc::default(),
            warned: Arc::default(),
            config: Arc::new(self.config),
        }
    }

    /// The middleware, or the first [`CredentialSource`] that cannot provide its value.
    ///
    /// # Errors
    ///
    /// A [`BuildError`] naming the variable or file (never the value) when a source is unset,
    /// empty, only whitespace, wrapped in quotes, a placeholder, unreadable, or names an
    /// invalid header.
    ///
    /// ```
    /// use reqwest_auth_explain::{AuthExplainMiddleware, CredentialSource, Secret};
    ///
    /// let err = AuthExplainMiddleware::builder()
    ///     .credential(CredentialSource::value(Secret::new("YOUR_API_KEY")))
    ///     .try_build()
    ///     .unwrap_err();
    /// assert!(err.to_string().starts_with("inline value holds template text"));
    /// ```
    pub fn try_build(mut self) -> Result<AuthExplainMiddleware, BuildError> {
        if let Some(name) = self.invalid_names.first() {
            return Err(BuildError::invalid_header_name(
                "a credential header setting",
                name,
            ));
        }
        for s in &mut self.config.sources {
            s.preload()?;
        }
        Ok(AuthExplainMiddleware {
            history: Arc::new(History::new(self.config.history_capacity)),
            clean: Arc::default(),
            recent: Arc::default(),
            warned: Arc::default(),
            config: Arc::new(self.config),
        })
    }
}
