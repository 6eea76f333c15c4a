//! Digests as JSON, beside the text dump (native only: serde_json never
//! reaches the wasm):
//!
//! - JSON Lines (`2025-01-15.jsonl`): one paper a line,
//!   `{"title", "abstract", "url"?, "authors"?: [names], "date"?}`; a
//!   `date` must agree with the file name's, and with the other lines'.
//! - The Hugging Face daily-papers listing (`2025-01-15.json`): an array of
//!   `{"paper": {"id", "title", "summary", "authors": [{"name"}], …}}`; the
//!   abstract is `summary`, the link `https://huggingface.co/papers/<id>`.
//!   (`publishedAt` is the paper's own date, not the listing's: the file
//!   name gives the day.)
//!
//! Errors name the line (of a JSON Lines file, or where a listing's entry
//! starts) like a text digest's. A `url` becomes a link visitors click, so
//! only `http:`/`https:` addresses and relative paths are taken.

use serde_json::value::RawValue;
use serde_json::Value;

use super::error::{DigestError, DigestErrorKind};
use super::{Digest, Paper};
use crate::date::Date;

/// The address papers of the Hugging Face listing link to, before the id.
pub const LISTING_PAPERS: &str = "https://huggingface.co/papers/";

/// A JSON Lines digest: one paper a line; blank lines are skipped.
pub fn parse_jsonl(text: &str) -> Result<Digest, DigestError> {
    let mut papers = Vec::new();
    let mut dated: Option<(usize, Date)> = None;
    for (i, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let n = i + 1;
        let value: Value =
            serde_json::from_str(line).map_err(|e| bad(n, format!("not JSON: {e}")))?;
        let paper = paper_of(n, &value, "abstract")?;
        if let Some(text) = value.get("date").filter(|d| !d.is_null()) {
            let day = text.as_str().and_then(Date::parse_iso).ok_or_else(|| {
                bad(
                    n,
                    format!("\"date\" {text} is not a day like \"2025-01-15\""),
                )
            })?;
            match dated {
                Some((first, other)) if other != day => {
                    let why = format!(
                        "\"date\" {} differs from line {first}'s {}",
                        day.iso(),
                        other.iso()
                    );
                    return Err(bad(n, why));
                }
                None => dated = Some((n, day)),
                Some(_) => {}
            }
        }
        papers.push(paper);
    }
    digest(papers, dated)
}

/// The Hugging Face daily-papers listing: an array of `{"paper": {…}}`.
pub fn parse_listing(text: &str) -> Result<Digest, DigestError> {
    let entries: Vec<&RawValue> = serde_json::from_str(text).map_err(|e| {
        let why = format!("not a daily-papers listing (a JSON array of {{\"paper\": …}}): {e}");
        bad(e.line().max(1), why)
    })?;
    let mut papers = Vec::with_capacity(entries.len());
    for (k, raw) in entries.iter().enumerate() {
        let n = line_of(text, raw.get());
        let entry: Value = serde_json::from_str(raw.get()).map_err(|e| bad(n, e.to_string()))?;
        let paper = entry
            .get("paper")
            .filter(|p| p.is_object())
            .ok_or_else(|| bad(n, format!("entry {} has no \"paper\" object", k + 1)))?;
        let mut found = paper_of(n, paper, "summary")?;
        let id = text_field(n, paper, "id")?;
        found.url = Some(format!("{LISTING_PAPERS}{}", encode_id(&id)));
        found.authors = names(n, paper.get("authors"))?;
        papers.push(found);
    }
    digest(papers, None)
}

fn digest(papers: Vec<Paper>, dated: Option<(usize, Date)>) -> Result<Digest, DigestError> {
    if papers.is_empty() {
        return Err(DigestError::new(1, DigestErrorKind::NoPapers));
    }
    Ok(Digest {
        date: dated.map(|(_, d)| d),
        date_line: dated.map_or(0, |(n, _)| n),
        papers,
        warnings: Vec::new(),
    })
}

/// A paper from an object with `title`, an abstract at `abstract_key`, and
/// optionally `url` and `authors` (names, or `{"name"}` objects).
fn paper_of(line: usize, value: &Value, abstract_key: &str) -> Result<Paper, DigestError> {
    if !value.is_object() {
        return Err(bad(line, "expected a JSON object, one paper".to_string()));
    }
    let title = text_field(line, value, "title")?;
    let body = text_field(line, value, abstract_key)?;
    let url = match value.get("url").filter(|u| !u.is_null()) {
        None => None,
        Some(Value::String(url)) => Some(check_url(line, url.trim())?),
        Some(other) => return Err(bad(line, format!("\"url\" {other} is not a string"))),
    };
    Ok(Paper {
        title: one_line(&title),
        body: one_line(&body),
        line,
        url,
        authors: names(line, value.get("authors"))?,
    })
}

/// A field that must be a non-empty string.
fn text_field(line: usize, value: &Value, key: &str) -> Result<String, DigestError> {
    match value.get(key) {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s.clone()),
        Some(Value::Number(n)) if key == "id" => Ok(n.to_string()),
        Some(Value::String(_)) => Err(bad(line, format!("\"{key}\" is empty"))),
        Some(other) if !other.is_null() => Err(bad(line, format!("\"{key}\" {other} is not text"))),
        _ => Err(bad(line, format!("no \"{key}\""))),
    }
}

