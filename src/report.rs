//! Tracing events with OpenTelemetry field names. Takes only redacted data: an
//! [`Explanation`] (whose fields are redacted when built), [`Finding`]s whose messages were
//! scrubbed, and URLs already redacted; the one event that starts from a raw URL
//! ([`passed`]) redacts it itself.
//!
//! tracing's macros read dotted field names (`http.request.method`) only inside a `{ … }`
//! block once `name:`/`target:` are given, hence the braces below.

use http::{Method, StatusCode};
use url::Url;

use crate::credential::Credential;
use crate::explanation::Explanation;
use crate::preflight::Finding;
use crate::redact;

/// Target of every event.
pub(crate) const TARGET: &str = "reqwest_auth_explain";

/// One WARN per explained failure (message = summary); DEBUG for each evidence line.
pub(crate) fn explained(e: &Explanation) {
    // Fields below parse and format; skip them when nobody listens.
    if !explained_enabled() {
        return;
    }
    let cause = e.cause().map_or("unknown", |c| c.code());
    let cred = e.credential();
    let (host, port) = server(e.url());
    let list = |l: &[String]| (!l.is_empty()).then(|| l.join(" "));
    let (required, granted) = (list(e.required_scopes()), list(e.granted_scopes()));
    // The event alone says what to do: the first remedy, the server's words, the scopes.
    tracing::warn!(
        name: "auth_explain.explained",
        target: TARGET,
        {
            http.request.method = e.method(),
            url.full = e.url(),
            server.address = host.as_deref(),
            server.port = port,
            http.response.status_code = e.status(),
            error.type = cause,
            auth.cause = cause,
            auth.confidence = e.confidence().map(|c| c.code()),
            auth.scheme = cred.and_then(|c| c.scheme.as_deref()),
            auth.credential.location = cred.map(|c| tracing::field::display(&c.location)),
            auth.credential.fingerprint = cred.map(|c| c.fingerprint.as_str()),
            auth.request_id = e.request_id(),
            auth.retry_after_s = e.retry_after_s(),
            auth.remedy = e.remedies().first().map(String::as_str),
            auth.docs_url = e.docs_url(),
            auth.server_message = e.server_message(),
            auth.required_scopes = required.as_deref(),
            auth.granted_scopes = granted.as_deref(),
            monotonic_counter.auth_explain.failures = 1u64,
        },
        "{}",
        e.summary()
    );
    for line in e.evidence() {
        tracing::debug!(
            name: "auth_explain.evidence",
            target: TARGET,
            { auth.cause = cause },
            "evidence: {line}"
        );
    }
}

/// One WARN per repair.
pub(crate) fn repaired(method: &str, url: &str, f: &Finding) {
    tracing::warn!(
        name: "auth_explain.repaired",
        target: TARGET,
        {
            http.request.method = method,
            url.full = url,
            auth.finding = f.code,
            auth.credential.location = %f.location,
        },
        "repaired before sending: {}",
        f.message
    );
}

/// One ERROR per strict refusal.
pub(crate) fn refused(e: &Explanation) {
    let cause = e.cause().map_or("refused", |c| c.code());
    let codes: Vec<&str> = e.findings().iter().map(|f| f.code).collect();
    let (host, port) = server(e.url());
    tracing::error!(
        name: "auth_explain.refused",
        target: TARGET,
        {
            http.request.method = e.method(),
            url.full = e.url(),
            server.address = host.as_deref(),
            server.port = port,
            error.type = cause,
            auth.cause = cause,
            auth.findings = %codes.join(","),
            auth.scheme = e.credential().and_then(|c| c.scheme.as_deref()),
            auth.credential.location = e.credential().map(|c| tracing::field::display(&c.location)),
            auth.credential.fingerprint = e.credential().map(|c| c.fingerprint.as_str()),
        },
        "request refused before sending: {}",
        e.summary()
    );
}

