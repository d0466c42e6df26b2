//! Which authentication schemes may be shown as they were sent.

/// Authentication schemes shown as they were sent (compared case-insensitively): the IANA
/// registry and schemes providers document.
pub(super) const KNOWN_SCHEMES: &[&str] = &[
    "basic",
    "bearer",
    "digest",
    "dpop",
    "gnap",
    "hoba",
    "mutual",
    "negotiate",
    "ntlm",
    "kerberos",
    "privatetoken",
    "concealed",
    "vapid",
    "scram-sha-1",
    "scram-sha-256",
    "aws4-hmac-sha256",
    "aws",
    "token",
    "bot",
    "key",
    "apikey",
    "api-key",
    "ssws",
    "splunk",
    "geniekey",
    "oauth",
    "mac",
    "hawk",
    "sharedkey",
    "sharedkeylite",
    "sharedaccesssignature",
    "googlelogin",
    "zoho-oauthtoken",
    "client-id",
    "sso-key",
    "jwt",
    "eg1-hmac-sha256",
    "signature",
];

/// The scheme as it may be shown, or `None` when the first word of the header does not look like
/// a scheme name and might be part of the secret (`Authorization: k3yPart2 rest`).
///
/// Known schemes are shown as sent; an unknown one only when it is at most 16 ASCII letters and
/// dashes (`Bearerr`, `Token`), so that a misspelt scheme can still be explained.
pub(crate) fn shown_scheme(scheme: &str) -> Option<&str> {
    let known = KNOWN_SCHEMES.iter().any(|k| k.eq_ignore_ascii_case(scheme));
    let plain = !scheme.is_empty()
        && scheme.len() <= 16
        && scheme.bytes().all(|b| b.is_ascii_alphabetic() || b == b'-');
    (known || plain).then_some(scheme)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unlikely_schemes_are_hidden() {
        assert_eq!(shown_scheme("Bearer"), Some("Bearer"));
        assert_eq!(shown_scheme("AWS4-HMAC-SHA256"), Some("AWS4-HMAC-SHA256"));
        assert_eq!(shown_scheme("Bearerr"), Some("Bearerr"));
        assert_eq!(shown_scheme("k3yPart2"), None);
        assert_eq!(shown_scheme("abcdefghijklmnopq"), None);
    }
}
