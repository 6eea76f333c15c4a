//! The binary index format: [`Index`] in memory, [`encode`] and [`decode`].
//!
//! ```text
//! header   magic "PSFT" | version u16 LE | flags u16 LE (0) |
//!          payload length u32 LE | FNV-1a 64 checksum of the payload u64 LE
//! payload  dates:  n, then n strings
//!          docs:   n, then per doc: id, title, body (strings), date index
//!          lengths per doc: title words, body words (index terms only)
//!          terms:  n, sorted; per term: front-coded text, then its postings:
//!                  count, then per posting: doc delta, title tf, body tf
//!          words:  n, sorted; per word: front-coded text, term index
//! ```
//! Integers in the payload are LEB128 varints; a string is a varint byte
//! length and UTF-8 bytes; front coding is a varint count of bytes shared
//! with the previous entry, then the rest as a string. *Terms* are the
//! stemmed index terms; *words* are every lower-cased surface word seen,
//! pointing at its term, so that as-you-type prefixes and typos are matched
//! against what users actually type.
//!
//! Decoding checks the header, the checksum and every length against the
//! bytes left before allocating, so bad input gives a [`FormatError`], never
//! a panic or a huge allocation.

use std::fmt;

/// The format version this build writes and reads.
pub const FORMAT_VERSION: u16 = 1;
/// The first bytes of every index.
pub const MAGIC: [u8; 4] = *b"PSFT";
/// Header size in bytes.
pub const HEADER_LEN: usize = 20;

/// A searchable index, as encoded in the build and decoded by the engine.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Index {
    /// The documents, in index order.
    pub docs: Vec<Doc>,
    /// Index terms, sorted by text.
    pub terms: Vec<Term>,
    /// Surface words, sorted by text.
    pub words: Vec<Word>,
}

/// One document: what a result shows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Doc {
    /// Stable id, the page anchor.
    pub id: String,
    /// Title.
    pub title: String,
    /// Abstract.
    pub body: String,
    /// Date of its digest, or empty.
    pub date: String,
    /// Number of index terms in title and body (stop words excluded).
    pub lengths: [u32; 2],
}

/// An index term and the documents that contain it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Term {
    /// The stemmed term.
    pub text: String,
    /// Postings, sorted by document.
    pub postings: Vec<Posting>,
}

/// One document containing a term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Posting {
    /// Document number.
    pub doc: u32,
    /// Occurrences in the title and in the body.
    pub tf: [u32; 2],
}

/// A surface word and the term it stems to.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Word {
    /// The lower-cased word as written in some document.
    pub text: String,
    /// Index into [`Index::terms`].
    pub term: u32,
}

/// Why bytes are not a readable index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormatError {
    /// Does not start with [`MAGIC`]: not a papersift index at all.
    BadMagic,
    /// Written by another version of papersift.
    UnsupportedVersion {
        /// The version in the header.
        found: u16,
    },
    /// Shorter than its header says.
    Truncated,
    /// The payload does not match its checksum: damaged in transit or on disk.
    ChecksumMismatch,
    /// The checksum matched but the content is inconsistent.
    Corrupt(&'static str),
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FormatError::BadMagic => write!(f, "not a papersift index (bad magic bytes)"),
            FormatError::UnsupportedVersion { found } => write!(
                f,
                "index format version {found} is not supported: this papersift reads version \
                 {FORMAT_VERSION}; rebuild the site with this papersift, or use the papersift \
                 that wrote it"
            ),
            FormatError::Truncated => write!(f, "the index is truncated"),
            FormatError::ChecksumMismatch => {
                write!(f, "the index is damaged (checksum mismatch)")
            }
            FormatError::Corrupt(what) => write!(f, "the index is corrupt: {what}"),
        }
    }
}

impl std::error::Error for FormatError {}

