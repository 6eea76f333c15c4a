//! BM25F: each clause's documents with their scores, and the clauses
//! combined into the query's matches.
//!
//! A posting's stored weights are already length-normalised term
//! frequencies (see [`crate::index`]), so a score needs no document
//! lengths: field weight × weight summed over the fields (title, abstract,
//! authors) the clause may match, saturated by `k1`, times the term's
//! idf. A word's documents take the best score over its expansions; a
//! clause's documents hold every one of its words; documents that match
//! more of the query's clauses come first.

use crate::format::WEIGHT_SCALE;
use crate::query::{Clause, Field, Occur, Query};

use super::expand::{Expanded, Expansion};
use super::meaning::share;
use super::options::{DateRange, Options, Params};
use super::rank::{best_first, by_score, keep_best_by_id, Scored};
use super::store::Store;

/// BM25F score of one posting (weights in title, body, authors),
/// restricted to `field`.
fn term_score(params: &Params, n_docs: u32, df: usize, weight: [u8; 3], field: Field) -> f64 {
    let df = df as f64;
    let n = f64::from(n_docs);
    let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
    let mut weighted = 0.0;
    for (f, &w) in weight.iter().enumerate() {
        if field.allows(f) && w > 0 {
            weighted += params.field_weight[f] * f64::from(w) / WEIGHT_SCALE;
        }
    }
    idf * weighted * (params.k1 + 1.0) / (params.k1 + weighted)
}

/// One word's documents, by document, each with its best weighted score
/// over the word's expansions.
fn score_word(store: &Store, params: &Params, field: Field, exps: &[Expansion]) -> Vec<Scored> {
    let terms: Vec<_> = (exps.iter())
        .filter_map(|e| Some((e, store.term(e.term)?)))
        .collect();
    let mut docs: Vec<Scored> =
        Vec::with_capacity(terms.iter().map(|(_, t)| t.postings.len()).sum());
    for (e, term) in &terms {
        let df = term.postings.len();
        for p in &term.postings {
            let s = term_score(params, store.root.n_docs, df, p.weight, field);
            if s > 0.0 {
                docs.push((p.doc, s * e.weight));
            }
        }
    }
    if terms.len() > 1 {
        keep_best_by_id(&mut docs);
    }
    docs
}

/// Documents matching one clause, with the clause's score in each. A
/// phrase's words must all occur; the order is checked later, on text.
fn score_clause(
    store: &Store,
    params: &Params,
    clause: &Clause,
    expansions: &[Vec<Expansion>],
) -> Vec<Scored> {
    let mut per_word = (expansions.iter().zip(&clause.words))
        .filter(|(_, w)| w.term.is_some() || w.prefix)
        .map(|(exps, _)| score_word(store, params, clause.field, exps));
    let Some(mut docs) = per_word.next() else {
        return Vec::new();
    };
    // Documents with every word: the sum of their scores.
    for other in per_word {
        keep_common(&mut docs, |&(doc, _)| doc, other, |(_, s), o| *s += o);
    }
    if clause.phrase {
        for (_, s) in &mut docs {
            *s *= params.phrase;
        }
    }
    docs
}

/// The query's clauses scored and combined, before filtering.
struct Combined {
    /// Documents matched by some positive clause, by document.
    scores: Vec<Candidate>,
    /// Documents of each excluded clause, each list by document.
    excluded: Vec<Vec<u32>>,
    /// Documents holding every required clause, by document.
    required: Option<Vec<u32>>,
}

fn combine(store: &Store, params: &Params, query: &Query, expanded: &Expanded) -> Combined {
    // Candidates as lists sorted by document: a broad query at 50k
    // documents touches tens of thousands, and flat sorted lists take
    // a fraction of a hash map's memory (wasm memory never shrinks).
    let mut all = Combined {
        scores: Vec::new(),
        excluded: Vec::new(),
        required: None,
    };
    for (clause, exps) in query.clauses.iter().zip(&expanded.clauses) {
        let clause_scores = score_clause(store, params, clause, exps);
        match clause.occur {
            // An excluded phrase is checked on the candidates' text.
            Occur::MustNot if clause.phrase => {}
            Occur::MustNot => (all.excluded).push(clause_scores.iter().map(|&(d, _)| d).collect()),
            Occur::Must | Occur::Should => {
                if clause.occur == Occur::Must {
                    let docs = clause_scores.iter().map(|&(doc, _)| (doc, ()));
                    all.required = Some(match all.required.take() {
                        Some(mut r) => {
                            keep_common(&mut r, |&d| d, docs, |_, ()| {});
                            r
                        }
                        None => docs.map(|(doc, ())| doc).collect(),
                    });
                }
                all.scores = add_clause(std::mem::take(&mut all.scores), clause_scores);
            }
        }
    }
    all
}

