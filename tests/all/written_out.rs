//! What a server writes out: the header it expects, with a placeholder for the credential; a
//! GraphQL answer that states its own status beside its errors and when its budget resets; a
//! token library's error thrown on a credential the request sent empty; a 404 that gives both
//! readings, absent or hidden from the caller; a SOAP fault that names the security header a
//! call lacked; a token endpoint that has not implemented a grant or answers its code as plain
//! text. Each output is checked for the secrets the request carried.

use reqwest_auth_explain::{Cause, Confidence, ResponseExt};

use crate::helpers::{assert_hidden, client, explained, handed_on, respond};

#[tokio::test]
async fn a_header_written_out_with_another_scheme() {
    // Flask-JWT-Extended configured with `JWT_HEADER_TYPE = "JWT"`, sent a Bearer token.
    const TOKEN: &str = "FAKESECRET-flask-jwt-extended-0451";
    let server = respond(
        401,
        "application/json",
        r#"{"msg":"Missing 'JWT' type in 'Authorization' header. Expected 'Authorization: JWT <JWT>'"}"#,
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/api/reports", server.uri()))
            .bearer_auth(TOKEN),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::WrongScheme), "{e}");
    assert!(e.to_string().contains("JWT"), "{e}");
    assert_hidden(&e, &[TOKEN]);

    // The same template answered to the scheme it writes out asks for nothing else.
    let e = explained(
        client()
            .get(format!("{}/api/reports", server.uri()))
            .header("authorization", format!("JWT {TOKEN}")),
    )
    .await;
    assert_ne!(e.cause(), Some(Cause::WrongScheme), "{e}");
    assert_hidden(&e, &[TOKEN]);
}