/// One WARN per warning before a failure (once per credential and kind): a token about to
/// expire, a rate limit nearly spent.
pub(crate) fn early(method: &str, url: &str, w: &crate::observe::early::Early, fingerprint: &str) {
    let (expires_in, remaining) = match w {
        crate::observe::early::Early::TokenExpires { in_s } => (Some(*in_s), None),
        crate::observe::early::Early::RateLimitLow { remaining, .. } => (None, Some(*remaining)),
    };
    tracing::warn!(
        name: "auth_explain.early_warning",
        target: TARGET,
        {
            http.request.method = method,
            url.full = url,
            auth.warning = w.code(),
            auth.credential.fingerprint = fingerprint,
            auth.expires_in_s = expires_in,
            auth.rate_limit.remaining = remaining,
        },
        "{}",
        w.message()
    );
}

/// Findings that are neither repaired nor refused: DEBUG (warnings) so logs stay quiet on the
/// success path; a JWT about to expire is a WARN, like the header-announced warnings.
pub(crate) fn finding(method: &str, url: &str, f: &Finding) {
    if f.code == "jwt_expires_soon" {
        // A warning before the failure: at WARN, like the header-announced ones.
        tracing::warn!(
            name: "auth_explain.early_warning",
            target: TARGET,
            {
                http.request.method = method,
                url.full = url,
                auth.warning = f.code,
                auth.credential.location = %f.location,
            },
            "pre-flight: {}",
            f.message
        );
        return;
    }
    tracing::debug!(
        name: "auth_explain.finding",
        target: TARGET,
        {
            http.request.method = method,
            url.full = url,
            auth.finding = f.code,
            auth.severity = %f.severity,
            auth.credential.location = %f.location,
        },
        "pre-flight: {}",
        f.message
    );
}

/// One TRACE per response that is not an auth failure: which credential went where, by
/// location and fingerprint. Costs nothing unless TRACE is enabled for the target.
/// Whether the TRACE event for a passing request would be recorded (checked before building
/// its fields, which allocate).
/// Whether a subscriber takes `auth_explain.explained` events.
///
/// Asked with the event's kind and its counter field, so that a layer that takes only
/// events with a `monotonic_counter.` field (tracing-opentelemetry's `MetricsLayer`) says
/// yes: asked without fields, it would say no, and the failure would never be counted.
pub(crate) fn explained_enabled() -> bool {
    tracing::enabled!(
        kind: tracing::metadata::Kind::EVENT,
        target: TARGET,
        tracing::Level::WARN,
        { monotonic_counter.auth_explain.failures }
    )
}

pub(crate) fn passed_enabled() -> bool {
    tracing::enabled!(target: TARGET, tracing::Level::TRACE)
}

pub(crate) fn passed(
    method: &Method,
    url: &Url,
    status: StatusCode,
    credentials: &[Credential],
    extra: &[String],
) {
    if !tracing::enabled!(target: TARGET, tracing::Level::TRACE) {
        return;
    }
    let full = redact::url_for_log(url, credentials, extra);
    let locations: Vec<String> = credentials.iter().map(|c| c.location.to_string()).collect();
    let fingerprints: Vec<String> = credentials
        .iter()
        .map(|c| c.fingerprint().to_string())
        .collect();
    tracing::trace!(
        name: "auth_explain.passed",
        target: TARGET,
        {
            http.request.method = method.as_str(),
            url.full = full.as_str(),
            server.address = url.host_str(),
            server.port = url.port_or_known_default(),
            http.response.status_code = status.as_u16(),
            auth.credential.location = %locations.join(","),
            auth.credential.fingerprint = %fingerprints.join(","),
        },
        "no auth failure"
    );
}

fn server(url: &str) -> (Option<String>, Option<u16>) {
    match Url::parse(url) {
        Ok(u) => (u.host_str().map(str::to_owned), u.port_or_known_default()),
        Err(_) => (None, None),
    }
}
