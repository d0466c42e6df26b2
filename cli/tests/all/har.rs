//! `--har` on exports of Chromium's and Firefox's DevTools, `--scrub-har`, and files that are
//! not HAR files.

use std::collections::BTreeMap;

use base64::Engine;
use serde_json::Value;

use crate::support::*;

fn har(name: &str) -> String {
    fixtures("tests/fixtures")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

/// The cause of each entry `--har --json` explained, by entry index.
fn causes_of(out: &std::process::Output) -> BTreeMap<u64, String> {
    stdout(out)
        .lines()
        .map(|line| {
            let v: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
            (
                v["entry"].as_u64().expect("entry index"),
                v["cause"].as_str().unwrap_or("none").to_owned(),
            )
        })
        .collect()
}

fn expected(pairs: &[(u64, &str)]) -> BTreeMap<u64, String> {
    pairs.iter().map(|(i, c)| (*i, (*c).to_owned())).collect()
}

const CHROMIUM_CAUSES: &[(u64, &str)] = &[
    (0, "none"),
    (1, "expired_credentials"),
    (2, "none"),
    (3, "none"),
    (4, "expired_credentials"),
    (5, "insufficient_scope"),
    (6, "rate_limited"),
    (7, "none"),
    (8, "none"),
];

const FIREFOX_CAUSES: &[(u64, &str)] = &[
    (0, "none"),
    (1, "none"),
    (2, "expired_credentials"),
    (3, "expired_credentials"),
    (4, "insufficient_scope"),
    (5, "rate_limited"),
    (6, "none"),
    (7, "none"),
];

#[tokio::test]
async fn chromium_export_is_explained_entry_by_entry() {
    let out = doctor(&["--har", &har("chromium.har")]).await;
    assert_eq!(out.status.code(), Some(2), "{}", both(&out));
    let s = stdout(&out);
    assert!(
        s.ends_with(
            "9 entries read, 4 auth failures (expired_credentials 2, insufficient_scope 1, \
             rate_limited 1), 1 skipped\n"
        ),
        "{s}"
    );
    for block in [
        "log.entries[1] (2025-03-14T09:26:53.790Z):\nerror[expired_credentials]: 400 Bad Request from auth.example.com",
        "log.entries[4] (2025-03-14T09:26:55.344Z):\nerror[expired_credentials]: 401 Unauthorized from api.example.com",
        "log.entries[5] (2025-03-14T09:26:57.018Z):\nerror[insufficient_scope]: 403 Forbidden from api.example.com",
        "log.entries[6] (2025-03-14T09:26:58.450Z):\nerror[rate_limited]: 429 Too Many Requests from search.example.com",
    ] {
        assert!(s.contains(block), "{block}\n---\n{s}");
    }
    assert!(s.contains("help: wait 30 s before retrying"), "{s}");
    assert!(s.contains("api_key=REDACTED"), "{s}");
    let err = stderr(&out);
    assert!(
        err.contains("log.entries[9] skipped: no response was recorded"),
        "{err}"
    );
    assert_no_secret(&out, &[]);

    let out = doctor(&["--har", &har("chromium.har"), "--json"]).await;
    assert_eq!(out.status.code(), Some(2), "{}", both(&out));
    assert_eq!(causes_of(&out), expected(CHROMIUM_CAUSES));
    for line in stdout(&out).lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        for key in [
            "outcome",
            "status",
            "cause",
            "credential",
            "findings",
            "url",
        ] {
            assert!(v.get(key).is_some(), "{key}: {line}");
        }
    }
    assert_no_secret(&out, &[]);
}

#[tokio::test]
async fn firefox_export_is_explained_entry_by_entry() {
    let out = doctor(&["--har", &har("firefox.har")]).await;
    assert_eq!(out.status.code(), Some(2), "{}", both(&out));
    let s = stdout(&out);
    assert!(
        s.ends_with(
            "8 entries read, 4 auth failures (expired_credentials 2, insufficient_scope 1, \
             rate_limited 1)\n"
        ),
        "{s}"
    );
    assert!(
        s.contains("= finding[jwt_expired]"),
        "the JWT's own expiry: {s}"
    );
    assert!(
        s.contains("credential: Bearer JWT in header:authorization"),
        "{s}"
    );
    assert!(s.contains("help: wait 120 s before retrying"), "{s}");
    assert!(out.stderr.is_empty(), "{}", both(&out));
    assert_no_secret(&out, &[]);

    let out = doctor(&["--har", &har("firefox.har"), "--json"]).await;
    assert_eq!(causes_of(&out), expected(FIREFOX_CAUSES));
    assert_no_secret(&out, &[]);
}

