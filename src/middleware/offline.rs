//! The middleware's work without a network: pre-flight on a request that is not sent, and the
//! diagnosis of a recorded exchange (a HAR entry, a support ticket's request and response).
//! Both run the same code as a request that passes through the middleware.

use http::{Extensions, StatusCode};
use reqwest::Request;

use super::{AuthExplainMiddleware, Config, Prepared};
use crate::capture::Captured;
use crate::credential::Credential;
use crate::explanation::{CredentialInfo, Explanation, Outcome};
use crate::preflight::{Finding, Preflight, Severity};
use crate::redact;

impl AuthExplainMiddleware {
    /// Runs the credential sources and pre-flight on `req` as sending it would, and sends
    /// nothing.
    ///
    /// The result has the outcome [`Outcome::Refused`] when the middleware would refuse the
    /// request (strict mode, or a source that cannot provide its credential); `req` is then left
    /// as it was. Otherwise the outcome is [`Outcome::Ok`] and `req` becomes the request as it
    /// would leave: credentials injected and, in [`Preflight::Repair`], repaired. Either way the
    /// explanation lists the findings (repairs included) and the request's credential, shown as
    /// kind, location and fingerprint. The finding events are emitted as for a sent request.
    ///
    /// ```
    /// use reqwest_auth_explain::{AuthExplainMiddleware, Outcome};
    ///
    /// let mw = AuthExplainMiddleware::default(); // Preflight::Repair
    /// let mut req = reqwest::Client::new()
    ///     .get("https://api.example.com/v1/me")
    ///     .header("Authorization", "Bearer  sk-FAKE0123456789abcdef0123 ")
    ///     .build()
    ///     .unwrap();
    /// let report = mw.inspect(&mut req);
    /// assert_eq!(report.outcome(), Outcome::Ok);
    /// assert!(report.findings().iter().any(|f| f.code == "trailing_whitespace"));
    /// assert_eq!(
    ///     req.headers()["authorization"],
    ///     "Bearer sk-FAKE0123456789abcdef0123"
    /// );
    /// ```
    pub fn inspect(&self, req: &mut Request) -> Explanation {
        let copy = copy_of(req);
        match self.prepare(copy, &Extensions::new()) {
            Ok(Prepared {
                req: ready,
                pending,
            }) => {
                let cfg = pending.widened.as_deref().unwrap_or(&self.config);
                let credentials = pending.credentials(&cfg.names);
                let e = passed(
                    pending.sent.method(),
                    &pending.sent.url(),
                    None,
                    &credentials,
                    pending.findings,
                    cfg,
                );
                *req = ready;
                e
            }
            Err(refused) => *refused,
        }
    }

    /// Every credential `req` carries, as the middleware finds them (configured and
    /// well-known headers, headers whose name says key or token, cookies, URL userinfo, key-like
    /// query parameters, token-shaped path segments), `Authorization` first. Shown as kind,
    /// location and fingerprint, never the value: use the location to find (and scrub) it.
    ///
    /// ```
    /// use reqwest_auth_explain::{AuthExplainMiddleware, Location};
    ///
    /// let req = reqwest::Client::new()
    ///     .get("https://api.example.com/v1/me?api_key=FAKE0123456789abcdef&page=2")
    ///     .header("X-Api-Key", "FAKEabcdef0123456789")
    ///     .build()
    ///     .unwrap();
    /// let found = AuthExplainMiddleware::default().credentials_in(&req);
    /// let places: Vec<String> = found.iter().map(|c| c.location.to_string()).collect();
    /// assert!(places.contains(&"header:x-api-key".to_owned()));
    /// assert!(places.contains(&"query:api_key".to_owned()));
    /// assert!(!places.contains(&"query:page".to_owned()));
    /// ```
    pub fn credentials_in(&self, req: &Request) -> Vec<CredentialInfo> {
        crate::credential::find(req, &self.config.names)
            .iter()
            .map(CredentialInfo::from)
            .collect()
    }

