//! The tracing contract: event names, levels and OpenTelemetry fields; and the middleware in a
//! stack with reqwest-retry and reqwest-tracing.

use std::collections::HashMap;
use std::fmt;
use std::io;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest_auth_explain::{AuthExplainMiddleware, Cause, Fingerprint, ResponseExt};
use reqwest_retry::RetryTransientMiddleware;
use reqwest_retry::policies::ExponentialBackoff;
use reqwest_tracing::{
    ReqwestOtelSpanBackend, TracingMiddleware, default_on_request_end, default_span_name,
    reqwest_otel_span,
};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Level, Span, Subscriber};
use tracing_subscriber::filter::Targets;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;
use tracing_subscriber::{Layer, Registry};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::client;
use crate::redaction::{assert_clean, run_example};

// ---- capture ------------------------------------------------------------------------------

/// One event or span as a subscriber saw it: every field value as recorded (strings raw, other
/// values through `Debug`).
#[derive(Clone, Debug)]
pub(crate) struct Rec {
    pub(crate) span: bool,
    pub(crate) name: String,
    pub(crate) level: Level,
    pub(crate) target: String,
    pub(crate) fields: Vec<(String, String)>,
}

impl Rec {
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

struct FieldVisitor<'a>(&'a mut Vec<(String, String)>);

impl Visit for FieldVisitor<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.push((field.name().to_owned(), value.to_owned()));
    }
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0.push((field.name().to_owned(), format!("{value:?}")));
    }
}

/// A shared byte buffer that tracing-subscriber's formatters write into.
#[derive(Clone, Default)]
pub(crate) struct Buf(Arc<Mutex<Vec<u8>>>);

impl Buf {
    pub(crate) fn take(&self) -> String {
        String::from_utf8_lossy(&std::mem::take(&mut *self.0.lock().unwrap())).into_owned()
    }
}

impl io::Write for Buf {
    fn write(&mut self, b: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Buf {
    type Writer = Buf;
    fn make_writer(&'a self) -> Buf {
        self.clone()
    }
}

/// Everything a subscriber at TRACE sees: structured records (events and spans, with values
/// recorded later), and the text of tracing-subscriber's plain and JSON formatters.
#[derive(Clone, Default)]
pub(crate) struct Capture {
    records: Arc<Mutex<Vec<Rec>>>,
    spans: Arc<Mutex<HashMap<u64, usize>>>,
    pub(crate) plain: Buf,
    pub(crate) json: Buf,
}

impl Capture {
    /// A capture installed as this thread's default subscriber until the guard drops. Tests
    /// run on a current-thread runtime, so every task of the request is seen.
    pub(crate) fn install() -> (Capture, crate::helpers::Scoped) {
        let c = Capture::default();
        let guard = crate::helpers::scoped(c.subscriber());
        (c, guard)
    }

    pub(crate) fn subscriber(&self) -> impl Subscriber + Send + Sync + 'static {
        self.subscriber_for(Targets::new().with_default(Level::TRACE))
    }

    /// A subscriber that sees only what `targets` lets through.
    pub(crate) fn subscriber_for(
        &self,
        targets: Targets,
    ) -> impl Subscriber + Send + Sync + 'static {
        Registry::default()
            .with(targets)
            .with(self.clone())
            .with(
                tracing_subscriber::fmt::layer()
                    .with_ansi(false)
                    .with_writer(self.plain.clone()),
            )
            .with(
                tracing_subscriber::fmt::layer()
                    .json()
                    .with_writer(self.json.clone()),
            )
    }

    pub(crate) fn records(&self) -> Vec<Rec> {
        self.records.lock().unwrap().clone()
    }

    pub(crate) fn events(&self) -> Vec<Rec> {
        self.records().into_iter().filter(|r| !r.span).collect()
    }

    pub(crate) fn ours(&self) -> Vec<Rec> {
        self.events()
            .into_iter()
            .filter(|r| r.target == "reqwest_auth_explain")
            .collect()
    }

