//! A split index answers like the whole one, loading only what queries ask.

mod common;

use std::collections::HashMap;

use common::{default_index, files_of, judged_queries as queries, ready, search_loading};
use papersift::format::{encode, encode_split, Layout};
use papersift::tokenize::term;
use papersift::{Engine, Options};

/// The default digest cut small: many buckets and doc shards.
fn small_split(index: &papersift::format::Index) -> papersift::format::SplitIndex {
    encode_split(
        index,
        Layout {
            bucket_bytes: 2048,
            shard_docs: 8,
            key_chars: 0,
        },
    )
}

#[test]
fn a_split_index_finds_the_same_top_hits_as_the_whole_one() {
    let index = default_index();
    let mut whole = Engine::from_bytes(&encode(&index)).unwrap();
    let split = small_split(&index);
    assert!(split.files.len() > 20, "small buckets: many files");
    let files = files_of(&split);
    let mut engine = Engine::from_bytes(&split.root).unwrap();
    assert!(engine.is_split() && !whole.is_split());

    let mut same_top = 0;
    let queries = queries();
    let mut most = 0;
    for q in &queries {
        let a = ready(whole.search(q, &Options::default()));
        // Each query on a fresh engine: what does it alone fetch?
        let mut fetched = 0;
        let mut fresh = Engine::from_bytes(&split.root).unwrap();
        let b = search_loading(&mut fresh, &files, q, &mut fetched);
        assert_eq!(b, search_loading(&mut engine, &files, q, &mut 0));
        most = most.max(fetched);
        if a.results.first().map(|h| &h.id) == b.results.first().map(|h| &h.id) {
            same_top += 1;
        }
    }
    // A word being typed with a typo in its first letters may miss on a
    // split index (documented); everything else must agree.
    assert!(
        same_top * 100 >= queries.len() * 95,
        "{same_top}/{} top hits agree",
        queries.len()
    );
    assert!(
        most < files.len(),
        "a query fetched {most} of {} files",
        files.len()
    );
}

#[test]
fn answers_do_not_depend_on_what_was_loaded_before() {
    let index = default_index();
    let split = small_split(&index);
    let files = files_of(&split);
    let mut cold = Engine::from_bytes(&split.root).unwrap();
    let mut warm = Engine::from_bytes(&split.root).unwrap();
    for (name, bytes) in &files {
        warm.add_part(name, bytes).unwrap();
    }
    let mut n = 0;
    for q in queries() {
        let a = search_loading(&mut cold, &files, &q, &mut n);
        let b = ready(warm.search(&q, &Options::default()));
        assert_eq!(a, b, "{q:?}");
    }
}

#[test]
fn a_wrong_or_foreign_part_is_refused() {
    let index = default_index();
    let split = small_split(&index);
    let mut engine = Engine::from_bytes(&split.root).unwrap();
    let (name, bytes) = &split.files[0];
    let (other, _) = &split.files[1];
    assert!(engine
        .add_part("nope.psi", bytes)
        .unwrap_err()
        .to_string()
        .contains("not part of this index"));
    assert!(
        engine.add_part(other, bytes).is_err(),
        "a file under another file's name"
    );
    let mut damaged = bytes.clone();
    *damaged.last_mut().unwrap() ^= 1;
    assert!(engine.add_part(name, &damaged).is_err());
    assert!(engine.add_part(name, bytes).is_ok());
    assert!(Engine::from_bytes(bytes).is_err(), "a part is not a root");
}

#[test]
fn a_bounded_part_cache_drops_old_parts_and_answers_the_same() {
    let index = default_index();
    let split = encode_split(
        &index,
        Layout {
            bucket_bytes: 1024,
            shard_docs: 2,
            key_chars: 0,
        },
    );
    let files: HashMap<String, Vec<u8>> = files_of(&split);
    let biggest = files.values().map(Vec::len).max().unwrap();
    let all: usize = files.values().map(Vec::len).sum();
    // Room for a few parts only: nearly every query drops some.
    let budget = 4 * biggest;
    assert!(budget < all / 4, "the budget must force evictions");
    let mut unbounded = Engine::from_bytes(&split.root).unwrap();
    let mut bounded = Engine::from_bytes(&split.root)
        .unwrap()
        .with_part_cache(budget);
    let (mut fetched_unbounded, mut fetched_bounded) = (0, 0);
    let mut most = 0;
    for round in 0..2 {
        for q in queries() {
            let a = search_loading(&mut unbounded, &files, &q, &mut fetched_unbounded);
            let mut fetched = 0;
            let b = search_loading(&mut bounded, &files, &q, &mut fetched);
            fetched_bounded += fetched;
            assert_eq!(a, b, "round {round}: {q:?}");
            // Over budget only by the parts the latest query itself uses
            // (all that a fresh engine fetches for it).
            let mut uses = 0;
            let mut fresh = Engine::from_bytes(&split.root).unwrap();
            search_loading(&mut fresh, &files, &q, &mut uses);
            assert!(
                bounded.cached_bytes() <= budget.max(uses * biggest),
                "{q:?}: {} cached",
                bounded.cached_bytes()
            );
            most = most.max(bounded.cached_bytes());
        }
    }
    assert!(
        most < unbounded.cached_bytes() / 2,
        "the cache stayed bounded ({most} of {} bytes)",
        unbounded.cached_bytes()
    );
    // Dropped parts were fetched again when queries came back to them.
    assert!(fetched_bounded > fetched_unbounded);
}

