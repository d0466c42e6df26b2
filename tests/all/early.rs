//! Warnings before the failure: once per credential, at WARN, with no secret.

use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use reqwest_auth_explain::{AuthExplainMiddleware, ResponseExt};
use tracing::Level;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::client_with;
use crate::telemetry::Capture;

const KEY: &str = "FAKEearly0123456789abcdefXYZ";

fn early_warnings(capture: &Capture) -> Vec<crate::telemetry::Rec> {
    capture
        .ours()
        .into_iter()
        .filter(|r| r.level == Level::WARN && r.name == "auth_explain.early_warning")
        .collect()
}

#[tokio::test]
async fn a_nearly_spent_rate_limit_is_warned_of_once_per_key() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("x-ratelimit-remaining", "3")
                .insert_header("x-ratelimit-limit", "100"),
        )
        .mount(&server)
        .await;
    let (capture, _guard) = Capture::install();
    let client = client_with(AuthExplainMiddleware::builder());
    for key in [KEY, KEY, "FAKEother0123456789abcdefXYZ"] {
        let resp = client
            .get(server.uri())
            .bearer_auth(key)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 200);
        assert!(resp.auth_explanation().is_none());
    }
    let warns = early_warnings(&capture);
    assert_eq!(warns.len(), 2, "once per key: {warns:#?}");
    assert_eq!(warns[0].get("auth.warning"), Some("rate_limit_low"));
    assert_eq!(warns[0].get("auth.rate_limit.remaining"), Some("3"));
    assert!(warns[0].get("auth.credential.fingerprint").is_some());
    crate::redaction::assert_clean("early warnings", &capture.text(), &[KEY]);
}

#[tokio::test]
async fn a_token_the_server_says_expires_soon_is_warned_of() {
    let server = MockServer::start().await;
    let soon = httpdate::fmt_http_date(SystemTime::now() + std::time::Duration::from_secs(86_400));
    // GitHub's form: `YYYY-MM-DD HH:MM:SS UTC`, from the HTTP date above.
    let t = httpdate::parse_http_date(&soon).unwrap();
    let secs = t.duration_since(UNIX_EPOCH).unwrap().as_secs();
    let (days, rem) = (secs / 86_400, secs % 86_400);
    let (y, m, d) = civil(days as i64);
    let stamp = format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02} UTC",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    );
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("github-authentication-token-expiration", stamp.as_str()),
        )
        .mount(&server)
        .await;
    let (capture, _guard) = Capture::install();
    let client = client_with(AuthExplainMiddleware::builder());
    for _ in 0..2 {
        client
            .get(server.uri())
            .bearer_auth(KEY)
            .send()
            .await
            .unwrap();
    }
    let warns = early_warnings(&capture);
    assert_eq!(warns.len(), 1, "{warns:#?}");
    assert_eq!(warns[0].get("auth.warning"), Some("token_expires_soon"));
    let in_s: i64 = warns[0].get("auth.expires_in_s").unwrap().parse().unwrap();
    assert!((86_000..=86_400).contains(&in_s), "{in_s}");
}

#[tokio::test]
async fn a_jwt_about_to_expire_is_warned_of_once_before_it_is_sent() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let exp = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
        + 120;
    let jwt = format!(
        "eyJhbGciOiJIUzI1NiJ9.{}.RkFLRXNpZ25hdHVyZQ",
        URL_SAFE_NO_PAD.encode(format!(r#"{{"exp":{exp}}}"#))
    );
    let (capture, _guard) = Capture::install();
    let client = client_with(AuthExplainMiddleware::builder());
    let first = client
        .get(server.uri())
        .bearer_auth(&jwt)
        .send()
        .await
        .unwrap();
    let report = first
        .auth_report()
        .expect("pre-flight had something to say");
    assert!(
        report
            .findings()
            .iter()
            .any(|f| f.code == "jwt_expires_soon")
    );
    let second = client
        .get(server.uri())
        .bearer_auth(&jwt)
        .send()
        .await
        .unwrap();
    assert!(second.auth_report().is_none(), "warned once");
    let warns = early_warnings(&capture);
    assert_eq!(warns.len(), 1, "{warns:#?}");
    assert_eq!(warns[0].get("auth.warning"), Some("jwt_expires_soon"));
    crate::redaction::assert_clean("jwt warning", &capture.text(), &[&jwt]);
    // Off when asked.
    let quiet =
        client_with(AuthExplainMiddleware::builder().expiry_warning(std::time::Duration::ZERO));
    let resp = quiet
        .get(server.uri())
        .bearer_auth(&jwt)
        .send()
        .await
        .unwrap();
    assert!(resp.auth_report().is_none());
}

/// Civil date from days since 1970-01-01.
fn civil(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}
