//! The middleware end to end: explanations attached, responses untouched.

use reqwest_auth_explain::{AuthError, AuthExplainMiddleware, Cause, Outcome, ResponseExt};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::{client, client_with};

#[tokio::test]
async fn explains_insufficient_scope_from_challenge() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/orders"))
        .respond_with(
            ResponseTemplate::new(403)
                .insert_header(
                    "www-authenticate",
                    r#"Bearer error="insufficient_scope", scope="orders:write""#,
                )
                .insert_header("x-request-id", "req_7Hq2k9")
                .set_body_string(r#"{"error":"insufficient_scope"}"#),
        )
        .mount(&server)
        .await;
    let resp = client()
        .post(format!("{}/v1/orders", server.uri()))
        .bearer_auth("opaque-FAKESECRET-token")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 403);
    let e = resp.auth_explanation().expect("explanation").clone();
    assert_eq!(e.cause(), Some(Cause::InsufficientScope));
    assert_eq!(e.required_scopes(), ["orders:write"]);
    assert_eq!(e.request_id(), Some("req_7Hq2k9"));
    let text = e.to_string();
    assert!(
        text.starts_with("error[insufficient_scope]: 403 Forbidden from 127.0.0.1: "),
        "{text}"
    );
    assert!(
        text.contains("help: grant the scope orders:write"),
        "{text}"
    );
    assert!(!text.contains("FAKESECRET"));
    // the body still reaches the caller
    assert_eq!(
        resp.text().await.unwrap(),
        r#"{"error":"insufficient_scope"}"#
    );
}

#[tokio::test]
async fn success_is_untouched() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string("hello"))
        .mount(&server)
        .await;
    let resp = client()
        .get(server.uri())
        .bearer_auth("tok")
        .send()
        .await
        .unwrap();
    assert!(resp.auth_explanation().is_none());
    assert_eq!(resp.text().await.unwrap(), "hello");
}

#[tokio::test]
async fn error_mode_round_trip_keeps_the_response() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(401)
                .insert_header(
                    "www-authenticate",
                    r#"Bearer error="invalid_token", error_description="The access token expired""#,
                )
                .insert_header("x-custom", "kept")
                .set_body_string("expired!"),
        )
        .mount(&server)
        .await;
    let c = client_with(AuthExplainMiddleware::builder().fail_on_auth_error(true));
    let err = c
        .get(server.uri())
        .bearer_auth("tok-FAKESECRET")
        .send()
        .await
        .unwrap_err();
    let auth = AuthError::from_middleware(&err).expect("auth error");
    assert_eq!(auth.explanation().cause(), Some(Cause::ExpiredCredentials));
    assert_eq!(auth.explanation().outcome(), Outcome::Explained);
    assert!(
        err.to_string()
            .starts_with("server rejected the request (401, expired_credentials)"),
        "{err}"
    );
    let auth = AuthError::try_from_middleware(err).unwrap();
    let resp = auth.into_response().unwrap();
    assert_eq!(resp.headers()["x-custom"], "kept");
    assert_eq!(resp.text().await.unwrap(), "expired!");
}

