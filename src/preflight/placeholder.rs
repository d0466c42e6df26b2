//! Placeholder detection: values that stand in for a key (`YOUR_API_KEY`, `$TOKEN`, `xxxx`).

use super::repair::is_known_scheme;
use crate::credential::token_prefix;

const NULL_LITERAL: &str = "a language's null literal (what an unset variable prints as)";
const VAR_REFERENCE: &str = "an unexpanded variable reference ($VAR, ${VAR}, %VAR%, {{var}})";
const TEMPLATE: &str = "template text from documentation or a sample configuration";
const MASKED: &str = "a masked or elided value (filler characters or an ellipsis), as copied from a display that hides keys";
const ENV_NAME: &str = "the name of an environment variable rather than its value";
const SCHEME_NAME: &str = "the name of an authentication scheme rather than a credential";
const STAND_IN: &str = "a stand-in word rather than a key";
const PREFIX_ONLY: &str = "a key prefix with nothing real after it";

/// Why `t` is a placeholder rather than a key, if it is one. Tuned against false positives:
/// random keys, JWTs and base64 never match.
pub(crate) fn placeholder_reason(t: &[u8]) -> Option<&'static str> {
    if t.is_empty() {
        return None;
    }
    placeholder_shape(t, false)
        .or_else(|| is_known_scheme(t).then_some(SCHEME_NAME))
        .or_else(|| is_stand_in_word(t).then_some(STAND_IN))
        .or_else(|| is_repeated(t).then_some(MASKED))
        .or_else(|| is_prefix_only(t).then_some(PREFIX_ONLY))
}

/// The narrower test used on each half of Basic credentials and URL user info, where short
/// words (`api`, `key`) are legitimate user ids and a password may hold any character.
pub(super) fn placeholder_in_part(t: &[u8]) -> Option<&'static str> {
    placeholder_shape(t, true)
}

/// The test for one cookie's value (`name=value` of a `Cookie` header). Any cookie may hold a
/// short word or a number, so only what no server sets counts everywhere: an unexpanded
/// variable or template text. A cookie named with a credential word (`token`, `session_id`,
/// `auth`) also counts a null literal, a variable's name or filler.
pub(super) fn placeholder_in_cookie(name: &[u8], value: &[u8]) -> Option<&'static str> {
    // A cookie value may be quoted (RFC 6265 §4.1.1).
    let value = match value {
        [b'"', inner @ .., b'"'] => inner,
        v => v,
    };
    if value.is_empty() || !value.is_ascii() {
        return None;
    }
    if is_var_reference(value, true) {
        return Some(VAR_REFERENCE);
    }
    // Bracketed template text only: a cookie's plain words (`theme=dark`) are its own, and a
    // GUID in braces (`SWID={4A1B…}`) is a value, not a template.
    let bracketed = match value.first() {
        Some(b'<') => true,
        Some(b'[' | b'{') => !value.iter().any(u8::is_ascii_digit),
        _ => false,
    };
    if bracketed && is_template(value) {
        return Some(TEMPLATE);
    }
    // (the value's shape first: every cookie of every request passes here, and most values
    // are none of these)
    let why = if is_null_literal(value) {
        NULL_LITERAL
    } else if is_env_name(value) {
        ENV_NAME
    } else if is_filler(value) {
        MASKED
    } else {
        return None;
    };
    let credential_named = std::str::from_utf8(name).is_ok_and(|n| {
        crate::credential::is_word_param(n)
            || n.split(['-', '_', '.']).any(|w| {
                ["sid", "sess", "session", "sessionid", "jwt", "auth"]
                    .iter()
                    .any(|k| w.eq_ignore_ascii_case(k))
            })
    });
    credential_named.then_some(why)
}

