//! Tracing events with OpenTelemetry field names. Takes only redacted data: an
//! [`Explanation`] (whose fields are redacted when built) and [`Finding`]s.

use crate::explanation::Explanation;
use crate::preflight::Finding;

/// Target of every event.
#[allow(dead_code)]
pub(crate) const TARGET: &str = "reqwest_auth_explain";

/// One WARN per explained failure; DEBUG for each evidence line.
pub(crate) fn explained(e: &Explanation) {
    let cause = e.cause().map_or("unknown", |c| c.code());
    let cred = e.credential();
    tracing::warn!(
        target: "reqwest_auth_explain",
        {
            http.request.method = e.method(),
            url.full = e.url(),
            server.address = host(e.url()).as_deref(),
            http.response.status_code = e.status(),
            error.type = cause,
            auth.cause = cause,
            auth.scheme = cred.and_then(|c| c.scheme.as_deref()),
            auth.credential.location = cred.map(|c| tracing::field::display(&c.location)),
            auth.credential.fingerprint = cred.map(|c| c.fingerprint.as_str()),
            auth.request_id = e.request_id(),
            auth.retry_after_s = e.retry_after_s(),
        },
        "{}",
        e.summary()
    );
    for line in e.evidence() {
        tracing::debug!(target: "reqwest_auth_explain", { auth.cause = cause }, "evidence: {line}");
    }
}

/// One WARN per repair.
pub(crate) fn repaired(method: &str, url: &str, f: &Finding) {
    tracing::warn!(
        target: "reqwest_auth_explain",
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
    tracing::error!(
        target: "reqwest_auth_explain",
        {
            http.request.method = e.method(),
            url.full = e.url(),
            server.address = host(e.url()).as_deref(),
            error.type = cause,
            auth.cause = cause,
            auth.findings = %codes.join(","),
            auth.credential.location = e.credential().map(|c| tracing::field::display(&c.location)),
            auth.credential.fingerprint = e.credential().map(|c| c.fingerprint.as_str()),
        },
        "request refused before sending: {}",
        e.summary()
    );
}

/// Findings that are neither repaired nor refused: DEBUG (warnings) so logs stay quiet on the
/// success path.
pub(crate) fn finding(method: &str, url: &str, f: &Finding) {
    tracing::debug!(
        target: "reqwest_auth_explain",
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

fn host(url: &str) -> Option<String> {
    url::Url::parse(url).ok()?.host_str().map(str::to_owned)
}
