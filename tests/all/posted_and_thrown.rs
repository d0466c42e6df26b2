//! What the request posted and what the server threw: a sign-in step sent back up to its form,
//! a token library's error page to a request that carried none, an error that names a field
//! of the payload beside a key that went elsewhere; and what the words say of the rest: a
//! session ended by a timeout, an endpoint switched off for the subscription, an account
//! barred. Each output is checked for the secrets the request carried.

use reqwest_auth_explain::{AuthExplainMiddleware, Cause, ResponseExt};

use crate::helpers::{
    assert_hidden, client, client_without_redirects, explained, handed_on, respond, respond_with,
};

/// A password posted to `/login/password` and answered by a 302 to `location`: the response.
async fn sign_in_sent_to(location: &str, password: &str) -> reqwest::Response {
    let server = respond_with(
        302,
        "text/plain; charset=utf-8",
        &format!("Found. Redirecting to {location}"),
        &[("location", location), ("x-powered-by", "Express")],
    )
    .await;
    client_without_redirects(AuthExplainMiddleware::builder())
        .post(format!("{}/login/password", server.uri()))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("username=alice&password={password}"))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_sign_in_step_sent_back_up_to_its_form() {
    // passport-local's `failureRedirect`: the password posted to `/login/password` is sent
    // back to `/login`, the form above it.
    const PASSWORD: &str = "FAKESECRET-wrong-pw-4412";
    let resp = sign_in_sent_to("/login", PASSWORD).await;
    assert_eq!(resp.status(), 302);
    let e = resp.auth_explanation().expect("explained");
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(e, &[PASSWORD]);

    // On to the application: the sign-in succeeded.
    let resp = sign_in_sent_to("/app", PASSWORD).await;
    assert!(resp.auth_explanation().is_none());
}

/// Express's stock page for an error a handler threw (`finalhandler`'s headers), holding
/// `error` in its `<pre>`.
pub(crate) async fn express_error_page(error: &str) -> wiremock::MockServer {
    let page = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Error</title>\n</head>\n<body>\n<pre>{error}<br> &nbsp; &nbsp;at module.exports [as verify] (/srv/node_modules/jsonwebtoken/verify.js:60:17)<br> &nbsp; &nbsp;at /srv/server.js:46:24</pre>\n</body>\n</html>\n"
    );
    respond_with(
        500,
        "text/html; charset=utf-8",
        &page,
        &[
            ("x-powered-by", "Express"),
            ("content-security-policy", "default-src 'none'"),
        ],
    )
    .await
}

#[tokio::test]
async fn a_token_library_thrown_to_a_request_without_any() {
    // `jwt.verify(undefined)`: no credential came at all.
    let server = express_error_page("JsonWebTokenError: jwt must be provided").await;
    let e = explained(client().get(format!("{}/api/me", server.uri()))).await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");

    // The same page for an error of the payload says nothing of credentials.
    let server = express_error_page("SyntaxError: Unexpected token } in JSON at position 12").await;
    handed_on(client().get(format!("{}/api/me", server.uri()))).await;
}

