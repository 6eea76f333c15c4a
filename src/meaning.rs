//! Meaning at build time: for each English word of the neighbour table
//! ([`crate::neighbours`]), the documents closest to it in meaning, so that
//! a query finds papers that say what it means in other words.
//!
//! A word is close to a document when the document uses the word or words
//! near it (cosine ≥ [`RELATED_FROM`] between their GloVe vectors): each such
//! word adds its BM25-like weight in the document (title counted twice,
//! rarer words more), scaled by how near it is. A word's list keeps its
//! [`MAX_DOCS`] closest documents, with closeness relative to the closest.
//! At query time (`search/meaning.rs`) the lists of the query's words are
//! added up, each scaled by how much the word says (rarer words more: the
//! smooth inverse frequency of Arora et al., a / (a + p(word)) with p from
//! the word's rank r in the table's frequency order, 1 / ((r + 10) ln N)).
//!
//! Native only: the table is 2.8 MB and stays out of the wasm; the lists
//! reach visitors as meaning shards (`format/meaning.rs`).

use std::collections::HashMap;

use crate::digest::Document;
use crate::format::{Index, Related};
use crate::neighbours::{Neighbours, NeighboursError};
use crate::tokenize::{term, tokenize};

/// Neighbours at least this close count (cosine); nearer count more.
pub const RELATED_FROM: f32 = 0.6;
/// Most documents kept per word.
pub const MAX_DOCS: usize = 32;
/// A title word counts this many times.
const TITLE_TIMES: f32 = 2.0;
/// BM25's saturation: a word's weight in a document is tf / (tf + K).
const K: f32 = 1.2;
/// The smooth inverse frequency's `a`: a word's weight is a / (a + p(word)).
const SIF_A: f32 = 1e-3;

/// The table built into the native library (for the CLI and tests; the
/// build script reads the same file).
pub static NEIGHBOURS: &[u8] = include_bytes!("../data/meaning/neighbours.bin");

/// The decoded [`NEIGHBOURS`] table, read once.
pub fn table() -> Result<&'static Neighbours, NeighboursError> {
    static TABLE: std::sync::OnceLock<Result<Neighbours, NeighboursError>> =
        std::sync::OnceLock::new();
    TABLE
        .get_or_init(|| Neighbours::decode(NEIGHBOURS))
        .as_ref()
        .map_err(Clone::clone)
}

/// Gives `index` its meaning lists, from the committed table: what a site
/// build, `papersift index` and the CLI's search all do.
pub fn add_to(index: &mut Index) -> Result<(), NeighboursError> {
    index.meaning = build(&index.docs, table()?);
    Ok(())
}

/// Each table word's closest documents among `docs`, sorted by word; words
/// close to no document have no list.
pub fn build(docs: &[Document], table: &Neighbours) -> Vec<Related> {
    let number: HashMap<&str, u32> = (table.words.iter().enumerate())
        .map(|(n, w)| (w.as_str(), n as u32))
        .collect();
    let weights = doc_weights(docs, &number);
    let mut scores = vec![0f32; docs.len()];
    let mut touched: Vec<u32> = Vec::new();
    let mut lists = Vec::new();
    for (n, word) in table.words.iter().enumerate() {
        if term(word).is_none() {
            continue; // a stop word says nothing
        }
        let sources = std::iter::once((n as u32, 1.0)).chain(
            (table.related[n].iter())
                .filter(|&&(_, sim)| sim >= RELATED_FROM)
                .map(|&(t, sim)| (t, nearness(sim))),
        );
        let mut words = Vec::new();
        for (t, near) in sources {
            let Some(papers) = weights.get(&t) else {
                continue;
            };
            // A stop word counts (dropping them cost questions 0.018) but
            // is not worth marking.
            let brought = &table.words[t as usize];
            if term(brought).is_some() {
                words.push(brought.clone());
            }
            for &(doc, w) in papers {
                if scores[doc as usize] == 0.0 {
                    touched.push(doc);
                }
                scores[doc as usize] += near * w;
            }
        }
        if touched.is_empty() {
            continue;
        }
        lists.push(Related {
            word: word.clone(),
            weight: sif_weight(n, table.words.len()),
            words,
            docs: closest(&mut scores, &mut touched),
        });
    }
    lists.sort_unstable_by(|a, b| a.word.cmp(&b.word));
    lists
}

