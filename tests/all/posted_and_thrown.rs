//! What the request posted and what the server threw: a sign-in step sent back up to its form,
//! a token library's error page to a request that carried none, an error that names a field
//! of the payload beside a key that went elsewhere; and what the words say of the rest: a
//! session ended by a timeout, an endpoint switched off for the subscription, an account
//! barred. Each output is checked for the secrets the request carried.

use reqwest_auth_explain::{AuthExplainMiddleware, Cause, ResponseExt};

use crate::helpers::{
    assert_hidden, client, client_without_redirects, explained, handed_on, respond, respond_with,
};

#[tokio::test]
async fn a_sign_in_step_sent_back_up_to_its_form() {
    // passport-local's `failureRedirect`: the password posted to `/login/password` is sent
    // back to `/login`, the form above it.
    const PASSWORD: &str = "FAKESECRET-wrong-pw-4412";
    let server = respond_with(
        302,
        "text/plain; charset=utf-8",
        "Found. Redirecting to /login",
        &[("location", "/login"), ("x-powered-by", "Express")],
    )
    .await;
    let resp = client_without_redirects(AuthExplainMiddleware::builder())
        .post(format!("{}/login/password", server.uri()))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("username=alice&password={PASSWORD}"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 302);
    let e = resp.auth_explanation().expect("explained");
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(e, &[PASSWORD]);

    // A step of its own after the password (a second factor's page) is no refusal.
    let server = respond_with(
        302,
        "text/plain; charset=utf-8",
        "Found. Redirecting to /app",
        &[("location", "/app")],
    )
    .await;
    let resp = client_without_redirects(AuthExplainMiddleware::builder())
        .post(format!("{}/login/password", server.uri()))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("username=alice&password={PASSWORD}"))
        .send()
        .await
        .unwrap();
    assert!(resp.auth_explanation().is_none());
}

#[tokio::test]
async fn a_token_library_thrown_to_a_request_without_any() {
    // Express's stock page for `jwt.verify(undefined)`: no credential came at all.
    let page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Error</title>\n</head>\n<body>\n<pre>JsonWebTokenError: jwt must be provided<br> &nbsp; &nbsp;at module.exports [as verify] (/srv/node_modules/jsonwebtoken/verify.js:60:17)<br> &nbsp; &nbsp;at /srv/server.js:46:24</pre>\n</body>\n</html>\n";
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
    let e = explained(client().get(format!("{}/api/me", server.uri()))).await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");

    // The same page for an error of the payload says nothing of credentials.
    let page = page.replace(
        "JsonWebTokenError: jwt must be provided",
        "SyntaxError: Unexpected token } in JSON at position 12",
    );
    let server = respond_with(
        500,
        "text/html; charset=utf-8",
        &page,
        &[
            ("x-powered-by", "Express"),
            ("content-security-policy", "default-src 'none'"),
        ],
    )
    .await;
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
