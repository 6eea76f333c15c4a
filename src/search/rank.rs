//! Ordering: the best few of a query's matches by score or by date, and the
//! re-rank that puts documents holding the very words typed (not only their
//! stems) first.
//!
//! Every order here is total (ties broken by document), so any correct sort
//! gives the same answer. Lists are sorted by std's `sort_unstable_by`
//! through [`sort`] only, with a run-time order ([`Order`]): one copy of it
//! in the wasm serves every list. Top-k keeps a bounded std [`BinaryHeap`].
//! Measured (`cargo xtask site`, then `gzip -9` of `papersift_bg.wasm` on the
//! default digest; `cargo bench --bench native -- scale-10k.txt
//! bench/queries.txt`): a `BinaryHeap` heap sort instead of `sort_unstable_by`
//! saves 1.3 KB of wasm but makes p95 995 µs instead of 641 µs at 10k;
//! `select_nth_unstable_by` for top-k, with a `BTreeSet` for
//! [`super::WordSet`], costs 3.4 KB more than the heap.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use crate::query::{Field, Occur, Query};

use super::options::{Options, Params, Sort};
use super::store::Store;

/// A document or term with its score.
pub(super) type Scored = (u32, f64);

/// A total order on scored pairs: `Less` goes first.
pub(super) type Order<'a> = &'a dyn Fn(&Scored, &Scored) -> Ordering;

/// With a phrase in the query, how many of the best candidates (times the
/// limit) are checked for it.
const PHRASE_WINDOW: usize = 4;

/// Best score first, then lowest document.
pub(super) fn by_score(a: &Scored, b: &Scored) -> Ordering {
    b.1.total_cmp(&a.1).then(a.0.cmp(&b.0))
}

/// Sorts by `order` (std's unstable sort: the orders here are total).
pub(super) fn sort(v: &mut [Scored], order: Order) {
    v.sort_unstable_by(order);
}

/// Keeps the first `keep` of `v` in `order`, sorted. A broad query matches
/// thousands but shows a few: those are kept in a bounded heap whose top is
/// the last kept, in one pass.
pub(super) fn best_first(v: &mut Vec<Scored>, keep: usize, order: Order) {
    let mut heap: BinaryHeap<InOrder> = BinaryHeap::with_capacity(keep.min(v.len()) + 1);
    for &item in v.iter() {
        if heap.len() < keep {
            heap.push(InOrder { item, order });
        } else if let Some(mut last) = heap.peek_mut() {
            if order(&item, &last.item).is_lt() {
                last.item = item;
            }
        }
    }
    *v = heap.into_sorted_vec().into_iter().map(|x| x.item).collect();
}

/// A pair ordered by a run-time order, for [`BinaryHeap`].
struct InOrder<'a> {
    item: Scored,
    order: Order<'a>,
}

impl PartialEq for InOrder<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other).is_eq()
    }
}

impl Eq for InOrder<'_> {}

impl PartialOrd for InOrder<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for InOrder<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.order)(&self.item, &other.item)
    }
}

/// Sorts `(id, score)` pairs by id, keeping for each id its best score.
pub(super) fn keep_best_by_id(v: &mut Vec<Scored>) {
    sort(v, &|a, b| a.0.cmp(&b.0));
    v.dedup_by(|next, kept| {
        let same = next.0 == kept.0;
        if same {
            kept.1 = kept.1.max(next.1);
        }
        same
    });
}

/// How many of the best candidates a query reads the text of: those it
/// shows (four times as many with a phrase, to find enough that hold it;
/// a phrase's count of results counts those). Each is a doc shard a split
/// index may have to fetch; reading ten more (and so 80, not 40, for a
/// phrase) changed no ranking of the 275 judged queries (nDCG@10 equal to
/// the third decimal, whole and split; `cargo test --release --test
/// relevance -- --nocapture`) but cost a new query up to ten more requests.
fn window(options: &Options, phrases: bool) -> usize {
    if phrases {
        options.limit.saturating_mul(PHRASE_WINDOW)
    } else {
        options.limit
    }
}

/// The best candidates whose text the query reads, in result order: by
/// score, or newest first. With a phrase, the best by score are taken (to
/// be checked for it), then dated.
pub(super) fn best(
    store: &Store,
    mut ranked: Vec<Scored>,
    phrases: bool,
    options: &Options,
) -> Vec<Scored> {
    let look = window(options, phrases);
    let by_date = |a: &Scored, b: &Scored| {
        let (da, db) = (store.date_key(a.0), store.date_key(b.0));
        db.cmp(&da).then(by_score(a, b))
    };
    let dated = options.sort == Sort::Date;
    if dated && !phrases {
        best_first(&mut ranked, look, &by_date);
    } else {
        best_first(&mut ranked, look, &by_score);
        if dated {
            sort(&mut ranked, &by_date);
        }
    }
    ranked
}

/// Re-ranks the best few by relevance: the words as typed beat their stems.
/// Newest-first results keep their order. Keeps the documents whose text is
/// loaded.
pub(super) fn rerank(
    store: &Store,
    params: &Params,
    query: &Query,
    ranked: &[Scored],
    options: &Options,
) -> Vec<Scored> {
    let loaded = |&&(doc, _): &&Scored| store.doc_words(doc).is_some();
    if options.sort == Sort::Date {
        return ranked
            .iter()
            .take(options.limit)
            .filter(loaded)
            .copied()
            .collect();
    }
    let typed: Vec<&str> = (query.clauses.iter())
        .filter(|c| c.occur != Occur::MustNot)
        .flat_map(|c| &c.words)
        .filter(|w| w.term.is_some())
        .map(|w| w.word.as_str())
        .collect();
    let window = window(options, false);
    let mut best: Vec<Scored> = (ranked.iter().take(window))
        .filter_map(|&(doc, score)| {
            let (_, fields) = store.doc_words(doc)?;
            let has =
                |w: &str| (fields.texts(Field::Any)).any(|t| t.words().any(|(_, _, x)| x == w));
            let exact = typed.iter().filter(|w| has(w)).count();
            let bonus = 1.0 + params.exact * exact as f64 / typed.len().max(1) as f64;
            Some((doc, score * bonus))
        })
        .collect();
    sort(&mut best, &by_score);
    best.truncate(options.limit);
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn best_first_keeps_the_first_few_in_order() {
        let all: Vec<Scored> = (0..500).map(|i| (i, f64::from((i * 7919) % 101))).collect();
        let mut expected = all.clone();
        expected.sort_by(by_score);
        for keep in [0, 1, 7, 30, 124, 125, 126, 499, 500, 600] {
            let mut v = all.clone();
            best_first(&mut v, keep, &by_score);
            assert_eq!(v, expected[..keep.min(500)], "keep {keep}");
        }
    }

    #[test]
    fn keep_best_by_id_keeps_one_pair_per_id_with_its_best_score() {
        let mut v = vec![(3, 0.5), (1, 2.0), (3, 1.5), (2, 1.0), (1, 0.25), (3, 1.0)];
        keep_best_by_id(&mut v);
        assert_eq!(v, [(1, 2.0), (2, 1.0), (3, 1.5)]);
        let mut empty: Vec<Scored> = Vec::new();
        keep_best_by_id(&mut empty);
        assert!(empty.is_empty());
    }
}
