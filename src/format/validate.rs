//! Consistency checks on decoded pieces: what a checksum cannot catch
//! (a file written wrong, or pieces of two different builds).

use super::model::{Bucket, DocShard, Related, Root, TypoShard};
use super::typo::typo_shard;
use super::FormatError;

/// The parts of a single file must fit together.
pub fn check_single(root: &Root, bucket: &Bucket, docs: &DocShard) -> Result<(), FormatError> {
    let fits = root.buckets.len() == 1
        && root.doc_shards.count == 1
        && bucket.first_word == 0
        && bucket.first_term == 0
        && docs.first_doc == 0
        && bucket.words.len() == root.n_words as usize
        && bucket.terms.len() == root.n_terms as usize
        && docs.docs.len() == root.n_docs as usize;
    if !fits {
        return Err(FormatError::Corrupt("parts of different sizes"));
    }
    check_bucket(bucket, root.n_docs, root.n_terms)
}

/// Whether a meaning list fits an index of `n_docs` documents: a weight,
/// and documents of the index in order, each with a closeness.
pub fn fits_related(list: &Related, n_docs: u32) -> bool {
    list.weight > 0
        && list.docs.iter().all(|&(d, close)| d < n_docs && close > 0)
        && list.docs.windows(2).all(|w| w[0].0 < w[1].0)
}

/// A bucket's references must stay inside the index.
pub fn check_bucket(bucket: &Bucket, n_docs: u32, n_terms: u32) -> Result<(), FormatError> {
    if bucket.words.iter().any(|w| w.term >= n_terms) {
        return Err(FormatError::Corrupt("word for a missing term"));
    }
    let docs_ok = bucket
        .terms
        .iter()
        .all(|t| t.postings.last().is_none_or(|p| p.doc < n_docs));
    if !docs_ok {
        return Err(FormatError::Corrupt("posting for a missing document"));
    }
    Ok(())
}

/// A typo shard's words must be filed in it (of `shards`) and point at
/// terms of the index.
pub fn check_typos(shard: &TypoShard, shards: u32, n_terms: u32) -> bool {
    (shard.words.iter()).all(|w| w.term < n_terms && typo_shard(&w.text, shards) == shard.shard)
}
