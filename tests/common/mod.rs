//! Builders the integration tests share: digests → documents → index →
//! engine, answered queries, and the split-index fetch loop (searching,
//! adding the parts the engine names, searching again, as the widget does).

#![allow(dead_code)] // each test file uses some of these

use std::collections::HashMap;
use std::path::Path;

use papersift::digest::{self, Document};
use papersift::format::{encode_split, Index, Layout, SplitIndex};
use papersift::{index, Answer, Engine, Options, Results};

/// The digest the demo site and the embedded index are built from.
pub const DEFAULT_DIGEST: &str = "data/daily-papers.txt";

/// The documents of digest files, in order.
pub fn documents_of_files(paths: &[&str]) -> Vec<Document> {
    let parsed: Vec<_> = paths
        .iter()
        .map(|p| digest::parse_file(Path::new(p)).unwrap_or_else(|e| panic!("{e}")))
        .collect();
    digest::documents(&parsed)
}

/// The documents of digest texts, in order.
pub fn documents_of_texts(texts: &[&str]) -> Vec<Document> {
    let parsed: Vec<_> = texts
        .iter()
        .map(|t| digest::parse(t.as_bytes()).unwrap_or_else(|e| panic!("{e}")))
        .collect();
    digest::documents(&parsed)
}

/// The index of digest files.
pub fn index_of_files(paths: &[&str]) -> Index {
    index::build(&documents_of_files(paths)).unwrap()
}

/// The index of digest texts.
pub fn index_of_texts(texts: &[&str]) -> Index {
    index::build(&documents_of_texts(texts)).unwrap()
}

/// The index of the default digest.
pub fn default_index() -> Index {
    index_of_files(&[DEFAULT_DIGEST])
}

/// `index` with each English word's related documents, as a site build
/// makes it.
pub fn with_meaning(mut index: Index) -> Index {
    papersift::meaning::add_to(&mut index).unwrap();
    index
}

/// An engine over the default digest, meaning included (the embedded
/// index's meaning shards are files of their own).
pub fn default_engine() -> Engine {
    Engine::new(with_meaning(default_index()))
}

/// The engine a page over http starts with (the embedded root of the
/// default digest, cut small) and the parts it fetches, held in memory:
/// search it with `Engine::search_in`.
pub fn shipped_engine() -> (Engine, HashMap<String, Vec<u8>>) {
    let split = encode_split(&with_meaning(default_index()), Layout::small());
    assert_eq!(split.root, papersift::EMBEDDED_INDEX, "the embedded root");
    (papersift::embedded().unwrap(), files_of(&split))
}

/// An engine over digest texts.
pub fn engine_of_texts(texts: &[&str]) -> Engine {
    Engine::new(index_of_texts(texts))
}

/// The results of an answered query; a query on a whole index never
/// misses parts.
pub fn ready(answer: Answer) -> Results {
    match answer {
        Answer::Ready(results) => results,
        Answer::Missing(parts) => panic!("a whole index misses {parts:?}"),
    }
}

/// Searches a whole index.
pub fn search(engine: &mut Engine, query: &str, options: &Options) -> Results {
    ready(engine.search(query, options))
}

/// The ids of the hits for `query`, best first.
pub fn ids(engine: &mut Engine, query: &str) -> Vec<String> {
    let r = search(engine, query, &Options::default());
    r.results.into_iter().map(|h| h.id).collect()
}

/// The files of a split index, by name.
pub fn files_of(split: &SplitIndex) -> HashMap<String, Vec<u8>> {
    split.files.iter().cloned().collect()
}

/// Searches a split index, adding the files it names until it answers;
/// counts the files added in `fetched`.
pub fn search_loading(
    engine: &mut Engine,
    files: &HashMap<String, Vec<u8>>,
    query: &str,
    fetched: &mut usize,
) -> Results {
    for _round in 0..8 {
        match engine.search(query, &Options::default()) {
            Answer::Ready(results) => return results,
            Answer::Missing(names) => {
                for name in &names {
                    engine.add_part(name, &files[name]).unwrap();
                    *fetched += 1;
                }
            }
        }
    }
    panic!("{query:?} still misses files after eight rounds (as many as a page allows)");
}

/// The text of every judged query (`tests/relevance/judgements.tsv`).
pub fn judged_queries() -> Vec<String> {
    std::fs::read_to_string("tests/relevance/judgements.tsv")
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').nth(1).unwrap().to_string())
        .collect()
}
