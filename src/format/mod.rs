//! The binary index format: the logical [`Index`], and the files it is
//! stored in.
//!
//! An index is cut into *buckets* — contiguous ranges of the sorted surface
//! words and of the sorted index terms (with their postings), split at the
//! same text keys — and *doc shards* — contiguous ranges of documents with
//! their text. A [`Root`] describes the cut. An index is a root, embedded
//! in the wasm, plus bucket files (named by content hash) and doc files
//! (named by number and a hash of them all), fetched as queries need them;
//! or, with `--split never`, one [`File::Single`] (root, one bucket and one
//! doc shard together).
//!
//! ```text
//! header   magic "PSFT" | version u16 LE | kind u8 | 0 u8 |
//!          payload length u32 LE | FNV-1a 64 checksum of the payload u64 LE
//! kind 0   single:  root, bucket, doc shard
//! kind 1   root:    n_docs, n_words, n_terms | dates: n, sorted, each as
//!                   year * 10000 + month * 100 + day (0: none) |
//!                   doc dates: runs of (length, date index) |
//!                   buckets: n, per bucket: key, first word, first term, file |
//!                   doc shards: n, documents per shard, runs: n, per
//!                   run: its length in shards, its hash (its shards'
//!                   files are `d-<hash as 8 hex digits>-<shard>.psi`)
//! kind 2   bucket:  first word, first term |
//!                   terms: n, per term: front-coded text, postings: n, then
//!                   per posting: (doc delta << 1 | in title), body weight u8,
//!                   title weight u8 when in title; or, when the term is in
//!                   the document's authors: (doc delta << 1), 0, then
//!                   (authors weight << 1 | elsewhere) u8, and when
//!                   elsewhere (in the title or body too) the body and the
//!                   title weights u8 |
//!                   words: n, per word: front-coded text, then its term:
//!                   (k << 1) and a string s when the term is in this bucket
//!                   and is the word's first k bytes followed by s (as stems
//!                   relate to words: "networks" → 7 << 1, "" for
//!                   "network"; "happy" → 4 << 1, "i" for "happi"), else
//!                   (global term id << 1 | 1)
//! kind 3   docs:    first doc | n, per doc: id, title, body, url ("": none),
//!                   authors: n, names
//! kind 4   meaning: shard number | n, per word: front-coded word, weight u8,
//!                   n, per word that brought papers: the word |
//!                   n, per document: doc delta, closeness u8
//! kind 5   typos:   shard number | n, per word: front-coded word, global term id
//! ```
//! The root ends with the meaning shards: their count (0: none) and build
//! hash. A word's shard is [`meaning_shard`]; the files are
//! `m-<build as 8 hex digits>-<shard>.psi`, for a single file as for a
//! split index (a visitor fetches a query word's shard, a few KB). Then,
//! likewise, the typo shards' count and build hash (a split index's words
//! filed again by their last letters, [`typo_shard`]; files
//! `t-<build>-<n>.psi`; none in a single file).
//! Integers are LEB128 varints; a string is a varint byte length and UTF-8
//! bytes; front coding is a varint count of bytes shared with the previous
//! entry, then the rest as a string. *Terms* are stemmed index terms;
//! *words* are the lower-cased surface words seen, each pointing at its term,
//! so prefixes and typos are matched against what people type. A posting's
//! weights are the term's BM25 length-normalised frequency in each field
//! (title, body, authors) times [`WEIGHT_SCALE`], rounded, at least 1 where
//! the term occurs (the authors' at most [`MAX_AUTHOR_WEIGHT`]). Only a
//! posting in the authors spends the escape: "not in the title, body
//! weight 0" is what no other posting writes, so an index of papers without
//! authors has the bytes it had before authors were a field.
//!
//! Decoding checks the header, the checksum and every count against the
//! bytes left before allocating, so bad input gives a [`FormatError`], never
//! a panic or a huge allocation.
//!
//! | file | holds |
//! |---|---|
//! | `model.rs` | the logical index and the pieces each file stores |
//! | `layout.rs` | the split policy and the cut into buckets and doc shards |
//! | `codec.rs` | the header frame, varints, front coding, checksum |
//! | `write.rs` / `read.rs` | encoding and decoding of each kind of file |
//! | `meaning.rs` | the cut of the meaning lists into shards, their names |
//! | `typo.rs` | the words cut again by their ends, for typos in first letters |
//! | `twin.rs` | a meaning shard as a classic script, for pages from disk |
//! | `validate.rs` | checks that decoded pieces fit together |
//! | `error.rs` | [`FormatError`] |

mod codec;
mod error;
mod layout;
mod meaning;
mod model;
mod read;
#[cfg(not(target_arch = "wasm32"))]
mod twin;
mod typo;
mod validate;
mod write;

