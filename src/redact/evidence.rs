//! Headers and lines shown in evidence: an allow-list of response headers, credential headers
//! as scheme, kind, location and fingerprint, everything else scrubbed.

use std::borrow::Cow;

use http::HeaderName;
use url::Url;

use super::SCRUBBED;
use super::scrubber::Scrubber;
use super::url::redact_url;
use crate::credential::{self, Credential, Location};
use crate::explanation::CredentialInfo;
use crate::observe::headers::{is_rate_limit_name, is_request_id_name};
use crate::secret::Secret;

/// Response headers whose values may be shown in evidence (after scrubbing). Any other header
/// is shown as `Name: [REDACTED]`; credential headers as scheme, kind, location and fingerprint.
pub(crate) const SHOWN_HEADERS: &[&str] = &[
    "www-authenticate",
    "proxy-authenticate",
    "retry-after",
    "date",
    "age",
    "content-type",
    "content-length",
    "location",
    "content-location",
    "server",
    "via",
    "vary",
    "ratelimit",
    "ratelimit-policy",
    "ratelimit-limit",
    "ratelimit-remaining",
    "ratelimit-reset",
    "x-ratelimit-limit",
    "x-ratelimit-remaining",
    "x-ratelimit-reset",
    "x-ratelimit-used",
    "x-ratelimit-resource",
    "x-rate-limit-limit",
    "x-rate-limit-remaining",
    "x-rate-limit-reset",
    "x-oauth-scopes",
    "x-accepted-oauth-scopes",
    "x-accepted-github-permissions",
    "x-github-sso",
    "x-github-media-type",
    "x-amzn-errortype",
    "x-ms-error-code",
    "x-error-code",
    "cf-mitigated",
];

/// Request headers that carry a credential (besides the configured ones).
fn is_credential_header(lname: &str) -> bool {
    matches!(
        lname,
        "authorization" | "proxy-authorization" | "cookie" | "set-cookie"
    ) || credential::KEY_HEADERS.contains(&lname)
}

/// One header as an evidence line, through the allow-list: allow-listed headers are shown
/// scrubbed (a `Location` as a redacted URL), credential headers only as scheme, kind,
/// location and fingerprint, and any other header as `Name: [REDACTED]`.
pub(crate) fn header_line(name: &str, value: &[u8], scrubber: &Scrubber) -> String {
    let lname = name.to_ascii_lowercase();
    let shown_name = scrubber.scrub(name);
    if lname == "cookie" {
        let cookies: Vec<String> = value
            .split(|b| *b == b';')
            .map(credential::trim_ascii)
            .filter(|p| !p.is_empty())
            .map(|pair| {
                let (n, v) = match pair.iter().position(|b| *b == b'=') {
                    Some(i) => (&pair[..i], &pair[i + 1..]),
                    None => (&b""[..], pair),
                };
                format!(
                    "{} (fingerprint {})",
                    scrubber.scrub(&String::from_utf8_lossy(n)),
                    Secret::new(v).fingerprint()
                )
            })
            .collect();
        return format!("{shown_name}: {}", cookies.join(", "));
    }
    if lname == "set-cookie" {
        let n = value.split(|b| *b == b'=').next().unwrap_or_default();
        return format!(
            "{shown_name}: {}={SCRUBBED}",
            scrubber.scrub(&String::from_utf8_lossy(n))
        );
    }
    if is_credential_header(&lname) {
        if let Ok(h) = HeaderName::from_bytes(lname.as_bytes()) {
            let (scheme, token) = credential::split_scheme(value);
            let c = Credential::new(
                Location::Header(h),
                scheme.map(|s| String::from_utf8_lossy(s).into_owned()),
                Secret::new(token),
            );
            return format!("{shown_name}: {}", CredentialInfo::from(&c));
        }
    }
    if SHOWN_HEADERS.contains(&lname.as_str())
        || is_request_id_name(&lname)
        || is_rate_limit_name(&lname)
    {
        let text = String::from_utf8_lossy(value);
        let text = match lname.as_str() {
            "location" | "content-location" => match Url::parse(&text) {
                Ok(u) => Cow::Owned(scrubber.scrub_url(redact_url(&u, &scrubber.extra))),
                Err(_) => text,
            },
            _ => text,
        };
        return format!("{shown_name}: {}", scrubber.scrub(&text));
    }
    format!("{shown_name}: {SCRUBBED}")
}

/// One evidence line made safe: a line of the form `Header-Name: value` goes through
/// [`header_line`]'s allow-list, any other line through [`Scrubber::scrub`].
pub(crate) fn evidence_line(line: &str, scrubber: &Scrubber) -> String {
    if let Some((name, value)) = line.split_once(": ") {
        if looks_like_header_name(name) {
            return header_line(name, value.as_bytes(), scrubber);
        }
    }
    scrubber.scrub(line)
}

/// `X-Api-Key`, `Retry-After`, `Authorization`: a header name rather than a label of ours
/// (`server message`, `pre-flight [code] on header:authorization`).
fn looks_like_header_name(name: &str) -> bool {
    let lname = name.to_ascii_lowercase();
    !name.is_empty()
        && name.len() <= 64
        && name.bytes().all(credential::is_tchar)
        && (name.contains('-')
            || is_credential_header(&lname)
            || SHOWN_HEADERS.contains(&lname.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_allow_list() {
        let s = Scrubber::new([&Secret::new("ghp_FAKESECRET0123456789")]);
        assert_eq!(header_line("Retry-After", b"30", &s), "Retry-After: 30");
        // rate-limit counters and request ids by the shape of their names
        assert_eq!(
            header_line("anthropic-ratelimit-requests-remaining", b"0", &s),
            "anthropic-ratelimit-requests-remaining: 0"
        );
        assert_eq!(
            header_line("X-Acme-Request-Id", b"r-42", &s),
            "X-Acme-Request-Id: r-42"
        );
        assert_eq!(
            header_line("X-Acme-Request-Id", b"ghp_FAKESECRET0123456789", &s),
            "X-Acme-Request-Id: [REDACTED]"
        );
        assert_eq!(
            header_line("X-Debug-Token", b"whatever", &s),
            "X-Debug-Token: [REDACTED]"
        );
        let line = header_line("Authorization", b"Bearer ghp_FAKESECRET0123456789", &s);
        assert!(line.starts_with("Authorization: Bearer GitHub personal access token (classic) in header:authorization (fingerprint "), "{line}");
        assert!(!line.contains("FAKESECRET"));
        let line = header_line("Cookie", b"session=abcdef123456; theme=dark", &s);
        assert!(line.starts_with("Cookie: session (fingerprint "), "{line}");
        assert!(
            !line.contains("abcdef123456") && !line.contains("dark"),
            "{line}"
        );
        assert_eq!(
            header_line("Location", b"https://h.example/x?token=abc#f", &s),
            "Location: https://h.example/x?token=REDACTED"
        );
        assert_eq!(
            header_line("WWW-Authenticate", b"Bearer error=\"invalid_token\", error_description=\"token ghp_FAKESECRET0123456789 revoked\"", &s),
            "WWW-Authenticate: Bearer error=\"invalid_token\", error_description=\"token [REDACTED] revoked\""
        );
        // evidence lines: header-shaped lines go through the allow-list, the rest is scrubbed
        assert_eq!(
            evidence_line("X-Secret-Echo: abc", &s),
            "X-Secret-Echo: [REDACTED]"
        );
        assert_eq!(
            evidence_line("server message: \"bad ghp_FAKESECRET0123456789\"", &s),
            "server message: \"bad [REDACTED]\""
        );
    }
}
