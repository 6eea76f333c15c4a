//! [`Engine`]: query → ranked [`Hit`]s with excerpts and highlights.
//!
//! Each query word is *expanded* into index terms: its own stem (weight 1),
//! the words it begins while it is still being typed, and words a small edit
//! distance away (typos). A document's score is BM25F over title and
//! abstract, summed over the query's clauses, each clause counting its best
//! expansion; documents that match more of the clauses rank first, and among
//! the best, those holding the very words typed (not only their stems) come
//! first. So exact beats stemmed, stemmed beats prefix, prefix beats typo.
//!
//! The index may be split (see [`crate::format`]): a search then runs in
//! stages — the buckets holding the query's words, the buckets of the terms
//! they expand to, the documents of the best hits — and a stage whose files
//! are not loaded yet reports them in [`Results::missing`] instead of
//! answering. Which files a query needs depends on the query and the index
//! layout only, never on what happens to be loaded, so answers are the same
//! however the files arrived.
//!
//! At query time document text is never stemmed again: the index maps every
//! term to the surface words that stem to it, and highlights and phrases are
//! matched on those words.
//!
//! Offsets in [`Highlight`]s count UTF-16 code units, the unit of JavaScript
//! strings, so the widget can slice the text as it is.

use serde::Serialize;

use crate::digest::date_key;
use crate::format::{
    check_bucket, decode_file, parts, Bucket, Doc, File, FormatError, Index, Root, Term, Word,
    WEIGHT_SCALE,
};
use crate::query::{self, Clause, Field, Occur, QueryWord};
use crate::tokenize::{normalize, word_spans, MAX_WORD_CHARS};

/// Ranking parameters.
#[derive(Debug, Clone, Copy)]
pub struct Params {
    /// Field weights: title, abstract.
    pub field_weight: [f64; 2],
    /// BM25 saturation.
    pub k1: f64,
    /// Weight of a prefix completion (scaled up by how much of it was typed).
    pub prefix: f64,
    /// Weight of a match one edit away; two edits get half of it.
    pub fuzzy: f64,
    /// Multiplier for a quoted phrase that matched.
    pub phrase: f64,
    /// Bonus for holding every query word exactly as typed.
    pub exact: f64,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            field_weight: [3.0, 1.0],
            k1: 1.2,
            prefix: 0.8,
            fuzzy: 0.45,
            phrase: 1.5,
            exact: 0.1,
        }
    }
}

/// How results are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// Best match first.
    #[default]
    Relevance,
    /// Newest digest first, best match first within a date.
    Date,
}

/// Search options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Most hits returned.
    pub limit: usize,
    /// Order of the hits.
    pub sort: Sort,
    /// Only papers from digests dated on or after this [`date_key`].
    pub from: Option<u32>,
    /// Only papers from digests dated on or before this [`date_key`].
    pub to: Option<u32>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            limit: 10,
            sort: Sort::Relevance,
            from: None,
            to: None,
        }
    }
}

impl Options {
    /// Default options returning at most `limit` hits.
    pub fn limit(limit: usize) -> Self {
        Options {
            limit,
            ..Options::default()
        }
    }
}

/// A `[start, end)` range in UTF-16 code units.
pub type Highlight = [u32; 2];

/// A passage of text with the ranges that matched the query.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Excerpt {
    /// The passage, with `…` where it was cut.
    pub text: String,
    /// Matched ranges in `text`, in UTF-16 code units, sorted.
    pub highlights: Vec<Highlight>,
}

/// One result.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Hit {
    /// Document id (the page anchor).
    pub id: String,
    /// Full title.
    pub title: String,
    /// Ranges of the title that matched, in UTF-16 code units.
    pub title_highlights: Vec<Highlight>,
    /// Link to the paper on the digest page: `#<id>`.
    pub url: String,
    /// Date of its digest, or empty.
    pub date: String,
    /// Relevance; higher is better. Comparable within one query only.
    pub score: f64,
    /// The best passage of the abstract.
    pub excerpt: Excerpt,
}

/// The answer to one query.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Results {
    /// The query as given.
    pub query: String,
    /// The best hits, best first.
    pub results: Vec<Hit>,
    /// How many documents matched in all.
    pub total: usize,
    /// A corrected query when some word matched nothing.
    pub suggestion: Option<String>,
    /// Files of a split index that must be added (see
    /// [`Engine::add_part`]) before this query can be answered; while it is
    /// not empty, the other fields are empty.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<String>,
}

/// A bucket in memory, with what the typo search and highlighting need.
struct LoadedBucket {
    bucket: Bucket,
    /// Character count of each word.
    word_chars: Vec<u8>,
    /// Letter signature of each word (see [`signature`]).
    word_sigs: Vec<u64>,
    /// Words of each local term: `term_words[term_word_start[t]..term_word_start[t + 1]]`.
    term_word_start: Vec<u32>,
    term_words: Vec<u32>,
}

impl LoadedBucket {
    fn new(bucket: Bucket) -> Self {
        let word_chars = bucket
            .words
            .iter()
            .map(|w| w.text.chars().count().min(255) as u8)
            .collect();
        let word_sigs = bucket
            .words
            .iter()
            .map(|w| signature(w.text.chars()))
            .collect();
        // Local words grouped by local term (a counting sort).
        let n_terms = bucket.terms.len();
        let local = |w: &Word| {
            let t = w.term.wrapping_sub(bucket.first_term) as usize;
            (t < n_terms).then_some(t)
        };
        let mut start = vec![0u32; n_terms + 1];
        for t in bucket.words.iter().filter_map(local) {
            start[t + 1] += 1;
        }
        for i in 1..start.len() {
            start[i] += start[i - 1];
        }
        let mut fill = start.clone();
        let mut term_words = vec![0u32; start[n_terms] as usize];
        for (i, w) in bucket.words.iter().enumerate() {
            if let Some(t) = local(w) {
                term_words[fill[t] as usize] = i as u32;
                fill[t] += 1;
            }
        }
        LoadedBucket {
            bucket,
            word_chars,
            word_sigs,
            term_word_start: start,
            term_words,
        }
    }
}

/// Why a file could not be added to an engine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    /// The bytes are not a readable index file.
    Format(FormatError),
    /// The root does not name this file.
    UnknownFile(String),
    /// The file does not hold what the root says it holds.
    Mismatch(String),
    /// A whole index or a root was given where a part was expected, or the
    /// other way round.
    WrongKind(&'static str),
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::Format(e) => write!(f, "{e}"),
            LoadError::UnknownFile(name) => {
                write!(
                    f,
                    "{name} is not part of this index; is the site half updated?"
                )
            }
            LoadError::Mismatch(name) => write!(
                f,
                "{name} does not match this index; is the site half updated?"
            ),
            LoadError::WrongKind(what) => write!(f, "{what}"),
        }
    }
}

