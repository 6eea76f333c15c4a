//! Query words → index terms: each word stands for its own stem and the
//! words that differ from it only in accents (weight 1), and the words it
//! begins while it is still being typed (prefixes). Only a word that
//! matches nothing so also stands for words a small edit distance away
//! (typos), and gets a correction, for "did you mean": a correctly spelled
//! word never pulls in its neighbours ("learning" is not "leaning").
//!
//! Typos are looked for in the word's own bucket (words that begin alike)
//! and, on a split index, in its typo shards (words that end alike, see
//! `crate::format::typo_shard`), so that a slip in the first letters
//! ("ipeline") is found as on the whole index.

use crate::query::{Occur, Query, QueryWord};
use crate::tokenize::fold_accent;

use super::distance::{distance, prefix_distance, signature};
use super::loaded::LoadedBucket;
use super::options::Params;
use super::rank::{keep_best_by_id, sort, Scored};
use super::store::Store;

/// Words shorter than this (in characters) are not matched with typos.
pub const FUZZY_MIN_CHARS: usize = 4;
/// Words this long or longer (in characters) allow two typos.
pub const FUZZY_TWO_EDITS_CHARS: usize = 8;
/// Most prefix completions kept per word (the most frequent).
const MAX_PREFIX_EXPANSIONS: usize = 48;

/// One index term a query word may stand for.
#[derive(Debug, Clone, Copy)]
pub(super) struct Expansion {
    pub(super) term: u32,
    pub(super) weight: f64,
}

/// A query's words as index terms.
pub(super) struct Expanded {
    /// Per clause, per word: the terms it stands for.
    pub(super) clauses: Vec<Vec<Vec<Expansion>>>,
    /// `(word, correction)` for the words that matched nothing exactly.
    pub(super) corrections: Vec<(String, String)>,
    /// The words that looked for typos (whose typo shards a split index
    /// needs: see [`super::plan::typo_parts`]).
    pub(super) fuzzy: Vec<String>,
}

impl Expanded {
    /// Every term of every word.
    pub(super) fn terms(&self) -> impl Iterator<Item = u32> + '_ {
        self.clauses.iter().flatten().flatten().map(|e| e.term)
    }
}

/// Expands every clause's words (with the buckets of [`super::plan::word_parts`]
/// loaded).
pub(super) fn expand_query(store: &Store, params: &Params, query: &Query) -> Expanded {
    let mut corrections = Vec::new();
    let mut fuzzy = Vec::new();
    let clauses = (query.clauses.iter())
        .map(|clause| {
            let loose = !clause.phrase && clause.occur != Occur::MustNot;
            let words = clause.words.iter();
            words
                .map(|w| {
                    let (found, near) = expand(store, params, w, loose);
                    if clause.occur != Occur::MustNot {
                        if near.is_some() {
                            fuzzy.push(w.word.clone());
                        }
                        if let Some(fix) = near.and_then(|n| correction(store, n)) {
                            corrections.push((w.word.clone(), fix));
                        }
                    }
                    found
                })
                .collect()
        })
        .collect();
    Expanded {
        clauses,
        corrections,
        fuzzy,
    }
}

/// A word's whole-word neighbours 1..=2 edits away, for its correction:
/// `None` when it matched as typed (its term, a word differing only in
/// accents, or, while typed, a word it begins) or is too short to correct.
type Near<'a> = Option<Vec<(u32, usize, &'a str)>>;

