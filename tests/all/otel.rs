//! OpenTelemetry metrics from the failure events: tracing-opentelemetry's `MetricsLayer` over an
//! SDK meter provider whose periodic reader pushes to an in-memory exporter.
//!
//! The layer turns the WARN event's `monotonic_counter.auth_explain.failures = 1u64` into a
//! monotonic `u64` counter named `auth_explain.failures`, and attaches every other field of the
//! event as an attribute (strings as strings, integers as `i64`, `message` through `Debug`).
//! So one data point per distinct field set: counts by cause are sums over the points that
//! share an `auth.cause`.
//!
//! The layer is used as its documentation shows it, with no filter of its own: the middleware
//! asks `tracing::enabled!` with the counter field, which the layer's filter accepts.

use std::collections::BTreeMap;

use opentelemetry_sdk::metrics::data::{AggregatedMetrics, MetricData, ResourceMetrics};
use opentelemetry_sdk::metrics::{InMemoryMetricExporter, PeriodicReader, SdkMeterProvider};
use reqwest_auth_explain::{Cause, ResponseExt};
use tracing::{Level, Subscriber};
use tracing_opentelemetry::MetricsLayer;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::registry::LookupSpan;
use tracing_subscriber::{Layer, Registry};
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::client;
use crate::redaction::assert_clean;
use crate::telemetry::{Capture, Rec};

const TOKEN: &str = "opaque-FAKESECRET-otel7Kq2";
const QUERY_KEY: &str = "qk_FAKESECRET_otel3Vb8";

/// The counter's name as the layer registers it (the field name less `monotonic_counter.`).
const COUNTER: &str = "auth_explain.failures";

/// A meter provider whose only reader pushes into the returned exporter on `force_flush`.
fn meter_provider() -> (SdkMeterProvider, InMemoryMetricExporter) {
    let exporter = InMemoryMetricExporter::default();
    let provider = SdkMeterProvider::builder()
        .with_reader(PeriodicReader::builder(exporter.clone()).build())
        .build();
    (provider, exporter)
}

/// The metrics layer as its documentation shows it.
fn counting_layer<S>(provider: SdkMeterProvider) -> impl Layer<S>
where
    S: Subscriber + for<'a> LookupSpan<'a>,
{
    MetricsLayer::new(provider)
}

/// One data point of the counter: its attributes (values as text) and its value.
#[derive(Debug)]
struct Point {
    attributes: BTreeMap<String, String>,
    value: u64,
}

/// The counter's data points in the latest export (cumulative, so the totals so far), checking
/// on the way that it is a monotonic `u64` sum from tracing-opentelemetry's scope.
fn counter_points(exports: &[ResourceMetrics]) -> Vec<Point> {
    let latest = exports.last().expect("at least one export");
    let mut out = Vec::new();
    let mut found = 0;
    for scope in latest.scope_metrics() {
        for metric in scope.metrics().filter(|m| m.name() == COUNTER) {
            found += 1;
            assert_eq!(scope.scope().name(), "tracing/tracing-opentelemetry");
            let AggregatedMetrics::U64(MetricData::Sum(sum)) = metric.data() else {
                panic!("{COUNTER} is not a u64 sum: {:?}", metric.data());
            };
            assert!(sum.is_monotonic(), "{COUNTER} is not monotonic");
            out.extend(sum.data_points().map(|p| {
                Point {
                    attributes: p
                        .attributes()
                        .map(|kv| (kv.key.as_str().to_owned(), kv.value.as_str().into_owned()))
                        .collect(),
                    value: p.value(),
                }
            }));
        }
    }
    assert_eq!(found, 1, "one {COUNTER} metric in {latest:#?}");
    out
}

/// How many `auth_explain.failures` metrics the exports hold, all exports together (none when
/// nothing was recorded: the reader then exports nothing at all).
fn counter_seen(exports: &[ResourceMetrics]) -> usize {
    exports
        .iter()
        .flat_map(|r| r.scope_metrics())
        .flat_map(|s| s.metrics())
        .filter(|m| m.name() == COUNTER)
        .count()
}

