//! Pre-flight end to end: what the server receives in each mode, refusals that send nothing,
//! credential sources, and findings that decide the explanation.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use http::header::{AUTHORIZATION, COOKIE};
use http::{HeaderMap, HeaderValue};
use reqwest_auth_explain::{
    AuthError, AuthErrorKind, AuthExplainMiddleware, BuildErrorKind, Cause, CredentialSource,
    Environment, Outcome, Preflight, ResponseExt, Secret, Severity,
};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::{capture_logs, client_resolving, client_with};

async fn server(status: u16) -> MockServer {
    let s = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(status))
        .mount(&s)
        .await;
    s
}

async fn server_401(www_authenticate: &str, body: &str) -> MockServer {
    let s = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(401)
                .insert_header("www-authenticate", www_authenticate)
                .set_body_string(body),
        )
        .mount(&s)
        .await;
    s
}

/// The header values the server received, one entry per request.
async fn received(s: &MockServer, name: &str) -> Vec<Option<Vec<u8>>> {
    s.received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .map(|r| r.headers.get(name).map(|v| v.as_bytes().to_vec()))
        .collect()
}

fn header(v: &[u8]) -> HeaderValue {
    HeaderValue::from_bytes(v).unwrap()
}

/// `bearer "FAKEtok0123"` with a zero-width space: three repairable problems.
const MESSY: &[u8] = b"bearer \"FAKEtok\xE2\x80\x8B0123\"";

