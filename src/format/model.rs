//! The logical index and the pieces its files hold: what is stored, not
//! how (the schema is in [`super`], the bytes in `codec.rs`).

use crate::date::Date;
use crate::digest::Document;

/// A whole index, as built: what the files together hold. Not stored as
/// such: [`super::encode`] writes it as one single file (kind 0), and
/// [`super::encode_split`] as a root, buckets and doc shards.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Index {
    /// The documents, in index order.
    pub docs: Vec<Document>,
    /// Index terms, sorted by text.
    pub terms: Vec<Term>,
    /// Surface words, sorted by text.
    pub words: Vec<Word>,
    /// Each English word's related documents, sorted by word (empty when
    /// built without meaning). Stored in meaning shards (kind 4), never in
    /// the single file or the root.
    pub meaning: Vec<Related>,
}

/// The documents related in meaning to one English word (see
/// `crate::meaning`). Stored in a meaning shard, front-coded after the
/// previous word.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Related {
    /// The lower-cased word, as a visitor types it.
    pub word: String,
    /// How much the word says (rarer words more), 1..=255.
    pub weight: u8,
    /// The papers' words that brought them: the word itself when papers use
    /// it, and its neighbours that they use, nearest first (marked in
    /// excerpts).
    pub words: Vec<String>,
    /// `(document, closeness 1..=255)`, sorted by document; the closest
    /// has 255.
    pub docs: Vec<(u32, u8)>,
}

/// Where the meaning shards are. Stored at the end of the root.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MeaningRef {
    /// How many shards: a word's is [`super::meaning_shard`].
    pub shards: u32,
    /// A hash of every shard, in their file names (`m-<build>-<n>.psi`).
    pub build: u32,
}

/// The meaning lists of the words that hash to one shard: a file
/// `m-<build>-<n>.psi` (kind 4).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MeaningShard {
    /// Its number.
    pub shard: u32,
    /// Its words' lists, sorted by word.
    pub lists: Vec<Related>,
}

/// Where a split index's typo shards are (see `typo.rs`). Stored at the
/// end of the root, after the meaning shards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TypoRef {
    /// How many shards: a word's is [`super::typo_shard`].
    pub shards: u32,
    /// A hash of every shard, in their file names (`t-<build>-<n>.psi`).
    pub build: u32,
}

/// The surface words whose last letters hash to one shard, each with its
/// term: a file `t-<build>-<n>.psi` (kind 5), searched for the typos of a
/// word that matches nothing in its own bucket.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TypoShard {
    /// Its number.
    pub shard: u32,
    /// Its words, sorted, each pointing at its global term.
    pub words: Vec<Word>,
}

/// An index term and the documents that contain it. Stored in a bucket
/// (kind 2, or inside a single file), front-coded after the previous term.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Term {
    /// The stemmed term.
    pub text: String,
    /// Postings, sorted by document.
    pub postings: Vec<Posting>,
}

/// One document containing a term. Stored after its term in a bucket, as
/// `(doc delta << 1 | in title)`, the body weight, then the title weight
/// when in title; a term in the document's authors escapes (see the schema
/// in [`super`]), so postings without authors cost what they did before
/// authors had a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Posting {
    /// Document number.
    pub doc: u32,
    /// Weight in the title, the body (the abstract) and the authors (see
    /// [`super::WEIGHT_SCALE`]; the authors' at most
    /// [`super::MAX_AUTHOR_WEIGHT`]); 0 where the term does not occur.
    pub weight: [u8; 3],
}

/// A surface word and the term it stems to. Stored in a bucket (kind 2),
/// front-coded, with its term as a stem of itself or a global term id.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Word {
    /// The lower-cased word as written in some document.
    pub text: String,
    /// Index into [`Index::terms`].
    pub term: u32,
}

/// Where one bucket starts, and its file. Stored in the root (kind 1, or
/// at the head of a single file).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BucketRef {
    /// Words and terms from this text on (up to the next bucket's key).
    pub key: String,
    /// Global number of its first word.
    pub first_word: u32,
    /// Global number of its first term.
    pub first_term: u32,
    /// File name (empty inside a single file).
    pub file: String,
}

/// The doc shards: runs of [`DocShards::size`] documents (the last may be
/// shorter) in files `d-<hash>-<n>.psi`. Shards are grouped into runs cut
/// where the content says ([`RUN_CUT`]), and each run's hash names its
/// shards: adding a day's papers at the end renames only the last run's
/// shards, so a daily publish rewrites a few dozen doc shards, not all
/// 12,500 of a 50k archive; and the root names any number of shards in a
/// few bytes per run (with a content hash each, 3,125 shards at 50k
/// documents cost it 15 KB gzip).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DocShards {
    /// How many (one inside a single file).
    pub count: u32,
    /// Documents per shard.
    pub size: u32,
    /// The runs, by first shard: together they cover every shard (empty
    /// inside a single file).
    pub runs: Vec<ShardRun>,
}

/// A run of doc shards and the hash that names their files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ShardRun {
    /// Its first shard.
    pub first: u32,
    /// A hash of its shards' bytes, so a rebuilt run never mixes with an
    /// older one's shards.
    pub hash: u32,
}

