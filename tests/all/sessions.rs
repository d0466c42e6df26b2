//! Sign-ins and sessions: a form login refused by its redirect, its form again or a bare
//! failure envelope; a sign-up's rules; an unknown account; a session timed out (440); an
//! access-denied page; a second factor asked for. Each output is checked for the password or
//! session the request carried.

use reqwest_auth_explain::{AuthExplainMiddleware, Cause, ResponseExt};

use crate::helpers::{
    assert_hidden, client_with, client_without_redirects, explained, respond, respond_with,
};

#[tokio::test]
async fn a_form_login_redirected_to_its_error_page_was_refused() {
    use wiremock::matchers::{method, path, query_param};
    use wiremock::{Mock, MockServer, ResponseTemplate};
    const PASSWORD: &str = "FAKESECRETdanaPw42";
    let form = format!("username=dana&password={PASSWORD}");
    let c = client_without_redirects(AuthExplainMiddleware::builder());
    // Handed on unfollowed: Spring Security's `failureUrl` (`/login?error`), Auth.js's
    // `?error=CredentialsSignin` on another path, Rundeck's `/user/error`.
    for location in [
        "/login?error",
        "/auth/signin?error=CredentialsSignin&code=credentials",
        "/user/error",
    ] {
        let server = respond_with(302, "", "", &[("location", location)]).await;
        let resp = c
            .post(format!("{}/login", server.uri()))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 302);
        let e = resp
            .auth_explanation()
            .unwrap_or_else(|| panic!("{location} explained"))
            .clone();
        assert_eq!(
            e.cause(),
            Some(Cause::InvalidCredentials),
            "{location}: {e}"
        );
        assert_hidden(&e, &[PASSWORD]);
    }
    // The redirect's words name a state of the account.
    let server = respond_with(302, "", "", &[("location", "/login?error=AccountLocked")]).await;
    let e = explained(
        c.post(format!("{}/login", server.uri()))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form.clone()),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::AccountSuspended), "{e}");
    // A sign-in that goes on to the application succeeded; a form without a password sent
    // back with an error is its own validation.
    let server = respond_with(302, "", "", &[("location", "/dashboard")]).await;
    let resp = c
        .post(format!("{}/login", server.uri()))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form.clone())
        .send()
        .await
        .unwrap();
    assert!(resp.auth_explanation().is_none());
    let server = respond_with(302, "", "", &[("location", "/comments?error=too_short")]).await;
    let resp = c
        .post(format!("{}/comments", server.uri()))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("author=dana&text=hi")
        .send()
        .await
        .unwrap();
    assert!(
        resp.auth_explanation().is_none(),
        "{:?}",
        resp.auth_explanation().map(|e| e.to_string())
    );
    // Followed by the client: the error page is the response.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/login"))
        .respond_with(ResponseTemplate::new(302).insert_header("location", "/login?error"))
        .mount(&server)
        .await;
    let page = "<html><body><form method=post><input name=username></form></body></html>";
    Mock::given(method("GET"))
        .and(path("/login"))
        .and(query_param("error", ""))
        .respond_with(ResponseTemplate::new(200).set_body_raw(page, "text/html"))
        .mount(&server)
        .await;
    let resp = client_with(AuthExplainMiddleware::builder())
        .post(format!("{}/login", server.uri()))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let e = resp.auth_explanation().expect("explained").clone();
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &[PASSWORD]);
    assert_eq!(resp.text().await.unwrap(), page);
}

#[tokio::test]
async fn a_form_login_answered_with_its_form_again_was_refused() {
    const PASSWORD: &str = "FAKESECRETerinPw77";
    let form = format!("username=erin&password={PASSWORD}");
    let c = client_with(AuthExplainMiddleware::builder());
    let page = r#"<html><head><title>Log in</title></head><body><p class="errornote">Please enter the correct username and password.</p><form method="post"><input type="text" name="username"><input type="password" name="password"></form></body></html>"#;
    // Django's login view answers 200, SQLAdmin's 400: the same form, again.
    for status in [200, 400] {
        let server = respond(status, "text/html; charset=utf-8", page).await;
        let resp = c
            .post(format!("{}/admin/login/", server.uri()))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form.clone())
            .send()
            .await
            .unwrap();
        let e = resp
            .auth_explanation()
            .unwrap_or_else(|| panic!("{status} explained"))
            .clone();
        assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{status}: {e}");
        assert_hidden(&e, &[PASSWORD]);
        assert_eq!(resp.text().await.unwrap(), page);
    }
    // The words name the account's state.
    let locked = page.replace(
        "Please enter the correct username and password.",
        "This account is locked.",
    );
    let server = respond(200, "text/html", &locked).await;
    let e = explained(
        c.post(format!("{}/admin/login/", server.uri()))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form.clone()),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::AccountSuspended), "{e}");
    // A page without a password field (the application, signed in), and a form that did not
    // sign in, are no refusal.
    let home = "<html><body><h1>Dashboard</h1><p>Welcome back.</p></body></html>";
    let server = respond(200, "text/html", home).await;
    let resp = c
        .post(format!("{}/admin/login/", server.uri()))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form.clone())
        .send()
        .await
        .unwrap();
    assert!(resp.auth_explanation().is_none());
    let server = respond(200, "text/html", page).await;
    let resp = c
        .post(format!("{}/search", server.uri()))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("q=passport")
        .send()
        .await
        .unwrap();
    assert!(resp.auth_explanation().is_none());
}

