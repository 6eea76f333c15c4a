//! The one tokenizer, shared by index time and query time.
//!
//! Text is split into *words*: maximal runs of Unicode letters, digits and
//! `_`, except that each Han or kana character is a word of its own (those
//! scripts do not separate words with spaces). A word is lower-cased, then
//! run through elasticlunr-rs's English pipeline: its stop-word filter, then
//! its Porter stemmer. The stemmer only sees plain ASCII-letter words; other
//! words (numbers, `tpuv3`, non-Latin scripts) are kept as they are, which is
//! also what keeps non-ASCII text searchable at all.
//!
//! The elasticlunr index is built through [`PapersiftLanguage`], which uses
//! these same functions, and the query side calls [`tokenize`] too, so the
//! two cannot drift apart.

use elasticlunr::pipeline::{Pipeline, PipelineFn};
use elasticlunr::Language;

/// One word of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of the word's first character in the text.
    pub start: usize,
    /// Byte offset just past the word.
    pub end: usize,
    /// Word number in the text, stop words included (for phrase matching).
    pub position: u32,
    /// The lower-cased word as written.
    pub word: String,
    /// The index term: the stemmed word, or `None` for a stop word.
    pub term: Option<String>,
}

/// Han ideographs and kana are searched one character at a time.
fn is_ideograph(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Byte spans of the words of `text`, in order.
pub fn word_spans(text: &str) -> Box<dyn Iterator<Item = (usize, usize)> + '_> {
    if text.is_ascii() {
        // The common case, byte by byte: the same rule as below, for ASCII.
        let bytes = text.as_bytes();
        let mut i = 0;
        return Box::new(std::iter::from_fn(move || {
            let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
            while i < bytes.len() && !word(bytes[i]) {
                i += 1;
            }
            let start = i;
            while i < bytes.len() && word(bytes[i]) {
                i += 1;
            }
            (i > start).then_some((start, i))
        }));
    }
    let mut chars = text.char_indices().peekable();
    Box::new(std::iter::from_fn(move || {
        // Skip separators.
        let (start, first) = loop {
            let (i, c) = chars.next()?;
            if is_word_char(c) {
                break (i, c);
            }
        };
        if is_ideograph(first) {
            return Some((start, start + first.len_utf8()));
        }
        let mut end = start + first.len_utf8();
        while let Some(&(i, c)) = chars.peek() {
            if !is_word_char(c) || is_ideograph(c) {
                break;
            }
            end = i + c.len_utf8();
            chars.next();
        }
        Some((start, end))
    }))
}

/// The stop-word filter and stemmer of elasticlunr-rs's English pipeline.
///
/// `make_pipeline` is the one way to its Porter stemmer, and it builds the
/// stop words as a `HashSet`, which links hashbrown and SipHash into the
/// wasm. The pipeline is 6.1 KB of the wasm's gzip -9 bytes (77,731 →
/// 71,490 with a sorted stop list and no stemmer, `cargo xtask site`):
/// it could go only with a stemmer from elsewhere that stems alike
/// (rust-stem, which elasticlunr-rs's copies, is no longer on crates.io).
struct English {
    stop_words: Box<dyn PipelineFn>,
    stemmer: Box<dyn PipelineFn>,
}

impl English {
    fn new() -> Self {
        let mut queue = elasticlunr::lang::English::new().make_pipeline().queue;
        let mut take = |name: &str| {
            let at = queue
                .iter()
                .position(|f| f.name() == name)
                .unwrap_or_else(|| panic!("elasticlunr's English pipeline lost its {name}"));
            queue.remove(at)
        };
        let stop_words = take("stopWordFilter");
        let stemmer = take("stemmer");
        English {
            stop_words,
            stemmer,
        }
    }
}

thread_local! {
    static ENGLISH: English = English::new();
}

/// The index term for one lower-cased word; `None` for a stop word.
pub fn term(word: &str) -> Option<String> {
    ENGLISH.with(|en| {
        let word = en.stop_words.filter(word.to_string())?;
        // Porter's rules are for ASCII letters; anything else is kept whole.
        if word.bytes().all(|b| b.is_ascii_lowercase()) {
            en.stemmer.filter(american_spelling(word))
        } else {
            Some(word)
        }
    })
}

