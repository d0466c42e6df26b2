//! `wrap_client`: add the middleware to a `reqwest::Client` you already have.
//!
//! ```text
//! cargo run --example wrap_client
//! ```
//!
//! The client keeps its own settings (here a timeout and a user agent, which the loopback
//! server checks). The example reads an explanation two ways: from the response, with
//! [`ResponseExt::auth_explanation`], and from an error, with `fail_on_auth_error(true)`,
//! [`AuthError::try_from_middleware`] and [`AuthError::into_response`] to still read the body.

use std::time::Duration;

use reqwest_auth_explain::{AuthError, AuthExplainMiddleware, ResponseExt};
use reqwest_middleware::ClientBuilder;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = MockServer::start().await;
    // Answers only requests that carry the wrapped client's user agent.
    Mock::given(method("GET"))
        .and(path("/v1/orders"))
        .and(header("user-agent", "acme-billing/1.4"))
        .respond_with(
            ResponseTemplate::new(401)
                .insert_header(
                    "www-authenticate",
                    r#"Bearer realm="orders", error="invalid_token", error_description="The access token expired""#,
                )
                .set_body_raw(r#"{"error":"invalid_token","error_description":"The access token expired"}"#, "application/json"),
        )
        .mount(&server)
        .await;

    // The client the application already has.
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .user_agent("acme-billing/1.4")
        .no_proxy() // the server is on loopback
        .build()?;
    let token = "tok_q7Zr9Mb4c1e9b"; // fake
    let url = format!("{}/v1/orders", server.uri());

    // 1. Explanations ride on the response.
    let client = ClientBuilder::new(http.clone())
        .with(AuthExplainMiddleware::default())
        .build();
    let resp = client.get(&url).bearer_auth(token).send().await?;
    println!("status: {}", resp.status());
    if let Some(why) = resp.auth_explanation() {
        println!("cause: {}", why.cause().map_or("unknown", |c| c.code()));
        println!("{why}");
    }

    // 2. Or auth failures become errors, which still carry the whole response.
    let client = ClientBuilder::new(http)
        .with(
            AuthExplainMiddleware::builder()
                .fail_on_auth_error(true)
                .build(),
        )
        .build();
    match client.get(&url).bearer_auth(token).send().await {
        Ok(resp) => println!("no auth failure: {}", resp.status()),
        Err(err) => match AuthError::try_from_middleware(err) {
            Ok(auth) => {
                println!("error: {auth}");
                let summary = auth.explanation().summary().to_owned();
                if let Some(resp) = auth.into_response() {
                    println!("body ({summary}): {}", resp.text().await?);
                }
            }
            Err(other) => return Err(other.into()),
        },
    }
    Ok(())
}
