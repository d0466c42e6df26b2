//! Make HTTP auth failures explain themselves.
//!
//! `reqwest-auth-explain` is a [`reqwest_middleware`] middleware. Before a request leaves, it
//! finds every credential (Authorization, Proxy-Authorization, API-key headers, cookies, URL
//! userinfo, key-like query parameters), repairs what is safe to repair and flags what is
//! wrong. After a 401, 403, 407 or 429 it reads what the server said and attaches an
//! [`Explanation`]: a stable [`Cause`] code, the evidence and concrete remedies. The caller
//! loses nothing: status, headers and every body byte still arrive.
//!
//! # Quick start
//!
//! ```no_run
//! use reqwest_auth_explain::{AuthExplainMiddleware, ResponseExt};
//!
//! # async fn run() -> Result<(), reqwest_middleware::Error> {
//! let client = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
//!     .with(AuthExplainMiddleware::default())
//!     .build();
//!
//! let resp = client.get("https://api.example.com/v1/me").bearer_auth("sk_live_…").send().await?;
//! if let Some(why) = resp.auth_explanation() {
//!     eprintln!("{why}"); // error[expired_credentials]: 401 Unauthorized from api.example.com: …
//! }
//! # Ok(()) }
//! ```
//!
//! # What it costs
//!
//! A request whose credentials were seen clean before and whose response is not an auth
//! failure costs about 0.6 µs (5% of a loopback round trip of about 12.5 µs; reqwest-tracing
//! costs about 2%, see `docs/performance.md`): pre-flight remembers
//! clean header values (as a keyed hash, a JWT only until it expires), and the URL and
//! credential headers are kept in an inline buffer, without allocating. After a 401, 403, 407
//! or 429 the middleware reads at most `max_body_bytes` of the body (the caller still gets
//! every byte) and records the key history; the diagnosis itself runs the first time
//! [`auth_explanation`](ResponseExt::auth_explanation) is called, on the response's headers as
//! they are then, or at once when a subscriber takes this crate's WARN events or
//! [`fail_on_auth_error`](AuthExplainMiddlewareBuilder::fail_on_auth_error) is set. A service that only looks at the status pays for the body read, not for the
//! diagnosis. The README gives the measured figures.
//!
//! # Log levels
//!
//! Every event has the target `reqwest_auth_explain`, a stable name, and OpenTelemetry field
//! names (semantic conventions for HTTP clients) next to the crate's own `auth.*` fields.
//!
//! | level | event name | when | fields |
//! | --- | --- | --- | --- |
//! | ERROR | `auth_explain.refused` | a request refused by [`Preflight::Strict`]: nothing was sent | `http.request.method`, `url.full`, `server.address`, `server.port`, `error.type`, `auth.cause`, `auth.findings`, `auth.scheme`, `auth.credential.location`, `auth.credential.fingerprint` |
//! | WARN | `auth_explain.explained` | each explained 401, 403, 407 or 429 | `http.request.method`, `url.full`, `server.address`, `server.port`, `http.response.status_code`, `error.type` (= the [`Cause`] code), `auth.cause`, `auth.scheme`, `auth.credential.location`, `auth.credential.fingerprint`, `auth.request_id`, `auth.retry_after_s` |
//! | WARN | `auth_explain.repaired` | each repair [`Preflight::Repair`] made before sending | `http.request.method`, `url.full`, `auth.finding`, `auth.credential.location` |
//! | DEBUG | `auth_explain.evidence` | each evidence line of an explained failure | `auth.cause` |
//! | DEBUG | `auth_explain.finding` | each pre-flight finding that was not repaired | `http.request.method`, `url.full`, `auth.finding`, `auth.severity`, `auth.credential.location` |
//! | TRACE | `auth_explain.passed` | each response that is not an auth failure | `http.request.method`, `url.full`, `server.address`, `server.port`, `http.response.status_code`, `auth.credential.location`, `auth.credential.fingerprint` (comma-separated, one per credential) |
//!
//! The message is the explanation's summary (WARN, ERROR) or the finding or evidence line. A
//! request whose credentials need no repair and whose response is not an auth failure emits
//! only the TRACE event, and only when TRACE is enabled for the target. Fields that do not apply
//! are absent (`auth.scheme` for a query key, `auth.retry_after_s` without `Retry-After`).
//!
//! # Secrets
//!
//! No level, and no `Display`, `Debug` or JSON form of the crate's types, ever contains a
//! secret:
//!
//! - credentials appear only as scheme, kind, location and a [`Fingerprint`], the first 12 hex
//!   digits of SHA-256 over the secret bytes: compare with
//!   `printf %s "$API_KEY" | sha256sum | cut -c1-12`; a [`Secret`] has no `Display`, and its
//!   `Debug` prints `Secret([REDACTED])`;
//! - URLs are logged as [`redact_url`] writes them: userinfo becomes `REDACTED:REDACTED@`, the
//!   values of sensitive query parameters become `REDACTED` (OpenTelemetry's seven keys, the
//!   crate's credential parameter names and the ones given to
//!   [`credential_query_param`](AuthExplainMiddlewareBuilder::credential_query_param)),
//!   token-shaped values and path segments too, and the fragment is dropped;
//! - text from the server (messages, challenge parameters, request ids) is scrubbed before it
//!   is stored: an echo of a secret the request carried, whole or from 6 characters, masked
//!   (`sk_live_abc***`, `****wxyz`), percent-encoded or base64, becomes `[REDACTED]`, and
//!   control characters become spaces so that a message cannot forge log lines;
//! - response headers in evidence pass an allow-list of names; other headers show
//!   `[REDACTED]`;
//! - transport errors (connect, timeout, redirect) and, when the URL holds a secret, the
//!   response's `url()` (printed by `error_for_status` and body decode errors) carry the
//!   redacted URL, unless
//!   [`redact_error_urls(false)`](AuthExplainMiddlewareBuilder::redact_error_urls).
//!
//! What the crate cannot cover: the request itself still carries the key (so other
//! middleware's `Debug` of the URL shows a query key; credential headers are marked
//! sensitive, so their `Debug` prints `Sensitive`), and reqwest-tracing's
//! `SpanBackendWithUrl` records the query string as is.
//!
//! # With reqwest-retry and reqwest-tracing
//!
//! Add the middleware last, so it runs closest to the network, inside the retry loop and the
//! tracing span:
//!
//! ```no_run
//! use reqwest_auth_explain::AuthExplainMiddleware;
//! use reqwest_retry::{RetryTransientMiddleware, policies::ExponentialBackoff};
//! use reqwest_tracing::TracingMiddleware;
//!
//! let client = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
//!     .with(TracingMiddleware::default())
//!     .with(RetryTransientMiddleware::new_with_policy(
//!         ExponentialBackoff::builder().build_with_max_retries(3),
//!     ))
//!     .with(AuthExplainMiddleware::default())
//!     .build();
//! ```
//!
//! - reqwest-retry's default strategy treats 401, 403 and 407 as fatal (no retry) and 429 as
//!   transient (retried with backoff); each attempt is explained, so a retried 429 logs one
//!   WARN per attempt. Keep `fail_on_auth_error(false)` (the default) here and call
//!   [`ResponseExt::error_for_auth`] after `send()`: every error that comes out of a middleware
//!   is fatal to reqwest-retry, so `fail_on_auth_error(true)` inside the retry loop would stop
//!   429s from being retried, and reqwest-retry wraps errors in its `RetryError`, whose
//!   transparent variant hides the [`AuthError`] from source chains (downcast the
//!   `anyhow::Error` to `RetryError`, then call [`AuthError::from_middleware`] on the error it
//!   holds).
//! - reqwest-tracing's span records `http.response.status_code` (401, …) and sets
//!   `otel.status_code = "ERROR"`, since the explained response still comes back as `Ok`.
//!   Transport errors reach it with the URL already redacted, so its `error.message` and
//!   `error.cause_chain` hold no key. Its `DefaultSpanBackend` records no URL; to record
//!   `url.full`, write a span backend that passes the request URL through [`redact_url`]
//!   rather than using `SpanBackendWithUrl`, which keeps query keys.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![warn(unreachable_pub)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod capture;
mod credential;
mod diagnose;
mod error;
mod explanation;
mod finding;
mod history;
mod jwt;
mod middleware;
mod observe;
mod preflight;
mod redact;
mod report;
#[cfg(feature = "retry")]
#[cfg_attr(docsrs, doc(cfg(feature = "retry")))]
pub mod retry;
mod secret;
mod slots;
mod snapshot;
mod source;

/// Entry points for the fuzz targets, their seed replay test and the diagnosis benchmark;
/// not part of the API (no semver promise). Compiled only with the internal `__fuzz` feature,
/// which this package's own tests, benchmarks and fuzz targets turn on.
#[cfg(feature = "__fuzz")]
#[doc(hidden)]
#[path = "fuzzing.rs"]
pub mod __fuzz;

pub use credential::Location;
pub use error::{AuthError, AuthErrorKind, ResponseExt};
pub use explanation::{Cause, Confidence, CredentialInfo, Explanation, Outcome, UnknownCause};
pub use middleware::{AuthExplainMiddleware, AuthExplainMiddlewareBuilder};
pub use preflight::{Environment, Finding, Preflight, Severity};
pub use redact::{OTEL_SENSITIVE_QUERY_KEYS, redact_url};
pub use secret::{Fingerprint, Secret};
pub use source::{BuildError, BuildErrorKind, CredentialSource};

#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
