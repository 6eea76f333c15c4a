//! [`Engine`]: query → ranked [`Hit`]s with excerpts and highlights.
//!
//! A search is a pipeline of named stages, each in its own file:
//!
//! ```text
//! query::parse ─► plan::word_parts ─► expand ─► plan::typo_parts, term_parts ─► score
//!   (clauses)       (buckets needed)   (prefixes,  (typo shards of words that  (BM25F per clause,
//!                                       typos)      match nothing; buckets of   combined, filtered)
//!                                                   the expanded terms)
//!   ─► rank::best ─► plan::doc_parts ─► phrase ─► rank::rerank ─► excerpt::hit
//!      (top by score     (doc shards       (on text)  (exact forms     (title marks,
//!       or date)          needed)                      first)           best passage)
//! ```
//!
//! Each query word is *expanded* into index terms: its own stem, the words
//! it begins while it is still being typed, and words a small edit distance
//! away. A document's score is BM25F over title, abstract and authors,
//! summed over the query's clauses; documents that match more clauses
//! rank first, and among the best, those holding the very words typed come
//! first. So exact beats stemmed, stemmed beats prefix, prefix beats typo.
//!
//! Where the words match poorly (a description or a question in the
//! visitor's own words), documents related to them by meaning fill in and
//! re-rank (`meaning.rs`); its shards are fetched beside the index, and
//! until they arrive the words alone rank ([`Results::pending`]).
//!
//! On a split index (see [`crate::format`]) a stage whose parts are not
//! loaded stops the search: it answers [`Answer::Missing`] with their file
//! names, to add with [`Engine::add_part`] before searching again.
//!
//! | file | holds |
//! |---|---|
//! | `options.rs`, `results.rs`, `error.rs` | what goes in and comes out |
//! | `store.rs`, `loaded.rs`, `cache.rs` | loaded parts, lookups, the part cache |
//! | `plan.rs` | which parts each stage needs |
//! | `in_memory.rs` | a split index searched from memory (native) |
//! | `expand.rs`, `distance.rs` | prefixes, typos, corrections |
//! | `score.rs` | BM25F, clauses combined and filtered, meaning fused in |
//! | `meaning.rs` | documents related to the query's words by meaning |
//! | `rank.rs` | top-k, date order, re-rank by exact forms |
//! | `phrase.rs` | quoted phrases |
//! | `excerpt.rs`, `word_set.rs` | highlights and the best passage |

mod cache;
mod distance;
mod error;
mod excerpt;
mod expand;
#[cfg(not(target_arch = "wasm32"))]
mod in_memory;
mod loaded;
mod meaning;
mod options;
mod phrase;
mod plan;
mod rank;
mod results;
mod score;
mod store;
mod word_set;

pub use cache::PART_CACHE_BYTES;
pub use distance::{distance, prefix_distance};
pub use error::LoadError;
pub use expand::{FUZZY_MIN_CHARS, FUZZY_TWO_EDITS_CHARS};
pub use options::{DateRange, Options, Params, Sort, YearlessDate};
pub use results::{Answer, Excerpt, Highlight, Hit, Results};

use crate::date::Date;
use crate::digest::Document;
use crate::format::{decode_file, meaning_shards, parts, File, Index, MeaningRef};
use crate::query;
use store::{Part, Store};
use word_set::WordSet;

/// A loaded index, ready to answer queries.
///
/// Searching takes `&mut self`: a search records which parts it used (so
/// the part cache keeps them) and splits the text of the documents it reads
/// into words once. An engine is `Send` and `Sync`; share one between
/// threads behind a lock, or give each thread its own.
pub struct Engine {
    store: Store,
    params: Params,
}

impl Engine {
    /// An engine over a whole index, its meaning lists included.
    pub fn new(index: Index) -> Self {
        let (mut root, bucket, docs) = parts(&index);
        root.meaning = (!index.meaning.is_empty()).then(|| MeaningRef {
            shards: meaning_shards(&index.meaning),
            build: 0,
        });
        let store = Store::new(root, Some(bucket), Some(docs.docs));
        Self::with_store(store.with_meaning(index.meaning))
    }

    fn with_store(store: Store) -> Self {
        Engine {
            store,
            params: Params::default(),
        }
    }