/// One loopback case per cause that the generic rules (status, challenge, body, headers)
/// decide on their own.
#[tokio::test]
async fn every_generic_cause_from_a_real_response() {
    struct Case {
        cause: Cause,
        status: u16,
        headers: &'static [(&'static str, &'static str)],
        body: &'static str,
        auth: Option<&'static str>,
    }
    const JSON_CT: &str = "application/json";
    // A server clock 30 minutes ahead, for the clock-skew case: with clocks that agree, a
    // "request time too skewed" error is a stale timestamp, not the clock.
    let ahead: &'static str = Box::leak(
        httpdate::fmt_http_date(
            std::time::SystemTime::now() + std::time::Duration::from_secs(1800),
        )
        .into_boxed_str(),
    );
    let skew_headers: &'static [(&'static str, &'static str)] = Box::leak(Box::new([
        ("content-type", "application/xml"),
        ("date", ahead),
    ]));
    let cases = [
        Case {
            cause: Cause::MissingCredentials,
            status: 401,
            headers: &[("www-authenticate", "Bearer realm=\"api\"")],
            body: "",
            auth: None,
        },
        Case {
            cause: Cause::WrongScheme,
            status: 401,
            headers: &[("www-authenticate", "Basic realm=\"WallyWorld\"")],
            body: "",
            auth: Some("Bearer abc.def"),
        },
        Case {
            cause: Cause::InvalidCredentials,
            status: 401,
            headers: &[("www-authenticate", "Bearer error=\"invalid_token\"")],
            body: "",
            auth: Some("Bearer abc"),
        },
        Case {
            cause: Cause::ExpiredCredentials,
            status: 401,
            headers: &[(
                "www-authenticate",
                "Bearer error=\"invalid_token\", error_description=\"The access token expired\"",
            )],
            body: "",
            auth: Some("Bearer abc"),
        },
        Case {
            cause: Cause::RevokedCredentials,
            status: 401,
            headers: &[("content-type", JSON_CT)],
            body: r#"{"message":"This token has been revoked"}"#,
            auth: Some("Bearer abc"),
        },
        Case {
            cause: Cause::InsufficientScope,
            status: 403,
            headers: &[(
                "www-authenticate",
                "Bearer error=\"insufficient_scope\", scope=\"a:b\"",
            )],
            body: "",
            auth: Some("Bearer abc"),
        },
        Case {
            cause: Cause::IpRestricted,
            status: 403,
            headers: &[("content-type", JSON_CT)],
            body: r#"{"error":{"message":"The provided API key has an IP address restriction."}}"#,
            auth: Some("Bearer abc"),
        },
        Case {
            cause: Cause::OriginRestricted,
            status: 403,
            headers: &[("content-type", JSON_CT)],
            body: r#"{"error":{"message":"Requests from referer <empty> are blocked."}}"#,
            auth: Some("Bearer abc"),
        },
        Case {
            cause: Cause::EndpointNotEnabled,
            status: 403,
            headers: &[("content-type", JSON_CT)],
            body: r#"{"error":{"message":"API has not been used in project 1234 before or it is disabled."}}"#,
            auth: Some("Bearer abc"),
        },
        Case {
            cause: Cause::PlanRestricted,
            status: 429,
            headers: &[("content-type", JSON_CT)],
            body: r#"{"error":{"message":"You exceeded your current quota","code":"insufficient_quota"}}"#,
            auth: Some("Bearer abc"),
        },
        Case {
            cause: Cause::AccountSuspended,
            status: 403,
            headers: &[("content-type", JSON_CT)],
            body: r#"{"message":"Your account has been suspended."}"#,
            auth: Some("Bearer abc"),
        },
        Case {
            cause: Cause::OrganizationPolicy,
            status: 403,
            headers: &[("content-type", JSON_CT)],
            body: r#"{"message":"Resource protected by organization SAML enforcement."}"#,
            auth: Some("Bearer abc"),
        },
        Case {
            cause: Cause::RateLimited,
            status: 429,
            headers: &[("retry-after", "30")],
            body: "slow down",
            auth: Some("Bearer abc"),
        },
        Case {
            cause: Cause::RateLimited,
            status: 403,
            headers: &[("x-ratelimit-remaining", "0"), ("x-ratelimit-limit", "60")],
            body: "",
            auth: Some("Bearer abc"),
        },
        Case {
            cause: Cause::ProxyAuthRequired,
            status: 407,
            headers: &[("proxy-authenticate", "Basic realm=\"proxy\"")],
            body: "",
            auth: None,
        },
        Case {
            cause: Cause::ClockSkew,
            status: 403,
            headers: skew_headers,
            body: "<Error><Code>RequestTimeTooSkewed</Code><Message>The difference between the request time and the current time is too large.</Message></Error>",
            auth: Some(
                "AWS4-HMAC-SHA256 Credential=AKIAX/20250101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=ab",
            ),
        },
        Case {
            cause: Cause::SignatureMismatch,
            status: 403,
            headers: &[("content-type", "application/xml")],
            body: "<Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided.</Message></Error>",
            auth: Some(
                "AWS4-HMAC-SHA256 Credential=AKIAX/20250101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=ab",
            ),
        },
        Case {
            cause: Cause::WrongEnvironment,
            status: 401,
            headers: &[("content-type", JSON_CT)],
            body: r#"{"error":{"message":"This key only works in test mode."}}"#,
            auth: Some("Bearer abc"),
        },
        Case {
            cause: Cause::UnknownUnauthorized,
            status: 401,
            headers: &[],
            body: "",
            auth: Some("session=abc"),
        },
        Case {
            cause: Cause::UnknownForbidden,
            status: 403,
            headers: &[],
            body: "",
            auth: Some("Bearer abc"),
        },
    ];
    let server = MockServer::start().await;
    for (i, c) in cases.iter().enumerate() {
        let mut t = ResponseTemplate::new(c.status).set_body_string(c.body);
        for (k, v) in c.headers {
            t = t.insert_header(*k, *v);
        }
        Mock::given(path(format!("/case/{i}")))
            .respond_with(t)
            .mount(&server)
            .await;
    }
    let client = client();
    for (i, c) in cases.iter().enumerate() {
        let mut req = client.get(format!("{}/case/{i}", server.uri()));
        match c.auth {
            Some(cookie) if cookie.starts_with("session=") => req = req.header("cookie", cookie),
            Some(a) => req = req.header("authorization", a),
            None => {}
        }
        let resp = req.send().await.unwrap();
        assert_eq!(resp.status().as_u16(), c.status);
        let e = resp.auth_explanation().expect("explained");
        assert_eq!(e.cause(), Some(c.cause), "case {i}: {e}");
        assert!(!e.remedies().is_empty());
    }
}

