//! The examples run as processes: they exit 0, explain what they promise and print no secret.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;
use std::time::Duration;

/// Every fake key in the examples contains this (case-insensitively).
const FAKE_KEY_MARK: &str = "q7zr9mb";

/// The path of an example binary, built (once per test run) if needed.
///
/// `cargo test` builds the examples next to this test binary: `…/target/debug/deps/all-xxxx`
/// → `…/target/debug/examples/NAME`. The build below is a no-op then, and makes
/// `cargo test --test all` after an edit run the current code rather than a stale binary.
pub(crate) fn example(name: &str) -> PathBuf {
    static BUILT: OnceLock<Result<(), String>> = OnceLock::new();
    let exe = std::env::current_exe().expect("current_exe");
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("the test binary lives in <target>/<profile>/deps");
    let bin = profile_dir
        .join("examples")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    let built = BUILT.get_or_init(|| build_examples(profile_dir));
    if let Err(e) = built {
        assert!(bin.exists(), "{}: {e}", bin.display());
    }
    bin
}

fn build_examples(profile_dir: &Path) -> Result<(), String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["build", "--examples", "--quiet"]);
    match profile_dir.file_name().and_then(|n| n.to_str()) {
        Some("debug") | None => {}
        Some("release") => {
            cmd.arg("--release");
        }
        Some(other) => {
            cmd.args(["--profile", other]);
        }
    }
    if let Some(target_dir) = profile_dir.parent() {
        cmd.arg("--target-dir").arg(target_dir);
    }
    let out = cmd.output().map_err(|e| format!("cannot run cargo: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "cargo build --examples failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// A command for an example, with no proxy or log settings inherited from the environment.
pub(crate) fn command(name: &str) -> tokio::process::Command {
    let mut cmd = tokio::process::Command::new(example(name));
    for var in [
        "RUST_LOG",
        "HTTP_PROXY",
        "http_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "ALL_PROXY",
        "all_proxy",
    ] {
        cmd.env_remove(var);
    }
    cmd.kill_on_drop(true);
    cmd
}

/// Runs a command to completion (at most 60 s).
pub(crate) async fn run(mut cmd: tokio::process::Command) -> Output {
    tokio::time::timeout(Duration::from_secs(60), cmd.output())
        .await
        .expect("the process finished in time")
        .expect("the process ran")
}

pub(crate) fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The distinct cause codes in `error[...]` headlines, in order of appearance.
fn codes(stdout: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in stdout.lines() {
        if let Some(code) = line
            .strip_prefix("error[")
            .and_then(|rest| rest.split_once(']'))
            .map(|(code, _)| code.to_owned())
        {
            if !out.contains(&code) {
                out.push(code);
            }
        }
    }
    out
}

#[tokio::test]
async fn demo_explains_at_least_twelve_causes_without_printing_a_key() {
    let out = run(command("demo")).await;
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(out.status.success(), "{stderr}\n{stdout}");
    let codes = codes(&stdout);
    assert!(codes.len() >= 12, "only {} causes: {codes:?}", codes.len());
    let summary = format!("{} causes explained: {}", codes.len(), codes.join(", "));
    assert!(stdout.contains(&summary), "{stdout}");
    for part in [stdout.as_str(), stderr.as_str()] {
        let lower = part.to_ascii_lowercase();
        assert!(
            !lower.contains(FAKE_KEY_MARK),
            "a fake key was printed:\n{part}"
        );
        assert!(!part.contains("eyJ"), "a JWT was printed:\n{part}");
        assert!(!part.contains("AKIA"), "an AWS key id was printed:\n{part}");
    }
    // the request line, the status and the explanation of each scenario
    assert!(
        stdout.contains("> POST http://api.example.test:"),
        "{stdout}"
    );
    assert!(stdout.contains("< 403 Forbidden"), "{stdout}");
    assert!(stdout.contains("key=REDACTED"), "{stdout}");
}

#[tokio::test]
async fn wrap_client_reads_explanations_from_responses_and_errors() {
    let out = run(command("wrap_client")).await;
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(out.status.success(), "{stderr}\n{stdout}");
    assert!(stdout.contains("cause: expired_credentials"), "{stdout}");
    assert!(
        stdout.contains("error: server rejected the request (401, expired_credentials)"),
        "{stdout}"
    );
    // the body is still readable from the error
    assert!(stdout.contains(r#"{"error":"invalid_token""#), "{stdout}");
    let all = format!("{stdout}{stderr}").to_ascii_lowercase();
    assert!(!all.contains(FAKE_KEY_MARK), "{stdout}{stderr}");
}

#[tokio::test]
async fn otel_metrics_counts_failures_by_cause_without_printing_a_key() {
    let out = run(command("otel_metrics")).await;
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(out.status.success(), "{stderr}\n{stdout}");
    // the counter's totals by cause, read back from the in-memory exporter
    let counts: Vec<(String, String)> = stdout
        .lines()
        .skip_while(|l| !l.starts_with("auth_explain.failures (monotonic counter)"))
        .skip(1)
        .map_while(|l| l.strip_prefix("  "))
        .filter_map(|l| {
            let mut words = l.split_whitespace();
            Some((words.next()?.to_owned(), words.next()?.to_owned()))
        })
        .collect();
    let expected = [
        ("insufficient_scope", "1"),
        ("invalid_credentials", "2"),
        ("rate_limited", "1"),
        ("total", "4"),
    ]
    .map(|(c, n)| (c.to_owned(), n.to_owned()));
    assert_eq!(counts, expected, "{stdout}");
    assert!(
        stdout.contains("attributes on the data points: auth.cause,"),
        "{stdout}"
    );
    // and the WARN events they came from, on stderr
    let warns = stderr
        .lines()
        .filter(|l| l.contains("monotonic_counter.auth_explain.failures=1"))
        .count();
    assert_eq!(warns, 4, "{stderr}");
    let all = format!("{stdout}{stderr}").to_ascii_lowercase();
    assert!(!all.contains(FAKE_KEY_MARK), "{stdout}{stderr}");
}
