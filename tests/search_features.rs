//! One test per search feature, on small digests built in memory.

mod common;

use common::{engine_of_texts as engine, ids, search};
use papersift::date::date_key;
use papersift::search::{DateRange, Sort};
use papersift::Options;

const ZOO: &str = "Aug 7

Networks of graphs

We study graphs and networks in many settings, with more words around them.

Network of graph

We study a graph and a network in one setting, with more words around it.

Trainable grape

A grape that is trainable, with more words around it here.

Trains

Models that trains on data, with more words around them here.

Layer normalization

Normalization of each layer, applied across features of one example.

Layer stacking and normalization

Another layer is stacked before normalization is applied to the inputs.
";

#[test]
fn exact_forms_rank_above_stemmed_forms() {
    let mut e = engine(&[ZOO]);
    assert_eq!(
        ids(&mut e, "networks graphs ")[..2],
        ["networks-of-graphs", "network-of-graph"]
    );
    assert_eq!(
        ids(&mut e, "network graph ")[..2],
        ["network-of-graph", "networks-of-graphs"]
    );
}

#[test]
fn stemmed_forms_rank_above_prefix_completions() {
    let mut e = engine(&[ZOO]);
    let r = ids(&mut e, "train");
    let stemmed = r.iter().position(|i| i == "trains").unwrap();
    let prefix = r.iter().position(|i| i == "trainable-grape").unwrap();
    assert!(stemmed < prefix, "{r:?}");
}

#[test]
fn typos_are_tried_only_for_words_that_match_nothing_as_typed() {
    let mut e = engine(&[ZOO]);
    // "graph" is in the index: "grape", one edit away, is not a match.
    let r = ids(&mut e, "graph ");
    assert!(!r.contains(&"trainable-grape".to_string()), "{r:?}");
    // "grapj" is not: its neighbours "graph" and "grape" both are.
    let r = ids(&mut e, "grapj ");
    for id in ["network-of-graph", "trainable-grape"] {
        assert!(r.contains(&id.to_string()), "{id} in {r:?}");
    }
}

#[test]
fn typos_allow_one_edit_from_four_letters_and_two_from_eight() {
    let mut e = engine(&[ZOO]);
    assert!(
        ids(&mut e, "netwrok ").contains(&"network-of-graph".to_string()),
        "transposition"
    );
    assert!(
        ids(&mut e, "grph ").contains(&"network-of-graph".to_string()),
        "four letters, one edit"
    );
    assert!(ids(&mut e, "grh ").is_empty(), "three letters: no typos");
    assert!(
        ids(&mut e, "nrmalizaton ").contains(&"layer-normalization".to_string()),
        "two edits"
    );
    assert!(ids(&mut e, "nrmlizaton ").is_empty(), "three edits");
}

#[test]
fn a_word_matching_nothing_gets_a_did_you_mean() {
    let mut e = engine(&[ZOO]);
    let r = search(&mut e, "layer normalizaton", &Options::default());
    assert_eq!(r.suggestion.as_deref(), Some("layer normalization"));
    assert_eq!(
        search(&mut e, "layer normalization", &Options::default()).suggestion,
        None
    );
}

#[test]
fn phrases_need_the_words_in_order() {
    let mut e = engine(&[ZOO]);
    assert_eq!(
        ids(&mut e, "\"layer normalization\""),
        ["layer-normalization"]
    );
    assert_eq!(
        ids(&mut e, "\"normalization of each\""),
        ["layer-normalization"]
    );
    assert_eq!(ids(&mut e, "layer normalization").len(), 2);
}

#[test]
fn exclusion_requirement_and_fields_filter() {
    let mut e = engine(&[ZOO]);
    assert_eq!(
        ids(&mut e, "layer normalization -stacking"),
        ["layer-normalization"]
    );
    assert_eq!(
        ids(&mut e, "layer -\"layer normalization\""),
        ["layer-stacking-and-normalization"]
    );
    assert_eq!(
        ids(&mut e, "normalization +stacked"),
        ["layer-stacking-and-normalization"]
    );
    assert_eq!(ids(&mut e, "title:grape")[0], "trainable-grape");
    assert!(ids(&mut e, "title:grape ")
        .iter()
        .all(|i| i != "layer-normalization"));
    assert!(ids(&mut e, "title:setting").is_empty());
    assert_eq!(ids(&mut e, "abstract:setting ").len(), 2);
    assert!(
        ids(&mut e, "-layer").is_empty(),
        "exclusion alone ranks nothing"
    );
    // Several exclusions and requirements combine.
    let mut with = |q: &str| ids(&mut e, q);
    let all = with("words ");
    assert!(all.len() >= 4, "{all:?}");
    let fewer = with("words -graph -grape");
    assert!(
        !fewer.is_empty() && fewer.len() + 3 <= all.len(),
        "{fewer:?}"
    );
    assert!(fewer
        .iter()
        .all(|i| !i.contains("graph") && !i.contains("grape")));
    assert_eq!(with("words +graph +network -many"), ["network-of-graph"]);
    assert_eq!(
        with("words +graph +network -one -many"),
        Vec::<String>::new()
    );
}

