//! What auth-doctor says: explanations on stderr, the JSON contract on stdout with `--json`,
//! exit statuses, pre-flight modes, `--offline`, and no secret in anything it prints.

use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::support::*;

const TOKEN: &str = "tok_FAKESECRET_7d1f3a9c";

/// An API that guards `POST /v1/orders` with a scope and lets `GET /v1/orders` through.
async fn orders_api() -> Recorder {
    Recorder::start(|seen| match (seen.method.as_str(), seen.target.as_str()) {
        ("POST", "/v1/orders") => reply(
            403,
            &[
                (
                    "www-authenticate",
                    r#"Bearer error="insufficient_scope", scope="orders:write""#,
                ),
                ("x-request-id", "req_7Hq2k9"),
                ("content-type", "application/json"),
            ],
            r#"{"error":"insufficient_scope","error_description":"The token needs orders:write"}"#,
        ),
        ("GET", "/v1/orders") => reply(200, &[("content-type", "application/json")], "[]"),
        (_, "/boom") => reply(500, &[], "oops"),
        _ => reply(404, &[], "nothing here"),
    })
    .await
}

fn auth() -> String {
    format!("Authorization: Bearer {TOKEN}")
}

/// `printf %s "$TOKEN" | sha256sum | cut -c1-12`
fn fingerprint(secret: &str) -> String {
    let digest = Sha256::digest(secret.as_bytes());
    digest.iter().take(6).map(|b| format!("{b:02x}")).collect()
}

const CONTRACT_KEYS: &[&str] = &[
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
    "provider",
];

#[track_caller]
fn contract(v: &Value) {
    for key in CONTRACT_KEYS {
        assert!(v.get(key).is_some(), "missing {key}: {v:#}");
    }
}

#[tokio::test]
async fn a_rejection_prints_the_body_then_the_explanation_and_exits_2() {
    let server = orders_api().await;
    let url = server.url("/v1/orders");
    let out = doctor(&["-X", "POST", "-H", &auth(), &url]).await;
    assert_eq!(out.status.code(), Some(2), "{}", both(&out));
    assert_eq!(
        stdout(&out),
        r#"{"error":"insufficient_scope","error_description":"The token needs orders:write"}"#,
        "the body as curl prints it"
    );
    let err = stderr(&out);
    assert!(
        err.starts_with("error[insufficient_scope]: 403 Forbidden from 127.0.0.1: "),
        "{err}"
    );
    assert!(err.contains(&format!("  --> POST {url}\n")), "{err}");
    assert!(err.contains("= request id: req_7Hq2k9"), "{err}");
    assert!(err.contains("help: grant the scope orders:write"), "{err}");
    assert_no_secret(&out, &[TOKEN]);
}

#[tokio::test]
async fn json_on_a_failure_is_the_contract_and_nothing_else() {
    let server = orders_api().await;
    let url = server.url("/v1/orders");
    let out = doctor(&["--json", "-d", "{}", "-H", &auth(), &url]).await;
    assert_eq!(out.status.code(), Some(2), "{}", both(&out));
    let v: Value = serde_json::from_slice(&out.stdout).expect("stdout is one JSON object");
    contract(&v);
    assert_eq!(v["outcome"], "explained");
    assert_eq!(v["status"], 403);
    assert_eq!(v["cause"], "insufficient_scope");
    assert_eq!(v["confidence"], "high");
    assert_eq!(v["method"], "POST", "-d implies POST");
    assert_eq!(v["url"], url);
    assert_eq!(v["required_scopes"], serde_json::json!(["orders:write"]));
    assert_eq!(v["request_id"], "req_7Hq2k9");
    let cred = &v["credential"];
    assert_eq!(cred["location"], "header:authorization");
    assert_eq!(cred["scheme"], "Bearer");
    assert_eq!(cred["kind"], "opaque token");
    assert_eq!(cred["fingerprint"], fingerprint(TOKEN));
    assert!(out.stderr.is_empty(), "{}", both(&out));
    assert_no_secret(&out, &[TOKEN]);
}

