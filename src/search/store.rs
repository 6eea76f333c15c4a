//! [`Store`]: the parts of an index in memory, and the lookups a search
//! makes in them.
//!
//! A whole index has one bucket and one doc shard, both loaded. A split
//! index starts from its root alone; its buckets, doc shards and typo
//! shards are added as searches name them ([`Part`]), checked against the
//! root, and kept in a [`PartCache`].

use crate::date::Date;
use crate::digest::Document;
use crate::format::{
    check_bucket, check_typos, decode_file, fits_related, meaning_file, meaning_shard, typo_file,
    typo_shards_near, Bucket, DocShard, File, MeaningShard, Related, Root, Term, TypoShard,
};

use super::cache::PartCache;
use super::loaded::{FieldWords, LoadedBucket, LoadedDoc};
use super::LoadError;

/// A file of an index: a bucket, a doc shard, a meaning shard or a typo
/// shard, by number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Part {
    Bucket(usize),
    Shard(usize),
    Meaning(usize),
    Typos(usize),
}

/// Most buckets a prefix is completed from.
const MAX_PREFIX_BUCKETS: usize = 2;

/// The loaded parts of one index.
pub(super) struct Store {
    pub(super) root: Root,
    buckets: Vec<Option<LoadedBucket>>,
    shards: Vec<Option<Vec<LoadedDoc>>>,
    /// Meaning shards (see `crate::format::MeaningRef`), each's lists by
    /// word.
    meaning: Vec<Option<Vec<Related>>>,
    /// Typo shards (see `crate::format::TypoRef`): words, with their
    /// lengths and letter signatures, as a bucket without terms.
    typos: Vec<Option<LoadedBucket>>,
    /// Parts of a split index in memory, least recently used dropped first.
    pub(super) cache: PartCache,
    /// [`Date::key`] of each of the root's dates (0 for none).
    date_keys: Vec<u32>,
}

impl Store {
    /// A store over a root, with the bucket and documents of a single file.
    pub(super) fn new(root: Root, bucket: Option<Bucket>, docs: Option<Vec<Document>>) -> Self {
        let date_keys = root.dates.iter().map(|d| d.map_or(0, Date::key)).collect();
        let mut buckets: Vec<Option<LoadedBucket>> = root.buckets.iter().map(|_| None).collect();
        let mut shards: Vec<Option<Vec<LoadedDoc>>> =
            (0..root.doc_shards.count).map(|_| None).collect();
        buckets[0] = bucket.map(LoadedBucket::new);
        // A single file's documents come dated: `decode_file` dates them.
        shards[0] = docs.map(|d| d.into_iter().map(LoadedDoc::new).collect());
        let meaning = vec![None; root.meaning.map_or(0, |m| m.shards as usize)];
        let typos = (0..root.typos.map_or(0, |t| t.shards)).map(|_| None);
        let typos: Vec<_> = typos.collect();
        Store {
            cache: PartCache::new(buckets.len() + shards.len() + meaning.len() + typos.len()),
            root,
            buckets,
            shards,
            meaning,
            typos,
            date_keys,
        }
    }

    /// Holds the meaning lists of an index built in memory, all loaded
    /// (cut into shards as files would be); a list a file could not hold
    /// (documents out of order or out of range, a zero weight) is left out.
    pub(super) fn with_meaning(mut self, lists: Vec<Related>) -> Self {
        let n_docs = self.root.n_docs;
        for list in lists.into_iter().filter(|l| fits_related(l, n_docs)) {
            let Some(shard) = self.meaning_shard_of(&list.word) else {
                break;
            };
            self.meaning[shard].get_or_insert_with(Vec::new).push(list);
        }
        for shard in &mut self.meaning {
            let lists = shard.get_or_insert_with(Vec::new);
            lists.sort_unstable_by(|a, b| a.word.cmp(&b.word));
            lists.dedup_by(|a, b| a.word == b.word);
        }
        self
    }

