//! What a caller can set: ranking [`Params`] and per-query [`Options`].

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
}

impl Default for Options {
    fn default() -> Self {
        Options {
            limit: 10,
            sort: Sort::Relevance,
            from: None,
            to: None,
            facets: Vec::new(),
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
