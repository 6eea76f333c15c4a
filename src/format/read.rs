//! Decoding: any index file back into its pieces, checking the header,
//! the checksum and every count against the bytes left before allocating,
//! so bad input gives a [`FormatError`], never a panic or a huge allocation.

use super::codec::{unframe, Reader};
use super::meaning::MAX_SHARDS;
use super::model::{
    Bucket, BucketRef, DateRun, DocShard, DocShards, Index, MeaningRef, MeaningShard, Posting,
    Related, Root, ShardRun, Term, TypoRef, TypoShard, Word,
};
use super::typo::MAX_TYPO_SHARDS;
use super::validate::check_single;
use super::{
    File, FormatError, KIND_BUCKET, KIND_DOCS, KIND_MEANING, KIND_ROOT, KIND_SINGLE, KIND_TYPOS,
};
use crate::date::Date;
use crate::digest::Document;

/// Reads one index file of any kind.
pub fn decode_file(bytes: &[u8]) -> Result<File, FormatError> {
    let (kind, payload) = unframe(bytes)?;
    let mut r = Reader { bytes: payload };
    let file = match kind {
        KIND_SINGLE => {
            let root = read_root(&mut r)?;
            let bucket = read_bucket(&mut r)?;
            let mut docs = read_docs(&mut r)?;
            check_single(&root, &bucket, &docs)?;
            root.date_docs(0, &mut docs.docs);
            File::Single(root, bucket, docs)
        }
        KIND_ROOT => File::Root(read_root(&mut r)?),
        KIND_BUCKET => File::Bucket(read_bucket(&mut r)?),
        KIND_DOCS => File::Docs(read_docs(&mut r)?),
        KIND_MEANING => File::Meaning(read_meaning(&mut r)?),
        KIND_TYPOS => File::Typos(read_typos(&mut r)?),
        _ => return Err(FormatError::Corrupt("unknown file kind")),
    };
    if !r.bytes.is_empty() {
        return Err(FormatError::Corrupt("unread bytes at the end"));
    }
    Ok(file)
}

/// Reads a whole index written by [`super::encode`] (its meaning lists,
/// in files of their own, are not read).
pub fn decode(bytes: &[u8]) -> Result<Index, FormatError> {
    match decode_file(bytes)? {
        File::Single(_, bucket, docs) => Ok(Index {
            docs: docs.docs,
            terms: bucket.terms,
            words: bucket.words,
            meaning: Vec::new(),
        }),
        _ => Err(FormatError::Corrupt(
            "a part of a split index, not a whole one",
        )),
    }
}

fn read_root(r: &mut Reader) -> Result<Root, FormatError> {
    let n_docs = r.u32()?;
    let n_words = r.u32()?;
    let n_terms = r.u32()?;
    let n_dates = r.len(1)?;
    let mut dates = Vec::with_capacity(n_dates);
    for _ in 0..n_dates {
        dates.push(match r.u32()? {
            0 => None,
            key => Some(Date::from_key(key).ok_or(FormatError::Corrupt("bad date"))?),
        });
    }
    if !dates.windows(2).all(|d| d[0] < d[1]) {
        return Err(FormatError::Corrupt("dates out of order"));
    }
    let date_runs = read_date_runs(r, n_docs, dates.len())?;
    let buckets = read_bucket_refs(r, n_words, n_terms)?;
    let doc_shards = read_doc_shards(r, n_docs)?;
    let meaning = read_shards(r, MAX_SHARDS, "too many meaning shards")?
        .map(|(shards, build)| MeaningRef { shards, build });
    let typos = read_shards(r, MAX_TYPO_SHARDS, "too many typo shards")?
        .map(|(shards, build)| TypoRef { shards, build });
    if buckets.is_empty() {
        return Err(FormatError::Corrupt("no buckets"));
    }
    Ok(Root {
        n_docs,
        n_words,
        n_terms,
        dates,
        date_runs,
        buckets,
        doc_shards,
        meaning,
        typos,
    })
}

/// A count of shards (0: none) and, when some, their build hash.
fn read_shards(
    r: &mut Reader,
    max: usize,
    too_many: &'static str,
) -> Result<Option<(u32, u32)>, FormatError> {
    match r.u32()? {
        0 => Ok(None),
        shards if shards as usize > max => Err(FormatError::Corrupt(too_many)),
        shards => Ok(Some((shards, r.u32()?))),
    }
}

