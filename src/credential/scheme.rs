//! The syntax of credential header values: splitting `Scheme token`, RFC 9110 token characters,
//! ASCII trimming.

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
}
