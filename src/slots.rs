//! The memory of the memos: a fixed number of keyed entries, the oldest replaced first.
//!
//! Keys are keyed hashes (never a secret); the memos that use this (clean header values,
//! requests found clean, warnings already given) each add their own lock and hasher.

/// At most `N` entries by key; a new key takes the next slot round robin.
pub(crate) struct Slots<V, const N: usize> {
    entries: [Option<(u64, V)>; N],
    next: usize,
}

impl<V, const N: usize> Default for Slots<V, N> {
    fn default() -> Self {
        Slots {
            entries: std::array::from_fn(|_| None),
            next: 0,
        }
    }
}

impl<V, const N: usize> Slots<V, N> {
    /// The entry of `key`, if it is held.
    pub(crate) fn get(&self, key: u64) -> Option<&V> {
        self.entries
            .iter()
            .flatten()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v)
    }

    /// Holds `value` under `key`: in the slot `key` already has, else in place of the oldest.
    pub(crate) fn insert(&mut self, key: u64, value: V) {
        let i = match self
            .entries
            .iter()
            .position(|e| e.as_ref().is_some_and(|(k, _)| *k == key))
        {
            Some(i) => i,
            None => {
                let i = self.next;
                self.next = (i + 1) % N;
                i
            }
        };
        self.entries[i] = Some((key, value));
    }

    /// How many entries are held.
    pub(crate) fn len(&self) -> usize {
        self.entries.iter().flatten().count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holds_at_most_n_and_replaces_the_oldest() {
        let mut s: Slots<u32, 3> = Slots::default();
        for k in 1..=3 {
            s.insert(k, k as u32 * 10);
        }
        s.insert(2, 99);
        assert_eq!(s.get(2), Some(&99));
        assert_eq!(s.len(), 3);
        s.insert(4, 40);
        assert_eq!(s.get(1), None, "the oldest went first");
        assert_eq!(s.get(4), Some(&40));
        assert_eq!(s.len(), 3);
    }
}
