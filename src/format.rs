//! The binary index format: the logical [`Index`], and the files it is
//! stored in.
//!
//! An index is cut into *buckets* — contiguous ranges of the sorted surface
//! words and of the sorted index terms (with their postings), split at the
//! same text keys — and *doc shards* — contiguous ranges of documents with
//! their text. A [`Root`] describes the cut. A small index is one
//! [`File::Single`] (root, one bucket and one doc shard together), embedded
//! in the wasm; a large one is a root plus bucket and doc files, named by
//! content hash, fetched as queries need them.
//!
//! ```text
//! header   magic "PSFT" | version u16 LE | kind u8 | 0 u8 |
//!          payload length u32 LE | FNV-1a 64 checksum of the payload u64 LE
//! kind 0   single:  root, bucket, doc shard
//! kind 1   root:    n_docs, n_words, n_terms | dates: n, strings |
//!                   doc dates: runs of (length, date index) |
//!                   buckets: n, per bucket: key, first word, first term, file |
//!                   doc shards: n, per shard: first doc, file
//! kind 2   bucket:  first word, first term |
//!                   terms: n, per term: front-coded text, postings: n, then
//!                   per posting: (doc delta << 1 | in title), body weight u8,
//!                   title weight u8 when in title |
//!                   words: n, per word: front-coded text, then its term:
//!                   (k << 1) and a string s when the term is in this bucket
//!                   and is the word's first k bytes followed by s (as stems
//!                   relate to words: "networks" → 7 << 1, "" for
//!                   "network"; "happy" → 4 << 1, "i" for "happi"), else
//!                   (global term id << 1 | 1)
//! kind 3   docs:    first doc | n, per doc: id, title, body
//! ```
//! Integers are LEB128 varints; a string is a varint byte length and UTF-8
//! bytes; front coding is a varint count of bytes shared with the previous
//! entry, then the rest as a string. *Terms* are stemmed index terms;
//! *words* are the lower-cased surface words seen, each pointing at its term,
//! so prefixes and typos are matched against what people type. A posting's
//! weights are the term's BM25 length-normalised frequency in each field
//! times [`WEIGHT_SCALE`], rounded, at least 1 where the term occurs.
//!
//! Decoding checks the header, the checksum and every count against the
//! bytes left before allocating, so bad input gives a [`FormatError`], never
//! a panic or a huge allocation.

use std::fmt;

/// The format version this build writes and reads.
pub const FORMAT_VERSION: u16 = 3;
/// The first bytes of every index file.
pub const MAGIC: [u8; 4] = *b"PSFT";
/// Header size in bytes.
pub const HEADER_LEN: usize = 20;
/// Posting weights are normalised term frequencies times this.
pub const WEIGHT_SCALE: f64 = 16.0;

/// A whole index, as built: what the files together hold.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Index {
    /// The documents, in index order.
    pub docs: Vec<Doc>,
    /// Index terms, sorted by text.
    pub terms: Vec<Term>,
    /// Surface words, sorted by text.
    pub words: Vec<Word>,
}

/// One document: what a result shows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Doc {
    /// Stable id, the page anchor.
    pub id: String,
    /// Title.
    pub title: String,
    /// Abstract.
    pub body: String,
    /// Date of its digest, or empty.
    pub date: String,
}

/// An index term and the documents that contain it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Term {
    /// The stemmed term.
    pub text: String,
    /// Postings, sorted by document.
    pub postings: Vec<Posting>,
}

/// One document containing a term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Posting {
    /// Document number.
    pub doc: u32,
    /// Weight in the title and in the body (see [`WEIGHT_SCALE`]); 0 where
    /// the term does not occur.
    pub weight: [u8; 2],
}

/// A surface word and the term it stems to.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Word {
    /// The lower-cased word as written in some document.
    pub text: String,
    /// Index into [`Index::terms`].
    pub term: u32,
}

/// Where one bucket starts, and its file.
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

/// Where one doc shard starts, and its file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DocShardRef {
    /// Global number of its first document.
    pub first_doc: u32,
    /// File name (empty inside a single file).
    pub file: String,
}

/// Documents from `first_doc` on (to the next run) have `dates[date]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DateRun {
    /// First document of the run.
    pub first_doc: u32,
    /// Index into [`Root::dates`].
    pub date: u32,
}

