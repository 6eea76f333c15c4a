//! Part of `cargo xtask test`: the packages as a site owner gets them.
//! Runs `cargo xtask package`, installs the npm tarball into an empty folder
//! (`npm install`, offline) and the crate with `cargo install --path` (its
//! unpacked copy) into a temporary root, then publishes a three-day archive
//! with each installed `papersift`, PATH holding no Rust or wasm tools.
//! `tests/browser/installed.test.mjs` then searches both sites in Chromium
//! (`PAPERSIFT_INSTALLED` names the folder):
//!
//! ```text
//! target/test-sites/installed/
//!   digests/          3 days of 8 papers (make-archive.py), a day of JSON
//!                     Lines and a daily-papers listing
//!   npm-project/      the empty folder the tarball was installed into
//!   npm-site/         published by `npx papersift publish`
//!   cargo-root/       `cargo install --root` (from the crate unpacked in
//!                     a temporary folder)
//!   crate-site/       published by cargo-root/bin/papersift
//! ```

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{bail, Context, Result};

use crate::{package, root, run_cmd, test};

/// The npm install and first publish must take no longer (issue 22).
const NPM_BUDGET_SECS: f64 = 30.0;

/// Packages, installs and publishes (see the module's docs); returns the
/// folder the browser suite reads.
/// A day as JSON Lines: a paper with its own address and authors.
const JSON_LINES: &str = concat!(
    r#"{"title": "Quantile sketches over sliding windows", "abstract": "We bound the error of quantile sketches over sliding windows.", "url": "https://arxiv.org/abs/2503.00004", "authors": ["Ada Lovelace", "Alan Turing"]}"#,
    "\n"
);

/// A day as the Hugging Face daily-papers listing.
const LISTING: &str = r#"[{"paper": {"id": "2503.00005", "title": "Reservoir sampling with weights, revisited", "summary": "We revisit weighted reservoir sampling.", "authors": [{"name": "Edsger Dijkstra"}]}}]"#;

pub fn publish_installed(sites: &Path) -> Result<PathBuf> {
    let root = root();
    let packages = package::run()?;
    let dir = sites.join("installed");
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    std::fs::create_dir_all(&dir)?;
    let digests = test::make_archive(&root, &dir.join("digests"), ["8", "3", "2025-03-01"])?;
    // Beside the text digests, a day of JSON Lines and a daily-papers listing.
    std::fs::write(digests.join("2025-03-04.jsonl"), JSON_LINES)?;
    std::fs::write(digests.join("2025-03-05.json"), LISTING)?;
    let path = bare_path()?;

    let started = Instant::now();
    let project = dir.join("npm-project");
    std::fs::create_dir_all(&project)?;
    let npm = |args: &[&str]| {
        let mut c = Command::new("npm");
        c.args(args).env("PATH", &path).current_dir(&project);
        c
    };
    run_cmd(npm(&["install", "--offline", "--no-audit", "--no-fund"]).arg(&packages.npm_file))?;
    let mut npx = Command::new("npx");
    npx.args(["papersift", "publish", "--digests"])
        .arg(&digests)
        .arg("--out")
        .arg(dir.join("npm-site"))
        .env("PATH", &path)
        .current_dir(&project);
    run_cmd(&mut npx)?;
    let npm_secs = started.elapsed().as_secs_f64();
    eprintln!("xtask: npm install + first publish: {npm_secs:.1} s");
    if npm_secs > NPM_BUDGET_SECS {
        bail!("npm install + first publish took {npm_secs:.1} s (budget {NPM_BUDGET_SECS} s)");
    }

    let bin = cargo_install(&root, &packages.crate_file, &dir)?;
    let mut publish = Command::new(&bin);
    publish
        .args(["publish", "--digests"])
        .arg(&digests)
        .arg("--out")
        .arg(dir.join("crate-site"))
        .env("PATH", &path);
    run_cmd(&mut publish)?;
    Ok(dir)
}

/// A PATH with Node, npm and the system's tools only (no `~/.cargo/bin`):
/// checked to find no Rust or wasm tool.
fn bare_path() -> Result<String> {
    let path = "/usr/local/bin:/usr/bin:/bin".to_string();
    for tool in ["cargo", "rustc", "rustup", "wasm-bindgen", "wasm-pack"] {
        let found = Command::new("sh")
            .args(["-c", &format!("command -v {tool}")])
            .env("PATH", &path)
            .output()?;
        if found.status.success() {
            bail!(
                "{tool} is on the bare PATH ({}): the installed packages \
                 must be tested without it",
                String::from_utf8_lossy(&found.stdout).trim()
            );
        }
    }
    Ok(path)
}

/// Unpacks the crate into a temporary folder (outside the repository, whose
/// workspace Cargo would take it for a stray member) and `cargo install`s
/// it from there into `dir/cargo-root/` (offline when the registry cache
/// holds every dependency, else online), building in
/// `target/package/target` (the dependencies `cargo xtask package` built).
/// Returns the binary.
fn cargo_install(root: &Path, crate_file: &Path, dir: &Path) -> Result<PathBuf> {
    let unpacked = std::env::temp_dir().join(format!("papersift-crate-{}", std::process::id()));
    let _removed = Removed(unpacked.clone());
    std::fs::create_dir_all(&unpacked)?;
    run_cmd(
        Command::new("tar")
            .arg("-xzf")
            .arg(crate_file)
            .arg("-C")
            .arg(&unpacked),
    )?;
    let source = std::fs::read_dir(&unpacked)?
        .next()
        .context("the crate unpacked to nothing")??
        .path();
    let cargo_root = dir.join("cargo-root");
    let install = |offline: bool| {
        let mut c = Command::new("cargo");
        c.args(["install", "--locked", "--path"])
            .arg(&source)
            .arg("--root")
            .arg(&cargo_root)
            .env("CARGO_TARGET_DIR", root.join("target/package/target"))
            .env_remove("PAPERSIFT_DIGEST");
        if offline {
            c.arg("--offline");
        }
        c
    };
    let started = Instant::now();
    if run_cmd(&mut install(true)).is_err() {
        eprintln!("xtask: cargo install --offline failed; trying online");
        run_cmd(&mut install(false))?;
    }
    eprintln!(
        "xtask: cargo install: {:.0} s",
        started.elapsed().as_secs_f64()
    );
    Ok(cargo_root.join("bin/papersift"))
}

/// A temporary folder, removed when dropped.
struct Removed(PathBuf);

impl Drop for Removed {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
