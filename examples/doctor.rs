//! `doctor`: a curl-like command that sends one request and explains why auth failed.
//!
//! ```text
//! cargo run --example doctor -- [-X METHOD] [-H 'Name: value']... [-d BODY]
//!     [--resolve HOST:PORT:ADDR]... [--json] [--strict | --repair] URL
//! ```
//!
//! It sends exactly what it is given (pre-flight `Observe`): header values go out byte for
//! byte, so a stray space or an invisible character copied with a key is sent, and found.
//! `--repair` lets the middleware fix what is safe to fix first; `--strict` refuses to send a
//! request whose credentials are surely wrong.
//!
//! Output: the explanation on stdout (the JSON contract with `--json`), or a status line when
//! there was no auth failure. The middleware's tracing events go to stderr, off unless
//! `RUST_LOG` asks for them (`RUST_LOG=reqwest_auth_explain=debug`).
//!
//! Exit status: 0 when there was no auth failure, 2 when a failure was explained or the request
//! was refused before sending, 1 on any other error (bad arguments, connection refused, …),
//! which is reported on stderr, with nothing on stdout even with `--json`.
//!
//! `https://` works with the system's root certificates (rustls).

use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::net::{IpAddr, SocketAddr};
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use reqwest::header::{HeaderName, HeaderValue};
use reqwest::{Method, StatusCode, Url};
use reqwest_auth_explain::{AuthError, AuthExplainMiddleware, Explanation, Preflight, ResponseExt};
use tracing_subscriber::EnvFilter;

const EXAMPLES: &str = "\
Examples:
  # why does this token get a 401?
  doctor -H \"Authorization: Bearer $API_TOKEN\" http://localhost:8080/v1/me

  # reach a local server under its real host name, print the JSON form
  doctor --resolve api.example.com:8080:127.0.0.1 --json \\
      -X POST -H \"X-Api-Key: $API_KEY\" http://api.example.com:8080/v1/orders

  # refuse to send a placeholder key
  doctor --strict -H 'Authorization: Bearer YOUR_API_KEY' http://localhost:8080/v1/me

Exit status: 0 no auth failure, 2 auth failure explained or request refused, 1 other error.
Tracing events go to stderr when RUST_LOG asks for them (RUST_LOG=reqwest_auth_explain=debug).";

/// Send one HTTP request and explain a 401, 403, 407 or 429.
///
/// Header values are sent byte for byte (only the one space after the colon is dropped), so
/// stray whitespace or invisible characters are sent, and reported.
#[derive(Parser, Debug)]
#[command(name = "doctor", version, after_help = EXAMPLES)]
struct Cli {
    /// Request method [default: GET, or POST with -d]
    #[arg(short = 'X', long = "request", value_name = "METHOD")]
    method: Option<String>,

    /// Request header, `Name: value` (repeatable)
    #[arg(short = 'H', long = "header", value_name = "NAME: VALUE")]
    headers: Vec<OsString>,

    /// Request body, sent as is (no Content-Type is added: pass one with -H)
    #[arg(short = 'd', long = "data", value_name = "BODY")]
    data: Option<OsString>,

    /// Connect to ADDR for HOST, keeping HOST in the URL and the Host header (repeatable).
    /// The port in the URL is the one used.
    #[arg(long, value_name = "HOST:PORT:ADDR")]
    resolve: Vec<String>,

    /// Print the explanation as JSON
    #[arg(long)]
    json: bool,

    /// Refuse to send a request whose credentials pre-flight finds wrong
    #[arg(long, conflicts_with = "repair")]
    strict: bool,

    /// Repair what is safe to repair (whitespace, quotes, scheme spelling) before sending
    #[arg(long)]
    repair: bool,

    /// Give up after this many seconds
    #[arg(short = 'm', long = "max-time", value_name = "SECONDS")]
    max_time: Option<f64>,

    /// The URL to request
    url: String,
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // clap exits with 2 on usage errors, which here means "auth failure explained".
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| "off".into()))
        .init();

    match run(cli).await {
        Ok(code) => code,
        Err(msg) => {
            eprintln!("error: {msg}");
            ExitCode::from(1)
        }
    }
}

