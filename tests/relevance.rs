//! Relevance on judged queries written from the default digest
//! (`tests/relevance/judgements.tsv`): nDCG@10 and MRR, overall and by kind.
//!
//! `cargo test --release --test relevance -- --nocapture` prints the table.
//!
//! Each is judged twice: over the whole index (a page opened from disk, the
//! CLI's `--split never`) and as a page over http searches the embedded
//! index, by its small parts (whose typo and prefix lookups stay in a
//! word's buckets): both meet the floors.
//!
//! Precision too: a correctly spelled query shows only results that hold
//! some form of one of its words (typos and prefixes must not pad them).

use std::collections::{BTreeMap, HashMap};

mod common;

use papersift::query::{self, Occur, QueryWord};
use papersift::tokenize::{tokenize, Token};
use papersift::{Engine, Options};

struct Judged {
    kind: String,
    query: String,
    grades: Vec<(String, u32)>,
}

/// A split index's parts held in memory (none for a whole index).
type Files = HashMap<String, Vec<u8>>;

/// The engines judged: over the whole index, and as shipped (the embedded
/// root of the default digest and the small parts a page fetches).
fn engines() -> [(&'static str, Engine, Files); 2] {
    let (shipped, files) = common::shipped_engine();
    [
        ("whole", common::default_engine(), Files::new()),
        ("as shipped", shipped, files),
    ]
}

fn judgements(file: &str) -> Vec<Judged> {
    let ids: Vec<String> = common::default_index()
        .docs
        .into_iter()
        .map(|d| d.id)
        .collect();
    let text = std::fs::read_to_string(file).unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|line| {
            let mut cols = line.split('\t');
            let kind = cols.next().unwrap().to_string();
            let query = cols.next().unwrap().to_string();
            let grades = cols
                .map(|j| {
                    let (prefix, grade) = j.rsplit_once('=').expect("id=grade");
                    let matches: Vec<&String> =
                        ids.iter().filter(|id| id.starts_with(prefix)).collect();
                    assert_eq!(
                        matches.len(),
                        1,
                        "{query:?}: prefix {prefix:?} names {matches:?}"
                    );
                    (matches[0].to_string(), grade.parse().unwrap())
                })
                .collect();
            Judged {
                kind,
                query,
                grades,
            }
        })
        .collect()
}

fn ndcg_at_10(ranked: &[String], grades: &[(String, u32)]) -> f64 {
    let gain = |g: u32| f64::from((1u32 << g) - 1);
    let grade_of = |id: &String| grades.iter().find(|(j, _)| j == id).map_or(0, |(_, g)| *g);
    let dcg: f64 = ranked
        .iter()
        .take(10)
        .enumerate()
        .map(|(i, id)| gain(grade_of(id)) / (i as f64 + 2.0).log2())
        .sum();
    let mut ideal: Vec<u32> = grades.iter().map(|(_, g)| *g).collect();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    let idcg: f64 = ideal
        .iter()
        .take(10)
        .enumerate()
        .map(|(i, g)| gain(*g) / (i as f64 + 2.0).log2())
        .sum();
    dcg / idcg
}

fn reciprocal_rank(ranked: &[String], grades: &[(String, u32)]) -> f64 {
    let best = grades.iter().map(|(_, g)| *g).max().unwrap_or(0);
    ranked
        .iter()
        .position(|id| grades.iter().any(|(j, g)| j == id && *g == best))
        .map_or(0.0, |i| 1.0 / (i as f64 + 1.0))
}

/// Mean nDCG@10 and MRR by kind, plus "all".
pub fn evaluate(
    (engine, files): (&mut Engine, &Files),
    file: &str,
    verbose: bool,
    options: &Options,
) -> BTreeMap<String, (f64, f64, usize)> {
    let mut by_kind: BTreeMap<String, (f64, f64, usize)> = BTreeMap::new();
    for j in judgements(file) {
        let ranked: Vec<String> = (engine.search_in(&j.query, options, files).unwrap())
            .results
            .into_iter()
            .map(|h| h.id)
            .collect();
        let n = ndcg_at_10(&ranked, &j.grades);
        let rr = reciprocal_rank(&ranked, &j.grades);
        if verbose && n < 0.9 {
            println!(
                "  weak: {:<10} {:<45} nDCG {n:.3} RR {rr:.2}  top: {:?}",
                j.kind,
                j.query,
                ranked.iter().take(3).collect::<Vec<_>>()
            );
        }
        for key in [j.kind.clone(), "all".to_string()] {
            let e = by_kind.entry(key).or_default();
            e.0 += n;
            e.1 += rr;
            e.2 += 1;
        }
    }
    for v in by_kind.values_mut() {
        v.0 /= v.2 as f64;
        v.1 /= v.2 as f64;
    }
    by_kind
}

