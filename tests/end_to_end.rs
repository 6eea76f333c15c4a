//! Digest → build → encode → decode → search, natively, on the default digest.

mod common;

use common::{default_index, search};
use papersift::format::{decode, encode, encode_split, Cut, Layout, SplitMode};
use papersift::{Engine, Options};

fn engine() -> Engine {
    Engine::new(decode(&encode(&default_index())).unwrap())
}

const GPIPE: &str = "gpipe-efficient-training-of-giant-neural-networks-using-pipeline-parallelism";

#[test]
fn gpipe_and_pipeline_parallelism_rank_the_gpipe_paper_first() {
    let mut engine = engine();
    for q in ["gpipe", "pipeline parallelism", "GPipe", "pipeline paral"] {
        let r = search(&mut engine, q, &Options::default());
        assert_eq!(r.results[0].id, GPIPE, "query {q:?}");
        assert_eq!(r.results[0].url, format!("#{GPIPE}"));
    }
}

#[test]
fn the_embedded_index_is_the_default_digest_cut_small_with_a_whole_copy_for_the_cli() {
    let index = common::with_meaning(default_index());
    let cut = SplitMode::Auto.cut(&index.docs);
    assert_eq!(
        cut,
        Cut::Split {
            layout: Layout::small(),
            disk_copy: true
        }
    );
    let split = encode_split(&index, Layout::small());
    assert_eq!(papersift::EMBEDDED_INDEX, split.root.as_slice());
    // Whole for the CLI, which builds the meaning lists again.
    let words = papersift::format::Index {
        meaning: Vec::new(),
        ..index
    };
    assert_eq!(papersift::EMBEDDED_WHOLE, encode(&words).as_slice());
}

#[test]
fn highlights_cover_exactly_the_matched_words_in_utf16() {
    let mut engine = engine();
    let r = search(&mut engine, "pipeline parallelism", &Options::limit(3));
    for hit in &r.results {
        let units: Vec<u16> = hit.excerpt.text.encode_utf16().collect();
        assert!(!hit.excerpt.highlights.is_empty() || !hit.title_highlights.is_empty());
        for [s, e] in &hit.excerpt.highlights {
            let word = String::from_utf16(&units[*s as usize..*e as usize])
                .unwrap()
                .to_lowercase();
            assert!(
                word.starts_with("pipelin") || word.starts_with("parallel"),
                "{word}"
            );
        }
    }
}

#[test]
fn limit_is_respected_and_scores_are_sorted() {
    let mut engine = engine();
    let r = search(&mut engine, "learning", &Options::limit(5));
    assert_eq!(r.results.len(), 5);
    assert!(r.total > 5);
    assert!(r.results.windows(2).all(|w| w[0].score >= w[1].score));
}
