//! What pre-flight did on a success, pre-flight without sending, and recorded exchanges.

use http::header::AUTHORIZATION;
use reqwest_auth_explain::{
    AuthExplainMiddleware, Cause, Fingerprint, Location, Outcome, Preflight, ResponseExt, Severity,
};
use wiremock::matchers::{header, method};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::{client, client_with};

const TOKEN: &str = "FAKE0123456789abcdefQRSTuvwx";

/// Asserts that `resp` has `status` and no explanation: no auth failure was read into it.
fn assert_unexplained(resp: &reqwest::Response, status: u16) {
    assert_eq!(resp.status(), status);
    assert!(
        resp.auth_explanation().is_none(),
        "{:?}",
        resp.auth_explanation().map(ToString::to_string)
    );
}

/// Answers requests that match `matcher` with `status` and `body` of content type `ct`.
async fn mount_raw(
    s: &MockServer,
    matcher: impl wiremock::Match + 'static,
    status: u16,
    body: &str,
    ct: &str,
) {
    Mock::given(matcher)
        .respond_with(ResponseTemplate::new(status).set_body_raw(body.to_owned(), ct))
        .mount(s)
        .await;
}

async fn ok_server() -> MockServer {
    let s = MockServer::start().await;
    Mock::given(method("GET"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_string("fine"))
        .mount(&s)
        .await;
    s
}

#[tokio::test]
async fn a_repaired_success_carries_what_preflight_did() {
    let s = ok_server().await;
    let resp = client()
        .get(s.uri())
        .header(AUTHORIZATION, format!("Bearer  \"{TOKEN}\" "))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert!(resp.auth_explanation().is_none(), "a success is no failure");
    let report = resp.auth_report().expect("pre-flight touched the request");
    assert_eq!(report.outcome(), Outcome::Ok);
    assert_eq!(report.status(), Some(200));
    assert_eq!(report.cause(), None);
    let codes: Vec<&str> = report.findings().iter().map(|f| f.code).collect();
    assert!(codes.contains(&"quoted_token"), "{codes:?}");
    assert!(codes.contains(&"trailing_whitespace"), "{codes:?}");
    assert!(
        report
            .findings()
            .iter()
            .filter(|f| f.code != "plaintext_http")
            .all(|f| f.severity == Severity::Repaired)
    );
    let c = report.credential().expect("the credential");
    assert_eq!(c.location, Location::Header(AUTHORIZATION));
    // The fingerprint of what was sent: the repaired token.
    assert_eq!(c.fingerprint, Fingerprint::of(TOKEN.as_bytes()));
    let json = report.to_json();
    assert_eq!(json["outcome"], "ok");
    assert_eq!(json["status"], 200);
    assert!(json["findings"].as_array().unwrap().len() >= 2);
    let shown = format!("{report}\n{report:?}\n{json}");
    assert!(!shown.contains(TOKEN), "{shown}");
    assert!(shown.starts_with("note[auth]: 200 OK from 127.0.0.1: pre-flight repaired"));
    assert_eq!(resp.text().await.unwrap(), "fine");
}

#[tokio::test]
async fn an_untouched_success_has_nothing_to_report() {
    let s = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&s)
        .await;
    // Loopback over http is not plaintext exposure: no finding at all.
    let resp = client()
        .get(s.uri())
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert!(resp.auth_report().is_none());
}

#[tokio::test]
async fn a_failure_report_is_its_explanation() {
    let s = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(401)
                .insert_header("www-authenticate", r#"Bearer error="invalid_token""#),
        )
        .mount(&s)
        .await;
    let resp = client()
        .get(s.uri())
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    let report = resp.auth_report().unwrap();
    assert_eq!(report.outcome(), Outcome::Explained);
    assert_eq!(Some(report), resp.auth_explanation());
}