/// British `-ise`/`-isation` forms spelled the American way, so both meet.
fn american_spelling(mut word: String) -> String {
    const SUFFIXES: &[&str] = &[
        "isations", "isation", "ising", "isers", "ised", "ises", "iser", "ise",
    ];
    if word.len() >= 7 {
        if let Some(suffix) = SUFFIXES.iter().find(|s| word.ends_with(*s)) {
            let at = word.len() - suffix.len() + 1;
            word.replace_range(at..at + 1, "z");
        }
    }
    word
}

/// A Latin letter without its accent (`é` → `e`, `ß` stays): words that
/// differ only in accents are taken for the same word at query time, so
/// "cafe" finds "Café" as typed. Covers Latin-1 and Latin Extended-A, the
/// accents of the languages written in Latin letters.
pub fn fold_accent(c: char) -> char {
    match c {
        'à'..='å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => 'c',
        'ď' | 'đ' => 'd',
        'è'..='ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => 'e',
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => 'g',
        'ì'..='ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => 'i',
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => 'l',
        'ñ' | 'ń' | 'ņ' | 'ň' => 'n',
        'ò'..='ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => 'o',
        'ŕ' | 'ŗ' | 'ř' => 'r',
        'ś' | 'ŝ' | 'ş' | 'š' => 's',
        'ţ' | 'ť' | 'ŧ' => 't',
        'ù'..='ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => 'u',
        'ý' | 'ÿ' | 'ŷ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        _ => c,
    }
}

/// Words are cut to this many characters. Longer runs are identifiers,
/// hashes or noise, and elasticlunr's index nests one level per character.
pub const MAX_WORD_CHARS: usize = 64;

/// Byte length of the part of `word` that is indexed (see [`MAX_WORD_CHARS`]).
pub fn indexed_len(word: &str) -> usize {
    word.char_indices()
        .nth(MAX_WORD_CHARS)
        .map_or(word.len(), |(i, _)| i)
}

/// Lower-cases one word (cut to [`MAX_WORD_CHARS`]) the way the index did.
pub fn normalize(word: &str) -> String {
    lowercase(&word[..indexed_len(word)])
}

/// `text` lower-cased by Unicode's full case mappings (final sigma
/// included), as [`str::to_lowercase`] does, at index and query time.
///
/// In the wasm, text that is not ASCII is lower-cased by the browser's
/// `String.prototype.toLowerCase`, which applies the same mappings, rather
/// than by std, whose case tables would cost 7.1 KB gzip of every
/// visitor's download (wasm 84,976 → 77,731 bytes gzip -9, 213,488 →
/// 195,743 raw: `cargo xtask site`, then `gzip -9` of
/// `papersift-<hash>.wasm`). The two can differ only on letters newer than
/// the browser's Unicode (Node 20's and Rust 1.95's agree on every code
/// point); `tests/browser/suite.test.mjs` checks accented, Greek (final
/// sigma), Cyrillic and Turkish words against the native CLI.
pub fn lowercase(text: &str) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        match text.is_ascii() {
            true => text.to_ascii_lowercase(),
            false => String::from(js_sys::JsString::from(text).to_lower_case()),
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        text.to_lowercase()
    }
}

/// All words of `text` with their spans, positions and index terms.
pub fn tokenize(text: &str) -> Vec<Token> {
    word_spans(text)
        .enumerate()
        .map(|(position, (start, end))| {
            let word = normalize(&text[start..end]);
            let term = term(&word);
            Token {
                start,
                end,
                position: position as u32,
                word,
                term,
            }
        })
        .collect()
}

/// The tokenizer as an elasticlunr-rs [`elasticlunr::Language`]: our word
/// splitting, then the English stop-word filter and stemmer through
/// [`term`]. Used by the index builder only.
#[derive(Clone, Copy, Default)]
pub struct PapersiftLanguage;

