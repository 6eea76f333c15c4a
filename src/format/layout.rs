//! How an index is cut into files: the split policy ([`SplitMode`]), the
//! sizes of the pieces ([`Layout`]), and the cut itself.
//!
//! Buckets are contiguous ranges of the sorted words and terms, cut at the
//! same text keys, of about [`Layout::bucket_bytes`] each; doc shards are
//! runs of [`Layout::shard_docs`] documents. Files are named by content
//! hash, so a host may cache them forever.

use super::codec::checksum;
use super::model::{Bucket, BucketRef, DocShard, DocShardRef, Index, Root, Term};
use crate::digest::Document;

/// Above this much text, `auto` splits the index into files fetched on
/// demand. The default digest (100 KB) stays whole and works from file://;
/// at 1k documents (390 KB) a split index already halves the bytes a
/// visitor fetches before the first result.
pub const SPLIT_AUTO_BYTES: usize = 256 * 1024;

/// Whether to split an index into files fetched on demand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SplitMode {
    /// Split above [`SPLIT_AUTO_BYTES`] of text.
    #[default]
    Auto,
    /// Always split (even a small index; it then needs http to load).
    Always,
    /// Never split: one file, embedded, works from file:// too.
    Never,
}

impl SplitMode {
    /// Reads `auto`, `always` or `never` (empty means `auto`).
    pub fn parse(text: &str) -> Option<SplitMode> {
        match text.trim() {
            "" | "auto" => Some(SplitMode::Auto),
            "always" => Some(SplitMode::Always),
            "never" => Some(SplitMode::Never),
            _ => None,
        }
    }

    /// Whether `docs` are to be split.
    pub fn splits(self, docs: &[Document]) -> bool {
        match self {
            SplitMode::Always => true,
            SplitMode::Never => false,
            SplitMode::Auto => {
                docs.iter()
                    .map(|d| d.title.len() + d.body.len())
                    .sum::<usize>()
                    > SPLIT_AUTO_BYTES
            }
        }
    }
}

/// How to cut an index into files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    /// Target size of a bucket's payload in bytes.
    pub bucket_bytes: usize,
    /// Documents per doc shard.
    pub shard_docs: usize,
}

impl Default for Layout {
    fn default() -> Self {
        Layout {
            bucket_bytes: 24 * 1024,
            shard_docs: 16,
        }
    }
}

/// `b-0123abcd.psi`: a kind letter and a content hash, so a file's name
/// changes whenever its bytes do and hosts may cache it forever.
pub(super) fn file_name(kind: &str, bytes: &[u8]) -> String {
    format!("{kind}-{:08x}.psi", checksum(bytes) as u32)
}

/// The root, bucket and doc shard of a whole index in one file.
pub fn parts(index: &Index) -> (Root, Bucket, DocShard) {
    let root = Root {
        buckets: vec![BucketRef::default()],
        doc_shards: vec![DocShardRef::default()],
        ..Root::for_index(index)
    };
    let bucket = Bucket {
        first_word: 0,
        first_term: 0,
        words: index.words.clone(),
        terms: index.terms.clone(),
    };
    let docs = DocShard {
        first_doc: 0,
        docs: index.docs.clone(),
    };
    (root, bucket, docs)
}

/// Cuts the vocabularies at text keys into buckets of about `target` bytes.
/// A key is where both the words and the terms from it on start; the first
/// key is empty.
pub(super) fn cut_buckets(index: &Index, target: usize) -> Vec<(String, Bucket)> {
    let size = |t: &Term| t.text.len() + 2 + t.postings.len() * 3;
    let mut out = Vec::new();
    let (mut w, mut t) = (0usize, 0usize);
    let mut key = String::new();
    while w < index.words.len() || t < index.terms.len() {
        // Grow the bucket term by term until it is big enough.
        let mut bytes = 0;
        let mut t_end = t;
        while t_end < index.terms.len() && (bytes < target || t_end == t) {
            bytes += size(&index.terms[t_end]);
            t_end += 1;
        }
        let next_key = index.terms.get(t_end).map(|x| x.text.clone());
        let w_end = match &next_key {
            Some(k) => index.words.partition_point(|x| x.text < *k),
            None => index.words.len(),
        };
        out.push((
            std::mem::take(&mut key),
            Bucket {
                first_word: w as u32,
                first_term: t as u32,
                words: index.words[w..w_end].to_vec(),
                terms: index.terms[t..t_end].to_vec(),
            },
        ));
        w = w_end;
        t = t_end;
        match next_key {
            Some(k) => key = k,
            None => {
                // Words past the last term (rare) join the last bucket.
                if let Some((_, last)) = out.last_mut() {
                    last.words.extend_from_slice(&index.words[w..]);
                }
                break;
            }
        }
    }
    if out.is_empty() {
        out.push((String::new(), Bucket::default()));
    }
    out
}