/// What is needed to start searching: sizes, dates, and the cut.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Root {
    /// Documents in the index.
    pub n_docs: u32,
    /// Surface words in the index.
    pub n_words: u32,
    /// Terms in the index.
    pub n_terms: u32,
    /// The distinct dates, sorted.
    pub dates: Vec<String>,
    /// Runs of documents with the same date (an index into `dates`), by
    /// first document: documents come in digest order, so a digest's papers
    /// share one run and 50k documents cost a few bytes, not 50k strings.
    pub date_runs: Vec<DateRun>,
    /// Buckets, by key.
    pub buckets: Vec<BucketRef>,
    /// Doc shards, by first document.
    pub doc_shards: Vec<DocShardRef>,
}

impl Root {
    /// A root for `docs` (sizes and dates; no buckets or shards yet).
    fn for_index(index: &Index) -> Root {
        let mut dates: Vec<String> = index.docs.iter().map(|d| d.date.clone()).collect();
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

    /// A document's date (empty when its digest has none).
    pub fn doc_date(&self, doc: u32) -> &str {
        self.dates
            .get(self.date_index(doc))
            .map_or("", String::as_str)
    }

    /// Sets the dates of `docs`, documents `first_doc` onwards (files other
    /// than the root carry none).
    pub fn date_docs(&self, first_doc: u32, docs: &mut [Doc]) {
        for (k, doc) in docs.iter_mut().enumerate() {
            doc.date = self.doc_date(first_doc + k as u32).to_string();
        }
    }
}

/// A range of words and terms.
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

/// A range of documents.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DocShard {
    /// Global number of the first document.
    pub first_doc: u32,
    /// The documents (dates are in the root).
    pub docs: Vec<Doc>,
}

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
}

/// Why bytes are not a readable index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormatError {
    /// Does not start with [`MAGIC`]: not a papersift index at all.
    BadMagic,
    /// Written by another version of papersift.
    UnsupportedVersion {
        /// The version in the header.
        found: u16,
    },
    /// Shorter than its header says.
    Truncated,
    /// The payload does not match its checksum: damaged in transit or on disk.
    ChecksumMismatch,
    /// The checksum matched but the content is inconsistent.
    Corrupt(&'static str),
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FormatError::BadMagic => write!(f, "not a papersift index (bad magic bytes)"),
            FormatError::UnsupportedVersion { found } => write!(
                f,
                "index format version {found} is not supported: this papersift reads version \
                 {FORMAT_VERSION}; rebuild the site with this papersift, or use the papersift \
                 that wrote it"
            ),
            FormatError::Truncated => write!(f, "the index is truncated"),
            FormatError::ChecksumMismatch => {
                write!(f, "the index is damaged (checksum mismatch)")
            }
            FormatError::Corrupt(what) => write!(f, "the index is corrupt: {what}"),
        }
    }
}

impl std::error::Error for FormatError {}

const KIND_SINGLE: u8 = 0;
const KIND_ROOT: u8 = 1;
const KIND_BUCKET: u8 = 2;
const KIND_DOCS: u8 = 3;

/// FNV-1a, 64 bits: enough to catch damage, small enough for the wasm.
pub fn checksum(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
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

/// A split index: the root (to embed) and the files it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitIndex {
    /// The encoded root.
    pub root: Vec<u8>,
    /// `(file name, bytes)` of every bucket and doc shard.
    pub files: Vec<(String, Vec<u8>)>,
}

/// Serialises a whole index as one file.
pub fn encode(index: &Index) -> Vec<u8> {
    let (root, bucket, docs) = parts(index);
    let mut w = Writer(Vec::new());
    write_root(&mut w, &root);
    write_bucket(&mut w, &bucket);
    write_docs(&mut w, &docs);
    frame(KIND_SINGLE, w.0)
}

