//! Auth failures read from places a first reading missed: a 405 that refuses a key its method,
//! SOAP faults in a 500, a bare 400 to an empty credential, an error envelope in another
//! language that names the credential, secrets passed as GraphQL arguments or as a password
//! beside a user in the query, request signing that is OAuth 1.0's. Each new output is checked
//! for the secrets the request carried.

use reqwest_auth_explain::{AuthExplainMiddleware, Cause, Confidence, ResponseExt};

use crate::helpers::{assert_hidden, client_with, respond};

#[tokio::test]
async fn a_405_that_refuses_the_key_its_method_is_a_permission() {
    let c = client_with(AuthExplainMiddleware::builder());
    let body = r#"<?xml version="1.0" encoding="UTF-8"?><prestashop><errors><error><code><![CDATA[25]]></code><message><![CDATA[Method POST is not allowed for the resource customers with this authentication key]]></message></error></errors></prestashop>"#;
    let server = respond(405, "text/xml;charset=utf-8", body).await;
    let resp = c
        .post(format!("{}/api/customers", server.uri()))
        .basic_auth("FAKESECRETJ3W7Q1N5R9T2V6X8Z4B0D", Some(""))
        .body("<prestashop/>")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 405);
    let e = resp.auth_explanation().expect("explained").clone();
    assert_eq!(e.cause(), Some(Cause::InsufficientScope), "{e}");
    assert_hidden(&e, &["FAKESECRETJ3W7Q1N5R9T2V6X8Z4B0D"]);
    assert_eq!(resp.text().await.unwrap(), body);
    // A 405 about the route alone stays a 405.
    let server = respond(
        405,
        "application/json",
        r#"{"message":"Method Not Allowed"}"#,
    )
    .await;
    let resp = c
        .delete(server.uri())
        .bearer_auth("FAKESECRETGk7yH2mQ9sLx4")
        .send()
        .await
        .unwrap();
    assert!(resp.auth_explanation().is_none());
}

#[tokio::test]
async fn a_soap_fault_in_a_500_is_read_for_what_it_says_of_the_credential() {
    let c = client_with(AuthExplainMiddleware::builder());
    let body = r#"<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope"><soap:Body><soap:Fault><soap:Code><soap:Value>soap:Sender</soap:Value></soap:Code><soap:Reason><soap:Text>auth credentials have expired</soap:Text></soap:Reason><soap:Detail><Error xmlns="urn:zimbra"><Code>service.AUTH_EXPIRED</Code></Error></soap:Detail></soap:Fault></soap:Body></soap:Envelope>"#;
    let server = respond(500, "application/soap+xml; charset=utf-8", body).await;
    let resp = c
        .post(format!("{}/service/soap/GetFolderRequest", server.uri()))
        .header("content-type", "application/soap+xml; charset=utf-8")
        .body("<soap:Envelope/>")
        .send()
        .await
        .unwrap();
    let e = resp.auth_explanation().expect("explained");
    assert_eq!(e.cause(), Some(Cause::ExpiredCredentials), "{e}");
    assert_eq!(resp.text().await.unwrap(), body);
    // A server error in XML that says nothing of a credential is left alone.
    let server = respond(
        500,
        "text/xml",
        "<Error><Message>Duplicate key in index orders_pk</Message></Error>",
    )
    .await;
    let resp = c.post(server.uri()).send().await.unwrap();
    assert!(resp.auth_explanation().is_none());
}

#[tokio::test]
async fn a_bare_400_to_an_empty_credential_is_explained_by_the_request() {
    let c = client_with(AuthExplainMiddleware::builder());
    let server = respond(400, "", "Bad Request").await;
    let resp = c
        .get(format!("{}/flows", server.uri()))
        .header("authorization", "Bearer")
        .send()
        .await
        .unwrap();
    let e = resp.auth_explanation().expect("explained");
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    // what the request shows is certain; that the bare 400 is about it is not
    assert_eq!(e.confidence(), Some(Confidence::Medium), "{e}");
    // The same 400 to a sound credential says nothing of it.
    let resp = c
        .get(format!("{}/flows", server.uri()))
        .bearer_auth("FAKESECRETGk7yH2mQ9sLx4")
        .send()
        .await
        .unwrap();
    assert!(resp.auth_explanation().is_none());
}

