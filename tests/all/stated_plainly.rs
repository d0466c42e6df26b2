//! Answers that state their reason plainly but in a form of their own: a refusal followed by
//! advice, a failure spelled `ERR`, a client unknown to a token endpoint, an account named
//! after its API, a wait under a limiter's own header, a token error thrown into Express's
//! stock page. Each output is checked for the secrets the request carried.

use reqwest_auth_explain::Cause;

use reqwest_auth_explain::{AuthExplainMiddleware, ResponseExt};

use crate::helpers::{
    assert_hidden, client, client_without_redirects, explained, handed_on, respond, respond_with,
};

#[tokio::test]
async fn a_keyed_envelopes_refusal_followed_by_advice() {
    const KEY: &str = "FAKESECRETezee1c2d3e4f5a6";
    let server = respond(
        200,
        "application/json",
        r#"{ "Errors": { "ErrorCode": "301", "ErrorMessage": "Unauthorized Request. Please check hotel code and authentication code" } }"#,
    )
    .await;
    let e =
        explained(client().get(format!("{}/pmsinterface/rooms?api_key={KEY}", server.uri()))).await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &[KEY]);

    // A refusal named as a service's failure, in XML.
    let server = respond(
        200,
        "text/xml;charset=UTF-8",
        "<response><header><resultCode>20</resultCode><resultMsg>SERVICE ACCESS DENIED ERROR.</resultMsg></header></response>",
    )
    .await;
    let e = explained(client().get(format!(
        "{}/service/forecast/getForecast?ServiceKey={KEY}&stnId=108",
        server.uri()
    )))
    .await;
    assert!(
        matches!(
            e.cause(),
            Some(Cause::UnknownForbidden | Cause::EndpointNotEnabled)
        ),
        "{e}"
    );
    assert_hidden(&e, &[KEY]);

    // The same advice after a word that refuses nothing is no refusal.
    let server = respond(
        200,
        "application/json",
        r#"{"Errors":{"ErrorCode":"12","ErrorMessage":"Room type not found. Please check the room type id"}}"#,
    )
    .await;
    handed_on(client().get(format!("{}/pmsinterface/rooms?api_key={KEY}", server.uri()))).await;
}

#[tokio::test]
async fn a_failure_spelled_err_and_a_balance_not_sufficient() {
    const KEY: &str = "FAKESECRETseeme2415537c8fca";
    let server = respond(
        200,
        "application/json",
        r#"{"result":"ERR","code":7,"message":"Your current balance is 0, which is not sufficient for the sending of this message."}"#,
    )
    .await;
    let e = explained(client().get(format!(
        "{}/gateway?key={KEY}&message=Test&number=36201234567",
        server.uri()
    )))
    .await;
    assert_eq!(e.cause(), Some(Cause::PlanRestricted), "{e}");
    assert_hidden(&e, &[KEY]);
}

#[tokio::test]
async fn a_client_the_token_endpoint_does_not_know() {
    const SECRET: &str = "FAKESECRET4e9dcb80efcd484c";
    let form = format!("grant_type=client_credentials&client_id=api-server&client_secret={SECRET}");
    let server = respond(
        400,
        "application/json",
        r#"{"error":"unauthorized_client","error_description":"UNKNOWN_CLIENT: Client was not identified by any client authenticator"}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!(
                "{}/realms/app/protocol/openid-connect/token",
                server.uri()
            ))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form.clone()),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &[SECRET]);

    // The code alone keeps RFC 6749's meaning: the grant is not enabled for this client.
    let server = respond(
        400,
        "application/json",
        r#"{"error":"unauthorized_client"}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/oauth/token", server.uri()))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::EndpointNotEnabled), "{e}");
}

#[tokio::test]
async fn an_account_named_after_its_api() {
    const TOKEN: &str = "FAKESECRETsmip90ab";
    let server = respond(
        401,
        "application/json",
        r#"{"errors":[{"error_code":"1101","error_message":"API Account is disabled."}]}"#,
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/rs/data/v1/measurements", server.uri()))
            .bearer_auth(TOKEN),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::AccountSuspended), "{e}");
    assert_hidden(&e, &[TOKEN]);

    // An API that is disabled is still the API's state.
    let server = respond(403, "application/json", r#"{"message":"API is disabled."}"#).await;
    let e = explained(
        client()
            .get(format!("{}/rs/data/v1/measurements", server.uri()))
            .bearer_auth(TOKEN),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::EndpointNotEnabled), "{e}");
}

#[tokio::test]
async fn a_wait_under_a_limiters_own_header() {
    let server = respond_with(
        429,
        "application/json",
        r#"{"error":{"code":429,"message":"Too many requests. Please wait before retrying."}}"#,
        &[
            ("x-ratelimit-retry-at", "1737592000"),
            ("x-ratelimit-retry-after-seconds", "15"),
        ],
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/rest/vehicles", server.uri()))
            .basic_auth("fleet-user", Some("FAKESECRETcartrack9d2")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::RateLimited), "{e}");
    assert_eq!(e.retry_after_s(), Some(15), "{e}");
    assert_hidden(&e, &["FAKESECRETcartrack9d2"]);
}

#[tokio::test]
async fn a_token_error_thrown_into_expresss_stock_page() {
    // A JWT whose payload holds the marker, with a valid-looking shape and a far `exp`.
    const JWT: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1XzEwNDIiLCJub3RlIjoiRkFLRVNFQ1JFVCIsImV4cCI6MTkyNDk5MjAwMCwiaWF0IjoxNzk2NjQ2NDU3fQ.DmZ8ckrQZzimtcBktiN670P6uj44JxT4e-Y5Y9-EKFs";
    const PAGE: &str = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Error</title>\n</head>\n<body>\n<pre>JsonWebTokenError: invalid signature<br> &nbsp; &nbsp;at /srv/app/node_modules/jsonwebtoken/verify.js:171:19<br> &nbsp; &nbsp;at /srv/app/app.js:8:22</pre>\n</body>\n</html>\n";
    let server = respond_with(
        500,
        "text/html; charset=utf-8",
        PAGE,
        &[
            ("x-powered-by", "Express"),
            ("content-security-policy", "default-src 'none'"),
        ],
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/api/v1/orders", server.uri()))
            .bearer_auth(JWT),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &[JWT, "FAKESECRET"]);

    // The same page from a server that does not show Express's headers is any 500.
    let server = respond(500, "text/html; charset=utf-8", PAGE).await;
    handed_on(
        client()
            .get(format!("{}/api/v1/orders", server.uri()))
            .bearer_auth(JWT),
    )
    .await;
}

