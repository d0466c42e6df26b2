//! Unit tests of the rules, on hand-built evidence.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::*;
use crate::observe::clock;
use crate::providers::testkit::{Case, explain, run};
use crate::secret::Fingerprint;

const T: u64 = 1_800_000_000;

fn at(s: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(s)
}

fn jwt(claims: &str) -> String {
    format!(
        "Bearer eyJhbGciOiJSUzI1NiJ9.{}.FAKESECRETsig",
        URL_SAFE_NO_PAD.encode(claims)
    )
}

fn date(s: u64) -> String {
    httpdate::fmt_http_date(at(s))
}

#[test]
fn jwt_expired_only_by_the_servers_clock_is_clock_skew() {
    let auth = jwt(&format!(r#"{{"exp":{}}}"#, T + 300));
    let d = date(T + 600);
    let e = explain(Case {
        request: &[("authorization", &auth)],
        status: 401,
        response: &[
            ("date", &d),
            (
                "www-authenticate",
                "Bearer error=\"invalid_token\", error_description=\"Jwt is expired\"",
            ),
        ],
        now: at(T),
        ..Case::default()
    });
    assert_eq!(e.cause(), Some(Cause::ClockSkew), "{e}");
    assert!(e.summary().contains("10 min 0 s behind"), "{e}");
    assert!(e.evidence().iter().any(|l| l.contains("600 s")), "{e}");
    assert!(e.evidence().iter().any(|l| l.contains("exp")), "{e}");
}

#[test]
fn jwt_not_yet_valid_by_the_servers_clock_is_clock_skew() {
    let auth = jwt(&format!(
        r#"{{"iat":{},"nbf":{},"exp":{}}}"#,
        T - 30,
        T - 30,
        T + 3600
    ));
    let d = date(T - 600);
    let e = explain(Case {
        request: &[("authorization", &auth)],
        status: 401,
        response: &[("date", &d)],
        body: r#"{"error":"invalid_token","error_description":"The token is not valid before its nbf"}"#,
        now: at(T),
        ..Case::default()
    });
    assert_eq!(e.cause(), Some(Cause::ClockSkew), "{e}");
    assert!(e.summary().contains("ahead of"), "{e}");
}

#[test]
fn an_ambiguous_window_message_needs_a_measured_offset() {
    // Microsoft Graph's wording for an expired token names both ends of the window
    let body = r#"{"error":{"code":"InvalidAuthenticationToken","message":"Access token has expired or is not yet valid."}}"#;
    let e = run(
        "https://graph.microsoft.com/v1.0/me",
        &[("authorization", "Bearer FAKESECRETopaque0123")],
        401,
        &[],
        body,
    );
    assert_eq!(e.cause(), Some(Cause::ExpiredCredentials), "{e}");
    // a JWT that expired an hour ago stays expired even when the clocks differ
    let auth = jwt(&format!(r#"{{"exp":{}}}"#, T - 3600));
    let d = date(T + 120);
    let e = explain(Case {
        url: "https://graph.microsoft.com/v1.0/me",
        request: &[("authorization", &auth)],
        status: 401,
        response: &[("date", &d)],
        body,
        now: at(T),
        ..Case::default()
    });
    assert_eq!(e.cause(), Some(Cause::ExpiredCredentials), "{e}");
}

#[test]
fn a_stale_date_alone_proves_nothing() {
    let auth = jwt(&format!(r#"{{"iat":{}}}"#, T - 10));
    let d = date(T - 86_400 * 365);
    let e = explain(Case {
        request: &[("authorization", &auth)],
        status: 401,
        response: &[("date", &d), ("www-authenticate", "Basic realm=\"x\"")],
        now: at(T),
        ..Case::default()
    });
    assert_eq!(e.cause(), Some(Cause::WrongScheme), "{e}");
}

#[test]
fn signature_errors_need_a_large_offset() {
    let signed = |offset: u64| {
        let d = date(T + offset);
        explain(Case {
            request: &[("authorization", "HMAC FAKESECRETsignature")],
            status: 401,
            response: &[("date", &d)],
            body: r#"{"message":"Invalid signature"}"#,
            now: at(T),
            ..Case::default()
        })
        .cause()
    };
    assert_eq!(signed(400), Some(Cause::ClockSkew));
    assert_eq!(signed(20), Some(Cause::SignatureMismatch));
    let e = explain(Case {
        request: &[("x-api-key", "FAKESECRETkey")],
        status: 403,
        response: &[],
        body: r#"{"message":"Request timestamp out of bounds, check your clock"}"#,
        ..Case::default()
    });
    assert_eq!(e.cause(), Some(Cause::ClockSkew));
}

#[test]
fn history_turns_a_rejected_working_key_into_revoked() {
    let recall = Recall {
        last_success: Some(at(T)),
        last_failure: None,
        newer_key: Some((Fingerprint::of(b"new"), at(T + 60))),
    };
    let e = explain(Case {
        request: &[("x-api-key", "old-FAKESECRET-key")],
        status: 401,
        body: r#"{"message":"Invalid API key"}"#,
        history: Some(recall.clone()),
        ..Case::default()
    });
    assert_eq!(e.cause(), Some(Cause::RevokedCredentials), "{e}");
    assert!(e.summary().contains(&clock::utc(T as i64)), "{e}");
    assert!(e.summary().contains("may still send the old key"), "{e}");
    assert!(e.summary().contains("GET /"), "{e}");
    assert_eq!(
        e.confidence(),
        Some(crate::Confidence::Medium),
        "an inference"
    );
    assert!(
        e.summary().contains(Fingerprint::of(b"new").as_str()),
        "{e}"
    );

    // a different key works here: the rejected one is old or wrong
    let e = explain(Case {
        request: &[("x-api-key", "other-FAKESECRET-key")],
        status: 401,
        body: r#"{"message":"Invalid API key"}"#,
        history: Some(Recall {
            last_success: None,
            ..recall.clone()
        }),
        ..Case::default()
    });
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials));
    assert!(
        e.summary()
            .contains("part of this process probably still sends an old or wrong key"),
        "{e}"
    );

    // an explicit expiry keeps its cause; a 403 only gains evidence
    let e = explain(Case {
        request: &[("x-api-key", "old-FAKESECRET-key")],
        status: 403,
        body: r#"{"message":"Missing scopes: orders.write."}"#,
        history: Some(recall),
        ..Case::default()
    });
    assert_eq!(e.cause(), Some(Cause::InsufficientScope));
    assert!(
        e.evidence().iter().any(|l| l.starts_with("key history")),
        "{e}"
    );
}

#[test]
fn generic_text_rules() {
    let key = [("x-api-key", "FAKESECRETkey0123")];
    for (body, cause) in [
        (
            r#"{"message":"Your account is disabled"}"#,
            Cause::AccountSuspended,
        ),
        (
            r#"{"message":"Requests from referer https://a.example are blocked."}"#,
            Cause::OriginRestricted,
        ),
        (
            r#"{"message":"This API has not been used in project 1 before or it is disabled."}"#,
            Cause::EndpointNotEnabled,
        ),
        (
            r#"{"message":"Requests from this IP address are not allowed"}"#,
            Cause::IpRestricted,
        ),
        (
            r#"{"message":"SAML SSO is enforced by your organization"}"#,
            Cause::OrganizationPolicy,
        ),
        (
            r#"{"message":"Missing scopes: orders.write."}"#,
            Cause::InsufficientScope,
        ),
        (
            r#"{"message":"Token has been revoked"}"#,
            Cause::RevokedCredentials,
        ),
        (
            r#"{"message":"API key expired"}"#,
            Cause::ExpiredCredentials,
        ),
    ] {
        let e = run("https://api.example.com/v1/x", &key, 403, &[], body);
        assert_eq!(e.cause(), Some(cause), "{body}: {e}");
    }
    let e = run(
        "https://api.example.com/v1/x",
        &key,
        403,
        &[],
        r#"{"message":"Missing scopes: orders.write."}"#,
    );
    assert_eq!(e.required_scopes(), ["orders.write"]);
    assert!(e.summary().contains("orders.write"));
}

#[test]
fn granted_scopes_come_from_the_jwt() {
    let auth = jwt(r#"{"scp":["a.read","b.read"]}"#);
    let e = run(
        "https://api.example.com/v1/x",
        &[("authorization", &auth)],
        403,
        &[(
            "www-authenticate",
            "Bearer error=\"insufficient_scope\", scope=\"c.write\"",
        )],
        "",
    );
    assert_eq!(e.cause(), Some(Cause::InsufficientScope));
    assert_eq!(e.required_scopes(), ["c.write"]);
    assert_eq!(e.granted_scopes(), ["a.read", "b.read"]);
    assert!(
        e.evidence().iter().any(|l| l.starts_with("scope diff")),
        "{e}"
    );
}

#[test]
fn hostile_bodies_are_bounded() {
    let body = format!(
        r#"{{"message":"{} cannot list resource \"{}\" expected any of: {}"}}"#,
        "x ".repeat(20_000),
        "p".repeat(10_000),
        "s,".repeat(10_000)
    );
    let e = run(
        "https://api.example.com/",
        &[("x-api-key", "FAKESECRETkey0123")],
        403,
        &[],
        &body,
    );
    assert!(e.required_scopes().len() <= 64);
    assert!(e.to_json().to_string().len() < 64 * 1024);
}
