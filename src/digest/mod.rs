//! Digest text → papers → [`Document`]s.
//!
//! A digest is a plain-text dump of a paper listing: an optional header block
//! (`new`, `Get trending papers in your email inbox!`, `Subscribe`,
//! `Daily Papers`, `byAK and the research community` and a date line such as
//! `Aug 7`), then, for each paper, a one-line title and an abstract paragraph,
//! separated by blank lines. CRLF and CR-only line endings, a UTF-8 BOM,
//! trailing spaces and runs of blank lines are tolerated; an abstract may wrap
//! over several lines (they are joined with a space).
//!
//! Every error carries the 1-based line it refers to, and [`DigestError`]
//! displays as `path:line: message` once [`DigestError::with_path`] has named
//! the file. What a broken day looks like is caught in `check.rs`; reading
//! many days (an archive) and giving every paper its full date, in
//! `archive.rs`.
//!
//! This module is compiled into `build.rs` as well (through `#[path]`), so it
//! depends on nothing but `std`.

mod archive;
mod check;
mod error;
#[cfg(not(target_arch = "wasm32"))]
pub mod json;

pub use archive::{archive, digest_files, documents, parse_file, slug, warning_lines, Document};
pub use error::{DigestError, DigestErrorKind};

use crate::date::Date;

/// Lines of the listing's page header that carry no paper.
const HEADER_LINES: &[&str] = &[
    "new",
    "Get trending papers in your email inbox!",
    "Subscribe",
    "Daily Papers",
    "byAK and the research community",
];

/// A title longer than this is taken for a misplaced abstract.
pub const MAX_TITLE_CHARS: usize = 500;

/// One paper as it stands in a digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paper {
    /// The title line, trimmed.
    pub title: String,
    /// The abstract paragraph, its lines joined with single spaces.
    pub body: String,
    /// 1-based line of the title in the digest.
    pub line: usize,
    /// Its own address (JSON inputs), a link visitors click.
    pub url: Option<String>,
    /// Its authors (JSON inputs).
    pub authors: Vec<String>,
}

/// A parsed digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Digest {
    /// The digest's date: from its date line (`Aug 7`), with the year when
    /// the line or the file name gives one.
    pub date: Option<Date>,
    /// 1-based line of the date line (0 when there is none).
    pub date_line: usize,
    /// The papers, in digest order.
    pub papers: Vec<Paper>,
    /// What looks odd but may be right (the build goes on and shows them).
    pub warnings: Vec<DigestError>,
}

/// Parses a digest from its raw bytes.
pub fn parse(bytes: &[u8]) -> Result<Digest, DigestError> {
    let text = check_text(bytes)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let paragraphs = paragraphs(text);
    let (date, rest) = header(&paragraphs);
    let (papers, mut warnings) = papers(rest)?;
    if papers.is_empty() {
        let line = rest.first().map_or(1, |(line, _)| *line);
        return Err(DigestError::new(line, DigestErrorKind::NoPapers));
    }
    if date.is_none() {
        warnings.insert(0, DigestError::new(1, DigestErrorKind::NoDate));
    }
    let (date_line, date) = date.map_or((0, None), |(line, d)| (line, Some(d)));
    Ok(Digest {
        date,
        date_line,
        papers,
        warnings,
    })
}

/// The bytes as text: UTF-8, not binary, stray control characters as
/// spaces.
fn check_text(bytes: &[u8]) -> Result<std::borrow::Cow<'_, str>, DigestError> {
    let line_of = |offset: usize| 1 + bytes[..offset].iter().filter(|&&b| b == b'\n').count();
    let text = std::str::from_utf8(bytes)
        .map_err(|e| DigestError::new(line_of(e.valid_up_to()), DigestErrorKind::InvalidUtf8))?;
    // A stray NUL in real text (documentation quoting "\x00") is kept as a
    // space; a file with many is binary, not a digest.
    let nuls = bytes.iter().filter(|&&b| b == 0).count();
    if nuls > 8 && nuls * 100 >= bytes.len() {
        let at = bytes.iter().position(|&b| b == 0).unwrap_or(0);
        return Err(DigestError::new(line_of(at), DigestErrorKind::NulByte));
    }
    let stray = |c: char| c.is_ascii_control() && !"\t\r\n".contains(c);
    if !text.contains(stray) {
        return Ok(text.into());
    }
    Ok(text
        .chars()
        .map(|c| if stray(c) { ' ' } else { c })
        .collect::<String>()
        .into())
}

