//! Parses the digest(s) named by `PAPERSIFT_DIGEST` (files or folders of
//! them, joined by `:`; default `data/daily-papers.txt`; `PAPERSIFT_YEAR`
//! gives year-less dates a year), builds the index and writes it to
//! `OUT_DIR/index.psi`, which the library embeds (the CLI searches it;
//! sites publish their own index with `papersift::site`). By default (and
//! with `PAPERSIFT_SPLIT=always`) the index is split: `index.psi` is then
//! its root; a small index is cut small, and also written whole to
//! `OUT_DIR/disk.psi`, from which the CLI cuts the parts again
//! (`format::SplitMode::cut`). `PAPERSIFT_SPLIT=never` keeps it whole.
//! Each English word's related documents (`src/meaning.rs`, from the
//! committed table `data/meaning/neighbours.bin`) are named by the root
//! unless `PAPERSIFT_MEANING=off`. A malformed digest fails the build with
//! `file:line: message`, and nothing is written.
//!
//! It also lists the engine's prebuilt files in `vendor/engine/` (present in
//! a crate packaged by `cargo xtask package`, absent in the repository) as
//! `OUT_DIR/vendored_engine.rs`, a slice of `(name, include_bytes!(…))`
//! that the binary carries (`site::EngineFiles::carried`); an empty slice
//! when the folder is absent.

#![allow(dead_code, unused_imports)]

#[path = "src/clusters.rs"]
mod clusters;
#[path = "src/date.rs"]
mod date;
#[path = "src/digest/mod.rs"]
mod digest;
#[path = "src/format/mod.rs"]
mod format;
#[path = "src/index.rs"]
mod index;
#[path = "src/meaning.rs"]
mod meaning;
#[path = "src/nearest.rs"]
mod nearest;
#[path = "src/neighbours.rs"]
mod neighbours;
#[path = "src/tokenize.rs"]
mod tokenize;
#[path = "src/vectors.rs"]
mod vectors;

use std::path::{Path, PathBuf};

fn main() {
    if let Err(e) = try_main() {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

fn try_main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-env-changed=PAPERSIFT_DIGEST");
    println!("cargo:rerun-if-env-changed=PAPERSIFT_SPLIT");
    println!("cargo:rerun-if-env-changed=PAPERSIFT_YEAR");
    println!("cargo:rerun-if-env-changed=PAPERSIFT_MEANING");
    println!("cargo:rerun-if-changed=data/meaning/neighbours.bin");
    println!("cargo:rerun-if-changed=data/meaning/vectors.bin");
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?);
    write_vendored_engine(&manifest)?;
    let spec = std::env::var("PAPERSIFT_DIGEST").unwrap_or_default();
    let paths: Vec<PathBuf> = if spec.trim().is_empty() {
        vec![manifest.join("data/daily-papers.txt")]
    } else {
        spec.split(':')
            .filter(|p| !p.is_empty())
            .map(|p| manifest.join(p))
            .collect()
    };
    let mode_text = std::env::var("PAPERSIFT_SPLIT").unwrap_or_default();
    let mode = format::SplitMode::parse(&mode_text)
        .ok_or_else(|| format!("PAPERSIFT_SPLIT={mode_text:?}: expected auto, always or never"))?;
    let year = match std::env::var("PAPERSIFT_YEAR").unwrap_or_default().trim() {
        "" => None,
        y => Some(
            y.parse()
                .map_err(|_| format!("PAPERSIFT_YEAR={y:?}: expected a year"))?,
        ),
    };
    let mut shown_paths = Vec::new();
    for path in &paths {
        println!("cargo:rerun-if-changed={}", path.display());
        shown_paths.push(shown(path, &manifest));
    }
    let digests = digest::archive(&shown_paths, year)?;
    for warning in digest::warning_lines(&digests, 5) {
        println!("cargo:warning={warning}");
    }
    let docs = digest::documents(&digests);
    let mut index = index::build(&docs)?;
    if with_meaning()? {
        meaning::add_to(&mut index)?;
    }
    write(&index, mode.cut(&docs))
}

/// Whether `PAPERSIFT_MEANING` (`on`, the default, or `off`) asks for
/// meaning.
fn with_meaning() -> Result<bool, Box<dyn std::error::Error>> {
    match std::env::var("PAPERSIFT_MEANING")
        .unwrap_or_default()
        .trim()
    {
        "" | "on" => Ok(true),
        "off" => Ok(false),
        other => Err(format!("PAPERSIFT_MEANING={other:?}: expected on or off").into()),
    }
}

/// Writes `OUT_DIR/index.psi` (a whole index, or a split one's root) and
/// `OUT_DIR/disk.psi` (a small index whole, for the CLI; empty otherwise),
/// beside the old ones first, then swapped in: a failed build never leaves
/// a partial index. The parts are not written: nothing reads them here.
fn write(index: &format::Index, cut: format::Cut) -> Result<(), Box<dyn std::error::Error>> {
    let out = PathBuf::from(std::env::var("OUT_DIR")?);
    let (root, disk) = match cut {
        format::Cut::Whole => (format::encode(index), Vec::new()),
        format::Cut::Split { layout, disk_copy } => {
            let root = format::encode_split(index, layout).root;
            // The CLI builds the meaning lists again: not in its copy.
            let whole = || {
                format::encode(&format::Index {
                    meaning: Vec::new(),
                    ..index.clone()
                })
            };
            (root, if disk_copy { whole() } else { Vec::new() })
        }
    };
    let tmp = out.join("index.psi.tmp");
    std::fs::write(&tmp, &root)?;
    let disk_tmp = out.join("disk.psi.tmp");
    std::fs::write(&disk_tmp, &disk)?;
    std::fs::rename(&disk_tmp, out.join("disk.psi"))?;
    std::fs::rename(&tmp, out.join("index.psi"))?;
    Ok(())
}

/// Writes `OUT_DIR/vendored_engine.rs`: `&[(name, include_bytes!(path)),
/// …]` for each file in `vendor/engine/` (sorted by name), or `&[]` when it
/// is absent. `vendor/` itself is committed (with its README), so that
/// watching it never sees a missing path, which Cargo would rerun this
/// script for on every build.
fn write_vendored_engine(manifest: &Path) -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-changed=vendor");
    let dir = manifest.join("vendor/engine");
    let mut files = Vec::new();
    if dir.is_dir() {
        for entry in std::fs::read_dir(&dir)? {
            let path = entry?.path();
            if path.is_file() {
                files.push(path);
            }
        }
    }
    files.sort();
    let mut list = String::from("&[\n");
    for path in &files {
        let name = path.file_name().and_then(|n| n.to_str());
        let name = name.ok_or_else(|| format!("{}: not a UTF-8 name", path.display()))?;
        let path = path.to_str().ok_or("vendor/engine: not a UTF-8 path")?;
        list += &format!("    ({name:?}, include_bytes!({path:?})),\n");
    }
    list += "]\n";
    let out = PathBuf::from(std::env::var("OUT_DIR")?);
    std::fs::write(out.join("vendored_engine.rs"), list)?;
    Ok(())
}

/// The path as the user should see it: relative to the crate when inside it.
fn shown(path: &Path, manifest: &Path) -> PathBuf {
    path.strip_prefix(manifest)
        .map_or_else(|_| path.to_path_buf(), Path::to_path_buf)
}