/// Serialises an index as a root and bucket and doc shard files.
pub fn encode_split(index: &Index, layout: Layout) -> SplitIndex {
    let mut root = Root::for_index(index);
    let mut files = Vec::new();
    for (key, bucket) in cut_buckets(index, layout.bucket_bytes) {
        let mut w = Writer(Vec::new());
        write_bucket(&mut w, &bucket);
        let bytes = frame(KIND_BUCKET, w.0);
        let file = file_name("b", &bytes);
        root.buckets.push(BucketRef {
            key,
            first_word: bucket.first_word,
            first_term: bucket.first_term,
            file: file.clone(),
        });
        files.push((file, bytes));
    }
    for (n, chunk) in index.docs.chunks(layout.shard_docs.max(1)).enumerate() {
        let shard = DocShard {
            first_doc: (n * layout.shard_docs.max(1)) as u32,
            docs: chunk.to_vec(),
        };
        let mut w = Writer(Vec::new());
        write_docs(&mut w, &shard);
        let bytes = frame(KIND_DOCS, w.0);
        let file = file_name("d", &bytes);
        root.doc_shards.push(DocShardRef {
            first_doc: shard.first_doc,
            file: file.clone(),
        });
        files.push((file, bytes));
    }
    let mut w = Writer(Vec::new());
    write_root(&mut w, &root);
    SplitIndex {
        root: frame(KIND_ROOT, w.0),
        files,
    }
}

/// `b-0123abcd.psi`: a kind letter and a content hash, so a file's name
/// changes whenever its bytes do and hosts may cache it forever.
fn file_name(kind: &str, bytes: &[u8]) -> String {
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
fn cut_buckets(index: &Index, target: usize) -> Vec<(String, Bucket)> {
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

fn frame(kind: u8, payload: Vec<u8>) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER_LEN + payload.len());
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&[kind, 0]);
    out.extend_from_slice(&(payload.len() as u32).to_le_bytes());
    out.extend_from_slice(&checksum(&payload).to_le_bytes());
    out.extend_from_slice(&payload);
    out
}

fn write_root(w: &mut Writer, root: &Root) {
    w.uint(root.n_docs as usize);
    w.uint(root.n_words as usize);
    w.uint(root.n_terms as usize);
    w.uint(root.dates.len());
    for d in &root.dates {
        w.str(d);
    }
    // Runs as (length, date index).
    w.uint(root.date_runs.len());
    for (i, run) in root.date_runs.iter().enumerate() {
        let end = root
            .date_runs
            .get(i + 1)
            .map_or(root.n_docs, |n| n.first_doc);
        w.uint((end - run.first_doc) as usize);
        w.uint(run.date as usize);
    }
    w.uint(root.buckets.len());
    for b in &root.buckets {
        w.str(&b.key);
        w.uint(b.first_word as usize);
        w.uint(b.first_term as usize);
        w.str(&b.file);
    }
    w.uint(root.doc_shards.len());
    for s in &root.doc_shards {
        w.uint(s.first_doc as usize);
        w.str(&s.file);
    }
}

fn write_bucket(w: &mut Writer, b: &Bucket) {
    w.uint(b.first_word as usize);
    w.uint(b.first_term as usize);
    w.uint(b.terms.len());
    let mut prev = "";
    for term in &b.terms {
        w.front_coded(prev, &term.text);
        prev = &term.text;
        w.uint(term.postings.len());
        let mut last = 0;
        for p in &term.postings {
            let in_title = p.weight[0] > 0;
            w.uint((((p.doc - last) as usize) << 1) | usize::from(in_title));
            last = p.doc;
            w.0.push(p.weight[1]);
            if in_title {
                w.0.push(p.weight[0]);
            }
        }
    }
    w.uint(b.words.len());
    let mut prev = "";
    for word in &b.words {
        w.front_coded(prev, &word.text);
        prev = &word.text;
        let local = word.term.checked_sub(b.first_term).map(|t| t as usize);
        match local.and_then(|t| b.terms.get(t)) {
            Some(term) => {
                let k = shared_prefix(&word.text, &term.text);
                w.uint(k << 1);
                w.str(&term.text[k..]);
            }
            None => w.uint(((word.term as usize) << 1) | 1),
        }
    }
}

/// Bytes `a` and `b` share at the start, on a character boundary.
fn shared_prefix(a: &str, b: &str) -> usize {
    let n = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    (0..=n).rev().find(|&i| b.is_char_boundary(i)).unwrap_or(0)
}

fn write_docs(w: &mut Writer, s: &DocShard) {
    w.uint(s.first_doc as usize);
    w.uint(s.docs.len());
    for doc in &s.docs {
        w.str(&doc.id);
        w.str(&doc.title);
        w.str(&doc.body);
    }
}

