//! Documents → [`Index`]: the build side, native only (never in the wasm).
//!
//! The inverted index (terms, per-field term frequencies, field lengths) is
//! built by elasticlunr-rs with the English pipeline, driven through
//! [`PapersiftLanguage`] so that it tokenizes exactly as queries do. Its JSON
//! (the form elasticlunr.js loads) is then read back into our compact
//! [`Index`], and the surface-word vocabulary is added beside it.

use std::collections::BTreeMap;
use std::fmt;

use serde_json::Value;

use crate::digest::Document;
use crate::format::{Doc, Index, Posting, Term, Word};
use crate::tokenize::{tokenize, PapersiftLanguage};

/// The fields indexed, in elasticlunr order.
pub const FIELDS: [&str; 2] = ["title", "body"];

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

/// Builds the search index of `docs`.
pub fn build(docs: &[Document]) -> Result<Index, BuildError> {
    if u32::try_from(docs.len()).is_err() {
        return Err(BuildError::TooManyDocuments(docs.len()));
    }
    let mut el = elasticlunr::IndexBuilder::with_language(Box::new(PapersiftLanguage))
        .save_docs(false)
        .add_fields(FIELDS)
        .build();
    for (n, doc) in docs.iter().enumerate() {
        el.add_doc(&n.to_string(), [doc.title.as_str(), doc.body.as_str()]);
    }
    let json: Value =
        serde_json::from_str(&el.to_json()).map_err(|_| BuildError::UnexpectedJson("not JSON"))?;
    drop(el);

    // term → doc → [title tf, body tf]
    let mut postings: BTreeMap<String, BTreeMap<u32, [u32; 2]>> = BTreeMap::new();
    for (f, field) in FIELDS.iter().enumerate() {
        let root = json
            .pointer(&format!("/index/{field}/root"))
            .ok_or(BuildError::UnexpectedJson("no field root"))?;
        let mut prefix = String::new();
        walk_trie(root, &mut prefix, &mut |term, doc, tf| {
            // elasticlunr stores sqrt(count).
            let count = (tf * tf).round() as u32;
            postings
                .entry(term.to_string())
                .or_default()
                .entry(doc)
                .or_default()[f] = count;
        })?;
    }
    let info = json
        .pointer("/documentStore/docInfo")
        .ok_or(BuildError::UnexpectedJson("no docInfo"))?;

    let mut out = Index::default();
    for (n, doc) in docs.iter().enumerate() {
        let mut lengths = [0u32; 2];
        for (f, field) in FIELDS.iter().enumerate() {
            lengths[f] =
                info.pointer(&format!("/{n}/{field}"))
                    .and_then(Value::as_u64)
                    .ok_or(BuildError::UnexpectedJson("no field length"))? as u32;
        }
        out.docs.push(Doc {
            id: doc.id.clone(),
            title: doc.title.clone(),
            body: doc.body.clone(),
            date: doc.date.clone(),
            lengths,
        });
    }
    out.terms = postings
        .into_iter()
        .map(|(text, docs)| Term {
            text,
            postings: docs
                .into_iter()
                .map(|(doc, tf)| Posting { doc, tf })
                .collect(),
        })
        .collect();

    let mut words: BTreeMap<String, String> = BTreeMap::new();
    for doc in docs {
        for text in [&doc.title, &doc.body] {
            for token in tokenize(text) {
                if let Some(term) = token.term {
                    words.entry(token.word).or_insert(term);
                }
            }
        }
    }
    for (text, term) in words {
        let at = out
            .terms
            .binary_search_by(|t| t.text.as_str().cmp(&term))
            .map_err(|_| BuildError::TokenizerDrift(text.clone()))?;
        out.words.push(Word {
            text,
            term: at as u32,
        });
    }
    Ok(out)
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

    #[test]
    fn builds_terms_words_and_lengths() {
        let digest = digest::parse(
            b"Pipeline Parallelism\n\nThe pipelines train networks.\n\nOther\n\nNetworks, networks!\n",
        )
        .unwrap();
        let index = build(&digest::documents(&[digest])).unwrap();
        let term = |t: &str| index.terms.iter().find(|x| x.text == t).unwrap();
        assert_eq!(term("pipelin").postings, [Posting { doc: 0, tf: [1, 1] }]);
        assert_eq!(
            term("network").postings,
            [
                Posting { doc: 0, tf: [0, 1] },
                Posting { doc: 1, tf: [0, 2] }
            ]
        );
        assert_eq!(index.docs[0].lengths, [2, 3]);
        let words: Vec<&str> = index.words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(
            words,
            ["networks", "parallelism", "pipeline", "pipelines", "train"]
        );
    }
}
