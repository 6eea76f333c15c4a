//! Parts of the index as held in memory: a bucket with what the typo
//! search and highlighting need, and a document with its words.

use crate::digest::Document;
use crate::format::{Bucket, Word};
use crate::query::Field;
use crate::tokenize::{normalize, word_spans, MAX_WORD_CHARS};

use super::distance::signature;

/// A bucket in memory, with what the typo search and highlighting need.
pub(super) struct LoadedBucket {
    pub(super) bucket: Bucket,
    /// Character count of each word.
    pub(super) word_chars: Vec<u8>,
    /// Letter signature of each word (see [`signature`]).
    pub(super) word_sigs: Vec<u64>,
    /// Words of each local term: `term_words[term_word_start[t]..term_word_start[t + 1]]`.
    pub(super) term_word_start: Vec<u32>,
    pub(super) term_words: Vec<u32>,
    /// Local indexes of the words that are not ASCII (where an ASCII
    /// word's accented twins are).
    pub(super) non_ascii: Vec<u32>,
}

impl LoadedBucket {
    pub(super) fn new(bucket: Bucket) -> Self {
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
        let non_ascii = (bucket.words.iter().enumerate())
            .filter(|(_, w)| !w.text.is_ascii())
            .map(|(i, _)| i as u32)
            .collect();
        LoadedBucket {
            bucket,
            word_chars,
            word_sigs,
            term_word_start: start,
            term_words,
            non_ascii,
        }
    }

    /// Local indexes of the words of a local term.
    pub(super) fn words_of_term(&self, local_term: usize) -> &[u32] {
        let start = &self.term_word_start;
        &self.term_words[start[local_term] as usize..start[local_term + 1] as usize]
    }
}

/// A loaded document and, once a search looks at it, the words of its
/// title, abstract and authors (see [`super::store::Store::load_words`]).
pub(super) struct LoadedDoc {
    pub(super) doc: Document,
    pub(super) words: Option<FieldWords>,
}

impl LoadedDoc {
    pub(super) fn new(doc: Document) -> Self {
        LoadedDoc { doc, words: None }
    }

    /// Splits the title, abstract and authors into words, once.
    pub(super) fn load_words(&mut self) {
        if self.words.is_none() {
            self.words = Some(FieldWords {
                title: DocWords::new(&self.doc.title),
                body: DocWords::new(&self.doc.body),
                authors: self.doc.authors.iter().map(|a| DocWords::new(a)).collect(),
            });
        }
    }
}

/// The words of a document's fields.
pub(super) struct FieldWords {
    pub(super) title: DocWords,
    pub(super) body: DocWords,
    /// Each author's name apart, so that a phrase stays within one name.
    pub(super) authors: Vec<DocWords>,
}

impl FieldWords {
    /// The texts a clause on `field` may match in: the title, the
    /// abstract, each author's name.
    pub(super) fn texts(&self, field: Field) -> impl Iterator<Item = &DocWords> {
        let title = field.allows(0).then_some(&self.title);
        let body = field.allows(1).then_some(&self.body);
        let authors = self.authors.iter().filter(move |_| field.allows(2));
        title.into_iter().chain(body).chain(authors)
    }
}

/// A text's words with their byte spans, and a lower-cased copy to compare
/// them with (one allocation per text, not one per word). Made once per
/// document, the first time a search looks at it.
pub(super) struct DocWords {
    lower: String,
    /// `(start, end)` in the text and `(start, end)` in `lower`, per word.
    spans: Vec<(u32, u32, u32, u32)>,
}

impl DocWords {
    pub(super) fn new(text: &str) -> Self {
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
    pub(super) fn words(&self) -> impl Iterator<Item = (usize, usize, &str)> + '_ {
        self.spans.iter().map(|&(s, e, ls, le)| {
            (
                s as usize,
                e as usize,
                &self.lower[ls as usize..le as usize],
            )
        })
    }

    pub(super) fn len(&self) -> usize {
        self.spans.len()
    }
}
