//! [`Engine`]: query → ranked [`Hit`]s with excerpts and highlights.
//!
//! Each query word is *expanded* into index terms: its own stem (weight 1),
//! the words it begins while it is still being typed, and words a small edit
//! distance away (typos). A document's score is BM25F over title and
//! abstract, summed over the query's clauses, each clause counting its best
//! expansion; documents that match more of the clauses rank first, and among
//! the best, those holding the very words typed (not only their stems) come
//! first. So exact beats stemmed, stemmed beats prefix, prefix beats typo.
//!
//! At query time document text is never stemmed again: the index maps every
//! term to the surface words that stem to it, and highlights and phrases are
//! matched on those words.
//!
//! Offsets in [`Highlight`]s count UTF-16 code units, the unit of JavaScript
//! strings, so the widget can slice the text as it is.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::digest::date_key;
use crate::format::{decode, FormatError, Index};
use crate::query::{self, Clause, Field, Occur, QueryWord};
use crate::tokenize::{normalize, word_spans};

/// Ranking parameters.
#[derive(Debug, Clone, Copy)]
pub struct Params {
    /// Field weights: title, abstract.
    pub field_weight: [f64; 2],
    /// BM25 length normalisation per field.
    pub b: [f64; 2],
    /// BM25 saturation.
    pub k1: f64,
    /// Weight of a prefix completion (scaled up by how much of it was typed).
    pub prefix: f64,
    /// Weight of a match one edit away; two edits get half of it.
    pub fuzzy: f64,
    /// Multiplier for a quoted phrase that matched.
    pub phrase: f64,
    /// Bonus for holding every query word exactly as typed.
    pub exact: f64,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            field_weight: [3.0, 1.0],
            b: [0.5, 0.75],
            k1: 1.2,
            prefix: 0.8,
            fuzzy: 0.45,
            phrase: 1.5,
            exact: 0.1,
        }
    }
}

/// How results are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// Best match first.
    #[default]
    Relevance,
    /// Newest digest first, best match first within a date.
    Date,
}

/// Search options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Most hits returned.
    pub limit: usize,
    /// Order of the hits.
    pub sort: Sort,
    /// Only papers from digests dated on or after this [`date_key`].
    pub from: Option<u32>,
    /// Only papers from digests dated on or before this [`date_key`].
    pub to: Option<u32>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            limit: 10,
            sort: Sort::Relevance,
            from: None,
            to: None,
        }
    }
}

impl Options {
    /// Default options returning at most `limit` hits.
    pub fn limit(limit: usize) -> Self {
        Options {
            limit,
            ..Options::default()
        }
    }
}

/// A `[start, end)` range in UTF-16 code units.
pub type Highlight = [u32; 2];

/// A passage of text with the ranges that matched the query.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Excerpt {
    /// The passage, with `…` where it was cut.
    pub text: String,
    /// Matched ranges in `text`, in UTF-16 code units, sorted.
    pub highlights: Vec<Highlight>,
}

/// One result.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Hit {
    /// Document id (the page anchor).
    pub id: String,
    /// Full title.
    pub title: String,
    /// Ranges of the title that matched, in UTF-16 code units.
    pub title_highlights: Vec<Highlight>,
    /// Link to the paper on the digest page: `#<id>`.
    pub url: String,
    /// Date of its digest, or empty.
    pub date: String,
    /// Relevance; higher is better. Comparable within one query only.
    pub score: f64,
    /// The best passage of the abstract.
    pub excerpt: Excerpt,
}

/// The answer to one query.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Results {
    /// The query as given.
    pub query: String,
    /// The best hits, best first.
    pub results: Vec<Hit>,
    /// How many documents matched in all.
    pub total: usize,
    /// A corrected query when some word matched nothing.
    pub suggestion: Option<String>,
}

