//! Query text → [`Query`]: words, phrases and operators.
//!
//! Syntax (anything else is plain text, never an error):
//! - `"a quoted phrase"`: the words in this order; an unbalanced quote is
//!   read as plain text.
//! - `-word`, `-"a phrase"`: exclude documents that match.
//! - `+word`: require it.
//! - `title:word`, `title:"a phrase"`: match in the title only
//!   (`abstract:` and `body:` restrict to the abstract, `author:` and
//!   `authors:` to the authors' names; a quoted name matches within one
//!   author's name).
//! - The last word, when the query does not end with a space, also matches
//!   as a prefix (the user is still typing it).
//!
//! At most [`MAX_CLAUSES`] clauses are read; the rest of a longer query is
//! ignored, which bounds the work a query can cause.

use crate::tokenize::{normalize, term, word_spans};

/// Clauses read from one query; the rest is ignored.
pub const MAX_CLAUSES: usize = 32;
/// Words kept in one phrase.
pub const MAX_PHRASE_WORDS: usize = 16;

/// How a clause combines with the others.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Occur {
    /// Scores when it matches.
    Should,
    /// `+`: documents must match.
    Must,
    /// `-`: documents must not match.
    MustNot,
}

/// Where a clause may match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// Title, abstract or authors.
    Any,
    /// `title:`
    Title,
    /// `abstract:` or `body:`
    Body,
    /// `author:` or `authors:`
    Authors,
}

impl Field {
    /// Whether the clause may match in the `n`th indexed field (title,
    /// body, authors: the order of a posting's weights).
    pub fn allows(self, n: usize) -> bool {
        match self {
            Field::Any => true,
            Field::Title => n == 0,
            Field::Body => n == 1,
            Field::Authors => n == 2,
        }
    }
}

/// One word of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryWord {
    /// Lower-cased, as typed.
    pub word: String,
    /// Its index term; `None` for a stop word.
    pub term: Option<String>,
    /// Still being typed: also match words that start with it.
    pub prefix: bool,
}

/// A word or a phrase with its operators.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    /// `+`, `-` or neither.
    pub occur: Occur,
    /// `title:` and friends.
    pub field: Field,
    /// One word, or the words of a phrase.
    pub words: Vec<QueryWord>,
    /// Quoted: the words must stand in this order.
    pub phrase: bool,
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    /// The clauses, in query order.
    pub clauses: Vec<Clause>,
}

/// Parses query text. Never fails.
pub fn parse(text: &str) -> Query {
    let mut clauses = Vec::new();
    let mut rest = text;
    while clauses.len() < MAX_CLAUSES {
        rest = rest.trim_start();
        if rest.is_empty() {
            break;
        }
        let (occur, body) = operator(rest);
        let (field, body) = field(body);
        if let Some((words, after)) = phrase(body) {
            if !words.is_empty() {
                clauses.push(Clause {
                    occur,
                    field,
                    phrase: words.len() > 1,
                    words,
                });
            }
            rest = after;
            continue;
        }
        // A quote without its closing quote is text.
        let body = body.strip_prefix('"').unwrap_or(body);
        // A plain chunk up to the next space: each word is a clause.
        let end = body.find(char::is_whitespace).unwrap_or(body.len());
        rest = &body[end..];
        let typing = rest.is_empty() && occur != Occur::MustNot;
        for word in words_of(&body[..end], typing, MAX_CLAUSES - clauses.len()) {
            clauses.push(Clause {
                occur,
                field,
                words: vec![word],
                phrase: false,
            });
        }
    }
    // A stop word counts only while it may still grow into a real word.
    clauses.retain(|c| c.phrase || c.words.iter().all(|w| w.term.is_some() || w.prefix));
    Query { clauses }
}

/// At most one of `+` / `-` right before some text, and what follows it.
fn operator(text: &str) -> (Occur, &str) {
    match text.strip_prefix(['-', '+']) {
        Some(after) if after.starts_with(|c: char| !c.is_whitespace()) => {
            let occur = if text.starts_with('-') {
                Occur::MustNot
            } else {
                Occur::Must
            };
            (occur, after)
        }
        _ => (Occur::Should, text),
    }
}

/// An optional field name right before a colon and some text. A field name
/// is the letters right before the colon (looking no further, so a long
/// query stays linear).
fn field(text: &str) -> (Field, &str) {
    let name_len = text
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(text.len());
    let Some(after) = text[name_len..].strip_prefix(':') else {
        return (Field::Any, text);
    };
    let known = match text[..name_len].to_ascii_lowercase().as_str() {
        "title" => Some(Field::Title),
        "abstract" | "body" => Some(Field::Body),
        "author" | "authors" => Some(Field::Authors),
        _ => None,
    };
    match known.filter(|_| after.starts_with(|c: char| !c.is_whitespace())) {
        Some(f) => (f, after),
        None => (Field::Any, text),
    }
}

