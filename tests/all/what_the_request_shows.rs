//! Where the request itself settles what the words leave open: its own time written in the
//! query (percent-encoded) against the server's `Date`, a scheme doubled before a token whose
//! form the server calls corrupted, a header the server names, a signature beside its key in
//! a form body, the moment of a retry written where a wait belongs, a sign-in page behind a
//! view marker, and a framework's stock sentence that says nothing of the cause. Each output is
//! checked for the secrets the request carried.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine;
use reqwest_auth_explain::{AuthExplainMiddleware, Cause};

use crate::helpers::{
    assert_hidden, client, client_without_redirects, explained, iso8601, jwt, respond, respond_with,
};

#[tokio::test]
async fn a_request_time_in_the_query_agrees_with_the_servers_date() {
    const KEY: &str = "FAKESECRETdeployHook7Qz";
    const SIG: &str = "FAKESECRETlgyDjKpgqwkuqYlMdqgYydtnkXqQUaSkO_x0l1bpar4";
    // An exchange read 41 minutes after it happened: the request's own timestamp and the
    // server's Date are a second apart, whatever this clock says now.
    let then = SystemTime::now() - Duration::from_secs(41 * 60);
    let stamp = iso8601(then).replace(':', "%3A");
    let date = httpdate::fmt_http_date(then + Duration::from_secs(1));
    let server = respond_with(
        401,
        "application/json; charset=UTF-8",
        r#"{"error":"REST bridge signature secret not valid.","args":[],"kwargs":{}}"#,
        &[("date", date.as_str())],
    )
    .await;
    let e = explained(
        client()
            .post(format!(
                "{}/publish?key={KEY}&timestamp={stamp}&seq=2&nonce=77190342&signature={SIG}",
                server.uri()
            ))
            .header("content-type", "application/json")
            .body(r#"{"topic":"com.example.deploy.finished"}"#),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::SignatureMismatch), "{e}");
    assert_hidden(&e, &[KEY, SIG]);
}

#[tokio::test]
async fn a_doubled_scheme_before_a_token_the_server_calls_corrupted() {
    // Expired a year ago, and sent as `Bearer Bearer <jwt>`: the server read the doubled
    // scheme and says so.
    let token = jwt(r#""sub":"1146","exp":1764576000"#);
    let server = respond(
        401,
        "application/json",
        r#"{"title":"Unauthorized","status":401,"details":{"token":"Corrupted or illegal authorization token"}}"#,
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/ru/emission", server.uri()))
            .header("authorization", format!("Bearer Bearer {token}")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::MalformedCredentials), "{e}");
    assert_hidden(&e, &[&token]);
    // The same token, sent well formed, to a server without words of form: its time.
    let server = respond(401, "application/json", r#"{"title":"Unauthorized"}"#).await;
    let e = explained(
        client()
            .get(format!("{}/ru/emission", server.uri()))
            .header("authorization", format!("Bearer {token}")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::ExpiredCredentials), "{e}");
}

#[tokio::test]
async fn a_header_the_server_names_was_read_whatever_its_name_is_near() {
    const KEY: &str = "FAKESECRET9IdLxYTXkYhpkbWxnEzXi1Wy";
    let server = respond(
        401,
        "application/xml; charset=utf-8",
        "<Response><Errors><Error><Code>2</Code><Message>Authentication Header is invalid.</Message></Error></Errors></Response>",
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/api/v1/events", server.uri()))
            .header("authentication", KEY),
    )
    .await;
    assert_ne!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    assert_eq!(e.cause(), Some(Cause::MalformedCredentials), "{e}");
    assert_hidden(&e, &[KEY]);
    // A server that says nothing of it: `Authentication` most often meant `Authorization`.
    let server = respond(401, "application/json", r#"{"message":"Unauthorized"}"#).await;
    let e = explained(
        client()
            .get(format!("{}/api/v1/events", server.uri()))
            .header("authentication", format!("Bearer {KEY}")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    assert!(
        e.findings().iter().any(|f| f.code == "misspelled_header"),
        "{e}"
    );
    assert_hidden(&e, &[KEY]);
}

#[tokio::test]
async fn a_signature_beside_its_key_in_a_form_body() {
    const KEY: &str = "FAKESECRET0JTT1FqZinpZs3Erm8yaNeJH";
    const SIG: &str = "7A235F1D81F0405BED6CA96CD8605F7BEA73FF4E9DF31CCFEC8451BF95928071";
    let server = respond(
        200,
        "application/json",
        r#"{"error":"Invalid signature","e":"open_positions","ok":"error"}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/api/open_positions/BTC/USD", server.uri()))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("key={KEY}&signature={SIG}&nonce=1495620371")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::SignatureMismatch), "{e}");
    assert_hidden(&e, &[KEY, SIG]);
}

#[tokio::test]
async fn a_retry_after_that_gives_the_moment_instead_of_the_wait() {
    const KEY: &str = "FAKESECRETfxK3y9Rb2Lm6Tq";
    let now = SystemTime::now();
    let at = (now + Duration::from_secs(3_600))
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
        .to_string();
    let date = httpdate::fmt_http_date(now);
    let server = respond_with(
        429,
        "text/plain; charset=utf-8",
        "Rate limit exceeded, retry in 60 minutes.",
        &[
            ("retry-after", at.as_str()),
            ("x-ratelimit-remaining", "0"),
            ("date", date.as_str()),
        ],
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/v1/latest?base=EUR", server.uri()))
            .header("x-api-key", KEY),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::RateLimited), "{e}");
    let wait = e.retry_after_s().expect("a wait");
    assert!((3_590..=3_600).contains(&wait), "{wait}");
    assert_hidden(&e, &[KEY]);
}

#[tokio::test]
async fn a_sign_in_page_behind_a_view_marker() {
    let server = respond_with(
        302,
        "text/html; charset=utf-8",
        "<!doctype html><title>Redirecting...</title>",
        &[("location", "/+login")],
    )
    .await;
    let e = explained(
        client_without_redirects(AuthExplainMiddleware::builder())
            .get(format!("{}/+usersettings", server.uri())),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
}

#[tokio::test]
async fn pythons_stock_description_of_401_names_no_permission() {
    const SESSION: &str = "FAKESECRETmfSess77c1d2";
    let server = respond(
        401,
        "application/json",
        r#"{"error": true, "message": "No permission -- see authorization schemes"}"#,
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/api/tasks", server.uri()))
            .header("cookie", format!("session={SESSION}")),
    )
    .await;
    assert_ne!(e.cause(), Some(Cause::InsufficientScope), "{e}");
    assert_hidden(&e, &[SESSION]);
}

#[tokio::test]
async fn an_error_page_that_prints_the_error_above_its_stack() {
    // Express's development error page: the error on the first line of a `<pre>`.
    let basic =
        base64::engine::general_purpose::STANDARD.encode("CORP\\jsmith:FAKESECRETwinPw7Hd2Kx");
    let page = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Error</title>\n</head>\n<body>\n<pre>BadRequestError: Malformed authentication token Basic {basic}<br> &nbsp; &nbsp;at /srv/app/node_modules/express-auth-negotiate/lib/index.js:41:17<br> &nbsp; &nbsp;at Layer.handle [as handle_request] (/srv/app/node_modules/express/lib/router/layer.js:95:5)</pre>\n</body>\n</html>\n"
    );
    let server = respond(400, "text/html; charset=utf-8", &page).await;
    let e = explained(
        client()
            .get(format!("{}/intranet/reports/q3", server.uri()))
            .header("authorization", format!("Basic {basic}")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::MalformedCredentials), "{e}");
    assert_hidden(&e, &[&basic, "FAKESECRETwinPw7Hd2Kx"]);
}

#[tokio::test]
async fn a_ticket_validators_failure_says_why_in_its_text() {
    const TICKET: &str = "ST-1796550812-FAKESECRETgr7Tn1Bv5Xc9Zl3Mk6Jh2D";
    let server = respond(
        200,
        "text/xml",
        &format!(
            r#"<cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas"><cas:authenticationFailure code="INVALID_TICKET">service ticket {TICKET} has expired</cas:authenticationFailure></cas:serviceResponse>"#
        ),
    )
    .await;
    let e = explained(client().get(format!(
        "{}/cas/p3/serviceValidate?service=https%3A%2F%2Fgrades.example.edu%2Fcas%2Flogin&ticket={TICKET}",
        server.uri()
    )))
    .await;
    assert_eq!(e.cause(), Some(Cause::ExpiredCredentials), "{e}");
    assert_hidden(&e, &[TICKET]);
}

#[tokio::test]
async fn a_bare_refusal_of_an_action_to_a_token_past_its_time() {
    use reqwest_auth_explain::Confidence;
    let token = jwt(r#""id":1,"collection":"users","exp":1764576000"#);
    let send = |body: &'static str| {
        let token = token.clone();
        async move {
            let server = respond(403, "application/json; charset=utf-8", body).await;
            explained(
                client()
                    .get(format!("{}/api/articles?limit=5", server.uri()))
                    .header("authorization", format!("JWT {token}")),
            )
            .await
        }
    };
    // Nothing named but the action: the token's time is what the request shows.
    let e = send(r#"{"errors":[{"message":"You are not allowed to perform this action."}]}"#).await;
    assert_eq!(e.cause(), Some(Cause::ExpiredCredentials), "{e}");
    assert_eq!(e.confidence(), Some(Confidence::Medium), "{e}");
    assert_hidden(&e, &[&token]);
    // A permission named: the server judged the caller's rights.
    let e = send(
        r#"{"errors":[{"message":"Deleting reports requires the reports.delete permission"}]}"#,
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InsufficientScope), "{e}");
    assert_eq!(e.required_scopes(), ["reports.delete"], "{e}");
}

#[tokio::test]
async fn an_action_forbidden_for_a_key_is_a_permission() {
    const KEY: &str = "FAKESECRETbk5kDBKOednMpgmTeMaCf";
    let server = respond(
        403,
        "application/json; charset=utf-8",
        r#"{"error": {"code": 1003, "description": "", "message": "Action is forbidden for this API key"}}"#,
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/api/2/trading/balance", server.uri()))
            .basic_auth("bk5kDBKOednMpgm", Some(KEY)),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InsufficientScope), "{e}");
    assert_hidden(&e, &[KEY]);
}

#[tokio::test]
async fn a_graphql_record_not_found_is_no_credential_refused() {
    use reqwest_auth_explain::ResponseExt;
    const TOKEN: &str = "FAKESECRETe6Tr9Yu2Io5Pa8Sd";
    let send = |body: &'static str| async move {
        let server = respond(200, "application/json", body).await;
        client()
            .post(format!("{}/graphql", server.uri()))
            .bearer_auth(TOKEN)
            .header("content-type", "application/json")
            .body(r#"{"query":"query { credential(id: \"crd_01HZX\") { id type status } }"}"#)
            .send()
            .await
            .expect("a response")
    };
    // A record of the API, named "credential", that the query asked for and was not found.
    let resp = send(
        r#"{"errors":[{"message":"Credential not found","extensions":{"code":"NOT_FOUND"}}],"data":null}"#,
    )
    .await;
    assert!(
        resp.auth_explanation().is_none(),
        "{:?}",
        resp.auth_explanation()
    );
    // A code of the server's own beside words about the caller's credential still reads.
    let resp = send(
        r#"{"errors":[{"message":"Malformed Authorization header","extensions":{"code":"invalid-headers"}}],"data":null}"#,
    )
    .await;
    let e = resp.auth_explanation().expect("explained");
    assert_eq!(e.cause(), Some(Cause::MalformedCredentials), "{e}");
    assert_hidden(e, &[TOKEN]);
}

#[tokio::test]
async fn access_denied_for_a_key_and_a_key_missing_or_unregistered_in_korean() {
    const KEY: &str = "FAKESECRETK-3f0b9a21c7d84e";
    // A 200 envelope to a request keyed in headers: the key is known, its access refused.
    let server = respond(
        200,
        "application/json",
        r#"{"result":false,"error":"Error 40032: Access is denied for this API key"}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/v1.1/user_info", server.uri()))
            .header("key", KEY)
            .header("content-type", "application/x-www-form-urlencoded")
            .body("nonce=1587468123456"),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InsufficientScope), "{e}");
    assert_hidden(&e, &[KEY]);
    // "등록되지 않은 인증키입니다": an authentication key not registered.
    const QKEY: &str = "FAKESECRET8f2c6b1e9a0d4c7f3b5e2a1d9c8b";
    let server = respond(
        200,
        "application/json;charset=UTF-8",
        r#"{"status":"010","message":"등록되지 않은 인증키입니다."}"#,
    )
    .await;
    let e = explained(client().get(format!(
        "{}/api/list.json?crtfc_key={QKEY}&bgn_de=20260521",
        server.uri()
    )))
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &[QKEY]);
}

#[tokio::test]
async fn a_422_whose_body_states_401_in_pascal_case() {
    const KEY: &str = "FAKESECRETq1Wx5Ec9Rv3Tb7";
    let server = respond(
        422,
        "application/json",
        r#"{"Error": "App Key Invlaid","Code":"401","ErrorTitle":"Incorrect Key Value passed.","DeveloperMessage":"The Appkey passed in the query param is either ooutdated or is not proper please validate with original product key."}"#,
    )
    .await;
    let e = explained(client().get(format!("{}/v1/catalog?appkey={KEY}", server.uri()))).await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert!(e.evidence().iter().any(|l| l.contains("401")), "{e}");
    assert_hidden(&e, &[KEY]);
}

#[tokio::test]
async fn a_bridges_key_after_api_in_the_path_is_hidden() {
    // deCONZ and Philips Hue take their key as the segment after `/api/`.
    const KEY: &str = "FAKESECRET7A3C91E0B2";
    let server = respond(
        403,
        "application/json",
        &format!(
            r#"[{{"error":{{"address":"api/{KEY}/lights/1","description":"unauthorized user","type":1}}}}]"#
        ),
    )
    .await;
    let e = explained(client().get(format!("{}/api/{KEY}/lights/1", server.uri()))).await;
    assert!(
        e.credential()
            .is_some_and(|c| c.location == reqwest_auth_explain::Location::Path(1)),
        "{e}"
    );
    assert_hidden(&e, &[KEY]);
}

#[tokio::test]
async fn an_incoming_webhooks_token_after_hooks_is_hidden() {
    // The token of an incoming webhook is its URL's capability (Mattermost's `/hooks/<token>`).
    const TOKEN: &str = "FAKESECRETwebhookOLD42";
    let server = respond(401, "text/plain", "invalid webhook token\n").await;
    let e = explained(
        client()
            .post(format!("{}/hooks/{TOKEN}", server.uri()))
            .header("content-type", "application/json")
            .body(r#"{"event":"deploy"}"#),
    )
    .await;
    assert!(
        e.credential()
            .is_some_and(|c| c.location == reqwest_auth_explain::Location::Path(1)),
        "{e}"
    );
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &[TOKEN]);
}

#[tokio::test]
async fn a_bearer_token_at_a_token_endpoint_is_no_client_authentication() {
    const SECRET: &str = "FAKESECRETq7Lm2xZp4Wn8Ab";
    let server = respond(
        401,
        "application/json",
        r#"{"error":"invalid_client","error_description":"Client authentication failed: missing credentials"}"#,
    )
    .await;
    let send = |auth: String| {
        client()
            .post(format!("{}/oauth/token", server.uri()))
            .header("authorization", auth)
            .header("content-type", "application/x-www-form-urlencoded")
            .body("grant_type=client_credentials&client_id=billing-sync&scope=invoices:read")
    };
    let e = explained(send(format!("Bearer {SECRET}"))).await;
    assert_eq!(e.cause(), Some(Cause::WrongScheme), "{e}");
    assert_hidden(&e, &[SECRET]);
    // With Basic, the standard's scheme, `invalid_client` refuses the client's secret.
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("billing-sync:{SECRET}"));
    let e = explained(send(format!("Basic {basic}"))).await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &[SECRET, &basic]);
}

#[tokio::test]
async fn a_code_that_says_the_key_is_missing_speaks_of_where_it_was_sent() {
    // The key went in `X-Api-Key`; the server's code says none arrived.
    const KEY: &str = "FAKESECRETsk_test_9d8a7f6e5c4b";
    let server = respond(
        401,
        "application/json",
        r#"{"code":"api_key_missing","message":"No valid API key provided","status":401,"type":"authentication_error"}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/v1/workflows/new-comment/trigger", server.uri()))
            .header("x-api-key", KEY),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    assert!(e.summary().contains("header:x-api-key"), "{e}");
    assert_hidden(&e, &[KEY]);
    // The same code beside words on the key's state: the server read it.
    let server = respond(
        401,
        "application/json",
        r#"{"code":"api_key_missing","message":"The provided API key has expired"}"#,
    )
    .await;
    let e = explained(client().get(server.uri()).header("x-api-key", KEY)).await;
    assert_eq!(e.cause(), Some(Cause::ExpiredCredentials), "{e}");
    assert_hidden(&e, &[KEY]);
}

#[tokio::test]
async fn an_address_the_server_calls_not_a_valid_ip_is_an_address_rule() {
    let server = respond(
        401,
        "application/json; charset=utf-8",
        r#"{"statusCode":401,"error":"Unauthorized","message":"203.0.113.9 is not a valid IP"}"#,
    )
    .await;
    let e = explained(client().get(format!("{}/ops/debug", server.uri()))).await;
    assert_eq!(e.cause(), Some(Cause::IpRestricted), "{e}");
    // A lookup of that address is about the request's data.
    let e = explained(client().get(format!("{}/v1/lookup/203.0.113.9", server.uri()))).await;
    assert_ne!(e.cause(), Some(Cause::IpRestricted), "{e}");
}

#[tokio::test]
async fn a_jwt_under_another_scheme_refused_in_general_words_is_the_scheme() {
    let token = jwt(r#""sub":"u1","exp":4102444800"#);
    let server = respond(401, "application/json", r#""Authentication failed""#).await;
    let e = explained(
        client()
            .get(format!("{}/api/orders/1", server.uri()))
            .header("authorization", format!("Token {token}")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::WrongScheme), "{e}");
    assert_hidden(&e, &[&token]);
    // Words that judge the token itself stand.
    let server = respond(401, "application/json", r#""Invalid token signature""#).await;
    let e = explained(
        client()
            .get(format!("{}/api/orders/1", server.uri()))
            .header("authorization", format!("Token {token}")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
}

#[tokio::test]
async fn a_validation_error_that_lists_a_key_header_as_missing_is_an_auth_failure() {
    const TOKEN: &str = "FAKESECRETqm_k3y19aa";
    // FastAPI's answer when a `Header()` parameter is missing.
    let server = respond(
        422,
        "application/json",
        r#"{"detail":[{"type":"missing","loc":["header","x-api-key"],"msg":"Field required","input":null}]}"#,
    )
    .await;
    let send = || {
        client()
            .post(format!("{}/v1/reports", server.uri()))
            .header("authorization", format!("Bearer {TOKEN}"))
            .header("content-type", "application/json")
            .body(r#"{"from":"2026-11-01"}"#)
    };
    let e = explained(send()).await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    assert!(e.summary().contains("x-api-key"), "{e}");
    assert_hidden(&e, &[TOKEN]);
    // A field of the payload, or a query parameter that is no credential: a validation error.
    for loc in [r#"["body","from"]"#, r#"["query","sku"]"#] {
        let server = respond(
            422,
            "application/json",
            &format!(r#"{{"detail":[{{"type":"missing","loc":{loc},"msg":"Field required","input":null}}]}}"#),
        )
        .await;
        let r = client()
            .post(format!("{}/v1/reports", server.uri()))
            .header("authorization", format!("Bearer {TOKEN}"))
            .header("content-type", "application/json")
            .body(r#"{"to":"2026-11-30"}"#)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422);
        assert!(
            reqwest_auth_explain::ResponseExt::auth_explanation(&r).is_none(),
            "{loc}"
        );
    }
}

#[tokio::test]
async fn a_framework_error_page_to_a_raw_basic_credential_is_its_form() {
    const PASSWORD: &str = "FAKESECRET-Ops!2026";
    let server = respond(
        500,
        "text/html; charset=utf8",
        "<html><head><title>500 Internal Server Error</title></head><body><h1>Internal Server Error</h1></body></html>",
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/cockpit/login", server.uri()))
            .header("authorization", format!("Basic opsadmin:{PASSWORD}")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::MalformedCredentials), "{e}");
    assert_hidden(&e, &[PASSWORD]);
}

#[tokio::test]
async fn a_tracking_id_header_is_the_request_id() {
    const TOKEN: &str = "FAKESECRETapaleo0123456789";
    let server = respond_with(
        403,
        "text/plain",
        "",
        &[("apaleo-tracking-id", "0HLUQ0HTMOMVA:0000001A")],
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/finance/v1/invoices/X-1/pdf", server.uri()))
            .header("authorization", format!("Bearer {TOKEN}")),
    )
    .await;
    assert_eq!(e.request_id(), Some("0HLUQ0HTMOMVA:0000001A"), "{e}");
    assert_hidden(&e, &[TOKEN]);
}

#[tokio::test]
async fn validation_errors_by_location_name_the_missing_credential() {
    const TOKEN: &str = "FAKESECRETab12cd34ef56ab78";
    // pydantic's own list, a headers model's field (flask-openapi3)
    let server = respond(
        422,
        "application/json",
        r#"[{"type":"missing","loc":["X-API-Key"],"msg":"Field required","input":{}}]"#,
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/v1/shipments", server.uri()))
            .header("authorization", format!("Bearer {TOKEN}")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    assert!(e.summary().contains("X-API-Key"), "{e}");
    assert_hidden(&e, &[TOKEN]);
    // webargs' errors by location, to a request without any credential
    let server = respond(
        422,
        "application/json",
        r#"{"errors":{"headers":{"Authorization":["Missing data for required field."]}}}"#,
    )
    .await;
    let e = explained(client().post(format!("{}/v1/reports/export", server.uri()))).await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    // A field of the payload named like a credential is the payload's.
    let server = respond(
        422,
        "application/json",
        r#"{"errors":{"json":{"token":["Missing data for required field."]}}}"#,
    )
    .await;
    let r = client()
        .post(format!("{}/v1/devices", server.uri()))
        .send()
        .await
        .unwrap();
    assert!(
        reqwest_auth_explain::ResponseExt::auth_explanation(&r).is_none(),
        "{:?}",
        reqwest_auth_explain::ResponseExt::auth_explanation(&r)
    );
}

#[tokio::test]
async fn a_token_refused_for_its_place_is_the_method_of_sending_it() {
    const TOKEN: &str = "FAKESECRETq5e7r1y9u3i0o2";
    // RFC 6750 §3.1 invalid_request, in words on where the token went
    let server = respond(
        400,
        "application/json; charset=utf-8",
        r#"{"error":"invalid_request","error_description":"Invalid request: do not send bearer tokens in query URLs"}"#,
    )
    .await;
    let e = explained(client().get(format!(
        "{}/v1/tokeninfo?access_token={TOKEN}",
        server.uri()
    )))
    .await;
    assert_eq!(e.cause(), Some(Cause::WrongScheme), "{e}");
    assert!(
        e.remedies()
            .iter()
            .any(|r| r.contains("Authorization: Bearer")),
        "{e}"
    );
    assert_hidden(&e, &[TOKEN]);
}

#[tokio::test]
async fn a_token_endpoint_that_asks_for_a_client_assertion_refuses_the_secret_method() {
    const SECRET: &str = "FAKESECRETcl1entS3cret42";
    let server = respond(
        400,
        "application/json; charset=utf-8",
        r#"{"error":"invalid_request","error_description":"Unknown client_assertion_type undefined"}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/singpass/v2/token", server.uri()))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!(
                "client_id=mytestapp&client_secret={SECRET}&grant_type=authorization_code&code=Fq3x"
            )),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::WrongScheme), "{e}");
    assert!(e.summary().contains("RFC 7523"), "{e}");
    assert_hidden(&e, &[SECRET]);
}

#[tokio::test]
async fn an_expired_token_the_server_did_not_find_is_no_expiry() {
    // A JWT past its `exp` in a query parameter the server does not read.
    let token = jwt(r#""sub":"reporter","exp":1700000000"#);
    let server = respond(
        401,
        "text/plain; charset=utf-8",
        "no token present in request\n",
    )
    .await;
    let e = explained(client().get(format!("{}/reports/daily?token={token}", server.uri()))).await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    assert_hidden(&e, &[&token]);
    // In `Authorization`, where every server looks, the expiry stands.
    let e = explained(
        client()
            .get(format!("{}/reports/daily", server.uri()))
            .header("authorization", format!("Bearer {token}")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::ExpiredCredentials), "{e}");
}

#[tokio::test]
async fn a_signature_the_server_says_is_missing_went_under_another_name() {
    const SIG: &str = "sha1=FAKESECRET0b88f6bf1a28c863ea6bb00f5a6be9";
    let server = respond(400, "text/html; charset=utf-8", "Missing signature header!").await;
    let e = explained(
        client()
            .post(format!("{}/hooks/github", server.uri()))
            .header("content-type", "application/json")
            .header("x-github-event", "push")
            .header("x-hub-signature", SIG)
            .body(r#"{"zen":"Keep it logically awesome."}"#),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    assert!(e.summary().contains("x-hub-signature"), "{e}");
    assert_hidden(&e, &[SIG, "FAKESECRET0b88f6bf1a28c863ea6bb00f5a6be9"]);
}

#[tokio::test]
async fn a_failed_authorization_to_credentials_in_the_query_judged_them() {
    // InfluxDB 1.x reads `u` and `p` from the query; its Basic challenge is its other way.
    const PASSWORD: &str = "FAKESECRETwrongPw12";
    let server = respond_with(
        401,
        "application/json",
        r#"{"error":"authorization failed"}"#,
        &[("www-authenticate", r#"Basic realm="InfluxDB""#)],
    )
    .await;
    let e = explained(client().get(format!(
        "{}/query?db=telemetry&u=admin&p={PASSWORD}&q=SHOW%20MEASUREMENTS",
        server.uri()
    )))
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &[PASSWORD]);
}

#[tokio::test]
async fn a_refusal_of_where_the_request_came_from_is_an_origin_rule() {
    const SESSION: &str = "FAKESECRETsess.ZmxhC2s.eyJ1aWQiOjQyfQ";
    for body in [
        "<!doctype html><title>403 Forbidden</title><h1>Forbidden</h1><p>Cross-site requests are not allowed.</p>",
        r#"{"message":"invalid csrf referer or origin"}"#,
        "Referer or origin is incorrect",
    ] {
        let server = respond(403, "text/html; charset=utf-8", body).await;
        let e = explained(
            client()
                .post(format!("{}/account/email", server.uri()))
                .header("cookie", format!("session={SESSION}"))
                .header("origin", "https://promo-partner.example")
                .header("sec-fetch-site", "cross-site")
                .header("content-type", "application/x-www-form-urlencoded")
                .body("email=new%40example.org"),
        )
        .await;
        assert_eq!(e.cause(), Some(Cause::OriginRestricted), "{body}: {e}");
        assert_hidden(&e, &[SESSION]);
    }
    // Django's CSRF page names "same-origin" requests in its help, not as its reason.
    let server = respond(
        403,
        "text/html; charset=utf-8",
        "<html><title>403 Forbidden</title><body><h1>Forbidden <span>(403)</span></h1><p>CSRF verification failed. Request aborted.</p><p>You are seeing this message because this site requires a CSRF cookie when submitting forms. This cookie is required for security reasons, to ensure that your browser is not being hijacked by third parties.</p><p>If you have configured your browser to disable cookies, please re-enable them, at least for this site, or for \u{201c}same-origin\u{201d} requests.</p></body></html>",
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/v1/auth/login/", server.uri()))
            .header("cookie", format!("sessionid={SESSION}"))
            .header("content-type", "application/json")
            .body("{}"),
    )
    .await;
    assert_ne!(e.cause(), Some(Cause::OriginRestricted), "{e}");
}

#[tokio::test]
async fn an_unsupported_grant_type_is_the_grant_or_the_bodys_form() {
    const SECRET: &str = "FAKESECRETcs_Jm4Qx8Rt2Vz6Lp0";
    let server = respond(
        400,
        "application/json",
        r#"{"error":"unsupported_grant_type","error_description":"Only client_credentials grant type is supported"}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/oauth/token", server.uri()))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!(
                "grant_type=password&username=ops&password={SECRET}&client_id=billing-sync"
            )),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::EndpointNotEnabled), "{e}");
    assert_hidden(&e, &[SECRET]);
    // The same code to a JSON body: RFC 6749 token requests are forms.
    let server = respond(
        400,
        "application/json",
        r#"{"error": "unsupported_grant_type"}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/oauth/token", server.uri()))
            .header("content-type", "application/json")
            .body(format!(
                r#"{{"grant_type":"client_credentials","client_id":"partner-7781","client_secret":"{SECRET}"}}"#
            )),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::WrongScheme), "{e}");
    assert!(
        e.remedies()
            .iter()
            .any(|r| r.contains("x-www-form-urlencoded")),
        "{e}"
    );
    assert_hidden(&e, &[SECRET]);
}

#[tokio::test]
async fn a_graphql_error_that_states_an_http_status_is_an_auth_failure() {
    const TOKEN: &str = "FAKESECRETrndr_sess_9Qx2Lm4Vt8Kp1Zc6";
    let server = respond(
        200,
        "application/json",
        r#"{"errors":[{"message":"Unauthorized","extensions":{"code":401}}],"data":null}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/graphql", server.uri()))
            .header("authorization", format!("Bearer {TOKEN}"))
            .header("content-type", "application/json")
            .body(r#"{"query":"{ deploys { id } }"}"#),
    )
    .await;
    assert_eq!(e.status(), Some(200), "{e}");
    assert!(
        e.evidence().iter().any(|l| l.contains("HTTP status 401")),
        "{e}"
    );
    assert_hidden(&e, &[TOKEN]);
}

#[tokio::test]
async fn webhook_headers_the_receiver_does_not_read_are_unsent_and_a_mismatch_is_not() {
    const SIG: &str = "v1,FAKESECRETm2P7kLz9Qa4Xw1Bv6Ns3Td8Yc0R";
    let send = |server: &wiremock::MockServer| {
        client()
            .post(format!("{}/webhooks/payments", server.uri()))
            .header("content-type", "application/json")
            .header("svix-id", "msg_2Lw9QbX7Y3pN5aC1")
            .header("svix-timestamp", "1796562207")
            .header("svix-signature", SIG)
            .body(r#"{"type":"invoice.paid"}"#)
    };
    // Standard Webhooks reads `webhook-*`; `svix-*` headers are not its.
    let server = respond(
        400,
        "application/json; charset=utf-8",
        r#"{"error":"WebhookVerificationError","message":"Missing required headers"}"#,
    )
    .await;
    let e = explained(send(&server)).await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    assert_hidden(&e, &[SIG]);
    // "No matching signature found" judged the signatures it read.
    let server = respond(
        400,
        "application/json; charset=utf-8",
        r#"{"error":"WebhookVerificationError","message":"No matching signature found"}"#,
    )
    .await;
    let r = send(&server).send().await.unwrap();
    if let Some(e) = reqwest_auth_explain::ResponseExt::auth_explanation(&r) {
        assert_ne!(e.cause(), Some(Cause::MissingCredentials), "{e}");
        assert_hidden(e, &[SIG]);
    }
}

#[tokio::test]
async fn a_token_the_server_calls_not_active_yet_is_a_clock_matter() {
    // A PASETO token: no claims this crate reads, the server's words decide.
    const TOKEN: &str = "v4.public.FAKESECRETeyJzdWIiOiJzdmMtYmlsbGluZyJ9sig";
    const BODY: &str =
        r#"{"code":"ERR_PASETO_CLAIM_VALIDATION","message":"Token is not active yet"}"#;
    let send = |server: &wiremock::MockServer| {
        client()
            .get(format!("{}/v2/ledgers/LG-4471/entries", server.uri()))
            .header("authorization", format!("Bearer {TOKEN}"))
    };
    // The server's clock ten minutes behind this one.
    let behind = httpdate::fmt_http_date(SystemTime::now() - Duration::from_secs(600));
    let server = respond_with(401, "application/json", BODY, &[("date", behind.as_str())]).await;
    let e = explained(send(&server)).await;
    assert_eq!(e.cause(), Some(Cause::ClockSkew), "{e}");
    assert_hidden(&e, &[TOKEN]);
    // Clocks that agree leave the token's own start: no clock of this host's is wrong.
    let server = respond(401, "application/json", BODY).await;
    let e = explained(send(&server)).await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert!(e.summary().contains("not valid yet"), "{e}");
}

#[tokio::test]
async fn redirects_read_for_where_they_go() {
    const SESSION: &str = "FAKESECRETa1ice7f3c9d2e81b04";
    let redirect = |location: &str| {
        wiremock::ResponseTemplate::new(302)
            .insert_header("location", location)
            .insert_header("content-type", "text/html; charset=utf-8")
    };
    // To the second factor's page: the session is signed in, its second factor is missing.
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(redirect("/account/two_factor/setup/?next=/vault/"))
        .mount(&server)
        .await;
    let e = explained(
        client_without_redirects(AuthExplainMiddleware::builder())
            .get(format!("{}/vault/", server.uri()))
            .header("cookie", format!("sessionid={SESSION}")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::OrganizationPolicy), "{e}");
    assert_hidden(&e, &[SESSION]);
    // A sign-in the request started, sent on to the identity provider: no failure.
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(redirect(
            "https://github.com/login/oauth/authorize?client_id=Iv1.8a61f9b3&redirect_uri=https%3A%2F%2Fportal.example%2Fcomplete%2Fgithub%2F&state=x",
        ))
        .mount(&server)
        .await;
    let r = client_without_redirects(AuthExplainMiddleware::builder())
        .post(format!("{}/login/github/", server.uri()))
        .header("cookie", format!("csrftoken={SESSION}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 302);
    assert!(
        reqwest_auth_explain::ResponseExt::auth_explanation(&r).is_none(),
        "{:?}",
        reqwest_auth_explain::ResponseExt::auth_explanation(&r)
    );
}

#[tokio::test]
async fn words_on_the_user_name_and_password_say_basic_was_read() {
    // Django REST framework challenges with its first class's scheme (`Token`); its Basic
    // class read the credentials and refused them.
    let basic = base64::engine::general_purpose::STANDARD.encode("alice:FAKESECRETwrongpass77");
    let server = respond_with(
        401,
        "text/csv; charset=utf-8",
        "detail\r\nInvalid username/password.\r\n",
        &[("www-authenticate", "Token")],
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/api/v2/export/notes.csv", server.uri()))
            .header("authorization", format!("Basic {basic}")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &[&basic, "FAKESECRETwrongpass77"]);
}

#[tokio::test]
async fn a_signed_requests_plain_500_in_words_of_its_signing_is_the_signature() {
    const SIG: &str = "v0=FAKESECRETa3f9c2e7b14d08e6c5f2a9b7d3e";
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(
            wiremock::ResponseTemplate::new(500)
                .set_body_raw("Slack request signing verification failed", "text/plain"),
        )
        .mount(&server)
        .await;
    let ts = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
        .to_string();
    let e = explained(
        client()
            .post(format!("{}/slack/events", server.uri()))
            .header("content-type", "application/json")
            .header("x-slack-request-timestamp", ts)
            .header("x-slack-signature", SIG)
            .body(r#"{"type":"event_callback"}"#),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::SignatureMismatch), "{e}");
    assert_hidden(&e, &[SIG]);
}

#[tokio::test]
async fn a_frameworks_plain_500_in_words_on_the_credential_is_read() {
    // 0http's default rendering of an error a JWT library threw: no content type at all.
    let token = jwt(r#""sub":"usr_884","exp":1700000000"#);
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(wiremock::ResponseTemplate::new(500).set_body_bytes("Jwt is expired"))
        .mount(&server)
        .await;
    let e = explained(
        client()
            .get(format!("{}/account", server.uri()))
            .header("cookie", format!("session={token}")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::ExpiredCredentials), "{e}");
    assert_hidden(&e, &[&token]);
    // "No token supplied" to a current token in the query: the server did not read it there.
    let token = jwt(r#""sub":"usr_884","exp":4102444800"#);
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(wiremock::ResponseTemplate::new(500).set_body_bytes("No token supplied"))
        .mount(&server)
        .await;
    let e =
        explained(client().get(format!("{}/v1/orders?access_token={token}", server.uri()))).await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    assert_hidden(&e, &[&token]);
    // The same when the token in the query has expired (pre-flight flags it): the server's
    // words say it never read it.
    let expired = jwt(r#""sub":"usr_884","exp":1700000000"#);
    let e =
        explained(client().get(format!("{}/v1/orders?access_token={expired}", server.uri()))).await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    assert_hidden(&e, &[&expired]);
    // A server's own crash that names no credential stays the server's.
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(
            wiremock::ResponseTemplate::new(500)
                .set_body_bytes("Cannot read properties of undefined"),
        )
        .mount(&server)
        .await;
    let r = client()
        .get(format!("{}/account", server.uri()))
        .header("cookie", format!("session={token}"))
        .send()
        .await
        .unwrap();
    assert!(reqwest_auth_explain::ResponseExt::auth_explanation(&r).is_none());
}

#[tokio::test]
async fn a_token_request_without_client_authentication_is_missing_it() {
    const PASSWORD: &str = "FAKESECRETpw7731";
    let server = respond(
        400,
        "application/json; charset=utf-8",
        r#"{"error":"invalid_client","error_description":"Invalid client: cannot retrieve client credentials"}"#,
    )
    .await;
    let send = |body: String| {
        client()
            .post(format!("{}/oauth/token", server.uri()))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
    };
    let e = explained(send(format!(
        "grant_type=password&client_id=billing-cli&username=ana%40example.org&password={PASSWORD}"
    )))
    .await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    assert_hidden(&e, &[PASSWORD]);
    // With a client secret, `invalid_client` refuses it.
    let e = explained(send(format!(
        "grant_type=password&client_id=billing-cli&client_secret={PASSWORD}x&username=ana&password={PASSWORD}"
    )))
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
}

#[tokio::test]
async fn a_token_in_a_get_requests_form_body_is_found() {
    const TOKEN: &str = "FAKESECRETat5f0c21be77";
    let server = respond_with(
        400,
        "application/json; charset=utf-8",
        r#"{"error":"invalid_request","error_description":"Invalid request: token may not be passed in the body when using the GET verb"}"#,
        &[("www-authenticate", r#"Bearer realm="Service",error="invalid_request""#)],
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/api/invoices", server.uri()))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("access_token={TOKEN}")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::WrongScheme), "{e}");
    assert_hidden(&e, &[TOKEN]);
}

#[tokio::test]
async fn a_secret_echoed_in_xml_across_an_entity_is_hidden() {
    // The echo's `&` is written `&amp;`, which the XML reader reports apart from the text
    // around it: the message must be read whole for the echo to be found.
    const SECRET: &str = "a0%00=Aa&0%0%";
    let echo = "a0%00=A\u{200b}a&amp;0%0%";
    let server = respond(
        401,
        "application/xml",
        &format!(
            "<?xml version=\"1.0\"?><Error><Code>InvalidAccessKeyId</Code><Message>The key {echo} does not exist</Message></Error>"
        ),
    )
    .await;
    let mut url = url::Url::parse(&format!("{}/bucket", server.uri())).unwrap();
    url.set_username("svc").unwrap();
    url.set_password(Some(SECRET)).unwrap();
    let e = explained(client().get(url)).await;
    assert_hidden(&e, &[SECRET, "a0%00=Aa"]);
}

#[tokio::test]
async fn a_key_shaped_echo_after_a_credentials_noun_is_hidden_though_never_seen() {
    // An XML-RPC call carries its token as a parameter in a body this middleware does not
    // read; the fault quotes it.
    const TOKEN: &str = "FAKESECRETk2Yp9vQe4Wm7Zt1s+8Hc==";
    let server = respond(
        200,
        "text/xml",
        &format!(
            "<?xml version='1.0'?><methodResponse><fault><value><struct><member><name>faultCode</name><value><int>1</int></value></member><member><name>faultString</name><value><string>&lt;class 'cobbler.cexceptions.CX'&gt;:'invalid token: {TOKEN}'</string></value></member></struct></value></fault></methodResponse>"
        ),
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/cobbler_api", server.uri()))
            .header("content-type", "text/xml")
            .body(format!(
                "<?xml version='1.0'?><methodCall><methodName>get_system_handle</methodName><params><param><value><string>web-07</string></value></param><param><value><string>{TOKEN}</string></value></param></params></methodCall>"
            )),
    )
    .await;
    assert_hidden(&e, &[TOKEN, "FAKESECRETk2Yp"]);
    // The words around it stay readable.
    assert!(
        e.server_message()
            .is_some_and(|m| m.contains("invalid token")),
        "{e}"
    );
}

#[tokio::test]
async fn a_short_envelope_to_a_request_without_any_credential_says_it_is_missing() {
    use reqwest_auth_explain::ResponseExt;
    // An API that answers every error with 200 ("status": false) and was sent no key at all
    // (the shell swallowed `&apikey=…`): the envelope's words are the only evidence, and they
    // say a key is required.
    let server = respond(
        200,
        "application/json",
        r#"{"status": false, "error": "API Key Required"}"#,
    )
    .await;
    let e = explained(client().get(format!("{}/api?output=json", server.uri()))).await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    // The same in plain text.
    let server = respond(200, "text/plain", "Token Required").await;
    let e = explained(client().get(format!("{}/query?where=1%3D1", server.uri()))).await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    // A short answer with data, or an error that names no credential, is no auth failure.
    for body in [
        r#"{"status": true, "version": "4.2.3"}"#,
        r#"{"status": false, "error": "Missing required parameter 'email'"}"#,
        r#"{"ok": false, "error": "Invalid token in search query"}"#,
    ] {
        let server = respond(200, "application/json", body).await;
        let r = client()
            .get(format!("{}/api/status", server.uri()))
            .send()
            .await
            .expect("a response");
        assert!(r.auth_explanation().is_none(), "{body}");
    }
}

#[tokio::test]
async fn no_key_found_is_false_of_a_key_sent_in_the_header_it_names() {
    const KEY: &str = "FAKESECRETrpt_qqgxw5i2zS0HD4jyjP_WzrkRq";
    // One sentence for every refusal, with advice after it.
    let body = r#"{"status_code":401,"detail":"No API key found in request. Ensure APIKeyMiddleware is configured and a valid API key is provided."}"#;
    let server = respond(401, "application/json", body).await;
    // A key in `X-API-Key`: the server saw the header it names, and refused the key.
    let e = explained(
        client()
            .get(format!("{}/api/v2/reports", server.uri()))
            .header("x-api-key", KEY),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &[KEY]);
    // A token in `Authorization`: no key where the server looks; the advice ("a valid API
    // key") judges nothing.
    let e = explained(
        client()
            .get(format!("{}/api/v2/reports", server.uri()))
            .bearer_auth(KEY),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    assert_hidden(&e, &[KEY]);
}

#[tokio::test]
async fn a_403_that_refuses_the_requests_own_method_by_name_is_a_permission() {
    const TOKEN: &str = "FAKESECRETcasbinTok4471";
    let server = respond(
        403,
        "application/json; charset=utf-8",
        r#"{"statusCode":403,"error":"Forbidden","message":"dana.whitfield not allowed to DELETE /api/projects/42"}"#,
    )
    .await;
    let e = explained(
        client()
            .delete(format!("{}/api/projects/42", server.uri()))
            .bearer_auth(TOKEN),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InsufficientScope), "{e}");
    assert_hidden(&e, &[TOKEN]);
    // The same words to a GET: the method they refuse is not this request's.
    let e = explained(
        client()
            .get(format!("{}/api/projects/42", server.uri()))
            .bearer_auth(TOKEN),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::UnknownForbidden), "{e}");
    // An action's verb ("write") for a POST, in a 403 that names no credential.
    let server = respond(
        403,
        "application/json",
        r#"{"error":"\"reader\" user is not authorized to write to database \"telemetry\""}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/write?db=telemetry", server.uri()))
            .basic_auth("reader", Some(TOKEN))
            .body("cpu,host=a value=1"),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InsufficientScope), "{e}");
    assert_hidden(&e, &[TOKEN]);
}

#[tokio::test]
async fn an_assertion_not_valid_yet_by_the_service_providers_clock_is_skew() {
    // A SAML response posted to the service's consumer: larger than the body this middleware
    // keeps, so its credential is not seen, but the server judged its `NotBefore`.
    let assertion = base64::engine::general_purpose::STANDARD.encode(
        format!(
            "<samlp:Response ID='_85a8'><saml:Assertion><saml:Conditions NotBefore='2026-12-06T14:59:14Z'/>{}</saml:Assertion></samlp:Response>",
            "<ds:SignatureValue>FAKESECRETsig</ds:SignatureValue>".repeat(100)
        ),
    );
    // The service provider's clock runs ten minutes behind this one.
    let date = httpdate::fmt_http_date(SystemTime::now() - Duration::from_secs(600));
    let server = respond_with(
        403,
        "text/plain;charset=utf-8",
        "Current time is earlier than NotBefore condition (2026-12-06 14:56:34 UTC < 2026-12-06 14:59:14 UTC - 1s)",
        &[("date", date.as_str())],
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/saml/acs", server.uri()))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!(
                "SAMLResponse={}&RelayState=%2Fwiki",
                assertion
                    .replace('+', "%2B")
                    .replace('/', "%2F")
                    .replace('=', "%3D")
            )),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::ClockSkew), "{e}");
    // The same words to a request with no body and no credential judged nothing.
    let e = explained(client().get(format!("{}/saml/acs", server.uri()))).await;
    assert_ne!(e.cause(), Some(Cause::ClockSkew), "{e}");
}

#[tokio::test]
async fn a_field_or_method_refused_to_a_known_caller_names_what_it_needs() {
    const TOKEN: &str = "FAKESECRETgrafbaseKey9921";
    // A GraphQL server's field-level rule, in a 200.
    let server = respond(
        200,
        "application/json",
        r#"{"data":null,"errors":[{"message":"Unauthorized to access Mutation.projectUpdate (missing update operation)"}]}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/graphql", server.uri()))
            .bearer_auth(TOKEN)
            .header("content-type", "application/json")
            .body(r#"{"query":"mutation { projectUpdate(id: 1) { id } }"}"#),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InsufficientScope), "{e}");
    assert_hidden(&e, &[TOKEN]);
    // A JSON-RPC node's permission check names the permission it needs.
    let server = respond(
        200,
        "application/json",
        r#"{"jsonrpc":"2.0","id":1,"error":{"code":1,"message":"missing permission to invoke 'Info' (need 'admin')"}}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/", server.uri()))
            .bearer_auth(TOKEN)
            .header("content-type", "application/json")
            .body(r#"{"jsonrpc":"2.0","id":1,"method":"node.Info","params":[]}"#),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InsufficientScope), "{e}");
    assert_eq!(e.required_scopes(), ["admin"], "{e}");
    assert_hidden(&e, &[TOKEN]);
}

#[tokio::test]
async fn nginxs_stock_503_page_is_probably_its_rate_limit() {
    use reqwest_auth_explain::{Confidence, ResponseExt};
    const TOKEN: &str = "FAKESECRETq8Zr2bW4nD6yK1";
    let page = "<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body bgcolor=\"white\">\r\n<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n<hr><center>nginx/1.6.0</center>\r\n</body>\r\n</html>\r\n";
    let server = respond(503, "text/html", page).await;
    let e = explained(
        client()
            .post(format!(
                "{}/api/v1/people.json?auth_token={TOKEN}",
                server.uri()
            ))
            .header("content-type", "application/json")
            .body(r#"{"person":{"first_name":"Dana"}}"#),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::RateLimited), "{e}");
    assert_eq!(e.confidence(), Some(Confidence::Low), "{e}");
    assert_hidden(&e, &[TOKEN]);
    // Another 503 page (a maintenance notice) is an outage's, not an auth failure.
    let server = respond(
        503,
        "text/html; charset=utf-8",
        "<html><head><title>Down for maintenance</title></head><body><h1>We'll be back soon</h1><p>Scheduled maintenance until 02:00 UTC.</p></body></html>",
    )
    .await;
    let r = client()
        .get(format!(
            "{}/api/v1/people.json?auth_token={TOKEN}",
            server.uri()
        ))
        .send()
        .await
        .expect("a response");
    assert!(r.auth_explanation().is_none());
}

#[tokio::test]
async fn a_password_in_a_psw_query_parameter_is_a_credential_and_hidden() {
    const PSW: &str = "FAKESECRETsmsc8Vq2LmX4";
    let server = respond(
        200,
        "text/plain; charset=windows-1251",
        "ERROR = 4 (ip is blocked)",
    )
    .await;
    let e = explained(client().get(format!(
        "{}/sys/send.php?login=apteka24&psw={PSW}&phones=79991234567&mes=Your+code+4821",
        server.uri()
    )))
    .await;
    assert!(e.credential().is_some(), "{e}");
    assert_hidden(&e, &[PSW]);
}

#[tokio::test]
async fn a_400_in_rfc_6750s_own_shape_speaks_of_the_authorization_sent() {
    use reqwest_auth_explain::ResponseExt;
    let token = jwt(r#""sub":"u-771","exp":4102444800"#);
    let body = r#"{"error":"invalid_request","error_description":"\"Bearer\" found"}"#;
    let server = respond(400, "application/json; charset=utf-8", body).await;
    // A JWT under a scheme of its own, refused in the standard's shape at a resource: the
    // form of the header sent (RFC 6750 §3.1 `invalid_request`).
    let e = explained(
        client()
            .get(format!("{}/oauth/userinfo", server.uri()))
            .header("authorization", format!("Token {token}")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::MalformedCredentials), "{e}");
    assert_hidden(&e, &[&token]);
    // The same shape without `Authorization` in the request is a payload's bad request.
    let r = client()
        .post(format!("{}/v1/orders", server.uri()))
        .header("content-type", "application/json")
        .body(r#"{"sku":"A-1"}"#)
        .send()
        .await
        .expect("a response");
    assert!(r.auth_explanation().is_none());
}

#[tokio::test]
async fn a_csrf_token_the_server_judges_is_told_from_one_never_sent() {
    const SESSION: &str = "FAKESECRETkoaSess0n9921";
    const CSRF: &str = "e5XfwTIu-FAKESECRET-8SHWmpiXKB1sjro";
    let server = respond(403, "text/plain; charset=utf-8", "Invalid CSRF token").await;
    // A form that carried its CSRF token: the token was refused.
    let e = explained(
        client()
            .post(format!("{}/account/email", server.uri()))
            .header("cookie", format!("koa.sess={SESSION}"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("email=pat%40example.com&_csrf={CSRF}")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &[SESSION, CSRF]);
    // The same words to a JSON request that carried none: it was missing.
    let e = explained(
        client()
            .post(format!("{}/account/email", server.uri()))
            .header("cookie", format!("koa.sess={SESSION}"))
            .header("content-type", "application/json")
            .body(r#"{"email":"pat@example.com"}"#),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    assert_hidden(&e, &[SESSION]);
}

#[tokio::test]
async fn a_glued_code_and_a_session_no_longer_there_are_read() {
    const SESSION: &str = "FAKESECRETwikiSession7731";
    // MediaWiki's action API answers its errors in a 200.
    let server = respond(
        200,
        "application/json; charset=utf-8",
        r#"{"error":{"code":"permissiondenied","info":"The action you have requested is limited to users in the group: [[Wiki:Administrators|Administrators]]."}}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/api.php", server.uri()))
            .header("cookie", format!("wiki_session={SESSION}"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("action=delete&title=Main_Page&format=json"),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InsufficientScope), "{e}");
    assert_hidden(&e, &[SESSION]);
    let server = respond(
        200,
        "application/json; charset=utf-8",
        r#"{"error":{"code":"assertuserfailed","info":"You are no longer logged in, so the action could not be completed."}}"#,
    )
    .await;
    let e = explained(
        client()
            .get(format!(
                "{}/api.php?action=query&meta=userinfo&assert=user&format=json",
                server.uri()
            ))
            .header("cookie", format!("wiki_session={SESSION}")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::ExpiredCredentials), "{e}");
    assert_hidden(&e, &[SESSION]);
}

#[tokio::test]
async fn a_sign_in_form_answered_on_a_url_whose_session_id_is_hidden_was_not_redirected() {
    const SESSION: &str = "FAKESECRET741287c61dd2f48730479c";
    const PASSWORD: &str = "FAKESECRETh2MeterWrong";
    // The form again, from the URL the request went to: its `jsessionid` is hidden in the
    // response's URL, which is no redirect.
    let page = r#"<html><head><title>H2 Console</title></head><body><form name="login" method="post" action="login.do"><p class="error">Wrong user name or password [28000-214]</p><input type="text" name="user"><input type="password" name="password"></form></body></html>"#;
    let server = respond(200, "text/html", page).await;
    let e = explained(
        client()
            .post(format!("{}/login.do?jsessionid={SESSION}", server.uri()))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("user=metering&password={PASSWORD}")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert!(!e.to_string().contains("redirected"), "{e}");
    assert_hidden(&e, &[SESSION, PASSWORD]);
}

#[tokio::test]
async fn an_empty_basic_user_id_is_no_verdict_and_strict_mode_sends_it() {
    use reqwest_auth_explain::Preflight;
    const PASSWORD: &str = "FAKESECRETsiaWrongPw0c33";
    let server = respond_with(
        401,
        "application/json; charset=utf-8",
        r#"{"message":"API authentication failed."}"#,
        &[("www-authenticate", r#"Basic realm="SiaAPI""#)],
    )
    .await;
    // RFC 7617 allows an empty user id; APIs that take a token alone use it.
    let strict =
        crate::helpers::client_with(AuthExplainMiddleware::builder().preflight(Preflight::Strict));
    let e = explained(
        strict
            .post(format!("{}/wallet/init", server.uri()))
            .basic_auth("", Some(PASSWORD)),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert!(
        e.findings().iter().any(|f| f.code == "basic_empty_user"),
        "{e}"
    );
    assert_hidden(&e, &[PASSWORD]);
}

#[tokio::test]
async fn a_password_the_server_says_must_leave_the_query_string_is_the_place() {
    const PASSWORD: &str = "FAKESECRETw7Yk2pQ9rLm4";
    let server = respond(
        200,
        "application/json; charset=utf-8",
        r#"{"error":{"code":"mustpostparams","info":"The following parameter was found in the query string, but must be in the POST body: lgpassword."}}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!(
                "{}/api.php?action=login&lgname=Jmarlowe&lgpassword={PASSWORD}",
                server.uri()
            ))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("format=json"),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::WrongScheme), "{e}");
    assert_hidden(&e, &[PASSWORD]);
}

#[tokio::test]
async fn a_keyed_hash_header_is_the_requests_signature() {
    const MAC: &str = "FAKESECRETq7Lm2ZpX0wR4vT9yN3bK8sD5fGhJcAe1Uo=";
    // ycmd refuses a request whose `X-Ycm-Hmac` does not verify with a bare 401: the only
    // credential is the keyed hash.
    let server = respond(
        401,
        "application/json",
        r#"{"exception":null,"message":"None","traceback":null}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/event_notification", server.uri()))
            .header("x-ycm-hmac", MAC)
            .header("content-type", "application/json")
            .body(r#"{"event_name":"FileReadyToParse"}"#),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::SignatureMismatch), "{e}");
    assert_eq!(
        e.credential().map(|c| c.location.to_string()).as_deref(),
        Some("header:x-ycm-hmac"),
        "{e}"
    );
    assert_hidden(&e, &[MAC]);
}

#[tokio::test]
async fn a_password_field_with_a_suffix_of_its_own_signs_in() {
    const PASSWORD: &str = "FAKESECRETdruidAdm4x8P";
    // HotelDruid answers a wrong password with its sign-in page again (200), whose field is
    // `password_phpr`.
    let page = r#"<!DOCTYPE html><html><head><title> Login for HotelDruid </title></head><body><form method="post" action="inizio.php"><input type="hidden" name="vers_hinc" value="1">Username: <input type="text" name="nome_utente_phpr">Password: <input type="password" name="password_phpr"><input type="submit" value="Login"></form></body></html>"#;
    let server = respond(200, "text/html; charset=UTF-8", page).await;
    let e = explained(
        client()
            .post(format!("{}/hoteldruid/inizio.php", server.uri()))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!(
                "vers_hinc=1&nome_utente_phpr=admin&password_phpr={PASSWORD}"
            )),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &[PASSWORD]);
}

#[tokio::test]
async fn a_verdict_on_a_key_no_request_part_carried_is_its_absence() {
    // debci answers a GET without any key with a 403 "Invalid key": nothing could have carried
    // one (no body, nothing in the head or the path).
    let server = respond(403, "text/html;charset=utf-8", "Invalid key").await;
    let url = format!("{}/api/v1/test?since=1764979200", server.uri());
    let e = explained(client().get(&url)).await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    // A client that adds its key as a default header, declared so: the key was judged.
    let c = crate::helpers::client_with(
        AuthExplainMiddleware::builder().client_default_credential_headers(["x-debci-key"]),
    );
    let e = explained(c.get(&url)).await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
}

#[tokio::test]
async fn a_validation_error_that_locates_the_key_header_names_it() {
    const KEY: &str = "FAKESECRETe5c19a3b7d20f684";
    // Cornice (Pyramid) lists a required header by location and name: the key went in
    // `Authorization`, the service reads `X-Api-Key`.
    let server = respond(
        400,
        "application/json",
        r#"{"status": "error", "errors": [{"location": "header", "name": "X-Api-Key", "description": "Required"}]}"#,
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/v1/reports?from=2026-11-01", server.uri()))
            .header("authorization", format!("ApiKey {KEY}")),
    )
    .await;
    assert!(
        matches!(
            e.cause(),
            Some(Cause::MissingCredentials | Cause::WrongScheme)
        ),
        "{e}"
    );
    assert!(format!("{e}").contains("X-Api-Key"), "{e}");
    assert_hidden(&e, &[KEY]);
    // The same shape about a field of the payload is a validation error.
    let server = respond(
        400,
        "application/json",
        r#"{"status": "error", "errors": [{"location": "body", "name": "title", "description": "Required"}]}"#,
    )
    .await;
    crate::helpers::handed_on(
        client()
            .post(format!("{}/v1/reports", server.uri()))
            .header("x-api-key", KEY)
            .header("content-type", "application/json")
            .body("{}"),
    )
    .await;
}

#[tokio::test]
async fn a_bare_api_key_challenge_that_finds_no_key_is_the_keys_place() {
    const KEY: &str = "FAKESECRETsh1p0d7a3e";
    // FastAPI's `APIKeyHeader` answers a request without its header with a bare `APIKey`
    // challenge and "Not authenticated": the key went in a header of another name.
    let server = respond_with(
        401,
        "application/json",
        r#"{"detail":"Not authenticated"}"#,
        &[("www-authenticate", "APIKey")],
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/v1/carriers", server.uri()))
            .header("x-api-token", KEY),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::WrongScheme), "{e}");
    assert!(format!("{e}").contains("header:x-api-token"), "{e}");
    assert_hidden(&e, &[KEY]);
    // The same challenge beside a verdict on the key: the key was read, and refused.
    let server = respond_with(
        401,
        "application/json",
        r#"{"detail":"Invalid API key"}"#,
        &[("www-authenticate", "APIKey")],
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/v1/carriers", server.uri()))
            .header("x-api-key", KEY),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
}

#[tokio::test]
async fn a_one_letter_password_beside_a_user_name_is_a_credential_and_hidden() {
    const P: &str = "FAKESECRETv5Hq8Kz2";
    // Cardboardfish's HTTP SMS interface signs in with `UN=…&P=…` in the query, and answers a
    // wrong pair with a 401 "ERR -10".
    let server = respond(401, "text/plain", "ERR -10").await;
    let e = explained(client().get(format!(
        "{}/HTTPSMS?S=H&UN=acmeretail01&P={P}&DA=447973123456&SA=CBF&M=Please%20call",
        server.uri()
    )))
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &[P]);
    // Alone, `p` is a page.
    let server = respond(401, "text/plain", "ERR -10").await;
    let e = explained(client().get(format!("{}/list?id=42&p=3", server.uri()))).await;
    assert!(e.credential().is_none(), "{e}");
}

#[tokio::test]
async fn credentials_in_an_xml_body_are_found_and_hidden() {
    // An XML API's key inside `<authentication>` (iletimerkezi's), refused with a 401 in
    // Turkish ("membership details are wrong").
    const KEY: &str = "FAKESECRETk3f9a2c7e1b5d8";
    const HASH: &str = "FAKESECRETh7e2b9d4a1c6f3e8b5a0d7c2f9e4b1a6";
    let server = respond(
        401,
        "text/xml; charset=UTF-8",
        "<response><status><code>401</code><message>Üyelik bilgileri hatalı</message></status></response>",
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/v1/get-balance", server.uri()))
            .header("content-type", "text/xml; charset=UTF-8")
            .body(format!(
                "<request><authentication><key>{KEY}</key><hash>{HASH}</hash></authentication></request>"
            )),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &[KEY, HASH]);
    // A WS-Security password with an entity in it, echoed whole by a SOAP fault.
    const PASSWORD: &str = "FAKESECRETp&ss9Qz";
    let escaped = PASSWORD.replace('&', "&amp;");
    let fault = format!(
        r#"<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault><faultcode>soap:Client</faultcode><faultstring>The security token could not be authenticated: password {escaped} is wrong</faultstring></soap:Fault></soap:Body></soap:Envelope>"#
    );
    let server = respond(500, "text/xml; charset=utf-8", &fault).await;
    let e = explained(
        client()
            .post(format!("{}/services/Orders", server.uri()))
            .header("content-type", "text/xml; charset=utf-8")
            .body(format!(
                r#"<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"><soap:Header><wsse:Security><wsse:UsernameToken><wsse:Username>orders</wsse:Username><wsse:Password>{escaped}</wsse:Password></wsse:UsernameToken></wsse:Security></soap:Header><soap:Body><GetOrders/></soap:Body></soap:Envelope>"#
            )),
    )
    .await;
    assert!(e.credential().is_some(), "{e}");
    assert_hidden(&e, &[PASSWORD, &escaped]);
}

#[tokio::test]
async fn basic_credentials_to_a_server_that_speaks_of_a_jwt_are_the_wrong_scheme() {
    const B64: &str = "d21zLWRpc3BhdGNoLXdvcmtlcjpGQUtFU0VDUkVUY2wxZW50UzNjcjN0UTk=";
    // HAProxy's JWT checks read the Basic value as a token and refuse its "algorithm".
    let server = respond(403, "text/html", "Unsupported JWT signing algorithm").await;
    let e = explained(
        client()
            .get(format!("{}/api/orders/", server.uri()))
            .header("authorization", format!("Basic {B64}")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::WrongScheme), "{e}");
    assert_hidden(&e, &[B64, "FAKESECRETcl1entS3cr3tQ9"]);
}

#[tokio::test]
async fn a_jwt_without_a_key_to_verify_it_and_an_http_signature_refused() {
    // node-jose finds no key for the token's `kid`: the token, not a missing credential.
    let token = jwt(r#""sub":"app:exporter","exp":4102444800"#);
    let server = respond(401, "text/plain; charset=utf-8", "no key found").await;
    let e = explained(
        client()
            .get(format!("{}/v1/accounts/7731-0042/statements", server.uri()))
            .header("authorization", format!("Bearer {token}")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert!(format!("{e}").contains("kid"), "{e}");
    assert_hidden(&e, &[&token]);
    // A gateway that wants its own API key says so in the same words: that key is missing.
    let server = respond(
        401,
        "application/json",
        r#"{"message":"No API key found in request","hint":"No `apikey` request header or url param was found."}"#,
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/rest/v1/profiles", server.uri()))
            .header("authorization", format!("Bearer {token}")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    // HTTP Signatures in `Authorization`, refused for the headers it signed: the signature.
    const SIG: &str = "FAKESECRETc2lnbmF0dXJlQmFzZTY0PQ==";
    let server = respond(
        401,
        "text/plain; charset=utf-8",
        "(request-target), digest, host is a required header(s)",
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/inbox", server.uri()))
            .header(
                "authorization",
                format!(
                    r#"Signature keyId="partner-4471",algorithm="hmac-sha256",headers="date",signature="{SIG}""#
                ),
            )
            .header("date", "Sun, 06 Dec 2026 18:40:59 GMT")
            .body("{}"),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::SignatureMismatch), "{e}");
    assert_hidden(&e, &[SIG]);
}

#[tokio::test]
async fn a_buckets_remaining_time_is_the_wait() {
    const TOKEN: &str = "FAKESECRETt0k3nR4teL1m17";
    let server = respond(
        429,
        "application/json",
        &format!(
            r#"{{"error": "Bucket for {TOKEN} with Rate 5/60 is already full", "identity": "{TOKEN}", "rate": "5/60", "remaining_time": 55.629}}"#
        ),
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/v1/parcels", server.uri()))
            .header("token", TOKEN),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::RateLimited), "{e}");
    assert_eq!(e.retry_after_s(), Some(56), "{e}");
    assert_hidden(&e, &[TOKEN]);
}

#[tokio::test]
async fn django_rest_frameworks_permission_text_to_an_identified_caller_is_a_permission() {
    const TOKEN: &str = "FAKESECRETlava9d2c71e04b";
    let server = respond(
        403,
        "application/json",
        r#"{"detail":"You do not have permission to perform this action."}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/api/v0.2/workers/", server.uri()))
            .header("authorization", format!("Token {TOKEN}"))
            .header("content-type", "application/json")
            .body(r#"{"hostname":"worker-07"}"#),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InsufficientScope), "{e}");
    assert_eq!(
        e.confidence(),
        Some(reqwest_auth_explain::Confidence::Low),
        "{e}"
    );
    assert_hidden(&e, &[TOKEN]);
    // To a request without a credential the same text names no permission of its own.
    let e = explained(client().get(format!("{}/api/v0.2/workers/", server.uri()))).await;
    assert_ne!(e.cause(), Some(Cause::InsufficientScope), "{e}");
}

#[tokio::test]
async fn a_refused_cors_preflight_is_the_origin_policy() {
    // Plack::Middleware::CrossOrigin refuses a preflight whose requested headers it does not
    // allow with a bare 403.
    let server = respond(403, "text/plain", "forbidden").await;
    let e = explained(
        client()
            .request(
                reqwest::Method::OPTIONS,
                format!("{}/v2/invoices?status=open", server.uri()),
            )
            .header("origin", "https://app.example.com")
            .header("access-control-request-method", "GET")
            .header(
                "access-control-request-headers",
                "authorization,content-type",
            ),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::OriginRestricted), "{e}");
    // An OPTIONS that is no preflight (no Access-Control-Request-Method) is not read so.
    let e = explained(
        client()
            .request(
                reqwest::Method::OPTIONS,
                format!("{}/v2/invoices", server.uri()),
            )
            .header("x-api-key", "FAKESECRETopt1ons7Kq2"),
    )
    .await;
    assert_ne!(e.cause(), Some(Cause::OriginRestricted), "{e}");
}

#[tokio::test]
async fn a_signature_refused_to_a_request_of_cookies_is_a_signature_not_sent() {
    const SESSION: &str = "FAKESECRETChRrdWFpc2hvdS5saXZlLndlYi5zdBKgAQ";
    // Kuaishou's H5 API wants a request signature the page computes; the cookies carry none,
    // and an empty captcha token is no credential.
    let server = respond(
        200,
        "application/json;charset=UTF-8",
        r#"{"result":50,"ab8d":true,"error_msg":"签名验证失败"}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!(
                "{}/rest/wd/photo/info?kpn=KUAISHOU&captchaToken=",
                server.uri()
            ))
            .header(
                "cookie",
                format!("didv=1728654200000; kuaishou.live.web_st={SESSION}"),
            )
            .header("content-type", "application/json")
            .body(r#"{"photoId":"3xkvab2pug355nk"}"#),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::SignatureMismatch), "{e}");
    assert!(
        e.findings().iter().all(|f| f.code != "empty_credential"),
        "{e}"
    );
    assert_hidden(&e, &[SESSION]);
}

#[tokio::test]
async fn a_digest_credential_computed_for_another_uri_or_not_a_list_explains_a_bare_400() {
    let c = crate::helpers::client();
    // Net::HTTPServer's stock 400 page, which names nothing.
    let page = "<html><head><title>Bad Request!</title></head><body><h1>Bad Request!</h1><dl><dd>You made a bad request.  Something you sent did not match up.</dd></dl><h2>Error 400</h2></body></html>";
    let server = crate::helpers::respond(400, "text/html", page).await;
    // The response hash was computed for the path without its query (RFC 7616 §3.4).
    let digest = r#"Digest username="backup", realm="Backups", nonce="MTc5NjU5MDU3OTo3YjFh", uri="/dav/nightly", algorithm=MD5, response="f9c1a4888c3a1e7150b7c8fd31ba3d09", qop=auth, nc=00000001, cnonce="9b1c2f7a4e6d8035""#;
    let e = crate::helpers::explained(
        c.get(format!("{}/dav/nightly?since=2026-12-01", server.uri()))
            .header("authorization", digest),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::MalformedCredentials), "{e}");
    assert!(e.to_string().contains("digest_uri_mismatch"), "{e}");
    // Parameters without commas or quotes.
    let e = crate::helpers::explained(
        c.get(format!("{}/dav/nightly", server.uri()))
            .header("authorization", "Digest username=backup realm=Backups"),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::MalformedCredentials), "{e}");
    // The same Digest sent to the URI it covers: the 400 is the server's own.
    crate::helpers::handed_on(
        c.get(format!("{}/dav/nightly", server.uri()))
            .header("authorization", digest),
    )
    .await;
}