#[test]
fn british_and_american_spellings_and_plurals_meet() {
    let mut e = engine(&[ZOO]);
    assert_eq!(ids(&mut e, "normalisation ")[0], "layer-normalization");
    assert_eq!(ids(&mut e, "normalizations ")[0], "layer-normalization");
}

#[test]
fn highlights_cover_stemmed_prefix_and_typo_matches() {
    let mut e = engine(&[ZOO]);
    let hit = &search(&mut e, "netwrok grap", &Options::default()).results[0];
    let title: Vec<u16> = hit.title.encode_utf16().collect();
    let marked: Vec<String> = hit
        .title_highlights
        .iter()
        .map(|[s, e]| String::from_utf16(&title[*s as usize..*e as usize]).unwrap())
        .collect();
    assert!(marked.len() == 2, "{marked:?} in {}", hit.title);
}

#[test]
fn the_top_hit_stays_put_while_a_word_is_completed() {
    // As a page over http searches the embedded index: by its small parts.
    let (mut e, files) = common::shipped_engine();
    let mut top = |q: &str| -> String {
        let r = e.search_in(q, &Options::default(), &files).unwrap();
        r.results[0].id.clone()
    };
    for word in [
        "normalization",
        "reinforcement",
        "parallelism",
        "dictionary",
        "backpropagation",
        "quantization",
    ] {
        let full = top(word);
        // From six letters on; "quant" could as well be "quantum".
        for end in 6..word.len() {
            let partial = &word[..end];
            assert_eq!(top(partial), full, "{partial:?} vs {word:?}");
        }
    }
}

#[test]
fn several_digests_carry_dates_filter_sort_and_dedupe() {
    let aug7 =
        "Aug 7\n\nOld paper on graphs\n\nGraphs, old.\n\nShared paper on graphs\n\nSame text.\n";
    let aug9 =
        "Aug 9\n\nNew paper on graphs\n\nGraphs, new.\n\nShared paper on graphs\n\nSame text.\n";
    let mut e = engine(&[aug7, aug9]);
    assert_eq!(e.len(), 3, "the shared paper is kept once");
    let (first, last) = e.date_span().unwrap();
    assert_eq!(
        (first.iso(), last.iso()),
        ("--08-07".into(), "--08-09".into())
    );
    let by_date = Options {
        sort: Sort::Date,
        ..Options::default()
    };
    let r = search(&mut e, "graphs", &by_date);
    let dates: Vec<&str> = r.results.iter().map(|h| h.date.as_str()).collect();
    assert_eq!(dates, ["--08-09", "--08-07", "--08-07"], "ISO, no year");
    let only_9 = Options {
        from: date_key("Aug 8"),
        ..Options::default()
    };
    assert_eq!(
        search(&mut e, "graphs", &only_9)
            .results
            .iter()
            .map(|h| h.id.as_str())
            .collect::<Vec<_>>(),
        ["new-paper-on-graphs"]
    );
    let until_7 = Options {
        to: date_key("Aug 7"),
        ..Options::default()
    };
    assert_eq!(search(&mut e, "graphs", &until_7).total, 2);
    // Counts per date range, whatever the date filter says.
    let faceted = Options {
        facets: vec![
            DateRange::default(),
            DateRange {
                from: date_key("Aug 8"),
                to: None,
            },
            DateRange {
                from: date_key("2024-01-01"),
                to: None,
            },
        ],
        ..only_9
    };
    let r = search(&mut e, "graphs", &faceted);
    assert_eq!((r.total, r.facets), (1, vec![3, 1, 0]));
}