/// Runs of `(length, date index)` that must cover every document.
fn read_date_runs(
    r: &mut Reader,
    n_docs: u32,
    n_dates: usize,
) -> Result<Vec<DateRun>, FormatError> {
    let n_runs = r.len(2)?;
    let mut date_runs = Vec::with_capacity(n_runs);
    let mut covered = 0u64;
    for _ in 0..n_runs {
        let n = r.uint()? as u64;
        let date = r.uint()?;
        if date >= n_dates {
            return Err(FormatError::Corrupt("date out of range"));
        }
        if n == 0 || covered + n > u64::from(n_docs) {
            return Err(FormatError::Corrupt("date runs do not add up"));
        }
        date_runs.push(DateRun {
            first_doc: covered as u32,
            date: date as u32,
        });
        covered += n;
    }
    if covered != u64::from(n_docs) {
        return Err(FormatError::Corrupt("date runs do not add up"));
    }
    Ok(date_runs)
}

/// Bucket references, strictly increasing from the empty key.
fn read_bucket_refs(
    r: &mut Reader,
    n_words: u32,
    n_terms: u32,
) -> Result<Vec<BucketRef>, FormatError> {
    let n_buckets = r.len(4)?;
    let mut buckets: Vec<BucketRef> = Vec::with_capacity(n_buckets);
    for _ in 0..n_buckets {
        let b = BucketRef {
            key: r.string()?,
            first_word: r.u32()?,
            first_term: r.u32()?,
            file: r.string()?,
        };
        let ordered = match buckets.last() {
            None => b.key.is_empty() && b.first_word == 0 && b.first_term == 0,
            Some(p) => p.key < b.key && p.first_word <= b.first_word && p.first_term < b.first_term,
        };
        if !ordered || b.first_word > n_words || b.first_term > n_terms {
            return Err(FormatError::Corrupt("buckets out of order"));
        }
        buckets.push(b);
    }
    Ok(buckets)
}

/// At most this many doc shards (a root naming more is refused): a few
/// bytes claim them all, and an engine keeps a slot for each. A 50k-paper
/// site has 12,500.
const MAX_DOC_SHARDS: u64 = 1 << 20;

/// Their count, size and runs; the shards must cover the documents, each
/// at least one (or the one shard of an empty index), and the runs the
/// shards, each at least one.
fn read_doc_shards(r: &mut Reader, n_docs: u32) -> Result<DocShards, FormatError> {
    let (count, size) = (r.u32()?, r.u32()?);
    let (count64, size64) = (u64::from(count), u64::from(size));
    let covers = size > 0
        && count64 <= MAX_DOC_SHARDS
        && count > 0
        && (count64 - 1) * size64 < u64::from(n_docs.max(1))
        && count64 * size64 >= u64::from(n_docs);
    if !covers {
        return Err(FormatError::Corrupt(
            "doc shards do not cover the documents",
        ));
    }
    let n_runs = r.len(2)?;
    let mut runs = Vec::with_capacity(n_runs.min(count as usize));
    let mut first = 0u32;
    for _ in 0..n_runs {
        let len = r.u32()?;
        if len == 0 || len > count - first {
            return Err(FormatError::Corrupt("doc shard runs do not fit"));
        }
        runs.push(ShardRun {
            first,
            hash: r.u32()?,
        });
        first += len;
    }
    if first != count && n_runs > 0 {
        return Err(FormatError::Corrupt("doc shard runs do not fit"));
    }
    Ok(DocShards { count, size, runs })
}

fn read_bucket(r: &mut Reader) -> Result<Bucket, FormatError> {
    let first_word = r.u32()?;
    let first_term = r.u32()?;
    let n_terms = r.len(3)?;
    let mut terms: Vec<Term> = Vec::with_capacity(n_terms);
    for _ in 0..n_terms {
        let text = r.front_coded(terms.last().map_or("", |t| &t.text))?;
        let postings = read_postings(r)?;
        terms.push(Term { text, postings });
    }
    if !terms.windows(2).all(|t| t[0].text < t[1].text) {
        return Err(FormatError::Corrupt("vocabulary not sorted"));
    }
    let words = read_words(r, &terms, first_term)?;
    Ok(Bucket {
        first_word,
        first_term,
        words,
        terms,
    })
}

/// A term's postings: increasing documents, each with some weight.
fn read_postings(r: &mut Reader) -> Result<Vec<Posting>, FormatError> {
    let n = r.len(2)?;
    let mut postings = Vec::with_capacity(n);
    let mut doc = 0u32;
    for i in 0..n {
        let code = r.uint()?;
        let delta = u32::try_from(code >> 1).map_err(|_| FormatError::Corrupt("delta"))?;
        if i > 0 && delta == 0 {
            return Err(FormatError::Corrupt("postings out of order"));
        }
        doc = doc
            .checked_add(delta)
            .ok_or(FormatError::Corrupt("doc overflow"))?;
        postings.push(Posting {
            doc,
            weight: read_weights(r, code & 1 == 1)?,
        });
    }
    Ok(postings)
}

