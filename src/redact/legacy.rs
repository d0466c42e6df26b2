//! The scrubber as it was before the index became lazy and filtered: a reference the tests
//! compare the current one with, text by text.

#![allow(dead_code)]

use base64::Engine;
use base64::engine::general_purpose::STANDARD_NO_PAD;
use url::Url;

use super::index::{holds_at, norm};
use super::scrubber::push_segment;
use super::text::{
    cap, decode_ascii_escapes, has_mask_run, is_mask_char, lower_hex_escapes, neutralize,
    percent_encode, redact_urls_in, sigv4_secrets, words,
};
use super::url::is_sensitive_param;
use super::{GRAM, MIN_SECRET, REDACTED, SCRUBBED};
use crate::credential::{
    self, Credential, CredentialKind, Location, decode, is_token_shaped, shown_scheme,
};
use crate::secret::Secret;

/// Finds the secrets of a request, and their encoded forms, in text.
///
/// Built once per failure from the request's credentials, then applied to every string the
/// explanation stores. For each secret it indexes every 6-byte window of:
/// the bytes as sent; their `application/x-www-form-urlencoded` and RFC 3986 percent-encodings;
/// base64 and base64url at the three byte alignments (so a secret inside a larger base64 blob is
/// found too); and, for Basic and URL userinfo credentials, the decoded `user:password` and the
/// password alone. A window that lies entirely inside a known issuer prefix (`sk_live_`) or a
/// user name is not indexed, so explanations can still name the prefix or the user.
///
/// [`LegacyScrubber::scrub`] then marks every window of the text found in the index, widens each mark
/// to its whole word, and replaces each marked run by `[REDACTED]`. Cost: linear in the text,
/// one hash probe per byte.
///
/// It holds pieces of secrets, so it has no `Debug`.
#[derive(Clone, Default)]
pub(crate) struct LegacyScrubber {
    grams: LegacyGramSet,
    /// Secret forms of 4 or 5 bytes: matched whole.
    short: Vec<Vec<u8>>,
    /// The last 4 characters of each secret of 8 bytes or more.
    tails: Vec<String>,
    /// Extra sensitive query names, for URLs met in text.
    extra: Vec<String>,
    /// Length of the shortest form indexed in `grams` (0: none yet).
    min_form: usize,
}

/// A partial echo counts from this many bytes (or a whole short secret). Six bytes do collide
/// now and then with request ids or words inside structured credentials; a withheld id is the
/// price of never printing a piece of a key.
const MIN_PIECE: usize = GRAM;