/// What a query matches: the documents within the options' dates, with
/// their scores, by document; how many match in each of the options' facet
/// ranges (whatever its dates); and the share of the query's clauses that
/// the best-covering document matches (1: some document matches them all).
pub(super) struct Matches {
    pub(super) docs: Vec<Scored>,
    pub(super) facets: Vec<usize>,
    pub(super) coverage: f64,
}

/// The documents the query matches (see [`Matches`]), meaning (`related`,
/// by document) fused in.
pub(super) fn matches(
    store: &Store,
    params: &Params,
    query: &Query,
    expanded: &Expanded,
    related: &[Scored],
    options: &Options,
) -> Matches {
    let all = combine(store, params, query, expanded);
    let n_positive = (query.clauses.iter())
        .filter(|c| c.occur != Occur::MustNot)
        .count()
        .max(1) as f64;
    let coverage = (all.scores.iter())
        .map(|c| f64::from(c.matched) / n_positive)
        .fold(0.0, f64::max);
    let mut scored = fuse(params, all.scores, related, n_positive, coverage);
    // Only where some document holds every word: a description in the
    // visitor's own words ranks its tail by meaning, which the judged sets
    // need (a floor there cost meaning.tsv 0.002 of nDCG@10).
    if n_positive >= LONG_QUERY_CLAUSES && coverage >= 1.0 {
        keep_near_best(&mut scored, params.long_floor);
    }
    let dates = DateRange {
        from: options.from,
        to: options.to,
    };
    let mut facets = vec![0; options.facets.len()];
    let listed = |list: &[u32], doc: u32| list.binary_search(&doc).is_ok();
    let docs = (scored.into_iter())
        .filter(|&(doc, _)| !all.excluded.iter().any(|e| listed(e, doc)))
        .filter(|&(doc, _)| all.required.as_ref().is_none_or(|r| listed(r, doc)))
        .filter(|&(doc, _)| {
            let key = store.date_key(doc);
            for (count, range) in facets.iter_mut().zip(&options.facets) {
                *count += usize::from(range.contains(key));
            }
            dates.contains(key)
        })
        .collect();
    Matches {
        docs,
        facets,
        coverage,
    }
}

/// A query of this many clauses or more (a pasted title) is long: when
/// some document holds all its words, it counts only the documents near
/// the best (see [`Params::long_floor`]); a shorter one counts every
/// document it matches.
const LONG_QUERY_CLAUSES: f64 = 4.0;

/// A long query's first page is never cut: its best this many documents
/// stay whatever they score. (A floor alone cut a graded paper from the
/// top ten of "what learning rate schedule is best, cosine or linear
/// decay?", meaning.tsv's questions 0.963 → 0.960.)
const KEPT_TOP: usize = 10;

/// Keeps the documents scoring at least `floor` times the best, and the
/// [`KEPT_TOP`] best. Order and scores stay, so the best rank as before.
fn keep_near_best(scored: &mut Vec<Scored>, floor: f64) {
    let mut top = scored.clone();
    best_first(&mut top, KEPT_TOP, &by_score);
    let (Some(best), Some(last)) = (top.first(), top.last()) else {
        return;
    };
    let min = (floor * best.1).min(last.1);
    scored.retain(|s| s.1 >= min);
}

/// Each candidate's score, by document: its words' score scaled by the
/// share of the query's clauses it matched (documents that match more of
/// the query come first), plus its meaning score scaled by how poorly the
/// words match (`coverage`: the best share any document matched); and the
/// documents found by meaning alone that join. Scores are positive.
fn fuse(
    params: &Params,
    mut candidates: Vec<Candidate>,
    related: &[Scored],
    n_positive: f64,
    coverage: f64,
) -> Vec<Scored> {
    let lexical = |c: &Candidate| {
        let share = f64::from(c.matched) / n_positive;
        c.score * share * share
    };
    let best = candidates.iter().map(lexical).fold(0.0, f64::max);
    let most_related = related.iter().map(|r| r.1).fold(0.0, f64::max);
    // Meaning on the scale of the best word match (none: its own scale).
    let scale = match (most_related > 0.0, best > 0.0) {
        (false, _) => 0.0,
        (true, true) => best * share(params, coverage) / most_related,
        (true, false) => 1.0 / most_related,
    };
    // Documents found by meaning alone join when no document matches every
    // word, and only those close to the query: an exact query shows only
    // documents holding its words.
    let joins = |r: &&Scored| coverage < 1.0 && r.1 >= params.meaning_join * most_related;
    if !related.is_empty() {
        candidates = add_related(candidates, related, joins);
    }
    (candidates.iter())
        .map(|c| (c.doc, lexical(c) + c.related * scale))
        .filter(|&(_, score)| score > 0.0)
        .collect()
}

