//! The `doctor` example as a process against loopback servers: output, JSON contract, exit
//! codes, `--resolve`, header bytes and `--strict`.

use std::sync::{Arc, Mutex};

use serde_json::Value;
use sha2::{Digest, Sha256};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::examples::{command, example, run, text};

const TOKEN: &str = "tok_FAKESECRET_7d1f3a9c";

fn doctor(args: &[&str]) -> tokio::process::Command {
    let mut cmd = command("doctor");
    cmd.args(args);
    cmd
}

/// A server that answers like an API guarding `/v1/orders` with a scope.
async fn orders_api() -> MockServer {
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
                .set_body_raw(
                    r#"{"error":"insufficient_scope","error_description":"The token needs orders:write"}"#,
                    "application/json",
                ),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/orders"))
        .respond_with(ResponseTemplate::new(200).set_body_string("[]"))
        .mount(&server)
        .await;
    server
}

fn assert_no_secret(out: &std::process::Output) {
    let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert!(!all.contains("FAKESECRET"), "the token was printed:\n{all}");
}

#[tokio::test]
async fn explains_a_rejection_for_humans_and_exits_2() {
    example("doctor");
    let server = orders_api().await;
    let url = format!("{}/v1/orders", server.uri());
    let auth = format!("Authorization: Bearer {TOKEN}");
    let out = run(doctor(&["-X", "POST", "-H", &auth, &url])).await;
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{stdout}{}", text(&out.stderr));
    assert!(
        stdout.starts_with("error[insufficient_scope]: 403 Forbidden from 127.0.0.1: "),
        "{stdout}"
    );
    assert!(stdout.contains(&format!("  --> POST {url}\n")), "{stdout}");
    assert!(
        stdout.contains("help: grant the scope orders:write"),
        "{stdout}"
    );
    assert!(stdout.contains("= request id: req_7Hq2k9"), "{stdout}");
    assert!(out.stderr.is_empty(), "no tracing unless RUST_LOG asks");
    assert_no_secret(&out);
}

#[tokio::test]
async fn json_output_follows_the_contract() {
    example("doctor");
    let server = orders_api().await;
    let url = format!("{}/v1/orders", server.uri());
    let auth = format!("Authorization: Bearer {TOKEN}");
    let out = run(doctor(&["--json", "-d", "{}", "-H", &auth, &url])).await;
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).expect("stdout is one JSON document");
    for key in [
        "outcome",
        "status",
        "cause",
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
        assert!(v.get(key).is_some(), "missing {key}: {v:#}");
    }
    assert_eq!(v["outcome"], "explained");
    assert_eq!(v["status"], 403);
    assert_eq!(v["cause"], "insufficient_scope");
    assert_eq!(v["method"], "POST", "-d implies POST");
    assert_eq!(v["url"], url);
    assert_eq!(v["required_scopes"], serde_json::json!(["orders:write"]));
    assert_eq!(v["request_id"], "req_7Hq2k9");
    assert_eq!(v["retry_after_s"], Value::Null);
    assert!(v["summary"].as_str().is_some_and(|s| !s.is_empty()));
    assert!(v["evidence"].as_array().is_some_and(|e| !e.is_empty()));
    assert!(v["remedies"].as_array().is_some_and(|r| !r.is_empty()));
    assert!(v["findings"].is_array() && v["granted_scopes"].is_array());
    let cred = &v["credential"];
    for key in ["location", "scheme", "kind", "provider", "fingerprint"] {
        assert!(
            cred.get(key).is_some(),
            "missing credential.{key}: {cred:#}"
        );
    }
    assert_eq!(cred["location"], "header:authorization");
    assert_eq!(cred["scheme"], "Bearer");
    assert_eq!(cred["kind"], "opaque token");
    assert_eq!(cred["provider"], Value::Null);
    // printf %s "$TOKEN" | sha256sum | cut -c1-12
    let digest = Sha256::digest(TOKEN.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(cred["fingerprint"], hex[..12]);
    assert_no_secret(&out);
}