#[tokio::test]
async fn a_bearer_token_missing_under_another_scheme_is_the_scheme_not_its_time() {
    // Expired by `exp`, but the server looked for `Bearer` and found nothing to judge.
    let token = crate::helpers::jwt(r#""sub":"svc-recon","exp":1767229200,"jti":"FAKESECRET-j1""#);
    let server = respond(
        401,
        "application/json",
        r#"{"error": "Missing bearer token"}"#,
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/ledger/entries", server.uri()))
            .header("authorization", format!("Token {token}")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::WrongScheme), "{e}");
    assert_hidden(&e, &[&token]);

    // The same token under `Bearer`, refused without a reason: its time is the reason.
    let server = respond(401, "", "").await;
    let e = explained(
        client()
            .get(format!("{}/ledger/entries", server.uri()))
            .bearer_auth(&token),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::ExpiredCredentials), "{e}");
}

#[tokio::test]
async fn scopes_written_as_python_literals() {
    let token = crate::helpers::jwt(
        r#"{"sub":"u-4411","exp":1924992000,"scope":"openid profile email","nonce":"FAKESECRET-n1"}"#,
    );
    let server = respond(
        401,
        "application/json",
        r#"{"detail":["Missing scope token, expected {'inventory:read'} to be a subset of received ['openid', 'profile', 'email']"]}"#,
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/items", server.uri()))
            .bearer_auth(&token),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InsufficientScope), "{e}");
    assert_eq!(e.required_scopes(), ["inventory:read"], "{e}");
    assert_hidden(&e, &[&token]);
}

#[tokio::test]
async fn a_quota_run_out_with_its_wait_as_a_time_span() {
    const KEY: &str = "FAKESECRET0b1c2d3e4f5a6b7c8d9e0f1a";
    let server = respond(
        403,
        "application/json",
        r#"{ "statusCode": 403, "message": "Out of call volume quota. Quota will be replenished in 22.14:18:12." }"#,
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/bing/v5.0/search?q=pizza", server.uri()))
            .header("ocp-apim-subscription-key", KEY),
    )
    .await;
    assert!(
        matches!(e.cause(), Some(Cause::PlanRestricted | Cause::RateLimited)),
        "{e}"
    );
    assert_eq!(e.retry_after_s(), Some(1_952_292), "{e}");
    assert_hidden(&e, &[KEY]);

    // Azure API Management writes a rate limit's wait so too.
    let server = respond(
        429,
        "application/json",
        r#"{"message":"Rate limit is exceeded. Try again in 00:00:37."}"#,
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/bing/v5.0/search?q=pizza", server.uri()))
            .header("ocp-apim-subscription-key", KEY),
    )
    .await;
    assert_eq!(e.retry_after_s(), Some(37), "{e}");
}