#[tokio::test]
async fn inspect_repairs_in_place_and_sends_nothing() {
    let s = MockServer::start().await; // nothing is mounted and nothing may arrive
    let mw = AuthExplainMiddleware::default();
    let mut req = reqwest::Client::new()
        .get(s.uri())
        .header(AUTHORIZATION, format!("\tBearer {TOKEN}\u{200b}"))
        .build()
        .unwrap();
    let report = mw.inspect(&mut req);
    assert_eq!(report.outcome(), Outcome::Ok);
    assert_eq!(report.status(), None);
    assert_eq!(
        req.headers()[AUTHORIZATION],
        format!("Bearer {TOKEN}").as_str()
    );
    assert!(
        report
            .findings()
            .iter()
            .any(|f| f.code == "invisible_character")
    );
    assert_eq!(
        report.credential().unwrap().fingerprint,
        Fingerprint::of(TOKEN.as_bytes())
    );
    assert!(s.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn inspect_in_strict_mode_refuses_with_a_cause_and_leaves_the_request() {
    let mw = AuthExplainMiddleware::builder()
        .preflight(Preflight::Strict)
        .build();
    let messy = format!("Bearer {TOKEN} ");
    let mut req = reqwest::Client::new()
        .get("https://api.example.com/v1/me")
        .header(AUTHORIZATION, &messy)
        .build()
        .unwrap();
    let report = mw.inspect(&mut req);
    assert_eq!(report.outcome(), Outcome::Refused);
    assert_eq!(report.cause(), Some(Cause::MalformedCredentials));
    assert_eq!(req.headers()[AUTHORIZATION], messy.as_str());

    let mut placeholder = reqwest::Client::new()
        .get("https://api.example.com/v1/me")
        .bearer_auth("YOUR_API_KEY")
        .build()
        .unwrap();
    let report = mw.inspect(&mut placeholder);
    assert_eq!(report.cause(), Some(Cause::PlaceholderCredentials));
}

fn recorded(status: u16, headers: &[(&str, &str)], body: &str) -> http::Response<String> {
    let mut b = http::Response::builder().status(status);
    for (k, v) in headers {
        b = b.header(*k, *v);
    }
    b.body(body.to_owned()).unwrap()
}

#[test]
fn a_recorded_token_endpoint_400_is_explained() {
    let req = reqwest::Client::new()
        .post("https://login.example.com/oauth2/token")
        .header("content-type", "application/x-www-form-urlencoded")
        .body("grant_type=refresh_token&refresh_token=FAKErefresh0123456789abcdef&client_id=app")
        .build()
        .unwrap();
    let resp = recorded(
        400,
        &[("content-type", "application/json")],
        r#"{"error":"invalid_grant","error_description":"Token has been expired or revoked."}"#,
    );
    let e = AuthExplainMiddleware::default().explain_recorded(&req, &resp);
    assert_eq!(e.outcome(), Outcome::Explained);
    assert_eq!(e.status(), Some(400));
    assert!(
        matches!(
            e.cause(),
            Some(Cause::ExpiredCredentials | Cause::RevokedCredentials)
        ),
        "{e}"
    );
    assert!(!e.to_string().contains("FAKErefresh0123456789abcdef"));
}

#[test]
fn a_recorded_success_reports_the_request_as_it_was_sent() {
    // A recorded request is read as it left: nothing is repaired, the defect is an error.
    let req = reqwest::Client::new()
        .get("https://api.example.com/v1/me")
        .header(AUTHORIZATION, format!("Bearer {TOKEN} "))
        .build()
        .unwrap();
    let e = AuthExplainMiddleware::default().explain_recorded(&req, &recorded(200, &[], "{}"));
    assert_eq!(e.outcome(), Outcome::Ok);
    assert_eq!(e.status(), Some(200));
    let f = e
        .findings()
        .iter()
        .find(|f| f.code == "trailing_whitespace")
        .expect("the finding");
    assert_ne!(f.severity, Severity::Repaired);
}

#[test]
fn a_recorded_200_that_is_not_a_failure_stays_ok() {
    let req = reqwest::Client::new()
        .post("https://api.example.com/graphql")
        .bearer_auth(TOKEN)
        .build()
        .unwrap();
    let ok = recorded(
        200,
        &[("content-type", "application/json")],
        r#"{"data":{"viewer":{"login":"octo"}}}"#,
    );
    let mw = AuthExplainMiddleware::default();
    assert_eq!(mw.explain_recorded(&req, &ok).outcome(), Outcome::Ok);
    let denied = recorded(
        200,
        &[("content-type", "application/json")],
        r#"{"errors":[{"message":"Unauthorized","extensions":{"code":"UNAUTHENTICATED"}}]}"#,
    );
    let e = mw.explain_recorded(&req, &denied);
    assert_eq!(e.outcome(), Outcome::Explained, "{e}");
}

#[tokio::test]
async fn strict_clients_still_refuse_what_inspect_refuses() {
    let s = ok_server().await;
    let strict = client_with(AuthExplainMiddleware::builder().preflight(Preflight::Strict));
    let err = strict
        .get(s.uri())
        .header(AUTHORIZATION, format!("Bearer {TOKEN}\u{200b}"))
        .send()
        .await
        .unwrap_err();
    let e = reqwest_auth_explain::AuthError::from_middleware(&err)
        .unwrap()
        .explanation();
    assert_eq!(e.outcome(), Outcome::Refused);
    assert_eq!(e.cause(), Some(Cause::MalformedCredentials));
}

#[tokio::test]
async fn a_422_that_names_a_bad_key_is_an_auth_failure_and_a_validation_error_is_not() {
    let s = MockServer::start().await;
    Mock::given(method("POST"))
        .and(header("x-api-key", "FAKEkey0123456789abcdefXYZ"))
        .respond_with(ResponseTemplate::new(422).set_body_raw(
            r#"{"message":"Invalid API key provided","code":"invalid_api_key"}"#,
            "application/json",
        ))
        .mount(&s)
        .await;
    mount_raw(
        &s,
        method("POST"),
        422,
        r#"{"message":"Validation failed","errors":{"email":["is invalid"]}}"#,
        "application/json",
    )
    .await;
    let resp = client()
        .post(s.uri())
        .header("x-api-key", "FAKEkey0123456789abcdefXYZ")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 422);
    let e = resp.auth_explanation().expect("explained");
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_eq!(e.status(), Some(422));
    assert!(resp.text().await.unwrap().contains("invalid_api_key"));

    let resp = client()
        .post(s.uri())
        .header("x-api-key", "FAKEother0123456789abcdefXYZ")
        .send()
        .await
        .unwrap();
    assert_unexplained(&resp, 422);
    // Without a credential in the request, a 422 is not even read.
    let resp = client().post(s.uri()).send().await.unwrap();
    assert!(resp.auth_explanation().is_none());
}

#[tokio::test]
async fn a_203_sign_in_page_is_explained_and_another_203_page_is_not() {
    let s = MockServer::start().await;
    Mock::given(wiremock::matchers::path("/api/orders"))
        .respond_with(ResponseTemplate::new(203).set_body_raw(
            "<html><head><title>Sign in - Corp SSO</title></head><body><h1>Sign in to continue</h1></body></html>",
            "text/html; charset=utf-8",
        ))
        .mount(&s)
        .await;
    Mock::given(wiremock::matchers::path("/api/cached"))
        .respond_with(ResponseTemplate::new(203).set_body_raw(
            "<html><head><title>Orders</title></head><body><h1>3 orders</h1></body></html>",
            "text/html",
        ))
        .mount(&s)
        .await;
    let resp = client()
        .get(format!("{}/api/orders", s.uri()))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 203);
    let e = resp.auth_explanation().expect("explained");
    assert_eq!(e.cause(), Some(Cause::OrganizationPolicy), "{e}");
    assert!(e.summary().contains("sign-in page (203)"), "{e}");
    assert!(resp.text().await.unwrap().contains("Sign in to continue"));

    let resp = client()
        .get(format!("{}/api/cached", s.uri()))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert!(resp.auth_explanation().is_none());
}