#[tokio::test]
async fn json_on_success_reports_ok_with_the_credential_and_findings() {
    let server = orders_api().await;
    let url = server.url("/v1/orders");
    let out = doctor(&["--json", "-H", &auth(), &url]).await;
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON, not the body");
    contract(&v);
    assert_eq!(v["outcome"], "ok");
    assert_eq!(v["status"], 200);
    assert_eq!(v["cause"], Value::Null);
    assert_eq!(v["findings"], serde_json::json!([]));
    assert_eq!(v["credential"]["fingerprint"], fingerprint(TOKEN));

    // A stray space: reported as sent (Observe, the default), repaired with --repair.
    let spaced = format!("Authorization: Bearer {TOKEN} ");
    for (flag, severity) in [(None, "warning"), (Some("--repair"), "repaired")] {
        let server = orders_api().await;
        let mut args = vec!["--json", "-H", &spaced];
        args.extend(flag);
        let url = server.url("/v1/orders");
        args.push(&url);
        let out = doctor(&args).await;
        assert_eq!(out.status.code(), Some(0), "{}", both(&out));
        let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
        assert_eq!(v["outcome"], "ok");
        assert_eq!(v["status"], 200);
        let finding = v["findings"]
            .as_array()
            .and_then(|f| f.iter().find(|f| f["code"] == "trailing_whitespace"))
            .unwrap_or_else(|| panic!("{v:#}"));
        assert_eq!(finding["severity"], severity, "{v:#}");
        let sent = server.only().header("authorization").unwrap();
        let expected = match flag {
            None => format!("Bearer {TOKEN} "),
            Some(_) => format!("Bearer {TOKEN}"),
        };
        assert_eq!(sent, expected, "{flag:?}");
        assert_no_secret(&out, &[TOKEN]);
    }
}

#[tokio::test]
async fn findings_on_a_success_are_a_note_on_stderr() {
    let server = orders_api().await;
    let spaced = format!("Authorization: Bearer {TOKEN} ");
    let out = doctor(&["-H", &spaced, &server.url("/v1/orders")]).await;
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    assert_eq!(stdout(&out), "[]");
    let err = stderr(&out);
    assert!(
        err.starts_with("note[auth]: 200 OK from 127.0.0.1: "),
        "{err}"
    );
    assert!(err.contains("finding[trailing_whitespace]"), "{err}");
    // -s keeps it quiet.
    let out = doctor(&["-s", "-H", &spaced, &server.url("/v1/orders")]).await;
    assert!(out.stderr.is_empty(), "{}", both(&out));
}

#[tokio::test]
async fn statuses_that_are_not_auth_failures_exit_0() {
    let server = orders_api().await;
    for (path, body) in [("/nowhere", "nothing here"), ("/boom", "oops")] {
        let out = doctor(&["-H", &auth(), &server.url(path)]).await;
        assert_eq!(out.status.code(), Some(0), "{path}: {}", both(&out));
        assert_eq!(stdout(&out), body);
        assert!(out.stderr.is_empty(), "{}", both(&out));
    }
}