/// Reads one index file of any kind.
pub fn decode_file(bytes: &[u8]) -> Result<File, FormatError> {
    let (kind, payload) = unframe(bytes)?;
    let mut r = Reader { bytes: payload };
    let file = match kind {
        KIND_SINGLE => {
            let root = read_root(&mut r)?;
            let bucket = read_bucket(&mut r)?;
            let mut docs = read_docs(&mut r)?;
            check_single(&root, &bucket, &docs)?;
            root.date_docs(0, &mut docs.docs);
            File::Single(root, bucket, docs)
        }
        KIND_ROOT => File::Root(read_root(&mut r)?),
        KIND_BUCKET => File::Bucket(read_bucket(&mut r)?),
        KIND_DOCS => File::Docs(read_docs(&mut r)?),
        _ => return Err(FormatError::Corrupt("unknown file kind")),
    };
    if !r.bytes.is_empty() {
        return Err(FormatError::Corrupt("unread bytes at the end"));
    }
    Ok(file)
}

/// Reads a whole index written by [`encode`].
pub fn decode(bytes: &[u8]) -> Result<Index, FormatError> {
    match decode_file(bytes)? {
        File::Single(_, bucket, docs) => Ok(Index {
            docs: docs.docs,
            terms: bucket.terms,
            words: bucket.words,
        }),
        _ => Err(FormatError::Corrupt(
            "a part of a split index, not a whole one",
        )),
    }
}

fn unframe(bytes: &[u8]) -> Result<(u8, &[u8]), FormatError> {
    if bytes.len() < 4 || bytes[..4] != MAGIC {
        return Err(FormatError::BadMagic);
    }
    if bytes.len() < HEADER_LEN {
        return Err(FormatError::Truncated);
    }
    let version = u16::from_le_bytes([bytes[4], bytes[5]]);
    if version != FORMAT_VERSION {
        return Err(FormatError::UnsupportedVersion { found: version });
    }
    if bytes[7] != 0 {
        return Err(FormatError::Corrupt("unknown flags"));
    }
    let len = u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]) as usize;
    let mut sum = [0u8; 8];
    sum.copy_from_slice(&bytes[12..20]);
    let payload = &bytes[HEADER_LEN..];
    if payload.len() < len {
        return Err(FormatError::Truncated);
    }
    if payload.len() > len {
        return Err(FormatError::Corrupt("trailing bytes after the payload"));
    }
    if checksum(payload) != u64::from_le_bytes(sum) {
        return Err(FormatError::ChecksumMismatch);
    }
    Ok((bytes[6], payload))
}

/// The parts of a single file must fit together.
fn check_single(root: &Root, bucket: &Bucket, docs: &DocShard) -> Result<(), FormatError> {
    let fits = root.buckets.len() == 1
        && root.doc_shards.len() == 1
        && bucket.first_word == 0
        && bucket.first_term == 0
        && docs.first_doc == 0
        && bucket.words.len() == root.n_words as usize
        && bucket.terms.len() == root.n_terms as usize
        && docs.docs.len() == root.n_docs as usize;
    if !fits {
        return Err(FormatError::Corrupt("parts of different sizes"));
    }
    check_bucket(bucket, root.n_docs, root.n_terms)
}

/// A bucket's references must stay inside the index.
pub fn check_bucket(bucket: &Bucket, n_docs: u32, n_terms: u32) -> Result<(), FormatError> {
    if bucket.words.iter().any(|w| w.term >= n_terms) {
        return Err(FormatError::Corrupt("word for a missing term"));
    }
    let docs_ok = bucket
        .terms
        .iter()
        .all(|t| t.postings.last().is_none_or(|p| p.doc < n_docs));
    if !docs_ok {
        return Err(FormatError::Corrupt("posting for a missing document"));
    }
    Ok(())
}

