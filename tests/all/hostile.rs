//! Broken and hostile servers: never a panic, never an unbounded read, never a lost byte.

use std::io::Write;
use std::time::Duration;

use futures::StreamExt;
use reqwest_auth_explain::{AuthExplainMiddleware, Cause, ResponseExt};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::{Step, client, head, raw_server};

#[tokio::test]
async fn ten_mib_401_body_is_read_only_to_the_cap_and_delivered_whole() {
    let body = vec![b'a'; 10 * 1024 * 1024];
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401).set_body_bytes(body.clone()))
        .mount(&server)
        .await;
    let resp = client()
        .get(server.uri())
        .bearer_auth("t0k3n")
        .send()
        .await
        .unwrap();
    let e = resp.auth_explanation().unwrap().clone();
    assert!(
        e.evidence()
            .iter()
            .any(|l| l.contains("only the first 65536 bytes"))
    );
    // the server message is bounded too
    assert!(e.server_message().unwrap().chars().count() <= 501);
    assert_eq!(resp.bytes().await.unwrap().len(), body.len());
}

#[tokio::test]
async fn a_body_that_never_finishes_gives_control_back_after_the_timeout() {
    let addr = raw_server(vec![
        Step::Send(head("401 Unauthorized", &[("content-length", "1000000")])),
        Step::Send(b"{\"message\":\"Bad credentials\"".to_vec()),
        Step::Sleep(Duration::from_secs(30)),
    ])
    .await;
    let c = crate::helpers::client_with(
        AuthExplainMiddleware::builder().body_timeout(Duration::from_millis(150)),
    );
    let resp = tokio::time::timeout(
        Duration::from_secs(5),
        c.get(format!("http://{addr}/")).bearer_auth("t0k3n").send(),
    )
    .await
    .expect("control returns")
    .unwrap();
    let e = resp.auth_explanation().unwrap().clone();
    assert!(
        e.evidence()
            .iter()
            .any(|l| l.contains("did not finish within 150 ms")),
        "{e}"
    );
    // what arrived is still readable
    let mut resp = resp;
    let first = tokio::time::timeout(Duration::from_secs(5), resp.chunk())
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    assert_eq!(&first[..], b"{\"message\":\"Bad credentials\"");
}

#[tokio::test]
async fn a_thousand_challenges_and_a_64_kib_header_value() {
    let mut h: Vec<(&str, String)> = (0..1000)
        .map(|i| ("www-authenticate", format!("Bearer realm=\"r{i}\"")))
        .collect();
    h.push(("x-request-id", "r".repeat(64 * 1024)));
    let hs: Vec<(&str, &str)> = h.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let mut resp_bytes = head("401 Unauthorized", &hs);
    resp_bytes.truncate(resp_bytes.len() - 2);
    resp_bytes.extend_from_slice(b"content-length: 2\r\n\r\nno");
    let addr = raw_server(vec![Step::Send(resp_bytes)]).await;
    // hyper's default limit is 100 headers; raise it so the middleware sees all 1000
    let inner = reqwest::Client::builder()
        .http1_max_headers(2000)
        .build()
        .unwrap();
    let c = reqwest_middleware::ClientBuilder::new(inner)
        .with(AuthExplainMiddleware::default())
        .build();
    let resp = c
        .get(format!("http://{addr}/"))
        .bearer_auth("t0k3n")
        .send()
        .await
        .unwrap();
    assert_eq!(
        resp.headers().get_all("www-authenticate").iter().count(),
        1000
    );
    let e = resp.auth_explanation().unwrap().clone();
    assert!(
        e.evidence().len() < 64,
        "{} evidence lines",
        e.evidence().len()
    );
    assert!(
        e.evidence()
            .iter()
            .any(|l| l.contains("more than 32 challenges"))
    );
    // an oversized request id is not copied into the explanation
    assert!(e.request_id().is_none());
    assert_eq!(resp.text().await.unwrap(), "no");
}

#[tokio::test]
async fn json_nested_ten_thousand_deep() {
    let body = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(403)
                .insert_header("content-type", "application/json")
                .set_body_string(body.clone()),
        )
        .mount(&server)
        .await;
    let resp = client()
        .get(server.uri())
        .bearer_auth("t0k3n")
        .send()
        .await
        .unwrap();
    let e = resp.auth_explanation().unwrap().clone();
    assert_eq!(e.cause(), Some(Cause::UnknownForbidden));
    assert_eq!(resp.text().await.unwrap(), body);
}

#[tokio::test]
async fn gzip_body_with_decompression_on() {
    let json = br#"{"error":{"message":"The API key has an IP address restriction."}}"#;
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(json).unwrap();
    let gz = enc.finish().unwrap();
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(403)
                .insert_header("content-type", "application/json")
                .insert_header("content-encoding", "gzip")
                .set_body_bytes(gz),
        )
        .mount(&server)
        .await;
    let inner = reqwest::Client::builder().gzip(true).build().unwrap();
    let c = reqwest_middleware::ClientBuilder::new(inner)
        .with(AuthExplainMiddleware::default())
        .build();
    let resp = c
        .get(server.uri())
        .bearer_auth("t0k3n")
        .send()
        .await
        .unwrap();
    let e = resp.auth_explanation().unwrap().clone();
    assert_eq!(e.cause(), Some(Cause::IpRestricted), "{e}");
    assert_eq!(resp.bytes().await.unwrap().as_ref(), json);
}