/// The index terms one query word stands for, each with a weight, and what
/// [`Near`] says. `loose`: prefixes and typos allowed (not in phrases or
/// exclusions).
fn expand<'a>(
    store: &'a Store,
    params: &Params,
    w: &QueryWord,
    loose: bool,
) -> (Vec<Expansion>, Near<'a>) {
    // (term, weight) offers; a term offered twice keeps its best weight.
    let mut best: Vec<Scored> = Vec::new();
    if let Some(t) = w.term.as_deref().and_then(|t| store.term_id(t)) {
        best.push((t, 1.0));
    }
    best.extend(accent_twins(store, &w.word).into_iter().map(|t| (t, 1.0)));
    let completed = w.prefix && completions(store, &w.word).next().is_some();
    if completed && loose {
        best.extend(prefix_offers(store, params, &w.word));
    }
    let typed = w.word.chars().count();
    let near = if !best.is_empty() || completed || typed + 1 < FUZZY_MIN_CHARS {
        None
    } else {
        let max = if typed >= FUZZY_TWO_EDITS_CHARS { 2 } else { 1 };
        // Whole-word neighbours serve the correction, and the typos of a
        // completed word; a word still being typed matches their prefixes.
        let whole = near_words(store, &w.word, max, false);
        if loose && typed >= FUZZY_MIN_CHARS {
            let typos = if w.prefix {
                near_words(store, &w.word, max, true)
            } else {
                whole.clone()
            };
            best.extend(
                typos
                    .iter()
                    .map(|&(term, d, _)| (term, params.fuzzy / d as f64)),
            );
        }
        Some(whole)
    };
    keep_best_by_id(&mut best);
    let found = best
        .into_iter()
        .map(|(term, weight)| Expansion { term, weight });
    (found.collect(), near)
}

/// Terms of the words that differ from `word` only in accents ("café" for
/// "cafe", and the other way round), in the word's own bucket: on a split
/// index an accented twin filed in another bucket is missed, as typos in a
/// word's first letters are. An ASCII word's twins are accented, so only
/// the bucket's non-ASCII words are looked at.
fn accent_twins(store: &Store, word: &str) -> Vec<u32> {
    let Some(b) = store.bucket_for_text(word) else {
        return Vec::new();
    };
    let folded: Vec<char> = word.chars().map(fold_accent).collect();
    let twin = |i: &usize| {
        let text = &b.bucket.words[*i].text;
        usize::from(b.word_chars[*i]) == folded.len()
            && *text != word
            && text.chars().map(fold_accent).eq(folded.iter().copied())
    };
    let term = |i: usize| b.bucket.words[i].term;
    if word.is_ascii() {
        let candidates = b.non_ascii.iter().map(|&i| i as usize);
        candidates.filter(twin).map(term).collect()
    } else {
        (0..b.bucket.words.len()).filter(twin).map(term).collect()
    }
}

/// The terms of the words `prefix` begins, weighted by how much of each
/// was typed; the [`MAX_PREFIX_EXPANSIONS`] most frequent.
fn prefix_offers(store: &Store, params: &Params, prefix: &str) -> Vec<Scored> {
    let typed = prefix.chars().count();
    let mut offers: Vec<Scored> = completions(store, prefix)
        .map(|(b, i)| {
            let ratio = typed as f64 / f64::from(b.word_chars[i].max(1));
            (b.bucket.words[i].term, params.prefix * (0.5 + 0.5 * ratio))
        })
        .collect();
    if offers.len() > MAX_PREFIX_EXPANSIONS {
        // Keep the most frequent (their terms may sit in buckets not loaded
        // yet: those count as rare, the same on every run), then the best
        // weighted, then by term: a total order, so the cut is the same on
        // every run.
        let key = |t: u32| (std::cmp::Reverse(store.doc_freq(t)), t);
        sort(&mut offers, &|a, b| {
            key(a.0).cmp(&key(b.0)).then(b.1.total_cmp(&a.1))
        });
        offers.truncate(MAX_PREFIX_EXPANSIONS);
    }
    offers
}

