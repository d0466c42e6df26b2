//! Credentials in places found by their shape (a key sent as the whole query, a session id in
//! a path segment's parameter, a header named for whose key it is), and answers read by their
//! structure: an envelope's code beside its own message, a status-only `data`, a refusal that
//! is a whole body, an error nested in a redirect's query. Each output is checked for the
//! secrets the request carried.

use reqwest_auth_explain::{Cause, ResponseExt, redact_url};

use reqwest_auth_explain::AuthExplainMiddleware;

use crate::helpers::{
    assert_hidden, client, client_without_redirects, explained, handed_on, respond, respond_with,
};

#[tokio::test]
async fn a_key_sent_as_the_whole_query_is_found_and_hidden() {
    const KEY: &str = "FAKESECRETdGhpc2lzbm90cmVhbDEyMzQ1Njc4OQ";
    let server = respond(401, "text/plain", "Unauthorized").await;
    // Pasted with its line break (`%0A`): the server reads the break as part of the key.
    let url = format!("{}/dynamic/update.php?{KEY}%0A", server.uri());
    let e = explained(client().get(&url)).await;
    assert_eq!(e.cause(), Some(Cause::MalformedCredentials), "{e}");
    assert!(
        e.findings().iter().any(|f| f.code == "trailing_whitespace"),
        "{e}"
    );
    assert_hidden(&e, &[KEY]);
    let shown = redact_url(&url::Url::parse(&url).unwrap(), &[]);
    assert!(shown.ends_with("update.php?REDACTED"), "{shown}");
    // A word or a short value in the same place is no key.
    let plain = format!("{}/search?hello-world&x=1", server.uri());
    assert_eq!(redact_url(&url::Url::parse(&plain).unwrap(), &[]), plain);
}

#[tokio::test]
async fn a_session_id_in_a_path_parameter_is_found_and_hidden() {
    const SID: &str = "FAKESECRETB1E2F3A4C5D6E7F8";
    let server = respond(
        200,
        "text/xml;charset=UTF-8",
        "<Envelope><Body><RESULT><SUCCESS>false</SUCCESS></RESULT><Fault><FaultString>User session is invalid or has expired.</FaultString></Fault></Body></Envelope>",
    )
    .await;
    let url = format!("{}/XMLAPI;jsessionid={SID}", server.uri());
    let resp = client()
        .post(&url)
        .header("content-type", "text/xml;charset=utf-8")
        .body("<Envelope><Body><GetLists/></Body></Envelope>")
        .send()
        .await
        .unwrap();
    let e = resp.auth_explanation().expect("explained").clone();
    assert!(
        matches!(
            e.cause(),
            Some(Cause::InvalidCredentials | Cause::ExpiredCredentials)
        ),
        "{e}"
    );
    assert_hidden(&e, &[SID]);
    assert!(
        e.url().contains("XMLAPI;jsessionid=REDACTED"),
        "{}",
        e.url()
    );
    let shown = redact_url(&url::Url::parse(&url).unwrap(), &[]);
    assert!(shown.ends_with("/XMLAPI;jsessionid=REDACTED"), "{shown}");
    // A segment's parameter that names no session or credential stays.
    let plain = format!("{}/files/report;version=2", server.uri());
    assert_eq!(redact_url(&url::Url::parse(&plain).unwrap(), &[]), plain);
}

#[tokio::test]
async fn a_header_named_for_a_developers_key_is_a_credential() {
    const KEY: &str = "FAKESECRETQ7ZP3MXK2WJ5HT9";
    let server = respond(
        403,
        "application/json",
        r#"{"errors":[{"code":"access_denied|access_denied_invalid_key","message":"Access denied due to access_denied_invalid_key."}]}"#,
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/services/v2/account", server.uri()))
            .header("x-dc-devkey", KEY),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &[KEY]);
}