    pub(crate) fn clear(&self) {
        self.records.lock().unwrap().clear();
        self.spans.lock().unwrap().clear();
        self.plain.take();
        self.json.take();
    }

    /// Every byte any layer saw or wrote: field names and values, and both formatters' output.
    pub(crate) fn text(&self) -> String {
        let mut s = String::new();
        for r in self.records() {
            s.push_str(&format!("{} {} {}\n", r.name, r.level, r.target));
            for (k, v) in &r.fields {
                s.push_str(&format!("  {k} = {v}\n"));
            }
        }
        s.push_str(&self.plain.take());
        s.push_str(&self.json.take());
        s
    }
}

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for Capture {
    fn on_event(&self, event: &Event<'_>, _: Context<'_, S>) {
        let mut fields = Vec::new();
        event.record(&mut FieldVisitor(&mut fields));
        let m = event.metadata();
        self.records.lock().unwrap().push(Rec {
            span: false,
            name: m.name().to_owned(),
            level: *m.level(),
            target: m.target().to_owned(),
            fields,
        });
    }

    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, _: Context<'_, S>) {
        let mut fields = Vec::new();
        attrs.record(&mut FieldVisitor(&mut fields));
        let m = attrs.metadata();
        let mut records = self.records.lock().unwrap();
        self.spans
            .lock()
            .unwrap()
            .insert(id.into_u64(), records.len());
        records.push(Rec {
            span: true,
            name: m.name().to_owned(),
            level: *m.level(),
            target: m.target().to_owned(),
            fields,
        });
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, _: Context<'_, S>) {
        let Some(i) = self.spans.lock().unwrap().get(&id.into_u64()).copied() else {
            return;
        };
        let mut fields = Vec::new();
        values.record(&mut FieldVisitor(&mut fields));
        if let Some(r) = self.records.lock().unwrap().get_mut(i) {
            r.fields.extend(fields);
        }
    }
}

// ---- the contract ---------------------------------------------------------------------------

const TOKEN: &str = "opaque-FAKESECRET-Zq81xT4";
const QUERY_KEY: &str = "qk_FAKESECRET_9dLw2Pa";

#[tokio::test]
async fn one_warn_per_explained_failure_with_otel_fields() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(401)
                .insert_header(
                    "www-authenticate",
                    r#"Bearer realm="api", error="invalid_token", error_description="token opaque-FAKESECRET-Zq81xT4 is invalid""#,
                )
                .insert_header("x-request-id", "req_7Hq2k9")
                .set_body_string(r#"{"message":"Bad credentials"}"#),
        )
        .mount(&server)
        .await;
    let (capture, _guard) = Capture::install();
    let resp = client()
        .get(format!("{}/v1/me?api_key={QUERY_KEY}&page=2", server.uri()))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    let e = resp.auth_explanation().expect("explained").clone();

    let warns: Vec<Rec> = capture
        .ours()
        .into_iter()
        .filter(|r| r.level == Level::WARN)
        .collect();
    assert_eq!(warns.len(), 1, "{warns:#?}");
    let w = &warns[0];
    assert_eq!(w.name, "auth_explain.explained");
    let port = url::Url::parse(&server.uri()).unwrap().port().unwrap();
    let cause = e.cause().unwrap().code();
    let expected = [
        ("message", e.summary().to_owned()),
        ("http.request.method", "GET".to_owned()),
        (
            "url.full",
            format!("http://127.0.0.1:{port}/v1/me?api_key=REDACTED&page=2"),
        ),
        ("server.address", "127.0.0.1".to_owned()),
        ("server.port", port.to_string()),
        ("http.response.status_code", "401".to_owned()),
        ("error.type", cause.to_owned()),
        ("auth.cause", cause.to_owned()),
        (
            "auth.confidence",
            e.confidence().expect("a confidence").code().to_owned(),
        ),
        ("auth.scheme", "Bearer".to_owned()),
        (
            "auth.credential.location",
            "header:authorization".to_owned(),
        ),
        (
            "auth.credential.fingerprint",
            Fingerprint::of(TOKEN.as_bytes()).to_string(),
        ),
        ("auth.request_id", "req_7Hq2k9".to_owned()),
        ("auth.remedy", e.remedies()[0].clone()),
        (
            "auth.server_message",
            e.server_message().expect("the body's message").to_owned(),
        ),
        ("monotonic_counter.auth_explain.failures", "1".to_owned()),
    ];
    for (k, v) in &expected {
        assert_eq!(w.get(k), Some(v.as_str()), "field {k} in {w:#?}");
    }
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials));
    assert!(
        w.get("auth.retry_after_s").is_none(),
        "absent without Retry-After"
    );
    assert_eq!(
        w.fields.len(),
        expected.len(),
        "no field beyond the contract: {w:#?}"
    );

    // DEBUG: one event per evidence line, each line as stored in the explanation
    let evidence: Vec<Rec> = capture
        .ours()
        .into_iter()
        .filter(|r| r.level == Level::DEBUG && r.name == "auth_explain.evidence")
        .collect();
    assert_eq!(evidence.len(), e.evidence().len());
    for (r, line) in evidence.iter().zip(e.evidence()) {
        assert_eq!(r.name, "auth_explain.evidence");
        assert_eq!(r.get("message"), Some(format!("evidence: {line}").as_str()));
        assert_eq!(r.get("auth.cause"), Some(cause));
    }
    assert_clean("tracing", &capture.text(), &[TOKEN, QUERY_KEY]);
}

