//! A credential quoted back with no value: what a server prints for a parameter it never
//! received (`invalid authKey ""`, `Invalid apikey 'null'`).

/// Quotes around nothing.
const EMPTY: &[&str] = &["\"\"", "''", "``", "\u{201c}\u{201d}"];

/// A null literal in quotes, as a server prints a value it never received.
const NULL_QUOTES: &[&str] = &[
    "'null'",
    "\"null\"",
    "'undefined'",
    "\"undefined\"",
    "'None'",
    "\"None\"",
    "'nil'",
    "\"nil\"",
];

/// Whether `messages` quote the credential the server received as empty (`invalid authKey
/// ""`, `Invalid API key: ''`), or, to a request that sent no credential (`sent_credential`
/// false), as a null literal (`Invalid apikey 'null'`): a request that sent the literal itself
/// is judged by its own value.
pub(crate) fn quotes_no_value(messages: &[String], sent_credential: bool) -> bool {
    messages.iter().any(|m| {
        quoted_after_credential_word(m, EMPTY)
            || (!sent_credential && quoted_after_credential_word(m, NULL_QUOTES))
    })
}

/// Whether one of `quotes` follows a word naming a credential (`authKey ""`, `apikey 'null'`).
fn quoted_after_credential_word(m: &str, quotes: &[&str]) -> bool {
    const NOUNS: &[&str] = &[
        "key",
        "token",
        "secret",
        "password",
        "passwd",
        "auth",
        "credential",
        "signature",
    ];
    quotes.iter().any(|q| {
        m.match_indices(q).any(|(at, _)| {
            let after = m[at + q.len()..].chars().next();
            if after.is_some_and(char::is_alphanumeric) {
                return false;
            }
            let before = m[..at].trim_end_matches([' ', ':', '=']);
            // (the word right before the quotes: letters, digits, `_` and `-`)
            let start = before
                .rfind(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
                .map_or(0, |i| {
                    i + before[i..].chars().next().map_or(1, char::len_utf8)
                });
            let word = before[start..].to_ascii_lowercase();
            !word.is_empty() && NOUNS.iter().any(|n| word.contains(n))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::quotes_no_value;

    fn empty(m: &str) -> bool {
        quotes_no_value(&[m.to_owned()], true)
    }

    #[test]
    fn an_empty_quoted_credential_is_one_not_received() {
        assert!(empty(
            "invalid authKey \"\". It must match the value from -forceMergeAuthKey"
        ));
        assert!(empty("Invalid API key: ''"));
        assert!(empty("token=\"\" is not valid"));
        assert!(!empty("Invalid API key: 'sk_live_abc'"));
        assert!(!empty("field \"\" is not allowed"));
        assert!(!empty("name '' is empty"));
    }

    #[test]
    fn a_null_literal_counts_only_when_nothing_was_sent() {
        let m = ["Invalid apikey 'null'".to_owned()];
        assert!(quotes_no_value(&m, false));
        assert!(!quotes_no_value(&m, true));
        assert!(!quotes_no_value(
            &["user 'null' not found".to_owned()],
            false
        ));
    }
}