/// The test for the value of a header named for a credential that this crate does not know
/// (`X-Webhook-Token`): only an unexpanded variable (`${WEBHOOK_TOKEN}`, `{{token}}`), which no
/// real value is; a header of a convention this crate does not know may hold anything else.
pub(super) fn placeholder_in_word_header(value: &[u8]) -> Option<&'static str> {
    let t = crate::credential::trim_ascii(value);
    (!t.is_empty() && is_var_reference(t, false)).then_some(VAR_REFERENCE)
}

/// The test for the value of any other header: an unexpanded variable whose name speaks of a
/// credential (`x-ad-access: ${AD_PASSWORD}`), a credential the request meant to send whatever
/// the header's name. Values that start with none of `$`, `{`, `%`, `#` are passed at once.
pub(super) fn credential_variable(value: &[u8]) -> Option<&'static str> {
    const WORDS: &[&str] = &[
        "password",
        "passwd",
        "token",
        "key",
        "secret",
        "auth",
        "credential",
    ];
    let t = crate::credential::trim_ascii(value);
    if !matches!(t.first(), Some(b'$' | b'{' | b'%' | b'#')) || t.len() > 96 {
        return None;
    }
    if !is_var_reference(t, false) {
        return None;
    }
    let lower = t.to_ascii_lowercase();
    WORDS
        .iter()
        .any(|w| lower.windows(w.len()).any(|x| x == w.as_bytes()))
        .then_some(VAR_REFERENCE)
}

/// The shapes shared by tokens and user-id/password parts; `part` narrows them for the latter.
fn placeholder_shape(t: &[u8], part: bool) -> Option<&'static str> {
    if t.is_empty() {
        return None;
    }
    if is_null_literal(t) {
        Some(NULL_LITERAL)
    } else if is_var_reference(t, part) {
        Some(VAR_REFERENCE)
    } else if is_template(t) {
        Some(TEMPLATE)
    } else if is_filler(t) || (!part && is_masked(t)) {
        Some(MASKED)
    } else if is_env_name(t) {
        Some(ENV_NAME)
    } else {
        None
    }
}

fn is_null_literal(t: &[u8]) -> bool {
    t.len() <= 15
        && [
            "undefined",
            "null",
            "none",
            "nil",
            "nan",
            "(null)",
            "<nil>",
            "[object object]",
        ]
        .iter()
        .any(|w| w.as_bytes().eq_ignore_ascii_case(t))
}

fn is_ident(t: &[u8]) -> bool {
    !t.is_empty()
        && !t[0].is_ascii_digit()
        && t.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'_')
}

/// `$VAR`, `${VAR}`, `$(cmd)`, `%VAR%`, `{{var}}`, `#{var}`, `process.env.VAR`. In a password
/// (`part`), `$word` counts only in environment-variable spelling (`$API_PASSWORD`): `$ecret`
/// may be a real password.
fn is_var_reference(t: &[u8], part: bool) -> bool {
    let wrapped = |open: &[u8], close: &[u8]| {
        t.len() > open.len() + close.len() && t.starts_with(open) && t.ends_with(close)
    };
    wrapped(b"${", b"}")
        || wrapped(b"$(", b")")
        || wrapped(b"{{", b"}}")
        || wrapped(b"#{", b"}")
        || (t.len() > 2 && t[0] == b'%' && t[t.len() - 1] == b'%' && is_ident(&t[1..t.len() - 1]))
        // (a variable's name, not a key that starts with `$`: Asaas's `$aact_…` keys run to
        // a hundred characters)
        || (t.len() > 1
            && t.len() <= 48
            && t[0] == b'$'
            && is_ident(&t[1..])
            && (!part || !t[1..].iter().any(u8::is_ascii_lowercase)))
        || ["process.env.", "import.meta.env.", "os.environ", "env::var"]
            .iter()
            .any(|p| t.starts_with(p.as_bytes()))
}

/// `t` lowercased, without `-`, `_`, `.` and spaces, on the stack.
struct Squeezed {
    buf: [u8; 48],
    len: usize,
}

