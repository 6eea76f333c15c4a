//! What a query needs loaded, stage by stage: the [`Part`]s a split index
//! must have in memory before the stage can run. Which parts depends on
//! the query and the index layout only, never on what happens to be
//! loaded, so answers are the same however the files arrived.

use crate::query::Query;

use super::expand::Expanded;
use super::store::{Part, Store};

/// Before expansion: the buckets of the query's words, of their terms, and
/// those a word still being typed is completed from.
pub(super) fn word_parts(store: &Store, query: &Query) -> Vec<Part> {
    let mut parts = Vec::new();
    for w in query.clauses.iter().flat_map(|c| &c.words) {
        parts.push(Part::Bucket(store.bucket_of_text(&w.word)));
        if let Some(t) = &w.term {
            parts.push(Part::Bucket(store.bucket_of_text(t)));
        }
        if w.prefix {
            parts.extend(store.prefix_buckets(&w.word).map(Part::Bucket));
        }
    }
    parts
}

/// After expansion, on a split index: the typo shards of the words that
/// matched nothing as typed (none for a correctly spelled query).
pub(super) fn typo_parts(store: &Store, expanded: &Expanded) -> Vec<Part> {
    (expanded.fuzzy.iter())
        .flat_map(|w| store.typo_shards_near(w))
        .map(Part::Typos)
        .collect()
}

/// Before scoring: the buckets of the terms the words expanded to.
pub(super) fn term_parts(store: &Store, terms: impl Iterator<Item = u32>) -> Vec<Part> {
    terms
        .map(|t| Part::Bucket(store.bucket_of_term(t)))
        .collect()
}

/// Before reading text: the doc shards of the best candidates.
pub(super) fn doc_parts(store: &Store, docs: impl Iterator<Item = u32>) -> Vec<Part> {
    docs.map(|d| Part::Shard(store.shard_of(d))).collect()
}