/// How much a neighbour at cosine `sim` counts: 0.8 of the word itself at
/// [`RELATED_FROM`], up to all of it at cosine 1. Measured on the judged
/// sets (`tests/relevance.rs`, with `Params::meaning` tuned for each): from
/// 0.1 at the threshold, own-words paraphrases 0.228 and questions 0.312;
/// from 0.5, 0.250 and 0.302; from 0.8, 0.261 and 0.318, every other kind
/// within 0.01 of the words alone.
fn nearness(sim: f32) -> f32 {
    0.8 + 0.2 * (sim - RELATED_FROM) / (1.0 - RELATED_FROM)
}

/// Per table word present in `docs`: `(document, weight)` in document
/// order, the weight BM25-like (saturated frequency times IDF).
fn doc_weights(docs: &[Document], number: &HashMap<&str, u32>) -> HashMap<u32, Vec<(u32, f32)>> {
    let mut counts: HashMap<u32, Vec<(u32, f32)>> = HashMap::new();
    for (d, doc) in docs.iter().enumerate() {
        let mut tf: HashMap<u32, f32> = HashMap::new();
        for (text, times) in [(&doc.title, TITLE_TIMES), (&doc.body, 1.0)] {
            for token in tokenize(text) {
                if let Some(&w) = number.get(token.word.as_str()) {
                    *tf.entry(w).or_default() += times;
                }
            }
        }
        for (w, f) in tf {
            counts.entry(w).or_default().push((d as u32, f));
        }
    }
    let n = docs.len() as f32;
    for list in counts.values_mut() {
        let idf = (1.0 + n / list.len() as f32).ln();
        for (_, f) in list.iter_mut() {
            *f = idf * *f / (*f + K);
        }
    }
    counts
}

/// The [`MAX_DOCS`] best of the touched `scores` as `(document,
/// closeness)` by document, the best 255; clears what it read.
fn closest(scores: &mut [f32], touched: &mut Vec<u32>) -> Vec<(u32, u8)> {
    let score = |d: &u32| scores[*d as usize];
    touched.sort_unstable_by(|a, b| score(b).total_cmp(&score(a)).then(a.cmp(b)));
    let best = score(&touched[0]);
    let mut kept: Vec<(u32, u8)> = (touched.iter().take(MAX_DOCS))
        .map(|&d| {
            (
                d,
                (255.0 * score(&d) / best).round().clamp(1.0, 255.0) as u8,
            )
        })
        .collect();
    kept.sort_unstable();
    for &d in touched.iter() {
        scores[d as usize] = 0.0;
    }
    touched.clear();
    kept
}

/// The smooth inverse frequency of the `rank`-th most frequent of `words`
/// words, 1..=255: under Zipf's law p(word) ≈ 1 / (rank × ln words).
fn sif_weight(rank: usize, words: usize) -> u8 {
    let p = 1.0 / ((rank as f32 + 10.0) * (words.max(2) as f32).ln());
    (255.0 * SIF_A / (SIF_A + p)).round().clamp(1.0, 255.0) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: &str, title: &str, body: &str) -> Document {
        Document {
            id: id.into(),
            title: title.into(),
            body: body.into(),
            date: None,
            url: None,
            authors: Vec::new(),
        }
    }

    #[test]
    fn a_word_reaches_documents_through_its_neighbours() {
        let table = Neighbours {
            words: ["the", "gpu", "accelerator", "poetry"]
                .map(String::from)
                .to_vec(),
            related: vec![vec![], vec![(2, 0.8)], vec![(1, 0.8)], vec![]],
        };
        let docs = [
            doc("a", "Training on a GPU", "We use a gpu cluster."),
            doc("b", "Accelerator design", "A chip for sparse models."),
            doc("c", "Poetry", "Rhymes."),
        ];
        let lists = build(&docs, &table);
        let of = |w: &str| lists.iter().find(|l| l.word == w);
        assert!(of("the").is_none(), "stop words have no list");
        let gpu = of("gpu").unwrap();
        assert_eq!(gpu.docs.iter().map(|d| d.0).collect::<Vec<_>>(), [0, 1]);
        assert_eq!(gpu.docs[0].1, 255, "its own word counts most");
        assert!(gpu.docs[1].1 < 255);
        assert_eq!(
            gpu.words,
            ["gpu", "accelerator"],
            "the words that brought them"
        );
        assert!(of("poetry").unwrap().docs == [(2, 255)]);
        assert!(of("gpu").unwrap().weight < of("poetry").unwrap().weight);
    }
}
