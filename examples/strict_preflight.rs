//! The same badly pasted credential in the three pre-flight modes.
//!
//! ```sh
//! cargo run --example strict_preflight
//! ```
//!
//! Starts its own API on 127.0.0.1 (nothing else is contacted). The API accepts
//! `Authorization: Bearer FAKE-demo-token-0123` and answers 401 to anything else. The request
//! carries `bearer "FAKE-demo-token-0123"` with a zero-width space inside, as copied from a chat
//! message:
//!
//! - Observe sends it byte for byte, the server rejects it, the findings explain why;
//! - Repair fixes scheme case, quotes and the invisible character, and the request succeeds;
//! - Strict repairs nothing and refuses to send it: the server never sees the request.
//!
//! Finally Strict meets a placeholder, which no mode can repair.

use http::HeaderValue;
use http::header::AUTHORIZATION;
use reqwest_auth_explain::{AuthError, AuthExplainMiddleware, Preflight, ResponseExt};
use wiremock::matchers::header;
use wiremock::{Mock, MockServer, ResponseTemplate};

const GOOD: &str = "Bearer FAKE-demo-token-0123";
/// `bearer "FAKE-demo-token-0123"` with U+200B ZERO WIDTH SPACE after `FAKE-`.
const PASTED: &[u8] = b"bearer \"FAKE-\xE2\x80\x8Bdemo-token-0123\"";

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let api = MockServer::start().await;
    Mock::given(header("authorization", GOOD))
        .respond_with(ResponseTemplate::new(200).set_body_string("hello"))
        .mount(&api)
        .await;
    Mock::given(wiremock::matchers::any())
        .respond_with(
            ResponseTemplate::new(401)
                .insert_header("www-authenticate", r#"Bearer error="invalid_token""#),
        )
        .mount(&api)
        .await;
    let url = format!("{}/v1/me", api.uri());

    for mode in [Preflight::Observe, Preflight::Repair, Preflight::Strict] {
        println!("== Preflight::{mode:?}");
        let client = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
            .with(AuthExplainMiddleware::builder().preflight(mode).build())
            .build();
        let before = api.received_requests().await.unwrap_or_default().len();
        let result = client
            .get(&url)
            .header(AUTHORIZATION, HeaderValue::from_bytes(PASTED)?)
            .send()
            .await;
        let sent = api.received_requests().await.unwrap_or_default().len() > before;
        match result {
            Ok(resp) => {
                println!("sent: {sent}, status: {}", resp.status());
                match resp.auth_explanation() {
                    Some(why) => print!("{why}"),
                    None => println!("no auth failure"),
                }
            }
            Err(err) => {
                println!("sent: {sent}");
                let Some(auth) = AuthError::from_middleware(&err) else {
                    return Err(err.into());
                };
                print!("{}", auth.explanation());
            }
        }
        println!();
    }

    println!("== Preflight::Strict with a placeholder");
    let client = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
        .with(
            AuthExplainMiddleware::builder()
                .preflight(Preflight::Strict)
                .build(),
        )
        .build();
    let err = client
        .get(&url)
        .bearer_auth("${API_TOKEN}")
        .send()
        .await
        .expect_err("strict refuses a placeholder");
    let auth = AuthError::from_middleware(&err).expect("an AuthError");
    for f in auth.explanation().findings() {
        println!("finding {} ({}): {}", f.code, f.severity, f.message);
    }
    println!(
        "{}",
        serde_json::to_string_pretty(&auth.explanation().to_json())?
    );
    Ok(())
}