#[tokio::test]
async fn retry_after_is_recorded() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "30"))
        .mount(&server)
        .await;
    let (capture, _guard) = Capture::install();
    let resp = client()
        .get(server.uri())
        .header("x-api-key", TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(
        resp.auth_explanation().and_then(|e| e.cause()),
        Some(Cause::RateLimited)
    );
    let w = capture
        .ours()
        .into_iter()
        .find(|r| r.level == Level::WARN)
        .expect("warn");
    assert_eq!(w.get("auth.retry_after_s"), Some("30"));
    assert_eq!(w.get("error.type"), Some("rate_limited"));
    assert_eq!(w.get("auth.credential.location"), Some("header:x-api-key"));
    assert!(w.get("auth.scheme").is_none());
}

#[tokio::test]
async fn success_path_emits_nothing_above_trace() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_string("ok"))
        .mount(&server)
        .await;
    let (capture, _guard) = Capture::install();
    let resp = client()
        .get(format!("{}/v1/me?api_key={QUERY_KEY}", server.uri()))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    // A key in the query string is worth a DEBUG finding even when the request succeeds.
    let ours: Vec<Rec> = capture
        .ours()
        .into_iter()
        .filter(|r| {
            !(r.name == "auth_explain.finding"
                && r.get("auth.finding") == Some("credential_in_url"))
        })
        .collect();
    assert!(
        ours.iter().all(|r| r.level == Level::TRACE),
        "only TRACE on the success path: {ours:#?}"
    );
    assert_eq!(ours.len(), 1, "{ours:#?}");
    let t = &ours[0];
    assert_eq!(t.name, "auth_explain.passed");
    assert_eq!(t.get("http.response.status_code"), Some("200"));
    assert_eq!(
        t.get("auth.credential.location"),
        Some("header:authorization,query:api_key")
    );
    assert_eq!(
        t.get("auth.credential.fingerprint"),
        Some(
            format!(
                "{},{}",
                Fingerprint::of(TOKEN.as_bytes()),
                Fingerprint::of(QUERY_KEY.as_bytes())
            )
            .as_str()
        )
    );
    assert!(t.get("url.full").unwrap().contains("api_key=REDACTED"));
    assert_clean("tracing", &capture.text(), &[TOKEN, QUERY_KEY]);
}

