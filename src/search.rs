//! [`Engine`]: query → ranked [`Hit`]s with excerpts and highlights.
//!
//! Each query word is *expanded* into index terms: its own stem (weight 1),
//! words it is a prefix of while it is being typed, and words within a small
//! edit distance (typos). A document's score is BM25F over title and
//! abstract, summed over the query's clauses, each clause taking its best
//! expansion; documents that match more of the clauses rank first.
//!
//! Offsets in [`Highlight`]s count UTF-16 code units, the unit of JavaScript
//! strings, so the widget can slice the text as it is.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::format::{decode, FormatError, Index};
use crate::query::{self, Clause, Field, Occur, QueryWord};
use crate::tokenize::{tokenize, Token};

/// Ranking parameters.
#[derive(Debug, Clone, Copy)]
pub struct Params {
    /// Field weights: title, abstract.
    pub field_weight: [f64; 2],
    /// BM25 length normalisation per field.
    pub b: [f64; 2],
    /// BM25 saturation.
    pub k1: f64,
    /// Weight of a prefix completion (times how much of it was typed).
    pub prefix: f64,
    /// Weight of a match one edit away; two edits get half of it.
    pub fuzzy: f64,
    /// Multiplier for a quoted phrase that matched.
    pub phrase: f64,
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
        }
    }
}

