//! What a search returns: [`Answer`], [`Results`], [`Hit`]s with their
//! [`Excerpt`]s and [`Highlight`]s, serialised as the wasm's JSON.

use serde::Serialize;

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
    /// Its authors (empty when the digest names none).
    pub authors: Vec<String>,
    /// Ranges of the title that matched, in UTF-16 code units.
    pub title_highlights: Vec<Highlight>,
    /// Where the paper is read: its own address, or its place on the site's
    /// pages (`days/2024-08-07.html#<id>`, relative to the index file); for
    /// an index built without pages, its anchor on the digest page, `#<id>`.
    pub url: String,
    /// Date of its digest, ISO 8601 (`2024-08-07`, or `--08-07` when the
    /// digest's date has no year), or empty.
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
    /// How many documents match in each of [`super::Options::facets`]'
    /// date ranges, in order (whatever the options' own dates). With a
    /// phrase, counted before the phrase is checked on text.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub facets: Vec<usize>,
    /// Meaning shards still to add (with [`super::Engine::add_part`]):
    /// these results are ranked by the words alone. Search again once they
    /// are added, for the results ranked with meaning.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pending: Vec<String>,
}

/// What a search gives: the results, or the files of a split index to add
/// (with [`super::Engine::add_part`]) before the query can be answered.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// The query is answered.
    Ready(Results),
    /// These files are needed first; search again once they are added.
    Missing(Vec<String>),
}

impl Answer {
    /// The results, or `None` while files are missing.
    pub fn ready(self) -> Option<Results> {
        match self {
            Answer::Ready(r) => Some(r),
            Answer::Missing(_) => None,
        }
    }
}