/// Counter totals by the `auth.cause` attribute.
fn totals_by_cause(points: &[Point]) -> BTreeMap<String, u64> {
    let mut out = BTreeMap::new();
    for p in points {
        let cause = p
            .attributes
            .get("auth.cause")
            .unwrap_or_else(|| panic!("no auth.cause attribute on {p:?}"));
        *out.entry(cause.clone()).or_default() += p.value;
    }
    out
}

/// An API with one way to fail per path, and a path that succeeds.
async fn api() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(path("/v1/me"))
        .respond_with(
            ResponseTemplate::new(401)
                .insert_header(
                    "www-authenticate",
                    r#"Bearer realm="api", error="invalid_token""#,
                )
                .set_body_string(r#"{"message":"Bad credentials"}"#),
        )
        .mount(&server)
        .await;
    Mock::given(path("/v1/orders"))
        .respond_with(
            ResponseTemplate::new(403)
                .insert_header(
                    "www-authenticate",
                    r#"Bearer error="insufficient_scope", scope="orders:write""#,
                )
                .set_body_raw(
                    format!(r#"{{"message":"token {TOKEN} may not write orders"}}"#),
                    "application/json",
                ),
        )
        .mount(&server)
        .await;
    Mock::given(path("/v1/search"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "30"))
        .mount(&server)
        .await;
    Mock::given(path("/v1/health"))
        .respond_with(ResponseTemplate::new(200).set_body_string("ok"))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn failures_are_counted_by_cause_and_the_events_arrive() {
    let server = api().await;
    let (provider, exporter) = meter_provider();
    let capture = Capture::default();
    let _guard = crate::helpers::scoped(
        Registry::default()
            .with(counting_layer(provider.clone()))
            .with(capture.clone()),
    );

    // Four failures on three causes (the 401 twice), and a success that counts nothing.
    let client = client();
    let mut causes: Vec<Cause> = Vec::new();
    for (path, status) in [
        ("/v1/me", 401),
        ("/v1/orders", 403),
        ("/v1/me", 401),
        ("/v1/search", 429),
        ("/v1/health", 200),
    ] {
        let resp = client
            .get(format!("{}{path}?api_key={QUERY_KEY}", server.uri()))
            .bearer_auth(TOKEN)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), status, "{path}");
        if let Some(e) = resp.auth_explanation() {
            causes.push(e.cause().expect("a cause"));
        }
    }
    assert_eq!(
        causes,
        [
            Cause::InvalidCredentials,
            Cause::InsufficientScope,
            Cause::InvalidCredentials,
            Cause::RateLimited,
        ]
    );

    provider.force_flush().expect("flush");
    let exports = exporter.get_finished_metrics().expect("exported metrics");
    let points = counter_points(&exports);

    // The total is the number of explained failures; by cause, the causes explained.
    let total: u64 = points.iter().map(|p| p.value).sum();
    assert_eq!(total, causes.len() as u64, "{points:#?}");
    let expected: BTreeMap<String, u64> = [
        ("invalid_credentials".to_owned(), 2),
        ("insufficient_scope".to_owned(), 1),
        ("rate_limited".to_owned(), 1),
    ]
    .into();
    assert_eq!(totals_by_cause(&points), expected, "{points:#?}");

    // The event's other fields ride along as attributes; the counter's own field does not.
    for p in &points {
        let a = &p.attributes;
        assert_eq!(a.get("error.type"), a.get("auth.cause"), "{p:?}");
        assert_eq!(
            a.get("http.request.method").map(String::as_str),
            Some("GET")
        );
        assert_eq!(
            a.get("server.address").map(String::as_str),
            Some("127.0.0.1")
        );
        let status = match a["auth.cause"].as_str() {
            "invalid_credentials" => "401",
            "insufficient_scope" => "403",
            "rate_limited" => "429",
            other => panic!("unexpected cause {other}"),
        };
        assert_eq!(
            a.get("http.response.status_code").map(String::as_str),
            Some(status),
            "{p:?}"
        );
        let url = a.get("url.full").expect("url.full");
        assert!(url.contains("api_key=REDACTED"), "{url}");
        assert!(a.contains_key("message"), "{p:?}");
        assert!(
            !a.keys().any(|k| k.starts_with("monotonic_counter.")),
            "{p:?}"
        );
    }
    let rate_limited = points
        .iter()
        .find(|p| p.attributes["auth.cause"] == "rate_limited")
        .expect("a rate_limited point");
    assert_eq!(
        rate_limited
            .attributes
            .get("auth.retry_after_s")
            .map(String::as_str),
        Some("30")
    );

    // The events arrived too: one WARN per failure, each with the counter field and its cause.
    let warns: Vec<Rec> = capture
        .ours()
        .into_iter()
        .filter(|r| r.level == Level::WARN)
        .collect();
    assert_eq!(warns.len(), causes.len(), "{warns:#?}");
    for (w, cause) in warns.iter().zip(&causes) {
        assert_eq!(w.name, "auth_explain.explained");
        assert_eq!(w.get("auth.cause"), Some(cause.code()), "{w:#?}");
        assert_eq!(
            w.get("monotonic_counter.auth_explain.failures"),
            Some("1"),
            "{w:#?}"
        );
    }
    // Only the WARN events carry the counter (not the DEBUG evidence lines nor anything else).
    let counted = capture
        .events()
        .iter()
        .filter(|r| r.get("monotonic_counter.auth_explain.failures").is_some())
        .count();
    assert_eq!(counted, causes.len());

    // The metrics are one more output: no secret in any attribute.
    assert_clean(
        "exported metrics",
        &format!("{exports:?}"),
        &[TOKEN, QUERY_KEY],
    );
    assert_clean("tracing", &capture.text(), &[TOKEN, QUERY_KEY]);
}