/// What a search returns beside the hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Most hits returned.
    pub limit: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options { limit: 10 }
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
        Engine {
            index,
            avg_len: avg_len.map(|a: f64| a.max(1.0)),
            word_chars,
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

    /// Answers one query.
    pub fn search(&self, text: &str, options: &Options) -> Results {
        let query = query::parse(text);
        let mut suggestion_parts: Vec<(String, String)> = Vec::new();

        // Expand every clause's words into index terms.
        let expansions: Vec<Vec<Vec<Expansion>>> = query
            .clauses
            .iter()
            .map(|clause| {
                clause
                    .words
                    .iter()
                    .map(|w| {
                        let fuzzy = !clause.phrase && clause.occur != Occur::MustNot;
                        let found = self.expand(w, fuzzy);
                        if clause.occur != Occur::MustNot && !self.has_exact(w) {
                            if let Some(fix) = self.correction(w) {
                                suggestion_parts.push((w.word.clone(), fix));
                            }
                        }
                        found
                    })
                    .collect()
            })
            .collect();

        let n_docs = self.index.docs.len();
        let positive: Vec<usize> = (0..query.clauses.len())
            .filter(|&i| query.clauses[i].occur != Occur::MustNot)
            .collect();
        let mut scores: HashMap<u32, (f64, u32)> = HashMap::new();
        let mut excluded: HashSet<u32> = HashSet::new();
        let mut required: Option<HashSet<u32>> = None;

        for (i, clause) in query.clauses.iter().enumerate() {
            let clause_scores = self.score_clause(clause, &expansions[i]);
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

        let n_positive = positive.len().max(1) as f64;
        let mut ranked: Vec<(u32, f64)> = scores
            .into_iter()
            .filter(|(doc, _)| !excluded.contains(doc))
            .filter(|(doc, _)| required.as_ref().is_none_or(|r| r.contains(doc)))
            .filter(|(doc, _)| (*doc as usize) < n_docs)
            .map(|(doc, (score, matched))| {
                // Documents that match more of the query come first.
                let coverage = f64::from(matched) / n_positive;
                (doc, score * coverage * coverage)
            })
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let total = ranked.len();

        let highlight_terms: HashSet<u32> = query
            .clauses
            .iter()
            .zip(&expansions)
            .filter(|(c, _)| c.occur != Occur::MustNot)
            .flat_map(|(_, words)| words.iter().flatten().map(|e| e.term))
            .collect();
        let highlight_texts: HashSet<&str> = highlight_terms
            .iter()
            .map(|&t| self.index.terms[t as usize].text.as_str())
            .collect();
        let results = ranked
            .into_iter()
            .take(options.limit)
            .map(|(doc, score)| self.hit(doc, score, &highlight_texts))
            .collect();

        let suggestion = (!suggestion_parts.is_empty()).then(|| {
            let mut fixed = text.to_lowercase();
            for (from, to) in &suggestion_parts {
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
    fn expand(&self, w: &QueryWord, fuzzy: bool) -> Vec<Expansion> {
        let mut best: HashMap<u32, f64> = HashMap::new();
        fn offer(best: &mut HashMap<u32, f64>, term: u32, weight: f64) {
            let e = best.entry(term).or_insert(0.0);
            *e = e.max(weight);
        }
        if let Some(t) = w.term.as_deref().and_then(|t| self.term_id(t)) {
            offer(&mut best, t, 1.0);
        }
        let typed = w.word.chars().count();
        if w.prefix {
            let mut completions: Vec<(u32, f64)> = self
                .prefix_range(&w.word)
                .map(|i| {
                    let word = &self.index.words[i];
                    let ratio = typed as f64 / f64::from(self.word_chars[i].max(1));
                    (word.term, self.params.prefix * (0.5 + 0.5 * ratio))
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
        if fuzzy && typed >= FUZZY_MIN_CHARS {
            let max = if typed >= FUZZY_TWO_EDITS_CHARS { 2 } else { 1 };
            // Typos in a word still being typed are tried only when nothing
            // starts with it: otherwise every short prefix matches too much.
            let prefix = w.prefix && best.is_empty();
            let query: Vec<char> = w.word.chars().collect();
            let mut candidate: Vec<char> = Vec::new();
            for (i, word) in self.index.words.iter().enumerate() {
                let len = usize::from(self.word_chars[i]);
                let fits = if prefix {
                    len + max >= typed
                } else {
                    len.abs_diff(typed) <= max
                };
                if !fits {
                    continue;
                }
                candidate.clear();
                candidate.extend(word.text.chars());
                let d = if prefix {
                    prefix_distance(&query, &candidate, max)
                } else {
                    distance(&query, &candidate, max)
                };
                if let Some(d) = d.filter(|&d| d > 0) {
                    let weight = self.params.fuzzy / d as f64;
                    offer(&mut best, word.term, weight);
                }
            }
        }
        best.into_iter()
            .map(|(term, weight)| Expansion { term, weight })
            .collect()
    }

    /// The closest index word to a word that matched nothing exactly.
    fn correction(&self, w: &QueryWord) -> Option<String> {
        let typed = w.word.chars().count();
        if typed < FUZZY_MIN_CHARS - 1 {
            return None;
        }
        let max = if typed >= FUZZY_TWO_EDITS_CHARS { 2 } else { 1 };
        let query: Vec<char> = w.word.chars().collect();
        let mut best: Option<(usize, std::cmp::Reverse<usize>, &str)> = None;
        let mut candidate = Vec::new();
        for (i, word) in self.index.words.iter().enumerate() {
            if usize::from(self.word_chars[i]).abs_diff(typed) > max {
                continue;
            }
            candidate.clear();
            candidate.extend(word.text.chars());
            if let Some(d) = distance(&query, &candidate, max) {
                let key = (
                    d,
                    std::cmp::Reverse(self.doc_freq(word.term)),
                    word.text.as_str(),
                );
                if best.is_none_or(|b| key < b) {
                    best = Some(key);
                }
            }
        }
        best.map(|(_, _, text)| text.to_string())
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
        let d = &self.index.docs[doc as usize];
        let fields: &[&str] = match clause.field {
            Field::Any => &[&d.title, &d.body],
            Field::Title => &[&d.title],
            Field::Body => &[&d.body],
        };
        fields
            .iter()
            .any(|text| !phrase_starts(&tokenize(text), &clause.words).is_empty())
    }

    fn hit(&self, doc: u32, score: f64, terms: &HashSet<&str>) -> Hit {
        let d = &self.index.docs[doc as usize];
        let is_hit = |t: &Token| t.term.as_deref().is_some_and(|term| terms.contains(term));
        let title_tokens = tokenize(&d.title);
        let title_highlights = utf16_ranges(
            &d.title,
            0,
            title_tokens
                .iter()
                .filter(|t| is_hit(t))
                .map(|t| (t.start, t.end)),
        );
        Hit {
            id: d.id.clone(),
            title: d.title.clone(),
            title_highlights,
            url: format!("#{}", d.id),
            date: d.date.clone(),
            score,
            excerpt: excerpt(&d.body, &tokenize(&d.body), &is_hit),
        }
    }
}

/// Positions where `words` start, consecutively, in `tokens`.
fn phrase_starts(tokens: &[Token], words: &[QueryWord]) -> Vec<usize> {
    if words.is_empty() || tokens.len() < words.len() {
        return Vec::new();
    }
    (0..=tokens.len() - words.len())
        .filter(|&i| {
            words.iter().zip(&tokens[i..]).all(|(w, t)| match &w.term {
                Some(term) => t.term.as_ref() == Some(term),
                None => t.word == w.word,
            })
        })
        .collect()
}

/// The best window of about [`EXCERPT_WORDS`] words: the one covering the
/// most distinct matched terms, then the most matches, then the earliest.
fn excerpt(text: &str, tokens: &[Token], is_hit: &dyn Fn(&Token) -> bool) -> Excerpt {
    if tokens.is_empty() {
        return Excerpt {
            text: text.to_string(),
            highlights: Vec::new(),
        };
    }
    let hits: Vec<bool> = tokens.iter().map(is_hit).collect();
    let window = EXCERPT_WORDS.min(tokens.len());
    let mut best = (0usize, 0usize, 0usize); // distinct, count, start
    for start in 0..=tokens.len() - window {
        let slice = start..start + window;
        if !hits[slice.clone()].iter().any(|&h| h) {
            continue;
        }
        let distinct: HashSet<&str> = slice
            .clone()
            .filter(|&i| hits[i])
            .filter_map(|i| tokens[i].term.as_deref())
            .collect();
        let count = hits[slice].iter().filter(|&&h| h).count();
        if (distinct.len(), count) > (best.0, best.1) {
            best = (distinct.len(), count, start);
        }
    }
    let mut start = best.2;
    // Show a little context before the first match.
    if let Some(first) = (start..start + window).find(|&i| hits[i]) {
        let lead = first.saturating_sub(3);
        if lead > start {
            start = lead.min(tokens.len() - window);
        }
    }
    let end_tok = start + window - 1;
    let from = if start == 0 { 0 } else { tokens[start].start };
    let to = if end_tok + 1 == tokens.len() {
        text.len()
    } else {
        // Keep punctuation glued to the last word ("model." or "model,").
        let after = &text[tokens[end_tok].end..];
        tokens[end_tok].end + after.find(char::is_whitespace).unwrap_or(after.len())
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
            .map(|i| (tokens[i].start - from, tokens[i].end - from)),
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
