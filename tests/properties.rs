//! Properties: round trips of the format, and invariants of every search.

mod common;

use std::sync::{Mutex, OnceLock};

use common::{files_of, index_of_texts, ready};
use papersift::format::{decode, encode, encode_split, Layout};
use papersift::{Answer, Engine, Options};
use proptest::prelude::*;

/// Small digests from a vocabulary that makes words repeat and collide.
fn digest_text() -> impl Strategy<Value = String> {
    let word = prop::sample::select(vec![
        "graph",
        "graphs",
        "network",
        "networks",
        "train",
        "training",
        "über",
        "深度",
        "the",
        "of",
        "normalisation",
        "normalization",
        "<b>",
        "x",
        "GPipe",
        "a-b",
        "42",
        "🚀",
        "naïve",
        "Layer",
    ]);
    let line = prop::collection::vec(word, 1..12).prop_map(|w| w.join(" "));
    prop::collection::vec((line.clone(), line), 1..12).prop_map(|papers| {
        let mut s = String::from("Aug 7\n\n");
        for (t, b) in papers {
            s.push_str(&format!("{t}\n\n{b}\n\n"));
        }
        s
    })
}

fn build(text: &str) -> papersift::format::Index {
    index_of_texts(&[text])
}

/// Checks what every answer on the default digest, meaning included, must
/// satisfy (one engine for every test thread, behind a lock).
fn check_invariants(query: &str, limit: usize) {
    static ENGINE: OnceLock<Mutex<Engine>> = OnceLock::new();
    let engine = ENGINE.get_or_init(|| Mutex::new(common::default_engine()));
    let mut engine = engine.lock().unwrap_or_else(|e| e.into_inner());
    let Answer::Ready(r) = engine.search(query, &Options::limit(limit)) else {
        panic!("a whole index built in memory misses parts for {query:?}");
    };
    assert!(r.pending.is_empty(), "its meaning lists are all in memory");
    assert!(r.results.len() <= limit);
    assert!(r.results.len() <= r.total);
    for pair in r.results.windows(2) {
        assert!(
            pair[0].score >= pair[1].score,
            "scores sorted for {query:?}"
        );
    }
    for hit in &r.results {
        assert!(hit.score.is_finite() && hit.score > 0.0);
        for (text, ranges) in [
            (&hit.title, &hit.title_highlights),
            (&hit.excerpt.text, &hit.excerpt.highlights),
        ] {
            let units: Vec<u16> = text.encode_utf16().collect();
            let mut last = 0;
            for &[s, e] in ranges {
                assert!(
                    last <= s && s < e && (e as usize) <= units.len(),
                    "{query:?}: {s}..{e} in {text:?}"
                );
                // A highlight is whole characters.
                assert!(String::from_utf16(&units[s as usize..e as usize]).is_ok());
                last = e;
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// JSON digests: any text is a digest or an error, never a panic; papers
    /// written as JSON Lines come back with their title, authors and link.
    #[test]
    fn json_digests_read_back_what_was_written(
        title in "[a-zA-Z<&>\"' ü深]{1,40}",
        authors in proptest::collection::vec("[A-Za-z<&. ]{1,20}", 0..4),
        noise in "\\PC{0,200}",
    ) {
        use papersift::digest::json::{parse_jsonl, parse_listing};
        let _ = (parse_jsonl(&noise), parse_listing(&noise));
        let line = serde_json::json!({
            "title": title, "abstract": "An abstract.", "authors": authors,
            "url": "https://example.org/paper",
        });
        let parsed = parse_jsonl(&format!("{line}\n"));
        let normal = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
        if title.trim().is_empty() || authors.iter().any(|a| a.trim().is_empty()) {
            prop_assert!(parsed.is_err());
        } else {
            let paper = &parsed.unwrap().papers[0];
            prop_assert_eq!(&paper.title, &normal(&title));
            prop_assert_eq!(paper.authors.clone(), authors.iter().map(|a| normal(a)).collect::<Vec<_>>());
            prop_assert_eq!(paper.url.as_deref(), Some("https://example.org/paper"));
        }
    }

    #[test]
    fn whole_indexes_round_trip(text in digest_text()) {
        let index = build(&text);
        prop_assert_eq!(decode(&encode(&index)).unwrap(), index);
    }

    #[test]
    fn split_indexes_answer_like_whole_ones(text in digest_text(), q in "[a-zü深 \"+-]{1,12}", bytes in 16usize..400) {
        let index = build(&text);
        let mut whole = Engine::new(index.clone());
        let split = encode_split(&index, Layout { bucket_bytes: bytes, shard_docs: 2, key_chars: 0 });
        let mut engine = Engine::from_bytes(&split.root).unwrap();
        for (name, b) in &files_of(&split) {
            engine.add_part(name, b).unwrap();
        }
        // With every part loaded, only the typo search's bucket-locality
        // may differ; on these tiny indexes all words share few buckets.
        let a = ready(whole.search(&q, &Options::default()));
        let Answer::Ready(b) = engine.search(&q, &Options::default()) else {
            panic!("every part is loaded");
        };
        prop_assert!(b.total <= a.total);
    }

    #[test]
    fn any_query_keeps_the_invariants(q in any::<String>(), limit in 0usize..30) {
        check_invariants(&q, limit);
    }

    #[test]
    fn query_like_strings_keep_the_invariants(q in "[a-z\"+\\-: ]{0,40}", limit in 1usize..15) {
        check_invariants(&q, limit);
    }
}

#[test]
fn hostile_queries_keep_the_invariants() {
    let mut queries: Vec<String> = [
        "constructor",
        "__proto__",
        "toString",
        "hasOwnProperty",
        "valueOf",
        "prototype",
        "\"",
        "\"\"",
        "-",
        "+",
        "--",
        "-\"\"",
        "title:",
        "title:\"",
        ":",
        "\u{fffd}",
        "\u{0}",
        "\u{202e}gpipe",
        "ǅ",
        "İ",
        "ß",
        "ﬁ",
        "🚀",
        "深度学习",
        "\"a b c d e f g h\"",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    queries.push("gpipe ".repeat(10_000));
    queries.push("\"".repeat(100_000));
    queries.push("a".repeat(1 << 20));
    queries.push("-x ".repeat(50_000));
    queries.push(
        (0..5000)
            .map(|i| format!("w{i}"))
            .collect::<Vec<_>>()
            .join(" "),
    );
    for q in &queries {
        check_invariants(q, 10);
    }
}
