//! Quoted phrases: checked on the text of the best candidates, after
//! scoring has required all of a phrase's words. A phrase word accepts the
//! surface words of its term (so `"neural networks"` matches "neural
//! network"), or itself when it is a stop word.

use crate::query::{Clause, Field, Occur, Query, QueryWord};

use super::expand::{Expanded, Expansion};
use super::rank::Scored;
use super::store::Store;
use super::WordSet;

/// Keeps the candidates that hold each phrase of the query (and none of
/// its excluded phrases). `ranked` documents must have their words loaded.
pub(super) fn keep_phrases(
    store: &Store,
    query: &Query,
    expanded: &Expanded,
    ranked: &mut Vec<Scored>,
) {
    let accepted: Vec<(&Clause, Vec<WordSet>)> = (query.clauses.iter().zip(&expanded.clauses))
        .filter(|(c, _)| c.phrase)
        .map(|(c, exps)| (c, phrase_words(store, c, exps)))
        .collect();
    ranked.retain(|&(doc, _)| {
        accepted
            .iter()
            .all(|(c, words)| has_phrase(store, doc, c.field, words) == (c.occur != Occur::MustNot))
    });
}

/// What each word of a phrase accepts in a document: the surface words of
/// the terms it expanded to (its own, and its accent twins'), or itself
/// when it has none (a stop word).
fn phrase_words<'a>(
    store: &'a Store,
    clause: &'a Clause,
    expansions: &[Vec<Expansion>],
) -> Vec<WordSet<'a>> {
    let accepted = |(w, exps): (&'a QueryWord, &Vec<Expansion>)| {
        if exps.is_empty() {
            std::iter::once(w.word.as_str()).collect()
        } else {
            exps.iter().flat_map(|e| store.words_of(e.term)).collect()
        }
    };
    clause.words.iter().zip(expansions).map(accepted).collect()
}

/// Whether the document holds the phrase's words (see [`phrase_words`]) in
/// order, in the clause's field.
fn has_phrase(store: &Store, doc: u32, field: Field, accepted: &[WordSet<'_>]) -> bool {
    let Some((_, fields)) = store.doc_words(doc) else {
        return false;
    };
    fields.texts(field).any(|text| {
        let words: Vec<&str> = text.words().map(|(_, _, w)| w).collect();
        words
            .windows(accepted.len())
            .any(|win| win.iter().zip(accepted).all(|(w, ok)| ok.contains(w)))
    })
}