/// A paragraph: its first line number and its lines, trimmed.
type Paragraph<'a> = (usize, Vec<&'a str>);

/// Paragraphs split on blank lines. CR-only and CRLF endings count as one
/// line break each.
fn paragraphs(text: &str) -> Vec<Paragraph<'_>> {
    let mut paragraphs = Vec::new();
    let mut current: Option<Paragraph> = None;
    for (i, line) in split_lines(text).enumerate() {
        let line = line.trim();
        if line.is_empty() {
            paragraphs.extend(current.take());
        } else {
            current
                .get_or_insert_with(|| (i + 1, Vec::new()))
                .1
                .push(line);
        }
    }
    paragraphs.extend(current.take());
    paragraphs
}

/// The header: known lines, then an optional date line. Returns the date
/// with its line, and the paragraphs after the header.
fn header<'p, 'a>(paragraphs: &'p [Paragraph<'a>]) -> (Option<(usize, Date)>, &'p [Paragraph<'a>]) {
    let mut rest = paragraphs;
    let mut date = None;
    while let Some(((line, lines), tail)) = rest.split_first() {
        let found = (lines.len() == 1 && date.is_none())
            .then(|| Date::parse_line(lines[0]))
            .flatten();
        if lines.len() == 1 && HEADER_LINES.contains(&lines[0]) {
            rest = tail;
        } else if let Some(d) = found {
            date = Some((*line, d));
            rest = tail;
        } else {
            break;
        }
    }
    (date, rest)
}

/// Title and abstract paragraphs, in pairs, and the warnings of what looks
/// odd but may be right.
fn papers(paragraphs: &[Paragraph<'_>]) -> Result<(Vec<Paper>, Vec<DigestError>), DigestError> {
    let mut papers: Vec<Paper> = Vec::new();
    let mut title_like = Vec::new();
    let mut iter = paragraphs.iter();
    while let Some((line, title_lines)) = iter.next() {
        let title = title_of(*line, title_lines)
            .and_then(|title| check::check_title(*line, title).map(|()| title))
            .map_err(|e| abstract_missing_above(e, papers.last()))?;
        let Some((_, body_lines)) = iter.next() else {
            return Err(DigestError::new(
                *line,
                DigestErrorKind::TitleWithoutAbstract(title.to_string()),
            ));
        };
        let body = body_lines.join(" ");
        check::check_body(*line, title, &body)?;
        if check::reads_as_title(&body) {
            title_like.push((*line, title));
        }
        papers.push(Paper {
            title: title.to_string(),
            body,
            line: *line,
            url: None,
            authors: Vec::new(),
        });
    }
    let warnings = title_like.first().map(|&(line, title)| {
        let kind = DigestErrorKind::TitleAsAbstract(title.to_string(), title_like.len());
        DigestError::new(line, kind)
    });
    Ok((papers, warnings.into_iter().collect()))
}

/// A paragraph that cannot be a title (an abstract, most often) after a
/// paper whose "abstract" reads as a title: that paper's abstract is what
/// went missing, its "abstract" being the next paper's title. Said at the
/// paper that lost it, by its name.
fn abstract_missing_above(error: DigestError, before: Option<&Paper>) -> DigestError {
    match before {
        Some(paper) if check::reads_as_title(&paper.body) => DigestError::new(
            paper.line,
            DigestErrorKind::TitleWithoutAbstract(paper.title.clone()),
        ),
        _ => error,
    }
}

/// The paragraph as a title: one line, not too long.
fn title_of<'a>(line: usize, lines: &[&'a str]) -> Result<&'a str, DigestError> {
    let why = if lines.len() > 1 {
        "this paragraph has several lines, but a title is one line followed by a blank line"
    } else if lines[0].chars().count() > MAX_TITLE_CHARS {
        "this line is too long for a title; is an abstract missing its title?"
    } else {
        return Ok(lines[0]);
    };
    Err(DigestError::new(line, DigestErrorKind::NotATitle(why)))
}

/// Splits on `\r\n`, `\n` and lone `\r`.
fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let s = rest?;
        match s.find(['\r', '\n']) {
            Some(i) => {
                let skip = if s[i..].starts_with("\r\n") { 2 } else { 1 };
                rest = Some(&s[i + skip..]);
                Some(&s[..i])
            }
            None => {
                rest = None;
                Some(s)
            }
        }
    })
}
