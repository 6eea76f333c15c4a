//! The papers nearest each word when there are many papers (more than
//! [`crate::nearest::EXACT_UP_TO`]): an inverted-file search. The papers
//! are clustered (spherical k-means, [`PAPERS_PER_CLUSTER`] a cluster on
//! average); each word scores the clusters' centres, then only the papers
//! of its [`PROBES`] nearest clusters, as blocked matrix products.
//!
//! Measured with `papersift index` on `../shared/corpora/scale-10k.txt`
//! (two shared cores): 25 s with every pair scored, 10.7 s so; the test
//! below holds it to 90% of the exact best.
//!
//! Native only (the index build); nothing here reaches the wasm.

use std::collections::BinaryHeap;

use crate::nearest::{keep, multiply, on_every_core, Best, Kept, BLOCK};

/// Papers a cluster holds on average.
const PAPERS_PER_CLUSTER: usize = 256;
/// Clusters a word looks in.
const PROBES: usize = 8;
/// Rounds of k-means after the first assignment.
const ROUNDS: usize = 4;

/// As [`crate::nearest::nearest`], looking only in each word's [`PROBES`]
/// nearest clusters.
pub fn nearest(
    papers: &[f32],
    words: &[f32],
    dims: usize,
    k: (usize, f32),
    wanted: impl Fn(usize) -> bool + Sync,
) -> Vec<Option<Best>> {
    let n_papers = papers.len() / dims;
    let count = n_papers.div_ceil(PAPERS_PER_CLUSTER).max(1);
    let (centres, of) = kmeans(papers, dims, count);
    // The papers again, cluster by cluster, and where each cluster starts.
    let mut order: Vec<u32> = (0..n_papers as u32).collect();
    order.sort_by_key(|&p| (of[p as usize], p));
    let grouped: Vec<f32> = (order.iter())
        .flat_map(|&p| &papers[p as usize * dims..(p as usize + 1) * dims])
        .copied()
        .collect();
    let mut starts = vec![0usize; count + 1];
    for &c in &of {
        starts[c as usize + 1] += 1;
    }
    for c in 0..count {
        starts[c + 1] += starts[c];
    }
    let clusters = Clusters {
        centres: &centres,
        grouped: &grouped,
        order: &order,
        starts: &starts,
        dims,
    };
    on_every_core(words, dims, |from, words| {
        clusters.search(words, k, |w| wanted(from + w))
    })
}

/// The clustered papers.
struct Clusters<'a> {
    /// Each cluster's centre (`dims` floats, unit length).
    centres: &'a [f32],
    /// The papers' vectors, cluster by cluster.
    grouped: &'a [f32],
    /// The paper number of each of `grouped`.
    order: &'a [u32],
    /// Where cluster `c` starts in `order`: `starts[c]..starts[c + 1]`.
    starts: &'a [usize],
    dims: usize,
}

impl Clusters<'_> {
    /// One thread's words' best papers.
    fn search(
        &self,
        words: &[f32],
        k: (usize, f32),
        wanted: impl Fn(usize) -> bool,
    ) -> Vec<Option<Best>> {
        let dims = self.dims;
        let n_words = words.len() / dims;
        let visits = self.visits(words, &wanted);
        let mut heaps: Vec<BinaryHeap<Kept>> = (0..n_words).map(|_| BinaryHeap::new()).collect();
        let mut gathered = Vec::new();
        let mut scores = Vec::new();
        for (c, visitors) in visits.iter().enumerate() {
            let (from, to) = (self.starts[c], self.starts[c + 1]);
            if visitors.is_empty() || from == to {
                continue;
            }
            for chunk in visitors.chunks(BLOCK) {
                gathered.clear();
                for &w in chunk {
                    gathered.extend_from_slice(&words[w as usize * dims..(w as usize + 1) * dims]);
                }
                scores.resize(chunk.len() * (to - from), 0.0);
                multiply(
                    &gathered,
                    &self.grouped[from * dims..to * dims],
                    dims,
                    &mut scores,
                );
                let ids = &self.order[from..to];
                for (r, &w) in chunk.iter().enumerate() {
                    let row = &scores[r * (to - from)..(r + 1) * (to - from)];
                    keep(&mut heaps[w as usize], row, |i| ids[i], k);
                }
            }
        }
        heaps.into_iter().map(crate::nearest::best).collect()
    }

    /// For each cluster, the words (of `words`) that look in it: each
    /// wanted word's [`PROBES`] nearest centres.
    fn visits(&self, words: &[f32], wanted: &impl Fn(usize) -> bool) -> Vec<Vec<u32>> {
        let dims = self.dims;
        let count = self.centres.len() / dims;
        let mut visits = vec![Vec::new(); count];
        let mut scores = vec![0f32; BLOCK * count];
        for w0 in (0..words.len() / dims).step_by(BLOCK) {
            let block = &words[w0 * dims..((w0 + BLOCK) * dims).min(words.len())];
            let rows = block.len() / dims;
            multiply(block, self.centres, dims, &mut scores[..rows * count]);
            for r in (0..rows).filter(|&r| wanted(w0 + r)) {
                let row = &scores[r * count..(r + 1) * count];
                let mut near: Vec<u32> = (0..count as u32).collect();
                let by = |a: &u32, b: &u32| row[*b as usize].total_cmp(&row[*a as usize]);
                if near.len() > PROBES {
                    near.select_nth_unstable_by(PROBES - 1, by);
                    near.truncate(PROBES);
                }
                for c in near {
                    visits[c as usize].push((w0 + r) as u32);
                }
            }
        }
        visits
    }
}

