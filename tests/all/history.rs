//! Key history through the middleware: a key that worked at an endpoint and is now rejected
//! there was revoked or rotated; the one other key working at the same endpoint means an old
//! key is still being sent. A success elsewhere, a placeholder's success, or many tenants'
//! keys say nothing.

use reqwest_auth_explain::{AuthExplainMiddleware, Cause, ResponseExt};
use wiremock::matchers::{any, header, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::client_with;

const OLD: &str = "old-FAKESECRET-0123456789";
const NEW: &str = "new-FAKESECRET-9876543210";

async fn server() -> MockServer {
    let server = MockServer::start().await;
    // OLD works once, then is rejected; NEW always works
    Mock::given(header("x-api-key", OLD))
        .respond_with(ResponseTemplate::new(200))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(header("x-api-key", OLD))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_string(r#"{"error":{"message":"Invalid API key"}}"#),
        )
        .mount(&server)
        .await;
    Mock::given(header("x-api-key", NEW))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn a_key_that_worked_and_is_rejected_was_revoked() {
    let server = server().await;
    let c = client_with(AuthExplainMiddleware::builder());
    let ok = c
        .get(server.uri())
        .header("x-api-key", OLD)
        .send()
        .await
        .unwrap();
    assert!(ok.auth_explanation().is_none());
    let resp = c
        .get(server.uri())
        .header("x-api-key", OLD)
        .send()
        .await
        .unwrap();
    let e = resp.auth_explanation().expect("explained");
    assert_eq!(e.cause(), Some(Cause::RevokedCredentials), "{e}");
    assert!(e.summary().contains("got a success from GET /"), "{e}");
    assert!(e.summary().contains(" UTC"), "{e}");
    assert!(!e.to_string().contains("FAKESECRET"));

    // a new key works now: the explanation says the old one is still being sent
    let ok = c
        .get(server.uri())
        .header("x-api-key", NEW)
        .send()
        .await
        .unwrap();
    assert!(ok.auth_explanation().is_none());
    let resp = c
        .get(server.uri())
        .header("x-api-key", OLD)
        .send()
        .await
        .unwrap();
    let e = resp.auth_explanation().expect("explained");
    assert_eq!(e.cause(), Some(Cause::RevokedCredentials), "{e}");
    assert!(e.summary().contains("may still send the old key"), "{e}");
    let new_fp = reqwest_auth_explain::Fingerprint::of(NEW.as_bytes());
    assert!(e.summary().contains(new_fp.as_str()), "{e}");
}

#[tokio::test]
async fn clones_share_the_history_and_zero_disables_it() {
    let server = server().await;
    let mw = AuthExplainMiddleware::builder().build();
    let a = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
        .with(mw.clone())
        .build();
    let b = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
        .with(mw)
        .build();
    a.get(server.uri())
        .header("x-api-key", OLD)
        .send()
        .await
        .unwrap();
    let resp = b
        .get(server.uri())
        .header("x-api-key", OLD)
        .send()
        .await
        .unwrap();
    assert_eq!(
        resp.auth_explanation().and_then(|e| e.cause()),
        Some(Cause::RevokedCredentials)
    );

    let server = self::server().await;
    let c = client_with(AuthExplainMiddleware::builder().history_capacity(0));
    c.get(server.uri())
        .header("x-api-key", OLD)
        .send()
        .await
        .unwrap();
    let resp = c
        .get(server.uri())
        .header("x-api-key", OLD)
        .send()
        .await
        .unwrap();
    let e = resp.auth_explanation().expect("explained");
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert!(!e.evidence().iter().any(|l| l.starts_with("key history")));
}

/// A server where `/public` answers 200 to anyone and `/private` rejects every key.
async fn public_and_private() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(path("/public"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    Mock::given(path("/private"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_string(r#"{"error":{"message":"Invalid API key"}}"#),
        )
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn a_success_at_another_endpoint_proves_nothing() {
    let server = public_and_private().await;
    let c = client_with(AuthExplainMiddleware::builder());
    let ok = c
        .get(format!("{}/public", server.uri()))
        .header("x-api-key", OLD)
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    let resp = c
        .get(format!("{}/private", server.uri()))
        .header("x-api-key", OLD)
        .send()
        .await
        .unwrap();
    let e = resp.auth_explanation().expect("explained");
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert!(
        !e.evidence().iter().any(|l| l.starts_with("key history")),
        "{e}"
    );
}

#[tokio::test]
async fn a_placeholder_that_got_a_200_is_never_recommended() {
    // a lenient endpoint lets a placeholder through and rejects a real but wrong key
    let server = MockServer::start().await;
    Mock::given(header("x-api-key", "YOUR_API_KEY"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(401).set_body_string("Invalid API key"))
        .mount(&server)
        .await;
    let c = client_with(AuthExplainMiddleware::builder());
    let ok = c
        .get(format!("{}/v1/me", server.uri()))
        .header("x-api-key", "YOUR_API_KEY")
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    let resp = c
        .get(format!("{}/v1/me", server.uri()))
        .header("x-api-key", NEW)
        .send()
        .await
        .unwrap();
    let e = resp.auth_explanation().expect("explained");
    let placeholder = reqwest_auth_explain::Fingerprint::of(b"YOUR_API_KEY");
    assert!(!e.to_string().contains(placeholder.as_str()), "{e}");
    assert!(
        !e.evidence().iter().any(|l| l.starts_with("key history")),
        "{e}"
    );
}

#[tokio::test]
async fn many_tenants_keys_are_no_evidence_against_each_other() {
    let server = MockServer::start().await;
    Mock::given(header("x-api-key", OLD))
        .respond_with(ResponseTemplate::new(401).set_body_string("Invalid API key"))
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let c = client_with(AuthExplainMiddleware::builder());
    for tenant in 0..5 {
        let ok = c
            .get(format!("{}/v1/me", server.uri()))
            .header("x-api-key", format!("tenant-{tenant}-FAKESECRET-key"))
            .send()
            .await
            .unwrap();
        assert_eq!(ok.status(), 200);
    }
    let resp = c
        .get(format!("{}/v1/me", server.uri()))
        .header("x-api-key", OLD)
        .send()
        .await
        .unwrap();
    let e = resp.auth_explanation().expect("explained");
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert!(
        !e.evidence().iter().any(|l| l.contains("other credential")),
        "{e}"
    );
    assert!(!e.summary().contains("fingerprint"), "{e}");
}