#[tokio::test]
async fn an_error_that_names_a_field_of_the_payload() {
    // Mollie's 422 on a card token of the payment, the API key in `Authorization`.
    const KEY: &str = "live_FAKESECRETmollieLiveKey00000002";
    let server = respond(
        422,
        "application/hal+json",
        r#"{"status":422,"title":"Unprocessable Entity","detail":"The card token cannot be used for this payment","field":"cardToken"}"#,
    )
    .await;
    handed_on(
        client()
            .post(format!("{}/v2/payments", server.uri()))
            .bearer_auth(KEY)
            .header("content-type", "application/json")
            .body(
                r#"{"amount":{"currency":"EUR","value":"25.00"},"method":"creditcard","cardToken":"tkn_UqAvArS3gw"}"#,
            ),
    )
    .await;

    // A field the request left out of its body is not the payload's own: the key it names
    // is what is missing.
    let server = respond(
        422,
        "application/json",
        r#"{"detail":"The api key is missing","field":"apiKey"}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/v2/payments", server.uri()))
            .header("content-type", "application/json")
            .body(r#"{"amount":25}"#),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
}

#[tokio::test]
async fn a_session_timed_out_a_subscription_and_a_barred_account() {
    const KEY: &str = "FAKESECRET-rapidapi-key-0006";
    for (status, body, cause) in [
        (
            401,
            r#"{"error":"Session timed out, please sign in again"}"#,
            Cause::ExpiredCredentials,
        ),
        (
            401,
            r#"{"message":"This endpoint is disabled for your subscription"}"#,
            Cause::PlanRestricted,
        ),
        (
            403,
            r#"{"error":"Partner Account Barred"}"#,
            Cause::AccountSuspended,
        ),
    ] {
        let server = respond(status, "application/json", body).await;
        let e = explained(
            client()
                .get(format!("{}/exchanges", server.uri()))
                .header("x-rapidapi-key", KEY),
        )
        .await;
        assert_eq!(e.cause(), Some(cause), "{body}: {e}");
        assert_hidden(&e, &[KEY]);
    }
}

#[tokio::test]
async fn a_verdict_on_a_key_to_a_post_whose_body_holds_none() {
    // OneCLI's "Invalid API key or token." to a POST that carried nothing but a short JSON
    // body: what the server judged is the absence.
    let server = respond(
        401,
        "application/json",
        r#"{"error":{"message":"Invalid API key or token.","type":"authentication_error"}}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/v1/agents", server.uri()))
            .header("content-type", "application/json")
            .body(r#"{"name":"test","identifier":"test"}"#),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");

    // A body that may hold one under a name of its own keeps the verdict on it.
    const KEY: &str = "FAKESECRET-integration-key-77c1e0";
    let e = explained(
        client()
            .post(format!("{}/v1/agents", server.uri()))
            .header("content-type", "application/json")
            .body(format!(r#"{{"name":"test","integration":"{KEY}"}}"#)),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &[KEY]);
}

#[tokio::test]
async fn a_wait_after_a_number_of_seconds_and_a_record_of_the_path() {
    const TOKEN: &str = "FAKESECRET-edgegrid-access-9e1b";
    // Akamai's account rate limit: "You can submit the request after 49 seconds".
    let server = respond(
        429,
        "application/problem+json",
        r#"{"title":"Account Rate Limit Exceeded","detail":"Quota has been exhausted. You can submit the request after 49 seconds","status":429,"rateLimitRemaining":0}"#,
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/mtls-edge-truststore/v2/ca-sets", server.uri()))
            .bearer_auth(TOKEN),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::RateLimited), "{e}");
    assert_eq!(
        e.retry_after(),
        Some(std::time::Duration::from_secs(49)),
        "{e}"
    );
    assert_hidden(&e, &[TOKEN]);

    // A 404 that names the collection the path looks a record up in (`/credentials/<id>`),
    // to a request whose credential went in its header: that record is missing.
    let server = respond(
        404,
        "application/problem+json",
        r#"{"type":"/identity-management/error-types/25","status":404,"title":"ERROR_NO_CREDENTIAL","detail":""}"#,
    )
    .await;
    handed_on(
        client()
            .get(format!(
                "{}/identity-management/v3/api-clients/self/credentials/1234567",
                server.uri()
            ))
            .bearer_auth(TOKEN),
    )
    .await;
}

#[tokio::test]
async fn the_holder_a_token_names_is_hidden_where_the_server_echoes_it() {
    // Flask-JWT-Extended's user lookup failing: "Error loading the user <sub>". The subject
    // of the token names its holder as well as the token would.
    const SUBJECT: &str = "FAKESECRET-deleted-user";
    let token = crate::helpers::jwt(&format!(
        r#""sub":"{SUBJECT}","jti":"0b6f1c0e-FAKESECRET","exp":1924992000"#
    ));
    let server = respond(
        401,
        "application/json",
        &format!(r#"{{"msg":"Error loading the user {SUBJECT}"}}"#),
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/api/reports", server.uri()))
            .header("authorization", format!("JWT {token}")),
    )
    .await;
    assert_hidden(&e, &[SUBJECT, &token]);
    // (what the server said is still shown, without the subject)
    assert!(e.to_string().contains("Error loading the user"), "{e}");
}

#[tokio::test]
async fn a_gateways_own_reset_header_an_origin_refused_and_chinese_limits() {
    const TOKEN: &str = "t-g1049FAKESECRETtenanttokenR8s";
    // Feishu's gateway names its counters with a prefix of its own.
    let server = respond_with(
        429,
        "application/json",
        r#"{"code":99991400,"msg":"request trigger frequency limit"}"#,
        &[
            ("x-ogw-ratelimit-limit", "100"),
            ("x-ogw-ratelimit-reset", "52"),
        ],
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/open-apis/bitable/v1/records", server.uri()))
            .bearer_auth(TOKEN),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::RateLimited), "{e}");
    assert_eq!(e.retry_after_s(), Some(52), "{e}");
    assert_hidden(&e, &[TOKEN]);

    // python-engineio's handshake refused for where it came from, before any credential.
    let server = respond(400, "text/plain", r#""Not an accepted origin.""#).await;
    let e = explained(
        client()
            .get(format!(
                "{}/socket.io/?EIO=4&transport=polling",
                server.uri()
            ))
            .header("origin", "http://localhost:5173"),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::OriginRestricted), "{e}");

    // Alibaba Cloud's SMS answers in a 200 to a key in the form body: the balance, then the
    // hourly flow control.
    const KEY_ID: &str = "LTAI5tFAKESECRETkeyid3";
    for (message, cause) in [
        ("账户余额不足", Cause::PlanRestricted),
        ("触发小时级流控Permits:5", Cause::RateLimited),
    ] {
        let body = format!(
            r#"{{"Message":"{message}","RequestId":"7A1D6E4C-58B2-4F9A-A0C3-91E2B5D7F604","Code":"isv.ERROR"}}"#
        );
        let server = respond(200, "application/json;charset=utf-8", &body).await;
        let resp = client()
            .post(format!("{}/", server.uri()))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!(
                "AccessKeyId={KEY_ID}&Action=SendSms&Signature=FAKESECRETsig0123456789"
            ))
            .send()
            .await
            .unwrap();
        let e = resp.auth_explanation().expect("explained");
        assert_eq!(e.cause(), Some(cause), "{message}: {e}");
        assert_hidden(e, &[KEY_ID]);
    }
}

#[tokio::test]
async fn a_token_of_every_scope_and_a_bare_refusal_in_a_200() {
    const TOKEN: &str = "FAKESECRET-linode-pat-0003";
    // Linode's `X-OAuth-Scopes: *`: a token of every scope lacks none, whatever the
    // endpoint accepts; the 403 is about the payload's `entity_ids`.
    let server = respond_with(
        403,
        "application/json",
        r#"{"errors": [{"reason": "The following entity_ids are not valid - [999999999]", "field": "entity_ids"}]}"#,
        &[
            ("x-accepted-oauth-scopes", "databases:read_only"),
            ("x-oauth-scopes", "*"),
        ],
    )
    .await;
    let e = explained(
        client()
            .post(format!(
                "{}/v4beta/monitor/services/dbaas/token",
                server.uri()
            ))
            .bearer_auth(TOKEN)
            .header("content-type", "application/json")
            .body(r#"{"entity_ids":[999999999]}"#),
    )
    .await;
    assert_ne!(e.cause(), Some(Cause::InsufficientScope), "{e}");
    assert_hidden(&e, &[TOKEN]);

    // PiShock's whole answer to a wrong key in its JSON body, in a 200.
    const KEY: &str = "FAKESECRET-wrong-apikey";
    let server = respond(200, "text/plain; charset=utf-8", "Not Authorized.").await;
    let resp = client()
        .post(format!("{}/api/apioperate", server.uri()))
        .header("content-type", "application/json")
        .body(format!(
            r#"{{"Username":"zed","Apikey":"{KEY}","Op":0,"Intensity":2}}"#
        ))
        .send()
        .await
        .unwrap();
    let e = resp.auth_explanation().expect("explained");
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(e, &[KEY]);
}

#[tokio::test]
async fn a_cognito_refusal_and_an_environment_pair() {
    // Cognito's user pools answer a sign-in refused with a 400 typed NotAuthorizedException.
    const PASSWORD: &str = "FAKESECRET-Wrong9!";
    let server = respond_with(
        400,
        "application/x-amz-json-1.1",
        r#"{"__type": "NotAuthorizedException", "message": "User is disabled."}"#,
        &[("x-amzn-errortype", "NotAuthorizedException")],
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/", server.uri()))
            .header("content-type", "application/x-amz-json-1.1")
            .header("x-amz-target", "AWSCognitoIdentityProviderService.InitiateAuth")
            .body(format!(
                r#"{{"AuthFlow":"USER_PASSWORD_AUTH","ClientId":"de1e7ad5c04d","AuthParameters":{{"USERNAME":"bob","PASSWORD":"{PASSWORD}"}}}}"#
            )),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::AccountSuspended), "{e}");
    assert_hidden(&e, &[PASSWORD]);

    // Both sides of an environment pair in one sentence.
    const TOKEN: &str = "FAKESECRET-app-token-3f9e0123";
    let server = respond(
        403,
        "application/json",
        r#"{"message":"You are making a call to the production endpoint whereas your application only has access to the sandbox environment."}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/customers/v1", server.uri()))
            .bearer_auth(TOKEN),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::WrongEnvironment), "{e}");
    assert_hidden(&e, &[TOKEN]);
}