#[test]
fn stop_words_count_while_typed_and_are_dropped_when_complete() {
    let mut e = engine(&[ZOO]);
    assert!(
        ids(&mut e, "the").is_empty(),
        "nothing starts with \"the\" here"
    );
    assert_eq!(
        ids(&mut e, "tra")[0],
        "trains",
        "a short prefix still completes"
    );
    assert!(ids(&mut e, "the ").is_empty());
    assert_eq!(ids(&mut e, "the layer ").len(), 2);
}

const NEIGHBOURS: &str = "Aug 7

Learning to rank

Models learn to order documents.

Leaning towers

The meaning of leaning, and what it means.

Café culture

Coffee houses as places of debate.
";

#[test]
fn a_correctly_spelled_word_does_not_pull_in_its_typo_neighbours() {
    let mut e = engine(&[NEIGHBOURS]);
    for q in ["learning", "learning "] {
        let r = search(&mut e, q, &Options::default());
        let shown: Vec<&str> = r.results.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(shown, ["learning-to-rank"], "{q:?}");
        assert_eq!((r.total, r.suggestion), (1, None), "{q:?}");
    }
    // A misspelled word still finds its neighbours, and is corrected.
    let r = search(&mut e, "learnig ", &Options::default());
    assert_eq!(r.results[0].id, "learning-to-rank");
    assert_eq!(r.suggestion.as_deref(), Some("learning"));
}

#[test]
fn words_differing_only_in_accents_match_as_typed() {
    let mut e = engine(&[NEIGHBOURS]);
    for q in ["cafe ", "café ", "CAFE", "cafés"] {
        let r = search(&mut e, q, &Options::default());
        let shown: Vec<&str> = r.results.iter().map(|h| h.id.as_str()).collect();
        if q == "cafés" {
            // Not a twin (one letter more): a typo, corrected.
            assert_eq!(r.suggestion.as_deref(), Some("café"), "{q:?}");
            continue;
        }
        assert_eq!(shown, ["caf-culture"], "{q:?}");
        assert_eq!(r.suggestion, None, "{q:?}: no \"did you mean\"");
        let [s, e] = r.results[0].title_highlights[0];
        assert_eq!((s, e), (0, 4), "{q:?}: \"Café\" is marked");
    }
    assert_eq!(
        ids(&mut e, "\"cafe culture\""),
        ["caf-culture"],
        "in a phrase too"
    );
}

#[test]
fn a_huge_limit_neither_overflows_nor_loses_results() {
    let mut e = engine(&[ZOO]);
    for q in ["layer", "\"layer normalization\""] {
        let all = search(&mut e, q, &Options::limit(usize::MAX));
        assert_eq!(all.results.len(), all.total, "{q:?}");
        assert!(all.total >= 1);
    }
}

/// A pasted title (four words or more) counts the papers that score near
/// it, not every paper sharing one of its words; it still ranks its paper
/// first, then the same papers as without the floor, short of the far
/// tail. A query of
/// one to three words counts every paper it matches.
#[test]
fn a_pasted_title_counts_the_papers_near_it_and_short_queries_count_all() {
    use papersift::search::Params;
    let index = common::default_index();
    let every = Params {
        long_floor: 0.0,
        ..Params::default()
    };
    let mut near = papersift::Engine::new(index.clone());
    let mut all = papersift::Engine::new(index.clone()).with_params(every);
    let options = Options {
        meaning: false,
        ..Options::limit(3)
    };
    let (mut counted, mut sharing, mut titles) = (0, 0, 0);
    for doc in index
        .docs
        .iter()
        .filter(|d| d.title.split(' ').count() >= 10)
    {
        let a = search(&mut near, &doc.title, &options);
        let b = search(&mut all, &doc.title, &options);
        assert_eq!(
            a.results.first().map(|h| &h.id),
            Some(&doc.id),
            "{}",
            doc.title
        );
        // The same order, the far tail cut.
        assert_eq!(a.results, b.results[..a.results.len()], "{}", doc.title);
        assert!(a.total <= b.total);
        (counted, sharing, titles) = (counted + a.total, sharing + b.total, titles + 1);
    }
    assert!(titles >= 10, "{titles} long titles");
    assert!(
        counted * 4 < sharing,
        "{counted} papers near {titles} titles, of {sharing} sharing a word"
    );
    for short in ["pipeline parallelism", "large batch training", "adam"] {
        let a = search(&mut near, short, &options);
        assert_eq!(a.total, search(&mut all, short, &options).total, "{short}");
    }
}