/// Spherical k-means of `papers` into `count` clusters: their centres (unit
/// length) and each paper's cluster. Starts from evenly spaced papers, so
/// a build is deterministic.
fn kmeans(papers: &[f32], dims: usize, count: usize) -> (Vec<f32>, Vec<u32>) {
    let n = papers.len() / dims;
    let mut centres: Vec<f32> = (0..count)
        .flat_map(|c| &papers[(c * n / count) * dims..(c * n / count + 1) * dims])
        .copied()
        .collect();
    normalise(&mut centres, dims);
    let mut of = assign(papers, &centres, dims);
    for _ in 0..ROUNDS {
        let mut sums = vec![0f32; count * dims];
        for (p, &c) in of.iter().enumerate() {
            let sum = &mut sums[c as usize * dims..(c as usize + 1) * dims];
            sum.iter_mut()
                .zip(&papers[p * dims..(p + 1) * dims])
                .for_each(|(s, x)| *s += x);
        }
        // A cluster left empty keeps its centre.
        for (sum, centre) in sums.chunks_exact(dims).zip(centres.chunks_exact_mut(dims)) {
            if sum.iter().any(|&x| x != 0.0) {
                centre.copy_from_slice(sum);
            }
        }
        normalise(&mut centres, dims);
        of = assign(papers, &centres, dims);
    }
    (centres, of)
}

/// Each paper's nearest centre, on every core.
fn assign(papers: &[f32], centres: &[f32], dims: usize) -> Vec<u32> {
    let count = centres.len() / dims;
    on_every_core(papers, dims, |_, papers| {
        let mut scores = vec![0f32; BLOCK * count];
        let mut of = Vec::with_capacity(papers.len() / dims);
        for block in papers.chunks(BLOCK * dims) {
            let rows = block.len() / dims;
            multiply(block, centres, dims, &mut scores[..rows * count]);
            of.extend(scores[..rows * count].chunks_exact(count).map(|row| {
                let best = (0..count).max_by(|&a, &b| row[a].total_cmp(&row[b]).then(b.cmp(&a)));
                best.unwrap_or(0) as u32
            }));
        }
        of
    })
}

/// Scales each `dims`-float vector of `vectors` to unit length (a zero one
/// stays zero).
fn normalise(vectors: &mut [f32], dims: usize) {
    for v in vectors.chunks_exact_mut(dims) {
        let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        if norm > 0.0 {
            v.iter_mut().for_each(|x| *x /= norm);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A deterministic spread of unit vectors around a few themes.
    fn corpus(n: usize, dims: usize, seed: u32) -> Vec<f32> {
        let mut state = seed;
        let mut next = move || {
            state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (state >> 8) as f32 / (1u32 << 24) as f32 - 0.5
        };
        let mut out: Vec<f32> = Vec::with_capacity(n * dims);
        for i in 0..n {
            let theme = i % 40;
            for d in 0..dims {
                let base = if d % 40 == theme { 1.0 } else { 0.0 };
                out.push(base + 0.6 * next());
            }
        }
        normalise(&mut out, dims);
        out
    }

    #[test]
    fn the_clustered_search_finds_most_of_the_exact_best() {
        let dims = 64;
        let papers = corpus(6000, dims, 1);
        let words = corpus(300, dims, 2);
        let exact = crate::nearest::exact(&papers, &words, dims, (32, 0.0), |_| true);
        let found = nearest(&papers, &words, dims, (32, 0.0), |w| w % 7 != 0);
        let (mut hit, mut all) = (0, 0);
        for (w, (e, f)) in exact.iter().zip(&found).enumerate() {
            if w % 7 == 0 {
                assert!(f.is_none(), "an unwanted word has no list");
                continue;
            }
            let (e, f) = (&e.as_ref().unwrap().1, &f.as_ref().unwrap().1);
            all += e.len();
            hit += e.iter().filter(|p| f.iter().any(|q| q.0 == p.0)).count();
        }
        let recall = hit as f64 / all as f64;
        assert!(recall >= 0.9, "recall {recall:.3}");
    }
}
