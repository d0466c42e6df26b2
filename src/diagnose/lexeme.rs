//! A parser's "token" is a piece of the text it read, not a credential: "Unexpected token < in
//! JSON at position 0" (JavaScript's `JSON.parse`), "Unrecognized token 'appToken': was
//! expecting ('true', 'false' or 'null')" (Jackson). Such a message speaks of the request's
//! body, and its "token" is read as `lexeme` before any phrase table sees it.

use std::borrow::Cow;

/// The phrases whose "token" may be a parser's (lowercase).
const PARSER_TOKEN: &[&str] = &[
    "unexpected token",
    "unrecognized token",
    "unrecognised token",
];

/// `text` with the "token" of a parser's error written `lexeme`: a phrase of
/// [`PARSER_TOKEN`] followed by the quoted text it read (`'a'`, `"x"`, `<`, `` ` ``) or by
/// where it was (`in JSON`, `at position`).
pub(super) fn mask_parser_tokens(text: &str) -> Cow<'_, str> {
    if !text
        .as_bytes()
        .windows(5)
        .any(|w| w.eq_ignore_ascii_case(b"token"))
    {
        return Cow::Borrowed(text);
    }
    let lower = text.to_ascii_lowercase();
    let mut spans = Vec::new();
    for phrase in PARSER_TOKEN {
        let mut from = 0;
        while let Some(i) = lower[from..].find(phrase) {
            let start = from + i;
            let end = start + phrase.len();
            let after = lower[end..].trim_start();
            let quoted = after.starts_with(['\'', '"', '<', '`', '{', '[', '\u{2018}', '\u{201c}']);
            let placed = after.starts_with("in json") || after.starts_with("at position");
            if quoted || placed {
                // (the word "token" is the phrase's last five bytes; what it quotes is the
                // text read, which goes too: `'appToken'` is no credential's name)
                let quote_at = end + (lower.len() - end - after.len());
                let quoted_end = after
                    .chars()
                    .next()
                    .filter(|q| matches!(q, '\'' | '"' | '`'))
                    .and_then(|q| after[1..].find(q).filter(|n| *n <= 80))
                    .map(|n| quote_at + 1 + n);
                spans.push((
                    end - "token".len(),
                    end,
                    quoted_end.map(|e| (quote_at + 1, e)),
                ));
            }
            from = end;
        }
    }
    if spans.is_empty() {
        return Cow::Borrowed(text);
    }
    spans.sort_unstable();
    let mut out = String::with_capacity(text.len() + 2 * spans.len());
    let mut at = 0;
    for (word, word_end, quoted) in spans {
        if word < at {
            continue;
        }
        out.push_str(&text[at..word]);
        out.push_str("lexeme");
        at = word_end;
        if let Some((from, to)) = quoted {
            out.push_str(&text[at..from]);
            at = to;
        }
    }
    out.push_str(&text[at..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::mask_parser_tokens;

    #[test]
    fn a_parsers_token_is_no_credential() {
        assert_eq!(
            mask_parser_tokens("Unrecognized token 'appToken': was expecting ('true')"),
            "Unrecognized lexeme '': was expecting ('true')"
        );
        assert_eq!(
            mask_parser_tokens("Unexpected token < in JSON at position 0"),
            "Unexpected lexeme < in JSON at position 0"
        );
        assert_eq!(
            mask_parser_tokens("SyntaxError: Unexpected token in JSON at position 12"),
            "SyntaxError: Unexpected lexeme in JSON at position 12"
        );
    }

    #[test]
    fn a_credentials_token_stays() {
        for text in [
            "Invalid token",
            "Unexpected token type: refresh",
            "unexpected token audience",
            "token expired",
        ] {
            assert_eq!(mask_parser_tokens(text), text);
        }
    }
}
