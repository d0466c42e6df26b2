//! Values and URLs that are credentials by their shape: random keys and token-shaped values under
//! any query name, secret path segments, webhook tokens; form-urlencoded decoding.

use std::borrow::Cow;

use super::words::{WORD_BUF, for_each_word, is_non_secret_word, lower};
use super::{FoundBy, is_jwt, token_prefix};

/// Whether a query parameter (its decoded name) is a password by its place: a one-letter or
/// short password name (`p`, `pw`, `pass`) in a query that also names a user (`u`, `un`,
/// `user`, `username`, `login`, …), as the Subsonic API, SMS gateways (Cardboardfish's
/// `UN=…&P=…`) and many form-style endpoints sign in. Alone, `p` is a page or a query.
pub(crate) fn is_password_beside_user(name: &str, query: &str) -> bool {
    const PASSWORD: &[&str] = &["p", "pw", "pass"];
    const USER: &[&str] = &[
        "u",
        "un",
        "usr",
        "uname",
        "user",
        "username",
        "user_name",
        "userid",
        "user_id",
        "login",
        "account",
    ];
    PASSWORD.iter().any(|p| p.eq_ignore_ascii_case(name))
        && query.split(['&', ';']).any(|pair| {
            let k = pair.split_once('=').map_or(pair, |(k, _)| k);
            USER.iter().any(|u| u.eq_ignore_ascii_case(k))
        })
}

