//! Any string as a query on the default digest as a page over http searches
//! it (the embedded root, its small parts and meaning shards added as the
//! search names them): an answer, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::{Mutex, OnceLock};

use papersift::format::{decode, encode_split, Layout};
use papersift::{Engine, Options};
use std::collections::HashMap;

/// One engine for every input (searching updates its caches), and the parts
/// it may ask for.
type Shipped = (Engine, HashMap<String, Vec<u8>>);
static ENGINE: OnceLock<Mutex<Shipped>> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let engine = ENGINE.get_or_init(|| {
        // The embedded index cut as the site serves it, meaning included.
        let mut index = decode(papersift::EMBEDDED_WHOLE).unwrap();
        papersift::meaning::add_to(&mut index).unwrap();
        let split = encode_split(&index, Layout::small());
        let engine = Engine::from_bytes(&split.root).unwrap();
        Mutex::new((engine, split.files.into_iter().collect()))
    });
    let (engine, files) = &mut *engine.lock().unwrap();
    let query = String::from_utf8_lossy(data);
    let r = (engine.search_in(&query, &Options::limit(7), files))
        .expect("the parts named are the index's own");
    assert!(r.results.len() <= 7);
    assert!(r.results.windows(2).all(|w| w[0].score >= w[1].score));
});