#[tokio::test]
async fn strict_refusal_is_one_error_event() {
    let (capture, _guard) = Capture::install();
    let err = crate::helpers::client_with(
        AuthExplainMiddleware::builder().preflight(reqwest_auth_explain::Preflight::Strict),
    )
    // Nothing listens here: a refusal sends nothing.
    .get("http://127.0.0.1:9/v1/me")
    .header("authorization", "Bearer YOUR_API_KEY")
    .send()
    .await
    .unwrap_err();
    assert!(reqwest_auth_explain::AuthError::from_middleware(&err).is_some_and(|e| e.is_refused()));
    let errors: Vec<Rec> = capture
        .ours()
        .into_iter()
        .filter(|r| r.level == Level::ERROR)
        .collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].name, "auth_explain.refused");
    assert_eq!(errors[0].get("error.type"), Some("placeholder_credentials"));
    assert_eq!(
        errors[0].get("auth.credential.location"),
        Some("header:authorization")
    );
}

#[tokio::test]
async fn each_repair_is_one_warn_event() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let (capture, _guard) = Capture::install();
    client()
        .get(server.uri())
        .header("authorization", format!("Bearer {TOKEN} "))
        .send()
        .await
        .unwrap();
    let warns: Vec<Rec> = capture
        .ours()
        .into_iter()
        .filter(|r| r.level == Level::WARN)
        .collect();
    assert!(!warns.is_empty());
    assert!(warns.iter().all(|w| w.name == "auth_explain.repaired"));
    assert_clean("tracing", &capture.text(), &[TOKEN]);
}

// ---- in a stack with reqwest-retry and reqwest-tracing --------------------------------------

/// The documented order: tracing outermost, then retry, then this crate next to the network.
fn stack(retries: u32) -> reqwest_middleware::ClientWithMiddleware {
    stack_with::<reqwest_tracing::DefaultSpanBackend>(retries)
}

fn stack_with<B: ReqwestOtelSpanBackend + Sync + Send + 'static>(
    retries: u32,
) -> reqwest_middleware::ClientWithMiddleware {
    let policy = ExponentialBackoff::builder()
        .retry_bounds(Duration::from_millis(1), Duration::from_millis(5))
        .build_with_max_retries(retries);
    reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
        .with(TracingMiddleware::<B>::new())
        .with(RetryTransientMiddleware::new_with_policy(policy))
        .with(AuthExplainMiddleware::default())
        .build()
}

fn http_spans(capture: &Capture) -> Vec<Rec> {
    capture
        .records()
        .into_iter()
        .filter(|r| r.span && r.name == "HTTP request")
        .collect()
}

#[tokio::test]
async fn retry_does_not_retry_an_explained_401_and_the_span_records_it() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(401)
                .insert_header(
                    "www-authenticate",
                    r#"Bearer error="invalid_token", error_description="opaque-FAKESECRET-Zq81xT4 revoked""#,
                )
                .set_body_string(r#"{"message":"key opaque-FAKESECRET-Zq81xT4 is invalid"}"#),
        )
        .expect(1)
        .mount(&server)
        .await;
    let (capture, _guard) = Capture::install();
    let resp = stack(3)
        .get(format!("{}/v1/me?api_key={QUERY_KEY}", server.uri()))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 401);
    assert!(resp.auth_explanation().is_some());
    // 401 is fatal to reqwest-retry's default strategy: one request only
    assert_eq!(server.received_requests().await.unwrap().len(), 1);

    let spans = http_spans(&capture);
    assert_eq!(spans.len(), 1, "{spans:#?}");
    assert_eq!(spans[0].get("http.response.status_code"), Some("401"));
    assert_eq!(spans[0].get("otel.status_code"), Some("ERROR"));
    let warns = capture
        .ours()
        .into_iter()
        .filter(|r| r.level == Level::WARN)
        .count();
    assert_eq!(warns, 1);
    assert_clean("spans and events", &capture.text(), &[TOKEN, QUERY_KEY]);
    // the error the caller builds carries the explanation
    let err = resp.error_for_auth().unwrap_err();
    // the challenge's error_description says "revoked": it refines invalid_token
    assert_eq!(err.explanation().cause(), Some(Cause::RevokedCredentials));
}