/// Whether a query segment without `=` that follows a credential's parameter reads as the rest
/// of that credential's value, cut off at an `&` that was not percent-encoded
/// (`?password=Wq7t&Rz@9x`): a segment holding a character a flag's name never has (`@`, `!`,
/// `$`, `*`, `+`, `/`, `~`, …) or shaped like a random key. A plain word (`&pretty`,
/// `&debug`) is a flag of its own.
pub(crate) fn is_cut_value_rest(segment: &str) -> bool {
    !segment.is_empty()
        && segment.len() <= 512
        && (segment
            .bytes()
            .any(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.')))
            || is_random_key(segment.as_bytes()))
}

/// Whether a query segment without `=` (decoded) is a key sent as the query itself
/// (`/dynamic/update.php?<key>`, the shape of some dynamic-DNS update links): a random key or a
/// token's shape, whitespace pasted around it aside.
pub(crate) fn is_nameless_key(segment: &str) -> bool {
    let key = segment.trim_ascii();
    key.len() >= MIN_TOKEN_SHAPED && (is_random_key(key.as_bytes()) || is_token_shaped(key))
}

/// Shortest query value judged a random key by [`is_random_key`].
pub(super) const MIN_RANDOM_KEY: usize = 24;

/// Shortest query value judged a key under a name that is one only sometimes
/// ([`is_key_under_loose_name`]).
pub(crate) const MIN_LOOSE_KEY: usize = 8;

/// Whether a query value is a key by its name and shape together: under a name that holds a
/// credential in some APIs and a plain word in others (`client` is AcoustID's application key
/// and elsewhere `client=firefox`; `code` is an Azure Functions key or an OAuth code and
/// elsewhere a country; `ticket`, `sid`, `license`, `bearer`, a key glued to a word of four to
/// eight letters such as `userkey` or `partnerkey`), a value of at least [`MIN_LOOSE_KEY`] key characters with
/// letters and digits mixed: `client=8XaBELgH2`, not `client=firefox` nor `code=US`.
pub(crate) fn is_key_under_loose_name(name: &str, value: &str) -> bool {
    const NAMES: &[&str] = &[
        "client", "code", "ticket", "sid", "license", "licence", "lic", "bearer",
    ];
    let v = value.as_bytes();
    let keyish = (MIN_LOOSE_KEY..=256).contains(&v.len())
        && v.iter()
            .all(|c| c.is_ascii_alphanumeric() || b"-_.~".contains(c))
        && v.iter().any(u8::is_ascii_digit)
        && v.iter().any(u8::is_ascii_alphabetic);
    keyish && (NAMES.iter().any(|n| n.eq_ignore_ascii_case(name)) || glued_key(name))
}

/// `key` glued behind a word of four to eight letters (`userkey`, `partnerkey`), as one word:
/// the longer prefixes of [`is_word_param`](super::is_word_param)'s `wskey`.
fn glued_key(name: &str) -> bool {
    let n = name.len();
    (7..=11).contains(&n)
        && name.is_ascii()
        && name[n - 3..].eq_ignore_ascii_case("key")
        && name[..n - 3].bytes().all(|b| b.is_ascii_alphabetic())
}

/// Whether a query value (decoded) is a credential whatever its name: token-shaped as
/// [`redact_url`](crate::redact_url) judges it (a JWT, a key with a known issuer prefix), or a
/// random key ([`is_random_key`]) under a name that does not say it is an identifier, a
/// cursor or a nonce (`file_id`, `cursor`, `state`, `code_challenge`).
pub(crate) fn is_secret_query_value(name: &str, value: &str) -> bool {
    if is_key_under_loose_name(name, value) {
        return true;
    }
    if value.len() < 16 {
        return false;
    }
    // An `Authorization` value put in the query (`?Authorizazion=Bearer%20…`): a scheme, one
    // space and a token with a digit in it, or a long one.
    if let Some((scheme, token)) = value.split_once(' ') {
        let schemed = [
            "bearer", "basic", "token", "bot", "apikey", "jwt", "oauth", "digest",
        ]
        .iter()
        .any(|s| s.eq_ignore_ascii_case(scheme.trim()));
        let token = token.trim();
        if schemed
            && token.len() >= 8
            && !token.contains(char::is_whitespace)
            && (token.len() >= 16 || token.bytes().any(|b| b.is_ascii_digit()))
        {
            return true;
        }
    }
    if is_token_shaped(value) {
        return true;
    }
    // A token or key under its abbreviation (`?t=` of a statement service, `?k=`, `?tk=`): a
    // long run of letters and digits is one, whatever its alphabet (a numeric token).
    if ["t", "k", "tk", "tok", "ak", "sk"]
        .iter()
        .any(|n| name.eq_ignore_ascii_case(n))
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'))
        && value.bytes().any(|b| b.is_ascii_digit())
    {
        return true;
    }
    if !is_random_key(value.as_bytes()) {
        return false;
    }
    let mut plain = true;
    let mut last_is_id = false;
    for_each_word(name.as_bytes(), true, |w| {
        let mut buf = [0u8; WORD_BUF];
        let w = lower(w, &mut buf).unwrap_or(b"");
        plain &= !is_non_secret_word(w)
            && !matches!(
                w,
                b"state" | b"nonce" | b"challenge" | b"redirect" | b"callback" | b"uri" | b"url"
            );
        last_is_id = matches!(w, b"id" | b"ids" | b"uuid" | b"guid");
    });
    plain && !last_is_id
}

/// At least 24 characters of a key alphabet (ASCII letters, digits, `-_.~+/=`) with upper-case
/// and lower-case letters and digits: an API key rather than a word, a number, a hex digest or a
/// UUID.
pub(crate) fn is_random_key(v: &[u8]) -> bool {
    v.len() >= MIN_RANDOM_KEY
        && v.iter()
            .all(|c| c.is_ascii_alphanumeric() || b"-_.~+/=".contains(c))
        && v.iter().any(u8::is_ascii_uppercase)
        && v.iter().any(u8::is_ascii_lowercase)
        && v.iter().any(u8::is_ascii_digit)
}

/// The byte range, in a path segment, of a session's or a credential's value carried as the
/// segment's parameter (`/XMLAPI;jsessionid=…`, a servlet container's URL rewriting; RFC 3986
/// §3.3 leaves `;name=value` to the application): the value of the first `;name=value` whose
/// name is a session's or made of credential words.
pub(crate) fn matrix_secret(seg: &str) -> Option<(usize, usize)> {
    const SESSION: &[&str] = &[
        "jsessionid",
        "sessionid",
        "session_id",
        "session",
        "phpsessid",
        "sid",
    ];
    let semi = seg.find(';')?;
    let mut at = semi + 1;
    for param in seg[semi + 1..].split(';') {
        if let Some((name, value)) = param.split_once('=') {
            let named = SESSION.iter().any(|n| n.eq_ignore_ascii_case(name))
                || super::words::is_word_param(name);
            if named && !value.is_empty() {
                let start = at + name.len() + 1;
                return Some((start, start + value.len()));
            }
        }
        at += param.len() + 1;
    }
    None
}

/// The secret path segments of a URL: (segment index, the secret as text, how it was found).
/// Token-shaped segments (as [`redact_url`](crate::redact_url) judges them), a Telegram bot
/// token (`/bot<id>:<token>/`, the secret without `bot`), the last segment of a Slack webhook
/// (`hooks.slack.com/services/T…/B…/<token>`) and the token of a Discord webhook
/// (`/api[/v<n>]/webhooks/<id>/<token>`). Allocation-free unless a long segment is
/// percent-encoded.
pub(crate) fn path_secrets<'a>(
    host: &str,
    path: &'a str,
) -> impl Iterator<Item = (usize, std::borrow::Cow<'a, str>, FoundBy)> + 'a {
    let webhook = webhook_token_segment(host, path);
    path.strip_prefix('/')
        .unwrap_or(path)
        .split('/')
        .enumerate()
        .filter_map(move |(i, seg)| {
            if Some(i) == webhook {
                return Some((i, decode(seg), FoundBy::UrlShape));
            }
            if let Some((start, end)) = matrix_secret(seg) {
                return Some((i, decode(&seg[start..end]), FoundBy::NameWords));
            }
            if seg.len() < 16 {
                return None;
            }
            let decoded = decode(seg);
            // Random-looking segments (file ids, capability URLs) are redacted, but only a
            // token's shape makes a segment a credential that counts for the diagnosis.
            if !is_token_shaped(&decoded) {
                return None;
            }
            if is_telegram_segment(&decoded) {
                let token = match decoded {
                    std::borrow::Cow::Borrowed(b) => std::borrow::Cow::Borrowed(&b[3..]),
                    std::borrow::Cow::Owned(o) => std::borrow::Cow::Owned(o[3..].to_owned()),
                };
                return Some((i, token, FoundBy::UrlShape));
            }
            Some((i, decoded, FoundBy::ValueShape))
        })
}

/// The index of the path segment holding a webhook's token: Slack
/// (`hooks.slack.com/services/T…/B…/<token>`) or Discord (`/api[/v<n>]/webhooks/<id>/<token>`).
pub(crate) fn webhook_token_segment(host: &str, path: &str) -> Option<usize> {
    if let Some(i) = after_hooks(path) {
        return Some(i);
    }
    // Most paths are neither shape: decided on their first bytes, before any split.
    let start = path.len() - path.trim_start_matches('/').len();
    let rest = &path.as_bytes()[start..];
    if !(rest.starts_with(b"api/") || rest.starts_with(b"services/T")) {
        return None;
    }
    let mut segs = path.strip_prefix('/').unwrap_or(path).split('/');
    let key_like = |s: &str, min: usize| {
        s.len() >= min
            && s.bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-')
    };
    // Slack's shape (`/services/T…/B…/<token>`), which Slack-compatible webhook services
    // (Mattermost, Rocket.Chat bridges) reuse on their own hosts.
    let _ = host;
    if path.trim_start_matches('/').starts_with("services/T") {
        let (a, t, b, token) = (segs.next()?, segs.next()?, segs.next()?, segs.next()?);
        return (a == "services"
            && t.starts_with('T')
            && b.starts_with('B')
            && key_like(token, 16))
        .then_some(3);
    }
    if segs.next()? != "api" {
        return None;
    }
    let mut i = 1;
    let mut s = segs.next()?;
    // A bridge's key right after `api`, before a resource's name (deCONZ's and Philips Hue's
    // `/api/<key>/lights/1`): 10 to 31 capital letters and digits, with both. (Longer keys
    // in any case are hidden by their length.)
    if (10..32).contains(&s.len())
        && s.bytes()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && s.bytes().filter(u8::is_ascii_digit).count() >= 2
        && s.bytes().filter(u8::is_ascii_uppercase).count() >= 2
        && segs
            .clone()
            .next()
            .is_some_and(|r| !r.is_empty() && r.bytes().all(|c| c.is_ascii_lowercase()))
    {
        return Some(1);
    }
    if s.len() > 1 && s.starts_with('v') && s[1..].bytes().all(|c| c.is_ascii_digit()) {
        s = segs.next()?;
        i += 1;
    }
    let (id, token) = (segs.next()?, segs.next()?);
    (s == "webhooks"
        && id.len() >= 15
        && id.bytes().all(|c| c.is_ascii_digit())
        && key_like(token, 30))
    .then_some(i + 2)
}

/// The index of the token of an incoming webhook's URL, the capability its path carries
/// (Mattermost's `/hooks/<token>`, Rocket.Chat's `/hooks/<id>/<token>`, a receiver's
/// `/webhooks/<token>`): the first of the three segments after `hooks`, `webhooks` or
/// `webhook` with at least 16 key characters, letters and digits both. A numeric id (a
/// forge's `/repos/o/r/hooks/12345`) or a UUID (a webhook's id in a REST API) is no token.
fn after_hooks(path: &str) -> Option<usize> {
    // Decided on a byte search for most paths.
    if !(path.contains("ook") || path.contains("OOK")) {
        return None;
    }
    let mut segs = path
        .strip_prefix('/')
        .unwrap_or(path)
        .split('/')
        .enumerate();
    segs.find(|(_, s)| {
        ["hooks", "webhooks", "webhook"]
            .iter()
            .any(|h| s.eq_ignore_ascii_case(h))
    })?;
    segs.take(3)
        .find(|(_, s)| {
            s.len() >= 16
                && s.bytes()
                    .all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-')
                && s.bytes().any(|c| c.is_ascii_alphabetic())
                && s.bytes().any(|c| c.is_ascii_digit())
                && !is_uuid(s)
        })
        .map(|(i, _)| i)
}

/// A UUID in its canonical text form (8-4-4-4-12 hex digits).
pub(crate) fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// `f` on the `application/x-www-form-urlencoded` decoding of `raw` (as `Url::query_pairs`
/// decodes), without allocating when `raw` is not encoded or decodes into 128 bytes.
pub(super) fn with_decoded<R>(raw: &str, f: impl FnOnce(&str) -> R) -> R {
    if !raw.contains(['%', '+']) {
        return f(raw);
    }
    let mut buf = [0u8; 128];
    let mut n = 0;
    for b in percent_encoding_decode(raw.as_bytes()) {
        let Some(slot) = buf.get_mut(n) else {
            return f(&decode(raw));
        };
        *slot = b;
        n += 1;
    }
    match std::str::from_utf8(&buf[..n]) {
        Ok(s) => f(s),
        Err(_) => f(&String::from_utf8_lossy(&buf[..n])),
    }
}

/// The bytes of a form-urlencoded text, decoded (`+` is a space, `%XX` a byte, a `%` without
/// two hex digits stays).
fn percent_encoding_decode(b: &[u8]) -> impl Iterator<Item = u8> + '_ {
    let hex = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    let mut i = 0;
    std::iter::from_fn(move || {
        let c = *b.get(i)?;
        i += 1;
        Some(match c {
            b'+' => b' ',
            b'%' => match (
                b.get(i).and_then(|h| hex(*h)),
                b.get(i + 1).and_then(|l| hex(*l)),
            ) {
                (Some(h), Some(l)) => {
                    i += 2;
                    h << 4 | l
                }
                _ => b'%',
            },
            c => c,
        })
    })
}

