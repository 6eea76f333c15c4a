//! Digest text → papers.
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
//! the file.
//!
//! This module is compiled into `build.rs` as well (through `#[path]`), so it
//! depends on nothing but `std`.

use std::fmt;

use crate::date::is_date_line;

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
}

/// A parsed digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Digest {
    /// The date line of the header (`Aug 7`), if the digest has one.
    pub date: Option<String>,
    /// The papers, in digest order.
    pub papers: Vec<Paper>,
}

/// What is wrong with a digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DigestErrorKind {
    /// The bytes are not UTF-8.
    InvalidUtf8,
    /// Many NUL bytes: the file is binary, not a digest.
    NulByte,
    /// No paper at all after the header.
    NoPapers,
    /// A title that is the last paragraph of the file.
    TitleWithoutAbstract(String),
    /// A paragraph in the place of a title that cannot be one.
    NotATitle(&'static str),
    /// The file could not be read.
    Unreadable(String),
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
    fn new(line: usize, kind: DigestErrorKind) -> Self {
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
        write!(f, "{path}:{}: ", self.line)?;
        match &self.kind {
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
            DigestErrorKind::Unreadable(why) => write!(f, "cannot read the digest: {why}"),
        }
    }
}

impl std::error::Error for DigestError {}

fn shorten(s: &str, max_chars: usize) -> String {
    match s.char_indices().nth(max_chars) {
        Some((cut, _)) => format!("{}…", &s[..cut]),
        None => s.to_string(),
    }
}

/// Parses a digest from its raw bytes.
pub fn parse(bytes: &[u8]) -> Result<Digest, DigestError> {
    let text = check_text(bytes)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let paragraphs = paragraphs(text);
    let (date, rest) = header(&paragraphs);
    let papers = papers(rest)?;
    if papers.is_empty() {
        let line = rest.first().map_or(1, |(line, _)| *line);
        return Err(DigestError::new(line, DigestErrorKind::NoPapers));
    }
    Ok(Digest { date, papers })
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
/// and the paragraphs after the header.
fn header<'p, 'a>(paragraphs: &'p [Paragraph<'a>]) -> (Option<String>, &'p [Paragraph<'a>]) {
    let mut rest = paragraphs;
    let mut date = None;
    while let Some(((_, lines), tail)) = rest.split_first() {
        if lines.len() == 1 && HEADER_LINES.contains(&lines[0]) {
            rest = tail;
        } else if lines.len() == 1 && date.is_none() && is_date_line(lines[0]) {
            date = Some(lines[0].to_string());
            rest = tail;
        } else {
            break;
        }
    }
    (date, rest)
}

/// Title and abstract paragraphs, in pairs.
fn papers(paragraphs: &[Paragraph<'_>]) -> Result<Vec<Paper>, DigestError> {
    let mut papers = Vec::new();
    let mut iter = paragraphs.iter();
    while let Some((line, title_lines)) = iter.next() {
        let title = title_of(*line, title_lines)?;
        let Some((_, body_lines)) = iter.next() else {
            return Err(DigestError::new(
                *line,
                DigestErrorKind::TitleWithoutAbstract(title.to_string()),
            ));
        };
        papers.push(Paper {
            title: title.to_string(),
            body: body_lines.join(" "),
            line: *line,
        });
    }
    Ok(papers)
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

/// Reads and parses a digest file; errors name the file.
pub fn parse_file(path: &std::path::Path) -> Result<Digest, DigestError> {
    let shown = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| {
        DigestError::new(1, DigestErrorKind::Unreadable(e.to_string())).with_path(shown.clone())
    })?;
    parse(&bytes).map_err(|e| e.with_path(shown))
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

/// A paper ready to index: a stable id, and the date of its digest. The
/// one document type: the index stores it (text in doc shards, dates in the
/// root) and the engine shows it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Document {
    /// Slug of the title, unique within the build; the page anchor.
    pub id: String,
    /// The title.
    pub title: String,
    /// The abstract.
    pub body: String,
    /// The date of the digest it came from (empty when it had none).
    pub date: String,
}

/// Turns parsed digests into documents with stable, unique ids.
///
/// A paper that appears in several digests with the same title and abstract
/// is kept once, with the first digest's date. Two different papers with the
/// same title slug get `-2`, `-3`, … in digest order, so ids are deterministic.
pub fn documents(digests: &[Digest]) -> Vec<Document> {
    let mut seen_papers = std::collections::HashSet::new();
    let mut taken = std::collections::HashSet::new();
    let mut docs = Vec::new();
    for digest in digests {
        for paper in &digest.papers {
            if !seen_papers.insert((paper.title.as_str(), paper.body.as_str())) {
                continue;
            }
            let base = slug(&paper.title);
            let mut id = base.clone();
            let mut n = 2;
            while !taken.insert(id.clone()) {
                id = format!("{base}-{n}");
                n += 1;
            }
            docs.push(Document {
                id,
                title: paper.title.clone(),
                body: paper.body.clone(),
                date: digest.date.clone().unwrap_or_default(),
            });
        }
    }
    docs
}

/// Lower-case ASCII letters and digits joined by single dashes, at most 80
/// bytes; `paper` when the title has none (a title in CJK, say).
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
            if out.len() >= 80 {
                break;
            }
        } else {
            dash = true;
        }
    }
    if out.is_empty() {
        out.push_str("paper");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_plain_ascii() {
        assert_eq!(
            slug("GPipe: Efficient Training of Giant Neural Networks"),
            "gpipe-efficient-training-of-giant-neural-networks"
        );
        assert_eq!(slug("  --Layer   Normalization!! "), "layer-normalization");
        assert_eq!(slug("深度学习"), "paper");
        assert!(slug(&"word ".repeat(100)).len() <= 84);
    }
}
