//! Encoding: an [`Index`] as one single file, or as a root and the bucket
//! and doc shard files it names. The schema is in [`super`].

use super::codec::checksum;
use super::codec::{frame, shared_prefix, Writer};
use super::layout::{cut_buckets, file_name, parts, Layout};
use super::meaning::{meaning_file, meaning_shard, meaning_shards};
use super::model::{
    Bucket, BucketRef, DocShard, DocShards, Index, MeaningRef, MeaningShard, Posting, Root,
    ShardRun, TypoRef, TypoShard, RUN_CUT,
};
use super::typo::{cut_typo_shards, typo_file};
use super::{
    KIND_BUCKET, KIND_DOCS, KIND_MEANING, KIND_ROOT, KIND_SINGLE, KIND_TYPOS, MAX_AUTHOR_WEIGHT,
};
use crate::digest::Document;

/// Files as `(name, bytes)`.
pub type Files = Vec<(String, Vec<u8>)>;
use crate::date::Date;

/// A split index: the root (to embed) and the files it names (meaning
/// shards included).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitIndex {
    /// The encoded root.
    pub root: Vec<u8>,
    /// `(file name, bytes)` of every bucket, doc shard and meaning shard.
    pub files: Vec<(String, Vec<u8>)>,
}

/// Serialises a whole index as one file (its meaning shards, if any, are
/// files of their own: [`encode_whole`] gives both).
pub fn encode(index: &Index) -> Vec<u8> {
    encode_whole(index).0
}

/// Serialises a whole index as one file, and its meaning shards (none
/// without meaning lists) as the files that file names.
pub fn encode_whole(index: &Index) -> (Vec<u8>, Files) {
    let (mut root, bucket, docs) = parts(index);
    let (reference, files) = meaning_files(index).unzip();
    root.meaning = reference;
    let mut w = Writer(Vec::new());
    write_root(&mut w, &root);
    write_bucket(&mut w, &bucket);
    write_docs(&mut w, &docs);
    (frame(KIND_SINGLE, w.0), files.unwrap_or_default())
}

/// Serialises an index as a root and bucket and doc shard files.
pub fn encode_split(index: &Index, layout: Layout) -> SplitIndex {
    let mut root = Root::for_index(index);
    let mut files = Vec::new();
    for (key, bucket) in cut_buckets(index, layout) {
        let bytes = encoded(KIND_BUCKET, &bucket, write_bucket);
        let file = file_name("b", &bytes);
        root.buckets.push(BucketRef {
            key,
            first_word: bucket.first_word,
            first_term: bucket.first_term,
            file: file.clone(),
        });
        files.push((file, bytes));
    }
    let size = layout.shard_docs.max(1);
    // An empty index still has its one (empty) shard.
    let chunks: Vec<&[Document]> = match index.docs.is_empty() {
        true => vec![&[]],
        false => index.docs.chunks(size).collect(),
    };
    let shards: Vec<Vec<u8>> = (chunks.into_iter().enumerate())
        .map(|(n, chunk)| {
            let shard = DocShard {
                first_doc: (n * size) as u32,
                docs: chunk.to_vec(),
            };
            encoded(KIND_DOCS, &shard, write_docs)
        })
        .collect();
    root.doc_shards = DocShards {
        count: shards.len() as u32,
        size: size as u32,
        runs: shard_runs(&shards),
    };
    for (n, bytes) in shards.into_iter().enumerate() {
        files.push((root.doc_shards.file(n), bytes));
    }
    if let Some((reference, meaning)) = meaning_files(index) {
        root.meaning = Some(reference);
        files.extend(meaning);
    }
    let (reference, typos) = typo_files(index, layout);
    root.typos = Some(reference);
    files.extend(typos);
    SplitIndex {
        root: encoded(KIND_ROOT, &root, write_root),
        files,
    }
}

/// One file: `item` written by `write`, framed as `kind`.
fn encoded<T>(kind: u8, item: &T, write: fn(&mut Writer, &T)) -> Vec<u8> {
    let mut w = Writer(Vec::new());
    write(&mut w, item);
    frame(kind, w.0)
}

/// The runs of doc shards `shards` (their bytes, in order): cut after each
/// shard whose checksum is a multiple of [`RUN_CUT`], and after the last;
/// each named by a hash of its shards' bytes.
fn shard_runs(shards: &[Vec<u8>]) -> Vec<ShardRun> {
    let mut runs = Vec::new();
    let mut first = 0;
    for (n, bytes) in shards.iter().enumerate() {
        if checksum(bytes) % RUN_CUT == 0 || n + 1 == shards.len() {
            runs.push(ShardRun {
                first: first as u32,
                hash: checksum(&shards[first..=n].concat()) as u32,
            });
            first = n + 1;
        }
    }
    runs
}