/// `application/x-www-form-urlencoded` decoding (`+` is a space), lossy for invalid UTF-8.
pub(crate) fn decode(s: &str) -> Cow<'_, str> {
    if !s.contains(['%', '+']) {
        return Cow::Borrowed(s);
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() && hex(b[i + 1]).is_some() && hex(b[i + 2]).is_some() => {
                out.push(hex(b[i + 1]).unwrap_or(0) << 4 | hex(b[i + 2]).unwrap_or(0));
                i += 2;
            }
            c => out.push(c),
        }
        i += 1;
    }
    Cow::Owned(String::from_utf8_lossy(&out).into_owned())
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// A value that is a credential by its shape alone: a JWT, a key with a known issuer prefix
/// (`ghp_…`, `sk_live_…`), or a Telegram-style `bot<id>:<secret>` path segment.
/// The length below which nothing is token-shaped.
pub(crate) const MIN_TOKEN_SHAPED: usize = 16;

pub(crate) fn is_token_shaped(v: &str) -> bool {
    let b = v.as_bytes();
    if b.len() < MIN_TOKEN_SHAPED {
        return false;
    }
    if is_jwt(b) {
        return true;
    }
    if token_prefix(b).is_some()
        && b.len() >= 20
        && b.iter().any(u8::is_ascii_digit)
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || b"_-.".contains(c))
    {
        return true;
    }
    is_telegram_segment(v)
}

/// A Telegram bot path segment, `bot<id>:<secret>`
/// (<https://core.telegram.org/bots/api#making-requests>: `/bot<token>/METHOD`).
pub(crate) fn is_telegram_segment(v: &str) -> bool {
    if let Some((id, secret)) = v.strip_prefix("bot").and_then(|r| r.split_once(':')) {
        // The id is the bot's number; a wrapper or proxy may use its own (alphanumeric) ids.
        // `bot<id>:` is distinctive enough that a shorter secret after it is still one.
        return id.len() >= 5
            && id.bytes().all(|c| c.is_ascii_alphanumeric())
            && id.bytes().any(|c| c.is_ascii_digit())
            && secret.len() >= 16
            && secret
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-');
    }
    false
}