impl Squeezed {
    /// `None` when `t` is longer than 48 bytes: keys, not words about keys.
    fn new(t: &[u8]) -> Option<Self> {
        if t.len() > 48 {
            return None;
        }
        let mut s = Squeezed {
            buf: [0; 48],
            len: 0,
        };
        for b in t.iter().filter(|b| !matches!(b, b'-' | b'_' | b' ' | b'.')) {
            s.buf[s.len] = b.to_ascii_lowercase();
            s.len += 1;
        }
        Some(s)
    }

    fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }
}

fn is_template(t: &[u8]) -> bool {
    let bracketed = t.len() > 2
        && matches!(
            (t[0], t[t.len() - 1]),
            (b'<', b'>') | (b'[', b']') | (b'{', b'}')
        )
        && t[1..t.len() - 1]
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b' ' | b'.' | b':'));
    // `{API_KEY}` is a template; `{ce7e75f2bbb3…}` is a key with the template's braces left
    // around it, not a placeholder.
    // (Looked at only for a bracketed value: every new key passes here.)
    let a_key_inside = || {
        let inner = &t[1..t.len().saturating_sub(1).max(1)];
        crate::credential::is_random_key(inner)
            || std::str::from_utf8(inner).is_ok_and(crate::credential::is_token_shaped)
    };
    if bracketed && !a_key_inside() {
        return true;
    }
    // Long values are keys, not sentences about keys.
    if !t.is_ascii() {
        return false;
    }
    let Some(s) = Squeezed::new(t) else {
        return false;
    };
    let s = s.as_bytes();
    // `YOUR_KEY`, `your-key`, `YourKey`, but not a name like `Youri`.
    let your = t.len() > 4 && t[..4].eq_ignore_ascii_case(b"your") && !t[4].is_ascii_lowercase();
    if your {
        return true;
    }
    // The phrasing first, the (costlier) search for a word about keys only when it matches.
    let phrased = s.starts_with(b"your")
        || s.ends_with(b"here")
        || s.starts_with(b"insert")
        || s.starts_with(b"paste")
        || s.starts_with(b"enter")
        || s.starts_with(b"put")
        || s.starts_with(b"my");
    (phrased
        && ["key", "token", "secret", "password", "credential"]
            .iter()
            .any(|w| s.windows(w.len()).any(|x| x == w.as_bytes())))
        // AWS documentation's sample keys (AKIAIOSFODNN7EXAMPLE, …EXAMPLEKEY).
        || t.ends_with(b"EXAMPLE")
        || t.ends_with(b"EXAMPLEKEY")
}

/// An ellipsis, `***` or a bullet inside a token: a key copied from a display that hides it
/// (`sk-…abcd`). Tokens never contain these; passwords may, so parts use [`is_filler`] only.
fn is_masked(t: &[u8]) -> bool {
    // Every marker starts with `.`, `*` or the lead byte of `…` and `•`.
    if !t.iter().any(|b| matches!(b, b'.' | b'*' | 0xE2)) {
        return false;
    }
    let contains = |n: &[u8]| t.windows(n.len()).any(|w| w == n);
    contains(b"...")
        || contains(b"***")
        || contains("\u{2026}".as_bytes())
        || contains("\u{2022}".as_bytes())
}

/// Nothing but filler: `xxxx`, `XXXX-XXXX`, `****`, `...`, `…`, `••••`.
fn is_filler(t: &[u8]) -> bool {
    if !t
        .iter()
        .all(|b| matches!(b, b'x' | b'X' | b'*' | b'-' | b'_' | b'.' | 0x80..))
    {
        return false;
    }
    let Ok(s) = std::str::from_utf8(t) else {
        return false;
    };
    let fill = s
        .chars()
        .filter(|c| matches!(c, 'x' | 'X' | '*' | '\u{2022}' | '\u{2026}'))
        .count();
    (fill >= 3 || s.contains('\u{2026}') || s == "...")
        && s.chars().all(|c| {
            matches!(
                c,
                'x' | 'X' | '*' | '-' | '_' | '.' | '\u{2022}' | '\u{2026}'
            )
        })
}

