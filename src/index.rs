//! Documents → [`Index`]: the build side, native only (never in the wasm).
//!
//! The inverted index (terms, per-field term frequencies, field lengths) is
//! built by elasticlunr-rs with the English pipeline, driven through
//! [`PapersiftLanguage`] so that it tokenizes exactly as queries do. Its JSON
//! (the form elasticlunr.js loads) is read back into our compact [`Index`].
//! Large inputs are fed to elasticlunr-rs in chunks of [`CHUNK_DOCS`]
//! documents, on every core, and the chunks merged: memory stays bounded by
//! the chunk size, and a 50k-document digest builds in seconds.
//!
//! Term frequencies are stored BM25-normalised by field length (see
//! [`LENGTH_NORM`]), so the engine needs no per-document lengths at query
//! time — which is what lets a split index search before any document text
//! has arrived.
//!
//! Three fields: the title, the body (the abstract) and the authors (their
//! names joined, `a, b`; empty for a digest that names none), each with its
//! own length normalisation here and its own boost at query time.

use std::collections::BTreeMap;
use std::fmt;

use serde_json::Value;

use crate::digest::Document;
use crate::format::{Index, Posting, Term, Word, MAX_AUTHOR_WEIGHT, WEIGHT_SCALE};
use crate::tokenize::{normalize, term, word_spans, PapersiftLanguage};

/// The fields indexed, in elasticlunr order (and the order of a
/// posting's weights).
pub const FIELDS: [&str; 3] = ["title", "body", "authors"];
/// BM25 `b` per field: how much a long title, abstract or author list
/// dilutes a term. Authors dilute little: a name is as much the paper's
/// when it is one of twelve as when it is one of two (a long list halves
/// a name's weight at about four times the average length, rather than at
/// twice it as an abstract's word would).
pub const LENGTH_NORM: [f64; 3] = [0.5, 0.75, 0.3];
/// Documents given to elasticlunr-rs at a time.
pub const CHUNK_DOCS: usize = 2048;

/// Why an index could not be built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BuildError {
    /// elasticlunr-rs produced JSON of a shape we do not know.
    UnexpectedJson(&'static str),
    /// A word's term is missing from elasticlunr's vocabulary: the tokenizer
    /// and the index pipeline disagree (a bug; please report it).
    TokenizerDrift(String),
    /// More documents than the format can number.
    TooManyDocuments(usize),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::UnexpectedJson(what) => {
                write!(f, "unexpected elasticlunr index JSON: {what}")
            }
            BuildError::TokenizerDrift(word) => write!(
                f,
                "tokenizer drift: the term of {word:?} is not in the elasticlunr index"
            ),
            BuildError::TooManyDocuments(n) => write!(f, "{n} documents is more than 2^32"),
        }
    }
}

impl std::error::Error for BuildError {}

/// Per field ([`FIELDS`]): a term's frequencies, or a document's lengths.
type PerField = [u32; 3];

/// Term → (doc, [title tf, body tf, authors tf]), in doc order.
type TermFrequencies = BTreeMap<String, Vec<(u32, PerField)>>;

/// What one chunk contributes: term frequencies, field lengths, and
/// surface word → term.
#[derive(Default)]
struct Chunk {
    postings: TermFrequencies,
    lengths: Vec<PerField>,
    words: BTreeMap<String, String>,
}

/// Builds the search index of `docs`.
pub fn build(docs: &[Document]) -> Result<Index, BuildError> {
    if u32::try_from(docs.len()).is_err() {
        return Err(BuildError::TooManyDocuments(docs.len()));
    }
    let merged = merge(build_chunks(docs))?;
    let weigh = Weights::new(&merged.lengths);
    let terms: Vec<Term> = merged
        .postings
        .into_iter()
        .map(|(text, list)| Term {
            text,
            postings: list
                .into_iter()
                .map(|(doc, tf)| weigh.posting(doc, tf))
                .collect(),
        })
        .collect();
    let mut words = Vec::with_capacity(merged.words.len());
    for (text, term) in merged.words {
        let at = terms
            .binary_search_by(|t| t.text.as_str().cmp(&term))
            .map_err(|_| BuildError::TokenizerDrift(text.clone()))?;
        words.push(Word {
            text,
            term: at as u32,
        });
    }
    Ok(Index {
        meaning: Vec::new(),
        docs: docs.to_vec(),
        terms,
        words,
    })
}

