//! The one place text is scrubbed: URLs (userinfo, sensitive query values, tokens in the path),
//! headers shown in evidence (an allow-list of names), and server text that echoes a secret whole
//! or in part. Every output path of the crate goes through here: `Display`, `Debug` and JSON of
//! an [`Explanation`](crate::Explanation), [`AuthError`](crate::AuthError) messages, tracing
//! fields, and the URL inside transport errors.
//!
//! Two layers. What can be recognised without knowing the secret (userinfo, sensitive query
//! names, token-shaped values, masked echoes such as `sk_live_abc***`) is removed always. What
//! echoes a secret the request actually carried is found by [`Scrubber`], which knows the
//! secrets' bytes and their encoded forms and compares them with the text, 6 bytes at a time.
//!
//! This module owns the replacement strings and the scrubber's sizes; URLs (`url`), the
//! scrubber and its entry points (`scrubber`), its window index (`index`) and text helpers
//! (`text`), and evidence lines (`evidence`) each have a file. What makes a value a credential
//! by its shape, and which scheme names may be shown, is [`credential`](crate::credential)'s.

mod evidence;
mod index;
#[cfg(any(test, feature = "__fuzz"))]
mod naive;
mod scrubber;
#[cfg(test)]
mod tests;
mod text;
mod url;

pub(crate) use self::url::path_has_token;
pub use self::url::{OTEL_SENSITIVE_QUERY_KEYS, redact_url};
pub(crate) use crate::credential::shown_scheme;
pub(crate) use evidence::evidence_line;
pub(crate) use scrubber::{
    Scrubber, redact_error, redact_response_url, response_url_needs_redaction, scrub_findings,
    url_for_log,
};
// For the fuzz entry points (and, for `url_has_secrets`, tests that name it by its crate path).
#[cfg(feature = "__fuzz")]
pub(crate) use self::url::is_sensitive_param;
#[cfg(any(test, feature = "__fuzz"))]
pub(crate) use self::url::url_has_secrets;
#[cfg(feature = "__fuzz")]
pub(crate) use naive::Naive;
#[cfg(feature = "__fuzz")]
pub(crate) use scrubber::scrub_text;

/// Replacement inside URLs (OpenTelemetry's spelling).
pub(crate) const REDACTED: &str = "REDACTED";
/// Replacement inside text.
pub(crate) const SCRUBBED: &str = "[REDACTED]";
/// Length of the windows compared between a secret and a text. A shorter echo than this is
/// caught only by the masked-echo rules.
const GRAM: usize = 6;
/// Secrets (and secret forms) shorter than this are not searched for: too many false matches.
const MIN_SECRET: usize = 4;
/// Scrubbed text is cut to this many bytes: a log line, not a document.
const MAX_TEXT_BYTES: usize = 4096;
