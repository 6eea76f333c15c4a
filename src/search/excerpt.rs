//! A result as shown: its title with the matched words marked, and the best
//! passage of its abstract. Offsets in [`Highlight`]s count UTF-16 code
//! units, the unit of JavaScript strings, so the widget can slice the text
//! as it is.
//!
//! At query time document text is never stemmed again: the index maps
//! every term to the surface words that stem to it, and a word of the text
//! is marked when it is one of those of the query's terms.

use crate::query::{Occur, Query};

use super::expand::Expanded;
use super::loaded::DocWords;
use super::results::{Excerpt, Highlight, Hit};
use super::store::Store;
use super::WordSet;

/// Words in an excerpt.
const EXCERPT_WORDS: usize = 28;

/// Surface words that count as matches: those of every term the query's
/// positive clauses expanded to, and the words that brought papers by
/// meaning (`brought`).
pub(super) fn matched_words<'a>(
    store: &'a Store,
    query: &Query,
    expanded: &Expanded,
    brought: &[&'a str],
) -> WordSet<'a> {
    (query.clauses.iter().zip(&expanded.clauses))
        .filter(|(c, _)| c.occur != Occur::MustNot)
        .flat_map(|(_, words)| words.iter().flatten())
        .flat_map(|e| store.words_of(e.term))
        .chain(brought.iter().copied())
        .collect()
}

/// Document `doc` as a result (`None` when its words are not loaded).
pub(super) fn hit(store: &Store, doc: u32, score: f64, matched: &WordSet<'_>) -> Option<Hit> {
    let (d, words) = store.doc_words(doc)?;
    let marked = (words.title.words()).filter(|(_, _, w)| matched.contains(w));
    let title_highlights = utf16_ranges(&d.title, 0, marked.map(|(s, e, _)| (s, e)));
    Some(Hit {
        id: d.id.clone(),
        title: d.title.clone(),
        authors: d.authors.clone(),
        title_highlights,
        url: d.url.clone().unwrap_or_else(|| format!("#{}", d.id)),
        date: d.date.map(|d| d.iso()).unwrap_or_default(),
        score,
        excerpt: excerpt(&d.body, &words.body, matched),
    })
}

/// The best window of about [`EXCERPT_WORDS`] words: the one covering the
/// most distinct matched words, then the most matches, then the earliest.
fn excerpt(text: &str, doc: &DocWords, matched: &WordSet<'_>) -> Excerpt {
    if doc.len() == 0 {
        return Excerpt {
            text: text.to_string(),
            highlights: Vec::new(),
        };
    }
    let words: Vec<(usize, usize, &str)> = doc.words().collect();
    let hits: Vec<bool> = words.iter().map(|(_, _, w)| matched.contains(w)).collect();
    let window = EXCERPT_WORDS.min(words.len());
    // Show a little context before the first match.
    let start = best_window(&words, &hits, window)
        .saturating_sub(3)
        .min(words.len() - window);
    let end_tok = start + window - 1;
    let from = if start == 0 { 0 } else { words[start].0 };
    let to = if end_tok + 1 == words.len() {
        text.len()
    } else {
        // Keep punctuation glued to the last word ("model." or "model,").
        let after = &text[words[end_tok].1..];
        words[end_tok].1 + after.find(char::is_whitespace).unwrap_or(after.len())
    };
    let lead = if from > 0 { "…" } else { "" };
    let tail = if to < text.len() { "…" } else { "" };
    let body = text[from..to].trim_end();
    let offset = lead.encode_utf16().count() as u32;
    let marked = (start..=end_tok).filter(|&i| hits[i]);
    let highlights = utf16_ranges(
        body,
        offset,
        marked.map(|i| (words[i].0 - from, words[i].1 - from)),
    );
    Excerpt {
        text: format!("{lead}{body}{tail}"),
        highlights,
    }
}

/// The first word of the best window of `window` words (0 when none
/// matches): the most distinct matched words, then the most matches. A
/// window starting on a match in the last words is cut at the end (the
/// caller moves it back to a full window, which still holds the match).
fn best_window(words: &[(usize, usize, &str)], hits: &[bool], window: usize) -> usize {
    let mut best = (0usize, 0usize, 0usize); // distinct, count, start
    for start in 0..words.len() {
        if !hits[start] {
            continue; // the best window starts on a match (or is the first)
        }
        let mut distinct: Vec<&str> = Vec::new();
        let mut count = 0;
        let end = (start + window).min(words.len());
        for i in (start..end).filter(|&i| hits[i]) {
            count += 1;
            if !distinct.contains(&words[i].2) {
                distinct.push(words[i].2);
            }
        }
        if (distinct.len(), count) > (best.0, best.1) {
            best = (distinct.len(), count, start);
        }
    }
    best.2
}

/// Byte ranges of `text` as UTF-16 ranges, shifted by `offset`.
fn utf16_ranges(
    text: &str,
    offset: u32,
    ranges: impl Iterator<Item = (usize, usize)>,
) -> Vec<Highlight> {
    let mut out = Vec::new();
    let mut pos_bytes = 0;
    let mut pos_units = offset;
    for (s, e) in ranges {
        if s < pos_bytes || e > text.len() {
            continue;
        }
        pos_units += text[pos_bytes..s].encode_utf16().count() as u32;
        let start = pos_units;
        pos_units += text[s..e].encode_utf16().count() as u32;
        pos_bytes = e;
        out.push([start, pos_units]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_ranges_count_code_units() {
        let text = "😀 gpipe é";
        let r = utf16_ranges(text, 1, [(5, 10), (11, 13)].into_iter());
        assert_eq!(r, [[4, 9], [10, 11]]);
    }

    #[test]
    fn a_match_among_the_last_words_is_in_the_excerpt() {
        let text = (0..100)
            .map(|i| format!("w{i}"))
            .collect::<Vec<_>>()
            .join(" ");
        let doc = DocWords::new(&text);
        let matched: WordSet = ["w95"].into_iter().collect();
        let e = excerpt(&text, &doc, &matched);
        assert!(
            e.text.starts_with("…w72 ") && e.text.ends_with(" w99"),
            "{}",
            e.text
        );
        let [s, t] = e.highlights[0];
        let units: Vec<u16> = e.text.encode_utf16().collect();
        assert_eq!(
            String::from_utf16(&units[s as usize..t as usize]).unwrap(),
            "w95"
        );
    }

    #[test]
    fn an_excerpt_starts_a_little_before_its_densest_window() {
        let text = (0..100)
            .map(|i| format!("w{i}"))
            .collect::<Vec<_>>()
            .join(" ");
        let doc = DocWords::new(&text);
        let matched: WordSet = ["w40", "w41"].into_iter().collect();
        let e = excerpt(&text, &doc, &matched);
        assert!(e.text.starts_with("…w37 "), "{}", e.text);
        assert_eq!(e.highlights.len(), 2);
    }
}
