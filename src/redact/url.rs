//! URLs made safe to log: userinfo, sensitive query values and token-shaped path segments.

use std::borrow::Cow;

use url::Url;

use super::REDACTED;
use crate::credential::{self, MIN_TOKEN_SHAPED, decode, is_token_shaped};

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

/// Suffixes of query parameter names (lowercased, `-` read as `_`) whose values are redacted
/// even when the name is not in a list: `github_token`, `client_secret`, `x-api-key`, ….
const SENSITIVE_NAME_SUFFIXES: &[&str] = &[
    "token",
    "secret",
    "password",
    "passwd",
    "apikey",
    "api_key",
    "signature",
    "_sig",
    "credential",
    "credentials",
];

/// A URL safe to log: userinfo becomes `REDACTED:REDACTED@`, the values of sensitive query
/// parameters become `REDACTED` with their names kept, token-shaped path segments and values
/// (JWTs, keys with a known prefix such as `ghp_`, a Telegram `bot<id>:<token>` segment) become
/// `REDACTED`, and so do query values that look like random keys (24 or more letters and digits
/// of both cases, under a name that is not an id, cursor, state or nonce) and the token segment
/// of a Slack or Discord webhook URL; the fragment is dropped.
///
/// Sensitive names are OpenTelemetry's seven, the crate's credential parameter names, names
/// ending in `token`, `secret`, `password`, `signature` or `apikey`, names made of credential
/// words (`appid`, `app_key`, `accessKey`, `sign`), and `extra`, all compared
/// case-insensitively (stricter than OpenTelemetry, which compares case-sensitively). Names are
/// percent-decoded before the comparison (`api%5Fkey` is `api_key`), `;` separates parameters
/// as `&` does, repeated keys are each redacted, and an empty value stays empty (it hides
/// nothing, and an empty key is worth seeing).
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
    if has_userinfo(url) {
        let _ = u.set_username(REDACTED);
        let _ = u.set_password(Some(REDACTED));
    }
    u.set_fragment(None);
    if let Some(q) = url.query() {
        u.set_query(Some(&redact_query(q, extra)));
    }
    // The path as it is without the fragment: dropping the fragment of a URL with an opaque
    // path (`fo:x/bot…:…   #`) also drops the spaces before it, which can leave a segment
    // token-shaped.
    let kept = match url.fragment() {
        Some(_) => Cow::Owned(u.path().to_owned()),
        None => Cow::Borrowed(url.path()),
    };
    // The token of a Slack or Discord webhook, as an index of `kept.split('/')` (whose first
    // item is the empty text before the leading `/`).
    let webhook = credential::webhook_token_segment(url.host_str().unwrap_or(""), &kept)
        .map(|i| i + usize::from(kept.starts_with('/')));
    if webhook.is_some()
        || kept
            .split('/')
            .any(|s| is_secret_segment(&decode(s)) || credential::matrix_secret(s).is_some())
    {
        let path: Vec<Cow<'_, str>> = kept
            .split('/')
            .enumerate()
            .map(|(i, s)| {
                if Some(i) == webhook || is_secret_segment(&decode(s)) {
                    Cow::Borrowed(REDACTED)
                } else if let Some((start, end)) = credential::matrix_secret(s) {
                    // (`XMLAPI;jsessionid=…`: the segment's name stays)
                    Cow::Owned(format!("{}{REDACTED}{}", &s[..start], &s[end..]))
                } else {
                    Cow::Borrowed(s)
                }
            })
            .collect();
        u.set_path(&path.join("/"));
    }
    u.into()
}

/// Whether [`redact_url`] would change anything but the fragment. Allocation-free unless a name
/// is percent-encoded: the success path asks it.
pub(crate) fn url_has_secrets(url: &Url, extra: &[String]) -> bool {
    has_userinfo(url)
        || url.query().is_some_and(|q| {
            q.split(['&', ';']).any(|pair| match pair.split_once('=') {
                Some((k, v)) => {
                    !v.is_empty()
                        && (is_sensitive_in(k, q, extra)
                            || could_be_token(v)
                            || could_be_random_key(k, v))
                }
                // (a key sent as the query itself: token-shaped values are among them;
                // decoding never lengthens, so a short one is not decoded)
                None => {
                    pair.len() >= MIN_TOKEN_SHAPED && credential::is_nameless_key(&decode(pair))
                }
            })
        })
        || path_has_token(url.path())
        || credential::webhook_token_segment(url.host_str().unwrap_or(""), url.path()).is_some()
}

/// [`credential::is_secret_query_value`] on the decoded name and value, skipping values too
/// short to be a random key or a schemed token (`Bearer%20…`) without decoding them.
pub(super) fn could_be_random_key(k: &str, v: &str) -> bool {
    v.len() >= credential::MIN_LOOSE_KEY
        && credential::is_secret_query_value(&decode(k), &decode(v))
}

