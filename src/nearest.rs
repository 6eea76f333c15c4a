//! The papers nearest each word: every word's vector against every paper's
//! (exact dot products), keeping each word's best few. The build's one
//! heavy computation (words × papers × dimensions multiply-adds), done as
//! blocked matrix products (`matrixmultiply`'s sgemm, which picks the
//! machine's SIMD at run time) on every core.
//!
//! Up to [`EXACT_UP_TO`] papers every pair is scored; above, only the
//! papers of each word's nearest clusters (`crate::clusters`).
//!
//! Native only (the index build); nothing here reaches the wasm.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// Words, and papers, multiplied at a time: a block of scores is
/// `BLOCK × BLOCK` floats (16 MB), small enough for each thread to keep.
pub(crate) const BLOCK: usize = 2048;

/// Every pair is scored up to this many papers; above, `crate::clusters`.
pub const EXACT_UP_TO: usize = 4096;

/// A word's best papers: its best score and `(paper, score)` pairs, at most
/// `k`, best first.
pub type Best = (f32, Vec<(u32, f32)>);

/// For each of `words` (`dims` floats each) that `wanted`, its `k` papers
/// of `papers` (`dims` floats each) with the highest dot product of at
/// least `min` (above 0); `None` for a word with none. Ties go to the lower
/// paper number.
pub fn nearest(
    papers: &[f32],
    words: &[f32],
    dims: usize,
    (k, min): (usize, f32),
    wanted: impl Fn(usize) -> bool + Sync,
) -> Vec<Option<Best>> {
    match papers.len() / dims > EXACT_UP_TO {
        true => crate::clusters::nearest(papers, words, dims, (k, min), wanted),
        false => exact(papers, words, dims, (k, min), wanted),
    }
}

/// [`nearest`], scoring every pair.
pub(crate) fn exact(
    papers: &[f32],
    words: &[f32],
    dims: usize,
    k: (usize, f32),
    wanted: impl Fn(usize) -> bool + Sync,
) -> Vec<Option<Best>> {
    on_every_core(words, dims, |from, words| {
        block_rows(papers, words, dims, k, |w| wanted(from + w))
    })
}

/// Shares `rows` (`dims` floats each) out among the machine's cores in
/// runs: `run(first row's number, the run's rows)` for each, its results
/// joined in row order.
pub(crate) fn on_every_core<T: Send>(
    rows: &[f32],
    dims: usize,
    run: impl Fn(usize, &[f32]) -> Vec<T> + Sync,
) -> Vec<T> {
    let n = rows.len() / dims;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = n.div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..n)
            .step_by(chunk)
            .map(|from| {
                let (run, rows) = (&run, &rows[from * dims..(from + chunk).min(n) * dims]);
                scope.spawn(move || run(from, rows))
            })
            .collect();
        (handles.into_iter())
            .flat_map(|h| h.join().expect("a build thread panicked"))
            .collect()
    })
}

/// [`nearest`] for one thread's words.
fn block_rows(
    papers: &[f32],
    words: &[f32],
    dims: usize,
    k: (usize, f32),
    wanted: impl Fn(usize) -> bool,
) -> Vec<Option<Best>> {
    let (n_words, n_papers) = (words.len() / dims, papers.len() / dims);
    let mut heaps: Vec<BinaryHeap<Kept>> = (0..n_words).map(|_| BinaryHeap::new()).collect();
    let mut scores = vec![0f32; BLOCK * BLOCK];
    for w0 in (0..n_words).step_by(BLOCK) {
        let rows = BLOCK.min(n_words - w0);
        for p0 in (0..n_papers).step_by(BLOCK) {
            let cols = BLOCK.min(n_papers - p0);
            multiply(
                &words[w0 * dims..(w0 + rows) * dims],
                &papers[p0 * dims..(p0 + cols) * dims],
                dims,
                &mut scores[..rows * cols],
            );
            for r in (0..rows).filter(|&r| wanted(w0 + r)) {
                let row = &scores[r * cols..(r + 1) * cols];
                keep(&mut heaps[w0 + r], row, |c| (p0 + c) as u32, k);
            }
        }
    }
    heaps.into_iter().map(best).collect()
}