/// Every chunk of [`CHUNK_DOCS`] documents through elasticlunr-rs, on every
/// core, in chunk order.
fn build_chunks(docs: &[Document]) -> Vec<Option<Result<Chunk, BuildError>>> {
    let chunks: Vec<(usize, &[Document])> = docs
        .chunks(CHUNK_DOCS)
        .enumerate()
        .map(|(i, c)| (i * CHUNK_DOCS, c))
        .collect();
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(chunks.len().max(1));
    let mut built: Vec<Option<Result<Chunk, BuildError>>> =
        (0..chunks.len()).map(|_| None).collect();
    std::thread::scope(|scope| {
        let slots: Vec<_> = built
            .chunks_mut(chunks.len().div_ceil(threads).max(1))
            .collect();
        let mut start = 0;
        for slot in slots {
            let mine = &chunks[start..start + slot.len()];
            start += slot.len();
            scope.spawn(move || {
                for (out, (first, chunk)) in slot.iter_mut().zip(mine) {
                    *out = Some(build_chunk(*first, chunk));
                }
            });
        }
    });
    built
}

/// The chunks as one, in chunk order so that postings stay sorted by
/// document.
fn merge(built: Vec<Option<Result<Chunk, BuildError>>>) -> Result<Chunk, BuildError> {
    let mut all = Chunk::default();
    for chunk in built {
        let chunk = chunk.expect("every chunk is built")?;
        for (term, list) in chunk.postings {
            all.postings.entry(term).or_default().extend(list);
        }
        all.lengths.extend(chunk.lengths);
        all.words.extend(chunk.words);
    }
    Ok(all)
}

/// Turns term frequencies into stored weights: BM25-normalised by the
/// field's length against its average (see [`LENGTH_NORM`]) over the
/// documents that have the field (papers without authors do not shorten
/// the average author list).
struct Weights<'a> {
    lengths: &'a [PerField],
    avg: [f64; 3],
}

impl<'a> Weights<'a> {
    fn new(lengths: &'a [PerField]) -> Self {
        let avg = std::array::from_fn(|f| {
            let have = lengths.iter().filter(|l| l[f] > 0).count().max(1) as f64;
            // Summed in shares, as before authors were a field: the
            // weights of a digest without authors keep every bit.
            let avg: f64 = lengths.iter().map(|l| f64::from(l[f]) / have).sum();
            avg.max(1.0)
        });
        Weights { lengths, avg }
    }

    fn posting(&self, doc: u32, tf: PerField) -> Posting {
        let len = self.lengths[doc as usize];
        let weight = std::array::from_fn(|f| self.weight(tf[f], len[f], f));
        let [title, body, authors] = weight;
        Posting {
            doc,
            weight: [title, body, authors.min(MAX_AUTHOR_WEIGHT)],
        }
    }

    fn weight(&self, tf: u32, len: u32, f: usize) -> u8 {
        if tf == 0 {
            return 0;
        }
        let b = LENGTH_NORM[f];
        let norm = 1.0 - b + b * f64::from(len) / self.avg[f];
        (f64::from(tf) / norm * WEIGHT_SCALE)
            .round()
            .clamp(1.0, 255.0) as u8
    }
}

/// The text of each field ([`FIELDS`]) of a paper: its authors joined by
/// commas (empty when it names none).
fn field_texts(doc: &Document) -> [std::borrow::Cow<'_, str>; 3] {
    let authors = match doc.authors.as_slice() {
        [] => std::borrow::Cow::Borrowed(""),
        [one] => std::borrow::Cow::Borrowed(one.as_str()),
        all => std::borrow::Cow::Owned(all.join(", ")),
    };
    [(&doc.title).into(), (&doc.body).into(), authors]
}