/// The meaning shards' reference (for the root) and files, when `index`
/// has meaning lists.
pub fn meaning_files(index: &Index) -> Option<(MeaningRef, Files)> {
    if index.meaning.is_empty() {
        return None;
    }
    let shards = meaning_shards(&index.meaning);
    let mut cut: Vec<MeaningShard> = (0..shards)
        .map(|shard| MeaningShard {
            shard,
            lists: Vec::new(),
        })
        .collect();
    for list in &index.meaning {
        cut[meaning_shard(&list.word, shards) as usize]
            .lists
            .push(list.clone());
    }
    let bytes: Vec<Vec<u8>> = (cut.iter())
        .map(|shard| encoded(KIND_MEANING, shard, write_meaning))
        .collect();
    let build = checksum(&bytes.concat()) as u32;
    let reference = MeaningRef { shards, build };
    let files = (bytes.into_iter().enumerate())
        .map(|(n, b)| (meaning_file(reference, n as u32), b))
        .collect();
    Some((reference, files))
}

/// The typo shards' reference (for the root) and files: the words cut
/// again by their ends, shards of about a quarter of a bucket's bytes (a
/// query word with a typo fetches one or two, whatever their size: at 50k
/// papers, quarter buckets made a typo word's shards 2.5 KB gzip, half
/// buckets 5.5 KB; the root names any number in two numbers).
fn typo_files(index: &Index, layout: Layout) -> (TypoRef, Files) {
    let bytes: Vec<Vec<u8>> = (cut_typo_shards(index, layout.bucket_bytes / 4).iter())
        .map(|shard| encoded(KIND_TYPOS, shard, write_typos))
        .collect();
    let reference = TypoRef {
        shards: bytes.len() as u32,
        build: checksum(&bytes.concat()) as u32,
    };
    let files = (bytes.into_iter().enumerate())
        .map(|(n, b)| (typo_file(reference, n as u32), b))
        .collect();
    (reference, files)
}

fn write_typos(w: &mut Writer, shard: &TypoShard) {
    w.uint(shard.shard as usize);
    w.uint(shard.words.len());
    let mut prev = "";
    for word in &shard.words {
        w.front_coded(prev, &word.text);
        prev = &word.text;
        w.uint(word.term as usize);
    }
}

fn write_root(w: &mut Writer, root: &Root) {
    w.uint(root.n_docs as usize);
    w.uint(root.n_words as usize);
    w.uint(root.n_terms as usize);
    w.uint(root.dates.len());
    for d in &root.dates {
        // As its key (20240807, or 807 without a year); 0: no date.
        w.uint(d.map_or(0, Date::key) as usize);
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
    let shards = &root.doc_shards;
    w.uint(shards.count as usize);
    w.uint(shards.size as usize);
    w.uint(shards.runs.len());
    for (k, run) in shards.runs.iter().enumerate() {
        let end = shards.runs.get(k + 1).map_or(shards.count, |r| r.first);
        w.uint((end - run.first) as usize);
        w.uint(run.hash as usize);
    }
    let meaning = root.meaning.unwrap_or_default();
    let typos = root.typos.unwrap_or_default();
    for (shards, build) in [(meaning.shards, meaning.build), (typos.shards, typos.build)] {
        w.uint(shards as usize);
        if shards > 0 {
            w.uint(build as usize);
        }
    }
}

fn write_meaning(w: &mut Writer, shard: &MeaningShard) {
    w.uint(shard.shard as usize);
    w.uint(shard.lists.len());
    let mut prev = "";
    for list in &shard.lists {
        w.front_coded(prev, &list.word);
        prev = &list.word;
        w.0.push(list.weight);
        w.uint(list.words.len());
        for word in &list.words {
            w.str(word);
        }
        w.uint(list.docs.len());
        let mut last = 0;
        for &(doc, closeness) in &list.docs {
            w.uint((doc - last) as usize);
            last = doc;
            w.0.push(closeness);
        }
    }
}

/// One posting (the schema in [`super`]): a document without the term in
/// its authors is written as before authors had a field, so an index of
/// papers without authors costs not a byte more; one with it escapes with
/// "not in the title, body weight 0" (which no other posting writes).
pub(super) fn write_posting(w: &mut Writer, p: &Posting, delta: u32) {
    let [title, body, authors] = p.weight;
    if authors == 0 {
        w.uint(((delta as usize) << 1) | usize::from(title > 0));
        w.0.push(body);
        if title > 0 {
            w.0.push(title);
        }
        return;
    }
    let elsewhere = title > 0 || body > 0;
    w.uint((delta as usize) << 1);
    w.0.push(0);
    w.0.push((authors.min(MAX_AUTHOR_WEIGHT) << 1) | u8::from(elsewhere));
    if elsewhere {
        w.0.push(body);
        w.0.push(title);
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
            write_posting(w, p, p.doc - last);
            last = p.doc;
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

fn write_docs(w: &mut Writer, s: &DocShard) {
    w.uint(s.first_doc as usize);
    w.uint(s.docs.len());
    for doc in &s.docs {
        w.str(&doc.id);
        w.str(&doc.title);
        w.str(&doc.body);
        w.str(doc.url.as_deref().unwrap_or(""));
        w.uint(doc.authors.len());
        for name in &doc.authors {
            w.str(name);
        }
    }
}
