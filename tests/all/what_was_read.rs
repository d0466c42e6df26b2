//! Whether the server read the credential, told by structure: a challenge's code that says it
//! found none, a signature checked on a token (the token was decoded), a stack trace whose
//! failing frame reads the credential, a list of records whose words are data, a proof of
//! possession left as a placeholder, a batch answered call by call; and what its words say
//! of the rest: a key of the other mode, a user name found empty, an address unmatched, the
//! clocks to synchronize, the server's id of its answer. Each output is checked for the
//! secrets the request carried.

use reqwest_auth_explain::Cause;

use crate::helpers::{assert_hidden, client, explained, handed_on, jwt, respond, respond_with};

#[tokio::test]
async fn a_challenge_code_that_found_no_credential_of_its_scheme() {
    // sccache's scheduler to a Basic request: `no_bearer_auth` reads nothing, so the scheme
    // sent is what the server could not use.
    const PASSWORD: &str = "FAKESECRET-sccache-client";
    let server = respond_with(
        401,
        "",
        "",
        &[("www-authenticate", r#"Bearer error="no_bearer_auth""#)],
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/api/v1/scheduler/alloc_job", server.uri()))
            .basic_auth("sccache", Some(PASSWORD)),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::WrongScheme), "{e}");
    assert_hidden(&e, &[PASSWORD]);
}

#[tokio::test]
async fn a_signature_checked_on_the_token_sent_under_another_challenge() {
    // InfluxDB 1.x challenges with Basic yet reads a Bearer JWT: "signature is invalid" says
    // it decoded the token, whose own signature failed; the scheme was not the fault.
    let token = jwt(r#""username":"admin","sub":"FAKESECRET-user","exp":1924992000"#);
    let server = respond_with(
        401,
        "application/json",
        r#"{"error":"signature is invalid"}"#,
        &[("www-authenticate", r#"Basic realm="InfluxDB""#)],
    )
    .await;
    let e = explained(
        client()
            .get(format!(
                "{}/query?db=metrics&q=SHOW%20MEASUREMENTS",
                server.uri()
            ))
            .bearer_auth(&token),
    )
    .await;
    assert_ne!(e.cause(), Some(Cause::WrongScheme), "{e}");
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &[&token]);
}

#[tokio::test]
async fn a_stack_trace_that_failed_reading_a_key_without_a_scheme() {
    // A debug 500: the handler split `Authorization` at a space the request did not send.
    const TOKEN: &str = "FAKESECRETtokenwithoutscheme0123456789";
    let trace = "Traceback (most recent call last):\n  File \"/srv/venv/lib/python3.11/site-packages/starlette/routing.py\", line 289, in handle\n    await self.app(scope, receive, send)\n  File \"/srv/app.py\", line 25, in me\n    token = authorization.split(\" \", 1)[1]\n            ~~~~~~~~~~~~~~~~~~~~~~~~~~~^^^\nIndexError: list index out of range\n";
    let server = respond(500, "text/plain; charset=utf-8", trace).await;
    let e = explained(
        client()
            .get(format!("{}/v1/me", server.uri()))
            .header("authorization", TOKEN),
    )
    .await;
    assert!(
        matches!(
            e.cause(),
            Some(Cause::WrongScheme | Cause::MalformedCredentials)
        ),
        "{e}"
    );
    assert_hidden(&e, &[TOKEN]);
    // The same crash in code that reads no credential is the server's own.
    let other = "Traceback (most recent call last):\n  File \"/srv/app.py\", line 31, in report\n    row = rows[0]\n          ~~~~^^^\nIndexError: list index out of range\n";
    let server = respond(500, "text/plain; charset=utf-8", other).await;
    handed_on(
        client()
            .get(format!("{}/v1/report", server.uri()))
            .header("authorization", TOKEN),
    )
    .await;
}

#[tokio::test]
async fn a_list_of_records_that_speak_of_tokens_is_data() {
    // An audit log answered 200 to a request with a key in a header: its rows' words are the
    // records', not the request's fate.
    let server = respond(
        200,
        "application/json",
        r#"{"events":[{"id":41,"type":"token_expired","detail":"user session token expired and was refreshed"},{"id":42,"type":"login_failed","detail":"wrong password for user bob"}]}"#,
    )
    .await;
    handed_on(
        client()
            .get(format!("{}/api/audit.json", server.uri()))
            .basic_auth("deploy", Some("FAKESECRET-deploy-pw")),
    )
    .await;
    // Records that report an outcome each (a batch's per-item errors) are still read.
    let server = respond(
        200,
        "application/json",
        r#"{"Items":[{"Error":"4","Description":"Request not allowed from this IP","Cause":"The request was disallowed from the IP address."}]}"#,
    )
    .await;
    let e = explained(client().get(format!(
        "{}/Capture/Interactive/Find/v1.10/json3.ws?Key=FAKESECRET-AA11-BB22&Text=wr11qr",
        server.uri()
    )))
    .await;
    assert_eq!(e.cause(), Some(Cause::IpRestricted), "{e}");
}

#[tokio::test]
async fn a_dpop_proof_left_as_a_placeholder() {
    // RFC 9449: the `DPoP` header carries the request's proof of possession; a variable never
    // set sends "undefined", and the token endpoint calls the proof invalid.
    const SECRET: &str = "FAKESECRETm2mDpopS3cr3t0003";
    let server = respond(
        400,
        "application/json; charset=utf-8",
        r#"{"error":"invalid_dpop_proof","error_description":"invalid DPoP key binding"}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/token", server.uri()))
            .basic_auth("m2m-dpop", Some(SECRET))
            .header("dpop", "undefined")
            .header("content-type", "application/x-www-form-urlencoded")
            .body("grant_type=client_credentials"),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::PlaceholderCredentials), "{e}");
    assert!(e.to_string().contains("dpop header"), "{e}");
    assert_hidden(&e, &[SECRET]);
}

#[tokio::test]
async fn a_thrown_error_page_to_a_placeholder_token() {
    // Express's stock page for an error thrown after decoding `Bearer undefined` to null.
    let page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Error</title>\n</head>\n<body>\n<pre>TypeError: Cannot read properties of null (reading &#39;tenant_id&#39;)<br> &nbsp; &nbsp;at /srv/app.js:7:23<br> &nbsp; &nbsp;at Layer.handle [as handle_request] (/srv/node_modules/express/lib/router/layer.js:95:5)<br> &nbsp; &nbsp;at trim_prefix (/srv/node_modules/express/lib/router/index.js:328:13)</pre>\n</body>\n</html>\n";
    let server = respond_with(
        500,
        "text/html; charset=utf-8",
        page,
        &[("x-powered-by", "Express")],
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/api/tenants/acme/reports/r-17", server.uri()))
            .header("authorization", "Bearer undefined"),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::PlaceholderCredentials), "{e}");
}

#[tokio::test]
async fn a_long_batch_answered_call_by_call() {
    // tRPC's 207: one call answered, one refused for the plan, with its stack in the body
    // (past the length a short envelope is read at).
    let stack =
        "    at resolveMiddleware (file:///srv/node_modules/@trpc/server/dist/index.mjs:300:23)\\n"
            .repeat(20);
    let body = format!(
        r#"[{{"result":{{"data":[{{"id":"p1"}}]}}}},{{"error":{{"message":"Your plan (free) does not include the billing portal; upgrade to Team","code":-32003,"data":{{"code":"FORBIDDEN","httpStatus":403,"stack":"TRPCError: Your plan (free) does not include the billing portal\n{stack}"}}}}}}]"#
    );
    assert!(body.len() > 1024);
    let server = respond(207, "application/json", &body).await;
    let e = explained(
        client()
            .get(format!(
                "{}/projectList,billingPortal?batch=1&input=%7B%7D",
                server.uri()
            ))
            .header("cookie", "sid=FAKESECRET-trpc-session-7Qm2"),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::PlanRestricted), "{e}");
    assert_hidden(&e, &["FAKESECRET-trpc-session-7Qm2"]);
}

#[tokio::test]
async fn a_404_whose_detail_names_the_other_mode_of_key() {
    // Mollie: the payment exists, in the other mode; the problem's title is only the status.
    const KEY: &str = "test_FAKESECRETdAQ6w5b7bH2xk9Hj4pZ3r";
    let server = respond(
        404,
        "application/hal+json",
        r#"{"status":404,"title":"Not Found","detail":"Payment tr_9usne3vffa exists, but the wrong mode is used. Try switching live / test API keys."}"#,
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/v2/payments/tr_9usne3vffa", server.uri()))
            .bearer_auth(KEY),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::WrongEnvironment), "{e}");
    assert_hidden(&e, &[KEY]);
    // A real miss names no mode and stays a 404.
    let server = respond(
        404,
        "application/hal+json",
        r#"{"status":404,"title":"Not Found","detail":"No payment exists with token tr_9usne3vffa."}"#,
    )
    .await;
    handed_on(
        client()
            .get(format!("{}/v2/payments/tr_9usne3vffa", server.uri()))
            .bearer_auth(KEY),
    )
    .await;
}

