//! Authors are a field of their own: a name finds its papers, `author:`
//! finds only the papers by that name (not those whose abstract or title
//! says it), a title outranks the authors and the authors the abstract,
//! and a split index answers as the whole one.

mod common;

use common::{files_of, ids, ready, search, search_loading};
use papersift::digest::{self, json};
use papersift::format::{encode, encode_split, Index, Layout};
use papersift::{index, Engine, Options};

const PAPERS: &str = concat!(
    r#"{"title": "Dynamic routing between capsules", "abstract": "Capsules are groups of neurons whose activity vector is an entity.", "authors": ["Sara Sabour", "Nicholas Frosst", "Geoffrey Hinton"]}"#,
    "\n",
    r#"{"title": "Dropout, revisited", "abstract": "We revisit the dropout of Hinton and colleagues on small networks.", "authors": ["Ada Lovelace"]}"#,
    "\n",
    r#"{"title": "Hinton diagrams for weight matrices", "abstract": "Squares whose size shows a weight make matrices readable.", "authors": ["Alan Turing", "Grace Hopper"]}"#,
    "\n",
    r#"{"title": "Deep learning", "abstract": "Deep learning lets models of many layers learn representations of data.", "authors": ["Yann LeCun", "Yoshua Bengio", "Geoffrey Hinton"]}"#,
    "\n",
    r#"{"title": "Streaming lower bounds", "abstract": "We prove lower bounds for streams of updates.", "authors": ["Grace Hopper"]}"#,
    "\n",
    r#"{"title": "Quantile sketches", "abstract": "We bound the error of quantile sketches in small space."}"#,
    "\n",
    r#"{"title": "Graph sparsifiers", "abstract": "Sparse graphs keep every cut of the dense ones within a small factor."}"#,
    "\n",
);

const CAPSULES: &str = "dynamic-routing-between-capsules";
const DROPOUT: &str = "dropout-revisited";
const DIAGRAMS: &str = "hinton-diagrams-for-weight-matrices";
const DEEP: &str = "deep-learning";

fn papers() -> Index {
    let parsed = json::parse_jsonl(PAPERS).unwrap();
    index::build(&digest::documents(&[parsed])).unwrap()
}

fn engine() -> Engine {
    Engine::new(papers())
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

#[test]
fn a_name_finds_its_papers_and_they_show_their_authors() {
    let mut e = engine();
    assert_eq!(ids(&mut e, "sabour"), [CAPSULES]);
    assert_eq!(ids(&mut e, "lecun bengio"), [DEEP]);
    assert_eq!(
        sorted(ids(&mut e, "hinton ")),
        sorted(
            vec![CAPSULES, DROPOUT, DIAGRAMS, DEEP]
                .into_iter()
                .map(String::from)
                .collect()
        ),
        "by him, about his dropout, his diagrams"
    );
    assert_eq!(ids(&mut e, "frost "), [CAPSULES], "a typo in a name");
    let hit = search(&mut e, "sabour", &Options::default())
        .results
        .remove(0);
    assert_eq!(
        hit.authors,
        ["Sara Sabour", "Nicholas Frosst", "Geoffrey Hinton"]
    );
}

#[test]
fn author_finds_only_the_papers_by_that_name() {
    let mut e = engine();
    let by_hinton = sorted(vec![CAPSULES.into(), DEEP.into()]);
    assert_eq!(sorted(ids(&mut e, "author:hinton")), by_hinton);
    assert_eq!(sorted(ids(&mut e, "authors:Hinton ")), by_hinton);
    assert_eq!(sorted(ids(&mut e, "author:\"geoffrey hinton\"")), by_hinton);
    assert!(
        ids(&mut e, "author:\"frosst geoffrey\"").is_empty(),
        "a quoted name stays within one author's name"
    );
    assert_eq!(ids(&mut e, "author:hinton +deep"), [DEEP]);
    assert_eq!(ids(&mut e, "capsules -author:hinton"), Vec::<String>::new());
    assert_eq!(
        ids(&mut e, "hinton -author:hinton "),
        ids(&mut e, "hinton -author:\"geoffrey hinton\" ")
    );
    assert_eq!(
        sorted(ids(&mut e, "hinton -author:hinton ")),
        sorted(vec![DROPOUT.into(), DIAGRAMS.into()])
    );
    assert_eq!(
        ids(&mut e, "abstract:hinton"),
        [DROPOUT],
        "authors are not the abstract"
    );
    assert_eq!(ids(&mut e, "title:hinton"), [DIAGRAMS]);
    assert_eq!(
        ids(&mut e, "author:hopper streaming"),
        ["streaming-lower-bounds", DIAGRAMS]
    );
}

#[test]
fn a_title_outranks_the_authors_and_the_authors_the_abstract() {
    let mut e = engine();
    let ranked = ids(&mut e, "hinton ");
    assert_eq!(ranked[0], DIAGRAMS, "in the title: {ranked:?}");
    assert_eq!(
        sorted(ranked[1..3].to_vec()),
        sorted(vec![CAPSULES.into(), DEEP.into()]),
        "among the authors: {ranked:?}"
    );
    assert_eq!(ranked[3], DROPOUT, "in the abstract: {ranked:?}");
}

#[test]
fn a_split_index_answers_author_queries_as_the_whole_one() {
    let index = papers();
    let mut whole = Engine::from_bytes(&encode(&index)).unwrap();
    let split = encode_split(
        &index,
        Layout {
            bucket_bytes: 64,
            shard_docs: 1,
            key_chars: 0,
        },
    );
    assert!(split.files.len() > 10, "many small parts");
    let files = files_of(&split);
    for q in [
        "hinton ",
        "hint",
        "author:hinton",
        "author:\"geoffrey hinton\"",
        "author:\"frosst geoffrey\"",
        "hinton -author:hinton ",
        "+author:hopper lower",
        "title:hinton",
        "abstract:hinton",
        "sabour capsules",
    ] {
        let a = ready(whole.search(q, &Options::default()));
        let mut fresh = Engine::from_bytes(&split.root).unwrap();
        let b = search_loading(&mut fresh, &files, q, &mut 0);
        let hits = |r: &papersift::Results| {
            (r.results.iter())
                .map(|h| (h.id.clone(), h.authors.clone(), h.score))
                .collect::<Vec<_>>()
        };
        assert_eq!(hits(&a), hits(&b), "{q:?}");
        assert_eq!(a.total, b.total, "{q:?}");
    }
}