#[tokio::test]
async fn an_envelope_in_another_language_that_names_a_placeholder_credential() {
    let c = client_with(AuthExplainMiddleware::builder());
    let body = r#"{"errcode":40014,"errmsg":"不合法的access_token"}"#;
    let server = respond(200, "application/json", body).await;
    let resp = c
        .post(format!(
            "{}/microapp/list?access_token=undefined",
            server.uri()
        ))
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .await
        .unwrap();
    let e = resp.auth_explanation().expect("explained");
    assert_eq!(e.cause(), Some(Cause::PlaceholderCredentials), "{e}");
    assert_eq!(resp.text().await.unwrap(), body);
    // The same envelope to a real-looking key: its words (不合法, "illegal") judge the key.
    let resp = c
        .post(format!(
            "{}/microapp/list?access_token=FAKESECRET5c0e7a1f93b2d8e4",
            server.uri()
        ))
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .await
        .unwrap();
    let e = resp.auth_explanation().expect("explained");
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    // An envelope that names no credential stays a business error.
    let server = respond(
        200,
        "application/json",
        r#"{"errcode":60011,"errmsg":"无权限"}"#,
    )
    .await;
    let resp = c
        .post(format!(
            "{}/user/get?access_token=FAKESECRET5c0e7a1f93b2d8e4",
            server.uri()
        ))
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert!(resp.auth_explanation().is_none());
}