/// A quoted phrase's words and the text after its closing quote; `None`
/// when `text` does not start with a quote that is closed.
fn phrase(text: &str) -> Option<(Vec<QueryWord>, &str)> {
    let inner = text.strip_prefix('"')?;
    let end = inner.find('"')?;
    let words = words_of(&inner[..end], false, MAX_PHRASE_WORDS);
    Some((words, &inner[end + 1..]))
}

/// The words of a chunk; with `typing`, the last one is a prefix.
fn words_of(text: &str, typing: bool, max: usize) -> Vec<QueryWord> {
    let spans: Vec<(usize, usize)> = word_spans(text).take(max).collect();
    let last_ends_text = spans.last().is_some_and(|&(_, e)| e == text.len());
    let n = spans.len();
    spans
        .into_iter()
        .enumerate()
        .map(|(i, (s, e))| {
            let word = normalize(&text[s..e]);
            QueryWord {
                term: term(&word),
                prefix: typing && last_ends_text && i + 1 == n,
                word,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(q: &str) -> Vec<String> {
        parse(q)
            .clauses
            .iter()
            .map(|c| {
                let op = match c.occur {
                    Occur::Should => "",
                    Occur::Must => "+",
                    Occur::MustNot => "-",
                };
                let field = match c.field {
                    Field::Any => "",
                    Field::Title => "title:",
                    Field::Body => "body:",
                    Field::Authors => "author:",
                };
                let words: Vec<String> = c
                    .words
                    .iter()
                    .map(|w| format!("{}{}", w.word, if w.prefix { "*" } else { "" }))
                    .collect();
                if c.phrase {
                    format!("{op}{field}\"{}\"", words.join(" "))
                } else {
                    format!("{op}{field}{}", words.join(" "))
                }
            })
            .collect()
    }

    #[test]
    fn parses_the_documented_syntax() {
        let cases: &[(&str, &[&str])] = &[
            ("pipeline parallelism", &["pipeline", "parallelism*"]),
            ("pipeline parallelism ", &["pipeline", "parallelism"]),
            (
                "\"pipeline parallelism\" gpipe",
                &["\"pipeline parallelism\"", "gpipe*"],
            ),
            ("-\"large batch\" +bert", &["-\"large batch\"", "+bert*"]),
            (
                "title:normalization layer",
                &["title:normalization", "layer*"],
            ),
            (
                "Title:\"layer normalization\"",
                &["title:\"layer normalization\""],
            ),
            ("abstract:gpipe -adam", &["body:gpipe", "-adam"]),
            ("author:hinton", &["author:hinton*"]),
            ("author:hinton ", &["author:hinton"]),
            (
                "Authors:\"Geoffrey Hinton\" dropout",
                &["author:\"geoffrey hinton\"", "dropout*"],
            ),
            (
                "+author:hinton -author:lecun",
                &["+author:hinton", "-author:lecun"],
            ),
            (
                "-author:\"yann lecun\" nets",
                &["-author:\"yann lecun\"", "nets*"],
            ),
            ("author:Fei-Fei ", &["author:fei", "author:fei"]),
            ("author: hinton", &["author", "hinton*"]),
            ("authorship:x ", &["authorship", "x"]),
            ("sub-sequences", &["sub", "sequences*"]),
            ("\"unbalanced quote", &["unbalanced", "quote*"]),
            ("- + \" : -- title: ", &["title"]),
            ("the", &["the*"]),
            ("the ", &[]),
            ("\"the\"", &[]),
            ("foo:bar", &["foo", "bar*"]),
            ("C++ & <script>", &["c", "script"]),
        ];
        for (query, expected) in cases {
            assert_eq!(show(query), *expected, "query {query:?}");
        }
    }

    #[test]
    fn long_queries_are_cut_to_max_clauses() {
        let q = "word ".repeat(10_000);
        assert_eq!(parse(&q).clauses.len(), MAX_CLAUSES);
        let q = "\"".repeat(100_000);
        assert!(parse(&q).clauses.is_empty());
        // A megabyte of anything parses (linearly: `cargo xtask bench` and
        // the native bench time these).
        assert!(parse(&"\"".repeat(1 << 20)).clauses.is_empty());
        assert!(parse(&":".repeat(1 << 20)).clauses.is_empty());
        assert_eq!(parse(&"b:".repeat(1 << 19)).clauses.len(), MAX_CLAUSES);
        assert!(parse(&"- ".repeat(1 << 19)).clauses.is_empty());
    }
}
