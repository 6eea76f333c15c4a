//! What a daily pipeline gets wrong, caught before it is indexed: a
//! "title" that reads as an abstract (an abstract went missing above it, so
//! titles and abstracts are out of step), an "abstract" that reads as a
//! title, a Markdown heading, a header line this parser does not know
//! (followed by the date line, which then reads as its abstract).
//!
//! The thresholds were checked on the default digest and the 1k, 10k and
//! 50k corpora: no real title reads as an abstract, while every abstract of
//! the daily listing has at least four sentence breaks.

use crate::date::is_date_line;

use super::error::{DigestError, DigestErrorKind};

/// A title with this many sentence breaks or more, and longer than
/// [`PROSE_CHARS`], is an abstract.
const PROSE_BREAKS: usize = 3;
/// See [`PROSE_BREAKS`].
const PROSE_CHARS: usize = 150;
/// An abstract shorter than this with no sentence end reads as a title.
const TITLE_CHARS: usize = 100;

/// Sentence breaks: `.`, `!` or `?`, a space, then a capital letter.
fn sentence_breaks(text: &str) -> usize {
    let b = text.as_bytes();
    (0..b.len().saturating_sub(2))
        .filter(|&i| b"!.?".contains(&b[i]) && b[i + 1] == b' ' && b[i + 2].is_ascii_uppercase())
        .count()
}

/// Whether an abstract reads as a title: short, with no sentence end.
pub(super) fn reads_as_title(body: &str) -> bool {
    body.chars().count() < TITLE_CHARS && !body.ends_with(['.', '!', '?', ')', ']', '"', ':'])
}

/// Refuses a title paragraph that cannot be one (when the paper before it
/// has a title for an abstract, `parse` names that paper instead).
pub(super) fn check_title(line: usize, title: &str) -> Result<(), DigestError> {
    if title.starts_with("# ") || title.starts_with("## ") {
        let why = "a Markdown heading is not a paper title; a digest is plain text";
        return Err(DigestError::new(line, DigestErrorKind::NotATitle(why)));
    }
    let breaks = sentence_breaks(title);
    if breaks >= PROSE_BREAKS && title.chars().count() > PROSE_CHARS {
        let kind = DigestErrorKind::AbstractAsTitle(breaks + 1);
        return Err(DigestError::new(line, kind));
    }
    Ok(())
}

/// Refuses a date line in the place of an abstract: its "title" is a
/// header line this parser does not know.
pub(super) fn check_body(title_line: usize, title: &str, body: &str) -> Result<(), DigestError> {
    if is_date_line(body) {
        let kind = DigestErrorKind::DateAsAbstract(title.to_string());
        return Err(DigestError::new(title_line, kind));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentence_breaks_need_a_capital_after_the_stop() {
        assert_eq!(
            sentence_breaks("We study X. We show Y. Results hold! Why? Because."),
            4
        );
        assert_eq!(sentence_breaks("e.g. the U.S. army vs. the 3.5 rule"), 0);
    }
}
