//! Whether the server read the credential, told by structure: a challenge's code that says it
//! found none, a signature checked on a token (the token was decoded), a stack trace whose
//! failing frame reads the credential, a list of records whose words are data. Each output is
//! checked for the secrets the request carried.

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