/// A loaded index, ready to answer queries.
pub struct Engine {
    index: Index,
    avg_len: [f64; 2],
    /// Character count of each surface word, for the typo search.
    word_chars: Vec<u8>,
    /// Letter signature of each surface word (see [`signature`]).
    word_sigs: Vec<u64>,
    /// Surface words of each term: `term_words[term_word_start[t]..term_word_start[t + 1]]`.
    term_word_start: Vec<u32>,
    term_words: Vec<u32>,
    /// [`date_key`] of each document's date (0 when it has none).
    doc_dates: Vec<u32>,
    params: Params,
}

/// One index term a query word may stand for.
#[derive(Debug, Clone, Copy)]
struct Expansion {
    term: u32,
    weight: f64,
}

/// Words shorter than this (in characters) are not matched with typos.
pub const FUZZY_MIN_CHARS: usize = 4;
/// Words this long or longer (in characters) allow two typos.
pub const FUZZY_TWO_EDITS_CHARS: usize = 8;
/// Most prefix completions kept per word (the most frequent).
const MAX_PREFIX_EXPANSIONS: usize = 48;
/// Words in an excerpt.
const EXCERPT_WORDS: usize = 28;
/// Candidates beyond the limit re-ranked for exact word forms.
const RERANK_EXTRA: usize = 10;

/// A 64-bit set of the characters of a word (hashed). An edit adds at most
/// one character missing from the other word, so two words `d` edits apart
/// differ by at most `d` bits each way: a cheap filter before the real
/// distance.
fn signature(chars: impl Iterator<Item = char>) -> u64 {
    chars.fold(0, |sig, c| sig | 1 << (c as u32 % 64))
}

/// A document's words, lower-cased, with their byte spans.
struct DocWords<'t> {
    text: &'t str,
    words: Vec<(usize, usize, String)>,
}

impl<'t> DocWords<'t> {
    fn new(text: &'t str) -> Self {
        let words = word_spans(text)
            .map(|(s, e)| {
                let raw = &text[s..e];
                let word = if raw.is_ascii() {
                    raw.to_ascii_lowercase()
                } else {
                    normalize(raw)
                };
                (s, e, word)
            })
            .collect();
        DocWords { text, words }
    }
}

impl Engine {
    /// An engine over a decoded index.
    pub fn new(index: Index) -> Self {
        let n = index.docs.len().max(1) as f64;
        let mut avg_len = [0.0; 2];
        for doc in &index.docs {
            for (f, len) in doc.lengths.iter().enumerate() {
                avg_len[f] += f64::from(*len) / n;
            }
        }
        let word_chars = index
            .words
            .iter()
            .map(|w| w.text.chars().count().min(255) as u8)
            .collect();
        let word_sigs = index
            .words
            .iter()
            .map(|w| signature(w.text.chars()))
            .collect();
        // Words grouped by term (a counting sort; words stay sorted within).
        let mut counts = vec![0u32; index.terms.len() + 1];
        for w in &index.words {
            counts[w.term as usize + 1] += 1;
        }
        for i in 1..counts.len() {
            counts[i] += counts[i - 1];
        }
        let mut fill = counts.clone();
        let mut term_words = vec![0u32; index.words.len()];
        for (i, w) in index.words.iter().enumerate() {
            term_words[fill[w.term as usize] as usize] = i as u32;
            fill[w.term as usize] += 1;
        }
        let doc_dates = index
            .docs
            .iter()
            .map(|d| date_key(&d.date).unwrap_or(0))
            .collect();
        Engine {
            index,
            avg_len: avg_len.map(|a: f64| a.max(1.0)),
            word_chars,
            word_sigs,
            term_word_start: counts,
            term_words,
            doc_dates,
            params: Params::default(),
        }
    }