    /// Explains a recorded exchange: `req` as it was sent and `resp` as it came back, from
    /// `req`'s URL. Nothing is sent and the key history is neither read nor written.
    ///
    /// The request is read as it was (pre-flight observes, repairs nothing). The response is
    /// read as the middleware reads a live one: 401, 403, 407 and 429 are explained, and the
    /// auth failures that arrive with other statuses (a token endpoint's 400, a GraphQL or
    /// Slack-style 200, …) when their body confirms one; the body's first `max_body_bytes`
    /// count. Anything else has the outcome [`Outcome::Ok`], with the request's credential and
    /// findings.
    ///
    /// ```
    /// use reqwest_auth_explain::{AuthExplainMiddleware, Cause, Outcome};
    ///
    /// let req = reqwest::Client::new()
    ///     .get("https://api.example.com/v1/orders")
    ///     .bearer_auth("FAKE0123456789abcdef0123456789")
    ///     .build()
    ///     .unwrap();
    /// let resp = http::Response::builder()
    ///     .status(403)
    ///     .header(
    ///         "www-authenticate",
    ///         r#"Bearer error="insufficient_scope", scope="orders:write""#,
    ///     )
    ///     .body("")
    ///     .unwrap();
    /// let e = AuthExplainMiddleware::default().explain_recorded(&req, &resp);
    /// assert_eq!(e.outcome(), Outcome::Explained);
    /// assert_eq!(e.cause(), Some(Cause::InsufficientScope));
    /// assert_eq!(e.required_scopes(), ["orders:write"]);
    /// ```
    pub fn explain_recorded<B: AsRef<[u8]>>(
        &self,
        req: &Request,
        resp: &http::Response<B>,
    ) -> Explanation {
        let mut extensions = Extensions::new();
        extensions.insert(Preflight::Observe);
        let Prepared { mut pending, .. } = match self.prepare(copy_of(req), &extensions) {
            Ok(p) => p,
            Err(refused) => return *refused,
        };
        let status = resp.status();
        let final_url = req.url();
        // A recorded response (a HAR entry) may lack the length its body had on the wire:
        // the gates read it as the server would have declared it.
        let with_length;
        let headers = if resp.headers().contains_key(http::header::CONTENT_LENGTH)
            || resp.headers().contains_key(http::header::TRANSFER_ENCODING)
        {
            resp.headers()
        } else {
            let mut h = resp.headers().clone();
            h.insert(
                http::header::CONTENT_LENGTH,
                http::HeaderValue::from(resp.body().as_ref().len()),
            );
            with_length = h;
            &with_length
        };
        let cfg = pending.widened.as_deref().unwrap_or(&self.config);
        let gate = if super::is_auth_failure(status) {
            None
        } else {
            crate::observe::gate::check(
                status,
                headers,
                || pending.sent.url_str(),
                final_url,
                || crate::observe::gate::Sent {
                    flagged: pending.findings.iter().any(|f| f.flags_request()),
                    path_placeholder: pending.findings.iter().any(|f| {
                        f.code == "placeholder" && matches!(f.location, crate::Location::Path(_))
                    }),
                    body_kept: pending.body.is_some(),
                    body_unread: pending.unread_body,
                    password_sent: pending.body.as_ref().is_some_and(|b| b.mentions_password()),
                    ..pending.sent.gate_facts()
                },
                cfg.inspect_success_bodies,
            )
            // A recorded exchange stands alone: no success of its credential is known. Its
            // body is screened as the middleware screens one.
            .and_then(|g| match g {
                crate::observe::gate::Gate::HeaderEnvelope => {
                    (crate::observe::gate::header_envelope_read(status, headers)
                        && crate::observe::gate::may_report_failure(resp.body().as_ref()))
                    .then_some(crate::observe::gate::Gate::KeyedEnvelope)
                }
                g => Some(g),
            })
        };
        if !super::is_auth_failure(status) && gate.is_none() {
            let credentials = pending.credentials(&cfg.names);
            return passed(
                pending.sent.method(),
                &pending.sent.url(),
                Some(status),
                &credentials,
                pending.findings,
                cfg,
            );
        }
        let mut failure = self.failure_of(&mut pending, status, gate, false);
        failure.captured = Captured::of_bytes(resp.body().as_ref(), failure.config.max_body_bytes);
        let explained = if gate.is_some() {
            failure.explain_gated(headers, final_url)
        } else {
            Some(failure.explain(headers, final_url))
        };
        explained.unwrap_or_else(|| {
            let credentials = failure.credentials_at(&failure.sent.url());
            passed(
                failure.sent.method(),
                &failure.sent.url(),
                Some(status),
                &credentials,
                failure.findings.clone(),
                &failure.config,
            )
        })
    }
}

/// A copy of `req` for the middleware to work on; a streaming body (which cannot be copied)
/// is left out: pre-flight reads heads, and form bodies are always in memory.
fn copy_of(req: &Request) -> Request {
    req.try_clone().unwrap_or_else(|| {
        let mut copy = Request::new(req.method().clone(), req.url().clone());
        *copy.headers_mut() = req.headers().clone();
        *copy.version_mut() = req.version();
        copy
    })
}

/// What a request that met no auth failure carries: its credential and what pre-flight found
/// and repaired. `status` is `None` for a request that was not sent.
pub(super) fn passed(
    method: &http::Method,
    url: &url::Url,
    status: Option<StatusCode>,
    credentials: &[Credential],
    findings: Vec<Finding>,
    cfg: &Config,
) -> Explanation {
    let repaired = findings
        .iter()
        .filter(|f| f.severity == Severity::Repaired)
        .count();
    let other = findings.len() - repaired;
    let plural = |n: usize, one: &str, many: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {many}")
        }
    };
    let summary = match (repaired, other) {
        (0, 0) if credentials.is_empty() => "no credential, no finding".to_owned(),
        (0, 0) => "no problem found with the credential".to_owned(),
        (r, 0) => format!("pre-flight repaired {}", plural(r, "problem", "problems")),
        (0, o) => format!(
            "pre-flight found {} (nothing was repaired)",
            plural(o, "problem", "problems")
        ),
        (r, o) => format!(
            "pre-flight repaired {} and found {}",
            plural(r, "problem", "problems"),
            plural(o, "other", "others")
        ),
    };
    let primary = crate::diagnose::primary_credential(
        credentials,
        status.unwrap_or(StatusCode::UNAUTHORIZED),
    )
    .or(credentials.first());
    let findings = redact::scrub_findings(findings, credentials, &cfg.names.query);
    Explanation {
        outcome: Outcome::Ok,
        status: status.map(|s| s.as_u16()),
        cause: None,
        confidence: None,
        summary,
        evidence: Vec::new(),
        remedies: Vec::new(),
        method: method.to_string(),
        url: redact::url_for_log(url, credentials, &cfg.names.query),
        credential: primary.map(CredentialInfo::from),
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
