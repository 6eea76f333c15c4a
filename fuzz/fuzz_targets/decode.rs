//! Any bytes as an index file: a typed error or a working engine.
#![no_main]

use libfuzzer_sys::fuzz_target;
use papersift::format::decode_file;
use papersift::{Engine, Options};

fuzz_target!(|data: &[u8]| {
    let _ = decode_file(data);
    if let Ok(mut engine) = Engine::from_bytes(data) {
        let _ = engine.search("a", &Options::default());
        let _ = engine.search("graph netwrok \"a b\" -c", &Options::default());
    }
});