/// One chunk through elasticlunr-rs; `first` numbers its first document.
fn build_chunk(first: usize, docs: &[Document]) -> Result<Chunk, BuildError> {
    let mut el = elasticlunr::IndexBuilder::with_language(Box::new(PapersiftLanguage))
        .save_docs(false)
        .add_fields(FIELDS)
        .build();
    for (n, doc) in docs.iter().enumerate() {
        let [title, body, authors] = field_texts(doc);
        el.add_doc(&(first + n).to_string(), [&*title, &*body, &*authors]);
    }
    let json: Value =
        serde_json::from_str(&el.to_json()).map_err(|_| BuildError::UnexpectedJson("not JSON"))?;
    drop(el);
    Ok(Chunk {
        postings: chunk_postings(&json)?,
        lengths: chunk_lengths(&json, first, docs.len())?,
        words: chunk_words(docs),
    })
}

/// Term → (doc, [title tf, body tf, authors tf]) in doc order, from
/// elasticlunr's JSON.
fn chunk_postings(json: &Value) -> Result<TermFrequencies, BuildError> {
    let mut by_term: BTreeMap<String, BTreeMap<u32, PerField>> = BTreeMap::new();
    for (f, field) in FIELDS.iter().enumerate() {
        let root = json
            .pointer(&format!("/index/{field}/root"))
            .ok_or(BuildError::UnexpectedJson("no field root"))?;
        let mut prefix = String::new();
        walk_trie(root, &mut prefix, &mut |term, doc, tf| {
            // elasticlunr stores sqrt(count).
            let count = (tf * tf).round() as u32;
            by_term
                .entry(term.to_string())
                .or_default()
                .entry(doc)
                .or_default()[f] = count;
        })?;
    }
    let postings = by_term
        .into_iter()
        .map(|(t, docs)| (t, docs.into_iter().collect()));
    Ok(postings.collect())
}

/// Each document's field lengths, from elasticlunr's JSON.
fn chunk_lengths(json: &Value, first: usize, n_docs: usize) -> Result<Vec<PerField>, BuildError> {
    let info = json
        .pointer("/documentStore/docInfo")
        .ok_or(BuildError::UnexpectedJson("no docInfo"))?;
    let mut lengths = Vec::with_capacity(n_docs);
    for n in 0..n_docs {
        let mut l = [0u32; 3];
        for (f, field) in FIELDS.iter().enumerate() {
            l[f] = info
                .pointer(&format!("/{}/{field}", first + n))
                .and_then(Value::as_u64)
                .ok_or(BuildError::UnexpectedJson("no field length"))? as u32;
        }
        lengths.push(l);
    }
    Ok(lengths)
}

/// The surface words and their terms, through the same word splitting and
/// term function as the index.
fn chunk_words(docs: &[Document]) -> BTreeMap<String, String> {
    let mut words = BTreeMap::new();
    for doc in docs {
        for text in field_texts(doc) {
            for (s, e) in word_spans(&text) {
                let word = normalize(&text[s..e]);
                if let std::collections::btree_map::Entry::Vacant(slot) = words.entry(word) {
                    if let Some(t) = term(slot.key()) {
                        slot.insert(t);
                    }
                }
            }
        }
    }
    words
}

