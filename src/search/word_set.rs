//! [`WordSet`]: a set of surface words (a query's matches, the forms a
//! phrase word accepts), looked up for every word of a result's text.

/// Sorted words without repeats, searched by bisection. Sorted through
/// std's [`std::collections::BinaryHeap`] (the sets are small, a few hundred
/// words at most): `sort_unstable` here links a second copy of std's sort
/// into the wasm, 1.3 KB gzip more (`cargo xtask site`, then `gzip -9` of
/// `papersift_bg.wasm`); a `BTreeSet` links a stable sort and the B-tree.
#[derive(Debug, Default)]
pub(super) struct WordSet<'a>(Vec<&'a str>);

impl<'a> FromIterator<&'a str> for WordSet<'a> {
    fn from_iter<I: IntoIterator<Item = &'a str>>(iter: I) -> Self {
        let heap: std::collections::BinaryHeap<&str> = iter.into_iter().collect();
        let mut words = heap.into_sorted_vec();
        words.dedup();
        WordSet(words)
    }
}

impl WordSet<'_> {
    pub(super) fn contains(&self, word: &str) -> bool {
        self.0.binary_search(&word).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_set_holds_each_word_once_and_finds_them_all() {
        let words = ["net", "attention", "net", "a", "zeta", "attention", ""];
        let set: WordSet = words.iter().copied().collect();
        assert_eq!(set.0, ["", "a", "attention", "net", "zeta"]);
        for w in words {
            assert!(set.contains(w), "{w:?}");
        }
        for w in ["ne", "nets", "b", "attentio"] {
            assert!(!set.contains(w), "{w:?}");
        }
        let empty: WordSet = std::iter::empty().collect();
        assert!(!empty.contains(""));
    }
}