#[tokio::test]
async fn a_400_that_says_the_user_name_is_empty_to_a_request_without_any() {
    // etcd's JSON gateway with auth on, to a request that carried no token.
    let server = respond(
        400,
        "application/json",
        r#"{"error":"etcdserver: user name is empty","message":"etcdserver: user name is empty","code":3}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/v3/kv/range", server.uri()))
            .header("content-type", "application/json")
            .body(r#"{"key": "L2NvbmZpZy9kYg=="}"#),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
}

#[tokio::test]
async fn an_address_unmatched_and_a_clock_to_synchronize() {
    // Bybit's v2 envelope: a key bound to other addresses.
    let server = respond(
        200,
        "application/json",
        r#"{"ret_code":10010,"ret_msg":"unmatched ip.","ext_code":"","ext_info":"","result":null,"time_now":"1623656762.513459"}"#,
    )
    .await;
    let e = explained(client().get(format!(
        "{}/v2/private/wallet/balance?api_key=FAKESECRETbybitkey01&coin=BTC&timestamp=1623656762185&sign=FAKESECRETec339533155f4154d71b95a59769c21a",
        server.uri()
    )))
    .await;
    assert_eq!(e.cause(), Some(Cause::IpRestricted), "{e}");
    assert_hidden(&e, &["FAKESECRETbybitkey01"]);
    // Chef's signed requests: what to do about the clocks names them; the server's id of its
    // answer is the one to quote.
    let server = respond_with(
        401,
        "application/json",
        r#"{"error":["Failed to authenticate as deis-controller. Synchronize the clock on your host."]}"#,
        &[
            (
                "x-bunq-client-response-id",
                "886cb1c0-4d65-4732-a637-abe86f68e2db",
            ),
            ("date", "Mon, 21 Oct 2013 16:46:37 GMT"),
        ],
    )
    .await;
    let e = explained(
        client()
            .delete(format!("{}/organizations/deis/data/apps/one", server.uri()))
            .header("x-ops-userid", "deis-controller")
            .header("x-ops-timestamp", "2013-10-21T16:25:02Z")
            .header("x-ops-sign", "algorithm=sha1;version=1.0;")
            .header(
                "x-ops-authorization-1",
                "FAKESECRETx9Q2b7RkW4m1Zp8Tn3Vc6Yd0Lh5Jf2Gs",
            ),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::ClockSkew), "{e}");
    assert_eq!(
        e.request_id(),
        Some("886cb1c0-4d65-4732-a637-abe86f68e2db"),
        "{e}"
    );
}

#[tokio::test]
async fn a_scope_found_wanting_and_the_one_expected() {
    // A resource server behind Cognito: the token's scope is not allowed, another expected.
    let token = jwt(r#""sub":"FAKESECRET-svc","scope":"orders/read","exp":1924992000"#);
    let server = respond(
        401,
        "text/plain",
        "Scope not allowed: orders/read. Expected: orders/write",
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/orders", server.uri()))
            .bearer_auth(&token),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InsufficientScope), "{e}");
    assert_eq!(e.required_scopes(), ["orders/write"], "{e}");
    assert_hidden(&e, &[&token]);
    // "should have access to one of those scopes: …"
    let server = respond(
        401,
        "application/json",
        r#"{"status":401,"success":false,"error":{"code":"Unauthorized","message":"The access token should have access to one of those scopes: products.read_write"}}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/admin/v2/products", server.uri()))
            .bearer_auth("FAKESECRETsallaToken0123456789"),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InsufficientScope), "{e}");
    assert_eq!(e.required_scopes(), ["products.read_write"], "{e}");
}