/// Visits every (term, doc, tf) of one field's elasticlunr trie. A node is
/// `{"docs": {ref: {"tf": x}}, "df": n, <char>: node, …}`.
fn walk_trie(
    node: &Value,
    prefix: &mut String,
    visit: &mut dyn FnMut(&str, u32, f64),
) -> Result<(), BuildError> {
    let map = node
        .as_object()
        .ok_or(BuildError::UnexpectedJson("trie node is not an object"))?;
    for (key, child) in map {
        match key.as_str() {
            "df" => {}
            "docs" => {
                let docs = child
                    .as_object()
                    .ok_or(BuildError::UnexpectedJson("docs is not an object"))?;
                for (doc, tf) in docs {
                    let doc = doc
                        .parse()
                        .map_err(|_| BuildError::UnexpectedJson("bad doc ref"))?;
                    let tf = tf
                        .get("tf")
                        .and_then(Value::as_f64)
                        .ok_or(BuildError::UnexpectedJson("no tf"))?;
                    visit(prefix, doc, tf);
                }
            }
            ch => {
                let len = prefix.len();
                prefix.push_str(ch);
                walk_trie(child, prefix, visit)?;
                prefix.truncate(len);
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::digest;

    fn index_of(text: &[u8]) -> Index {
        build(&digest::documents(&[digest::parse(text).unwrap()])).unwrap()
    }

    #[test]
    fn builds_terms_words_and_weights() {
        let index = index_of(
            b"Pipeline Parallelism\n\nThe pipelines train networks.\n\nOther\n\nNetworks, networks!\n",
        );
        let term = |t: &str| index.terms.iter().find(|x| x.text == t).unwrap();
        let p = &term("pipelin").postings;
        assert_eq!(p.len(), 1);
        assert!(p[0].weight[0] > 0 && p[0].weight[1] > 0);
        let n = &term("network").postings;
        assert_eq!((n[0].doc, n[1].doc), (0, 1));
        assert_eq!(n[0].weight[0], 0, "not in doc 0's title");
        assert!(
            n[1].weight[1] > n[0].weight[1],
            "twice in a short abstract weighs more"
        );
        let words: Vec<&str> = index.words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(
            words,
            ["networks", "parallelism", "pipeline", "pipelines", "train"]
        );
    }

    #[test]
    fn authors_are_a_field_of_their_own() {
        let doc = |title: &str, body: &str, authors: &[&str]| Document {
            id: title.into(),
            title: title.into(),
            body: body.into(),
            date: None,
            url: None,
            authors: authors.iter().map(|a| a.to_string()).collect(),
        };
        let index = build(&[
            doc("Dropout", "Hinton showed dropout.", &[]),
            doc("Capsules", "Routing.", &["Geoffrey Hinton", "Sara Sabour"]),
        ])
        .unwrap();
        let term = |t: &str| index.terms.iter().find(|x| x.text == t).unwrap();
        let hinton = &term("hinton").postings;
        assert_eq!(hinton[0].weight[2], 0, "mentioned, not an author");
        assert!(hinton[0].weight[1] > 0);
        assert_eq!(hinton[1].weight[..2], [0, 0], "an author only");
        assert!(hinton[1].weight[2] > 0);
        assert!(index.words.iter().any(|w| w.text == "sabour"));
        assert_eq!(
            field_texts(&index.docs[1])[2],
            "Geoffrey Hinton, Sara Sabour"
        );
    }

    #[test]
    fn chunked_builds_equal_one_chunk() {
        let text = std::fs::read("data/daily-papers.txt").unwrap();
        let docs = digest::documents(&[digest::parse(&text).unwrap()]);
        let whole = build(&docs).unwrap();
        // Feed the same documents chunk by chunk, by hand, and compare.
        let halves = [
            build_chunk(0, &docs[..20]).unwrap(),
            build_chunk(20, &docs[20..]).unwrap(),
        ];
        let merged: usize = halves.iter().map(|c| c.lengths.len()).sum();
        assert_eq!(merged, docs.len());
        let df = |t: &str| {
            whole
                .terms
                .iter()
                .find(|x| x.text == t)
                .unwrap()
                .postings
                .len()
        };
        let chunk_df = |t: &str| {
            halves
                .iter()
                .map(|c| c.postings.get(t).map_or(0, Vec::len))
                .sum::<usize>()
        };
        for t in ["train", "network", "gpipe", "batch"] {
            assert_eq!(df(t), chunk_df(t), "{t}");
        }
    }
}
