//! Auth failures that do not say 401: a token endpoint's 400, Slack's and GraphQL's 200, an AWS
//! 400, a scope-hiding 404, gRPC-web's `grpc-status`, a redirect to another host's sign-in page.
//! Each is explained only when its body confirms an auth failure; the caller gets every byte,
//! and everything else with those statuses is left alone.

use std::net::SocketAddr;

use reqwest_auth_explain::{AuthExplainMiddleware, Cause, ResponseExt};
use reqwest_middleware::ClientWithMiddleware;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::{client_with, respond};

fn resolving(
    hosts: &[(&str, SocketAddr)],
    b: reqwest_auth_explain::AuthExplainMiddlewareBuilder,
) -> ClientWithMiddleware {
    let mut inner = reqwest::Client::builder().no_proxy();
    for (h, a) in hosts {
        inner = inner.resolve(h, *a);
    }
    reqwest_middleware::ClientBuilder::new(inner.build().expect("client"))
        .with(b.build())
        .build()
}

fn addr(server: &MockServer) -> SocketAddr {
    *server.address()
}

/// A client that reaches `slack.com` on `server`, and the URL of a Web API method there.
fn slack(
    server: &MockServer,
    b: reqwest_auth_explain::AuthExplainMiddlewareBuilder,
    method: &str,
) -> (ClientWithMiddleware, String) {
    let c = resolving(&[("slack.com", addr(server))], b);
    let url = format!("http://slack.com:{}/api/{method}", addr(server).port());
    (c, url)
}

#[tokio::test]
async fn a_refresh_token_that_died_at_the_token_endpoint() {
    let body =
        r#"{"error":"invalid_grant","error_description":"Token has been expired or revoked."}"#;
    let server = respond(400, "application/json", body).await;
    let c = client_with(AuthExplainMiddleware::builder());
    // not a well-known token path: the form's grant_type says it is a token request
    let resp = c
        .post(format!("{}/auth/refresh", server.uri()))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("grant_type=refresh_token&refresh_token=1%2F%2FFAKESECRET0123&client_id=x")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 400);
    let e = resp.auth_explanation().cloned().expect("explained");
    assert_eq!(e.status(), Some(400));
    assert_eq!(e.cause(), Some(Cause::ExpiredCredentials), "{e}");
    assert!(
        e.to_string()
            .starts_with("error[expired_credentials]: 400 Bad Request"),
        "{e}"
    );
    assert!(
        e.evidence().iter().any(|l| l.contains("invalid_grant")),
        "{e}"
    );
    assert_eq!(
        resp.text().await.unwrap(),
        body,
        "the caller gets every byte"
    );
}

#[tokio::test]
async fn an_ordinary_400_is_left_alone() {
    let body = r#"{"error":"invalid_request","error_description":"missing field: name"}"#;
    let server = respond(400, "application/json", body).await;
    let c = client_with(AuthExplainMiddleware::builder());
    let resp = c
        .post(format!("{}/v1/items", server.uri()))
        .bearer_auth("FAKESECRET-tok")
        .send()
        .await
        .unwrap();
    assert!(
        resp.auth_explanation().is_none(),
        "{:?}",
        resp.auth_explanation().map(|e| e.to_string())
    );
    assert_eq!(resp.text().await.unwrap(), body);
}