/// Environment-variable spelling (`OPENAI_API_KEY`): uppercase words joined by `_`, naming a
/// credential or naming a variable that is set in this process.
fn is_env_name(t: &[u8]) -> bool {
    if t.len() < 3
        || t.len() > 64
        || !t[0].is_ascii_uppercase()
        || !t
            .iter()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || *b == b'_')
    {
        return false;
    }
    let named = t.split(|b| *b == b'_').any(|w| {
        [
            "KEY",
            "APIKEY",
            "TOKEN",
            "SECRET",
            "PASSWORD",
            "PASSWD",
            "PASS",
            "PAT",
            "AUTH",
            "API",
            "CREDENTIAL",
            "CREDENTIALS",
            "BEARER",
            "JWT",
            "ACCESS",
        ]
        .iter()
        .any(|k| k.as_bytes() == w)
    });
    (named && t.contains(&b'_'))
        || std::str::from_utf8(t).is_ok_and(|n| std::env::var_os(n).is_some())
}

fn is_stand_in_word(t: &[u8]) -> bool {
    // The words are letters; squeezing drops only `-`, `_`, `.` and spaces.
    if t.len() > 32
        || !t
            .iter()
            .all(|b| b.is_ascii_alphabetic() || matches!(b, b'-' | b'_' | b'.' | b' '))
    {
        return false;
    }
    let Some(s) = Squeezed::new(t) else {
        return false;
    };
    [
        "token",
        "apikey",
        "apitoken",
        "key",
        "secret",
        "secretkey",
        "accesstoken",
        "accesskey",
        "authtoken",
        "bearertoken",
        "clientsecret",
        "privatekey",
        "jwt",
        "password",
        "passwd",
        "credential",
        "credentials",
        "changeme",
        "replaceme",
        "placeholder",
        "todo",
        "tbd",
        "fixme",
        "redacted",
        "hidden",
        "masked",
        "notset",
        "unset",
        "missing",
        "empty",
    ]
    .iter()
    .any(|w| w.as_bytes() == s.as_bytes())
}

/// One character repeated (`aaaa`, `0000`), the shape of a filler.
fn is_repeated(t: &[u8]) -> bool {
    t.len() >= 3 && t.iter().all(|b| *b == t[0])
}

/// `sk_live_`, `ghp_xxxx`, `sk-YOUR_KEY`: a known prefix followed by nothing or by filler.
fn is_prefix_only(t: &[u8]) -> bool {
    let Some(p) = token_prefix(t) else {
        return false;
    };
    let rest = &t[p.prefix.len()..];
    rest.is_empty() || is_masked(rest) || is_repeated(rest) || placeholder_in_part(rest).is_some()
}

/// Whether a value (a path segment, a body field) holds a placeholder that names a credential: a bracketed or
/// variable reference (`<YOUR_BOT_TOKEN>`, `{api_key}`, `${TOKEN}`, `{{secret}}`, `%API_KEY%`)
/// whose name holds a credential word, or `YOUR_…KEY` / `YOUR_…TOKEN` written out.
pub(crate) fn names_placeholder_credential(seg: &[u8]) -> bool {
    const WORDS: &[&[u8]] = &[b"token", b"key", b"secret", b"password", b"credential"];
    let names_credential = |inner: &[u8]| {
        let lower = inner.to_ascii_lowercase();
        inner.len() <= 48
            && inner
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b' '))
            && WORDS
                .iter()
                .any(|w| memchr::memmem::find(&lower, w).is_some())
    };
    for (open, close) in [(b'<', b'>'), (b'{', b'}'), (b'%', b'%')] {
        let Some(start) = seg.iter().position(|b| *b == open) else {
            continue;
        };
        let rest = &seg[start + 1..];
        if let Some(end) = rest.iter().position(|b| *b == close) {
            let doubled = open == b'{' && rest.first() == Some(&b'{');
            let inner = rest[..end].strip_prefix(b"{").unwrap_or(&rest[..end]);
            // A single brace around spaced words is a selection or a block (GraphQL's
            // `{ secret }`), not a template: `{token}` and `{{ token }}` are.
            if open == b'{' && !doubled && inner.contains(&b' ') {
                continue;
            }
            if names_credential(inner) {
                return true;
            }
        }
    }
    let upper = seg.to_ascii_uppercase();
    memchr::memmem::find_iter(&upper, b"YOUR").any(|i| {
        let after = &upper[i + 4..];
        let word: Vec<u8> = after
            .iter()
            .copied()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-'))
            .collect();
        matches!(word.first(), Some(b'_' | b'-'))
            && [&b"KEY"[..], b"TOKEN", b"SECRET", b"PASSWORD"]
                .iter()
                .any(|w| word.ends_with(w))
    })
}

