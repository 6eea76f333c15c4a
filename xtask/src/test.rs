//! `cargo xtask test`: every test, in order: `cargo fmt --check`, clippy,
//! `cargo test --workspace`, the four test sites (default, split, hostile,
//! archive), the malformed-digest check, the packages installed and
//! publishing (installed.rs), fuzzing, and the browser suites in Chromium.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Result};

use crate::tools::{ensure_chromium, ensure_npm, ensure_wasm_tools};
use crate::{fuzz, installed, root, run_cmd, site};

/// Runs every test; the first failure stops the run.
pub fn run() -> Result<()> {
    let root = root();
    let browser = root.join("tests/browser");
    ensure_wasm_tools()?;
    ensure_chromium()?;
    ensure_npm(&browser)?;

    cargo_checks(&root)?;
    let sites = root.join("target/test-sites");
    build_test_sites(&root, &sites)?;
    check_bad_digest_fails_the_build(&root)?;
    let installed = installed::publish_installed(&sites)?;
    fuzz::run(&root)?;
    browser_suites(&browser, &sites, &installed)
}

/// Formatting, clippy and the native tests of the whole workspace.
fn cargo_checks(root: &Path) -> Result<()> {
    let cargo = || {
        let mut c = Command::new("cargo");
        c.current_dir(root);
        c
    };
    run_cmd(cargo().args(["fmt", "--all", "--", "--check"]))?;
    run_cmd(cargo().args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    run_cmd(cargo().args(["test", "--workspace"]))
}

/// The sites the browser suites open: the default digest as `auto` cuts it
/// (small parts, over http and, carried by the wasm's script copy, from
/// disk), split large (`always`) and whole (`never`), the hostile fixture,
/// and two archives (eight days across a new year; and forty days, which
/// get a page a day), as `auto` cuts them.
fn build_test_sites(root: &Path, sites: &Path) -> Result<()> {
    // Built afresh: a publish never replaces files it did not write.
    if sites.exists() {
        std::fs::remove_dir_all(sites)?;
    }
    site::build(&[], None, &sites.join("default"), "auto", true)?;
    site::build(&[], None, &sites.join("split"), "always", true)?;
    site::build(&[], None, &sites.join("whole"), "never", true)?;
    site::build(
        &[root.join("tests/fixtures/hostile.txt")],
        None,
        &sites.join("hostile"),
        "auto",
        true,
    )?;
    let archive = make_archive(
        root,
        &sites.join("archive-digests"),
        ["8", "8", "2024-12-28"],
    )?;
    site::build(&[archive], None, &sites.join("archive"), "auto", true)?;
    // Forty days of one paper: a page a day (see pages.rs).
    let days = make_archive(root, &sites.join("days-digests"), ["1", "40", "2024-12-01"])?;
    site::build(&[days], None, &sites.join("days"), "auto", true)?;
    Ok(())
}

/// Writes an archive test site's digests into `dir`, fresh: the default
/// digest cut into `[papers a day, days, first day]` (8 days of 8 papers
/// from 2024-12-28 cross a new year), by `../shared/tools/make-archive.py`
/// (beside the repository, on CI too).
pub fn make_archive(root: &Path, dir: &Path, [per_day, days, start]: [&str; 3]) -> Result<PathBuf> {
    let tool = root.join("../shared/tools/make-archive.py");
    if !tool.is_file() {
        bail!(
            "the archive test site needs {}: the shared folder beside the repository",
            tool.display()
        );
    }
    if dir.exists() {
        std::fs::remove_dir_all(dir)?;
    }
    let mut cmd = Command::new("python3");
    cmd.arg(&tool)
        .arg(root.join("data/daily-papers.txt"))
        .arg(dir)
        .args(["--per-day", per_day, "--days", days, "--start", start]);
    match cmd.status() {
        Ok(status) if status.success() => Ok(dir.to_path_buf()),
        Ok(status) => bail!("{} failed ({status})", tool.display()),
        Err(e) => bail!(
            "cannot run python3 for {}: {e}; install Python 3",
            tool.display()
        ),
    }
}

/// Every `*.test.mjs` suite in `browser`, one at a time, over `sites` (and
/// `installed`, the sites the installed packages published).
fn browser_suites(browser: &Path, sites: &Path, installed: &Path) -> Result<()> {
    let mut suites: Vec<PathBuf> = std::fs::read_dir(browser)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".test.mjs"))
        .collect();
    suites.sort();
    run_cmd(
        Command::new("node")
            .args(["--test", "--test-concurrency=1"])
            .args(&suites)
            .env("PAPERSIFT_SITES", sites)
            .env("PAPERSIFT_INSTALLED", installed)
            // The CLI the publish suite runs, as `cargo test` built it.
            .env(
                "PAPERSIFT_BIN",
                browser.join("../../target/debug/papersift"),
            )
            .current_dir(browser),
    )
}

/// A malformed digest must fail the library build with `file:line:` and
/// leave no index behind (build.rs writes beside, then renames).
fn check_bad_digest_fails_the_build(root: &Path) -> Result<()> {
    eprintln!("xtask: checking that a malformed digest fails the build");
    let bad = root.join("target/bad-digest.txt");
    std::fs::write(
        &bad,
        "Daily Papers\n\nA title\n\nIts abstract.\n\nA title with no abstract\n",
    )?;
    let out = Command::new("cargo")
        .args(["check", "--lib", "--quiet", "--package", "papersift"])
        .env("PAPERSIFT_DIGEST", &bad)
        .env("CARGO_TARGET_DIR", root.join("target/bad-digest"))
        .current_dir(root)
        .output()?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    // build.rs names digests inside the crate by their relative path.
    let expected = "target/bad-digest.txt:7: title \"A title with no abstract\" has no abstract";
    if out.status.success() || !stderr.contains(expected) {
        bail!("a malformed digest should fail the build with {expected:?}; got:\n{stderr}");
    }
    let leftovers: Vec<PathBuf> = walk(&root.join("target/bad-digest"))
        .into_iter()
        .filter(|p| p.file_name().is_some_and(|n| n == "index.psi"))
        .collect();
    if !leftovers.is_empty() {
        bail!("a failed build left an index behind: {leftovers:?}");
    }
    Ok(())
}

/// Every file under `dir`, recursively.
fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}
