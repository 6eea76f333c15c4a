//! Any string as a query on the default digest, meaning included: an
//! answer, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::{Mutex, OnceLock};

use papersift::{Answer, Engine, Options};

/// One engine for every input (searching updates its caches).
static ENGINE: OnceLock<Mutex<Engine>> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let engine = ENGINE.get_or_init(|| {
        // The embedded index, with the meaning lists a site serves beside it.
        let mut index = papersift::format::decode(papersift::EMBEDDED_INDEX).unwrap();
        papersift::meaning::add_to(&mut index).unwrap();
        Mutex::new(Engine::new(index))
    });
    let mut engine = engine.lock().unwrap();
    let query = String::from_utf8_lossy(data);
    let Answer::Ready(r) = engine.search(&query, &Options::limit(7)) else {
        panic!("a whole index built in memory misses nothing");
    };
    assert!(r.results.len() <= 7);
    assert!(r.results.windows(2).all(|w| w[0].score >= w[1].score));
});
