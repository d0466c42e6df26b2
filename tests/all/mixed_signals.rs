//! Responses whose words and structure point different ways, and the request that settles
//! it: a header split by two spaces and a server that saw no credential, a denied page under
//! the sign-in's path, a header the server names and the request never sent, a sign-in told
//! "notAuthenticated", two messages that disagree, an address blocked for repeated failures,
//! an identity the server says it ran as, a signature asked of a request that carries none.
//! Look-alikes are handed on: a job's log that quotes "Permission denied", a validator's
//! report on an e-mail field. Each output is checked for the secrets the request carried.

use base64::Engine;
use reqwest_auth_explain::{AuthExplainMiddleware, Cause, Confidence, Preflight, ResponseExt};

use crate::helpers::{
    assert_hidden, client, client_with, client_without_redirects, explained, jwt, respond,
    respond_with,
};

#[tokio::test]
async fn two_spaces_after_the_scheme_and_a_server_that_saw_no_credential() {
    const TOKEN: &str = "FAKESECRETapp7Kq2Vz-m9Xw4-Lb8Nc";
    let server = respond(
        401,
        "application/json; charset=utf-8",
        r#"{"code":401,"error":"Please log in to your account"}"#,
    )
    .await;
    // Sent as built (pre-flight observes) and repaired before sending (the default): either
    // way the application builds the header wrong, and that is named first.
    for (mode, repaired) in [(Preflight::Observe, false), (Preflight::Repair, true)] {
        let e = explained(
            client_with(AuthExplainMiddleware::builder().preflight(mode))
                .get(format!("{}/api/v1/photos?count=24", server.uri()))
                .header("authorization", format!("Bearer  {TOKEN}")),
        )
        .await;
        assert_eq!(e.cause(), Some(Cause::MalformedCredentials), "{e}");
        assert_eq!(e.confidence(), Some(Confidence::Medium), "{e}");
        assert!(
            e.evidence()
                .iter()
                .any(|l| l.contains("extra_space_after_scheme")),
            "{e}"
        );
        assert_eq!(format!("{e}").contains("repaired"), repaired, "{e}");
        assert_hidden(&e, &[TOKEN]);
    }
    // A bare 400 to such a header (express-ntlm cannot split it) is the header too.
    let server = respond(400, "text/plain; charset=utf-8", "Bad Request").await;
    let e = explained(
        client()
            .get(format!("{}/api/timesheets", server.uri()))
            .header("authorization", format!("NTLM  {TOKEN}")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::MalformedCredentials), "{e}");
    // A server that judges the token read it: its reason stands.
    let server = respond(401, "application/json", r#"{"error":"token has expired"}"#).await;
    let e = explained(
        client()
            .get(format!("{}/api/v1/photos", server.uri()))
            .header("authorization", format!("Bearer  {TOKEN}")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::ExpiredCredentials), "{e}");
}

#[tokio::test]
async fn a_denied_page_under_the_sign_in_path_is_a_permission() {
    const SESSION: &str = "FAKESECRET4364370992665890024492983";
    let send = |location: &'static str| async move {
        let server = respond_with(302, "text/html", "", &[("location", location)]).await;
        explained(
            client_without_redirects(AuthExplainMiddleware::builder())
                .get(format!("{}/finance/reports", server.uri()))
                .header("cookie", format!("dancer.session={SESSION}")),
        )
        .await
    };
    let e = send("/login/denied?return_url=%2Ffinance%2Freports").await;
    assert_eq!(e.cause(), Some(Cause::InsufficientScope), "{e}");
    assert_hidden(&e, &[SESSION]);
    // The sign-in page itself, under a verb (Zope's `require_login`): the session ended.
    let e = send("/acl_users/credentials_cookie_auth/require_login?came_from=x").await;
    assert_eq!(e.cause(), Some(Cause::ExpiredCredentials), "{e}");
}

