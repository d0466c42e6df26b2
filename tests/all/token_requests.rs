//! A token endpoint's answers read by what RFC 6749 §5.2, RFC 8628 and RFC 8693 define: the
//! catch-all `invalid_request` read by the parameter its description names, a device still
//! waiting for its user, a grant the client may not use, a subject token's own expiry. Each
//! output is checked for the secrets the request carried.

use reqwest_auth_explain::Cause;

use crate::helpers::{assert_hidden, client, explained, handed_on, jwt, respond, respond_with};

const SECRET: &str = "FAKESECRETc1i3nt5ecr3t00";

/// A token request with `form` as its body and the client's `Basic` credentials.
fn token_request(uri: &str, form: &str) -> reqwest_middleware::RequestBuilder {
    client()
        .post(format!("{uri}/token"))
        .basic_auth("agent-7", Some(SECRET))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form.to_owned())
}

#[tokio::test]
async fn a_parameter_that_carries_no_credential_is_the_requests_form() {
    let form = "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Atoken-exchange&subject_token_type=urn%3Aietf%3Aparams%3Aoauth%3Atoken-type%3Ajwt";
    for description in [
        "audience or resource is required for token exchange",
        "redirect_uri is missing",
        "Unsupported requested_token_type",
    ] {
        let body = format!(r#"{{"error":"invalid_request","error_description":"{description}"}}"#);
        let server = respond(400, "application/json", &body).await;
        handed_on(token_request(&server.uri(), form)).await;
    }
}

#[tokio::test]
async fn a_credential_parameter_the_request_did_not_send_is_missing() {
    const CODE: &str = "FAKESECRETauthcode00001";
    let server = respond(
        400,
        "application/json",
        r#"{"error":"invalid_request","error_description":"code and code_verifier are required"}"#,
    )
    .await;
    let form = format!("grant_type=authorization_code&client_id=agent-7&code={CODE}");
    let e = explained(token_request(&server.uri(), &form)).await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    assert_hidden(&e, &[SECRET, CODE]);

    // The same words to a request that sent the verifier name no missing one: the form's
    // fault is left as the catch-all says it.
    let form = format!("{form}&code_verifier=FAKESECRETverifier0000000000000001");
    let e = explained(token_request(&server.uri(), &form)).await;
    assert_ne!(e.cause(), Some(Cause::MissingCredentials), "{e}");

    // A DPoP proof (RFC 9449) the server requires, to a request that sent none.
    let server = respond(
        400,
        "application/json",
        r#"{"error":"invalid_request","error_description":"DPoP proof required"}"#,
    )
    .await;
    let e = explained(token_request(
        &server.uri(),
        "grant_type=client_credentials&scope=read",
    ))
    .await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    assert_hidden(&e, &[SECRET]);
}

#[tokio::test]
async fn a_grant_the_client_may_not_use_is_not_enabled() {
    let server = respond(
        400,
        "application/json",
        r#"{"error":"invalid_request","error_description":"Grant type 'client_credentials' not allowed for this client"}"#,
    )
    .await;
    let e = explained(token_request(
        &server.uri(),
        "grant_type=client_credentials&scope=read",
    ))
    .await;
    assert_eq!(e.cause(), Some(Cause::EndpointNotEnabled), "{e}");
    assert_hidden(&e, &[SECRET]);
}

#[tokio::test]
async fn a_device_still_waiting_for_its_user_is_no_failure() {
    let form = "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code&client_id=agent-7&device_code=FAKESECRETdevicecode0001";
    for body in [
        r#"{"error":"authorization_pending"}"#,
        r#"{"error":"invalid_grant","error_description":"authorization_pending"}"#,
    ] {
        let server = respond(400, "application/json", body).await;
        handed_on(token_request(&server.uri(), form)).await;
    }
    // RFC 8628's `slow_down` folded into another error's description: a rate limit.
    let server = respond(
        400,
        "application/json",
        r#"{"error":"invalid_grant","error_description":"slow_down"}"#,
    )
    .await;
    let e = explained(token_request(&server.uri(), form)).await;
    assert_eq!(e.cause(), Some(Cause::RateLimited), "{e}");
    // RFC 8628's `access_denied` in words, under `invalid_grant`: the user refused; no
    // credential was judged.
    let server = respond(
        400,
        "application/json",
        r#"{"error":"invalid_grant","error_description":"Device authorization request was denied"}"#,
    )
    .await;
    let e = explained(token_request(&server.uri(), form)).await;
    assert_eq!(e.cause(), Some(Cause::UnknownUnauthorized), "{e}");
}

#[tokio::test]
async fn a_subject_tokens_signature_expired_is_its_expiry_not_the_clock() {
    // The server's `Date` is ten minutes behind this clock: the clock would be blamed if the
    // words were read as a signed request's time.
    let date =
        httpdate::fmt_http_date(std::time::SystemTime::now() - std::time::Duration::from_secs(600));
    let subject = jwt(r#""sub":"FAKESECRET-agent","iat":1796656400,"exp":1796660000"#);
    let server = respond_with(
        400,
        "application/json",
        r#"{"error":"invalid_grant","error_description":"Invalid subject_token: Signature has expired"}"#,
        &[("date", &date)],
    )
    .await;
    let form = format!(
        "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Atoken-exchange&subject_token={subject}&audience=https%3A%2F%2Fapi.example"
    );
    let e = explained(token_request(&server.uri(), &form)).await;
    assert_eq!(e.cause(), Some(Cause::ExpiredCredentials), "{e}");
    assert_hidden(&e, &[SECRET, &subject]);
}

#[tokio::test]
async fn a_bare_500_to_a_token_request_whose_basic_value_is_no_base64() {
    let server = respond(
        500,
        "application/problem+json",
        r#"{"type":"about:blank","title":"Internal Server Error","status":500,"detail":"An unexpected error occurred"}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/token", server.uri()))
            .header("authorization", format!("Basic agent-7:{SECRET}"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("grant_type=client_credentials"),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::MalformedCredentials), "{e}");
    assert_hidden(&e, &[SECRET]);
}