async fn run(cli: Cli) -> Result<ExitCode, String> {
    let url = Url::parse(&cli.url).map_err(|e| format!("invalid URL: {e}"))?;
    let shown_url = reqwest_auth_explain::redact_url(&url, &[]);
    let method = match (&cli.method, &cli.data) {
        (Some(m), _) => Method::from_bytes(m.as_bytes())
            .map_err(|_| format!("invalid method {m:?}: expected a token such as GET or POST"))?,
        (None, Some(_)) => Method::POST,
        (None, None) => Method::GET,
    };
    let headers = cli
        .headers
        .iter()
        .map(|h| parse_header(&os_bytes(h, "header")?))
        .collect::<Result<Vec<_>, _>>()?;

    let mut builder = reqwest::Client::builder();
    for r in &cli.resolve {
        let (host, addr) = parse_resolve(r)?;
        builder = builder.resolve(&host, addr);
    }
    if let Some(s) = cli.max_time {
        let t = Duration::try_from_secs_f64(s)
            .map_err(|_| format!("invalid --max-time {s}: expected seconds"))?;
        builder = builder.timeout(t);
    }
    let inner = builder
        .build()
        .map_err(|e| format!("cannot build the HTTP client: {}", chain(&e)))?;

    let mode = if cli.strict {
        Preflight::Strict
    } else if cli.repair {
        Preflight::Repair
    } else {
        Preflight::Observe
    };
    let client = reqwest_middleware::ClientBuilder::new(inner)
        .with(AuthExplainMiddleware::builder().preflight(mode).build())
        .build();

    let mut req = client.request(method.clone(), url.clone());
    for (name, value) in headers {
        req = req.header(name, value);
    }
    if let Some(body) = &cli.data {
        req = req.body(os_bytes(body, "body")?);
    }

    match req.send().await {
        Ok(resp) => match resp.auth_explanation() {
            Some(why) => {
                emit(explanation_text(why, cli.json));
                Ok(ExitCode::from(2))
            }
            None => {
                emit(ok_text(&method, &shown_url, &resp, cli.json));
                Ok(ExitCode::SUCCESS)
            }
        },
        Err(err) => match AuthError::from_middleware(&err) {
            // A strict refusal (or, with fail_on_auth_error, a rejection).
            Some(auth) => {
                emit(explanation_text(auth.explanation(), cli.json));
                Ok(ExitCode::from(2))
            }
            // The middleware already rewrote the URL in transport errors to its redacted form.
            None => Err(chain(&err)),
        },
    }
}

/// Writes to stdout; a closed pipe (`doctor … | head -1`) is not an error.
fn emit(text: String) {
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}

fn explanation_text(why: &Explanation, json: bool) -> String {
    if json {
        format!("{}\n", pretty(&why.to_json()))
    } else {
        why.to_string()
    }
}

/// No auth failure: the status line, or the JSON contract with outcome `ok`.
fn ok_text(method: &Method, url: &str, resp: &reqwest::Response, json: bool) -> String {
    let status = resp.status();
    if json {
        let request_id = ["x-request-id", "request-id", "x-amzn-requestid"]
            .iter()
            .find_map(|h| resp.headers().get(*h)?.to_str().ok());
        let v = serde_json::json!({
            "outcome": "ok",
            "status": status.as_u16(),
            "cause": null,
            "summary": format!("no auth failure: {}", status_text(status)),
            "evidence": [],
            "remedies": [],
            "method": method.as_str(),
            "url": url,
            "credential": null,
            "findings": [],
            "required_scopes": [],
            "granted_scopes": [],
            "retry_after_s": null,
            "request_id": request_id,
            "server_message": null,
            "provider": null,
        });
        return format!("{}\n", pretty(&v));
    }
    let host = resp.url().host_str().unwrap_or_default();
    let mut out = if status.is_success() || status.is_redirection() {
        format!("ok: {} from {host}: no auth failure\n", status_text(status))
    } else {
        format!(
            "note: {} from {host}: not an auth failure, nothing to explain\n",
            status_text(status)
        )
    };
    out.push_str(&format!("  --> {method} {url}\n"));
    let final_url = reqwest_auth_explain::redact_url(resp.url(), &[]);
    if final_url != url {
        out.push_str(&format!("   = redirected to {final_url}\n"));
    }
    out
}

