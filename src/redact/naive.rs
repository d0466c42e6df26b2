//! A naive reference for [`Scrubber`](super::Scrubber): what it hides, computed the slow and
//! obvious way, for the property tests and the fuzz checks to compare it with, text by text.
//!
//! The rules, as the scrubber implements them with a byte filter, a lazy hash set and
//! deduplicated forms:
//!
//! - A secret is trimmed of ASCII whitespace; shorter than 4 bytes, or `REDACTED` (what a
//!   redacted URL holds), it is ignored.
//! - Its forms: as sent; form-urlencoded and percent-encoded, each with upper- and lower-case
//!   hex escapes; base64 (no padding) of its whole 3-byte groups from offsets 0, 1 and 2, so
//!   that it is found inside a larger blob. Bytes compare with `-` equal to `+` and `_` equal to
//!   `/` everywhere, which covers base64url too.
//! - A form of 4 or 5 bytes is matched whole, wherever it occurs. A longer one is matched by its 6-byte windows:
//!   a partial echo of 6 bytes is hidden, not only a whole one. Windows that lie entirely in
//!   the secret's first `skip` bytes as that form spells them (a user name, by default an
//!   issuer prefix such as `sk_live_`) are not matched, so an explanation can name them; the
//!   base64 forms skip nothing.
//! - Every word (as [`words`] cuts them) that touches a match is hidden whole, and so is a word
//!   with three mask characters in a row, or that ends with a secret's last 4 characters
//!   (secrets of 8 bytes or more) alone or after a mask, `…`, `.`, `x` or `#`.
//! - In text, each run of hidden characters becomes one `[REDACTED]`, after the text was
//!   neutralized, its URLs redacted and it was cut to 4 KiB (the scrubber's own helpers, which
//!   have tests of their own), and the result is cut to 4 KiB again. In a URL, only the path
//!   and query are searched, and each `/?&;=`-separated segment with a match becomes `REDACTED`.
//!
//! Which secrets a request carries (`Scrubber::for_credentials`, `Scrubber::with_url`) is not
//! modelled here: the caller lists them, each with its skip.

use super::text::{
    cap, has_mask_run, is_mask_char, lower_hex_escapes, neutralize, percent_encode, redact_urls_in,
    words,
};
use super::{GRAM, MIN_SECRET, REDACTED, SCRUBBED};
use crate::credential::{token_prefix, trim_ascii};
use base64::{Engine, engine::general_purpose::STANDARD_NO_PAD};

pub(crate) struct Naive {
    /// Byte strings to hide wherever they occur: short forms whole, windows of longer ones.
    pieces: Vec<Vec<u8>>,
    /// The last 4 characters of each secret of 8 bytes or more.
    tails: Vec<String>,
    extra: Vec<String>,
}

impl Naive {
    /// Secrets, each with its leading bytes not to hide (`None`: its issuer prefix, if any).
    pub(crate) fn new(secrets: &[(&[u8], Option<usize>)], extra: &[String]) -> Self {
        let (mut pieces, mut tails) = (Vec::new(), Vec::new());
        for &(raw, skip) in secrets {
            let raw = trim_ascii(raw);
            if raw.len() < MIN_SECRET || raw == REDACTED.as_bytes() {
                continue;
            }
            let skip = skip.unwrap_or_else(|| token_prefix(raw).map_or(0, |p| p.prefix.len()));
            let head = &raw[..skip.min(raw.len())];
            let form = |b: &[u8]| url::form_urlencoded::byte_serialize(b).collect::<String>();
            let mut forms = vec![(raw.to_vec(), head.len())];
            for (f, h) in [
                (form(raw), form(head)),
                (percent_encode(raw), percent_encode(head)),
            ] {
                forms.push((lower_hex_escapes(&f).into_bytes(), h.len()));
                forms.push((f.into_bytes(), h.len()));
            }
            for k in 0..3.min(raw.len()) {
                let body = &raw[k..];
                let groups = STANDARD_NO_PAD.encode(&body[..body.len() / 3 * 3]);
                forms.push((groups.into_bytes(), 0));
            }
            for (f, skip) in forms.into_iter().filter(|(f, _)| f.len() >= MIN_SECRET) {
                if f.len() < GRAM {
                    pieces.push(f);
                } else {
                    let windows = f.windows(GRAM).enumerate();
                    pieces.extend(
                        windows
                            .filter(|(i, _)| i + GRAM > skip)
                            .map(|(_, w)| w.to_vec()),
                    );
                }
            }
            if let Some(text) = std::str::from_utf8(raw).ok().filter(|_| raw.len() >= 8) {
                let chars: Vec<char> = text.chars().collect();
                tails.push(chars[chars.len() - 4..].iter().collect());
            }
        }
        Naive {
            pieces,
            tails,
            extra: extra.to_vec(),
        }
    }

    #[cfg_attr(not(test), allow(dead_code))] // for the unit tests only
    pub(crate) fn is_empty(&self) -> bool {
        self.pieces.is_empty()
    }

    /// Which bytes of `b`, from `from` on, a piece covers.
    fn marks(&self, b: &[u8], from: usize) -> Vec<bool> {
        let norm = |c: u8| match c {
            b'-' => b'+',
            b'_' => b'/',
            c => c,
        };
        let mut hit = vec![false; b.len()];
        for p in &self.pieces {
            for i in from..(b.len() + 1).saturating_sub(p.len()) {
                if b[i..i + p.len()]
                    .iter()
                    .zip(p)
                    .all(|(x, y)| norm(*x) == norm(*y))
                {
                    hit[i..i + p.len()].fill(true);
                }
            }
        }
        hit
    }

    pub(crate) fn scrub(&self, text: &str) -> String {
        let text = neutralize(text);
        let text = redact_urls_in(&text, &self.extra);
        let text = cap(&text);
        let mut hit = self.marks(text.as_bytes(), 0);
        for (start, end) in words(text) {
            let word = &text[start..end];
            let core = word.trim_end_matches('.');
            let tail_echo = self.tails.iter().any(|t| {
                core.strip_suffix(t.as_str()).is_some_and(|before| {
                    before.is_empty()
                        || before
                            .ends_with(|c| is_mask_char(c) || matches!(c, '…' | '.' | 'x' | '#'))
                })
            });
            if hit[start..end].contains(&true) || has_mask_run(word) || tail_echo {
                hit[start..end].fill(true);
            }
        }
        let (mut out, mut hidden_before) = (String::new(), false);
        for (i, c) in text.char_indices() {
            let hidden = hit[i..i + c.len_utf8()].contains(&true);
            if !hidden {
                out.push(c);
            } else if !hidden_before {
                out.push_str(SCRUBBED);
            }
            hidden_before = hidden;
        }
        cap(&out).to_owned()
    }

    #[cfg_attr(not(test), allow(dead_code))] // for the unit tests only
    pub(crate) fn scrub_url(&self, url: String) -> String {
        let after_scheme = url.find("://").map_or(0, |i| i + 3);
        let Some(tail) = url[after_scheme..]
            .find(['/', '?'])
            .map(|i| i + after_scheme)
        else {
            return url;
        };
        let hit = self.marks(url.as_bytes(), tail);
        let (mut out, mut at) = (url[..tail].to_owned(), tail);
        for seg in url[tail..].split(['/', '?', '&', ';', '=']) {
            let hidden = !seg.is_empty() && hit[at..at + seg.len()].contains(&true);
            out.push_str(if hidden { REDACTED } else { seg });
            at += seg.len();
            // The separator, one ASCII byte.
            if let Some(sep) = url[at..].chars().next() {
                out.push(sep);
                at += 1;
            }
        }
        out
    }
}
