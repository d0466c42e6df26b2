//! The middleware end to end: explanations attached, responses untouched.

use reqwest_auth_explain::{AuthError, AuthExplainMiddleware, Cause, Outcome, ResponseExt};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::{client, client_with};

#[tokio::test]
async fn explains_insufficient_scope_from_challenge() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/orders"))
        .respond_with(
            ResponseTemplate::new(403)
                .insert_header(
                    "www-authenticate",
                    r#"Bearer error="insufficient_scope", scope="orders:write""#,
                )
                .insert_header("x-request-id", "req_7Hq2k9")
                .set_body_string(r#"{"error":"insufficient_scope"}"#),
        )
        .mount(&server)
        .await;
    let resp = client()
        .post(format!("{}/v1/orders", server.uri()))
        .bearer_auth("opaque-FAKESECRET-token")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 403);
    let e = resp.auth_explanation().expect("explanation").clone();
    assert_eq!(e.cause(), Some(Cause::InsufficientScope));
    assert_eq!(e.required_scopes(), ["orders:write"]);
    assert_eq!(e.request_id(), Some("req_7Hq2k9"));
    let text = e.to_string();
    assert!(
        text.starts_with("error[insufficient_scope]: 403 Forbidden from 127.0.0.1: "),
        "{text}"
    );
    assert!(
        text.contains("help: grant the scope orders:write"),
        "{text}"
    );
    assert!(!text.contains("FAKESECRET"));
    // the body still reaches the caller
    assert_eq!(
        resp.text().await.unwrap(),
        r#"{"error":"insufficient_scope"}"#
    );
}

#[tokio::test]
async fn success_is_untouched() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string("hello"))
        .mount(&server)
        .await;
    let resp = client()
        .get(server.uri())
        .bearer_auth("tok")
        .send()
        .await
        .unwrap();
    assert!(resp.auth_explanation().is_none());
    assert_eq!(resp.text().await.unwrap(), "hello");
}

#[tokio::test]
async fn error_mode_round_trip_keeps_the_response() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(401)
                .insert_header(
                    "www-authenticate",
                    r#"Bearer error="invalid_token", error_description="The access token expired""#,
                )
                .insert_header("x-custom", "kept")
                .set_body_string("expired!"),
        )
        .mount(&server)
        .await;
    let c = client_with(AuthExplainMiddleware::builder().fail_on_auth_error(true));
    let err = c
        .get(server.uri())
        .bearer_auth("tok-FAKESECRET")
        .send()
        .await
        .unwrap_err();
    let auth = AuthError::from_middleware(&err).expect("auth error");
    assert_eq!(auth.explanation().cause(), Some(Cause::ExpiredCredentials));
    assert_eq!(auth.explanation().outcome(), Outcome::Explained);
    assert!(
        err.to_string()
            .starts_with("server rejected the request (401, expired_credentials)"),
        "{err}"
    );
    let auth = AuthError::try_from_middleware(err).unwrap();
    let resp = auth.into_response().unwrap();
    assert_eq!(resp.headers()["x-custom"], "kept");
    assert_eq!(resp.text().await.unwrap(), "expired!");
}
