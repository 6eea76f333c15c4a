//! Meaning at build time: for each English word of the neighbour table
//! ([`crate::neighbours`]), the documents closest to it in meaning, so that
//! a query finds papers that say what it means in other words.
//!
//! Words and papers live in one space, the sentence transformer's
//! ([`crate::vectors`], distilled model2vec-style): a paper is the mean of
//! its words' vectors (title counted twice, each word weighted by how much
//! it says: the smooth inverse frequency of Arora et al., a / (a + p(word))
//! with p from the word's rank r in the table's frequency order,
//! 1 / ((r + 10) ln N)), of unit length, less the corpus's mean paper. A
//! word is close to a paper by the dot product of their vectors; its list
//! keeps its [`MAX_DOCS`] closest documents, with closeness relative to the
//! closest, and its weight (how much it says, times how close its closest
//! paper is). At query time (`search/meaning.rs`) the lists of the query's
//! words are added up, each scaled by its weight: the query as the mean of
//! its words' vectors, against each paper, decomposed word by word.
//!
//! The words that brought a list's papers (marked in excerpts) are the word
//! and its neighbours in the table (cosine ≥ [`RELATED_FROM`] between their
//! GloVe vectors) that the papers use.
//!
//! Native only: the tables are 9.4 MB and stay out of the wasm; the lists
//! reach visitors as meaning shards (`format/meaning.rs`).

use std::collections::HashMap;

use crate::digest::Document;
use crate::format::{Index, Related};
use crate::nearest;
use crate::neighbours::{Neighbours, NeighboursError};
use crate::tokenize::{term, tokenize};
use crate::vectors::{words_hash, WordVectors, DIMS};

/// Neighbours at least this close count (cosine) as words that brought a
/// paper.
pub const RELATED_FROM: f32 = 0.6;
/// Most documents kept per word.
pub const MAX_DOCS: usize = 32;
/// A document closer to a word than this (dot product of the centred
/// vectors) joins its list; a word with none has no list. Measured on the
/// judged sets (`tests/relevance.rs`; the mean nDCG@10 of the visitor.tsv,
/// own-words.tsv and meaning.tsv kinds in a visitor's words) and the
/// default digest's lists: with no floor every word lists 32 of its 64
/// papers (3.07 million pairs; a site of 6,705 files, 19.1 MB), 0.585;
/// from 0.015, 1.83 million, 0.584; from 0.02, 1.46 million, 0.579; from
/// 0.045, 0.39 million, 0.574, but the bilevel paper of
/// `tests/meaning.rs`'s description came second.
const MIN_SCORE: f32 = 0.02;
/// A title word counts this many times.
const TITLE_TIMES: f32 = 2.0;
/// BM25's saturation: a word's weight in a document is tf / (tf + K).
const K: f32 = 1.2;
/// The smooth inverse frequency's `a`: a word's weight is a / (a + p(word)).
const SIF_A: f32 = 1e-3;
/// A word whose closest paper is this close (dot product of the centred
/// vectors) or closer keeps its whole weight; a farther one, in proportion.
const CLOSE: f32 = 0.15;

/// The tables built into the native library (for the CLI and tests; the
/// build script reads the same files).
pub static NEIGHBOURS: &[u8] = include_bytes!("../data/meaning/neighbours.bin");
/// See [`NEIGHBOURS`].
pub static VECTORS: &[u8] = include_bytes!("../data/meaning/vectors.bin");

/// Why the meaning tables could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TableError {
    /// The neighbour table.
    Neighbours(NeighboursError),
    /// The word vectors.
    Vectors(crate::vectors::VectorsError),
    /// Vectors distilled for another neighbour table.
    Mismatch,
}

impl std::fmt::Display for TableError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TableError::Neighbours(e) => e.fmt(f),
            TableError::Vectors(e) => e.fmt(f),
            TableError::Mismatch => f.write_str(
                "word vectors: distilled for another neighbour table \
                 (rebuild them with `cargo xtask embeddings`)",
            ),
        }
    }
}

