//! Explanations read back from their JSON: every outcome round-trips, unknown codes and bad
//! fingerprints are errors that do not repeat their input.

use http::header::AUTHORIZATION;
use reqwest_auth_explain::{
    AuthExplainMiddleware, Cause, CredentialSource, Explanation, Location, Outcome, Preflight,
    ResponseExt, Secret, Severity,
};
use serde_json::Value;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::client;

const TOKEN: &str = "FAKE0123456789abcdefQRSTuvwx";

/// `e` through its JSON, as a value and as text, back to an equal explanation.
fn round_trip(e: &Explanation) -> Explanation {
    let json = e.to_json();
    let parsed: Explanation = serde_json::from_value(json.clone()).expect("the JSON parses");
    assert_eq!(&parsed, e);
    let text = serde_json::to_string(e).unwrap();
    assert_eq!(&serde_json::from_str::<Explanation>(&text).unwrap(), e);
    assert_eq!(parsed.to_json(), json);
    parsed
}

fn parse_error(json: Value) -> String {
    serde_json::from_value::<Explanation>(json)
        .expect_err("an error")
        .to_string()
}

#[tokio::test]
async fn an_explained_failure_reads_back() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(403)
                .insert_header(
                    "www-authenticate",
                    r#"Bearer error="insufficient_scope", scope="orders:write""#,
                )
                .insert_header("x-request-id", "req-42")
                .set_body_raw(
                    format!(
                        r#"{{"message":"token {TOKEN} may not write orders","documentation_url":"https://docs.example.test/scopes"}}"#
                    ),
                    "application/json",
                ),
        )
        .mount(&server)
        .await;
    let resp = client()
        .post(format!("{}/v1/orders", server.uri()))
        .header(AUTHORIZATION, format!("Bearer {TOKEN} "))
        .send()
        .await
        .unwrap();
    let e = resp.auth_explanation().expect("explained").clone();
    let parsed = round_trip(&e);
    assert_eq!(parsed.outcome(), Outcome::Explained);
    assert_eq!(parsed.status(), Some(403));
    assert_eq!(parsed.cause(), Some(Cause::InsufficientScope));
    assert_eq!(parsed.required_scopes(), ["orders:write"]);
    assert_eq!(parsed.docs_url(), Some("https://docs.example.test/scopes"));
    assert!(parsed.server_message().is_some());
    assert!(
        parsed
            .findings()
            .iter()
            .any(|f| (f.code, f.severity) == ("trailing_whitespace", Severity::Repaired))
    );
    assert_eq!(
        parsed.credential().unwrap().location,
        Location::Header(AUTHORIZATION)
    );
    assert_eq!(parsed.to_string(), e.to_string());
    assert!(!parsed.to_string().contains(TOKEN));
}

#[test]
fn a_recorded_rate_limit_with_a_query_key_reads_back() {
    let req = reqwest::Client::new()
        .get(format!("https://api.example.com/v1/items?api_key={TOKEN}"))
        .build()
        .unwrap();
    let resp = http::Response::builder()
        .status(429)
        .header("retry-after", "30")
        .body("")
        .unwrap();
    let e = AuthExplainMiddleware::default().explain_recorded(&req, &resp);
    let parsed = round_trip(&e);
    assert_eq!(parsed.cause(), Some(Cause::RateLimited));
    assert_eq!(parsed.retry_after_s(), Some(30));
    assert_eq!(
        parsed.credential().unwrap().location,
        Location::Query("api_key".into())
    );
}

#[test]
fn refusals_read_back() {
    // Strict refuses a placeholder.
    let mut req = reqwest::Client::new()
        .get("https://api.example.com/v1/me")
        .header(AUTHORIZATION, "Bearer YOUR_API_KEY")
        .build()
        .unwrap();
    let strict = AuthExplainMiddleware::builder()
        .preflight(Preflight::Strict)
        .build();
    let e = strict.inspect(&mut req);
    let parsed = round_trip(&e);
    assert_eq!(parsed.outcome(), Outcome::Refused);
    assert_eq!(parsed.status(), None);
    assert_eq!(parsed.cause(), Some(Cause::PlaceholderCredentials));
    assert!(parsed.findings().iter().any(|f| f.code == "placeholder"));

    // Every mode refuses a source that cannot provide its credential.
    let mut req = reqwest::Client::new()
        .get("https://api.example.com/v1/me")
        .build()
        .unwrap();
    let unset = AuthExplainMiddleware::builder()
        .credential(CredentialSource::env(
            "REQWEST_AUTH_EXPLAIN_JSON_TEST_UNSET_7Q",
        ))
        .build();
    let parsed = round_trip(&unset.inspect(&mut req));
    assert_eq!(parsed.outcome(), Outcome::Refused);
    assert!(
        parsed
            .findings()
            .iter()
            .any(|f| f.code == "source_unavailable")
    );
}

