//! Parses the digest(s) named by `PAPERSIFT_DIGEST` (paths joined by `:`,
//! default `data/daily-papers.txt`), builds the index and writes it to
//! `OUT_DIR/index.psi`, which the library embeds. A malformed digest fails
//! the build with `file:line: message`, and nothing is written.

#![allow(dead_code)]

#[path = "src/digest.rs"]
mod digest;
#[path = "src/format.rs"]
mod format;
#[path = "src/index.rs"]
mod index;
#[path = "src/tokenize.rs"]
mod tokenize;

use std::path::{Path, PathBuf};

fn main() {
    if let Err(e) = try_main() {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

fn try_main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-env-changed=PAPERSIFT_DIGEST");
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?);
    let spec = std::env::var("PAPERSIFT_DIGEST").unwrap_or_default();
    let paths: Vec<PathBuf> = if spec.trim().is_empty() {
        vec![manifest.join("data/daily-papers.txt")]
    } else {
        spec.split(':')
            .filter(|p| !p.is_empty())
            .map(|p| manifest.join(p))
            .collect()
    };
    let mut digests = Vec::new();
    for path in &paths {
        println!("cargo:rerun-if-changed={}", path.display());
        digests.push(digest::parse_file(&shown(path, &manifest))?);
    }
    let index = index::build(&digest::documents(&digests))?;
    let bytes = format::encode(&index);
    let out = PathBuf::from(std::env::var("OUT_DIR")?).join("index.psi");
    // Write beside, then rename: a failed build never leaves a partial index.
    let tmp = out.with_extension("psi.tmp");
    std::fs::write(&tmp, &bytes)?;
    std::fs::rename(&tmp, &out)?;
    Ok(())
}

/// The path as the user should see it: relative to the crate when inside it.
fn shown(path: &Path, manifest: &Path) -> PathBuf {
    path.strip_prefix(manifest)
        .map_or_else(|_| path.to_path_buf(), Path::to_path_buf)
}
