//! The scrubber: finds the secrets a request carried, whole, encoded or in part, in server
//! text, and the entry points that scrub findings, error URLs and response URLs with it.

use std::cell::{Cell, OnceCell};

use base64::Engine;
use base64::engine::general_purpose::STANDARD_NO_PAD;
use url::Url;

use super::index::{GramSet, KEY_BIT, MAX_SEARCHES, TripleSet, holds_at, norm, roll};
use super::text::{
    cap, decode_ascii_escapes, decode_printable_escapes, decode_visible_escapes, has_mask_run,
    is_mask_char, lower_hex_escapes, neutralize, percent_encode, redact_urls_in, sigv4_secrets,
    words,
};
use super::url::{
    could_be_random_key, is_secret_segment, is_sensitive_in, redact_url, url_has_secrets,
};
use super::{GRAM, MIN_SECRET, REDACTED, SCRUBBED};
use crate::credential::{
    self, Credential, CredentialKind, KNOWN_SCHEMES, Location, decode, is_token_shaped,
    shown_scheme,
};
use crate::finding::Finding;
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
/// [`Scrubber::scrub`] then marks every window of the text found in the index, widens each mark
/// to its whole word, and replaces each marked run by `[REDACTED]`. Cost: linear in the text.
///
/// Adding a secret only stores its forms (each distinct form once) and notes, in a bit filter,
/// which runs of three bytes they hold. A text is walked once; a window is a candidate only
/// when its four runs of three bytes are all in the filter (a window of a form always is), and
/// a candidate is looked for in the forms themselves or, after a few such searches, in a hash
/// set of every window, built then. Text that echoes no secret rarely has a candidate.
///
/// It holds pieces of secrets, so it has no `Debug`.
#[derive(Clone, Default)]
pub(crate) struct Scrubber {
    /// The indexed forms, back to back.
    arena: Vec<u8>,
    /// Each indexed form: its range in `arena` and the first window of it that is indexed.
    forms: Vec<Form>,
    /// How many windows the forms have to index (0: none; repeated windows count each time).
    windows: usize,
    /// The runs of three bytes of the indexed windows (empty until a form is indexed).
    triples: TripleSet,
    /// Every window, in a hash set built once searching the forms has been done often enough.
    grams: OnceCell<GramSet>,
    /// How many windows were searched for in the forms.
    searches: Cell<usize>,
    /// Secret forms of 4 or 5 bytes: matched whole.
    short: Vec<Vec<u8>>,
    /// Identifiers a token carries of its holder (`sub`, `jti`): matched whole only, never by
    /// their pieces (a subject `acme-billing-user` must not blank every "user").
    whole: Vec<Vec<u8>>,
    /// The last 4 characters of each secret of 8 bytes or more.
    tails: Vec<String>,
    /// Extra sensitive query names, for URLs met in text.
    pub(super) extra: Vec<String>,
    /// Length of the shortest form of 6 bytes or more (0: none yet).
    min_form: usize,
}

/// A form in [`Scrubber::arena`] (its bytes through [`norm`]): `arena[start..end]`, indexed from
/// window `first` on.
#[derive(Clone, Copy)]
struct Form {
    start: usize,
    end: usize,
    first: usize,
}

/// A partial echo counts from this many bytes (or a whole short secret). Six bytes do collide
/// now and then with request ids or words inside structured credentials; a withheld id is the
/// price of never printing a piece of a key.
const MIN_PIECE: usize = GRAM;