#[tokio::test]
async fn an_envelopes_code_beside_its_own_message() {
    const KEY: &str = "FAKESECRET6a1f0c9e-2b7d-4e3a-9c8b-5d4e3f2a1b0c";
    let server = respond(
        200,
        "application/json",
        r#"{"res":9418,"res_message":"Disabled API Key","debug_info":{"id-info":"999999"}}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/api/prov/v1/account", server.uri()))
            .header("x-api-key", KEY),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::RevokedCredentials), "{e}");
    assert_hidden(&e, &[KEY]);

    // A string code beside its message: `resultCode` and `resultMessage` share a stem.
    let server = respond(
        200,
        "application/json;charset=UTF-8",
        r#"{"resultCode":"api_key_invalid","resultMessage":"accessKey is wrong","data":null}"#,
    )
    .await;
    let e = explained(client().get(format!(
        "{}/api/v2/trade/getOpenOrders?accessKey=xxx&symbol=BTC_USDT",
        server.uri()
    )))
    .await;
    assert_eq!(e.cause(), Some(Cause::PlaceholderCredentials), "{e}");

    // The same shape reporting success is handed on.
    let server = respond(
        200,
        "application/json",
        r#"{"resultCode":"SUCCESS","resultMessage":"done","data":{"orders":[]}}"#,
    )
    .await;
    handed_on(
        client()
            .get(format!("{}/api/v2/trade/getOpenOrders", server.uri()))
            .header("x-api-key", KEY),
    )
    .await;
}