#[test]
fn judged_queries_meet_the_relevance_targets() {
    for (name, mut engine, files) in engines() {
        let scores = evaluate(
            (&mut engine, &files),
            "tests/relevance/judgements.tsv",
            true,
            &Options::limit(10),
        );
        println!(
            "{name}\n{:<10} {:>7} {:>7} {:>4}",
            "kind", "nDCG@10", "MRR", "n"
        );
        for (kind, (ndcg, mrr, n)) in &scores {
            println!("{kind:<10} {ndcg:>7.3} {mrr:>7.3} {n:>4}");
        }
        assert!(scores["all"].2 >= 60, "at least 60 judged queries");
        let floor = |kind: &str, min: f64| {
            let got = scores[kind].0;
            assert!(got >= min, "{name}: nDCG@10 for {kind}: {got:.3} < {min}");
        };
        floor("all", 0.97);
        floor("typo", 0.97);
        floor("prefix", 0.95);
        floor("known", 0.97);
        floor("phrase", 0.97);
    }
}

/// Queries in a visitor's own words, written from the abstracts by someone
/// who had not seen the ranking: descriptions sharing no word with the
/// paper's title, and questions (`meaning.tsv`); and the same kinds sharing
/// at most a word with the abstract too (`own-words.tsv`).
const MEANING_SETS: [&str; 2] = [
    "tests/relevance/meaning.tsv",
    "tests/relevance/own-words.tsv",
];

/// nDCG@10 floors with meaning, per set and kind: the figures measured
/// when meaning's second generation landed (word vectors distilled from
/// all-MiniLM-L6-v2: 0.871 / 0.966 and 0.328 / 0.414; the first, GloVe
/// neighbours, gave 0.885 / 0.963 and 0.261 / 0.318), less up to 0.015 (a
/// change may trade a little of one kind for another); then by the words
/// alone (meaning off), which the same sets score 0.882 / 0.970 and 0.168 /
/// 0.272 (the test prints both), less 0.015.
const MEANING_FLOORS: [(&str, &str, f64, f64); 4] = [
    ("meaning.tsv", "paraphrase", 0.86, 0.867),
    ("meaning.tsv", "question", 0.95, 0.955),
    ("own-words.tsv", "paraphrase", 0.31, 0.153),
    ("own-words.tsv", "question", 0.40, 0.257),
];

#[test]
fn queries_in_a_visitors_own_words_find_their_papers_by_meaning() {
    let lexical = Options {
        meaning: false,
        ..Options::limit(10)
    };
    for (name, mut engine, files) in engines() {
        println!(
            "{name}\n{:<14} {:<10} {:>8} {:>8} {:>4}",
            "set", "kind", "words", "meaning", "n"
        );
        for file in MEANING_SETS {
            let before = evaluate((&mut engine, &files), file, false, &lexical);
            let after = evaluate((&mut engine, &files), file, true, &Options::limit(10));
            let set = file.rsplit('/').next().unwrap();
            for (kind, (ndcg, _, n)) in &after {
                println!(
                    "{set:<14} {kind:<10} {:>8.3} {ndcg:>8.3} {n:>4}",
                    before[kind].0
                );
            }
            assert!(after["paraphrase"].2 >= 20 && after["question"].2 >= 20);
            for &(_, kind, min, by_words) in MEANING_FLOORS.iter().filter(|f| f.0 == set) {
                let got = after[kind].0;
                assert!(got >= min, "{name}: {set} {kind}: nDCG@10 {got:.3} < {min}");
                // Meaning off, the words alone rank as they did before it.
                let words = before[kind].0;
                assert!(
                    words >= by_words,
                    "{name}: {set} {kind} by words: {words:.3} < {by_words}"
                );
            }
        }
    }
}

/// A set written for this round by a helper who never read the ranking code,
/// in the kinds visitors type most (`visitor.tsv`): paraphrases and
/// questions sharing no title word, topics absent from the digest (related
/// papers judged), early typos, acronyms and half-typed words. Floors: the
/// figures measured with meaning's second generation (paraphrase 0.596,
/// question 0.308, topic 0.567; the first gave 0.582, 0.239, 0.567), less
/// 0.02.
const VISITOR_FLOORS: [(&str, f64); 5] = [
    ("paraphrase", 0.57),
    ("question", 0.28),
    ("topic", 0.54),
    ("typo", 0.96),
    ("acronym-or-partial", 0.92),
];

#[test]
fn a_fresh_set_in_visitors_words_holds_its_measured_level() {
    let lexical = Options {
        meaning: false,
        ..Options::limit(10)
    };
    for (name, mut engine, files) in engines() {
        let file = "tests/relevance/visitor.tsv";
        let before = evaluate((&mut engine, &files), file, false, &lexical);
        let after = evaluate((&mut engine, &files), file, true, &Options::limit(10));
        println!(
            "{name}
{:<20} {:>8} {:>8} {:>4}",
            "kind", "words", "meaning", "n"
        );
        for (kind, (ndcg, _, n)) in &after {
            println!("{kind:<20} {:>8.3} {ndcg:>8.3} {n:>4}", before[kind].0);
        }
        for (kind, min) in VISITOR_FLOORS {
            let got = after[kind].0;
            assert!(
                got >= min,
                "{name}: visitor.tsv {kind}: nDCG@10 {got:.3} < {min}"
            );
        }
    }
}