#[tokio::test]
async fn no_auth_failure_exits_0_with_a_status_line() {
    example("doctor");
    let server = orders_api().await;
    let url = format!("{}/v1/orders", server.uri());
    let auth = format!("Authorization: Bearer {TOKEN}");

    let out = run(doctor(&["-H", &auth, &url])).await;
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", text(&out.stderr));
    assert_eq!(
        stdout,
        format!("ok: 200 OK from 127.0.0.1: no auth failure\n  --> GET {url}\n")
    );

    let out = run(doctor(&["--json", "-H", &auth, &url])).await;
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["outcome"], "ok");
    assert_eq!(v["status"], 200);
    assert_eq!(v["cause"], Value::Null);
    assert_eq!(v["url"], url);

    // a 404 is not an auth failure either
    let out = run(doctor(&[&format!("{}/nowhere", server.uri())])).await;
    assert_eq!(out.status.code(), Some(0));
    assert!(
        text(&out.stdout).starts_with("note: 404 Not Found from 127.0.0.1: not an auth failure"),
        "{}",
        text(&out.stdout)
    );
    assert_no_secret(&out);
}

#[tokio::test]
async fn other_errors_exit_1() {
    example("doctor");
    // a port nobody listens on
    let port = crate::redaction::closed_port();
    let out = run(doctor(&[&format!(
        "http://127.0.0.1:{port}/v1/me?api_key=FAKESECRET"
    )]))
    .await;
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(stderr.contains("api_key=REDACTED"), "{stderr}");
    assert!(out.stdout.is_empty());
    assert_no_secret(&out);

    for args in [
        &["--bogus", "http://127.0.0.1:9/"][..],
        &["not a url"],
        &[
            "--resolve",
            "api.example.test:80",
            "http://api.example.test/",
        ],
        &["--strict", "--repair", "http://127.0.0.1:9/"],
        &["-H", "Bearer FAKESECRET", "http://127.0.0.1:9/"],
        &[
            "-H",
            "Authorization Bearer FAKESECRET:x",
            "http://127.0.0.1:9/",
        ],
        &[],
    ] {
        let out = run(doctor(args)).await;
        assert_eq!(
            out.status.code(),
            Some(1),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert!(!out.stderr.is_empty(), "{args:?}");
        assert_no_secret(&out);
    }

    let out = run(doctor(&["--help"])).await;
    assert_eq!(out.status.code(), Some(0));
    let help = text(&out.stdout);
    assert!(
        help.contains("Examples:") && help.contains("--resolve"),
        "{help}"
    );
}

#[tokio::test]
async fn resolve_keeps_the_host_name() {
    example("doctor");
    let server = MockServer::start().await;
    let port = server.address().port();
    let host = format!("api.example.test:{port}");
    Mock::given(method("GET"))
        .and(path("/v1/me"))
        .and(header("host", host.as_str()))
        .respond_with(
            ResponseTemplate::new(401).insert_header("www-authenticate", r#"Bearer realm="api""#),
        )
        .mount(&server)
        .await;
    let url = format!("http://{host}/v1/me");
    let resolve = format!("api.example.test:{port}:127.0.0.1");
    let out = run(doctor(&["--resolve", &resolve, &url])).await;
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{stdout}{}", text(&out.stderr));
    assert!(
        stdout.starts_with("error[missing_credentials]: 401 Unauthorized from api.example.test: "),
        "{stdout}"
    );
    assert!(stdout.contains(&format!("--> GET {url}")), "{stdout}");
}

/// A loopback server that records the head of the one request it gets and answers 401.
async fn recording_server() -> (String, Arc<Mutex<Vec<u8>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    tokio::spawn(async move {
        while let Ok((mut sock, _)) = listener.accept().await {
            let mut head = Vec::new();
            let mut buf = [0u8; 4096];
            while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                match sock.read(&mut buf).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => head.extend_from_slice(&buf[..n]),
                }
            }
            record.lock().unwrap().extend_from_slice(&head);
            let reply = "HTTP/1.1 401 Unauthorized\r\nwww-authenticate: Bearer error=\"invalid_token\"\r\ncontent-length: 0\r\nconnection: close\r\n\r\n";
            let _ = sock.write_all(reply.as_bytes()).await;
            let _ = sock.shutdown().await;
        }
    });
    (format!("http://{addr}/v1/me"), seen)
}

