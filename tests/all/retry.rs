//! Retries that read the explanation: reqwest-retry's strategy and the Retry-After middleware.

use std::time::{Duration, Instant};

use reqwest_auth_explain::AuthExplainMiddleware;
use reqwest_auth_explain::retry::{AuthRetryableStrategy, RetryAfterMiddleware};
use reqwest_middleware::ClientWithMiddleware;
use reqwest_retry::RetryTransientMiddleware;
use reqwest_retry::policies::ExponentialBackoff;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::capture_logs;

fn with_retry_after(max_retries: u32, max_wait: Duration) -> ClientWithMiddleware {
    reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
        .with(RetryAfterMiddleware::new(max_retries, max_wait))
        .with(AuthExplainMiddleware::default())
        .build()
}

fn with_strategy() -> ClientWithMiddleware {
    let policy = ExponentialBackoff::builder()
        .retry_bounds(Duration::from_millis(1), Duration::from_millis(5))
        .build_with_max_retries(3);
    reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
        .with(RetryTransientMiddleware::new_with_policy_and_strategy(
            policy,
            AuthRetryableStrategy,
        ))
        .with(AuthExplainMiddleware::default())
        .build()
}

async fn limited_once(wait_s: u64) -> MockServer {
    let s = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", wait_s.to_string().as_str())
                .set_body_string("slow down"),
        )
        .up_to_n_times(1)
        .mount(&s)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string("fine"))
        .mount(&s)
        .await;
    s
}

#[tokio::test]
async fn the_wait_the_server_asks_for_is_honoured() {
    let _logs = capture_logs();
    let s = limited_once(1).await;
    let started = Instant::now();
    let resp = with_retry_after(2, Duration::from_secs(5))
        .get(s.uri())
        .bearer_auth("FAKE0123456789abcdef0123")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.text().await.unwrap(), "fine");
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(s.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_wait_longer_than_allowed_returns_the_response() {
    let _logs = capture_logs();
    let s = limited_once(120).await;
    let started = Instant::now();
    let resp = with_retry_after(2, Duration::from_secs(5))
        .get(s.uri())
        .bearer_auth("FAKE0123456789abcdef0123")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 429);
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(s.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_missing_scope_is_never_retried() {
    let _logs = capture_logs();
    let s = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(403).insert_header(
            "www-authenticate",
            r#"Bearer error="insufficient_scope", scope="orders:write""#,
        ))
        .mount(&s)
        .await;
    for client in [with_strategy(), with_retry_after(3, Duration::from_secs(5))] {
        let resp = client
            .get(s.uri())
            .bearer_auth("FAKE0123456789abcdef0123")
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 403);
    }
    assert_eq!(
        s.received_requests().await.unwrap().len(),
        2,
        "one request per client"
    );
}

#[tokio::test]
async fn a_rate_limit_is_transient_for_reqwest_retry() {
    let _logs = capture_logs();
    let s = limited_once(0).await;
    let resp = with_strategy()
        .get(s.uri())
        .bearer_auth("FAKE0123456789abcdef0123")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(s.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn the_auth_error_is_found_behind_reqwest_retry() {
    let _logs = capture_logs();
    let s = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(403).insert_header(
            "www-authenticate",
            r#"Bearer error="insufficient_scope", scope="orders:write""#,
        ))
        .mount(&s)
        .await;
    let policy = ExponentialBackoff::builder().build_with_max_retries(2);
    let client = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
        .with(RetryTransientMiddleware::new_with_policy_and_strategy(
            policy,
            AuthRetryableStrategy,
        ))
        .with(
            AuthExplainMiddleware::builder()
                .fail_on_auth_error(true)
                .build(),
        )
        .build();
    let err = client
        .get(s.uri())
        .bearer_auth("FAKE0123456789abcdef0123")
        .send()
        .await
        .unwrap_err();
    let via_chain = reqwest_auth_explain::AuthError::find_in(&err).expect("found in the chain");
    assert_eq!(
        via_chain.explanation().cause(),
        Some(reqwest_auth_explain::Cause::InsufficientScope)
    );
    assert!(reqwest_auth_explain::AuthError::from_middleware(&err).is_some());
}