/// A heap's papers, best first, with the best score; `None` if empty.
pub(crate) fn best(heap: BinaryHeap<Kept>) -> Option<Best> {
    let kept: Vec<(u32, f32)> = (heap.into_sorted_vec().into_iter())
        .map(|Kept(score, paper)| (paper, score))
        .collect();
    let best = kept.first()?.1;
    Some((best, kept))
}

/// `out[r][c] = a[r] · b[c]` for `a` (rows × dims) and `b` (cols × dims).
pub(crate) fn multiply(a: &[f32], b: &[f32], dims: usize, out: &mut [f32]) {
    let (rows, cols) = (a.len() / dims, b.len() / dims);
    // SAFETY: the strides describe `a` (rows × dims, row-major), `b` read
    // as its transpose (dims × cols: element (i, c) at c × dims + i), and
    // `out` (rows × cols, row-major); each slice holds exactly that many
    // floats, and `out` does not overlap the inputs (it is `&mut`).
    unsafe {
        matrixmultiply::sgemm(
            rows,
            dims,
            cols,
            1.0,
            a.as_ptr(),
            dims as isize,
            1,
            b.as_ptr(),
            1,
            dims as isize,
            0.0,
            out.as_mut_ptr(),
            cols as isize,
            1,
        );
    }
}

/// Adds the scores of `row` of at least `min` (and above 0; column `c` is
/// paper `paper(c)`) to `heap`, keeping its `k` best.
pub(crate) fn keep(
    heap: &mut BinaryHeap<Kept>,
    row: &[f32],
    paper: impl Fn(usize) -> u32,
    (k, min): (usize, f32),
) {
    for (c, &score) in row.iter().enumerate() {
        if score <= 0.0 || score < min {
            continue;
        }
        let candidate = Kept(score, paper(c));
        if heap.len() < k {
            heap.push(candidate);
        } else if heap.peek().is_some_and(|worst| candidate < *worst) {
            heap.pop();
            heap.push(candidate);
        }
    }
}

/// A kept paper, ordered so that the *worst* is the heap's greatest: lower
/// scores, then higher paper numbers, are greater.
#[derive(Clone, Copy, PartialEq)]
pub(crate) struct Kept(f32, u32);

impl Eq for Kept {}

impl Ord for Kept {
    fn cmp(&self, other: &Self) -> Ordering {
        (other.0.total_cmp(&self.0)).then(self.1.cmp(&other.1))
    }
}

impl PartialOrd for Kept {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_word_keeps_its_best_positive_papers_as_a_plain_loop_finds_them() {
        let dims = 3;
        let papers: Vec<f32> = (0..5000)
            .flat_map(|p| {
                let x = p as f32;
                [(x * 0.37).sin(), (x * 0.11).cos(), (x * 0.05).sin()]
            })
            .collect();
        let words = [1.0, 0.0, 0.0, 0.0, -1.0, 0.5, 0.0, 0.0, 0.0, 0.2, 0.3, -0.1];
        let found = nearest(&papers, &words, dims, (4, 0.0), |w| w != 2);
        assert!(found[2].is_none(), "an unwanted word and a zero word");
        for (w, best) in found.iter().enumerate().filter(|(w, _)| *w != 2) {
            let word = &words[w * dims..(w + 1) * dims];
            let mut all: Vec<(u32, f32)> = (papers.chunks_exact(dims).enumerate())
                .map(|(p, v)| (p as u32, v.iter().zip(word).map(|(a, b)| a * b).sum()))
                .filter(|&(_, s)| s > 0.0)
                .collect();
            all.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            let (top, kept) = best.as_ref().unwrap();
            let ids = |v: &[(u32, f32)]| v.iter().map(|p| p.0).collect::<Vec<_>>();
            assert_eq!(ids(kept), ids(&all[..4]), "word {w}");
            assert!((top - all[0].1).abs() < 1e-5);
        }
    }
}