#[tokio::test]
async fn retry_retries_a_429_and_each_attempt_is_explained() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "0"))
        .mount(&server)
        .await;
    let (capture, _guard) = Capture::install();
    let resp = stack(2)
        .get(server.uri())
        .header("x-api-key", TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 429);
    assert_eq!(
        resp.auth_explanation().and_then(|e| e.cause()),
        Some(Cause::RateLimited)
    );
    // 429 is transient to reqwest-retry: 1 + 2 retries
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
    let explained = capture
        .ours()
        .into_iter()
        .filter(|r| r.name == "auth_explain.explained")
        .count();
    assert_eq!(explained, 3);
    let spans = http_spans(&capture);
    assert_eq!(spans.len(), 1);
    assert_eq!(spans[0].get("http.response.status_code"), Some("429"));
    assert_clean("spans and events", &capture.text(), &[TOKEN]);
}

#[tokio::test]
async fn tracing_span_of_a_transport_error_holds_no_key() {
    let port = crate::redaction::closed_port();
    let (capture, _guard) = Capture::install();
    let err = stack(1)
        .get(format!(
            "http://127.0.0.1:{port}/v1/me?api_key={QUERY_KEY}&sig={TOKEN}"
        ))
        .send()
        .await
        .unwrap_err();
    assert_clean("error", &format!("{err} {err:?}"), &[TOKEN, QUERY_KEY]);
    let spans = http_spans(&capture);
    assert_eq!(spans.len(), 1);
    // reqwest-retry wraps the error: its message hides the URL, the cause chain shows it
    assert!(spans[0].get("error.message").is_some());
    let chain = spans[0].get("error.cause_chain").expect("error recorded");
    assert!(chain.contains("api_key=REDACTED"), "{chain}");
    assert_clean("spans and events", &capture.text(), &[TOKEN, QUERY_KEY]);
}

/// The way to record `url.full` with reqwest-tracing: a span backend that passes the URL
/// through `redact_url` (its own `SpanBackendWithUrl` keeps query keys).
struct RedactedUrlSpanBackend;

impl ReqwestOtelSpanBackend for RedactedUrlSpanBackend {
    fn on_request_start(req: &reqwest::Request, ext: &mut http::Extensions) -> Span {
        let name = default_span_name(req, ext);
        let url = reqwest_auth_explain::redact_url(req.url(), &[]);
        reqwest_otel_span!(name = name, req, url.full = %url)
    }

    fn on_request_end(
        span: &Span,
        outcome: &reqwest_middleware::Result<reqwest::Response>,
        _: &mut http::Extensions,
    ) {
        default_on_request_end(span, outcome)
    }
}

#[tokio::test]
async fn a_span_backend_can_record_the_redacted_url() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(403))
        .mount(&server)
        .await;
    let (capture, _guard) = Capture::install();
    let resp = stack_with::<RedactedUrlSpanBackend>(0)
        .get(format!(
            "{}/v1/files?X-Amz-Signature={TOKEN}&color=blue",
            server.uri()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 403);
    let spans = http_spans(&capture);
    assert_eq!(
        spans[0].get("url.full"),
        Some(
            format!(
                "{}/v1/files?X-Amz-Signature=REDACTED&color=blue",
                server.uri()
            )
            .as_str()
        )
    );
    assert_eq!(spans[0].get("http.response.status_code"), Some("403"));
    assert_clean("spans and events", &capture.text(), &[TOKEN]);
}

// ---- examples/json_logs.rs ------------------------------------------------------------------

