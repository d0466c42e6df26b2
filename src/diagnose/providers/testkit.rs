//! Builds a [`Context`] from a request and a response, for profile unit tests.

use std::time::SystemTime;

use http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};

use crate::credential::{self, Names};
use crate::diagnose::{self, Context};
use crate::explanation::Explanation;
use crate::history::Recall;
use crate::observe::Evidence;

/// One request/response pair.
pub(crate) struct Case<'a> {
    pub(crate) method: &'a str,
    pub(crate) url: &'a str,
    pub(crate) request: &'a [(&'a str, &'a str)],
    pub(crate) status: u16,
    pub(crate) response: &'a [(&'a str, &'a str)],
    pub(crate) body: &'a str,
    pub(crate) now: SystemTime,
    pub(crate) history: Option<Recall>,
    /// Run the pre-flight checks (in observe mode) and hand their findings to the diagnosis.
    pub(crate) preflight: bool,
}

impl Default for Case<'_> {
    fn default() -> Self {
        Case {
            method: "GET",
            url: "https://api.example.com/",
            request: &[],
            status: 401,
            response: &[],
            body: "",
            now: SystemTime::now(),
            history: None,
            preflight: false,
        }
    }
}

/// Explains a GET with `request` headers answered by `status`, `response` headers and `body`.
pub(crate) fn run(
    url: &str,
    request: &[(&str, &str)],
    status: u16,
    response: &[(&str, &str)],
    body: &str,
) -> Explanation {
    explain(Case {
        url,
        request,
        status,
        response,
        body,
        ..Case::default()
    })
}

/// Explains one case.
pub(crate) fn explain(case: Case<'_>) -> Explanation {
    let method = Method::from_bytes(case.method.as_bytes()).unwrap_or(Method::GET);
    let url = url::Url::parse(case.url).expect("test url");
    let mut req = reqwest::Request::new(method.clone(), url.clone());
    for (k, v) in case.request {
        req.headers_mut().append(
            HeaderName::from_bytes(k.to_ascii_lowercase().as_bytes()).expect("header name"),
            HeaderValue::from_str(v).expect("header value"),
        );
    }
    let findings = if case.preflight {
        let names = Names::default();
        let ctx = crate::preflight::Ctx {
            mode: crate::preflight::Preflight::Observe,
            now: case.now,
            leeway: std::time::Duration::from_secs(60),
            expiry_warning: std::time::Duration::ZERO,
            environment: None,
            names: &names,
            clean: None,
            until: std::cell::Cell::new(u64::MAX),
        };
        crate::preflight::check(&mut req, &ctx)
    } else {
        Vec::new()
    };
    let credentials = credential::find(&req, &Names::default());
    let mut headers = HeaderMap::new();
    for (k, v) in case.response {
        headers.append(
            HeaderName::from_bytes(k.to_ascii_lowercase().as_bytes()).expect("header name"),
            HeaderValue::from_str(v).expect("header value"),
        );
    }
    let status = StatusCode::from_u16(case.status).expect("status");
    let mut evidence = Evidence::read(status, &headers, case.body.as_bytes(), true);
    evidence.request_time = crate::snapshot::Snapshot::take(&req, &Names::default()).request_time();
    diagnose::explain(&Context {
        method: &method,
        url: &url,
        final_url: &url,
        credentials: &credentials,
        findings: &findings,
        evidence: &evidence,
        headers: &headers,
        now: case.now,
        sensitive_params: &[],
        hidden_credential_headers: &[],
        history: case.history.as_ref(),
        profiles: true,
        cache: Default::default(),
    })
}