#[tokio::test]
async fn a_cross_origin_redirect_that_drops_the_credential_is_named() {
    let target = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(401).insert_header("www-authenticate", "Bearer realm=\"t\""),
        )
        .mount(&target)
        .await;
    let origin = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(301).insert_header("location", format!("{}/v2/me", target.uri())),
        )
        .mount(&origin)
        .await;
    let resp = client()
        .get(format!("{}/v1/me", origin.uri()))
        .bearer_auth("FAKESECRET-token")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.url().as_str(), format!("{}/v2/me", target.uri()));
    let e = resp.auth_explanation().unwrap();
    assert_eq!(e.cause(), Some(Cause::CredentialsDroppedOnRedirect), "{e}");
    assert!(e.summary().contains(&target.uri()), "{e}");
    // the target really received no Authorization header
    let got = target.received_requests().await.unwrap();
    assert!(got[0].headers.get("authorization").is_none());
}

#[tokio::test]
async fn json_contract_keys_and_types() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(403)
                .insert_header(
                    "www-authenticate",
                    r#"Bearer error="insufficient_scope", scope="orders:write""#,
                )
                .insert_header("request-id", "req_1"),
        )
        .mount(&server)
        .await;
    let resp = client()
        .post(format!("{}/v1/orders?api_key=FAKESECRET", server.uri()))
        .bearer_auth("FAKESECRET-opaque")
        .send()
        .await
        .unwrap();
    let v = resp.auth_explanation().unwrap().to_json();
    let obj = v.as_object().unwrap();
    for k in [
        "outcome",
        "status",
        "cause",
        "confidence",
        "summary",
        "evidence",
        "remedies",
        "method",
        "url",
        "credential",
        "findings",
        "required_scopes",
        "granted_scopes",
        "retry_after_s",
        "request_id",
        "server_message",
    ] {
        assert!(obj.contains_key(k), "missing {k}: {v}");
    }
    assert_eq!(v["outcome"], "explained");
    assert_eq!(v["status"], 403);
    assert_eq!(v["cause"], "insufficient_scope");
    // an RFC 6750 error code is direct evidence
    assert_eq!(v["confidence"], "high");
    assert_eq!(v["method"], "POST");
    assert_eq!(
        v["url"],
        format!("{}/v1/orders?api_key=REDACTED", server.uri())
    );
    assert_eq!(v["credential"]["location"], "header:authorization");
    assert_eq!(v["credential"]["scheme"], "Bearer");
    assert_eq!(v["credential"]["kind"], "opaque token");
    assert_eq!(v["credential"]["fingerprint"].as_str().unwrap().len(), 12);
    assert_eq!(v["required_scopes"], serde_json::json!(["orders:write"]));
    assert_eq!(v["request_id"], "req_1");
    assert!(v["retry_after_s"].is_null());
    assert!(!v.to_string().contains("FAKESECRET"));
}

#[tokio::test]
async fn an_auth_error_is_found_through_a_wrapper_that_keeps_it_as_source() {
    #[derive(Debug, thiserror::Error)]
    #[error("request failed after retries")]
    struct Wrapper(#[source] reqwest_middleware::Error);

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(401)
                .insert_header("www-authenticate", "Bearer error=\"invalid_token\""),
        )
        .mount(&server)
        .await;
    let c = client_with(AuthExplainMiddleware::builder().fail_on_auth_error(true));
    let err = c
        .get(server.uri())
        .bearer_auth("t")
        .send()
        .await
        .unwrap_err();
    let wrapped = reqwest_middleware::Error::middleware(Wrapper(err));
    let auth = AuthError::from_middleware(&wrapped).expect("found through the wrapper");
    assert_eq!(auth.explanation().cause(), Some(Cause::InvalidCredentials));
}