#[test]
fn json_logs_prints_one_warn_event_as_a_json_line() {
    let key = "sk_live_FAKEjsonLogs0000Zz81";
    let run = run_example("json_logs", &[], &[("API_KEY", key)]);
    assert!(run.status.success(), "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 1, "one WARN event by default: {}", run.stdout);
    let v: serde_json::Value = serde_json::from_str(lines[0]).expect("a JSON line");
    assert_eq!(v["level"], "WARN");
    assert_eq!(v["target"], "reqwest_auth_explain");
    assert_eq!(v["http.request.method"], "GET");
    assert_eq!(v["http.response.status_code"], 401);
    assert_eq!(v["error.type"], "invalid_credentials");
    assert_eq!(v["auth.credential.location"], "query:api_key");
    assert_eq!(
        v["auth.credential.fingerprint"],
        Fingerprint::of(key.as_bytes()).to_string()
    );
    assert!(
        v["url.full"]
            .as_str()
            .unwrap()
            .ends_with("/v1/charges?api_key=REDACTED&limit=3"),
        "{v}"
    );
    assert_clean("json_logs", &run.stdout, &[key]);
}

#[tokio::test]
async fn the_warn_event_alone_says_what_to_do() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(403)
                .insert_header(
                    "www-authenticate",
                    r#"Bearer error="insufficient_scope", scope="orders:write""#,
                )
                .set_body_raw(
                    format!(
                        r#"{{"message":"token {TOKEN} may not write orders","documentation_url":"https://docs.example.test/scopes"}}"#
                    ),
                    "application/json",
                ),
        )
        .mount(&server)
        .await;
    let (capture, _guard) = Capture::install();
    let resp = client()
        .post(format!("{}/v1/orders", server.uri()))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    let e = resp.auth_explanation().expect("explained").clone();
    let warns: Vec<Rec> = capture
        .ours()
        .into_iter()
        .filter(|r| r.level == Level::WARN)
        .collect();
    assert_eq!(warns.len(), 1, "{warns:#?}");
    let w = &warns[0];
    assert_eq!(w.get("auth.cause"), Some("insufficient_scope"));
    assert_eq!(w.get("auth.confidence"), Some("high"));
    assert_eq!(w.get("auth.required_scopes"), Some("orders:write"));
    let remedy = w.get("auth.remedy").expect("a remedy");
    assert!(remedy.contains("orders:write"), "{remedy}");
    let said = w.get("auth.server_message").expect("the server's message");
    assert!(said.contains("may not write orders"), "{said}");
    assert_eq!(w.get("monotonic_counter.auth_explain.failures"), Some("1"));
    assert_eq!(
        w.get("auth.docs_url"),
        Some("https://docs.example.test/scopes")
    );
    assert_eq!(e.cause(), Some(Cause::InsufficientScope));
    crate::redaction::assert_clean("the WARN event", &capture.text(), &[TOKEN]);
}

#[tokio::test]
async fn an_auth_error_is_found_in_any_chain_and_prints_in_full_with_alternate() {
    #[derive(Debug)]
    struct Wrapper(reqwest_middleware::Error);
    impl fmt::Display for Wrapper {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("the call failed")
        }
    }
    impl std::error::Error for Wrapper {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            Some(&self.0)
        }
    }
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "7")
                .set_body_raw(r#"{"message":"slow down"}"#, "application/json"),
        )
        .mount(&server)
        .await;
    let c = crate::helpers::client_with(AuthExplainMiddleware::builder().fail_on_auth_error(true));
    let err = c
        .get(server.uri())
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap_err();
    let wrapped = Wrapper(err);
    let auth =
        reqwest_auth_explain::AuthError::find_in(&wrapped).expect("found through the wrapper");
    let e = auth.explanation();
    assert_eq!(e.cause(), Some(Cause::RateLimited));
    assert_eq!(e.retry_after(), Some(Duration::from_secs(7)));
    assert!(e.retryable());
    let one_line = format!("{auth}");
    let full = format!("{auth:#}");
    assert!(!one_line.contains('\n'), "{one_line}");
    assert_eq!(full, e.to_string(), "alternate prints the whole diagnostic");
    let debug = format!("{auth:?}");
    assert!(
        debug.contains("RateLimited") && debug.len() < 600,
        "{debug}"
    );
    crate::redaction::assert_clean("the error", &format!("{one_line}{full}{debug}"), &[TOKEN]);
}