#[tokio::test]
async fn a_data_that_holds_only_a_status_is_no_answer() {
    let server = respond(
        200,
        "application/json",
        r#"{"data":{"response_code":"118","message":"ACCOUNT SUSPENDED"},"meta":[]}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/api/v1/bill/check", server.uri()))
            .header("content-type", "application/json")
            .body(r#"{"commands":"checkstatus","username":"081234567890","ref_id":"0912","sign":"FAKESECRET6bc194c0d23c18a12f5d69"}"#),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::AccountSuspended), "{e}");
    assert_hidden(&e, &["FAKESECRET6bc194c0d23c18a12f5d69"]);
}

#[tokio::test]
async fn a_parsers_token_is_no_credential() {
    // A form body sent as JSON: Jackson's "Unrecognized token" names a piece of the body.
    let server = respond(
        200,
        "application/json;charset=UTF-8",
        r#"{"code":1005,"msg":"Unrecognized token 'appToken': was expecting ('true', 'false' or 'null')","data":null,"success":false}"#,
    )
    .await;
    handed_on(
        client()
            .post(format!("{}/api/send/message", server.uri()))
            .header("content-type", "application/json")
            .body("appToken=AT_FAKESECRETk2J8vQ3mN6pR&content=backup"),
    )
    .await;
}

#[tokio::test]
async fn a_whole_body_that_refuses_stands_for_a_401() {
    // "Unauthorized" as the whole body of a 400, to a request with a credential.
    let server = respond(400, "text/plain;charset=UTF-8", "Unauthorized").await;
    let e = explained(
        client()
            .get(format!("{}/v1/items", server.uri()))
            .header("x-api-key", "FAKESECRETq8w7e6r5t4y3u2"),
    )
    .await;
    assert!(
        matches!(
            e.cause(),
            Some(Cause::InvalidCredentials | Cause::UnknownUnauthorized)
        ),
        "{e}"
    );
    assert_hidden(&e, &["FAKESECRETq8w7e6r5t4y3u2"]);

    // A 500 that says "unauthorized" to a request without any credential or body.
    let server = respond(
        500,
        "text/plain; charset=utf-8",
        r#"Unhandled rejection: Err { reason: "unauthorized" }"#,
    )
    .await;
    let e = explained(client().get(format!("{}/api/torrents", server.uri()))).await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");

    // The same to a JSON-RPC call whose credential may sit in its parameters, unseen here:
    // no verdict.
    let server = respond(
        400,
        "application/json-rpc",
        r#"{"id":"q","jsonrpc":"2.0","error":{"code":1,"message":"Unauthorized"}}"#,
    )
    .await;
    handed_on(
        client()
            .post(format!("{}/jsonrpc", server.uri()))
            .header("content-type", "application/json")
            .body(r#"{"jsonrpc":"2.0","id":"q","method":"aria2.tellActive","params":["token:FAKESECRET-rpc"]}"#),
    )
    .await;
}

#[tokio::test]
async fn a_query_credentials_own_name_in_a_500() {
    const TOKEN: &str = "FAKESECRET-stale-tracker-token";
    let server = respond(
        500,
        "text/plain; charset=utf-8",
        r#"Unhandled rejection: Err { reason: "token not valid" }"#,
    )
    .await;
    let e =
        explained(client().get(format!("{}/api/v1/torrents?token={TOKEN}", server.uri()))).await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &[TOKEN]);
}

#[tokio::test]
async fn an_error_nested_in_a_redirects_query() {
    let server = respond_with(
        302,
        "text/plain; charset=utf-8",
        "Found.",
        &[(
            "location",
            "/done?error%5Berror%5D=invalid_grant&error%5Berror_description%5D=Authorization%20code%20expired",
        )],
    )
    .await;
    // (a client that hands the redirect on: the error is in where it points)
    let e = explained(
        client_without_redirects(AuthExplainMiddleware::builder())
            .get(format!(
                "{}/connect/acme/callback?code=SplxlOBeZQQYbYS6WxSbIA&state=0dad95849",
                server.uri()
            ))
            .header("cookie", "connect.sid=s%3AFAKESECRET3sveSDVCn2yvVv"),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::ExpiredCredentials), "{e}");
    assert_hidden(&e, &["FAKESECRET3sveSDVCn2yvVv"]);
}

#[tokio::test]
async fn words_read_by_what_they_are_about() {
    // A JSON-RPC error that counts calls: a rate limit.
    let server = respond(
        200,
        "application/json",
        r#"{"id":1,"result":null,"error":{"code":-32002,"message":"Call limit exceeded"}}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/", server.uri()))
            .header("content-type", "application/json")
            .body(r#"{"jsonrpc":"2.0","id":1,"method":"getTorrents","params":["FAKESECRETa1b2c3d4e5f6"]}"#),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::RateLimited), "{e}");

    // A date and a time are no IP address: the plan speaks.
    let server = respond(
        200,
        "application/json",
        r#"{"data":{"getMetric":{"timeseriesData":null}},"errors":[{"message":"Both `from` and `to` parameters are outside the allowed interval you can query with your current subscription SANAPI FREE. Upgrade to a higher tier in order to access more data.\n\nAllowed time restrictions:\n  - `from` - 2023-07-05 10:02:53.682000Z\n","path":["getMetric","timeseriesData"]}]}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/graphql", server.uri()))
            .header("content-type", "application/graphql")
            .body(r#"{ getMetric(metric: "mvrv_usd_1d"){ timeseriesData(slug: "bitcoin"){ value } } }"#),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::PlanRestricted), "{e}");

    // "You don't have permissions" said to the caller, in a 500.
    let server = respond(
        500,
        "application/json",
        r#"{"msg":"You don't have permissions to access this resource.","code":"1"}"#,
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/api/1.0/endusers/", server.uri()))
            .basic_auth("INVALID", Some("FAKESECRET-d42pass")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InsufficientScope), "{e}");
    assert_hidden(&e, &["FAKESECRET-d42pass"]);

    // An API switched off for every caller, to a request without a credential.
    let server = respond(
        200,
        "application/json",
        r#"{"error":{"type":"APIDisabledException","message":"This installation has disabled the JSON API."}}"#,
    )
    .await;
    let e =
        explained(client().get(format!("{}/api/v1/post.php?type=user_posts", server.uri()))).await;
    assert_eq!(e.cause(), Some(Cause::EndpointNotEnabled), "{e}");
}

#[tokio::test]
async fn a_validators_error_on_the_credentials_field() {
    // zod: the body's `apiToken` too short.
    let server = respond(
        400,
        "application/json; charset=utf-8",
        r#"[{"type":"Body","errors":{"issues":[{"code":"too_small","minimum":32,"type":"string","inclusive":true,"exact":false,"message":"String must contain at least 32 character(s)","path":["apiToken"]}],"name":"ZodError"}}]"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/v1/payouts", server.uri()))
            .header("content-type", "application/json")
            .body(r#"{"amount":2500,"apiToken":"FAKESECRET"}"#),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::MalformedCredentials), "{e}");
    assert_hidden(&e, &["FAKESECRET"]);

    // pydantic: the `authorization` header required, to a request without any credential.
    let server = respond(
        422,
        "application/json",
        r#"[{"type":"missing","loc":["authorization"],"msg":"Field required","input":{"Accept":"*/*"}}]"#,
    )
    .await;
    let e = explained(client().get(format!("{}/api/v1/shipments", server.uri()))).await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");

    // Joi's words: the header's value "fails to match the required pattern".
    let server = respond(
        400,
        "",
        r#"Error validating request headers. "x-api-key" with value "dk_live_FAKESECRET" fails to match the required pattern: /^dk_live_[A-Za-z0-9]{24}$/."#,
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/v1/devices", server.uri()))
            .header("x-api-key", "dk_live_FAKESECRET"),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::MalformedCredentials), "{e}");
    assert_hidden(&e, &["dk_live_FAKESECRET"]);

    // A request that authenticates in `Authorization` and stores another key as its payload:
    // the pattern refused is the payload's.
    let server = respond(
        422,
        "application/json",
        r#"[{"input":"FAKESECRETsk9Yh3Xq7Nv2Bc5Rt8","loc":["api_key"],"msg":"String should match pattern '^sk_(live|test)_[A-Za-z0-9]{24}$'","type":"string_pattern_mismatch"}]"#,
    )
    .await;
    let resp = client()
        .post(format!("{}/api/v1/connectors", server.uri()))
        .header("content-type", "application/json")
        .header("authorization", "Bearer FAKESECRETm4Tz8Pq2Lw6v")
        .body(r#"{"name":"Payments sync","api_key":"FAKESECRETsk9Yh3Xq7Nv2Bc5Rt8"}"#)
        .send()
        .await
        .unwrap();
    if let Some(e) = resp.auth_explanation() {
        assert_ne!(e.cause(), Some(Cause::MalformedCredentials), "{e}");
        assert_hidden(
            e,
            &["FAKESECRETsk9Yh3Xq7Nv2Bc5Rt8", "FAKESECRETm4Tz8Pq2Lw6v"],
        );
    }
}

#[tokio::test]
async fn refusals_of_rpc_and_graphql_calls() {
    // A JSON-RPC error whose own message is "Forbidden" (its `data` says more).
    let server = respond(
        200,
        "application/json",
        r#"{"jsonrpc": "2.0", "error": {"code": -32002, "message": "Forbidden", "data": "Forbidden access to method vehicle_list"}, "id": 2}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/jsonrpc", server.uri()))
            .header("content-type", "application/json")
            .header("authorization", "Bearer FAKESECRETrpc0a1b2c3d4")
            .body(r#"{"jsonrpc":"2.0","id":2,"method":"vehicle_list","params":{}}"#),
    )
    .await;
    assert!(
        matches!(
            e.cause(),
            Some(Cause::InsufficientScope | Cause::UnknownForbidden)
        ),
        "{e}"
    );
    assert_hidden(&e, &["FAKESECRETrpc0a1b2c3d4"]);

    // A GraphQL call without any credential refused "Permission denied".
    let server = respond(
        400,
        "application/json",
        r#"{"data":null,"errors":[{"message":"Permission denied","path":["projects"],"extensions":{"Authorization":{"errorType":"UNAUTHORIZED"}}}]}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/graphql/", server.uri()))
            .header("content-type", "application/json")
            .body(r#"{"query":"{ projects { id name } }"}"#),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
}

#[tokio::test]
async fn a_retry_after_of_zero_asks_for_no_wait() {
    // A CDN's block page: `Retry-After: 0` on a 403 is no rate limit.
    let server = respond_with(
        403,
        "text/html; charset=utf-8",
        "<html><head><title>403 Forbidden</title></head><body><h1>Error 403 Forbidden</h1><p>Forbidden</p><h3>Error 54113</h3><hr><p>Varnish cache server</p></body></html>",
        &[("retry-after", "0"), ("server", "Varnish")],
    )
    .await;
    let resp = client()
        .get(format!("{}/api/fan/2/collection_summary", server.uri()))
        .header("cookie", "identity=FAKESECRETq8Zx3YbN2")
        .send()
        .await
        .unwrap();
    let e = resp.auth_explanation().expect("a 403 is explained");
    assert_ne!(e.cause(), Some(Cause::RateLimited), "{e}");
    assert_hidden(e, &["FAKESECRETq8Zx3YbN2"]);
}

#[tokio::test]
async fn a_graphql_forbidden_under_apollos_generic_code() {
    let server = respond(
        200,
        "application/json; charset=utf-8",
        r#"{"data":{"pages":{"single":null}},"errors":[{"path":["pages","single","content"],"extensions":{"code":"INTERNAL_SERVER_ERROR"},"locations":[{"line":5,"column":2}],"message":"Forbidden"}]}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/graphql", server.uri()))
            .header("content-type", "application/json")
            .header("authorization", "Bearer FAKESECRETwiki0a1b2c3d4e5f")
            .body(r#"{"query":"query { pages { single(id: 1) { content } } }"}"#),
    )
    .await;
    assert!(
        matches!(
            e.cause(),
            Some(Cause::UnknownForbidden | Cause::InsufficientScope)
        ),
        "{e}"
    );
}

#[tokio::test]
async fn a_dash_before_headers_names_no_header() {
    // PHP's warning after a JSON body: "Cannot set response code - headers already sent".
    let server = respond(
        200,
        "text/html; charset=UTF-8",
        "{\"message\": \"Auth failed!\", \"code\": 403 }<br />\n<b>Warning</b>: http_response_code(): Cannot set response code - headers already sent (output started at /system/core/response.php:112) in <b>/rest/controller/base.php</b> on line <b>137</b><br />",
    )
    .await;
    let resp = client()
        .get(format!("{}/rest/products", server.uri()))
        .basic_auth("admin", Some("FAKESECRET-vvveb-2025"))
        .send()
        .await
        .unwrap();
    if let Some(e) = resp.auth_explanation() {
        assert_ne!(e.cause(), Some(Cause::WrongScheme), "{e}");
        assert!(!e.to_string().contains("the - header"), "{e}");
        assert_hidden(e, &["FAKESECRET-vvveb-2025"]);
    }
}

#[tokio::test]
async fn a_code_as_a_messages_label_and_korean_negation() {
    // "… expired. (invalid_token)": RFC 6750's code labels a message that says more.
    let server = respond(
        401,
        "application/json",
        r#"{"error":{"code":401,"message":"access_token time expired. (invalid_token)"}}"#,
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/api/v2/admin/products", server.uri()))
            .header("authorization", "Bearer FAKESECRETkH3m9QpL2wXz7RbT"),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::ExpiredCredentials), "{e}");
    assert_hidden(&e, &["FAKESECRETkH3m9QpL2wXz7RbT"]);

    // Korean puts the negation after its verb: "허용되지 않은 IP" is an IP not allowed.
    let server = respond(
        403,
        "application/json; charset=utf-8",
        r#"{"errorCode":"Forbidden","errorMessage":"허용되지 않은 IP(20.118.29.116)로 접근하고 있습니다."}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/messages/v4/send-many/detail", server.uri()))
            .header("authorization", "HMAC-SHA256 apiKey=NCSFAKESECRET7QK2, date=2026-08-16T04:05:00Z, salt=6f1e2d3c, signature=FAKESECRETd41d8cd98f00b204"),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::IpRestricted), "{e}");
    assert_hidden(&e, &["NCSFAKESECRET7QK2", "FAKESECRETd41d8cd98f00b204"]);
}

#[tokio::test]
async fn an_invalid_token_type_to_a_scheme_of_its_own() {
    // RFC 6749 §7.1 calls the scheme the token type: "Invalid token type" to `Token …`.
    let server = respond(
        401,
        "application/json",
        r#"{"error":"Request error: Invalid token type"}"#,
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/api/notes", server.uri()))
            .header("authorization", "Token FAKESECRETq8Zk2mV0pLr7xWc3"),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::WrongScheme), "{e}");
    assert_hidden(&e, &["FAKESECRETq8Zk2mV0pLr7xWc3"]);
}

#[tokio::test]
async fn a_5xx_that_reports_a_failure_further_on_judges_no_credential() {
    // An auth plugin that could not fetch its signing keys: the credential was never read.
    let server = respond(
        500,
        "text/plain;charset=UTF-8",
        "Authentication error: Received unexpected HTTP code 502 from Cloudflare Access",
    )
    .await;
    handed_on(
        client()
            .get(format!("{}/internal/metrics", server.uri()))
            .header(
                "cf-access-jwt-assertion",
                "eyJhbGciOiJSUzI1NiJ9.FAKESECRETpayload.sig",
            ),
    )
    .await;
    // The same words without a failure further on are read.
    let server = respond(
        500,
        "text/plain;charset=UTF-8",
        "Authentication error: token signature invalid",
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/internal/metrics", server.uri()))
            .header(
                "cf-access-jwt-assertion",
                "eyJhbGciOiJSUzI1NiJ9.FAKESECRETpayload.sig",
            ),
    )
    .await;
    assert_hidden(&e, &["FAKESECRETpayload"]);
}