/// Every string of a HAR document, and the decoded text of base64 contents.
fn all_text(doc: &Value) -> String {
    fn walk(v: &Value, out: &mut String) {
        match v {
            Value::String(s) => {
                out.push_str(s);
                out.push('\n');
            }
            Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            Value::Object(m) => {
                if m.get("encoding").and_then(Value::as_str) == Some("base64") {
                    if let Some(t) = m.get("text").and_then(Value::as_str) {
                        let bytes = base64::engine::general_purpose::STANDARD
                            .decode(t)
                            .expect("still valid base64");
                        out.push_str(&String::from_utf8_lossy(&bytes));
                    }
                }
                m.values().for_each(|x| walk(x, out));
            }
            _ => {}
        }
    }
    let mut out = String::new();
    walk(doc, &mut out);
    out
}

#[tokio::test]
async fn scrubbed_copies_keep_the_har_and_lose_every_credential() {
    for (name, causes) in [
        ("chromium.har", CHROMIUM_CAUSES),
        ("firefox.har", FIREFOX_CAUSES),
    ] {
        let original: Value = serde_json::from_slice(&std::fs::read(har(name)).unwrap()).unwrap();
        assert!(
            all_text(&original).contains("FAKE"),
            "the fixture has secrets"
        );
        let dir = temp_dir();
        let out_path = dir.path().join("scrubbed.har");
        let out = doctor(&[
            "--har",
            &har(name),
            "--scrub-har",
            out_path.to_str().unwrap(),
        ])
        .await;
        assert_eq!(out.status.code(), Some(2), "{name}: {}", both(&out));
        assert!(
            stderr(&out).contains(&format!("wrote {}", out_path.display())),
            "{}",
            both(&out)
        );

        let scrubbed_text = std::fs::read_to_string(&out_path).unwrap();
        let scrubbed: Value = serde_json::from_str(&scrubbed_text).expect("still JSON");
        assert!(!scrubbed_text.contains("FAKE"), "{name}: {scrubbed_text}");
        assert!(
            !all_text(&scrubbed).contains("FAKE"),
            "{name}: a decoded body"
        );

        // Still the same HAR: same log fields, entries, and everything that is not secret.
        let entries = |v: &Value| v["log"]["entries"].as_array().unwrap().len();
        assert_eq!(entries(&scrubbed), entries(&original), "{name}");
        for key in ["version", "creator", "pages"] {
            assert_eq!(scrubbed["log"][key], original["log"][key], "{name}: {key}");
        }
        for (a, b) in scrubbed["log"]["entries"]
            .as_array()
            .unwrap()
            .iter()
            .zip(original["log"]["entries"].as_array().unwrap())
        {
            for key in ["startedDateTime", "time", "timings", "serverIPAddress"] {
                assert_eq!(a[key], b[key], "{name}: {key}");
            }
            assert_eq!(a["request"]["method"], b["request"]["method"]);
            assert_eq!(a["response"]["status"], b["response"]["status"]);
            let headers = |e: &Value, side: &str| e[side]["headers"].as_array().unwrap().len();
            assert_eq!(headers(a, "request"), headers(b, "request"));
            assert_eq!(headers(a, "response"), headers(b, "response"));
        }
        assert!(
            scrubbed_text.contains("Bearer REDACTED-by-auth-doctor"),
            "{name}"
        );

        // The scrubbed copy explains the same failures.
        let out = doctor(&["--har", out_path.to_str().unwrap(), "--json"]).await;
        assert_eq!(causes_of(&out), expected(causes), "{name}");
    }
}