impl LegacyScrubber {
    /// A scrubber for these secrets.
    #[cfg_attr(not(test), allow(dead_code))] // used by tests and `scrub_text`
    pub(crate) fn new<'a>(secrets: impl IntoIterator<Item = &'a Secret>) -> Self {
        let mut s = LegacyScrubber::default();
        for secret in secrets {
            s.add_secret(secret.expose_secret(), None);
        }
        s
    }

    /// A scrubber for every credential of a request, with the configured sensitive query names.
    pub(crate) fn for_credentials(credentials: &[Credential], extra: &[String]) -> Self {
        let mut s = LegacyScrubber {
            extra: extra.to_vec(),
            ..LegacyScrubber::default()
        };
        for c in credentials {
            let raw = c.secret.expose_secret();
            match (c.kind, &c.location) {
                // The header holds non-secret scope text (`SignedHeaders=host;x-amz-date`,
                // `aws4_request`); the secrets are the signature and the access key id.
                (CredentialKind::AwsSigV4, _) => {
                    for part in sigv4_secrets(raw) {
                        s.add_secret(part, None);
                    }
                }
                (CredentialKind::Basic, Location::UrlUserinfo) => s.add_user_pass(raw),
                (CredentialKind::Basic, _) => {
                    s.add_secret(raw, None);
                    if let Ok(decoded) = base64::engine::general_purpose::STANDARD.decode(raw) {
                        s.add_user_pass(&decoded);
                    }
                }
                _ => s.add_secret(raw, None),
            }
            if let Some(scheme) = c.scheme.as_deref() {
                if shown_scheme(scheme).is_none() {
                    s.add_secret(scheme.as_bytes(), None);
                }
            }
        }
        s
    }

    /// Also treats as secrets what [`redact_url`] hides in `url`: the password of its userinfo,
    /// the values of its sensitive query parameters (`;`-separated ones too, which credential
    /// discovery does not read) and its token-shaped values and path segments.
    ///
    /// Each value is indexed decoded and as written: `%00` or `%A` in a hand-written URL make the
    /// two differ in ways a re-encoding does not reproduce.
    pub(crate) fn with_url(mut self, url: &Url) -> Self {
        if let Some(p) = url.password() {
            let decoded = decode(&p.replace('+', "%2B")).into_owned();
            self.add_secret(decoded.as_bytes(), None);
            self.add_secret(p.as_bytes(), None);
            let ascii = decode_ascii_escapes(p);
            if ascii != p && ascii != decoded {
                self.add_secret(ascii.as_bytes(), None);
            }
        }
        if let Some(q) = url.query() {
            for pair in q.split(['&', ';']) {
                let value = match pair.split_once('=') {
                    Some((k, v)) => {
                        let decoded = decode(v);
                        (is_sensitive_param(&decode(k), &self.extra) || is_token_shaped(&decoded))
                            .then_some((decoded, v))
                    }
                    None => Some((decode(pair), pair)).filter(|(v, _)| is_token_shaped(v)),
                };
                if let Some((decoded, raw)) = value {
                    self.add_secret(decoded.as_bytes(), None);
                    self.add_secret(raw.as_bytes(), None);
                }
            }
        }
        for seg in url.path().split('/') {
            let seg = decode(seg);
            if is_token_shaped(&seg) {
                self.add_secret(seg.as_bytes(), None);
            }
        }
        self
    }

    /// Whether the scrubber knows no secret (it still neutralizes control characters, redacts
    /// URLs and masked echoes).
    pub(crate) fn is_empty(&self) -> bool {
        self.grams.len == 0 && self.short.is_empty()
    }

    fn add_user_pass(&mut self, pair: &[u8]) {
        match pair.iter().position(|b| *b == b':') {
            Some(i) => {
                self.add_secret(pair, Some(i + 1));
                self.add_secret(&pair[i + 1..], None);
            }
            None => self.add_secret(pair, None),
        }
    }

    /// Indexes a secret and its encoded forms. `skip`: leading bytes that are not secret (a user
    /// name); by default, the secret's known issuer prefix.
    fn add_secret(&mut self, raw: &[u8], skip: Option<usize>) {
        let raw = credential::trim_ascii(raw);
        // `REDACTED` is what an already redacted URL holds, not a secret.
        if raw.len() < MIN_SECRET || raw == REDACTED.as_bytes() {
            return;
        }
        let skip =
            skip.unwrap_or_else(|| credential::token_prefix(raw).map_or(0, |p| p.prefix.len()));
        let head = &raw[..skip.min(raw.len())];
        // Forms as (bytes, leading bytes not to index). Most are equal for URL-safe secrets
        // (JWTs, most API keys): index each once.
        let mut forms: Vec<(Vec<u8>, usize)> = Vec::with_capacity(11);
        let form: String = url::form_urlencoded::byte_serialize(raw).collect();
        let form_head = url::form_urlencoded::byte_serialize(head)
            .map(str::len)
            .sum();
        let pct = percent_encode(raw);
        let pct_head = percent_encode(head).len();
        forms.push((raw.to_vec(), head.len()));
        // Both hex cases: `%2F` and `%2f` are the same byte.
        forms.push((lower_hex_escapes(&form).into_bytes(), form_head));
        forms.push((form.into_bytes(), form_head));
        forms.push((lower_hex_escapes(&pct).into_bytes(), pct_head));
        forms.push((pct.into_bytes(), pct_head));
        for k in 0..3.min(raw.len()) {
            // Only whole 3-byte groups: their characters do not depend on neighbouring bytes.
            let body = &raw[k..];
            let body = &body[..body.len() / 3 * 3];
            // base64url differs only in `-_`, which `gram_key` reads as `+/`.
            forms.push((STANDARD_NO_PAD.encode(body).into_bytes(), 0));
        }
        forms.sort_unstable();
        forms.dedup();
        self.grams.reserve(
            forms
                .iter()
                .map(|(f, _)| f.len().saturating_sub(GRAM - 1))
                .sum(),
        );
        for (f, skip) in &forms {
            self.add_form(f, *skip);
        }
        if raw.len() >= 8 {
            if let Ok(text) = std::str::from_utf8(raw) {
                let start = text.char_indices().rev().nth(3).map_or(0, |(i, _)| i);
                let tail = text[start..].to_owned();
                if !self.tails.contains(&tail) {
                    self.tails.push(tail);
                }
            }
        }
    }

    fn add_form(&mut self, form: &[u8], skip: usize) {
        if form.len() < MIN_SECRET {
            return;
        }
        if form.len() < GRAM {
            if !self.short.iter().any(|s| s == form) {
                self.short.push(form.to_vec());
            }
            return;
        }
        self.min_form = match self.min_form {
            0 => form.len(),
            m => m.min(form.len()),
        };
        for (i, w) in form.windows(GRAM).enumerate() {
            if i + GRAM > skip {
                self.grams.insert(legacy_gram_key(w));
            }
        }
    }

    /// Text made safe to store and print.
    ///
    /// - Control characters (C0, DEL, C1, U+2028/U+2029) become spaces and invisible format
    ///   characters (zero-width, bidi overrides) are removed, so a server message can neither
    ///   forge log lines nor hide an echo.
    /// - URLs in the text are redacted like [`redact_url`].
    /// - Every echo of a known secret (whole, in part from 6 bytes, percent-encoded, base64) is
    ///   replaced, with the word around it, by `[REDACTED]`.
    /// - A word with a run of three mask characters (`sk_live_ab***`, `••••abcd`) is dropped
    ///   whole, known secret or not; so is a word ending in a secret's last 4 characters after a
    ///   mask (`…abcd`, `xxxxabcd`) or made of them alone.
    /// - The result is cut to 4 KiB.
    pub(crate) fn scrub(&self, text: &str) -> String {
        self.scrub_pieces_of(text, MIN_PIECE)
    }

    fn scrub_pieces_of(&self, text: &str, min_piece: usize) -> String {
        let text = neutralize(text);
        let text = redact_urls_in(&text, &self.extra);
        let text = cap(&text);
        let bytes = text.as_bytes();
        let mut hit = vec![false; bytes.len()];
        let mut any = false;
        if self.grams.len > 0 && bytes.len() >= GRAM {
            let min_run = min_piece.min(self.min_form.max(GRAM));
            // Consecutive matching windows form one run; only runs of `min_run` bytes count.
            let mut run: Option<(usize, usize)> = None;
            // A shorter run still counts next to a mask (`sk_live_abcd***`, `****wxyz12`).
            let masked = |start: usize, end: usize| {
                // Bytes, not `str`: a window edge may fall inside a multi-byte character.
                const MASKS: [&[u8]; 3] = [b"*", "\u{2026}".as_bytes(), "\u{2022}".as_bytes()];
                MASKS
                    .iter()
                    .any(|m| bytes[end..].starts_with(m) || bytes[..start].ends_with(m))
            };
            let close = |run: (usize, usize), hit: &mut Vec<bool>, any: &mut bool| {
                let (start, end) = run;
                if end - start >= min_run || masked(start, end) {
                    hit[start..end].fill(true);
                    *any = true;
                }
            };
            for i in 0..=bytes.len() - GRAM {
                if self.grams.contains(legacy_gram_key(&bytes[i..i + GRAM])) {
                    run = Some(match run {
                        Some((start, end)) if i <= end => (start, i + GRAM),
                        Some(done) => {
                            close(done, &mut hit, &mut any);
                            (i, i + GRAM)
                        }
                        None => (i, i + GRAM),
                    });
                }
            }
            if let Some(done) = run {
                close(done, &mut hit, &mut any);
            }
        }
        for s in &self.short {
            for i in 0..(bytes.len() + 1).saturating_sub(s.len()) {
                if holds_at(bytes, i, s) {
                    hit[i..i + s.len()].fill(true);
                    any = true;
                }
            }
        }
        for (start, end) in words(text) {
            let word = &text[start..end];
            if hit[start..end].contains(&true) || has_mask_run(word) || self.is_tail_echo(word) {
                hit[start..end].fill(true);
                any = true;
            }
        }
        if !any {
            return text.to_owned();
        }
        let mut out = String::with_capacity(text.len());
        let mut in_run = false;
        for (i, c) in text.char_indices() {
            if hit[i..i + c.len_utf8()].contains(&true) {
                if !in_run {
                    out.push_str(SCRUBBED);
                    in_run = true;
                }
            } else {
                in_run = false;
                out.push(c);
            }
        }
        // `[REDACTED]` is longer than a short masked word (`***`): cut again.
        out.truncate(cap(&out).len());
        out
    }

    /// A redacted URL (from [`redact_url`]) with every path segment or query value that holds a
    /// known secret replaced by `REDACTED`: a key sent under an unexpected name, or in the path.
    pub(crate) fn scrub_url(&self, url: String) -> String {
        if self.is_empty() {
            return url;
        }
        // Only the path and query: the scheme and host are not secret, and must stay parseable.
        let after_scheme = url.find("://").map_or(0, |i| i + 3);
        let Some(tail) = url[after_scheme..]
            .find(['/', '?'])
            .map(|i| i + after_scheme)
        else {
            return url;
        };
        let bytes = url.as_bytes();
        let mut hit = vec![false; bytes.len()];
        let mut any = false;
        if bytes.len() >= tail + GRAM {
            for i in tail..=bytes.len() - GRAM {
                if self.grams.contains(legacy_gram_key(&bytes[i..i + GRAM])) {
                    hit[i..i + GRAM].fill(true);
                    any = true;
                }
            }
        }
        for s in &self.short {
            for i in tail..(bytes.len() + 1).saturating_sub(s.len()) {
                if holds_at(bytes, i, s) {
                    hit[i..i + s.len()].fill(true);
                    any = true;
                }
            }
        }
        if !any {
            return url;
        }
        let mut out = String::with_capacity(url.len());
        out.push_str(&url[..tail]);
        let mut seg_start = tail;
        for (i, c) in url[tail..].char_indices().map(|(i, c)| (i + tail, c)) {
            if matches!(c, '/' | '?' | '&' | ';' | '=') {
                push_segment(
                    &mut out,
                    &url[seg_start..i],
                    hit[seg_start..i].contains(&true),
                );
                out.push(c);
                seg_start = i + 1;
            }
        }
        push_segment(
            &mut out,
            &url[seg_start..],
            hit[seg_start..].contains(&true),
        );
        out
    }

    /// `…abcd`, `xxxxabcd`, `****abcd` or `abcd` alone, where `abcd` ends a known secret.
    fn is_tail_echo(&self, word: &str) -> bool {
        if self.tails.is_empty() {
            return false;
        }
        let core = word.trim_end_matches('.');
        self.tails.iter().any(|tail| {
            core.strip_suffix(tail.as_str()).is_some_and(|before| {
                before.is_empty()
                    || before
                        .chars()
                        .next_back()
                        .is_some_and(|c| is_mask_char(c) || matches!(c, '…' | '.' | 'x' | '#'))
            })
        })
    }
}