struct TermFn;

impl PipelineFn for TermFn {
    fn name(&self) -> String {
        "papersiftTerm".into()
    }

    fn filter(&self, word: String) -> Option<String> {
        term(&word)
    }
}

impl Language for PapersiftLanguage {
    fn name(&self) -> String {
        "English".into()
    }

    fn code(&self) -> String {
        "en".into()
    }

    fn tokenize(&self, text: &str) -> Vec<String> {
        word_spans(text)
            .map(|(s, e)| normalize(&text[s..e]))
            .collect()
    }

    fn make_pipeline(&self) -> Pipeline {
        Pipeline {
            queue: vec![Box::new(TermFn)],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        word_spans(text).map(|(s, e)| &text[s..e]).collect()
    }

    fn terms(text: &str) -> Vec<Option<String>> {
        tokenize(text).into_iter().map(|t| t.term).collect()
    }

    #[test]
    fn words_split_on_punctuation_and_keep_scripts() {
        assert_eq!(
            words("GPipe: sub-sequences (i) T^{1/3} TPUv3"),
            ["GPipe", "sub", "sequences", "i", "T", "1", "3", "TPUv3"]
        );
        assert_eq!(
            words("深度学习 über café"),
            ["深", "度", "学", "习", "über", "café"]
        );
        assert_eq!(words("שלום עולם 🚀 emoji"), ["שלום", "עולם", "emoji"]);
        assert!(words("  --- ... 🚀 ").is_empty());
    }

    #[test]
    fn the_ascii_fast_path_splits_like_the_general_one() {
        let text = "GPipe: sub-sequences (i) T^{1/3} TPUv3 __init__ x";
        let general: Vec<&str> = {
            // Force the general path with a non-ASCII tail, then drop it.
            let t = format!("{text} é");
            word_spans(&t)
                .map(|(s, e)| t[s..e].to_string())
                .filter(|w| w != "é")
                .map(|w| &text[text.find(&w).unwrap()..][..w.len()])
                .collect()
        };
        assert_eq!(words(text), general);
    }

    #[test]
    fn terms_are_stemmed_and_stop_words_dropped() {
        assert_eq!(
            terms("The Networks of Training"),
            [None, Some("network".into()), None, Some("train".into())]
        );
        // Singular and plural, -ise and -ize, -isation and -ization meet.
        assert_eq!(term("normalization"), term("normalizations"));
        assert_eq!(term("optimise"), term("optimize"));
        assert_eq!(term("normalisation"), term("normalization"));
        assert_eq!(term("regularised"), term("regularized"));
        assert_eq!(term("über"), Some("über".into()));
        assert_eq!(term("tpuv3"), Some("tpuv3".into()));
    }

    #[test]
    fn very_long_words_are_cut_alike_everywhere() {
        let long = "A".repeat(100_000);
        assert_eq!(normalize(&long).len(), MAX_WORD_CHARS);
        let tokens = tokenize(&format!("x {long} y"));
        assert_eq!(tokens[1].word, "a".repeat(MAX_WORD_CHARS));
        assert_eq!(
            tokens[1].end - tokens[1].start,
            100_000,
            "the span is the whole word"
        );
        assert_eq!(normalize(&"é".repeat(70)).chars().count(), MAX_WORD_CHARS);
    }

    #[test]
    fn spans_and_positions_point_into_the_text() {
        let text = "Ünïcode  and GPipe";
        let tokens = tokenize(text);
        assert_eq!(tokens.len(), 3);
        assert_eq!(&text[tokens[2].start..tokens[2].end], "GPipe");
        assert_eq!(tokens[2].position, 2);
        assert_eq!(tokens[0].word, "ünïcode");
    }

    #[test]
    fn accents_fold_to_their_letters_and_nothing_else_changes() {
        let fold = |w: &str| w.chars().map(fold_accent).collect::<String>();
        assert_eq!(fold("café naïve señor łódź"), "cafe naive senor lodz");
        assert_eq!(fold("straße 深度 abc-42"), "straße 深度 abc-42");
    }
}