/// With no subscriber for its WARN event, the middleware diagnoses a failure the first time
/// the caller asks; with one, as the response arrives. The caller sees the same explanation
/// either way, and the same bytes.
#[tokio::test]
async fn deferred_and_immediate_explanations_agree() {
    let server = MockServer::start().await;
    let body =
        r#"{"error":"invalid_token","error_description":"The access token expired","id":"r-1"}"#;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(401)
                .insert_header(
                    "www-authenticate",
                    r#"Bearer realm="api", error="invalid_token", error_description="The access token expired""#,
                )
                .insert_header("x-request-id", "req_1a2b3c")
                .set_body_string(body),
        )
        .mount(&server)
        .await;
    let url = format!("{}/v1/items?page=2", server.uri());
    let send = |c: reqwest_middleware::ClientWithMiddleware| {
        let url = url.clone();
        async move {
            c.get(&url)
                .bearer_auth("opaque-FAKESECRET-token-0123")
                .send()
                .await
                .unwrap()
        }
    };

    let deferred = send(client()).await;
    let later = deferred.auth_explanation().expect("explained").clone();
    // Asking again gives the same (computed once) explanation.
    assert!(std::ptr::eq(
        deferred.auth_explanation().unwrap(),
        deferred.auth_explanation().unwrap()
    ));
    assert_eq!(deferred.bytes().await.unwrap(), body.as_bytes());

    let logs = crate::helpers::capture_logs();
    let immediate = send(client()).await;
    assert_eq!(logs.lines_at("WARN").len(), 1, "{}", logs.text());
    let now = immediate.auth_explanation().expect("explained").clone();
    assert_eq!(immediate.bytes().await.unwrap(), body.as_bytes());

    assert_eq!(later.cause(), Some(Cause::ExpiredCredentials));
    assert_eq!(later.to_json(), now.to_json());
    assert_eq!(later.to_string(), now.to_string());

    // Asked for only after the response's headers changed: what the caller holds then.
    drop(logs);
    let mut edited = send(client()).await;
    edited.headers_mut().remove("x-request-id");
    assert_eq!(edited.auth_explanation().unwrap().request_id(), None);
    assert_eq!(later.request_id(), Some("req_1a2b3c"));
}

/// An application that answers an API call it does not accept with a redirect to its own
/// sign-in page: the page arrives as a 200, and the explanation says what it stands for. A
/// redirect elsewhere, or a request for the sign-in page itself, is no failure.
#[tokio::test]
async fn a_redirect_to_the_applications_own_sign_in_page_is_explained() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/projects/p1/checks/"))
        .respond_with(
            ResponseTemplate::new(302)
                .insert_header("location", "/accounts/login/?next=/projects/p1/checks/"),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/projects/p1/moved/"))
        .respond_with(ResponseTemplate::new(302).insert_header("location", "/projects/p1/"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            "<html><title>Sign in</title><form>…</form></html>",
            "text/html; charset=utf-8",
        ))
        .mount(&server)
        .await;
    let get = |p: &str, key: Option<&str>| {
        let mut b = client().get(format!("{}{p}", server.uri()));
        if let Some(k) = key {
            b = b.header("x-api-key", k);
        }
        b.send()
    };
    let resp = get("/projects/p1/checks/", Some("FAKESECRETa9b8c7d6e5f4a3b2c1"))
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let e = resp.auth_explanation().expect("explained");
    assert_eq!(e.cause(), Some(Cause::WrongScheme), "{e}");
    assert!(e.summary().contains("sign-in page"), "{e}");
    assert!(resp.text().await.unwrap().contains("Sign in"));
    let resp = get("/projects/p1/checks/", None).await.unwrap();
    let e = resp.auth_explanation().expect("explained");
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    // Not a sign-in page, or the sign-in page asked for: nothing to explain.
    let resp = get("/projects/p1/moved/", Some("FAKESECRETa9b8c7d6e5f4a3b2c1"))
        .await
        .unwrap();
    assert!(resp.auth_explanation().is_none());
    let resp = get("/accounts/login/", None).await.unwrap();
    assert!(resp.auth_explanation().is_none());
}