#[tokio::test]
async fn a_401_over_http2() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(401)
                .insert_header(
                    "www-authenticate",
                    "Bearer error=\"invalid_token\", error_description=\"token expired\"",
                )
                .set_body_string("h2 body"),
        )
        .mount(&server)
        .await;
    let inner = reqwest::Client::builder()
        .http2_prior_knowledge()
        .build()
        .unwrap();
    let c = reqwest_middleware::ClientBuilder::new(inner)
        .with(AuthExplainMiddleware::default())
        .build();
    let resp = c
        .get(server.uri())
        .bearer_auth("t0k3n")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.version(), reqwest::Version::HTTP_2);
    let e = resp.auth_explanation().unwrap().clone();
    assert_eq!(e.cause(), Some(Cause::ExpiredCredentials));
    assert_eq!(resp.text().await.unwrap(), "h2 body");
}

/// 10,000 requests, 256 in flight, mixed outcomes: every explanation belongs to its request.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_concurrent_requests_keep_their_own_explanations() {
    let server = MockServer::start().await;
    Mock::given(path("/ok"))
        .respond_with(ResponseTemplate::new(200).set_body_string("ok"))
        .mount(&server)
        .await;
    Mock::given(path("/scope"))
        .respond_with(
            ResponseTemplate::new(403)
                .insert_header(
                    "www-authenticate",
                    "Bearer error=\"insufficient_scope\", scope=\"s\"",
                )
                .set_body_string("scope"),
        )
        .mount(&server)
        .await;
    Mock::given(path("/limit"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "7")
                .set_body_string("limit"),
        )
        .mount(&server)
        .await;
    Mock::given(path("/expired"))
        .respond_with(
            ResponseTemplate::new(401)
                .insert_header(
                    "www-authenticate",
                    "Bearer error=\"invalid_token\", error_description=\"expired\"",
                )
                .set_body_string("expired"),
        )
        .mount(&server)
        .await;
    let c = client();
    let uri = server.uri();
    let results = futures::stream::iter(0..10_000usize)
        .map(|i| {
            let c = c.clone();
            let uri = uri.clone();
            async move {
                let route = ["ok", "scope", "limit", "expired"][i % 4];
                let token = format!("tok-{i}");
                let resp = c
                    .get(format!("{uri}/{route}?n={i}"))
                    .bearer_auth(&token)
                    .send()
                    .await
                    .unwrap();
                let e = resp.auth_explanation().cloned();
                let body = resp.text().await.unwrap();
                (i, route, token, e, body)
            }
        })
        .buffer_unordered(256)
        .collect::<Vec<_>>()
        .await;
    assert_eq!(results.len(), 10_000);
    for (i, route, token, e, body) in results {
        assert_eq!(body, route);
        let expected = match route {
            "ok" => None,
            "scope" => Some(Cause::InsufficientScope),
            "limit" => Some(Cause::RateLimited),
            _ => Some(Cause::ExpiredCredentials),
        };
        assert_eq!(e.as_ref().and_then(|e| e.cause()), expected, "request {i}");
        if let Some(e) = e {
            assert!(e.url().ends_with(&format!("/{route}?n={i}")), "{}", e.url());
            let fp = reqwest_auth_explain::Fingerprint::of(token.as_bytes());
            assert_eq!(e.credential().unwrap().fingerprint, fp, "request {i}");
        }
    }
    // The mock server verifies itself on drop with a blocking `block_on` on this task: after
    // 10,000 requests the task's cooperative budget is spent, and a lock acquired under a spent
    // budget never completes there. A yield starts the drop with a fresh budget.
    tokio::task::yield_now().await;
    drop(server);
}

/// A 407 from an HTTPS proxy arrives as a connect error, not a response: it is explained from
/// the error chain, and the transport error stays the source.
#[tokio::test]
async fn a_407_from_an_https_proxy_is_explained_from_the_error_chain() {
    let proxy = raw_server(vec![Step::Send(head(
        "407 Proxy Authentication Required",
        &[
            ("proxy-authenticate", "Basic realm=\"corp\""),
            ("content-length", "0"),
        ],
    ))])
    .await;
    let inner = reqwest::Client::builder()
        .proxy(reqwest::Proxy::https(format!("http://{proxy}")).unwrap())
        .build()
        .unwrap();
    let c = reqwest_middleware::ClientBuilder::new(inner)
        .with(AuthExplainMiddleware::default())
        .build();
    let err = c
        .get("https://api.example.com/v1/me?api_key=FAKESECRET")
        .bearer_auth("FAKESECRET-token")
        .send()
        .await
        .unwrap_err();
    let auth = reqwest_auth_explain::AuthError::from_middleware(&err).expect("explained");
    let e = auth.explanation();
    assert_eq!(e.cause(), Some(Cause::ProxyAuthRequired), "{e}");
    assert_eq!(e.status(), Some(407));
    assert!(auth.response().is_none());
    let source = std::error::Error::source(auth).expect("transport error kept");
    assert!(
        source.to_string().contains("error sending request"),
        "{source}"
    );
    let all = format!("{err} {err:?} {e} {}", e.to_json());
    assert!(!all.contains("FAKESECRET"), "{all}");
}