#[tokio::test]
async fn a_graphql_answer_that_states_its_status() {
    // monday.com's complexity budget: a 200 whose envelope states 429 and when it resets.
    const KEY: &str = "FAKESECRET-monday-api-token-0001";
    let server = respond(
        200,
        "application/json; charset=utf-8",
        r#"{"error_code":"ComplexityException","status_code":429,"error_message":"Complexity budget exhausted, query cost 222080 budget remaining 747 out of 10000000 reset in 16 seconds","errors":["Complexity budget exhausted, query cost 222080 budget remaining 747 out of 10000000 reset in 16 seconds"]}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/v2", server.uri()))
            .header("authorization", KEY)
            .header("content-type", "application/json")
            .body(r#"{"query":"query { boards(limit: 10) { id name } }"}"#),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::RateLimited), "{e}");
    assert_eq!(e.retry_after_s(), Some(16), "{e}");
    assert_hidden(&e, &[KEY]);

    // A GraphQL answer whose data holds a status of its own is the data's.
    let server = respond(
        200,
        "application/json",
        r#"{"data":{"monitor":{"status_code":429,"name":"rate check"}}}"#,
    )
    .await;
    let resp = client()
        .post(format!("{}/graphql", server.uri()))
        .header("authorization", KEY)
        .header("content-type", "application/json")
        .body(r#"{"query":"query { monitor { status_code name } }"}"#)
        .send()
        .await
        .unwrap();
    assert!(resp.auth_explanation().is_none());
}

#[tokio::test]
async fn a_token_library_thrown_on_a_credential_sent_empty() {
    // Express's stock page for `jwt.verify("")`: `Authorization: Bearer` with nothing after.
    let server =
        crate::posted_and_thrown::express_error_page("JsonWebTokenError: jwt malformed").await;
    let e = explained(
        client()
            .get(format!("{}/api/exports/88", server.uri()))
            .header("authorization", "Bearer"),
    )
    .await;
    assert!(
        matches!(
            e.cause(),
            Some(Cause::MissingCredentials | Cause::MalformedCredentials)
        ),
        "{e}"
    );
}

#[tokio::test]
async fn a_not_found_that_may_hide_the_resource() {
    const TOKEN: &str = "FAKESECRET-carol-token-000222";
    let server = respond(
        404,
        "application/json; charset=utf-8",
        r#"{"error":"not_found","message":"Note not found or you do not have access to it"}"#,
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/api/notes/41", server.uri()))
            .bearer_auth(TOKEN),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::UnknownForbidden), "{e}");
    assert_eq!(e.confidence(), Some(Confidence::Low), "{e}");
    assert_hidden(&e, &[TOKEN]);

    // A 404 that gives only one reading is the resource's.
    let server = respond(
        404,
        "application/json; charset=utf-8",
        r#"{"error":"not_found","message":"Note not found"}"#,
    )
    .await;
    handed_on(
        client()
            .get(format!("{}/api/notes/41", server.uri()))
            .bearer_auth(TOKEN),
    )
    .await;
}

#[tokio::test]
async fn a_soap_fault_that_names_the_security_header_to_a_call_without_one() {
    // An ONVIF camera's `ter:NotAuthorized` to `GetSystemDateAndTime` sent without
    // `<wsse:Security>`.
    let fault = r#"<?xml version="1.0" encoding="UTF-8"?>
<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope" xmlns:ter="http://www.onvif.org/ver10/error">
<env:Body><env:Fault><env:Code><env:Value>env:Sender</env:Value><env:Subcode><env:Value>ter:NotAuthorized</env:Value></env:Subcode></env:Code>
<env:Reason><env:Text xml:lang="en">An error was discovered processing the &lt;wsse:Security&gt; header.</env:Text></env:Reason></env:Fault></env:Body></env:Envelope>"#;
    let server = respond(400, "application/soap+xml; charset=utf-8", fault).await;
    let call = r#"<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><GetSystemDateAndTime xmlns="http://www.onvif.org/ver10/device/wsdl"/></s:Body></s:Envelope>"#;
    let e = explained(
        client()
            .post(format!("{}/onvif/device_service", server.uri()))
            .header("content-type", "application/soap+xml; charset=utf-8")
            .body(call),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");

    // A fault of the payload to the same call is the payload's.
    let fault = r#"<?xml version="1.0" encoding="UTF-8"?>
<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope" xmlns:ter="http://www.onvif.org/ver10/error">
<env:Body><env:Fault><env:Code><env:Value>env:Sender</env:Value><env:Subcode><env:Value>ter:InvalidArgVal</env:Value></env:Subcode></env:Code>
<env:Reason><env:Text xml:lang="en">The requested profile token does not exist.</env:Text></env:Reason></env:Fault></env:Body></env:Envelope>"#;
    let server = respond(400, "application/soap+xml; charset=utf-8", fault).await;
    handed_on(
        client()
            .post(format!("{}/onvif/device_service", server.uri()))
            .header("content-type", "application/soap+xml; charset=utf-8")
            .body(call),
    )
    .await;
}

#[tokio::test]
async fn a_token_endpoint_that_has_not_implemented_the_grant() {
    // Node-RED's admin API answers `client_credentials` with 501 Not Implemented.
    const SECRET: &str = "FAKESECRET-node-red-client-0001";
    let server = respond(
        501,
        "application/json",
        r#"{"error":"unsupported_grant_type","error_description":"Unsupported grant type: client_credentials"}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/auth/token", server.uri()))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!(
                "client_id=node-red-admin&client_secret={SECRET}&grant_type=client_credentials&scope=*"
            )),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::EndpointNotEnabled), "{e}");
    assert_hidden(&e, &[SECRET]);
}

#[tokio::test]
async fn a_token_endpoint_that_answers_its_code_as_plain_text() {
    // Apereo CAS's `invalid_grant`, the whole body of a plain-text 400, to a refresh.
    const SECRET: &str = "FAKESECRETcasClientSecret";
    const REFRESH: &str = "RT-7-FAKESECRETrevokedRefreshToken";
    let server = respond(400, "text/plain;charset=UTF-8", "invalid_grant").await;
    let e = explained(
        client()
            .post(format!("{}/cas/oauth2.0/accessToken", server.uri()))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!(
                "grant_type=refresh_token&client_id=portal&client_secret={SECRET}&refresh_token={REFRESH}"
            )),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &[SECRET, REFRESH]);
}