/// A run of doc shards ends after a shard whose checksum is a multiple of
/// this: runs of 32 shards on average, cut by content, so an index that
/// grows at its end keeps its earlier runs (and their file names). At 50k
/// documents: about 390 runs, 2.3 KB of root.
pub const RUN_CUT: u64 = 32;

impl DocShards {
    /// The first document of shard `shard`.
    pub fn first_doc(&self, shard: usize) -> u32 {
        u32::try_from(shard)
            .unwrap_or(u32::MAX)
            .saturating_mul(self.size)
    }

    /// The shard that holds document `doc`.
    pub fn of(&self, doc: u32) -> usize {
        (doc / self.size.max(1)).min(self.count.saturating_sub(1)) as usize
    }

    /// Shard `shard`'s file name.
    pub fn file(&self, shard: usize) -> String {
        let run = self.runs.partition_point(|r| r.first as usize <= shard);
        let hash = self.runs.get(run.wrapping_sub(1)).map_or(0, |r| r.hash);
        format!("d-{hash:08x}-{shard}.psi")
    }

    /// The shard whose file is `name`, if it is one of these.
    pub fn find(&self, name: &str) -> Option<usize> {
        let (_, n) = name.strip_prefix("d-")?.split_once('-')?;
        let n: usize = n.strip_suffix(".psi")?.parse().ok()?;
        (n < self.count as usize && self.file(n) == name).then_some(n)
    }
}

/// Documents from `first_doc` on (to the next run) have `dates[date]`.
/// Stored in the root as `(run length, date index)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DateRun {
    /// First document of the run.
    pub first_doc: u32,
    /// Index into [`Root::dates`].
    pub date: u32,
}

/// What is needed to start searching: sizes, dates, and the cut. The
/// root file (kind 1), embedded in the wasm; or the head of a single file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Root {
    /// Documents in the index.
    pub n_docs: u32,
    /// Surface words in the index.
    pub n_words: u32,
    /// Terms in the index.
    pub n_terms: u32,
    /// The distinct dates, sorted (`None`, for documents without one,
    /// first).
    pub dates: Vec<Option<Date>>,
    /// Runs of documents with the same date (an index into `dates`), by
    /// first document: documents come in digest order, so a digest's papers
    /// share one run and 50k documents cost a few bytes, not 50k strings.
    pub date_runs: Vec<DateRun>,
    /// Buckets, by key.
    pub buckets: Vec<BucketRef>,
    /// The doc shards.
    pub doc_shards: DocShards,
    /// The meaning shards, when the index was built with meaning.
    pub meaning: Option<MeaningRef>,
    /// The typo shards of a split index (none for a whole one, whose one
    /// bucket holds every word).
    pub typos: Option<TypoRef>,
}

impl Root {
    /// A root for `docs` (sizes and dates; no buckets or shards yet).
    pub(super) fn for_index(index: &Index) -> Root {
        let mut dates: Vec<Option<Date>> = index.docs.iter().map(|d| d.date).collect();
        dates.sort_unstable();
        dates.dedup();
        let mut date_runs: Vec<DateRun> = Vec::new();
        for (n, doc) in index.docs.iter().enumerate() {
            let date = dates.binary_search(&doc.date).unwrap_or(0) as u32;
            if date_runs.last().is_none_or(|r| r.date != date) {
                date_runs.push(DateRun {
                    first_doc: n as u32,
                    date,
                });
            }
        }
        Root {
            n_docs: index.docs.len() as u32,
            n_words: index.words.len() as u32,
            n_terms: index.terms.len() as u32,
            dates,
            date_runs,
            ..Root::default()
        }
    }

    /// Index into [`Root::dates`] of a document's date.
    pub fn date_index(&self, doc: u32) -> usize {
        let run = self.date_runs.partition_point(|r| r.first_doc <= doc);
        self.date_runs
            .get(run.wrapping_sub(1))
            .map_or(0, |r| r.date as usize)
    }

    /// A document's date (`None` when its digest has none).
    pub fn doc_date(&self, doc: u32) -> Option<Date> {
        self.dates.get(self.date_index(doc)).copied().flatten()
    }

    /// Sets the dates of `docs`, documents `first_doc` onwards (files other
    /// than the root carry none).
    pub fn date_docs(&self, first_doc: u32, docs: &mut [Document]) {
        for (k, doc) in docs.iter_mut().enumerate() {
            doc.date = self.doc_date(first_doc + k as u32);
        }
    }
}

/// A range of words and terms: a bucket file (`b-<hash>.psi`, kind 2), or
/// the middle of a single file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Bucket {
    /// Global number of the first word.
    pub first_word: u32,
    /// Global number of the first term.
    pub first_term: u32,
    /// Words, sorted.
    pub words: Vec<Word>,
    /// Terms, sorted.
    pub terms: Vec<Term>,
}

/// A range of documents: a doc shard file (`d-<build>-<n>.psi`, kind 3), or
/// the end of a single file; each document as id, title, abstract.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DocShard {
    /// Global number of the first document.
    pub first_doc: u32,
    /// The documents (dates are in the root).
    pub docs: Vec<Document>,
}