impl std::error::Error for LoadError {}

impl From<FormatError> for LoadError {
    fn from(e: FormatError) -> Self {
        LoadError::Format(e)
    }
}

/// Something a search stage needs that is not loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Need {
    Bucket(usize),
    Shard(usize),
}

/// A loaded index, ready to answer queries.
pub struct Engine {
    root: Root,
    buckets: Vec<Option<LoadedBucket>>,
    shards: Vec<Option<Vec<LoadedDoc>>>,
    /// Parts of a split index in memory, least recently used dropped first.
    cache: PartCache,
    /// [`date_key`] of each of the root's dates (0 when it has none).
    date_keys: Vec<u32>,
    params: Params,
}

/// Bytes of split-index parts (as fetched) an engine keeps by default:
/// enough for the parts of many queries (one needs a few buckets and shards,
/// a few hundred KB at most), small enough that a long visit over a 50k
/// document index stays within a few MB of memory.
pub const PART_CACHE_BYTES: usize = 1 << 20;

/// Which added parts are in memory, how big, and when a search last used
/// them. Parts are numbered buckets first, then doc shards.
#[derive(Default)]
struct PartCache {
    /// Per part: the search that last used it.
    used: Vec<std::cell::Cell<u32>>,
    /// Per part: its size as added (0 when not loaded or not evictable).
    bytes: Vec<u32>,
    /// Sum of `bytes`.
    total: usize,
    /// Most `total` before parts are dropped.
    budget: usize,
    /// Searches so far.
    clock: std::cell::Cell<u32>,
}

impl PartCache {
    fn new(parts: usize) -> Self {
        PartCache {
            used: vec![std::cell::Cell::new(0); parts],
            bytes: vec![0; parts],
            budget: PART_CACHE_BYTES,
            ..PartCache::default()
        }
    }

    fn touch(&self, part: usize) {
        if let Some(u) = self.used.get(part) {
            u.set(self.clock.get());
        }
    }

    /// Parts to drop, least recently used first, to fit the budget; never
    /// one used by the latest search (whose query is being answered).
    fn evictions(&mut self) -> Vec<usize> {
        let mut out = Vec::new();
        while self.total > self.budget {
            let now = self.clock.get();
            let oldest = (0..self.bytes.len())
                .filter(|&p| self.bytes[p] > 0 && self.used[p].get() < now)
                .min_by_key(|&p| self.used[p].get());
            let Some(p) = oldest else { break };
            self.total -= self.bytes[p] as usize;
            self.bytes[p] = 0;
            out.push(p);
        }
        out
    }
}

/// One index term a query word may stand for.
#[derive(Debug, Clone, Copy)]
struct Expansion {
    term: u32,
    weight: f64,
}

/// Words shorter than this (in characters) are not matched with typos.
pub const FUZZY_MIN_CHARS: usize = 4;
/// Words this long or longer (in characters) allow two typos.
pub const FUZZY_TWO_EDITS_CHARS: usize = 8;
/// Most prefix completions kept per word (the most frequent).
const MAX_PREFIX_EXPANSIONS: usize = 48;
/// Most buckets a prefix is completed from.
const MAX_PREFIX_BUCKETS: usize = 2;
/// Words in an excerpt.
const EXCERPT_WORDS: usize = 28;
/// Candidates beyond the limit re-ranked for exact word forms.
const RERANK_EXTRA: usize = 10;
/// With a phrase in the query, how many of the best candidates (times the
/// limit plus [`RERANK_EXTRA`]) are checked for it.
const PHRASE_WINDOW: usize = 4;

/// A 64-bit set of the characters of a word (hashed). An edit adds at most
/// one character missing from the other word, so two words `d` edits apart
/// differ by at most `d` bits each way: a cheap filter before the real
/// distance.
fn signature(chars: impl Iterator<Item = char>) -> u64 {
    chars.fold(0, |sig, c| sig | 1 << (c as u32 % 64))
}

/// A text's words with their byte spans, and a lower-cased copy to compare
/// them with (one allocation per text, not one per word). Made once per
/// document, the first time a search looks at it.
struct DocWords {
    lower: String,
    /// `(start, end)` in the text and `(start, end)` in `lower`, per word.
    spans: Vec<(u32, u32, u32, u32)>,
}

impl LoadedDoc {
    fn new(doc: Doc) -> Self {
        LoadedDoc {
            doc,
            words: std::cell::OnceCell::new(),
        }
    }
}

impl DocWords {
    fn new(text: &str) -> Self {
        if text.is_ascii() {
            // Lower-casing ASCII keeps every offset.
            let spans = word_spans(text)
                .map(|(s, e)| {
                    let le = s + (e - s).min(MAX_WORD_CHARS);
                    (s as u32, e as u32, s as u32, le as u32)
                })
                .collect();
            return DocWords {
                lower: text.to_ascii_lowercase(),
                spans,
            };
        }
        let mut lower = String::with_capacity(text.len());
        let spans = word_spans(text)
            .map(|(s, e)| {
                let at = lower.len();
                lower.push_str(&normalize(&text[s..e]));
                lower.push(' ');
                (s as u32, e as u32, at as u32, (lower.len() - 1) as u32)
            })
            .collect();
        DocWords { lower, spans }
    }

    /// The lower-cased words with their byte spans in the original text.
    fn words(&self) -> impl Iterator<Item = (usize, usize, &str)> + '_ {
        self.spans.iter().map(|&(s, e, ls, le)| {
            (
                s as usize,
                e as usize,
                &self.lower[ls as usize..le as usize],
            )
        })
    }

    fn len(&self) -> usize {
        self.spans.len()
    }
}

/// A loaded document and, once needed, the words of its title and abstract.
struct LoadedDoc {
    doc: Doc,
    words: std::cell::OnceCell<[DocWords; 2]>,
}

/// A set of surface words: sorted, without repeats, searched by bisection.
/// The sets are small (the words of a query's terms), and a hash table
/// would link a second copy of the standard hash map into the wasm.
struct WordSet<'a>(Vec<&'a str>);

impl<'a> FromIterator<&'a str> for WordSet<'a> {
    fn from_iter<I: IntoIterator<Item = &'a str>>(iter: I) -> Self {
        let mut words: Vec<&str> = iter.into_iter().collect();
        heap_sort(&mut words, |a, b| a < b);
        words.dedup();
        WordSet(words)
    }
}

impl WordSet<'_> {
    fn contains(&self, word: &str) -> bool {
        self.0.binary_search(&word).is_ok()
    }
}

impl Engine {
    /// An engine over a whole index.
    pub fn new(index: Index) -> Self {
        let (root, bucket, docs) = parts(&index);
        Self::from_parts(root, Some(bucket), Some(docs.docs))
    }

