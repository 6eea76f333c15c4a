//! Ranking by meaning through the files a site serves: the meaning shards
//! of a whole or split index, fetched after the words' first answer, give
//! the same ranking as the index built in memory; a shard of another build
//! or a damaged one is refused with an error; meaning off is the words'
//! ranking.

mod common;

use std::collections::HashMap;

use common::{default_index, with_meaning};
use papersift::format::{encode, encode_split, meaning_files, Layout};
use papersift::{Answer, Engine, Options};

/// A paraphrase of the GPipe paper sharing no word with its title.
const PARAPHRASE: &str = "chopping an enormous model into consecutive stages over many chips";

fn ids(results: &papersift::Results) -> Vec<String> {
    results.results.iter().map(|h| h.id.clone()).collect()
}

/// Searches, adding missing and pending parts from `files` until the answer
/// is final; returns it with the first (words-only) answer's ids.
fn search_all(
    engine: &mut Engine,
    files: &HashMap<String, Vec<u8>>,
    q: &str,
) -> (Vec<String>, papersift::Results) {
    let mut first = None;
    for _ in 0..6 {
        match engine.search(q, &Options::default()) {
            Answer::Missing(names) => {
                for n in names {
                    engine.add_part(&n, &files[&n]).unwrap();
                }
            }
            Answer::Ready(r) if r.pending.is_empty() => {
                return (first.unwrap_or_else(|| ids(&r)), r);
            }
            Answer::Ready(r) => {
                first.get_or_insert_with(|| ids(&r));
                for n in &r.pending {
                    engine.add_part(n, &files[n]).unwrap();
                }
            }
        }
    }
    panic!("{q:?} never settled");
}

#[test]
fn a_whole_index_ranks_by_meaning_once_its_shards_arrive() {
    let index = with_meaning(default_index());
    let (_, shards) = meaning_files(&index).unwrap();
    let files: HashMap<_, _> = shards.into_iter().collect();
    let mut served = Engine::from_bytes(&encode(&index)).unwrap();
    let mut built = Engine::new(index);
    let (words, settled) = search_all(&mut served, &files, PARAPHRASE);
    let in_memory = common::search(&mut built, PARAPHRASE, &Options::default());
    assert_eq!(ids(&settled), ids(&in_memory));
    assert!(settled.results[0].id.starts_with("gpipe-"), "{settled:?}");
    assert_ne!(words, ids(&settled), "meaning changed the ranking");
    let lexical = Options {
        meaning: false,
        ..Options::default()
    };
    let by_words = common::search(&mut built, PARAPHRASE, &lexical);
    assert_eq!(ids(&by_words), words, "the first answer is the words'");
}

#[test]
fn a_split_index_ranks_by_meaning_as_one_built_in_memory() {
    let index = with_meaning(default_index());
    let split = encode_split(&index, Layout::default());
    let files = common::files_of(&split);
    assert!(files.keys().any(|n| n.starts_with("m-")));
    let mut served = Engine::from_bytes(&split.root).unwrap();
    let mut built = Engine::new(index);
    // The best few agree (a split index's words can differ further down:
    // typos and surface forms are looked up in one bucket, ARCHITECTURE.md).
    for q in [
        PARAPHRASE,
        "layer normalization",
        "why do bigger nets sometimes test worse",
    ] {
        let (_, settled) = search_all(&mut served, &files, q);
        let in_memory = common::search(&mut built, q, &Options::default());
        assert_eq!(ids(&settled)[..3], ids(&in_memory)[..3], "{q:?}");
    }
}

#[test]
fn an_exact_title_ranks_the_same_with_and_without_meaning() {
    let mut engine = common::default_engine();
    let lexical = Options {
        meaning: false,
        ..Options::default()
    };
    for title in [
        "Layer Normalization",
        "Symbolic Discovery of Optimization Algorithms",
    ] {
        let with = common::search(&mut engine, title, &Options::default());
        let without = common::search(&mut engine, title, &lexical);
        assert_eq!(ids(&with), ids(&without), "{title:?}");
        assert_eq!(with.results[0].title, title);
    }
}

#[test]
fn shards_of_another_build_or_damaged_ones_are_refused() {
    let index = with_meaning(default_index());
    let (_, shards) = meaning_files(&index).unwrap();
    let mut engine = Engine::from_bytes(&encode(&index)).unwrap();
    let (name, bytes) = &shards[0];
    let other = name.replacen("m-", "m-0", 1);
    assert!(engine.add_part(&other, bytes).is_err(), "unknown name");
    assert!(engine.add_part(&shards[1].0, bytes).is_err(), "wrong shard");
    let mut damaged = bytes.clone();
    let last = damaged.len() - 1;
    damaged[last] ^= 0x55;
    assert!(engine.add_part(name, &damaged).is_err(), "checksum");
    // And the engine still answers by the words.
    let r = common::search(&mut engine, PARAPHRASE, &Options::default());
    assert!(!r.results.is_empty() && !r.pending.is_empty());
}