fn status_text(s: StatusCode) -> String {
    format!("{} {}", s.as_u16(), s.canonical_reason().unwrap_or(""))
        .trim_end()
        .to_owned()
}

fn pretty(v: &serde_json::Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_else(|_| v.to_string())
}

/// `Name: value` → a header. One space after the colon separates name and value, as people
/// type it; every other byte of the value is kept. Errors never echo the argument: it most
/// likely holds a secret.
fn parse_header(raw: &[u8]) -> Result<(HeaderName, HeaderValue), String> {
    let Some(colon) = raw.iter().position(|b| *b == b':') else {
        return Err("a -H argument has no colon: expected 'Name: value'".to_owned());
    };
    let name = HeaderName::from_bytes(&raw[..colon]).map_err(|_| {
        let at = raw[..colon]
            .iter()
            .position(|b| !b.is_ascii_alphanumeric() && !b"!#$%&'*+-.^_`|~".contains(b))
            .map_or(String::new(), |i| format!(" (byte {} of the name)", i + 1));
        format!(
            "a -H argument has an invalid header name{at}: expected 'Name: value', with letters, digits and !#$%&'*+-.^_`|~ in the name"
        )
    })?;
    let value = &raw[colon + 1..];
    let value = value.strip_prefix(b" ").unwrap_or(value);
    match HeaderValue::from_bytes(value) {
        Ok(v) => Ok((name, v)),
        Err(_) => Err(bad_value(&name, value)),
    }
}

/// Why bytes cannot be a header value (RFC 9110 §5.5: no control characters but tab).
fn bad_value(name: &HeaderName, value: &[u8]) -> String {
    let (pos, b) = value
        .iter()
        .enumerate()
        .find(|(_, b)| (**b < 0x20 && **b != b'\t') || **b == 0x7f)
        .map_or((0, 0), |(i, b)| (i, *b));
    let what = match b {
        b'\n' => "a line feed (\\n)".to_owned(),
        b'\r' => "a carriage return (\\r)".to_owned(),
        0 => "a NUL byte".to_owned(),
        b => format!("the control byte 0x{b:02x}"),
    };
    format!(
        "the value of header {name} is not a valid HTTP header value: byte {} of {} is {what}\n  \
         note: nothing was sent; a key read from a file or with `$(…)` often carries a trailing newline",
        pos + 1,
        value.len()
    )
}

/// `HOST:PORT:ADDR` (ADDR may be `[::1]`) → what `ClientBuilder::resolve` takes.
fn parse_resolve(s: &str) -> Result<(String, SocketAddr), String> {
    let bad = || {
        format!(
            "invalid --resolve {s:?}: expected HOST:PORT:ADDR, e.g. api.example.com:443:127.0.0.1"
        )
    };
    let (host, rest) = s.split_once(':').ok_or_else(bad)?;
    let (port, addr) = rest.split_once(':').ok_or_else(bad)?;
    let port: u16 = port.parse().map_err(|_| bad())?;
    let addr = addr.trim_start_matches('[').trim_end_matches(']');
    let ip: IpAddr = addr.parse().map_err(|_| bad())?;
    if host.is_empty() {
        return Err(bad());
    }
    Ok((host.to_owned(), SocketAddr::new(ip, port)))
}

/// The raw bytes of an argument.
fn os_bytes(s: &OsString, what: &str) -> Result<Vec<u8>, String> {
    #[cfg(unix)]
    {
        let _ = what;
        use std::os::unix::ffi::OsStrExt;
        Ok(s.as_bytes().to_vec())
    }
    #[cfg(not(unix))]
    {
        s.to_str()
            .map(|s| s.as_bytes().to_vec())
            .ok_or_else(|| format!("the {what} is not valid Unicode"))
    }
}

/// An error and its sources, `a: b: c`, as curl users expect to see the root cause.
fn chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut src = e.source();
    while let Some(c) = src {
        let t = c.to_string();
        if !s.contains(&t) {
            s.push_str(": ");
            s.push_str(&t);
        }
        src = c.source();
    }
    s
}
