//! Answers read whole: a description past its first sentence, the reason slot of a servlet
//! container's stock page, an acronym's plural, a scope a token lacks beside a verdict on the
//! token, a thrown error that names the placeholder sent, an error typed as a validation, a
//! quota counted spent in the body, a rule stated on the token sent, a batch answered call by
//! call, a challenge that offers the scheme sent, S3's session-token refusal. Each output is
//! checked for the secrets the request carried.

use reqwest_auth_explain::Cause;

use crate::helpers::{assert_hidden, client, explained, handed_on, jwt, respond, respond_with};

#[tokio::test]
async fn a_descriptions_first_sentence_states_the_error() {
    // A later sentence explains a term ("tokens are not valid before this date"): the first
    // one, an expiry caused by a revocation, is the error.
    let server = respond(
        400,
        "application/json",
        r#"{"error":"invalid_grant","error_description":"AADSTS50173: The provided grant has expired due to it being revoked, a fresh auth token is needed. The grant was issued on '2021-01-05T05:09:31Z' and the TokensValidFrom date (before which tokens are not valid) for this user is '2021-01-14T06:26:06Z'."}"#,
    )
    .await;
    const REFRESH: &str = "FAKESECRETrefreshtoken0000001";
    let e = explained(
        client()
            .post(format!("{}/common/oauth2/token", server.uri()))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!(
                "grant_type=refresh_token&client_id=app&refresh_token={REFRESH}"
            )),
    )
    .await;
    assert!(
        matches!(
            e.cause(),
            Some(Cause::ExpiredCredentials | Cause::RevokedCredentials)
        ),
        "{e}"
    );
    assert_hidden(&e, &[REFRESH]);
}

#[tokio::test]
async fn a_challenge_that_refuses_the_tokens_place() {
    const TOKEN: &str = "FAKESECRETopaqueuserinfo0001";
    let server = respond_with(
        400,
        "application/json",
        r#"{"error":"invalid_request","error_description":"access tokens must not be provided via query parameter"}"#,
        &[(
            "www-authenticate",
            r#"Bearer realm="op", error="invalid_request", error_description="access tokens must not be provided via query parameter""#,
        )],
    )
    .await;
    let e = explained(client().get(format!("{}/me?access_token={TOKEN}", server.uri()))).await;
    assert_eq!(e.cause(), Some(Cause::WrongScheme), "{e}");
    assert_hidden(&e, &[TOKEN]);
}

#[tokio::test]
async fn a_servlet_containers_stock_page_carries_the_reason() {
    const SECRET: &str = "FAKESECRETvonageapisecret01";
    let page = "<html>\n<head>\n<title>Error 402 </title>\n</head>\n<body>\n<h2>HTTP ERROR: 402</h2>\n<p>Problem accessing /conversions/sms. Reason:\n<pre>    Bad Account Credentials</pre></p>\n<hr /><i><small>Powered by Jetty://</small></i>\n</body>\n</html>";
    let server = respond(402, "text/html;charset=ISO-8859-1", page).await;
    let e = explained(
        client()
            .post(format!("{}/conversions/sms", server.uri()))
            .basic_auth("key1", Some(SECRET))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("message-id=3295d748&delivered=True"),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &[SECRET]);
}

#[tokio::test]
async fn an_acronyms_plural_and_an_api_switched_off() {
    const PASSWORD: &str = "FAKESECRETpromreader01";
    let server = respond(
        500,
        "application/json",
        r#"{"status":"error","errorType":"unavailable","error":"admin APIs disabled"}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/api/v1/admin/tsdb/snapshot", server.uri()))
            .basic_auth("grafana", Some(PASSWORD)),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::EndpointNotEnabled), "{e}");
    assert_hidden(&e, &[PASSWORD]);
}

#[tokio::test]
async fn a_scope_the_token_lacks_outranks_the_verdict_on_it() {
    const TOKEN: &str = "FAKESECRETzoomaccesstoken0001";
    let server = respond(
        400,
        "application/json;charset=UTF-8",
        r#"{"code":4711,"message":"Invalid access token, does not contain scopes:[user:read:list_users:admin]."}"#,
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/v2/users", server.uri()))
            .bearer_auth(TOKEN),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InsufficientScope), "{e}");
    assert_eq!(e.required_scopes(), ["user:read:list_users:admin"]);
    assert_hidden(&e, &[TOKEN]);
}

