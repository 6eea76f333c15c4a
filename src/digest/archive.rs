//! Many digests as one site: the digest files of a folder, each day's full
//! date, and the [`Document`]s with stable ids.
//!
//! A site publishes a digest a day; its archive is a folder of them, best
//! named by ISO date (`2024-12-31.txt`), as the listing's own date line has
//! no year. A lone digest may have no year (its papers show "Aug 7"); in an
//! archive every day needs a full date, or the order of a year's last and
//! next days would be wrong.

use std::path::{Path, PathBuf};

use crate::date::Date;

use super::{parse, Digest, DigestError, DigestErrorKind};

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
    /// The date of the digest it came from (`None` when it had none).
    pub date: Option<Date>,
    /// Where a result links: the paper's own address, or its place on the
    /// site's pages (`days/2024-12-31.html#id`, relative to the index);
    /// `None`: its anchor on the digest page (`#id`).
    pub url: Option<String>,
    /// Its authors (empty when the digest names none).
    pub authors: Vec<String>,
}

/// The extensions of digest files in a folder.
const DIGESTS: [&str; 3] = ["txt", "jsonl", "json"];

/// Reads and parses a digest file; errors and warnings name the file. An
/// ISO date in the file name (`2024-08-07.txt`) gives the digest its date
/// and year, and must agree with its date line.
pub fn parse_file(path: &Path) -> Result<Digest, DigestError> {
    let shown = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| {
        DigestError::new(1, DigestErrorKind::Unreadable(e.to_string())).with_path(shown.clone())
    })?;
    let mut digest = parse_as(path, &bytes).map_err(|e| e.with_path(shown.clone()))?;
    let name = path.file_name().and_then(|n| n.to_str());
    if let Some(file) = name.and_then(Date::in_file_name) {
        if let Some(line) = digest.date.filter(|l| !agrees(file, *l)) {
            let kind = DigestErrorKind::DateMismatch { file, line };
            return Err(DigestError::new(digest.date_line, kind).with_path(shown));
        }
        digest.date = Some(file);
        digest
            .warnings
            .retain(|w| w.kind != DigestErrorKind::NoDate);
    }
    for warning in &mut digest.warnings {
        warning.path = Some(shown.clone());
    }
    Ok(digest)
}

/// A digest's bytes, by its file's extension: JSON Lines (`.jsonl`), a
/// daily-papers listing (`.json`), or the text dump (anything else).
#[cfg(not(target_arch = "wasm32"))]
fn parse_as(path: &Path, bytes: &[u8]) -> Result<Digest, DigestError> {
    let json = |parse: fn(&str) -> Result<Digest, DigestError>| {
        let text = std::str::from_utf8(bytes)
            .map_err(|_| DigestError::new(1, DigestErrorKind::InvalidUtf8))?;
        parse(text.strip_prefix('\u{feff}').unwrap_or(text))
    };
    match path.extension().and_then(|x| x.to_str()) {
        Some("jsonl") => json(super::json::parse_jsonl),
        Some("json") => json(super::json::parse_listing),
        _ => parse(bytes),
    }
}

/// The wasm reads no digest files (the JSON readers are native only).
#[cfg(target_arch = "wasm32")]
fn parse_as(_: &Path, bytes: &[u8]) -> Result<Digest, DigestError> {
    parse(bytes)
}

/// Whether a date line agrees with the file name's date.
fn agrees(file: Date, line: Date) -> bool {
    (line.month, line.day) == (file.month, file.day) && (!line.has_year() || line.year == file.year)
}

/// The digest files `paths` name: files as they are, and the digests of
/// folders (`*.txt`, `*.jsonl`, `*.json`), by name.
pub fn digest_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, DigestError> {
    let mut files = Vec::new();
    for path in paths {
        if !path.is_dir() {
            files.push(path.clone());
            continue;
        }
        let unreadable = |why: String| {
            DigestError::new(1, DigestErrorKind::Unreadable(why))
                .with_path(path.display().to_string())
        };
        let entries = std::fs::read_dir(path).map_err(|e| unreadable(e.to_string()))?;
        let mut found: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.is_file()
                    && p.extension()
                        .is_some_and(|x| DIGESTS.iter().any(|d| x == *d))
            })
            .collect();
        if found.is_empty() {
            return Err(unreadable(
                "no digest (*.txt, *.jsonl, *.json) in this folder".to_string(),
            ));
        }
        found.sort();
        files.extend(found);
    }
    Ok(files)
}

/// The digests of a site, oldest first: every file of `paths` (folders
/// expanded), each day with its full date, from its file name, its date
/// line, or `year`. One digest may go without a year, or a date; an archive
/// of several may not.
pub fn archive(paths: &[PathBuf], year: Option<u16>) -> Result<Vec<Digest>, DigestError> {
    let files = digest_files(paths)?;
    let mut digests: Vec<(&PathBuf, Digest)> = Vec::with_capacity(files.len());
    for file in &files {
        let mut digest = parse_file(file)?;
        if let (Some(date), Some(year)) = (digest.date, year) {
            if !date.has_year() {
                let day = date.in_year(year).ok_or_else(|| {
                    let kind = DigestErrorKind::NotADay(date, year);
                    DigestError::new(digest.date_line, kind).with_path(file.display().to_string())
                })?;
                digest.date = Some(day);
            }
        }
        if files.len() > 1 {
            let missing = match digest.date {
                None => Some((1, DigestErrorKind::NoDate)),
                Some(d) if !d.has_year() => Some((digest.date_line, DigestErrorKind::NoYear(d))),
                Some(_) => None,
            };
            if let Some((line, kind)) = missing {
                return Err(DigestError::new(line, kind).with_path(file.display().to_string()));
            }
        }
        digests.push((file, digest));
    }
    digests.sort_by_key(|(_, d)| d.date);
    refuse_shared_days(&digests)?;
    Ok(digests.into_iter().map(|(_, d)| d).collect())
}

/// Two digests of the same day would merge into one page silently: an
/// error naming both (a file and its copy, or two listings of one day).
fn refuse_shared_days(digests: &[(&PathBuf, Digest)]) -> Result<(), DigestError> {
    for pair in digests.windows(2) {
        let [(first, a), (second, b)] = pair else {
            continue;
        };
        if let Some(day) = b.date.filter(|_| a.date == b.date) {
            let kind = DigestErrorKind::SameDay(day, first.display().to_string());
            return Err(
                DigestError::new(b.date_line.max(1), kind).with_path(second.display().to_string())
            );
        }
    }
    Ok(())
}

/// The warnings of `digests` to show: the first `max`, then how many more
/// (an archive of a thousand days should not print a thousand lines).
pub fn warning_lines(digests: &[Digest], max: usize) -> Vec<String> {
    let all: Vec<&DigestError> = digests.iter().flat_map(|d| &d.warnings).collect();
    let mut lines: Vec<String> = all.iter().take(max).map(|w| w.to_string()).collect();
    if all.len() > max {
        lines.push(format!(
            "… and {} more warnings like these",
            all.len() - max
        ));
    }
    lines
}

/// Turns parsed digests into documents with stable, unique ids.
///
/// A paper that appears in several digests with the same title and abstract
/// is kept once, with the first digest's date. Two different papers with the
/// same title slug get `-2`, `-3`, … in digest order, so ids are deterministic
/// (and, for an archive read oldest first, stable as days are added).
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
                date: digest.date,
                url: paper.url.clone(),
                authors: paper.authors.clone(),
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
