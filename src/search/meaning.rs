//! Meaning at query time: the documents related to the query's words by
//! meaning (their lists, built by `crate::meaning`), and how much they
//! count next to the words' own matches.
//!
//! Each query word's list (in the meaning shard its word hashes to) gives
//! its closest documents; a document's meaning score is the sum over the
//! query's words of closeness × the word's weight (rarer words say more).
//! Words stay first where they match well: the fusion in `score.rs` adds
//! meaning scaled by [`Params::meaning`] times the share of the query's
//! words that the best-matching document lacks: most when it matches few,
//! nothing when some document matches them all (an exact query ranks as by
//! its words alone).

use crate::query::{Occur, Query};

use super::options::Params;
use super::rank::{sort, Scored};
use super::store::{Part, Store};

/// At most this many words of a query are looked up (a shard each).
pub(super) const MAX_WORDS: usize = 8;

/// The query's words that meaning looks up: those of its positive clauses,
/// stop words aside, each once, as typed.
pub(super) fn words(query: &Query) -> Vec<&str> {
    let mut words: Vec<&str> = Vec::new();
    let positive = (query.clauses.iter()).filter(|c| c.occur != Occur::MustNot);
    for w in positive.flat_map(|c| &c.words) {
        if w.term.is_some() && !words.contains(&w.word.as_str()) && words.len() < MAX_WORDS {
            words.push(&w.word);
        }
    }
    words
}

/// The meaning shards of `words`.
pub(super) fn parts(store: &Store, words: &[&str]) -> Vec<Part> {
    (words.iter())
        .filter_map(|w| store.meaning_shard_of(w).map(Part::Meaning))
        .collect()
}

/// The papers' words that brought the related papers of `words` (to mark
/// in excerpts).
pub(super) fn brought<'a>(store: &'a Store, words: &[&str]) -> Vec<&'a str> {
    (words.iter().filter_map(|w| store.related(w)))
        .flat_map(|list| list.words.iter().map(String::as_str))
        .collect()
}

/// Each document's meaning score for `words`, by document.
pub(super) fn scores(store: &Store, words: &[&str]) -> Vec<Scored> {
    let mut all: Vec<Scored> = Vec::new();
    for list in words.iter().filter_map(|w| store.related(w)) {
        let weight = f64::from(list.weight) / 255.0;
        all.extend(
            (list.docs.iter()).map(|&(doc, close)| (doc, weight * f64::from(close) / 255.0)),
        );
    }
    sort(&mut all, &|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
    all.dedup_by(|later, first| {
        let same = later.0 == first.0;
        if same {
            first.1 += later.1;
        }
        same
    });
    all
}

/// How much meaning counts, relative to the best lexical score, when the
/// best document matches `coverage` (0..=1) of the query's clauses: in
/// proportion to the share of the query that no document matches. Measured
/// on the judged sets (`tests/relevance.rs`): a floor of 0.05 when every
/// word matches, or a power of the share from 0.5 to 2, moved no kind by
/// more than 0.01 (and `powf` costs the wasm a few KB).
pub(super) fn share(params: &Params, coverage: f64) -> f64 {
    params.meaning * (1.0 - coverage).clamp(0.0, 1.0)
}