#[tokio::test]
async fn other_errors_exit_1_with_one_line_and_no_secret() {
    let port = closed_port();
    let key = "FAKESECRETqueryKEY0123";
    let out = doctor(&[
        "-H",
        &auth(),
        &format!("http://127.0.0.1:{port}/v1/me?api_key={key}"),
    ])
    .await;
    assert_eq!(out.status.code(), Some(1), "{}", both(&out));
    let err = stderr(&out);
    assert!(err.starts_with("auth-doctor: "), "{err}");
    assert!(err.contains("api_key=REDACTED"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(out.stdout.is_empty());
    assert_no_secret(&out, &[TOKEN, key]);

    let url = "http://127.0.0.1:9/";
    let cases: &[&[&str]] = &[
        &["--bogus", url],
        &[],
        &["not a url with spaces"],
        &["ftp://127.0.0.1/"],
        &["--strict", "--repair", url],
        &["-H", "Bearer FAKESECRET", url],
        &["-H", "Authorization Bearer FAKESECRET:x", url],
        &["-H", "Authorization:", "Bearer", "FAKESECRET", url],
        &["-m", "FAKESECRET", url],
        &["-X", "BAD METHOD", url],
        &["--har", "x.har", url],
        &["--scrub-har", "out.har", url],
        &["--max-redirs", "many", url],
    ];
    for args in cases {
        let out = doctor(args).await;
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", both(&out));
        let err = stderr(&out);
        assert!(err.starts_with("auth-doctor: "), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(out.stdout.is_empty(), "{args:?}");
        assert_no_secret(&out, &[]);
    }
}

#[tokio::test]
async fn help_and_version_exit_0() {
    let out = doctor(&["--help"]).await;
    assert_eq!(out.status.code(), Some(0));
    let help = stdout(&out);
    for flag in [
        "--har",
        "--scrub-har",
        "--offline",
        "--resolve",
        "Exit status",
    ] {
        assert!(help.contains(flag), "{flag}: {help}");
    }
    let out = doctor(&["-V"]).await;
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).starts_with("auth-doctor "), "{}", both(&out));
}

#[tokio::test]
async fn strict_refuses_a_placeholder_and_sends_nothing() {
    let server = orders_api().await;
    let url = server.url("/v1/orders");
    let placeholder = "Authorization: Bearer YOUR_API_KEY";
    let out = doctor(&["--strict", "-H", placeholder, &url]).await;
    assert_eq!(out.status.code(), Some(2), "{}", both(&out));
    assert!(out.stdout.is_empty());
    assert!(
        stderr(&out).starts_with(
            "error[placeholder_credentials]: request to 127.0.0.1 refused before sending: "
        ),
        "{}",
        both(&out)
    );
    let out = doctor(&["--strict", "--json", "-H", placeholder, &url]).await;
    assert_eq!(out.status.code(), Some(2));
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    contract(&v);
    assert_eq!(v["outcome"], "refused");
    assert_eq!(v["status"], Value::Null);
    assert_eq!(v["cause"], "placeholder_credentials");
    assert!(server.seen().is_empty(), "nothing left");

    // A well-formed credential passes strict.
    let out = doctor(&["--strict", "-H", &auth(), &url]).await;
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    assert_eq!(stdout(&out), "[]");
    assert_eq!(server.seen().len(), 1);
}

#[tokio::test]
async fn offline_shows_the_request_and_sends_nothing() {
    let server = orders_api().await;
    let url = server.url("/v1/orders?api_key=FAKESECRETk0123456789");
    let secret_form = "client_secret=FAKESECRETform01&grant_type=client_credentials";

    let out = doctor(&["--offline", "-H", &auth(), "-d", secret_form, &url]).await;
    assert_eq!(out.status.code(), Some(0), "a warning only: {}", both(&out));
    let s = stdout(&out);
    assert!(
        s.starts_with("POST /v1/orders?api_key=REDACTED HTTP/1.1\n"),
        "{s}"
    );
    for line in [
        "authorization: Bearer REDACTED",
        "content-type: application/x-www-form-urlencoded",
        "client_secret=REDACTED&grant_type=client_credentials",
    ] {
        assert!(s.lines().any(|l| l == line), "{line}: {s}");
    }
    let err = stderr(&out);
    assert!(err.starts_with("note[auth]: "), "{err}");
    assert!(err.contains("finding[credential_in_url]"), "{err}");
    assert!(!err.contains("--strict would refuse"), "{err}");
    assert_no_secret(&out, &[TOKEN]);

    // A placeholder: what strict would refuse exits 2, whatever the mode.
    let out = doctor(&[
        "--offline",
        "-H",
        "Authorization: Bearer YOUR_API_KEY",
        &url,
    ])
    .await;
    assert_eq!(out.status.code(), Some(2), "{}", both(&out));
    assert!(
        stderr(&out)
            .contains("error: --strict would refuse this request (placeholder_credentials)"),
        "{}",
        both(&out)
    );

    // A clean request: exit 0, and --repair shows the request as repaired.
    let clean = server.url("/v1/orders");
    let spaced = format!("Authorization: Bearer  {TOKEN} ");
    let out = doctor(&["--offline", "--repair", "-H", &spaced, &clean]).await;
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    assert!(stderr(&out).contains("finding[trailing_whitespace]"));
    let out = doctor(&["--offline", "--json", "--repair", "-H", &spaced, &clean]).await;
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    let v: Value = serde_json::from_slice(&out.stdout).expect("only JSON on stdout");
    contract(&v);
    assert_eq!(v["outcome"], "ok");
    assert_eq!(v["status"], Value::Null, "nothing was sent");
    assert!(
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["severity"] == "repaired"),
        "{v:#}"
    );
    assert_eq!(v["credential"]["fingerprint"], fingerprint(TOKEN));

    // --strict --offline: the refusal.
    let out = doctor(&[
        "--offline",
        "--strict",
        "--json",
        "-H",
        "Authorization: Bearer YOUR_API_KEY",
        &clean,
    ])
    .await;
    assert_eq!(out.status.code(), Some(2));
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["outcome"], "refused");

    assert!(server.seen().is_empty(), "--offline sends nothing");
}