/// A posting's weights, `[title, body, authors]`, after its code (the
/// schema in [`super`]): body weight 0 outside the title escapes to a
/// posting in the authors.
fn read_weights(r: &mut Reader, in_title: bool) -> Result<[u8; 3], FormatError> {
    let body = r.byte()?;
    if in_title || body > 0 {
        let title = if in_title { r.byte()? } else { 0 };
        if title == 0 && body == 0 {
            return Err(FormatError::Corrupt("empty posting"));
        }
        return Ok([title, body, 0]);
    }
    let code = r.byte()?;
    let authors = code >> 1;
    if authors == 0 {
        return Err(FormatError::Corrupt("empty posting"));
    }
    match code & 1 == 1 {
        true => {
            let body = r.byte()?;
            Ok([r.byte()?, body, authors])
        }
        false => Ok([0, 0, authors]),
    }
}

/// A bucket's words, each with its term: a stem of the word among the
/// bucket's `terms`, or a global term id.
fn read_words(r: &mut Reader, terms: &[Term], first_term: u32) -> Result<Vec<Word>, FormatError> {
    let n_words = r.len(3)?;
    let mut words: Vec<Word> = Vec::with_capacity(n_words);
    let mut stem = String::new();
    for _ in 0..n_words {
        let text = r.front_coded(words.last().map_or("", |w| &w.text))?;
        let code = r.uint()?;
        let term = if code & 1 == 1 {
            u32::try_from(code >> 1).map_err(|_| FormatError::Corrupt("term id"))?
        } else {
            let k = code >> 1;
            if k > text.len() || !text.is_char_boundary(k) {
                return Err(FormatError::Corrupt("bad stem prefix"));
            }
            stem.clear();
            stem.push_str(&text[..k]);
            stem.push_str(&r.string()?);
            let local = terms
                .binary_search_by(|t| t.text.as_str().cmp(&stem))
                .map_err(|_| FormatError::Corrupt("word for a missing term"))?;
            first_term
                .checked_add(local as u32)
                .ok_or(FormatError::Corrupt("term id"))?
        };
        words.push(Word { text, term });
    }
    if !words.windows(2).all(|w| w[0].text < w[1].text) {
        return Err(FormatError::Corrupt("vocabulary not sorted"));
    }
    Ok(words)
}

fn read_docs(r: &mut Reader) -> Result<DocShard, FormatError> {
    let first_doc = r.u32()?;
    let n = r.len(3)?;
    let mut docs = Vec::with_capacity(n);
    for _ in 0..n {
        docs.push(Document {
            id: r.string()?,
            title: r.string()?,
            body: r.string()?,
            date: None,
            url: Some(r.string()?).filter(|u| !u.is_empty()),
            authors: {
                let n = r.len(1)?;
                (0..n).map(|_| r.string()).collect::<Result<_, _>>()?
            },
        });
    }
    Ok(DocShard { first_doc, docs })
}

/// A meaning shard: words in order, each with documents in order.
fn read_meaning(r: &mut Reader) -> Result<MeaningShard, FormatError> {
    let shard = r.u32()?;
    let n = r.len(3)?;
    let mut lists: Vec<Related> = Vec::with_capacity(n);
    for _ in 0..n {
        let word = r.front_coded(lists.last().map_or("", |l| &l.word))?;
        if lists.last().is_some_and(|l| l.word >= word) {
            return Err(FormatError::Corrupt("meaning words not sorted"));
        }
        let weight = r.byte()?;
        let n_words = r.len(1)?;
        let mut words = Vec::with_capacity(n_words);
        for _ in 0..n_words {
            words.push(r.string()?);
        }
        let n_docs = r.len(2)?;
        if weight == 0 || n_docs == 0 {
            return Err(FormatError::Corrupt("empty meaning list"));
        }
        let mut docs: Vec<(u32, u8)> = Vec::with_capacity(n_docs);
        let mut doc = 0u32;
        for i in 0..n_docs {
            let delta = r.u32()?;
            if i > 0 && delta == 0 {
                return Err(FormatError::Corrupt("meaning documents out of order"));
            }
            doc = doc
                .checked_add(delta)
                .ok_or(FormatError::Corrupt("doc overflow"))?;
            match r.byte()? {
                0 => return Err(FormatError::Corrupt("meaning closeness 0")),
                closeness => docs.push((doc, closeness)),
            }
        }
        lists.push(Related {
            word,
            weight,
            words,
            docs,
        });
    }
    Ok(MeaningShard { shard, lists })
}