#[tokio::test]
async fn a_password_passed_as_a_graphql_argument_is_a_credential() {
    let c = client_with(AuthExplainMiddleware::builder());
    let server = respond(
        200,
        "application/json",
        r#"{"errors":[{"message":"Please enter valid credentials","path":["tokenAuth"]}],"data":{"tokenAuth":null}}"#,
    )
    .await;
    let resp = c
        .post(format!("{}/graphql", server.uri()))
        .header("content-type", "application/json")
        .body(r#"{"query":"mutation Login($u: String!, $p: String!) { tokenAuth(username: $u, password: $p) { token } }","variables":{"u":"alice","p":"FAKESECRETwrongpw"}}"#)
        .send()
        .await
        .unwrap();
    let e = resp.auth_explanation().expect("explained");
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert!(
        e.credential()
            .is_some_and(|c| c.location.to_string() == "body:variables.p"),
        "{e}"
    );
    assert_hidden(e, &["FAKESECRETwrongpw"]);
}

#[tokio::test]
async fn a_password_beside_a_user_in_the_query_is_a_credential_and_hidden() {
    let c = client_with(AuthExplainMiddleware::builder());
    let body = r#"<?xml version="1.0" encoding="UTF-8"?><subsonic-response status="failed" version="1.16.1"><error code="40" message="Wrong username or password"/></subsonic-response>"#;
    let server = respond(200, "text/xml;charset=UTF-8", body).await;
    let resp = c
        .get(format!(
            "{}/rest/ping.view?u=alice&p=FAKESECRET-alicepw&v=1.16.1&c=app",
            server.uri()
        ))
        .send()
        .await
        .unwrap();
    let e = resp.auth_explanation().expect("explained");
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(e, &["FAKESECRET-alicepw"]);
    // `p` alone is a page.
    let server = respond(200, "application/json", r#"{"items":[]}"#).await;
    let resp = c
        .get(format!("{}/search?q=rust&p=2", server.uri()))
        .send()
        .await
        .unwrap();
    assert!(resp.auth_explanation().is_none());
}

#[tokio::test]
async fn authorization_asked_for_while_the_key_went_in_another_header() {
    let c = client_with(AuthExplainMiddleware::builder());
    let server = respond(
        400,
        "application/json",
        r#"{"status":"error","message":"Authorization required","data":null}"#,
    )
    .await;
    let resp = c
        .post(format!("{}/nucleus/tnx/merchant/status", server.uri()))
        .header("x-auth-token", "FAKESECRETpub_kl4h9Tq2Xw7")
        .header("content-type", "application/json")
        .body(r#"{"tx_ref":"KLA-1"}"#)
        .send()
        .await
        .unwrap();
    let e = resp.auth_explanation().expect("explained");
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    assert!(e.summary().contains("Authorization header"), "{e}");
    assert_hidden(e, &["FAKESECRETpub_kl4h9Tq2Xw7"]);
}

#[tokio::test]
async fn oauth_1_signatures_and_body_hashes_are_request_signing() {
    let c = client_with(AuthExplainMiddleware::builder());
    let auth = r#"OAuth oauth_body_hash="LpxcaG4bfd%252BI3sE%253D",oauth_consumer_key="FAKESECRETsnd8Kq2Zr7Xw4Vn1",oauth_nonce="Xq3vR8tN2mLp6sWd",oauth_signature_method="RSA-SHA256",oauth_timestamp="1777896464",oauth_version="1.0",oauth_signature="FAKESECRETa9Vb2Nc7Xd4Ze1Wf8Qg5Rh3Ti6Uj0Kk%3D""#;
    for (status, body) in [
        (
            400,
            r#"{"Errors":{"Error":[{"Source":"Gateway","ReasonCode":"INVALID_BODY_HASH","Description":"Bad Request - The provided oauth_body_hash does not match the RSA-SHA256 hash of the request payload."}]}}"#,
        ),
        (
            401,
            r#"{"Errors":{"Error":[{"Source":"Gateway","ReasonCode":"AUTHENTICATION_FAILED","Description":"OAuth signatures did not match. Acceptable signature base string: POST&https%3A%2F%2Fapi.example%2Fx&oauth_consumer_key%3DFAKESECRETsnd8Kq2Zr7Xw4Vn1"}]}}"#,
        ),
    ] {
        let server = respond(status, "application/json;charset=UTF-8", body).await;
        let resp = c
            .post(format!("{}/send/v1/payment", server.uri()))
            .header("authorization", auth)
            .header("content-type", "application/json")
            .body(r#"{"amount":"100.00"}"#)
            .send()
            .await
            .unwrap();
        let e = resp.auth_explanation().expect("explained");
        assert_eq!(e.cause(), Some(Cause::SignatureMismatch), "{status}: {e}");
        assert_hidden(
            e,
            &[
                "FAKESECRETsnd8Kq2Zr7Xw4Vn1",
                "FAKESECRETa9Vb2Nc7Xd4Ze1Wf8Qg5Rh3Ti6Uj0Kk",
            ],
        );
    }
}

#[tokio::test]
async fn a_referer_refused_in_a_400_is_an_origin_rule() {
    let c = client_with(AuthExplainMiddleware::builder());
    let server = respond(
        400,
        "application/json",
        r#"{"rajaongkir":{"status":{"code":400,"description":"Invalid referer. Perujuk tidak sesuai!"}}}"#,
    )
    .await;
    let resp = c
        .get(format!("{}/starter/province", server.uri()))
        .header("key", "FAKESECRET510731e7635c49bc")
        .header("referer", "https://shop.example.id/checkout")
        .send()
        .await
        .unwrap();
    let e = resp.auth_explanation().expect("explained");
    assert_eq!(e.cause(), Some(Cause::OriginRestricted), "{e}");
    assert_hidden(e, &["FAKESECRET510731e7635c49bc"]);
}

#[tokio::test]
async fn soap_1_1_faults_and_graphql_codes_of_their_own() {
    let c = client_with(AuthExplainMiddleware::builder());
    let body = r#"<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><soapenv:Fault><faultcode>ServerFaultCode</faultcode><faultstring>Cannot complete login due to an incorrect user name or password.</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>"#;
    let server = respond(500, "text/xml; charset=utf-8", body).await;
    let resp = c
        .post(format!("{}/sdk", server.uri()))
        .header("content-type", "text/xml; charset=utf-8")
        .body("<soapenv:Envelope/>")
        .send()
        .await
        .unwrap();
    let e = resp.auth_explanation().expect("explained");
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    // Hot Chocolate's codes: not authenticated, to a request without a credential
    let server = respond(
        200,
        "application/json",
        r#"{"errors":[{"message":"The current user is not authorized to access this resource.","path":["me"],"extensions":{"code":"AUTH_NOT_AUTHENTICATED"}}],"data":{"me":null}}"#,
    )
    .await;
    let resp = c
        .post(format!("{}/graphql", server.uri()))
        .header("content-type", "application/json")
        .body(r#"{"query":"{ me { id } }"}"#)
        .send()
        .await
        .unwrap();
    let e = resp.auth_explanation().expect("explained");
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    // and a token login refused under Django REST framework's `non_field_errors`
    let server = respond(
        400,
        "application/json",
        r#"{"non_field_errors":["Unable to log in with provided credentials."]}"#,
    )
    .await;
    let resp = c
        .post(format!("{}/auth/token/login/", server.uri()))
        .header("content-type", "application/json")
        .body(r#"{"username":"priya","password":"FAKESECRET-Tally"}"#)
        .send()
        .await
        .unwrap();
    let e = resp.auth_explanation().expect("explained");
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
}

#[tokio::test]
async fn words_in_other_languages_and_a_key_named_in_one_word() {
    let c = client_with(AuthExplainMiddleware::builder());
    let server = respond(
        401,
        "application/json",
        r#"{"error":"Der API-Schlüssel ist ungültig."}"#,
    )
    .await;
    let resp = c
        .get(format!("{}/v1/prices", server.uri()))
        .header("x-api-key", "FAKESECRETde0123456789")
        .send()
        .await
        .unwrap();
    let e = resp.auth_explanation().expect("explained");
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_eq!(e.confidence(), Some(Confidence::Medium), "{e}");
    // `wskey` in the query is a key: found, judged, and never shown
    let server = respond(
        401,
        "application/json",
        r#"{"error":"API key is not registered"}"#,
    )
    .await;
    let resp = c
        .get(format!(
            "{}/record/v2/search.json?wskey=FAKESECRETortlan&query=vermeer",
            server.uri()
        ))
        .send()
        .await
        .unwrap();
    let e = resp.auth_explanation().expect("explained");
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(e, &["FAKESECRETortlan"]);
}
