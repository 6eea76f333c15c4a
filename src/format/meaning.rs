//! The cut of an index's meaning lists into shards: which shard holds a
//! word, how many shards, and their files. A visitor's query fetches the
//! shards of its words only; their names carry a hash of them all, so a
//! rebuilt index never mixes with shards of an older one.

use super::codec::{checksum, frame, Writer};
use super::model::{Index, MeaningRef, MeaningShard, Related};
use super::write::write_meaning;
use super::KIND_MEANING;

/// About this many bytes of lists per shard: a query word costs one
/// request of a few KB (gzip makes it smaller still).
const SHARD_BYTES: usize = 3 * 1024;
/// At most this many shards.
const MAX_SHARDS: usize = 4096;

/// How many shards `lists` are cut into.
pub fn meaning_shards(lists: &[Related]) -> u32 {
    let bytes: usize = lists
        .iter()
        .map(|l| l.word.len() / 2 + 3 + l.docs.len() * 3)
        .sum();
    bytes.div_ceil(SHARD_BYTES).clamp(1, MAX_SHARDS) as u32
}

/// The shard that holds `word`'s list, of `shards`.
pub fn meaning_shard(word: &str, shards: u32) -> u32 {
    (checksum(word.as_bytes()) % u64::from(shards.max(1))) as u32
}

/// Files as `(name, bytes)`.
pub type Files = Vec<(String, Vec<u8>)>;

/// The meaning shards' reference (for the root) and files, when `index`
/// has meaning lists.
pub fn meaning_files(index: &Index) -> Option<(MeaningRef, Files)> {
    if index.meaning.is_empty() {
        return None;
    }
    let shards = meaning_shards(&index.meaning);
    let mut cut: Vec<MeaningShard> = (0..shards)
        .map(|shard| MeaningShard {
            shard,
            lists: Vec::new(),
        })
        .collect();
    for list in &index.meaning {
        cut[meaning_shard(&list.word, shards) as usize]
            .lists
            .push(list.clone());
    }
    let bytes: Vec<Vec<u8>> = cut
        .iter()
        .map(|shard| {
            let mut w = Writer(Vec::new());
            write_meaning(&mut w, shard);
            frame(KIND_MEANING, w.0)
        })
        .collect();
    let build = checksum(&bytes.concat()) as u32;
    let reference = MeaningRef { shards, build };
    let files = (bytes.into_iter().enumerate())
        .map(|(n, b)| (meaning_file(reference, n as u32), b))
        .collect();
    Some((reference, files))
}

/// `m-<build>-<n>.psi`.
pub fn meaning_file(reference: MeaningRef, shard: u32) -> String {
    format!("m-{:08x}-{shard}.psi", reference.build)
}

/// `files` and, beside each meaning shard, its classic-script twin
/// (`<name>.js`), which a page opened from disk (where `fetch` is refused)
/// loads instead: it stores the shard's bytes as base64 in
/// `self.papersiftParts[name]`.
#[cfg(not(target_arch = "wasm32"))]
pub fn with_script_twins(files: Files) -> Files {
    use base64::Engine as _;
    let mut out = Vec::with_capacity(files.len() * 2);
    for (name, bytes) in files {
        if name.starts_with("m-") {
            let text = base64::engine::general_purpose::STANDARD.encode(&bytes);
            let script =
                format!("(self.papersiftParts=self.papersiftParts||{{}})[{name:?}]=\"{text}\";\n");
            out.push((format!("{name}.js"), script.into_bytes()));
        }
        out.push((name, bytes));
    }
    out
}