/// A second fresh set, written this round from the digest alone by a
/// helper who never read the ranking code nor ran the engine
/// (`held-out.tsv`): paraphrases, questions, topics absent from the
/// digest, early typos and keyword mixes. It is not tuned on: the ranking
/// was tuned on the sets above, then this one was read. Floors: the
/// figures measured then (paraphrase 0.289, question 0.560, topic 0.726,
/// typo 0.994, multi 0.993; with the first generation's GloVe neighbours
/// 0.072, 0.339, 0.686, 0.994, 0.993), less 0.02.
const HELD_OUT_FLOORS: [(&str, f64); 5] = [
    ("paraphrase", 0.26),
    ("question", 0.54),
    ("topic", 0.70),
    ("typo", 0.97),
    ("multi", 0.97),
];

#[test]
fn a_held_out_set_in_visitors_words_holds_its_measured_level() {
    let lexical = Options {
        meaning: false,
        ..Options::limit(10)
    };
    for (name, mut engine, files) in engines() {
        let file = "tests/relevance/held-out.tsv";
        let before = evaluate((&mut engine, &files), file, false, &lexical);
        let after = evaluate((&mut engine, &files), file, false, &Options::limit(10));
        println!(
            "{name}\n{:<20} {:>8} {:>8} {:>4}",
            "kind", "words", "meaning", "n"
        );
        for (kind, (ndcg, _, n)) in &after {
            println!("{kind:<20} {:>8.3} {ndcg:>8.3} {n:>4}", before[kind].0);
        }
        for (kind, min) in HELD_OUT_FLOORS {
            let got = after[kind].0;
            assert!(
                got >= min,
                "{name}: held-out.tsv {kind}: nDCG@10 {got:.3} < {min}"
            );
        }
    }
}

/// Whether a text's tokens hold a form of a query word: a word with its
/// term, or, for a word still being typed, a word it begins.
fn holds(tokens: &[Token], w: &QueryWord) -> bool {
    (tokens.iter()).any(|t| {
        (w.term.is_some() && t.term == w.term) || (w.prefix && t.word.starts_with(&w.word))
    })
}

/// The words of a query that should appear in its results: those of its
/// positive clauses that have a term, or are being typed.
fn content_words(text: &str) -> Vec<QueryWord> {
    (query::parse(text).clauses.into_iter())
        .filter(|c| c.occur != Occur::MustNot)
        .flat_map(|c| c.words)
        .filter(|w| w.term.is_some() || w.prefix)
        .collect()
}

#[test]
fn correctly_spelled_queries_show_only_results_holding_a_query_word() {
    let mut engine = common::default_engine();
    let docs: BTreeMap<String, Vec<Token>> = (0..engine.len() as u32)
        .map(|n| {
            let d = engine.doc(n).unwrap();
            (d.id.clone(), tokenize(&format!("{} {}", d.title, d.body)))
        })
        .collect();
    let (mut shown, mut without) = (0, 0);
    for q in common::judged_queries() {
        let words = content_words(&q);
        // Correctly spelled: each word has a form somewhere in the digest.
        if words.is_empty() || !words.iter().all(|w| docs.values().any(|d| holds(d, w))) {
            continue;
        }
        for hit in common::search(&mut engine, &q, &Options::limit(10)).results {
            shown += 1;
            if !words.iter().any(|w| holds(&docs[&hit.id], w)) {
                without += 1;
                println!("  no query word: {q:?} shows {}", hit.id);
            }
        }
    }
    let share = f64::from(without) / f64::from(shown.max(1));
    println!(
        "results holding no query word: {without} of {shown} ({:.1}%)",
        share * 100.0
    );
    assert!(shown > 500, "{shown} results judged");
    assert!(
        share <= 0.02,
        "{without} of {shown} shown results hold no query word"
    );
}

#[test]
fn the_metrics_score_a_perfect_and_a_wrong_ranking_as_such() {
    let grades = vec![("a".to_string(), 3), ("b".to_string(), 1)];
    let ids = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert!((ndcg_at_10(&ids(&["a", "b"]), &grades) - 1.0).abs() < 1e-12);
    assert!(ndcg_at_10(&ids(&["b", "a"]), &grades) < 0.8);
    assert_eq!(ndcg_at_10(&ids(&["x"]), &grades), 0.0);
    assert_eq!(reciprocal_rank(&ids(&["x", "a"]), &grades), 0.5);
}
