//! Auth failures as frameworks deliver them, read by the structure of the exchange: a GraphQL
//! call to an endpoint that does not say `graphql` in its URL, a token endpoint that asks for
//! another way of client authentication, a rate-limit reset written as a moment, a cookie or
//! a field that a framework's validation reports missing, a signed request's time refused, a
//! password's hash in the query, and failures the server blames on itself, which are no
//! verdict on the credential. Each output is checked for the secrets the request carried.

use std::time::{Duration, SystemTime};

use reqwest_auth_explain::{Cause, Confidence, ResponseExt};

use crate::helpers::{
    Step, assert_hidden, client, explained, handed_on, iso8601, jwt, raw_server, respond,
    respond_with,
};

/// An Apollo Server 2 error as a resolver's auth directive throws it: the generic code, and the
/// class of the error beside it.
fn apollo_error(message: &str) -> String {
    format!(
        r#"{{"errors":[{{"message":"{message}","locations":[{{"line":2,"column":3}}],"path":["shipment"],"extensions":{{"code":"INTERNAL_SERVER_ERROR","exception":{{"name":"AuthorizationError","time_thrown":"2026-12-06T23:06:18.365Z"}}}}}}],"data":{{"shipment":null}}}}"#
    )
}

#[tokio::test]
async fn a_graphql_call_to_an_endpoint_at_the_root_is_read_as_graphql() {
    // Longer than the 1 KiB a plain 2xx is read up to: only the call's own shape lets it be
    // read.
    let token = jwt(r#""sub":"u1","exp":1764633600"#);
    let padding = " ".repeat(1200);
    let server = respond(
        200,
        "application/json; charset=utf-8",
        &format!("{}{padding}", apollo_error("Your token is expired")),
    )
    .await;
    let query = r#"{"operationName":"GetShipment","variables":{"id":"SHP-90412"},"query":"query GetShipment($id: ID!) {\n  shipment(id: $id) { id status }\n}"}"#;
    let e = explained(
        client()
            .post(format!("{}/", server.uri()))
            .header("content-type", "application/json")
            .header("authorization", format!("Bearer {token}"))
            .body(query),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::ExpiredCredentials), "{e}");
    assert_hidden(&e, &[&token]);

    // The same call, answered with a validation error of the document: no auth failure.
    let server = respond(
        200,
        "application/json",
        r#"{"errors":[{"message":"Cannot query field \"carrier\" on type \"Shipment\".","locations":[{"line":2,"column":30}],"extensions":{"code":"GRAPHQL_VALIDATION_FAILED"}}]}"#,
    )
    .await;
    handed_on(
        client()
            .post(format!("{}/", server.uri()))
            .header("content-type", "application/json")
            .body(query),
    )
    .await;
}

#[tokio::test]
async fn a_token_endpoint_that_asks_for_basic_from_a_client_that_sent_its_secret_in_the_body() {
    const SECRET: &str = "FAKESECRETk7Qm2Vx9Rb4Tn8Wc";
    let server = respond(
        400,
        "application/json",
        r#"{"error":"invalid_request","error_description":"Must include a basic access authentication header."}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/oauth/token", server.uri()))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!(
                "grant_type=client_credentials&client_id=fleet-dashboard&client_secret={SECRET}"
            )),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::WrongScheme), "{e}");
    assert!(e.to_string().contains("Basic"), "{e}");
    assert_hidden(&e, &[SECRET]);

    // The same words to a client that sent Basic already name no other scheme.
    let e = explained(
        client()
            .post(format!("{}/oauth/token", server.uri()))
            .basic_auth("fleet-dashboard", Some(SECRET))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("grant_type=client_credentials"),
    )
    .await;
    assert_ne!(e.cause(), Some(Cause::WrongScheme), "{e}");
    assert_hidden(&e, &[SECRET]);
}