/// Whether a credential's value starts with a variable's name and `=` (`API_KEY=abc…`,
/// `export OMIE_APP_KEY=…`): a line of a `.env` file or a shell export pasted whole. The name
/// is upper case with an underscore or a credential word in it, so a token's own `=` (base64
/// padding, `key=` prefixes, `sr=` of a signature) is not one.
pub(crate) fn is_env_assignment(t: &[u8]) -> bool {
    let t = t.strip_prefix(b"export ").unwrap_or(t);
    let Some(eq) = t.iter().position(|b| *b == b'=') else {
        return false;
    };
    let (name, rest) = (&t[..eq], &t[eq + 1..]);
    let words = ["KEY", "TOKEN", "SECRET", "PASSWORD", "PASS", "AUTH", "PWD"];
    name.len() >= 3
        && rest.len() >= 4
        && name[0].is_ascii_uppercase()
        && name
            .iter()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || *b == b'_')
        && (name.contains(&b'_')
            || words.iter().any(|w| name.windows(w.len()).any(|x| x == w.as_bytes())))
        // (a value of its own has no `=` but base64's padding at its end)
        && !rest[..rest.iter().rposition(|b| *b != b'=').map_or(0, |i| i + 1)].contains(&b'=')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::preflight::tests::jwt;

    #[test]
    fn placeholder_detection_spares_real_keys() {
        let real: &[&[u8]] = &[
            b"sk_test_4eC39HqLyjWDarjtT1zdp7dc",
            b"sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z",
            b"ghp_16C7e42F292c6912E7710c838347Ae178B4a",
            b"xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy",
            b"AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe",
            b"QWxhZGRpbjpvcGVuIHNlc2FtZQ==",
            b"3f2a9c1b7d04e5f6a7b8c9d0e1f2a3b4",
            b"JBSWY3DPEHPK3PXP",
            b"AKIAJ3XMPL2Q7ZRT5D4N",
            // Asaas's keys start with `$`; a variable's name is not a hundred characters long
            b"$aact_hmlg_000MzkwODA2MWY2OGM3MWRlMDU2NWM3MzJlNzZmNGZhZGY6OjFkZGExMjcyLTc5",
            b"demo",
            b"test",
            b"abc",
            b"x",
            b"tokenizer-7f3a9c2e",
            b"yourls_9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5",
            // a key left inside a template's braces is a key, not a placeholder
            b"{Ace7e75f2bbb3079c0aeeca8bb6}",
        ];
        for t in real {
            assert_eq!(
                placeholder_reason(t),
                None,
                "{}",
                String::from_utf8_lossy(t)
            );
        }
        assert!(placeholder_reason(jwt(r#"{"sub":"1"}"#).as_bytes()).is_none());
        let fake: &[&[u8]] = &[
            b"YOUR_API_KEY",
            b"<token>",
            b"[API_KEY]",
            b"{token}",
            b"your-api-key",
            b"xxx",
            b"XXXXXXXXXXXXXXXX",
            b"********",
            b"changeme",
            b"REPLACE_ME",
            b"undefined",
            b"NULL",
            b"None",
            b"nil",
            b"<nil>",
            b"$TOKEN",
            b"${TOKEN}",
            b"$(cat token)",
            b"%TOKEN%",
            b"{{ token }}",
            b"{API_KEY}",
            b"<your-api-key>",
            b"0000000",
            b"Bearer",
            b"OPENAI_API_KEY",
            b"GITHUB_TOKEN",
            b"api_key",
            b"token",
            b"insert-token-here",
            b"my_api_key",
            b"sk_live_",
            b"sk-...",
            b"sk_test_XXXXXXXXXXXX",
            b"AKIAIOSFODNN7EXAMPLE",
        ];
        for t in fake {
            assert!(
                placeholder_reason(t).is_some(),
                "{}",
                String::from_utf8_lossy(t)
            );
        }
    }

    #[test]
    fn passwords_are_judged_narrowly() {
        for p in [
            &b"$ecret"[..],
            b"$Password1",
            b"hello...world",
            b"a***b",
            b"Youri",
            b"key",
            b"api",
        ] {
            assert_eq!(
                placeholder_in_part(p),
                None,
                "{}",
                String::from_utf8_lossy(p)
            );
        }
        for p in [
            &b"$API_PASSWORD"[..],
            b"${PASSWORD}",
            b"undefined",
            b"********",
            b"YOUR_PASSWORD",
        ] {
            assert!(
                placeholder_in_part(p).is_some(),
                "{}",
                String::from_utf8_lossy(p)
            );
        }
    }

    #[test]
    fn a_header_this_crate_does_not_know_is_judged_only_for_an_unexpanded_variable() {
        assert!(placeholder_in_word_header(b"${WEBHOOK_TOKEN}").is_some());
        assert!(placeholder_in_word_header(b" {{token}} ").is_some());
        assert!(placeholder_in_word_header(b"changeme").is_none());
        assert!(placeholder_in_word_header(b"...").is_none());
        assert!(placeholder_in_word_header(b"whsec_FAKESECRETq8Zc1nVt0w3Jm6").is_none());
    }

    #[test]
    fn any_header_holding_a_credential_variable_unexpanded() {
        assert!(credential_variable(b"${AD_PASSWORD}").is_some());
        assert!(credential_variable(b"{{ api_key }}").is_some());
        assert!(credential_variable(b"%SERVICE_TOKEN%").is_some());
        // a template of something else, or a value that is no variable
        assert!(credential_variable(b"${TRACE_ID}").is_none());
        assert!(credential_variable(b"{\"token\": 1}").is_none());
        assert!(credential_variable(b"en-US").is_none());
    }

    #[test]
    fn env_var_name_that_is_set_is_a_placeholder() {
        // PATH is set in any test environment, but the keyword rule does not cover it.
        assert_eq!(placeholder_reason(b"PATH"), Some(ENV_NAME));
    }

    #[test]
    fn a_pasted_env_line_and_what_is_not_one() {
        for v in [
            "API_KEY=FAKESECRET0123",
            "OMIE_APP_KEY_AZUL=3841FAKESECRET2709",
            "export GITHUB_TOKEN=ghp_FAKESECRET0123456789",
            "TOKEN=abcd1234",
            "SECRET_KEY=c2VjcmV0Cg==",
        ] {
            assert!(is_env_assignment(v.as_bytes()), "{v}");
        }
        for v in [
            "c2VjcmV0OnBhc3N3b3Jk==",
            "key=AIzaFAKESECRET",
            "sr=https%3A%2F%2Fns&sig=abc&se=1",
            "Credential=AKIAFAKE/20261203/us-east-1/s3/aws4_request",
            "ABC=x",
            "FAKESECRET0123456789",
        ] {
            assert!(!is_env_assignment(v.as_bytes()), "{v}");
        }
    }
}
