//! The word vectors that give papersift its sense of meaning: each word of
//! the neighbour table ([`crate::neighbours`], the 100,000 most frequent
//! plain English words) as the sentence transformer all-MiniLM-L6-v2 sees
//! it alone, distilled the way model2vec distils a model: the word through
//! the transformer, mean-pooled, the vectors centred and reduced by PCA to
//! [`DIMS`] dimensions, then product-quantised (a byte per 4 dimensions).
//!
//! `cargo xtask embeddings` writes `data/meaning/vectors.bin` once
//! (`xtask/vectors/distil.py`; provenance and licence in
//! `data/meaning/README.md`). The index build reads it to embed papers as
//! the mean of their words' vectors and to give each word its closest
//! papers (`crate::meaning`). Nothing here reaches the wasm.
//!
//! The bytes: `PSWV`, a version byte, then (little-endian) the word count
//! (u32), the dimensions (u16), the subspaces (u16), the centroids per
//! subspace (u16), the FNV-1a 64 hash of the table's words joined by `\n`
//! (u64); then the codebooks (f32, subspace by subspace, centroid by
//! centroid), then per word one code byte per subspace.

use std::fmt;

/// The dimensions of a word's vector.
pub const DIMS: usize = 256;

const MAGIC: &[u8; 4] = b"PSWV";
const VERSION: u8 = 1;
const HEADER: usize = 4 + 1 + 4 + 2 + 2 + 2 + 8;

/// Product-quantised word vectors, in the neighbour table's word order.
#[derive(Debug, Clone, PartialEq)]
pub struct WordVectors {
    count: usize,
    subspaces: usize,
    centroids: usize,
    /// The hash of the words they belong to (see [`words_hash`]).
    pub words_hash: u64,
    books: Vec<f32>,
    codes: Vec<u8>,
}

/// Why word-vector bytes could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VectorsError(String);

impl fmt::Display for VectorsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "word vectors: {} (rebuild them with `cargo xtask embeddings`)",
            self.0
        )
    }
}

impl std::error::Error for VectorsError {}

fn bad(what: &str) -> VectorsError {
    VectorsError(what.to_string())
}

/// The FNV-1a 64 hash of `words` joined by `\n`: ties the vectors to the
/// neighbour table they were distilled for.
pub fn words_hash(words: &[String]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (n, word) in words.iter().enumerate() {
        let sep = (n > 0).then_some(b'\n');
        for &b in sep.iter().chain(word.as_bytes()) {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

impl WordVectors {
    /// Reads vectors written by `xtask/vectors/distil.py`.
    pub fn decode(bytes: &[u8]) -> Result<WordVectors, VectorsError> {
        if bytes.len() < HEADER || &bytes[..4] != MAGIC {
            return Err(bad("not a word-vector table"));
        }
        if bytes[4] != VERSION {
            return Err(bad("another version"));
        }
        let u16_at = |at: usize| usize::from(u16::from_le_bytes([bytes[at], bytes[at + 1]]));
        let count = u32::from_le_bytes(bytes[5..9].try_into().expect("4 bytes")) as usize;
        let (dims, subspaces, centroids) = (u16_at(9), u16_at(11), u16_at(13));
        let words_hash = u64::from_le_bytes(bytes[15..23].try_into().expect("8 bytes"));
        if dims != DIMS || subspaces == 0 || dims % subspaces != 0 || centroids > 256 {
            return Err(bad("unexpected dimensions"));
        }
        let books_len = subspaces * centroids * (dims / subspaces);
        let rest = &bytes[HEADER..];
        if rest.len() != books_len * 4 + count * subspaces {
            return Err(bad("cut short or trailing bytes"));
        }
        let (books, codes) = rest.split_at(books_len * 4);
        if codes.iter().any(|&c| usize::from(c) >= centroids) {
            return Err(bad("a code out of range"));
        }
        Ok(WordVectors {
            count,
            subspaces,
            centroids,
            words_hash,
            books: (books.chunks_exact(4))
                .map(|c| f32::from_le_bytes(c.try_into().expect("4 bytes")))
                .collect(),
            codes: codes.to_vec(),
        })
    }

    /// Exact vectors for at most 256 words (one centroid a word in each
    /// subspace), for tests and small tables; `None` for more.
    pub fn exact(vectors: &[[f32; DIMS]], words_hash: u64) -> Option<WordVectors> {
        let (subspaces, sub) = (DIMS / 4, 4);
        if vectors.len() > 256 {
            return None;
        }
        let mut books = Vec::with_capacity(vectors.len() * DIMS);
        for s in 0..subspaces {
            for v in vectors {
                books.extend_from_slice(&v[s * sub..(s + 1) * sub]);
            }
        }
        let codes = (0..vectors.len())
            .flat_map(|n| std::iter::repeat_n(n as u8, subspaces))
            .collect();
        Some(WordVectors {
            count: vectors.len(),
            subspaces,
            centroids: vectors.len(),
            words_hash,
            books,
            codes,
        })
    }

    /// How many words have a vector.
    pub fn len(&self) -> usize {
        self.count
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Word `n`'s vector, of unit length (zero for an all-zero code).
    pub fn vector(&self, n: usize) -> [f32; DIMS] {
        let sub = DIMS / self.subspaces;
        let mut out = [0f32; DIMS];
        let codes = &self.codes[n * self.subspaces..(n + 1) * self.subspaces];
        for (s, &code) in codes.iter().enumerate() {
            let at = (s * self.centroids + usize::from(code)) * sub;
            out[s * sub..(s + 1) * sub].copy_from_slice(&self.books[at..at + sub]);
        }
        let norm = out.iter().map(|x| x * x).sum::<f32>().sqrt();
        if norm > 0.0 {
            out.iter_mut().for_each(|x| *x /= norm);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(codes: &[u8]) -> Vec<u8> {
        let (subspaces, centroids) = (64u16, 2u16);
        let mut out = MAGIC.to_vec();
        out.push(VERSION);
        out.extend_from_slice(&((codes.len() / 64) as u32).to_le_bytes());
        for v in [DIMS as u16, subspaces, centroids] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(&7u64.to_le_bytes());
        for s in 0..64 {
            for c in 0..2 {
                for d in 0..4 {
                    let x = if s == 0 && d == 0 {
                        1.0 + c as f32
                    } else {
                        0.0
                    };
                    out.extend_from_slice(&x.to_le_bytes());
                }
            }
        }
        out.extend_from_slice(codes);
        out
    }

    #[test]
    fn vectors_read_back_and_damage_is_named() {
        let bytes = table(&[1; 128]);
        let v = WordVectors::decode(&bytes).unwrap();
        assert_eq!((v.len(), v.words_hash), (2, 7));
        assert_eq!(v.vector(1)[0], 1.0, "unit length");
        assert!(WordVectors::decode(&bytes[..bytes.len() - 1]).is_err());
        let mut wrong = bytes.clone();
        *wrong.last_mut().unwrap() = 9;
        assert!(WordVectors::decode(&wrong).is_err(), "a code out of range");
    }

    #[test]
    fn the_words_hash_is_fnv1a_of_the_joined_words() {
        // FNV-1a 64 of "a\nb", as distil.py computes it.
        let words = ["a".to_string(), "b".to_string()];
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in b"a\nb" {
            h = (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
        assert_eq!(words_hash(&words), h);
    }
}