#[tokio::test]
async fn a_402_that_names_billing_is_a_plan_restriction_and_a_declined_card_is_not() {
    let s = MockServer::start().await;
    mount_raw(&s, wiremock::matchers::path("/v1/predictions"), 402, r#"{"title":"Billing required","detail":"You need to set up billing to run this model.","status":402}"#, "application/problem+json").await;
    mount_raw(&s, wiremock::matchers::path("/v1/charges"), 402, r#"{"error":{"code":"card_declined","message":"Your card was declined.","type":"card_error"}}"#, "application/json").await;
    let resp = client()
        .post(format!("{}/v1/predictions", s.uri()))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 402);
    let e = resp.auth_explanation().expect("explained");
    assert_eq!(e.cause(), Some(Cause::PlanRestricted), "{e}");
    assert_eq!(e.status(), Some(402));
    assert!(resp.text().await.unwrap().contains("set up billing"));
    // A payment that failed says nothing about the credential.
    let resp = client()
        .post(format!("{}/v1/charges", s.uri()))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_unexplained(&resp, 402);
}

#[tokio::test]
async fn a_400_is_read_when_it_names_the_credential_and_not_when_it_names_payload() {
    let s = MockServer::start().await;
    mount_raw(
        &s,
        wiremock::matchers::path("/users"),
        400,
        r#"{"statusCode":400,"error":"Bad Request","message":"Bad HTTP authentication header format"}"#,
        "application/json",
    )
    .await;
    mount_raw(
        &s,
        wiremock::matchers::path("/profile"),
        400,
        "Invalid basic auth credentials",
        "text/plain; charset=utf-8",
    )
    .await;
    mount_raw(
        &s,
        wiremock::matchers::path("/list"),
        400,
        r#"{"error":{"code":400,"message":"Invalid page token","status":"INVALID_ARGUMENT"}}"#,
        "application/json",
    )
    .await;
    let observe = || client_with(AuthExplainMiddleware::builder().preflight(Preflight::Observe));
    let resp = observe()
        .get(format!("{}/users", s.uri()))
        .header(AUTHORIZATION, format!("Bearer Bearer {TOKEN}"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 400);
    let e = resp.auth_explanation().expect("explained");
    assert_eq!(e.cause(), Some(Cause::MalformedCredentials), "{e}");
    assert!(
        e.findings().iter().any(|f| f.code == "doubled_scheme"),
        "{e}"
    );
    // A framework's plain-text refusal of Basic credentials (Starlette's default).
    let resp = client()
        .get(format!("{}/profile", s.uri()))
        .basic_auth("alice", Some("FAKEwrong-pw"))
        .send()
        .await
        .unwrap();
    let e = resp.auth_explanation().expect("explained");
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    // A token of the payload (a page token) is no credential: a plain bad request.
    let resp = client()
        .get(format!("{}/list", s.uri()))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_unexplained(&resp, 400);
}

#[tokio::test]
async fn a_token_endpoint_that_answers_errors_with_200_is_read() {
    let s = MockServer::start().await;
    mount_raw(&s, wiremock::matchers::path("/login/oauth/access_token"), 200, r#"{"error":"incorrect_client_credentials","error_description":"The client_id and/or client_secret passed are incorrect."}"#, "application/json").await;
    mount_raw(
        &s,
        wiremock::matchers::path("/other"),
        200,
        r#"{"access_token":"FAKEtoken0123","token_type":"bearer"}"#,
        "application/json",
    )
    .await;
    let form =
        "grant_type=authorization_code&client_id=FAKEid&client_secret=FAKEsecret0123&code=FAKEcode";
    let send = |path: &'static str| {
        client()
            .post(format!("{}{path}", s.uri()))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form)
            .send()
    };
    let resp = send("/login/oauth/access_token").await.unwrap();
    assert_eq!(resp.status(), 200);
    let e = resp.auth_explanation().expect("explained");
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert!(
        resp.text()
            .await
            .unwrap()
            .contains("incorrect_client_credentials")
    );
    // The same form answered with a token: nothing to explain.
    let resp = send("/other").await.unwrap();
    assert!(resp.auth_explanation().is_none());
}

#[tokio::test]
async fn a_graphql_permission_code_in_any_spelling_is_read() {
    let s = MockServer::start().await;
    mount_raw(&s, method("POST"), 200, r#"{"errors":[{"message":"To access this path, you need one of the following permissions: MANAGE_ORDERS","extensions":{"exception":{"code":"PermissionDenied"}}}],"data":{"orders":null}}"#, "application/json").await;
    let resp = client()
        .post(format!("{}/graphql/", s.uri()))
        .bearer_auth(TOKEN)
        .body(r#"{"query":"{ orders(first: 1) { edges { node { id } } } }"}"#)
        .send()
        .await
        .unwrap();
    let e = resp.auth_explanation().expect("explained");
    assert_eq!(e.cause(), Some(Cause::InsufficientScope), "{e}");
    assert_eq!(e.required_scopes(), ["MANAGE_ORDERS"]);
}

#[tokio::test]
async fn a_402_names_the_plan_before_a_free_test_mode() {
    let s = MockServer::start().await;
    mount_raw(&s, method("POST"), 402, r#"{"error":{"error_msg":"Your account does not have a paid API plan. Non-test signature requests require a paid API plan; add test_mode=1 to test for free.","error_name":"payment_required"}}"#, "application/json").await;
    let resp = client()
        .post(format!("{}/v3/signature_request/send", s.uri()))
        .basic_auth("FAKEkey0123456789abcdef", Some(""))
        .send()
        .await
        .unwrap();
    let e = resp.auth_explanation().expect("explained");
    assert_eq!(e.cause(), Some(Cause::PlanRestricted), "{e}");
}

#[tokio::test]
async fn a_400_naming_a_key_sent_in_the_body_is_read_and_a_card_token_is_not() {
    let s = MockServer::start().await;
    mount_raw(
        &s,
        wiremock::matchers::path("/2/httpapi"),
        400,
        r#"{"code":400,"error":"Invalid API key: FAKE0123456789abcdef"}"#,
        "application/json",
    )
    .await;
    mount_raw(
        &s,
        wiremock::matchers::path("/v1/charges"),
        400,
        r#"{"error":{"message":"Invalid token id: tok_FAKE0123","type":"invalid_request_error"}}"#,
        "application/json",
    )
    .await;
    let resp = client()
        .post(format!("{}/2/httpapi", s.uri()))
        .header("content-type", "application/json")
        .body(r#"{"api_key":"FAKE0123456789abcdef","events":[]}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 400);
    let e = resp.auth_explanation().expect("explained");
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_eq!(
        e.credential().map(|c| c.location.to_string()).as_deref(),
        Some("body:api_key")
    );
    // A card token in the body is payment data, not a credential: a plain bad request.
    let resp = client()
        .post(format!("{}/v1/charges", s.uri()))
        .bearer_auth(TOKEN)
        .header("content-type", "application/json")
        .body(r#"{"amount":100,"token":"tok_FAKE0123"}"#)
        .send()
        .await
        .unwrap();
    assert_unexplained(&resp, 400);
}

#[tokio::test]
async fn a_signed_request_answered_with_an_error_envelope_is_read() {
    let s = MockServer::start().await;
    mount_raw(
        &s,
        wiremock::matchers::path("/0/private/Balance"),
        200,
        r#"{"error":["EAPI:Invalid signature"]}"#,
        "application/json",
    )
    .await;
    mount_raw(
        &s,
        wiremock::matchers::path("/0/private/AddOrder"),
        200,
        r#"{"retCode":110007,"retMsg":"insufficient balance"}"#,
        "application/json",
    )
    .await;
    mount_raw(
        &s,
        wiremock::matchers::path("/0/private/Ok"),
        200,
        r#"{"error":[],"result":{"ZUSD":"1.0"}}"#,
        "application/json",
    )
    .await;
    let send = |path: &str| {
        client()
            .post(format!("{}{path}", s.uri()))
            .header("API-Key", "FAKEkey0123456789abcdef")
            .header("API-Sign", "FAKEsig0123456789abcdef==")
            .header("content-type", "application/x-www-form-urlencoded")
            .body("nonce=1796210407118")
            .send()
    };
    let resp = send("/0/private/Balance").await.unwrap();
    assert_eq!(resp.status(), 200);
    let e = resp.auth_explanation().expect("explained");
    assert_eq!(e.cause(), Some(Cause::SignatureMismatch), "{e}");
    // A business error of the same envelope, and a success: nothing to explain.
    for path in ["/0/private/AddOrder", "/0/private/Ok"] {
        let resp = send(path).await.unwrap();
        assert!(resp.auth_explanation().is_none(), "{path}");
    }
    // With 2xx inspection off, no success body is read.
    let resp = client_with(AuthExplainMiddleware::builder().inspect_success_bodies(false))
        .post(format!("{}/0/private/Balance", s.uri()))
        .header("API-Key", "FAKEkey0123456789abcdef")
        .header("API-Sign", "FAKEsig0123456789abcdef==")
        .send()
        .await
        .unwrap();
    assert!(resp.auth_explanation().is_none());
}

#[tokio::test]
async fn a_400_about_a_pagination_token_is_no_auth_failure() {
    let s = MockServer::start().await;
    mount_raw(
        &s,
        method("GET"),
        400,
        r#"{"errors":[{"message":"The `pagination_token` query parameter value [7140dibdnow9c7btw4b0ozmpll] is not valid"}],"title":"Invalid Request","detail":"One or more parameters to your request was invalid."}"#,
        "application/json",
    )
    .await;
    let resp = client()
        .get(format!(
            "{}/2/users/1/tweets?pagination_token=7140dibdnow9c7btw4b0ozmpll",
            s.uri()
        ))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_unexplained(&resp, 400);
}

#[tokio::test]
async fn an_aws_query_protocol_400_in_xml_and_a_graphql_category_are_read() {
    let s = MockServer::start().await;
    Mock::given(method("POST"))
        .and(wiremock::matchers::path("/"))
        .respond_with(
            ResponseTemplate::new(400)
                .insert_header("x-amzn-RequestId", "6455aaa7-3f9d-4aa4-8b0d-e7dff4c55e0e")
                .set_body_raw(
                    "<ErrorResponse><Error><Type>Sender</Type><Code>ExpiredTokenException</Code><Message>Token expired: current date/time 1796451160 must be before the expiration date/time 1796428900</Message></Error><RequestId>6455aaa7-3f9d-4aa4-8b0d-e7dff4c55e0e</RequestId></ErrorResponse>",
                    "text/xml",
                ),
        )
        .mount(&s)
        .await;
    mount_raw(
        &s,
        wiremock::matchers::path("/graphql"),
        200,
        r#"{"errors":[{"message":"The current customer isn't authorized.","extensions":{"category":"graphql-authorization"}}],"data":{"customer":null}}"#,
        "application/json",
    )
    .await;
    let resp = client()
        .post(format!("{}/", s.uri()))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("Action=AssumeRoleWithWebIdentity&Version=2011-06-15")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 400);
    let e = resp.auth_explanation().expect("explained");
    assert_eq!(e.cause(), Some(Cause::ExpiredCredentials), "{e}");
    assert_eq!(e.request_id(), Some("6455aaa7-3f9d-4aa4-8b0d-e7dff4c55e0e"));
    let resp = client()
        .post(format!("{}/graphql", s.uri()))
        .bearer_auth(TOKEN)
        .body(r#"{"query":"{ customer { email } }"}"#)
        .send()
        .await
        .unwrap();
    let e = resp.auth_explanation().expect("explained");
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
}