impl std::error::Error for TableError {}

/// The meaning tables: words, their neighbours and their vectors.
pub struct Tables {
    /// Words in frequency order and their neighbours.
    pub neighbours: Neighbours,
    /// The words' vectors, in the same order.
    pub vectors: WordVectors,
}

/// The decoded [`NEIGHBOURS`] and [`VECTORS`], read once.
pub fn table() -> Result<&'static Tables, TableError> {
    static TABLE: std::sync::OnceLock<Result<Tables, TableError>> = std::sync::OnceLock::new();
    TABLE
        .get_or_init(|| {
            let neighbours = Neighbours::decode(NEIGHBOURS).map_err(TableError::Neighbours)?;
            let vectors = WordVectors::decode(VECTORS).map_err(TableError::Vectors)?;
            if vectors.len() != neighbours.words.len()
                || vectors.words_hash != words_hash(&neighbours.words)
            {
                return Err(TableError::Mismatch);
            }
            Ok(Tables {
                neighbours,
                vectors,
            })
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// Gives `index` its meaning lists, from the committed tables: what a site
/// build, `papersift index` and the CLI's search all do.
pub fn add_to(index: &mut Index) -> Result<(), TableError> {
    index.meaning = build(&index.docs, table()?);
    Ok(())
}

/// Each table word's closest documents among `docs`, sorted by word; words
/// close to no document have no list.
pub fn build(docs: &[Document], tables: &Tables) -> Vec<Related> {
    let table = &tables.neighbours;
    let number: HashMap<&str, u32> = (table.words.iter().enumerate())
        .map(|(n, w)| (w.as_str(), n as u32))
        .collect();
    let weights = doc_weights(docs, &number);
    let words: Vec<f32> = (0..table.words.len())
        .flat_map(|n| tables.vectors.vector(n))
        .collect();
    let papers = paper_vectors(docs, &number, &words);
    let wanted = |n: usize| term(&table.words[n]).is_some(); // stop words say nothing
    let closest = nearest::nearest(&papers, &words, DIMS, (MAX_DOCS, MIN_SCORE), wanted);
    let mut lists = Vec::new();
    for (n, found) in closest.into_iter().enumerate() {
        let Some((best, kept)) = found else {
            continue;
        };
        lists.push(Related {
            word: table.words[n].clone(),
            weight: weight(n, table.words.len(), best),
            words: brought(table, n, &weights),
            docs: closeness(best, kept),
        });
    }
    lists.sort_unstable_by(|a, b| a.word.cmp(&b.word));
    lists
}

/// The words that bring word `n`'s papers: itself and its near neighbours,
/// those the documents use (stop words aside).
fn brought(table: &Neighbours, n: usize, weights: &HashMap<u32, Vec<(u32, f32)>>) -> Vec<String> {
    let near = (table.related[n].iter())
        .filter(|&&(_, sim)| sim >= RELATED_FROM)
        .map(|&(t, _)| t);
    (std::iter::once(n as u32).chain(near))
        .filter(|t| weights.contains_key(t))
        .map(|t| table.words[t as usize].clone())
        .filter(|w| term(w).is_some())
        .collect()
}

/// Each document as the unit mean of its words' vectors (title words
/// [`TITLE_TIMES`], each word by its smooth inverse frequency), less the
/// mean document: flat, [`DIMS`] per document.
fn paper_vectors(docs: &[Document], number: &HashMap<&str, u32>, words: &[f32]) -> Vec<f32> {
    let mut out = vec![0f32; docs.len() * DIMS];
    for (doc, v) in docs.iter().zip(out.chunks_exact_mut(DIMS)) {
        for (text, times) in [(&doc.title, TITLE_TIMES), (&doc.body, 1.0)] {
            for token in tokenize(text) {
                let Some(&w) = number.get(token.word.as_str()) else {
                    continue;
                };
                if token.term.is_none() {
                    continue; // a stop word says nothing
                }
                let (w, count) = (w as usize, words.len() / DIMS);
                let by = times * sif(w, count);
                (v.iter_mut())
                    .zip(&words[w * DIMS..(w + 1) * DIMS])
                    .for_each(|(x, y)| *x += by * y);
            }
        }
        let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        if norm > 0.0 {
            v.iter_mut().for_each(|x| *x /= norm);
        }
    }
    let mut mean = vec![0f32; DIMS];
    for v in out.chunks_exact(DIMS) {
        mean.iter_mut().zip(v).for_each(|(m, x)| *m += x);
    }
    let n = docs.len().max(1) as f32;
    for v in out.chunks_exact_mut(DIMS) {
        v.iter_mut().zip(&mean).for_each(|(x, m)| *x -= m / n);
    }
    out
}

/// A word's `(document, score)` pairs as `(document, closeness 1..=255)`,
/// by document, the closest 255.
fn closeness(best: f32, kept: Vec<(u32, f32)>) -> Vec<(u32, u8)> {
    let mut out: Vec<(u32, u8)> = (kept.into_iter())
        .map(|(d, s)| (d, (255.0 * s / best).round().clamp(1.0, 255.0) as u8))
        .collect();
    out.sort_unstable();
    out
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

/// The smooth inverse frequency of the `rank`-th most frequent of `words`
/// words, 0..1: under Zipf's law p(word) ≈ 1 / (rank × ln words).
fn sif(rank: usize, words: usize) -> f32 {
    let p = 1.0 / ((rank as f32 + 10.0) * (words.max(2) as f32).ln());
    SIF_A / (SIF_A + p)
}

/// A list's weight, 1..=255: how much word `rank` says, times how close its
/// closest paper is (`best`, up to [`CLOSE`]).
fn weight(rank: usize, words: usize, best: f32) -> u8 {
    let close = (best / CLOSE).min(1.0);
    (255.0 * sif(rank, words) * close).round().clamp(1.0, 255.0) as u8
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

    fn unit(parts: &[(usize, f32)]) -> [f32; DIMS] {
        let mut v = [0f32; DIMS];
        parts.iter().for_each(|&(d, x)| v[d] = x);
        v
    }

    #[test]
    fn a_word_reaches_the_documents_whose_words_are_near_it() {
        let words: Vec<String> = ["the", "gpu", "accelerator", "poetry"]
            .map(String::from)
            .to_vec();
        let vectors = [
            unit(&[(3, 1.0)]),
            unit(&[(0, 1.0)]),
            unit(&[(0, 0.8), (1, 0.6)]),
            unit(&[(2, 1.0)]),
        ];
        let tables = Tables {
            vectors: WordVectors::exact(&vectors, words_hash(&words)).unwrap(),
            neighbours: Neighbours {
                words,
                related: vec![vec![], vec![(2, 0.8)], vec![(1, 0.8)], vec![]],
            },
        };
        let docs = [
            doc("a", "Training on a GPU", "We use a gpu cluster."),
            doc("b", "Accelerator design", "A chip for sparse models."),
            doc("c", "Poetry", "Rhymes."),
        ];
        let lists = build(&docs, &tables);
        let of = |w: &str| lists.iter().find(|l| l.word == w);
        assert!(of("the").is_none(), "stop words have no list");
        let gpu = of("gpu").unwrap();
        assert_eq!(gpu.docs.iter().map(|d| d.0).collect::<Vec<_>>(), [0, 1]);
        assert_eq!(gpu.docs[0].1, 255, "the paper using it is closest");
        assert!(gpu.docs[1].1 < 255, "a paper using a near word comes next");
        assert_eq!(
            gpu.words,
            ["gpu", "accelerator"],
            "the words that brought them"
        );
        assert!(of("poetry").unwrap().docs == [(2, 255)]);
        assert!(of("gpu").unwrap().weight < of("poetry").unwrap().weight);
    }

    #[test]
    fn the_committed_tables_agree() {
        let tables = table().unwrap();
        assert_eq!(tables.vectors.len(), tables.neighbours.words.len());
    }
}