#[tokio::test]
async fn slack_says_ok_false() {
    let server = respond(
        200,
        "application/json; charset=utf-8",
        r#"{"ok":false,"error":"invalid_auth"}"#,
    )
    .await;
    let c = resolving(
        &[("slack.com", addr(&server))],
        AuthExplainMiddleware::builder(),
    );
    let url = format!(
        "http://slack.com:{}/api/chat.postMessage",
        addr(&server).port()
    );
    let resp = c
        .post(&url)
        .bearer_auth("xoxb-FAKESECRET-0123456789")
        .send()
        .await
        .unwrap();
    let e = resp.auth_explanation().cloned().expect("explained");
    assert_eq!(e.status(), Some(200));
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert!(!e.to_string().contains("FAKESECRET"));

    // a Slack success is a success; and with 2xx inspection off, nothing is read
    let ok = respond(200, "application/json", r#"{"ok":true,"channel":"C1"}"#).await;
    let (c, url) = slack(&ok, AuthExplainMiddleware::builder(), "chat.postMessage");
    let resp = c
        .post(&url)
        .bearer_auth("xoxb-FAKESECRET-0123456789")
        .send()
        .await
        .unwrap();
    assert!(resp.auth_explanation().is_none());
    let c = resolving(
        &[("slack.com", addr(&server))],
        AuthExplainMiddleware::builder().inspect_success_bodies(false),
    );
    let url = format!(
        "http://slack.com:{}/api/chat.postMessage",
        addr(&server).port()
    );
    let resp = c
        .post(&url)
        .bearer_auth("xoxb-FAKESECRET-0123456789")
        .send()
        .await
        .unwrap();
    assert!(resp.auth_explanation().is_none());
}

#[tokio::test]
async fn slack_missing_scope_names_needed_and_provided() {
    let body = r#"{"ok":false,"error":"missing_scope","needed":"chat:write","provided":"channels:read,users:read"}"#;
    let server = respond(200, "application/json", body).await;
    let c = resolving(
        &[("slack.com", addr(&server))],
        AuthExplainMiddleware::builder().provider_profiles(false),
    );
    let url = format!(
        "http://slack.com:{}/api/chat.postMessage",
        addr(&server).port()
    );
    let resp = c
        .post(&url)
        .bearer_auth("xoxb-FAKESECRET-0123456789")
        .send()
        .await
        .unwrap();
    let e = resp.auth_explanation().cloned().expect("explained");
    assert_eq!(e.cause(), Some(Cause::InsufficientScope), "{e}");
    assert_eq!(e.required_scopes(), ["chat:write"]);
    assert_eq!(e.granted_scopes(), ["channels:read", "users:read"]);
}

#[tokio::test]
async fn graphql_errors_in_a_200() {
    let body = r#"{"errors":[{"message":"You must be logged in","extensions":{"code":"UNAUTHENTICATED"}}],"data":null}"#;
    let server = respond(200, "application/json", body).await;
    let c = client_with(AuthExplainMiddleware::builder());
    let resp = c
        .post(format!("{}/graphql", server.uri()))
        .bearer_auth("FAKESECRET-expired-or-wrong")
        .body(r#"{"query":"{ me { id } }"}"#)
        .send()
        .await
        .unwrap();
    let e = resp.auth_explanation().cloned().expect("explained");
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_eq!(resp.text().await.unwrap(), body);

    // a validation error is not an auth failure
    let other = respond(
        200,
        "application/json",
        r#"{"errors":[{"message":"Cannot query field","extensions":{"code":"GRAPHQL_VALIDATION_FAILED"}}]}"#,
    )
    .await;
    let resp = c
        .post(format!("{}/graphql", other.uri()))
        .bearer_auth("FAKESECRET-tok")
        .send()
        .await
        .unwrap();
    assert!(resp.auth_explanation().is_none());
}

#[tokio::test]
async fn graphql_errors_without_codes_are_read_by_their_words() {
    let c = client_with(AuthExplainMiddleware::builder());
    let ask = |body: &'static str| {
        let c = c.clone();
        async move {
            let server = respond(200, "application/json", body).await;
            let resp = c
                .post(format!("{}/graphql", server.uri()))
                .bearer_auth("FAKESECRET-viewer-token")
                .body(r#"{"query":"{ auditLog }"}"#)
                .send()
                .await
                .unwrap();
            let e = resp.auth_explanation().cloned();
            assert_eq!(resp.text().await.unwrap(), body);
            e
        }
    };
    let e = ask(r#"{"data":null,"errors":[{"message":"User does not have the admin role","path":["auditLog"]}]}"#)
        .await
        .expect("explained");
    assert_eq!(e.cause(), Some(Cause::InsufficientScope), "{e}");
    // A business error without a code is not an auth failure.
    let e =
        ask(r#"{"data":null,"errors":[{"message":"Order 42 does not exist","path":["order"]}]}"#)
            .await;
    assert!(e.is_none(), "{e:?}");
}

#[tokio::test]
async fn a_login_endpoint_without_oauth_codes_is_read_by_its_words() {
    let c = client_with(AuthExplainMiddleware::builder());
    for (body, expected) in [
        (
            r#"{"detail":"LOGIN_BAD_CREDENTIALS"}"#,
            Some(Cause::InvalidCredentials),
        ),
        // a validation error of the login form is none
        (r#"{"detail":"REGISTER_USER_ALREADY_EXISTS"}"#, None),
    ] {
        let server = respond(400, "application/json", body).await;
        let resp = c
            .post(format!("{}/auth/jwt/login", server.uri()))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("grant_type=password&username=dana&password=FAKESECRET-old-pw")
            .send()
            .await
            .unwrap();
        let e = resp.auth_explanation().cloned();
        assert_eq!(e.as_ref().and_then(|e| e.cause()), expected, "{e:?}");
        assert!(!format!("{e:?}").contains("FAKESECRET"));
    }
}

#[tokio::test]
async fn aws_json_protocol_400() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(400)
                .insert_header("x-amzn-errortype", "UnrecognizedClientException:http://internal.amazon.com/coral/com.amazon.coral.service/")
                .insert_header("x-amzn-requestid", "7f3e9d2a-eeee-ffff-aaaa-cafe00d1e5b7")
                .set_body_raw(
                    r#"{"__type":"com.amazon.coral.service#UnrecognizedClientException","message":"The security token included in the request is invalid."}"#,
                    "application/x-amz-json-1.0",
                ),
        )
        .mount(&server)
        .await;
    let c = client_with(AuthExplainMiddleware::builder().provider_profiles(false));
    let resp = c
        .post(server.uri())
        .header("authorization", "AWS4-HMAC-SHA256 Credential=AKIAFAKESECRET0/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=FAKESECRET0123456789abcdef")
        .header("x-amz-date", "20260101T000000Z")
        .send()
        .await
        .unwrap();
    let e = resp.auth_explanation().cloned().expect("explained");
    assert_eq!(e.status(), Some(400));
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_eq!(e.request_id(), Some("7f3e9d2a-eeee-ffff-aaaa-cafe00d1e5b7"));
    assert!(!e.to_string().contains("FAKESECRET"));
}

#[tokio::test]
async fn grpc_web_unauthenticated_in_a_200() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "application/grpc-web+proto")
                .insert_header("grpc-status", "16")
                .insert_header("grpc-message", "invalid%20token"),
        )
        .mount(&server)
        .await;
    let c = client_with(AuthExplainMiddleware::builder());
    let resp = c
        .post(format!("{}/pkg.Service/Method", server.uri()))
        .bearer_auth("FAKESECRET-tok")
        .send()
        .await
        .unwrap();
    let e = resp.auth_explanation().cloned().expect("explained");
    assert_eq!(e.status(), Some(200));
    assert!(matches!(e.cause(), Some(Cause::InvalidCredentials)), "{e}");
    assert!(
        e.evidence().iter().any(|l| l.contains("grpc-status is 16")),
        "{e}"
    );
}

