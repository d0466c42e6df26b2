//! Auth failures as OpenTelemetry metrics, counted by cause, with no metrics code in the
//! middleware and no extra dependency for it: tracing-opentelemetry's `MetricsLayer` reads the
//! `monotonic_counter.auth_explain.failures = 1` field of each failure's WARN event.
//!
//! ```text
//! cargo run --example otel_metrics                                      # counts, WARN events
//! RUST_LOG=reqwest_auth_explain=debug cargo run --example otel_metrics   # and the evidence
//! ```
//!
//! The example starts its own loopback server, which answers 401, 403 and 429; nothing leaves
//! the machine. The client sends a fake key; the output holds none of it. Exits 0 when the
//! counts match the failures sent.
//!
//! What the layer makes of the event:
//!
//! - a monotonic `u64` counter named `auth_explain.failures` (the field name less its
//!   `monotonic_counter.` prefix), in the instrumentation scope `tracing/tracing-opentelemetry`;
//! - every other field of the event as an attribute of the data point: `auth.cause`,
//!   `error.type`, `http.response.status_code`, `server.address`, … and also `url.full`,
//!   `message`, `auth.request_id` and `auth.credential.fingerprint`. Each distinct set is a data
//!   point of its own, so sum over the points that share an `auth.cause` (as below), and in
//!   production keep the series few: a view that keeps only `auth.cause` and the status code,
//!   or a filter in the collector.
//!
//! The metrics layer needs no filter of its own: the middleware asks `tracing::enabled!` with
//! the counter field before it builds the event, so the layer's filter (events with a metric
//! field) says yes.
//!
//! A real program swaps the in-memory exporter for an OTLP one (opentelemetry-otlp) and lets the
//! periodic reader push every minute; this one flushes once, reads the in-memory copy and
//! prints the totals.

use std::collections::BTreeMap;
use std::error::Error;
use std::io::IsTerminal;

use opentelemetry_sdk::metrics::data::{AggregatedMetrics, MetricData};
use opentelemetry_sdk::metrics::{InMemoryMetricExporter, PeriodicReader, SdkMeterProvider};
use reqwest_auth_explain::{AuthExplainMiddleware, ResponseExt};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tracing_opentelemetry::MetricsLayer;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{Layer, Registry};

/// A fake key in the shape of a Stripe test key.
const FAKE_KEY: &str = "sk_test_FAKEq7Zr9Mb0te1Lm4xN8wQ";

/// The counter, as the layer names it.
const COUNTER: &str = "auth_explain.failures";

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    // The SDK side: a meter provider whose periodic reader pushes to an in-memory exporter.
    let exporter = InMemoryMetricExporter::default();
    let provider = SdkMeterProvider::builder()
        .with_reader(PeriodicReader::builder(exporter.clone()).build())
        .build();

    // The tracing side: the metrics layer (see above for its filter), and the WARN events as
    // text on stderr.
    Registry::default()
        .with(MetricsLayer::new(provider.clone()))
        .with(
            tracing_subscriber::fmt::layer()
                .with_writer(std::io::stderr)
                .with_ansi(std::io::stderr().is_terminal())
                .with_filter(
                    EnvFilter::try_from_default_env()
                        .unwrap_or_else(|_| EnvFilter::new("reqwest_auth_explain=warn")),
                ),
        )
        .init();

    let addr = serve().await?;
    let client =
        reqwest_middleware::ClientBuilder::new(reqwest::Client::builder().no_proxy().build()?)
            .with(AuthExplainMiddleware::default())
            .build();

    // Four failures on three causes, and a success that counts nothing.
    let mut sent: BTreeMap<String, u64> = BTreeMap::new();
    for path in ["/v1/me", "/v1/orders", "/v1/me", "/v1/search", "/v1/health"] {
        let resp = client
            .get(format!("http://{addr}{path}"))
            .bearer_auth(FAKE_KEY)
            .send()
            .await?;
        let status = resp.status();
        match resp.auth_explanation().and_then(|e| e.cause()) {
            Some(cause) => {
                println!("GET {path} -> {status}: {}", cause.code());
                *sent.entry(cause.code().to_owned()).or_default() += 1;
            }
            None => println!("GET {path} -> {status}"),
        }
    }

    // Push now rather than in a minute, then read what the exporter received.
    provider.force_flush()?;
    let exports = exporter.get_finished_metrics()?;
    let mut counted: BTreeMap<String, u64> = BTreeMap::new();
    let mut attribute_keys: Vec<String> = Vec::new();
    // Cumulative temporality (the default): the latest export holds the totals.
    for scope in exports.iter().rev().take(1).flat_map(|r| r.scope_metrics()) {
        for metric in scope.metrics().filter(|m| m.name() == COUNTER) {
            let AggregatedMetrics::U64(MetricData::Sum(sum)) = metric.data() else {
                return Err(format!("{COUNTER} is not a u64 sum").into());
            };
            for point in sum.data_points() {
                let mut cause = "(none)".to_owned();
                for kv in point.attributes() {
                    let key = kv.key.as_str();
                    if key == "auth.cause" {
                        cause = kv.value.as_str().into_owned();
                    }
                    if !attribute_keys.iter().any(|k| k == key) {
                        attribute_keys.push(key.to_owned());
                    }
                }
                *counted.entry(cause).or_default() += point.value();
            }
        }
    }
    attribute_keys.sort();

    println!();
    println!("{COUNTER} (monotonic counter), by auth.cause:");
    for (cause, n) in &counted {
        println!("  {cause:<24} {n}");
    }
    println!("  {:<24} {}", "total", counted.values().sum::<u64>());
    println!(
        "attributes on the data points: {}",
        attribute_keys.join(", ")
    );

    let _ = provider.shutdown();
    if counted != sent {
        return Err(format!("counted {counted:?}, sent {sent:?}").into());
    }
    Ok(())
}

/// A loopback server that fails by path: 401 for `/v1/me`, 403 (missing scope) for
/// `/v1/orders`, 429 for `/v1/search`, and 200 for anything else.
async fn serve() -> std::io::Result<std::net::SocketAddr> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move {
        while let Ok((mut sock, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buf = [0u8; 8192];
                let mut seen = Vec::new();
                while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
                    match sock.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => seen.extend_from_slice(&buf[..n]),
                    }
                }
                let path = seen
                    .split(|&b| b == b' ')
                    .nth(1)
                    .map(|p| String::from_utf8_lossy(p).into_owned())
                    .unwrap_or_default();
                let _ = sock.write_all(&reply(&path)).await;
                let _ = sock.shutdown().await;
            });
        }
    });
    Ok(addr)
}

fn reply(path: &str) -> Vec<u8> {
    let (status, headers, body) = match path {
        "/v1/me" => (
            "401 Unauthorized",
            "www-authenticate: Bearer realm=\"example\", error=\"invalid_token\"\r\n",
            r#"{"error":"invalid_token"}"#,
        ),
        "/v1/orders" => (
            "403 Forbidden",
            "www-authenticate: Bearer error=\"insufficient_scope\", scope=\"orders:write\"\r\n",
            r#"{"error":"insufficient_scope"}"#,
        ),
        "/v1/search" => (
            "429 Too Many Requests",
            "retry-after: 30\r\n",
            r#"{"error":"rate_limited"}"#,
        ),
        _ => ("200 OK", "", r#"{"ok":true}"#),
    };
    format!(
        "HTTP/1.1 {status}\r\n{headers}content-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}
