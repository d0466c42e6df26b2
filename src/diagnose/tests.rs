//! Unit tests of the rules, on hand-built evidence.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::*;
use crate::diagnose::providers::testkit::{Case, explain, run};
use crate::observe::clock;
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

/// The explanation of a JSON error body answered with `status` to a request with `request`.
fn json_reply(request: &[(&str, &str)], status: u16, body: &str) -> Explanation {
    explain(Case {
        request,
        status,
        response: &[("content-type", "application/json")],
        body,
        ..Case::default()
    })
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
fn a_token_issued_within_the_dates_second_is_no_clock_skew() {
    // A replay read minutes later: the token's iat is one second after the recorded `Date`,
    // which truncates to the second.
    let d = date(T - 142);
    let issued = |iat: u64| {
        let auth = jwt(&format!(r#"{{"iat":{iat},"exp":{}}}"#, T + 3459));
        explain(Case {
            request: &[("authorization", &auth)],
            status: 401,
            response: &[("date", &d)],
            body: r#"{"title":"Unauthorized","detail":"Invalid authorization token"}"#,
            now: at(T),
            ..Case::default()
        })
    };
    let e = issued(T - 141);
    assert_ne!(e.cause(), Some(Cause::ClockSkew), "{e}");
    // Ten seconds after it, the token was minted by a clock ahead of the server's.
    let e = issued(T - 132);
    assert_eq!(e.cause(), Some(Cause::ClockSkew), "{e}");
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
fn signature_errors_need_a_large_offset_and_words_of_time() {
    let hawk = format!(r#"Hawk id="dh37", ts="{T}", nonce="j4h3g2", mac="FAKESECRETsignature""#);
    let signed = |offset: u64, body: &str| {
        let d = date(T + offset);
        explain(Case {
            request: &[("authorization", &hawk)],
            status: 401,
            response: &[("date", &d)],
            body,
            now: at(T),
            ..Case::default()
        })
        .cause()
    };
    let timed = r#"{"message":"HMAC signature cannot be verified, a valid date or x-date header is required"}"#;
    assert_eq!(signed(400, timed), Some(Cause::ClockSkew));
    assert_eq!(signed(20, timed), Some(Cause::SignatureMismatch));
    // A bare signature refusal judged what was signed, however stale the signed time.
    let bare = r#"{"message":"Invalid signature"}"#;
    assert_eq!(signed(400, bare), Some(Cause::SignatureMismatch));
    // A signature over no time (an HMAC of the body alone) cannot go stale.
    let d = date(T + 400);
    let e = explain(Case {
        request: &[("authorization", "HMAC FAKESECRETsignature")],
        status: 401,
        response: &[("date", &d)],
        body: r#"{"message":"Invalid signature"}"#,
        now: at(T),
        ..Case::default()
    });
    assert_eq!(e.cause(), Some(Cause::SignatureMismatch), "{e}");
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
fn required_scopes_come_from_a_field_named_for_them() {
    // Any case convention, any order of the words, nested: HubSpot's
    // `context.requiredGranularScopes`, `scopes_missing`.
    for (body, scopes) in [
        (
            r#"{"message":"This app hasn't been granted all required scopes","errors":[{"message":"One or more of the following scopes are required.","context":{"requiredGranularScopes":["crm.objects.companies.write"]}}],"category":"MISSING_SCOPES"}"#,
            vec!["crm.objects.companies.write"],
        ),
        (
            r#"{"error":"forbidden","message":"Insufficient scope","scopes_missing":"orders:write, orders:read"}"#,
            vec!["orders:write", "orders:read"],
        ),
    ] {
        let e = json_reply(&[("x-api-key", "FAKESECRETkey0123")], 403, body);
        assert_eq!(e.cause(), Some(Cause::InsufficientScope), "{e}");
        assert_eq!(e.required_scopes(), scopes, "{body}");
    }
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

/// No explanation contradicts its own evidence, over generated requests and responses: clock
/// skew needs a measured offset past the threshold or a token not valid yet by this clock;
/// expiry needs an `exp` in the past or a server that says so; "none was sent" never stands
/// beside a credential; request signing is never blamed for a token's signature.
mod contradictions {
    use proptest::prelude::*;

    use super::*;

    /// A JWT with the given claims (seconds relative to `T`), marked as fake.
    fn token(exp: Option<i64>, nbf: Option<i64>) -> String {
        let mut claims = vec![r#""sub":"FAKESECRET""#.to_owned()];
        if let Some(e) = exp {
            claims.push(format!(r#""exp":{}"#, T as i64 + e));
        }
        if let Some(n) = nbf {
            claims.push(format!(r#""nbf":{}"#, T as i64 + n));
        }
        jwt(&format!("{{{}}}", claims.join(",")))
    }

    fn credential() -> impl Strategy<Value = Option<(&'static str, String)>> {
        prop_oneof![
            Just(None),
            Just(Some((
                "authorization",
                "Bearer FAKESECRETopaque0123456789".to_owned()
            ))),
            Just(Some((
                "authorization",
                "Basic dXNlcjpGQUtFU0VDUkVU".to_owned()
            ))),
            Just(Some(("x-api-key", "FAKESECRETkey0123456789".to_owned()))),
            Just(Some(("cookie", "session=FAKESECRET0123456789".to_owned()))),
            Just(Some((
                "proxy-authorization",
                "Basic dXNlcjpGQUtFU0VDUkVU".to_owned()
            ))),
            (
                prop_oneof![Just(None), (-100_000i64..100_000).prop_map(Some)],
                prop_oneof![Just(None), (-100_000i64..100_000).prop_map(Some)],
            )
                .prop_map(|(exp, nbf)| Some(("authorization", token(exp, nbf)))),
        ]
    }

    fn challenge() -> impl Strategy<Value = Option<&'static str>> {
        prop_oneof![
            Just(None),
            Just(Some(r#"Bearer realm="api""#)),
            Just(Some(r#"Bearer error="invalid_token""#)),
            Just(Some(
                r#"Bearer error="invalid_token", error_description="The token expired""#
            )),
            Just(Some(
                r#"Bearer error="invalid_token", error_description="token not yet valid""#
            )),
            Just(Some(r#"Bearer error="insufficient_scope", scope="a:b""#)),
            Just(Some(r#"Bearer error="invalid_request""#)),
            Just(Some(r#"Basic realm="x""#)),
            Just(Some(r#"Digest realm="x", nonce="n", stale=true"#)),
            Just(Some(r#"Token"#)),
        ]
    }

    fn body() -> impl Strategy<Value = &'static str> {
        prop_oneof![
            Just(""),
            Just("Unauthorized"),
            Just(
                "<html><title>401 Authorization Required</title><h1>401 Authorization Required</h1><hr><center>nginx</center></html>"
            ),
            Just(r#"{"message":"Invalid API key"}"#),
            Just(r#"{"error":"invalid_token","error_description":"The token has expired"}"#),
            Just(r#"{"message":"Request timestamp is outside the allowed time window"}"#),
            Just(r#"{"message":"RequestTimeTooSkewed: check your clock"}"#),
            Just(r#"{"message":"invalid signature"}"#),
            Just(r#"{"message":"Signature expired"}"#),
            Just(r#"{"message":"The token is not valid yet"}"#),
            Just(r#"{"message":"No API key was provided"}"#),
            Just(r#"{"message":"Your account has been suspended"}"#),
            Just(r#"{"message":"Access token has expired or is not yet valid."}"#),
            Just(r#"{"errors":[{"detail":"invalid or expired token"}]}"#),
        ]
    }

    /// Seconds the server's `Date` is ahead of the local clock, or no `Date`.
    fn date_offset() -> impl Strategy<Value = Option<i64>> {
        prop_oneof![
            Just(None),
            Just(Some(0)),
            (-59i64..60).prop_map(Some),
            (-7_200i64..7_200).prop_map(Some),
            Just(Some(-3 * 86_400)),
            Just(Some(40 * 86_400)),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn explanations_agree_with_their_evidence(
            status in prop_oneof![Just(401u16), Just(403), Just(407), Just(429)],
            cred in credential(),
            challenge in challenge(),
            body in body(),
            offset in date_offset(),
        ) {
            let request: Vec<(&str, &str)> =
                cred.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let date = offset.map(|o| date((T as i64 + o) as u64));
            let mut response: Vec<(&str, &str)> = vec![("content-type", "application/json")];
            if let Some(c) = challenge {
                let name = if status == 407 { "proxy-authenticate" } else { "www-authenticate" };
                response.push((name, c));
            }
            if let Some(d) = &date {
                response.push(("date", d));
            }
            let e = explain(Case {
                request: &request,
                status,
                response: &response,
                body,
                now: at(T),
                preflight: true,
                ..Case::default()
            });
            let text = e.to_string();
            let said = format!("{body} {}", challenge.unwrap_or("")).to_ascii_lowercase();
            let claims = cred
                .as_ref()
                .and_then(|(_, v)| v.strip_prefix("Bearer "))
                .and_then(|t| crate::jwt::peek(t.as_bytes()).ok());
            // Clock skew: a measured offset past a minute, a token not valid yet here, or no
            // measurement at all (then the confidence is not high).
            if e.cause() == Some(Cause::ClockSkew) {
                let measured = offset.filter(|o| *o >= -crate::observe::clock::STALE_DATE_S);
                let nbf_ahead = claims
                    .as_ref()
                    .and_then(|c| c.nbf.or(c.iat))
                    .is_some_and(|n| n as i64 > T as i64);
                match measured {
                    Some(o) => prop_assert!(o.abs() >= 10 || nbf_ahead, "{text}"),
                    None => prop_assert!(
                        nbf_ahead || e.confidence() < Some(crate::Confidence::High),
                        "{text}"
                    ),
                }
                prop_assert!(!text.contains("the clocks agree"), "{text}");
            }
            // Expiry: an exp in the past (by some clock), or the server's own words.
            if e.cause() == Some(Cause::ExpiredCredentials) {
                let exp_future = claims
                    .as_ref()
                    .and_then(|c| c.exp)
                    .is_some_and(|x| x as i64 > T as i64 + 60 + offset.unwrap_or(0).max(0));
                let server_says = said.contains("expir") || said.contains("stale=true");
                prop_assert!(!exp_future || server_says, "{text}");
            }
            // Nothing "was not sent" beside a credential.
            if cred.is_some() {
                prop_assert!(!text.contains("no credential was sent"), "{text}");
                prop_assert!(!text.contains("and none was sent"), "{text}");
            }
            // A token's signature is not request signing.
            if claims.is_some() {
                prop_assert_ne!(e.cause(), Some(Cause::SignatureMismatch), "{}", text);
            }
            prop_assert!(!text.contains("FAKESECRET"), "{text}");
        }
    }
}

#[test]
fn a_bare_scheme_word_is_not_scrubbed_from_the_evidence() {
    let e = explain(Case {
        request: &[("authorization", "Bearer")],
        status: 401,
        response: &[(
            "www-authenticate",
            r#"Bearer realm="api", error="invalid_request""#,
        )],
        preflight: true,
        ..Case::default()
    });
    let text = e.to_string();
    assert!(text.contains("WWW-Authenticate: Bearer"), "{text}");
    assert!(!text.contains("[REDACTED] realm"), "{text}");
    // an empty token is a missing one
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{text}");
}

#[test]
fn dpop_errors_are_standard_codes() {
    let e = explain(Case {
        request: &[("authorization", "DPoP FAKESECRETtoken0123456789")],
        status: 401,
        response: &[(
            "www-authenticate",
            r#"DPoP error="invalid_dpop_proof", error_description="Invalid DPoP proof""#,
        )],
        ..Case::default()
    });
    assert_eq!(e.cause(), Some(Cause::SignatureMismatch), "{e}");
    assert_eq!(e.confidence(), Some(crate::Confidence::High));
    let e = explain(Case {
        request: &[("authorization", "DPoP FAKESECRETtoken0123456789")],
        status: 401,
        response: &[
            ("www-authenticate", r#"DPoP error="use_dpop_nonce""#),
            ("dpop-nonce", "eyJ7S_zG.eyJH0-Z.HX4w-7v"),
        ],
        ..Case::default()
    });
    assert_eq!(e.cause(), Some(Cause::MalformedCredentials), "{e}");
    assert!(e.summary().contains("DPoP-Nonce"), "{e}");
}

#[test]
fn a_token_valid_at_the_servers_date_did_not_expire_there() {
    // A response read hours after it was recorded: the token expired by this clock, but the
    // server judged it at its Date, inside its window, and says its signature failed.
    let auth = jwt(&format!(r#"{{"iat":{},"exp":{}}}"#, T - 60, T + 3_000));
    let d = date(T);
    let e = explain(Case {
        request: &[("authorization", &auth)],
        status: 401,
        response: &[
            ("date", &d),
            ("www-authenticate", "Bearer error=\"invalid_token\""),
        ],
        body: "Jwt verification fails",
        now: at(T + 7 * 3_600 + 1_234),
        preflight: true,
        ..Case::default()
    });
    assert!(
        !matches!(
            e.cause(),
            Some(Cause::ExpiredCredentials | Cause::ClockSkew)
        ),
        "{e}"
    );
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
}

#[test]
fn a_token_signature_error_is_not_a_clock_problem() {
    // The clocks differ by ten minutes, but the request is not signed: "invalid signature" is
    // the token's, which says nothing of the clock.
    let d = date(T - 600);
    let e = explain(Case {
        request: &[("authorization", "Bearer FAKESECRETopaque0123456789")],
        status: 401,
        response: &[("date", &d)],
        body: r#"{"error":"invalid_token","message":"JWSError JWSInvalidSignature"}"#,
        now: at(T),
        ..Case::default()
    });
    assert_ne!(e.cause(), Some(Cause::ClockSkew), "{e}");
}

#[test]
fn a_session_page_for_a_request_without_cookies_is_a_missing_credential() {
    let e = explain(Case {
        status: 401,
        response: &[("content-type", "text/html")],
        body: "<html><head><title>Session expired</title></head><body><h1>Your session has expired</h1><p>Please sign in again.</p></body></html>",
        ..Case::default()
    });
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    assert!(e.confidence() < Some(Confidence::High), "{e}");
    // With a session cookie, the session did expire.
    let e = explain(Case {
        request: &[("cookie", "session=FAKESECRETsess0123456789abcdef")],
        status: 401,
        response: &[("content-type", "text/html")],
        body: "<html><head><title>Session expired</title></head><body><h1>Your session has expired</h1><p>Please sign in again.</p></body></html>",
        ..Case::default()
    });
    assert_ne!(e.cause(), Some(Cause::MissingCredentials), "{e}");
}

#[test]
fn a_polite_tail_takes_nothing_back() {
    let body = r#"{"id":"suspended","message":"This account has been suspended. Please contact support if you believe this is an error."}"#;
    let e = explain(Case {
        request: &[("authorization", "Bearer FAKESECRETopaque0123456789")],
        status: 403,
        body,
        ..Case::default()
    });
    assert_eq!(e.cause(), Some(Cause::AccountSuspended), "{e}");
    // A message that opens with the hypothetical asserts nothing.
    let body =
        r#"{"message":"If you believe your account was suspended in error, contact support."}"#;
    let e = explain(Case {
        request: &[("authorization", "Bearer FAKESECRETopaque0123456789")],
        status: 403,
        body,
        ..Case::default()
    });
    assert_ne!(e.cause(), Some(Cause::AccountSuspended), "{e}");
}

#[test]
fn an_offset_of_odd_hours_is_a_stored_response() {
    // 7 h 20 min is no time zone: the Date belongs to a response read again later, and no
    // clock offset is claimed from it; 5 h is a time zone set wrong, and is measured.
    for (ahead, measured) in [(7 * 3_600 + 1_200, false), (5 * 3_600, true), (600, true)] {
        let d = date(T - ahead);
        let e = explain(Case {
            request: &[("authorization", "Bearer FAKESECRETopaque0123456789")],
            status: 401,
            response: &[("date", &d)],
            body: r#"{"message":"Request timestamp is outside the allowed window"}"#,
            now: at(T),
            ..Case::default()
        });
        let claims_offset = e.evidence().iter().any(|l| l.contains("Date"));
        assert_eq!(claims_offset, measured, "{ahead}: {e}");
        if !measured {
            assert!(!e.summary().contains("no Date header"), "{e}");
        }
    }
}

#[test]
fn the_servers_documentation_link_is_kept() {
    let e = explain(Case {
        request: &[("authorization", "Bearer FAKESECRETopaque0123456789")],
        status: 401,
        body: r#"{"message":"Bad credentials","documentation_url":"https://docs.example.com/rest/auth"}"#,
        ..Case::default()
    });
    assert_eq!(e.docs_url(), Some("https://docs.example.com/rest/auth"));
    assert!(
        e.to_string()
            .contains("   = docs: https://docs.example.com/rest/auth")
    );
    assert_eq!(
        e.to_json()["docs_url"],
        "https://docs.example.com/rest/auth"
    );
    // Only an https link, and never one that carries the key.
    let e = explain(Case {
        request: &[("authorization", "Bearer FAKESECRETopaque0123456789")],
        status: 401,
        body: r#"{"message":"Bad credentials","more_info":"https://docs.example.com/x?key=FAKESECRETopaque0123456789"}"#,
        ..Case::default()
    });
    assert!(!e.to_string().contains("FAKESECRETopaque0123456789"), "{e}");
    let e = explain(Case {
        status: 401,
        body: r#"{"message":"Bad credentials","docs":"see the manual"}"#,
        ..Case::default()
    });
    assert_eq!(e.docs_url(), None);
}

#[test]
fn a_credential_the_server_calls_invalid_is_not_unanswered_by_its_challenge() {
    // Kong's key-auth: the key goes in `apikey`, the challenge names Kong's own scheme.
    let e = explain(Case {
        request: &[("apikey", "FAKEkong7Hs2Qm9Xv4Lp1Zr8")],
        status: 401,
        response: &[
            ("www-authenticate", "Key realm=\"kong\""),
            ("content-type", "application/json"),
        ],
        body: r#"{"message":"Invalid authentication credentials"}"#,
        ..Case::default()
    });
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    // Without a verdict, a key in a header of its own is no proof of a credential the server
    // did not read: servers that read one (Kong, Redmine) challenge with their own scheme
    // all the same. The status alone speaks, at low confidence.
    let e = explain(Case {
        request: &[("apikey", "FAKEkong7Hs2Qm9Xv4Lp1Zr8")],
        status: 401,
        response: &[("www-authenticate", "Key realm=\"kong\"")],
        body: r#"{"message":"Unauthorized"}"#,
        ..Case::default()
    });
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert_eq!(e.confidence(), Some(Confidence::Low), "{e}");
}

#[test]
fn anonymous_access_with_a_credential_is_a_refused_credential() {
    let e = explain(Case {
        request: &[(
            "authorization",
            "ApiKey RkFLRWszeUlkMHg5dlE6RkFLRWFwaUtleQ==",
        )],
        status: 401,
        response: &[("content-type", "application/json")],
        body: r#"{"error":{"type":"security_exception","reason":"unable to authenticate with provided credentials and anonymous access is not allowed for this request"}}"#,
        ..Case::default()
    });
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
}

#[test]
fn a_refresh_token_sent_to_an_api_is_the_wrong_token() {
    let auth = jwt(&format!(r#"{{"typ":"Refresh","exp":{}}}"#, T + 3600));
    let case = |url, body| {
        explain(Case {
            url,
            request: &[("authorization", &auth)],
            status: 401,
            response: &[("content-type", "application/json")],
            body,
            now: at(T),
            ..Case::default()
        })
    };
    let e = case("https://api.example.com/v1/me", r#"{"msg":"Unauthorized"}"#);
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert!(e.summary().contains("refresh token"), "{e}");
    assert_eq!(e.confidence(), Some(Confidence::High), "{e}");
    // At a refresh endpoint a refresh token may be the right one: something else failed.
    let e = case(
        "https://api.example.com/auth/refresh",
        r#"{"msg":"Unauthorized"}"#,
    );
    assert!(!e.summary().contains("refresh token was sent"), "{e}");
    // A specific reason the server names stands.
    let e = case(
        "https://api.example.com/v1/me",
        r#"{"msg":"Token has been revoked"}"#,
    );
    assert_eq!(e.cause(), Some(Cause::RevokedCredentials), "{e}");
}

#[test]
fn a_jwt_library_speaking_of_segments_means_the_token_is_no_jwt() {
    let e = json_reply(
        &[("authorization", "Bearer FAKESECRETopaqueToken0123456789")],
        401,
        r#"{"msg":"Not enough segments"}"#,
    );
    assert_eq!(e.cause(), Some(Cause::MalformedCredentials), "{e}");
}

#[test]
fn a_token_the_server_calls_inactive_inside_its_window_was_revoked() {
    let auth = jwt(&format!(r#"{{"iat":{},"exp":{}}}"#, T - 900, T + 2700));
    let challenge =
        r#"Bearer error="invalid_token", error_description="Provided token isn't active""#;
    let case = |secs: u64| {
        let d = date(secs);
        explain(Case {
            request: &[("authorization", &auth)],
            status: 401,
            response: &[("date", &d), ("www-authenticate", challenge)],
            now: at(secs),
            ..Case::default()
        })
    };
    let e = case(T);
    assert_eq!(e.cause(), Some(Cause::RevokedCredentials), "{e}");
    // Past its exp at the server's time, "not active" is its expiry.
    let e = case(T + 3000);
    assert_eq!(e.cause(), Some(Cause::ExpiredCredentials), "{e}");
}

#[test]
fn an_ip_address_beside_a_refusal_is_an_ip_restriction() {
    let run = |body: &str, status: u16| {
        json_reply(
            &[("authorization", "Bearer FAKEtoken0123456789")],
            status,
            body,
        )
    };
    let e = run(
        r#"{"message":"Incoming request with IP/Token 203.0.113.77 is not allowed to access the service."}"#,
        401,
    );
    assert_eq!(e.cause(), Some(Cause::IpRestricted), "{e}");
    let e = run(
        r#"{"error":"invalid_client","error_description":"Invalid client IP 198.51.100.24: not in the allowed ranges"}"#,
        403,
    );
    assert_eq!(e.cause(), Some(Cause::IpRestricted), "{e}");
    // An address in a message about the key is no restriction of the address.
    let e = run(
        r#"{"message":"Unauthorized request from 198.51.100.24: invalid API key"}"#,
        401,
    );
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
}

#[test]
fn a_server_that_asks_for_authentication_received_none() {
    let body = |b| {
        explain(Case {
            status: 401,
            response: &[("content-type", "application/json")],
            body: b,
            ..Case::default()
        })
    };
    let e = body(r#"{"error_message":"Requires authentication","error_type":"invalid_token"}"#);
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    // A server that judges a key a bodiless request does not show received none: missing,
    // though not beyond doubt.
    let e = body(r#"{"message":"The API key is invalid"}"#);
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    assert_eq!(e.confidence(), Some(Confidence::Medium), "{e}");
    // A request with a body may carry it there: the server's judgement stands.
    let e = explain(Case {
        method: "POST",
        status: 401,
        response: &[("content-type", "application/json")],
        body: r#"{"message":"The API key is invalid"}"#,
        ..Case::default()
    });
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
}

#[test]
fn a_code_that_says_not_found_yields_to_a_message_that_says_invalid() {
    let e = json_reply(
        &[("authorization", "Bearer FAKEkey0123456789abcdef")],
        401,
        r#"{"error":{"message":"Invalid proxy server token passed.","type":"token_not_found_in_db"}}"#,
    );
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
}

#[test]
fn an_oauth1_timestamp_measures_the_clock() {
    let auth = format!(
        r#"OAuth oauth_consumer_key="FAKEconsumer0123",oauth_nonce="abc",oauth_signature_method="HMAC-SHA256",oauth_timestamp="{}",oauth_version="1.0",oauth_signature="FAKEsig""#,
        T - 2460
    );
    let d = date(T);
    let e = explain(Case {
        method: "POST",
        request: &[("authorization", &auth)],
        status: 401,
        response: &[("date", &d), ("content-type", "application/json")],
        body: r#"{"errorCode":401204,"message":"Time stamp is outside the valid period."}"#,
        now: at(T - 2460),
        ..Case::default()
    });
    assert_eq!(e.cause(), Some(Cause::ClockSkew), "{e}");
    assert!(e.summary().contains("41 min"), "{e}");
}

#[test]
fn invalid_scope_in_words_is_a_scope_and_a_required_scope_is_named() {
    let run = |status, body| {
        json_reply(
            &[("authorization", "Bearer FAKEtoken0123456789")],
            status,
            body,
        )
    };
    let e = run(
        401,
        r#"{"status":"error","error":"authentication error: invalid scope requested"}"#,
    );
    assert_eq!(e.cause(), Some(Cause::InsufficientScope), "{e}");
    let e = run(
        403,
        r#"{"message":"This endpoint requires the file_variables:read scope"}"#,
    );
    assert_eq!(e.cause(), Some(Cause::InsufficientScope), "{e}");
    assert_eq!(e.required_scopes(), ["file_variables:read"]);
}

#[test]
fn a_verdict_on_the_format_of_the_credential_is_malformed() {
    let e = json_reply(
        &[("authorization", "Bearer FAKEtoken0123456789")],
        401,
        r#"{"message":"Bad HTTP authentication header format"}"#,
    );
    assert_eq!(e.cause(), Some(Cause::MalformedCredentials), "{e}");
}

#[test]
fn a_resource_embedded_in_an_error_is_not_the_error() {
    // Stripe's declined card: the payment intent's `status: requires_payment_method` says
    // nothing of a plan.
    let e = json_reply(
        &[("authorization", "Bearer sk_live_FAKESECRET0123456789")],
        403,
        r#"{"error":{"code":"card_declined","message":"Your card has insufficient funds.","payment_intent":{"id":"pi_FAKE1","object":"payment_intent","status":"requires_payment_method"},"type":"card_error"}}"#,
    );
    assert_ne!(e.cause(), Some(Cause::PlanRestricted), "{e}");
}

#[test]
fn an_exhausted_counter_outweighs_an_unnamed_permission() {
    let run = |body: &str| {
        explain(Case {
            request: &[("x-api-key", "FAKEkey0123456789abcdef")],
            status: 403,
            response: &[
                ("content-type", "application/json"),
                ("ratelimit-policy", r#""hourly";q=5000;w=3600"#),
                ("ratelimit", r#""hourly";r=0;t=1794"#),
            ],
            body,
            ..Case::default()
        })
    };
    let e =
        run(r#"{"message":"Forbidden: this API key is not permitted to perform this request"}"#);
    assert_eq!(e.cause(), Some(Cause::RateLimited), "{e}");
    // A permission the server names is its reason, counter or not.
    let e = run(r#"{"message":"Missing scopes: catalog.write"}"#);
    assert_eq!(e.cause(), Some(Cause::InsufficientScope), "{e}");
}

#[test]
fn request_ids_from_an_occurrence_a_log_id_or_a_top_level_id() {
    let run = |headers: &[(&str, &str)], body: &str| {
        explain(Case {
            request: &[("authorization", "Bearer FAKEtoken0123456789")],
            status: 401,
            response: headers,
            body,
            ..Case::default()
        })
    };
    let e = run(
        &[("content-type", "application/problem+json")],
        r#"{"title":"Unauthorized","detail":"You did not provide correct credentials.","instance":"ba0fc25d2a26625cfc82b961a44a47c6"}"#,
    );
    assert_eq!(e.request_id(), Some("ba0fc25d2a26625cfc82b961a44a47c6"));
    let e = run(
        &[
            ("content-type", "application/json"),
            ("x-tt-logid", "20261203LOG0001"),
        ],
        r#"{"error":{"code":"access_token_invalid"}}"#,
    );
    assert_eq!(e.request_id(), Some("20261203LOG0001"));
    let e = run(
        &[("content-type", "application/json")],
        r#"{"status":401,"id":"HS77K-25XFF-VOJ4N","code":"unauthorized"}"#,
    );
    assert_eq!(e.request_id(), Some("HS77K-25XFF-VOJ4N"));
    // The request the body reports, a `req_id` beside the status, a tracking id in a fault's
    // text.
    let e = run(
        &[("content-type", "application/json")],
        r#"{"status":"failure","request":{"id":"req_kQ7pzH2c0sBvW1","operations":0},"error":{"type":"credentials_error","message":"Incorrect API user or API secret"}}"#,
    );
    assert_eq!(e.request_id(), Some("req_kQ7pzH2c0sBvW1"));
    let e = run(
        &[("content-type", "application/json")],
        r#"{"status":{"code":11008,"description":"Invalid API key","req_id":"49d1691503f941b8"}}"#,
    );
    assert_eq!(e.request_id(), Some("49d1691503f941b8"));
    let e = run(
        &[("content-type", "application/xml")],
        "<Error><Code>401</Code><Detail>ExpiredToken: The token is expired. TrackingId:5c3e1d2a-8f4b-4c1e-9a77-2b6d0f3e9c11_G12, SystemTracker:ns:orders</Detail></Error>",
    );
    assert_eq!(
        e.request_id(),
        Some("5c3e1d2a-8f4b-4c1e-9a77-2b6d0f3e9c11_G12")
    );
    // A word in `id` is a code, not an id.
    let e = run(
        &[("content-type", "application/json")],
        r#"{"id":"unauthorized","message":"Invalid credentials provided."}"#,
    );
    assert_eq!(e.request_id(), None);
}

#[test]
fn header_verdicts_read_against_the_form_that_was_sent() {
    let run = |auth: Option<&str>, body: &str| {
        let request: Vec<(&str, &str)> = auth.map(|a| ("authorization", a)).into_iter().collect();
        json_reply(&request, 401, body)
    };
    // A well-formed Bearer header the server calls invalid: its value was refused.
    let e = run(
        Some("Bearer FAKEkey0123456789abcdef"),
        r#"{"error":"invalid authorization header"}"#,
    );
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    // "No Authorization was found" for a credential under a scheme of its own.
    let e = run(
        Some("Token FAKEkey0123456789abcdef"),
        r#"{"code":"FST_JWT_NO_AUTHORIZATION_IN_HEADER","message":"No Authorization was found in request.headers"}"#,
    );
    assert_eq!(e.cause(), Some(Cause::WrongScheme), "{e}");
    // The same words for a Bearer token: the server did not see it.
    let e = run(
        Some("Bearer FAKEkey0123456789abcdef"),
        r#"{"message":"No Authorization was found in request.headers"}"#,
    );
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    // "Authorization header is invalid" (a list of reasons) for a header under a scheme of
    // its own: the scheme was refused; for a Bearer header, its value was.
    let e = run(
        Some("Token FAKEkey0123456789abcdef"),
        r#"{"reasons":["Authorization header is invalid."],"exception":"Unauthorized"}"#,
    );
    assert_eq!(e.cause(), Some(Cause::WrongScheme), "{e}");
    // `JWT` before a value that is no JWT: the scheme was understood, the token is not of
    // its form.
    let e = run(
        Some("JWT FAKEkey0123456789abcdef"),
        r#"{"reasons":["Authorization header is invalid."],"exception":"Unauthorized"}"#,
    );
    assert_ne!(e.cause(), Some(Cause::WrongScheme), "{e}");
    let e = run(
        Some("Bearer FAKEkey0123456789abcdef"),
        r#"{"reasons":["Authorization header is invalid."],"exception":"Unauthorized"}"#,
    );
    assert_ne!(e.cause(), Some(Cause::WrongScheme), "{e}");
    // "Authentication required" to a credential under a scheme of its own: not read.
    let e = run(
        Some("Token FAKEkey0123456789abcdef"),
        r#"{"message":"Authentication required. Please supply a valid API Access Token"}"#,
    );
    assert_eq!(e.cause(), Some(Cause::WrongScheme), "{e}");
    let e = run(
        Some("Bearer FAKEkey0123456789abcdef"),
        r#"{"message":"Authentication required. Please supply a valid API Access Token"}"#,
    );
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    // "Missing or bad formatted" to a request that sent nothing: missing.
    let e = run(
        None,
        r#"{"message":"Missing or bad formatted authorization header"}"#,
    );
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
}

#[test]
fn a_csrf_refusal_is_no_credential_problem() {
    let e = json_reply(
        &[("cookie", "sessionid=FAKEsession0123456789")],
        403,
        r#"{"detail":"CSRF Failed: CSRF cookie not set."}"#,
    );
    assert_eq!(e.cause(), Some(Cause::UnknownForbidden), "{e}");
    assert!(e.summary().contains("CSRF"), "{e}");
    assert!(e.remedies().iter().any(|r| r.contains("CSRF token")), "{e}");
}

#[test]
fn a_challenge_that_judges_the_token_read_its_scheme() {
    let run = |challenge: &str| {
        explain(Case {
            request: &[("authorization", "Bearer FAKEtoken0123456789")],
            status: 401,
            response: &[("www-authenticate", challenge)],
            ..Case::default()
        })
    };
    // hapi-auth-jwt2 challenges with `Token` yet reads `Bearer`, and says the token is bad.
    let e = run(r#"Token error="Invalid token""#);
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    // A challenge with no error, or one about the token's type, leaves the scheme at fault.
    assert_eq!(
        run(r#"Token realm="api""#).cause(),
        Some(Cause::WrongScheme)
    );
    assert_eq!(
        run(r#"Token error="unsupported_token_type""#).cause(),
        Some(Cause::WrongScheme)
    );
    // A code of the server's own that says it found no credential of its scheme read nothing
    // (sccache's scheduler to a Basic request).
    assert_eq!(
        run(r#"Basic error="no_basic_auth""#).cause(),
        Some(Cause::WrongScheme)
    );
}

#[test]
fn a_token_the_servers_clock_had_not_seen_expire_did_not_expire_there() {
    // Expired by this clock, read later; at the server's Date it was not valid yet.
    let auth = jwt(&format!(
        r#"{{"iat":{},"nbf":{},"exp":{}}}"#,
        T + 90,
        T + 90,
        T + 3690
    ));
    let d = date(T);
    let e = explain(Case {
        request: &[("authorization", &auth)],
        status: 401,
        response: &[("date", &d), ("content-type", "application/json")],
        body: r#"{"error":"invalid session: token has invalid claims: token is not valid yet","code":16}"#,
        now: at(T + 90_000),
        preflight: true,
        ..Case::default()
    });
    assert_ne!(e.cause(), Some(Cause::ExpiredCredentials), "{e}");
}

#[test]
fn a_server_that_denies_the_header_that_was_sent_refused_it() {
    let e = json_reply(
        &[("authorization", "Basic amRvZTpGQUtFYXBwLXBhc3N3b3Jk")],
        401,
        r#"{"message":"No public access to this resource., No 'Authorization: Basic' header found. Either the client didn't send one, or the server is misconfigured"}"#,
    );
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    // The same words for a Bearer token: the Basic header it names was indeed not sent.
    let e = json_reply(
        &[("authorization", "Bearer FAKEtoken0123456789")],
        401,
        r#"{"message":"No 'Authorization: Basic' header found."}"#,
    );
    assert_ne!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
}

#[test]
fn a_missing_privilege_and_a_reference_id_are_read() {
    let e = json_reply(
        &[("authorization", "Bearer FAKEtoken0123456789")],
        403,
        r#"{"error":{"code":"0x80040220","message":"Principal user (Id=a25d, type=8) is missing prvReadAccount privilege (Id=886b) on OTC=1 for entity 'account'"}}"#,
    );
    assert_eq!(e.required_scopes(), ["prvReadAccount"], "{e}");
    let e = json_reply(
        &[("authorization", "Bearer FAKEtoken0123456789")],
        401,
        r#"{"errorCode":1001,"message":"An Access Token is required.","refId":"eaio3qj1w5woc"}"#,
    );
    assert_eq!(e.request_id(), Some("eaio3qj1w5woc"));
    // A plain word after "is missing" names no privilege.
    let e = json_reply(
        &[("authorization", "Bearer FAKEtoken0123456789")],
        403,
        r#"{"message":"The request is missing required permission"}"#,
    );
    assert!(e.required_scopes().is_empty(), "{e}");
}

#[test]
fn a_token_minted_ahead_of_the_servers_clock_is_clock_skew_not_expiry() {
    // iat four minutes after the server's Date, exp twenty minutes later: the words speak of
    // expiry, the claims say the minting host's clock runs ahead.
    let auth = jwt(&format!(r#"{{"iat":{},"exp":{}}}"#, T + 240, T + 1440));
    let d = date(T);
    let body = r#"{"errors":[{"status":"401","code":"NOT_AUTHORIZED","title":"Authentication credentials are missing or invalid.","detail":"Provide a properly configured and signed bearer token, and make sure that it has not expired."}]}"#;
    let run = |now| {
        explain(Case {
            request: &[("authorization", &auth)],
            status: 401,
            response: &[("date", &d), ("content-type", "application/json")],
            body,
            now: at(now),
            ..Case::default()
        })
    };
    let e = run(T + 240);
    assert_ne!(e.cause(), Some(Cause::ExpiredCredentials), "{e}");
    assert!(
        matches!(
            e.cause(),
            Some(Cause::ClockSkew | Cause::InvalidCredentials)
        ),
        "{e}"
    );
}

#[test]
fn a_server_that_quotes_the_key_read_it_under_the_scheme_sent() {
    let run = |body: &str| {
        explain(Case {
            request: &[("authorization", "Bearer qz81_FAKEkey0123456789p7dc")],
            status: 401,
            response: &[
                ("www-authenticate", r#"Basic realm="api""#),
                ("content-type", "application/json"),
            ],
            body,
            ..Case::default()
        })
    };
    // The key quoted back masked (its opening and its last characters): it was read.
    let e = run(r#"{"error":{"message":"Invalid API Key provided: qz81_****************p7dc"}}"#);
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert!(!e.to_string().contains("FAKEkey"), "{e}");
    // A masked key that is not the one sent proves nothing of it.
    let e = run(r#"{"error":{"message":"Invalid API Key provided: qz81_****************a1b2"}}"#);
    assert_eq!(e.cause(), Some(Cause::WrongScheme), "{e}");
    // Nor do words without the key.
    let e = run(r#"{"error":{"message":"Invalid API Key provided"}}"#);
    assert_eq!(e.cause(), Some(Cause::WrongScheme), "{e}");
}

#[test]
fn a_digest_answer_challenged_again_is_a_wrong_password_unless_stale() {
    let run = |challenge: &str| {
        explain(Case {
            request: &[(
                "authorization",
                r#"Digest username="deploy", realm="ops", nonce="abc123", uri="/status", response="FAKESECRET0123456789abcdef0123456""#,
            )],
            status: 401,
            response: &[("www-authenticate", challenge)],
            ..Case::default()
        })
    };
    let e = run(r#"Digest realm="ops", nonce="def456", qop="auth""#);
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    assert!(
        e.to_string().contains(r#"nonce="def456""#),
        "the challenge is no secret: {e}"
    );
    let e = run(r#"Digest realm="ops", nonce="def456", qop="auth", stale=true"#);
    assert_eq!(e.cause(), Some(Cause::ExpiredCredentials), "{e}");
    // A Basic challenge to the Digest answer: the scheme is wrong.
    let e = run(r#"Basic realm="ops""#);
    assert_eq!(e.cause(), Some(Cause::WrongScheme), "{e}");
}

#[test]
fn request_ids_under_a_providers_prefix_or_on_the_error_object() {
    let e = json_reply(
        &[("authorization", "Bearer FAKEtoken0123456789")],
        401,
        r#"{"error":{"message":"Error validating access token: Session has expired","type":"OAuthException","code":190,"fbtrace_id":"AbXq3Zk9pTn1vR7yLm2Qw8E"}}"#,
    );
    assert_eq!(e.request_id(), Some("AbXq3Zk9pTn1vR7yLm2Qw8E"), "{e}");
    let e = json_reply(
        &[("x-subscription-token", "FAKEtoken0123456789")],
        401,
        r#"{"type":"ErrorResponse","error":{"id":"c7e3a1f4-2b9d-4e6a-8f05-91d2b7c4e3a8","code":"SUBSCRIPTION_TOKEN_INVALID","detail":"The provided subscription token is invalid."}}"#,
    );
    assert_eq!(
        e.request_id(),
        Some("c7e3a1f4-2b9d-4e6a-8f05-91d2b7c4e3a8"),
        "{e}"
    );
    // A word in an `id` is a code, not an occurrence.
    let e = json_reply(
        &[("authorization", "Bearer FAKEtoken0123456789")],
        401,
        r#"{"error":{"id":"unauthorized","message":"Invalid token"}}"#,
    );
    assert_eq!(e.request_id(), None, "{e}");
}

#[test]
fn request_ids_as_a_uuid_named_for_the_error_or_the_request() {
    let e = json_reply(
        &[("x-auth-token", "api-key FAKEtoken0123456789")],
        401,
        r#"{"httpStatus":401,"code":1014,"message":"Unable to authenticate request","uuid":"474a4b57-df76-4dd9-be3e-31625d93cae6"}"#,
    );
    assert_eq!(
        e.request_id(),
        Some("474a4b57-df76-4dd9-be3e-31625d93cae6"),
        "{e}"
    );
    let e = json_reply(
        &[("authorization", "Bearer FAKEtoken0123456789")],
        401,
        r#"{"code":"InvalidCredentials","message":{"error":1102,"message":"The API key provided is invalid.","request":"5b1f0c7e-2d84-4a3b-9e61-7f0a4c2d9b18"}}"#,
    );
    assert_eq!(
        e.request_id(),
        Some("5b1f0c7e-2d84-4a3b-9e61-7f0a4c2d9b18"),
        "{e}"
    );
    // a message that is nothing but a UUID names the occurrence
    let e = json_reply(
        &[("x-api-token", "FAKEtoken0123456789")],
        401,
        r#"{"message":"9c103022-b3ce-41f7-b45c-de9ee51b72a1","statusCode":401,"code":"Unauthorized"}"#,
    );
    assert_eq!(
        e.request_id(),
        Some("9c103022-b3ce-41f7-b45c-de9ee51b72a1"),
        "{e}"
    );
    // a `request` that is no UUID is a word of the payload
    let e = json_reply(
        &[("authorization", "Bearer FAKEtoken0123456789")],
        401,
        r#"{"message":"Invalid token","request":"GET /v1/me"}"#,
    );
    assert_eq!(e.request_id(), None, "{e}");
}

#[test]
fn a_wait_in_the_words_beside_a_block_or_a_gradual_limit() {
    let e = json_reply(
        &[("authorization", "Bearer FAKEtoken0123456789")],
        403,
        r#"{"s":"error","errmsg":"Access denied. Your IP address has changed, and your account is temporarily blocked. Please wait 5 minutes before trying again."}"#,
    );
    assert_eq!(e.retry_after_s(), Some(300), "{e}");
    // one of a unit in words, and a wait the caller "must" keep
    let e = json_reply(
        &[("authorization", "Bearer FAKEtoken0123456789")],
        400,
        r#"{"message":"Too many failed login attempts, retry in a minute"}"#,
    );
    assert_eq!(e.retry_after_s(), Some(60), "{e}");
    let e = json_reply(
        &[("authorization", "Bearer FAKEtoken0123456789")],
        401,
        r#"{"message":"After an incorrect login you must wait 5 seconds."}"#,
    );
    assert_eq!(e.retry_after_s(), Some(5), "{e}");
    // the wait asked for comes before the window's reset
    let e = explain(Case {
        status: 429,
        response: &[
            ("content-type", "application/json"),
            ("x-ratelimit-remaining", "0"),
            ("x-ratelimit-reset", "72"),
        ],
        body: r#"{"error":"ratelimit_error","description":"You are being rate-limited. Please wait 12000 milliseconds."}"#,
        ..Case::default()
    });
    assert_eq!(e.retry_after_s(), Some(12), "{e}");
    // a count that is no time is no wait
    let e = json_reply(
        &[("authorization", "Bearer FAKEtoken0123456789")],
        403,
        r#"{"message":"Forbidden. Please wait 2 approvals before publishing."}"#,
    );
    assert_eq!(e.retry_after_s(), None, "{e}");
}

#[test]
fn a_bare_invalid_for_a_token_issued_after_the_servers_date_is_clock_skew() {
    // iat and nbf 7 minutes after the server's Date, exp after it: the minting clock is ahead,
    // however late the response is read.
    let auth = jwt(&format!(
        r#"{{"iat":{},"nbf":{},"exp":{}}}"#,
        T + 420,
        T + 420,
        T + 720
    ));
    let d = date(T);
    let run = |body: &str, now: u64| {
        explain(Case {
            request: &[("authorization", &auth)],
            status: 401,
            response: &[("date", &d), ("content-type", "application/json")],
            body,
            now: at(now),
            ..Case::default()
        })
    };
    let bare = r#"{"detail":"Given token not valid for any token type","code":"token_not_valid"}"#;
    for now in [T + 420, T + 4_000, T + 90_000] {
        let e = run(bare, now);
        assert_eq!(e.cause(), Some(Cause::ClockSkew), "read at {now}: {e}");
    }
    // A signature the server could not verify is not the clock.
    let e = run(r#"{"detail":"Signature verification failed"}"#, T + 420);
    assert_ne!(e.cause(), Some(Cause::ClockSkew), "{e}");
}

#[test]
fn a_locked_account_outweighs_a_quota_code_beside_it() {
    let e = json_reply(
        &[("authorization", "Bearer FAKEtoken0123456789")],
        403,
        r#"{"error":{"message":"Your User ID temporarily is suspended. We've locked your account as a security precaution.","type":"permission_error","code":"insufficient_quota"}}"#,
    );
    assert_eq!(e.cause(), Some(Cause::AccountSuspended), "{e}");
    // The quota code alone is a plan.
    let e = json_reply(
        &[("authorization", "Bearer FAKEtoken0123456789")],
        403,
        r#"{"error":{"message":"You exceeded your current quota.","code":"insufficient_quota"}}"#,
    );
    assert_eq!(e.cause(), Some(Cause::PlanRestricted), "{e}");
}

#[test]
fn a_description_that_echoes_its_code_says_its_reason_after_it() {
    let run = |body: &str| {
        json_reply(
            &[("authorization", "Bearer FAKEtoken0123456789")],
            401,
            body,
        )
    };
    let e = run(
        r#"{"error":"invalid_token","error_description":"Invalid token: access token has expired"}"#,
    );
    assert_eq!(e.cause(), Some(Cause::ExpiredCredentials), "{e}");
    // "invalid or expired" decides nothing between the two.
    let e =
        run(r#"{"error":"invalid_token","error_description":"The token is invalid or expired"}"#);
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
}

#[test]
fn invalid_request_that_judges_the_tokens_life_is_that_verdict() {
    let key = [("authorization", "Bearer FAKEtoken0123456789")];
    let e = json_reply(
        &key,
        401,
        r#"{"error":"invalid_request","error_description":"access token expired"}"#,
    );
    assert_eq!(e.cause(), Some(Cause::ExpiredCredentials), "{e}");
    // A description about the request's form keeps the code's meaning.
    let e = json_reply(
        &key,
        401,
        r#"{"error":"invalid_request","error_description":"The access token was sent twice"}"#,
    );
    assert_eq!(e.cause(), Some(Cause::MalformedCredentials), "{e}");
}

#[test]
fn a_scheme_refused_by_name_is_a_wrong_scheme() {
    let e = json_reply(
        &[("authorization", "Bearer FAKEtoken0123456789")],
        401,
        r#"{"code":"InvalidHeader","message":"Unsupported authorization scheme Bearer"}"#,
    );
    assert_eq!(e.cause(), Some(Cause::WrongScheme), "{e}");
    // A scheme the message only asks for, to a request that sent that very scheme, is not.
    let e = json_reply(
        &[("authorization", "Bearer FAKEtoken0123456789")],
        401,
        r#"{"message":"Authorization must use the Bearer scheme; the token is invalid"}"#,
    );
    assert_ne!(e.cause(), Some(Cause::WrongScheme), "{e}");
}

#[test]
fn authentication_asked_of_a_request_keyed_only_in_the_query_was_not_read() {
    let e = run(
        "https://api.example.com/v1/search?api_key=FAKESECRETpUzWkHqRtYbN",
        &[],
        401,
        &[("content-type", "application/json")],
        r#"{"message":"You must authenticate to access this resource."}"#,
    );
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    // The same words to a request with a header credential do not say where it went.
    let e = run(
        "https://api.example.com/v1/search",
        &[("authorization", "Bearer FAKEtoken0123456789")],
        401,
        &[("content-type", "application/json")],
        r#"{"message":"You must authenticate to access this resource."}"#,
    );
    assert_ne!(e.cause(), Some(Cause::MissingCredentials), "{e}");
}

#[test]
fn a_rate_limit_in_a_401s_own_message_is_rate_limiting() {
    let run401 = |body: &str| {
        run(
            "https://api.example.com/?apikey=FAKESECRETe4x9",
            &[],
            401,
            &[("content-type", "application/json")],
            body,
        )
    };
    let e = run401(r#"{"Response":"False","Error":"Request limit reached!"}"#);
    assert_eq!(e.cause(), Some(Cause::RateLimited), "{e}");
    let e = run401(r#"{"Response":"False","Error":"Invalid API key!"}"#);
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
}

#[test]
fn a_permission_refused_to_a_request_without_credentials_asks_for_one() {
    let e = run(
        "https://data.example.net/sales/orders.json",
        &[],
        403,
        &[("content-type", "application/json")],
        r#"{"ok": false, "error": "You do not have permission to view this table"}"#,
    );
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    let e = run(
        "https://data.example.net/sales/orders.json",
        &[("authorization", "Bearer FAKEtoken0123456789")],
        403,
        &[("content-type", "application/json")],
        r#"{"ok": false, "error": "You do not have permission to view this table"}"#,
    );
    assert_eq!(e.cause(), Some(Cause::InsufficientScope), "{e}");
}

#[test]
fn a_token_the_server_calls_not_yet_valid_is_a_clock_problem() {
    // exp already past by this clock: the server's "not yet valid" still speaks of its own.
    let auth = jwt(&format!(r#"{{"iat":{},"exp":{}}}"#, T - 900, T - 300));
    let e = explain(Case {
        request: &[("authorization", &auth)],
        status: 401,
        response: &[("content-type", "application/json")],
        body: r#"{"reasons":["The token is not yet valid (iat)."],"exception":"Unauthorized"}"#,
        now: at(T),
        ..Case::default()
    });
    assert_eq!(e.cause(), Some(Cause::ClockSkew), "{e}");
    // With a Date that shows the token started long before, the words alone decide nothing
    // about the clock.
    let d = date(T);
    let e = explain(Case {
        request: &[("authorization", &auth)],
        status: 401,
        response: &[("content-type", "application/json"), ("date", &d)],
        body: r#"{"reasons":["The token is not yet valid (iat)."],"exception":"Unauthorized"}"#,
        now: at(T),
        ..Case::default()
    });
    assert_ne!(e.cause(), Some(Cause::ClockSkew), "{e}");
}

#[test]
fn a_terminated_session_is_the_credentials_state_not_the_accounts() {
    let key = [("authorization", "Bearer FAKEtoken0123456789")];
    let e = json_reply(
        &key,
        401,
        r#"{"error":{"message":"Session terminated, re-login, please."}}"#,
    );
    assert_eq!(e.cause(), Some(Cause::RevokedCredentials), "{e}");
    let e = json_reply(&key, 401, r#"{"message":"Your login has been disabled"}"#);
    assert_eq!(e.cause(), Some(Cause::AccountSuspended), "{e}");
}

#[test]
fn a_prefix_the_server_asks_to_remove_is_a_wrong_scheme() {
    let e = json_reply(
        &[("authorization", "Bearer lin_api_FAKESECRETq8Zt2Wv5")],
        401,
        r#"{"errors":[{"message":"It looks like you're trying to use an API key as a Bearer token. Remove the Bearer prefix from the Authorization header."}]}"#,
    );
    assert_eq!(e.cause(), Some(Cause::WrongScheme), "{e}");
}

#[test]
fn a_state_named_in_one_message_outranks_a_generic_refusal_in_another() {
    let key = [(
        "authorization",
        "ApiKey RkFLRWszeUlkMHg5dlE6RkFLRWFwaUtleQ==",
    )];
    let e = json_reply(
        &key,
        401,
        r#"{"error":{"root_cause":[{"type":"security_exception","reason":"unable to authenticate with provided credentials and anonymous access is not allowed for this request","additional_unsuccessful_credentials":"API key: api key is expired"}],"type":"security_exception"},"status":401}"#,
    );
    assert_eq!(e.cause(), Some(Cause::ExpiredCredentials), "{e}");
    // "invalid or expired" in the other message decides nothing.
    let e = json_reply(
        &key,
        401,
        r#"{"error":{"reason":"unable to authenticate with provided credentials","details":"the api key is invalid or expired"}}"#,
    );
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
}

#[test]
fn a_default_challenge_does_not_unread_a_key_in_its_own_header() {
    let e = run(
        "https://redmine.example.com/issues.json",
        &[("x-redmine-api-key", "FAKESECRET5e2b8d1f4a7c0e3b6d9f2a5c")],
        401,
        &[("www-authenticate", r#"Basic realm="Redmine API""#)],
        "",
    );
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    // A key in the query under a Basic challenge still went where the server does not read.
    let e = run(
        "https://api.example.com/v1/x?api_key=FAKESECRET5e2b8d1f4a7c",
        &[],
        401,
        &[("www-authenticate", r#"Basic realm="api""#)],
        "",
    );
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
}

#[test]
fn a_roles_list_names_the_required_roles() {
    let e = json_reply(
        &[("authorization", "Bearer FAKEtoken0123456789")],
        403,
        r#"{"code":403,"message":"OBP-20006: User is missing one or more roles: CanUpdateAccount"}"#,
    );
    assert_eq!(e.cause(), Some(Cause::InsufficientScope), "{e}");
    assert_eq!(e.required_scopes(), ["CanUpdateAccount"], "{e}");
}

#[test]
fn a_key_whose_prefix_names_another_environment_than_the_host() {
    let forbidden = r#"{"error":{"type":"request_error","code":"forbidden","detail":"You aren't permitted to perform this request."}}"#;
    let e = run(
        "https://api.paddle.com/subscriptions",
        &[(
            "authorization",
            "Bearer pdl_sdbx_apikey_01jfake0000_FAKESECRETxY",
        )],
        403,
        &[("content-type", "application/json")],
        forbidden,
    );
    assert_eq!(e.cause(), Some(Cause::WrongEnvironment), "{e}");
    let e = run(
        "https://sandbox-api.example.com/v1/charges",
        &[("authorization", "Bearer sk_live_FAKESECRET7d1c0e9a4b2f")],
        401,
        &[("content-type", "application/json")],
        r#"{"message":"Unauthorized"}"#,
    );
    assert_eq!(e.cause(), Some(Cause::WrongEnvironment), "{e}");
    // A test-mode key shares its provider's host; a `.test` domain is no sandbox label.
    let e = run(
        "https://api.paystack.co/transaction/initialize",
        &[("authorization", "Bearer sk_test_FAKESECRET7d1c0e9a4b2f")],
        401,
        &[("content-type", "application/json")],
        r#"{ "status": false, "message": "Invalid key" }"#,
    );
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    let e = run(
        "https://api.shop.test/v1/charges",
        &[("authorization", "Bearer sk_live_FAKESECRET7d1c0e9a4b2f")],
        401,
        &[("content-type", "application/json")],
        r#"{"message":"Invalid key"}"#,
    );
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
}

#[test]
fn a_firewall_block_page_is_not_about_the_account() {
    let e = explain(Case {
        request: &[("authorization", "Bearer FAKESECRETsh0pT0k3nQwErTy")],
        status: 403,
        response: &[("content-type", "text/html")],
        body: "<html><h1>Access Denied</h1><p>Your request was blocked by the web application firewall protecting this site.</p><p>This page does not indicate a problem with your account, subscription or API token.</p></html>",
        ..Case::default()
    });
    assert_eq!(e.cause(), Some(Cause::UnknownForbidden), "{e}");
    assert!(e.summary().contains("firewall"), "{e}");
    // The account's own address rule, enforced by a firewall, stays an address rule.
    let e = json_reply(
        &[("authorization", "Bearer FAKESECRETsh0pT0k3nQwErTy")],
        403,
        r#"{"message":"Request blocked by firewall: your IP 203.0.113.5 is not allowed"}"#,
    );
    assert_eq!(e.cause(), Some(Cause::IpRestricted), "{e}");
}

#[test]
fn a_challenge_that_names_the_sent_scheme_with_more_after_it_offers_it() {
    let auth = [("authorization", "Bearer FAKESECRETrobyn0123456789")];
    let e = run(
        "https://api.example.com/v1/items",
        &auth,
        401,
        &[("www-authenticate", "BearerGetter")],
        "Unauthorized",
    );
    assert_ne!(e.cause(), Some(Cause::WrongScheme), "{e}");
    // A scheme of no registry is no direct evidence: a mismatch stays below high.
    let e = run(
        "https://api.example.com/v1/items",
        &auth,
        401,
        &[("www-authenticate", "Custom realm=\"x\"")],
        "",
    );
    assert_eq!(e.cause(), Some(Cause::WrongScheme), "{e}");
    assert_ne!(e.confidence(), Some(Confidence::High), "{e}");
}

#[test]
fn access_ended_by_the_provider_and_a_client_id_refused() {
    let key = [("x-api-key", "sk-kimi-FAKESECRET4d5e6f7a8b9c")];
    let e = json_reply(
        &key,
        403,
        r#"{"error":{"message":"Access terminated. Review our Community Guidelines or contact support for assistance.","type":"access_terminated_error"}}"#,
    );
    assert_eq!(e.cause(), Some(Cause::AccountSuspended), "{e}");
    let e = json_reply(
        &[("authorization", "Client-ID FAKESECRETea6c0ef")],
        403,
        r#"{"data":{"error":"Invalid client_id","request":"/3/image","method":"POST"},"success":false,"status":403}"#,
    );
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
}

#[test]
fn framework_wordings_read_by_their_structure() {
    // "too many" of a header's parts is no rate limit
    let e = json_reply(
        &[("authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.e30.FAKEsig")],
        401,
        r#"{"error":{"statusCode":401,"message":"Authorization header value has too many parts. It must follow the pattern: 'Bearer xx.yy.zz' where xx.yy.zz is a valid JWT token."}}"#,
    );
    assert_ne!(e.cause(), Some(Cause::RateLimited), "{e}");
    // a header the server looked for and did not find, to a request without one
    let e = json_reply(
        &[],
        401,
        r#"{"error":{"statusCode":401,"message":"Authorization header not found."}}"#,
    );
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    // the scheme the server wants, named beside "type"
    let e = json_reply(
        &[("authorization", "Basic ZGFuYTpGQUtFU0VDUkVULXB3")],
        401,
        r#"{"error":{"message":"Authorization header is not of type 'Bearer'."}}"#,
    );
    assert_eq!(e.cause(), Some(Cause::WrongScheme), "{e}");
    // Django REST framework's default permission text decides nothing by itself to an
    // `Api-Key` (djangorestframework-api-key checks the key as a permission)...
    let e = json_reply(
        &[("authorization", "Api-Key tSePpTen.FAKESECRETq1rROQa")],
        403,
        r#"{"detail":"You do not have permission to perform this action."}"#,
    );
    assert_eq!(e.cause(), Some(Cause::UnknownForbidden), "{e}");
    // ...unless the body lists what the endpoint requires
    let e = json_reply(
        &[("authorization", "Bearer FAKESECRET-read-token-0001")],
        403,
        r#"{"detail":"You do not have permission to perform this action.","required_scopes":["orders:write"]}"#,
    );
    assert_eq!(e.cause(), Some(Cause::InsufficientScope), "{e}");
    assert_eq!(e.required_scopes(), ["orders:write"], "{e}");
}

#[test]
fn a_token_endpoints_hint_and_a_spent_grant() {
    let form = [("content-type", "application/x-www-form-urlencoded")];
    let e = json_reply(
        &form,
        400,
        r#"{"error":"invalid_grant","error_description":"The refresh token is invalid.","hint":"Token has expired"}"#,
    );
    assert_eq!(e.cause(), Some(Cause::ExpiredCredentials), "{e}");
    // advice is no statement of the token's state
    let e = json_reply(
        &form,
        400,
        r#"{"error":"invalid_grant","error_description":"The refresh token is invalid.","hint":"Check that the token has not expired"}"#,
    );
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    let e = json_reply(
        &[("authorization", "Bearer FAKESECRETtoken0123")],
        401,
        r#"{"error_type":"OAuthException","code":400,"error_message":"This authorization code has been used"}"#,
    );
    assert_eq!(e.cause(), Some(Cause::RevokedCredentials), "{e}");
}

#[test]
fn a_scheme_refused_without_its_name_and_a_credential_that_will_not_decode() {
    let e = json_reply(
        &[(
            "authorization",
            "Bearer ghp_FAKESECRET0aB1cD2eF3gH4iJ5kL6mN7",
        )],
        401,
        r#"{"title": "401 Unauthorized", "description": "Invalid Authorization Header: Must start with Basic"}"#,
    );
    assert_eq!(e.cause(), Some(Cause::WrongScheme), "{e}");
    let e = explain(Case {
        request: &[("authorization", "JWT eyJhbGciOiJIUzI1NiJ9.e30.FAKEsig")],
        status: 403,
        response: &[("content-type", "text/plain; charset=utf-8")],
        body: "403: Invalid token scheme",
        ..Case::default()
    });
    assert_eq!(e.cause(), Some(Cause::WrongScheme), "{e}");
    let e = json_reply(
        &[("authorization", "Basic Y2ktYm90OkZBS0VTRUNSRVQtY2ktcHc")],
        401,
        r#"{"title": "401 Unauthorized", "description": "Invalid Authorization Header: Unable to decode credentials"}"#,
    );
    assert_eq!(e.cause(), Some(Cause::MalformedCredentials), "{e}");
}

#[test]
fn a_scheme_named_for_a_key_is_the_apis_own_way_of_sending_it() {
    // "unauthenticated" to an `apikey` scheme speaks of the key, not of the scheme
    let e = json_reply(
        &[("authorization", "apikey FAKESECRETl3XvQ9wPzN7kR2cB8yTm")],
        401,
        r#"{"ErrorDetails":{"Message":"The calling application is unauthenticated."}}"#,
    );
    assert_ne!(e.cause(), Some(Cause::WrongScheme), "{e}");
    // a scheme of its own that is no key's (`JWT`) still reads as one the server did not read
    let e = json_reply(
        &[("authorization", "JWT eyJhbGciOiJIUzI1NiJ9.e30.FAKEsig")],
        401,
        r#"{"detail":"Authentication credentials were not provided."}"#,
    );
    assert_eq!(e.cause(), Some(Cause::WrongScheme), "{e}");
}

#[test]
fn missing_or_malformed_of_a_credential_not_sent_is_missing() {
    let e = explain(Case {
        status: 403,
        response: &[("content-type", "text/plain; charset=utf-8")],
        body: "missing or malformed API Key",
        ..Case::default()
    });
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    // to a request that sent one, the words decide nothing between the two; not missing
    let e = explain(Case {
        request: &[("authorization", "Bearer FAKESECRETtok0123456789")],
        status: 403,
        response: &[("content-type", "text/plain; charset=utf-8")],
        body: "missing or malformed API Key",
        ..Case::default()
    });
    assert_ne!(e.cause(), Some(Cause::MissingCredentials), "{e}");
}

#[test]
fn sites_are_registrable_domains() {
    let u = |s: &str| url::Url::parse(s).unwrap();
    let same = |a: &str, b: &str| crate::observe::gate::same_site(&u(a), &u(b));
    assert!(same(
        "https://www.hackthebox.eu/api",
        "https://app.hackthebox.eu/login"
    ));
    assert!(same("https://api.shop.co.uk/", "https://login.shop.co.uk/"));
    assert!(!same(
        "https://api.shop.co.uk/",
        "https://login.other.co.uk/"
    ));
    assert!(!same(
        "https://api.example.com/",
        "https://login.microsoftonline.com/"
    ));
    assert!(!same("http://10.0.1.5/", "http://10.2.1.5/login"));
    assert!(same("http://10.0.1.5:8080/", "http://10.0.1.5/login"));
}

#[test]
fn an_address_stated_as_the_reason_and_one_shown_as_a_label() {
    let classify = |t: &str| words::classify(&[words::normalize(t)], true).map(|s| s.cause);
    assert_eq!(
        classify("Your IP address: 203.0.113.77 has been banned according to the configuration"),
        Some(Cause::IpRestricted)
    );
    assert_eq!(
        classify("The appkey is only allowed to call from 47.96.*.*, but your ip is 203.0.113.57"),
        Some(Cause::IpRestricted)
    );
    // A block page's details: the address is a label, the reason is another.
    assert_ne!(
        classify(
            "Block details: Your IP: 198.51.100.23 Block ID: FBP007 Block reason: Fake bot access."
        ),
        Some(Cause::IpRestricted)
    );
}

#[test]
fn an_oauth_code_described_under_description() {
    let e = explain(Case {
        request: &[("authorization", "Basic ZmZwX2NsaWVudDpGQUtFU0VDUkVUY3M=")],
        status: 400,
        response: &[("content-type", "application/json")],
        body: r#"{"error":"invalid_request","description":"Invalid refresh_token"}"#,
        ..Case::default()
    });
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
}

#[test]
fn an_address_range_is_found_in_cidr_form_only() {
    use super::rules::cidr_in;
    assert_eq!(
        cidr_in("只能在指定网段使用：10.20.0.0/16，当前 ip"),
        Some("10.20.0.0/16")
    );
    assert_eq!(
        cidr_in("allowed: 192.168.1.0/24, 10.0.0.0/8"),
        Some("192.168.1.0/24")
    );
    // an address alone, a version, a date, a fraction: no range
    assert_eq!(cidr_in("your ip 198.51.100.23 is not allowed"), None);
    assert_eq!(cidr_in("build 1.2.3.4 of 5/6"), None);
    assert_eq!(cidr_in("1.2.3.4.5/16 and 1234.1.1.1/8"), None);
    assert_eq!(cidr_in("10.0.0.0/123"), None);
}

#[test]
fn a_page_that_asks_for_another_schemes_header_prefix() {
    // Dancer2's default error page around Net::OAuth's croak, to a Bearer token.
    let e = explain(Case {
        request: &[("authorization", "Bearer FAKESECRETgullwing0451")],
        status: 401,
        response: &[("content-type", "text/html; charset=UTF-8")],
        body: "<html><head><title>Error 401 - Unauthorized</title></head><body><h1>Error 401 - Unauthorized</h1><div id=\"content\">\nHeader must start with &quot;OAuth &quot; at lib/TimelineAPI.pm line 14.\n</div><div id=\"footer\">Powered by <a href=\"http://perldancer.org/\">Dancer2</a> 0.400001</div></body></html>",
        ..Case::default()
    });
    assert_eq!(e.cause(), Some(Cause::WrongScheme), "{e}");
    // "OAuth token required" asks for a token of OAuth 2.0, which Bearer carries.
    let e = json_reply(
        &[("authorization", "Bearer FAKESECRETgullwing0451")],
        401,
        r#"{"message":"A valid OAuth token is required"}"#,
    );
    assert_ne!(e.cause(), Some(Cause::WrongScheme), "{e}");
}

#[test]
fn a_header_written_out_with_another_scheme_is_the_scheme_asked() {
    let bearer = [("authorization", "Bearer FAKESECRETtemplated0451")];
    let e = json_reply(
        &bearer,
        401,
        r#"{"msg":"Missing 'JWT' type in 'Authorization' header. Expected 'Authorization: JWT <JWT>'"}"#,
    );
    assert_eq!(e.cause(), Some(Cause::WrongScheme), "{e}");
    assert!(e.to_string().contains("JWT"), "{e}");
    // The template of the scheme sent asks for nothing else.
    let e = json_reply(
        &bearer,
        401,
        r#"{"message":"Invalid token. Use Authorization: Bearer <token>"}"#,
    );
    assert_ne!(e.cause(), Some(Cause::WrongScheme), "{e}");
    // A header quoted with a value, not a placeholder, is no template.
    let e = json_reply(
        &bearer,
        401,
        r#"{"message":"Rejected Authorization: Token abc"}"#,
    );
    assert_ne!(e.cause(), Some(Cause::WrongScheme), "{e}");
}

#[test]
fn the_twentieth_rounds_words() {
    let bearer = [("authorization", "Bearer FAKESECRETtwentieth0451")];
    // A credential's structure is its form.
    let e = explain(Case {
        request: &bearer,
        status: 401,
        response: &[(
            "www-authenticate",
            r#"Bearer error="invalid_request", error_description="invalid credentials structure""#,
        )],
        body: "Unauthorized",
        ..Case::default()
    });
    assert_eq!(e.cause(), Some(Cause::MalformedCredentials), "{e}");
    // A prepaid bundle used up is the plan's, even in a 429.
    let e = json_reply(
        &bearer,
        429,
        r#"{"code":1102,"message":"Resource pack depleted or expired"}"#,
    );
    assert_eq!(e.cause(), Some(Cause::PlanRestricted), "{e}");
    // A signature the server calculated otherwise.
    let e = json_reply(
        &bearer,
        401,
        r#"{"message":"signature calculated is different from client signature"}"#,
    );
    assert_eq!(e.cause(), Some(Cause::SignatureMismatch), "{e}");
    // What the caller has, beside what is required.
    let e = json_reply(
        &bearer,
        403,
        r#"{"name":"ForbiddenError","message":"Forbidden","type":"INSUFFICIENT_ROLE","data":{"required":"admin","actual":"operator"}}"#,
    );
    assert_eq!(e.cause(), Some(Cause::InsufficientScope), "{e}");
    assert_eq!(e.required_scopes(), ["admin"], "{e}");
    assert_eq!(e.granted_scopes(), ["operator"], "{e}");
}

#[test]
fn oauths_catch_all_code_is_read_by_its_description() {
    let form = [
        ("content-type", "application/x-www-form-urlencoded"),
        ("authorization", "Basic Y3JldzpGQUtFU0VDUkVUc2VjcmV0"),
    ];
    // An unsupported grant folded into `invalid_request`.
    let e = json_reply(
        &form,
        400,
        r#"{"error": "invalid_request", "error_description": "Unsupported grant_type: client_credentials"}"#,
    );
    assert_eq!(e.cause(), Some(Cause::EndpointNotEnabled), "{e}");
    // A description about the transport names no missing credential, and the catch-all alone
    // is no certain reading.
    let e = json_reply(
        &form,
        400,
        r#"{"error": "invalid_request", "error_description": "A secure connection is required."}"#,
    );
    assert_ne!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    assert!(e.confidence() < Some(Confidence::High), "{e}");
}

#[test]
fn a_dpop_proof_the_server_misses_is_the_scheme() {
    let bearer = [("authorization", "Bearer FAKESECRETdpopBoundAccessToken0001")];
    let e = json_reply(
        &bearer,
        400,
        r#"{"error": "invalid_request", "error_description": "Expected DPoP header, none found"}"#,
    );
    assert_eq!(e.cause(), Some(Cause::WrongScheme), "{e}");
    // A proof that was sent and judged ("htu … does not match") is no missing one.
    let e = json_reply(
        &bearer,
        400,
        r#"{"error": "invalid_request", "error_description": "htu in DPoP does not match the HTTP URI"}"#,
    );
    assert_ne!(e.cause(), Some(Cause::WrongScheme), "{e}");
}

#[test]
fn no_authorization_found_is_a_grant_record_unless_it_names_the_header() {
    let bearer = [("authorization", "Bearer FAKESECRET2a85f4bd30db4")];
    let xml = |body: &str| {
        explain(Case {
            request: &bearer,
            status: 403,
            response: &[("content-type", "application/xml;charset=UTF-8")],
            body,
            ..Case::default()
        })
    };
    let e = xml(
        "<oauth><error_description>No Authorization Found</error_description><error>access_denied</error></oauth>",
    );
    assert_eq!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    // A header the server says it did not find may have been stripped on the way.
    let e = json_reply(
        &bearer,
        401,
        r#"{"detail":"No Authorization header found"}"#,
    );
    assert_ne!(e.cause(), Some(Cause::InvalidCredentials), "{e}");
    // The scopes a refusal says are needed.
    let e = json_reply(
        &bearer,
        403,
        r#""your personal access token does not have the required scope, needed scopes: scan""#,
    );
    assert_eq!(e.required_scopes(), ["scan"], "{e}");
}

#[test]
fn a_401_to_a_path_that_holds_a_key_shaped_segment_is_no_certain_absence() {
    let e = explain(Case {
        url: "https://telemetry.example.com/44478bc421ba10a1dc6f79eb39e082e5218761b156f48945c84695ab/reports/daily.json",
        status: 401,
        ..Case::default()
    });
    assert_eq!(e.cause(), Some(Cause::MissingCredentials), "{e}");
    assert!(e.confidence() < Some(Confidence::High), "{e}");
    let e = explain(Case {
        url: "https://telemetry.example.com/reports/daily.json",
        status: 401,
        ..Case::default()
    });
    assert_eq!(e.confidence(), Some(Confidence::High), "{e}");
}

#[test]
fn a_refusal_that_asks_to_check_the_systems_clock_is_the_clock() {
    // Chef's signed headers, 47 minutes behind the server's Date.
    let d = date(T + 47 * 60);
    let e = explain(Case {
        request: &[
            ("x-ops-sign", "algorithm=sha1;version=1.0"),
            ("x-ops-userid", "admin"),
            ("x-ops-timestamp", "2027-01-15T08:00:00Z"),
            (
                "x-ops-authorization-1",
                "FAKESECRETlQKcOcRWGNZyeAdc6Xoj3uJ2dLwYO",
            ),
        ],
        status: 401,
        response: &[("content-type", "application/json"), ("date", &d)],
        body: r#"{"error":["Authentication failed. Please check your system's clock."]}"#,
        now: at(T),
        ..Case::default()
    });
    assert_eq!(e.cause(), Some(Cause::ClockSkew), "{e}");
}

#[test]
fn request_ids_named_for_the_call_or_the_reference_to_quote() {
    for (body, id) in [
        (
            r#"{"callId":"752b15a8118b4493a02e5666eefdb019","errorCode":403120,"errorMessage":"Account temporarily locked"}"#,
            "752b15a8118b4493a02e5666eefdb019",
        ),
        (
            r#"{"errorCode":"Y007","errorMessage":"Account locked","referenceCode":"u1773999645113Hk9D2r"}"#,
            "u1773999645113Hk9D2r",
        ),
        (
            r#"{"code":"AUTH_FAILED","message":"Authentication failed.","trace":"PMNT0706.6469C91D.00007575"}"#,
            "PMNT0706.6469C91D.00007575",
        ),
    ] {
        let e = json_reply(
            &[("authorization", "Bearer FAKEtoken0123456789")],
            401,
            body,
        );
        assert_eq!(e.request_id(), Some(id), "{e}");
    }
    // a stack trace under `trace` is no id
    let e = json_reply(
        &[("authorization", "Bearer FAKEtoken0123456789")],
        401,
        r#"{"message":"Unauthenticated.","trace":"at Illuminate\\Auth\\Middleware\\Authenticate (line 82)"}"#,
    );
    assert_eq!(e.request_id(), None, "{e}");
}

#[test]
fn no_then_words_of_a_kind_then_a_credential_says_it_is_missing() {
    let says = |m: &str| words::names_missing_credential(&[words::normalize(m)]);
    assert!(says("No API Client Key received"));
    assert!(says("no client access token in request"));
    // ("no" before other words than a credential's kind judges something else)
    assert!(!says("no data for key"));
    assert!(!says("no valid api client key"));
}