    /// Adds one part of an index (a split index's bucket, doc shard or
    /// typo shard, or a meaning shard), named as in its root.
    pub(super) fn add_part(&mut self, name: &str, bytes: &[u8]) -> Result<(), LoadError> {
        if name.is_empty() {
            return Err(LoadError::UnknownFile(String::new()));
        }
        let part = match decode_file(bytes)? {
            File::Bucket(bucket) => Part::Bucket(self.add_bucket(name, bucket)?),
            File::Docs(shard) => Part::Shard(self.add_shard(name, shard)?),
            File::Meaning(shard) => Part::Meaning(self.add_meaning(name, shard)?),
            File::Typos(shard) => Part::Typos(self.add_typos(name, shard)?),
            _ => return Err(LoadError::WrongKind("expected a part of an index")),
        };
        for dropped in self.cache.added(self.number(part), bytes.len()) {
            match self.part(dropped) {
                Part::Bucket(b) => self.buckets[b] = None,
                Part::Shard(s) => self.shards[s] = None,
                Part::Meaning(m) => self.meaning[m] = None,
                Part::Typos(t) => self.typos[t] = None,
            }
        }
        Ok(())
    }

    fn add_typos(&mut self, name: &str, shard: TypoShard) -> Result<usize, LoadError> {
        let reference = (self.root.typos)
            .filter(|t| shard.shard < t.shards && typo_file(*t, shard.shard) == name)
            .ok_or_else(|| LoadError::UnknownFile(name.to_string()))?;
        if !check_typos(&shard, reference.shards, self.root.n_terms) {
            return Err(LoadError::Mismatch(name.to_string()));
        }
        let n = shard.shard as usize;
        self.typos[n] = Some(LoadedBucket::new(Bucket {
            words: shard.words,
            ..Bucket::default()
        }));
        Ok(n)
    }

    fn add_meaning(&mut self, name: &str, shard: MeaningShard) -> Result<usize, LoadError> {
        let reference = (self.root.meaning)
            .filter(|m| shard.shard < m.shards && meaning_file(*m, shard.shard) == name)
            .ok_or_else(|| LoadError::UnknownFile(name.to_string()))?;
        let n_docs = self.root.n_docs;
        let fits = (shard.lists.iter()).all(|l| {
            meaning_shard(&l.word, reference.shards) == shard.shard && fits_related(l, n_docs)
        });
        if !fits {
            return Err(LoadError::Mismatch(name.to_string()));
        }
        let n = shard.shard as usize;
        self.meaning[n] = Some(shard.lists);
        Ok(n)
    }

    fn add_bucket(&mut self, name: &str, bucket: Bucket) -> Result<usize, LoadError> {
        let root = &self.root;
        let i = (root.buckets.iter())
            .position(|b| b.file == name)
            .ok_or_else(|| LoadError::UnknownFile(name.to_string()))?;
        let r = &root.buckets[i];
        let (end_word, end_term) = root
            .buckets
            .get(i + 1)
            .map_or((root.n_words, root.n_terms), |n| {
                (n.first_word, n.first_term)
            });
        let fits = bucket.first_word == r.first_word
            && bucket.first_term == r.first_term
            && bucket.words.len() as u64 == u64::from(end_word.saturating_sub(r.first_word))
            && bucket.terms.len() as u64 == u64::from(end_term.saturating_sub(r.first_term));
        if !fits {
            return Err(LoadError::Mismatch(name.to_string()));
        }
        check_bucket(&bucket, root.n_docs, root.n_terms)?;
        self.buckets[i] = Some(LoadedBucket::new(bucket));
        Ok(i)
    }

    fn add_shard(&mut self, name: &str, shard: DocShard) -> Result<usize, LoadError> {
        let root = &self.root;
        let i =
            (root.doc_shards.find(name)).ok_or_else(|| LoadError::UnknownFile(name.to_string()))?;
        let first = root.doc_shards.first_doc(i);
        let end = root.doc_shards.first_doc(i + 1).min(root.n_docs);
        if shard.first_doc != first
            || shard.docs.len() as u64 != u64::from(end.saturating_sub(first))
        {
            return Err(LoadError::Mismatch(name.to_string()));
        }
        let mut docs = shard.docs;
        root.date_docs(first, &mut docs);
        self.shards[i] = Some(docs.into_iter().map(LoadedDoc::new).collect());
        Ok(i)
    }