/// Whether a segment of `path` is token-shaped; segments too short to be one are skipped
/// without decoding.
pub(crate) fn path_has_token(path: &str) -> bool {
    let b = path.as_bytes();
    let mut start = 0;
    for i in 0..=b.len() {
        if i == b.len() || b[i] == b'/' {
            if i - start >= MIN_TOKEN_SHAPED && is_secret_segment(&decode(&path[start..i])) {
                return true;
            }
            if credential::matrix_secret(&path[start..i]).is_some() {
                return true;
            }
            start = i + 1;
        }
    }
    false
}

/// [`is_token_shaped`] on the decoded text, skipping text too short to be a token without
/// decoding it (decoding never lengthens).
fn could_be_token(raw: &str) -> bool {
    raw.len() >= MIN_TOKEN_SHAPED && is_token_shaped(&decode(raw))
}

fn has_userinfo(url: &Url) -> bool {
    !url.username().is_empty() || url.password().is_some()
}

fn redact_query(q: &str, extra: &[String]) -> String {
    let query = q;
    let mut out = String::with_capacity(q.len());
    let mut rest = q;
    // A hidden value cut at an unencoded `&` (`password=Wq7t&Rz@9x`) goes on in the segment
    // after it: that segment is hidden too.
    let mut hid = false;
    loop {
        let end = rest.find(['&', ';']).unwrap_or(rest.len());
        let pair = &rest[..end];
        match pair.split_once('=') {
            Some((k, v)) => {
                out.push_str(k);
                out.push('=');
                let hide = !v.is_empty()
                    && (is_sensitive_in(k, query, extra)
                        || is_token_shaped(&decode(v))
                        || could_be_random_key(k, v));
                out.push_str(if hide { REDACTED } else { v });
                hid = hide;
            }
            None if (hid && credential::is_cut_value_rest(&decode(pair)))
                || credential::is_nameless_key(&decode(pair)) =>
            {
                out.push_str(REDACTED);
            }
            None => {
                out.push_str(pair);
                hid = false;
            }
        }
        if end == rest.len() {
            return out;
        }
        out.push_str(&rest[end..=end]);
        rest = &rest[end + 1..];
    }
}

/// Whether the value of the query parameter written `raw_name` in `query` must not be logged:
/// by its name, or as a password beside a user (`?u=…&p=…`). The name is decoded once.
pub(crate) fn is_sensitive_in(raw_name: &str, query: &str, extra: &[String]) -> bool {
    let name = decode(raw_name);
    is_sensitive_param(&name, extra) || credential::is_password_beside_user(&name, query)
}

/// Whether a query parameter's value must not be logged.
pub(crate) fn is_sensitive_param(name: &str, extra: &[String]) -> bool {
    // `auth[token]` and `key[]` are read as `auth` and `key` (PHP and Rails style).
    let name = name.split('[').next().unwrap_or(name).trim();
    // A user name in the query is hidden too: it is personal, and some APIs take it as their
    // only credential (GeoNames' `username=`).
    if OTEL_SENSITIVE_QUERY_KEYS.contains(&name)
        || ["username", "user_name"]
            .iter()
            .any(|k| k.eq_ignore_ascii_case(name))
        || crate::credential::KEY_QUERY_PARAMS
            .iter()
            .any(|k| k.eq_ignore_ascii_case(name))
        || extra.iter().any(|k| k.eq_ignore_ascii_case(name))
    {
        return true;
    }
    SENSITIVE_NAME_SUFFIXES
        .iter()
        .any(|s| ends_with_loosely(name, s))
        || credential::is_word_param(name)
}

/// `name` ends with `suffix`, ASCII case-insensitively and reading `-` as `_`. No allocation:
/// the success path asks.
fn ends_with_loosely(name: &str, suffix: &str) -> bool {
    let (n, s) = (name.as_bytes(), suffix.as_bytes());
    n.len() >= s.len()
        && n[n.len() - s.len()..]
            .iter()
            .zip(s)
            .all(|(a, b)| a.to_ascii_lowercase() == *b || (*a == b'-' && *b == b'_'))
}

/// A URL path segment that is a secret: token-shaped, or a random key (24 or more characters
/// mixing upper- and lower-case letters and digits, as webhook and capability URLs carry).
pub(crate) fn is_secret_segment(v: &str) -> bool {
    is_token_shaped(v)
        || credential::is_random_key(v.as_bytes())
        || is_prefixed_key(v)
        || is_long_key(v)
}

/// A long run of letters and digits in one case (`2890C1C5ABDD…`, a hex key in the path, as
/// some SMS and maps APIs take it): 32 characters or more, with at least six of each. A
/// content hash looks the same and is hidden with it; a slug has separators and few digits.
fn is_long_key(v: &str) -> bool {
    let b = v.as_bytes();
    b.len() >= 32
        && b.iter().all(u8::is_ascii_alphanumeric)
        && b.iter().filter(|c| c.is_ascii_digit()).count() >= 6
        && b.iter().filter(|c| c.is_ascii_alphabetic()).count() >= 6
}