impl Scrubber {
    /// A scrubber for these secrets.
    #[cfg_attr(not(test), allow(dead_code))] // used by tests and `scrub_text`
    pub(crate) fn new<'a>(secrets: impl IntoIterator<Item = &'a Secret>) -> Self {
        let mut s = Scrubber::default();
        for secret in secrets {
            s.add_secret(secret.expose_secret(), None);
        }
        s
    }

    /// A scrubber for every credential of a request, with the configured sensitive query names.
    pub(crate) fn for_credentials(credentials: &[Credential], extra: &[String]) -> Self {
        let mut s = Scrubber {
            extra: extra.to_vec(),
            ..Scrubber::default()
        };
        for c in credentials {
            let raw = c.secret.expose_secret();
            // `Authorization: Bearer` with nothing after it: the scheme word is no secret, and
            // hiding it would blank every `Bearer` of the evidence.
            let bare_scheme = c.scheme.is_none()
                && std::str::from_utf8(raw).is_ok_and(|w| {
                    KNOWN_SCHEMES
                        .iter()
                        .any(|k| k.eq_ignore_ascii_case(w.trim()))
                });
            if bare_scheme {
                continue;
            }
            let sas = sas_signature(raw);
            match (c.kind, &c.location) {
                // The header holds non-secret scope text (`SignedHeaders=host;x-amz-date`,
                // `aws4_request`); the secrets are the signature and the access key id.
                (CredentialKind::AwsSigV4, _) => {
                    for part in sigv4_secrets(raw) {
                        s.add_secret(part, None);
                    }
                }
                // The same layout under other names (Tencent Cloud's `TC3-HMAC-SHA256`, …):
                // `Credential=<key id>/<scope>, SignedHeaders=…, Signature=<hex>`.
                _ if memchr::memmem::find(raw, b"Credential=").is_some()
                    && memchr::memmem::find(raw, b"Signature=").is_some() =>
                {
                    for part in sigv4_secrets(raw) {
                        s.add_secret(part, None);
                    }
                }
                // RFC 5849 §3.5.1: the parameter names, the nonce, the timestamp and the
                // method are no secret; the key, the token and the signature are.
                _ if c
                    .scheme
                    .as_deref()
                    .is_some_and(|k| k.eq_ignore_ascii_case("oauth"))
                    && memchr::memmem::find(raw, b"oauth_").is_some() =>
                {
                    for value in oauth1_secrets(raw) {
                        s.add_secret(value, None);
                        let decoded = decode(&String::from_utf8_lossy(value)).into_owned();
                        s.add_secret(decoded.as_bytes(), None);
                    }
                }
                // RFC 7616 §3.4: a Digest answer repeats the challenge (realm, nonce, opaque),
                // the URI and the user name; only `response`, the hash of the password, is
                // secret.
                _ if c
                    .scheme
                    .as_deref()
                    .is_some_and(|k| k.eq_ignore_ascii_case("digest")) =>
                {
                    for value in digest_secrets(raw) {
                        s.add_secret(value, None);
                    }
                }
                // Any other scheme of parameters (`hmac algorithm="hmac-sha256",
                // headers="x-date", signature="…"`, `EAN APIKey=…,Signature=…`): the names,
                // the algorithm and the list of signed headers are no secret, and hiding them
                // would blank words such as "header" in every sentence.
                _ if is_param_list(raw) => {
                    for value in param_secrets(raw) {
                        s.add_secret(value, None);
                    }
                }
                // A shared access signature in query form (Azure's `SharedAccessSignature
                // sr=<resource URL>&sig=<signature>&se=<expiry>&skn=<policy name>`): the
                // resource, the expiry and the policy's name are no secret, and hiding them
                // would blank the resource's words wherever the server names it.
                _ if sas.is_some() => {
                    if let Some(sig) = sas {
                        s.add_secret(sig, None);
                        let decoded = decode(&String::from_utf8_lossy(sig)).into_owned();
                        s.add_secret(decoded.as_bytes(), None);
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
            if c.kind == CredentialKind::Jwt {
                for id in crate::jwt::identities(raw) {
                    if !s.whole.iter().any(|w| *w == id.as_bytes()) {
                        s.whole.push(id.into_bytes());
                    }
                }
            }
            if let Some(scheme) = c.scheme.as_deref() {
                if shown_scheme(scheme).is_none() {
                    s.add_secret(scheme.as_bytes(), None);
                }
            }
            // Servers that log which key they refused echo its SHA-256 ("Key Hash (Token) =
            // 610d…"): the whole hash identifies the key as well as the key would. (The
            // fingerprint this crate shows is a short prefix of it, kept short on purpose.)
            if raw.len() >= 8 {
                use sha2::Digest;
                let hex: String = sha2::Sha256::digest(raw)
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect();
                s.add_secret(hex.as_bytes(), Some(crate::secret::FINGERPRINT_HEX_LEN));
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
            // As it was written: `Url::set_password` escapes ASCII delimiters (`=` as `%3D`)
            // but leaves a `%` alone, so `a=b%A0cd` becomes `a%3Db%A0cd`, which neither the
            // decoded nor the written form above matches.
            let ascii = decode_ascii_escapes(p);
            if ascii != p && ascii != decoded {
                self.add_secret(ascii.as_bytes(), None);
            }
            // And as typed with a literal escape of a control character (`%0A`) beside the
            // delimiters `set_password` escaped: `a=b%0A?c` stored as `a%3Db%0A%3Fc`.
            let printable = decode_printable_escapes(p);
            if printable != p && printable != decoded && printable != ascii {
                self.add_secret(printable.as_bytes(), None);
            }
            // Or with a literal `%20` (a space's escape, typed so): `a%A=A%20?aA%` stored as
            // `a%A%3DA%20%3FaA%`.
            let visible = decode_visible_escapes(p);
            if visible != p && visible != decoded && visible != ascii && visible != printable {
                self.add_secret(visible.as_bytes(), None);
            }
        }
        if let Some(q) = url.query() {
            for pair in q.split(['&', ';']) {
                let value = match pair.split_once('=') {
                    Some((k, v)) => {
                        let decoded = decode(v);
                        (is_sensitive_in(k, q, &self.extra)
                            || is_token_shaped(&decoded)
                            || could_be_random_key(k, v))
                        .then_some((decoded, v))
                    }
                    None => {
                        Some((decode(pair), pair)).filter(|(v, _)| credential::is_nameless_key(v))
                    }
                };
                if let Some((decoded, raw)) = value {
                    self.add_secret(decoded.as_bytes(), None);
                    self.add_secret(raw.as_bytes(), None);
                }
            }
        }
        for seg in url.path().split('/') {
            let seg = decode(seg);
            if is_secret_segment(&seg) {
                self.add_secret(seg.as_bytes(), None);
            }
        }
        for (_, secret, _) in credential::path_secrets(url.host_str().unwrap_or(""), url.path()) {
            self.add_secret(secret.as_bytes(), None);
        }
        self
    }

    /// Whether the scrubber knows no secret (it still neutralizes control characters, redacts
    /// URLs and masked echoes).
    pub(crate) fn is_empty(&self) -> bool {
        self.windows == 0 && self.short.is_empty() && self.whole.is_empty()
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
        let skip = skip.unwrap_or_else(|| {
            credential::token_prefix(raw).map_or_else(|| readable_prefix(raw), |p| p.prefix.len())
        });
        let head = &raw[..skip.min(raw.len())];
        // Forms, each with its leading bytes not to index. Most are equal for URL-safe secrets
        // (JWTs, most API keys): `add_form` indexes each once.
        self.add_form(raw, head.len());
        // Bytes that both encodings keep as they are: the encoded forms are the raw bytes.
        let unreserved = raw
            .iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.' | b'_'));
        if !unreserved {
            let form: String = url::form_urlencoded::byte_serialize(raw).collect();
            let form_head = url::form_urlencoded::byte_serialize(head)
                .map(str::len)
                .sum();
            let pct = percent_encode(raw);
            let pct_head = percent_encode(head).len();
            // Both hex cases: `%2F` and `%2f` are the same byte.
            if form.contains('%') {
                self.add_form(lower_hex_escapes(&form).as_bytes(), form_head);
            }
            self.add_form(form.as_bytes(), form_head);
            if pct.contains('%') {
                self.add_form(lower_hex_escapes(&pct).as_bytes(), pct_head);
            }
            self.add_form(pct.as_bytes(), pct_head);
        }
        let mut encoded = String::with_capacity(raw.len() / 3 * 4 + 4);
        for k in 0..3.min(raw.len()) {
            // Only whole 3-byte groups: their characters do not depend on neighbouring bytes.
            let body = &raw[k..];
            let body = &body[..body.len() / 3 * 3];
            // base64url differs only in `-_`, which `roll` reads as `+/`.
            encoded.clear();
            STANDARD_NO_PAD.encode_string(body, &mut encoded);
            self.add_form(encoded.as_bytes(), 0);
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

    pub(super) fn add_form(&mut self, form: &[u8], skip: usize) {
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
        // Windows `i` with `i + GRAM > skip`: those not entirely inside the skipped head.
        let first = skip.saturating_sub(GRAM - 1);
        let count = (form.len() - GRAM + 1).saturating_sub(first);
        if count == 0 {
            return;
        }
        let start = self.arena.len();
        if self.arena.capacity() == 0 {
            // Room for the usual forms of a first secret at once: the raw bytes and three base64
            // encodings.
            self.arena.reserve(form.len() * 5 + 16);
        }
        self.arena.extend_from_slice(form);
        // `norm`, written so that it is done many bytes at a time.
        for b in &mut self.arena[start..] {
            *b = match *b {
                b'-' => b'+',
                b'_' => b'/',
                c => c,
            };
        }
        let known = self
            .forms
            .iter()
            .any(|f| f.first == first && self.arena[f.start..f.end] == self.arena[start..]);
        if known {
            self.arena.truncate(start);
            return;
        }
        self.triples.insert_all(&self.arena[start + first..]);
        self.forms.push(Form {
            start,
            end: self.arena.len(),
            first,
        });
        self.windows += count;
        self.grams = OnceCell::new();
    }

    /// The keys of every indexed window, in order.
    fn each_key(&self, mut f: impl FnMut(u64)) {
        for form in &self.forms {
            let mut key = 0u64;
            for (j, &b) in self.arena[form.start..form.end].iter().enumerate() {
                key = roll(key, b);
                if j + 1 >= GRAM + form.first {
                    f(key | KEY_BIT);
                }
            }
        }
    }

    /// Whether a candidate window (its key, from [`roll`]) is indexed.
    pub(super) fn holds(&self, key: u64) -> bool {
        if let Some(grams) = self.grams.get() {
            return grams.contains(key);
        }
        let searched = self.searches.get();
        if searched >= MAX_SEARCHES {
            let grams = self.grams.get_or_init(|| {
                let mut set = GramSet::with_capacity(self.windows);
                self.each_key(|k| set.insert(k));
                set
            });
            return grams.contains(key);
        }
        self.searches.set(searched + 1);
        let window = &key.to_le_bytes()[..GRAM];
        // In each form from its first indexed window on, so that every match counts (a search
        // of the whole arena would report non-overlapping matches only, and could pass over an
        // indexed window that overlaps a match across two forms or in a skipped head).
        let finder = memchr::memmem::Finder::new(window);
        self.forms
            .iter()
            .any(|f| finder.find(&self.arena[f.start + f.first..f.end]).is_some())
    }

    /// Calls `found` with the start of every window of `bytes` from `from` on that is indexed,
    /// in order.
    fn each_gram(&self, bytes: &[u8], from: usize, mut found: impl FnMut(usize)) {
        if self.windows == 0 {
            return;
        }
        let triples = &self.triples.0;
        let Some(text) = bytes.get(from..).filter(|t| t.len() >= GRAM) else {
            return;
        };
        // The last three bytes read, the oldest lowest (as `TripleSet::insert_all` reads them),
        // and how many runs of three in a row, up to the one ending at `j`, the filter holds.
        let mut t = u32::from(norm(text[0])) << 8 | u32::from(norm(text[1])) << 16;
        let mut run = 0usize;
        for (j, &b) in text.iter().enumerate().skip(2) {
            t = (t >> 8) | (u32::from(norm(b)) << 16);
            let bit = TripleSet::bit(t);
            if triples[bit / 64] & (1 << (bit % 64)) == 0 {
                run = 0;
                continue;
            }
            run += 1;
            if run >= GRAM - 2 {
                let start = j + 1 - GRAM;
                let key = text[start..=j].iter().fold(0, |key, b| roll(key, norm(*b)));
                if self.holds(key | KEY_BIT) {
                    found(from + start);
                }
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
        // Allocated at the first mark: most texts hold nothing to hide.
        let mut hit: Vec<bool> = Vec::new();
        let mut any = false;
        if self.windows > 0 && bytes.len() >= GRAM {
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
                    mark(hit, bytes.len(), start, end);
                    *any = true;
                }
            };
            self.each_gram(bytes, 0, |i| {
                run = Some(match run {
                    Some((start, end)) if i <= end => (start, i + GRAM),
                    Some(done) => {
                        close(done, &mut hit, &mut any);
                        (i, i + GRAM)
                    }
                    None => (i, i + GRAM),
                });
            });
            if let Some(done) = run {
                close(done, &mut hit, &mut any);
            }
        }
        for s in self.short.iter().chain(&self.whole) {
            for i in 0..(bytes.len() + 1).saturating_sub(s.len()) {
                if holds_at(bytes, i, s) {
                    mark(&mut hit, bytes.len(), i, i + s.len());
                    any = true;
                }
            }
        }
        // A token-shaped word right after a credential's noun ("invalid token: <value>") is an
        // echo of a credential this middleware may not have seen (one in a body it does not
        // read, an XML-RPC parameter): hidden whatever it is.
        if may_name_a_credential(bytes) {
            let mut prev: Option<&str> = None;
            for (start, end) in words(text) {
                let word = &text[start..end];
                if prev.is_some_and(is_credential_noun)
                    && word.len() >= 16
                    && (is_token_shaped(word) || credential::is_random_key(word.as_bytes()))
                {
                    mark(&mut hit, bytes.len(), start, end);
                    any = true;
                }
                prev = Some(word);
            }
        }
        // A word is dropped for a mark inside it, a run of masks or a secret's tail: a text
        // with none of the three is not cut into words.
        if any
            || may_hold_mask_run(text)
            || self.tails.iter().any(|t| holds_bytes(bytes, t.as_bytes()))
        {
            for (start, end) in words(text) {
                let word = &text[start..end];
                if hit.get(start..end).is_some_and(|h| h.contains(&true))
                    || has_mask_run(word)
                    || self.is_tail_echo(word)
                {
                    mark(&mut hit, bytes.len(), start, end);
                    any = true;
                }
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
        let mut hit: Vec<bool> = Vec::new();
        let mut any = false;
        self.each_gram(bytes, tail, |i| {
            mark(&mut hit, bytes.len(), i, i + GRAM);
            any = true;
        });
        for s in &self.short {
            for i in tail..(bytes.len() + 1).saturating_sub(s.len()) {
                if holds_at(bytes, i, s) {
                    mark(&mut hit, bytes.len(), i, i + s.len());
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

/// The values of an OAuth 1.0 `Authorization` header's parameters that are secrets: all but
/// the nonce, the timestamp, the signature method, the version, the callback and the realm.
fn oauth1_secrets(v: &[u8]) -> Vec<&[u8]> {
    const PUBLIC: &[&[u8]] = &[
        b"oauth_nonce",
        b"oauth_timestamp",
        b"oauth_signature_method",
        b"oauth_version",
        b"oauth_callback",
        b"realm",
    ];
    auth_params(v)
        .filter(|(name, value)| {
            !PUBLIC.iter().any(|p| name.eq_ignore_ascii_case(p)) && !value.is_empty()
        })
        .map(|(_, value)| value)
        .collect()
}

/// The `sig` of a credential written as a query string of several parameters
/// (`sr=…&sig=…&se=…`), when it has one.
fn sas_signature(v: &[u8]) -> Option<&[u8]> {
    if !v.contains(&b'&') {
        return None;
    }
    v.split(|b| *b == b'&')
        .filter_map(|pair| {
            let eq = pair.iter().position(|b| *b == b'=')?;
            Some((&pair[..eq], &pair[eq + 1..]))
        })
        .find(|(name, value)| {
            (name.eq_ignore_ascii_case(b"sig") || name.eq_ignore_ascii_case(b"signature"))
                && !value.is_empty()
        })
        .map(|(_, value)| value)
}

/// The values of a Digest `Authorization` header's parameters that are secrets: the
/// `response` hash (and `userhash` user names, RFC 7616 §3.4.4, are left readable).
fn digest_secrets(v: &[u8]) -> Vec<&[u8]> {
    auth_params(v)
        .filter(|(name, value)| name.eq_ignore_ascii_case(b"response") && !value.is_empty())
        .map(|(_, value)| value)
        .collect()
}

/// The length of a key's readable prefix of an issuer this crate does not know
/// (`persona_sandbox_`, `rdme_`): lowercase words, each followed by `_`, before at least 12
/// bytes of the key itself. Not secret, and hiding it would blank words such as "sandbox" in
/// every sentence.
///
/// Only up to three words, and only before a key's random part (letters and digits mixed): the
/// words of a passphrase (`correct_horse_battery_staple_…`) are its secret.
fn readable_prefix(raw: &[u8]) -> usize {
    // A scheme sent twice (`Bearer Bearer <token>`): the second is the scheme's name, which
    // challenges and messages hold too, not the secret.
    if let Some(sp) = raw.iter().position(|b| *b == b' ') {
        if credential::KNOWN_SCHEMES
            .iter()
            .any(|k| k.as_bytes().eq_ignore_ascii_case(&raw[..sp]))
        {
            return sp + 1 + readable_prefix(&raw[sp + 1..]);
        }
    }
    let mut at = 0;
    for _ in 0..3 {
        let Some(i) = raw[at..].iter().position(|b| *b == b'_') else {
            break;
        };
        let word = &raw[at..at + i];
        if word.is_empty() || word.len() > 12 || !word.iter().all(u8::is_ascii_lowercase) {
            break;
        }
        at += i + 1;
    }
    let rest = &raw[at..];
    let keyish = rest.len() >= 12
        && rest.iter().any(u8::is_ascii_digit)
        && rest.iter().any(u8::is_ascii_alphabetic)
        && !rest.contains(&b'_');
    if keyish { at } else { 0 }
}

/// Whether a credential is a list of two or more `name=value` parameters and nothing else.
fn is_param_list(v: &[u8]) -> bool {
    let parts = v
        .split(|b| *b == b',')
        .filter(|p| !credential::trim_ascii(p).is_empty());
    let mut n = 0;
    for part in parts {
        // `name=value` with a name of a token's characters before the first `=`
        let Some(i) = part.iter().position(|b| *b == b'=') else {
            return false;
        };
        let name = credential::trim_ascii(&part[..i]);
        if name.is_empty()
            || !name
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-')
        {
            return false;
        }
        n += 1;
    }
    n >= 2
}

/// The values of a parameter list that may be secret: all but those of parameters that
/// describe the credential (its algorithm, the headers it signs, a version, a time, a nonce).
fn param_secrets(v: &[u8]) -> Vec<&[u8]> {
    const DESCRIPTORS: &[&str] = &[
        "algorithm",
        "alg",
        "headers",
        "signedheaders",
        "version",
        "realm",
        "created",
        "expires",
        "timestamp",
        "ts",
        "nonce",
        "qop",
        "nc",
        "charset",
        "method",
        "type",
    ];
    auth_params(v)
        .filter(|(name, value)| {
            !value.is_empty()
                && !DESCRIPTORS
                    .iter()
                    .any(|d| name.eq_ignore_ascii_case(d.as_bytes()))
        })
        .map(|(_, value)| value)
        .collect()
}

/// The `name=value` parameters of an `Authorization` value (RFC 9110 §11.4 auth-params), with
/// the quotes of quoted values taken off. A comma inside a quoted value splits it; the
/// parameters read here (hashes, keys, signatures) hold none.
fn auth_params(v: &[u8]) -> impl Iterator<Item = (&[u8], &[u8])> {
    v.split(|b| *b == b',').filter_map(|part| {
        let i = part.iter().position(|b| *b == b'=')?;
        let name = credential::trim_ascii(&part[..i]);
        let value = credential::trim_ascii(&part[i + 1..]);
        let value = value.strip_prefix(b"\"").unwrap_or(value);
        let value = value.strip_suffix(b"\"").unwrap_or(value);
        Some((name, value))
    })
}

/// Marks `hit[start..end]`, allocating `hit` (for a text of `len` bytes) at the first mark.
fn mark(hit: &mut Vec<bool>, len: usize, start: usize, end: usize) {
    if hit.is_empty() {
        hit.resize(len, false);
    }
    hit[start..end].fill(true);
}

/// Whether `needle` (a few bytes) occurs in `hay`: cheaper than a substring searcher for the
/// short needles and texts scrubbed here.
pub(super) fn holds_bytes(hay: &[u8], needle: &[u8]) -> bool {
    let Some((&first, rest)) = needle.split_first() else {
        return true;
    };
    memchr::memchr_iter(first, hay).any(|i| hay[i + 1..].starts_with(rest))
}

/// Whether a text may hold a run of three mask characters ([`has_mask_run`] on a whole text is
/// true exactly when it is true on one of its words: masks are word characters).
fn may_hold_mask_run(text: &str) -> bool {
    if text.is_ascii() {
        // `*` is the only ASCII mask character.
        return holds_bytes(text.as_bytes(), b"***");
    }
    has_mask_run(text)
}

pub(super) fn push_segment(out: &mut String, seg: &str, hidden: bool) {
    out.push_str(if hidden && !seg.is_empty() {
        REDACTED
    } else {
        seg
    });
}

/// Server text made safe to store and print; see [`Scrubber::scrub`]. Builds a [`Scrubber`] for
/// one use: build one with [`Scrubber::new`] to scrub many strings.
#[cfg_attr(not(test), allow(dead_code))] // the one-shot form, for tests and fuzzing
pub(crate) fn scrub_text(text: &str, secrets: &[&Secret]) -> String {
    Scrubber::new(secrets.iter().copied()).scrub(text)
}

/// Findings with their messages scrubbed of the request's secrets (pre-flight promises they hold
/// none; this makes sure).
pub(crate) fn scrub_findings(
    mut findings: Vec<Finding>,
    credentials: &[Credential],
    extra: &[String],
) -> Vec<Finding> {
    if findings.is_empty() {
        return findings;
    }
    let scrubber = Scrubber::for_credentials(credentials, extra);
    for f in &mut findings {
        f.message = scrubber.scrub(&f.message);
    }
    findings
}

/// The URL of a request as it may be logged: [`redact_url`], then every known secret removed.
pub(crate) fn url_for_log(url: &Url, credentials: &[Credential], extra: &[String]) -> String {
    let redacted = redact_url(url, extra);
    if credentials.is_empty() {
        return redacted;
    }
    Scrubber::for_credentials(credentials, extra).scrub_url(redacted)
}

/// Rewrites the URL a transport error carries (and prints in `Display`) to its logged form.
pub(crate) fn redact_error(
    err: &mut reqwest_middleware::Error,
    credentials: &[Credential],
    extra: &[String],
) {
    if let Some(u) = err.url_mut() {
        if let Ok(r) = Url::parse(&url_for_log(u, credentials, extra)) {
            *u = r;
        }
    }
}

/// Whether a response's `url()` carries a secret (a sensitive query value, userinfo, a
/// token-shaped segment, or one of `secrets`), so that `error_for_status`, body decode errors
/// and `Debug` of the response could leak it. Allocation-free when there is nothing to hide.
pub(crate) fn response_url_needs_redaction<'a>(
    url: &Url,
    mut secrets: impl Iterator<Item = &'a [u8]>,
    extra: &[String],
) -> bool {
    let secret_inside = secrets.any(|s| {
        let s = credential::trim_ascii(s);
        s.len() >= MIN_SECRET && url.as_str().as_bytes().windows(s.len()).any(|w| w == s)
    });
    secret_inside || url_has_secrets(url, extra) || url.fragment().is_some()
}

/// The response with its `url()` replaced by the redacted form. Call it when
/// [`response_url_needs_redaction`] says so.
pub(crate) fn redact_response_url(
    resp: reqwest::Response,
    credentials: &[Credential],
    extra: &[String],
) -> reqwest::Response {
    use reqwest::ResponseBuilderExt;

    let url = resp.url();
    let Ok(redacted) = Url::parse(&url_for_log(url, credentials, extra)) else {
        return resp;
    };
    let (mut parts, body) = http::Response::<reqwest::Body>::from(resp).into_parts();
    // `url()` lives in a private extension of reqwest; `ResponseBuilderExt::url` sets it.
    if let Ok(with_url) = http::Response::builder().url(redacted).body(()) {
        parts.extensions.extend(with_url.into_parts().0.extensions);
    }
    reqwest::Response::from(http::Response::from_parts(parts, body))
}

/// Whether a text may hold a credential's noun (`token`, `key`, `secret`, …), by a byte search
/// that most texts fail at once.
fn may_name_a_credential(bytes: &[u8]) -> bool {
    ["token", "key", "secret", "session", "password", "signature"]
        .iter()
        .any(|n| {
            bytes
                .windows(n.len())
                .any(|w| w.eq_ignore_ascii_case(n.as_bytes()))
        })
}

/// A word that names a credential, as servers write it before echoing one.
fn is_credential_noun(word: &str) -> bool {
    let w = word.trim_end_matches([':', '=']).to_ascii_lowercase();
    matches!(
        w.as_str(),
        "token"
            | "key"
            | "apikey"
            | "api_key"
            | "api-key"
            | "secret"
            | "password"
            | "session"
            | "sessionid"
            | "session_id"
            | "signature"
            | "access_token"
            | "accesstoken"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::redact::MAX_TEXT_BYTES;

    #[test]
    fn scrubs_echoes() {
        let s = Secret::new("sk_live_FAKESECRET1234abcd");
        let cases = [
            "Invalid API Key provided: sk_live_FAKESECRET1234abcd",
            "Invalid API Key provided: sk_live_FAK***abcd",
            "Invalid API Key provided: *****abcd",
            "Invalid API Key provided: sk_live_…abcd",
            "key FAKESECRET1234 is wrong",
            "key ending in abcd.",
            "encoded c2tfbGl2ZV9GQUtFU0VDUkVUMTIzNGFiY2Q= here",
            "embedded dXNlcjpza19saXZlX0ZBS0VTRUNSRVQxMjM0YWJjZA== here",
            "split sk_live_FAKE\u{200b}SECRET1234abcd here",
            "url https://h.example/?k=sk_live_FAKESECRET1234abcd here",
        ];
        for c in cases {
            let out = scrub_text(c, &[&s]);
            assert!(!out.contains("FAKE"), "{out}");
            assert!(!out.contains("abcd"), "{out}");
            assert!(out.contains("REDACTED"), "{out}");
        }
        assert_eq!(scrub_text("line\r\nforged", &[]), "line  forged");
        // a scheme-looking run after a multi-byte character (found by the property test)
        assert_eq!(scrub_text("\u{10d8e}://", &[]), "\u{10d8e}://");
        assert_eq!(
            scrub_text("é https://h.example/?sig=abc", &[]),
            "é https://h.example/?sig=REDACTED"
        );
        assert_eq!(scrub_text("Bad credentials", &[&s]), "Bad credentials");
        // the issuer prefix alone is not the secret: explanations may name it
        assert_eq!(
            scrub_text("a live key (sk_live_) was sent", &[&s]),
            "a live key (sk_live_) was sent"
        );
    }

    #[test]
    fn secrets_with_metacharacters_and_non_ascii() {
        let s = Secret::new("p@ss:w0rd!(.*+?)[x]{2}|^$\\é€");
        for c in [
            "echo p@ss:w0rd!(.*+?)[x]{2}|^$\\é€ end",
            "echo w0rd!(.*+? end",
            "echo p%40ss%3Aw0rd%21%28.%2A%2B%3F%29 end",
            "echo p%40ss%3Aw0rd%21%28.*%2B%3F%29 end",
        ] {
            let out = scrub_text(c, &[&s]);
            assert!(!out.contains("w0rd"), "{c} -> {out}");
            assert!(out.starts_with("echo ") && out.ends_with(" end"), "{out}");
        }
    }

    #[test]
    fn neutralizes_log_injection() {
        let out = scrub_text("a\u{1b}[31mred\u{85}b\u{2028}c\u{202e}d\u{200b}e\tf", &[]);
        assert_eq!(out, "a [31mred b cde f");
    }

    #[test]
    fn masked_words_and_caps() {
        assert_eq!(
            scrub_text("key sk-proj-abc*****xyz is invalid", &[]),
            "key [REDACTED] is invalid"
        );
        assert_eq!(scrub_text("**bold** text", &[]), "**bold** text");
        let long = "a".repeat(10_000);
        assert_eq!(scrub_text(&long, &[]).len(), MAX_TEXT_BYTES);
    }

    #[test]
    fn a_readable_prefix_stays_readable() {
        let c = Credential::new(
            Location::Header(http::header::AUTHORIZATION),
            None,
            Secret::new("persona_sandbox_FAKESECRET5e0c1a7b92d4"),
        );
        let s = Scrubber::for_credentials(&[c], &[]);
        let out = s.scrub(
            "a sandbox key was sent to persona's host: persona_sandbox_FAKESECRET5e0c1a7b92d4",
        );
        assert!(
            out.contains("a sandbox key was sent to persona's host"),
            "{out}"
        );
        assert!(!out.contains("FAKESECRET"), "{out}");
        assert!(!out.contains("5e0c1a7b92d4"), "{out}");
        // A passphrase's words are its secret.
        let c = Credential::new(
            Location::Header(http::header::AUTHORIZATION),
            None,
            Secret::new("correct_horse_battery_staple_tonight"),
        );
        let s = Scrubber::for_credentials(&[c], &[]);
        let out = s.scrub("echo: correct_horse_battery");
        assert!(!out.contains("horse_battery"), "{out}");
    }

    #[test]
    fn a_parameter_list_hides_its_values_not_its_names() {
        let c = Credential::new(
            Location::Header(http::header::AUTHORIZATION),
            Some("hmac".into()),
            Secret::new(
                r#"algorithm="hmac-sha256", headers="x-nhn-date", signature="FAKESECRETq0vYb1Lz7gU3mX9sE4tK2rN6wA8cD5fH=""#,
            ),
        );
        let s = Scrubber::for_credentials(&[c], &[]);
        let out = s.scrub("the 401 carries no WWW-Authenticate header; echo: signature=\"FAKESECRETq0vYb1Lz7gU3mX9sE4tK2rN6wA8cD5fH=\" with headers=\"x-nhn-date\"");
        assert!(!out.contains("FAKESECRET"), "{out}");
        assert!(out.contains("WWW-Authenticate header;"), "{out}");
        assert!(out.contains("x-nhn-date"), "{out}");
        let c = Credential::new(
            Location::Header(http::header::AUTHORIZATION),
            Some("EAN".into()),
            Secret::new("APIKey=FAKESECRETrapidKey1a2b3c,Signature=FAKESECRET7f3a9c1e5b2d8f4a"),
        );
        let s = Scrubber::for_credentials(&[c], &[]);
        let out = s.scrub("key FAKESECRETrapidKey1a2b3c sig FAKESECRET7f3a9c1e5b2d8f4a");
        assert!(!out.contains("FAKESECRET"), "{out}");
    }

    #[test]
    fn basic_and_userinfo_passwords() {
        let c = Credential::new(
            Location::Header(http::header::AUTHORIZATION),
            Some("Basic".into()),
            Secret::new(base64::engine::general_purpose::STANDARD.encode("alice:hunter2-extra")),
        );
        let s = Scrubber::for_credentials(&[c], &[]);
        assert_eq!(
            s.scrub("wrong password hunter2-extra for alice"),
            "wrong password [REDACTED] for alice"
        );
    }

    #[test]
    fn sigv4_scrubs_the_signature_not_the_scope() {
        let v = "Credential=AKIAIOSFODNN7EXAMPLE/20240101/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024";
        let c = Credential::new(
            Location::Header(http::header::AUTHORIZATION),
            Some("AWS4-HMAC-SHA256".into()),
            Secret::new(v),
        );
        let s = Scrubber::for_credentials(&[c], &[]);
        let out = s.scrub("<AWSAccessKeyId>AKIAIOSFODNN7EXAMPLE</AWSAccessKeyId><SignatureProvided>fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024</SignatureProvided> sign x-amz-date");
        assert!(
            !out.contains("AKIAIOSFODNN7EXAMPLE") && !out.contains("fe5f80f7"),
            "{out}"
        );
        assert!(out.ends_with("sign x-amz-date"), "{out}");
    }

    #[test]
    fn sigv4_key_id_after_a_stray_space_is_still_scrubbed() {
        let v = "Credential= AKIA4FAKEKEYID5UVWX/20261205/eu-central-1/cloud9/aws4_request, SignedHeaders=host, Signature= 0123abcd0123abcd0123abcd";
        let c = Credential::new(
            Location::Header(http::header::AUTHORIZATION),
            Some("AWS4-HMAC-SHA256".into()),
            Secret::new(v),
        );
        let s = Scrubber::for_credentials(&[c], &[]);
        let out = s.scrub("'AKIA4FAKEKEYID5UVWX/20261205/eu-central-1/cloud9/aws4_request' not a valid key=value pair; 0123abcd0123abcd0123abcd");
        assert!(
            !out.contains("AKIA4FAKEKEYID5UVWX") && !out.contains("0123abcd"),
            "{out}"
        );
        assert!(out.contains("' not a valid key=value pair"), "{out}");
    }

    #[test]
    fn secrets_of_the_url_are_known_as_written_too() {
        // `%00` and a lone `%` in a hand-written password: the bytes differ once decoded
        let u = Url::parse("http://svc:aa%A%00&A%0%@h.example/").unwrap();
        let s = Scrubber::default().with_url(&u);
        assert_eq!(s.scrub("echo aa%A%00&A%0% here"), "echo [REDACTED] here");
    }

    #[test]
    fn a_password_with_a_written_escape_and_a_delimiter_is_known_as_written() {
        // `set_password` turns `=` into `%3D` but keeps `%A0`: the password as written is
        // neither the URL's text nor its decoding.
        let mut u = Url::parse("http://h.example/x").unwrap();
        u.set_username("svc").unwrap();
        u.set_password(Some("A=A%A0=a&00%")).unwrap();
        let s = Scrubber::default().with_url(&u);
        assert_eq!(s.scrub("bad key: A=A%A0=a&0****"), "bad key: [REDACTED]");
        assert_eq!(decode_ascii_escapes("a%3Db%A0%zz%4"), "a=b%A0%zz%4");
        assert_eq!(decode_ascii_escapes("é%41%"), "éA%");
    }

    #[test]
    fn a_password_with_a_control_characters_escape_typed_in_is_known_as_typed() {
        // `0a=Aa%0A?0%a%` is stored as `0a%3DAa%0A%3F0%a%`: decoded, `%0A` becomes a line
        // break the password never had.
        let mut u = Url::parse("http://h.example/x").unwrap();
        u.set_username("svc").unwrap();
        u.set_password(Some("0a=Aa%0A?0%a%")).unwrap();
        let s = Scrubber::default().with_url(&u);
        assert_eq!(
            s.scrub("Invalid API key provided: 0a=Aa%0A?0%a%"),
            "Invalid API key provided: [REDACTED]"
        );
        assert_eq!(decode_printable_escapes("a%3Db%0A%3Fc"), "a=b%0A?c");
    }

    #[test]
    fn secrets_of_the_url_are_known() {
        let u = Url::parse("https://u:p%2Bw0rd1@h.example/x?a=1;token=Semi7Colon9&key=").unwrap();
        let s = Scrubber::default().with_url(&u);
        assert_eq!(
            s.scrub("echo Semi7Colon9 and p+w0rd1"),
            "echo [REDACTED] and [REDACTED]"
        );
    }

    #[test]
    fn urls_scrubbed_of_known_secrets() {
        let s = Scrubber::new([&Secret::new("FAKESECRET123")]);
        assert_eq!(
            s.scrub_url("https://h.example/u/FAKESECRET123/x?foo=FAKESECRET123&a=1".into()),
            "https://h.example/u/REDACTED/x?foo=REDACTED&a=1"
        );
        assert_eq!(
            s.scrub_url("https://h.example/ok".into()),
            "https://h.example/ok"
        );
    }

    #[test]
    fn scrubbed_text_stays_within_the_cap() {
        // Found by the `scrub_text` fuzz target: each replacement is longer than the masked word
        // it replaces, so text cut to the cap grew past it again.
        let out = scrub_text(&"*** ".repeat(1024), &[]);
        assert!(out.len() <= MAX_TEXT_BYTES, "{} bytes", out.len());
        assert!(out.starts_with("[REDACTED] [REDACTED] "), "{out}");
    }

    #[test]
    fn short_needles() {
        assert!(holds_bytes(b"a://b", b"://"));
        assert!(holds_bytes(b"**:***", b"***"));
        assert!(!holds_bytes(b"**:**", b"***"));
        assert!(!holds_bytes(b"ab", b"abc"));
        assert!(holds_bytes(b"x", b""));
    }

    /// The byte filter and the lazy index never miss a window the full index finds: every
    /// window of every form, alone or inside other text, is found at its place.
    #[test]
    fn byte_filter_never_rejects_a_form() {
        let secrets = [
            "FAKESECRET0123456789",
            "sk_live_FAKE0123456789abcdef",
            "p@ss w/rd+%é€",
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.FAKESIGNATURE_-x",
        ];
        for secret in secrets {
            // One scrubber used for every window (it soon builds its hash set), and a fresh one
            // for each (it searches the forms).
            let fresh = Scrubber::new([&Secret::new(secret)]);
            let used = fresh.clone();
            assert!(fresh.windows > 0);
            for f in &fresh.forms {
                let form = &fresh.arena[f.start..f.end];
                for i in f.first..=form.len() - GRAM {
                    let w = &form[i..i + GRAM];
                    for (before, after) in [("", ""), ("text ", " more"), ("\u{2022}", "*")] {
                        let text = [before.as_bytes(), w, after.as_bytes()].concat();
                        for s in [&used, &fresh.clone()] {
                            let mut found = Vec::new();
                            s.each_gram(&text, 0, |at| found.push(at));
                            assert!(found.contains(&before.len()), "{secret:?} window {i}");
                        }
                    }
                }
            }
            assert!(used.grams.get().is_some());
        }
    }
}