/// One gRPC-Web frame: its flag byte, its length, its payload.
fn grpc_web_frame(flag: u8, payload: &[u8]) -> Vec<u8> {
    let mut f = vec![flag];
    f.extend((payload.len() as u32).to_be_bytes());
    f.extend(payload);
    f
}

#[tokio::test]
async fn grpc_web_trailers_in_the_body_are_read_as_the_head() {
    use base64::Engine;
    const KEY: &str = "FAKESECRET-orders-key-live-7f3a";
    // gRPC-Web over HTTP/1.1 puts its trailers in the last frame of the body; in
    // `grpc-web-text` that frame is base64.
    let trailer = grpc_web_frame(
        0x80,
        b"grpc-status: 7\r\ngrpc-message: API%20key%20may%20only%20be%20used%20from%2010.20.0.0%2F16%3B%20request%20came%20from%20127.0.0.1\r\n",
    );
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            base64::engine::general_purpose::STANDARD.encode(&trailer),
            "application/grpc-web-text",
        ))
        .mount(&server)
        .await;
    let call = |c: &reqwest_middleware::ClientWithMiddleware, uri: &str| {
        c.post(format!("{uri}/shop.v1.OrderService/GetOrder"))
            .header("content-type", "application/grpc-web-text")
            .header("x-api-key", KEY)
            .body("AAAAAAcKBW9yZF8x")
    };
    let c = client_with(AuthExplainMiddleware::builder());
    let resp = call(&c, &server.uri()).send().await.unwrap();
    let e = resp.auth_explanation().cloned().expect("explained");
    assert_eq!(e.cause(), Some(Cause::IpRestricted), "{e}");
    assert!(!format!("{e}{e:?}{}", e.to_json()).contains(KEY));
    // The caller still gets every byte.
    assert_eq!(
        resp.bytes().await.unwrap(),
        base64::engine::general_purpose::STANDARD.encode(&trailer)
    );

    // A message frame then `grpc-status: 0`, in binary: an answer, handed on.
    let mut ok = grpc_web_frame(0, b"\x0a\x05ord_1");
    ok.extend(grpc_web_frame(0x80, b"grpc-status: 0\r\n"));
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(ok, "application/grpc-web+proto"))
        .mount(&server)
        .await;
    let resp = call(&c, &server.uri()).send().await.unwrap();
    assert!(resp.auth_explanation().is_none());
}