fn sent_header(head: &[u8], name: &str) -> Option<Vec<u8>> {
    let prefix = format!("{name}:");
    head.split(|b| *b == b'\n')
        .find(|line| {
            line.len() > prefix.len()
                && line[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
        })
        .map(|line| {
            line[prefix.len()..]
                .strip_suffix(b"\r")
                .unwrap_or(&line[prefix.len()..])
                .to_vec()
        })
}

#[tokio::test]
async fn header_values_are_sent_byte_for_byte() {
    example("doctor");
    let (url, seen) = recording_server().await;
    let auth = format!("Authorization: Bearer {TOKEN} ");
    let out = run(doctor(&["-H", &auth, "-H", "X-Trace:  two spaces", &url])).await;
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let head = seen.lock().unwrap().clone();
    assert_eq!(
        sent_header(&head, "authorization").as_deref(),
        Some(format!(" Bearer {TOKEN} ").as_bytes()),
        "{}",
        text(&head)
    );
    assert_eq!(
        sent_header(&head, "x-trace").as_deref(),
        Some(&b"  two spaces"[..]),
        "only the one space after the colon is a separator"
    );
    assert_no_secret(&out);
}

#[tokio::test]
async fn invalid_header_bytes_are_refused_with_a_reason() {
    example("doctor");
    let (url, seen) = recording_server().await;
    let auth = format!("Authorization: Bearer {TOKEN}\n");
    let out = run(doctor(&["-H", &auth, &url])).await;
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("not a valid HTTP header value") && stderr.contains("line feed"),
        "{stderr}"
    );
    assert!(seen.lock().unwrap().is_empty(), "nothing was sent");
    assert_no_secret(&out);
}

#[tokio::test]
async fn tracing_goes_to_stderr_when_rust_log_asks() {
    example("doctor");
    let server = orders_api().await;
    let url = format!("{}/v1/orders", server.uri());
    let auth = format!("Authorization: Bearer {TOKEN}");
    let mut cmd = doctor(&["--json", "-X", "POST", "-H", &auth, &url]);
    cmd.env("RUST_LOG", "reqwest_auth_explain=debug");
    let out = run(cmd).await;
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("WARN") && stderr.contains("insufficient_scope"),
        "{stderr}"
    );
    serde_json::from_slice::<Value>(&out.stdout).expect("stdout stays pure JSON");
    assert_no_secret(&out);
}

#[tokio::test]
async fn strict_lets_a_well_formed_request_through() {
    example("doctor");
    let server = orders_api().await;
    let url = format!("{}/v1/orders", server.uri());
    // a token no pre-flight check should object to
    let auth = "Authorization: Bearer tok_7d1f3a9c52e04b8a6f0e";
    let out = run(doctor(&["--strict", "-H", auth, &url])).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn strict_refuses_a_placeholder_and_sends_nothing() {
    example("doctor");
    let server = orders_api().await;
    let url = format!("{}/v1/orders", server.uri());
    let auth = "Authorization: Bearer YOUR_API_KEY";

    let out = run(doctor(&["--strict", "-H", auth, &url])).await;
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{stdout}{}", text(&out.stderr));
    assert!(
        stdout.starts_with(
            "error[placeholder_credentials]: request to 127.0.0.1 refused before sending: "
        ),
        "{stdout}"
    );

    let out = run(doctor(&["--strict", "--json", "-H", auth, &url])).await;
    assert_eq!(out.status.code(), Some(2));
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["outcome"], "refused");
    assert_eq!(v["status"], Value::Null);
    assert_eq!(v["cause"], "placeholder_credentials");
    assert!(v["findings"].as_array().is_some_and(|f| !f.is_empty()));

    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn stray_whitespace_is_reported_as_sent_and_repaired_on_request() {
    example("doctor");
    let (url, seen) = recording_server().await;
    let auth = format!("Authorization: Bearer {TOKEN} ");

    let out = run(doctor(&["--json", "-H", &auth, &url])).await;
    assert_eq!(out.status.code(), Some(2));
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let codes: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["code"].as_str())
        .collect();
    assert!(codes.contains(&"trailing_whitespace"), "{v:#}");

    seen.lock().unwrap().clear();
    let out = run(doctor(&["--repair", "-H", &auth, &url])).await;
    assert_eq!(out.status.code(), Some(2));
    let head = seen.lock().unwrap().clone();
    assert_eq!(
        sent_header(&head, "authorization").as_deref(),
        Some(format!(" Bearer {TOKEN}").as_bytes())
    );
    assert_no_secret(&out);
}