fn read_root(r: &mut Reader) -> Result<Root, FormatError> {
    let n_docs = r.u32()?;
    let n_words = r.u32()?;
    let n_terms = r.u32()?;
    let n_dates = r.len(1)?;
    let mut dates = Vec::with_capacity(n_dates);
    for _ in 0..n_dates {
        dates.push(r.string()?);
    }
    let n_runs = r.len(2)?;
    let mut date_runs = Vec::with_capacity(n_runs);
    let mut covered = 0u64;
    for _ in 0..n_runs {
        let n = r.uint()? as u64;
        let date = r.uint()?;
        if date >= dates.len() {
            return Err(FormatError::Corrupt("date out of range"));
        }
        if n == 0 || covered + n > u64::from(n_docs) {
            return Err(FormatError::Corrupt("date runs do not add up"));
        }
        date_runs.push(DateRun {
            first_doc: covered as u32,
            date: date as u32,
        });
        covered += n;
    }
    if covered != u64::from(n_docs) {
        return Err(FormatError::Corrupt("date runs do not add up"));
    }
    let n_buckets = r.len(4)?;
    let mut buckets: Vec<BucketRef> = Vec::with_capacity(n_buckets);
    for _ in 0..n_buckets {
        let b = BucketRef {
            key: r.string()?,
            first_word: r.u32()?,
            first_term: r.u32()?,
            file: r.string()?,
        };
        let ordered = match buckets.last() {
            None => b.key.is_empty() && b.first_word == 0 && b.first_term == 0,
            Some(p) => p.key < b.key && p.first_word <= b.first_word && p.first_term < b.first_term,
        };
        if !ordered || b.first_word > n_words || b.first_term > n_terms {
            return Err(FormatError::Corrupt("buckets out of order"));
        }
        buckets.push(b);
    }
    let n_shards = r.len(2)?;
    let mut doc_shards: Vec<DocShardRef> = Vec::with_capacity(n_shards);
    for _ in 0..n_shards {
        let s = DocShardRef {
            first_doc: r.u32()?,
            file: r.string()?,
        };
        let ordered = match doc_shards.last() {
            None => s.first_doc == 0,
            Some(p) => p.first_doc < s.first_doc && s.first_doc < n_docs,
        };
        if !ordered {
            return Err(FormatError::Corrupt("doc shards out of order"));
        }
        doc_shards.push(s);
    }
    if buckets.is_empty() || doc_shards.is_empty() {
        return Err(FormatError::Corrupt("no buckets or no doc shards"));
    }
    Ok(Root {
        n_docs,
        n_words,
        n_terms,
        dates,
        date_runs,
        buckets,
        doc_shards,
    })
}

fn read_bucket(r: &mut Reader) -> Result<Bucket, FormatError> {
    let first_word = r.u32()?;
    let first_term = r.u32()?;
    let n_terms = r.len(3)?;
    let mut terms: Vec<Term> = Vec::with_capacity(n_terms);
    for _ in 0..n_terms {
        let text = r.front_coded(terms.last().map_or("", |t| &t.text))?;
        let n = r.len(2)?;
        let mut postings = Vec::with_capacity(n);
        let mut doc = 0u32;
        for i in 0..n {
            let code = r.uint()?;
            let delta = u32::try_from(code >> 1).map_err(|_| FormatError::Corrupt("delta"))?;
            if i > 0 && delta == 0 {
                return Err(FormatError::Corrupt("postings out of order"));
            }
            doc = doc
                .checked_add(delta)
                .ok_or(FormatError::Corrupt("doc overflow"))?;
            let body = r.byte()?;
            let title = if code & 1 == 1 { r.byte()? } else { 0 };
            if title == 0 && body == 0 {
                return Err(FormatError::Corrupt("empty posting"));
            }
            postings.push(Posting {
                doc,
                weight: [title, body],
            });
        }
        terms.push(Term { text, postings });
    }
    if !terms.windows(2).all(|t| t[0].text < t[1].text) {
        return Err(FormatError::Corrupt("vocabulary not sorted"));
    }
    let n_words = r.len(3)?;
    let mut words: Vec<Word> = Vec::with_capacity(n_words);
    let mut stem = String::new();
    for _ in 0..n_words {
        let text = r.front_coded(words.last().map_or("", |w| &w.text))?;
        let code = r.uint()?;
        let term = if code & 1 == 1 {
            u32::try_from(code >> 1).map_err(|_| FormatError::Corrupt("term id"))?
        } else {
            let k = code >> 1;
            if k > text.len() || !text.is_char_boundary(k) {
                return Err(FormatError::Corrupt("bad stem prefix"));
            }
            stem.clear();
            stem.push_str(&text[..k]);
            stem.push_str(&r.string()?);
            let local = terms
                .binary_search_by(|t| t.text.as_str().cmp(&stem))
                .map_err(|_| FormatError::Corrupt("word for a missing term"))?;
            first_term
                .checked_add(local as u32)
                .ok_or(FormatError::Corrupt("term id"))?
        };
        words.push(Word { text, term });
    }
    if !words.windows(2).all(|w| w[0].text < w[1].text) {
        return Err(FormatError::Corrupt("vocabulary not sorted"));
    }
    Ok(Bucket {
        first_word,
        first_term,
        words,
        terms,
    })
}

