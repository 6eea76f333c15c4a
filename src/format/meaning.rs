//! The cut of an index's meaning lists into shards: which shard holds a
//! word, how many shards, and their file names (the shards' bytes are
//! written by `write.rs`). A visitor's query fetches the
//! shards of its words only; their names carry a hash of them all, so a
//! rebuilt index never mixes with shards of an older one.

use super::codec::checksum;
use super::model::{MeaningRef, Related};

/// About this many bytes of lists per shard: a query word costs one
/// request of a few KB (gzip makes it smaller still).
const SHARD_BYTES: usize = 3 * 1024;
/// At most this many shards (a root naming more is refused).
pub(super) const MAX_SHARDS: usize = 4096;

/// How many shards `lists` are cut into.
pub fn meaning_shards(lists: &[Related]) -> u32 {
    let bytes: usize = lists
        .iter()
        .map(|l| {
            let words: usize = l.words.iter().map(|w| w.len() + 1).sum();
            l.word.len() / 2 + 3 + words + l.docs.len() * 3
        })
        .sum();
    bytes.div_ceil(SHARD_BYTES).clamp(1, MAX_SHARDS) as u32
}

/// The shard that holds `word`'s list, of `shards`.
pub fn meaning_shard(word: &str, shards: u32) -> u32 {
    (checksum(word.as_bytes()) % u64::from(shards.max(1))) as u32
}

/// `m-<build>-<n>.psi`.
pub fn meaning_file(reference: MeaningRef, shard: u32) -> String {
    format!("m-{:08x}-{shard}.psi", reference.build)
}
