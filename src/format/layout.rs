//! How an index is cut into files: the split policy ([`SplitMode`]), the
//! sizes of the pieces ([`Layout`]), and the cut itself.
//!
//! Buckets are contiguous ranges of the sorted words and terms, cut at the
//! same text keys, of about [`Layout::bucket_bytes`] each; doc shards are
//! runs of [`Layout::shard_docs`] documents. Buckets are named by content
//! hash, doc shards by number and a hash of them all: a name changes
//! whenever the bytes do, so a host may cache them forever.

use super::codec::checksum;
use super::model::{Bucket, BucketRef, DocShard, DocShards, Index, Root, Term};
use crate::digest::Document;

/// Above this much text, `auto` cuts an index into files of the default
/// [`Layout`]; below it, into the [`Layout::small`] one, which pages opened
/// from disk get too. At 1k documents (390 KB) the default layout
/// already halves the bytes a visitor fetches before the first result.
pub const SPLIT_AUTO_BYTES: usize = 256 * 1024;

/// Whether to split an index into files fetched on demand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SplitMode {
    /// Small indexes ([`SPLIT_AUTO_BYTES`] of text or less) are cut small,
    /// and work from disk too; larger ones split.
    #[default]
    Auto,
    /// Always split (even a small index; it then needs http to load).
    Always,
    /// Never split: one file, embedded, works from file:// too.
    Never,
}

/// How an index is written, as [`SplitMode::cut`] decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cut {
    /// One file (kind 0), embedded in the wasm.
    Whole,
    /// A root, embedded, and parts fetched as searches ask for them.
    Split {
        /// The sizes of the parts.
        layout: Layout,
        /// Whether a page opened from disk (which cannot fetch) gets the
        /// parts too: the site build puts the buckets and doc shards into
        /// the wasm's script copy (`papersift_bg.wasm.js`); and the build
        /// script writes the whole index for the CLI to search
        /// (`EMBEDDED_WHOLE`).
        disk_copy: bool,
    },
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

    /// How `docs` are to be written.
    pub fn cut(self, docs: &[Document]) -> Cut {
        let large = || {
            docs.iter()
                .map(|d| d.title.len() + d.body.len())
                .sum::<usize>()
                > SPLIT_AUTO_BYTES
        };
        let split = |layout, disk_copy| Cut::Split { layout, disk_copy };
        match self {
            SplitMode::Never => Cut::Whole,
            SplitMode::Always => split(Layout::default(), false),
            SplitMode::Auto if large() => split(Layout::default(), false),
            SplitMode::Auto => split(Layout::small(), true),
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
    /// Terms that begin with the same this many characters share a bucket
    /// (0: cut anywhere). Typos and corrections are looked for in a word's
    /// own bucket, so with 2 a typo after the second letter is always found.
    pub key_chars: usize,
}

/// For large sites. Measured on the 50k corpus (`bench/queries.txt`, parts
/// gzip -6, a probe over `encode_split` and `Engine::search`): buckets of
/// 24 / 12 / 8 KB make a new query's parts 73 / 59 / 47 KB (median) with
/// shards of 16 papers, and the root 29.7 / 32.7 / 35.3 KB while each
/// shard's content hash was in it; 8 KB with shards of 4 papers: 27 KB
/// (each query reads the text of the ten it shows, mostly one per shard).
impl Default for Layout {
    fn default() -> Self {
        Layout {
            bucket_bytes: 8 * 1024,
            shard_docs: 4,
            key_chars: 0,
        }
    }
}

impl Layout {
    /// For a small site's first visit: a page fetches the few buckets of
    /// its query's words and the text of the papers it shows, not the
    /// whole index. On the default digest the first bench query
    /// ("function") fetches 10 KB gzip of parts, instead of the 65 KB of
    /// index the wasm embedded whole; 4 KB buckets cost it 1.6 KB more.
    pub fn small() -> Self {
        Layout {
            bucket_bytes: 2 * 1024,
            shard_docs: 1,
            key_chars: 2,
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
        doc_shards: DocShards {
            count: 1,
            size: index.docs.len().max(1) as u32,
            runs: Vec::new(),
        },
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

/// Cuts the vocabularies at text keys into buckets of about
/// `layout.bucket_bytes`, never between terms that share their first
/// `layout.key_chars` characters. A key is where both the words and the
/// terms from it on start; the first key is empty.
pub(super) fn cut_buckets(index: &Index, layout: Layout) -> Vec<(String, Bucket)> {
    let size = |t: &Term| t.text.len() + 2 + t.postings.len() * 3;
    let head = |t: &Term| t.text.chars().take(layout.key_chars).collect::<String>();
    let target = layout.bucket_bytes;
    let mut out = Vec::new();
    let (mut w, mut t) = (0usize, 0usize);
    let mut key = String::new();
    while w < index.words.len() || t < index.terms.len() {
        // Grow the bucket term by term until it is big enough.
        let mut bytes = 0;
        let mut t_end = t;
        while t_end < index.terms.len()
            && (bytes < target
                || t_end == t
                || (layout.key_chars > 0
                    && head(&index.terms[t_end]) == head(&index.terms[t_end - 1])))
        {
            bytes += size(&index.terms[t_end]);
            t_end += 1;
        }
        // With `key_chars`, a bucket starts at its terms' shared head, so a
        // typed word that sorts before its first term ("traace" before
        // "trace") is looked for in it too.
        let next_key = index.terms.get(t_end).map(|x| match layout.key_chars {
            0 => x.text.clone(),
            _ => head(x),
        });
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