    fn from_parts(root: Root, bucket: Option<Bucket>, docs: Option<Vec<Doc>>) -> Self {
        let date_keys = root
            .dates
            .iter()
            .map(|d| date_key(d).unwrap_or(0))
            .collect();
        let mut buckets: Vec<Option<LoadedBucket>> = root.buckets.iter().map(|_| None).collect();
        let mut shards: Vec<Option<Vec<LoadedDoc>>> =
            root.doc_shards.iter().map(|_| None).collect();
        if let Some(b) = bucket {
            buckets[0] = Some(LoadedBucket::new(b));
        }
        // Whole indexes come dated: `parts` clones dated documents, and
        // `decode_file` dates a single file's documents from its root.
        if let Some(d) = docs {
            shards[0] = Some(d.into_iter().map(LoadedDoc::new).collect());
        }
        Engine {
            cache: PartCache::new(buckets.len() + shards.len()),
            root,
            buckets,
            shards,
            date_keys,
            params: Params::default(),
        }
    }

    /// Decodes a whole index, or the root of a split one (whose parts are
    /// then added with [`Engine::add_part`] as searches ask for them).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, LoadError> {
        match decode_file(bytes)? {
            File::Single(root, bucket, docs) => {
                Ok(Self::from_parts(root, Some(bucket), Some(docs.docs)))
            }
            File::Root(root) => Ok(Self::from_parts(root, None, None)),
            _ => Err(LoadError::WrongKind(
                "this is a part of a split index, not its root",
            )),
        }
    }

    /// Adds one file of a split index, as named in [`Results::missing`].
    pub fn add_part(&mut self, name: &str, bytes: &[u8]) -> Result<(), LoadError> {
        let unknown = || LoadError::UnknownFile(name.to_string());
        let mismatch = || LoadError::Mismatch(name.to_string());
        if name.is_empty() {
            return Err(unknown());
        }
        match decode_file(bytes)? {
            File::Bucket(bucket) => {
                let i = self
                    .root
                    .buckets
                    .iter()
                    .position(|b| b.file == name)
                    .ok_or_else(unknown)?;
                let r = &self.root.buckets[i];
                let (end_word, end_term) = self
                    .root
                    .buckets
                    .get(i + 1)
                    .map_or((self.root.n_words, self.root.n_terms), |n| {
                        (n.first_word, n.first_term)
                    });
                let fits = bucket.first_word == r.first_word
                    && bucket.first_term == r.first_term
                    && bucket.words.len() as u64
                        == u64::from(end_word.saturating_sub(r.first_word))
                    && bucket.terms.len() as u64
                        == u64::from(end_term.saturating_sub(r.first_term));
                if !fits {
                    return Err(mismatch());
                }
                check_bucket(&bucket, self.root.n_docs, self.root.n_terms)?;
                self.buckets[i] = Some(LoadedBucket::new(bucket));
                self.cached(i, bytes.len());
            }
            File::Docs(shard) => {
                let i = self
                    .root
                    .doc_shards
                    .iter()
                    .position(|s| s.file == name)
                    .ok_or_else(unknown)?;
                let first = self.root.doc_shards[i].first_doc;
                let end = self
                    .root
                    .doc_shards
                    .get(i + 1)
                    .map_or(self.root.n_docs, |n| n.first_doc);
                if shard.first_doc != first
                    || shard.docs.len() as u64 != u64::from(end.saturating_sub(first))
                {
                    return Err(mismatch());
                }
                let mut docs = shard.docs;
                self.root.date_docs(first, &mut docs);
                self.shards[i] = Some(docs.into_iter().map(LoadedDoc::new).collect());
                self.cached(self.buckets.len() + i, bytes.len());
            }
            _ => return Err(LoadError::WrongKind("expected a bucket or doc shard file")),
        }
        Ok(())
    }

    /// Records an added part (numbered as in [`PartCache`]) and drops the
    /// least recently used others beyond the cache's budget.
    fn cached(&mut self, part: usize, len: usize) {
        let cache = &mut self.cache;
        cache.total -= cache.bytes[part] as usize;
        cache.bytes[part] = len.min(u32::MAX as usize) as u32;
        cache.total += cache.bytes[part] as usize;
        cache.touch(part);
        for p in cache.evictions() {
            match p.checked_sub(self.buckets.len()) {
                None => self.buckets[p] = None,
                Some(s) => self.shards[s] = None,
            }
        }
    }

    /// Sets how many bytes of split-index parts stay in memory (default
    /// [`PART_CACHE_BYTES`]); parts beyond it, least recently used first,
    /// are dropped and named in [`Results::missing`] again when needed.
    pub fn with_part_cache(mut self, bytes: usize) -> Self {
        self.cache.budget = bytes;
        self
    }

    /// Bytes of split-index parts now in memory (as added).
    pub fn cached_bytes(&self) -> usize {
        self.cache.total
    }

    /// Replaces the ranking parameters.
    pub fn with_params(mut self, params: Params) -> Self {
        self.params = params;
        self
    }

    /// [`date_key`] of a document's date (0 when it has none).
    fn date_key(&self, doc: u32) -> u32 {
        self.date_keys
            .get(self.root.date_index(doc))
            .copied()
            .unwrap_or(0)
    }

    /// Number of documents.
    pub fn len(&self) -> usize {
        self.root.n_docs as usize
    }

    /// Whether the index has no documents.
    pub fn is_empty(&self) -> bool {
        self.root.n_docs == 0
    }

    /// Whether the index is split into files fetched on demand.
    pub fn is_split(&self) -> bool {
        self.root.buckets.iter().any(|b| !b.file.is_empty())
    }

    /// Document `n`, when its shard is loaded.
    pub fn doc(&self, n: u32) -> Option<&Doc> {
        Some(&self.loaded_doc(n)?.doc)
    }

    fn loaded_doc(&self, n: u32) -> Option<&LoadedDoc> {
        let s = self.shard_of(n);
        let first = self.root.doc_shards[s].first_doc;
        self.shards[s].as_ref()?.get(n.checked_sub(first)? as usize)
    }

    /// The words of document `n`'s title and abstract (made on first use).
    fn doc_words(&self, n: u32) -> Option<(&Doc, &[DocWords; 2])> {
        let d = self.loaded_doc(n)?;
        let words = d
            .words
            .get_or_init(|| [DocWords::new(&d.doc.title), DocWords::new(&d.doc.body)]);
        Some((&d.doc, words))
    }

    fn shard_of(&self, doc: u32) -> usize {
        self.root
            .doc_shards
            .partition_point(|s| s.first_doc <= doc)
            .saturating_sub(1)
    }

    fn bucket_of_text(&self, text: &str) -> usize {
        self.root
            .buckets
            .partition_point(|b| b.key.as_str() <= text)
            .saturating_sub(1)
    }

    fn bucket_of_term(&self, term: u32) -> usize {
        self.root
            .buckets
            .partition_point(|b| b.first_term <= term)
            .saturating_sub(1)
    }

    fn loaded(&self, b: usize, needs: &mut Vec<Need>) -> Option<&LoadedBucket> {
        self.cache.touch(b);
        let found = self.buckets.get(b).and_then(Option::as_ref);
        if found.is_none() && !needs.contains(&Need::Bucket(b)) {
            needs.push(Need::Bucket(b));
        }
        found
    }

    fn term(&self, id: u32) -> Option<&Term> {
        let b = self.buckets[self.bucket_of_term(id)].as_ref()?;
        b.bucket
            .terms
            .get(id.checked_sub(b.bucket.first_term)? as usize)
    }

    /// The global id of a term, or `None` when the index lacks it.
    fn term_id(&self, text: &str, needs: &mut Vec<Need>) -> Option<u32> {
        let b = self.loaded(self.bucket_of_text(text), needs)?;
        let i = b
            .bucket
            .terms
            .binary_search_by(|t| t.text.as_str().cmp(text))
            .ok()?;
        Some(b.bucket.first_term + i as u32)
    }

    /// The surface words that stem to `term` (those in its own bucket).
    fn words_of(&self, term: u32) -> impl Iterator<Item = &str> {
        let b = self.buckets[self.bucket_of_term(term)].as_ref();
        let words: &[u32] = match b {
            Some(b) => {
                let t = (term - b.bucket.first_term) as usize;
                &b.term_words[b.term_word_start[t] as usize..b.term_word_start[t + 1] as usize]
            }
            None => &[],
        };
        words
            .iter()
            .filter_map(move |&w| Some(b?.bucket.words[w as usize].text.as_str()))
    }

    /// The buckets a prefix is completed from.
    fn prefix_buckets(&self, prefix: &str) -> std::ops::Range<usize> {
        let first = self.bucket_of_text(prefix);
        let mut end = first + 1;
        while end < self.root.buckets.len()
            && end - first < MAX_PREFIX_BUCKETS
            && self.root.buckets[end].key.starts_with(prefix)
        {
            end += 1;
        }
        first..end
    }

    /// Answers one query. On a split index, [`Results::missing`] may name
    /// files to add first.
    pub fn search(&self, text: &str, options: &Options) -> Results {
        let clock = &self.cache.clock;
        clock.set(clock.get().wrapping_add(1));
        match self.run(text, options) {
            Ok(results) => results,
            Err(needs) => {
                let missing = needs
                    .into_iter()
                    .map(|n| match n {
                        Need::Bucket(b) => self.root.buckets[b].file.clone(),
                        Need::Shard(s) => self.root.doc_shards[s].file.clone(),
                    })
                    .collect();
                Results {
                    query: text.to_string(),
                    results: Vec::new(),
                    total: 0,
                    suggestion: None,
                    missing,
                }
            }
        }
    }

    fn run(&self, text: &str, options: &Options) -> Result<Results, Vec<Need>> {
        let query = query::parse(text);

        // Stage 1: the buckets of the query's words and of their terms.
        let mut needs = Vec::new();
        for w in query.clauses.iter().flat_map(|c| &c.words) {
            self.loaded(self.bucket_of_text(&w.word), &mut needs);
            if let Some(t) = &w.term {
                self.loaded(self.bucket_of_text(t), &mut needs);
            }
            if w.prefix {
                for b in self.prefix_buckets(&w.word) {
                    self.loaded(b, &mut needs);
                }
            }
        }
        if !needs.is_empty() {
            return Err(needs);
        }

        // Expand every clause's words into index terms.
        let mut corrections: Vec<(String, String)> = Vec::new();
        let expansions: Vec<Vec<Vec<Expansion>>> = query
            .clauses
            .iter()
            .map(|clause| {
                clause
                    .words
                    .iter()
                    .map(|w| {
                        let loose = !clause.phrase && clause.occur != Occur::MustNot;
                        let found = self.expand(w, loose, &mut needs);
                        if clause.occur != Occur::MustNot && !self.has_exact(w, &mut needs) {
                            if let Some(fix) = self.correction(w) {
                                corrections.push((w.word.clone(), fix));
                            }
                        }
                        found
                    })
                    .collect()
            })
            .collect();

        // Stage 2: the buckets of the terms the words expanded to.
        for e in expansions.iter().flatten().flatten() {
            self.loaded(self.bucket_of_term(e.term), &mut needs);
        }
        if !needs.is_empty() {
            return Err(needs);
        }

        let n_positive = query
            .clauses
            .iter()
            .filter(|c| c.occur != Occur::MustNot)
            .count()
            .max(1) as f64;
        // Candidates as lists sorted by document: a broad query at 50k
        // documents touches tens of thousands, and flat sorted lists take
        // a fraction of a hash map's memory (wasm memory never shrinks).
        let mut scores: Vec<Candidate> = Vec::new();
        // Documents of each excluded clause, each list by document.
        let mut excluded: Vec<Vec<u32>> = Vec::new();
        let mut required: Option<Vec<u32>> = None;
        for (clause, exps) in query.clauses.iter().zip(&expansions) {
            let clause_scores = self.score_clause(clause, exps);
            match clause.occur {
                // An excluded phrase is checked on the candidates below.
                Occur::MustNot if clause.phrase => {}
                Occur::MustNot => {
                    excluded.push(clause_scores.iter().map(|&(doc, _)| doc).collect())
                }
                Occur::Must | Occur::Should => {
                    if clause.occur == Occur::Must {
                        let docs = clause_scores.iter().map(|&(doc, _)| (doc, ()));
                        required = Some(match required {
                            Some(mut r) => {
                                keep_common(&mut r, |&d| d, docs, |_, ()| {});
                                r
                            }
                            None => docs.map(|(doc, ())| doc).collect(),
                        });
                    }
                    scores = add_clause(scores, clause_scores);
                }
            }
        }

        let in_dates = |doc: u32| {
            let key = self.date_key(doc);
            options.from.is_none_or(|f| key >= f) && options.to.is_none_or(|t| key <= t)
        };
        let mut ranked: Vec<Scored> = scores
            .into_iter()
            .filter(|c| {
                !excluded.iter().any(|e| e.binary_search(&c.doc).is_ok()) && in_dates(c.doc)
            })
            .filter(|c| {
                required
                    .as_ref()
                    .is_none_or(|r| r.binary_search(&c.doc).is_ok())
            })
            .map(|c| {
                // Documents that match more of the query come first.
                let coverage = f64::from(c.matched) / n_positive;
                (c.doc, c.score * coverage * coverage)
            })
            .collect();
        let candidates = ranked.len();
        let by_score = |a: &Scored, b: &Scored| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));

        // Stage 3: the documents of the best candidates. Phrases are checked
        // on the text of the best few, then exact word forms re-rank them.
        let phrases: Vec<&Clause> = query.clauses.iter().filter(|c| c.phrase).collect();
        let window = options.limit + RERANK_EXTRA;
        let look = if phrases.is_empty() {
            window
        } else {
            window * PHRASE_WINDOW
        };
        let ranked_by_date = options.sort == Sort::Date;
        let by_date = |a: &Scored, b: &Scored| {
            let (da, db) = (self.date_key(a.0), self.date_key(b.0));
            db.cmp(&da).then(by_score(a, b))
        };
        // With a phrase the best by score are checked for it, then dated.
        if ranked_by_date && phrases.is_empty() {
            best_first(&mut ranked, look, &by_date);
        } else {
            best_first(&mut ranked, look, &by_score);
            if ranked_by_date {
                sort_pairs(&mut ranked, &|a, b| by_date(a, b).is_lt());
            }
        }
        for &(doc, _) in ranked.iter().take(look) {
            let s = self.shard_of(doc);
            self.cache.touch(self.buckets.len() + s);
            if self.shards[s].is_none() && !needs.contains(&Need::Shard(s)) {
                needs.push(Need::Shard(s));
            }
        }
        if !needs.is_empty() {
            return Err(needs);
        }
        if !phrases.is_empty() {
            let accepted: Vec<(&Clause, Vec<WordSet>)> =
                phrases.iter().map(|c| (*c, self.phrase_words(c))).collect();
            ranked.retain(|&(doc, _)| {
                accepted.iter().all(|(c, words)| {
                    self.has_phrase(doc, c.field, words) == (c.occur != Occur::MustNot)
                })
            });
        }
        // Without phrases every candidate counts; with them, those of the
        // best few that have the phrase.
        let total = if phrases.is_empty() {
            candidates
        } else {
            ranked.len()
        };

        // Surface words that count as matches, for highlights and exactness.
        let matched_words: WordSet = query
            .clauses
            .iter()
            .zip(&expansions)
            .filter(|(c, _)| c.occur != Occur::MustNot)
            .flat_map(|(_, words)| words.iter().flatten())
            .flat_map(|e| self.words_of(e.term))
            .collect();
        let typed: Vec<&str> = query
            .clauses
            .iter()
            .filter(|c| c.occur != Occur::MustNot)
            .flat_map(|c| &c.words)
            .filter(|w| w.term.is_some())
            .map(|w| w.word.as_str())
            .collect();

        // Re-rank the best few: the words as typed beat their stems.
        let keep = if ranked_by_date {
            options.limit
        } else {
            window
        };
        let mut best: Vec<(u32, f64)> = ranked
            .iter()
            .take(keep)
            .filter_map(|&(doc, score)| {
                let (_, [title, body]) = self.doc_words(doc)?;
                if ranked_by_date {
                    return Some((doc, score));
                }
                let has = |w: &str| title.words().chain(body.words()).any(|(_, _, x)| x == w);
                let exact = typed.iter().filter(|w| has(w)).count();
                let bonus = 1.0 + self.params.exact * exact as f64 / typed.len().max(1) as f64;
                Some((doc, score * bonus))
            })
            .collect();
        if !ranked_by_date {
            sort_pairs(&mut best, &|a, b| by_score(a, b).is_lt());
        }
        let results = best
            .into_iter()
            .take(options.limit)
            .filter_map(|(doc, score)| self.hit(doc, score, &matched_words))
            .collect();

        let suggestion = (!corrections.is_empty()).then(|| {
            let mut fixed = text.to_lowercase();
            for (from, to) in &corrections {
                fixed = replace_word(&fixed, from, to);
            }
            fixed.trim().to_string()
        });
        Ok(Results {
            query: text.to_string(),
            results,
            total,
            suggestion,
            missing: Vec::new(),
        })
    }

    /// Whether a query word's own term is in the index (or, while typed,
    /// some word starts with it).
    fn has_exact(&self, w: &QueryWord, needs: &mut Vec<Need>) -> bool {
        let exact = w
            .term
            .as_deref()
            .is_some_and(|t| self.term_id(t, needs).is_some());
        exact || (w.prefix && self.completions(&w.word).next().is_some())
    }

    /// Words starting with `prefix`, as (bucket, local word index).
    fn completions<'a>(
        &'a self,
        prefix: &'a str,
    ) -> impl Iterator<Item = (&'a LoadedBucket, usize)> + 'a {
        self.prefix_buckets(prefix)
            .filter_map(|b| self.buckets[b].as_ref())
            .flat_map(move |b| {
                let words = &b.bucket.words;
                let start = words.partition_point(|w| w.text.as_str() < prefix);
                let len = words[start..].partition_point(|w| w.text.starts_with(prefix));
                (start..start + len).map(move |i| (b, i))
            })
    }

    fn doc_freq(&self, term: u32) -> usize {
        self.term(term).map_or(0, |t| t.postings.len())
    }

    /// The index terms one query word stands for, each with a weight.
    /// `loose`: prefixes and typos allowed (not in phrases or exclusions).
    fn expand(&self, w: &QueryWord, loose: bool, needs: &mut Vec<Need>) -> Vec<Expansion> {
        // (term, weight) offers; a term offered twice keeps its best weight.
        let mut best: Vec<Scored> = Vec::new();
        if let Some(t) = w.term.as_deref().and_then(|t| self.term_id(t, needs)) {
            best.push((t, 1.0));
        }
        let typed = w.word.chars().count();
        if w.prefix && loose {
            let mut completions: Vec<(u32, f64)> = self
                .completions(&w.word)
                .map(|(b, i)| {
                    let ratio = typed as f64 / f64::from(b.word_chars[i].max(1));
                    (
                        b.bucket.words[i].term,
                        self.params.prefix * (0.5 + 0.5 * ratio),
                    )
                })
                .collect();
            if completions.len() > MAX_PREFIX_EXPANSIONS {
                // Keep the most frequent (their terms may sit in buckets not
                // loaded yet: those count as rare, the same on every run).
                let key = |t: u32| (std::cmp::Reverse(self.doc_freq(t)), t);
                sort_pairs(&mut completions, &|a, b| key(a.0) < key(b.0));
                completions.truncate(MAX_PREFIX_EXPANSIONS);
            }
            best.extend(completions);
        }
        if loose && typed >= FUZZY_MIN_CHARS {
            let max = if typed >= FUZZY_TWO_EDITS_CHARS { 2 } else { 1 };
            // Typos in a word still being typed are tried only when nothing
            // starts with it: otherwise every short prefix matches too much.
            let prefix = w.prefix && best.is_empty();
            for (term, d, _) in self.near_words(&w.word, max, prefix) {
                best.push((term, self.params.fuzzy / d as f64));
            }
        }
        keep_best_by_id(&mut best);
        best.into_iter()
            .map(|(term, weight)| Expansion { term, weight })
            .collect()
    }

    /// Terms of the surface words 1..=`max` edits from `word` (or, with
    /// `prefix`, from one of their prefixes), with the distance and the
    /// word. Searched in the word's own bucket: on a split index, typos in
    /// the first letters of a word may miss.
    fn near_words(&self, word: &str, max: usize, prefix: bool) -> Vec<(u32, usize, &str)> {
        let Some(b) = self.buckets[self.bucket_of_text(word)].as_ref() else {
            return Vec::new();
        };
        let query: Vec<char> = word.chars().collect();
        let typed = query.len();
        let sig = signature(query.iter().copied());
        let mut candidate: Vec<char> = Vec::new();
        let mut out = Vec::new();
        for (i, w) in b.bucket.words.iter().enumerate() {
            let len = usize::from(b.word_chars[i]);
            let fits = if prefix {
                len + max >= typed
            } else {
                len.abs_diff(typed) <= max && (b.word_sigs[i] & !sig).count_ones() as usize <= max
            };
            if !fits || (sig & !b.word_sigs[i]).count_ones() as usize > max {
                continue;
            }
            candidate.clear();
            candidate.extend(w.text.chars());
            let d = if prefix {
                prefix_distance(&query, &candidate, max)
            } else {
                distance(&query, &candidate, max)
            };
            if let Some(d) = d.filter(|&d| d > 0) {
                out.push((w.term, d, w.text.as_str()));
            }
        }
        out
    }

    /// The closest index word to a word that matched nothing exactly.
    fn correction(&self, w: &QueryWord) -> Option<String> {
        let typed = w.word.chars().count();
        if typed < FUZZY_MIN_CHARS - 1 {
            return None;
        }
        let max = if typed >= FUZZY_TWO_EDITS_CHARS { 2 } else { 1 };
        self.near_words(&w.word, max, false)
            .into_iter()
            .map(|(term, d, text)| (d, std::cmp::Reverse(self.doc_freq(term)), text))
            .min()
            .map(|(_, _, text)| text.to_string())
    }

    /// BM25F score of one posting, restricted to `field`.
    fn term_score(&self, df: usize, weight: [u8; 2], field: Field) -> f64 {
        let p = &self.params;
        let df = df as f64;
        let n = f64::from(self.root.n_docs);
        let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
        let mut weighted = 0.0;
        for (f, &w) in weight.iter().enumerate() {
            let allowed = match field {
                Field::Any => true,
                Field::Title => f == 0,
                Field::Body => f == 1,
            };
            if allowed && w > 0 {
                weighted += p.field_weight[f] * f64::from(w) / WEIGHT_SCALE;
            }
        }
        idf * weighted * (p.k1 + 1.0) / (p.k1 + weighted)
    }

    /// Documents matching one clause, with the clause's score in each. A
    /// phrase's words must all occur; the order is checked later, on text.
    fn score_clause(&self, clause: &Clause, expansions: &[Vec<Expansion>]) -> Vec<Scored> {
        // Per word: (doc, best weighted score over its expansions), by doc.
        let mut per_word = expansions
            .iter()
            .zip(&clause.words)
            .filter(|(_, w)| w.term.is_some() || w.prefix)
            .map(|(exps, _)| {
                let terms: Vec<&Term> = exps.iter().filter_map(|e| self.term(e.term)).collect();
                let mut docs: Vec<Scored> =
                    Vec::with_capacity(terms.iter().map(|t| t.postings.len()).sum());
                for (e, term) in exps.iter().zip(&terms) {
                    let df = term.postings.len();
                    for p in &term.postings {
                        let s = self.term_score(df, p.weight, clause.field);
                        if s > 0.0 {
                            docs.push((p.doc, s * e.weight));
                        }
                    }
                }
                if terms.len() > 1 {
                    keep_best_by_id(&mut docs);
                }
                docs
            });
        let Some(mut docs) = per_word.next() else {
            return Vec::new();
        };
        // Documents with every word: the sum of their scores.
        for other in per_word {
            keep_common(&mut docs, |&(doc, _)| doc, other, |(_, s), o| *s += o);
        }
        if clause.phrase {
            for (_, s) in &mut docs {
                *s *= self.params.phrase;
            }
        }
        docs
    }

    /// What each word of a phrase accepts in a document: the surface words
    /// of its term, or itself when it is a stop word.
    fn phrase_words<'a>(&'a self, clause: &'a Clause) -> Vec<WordSet<'a>> {
        clause
            .words
            .iter()
            .map(|w| {
                let id = w
                    .term
                    .as_deref()
                    .and_then(|t| self.term_id(t, &mut Vec::new()));
                match id {
                    Some(t) => self.words_of(t).collect(),
                    None => std::iter::once(w.word.as_str()).collect(),
                }
            })
            .collect()
    }

    /// Whether the document holds the phrase's words (see
    /// [`Engine::phrase_words`]) in order, in the clause's field.
    fn has_phrase(&self, doc: u32, field: Field, accepted: &[WordSet<'_>]) -> bool {
        let Some((_, [title, body])) = self.doc_words(doc) else {
            return false;
        };
        let fields: &[&DocWords] = match field {
            Field::Any => &[title, body],
            Field::Title => &[title],
            Field::Body => &[body],
        };
        fields.iter().any(|doc| {
            let words: Vec<&str> = doc.words().map(|(_, _, w)| w).collect();
            words
                .windows(accepted.len())
                .any(|win| win.iter().zip(accepted).all(|(w, ok)| ok.contains(w)))
        })
    }

    fn hit(&self, doc: u32, score: f64, matched: &WordSet<'_>) -> Option<Hit> {
        let (d, [title, body]) = self.doc_words(doc)?;
        let title_highlights = utf16_ranges(
            &d.title,
            0,
            title
                .words()
                .filter(|(_, _, w)| matched.contains(w))
                .map(|(s, e, _)| (s, e)),
        );
        Some(Hit {
            id: d.id.clone(),
            title: d.title.clone(),
            title_highlights,
            url: format!("#{}", d.id),
            date: d.date.clone(),
            score,
            excerpt: excerpt(&d.body, body, matched),
        })
    }
}

/// The best window of about [`EXCERPT_WORDS`] words: the one covering the
/// most distinct matched words, then the most matches, then the earliest.
fn excerpt(text: &str, doc: &DocWords, matched: &WordSet<'_>) -> Excerpt {
    if doc.len() == 0 {
        return Excerpt {
            text: text.to_string(),
            highlights: Vec::new(),
        };
    }
    let words: Vec<(usize, usize, &str)> = doc.words().collect();
    let hits: Vec<bool> = words.iter().map(|(_, _, w)| matched.contains(w)).collect();
    let window = EXCERPT_WORDS.min(words.len());
    let mut best = (0usize, 0usize, 0usize); // distinct, count, start
    for start in 0..=words.len() - window {
        if !hits[start] {
            continue; // the best window starts on a match (or is the first)
        }
        let slice = start..start + window;
        let mut distinct: Vec<&str> = Vec::new();
        let mut count = 0;
        for i in slice.filter(|&i| hits[i]) {
            count += 1;
            if !distinct.contains(&words[i].2) {
                distinct.push(words[i].2);
            }
        }
        if (distinct.len(), count) > (best.0, best.1) {
            best = (distinct.len(), count, start);
        }
    }
    // Show a little context before the first match.
    let start = best.2.saturating_sub(3).min(words.len() - window);
    let end_tok = start + window - 1;
    let from = if start == 0 { 0 } else { words[start].0 };
    let to = if end_tok + 1 == words.len() {
        text.len()
    } else {
        // Keep punctuation glued to the last word ("model." or "model,").
        let after = &text[words[end_tok].1..];
        words[end_tok].1 + after.find(char::is_whitespace).unwrap_or(after.len())
    };
    let lead = if from > 0 { "…" } else { "" };
    let tail = if to < text.len() { "…" } else { "" };
    let body = text[from..to].trim_end();
    let offset = lead.encode_utf16().count() as u32;
    let highlights = utf16_ranges(
        body,
        offset,
        (start..=end_tok)
            .filter(|&i| hits[i])
            .map(|i| (words[i].0 - from, words[i].1 - from)),
    );
    Excerpt {
        text: format!("{lead}{body}{tail}"),
        highlights,
    }
}

/// A document or term with its score.
type Scored = (u32, f64);

/// A document matched by some clauses of a query.
#[derive(Clone, Copy)]
struct Candidate {
    doc: u32,
    /// Clauses that matched it.
    matched: u32,
    score: f64,
}

/// Merges one clause's `(doc, score)` list (by doc) into the candidates (by
/// doc): scores add up and each match is counted.
fn add_clause(candidates: Vec<Candidate>, clause: Vec<Scored>) -> Vec<Candidate> {
    if candidates.is_empty() {
        // Same size and alignment: collected in place, no second list.
        return clause
            .into_iter()
            .map(|(doc, score)| Candidate {
                doc,
                matched: 1,
                score,
            })
            .collect();
    }
    let mut out = Vec::with_capacity(candidates.len() + clause.len());
    let mut clause = clause.into_iter().peekable();
    for c in candidates {
        while let Some((doc, score)) = clause.next_if(|&(d, _)| d < c.doc) {
            out.push(Candidate {
                doc,
                matched: 1,
                score,
            });
        }
        match clause.next_if(|&(d, _)| d == c.doc) {
            Some((_, score)) => out.push(Candidate {
                matched: c.matched + 1,
                score: c.score + score,
                ..c
            }),
            None => out.push(c),
        }
    }
    out.extend(clause.map(|(doc, score)| Candidate {
        doc,
        matched: 1,
        score,
    }));
    out
}

/// Keeps the items of `v` whose document is also in `other` (both sorted
/// by document), merging into each the value it was paired with there.
fn keep_common<T, U>(
    v: &mut Vec<T>,
    doc: impl Fn(&T) -> u32,
    other: impl IntoIterator<Item = (u32, U)>,
    mut merge: impl FnMut(&mut T, U),
) {
    let mut other = other.into_iter().peekable();
    v.retain_mut(|item| {
        let d = doc(item);
        while other.next_if(|&(o, _)| o < d).is_some() {}
        match other.next_if(|&(o, _)| o == d) {
            Some((_, value)) => {
                merge(item, value);
                true
            }
            None => false,
        }
    });
}

/// Keeps the first `keep` of `v` in the total order `cmp`, sorted. A broad
/// query matches thousands but shows a few: those are picked in one pass
/// (binary insertion into the few kept) rather than by sorting them all.
fn best_first(
    v: &mut Vec<Scored>,
    keep: usize,
    cmp: &dyn Fn(&Scored, &Scored) -> std::cmp::Ordering,
) {
    if keep.saturating_mul(4) >= v.len() {
        sort_pairs(v, &|a, b| cmp(a, b).is_lt());
        v.truncate(keep);
        return;
    }
    let mut best: Vec<Scored> = Vec::with_capacity(keep + 1);
    for &x in v.iter() {
        if best.len() == keep && best.last().is_some_and(|last| cmp(&x, last).is_ge()) {
            continue;
        }
        let at = best.partition_point(|b| cmp(b, &x).is_lt());
        best.insert(at, x);
        best.truncate(keep);
    }
    *v = best;
}

/// Sorts in place by `less` (a heap sort: no second buffer, and no
/// standard sort linked into the wasm). Not stable.
fn heap_sort<T>(v: &mut [T], less: impl Fn(&T, &T) -> bool) {
    let sift_down = |v: &mut [T], mut root: usize, end: usize| loop {
        let mut child = 2 * root + 1;
        if child >= end {
            return;
        }
        if child + 1 < end && less(&v[child], &v[child + 1]) {
            child += 1;
        }
        if !less(&v[root], &v[child]) {
            return;
        }
        v.swap(root, child);
        root = child;
    };
    let n = v.len();
    for i in (0..n / 2).rev() {
        sift_down(v, i, n);
    }
    for end in (1..n).rev() {
        v.swap(0, end);
        sift_down(v, 0, end);
    }
}

/// Sorts `(doc, score)` pairs by document.
fn sort_by_doc(v: &mut [Scored]) {
    heap_sort(v, |a, b| a.0 < b.0);
}

/// Sorts `(id, score)` pairs by id, keeping for each id its best score.
fn keep_best_by_id(v: &mut Vec<Scored>) {
    sort_by_doc(v);
    v.dedup_by(|next, kept| {
        let same = next.0 == kept.0;
        if same {
            kept.1 = kept.1.max(next.1);
        }
        same
    });
}

/// A stable merge sort of `(id, score)` pairs, `before(a, b)` when `a`
/// goes first. One function for every such list: each `sort_by` call site
/// would be its own copy of the standard sort in the wasm.
fn sort_pairs(v: &mut Vec<Scored>, before: &dyn Fn(&Scored, &Scored) -> bool) {
    let n = v.len();
    let mut buf = v.clone();
    let mut width = 1;
    while width < n {
        for start in (0..n).step_by(2 * width) {
            let mid = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            let (mut a, mut b) = (start, mid);
            for slot in &mut buf[start..end] {
                // Take from the right run only when it goes strictly first.
                if b < end && (a >= mid || before(&v[b], &v[a])) {
                    *slot = v[b];
                    b += 1;
                } else {
                    *slot = v[a];
                    a += 1;
                }
            }
        }
        std::mem::swap(v, &mut buf);
        width *= 2;
    }
}

/// Byte ranges of `text` as UTF-16 ranges, shifted by `offset`.
fn utf16_ranges(
    text: &str,
    offset: u32,
    ranges: impl Iterator<Item = (usize, usize)>,
) -> Vec<Highlight> {
    let mut out = Vec::new();
    let mut pos_bytes = 0;
    let mut pos_units = offset;
    for (s, e) in ranges {
        if s < pos_bytes || e > text.len() {
            continue;
        }
        pos_units += text[pos_bytes..s].encode_utf16().count() as u32;
        let start = pos_units;
        pos_units += text[s..e].encode_utf16().count() as u32;
        pos_bytes = e;
        out.push([start, pos_units]);
    }
    out
}

/// Replaces whole occurrences of a lower-cased word.
fn replace_word(text: &str, from: &str, to: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (s, e) in crate::tokenize::word_spans(text) {
        if &text[s..e] == from {
            out.push_str(&text[last..s]);
            out.push_str(to);
            last = e;
        }
    }
    out.push_str(&text[last..]);
    out
}

/// Optimal-string-alignment distance (adjacent transpositions count as
/// one edit), or `None` when it exceeds `max`.
pub fn distance(a: &[char], b: &[char], max: usize) -> Option<usize> {
    let row = osa_last_row(a, b, max)?;
    Some(row[b.len()]).filter(|&d| d <= max)
}

/// The distance from `a` to the closest prefix of `b`: how many edits make
/// `a` a prefix of `b`.
pub fn prefix_distance(a: &[char], b: &[char], max: usize) -> Option<usize> {
    let row = osa_last_row(a, b, max)?;
    row.iter().copied().min().filter(|&d| d <= max)
}

/// The last row of the OSA matrix of `a` against `b`, or `None` as soon as
/// every cell of a row exceeds `max`.
fn osa_last_row(a: &[char], b: &[char], max: usize) -> Option<Vec<usize>> {
    let w = b.len() + 1;
    let mut prev2: Vec<usize> = vec![0; w];
    let mut prev: Vec<usize> = (0..w).collect();
    let mut cur: Vec<usize> = vec![0; w];
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..w {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if row_min > max {
            return None;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    Some(prev)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn edit_distances_count_transpositions_once() {
        let d = |a: &str, b: &str| distance(&chars(a), &chars(b), 2);
        assert_eq!(d("gpipe", "gpipe"), Some(0));
        assert_eq!(d("gpiep", "gpipe"), Some(1));
        assert_eq!(d("netwrok", "network"), Some(1));
        assert_eq!(d("normalisaton", "normalization"), Some(2));
        assert_eq!(d("abc", "xyz"), None);
        let p = |a: &str, b: &str| prefix_distance(&chars(a), &chars(b), 1);
        assert_eq!(p("transfom", "transformer"), Some(1));
        assert_eq!(p("trans", "transformer"), Some(0));
        assert_eq!(p("xrans", "quantum"), None);
    }

    #[test]
    fn best_first_keeps_the_first_few_in_order() {
        let all: Vec<(u32, f64)> = (0..500).map(|i| (i, f64::from((i * 7919) % 101))).collect();
        let by_score = |a: &(u32, f64), b: &(u32, f64)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        let mut expected = all.clone();
        expected.sort_by(by_score);
        for keep in [0, 1, 7, 30, 124, 125, 126, 499, 500, 600] {
            let mut v = all.clone();
            best_first(&mut v, keep, &by_score);
            assert_eq!(v, expected[..keep.min(500)], "keep {keep}");
        }
    }

    #[test]
    fn sort_by_doc_sorts() {
        let mut v: Vec<(u32, f64)> = (0..300)
            .map(|i| ((i * 7919) % 1000, f64::from(i)))
            .collect();
        let mut expected = v.clone();
        expected.sort_by_key(|p| p.0);
        sort_by_doc(&mut v);
        assert_eq!(
            v.iter().map(|p| p.0).collect::<Vec<_>>(),
            expected.iter().map(|p| p.0).collect::<Vec<_>>()
        );
        sort_by_doc(&mut []);
        sort_by_doc(&mut [(1, 0.0)]);
    }

    #[test]
    fn keep_best_by_id_keeps_one_pair_per_id_with_its_best_score() {
        let mut v = vec![(3, 0.5), (1, 2.0), (3, 1.5), (2, 1.0), (1, 0.25), (3, 1.0)];
        keep_best_by_id(&mut v);
        assert_eq!(v, [(1, 2.0), (2, 1.0), (3, 1.5)]);
        let mut empty: Vec<Scored> = Vec::new();
        keep_best_by_id(&mut empty);
        assert!(empty.is_empty());
    }

    #[test]
    fn a_word_set_holds_each_word_once_and_finds_them_all() {
        let words = ["net", "attention", "net", "a", "zeta", "attention", ""];
        let set: WordSet = words.iter().copied().collect();
        assert_eq!(set.0, ["", "a", "attention", "net", "zeta"]);
        for w in words {
            assert!(set.contains(w), "{w:?}");
        }
        for w in ["ne", "nets", "b", "attentio"] {
            assert!(!set.contains(w), "{w:?}");
        }
        let empty: WordSet = std::iter::empty().collect();
        assert!(!empty.contains(""));
    }

    #[test]
    fn sort_pairs_is_a_stable_sort() {
        let mut v: Vec<(u32, f64)> = (0..100).map(|i| (i, f64::from((i * 37) % 11))).collect();
        let mut expected = v.clone();
        expected.sort_by(|a, b| b.1.total_cmp(&a.1));
        sort_pairs(&mut v, &|a, b| a.1 > b.1);
        assert_eq!(v, expected);
        let mut empty: Vec<(u32, f64)> = Vec::new();
        sort_pairs(&mut empty, &|a, b| a.0 < b.0);
        assert!(empty.is_empty());
    }

    #[test]
    fn utf16_ranges_count_code_units() {
        let text = "😀 gpipe é";
        let r = utf16_ranges(text, 1, [(5, 10), (11, 13)].into_iter());
        assert_eq!(r, [[4, 9], [10, 11]]);
    }

    #[test]
    fn replace_word_keeps_the_rest() {
        assert_eq!(
            replace_word("gpipe netwrok ", "netwrok", "network"),
            "gpipe network "
        );
    }
}
