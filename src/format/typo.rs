//! The typo shards of a split index: its surface words cut a second time,
//! by how they *end*, so that a word typed with a slip in its first letters
//! ("ipeline", "rpefix", "csaling") finds its neighbours ("pipeline",
//! "prefix", "scaling") although they sit in another bucket.
//!
//! A bucket holds the words that *begin* alike, which is where a typo after
//! the second letter lands. An edit in the first three letters (a letter
//! dropped, added, replaced, or two swapped) leaves a word's last letters
//! as they were: a word is filed in shard `hash(its last k letters)`, `k`
//! growing with its length ([`typo_key`]: 2 up to 5 letters, then one
//! more every two letters up to 6, so that the common endings, "-ing",
//! "-tion", spread over shards), and a query word of `n` letters looks in the shards of its own
//! last letters for the lengths `n - 1`, `n` and `n + 1` (one shard, two
//! where `k` steps). Each entry is a word and its global term, nothing
//! more: a query word that matches nothing in its own bucket fetches one
//! or two shards of a few KB, compares them by edit distance as it does
//! its bucket, and then the buckets of the terms it found.
//!
//! A word being typed (a prefix with a typo in its first letters) ends
//! otherwise than its word: only its own bucket is searched for it.

use super::codec::checksum;
use super::model::{Index, TypoRef, TypoShard};

/// At most this many typo shards (a root naming more is refused).
pub(super) const MAX_TYPO_SHARDS: usize = 4096;

/// How many last characters file a word of `n` characters: never one of
/// its first three, and one more every two letters up to six, so that
/// the common endings spread ("-tion" alone was 12 KB gzip at 50k papers;
/// now the largest shard is a third of that). A word's neighbours one
/// shorter and one longer are filed by at most one other count.
fn key_chars(n: usize) -> usize {
    match n {
        0..=5 => 2,
        _ => (3 + (n - 6) / 2).min(6),
    }
}

/// The last `k` characters of `word` (all of it when shorter).
fn last_chars(word: &str, k: usize) -> &str {
    let start = word.char_indices().rev().nth(k.saturating_sub(1));
    &word[start.map_or(0, |(i, _)| i)..]
}

/// What files `word` among the typo shards: its last few characters.
pub fn typo_key(word: &str) -> &str {
    last_chars(word, key_chars(word.chars().count()))
}

/// The shard that holds `word`, of `shards`.
pub fn typo_shard(word: &str, shards: u32) -> u32 {
    (checksum(typo_key(word).as_bytes()) % u64::from(shards.max(1))) as u32
}

/// The shards that hold the words one edit from `word` (the edit in any
/// but its last few letters): those filing words one shorter, as long
/// and one longer, each shard once, in order.
pub fn typo_shards_near(word: &str, shards: u32) -> Vec<u32> {
    let n = word.chars().count();
    let mut out: Vec<u32> = [n.saturating_sub(1), n, n + 1]
        .into_iter()
        .map(|len| last_chars(word, key_chars(len)))
        .map(|key| (checksum(key.as_bytes()) % u64::from(shards.max(1))) as u32)
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// `t-<build>-<n>.psi`.
pub fn typo_file(reference: TypoRef, shard: u32) -> String {
    format!("t-{:08x}-{shard}.psi", reference.build)
}

/// The index's words cut into typo shards of about `target` bytes each.
pub(super) fn cut_typo_shards(index: &Index, target: usize) -> Vec<TypoShard> {
    let bytes: usize = index.words.iter().map(|w| w.text.len() + 3).sum();
    let shards = bytes.div_ceil(target.max(1)).clamp(1, MAX_TYPO_SHARDS) as u32;
    let mut out: Vec<TypoShard> = (0..shards)
        .map(|shard| TypoShard {
            shard,
            words: Vec::new(),
        })
        .collect();
    // The index's words are sorted, so each shard's are.
    for word in &index.words {
        out[typo_shard(&word.text, shards) as usize]
            .words
            .push(word.clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_is_filed_by_its_last_letters_longer_words_by_more() {
        assert_eq!(typo_key("scan"), "an");
        assert_eq!(typo_key("prefix"), "fix");
        assert_eq!(typo_key("pipeline"), "line");
        assert_eq!(typo_key("configuration"), "ration");
        assert_eq!(typo_key("ab"), "ab");
        assert_eq!(typo_key("naïve"), "ve");
        assert_eq!(typo_key("café"), "fé");
    }

    #[test]
    fn an_edit_in_the_first_three_letters_looks_where_the_word_is() {
        let shards = 97;
        let edits = [
            ("pipeline", "ipeline"),   // first letter dropped
            ("pipeline", "ippeline"),  // first two swapped
            ("pipeline", "xipeline"),  // first replaced
            ("pipeline", "xpipeline"), // one added before
            ("prefix", "pefix"),       // second dropped
            ("prefix", "perfix"),      // second and third swapped
            ("scaling", "sxaling"),    // second replaced
            ("scaling", "sccaling"),   // one added after the first
            ("mixture", "imxture"),
        ];
        for (word, typo) in edits {
            let near = typo_shards_near(typo, shards);
            assert!(near.len() <= 2, "{typo}: {near:?}");
            assert!(
                near.contains(&typo_shard(word, shards)),
                "{typo} looks in {near:?}, {word} is in {}",
                typo_shard(word, shards)
            );
        }
    }
}
