//! `cargo xtask package`: the two packages a site owner installs, ready to
//! publish, under `target/package/` (nothing is published from here):
//!
//! ```text
//! engine (site::engine: wasm, script, module, types, styles)
//!   │ written into vendor/engine/ (git-ignored), removed once packaged
//!   ▼
//! cargo package --no-verify ─► papersift-<v>.crate ─ unpacked ─► papersift-<v>/
//!                                                                  │ cargo build --release
//!                                                                  ▼ (the verification)
//!                                   the binary, which carries the engine
//!                                                                  │
//! npm/ (package.json, bin/, node.mjs)  + widget files + native/linux-x64/papersift
//!   └─► staged in npm-stage/ ─► npm pack ─► papersift-<v>.tgz
//! ```
//!
//! The npm package's binary is the packaged crate's, built in release from
//! its unpacked copy: what `cargo install papersift` builds, so the two
//! packages publish alike, and the build checks the crate as `cargo
//! package`'s own verification would (more strictly: in release, with its
//! lock file). Only this machine's platform (linux-x64) is built here; the
//! launcher says so on other platforms.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use papersift::site::EngineFiles;

use crate::{root, run_cmd, site};

/// The widget's files the npm package carries (for bundlers and types).
const WIDGET: [&str; 4] = [
    "papersift.js",
    "papersift.mjs",
    "papersift.d.ts",
    "papersift.css",
];

/// The npm package's own files, in `npm/`.
const NPM_FILES: [&str; 5] = [
    "package.json",
    "bin/papersift.js",
    "node.mjs",
    "node.d.ts",
    "README.md",
];

/// What `cargo xtask package` wrote.
pub struct Packages {
    /// `target/package/papersift-<version>.crate`.
    pub crate_file: PathBuf,
    /// `target/package/papersift-<version>.tgz`.
    pub npm_file: PathBuf,
}

/// Builds both packages (see the module's docs).
pub fn run() -> Result<Packages> {
    let started = Instant::now();
    let root = root();
    let out = root.join("target/package");
    let version = papersift::VERSION;
    let engine = site::engine(&root)?;
    let crate_file = {
        let _vendored = Vendored::write(&root, &engine)?;
        cargo_package(&root)?;
        out.join(format!("papersift-{version}.crate"))
    };
    let binary = build_binary(&crate_file, &out, version)?;
    let npm_file = npm_package(&root, &out, &engine, &binary, version)?;
    eprintln!(
        "xtask: packaged in {:.0} s:\n  {} ({})\n  {} ({})",
        started.elapsed().as_secs_f64(),
        crate_file.display(),
        kb(file_len(&crate_file)),
        npm_file.display(),
        kb(file_len(&npm_file)),
    );
    Ok(Packages {
        crate_file,
        npm_file,
    })
}

/// `vendor/engine/` while it exists: written from the engine's files, and
/// removed when dropped (also when packaging fails), so that binaries built
/// in the repository carry no engine, stale or not.
struct Vendored(PathBuf);

impl Vendored {
    fn write(root: &Path, engine: &EngineFiles) -> Result<Vendored> {
        let dir = root.join("vendor/engine");
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        std::fs::create_dir_all(&dir)?;
        let vendored = Vendored(dir);
        for (name, bytes) in &engine.files {
            std::fs::write(vendored.0.join(name), bytes)
                .with_context(|| format!("cannot write vendor/engine/{name}"))?;
        }
        Ok(vendored)
    }
}

