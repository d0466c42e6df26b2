//! `--offline`: the request as it would leave and what pre-flight says of it; nothing is sent.
//!
//! The request (after `--repair`'s repairs) goes to stdout, or `-o FILE`, as an HTTP/1.1
//! message with every credential replaced: in the head as `-v` shows it, and in a form or JSON
//! body, field by field. The findings go to stderr as the explanation's human form (with
//! `--json`, stdout holds only its JSON form). Exit 2 when `--strict` would refuse the request
//! as it would leave (as given, or as `--repair` leaves it), whichever mode was asked for, so
//! that `--offline` can gate a script.

use reqwest::Request;
use reqwest::header::CONTENT_TYPE;
use reqwest_auth_explain::{AuthExplainMiddleware, Outcome, Preflight};

use crate::error::Error;
use crate::output::{self, Sink};
use crate::secrets::{self, Secrets};
use crate::{Cli, EXIT_AUTH, EXIT_OK};

/// Inspects `req` as `mw` would before sending it, and prints it.
pub(crate) fn run(cli: &Cli, mw: &AuthExplainMiddleware, mut req: Request) -> Result<u8, Error> {
    let report = mw.inspect(&mut req);
    // Strict judges the request as it would leave: as given, or as --repair left it.
    let refusal = if report.outcome() == Outcome::Refused {
        Some(report.clone())
    } else if let (Some(mut leaving), false) = (req.try_clone(), cli.strict) {
        let strict = AuthExplainMiddleware::builder()
            .preflight(Preflight::Strict)
            .build();
        Some(strict.inspect(&mut leaving)).filter(|v| v.outcome() == Outcome::Refused)
    } else {
        None
    };

    let mut sink = Sink::open(cli)?;
    sink.write(message(mw, &req).as_bytes())?;
    sink.finish()?;
    output::explanation(&report, cli.json)?;
    if let (Some(verdict), false, false) = (&refusal, cli.json, cli.strict) {
        sayln!(
            "error: --strict would refuse this request ({}): {}",
            verdict.cause().map_or("auth", |c| c.code()),
            verdict.summary()
        );
    }
    Ok(if refusal.is_some() {
        EXIT_AUTH
    } else {
        EXIT_OK
    })
}

/// The whole request as text, credentials replaced.
fn message(mw: &AuthExplainMiddleware, req: &Request) -> String {
    let mut text = output::request_head(mw, req, false).render("", "\n");
    if let Some(body) = shown_body(mw, req) {
        text.push_str(&body);
        if !text.ends_with('\n') {
            text.push('\n');
        }
    }
    text
}

/// The body as it may be shown: a form's or a JSON document's credential fields replaced, and
/// any echo of the request's credentials; binary data is described, not shown.
fn shown_body(mw: &AuthExplainMiddleware, req: &Request) -> Option<String> {
    let bytes = req
        .body()
        .and_then(|b| b.as_bytes())
        .filter(|b| !b.is_empty())?;
    let content_type = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let echo = Secrets::of(mw, req);
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Some(format!("[{} bytes of binary data]", bytes.len()));
    };
    let shown = if content_type.starts_with("application/x-www-form-urlencoded") {
        let keys = secrets::form_key_fields(mw, bytes);
        secrets::redact_pairs(text, secrets::MARKER, |n| {
            keys.contains(&n.to_ascii_lowercase())
        })
    } else if let Ok(mut doc) = serde_json::from_str::<serde_json::Value>(text) {
        let keys = secrets::json_key_fields(mw, &doc);
        if secrets::redact_json(&mut doc, &keys, secrets::MARKER).is_empty() {
            text.to_owned()
        } else {
            doc.to_string()
        }
    } else {
        text.to_owned()
    };
    Some(echo.echo().scrub(&shown).into_owned())
}
