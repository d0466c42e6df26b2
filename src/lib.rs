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
//! # Log levels
//!
//! Events use the target `reqwest_auth_explain` and OpenTelemetry field names
//! (`http.request.method`, `url.full`, `server.address`, `http.response.status_code`,
//! `error.type`, `auth.*`).
//!
//! | level | what |
//! | --- | --- |
//! | ERROR | one event per request refused by strict pre-flight |
//! | WARN | one event per explained failure (message = summary); one per repair |
//! | DEBUG | evidence lines; pre-flight warnings |
//! | TRACE | nothing yet; the success path emits nothing above TRACE |
//!
//! No level ever emits a secret: URLs are redacted (userinfo and sensitive query values become
//! `REDACTED`), server messages are scrubbed of echoed keys, and credentials appear only as
//! scheme, kind, location and a 12-hex-digit [`Fingerprint`].
#![deny(missing_docs, unsafe_code)]
#![warn(unreachable_pub)]
// Parts of the evidence model are read by rules still being written.
#![allow(dead_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod capture;
mod credential;
mod diagnose;
mod error;
mod explanation;
mod history;
mod jwt;
mod middleware;
mod observe;
mod preflight;
mod providers;
mod redact;
mod report;
mod secret;

pub use credential::{Credential, CredentialKind, Location};
pub use error::{AuthError, AuthErrorKind, ResponseExt};
pub use explanation::{Cause, CredentialInfo, Explanation, Outcome};
pub use middleware::{AuthExplainMiddleware, AuthExplainMiddlewareBuilder};
pub use preflight::{Finding, Preflight, Severity};
pub use providers::{TokenPrefix, TokenUsage};
pub use redact::{OTEL_SENSITIVE_QUERY_KEYS, redact_url};
pub use secret::{Fingerprint, Secret};

#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