impl Drop for Vendored {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `cargo package --no-verify --allow-dirty`: the crate as crates.io would
/// get it (`Cargo.toml`'s `include` says what it holds). Not verified here:
/// [`build_binary`] builds it in release, which is the stricter check.
/// `--allow-dirty` lets a work in progress be packaged; the files packaged
/// are the working tree's either way.
fn cargo_package(root: &Path) -> Result<()> {
    eprintln!("xtask: packaging the crate");
    run_cmd(
        Command::new("cargo")
            .args([
                "package",
                "--package",
                "papersift",
                "--no-verify",
                "--allow-dirty",
            ])
            .current_dir(root),
    )
}

/// Unpacks the crate into `out/papersift-<version>/` and builds its binary
/// there (release, its own lock file; dependencies kept in
/// `out/target/` between runs). Returns the binary's path.
fn build_binary(crate_file: &Path, out: &Path, version: &str) -> Result<PathBuf> {
    let unpacked = out.join(format!("papersift-{version}"));
    if unpacked.exists() {
        std::fs::remove_dir_all(&unpacked)?;
    }
    run_cmd(
        Command::new("tar")
            .arg("-xzf")
            .arg(crate_file)
            .arg("-C")
            .arg(out),
    )?;
    if !unpacked.join("vendor/engine").is_dir() {
        bail!("the packaged crate holds no vendor/engine/: check Cargo.toml's include");
    }
    eprintln!("xtask: building the packaged crate's binary (release)");
    let target = out.join("target");
    run_cmd(
        Command::new("cargo")
            .args(["build", "--release", "--locked", "--bin", "papersift"])
            .arg("--manifest-path")
            .arg(unpacked.join("Cargo.toml"))
            .arg("--target-dir")
            .arg(&target)
            .env_remove("PAPERSIFT_DIGEST")
            .env_remove("PAPERSIFT_SPLIT")
            .env_remove("PAPERSIFT_MEANING")
            .env_remove("PAPERSIFT_YEAR"),
    )?;
    Ok(target.join("release/papersift"))
}

/// Stages the npm package in `out/npm-stage/` (its own files from `npm/`,
/// the widget's from the engine, the binary as `native/linux-x64/`) and
/// packs it with `npm pack` into `out/papersift-<version>.tgz`.
fn npm_package(
    root: &Path,
    out: &Path,
    engine: &EngineFiles,
    binary: &Path,
    version: &str,
) -> Result<PathBuf> {
    let stage = out.join("npm-stage");
    if stage.exists() {
        std::fs::remove_dir_all(&stage)?;
    }
    for name in NPM_FILES {
        let to = stage.join(name);
        std::fs::create_dir_all(to.parent().expect("a file in the stage"))?;
        std::fs::copy(root.join("npm").join(name), &to)
            .with_context(|| format!("cannot copy npm/{name}"))?;
    }
    check_version(&stage.join("package.json"), version)?;
    for name in WIDGET {
        let (_, bytes) = (engine.files.iter())
            .find(|(file, _)| file == name)
            .with_context(|| format!("the engine has no {name}"))?;
        std::fs::write(stage.join(name), bytes)?;
    }
    let native = stage.join(format!("native/{}", platform()?));
    std::fs::create_dir_all(&native)?;
    std::fs::copy(binary, native.join("papersift"))?;
    run_cmd(Command::new("strip").arg(native.join("papersift")))?;
    run_cmd(
        Command::new("npm")
            .args(["pack", "--silent", "--pack-destination"])
            .arg(out)
            .current_dir(&stage),
    )?;
    let tgz = out.join(format!("papersift-{version}.tgz"));
    if !tgz.is_file() {
        bail!("npm pack wrote no {}", tgz.display());
    }
    Ok(tgz)
}

/// Fails unless `npm/package.json` names the crate's version: the two
/// packages are released together.
fn check_version(package_json: &Path, version: &str) -> Result<()> {
    let text = std::fs::read_to_string(package_json)?;
    let json: serde_json::Value = serde_json::from_str(&text)?;
    match json["version"].as_str() {
        Some(v) if v == version => Ok(()),
        other => bail!(
            "npm/package.json's version is {other:?}, the crate's {version:?}: \
             set both to the release's version"
        ),
    }
}

/// This machine as Node names it (`process.platform`-`process.arch`): the
/// npm package's binary folder.
fn platform() -> Result<&'static str> {
    match (std::env::consts::OS, std::env::consts::ARCH) {
        ("linux", "x86_64") => Ok("linux-x64"),
        ("linux", "aarch64") => Ok("linux-arm64"),
        ("macos", "x86_64") => Ok("darwin-x64"),
        ("macos", "aarch64") => Ok("darwin-arm64"),
        (os, arch) => bail!("no npm platform name for {os}-{arch}"),
    }
}

fn file_len(path: &Path) -> u64 {
    std::fs::metadata(path).map_or(0, |m| m.len())
}

fn kb(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_npm_package_has_the_crate_s_version_and_lists_every_file_it_carries() {
        let npm = root().join("npm");
        check_version(&npm.join("package.json"), papersift::VERSION).unwrap();
        assert!(check_version(&npm.join("package.json"), "0.0.0-other").is_err());
        let json: serde_json::Value =
            serde_json::from_slice(&std::fs::read(npm.join("package.json")).unwrap()).unwrap();
        let files: Vec<&str> = (json["files"].as_array().unwrap().iter())
            .map(|f| f.as_str().unwrap())
            .collect();
        for name in NPM_FILES
            .iter()
            .filter(|n| **n != "package.json")
            .chain(&WIDGET)
        {
            assert!(files.contains(name), "package.json's files lack {name}");
        }
        assert!(files.contains(&"native/"));
    }
}
