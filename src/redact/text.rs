//! Text helpers of the scrubber: neutralizing control and invisible characters, URLs inside
//! text, words and masks, percent-encodings, SigV4 secrets.

use std::borrow::Cow;

use url::Url;

use super::MAX_TEXT_BYTES;
use super::scrubber::holds_bytes;
use super::url::redact_url;
use crate::credential;

/// Control characters become spaces; invisible format characters are removed.
pub(super) fn neutralize(s: &str) -> Cow<'_, str> {
    // Every invisible character is outside ASCII; the ASCII line-breaking ones are C0 and DEL.
    // Without an early exit, so that the compiler checks many bytes at a time.
    if s.is_ascii() && !s.bytes().fold(false, |c, b| c | (b < 0x20) | (b == 0x7f)) {
        return Cow::Borrowed(s);
    }
    if !s.chars().any(|c| is_line_breaking(c) || is_invisible(c)) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .filter(|c| !is_invisible(*c))
            .map(|c| if is_line_breaking(c) { ' ' } else { c })
            .collect(),
    )
}

/// C0, DEL, C1 (which hold CR, LF, NEL and ESC) and the Unicode line and paragraph separators.
pub(super) fn is_line_breaking(c: char) -> bool {
    c.is_control() || c == '\u{2028}' || c == '\u{2029}'
}

/// Zero-width and bidirectional formatting characters (Unicode `Cf`): they can reorder what a
/// terminal shows, or split an echo so that it is not recognised.
pub(super) fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206F}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}')
}

/// Redacts every `scheme://…` URL in a text like [`redact_url`].
pub(super) fn redact_urls_in<'a>(text: &'a str, extra: &[String]) -> Cow<'a, str> {
    if !holds_bytes(text.as_bytes(), b"://") {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut done = 0;
    let mut from = 0;
    while let Some(i) = text[from..].find("://").map(|i| i + from) {
        let start = text[..i]
            .char_indices()
            .rev()
            .find(|(_, c)| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-')))
            .map_or(0, |(p, c)| p + c.len_utf8());
        let end = text[i..]
            .find(|c: char| {
                c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | '`' | '(' | ')' | '|')
            })
            .map_or(text.len(), |p| p + i);
        let candidate = text[start..end].trim_end_matches(['.', ',', ';', ':', '!', '?', ']']);
        let end = start + candidate.len();
        from = end.max(i + 3);
        if start < done || start == i {
            continue;
        }
        if let Ok(u) = Url::parse(candidate) {
            if u.has_host() {
                let redacted = redact_url(&u, extra);
                if redacted != u.as_str() {
                    out.push_str(&text[done..start]);
                    out.push_str(&redacted);
                    done = end;
                }
            }
        }
    }
    if done == 0 {
        return Cow::Borrowed(text);
    }
    out.push_str(&text[done..]);
    Cow::Owned(out)
}

pub(super) fn cap(s: &str) -> &str {
    if s.len() <= MAX_TEXT_BYTES {
        return s;
    }
    let mut end = MAX_TEXT_BYTES;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Characters of a word: a token, key, base64 or percent-encoded text, or a masked echo.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
        || matches!(c, '_' | '-' | '.' | '+' | '/' | '=' | '~' | '%' | '…')
        || is_mask_char(c)
}

pub(super) fn is_mask_char(c: char) -> bool {
    matches!(c, '*' | '•' | '●' | '∙' | '█')
}

pub(super) fn has_mask_run(word: &str) -> bool {
    let mut run = 0;
    for c in word.chars() {
        run = if is_mask_char(c) { run + 1 } else { 0 };
        if run >= 3 {
            return true;
        }
    }
    false
}

/// Byte ranges of the words of a text.
pub(super) fn words(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut it = text.char_indices().peekable();
    std::iter::from_fn(move || {
        while let Some(&(_, c)) = it.peek() {
            if is_word_char(c) {
                break;
            }
            it.next();
        }
        let (start, _) = *it.peek()?;
        let mut end = start;
        while let Some(&(i, c)) = it.peek() {
            if !is_word_char(c) {
                break;
            }
            end = i + c.len_utf8();
            it.next();
        }
        Some((start, end))
    })
}