/// `n` as a LEB128 varint, as the format writes integers.
fn varint(mut n: u32) -> Vec<u8> {
    let mut out = Vec::new();
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
    out
}

/// `payload` framed as a file of `kind` (the header of `format/codec.rs`).
fn framed(kind: u8, payload: &[u8]) -> Vec<u8> {
    let mut out = papersift::format::MAGIC.to_vec();
    out.extend_from_slice(&papersift::FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&[kind, 0]);
    out.extend_from_slice(&(payload.len() as u32).to_le_bytes());
    out.extend_from_slice(&papersift::format::checksum(payload).to_le_bytes());
    out.extend_from_slice(payload);
    out
}

#[test]
fn a_root_naming_more_meaning_shards_than_a_build_writes_is_refused() {
    // A split root without meaning ends with a 0 (no meaning shards), then
    // its typo shards' count and build: claim 2^32 - 1 meaning shards
    // instead, which no build writes.
    let split = encode_split(&default_index(), Layout::default());
    let payload = &split.root[papersift::format::HEADER_LEN..];
    let Ok(papersift::format::File::Root(root)) = papersift::format::decode_file(&split.root)
    else {
        panic!("a split index's root");
    };
    let typos = root.typos.expect("a split index has typo shards");
    let mut tail = varint(typos.shards);
    tail.extend(varint(typos.build));
    let at = payload.len() - tail.len() - 1;
    assert_eq!((payload[at], &payload[at + 1..]), (0, &tail[..]));
    let mut hostile = payload[..at].to_vec();
    hostile.extend_from_slice(&[0xff, 0xff, 0xff, 0xff, 0x0f, 1]);
    hostile.extend(tail);
    let err = Engine::from_bytes(&framed(1, &hostile))
        .err()
        .expect("refused");
    assert!(err.to_string().contains("meaning"), "{err}");
}

#[test]
fn a_meaning_list_pointing_past_the_papers_is_refused_or_left_out() {
    let mut index =
        common::index_of_texts(&["Daily Papers\n\nAug 7\n\nGraph networks\n\nWe study graphs.\n"]);
    index.meaning = vec![papersift::format::Related {
        word: "graph".into(),
        weight: 200,
        words: vec!["graph".into()],
        docs: vec![(0, 255), (5, 100)],
    }];
    // Served: its shard is refused (Mismatch), and the words still answer.
    let (_, shards) = meaning_files(&index).unwrap();
    let mut served = Engine::from_bytes(&encode(&index)).unwrap();
    let err = served.add_part(&shards[0].0, &shards[0].1).unwrap_err();
    assert!(matches!(err, papersift::LoadError::Mismatch(_)), "{err}");
    // Built in memory: the list is left out.
    let mut built = Engine::new(index);
    let r = common::search(&mut built, "graph", &Options::default());
    assert_eq!(r.total, 1);
}

#[test]
fn a_paper_found_by_meaning_marks_the_words_that_brought_it() {
    // The bilevel paper says "upper-level", not "outer": meaning brings it
    // first, and its excerpt marks the word that brought it.
    let q = "leader-follower tuning when the outer derivative blows up, as in recurrent nets";
    let mut engine = common::default_engine();
    let marked = |r: &papersift::Results, n: usize| -> Vec<String> {
        let hit = &r.results[n];
        let utf16: Vec<u16> = hit.excerpt.text.encode_utf16().collect();
        (hit.excerpt.highlights.iter())
            .map(|&[s, e]| String::from_utf16(&utf16[s as usize..e as usize]).unwrap())
            .map(|w| w.to_lowercase())
            .collect()
    };
    let r = common::search(&mut engine, q, &Options::default());
    assert!(r.results[0].id.starts_with("bilevel-optimization-under-"));
    let stems: Vec<_> = (q.split(|c: char| !c.is_alphanumeric()))
        .map(papersift::tokenize::term)
        .collect();
    let brought: Vec<String> = (marked(&r, 0).into_iter())
        .filter(|w| !stems.contains(&papersift::tokenize::term(w)))
        .collect();
    assert!(
        !brought.is_empty(),
        "a word no query word stems to is marked"
    );
    // By the words alone, those are marked nowhere.
    let lexical = Options {
        meaning: false,
        ..Options::default()
    };
    let r = common::search(&mut engine, q, &lexical);
    for n in 0..r.results.len() {
        let words = marked(&r, n);
        assert!(brought.iter().all(|b| !words.contains(b)), "{words:?}");
    }
}