/// Authors: an array of names, or of `{"name": …}` objects.
fn names(line: usize, value: Option<&Value>) -> Result<Vec<String>, DigestError> {
    let Some(value) = value.filter(|v| !v.is_null()) else {
        return Ok(Vec::new());
    };
    let list = value
        .as_array()
        .ok_or_else(|| bad(line, "\"authors\" is not a list of names".to_string()))?;
    let mut out = Vec::with_capacity(list.len());
    for author in list {
        let name = match author {
            Value::String(s) => s.as_str(),
            Value::Object(o) => o.get("name").and_then(Value::as_str).unwrap_or(""),
            _ => "",
        };
        if name.trim().is_empty() {
            return Err(bad(line, format!("author {author} has no name")));
        }
        out.push(one_line(name));
    }
    Ok(out)
}

/// A link visitors may click: `http:`/`https:`, or a relative path (no
/// other scheme: `javascript:`, `data:` and the like are refused).
pub fn check_url(line: usize, url: &str) -> Result<String, DigestError> {
    let scheme = url.split_once(':').map(|(s, _)| s).filter(|s| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
    });
    let lower = url.to_ascii_lowercase();
    let fine = match scheme {
        Some(_) => lower.starts_with("http://") || lower.starts_with("https://"),
        None => !url.starts_with("//"),
    };
    let odd = |c: char| c.is_control() || c.is_whitespace() || c == '\\';
    if url.is_empty() || !fine || url.chars().any(odd) {
        return Err(bad(
            line,
            format!("\"url\" {url:?} is not an http(s) address or a relative path"),
        ));
    }
    Ok(url.to_string())
}

/// A listing's paper id in a path: arXiv ids are `2501.01234`; anything
/// else is percent-encoded.
fn encode_id(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for b in id.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'.' | b'-' | b'_' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Text as one line: runs of white space become single spaces.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The 1-based line of `text` at which `part` (a slice of it) starts.
fn line_of(text: &str, part: &str) -> usize {
    let at = (part.as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
    text.as_bytes()[..at.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

fn bad(line: usize, why: String) -> DigestError {
    DigestError::new(line, DigestErrorKind::Json(why))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_lines_give_papers_with_links_and_authors() {
        let text = concat!(
            r#"{"title": "A <b>&", "abstract": "Its\n abstract.", "url": "https://arxiv.org/abs/1", "authors": ["Ada L.", "B. C."], "date": "2025-01-15"}"#,
            "\n\n",
            r#"{"title": "B", "abstract": "More.", "url": "papers/b.html"}"#,
            "\n"
        );
        let d = parse_jsonl(text).unwrap();
        assert_eq!(d.date.map(|d| d.iso()).as_deref(), Some("2025-01-15"));
        assert_eq!(d.papers[0].title, "A <b>&");
        assert_eq!(d.papers[0].body, "Its abstract.");
        assert_eq!(d.papers[0].authors, ["Ada L.", "B. C."]);
        assert_eq!(d.papers[1].url.as_deref(), Some("papers/b.html"));
        assert_eq!(d.papers[1].line, 3);
    }

    #[test]
    fn bad_lines_are_named() {
        for (text, line, says) in [
            (
                "{\"title\": \"A\", \"abstract\": \"x\"}\nnot json\n",
                2,
                "not JSON",
            ),
            ("{\"title\": \"A\"}\n", 1, "no \"abstract\""),
            ("{\"abstract\": \"x\"}\n", 1, "no \"title\""),
            (
                "{\"title\": \"A\", \"abstract\": \"x\", \"url\": \"javascript:alert(1)\"}\n",
                1,
                "not an http(s)",
            ),
            (
                "{\"title\": \"A\", \"abstract\": \"x\", \"url\": \"data:text/html,x\"}\n",
                1,
                "not an http(s)",
            ),
            (
                "{\"title\": \"A\", \"abstract\": \"x\", \"url\": \"//evil.example/x\"}\n",
                1,
                "not an http(s)",
            ),
            (
                "{\"title\": \"A\", \"abstract\": \"x\", \"date\": \"Jan 5\"}\n",
                1,
                "not a day",
            ),
            (
                r#"{"title": "A", "abstract": "x", "url": "/\\evil.example/x"}"#,
                1,
                "not an http(s)",
            ),
            ("[1]\n", 1, "expected a JSON object"),
        ] {
            let e = parse_jsonl(text).unwrap_err();
            assert_eq!(e.line, line, "{text}");
            assert!(e.to_string().contains(says), "{e} for {text}");
        }
    }

    #[test]
    fn a_listing_links_each_paper_to_its_page() {
        let text = r#"[
  {"paper": {"id": "2501.01234", "title": "T1", "summary": "S1.", "authors": [{"name": "Ann"}, {"name": "Bo"}], "publishedAt": "2025-01-10T00:00:00.000Z"}},
  {"paper": {"id": "2501.05678", "title": "T2", "summary": "S2."}}
]"#;
        let d = parse_listing(text).unwrap();
        assert_eq!(d.papers.len(), 2);
        assert_eq!(
            d.papers[0].url.as_deref(),
            Some("https://huggingface.co/papers/2501.01234")
        );
        assert_eq!(d.papers[0].authors, ["Ann", "Bo"]);
        assert_eq!(d.papers[1].line, 3);
        let e = parse_listing("[\n{\"paper\": {\"id\": \"1\", \"title\": \"T\"}}\n]").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.to_string().contains("no \"summary\""), "{e}");
        assert!(parse_listing("{\"papers\": []}").is_err());
        assert!(parse_listing("[]").is_err(), "no papers");
    }
}
