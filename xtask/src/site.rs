//! `cargo xtask site`: builds the engine (the wasm and its script; it does
//! not depend on the papers) into `target/web/`, then publishes the chosen
//! digests with it, as `papersift publish` does every day after
//! (`papersift::site`, whose docs show the site's files). The site's
//! folder may hold the owner's own files: nothing papersift did not write
//! is touched.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use papersift::digest;
use papersift::format::SplitMode;
use papersift::site::{self, EngineFiles, Papers, Publish};

use crate::tools::ensure_wasm_tools;
use crate::{minify, root, run_cmd, widget};

/// Builds the site for `digests` (none: the default digest) into `out`,
/// splitting the index as `split` says (`auto`, `always`, `never`), with
/// each English word's related documents unless `meaning` is false.
/// Returns the index's root (`out/index.psi`).
pub fn build(
    digests: &[PathBuf],
    year: Option<u16>,
    out: &Path,
    split: &str,
    meaning: bool,
) -> Result<Vec<u8>> {
    let started = Instant::now();
    let root = root();
    let split = SplitMode::parse(split).context("--split takes auto, always or never")?;
    let default = [root.join("data/daily-papers.txt")];
    let sources = if digests.is_empty() {
        &default[..]
    } else {
        digests
    };
    // Parsed first: a bad digest fails fast, with file and line.
    let (docs, date) = parse(sources, year)?;
    let engine = engine(&root)?;
    let extra = match digests.is_empty() {
        true => vec![(
            "embed.html".to_string(),
            std::fs::read(root.join("www/embed.html"))?,
        )],
        false => Vec::new(),
    };
    let what = Publish {
        docs,
        date,
        engine: &engine,
        split,
        meaning,
        extra,
    };
    let report = site::publish(out, what)?;
    eprintln!(
        "xtask: site ready in {}: {} papers; {report} ({:.1} s)",
        out.display(),
        report.papers,
        started.elapsed().as_secs_f64()
    );
    Ok(std::fs::read(out.join(site::INDEX_FILE))?)
}

/// The papers of `sources`, and the newest digest's date.
pub fn parse(
    sources: &[PathBuf],
    year: Option<u16>,
) -> Result<(Vec<digest::Document>, Option<papersift::date::Date>)> {
    let papers = Papers::read(sources, year)?;
    for warning in &papers.warnings {
        eprintln!("xtask: warning: {warning}");
    }
    eprintln!("xtask: {}", papers.summary());
    Ok((papers.docs, papers.date))
}

/// The engine's files: the wasm built (with the default digest's index
/// inside, which sites do not use) and run through wasm-bindgen, its glue
/// joined with the widget, and the widget's types and style sheets.
pub fn engine(root: &Path) -> Result<EngineFiles> {
    ensure_wasm_tools()?;
    minify::ensure()?;
    eprintln!("xtask: building the wasm engine");
    cargo_build_wasm(root)?;
    let bindgen = root.join("target/wasm-bindgen");
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
            .arg(&bindgen)
            .arg(root.join("target/wasm32-unknown-unknown/release/papersift.wasm")),
    )?;
    let wasm = std::fs::read(bindgen.join("papersift_bg.wasm"))?;
    let wasm_name = EngineFiles::wasm_name(&wasm);
    let glue = std::fs::read_to_string(bindgen.join("papersift.js"))?;
    let www = root.join("www");
    let scripts = widget::scripts(&www, &glue, &wasm_name)?;
    let mut files = vec![
        ("papersift.js".to_string(), scripts.classic.into_bytes()),
        ("papersift.mjs".to_string(), scripts.module.into_bytes()),
        (
            "papersift.css".to_string(),
            widget::styles(&www)?.into_bytes(),
        ),
        (wasm_name, wasm),
    ];
    for name in ["papersift.d.ts", "package.json", "site.css", "favicon.svg"] {
        let bytes = std::fs::read(www.join(name)).with_context(|| format!("www/{name}"))?;
        files.push((name.to_string(), bytes));
    }
    Ok(EngineFiles { files })
}

/// Builds the wasm library (release, panics abort).
fn cargo_build_wasm(root: &Path) -> Result<()> {
    let status = Command::new("cargo")
        .args([
            "build",
            "--release",
            "--target",
            "wasm32-unknown-unknown",
            "--lib",
            "--package",
            "papersift",
        ])
        .env_remove("PAPERSIFT_DIGEST")
        .env_remove("PAPERSIFT_SPLIT")
        .env_remove("PAPERSIFT_MEANING")
        .env("CARGO_PROFILE_RELEASE_PANIC", "abort")
        .current_dir(root)
        .status()
        .context("cannot run cargo")?;
    if !status.success() {
        bail!("building the wasm engine failed");
    }
    Ok(())
}