#[tokio::test]
async fn grpc_resource_exhausted_is_a_rate_limit_only_with_a_limiters_evidence() {
    let answer = |message: &'static str, wait: bool| {
        let mut t = ResponseTemplate::new(200)
            .insert_header("content-type", "application/grpc+proto")
            .insert_header("grpc-status", "8")
            .insert_header("grpc-message", message);
        if wait {
            t = t.insert_header("retry-after", "13");
        }
        t
    };
    let c = client_with(AuthExplainMiddleware::builder());
    for (message, wait, limited) in [
        (
            "rate%20limit%20of%202%20calls%20per%20minute%20exceeded",
            false,
            true,
        ),
        ("try%20again%20later", true, true),
        // the server's own limit on a message's size exhausts it too
        (
            "Received%20message%20larger%20than%20max%20(5242880%20vs.%204194304)",
            false,
            false,
        ),
    ] {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(answer(message, wait))
            .mount(&server)
            .await;
        let resp = c
            .post(format!("{}/shop.v1.OrderService/GetOrder", server.uri()))
            .bearer_auth("FAKESECRET-svc-token-reports-01")
            .send()
            .await
            .unwrap();
        match resp.auth_explanation() {
            Some(e) => {
                assert!(limited, "{message}: {e}");
                assert_eq!(e.cause(), Some(Cause::RateLimited), "{e}");
                if wait {
                    assert_eq!(e.retry_after(), Some(std::time::Duration::from_secs(13)));
                }
            }
            None => assert!(!limited, "{message} not explained"),
        }
    }
}

#[tokio::test]
async fn a_redirect_to_a_sign_in_page_on_another_host() {
    let idp = MockServer::start().await;
    Mock::given(path("/adfs/ls/"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            "<html><head><title>Sign In</title></head><body><form>…</form></body></html>",
            "text/html; charset=utf-8",
        ))
        .mount(&idp)
        .await;
    let api = MockServer::start().await;
    let login = format!(
        "http://idp.example.test:{}/adfs/ls/?SAMLRequest=x",
        addr(&idp).port()
    );
    Mock::given(path("/v1/reports"))
        .respond_with(ResponseTemplate::new(302).insert_header("location", login.as_str()))
        .mount(&api)
        .await;
    let c = resolving(
        &[
            ("api.example.test", addr(&api)),
            ("idp.example.test", addr(&idp)),
        ],
        AuthExplainMiddleware::builder(),
    );
    let resp = c
        .get(format!(
            "http://api.example.test:{}/v1/reports",
            addr(&api).port()
        ))
        .bearer_auth("FAKESECRET-tok-0123456789")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let e = resp.auth_explanation().cloned().expect("explained");
    assert_eq!(e.cause(), Some(Cause::OrganizationPolicy), "{e}");
    assert!(e.summary().contains("idp.example.test"), "{e}");
}

#[tokio::test]
async fn a_404_that_hides_a_missing_scope() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(404)
                .insert_header("x-oauth-scopes", "public_repo")
                .insert_header("x-accepted-oauth-scopes", "repo")
                .set_body_raw(r#"{"message":"Not Found"}"#, "application/json"),
        )
        .mount(&server)
        .await;
    let c = client_with(AuthExplainMiddleware::builder().provider_profiles(false));
    let resp = c
        .get(format!("{}/repos/acme/private-repo", server.uri()))
        .bearer_auth("ghp_FAKESECRET0123456789abcdefghijklmn")
        .send()
        .await
        .unwrap();
    let e = resp.auth_explanation().cloned().expect("explained");
    assert_eq!(e.status(), Some(404));
    assert_eq!(e.cause(), Some(Cause::InsufficientScope), "{e}");
    assert_eq!(e.required_scopes(), ["repo"]);

    // a 404 without those headers is just a 404
    let plain = respond(404, "application/json", r#"{"message":"Not Found"}"#).await;
    let resp = c
        .get(format!("{}/repos/acme/x", plain.uri()))
        .bearer_auth("ghp_FAKESECRET0123456789abcdefghijklmn")
        .send()
        .await
        .unwrap();
    assert!(resp.auth_explanation().is_none());
}

