//! The safe repairs of header values, their tables, and the scheme and token splitting they
//! share with the validations.

use std::borrow::Cow;

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};

use super::{Ctx, Finding, Severity};
use crate::credential::{Location, is_tchar, trim_ascii};

/// Applies the repair table until nothing changes; each rule reports once.
pub(super) fn repair<'a>(
    raw: &'a [u8],
    table: &[RepairRule],
    ctx: &Ctx<'_>,
    location: impl Fn() -> Location,
    out: &mut Vec<Finding>,
) -> Cow<'a, [u8]> {
    let mut cur = Cow::Borrowed(raw);
    let mut fired = 0u32;
    // A repair can uncover another (quotes around padded text), and each pass peels one layer
    // (`Bearer Bearer Bearer x`): iterate to a fixed point, or the next request through the
    // middleware would repair again. Every rule shortens the value or normalizes it once, so
    // the loop ends; the bound only guards against a rule that would undo another.
    for _ in 0..raw.len() + 4 {
        let mut changed = false;
        for (i, rule) in table.iter().enumerate() {
            if let Some((next, message)) = (rule.run)(&cur) {
                if fired & (1 << i) == 0 {
                    out.push(Finding {
                        code: rule.code,
                        severity: ctx.repairable(rule.unrepaired),
                        location: location(),
                        message,
                    });
                }
                fired |= 1 << i;
                cur = Cow::Owned(next);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    cur
}

/// A repair: the repaired value and a message, when the rule applies.
type RepairFn = fn(&[u8]) -> Option<(Vec<u8>, String)>;

/// A safe rewrite of a header value.
pub(super) struct RepairRule {
    code: &'static str,
    /// Severity when the repair is not applied (Observe).
    unrepaired: Severity,
    /// The repaired value and a message, when the rule applies.
    run: RepairFn,
}

const fn rule(code: &'static str, unrepaired: Severity, run: RepairFn) -> RepairRule {
    RepairRule {
        code,
        unrepaired,
        run,
    }
}

/// Repairs of `Authorization` / `Proxy-Authorization` values, in order.
pub(super) const AUTH_REPAIRS: &[RepairRule] = &[
    rule("invisible_character", Severity::Error, strip_invisible),
    rule("quoted_token", Severity::Error, unquote_value),
    rule("leading_whitespace", Severity::Warning, trim_leading),
    rule("trailing_whitespace", Severity::Warning, trim_trailing),
    rule("decorated_scheme", Severity::Error, undecorate_scheme),
    rule("doubled_scheme", Severity::Error, undouble_scheme),
    rule("extra_space_after_scheme", Severity::Warning, single_space),
    rule("quoted_token", Severity::Error, unquote_token),
    rule("scheme_case", Severity::Warning, canonical_scheme),
    rule(
        "basic_control_character",
        Severity::Error,
        basic_trailing_newline,
    ),
];

/// Repairs of key header values (`x-api-key`, configured names), in order.
pub(super) const KEY_REPAIRS: &[RepairRule] = &[
    rule("invisible_character", Severity::Error, strip_invisible),
    rule("quoted_token", Severity::Error, unquote_value),
    rule("leading_whitespace", Severity::Warning, trim_leading),
    rule("trailing_whitespace", Severity::Warning, trim_trailing),
];

/// Schemes whose canonical spelling is restored by `scheme_case`.
const CANONICAL_SCHEMES: &[&str] = &["Bearer", "Basic", "Digest", "DPoP", "Negotiate", "NTLM"];

/// Scheme names seen in `Authorization` (compared case-insensitively).
const KNOWN_SCHEMES: &[&str] = &[
    "Bearer",
    "Basic",
    "Digest",
    "DPoP",
    "Negotiate",
    "NTLM",
    "Token",
    "Bot",
    "OAuth",
    "HOBA",
    "Mutual",
    "AWS4-HMAC-SHA256",
    "SSWS",
    "Splunk",
    "GenieKey",
    "ApiKey",
    "JWT",
];

/// Schemes checked for `Bearer: x`, `Bearer=x` and `Bearer Bearer x`. Not `key`: FCM's legacy
/// `Authorization: key=…` is correct.
const DECORATABLE_SCHEMES: &[&str] = &["Bearer", "Basic", "Token", "Bot", "DPoP"];

pub(super) fn is_known_scheme(word: &[u8]) -> bool {
    KNOWN_SCHEMES
        .iter()
        .any(|s| s.as_bytes().eq_ignore_ascii_case(word))
}

fn is_ws(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// Characters that are invisible or render as a space: removed, or (between scheme and token,
/// or at an end) turned into a space. RFC 9110 §5.5 leaves non-ASCII as opaque obs-text, so the
/// server compares them as part of the key.
const INVISIBLE: &[(char, &str)] = &[
    ('\u{00A0}', "NO-BREAK SPACE"),
    ('\u{00AD}', "SOFT HYPHEN"),
    ('\u{034F}', "COMBINING GRAPHEME JOINER"),
    ('\u{061C}', "ARABIC LETTER MARK"),
    ('\u{180E}', "MONGOLIAN VOWEL SEPARATOR"),
    ('\u{2000}', "EN QUAD"),
    ('\u{2001}', "EM QUAD"),
    ('\u{2002}', "EN SPACE"),
    ('\u{2003}', "EM SPACE"),
    ('\u{2004}', "THREE-PER-EM SPACE"),
    ('\u{2005}', "FOUR-PER-EM SPACE"),
    ('\u{2006}', "SIX-PER-EM SPACE"),
    ('\u{2007}', "FIGURE SPACE"),
    ('\u{2008}', "PUNCTUATION SPACE"),
    ('\u{2009}', "THIN SPACE"),
    ('\u{200A}', "HAIR SPACE"),
    ('\u{200B}', "ZERO WIDTH SPACE"),
    ('\u{200C}', "ZERO WIDTH NON-JOINER"),
    ('\u{200D}', "ZERO WIDTH JOINER"),
    ('\u{200E}', "LEFT-TO-RIGHT MARK"),
    ('\u{200F}', "RIGHT-TO-LEFT MARK"),
    ('\u{2028}', "LINE SEPARATOR"),
    ('\u{2029}', "PARAGRAPH SEPARATOR"),
    ('\u{202A}', "LEFT-TO-RIGHT EMBEDDING"),
    ('\u{202B}', "RIGHT-TO-LEFT EMBEDDING"),
    ('\u{202C}', "POP DIRECTIONAL FORMATTING"),
    ('\u{202D}', "LEFT-TO-RIGHT OVERRIDE"),
    ('\u{202E}', "RIGHT-TO-LEFT OVERRIDE"),
    ('\u{202F}', "NARROW NO-BREAK SPACE"),
    ('\u{205F}', "MEDIUM MATHEMATICAL SPACE"),
    ('\u{2060}', "WORD JOINER"),
    ('\u{2061}', "FUNCTION APPLICATION"),
    ('\u{2062}', "INVISIBLE TIMES"),
    ('\u{2063}', "INVISIBLE SEPARATOR"),
    ('\u{2064}', "INVISIBLE PLUS"),
    ('\u{2066}', "LEFT-TO-RIGHT ISOLATE"),
    ('\u{2067}', "RIGHT-TO-LEFT ISOLATE"),
    ('\u{2068}', "FIRST STRONG ISOLATE"),
    ('\u{2069}', "POP DIRECTIONAL ISOLATE"),
    ('\u{3000}', "IDEOGRAPHIC SPACE"),
    ('\u{FEFF}', "ZERO WIDTH NO-BREAK SPACE (BOM)"),
];

fn invisible_name(c: char) -> Option<&'static str> {
    INVISIBLE.iter().find(|(i, _)| *i == c).map(|(_, n)| *n)
}

/// Space-like characters (White_Space in Unicode) among [`INVISIBLE`].
fn is_space_like(c: char) -> bool {
    c.is_whitespace()
}

/// Lists up to three items, then "and N more".
pub(super) fn list_some(items: &[String]) -> String {
    let mut s = items.iter().take(3).cloned().collect::<Vec<_>>().join(", ");
    if items.len() > 3 {
        s.push_str(&format!(" and {} more", items.len() - 3));
    }
    s
}

/// `invisible_character`: zero-width and space-like characters copied along with a key.
fn strip_invisible(v: &[u8]) -> Option<(Vec<u8>, String)> {
    if v.is_ascii() {
        return None;
    }
    let mut out = Vec::with_capacity(v.len());
    let mut seen = Vec::new();
    let mut pos = 0usize;
    for chunk in v.utf8_chunks() {
        let text = chunk.valid();
        for (i, c) in text.char_indices() {
            pos += 1;
            match invisible_name(c) {
                Some(name) => {
                    seen.push(format!("U+{:04X} {name} at position {pos}", c as u32));
                    let rest = &text[i + c.len_utf8()..];
                    let before = trim_ascii(&out);
                    let between = is_known_scheme(before) && !before.contains(&b' ');
                    let at_end = rest
                        .chars()
                        .all(|r| r.is_whitespace() || invisible_name(r).is_some())
                        && chunk.invalid().is_empty();
                    if is_space_like(c) && (before.is_empty() || between || at_end) {
                        out.push(b' ');
                    }
                }
                None => {
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
            }
        }
        pos += chunk.invalid().len();
        out.extend_from_slice(chunk.invalid());
    }
    if seen.is_empty() {
        return None;
    }
    let message = format!(
        "the value contains {}: {}",
        if seen.len() == 1 {
            "an invisible character"
        } else {
            "invisible characters"
        },
        list_some(&seen)
    );
    Some((out, message))
}

/// Opening and closing quote characters seen around pasted keys (RFC 9110 §5.6.4 quotes with
/// `"` only, and no credential syntax uses quotes around a token68).
const QUOTES: &[&str] = &[
    "\"", "'", "`", "\u{201C}", "\u{201D}", "\u{2018}", "\u{2019}",
];

fn leading_quote(v: &[u8]) -> Option<usize> {
    QUOTES
        .iter()
        .find(|q| v.starts_with(q.as_bytes()))
        .map(|q| q.len())
}

fn trailing_quote(v: &[u8]) -> Option<usize> {
    QUOTES
        .iter()
        .find(|q| v.ends_with(q.as_bytes()))
        .map(|q| q.len())
}

/// Whether `t` is wrapped in quote characters at both ends (`"abc"`, `'abc'`), with something
/// between them.
pub(super) fn is_wrapped_in_quotes(t: &[u8]) -> bool {
    matches!((leading_quote(t), trailing_quote(t)), (Some(a), Some(b)) if t.len() > a + b)
}

/// Whether `t` starts or ends with a quote character.
pub(crate) fn is_quoted(t: &[u8]) -> bool {
    leading_quote(t).is_some() || trailing_quote(t).is_some()
}

fn has_quote(v: &[u8]) -> bool {
    QUOTES
        .iter()
        .any(|q| v.windows(q.len()).any(|w| w == q.as_bytes()))
}

/// Strips quotes from both ends of `t`. A lone closing quote is stripped only when the rest
/// cannot be an auth-param (`realm="x"` ends with a quote legitimately).
fn strip_quotes(t: &[u8]) -> Option<&[u8]> {
    let lead = leading_quote(t);
    let inner = &t[lead.unwrap_or(0)..];
    let trail = trailing_quote(inner).filter(|n| *n <= inner.len());
    match (lead, trail) {
        (None, None) => None,
        (Some(_), None) => Some(inner),
        (Some(_), Some(n)) => Some(&inner[..inner.len() - n]),
        (None, Some(n)) => {
            let body = &inner[..inner.len() - n];
            // `=` padding at the end of a token68 is fine; `=` before other text is a param.
            let unpadded = &body[..body.iter().rposition(|b| *b != b'=').map_or(0, |i| i + 1)];
            (!unpadded.contains(&b'=') && !has_quote(body)).then_some(body)
        }
    }
}

/// `quoted_token` on the whole value: `"Bearer abc"`, `'abc'`.
fn unquote_value(v: &[u8]) -> Option<(Vec<u8>, String)> {
    let t = trim_ascii(v);
    leading_quote(t)?;
    let inner = strip_quotes(t)?;
    Some((
        trim_ascii(inner).to_vec(),
        "the value is wrapped in quotes, which the server would take as part of the credential"
            .to_owned(),
    ))
}

/// The message of `quoted_token` when the whole value is quoted (a header found by its name's
/// words, which is pointed out but not repaired).
pub(super) fn quoted_whole(v: &[u8]) -> Option<String> {
    unquote_value(v).map(|(_, message)| message)
}

/// `quoted_token` after the scheme: `Bearer "abc"`.
fn unquote_token(v: &[u8]) -> Option<(Vec<u8>, String)> {
    let (scheme, token) = split_auth(v);
    let scheme = scheme?;
    if token.is_empty() || token.iter().any(|b| is_ws(*b) || *b == b',') {
        return None;
    }
    let inner = strip_quotes(token)?;
    let mut out = scheme.to_vec();
    out.push(b' ');
    out.extend_from_slice(inner);
    Some((
        out,
        "the token is wrapped in quotes, which the server would take as part of the token"
            .to_owned(),
    ))
}

/// `leading_whitespace`.
fn trim_leading(v: &[u8]) -> Option<(Vec<u8>, String)> {
    let n = v.iter().take_while(|b| is_ws(**b)).count();
    (n > 0).then(|| {
        (
            v[n..].to_vec(),
            format!(
                "{} before the credential",
                plural(n, "whitespace character", "whitespace characters")
            ),
        )
    })
}

/// `trailing_whitespace`.
fn trim_trailing(v: &[u8]) -> Option<(Vec<u8>, String)> {
    let n = v.iter().rev().take_while(|b| is_ws(**b)).count();
    (n > 0).then(|| {
        (
            v[..v.len() - n].to_vec(),
            format!(
                "{} after the credential",
                plural(n, "whitespace character", "whitespace characters")
            ),
        )
    })
}

/// `decorated_scheme`: `Bearer: x`, `Bearer=x`, and the header name pasted into the value.
fn undecorate_scheme(v: &[u8]) -> Option<(Vec<u8>, String)> {
    let t = trim_ascii(v);
    for prefix in ["authorization:", "proxy-authorization:"] {
        if t.len() >= prefix.len() && t[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes()) {
            return Some((
                trim_ascii(&t[prefix.len()..]).to_vec(),
                "the value repeats the header name and its colon before the scheme".to_owned(),
            ));
        }
    }
    for s in DECORATABLE_SCHEMES {
        let n = s.len();
        if t.len() > n && t[..n].eq_ignore_ascii_case(s.as_bytes()) && matches!(t[n], b':' | b'=') {
            let mut out = t[..n].to_vec();
            out.push(b' ');
            out.extend_from_slice(trim_ascii(&t[n + 1..]));
            return Some((
                out,
                format!(
                    "the scheme is followed by '{}' instead of a single space",
                    t[n] as char
                ),
            ));
        }
    }
    None
}

/// `doubled_scheme`: `Bearer Bearer x`.
fn undouble_scheme(v: &[u8]) -> Option<(Vec<u8>, String)> {
    let (first, rest) = split_auth(v);
    let first = first?;
    if !DECORATABLE_SCHEMES
        .iter()
        .any(|s| s.as_bytes().eq_ignore_ascii_case(first))
    {
        return None;
    }
    let (second, token) = split_word(rest);
    if !second.eq_ignore_ascii_case(first) || token.is_empty() {
        return None;
    }
    let mut out = first.to_vec();
    out.push(b' ');
    out.extend_from_slice(token);
    Some((out, "the scheme appears twice".to_owned()))
}

/// `extra_space_after_scheme`: RFC 9110 §11.4 allows `1*SP`, but many servers split on one.
fn single_space(v: &[u8]) -> Option<(Vec<u8>, String)> {
    let t = trim_ascii(v);
    let end = t.iter().position(|b| is_ws(*b))?;
    let scheme = &t[..end];
    if !is_scheme_word(scheme) {
        return None;
    }
    let gap = t[end..].iter().take_while(|b| is_ws(**b)).count();
    let rest = &t[end + gap..];
    if rest.is_empty() || &t[end..end + gap] == b" " {
        return None;
    }
    let mut out = scheme.to_vec();
    out.push(b' ');
    out.extend_from_slice(rest);
    let what = if t[end..end + gap].contains(&b'\t') {
        format!(
            "{} (with a tab) between the scheme and the credential",
            plural(gap, "whitespace character", "whitespace characters")
        )
    } else {
        format!("{gap} spaces between the scheme and the credential")
    };
    Some((out, format!("{what}; exactly one space is expected")))
}

/// `scheme_case`: RFC 9110 §11.1 makes schemes case-insensitive, but not every server agrees.
fn canonical_scheme(v: &[u8]) -> Option<(Vec<u8>, String)> {
    let (scheme, _) = split_auth(v);
    let scheme = scheme?;
    let canon = CANONICAL_SCHEMES
        .iter()
        .find(|c| c.as_bytes().eq_ignore_ascii_case(scheme))?;
    if canon.as_bytes() == scheme {
        return None;
    }
    let t = trim_ascii(v);
    let mut out = canon.as_bytes().to_vec();
    out.extend_from_slice(&t[scheme.len()..]);
    Some((
        out,
        format!("the scheme is spelled in a different case than the canonical {canon}"),
    ))
}

/// `basic_control_character` (repairable case): a line break at the end of the decoded
/// password, as `echo` without `-n` leaves it.
fn basic_trailing_newline(v: &[u8]) -> Option<(Vec<u8>, String)> {
    let (scheme, token) = split_auth(v);
    if !scheme?.eq_ignore_ascii_case(b"basic") {
        return None;
    }
    let encoded = with_basic(token, |decoded| {
        let kept = decoded
            .iter()
            .rposition(|b| !matches!(b, b'\r' | b'\n'))
            .map_or(0, |i| i + 1);
        let fixable = kept < decoded.len() && !decoded[..kept].iter().any(u8::is_ascii_control);
        fixable.then(|| STANDARD.encode(&decoded[..kept]))
    })??;
    let mut out = b"Basic ".to_vec();
    out.extend_from_slice(encoded.as_bytes());
    Some((
        out,
        "the decoded Basic credentials end with a line break (RFC 7617 §2 forbids control characters)"
            .to_owned(),
    ))
}

/// A scheme-like first word: an RFC 9110 token, short enough not to be a key itself.
fn is_scheme_word(w: &[u8]) -> bool {
    !w.is_empty() && w.iter().all(|b| is_tchar(*b)) && (w.len() <= 24 || is_known_scheme(w))
}

/// Splits off the first whitespace-separated word.
fn split_word(v: &[u8]) -> (&[u8], &[u8]) {
    let t = trim_ascii(v);
    match t.iter().position(|b| is_ws(*b)) {
        Some(i) => (&t[..i], trim_ascii(&t[i..])),
        None => (t, &[]),
    }
}

/// `scheme credentials` of an `Authorization` value. A lone known scheme name is a scheme with
/// an empty credential; any other lone word is a credential without a scheme.
pub(super) fn split_auth(v: &[u8]) -> (Option<&[u8]>, &[u8]) {
    let (first, rest) = split_word(v);
    if rest.is_empty() {
        return if is_known_scheme(first) {
            (Some(first), rest)
        } else {
            (None, first)
        };
    }
    if is_scheme_word(first) {
        (Some(first), rest)
    } else {
        (None, trim_ascii(v))
    }
}

/// Decodes the base64 of Basic credentials (padded or not) and hands the bytes to `f`.
/// Credentials of ordinary length are decoded on the stack.
pub(super) fn with_basic<R>(token: &[u8], f: impl FnOnce(&[u8]) -> R) -> Option<R> {
    let mut buf = [0u8; 384];
    if token.len() <= 512 {
        let n = STANDARD
            .decode_slice(token, &mut buf)
            .or_else(|_| STANDARD_NO_PAD.decode_slice(token, &mut buf))
            .ok()?;
        return Some(f(&buf[..n]));
    }
    let decoded = STANDARD
        .decode(token)
        .or_else(|_| STANDARD_NO_PAD.decode(token))
        .ok()?;
    Some(f(&decoded))
}