    /// A part's number in the [`PartCache`]: buckets first, then doc
    /// shards, then meaning shards, then typo shards.
    fn number(&self, part: Part) -> usize {
        let (b, s, m) = (self.buckets.len(), self.shards.len(), self.meaning.len());
        match part {
            Part::Bucket(n) => n,
            Part::Shard(n) => b + n,
            Part::Meaning(n) => b + s + n,
            Part::Typos(n) => b + s + m + n,
        }
    }

    /// The part numbered `n` (see [`Store::number`]).
    fn part(&self, n: usize) -> Part {
        let (b, s, m) = (self.buckets.len(), self.shards.len(), self.meaning.len());
        match n {
            n if n < b => Part::Bucket(n),
            n if n < b + s => Part::Shard(n - b),
            n if n < b + s + m => Part::Meaning(n - b - s),
            n => Part::Typos(n - b - s - m),
        }
    }

    fn loaded(&self, part: Part) -> bool {
        match part {
            Part::Bucket(b) => self.buckets[b].is_some(),
            Part::Shard(s) => self.shards[s].is_some(),
            Part::Meaning(m) => self.meaning[m].is_some(),
            Part::Typos(t) => self.typos[t].is_some(),
        }
    }

    /// Marks `parts` used by this search; the ones not loaded are missing
    /// (each once, in the order first named).
    pub(super) fn require(&mut self, parts: Vec<Part>) -> Result<(), Vec<Part>> {
        let mut missing = Vec::new();
        for part in parts {
            self.cache.touch(self.number(part));
            if !self.loaded(part) && !missing.contains(&part) {
                missing.push(part);
            }
        }
        if missing.is_empty() {
            Ok(())
        } else {
            Err(missing)
        }
    }

    /// The file names of `parts`.
    pub(super) fn file_names(&self, parts: &[Part]) -> Vec<String> {
        let name = |part: &Part| match *part {
            Part::Bucket(b) => self.root.buckets[b].file.clone(),
            Part::Shard(s) => self.root.doc_shards.file(s),
            Part::Meaning(m) => {
                let reference = self.root.meaning.unwrap_or_default();
                meaning_file(reference, m as u32)
            }
            Part::Typos(t) => typo_file(self.root.typos.unwrap_or_default(), t as u32),
        };
        parts.iter().map(name).collect()
    }

    /// Whether the index is split into files fetched on demand.
    pub(super) fn is_split(&self) -> bool {
        self.root.buckets.iter().any(|b| !b.file.is_empty())
    }

    /// Whether the index has meaning lists.
    pub(super) fn has_meaning(&self) -> bool {
        !self.meaning.is_empty()
    }

    /// The meaning shard that would hold `word`'s list.
    pub(super) fn meaning_shard_of(&self, word: &str) -> Option<usize> {
        let shards = self.meaning.len() as u32;
        (shards > 0).then(|| meaning_shard(word, shards) as usize)
    }

    /// `word`'s meaning list, when the index has one and its shard is loaded.
    pub(super) fn related(&self, word: &str) -> Option<&Related> {
        let lists = self.meaning.get(self.meaning_shard_of(word)?)?.as_ref()?;
        let i = lists.binary_search_by(|l| l.word.as_str().cmp(word)).ok()?;
        Some(&lists[i])
    }

    /// [`Date::key`] of a document's date (0 when it has none).
    pub(super) fn date_key(&self, doc: u32) -> u32 {
        let date = self.root.date_index(doc);
        self.date_keys.get(date).copied().unwrap_or(0)
    }

    pub(super) fn shard_of(&self, doc: u32) -> usize {
        self.root.doc_shards.of(doc)
    }

    pub(super) fn bucket_of_text(&self, text: &str) -> usize {
        let buckets = &self.root.buckets;
        buckets
            .partition_point(|b| b.key.as_str() <= text)
            .saturating_sub(1)
    }

