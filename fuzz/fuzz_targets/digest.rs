//! Any bytes as a digest (the text dump, JSON Lines, or a daily-papers
//! listing: the first byte chooses): parsed, and when accepted, indexed,
//! encoded, decoded and searched, with nothing lost on the way.
#![no_main]

use libfuzzer_sys::fuzz_target;
use papersift::format::{decode, encode};
use papersift::{digest, index, Answer, Engine, Options};

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let text = || std::str::from_utf8(rest).ok();
    let parsed = match which % 3 {
        0 => digest::parse(rest).ok(),
        1 => text().and_then(|t| digest::json::parse_jsonl(t).ok()),
        _ => text().and_then(|t| digest::json::parse_listing(t).ok()),
    };
    let Some(d) = parsed else { return };
    let docs = digest::documents(&[d]);
    let built = index::build(&docs).expect("an accepted digest indexes");
    let bytes = encode(&built);
    assert_eq!(decode(&bytes).expect("own output decodes"), built);
    let mut engine = Engine::from_bytes(&bytes).unwrap();
    let word = docs[0].title.split_whitespace().next().unwrap_or("a");
    let Answer::Ready(r) = engine.search(word, &Options::default()) else {
        panic!("a whole index misses no parts");
    };
    assert!(r.results.len() <= 10);
});