    /// Decodes a whole index, or the root of a split one (whose parts are
    /// then added with [`Engine::add_part`] as searches ask for them).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, LoadError> {
        let store = match decode_file(bytes)? {
            File::Single(root, bucket, docs) => Store::new(root, Some(bucket), Some(docs.docs)),
            File::Root(root) => Store::new(root, None, None),
            _ => {
                return Err(LoadError::WrongKind(
                    "this is a part of a split index, not its root",
                ))
            }
        };
        Ok(Self::with_store(store))
    }

    /// Adds one part of an index, as named in [`Answer::Missing`] (a split
    /// index's) or [`Results::pending`] (a meaning shard).
    /// Beyond the part cache's budget, the least recently used parts are
    /// dropped (and named again when a search needs them).
    pub fn add_part(&mut self, name: &str, bytes: &[u8]) -> Result<(), LoadError> {
        self.store.add_part(name, bytes)
    }

    /// Sets how many bytes of split-index parts stay in memory (default
    /// [`PART_CACHE_BYTES`]).
    pub fn with_part_cache(mut self, bytes: usize) -> Self {
        self.store.cache.budget = bytes;
        self
    }

    /// Bytes of split-index parts now in memory (as added).
    pub fn cached_bytes(&self) -> usize {
        self.store.cache.total()
    }

    /// Replaces the ranking parameters.
    pub fn with_params(mut self, params: Params) -> Self {
        self.params = params;
        self
    }

    /// Number of documents.
    pub fn len(&self) -> usize {
        self.store.root.n_docs as usize
    }

    /// Whether the index has no documents.
    pub fn is_empty(&self) -> bool {
        self.store.root.n_docs == 0
    }

    /// Whether the index is split into files fetched on demand.
    pub fn is_split(&self) -> bool {
        self.store.is_split()
    }

    /// The first and last dates of the index's papers, when any has one.
    pub fn date_span(&self) -> Option<(Date, Date)> {
        let mut dates = self.store.root.dates.iter().flatten();
        let first = *dates.next()?;
        Some((first, dates.last().copied().unwrap_or(first)))
    }

    /// Checks that `options` can filter this index: a date without a year
    /// cannot, when the papers' dates have years.
    pub fn check(&self, options: &Options) -> Result<(), YearlessDate> {
        let dated = self.date_span().is_some_and(|(_, last)| last.has_year());
        options.yearless(dated)
    }

    /// Document `n`, when its shard is loaded.
    pub fn doc(&self, n: u32) -> Option<&Document> {
        self.store.doc(n)
    }

    /// Answers one query, or names the files of a split index it needs.
    pub fn search(&mut self, text: &str, options: &Options) -> Answer {
        self.store.cache.tick();
        match self.run(text, options) {
            Ok(results) => Answer::Ready(results),
            Err(parts) => Answer::Missing(self.store.file_names(&parts)),
        }
    }

    /// The pipeline. Each `require` stops it with the parts the next stage
    /// needs that are not loaded.
    fn run(&mut self, text: &str, options: &Options) -> Result<Results, Vec<Part>> {
        let query = query::parse(text);
        let words = match options.meaning && self.store.has_meaning() {
            true => meaning::words(&query),
            false => Vec::new(),
        };
        self.store.require(plan::word_parts(&self.store, &query))?;
        let expanded = expand::expand_query(&self.store, &self.params, &query);
        // A word's typos found in its typo shards add to those of its own
        // bucket: the buckets of the latter are fetched meanwhile.
        let mut parts = plan::typo_parts(&self.store, &expanded);
        parts.extend(plan::term_parts(&self.store, expanded.terms()));
        self.store.require(parts)?;
        let (found, pending, applied) = self.score(&query, &expanded, &words, options);
        let (matches, facets) = (found.docs, found.facets);
        let candidates = matches.len();
        let phrases = query.clauses.iter().any(|c| c.phrase);
        let mut best = rank::best(&self.store, matches, phrases, options);
        let docs = || best.iter().map(|&(doc, _)| doc);
        self.store.require(plan::doc_parts(&self.store, docs()))?;
        self.store.load_words(docs());

        let store = &self.store;
        // Without phrases every candidate counts; with them, those of the
        // best few that have the phrase.
        let total = if phrases {
            phrase::keep_phrases(store, &query, &expanded, &mut best);
            best.len()
        } else {
            candidates
        };
        // Where meaning counted, the papers' words that brought them are
        // marked too.
        let brought = match applied {
            true => meaning::brought(store, &words),
            false => Vec::new(),
        };
        let matched = excerpt::matched_words(store, &query, &expanded, &brought);
        let results = rank::rerank(store, &self.params, &query, &best, options)
            .into_iter()
            .filter_map(|(doc, score)| excerpt::hit(store, doc, score, &matched))
            .collect();
        Ok(Results {
            query: text.to_string(),
            results,
            total,
            suggestion: expand::suggestion(text, &expanded.corrections),
            facets,
            pending: self.store.file_names(&pending),
        })
    }

    /// The query's matches, meaning fused in when its shards are loaded
    /// (meaning waits for nothing: without them, the words alone rank);
    /// the meaning shards still to add, named only if meaning could count
    /// (some word matches no document); and whether meaning counted.
    fn score(
        &mut self,
        query: &query::Query,
        expanded: &expand::Expanded,
        words: &[&str],
        options: &Options,
    ) -> (score::Matches, Vec<Part>, bool) {
        let missing = (self.store.require(meaning::parts(&self.store, words))).err();
        let related = match missing {
            None => meaning::scores(&self.store, words),
            Some(_) => Vec::new(),
        };
        let found = score::matches(
            &self.store,
            &self.params,
            query,
            expanded,
            &related,
            options,
        );
        let could = found.coverage < 1.0;
        let applied = could && !related.is_empty();
        let pending = missing.filter(|_| could).unwrap_or_default();
        (found, pending, applied)
    }
}