#[tokio::test]
async fn tracing_goes_to_stderr_when_rust_log_asks() {
    let server = orders_api().await;
    let mut cmd = auth_doctor(&[
        "--json",
        "-X",
        "POST",
        "-H",
        &auth(),
        &server.url("/v1/orders"),
    ]);
    cmd.env("RUST_LOG", "reqwest_auth_explain=debug");
    let out = run(cmd).await;
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("WARN") && err.contains("insufficient_scope"),
        "{err}"
    );
    serde_json::from_slice::<Value>(&out.stdout).expect("stdout stays one JSON object");
    assert_no_secret(&out, &[TOKEN]);
}

/// Every output path, with credentials in every place a request carries them: nothing
/// auth-doctor prints holds one, except a response body that echoes it (printed as curl prints
/// it), and never with `--json`.
#[tokio::test]
async fn no_output_path_leaks_a_credential() {
    let bearer = "tok_FAKESECRET_bearer0123456789";
    let key = "FAKESECRET_hdr_0123456789";
    let query = "FAKESECRET_q_0123456789";
    let cookie = "FAKESECRET_cookie_0123";
    let password = "FAKESECRET_pw_0123";
    let form = "FAKESECRET_form_0123456";
    let secrets = [bearer, key, query, cookie, password, form];

    // A server that echoes every header and the body back, in its body and in a header.
    let echoing = Recorder::start(|seen| {
        let mut body = String::new();
        for (n, v) in &seen.headers {
            body.push_str(&format!("{n}: {}\n", text(v)));
        }
        body.push_str(&text(&seen.body));
        let echo = seen.header("authorization").unwrap_or_default();
        reply(
            401,
            &[
                ("www-authenticate", r#"Bearer error="invalid_token""#),
                ("x-echo", &echo),
                ("set-cookie", "sid=FAKESECRET_new_session; Path=/"),
            ],
            &body,
        )
    })
    .await;
    let url = echoing.url(&format!("/v1/x?api_key={query}&page=1"));
    let basic_url = format!("http://ada:{password}@{}/v1/basic", echoing.addr);
    let request: Vec<String> = vec![
        "-H".into(),
        format!("Authorization: Bearer {bearer}"),
        "-H".into(),
        format!("X-Api-Key: {key}"),
        "-H".into(),
        format!("Cookie: session={cookie}"),
        "-d".into(),
        format!("client_secret={form}&scope=read"),
    ];
    let modes: &[&[&str]] = &[
        &[],
        &["-v"],
        &["-i"],
        &["-v", "-i"],
        &["--json"],
        &["--json", "-v", "-i"],
        &["--repair", "-v"],
        &["--strict"],
        &["--offline"],
        &["--offline", "--json"],
        &["-L", "-v"],
    ];
    for mode in modes {
        for target in [&url, &basic_url] {
            let mut args: Vec<&str> = mode.to_vec();
            args.extend(request.iter().map(String::as_str));
            args.push(target);
            let out = doctor(&args).await;
            let offline = mode.contains(&"--offline");
            assert!(
                out.status.code() == Some(2) || (offline && out.status.code() == Some(0)),
                "{mode:?}: {}",
                both(&out)
            );
            assert_clean(&format!("{mode:?} stderr"), &stderr(&out), &secrets);
            let body_is_on_stdout = !mode.contains(&"--json") && !mode.contains(&"--offline");
            if !body_is_on_stdout {
                assert_clean(&format!("{mode:?} stdout"), &stdout(&out), &secrets);
            } else {
                // The body echoes the request, as the server sent it; the head (-i) does not.
                let s = stdout(&out);
                let head = s.split("\r\n\r\n").next().unwrap_or("");
                if mode.contains(&"-i") {
                    assert_clean(&format!("{mode:?} head"), head, &secrets);
                }
            }
        }
    }
}