pub use codec::{checksum, HEADER_LEN, MAGIC};
pub use error::FormatError;
pub use layout::{parts, Cut, Layout, SplitMode, SPLIT_AUTO_BYTES};
pub use meaning::{meaning_file, meaning_shard, meaning_shards};
pub use model::{
    Bucket, BucketRef, DateRun, DocShard, DocShards, Index, MeaningRef, MeaningShard, Posting,
    Related, Root, ShardRun, Term, TypoRef, TypoShard, Word, RUN_CUT,
};
pub use read::{decode, decode_file};
#[cfg(not(target_arch = "wasm32"))]
pub use twin::with_script_twins;
pub use typo::{typo_file, typo_key, typo_shard, typo_shards_near};
pub use validate::{check_bucket, check_typos, fits_related};
pub use write::{encode, encode_split, encode_whole, meaning_files, Files, SplitIndex};

/// The format version this build writes and reads.
pub const FORMAT_VERSION: u16 = 9;
/// Posting weights are normalised term frequencies times this.
pub const WEIGHT_SCALE: f64 = 16.0;
/// The largest authors weight a posting holds: it shares its byte with a
/// flag (a normalised frequency of almost 8; a name's is about 1).
pub const MAX_AUTHOR_WEIGHT: u8 = 127;

const KIND_SINGLE: u8 = 0;
const KIND_ROOT: u8 = 1;
const KIND_BUCKET: u8 = 2;
const KIND_DOCS: u8 = 3;
const KIND_MEANING: u8 = 4;
const KIND_TYPOS: u8 = 5;

/// One decoded file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum File {
    /// A whole small index.
    Single(Root, Bucket, DocShard),
    /// The root of a split index.
    Root(Root),
    /// A bucket of a split index.
    Bucket(Bucket),
    /// A doc shard of a split index.
    Docs(DocShard),
    /// A meaning shard.
    Meaning(MeaningShard),
    /// A typo shard of a split index.
    Typos(TypoShard),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Date;
    use crate::digest::Document;

    pub(crate) fn sample() -> Index {
        let posting = |doc, title, body| Posting {
            doc,
            weight: [title, body, 0],
        };
        let by = |doc, weight| Posting { doc, weight };
        let word = |text: &str, term| Word {
            text: text.into(),
            term,
        };
        Index {
            meaning: Vec::new(),
            docs: vec![
                Document {
                    id: "a".into(),
                    title: "Pipeline parallelism".into(),
                    body: "GPipe trains giant networks".into(),
                    date: Date::parse_iso("2024-08-07"),
                    url: Some("days/2024-08-07.html#a".into()),
                    authors: vec!["Ada <L>".into(), "B. C.".into()],
                },
                Document {
                    id: "b".into(),
                    title: "Ünïcode".into(),
                    body: "深度 networks".into(),
                    date: Date::parse_iso("--08-08"),
                    url: None,
                    authors: Vec::new(),
                },
            ],
            terms: vec![
                Term {
                    text: "ada".into(),
                    postings: vec![by(0, [0, 0, 20])],
                },
                Term {
                    text: "c".into(),
                    postings: vec![by(0, [0, 0, 127]), by(1, [5, 9, 3])],
                },
                Term {
                    text: "network".into(),
                    postings: vec![posting(0, 0, 12), posting(1, 0, 20)],
                },
                Term {
                    text: "pipelin".into(),
                    postings: vec![posting(0, 17, 0)],
                },
                Term {
                    text: "ünïcode".into(),
                    postings: vec![posting(1, 30, 0)],
                },
            ],
            words: vec![
                word("ada", 0),
                word("c", 1),
                word("networks", 2),
                word("pipeline", 3),
                word("ünïcode", 4),
            ],
        }
    }

    #[test]
    fn round_trips_whole_and_split() {
        let index = sample();
        assert_eq!(decode(&encode(&index)).unwrap(), index);
        let split = encode_split(
            &index,
            Layout {
                bucket_bytes: 1,
                shard_docs: 1,
                key_chars: 0,
            },
        );
        let File::Root(root) = decode_file(&split.root).unwrap() else {
            panic!("not a root")
        };
        assert_eq!(root.buckets.len(), 5);
        assert_eq!(root.buckets[3].key, "pipelin");
        assert_eq!(root.doc_date(0), Date::parse_iso("2024-08-07"));
        assert_eq!(root.doc_date(1), Date::parse_iso("--08-08"));
        assert_eq!(root.date_runs.len(), 2);
        for (name, bytes) in &split.files {
            assert!(name.ends_with(".psi"));
            assert!(decode_file(bytes).is_ok());
        }
    }

    #[test]
    fn rejects_damage_with_typed_errors() {
        let bytes = encode(&sample());
        assert_eq!(decode(b"nope"), Err(FormatError::BadMagic));
        assert_eq!(decode(&bytes[..10]), Err(FormatError::Truncated));
        assert_eq!(
            decode(&bytes[..bytes.len() - 1]),
            Err(FormatError::Truncated)
        );
        let mut flipped = bytes.clone();
        flipped[HEADER_LEN + 5] ^= 0x10;
        assert_eq!(decode(&flipped), Err(FormatError::ChecksumMismatch));
        let mut old = bytes.clone();
        old[4] = 1;
        assert_eq!(
            decode(&old),
            Err(FormatError::UnsupportedVersion { found: 1 })
        );
        assert!(decode(&old)
            .unwrap_err()
            .to_string()
            .contains("rebuild the site"));
    }
}
