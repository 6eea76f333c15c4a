//! Assembles the static site: the wasm built with the index of the chosen
//! digests (its root, or the whole index with `--split never`), its JS glue
//! joined with the widget, the index's parts, and the HTML pages.
//!
//! ```text
//! dist/
//!   index.html            every paper, with the search box on top
//!   embed.html            the widget as a header search on another page
//!   papersift.js          wasm-bindgen glue + widget (one classic script)
//!   papersift_bg.wasm     the engine, with the index's root embedded
//!   papersift_bg.wasm.js  the same bytes as base64, for pages opened from disk
//!                         (with a small index's buckets and doc shards)
//!   papersift.mjs         the same as an ES module (`import { search }`)
//!   papersift.d.ts        TypeScript types; package.json: an npm layout
//!   papersift.css         widget styles (loaded into its shadow root)
//!   site.css, favicon.svg the demo pages' own styles and icon
//!   papersift-index/      the buckets, doc shards and meaning shards,
//!                         fetched as queries need them
//! ```

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use base64::{engine::general_purpose::STANDARD as BASE64, Engine as _};
use papersift::date::Date;
use papersift::digest::{self, Document};
use papersift::format::{Cut, SplitMode};

use crate::tools::ensure_wasm_tools;
use crate::{pages, root, run_cmd, widget};

/// What the digests hold, for the demo page.
struct Papers {
    /// Every paper, deduplicated, with its id.
    docs: Vec<Document>,
    /// The date of the last digest that has one: the page's heading.
    date: Option<Date>,
}

