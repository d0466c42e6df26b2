//! The library's corpus (`../tests/fixtures/corpus/*.json`: recorded auth failures of real
//! APIs) through `auth-doctor --json --resolve`, as a person at a terminal would run it: each
//! recorded response is replayed by a loopback server under its original host name, and the
//! cause and the facts must match, with exit status 2 and no secret marker in anything printed.

use std::fs;
use std::net::SocketAddr;

use serde_json::Value;

use crate::support::*;

/// The corpus cases, sorted by file name.
fn cases() -> Vec<(String, Value)> {
    let dir = fixtures("../tests/fixtures/corpus");
    let mut out: Vec<(String, Value)> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| {
            let v: Value = serde_json::from_slice(&fs::read(&p).expect("read case"))
                .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (p.file_name().unwrap().to_string_lossy().into_owned(), v)
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// The recorded response as HTTP/1.1 bytes, its body as recorded (decoded: the transfer and
/// content codings are gone).
fn response(resp: &Value) -> Reply {
    let status = resp["status"].as_u64().expect("status") as u16;
    let mut headers = Vec::new();
    for (k, v) in resp["headers"].as_object().into_iter().flatten() {
        let name = k.to_ascii_lowercase();
        if !matches!(
            name.as_str(),
            "content-length" | "transfer-encoding" | "connection" | "content-encoding"
        ) {
            headers.push((k.clone(), v.as_str().expect("header value").to_owned()));
        }
    }
    let headers: Vec<(&str, &str)> = headers
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    reply(status, &headers, resp["body"].as_str().unwrap_or(""))
}

/// The case's host name and its URL on the loopback server (plain HTTP, same path and query).
fn local_url(case: &Value, addr: SocketAddr) -> (String, String) {
    let url = url::Url::parse(case["request"]["url"].as_str().expect("url")).expect("url");
    // A case recorded against an IP address is replayed on loopback: --resolve applies to
    // names only, and nothing may go to a real address.
    let host = match url.host() {
        Some(url::Host::Domain(d)) => d.to_owned(),
        _ => "127.0.0.1".to_owned(),
    };
    let mut local = format!("http://{host}:{}{}", addr.port(), url.path());
    if let Some(q) = url.query() {
        local.push('?');
        local.push_str(q);
    }
    (host, local)
}

/// Whether an expected request id shares 6 or more consecutive characters with a credential
/// the request sent: the library withholds such an id rather than print a piece of the key.
fn shares_a_piece(case: &Value, id: &Value) -> bool {
    let Some(id) = id.as_str() else { return false };
    let id = id.as_bytes();
    let mut secrets: Vec<Vec<u8>> = Vec::new();
    for v in case["request"]["headers"]
        .as_object()
        .into_iter()
        .flatten()
        .filter_map(|(_, v)| v.as_str())
    {
        let token = v.rsplit(' ').next().unwrap_or(v);
        secrets.push(token.as_bytes().to_vec());
        if let Ok(decoded) =
            base64::Engine::decode(&base64::engine::general_purpose::STANDARD, token)
        {
            secrets.push(decoded);
        }
    }
    secrets.push(
        case["request"]["url"]
            .as_str()
            .unwrap_or("")
            .as_bytes()
            .to_vec(),
    );
    secrets
        .iter()
        .any(|s| id.windows(6).any(|w| s.windows(6).any(|x| x == w)))
}

#[tokio::test]
async fn every_recorded_failure_is_explained_by_auth_doctor() {
    let cases = cases();
    assert!(cases.len() >= 36, "the corpus lost cases: {}", cases.len());
    let mut failures = Vec::new();
    for (name, case) in &cases {
        let server = Recorder::always(response(&case["response"])).await;
        let req = &case["request"];
        let (host, local) = local_url(case, server.addr);
        let resolve = format!("{host}:{}:127.0.0.1", server.port());
        let mut args: Vec<String> = vec![
            "--json".into(),
            "--resolve".into(),
            resolve,
            "-X".into(),
            req["method"].as_str().unwrap_or("GET").into(),
        ];
        for (k, v) in req["headers"].as_object().into_iter().flatten() {
            args.push("-H".into());
            args.push(format!("{k}: {}", v.as_str().unwrap_or("")));
        }
        args.push(local);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = doctor(&args).await;

        let mut problems = Vec::new();
        if out.status.code() != Some(2) {
            problems.push(format!("exit {:?}: {}", out.status.code(), stderr(&out)));
        }
        if stdout(&out).contains(MARK) || stderr(&out).contains(MARK) {
            problems.push("the output leaks the secret marker".to_owned());
        }
        match serde_json::from_slice::<Value>(&out.stdout) {
            Ok(json) => {
                let exp = &case["expected"];
                let want = exp["cause"].as_str().unwrap_or("");
                let also: Vec<&str> = exp["also_acceptable"]
                    .as_array()
                    .map(|a| a.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                let got = json["cause"].as_str().unwrap_or("none");
                if got != want && !also.contains(&got) {
                    problems.push(format!("cause {got}, expected {want} (or {also:?})"));
                }
                if !json["url"].as_str().unwrap_or("").contains(&host) {
                    problems.push(format!("url {} lost the host name", json["url"]));
                }
                for (k, v) in exp["facts"].as_object().into_iter().flatten() {
                    if !v.is_null()
                        && json[k.as_str()] != *v
                        && !(k == "request_id"
                            && json[k.as_str()] == "[REDACTED]"
                            && shares_a_piece(case, v))
                    {
                        problems.push(format!("{k} = {}, expected {v}", json[k.as_str()]));
                    }
                }
            }
            Err(e) => problems.push(format!("stdout is not JSON ({e}): {}", stdout(&out))),
        }
        if !problems.is_empty() {
            failures.push(format!("{name}:\n  {}", problems.join("\n  ")));
        }
    }
    println!(
        "auth-doctor corpus score: {}/{}",
        cases.len() - failures.len(),
        cases.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
