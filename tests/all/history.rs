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

/// A small JSON 200 to a header-keyed request is an envelope to read the first time; once the
/// key has worked at the endpoint, the client's steady traffic is handed on unread, and after
/// a refusal there it is read again.
#[tokio::test]
async fn a_header_keyed_envelope_is_read_until_its_key_has_worked() {
    const REFUSED: &str = r#"{"code":401,"msg":"认证失败，无法访问系统资源"}"#;
    const WORKED: &str = r#"{"code":200,"rows":[],"total":0}"#;
    let server = MockServer::start().await;
    // ruoyi-style: the status inside a 200. In turn: a refusal, a success, two refusals (the
    // key worked here), a 401 (refused here since), refusals again.
    let answers = [
        (200, REFUSED, Some(1)),
        (200, WORKED, Some(1)),
        (200, REFUSED, Some(2)),
        (401, "", Some(1)),
        (200, REFUSED, None),
    ];
    for (status, body, times) in answers {
        let mut template = ResponseTemplate::new(status);
        if !body.is_empty() {
            template = template.set_body_raw(body, "application/json;charset=UTF-8");
        }
        let mock = Mock::given(path("/system/user/list")).respond_with(template);
        match times {
            Some(n) => mock.up_to_n_times(n).mount(&server).await,
            None => mock.mount(&server).await,
        }
    }
    let c = client_with(AuthExplainMiddleware::builder());
    let token = "Bearer eyFAKESECRET.session-4f1c9a7e";
    let send = |p: &'static str| {
        c.get(format!("{}{p}", server.uri()))
            .header("authorization", token)
            .send()
    };

    let first = send("/system/user/list").await.unwrap();
    let e = first
        .auth_explanation()
        .expect("the envelope's 401 is read")
        .clone();
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert!(e.evidence().iter().any(|l| l.contains("401")), "{e}");
    assert_eq!(
        first.text().await.unwrap(),
        REFUSED,
        "every byte reaches the caller"
    );

    let ok = send("/system/user/list").await.unwrap();
    assert!(ok.auth_explanation().is_none());
    // The key worked here: the same answer is now the application's to read.
    let later = send("/system/user/list").await.unwrap();
    assert!(later.auth_explanation().is_none());
    assert_eq!(later.text().await.unwrap(), REFUSED);
    // Another key's success says nothing of this one.
    let other = c
        .get(format!("{}/system/user/list", server.uri()))
        .header("authorization", "Bearer eyFAKESECRET.other-session-77")
        .send()
        .await
        .unwrap();
    assert!(other.auth_explanation().is_some(), "another key is read");
    // Refused here since it last worked: its envelopes are read again.
    assert_eq!(send("/system/user/list").await.unwrap().status(), 401);
    let again = send("/system/user/list").await.unwrap();
    assert!(
        again.auth_explanation().is_some(),
        "read again after a refusal"
    );
}