/// Builds the site for `digests` (none: the default digest) into `out`,
/// splitting the index as `split` says (`auto`, `always`, `never`), with
/// each English word's related documents unless `meaning` is false.
/// Returns the embedded index (the whole index, or a split one's root).
pub fn build(
    digests: &[PathBuf],
    year: Option<u16>,
    out: &Path,
    split: &str,
    meaning: bool,
) -> Result<Vec<u8>> {
    let started = Instant::now();
    let root = root();
    ensure_wasm_tools()?;
    let default = [root.join("data/daily-papers.txt")];
    let sources = if digests.is_empty() {
        &default[..]
    } else {
        digests
    };
    let papers = parse(sources, year)?;
    eprintln!(
        "xtask: parsed {} papers from {} digest(s) in {:.1} s",
        papers.docs.len(),
        sources.len(),
        started.elapsed().as_secs_f64()
    );
    let out_dir = build_wasm(&root, sources, year, (split, meaning), &papers.docs)?;

    // Assemble in a fresh folder beside `out`, then swap it in.
    let tmp = out.with_extension("partial");
    assemble(&root, &tmp, &papers, &out_dir)?;
    if out.exists() {
        std::fs::remove_dir_all(out)?;
    }
    std::fs::rename(&tmp, out)?;
    eprintln!(
        "xtask: site ready in {} ({:.1} s)",
        out.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(std::fs::read(out_dir.join("index.psi"))?)
}

/// Parses every digest here first: a bad digest fails fast, with file and
/// line, before the wasm build.
fn parse(sources: &[PathBuf], year: Option<u16>) -> Result<Papers> {
    let parsed = digest::archive(sources, year)?;
    for warning in digest::warning_lines(&parsed, 5) {
        eprintln!("xtask: warning: {warning}");
    }
    Ok(Papers {
        docs: digest::documents(&parsed),
        date: parsed.iter().rev().find_map(|d| d.date),
    })
}

/// Builds the wasm engine with the index of `sources` inside, and its JS
/// glue into `target/wasm-bindgen/`; returns the build script's `OUT_DIR`.
fn build_wasm(
    root: &Path,
    sources: &[PathBuf],
    year: Option<u16>,
    (split, meaning): (&str, bool),
    docs: &[Document],
) -> Result<PathBuf> {
    let mode = SplitMode::parse(split).context("--split takes auto, always or never")?;
    eprintln!(
        "xtask: building the wasm engine with the index inside ({}; about 5 s per 50k papers)",
        match mode.cut(docs) {
            Cut::Whole => "one embedded file",
            Cut::Split {
                disk_copy: true, ..
            } => "its root; small parts, for http and in the script pages from disk load",
            Cut::Split { .. } => "its root; the parts beside it",
        }
    );
    let spec = sources
        .iter()
        .map(|p| p.to_str().context("digest paths must be UTF-8"))
        .collect::<Result<Vec<_>>>()?
        .join(":");
    let out_dir = cargo_build_wasm(root, &spec, year, (split, meaning))?;
    run_cmd(
        Command::new("wasm-bindgen")
            .args([
                "--target",
                "no-modules",
                "--no-modules-global",
                "papersiftWasm",
                "--no-typescript",
                "--remove-name-section",
                "--remove-producers-section",
                "--out-dir",
            ])
            .arg(bindgen_dir(root))
            .arg(root.join("target/wasm32-unknown-unknown/release/papersift.wasm")),
    )?;
    Ok(out_dir)
}

/// Where wasm-bindgen leaves the wasm and its glue.
fn bindgen_dir(root: &Path) -> PathBuf {
    root.join("target/wasm-bindgen")
}

/// Builds the wasm library with the index of `spec` inside; returns the
/// build script's `OUT_DIR`, where a split index leaves its parts.
fn cargo_build_wasm(
    root: &Path,
    spec: &str,
    year: Option<u16>,
    (split, meaning): (&str, bool),
) -> Result<PathBuf> {
    let output = Command::new("cargo")
        .args([
            "build",
            "--release",
            "--target",
            "wasm32-unknown-unknown",
            "--lib",
            "--package",
            "papersift",
            "--message-format=json-render-diagnostics",
        ])
        .env("PAPERSIFT_DIGEST", spec)
        .env(
            "PAPERSIFT_YEAR",
            year.map(|y| y.to_string()).unwrap_or_default(),
        )
        .env("PAPERSIFT_SPLIT", split)
        .env("PAPERSIFT_MEANING", if meaning { "on" } else { "off" })
        .env("CARGO_PROFILE_RELEASE_PANIC", "abort")
        .current_dir(root)
        .stderr(std::process::Stdio::inherit())
        .output()
        .context("cannot run cargo")?;
    if !output.status.success() {
        bail!("building the wasm engine failed");
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    stdout
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|m| m["reason"] == "build-script-executed")
        .filter(|m| {
            m["package_id"]
                .as_str()
                .is_some_and(|p| p.contains("papersift"))
        })
        .find_map(|m| m["out_dir"].as_str().map(PathBuf::from))
        .context("cargo did not report the index build's OUT_DIR")
}

/// Writes the whole site into `tmp`, a fresh folder: the engine, the pages,
/// and a split index's parts from the build script's `out_dir`.
fn assemble(root: &Path, tmp: &Path, papers: &Papers, out_dir: &Path) -> Result<()> {
    if tmp.exists() {
        std::fs::remove_dir_all(tmp)?;
    }
    std::fs::create_dir_all(tmp)?;
    write_engine(root, tmp, &disk_parts(out_dir)?)?;
    write_pages(&root.join("www"), tmp, papers)?;
    copy_parts(&out_dir.join("parts"), &tmp.join("papersift-index"))
}

/// The buckets, doc shards and typo shards of a small site (none for
/// others; the build script marks a small site by writing its whole index
/// to `disk.psi`):
/// a page opened from disk cannot fetch them, so the wasm's script copy
/// carries them.
fn disk_parts(out_dir: &Path) -> Result<Vec<(String, Vec<u8>)>> {
    let marker = out_dir.join("disk.psi");
    let whole =
        std::fs::metadata(&marker).with_context(|| format!("cannot read {}", marker.display()))?;
    if whole.len() == 0 {
        return Ok(Vec::new());
    }
    let mut parts = Vec::new();
    for entry in std::fs::read_dir(out_dir.join("parts"))? {
        let path = entry?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let kind = ["b-", "d-", "t-"].iter().any(|k| name.starts_with(k));
        if kind && name.ends_with(".psi") {
            parts.push((name.to_string(), std::fs::read(&path)?));
        }
    }
    parts.sort();
    Ok(parts)
}

/// The engine and its script: the glue joined with the widget, the wasm,
/// and the wasm again as base64 for pages opened from disk, with the
/// `disk` parts such a page cannot fetch.
fn write_engine(root: &Path, tmp: &Path, disk: &[(String, Vec<u8>)]) -> Result<()> {
    let bindgen = bindgen_dir(root);
    let glue = std::fs::read_to_string(bindgen.join("papersift.js"))?;
    let scripts = widget::scripts(&root.join("www"), &glue)?;
    std::fs::write(tmp.join("papersift.js"), scripts.classic)?;
    std::fs::write(tmp.join("papersift.mjs"), scripts.module)?;
    let wasm = std::fs::read(bindgen.join("papersift_bg.wasm"))?;
    std::fs::write(tmp.join("papersift_bg.wasm.js"), wasm_script(&wasm, disk))?;
    std::fs::write(tmp.join("papersift_bg.wasm"), &wasm)?;
    Ok(())
}

/// `papersift_bg.wasm.js`: the wasm's bytes in standard base64 (what the
/// loader's `atob` reads), as a classic script; and the `disk` parts, by
/// name (names are `[bdt]-<hex>.psi`: nothing to escape).
fn wasm_script(wasm: &[u8], disk: &[(String, Vec<u8>)]) -> String {
    let mut script = format!("self.papersiftWasmBase64 = \"{}\";\n", BASE64.encode(wasm));
    if !disk.is_empty() {
        script += "self.papersiftDiskParts = {\n";
        for (name, bytes) in disk {
            script += &format!("\"{name}\": \"{}\",\n", BASE64.encode(bytes));
        }
        script += "};\n";
    }
    script
}

/// The widget's styles and module files, and the demo pages.
fn write_pages(www: &Path, tmp: &Path, papers: &Papers) -> Result<()> {
    std::fs::write(tmp.join("papersift.css"), widget::styles(www)?)?;
    for file in [
        "papersift.d.ts",
        "package.json",
        "site.css",
        "favicon.svg",
        "embed.html",
    ] {
        std::fs::copy(www.join(file), tmp.join(file))?;
    }
    for (path, html) in pages::pages(&papers.docs, papers.date) {
        let path = tmp.join(path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(path, html)?;
    }
    Ok(())
}

/// Copies the index's parts from `parts` (when there are any) to `dest`:
/// a split index's buckets and doc shards, and the meaning shards.
fn copy_parts(parts: &Path, dest: &Path) -> Result<()> {
    if !parts.is_dir() {
        return Ok(());
    }
    let (mut n, mut bytes) = (0, 0);
    for entry in std::fs::read_dir(parts)? {
        let entry = entry?;
        if n == 0 {
            std::fs::create_dir_all(dest)?;
        }
        bytes += entry.metadata()?.len();
        std::fs::copy(entry.path(), dest.join(entry.file_name()))?;
        n += 1;
    }
    if n > 0 {
        eprintln!(
            "xtask: the index's parts: {n} files, {:.1} MB, in papersift-index/",
            bytes as f64 / 1e6
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wasm_script_holds_padded_standard_base64() {
        assert_eq!(wasm_script(b"", &[]), "self.papersiftWasmBase64 = \"\";\n");
        assert_eq!(
            wasm_script(&[0xff, 0xfe, 0xfd, 0x00], &[]),
            "self.papersiftWasmBase64 = \"//79AA==\";\n"
        );
    }

    #[test]
    fn a_small_sites_parts_follow_the_wasm_in_its_script() {
        let parts = [("b-1.psi".to_string(), b"PSFT".to_vec())];
        assert_eq!(
            wasm_script(b"\0", &parts),
            "self.papersiftWasmBase64 = \"AA==\";\nself.papersiftDiskParts = {\n\"b-1.psi\": \"UFNGVA==\",\n};\n"
        );
    }
}