/// A typo shard: words in order, each with a term id.
fn read_typos(r: &mut Reader) -> Result<TypoShard, FormatError> {
    let shard = r.u32()?;
    let n = r.len(2)?;
    let mut words: Vec<Word> = Vec::with_capacity(n);
    for _ in 0..n {
        let text = r.front_coded(words.last().map_or("", |w| &w.text))?;
        if words.last().is_some_and(|w| w.text >= text) {
            return Err(FormatError::Corrupt("typo words not sorted"));
        }
        words.push(Word {
            text,
            term: r.u32()?,
        });
    }
    Ok(TypoShard { shard, words })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::codec::Writer;

    /// The doc shards a root claims, as `[count, size, runs…]` where each
    /// run is `(length, hash)`, read for an index of `n_docs`.
    fn shards(n_docs: u32, claim: &[usize]) -> Result<DocShards, FormatError> {
        let mut w = Writer(Vec::new());
        claim.iter().for_each(|&n| w.uint(n));
        read_doc_shards(&mut Reader { bytes: &w.0 }, n_docs)
    }

    #[test]
    fn doc_shards_must_cover_the_documents_and_stay_few() {
        let run = |first, hash| ShardRun { first, hash };
        let ok = DocShards {
            count: 16,
            size: 4,
            runs: vec![run(0, 7), run(10, 9)],
        };
        assert_eq!(shards(64, &[16, 4, 2, 10, 7, 6, 9]), Ok(ok.clone()));
        assert_eq!(
            shards(61, &[16, 4, 2, 10, 7, 6, 9]),
            Ok(ok),
            "the last one shorter"
        );
        assert_eq!(shards(0, &[1, 1, 1, 1, 0]).map(|s| s.count), Ok(1));
        for (n_docs, claim) in [
            (64, &[15, 4, 1, 15, 7][..]), // too few
            (60, &[16, 4, 1, 16, 7]),     // one too many
            (64, &[0, 4, 0]),
            (64, &[64, 0, 1, 64, 7]),
            (64, &[16, 4, 2, 10, 7, 7, 9]), // runs past the shards
            (64, &[16, 4, 2, 10, 7, 5, 9]), // runs short of them
            (64, &[16, 4, 2, 0, 7, 16, 9]), // an empty run
            // A few bytes claiming millions of shards.
            (u32::MAX, &[(1 << 20) + 1, 4096, 1, (1 << 20) + 1, 7]),
        ] {
            assert!(shards(n_docs, claim).is_err(), "{n_docs} {claim:?}");
        }
    }

    #[test]
    fn postings_without_authors_keep_their_bytes_and_authors_escape() {
        let cases: &[([u8; 3], &[u8])] = &[
            ([0, 9, 0], &[6, 9]),
            ([5, 9, 0], &[7, 9, 5]),
            ([5, 0, 0], &[7, 0, 5]),
            ([0, 0, 20], &[6, 0, 40]),
            ([0, 0, 127], &[6, 0, 254]),
            ([5, 9, 3], &[6, 0, 7, 9, 5]),
            ([0, 9, 3], &[6, 0, 7, 9, 0]),
        ];
        for &(weight, bytes) in cases {
            let mut w = Writer(Vec::new());
            super::super::write::write_posting(&mut w, &Posting { doc: 3, weight }, 3);
            assert_eq!(w.0, bytes, "{weight:?}");
            let mut r = Reader { bytes };
            let code = r.uint().unwrap();
            assert_eq!(read_weights(&mut r, code & 1 == 1), Ok(weight));
            assert!(r.bytes.is_empty(), "{weight:?}: read whole");
        }
        for bytes in [&[6, 0, 0][..], &[6, 0, 1, 4, 4], &[7, 0, 0], &[6, 0]] {
            let mut r = Reader { bytes };
            let code = r.uint().unwrap();
            assert!(read_weights(&mut r, code & 1 == 1).is_err(), "{bytes:?}");
        }
    }

    #[test]
    fn a_doc_shard_is_found_by_its_own_name_only() {
        let s = DocShards {
            count: 3,
            size: 2,
            runs: vec![
                ShardRun {
                    first: 0,
                    hash: 0xaa,
                },
                ShardRun {
                    first: 2,
                    hash: 0xab,
                },
            ],
        };
        assert_eq!(s.file(2), "d-000000ab-2.psi");
        assert_eq!(s.file(1), "d-000000aa-1.psi");
        assert_eq!(s.find("d-000000ab-2.psi"), Some(2));
        for name in [
            "d-000000ab-3.psi",
            "d-000000ab-1.psi",
            "d-000000ac-1.psi",
            "d-000000ab-02.psi",
            "b-000000ab-2.psi",
        ] {
            assert_eq!(s.find(name), None, "{name}");
        }
        assert_eq!((s.of(0), s.of(5), s.first_doc(2)), (0, 2, 4));
    }
}
