//! [`DigestError`]: what is wrong with a digest, at which line of which
//! file, and what to do about it. The same type carries the warnings of a
//! digest that builds but looks odd ([`super::Digest::warnings`]).

use std::fmt;

use crate::date::Date;

/// What is wrong with a digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DigestErrorKind {
    /// The bytes are not UTF-8.
    InvalidUtf8,
    /// Many NUL bytes: the file is binary, not a digest.
    NulByte,
    /// No paper at all after the header.
    NoPapers,
    /// A title with no abstract: the last paragraph of the file, or one
    /// whose "abstract" is the next paper's title (the next paragraph in
    /// a title's place then reads as an abstract).
    TitleWithoutAbstract(String),
    /// A paragraph in the place of a title that cannot be one.
    NotATitle(&'static str),
    /// A paragraph in the place of a title that reads as an abstract (this
    /// many sentences).
    AbstractAsTitle(usize),
    /// A date line where the abstract of this title should be: the title is
    /// likely a header line this parser does not know.
    DateAsAbstract(String),
    /// Abstracts that read as titles (a warning: short, no sentence end):
    /// the title of the first, and how many.
    TitleAsAbstract(String, usize),
    /// No date line (a warning for a lone digest, an error in an archive
    /// unless the file name carries the date).
    NoDate,
    /// A date without a year, in an archive.
    NoYear(Date),
    /// A second digest of a day another file already holds (that file).
    SameDay(Date, String),
    /// `--year` makes this date a day that does not exist (29 February).
    NotADay(Date, u16),
    /// The file name's date and the date line disagree.
    DateMismatch {
        /// From the file name.
        file: Date,
        /// From the date line.
        line: Date,
    },
    /// The file could not be read.
    Unreadable(String),
    /// A JSON digest (JSON Lines, or a daily-papers listing) that is not
    /// what it should be: why.
    Json(String),
}

/// A digest error: file, line and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestError {
    /// The file, once known (see [`DigestError::with_path`]).
    pub path: Option<String>,
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub kind: DigestErrorKind,
}

impl DigestError {
    pub(super) fn new(line: usize, kind: DigestErrorKind) -> Self {
        DigestError {
            path: None,
            line,
            kind,
        }
    }

    /// Names the file the error is about.
    pub fn with_path(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }
}

impl fmt::Display for DigestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path.as_deref().unwrap_or("<digest>");
        write!(f, "{path}:{}: {}", self.line, self.kind)
    }
}

impl fmt::Display for DigestErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DigestErrorKind::InvalidUtf8 => write!(f, "invalid UTF-8; a digest must be UTF-8 text"),
            DigestErrorKind::NulByte => {
                write!(f, "NUL bytes; this looks like a binary file, not a digest")
            }
            DigestErrorKind::NoPapers => write!(
                f,
                "no papers found; expected a title line followed by an abstract paragraph"
            ),
            DigestErrorKind::TitleWithoutAbstract(title) => {
                write!(f, "title \"{}\" has no abstract", shorten(title, 80))
            }
            DigestErrorKind::NotATitle(why) => write!(f, "expected a paper title: {why}"),
            DigestErrorKind::AbstractAsTitle(sentences) => write!(
                f,
                "expected a paper title, found {sentences} sentences; \
                 is a title or an abstract missing before it?"
            ),
            DigestErrorKind::DateAsAbstract(title) => write!(
                f,
                "a date line where the abstract of \"{}\" should be; if that is a header \
                 line, remove it (known header lines: {})",
                shorten(title, 60),
                super::HEADER_LINES.join(", ")
            ),
            DigestErrorKind::TitleAsAbstract(title, n) => title_as_abstract(f, title, *n),
            DigestErrorKind::NoDate => write!(
                f,
                "no date line (such as \"Aug 7\"); name the file by its date \
                 (2024-08-07.txt) or add one after the header"
            ),
            DigestErrorKind::NoYear(date) => no_year(f, *date),
            DigestErrorKind::Json(why) => write!(f, "{why}"),
            DigestErrorKind::SameDay(date, other) => write!(
                f,
                "{} is also the day of {other}: one digest a day (merge them, or fix a date)",
                date.iso()
            ),
            DigestErrorKind::NotADay(date, year) => write!(
                f,
                "\"{}\" is not a day of {year}; name the file by its ISO date or write \
                 the year in its date line",
                date.display()
            ),
            DigestErrorKind::DateMismatch { file, line } => write!(
                f,
                "the file name says {} but the date line says \"{}\"",
                file.iso(),
                line.display()
            ),
            DigestErrorKind::Unreadable(why) => write!(f, "cannot read the digest: {why}"),
        }
    }
}

fn title_as_abstract(f: &mut fmt::Formatter<'_>, title: &str, n: usize) -> fmt::Result {
    let more = match n {
        1 => String::new(),
        n => format!(" and {} more", n - 1),
    };
    write!(
        f,
        "the abstract of \"{}\"{more} reads as a title (short, no sentence end); \
         check that no abstract is missing",
        shorten(title, 60)
    )
}

fn no_year(f: &mut fmt::Formatter<'_>, date: Date) -> fmt::Result {
    let example = date.in_year(2024).unwrap_or(date);
    write!(
        f,
        "the date \"{}\" has no year, and an archive needs full dates: name the file by its \
         ISO date ({}.txt), write the year in the date line (\"{}\"), or pass --year",
        date.display(),
        example.iso(),
        example.display()
    )
}

impl std::error::Error for DigestError {}

/// `s` cut to `max_chars` characters, with `…` where it was cut.
pub(super) fn shorten(s: &str, max_chars: usize) -> String {
    match s.char_indices().nth(max_chars) {
        Some((cut, _)) => format!("{}…", &s[..cut]),
        None => s.to_string(),
    }
}