#[tokio::test]
async fn scrubbing_keeps_what_is_not_secret() {
    let dir = temp_dir();
    let out_path = dir.path().join("scrubbed.har");
    let out = doctor(&[
        "--har",
        &har("chromium.har"),
        "--scrub-har",
        out_path.to_str().unwrap(),
    ])
    .await;
    assert_eq!(out.status.code(), Some(2), "{}", both(&out));
    let doc: Value = serde_json::from_slice(&std::fs::read(&out_path).unwrap()).unwrap();
    let entries = doc["log"]["entries"].as_array().unwrap();
    assert_eq!(
        entries[4]["request"]["url"],
        "https://api.example.com/v1/orders?status=open"
    );
    assert_eq!(
        entries[6]["request"]["url"],
        "https://search.example.com/v2/query?q=running+shoes&api_key=REDACTED-by-auth-doctor"
    );
    let query = &entries[6]["request"]["queryString"];
    assert_eq!(query[0]["value"], "running shoes");
    assert_eq!(query[1]["value"], "REDACTED-by-auth-doctor");
    let post = entries[1]["request"]["postData"]["text"].as_str().unwrap();
    assert!(
        post.starts_with("grant_type=refresh_token&refresh_token=REDACTED-by-auth-doctor"),
        "{post}"
    );
    let wwa = entries[4]["response"]["headers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["name"] == "www-authenticate")
        .unwrap();
    assert_eq!(
        wwa["value"],
        r#"Bearer error="invalid_token", error_description="The access token expired""#
    );
    let set_cookie = entries[0]["response"]["headers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["name"] == "set-cookie")
        .unwrap();
    assert_eq!(
        set_cookie["value"],
        "session=REDACTED-by-auth-doctor; Path=/; Secure; HttpOnly; SameSite=Lax"
    );
}

#[tokio::test]
async fn a_har_without_auth_failures_exits_0() {
    let dir = temp_dir();
    let doc = serde_json::json!({"log": {"version": "1.2", "creator": {"name": "test", "version": "1"},
        "entries": [{
            "startedDateTime": "2025-03-14T09:26:53.412Z", "time": 10,
            "request": {"method": "GET", "url": "https://api.example.test/v1/me", "httpVersion": "HTTP/1.1",
                        "headers": [{"name": "Authorization", "value": "Bearer tok_0123456789abcdef"}],
                        "queryString": [], "cookies": [], "headersSize": -1, "bodySize": 0},
            "response": {"status": 200, "statusText": "OK", "httpVersion": "HTTP/1.1", "headers": [],
                         "cookies": [], "content": {"size": 2, "mimeType": "application/json", "text": "{}"},
                         "redirectURL": "", "headersSize": -1, "bodySize": 2},
            "cache": {}, "timings": {"send": 0, "wait": 10, "receive": 0}}]}});
    let path = write_file(&dir, "ok.har", doc.to_string().as_bytes());
    let out = doctor(&["--har", path.to_str().unwrap()]).await;
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    assert_eq!(stdout(&out), "1 entry read, no auth failure\n");
}

#[tokio::test]
async fn malformed_files_exit_1_and_malformed_entries_are_skipped() {
    let dir = temp_dir();
    for (name, contents, says) in [
        (
            "not-json.har",
            &b"{\"log\": ["[..],
            "is not a HAR file: not JSON",
        ),
        (
            "no-log.har",
            b"{\"entries\": []}",
            "is not a HAR file: no \"log\" object",
        ),
        (
            "no-entries.har",
            b"{\"log\": {\"version\": \"1.2\"}}",
            "is not a HAR file: no \"log.entries\" array",
        ),
        (
            "binary.har",
            b"\xff\xfe\x00garbage",
            "is not a HAR file: not JSON",
        ),
    ] {
        let path = write_file(&dir, name, contents);
        let out = doctor(&["--har", path.to_str().unwrap()]).await;
        assert_eq!(out.status.code(), Some(1), "{name}: {}", both(&out));
        let err = stderr(&out);
        assert!(
            err.starts_with("auth-doctor: ") && err.contains(says),
            "{name}: {err}"
        );
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(out.stdout.is_empty());
    }
    let missing = dir.path().join("missing.har");
    let out = doctor(&["--har", missing.to_str().unwrap()]).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("cannot read the file"),
        "{}",
        both(&out)
    );

    // Over the bound: refused without being read (a sparse file, no disk used).
    let huge = dir.path().join("huge.har");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(257 * 1024 * 1024)
        .unwrap();
    let out = doctor(&["--har", huge.to_str().unwrap()]).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("is larger than 256 MiB"),
        "{}",
        both(&out)
    );

    // Bad entries are skipped with a note; the good one is explained.
    let doc = serde_json::json!({"log": {"entries": [
        {"request": {"method": "GET"}, "response": {"status": 401}},
        "not an entry",
        {"request": {"method": "GET", "url": "https://api.example.test/v1/me?api_key=FAKESECRET0123456",
                     "headers": [{"name": "bad name", "value": "x"}]},
         "response": {"status": 401, "headers": [{"name": "WWW-Authenticate", "value": "Bearer realm=\"api\""}],
                      "content": {"mimeType": "text/plain", "text": "!!", "encoding": "base64"}}},
        {"request": {"method": "GET", "url": "https://api.example.test/"}, "response": {"status": 99999}}
    ]}});
    let path = write_file(&dir, "partly.har", doc.to_string().as_bytes());
    let out = doctor(&["--har", path.to_str().unwrap()]).await;
    assert_eq!(out.status.code(), Some(2), "{}", both(&out));
    let err = stderr(&out);
    for note in [
        "log.entries[0] skipped: no request.url",
        "log.entries[1] skipped: no request",
        "log.entries[3] skipped: invalid response.status",
    ] {
        assert!(err.contains(note), "{note}: {err}");
    }
    assert!(
        stdout(&out).ends_with("1 entry read, 1 auth failure (missing_credentials 1), 3 skipped\n"),
        "{}",
        both(&out)
    );
    assert_no_secret(&out, &[]);
}