#[tokio::test]
async fn a_code_of_two_restrictions_leaves_the_message_to_say_which() {
    const KEY: &str = "AIzaSyFAKESECRET_sh0rtyR3f3rerK3y";
    let message = "The request did not specify any referer. Please ensure that the client is sending referer or use the API Console to remove the referer restrictions.";
    let body = serde_json::json!({
        "error": {
            "errors": [{"domain": "usageLimits", "reason": "ipRefererBlocked", "message": message}],
            "code": 403,
            "message": message,
        }
    });
    let server = respond(403, "application/json; charset=UTF-8", &body.to_string()).await;
    let e = explained(
        client()
            .post(format!("{}/urlshortener/v1/url?key={KEY}", server.uri()))
            .header("content-type", "application/json")
            .body(r#"{"longUrl":"https://www.example.com/some/long/path"}"#),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::OriginRestricted), "{e}");
    assert_hidden(&e, &[KEY]);
}

#[tokio::test]
async fn a_key_not_authorized_for_the_thing_asked_of_it() {
    const KEY: &str = "pk_FAKESECRET9Lq2Vt7Wm4Rz8Xc1Nb6";
    let server = respond(
        404,
        "application/json",
        r#"{"errors":[{"message":"API key not authorized for this library.","extensions":{"code":"API_KEY_NOT_AUTHORIZED_FOR_LIBRARY","http":{"status":404}}}],"data":null}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/", server.uri()))
            .bearer_auth(KEY)
            .header("content-type", "application/json")
            .body(r#"{"query":"query { assets(libraryId: \"barcelona\") { id } }"}"#),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InsufficientScope), "{e}");
    assert_hidden(&e, &[KEY]);
}

#[tokio::test]
async fn a_scope_required_in_chinese() {
    const TOKEN: &str = "FAKESECRET_cn_tok_6e5f";
    let server = respond(
        403,
        "application/json; charset=utf-8",
        r#"{"code": 40301, "msg": "权限不足：当前令牌没有访问财务报表的权限（需要 report:finance）"}"#,
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/openapi/v2/reports/finance", server.uri()))
            .bearer_auth(TOKEN),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InsufficientScope), "{e}");
    assert_eq!(e.required_scopes(), ["report:finance"], "{e}");
    assert_hidden(&e, &[TOKEN]);
}

#[tokio::test]
async fn refusals_in_chinese_persian_and_turkish() {
    const KEY: &str = "FAKESECRETb6c1d2e3f4a5b6c7d8e9f0a1";
    let ask = |status: u16, body: &'static str| async move {
        let server = respond(status, "application/json; charset=utf-8", body).await;
        let e = explained(
            client()
                .post(format!("{}/v1/send", server.uri()))
                .header("x-api-key", KEY)
                .header("content-type", "application/json")
                .body(r#"{"to":"13800138000"}"#),
        )
        .await;
        assert_hidden(&e, &[KEY]);
        e
    };
    // "the calls per minute went over the rate limit"
    let e = ask(401, r#"{"code":10005,"msg":"每分钟调用频率超限"}"#).await;
    assert_eq!(e.cause(), Some(Cause::RateLimited), "{e}");
    // "the calling IP does not match the registered IP"
    let e = ask(403, r#"{"code":4052,"msg":"访问ip与备案ip不符"}"#).await;
    assert_eq!(e.cause(), Some(Cause::IpRestricted), "{e}");
    // "the user has been blocked"
    let e = ask(
        403,
        r#"{"error_code": 11, "error_message": "کاربر مسدود شده است."}"#,
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::AccountSuspended), "{e}");
    // "insufficient balance"
    let e = ask(
        402,
        r#"{"response":{"status":{"code":402,"message":"Bakiye yetersiz"}}}"#,
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::PlanRestricted), "{e}");
}

#[tokio::test]
async fn a_sign_in_that_is_no_longer_fresh() {
    const TOKEN: &str = "FAKESECRETt_fShNuKnwkltiaKY";
    let server = respond(
        401,
        "application/json",
        r#"{"meta":{"code":401},"response":{"errors":["You must reauthenticate to access this endpoint"],"reauth_required":true}}"#,
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/api/payout-settings", server.uri()))
            .header("authentication-token", TOKEN),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::ExpiredCredentials), "{e}");
    assert_hidden(&e, &[TOKEN]);
}

#[tokio::test]
async fn a_crash_on_reading_a_credential_that_was_not_there() {
    let trace = "Traceback (most recent call last):\n  File \"/srv/app.py\", line 9, in dispatch\n    auth = request.headers['authorization']\n  File \"/v/starlette/datastructures.py\", line 565, in __getitem__\n    raise KeyError(key)\nKeyError: 'authorization'\n";
    let server = respond(500, "text/plain; charset=utf-8", trace).await;
    let e = explained(client().get(format!("{}/v1/reports", server.uri()))).await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");

    // A payload's key that was not there is the payload's business.
    let server = respond(
        400,
        "text/plain; charset=utf-8",
        "Error: KeyError: 'page_token'",
    )
    .await;
    handed_on(
        client()
            .post(format!("{}/v2/events/search", server.uri()))
            .header("content-type", "application/json")
            .body(r#"{"query":{"page_size":50,"pageToken":"CiAKGjBpNDd2"}}"#),
    )
    .await;
}

#[tokio::test]
async fn a_sign_in_refused_by_its_forms_own_error_in_any_language() {
    const PASSWORD: &str = "FAKESECRET-wrong-pass";
    let sign_in = |body: &'static str| async move {
        let server = respond(400, "application/json", body).await;
        let e = explained(
            client()
                .post(format!("{}/auth/login/", server.uri()))
                .header("content-type", "application/json")
                .body(format!(r#"{{"username":"anna","password":"{PASSWORD}"}}"#)),
        )
        .await;
        assert_hidden(&e, &[PASSWORD]);
        e
    };
    // Django REST framework's "Unable to log in with provided credentials.", in Spanish.
    let e = sign_in(
        r#"{"non_field_errors":["No puede iniciar sesión con las credenciales proporcionadas."]}"#,
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    // Flask-Security's errors keyed by the password field, in Italian.
    let e = sign_in(
        r#"{"meta":{"code":400},"response":{"errors":["Password non valida"],"field_errors":{"password":["Password non valida"]}}}"#,
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    // The words still decide when they name a state: "the account is disabled", in Polish.
    let e = sign_in(
        r#"{"meta":{"code":400},"response":{"errors":["Konto jest wyłączone."],"field_errors":{"email":["Konto jest wyłączone."]}}}"#,
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::AccountSuspended), "{e}");
    let e = sign_in(r#"{"non_field_errors":["E-mail is not verified."]}"#).await;
    assert_eq!(e.cause(), Some(Cause::AccountSuspended), "{e}");
}

#[tokio::test]
async fn czech_and_arabic_words_of_credentials_and_limits() {
    const TOKEN: &str = "FAKESECRET0a1b2c3d4e5f60718293a4b5c6d7e0";
    // "No credentials were given", to a `Token` the server does not read.
    let server = respond(
        403,
        "application/json",
        r#"{"detail":"Nebyly zadány přihlašovací údaje."}"#,
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/auth/user/", server.uri()))
            .header("authorization", format!("Token {TOKEN}")),
    )
    .await;
    assert!(
        matches!(
            e.cause(),
            Some(Cause::MissingCredentials | Cause::WrongScheme)
        ),
        "{e}"
    );
    assert_hidden(&e, &[TOKEN]);
    // "The allowed limit of sign-in attempts was exceeded. Try later."
    let server = respond(
        400,
        "application/json",
        r#"{"status": 400, "errors": [{"message": "تجاوزت الحد المسموح لمحاولة تسجيل الدخول. حاول في وقت لاحق."}]}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/_allauth/app/v1/auth/login", server.uri()))
            .header("content-type", "application/json")
            .body(r#"{"username":"anna","password":"FAKESECRET-wrong-3"}"#),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::RateLimited), "{e}");
}

#[tokio::test]
async fn an_answers_data_that_speaks_of_tokens_is_no_refusal() {
    const KEY: &str = "FAKESECRETappsecret0c9d8e7f";
    // A token inspected on request: the error is the inspected token's, inside the answer.
    let server = respond(
        200,
        "application/json; charset=UTF-8",
        r#"{"data":{"app_id":"257422819769992","type":"USER","error":{"code":190,"message":"Error validating access token: Session has expired on Wednesday, 16-Nov-22 07:45:51 PST."},"is_valid":false,"scopes":[]}}"#,
    )
    .await;
    handed_on(client().get(format!(
        "{}/v15.0/debug_token?input_token=EAADqHZBu6vogBAFAKESECRETexpired&access_token=2574%7C{KEY}",
        server.uri()
    )))
    .await;
    // Log rows that quote refusals.
    let server = respond(
        200,
        "application/json; charset=utf-8",
        r#"[{"id":1,"level":"ERROR","message":"upstream returned 401: invalid token for tenant acme"},{"id":2,"level":"WARN","message":"refresh token expired for user 4411, forcing re-login"}]"#,
    )
    .await;
    handed_on(client().get(format!("{}/ops/app_logs.json?api_key={KEY}", server.uri()))).await;
    // The same words as the whole answer are read.
    let server = respond(
        200,
        "application/json; charset=utf-8",
        r#"{"errorId":10,"errorCode":"ERROR_ZERO_BALANCE","errorDescription":"Account has zero or negative balance."}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/createTask", server.uri()))
            .header("content-type", "application/json")
            .body(format!(
                r#"{{"clientKey":"{KEY}","task":{{"type":"ImageToTextTask"}}}}"#
            )),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::PlanRestricted), "{e}");
    assert_hidden(&e, &[KEY]);
}

#[tokio::test]
async fn a_json_rpc_result_is_the_answer_whatever_its_rows_say() {
    const TOKEN: &str = "FAKESECRET-rpc-reader-7c1d";
    let call = |uri: &str| {
        client()
            .post(format!("{uri}/rpc"))
            .bearer_auth(TOKEN)
            .header("content-type", "application/json")
            .body(r#"{"jsonrpc":"2.0","method":"login_history","params":{"account":"acc-42"},"id":3}"#)
    };
    // A result (JSON-RPC 2.0 §5: no `error` member) of rows that quote refusals.
    let server = respond(
        200,
        "application/json",
        r#"{"jsonrpc":"2.0","id":3,"result":[{"at":"2026-12-06T09:12:44Z","result":"unauthorized","error":"invalid password"},{"at":"2026-12-06T09:13:02Z","result":"ok","error":null}]}"#,
    )
    .await;
    handed_on(call(&server.uri())).await;
    // The same call refused in its `error` member is read.
    let server = respond(
        200,
        "application/json",
        r#"{"jsonrpc":"2.0","id":3,"error":{"code":-32001,"message":"Unauthorized: token expired"}}"#,
    )
    .await;
    let e = explained(call(&server.uri())).await;
    assert_eq!(e.cause(), Some(Cause::ExpiredCredentials), "{e}");
    assert_hidden(&e, &[TOKEN]);
}

#[tokio::test]
async fn a_placeholder_sent_to_a_route_that_redirects_to_its_sign_in_page() {
    let server = respond_with(303, "", "", &[("location", "/login?next=/dashboard/data")]).await;
    let resp = client_without_redirects(AuthExplainMiddleware::builder())
        .get(format!("{}/dashboard/data", server.uri()))
        .header("accept", "application/json")
        .header("authorization", "Bearer ${API_TOKEN}")
        .send()
        .await
        .expect("a response");
    let e = resp.auth_explanation().expect("explained");
    assert_eq!(e.cause(), Some(Cause::PlaceholderCredentials), "{e}");
}

#[tokio::test]
async fn a_key_switched_off_and_a_limit_reached_said_as_codes() {
    const KEY: &str = "FAKESECRET-appkey-1a2b3c4d";
    // The state after the credential, in a heading's style, in a keyed API's 200.
    let server = respond(
        200,
        "application/json",
        r#"{"status": -1, "data": "Flagged API Key - Temporarily Disabled - contact us", "error": "Flagged API Key - Temporarily Disabled - contact us"}"#,
    )
    .await;
    let form = format!(
        "data={}",
        url::form_urlencoded::byte_serialize(
            format!(r#"{{"key":"{KEY}","request":{{"module":"staff"}}}}"#).as_bytes()
        )
        .collect::<String>()
    );
    let e = explained(
        client()
            .post(format!("{}/api/", server.uri()))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form),
    )
    .await;
    assert!(
        matches!(
            e.cause(),
            Some(Cause::RevokedCredentials | Cause::AccountSuspended)
        ),
        "{e}"
    );
    assert_hidden(&e, &[KEY]);
    // A limit of calls met, said only as a code.
    let server = respond(
        401,
        "application/json",
        r#"{"status": "error", "message": "API_KEY_LIMIT_REACHED"}"#,
    )
    .await;
    let e =
        explained(client().get(format!("{}/air?api_key={KEY}&number=176-1", server.uri()))).await;
    assert_eq!(e.cause(), Some(Cause::RateLimited), "{e}");
    assert_hidden(&e, &[KEY]);
}

#[tokio::test]
async fn an_oauth_callback_relaying_a_refusal_had_no_credential_to_send() {
    let server = respond(
        401,
        "application/json; charset=utf-8",
        r#"{"error":"Authentication failed","message":"App rejected: The user has denied your application access."}"#,
    )
    .await;
    let e = explained(client().get(format!(
        "{}/auth/github?error=access_denied&error_description=The+user+has+denied+your+application+access.&state=ucaUbSTJgCZizGS5",
        server.uri()
    )))
    .await;
    assert_eq!(e.cause(), Some(Cause::UnknownUnauthorized), "{e}");
    assert!(e.to_string().contains("error=access_denied"), "{e}");
    // A scope refused is the scope.
    let e = explained(client().get(format!(
        "{}/auth/github?error=invalid_scope&state=ucaUbSTJgCZizGS5",
        server.uri()
    )))
    .await;
    assert_eq!(e.cause(), Some(Cause::InsufficientScope), "{e}");
    // Without a callback's marks, the same answer to no credential asks for one.
    let e = explained(client().get(format!("{}/auth/github", server.uri()))).await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");

    // The same callback answered the ways applications answer it: a redirect home, a 400
    // page, a 500 thrown by the strategy.
    type Answer = (
        u16,
        &'static str,
        &'static str,
        &'static [(&'static str, &'static str)],
    );
    let cases: [(Answer, Cause); 3] = [
        (
            (302, "", "", &[("location", "/admin/")]),
            Cause::UnknownUnauthorized,
        ),
        (
            (
                400,
                "text/html",
                "<html><title>JupyterHub</title><h1>400 : OAuth error: The resource owner denied the request</h1></html>",
                &[],
            ),
            Cause::UnknownUnauthorized,
        ),
        (
            (
                500,
                "text/html; charset=utf-8",
                "<!DOCTYPE html><html><head><title>Error</title></head><body><pre>AuthorizationError: Scope &#39;admin&#39; is not allowed for this client<br> &nbsp;at Strategy.authenticate</pre></body></html>",
                &[],
            ),
            Cause::InsufficientScope,
        ),
    ];
    for ((status, ct, body, headers), cause) in cases {
        let server = respond_with(status, ct, body, headers).await;
        let code = if cause == Cause::InsufficientScope {
            "invalid_scope"
        } else {
            "access_denied"
        };
        let e = explained(
            client_without_redirects(AuthExplainMiddleware::builder()).get(format!(
                "{}/auth/callback?error={code}&state=kX3mQ9vT2pLw",
                server.uri()
            )),
        )
        .await;
        assert_eq!(e.cause(), Some(cause), "{status}: {e}");
    }
    // A redirect without the callback's marks stays a redirect.
    let server = respond_with(302, "", "", &[("location", "/admin/")]).await;
    handed_on(
        client_without_redirects(AuthExplainMiddleware::builder()).get(format!(
            "{}/auth/callback?error=access_denied",
            server.uri()
        )),
    )
    .await;
}

#[tokio::test]
async fn a_one_time_sign_in_ticket_sent_back_to_sign_in() {
    const TICKET: &str = "ST-1-FAKESECRETticket-cas01";
    let server = respond_with(
        302,
        "text/html; charset=utf-8",
        "",
        &[(
            "location",
            "/cas/login?service=http%3A%2F%2Fapp.example%2Faccounts%2Flogin%2F",
        )],
    )
    .await;
    let e = explained(
        client_without_redirects(AuthExplainMiddleware::builder()).get(format!(
            "{}/accounts/login/?next=/api/reports/&ticket={TICKET}",
            server.uri()
        )),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::UnknownUnauthorized), "{e}");
    assert!(e.to_string().contains("one-time"), "{e}");
    assert_hidden(&e, &[TICKET]);
}

#[tokio::test]
async fn a_token_endpoint_that_refuses_how_the_client_authenticated() {
    const SECRET: &str = "FAKESECRET-billing-portal-secret";
    let server = respond(
        400,
        "application/json",
        r#"{"error": "invalid_request", "error_description": "Client not configured to use POST authentication"}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/openid/token", server.uri()))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!(
                "grant_type=authorization_code&code=FAKESECRET-code-44b1&client_id=billing-portal&client_secret={SECRET}"
            )),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::WrongScheme), "{e}");
    assert!(e.to_string().contains("HTTP Basic"), "{e}");
    assert_hidden(&e, &[SECRET]);
}

#[tokio::test]
async fn a_field_named_for_a_credentials_attribute_is_the_payloads() {
    const TOKEN: &str = "FAKESECRET-admin-session-8c2f14a9d0";
    let server = respond(
        400,
        "application/json",
        r#"{"error messages":["Missing token_name field in request body.","The value for scopes must be of type str, but is of type list."]}"#,
    )
    .await;
    handed_on(
        client()
            .post(format!("{}/api/personal-access-tokens", server.uri()))
            .bearer_auth(TOKEN)
            .header("content-type", "application/json")
            .body(r#"{"scopes": ["repo", "read:org"], "expires_in_days": 400}"#),
    )
    .await;
}

#[tokio::test]
async fn a_key_in_a_multipart_form_is_found_and_hidden() {
    const KEY: &str = "FAKESECRET-imp-Hq83Ld02Xs7Pw5Zr";
    let server = respond(
        401,
        "application/json",
        &format!(r#"{{"error":"invalid api_key: {KEY}"}}"#),
    )
    .await;
    let body = format!(
        "--b7Kq2\r\nContent-Disposition: form-data; name=\"dataset\"\r\n\r\nsales-2026-q4\r\n--b7Kq2\r\nContent-Disposition: form-data; name=\"api_key\"\r\n\r\n{KEY}\r\n--b7Kq2--\r\n"
    );
    let e = explained(
        client()
            .post(format!("{}/v1/import", server.uri()))
            .header("content-type", "multipart/form-data; boundary=b7Kq2")
            .body(body),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert!(e.to_string().contains("body:api_key"), "{e}");
    assert_hidden(&e, &[KEY]);
}

#[tokio::test]
async fn the_systems_refusal_of_a_file_and_a_route_the_gateway_does_not_have() {
    const KEY: &str = "FAKESECRET-ok-7Qw2Er9Ty4Ui1Op3As";
    // The operating system refused the server a file: no permission of the caller's.
    let server = respond(
        403,
        "text/plain; charset=utf-8",
        "Error: EACCES: permission denied, open '/srv/exports/report-2026-11.csv'",
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/exports/report-2026-11.csv", server.uri()))
            .header("x-api-key", KEY),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::UnknownForbidden), "{e}");
    // API Gateway's stock answer to a route it does not have, to a request with a key.
    let server = respond(
        403,
        "application/json",
        r#"{"message":"Missing Authentication Token"}"#,
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/v1/hadiths?limit=10", server.uri()))
            .header("x-api-key", KEY),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::UnknownForbidden), "{e}");
    assert!(e.to_string().contains("API Gateway"), "{e}");
    assert_hidden(&e, &[KEY]);
    // An endpoint served to its own machine alone.
    let server = respond(
        403,
        "application/json",
        r#"{"status":"error","message":"Endpoint available from localhost only. Please contact the administrator"}"#,
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/api/admin/permissions/@jsmith", server.uri()))
            .header("x-api-key", KEY),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::IpRestricted), "{e}");
}

#[tokio::test]
async fn a_sign_in_form_answered_again_for_another_field_or_with_its_accounts_state() {
    let sign_in = |uri: &str| {
        client()
            .post(format!("{uri}/login"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("username=mreyes&password=FAKESECRETpw4Jd82nQx7&pin=12a456")
    };
    // A PIN that is not a number: the form's own validation, not the sign-in refused.
    let server = respond(
        400,
        "text/html",
        r#"<!DOCTYPE html><form action="login" method="POST"><label>Username: <input type="text" name="username" value="mreyes" /></label><label>Password: <input type="password" name="password" /></label><label>Pin: <input type="number" name="pin" value="12a456" /><div class="form-validation-error">not a valid number</div></label></form>"#,
    )
    .await;
    handed_on(sign_in(&server.uri())).await;
    // A flash notice of the account's state.
    let server = respond(
        200,
        "text/html; charset=utf-8",
        r#"<!DOCTYPE html><html><head><title>Timesheets - Sign in</title></head><body><div class="flash">Registration needs verification</div><form method="POST"><input name="username" type="text" /><input name="password" type="password" /></form></body></html>"#,
    )
    .await;
    let e = explained(sign_in(&server.uri())).await;
    assert_eq!(e.cause(), Some(Cause::AccountSuspended), "{e}");
    assert_hidden(&e, &["FAKESECRETpw4Jd82nQx7"]);
}

#[tokio::test]
async fn a_400_whose_code_judges_the_token_and_a_scheme_of_the_wrong_type() {
    const TOKEN: &str = "FAKESECRET-pds-access-4d2a9c";
    let call = |uri: &str, auth: &str| {
        client()
            .get(format!("{uri}/xrpc/com.atproto.server.getSession"))
            .header("authorization", auth)
    };
    // XRPC answers in a 400, its code the verdict on the token its message only names.
    let server = respond(
        400,
        "application/json; charset=utf-8",
        r#"{"error":"InvalidToken","message":"Token could not be verified"}"#,
    )
    .await;
    let e = explained(call(&server.uri(), &format!("Bearer {TOKEN}"))).await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &[TOKEN]);
    let e = explained(call(&server.uri(), "Bearer undefined")).await;
    assert_eq!(e.cause(), Some(Cause::PlaceholderCredentials), "{e}");
    // The header's type refused.
    let server = respond(
        400,
        "application/json; charset=utf-8",
        r#"{"error":"InvalidToken","message":"Unexpected authorization type"}"#,
    )
    .await;
    let e = explained(call(&server.uri(), "Basic YWRtaW46RkFLRVNFQ1JFVC1wZHM=")).await;
    assert_eq!(e.cause(), Some(Cause::WrongScheme), "{e}");
    // A 400 whose code names nothing of the credential is the payload's.
    let server = respond(
        400,
        "application/json; charset=utf-8",
        r#"{"error":"InvalidRequest","message":"Params must have the property \"actor\""}"#,
    )
    .await;
    handed_on(call(&server.uri(), &format!("Bearer {TOKEN}"))).await;
}

#[tokio::test]
async fn a_plaintext_request_refused_for_want_of_tls() {
    const KEY: &str = "FAKESECRETflickrkey0000000000000";
    let server = respond(
        403,
        "text/javascript; charset=utf-8",
        r#"jQuery1910_1426884783629({"stat":"fail","code":95,"message":"SSL is required"})"#,
    )
    .await;
    // (the loopback server is `http://`, as the request to the real host was)
    let e = explained(client().get(format!(
        "{}/services/rest/?method=flickr.photos.search&api_key={KEY}&format=json&jsoncallback=jQuery1910_1426884783629",
        server.uri()
    )))
    .await;
    assert_eq!(e.cause(), Some(Cause::InsecureTransport), "{e}");
    assert_hidden(&e, &[KEY]);
}

#[tokio::test]
async fn a_request_with_an_empty_body_and_no_credential_sent_none() {
    let server = respond_with(401, "", "", &[]).await;
    let e = explained(
        client()
            .put(format!(
                "{}/vehicle/v15/components/flxc1000/modes/session",
                server.uri()
            ))
            .header("content-type", "application/json")
            .body(""),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
}

#[tokio::test]
async fn a_graphql_document_that_failed_validation_is_the_querys() {
    let server = respond(
        400,
        "application/graphql-response+json; charset=utf-8",
        r#"{"errors":[{"message":"Cannot query field \"sessionToken\" on type \"Query\".","locations":[{"line":1,"column":3}],"extensions":{"code":"GRAPHQL_VALIDATION_FAILED"}}]}"#,
    )
    .await;
    handed_on(
        client()
            .post(format!("{}/graphql", server.uri()))
            .header("content-type", "application/json")
            .body(r#"{"query":"{ sessionToken }"}"#),
    )
    .await;
}

#[tokio::test]
async fn a_scope_the_token_lacks() {
    let server = respond(
        403,
        "application/json",
        r#"{"error":"forbidden","message":"token lacks scope reports:write","granted":["reports:read"]}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/reports", server.uri()))
            .bearer_auth("FAKESECRET-warden-token-abc123")
            .header("content-type", "application/json")
            .body(r#"{"title":"Q4"}"#),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InsufficientScope), "{e}");
    assert_eq!(e.required_scopes(), ["reports:write"], "{e}");
}

#[tokio::test]
async fn a_throttled_429_is_a_rate_whatever_its_quota() {
    let server = respond(
        429,
        "application/json",
        r#"{"status":429,"message":"The upstream API returned an error","error":{"fault":{"code":900807,"message":"Message throttled out","description":"You have exceeded your quota"}}}"#,
    )
    .await;
    let e = explained(
        client()
            .get(format!(
                "{}/api/consumption_load_curve?start=2026-05-01",
                server.uri()
            ))
            .bearer_auth("FAKESECRET-conso-api-user-token"),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::RateLimited), "{e}");
}

#[tokio::test]
async fn an_empty_header_beside_a_signed_request_is_not_what_was_judged() {
    let signed = |uri: &str, empty: &str| {
        client()
            .post(format!("{uri}/v1.0/users/actions/authorized-login"))
            .header("client_id", "ft7hc7ye3hxe44cgp")
            .header("t", "1683762506000")
            .header("sign", "FAKESECRET0E55A5D324DB11BB2916394FB1DBE3B3")
            .header("sign_method", "HMAC-SHA256")
            .header(empty, "")
            .header("content-type", "application/json")
            .body(r#"{"username":"u"}"#)
    };
    // The server judged the signed request's time; the empty token is not what it refused.
    let server = respond(
        200,
        "application/json;charset=UTF-8",
        r#"{"code":1013,"msg":"request time is invalid","success":false,"t":1683763106616}"#,
    )
    .await;
    let e = explained(signed(&server.uri(), "access_token")).await;
    assert_ne!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    // The empty header the server names is what it refused.
    let server = respond(
        200,
        "application/json",
        r#"{"code":200001,"message":"Request data isn't value: x-auth-key","reason":"AUTHENTICATION_FAILED"}"#,
    )
    .await;
    let e = explained(signed(&server.uri(), "x-auth-key")).await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
}

#[tokio::test]
async fn a_bare_402_is_read_by_its_status() {
    const KEY: &str = "FAKESECRETcron0fyClient5ecret";
    let server = respond_with(402, "", "", &[]).await;
    let e = explained(
        client()
            .post(format!("{}/v1/real_time_scheduling", server.uri()))
            .bearer_auth(KEY)
            .body("{}"),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::PlanRestricted), "{e}");
    assert_eq!(e.confidence(), Some(reqwest_auth_explain::Confidence::Low));
    assert_hidden(&e, &[KEY]);
    // A 402 whose words name another cause is read by them.
    let server = respond(402, "text/plain", "Invalid API key").await;
    let e = explained(
        client()
            .get(format!("{}/v1/items", server.uri()))
            .bearer_auth(KEY),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
}

#[tokio::test]
async fn a_signature_refusal_names_the_clock_only_when_it_speaks_of_time() {
    use std::time::{Duration, SystemTime, UNIX_EPOCH};
    const SIG: &str = "FAKESECRETnKmqgtVVebMPt9JkUHBD";
    // The server's clock ten minutes ahead of the request's own signed time.
    let now = SystemTime::now();
    let ts = now.duration_since(UNIX_EPOCH).unwrap().as_secs();
    let date = httpdate::fmt_http_date(now + Duration::from_secs(600));
    let oauth = format!(
        "OAuth oauth_consumer_key=\"kq7MZ3xv2nPd\",oauth_nonce=\"b7c1e9f04a2d3e58\",oauth_signature=\"{SIG}\",oauth_signature_method=\"HMAC-SHA1\",oauth_timestamp=\"{ts}\",oauth_version=\"1.0\""
    );
    let read = |body: &'static str| {
        let (date, oauth) = (date.clone(), oauth.clone());
        async move {
            let server = respond_with(401, "text/plain", body, &[("date", &date)]).await;
            explained(
                client()
                    .get(format!("{}/1.1/timelines/home", server.uri()))
                    .header("authorization", oauth),
            )
            .await
        }
    };
    // What was signed did not verify: the stale time is a second suspect, not the cause.
    let e = read("Signature verification failed").await;
    assert_eq!(e.cause(), Some(Cause::SignatureMismatch), "{e}");
    assert_hidden(&e, &[SIG]);
    // A refusal that speaks of the signed time, ten minutes off: the clock.
    let e =
        read("HMAC signature cannot be verified, a valid date or x-date header is required").await;
    assert_eq!(e.cause(), Some(Cause::ClockSkew), "{e}");
    assert_hidden(&e, &[SIG]);
}

#[tokio::test]
async fn a_sign_in_form_with_a_decoy_field_and_a_backend_that_cannot_be_reached() {
    const PASSWORD: &str = "FAKESECRET-pw-horizon-7";
    // The form answered again with a decoy password field beside its own (against browsers'
    // autofill) and words that say its identity backend could not be reached: the password
    // was never checked.
    let page = r#"<!DOCTYPE html><html><head><title>Login - Dashboard</title></head><body>
<form method="POST" action="/auth/login/">
<div class="fake_credentials" style="display: none"><input type="text" name="fake_email" value="" /><input type="password" name="fake_password" value="" /></div>
<div class="alert alert-danger"><p>Unable to establish connection to keystone endpoint.</p></div>
<input type="text" name="username" value="admin"><input type="password" name="password">
</form></body></html>"#;
    let form = format!("region=default&username=admin&password={PASSWORD}");
    let server = respond(200, "text/html; charset=utf-8", page).await;
    handed_on(
        client()
            .post(format!("{}/auth/login/", server.uri()))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form.clone()),
    )
    .await;
    // The same form refusing the password: its own field was sent, so the password is what
    // it refused.
    let refused = page.replace(
        "Unable to establish connection to keystone endpoint.",
        "Invalid credentials.",
    );
    let server = respond(200, "text/html; charset=utf-8", &refused).await;
    let e = explained(
        client()
            .post(format!("{}/auth/login/", server.uri()))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &[PASSWORD]);
}

#[tokio::test]
async fn a_sign_in_redirected_by_its_csrf_protection() {
    const PASSWORD: &str = "FAKESECRET-pw-horizon-8";
    let server = respond_with(
        302,
        "text/html; charset=utf-8",
        "",
        &[(
            "location",
            "/auth/login/?csrf_failure=CSRF%20cookie%20not%20set.",
        )],
    )
    .await;
    let e = explained(
        client_without_redirects(AuthExplainMiddleware::builder())
            .post(format!("{}/auth/login/", server.uri()))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("username=admin&password={PASSWORD}")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    assert!(e.to_string().contains("CSRF"), "{e}");
    assert_hidden(&e, &[PASSWORD]);
}

#[tokio::test]
async fn an_xml_rpc_fault_that_says_the_key_lacks_a_permission() {
    const KEY: &str = "FAKESECRET-billing-key-ro-5521";
    let call = format!(
        "<?xml version=\"1.0\"?><methodCall><methodName>Billing.listInvoices</methodName><params><param><value><string>{KEY}</string></value></param></params></methodCall>"
    );
    let fault = |message: &str| {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><methodResponse><fault><value><struct><member><name>faultCode</name><value><int>4003</int></value></member><member><name>faultString</name><value><string>{message}</string></value></member></struct></value></fault></methodResponse>"
        )
    };
    // The key went as the call's first parameter, where this middleware does not look: the
    // server's words say it was identified and lacks a permission.
    let server = respond(
        200,
        "text/xml",
        &fault("API key lacks permission 'invoices.read' (has: customers.read)"),
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/RPC2", server.uri()))
            .header("content-type", "text/xml")
            .body(call.clone()),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InsufficientScope), "{e}");
    assert_eq!(e.required_scopes(), ["invoices.read"]);
    assert_eq!(e.granted_scopes(), ["customers.read"]);
    assert_hidden(&e, &[KEY]);
    // A file the server may not read is its own trouble, not the caller's permission.
    let server = respond(
        200,
        "text/xml",
        &fault(
            "&lt;class 'PermissionError'&gt;:[Errno 13] Permission denied: '/srv/reports/q3.csv'",
        ),
    )
    .await;
    handed_on(
        client()
            .post(format!("{}/RPC2", server.uri()))
            .header("content-type", "text/xml")
            .body(call),
    )
    .await;
}

#[tokio::test]
async fn a_resource_whose_state_is_an_error_is_the_answer() {
    const KEY: &str = "FAKESECRET-pluggy-apikey-7c1e9d0b";
    // An open-banking item (its id beside when it was created): its `error` is the end
    // user's bank login, the item's state, not this request's.
    let server = respond(
        200,
        "application/json; charset=utf-8",
        r#"{"id":"d161a74a-8bc8-4093-88de-724312969b0d","status":"LOGIN_ERROR","error":{"code":"INVALID_CREDENTIALS","message":"Invalid credentials"},"createdAt":"2025-03-02T14:10:22.000Z","updatedAt":"2025-03-02T14:11:05.000Z"}"#,
    )
    .await;
    handed_on(
        client()
            .get(format!("{}/items/d161a74a", server.uri()))
            .header("x-api-key", KEY),
    )
    .await;
    // The same error as the whole answer judges the key.
    let server = respond(
        200,
        "application/json; charset=utf-8",
        r#"{"error":{"code":"INVALID_CREDENTIALS","message":"Invalid credentials"}}"#,
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/items/d161a74a", server.uri()))
            .header("x-api-key", KEY),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &[KEY]);
}

#[tokio::test]
async fn a_keyed_xml_answer_that_counts_queries_per_day() {
    const KEY: &str = "FAKESECRET-AQVN1x2y3z4a5b6c7d8e9f";
    let server = respond(
        200,
        "text/xml; charset=utf-8",
        r#"<?xml version="1.0" encoding="utf-8"?><yandexsearch version="1.0"><response><error code="32">Limit on the allowed number of queries per day was exceeded.</error></response></yandexsearch>"#,
    )
    .await;
    let e = explained(client().get(format!(
        "{}/search/xml?folderid=b1g7r3k5&apikey={KEY}&query=x",
        server.uri()
    )))
    .await;
    assert_eq!(e.cause(), Some(Cause::RateLimited), "{e}");
    assert_hidden(&e, &[KEY]);
}

#[tokio::test]
async fn a_frameworks_stock_crash_to_a_basic_credential_without_its_colon() {
    use base64::Engine;
    // A token pasted where `user:password` belongs: the server's split of it crashed, and its
    // stock 500 (Sanic's) says nothing else; the request shows the fault.
    let token = "FAKESECRET-ledger-api-token-9d2f";
    let basic = base64::engine::general_purpose::STANDARD.encode(token);
    let server = respond(
        500,
        "application/json",
        r#"{"description":"Internal Server Error","status":500,"message":"The application encountered an unexpected error and could not continue."}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/api/auth/login", server.uri()))
            .header("authorization", format!("Basic {basic}")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::MalformedCredentials), "{e}");
    assert_hidden(&e, &[token, &basic]);
}

#[tokio::test]
async fn a_magic_links_callback_sent_on_to_the_sign_in_page() {
    const TOKEN: &str = "FAKESECRET-magic-link-7f3a9c21e84b";
    let server = respond_with(
        302,
        "text/plain; charset=utf-8",
        "Found. Redirecting to /login?magic=failed",
        &[("location", "/login?magic=failed")],
    )
    .await;
    let callback = |token: &str| {
        client_without_redirects(AuthExplainMiddleware::builder()).get(format!(
            "{}/auth/magiclogin/callback?token={token}",
            server.uri()
        ))
    };
    // The link's token refused: which way (used, expired) the redirect does not say.
    let e = explained(callback(TOKEN)).await;
    assert_eq!(e.cause(), Some(Cause::UnknownUnauthorized), "{e}");
    assert_hidden(&e, &[TOKEN]);
    // A link built from a variable that was never set.
    let e = explained(callback("undefined")).await;
    assert_eq!(e.cause(), Some(Cause::PlaceholderCredentials), "{e}");
}

#[tokio::test]
async fn a_verification_links_signature_posted_and_expired() {
    const SIG: &str = "FAKESECRET-S-MkuUxDwB8Ks4XaLiGQT5sZEtk";
    let server = respond(400, "application/json", r#"{"detail":"Signature expired"}"#).await;
    let e = explained(
        client()
            .post(format!("{}/accounts/verify-registration/", server.uri()))
            .header("content-type", "application/json")
            .body(format!(
                r#"{{"user_id":"2","timestamp":"1796664586","signature":"{SIG}"}}"#
            )),
    )
    .await;
    // The link's own signed time passed, not this machine's clock.
    assert_eq!(e.cause(), Some(Cause::ExpiredCredentials), "{e}");
    assert_hidden(&e, &[SIG]);
}