#[tokio::test]
async fn a_gated_failure_is_never_remembered_as_a_success() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"{"ok":false,"error":"token_revoked"}"#,
            "application/json",
        ))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_raw(r#"{"ok":false,"error":"invalid_auth"}"#, "application/json"),
        )
        .with_priority(2)
        .mount(&server)
        .await;
    let (c, url) = slack(&server, AuthExplainMiddleware::builder(), "auth.test");
    let first = c
        .post(&url)
        .bearer_auth("xoxb-FAKESECRET-0123456789")
        .send()
        .await
        .unwrap();
    assert_eq!(
        first.auth_explanation().and_then(|e| e.cause()),
        Some(Cause::RevokedCredentials)
    );
    let second = c
        .post(&url)
        .bearer_auth("xoxb-FAKESECRET-0123456789")
        .send()
        .await
        .unwrap();
    let e = second.auth_explanation().cloned().expect("explained");
    assert!(
        !e.evidence().iter().any(|l| l.contains("got a success")),
        "{e}"
    );
}

#[tokio::test]
async fn a_keyed_api_that_answers_its_errors_with_200_is_read() {
    let c = client_with(AuthExplainMiddleware::builder());
    let ask = |content_type: &'static str, body: &'static str| {
        let c = c.clone();
        async move {
            let server = respond(200, content_type, body).await;
            let resp = c
                .get(format!(
                    "{}/api/latest?base=USD&access_key=FAKESECRET3f9a2c7e1b5d8f4a6c0e",
                    server.uri()
                ))
                .send()
                .await
                .unwrap();
            let e = resp.auth_explanation().cloned();
            assert_eq!(
                resp.text().await.unwrap(),
                body,
                "the caller gets every byte"
            );
            if let Some(e) = &e {
                assert!(!e.to_string().contains("FAKESECRET"), "{e}");
                assert!(!e.to_json().to_string().contains("FAKESECRET"), "{e}");
            }
            e
        }
    };
    let e = ask(
        "application/json",
        r#"{"success":false,"error":{"code":101,"type":"invalid_access_key","info":"You have not supplied a valid API Access Key."}}"#,
    )
    .await
    .expect("explained");
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    let e = ask(
        "text/xml",
        r#"<?xml version="1.0"?><Error><Number>80040B1A</Number><Description>API Authorization failure. Your account has been suspended.</Description></Error>"#,
    )
    .await
    .expect("explained");
    assert_eq!(e.cause(), Some(Cause::AccountSuspended), "{e}");
    // A keyed API's own convention (`"status": "0"`) with words of rate limiting.
    let e = ask(
        "application/json",
        r#"{"status":"0","message":"NOTOK","result":"Max calls per sec rate limit reached (3/sec)"}"#,
    )
    .await
    .expect("explained");
    assert_eq!(e.cause(), Some(Cause::RateLimited), "{e}");
    assert_eq!(
        e.confidence(),
        Some(reqwest_auth_explain::Confidence::Medium),
        "words alone: {e}"
    );
    // An envelope that names an HTTP status of its own stands for it.
    let e = ask(
        "application/json",
        r#"{"code":429,"message":"You have run out of API credits for the current minute. Consider a higher tier plan.","status":"error"}"#,
    )
    .await
    .expect("explained");
    assert_eq!(e.cause(), Some(Cause::RateLimited), "{e}");
    // Data, and an error of the data, are no auth failure.
    assert!(
        ask(
            "application/json",
            r#"{"success":true,"rates":{"EUR":0.92}}"#
        )
        .await
        .is_none()
    );
    assert!(ask("application/json", r#"{"success":false,"error":{"code":202,"info":"You have provided one or more invalid Symbols."}}"#).await.is_none());
}

#[tokio::test]
async fn a_status_of_the_servers_own_is_read_by_its_words() {
    let server = respond(
        432,
        "application/json",
        r#"{"detail":{"error":"This request exceeds your plan's set usage limit. Please upgrade your plan."}}"#,
    )
    .await;
    let resp = client_with(AuthExplainMiddleware::builder())
        .post(format!("{}/search", server.uri()))
        .bearer_auth("tvly-dev-FAKESECRET8Hq2Lm5Nx7Rv9T")
        .body(r#"{"query":"x"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 432);
    let e = resp.auth_explanation().expect("explained");
    assert_eq!(e.cause(), Some(Cause::PlanRestricted), "{e}");
}

#[tokio::test]
async fn a_400_about_the_account_or_a_named_credential_field_is_read() {
    let c = client_with(AuthExplainMiddleware::builder());
    // A state of the account, without naming a credential.
    let server = respond(
        400,
        "application/json",
        r#""Sorry, your account is currently suspended. To enable sending messages, please contact support.""#,
    )
    .await;
    let resp = c
        .post(format!("{}/api/v1/broadcasts.json", server.uri()))
        .header("authorization", "Token FAKESECRET6a1f9e3c7b5d2a8e4f0c6b1d")
        .body(r#"{"text":"hi"}"#)
        .send()
        .await
        .unwrap();
    let e = resp.auth_explanation().expect("explained");
    assert_eq!(e.cause(), Some(Cause::AccountSuspended), "{e}");
    // The request's credential field answered by name: `"token": "invalid"` to `token=…`.
    let server = respond(
        400,
        "application/json",
        r#"{"token":"invalid","errors":["application token is invalid, see the docs"],"status":0}"#,
    )
    .await;
    let resp = c
        .post(format!("{}/1/messages.json", server.uri()))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("token=aFAKESECRETz7q2w9e4r1t6y3u8i5o0p&user=u1&message=hi")
        .send()
        .await
        .unwrap();
    let e = resp.auth_explanation().expect("explained");
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert!(!e.to_string().contains("FAKESECRET"), "{e}");
    // Scopes a 400 names as required make it one.
    let server = respond(
        400,
        "application/json",
        r#"{"code":99991672,"msg":"Access denied. One of the following scopes is required: [bitable:app]"}"#,
    )
    .await;
    let resp = c
        .post(format!("{}/open-apis/bitable/v1/records", server.uri()))
        .bearer_auth("t-g2064cFAKESECRET7XQ2J")
        .body(r#"{"fields":{}}"#)
        .send()
        .await
        .unwrap();
    let e = resp.auth_explanation().expect("explained");
    assert_eq!(e.cause(), Some(Cause::InsufficientScope), "{e}");
    assert_eq!(e.required_scopes(), ["bitable:app"]);
    // A field of the payload that is not the credential's: a validation error.
    let server = respond(
        400,
        "application/json",
        r#"{"message":"invalid","errors":["message cannot be blank"],"status":0}"#,
    )
    .await;
    let resp = c
        .post(format!("{}/1/messages.json", server.uri()))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("token=aFAKESECRETz7q2w9e4r1t6y3u8i5o0p&user=u1&message=")
        .send()
        .await
        .unwrap();
    assert!(resp.auth_explanation().is_none());
}

/// A 503 is an outage unless its words speak of a rate limit, or of the caller's account or
/// API; a 404 or 405 only when its words judge the credential. Every byte reaches the caller.
#[tokio::test]
async fn a_503_404_or_405_is_read_only_for_what_it_says_of_the_caller() {
    let c = client_with(AuthExplainMiddleware::builder());
    let body = r#"{"error":"Your requests are exceeding the allowable rate limit."}"#;
    let server = respond(503, "application/json", body).await;
    let resp = c
        .get(format!("{}/ws/2/recording", server.uri()))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 503);
    let e = resp.auth_explanation().expect("explained");
    assert_eq!(e.cause(), Some(Cause::RateLimited), "{e}");
    assert_eq!(resp.text().await.unwrap(), body);
    // An upstream quota of the service itself, to a caller that sent no credential, and a
    // plain outage: left alone.
    for body in [
        "Sorry, we are running out of queries to the weather service at the moment.",
        "Service temporarily unavailable, please try again.",
    ] {
        let server = respond(503, "text/plain; charset=utf-8", body).await;
        let resp = c.get(server.uri()).send().await.unwrap();
        assert!(resp.auth_explanation().is_none(), "{body}");
    }
    // A 404 that refuses the token, and one about the resource.
    let server = respond(
        404,
        "application/json",
        r#"{ "requestId":"10219-2484793-1", "errorCode": "404.001.03", "errorMessage": "Invalid Access Token" }"#,
    )
    .await;
    let resp = c
        .post(format!("{}/mpesa/stkpush/v1/processrequest", server.uri()))
        .bearer_auth("FAKESECRETGk7yH2mQ9sLx4")
        .send()
        .await
        .unwrap();
    let e = resp.auth_explanation().expect("explained");
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    let server = respond(
        404,
        "application/json",
        r#"{"message":"API key not found"}"#,
    )
    .await;
    let resp = c
        .get(format!("{}/v1/api_keys/k_123", server.uri()))
        .bearer_auth("FAKESECRETGk7yH2mQ9sLx4")
        .send()
        .await
        .unwrap();
    assert!(resp.auth_explanation().is_none());
    assert_eq!(
        resp.text().await.unwrap(),
        r#"{"message":"API key not found"}"#
    );
}

/// A 400 to a request without any credential is read only when its words name the missing
/// authorization; a form's missing password is a validation error.
#[tokio::test]
async fn a_400_without_a_credential_is_read_for_a_missing_authorization_only() {
    let c = client_with(AuthExplainMiddleware::builder());
    let server = respond(
        400,
        "text/plain; charset=utf-8",
        "Header of type `authorization` was missing",
    )
    .await;
    let resp = c
        .get(format!("{}/v2/me/3", server.uri()))
        .send()
        .await
        .unwrap();
    let e = resp.auth_explanation().expect("explained");
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    let server = respond(
        400,
        "application/json",
        r#"{"errors":{"password":["Password is required"],"email":["Email is required"]}}"#,
    )
    .await;
    let resp = c
        .post(format!("{}/signup", server.uri()))
        .body("{}")
        .send()
        .await
        .unwrap();
    assert!(resp.auth_explanation().is_none());
}

/// A GraphQL refusal without any code ("Not Authorised!") to a request that carried no
/// credential asks for one; the same to a request with a token is an unknown refusal.
#[tokio::test]
async fn a_codeless_graphql_refusal_to_an_anonymous_request_is_a_missing_credential() {
    let c = client_with(AuthExplainMiddleware::builder());
    let server = respond(
        200,
        "application/json",
        r#"{"errors":[{"message":"Not Authorised!","locations":[{"line":1,"column":12}],"path":["me"]}],"data":{"me":null}}"#,
    )
    .await;
    let resp = c
        .post(format!("{}/graphql", server.uri()))
        .header("content-type", "application/json")
        .body(r#"{"query":"query Me { me { id } }"}"#)
        .send()
        .await
        .unwrap();
    let e = resp.auth_explanation().expect("explained");
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    let resp = c
        .post(format!("{}/graphql", server.uri()))
        .bearer_auth("FAKESECRETviewer0123456789")
        .header("content-type", "application/json")
        .body(r#"{"query":"query Me { me { id } }"}"#)
        .send()
        .await
        .unwrap();
    // To a request with a token, the refusal names no reason: an honest unknown.
    let e = resp.auth_explanation().expect("explained");
    assert_eq!(e.cause(), Some(Cause::UnknownForbidden), "{e}");
    assert_eq!(e.confidence(), Some(reqwest_auth_explain::Confidence::Low));
    // So does a failed authorization policy, which judges what the caller may do.
    let server = respond(
        200,
        "application/json",
        r#"{"data":{"revenueReport":null},"errors":[{"message":"Failed auth policy check on revenueReport","path":["revenueReport"]}]}"#,
    )
    .await;
    let resp = c
        .post(format!("{}/graphql", server.uri()))
        .bearer_auth("FAKESECRETviewer0123456789")
        .header("content-type", "application/json")
        .body(r#"{"query":"{ revenueReport }"}"#)
        .send()
        .await
        .unwrap();
    let e = resp.auth_explanation().expect("explained");
    assert_eq!(e.cause(), Some(Cause::UnknownForbidden), "{e}");
    // An error of the query itself is no refusal.
    let server = respond(
        200,
        "application/json",
        r#"{"errors":[{"message":"Cannot query field \"revenu\" on type \"Query\"."}]}"#,
    )
    .await;
    let resp = c
        .post(format!("{}/graphql", server.uri()))
        .bearer_auth("FAKESECRETviewer0123456789")
        .header("content-type", "application/json")
        .body(r#"{"query":"{ revenu }"}"#)
        .send()
        .await
        .unwrap();
    assert!(resp.auth_explanation().is_none());
}