/// Cut small, as the default site is, buckets never split words sharing
/// their first two letters, and start at those letters: a typo after the
/// second letter is corrected as on the whole index, wherever it sorts
/// ("traace" before "trace", "trcae" after). (The whole index may also
/// offer words that begin otherwise: "cature" → "nature", not "capture".)
#[test]
fn the_small_cut_finds_every_typo_after_the_second_letter() {
    let (mut shipped, files) = common::shipped_engine();
    let mut whole = common::default_engine();
    let titles = common::default_index().docs.into_iter().map(|d| d.title);
    let mut words: Vec<String> = titles
        .flat_map(|t| t.split(' ').map(str::to_lowercase).collect::<Vec<_>>())
        .filter(|w| w.len() >= 6 && w.chars().all(|c| c.is_ascii_lowercase()))
        .collect();
    words.sort_unstable();
    words.dedup();
    let options = Options {
        meaning: false,
        ..Options::limit(5)
    };
    let mut checked = 0;
    for word in &words {
        let b = word.as_bytes();
        // Doubled, dropped and swapped letters, all after the second.
        let typos = [
            format!("{}{}", &word[..3], &word[2..]),
            format!("{}{}", &word[..2], &word[3..]),
            format!(
                "{}{}{}{}",
                &word[..2],
                b[3] as char,
                b[2] as char,
                &word[4..]
            ),
        ];
        for typo in typos {
            let expected = common::search(&mut whole, &typo, &options).suggestion;
            let got = shipped.search_in(&typo, &options, &files).unwrap();
            // The same correction, unless the whole index's begins
            // otherwise (then an equally near one that does not).
            match expected {
                Some(e) if e.starts_with(&typo[..2]) => {
                    assert_eq!(got.suggestion, Some(e), "{typo:?} (from {word:?})")
                }
                Some(_) => assert!(got.suggestion.is_some(), "{typo:?}"),
                None => assert_eq!(got.suggestion, None, "{typo:?}"),
            }
            checked += 1;
        }
    }
    assert!(checked > 300, "{checked} typos");
}

/// The four slips of a finger at `at` (0: the first letter, 1: the
/// second): the letter dropped, swapped with the next, replaced by the
/// next in the alphabet, and that letter added before it.
fn early_typos(word: &str, at: usize) -> [String; 4] {
    let c: Vec<char> = word.chars().collect();
    let next = |x: char| char::from(b'a' + (x as u8 - b'a' + 1) % 26);
    let with = |edit: &dyn Fn(&mut Vec<char>)| {
        let mut t = c.clone();
        edit(&mut t);
        t.into_iter().collect::<String>()
    };
    [
        with(&|t| {
            t.remove(at);
        }),
        with(&|t| t.swap(at, at + 1)),
        with(&|t| t[at] = next(c[at])),
        with(&|t| t.insert(at, next(c[at]))),
    ]
}

/// Every title word of six letters or more, with a slip in its first or
/// second letter, finds a paper holding it: on the whole index, and on the
/// small and the default cut, whose buckets hold words that begin alike
/// (the typo shards hold those that end alike). A slip that makes another
/// word of the index ("deiting": "DeiT") is that word, not a typo: left
/// out. A paper holds a word when it holds a form of it ("improves" for
/// "improve").
#[test]
fn a_slip_in_the_first_two_letters_is_found_on_every_cut() {
    let index = default_index();
    let docs = index.docs.clone();
    let terms: std::collections::HashSet<&str> =
        index.terms.iter().map(|t| t.text.as_str()).collect();
    // A paper holds a word when it holds a form of it (its term).
    let holds = |id: &str, word: &str| {
        let d = docs.iter().find(|d| d.id == id).unwrap();
        let text = format!("{} {}", d.title, d.body).to_lowercase();
        let held =
            papersift::tokenize::word_spans(&text).any(|(s, e)| term(&text[s..e]) == term(word));
        held
    };
    let mut words: Vec<String> = (docs.iter())
        .flat_map(|d| {
            d.title
                .split(' ')
                .map(str::to_lowercase)
                .collect::<Vec<_>>()
        })
        .filter(|w| w.len() >= 6 && w.chars().all(|c| c.is_ascii_lowercase()))
        .filter(|w| term(w).is_some()) // not a stop word
        .collect();
    words.sort_unstable();
    words.dedup();
    let cut = |layout| {
        let split = encode_split(&index, layout);
        (split.root.clone(), files_of(&split))
    };
    let cuts = [
        ("whole", (encode(&index), HashMap::new())),
        ("small", cut(Layout::small())),
        ("default", cut(Layout::default())),
    ];
    let options = Options {
        meaning: false,
        ..Options::limit(10)
    };
    let mut checked = 0;
    let mut missed = Vec::new();
    for (name, (root, files)) in &cuts {
        let mut engine = Engine::from_bytes(root).unwrap();
        for word in &words {
            for typo in [early_typos(word, 0), early_typos(word, 1)].concat() {
                if term(&typo).is_some_and(|t| terms.contains(t.as_str())) {
                    continue;
                }
                let found = engine.search_in(&typo, &options, files).unwrap();
                if !found.results.iter().any(|h| holds(&h.id, word)) {
                    missed.push(format!("{name}: {typo:?} (for {word:?})"));
                }
                checked += 1;
            }
        }
    }
    assert!(missed.is_empty(), "{} missed: {missed:#?}", missed.len());
    assert!(checked > 3 * 8 * 100, "{checked} typos");
}
