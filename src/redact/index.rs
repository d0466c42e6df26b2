//! The window index of the scrubber: rolling 6-byte keys, the filter of 3-byte runs and the
//! hash set of windows.

use super::GRAM;

/// Set in every key, so that no key is 0 (an empty slot).
pub(super) const KEY_BIT: u64 = 1 << 63;

/// The key of a window that ends one byte further: the window's six bytes in the low 48 bits,
/// the first byte lowest. Bytes are read through [`norm`] first (base64url's `-` and `_` as
/// base64's `+` and `/`, so one index serves both alphabets). `key` holds the previous window
/// (or fewer bytes at the start of a text); [`KEY_BIT`] is added by the caller.
pub(super) fn roll(key: u64, normed: u8) -> u64 {
    ((key & 0xFFFF_FFFF_FFFF) >> 8) | (u64::from(normed) << (8 * (GRAM - 1)))
}

/// Windows searched for in the forms themselves before a hash set of every window is built: a
/// text that holds a secret has many.
pub(super) const MAX_SEARCHES: usize = 64;

/// A filter of runs of three bytes: one bit of 2^14 (2 KiB, held inline: a heap block of that
/// size costs more in the allocator than clearing it) per run, chosen by a multiplicative hash.
/// It never rejects a run that was added.
#[derive(Clone)]
pub(super) struct TripleSet(pub(super) [u64; (1 << TripleSet::LOG) / 64]);

impl Default for TripleSet {
    fn default() -> Self {
        TripleSet([0; (1 << TripleSet::LOG) / 64])
    }
}

impl TripleSet {
    const LOG: u32 = 14;

    /// `t`: three bytes, the oldest lowest.
    pub(super) fn bit(t: u32) -> usize {
        (t.wrapping_mul(0x9E37_79B1) >> (32 - Self::LOG)) as usize
    }

    /// Adds every run of three adjacent bytes of `bytes`.
    pub(super) fn insert_all(&mut self, bytes: &[u8]) {
        if bytes.len() < 3 {
            return;
        }
        let bits = &mut self.0;
        let mut t = u32::from(bytes[0]) << 8 | u32::from(bytes[1]) << 16;
        for &b in &bytes[2..] {
            t = (t >> 8) | (u32::from(b) << 16);
            let bit = Self::bit(t);
            bits[bit / 64] |= 1 << (bit % 64);
        }
    }
}

pub(super) fn norm(b: u8) -> u8 {
    const TABLE: [u8; 256] = {
        let mut t = [0u8; 256];
        let mut i = 0;
        while i < 256 {
            t[i] = i as u8;
            i += 1;
        }
        t[b'-' as usize] = b'+';
        t[b'_' as usize] = b'/';
        t
    };
    TABLE[b as usize]
}

/// Whether `text` holds `form` at `i`, compared as window keys compare (through [`norm`]).
pub(super) fn holds_at(text: &[u8], i: usize, form: &[u8]) -> bool {
    text[i..i + form.len()]
        .iter()
        .zip(form)
        .all(|(a, b)| norm(*a) == norm(*b))
}

/// An open-addressing set of gram keys: one multiply and usually one probe per lookup.
#[derive(Clone, Default)]
pub(super) struct GramSet {
    slots: Vec<u64>,
    len: usize,
}

impl GramSet {
    /// Room for `n` keys without growing.
    pub(super) fn with_capacity(n: usize) -> Self {
        let mut set = GramSet::default();
        set.reserve(n);
        set
    }

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

    pub(super) fn insert(&mut self, k: u64) {
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

    pub(super) fn contains(&self, k: u64) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::redact::Scrubber;

    fn gram_key(w: &[u8]) -> u64 {
        w.iter().fold(0, |k, b| roll(k, norm(*b))) | KEY_BIT
    }

    #[test]
    fn gram_set() {
        let mut g = GramSet::default();
        for i in 0..1000 {
            g.insert(gram_key(format!("{i:06}").as_bytes()));
        }
        assert_eq!(g.len, 1000);
        for i in 0..1000 {
            assert!(g.contains(gram_key(format!("{i:06}").as_bytes())));
        }
        assert!(!g.contains(gram_key(b"zzzzzz")));
    }

    #[test]
    fn a_window_overlapping_an_unindexed_match_is_found() {
        // Windows from 2 on are indexed; `aaaaaa` also occurs at 0, in the skipped head, and
        // a search for non-overlapping matches would see only that one.
        let mut s = Scrubber::default();
        s.add_form(b"aaaaaaaaab", 7);
        assert!(s.holds(gram_key(b"aaaaaa")));
        // Across two forms: the first match of `aaaaaa` straddles the seam, the indexed one
        // starts a byte later.
        let mut s = Scrubber::default();
        s.add_form(b"qqqqqqqa", 0);
        s.add_form(b"aaaaaaz", 0);
        assert!(!s.holds(gram_key(b"qqqaaa")));
        assert!(s.holds(gram_key(b"aaaaaa")));
        assert_eq!(s.scrub("echo aaaaaa"), "echo [REDACTED]");
    }

    #[test]
    fn rolling_keys_are_the_windows() {
        // The key of a window depends on its six bytes only, whatever came before it.
        let text = b"xyzabc-def_ghi";
        let mut key = 0;
        for (j, b) in text.iter().enumerate() {
            key = roll(key, norm(*b));
            if j + 1 >= GRAM {
                assert_eq!(key | KEY_BIT, gram_key(&text[j + 1 - GRAM..=j]), "{j}");
            }
        }
        assert_eq!(gram_key(b"a-b_cd"), gram_key(b"a+b/cd"));
        assert_ne!(gram_key(b"abcdef"), gram_key(b"abcdeg"));
    }
}
