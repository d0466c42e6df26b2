//! Auth failures said quietly, and look-alikes that are not: a key judged in a short 200 text,
//! a lookup that quotes the key it did not find in a 404, a framework's stock page to a
//! malformed header, a webhook receiver's HTML 400, a field limiter in a GraphQL 200, a
//! redirect to a camel-case sign-in page, a password under `?pw=`, a token dated weeks after
//! the server's `Date`, a missing key reported as a parameter in Portuguese. Each output is
//! checked for the secrets the request carried.

use base64::Engine;
use reqwest_auth_explain::{AuthExplainMiddleware, Cause, Confidence, ResponseExt};

use crate::helpers::{
    Step, assert_hidden, client, client_with, client_without_redirects, explained, handed_on, head,
    raw_server, respond, respond_with,
};

/// A server that answers every request with a redirect (`status`) to `location`, with the
/// short page Apache sends beside it.
async fn redirecting(status: u16, location: &'static str) -> wiremock::MockServer {
    respond_with(
        status,
        "text/html; charset=iso-8859-1",
        "<html><head><title>Redirect</title></head><body><h1>Moved</h1></body></html>",
        &[("location", location)],
    )
    .await
}

#[tokio::test]
async fn a_short_text_that_misses_a_header_key_is_read_a_page_is_not() {
    const KEY: &str = "FAKESECRET0c7e2a9f4b1d6e3a8c5f27";
    let c = client();
    // LazyLibrarian reads its key from `?apikey=`; one sent in a header is missing to it, and
    // it says so in a 200 served as HTML.
    let server = respond(200, "text/html;charset=utf-8", "Missing api key").await;
    let e = explained(
        c.get(format!("{}/api?cmd=getIndex", server.uri()))
            .header("x-api-key", KEY),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    assert_hidden(&e, &[KEY]);
    // Words of another language are read, whatever their script ("the token has expired").
    let server = respond(
        200,
        "application/json;charset=UTF-8",
        r#"{"code":500,"msg":"令牌已过期"}"#,
    )
    .await;
    let e = explained(
        c.get(format!("{}/system/user/list", server.uri()))
            .header("x-api-key", KEY),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::ExpiredCredentials), "{e}");
    // A plain success is handed on as it came.
    let server = respond(200, "application/json", r#"{"ok":true}"#).await;
    let resp = c
        .get(format!("{}/v1/ping", server.uri()))
        .header("x-api-key", KEY)
        .send()
        .await
        .unwrap();
    assert!(resp.auth_explanation().is_none());
    assert_eq!(resp.text().await.unwrap(), r#"{"ok":true}"#);
    // A page of a site is no envelope, whatever it speaks of.
    let page = format!(
        "<!doctype html><html><head><title>Rate limits | Docs</title></head><body><h1>Rate limits</h1><p>Too many requests return 429 with Retry-After; a revoked key returns 403.</p>{}</body></html>",
        "<p>More text.</p>".repeat(8)
    );
    let server = respond(200, "text/html; charset=utf-8", &page).await;
    let resp = c
        .get(format!("{}/guides/rate-limits", server.uri()))
        .header("cookie", format!("docs_session={KEY}"))
        .send()
        .await
        .unwrap();
    assert!(resp.auth_explanation().is_none());
    assert_eq!(resp.text().await.unwrap(), page);
}

#[tokio::test]
async fn a_404_that_quotes_the_key_it_did_not_find_refuses_the_key() {
    const KEY: &str = "FAKESECRET-8d2f61c4-b7a0-4c39-9e55-3a1d0c7f42be";
    let c = client();
    let body = format!(
        r#"{{"code":"GDF000018","title":"Not Found","description":"No ClientIntegration found for api_client_key: {KEY}."}}"#
    );
    let server = respond(404, "application/json", &body).await;
    let e = explained(
        c.get(format!("{}/test/{KEY}", server.uri()))
            .header("api-client-key", KEY),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_eq!(e.confidence(), Some(Confidence::Medium), "{e}");
    assert!(
        e.evidence()
            .iter()
            .any(|l| l.contains("quotes the credential")),
        "{e}"
    );
    assert_hidden(&e, &[KEY]);
    // A path the server echoes names the route it could not find, not the key.
    let server = respond(
        404,
        "application/json",
        &format!(r#"{{"message":"Cannot GET /v1/{KEY}/reports not found"}}"#),
    )
    .await;
    let resp = c
        .get(format!("{}/v1/{KEY}/reports", server.uri()))
        .header("api-client-key", KEY)
        .send()
        .await
        .unwrap();
    assert!(resp.auth_explanation().is_none());
}

#[tokio::test]
async fn a_stock_page_to_a_malformed_basic_header_is_the_header() {
    const PASSWORD: &str = "FAKESECRETpw";
    // CherryPy's stock 400 page, with its "Powered by" footer: no words of its own.
    let page = r#"<!DOCTYPE html><html><head><title>400 Bad Request</title></head><body><h2>400 Bad Request</h2><p>Bad Request</p><pre id="traceback"></pre><div id="powered_by"><span>Powered by <a href="http://www.cherrypy.dev">CherryPy 18.10.0</a></span></div></body></html>"#;
    let server = respond(400, "text/html;charset=utf-8", page).await;
    let e = explained(
        client()
            .get(format!("{}/home", server.uri()))
            .header("authorization", format!("Basic admin:{PASSWORD}")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::MalformedCredentials), "{e}");
    assert_hidden(&e, &[PASSWORD]);
    assert!(!format!("{e}").contains("CherryPy"), "{e}");
}

#[tokio::test]
async fn a_webhook_receivers_html_400_judges_the_signature() {
    const SIG: &str = "sha256=FAKESECRETee2c3d1cefacd440bd3baa18bfbc17941eb69671ae90dbb1d9b9e9";
    let page = "<!doctype html>\n<html lang=en>\n<title>400 Bad Request</title>\n<h1>Bad Request</h1>\n<p>Invalid signature</p>\n";
    let server = respond(400, "text/html; charset=utf-8", page).await;
    let e = explained(
        client()
            .post(format!("{}/postreceive", server.uri()))
            .header("x-github-event", "push")
            .header("x-hub-signature-256", SIG)
            .header("content-type", "application/json")
            .body(r#"{"ref":"refs/heads/main"}"#),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::SignatureMismatch), "{e}");
    assert_hidden(&e, &[SIG, "FAKESECRETee2c3d1cef"]);
    // The same page to a request that signs nothing is its own bad request.
    let resp = client()
        .post(format!("{}/postreceive", server.uri()))
        .header("content-type", "application/json")
        .body(r#"{"ref":"refs/heads/main"}"#)
        .send()
        .await
        .unwrap();
    assert!(resp.auth_explanation().is_none());
}

#[tokio::test]
async fn a_field_limiter_in_a_graphql_200_is_a_rate_limit_of_that_200() {
    const TOKEN: &str = "FAKESECRETmd_live_7Qx2";
    let server = respond(
        200,
        "application/json; charset=utf-8",
        r#"{"errors":[{"message":"You are trying to access 'quote' too often","locations":[{"line":1,"column":28}],"path":["quote"]}],"data":{"quote":null}}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/graphql", server.uri()))
            .bearer_auth(TOKEN)
            .header("content-type", "application/json")
            .body(r#"{"query":"query { quote(symbol: \"ACME\") }"}"#),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::RateLimited), "{e}");
    let shown = format!("{e}");
    assert!(!shown.contains("answered 403"), "{shown}");
    assert!(shown.contains("answered 200"), "{shown}");
    assert_hidden(&e, &[TOKEN]);
}

#[tokio::test]
async fn a_redirect_to_a_camel_case_sign_in_page_ends_the_session() {
    const COOKIE: &str = "FAKESECRET36353764623139613363393036";
    let server = respond_with(302, "", "", &[("location", "/xxl-job-admin/toLogin")]).await;
    let e = explained(
        client_without_redirects(AuthExplainMiddleware::builder())
            .post(format!("{}/xxl-job-admin/jobinfo/trigger", server.uri()))
            .header("cookie", format!("XXL_JOB_LOGIN_IDENTITY={COOKIE}"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("id=42"),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::ExpiredCredentials), "{e}");
    assert!(e.evidence().iter().any(|l| l.contains("toLogin")), "{e}");
    assert_hidden(&e, &[COOKIE]);
    // Letters of one inside another word (`blogIndex`) are no sign-in page.
    let server = respond_with(302, "", "", &[("location", "/admin/blogIndex")]).await;
    let resp = client_without_redirects(AuthExplainMiddleware::builder())
        .get(format!("{}/admin/audit", server.uri()))
        .header("cookie", format!("XXL_JOB_LOGIN_IDENTITY={COOKIE}"))
        .send()
        .await
        .unwrap();
    assert!(resp.auth_explanation().is_none(), "blogIndex is a page");
}

#[tokio::test]
async fn a_password_under_pw_in_the_query_is_hidden() {
    const PASSWORD: &str = "FAKESECRETcpAlce7";
    let server = respond(
        403,
        "text/html; charset=utf-8",
        "# acct: *\n403 forbiddena ~\u{253b}\u{2501}\u{253b}   (you'll have to log in)\n",
    )
    .await;
    let e = explained(client().get(format!(
        "{}/share/q3-report.txt?pw={PASSWORD}",
        server.uri()
    )))
    .await;
    assert_eq!(
        e.credential().map(|c| c.location.to_string()).as_deref(),
        Some("query:pw"),
        "{e}"
    );
    assert_hidden(&e, &[PASSWORD]);
}

/// A JWT with `iat` at `iat` and a far `exp`, its signature marked as a secret.
fn jwt_issued_at(iat: u64) -> String {
    let b64 = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
    format!(
        "{}.{}.FAKESECRETrs256sig",
        b64(r#"{"alg":"RS256","typ":"JWT"}"#),
        b64(&format!(r#"{{"sub":"svc","iat":{iat},"exp":1924992000}}"#))
    )
}

#[tokio::test]
async fn a_token_dated_weeks_after_the_servers_date_is_no_clock_skew() {
    // The Date: Wed, 08 Oct 2025 08:49:21 GMT (1759913361).
    let date = "Wed, 08 Oct 2025 08:49:21 GMT";
    let challenge =
        r#"Bearer realm="api", error="invalid_token", error_description="Token invalid""#;
    let server = respond_with(
        401,
        "application/problem+json",
        r#"{"title":"TokenAuthenticationFailed","status":401,"detail":"Invalid token"}"#,
        &[("www-authenticate", challenge), ("date", date)],
    )
    .await;
    // Issued 55 days after that Date: not a clock off by weeks.
    let weeks = jwt_issued_at(1_764_662_400);
    let e = explained(
        client()
            .get(format!("{}/v1/documents", server.uri()))
            .bearer_auth(&weeks),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &[&weeks]);
    // Issued seven minutes after it: the minting clock runs ahead.
    let minutes = jwt_issued_at(1_759_913_361 + 420);
    let e = explained(
        client()
            .get(format!("{}/v1/documents", server.uri()))
            .bearer_auth(&minutes),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::ClockSkew), "{e}");
}

#[tokio::test]
async fn a_missing_key_reported_as_a_parameter_is_missing() {
    // Pagar.me: a validation-shaped error whose parameter is the key itself, in Portuguese.
    let server = respond(
        400,
        "application/json; charset=utf-8",
        r#"{"errors":[{"message":"api_key está faltando","parameter_name":"api_key","type":"invalid_parameter"}],"method":"get","url":"/transactions"}"#,
    )
    .await;
    let e = explained(client().get(format!("{}/1/transactions?count=10", server.uri()))).await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    // A parameter of the payload stays the payload's.
    let server = respond(
        400,
        "application/json; charset=utf-8",
        r#"{"errors":[{"message":"amount está faltando","parameter_name":"amount","type":"invalid_parameter"}]}"#,
    )
    .await;
    let resp = client_with(AuthExplainMiddleware::builder())
        .post(format!(
            "{}/1/transactions?api_key=ak_live_FAKESECRET9d8c7b6a5f",
            server.uri()
        ))
        .send()
        .await
        .unwrap();
    assert!(resp.auth_explanation().is_none());
}

#[tokio::test]
async fn a_graphql_error_asking_to_log_in_without_a_credential_is_missing() {
    // Mobilizon at `/api`: a GraphQL error with a status of its own, inside `errors`.
    let server = respond(
        200,
        "application/json; charset=utf-8",
        r#"{"data":{"loggedUser":null},"errors":[{"code":"unauthenticated","field":null,"message":"You need to be logged in","path":["loggedUser"],"status_code":401}]}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/api", server.uri()))
            .header("content-type", "application/json")
            .body(r#"{"query": "query { loggedUser { id email role } }"}"#),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    assert!(!format!("{e}").contains("XML, multipart"), "{e}");
}

#[tokio::test]
async fn a_gateways_redirect_within_its_site_says_denied_or_expired() {
    const TICKET: &str = "FAKESECRET645376f708e3e90a1cfbb36b1043fc";
    // The request goes to intranet.example-corp.com (on loopback); the gateway redirects to
    // sso.example-corp.com, another host of the same site, and the client follows nothing.
    let answer = |location: &'static str| redirecting(307, location);
    let send = |server: &wiremock::MockServer| {
        let addr = *server.address();
        let inner = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .resolve("intranet.example-corp.com", addr)
            .build()
            .unwrap();
        reqwest_middleware::ClientBuilder::new(inner)
            .with(AuthExplainMiddleware::default())
            .build()
            .get(format!(
                "http://intranet.example-corp.com:{}/finance/reports/q4.html",
                addr.port()
            ))
            .header("cookie", format!("auth_tkt={TICKET}"))
    };
    // mod_auth_tkt's "denied" URL: the ticket lacks the token this path requires.
    let server = answer("https://sso.example-corp.com/denied?back=x").await;
    let e = explained(send(&server)).await;
    assert_eq!(e.cause(), Some(Cause::InsufficientScope), "{e}");
    assert!(e.evidence().iter().any(|l| l.contains("own site")), "{e}");
    assert_hidden(&e, &[TICKET]);
    // Its sign-in page, told why: the ticket timed out.
    let server = answer("https://sso.example-corp.com/login?reason=timeout;back=x").await;
    let e = explained(send(&server)).await;
    assert_eq!(e.cause(), Some(Cause::ExpiredCredentials), "{e}");
    assert!(e.evidence().iter().any(|l| l.contains("same site")), "{e}");
    // Told nothing: a session that ended (by time, most often) or was never valid.
    let server = answer("/login?back=x").await;
    let e = explained(send(&server)).await;
    assert_eq!(e.cause(), Some(Cause::ExpiredCredentials), "{e}");
    assert!(format!("{e}").contains("never valid"), "{e}");
    assert!(e.evidence().iter().any(|l| l.contains("same host")), "{e}");
}

#[tokio::test]
async fn an_account_pending_approval_is_a_state_of_the_account() {
    const PASSWORD: &str = "FAKESECRETedgePw907";
    let server = respond(
        401,
        "application/json",
        r#"{"code":401,"message":"Your account is pending approval by an administrator"}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/v1/login", server.uri()))
            .header("content-type", "application/json")
            .body(format!(
                r#"{{"username":"edge-07","password":"{PASSWORD}"}}"#
            )),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::AccountSuspended), "{e}");
    assert_hidden(&e, &[PASSWORD]);
}

#[tokio::test]
async fn a_challenge_that_names_an_ip_allow_list_is_the_address() {
    let server = respond_with(
        401,
        "application/json; charset=utf-8",
        r#"{"statusCode":401,"error":"Unauthorized","message":"Forbidden access","attributes":{"error":"Forbidden access"}}"#,
        &[("www-authenticate", r#"ip-whitelist error="Forbidden access""#)],
    )
    .await;
    let url = format!("{}/admin/queues/email-outbound", server.uri());
    // Without a credential: no credential would help, so none is "missing".
    let e = explained(client().get(&url)).await;
    assert_eq!(e.cause(), Some(Cause::IpRestricted), "{e}");
    assert_eq!(e.confidence(), Some(Confidence::Medium), "{e}");
    // With one: the challenge offers no scheme to send instead.
    const TOKEN: &str = "FAKESECRETopsToken81c2";
    let e = explained(client().get(&url).bearer_auth(TOKEN)).await;
    assert_eq!(e.cause(), Some(Cause::IpRestricted), "{e}");
    assert_hidden(&e, &[TOKEN]);
}

#[tokio::test]
async fn an_action_refused_to_a_signed_in_caller_is_a_permission() {
    const PASSWORD: &str = "FAKESECRET-ds-driver1042";
    let server = respond(
        200,
        "application/json; charset=utf-8",
        r#"{"result":"FAILURE","body":[{"success":false,"error":"Message denied. Action 'emit' is not permitted.","errorEvent":"MESSAGE_DENIED"}]}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/api", server.uri()))
            .header("content-type", "application/json")
            .body(format!(
                r#"{{"authData":{{"username":"driver-1042","password":"{PASSWORD}"}},"body":[{{"topic":"event","action":"emit"}}]}}"#
            )),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InsufficientScope), "{e}");
    assert_hidden(&e, &[PASSWORD]);
}

#[tokio::test]
async fn a_signed_time_years_from_the_servers_is_no_clock() {
    // An OAuth 1.0 request whose `oauth_timestamp` is from 2019, refused for its signature by
    // a server whose Date is in 2026: a timestamp fixed in a script, not a clock off by years.
    const SIG: &str = "FAKESECRETwq1Y8mQ2k3VJ0";
    let server = respond_with(
        401,
        "text/html; charset=utf-8",
        "OAuth error. Invalid signature.",
        &[("date", "Wed, 02 Dec 2026 16:26:44 GMT")],
    )
    .await;
    let e = explained(client().get(format!(
        "{}/api/auth/request_token?oauth_consumer_key=FAKESECRETKXYfv8vysj8Ws&oauth_nonce=48874096&oauth_signature_method=HMAC-SHA1&oauth_timestamp=1563636404&oauth_version=1.0&oauth_signature={SIG}",
        server.uri()
    )))
    .await;
    assert_ne!(e.cause(), Some(Cause::ClockSkew), "{e}");
    assert_hidden(&e, &[SIG]);
    // Twenty minutes from it: the signature verifies over the time it states, so a refusal
    // of the signature alone is the signature's; the offset is shown beside it.
    let now = httpdate::parse_http_date("Wed, 02 Dec 2026 16:26:44 GMT")
        .unwrap()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let e = explained(client().get(format!(
        "{}/api/auth/request_token?oauth_consumer_key=FAKESECRETKXYfv8vysj8Ws&oauth_nonce=48874096&oauth_signature_method=HMAC-SHA1&oauth_timestamp={}&oauth_version=1.0&oauth_signature={SIG}",
        server.uri(),
        now - 1_200
    )))
    .await;
    assert_eq!(e.cause(), Some(Cause::SignatureMismatch), "{e}");
    assert!(e.to_string().contains("1200 s"), "{e}");
    assert_hidden(&e, &[SIG]);
}

#[tokio::test]
async fn a_doubled_scheme_repaired_and_still_refused_is_the_applications_fault() {
    const TOKEN: &str = "nbp_FAKESECRETu7Jd3Kq9Xw2Mv5Lz8Rb1Ns4Hc";
    let server = respond(
        401,
        "application/json",
        r#"{"message":"token invalid","code":401}"#,
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/api/users", server.uri()))
            .header("authorization", format!("Bearer Bearer {TOKEN}")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::MalformedCredentials), "{e}");
    assert_eq!(e.confidence(), Some(Confidence::Medium), "{e}");
    assert!(
        e.evidence()
            .iter()
            .any(|l| l.contains("doubled_scheme") && l.contains("repaired")),
        "{e}"
    );
    assert_hidden(&e, &[TOKEN]);
    // A reason of the server's own (the token expired) is the reason.
    let server = respond(
        401,
        "application/json",
        r#"{"message":"token has expired","code":401}"#,
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/api/users", server.uri()))
            .header("authorization", format!("Bearer Bearer {TOKEN}")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::ExpiredCredentials), "{e}");
}

#[tokio::test]
async fn a_sign_in_answered_with_a_request_to_sign_in_was_refused() {
    const PASSWORD: &str = "FAKESECRET-dave-pw-old";
    let page = "<h1>Login Required</h1>\n<p>You need to log in to continue.</p>\n<p>LOGIN FAILED</p>\n<form method=\"post\"><input type=\"text\" name=\"username\"><input type=\"password\" name=\"password\"><input type=\"submit\" value=\"Login\"></form>";
    let server = respond(401, "text/html", page).await;
    let e = explained(
        client()
            .post(format!("{}/login", server.uri()))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("username=dave&password={PASSWORD}")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &[PASSWORD]);
}

#[tokio::test]
async fn a_keyed_200_over_its_daily_limit_is_the_plan() {
    const KEY: &str = "3f9a1c2e-FAKESECRET-4b1e-9c2d-7a3f0e6b8d21";
    let server = respond(200, "text/html; charset=UTF-8", "API key over daily limit.").await;
    let e = explained(client().get(format!(
        "{}/api/v3/references/collegiate/json/serendipity?key={KEY}",
        server.uri()
    )))
    .await;
    assert!(
        matches!(e.cause(), Some(Cause::PlanRestricted | Cause::RateLimited)),
        "{e}"
    );
    assert_hidden(&e, &[KEY]);
}

#[tokio::test]
async fn a_session_cookie_sent_back_to_the_identity_provider_has_ended() {
    const SESSION: &str = "_FAKESECRET3c9d41e7a0b25f86";
    let c = client_without_redirects(AuthExplainMiddleware::builder());
    let server = redirecting(
        302,
        "https://idp.example-uni.edu/idp/profile/SAML2/Redirect/SSO?SAMLRequest=jZJfT4MwFMW",
    )
    .await;
    let url = format!("{}/api/v1/datasets/8812/files", server.uri());
    let e = explained(
        c.get(&url)
            .header("cookie", format!("_shibsession_64656661756c74={SESSION}")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::ExpiredCredentials), "{e}");
    assert_hidden(&e, &[SESSION]);
    // An API token sent there instead: the gateway wants its own sign-in.
    let e = explained(c.get(&url).bearer_auth("FAKESECRETapiTok3n0042")).await;
    assert_eq!(e.cause(), Some(Cause::OrganizationPolicy), "{e}");
    // The gateway tells its sign-in page why (mod_auth_pubtkt's `?timeout=1`): a ticket of
    // any kind expired.
    let server = redirecting(
        307,
        "https://sso.example-idp.com/sso/login?timeout=1&back=http%3a%2f%2fintranet%2f",
    )
    .await;
    let ticket = "uid%3Djdoe%3Budata%3DFAKESECRETsso7%3Bsig%3DRLt5nSMFah";
    let e = explained(
        c.get(format!("{}/intranet/", server.uri()))
            .header("cookie", format!("auth_pubtkt={ticket}")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::ExpiredCredentials), "{e}");
    assert_hidden(&e, &["FAKESECRETsso7"]);
}

#[tokio::test]
async fn a_refusal_that_names_an_address_range_is_the_address() {
    const TOKEN: &str = "sk-FAKESECRETci9nightly17Qx2";
    let c = client();
    // One API: "this token may be used only in the given network: 10.20.0.0/16, current ip …"
    let server = respond(
        403,
        "application/json; charset=utf-8",
        r#"{"error":{"message":"该令牌只能在指定网段使用：10.20.0.0/16，当前 ip：198.51.100.23","type":"one_api_error"}}"#,
    )
    .await;
    let e = explained(
        c.post(format!("{}/v1/chat/completions", server.uri()))
            .bearer_auth(TOKEN),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::IpRestricted), "{e}");
    assert!(format!("{e}").contains("10.20.0.0/16"), "{e}");
    assert_hidden(&e, &[TOKEN]);
    // A range the request itself names is the data it asked about.
    let server = respond(
        403,
        "application/json",
        r#"{"message":"Cannot delete 10.20.0.0/16: it still has attached hosts"}"#,
    )
    .await;
    let e = explained(
        c.delete(format!("{}/v1/networks/10.20.0.0/16", server.uri()))
            .bearer_auth(TOKEN),
    )
    .await;
    assert_ne!(e.cause(), Some(Cause::IpRestricted), "{e}");
    // Its quota used up, in the same gateway's words: the plan, not the key.
    let server = respond(
        401,
        "application/json; charset=utf-8",
        r#"{"error":{"message":"令牌 ci-nightly（#17）额度已用尽","type":"one_api_error"}}"#,
    )
    .await;
    let e = explained(
        c.post(format!("{}/v1/chat/completions", server.uri()))
            .bearer_auth(TOKEN),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::PlanRestricted), "{e}");
}

#[tokio::test]
async fn an_api_switched_off_named_in_a_code_is_the_endpoint() {
    const TOKEN: &str = "ya29.FAKESECRETa0AfB_byDk3mQ";
    let server = respond(
        403,
        "application/json; charset=UTF-8",
        r#"{"error":{"code":403,"message":"@ClassroomApiDisabled The user is not permitted to access the Classroom API.","status":"PERMISSION_DENIED"}}"#,
    )
    .await;
    let e = explained(
        client_with(AuthExplainMiddleware::builder().provider_profiles(false))
            .get(format!("{}/v1/courses", server.uri()))
            .bearer_auth(TOKEN),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::EndpointNotEnabled), "{e}");
    assert_hidden(&e, &[TOKEN]);
}

#[tokio::test]
async fn a_grpc_status_quoted_in_a_500_stands_for_its_http_status() {
    // A Connect server passes a backend's grpc-go error on in a 500 (infinimesh): the quoted
    // status is the auth failure, and the request's expired JWT says which.
    let token = crate::helpers::jwt(r#""sub":"0f3c7a2e","exp":1706173200"#);
    let server = respond(
        500,
        "application/json",
        r#"{"code":"unknown","message":"rpc error: code = Unauthenticated desc = Session is expired, revoked or invalid"}"#,
    )
    .await;
    let c = client();
    let e = explained(
        c.post(format!(
            "{}/infinimesh.node.DevicesService/List",
            server.uri()
        ))
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "application/json")
        .body("{}"),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::ExpiredCredentials), "{e}");
    assert!(
        e.evidence()
            .iter()
            .any(|l| l.contains("gRPC status Unauthenticated")),
        "{e}"
    );
    assert_hidden(&e, &[&token]);
    // Any other quoted status is the backend's own trouble.
    let server = respond(
        500,
        "application/json",
        r#"{"code":"unknown","message":"rpc error: code = Unavailable desc = connection refused"}"#,
    )
    .await;
    handed_on(
        c.post(format!(
            "{}/infinimesh.node.DevicesService/List",
            server.uri()
        ))
        .header("x-api-key", "FAKESECRETk3y0c7e2a9f4b1d6e")
        .header("content-type", "application/json")
        .body("{}"),
    )
    .await;
}

#[tokio::test]
async fn an_error_phrase_under_a_key_named_for_the_error_is_read() {
    const SECRET: &str = "FAKESECRET9b3d1f0a7c5e2468";
    // A token endpoint of an app platform answers 200 with `err_no` and `err_tips`, and an
    // empty token under `data` (Douyin's).
    let server = respond(
        200,
        "application/json; charset=utf-8",
        r#"{ "err_no": 40017, "err_tips": "bad secret", "data": { "access_token": "", "expires_in": 0 } }"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/api/apps/v2/token", server.uri()))
            .header("content-type", "application/json")
            .body(format!(
                r#"{{"appid": "tt07e3715e98c9aac0", "secret": "{SECRET}", "grant_type": "client_credential"}}"#
            )),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &[SECRET]);
    // A signed request's envelope whose details sit under `msgDetails` (Aqara's).
    const SIGN: &str = "FAKESECRETd1e0f3a2b5c47689";
    let server = respond(
        200,
        "application/json;charset=UTF-8",
        r#"{"requestId":"N/A","result":"","status":200,"code":106,"message":"Request failed. Please try again.","msgDetails":"Invalid sign"}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/v3.0/open/api", server.uri()))
            .header("accesstoken", "FAKESECRET4b8f0c2d6e1a9b3c")
            .header("time", "1773999021474")
            .header("nonce", "1773999021474")
            .header("sign", SIGN)
            .header("content-type", "application/json")
            .body(r#"{"intent":"query.resource.value"}"#),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::SignatureMismatch), "{e}");
    assert_hidden(&e, &[SIGN, "FAKESECRET4b8f0c2d6e1a9b3c"]);
}

#[tokio::test]
async fn json_behind_a_script_inclusion_guard_is_read() {
    const HASH: &str = "FAKESECRET8E1F4C7A2B9D3E60F5A1C8B7D4E2F09A";
    // Xiaomi's account service guards its JSON with `&&&START&&&`, and says "login
    // verification failed" in Chinese.
    let server = respond(
        200,
        "application/json;charset=UTF-8",
        r#"&&&START&&&{"qs":"","code":70016,"description":"登录验证失败","securityStatus":0,"result":"error","desc":"登录验证失败"}"#,
    )
    .await;
    let e = explained(
        client()
            .post(format!(
                "{}/pass/serviceLoginAuth2?_json=true",
                server.uri()
            ))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("user=feixialong&hash={HASH}&sid=xiaomiio")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &[HASH]);
}

#[tokio::test]
async fn a_status_of_the_servers_own_to_a_keyless_request_is_read_only_for_a_limit() {
    let c = client();
    // Blockchair's 430 to a request without a key: an address blocked for its usage.
    let server = respond(
        430,
        "application/json; charset=utf-8",
        r#"{"data":null,"context":{"code":430,"error":"Your IP address is temporary blacklisted due to exceeding usage of API resources. Please apply for an API key by contacting us at info@blockchair.com"}}"#,
    )
    .await;
    let e = explained(c.get(format!("{}/bitcoin/dashboards/address/x", server.uri()))).await;
    assert!(
        matches!(e.cause(), Some(Cause::IpRestricted | Cause::RateLimited)),
        "{e}"
    );
    // The same status about the payload is handed on.
    let server = respond(
        430,
        "application/json; charset=utf-8",
        r#"{"data":null,"context":{"code":430,"error":"Unknown Block"}}"#,
    )
    .await;
    handed_on(c.get(format!("{}/eos/raw/block/1", server.uri()))).await;
}

#[tokio::test]
async fn a_form_encoded_answer_is_read_as_fields() {
    const SECRET: &str = "FAKESECRETq2Lx7Vn4Rb9Tm1Kc";
    // Comgate answers in the form encoding it is sent, with 200: an address it does not allow.
    let server = respond(
        200,
        "application/x-www-form-urlencoded; charset=UTF-8",
        "code=1400&message=Access+from+unauthorized+location+%5B109.81.209.223%5D%21",
    )
    .await;
    let e = explained(
        client()
            .post(format!("{}/v1.0/create", server.uri()))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!(
                "merchant=498761&test=false&price=24900&curr=CZK&prepareOnly=true&secret={SECRET}"
            )),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::IpRestricted), "{e}");
    assert_hidden(&e, &[SECRET]);
    // Its success is handed on unread.
    let server = respond(
        200,
        "application/x-www-form-urlencoded; charset=UTF-8",
        "code=0&message=OK&transId=AB12-CD34-EF56",
    )
    .await;
    handed_on(
        client()
            .post(format!("{}/v1.0/create", server.uri()))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("merchant=498761&secret={SECRET}")),
    )
    .await;
}

#[tokio::test]
async fn an_error_objects_own_401_and_a_refused_login_are_read() {
    // A signed request's 200 whose error object states 401 (Innfinn's).
    const SIG: &str = "FAKESECRET7d3a9e1c5b8f2d6a0e4c7b1f9d3a6e8c2b5f0d7a4e1c9b6f3d8a5e2";
    let server = respond(
        200,
        "application/json",
        r#"{ "error": { "code": 401, "message": "Authorization failed" } }"#,
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/api/employees", server.uri()))
            .header("x-timestamp", "1748327400")
            .header("x-signature", SIG),
    )
    .await;
    assert!(
        matches!(
            e.cause(),
            Some(Cause::SignatureMismatch | Cause::UnknownUnauthorized)
        ),
        "{e}"
    );
    assert_hidden(&e, &[SIG]);
    // A keyed SMS API's "Login denied." to its user and password.
    const PW: &str = "FAKESECRETw3Nf6Tg1Ry";
    let server = respond(
        200,
        "application/json",
        r#"{"error":"Login denied.","errno":"103"}"#,
    )
    .await;
    let e = explained(client().get(format!(
        "{}/api/?username=lagosbakery&password={PW}&message=Ready",
        server.uri()
    )))
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &[PW]);
    // A 402 that asks for an upgrade names the plan.
    let server = respond(
        402,
        "application/json; charset=utf-8",
        r#"{"name":"ClientError","message":"Upgrade to access metasearch. Contact sales at: hello@ubio.ai","status":402}"#,
    )
    .await;
    let e = explained(
        client()
            .get(format!("{}/metasearch?hotelId=07b7c69652", server.uri()))
            .header("authorization", "Bearer FAKESECRETpat8Hn2Jk4Lm6Np8Qr0St"),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::PlanRestricted), "{e}");
}

#[tokio::test]
async fn nginxs_stock_pages_for_a_client_certificate_are_read() {
    let page = |title: &str| {
        format!(
            "<html>\r\n<head><title>400 {title}</title></head>\r\n<body>\r\n<center><h1>400 Bad Request</h1></center>\r\n<center>{title}</center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n"
        )
    };
    let c = client();
    // `ssl_verify_client on` and no certificate in the handshake.
    let body = page("No required SSL certificate was sent");
    let server = respond_with(400, "text/html", &body, &[("server", "nginx/1.22.1")]).await;
    let e = explained(c.get(format!("{}/exports/", server.uri()))).await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    assert!(format!("{e}").contains("client certificate"), "{e}");
    // One sent and refused (an unknown issuer, expired).
    let body = page("The SSL certificate error");
    let server = respond_with(400, "text/html", &body, &[("server", "nginx/1.22.1")]).await;
    let e = explained(c.get(format!("{}/exports/", server.uri()))).await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    // nginx's other 400 pages are not about a certificate.
    let body = page("The plain HTTP request was sent to HTTPS port");
    let server = respond_with(400, "text/html", &body, &[("server", "nginx/1.22.1")]).await;
    handed_on(c.get(format!("{}/exports/", server.uri()))).await;
}

#[tokio::test]
async fn a_validation_error_located_in_the_body_is_the_payloads() {
    const KEY: &str = "FAKESECRETfiefAdminKey4c81e2d9b7a0";
    // FastAPI's 422 about the payload's fields, whose words ("the @-sign is not valid") must
    // not read as a signature refused.
    let server = respond(
        422,
        "application/json",
        r#"{"detail":[{"type":"value_error","loc":["body","email"],"msg":"value is not a valid email address: The part after the @-sign is not valid. It should have a period.","input":"new.hire@example"},{"type":"uuid_version","loc":["body","tenant_id"],"msg":"UUID version 4 expected","input":"0"}]}"#,
    )
    .await;
    handed_on(
        client()
            .post(format!("{}/admin/api/users/", server.uri()))
            .header("authorization", format!("Bearer {KEY}"))
            .header("content-type", "application/json")
            .body(r#"{"email":"new.hire@example","tenant_id":"0"}"#),
    )
    .await;
    // One located in the head, at the key's header, is the key missing.
    let server = respond(
        422,
        "application/json",
        r#"{"detail":[{"type":"missing","loc":["header","x-api-key"],"msg":"Field required","input":null}]}"#,
    )
    .await;
    let e = explained(client().get(format!("{}/v1/items", server.uri()))).await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
}

#[tokio::test]
async fn json_rpcs_method_not_found_is_no_auth_failure_a_refused_passphrase_is() {
    const PASSPHRASE: &str = "FAKESECRETwr0ngPassphr4se";
    let c = client();
    // A JSON-RPC dispatcher without the method called, whatever its name speaks of.
    let server = respond(
        200,
        "application/json; charset=utf8",
        r#"{"error":{"message":"Procedure 'auth.login' not found","code":-32601}}"#,
    )
    .await;
    let body = format!(
        r#"{{"jsonrpc":"2.0","id":3,"method":"auth.login","params":{{"user":"stock-sync","passw":"{PASSPHRASE}"}}}}"#
    );
    handed_on(
        c.post(format!("{}/rpc", server.uri()))
            .header("content-type", "application/json")
            .body(body),
    )
    .await;
    // An Ethereum node that cannot open the account's key with the passphrase given.
    let server = respond(
        200,
        "application/json",
        r#"{"id":7,"jsonrpc":"2.0","error":{"message":"could not decrypt key with given passphrase","code":-32000}}"#,
    )
    .await;
    let e = explained(
        c.post(format!("{}/", server.uri()))
            .header("content-type", "application/json")
            .body(format!(
                r#"{{"jsonrpc":"2.0","id":7,"method":"personal_unlockAccount","params":["0xc0d20c20ce76d6d40936fbd99cf3daa28ce176af","{PASSPHRASE}",300]}}"#
            )),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &[PASSPHRASE]);
}

#[tokio::test]
async fn a_200_that_reports_a_bare_refusal_stands_for_its_status() {
    const KEY: &str = "FAKESECRET4b9e0c2d7a1f83e6c5d0";
    let c = client();
    // An envelope that fails with nothing but "Access Denied.": a 403's reason phrase, and
    // no more said than a bare 403 would.
    let server = respond(
        200,
        "application/json; charset=utf-8",
        r#"{"success":false,"error":"Access Denied."}"#,
    )
    .await;
    let e = explained(c.get(format!("{}/v2/account/load?apikey={KEY}", server.uri()))).await;
    assert_eq!(e.cause(), Some(Cause::UnknownForbidden), "{e}");
    assert_eq!(e.status(), Some(200));
    assert_hidden(&e, &[KEY]);
    // A refusal with a reason of its own is left to its words; a success that merely
    // mentions access is a success.
    let server = respond(
        200,
        "application/json",
        r#"{"success":true,"message":"Access denied entries purged"}"#,
    )
    .await;
    handed_on(c.get(format!("{}/v2/log/purge?apikey={KEY}", server.uri()))).await;
    // Without any credential, the same: a refusal whose reason the server does not give.
    let server = respond(
        200,
        "application/json",
        r#"{"status":"error","errorMessage":"Access was denied."}"#,
    )
    .await;
    let e = explained(c.post(format!("{}/api/zones/delete", server.uri()))).await;
    assert_eq!(e.cause(), Some(Cause::UnknownForbidden), "{e}");
    // A JSON-RPC call refused "Unauthorized" that carried no credential at all lacks one.
    let server = respond(
        200,
        "application/json",
        r#"{"jsonrpc":"2.0","error":{"code":-32602,"message":"Unauthorized"},"id":null}"#,
    )
    .await;
    let e = explained(
        c.post(server.uri())
            .header("content-type", "application/json")
            .body(
                r#"{"jsonrpc":"2.0","method":"invoices.list","params":[{"status":"open"}],"id":1}"#,
            ),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
}

#[tokio::test]
async fn a_thrown_500_that_names_the_missing_header_to_a_keyless_request_is_missing() {
    let c = client();
    // An OpenID provider's userinfo endpoint asserting its header, rendered by the framework.
    let server = respond(
        500,
        "text/html; charset=utf-8",
        "Assert condition failed: no authorization header or access_token",
    )
    .await;
    let e = explained(c.get(format!("{}/userinfo", server.uri()))).await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    assert_eq!(e.confidence(), Some(Confidence::Medium), "{e}");
    // ASP.NET's refusal of an anonymous caller, thrown where a 401 was meant.
    let server = respond(
        500,
        "application/json; charset=utf-8",
        r#"{"message":"Authorization has been denied for this request.","code":999}"#,
    )
    .await;
    let e = explained(c.get(format!("{}/v1/properties?page=1", server.uri()))).await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    // Any other 500 to the same request is a server error, handed on.
    let server = respond(500, "text/html; charset=utf-8", "Internal Server Error").await;
    handed_on(c.get(format!("{}/userinfo", server.uri()))).await;
    let server = respond(
        500,
        "application/json",
        r#"{"message":"connect ECONNREFUSED 127.0.0.1:5432"}"#,
    )
    .await;
    handed_on(c.get(format!("{}/userinfo", server.uri()))).await;
}

#[tokio::test]
async fn a_verdict_followed_by_its_reason_is_the_reason() {
    const TOKEN: &str = "FAKESECRETk8Jd2mQ7rT4vX9bZ1cN6";
    let c = client();
    // A verdict, then the reason in its own clause ("Invalid token: jwt expired").
    let server = respond_with(
        401,
        "application/json",
        r#"{"errors":[{"message":"Invalid token: jwt expired","type":"UnauthorizedError","code":"INVALID_JWT"}]}"#,
        &[],
    )
    .await;
    let e = explained(
        c.get(format!("{}/ghost/api/admin/members/", server.uri()))
            .header("authorization", format!("Ghost {TOKEN}")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::ExpiredCredentials), "{e}");
    assert_hidden(&e, &[TOKEN]);
    // Alternatives decide nothing between them.
    let server = respond(
        401,
        "application/json",
        r#"{"message":"Invalid or expired token"}"#,
    )
    .await;
    let e = explained(c.get(format!("{}/v1/me", server.uri())).bearer_auth(TOKEN)).await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
}

#[tokio::test]
async fn a_credential_found_by_a_glued_name_or_echoed_with_a_verdict() {
    const GUID: &str = "FAKESECRETa41c9e07-5b2d-4f8e-9c31-7d0e2b6f4a18";
    const KEY: &str = "FAKESECRET5b8e2d0c41f9a7365e1d";
    let c = client();
    // A key in the query under `authenticationGuid`, echoed with a verdict in an XML 200.
    let body = format!(
        "<?xml version=\"1.0\"?><ABRPayloadSearchResults><response><exception><exceptionDescription>The GUID entered is not recognised as a Registered Party. : {GUID}</exceptionDescription><exceptionCode>WebServices</exceptionCode></exception></response></ABRPayloadSearchResults>"
    );
    let server = respond(200, "text/xml; charset=utf-8", &body).await;
    let e = explained(c.get(format!(
        "{}/ABRSearchByABN?searchString=98765&authenticationGuid={GUID}",
        server.uri()
    )))
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &[GUID, "a41c9e07-5b2d"]);
    // A key in a JSON body under one word that ends in "key", judged by the server.
    let server = respond(
        200,
        "application/json",
        r#"{"status":"REQUEST_NOT_PROCESSED","message":["The key provided by the User is invalid."],"Results":{}}"#,
    )
    .await;
    let e = explained(
        c.post(format!("{}/publicAPI/v2/timeseries/data/", server.uri()))
            .header("content-type", "application/json")
            .body(format!(
                r#"{{"seriesid":["LNS14000000"],"registrationkey":"{KEY}"}}"#
            )),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &[KEY]);
}

/// A JWT that expired in September 2024.
fn jwt_expired_long_ago() -> String {
    let b64 = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
    format!(
        "{}.{}.FAKESECRETrs256sig",
        b64(r#"{"alg":"RS256","typ":"JWT"}"#),
        b64(r#"{"sub":"ops@example.de","iat":1726050000,"exp":1726053600}"#)
    )
}

#[tokio::test]
async fn a_token_past_its_exp_is_not_why_a_validated_or_permitted_request_failed() {
    let c = client();
    let jwt = jwt_expired_long_ago();
    // A validation error of the payload: the server read the request past its token.
    for (status, body) in [
        (
            422,
            r#"{"error_code":1400,"error_token":"InputValidationFailed","message":"Input validation failed"}"#,
        ),
        (
            400,
            r#"{"status":400,"message":"Validation failed for JSON object"}"#,
        ),
    ] {
        let server = respond(status, "application/json", body).await;
        handed_on(
            c.post(format!("{}/api/v1/user", server.uri()))
                .bearer_auth(&jwt)
                .header("content-type", "application/json")
                .body(r#"{"username":7}"#),
        )
        .await;
    }
    // A token's own validation is the token's ("Token validation failed").
    let server = respond(
        400,
        "application/json",
        r#"{"message":"Token validation failed"}"#,
    )
    .await;
    let e = explained(
        c.get(format!("{}/api/v1/user", server.uri()))
            .bearer_auth(&jwt),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::ExpiredCredentials), "{e}");
    // A permission refused with no Date to say when (a raw server: wiremock adds one): what
    // the caller may do was judged.
    let forbidden = r#"{"error_code":1104,"error_token":"Forbidden","message":"You do not have the necessary permissions to access this entry point."}"#;
    let length = forbidden.len().to_string();
    let mut reply = head(
        "403 Forbidden",
        &[
            ("content-type", "application/json"),
            ("content-length", &length),
        ],
    );
    reply.extend_from_slice(forbidden.as_bytes());
    let addr = raw_server(vec![Step::Send(reply)]).await;
    let e = explained(
        c.delete(format!("http://{addr}/api/v1/endpoint/7"))
            .bearer_auth(&jwt),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InsufficientScope), "{e}");
    // A 401 that names another reason the token failed, with no Date to confirm the expiry
    // this clock sees: a fresh token would fail the same way.
    let revoked = r#"{"title":"Unauthorized","status":401,"detail":"Token has been revoked"}"#;
    let length = revoked.len().to_string();
    let mut reply = head(
        "401 Unauthorized",
        &[
            ("content-type", "application/problem+json"),
            ("content-length", &length),
        ],
    );
    reply.extend_from_slice(revoked.as_bytes());
    let addr = raw_server(vec![Step::Send(reply)]).await;
    let e = explained(c.get(format!("http://{addr}/api/v1/me")).bearer_auth(&jwt)).await;
    assert_eq!(e.cause(), Some(Cause::RevokedCredentials), "{e}");
    assert_hidden(&e, &[&jwt]);
    // The same refusal from a server whose Date shows the token long expired: it dropped the
    // token and judged an anonymous caller.
    let server = respond_with(
        403,
        "application/json",
        forbidden,
        &[("date", "Sun, 06 Dec 2026 09:51:08 GMT")],
    )
    .await;
    let e = explained(
        c.delete(format!("{}/api/v1/endpoint/7", server.uri()))
            .bearer_auth(&jwt),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::ExpiredCredentials), "{e}");
}

#[tokio::test]
async fn what_a_problem_or_a_policy_says_is_read_for_itself() {
    const KEY: &str = "FAKESECRETsbx_4c9e1a7f2b6d0e83";
    let c = client();
    // A problem whose title is only the reason phrase, whose `instance` is the request's own
    // path, and whose code names the environment the key belongs to.
    let server = respond(
        401,
        "application/problem+json",
        r#"{"type":"https://errors.example.ec/unauthorized","title":"Unauthorized","status":401,"code":"API_KEY_ENV_MISMATCH","detail":"This API key was created for the sandbox environment. The tenant is production.","instance":"/v1/documents"}"#,
    )
    .await;
    let e = explained(
        c.post(format!("{}/v1/documents", server.uri()))
            .bearer_auth(KEY),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::WrongEnvironment), "{e}");
    assert_eq!(
        e.server_message(),
        Some("This API key was created for the sandbox environment. The tenant is production.")
    );
    assert_eq!(e.request_id(), None, "{e}");
    // oslo.policy's verdict, as every OpenStack service words it.
    let server = respond(
        403,
        "application/json",
        r#"{"errors":[{"status":403,"title":"Forbidden","detail":"Access was denied to this resource.\n\n Policy does not allow placement:resource_providers:list to be performed.  "}]}"#,
    )
    .await;
    let e = explained(
        c.get(format!("{}/resource_providers", server.uri()))
            .header("x-auth-token", KEY),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InsufficientScope), "{e}");
    // A 429 whose body counts a window spent and says when it resets.
    let server = respond(
        429,
        "application/json",
        r#"{"detail":{"error":"minute_limit_exceeded","minute_remaining":0,"minute_reset":42,"day_remaining":120,"day_reset":36000}}"#,
    )
    .await;
    let e = explained(
        c.get(format!("{}/api/v1/data", server.uri()))
            .header("x-api-key", KEY),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::RateLimited), "{e}");
    assert_eq!(e.retry_after_s(), Some(42), "{e}");
}

#[tokio::test]
async fn a_signed_calls_time_refused_in_a_200_and_a_sign_in_answered_423() {
    const SIGNATURE: &str = "FAKESECRET5b1e0f9c4d2a77e8b6c3";
    const PASSWORD: &str = "FAKESECRETw1nter-Sun-77";
    let c = client();
    // A JSON-RPC server that refuses a signed call's timestamp in its 200, while its Date
    // (wiremock's, now) agrees with this clock: the timestamp the call signed was stale.
    let server = respond(
        200,
        "application/json-rpc",
        r#"{"id": 42, "jsonrpc": "2.0", "error": {"code": -32011, "message": "Request timestamp 1796580000 is 3725 s behind server time 1796583725; allowed skew is 300 s"}}"#,
    )
    .await;
    let e = explained(
        c.post(server.uri())
            .header("content-type", "application/json")
            .body(format!(
                r#"{{"jsonrpc":"2.0","method":"trading.submitOrder","params":{{"key_id":"kid_7Q2M","timestamp":1796580000,"signature":"{SIGNATURE}"}},"id":42}}"#
            )),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::SignatureMismatch), "{e}");
    assert!(e.to_string().contains("stale"), "{e}");
    assert_hidden(&e, &[SIGNATURE]);
    // A sign-in answered 423 Locked: the account.
    let server = respond_with(
        423,
        "application/json",
        r#"{"error": "account_locked", "message": "Account locked after 5 failed sign-in attempts. Try again in 15 minutes or reset your password."}"#,
        &[("retry-after", "900")],
    )
    .await;
    let e = explained(
        c.post(format!("{}/api/v1/session", server.uri()))
            .header("content-type", "application/json")
            .body(format!(
                r#"{{"email":"dana@example.com","password":"{PASSWORD}"}}"#
            )),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::AccountSuspended), "{e}");
    assert_hidden(&e, &[PASSWORD]);
    // A WebDAV lock is no sign-in's: handed on.
    let server = respond(
        423,
        "application/json",
        r#"{"message":"The resource you are trying to access is locked"}"#,
    )
    .await;
    handed_on(
        c.put(format!(
            "{}/remote.php/dav/files/a/report.odt",
            server.uri()
        ))
        .basic_auth("a", Some("FAKESECRETdavpass01"))
        .body("x"),
    )
    .await;
}

#[tokio::test]
async fn a_claim_called_wrong_names_where_the_token_belongs_unless_it_expired_there() {
    let c = client();
    let fresh = crate::helpers::jwt(
        r#""sub":"worker","aud":"https://api.staging.example.com","exp":4102444800"#,
    );
    // HAProxy's jwt_verify answer: the audience, beside the JWT's own noun.
    let server = respond(403, "text/html", "Invalid JWT audience").await;
    let e = explained(
        c.get(format!("{}/api/orders/", server.uri()))
            .bearer_auth(&fresh),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::WrongEnvironment), "{e}");
    assert_hidden(&e, &[&fresh]);
    // A token the server's own Date puts long past its exp: servers check exp first, and the
    // claim the words blame is not what failed.
    let expired = jwt_expired_long_ago();
    let server = respond_with(
        200,
        "application/json; charset=UTF-8",
        r#"{"errors":[{"message":"invalid-jwt | The iss do not match with this server","path":["optionsApp"]}],"data":{"optionsApp":null}}"#,
        &[("date", "Fri, 24 Jul 2026 09:41:17 GMT")],
    )
    .await;
    let e = explained(
        c.post(format!("{}/graphql", server.uri()))
            .bearer_auth(&expired)
            .header("content-type", "application/json")
            .body(r#"{"query":"{ optionsApp { id } }"}"#),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::ExpiredCredentials), "{e}");
}

#[tokio::test]
async fn a_500_to_a_key_in_the_body_is_read_for_words_of_that_key() {
    const KEY: &str = "FAKESECRETm4ndr1llK3yCase0042";
    let c = client();
    let server = respond(
        500,
        "application/json",
        r#"{"code":"-1","msg":"Authentication failed"}"#,
    )
    .await;
    let e = explained(
        c.post(format!("{}/api/v1/topics", server.uri()))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("api_key={KEY}&title=News")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &[KEY]);
    // A crash that says nothing of the key is the server's own.
    let server = respond(
        500,
        "application/json",
        r#"{"code":"-1","msg":"Database connection lost"}"#,
    )
    .await;
    handed_on(
        c.post(format!("{}/api/v1/topics", server.uri()))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("api_key={KEY}&title=News")),
    )
    .await;
}

#[tokio::test]
async fn a_graphql_mutations_own_errors_and_an_auth_union_type_are_read() {
    const PASSWORD: &str = "FAKESECRETg3Qe7Lp1Xz4N";
    let c = client();
    let sign_in = format!(
        r#"{{"query":"mutation {{ tokenAuth(username: \"tomasz\", password: \"{PASSWORD}\") {{ success errors token }} }}"}}"#
    );
    // django-graphql-auth: the mutation's payload reports its own failure and code.
    let server = respond(
        200,
        "application/json",
        r#"{"data":{"tokenAuth":{"success":false,"errors":{"nonFieldErrors":[{"message":"Please, enter valid credentials.","code":"invalid_credentials"}]},"token":null}}}"#,
    )
    .await;
    let e = explained(
        c.post(format!("{}/graphql", server.uri()))
            .header("content-type", "application/json")
            .body(sign_in.clone()),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &[PASSWORD]);
    // flask-graphql-auth: a union member named for auth carries the refusal.
    let token = crate::helpers::jwt(r#""sub":"ops","type":"access","exp":1700000000"#);
    let server = respond(
        200,
        "application/json",
        r#"{"data":{"myShipments":{"__typename":"AuthInfoField","message":"Signature has expired"}}}"#,
    )
    .await;
    let e = explained(
        c.post(format!("{}/graphql", server.uri()))
            .bearer_auth(&token)
            .header("content-type", "application/json")
            .body(r#"{"query":"{ myShipments { __typename } }"}"#),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::ExpiredCredentials), "{e}");
    // A successful mutation's payload is handed on.
    let server = respond(
        200,
        "application/json",
        r#"{"data":{"tokenAuth":{"success":true,"errors":null,"token":"eyJhbGciOiJIUzI1NiJ9.e30.x"}}}"#,
    )
    .await;
    handed_on(
        c.post(format!("{}/graphql", server.uri()))
            .header("content-type", "application/json")
            .body(sign_in),
    )
    .await;
}

#[tokio::test]
async fn a_signature_header_named_missing_and_a_signing_jwt_refused() {
    const TOKEN: &str = "FAKESECRETqst4shtok9b1e7c0a3d52f";
    let c = client();
    // A webhook receiver that reads its signature from a header the request did not send.
    let server = respond(
        400,
        "text/html; charset=utf-8",
        "`Upstash-Signature` header is missing",
    )
    .await;
    let e = explained(
        c.post(format!("{}/api/qstash/reminders", server.uri()))
            .bearer_auth(TOKEN)
            .header("content-type", "application/json")
            .body("{}"),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    assert!(e.to_string().contains("Upstash-Signature"), "{e}");
    assert_hidden(&e, &[TOKEN]);
    // A JWT in a header named as the request's signature signs the request: its body hash
    // not matching is the request's signature, not a token's.
    let signature = crate::helpers::jwt(
        r#""iss":"Upstash","sub":"https://billing.example.io/api/qstash","exp":4102444800,"body":"KK-tm7Bvsj3lrcQP8zXS1CquXlHPbZDxKQZazA1ZtmI""#,
    );
    let server = respond(
        500,
        "text/html; charset=utf-8",
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Error</title></head><body><pre>SignatureError: body hash does not match, want: KK-tm7B, got: qoB67U<br> &nbsp; &nbsp;at Receiver.verifyBodyAndUrl (node_modules/@upstash/qstash/nextjs.js:1186:13)</pre></body></html>",
    )
    .await;
    let e = explained(
        c.post(format!("{}/api/qstash/reminders", server.uri()))
            .header("upstash-signature", &signature)
            .header("content-type", "application/json")
            .body(r#"{"invoice":"inv_1"}"#),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::SignatureMismatch), "{e}");
    assert!(
        e.server_message().is_some_and(|m| m.contains("body hash")),
        "{e}"
    );
    assert_hidden(&e, &[&signature]);
}

#[tokio::test]
async fn a_bare_verdict_on_the_token_judges_the_header_that_carried_one() {
    const TOKEN: &str = "FAKESECRETxauth7c1e9b04d2a6f";
    let c = client();
    let server = respond(
        400,
        "application/json; charset=utf-8",
        r#"{"statusCode":400,"error":"Bad Request","message":"INVALID_TOKEN"}"#,
    )
    .await;
    let e = explained(
        c.post(format!("{}/account/profile", server.uri()))
            .header("x-auth-token", TOKEN)
            .header("content-type", "application/json")
            .body(r#"{"displayName":"Dana"}"#),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &[TOKEN]);
    // A request that carried no header credential: a payload's token, handed on.
    handed_on(
        c.post(format!("{}/account/profile", server.uri()))
            .header("content-type", "application/json")
            .body(r#"{"displayName":"Dana"}"#),
    )
    .await;
}

#[tokio::test]
async fn a_body_credential_named_by_its_field_and_a_revocation_after_a_verdict() {
    const REFRESH: &str = "FAKESECRET40c79a4f20a7c9a344e4d6";
    let c = client();
    // A token endpoint that names the request's `refresh_token` field as not valid.
    let server = respond(
        400,
        "application/json;charset=UTF-8",
        r#"{"code":"InvalidParameter.RefreshToken","message":"The input parameter refresh_token is not valid. ","requestId":null}"#,
    )
    .await;
    let e = explained(
        c.post(format!("{}/token/refresh", server.uri()))
            .header("content-type", "application/json")
            .body(format!(
                r#"{{"refresh_token":"{REFRESH}","grant_type":"refresh_token"}}"#
            )),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &[REFRESH]);
    // A verdict, then its reason: the session was invalidated (the token echoed).
    let token = crate::helpers::jwt(r#""sub":"usr_3b90ad","exp":1956528000"#);
    let body = format!(
        r#"{{"message":"Invalid session [Invalidated session. JWT [{token}] was already invalidated]"}}"#
    );
    let server = respond(401, "application/json", &body).await;
    let e = explained(c.get(format!("{}/v1/me", server.uri())).bearer_auth(&token)).await;
    assert_eq!(e.cause(), Some(Cause::RevokedCredentials), "{e}");
    assert_hidden(&e, &[&token]);
}

#[tokio::test]
async fn access_the_caller_lacks_is_a_permission_an_access_token_is_not() {
    const SESSION: &str = "FAKESECRETledg3rS3ss10n42";
    let c = client();
    let server = respond(
        403,
        "text/html; charset=utf-8",
        "<!doctype html><title>403 Forbidden</title><h1>Forbidden</h1><p>user does not have edit access to &lt;class 'Invoice'&gt;</p>",
    )
    .await;
    let e = explained(
        c.patch(format!("{}/api/invoices/20931", server.uri()))
            .header("cookie", format!("ledger_session={SESSION}")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InsufficientScope), "{e}");
    assert_hidden(&e, &[SESSION]);
    // "no access token" names the credential, not a permission.
    let server = respond(
        401,
        "application/json",
        r#"{"error":"You have no access token"}"#,
    )
    .await;
    let e = explained(c.get(format!("{}/api/invoices", server.uri()))).await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
}

#[tokio::test]
async fn a_signature_said_missing_to_an_unsigned_request_and_a_tokens_own_limit() {
    const KEY: &str = "FAKESECRETak5b21c09e7d";
    let c = client();
    let server = respond(
        403,
        "application/json",
        r#"{"detail":"No signature provided"}"#,
    )
    .await;
    let e = explained(
        c.post(format!("{}/api/v1/invoices/", server.uri()))
            .header("x-api-key", KEY)
            .header("content-type", "application/json")
            .body(r#"{"amount":4200}"#),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    assert_hidden(&e, &[KEY]);
    // A scoped token whose own limits refuse the endpoint.
    let server = respond_with(
        401,
        "application/json",
        r#"{"detail":"Endpoint interaction not permitted by token"}"#,
        &[("www-authenticate", "TmpToken")],
    )
    .await;
    let e = explained(
        c.delete(format!("{}/api/v1/reports/1042/", server.uri()))
            .header("authorization", format!("TmpToken {KEY}")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InsufficientScope), "{e}");
}

#[tokio::test]
async fn a_keys_access_level_a_signature_in_chinese_and_a_ticket_id() {
    const KEY: &str = "FAKESECRET4b7677e54c55f6df";
    let c = client();
    let server = respond(
        200,
        "application/json",
        r#"{"error":{"code":16,"error":"Access level of this key is not high enough"}}"#,
    )
    .await;
    let e = explained(c.get(format!("{}/user/?selections=log&key={KEY}", server.uri()))).await;
    assert_eq!(e.cause(), Some(Cause::InsufficientScope), "{e}");
    assert_hidden(&e, &[KEY]);
    // "签名错误": the signature is wrong, to a request that signed its query.
    let server = respond(
        200,
        "application/json;charset=UTF-8",
        r#"{"code":-1,"msg":"签名错误","data":null}"#,
    )
    .await;
    let e = explained(c.get(format!(
        "{}/appHeart?t=1676620800000&sign={KEY}957900a721d27fd2b9e8",
        server.uri()
    )))
    .await;
    assert_eq!(e.cause(), Some(Cause::SignatureMismatch), "{e}");
    // A ticket id is the occurrence to quote to support.
    let server = respond(
        403,
        "application/json",
        r#"{"code":"ERR017","message":"(User 'Guest' does not have Read and Write access to the User object 'Public / Guest'.)","ticketId":"6c37df9f617d4cb9a7c50ce9138331c8"}"#,
    )
    .await;
    let e = explained(
        c.patch(format!("{}/api/users/38A0", server.uri()))
            .header("x-mstr-authtoken", KEY),
    )
    .await;
    assert_eq!(
        e.request_id(),
        Some("6c37df9f617d4cb9a7c50ce9138331c8"),
        "{e}"
    );
}

#[tokio::test]
async fn a_retry_after_alone_on_a_403_is_a_probable_limit() {
    let c = client();
    let server = respond_with(
        403,
        "text/plain; charset=utf-8",
        "Forbidden\n",
        &[("retry-after", "1525")],
    )
    .await;
    let e = explained(
        c.post(format!("{}/v2/", server.uri()))
            .header("content-type", "application/json")
            .body(r#"{"addresses":["tcp://203.0.113.45:22000"]}"#),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::RateLimited), "{e}");
    assert_eq!(e.confidence(), Some(Confidence::Medium), "{e}");
    assert_eq!(e.retry_after_s(), Some(1525), "{e}");
}