    pub(super) fn bucket_of_term(&self, term: u32) -> usize {
        let buckets = &self.root.buckets;
        buckets
            .partition_point(|b| b.first_term <= term)
            .saturating_sub(1)
    }

    /// The buckets a prefix is completed from.
    pub(super) fn prefix_buckets(&self, prefix: &str) -> std::ops::Range<usize> {
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

    /// The typo shards that hold the words one edit from `word` (none for
    /// a whole index: its one bucket holds every word).
    pub(super) fn typo_shards_near(&self, word: &str) -> Vec<usize> {
        let shards = self.typos.len() as u32;
        match shards {
            0 => Vec::new(),
            _ => (typo_shards_near(word, shards).into_iter())
                .map(|s| s as usize)
                .collect(),
        }
    }

    /// Typo shard `t`'s words, when loaded.
    pub(super) fn typo_words(&self, t: usize) -> Option<&LoadedBucket> {
        self.typos.get(t)?.as_ref()
    }

    /// Bucket `b`, when loaded.
    pub(super) fn bucket(&self, b: usize) -> Option<&LoadedBucket> {
        self.buckets.get(b)?.as_ref()
    }

    /// The bucket that would hold `text`, when loaded.
    pub(super) fn bucket_for_text(&self, text: &str) -> Option<&LoadedBucket> {
        self.bucket(self.bucket_of_text(text))
    }

    pub(super) fn term(&self, id: u32) -> Option<&Term> {
        let b = self.bucket(self.bucket_of_term(id))?;
        let terms = &b.bucket.terms;
        terms.get(id.checked_sub(b.bucket.first_term)? as usize)
    }

    /// The global id of a term, or `None` when the index lacks it (or its
    /// bucket is not loaded).
    pub(super) fn term_id(&self, text: &str) -> Option<u32> {
        let b = self.bucket_for_text(text)?;
        let terms = &b.bucket.terms;
        let i = terms.binary_search_by(|t| t.text.as_str().cmp(text)).ok()?;
        Some(b.bucket.first_term + i as u32)
    }

    /// Documents holding a term (0 when its bucket is not loaded).
    pub(super) fn doc_freq(&self, term: u32) -> usize {
        self.term(term).map_or(0, |t| t.postings.len())
    }

    /// The surface words that stem to `term` (those in its own bucket).
    pub(super) fn words_of(&self, term: u32) -> impl Iterator<Item = &str> {
        let b = self.bucket(self.bucket_of_term(term));
        let words: &[u32] = match b {
            Some(b) => b.words_of_term((term - b.bucket.first_term) as usize),
            None => &[],
        };
        let text = move |&w: &u32| Some(b?.bucket.words[w as usize].text.as_str());
        words.iter().filter_map(text)
    }

    /// Splits the text of `docs` into words, for the stages that read it.
    pub(super) fn load_words(&mut self, docs: impl Iterator<Item = u32>) {
        for n in docs {
            let s = self.shard_of(n);
            let first = self.root.doc_shards.first_doc(s);
            let shard = self.shards[s].as_mut();
            if let Some(doc) = shard.and_then(|d| d.get_mut((n - first) as usize)) {
                doc.load_words();
            }
        }
    }

    /// Document `n`, when its shard is loaded.
    pub(super) fn doc(&self, n: u32) -> Option<&Document> {
        Some(&self.loaded_doc(n)?.doc)
    }

    /// Document `n` and its words, once [`Store::load_words`] has split them.
    pub(super) fn doc_words(&self, n: u32) -> Option<(&Document, &FieldWords)> {
        let d = self.loaded_doc(n)?;
        Some((&d.doc, d.words.as_ref()?))
    }

    fn loaded_doc(&self, n: u32) -> Option<&LoadedDoc> {
        let s = self.shard_of(n);
        let first = self.root.doc_shards.first_doc(s);
        self.shards[s].as_ref()?.get(n.checked_sub(first)? as usize)
    }
}