/// A key-like path segment with a key's prefix (`sk_…`, `ak_…`, `key-…`) and at least eight
/// characters after it: what a "revoke this key" endpoint carries.
fn is_prefixed_key(v: &str) -> bool {
    let Some((prefix, rest)) = v.split_once(['_', '-']) else {
        return false;
    };
    matches!(
        prefix.to_ascii_lowercase().as_str(),
        "sk" | "pk" | "ak" | "rk" | "key" | "apikey" | "api" | "tok" | "token" | "secret"
    ) && rest.len() >= 8
        && rest
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        && rest.bytes().any(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credential::tests::locations;

    fn url(s: &str) -> String {
        redact_url(&Url::parse(s).unwrap(), &[])
    }

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
    fn url_edge_cases() {
        // a user name alone is still userinfo
        assert_eq!(
            url("https://tok@h.example/"),
            "https://REDACTED:REDACTED@h.example/"
        );
        assert_eq!(
            url("https://:pw@h.example/"),
            "https://REDACTED:REDACTED@h.example/"
        );
        // percent-encoded names, repeated keys, `;` separators, empty values, bare values
        assert_eq!(
            url("https://h.example/?api%5Fkey=s1&api_key=s2&API_KEY=s3"),
            "https://h.example/?api%5Fkey=REDACTED&api_key=REDACTED&API_KEY=REDACTED"
        );
        assert_eq!(
            url("https://h.example/?a=1;token=s1;b=2"),
            "https://h.example/?a=1;token=REDACTED;b=2"
        );
        assert_eq!(
            url("https://h.example/?api_key=&x"),
            "https://h.example/?api_key=&x"
        );
        assert_eq!(
            url("https://h.example/?ghp_0123456789abcdefghijklmnopqrstuvwxyz"),
            "https://h.example/?REDACTED"
        );
        // names by suffix, PHP-style brackets, a value that is a token under any name
        assert_eq!(
            url("https://h.example/?github_token=s&client-secret=s&auth[token]=s&ok=1"),
            "https://h.example/?github_token=REDACTED&client-secret=REDACTED&auth[token]=REDACTED&ok=1"
        );
        assert_eq!(
            url("https://h.example/?next=sk_live_0123456789abcdefABCDEF"),
            "https://h.example/?next=REDACTED"
        );
        // fragments are dropped (implicit-flow tokens live there)
        assert_eq!(
            url("https://h.example/cb#access_token=s&x=1"),
            "https://h.example/cb"
        );
        // tokens in the path
        assert_eq!(
            url("https://api.telegram.org/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/getMe"),
            "https://api.telegram.org/REDACTED/getMe"
        );
        assert_eq!(
            url("https://h.example/v1/eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl/x"),
            "https://h.example/v1/REDACTED/x"
        );
        // nothing to hide: unchanged (but for normalisation)
        assert_eq!(
            url("https://h.example/v1/pat-management?page=2&color=blue"),
            "https://h.example/v1/pat-management?page=2&color=blue"
        );
        assert!(!url_has_secrets(
            &Url::parse("https://h.example/v1?page=2").unwrap(),
            &[]
        ));
        assert!(url_has_secrets(
            &Url::parse("https://h.example/v1?api%5Fkey=2").unwrap(),
            &[]
        ));
    }

    #[test]
    fn opaque_path_is_judged_without_its_fragment() {
        // Found by the `redact_url` fuzz target: the segment was judged with its trailing spaces,
        // which dropping the fragment removed, so a second redaction found a token.
        let u = Url::parse("fo:x/bot12345678:AA1vWJGSxfof222222200K5PAJDsaXYZ   #").unwrap();
        assert_eq!(redact_url(&u, &[]), "fo:x/REDACTED");
    }

    #[test]
    fn redaction_hides_what_discovery_finds_in_the_url() {
        for url in [
            "https://api.telegram.org/bot123456789:AAFAKESECRET0123456789abcdefghijkl/getMe",
            "https://hooks.slack.com/services/T00000000/B00000000/FAKESECRETXXXXXXXXXXXXXX",
            "https://discord.com/api/webhooks/123456789012345678/FAKESECRET_abcdefghijklmnopqrstuvwxyz0123",
            "https://a.example/x?appid=FAKESECRET",
            "https://a.example/x?apiKey=FAKESECRET",
            "https://a.example/x?app%5Fkey=FAKESECRET",
            "https://a.example/x?q=FAKESECRET8f3kQ9zLm2Xw7Rt5Vb1",
        ] {
            let u: url::Url = url.parse().unwrap();
            let out = crate::redact_url(&u, &[]);
            assert!(!out.contains("FAKESECRET"), "{out}");
            assert!(crate::redact::url_has_secrets(&u, &[]), "{url}");
            assert!(!locations(url, &[]).is_empty(), "{url}");
        }
    }
}