/// FNV-1a, 64 bits: enough to catch damage, small enough for the wasm.
pub fn checksum(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// Serialises an index.
pub fn encode(index: &Index) -> Vec<u8> {
    let mut w = Writer(Vec::new());
    let mut dates: Vec<&str> = index.docs.iter().map(|d| d.date.as_str()).collect();
    dates.sort_unstable();
    dates.dedup();
    w.uint(dates.len());
    for date in &dates {
        w.str(date);
    }
    w.uint(index.docs.len());
    for doc in &index.docs {
        w.str(&doc.id);
        w.str(&doc.title);
        w.str(&doc.body);
        w.uint(dates.binary_search(&doc.date.as_str()).unwrap_or(0));
        w.uint(doc.lengths[0] as usize);
        w.uint(doc.lengths[1] as usize);
    }
    w.uint(index.terms.len());
    let mut prev = "";
    for term in &index.terms {
        w.front_coded(prev, &term.text);
        prev = &term.text;
        w.uint(term.postings.len());
        let mut last = 0;
        for p in &term.postings {
            w.uint((p.doc - last) as usize);
            last = p.doc;
            w.uint(p.tf[0] as usize);
            w.uint(p.tf[1] as usize);
        }
    }
    w.uint(index.words.len());
    let mut prev = "";
    for word in &index.words {
        w.front_coded(prev, &word.text);
        prev = &word.text;
        w.uint(word.term as usize);
    }
    let payload = w.0;
    let mut out = Vec::with_capacity(HEADER_LEN + payload.len());
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out.extend_from_slice(&(payload.len() as u32).to_le_bytes());
    out.extend_from_slice(&checksum(&payload).to_le_bytes());
    out.extend_from_slice(&payload);
    out
}

/// Reads an index written by [`encode`].
pub fn decode(bytes: &[u8]) -> Result<Index, FormatError> {
    if bytes.len() < 4 || bytes[..4] != MAGIC {
        return Err(FormatError::BadMagic);
    }
    if bytes.len() < HEADER_LEN {
        return Err(FormatError::Truncated);
    }
    let u16_at = |i: usize| u16::from_le_bytes([bytes[i], bytes[i + 1]]);
    let version = u16_at(4);
    if version != FORMAT_VERSION {
        return Err(FormatError::UnsupportedVersion { found: version });
    }
    if u16_at(6) != 0 {
        return Err(FormatError::Corrupt("unknown flags"));
    }
    let len = u32::from_le_bytes(bytes[8..12].try_into().expect("4 bytes")) as usize;
    let sum = u64::from_le_bytes(bytes[12..20].try_into().expect("8 bytes"));
    let payload = &bytes[HEADER_LEN..];
    if payload.len() < len {
        return Err(FormatError::Truncated);
    }
    if payload.len() > len {
        return Err(FormatError::Corrupt("trailing bytes after the payload"));
    }
    if checksum(payload) != sum {
        return Err(FormatError::ChecksumMismatch);
    }

    let mut r = Reader { bytes: payload };
    let n_dates = r.len(1)?;
    let mut dates = Vec::with_capacity(n_dates);
    for _ in 0..n_dates {
        dates.push(r.string()?);
    }
    let n_docs = r.len(6)?;
    let mut docs = Vec::with_capacity(n_docs);
    for _ in 0..n_docs {
        let id = r.string()?;
        let title = r.string()?;
        let body = r.string()?;
        let date = dates
            .get(r.uint()?)
            .ok_or(FormatError::Corrupt("date out of range"))?
            .clone();
        let lengths = [r.u32()?, r.u32()?];
        docs.push(Doc {
            id,
            title,
            body,
            date,
            lengths,
        });
    }
    let n_terms = r.len(2)?;
    let mut terms: Vec<Term> = Vec::with_capacity(n_terms);
    for _ in 0..n_terms {
        let text = r.front_coded(terms.last().map_or("", |t| &t.text))?;
        let n = r.len(3)?;
        let mut postings = Vec::with_capacity(n);
        let mut doc = 0u32;
        for i in 0..n {
            let delta = r.u32()?;
            if i > 0 && delta == 0 {
                return Err(FormatError::Corrupt("postings out of order"));
            }
            doc = doc
                .checked_add(delta)
                .filter(|&d| (d as usize) < n_docs)
                .ok_or(FormatError::Corrupt("posting for a missing document"))?;
            postings.push(Posting {
                doc,
                tf: [r.u32()?, r.u32()?],
            });
        }
        terms.push(Term { text, postings });
    }
    let n_words = r.len(2)?;
    let mut words: Vec<Word> = Vec::with_capacity(n_words);
    for _ in 0..n_words {
        let text = r.front_coded(words.last().map_or("", |w| &w.text))?;
        let term = r.u32()?;
        if term as usize >= n_terms {
            return Err(FormatError::Corrupt("word for a missing term"));
        }
        words.push(Word { text, term });
    }
    if !r.bytes.is_empty() {
        return Err(FormatError::Corrupt("unread bytes at the end"));
    }
    let sorted = |a: &str, b: &str| a < b;
    if !terms.windows(2).all(|w| sorted(&w[0].text, &w[1].text))
        || !words.windows(2).all(|w| sorted(&w[0].text, &w[1].text))
    {
        return Err(FormatError::Corrupt("vocabulary not sorted"));
    }
    Ok(Index { docs, terms, words })
}

struct Writer(Vec<u8>);

impl Writer {
    fn uint(&mut self, mut v: usize) {
        while v >= 0x80 {
            self.0.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.0.push(v as u8);
    }

    fn str(&mut self, s: &str) {
        self.uint(s.len());
        self.0.extend_from_slice(s.as_bytes());
    }

    fn front_coded(&mut self, prev: &str, s: &str) {
        let shared = prev
            .bytes()
            .zip(s.bytes())
            .take_while(|(a, b)| a == b)
            .count();
        // Share whole characters only, so each suffix is valid UTF-8.
        let shared = (0..=shared)
            .rev()
            .find(|&i| s.is_char_boundary(i))
            .unwrap_or(0);
        self.uint(shared);
        self.str(&s[shared..]);
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
}

impl Reader<'_> {
    fn uint(&mut self) -> Result<usize, FormatError> {
        let mut v: u64 = 0;
        for shift in (0..64).step_by(7) {
            let (&b, rest) = self.bytes.split_first().ok_or(FormatError::Truncated)?;
            self.bytes = rest;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return usize::try_from(v).map_err(|_| FormatError::Corrupt("integer too large"));
            }
        }
        Err(FormatError::Corrupt("varint too long"))
    }

    fn u32(&mut self) -> Result<u32, FormatError> {
        u32::try_from(self.uint()?).map_err(|_| FormatError::Corrupt("integer too large"))
    }

    /// A count of items that take at least `min_bytes` each: checked against
    /// the bytes left, so a bad count cannot make us allocate wildly.
    fn len(&mut self, min_bytes: usize) -> Result<usize, FormatError> {
        let n = self.uint()?;
        if n.saturating_mul(min_bytes) > self.bytes.len() {
            return Err(FormatError::Corrupt("count larger than the data"));
        }
        Ok(n)
    }

    fn take(&mut self, n: usize) -> Result<&[u8], FormatError> {
        if n > self.bytes.len() {
            return Err(FormatError::Truncated);
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Ok(head)
    }

    fn string(&mut self) -> Result<String, FormatError> {
        let n = self.uint()?;
        let bytes = self.take(n)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| FormatError::Corrupt("invalid UTF-8"))
    }

    fn front_coded(&mut self, prev: &str) -> Result<String, FormatError> {
        let shared = self.uint()?;
        if shared > prev.len() || !prev.is_char_boundary(shared) {
            return Err(FormatError::Corrupt("bad shared prefix"));
        }
        let mut s = String::with_capacity(shared + 8);
        s.push_str(&prev[..shared]);
        s.push_str(&self.string()?);
        Ok(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Index {
        Index {
            docs: vec![
                Doc {
                    id: "a".into(),
                    title: "Pipeline parallelism".into(),
                    body: "GPipe trains giant networks".into(),
                    date: "Aug 7".into(),
                    lengths: [2, 4],
                },
                Doc {
                    id: "b".into(),
                    title: "Ünïcode".into(),
                    body: "深度".into(),
                    date: String::new(),
                    lengths: [1, 2],
                },
            ],
            terms: vec![
                Term {
                    text: "pipelin".into(),
                    postings: vec![Posting { doc: 0, tf: [1, 0] }],
                },
                Term {
                    text: "ünïcode".into(),
                    postings: vec![Posting { doc: 1, tf: [1, 0] }],
                },
            ],
            words: vec![
                Word {
                    text: "pipeline".into(),
                    term: 0,
                },
                Word {
                    text: "ünïcode".into(),
                    term: 1,
                },
            ],
        }
    }

    #[test]
    fn round_trips() {
        let index = sample();
        assert_eq!(decode(&encode(&index)).unwrap(), index);
    }

    #[test]
    fn rejects_damage_with_typed_errors() {
        let bytes = encode(&sample());
        assert_eq!(decode(b"nope"), Err(FormatError::BadMagic));
        assert_eq!(decode(&bytes[..10]), Err(FormatError::Truncated));
        assert_eq!(
            decode(&bytes[..bytes.len() - 1]),
            Err(FormatError::Truncated)
        );
        let mut flipped = bytes.clone();
        flipped[HEADER_LEN + 5] ^= 0x10;
        assert_eq!(decode(&flipped), Err(FormatError::ChecksumMismatch));
        let mut old = bytes.clone();
        old[4] = 0;
        assert_eq!(
            decode(&old),
            Err(FormatError::UnsupportedVersion { found: 0 })
        );
        assert!(decode(&old)
            .unwrap_err()
            .to_string()
            .contains("rebuild the site"));
    }
}