#[tokio::test]
async fn the_counter_adds_up_across_flushes() {
    let server = api().await;
    let (provider, exporter) = meter_provider();
    let _guard = crate::helpers::scoped(
        Registry::default()
            .with(counting_layer(provider.clone()))
            .with(Capture::default()),
    );
    let client = client();
    let url = format!("{}/v1/search", server.uri());

    client.get(&url).send().await.unwrap();
    provider.force_flush().expect("flush");
    let first = counter_points(&exporter.get_finished_metrics().unwrap());
    assert_eq!(totals_by_cause(&first)["rate_limited"], 1, "{first:#?}");

    for _ in 0..3 {
        client.get(&url).send().await.unwrap();
    }
    provider.force_flush().expect("flush");
    let exports = exporter.get_finished_metrics().unwrap();
    assert_eq!(exports.len(), 2, "one export per flush");
    let second = counter_points(&exports);
    // Cumulative (the SDK's default): the latest export holds the total since the start.
    assert_eq!(totals_by_cause(&second)["rate_limited"], 4, "{second:#?}");
}

/// The layer alone, or beside a layer that takes every event, with no filter of its own:
/// the failure is counted and the WARN event arrives (tokio-rs/tracing#2519 bit a hint
/// asked without fields; the middleware asks with its counter field).
#[tokio::test]
async fn the_counter_arrives_with_the_layer_as_documented() {
    let server = api().await;
    let url = format!("{}/v1/search", server.uri());

    let (provider, exporter) = meter_provider();
    let capture = Capture::default();
    {
        let _guard = crate::helpers::scoped(
            Registry::default()
                .with(MetricsLayer::new(provider.clone()))
                .with(capture.clone()),
        );
        let resp = client().get(&url).send().await.unwrap();
        assert_eq!(
            resp.auth_explanation().unwrap().cause(),
            Some(Cause::RateLimited)
        );
        provider.force_flush().expect("flush");
    }
    let warns: Vec<Rec> = capture
        .ours()
        .into_iter()
        .filter(|r| r.level == Level::WARN)
        .collect();
    assert_eq!(warns.len(), 1, "{warns:#?}");
    let exports = exporter.get_finished_metrics().unwrap();
    assert_eq!(counter_seen(&exports), 1, "{exports:#?}");

    let (provider, exporter) = meter_provider();
    {
        let _guard =
            crate::helpers::scoped(Registry::default().with(MetricsLayer::new(provider.clone())));
        let resp = client().get(&url).send().await.unwrap();
        assert!(resp.auth_explanation().is_some());
        provider.force_flush().expect("flush");
    }
    let exports = exporter.get_finished_metrics().unwrap();
    assert_eq!(counter_seen(&exports), 1, "{exports:#?}");
}