/// `text` with only its escapes of ASCII bytes (`%3D`) decoded; `%A0`, `%` and `%zz` stay as
/// written.
pub(super) fn decode_ascii_escapes(text: &str) -> String {
    decode_escapes_below(text, 0x80, 0x00)
}

/// `text` with only the escapes of printable ASCII decoded (`%3D` → `=`, `%3F` → `?`), control
/// characters' escapes (`%0A`) left as written: a password typed with a literal `%0A` that
/// `Url::set_password` stored beside its own escapes of `=` and `?`.
pub(super) fn decode_printable_escapes(text: &str) -> String {
    decode_escapes_below(text, 0x7f, 0x20)
}

/// `text` with only the escapes of visible ASCII decoded (`%3D` → `=`), a space's (`%20`) and
/// control characters' left as written: a password typed with a literal `%20` that
/// `Url::set_password` stored beside its own escapes of `=` and `?`.
pub(super) fn decode_visible_escapes(text: &str) -> String {
    decode_escapes_below(text, 0x7f, 0x21)
}

/// `text` with the `%XX` escapes of bytes in `min..max` decoded, others left as written.
fn decode_escapes_below(text: &str, max: u32, min: u32) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let hex = |k: usize| b.get(k).and_then(|h| (*h as char).to_digit(16));
        match (c, hex(i + 1), hex(i + 2)) {
            (b'%', Some(hi), Some(lo)) if (min..max).contains(&(hi * 16 + lo)) => {
                out.push(char::from((hi * 16 + lo) as u8));
                i += 3;
            }
            _ => {
                // Copy up to the next `%`: a whole run of characters, so UTF-8 stays whole.
                let end = b[i + 1..]
                    .iter()
                    .position(|x| *x == b'%')
                    .map_or(b.len(), |p| i + 1 + p);
                out.push_str(&text[i..end]);
                i = end;
            }
        }
    }
    out
}

/// RFC 3986 percent-encoding of everything but unreserved characters (`encodeURIComponent`
/// style, `%20` for a space).
pub(super) fn percent_encode(b: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(b.len());
    for &c in b {
        if c.is_ascii_alphanumeric() || b"-._~".contains(&c) {
            out.push(c as char);
        } else {
            out.push('%');
            out.push(HEX[(c >> 4) as usize] as char);
            out.push(HEX[(c & 0xf) as usize] as char);
        }
    }
    out
}

/// `%2F` → `%2f`.
pub(super) fn lower_hex_escapes(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut esc = 0;
    for c in s.chars() {
        if c == '%' {
            esc = 2;
            out.push(c);
        } else if esc > 0 {
            esc -= 1;
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The signature and access key id of an AWS SigV4 `Authorization` value.
pub(super) fn sigv4_secrets(v: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    // A value the client wrote after a stray space (`Credential= AKIA…/…`) is still the one
    // its name announced.
    let mut announced: Option<bool> = None;
    for part in v.split(|b| *b == b',' || *b == b' ') {
        let part = credential::trim_ascii(part);
        if part.is_empty() {
            continue;
        }
        let (value, is_credential) = if let Some(sig) = part.strip_prefix(b"Signature=") {
            (sig, false)
        } else if let Some(cred) = part.strip_prefix(b"Credential=") {
            (cred, true)
        } else if let Some(is_credential) = announced.take() {
            (part, is_credential)
        } else {
            continue;
        };
        if value.is_empty() {
            announced = Some(is_credential);
        } else if is_credential {
            out.push(value.split(|b| *b == b'/').next().unwrap_or(value));
        } else {
            out.push(value);
        }
    }
    if out.is_empty() {
        out.push(v);
    }
    out
}