#[tokio::test]
async fn a_sign_in_answered_with_a_bare_failure_was_refused_and_a_sign_up_was_not() {
    const PASSWORD: &str = "FAKESECRETrcpw2025";
    let c = client_with(AuthExplainMiddleware::builder());
    // Redis Commander's `{"ok":false}`, qBittorrent's "Fails.": a sign-in refused.
    for (ct, body) in [
        ("application/json", r#"{"ok":false}"#),
        ("text/plain", "Fails."),
    ] {
        let server = respond(200, ct, body).await;
        let resp = c
            .post(format!("{}/signin", server.uri()))
            .header("content-type", "application/json")
            .body(format!(r#"{{"username":"ops","password":"{PASSWORD}"}}"#))
            .send()
            .await
            .unwrap();
        let e = resp
            .auth_explanation()
            .unwrap_or_else(|| panic!("{body} explained"))
            .clone();
        assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{body}: {e}");
        assert_hidden(&e, &[PASSWORD]);
        assert_eq!(resp.text().await.unwrap(), body);
    }
    // The same answer to a call that signs nothing in is its own business.
    let server = respond(200, "application/json", r#"{"ok":false}"#).await;
    let resp = c
        .post(format!("{}/jobs", server.uri()))
        .header("content-type", "application/json")
        .body(r#"{"name":"nightly"}"#)
        .send()
        .await
        .unwrap();
    assert!(resp.auth_explanation().is_none());
    // A sign-up's "invalid_password" judges the new password's rules, not a credential.
    let server = respond(400, "application/json", r#"{"error":"invalid_password"}"#).await;
    let resp = c
        .post(format!("{}/api/v3/user/register", server.uri()))
        .header("content-type", "application/json")
        .body(format!(
            r#"{{"username":"wren","password":"{PASSWORD}","password_verify":"{PASSWORD}"}}"#
        ))
        .send()
        .await
        .unwrap();
    assert!(resp.auth_explanation().is_none());
}

#[tokio::test]
async fn a_sign_in_told_its_account_does_not_exist_or_needs_a_second_factor() {
    const PASSWORD: &str = "FAKESECRETkaiPw99";
    let c = client_with(AuthExplainMiddleware::builder());
    let server = respond(
        404,
        "application/json",
        r#"{"message":"Account with this email does not exist.","code":404,"data":"NotFoundError"}"#,
    )
    .await;
    let e = explained(
        c.post(format!("{}/api/v1/auth/login", server.uri()))
            .basic_auth("kai@example.com", Some(PASSWORD)),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &[PASSWORD]);
    // A 404 "does not exist" to a request that signs nothing in is the resource's.
    let resp = c
        .get(format!("{}/api/v1/users/42", server.uri()))
        .bearer_auth("FAKESECRETtok0123456789")
        .send()
        .await
        .unwrap();
    assert!(resp.auth_explanation().is_none());
    // Homebridge asks a sign-in for its second factor with a 412.
    let server = respond(
        412,
        "application/json",
        r#"{"statusCode":412,"message":"2FA Code Required"}"#,
    )
    .await;
    let e = explained(
        c.post(format!("{}/api/auth/login", server.uri()))
            .header("content-type", "application/json")
            .body(format!(r#"{{"username":"owner","password":"{PASSWORD}"}}"#)),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::OrganizationPolicy), "{e}");
    assert_hidden(&e, &[PASSWORD]);
}

#[tokio::test]
async fn a_login_timeout_reads_the_session_that_was_sent() {
    const SESSION: &str = "FAKESECRET5f0e2c9a81b34d7e6a";
    let c = client_with(AuthExplainMiddleware::builder());
    let server = respond_with(440, "", "", &[]).await;
    let e = explained(
        c.get(format!("{}/api/account/12", server.uri()))
            .header("cookie", format!("ZKL_SESSION={SESSION}")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::ExpiredCredentials), "{e}");
    assert_hidden(&e, &[SESSION]);
    // No reason phrase of its own: the status line is not padded.
    assert!(e.to_string().contains("440 from"), "{e}");
    // Basic to a forms-login route (Outlook Web Access) is the wrong way in.
    let e = explained(
        c.post(format!("{}/owa/", server.uri()))
            .basic_auth("m.rossi", Some("FAKESECRET-Winter")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::WrongScheme), "{e}");
    assert_hidden(&e, &["FAKESECRET-Winter"]);
}

#[tokio::test]
async fn a_redirect_to_the_access_denied_page_is_a_permission_of_the_signed_in_caller() {
    const SESSION: &str = "CfDJ8FAKESECRETq0Lm2";
    let c = client_without_redirects(AuthExplainMiddleware::builder());
    let server = respond_with(
        302,
        "",
        "",
        &[(
            "location",
            "/Account/AccessDenied?ReturnUrl=%2Fapi%2Forders%2Fgrid",
        )],
    )
    .await;
    let resp = c
        .post(format!("{}/api/orders/grid", server.uri()))
        .header(
            "cookie",
            format!(".AspNetCore.Identity.Application={SESSION}"),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 302);
    let e = resp.auth_explanation().expect("explained").clone();
    assert_eq!(e.cause(), Some(Cause::InsufficientScope), "{e}");
    assert_hidden(&e, &[SESSION]);
    // Without a credential, the page is no verdict on one.
    let resp = c
        .post(format!("{}/api/orders/grid", server.uri()))
        .send()
        .await
        .unwrap();
    assert!(resp.auth_explanation().is_none());
}

#[tokio::test]
async fn an_error_redirect_speaks_through_its_location_and_a_419_is_a_session_ended() {
    const SESSION: &str = "eyJhbGciOiJIUzI1NiJ9.FAKESECRETsess";
    let c = client_without_redirects(AuthExplainMiddleware::builder());
    let server = respond_with(
        302,
        "text/html; charset=utf-8",
        "",
        &[(
            "location",
            "/interaction/error?error=You+are+not+allowed+to+access+this+service.",
        )],
    )
    .await;
    let resp = c
        .get(format!("{}/authorize?client_id=grafana", server.uri()))
        .header("cookie", format!("__Host-access_token={SESSION}"))
        .send()
        .await
        .unwrap();
    let e = resp.auth_explanation().expect("explained").clone();
    assert_eq!(e.cause(), Some(Cause::InsufficientScope), "{e}");
    assert_hidden(&e, &[SESSION]);
    // Laravel's 419: the session behind the CSRF token ended (both the cookie and its header
    // went).
    const XSRF: &str = "eyJpdiI6IkZBS0VTRUNSRVQiLCJ2YWx1ZSI6Im1pc21hdGNoIn0";
    let server = respond(
        419,
        "application/json",
        r#"{"message":"CSRF token mismatch."}"#,
    )
    .await;
    let c = client_with(AuthExplainMiddleware::builder());
    let e = explained(
        c.post(format!("{}/auth/logout", server.uri()))
            .header("x-xsrf-token", XSRF)
            .header("cookie", format!("XSRF-TOKEN={XSRF}")),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::ExpiredCredentials), "{e}");
    assert_hidden(&e, &[XSRF]);
}

#[tokio::test]
async fn a_laravel_sign_in_refused_on_its_identifier_is_no_validation_error() {
    const PASSWORD: &str = "FAKESECRETSpring2026!";
    let c = client_with(AuthExplainMiddleware::builder());
    let server = respond(
        422,
        "application/json",
        r#"{"message":"The given data was invalid.","errors":{"email":["These credentials do not match our records."]}}"#,
    )
    .await;
    let e = explained(
        c.post(format!("{}/login", server.uri()))
            .header("content-type", "application/json")
            .body(format!(
                r#"{{"email":"billing@example.com","password":"{PASSWORD}","remember":false}}"#
            )),
    )
    .await;
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_hidden(&e, &[PASSWORD]);
    // The same answer to a form that signs nothing in is a validation error.
    let server = respond(
        422,
        "application/json",
        r#"{"message":"The given data was invalid.","errors":{"email":["The email must be a valid email address."]}}"#,
    )
    .await;
    let resp = c
        .post(format!("{}/newsletter", server.uri()))
        .header("content-type", "application/json")
        .body(r#"{"email":"not-an-address"}"#)
        .send()
        .await
        .unwrap();
    assert!(resp.auth_explanation().is_none());
}