/// Words starting with `prefix`, as (bucket, local word index).
fn completions<'a>(
    store: &'a Store,
    prefix: &'a str,
) -> impl Iterator<Item = (&'a LoadedBucket, usize)> + 'a {
    (store.prefix_buckets(prefix))
        .filter_map(|b| store.bucket(b))
        .flat_map(move |b| {
            let words = &b.bucket.words;
            let start = words.partition_point(|w| w.text.as_str() < prefix);
            let len = words[start..].partition_point(|w| w.text.starts_with(prefix));
            (start..start + len).map(move |i| (b, i))
        })
}

/// Terms of the surface words 1..=`max` edits from `word` (or, with
/// `prefix`, from one of their prefixes), with the distance and the
/// word. Searched in the word's own bucket and, on a split index, among
/// the whole words of its typo shards (a word with a slip in its first
/// letters sits in another bucket; a word still being typed with such a
/// slip is missed there).
fn near_words<'a>(
    store: &'a Store,
    word: &str,
    max: usize,
    prefix: bool,
) -> Vec<(u32, usize, &'a str)> {
    let query: Vec<char> = word.chars().collect();
    let mut out = Vec::new();
    if let Some(b) = store.bucket_for_text(word) {
        near_in(b, &query, max, prefix, &mut out);
    }
    for t in store.typo_shards_near(word) {
        if let Some(b) = store.typo_words(t) {
            near_in(b, &query, max, false, &mut out);
        }
    }
    out
}

/// [`near_words`] in one bucket (or typo shard), added to `out`.
fn near_in<'a>(
    b: &'a LoadedBucket,
    query: &[char],
    max: usize,
    prefix: bool,
    out: &mut Vec<(u32, usize, &'a str)>,
) {
    let typed = query.len();
    let sig = signature(query.iter().copied());
    let mut candidate: Vec<char> = Vec::new();
    for (i, w) in b.bucket.words.iter().enumerate() {
        let len = usize::from(b.word_chars[i]);
        let fits = if prefix {
            len + max >= typed
        } else {
            len.abs_diff(typed) <= max && (b.word_sigs[i] & !sig).count_ones() as usize <= max
        };
        if !fits || (sig & !b.word_sigs[i]).count_ones() as usize > max {
            continue;
        }
        candidate.clear();
        candidate.extend(w.text.chars());
        let d = if prefix {
            prefix_distance(query, &candidate, max)
        } else {
            distance(query, &candidate, max)
        };
        if let Some(d) = d.filter(|&d| d > 0) {
            out.push((w.term, d, w.text.as_str()));
        }
    }
}

/// The closest of a word's whole-word neighbours (see [`Near`]).
fn correction(store: &Store, near: Vec<(u32, usize, &str)>) -> Option<String> {
    (near.into_iter())
        .map(|(term, d, text)| (d, std::cmp::Reverse(store.doc_freq(term)), text))
        .min()
        .map(|(_, _, text)| text.to_string())
}

/// The query with its corrections, when it has any.
pub(super) fn suggestion(text: &str, corrections: &[(String, String)]) -> Option<String> {
    if corrections.is_empty() {
        return None;
    }
    let mut fixed = crate::tokenize::lowercase(text);
    for (from, to) in corrections {
        fixed = replace_word(&fixed, from, to);
    }
    Some(fixed.trim().to_string())
}

/// Replaces whole occurrences of a lower-cased word.
fn replace_word(text: &str, from: &str, to: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (s, e) in crate::tokenize::word_spans(text) {
        if &text[s..e] == from {
            out.push_str(&text[last..s]);
            out.push_str(to);
            last = e;
        }
    }
    out.push_str(&text[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replace_word_keeps_the_rest() {
        assert_eq!(
            replace_word("gpipe netwrok ", "netwrok", "network"),
            "gpipe network "
        );
    }

    #[test]
    fn no_corrections_no_suggestion() {
        assert_eq!(suggestion("Layer normalizaton", &[]), None);
        let fix = [("normalizaton".to_string(), "normalization".to_string())];
        assert_eq!(
            suggestion("Layer normalizaton ", &fix).as_deref(),
            Some("layer normalization")
        );
    }
}