#[tokio::test]
async fn a_rate_limit_reset_written_as_a_moment_is_waited_until() {
    let now = SystemTime::now();
    let date = httpdate::fmt_http_date(now);
    // (ISO 8601 with milliseconds, as koa2-rate-limit writes it; 299.9 s after `Date`)
    let reset = iso8601(now + Duration::from_millis(299_904));
    let server = respond_with(
        429,
        "text/plain; charset=utf-8",
        "Too Many Requests",
        &[
            ("date", date.as_str()),
            ("x-ratelimit-limit", "5"),
            ("x-ratelimit-remaining", "0"),
            ("x-ratelimit-reset", reset.as_str()),
        ],
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/v1/authenticate", server.uri()))
            .header("content-type", "application/json")
            .body(r#"{"email":"ops@example.com","password":"FAKESECRETWinter2026"}"#),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::RateLimited), "{e}");
    // (the year of the moment is no count of seconds; `Date` drops the fraction of `now`)
    assert!(
        matches!(e.retry_after_s(), Some(300 | 301)),
        "{:?}",
        e.retry_after_s()
    );
    assert_hidden(&e, &["FAKESECRETWinter2026"]);
}

#[tokio::test]
async fn a_credential_a_frameworks_validation_reports_missing() {
    // Spring's problem detail for a `@CookieValue` that was not sent.
    let server = respond(
        400,
        "application/problem+json",
        r#"{"type":"about:blank","title":"Bad Request","status":400,"detail":"Required cookie 'refreshToken' is not present.","instance":"/auth/renew"}"#,
    )
    .await;
    let e = explained(client().post(format!("{}/auth/renew", server.uri()))).await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    // (a POST without a body has no unread body to hold the credential)
    assert_eq!(e.confidence(), Some(Confidence::High), "{e}");
    // With a body this middleware does not read, one may have gone there.
    let e = explained(
        client()
            .post(format!("{}/auth/renew", server.uri()))
            .header("content-type", "text/plain")
            .body("renew"),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    assert_eq!(e.confidence(), Some(Confidence::Medium), "{e}");

    // Bean Validation at a token endpoint: the refresh token's field was blank.
    let server = respond(
        400,
        "application/json",
        r#"{"message":"tokenRefreshRequest.refreshToken: must not be blank","_links":{"self":{"href":"/oauth/access_token","templated":false}}}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/oauth/access_token", server.uri()))
            .header("content-type", "application/json")
            .body(r#"{"grant_type":"refresh_token"}"#),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");

    // A field of the payload that must not be blank is no credential.
    let server = respond(
        400,
        "application/problem+json",
        r#"{"title":"Bad Request","status":400,"detail":"createOrder.customerName: must not be blank"}"#,
    )
    .await;
    handed_on(
        client()
            .post(format!("{}/orders", server.uri()))
            .header("content-type", "application/json")
            .body(r#"{"customerName":""}"#),
    )
    .await;
}

#[tokio::test]
async fn a_signed_requests_time_refused_by_a_verification_step() {
    const SIGNATURE: &str = "FAKESECRETmHYeBU4tV9QVo0LmqrBVaoEi/kxa2Cjbfs0ncLpjOOYV+yGF";
    let server = respond(
        400,
        "text/html; charset=utf-8",
        "AskSdk.Request verification failed Error, Timestamp verification failed",
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/alexa", server.uri()))
            .header("content-type", "application/json; charset=utf-8")
            .header(
                "signaturecertchainurl",
                "https://s3.amazonaws.com/echo.api/echo-api-cert-13.pem",
            )
            .header("signature-256", SIGNATURE)
            .body(r#"{"version":"1.0","request":{"type":"LaunchRequest","timestamp":"2026-12-06T22:41:09Z"}}"#),
    )
    .await;
    assert!(
        matches!(e.cause(), Some(Cause::SignatureMismatch | Cause::ClockSkew)),
        "{e}"
    );
    assert_hidden(&e, &[SIGNATURE]);
}

#[tokio::test]
async fn a_passwords_hash_in_the_query_is_a_credential() {
    const HASH: &str = "FAKESECRET3481902275";
    let server = respond(
        401,
        "text/html",
        "<HTML><BODY><B>Unauthorized</B></BODY></HTML>",
    )
    .await;
    let e = explained(client().get(format!(
        "{}/api/table.json?username=grafana&passhash={HASH}&content=devices",
        server.uri()
    )))
    .await;
    // A credential was sent: its refusal, not a missing one.
    assert_ne!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    assert_eq!(
        e.credential().map(|c| c.location.to_string()).as_deref(),
        Some("query:passhash"),
        "{e}"
    );
    assert_hidden(&e, &[HASH]);
}

#[tokio::test]
async fn throttled_logins_in_portuguese_are_a_rate_limit() {
    let server = respond(
        403,
        "application/json",
        r#"{"detail":"Tentativas excessivas de logins. Por favor efetue o login na página inicial do suap."}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/api/v2/autenticacao/token/", server.uri()))
            .header("content-type", "application/json")
            .body(r#"{"username":"20211094040012","password":"FAKESECRETk7Rq2mVp9"}"#),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::RateLimited), "{e}");
    assert_hidden(&e, &["FAKESECRETk7Rq2mVp9"]);
}

#[tokio::test]
async fn a_failure_the_server_blames_on_itself_is_no_verdict_on_the_credential() {
    // A 403 whose words ask to sign in again "after a while", because of a system error.
    let server = respond(
        403,
        "application/json",
        r#"{"errorCode":4194816,"message":[{"errorMessage":"Logged out due to system error. Please login again after a while.","errorCode":"1000-0999"}]}"#,
    )
    .await;
    let e = explained(client().post(format!(
        "{}/remote/v1/api/auth/login?username=heatpump%40example.com&password=FAKESECRETQz8mLr2Vw",
        server.uri()
    )))
    .await;
    assert_eq!(e.cause(), Some(Cause::UnknownForbidden), "{e}");
    assert_hidden(&e, &["FAKESECRETQz8mLr2Vw"]);

    // A sign-in answered 200 with an internal error of the login script: not a refused
    // password.
    let server = respond(
        200,
        "application/json; charset=utf-8",
        r#"{"version":"1.1","result":null,"error":{"name":"JSONRPCError","code":200,"message":"internal error:\nUnsupported URL: 127.0.0.1/login.htm\n    while executing\n\"::http::geturl $LOGIN_URL\""}}"#,
    )
    .await;
    let resp = client()
        .post(format!("{}/api/homematic.cgi", server.uri()))
        .header("content-type", "application/json")
        .body(r#"{"method":"Session.login","params":{"username":"Admin","password":"FAKESECRETccuPass"}}"#)
        .send()
        .await
        .unwrap();
    if let Some(e) = resp.auth_explanation() {
        assert_ne!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
        assert_hidden(e, &["FAKESECRETccuPass"]);
    }
}

#[tokio::test]
async fn a_lockouts_cool_off_written_as_an_iso_8601_duration() {
    // django-axes answers a locked-out sign-in with its settings, and no Retry-After.
    let server = respond(
        429,
        "application/json",
        r#"{"failure_limit": 5, "username": "priya", "cooloff_time": "PT1H", "cooloff_timedelta": "P0DT01H00M00S"}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/api/auth/login/", server.uri()))
            .header("content-type", "application/json")
            .body(r#"{"username": "priya", "password": "FAKESECRETpriyaReal"}"#),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::RateLimited), "{e}");
    assert_eq!(e.retry_after_s(), Some(3600), "{e}");
    assert_hidden(&e, &["FAKESECRETpriyaReal"]);
}

#[tokio::test]
async fn a_pages_access_token_in_the_query_is_a_credential_a_page_token_is_not() {
    const TOKEN: &str = "FAKESECRETeyJhbGciOiJIUzI1NiJ9x7Qm";
    let server = respond(
        200,
        "application/json; charset=utf-8",
        r#"{"success":false,"error_code":102,"message":"Invalid access_token"}"#,
    )
    .await;
    let e = explained(client().get(format!(
        "{}/api/public_api/v1/pages/4242/conversations?page_access_token={TOKEN}&page_number=1",
        server.uri()
    )))
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert!(!e.url().contains(TOKEN), "{}", e.url());
    assert_hidden(&e, &[TOKEN]);
    // A cursor (`next_page_token`) is no credential (its value is still kept out of logs).
    let server = respond(401, "application/json", r#"{"message":"Unauthorized"}"#).await;
    let e = explained(client().get(format!("{}/v1/items?next_page_token=p2", server.uri()))).await;
    assert!(e.credential().is_none(), "{e}");
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
}

#[tokio::test]
async fn a_saml_response_posted_to_its_service_provider_is_the_credential_judged() {
    use base64::Engine;
    // A SAML response of several KiB, as an identity provider posts it (HTTP-POST binding).
    let assertion = format!(
        r#"<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_FAKESECRETa41f"><saml:Assertion>{}</saml:Assertion></samlp:Response>"#,
        "<saml:Attribute Name=\"groups\">engineering</saml:Attribute>".repeat(80)
    );
    let encoded = base64::engine::general_purpose::STANDARD.encode(assertion);
    assert!(encoded.len() > 4096);
    let form = format!(
        "SAMLResponse={}&RelayState=%2Fwiki",
        url::form_urlencoded::byte_serialize(encoded.as_bytes()).collect::<String>()
    );
    let page = |message: &str| {
        format!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Error</title>\n</head>\n<body>\n<pre>Error: {message}<br> &nbsp; &nbsp;at SAML.validatePostResponseAsync (/srv/app/node_modules/@node-saml/node-saml/lib/saml.js:570:24)</pre>\n</body>\n</html>\n"
        )
    };
    for (message, cause) in [
        (
            "SAML assertion audience mismatch. Expected: https://wiki.example.net/saml/metadata Received: https://wiki-staging.example.net/saml/metadata",
            Cause::WrongEnvironment,
        ),
        (
            "SAML assertion expired: clocks skewed too much",
            Cause::ExpiredCredentials,
        ),
    ] {
        let server = respond(500, "text/html; charset=utf-8", &page(message)).await;
        let e = explained(
            client()
                .post(format!("{}/login/callback", server.uri()))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(form.clone()),
        )
        .await;
        assert_eq!(e.cause(), Some(cause), "{e}");
        assert_eq!(
            e.credential().map(|c| c.location.to_string()).as_deref(),
            Some("body:SAMLResponse"),
            "{e}"
        );
        assert_hidden(&e, &[&encoded[..64], "FAKESECRET"]);
    }

    // A crash page to a form that posts no SAML response is the application's own.
    let server = respond(
        500,
        "text/html; charset=utf-8",
        &page("SAML assertion expired: clocks skewed too much"),
    )
    .await;
    handed_on(
        client()
            .post(format!("{}/comments", server.uri()))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("comment=hello&thread=42"),
    )
    .await;
}

#[tokio::test]
async fn saml_as_an_organizations_sign_in_is_a_policy() {
    let server = respond(
        403,
        "application/json",
        r#"{"message":"Resource protected by organization SAML enforcement. You must grant your Personal Access token access to this organization."}"#,
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/orgs/acme/repos", server.uri()))
            .header(
                "authorization",
                "token ghp_FAKESECRETq8n3v0x7k2m5w9r4t6y1u3i",
            ),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::OrganizationPolicy), "{e}");
    assert_hidden(&e, &["ghp_FAKESECRETq8n3v0x7k2m5w9r4t6y1u3i"]);
}

#[tokio::test]
async fn a_key_named_in_the_path_beside_a_header_key_is_the_resource_not_found() {
    // An admin key in `X-Api-Key` acts on another key named in the path; the lookup fails.
    const TARGET: &str = "btr-FAKESECRETz3Rt6YuIo0PaSdFgHjKl1Q";
    let server = respond(
        500,
        "application/json",
        &format!(r#"{{"error":"API key '{TARGET}' not found"}}"#),
    )
    .await;
    handed_on(
        client()
            .post(format!("{}/api/api-keys/{TARGET}/disable", server.uri()))
            .header("x-api-key", "btr-FAKESECRETm4Nb7VcXz2LkJh5GfDs8A")
            .header("content-type", "application/json")
            .body("{}"),
    )
    .await;
}

#[tokio::test]
async fn a_frameworks_policy_denial_and_privileges_found_wanting() {
    // Laravel's AuthorizationException to a key that authenticated.
    const TOKEN: &str = "FAKESECRETZp4Lm8Qr2Xv6Nb1Ty9Kc3Wd7Hf5Js0Ga8";
    let server = respond(
        403,
        "application/json",
        r#"{"message": "This action is unauthorized."}"#,
    )
    .await;
    let e = explained(
        client()
            .delete(format!("{}/api/v1/invoices/1041", server.uri()))
            .header("authorization", format!("Bearer {TOKEN}")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InsufficientScope), "{e}");
    assert_hidden(&e, &[TOKEN]);
    // OpenStack Barbican's policy check.
    let server = respond(
        403,
        "application/json",
        r#"{"code": 403, "title": "Forbidden", "description": "Secret creation attempt not allowed - please review your user/project privileges"}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/v1/secrets", server.uri()))
            .header("x-auth-token", TOKEN)
            .header("content-type", "application/json")
            .body(r#"{"name":"tls-ingress-key"}"#),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InsufficientScope), "{e}");
    assert_hidden(&e, &[TOKEN]);
}

#[tokio::test]
async fn a_sign_in_form_whose_password_field_is_named_pword_sent_back_to_its_page() {
    let server = respond_with(
        302,
        "text/html; charset=UTF-8",
        "",
        &[(
            "location",
            "logon.php?error=PWDFAIL&redirect=zoph%2Fzoph.php",
        )],
    )
    .await;
    let resp = crate::helpers::client_without_redirects(
        reqwest_auth_explain::AuthExplainMiddleware::builder(),
    )
    .post(format!("{}/zoph/zoph.php", server.uri()))
    .header("content-type", "application/x-www-form-urlencoded")
    .body("uname=marta&pword=FAKESECRETFjordLights76&redirect=")
    .send()
    .await
    .unwrap();
    let e = resp.auth_explanation().expect("explained");
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(e, &["FAKESECRETFjordLights76"]);
}

/// A SOAP 1.1 fault as fastapi-soap renders every exception of a route.
fn soap_fault(code: &str, message: &str) -> String {
    format!(
        r#"<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Header/><soap:Body><Fault><faultcode>{code}</faultcode><faultstring>{message}</faultstring></Fault></soap:Body></soap:Envelope>"#
    )
}

#[tokio::test]
async fn auth_failures_wrapped_by_an_rpc_layer() {
    const ENVELOPE: &str = r#"<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><GetShipmentStatus><TrackingNumber>TVL4471920385</TrackingNumber></GetShipmentStatus></soapenv:Body></soapenv:Envelope>"#;
    // A framework's 401 caught by the SOAP layer and sent as a server fault.
    let server = respond(
        500,
        "text/xml; charset=utf-8",
        &soap_fault("server", "Internal Error: 401: Not authenticated"),
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/ws/ShipmentService", server.uri()))
            .header("content-type", "text/xml;charset=UTF-8")
            .header("soapaction", "\"GetShipmentStatus\"")
            .body(ENVELOPE),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");

    // A permission the user lacks, in a client fault.
    let server = respond(
        500,
        "text/xml; charset=utf-8",
        &soap_fault(
            "client",
            "Access denied: user erp-sync lacks permission shipments:write for CancelShipment",
        ),
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/ws/ShipmentService", server.uri()))
            .basic_auth("erp-sync", Some("FAKESECRETWq7mZ2rT9v"))
            .header("content-type", "text/xml;charset=UTF-8")
            .body(ENVELOPE),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InsufficientScope), "{e}");
    assert!(
        e.to_string()
            .contains("= credential: Basic user:password in"),
        "{e}"
    );
    assert_hidden(&e, &["FAKESECRETWq7mZ2rT9v"]);

    // A JSON-RPC envelope's bare "Auth error" to a call that carried no credential.
    let server = respond(
        200,
        "application/json",
        r#"{"jsonrpc":"2.0","error":{"code":7000,"message":"Auth error"},"id":1}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/api/v1/jsonrpc", server.uri()))
            .header("content-type", "application/json")
            .body(r#"{"jsonrpc": "2.0", "id": 1, "method": "get_balance", "params": {"account_id": "acc_7Hq2Lm"}}"#),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
}

#[tokio::test]
async fn a_session_key_passed_as_an_xml_rpc_parameter_expired() {
    const SESSION: &str = "FAKESECRETf3b1c2e49a7d4c0e8b6a5d3f2e";
    let server = respond(
        200,
        "text/xml; charset=utf-8",
        "<?xml version='1.0' encoding='utf-8'?>\n<methodResponse><fault><value><struct><member><name>faultCode</name><value><i4>-32000</i4></value></member><member><name>faultString</name><value><string>&lt;[102] SessionExpired(Session expired, call auth.login again)&gt;</string></value></member></struct></value></fault></methodResponse>",
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/RPC2", server.uri()))
            .header("content-type", "text/xml")
            .body(format!(
                "<?xml version='1.0'?>\n<methodCall>\n<methodName>tickets.list</methodName>\n<params>\n<param>\n<value><string>{SESSION}</string></value>\n</param>\n</params>\n</methodCall>\n"
            )),
    )
    .await;
    // Not "no session cookie was sent": the session travelled in the call's parameters.
    assert_eq!(e.cause(), Some(Cause::ExpiredCredentials), "{e}");
    assert_hidden(&e, &[SESSION]);
}

#[tokio::test]
async fn a_limiters_refusal_masked_as_a_500_and_a_lockout_that_time_lifts() {
    let now = SystemTime::now();
    let date = httpdate::fmt_http_date(now);
    let reset_ms = (now + Duration::from_secs(897))
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis()
        + 409;
    let reset = reset_ms.to_string();
    let server = respond_with(
        500,
        "application/json",
        r#"{"json":{"defined":false,"code":"INTERNAL_SERVER_ERROR","status":500,"message":"Internal server error"}}"#,
        &[
            ("date", date.as_str()),
            ("ratelimit-limit", "5"),
            ("ratelimit-remaining", "0"),
            ("ratelimit-reset", reset.as_str()),
        ],
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/rpc/auth/login", server.uri()))
            .header("content-type", "application/json")
            .body(r#"{"json":{"email":"priya@example.com","password":"FAKESECRETSummer2026"}}"#),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::RateLimited), "{e}");
    assert!(
        matches!(e.retry_after_s(), Some(897..=899)),
        "{:?}",
        e.retry_after_s()
    );
    assert_hidden(&e, &["FAKESECRETSummer2026"]);

    // A 500 whose limiter still has requests left is the application's own.
    let server = respond_with(
        500,
        "application/json",
        r#"{"message":"Internal server error"}"#,
        &[("ratelimit-limit", "5"), ("ratelimit-remaining", "3")],
    )
    .await;
    handed_on(client().get(format!("{}/rpc/items", server.uri()))).await;
}

#[tokio::test]
async fn a_saml_response_whose_signature_the_service_provider_does_not_trust() {
    use base64::Engine;
    let assertion = format!(
        r#"<samlp:Response ID="_FAKESECRET7b86"><saml:Assertion>{}</saml:Assertion></samlp:Response>"#,
        "<saml:Attribute Name=\"team\">ops</saml:Attribute>".repeat(40)
    );
    let encoded = base64::engine::general_purpose::STANDARD.encode(assertion);
    let server = respond(
        500,
        "text/html; charset=utf-8",
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Error</title>\n</head>\n<body>\n<pre>Error: Invalid document signature<br> &nbsp; &nbsp;at SAML.validatePostResponseAsync (/srv/node_modules/@node-saml/node-saml/lib/saml.js:528:23)</pre>\n</body>\n</html>\n",
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/login/callback", server.uri()))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!(
                "SAMLResponse={}",
                url::form_urlencoded::byte_serialize(encoded.as_bytes()).collect::<String>()
            )),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &[&encoded[..48]]);
}

#[tokio::test]
async fn a_lockout_for_a_while_gives_its_wait() {
    let server = respond(
        403,
        "application/json",
        r#"{"error":"Your account has been locked for 10 minutes after too many failed sign-ins."}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/api/login", server.uri()))
            .header("content-type", "application/json")
            .body(r#"{"username":"rpetrova","password":"FAKESECRETLedgerQuill52"}"#),
    )
    .await;
    assert!(
        matches!(
            e.cause(),
            Some(Cause::RateLimited | Cause::AccountSuspended)
        ),
        "{e}"
    );
    assert_eq!(e.retry_after_s(), Some(600), "{e}");
    assert_hidden(&e, &["FAKESECRETLedgerQuill52"]);

    // Other ways of saying how long: a limiter's "limited for", a wait "at least" so long.
    for (body, wait) in [
        (r#"{"detail":"Access is limited for 300 seconds"}"#, 300),
        (
            r#"{"statusCode":"TOO_MANY_REQUESTS","error":"Too many requests: wait at least 21 seconds"}"#,
            21,
        ),
    ] {
        // (and a product's own id header, shaped like a generated id, is the request's id)
        let server = respond_with(
            429,
            "application/json",
            body,
            &[("x-mbx-uuid", "0b3f7c2e-9a4d-4e1b-8c6f-5d2a1e7b9c30")],
        )
        .await;
        let e = explained(client().get(format!("{}/api/items", server.uri()))).await;
        assert_eq!(e.cause(), Some(Cause::RateLimited), "{e}");
        assert_eq!(e.retry_after_s(), Some(wait), "{body}: {e}");
        assert_eq!(e.request_id(), Some("0b3f7c2e-9a4d-4e1b-8c6f-5d2a1e7b9c30"));
    }
}

#[tokio::test]
async fn fastapis_stock_refusal_to_a_key_it_did_not_look_for() {
    const KEY: &str = "FAKESECRETfsb71c2a9e04d5b";
    let server = respond(403, "application/json", r#"{"detail":"Not authenticated"}"#).await;
    let e = explained(
        client()
            .get(format!("{}/v1/metrics/summary", server.uri()))
            .header("x-api-key", KEY),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::WrongScheme), "{e}");
    assert_eq!(e.confidence(), Some(Confidence::Medium), "{e}");
    assert_hidden(&e, &[KEY]);
    // An app's own sentence that only begins so is no stock answer.
    let server = respond(
        403,
        "application/json",
        r#"{"detail":"Not authenticated: the API key is not valid"}"#,
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/v1/metrics/summary", server.uri()))
            .header("x-api-key", KEY),
    )
    .await;
    assert_ne!(e.cause(), Some(Cause::WrongScheme), "{e}");
}

#[tokio::test]
async fn fastapis_bearer_class_refuses_another_scheme_before_reading_it() {
    const TOKEN: &str = "FAKESECRETesmTok8841";
    let stock = r#"{"detail":"Invalid authentication credentials"}"#;
    let server = respond(403, "application/json", stock).await;
    let e = explained(
        client()
            .get(format!("{}/v2/shipments/77", server.uri()))
            .header("authorization", format!("Token {TOKEN}")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::WrongScheme), "{e}");
    assert!(e.summary().contains("`Token`"), "{e}");
    assert_hidden(&e, &[TOKEN]);
    // A "scheme" that is itself a key is never shown.
    let e = explained(
        client()
            .get(format!("{}/v2/shipments/77", server.uri()))
            .header("authorization", format!("{TOKEN}9x7 {TOKEN}")),
    )
    .await;
    assert_hidden(&e, &[TOKEN]);
    // Sent as Bearer, the same words are the app's own verdict on the token.
    let e = explained(
        client()
            .get(format!("{}/v2/shipments/77", server.uri()))
            .header("authorization", format!("Bearer {TOKEN}")),
    )
    .await;
    assert_ne!(e.cause(), Some(Cause::WrongScheme), "{e}");
    // And a 401 with a challenge is read by its challenge.
    let server = respond_with(
        401,
        "application/json",
        stock,
        &[("www-authenticate", "Basic")],
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/v2/shipments/77", server.uri()))
            .header("authorization", "Basic Zm9vOg=="),
    )
    .await;
    assert_ne!(e.cause(), Some(Cause::WrongScheme), "{e}");
}

/// A chunked HTTP/1.1 chunk of `data`.
fn chunk(data: &str) -> Vec<u8> {
    format!("{:x}\r\n{data}\r\n", data.len()).into_bytes()
}

#[tokio::test]
async fn a_json_rpc_call_answered_as_a_stream_of_events_is_read_to_its_first_event() {
    use crate::helpers::{Step, raw_server};
    const TOKEN: &str = "mcp_FAKESECRET_r3ad0nly_7Kp2Qx9Lm4Vb";
    let first = "event: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"content\":[{\"text\":\"Authorization failed for tool 'close_ticket': insufficient scope (required: tickets:write)\",\"type\":\"text\"}],\"isError\":true}}\n\n";
    let later =
        "event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\"}\n\n";
    // The stream stays open five seconds after its first event (an MCP server may keep it
    // for notifications).
    let addr = raw_server(vec![
        Step::Send(
            b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncache-control: no-cache\r\ntransfer-encoding: chunked\r\n\r\n".to_vec(),
        ),
        Step::Send(chunk(first)),
        Step::Sleep(Duration::from_secs(5)),
        Step::Send(chunk(later)),
        Step::Send(b"0\r\n\r\n".to_vec()),
    ])
    .await;
    let c = crate::helpers::client_with(
        reqwest_auth_explain::AuthExplainMiddleware::builder()
            .body_timeout(Duration::from_secs(30)),
    );
    let started = std::time::Instant::now();
    let resp = c
        .post(format!("http://{addr}/mcp"))
        .header("authorization", format!("Bearer {TOKEN}"))
        .header("content-type", "application/json")
        .header("accept", "application/json, text/event-stream")
        .body(r#"{"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": "close_ticket", "arguments": {"ticket_id": 4211}}}"#)
        .send()
        .await
        .unwrap();
    // Handed on at the first event, not at the stream's end (a 30 s read was allowed).
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
    let e = resp.auth_explanation().expect("explained").clone();
    assert_eq!(e.cause(), Some(Cause::InsufficientScope), "{e}");
    assert_eq!(e.required_scopes(), ["tickets:write"], "{e}");
    assert_hidden(&e, &[TOKEN]);
    // The caller still gets every byte of the stream.
    let body = resp.text().await.unwrap();
    assert_eq!(body, format!("{first}{later}"));

    // A tool's own failure that judges no credential ("Unknown tool") is no auth failure.
    let unknown = "event: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{\"content\":[{\"text\":\"Unknown tool: 'close_ticket'\",\"type\":\"text\"}],\"isError\":true}}\n\n";
    let addr = raw_server(vec![
        Step::Send(
            b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n".to_vec(),
        ),
        Step::Send(chunk(unknown)),
        Step::Send(b"0\r\n\r\n".to_vec()),
    ])
    .await;
    handed_on(
        client()
            .post(format!("http://{addr}/mcp"))
            .header("authorization", format!("Bearer {TOKEN}"))
            .header("content-type", "application/json")
            .body(r#"{"jsonrpc": "2.0", "id": 3, "method": "tools/call", "params": {"name": "close_ticket"}}"#),
    )
    .await;
}

#[tokio::test]
async fn ntlm_sent_under_negotiate_to_a_kerberos_only_server() {
    let server = respond_with(
        401,
        "text/html",
        "<html><head><title>401 Unauthorized</title></head><body><h1>401 Unauthorized</h1></body></html>",
        &[("www-authenticate", "Negotiate")],
    )
    .await;
    // NTLM's first message (NTLMSSP, type 1) wrapped in nothing.
    let ntlm = "TlRMTVNTUAABAAAAB4IIogAAAAAAAAAAAAAAAAAAAAAKAGFKAAAADw==";
    let e = explained(
        client()
            .get(format!("{}/intranet/", server.uri()))
            .header("authorization", format!("Negotiate {ntlm}")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::WrongScheme), "{e}");
    assert!(e.to_string().contains("Kerberos"), "{e}");
    assert_hidden(&e, &[ntlm]);
    // A SPNEGO token (an ASN.1 application tag, `YII…`) refused the same way is no NTLM.
    let spnego = "YIIGXwYGKwYBBQUCoIIGUzCCBk+gMDAuBgkqhkiC9xIBAgIGCSqGSIb3EgECAgYKKwYBBAGCNwICHgYKKwYBBAGCNwICCqKCBhk=";
    let e = explained(
        client()
            .get(format!("{}/intranet/", server.uri()))
            .header("authorization", format!("Negotiate {spnego}")),
    )
    .await;
    assert_ne!(e.cause(), Some(Cause::WrongScheme), "{e}");
}

#[tokio::test]
async fn a_403_that_refuses_the_caller_a_thing_by_name() {
    const TOKEN: &str = "sk_live_FAKESECRET7fQ2mX9pLr4tWv8zN3cB";
    for body in [
        "token not authorized for channel",
        r#"{"code":"ForbiddenError","message":"Insufficient authorization. Follow the oauth2-token link to get a token with more authorization!"}"#,
    ] {
        let server = respond(403, "text/plain", body).await;
        let e = explained(
            client()
                .get(format!("{}/sub/orders_us", server.uri()))
                .header("authorization", format!("Bearer {TOKEN}")),
        )
        .await;
        assert_eq!(e.cause(), Some(Cause::InsufficientScope), "{body}: {e}");
        assert_hidden(&e, &[TOKEN]);
    }
    // The same words that quote the token they refuse may be calling it unknown.
    let server = respond(
        403,
        "application/json",
        r#"{"error":true,"errorCode":"unauthorized","message":"(Token:sk_l****) is not authorized for: /api/14/system/info"}"#,
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/api/14/system/info", server.uri()))
            .header("x-rundeck-auth-token", TOKEN),
    )
    .await;
    assert_ne!(e.cause(), Some(Cause::InsufficientScope), "{e}");
}

#[tokio::test]
async fn a_csrf_token_past_its_lifetime() {
    const TOKEN: &str = "v1.1796589840.FAKESECRET18d86dd4c4f4045e3e5ca584";
    let server = respond(
        400,
        "text/html; charset=utf-8",
        "<!doctype html>\n<html lang=en>\n<title>400 Bad Request</title>\n<h1>Bad Request</h1>\n<p>The CSRF token has expired.</p>\n",
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/account/email", server.uri()))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("cookie", "session=FAKESECRETsessionq8Zc1nVt0w3Jm6")
            .body(format!("_csrf={TOKEN}&email=m.okafor%40example.org")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::ExpiredCredentials), "{e}");
    assert_hidden(&e, &[TOKEN, "FAKESECRETsessionq8Zc1nVt0w3Jm6"]);
}

#[tokio::test]
async fn a_verdict_on_the_token_to_a_key_in_the_path_and_a_cursor_that_is_not_one() {
    const KEY: &str = "FAKESECRETbLyNk0aUth7oK3n";
    // Blynk reads its token from the first path segment and answers a wrong one with a plain
    // 400: nothing else the request sent could be "the token".
    let server = respond(400, "text/plain;charset=utf-8", "Invalid token.").await;
    let e = explained(client().get(format!("{}/{KEY}/get/V1", server.uri()))).await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert!(
        e.evidence()
            .iter()
            .any(|l| l.contains("key-shaped segment")),
        "{e}"
    );
    assert_hidden(&e, &[KEY]);
    // The same words beside an opaque page cursor are the cursor's: a 400 of the payload.
    let server = respond(
        400,
        "application/json",
        r#"{"error":"Invalid token provided","message":"An error occured."}"#,
    )
    .await;
    handed_on(client().get(format!(
        "{}/data_tags?page_size=100&next_page=MjAyNi0xMi0wM3x0YWctMDAwOTk5&api_key={KEY}",
        server.uri()
    )))
    .await;
}

#[tokio::test]
async fn a_bare_string_without_a_type_that_names_the_missing_header() {
    let addr = raw_server(vec![Step::Send(
        b"HTTP/1.1 400 Bad Request\r\ncontent-length: 28\r\n\r\nMissing authorization header"
            .to_vec(),
    )])
    .await;
    let e = explained(
        client()
            .post(format!("http://{addr}/api/messages"))
            .header("content-type", "application/json")
            .body(r#"{"type":"message","text":"hi"}"#),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    // Without a type, words of the payload stay the payload's.
    let addr = raw_server(vec![Step::Send(
        b"HTTP/1.1 400 Bad Request\r\ncontent-length: 23\r\n\r\nfield `name` is missing"[..]
            .to_vec(),
    )])
    .await;
    handed_on(
        client()
            .post(format!("http://{addr}/api/messages"))
            .header("authorization", "Bearer FAKESECRETq8Zc1nVt0w3Jm6aa")
            .header("content-type", "application/json")
            .body(r#"{"type":"message"}"#),
    )
    .await;
}

#[tokio::test]
async fn a_token_past_its_exp_by_the_servers_date_expired_whatever_this_clock_reads() {
    // The response was read 19 minutes after the server wrote it (a stored exchange, or a
    // clock ahead): the token's exp lies before the server's own Date, and the server says it
    // expired. That is the token's end, not a clock to set.
    let now = SystemTime::now();
    let date = now - Duration::from_secs(19 * 60);
    let secs = |t: SystemTime| t.duration_since(SystemTime::UNIX_EPOCH).unwrap().as_secs();
    let token = jwt(&format!(
        r#""sub":"FAKESECRET","iat":{},"exp":{}"#,
        secs(date) - 77,
        secs(date) - 17
    ));
    let server = respond_with(
        401,
        "application/json",
        r#"{"detail": "Invalid or expired token: Signature has expired"}"#,
        &[("date", &httpdate::fmt_http_date(date))],
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/api/vehicles/", server.uri()))
            .header("authorization", format!("Bearer {token}")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::ExpiredCredentials), "{e}");
    assert_hidden(&e, &[&token]);
}

#[tokio::test]
async fn a_public_clients_id_refused_by_the_bare_code_is_not_a_missing_secret() {
    const PASSWORD: &str = "FAKESECRET-bp-user-pw";
    let server = respond(401, "application/json", r#"{"error": "invalid_client"}"#).await;
    let e = explained(
        client()
            .post(format!("{}/v4/auth/o/token/", server.uri()))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!(
                "client_id=docs-client-0Zx7&grant_type=password&username=djmix42&password={PASSWORD}"
            )),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &[PASSWORD]);
    // Without the id, no client authenticated at all.
    let e = explained(
        client()
            .post(format!("{}/v4/auth/o/token/", server.uri()))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!(
                "grant_type=password&username=djmix42&password={PASSWORD}"
            )),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
}

#[tokio::test]
async fn a_jsend_failure_and_a_graphql_error_with_a_numeric_code_are_read_by_their_words() {
    const KEY: &str = "FAKESECRETc3d1b09a7e5f4420b6d8";
    // JSend's `{"status": "error", "data": "<reason>"}` in a 200 to a key in the query.
    let server = respond(
        200,
        "application/json; charset=UTF-8",
        r#"{"status":"error","data":"Invalid key"}"#,
    )
    .await;
    let e = explained(client().get(format!("{}/feed/sarajevo/?token={KEY}", server.uri()))).await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &[KEY]);
    // Its data as a success's payload is handed on.
    let server = respond(
        200,
        "application/json",
        r#"{"status":"ok","data":"Invalid key words are listed"}"#,
    )
    .await;
    handed_on(client().get(format!("{}/feed/sarajevo/?token={KEY}", server.uri()))).await;
    // A GraphQL error whose code is a number names nothing: its words decide.
    let server = respond(
        200,
        "application/json",
        r#"{"data":{"someLabel":null},"errors":[{"locations":[{"line":3,"column":5}],"path":["someLabel","id"],"code":3008,"message":"Insufficient Permissions","requestId":"cj4ikit1y0usr0153erl6p5fr"}]}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/simple/v1/project", server.uri()))
            .header("content-type", "application/json")
            .body(r#"{"query":"mutation{ deleteTest(id: \"x\"){ id } }"}"#),
    )
    .await;
    assert!(
        matches!(
            e.cause(),
            Some(Cause::MissingCredentials | Cause::InsufficientScope)
        ),
        "{e}"
    );
}

#[tokio::test]
async fn an_oauth_catch_all_read_by_its_message_and_a_revocation_after_the_verdict() {
    const REFRESH: &str = "FAKESECRETmalRef9def50200a1b2";
    // OAuth's catch-all `invalid_request` with the reason under `message` (no
    // `error_description`): the token was read and refused, not sent in a broken form.
    let server = respond(
        400,
        "application/json",
        r#"{"error":"invalid_request","message":"The refresh token is invalid.","hint":"Token is not linked to client"}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/v1/oauth2/token", server.uri()))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!(
                "client_id=0c9100ccd443ddb4&grant_type=refresh_token&refresh_token={REFRESH}"
            )),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &[REFRESH]);
    // Review Board: a verdict first, the revocation at the end of the sentence.
    const TOKEN: &str = "rbp_FAKESECRETm3Nd8Qa1Ws6Ex4Rc9Tv2Yb7Un5Ik0";
    let server = respond_with(
        401,
        "application/vnd.reviewboard.org.error+json",
        r#"{"err": {"code": 104, "msg": "This API token became invalid on Dec. 5, 2026, 9:30 a.m.: Token was found in a public GitHub repository and was automatically invalidated.", "type": "auth-login-failed"}, "stat": "fail"}"#,
        &[("www-authenticate", r#"Basic realm="Web API""#)],
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/api/review-requests/", server.uri()))
            .header("authorization", format!("token {TOKEN}")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::RevokedCredentials), "{e}");
    assert_hidden(&e, &[TOKEN]);
}

#[tokio::test]
async fn a_credential_quoted_back_as_empty_did_not_arrive() {
    const PASSWORD: &str = "FAKESECRETvmPa55Zq81";
    let server = respond(
        400,
        "text/plain; charset=utf-8",
        r#"remoteAddr: "127.0.0.1:46982"; requestURI: /internal/force_merge; invalid authKey "". It must match the value from -forceMergeAuthKey command line flag"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!(
                "{}/internal/force_merge?partition_prefix=2026_11",
                server.uri()
            ))
            .basic_auth("grafana", Some(PASSWORD)),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    assert_hidden(&e, &[PASSWORD]);
    // A value quoted back is the one it judged.
    let server = respond(
        401,
        "text/plain",
        r#"invalid authKey "FAKESECRETvmKey". It must match the value from -forceMergeAuthKey"#,
    )
    .await;
    let e = explained(client().get(format!(
        "{}/internal/force_merge?authKey=FAKESECRETvmKey",
        server.uri()
    )))
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
}

#[tokio::test]
async fn an_anti_forgery_token_refused_to_a_form_that_carried_none() {
    const SESSION: &str = "6f1c2a9e-FAKESECRET-4b7d-9a61-1e2f3c4d5e6f";
    // Ring's (and ASP.NET's) name for CSRF protection: "anti-forgery".
    let server = respond(403, "text/html", "<h1>Invalid anti-forgery token</h1>").await;
    let e = explained(
        client()
            .post(format!("{}/settings/profile", server.uri()))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("cookie", format!("ring-session={SESSION}"))
            .body("display_name=Ops+Team"),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    assert_hidden(&e, &[SESSION]);
    // With the token sent, the same words refuse it.
    let e = explained(
        client()
            .post(format!("{}/settings/profile", server.uri()))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("cookie", format!("ring-session={SESSION}"))
            .header("x-csrf-token", "FAKESECRETstaleCsrf0Qw8e")
            .body("display_name=Ops+Team"),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
}

#[tokio::test]
async fn a_token_bound_to_the_address_it_was_issued_to() {
    const TOKEN: &str = "vk1.a.Xq7FAKESECRETm2Lw9bT4nR8sK1pZ6cV3yH0uJ5eD2gA7fB4oN9iM";
    let server = respond(
        200,
        "application/json; charset=utf-8",
        r#"{"error":{"error_code":5,"error_msg":"User authorization failed: access_token was given to another ip address."}}"#,
    )
    .await;
    let e = explained(
        client()
            .get(format!(
                "{}/method/users.get?user_ids=1&v=5.199",
                server.uri()
            ))
            .header("authorization", format!("Bearer {TOKEN}")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::IpRestricted), "{e}");
    assert_hidden(&e, &[TOKEN]);
}

#[tokio::test]
async fn an_untyped_envelope_in_a_200_is_read_as_text() {
    const SECRET: &str = "FAKESECRETq8w7e6r5t4y3";
    let body = r#"{"message": "Forbidden", "code": 403, "success": false}"#;
    let head = format!("HTTP/1.1 200 OK\r\ncontent-length: {}\r\n\r\n", body.len());
    let addr = raw_server(vec![Step::Send(
        [head.as_bytes(), body.as_bytes()].concat(),
    )])
    .await;
    let e = explained(client().get(format!(
        "http://{addr}/v2/analytics/posts?apikey=example-news.com&secret={SECRET}&days=1"
    )))
    .await;
    assert_eq!(e.cause(), Some(Cause::UnknownForbidden), "{e}");
    assert_hidden(&e, &[SECRET]);
    // An untyped success is handed on as it came.
    let body = r#"{"data": [{"title": "Weather"}], "success": true}"#;
    let head = format!("HTTP/1.1 200 OK\r\ncontent-length: {}\r\n\r\n", body.len());
    let addr = raw_server(vec![Step::Send(
        [head.as_bytes(), body.as_bytes()].concat(),
    )])
    .await;
    handed_on(client().get(format!(
        "http://{addr}/v2/analytics/posts?apikey=example-news.com&secret={SECRET}&days=1"
    )))
    .await;
}

#[tokio::test]
async fn a_key_quoted_back_as_null_was_never_sent() {
    let server = respond(
        200,
        "application/json",
        r#"{"status":"ERROR","message":"Invalid apikey 'null'"}"#,
    )
    .await;
    let e = explained(client().post(format!(
        "{}/api/datasets/13/actions/:publish?type=major",
        server.uri()
    )))
    .await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    // With a key sent, the literal is the server's own word for it: a verdict on that key.
    let e = explained(client().post(format!(
        "{}/api/datasets/13/actions/:publish?type=major&key=FAKESECRETdv4e8b1c",
        server.uri()
    )))
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
}

#[tokio::test]
async fn an_error_entry_that_names_the_key_field_is_a_verdict_on_the_key() {
    const KEY: &str = "FAKESECRET-ab12-cd34-ef56";
    let server = respond(
        200,
        "application/json; charset=utf-8",
        r#"{"Errors":[{"Code":"Invalid","Message":"Invalid unique identifier.","PropertyName":"API Key"}],"SearchResults":null}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!(
                "{}/api/v2/search/keyword?apiKey={KEY}",
                server.uri()
            ))
            .header("content-type", "application/json")
            .body(r#"{"SearchByKeywordRequest":{"keyword":"NE555","records":50}}"#),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &[KEY]);
}

#[tokio::test]
async fn a_token_endpoint_that_names_the_registered_method_of_client_authentication() {
    const SECRET: &str = "FAKESECRETq8Zc1nVt0w3Jm6Lp";
    let server = respond(
        400,
        "application/json",
        r#"{"error":"invalid_request","error_description":"Your client is configured to authenticate using CLIENT_SECRET_BASIC"}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/oidc/token", server.uri()))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!(
                "grant_type=authorization_code&code=CODE-FAKESECRET-5d1e&client_id=demo&client_secret={SECRET}"
            )),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::WrongScheme), "{e}");
    assert!(e.to_string().contains("client_secret_basic"), "{e}");
    assert_hidden(&e, &[SECRET]);
}

#[tokio::test]
async fn redfish_refusals_a_license_and_a_privilege() {
    const PASSWORD: &str = "FAKESECRET-bmc-pw";
    let server = respond(
        403,
        "application/json",
        r#"{"error":{"code":"Base.v1_10_3.GeneralError","message":"Not licensed to perform this request. The following licenses DCMS were needed","@Message.ExtendedInfo":[{"MessageId":"SMC.1.0.OemLicenseNotPassed","Severity":"Warning","Resolution":"Please activate at least one license in the above message.","Message":"Not licensed to perform this request. The following licenses DCMS were needed","MessageArgs":["DCMS "],"RelatedProperties":[""]}]}}"#,
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/redfish/v1/Systems/1/SecureBoot", server.uri()))
            .basic_auth("ADMIN", Some(PASSWORD)),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::PlanRestricted), "{e}");
    // A privilege the account lacks, reported in a 400's extended information.
    let server = respond(
        400,
        "application/json;odata.metadata=minimal;charset=utf-8",
        r#"{"error":{"code":"Base.1.0.GeneralError","message":"A general error has occurred. See ExtendedInfo for more information.","@Message.ExtendedInfo":[{"MessageId":"Base.1.0.InternalError","Message":"failed, No sufficient Privileges for user to perform requested operation."}]}}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!(
                "{}/redfish/v1/Managers/iDRAC.Embedded.1/Actions/Oem/EID_674_Manager.ExportSystemConfiguration",
                server.uri()
            ))
            .basic_auth("operator", Some(PASSWORD))
            .header("content-type", "application/json")
            .body(r#"{"ExportFormat": "XML"}"#),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InsufficientScope), "{e}");
    assert_hidden(&e, &[PASSWORD]);
}

#[tokio::test]
async fn a_soap_fault_500_read_for_its_words() {
    const PASSWORD: &str = "FAKESECRETsoapPw7";
    let server = respond(
        500,
        "text/xml; charset=utf-8",
        r#"<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault><faultcode>wsse:FailedAuthentication</faultcode><faultstring>Authentication failed: invalid user name or password</faultstring></soap:Fault></soap:Body></soap:Envelope>"#,
    )
    .await;
    let envelope = format!(
        r#"<?xml version="1.0"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Header><wsse:Security><wsse:UsernameToken><wsse:Username>etl</wsse:Username><wsse:Password>{PASSWORD}</wsse:Password></wsse:UsernameToken></wsse:Security></soap:Header><soap:Body><Retrieve/></soap:Body></soap:Envelope>"#
    );
    let e = explained(
        client()
            .post(format!("{}/Service.asmx", server.uri()))
            .header("content-type", "text/xml")
            .header("soapaction", "Retrieve")
            .body(envelope),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &[PASSWORD]);
    // A fault of the call itself is the service's own.
    let server = respond(
        500,
        "text/xml; charset=utf-8",
        r#"<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault><faultcode>soap:Server</faultcode><faultstring>Object reference not set to an instance of an object.</faultstring></soap:Fault></soap:Body></soap:Envelope>"#,
    )
    .await;
    handed_on(
        client()
            .post(format!("{}/Service.asmx", server.uri()))
            .header("content-type", "text/xml")
            .body("<soap:Envelope/>"),
    )
    .await;
}

#[tokio::test]
async fn a_key_in_the_query_wrapped_in_quotes() {
    const PASSWORD: &str = "FAKESECRETuserpw";
    let server = respond(
        403,
        "text/plain; charset=utf-8",
        "Erreur de login : Vérifier les identifiants utilisateurs !",
    )
    .await;
    let e = explained(client().get(format!(
        "{}/api2/ssuserInfos.php?ssid=%22player1%22&sspassword=%22{PASSWORD}%22",
        server.uri()
    )))
    .await;
    assert_eq!(e.cause(), Some(Cause::MalformedCredentials), "{e}");
    assert_hidden(&e, &[PASSWORD]);
}

#[tokio::test]
async fn a_registry_that_treats_a_wrong_password_as_anonymous_and_refuses_a_named_user() {
    const PASSWORD: &str = "FAKESECRETpw8Lq2";
    let server = respond(
        403,
        "application/json; charset=utf-8",
        r#"{"error": "unregistered users are not allowed to access package @acme/billing-client"}"#,
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/@acme%2fbilling-client", server.uri()))
            .basic_auth("alice", Some(PASSWORD)),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &[PASSWORD]);
    // The user it names was accepted; the action was not.
    let server = respond(
        403,
        "application/json; charset=utf-8",
        r#"{"error": "user alice is not allowed to publish package @acme/billing-client"}"#,
    )
    .await;
    let e = explained(
        client()
            .put(format!("{}/@acme%2fbilling-client", server.uri()))
            .basic_auth("alice", Some(PASSWORD))
            .header("content-type", "application/json")
            .body(r#"{"name":"@acme/billing-client"}"#),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InsufficientScope), "{e}");
    // A stack trace's `<anonymous>` frame names no caller.
    let server = respond(
        403,
        "application/json; charset=utf-8",
        r#"{"message":"User does not have permissions to read template (rkJTnK2ce)","stack":"Error: User does not have permissions to read template\n  at AsyncFunction.<anonymous> (/app/node_modules/core/lib/reporter.js:53:12)"}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/api/report", server.uri()))
            .basic_auth("alice", Some(PASSWORD)),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InsufficientScope), "{e}");
}

#[tokio::test]
async fn a_sign_in_method_turned_off_for_the_organization() {
    const TOKEN: &str = "FAKESECRETd41e9c0b7a2f48e3b6c5a1d0e9f87";
    let server = respond_with(
        401,
        "application/json",
        r#"{"status_code":401,"detail":"Authentication token no longer valid: legacy token authentication has been disabled for this organization"}"#,
        &[("www-authenticate", "Token")],
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/api/projects", server.uri()))
            .header("authorization", format!("Token {TOKEN}")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::OrganizationPolicy), "{e}");
    assert_hidden(&e, &[TOKEN]);
}

#[tokio::test]
async fn a_mac_signed_request_whose_own_time_is_hours_behind_the_server() {
    // The request is signed with the local time; the server's clock is three hours ahead.
    let now = SystemTime::now();
    let ts = now
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let server_now = now + Duration::from_secs(3 * 3600);
    let server = respond_with(
        401,
        "text/plain; charset=UTF-8",
        "401 Unauthorized\n\nThis server could not verify that you are authorized to access the document you requested.\n\ninvalid MAC signature\n",
        &[
            ("www-authenticate", "MAC"),
            ("date", &httpdate::fmt_http_date(server_now)),
        ],
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/v1/metrics", server.uri()))
            .header(
                "authorization",
                format!(r#"MAC ts="{ts}", nonce="q7ZfW2", id="mac_FAKESECRET_kid_42", mac="n3yaD6F1hxmigZSY3lRIAFHFrnI=""#),
            ),
    )
    .await;
    // A signature computed over the request's own stated time verifies whatever the clocks
    // say: a refusal of the signature alone judged what was signed. The offset is shown.
    assert_eq!(e.cause(), Some(Cause::SignatureMismatch), "{e}");
    assert!(e.to_string().contains("3 h"), "{e}");
}

#[tokio::test]
async fn an_unexpanded_variable_in_a_header_named_for_a_token() {
    let server = respond(
        200,
        "text/plain; charset=utf-8",
        "Hook rules were not satisfied.",
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/hooks/redeploy", server.uri()))
            .header("content-type", "application/json")
            .header("x-webhook-token", "${WEBHOOK_TOKEN}")
            .body(r#"{"ref":"main"}"#),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::PlaceholderCredentials), "{e}");
    // A real token there, answered the same, is a success of the hook's own kind.
    handed_on(
        client()
            .post(format!("{}/hooks/redeploy", server.uri()))
            .header("content-type", "application/json")
            .header("x-webhook-token", "FAKESECRETq8Zc1nVt0w3Jm6")
            .body(r#"{"ref":"main"}"#),
    )
    .await;
}

#[tokio::test]
async fn a_token_in_the_query_of_a_server_that_names_its_caller_anonymous() {
    const TOKEN: &str = "krill_FAKESECRET_admin_9d3c";
    let body = r#"{"label":"api-insufficient-rights","msg":"Insufficient rights: User 'anonymous' does not have permission 'login'","args":{"cause":"User 'anonymous' does not have permission 'login'"}}"#;
    let server = respond(403, "application/json", body).await;
    let e = explained(client().get(format!("{}/api/v1/cas?token={TOKEN}", server.uri()))).await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    assert_hidden(&e, &[TOKEN]);
    // In the header it reads, the same words refuse the token itself.
    let e = explained(
        client()
            .get(format!("{}/api/v1/cas", server.uri()))
            .header("authorization", format!("Bearer {TOKEN}")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
}

#[tokio::test]
async fn a_json_rpc_batch_answered_in_part_and_refused_in_part() {
    let token = jwt(r#""sub":"indexer","permissions":["eth:*","net:*"],"exp":1924992000"#);
    let server = respond(
        200,
        "application/json",
        r#"[{"jsonrpc":"2.0","id":1,"result":"0x15a3c2e"},{"jsonrpc":"2.0","id":2,"error":{"code":-40100,"message":"Unauthorized"}}]"#,
    )
    .await;
    let batch = r#"[{"jsonrpc":"2.0","method":"eth_blockNumber","params":[],"id":1},{"jsonrpc":"2.0","method":"admin_peers","params":[],"id":2}]"#;
    let e = explained(
        client()
            .post(format!("{}/", server.uri()))
            .header("content-type", "application/json")
            .header("authorization", format!("Bearer {token}"))
            .body(batch),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InsufficientScope), "{e}");
    assert_hidden(&e, &[&token]);
    // Every call answered: a success.
    let server = respond(
        200,
        "application/json",
        r#"[{"jsonrpc":"2.0","id":1,"result":"0x15a3c2e"},{"jsonrpc":"2.0","id":2,"result":[]}]"#,
    )
    .await;
    handed_on(
        client()
            .post(format!("{}/", server.uri()))
            .header("content-type", "application/json")
            .header("authorization", format!("Bearer {token}"))
            .body(batch),
    )
    .await;
}

#[tokio::test]
async fn a_body_field_that_holds_an_authorization_value_whole() {
    const TOKEN: &str = "ory_st_FAKESECRETq7Wm2Xc9Lp4Rt6Yz1Bn3Vd";
    let server = respond(
        422,
        "application/json; charset=utf-8",
        r#"{"error":"Invalid value for AuthToken"}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/auth/totp/validate", server.uri()))
            .header("content-type", "application/json")
            .body(format!(
                r#"{{"totpCode":"492817","authToken":"Bearer {TOKEN}"}}"#
            )),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::MalformedCredentials), "{e}");
    assert_hidden(&e, &[TOKEN]);
    // The token alone, refused the same: a verdict on it.
    let e = explained(
        client()
            .post(format!("{}/auth/totp/validate", server.uri()))
            .header("content-type", "application/json")
            .body(format!(r#"{{"totpCode":"492817","authToken":"{TOKEN}"}}"#)),
    )
    .await;
    assert_ne!(e.cause(), Some(Cause::MalformedCredentials), "{e}");
}

#[tokio::test]
async fn a_signed_link_past_its_expiry_answered_gone() {
    const PAGE: &str = "<html>\r\n<head><title>410 Gone</title></head>\r\n<body>\r\n<center><h1>410 Gone</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n";
    let server = respond(410, "text/html", PAGE).await;
    let e = explained(client().get(format!(
        "{}/s/report-2024-q4.pdf?md5=1D9_HKcbwS9VKh4ZwE1opw&expires=1704067200",
        server.uri()
    )))
    .await;
    assert_eq!(e.cause(), Some(Cause::ExpiredCredentials), "{e}");
    assert_hidden(&e, &["1D9_HKcbwS9VKh4ZwE1opw"]);
    // A 410 to a plain request is the resource's.
    handed_on(client().get(format!("{}/s/report-2024-q4.pdf", server.uri()))).await;
}

#[tokio::test]
async fn a_400_that_says_no_authorization_arrived_in_words_or_by_its_code() {
    let server = respond(
        400,
        "application/json",
        r#"{"meta":{"httpStatus":"400 - Bad Request","error":{"errorMessage":"Expected authorization in headers, but none provided.","errorCode":"ATP_2"},"requestId":"6388361c-b0e8-436a-9712-c486076b02bb"}}"#,
    )
    .await;
    let e = explained(client().get(format!("{}/API/v3/whoami", server.uri()))).await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    let server = respond(
        400,
        "application/json",
        r#"{"errors":[{"type":"UnauthorizedException","message":"client key not set","code":"160"}]}"#,
    )
    .await;
    let e = explained(client().get(format!(
        "{}/api/internal/1.14/location/187275/hotels?currency=USD",
        server.uri()
    )))
    .await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    // A payload's field "not set", under a code of validation, stays the payload's.
    let server = respond(
        400,
        "application/json",
        r#"{"errors":[{"type":"ValidationException","message":"sort key not set","code":"160"}]}"#,
    )
    .await;
    handed_on(client().get(format!("{}/api/internal/1.14/items", server.uri()))).await;
}

#[tokio::test]
async fn a_credential_variable_never_expanded_in_a_header_of_the_apps_own_name() {
    let server = respond(
        401,
        "text/plain; charset=utf-8",
        "<html><head><title>401 Unauthorized</title></head><body><h1>401 Unauthorized</h1>Error in API Call</body></html>",
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/api/appdaemon/state/admin", server.uri()))
            .header("x-ad-access", "${AD_PASSWORD}"),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::PlaceholderCredentials), "{e}");
    // A template of something else is no credential.
    let e = explained(
        client()
            .get(format!("{}/api/appdaemon/state/admin", server.uri()))
            .header("x-trace", "${TRACE_ID}"),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
}

#[tokio::test]
async fn flasks_stock_500_page_to_a_basic_value_that_is_not_base64() {
    let server = respond(
        500,
        "text/html; charset=utf-8",
        "<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n<h1>Internal Server Error</h1>\n<p>The server encountered an internal error and was unable to complete your request. Either the server is overloaded or there is an error in the application.</p>\n",
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/redfish/v1/Systems", server.uri()))
            .header("authorization", "Basic FAKESECRET%%"),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::MalformedCredentials), "{e}");
    assert_hidden(&e, &["FAKESECRET%%"]);
}

#[tokio::test]
async fn a_key_under_a_name_that_holds_one_only_sometimes_is_found_by_its_shape() {
    // AcoustID's application key goes in `client`: a key's shape there is a credential, shown
    // only by its fingerprint.
    let server = respond(
        400,
        "application/json; charset=UTF-8",
        r#"{"error": {"code": 4, "message": "invalid API key"}, "status": "error"}"#,
    )
    .await;
    let e = explained(client().get(format!(
        "{}/v2/lookup?client=FAKESECRETq8X&meta=recordings&duration=187",
        server.uri()
    )))
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_eq!(
        e.credential().map(|c| c.location.to_string()).as_deref(),
        Some("query:client")
    );
    assert_hidden(&e, &["FAKESECRETq8X"]);
    // A word under the same name is no key.
    let e = explained(client().get(format!("{}/v2/lookup?client=firefox", server.uri()))).await;
    assert!(e.credential().is_none(), "{e}");
}

#[tokio::test]
async fn a_query_parameter_the_server_names_as_absent_was_not_read_there() {
    // Dolibarr reads `DOLAPIKEY` from the URL on GET only: a POST's is reported missing.
    let server = respond(
        401,
        "application/json; charset=utf-8",
        r#"{"error":{"code":401,"message":"Unauthorized: Failed to login to API. No parameter 'HTTP_DOLAPIKEY' on HTTP header (and no parameter DOLAPIKEY in URL)."}}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!(
                "{}/api/index.php/stockmovements?DOLAPIKEY=FAKESECRETq8Zk3LrT0vW2",
                server.uri()
            ))
            .header("content-type", "application/json")
            .body(r#"{"product_id":12,"qty":5}"#),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    assert_hidden(&e, &["FAKESECRETq8Zk3LrT0vW2"]);
    // "No such username/password" says the pair is unknown, not that it did not arrive.
    let server = respond(
        401,
        "application/json; charset=utf-8",
        r#"{"errorCode":"authentication-failed","error":"No such username/password"}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/api/login", server.uri()))
            .header("content-type", "application/json")
            .body(r#"{"username":"deploybot","password":"FAKESECRETpw78"}"#),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
}

#[tokio::test]
async fn a_header_name_sent_as_the_authorization_scheme() {
    let server = respond(
        401,
        "application/json",
        r#"{"error": "Unauthorized. You shouldn't be here."}"#,
    )
    .await;
    let key = "VGhtY1BOUGNBFAKESECRETlneFVHMVRIN05tWVUydW56QU5XU2pHVElOZGtOTQ==";
    let e = explained(
        client()
            .get(format!("{}/v1/countries/NG/states", server.uri()))
            .header("authorization", format!("X-CSCAPI-KEY {key}")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    assert!(
        e.remedies()
            .iter()
            .any(|r| r.contains("X-CSCAPI-KEY: <key>")),
        "{e}"
    );
    assert_hidden(&e, &[key]);
    // A first word that is itself a key, not a header's name, is never printed.
    let e = explained(
        client()
            .get(format!("{}/v1/countries/NG/states", server.uri()))
            .header("authorization", format!("x-apikey-FAKESECRET9Q2x {key}")),
    )
    .await;
    assert_hidden(&e, &["FAKESECRET9Q2x", key]);
    // A scheme of its own (Django REST Framework API Key's `Api-Key`) is a scheme.
    let e = explained(
        client()
            .get(format!("{}/v1/countries/NG/states", server.uri()))
            .header("authorization", format!("Api-Key {key}")),
    )
    .await;
    assert_ne!(e.cause(), Some(Cause::MissingCredentials), "{e}");
}

#[tokio::test]
async fn a_token_request_sent_in_the_query_string() {
    let server = respond(
        400,
        "application/json; charset=utf-8",
        r#"{"code": "invalid_request", "description": "The mandatory 'grant_type' parameter is missing."}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!(
                "{}/api/v1/accounts/token?grant_type=refresh_token&refresh_token=CfDJ8FAKESECRETr7Kq2w&client_id=app&client_secret=FAKESECRETcs9f3b",
                server.uri()
            ))
            .header("content-type", "application/x-www-form-urlencoded"),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    assert_hidden(&e, &["CfDJ8FAKESECRETr7Kq2w", "FAKESECRETcs9f3b"]);
    // The same parameters in the form body, refused: the grant was read and judged.
    let server = respond(
        400,
        "application/json; charset=utf-8",
        r#"{"error": "invalid_grant", "error_description": "The refresh token is invalid."}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/api/v1/accounts/token", server.uri()))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("grant_type=refresh_token&refresh_token=CfDJ8FAKESECRETr7Kq2w"),
    )
    .await;
    assert_ne!(e.cause(), Some(Cause::MissingCredentials), "{e}");
}

#[tokio::test]
async fn a_jsonp_answer_that_states_its_status() {
    let server = respond(
        200,
        "application/javascript",
        r#"jsonCallback({"validationErrors":null,"response":null,"exception":{"exception":false,"errorMsg":"Unauthorized","httpStatus":"401","errorCode":"300"}});"#,
    )
    .await;
    let e = explained(client().get(format!(
        "{}/checkout/api/1/901249301/rs/preTokenService?callback=jsonCallback&sellerId=901249301&publishableKey=6F1C2A3B-FAKESECRET-4D5E-8F90-ABCDEF123456",
        server.uri()
    )))
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &["6F1C2A3B-FAKESECRET-4D5E-8F90-ABCDEF123456"]);
}

#[tokio::test]
async fn a_credential_sent_as_proxy_authorization_to_an_origin_that_asks_for_it() {
    // The server is on loopback: no proxy in the way; the origin's challenge asks for Basic.
    let server = respond_with(
        401,
        "text/html",
        "<h1>Authorization Required</h1>",
        &[(
            "www-authenticate",
            r#"Basic realm="Authorization Required""#,
        )],
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/notes.txt", server.uri()))
            .header("proxy-authorization", "Basic Y2k6RkFLRVNFQ1JFVC1jaS00Mg=="),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    assert_hidden(&e, &["Y2k6RkFLRVNFQ1JFVC1jaS00Mg=="]);
}

#[tokio::test]
async fn a_failed_calls_result_and_an_errors_map_name_the_credential() {
    // The Etherscan family's envelope: the result of a call that failed is its reason.
    let server = respond(
        200,
        "application/json; charset=utf-8",
        r#"{"status":"0","message":"NOTOK","result":"Missing/Invalid API Key"}"#,
    )
    .await;
    let e = explained(client().get(format!(
        "{}/api?module=account&action=balance&tag=latest&apikey=FAKESECRETQ7WZ3KJ1P9",
        server.uri()
    )))
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &["FAKESECRETQ7WZ3KJ1P9"]);
    // Rails-style errors by field: the credential's field is the subject.
    let server = respond(
        412,
        "application/json; charset=utf-8",
        r#"{"error_message":"You're not allowed in here unless you're logged in.","error_code":105,"errors":{"access_token":["is not valid."]}}"#,
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/v3/content_types/page/entries", server.uri()))
            .header("api_key", "blt0FAKESECRET9c2a1b3d4e")
            .header("access_token", "cs0FAKESECRET77aa"),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &["blt0FAKESECRET9c2a1b3d4e", "cs0FAKESECRET77aa"]);
}

#[tokio::test]
async fn a_token_endpoints_oauth_errors_in_a_500_and_the_scopes_it_refused() {
    let server = respond(
        500,
        "application/json",
        r#"{"error":"invalid_client","error_description":"An unexpected error has occurred. Please try this operation again later"}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/demoAPIServer/oauth2/token", server.uri()))
            .header("content-type", "application/x-www-form-urlencoded")
            .header(
                "authorization",
                "Basic ZGVtb2NsaWVudDpGQUtFU0VDUkVUMTIzNDU=",
            )
            .body("grant_type=authorization_code&code=FAKESECRETauthcode81"),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    // `invalid_scope`: the scope the description names, of those the form asked for.
    let server = respond(
        400,
        "application/json",
        r#"{"error":"invalid_scope","error_description":"Client is not authorized to request the scope content:toc:read"}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/core/connect/token", server.uri()))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("grant_type=client_credentials&client_id=lms&client_secret=FAKESECRETcs1&scope=content%3Atoc%3Aread+groups%3A*%3A*"),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InsufficientScope), "{e}");
    assert_eq!(e.required_scopes(), ["content:toc:read"], "{e}");
    assert_hidden(&e, &["FAKESECRETcs1"]);
}

#[tokio::test]
async fn a_credential_header_the_server_names_and_the_request_did_not_send() {
    let server = respond(
        403,
        "application/json; charset=utf-8",
        r#"{"message":"No account specified. Ensure you have set the X-CRASHLYTICS-ACCESS-TOKEN header correctly."}"#,
    )
    .await;
    let e = explained(client().get(format!(
        "{}/api/v2/organizations.json?access_token=FAKESECRET8c1f0e2a9b7d4c6e",
        server.uri()
    )))
    .await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    assert_hidden(&e, &["FAKESECRET8c1f0e2a9b7d4c6e"]);
}

#[tokio::test]
async fn nginxs_client_certificate_page_to_a_request_with_a_token() {
    let server = respond_with(
        400,
        "text/html",
        "<html>\r\n<head><title>400 No required SSL certificate was sent</title></head>\r\n<body>\r\n<center><h1>400 Bad Request</h1></center>\r\n<center>No required SSL certificate was sent</center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n",
        &[("server", "nginx/1.22.1")],
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/v3/invoices.json", server.uri()))
            .header("authorization", "Bearer pk_live_FAKESECRET_3e77ab"),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    assert_hidden(&e, &["pk_live_FAKESECRET_3e77ab"]);
}

#[tokio::test]
async fn a_ws_security_fault_to_an_envelope_without_a_security_header() {
    let server = respond(
        500,
        "text/xml; charset=utf-8",
        r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault><faultcode xmlns:a="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd">a:InvalidSecurity</faultcode><faultstring xml:lang="en-US">An error occurred when verifying security for the message.</faultstring></s:Fault></s:Body></s:Envelope>"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/Services/Integration", server.uri()))
            .header("content-type", "text/xml; charset=utf-8")
            .header("soapaction", "\"http://tempuri.org/IIntegration/WhoAmI\"")
            .body(r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><WhoAmI xmlns="http://tempuri.org/"/></s:Body></s:Envelope>"#),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
}

#[tokio::test]
async fn a_query_credential_pasted_with_a_space_answered_with_a_bare_ko() {
    let server = respond(200, "text/plain;charset=UTF-8", "KO").await;
    let e = explained(client().get(format!(
        "{}/update?domains=myhomelab&token=%20FAKESECRET-5f2c-4e1a-9b7d-1a2b3c4d5e6f&ip=",
        server.uri()
    )))
    .await;
    assert_eq!(e.cause(), Some(Cause::MalformedCredentials), "{e}");
    assert_hidden(&e, &["FAKESECRET-5f2c-4e1a-9b7d-1a2b3c4d5e6f"]);
    // The same answer to a clean key is handed on: "KO" alone proves nothing.
    handed_on(client().get(format!(
        "{}/update?domains=myhomelab&token=FAKESECRET-5f2c-4e1a-9b7d-1a2b3c4d5e6f&ip=",
        server.uri()
    )))
    .await;
}

#[tokio::test]
async fn a_graphql_selection_is_no_template() {
    let server = respond(
        422,
        "application/json",
        r#"{"errors":[{"message":"Cannot query field \"secret\" on type \"Query\".","locations":[{"line":1,"column":3}],"extensions":{"code":"GRAPHQL_VALIDATION_FAILED"}}],"data":null}"#,
    )
    .await;
    handed_on(
        client()
            .post(format!("{}/query", server.uri()))
            .header("content-type", "application/json")
            .header("authorization", "Bearer FAKESECRETtok0123456789abcdef")
            .body(r#"{"query":"{ secret }"}"#),
    )
    .await;
}

#[tokio::test]
async fn a_bearer_challenges_invalid_request_about_another_parameter() {
    // RFC 6750's catch-all on a 400, no description, to one well-formed Bearer token: the
    // request's `month` was what the server refused.
    let server = respond_with(
        400,
        "text/plain; charset=utf-8",
        "Bad Request",
        &[(
            "www-authenticate",
            r#"Bearer realm="reports", error="invalid_request""#,
        )],
    )
    .await;
    handed_on(
        client()
            .get(format!("{}/api/reports?month=November", server.uri()))
            .header("authorization", "Bearer rpt_FAKESECRET_4c1d9e"),
    )
    .await;
    // The same challenge with no token at all is a missing one.
    let e = explained(client().get(format!("{}/api/reports?month=November", server.uri()))).await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
}

#[tokio::test]
async fn a_one_time_code_judged_is_that_code_refused() {
    let server = respond(
        404,
        "application/json",
        r#"{"detail":"The OTP password entered is not valid. Please check and try again."}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/api/password_reset/confirm/", server.uri()))
            .header("content-type", "application/json")
            .body(r#"{"token": "5f0c2d9e8a71FAKESECRET3b", "password": "N3w-Passw0rd-2026!"}"#),
    )
    .await;
    assert_ne!(e.cause(), Some(Cause::OrganizationPolicy), "{e}");
    let server = respond(
        401,
        "application/json",
        r#"{"error":"Two-factor authentication is required for this organization"}"#,
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/api/v1/repos", server.uri()))
            .header("authorization", "Bearer FAKESECRETtok0123456789abcdef"),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::OrganizationPolicy), "{e}");
}

#[tokio::test]
async fn a_431_to_a_credential_too_large_for_the_server() {
    let server = respond(431, "text/plain", "").await;
    let token = format!("eyJhbGciOiJSUzI1NiJ9.{}.sig", "A".repeat(6000));
    let e = explained(
        client()
            .get(format!("{}/v1/orders", server.uri()))
            .header("authorization", format!("Bearer {token}")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::MalformedCredentials), "{e}");
    assert_hidden(&e, &[&token]);
    // A small credential: the 431 is about other headers, no auth failure.
    handed_on(
        client()
            .get(format!("{}/v1/orders", server.uri()))
            .header("authorization", "Bearer FAKESECRETtok0123456789abcdef")
            .header("x-trace", "t".repeat(6000)),
    )
    .await;
}
