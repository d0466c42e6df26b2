//! The syntax of credential header values: splitting `Scheme token`, RFC 9110 token characters,
//! ASCII trimming; and which scheme names may be shown as they were sent.

/// Splits `Scheme token` into its scheme and the rest. A value without a space, or whose first
/// word is not an auth-scheme token (RFC 9110 §11.1), has no scheme.
pub(crate) fn split_scheme(value: &[u8]) -> (Option<&[u8]>, &[u8]) {
    let v = trim_ascii(value);
    let Some(sp) = v.iter().position(|b| *b == b' ' || *b == b'\t') else {
        return (None, v);
    };
    let scheme = &v[..sp];
    if scheme.is_empty() || !scheme.iter().all(|b| is_tchar(*b)) || looks_like_token(scheme) {
        return (None, v);
    }
    (Some(scheme), trim_ascii(&v[sp..]))
}

/// A first word that is itself a long key (not a scheme name): `ghp_…`, a JWT, a hex key.
fn looks_like_token(word: &[u8]) -> bool {
    word.len() > 24
}

/// RFC 9110 §5.6.2 tchar.
pub(crate) fn is_tchar(b: u8) -> bool {
    TCHAR[b as usize]
}

/// [`is_tchar`] as a table: it runs on every scheme of every request.
const TCHAR: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        t[i] = b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'!' | b'#'
                    | b'$'
                    | b'%'
                    | b'&'
                    | b'\''
                    | b'*'
                    | b'+'
                    | b'-'
                    | b'.'
                    | b'^'
                    | b'_'
                    | b'`'
                    | b'|'
                    | b'~'
            );
        i += 1;
    }
    t
};

pub(crate) fn trim_ascii(v: &[u8]) -> &[u8] {
    let start = v
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(v.len());
    let end = v
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(start, |i| i + 1);
    &v[start..end.max(start)]
}

/// Authentication schemes shown as they were sent (compared case-insensitively): the IANA
/// registry and schemes providers document.
pub(crate) const KNOWN_SCHEMES: &[&str] = &[
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
    fn scheme_split() {
        assert_eq!(
            split_scheme(b"Bearer abc"),
            (Some(&b"Bearer"[..]), &b"abc"[..])
        );
        assert_eq!(split_scheme(b"abc"), (None, &b"abc"[..]));
        assert_eq!(
            split_scheme(b"  token   x "),
            (Some(&b"token"[..]), &b"x"[..])
        );
        assert_eq!(split_scheme(b"Bearer"), (None, &b"Bearer"[..]));
    }

    #[test]
    fn unlikely_schemes_are_hidden() {
        assert_eq!(shown_scheme("Bearer"), Some("Bearer"));
        assert_eq!(shown_scheme("AWS4-HMAC-SHA256"), Some("AWS4-HMAC-SHA256"));
        assert_eq!(shown_scheme("Bearerr"), Some("Bearerr"));
        assert_eq!(shown_scheme("k3yPart2"), None);
        assert_eq!(shown_scheme("abcdefghijklmnopq"), None);
    }
}