#[test]
fn ok_reports_read_back() {
    // Repaired on the way out.
    let mut req = reqwest::Client::new()
        .get("https://api.example.com/v1/me")
        .header(AUTHORIZATION, format!("Bearer  {TOKEN}"))
        .build()
        .unwrap();
    let parsed = round_trip(&AuthExplainMiddleware::default().inspect(&mut req));
    assert_eq!(parsed.outcome(), Outcome::Ok);
    assert_eq!(parsed.cause(), None);
    assert!(
        parsed
            .findings()
            .iter()
            .any(|f| f.code == "extra_space_after_scheme")
    );

    // Injected from a source: the credential says where from.
    let mut req = reqwest::Client::new()
        .get("https://api.example.com/v1/me")
        .build()
        .unwrap();
    let mw = AuthExplainMiddleware::builder()
        .credential(CredentialSource::value(Secret::new(TOKEN)))
        .build();
    let e = mw.inspect(&mut req);
    assert!(e.credential().unwrap().source.is_some(), "{e}");
    let parsed = round_trip(&e);
    assert_eq!(parsed.outcome(), Outcome::Ok);

    // Fields left out when empty read back as empty.
    let mut json = e.to_json();
    json["credential"].as_object_mut().unwrap().remove("source");
    assert!(json.get("docs_url").is_none());
    let parsed: Explanation = serde_json::from_value(json).unwrap();
    assert_eq!(parsed.credential().unwrap().source, None);
    assert_eq!(parsed.docs_url(), None);
}

/// JSON of a refusal with a finding and a credential, to spoil one field at a time.
fn refusal_json() -> Value {
    let mut req = reqwest::Client::new()
        .get("https://api.example.com/v1/me")
        .header(AUTHORIZATION, format!("Bearer \"{TOKEN}\""))
        .build()
        .unwrap();
    let strict = AuthExplainMiddleware::builder()
        .preflight(Preflight::Strict)
        .build();
    let json = strict.inspect(&mut req).to_json();
    assert_eq!(json["outcome"], "refused", "{json}");
    assert!(json["credential"]["fingerprint"].is_string(), "{json}");
    assert!(!json["findings"].as_array().unwrap().is_empty(), "{json}");
    json
}

#[test]
fn bad_fingerprints_and_unknown_codes_are_errors() {
    let json = refusal_json();
    assert!(serde_json::from_value::<Explanation>(json.clone()).is_ok());
    // A spoiled value holds this, and no error repeats it.
    const KEY: &str = "sk_live_FAKESECRET0123456789";

    for bad in [
        "",
        "0123456789a",
        "0123456789abc",
        "0123456789AB",
        "0123456789ag",
        KEY,
    ] {
        let mut j = json.clone();
        j["credential"]["fingerprint"] = bad.into();
        let err = parse_error(j);
        assert!(err.contains("12 lowercase hex digits"), "{bad:?}: {err}");
        assert!(!err.contains("FAKESECRET"), "{err}");
    }

    let mut j = json.clone();
    j["cause"] = "cause_from_a_newer_version".into();
    let err = parse_error(j);
    assert!(err.contains("unknown cause code"), "{err}");
    assert!(!err.contains("cause_from_a_newer_version"), "{err}");

    let mut j = json.clone();
    j["findings"][0]["code"] = KEY.into();
    let err = parse_error(j);
    assert!(err.contains("unknown finding code"), "{err}");
    assert!(!err.contains("FAKESECRET"), "{err}");

    let mut j = json.clone();
    j["credential"]["location"] = "header:".into();
    let err = parse_error(j);
    assert!(err.contains("not a credential location"), "{err}");

    for (field, value) in [("outcome", "maybe"), ("confidence", "certain")] {
        let mut j = json.clone();
        j[field] = value.into();
        assert!(serde_json::from_value::<Explanation>(j).is_err(), "{field}");
    }
    let mut j = json.clone();
    j["findings"][0]["severity"] = "fatal".into();
    assert!(serde_json::from_value::<Explanation>(j).is_err());

    // A field this version does not know is ignored.
    let mut j = json.clone();
    j["added_in_a_later_version"] = true.into();
    assert!(serde_json::from_value::<Explanation>(j).is_ok());
}

#[test]
fn locations_read_back_from_their_text() {
    for text in [
        "header:authorization",
        "header:x-api-key",
        "cookie:session",
        "url:userinfo",
        "query:api_key",
        "query:auth[token]",
        "path:0",
        "path:12",
        "body:client_secret",
    ] {
        let l: Location = serde_json::from_value(text.into()).unwrap();
        assert_eq!(l.to_string(), text);
        assert_eq!(serde_json::to_value(&l).unwrap(), text);
    }
    for bad in [
        "",
        "header",
        "header:",
        "header:bad name",
        "url:password",
        "path:x",
        "path:-1",
        "form:token",
    ] {
        let err = serde_json::from_value::<Location>(bad.into()).unwrap_err();
        assert!(
            err.to_string().contains("not a credential location"),
            "{bad:?}: {err}"
        );
    }
    for (text, cause) in Cause::ALL.iter().map(|c| (c.code(), *c)) {
        assert_eq!(serde_json::from_value::<Cause>(text.into()).unwrap(), cause);
    }
}