/// Six bytes in a `u64` with its top bit set (so no key is 0), base64url's `-` and `_` read as
/// base64's `+` and `/` (one index then serves both alphabets).
fn legacy_gram_key(w: &[u8]) -> u64 {
    let mut k = 1u64 << 63;
    for (i, b) in w.iter().take(GRAM).enumerate() {
        k |= u64::from(norm(*b)) << (8 * i);
    }
    k
}

/// An open-addressing set of gram keys: one multiply and usually one probe per lookup.
#[derive(Clone, Default)]
struct LegacyGramSet {
    slots: Vec<u64>,
    len: usize,
}

impl LegacyGramSet {
    fn slot(&self, k: u64) -> usize {
        (k.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as usize & (self.slots.len() - 1)
    }

    /// Room for `more` keys without growing on the way.
    fn reserve(&mut self, more: usize) {
        let need = (self.len + more) * 2;
        if need <= self.slots.len() {
            return;
        }
        let size = need.next_power_of_two().max(64);
        let old = std::mem::replace(&mut self.slots, vec![0; size]);
        self.len = 0;
        for k in old.into_iter().filter(|k| *k != 0) {
            self.insert(k);
        }
    }

    fn insert(&mut self, k: u64) {
        if (self.len + 1) * 2 > self.slots.len() {
            self.reserve(self.len.max(32));
        }
        let mut i = self.slot(k);
        loop {
            match self.slots[i] {
                0 => {
                    self.slots[i] = k;
                    self.len += 1;
                    return;
                }
                x if x == k => return,
                _ => i = (i + 1) & (self.slots.len() - 1),
            }
        }
    }

    fn contains(&self, k: u64) -> bool {
        if self.len == 0 {
            return false;
        }
        let mut i = self.slot(k);
        loop {
            match self.slots[i] {
                0 => return false,
                x if x == k => return true,
                _ => i = (i + 1) & (self.slots.len() - 1),
            }
        }
    }
}