    /// Decodes an encoded index.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, FormatError> {
        decode(bytes).map(Engine::new)
    }

    /// Replaces the ranking parameters.
    pub fn with_params(mut self, params: Params) -> Self {
        self.params = params;
        self
    }

    /// The index searched.
    pub fn index(&self) -> &Index {
        &self.index
    }

    /// The surface words that stem to `term`.
    fn words_of(&self, term: u32) -> impl Iterator<Item = &str> {
        let t = term as usize;
        let range = self.term_word_start[t] as usize..self.term_word_start[t + 1] as usize;
        self.term_words[range]
            .iter()
            .map(|&w| self.index.words[w as usize].text.as_str())
    }

    /// Answers one query.
    pub fn search(&self, text: &str, options: &Options) -> Results {
        let query = query::parse(text);
        let mut corrections: Vec<(String, String)> = Vec::new();

        // Expand every clause's words into index terms.
        let expansions: Vec<Vec<Vec<Expansion>>> = query
            .clauses
            .iter()
            .map(|clause| {
                clause
                    .words
                    .iter()
                    .map(|w| {
                        let loose = !clause.phrase && clause.occur != Occur::MustNot;
                        if clause.occur != Occur::MustNot && !self.has_exact(w) {
                            if let Some(fix) = self.correction(w) {
                                corrections.push((w.word.clone(), fix));
                            }
                        }
                        self.expand(w, loose)
                    })
                    .collect()
            })
            .collect();

        let n_positive = query
            .clauses
            .iter()
            .filter(|c| c.occur != Occur::MustNot)
            .count()
            .max(1) as f64;
        let mut scores: HashMap<u32, (f64, u32)> = HashMap::new();
        let mut excluded: HashSet<u32> = HashSet::new();
        let mut required: Option<HashSet<u32>> = None;
        for (clause, exps) in query.clauses.iter().zip(&expansions) {
            let clause_scores = self.score_clause(clause, exps);
            match clause.occur {
                Occur::MustNot => excluded.extend(clause_scores.keys().copied()),
                Occur::Must | Occur::Should => {
                    if clause.occur == Occur::Must {
                        let docs: HashSet<u32> = clause_scores.keys().copied().collect();
                        required = Some(match required {
                            Some(r) => r.intersection(&docs).copied().collect(),
                            None => docs,
                        });
                    }
                    for (doc, s) in clause_scores {
                        let e = scores.entry(doc).or_insert((0.0, 0));
                        e.0 += s;
                        e.1 += 1;
                    }
                }
            }
        }

        let in_dates = |doc: u32| {
            let key = self.doc_dates[doc as usize];
            options.from.is_none_or(|f| key >= f) && options.to.is_none_or(|t| key <= t)
        };
        let mut ranked: Vec<(u32, f64)> = scores
            .into_iter()
            .filter(|(doc, _)| !excluded.contains(doc) && in_dates(*doc))
            .filter(|(doc, _)| required.as_ref().is_none_or(|r| r.contains(doc)))
            .map(|(doc, (score, matched))| {
                // Documents that match more of the query come first.
                let coverage = f64::from(matched) / n_positive;
                (doc, score * coverage * coverage)
            })
            .collect();
        let by_score = |a: &(u32, f64), b: &(u32, f64)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        ranked.sort_by(by_score);
        let total = ranked.len();

        // Surface words that count as matches, for highlights and exactness.
        let matched_words: HashSet<&str> = query
            .clauses
            .iter()
            .zip(&expansions)
            .filter(|(c, _)| c.occur != Occur::MustNot)
            .flat_map(|(_, words)| words.iter().flatten())
            .flat_map(|e| self.words_of(e.term))
            .collect();
        let typed: Vec<&str> = query
            .clauses
            .iter()
            .filter(|c| c.occur != Occur::MustNot)
            .flat_map(|c| &c.words)
            .filter(|w| w.term.is_some())
            .map(|w| w.word.as_str())
            .collect();

        // Re-rank the best few: the words as typed beat their stems.
        let keep = (options.limit + RERANK_EXTRA).min(ranked.len());
        let mut best: Vec<(u32, f64, DocWords, DocWords)> = ranked[..keep]
            .iter()
            .map(|&(doc, score)| {
                let d = &self.index.docs[doc as usize];
                let (title, body) = (DocWords::new(&d.title), DocWords::new(&d.body));
                let has = |w: &str| {
                    title
                        .words
                        .iter()
                        .chain(&body.words)
                        .any(|(_, _, x)| x == w)
                };
                let exact = typed.iter().filter(|w| has(w)).count();
                let bonus = 1.0 + self.params.exact * exact as f64 / typed.len().max(1) as f64;
                (doc, score * bonus, title, body)
            })
            .collect();
        best.sort_by(|a, b| by_score(&(a.0, a.1), &(b.0, b.1)));
        if options.sort == Sort::Date {
            ranked.sort_by(|a, b| {
                let (da, db) = (self.doc_dates[a.0 as usize], self.doc_dates[b.0 as usize]);
                db.cmp(&da).then(by_score(a, b))
            });
            best = ranked
                .iter()
                .take(options.limit)
                .map(|&(doc, score)| {
                    let d = &self.index.docs[doc as usize];
                    (doc, score, DocWords::new(&d.title), DocWords::new(&d.body))
                })
                .collect();
        }
        let results = best
            .into_iter()
            .take(options.limit)
            .map(|(doc, score, title, body)| self.hit(doc, score, &title, &body, &matched_words))
            .collect();

        let suggestion = (!corrections.is_empty()).then(|| {
            let mut fixed = text.to_lowercase();
            for (from, to) in &corrections {
                fixed = replace_word(&fixed, from, to);
            }
            fixed.trim().to_string()
        });
        Results {
            query: text.to_string(),
            results,
            total,
            suggestion,
        }
    }

    /// Whether a query word's own term is in the index (or, while typed,
    /// some word starts with it).
    fn has_exact(&self, w: &QueryWord) -> bool {
        let exact = w.term.as_deref().is_some_and(|t| self.term_id(t).is_some());
        exact || (w.prefix && !self.prefix_range(&w.word).is_empty())
    }

    fn term_id(&self, term: &str) -> Option<u32> {
        self.index
            .terms
            .binary_search_by(|t| t.text.as_str().cmp(term))
            .ok()
            .map(|i| i as u32)
    }

    /// Indexes of the surface words starting with `prefix`.
    fn prefix_range(&self, prefix: &str) -> std::ops::Range<usize> {
        let words = &self.index.words;
        let start = words.partition_point(|w| w.text.as_str() < prefix);
        let len = words[start..].partition_point(|w| w.text.starts_with(prefix));
        start..start + len
    }

    fn doc_freq(&self, term: u32) -> usize {
        self.index.terms[term as usize].postings.len()
    }

    /// The index terms one query word stands for, each with a weight.
    /// `loose`: prefixes and typos allowed (not in phrases or exclusions).
    fn expand(&self, w: &QueryWord, loose: bool) -> Vec<Expansion> {
        fn offer(best: &mut HashMap<u32, f64>, term: u32, weight: f64) {
            let e = best.entry(term).or_insert(0.0);
            *e = e.max(weight);
        }
        let mut best: HashMap<u32, f64> = HashMap::new();
        if let Some(t) = w.term.as_deref().and_then(|t| self.term_id(t)) {
            offer(&mut best, t, 1.0);
        }
        let typed = w.word.chars().count();
        if w.prefix && loose {
            let mut completions: Vec<(u32, f64)> = self
                .prefix_range(&w.word)
                .map(|i| {
                    let ratio = typed as f64 / f64::from(self.word_chars[i].max(1));
                    (
                        self.index.words[i].term,
                        self.params.prefix * (0.5 + 0.5 * ratio),
                    )
                })
                .collect();
            if completions.len() > MAX_PREFIX_EXPANSIONS {
                completions.sort_by_key(|&(t, _)| std::cmp::Reverse(self.doc_freq(t)));
                completions.truncate(MAX_PREFIX_EXPANSIONS);
            }
            for (t, weight) in completions {
                offer(&mut best, t, weight);
            }
        }
        if loose && typed >= FUZZY_MIN_CHARS {
            let max = if typed >= FUZZY_TWO_EDITS_CHARS { 2 } else { 1 };
            // Typos in a word still being typed are tried only when nothing
            // starts with it: otherwise every short prefix matches too much.
            let prefix = w.prefix && best.is_empty();
            for (i, d) in self.near_words(&w.word, max, prefix) {
                offer(
                    &mut best,
                    self.index.words[i].term,
                    self.params.fuzzy / d as f64,
                );
            }
        }
        best.into_iter()
            .map(|(term, weight)| Expansion { term, weight })
            .collect()
    }

    /// Surface words 1..=`max` edits from `word` (or, with `prefix`, from
    /// one of their prefixes), with the distance.
    fn near_words(&self, word: &str, max: usize, prefix: bool) -> Vec<(usize, usize)> {
        let query: Vec<char> = word.chars().collect();
        let typed = query.len();
        let sig = signature(query.iter().copied());
        let mut candidate: Vec<char> = Vec::new();
        let mut out = Vec::new();
        for (i, text) in self.index.words.iter().map(|w| &w.text).enumerate() {
            let len = usize::from(self.word_chars[i]);
            let fits = if prefix {
                len + max >= typed
            } else {
                len.abs_diff(typed) <= max
                    && (self.word_sigs[i] & !sig).count_ones() as usize <= max
            };
            if !fits || (sig & !self.word_sigs[i]).count_ones() as usize > max {
                continue;
            }
            candidate.clear();
            candidate.extend(text.chars());
            let d = if prefix {
                prefix_distance(&query, &candidate, max)
            } else {
                distance(&query, &candidate, max)
            };
            if let Some(d) = d.filter(|&d| d > 0) {
                out.push((i, d));
            }
        }
        out
    }

    /// The closest index word to a word that matched nothing exactly.
    fn correction(&self, w: &QueryWord) -> Option<String> {
        let typed = w.word.chars().count();
        if typed < FUZZY_MIN_CHARS - 1 {
            return None;
        }
        let max = if typed >= FUZZY_TWO_EDITS_CHARS { 2 } else { 1 };
        self.near_words(&w.word, max, false)
            .into_iter()
            .map(|(i, d)| {
                let word = &self.index.words[i];
                (
                    d,
                    std::cmp::Reverse(self.doc_freq(word.term)),
                    word.text.as_str(),
                )
            })
            .min()
            .map(|(_, _, text)| text.to_string())
    }

    /// BM25F score of one term in one document, restricted to `field`.
    fn term_score(&self, term: u32, tf: [u32; 2], doc: u32, field: Field) -> f64 {
        let p = &self.params;
        let df = self.doc_freq(term) as f64;
        let n = self.index.docs.len() as f64;
        let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
        let lengths = self.index.docs[doc as usize].lengths;
        let mut weighted = 0.0;
        for f in 0..2 {
            let allowed = match field {
                Field::Any => true,
                Field::Title => f == 0,
                Field::Body => f == 1,
            };
            if allowed && tf[f] > 0 {
                let norm = 1.0 - p.b[f] + p.b[f] * f64::from(lengths[f]) / self.avg_len[f];
                weighted += p.field_weight[f] * f64::from(tf[f]) / norm;
            }
        }
        idf * weighted * (p.k1 + 1.0) / (p.k1 + weighted)
    }

    /// Documents matching one clause, with the clause's score in each.
    fn score_clause(&self, clause: &Clause, expansions: &[Vec<Expansion>]) -> HashMap<u32, f64> {
        // Per word: doc → best weighted score over its expansions.
        let per_word: Vec<HashMap<u32, f64>> = expansions
            .iter()
            .zip(&clause.words)
            .filter(|(_, w)| w.term.is_some() || w.prefix)
            .map(|(exps, _)| {
                let mut docs: HashMap<u32, f64> = HashMap::new();
                for e in exps {
                    for p in &self.index.terms[e.term as usize].postings {
                        let s = self.term_score(e.term, p.tf, p.doc, clause.field);
                        if s > 0.0 {
                            let v = docs.entry(p.doc).or_insert(0.0);
                            *v = v.max(s * e.weight);
                        }
                    }
                }
                docs
            })
            .collect();
        let Some((first, rest)) = per_word.split_first() else {
            return HashMap::new();
        };
        let mut out: HashMap<u32, f64> = first
            .iter()
            .filter(|(doc, _)| rest.iter().all(|m| m.contains_key(doc)))
            .map(|(&doc, &s)| (doc, s + rest.iter().map(|m| m[&doc]).sum::<f64>()))
            .collect();
        if clause.phrase {
            out.retain(|&doc, _| self.has_phrase(doc, clause));
            for s in out.values_mut() {
                *s *= self.params.phrase;
            }
        }
        out
    }

    /// Whether the document holds the clause's words in order.
    fn has_phrase(&self, doc: u32, clause: &Clause) -> bool {
        // Each phrase word matches the surface words of its term, or
        // itself when it is a stop word.
        let accepted: Vec<HashSet<&str>> = clause
            .words
            .iter()
            .map(|w| match w.term.as_deref().and_then(|t| self.term_id(t)) {
                Some(t) => self.words_of(t).collect(),
                None => HashSet::from([w.word.as_str()]),
            })
            .collect();
        let d = &self.index.docs[doc as usize];
        let fields: &[&str] = match clause.field {
            Field::Any => &[&d.title, &d.body],
            Field::Title => &[&d.title],
            Field::Body => &[&d.body],
        };
        fields.iter().any(|text| {
            let words = DocWords::new(text).words;
            words.windows(accepted.len()).any(|win| {
                win.iter()
                    .zip(&accepted)
                    .all(|((_, _, w), ok)| ok.contains(w.as_str()))
            })
        })
    }

    fn hit(
        &self,
        doc: u32,
        score: f64,
        title: &DocWords,
        body: &DocWords,
        matched: &HashSet<&str>,
    ) -> Hit {
        let d = &self.index.docs[doc as usize];
        let title_highlights = utf16_ranges(
            title.text,
            0,
            title
                .words
                .iter()
                .filter(|(_, _, w)| matched.contains(w.as_str()))
                .map(|&(s, e, _)| (s, e)),
        );
        Hit {
            id: d.id.clone(),
            title: d.title.clone(),
            title_highlights,
            url: format!("#{}", d.id),
            date: d.date.clone(),
            score,
            excerpt: excerpt(body, matched),
        }
    }
}