fn jwt(claims: &str) -> String {
    format!(
        "eyJhbGciOiJIUzI1NiJ9.{}.RkFLRVNJRw",
        URL_SAFE_NO_PAD.encode(claims)
    )
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

fn unique(name: &str) -> String {
    format!(
        "REQWEST_AUTH_EXPLAIN_TEST_{name}_{}_{}",
        std::process::id(),
        now()
    )
}

#[tokio::test]
async fn repair_sends_the_repaired_header() {
    let s = server(200).await;
    let logs = capture_logs();
    let resp = client_with(AuthExplainMiddleware::builder())
        .get(s.uri())
        .header(AUTHORIZATION, header(MESSY))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(
        received(&s, "authorization").await,
        [Some(b"Bearer FAKEtok0123".to_vec())]
    );
    // One WARN per repair, and none of them quotes the token.
    let warns = logs.lines_at("WARN");
    assert_eq!(warns.len(), 3, "{warns:#?}");
    for code in ["invisible_character", "quoted_token", "scheme_case"] {
        assert!(warns.iter().any(|l| l.contains(code)), "{code}: {warns:#?}");
    }
    assert!(!logs.text().contains("FAKEtok"), "{}", logs.text());
}

#[tokio::test]
async fn observe_sends_the_bytes_as_given() {
    let s = server(200).await;
    let c = client_with(AuthExplainMiddleware::builder().preflight(Preflight::Observe));
    let resp = c
        .get(s.uri())
        .header(AUTHORIZATION, header(MESSY))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(received(&s, "authorization").await, [Some(MESSY.to_vec())]);
}

#[tokio::test]
async fn strict_sends_nothing() {
    let s = server(200).await;
    let logs = capture_logs();
    let c = client_with(AuthExplainMiddleware::builder().preflight(Preflight::Strict));
    let err = c
        .get(format!("{}/v1/me?color=blue", s.uri()))
        .bearer_auth("YOUR_API_KEY")
        .send()
        .await
        .unwrap_err();
    assert!(s.received_requests().await.unwrap().is_empty());

    let auth = AuthError::from_middleware(&err).expect("an AuthError");
    assert_eq!(auth.kind(), AuthErrorKind::Refused);
    assert!(auth.is_refused());
    assert!(auth.response().is_none());
    let e = auth.explanation();
    assert_eq!(e.outcome(), Outcome::Refused);
    assert_eq!(e.status(), None);
    assert_eq!(e.cause(), Some(Cause::PlaceholderCredentials));
    assert_eq!(e.findings()[0].code, "placeholder");
    assert_eq!(e.findings()[0].severity, Severity::Error);
    assert_eq!(
        e.credential().unwrap().location.to_string(),
        "header:authorization"
    );
    assert_eq!(e.to_json()["outcome"], "refused");
    assert_eq!(e.to_json()["status"], serde_json::Value::Null);
    assert!(
        err.to_string()
            .starts_with("request refused before sending (placeholder_credentials): "),
        "{err}"
    );
    let text = e.to_string();
    assert!(
        text.starts_with(
            "error[placeholder_credentials]: request to 127.0.0.1 refused before sending: "
        ),
        "{text}"
    );
    // Exactly one ERROR event, naming the cause and never the value.
    let errors = logs.lines_at("ERROR");
    assert_eq!(errors.len(), 1, "{}", logs.text());
    assert!(
        errors[0].contains("placeholder_credentials"),
        "{}",
        errors[0]
    );
    assert!(!logs.text().contains("YOUR_API_KEY"), "{}", logs.text());
}

#[tokio::test]
async fn strict_refuses_repairable_problems_too() {
    let s = server(200).await;
    let c = client_with(AuthExplainMiddleware::builder().preflight(Preflight::Strict));
    let err = c
        .get(s.uri())
        .header(AUTHORIZATION, header(MESSY))
        .send()
        .await
        .unwrap_err();
    let e = AuthError::from_middleware(&err).unwrap().explanation();
    assert_eq!(e.cause(), Some(Cause::MalformedCredentials));
    assert!(e.findings().iter().all(|f| f.severity == Severity::Error));
    assert!(s.received_requests().await.unwrap().is_empty());

    // Warnings alone do not refuse.
    let resp = c
        .get(format!("{}/?api_key=0123456789abcdef", s.uri()))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
}

#[tokio::test]
async fn every_strict_refusal_names_a_cause() {
    // A credential over plaintext http to a host that is not loopback. The host resolves to
    // the loopback mock server, so nothing leaves the machine even if it were sent.
    let s = server(200).await;
    let addr = *s.address();
    let url = format!("http://api.example.test:{}/v1", addr.port());
    let strict = client_resolving(
        "api.example.test",
        addr,
        AuthExplainMiddleware::builder().preflight(Preflight::Strict),
    );
    let err = strict
        .get(&url)
        .bearer_auth("0123456789abcdef0123456789abcdef")
        .send()
        .await
        .unwrap_err();
    let e = AuthError::from_middleware(&err).unwrap().explanation();
    assert_eq!(e.cause(), Some(Cause::InsecureTransport));
    assert_eq!(e.to_json()["cause"], "insecure_transport");
    assert_eq!(e.findings()[0].code, "plaintext_http");
    let shown = e.to_string();
    assert!(shown.starts_with("error[insecure_transport]: "), "{shown}");
    assert!(
        shown.lines().all(|l| l == l.trim_end()),
        "trailing whitespace: {shown:?}"
    );
    assert!(e.summary().contains("plaintext http://"), "{}", e.summary());
    assert!(s.received_requests().await.unwrap().is_empty());

    // Repair reports it and sends the request where it was addressed: never upgraded.
    let repair = client_resolving("api.example.test", addr, AuthExplainMiddleware::builder());
    let resp = repair
        .get(&url)
        .bearer_auth("0123456789abcdef0123456789abcdef")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.url().scheme(), "http");
    assert_eq!(s.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn per_request_override() {
    let s = server(200).await;
    let c = client_with(AuthExplainMiddleware::builder()); // Repair
    let err = c
        .get(s.uri())
        .header(AUTHORIZATION, header(MESSY))
        .with_extension(Preflight::Strict)
        .send()
        .await
        .unwrap_err();
    assert!(AuthError::from_middleware(&err).unwrap().is_refused());
    assert!(s.received_requests().await.unwrap().is_empty());

    c.get(s.uri())
        .header(AUTHORIZATION, header(MESSY))
        .with_extension(Preflight::Observe)
        .send()
        .await
        .unwrap();
    c.get(s.uri())
        .header(AUTHORIZATION, header(MESSY))
        .send()
        .await
        .unwrap();
    assert_eq!(
        received(&s, "authorization").await,
        [Some(MESSY.to_vec()), Some(b"Bearer FAKEtok0123".to_vec())]
    );

    // And the other way round: a Strict client lets one request through in Observe.
    let strict = client_with(AuthExplainMiddleware::builder().preflight(Preflight::Strict));
    let resp = strict
        .get(s.uri())
        .bearer_auth("YOUR_API_KEY")
        .with_extension(Preflight::Observe)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
}

#[tokio::test]
async fn expired_jwt_explains_a_bare_invalid_token() {
    let s = server_401(r#"Bearer error="invalid_token""#, "").await;
    let token = jwt(&format!(r#"{{"sub":"u1","exp":{}}}"#, now() - 3600));
    let resp = client_with(AuthExplainMiddleware::builder())
        .get(s.uri())
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    let e = resp.auth_explanation().expect("explained");
    assert_eq!(e.cause(), Some(Cause::ExpiredCredentials));
    assert!(
        e.evidence()
            .iter()
            .any(|l| l
                .starts_with("pre-flight [jwt_expired] on header:authorization: the JWT expired")),
        "{:#?}",
        e.evidence()
    );
    assert!(!e.to_string().contains(&token));
    // The request was sent: an expired token is reported, not refused, outside Strict.
    assert_eq!(s.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn placeholder_explains_any_401() {
    let s = server_401(r#"Bearer realm="api""#, r#"{"message":"Invalid API key"}"#).await;
    for key in ["undefined", "${API_KEY}", "sk_live_…"] {
        let c = client_with(AuthExplainMiddleware::builder());
        let resp = c
            .get(s.uri())
            .header("x-api-key", header(key.as_bytes()))
            .send()
            .await
            .unwrap();
        let e = resp.auth_explanation().expect("explained");
        assert_eq!(e.cause(), Some(Cause::PlaceholderCredentials), "{key}");
    }
    // `Authorization: None`: placeholder beats missing_scheme.
    let resp = client_with(AuthExplainMiddleware::builder())
        .get(s.uri())
        .header(AUTHORIZATION, "None")
        .send()
        .await
        .unwrap();
    let e = resp.auth_explanation().unwrap();
    assert_eq!(e.cause(), Some(Cause::PlaceholderCredentials));
    let codes: Vec<&str> = e.findings().iter().map(|f| f.code).collect();
    assert_eq!(codes, ["missing_scheme", "placeholder"]);
}

#[tokio::test]
async fn a_placeholder_in_a_cookie_explains_the_401_and_a_cookies_own_words_do_not() {
    let s = server_401("", r#"{"notauthorized":"true"}"#).await;
    for cookie in [
        "token=${PCSD_TOKEN}",
        "lang=en; session_id=undefined",
        "sid=<session id>",
    ] {
        let resp = client_with(AuthExplainMiddleware::builder())
            .get(s.uri())
            .header(COOKIE, cookie)
            .send()
            .await
            .unwrap();
        let e = resp.auth_explanation().expect("explained");
        assert_eq!(e.cause(), Some(Cause::PlaceholderCredentials), "{cookie}");
        let f = &e.findings()[0];
        assert_eq!(f.code, "placeholder", "{cookie}");
        assert!(f.location.to_string().starts_with("cookie:"), "{cookie}");
    }
    // Short words and `none` in cookies that hold no credential are the server's own values;
    // a real session id is not judged.
    let resp = client_with(AuthExplainMiddleware::builder())
        .get(s.uri())
        .header(COOKIE, "theme=none; consent=null; SWID={5E6F7A8B-4A1B-9C2D-5E6F-7A8B9C0D1E2F}; sessionid=FAKESECRETq8n3v0x7k2m5")
        .send()
        .await
        .unwrap();
    let e = resp.auth_explanation().expect("explained");
    assert!(e.findings().is_empty(), "{:?}", e.findings());
    assert_ne!(e.cause(), Some(Cause::PlaceholderCredentials));
    assert!(!e.to_string().contains("FAKESECRETq8n3v0x7k2m5"));
}

#[tokio::test]
async fn misspelled_header_explains_the_401() {
    let s = server_401(r#"Bearer realm="api""#, "").await;
    let resp = client_with(AuthExplainMiddleware::builder())
        .get(s.uri())
        .header("authorisation", "Bearer 0123456789abcdef")
        .send()
        .await
        .unwrap();
    let e = resp.auth_explanation().unwrap();
    assert_eq!(e.cause(), Some(Cause::MissingCredentials));
    assert!(
        e.evidence()
            .iter()
            .any(|l| l.contains("did you mean Authorization?")),
        "{:#?}",
        e.evidence()
    );
}

#[tokio::test]
async fn test_key_in_production_is_refused_in_strict() {
    let s = server(200).await;
    let mw = || {
        AuthExplainMiddleware::builder()
            .environment(Environment::Production)
            .preflight(Preflight::Strict)
    };
    let err = client_with(mw())
        .get(s.uri())
        .bearer_auth("sk_test_4eC39HqLyjWDarjtT1zdp7dc")
        .send()
        .await
        .unwrap_err();
    let e = AuthError::from_middleware(&err).unwrap().explanation();
    assert_eq!(e.cause(), Some(Cause::WrongEnvironment));
    client_with(mw())
        .get(s.uri())
        .bearer_auth("sk_live_4eC39HqLyjWDarjtT1zdp7dc")
        .send()
        .await
        .unwrap();
    assert_eq!(s.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn duplicate_authorization_is_refused_in_strict() {
    let s = server(200).await;
    let c = client_with(AuthExplainMiddleware::builder().preflight(Preflight::Strict));
    let mut h = HeaderMap::new();
    h.append(AUTHORIZATION, header(b"Bearer 0123456789abcdef"));
    h.append(AUTHORIZATION, header(b"Bearer fedcba9876543210"));
    let err = c.get(s.uri()).headers(h).send().await.unwrap_err();
    let e = AuthError::from_middleware(&err).unwrap().explanation();
    assert_eq!(e.cause(), Some(Cause::MalformedCredentials));
    assert_eq!(e.findings()[0].code, "duplicate_authorization");
    assert!(s.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn client_default_headers_are_named_as_the_blind_spot() {
    let s = server_401(r#"Bearer realm="api""#, "").await;
    let mut defaults = HeaderMap::new();
    defaults.insert(AUTHORIZATION, header(b"Bearer 0123456789abcdef"));
    let inner = || {
        reqwest::Client::builder()
            .default_headers(defaults.clone())
            .build()
            .unwrap()
    };

    let told = reqwest_middleware::ClientBuilder::new(inner())
        .with(
            AuthExplainMiddleware::builder()
                .client_default_credential_headers(["authorization"])
                .build(),
        )
        .build();
    let resp = told.get(s.uri()).send().await.unwrap();
    let e = resp.auth_explanation().unwrap();
    assert_eq!(e.cause(), Some(Cause::MissingCredentials));
    assert!(
        e.summary()
            .contains("the client adds authorization through its default headers"),
        "{}",
        e.summary()
    );
    assert!(e.findings().is_empty());

    let untold = reqwest_middleware::ClientBuilder::new(inner())
        .with(AuthExplainMiddleware::default())
        .build();
    let resp = untold.get(s.uri()).send().await.unwrap();
    let e = resp.auth_explanation().unwrap();
    assert!(
        e.summary()
            .contains("or it was added by the client's default headers"),
        "{}",
        e.summary()
    );
    assert!(
        e.remedies()
            .iter()
            .any(|r| r.contains(".client_default_credential_headers")),
        "{:#?}",
        e.remedies()
    );
    // The server did receive the header the middleware could not see.
    assert_eq!(
        received(&s, "authorization").await,
        [
            Some(b"Bearer 0123456789abcdef".to_vec()),
            Some(b"Bearer 0123456789abcdef".to_vec())
        ]
    );
}

// ---- credential sources ---------------------------------------------------------------------

#[tokio::test]
async fn env_source_is_injected_and_named() {
    let var = unique("ENV");
    // SAFETY: the name is unique to this test and process, and no other thread reads it.
    unsafe { std::env::set_var(&var, "FAKE0123456789abcdef\n") };
    let s = server_401(r#"Bearer error="invalid_token""#, "").await;
    let c = client_with(
        AuthExplainMiddleware::builder()
            .credential(CredentialSource::env(&var).bearer().for_host("127.0.0.1")),
    );
    let resp = c.get(s.uri()).send().await.unwrap();
    assert_eq!(
        received(&s, "authorization").await,
        [Some(b"Bearer FAKE0123456789abcdef".to_vec())]
    );
    let e = resp.auth_explanation().unwrap();
    let cred = e.credential().unwrap();
    assert_eq!(
        cred.source.as_deref(),
        Some(format!("env var {var}").as_str())
    );
    assert_eq!(
        e.to_json()["credential"]["source"],
        format!("env var {var}")
    );
    assert!(e.to_string().contains(&format!("from env var {var}")));
    assert!(!e.to_string().contains("FAKE0123"));

    // A request that brings its own Authorization keeps it.
    c.get(s.uri())
        .bearer_auth("fedcba9876543210")
        .send()
        .await
        .unwrap();
    assert_eq!(
        received(&s, "authorization").await[1].as_deref(),
        Some(&b"Bearer fedcba9876543210"[..])
    );
    // SAFETY: as above.
    unsafe { std::env::remove_var(&var) };
}

#[tokio::test]
async fn sources_go_only_to_their_host() {
    let s = server(200).await;
    let addr = *s.address();
    let mw = || {
        AuthExplainMiddleware::builder().credential(
            CredentialSource::value(Secret::new("FAKE-key-0123456789"))
                .header("x-api-key")
                .for_host("api.example.test"),
        )
    };
    // The loopback address is not api.example.test: nothing is added.
    client_with(mw()).get(s.uri()).send().await.unwrap();
    // The same server under the configured name: the key is added.
    let named = client_resolving("api.example.test", addr, mw());
    named
        .get(format!("http://api.example.test:{}/", addr.port()))
        .with_extension(Preflight::Observe)
        .send()
        .await
        .unwrap();
    assert_eq!(
        received(&s, "x-api-key").await,
        [None, Some(b"FAKE-key-0123456789".to_vec())]
    );
}

#[tokio::test]
async fn file_source_follows_rotation() {
    let dir = std::env::temp_dir().join(unique("file").to_lowercase());
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("api-key");
    std::fs::write(&path, "FAKE-first-0123456789\n").unwrap();
    let s = server(200).await;
    let c = client_with(
        AuthExplainMiddleware::builder().credential(
            CredentialSource::file(&path)
                .scheme("token")
                .for_host("127.0.0.1"),
        ),
    );
    c.get(s.uri()).send().await.unwrap();

    std::fs::write(&path, "FAKE-rotated-0123456789\n").unwrap();
    // Make the change visible even on file systems with coarse timestamps.
    let f = std::fs::File::options().write(true).open(&path).unwrap();
    f.set_modified(SystemTime::now() + Duration::from_secs(5))
        .unwrap();
    drop(f);
    c.get(s.uri()).send().await.unwrap();
    assert_eq!(
        received(&s, "authorization").await,
        [
            Some(b"token FAKE-first-0123456789".to_vec()),
            Some(b"token FAKE-rotated-0123456789".to_vec())
        ]
    );

    // Gone: matching requests are refused, naming the file.
    std::fs::remove_dir_all(&dir).unwrap();
    let err = c.get(s.uri()).send().await.unwrap_err();
    let e = AuthError::from_middleware(&err).unwrap().explanation();
    assert_eq!(e.cause(), Some(Cause::MissingCredentials));
    assert!(e.summary().starts_with("file "), "{}", e.summary());
    assert!(e.summary().contains("cannot be read"), "{}", e.summary());
    assert_eq!(s.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn broken_source_fails_try_build_and_refuses_with_build() {
    let var = unique("UNSET");
    let src = || CredentialSource::env(&var).for_host("127.0.0.1");
    let err = AuthExplainMiddleware::builder()
        .credential(src())
        .try_build()
        .unwrap_err();
    assert_eq!(err.kind(), BuildErrorKind::Unset);
    assert_eq!(err.to_string(), format!("env var {var} is not set"));

    let s = server(200).await;
    let logs = capture_logs();
    // Even in Observe: without its credential the request could only earn a 401.
    let c = client_with(
        AuthExplainMiddleware::builder()
            .preflight(Preflight::Observe)
            .credential(src()),
    );
    let err = c.get(s.uri()).send().await.unwrap_err();
    let e = AuthError::from_middleware(&err).unwrap().explanation();
    assert_eq!(e.outcome(), Outcome::Refused);
    assert_eq!(e.cause(), Some(Cause::MissingCredentials));
    assert_eq!(e.summary(), format!("env var {var} is not set"));
    assert_eq!(e.findings()[0].code, "source_unavailable");
    assert_eq!(logs.lines_at("ERROR").len(), 1);
    assert!(s.received_requests().await.unwrap().is_empty());

    // Requests for other hosts are not affected.
    let other = client_resolving(
        "other.example.test",
        *s.address(),
        AuthExplainMiddleware::builder().credential(src()),
    );
    other
        .get(format!("http://other.example.test:{}/", s.address().port()))
        .send()
        .await
        .unwrap();
    assert_eq!(s.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn placeholder_and_quoted_sources_are_caught_at_build() {
    let quoted = unique("QUOTED");
    let placeholder = unique("PLACEHOLDER");
    // SAFETY: names unique to this test and process; no other thread reads them.
    unsafe {
        std::env::set_var(&quoted, "\"FAKE0123456789\"");
        std::env::set_var(&placeholder, "your-api-key-here");
    }
    for (var, kind) in [
        (&quoted, BuildErrorKind::Quoted),
        (&placeholder, BuildErrorKind::Placeholder),
    ] {
        let err = AuthExplainMiddleware::builder()
            .credential(CredentialSource::env(var))
            .try_build()
            .unwrap_err();
        assert_eq!(err.kind(), kind);
        assert!(err.to_string().starts_with(&format!("env var {var} ")));
        assert!(!err.to_string().contains("FAKE"));
        assert!(!err.to_string().contains("your-api-key"));
    }
    // SAFETY: as above.
    unsafe {
        std::env::remove_var(&quoted);
        std::env::remove_var(&placeholder);
    }
}

#[tokio::test]
async fn per_request_source() {
    let var = unique("PER_REQUEST");
    // SAFETY: the name is unique to this test and process, and no other thread reads it.
    unsafe { std::env::set_var(&var, "FAKE-per-request-0123") };
    let s = server_401(r#"Bearer realm="api""#, "").await;
    let c = client_with(AuthExplainMiddleware::builder());
    let resp = c
        .get(s.uri())
        .with_extension(CredentialSource::env(&var).header("x-tenant-key"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        received(&s, "x-tenant-key").await,
        [Some(b"FAKE-per-request-0123".to_vec())]
    );
    let e = resp.auth_explanation().unwrap();
    let cred = e.credential().unwrap();
    assert_eq!(cred.location.to_string(), "header:x-tenant-key");
    assert_eq!(
        cred.source.as_deref(),
        Some(format!("env var {var}").as_str())
    );

    // Unset per-request source: refused.
    let err = c
        .get(s.uri())
        .with_extension(CredentialSource::env(unique("PER_REQUEST_UNSET")))
        .send()
        .await
        .unwrap_err();
    assert!(AuthError::from_middleware(&err).unwrap().is_refused());
    assert_eq!(s.received_requests().await.unwrap().len(), 1);
    // SAFETY: as above.
    unsafe { std::env::remove_var(&var) };
}

/// Pre-flight remembers values it found clean, so a service that sends one key many times pays
/// for the checks once. The memory must never hide a problem: another value, the same value
/// under a stricter reading, or a JWT that expired since it was remembered.
#[tokio::test]
async fn remembered_clean_values_never_hide_a_problem() {
    let ok = server(200).await;
    let denied = server_401(r#"Bearer error="invalid_token""#, "").await;
    let c = client_with(
        AuthExplainMiddleware::builder()
            .preflight(Preflight::Strict)
            .jwt_leeway(Duration::ZERO),
    );
    // A clean key, many times: sent every time, unchanged.
    for _ in 0..3 {
        let resp = c
            .get(ok.uri())
            .bearer_auth("FAKEkey0123456789abcdef")
            .send()
            .await;
        assert_eq!(resp.unwrap().status(), 200);
    }
    assert_eq!(
        received(&ok, "authorization").await,
        vec![Some(b"Bearer FAKEkey0123456789abcdef".to_vec()); 3]
    );
    // The same header with a placeholder is still refused.
    let err = c.get(ok.uri()).bearer_auth("YOUR_API_KEY").send().await;
    assert!(AuthError::from_middleware(&err.unwrap_err()).is_some_and(|e| e.is_refused()));
    // The clean key in another header is judged on its own.
    let resp = c
        .get(ok.uri())
        .header("x-api-key", " FAKEkey0123456789abcdef")
        .send()
        .await;
    assert!(AuthError::from_middleware(&resp.unwrap_err()).is_some_and(|e| e.is_refused()));

    // A JWT clean now, remembered, then expired: the next request is refused.
    let token = jwt(&format!(r#"{{"sub":"u1","exp":{}}}"#, now() + 2));
    let resp = c.get(ok.uri()).bearer_auth(&token).send().await.unwrap();
    assert_eq!(resp.status(), 200);
    tokio::time::sleep(Duration::from_millis(3100)).await;
    let err = c
        .get(denied.uri())
        .bearer_auth(&token)
        .send()
        .await
        .unwrap_err();
    let auth = AuthError::from_middleware(&err).expect("refused");
    assert!(auth.is_refused());
    assert!(
        auth.explanation()
            .findings()
            .iter()
            .any(|f| f.code == "jwt_expired"),
        "{:#?}",
        auth.explanation().findings()
    );
    assert!(denied.received_requests().await.unwrap().is_empty());
}

/// The same request sent again skips the work before sending, and is judged exactly as the
/// first time: a failure after successes reads as it would on a fresh client, and a changed
/// header value is checked again.
#[tokio::test]
async fn a_request_sent_again_is_judged_as_the_first_time() {
    let s = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .up_to_n_times(3)
        .mount(&s)
        .await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(401)
                .insert_header("www-authenticate", r#"Bearer error="invalid_token""#),
        )
        .mount(&s)
        .await;
    let url = format!("{}/v1/me", s.uri());
    let token = "Bearer FAKEtok0123456789abcdef";
    let client = client_with(AuthExplainMiddleware::builder());
    for _ in 0..3 {
        let r = client
            .get(&url)
            .header(AUTHORIZATION, token)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        assert!(r.auth_explanation().is_none());
    }
    let again = client
        .get(&url)
        .header(AUTHORIZATION, token)
        .send()
        .await
        .unwrap();
    let again = again.auth_explanation().expect("explained").clone();
    let fresh = client_with(AuthExplainMiddleware::builder())
        .get(&url)
        .header(AUTHORIZATION, token)
        .send()
        .await
        .unwrap();
    let fresh = fresh.auth_explanation().expect("explained").clone();
    // The key history saw the successes of this key: it worked here, and now it is refused.
    assert_eq!(again.cause(), Some(Cause::RevokedCredentials), "{again}");
    assert_eq!(fresh.cause(), Some(Cause::InvalidCredentials), "{fresh}");
    assert_eq!(
        again.credential().map(|c| &c.fingerprint),
        fresh.credential().map(|c| &c.fingerprint)
    );
    // Same URL, another value: checked again (and refused in strict mode).
    let strict = client_with(AuthExplainMiddleware::builder().preflight(Preflight::Strict));
    for _ in 0..2 {
        strict
            .get(&url)
            .header(AUTHORIZATION, token)
            .send()
            .await
            .unwrap();
    }
    let err = strict
        .get(&url)
        .header(AUTHORIZATION, "Bearer YOUR_API_KEY")
        .send()
        .await
        .unwrap_err();
    let e = AuthError::find_in(&err).expect("a refusal");
    assert_eq!(e.kind(), AuthErrorKind::Refused);
}
