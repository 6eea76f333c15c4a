//! Any bytes as a digest: parsed, and when accepted, indexed, encoded,
//! decoded and searched, with nothing lost on the way.
#![no_main]

use libfuzzer_sys::fuzz_target;
use papersift::format::{decode, encode};
use papersift::{digest, index, Answer, Engine, Options};

fuzz_target!(|data: &[u8]| {
    let Ok(d) = digest::parse(data) else { return };
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
