//! The one place text is scrubbed: URLs (userinfo, sensitive query values), and server text
//! that echoes a secret whole or in part. Every output path of the crate goes through here.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use url::Url;

use crate::secret::Secret;

/// Query keys whose values OpenTelemetry redacts in `url.full` (semconv `main`, all seven).
pub const OTEL_SENSITIVE_QUERY_KEYS: &[&str] = &[
    "AWSAccessKeyId",
    "Signature",
    "sig",
    "X-Goog-Signature",
    "X-Amz-Signature",
    "X-Amz-Credential",
    "X-Amz-Security-Token",
];

const REDACTED: &str = "REDACTED";
const SCRUBBED: &str = "[REDACTED]";

/// A URL safe to log: userinfo becomes `REDACTED:REDACTED@`, the values of sensitive query
/// parameters become `REDACTED` with their names kept.
///
/// Sensitive names are OpenTelemetry's list, the crate's credential parameter names (compared
/// case-insensitively), and `extra`.
///
/// ```
/// use url::Url;
/// let url = Url::parse("https://me:pw@api.example.com/x?api_key=FAKESECRET&color=blue").unwrap();
/// assert_eq!(
///     reqwest_auth_explain::redact_url(&url, &[]),
///     "https://REDACTED:REDACTED@api.example.com/x?api_key=REDACTED&color=blue"
/// );
/// ```
pub fn redact_url(url: &Url, extra: &[String]) -> String {
    let mut u = url.clone();
    if !u.username().is_empty() || u.password().is_some() {
        let _ = u.set_username(REDACTED);
        let _ = u.set_password(Some(REDACTED));
    }
    u.set_fragment(None);
    if let Some(q) = url.query() {
        let mut out = String::with_capacity(q.len());
        for (i, pair) in q.split('&').enumerate() {
            if i > 0 {
                out.push('&');
            }
            let (k, v) = match pair.split_once('=') {
                Some((k, v)) => (k, Some(v)),
                None => (pair, None),
            };
            out.push_str(k);
            if let Some(v) = v {
                out.push('=');
                let name = url::form_urlencoded::parse(k.as_bytes())
                    .next()
                    .map(|(n, _)| n.into_owned())
                    .unwrap_or_default();
                if is_sensitive_param(&name, extra) {
                    out.push_str(REDACTED);
                } else {
                    out.push_str(v);
                }
            }
        }
        u.set_query(Some(&out));
    }
    u.to_string()
}

/// Whether a query parameter's value must not be logged.
pub(crate) fn is_sensitive_param(name: &str, extra: &[String]) -> bool {
    OTEL_SENSITIVE_QUERY_KEYS.contains(&name)
        || crate::credential::KEY_QUERY_PARAMS
            .iter()
            .any(|k| k.eq_ignore_ascii_case(name))
        || extra.iter().any(|k| k.eq_ignore_ascii_case(name))
}

/// Server text made safe to store and print: every echo of one of `secrets` is replaced by
/// `[REDACTED]` (whole, URL-encoded, base64, a 6+ character piece of it, or a masked echo such
/// as `sk_live_abc***` or `*****ined`), and control characters become spaces so a message
/// cannot forge log lines.
pub(crate) fn scrub_text(text: &str, secrets: &[&Secret]) -> String {
    let mut s: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    for secret in secrets {
        let raw = String::from_utf8_lossy(secret.expose_secret()).into_owned();
        if raw.len() < 4 {
            continue;
        }
        let forms = [
            raw.clone(),
            url::form_urlencoded::byte_serialize(secret.expose_secret()).collect::<String>(),
            STANDARD.encode(secret.expose_secret()),
            URL_SAFE_NO_PAD.encode(secret.expose_secret()),
        ];
        for f in forms.iter().filter(|f| f.len() >= 4) {
            if s.contains(f.as_str()) {
                s = s.replace(f.as_str(), SCRUBBED);
            }
        }
        s = scrub_pieces(&s, &raw);
    }
    scrub_masked(&s)
}

fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '+' | '/' | '=' | '*')
}

/// Replaces words of 6+ characters that are a piece of the secret.
fn scrub_pieces(text: &str, secret: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        let core = word.trim_matches('*');
        if core.len() >= 6 && secret.contains(core) {
            out.push_str(SCRUBBED);
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in text.chars() {
        if is_word(c) {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// A word with a run of three or more `*` is a masked key echo: drop it whole.
fn scrub_masked(text: &str) -> String {
    if !text.contains("***") {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if word.contains("***") {
            out.push_str(SCRUBBED);
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in text.chars() {
        if is_word(c) {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_redaction() {
        let u =
            Url::parse("https://a:b@h.example/p?sig=1&X-Amz-Signature=2&x=3&Key=4#frag").unwrap();
        assert_eq!(
            redact_url(&u, &[]),
            "https://REDACTED:REDACTED@h.example/p?sig=REDACTED&X-Amz-Signature=REDACTED&x=3&Key=REDACTED"
        );
        let u = Url::parse("https://h.example/p?tenant=9").unwrap();
        assert_eq!(
            redact_url(&u, &["tenant".into()]),
            "https://h.example/p?tenant=REDACTED"
        );
    }

    #[test]
    fn scrubs_echoes() {
        let s = Secret::new("sk_live_FAKESECRET1234abcd");
        let cases = [
            "Invalid API Key provided: sk_live_FAKESECRET1234abcd",
            "Invalid API Key provided: sk_live_FAK***abcd",
            "Invalid API Key provided: *****abcd",
            "key FAKESECRET1234 is wrong",
            "encoded c2tfbGl2ZV9GQUtFU0VDUkVUMTIzNGFiY2Q= here",
        ];
        for c in cases {
            let out = scrub_text(c, &[&s]);
            assert!(!out.contains("FAKE"), "{out}");
            assert!(!out.contains("abcd"), "{out}");
            assert!(out.contains("[REDACTED]"), "{out}");
        }
        assert_eq!(scrub_text("line\r\nforged", &[]), "line  forged");
        assert_eq!(scrub_text("Bad credentials", &[&s]), "Bad credentials");
    }
}