#[tokio::test]
async fn a_thrown_error_that_names_the_placeholder_sent() {
    let page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Error</title>\n</head>\n<body>\n<pre>JsonWebTokenError: jwt malformed<br> &nbsp; &nbsp;at module.exports [as verify] (/srv/node_modules/jsonwebtoken/verify.js:70:17)</pre>\n</body>\n</html>\n";
    let server = respond_with(
        500,
        "text/html; charset=utf-8",
        page,
        &[
            ("x-powered-by", "Express"),
            ("content-security-policy", "default-src 'none'"),
        ],
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/api/projects", server.uri()))
            .header("authorization", "Bearer undefined"),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::PlaceholderCredentials), "{e}");
}

#[tokio::test]
async fn an_error_typed_as_validation_and_a_wait_after_a_colon() {
    const KEY: &str = "AQEFAKESECRETadyenApiKey0000000001";
    // A validation of the payload, whatever its words.
    let server = respond(
        422,
        "application/json",
        r#"{"status":422,"errorCode":"167","message":"Original pspReference required for this operation","errorType":"validation"}"#,
    )
    .await;
    handed_on(
        client()
            .post(format!("{}/pal/servlet/Payment/v68/capture", server.uri()))
            .header("x-api-key", KEY)
            .header("content-type", "application/json")
            .body(r#"{"merchantAccount":"FakeMerchantECOM"}"#),
    )
    .await;
    // The same type on an error about the `authorization` header is the credential's.
    let server = respond(
        422,
        "application/json; charset=utf-8",
        r#"{"errorType":"validation","message":"authorization: Failed to verify JWT.","errors":{"authorization":{"location":"headers","param":"authorization","msg":"Failed to verify JWT."}}}"#,
    )
    .await;
    let token = jwt(r#""_type":"user","id":1187,"iat":1535328000,"exp":1535414400"#);
    let e = explained(
        client()
            .get(format!("{}/api/v1/recordings", server.uri()))
            .header("authorization", format!("JWT {token}")),
    )
    .await;
    assert_hidden(&e, &[&token]);

    // "Retry after: 21 seconds."
    let server = respond(
        429,
        "application/problem+json",
        r#"{"type":"429 Too Many Requests","title":"Too Many Requests","detail":"You have exhausted your API Request Quota. Retry after: 21 seconds."}"#,
    )
    .await;
    let e = explained(client().get(format!("{}/cps/v2/enrollments", server.uri()))).await;
    assert_eq!(e.cause(), Some(Cause::RateLimited), "{e}");
    assert_eq!(e.retry_after_s(), Some(21), "{e}");
}

#[tokio::test]
async fn a_402_whose_body_counts_its_quota_spent() {
    const KEY: &str = "FAKESECRETopencage0000000000000";
    let date = httpdate::fmt_http_date(std::time::SystemTime::now());
    let reset = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        + 3_600;
    let body = format!(
        r#"{{"status":{{"code":402,"message":"OK"}},"total_results":0,"rate":{{"reset":{reset},"limit":"2500","remaining":0}},"results":[]}}"#
    );
    let server = respond_with(
        402,
        "application/json; charset=utf-8",
        &body,
        &[("date", &date)],
    )
    .await;
    let e = explained(client().get(format!(
        "{}/geocode/v1/json?q=Donostia&key={KEY}",
        server.uri()
    )))
    .await;
    assert_eq!(e.cause(), Some(Cause::RateLimited), "{e}");
    assert!(
        e.retry_after_s()
            .is_some_and(|s| (3_590..=3_600).contains(&s)),
        "{e}"
    );
    assert_hidden(&e, &[KEY]);
}

#[tokio::test]
async fn a_422_that_states_a_rule_on_the_token_sent() {
    let token = jwt(r#""sub":"FAKESECRET-user-42","type":"access","exp":1924992000"#);
    for msg in [
        "Only refresh tokens are allowed",
        "The specified alg value is not allowed",
    ] {
        let server = respond(422, "application/json", &format!(r#"{{"msg":"{msg}"}}"#)).await;
        let e = explained(
            client()
                .post(format!("{}/auth/refresh", server.uri()))
                .bearer_auth(&token),
        )
        .await;
        assert!(
            matches!(
                e.cause(),
                Some(Cause::InvalidCredentials | Cause::UnknownUnauthorized)
            ),
            "{e}"
        );
        assert_hidden(&e, &[&token]);
    }
}

#[tokio::test]
async fn a_batch_answered_call_by_call_with_207() {
    // tRPC: one call answered, one refused for its missing session.
    let server = respond(
        207,
        "application/json",
        r#"[{"result":{"data":{"status":"up"}}},{"error":{"message":"Missing session token","code":-32001,"data":{"code":"UNAUTHORIZED","httpStatus":401,"path":"me"}}}]"#,
    )
    .await;
    let e =
        explained(client().get(format!("{}/health,me?batch=1&input=%7B%7D", server.uri()))).await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
}

#[tokio::test]
async fn authorization_required_to_a_scheme_the_challenge_offers() {
    const PASSWORD: &str = "FAKESECRET-jack-pw-2025";
    let server = respond_with(
        401,
        "application/json; charset=utf-8",
        r#"{"error":"authorization required to access package @team/ui-kit"}"#,
        &[("www-authenticate", "Basic, Bearer")],
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/@team%2fui-kit", server.uri()))
            .basic_auth("jack", Some(PASSWORD)),
    )
    .await;
    assert_ne!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    assert_hidden(&e, &[PASSWORD]);
}

#[tokio::test]
async fn an_s3_session_token_it_cannot_use() {
    const SESSION: &str = "FAKESECRET-session-token-previous-run";
    let server = respond_with(
        400,
        "application/xml",
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Error><Code>InvalidToken</Code><Message>The provided token is malformed or otherwise invalid.</Message><RequestId>ejahemjMfcSuiK2a</RequestId></Error>",
        &[("x-amzn-requestid", "ejahemjMfcSuiK2a")],
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/build-artifacts/app.tar.gz", server.uri()))
            .header("x-amz-date", "20261207T194606Z")
            .header("x-amz-security-token", SESSION)
            .header(
                "authorization",
                "AWS4-HMAC-SHA256 Credential=ASIAFAKESECRETDEPLOY/20261207/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=FAKESECRET0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9",
            ),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &[SESSION]);
}

#[tokio::test]
async fn an_authorization_header_value_refused_under_a_scheme_of_its_own() {
    const KEY: &str = "FAKESECRET_apivideo_key_N3kq8Lw2";
    let server = respond(
        401,
        "application/problem+json",
        r#"{"type":"https://docs.api.video/reference/authentication-invalid-authorization-header-value","title":"The authorization header value is invalid.","status":401}"#,
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/videos", server.uri()))
            .header("authorization", format!("Token {KEY}")),
    )
    .await;
    assert!(
        matches!(
            e.cause(),
            Some(Cause::WrongScheme | Cause::MalformedCredentials)
        ),
        "{e}"
    );
    assert_hidden(&e, &[KEY]);
}

#[tokio::test]
async fn a_sign_in_of_a_user_not_verified() {
    const PASSWORD: &str = "FAKESECRET-dana-pass";
    let server = respond(
        400,
        "application/json",
        r#"{"detail":"LOGIN_USER_NOT_VERIFIED"}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/auth/jwt/login", server.uri()))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("username=dana%40example.com&password={PASSWORD}")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::AccountSuspended), "{e}");
    assert_hidden(&e, &[PASSWORD]);
}

#[tokio::test]
async fn an_inactive_recipient_named_by_address_is_no_account_state() {
    // The recipient's domain (`example.org`) names no organization of the caller's.
    let server = respond(
        422,
        "application/json; charset=utf-8",
        r#"{"ErrorCode":406,"Message":"You tried to send to recipient(s) that have been marked as inactive. Found inactive addresses: bounced@example.org. Inactive recipients are ones that have generated a hard bounce, a spam complaint, or a manual suppression."}"#,
    )
    .await;
    handed_on(
        client()
            .post(format!("{}/email", server.uri()))
            .header(
                "x-postmark-server-token",
                "FAKESECRET-postmark-server-token-2222",
            )
            .header("content-type", "application/json")
            .body(r#"{"From":"hello@example.com","To":"bounced@example.org","Subject":"Hi"}"#),
    )
    .await;
}

#[tokio::test]
async fn a_grant_that_expired_behind_a_token_still_valid() {
    // The token is valid by its own claims at the server's time; what expired is the end
    // user's agreement it stands for: an expiry, not a revoked session.
    let token =
        jwt(r#""token_type":"access","iat":1688536800,"exp":1924992000,"jti":"FAKESECRET-jti-1""#);
    let date = httpdate::fmt_http_date(std::time::SystemTime::now());
    let server = respond_with(
        400,
        "application/json",
        r#"{"summary":"End User Agreement (EUA) 1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d has expired","detail":"EUA was valid for 90 days and it expired at 2023-07-05 09:42:48.189388. The end user must connect the account once more with new EUA and Requisition","status_code":400}"#,
        &[("date", &date)],
    )
    .await;
    let e = explained(
        client()
            .get(format!(
                "{}/api/v2/accounts/7e944232/transactions/",
                server.uri()
            ))
            .bearer_auth(&token),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::ExpiredCredentials), "{e}");
    assert_hidden(&e, &[&token]);
}