#[tokio::test]
async fn a_header_the_error_requires_and_the_request_never_sent() {
    const KEY: &str = "spk_FAKESECRETm4Qx81Lr";
    let server = respond(
        401,
        "application/json; charset=utf-8",
        r#"{"success":false,"error":{"code":"UNAUTHORIZED","message":"Valid x-api-key header or Bearer token required"}}"#,
    )
    .await;
    let e = explained(client().get(format!("{}/api/live?api_key={KEY}", server.uri()))).await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    assert!(format!("{e}").contains("x-api-key"), "{e}");
    assert_hidden(&e, &[KEY]);
    // A webhook receiver that names the signature header it requires.
    const SIG: &str = "sha1=FAKESECRET7e2b9a04c6d1f3853e0a";
    let server = respond(
        400,
        "application/json",
        r#"{"error":"Required headers missing: x-hub-signature-256"}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/hooks/github", server.uri()))
            .header("x-hub-signature", SIG)
            .header("content-type", "application/json")
            .body(r#"{"ref":"refs/heads/main"}"#),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    assert_hidden(&e, &[SIG]);
    // A registry's "authentication required" names only its own challenge header: the
    // request's token is not "unsent" for it.
    let server = respond_with(
        401,
        "application/json",
        r#"{"code":"UNAUTHORIZED","message":"authentication required","detail":"Often this will be accompanied by a WWW-Authenticate HTTP response header"}"#,
        &[("www-authenticate", r#"Bearer realm="https://auth.example/token""#)],
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/v2/team/api/manifests/1", server.uri()))
            .bearer_auth("FAKESECRETregistryTok1"),
    )
    .await;
    assert!(!format!("{e}").contains("header WWW-Authenticate"), "{e}");
}

#[tokio::test]
async fn a_sign_in_refused_in_any_words_and_in_any_status() {
    const PASSWORD: &str = "FAKESECRETllu2024!";
    // LibreLinkUp: a 200 whose error says "notAuthenticated" to the sign-in itself.
    let server = respond(
        200,
        "application/json; charset=utf-8",
        r#"{"status": 2, "error": {"message": "notAuthenticated"}}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/llu/auth/login", server.uri()))
            .header("content-type", "application/json")
            .body(format!(
                r#"{{"email": "follower@example.com", "password": "{PASSWORD}"}}"#
            )),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &[PASSWORD]);
    // A 500 whose code names the password, to a sign-in.
    let server = respond(
        500,
        "application/json",
        r#"{"Code": "AccountPasswordInvalid", "Message": "Publisher account password failed", "TypeName": "FaultException"}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!(
                "{}/Services/General/AuthenticatePublisherAccount",
                server.uri()
            ))
            .header("content-type", "application/json")
            .body(format!(
                r#"{{"accountName": "g7user@example.ch", "password": "{PASSWORD}"}}"#
            )),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &[PASSWORD]);
    // A sign-up whose e-mail a validator rejects, echoing the value: no auth failure.
    let body = r#"{"errorType": "validation", "message": "email: Invalid value", "errors": {"email": {"location": "body", "param": "email", "value": "ranger.kapiti.nz", "msg": "Invalid value"}}}"#;
    let server = respond(422, "application/json; charset=utf-8", body).await;
    let resp = client()
        .post(format!("{}/api/v1/users", server.uri()))
        .header("content-type", "application/json")
        .body(format!(
            r#"{{"username": "ranger", "password": "{PASSWORD}", "email": "ranger.kapiti.nz"}}"#
        ))
        .send()
        .await
        .unwrap();
    assert!(resp.auth_explanation().is_none());
    assert_eq!(resp.text().await.unwrap(), body);
}

#[tokio::test]
async fn a_key_in_a_form_body_judged_in_a_404_and_a_signed_envelopes_errno() {
    const KEY: &str = "trnsl.1.1.FAKESECRET77a2.41ce08";
    let server = respond(
        404,
        "application/json; charset=utf-8",
        r#"{"code": 404, "message": "Exceeded the daily limit on the amount of translated text"}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!(
                "{}/api/v1.5/tr.json/translate?lang=de-en",
                server.uri()
            ))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("key={KEY}&text=Guten%20Abend")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::PlanRestricted), "{e}");
    assert_hidden(&e, &[KEY]);
    // A 404 to a form without any credential stays a 404.
    let resp = client()
        .post(format!("{}/api/v1.5/tr.json/translate", server.uri()))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("text=Guten%20Abend")
        .send()
        .await
        .unwrap();
    assert!(resp.auth_explanation().is_none());
    // `errno` is an envelope's error number, as `code` is.
    const TOKEN: &str = "FAKESECRET-3f9a1c72-8b4e-4d1a";
    let now_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis();
    let server = respond(
        200,
        "application/json;charset=UTF-8",
        r#"{"errno": 40256, "msg": "Parameter could not be parsed correctly illegal signature"}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/op/v0/plant/list", server.uri()))
            .header("token", TOKEN)
            .header("timestamp", now_ms.to_string())
            .header("signature", "FAKESECRETd41d8cd98f00b204e98")
            .header("content-type", "application/json")
            .body(r#"{"currentPage": 1}"#),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::SignatureMismatch), "{e}");
    assert_hidden(&e, &[TOKEN]);
}

#[tokio::test]
async fn messages_that_disagree_are_read_against_the_request() {
    const TOKEN: &str = "FAKESECRETvicareAT.Zx81kP2mQ7";
    let server = respond(
        401,
        "application/json; charset=utf-8",
        r#"{"statusCode": 401, "errorType": "UNAUTHORIZED", "message": "Request contain invalid token", "error": "NO TOKEN AVAILABLE"}"#,
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/iot/v1/equipment/installations", server.uri()))
            .bearer_auth(TOKEN),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &[TOKEN]);
    // An address blocked after repeated failures is flood control, not an allow-list.
    let server = respond(
        403,
        "application/json",
        r#"{"message": "Too many failed login attempts from your IP address. This IP address is temporarily blocked."}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/user/login?_format=json", server.uri()))
            .header("content-type", "application/json")
            .body(r#"{"name": "editor", "pass": "FAKESECRETdrupal-2025"}"#),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::RateLimited), "{e}");
    // "Authentication Error" as a label over a statement of access: the access decides.
    let basic = base64::engine::general_purpose::STANDARD.encode("analyst:FAKESECRET-analyst-pw");
    let server = respond(
        403,
        "text/html; charset=utf-8",
        "Authentication Error: User does not have admin access",
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/api/settings", server.uri()))
            .header("authorization", format!("Basic {basic}")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InsufficientScope), "{e}");
    assert_hidden(&e, &[&basic, "FAKESECRET-analyst-pw"]);
}

#[tokio::test]
async fn the_identity_a_server_ran_as_and_a_signature_it_asked_for() {
    let basic = base64::engine::general_purpose::STANDARD.encode("root:FAKESECRET-root-pw-old");
    let server = respond(
        401,
        "application/json",
        r#"{"reason":"You are not authorized to access content","content":"< Container at /intranet >","auth":"Anonymous User"}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/db/intranet", server.uri()))
            .header("authorization", format!("Basic {basic}")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert!(format!("{e}").contains("anonymous"), "{e}");
    assert_hidden(&e, &[&basic, "FAKESECRET-root-pw-old"]);
    // A bot token sent where a request signature is verified: the signature never came.
    const BOT: &str = "FAKESECRETbotTok.MTE4NzM0NjAyOTUxODc2MjAzNA.Gx7k2P";
    let server = respond(401, "text/html", "[discord-interactions] Invalid signature").await;
    let e = explained(
        client()
            .post(format!("{}/interactions", server.uri()))
            .header("authorization", format!("Bot {BOT}"))
            .header("content-type", "application/json")
            .body(r#"{"type":1}"#),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::SignatureMismatch), "{e}");
    assert!(format!("{e}").contains("no signature header"), "{e}");
    assert_hidden(&e, &[BOT]);
    // A JWT whose signature the server refuses is a token refused.
    let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4IiwiZXhwIjoxOTI0OTkyMDAwfQ.FAKESECRETsig";
    let e = explained(
        client()
            .post(format!("{}/interactions", server.uri()))
            .bearer_auth(jwt),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
}

#[tokio::test]
async fn a_jobs_log_that_quotes_a_refusal_is_no_envelope() {
    const TOKEN: &str = "FAKESECRETm5Kt8Rw2Yq7Xn4Jc1Hd";
    let log = "Identity added: /runner/artifacts/1742/ssh_key_data (deploy@ci)\n\nPLAY [Patch web tier] ***\n\nTASK [Gathering Facts] ***\nok: [web-01]\nfatal: [web-03]: UNREACHABLE! => {\"msg\": \"Failed to connect to the host via ssh: Permission denied (publickey,password).\"}\n";
    let server = respond(200, "text/plain; charset=utf-8", log).await;
    let resp = client()
        .get(format!(
            "{}/api/v2/jobs/1742/stdout/?format=txt",
            server.uri()
        ))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert!(resp.auth_explanation().is_none());
    assert_eq!(resp.text().await.unwrap(), log);
    // One line that says it is the key's refusal is still read.
    let server = respond(200, "text/plain", "ERROR: invalid API key").await;
    let e = explained(
        client()
            .get(format!("{}/api/v2/jobs/1742/stdout/", server.uri()))
            .bearer_auth(TOKEN),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &[TOKEN]);
}

#[tokio::test]
async fn a_basic_value_without_a_colon_and_a_400_about_the_header() {
    let basic = base64::engine::general_purpose::STANDARD.encode("FAKESECRETdeployKey7731");
    let server = respond(
        400,
        "application/json; charset=utf-8",
        r#"{"statusCode":400,"error":"Bad Request","message":"Bad header internal syntax"}"#,
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/api/releases", server.uri()))
            .header("authorization", format!("Basic {basic}")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::MalformedCredentials), "{e}");
    assert!(
        e.evidence().iter().any(|l| l.contains("basic_no_colon")),
        "{e}"
    );
    assert_hidden(&e, &[&basic, "FAKESECRETdeployKey7731"]);
}

#[tokio::test]
async fn a_signed_requests_refusal_rendered_as_an_error_page() {
    const SIG: &str = "FAKESECRETq8T2vJ0nLk5RbX9wYcZ3mPa7sDf1gHe4uIo6=";
    let page = |line: &str| {
        format!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Error</title>\n</head>\n<body>\n<pre>{line}<br> &nbsp; &nbsp;at _middleware (/app/node_modules/sdk/dist/middleware.js:73:18)</pre>\n</body>\n</html>\n"
        )
    };
    let send = |server: &wiremock::MockServer| {
        client()
            .post(format!("{}/callback", server.uri()))
            .header("x-line-signature", SIG)
            .header("content-type", "application/json")
            .body(r#"{"events":[]}"#)
    };
    let server = respond(
        500,
        "text/html; charset=utf-8",
        &page("SignatureValidationFailed: signature validation failed"),
    )
    .await;
    let e = explained(send(&server)).await;
    assert_eq!(e.cause(), Some(Cause::SignatureMismatch), "{e}");
    assert_hidden(&e, &[SIG]);
    // The application's own crash, to the same signed request, is handed on.
    let body = page("TypeError: Cannot read properties of undefined (reading 'events')");
    let server = respond(500, "text/html; charset=utf-8", &body).await;
    let resp = send(&server).send().await.unwrap();
    assert!(
        resp.auth_explanation().is_none(),
        "{}",
        resp.auth_explanation().unwrap()
    );
    assert_eq!(resp.text().await.unwrap(), body);
}

/// A JWT with these claims (JSON object members, without braces).
#[tokio::test]
async fn a_catch_all_missing_or_malformed_names_nothing_of_a_sound_jwt() {
    // Expired by the server's own Date (a day after `exp`): the claims decide.
    let expired = jwt(r#""sub":"board","iat":1700000000,"exp":1700003600"#);
    let server = respond_with(
        401,
        "text/plain; charset=UTF-8",
        "missing or malformed jwt",
        &[("date", "Wed, 15 Nov 2023 00:00:00 GMT")],
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/api/v1/shipments", server.uri()))
            .bearer_auth(&expired),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::ExpiredCredentials), "{e}");
    assert_hidden(&e, &[&expired]);
    // Issued twelve minutes after the server's Date, valid for an hour by it: the minting
    // clock runs ahead.
    let ahead = jwt(r#""sub":"board","iat":1796246160,"nbf":1796246160,"exp":1796249760"#);
    let server = respond_with(
        401,
        "text/plain; charset=UTF-8",
        "missing or malformed jwt",
        &[("date", "Wed, 02 Dec 2026 21:04:04 GMT")],
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/api/v1/shipments", server.uri()))
            .bearer_auth(&ahead),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::ClockSkew), "{e}");
}

#[tokio::test]
async fn sign_ins_refused_by_a_portal_a_redirect_a_400_and_a_stock_500() {
    const PASSWORD: &str = "FAKESECRETdwho-2026";
    // A portal that signs in at `/` and challenges with its own SSO scheme: the password was
    // read and refused; its challenge says nothing of where it went.
    let server = respond_with(
        401,
        "application/json; charset=utf-8",
        r#"{"result":0,"error":5}"#,
        &[("www-authenticate", "SSO http://auth.example-corp.com/")],
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/", server.uri()))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("user=dwho&password={PASSWORD}")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &[PASSWORD]);
    // Sent back to a sign-in page whose URL reports the failure.
    let basic = base64::engine::general_purpose::STANDARD.encode("team:FAKESECRETpaste-2026");
    let server = respond_with(302, "", "", &[("location", "/auth_admin/incorrect")]).await;
    let e = explained(
        client_without_redirects(AuthExplainMiddleware::builder())
            .post(format!("{}/admin", server.uri()))
            .header("authorization", format!("Basic {basic}")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    // "Invalid login details." in a 400.
    let server = respond(400, "text/plain; charset=utf-8", "Invalid login details.").await;
    let e = explained(
        client()
            .get(format!("{}/list", server.uri()))
            .header("authorization", format!("Basic {basic}")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &[&basic, "FAKESECRETpaste-2026"]);
    // A framework's stock 500 text to a Basic value that is not base64: the value.
    let server = respond(
        500,
        "text/plain; charset=utf-8",
        "500 Internal Server Error\n\nServer got itself in trouble",
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/", server.uri()))
            .header("authorization", "Basic wallet-rpc:FAKESECRETrpc7Qw2")
            .body(r#"{"jsonrpc":"2.0","id":"1","method":"getbalance"}"#),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::MalformedCredentials), "{e}");
    assert_hidden(&e, &["FAKESECRETrpc7Qw2"]);
}

#[tokio::test]
async fn a_login_page_that_says_wait() {
    // A sign-in page served with 403 that says to wait after failed logins.
    let page = "<!DOCTYPE html><html><head><title>Login - Adminer</title></head><body><h2>Login</h2><div class='error'>Too many unsuccessful logins, try again in 30 minutes.</div><form method='post'><input name='auth[username]'><input type='password' name='auth[password]'></form></body></html>";
    let server = respond(403, "text/html; charset=utf-8", page).await;
    let e = explained(
        client()
            .get(format!("{}/?pgsql=db&username=ro", server.uri()))
            .header("cookie", "adminer_sid=FAKESECRETs1d9k2m7x4"),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::RateLimited), "{e}");
    assert_hidden(&e, &["FAKESECRETs1d9k2m7x4"]);
}

#[tokio::test]
async fn a_resolvers_error_inside_graphql_data() {
    let body = r#"{"data": {"pageBuilder": {"listPages": {"data": null, "error": {"code": "SECURITY_NOT_AUTHORIZED", "data": null, "message": "Not authorized!"}}}}}"#;
    let server = respond(200, "application/json", body).await;
    let e = explained(
        client()
            .post(format!("{}/graphql", server.uri()))
            .bearer_auth("aFAKESECRET3e9c1b27d4f0a6b58c")
            .header("content-type", "application/json")
            .body(r#"{"query": "{ pageBuilder { listPages { data { id } } } }"}"#),
    )
    .await;
    assert!(
        matches!(
            e.cause(),
            Some(Cause::UnknownForbidden | Cause::InsufficientScope)
        ),
        "{e}"
    );
    assert!(
        e.evidence()
            .iter()
            .any(|l| l.contains("SECURITY_NOT_AUTHORIZED")),
        "{e}"
    );
    assert_hidden(&e, &["aFAKESECRET3e9c1b27d4f0a6b58c"]);
    // A resolver's error of the application's own is the answer to the request.
    let body = r#"{"data": {"resetPassword": {"error": {"code": "PASSWORD_TOO_SHORT", "message": "Too short"}}}}"#;
    let server = respond(200, "application/json", body).await;
    let resp = client()
        .post(format!("{}/graphql", server.uri()))
        .bearer_auth("aFAKESECRET3e9c1b27d4f0a6b58c")
        .header("content-type", "application/json")
        .body(r#"{"query": "mutation { resetPassword { ok } }"}"#)
        .send()
        .await
        .unwrap();
    assert!(resp.auth_explanation().is_none());
}

#[tokio::test]
async fn keys_headers_and_reasons_found_where_servers_put_them() {
    // Nessus's `X-ApiKeys` names its keys in the plural: a credential header all the same.
    const KEYS: &str = "accessKey=FAKESECRETa91c4e7b20d8; secretKey=FAKESECRETf2d8b5a1c7e0";
    let server = respond(
        401,
        "application/json",
        r#"{"error":"Invalid Credentials"}"#,
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/scans", server.uri()))
            .header("x-apikeys", KEYS),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert!(format!("{e}").contains("x-apikeys"), "{e}");
    assert_hidden(&e, &["FAKESECRETa91c4e7b20d8", "FAKESECRETf2d8b5a1c7e0"]);
    // FreeIPA's reason in a header of its own, beside a page that says little.
    let server = respond_with(
        401,
        "text/html; charset=utf-8",
        "<html><head><title>401 Unauthorized</title></head><body><h1>Invalid Authentication</h1></body></html>",
        &[("x-ipa-rejection-reason", "password-expired")],
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/ipa/session/login_password", server.uri()))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("user=svc-backup&password=FAKESECRETBackup%232025"),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::ExpiredCredentials), "{e}");
    // A bare "Invalid token" in a 400 to a raw `Authorization` token.
    let server = respond(
        400,
        "application/json",
        r#"{"message":"Invalid token","exception":"BadRequestHeaderException"}"#,
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/api/v2/Albums", server.uri()))
            .header("authorization", "FAKESECRETq7LmZp0Xv2Rk9Tn4Wc8Yb1Hs"),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &["FAKESECRETq7LmZp0Xv2Rk9Tn4Wc8Yb1Hs"]);
    // A 500 that says only that something failed, to an expired JWT: the JWT.
    let expired = jwt(r#""sub":"u1","iat":1700000000,"exp":1700000900"#);
    let server = respond(
        500,
        "application/json; charset=utf-8",
        r#"{"error":{"message":"an internal server error occurred"}}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/v1/files", server.uri()))
            .bearer_auth(&expired)
            .header("content-type", "application/json")
            .body(r#"{"bucket":"default"}"#),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::ExpiredCredentials), "{e}");
    assert_hidden(&e, &[&expired]);
}

#[tokio::test]
async fn an_oauth_code_refused_to_its_client_and_a_host_named_in_words() {
    // `unauthorized_client` speaks of the grant type (RFC 6749 §5.2) unless its description
    // speaks of the very code presented.
    let server = respond(
        403,
        "application/json",
        r#"{"error":"unauthorized_client","error_description":"Client is not authorized to use this authorization code"}"#,
    )
    .await;
    let send = || {
        client()
            .post(format!("{}/token", server.uri()))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("grant_type=authorization_code&code=c0de-FAKESECRET-7d41e2b9&client_id=billing")
    };
    let e = explained(send()).await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_eq!(e.confidence(), Some(Confidence::Medium), "{e}");
    assert_hidden(&e, &["c0de-FAKESECRET-7d41e2b9"]);
    let server = respond(
        401,
        "application/json",
        r#"{"error":"unauthorized_client","error_description":"The client is not authorized to request an authorization code using this method"}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/token", server.uri()))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("grant_type=client_credentials&client_id=svc&client_secret=FAKESECRETcs1"),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::EndpointNotEnabled), "{e}");
    // A host name's labels are no words of the message (`app.` is no application).
    let server = respond(
        403,
        "text/plain",
        "Blocked request. This host (\"app.dev-box.example-corp.com\") is not allowed.",
    )
    .await;
    let e = explained(client().get(format!("{}/", server.uri()))).await;
    assert_ne!(e.cause(), Some(Cause::AccountSuspended), "{e}");
}

#[tokio::test]
async fn an_openapi_validator_that_found_no_security_and_a_scheme_of_its_own() {
    let server = respond(
        401,
        "application/json",
        r#"[{"exception":"SecurityValidationError","message":"Security not found. Schemes not valid for any requirement: [['ApiKeyHeader']]"}]"#,
    )
    .await;
    let e = explained(client().get(format!(
        "{}/api/v1/meters/MTR-55120/readings?api_key=FAKESECRETgw7Kp2",
        server.uri()
    )))
    .await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    assert_hidden(&e, &["FAKESECRETgw7Kp2"]);
    // A challenge in a scheme of the server's own, beside a plain request for
    // authentication: the scheme the request used is not the one asked for.
    let server = respond_with(
        401,
        "application/json; charset=utf-8",
        r#"{"error": "Authentication required"}"#,
        &[("www-authenticate", "jupyterhub")],
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/api/v1/clusters/", server.uri()))
            .bearer_auth("FAKESECRETjhubApiTok42"),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::WrongScheme), "{e}");
    assert_hidden(&e, &["FAKESECRETjhubApiTok42"]);
}

#[tokio::test]
async fn a_401_about_rate_a_412_about_the_client_and_a_key_one_must_specify() {
    // A 401 without any credential whose words speak of a rate limit is the limit.
    let server = respond(
        401,
        "text/plain; charset=utf-8",
        "This is rate-limited upstream, please do not use it.",
    )
    .await;
    let e =
        explained(client().get(format!("{}/api/journeys/v1/details/ICE621", server.uri()))).await;
    assert_eq!(e.cause(), Some(Cause::RateLimited), "{e}");
    // "Please upgrade your client" asks for new software, not a plan: no auth failure.
    let body = r#"{"error": "Please upgrade your client to complete this request"}"#;
    let server = respond(412, "application/json", body).await;
    let resp = client()
        .get(format!("{}/v3/events?page=1", server.uri()))
        .header("x-api-key", "FAKESECRETtk_live_4f7a2c9e1b")
        .send()
        .await
        .unwrap();
    assert!(resp.auth_explanation().is_none());
    assert_eq!(resp.text().await.unwrap(), body);
    // "You must specify an API Key" to a request without one.
    let server = respond(
        403,
        "text/plain;charset=UTF-8",
        "You must specify an API Key, either in an X-API-Key header or key= query string parameter.",
    )
    .await;
    let e = explained(client().get(format!("{}/v3/poi/?output=json", server.uri()))).await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
}

#[tokio::test]
async fn an_envelope_that_states_402_is_the_plan() {
    const KEY: &str = "FAKESECRET8d2f6a0c4e1b9375bd02468ace";
    let server = respond(
        200,
        "application/json",
        r#"{"message":{"header":{"status_code":402,"execute_time":0.00098},"body":""}}"#,
    )
    .await;
    let e = explained(client().get(format!(
        "{}/ws/1.1/track.lyrics.get?track_id=287164945&apikey={KEY}",
        server.uri()
    )))
    .await;
    assert_eq!(e.cause(), Some(Cause::PlanRestricted), "{e}");
    assert_eq!(e.confidence(), Some(Confidence::Low), "{e}");
    assert_hidden(&e, &[KEY]);
}

#[tokio::test]
async fn a_scheme_written_in_another_case_than_the_server_writes_it() {
    const SIG: &str = "FAKESECRETjwtSig9x";
    let token = jwt(r#""sub":"7f3c","exp":4102444800"#);
    // RFC 6750 §3.1: a challenge without an error code answers a request without
    // authentication; the lowercase scheme went unread.
    let server = respond_with(401, "", "", &[("www-authenticate", "Bearer")]).await;
    let e = explained(
        client()
            .get(format!("{}/accounts/42/balances", server.uri()))
            .header("authorization", format!("bearer {token}")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::MalformedCredentials), "{e}");
    assert_eq!(e.confidence(), Some(Confidence::Medium), "{e}");
    assert!(
        e.evidence().iter().any(|l| l.contains("RFC 6750 §3.1")),
        "{e}"
    );
    assert_hidden(&e, &[SIG]);
    // Without a challenge, words that call the header missing.
    let server = respond(401, "", "Authorization header is missing or invalid").await;
    let e = explained(
        client()
            .post(format!("{}/", server.uri()))
            .header("authorization", format!("bearer {token}")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::MalformedCredentials), "{e}");
    // The standard's spelling sent to a challenge in capitals (Nexus's `BASIC`): no fault of
    // the request's.
    let server = respond_with(
        401,
        "",
        "",
        &[("www-authenticate", "BASIC realm=\"Nexus\"")],
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/repository/core.pom", server.uri()))
            .basic_auth("deploy", Some(SIG)),
    )
    .await;
    assert_ne!(e.cause(), Some(Cause::MalformedCredentials), "{e}");
    // A challenge with an error code read the token.
    let server = respond_with(
        401,
        "",
        "",
        &[("www-authenticate", r#"Bearer error="invalid_token""#)],
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/accounts", server.uri()))
            .header("authorization", format!("bearer {token}")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
}

#[tokio::test]
async fn words_that_ask_for_another_scheme_stand_where_a_challenge_would() {
    const TOKEN: &str = "FAKESECRETa91f03c7d5e24b68";
    let server = respond(
        400,
        "application/x-amz-json-1.0",
        &format!(
            r#"{{"__type":"com.amazonaws.dynamodb.v20120810#InvalidSignatureException","message":"Authorization header must use AWS4-HMAC-SHA256 algorithm: Bearer {TOKEN}"}}"#
        ),
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/", server.uri()))
            .header("x-amz-target", "DynamoDB_20120810.ListTables")
            .header("x-amzn-requestid", "req-1")
            .bearer_auth(TOKEN)
            .body("{}"),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::WrongScheme), "{e}");
    assert!(format!("{e}").contains("AWS4-HMAC-SHA256"), "{e}");
    assert_hidden(&e, &[TOKEN]);
    // "Bearer token required" to Basic; to Bearer it asks for nothing else.
    let server = respond(
        401,
        "application/json",
        r#"{"error":"Bearer token required"}"#,
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/api/users", server.uri()))
            .basic_auth("ops", Some(TOKEN)),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::WrongScheme), "{e}");
    assert_eq!(e.confidence(), Some(Confidence::Medium), "{e}");
    let e = explained(
        client()
            .get(format!("{}/api/users", server.uri()))
            .bearer_auth(TOKEN),
    )
    .await;
    assert_ne!(e.cause(), Some(Cause::WrongScheme), "{e}");
}

#[tokio::test]
async fn a_signature_over_no_time_is_no_clocks_fault_and_a_header_named_after_no_is_unsent() {
    const SIG: &str = "FAKESECRETc2e9f04b1a7d83e65f0b2c4d9a1e7f3b8c6d0a2e";
    // The server's clock ten minutes behind this one.
    let date =
        httpdate::fmt_http_date(std::time::SystemTime::now() - std::time::Duration::from_secs(600));
    let server = respond_with(
        400,
        "application/json",
        r#"{"error":"X-Hub-Signature does not match blob signature"}"#,
        &[("date", date.as_str())],
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/webhook", server.uri()))
            .header("x-hub-signature", format!("sha1={SIG}"))
            .header("content-type", "application/json")
            .body(r#"{"ref":"refs/heads/main"}"#),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::SignatureMismatch), "{e}");
    assert_hidden(&e, &[SIG]);
    // Only the SHA-256 header went; the server reads the SHA-1 one.
    let server = respond(
        400,
        "application/json",
        r#"{"error":"No X-Hub-Signature found on request"}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/webhook", server.uri()))
            .header("x-hub-signature-256", format!("sha256={SIG}"))
            .header("content-type", "application/json")
            .body(r#"{"ref":"refs/heads/main"}"#),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    assert!(format!("{e}").contains("X-Hub-Signature"), "{e}");
    assert_hidden(&e, &[SIG]);
}

#[tokio::test]
async fn a_body_of_short_plain_values_carries_no_credential() {
    let server = respond(
        401,
        "application/json",
        r#"{"statusCode":401,"message":"Unauthorized"}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/api/sessions/start", server.uri()))
            .header("content-type", "application/json")
            .body(r#"{"name":"default"}"#),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    // A long value under a name of its own may be the key: no certain "none sent".
    const KEY: &str = "FAKESECRET7Qm2Zx9Lr4Kp1Wv6Ns3";
    let e = explained(
        client()
            .post(format!("{}/api/sessions/start", server.uri()))
            .header("content-type", "application/json")
            .body(format!(r#"{{"name":"default","integration":"{KEY}"}}"#)),
    )
    .await;
    assert_ne!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    assert_hidden(&e, &[KEY]);
}

#[tokio::test]
async fn a_glued_verdict_in_a_dyndns_answer_and_userinfo_as_the_credential() {
    const PASSWORD: &str = "FAKESECRETn0ip7Gq2Ws";
    let server = respond(200, "text/plain; charset=utf-8", "badauth").await;
    let e = explained(
        client()
            .get(format!(
                "{}/nic/update?hostname=home.example.net&myip=203.0.113.77",
                server.uri()
            ))
            .basic_auth("router", Some(PASSWORD)),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &[PASSWORD]);
    // The same account in the URL's userinfo.
    let url = format!(
        "{}/nic/update?hostname=home.example.net",
        server
            .uri()
            .replace("http://", &format!("http://router:{PASSWORD}@"))
    );
    let e = explained(client().get(url)).await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &[PASSWORD]);
    // "good 203.0.113.77" is an answer, not a failure.
    let server = respond(200, "text/plain", "good 203.0.113.77").await;
    let r = client()
        .get(format!(
            "{}/nic/update?hostname=home.example.net",
            server.uri()
        ))
        .basic_auth("router", Some(PASSWORD))
        .send()
        .await
        .unwrap();
    assert!(r.auth_explanation().is_none());
}

#[tokio::test]
async fn a_redirect_that_asks_to_come_back_to_the_path_requested() {
    const COOKIE: &str = "FAKESECRETCfDJ8Kq2m9vT4xWn7yZb1cR5";
    let server = respond_with(
        302,
        "",
        "",
        &[(
            "location",
            "/?ReturnUrl=%2Fapi%2Fcatalog%2Fitems%3Fpage%3D2",
        )],
    )
    .await;
    let e = explained(
        client_without_redirects(AuthExplainMiddleware::builder())
            .get(format!("{}/api/catalog/items?page=2", server.uri()))
            .header("cookie", format!(".AspNet.Identity={COOKIE}")),
    )
    .await;
    assert!(
        matches!(
            e.cause(),
            Some(Cause::ExpiredCredentials | Cause::InvalidCredentials)
        ),
        "{e}"
    );
    assert_hidden(&e, &[COOKIE]);
    // A redirect elsewhere that names another path is no sign-in round trip.
    let server = respond_with(
        302,
        "",
        "",
        &[("location", "/v2/catalog/items?from=%2Fhome")],
    )
    .await;
    let r = client_without_redirects(AuthExplainMiddleware::builder())
        .get(format!("{}/api/catalog/items", server.uri()))
        .header("cookie", format!(".AspNet.Identity={COOKIE}"))
        .send()
        .await
        .unwrap();
    assert!(r.auth_explanation().is_none());
}

#[tokio::test]
async fn a_doubled_scheme_leaves_the_challenges_scheme_readable() {
    const TOKEN: &str = "FAKESECRETat_9d41c7e2b85f0a36";
    let server = respond_with(
        401,
        "application/json",
        r#"{"detail":"Invalid \"bearer\" header: Credentials string should not contain spaces."}"#,
        &[("www-authenticate", r#"Bearer realm="api""#)],
    )
    .await;
    let e = explained(
        client_with(AuthExplainMiddleware::builder().preflight(Preflight::Observe))
            .get(format!("{}/api/me", server.uri()))
            .header("authorization", format!("Bearer Bearer {TOKEN}")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::MalformedCredentials), "{e}");
    assert!(
        e.evidence()
            .iter()
            .any(|l| l.contains(r#"WWW-Authenticate: Bearer realm="api""#)),
        "{e}"
    );
    assert_hidden(&e, &[TOKEN]);
    // Repaired before sending (the default), and refused in words of the header's form: the
    // code that doubles it is still named.
    let e = explained(
        client()
            .get(format!("{}/api/me", server.uri()))
            .header("authorization", format!("Bearer Bearer {TOKEN}")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::MalformedCredentials), "{e}");
    assert_hidden(&e, &[TOKEN]);
}

#[tokio::test]
async fn verdicts_on_a_jwts_signature_its_sufficiency_a_permission_check_and_a_workspace() {
    const SIG: &str = "FAKESECRETjwtSig9x";
    let token = jwt(r#""sub":"5512","exp":4102444800"#);
    let cases: [(u16, &str, &str, Cause); 5] = [
        (
            400,
            "text/plain; charset=utf-8",
            "Signature verification failed",
            Cause::InvalidCredentials,
        ),
        // A policy engine's verdict on the action, sent as a 401.
        (
            401,
            "text/html; charset=utf-8",
            "Not authorized with explicit deny",
            Cause::InsufficientScope,
        ),
        (
            401,
            "application/json",
            r#"{"error":"JWT is insufficient"}"#,
            Cause::InsufficientScope,
        ),
        (
            403,
            "application/json",
            r#"{"message":"Access was denied to this resource.\n\nUnauthorized: edit failed permission check","title":"Forbidden"}"#,
            Cause::InsufficientScope,
        ),
        (
            401,
            "application/json",
            r#"{"message":"Workspace does not match","error":"Unauthorized","statusCode":401}"#,
            Cause::WrongEnvironment,
        ),
    ];
    for (status, ct, body, cause) in cases {
        let server = respond(status, ct, body).await;
        let e = explained(
            client()
                .get(format!("{}/api/cart", server.uri()))
                .header("authorization", format!("JWT {token}")),
        )
        .await;
        assert_eq!(e.cause(), Some(cause), "{body}: {e}");
        assert_hidden(&e, &[SIG]);
    }
}

#[tokio::test]
async fn a_crashs_stock_sentence_leaves_an_empty_authorization_to_speak() {
    let server = respond(
        500,
        "application/json; charset=utf-8",
        r#"{"errorId":"e667ecad","message":"A server error occurred"}"#,
    )
    .await;
    let e = explained(
        client_with(AuthExplainMiddleware::builder().preflight(Preflight::Observe))
            .put(format!("{}/data/xAPI/statements", server.uri()))
            .header("authorization", "Basic"),
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
async fn a_signed_links_own_expiry_and_signature_in_its_query() {
    const SIG: &str = "FAKESECRET4f9a0c2e7b1d58a3c6e0f9b2d4a7c1e8";
    let server = respond_with(
        401,
        "text/html; charset=UTF-8",
        "401 Unauthorized: Temp URL invalid\n",
        &[("www-authenticate", r#"Swift realm="unknown""#)],
    )
    .await;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let link = |expires: u64| {
        format!(
            "{}/v1/AUTH_media/ep-0412/1080p.mp4?temp_url_sig={SIG}&temp_url_expires={expires}",
            server.uri()
        )
    };
    // Two hours past: the link's own time ended it.
    let e = explained(client().get(link(now - 7_200))).await;
    assert_eq!(e.cause(), Some(Cause::ExpiredCredentials), "{e}");
    assert!(
        e.evidence().iter().any(|l| l.contains("temp_url_expires")),
        "{e}"
    );
    assert_hidden(&e, &[SIG]);
    // Still valid by its time: the signature is what was refused, not a missing header.
    let e = explained(client().get(link(now + 3_600))).await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &[SIG]);
}

#[tokio::test]
async fn a_presigned_urls_end_is_its_signing_time_plus_its_lifetime() {
    const SIG: &str = "FAKESECRET6c1e8b3d0a7f4e9c2b5d8a1f7e4c0b3d9a6f2e8c5b1d7a4e0";
    // The server's `Date` is now; the link was signed two hours ago for fifteen minutes.
    let date = httpdate::fmt_http_date(std::time::SystemTime::now());
    let server = respond_with(
        403,
        "application/xml",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>AccessDenied</Code><Message>Request has expired.</Message></Error>",
        &[("date", &date)],
    )
    .await;
    // (`20260811T091500Z`, from ISO 8601's `2026-08-11T09:15:00.000Z`)
    let signed = crate::helpers::iso8601(
        std::time::SystemTime::now() - std::time::Duration::from_secs(7_200),
    );
    let amz_date = format!("{}Z", signed[..19].replace(['-', ':'], ""));
    let e = explained(client().get(format!(
        "{}/exports/q2-report.pdf?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAVGWEXPORT02%2F20260811%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date={amz_date}&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Signature={SIG}",
        server.uri()
    )))
    .await;
    assert_eq!(e.cause(), Some(Cause::ExpiredCredentials), "{e}");
    assert!(
        e.evidence().iter().any(|l| l.contains("X-Amz-Expires")),
        "{e}"
    );
    assert_hidden(&e, &[SIG]);
}

#[tokio::test]
async fn a_sign_in_form_that_reads_its_password_under_another_name() {
    const PASSWORD: &str = "FAKESECRETp2Xc7Nv4Bq";
    let form = r#"<!DOCTYPE html><html><head><title>Sign In</title></head><body>
<form method="post"><input type="text" name="authen_username" value="">
<input type="password" name="authen_password" /><input type="submit" value="Sign In"></form>
</body></html>"#;
    let server = respond(200, "text/html; charset=ISO-8859-1", form).await;
    let e = explained(
        client()
            .post(format!("{}/cgi-bin/portal.cgi", server.uri()))
            .header("content-type", "application/json")
            .body(format!(
                r#"{{"username":"jwagner","password":"{PASSWORD}"}}"#
            )),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::WrongScheme), "{e}");
    assert!(format!("{e}").contains("authen_password"), "{e}");
    assert_hidden(&e, &[PASSWORD]);
    // Its own field names, refused: the password was read and not accepted.
    let e = explained(
        client()
            .post(format!("{}/cgi-bin/portal.cgi", server.uri()))
            .header("content-type", "application/json")
            .body(format!(
                r#"{{"authen_username":"jwagner","authen_password":"{PASSWORD}"}}"#
            )),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &[PASSWORD]);
}

#[tokio::test]
async fn a_message_outweighs_a_category_code_and_names_the_party_or_the_time() {
    const TOKEN: &str = "FAKESECRET794dc61a6d6a8bd49a68b567";
    let cases: [(u16, &str, Cause); 3] = [
        // A category code beside a message that found no token.
        (
            401,
            r#"{"code":"AUTHENTICATION_ERROR","message":"No authorization token was found"}"#,
            Cause::MissingCredentials,
        ),
        // The caller's identity accepted, its action not.
        (
            403,
            r#"{"error":{"type":"authentication_error","message":"The caller is authenticated but not allowed to do this."}}"#,
            Cause::InsufficientScope,
        ),
        // The party the platform contracts with, suspended.
        (
            403,
            r#"{"type":"https://docs.example.com/errors/partner_suspended","title":"Partner suspended","status":403,"detail":"This partner is suspended."}"#,
            Cause::AccountSuspended,
        ),
    ];
    for (status, body, cause) in cases {
        let server = respond(status, "application/json", body).await;
        let e = explained(
            client()
                .post(format!("{}/v2/channels/sms/messages", server.uri()))
                .bearer_auth(TOKEN),
        )
        .await;
        assert_eq!(e.cause(), Some(cause), "{body}: {e}");
        assert_hidden(&e, &[TOKEN]);
    }
}

#[tokio::test]
async fn a_timestamp_mismatch_a_420_that_counts_nothing_left_and_a_scheme_of_the_servers_own() {
    const PASSWORD: &str = "FAKESECRET8aa75177134476c3";
    // The request's own timestamp a day behind the server's Date: the clocks.
    let server = respond_with(
        400,
        "application/json",
        r#"{"status":400,"errors":[{"code":"TIMESTAMP_MISMATCH","message":"The difference between client and server times is too big, possible attempt of replay attack"}]}"#,
        &[("date", "Mon, 03 Feb 2025 09:44:18 GMT")],
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/api/v1/cases.json", server.uri()))
            .basic_auth("agent", Some(PASSWORD))
            .header("x-timestamp", "1738489458"),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::ClockSkew), "{e}");
    assert_hidden(&e, &[PASSWORD]);
    // 420 with a limit of the API's own spent.
    let server = respond_with(
        420,
        "application/json; charset=utf-8",
        r#"{"error":"This software has exceeded the error limit for ESI."}"#,
        &[("x-esi-error-limit-remain", "0")],
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/verify/", server.uri()))
            .bearer_auth(PASSWORD),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::RateLimited), "{e}");
    // A bare key in Authorization, challenged by a scheme of the server's own: the key may
    // have been read and refused, so the missing scheme is no certain reason.
    let server = respond_with(
        401,
        "",
        "",
        &[("www-authenticate", r#"Token realm="API Scan Engine""#)],
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/scanfile", server.uri()))
            .header("authorization", PASSWORD),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::MalformedCredentials), "{e}");
    assert_eq!(e.confidence(), Some(Confidence::Medium), "{e}");
    assert_hidden(&e, &[PASSWORD]);
}

#[tokio::test]
async fn a_graphql_validation_error_names_the_querys_words_not_the_caller() {
    const TOKEN: &str = "FAKESECRETr7Qp2Lx9Vb4Nm8Kd";
    let server = respond(
        400,
        "application/json",
        r#"{"errors":[{"message":"Unknown argument 'authorizationToken' on field 'Query.invoices'.","locations":[{"line":1,"column":12}]}]}"#,
    )
    .await;
    let r = client()
        .post(format!("{}/graphql", server.uri()))
        .bearer_auth(TOKEN)
        .body(r#"{"query":"{ invoices(authorizationToken: \"x\") { id } }"}"#)
        .send()
        .await
        .unwrap();
    assert!(r.auth_explanation().is_none());
    // A refusal located in the query as well, in words of its own, stays one (AniList).
    let server = respond(
        400,
        "application/json",
        r#"{"errors":[{"message":"Invalid token","status":400,"locations":[{"line":2,"column":3}]}],"data":{"MediaListCollection":null}}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/graphql", server.uri()))
            .bearer_auth(TOKEN)
            .body(r#"{"query":"{ MediaListCollection { lists { name } } }"}"#),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &[TOKEN]);
}

#[tokio::test]
async fn an_account_pending_registration_is_the_accounts_state() {
    const PASSWORD: &str = "FAKESECRETa8Ks3Vn6Qd1W";
    let server = respond(
        200,
        "application/json;charset=utf-8",
        r#"{"callId":"10f1b4ea","errorCode":206001,"errorDetails":"Missing required fields for registration: data.terms","errorMessage":"Account Pending Registration","statusCode":206,"statusReason":"Partial Content"}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/accounts.login", server.uri()))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("loginID=owner%40example.com&password={PASSWORD}")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::AccountSuspended), "{e}");
    assert_hidden(&e, &[PASSWORD]);
}