#[tokio::test]
async fn a_credential_named_as_not_given_and_a_balance_run_low() {
    // Bokeh's server: a session id of its own name, not provided.
    let server = respond(
        403,
        "text/html",
        "<html><title>403: No bokeh-session-id provided</title><body>403: No bokeh-session-id provided</body></html>",
    )
    .await;
    let e = explained(client().get(format!("{}/sales/autoload.js", server.uri()))).await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    // python-telegram-bot's webhook: the request did not include its secret token.
    let server = respond(
        403,
        "text/html",
        "<html><title>403: Request did not include the secret token</title><body>403: Request did not include the secret token</body></html>",
    )
    .await;
    let e = explained(client().post(format!("{}/tg/6650182294", server.uri()))).await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    // Vonage's 402: the prepaid balance is low.
    let server = respond(
        402,
        "application/json",
        r#"{"type":"https://developer.nexmo.com/api-errors/#low-balance","title":"Low balance","detail":"This request could not be performed due to your account balance being low."}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/v2/verify", server.uri()))
            .basic_auth("a1b2c3d4", Some("FAKESECRET-vonage-api-secret")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::PlanRestricted), "{e}");
    // A quota used up within a minute is a rate, not the balance.
    let server = respond(
        403,
        "application/json",
        r#"{"error":"forbidden","message":"Request quota for the current minute is used up. Try again in 42 seconds."}"#,
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/v1/items", server.uri()))
            .bearer_auth("FAKESECRETquotaToken0123456789"),
    )
    .await;
    assert_ne!(e.cause(), Some(Cause::PlanRestricted), "{e}");
}

