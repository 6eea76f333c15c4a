//! What a caller can set: ranking [`Params`] and per-query [`Options`].

/// Ranking parameters.
#[derive(Debug, Clone, Copy)]
pub struct Params {
    /// Field weights: title, abstract, authors. A name among the authors
    /// says more than the same word in an abstract (a paper by Hinton
    /// rather than one citing him) and less than in a title (for a word
    /// that is a name and a topic, "hinton diagrams" outranks a paper by
    /// Hinton: `tests/authors.rs`). Default digests name no authors, so
    /// the judged sets do not see this weight.
    pub field_weight: [f64; 3],
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
    /// How much meaning adds, at most, relative to the best lexical score
    /// (when no document matches any query word; see `meaning.rs`).
    pub meaning: f64,
    /// A document found by meaning alone needs at least this share of the
    /// best meaning score to join the results. With the second
    /// generation's lists (nearly every word lists its 32 closest papers)
    /// 0.6 rather than 0.35 shows fewer papers found by meaning alone (a
    /// description in the README counts 51 of the default digest's 64
    /// papers instead of 54, most of them holding one of its words), and
    /// no judged set moved by more than 0.002.
    pub meaning_join: f64,
    /// A long query (four words or more, all held by some document)
    /// matches only the documents scoring at least this share of its
    /// best: a pasted title counts the papers that share much of it, not
    /// every paper sharing one word. The best ten always stay, so the
    /// first page ranks as before. On 40 long queries of a 45-day archive
    /// (990 papers, `make-archive.py` over scale-1k) 0.05 made the counts
    /// 10-103 instead of 113-650 (1-103 without the ten kept).
    pub long_floor: f64,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            field_weight: [3.0, 1.0, 2.0],
            k1: 1.2,
            prefix: 0.8,
            fuzzy: 0.45,
            phrase: 1.5,
            exact: 0.1,
            meaning: 3.0,
            meaning_join: 0.6,
            long_floor: 0.05,
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

/// Dates from `from` to `to`, both included, as [`Date::key`](crate::date::Date::key)s; an end
/// left `None` is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DateRange {
    /// The first date, or none.
    pub from: Option<u32>,
    /// The last date, or none.
    pub to: Option<u32>,
}

impl DateRange {
    /// Whether a date's key is in the range.
    pub fn contains(&self, key: u32) -> bool {
        self.from.is_none_or(|f| key >= f) && self.to.is_none_or(|t| key <= t)
    }
}

/// Search options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Most hits returned.
    pub limit: usize,
    /// Order of the hits.
    pub sort: Sort,
    /// Only papers from digests dated on or after this [`Date::key`](crate::date::Date::key).
    pub from: Option<u32>,
    /// Only papers from digests dated on or before this [`Date::key`](crate::date::Date::key).
    pub to: Option<u32>,
    /// Date ranges to count the query's matches in ([`Results::facets`](super::Results::facets)),
    /// whatever `from` and `to` say: the counts a date filter shows.
    pub facets: Vec<DateRange>,
    /// Rank by meaning too, when the index has it (default on).
    pub meaning: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            limit: 10,
            sort: Sort::Relevance,
            from: None,
            to: None,
            facets: Vec::new(),
            meaning: true,
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

/// Options that cannot be used with an index: a date without a year (such
/// as "Aug 7") to filter an index whose papers' dates have years, which
/// would match every paper or none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YearlessDate {
    /// The option: `from`, `to` or `facets`.
    pub option: &'static str,
    /// The date given, as its key.
    pub key: u32,
}

impl std::fmt::Display for YearlessDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let date = crate::date::Date::from_key(self.key);
        let shown = date.map_or(String::new(), |d| d.display());
        write!(
            f,
            "{}: \"{shown}\" has no year, and this index's dates have years: write it as {}",
            self.option,
            date.and_then(|d| d.in_year(2024))
                .map_or(String::new(), |d| d.iso())
        )
    }
}

impl std::error::Error for YearlessDate {}

impl Options {
    /// The first date bound without a year, when `dated` (the index's dates
    /// have years).
    pub fn yearless(&self, dated: bool) -> Result<(), YearlessDate> {
        let facets = self.facets.iter().flat_map(|r| [r.from, r.to]);
        let bounds = [("from", self.from), ("to", self.to)].into_iter();
        let all = bounds.chain(facets.map(|k| ("facets", k)));
        match all
            .filter_map(|(o, k)| Some((o, k?)))
            .find(|&(_, k)| k < 10_000)
        {
            Some((option, key)) if dated => Err(YearlessDate { option, key }),
            _ => Ok(()),
        }
    }
}
