//! The corpus: recorded auth failures of real APIs (`tests/fixtures/corpus/*.json`), each
//! replayed byte for byte by a loopback server under its original host name, and explained by
//! the middleware. Every case must get its expected cause (or one a careful engineer would
//! also accept) and the facts it lists, and no output may contain the `FAKESECRET` marker.
//!
//! `CORPUS_VERBOSE=1 cargo test --test all corpus -- --nocapture` prints every explanation.
//! `CORPUS_CASES=1` with `score_named_sets` prints one tab-separated line a case (its cause,
//! confidence, expected cause and whether the cause was right), to compare two builds.

use std::fs;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use reqwest::Method;
use reqwest_auth_explain::{AuthExplainMiddleware, Explanation, ResponseExt};
use serde_json::Value;

use crate::helpers::{Step, raw_server};

const MARKER: &str = "FAKESECRET";

fn fixtures(dir: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(dir)
}

/// The cases of the providers that have a profile (the tuning set of the profiles).
fn cases() -> Vec<(String, Value)> {
    cases_in("corpus")
}

/// The cases of one fixture directory, sorted by file name.
fn cases_in(dir: &str) -> Vec<(String, Value)> {
    let mut out: Vec<(String, Value)> = fs::read_dir(fixtures(dir))
        .unwrap_or_else(|e| panic!("fixture directory {dir}: {e}"))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| {
            let text = fs::read_to_string(&p).expect("read case");
            let v: Value = serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("{}: not JSON: {e}", p.display()));
            (p.file_name().unwrap().to_string_lossy().into_owned(), v)
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// The recorded response as HTTP/1.1 bytes: its status, its headers (with `Content-Length`
/// set to the body's length and the connection closed after it), and its exact body.
fn response_bytes(resp: &Value) -> Vec<u8> {
    let status = resp["status"].as_u64().expect("status") as u16;
    let reason = http::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("Unknown");
    let body = resp["body"].as_str().unwrap_or("");
    let mut head = format!("HTTP/1.1 {status} {reason}\r\n");
    if let Some(h) = resp["headers"].as_object() {
        for (k, v) in h {
            let name = k.to_ascii_lowercase();
            // The recorded body is stored decoded: its transfer and content codings are gone.
            if matches!(
                name.as_str(),
                "content-length" | "transfer-encoding" | "connection" | "content-encoding"
            ) {
                continue;
            }
            head.push_str(&format!("{k}: {}\r\n", v.as_str().expect("header value")));
        }
    }
    head.push_str(&format!(
        "content-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    ));
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(body.as_bytes());
    bytes
}

/// The case's host name and its URL on the loopback server (plain HTTP, same path and query).
fn local_url(case: &Value, addr: SocketAddr) -> (String, String) {
    let url = url::Url::parse(case["request"]["url"].as_str().expect("url")).expect("valid url");
    // A case recorded against an IP address is replayed on loopback: `resolve` only applies
    // to names, and nothing may be sent to a real address.
    let host = match url.host() {
        Some(url::Host::Domain(d)) => d.to_owned(),
        _ => "127.0.0.1".to_owned(),
    };
    // Userinfo stays: it is a credential of the request.
    let userinfo = match (url.username(), url.password()) {
        ("", None) => String::new(),
        (user, None) => format!("{user}@"),
        (user, Some(password)) => format!("{user}:{password}@"),
    };
    let mut local = format!("http://{userinfo}{host}:{}{}", addr.port(), url.path());
    if let Some(q) = url.query() {
        local.push('?');
        local.push_str(q);
    }
    // The fragment too: never sent, but part of the URL the caller gave the client.
    if let Some(f) = url.fragment() {
        local.push('#');
        local.push_str(f);
    }
    (host, local)
}

async fn replay(
    case: &Value,
    addr: SocketAddr,
    client: &reqwest::Client,
) -> Result<Explanation, String> {
    replay_with(case, addr, client, AuthExplainMiddleware::default())
        .await?
        .ok_or_else(|| "no explanation attached".to_owned())
}

/// Every name resolves to loopback: whatever host a case names, its replay stays on this
/// machine, and keeps the name in its URL for the middleware to read.
struct Loopback;

impl reqwest::dns::Resolve for Loopback {
    fn resolve(&self, _: reqwest::dns::Name) -> reqwest::dns::Resolving {
        Box::pin(async {
            let addrs: reqwest::dns::Addrs =
                Box::new(std::iter::once(SocketAddr::from(([127, 0, 0, 1], 0))));
            Ok(addrs)
        })
    }
}

/// The client a scoring run replays through: built once (a client's TLS roots are read at
/// build, the better part of a replay's cost otherwise), every name on loopback, no pooled
/// connection (each case has a server of its own) and no redirect followed.
fn loopback_client() -> reqwest::Client {
    reqwest::Client::builder()
        .dns_resolver(std::sync::Arc::new(Loopback))
        .no_proxy()
        .pool_max_idle_per_host(0)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a client")
}

/// Sends the recorded request to `addr` under its original host name (plain HTTP: the
/// loopback server has no TLS) and returns the explanation.
async fn replay_with(
    case: &Value,
    addr: SocketAddr,
    inner: &reqwest::Client,
    middleware: AuthExplainMiddleware,
) -> Result<Option<Explanation>, String> {
    let client = reqwest_middleware::ClientBuilder::new(inner.clone())
        .with(middleware)
        .build();
    // (a header value no client can send, a line break in a token, fails here as it would)
    let request = try_recorded_request(case, addr, inner).map_err(|e| e.to_string())?;
    let resp = client.execute(request).await.map_err(|e| e.to_string())?;
    let expected = case["response"]["status"].as_u64().unwrap_or(0);
    if u64::from(resp.status().as_u16()) != expected {
        return Err(format!("status {} instead of {expected}", resp.status()));
    }
    let explanation = resp.auth_explanation().cloned();
    // the caller still gets the exact body
    let body = resp.text().await.map_err(|e| e.to_string())?;
    if body != case["response"]["body"].as_str().unwrap_or("") {
        return Err("the body reaching the caller differs from the recorded one".to_owned());
    }
    Ok(explanation)
}

/// The case's request as `replay_with` sends it.
fn recorded_request(case: &Value, addr: SocketAddr, client: &reqwest::Client) -> reqwest::Request {
    try_recorded_request(case, addr, client).expect("a valid request")
}

fn try_recorded_request(
    case: &Value,
    addr: SocketAddr,
    client: &reqwest::Client,
) -> reqwest::Result<reqwest::Request> {
    let req = &case["request"];
    let (_, local) = local_url(case, addr);
    let method = Method::from_bytes(req["method"].as_str().unwrap_or("GET").as_bytes()).unwrap();
    let mut builder = client.request(method, &local);
    if let Some(h) = req["headers"].as_object() {
        for (k, v) in h {
            builder = builder.header(k.as_str(), v.as_str().expect("header value"));
        }
    }
    if let Some(body) = req["body"].as_str() {
        builder = builder.body(body.to_owned());
    }
    builder.build()
}

/// The case's response as an `http::Response`, as `response_bytes` serves it.
fn recorded(case: &Value) -> http::Response<String> {
    let resp = &case["response"];
    let mut r = http::Response::new(resp["body"].as_str().unwrap_or("").to_owned());
    *r.status_mut() = http::StatusCode::from_u16(resp["status"].as_u64().unwrap() as u16).unwrap();
    if let Some(h) = resp["headers"].as_object() {
        for (k, v) in h {
            let name = k.to_ascii_lowercase();
            if matches!(
                name.as_str(),
                "content-length" | "transfer-encoding" | "connection" | "content-encoding"
            ) {
                continue;
            }
            r.headers_mut().append(
                http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
                http::HeaderValue::from_str(v.as_str().unwrap()).unwrap(),
            );
        }
    }
    r
}

/// What is wrong with an explanation for a case, if anything.
fn check(case: &Value, e: &Explanation) -> Vec<String> {
    let mut problems = Vec::new();
    let exp = &case["expected"];
    let want = exp["cause"].as_str().expect("expected.cause");
    let also: Vec<&str> = exp["also_acceptable"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let got = e.cause().map(|c| c.code()).unwrap_or("none");
    if got != want && !also.contains(&got) {
        problems.push(format!("cause {got}, expected {want} (or {also:?})"));
    }
    let json = e.to_json();
    if let Some(facts) = exp["facts"].as_object() {
        for (k, v) in facts {
            if v.is_null() {
                continue;
            }
            // Scope lists may be written as one space-separated string (RFC 6749 §3.3).
            let listed;
            let v = match (k.as_str(), v) {
                ("required_scopes" | "granted_scopes", Value::String(s)) => {
                    listed = Value::from(s.split_whitespace().collect::<Vec<_>>());
                    &listed
                }
                _ => v,
            };
            if json[k.as_str()] != *v
                && !(k == "request_id"
                    && json[k.as_str()] == "[REDACTED]"
                    && shares_a_piece(case, v))
            {
                problems.push(format!("{k} = {}, expected {v}", json[k.as_str()]));
            }
        }
    }
    let display = e.to_string();
    if display.contains(MARKER) {
        problems.push(format!(
            "the Display form leaks the secret marker:\n{display}"
        ));
    }
    if json.to_string().contains(MARKER) {
        problems.push("the JSON form leaks the secret marker".to_owned());
    }
    problems
}

/// Whether an expected request id shares 6 or more consecutive characters with a credential the
/// request sent (some recorded fake keys and ids are both made of `0123456789…` runs). The
/// scrubber withholds such an id rather than print a piece of the key, and that is right.
fn shares_a_piece(case: &Value, id: &Value) -> bool {
    let Some(id) = id.as_str() else { return false };
    let id = id.as_bytes();
    let headers = case["request"]["headers"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    let mut secrets: Vec<Vec<u8>> = Vec::new();
    for v in headers.values().filter_map(Value::as_str) {
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
async fn every_recorded_failure_is_explained() {
    let cases = cases();
    assert!(cases.len() >= 36, "the corpus lost cases: {}", cases.len());
    let mut failures = Vec::new();
    let client = loopback_client();
    for (name, case) in &cases {
        let addr = raw_server(vec![Step::Send(response_bytes(&case["response"]))]).await;
        let verbose = std::env::var_os("CORPUS_VERBOSE").is_some();
        let problems = match replay(case, addr, &client).await {
            Ok(e) => {
                if verbose {
                    println!("--- {name} (expected {})\n{e}", case["expected"]["cause"]);
                }
                check(case, &e)
            }
            Err(err) => vec![err],
        };
        if !problems.is_empty() {
            failures.push(format!("{name}:\n  {}", problems.join("\n  ")));
        }
    }
    let passed = cases.len() - failures.len();
    println!(
        "corpus score: {passed}/{} recorded failures explained as expected",
        cases.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {} corpus cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn every_case_is_well_formed() {
    let all = ALL_SETS.iter().flat_map(|dir| cases_in(dir));
    for (name, case) in all {
        for key in [
            "id", "provider", "source", "request", "response", "expected",
        ] {
            assert!(!case[key].is_null(), "{name}: missing {key}");
        }
        assert_eq!(
            case["id"].as_str().map(|id| format!("{id}.json")),
            Some(name.clone()),
            "{name}: the id names the file"
        );
        let source = case["source"].as_str().unwrap_or("");
        // Recordings of server software run here, and constructed adversarial cases, say how
        // they were made; everything else cites where the response was published.
        let made_here = source.starts_with("recorded from ") || source.starts_with("constructed: ");
        assert!(
            source.starts_with("https://") || source.starts_with("http://") || made_here,
            "{name}: source is a URL or says how the case was made"
        );
        let cause = case["expected"]["cause"].as_str().unwrap_or("");
        // `ok`: the response is no auth failure and nothing should be explained.
        assert!(
            cause == "ok" || reqwest_auth_explain::Cause::from_code(cause).is_some(),
            "{name}: unknown cause {cause}"
        );
        for a in case["expected"]["also_acceptable"]
            .as_array()
            .into_iter()
            .flatten()
        {
            let a = a.as_str().unwrap_or("");
            assert!(
                reqwest_auth_explain::Cause::from_code(a).is_some(),
                "{name}: unknown cause {a}"
            );
        }
        // secrets are fake and marked, so leaks are detectable
        for (k, v) in case["request"]["headers"].as_object().into_iter().flatten() {
            let k = k.to_ascii_lowercase();
            let credential =
                k.contains("authorization") || k.contains("key") || k.contains("token");
            let v = v.as_str().unwrap_or("");
            if !credential || v.contains(MARKER) || v.len() < 24 {
                continue; // not a credential, marked, or a placeholder like `undefined`
            }
            use base64::Engine;
            let mut decoded = v
                .strip_prefix("Basic ")
                .and_then(|b| base64::engine::general_purpose::STANDARD.decode(b).ok())
                .map(|b| String::from_utf8_lossy(&b).into_owned())
                .unwrap_or_default();
            // a JWT carries the marker in a claim
            let token = v.rsplit(' ').next().unwrap_or(v);
            if token.matches('.').count() == 2 {
                for part in token.split('.') {
                    if let Ok(b) = base64::engine::general_purpose::URL_SAFE_NO_PAD
                        .decode(part.trim_end_matches('='))
                    {
                        decoded.push_str(&String::from_utf8_lossy(&b));
                    }
                }
            }
            assert!(
                decoded.contains(MARKER),
                "{name}: the secret in {k} must contain {MARKER}"
            );
        }
    }
}

/// Floors the scored sets must meet (percent right), and how many wrong causes stated with
/// high confidence each may hold. They only ever rise.
const GENERIC_FLOOR: f64 = 96.0;
const GENERIC_HIGH_WRONG: usize = 2;
const PROFILED_OFF_FLOOR: f64 = 91.0;
const PROFILED_OFF_HIGH_WRONG: usize = 0;
const HELD_OUT_ON_FLOOR: f64 = 99.0;
const HELD_OUT_OFF_FLOOR: f64 = 99.0;
const HELD_OUT_HIGH_WRONG: usize = 0;
const HELD_OUT2_ON_FLOOR: f64 = 97.0;
const HELD_OUT2_OFF_FLOOR: f64 = 97.0;
const HELD_OUT2_HIGH_WRONG: usize = 0;
const HELD_OUT3_ON_FLOOR: f64 = 97.0;
const HELD_OUT3_OFF_FLOOR: f64 = 97.0;
const HELD_OUT3_HIGH_WRONG: usize = 0;

/// Every fixture set: the profiled providers' corpus, providers without a profile plus
/// adversarial cases, recordings of real server software, and the held-out set.
const ALL_SETS: &[&str] = &[
    "corpus",
    "corpus-generic",
    "corpus-generic2",
    "corpus-servers",
    "holdout",
    "holdout2",
    "holdout3",
    "holdout4",
    "holdout5",
    "holdout6",
    "holdout7",
    "holdout8",
    "holdout9",
    "holdout-servers",
    "holdout-servers2",
    "beyond",
    "beyond-holdout",
];

/// Whether `n` is at most `max` (a function: the floors may be zero).
fn within(n: usize, max: usize) -> bool {
    n <= max
}

/// How a set of cases fared: right or not, by stated confidence.
#[derive(Default)]
struct Score {
    total: usize,
    right: usize,
    /// (cases, right) at low, medium and high confidence.
    by_confidence: [(usize, usize); 3],
    failures: Vec<String>,
}

impl Score {
    fn percent(&self) -> f64 {
        100.0 * self.right as f64 / self.total.max(1) as f64
    }

    fn high_wrong(&self) -> usize {
        let (n, right) = self.by_confidence[2];
        n - right
    }

    fn table(&self, label: &str) -> String {
        let row = |i: usize, name: &str| {
            let (n, r) = self.by_confidence[i];
            format!(
                "    {name:<6} {r:>3}/{n:<3} right ({:.0}%)",
                100.0 * r as f64 / n.max(1) as f64
            )
        };
        format!(
            "{label}: {}/{} right ({:.1}%)\n{}\n{}\n{}",
            self.right,
            self.total,
            self.percent(),
            row(2, "high"),
            row(1, "medium"),
            row(0, "low"),
        )
    }
}

/// What one replay of a case gave: its explanation (none when nothing was explained), or why
/// the replay failed.
type Reading = Result<Option<Explanation>, String>;

/// Replays one case with provider profiles on or off, and checks that the recorded exchange,
/// explained without a network, reads the same.
async fn read_case(
    dir: &str,
    name: &str,
    case: &Value,
    client: &reqwest::Client,
    profiles: bool,
) -> Reading {
    let addr = raw_server(vec![Step::Send(response_bytes(&case["response"]))]).await;
    let mw = || {
        AuthExplainMiddleware::builder()
            .provider_profiles(profiles)
            .build()
    };
    let live = replay_with(case, addr, client, mw()).await?;
    let offline = mw().explain_recorded(&recorded_request(case, addr, client), &recorded(case));
    let Some(e) = &live else {
        assert!(
            offline.cause().is_none(),
            "{dir}/{name}: offline and live explanations differ"
        );
        return Ok(live);
    };
    // (unless the live request was repaired: the recorded one is read as it is)
    let repaired = e
        .findings()
        .iter()
        .any(|f| f.severity == reqwest_auth_explain::Severity::Repaired);
    // Ages and offsets in seconds may tick between the two readings.
    let shape = |e: &Explanation| -> Vec<String> {
        e.evidence()
            .iter()
            .map(|l| l.chars().filter(|c| !c.is_ascii_digit()).collect())
            .collect()
    };
    assert!(
        repaired || shape(&offline) == shape(e),
        "{dir}/{name}: offline evidence differs:\n  offline: {:?}\n  live:    {:?}",
        offline.evidence(),
        e.evidence()
    );
    // (so may a measured offset the summary states: "the local clock is 6 min 15 s ahead")
    let digitless = |s: &str| -> String { s.chars().filter(|c| !c.is_ascii_digit()).collect() };
    assert!(
        repaired
            || (
                offline.cause(),
                offline.confidence(),
                digitless(offline.summary())
            ) == (e.cause(), e.confidence(), digitless(e.summary())),
        "{dir}/{name}: offline and live explanations differ:\n  offline: {}\n  live:    {}",
        offline.summary(),
        e.summary()
    );
    assert_eq!(
        offline.outcome(),
        e.outcome(),
        "{dir}/{name}: offline and live outcomes differ"
    );
    Ok(live)
}

/// Scores one reading of a case: its cause, its facts and its leaks.
fn tally(s: &mut Score, dir: &str, name: &str, case: &Value, reading: &Reading) {
    s.total += 1;
    let e = match reading {
        Ok(Some(e)) => e,
        // Nothing to explain: right where the case expects no auth failure.
        Ok(None) => {
            let ok = |v: &Value| v == "ok";
            if ok(&case["expected"]["cause"])
                || case["expected"]["also_acceptable"]
                    .as_array()
                    .is_some_and(|a| a.iter().any(ok))
            {
                s.right += 1;
            } else {
                s.failures
                    .push(format!("{dir}/{name}: no explanation attached"));
            }
            return;
        }
        Err(err) => {
            s.failures.push(format!("{dir}/{name}: {err}"));
            return;
        }
    };
    let problems = check(case, e);
    let conf = match e.confidence() {
        Some(reqwest_auth_explain::Confidence::High) => 2,
        Some(reqwest_auth_explain::Confidence::Medium) => 1,
        _ => 0,
    };
    s.by_confidence[conf].0 += 1;
    let cause_right = !problems.iter().any(|p| p.starts_with("cause "));
    if cause_right {
        s.by_confidence[conf].1 += 1;
    }
    if problems.is_empty() {
        s.right += 1;
    } else {
        if std::env::var_os("CORPUS_VERBOSE").is_some() && !dir.starts_with("holdout") {
            println!("--- {dir}/{name}\n{e}");
        }
        s.failures.push(format!(
            "{dir}/{name} [{}]: {}",
            e.confidence().map_or("-", |c| c.code()),
            problems.join("; ")
        ));
    }
}

/// Replays every case of `dirs` with provider profiles on or off and scores the causes. Facts
/// and leaks are checked as in the main corpus test; a leak counts as a failure.
async fn score(dirs: &[&str], profiles: bool) -> Score {
    let client = loopback_client();
    let mut s = Score::default();
    for dir in dirs {
        for (name, case) in cases_in(dir) {
            let reading = read_case(dir, &name, &case, &client, profiles).await;
            tally(&mut s, dir, &name, &case, &reading);
        }
    }
    s
}

/// Every case of `dirs` scored with profiles on and with them off (in that order). A case is
/// replayed a second time only where a profile could have taken part: the gate that decides
/// whether to explain never consults the profiles, and an explanation that names no provider
/// had no profile among its candidates, so its reading with profiles off is the same one.
async fn score_both(dirs: &[&str]) -> (Score, Score) {
    let client = loopback_client();
    let (mut on, mut off) = (Score::default(), Score::default());
    for dir in dirs {
        for (name, case) in cases_in(dir) {
            let reading = read_case(dir, &name, &case, &client, true).await;
            let cause_right =
                |s: &Score| s.right + s.by_confidence.iter().map(|c| c.1).sum::<usize>();
            let before = cause_right(&on);
            tally(&mut on, dir, &name, &case, &reading);
            if std::env::var_os("CORPUS_CASES").is_some() {
                // one line a case, for measuring a change over the whole corpus
                let (cause, conf) = match &reading {
                    Ok(Some(e)) => (
                        e.cause().map_or("-", |c| c.code()).to_string(),
                        e.confidence().map_or("-", |c| c.code()),
                    ),
                    Ok(None) => ("none".to_string(), "-"),
                    Err(_) => ("error".to_string(), "-"),
                };
                println!(
                    "CASE\t{dir}/{name}\t{cause}\t{conf}\t{}\t{}",
                    case["expected"]["cause"].as_str().unwrap_or("?"),
                    u8::from(cause_right(&on) > before)
                );
            }
            if matches!(&reading, Ok(Some(e)) if e.provider().is_some()) {
                let reading = read_case(dir, &name, &case, &client, false).await;
                tally(&mut off, dir, &name, &case, &reading);
            } else {
                tally(&mut off, dir, &name, &case, &reading);
            }
        }
    }
    (on, off)
}

/// Providers without a profile, adversarial cases and server software, read by the generic
/// path alone (profiles off) and with profiles on. These are the sets the generic rules are
/// tuned on; the held-out set below is scored, never tuned on.
#[tokio::test]
async fn generic_path_reads_providers_without_a_profile() {
    let sets = [
        "corpus-generic",
        "corpus-generic2",
        "corpus-servers",
        "beyond",
    ];
    let (on, off) = score_both(&sets).await;
    println!("{}", off.table("generic sets, profiles off"));
    println!("{}", on.table("generic sets, profiles on"));
    if std::env::var_os("CORPUS_VERBOSE").is_some() {
        println!("{}", off.failures.join("\n"));
    }
    assert!(
        off.total >= 40,
        "the generic sets lost cases: {}",
        off.total
    );
    assert!(
        off.percent() >= GENERIC_FLOOR && on.percent() >= GENERIC_FLOOR,
        "generic sets: {:.1}% (profiles off), {:.1}% (on):\n{}",
        off.percent(),
        on.percent(),
        off.failures.join("\n")
    );
    assert!(
        within(off.high_wrong() + on.high_wrong(), GENERIC_HIGH_WRONG),
        "{}",
        off.failures.join("\n")
    );
}

/// The profiled providers' corpus with the profiles switched off: what a provider would get
/// from the generic path if it had no profile.
#[tokio::test]
async fn profiled_corpus_without_profiles() {
    let off = score(&["corpus"], false).await;
    println!("{}", off.table("profiled corpus, profiles off"));
    if std::env::var_os("CORPUS_VERBOSE").is_some() {
        println!("{}", off.failures.join("\n"));
    }
    assert!(
        off.percent() >= PROFILED_OFF_FLOOR,
        "{}",
        off.failures.join("\n")
    );
    assert!(
        within(off.high_wrong(), PROFILED_OFF_HIGH_WRONG),
        "{}",
        off.failures.join("\n")
    );
}

/// The held-out sets: cases written apart from the tuning sets and scored only at the end of a
/// piece of work (`holdout2` was written blind: its author saw neither the code nor the other
/// sets). Their floors only rise; the targets are 95% with profiles on, 85% with them off, and
/// no wrong cause stated with high confidence.
#[tokio::test]
async fn held_out_set() {
    for (set, on_floor, off_floor, high_wrong) in [
        (
            "holdout",
            HELD_OUT_ON_FLOOR,
            HELD_OUT_OFF_FLOOR,
            HELD_OUT_HIGH_WRONG,
        ),
        (
            "holdout2",
            HELD_OUT2_ON_FLOOR,
            HELD_OUT2_OFF_FLOOR,
            HELD_OUT2_HIGH_WRONG,
        ),
        (
            "holdout3",
            HELD_OUT3_ON_FLOOR,
            HELD_OUT3_OFF_FLOOR,
            HELD_OUT3_HIGH_WRONG,
        ),
        ("holdout4", 97.0, 97.0, 0),
        ("holdout5", 99.0, 99.0, 0),
        ("holdout6", 98.0, 98.0, 0),
        ("holdout7", 96.0, 96.0, 0),
        ("holdout8", 99.0, 99.0, 0),
        ("holdout9", 99.0, 99.0, 0),
        ("holdout10", 91.0, 89.0, 0),
        ("holdout11", 91.0, 91.0, 2),
        ("holdout12", 95.0, 95.0, 0),
        ("holdout-servers", 100.0, 100.0, 0),
        ("holdout13", 97.0, 97.0, 0),
        ("holdout-servers2", 100.0, 100.0, 0),
        ("holdout14", 95.0, 95.0, 0),
        ("holdout15", 85.0, 87.0, 0),
        ("holdout-servers3", 100.0, 100.0, 0),
        ("holdout17", 77.0, 77.0, 0),
        ("holdout19", 92.0, 92.0, 2),
        ("holdout18", 87.0, 87.0, 2),
        ("holdout-servers5", 91.0, 91.0, 0),
        ("holdout16", 80.0, 80.0, 2),
        ("holdout-servers4", 94.0, 94.0, 0),
        ("beyond-holdout", 90.0, 90.0, 0),
        ("holdout-servers6", 96.0, 96.0, 0),
        ("holdout20", 85.0, 85.0, 2),
        ("holdout21", 80.0, 75.0, 2),
        ("holdout-servers7", 96.0, 96.0, 0),
        ("holdout22", 80.0, 80.0, 0),
        ("holdout-servers8", 89.0, 89.0, 0),
        ("holdout23", 80.0, 80.0, 0),
        ("holdout24", 87.0, 87.0, 0),
        ("holdout-servers9", 82.0, 82.0, 0),
        ("holdout25", 77.0, 77.0, 0),
        ("holdout26", 72.0, 72.0, 0),
        ("holdout27", 87.0, 87.0, 0),
        ("holdout-servers10", 92.0, 92.0, 0),
        ("holdout-servers11", 92.0, 92.0, 0),
        ("holdout28", 75.0, 75.0, 0),
        ("holdout29", 80.0, 80.0, 0),
        ("holdout30", 78.0, 78.0, 0),
        ("holdout-servers12", 95.0, 95.0, 0),
        ("holdout31", 85.0, 85.0, 0),
        ("holdout32", 85.0, 85.0, 0),
        ("holdout33", 83.0, 83.0, 0),
        ("holdout-servers13", 85.0, 85.0, 0),
        ("holdout34", 87.0, 87.0, 0),
        ("holdout35", 75.0, 75.0, 0),
        ("holdout36", 91.0, 88.0, 0),
        ("holdout-servers14", 89.0, 89.0, 0),
        ("holdout37", 82.0, 82.0, 0),
        ("holdout38", 70.0, 70.0, 0),
        ("holdout39", 80.0, 77.0, 0),
        ("holdout-servers15", 78.0, 78.0, 2),
        ("holdout40", 77.0, 77.0, 0),
        ("holdout41", 83.0, 80.0, 0),
        ("holdout-servers16", 79.0, 79.0, 0),
        ("holdout42", 69.0, 69.0, 0),
        ("holdout43", 65.0, 65.0, 0),
        ("holdout44", 89.0, 86.0, 0),
        ("holdout-servers17", 79.0, 79.0, 0),
        ("holdout-servers18", 96.0, 96.0, 0),
        ("holdout46", 64.0, 64.0, 0),
        ("holdout45", 89.0, 89.0, 0),
        ("holdout47", 72.0, 72.0, 0),
        ("holdout48", 84.0, 84.0, 0),
        ("holdout49", 69.0, 69.0, 0),
        ("holdout-servers19", 85.0, 85.0, 0),
        ("holdout-servers20", 92.0, 92.0, 0),
        ("holdout50", 72.0, 72.0, 0),
        ("holdout51", 66.0, 66.0, 0),
        ("holdout52", 80.0, 80.0, 0),
        ("holdout53", 69.0, 69.0, 0),
        ("holdout-servers21", 69.0, 69.0, 0),
        ("holdout54", 80.0, 80.0, 0),
        ("holdout55", 80.0, 80.0, 0),
        ("holdout-servers22", 79.0, 79.0, 2),
        ("holdout-servers23", 86.0, 86.0, 0),
        ("holdout-servers24", 83.0, 83.0, 0),
        ("holdout56", 83.0, 83.0, 0),
        ("holdout57", 75.0, 75.0, 0),
        ("holdout-servers25", 80.0, 80.0, 0),
        ("holdout-servers26", 79.0, 79.0, 2),
        ("holdout-servers27", 80.0, 80.0, 0),
        ("holdout58", 88.0, 88.0, 0),
        ("holdout59", 52.0, 52.0, 0),
        ("holdout-servers28", 70.0, 70.0, 0),
        ("holdout-servers29", 78.0, 78.0, 0),
        ("holdout-servers30", 86.0, 86.0, 0),
        ("holdout60", 83.0, 83.0, 0),
        ("holdout61", 83.0, 83.0, 0),
        ("holdout-servers31", 76.0, 76.0, 0),
        ("holdout-servers32", 82.0, 82.0, 0),
        ("holdout-servers33", 90.0, 90.0, 0),
        ("holdout62", 72.0, 72.0, 0),
        ("holdout63", 61.0, 61.0, 0),
        ("holdout-servers34", 73.0, 73.0, 0),
        ("holdout-servers35", 82.0, 82.0, 0),
        ("holdout-servers36", 80.0, 80.0, 0),
        // (holdout64's one high-confidence miss, counted profiles on and off: a signed
        // request whose own timestamp is 40 minutes behind the response's `Date`, read as
        // clock skew where the case expects the signature)
        ("holdout64", 86.0, 86.0, 2),
        ("holdout65", 77.0, 77.0, 0),
        ("holdout-servers37", 91.0, 91.0, 0),
        ("holdout-servers38", 88.0, 88.0, 0),
        ("holdout-servers39", 89.0, 89.0, 0),
        ("holdout66", 77.0, 77.0, 0),
        ("holdout67", 66.0, 66.0, 0),
        ("holdout-servers40", 88.0, 88.0, 0),
        ("holdout-servers41", 76.0, 76.0, 0),
        // Scored once and never tuned on: their floors are their first reading, less a case.
        ("holdout68", 70.0, 70.0, 0),
        ("holdout-servers42", 84.0, 84.0, 0),
        ("holdout69", 86.0, 86.0, 0),
        ("holdout70", 80.0, 77.0, 0),
        ("holdout71", 83.0, 83.0, 0),
        ("holdout72", 61.0, 61.0, 0),
        // Recorded on the day these floors were set: until their `Date`s are a day old, a
        // replay a whole number of hours later reads them as a time zone's offset, so two
        // cases of slack, and two of high confidence.
        ("holdout-servers43", 83.0, 83.0, 2),
        ("holdout-servers44", 77.0, 77.0, 2),
        ("holdout-servers45", 81.0, 81.0, 2),
        ("holdout-servers46", 66.0, 66.0, 2),
        ("holdout-servers47", 82.0, 82.0, 2),
        // Round of 2026-12-06 (afternoon): holdout73 (documents and issue threads), and four
        // sets with loopback recordings of today (two cases of slack, as above).
        // holdout-servers50 is scored and never tuned on.
        ("holdout73", 88.0, 88.0, 0),
        ("holdout74", 77.0, 77.0, 2),
        ("holdout-servers48", 69.0, 69.0, 2),
        ("holdout-servers49", 77.0, 77.0, 2),
        ("holdout-servers50", 73.0, 73.0, 2),
        // A second round of the same afternoon, scored once: holdout75 and holdout-servers51
        // never tuned on, holdout76 after two changes (a GraphQL `NOT_FOUND`, a 422 that
        // states 401).
        ("holdout75", 76.0, 76.0, 0),
        ("holdout76", 60.0, 60.0, 0),
        ("holdout-servers51", 76.0, 76.0, 2),
        // A third round of the afternoon, scored once: holdout77 and holdout-servers52 never
        // tuned on, holdout78 after one change (a Bearer token at a token endpoint).
        ("holdout77", 87.0, 87.0, 0),
        ("holdout78", 70.0, 70.0, 2),
        ("holdout-servers52", 83.0, 83.0, 2),
        // Rounds of 2026-12-06 (evening), each set scored once before any work on it:
        // documents and issue threads (no slack), and loopback recordings of that day (two
        // cases of slack, as above). holdout-servers55 and holdout-servers57 were scored
        // after the changes of the rounds before them and tuned on only for one case each.
        ("holdout79", 90.0, 90.0, 0),
        ("holdout80", 80.0, 80.0, 2),
        ("holdout81", 65.0, 65.0, 0),
        ("holdout82", 80.0, 80.0, 2),
        ("holdout83", 70.0, 70.0, 0),
        ("holdout84", 53.0, 53.0, 2),
        ("holdout-servers53", 83.0, 83.0, 2),
        ("holdout-servers54", 76.0, 76.0, 2),
        ("holdout-servers55", 86.0, 86.0, 2),
        ("holdout-servers56", 80.0, 80.0, 2),
        ("holdout-servers57", 76.0, 76.0, 2),
        ("holdout-servers58", 60.0, 60.0, 2),
        // The evening's last round, scored once; holdout-servers59 never tuned on.
        ("holdout85", 73.0, 73.0, 0),
        ("holdout86", 66.0, 66.0, 2),
        ("holdout-servers59", 73.0, 73.0, 2),
        ("holdout-servers60", 76.0, 76.0, 2),
        // 2026-12-06, late: other statuses from issue threads, Ruby and Perl software, Debian
        // daemons, npm and PyPI auth packages; holdout-servers62 never tuned on.
        ("holdout87", 63.0, 63.0, 2),
        ("holdout88", 66.0, 66.0, 2),
        ("holdout-servers61", 80.0, 80.0, 2),
        ("holdout-servers62", 76.0, 76.0, 2),
        // The session's second round: adversarial exchanges from issue threads, documents of
        // rarely covered verticals, Rust crates; holdout89 and holdout-servers63 never tuned on.
        ("holdout89", 80.0, 80.0, 2),
        ("holdout90", 63.0, 63.0, 2),
        ("holdout-servers63", 73.0, 73.0, 2),
        ("holdout-servers64", 66.0, 66.0, 2),
        // The session's third round; holdout92 never tuned on.
        ("holdout92", 83.0, 83.0, 2),
        ("holdout91", 53.0, 53.0, 2),
        ("holdout93", 73.0, 73.0, 2),
        ("holdout-servers65", 46.0, 46.0, 2),
        // 2026-12-06, night: other statuses, adversarial exchanges, Debian daemons, npm and
        // PyPI auth packages; holdout-servers67 never tuned on.
        ("holdout94", 60.0, 60.0, 2),
        ("holdout95", 76.0, 76.0, 2),
        ("holdout-servers66", 66.0, 66.0, 2),
        ("holdout-servers67", 76.0, 76.0, 2),
        // The night's second round: long-tail providers' documents, issue threads, Python
        // self-hosted applications, Node, Rust and Debian servers; holdout97 never tuned on.
        ("holdout96", 80.0, 80.0, 2),
        ("holdout97", 56.0, 56.0, 2),
        ("holdout-servers68", 76.0, 76.0, 2),
        ("holdout-servers69", 73.0, 73.0, 2),
        // The third round: errors in other languages, adversarial echoes, Debian web
        // applications, gateways and auth modules; holdout98 never tuned on.
        ("holdout98", 56.0, 56.0, 2),
        ("holdout99", 63.0, 63.0, 2),
        ("holdout-servers70", 63.0, 63.0, 2),
        // (three of its HAProxy cases carry JWTs that expired an hour after they were
        // recorded, with no `Date` in the response: replayed later, the token reads as expired
        // by this clock, which outranks what those cases test)
        ("holdout-servers71", 86.0, 86.0, 6),
        // The fourth round: auth failures in other statuses, documents of 27 providers, Go and
        // C servers from Debian, Ruby, Perl and PHP libraries; holdout101 and
        // holdout-servers72 never tuned on.
        ("holdout100", 50.0, 50.0, 2),
        ("holdout-servers73", 73.0, 73.0, 2),
        ("holdout101", 80.0, 80.0, 2),
        ("holdout-servers72", 83.0, 83.0, 2),
        // The fifth round: documents of public-sector, logistics and invoicing APIs, issue
        // threads whose failures came with other statuses, Node and Python auth libraries;
        // holdout103 and holdout-servers75 never tuned on. (holdout102's requests carry JWTs that expired before
        // it was written, some with no `Date` in the response: replayed, they read as expired.)
        ("holdout102", 80.0, 80.0, 2),
        ("holdout103", 63.0, 63.0, 2),
        ("holdout-servers74", 90.0, 90.0, 2),
        // self-hosted applications on loopback (Argilla, IntelMQ, Kresus, Langflow,
        // LocalStack, FitTrackee, Anki's sync server, Evennia): never tuned on
        ("holdout-servers75", 83.0, 83.0, 2),
        // The sixth round: adversarial exchanges from eleven packages on loopback, auth
        // failures in other statuses from RPC, GraphQL, SOAP and CSRF libraries, web servers'
        // and frameworks' own auth (Mono ASP.NET, Net::HTTPServer, PEAR WebDAV).
        ("holdout104", 70.0, 70.0, 2),
        ("holdout105", 63.0, 63.0, 2),
        ("holdout-servers76", 93.0, 93.0, 2),
        // The seventh round: documents of healthcare, education, property, telematics and
        // regional e-commerce APIs, issue threads of SDKs and integrations, Rust auth crates,
        // Perl and Ruby applications from Debian; holdout106 and holdout-servers78 never tuned
        // on.
        ("holdout106", 66.0, 66.0, 2),
        ("holdout107", 73.0, 73.0, 2),
        ("holdout-servers77", 90.0, 90.0, 2),
        ("holdout-servers78", 66.0, 66.0, 2),
        // The eighth round: Python and Node auth plugins on loopback; holdout109 never tuned
        // on.
        ("holdout-servers79", 76.0, 76.0, 2),
        // documents of 20 developer APIs (uploads, search, feature flags, voice, maps):
        // never tuned on
        ("holdout109", 76.0, 76.0, 2),
        // auth failures in other statuses from the documents and issue threads of 20
        // providers
        ("holdout108", 60.0, 60.0, 2),
        // Debian daemons on loopback (pcsd, apt-cacher, Zebra's SRU server, SmokePing's
        // master, Syncthing's discovery server, hippotat, vdetelweb, GNUnet's REST server)
        ("holdout-servers80", 56.0, 56.0, 2),
        // The ninth round: documents and SDK recordings of 21 providers (Latin American
        // fintech and logistics, IPFS pinning services), never tuned on; issue threads whose
        // failures came in other statuses (JSON-RPC nodes, Spring and Micronaut backends);
        // npm auth packages on loopback (a remote cache, restify-oauth2, ask-sdk,
        // graphql-auth-directives, passport-saml).
        ("holdout110", 70.0, 70.0, 2),
        ("holdout111", 50.0, 50.0, 2),
        ("holdout-servers81", 60.0, 60.0, 2),
        // issue threads of SDKs, Terraform providers and integrations of 25 providers: never
        // tuned on
        ("holdout112", 70.0, 73.0, 2),
        // self-hosted services on loopback from Debian and PyPI (Litecoin Core's RPC,
        // TiddlyWeb, OpenHands' agent server, Llama Stack, a WHIP server, Tahoe-LAFS,
        // Kamailio's JSON-RPC): never tuned on
        ("holdout-servers82", 60.0, 60.0, 2),
        // adversarial recordings on loopback (an LLM gateway, FastMCP, MapProxy, auth proxies
        // in front of apps, a Maven proxy, ollaguard, proxycraft)
        ("holdout113", 73.0, 73.0, 2),
        // PHP and other web applications from Debian on loopback (Lumen, NagVis, Zoph, Horde's
        // DAV, Sympa's SOAP server, Kamailio's JSON-RPC, Barbican)
        ("holdout-servers83", 56.0, 56.0, 2),
        // The tenth round: documents of 26 providers of Europe and Asia (never tuned on),
        // auth failures in other statuses from RPC, SOAP, GraphQL, SAML, CSRF and policy
        // packages on loopback, web servers' and proxies' auth modules from Debian.
        ("holdout114", 80.0, 80.0, 2),
        ("holdout115", 56.0, 56.0, 2),
        ("holdout-servers84", 86.0, 86.0, 2),
        // The eleventh round: issue threads of 22 providers (AI platforms, betting and
        // sports data, smart-home clouds): never tuned on
        ("holdout116", 66.0, 66.0, 2),
        // Python self-hosted applications on loopback (dstack, SkyPilot, Quetz, Pulsar, pycsw,
        // Llama Stack, AutoGen Studio, SQL Explorer): never tuned on
        ("holdout-servers85", 66.0, 66.0, 2),
        // Rust and Node servers on loopback (cncjs, SQLPage, rqbit, tonic-web, four Nuxt
        // modules, accesscontrol-middleware)
        ("holdout-servers86", 70.0, 70.0, 2),
        // The twelfth round: documents and issue threads of 26 providers (open data, science,
        // transit, e-invoicing, ad and SMS platforms): never tuned on
        ("holdout117", 66.0, 66.0, 2),
        // Auth failures in other statuses from documents, issue threads and servers on
        // loopback (token endpoints, GraphQL, JSON-RPC, XML-RPC, SOAP, JSend envelopes)
        ("holdout118", 63.0, 63.0, 2),
        // Python packages on loopback (Chroma, Django and FastAPI auth packages, Review Board,
        // I Hate Money, Coldsweat, pyramid_fullauth)
        ("holdout-servers87", 70.0, 70.0, 2),
        // Node packages and Debian's Perl and Ruby auth modules on loopback (Fastify, Hapi,
        // NestJS, Koa, ZenStack, Platformatic, Mojolicious, Catalyst, Rack): never tuned on
        ("holdout-servers88", 66.0, 66.0, 2),
        // The thirteenth round: issue threads of 25 providers (government gateways, proxies,
        // home-lab software, RPC providers)
        ("holdout120", 73.0, 73.0, 2),
        // Adversarial exchanges from self-hosted software and services (echoes, look-alike
        // words, WAF blocks, upstream refusals): never tuned on
        ("holdout119", 70.0, 70.0, 2),
        // Debian's Go, C, Java and Clojure servers and libraries on loopback (Prometheus
        // exporters, Ring, Liberator, libmicrohttpd, grpc-gateway, Jersey, RESTEasy, Poco,
        // sqwebmail, groonga-httpd, AllegroServe)
        ("holdout-servers89", 83.0, 83.0, 2),
        // Documented errors of 26 providers (sports data, SMS gateways, open banking, logistics,
        // schools): never tuned on
        ("holdout121", 80.0, 80.0, 2),
        // The fourteenth round: documents and issue threads of 24 providers (aviation and
        // maritime data, ad platforms, app stores, games, energy)
        ("holdout122", 80.0, 80.0, 2),
        // Auth failures in other statuses (GraphQL, JSON-RPC, token endpoints, Redfish BMCs,
        // router web APIs, Apache's and nginx's auth modules)
        ("holdout123", 66.0, 66.0, 2),
        // Python, Node and Debian servers on loopback (Sanic, Pyramid and Falcon auth
        // packages, Label Studio, Sinopia, SQLPad, mini_httpd, Armadietto)
        ("holdout-servers90", 93.0, 93.0, 2),
        // Adversarial exchanges of 26 programs and services (echoes, misleading pages,
        // credentials in odd places, bodies in other languages): never tuned on
        ("holdout124", 50.0, 53.0, 2),
        // Servers in PHP, Go, C, C++, Haskell and Rust on loopback (webhook, SabreDAV, Yesod,
        // darkhttpd, ttyd, Pound, MailHog, Lwan, Kirby, Hiawatha, Krill, tower-http, Oat++)
        ("holdout-servers91", 83.0, 83.0, 2),
        // Documented errors of 20 providers (payments and telecom in Latin America, Africa,
        // Eastern Europe and Asia; B2B SaaS; vulnerability data): never tuned on
        ("holdout125", 66.0, 66.0, 2),
        // The fifteenth round: adversarial exchanges and auth failures in other statuses of 17
        // programs (Besu, Blink, GitBucket, Grist, MaxKB, RAGFlow, Shiori, Gunicorn, Waitress;
        // three requests no HTTP client can build, counted as misses)
        ("holdout126", 76.0, 76.0, 2),
        // Django, Flask, Sanic, Litestar, FastAPI and NestJS auth packages and Cloud Commander on
        // loopback: never tuned on
        ("holdout-servers92", 73.0, 73.0, 2),
        // Documented errors and issue threads of 20 providers and products (JumpCloud, Equinix
        // Metal, Traffic Ops, Cozy, Milvus, Uptrace, Exceptionless): never tuned on, came last
        ("holdout127", 86.0, 86.0, 2),
        // The sixteenth round: documents and issue threads of 21 providers (Magento, Prismic,
        // CocoaPods Trunk, Hackage, Anaconda.org, Qualtrics, Tripadvisor, Wunderlist, ACLED)
        ("holdout128", 86.0, 86.0, 2),
        // A mixed set of 24 providers and programs (recorded, adversarial, other statuses):
        // never tuned on, came last
        ("holdout129", 83.0, 83.0, 2),
        // 18 recordings of nine Python and Node programs on loopback (g4f, sushy-tools,
        // AppDaemon, motionEye, pywb, hass-configurator, oas-tools, swagger-tools)
        ("holdout-servers93", 72.0, 72.0, 2),
        // The seventeenth round: documents and issue threads of 24 providers (AcoustID, AudD,
        // Smithsonian, SAM.gov, Sendle, Hume AI, Kinguin, awork, 2Checkout)
        ("holdout130", 96.0, 96.0, 0),
        // 30 recordings of 15 Python and Node programs on loopback (Cloudron Surfer, HFS,
        // servepass, apikeyauth, more.basicauth, drf-simple-api-key-auth, django-auth-wall)
        ("holdout-servers94", 76.0, 76.0, 0),
        // Other statuses of 14 providers and programs (Stellar Horizon, ONVIF, Safe, Hedera
        // relays, SugarCRM, NestJS GraphQL, athenaFlex, DirectAdmin, eSignet)
        ("holdout131", 56.0, 56.0, 0),
        // A mixed set of 21 providers and programs (recorded, adversarial, other statuses):
        // never tuned on
        ("holdout132", 56.0, 56.0, 0),
        // Adversarial exchanges of 17 programs and providers (thttpd, Beego, DaData, Yunpian,
        // Dendrite, WebSphere Liberty, GlassFish, Joplin, Qiita, sevDesk, Youzan)
        ("holdout134", 76.0, 76.0, 0),
        // Documents and issue threads of 27 providers (Joplin, DHIS2, 1Panel, PSD2 sandboxes,
        // FHIR, RETS, ENTSO-E, Brightspace, DMPTool, transport open data)
        ("holdout133", 76.0, 76.0, 0),
        // Other statuses of 19 programs and providers (GraphQL auth directives, FastAPI JWT
        // packages on loopback, Textbelt, Logfire, LiveJournal, Coinone, RIPE, itch.io, LinOTP)
        ("holdout135", 66.0, 66.0, 0),
        // Documents and issue threads of 21 providers (Emarsys, Crashlytics, SAP Business One,
        // GC Notify, ONLYOFFICE, Seq, Citrix Cloud, Stitch, CoreWeave, DexPaprika)
        ("holdout136", 80.0, 80.0, 1),
        // 30 recordings on loopback of Apache httpd and nginx modules, lighttpd, webhook,
        // I Hate Money, Signal K and datasette-auth-passwords
        ("holdout-servers96", 86.0, 86.0, 0),
        // A mixed set of 22 providers and programs (recorded, adversarial, other statuses,
        // faults the request shows): never tuned on
        ("holdout137", 90.0, 90.0, 2),
        // Documents, issue threads and source of 23 providers and panels (Duck DNS, Leaseweb,
        // Chorus Pro, GamePanelX, MCSManager, CyberPanel, HestiaCP, Open Library, Dell)
        ("holdout138", 93.0, 93.0, 0),
        // 30 recordings on loopback of 15 FastAPI, Flask, Django and Debian programs (client
        // certificates in a header, throttles, JWT packages, Hawk, webhook)
        ("holdout-servers97", 83.0, 83.0, 0),
        // Other statuses of 18 providers and programs (Login with Amazon, IAP, AWS SSO OIDC,
        // Paytm, Zalo, Ad Manager SOAP, nano-node, Back4App, eMAG, gqlgen, DGS, Spring GraphQL)
        ("holdout140", 70.0, 70.0, 0),
        // A mixed set of 19 providers and programs (recorded, adversarial, other statuses,
        // loopback): never tuned on
        ("holdout139", 90.0, 90.0, 0),
        // 30 recordings on loopback of 15 session, cookie, CSRF, OTP, macaroon and signing
        // packages (Koa, Express, Hono, Bottle, Flask, Django, Starlette, aiohttp, WEBrick):
        // never tuned on
        ("holdout-servers98", 80.0, 80.0, 0),
        // Documents, threads and source of 18 providers and programs in Persian, Japanese,
        // Greek and English (Nobitex, OpenStreetMap, Annict, OneDrive, Paymob, Warpgate)
        ("holdout141", 73.0, 73.0, 0),
        // Adversarial exchanges, most recorded on loopback: CORS layers, reset and magic links,
        // Auth.js and NextAuth sign-ins, per-IP limits, read-only nodes
        ("holdout142", 80.0, 80.0, 0),
        // 30 recordings on loopback of 15 FastAPI, Flask, Django, Express, hapi and Debian
        // programs (bearer parsers, Digest, API-key and JWT packages)
        ("holdout-servers99", 90.0, 90.0, 0),
        // A mixed set of 19 providers and programs, most written from the providers' documented
        // formats: never tuned on
        ("holdout144", 86.0, 86.0, 0),
        // Other statuses recorded on loopback from 16 programs (GraphQL servers, JSON-RPC and
        // XML-RPC servers, SOAP, Trac, Voilà, and the header parsers of Node, Cheroot, Hypercorn,
        // Granian and Daphne, whose requests reqwest cannot build)
        ("holdout143", 50.0, 50.0, 0),
        // 15 cases from the documents, specifications and SDK recordings of 9 providers
        // (api.video, 100ms, Agora, Codat, figshare, Currencycloud, Ingenico, Notehub, Raindrop)
        ("holdout145", 93.0, 93.0, 0),
        // 24 recordings on loopback of Jupyter Enterprise Gateway, Voilà, Spirit and nine
        // Debian Prometheus exporters behind their basic-auth configuration
        ("holdout-servers100", 91.0, 91.0, 0),
        // 30 recordings on loopback of 16 Node, Python and Debian programs (OAuth client
        // passwords, TOTP, LDAP, rate limiters, webhooks, CSRF, idempotency keys): never tuned
        // on, came last
        ("holdout146", 70.0, 70.0, 4),
        // 30 recordings of 15 Debian, Go, Rust, Ruby, Node and Python programs on loopback
        // (mini_httpd, webhook, Prometheus exporters, rouille, rack-attack, Warden): never
        // tuned on
        ("holdout-servers95", 93.0, 93.0, 0),
        // 30 cases from the documents, SDKs and threads of 22 providers (DigiCert, Device42,
        // Santiment, Palantir Foundry, Azure services, LastPass, HackerOne…)
        ("holdout147", 96.0, 96.0, 0),
        // 30 recordings on loopback of 17 FastAPI, Flask, Django and ninja auth and
        // rate-limit packages
        ("holdout-servers101", 90.0, 90.0, 0),
        // 30 other statuses of 16 programs and providers: OAuth client libraries' callbacks
        // (Grant, Flask-Dance, @fastify/oauth2, @hono/oauth-providers), JSON-RPC, Torrust
        ("holdout148", 70.0, 70.0, 0),
        // 30 mixed cases of 19 providers: never tuned on
        ("holdout149", 83.0, 83.0, 0),
        // 30 recordings on loopback of lighttpd modules and axum, actix, poem and rocket auth
        // crates: never tuned on
        ("holdout-servers102", 93.0, 93.0, 0),
        // 30 adversarial cases of 17 programs and providers (dynamic-DNS update links, a CDN's
        // block page, parse errors that speak of tokens)
        ("holdout150", 73.0, 73.0, 0),
        // 30 cases from the documented formats of 19 providers (exchanges, Indonesian and
        // Brazilian APIs, self-hosted CRMs)
        ("holdout151", 83.0, 83.0, 0),
        // 30 mixed cases, recorded and on loopback, of 18 programs and providers: never tuned
        // on
        ("holdout152", 73.0, 73.0, 0),
        // 30 other statuses recorded on loopback of 21 programs (token servers, GraphQL and
        // JSON-RPC servers, rate limiters, request validators)
        ("holdout153", 63.0, 63.0, 0),
        // 30 recordings on loopback of 16 Starlette, Bottle, Flask, Pyramid, aiohttp,
        // BlackSheep, FastAPI and Express packages
        ("holdout-servers103", 83.0, 83.0, 0),
        // 30 cases from the documents and threads of 21 providers (Korean, Japanese and Nordic
        // APIs among them)
        ("holdout154", 80.0, 80.0, 0),
        // 30 recordings on loopback of 16 FastAPI, Tornado, Flask, Django, Express, NestJS,
        // Feathers and hapi packages and self-hosted tools
        ("holdout-servers104", 80.0, 80.0, 0),
        // 30 mixed cases, recorded and on loopback, of 16 programs and providers: never tuned
        // on
        ("holdout155", 70.0, 70.0, 0),
        // 30 recordings on loopback of lighttpd modules, Rack, Eve, Django and Flask address
        // filters, a forward proxy and Express packages: never tuned on
        ("holdout-servers105", 90.0, 90.0, 2),
        // 30 other statuses of 23 programs and providers (GraphQL permission packages, SOAP
        // faults, a CIBA token endpoint, JSON-RPC)
        ("holdout156", 76.0, 76.0, 0),
        // 30 adversarial cases of 16 programs and providers (a CDN's block page, trusted
        // headers, tokens in password fields)
        ("holdout157", 80.0, 80.0, 0),
        // 17 cases from the documents and threads of 13 providers (threat intelligence, email
        // validation, payments)
        ("holdout158", 94.0, 94.0, 0),
        // 30 mixed cases, recorded and on loopback, of 21 programs and providers: never tuned
        // on
        ("holdout159", 86.0, 86.0, 2),
        // 30 recordings on loopback of 18 FastAPI, Flask, Django, Express and Koa packages and
        // Icecast
        ("holdout-servers106", 86.0, 86.0, 0),
        // 30 recordings on loopback of axum and poem rate limiters and 14 FastAPI, Flask and
        // Django packages: never tuned on
        ("holdout-servers107", 86.0, 86.0, 0),
        // 30 cases of 20 providers of Australia, Kenya, Nigeria, Vietnam, Thailand, Mexico,
        // Brazil, Germany and France: two copied from their sources, the rest rebuilt from
        // documented formats and gateways' standard texts (said in each file's notes)
        ("holdout160", 90.0, 90.0, 0),
        // 30 recordings on loopback of 16 Django, FastAPI, Flask, Express, Koa and hapi
        // packages
        ("holdout-servers108", 93.0, 93.0, 0),
        // 30 cases from the documents and threads of 30 providers (fleet, IoT, SMS gateways,
        // hotel systems; 13 bodies rebuilt from documented formats, said in each file)
        ("holdout163", 93.0, 93.0, 0),
        // 30 other statuses: OAuth servers, JSON-RPC, GraphQL and SOAP servers on loopback,
        // threads of Slack, Telegram, AWS and GitHub
        ("holdout164", 86.0, 86.0, 0),
        // 30 mixed cases of 20 programs and providers: never tuned on
        ("holdout165", 83.0, 83.0, 0),
        // 16 adversarial cases: bot walls, WAF pages, exchange rates, an expired download link
        ("holdout166", 100.0, 100.0, 0),
        // 30 recordings on loopback of 15 Bottle, FastAPI, Flask, Django, aiohttp and micro
        // packages and apt-cacher-ng
        ("holdout-servers109", 93.0, 93.0, 0),
        // 30 recordings on loopback of 15 programs (Icinga 2, mod_python, mod_perl, lighttpd
        // with LDAP, Starlite, Ravyn, Elysia): never tuned on
        ("holdout-servers110", 93.0, 93.0, 0),
        // 30 cases from threads with pasted responses of 29 providers (six Google APIs,
        // cloud stores, a proxy's Negotiate challenge)
        ("holdout167", 96.0, 96.0, 0),
        // 30 other statuses, most recorded on loopback (OAuth and OIDC servers, SOAP and
        // JSON-RPC servers, Django admin, nginx auth_request): never tuned on
        ("holdout168", 66.0, 66.0, 0),
        // 30 recordings on loopback of 15 programs (nginx, Apache Digest, webhook, aria2,
        // Icecast, HAProxy, uWSGI, Jupyter Server, Datasette, Radicale, Kinto, devpi,
        // pypiserver, Verdaccio, Node-RED)
        ("holdout-servers111", 86.0, 86.0, 0),
        // 30 recordings on loopback of 15 programs (node_exporter, a Docker registry,
        // Transmission, Syncthing, Squid, Radicale, Flask and Starlette packages, express-jwt,
        // @fastify/jwt, Hono): never tuned on
        ("holdout-servers112", 86.0, 86.0, 0),
        // 30 adversarial cases recorded on loopback: payload tokens (cursors, reset links,
        // CSRF), gateways relaying upstream refusals, Shift_JIS and GBK bodies, prices called
        // rates
        ("holdout169", 83.0, 83.0, 0),
        // 30 other statuses recorded on loopback (OAuth servers' 400s, GraphQL and JSON-RPC
        // errors in 200s, SOAP faults, 500s thrown by token checks, redirects to sign-in)
        ("holdout170", 83.0, 83.0, 0),
        // 30 mixed cases, recorded on loopback and from threads: never tuned on
        ("holdout171", 86.0, 86.0, 0),
        // 30 cases of 21 providers answering in Chinese, Korean, Japanese, Russian, Turkish,
        // Indonesian, French and Persian (most rebuilt from official error tables, said in
        // each file)
        ("holdout172", 73.0, 73.0, 0),
        // 30 recordings on loopback of Django packages (2FA, SSO, sign-in, password policy,
        // impersonation), FastAPI scopes, Flask-Security-Too, Tornado, Pyramid, Starlette,
        // Litestar, aiohttp-security and Caddy
        ("holdout-servers113", 86.0, 86.0, 0),
        // 30 recordings on loopback of Alertmanager, Pushgateway, a Docker registry, Caddy,
        // rclone, Syncthing, etcd, Express, Fastify, Koa and hapi auth packages and
        // Rack::Protection: never tuned on
        ("holdout-servers114", 96.0, 96.0, 0),
        // 30 cases answering in Polish, Czech, Ukrainian, Dutch, Portuguese, German, Italian,
        // Thai, Hebrew, Spanish, Arabic and Vietnamese, most recorded on loopback from Django,
        // Flask-Security and MediaWiki in those languages
        ("holdout173", 90.0, 90.0, 0),
        // 30 cases answering in other languages than English, recorded on loopback and from
        // threads: never tuned on (it shares Django packages with holdout173)
        ("holdout174", 83.0, 83.0, 2),
        // 30 answers in a 2xx: error envelopes in JSON, XML, form encoding and plain text,
        // and eight answers whose data speaks of errors, tokens and limits
        ("holdout175", 83.0, 83.0, 0),
        // 30 cases from the documents and threads of 19 providers (sales intelligence, shift
        // planning, contact centres; about half the bodies rebuilt from documented formats,
        // said in each file)
        ("holdout176", 96.0, 96.0, 0),
        // 30 mixed cases: threads, documents, programs on loopback (tus, Hono, TabPy, MLflow)
        // and adversarial answers: never tuned on
        ("holdout177", 73.0, 73.0, 2),
        // 30 other statuses, most recorded on loopback (JSON-RPC and GraphQL servers,
        // oauthlib's token endpoint, FastAPI tracebacks, Litestar and sqladmin redirects)
        ("holdout178", 93.0, 93.0, 0),
        // 37 recordings on loopback of 10 programs (flask-jwt-login, http-auth, python-jwt,
        // AuthEncoding, @hapi/bell, fastapi-simple-auth, flask-guard, Label Studio)
        ("holdout-servers115", 91.0, 91.0, 0),
        // 30 cases from the threads and documents of 21 providers (transit, weather, museum,
        // legislative, agriculture and package-registry APIs; a dozen rebuilt from their
        // formats, said in each file)
        ("holdout179", 90.0, 90.0, 2),
        // 30 mixed cases (threads, programs on loopback, adversarial answers): never tuned on
        ("holdout180", 73.0, 73.0, 2),
        // 30 adversarial cases recorded on loopback (restana, tinyhttp, Express, baize):
        // misleading words, credentials in odd places, answers that must stay silent
        ("holdout181", 86.0, 86.0, 0),
        // 30 recordings on loopback of a Bluesky PDS, Ajenti, Butterfly and Tryton
        ("holdout-servers116", 86.0, 86.0, 0),
        // 30 recordings on loopback of Go, Ruby, PHP and Node programs (Echo, goproxy,
        // rack-oauth2, ruby-httpauth, PECL oauth, Hono's jwk, under-pressure): never tuned on
        ("holdout-servers117", 83.0, 83.0, 0),
        // 30 cases pasted in the threads of 24 providers and programs (Enedis, Monarch Money,
        // Splitwise, Windmill, OpenSOVD, Hasura, Home Connect; requests rebuilt, said in each
        // file)
        ("holdout182", 90.0, 90.0, 0),
        // 30 mixed cases (threads, programs on loopback, other statuses; 14 constructed, said
        // in each file): never tuned on
        ("holdout183", 93.0, 93.0, 0),
        // 30 other statuses, most recorded on loopback (Authlib's token and introspection
        // endpoints, graphql-yoga, jayson, Wagtail, Spyne, xmlrpc.server)
        ("holdout184", 93.0, 93.0, 0),
        // 30 recordings on loopback of webhook, @fastify/session, role-acl, drf-ip-restrictions,
        // pyramid_ipauth, Warden, @node-rs/jsonwebtoken and jwt-redis
        ("holdout-servers118", 83.0, 83.0, 0),
        // 30 recordings on loopback of pyramid_ipauth, http-digest, fastify-csrf, role-acl,
        // throttled-py, Flask-pyoidc, HTTP::Server::Simple::Authen and Plack on Starman: never
        // tuned on
        ("holdout-servers119", 93.0, 93.0, 0),
        // 26 cases pasted in the threads of 25 providers (Datadis, Conso API, 42 Intra, FSE 2.0,
        // Bradesco Pix, Tuya, HeadHunter, KSeF, amoCRM, NAVER; requests rebuilt, said in each
        // file)
        ("holdout185", 88.0, 88.0, 0),
        // 30 mixed cases (threads, Label Studio on loopback, 14 constructed): never tuned on
        ("holdout186", 93.0, 93.0, 2),
        // 30 recordings on loopback of Cloud Commander, Redis Commander, Parse Dashboard, REMI
        // and a Hypha server
        ("holdout-servers120", 100.0, 100.0, 0),
        // 31 recordings on loopback of fastify-bearer-auth, passport-anonymous, rest-condition,
        // bridgekeeper, djangorestframework-ratelimit, aiohttp-csrf2 and hg serve: never tuned
        // on
        ("holdout-servers121", 90.0, 90.0, 0),
        // 20 other statuses recorded on loopback (an OIDC provider, FastAPI, Strawberry,
        // Starlette, Litestar, Flask-Security-Too), scored once: nothing tuned on
        ("holdout187", 90.0, 90.0, 0),
        // 22 recordings on loopback of six passport strategies and @fastify/secure-session:
        // never tuned on
        ("holdout-servers122", 95.0, 95.0, 0),
        // 20 cases pasted in the threads of 16 providers, scored once: nothing tuned on
        ("holdout188", 90.0, 90.0, 0),
        // 30 cases of 18 providers (Ubicloud's server source, GetStream, Mandrill, Miro,
        // Cronofy, Modern Treasury; threads and documented formats, said in each file)
        ("holdout189", 86.0, 86.0, 0),
        // 30 recordings on loopback of xapi-guard-middleware, drf-scoped-permissions,
        // fastapi-secure-errors, cors-gate and six more packages: never tuned on
        ("holdout-servers124", 93.0, 93.0, 0),
        // 30 mixed cases (threads of 7 providers, Masonite, Twirp, python-socketio and the
        // Werkzeug debugger on loopback, adversarial constructions): never tuned on
        ("holdout190", 70.0, 70.0, 0),
        // 30 other statuses recorded on loopback (grpcio, grpc-js, sonora's gRPC-Web,
        // sanic-security, datasette-oauth, better-auth's OAuth provider, quart-wtf,
        // djangosaml2, Twirp, XMLRPC::Lite)
        ("holdout191", 90.0, 90.0, 0),
        // 30 recordings on loopback of Debian's OpenStack Cinder, Aodh, Zaqar and Horizon,
        // sqlmapapi and Cloud Commander
        ("holdout-servers123", 80.0, 80.0, 0),
        // 30 cases of 17 providers (open-banking and payment APIs of Latin America, Georgia
        // and Europe, Codemagic, Sensibo, Loqate, Yandex's XML search; 27 rebuilt from
        // documented formats, said in each file)
        ("holdout192", 96.0, 96.0, 0),
        // 30 mixed cases (9 providers' documents, websockify, hg serve, mitmproxy, Authlib,
        // Janus and Apache Traffic Server on loopback, 13 constructed): never tuned on
        ("holdout193", 83.0, 83.0, 0),
        // 30 recordings on loopback of seven FastAPI and ASGI security packages, Sidekiq Web
        // and CGI::Application::Plugin::RequireSSL: never tuned on
        ("holdout-servers126", 93.0, 93.0, 2),
        // 30 other statuses recorded on loopback (django-openid-op, python3-openid,
        // django-cas-ng, django-google-sso, Dagster, oauthenticator, flask-saml2, django-filer,
        // passport-openidconnect, passport-cas)
        ("holdout194", 76.0, 76.0, 0),
        // 25 other statuses recorded on loopback (django-rest-registration, django-jazzmin,
        // django-login-required-middleware, passport-magic-login, engine.io, tsoa)
        ("holdout195", 92.0, 92.0, 0),
        // 25 recordings on loopback of restless's Flask resources: never tuned on
        ("holdout-servers127", 92.0, 92.0, 0),
        // 30 recordings on loopback of Apache Traffic Server's signing and rate plugins, Sōzu,
        // the `https` crate's server, sccache-dist, NATS and Zellij's web server
        ("holdout-servers125", 93.0, 93.0, 0),
        // Round of 2026-12-07 (evening). Sets recorded on loopback today keep two cases of
        // slack and two of high confidence, as above, until their `Date`s are a day old.
        // 25 answers of authgent-server's token endpoint recorded on loopback (RFC 6749, 8628
        // and 8693 grants, PKCE, DPoP, a consent form's CSRF, five that are no failure)
        ("holdout198", 84.0, 84.0, 2),
        // 25 recordings on loopback of Monit, webhook, Redis Commander, Signal K and an axum
        // app behind tower-governor
        ("holdout-servers128", 84.0, 84.0, 2),
        // 25 failures of 17 providers with profiles and without, as their documents, SDK
        // tests and threads show them (new failure paths of providers seen before)
        ("holdout200", 100.0, 88.0, 0),
        // 25 adversarial cases built on the formats of 25 providers: never tuned on
        ("holdout199", 76.0, 76.0, 0),
        // 25 recordings on loopback of fastapi-rbac-lite and fastapi-advanced-rate-limiter:
        // never tuned on
        ("holdout-servers129", 76.0, 76.0, 2),
        // 25 other statuses recorded on loopback (strawberry-graphql, jsonrpcserver, jayson,
        // Authlib's authorization server, Flask-Login with Flask-WTF, jsonwebtoken in Express)
        ("holdout201", 88.0, 88.0, 2),
        // 25 recordings on loopback of Debian's lighttpd, nginx, tinyproxy and Prometheus,
        // proxy.py and cors-anywhere
        ("holdout-servers130", 92.0, 92.0, 2),
        // 25 failures of 14 providers without a profile (Mollie, Vonage, Adyen, Zoom,
        // Zendesk, Akamai, WSO2's gateway…) from SDK tests, documents and threads
        ("holdout202", 96.0, 96.0, 0),
        // 25 mixed cases (providers' SDK fixtures and documents, other statuses, adversarial
        // constructions): never tuned on
        ("holdout203", 76.0, 76.0, 0),
        // 25 recordings on loopback of Flask-HTTPAuth, Flask-JWT-Extended, Django REST
        // framework, Litestar, express-jwt, express-basic-auth and koa-jwt: never tuned on
        ("holdout-servers131", 84.0, 84.0, 2),
        // 25 other statuses recorded on loopback (tRPC's 207 batches, oidc-provider, Auth.js,
        // Apollo Server, Flask-JWT-Extended's 422s)
        ("holdout204", 88.0, 88.0, 2),
        // 25 recordings on loopback of Caddy, Squid, Radicale, moto's S3 and DynamoDB, and
        // Verdaccio
        ("holdout-servers132", 88.0, 88.0, 2),
        // 25 failures of 12 providers without a profile (Replicate, OpenCage, Hugging Face,
        // Mapbox, OKX, KuCoin, Kraken, Plaid, Postmark…) from SDK tests, documents, threads
        ("holdout205", 88.0, 88.0, 0),
        // 25 mixed cases (providers' documents and fixtures, other statuses, adversarial
        // constructions): never tuned on
        ("holdout206", 88.0, 84.0, 0),
        // 25 recordings on loopback of copyparty, Kinto, Datasette, Verdaccio, Radicale,
        // pypiserver and WsgiDAV: never tuned on
        ("holdout-servers133", 88.0, 88.0, 2),
        // 20 other statuses recorded on loopback (@node-oauth/oauth2-server, fastapi-users,
        // mercurius-auth, graphql-shield on GraphQL Yoga)
        ("holdout207", 85.0, 85.0, 2),
        // 20 failures of 12 providers without a profile (Globus, Midtrans, Belvo, dbt Cloud,
        // Tatum, api.video, Matrix…) from SDK tests, documents and threads
        ("holdout208", 90.0, 90.0, 0),
        // 20 recordings on loopback of Flask-HTTPAuth, Flask-Login, Flask-Limiter, FastAPI,
        // express-jwt and express-rate-limit: never tuned on
        ("holdout-servers134", 90.0, 90.0, 2),
        // 20 adversarial cases on the formats of 18 providers and servers: never tuned on
        ("holdout209", 75.0, 75.0, 0),
        // A last round, scored once and never tuned on: 20 failures of 10 providers without
        // a profile; 20 other statuses recorded on loopback (Authlib, aria2, FastAPI, Flask
        // with PyJWT, Django, Strawberry); 20 recordings on loopback of Webdis, tinyproxy,
        // Syncthing, Transmission and Icecast
        ("holdout210", 75.0, 75.0, 0),
        ("holdout211", 65.0, 65.0, 2),
        ("holdout-servers135", 65.0, 65.0, 2),
        // 24 other statuses recorded on loopback (django-oauth-toolkit, Django, FastAPI,
        // Strawberry, json-rpc)
        ("holdout212", 87.0, 87.0, 2),
        // 22 recordings on loopback of InfluxDB, etcd, HAProxy, nginx and mitmproxy
        ("holdout-servers136", 90.0, 90.0, 2),
        // 25 failures of 17 providers without a profile (eSIM Go, QI Tech, Fiserv, Mollie,
        // Akamai, OneSignal…) from documents and SDKs
        ("holdout213", 88.0, 88.0, 0),
        // 25 adversarial cases on the formats of 25 providers: never tuned on
        ("holdout214", 88.0, 88.0, 0),
        // 25 recordings on loopback of Hono, express-oauth2-jwt-bearer, hapi-auth-jwt2 and
        // two rate limiters: never tuned on
        ("holdout-servers137", 92.0, 92.0, 2),
        // 20 failures of 17 providers without a profile from documents and threads: never
        // tuned on
        ("holdout215", 80.0, 80.0, 0),
        // 23 other statuses recorded on loopback (oidc-provider, Apollo Server, Auth.js,
        // socket.io, tRPC, json-rpc-2.0, mercurius)
        ("holdout216", 78.0, 78.0, 2),
        // 24 recordings on loopback of JupyterHub, copyparty, Flower and Supervisor
        ("holdout-servers138", 87.0, 87.0, 2),
        // 21 exchanges pasted in 18 providers' and programs' threads
        ("holdout217", 90.0, 90.0, 0),
        // 25 recordings on loopback of simplejwt, knox, drf-api-key, django-ratelimit,
        // Flask-JWT-Extended, fastapi-users and slowapi: never tuned on
        ("holdout-servers139", 84.0, 84.0, 2),
        // 22 failures of 12 providers without a profile (Woosmap, Moov, Q-Detect, Vonage,
        // Scaleway, Zendesk…) from OpenAPI examples, SDK mocks and recorded cassettes
        ("holdout218", 86.0, 86.0, 0),
        // 25 adversarial cases with other statuses (XML-RPC and SOAP faults, batches, token
        // endpoints, 404s, 409s, 503s) on 25 providers' formats: never tuned on
        ("holdout219", 72.0, 72.0, 0),
        // 25 other statuses recorded on loopback (Authlib, FastAPI, Strawberry, Starlette,
        // Flask with PyJWT, Flask-Login, Django, python-socketio)
        ("holdout220", 92.0, 92.0, 2),
        // 24 recordings on loopback of Apache httpd, Squid, WsgiDAV, moto and s3rver
        ("holdout-servers140", 87.0, 87.0, 2),
        // 25 recordings on loopback of Synapse, Feathers and django-ninja: never tuned on
        ("holdout-servers141", 84.0, 84.0, 2),
        // 23 exchanges of 21 providers without a profile pasted in threads (exchanges' clock
        // and IP refusals, wrong data centers, sandbox keys on live hosts)
        ("holdout221", 100.0, 100.0, 0),
        // 25 other statuses recorded on loopback (Authlib, passport, connect-ensure-login,
        // tRPC, NestJS, express-openid-connect, social-auth, django-graphql-jwt, jayson):
        // never tuned on
        ("holdout222", 76.0, 76.0, 2),
        // 25 adversarial 401s, 403s, 407s and 429s on 25 providers' formats, several
        // localized: never tuned on
        ("holdout223", 80.0, 76.0, 0),
        // 25 recordings on loopback of Prometheus, RabbitMQ, monerod, ejabberd and
        // Transmission
        ("holdout-servers142", 80.0, 80.0, 2),
        // 24 recordings on loopback of Varnish, HAProxy, nginx auth_request, Apache httpd and
        // Squid: never tuned on
        ("holdout-servers143", 66.0, 66.0, 2),
        // A last round, scored once and never tuned on: 21 failures of 12 providers without
        // a profile (Feishu, IBM FHIR, QWeather, CoWIN, Singpass, Serpro, Tencent…); 21
        // other statuses recorded on loopback (oidc-provider's client authentication,
        // connect-node's end-stream errors)
        // (and 25 mixed cases of providers without a profile and constructions that test
        // honesty; 25 recordings on loopback of Jupyter Server, Scrapyd, mitmweb, Verdaccio)
        ("holdout224", 71.0, 71.0, 0),
        ("holdout225", 42.0, 42.0, 2),
        ("holdout226", 80.0, 80.0, 0),
        ("holdout-servers144", 88.0, 88.0, 2),
        // 22 failures of providers without a profile (Bluesky's token endpoint, Mollie, Nexmo,
        // Coinranking on RapidAPI, OKX…) from threads and documents
        ("holdout227", 95.0, 95.0, 0),
        // 23 recordings on loopback of BlackSheep with guardpost, datasette-auth-tokens,
        // Twisted's Digest and Basic guard, Litestar
        ("holdout-servers145", 86.0, 86.0, 2),
        // 30 other statuses recorded on loopback (oauthlib, Flask-Login, Flask-WTF, Ariadne,
        // mercurius-auth, graphql-shield, jayson, Express with jsonwebtoken, passport-local)
        ("holdout228", 93.0, 93.0, 2),
        // 24 recordings on loopback of lighttpd, the Docker registry, webhook, pproxy,
        // uploadserver, sqlite-web, cors-anywhere: never tuned on
        ("holdout-servers146", 87.0, 87.0, 2),
        // 24 adversarial cases on the formats of 24 providers and servers: never tuned on
        ("holdout229", 79.0, 79.0, 2),
        // 22 failures of providers without a profile from documents and threads (Akamai's
        // APIs, You.com, Sinch, Sage X3, Hasura DDN…)
        ("holdout230", 86.0, 86.0, 0),
        // 25 recordings on loopback of koa-jwt, express-jwt with jwks-rsa, moleculer-web,
        // express-basic-auth, express-rate-limit
        ("holdout-servers147", 92.0, 92.0, 2),
        // 23 other statuses recorded on loopback (oidc-provider, fastify with jsonwebtoken,
        // mercurius-auth, json-rpc-2.0, Tornado): never tuned on
        ("holdout231", 69.0, 69.0, 4),
        // 20 failures of providers without a profile pasted in threads
        ("holdout232", 80.0, 80.0, 0),
        // 24 recordings on loopback of TiddlyWiki, Jupyter Server, json-server-auth, Roundup,
        // Apache's forward proxy: never tuned on
        ("holdout-servers148", 75.0, 75.0, 2),
        // 24 failures of regional providers without a profile (Alibaba Cloud, Feishu, Kakao,
        // hh.ru, WeChat, Toss, NAVER…)
        ("holdout233", 75.0, 75.0, 0),
        // 25 recordings on loopback of Flask-JWT-Extended, Django REST framework, Simple JWT,
        // FastAPI security
        ("holdout-servers149", 88.0, 88.0, 2),
        // 25 adversarial cases on the formats of 24 providers and servers: never tuned on
        ("holdout234", 84.0, 84.0, 0),
        // 24 other statuses recorded on loopback (CherryPy, Tornado, python-socketio, oauthlib,
        // Flask-WTF, connect-node, Apollo Server 5, open-rpc, Twisted XML-RPC)
        ("holdout235", 79.0, 79.0, 2),
        // 25 recordings on loopback of nginx, Apache, lighttpd, HAProxy, tinyproxy, Squid and
        // Varnish: never tuned on
        ("holdout-servers150", 84.0, 84.0, 2),
        // 23 failures of providers without a profile from SDKs' recorded fixtures (Tenable,
        // GitGuardian, PiShock, Reddit, Linode, Cuenca…)
        ("holdout236", 78.0, 78.0, 2),
        // 25 recordings on loopback of Authlib's RFC 9068 validator, oauth2-server's
        // authenticate(), oidc-provider's userinfo, proxy.py, pproxy, mitmproxy, proxy-chain
        ("holdout-servers151", 88.0, 88.0, 2),
        // 24 cases of thin or misleading evidence (six recorded on loopback): never tuned on
        ("holdout237", 70.0, 70.0, 2),
        // 24 other statuses recorded on loopback (moto's Cognito, Authlib's device flow,
        // Apollo Server, tRPC, json-server-auth, connect-node): never tuned on
        ("holdout238", 58.0, 58.0, 2),
        // 25 other statuses recorded on loopback (connect-node, tRPC, moto's Cognito, Apollo
        // Server 5, graphql-yoga, Twisted XML-RPC, jsonrpcserver)
        ("holdout239", 76.0, 76.0, 2),
        // 22 failures of providers without a profile (open banking, FHIR, Opsgenie, Harness,
        // Method, Paysera…) from documents and threads
        ("holdout240", 77.0, 77.0, 0),
        // 23 recordings on loopback of Trac, Flask-AppBuilder and Kinto
        ("holdout-servers152", 78.0, 78.0, 2),
        // 25 adversarial cases on near causes of 24 providers' formats: never tuned on
        ("holdout241", 68.0, 68.0, 0),
        // 22 recordings on loopback of Monit, qBittorrent, Radicale, Transmission, CUPS,
        // Verdaccio and Syncthing: never tuned on
        ("holdout-servers153", 86.0, 86.0, 2),
        // 23 failures of SaaS business APIs (DocuSign, Xero, Contentful, QuickBooks, monday.com,
        // ClickUp, Invoice Ninja…) from documents and threads
        ("holdout242", 91.0, 91.0, 0),
        // 23 recordings on loopback of lighttpd, Litestar, Tornado, HAProxy and Squid
        ("holdout-servers154", 86.0, 86.0, 2),
        // 23 other statuses recorded on loopback (Strawberry, Ariadne, Authlib, json-rpc-2.0,
        // Express)
        ("holdout243", 86.0, 86.0, 2),
        // 23 adversarial and localized cases: never tuned on
        ("holdout244", 69.0, 69.0, 2),
        // 23 recordings on loopback of oidc-provider and Litestar's JWT and session auth: never
        // tuned on
        ("holdout-servers155", 82.0, 82.0, 2),
        // 25 failures of developer-infrastructure APIs (ZeptoMail, dbt Cloud, Harness, imgix,
        // Raygun, Logz.io, Red Hat's registry…) from documents and threads
        ("holdout245", 100.0, 100.0, 0),
        // 23 recordings on loopback of Jupyter Server, Node-RED, marimo and MLflow
        ("holdout-servers156", 86.0, 86.0, 2),
        // 24 other statuses of providers (ArcGIS's 498/499, ONVIF faults, token endpoints,
        // Hasura, CAS) from documents and threads
        ("holdout246", 95.0, 95.0, 0),
        // 24 failures of public-sector, mapping, weather and transport APIs: never tuned on
        ("holdout247", 91.0, 91.0, 0),
        // 25 recordings on loopback of DRF, Simple JWT, knox, Flask-HTTPAuth, passport and
        // express-basic-auth: never tuned on
        ("holdout-servers157", 84.0, 84.0, 4),
        // 22 failures of AI, speech and model-hosting APIs (Soniox, Hunyuan, Zhipu, SiliconFlow,
        // Fish Audio, Opik, Kling…) from documents and threads
        ("holdout248", 100.0, 100.0, 0),
        // 24 recordings on loopback of Hono, restify, @fastify/rate-limit, moleculer-web and
        // Feathers
        ("holdout-servers158", 79.0, 79.0, 2),
        // 23 other statuses recorded on loopback (graphql-shield, tRPC, jayson, Spyne, WsgiDAV,
        // oidc-provider, FastAPI): never tuned on
        ("holdout249", 73.0, 73.0, 2),
        // 23 recordings on loopback of tinyproxy, Squid, mitmproxy, nginx, Apache httpd,
        // proxy.py and pproxy: never tuned on
        ("holdout-servers159", 78.0, 78.0, 2),
    ] {
        let (on, off) = score_both(&[set]).await;
        println!("{}", on.table(&format!("{set}, profiles on")));
        println!("{}", off.table(&format!("{set}, profiles off")));
        if std::env::var_os("HELD_OUT_VERBOSE").is_some() {
            println!("{}\n{}", on.failures.join("\n"), off.failures.join("\n"));
        }
        assert!(on.total >= 13, "{set} lost cases: {}", on.total);
        // Failures are not printed unless asked: the set is scored, not read while tuning.
        assert!(
            on.percent() >= on_floor,
            "{set}: {:.1}% right",
            on.percent()
        );
        assert!(
            off.percent() >= off_floor,
            "{set}: {:.1}% right",
            off.percent()
        );
        assert!(
            within(on.high_wrong() + off.high_wrong(), high_wrong),
            "{set}"
        );
    }
}

/// Scores the fixture directories named in `SCORE_SETS` (comma-separated), profiles on and
/// off, and prints every miss: how a new set is read once, before anyone tunes on it.
///
/// `SCORE_SETS=holdout69,holdout70 cargo test --test all score_named_sets -- --ignored --nocapture`
#[tokio::test]
#[ignore = "a tool: scores the sets named in SCORE_SETS"]
async fn score_named_sets() {
    let sets = std::env::var("SCORE_SETS").expect("SCORE_SETS names the directories to score");
    for set in sets.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let (on, off) = score_both(&[set]).await;
        println!("{}", on.table(&format!("{set}, profiles on")));
        println!("{}", off.table(&format!("{set}, profiles off")));
        println!("{}", on.failures.join("\n"));
        // (what only a provider profile gets right)
        for f in off.failures.iter().filter(|f| !on.failures.contains(f)) {
            println!("profiles off: {f}");
        }
        assert!(on.total > 0, "{set} has no cases");
    }
}
