//! The encoded index: a golden file, and rejection of damaged bytes.
//!
//! Regenerate the golden file after an intended format change with
//! `PAPERSIFT_BLESS=1 cargo test --test index_format` (and bump
//! `FORMAT_VERSION` if old indexes can no longer be read).

mod common;

use common::{default_index, index_of_files, search};
use papersift::format::{
    decode, encode, encode_split, FormatError, Layout, FORMAT_VERSION, HEADER_LEN,
};
use papersift::{Engine, Options};

const GOLDEN: &str = "tests/fixtures/small.psi";

fn small_index_bytes() -> Vec<u8> {
    encode(&index_of_files(&["tests/fixtures/small.txt"]))
}

#[test]
fn the_small_fixture_encodes_to_the_golden_bytes() {
    let bytes = small_index_bytes();
    if std::env::var_os("PAPERSIFT_BLESS").is_some() {
        std::fs::write(GOLDEN, &bytes).unwrap();
    }
    let golden = std::fs::read(GOLDEN).expect("run with PAPERSIFT_BLESS=1 to create it");
    assert!(
        bytes == golden,
        "encoding changed ({} bytes, golden {}); see this file's header",
        bytes.len(),
        golden.len()
    );
    let index = decode(&golden).unwrap();
    let ids: Vec<&str> = index.docs.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "gpipe-efficient-training-of-giant-neural-networks-using-pipeline-parallelism",
            "layer-normalization",
            "layer-normalization-2"
        ]
    );
}

#[test]
fn every_truncation_is_rejected_without_panicking() {
    let bytes = small_index_bytes();
    for len in 0..bytes.len() {
        let err = decode(&bytes[..len]).unwrap_err();
        assert!(
            matches!(err, FormatError::Truncated | FormatError::BadMagic),
            "len {len}: {err}"
        );
    }
}

#[test]
fn every_single_bit_flip_is_rejected() {
    let bytes = small_index_bytes();
    for i in 0..bytes.len() {
        for bit in 0..8 {
            let mut bad = bytes.clone();
            bad[i] ^= 1 << bit;
            assert!(
                decode(&bad).is_err(),
                "flip of bit {bit} at byte {i} was accepted"
            );
        }
    }
}

#[test]
fn wrong_magic_and_version_say_what_to_do() {
    let mut bytes = small_index_bytes();
    bytes[4..6].copy_from_slice(&(FORMAT_VERSION + 1).to_le_bytes());
    let err = decode(&bytes).unwrap_err();
    assert_eq!(
        err,
        FormatError::UnsupportedVersion {
            found: FORMAT_VERSION + 1
        }
    );
    assert!(err.to_string().contains("rebuild the site"));
    bytes[0] = b'X';
    assert_eq!(decode(&bytes).unwrap_err(), FormatError::BadMagic);
}

/// Indexes written by older papersifts are refused, saying what to do.
#[test]
fn older_indexes_are_refused_with_a_rebuild_message() {
    for (file, version) in [
        ("tests/fixtures/small-v1.psi", 1),
        ("tests/fixtures/small-v2.psi", 2),
    ] {
        let old = std::fs::read(file).unwrap();
        let err = decode(&old).unwrap_err();
        assert_eq!(err, FormatError::UnsupportedVersion { found: version });
        let shown = err.to_string();
        let expected = format!(
            "version {version} is not supported: this papersift reads version {FORMAT_VERSION}"
        );
        assert!(
            shown.contains(&expected) && shown.contains("rebuild"),
            "{shown}"
        );
        assert!(Engine::from_bytes(&old).is_err());
    }
}

/// A valid checksum over nonsense: lengths must be checked, not trusted.
#[test]
fn absurd_lengths_with_a_valid_checksum_are_rejected() {
    for payload in [
        vec![0xff, 0xff, 0xff, 0xff, 0x0f],       // 4G dates
        vec![0x00, 0xff, 0xff, 0xff, 0xff, 0x0f], // 4G docs
        vec![0x01, 0xff, 0xff, 0xff, 0x7f, 0x00], // a 268 MB string
        vec![0xff; 20],                           // an endless varint
    ] {
        let mut bytes = Vec::new();
        bytes.extend_from_slice(b"PSFT");
        bytes.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        bytes.extend_from_slice(&[0, 0]);
        bytes.extend_from_slice(&(payload.len() as u32).to_le_bytes());
        bytes.extend_from_slice(&papersift::format::checksum(&payload).to_le_bytes());
        assert_eq!(bytes.len(), HEADER_LEN);
        bytes.extend_from_slice(&payload);
        assert!(matches!(
            decode(&bytes),
            Err(FormatError::Corrupt(_) | FormatError::Truncated)
        ));
    }
}

#[test]
fn the_embedded_index_is_the_default_digest() {
    // Its root, whose parts a page fetches; and its whole copy for disk.
    let mut engine = papersift::embedded().unwrap();
    assert_eq!(engine.len(), 64);
    assert!(matches!(
        engine.search("gpipe", &Options::default()),
        papersift::Answer::Missing(_)
    ));
    let split = encode_split(&common::with_meaning(default_index()), Layout::small());
    let files = common::files_of(&split);
    let mut whole = Engine::from_bytes(papersift::EMBEDDED_WHOLE).unwrap();
    for engine in [&mut engine, &mut whole] {
        let top = &engine
            .search_in("gpipe", &Options::default(), &files)
            .unwrap()
            .results[0];
        assert_eq!(
            top.title,
            "GPipe: Efficient Training of Giant Neural Networks using Pipeline Parallelism"
        );
    }
    // Decoding the small golden index gives a working engine too.
    let mut small = Engine::from_bytes(&std::fs::read(GOLDEN).unwrap()).unwrap();
    assert_eq!(
        search(&mut small, "normalisation", &Options::default()).total,
        2
    );
}
