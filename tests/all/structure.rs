//! What the request and the response's structure show, before any word is read: a credential
//! left in the URL fragment (never sent), an error that names a payload field (a validation
//! error, whatever its words), a result under `data` (an accepted request). Each new output is
//! checked for the secrets the request carried.

use reqwest_auth_explain::{AuthExplainMiddleware, Cause, Confidence, ResponseExt};

use crate::helpers::{
    assert_hidden, capture_logs, client_with, client_without_redirects, explained, respond,
    respond_with,
};

#[tokio::test(flavor = "current_thread")]
async fn a_credential_in_the_url_fragment_was_never_sent() {
    const TOKEN: &str = "EAAGm0PX4ZCpsBAFAKESECRETZBq7ZCZA1x2y3z4WvU9";
    let logs = capture_logs();
    let c = client_with(AuthExplainMiddleware::builder());
    let body = r#"{"error":{"message":"An active access token must be used to query information about the current user.","type":"OAuthException","code":2500}}"#;
    let server = respond(400, "application/json", body).await;
    let resp = c
        .get(format!(
            "{}/v19.0/me?fields=id,name#access_token={TOKEN}",
            server.uri()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 400);
    let e = resp.auth_explanation().expect("explained").clone();
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    assert!(
        e.findings()
            .iter()
            .any(|f| f.code == "credential_in_fragment"
                && f.location.to_string() == "fragment:access_token"),
        "{e}"
    );
    assert_hidden(&e, &[TOKEN]);
    assert!(!logs.text().contains(TOKEN), "{}", logs.text());
    // The server received no fragment, and the caller still gets every byte.
    let seen = &server.received_requests().await.unwrap()[0];
    assert!(!seen.url.as_str().contains(TOKEN));
    assert_eq!(resp.text().await.unwrap(), body);

    // A fragment that routes a page, or names nothing secret, is no finding.
    let server = respond(401, "application/json", r#"{"message":"Unauthorized"}"#).await;
    for fragment in ["#/settings?tab=keys", "#section-2", "#page=3&sort=asc"] {
        let resp = c
            .get(format!("{}/docs{fragment}", server.uri()))
            .send()
            .await
            .unwrap();
        let e = resp.auth_explanation().expect("explained");
        assert!(
            !e.findings()
                .iter()
                .any(|f| f.code == "credential_in_fragment"),
            "{fragment}: {e}"
        );
    }
}

#[tokio::test]
async fn an_error_that_names_a_payload_field_is_a_validation_error() {
    let c = client_with(AuthExplainMiddleware::builder());
    // A one-time card token used twice: the API key was accepted.
    let body = r#"{"error":{"code":"token_already_used","message":"You cannot use a Stripe token more than once: tok_0QtqJXtU5ovL4Hc4uvB7pFvJ.","param":"source","type":"invalid_request_error"}}"#;
    let server = respond(400, "application/json", body).await;
    let resp = c
        .post(format!("{}/v1/customers", server.uri()))
        .bearer_auth("sk_test_FAKESECRET51Ng3xKJh2r8Wq4Lm0Zp6Tv")
        .header("content-type", "application/x-www-form-urlencoded")
        .body("source=tok_0QtqJXtU5ovL4Hc4uvB7pFvJ")
        .send()
        .await
        .unwrap();
    assert!(resp.auth_explanation().is_none(), "a payload's token");
    assert_eq!(resp.text().await.unwrap(), body);
    // A key's display name too long: "invalid", "key" and "expires" are all there.
    let body = r#"{"error":{"type":"invalid_request_error","code":"parameter_invalid_length","message":"invalid request: field 'api_key_name' is too long (maximum is 64 characters)","param":"api_key_name"}}"#;
    let server = respond(400, "application/json", body).await;
    let resp = c
        .post(format!("{}/v1/api-keys", server.uri()))
        .bearer_auth("dp_live_FAKESECRET6Yh2Kq9Wm4Rz1Xc8Vb")
        .header("content-type", "application/json")
        .body(
            serde_json::json!({"api_key_name": "x".repeat(80), "expires_in_days": 90}).to_string(),
        )
        .send()
        .await
        .unwrap();
    assert!(resp.auth_explanation().is_none(), "a key's name");
    // The same refusal naming the credential's own parameter is read.
    let body = r#"{"error":{"type":"invalid_request_error","message":"Invalid API key provided","param":"api_key"}}"#;
    let server = respond(400, "application/json", body).await;
    let resp = c
        .post(format!("{}/v1/charges", server.uri()))
        .header("content-type", "application/json")
        .body(
            serde_json::json!({"api_key": "FAKESECRET0a9s8d7f6g5h4j3k", "amount": 100}).to_string(),
        )
        .send()
        .await
        .unwrap();
    let e = resp.auth_explanation().expect("explained");
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(e, &["FAKESECRET0a9s8d7f6g5h4j3k"]);
}

#[tokio::test]
async fn a_result_under_data_is_an_accepted_request() {
    let c = client_with(AuthExplainMiddleware::builder());
    // A typed error of the application's (a GraphQL union member) in a short 200, to a
    // request whose token went in the body: the request itself was accepted.
    let body = r#"{"data":{"resetPassword":{"__typename":"PasswordResetTokenExpiredError","errorCode":"PASSWORD_RESET_TOKEN_EXPIRED_ERROR","message":"Password reset token has expired"}}}"#;
    let server = respond(200, "application/json", body).await;
    let resp = c
        .post(format!("{}/shop-api", server.uri()))
        .header("content-type", "application/json")
        .body(serde_json::json!({
            "query": "mutation R($token: String!) { resetPassword(token: $token) { __typename } }",
            "variables": {"token": "FAKESECRETpr_8f2c1a9e7d4b6053"}
        }).to_string())
        .send()
        .await
        .unwrap();
    assert!(resp.auth_explanation().is_none());
    assert_eq!(resp.text().await.unwrap(), body);
    // The same envelope with the key refused beside `data` is read.
    let body = r#"{"data":null,"success":false,"message":"Invalid API key"}"#;
    let server = respond(200, "application/json", body).await;
    let e = explained(
        c.post(format!("{}/v1/lookup", server.uri()))
            .header("content-type", "application/json")
            .body(serde_json::json!({"api_key": "FAKESECRETk3y0a9s8d7f6g5"}).to_string()),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &["FAKESECRETk3y0a9s8d7f6g5"]);
}

#[tokio::test]
async fn a_challenge_that_names_its_header_shows_where_the_key_was_not() {
    let c = client_with(AuthExplainMiddleware::builder());
    let server = respond_with(
        401,
        "application/json",
        r#"{"hata":true,"mesaj":"İstekte API anahtarı bulunamadı."}"#,
        &[("www-authenticate", r#"ApiKey header="X-API-Key""#)],
    )
    .await;
    let e = explained(
        c.get(format!("{}/v1/siparisler", server.uri()))
            .header("X_API_KEY", "FAKESECRETtr4p1k3y9Xq2Lm7Zt5"),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    assert!(e.summary().contains("X-API-Key"), "{e}");
    assert_hidden(&e, &["FAKESECRETtr4p1k3y9Xq2Lm7Zt5"]);
    // Sent where the challenge says, the key was read: its refusal is the key's.
    let e = explained(
        c.get(format!("{}/v1/siparisler", server.uri()))
            .header("X-API-Key", "FAKESECRETtr4p1k3y9Xq2Lm7Zt5"),
    )
    .await;
    assert_ne!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    // A challenge naming a header that holds the secret itself shows it nowhere.
    let server = respond_with(
        401,
        "",
        "",
        &[(
            "www-authenticate",
            r#"AzureApiManagementKey realm="x", name="FAKESECRETabcdef0123456789", type="header""#,
        )],
    )
    .await;
    let e = explained(
        c.get(server.uri())
            .header("x-api-key", "FAKESECRETabcdef0123456789"),
    )
    .await;
    assert_hidden(&e, &["FAKESECRETabcdef0123456789"]);
}

#[tokio::test]
async fn an_oauth_1_problem_names_what_was_refused() {
    let c = client_with(AuthExplainMiddleware::builder());
    // The request's timestamp is minutes from the server's Date, yet the server refused the
    // signature, not the time.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let auth = format!(
        r#"OAuth oauth_consumer_key="FAKESECRETconsumer4f2a", oauth_nonce="a1b2c3", oauth_signature="FAKESECRETsig0Zx%3D", oauth_signature_method="HMAC-SHA1", oauth_timestamp="{}", oauth_version="1.0""#,
        now - 400
    );
    for (body, cause) in [
        (
            "<html><head><title> - Error report</title></head><body><h1>HTTP Status 401 - oauth_problem=signature_invalid</h1></body></html>",
            Cause::SignatureMismatch,
        ),
        (
            "oauth_problem=token_expired&oauth_problem_advice=renew",
            Cause::ExpiredCredentials,
        ),
        (
            "oauth_problem=consumer_key_rejected",
            Cause::InvalidCredentials,
        ),
    ] {
        let server = respond(401, "text/html;charset=utf-8", body).await;
        let resp = c
            .get(format!("{}/oauth/request_token", server.uri()))
            .header("authorization", auth.as_str())
            .send()
            .await
            .unwrap();
        let e = resp.auth_explanation().expect("explained").clone();
        assert_eq!(e.cause(), Some(cause), "{body}: {e}");
        assert_hidden(&e, &["FAKESECRETconsumer4f2a", "FAKESECRETsig0Zx"]);
    }
}

#[tokio::test]
async fn exhausted_rate_limit_headers_speak_for_any_client_error() {
    let c = client_with(AuthExplainMiddleware::builder());
    let server = respond_with(409, "text/xml", "<SIMPLE_RETURN><RESPONSE><CODE>1965</CODE><TEXT>The requested operation is blocked</TEXT></RESPONSE></SIMPLE_RETURN>", &[("x-ratelimit-limit", "300"), ("x-ratelimit-remaining", "0")]).await;
    let resp = c
        .post(format!("{}/api/2.0/fo/asset/", server.uri()))
        .basic_auth("acme", Some("FAKESECRETgoodPw9"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 409);
    let e = resp.auth_explanation().expect("explained").clone();
    assert_eq!(e.cause(), Some(Cause::RateLimited), "{e}");
    assert_hidden(&e, &["FAKESECRETgoodPw9"]);
    // A conflict with counters left is a conflict.
    let server = respond_with(
        409,
        "application/json",
        r#"{"message":"Name already exists"}"#,
        &[("x-ratelimit-remaining", "12")],
    )
    .await;
    let resp = c
        .post(server.uri())
        .bearer_auth("FAKESECRETtok0123456789")
        .send()
        .await
        .unwrap();
    assert!(resp.auth_explanation().is_none());
}

#[tokio::test]
async fn an_unfollowed_redirect_to_a_sign_in_page_wants_a_session() {
    let c = client_without_redirects(AuthExplainMiddleware::builder());
    let server = respond_with(
        302,
        "text/html; charset=utf-8",
        "",
        &[("location", "/users/sign_in")],
    )
    .await;
    let resp = c
        .get(format!(
            "{}/group/repo/-/raw/main/prod.tfvars",
            server.uri()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 302);
    let e = resp.auth_explanation().expect("explained");
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    // A redirect elsewhere than a sign-in page is a redirect.
    let server = respond_with(301, "", "", &[("location", "/v2/items")]).await;
    let resp = c
        .get(format!("{}/v1/items", server.uri()))
        .send()
        .await
        .unwrap();
    assert!(resp.auth_explanation().is_none());
}

#[tokio::test]
async fn a_credential_placeholder_in_the_path_explains_a_404() {
    let c = client_with(AuthExplainMiddleware::builder());
    let server = respond(
        404,
        "application/json",
        r#"{"ok":false,"error_code":404,"description":"Not Found"}"#,
    )
    .await;
    let e = explained(c.get(format!("{}/bot%3CYOUR_BOT_TOKEN%3E/getMe", server.uri()))).await;
    assert_eq!(e.cause(), Some(Cause::PlaceholderCredentials), "{e}");
    // A route template left unexpanded names no credential, and a 404 stays a 404.
    for path in ["/users/%7Bid%7D", "/bot123456:FAKESECRETAAHfiqksKZ8/getMe"] {
        let resp = c
            .get(format!("{}{path}", server.uri()))
            .send()
            .await
            .unwrap();
        assert!(resp.auth_explanation().is_none(), "{path}");
    }
}

#[tokio::test]
async fn a_statement_outweighs_the_advice_beside_it() {
    let c = client_with(AuthExplainMiddleware::builder());
    // Azure API Management's refusal: the key is invalid; the subscription is advice.
    let server = respond(
        401,
        "application/json",
        r#"{ "statusCode": 401, "message": "Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription." }"#,
    )
    .await;
    let e = explained(
        c.get(server.uri())
            .header("ocp-apim-subscription-key", "FAKESECRETmomoKey1a2b3c"),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    // A vague statement leaves the advice to say why.
    let server = respond(
        403,
        "application/json",
        r#"{"error":{"code":2009,"message":"API key does not have access to the resource. Please check pricing page for what is allowed in your API subscription plan."}}"#,
    )
    .await;
    let resp = c
        .get(format!(
            "{}/v1/marine.json?key=FAKESECRETa41c9e7b2d",
            server.uri()
        ))
        .send()
        .await
        .unwrap();
    let e = resp.auth_explanation().expect("explained");
    assert_eq!(e.cause(), Some(Cause::PlanRestricted), "{e}");
}

#[tokio::test]
async fn a_wait_beside_a_refused_token_does_not_make_it_a_rate_limit() {
    let c = client_with(AuthExplainMiddleware::builder());
    let server = respond_with(403, "application/json", r#"{"error":"Invalid token","error_code":401,"error_tag":"AUTH_INVALID_TOKEN","http_code":403}"#, &[("retry-after", "4")]).await;
    let e = explained(
        c.post(format!("{}/sync/v9/sync", server.uri()))
            .bearer_auth("FAKESECRET8c2e4a19d0b7f3e6a5c1"),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    // A Retry-After with nothing else said is the wait it asks for.
    let server = respond_with(
        403,
        "application/json",
        r#"{"message":"Forbidden"}"#,
        &[("retry-after", "30")],
    )
    .await;
    let e = explained(
        c.get(server.uri())
            .bearer_auth("FAKESECRET8c2e4a19d0b7f3e6a5c1"),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::RateLimited), "{e}");
}

#[tokio::test]
async fn an_error_that_names_the_header_it_reads_shows_where_the_key_was_not() {
    let c = client_with(AuthExplainMiddleware::builder());
    let server = respond(
        401,
        "application/problem+json",
        r#"{"type":"https://shlink.io/api/error/missing-authentication","title":"Invalid authorization","detail":"Expected one of the following authentication headers, [\"X-Api-Key\"], but none were provided","status":401}"#,
    )
    .await;
    let e = explained(
        c.get(format!("{}/rest/v3/short-urls", server.uri()))
            .bearer_auth("FAKESECRET8d2f6c1e-4b7a-4f0e-9c3d"),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    assert!(e.summary().contains("X-Api-Key"), "{e}");
    assert_hidden(&e, &["FAKESECRET8d2f6c1e-4b7a-4f0e-9c3d"]);
    // A header named beside a verdict on the key the request did send there is that verdict.
    let server = respond(
        401,
        "application/json",
        r#"{"message":"Invalid key in header \"X-Api-Key\""}"#,
    )
    .await;
    let e = explained(
        c.get(server.uri())
            .header("x-api-key", "FAKESECRET8d2f6c1e-4b7a-4f0e-9c3d"),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
}

#[tokio::test]
async fn an_envelope_that_states_its_status_is_read_as_that_status() {
    let c = client_with(AuthExplainMiddleware::builder());
    let server = respond(
        200,
        "application/json; charset=utf-8",
        r#"{"message":{"header":{"status_code":401,"execute_time":0.002,"hint":"renew"}}}"#,
    )
    .await;
    let resp = c
        .get(format!(
            "{}/ws/1.1/track.search?q=x&usertoken=FAKESECRET7d5b1c9e3a8f2046d1b7",
            server.uri()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    let e = resp.auth_explanation().expect("explained").clone();
    // A refusal without a reason, of a value found by its shape alone.
    assert_eq!(e.cause(), Some(Cause::UnknownUnauthorized), "{e}");
    assert!(
        e.evidence()
            .iter()
            .any(|l| l.contains("envelope states the status 401")),
        "{e}"
    );
    assert_hidden(&e, &["FAKESECRET7d5b1c9e3a8f2046d1b7"]);
    // A status inside the data (a monitor's last check) is the data's.
    let server = respond(
        200,
        "application/json",
        r#"{"monitor":{"url":"https://example.com","last_check":{"status":403}}}"#,
    )
    .await;
    let resp = c
        .get(format!(
            "{}/v2/monitors/7?api_key=FAKESECRET7d5b1c9e3a8f2046d1b7",
            server.uri()
        ))
        .send()
        .await
        .unwrap();
    assert!(resp.auth_explanation().is_none());
}

#[tokio::test(flavor = "current_thread")]
async fn an_authorization_value_put_in_the_query_is_a_credential_and_hidden() {
    const TOKEN: &str = "FAKESECRET3f9a1c7e5b2d";
    let logs = capture_logs();
    let c = client_with(AuthExplainMiddleware::builder());
    let server = respond(
        401,
        "application/json",
        r#"{"code":401,"message":"Full authentication is required to access this resource."}"#,
    )
    .await;
    for prefix in ["Bearer%20", "bearer+", "Token%20"] {
        let resp = c
            .get(format!(
                "{}/api/ping?Authorizazion={prefix}{TOKEN}",
                server.uri()
            ))
            .send()
            .await
            .unwrap();
        let e = resp.auth_explanation().expect("explained").clone();
        assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
        assert!(e.credential().is_some(), "{e}");
        assert_hidden(&e, &[TOKEN]);
    }
    assert!(!logs.text().contains(TOKEN), "{}", logs.text());
    // A search for the word is no credential.
    let resp = c
        .get(format!("{}/docs?q=Basic%20tutorial", server.uri()))
        .send()
        .await
        .unwrap();
    assert!(
        resp.auth_explanation()
            .expect("explained")
            .credential()
            .is_none()
    );
}

#[tokio::test]
async fn a_bare_refusal_of_a_request_signed_minutes_off_the_servers_clock_is_clock_skew() {
    let c = client_with(AuthExplainMiddleware::builder());
    let now = std::time::SystemTime::now();
    let ahead = httpdate::fmt_http_date(now + std::time::Duration::from_secs(600));
    let server = respond_with(401, "application/problem+json", r#"{"type":"https://tools.ietf.org/html/rfc7235#section-3.1","title":"Unauthorized","status":401}"#, &[("date", ahead.as_str())]).await;
    let stamp = now
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        .to_string();
    let resp = c
        .get(format!("{}/api/server/alive", server.uri()))
        .header("x-ddd-timestamp", stamp.as_str())
        .header(
            "x-ddd-signature",
            "FAKESECRETb7c1e9d04a2f6c3e8b5d7a9f0e1c2d3b",
        )
        .send()
        .await
        .unwrap();
    let e = resp.auth_explanation().expect("explained").clone();
    assert_eq!(e.cause(), Some(Cause::ClockSkew), "{e}");
    assert_eq!(
        e.confidence(),
        Some(reqwest_auth_explain::Confidence::Medium)
    );
    assert_hidden(&e, &["FAKESECRETb7c1e9d04a2f6c3e8b5d7a9f0e1c2d3b"]);
    // The same refusal from a server whose clock agrees is no clock's fault.
    let server = respond(
        401,
        "application/problem+json",
        r#"{"title":"Unauthorized","status":401}"#,
    )
    .await;
    let resp = c
        .get(server.uri())
        .header("x-ddd-timestamp", stamp.as_str())
        .header(
            "x-ddd-signature",
            "FAKESECRETb7c1e9d04a2f6c3e8b5d7a9f0e1c2d3b",
        )
        .send()
        .await
        .unwrap();
    assert_ne!(
        resp.auth_explanation().expect("explained").cause(),
        Some(Cause::ClockSkew)
    );
}

#[tokio::test]
async fn a_soap_fault_that_judges_a_session_id_in_the_envelope_is_no_missing_credential() {
    let c = client_with(AuthExplainMiddleware::builder());
    let body = r#"<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><soapenv:Fault><faultcode>sf:INVALID_SESSION_ID</faultcode><faultstring>INVALID_SESSION_ID: Invalid Session ID found in SessionHeader: Illegal Session. Session not found, missing session hash</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>"#;
    let server = respond(500, "text/xml;charset=UTF-8", body).await;
    let resp = c
        .post(format!("{}/services/Soap/u/59.0", server.uri()))
        .header("content-type", "text/xml; charset=UTF-8")
        .body("<soapenv:Envelope><soapenv:Header><sessionId>FAKESECRET00D5g!AQ8</sessionId></soapenv:Header></soapenv:Envelope>")
        .send()
        .await
        .unwrap();
    let e = resp.auth_explanation().expect("explained").clone();
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_eq!(resp.text().await.unwrap(), body);
}

#[tokio::test]
async fn look_alikes_of_the_payload_are_handed_on() {
    let c = client_with(AuthExplainMiddleware::builder());
    // A resource named in the path, not found.
    let server = respond(
        200,
        "application/json",
        r#"{"janus":"error","error":{"code":458,"reason":"No such session 8812736451102233"}}"#,
    )
    .await;
    let resp = c
        .post(format!("{}/janus/8812736451102233", server.uri()))
        .header("content-type", "application/json")
        .body(r#"{"janus":"attach","apisecret":"FAKESECRET-janus-api-3"}"#)
        .send()
        .await
        .unwrap();
    assert!(resp.auth_explanation().is_none(), "a path's resource");
    // A validation error by its title.
    let server = respond(
        422,
        "application/problem+json",
        r#"{"title":"Validation Error","status":422,"code":"AUTH_USER_ID_INVALID","detail":"userId must be a valid BigInt-compatible string"}"#,
    )
    .await;
    let resp = c
        .post(format!("{}/v2/auth/api-keys", server.uri()))
        .header("x-api-key", "tw_FAKESECRET_5d8a2c9e1b7f")
        .header("content-type", "application/json")
        .body(r#"{"userId":"user-42"}"#)
        .send()
        .await
        .unwrap();
    assert!(resp.auth_explanation().is_none(), "a validation error");
    // A new password refused by its policy.
    let server = respond(
        400,
        "application/json",
        r#"{"name":"PasswordStrengthError","message":"Password is too weak","code":"invalid_password"}"#,
    )
    .await;
    let resp = c
        .post(format!("{}/dbconnections/signup", server.uri()))
        .header("content-type", "application/json")
        .body(r#"{"email":"a@example.org","password":"FAKESECRET2026"}"#)
        .send()
        .await
        .unwrap();
    assert!(resp.auth_explanation().is_none(), "a password policy");
}

#[tokio::test]
async fn a_key_header_named_in_one_word_is_a_credential_and_hidden() {
    let c = client_with(AuthExplainMiddleware::builder());
    let server = respond(
        401,
        "application/json",
        r#"{"error":{"code":401,"message":"Unauthorized: Access not allowed for login admin FAKESECRETa81f4c0d2e"}}"#,
    )
    .await;
    let e = explained(
        c.get(format!("{}/api/index.php/members/3", server.uri()))
            .header("DOLAPIKEY", "FAKESECRETa81f4c0d2e"),
    )
    .await;
    assert_ne!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    assert_eq!(
        e.credential().map(|c| c.location.to_string()).as_deref(),
        Some("header:dolapikey")
    );
    assert_hidden(&e, &["FAKESECRETa81f4c0d2e"]);
}

#[tokio::test]
async fn a_quoted_scheme_refused_and_a_feature_to_enable_are_read() {
    let c = client_with(AuthExplainMiddleware::builder());
    let server = respond(
        401,
        "application/json",
        r#"{"detail":"'Token' is not an authorized header.","status_code":401}"#,
    )
    .await;
    let e = explained(
        c.get(server.uri())
            .header("authorization", "Token FAKESECRETeyJhbGciOiJIUzI1NiJ9x"),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::WrongScheme), "{e}");
    let server = respond(
        403,
        "application/json",
        r#"{"message":"Advanced Security must be enabled for this repository to use code scanning."}"#,
    )
    .await;
    let resp = c
        .get(format!(
            "{}/repos/acme/pay/code-scanning/alerts",
            server.uri()
        ))
        .bearer_auth("FAKESECRETa1B2c3D4e5F6g7H8i9J0kLmN")
        .send()
        .await
        .unwrap();
    let e = resp.auth_explanation().expect("explained");
    assert_eq!(e.cause(), Some(Cause::EndpointNotEnabled), "{e}");
}

#[tokio::test]
async fn a_body_this_middleware_does_not_read_may_hold_the_credential() {
    let c = client_with(AuthExplainMiddleware::builder());
    // A multipart form: no credential seen, and no certainty that none was sent.
    let server = respond(401, "application/json", r#"{"hiba":"Érvénytelen token"}"#).await;
    let e = explained(
        c
            .post(format!("{}/v2/upload", server.uri()))
            .header("content-type", "multipart/form-data; boundary=XyZ")
            .body("--XyZ\r\nContent-Disposition: form-data; name=\"token\"\r\n\r\nFAKESECRETmp4rt0k3n99\r\n--XyZ--\r\n"),
    )
    .await;
    assert_ne!(
        e.confidence(),
        Some(reqwest_auth_explain::Confidence::High),
        "{e}"
    );
    assert_hidden(&e, &["FAKESECRETmp4rt0k3n99"]);
    // An XML-RPC call's fault comes back in a 200: read for its words.
    let fault = r#"<?xml version="1.0" encoding="UTF-8"?><methodResponse><fault><value><struct><member><name>faultCode</name><value><int>403</int></value></member><member><name>faultString</name><value><string>Incorrect username or password.</string></value></member></struct></value></fault></methodResponse>"#;
    let server = respond(200, "text/xml; charset=UTF-8", fault).await;
    let resp = c
        .post(format!("{}/xmlrpc.php", server.uri()))
        .header("content-type", "text/xml")
        .body("<?xml version=\"1.0\"?><methodCall><methodName>wp.getPosts</methodName><params><param><value><string>editor</string></value></param><param><value><string>FAKESECRETwpPass2026</string></value></param></params></methodCall>")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    let e = resp.auth_explanation().expect("explained").clone();
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_eq!(resp.text().await.unwrap(), fault);
    // The same call answered with its result is a success, unread past its head.
    let ok = r#"<?xml version="1.0"?><methodResponse><params><param><value><array><data></data></array></value></param></params></methodResponse>"#;
    let server = respond(200, "text/xml", ok).await;
    let resp = c
        .post(format!("{}/xmlrpc.php", server.uri()))
        .header("content-type", "text/xml")
        .body("<methodCall><methodName>wp.getPosts</methodName></methodCall>")
        .send()
        .await
        .unwrap();
    assert!(resp.auth_explanation().is_none());
}

#[tokio::test]
async fn a_request_that_carries_its_own_time_signs_it() {
    let c = client_with(AuthExplainMiddleware::builder());
    // Duo's Admin API: an HMAC in a Basic value, beside the `Date` it signs (RFC 2822).
    let server = respond(
        401,
        "application/json",
        r#"{"code": 40103, "message": "Invalid signature in request credentials", "stat": "FAIL"}"#,
    )
    .await;
    let date = httpdate::fmt_http_date(std::time::SystemTime::now()).replace(" GMT", " -0000");
    let resp = c
        .get(format!("{}/admin/v1/users?username=x", server.uri()))
        .header("date", date.as_str())
        .basic_auth(
            "DIWJ8X6AEYOR5OMC6TQ1",
            Some("FAKESECRETa3f1c9e07b6d2e4f8a1b0c9d"),
        )
        .send()
        .await
        .unwrap();
    let e = resp.auth_explanation().expect("explained");
    assert_eq!(e.cause(), Some(Cause::SignatureMismatch), "{e}");
    // A quota of a day that says when it refills is a wait, not a plan.
    let server = respond_with(429, "application/json", r#"{"error":"invite_quota_exceeded","message":"You can only send 5 invites per day. Your quota resets at 00:00 UTC."}"#, &[("retry-after", "41520")]).await;
    let e = explained(
        c.post(format!("{}/v1/invitations", server.uri()))
            .bearer_auth("FAKESECRET6b2e9d0a41"),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::RateLimited), "{e}");
}

#[tokio::test(flavor = "current_thread")]
async fn a_transit_apis_access_id_is_a_credential_and_hidden() {
    const KEY: &str = "FAKESECRET3f9a6c1e-2b7d-4e55-9a0b";
    let logs = capture_logs();
    let c = client_with(AuthExplainMiddleware::builder());
    let server = respond(
        403,
        "application/json;charset=UTF-8",
        r#"{"errorCode":"API_AUTH","errorText":"access denied for 'key' on 'service' "}"#,
    )
    .await;
    let resp = c
        .get(format!(
            "{}/v2.1/departureBoard?id=740000001&format=json&accessId={KEY}",
            server.uri()
        ))
        .send()
        .await
        .unwrap();
    let e = resp.auth_explanation().expect("explained").clone();
    assert_eq!(
        e.credential().map(|c| c.location.to_string()).as_deref(),
        Some("query:accessId")
    );
    assert_hidden(&e, &[KEY]);
    assert!(!logs.text().contains(KEY), "{}", logs.text());
}

#[tokio::test]
async fn copies_of_one_authorization_value_and_a_placeholder_in_a_body_field() {
    let c = client_with(AuthExplainMiddleware::builder());
    // reqwest adds URL userinfo as an `Authorization` beside the one set by hand: two copies
    // of one value leave no doubt which the server read.
    let server = respond_with(
        401,
        "text/html",
        "",
        &[("www-authenticate", "BASIC realm=\"Nexus\"")],
    )
    .await;
    let uri = server
        .uri()
        .replace("http://", "http://ci-bot:FAKESECRETnx-Old2025@");
    let e = explained(
        c.get(format!("{uri}/repository/core.pom"))
            .basic_auth("ci-bot", Some("FAKESECRETnx-Old2025")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &["FAKESECRETnx-Old2025"]);
    // A body field of any name holding a key's placeholder.
    let server = respond(
        401,
        "application/json",
        r#"{"hitilafu":"ufunguo_batili","ujumbe":"Ufunguo wa API si sahihi au haupo."}"#,
    )
    .await;
    let e = explained(
        c.post(format!("{}/v1/stk/push", server.uri()))
            .header("content-type", "application/json")
            .body(r#"{"ufunguo": "${MALIPO_API_KEY}", "kiasi": 150}"#),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::PlaceholderCredentials), "{e}");
}

#[tokio::test]
async fn a_fifth_round_of_structure_and_words() {
    let c = client_with(AuthExplainMiddleware::builder());
    // A request-signing scheme's bare hash in Authorization, beside the time it signs.
    let server = respond(
        401,
        "text/html; charset=UTF-8",
        "The hash in the Authorization header doesn't match up.  Please check your hash compute code",
    )
    .await;
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        .to_string();
    let resp = c
        .get(format!("{}/api/1.0/search/byterm?q=js", server.uri()))
        .header("x-auth-date", stamp.as_str())
        .header("x-auth-key", "FAKESECRETPIKEYUJ5XQ8WZ")
        .header(
            "authorization",
            "FAKESECRET9c1e4b7a2d5f8c3e6b9a1d4f7c2e5b8a",
        )
        .send()
        .await
        .unwrap();
    let e = resp.auth_explanation().expect("explained").clone();
    assert_eq!(e.cause(), Some(Cause::SignatureMismatch), "{e}");
    assert_hidden(
        &e,
        &[
            "FAKESECRETPIKEYUJ5XQ8WZ",
            "FAKESECRET9c1e4b7a2d5f8c3e6b9a1d4f7c2e5b8a",
        ],
    );
    // A key's readable prefix stays readable in the crate's own sentences.
    let server = respond(
        401,
        "application/json",
        r#"{"errors":[{"title":"Must be authenticated to access this endpoint"}]}"#,
    )
    .await;
    let e = explained(
        c.get(format!("{}/api/v1/inquiries", server.uri()))
            .header("authorization", "persona_sandbox_FAKESECRET5e0c1a7b92d4"),
    )
    .await;
    assert_ne!(e.cause(), Some(Cause::WrongEnvironment), "{e}");
    assert!(!e.to_string().contains("[REDACTED] key"), "{e}");
    assert_hidden(&e, &["FAKESECRET5e0c1a7b92d4"]);
    // The parameter that carries the key, not found.
    let server = respond(
        200,
        "application/json; charset=utf-8",
        r#"{"status":"ERROR","status_code":"BP-SA-1","status_message":"Parameter integration_key not found"}"#,
    )
    .await;
    let e = explained(
        c.post(format!("{}/ws/direct", server.uri()))
            .header("content-type", "application/json")
            .body(r#"{"integrationKey":"test_ik_FAKESECRET3n8Qd0aZ","operation":"request"}"#),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    assert_ne!(
        e.confidence(),
        Some(reqwest_auth_explain::Confidence::High),
        "{e}"
    );
    // A per-minute limit named a quota is a rate.
    let server = respond(
        429,
        "application/json",
        r#"{"message":"Requests per minute limit exceeded - too many requests sent.","type":"too_many_requests_error","param":"quota","code":"request_quota_exceeded"}"#,
    )
    .await;
    let resp = c
        .post(format!("{}/v1/chat/completions", server.uri()))
        .bearer_auth("csk-FAKESECRETq7w8e9r0t1y2u3i4o5p6")
        .send()
        .await
        .unwrap();
    assert_eq!(
        resp.auth_explanation().expect("explained").cause(),
        Some(Cause::RateLimited)
    );
    // A redirect to the sign-in page of a request whose only cookie is a CSRF token.
    let c = client_without_redirects(AuthExplainMiddleware::builder());
    let server = respond_with(
        302,
        "text/html; charset=utf-8",
        "",
        &[("location", "/admin/login/?next=/admin/orders/")],
    )
    .await;
    let resp = c
        .get(format!("{}/admin/orders/", server.uri()))
        .header("cookie", "csrftoken=FAKESECRETcsrfJq3tV8mN1xR6wP0z")
        .send()
        .await
        .unwrap();
    assert_eq!(
        resp.auth_explanation().expect("explained").cause(),
        Some(Cause::MissingCredentials)
    );
}

#[tokio::test]
async fn a_498_is_the_tokens_own_status() {
    let c = client_with(AuthExplainMiddleware::builder());
    let server = respond(
        498,
        "application/json",
        r#"{"error":{"code":498,"message":"invalid or expired token"}}"#,
    )
    .await;
    let e = explained(
        c.get(format!("{}/web/devices", server.uri()))
            .header("authorization", "FAKESECRETcieloAccessToken5e4d3c2b1a"),
    )
    .await;
    assert_eq!(e.status(), Some(498));
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &["FAKESECRETcieloAccessToken5e4d3c2b1a"]);
    // The same words in a 400 speak of a token of the payload, unread.
    let server = respond(
        400,
        "application/json",
        r#"{"error":{"code":400,"message":"invalid or expired token"}}"#,
    )
    .await;
    let resp = c
        .get(format!("{}/web/devices", server.uri()))
        .header("authorization", "FAKESECRETcieloAccessToken5e4d3c2b1a")
        .send()
        .await
        .unwrap();
    assert!(resp.auth_explanation().is_none());
}

/// A JWT with the given claims, signed with a marker (never verified).
fn jwt_with(claims: &str) -> String {
    use base64::Engine;
    let b64 = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
    format!(
        "{}.{}.FAKESECRETsig0123456789",
        b64(r#"{"alg":"RS256","typ":"JWT"}"#),
        b64(claims)
    )
}

#[tokio::test]
async fn a_sixth_round_of_structure() {
    let c = client_with(AuthExplainMiddleware::builder());
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();

    // A registry challenge asks for `push`; the token's `access` claim holds only `pull`.
    let token = jwt_with(&format!(
        r#"{{"sub":"svc","exp":{},"access":[{{"type":"repository","name":"platform","actions":["pull"]}}]}}"#,
        now + 600
    ));
    let challenge = r#"Bearer realm="https://auth.example.test/token",service="charts",scope="repository:platform:push""#;
    let server = respond_with(
        401,
        "application/json",
        r#"{"error":"unauthorized"}"#,
        &[("www-authenticate", challenge)],
    )
    .await;
    let e = explained(
        c.post(format!("{}/api/platform/charts", server.uri()))
            .bearer_auth(&token),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InsufficientScope), "{e}");
    assert_eq!(e.required_scopes(), ["repository:platform:push"]);
    assert_hidden(&e, &[&token, "FAKESECRETsig"]);
    // The same challenge to a token that holds the scope says nothing of scopes.
    let holder = jwt_with(&format!(
        r#"{{"exp":{},"access":[{{"type":"repository","name":"platform","actions":["pull","push"]}}]}}"#,
        now + 600
    ));
    let e = explained(
        c.post(format!("{}/api/platform/charts", server.uri()))
            .bearer_auth(&holder),
    )
    .await;
    assert_ne!(e.cause(), Some(Cause::InsufficientScope), "{e}");

    // An `exp` written in milliseconds and past: the token expired, it was not revoked.
    let ms = jwt_with(&format!(r#"{{"exp":{}}}"#, (now - 600) * 1000));
    let server = respond(
        401,
        "application/json",
        r#"{"code":"TOKEN_TIME_OUT","message":"Token expired, get new token by POST /login"}"#,
    )
    .await;
    let e = explained(
        c.get(format!("{}/api/v5/clients", server.uri()))
            .bearer_auth(&ms),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::ExpiredCredentials), "{e}");

    // Basic `Og==` is `:` alone: nothing was sent.
    let server = respond(
        401,
        "application/json",
        r#"{"message":"API token invalid"}"#,
    )
    .await;
    let e = explained(
        c.post(format!("{}/api/v2/oauth/token", server.uri()))
            .header("authorization", "Basic Og=="),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    assert!(
        e.findings().iter().any(|f| f.code == "empty_credential"),
        "{e}"
    );

    // A Laravel 419: the CSRF cookie went, the header that echoes it did not.
    const XSRF: &str = "eyJpdiI6IkZBS0VTRUNSRVRpdiIsInZhbHVlIjoiRkFLRVNFQ1JFVHZhbCJ9";
    let server = respond(
        419,
        "application/json",
        r#"{"message":"CSRF token mismatch."}"#,
    )
    .await;
    let e = explained(
        c.post(format!("{}/1/common/items", server.uri()))
            .header("cookie", format!("XSRF-TOKEN={XSRF}"))
            .header("content-type", "application/json")
            .body(r#"{"name":"Consulting hour"}"#),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    assert_hidden(&e, &[XSRF]);

    // A 2xx envelope to a request whose JWT pre-flight found expired is read.
    let expired = jwt_with(&format!(r#"{{"exp":{}}}"#, now - 86_400));
    let server = respond(
        200,
        "application/json",
        r#"{"status":"error","msg":"Access token has expired","data":null}"#,
    )
    .await;
    let e = explained(
        c.get(format!("{}/api/get-account", server.uri()))
            .bearer_auth(&expired),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::ExpiredCredentials), "{e}");
    assert_hidden(&e, &[&expired]);
    // A clean request's 2xx is read while its key has not worked at the endpoint: "expired"
    // of a token whose own claims say it is alive at the server's time was ended early.
    let fresh = jwt_with(&format!(r#"{{"exp":{}}}"#, now + 3_600));
    let e = explained(
        c.get(format!("{}/api/get-account", server.uri()))
            .bearer_auth(&fresh),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::RevokedCredentials), "{e}");
    assert_ne!(e.confidence(), Some(Confidence::High), "{e}");
    assert_hidden(&e, &[&fresh]);

    // A 407 from the server itself (no Proxy-Authenticate, no proxy in sight) whose words
    // name an address rule is that rule, not a proxy's.
    let server = respond(
        407,
        "application/json",
        r#"{"return":{"status":407,"message":"Your IP address is not whitelisted for this method"}}"#,
    )
    .await;
    let e = explained(c.post(format!(
        "{}/v1/FAKESECRET2890C1C5ABDD86D7E91236FACCA98AF9EF/sms/selectoutbox.json",
        server.uri()
    )))
    .await;
    assert_eq!(e.cause(), Some(Cause::IpRestricted), "{e}");
    // The key in the path, a long run of capitals and digits, is hidden.
    assert_hidden(&e, &["FAKESECRET2890C1C5"]);
}

#[tokio::test]
async fn a_credential_cut_at_an_unencoded_ampersand() {
    let c = client_with(AuthExplainMiddleware::builder());
    let server = respond(
        403,
        "application/xml",
        "<response status='error' code='403'><result><msg>Invalid Credential</msg></result></response>",
    )
    .await;
    let e = explained(c.get(format!(
        "{}/api/?type=keygen&user=admin&password=Wq7t&Rz@FAKESECRET2vLp9x",
        server.uri()
    )))
    .await;
    assert_eq!(e.cause(), Some(Cause::MalformedCredentials), "{e}");
    assert!(
        e.findings()
            .iter()
            .any(|f| f.code == "unencoded_ampersand" && f.location.to_string() == "query:password"),
        "{e}"
    );
    // Neither part of the password is shown, in the URL or anywhere else.
    assert_hidden(&e, &["Rz@FAKESECRET2vLp9x", "FAKESECRET2vLp9x"]);
    assert!(e.to_string().contains("password=REDACTED&REDACTED"), "{e}");

    // A JWT cut short in the query: a header and a payload, no signature.
    let server = respond(
        400,
        "application/json",
        r#"{"error":"ApiToken tidak dapat dinyahkod"}"#,
    )
    .await;
    let e = explained(c.get(format!(
        "{}/api/v1/submissions?apiToken=eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.WyJGQUtFU0VDUkVUOGEyZDZmMWM5ZTRiN2EzZDVjMGUiXQ",
        server.uri()
    )))
    .await;
    assert_eq!(e.cause(), Some(Cause::MalformedCredentials), "{e}");
    assert!(
        e.findings().iter().any(|f| f.code == "jwt_truncated"),
        "{e}"
    );
    assert_hidden(&e, &["WyJGQUtFU0VDUkVU"]);
}

#[tokio::test]
async fn a_seventh_round_of_structure() {
    let c = client_with(AuthExplainMiddleware::builder());

    // A sign-in refused with an error keyed by its identifier, in a language not read.
    let server = respond(
        422,
        "application/json",
        r#"{"message":"यी प्रमाणहरू हाम्रो रेकर्ड संग मेल खादैनन्।","errors":{"email":["यी प्रमाणहरू हाम्रो रेकर्ड संग मेल खादैनन्।"]}}"#,
    )
    .await;
    let e = explained(
        c.post(format!("{}/login", server.uri()))
            .header("content-type", "application/json")
            .body(r#"{"email":"sita@example.test","password":"FAKESECRET-Sahakari#2026"}"#),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &["FAKESECRET-Sahakari"]);
    // The same error on a field of a form that is no sign-in is the form's validation.
    let resp = c
        .post(format!("{}/profile", server.uri()))
        .header("content-type", "application/json")
        .body(r#"{"email":"not-an-address","name":"Sita"}"#)
        .send()
        .await
        .unwrap();
    assert!(
        resp.auth_explanation().is_none(),
        "{}",
        resp.auth_explanation().unwrap()
    );

    // A token endpoint's invalid_request whose description calls the refresh token invalid.
    let server = respond(
        400,
        "application/json",
        r#"{"error":"invalid_request","error_description":"The refresh_token is invalid.","status":"error"}"#,
    )
    .await;
    let e = explained(
        c.post(format!("{}/oauth2/token", server.uri()))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("grant_type=refresh_token&client_id=1&client_secret=FAKESECRETcs0123456789&refresh_token=FAKESECRETrt0123456789"),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &["FAKESECRETcs0123456789", "FAKESECRETrt0123456789"]);

    // An XML-RPC answer `[false, "User couldn't be authenticated", 256]` in a 200, to a call
    // whose session string travels in its (unread) XML body.
    let server = respond(
        200,
        "text/xml",
        "<?xml version=\"1.0\"?><methodResponse><params><param><value><array><data><value><boolean>0</boolean></value><value><string>[one.vmpool.info] User couldn't be authenticated, aborting call.</string></value><value><i4>256</i4></value></data></array></value></param></params></methodResponse>",
    )
    .await;
    let e = explained(
        c.post(format!("{}/RPC2", server.uri()))
            .header("content-type", "text/xml")
            .body("<?xml version=\"1.0\"?><methodCall><methodName>one.vmpool.info</methodName><params><param><value><string>ci:FAKESECRET-one-Pw</string></value></param></params></methodCall>"),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &["FAKESECRET-one-Pw"]);

    // A GET that shows no credential, judged "invalid token": the server received none.
    let server = respond(
        401,
        "application/json",
        r#"{"status_txt":"INVALID_API_TOKEN","data":null,"status_code":401}"#,
    )
    .await;
    let e = explained(c.get(format!("{}/dining?limit=1", server.uri()))).await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    assert_eq!(
        e.confidence(),
        Some(reqwest_auth_explain::Confidence::Medium)
    );
    // A product's own token header (`X-ChatWorkToken`) is a credential.
    let e = explained(
        c.get(format!("{}/v2/rooms", server.uri()))
            .header("x-chatworktoken", "FAKESECRETcw0123456789abcdef"),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &["FAKESECRETcw0123456789abcdef"]);

    // A session id left as a shell variable in a JSON body is a placeholder.
    let server = respond(
        200,
        "application/json",
        r#"{"code":"remote_fault","message":"The Session is expired or does not exist.","response":false}"#,
    )
    .await;
    let e = explained(
        c.post(format!(
            "{}/remote/json.php?dns_rr_get_all_by_zone",
            server.uri()
        ))
        .header("content-type", "application/json")
        .body(r#"{"session_id":"${ISPCONFIG_SESSION_ID}","zone_id":14}"#),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::PlaceholderCredentials), "{e}");
}

#[tokio::test]
async fn codes_run_together_a_token_ahead_of_the_server_and_a_lone_signature() {
    let c = client_with(AuthExplainMiddleware::builder());
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let date = httpdate::fmt_http_date(std::time::SystemTime::now());

    // "not yet valid" to a JWT issued 47 s after the server's clock: the clocks disagree.
    let token = jwt_with(&format!(
        r#"{{"sub":"svc","iat":{0},"nbf":{0},"exp":{1}}}"#,
        now + 47,
        now + 3_600
    ));
    let server = respond_with(
        401,
        "application/json",
        r#"{"error":"invalid_token","error_description":"The access token is not yet valid"}"#,
        &[
            (
                "www-authenticate",
                r#"Bearer realm="api", error="invalid_token", error_description="The access token is not yet valid""#,
            ),
            ("date", &date),
        ],
    )
    .await;
    let e = explained(
        c.get(format!("{}/v1/vehicles", server.uri()))
            .bearer_auth(&token),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::ClockSkew), "{e}");

    // A code run together (`"sessionexpired"`) is read as its words.
    let server = respond(401, "application/json", r#""sessionexpired""#).await;
    let e = explained(
        c.get(format!("{}/v1/self", server.uri()))
            .bearer_auth("FAKESECRETsessionToken0123456789"),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::ExpiredCredentials), "{e}");

    // A request whose only credential is its HTTP signature, refused without reasons.
    let server = respond(401, "application/json", r#"{"error":"Unauthorized"}"#).await;
    let e = explained(
        c.post(format!("{}/users/maria/inbox", server.uri()))
            .header("date", &date)
            .header("digest", "SHA-256=JPANCGie3VZ/2Sw2UDe/SxUxYg9yHIzThMaR8EQYByk=")
            .header(
                "signature",
                r#"keyId="https://relay.example/users/bot#main-key",algorithm="rsa-sha256",headers="(request-target) host date digest",signature="FAKESECRETsig0123456789abcdef""#,
            )
            .body("{}"),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::SignatureMismatch), "{e}");
    assert_hidden(&e, &["FAKESECRETsig0123456789abcdef"]);

    // An account type the API is not open to is a plan.
    let server = respond(
        403,
        "application/json",
        r#"{"error":{"statuscode":403,"statusdesc":"Forbidden","errormessage":"Not permitted for account type."}}"#,
    )
    .await;
    let e = explained(
        c.get(format!("{}/api/2.1/checks", server.uri()))
            .basic_auth("ops@example.test", Some("FAKESECRETpw")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::PlanRestricted), "{e}");
}

#[tokio::test]
async fn an_eighth_round_of_structure() {
    let c = client_with(AuthExplainMiddleware::builder());

    // A credential header with underscores, which proxies may drop, is pointed out; whether
    // it arrived, the server's answer tells.
    let server = respond(
        401,
        "application/json",
        r#"{"errors":["You need to sign in or sign up before continuing."]}"#,
    )
    .await;
    let e = explained(
        c.get(format!("{}/api/v1/accounts/3/conversations", server.uri()))
            .header("api_access_token", "FAKESECRETcw_Gx7Pq2Vz9Lm4Rt"),
    )
    .await;
    assert!(
        e.findings().iter().any(|f| f.code == "underscore_header"),
        "{e}"
    );
    assert_hidden(&e, &["FAKESECRETcw_Gx7Pq2Vz9Lm4Rt"]);
    // The same header judged by the server arrived.
    let server = respond(401, "application/json", r#"{"error":"Invalid API token"}"#).await;
    let e = explained(
        c.get(format!("{}/api/v1/accounts/3/conversations", server.uri()))
            .header("api_access_token", "FAKESECRETcw_Gx7Pq2Vz9Lm4Rt"),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");

    // A chat completion that speaks of 401s, to a request keyed in its header, is a result.
    let server = respond(
        200,
        "application/json",
        r#"{"id":"c1","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"A 401 invalid_api_key means the key was revoked or belongs to another environment."}}]}"#,
    )
    .await;
    let resp = c
        .post(format!("{}/v1/openai/chat/completions", server.uri()))
        .bearer_auth("FAKESECRETdi_Q2w8ErTy5UiOp3AsDf")
        .header("content-type", "application/json")
        .body(r#"{"model":"m","messages":[{"role":"user","content":"what is a 401?"}]}"#)
        .send()
        .await
        .unwrap();
    assert!(resp.auth_explanation().is_none());

    // A sign-in refused with a framework's default Bearer challenge: the password was read.
    let server = respond_with(
        401,
        "application/json",
        r#"{"code":401,"message":"Neteisingi duomenys."}"#,
        &[("www-authenticate", "Bearer")],
    )
    .await;
    let e = explained(
        c.post(format!(
            "{}/api/v2/admin/administrators/token",
            server.uri()
        ))
        .header("content-type", "application/json")
        .body(r#"{"email":"a@example.test","password":"FAKESECRET-Vilnius-2026"}"#),
    )
    .await;
    assert_ne!(e.cause(), Some(Cause::MissingCredentials), "{e}");

    // A query signature beside a fractional request time signs the request.
    let server = respond(
        400,
        "application/json",
        r#"{"status":"error","code":400,"message":"Invalid Request Signature parameter (request_sig)"}"#,
    )
    .await;
    let e = explained(
        c.get(format!(
            "{}/api.json/0.2/track/getFileUrl?request_ts=1796289246.6245089&request_sig=FAKESECRET0c7343c23f00fc7dd7647&track_id=1",
            server.uri()
        ))
        .header("x-user-auth-token", "FAKESECRET-uat-Lx8Qw2Zr5Tn7Yb3Vk"),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::SignatureMismatch), "{e}");
    assert_hidden(&e, &["FAKESECRET0c7343c23f00fc7dd7647", "FAKESECRET-uat"]);

    // A user name in the query is hidden.
    let server = respond(
        401,
        "application/json",
        r#"{"status":{"message":"user account not enabled to use the free webservice.","value":10}}"#,
    )
    .await;
    let e = explained(c.get(format!(
        "{}/findNearbyPlaceNameJSON?lat=47.3&lng=9&username=acme_FAKESECRET_geotagger",
        server.uri()
    )))
    .await;
    assert_hidden(&e, &["acme_FAKESECRET_geotagger"]);
}

#[tokio::test]
async fn a_redirect_to_another_origin_would_drop_the_credential() {
    // A client that does not follow redirects gets the 301 itself; the API's host name is
    // kept, resolved to the loopback server.
    let server = respond_with(
        301,
        "text/html",
        "<html><head><title>301 Moved Permanently</title></head></html>",
        &[(
            "location",
            "https://www.peeringdb.example/api/net?asn=64500&key=FAKESECRETloc0123456789",
        )],
    )
    .await;
    let c = {
        let inner = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .resolve("peeringdb.example", *server.address())
            .build()
            .expect("a client");
        reqwest_middleware::ClientBuilder::new(inner)
            .with(AuthExplainMiddleware::builder().build())
            .build()
    };
    let port = server.address().port();
    let e = explained(
        c.get(format!("http://peeringdb.example:{port}/api/net?asn=64500"))
            .header("authorization", "Api-Key FAKESECRETpdb0123456789"),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::CredentialsDroppedOnRedirect), "{e}");
    assert_eq!(e.status(), Some(301));
    assert_hidden(&e, &["FAKESECRETpdb0123456789", "FAKESECRETloc0123456789"]);
    // The same redirect on its own origin, or to a request keyed in its own header, keeps
    // the credential: nothing to explain.
    let server = respond_with(301, "text/html", "", &[("location", "/api/net/")]).await;
    let resp = c
        .get(format!("{}/api/net", server.uri()))
        .header("authorization", "Api-Key FAKESECRETpdb0123456789")
        .send()
        .await
        .unwrap();
    assert!(resp.auth_explanation().is_none());
    let server = respond_with(
        302,
        "text/html",
        "",
        &[("location", "https://cdn.example/file.csv")],
    )
    .await;
    let resp = c
        .get(format!("{}/export", server.uri()))
        .header("x-api-key", "FAKESECRETkey0123456789")
        .send()
        .await
        .unwrap();
    assert!(resp.auth_explanation().is_none());
    // A move to another site (a private index falling back to the public one, a storage
    // service's signed URL) is meant to go without the credential.
    let server = respond_with(
        302,
        "text/html",
        "",
        &[("location", "https://pypi.org/simple/requests/")],
    )
    .await;
    let resp = c
        .get(format!("{}/simple/requests/", server.uri()))
        .basic_auth("dev", Some("FAKESECRET-ppc"))
        .send()
        .await
        .unwrap();
    assert!(resp.auth_explanation().is_none());
}

#[tokio::test]
async fn work_done_is_no_failure_and_an_address_refused_comes_first() {
    let c = client_with(AuthExplainMiddleware::builder());
    // A ticket created whose title is full of auth words: 201 reports work done.
    let server = respond(
        201,
        "application/json",
        r#"{"id":8812,"title":"403 Forbidden / 401 Unauthorized: VPN password expired, session token rejected"}"#,
    )
    .await;
    let resp = c
        .post(format!("{}/api/v1/tickets", server.uri()))
        .header("authorization", "Token token=FAKESECRETzmd_4Hk9pQ2rT")
        .header("content-type", "application/json")
        .body(r#"{"title":"403 Forbidden / 401 Unauthorized: VPN password expired"}"#)
        .send()
        .await
        .unwrap();
    assert!(resp.auth_explanation().is_none());

    // "IP unauthorized" to a request without any credential: the address, not a missing key.
    let server = respond(
        401,
        "application/json",
        r#"{"status": false, "error": "IP unauthorized"}"#,
    )
    .await;
    let e = explained(c.get(format!("{}/index.php/api/example/users", server.uri()))).await;
    assert_eq!(e.cause(), Some(Cause::IpRestricted), "{e}");
}

#[tokio::test]
async fn a_signed_links_digest_is_hidden_and_its_end_explains_a_410() {
    // nginx `secure_link`: the link's keyed hash in `?md5=`, never printed.
    const MD5: &str = "FAKESECRETx9Qw2LmZpT4v";
    let c = client_with(AuthExplainMiddleware::builder());
    let server = respond(
        403,
        "text/html",
        "<html><body><h1>403 Forbidden</h1></body></html>",
    )
    .await;
    let e = explained(c.get(format!(
        "{}/files/report.pdf?md5={MD5}&expires=1924992000",
        server.uri()
    )))
    .await;
    assert_hidden(&e, &[MD5]);
    assert!(
        e.to_json()["url"]
            .as_str()
            .unwrap()
            .contains("md5=REDACTED"),
        "{e}"
    );
    // `?content_md5=` describes a payload: shown.
    let e = explained(c.get(format!("{}/up?content_md5=3q2-7w", server.uri()))).await;
    assert!(
        e.to_json()["url"].as_str().unwrap().contains("3q2-7w"),
        "{e}"
    );

    // 410 Gone to a token past its `exp`: the token's end, probably.
    const JWT: &str = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSIsImV4cCI6MTc5NjI5MjMwMH0.FAKESECRETsig0123456789abcdefghij";
    let server = respond(
        410,
        "text/html",
        "<h1>410 Gone</h1><p>That&apos;s all I know.</p>",
    )
    .await;
    let resp = c
        .put(format!("{}/file_share/slot1/plan.pdf", server.uri()))
        .bearer_auth(JWT)
        .body("x")
        .send()
        .await
        .unwrap();
    let e = resp.auth_explanation().expect("explained").clone();
    assert_eq!(e.cause(), Some(Cause::ExpiredCredentials), "{e}");
    assert_eq!(
        e.confidence(),
        Some(reqwest_auth_explain::Confidence::Medium)
    );
    assert_hidden(&e, &[JWT, "FAKESECRETsig"]);
    // A 410 to a request nothing flagged is a resource gone.
    let resp = c
        .get(format!("{}/v1/old", server.uri()))
        .bearer_auth("FAKESECRETvalid0123456789")
        .send()
        .await
        .unwrap();
    assert!(resp.auth_explanation().is_none());
}

#[tokio::test]
async fn a_shared_access_signature_hides_its_signature_not_its_resource() {
    const SIG: &str = "Rb7Kq1FAKESECRETz3Mv8Xc2Wn5Lp0Hs9Gd4Ft6Ya%3D";
    let c = client_with(AuthExplainMiddleware::builder());
    let body = "<Error><Code>401</Code><Detail>Unauthorized access. 'Listen' claim(s) are required to perform this operation. Resource: 'sb://orders-ns.example.net/orders'.</Detail></Error>";
    let server = respond(401, "application/xml", body).await;
    let e = explained(
        c.post(format!("{}/orders/messages/head", server.uri()))
            .header(
                "authorization",
                format!(
                    "SharedAccessSignature sr=https%3A%2F%2Forders-ns.example.net%2Forders&sig={SIG}&se=1924992000&skn=SendPolicy"
                ),
            ),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InsufficientScope), "{e}");
    assert_hidden(&e, &[SIG, "Rb7Kq1FAKESECRET"]);
    // The resource's words stay readable, in the URL and in what the server said.
    let shown = e.to_string();
    assert!(shown.contains("/orders/messages/head"), "{shown}");
    assert!(shown.contains("orders-ns.example.net/orders"), "{shown}");
}

#[tokio::test]
async fn a_sign_in_sent_back_to_its_page_was_refused() {
    const PASSWORD: &str = "FAKESECRETcarolPwX";
    let c = client_without_redirects(AuthExplainMiddleware::builder());
    let server = respond_with(
        302,
        "text/html",
        "",
        &[("location", "/login.html?failed=1")],
    )
    .await;
    let resp = c
        .post(format!("{}/dologin.html", server.uri()))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("httpd_username=carol&httpd_password={PASSWORD}"))
        .send()
        .await
        .unwrap();
    let e = resp.auth_explanation().expect("explained").clone();
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &[PASSWORD]);
}

#[tokio::test]
async fn words_that_name_the_request_credential_decide_a_graphql_error_of_another_code() {
    const TOKEN: &str = "FAKESECRETgql0123456789abcdef";
    let c = client_with(AuthExplainMiddleware::builder());
    let body = r#"{"errors":[{"message":"Malformed Authorization header","extensions":{"path":"$","code":"invalid-headers"}}]}"#;
    let server = respond(200, "application/json", body).await;
    let resp = c
        .post(format!("{}/v1/graphql", server.uri()))
        .header("authorization", format!("Bearer Bearer {TOKEN}"))
        .header("content-type", "application/json")
        .body(r#"{"query":"query { me { id } }"}"#)
        .send()
        .await
        .unwrap();
    let e = resp.auth_explanation().expect("explained").clone();
    assert_eq!(e.cause(), Some(Cause::MalformedCredentials), "{e}");
    assert_hidden(&e, &[TOKEN]);
    assert_eq!(resp.text().await.unwrap(), body);
    // A GraphQL error of the payload, with a code of its own, is no auth failure.
    let body = r#"{"errors":[{"message":"Cannot query field \"nme\" on type \"User\".","extensions":{"code":"validation-failed"}}]}"#;
    let server = respond(200, "application/json", body).await;
    let resp = c
        .post(format!("{}/v1/graphql", server.uri()))
        .bearer_auth(TOKEN)
        .header("content-type", "application/json")
        .body(r#"{"query":"query { me { nme } }"}"#)
        .send()
        .await
        .unwrap();
    assert!(resp.auth_explanation().is_none());
}

#[tokio::test]
async fn a_request_for_the_authorization_that_was_sent_refuses_it() {
    let c = client_with(AuthExplainMiddleware::builder());
    let body = r#"{"name":"AuthorizationRequiredError","message":"Authorization is required for request on GET /api/v1/invoices"}"#;
    let server = respond(401, "application/json", body).await;
    let e = explained(
        c.get(format!("{}/api/v1/invoices", server.uri()))
            .bearer_auth("FAKESECRETviewer7f3b"),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    // Without any credential, the same words say it is missing.
    let e = explained(c.get(format!("{}/api/v1/invoices", server.uri()))).await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    // Words that ask for another scheme than the one sent name that scheme.
    let body = r#"{"Description":"Authorization header was not present or 'Bearer' was missing.","Error":"invalid_request","Uri":""}"#;
    let server = respond(401, "application/json", body).await;
    let e = explained(
        c.get(format!("{}/api/ui/router/v1/", server.uri()))
            .basic_auth("p21api", Some("FAKESECRETp21Pass!")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::WrongScheme), "{e}");
    assert_hidden(&e, &["FAKESECRETp21Pass!"]);
}

#[tokio::test]
async fn an_invalid_ip_address_in_a_lookup_is_the_lookups_own() {
    let c = client_with(AuthExplainMiddleware::builder());
    let server = respond(
        400,
        "application/json",
        r#"{"error": "Invalid IP address"}"#,
    )
    .await;
    let resp = c
        .get(format!(
            "{}/api/lookup/203.0.113.7,%2010.0.0.12?apikey=FAKESECRETipl0c8e3a9d",
            server.uri()
        ))
        .send()
        .await
        .unwrap();
    assert!(
        resp.auth_explanation()
            .is_none_or(|e| e.cause() != Some(Cause::IpRestricted)),
        "{:?}",
        resp.auth_explanation()
    );
    // The same words to a request that names no address are the caller's address.
    let server = respond(
        403,
        "application/json",
        r#"{"error": "Invalid IP address"}"#,
    )
    .await;
    let e = explained(c.get(format!(
        "{}/api/v1/orders?apikey=FAKESECRETipl0c8e3a9d",
        server.uri()
    )))
    .await;
    assert_eq!(e.cause(), Some(Cause::IpRestricted), "{e}");
}

#[tokio::test]
async fn a_public_clients_id_is_its_credential_and_hidden_when_echoed() {
    const CLIENT_ID: &str = "FAKESECRET8SEZWa4J1Nx";
    let c = client_with(AuthExplainMiddleware::builder());
    let body = format!(
        r#"{{"status":401,"error":"invalid_client","error_description":"Client with token {CLIENT_ID} not found","sub_status":1005}}"#
    );
    let server = respond(401, "application/json;charset=UTF-8", &body).await;
    let resp = c
        .post(format!("{}/v1/oauth2/device_authorization", server.uri()))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("client_id={CLIENT_ID}&scope=r_usr"))
        .send()
        .await
        .unwrap();
    let e = resp.auth_explanation().expect("explained").clone();
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert!(e.credential().is_some(), "{e}");
    assert_hidden(&e, &[CLIENT_ID]);
    assert_eq!(resp.text().await.unwrap(), body);
    // Beside a client secret, the id is the client's name, and the secret its credential.
    const SECRET: &str = "FAKESECRETcs0123456789";
    let server = respond(
        401,
        "application/json",
        r#"{"error":"invalid_client","error_description":"Client authentication failed"}"#,
    )
    .await;
    let e = explained(
        c.post(format!("{}/oauth/token", server.uri()))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!(
                "grant_type=client_credentials&client_id=app0123456789&client_secret={SECRET}"
            )),
    )
    .await;
    assert_eq!(
        e.credential().map(|c| c.location.to_string()),
        Some("body:client_secret".to_owned()),
        "{e}"
    );
    assert_hidden(&e, &[SECRET]);
}

#[tokio::test]
async fn a_pasted_env_line_or_quotes_in_a_key_are_its_form() {
    const KEY: &str = "3841FAKESECRET2709";
    let c = client_with(AuthExplainMiddleware::builder());
    // A `.env` line pasted whole into the body's key, refused with a 403 in Portuguese.
    let server = respond(
        403,
        "application/json",
        r#"{"faultstring":"A chave de acesso não está preenchida ou não é válida.","faultcode":"SOAP-ENV:Server"}"#,
    )
    .await;
    let e = explained(
        c.post(format!("{}/api/v1/geral/clientes/", server.uri()))
            .header("content-type", "application/json")
            .body(format!(
                r#"{{"call":"ListarClientes","app_key":"OMIE_APP_KEY={KEY}","app_secret":"FAKESECRETa91c4e7b2d8f0635"}}"#
            )),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::MalformedCredentials), "{e}");
    assert!(
        e.findings().iter().any(|f| f.code == "env_assignment"),
        "{e}"
    );
    assert_hidden(&e, &[KEY, "OMIE_APP_KEY=3841"]);
    // The same in a header, and quotes around a key in a header known only by its words.
    let server = respond(
        403,
        "application/json",
        r#"{"code":"permission_denied","error":true,"message":"Invalid app_token specified"}"#,
    )
    .await;
    let e = explained(
        c.get(format!("{}/resource/erm2-nwe9.json", server.uri()))
            .header("x-app-token", format!("\"{KEY}\"")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::MalformedCredentials), "{e}");
    assert!(e.findings().iter().any(|f| f.code == "quoted_token"), "{e}");
    assert_hidden(&e, &[KEY]);
    let e = explained(
        c.get(format!("{}/resource/erm2-nwe9.json", server.uri()))
            .header("x-api-key", format!("API_KEY={KEY}")),
    )
    .await;
    assert!(
        e.findings().iter().any(|f| f.code == "env_assignment"),
        "{e}"
    );
    assert_hidden(&e, &[KEY]);
    // A key the server refuses by name, sent well formed: invalid, whatever the category.
    let e = explained(
        c.get(format!("{}/resource/erm2-nwe9.json", server.uri()))
            .header("x-app-token", KEY),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
}

#[tokio::test]
async fn a_signed_link_expires_and_a_call_signed_in_its_query_is_late() {
    let c = client_with(AuthExplainMiddleware::builder());
    let server = respond_with(
        403,
        "text/html",
        "<html><head><title>403 Forbidden</title></head><body><h1>403 Forbidden</h1></body></html>",
        &[(
            "x-tengine-error",
            "denied by req auth: expired timestamp=1795838400",
        )],
    )
    .await;
    const SIG: &str = "FAKESECRETe3b0c44298fc1c149afbf4c8";
    let e = explained(c.get(format!(
        "{}/video/teaser.mp4?auth_key=1795838400-0-0-{SIG}",
        server.uri()
    )))
    .await;
    assert_eq!(e.cause(), Some(Cause::ExpiredCredentials), "{e}");
    assert_hidden(&e, &[SIG]);
    // A call that signs its own time in the query: that time was judged (stale, since the
    // clocks agree), not a link's expiry.
    let server = respond(
        400,
        "application/json",
        r#"{"Code":"InvalidTimeStamp.Expired","Message":"Specified time stamp or date value is expired."}"#,
    )
    .await;
    let e = explained(c.get(format!(
        "{}/?AccessKeyId=LTAI5tFAKESECRETq9Rz&Action=DescribeDomains&SignatureNonce=6a1f0c2e9b&Timestamp=2024-05-20T06%3A21%3A44Z&Signature={SIG}",
        server.uri()
    )))
    .await;
    assert_eq!(e.cause(), Some(Cause::SignatureMismatch), "{e}");
}

#[tokio::test]
async fn words_of_the_challenge_a_cookie_a_nonce_and_a_keys_environment() {
    let c = client_with(AuthExplainMiddleware::builder());
    // The challenge's own sentence before the body's stock words.
    let server = respond_with(
        401,
        "application/json",
        r#"{"statusCode":401,"error":"Unauthorized","message":"Missing authentication"}"#,
        &[("www-authenticate", r#"Token error="Invalid token format""#)],
    )
    .await;
    let e = explained(
        c.put(format!("{}/api/v2/appointments/7731", server.uri()))
            .bearer_auth("eyJzdWIiOiJjbGluaWNpYW4ifQ.FAKESECRETsig"),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::MalformedCredentials), "{e}");
    // A session cookie of another name than the one asked for.
    let server = respond(
        400,
        "text/plain; charset=utf-8",
        "Missing request cookie \"sid\"",
    )
    .await;
    let e = explained(
        c.get(format!("{}/api/me", server.uri()))
            .header("cookie", "session_id=FAKESECRET-sess-a81f03"),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    assert_hidden(&e, &["FAKESECRET-sess-a81f03"]);
    // A signed request's nonce refused: the signature's replay guard.
    let server = respond(
        401,
        "application/json",
        r#"{"success":false,"error":"Nonce must be incremented"}"#,
    )
    .await;
    let e = explained(
        c.get(format!("{}/api/accounts/balance", server.uri()))
            .header("access-key", "tZ4qFAKESECRETn8Wk")
            .header("access-nonce", "1514884457")
            .header(
                "access-signature",
                "FAKESECRET0d7a2c94e61b8f35c0a9e7d2b4f6a8c1",
            ),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::SignatureMismatch), "{e}");
    // A live key used on a test object.
    let server = respond(
        401,
        "application/json",
        r#"{"message":"Live secret keys can't be used to verify a test transaction","status":"failed","data":null}"#,
    )
    .await;
    let e = explained(
        c.get(format!("{}/v1/transaction/verify/tx-42", server.uri()))
            .bearer_auth("CHASECK-FAKESECRETy7Qp3Lk9"),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::WrongEnvironment), "{e}");
    // "Authorization header required" while one was sent: that one was refused.
    let server = respond(
        401,
        "application/json",
        r#"{"detail":"Authorization header required"}"#,
    )
    .await;
    let e = explained(
        c.get(format!("{}/api/status", server.uri()))
            .bearer_auth("FAKESECRET-mrm-6620"),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
}

#[tokio::test]
async fn a_token_under_its_abbreviation_is_hidden_and_explains_its_envelope() {
    const TOKEN: &str = "418273645519283746551928";
    let c = client_with(AuthExplainMiddleware::builder());
    let body = "<FlexStatementResponse timestamp='02 December, 2026 09:14 AM EST'>\n<Status>Fail</Status>\n<ErrorCode>1012</ErrorCode>\n<ErrorMessage>Token has expired.</ErrorMessage>\n</FlexStatementResponse>\n";
    let server = respond(200, "text/xml;charset=UTF-8", body).await;
    let resp = c
        .get(format!(
            "{}/FlexWebService/SendRequest?t={TOKEN}&q=912345&v=3",
            server.uri()
        ))
        .send()
        .await
        .unwrap();
    let e = resp.auth_explanation().expect("explained").clone();
    assert_eq!(e.cause(), Some(Cause::ExpiredCredentials), "{e}");
    assert_hidden(&e, &[TOKEN]);
    assert_eq!(resp.text().await.unwrap(), body);
}

#[tokio::test]
async fn a_token_status_reads_a_token_in_the_body_and_a_plain_422_its_words() {
    let c = client_with(AuthExplainMiddleware::builder());
    let server = respond(
        498,
        "application/json",
        r#"{"message":"Token is not valid"}"#,
    )
    .await;
    let e = explained(
        c.post(format!("{}/api/v1/tokens/validate", server.uri()))
            .header("content-type", "application/json")
            .body(r#"{"authToken":"FAKESECRETopaque0123456789abcdef"}"#),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &["FAKESECRETopaque0123456789abcdef"]);
    let server = respond(422, "text/plain; charset=utf-8", "Your API key is unknown").await;
    let e = explained(
        c.post(format!(
            "{}/api/v3/projects/1/notices?key=FAKESECRETa9f3c2e18b7d4e5f0c6a",
            server.uri()
        ))
        .header("content-type", "application/json")
        .body(r#"{"errors":[]}"#),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &["FAKESECRETa9f3c2e18b7d4e5f0c6a"]);
}

#[tokio::test]
async fn a_quoted_credential_a_device_code_a_jwt_under_token_and_hindi() {
    let c = client_with(AuthExplainMiddleware::builder());
    // The server quotes the session it was given and calls it invalid.
    const KS: &str = "YTQ2ZjE4ZTBhYjc4FAKESECRETYjYzfDIzNDU2NzsyMzQ1Njc";
    let body = format!(
        r#"{{"code":"INVALID_KS","message":"Invalid KS \"{KS}\", Error \"-1,INVALID_STR\"","objectType":"KalturaAPIException"}}"#
    );
    let server = respond(200, "application/json", &body).await;
    let resp = c
        .post(format!("{}/api_v3/service/media/action/list", server.uri()))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("format=1&ks={KS}"))
        .send()
        .await
        .unwrap();
    let e = resp.auth_explanation().expect("explained").clone();
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &[KS]);
    assert_eq!(resp.text().await.unwrap(), body);
    // RFC 8628: a device code that expired before it was approved.
    let server = respond(400, "application/json", r#"{"error":"expired_token"}"#).await;
    let e = explained(
        c.post(format!("{}/oauth/device/token", server.uri()))
            .header("content-type", "application/json")
            .body(r#"{"device_code":"FAKESECRETdc0123456789","grant_type":"urn:ietf:params:oauth:grant-type:device_code"}"#),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::ExpiredCredentials), "{e}");
    // A JWT under `Token`, refused without a word.
    let server = respond(
        401,
        "application/json",
        r#"{"code":"401","message":"Unauthorized"}"#,
    )
    .await;
    let jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJkcml2ZXItNyIsImV4cCI6MTkyNDk5MjAwMH0.FAKESECRETsig0123456789";
    let e = explained(
        c.get(format!("{}/api/shipments", server.uri()))
            .header("authorization", format!("Token {jwt}")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::WrongScheme), "{e}");
    assert_hidden(&e, &["FAKESECRETsig0123456789"]);
    // Hindi with its vowel signs: "invalid token".
    let server = respond_with(
        401,
        "application/json",
        r#"{"detail":"अमान्य टोकन।"}"#,
        &[("www-authenticate", "Session")],
    )
    .await;
    let e = explained(
        c.get(format!("{}/api/v2/assets/", server.uri()))
            .header("authorization", "Token FAKESECRET0e3d6a9c2f5b8e1d4a7c0f3b"),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
}
