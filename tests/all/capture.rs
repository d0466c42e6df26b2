//! Body capture: every byte, header and `url()` still reaches the caller, within bounds.

use std::time::{Duration, Instant};

use reqwest_auth_explain::{AuthExplainMiddleware, Cause, ResponseExt};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::{Step, client, client_with, head, raw_server};

async fn serve_401(body: Vec<u8>) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(401)
                .insert_header("www-authenticate", "Bearer realm=\"t\"")
                .insert_header("x-keep", "yes")
                .set_body_bytes(body),
        )
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn empty_small_at_cap_and_far_over_cap_bodies_arrive_whole() {
    let cap = 1024;
    for len in [0usize, 17, cap, cap + 1, 5 * 1024 * 1024] {
        let body: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
        let server = serve_401(body.clone()).await;
        let c = client_with(AuthExplainMiddleware::builder().max_body_bytes(cap));
        let resp = c
            .get(format!("{}/x?a=1", server.uri()))
            .bearer_auth("t0ken")
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 401);
        assert_eq!(resp.version(), reqwest::Version::HTTP_11);
        assert_eq!(resp.headers()["x-keep"], "yes");
        assert_eq!(resp.url().as_str(), format!("{}/x?a=1", server.uri()));
        assert_eq!(resp.content_length(), Some(len as u64), "len {len}");
        assert!(resp.remote_addr().is_some(), "extensions kept");
        let e = resp.auth_explanation().expect("explained").clone();
        let got = resp.bytes().await.unwrap();
        assert_eq!(got.len(), len);
        assert!(got == body, "body differs at len {len}");
        let over = len > cap;
        assert_eq!(
            e.evidence()
                .iter()
                .any(|l| l.contains("only the first 1024 bytes")),
            over,
            "len {len}: {:?}",
            e.evidence()
        );
    }
}

#[tokio::test]
async fn a_stalled_body_returns_after_the_timeout_and_the_rest_still_arrives() {
    let addr = raw_server(vec![
        Step::Send(head(
            "401 Unauthorized",
            &[
                ("content-type", "application/json"),
                ("content-length", "39"),
            ],
        )),
        Step::Send(b"{\"error\":\"invalid_token\",".to_vec()),
        Step::Sleep(Duration::from_millis(1500)),
        Step::Send(b"\"x\":\"0123456\"}".to_vec()),
    ])
    .await;
    let c = client_with(AuthExplainMiddleware::builder().body_timeout(Duration::from_millis(200)));
    let start = Instant::now();
    let resp = c
        .get(format!("http://{addr}/slow"))
        .bearer_auth("t0ken")
        .send()
        .await
        .unwrap();
    let waited = start.elapsed();
    assert!(
        waited < Duration::from_millis(1200),
        "returned after {waited:?}"
    );
    let e = resp.auth_explanation().unwrap().clone();
    assert!(
        e.evidence()
            .iter()
            .any(|l| l.contains("did not finish within 200 ms")),
        "{:?}",
        e.evidence()
    );
    let body = resp.text().await.unwrap();
    assert_eq!(body, "{\"error\":\"invalid_token\",\"x\":\"0123456\"}");
}

#[tokio::test]
async fn a_reset_mid_body_reaches_the_caller_after_the_bytes_before_it() {
    let addr = raw_server(vec![
        Step::Send(head("403 Forbidden", &[("content-length", "100")])),
        Step::Send(b"partial body".to_vec()),
        Step::Sleep(Duration::from_millis(50)),
        Step::Reset,
    ])
    .await;
    let mut resp = client()
        .get(format!("http://{addr}/"))
        .bearer_auth("t0ken")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 403);
    let e = resp.auth_explanation().unwrap().clone();
    assert_eq!(e.cause(), Some(Cause::UnknownForbidden));
    assert!(
        e.evidence()
            .iter()
            .any(|l| l.contains("could not be read to its end")),
        "{:?}",
        e.evidence()
    );
    let mut got = Vec::new();
    let err = loop {
        match resp.chunk().await {
            Ok(Some(c)) => got.extend_from_slice(&c),
            Ok(None) => panic!("body ended without the error"),
            Err(e) => break e,
        }
    };
    assert_eq!(got, b"partial body");
    assert!(err.is_body() || err.is_decode(), "{err:?}");
}

#[tokio::test]
async fn chunked_binary_and_truncated_bodies_are_explained_not_lost() {
    // chunked, invalid UTF-8
    let addr = raw_server(vec![
        Step::Send(head(
            "401 Unauthorized",
            &[("transfer-encoding", "chunked")],
        )),
        Step::Send(b"4\r\n\xff\xfe\x00\x80\r\n".to_vec()),
        Step::Send(b"0\r\n\r\n".to_vec()),
    ])
    .await;
    let resp = client()
        .get(format!("http://{addr}/"))
        .bearer_auth("t0ken")
        .send()
        .await
        .unwrap();
    let e = resp.auth_explanation().unwrap().clone();
    assert!(
        e.evidence().iter().any(|l| l.contains("not UTF-8")),
        "{:?}",
        e.evidence()
    );
    assert_eq!(&resp.bytes().await.unwrap()[..], b"\xff\xfe\x00\x80");

    // invalid JSON
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(401)
                .insert_header("content-type", "application/json")
                .set_body_string("{\"error\": \"invalid_tok"),
        )
        .mount(&server)
        .await;
    let resp = client()
        .get(server.uri())
        .bearer_auth("t")
        .send()
        .await
        .unwrap();
    let e = resp.auth_explanation().unwrap().clone();
    assert!(
        e.evidence().iter().any(|l| l.contains("not valid JSON")),
        "{:?}",
        e.evidence()
    );
    assert_eq!(resp.text().await.unwrap(), "{\"error\": \"invalid_tok");
}

#[tokio::test]
async fn success_and_other_errors_are_not_touched() {
    let server = MockServer::start().await;
    let big = vec![b'x'; 3 * 1024 * 1024];
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(big.clone()))
        .mount(&server)
        .await;
    let resp = client()
        .get(server.uri())
        .bearer_auth("t")
        .send()
        .await
        .unwrap();
    assert!(resp.auth_explanation().is_none());
    assert!(
        resp.extensions()
            .get::<reqwest_auth_explain::Explanation>()
            .is_none()
    );
    assert_eq!(resp.bytes().await.unwrap().len(), big.len());

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_string("nope"))
        .mount(&server)
        .await;
    let resp = client()
        .get(server.uri())
        .bearer_auth("t")
        .send()
        .await
        .unwrap();
    assert!(resp.auth_explanation().is_none());
    assert!(resp.error_for_auth().is_ok());
}
