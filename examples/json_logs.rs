//! One auth failure as a log pipeline receives it: JSON lines from tracing-subscriber's JSON
//! formatter, OpenTelemetry field names, and the key redacted everywhere.
//!
//! ```text
//! cargo run --example json_logs                                   # the WARN event
//! RUST_LOG=reqwest_auth_explain=trace cargo run --example json_logs   # every event
//! API_KEY=sk_live_yours cargo run --example json_logs             # try your own (fake) key
//! ```
//!
//! The example starts its own loopback server, which rejects the key and echoes it back the way
//! real APIs do (in part, masked, and whole in a header). Nothing leaves the machine. Exits 0.

use std::error::Error;

use reqwest_auth_explain::{AuthExplainMiddleware, ResponseExt};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tracing_subscriber::EnvFilter;

/// A fake key in the shape of a Stripe live key.
const FAKE_KEY: &str = "sk_live_FAKE4eC39HqLyjWDarjtT1zdp7dc";

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let key = std::env::var("API_KEY").unwrap_or_else(|_| FAKE_KEY.to_owned());

    // What a log shipper reads: one JSON object per line, event fields at the top level.
    tracing_subscriber::fmt()
        .json()
        .flatten_event(true)
        .with_current_span(false)
        .with_span_list(false)
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("reqwest_auth_explain=warn")),
        )
        .with_writer(std::io::stdout)
        .init();

    let addr = serve(key.clone()).await?;
    let client = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
        .with(AuthExplainMiddleware::default())
        .build();

    // An API that takes its key in the query string, as many still do.
    let url = url::Url::parse_with_params(
        &format!("http://{addr}/v1/charges"),
        [("api_key", key.as_str()), ("limit", "3")],
    )?;
    let resp = client.get(url).send().await?;
    if resp.auth_explanation().is_none() {
        return Err(format!("expected an explained failure, got {}", resp.status()).into());
    }
    Ok(())
}

/// A loopback server that answers every request with a 401 that echoes the key: masked in the
/// body (as Stripe and OpenAI do), whole in a debug header.
async fn serve(key: String) -> std::io::Result<std::net::SocketAddr> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let chars: Vec<char> = key.chars().collect();
    let shown = chars.len().min(12).min(chars.len().saturating_sub(4));
    let masked = format!(
        "{}{}{}",
        chars[..shown].iter().collect::<String>(),
        "*".repeat(chars.len() - shown - chars.len().min(4)),
        chars[chars.len() - chars.len().min(4)..]
            .iter()
            .collect::<String>()
    );
    let body = serde_json::json!({
        "error": {
            "message": format!("Invalid API Key provided: {masked}"),
            "type": "invalid_request_error",
            "code": "invalid_api_key",
        }
    })
    .to_string();
    let head = format!(
        "HTTP/1.1 401 Unauthorized\r\n\
         content-type: application/json\r\n\
         www-authenticate: Bearer realm=\"example\", error=\"invalid_token\"\r\n\
         request-id: req_8fQ2hKx7Lm\r\n\
         x-debug-api-key: {}\r\n\
         content-length: {}\r\n\
         connection: close\r\n\r\n",
        header_safe(&key),
        body.len()
    );
    let response = [head.into_bytes(), body.into_bytes()].concat();
    tokio::spawn(async move {
        while let Ok((mut sock, _)) = listener.accept().await {
            let response = response.clone();
            tokio::spawn(async move {
                let mut buf = [0u8; 8192];
                let mut seen = Vec::new();
                while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
                    match sock.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => seen.extend_from_slice(&buf[..n]),
                    }
                }
                let _ = sock.write_all(&response).await;
                let _ = sock.shutdown().await;
            });
        }
    });
    Ok(addr)
}

/// The key as a header value can hold it: visible ASCII, other bytes percent-encoded.
fn header_safe(key: &str) -> String {
    key.bytes()
        .map(|b| {
            if b.is_ascii_graphic() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