/// A document matched by some clauses of a query.
#[derive(Clone, Copy)]
struct Candidate {
    doc: u32,
    /// Clauses that matched it.
    matched: u32,
    score: f64,
    /// Its meaning score.
    related: f64,
}

impl Candidate {
    fn first((doc, score): Scored) -> Self {
        Candidate {
            doc,
            matched: 1,
            score,
            related: 0.0,
        }
    }
}

/// Merges the meaning scores (by doc) into the candidates (by doc): a
/// document related in meaning only joins them, matching no clause, when
/// it `joins`.
fn add_related(
    candidates: Vec<Candidate>,
    related: &[Scored],
    joins: impl Fn(&&Scored) -> bool,
) -> Vec<Candidate> {
    let mut out = Vec::with_capacity(candidates.len() + related.len());
    let only = |&(doc, related): &Scored| Candidate {
        doc,
        matched: 0,
        score: 0.0,
        related,
    };
    let mut related = related.iter().peekable();
    for c in candidates {
        while let Some(r) = related.next_if(|r| r.0 < c.doc) {
            if joins(&r) {
                out.push(only(r));
            }
        }
        match related.next_if(|r| r.0 == c.doc) {
            Some(&(_, r)) => out.push(Candidate { related: r, ..c }),
            None => out.push(c),
        }
    }
    out.extend(related.filter(joins).map(only));
    out
}

/// Merges one clause's `(doc, score)` list (by doc) into the candidates (by
/// doc): scores add up and each match is counted.
fn add_clause(candidates: Vec<Candidate>, clause: Vec<Scored>) -> Vec<Candidate> {
    if candidates.is_empty() {
        // Same size and alignment: collected in place, no second list.
        return clause.into_iter().map(Candidate::first).collect();
    }
    let mut out = Vec::with_capacity(candidates.len() + clause.len());
    let mut clause = clause.into_iter().peekable();
    for c in candidates {
        while let Some(s) = clause.next_if(|&(d, _)| d < c.doc) {
            out.push(Candidate::first(s));
        }
        match clause.next_if(|&(d, _)| d == c.doc) {
            Some((_, score)) => out.push(Candidate {
                matched: c.matched + 1,
                score: c.score + score,
                ..c
            }),
            None => out.push(c),
        }
    }
    out.extend(clause.map(Candidate::first));
    out
}

/// Keeps the items of `v` whose document is also in `other` (both sorted
/// by document), merging into each the value it was paired with there.
fn keep_common<T, U>(
    v: &mut Vec<T>,
    doc: impl Fn(&T) -> u32,
    other: impl IntoIterator<Item = (u32, U)>,
    mut merge: impl FnMut(&mut T, U),
) {
    let mut other = other.into_iter().peekable();
    v.retain_mut(|item| {
        let d = doc(item);
        while other.next_if(|&(o, _)| o < d).is_some() {}
        match other.next_if(|&(o, _)| o == d) {
            Some((_, value)) => {
                merge(item, value);
                true
            }
            None => false,
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keep_near_best_drops_the_far_tail_only() {
        let mut v: Vec<Scored> = (0..20).map(|d| (d, 1.0 / f64::from(d + 1))).collect();
        v.push((20, 0.01));
        keep_near_best(&mut v, 0.2);
        assert_eq!(
            v.len(),
            KEPT_TOP,
            "the best ten stay, though under the floor"
        );
        let mut v = vec![(0, 0.04), (1, 2.0), (2, 0.1), (3, 0.5)];
        v.extend((4..14).map(|d| (d, 1.5)));
        keep_near_best(&mut v, 0.05);
        assert_eq!(v.len(), 13, "the far tail goes");
        assert!(!v.contains(&(0, 0.04)));
    }

    #[test]
    fn clauses_merge_by_document_counting_matches() {
        let first = add_clause(Vec::new(), vec![(1, 1.0), (4, 2.0)]);
        let both = add_clause(first, vec![(0, 0.5), (4, 1.0), (9, 3.0)]);
        let got: Vec<(u32, u32, f64)> = both.iter().map(|c| (c.doc, c.matched, c.score)).collect();
        assert_eq!(got, [(0, 1, 0.5), (1, 1, 1.0), (4, 2, 3.0), (9, 1, 3.0)]);
    }

    #[test]
    fn keep_common_keeps_shared_documents_and_merges() {
        let mut v = vec![(1, 1.0), (3, 1.0), (5, 1.0)];
        keep_common(
            &mut v,
            |&(d, _)| d,
            [(0, 9.0), (3, 2.0), (5, 0.5)],
            |(_, s), o| *s += o,
        );
        assert_eq!(v, [(3, 3.0), (5, 1.5)]);
    }
}