/// The best window of about [`EXCERPT_WORDS`] words: the one covering the
/// most distinct matched words, then the most matches, then the earliest.
fn excerpt(doc: &DocWords, matched: &HashSet<&str>) -> Excerpt {
    let (text, words) = (doc.text, &doc.words);
    if words.is_empty() {
        return Excerpt {
            text: text.to_string(),
            highlights: Vec::new(),
        };
    }
    let hits: Vec<bool> = words
        .iter()
        .map(|(_, _, w)| matched.contains(w.as_str()))
        .collect();
    let window = EXCERPT_WORDS.min(words.len());
    let mut best = (0usize, 0usize, 0usize); // distinct, count, start
    for start in 0..=words.len() - window {
        if !hits[start] {
            continue; // the best window starts on a match (or is the first)
        }
        let slice = start..start + window;
        let distinct: HashSet<&str> = slice
            .clone()
            .filter(|&i| hits[i])
            .map(|i| words[i].2.as_str())
            .collect();
        let count = hits[slice].iter().filter(|&&h| h).count();
        if (distinct.len(), count) > (best.0, best.1) {
            best = (distinct.len(), count, start);
        }
    }
    // Show a little context before the first match.
    let start = best.2.saturating_sub(3).min(words.len() - window);
    let end_tok = start + window - 1;
    let from = if start == 0 { 0 } else { words[start].0 };
    let to = if end_tok + 1 == words.len() {
        text.len()
    } else {
        // Keep punctuation glued to the last word ("model." or "model,").
        let after = &text[words[end_tok].1..];
        words[end_tok].1 + after.find(char::is_whitespace).unwrap_or(after.len())
    };
    let lead = if from > 0 { "…" } else { "" };
    let tail = if to < text.len() { "…" } else { "" };
    let body = text[from..to].trim_end();
    let offset = lead.encode_utf16().count() as u32;
    let highlights = utf16_ranges(
        body,
        offset,
        (start..=end_tok)
            .filter(|&i| hits[i])
            .map(|i| (words[i].0 - from, words[i].1 - from)),
    );
    Excerpt {
        text: format!("{lead}{body}{tail}"),
        highlights,
    }
}