fn read_docs(r: &mut Reader) -> Result<DocShard, FormatError> {
    let first_doc = r.u32()?;
    let n = r.len(3)?;
    let mut docs = Vec::with_capacity(n);
    for _ in 0..n {
        docs.push(Doc {
            id: r.string()?,
            title: r.string()?,
            body: r.string()?,
            date: String::new(),
        });
    }
    Ok(DocShard { first_doc, docs })
}

struct Writer(Vec<u8>);

impl Writer {
    fn uint(&mut self, mut v: usize) {
        while v >= 0x80 {
            self.0.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.0.push(v as u8);
    }

    fn str(&mut self, s: &str) {
        self.uint(s.len());
        self.0.extend_from_slice(s.as_bytes());
    }

    fn front_coded(&mut self, prev: &str, s: &str) {
        let shared = prev
            .bytes()
            .zip(s.bytes())
            .take_while(|(a, b)| a == b)
            .count();
        // Share whole characters only, so each suffix is valid UTF-8.
        let shared = (0..=shared)
            .rev()
            .find(|&i| s.is_char_boundary(i))
            .unwrap_or(0);
        self.uint(shared);
        self.str(&s[shared..]);
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
}

impl Reader<'_> {
    fn byte(&mut self) -> Result<u8, FormatError> {
        let (&b, rest) = self.bytes.split_first().ok_or(FormatError::Truncated)?;
        self.bytes = rest;
        Ok(b)
    }

    fn uint(&mut self) -> Result<usize, FormatError> {
        let mut v: u64 = 0;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return usize::try_from(v).map_err(|_| FormatError::Corrupt("integer too large"));
            }
        }
        Err(FormatError::Corrupt("varint too long"))
    }

    fn u32(&mut self) -> Result<u32, FormatError> {
        u32::try_from(self.uint()?).map_err(|_| FormatError::Corrupt("integer too large"))
    }

    /// A count of items that take at least `min_bytes` each: checked against
    /// the bytes left, so a bad count cannot make us allocate wildly.
    fn len(&mut self, min_bytes: usize) -> Result<usize, FormatError> {
        let n = self.uint()?;
        if n.saturating_mul(min_bytes) > self.bytes.len() {
            return Err(FormatError::Corrupt("count larger than the data"));
        }
        Ok(n)
    }

    fn take(&mut self, n: usize) -> Result<&[u8], FormatError> {
        if n > self.bytes.len() {
            return Err(FormatError::Truncated);
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Ok(head)
    }

    fn string(&mut self) -> Result<String, FormatError> {
        let n = self.uint()?;
        let bytes = self.take(n)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| FormatError::Corrupt("invalid UTF-8"))
    }

    fn front_coded(&mut self, prev: &str) -> Result<String, FormatError> {
        let shared = self.uint()?;
        if shared > prev.len() || !prev.is_char_boundary(shared) {
            return Err(FormatError::Corrupt("bad shared prefix"));
        }
        let mut s = String::with_capacity(shared + 8);
        s.push_str(&prev[..shared]);
        s.push_str(&self.string()?);
        Ok(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn sample() -> Index {
        let posting = |doc, title, body| Posting {
            doc,
            weight: [title, body],
        };
        let word = |text: &str, term| Word {
            text: text.into(),
            term,
        };
        Index {
            docs: vec![
                Doc {
                    id: "a".into(),
                    title: "Pipeline parallelism".into(),
                    body: "GPipe trains giant networks".into(),
                    date: "Aug 7".into(),
                },
                Doc {
                    id: "b".into(),
                    title: "Ünïcode".into(),
                    body: "深度 networks".into(),
                    date: "Aug 8".into(),
                },
            ],
            terms: vec![
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
            words: vec![word("networks", 0), word("pipeline", 1), word("ünïcode", 2)],
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
            },
        );
        let File::Root(root) = decode_file(&split.root).unwrap() else {
            panic!("not a root")
        };
        assert_eq!(root.buckets.len(), 3);
        assert_eq!(root.buckets[1].key, "pipelin");
        assert_eq!(root.doc_date(0), "Aug 7");
        assert_eq!(root.doc_date(1), "Aug 8");
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
