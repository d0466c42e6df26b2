//! Tests of pre-flight as a whole: a firing case per finding code, the repairs and their fixed
//! point, severities per mode, and messages that never hold the secret.

use std::time::{Duration, UNIX_EPOCH};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use http::header::AUTHORIZATION;
use http::{HeaderName, HeaderValue};
use reqwest::Request;

use super::repair::is_known_scheme;
use super::*;
use crate::secret::Secret;
use crate::source::{self, CredentialSource};

pub(super) const NOW: u64 = 1_700_000_000;

pub(super) fn jwt(claims: &str) -> String {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    format!(
        "eyJhbGciOiJIUzI1NiJ9.{}.RkFLRVNFQ1JFVHNpZw",
        URL_SAFE_NO_PAD.encode(claims)
    )
}

fn b64(s: &[u8]) -> String {
    STANDARD.encode(s)
}

struct Case {
    url: &'static str,
    headers: Vec<(&'static str, Vec<u8>)>,
    env: Option<Environment>,
    configured: &'static [&'static str],
}

fn case(headers: &[(&'static str, &[u8])]) -> Case {
    Case {
        url: "https://api.example.com/v1",
        headers: headers.iter().map(|(k, v)| (*k, v.to_vec())).collect(),
        env: None,
        configured: &[],
    }
}

fn auth(v: impl AsRef<[u8]>) -> Case {
    case(&[("authorization", v.as_ref())])
}

fn request(c: &Case) -> Request {
    let mut r = Request::new(reqwest::Method::GET, c.url.parse().unwrap());
    for (k, v) in &c.headers {
        r.headers_mut().append(
            HeaderName::from_bytes(k.as_bytes()).unwrap(),
            HeaderValue::from_bytes(v).unwrap(),
        );
    }
    r
}

fn run_on(r: &mut Request, c: &Case, mode: Preflight) -> Vec<Finding> {
    let names = Names {
        headers: c
            .configured
            .iter()
            .map(|h| HeaderName::from_static(h))
            .collect(),
        query: vec![],
    };
    let ctx = Ctx {
        mode,
        now: UNIX_EPOCH + Duration::from_secs(NOW),
        leeway: Duration::from_secs(60),
        expiry_warning: Duration::from_secs(300),
        environment: c.env,
        names: &names,
        clean: None,
        until: std::cell::Cell::new(u64::MAX),
    };
    check_with(r, &ctx)
}

fn run(c: &Case, mode: Preflight) -> (Request, Vec<Finding>) {
    let mut r = request(c);
    let f = run_on(&mut r, c, mode);
    (r, f)
}

fn codes(f: &[Finding]) -> Vec<&'static str> {
    f.iter().map(|f| f.code).collect()
}

/// One case per code (several for some), each with "FAKESECRET" in its secret part where
/// the check allows one.
fn firing() -> Vec<(&'static str, Case)> {
    let with_env = |mut c: Case, e| {
        c.env = Some(e);
        c
    };
    let at = |mut c: Case, url| {
        c.url = url;
        c
    };
    vec![
        (
            "digest_malformed",
            auth("Digest username=backup realm=FAKESECRETBackups"),
        ),
        (
            "digest_malformed",
            auth(
                r#"Digest username="backup", realm="Backups", nonce="FAKESECRETn0nce", uri="/v1""#,
            ),
        ),
        (
            "digest_uri_mismatch",
            at(
                auth(
                    r#"Digest username="backup", realm="Backups", nonce="MTc5NjU5", uri="/v1", response="FAKESECRETf9c1a4888c3a1e71""#,
                ),
                "https://api.example.com/v1?since=2026-12-01",
            ),
        ),
        ("leading_whitespace", auth("  Bearer FAKESECRETtok0123")),
        ("trailing_whitespace", auth("Bearer FAKESECRETtok0123 \t")),
        (
            "extra_space_after_scheme",
            auth("Bearer   FAKESECRETtok0123"),
        ),
        (
            "extra_space_after_scheme",
            auth("Bearer\tFAKESECRETtok0123"),
        ),
        ("quoted_token", auth("Bearer \"FAKESECRETtok0123\"")),
        (
            "quoted_token",
            auth("Bearer \u{201C}FAKESECRETtok0123\u{201D}"),
        ),
        (
            "quoted_token",
            auth("Bearer \u{2018}FAKESECRETtok0123\u{2019}"),
        ),
        ("quoted_token", auth("'Bearer FAKESECRETtok0123'")),
        (
            "quoted_token",
            case(&[("x-api-key", b"`FAKESECRETtok0123`")]),
        ),
        (
            "invisible_character",
            auth("Bearer FAKESECRET\u{200B}tok0123"),
        ),
        (
            "invisible_character",
            auth("\u{FEFF}Bearer FAKESECRETtok0123"),
        ),
        ("invisible_character", auth("Bearer\u{A0}FAKESECRETtok0123")),
        (
            "invisible_character",
            auth("Bearer FAKESECRET\u{200D}\u{200C}tok0123"),
        ),
        (
            "invisible_character",
            case(&[("x-api-key", "FAKESECRETtok0123\u{A0}".as_bytes())]),
        ),
        ("non_ascii_character", auth("Bearer FAKESECRETt\u{F6}k0123")),
        ("non_ascii_character", auth(b"Bearer FAKESECRETt\xE9k0123")),
        ("doubled_scheme", auth("Bearer Bearer FAKESECRETtok0123")),
        ("decorated_scheme", auth("Bearer: FAKESECRETtok0123")),
        ("decorated_scheme", auth("Bearer=FAKESECRETtok0123")),
        (
            "decorated_scheme",
            auth("Authorization: Bearer FAKESECRETtok0123"),
        ),
        ("scheme_case", auth("bearer FAKESECRETtok0123")),
        ("scheme_case", auth("BEARER FAKESECRETtok0123")),
        (
            "scheme_case",
            auth(format!("basic {}", b64(b"user:FAKESECRET"))),
        ),
        ("missing_scheme", auth("FAKESECRETtok0123456789")),
        ("missing_scheme", auth(jwt(r#"{"sub":"FAKESECRET"}"#))),
        ("empty_credential", auth("Bearer")),
        ("empty_credential", auth("Bearer ")),
        ("empty_credential", auth("")),
        ("empty_credential", case(&[("x-api-key", b"")])),
        // base64 of ":" alone: both halves empty
        ("empty_credential", auth("Basic Og==")),
        (
            "empty_credential",
            at(
                auth("Bearer FAKESECRETtok0123"),
                "https://api.example.com/?api_key=",
            ),
        ),
        ("placeholder", auth("Bearer YOUR_API_KEY")),
        ("placeholder", auth("Bearer <token>")),
        ("placeholder", auth("Bearer your-api-key")),
        ("placeholder", auth("Bearer xxxxxxxxxxxx")),
        ("placeholder", auth("Bearer xxxx-xxxx-xxxx")),
        ("placeholder", auth("Bearer changeme")),
        ("placeholder", auth("Bearer REPLACE_ME")),
        ("placeholder", auth("Bearer undefined")),
        ("placeholder", auth("Bearer null")),
        ("placeholder", auth("Bearer None")),
        ("placeholder", auth("Bearer nil")),
        ("placeholder", auth("Bearer $API_KEY")),
        ("placeholder", auth("Bearer ${API_KEY}")),
        ("placeholder", auth("Bearer %API_KEY%")),
        ("placeholder", auth("Bearer {{api_key}}")),
        ("placeholder", auth("Bearer aaaaaaaa")),
        ("placeholder", auth("Bearer Bearer")),
        ("placeholder", auth("Bearer OPENAI_API_KEY")),
        ("placeholder", auth("Bearer sk_live_\u{2026}")),
        ("placeholder", auth("Bearer sk-proj-...FAKE")),
        ("placeholder", auth("Bearer ghp_xxxxxxxxxxxxxxxxxxxx")),
        ("placeholder", auth("Bearer [object Object]")),
        ("placeholder", auth("Bearer process.env.API_KEY")),
        ("placeholder", auth("None")),
        (
            "placeholder",
            auth(format!("Basic {}", b64(b"undefined:undefined"))),
        ),
        (
            "placeholder",
            case(&[("x-api-key", b"PASTE_YOUR_KEY_HERE")]),
        ),
        (
            "placeholder",
            at(
                auth("Bearer FAKESECRETtok0123"),
                "https://api.example.com/?api_key=%24%7BAPI_KEY%7D",
            ),
        ),
        ("basic_not_base64", auth("Basic FAKE!SECRET")),
        ("basic_not_base64", auth("Basic user:FAKESECRET")),
        (
            "basic_no_colon",
            auth(format!("Basic {}", b64(b"FAKESECRETnocolon"))),
        ),
        (
            "basic_empty_user",
            auth(format!("Basic {}", b64(b":FAKESECRET"))),
        ),
        (
            "basic_control_character",
            auth(format!("Basic {}", b64(b"user:FAKE\x01SECRET"))),
        ),
        (
            "basic_control_character",
            auth(format!("Basic {}", b64(b"user:FAKESECRET\n"))),
        ),
        (
            "bearer_token_as_basic",
            auth("Basic ghp_FAKESECRET0123456789abcdefghijkl"),
        ),
        (
            "bearer_token_as_basic",
            auth(format!("Basic {}", jwt(r#"{"sub":"FAKESECRET"}"#))),
        ),
        (
            "jwt_expired",
            auth(format!(
                "Bearer {}",
                jwt(&format!(r#"{{"exp":{}}}"#, NOW - 3600))
            )),
        ),
        (
            "jwt_not_yet_valid",
            auth(format!(
                "Bearer {}",
                jwt(&format!(r#"{{"nbf":{}}}"#, NOW + 3600))
            )),
        ),
        (
            "jwt_expires_soon",
            auth(format!(
                "Bearer {}",
                jwt(&format!(r#"{{"exp":{}}}"#, NOW + 120))
            )),
        ),
        (
            "jwt_unreadable",
            auth("Bearer eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.RkFLRVNFQ1JFVA"),
        ),
        (
            "jwt_truncated",
            auth("Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJGQUtFU0VDUkVUIn0"),
        ),
        (
            "env_assignment",
            case(&[("x-api-key", b"API_KEY=FAKESECRET0123456789")]),
        ),
        (
            "jwt_truncated",
            at(
                case(&[]),
                "https://journal.example.edu/api/v1/submissions?apiToken=eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.WyJGQUtFU0VDUkVUOGEyZDZmMWM5ZTRiN2EzZDVjMGUiXQ",
            ),
        ),
        (
            "publishable_key",
            auth("Bearer pk_live_FAKESECRET0123456789"),
        ),
        ("refresh_token", auth("Bearer ghr_FAKESECRET0123456789")),
        (
            "test_key_in_production",
            with_env(
                auth("Bearer sk_test_FAKESECRET0123456789"),
                Environment::Production,
            ),
        ),
        (
            "test_key_in_production",
            with_env(
                case(&[("x-api-key", b"rk_test_FAKESECRET0123456789")]),
                Environment::Production,
            ),
        ),
        (
            "live_key_in_test",
            with_env(
                auth("Bearer sk_live_FAKESECRET0123456789"),
                Environment::Test,
            ),
        ),
        (
            "duplicate_authorization",
            case(&[
                ("authorization", b"Bearer FAKESECRETone0123"),
                ("authorization", b"Bearer FAKESECRETtwo0123"),
            ]),
        ),
        (
            "plaintext_http",
            at(
                auth("Bearer FAKESECRETtok0123"),
                "http://api.example.com/v1",
            ),
        ),
        (
            "plaintext_http",
            at(
                case(&[("cookie", b"session=FAKESECRET")]),
                "http://10.0.0.7/",
            ),
        ),
        (
            "credential_in_url",
            at(
                case(&[]),
                "https://api.example.com/?api_key=FAKESECRETtok0123",
            ),
        ),
        (
            "credential_in_url",
            at(case(&[]), "https://user:FAKESECRET@api.example.com/"),
        ),
        (
            "html_escaped_url",
            at(
                case(&[]),
                "https://chat.example.com/v1/messages?key=FAKESECRETkey0123&amp;token=FAKESECRETtok0123",
            ),
        ),
        (
            "html_escaped_url",
            at(
                case(&[]),
                "https://chat.example.com/v1/messages?key=FAKESECRETkey0123&#38;token=FAKESECRETtok0123",
            ),
        ),
        (
            "credential_in_fragment",
            at(
                case(&[]),
                "https://graph.example.com/v19.0/me?fields=id#access_token=FAKESECRETtok0123",
            ),
        ),
        (
            "underscore_header",
            case(&[("api_access_token", b"FAKESECRETcw0123456789")]),
        ),
        (
            "unencoded_ampersand",
            at(
                case(&[]),
                "https://fw.example.net/api/?type=keygen&user=admin&password=Wq7t&Rz@FAKESECRET2vLp9x",
            ),
        ),
        (
            "misspelled_header",
            case(&[("authorisation", b"Bearer FAKESECRETtok0123")]),
        ),
        (
            "misspelled_header",
            case(&[("authorizaton", b"Bearer FAKESECRETtok0123")]),
        ),
        (
            "misspelled_header",
            case(&[("authentication", b"Bearer FAKESECRETtok0123")]),
        ),
        (
            "misspelled_header",
            case(&[("x-api-kee", b"FAKESECRETtok0123")]),
        ),
        (
            "misspelled_header",
            Case {
                configured: &["x-tenant-key"],
                ..case(&[("x-tenant-token", b"FAKESECRETtok0123")])
            },
        ),
    ]
}

#[test]
fn every_code_fires() {
    for (code, c) in firing() {
        let (_, f) = run(&c, Preflight::Observe);
        assert!(
            codes(&f).contains(&code),
            "{code} did not fire for {:?}: {:?}",
            c.headers,
            f
        );
    }
}

/// Every code is covered by `firing` or by a credential source, and every code is listed.
#[test]
fn codes_are_covered_and_listed() {
    let fired: Vec<&str> = firing().iter().map(|(c, _)| *c).collect();
    for code in CODES {
        assert!(
            fired.contains(code) || code.starts_with("source_"),
            "no case for {code}"
        );
    }
    for (_, c) in firing() {
        for f in run(&c, Preflight::Observe).1 {
            assert!(CODES.contains(&f.code), "{} is not in CODES", f.code);
        }
    }
}

#[test]
fn messages_never_contain_the_secret() {
    let mut all = Vec::new();
    for (_, c) in firing() {
        for mode in [Preflight::Observe, Preflight::Repair, Preflight::Strict] {
            let (_, f) = run(&c, mode);
            let secrets: Vec<Vec<u8>> = c.headers.iter().map(|(_, v)| v.clone()).collect();
            all.extend(f.into_iter().map(|f| (f, secrets.clone(), c.url)));
        }
    }
    let unset = CredentialSource::env("REQWEST_AUTH_EXPLAIN_PREFLIGHT_UNSET_5K");
    let quoted = CredentialSource::value(Secret::new("\"FAKESECRETtok0123\""));
    let mut r = Request::new(reqwest::Method::GET, "https://a.test/".parse().unwrap());
    all.extend(
        source::inject(&mut r, Some(&unset), &[])
            .1
            .into_iter()
            .map(|f| (f, vec![], "")),
    );
    all.extend(
        source::inject(&mut r, Some(&quoted), &[])
            .1
            .into_iter()
            .map(|f| (f, vec![b"\"FAKESECRETtok0123\"".to_vec()], "")),
    );
    let seen: Vec<&str> = all.iter().map(|(f, _, _)| f.code).collect();
    for code in CODES {
        assert!(seen.contains(code), "no message checked for {code}");
    }
    for (f, secrets, url) in &all {
        let m = &f.message;
        assert!(!m.contains("FAKESECRET"), "{}: {m}", f.code);
        assert!(!m.contains("FAKE"), "{}: {m}", f.code);
        for s in secrets {
            let s = String::from_utf8_lossy(s);
            let token = s.split_whitespace().last().unwrap_or("");
            if token.len() >= 6 && !is_known_scheme(token.as_bytes()) {
                assert!(!m.contains(token), "{}: {m}", f.code);
            }
        }
        if let Some(q) = url.split_once('?') {
            let v = q.1.split('=').nth(1).unwrap_or("");
            if v.len() >= 6 {
                assert!(!m.contains(v), "{}: {m}", f.code);
            }
        }
    }
}

#[test]
fn clean_credentials_have_no_finding() {
    let clean = [
        auth("Bearer sk_test_4eC39HqLyjWDarjtT1zdp7dc"),
        auth("Bearer sk_live_51Hxyzab4eC39HqLyjWDarjtT1zdp7dc"),
        auth("Bearer 0123456789abcdef0123456789abcdef"),
        auth(format!(
            "Bearer {}",
            jwt(&format!(r#"{{"exp":{},"sub":"x"}}"#, NOW + 3600))
        )),
        auth(format!(
            "Bearer {}",
            jwt(&format!(r#"{{"exp":{}}}"#, NOW - 30))
        )), // within leeway
        auth("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="),
        auth(format!(
            "Basic {}",
            b64(b"api:key-3ax6xnjp29jd6fds4gc373sgvjxteol0")
        )),
        auth(format!(
            "Basic {}",
            b64(b"sk_live_51Hxyzab4eC39HqLyjWDarjtT1zdp7dc:")
        )),
        auth(format!("Basic {}", b64(b"api:key"))),
        auth("token ghp_16C7e42F292c6912E7710c838347Ae178B4a"),
        auth("Bot MTk4NjIyNDgzNDcxOTI1MjQ4.Cl2FMQ.ZnCjm1XVW7vRze4b7Cq4se7kKWs"),
        auth("DPoP Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU"),
        // RFC 7616 §3.9.1's example, sent to the URI it was computed for
        Case {
            url: "https://http-auth.example.org/dir/index.html",
            ..auth(
                r#"Digest username="Mufasa", realm="http-auth@example.org", uri="/dir/index.html", algorithm=SHA-256, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", nc=00000001, qop=auth, cnonce="f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", response="753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS""#,
            )
        },
        Case {
            url: "https://dav.example.org/dav/nightly?since=2026-12-01",
            ..auth(
                r#"Digest username="backup", realm="Backups", nonce="MTc5NjU5MDU3OTo3YjFh", uri="/dav/nightly?since=2026-12-01", algorithm=MD5, response="f9c1a4888c3a1e7150b7c8fd31ba3d09", qop=auth, nc=00000001, cnonce="9b1c2f7a4e6d8035""#,
            )
        },
        auth(
            "AWS4-HMAC-SHA256 Credential=AKIAJ3XMPL2Q7ZRT5D4N/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-date, Signature=fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024",
        ),
        auth(r#"Custom id="a1b2c3d4e5f6""#),
        case(&[("x-api-key", b"3f2a9c1b7d04e5f6a7b8c9d0e1f2a3b4")]),
        case(&[(
            "x-api-key",
            b"sk-ant-api03-R2D2C3POr2d2c3poR2D2C3PO-abcdEFGH",
        )]),
        case(&[("cookie", b"session=abc; theme=dark")]),
        case(&[("proxy-authorization", b"Basic dXNlcjpwYXNz")]),
        Case {
            url: "https://bucket.s3.amazonaws.com/k?X-Amz-Credential=AKIAJ3XMPL2Q7ZRT5D4N%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Signature=fe5f80f77d5f",
            ..case(&[])
        },
        Case {
            url: "http://127.0.0.1:8080/v1",
            ..auth("Bearer 0123456789abcdef0123456789abcdef")
        },
        Case {
            url: "http://localhost/v1",
            ..auth("Bearer 0123456789abcdef0123456789abcdef")
        },
        Case {
            env: Some(Environment::Production),
            ..auth("Bearer sk_live_51Hxyzab4eC39HqLyjWDarjtT1zdp7dc")
        },
        Case {
            env: Some(Environment::Test),
            ..auth("Bearer sk_test_4eC39HqLyjWDarjtT1zdp7dc")
        },
        case(&[
            ("accept", b"*/*"),
            ("x-api-version", b"2"),
            ("x-authorization", b"ok"),
        ]),
    ];
    for c in &clean {
        for mode in [Preflight::Observe, Preflight::Repair, Preflight::Strict] {
            let (r, f) = run(c, mode);
            assert!(f.is_empty(), "{:?} in {mode:?}: {f:?}", c.headers);
            for (k, v) in &c.headers {
                assert_eq!(r.headers()[*k].as_bytes(), v.as_slice());
            }
        }
    }
}

#[test]
fn repairs_and_their_results() {
    let cases: &[(&[u8], &str, &[u8])] = &[
        (
            b"  Bearer FAKEtok0123 \t",
            "authorization",
            b"Bearer FAKEtok0123",
        ),
        (
            "  Bearer \u{201C}FAKEtok0123\u{201D}\u{200B} ".as_bytes(),
            "authorization",
            b"Bearer FAKEtok0123",
        ),
        (
            "Bearer\u{A0}FAKEtok0123".as_bytes(),
            "authorization",
            b"Bearer FAKEtok0123",
        ),
        (
            "\u{FEFF}Bearer FAKEtok0123".as_bytes(),
            "authorization",
            b"Bearer FAKEtok0123",
        ),
        (
            "Bearer FAKE\u{200B}tok0123".as_bytes(),
            "authorization",
            b"Bearer FAKEtok0123",
        ),
        (
            b"Authorization: Bearer FAKEtok0123",
            "authorization",
            b"Bearer FAKEtok0123",
        ),
        (
            b"Bearer=FAKEtok0123",
            "authorization",
            b"Bearer FAKEtok0123",
        ),
        (
            b"bearer Bearer FAKEtok0123",
            "authorization",
            b"Bearer FAKEtok0123",
        ),
        (
            b"BEARER   FAKEtok0123",
            "authorization",
            b"Bearer FAKEtok0123",
        ),
        (
            b"\"Bearer  FAKEtok0123 \"",
            "authorization",
            b"Bearer FAKEtok0123",
        ),
        (
            b"Basic dXNlcjpwYXNzCg==",
            "authorization",
            b"Basic dXNlcjpwYXNz",
        ),
        (
            b"basic dXNlcjpwYXNz",
            "authorization",
            b"Basic dXNlcjpwYXNz",
        ),
        (b"'FAKEtok0123' ", "x-api-key", b"FAKEtok0123"),
        (b"Bearer YWJjZA==\"", "authorization", b"Bearer YWJjZA=="),
    ];
    for (raw, header, want) in cases {
        let c = case(&[(header, raw)]);
        let (r, f) = run(&c, Preflight::Repair);
        assert!(!f.is_empty());
        assert!(f.iter().all(|f| f.severity == Severity::Repaired), "{f:?}");
        let got = r.headers()[*header].clone();
        assert_eq!(got.as_bytes(), *want, "{}", String::from_utf8_lossy(raw));
        assert!(got.is_sensitive());
        // Idempotent: the repaired value has nothing left to repair.
        let again = case(&[(header, got.as_bytes())]);
        assert!(run(&again, Preflight::Repair).1.is_empty());

        for mode in [Preflight::Observe, Preflight::Strict] {
            let (r, f) = run(&c, mode);
            assert_eq!(
                r.headers()[*header].as_bytes(),
                *raw,
                "{mode:?} changed bytes"
            );
            assert!(r.headers()[*header].is_sensitive());
            if mode == Preflight::Strict {
                assert!(f.iter().all(|f| f.severity == Severity::Error));
            }
        }
    }
}

#[test]
fn repair_is_idempotent_for_every_firing_case() {
    for (code, c) in firing() {
        let (mut r, first) = run(&c, Preflight::Repair);
        let second = run_on(&mut r, &c, Preflight::Repair);
        assert!(
            second.iter().all(|f| f.severity != Severity::Repaired),
            "{code}: {second:?}"
        );
        let left: Vec<_> = first
            .iter()
            .filter(|f| f.severity != Severity::Repaired)
            .map(|f| f.code)
            .collect();
        assert_eq!(codes(&second), left, "{code}");
    }
}

#[test]
fn repair_reaches_a_fixed_point_however_deep_the_layers() {
    // Found by the `preflight_repair` fuzz target: each pass peels one layer, and a fixed
    // number of passes left layers for the next request to repair.
    let cases: Vec<Vec<u8>> = vec![
        [b"'".repeat(14), b"FAKEtok0950".to_vec()].concat(),
        b"Bearer Bearer Bearer Bearer Bearer Bearer FAKEtok0950".to_vec(),
        b"Authorization: Authorization: Authorization: Authorization: Authorization: Bearer FAKEtok0950".to_vec(),
        b"Bearer \"'`\"'`\"'`FAKEtok0950`'\"`'\"`'\"".to_vec(),
        "\u{200b}\"\u{feff}'\u{200b}\"\u{feff}'\u{200b}\"\u{feff}' Bearer  FAKEtok0950"
            .as_bytes()
            .to_vec(),
    ];
    for v in cases {
        let c = auth(&v);
        let (mut r, _) = run(&c, Preflight::Repair);
        let once = r.headers()[AUTHORIZATION].as_bytes().to_vec();
        let second = run_on(&mut r, &c, Preflight::Repair);
        assert!(
            second.iter().all(|f| f.severity != Severity::Repaired),
            "{}: {second:?}",
            String::from_utf8_lossy(&v)
        );
        assert_eq!(r.headers()[AUTHORIZATION].as_bytes(), once);
    }
}

#[test]
fn observe_severities() {
    let (_, f) = run(&auth("bearer FAKEtok0123 "), Preflight::Observe);
    assert!(f.iter().all(|f| f.severity == Severity::Warning), "{f:?}");
    let (_, f) = run(&auth("Bearer \"FAKEtok0123\""), Preflight::Observe);
    assert_eq!(f[0].severity, Severity::Error);
}

#[test]
fn invisible_character_message_names_it() {
    let (_, f) = run(&auth("Bearer FAKESECRET\u{200B}tok"), Preflight::Repair);
    assert_eq!(
        f[0].message,
        "the value contains an invisible character: U+200B ZERO WIDTH SPACE at position 18"
    );
}

#[test]
fn credential_headers_leave_sensitive() {
    let c = case(&[
        ("authorization", b"Bearer FAKEtok0123"),
        ("proxy-authorization", b"Basic dXNlcjpwYXNz"),
        ("x-api-key", b"FAKEkey0123"),
        ("cookie", b"session=FAKE"),
        ("authorisation", b"Bearer FAKE"),
        ("accept", b"*/*"),
    ]);
    for mode in [Preflight::Observe, Preflight::Repair, Preflight::Strict] {
        let (r, _) = run(&c, mode);
        for h in [
            "authorization",
            "proxy-authorization",
            "x-api-key",
            "cookie",
            "authorisation",
        ] {
            assert!(r.headers()[h].is_sensitive(), "{h} in {mode:?}");
        }
        assert!(!r.headers()["accept"].is_sensitive());
    }
}

#[test]
fn placeholder_wins_over_missing_scheme() {
    let (_, f) = run(&auth("None"), Preflight::Observe);
    assert_eq!(codes(&f), ["missing_scheme", "placeholder"]);
    let (cause, winner) = strongest_cause(&f).unwrap();
    assert_eq!(cause, Cause::PlaceholderCredentials);
    assert_eq!(winner.code, "placeholder");
}

#[test]
fn misspelled_header_only_when_the_real_one_is_absent() {
    let (_, f) = run(
        &case(&[
            ("authorisation", b"Bearer FAKE"),
            ("authorization", b"Bearer FAKEtok0123"),
        ]),
        Preflight::Observe,
    );
    assert!(f.is_empty(), "{f:?}");
    let (_, f) = run(
        &case(&[("authorisation", b"Bearer FAKE")]),
        Preflight::Observe,
    );
    assert_eq!(
        f[0].message,
        "header authorisation is not a credential header the server reads; did you mean Authorization?"
    );
}

#[test]
fn implied_causes_stay_in_sync() {
    let none = [
        "leading_whitespace",
        "trailing_whitespace",
        "extra_space_after_scheme",
        "scheme_case",
        "jwt_unreadable",
        "jwt_expires_soon",
        "live_key_in_test",
        "plaintext_http",
        "credential_in_url",
        "underscore_header",
        "basic_empty_user",
    ];
    for code in CODES {
        assert_eq!(implied_cause(code).is_none(), none.contains(code), "{code}");
        if let Some(c) = implied_cause(code) {
            assert!(CAUSE_PRIORITY.contains(&c), "{code}");
        }
    }
}

#[test]
fn jwt_messages_use_dates_not_tokens() {
    let (_, f) = run(
        &auth(format!(
            "Bearer {}",
            jwt(&format!(r#"{{"exp":{}}}"#, NOW - 7200))
        )),
        Preflight::Observe,
    );
    assert_eq!(
        f[0].message,
        "the JWT expired 2 h 0 min ago (Tue, 14 Nov 2023 20:13:20 GMT), beyond the 60 s leeway; get a fresh token"
    );
}

#[test]
fn an_escaped_ampersand_before_a_bare_value_names_no_secret() {
    let mut c = case(&[]);
    c.url = "https://chat.example.com/v1/m?key=FAKESECRETkey0123&amp;FAKESECRETtokAbC0123456789xyz";
    let (_, f) = run(&c, Preflight::Observe);
    for f in &f {
        assert!(!f.message.contains("FAKESECRETtok"), "{f:?}");
        assert!(!f.location.to_string().contains("FAKESECRETtok"), "{f:?}");
    }
}

#[test]
fn a_flag_after_a_key_in_the_query_is_no_cut_value() {
    for url in [
        "https://api.example.com/v1/q?api_key=FAKESECRETtok0123&pretty",
        "https://api.example.com/v1/q?api_key=FAKESECRETtok0123&debug&page=2",
        "https://api.example.com/v1/q?page=2&Rz@FAKESECRET2vLp9x",
    ] {
        let mut c = case(&[]);
        c.url = url;
        let (_, f) = run(&c, Preflight::Observe);
        assert!(!codes(&f).contains(&"unencoded_ampersand"), "{url}: {f:?}");
    }
}

#[test]
fn a_query_with_a_fragment_of_its_own_is_not_html_escaped() {
    for url in [
        "https://api.example.com/?api_key=FAKESECRETtok0123&page=2#section",
        "https://api.example.com/?api_key=FAKESECRETtok0123&#top",
        "https://api.example.com/?q=fish%26amp%3Bchips&api_key=FAKESECRETtok0123",
    ] {
        let mut c = case(&[]);
        c.url = url;
        let (_, f) = run(&c, Preflight::Observe);
        assert!(!codes(&f).contains(&"html_escaped_url"), "{url}: {f:?}");
    }
}