#[tokio::test]
async fn a_role_not_held_an_address_not_local_and_a_feature_switched_off() {
    // RabbitMQ's management API answers what a known user may not do with a 401.
    const PASSWORD: &str = "FAKESECRET-rmq-monitor";
    let server = respond(
        401,
        "application/json",
        r#"{"error":"not_authorised","reason":"Not administrator user"}"#,
    )
    .await;
    let e = explained(
        client()
            .put(format!("{}/api/vhosts/staging", server.uri()))
            .basic_auth("monitor", Some(PASSWORD)),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InsufficientScope), "{e}");
    assert_hidden(&e, &[PASSWORD]);
    let server = respond(
        401,
        "application/json",
        r#"{"error":"not_authorised","reason":"User can only log in via localhost"}"#,
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/api/overview", server.uri()))
            .basic_auth("opsbot", Some(PASSWORD)),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::IpRestricted), "{e}");
    // Prometheus with its admin API off, to a request without any credential.
    let server = respond(
        500,
        "application/json",
        r#"{"status":"error","errorType":"unavailable","error":"admin APIs disabled"}"#,
    )
    .await;
    let e = explained(client().post(format!("{}/api/v1/admin/tsdb/snapshot", server.uri()))).await;
    assert_eq!(e.cause(), Some(Cause::EndpointNotEnabled), "{e}");
}
