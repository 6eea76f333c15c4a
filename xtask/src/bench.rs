//! `cargo xtask bench`: papersift against its peers on the same corpora and
//! queries, in one run.
//!
//! For each corpus it runs the native bench (`bench/native.rs`), which writes
//! papersift's native numbers and the documents papersift parsed, and builds
//! papersift's site; then `bench/run.mjs` builds every peer's index from those
//! same documents and measures all the engines in Chromium.
//!
//! ```text
//! bench/results/CORPUS/
//!   papersift-native.json   the native bench's numbers
//!   documents.json          [{id, title, body, date}]: what every peer indexes
//!   papersift/              papersift's site
//!   papersift-root.psi      the index embedded in its wasm
//! ```

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{bail, Context, Result};

use crate::tools::{ensure_chromium, ensure_npm};
use crate::{root, run_cmd, site};

/// Benchmarks `corpora` (none: the default digest and the shared scale
/// corpora) with `queries`, on `engines` (a comma-separated list; none: all).
pub fn run(mut corpora: Vec<PathBuf>, queries: &Path, engines: Option<&str>) -> Result<()> {
    let root = root();
    if corpora.is_empty() {
        corpora = default_corpora(&root)?;
    }
    ensure_chromium()?;
    ensure_npm(&root.join("bench"))?;
    let results = root.join("bench/results");
    let mut node = Command::new("node");
    node.arg("run.mjs")
        .arg("--results")
        .arg(&results)
        .arg("--queries")
        .arg(queries)
        .current_dir(root.join("bench"));
    // Judged on the corpus they were written for (the default digest).
    for set in ["judgements", "meaning", "own-words", "visitor", "held-out"] {
        node.arg("--judged")
            .arg(root.join(format!("tests/relevance/{set}.tsv")));
    }
    if let Some(e) = engines {
        node.args(["--engines", e]);
    }
    for corpus in &corpora {
        let name = corpus
            .file_stem()
            .and_then(|s| s.to_str())
            .context("corpus file name")?
            .to_string();
        let dir = results.join(&name);
        std::fs::create_dir_all(&dir)?;
        eprintln!("xtask: bench {name}: native build and queries");
        native_bench(&root, corpus, queries, &dir)?;
        if engines.is_none_or(|e| e.contains("papersift")) {
            let root = site::build(
                std::slice::from_ref(corpus),
                None,
                &dir.join("papersift"),
                "auto",
                true,
            )?;
            std::fs::write(dir.join("papersift-root.psi"), root)?;
        }
        node.args(["--corpus", &name]);
    }
    run_cmd(&mut node)
}

/// The default digest, and whichever of `../shared/corpora/scale-*.txt`
/// exist.
fn default_corpora(root: &Path) -> Result<Vec<PathBuf>> {
    let mut corpora = vec![root.join("data/daily-papers.txt")];
    for n in ["1k", "10k", "50k"] {
        let p = root.join(format!("../shared/corpora/scale-{n}.txt"));
        if p.exists() {
            corpora.push(p);
        }
    }
    if let Some(archive) = archive_corpus(root)? {
        corpora.push(archive);
    }
    Ok(corpora)
}

/// An archive of daily digests cut from the 50k corpus (781 days of 64
/// papers, in `target/archive-50k/`), made once by the shared
/// `make-archive.py`; `None` when the corpus or the tool is not there.
fn archive_corpus(root: &Path) -> Result<Option<PathBuf>> {
    let shared = root.join("../shared");
    let (tool, corpus) = (
        shared.join("tools/make-archive.py"),
        shared.join("corpora/scale-50k.txt"),
    );
    if !tool.exists() || !corpus.exists() {
        return Ok(None);
    }
    let dir = root.join("target/archive-50k");
    if !dir.join("2026-09-26.txt").exists() {
        eprintln!("xtask: writing an archive of daily digests from the 50k corpus");
        run_cmd(Command::new("python3").arg(&tool).arg(&corpus).arg(&dir))?;
    }
    Ok(Some(dir))
}

/// Runs the native bench on `corpus`: its numbers go to
/// `dir/papersift-native.json`, the parsed documents to `dir/documents.json`.
fn native_bench(root: &Path, corpus: &Path, queries: &Path, dir: &Path) -> Result<()> {
    let out = Command::new("cargo")
        .args(["bench", "--quiet", "--bench", "native", "--"])
        .arg(corpus)
        .arg(queries)
        .arg(dir.join("documents.json"))
        .current_dir(root)
        .stderr(Stdio::inherit())
        .output()?;
    if !out.status.success() {
        bail!("native bench failed on {}", corpus.display());
    }
    let line = String::from_utf8_lossy(&out.stdout);
    let json = line.lines().last().context("no native bench output")?;
    std::fs::write(dir.join("papersift-native.json"), json)?;
    Ok(())
}