/// Byte ranges of `text` as UTF-16 ranges, shifted by `offset`.
fn utf16_ranges(
    text: &str,
    offset: u32,
    ranges: impl Iterator<Item = (usize, usize)>,
) -> Vec<Highlight> {
    let mut out = Vec::new();
    let mut pos_bytes = 0;
    let mut pos_units = offset;
    for (s, e) in ranges {
        if s < pos_bytes || e > text.len() {
            continue;
        }
        pos_units += text[pos_bytes..s].encode_utf16().count() as u32;
        let start = pos_units;
        pos_units += text[s..e].encode_utf16().count() as u32;
        pos_bytes = e;
        out.push([start, pos_units]);
    }
    out
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

/// Optimal-string-alignment distance (adjacent transpositions count as
/// one edit), or `None` when it exceeds `max`.
pub fn distance(a: &[char], b: &[char], max: usize) -> Option<usize> {
    let row = osa_last_row(a, b, max)?;
    Some(row[b.len()]).filter(|&d| d <= max)
}

/// The distance from `a` to the closest prefix of `b`: how many edits make
/// `a` a prefix of `b`.
pub fn prefix_distance(a: &[char], b: &[char], max: usize) -> Option<usize> {
    let row = osa_last_row(a, b, max)?;
    row.iter().copied().min().filter(|&d| d <= max)
}

/// The last row of the OSA matrix of `a` against `b`, or `None` as soon as
/// every cell of a row exceeds `max`.
fn osa_last_row(a: &[char], b: &[char], max: usize) -> Option<Vec<usize>> {
    let w = b.len() + 1;
    let mut prev2: Vec<usize> = vec![0; w];
    let mut prev: Vec<usize> = (0..w).collect();
    let mut cur: Vec<usize> = vec![0; w];
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..w {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if row_min > max {
            return None;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    Some(prev)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn edit_distances_count_transpositions_once() {
        let d = |a: &str, b: &str| distance(&chars(a), &chars(b), 2);
        assert_eq!(d("gpipe", "gpipe"), Some(0));
        assert_eq!(d("gpiep", "gpipe"), Some(1));
        assert_eq!(d("netwrok", "network"), Some(1));
        assert_eq!(d("normalisaton", "normalization"), Some(2));
        assert_eq!(d("abc", "xyz"), None);
        let p = |a: &str, b: &str| prefix_distance(&chars(a), &chars(b), 1);
        assert_eq!(p("transfom", "transformer"), Some(1));
        assert_eq!(p("trans", "transformer"), Some(0));
        assert_eq!(p("xrans", "quantum"), None);
    }

    #[test]
    fn utf16_ranges_count_code_units() {
        let text = "😀 gpipe é";
        let r = utf16_ranges(text, 1, [(5, 10), (11, 13)].into_iter());
        assert_eq!(r, [[4, 9], [10, 11]]);
    }

    #[test]
    fn replace_word_keeps_the_rest() {
        assert_eq!(
            replace_word("gpipe netwrok ", "netwrok", "network"),
            "gpipe network "
        );
    }
}
