//! Any string as a query on the default digest: an answer, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use papersift::{Engine, Options};

thread_local! {
    // The engine caches document words in cells, so it is per thread.
    static ENGINE: &'static Engine = Box::leak(Box::new(papersift::embedded().unwrap()));
}

fuzz_target!(|data: &[u8]| {
    let engine = ENGINE.with(|e| *e);
    let query = String::from_utf8_lossy(data);
    let r = engine.search(&query, &Options::limit(7));
    assert!(r.results.len() <= 7);
    assert!(r.results.windows(2).all(|w| w[0].score >= w[1].score));
});
