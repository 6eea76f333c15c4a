//! Installs the tools a command needs when they are missing: the wasm target,
//! the pinned wasm-bindgen-cli and the pinned minifier (site), Debian's
//! Chromium and an npm folder's packages (test, bench), and cargo-fuzz
//! (test).

use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::run_cmd;

/// wasm-bindgen CLI and crate must match exactly (see Cargo.toml).
pub const WASM_BINDGEN_VERSION: &str = "0.2.130";

/// The standard output of a command that ran and succeeded.
fn output_of(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The wasm target and the pinned wasm-bindgen-cli.
pub fn ensure_wasm_tools() -> Result<()> {
    let targets = output_of("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if !targets
        .lines()
        .any(|t| t.trim() == "wasm32-unknown-unknown")
    {
        eprintln!("xtask: installing the wasm32-unknown-unknown target");
        run_cmd(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))?;
    }
    let version = output_of("wasm-bindgen", &["--version"]).unwrap_or_default();
    if !version.contains(WASM_BINDGEN_VERSION) {
        eprintln!(
            "xtask: installing wasm-bindgen-cli {WASM_BINDGEN_VERSION} (about 5 minutes, once)"
        );
        // No --locked: its lock file pins a crate version the registry lacks.
        run_cmd(Command::new("cargo").args([
            "install",
            "wasm-bindgen-cli",
            "--version",
            WASM_BINDGEN_VERSION,
        ]))?;
    }
    Ok(())
}

/// Debian's Chromium (its driver comes from the same build).
pub fn ensure_chromium() -> Result<()> {
    if Path::new("/usr/bin/chromium").exists() && Path::new("/usr/bin/chromedriver").exists() {
        return Ok(());
    }
    eprintln!("xtask: installing chromium and chromium-driver with apt-get");
    run_cmd(Command::new("apt-get").arg("update"))?;
    run_cmd(
        Command::new("apt-get")
            .args([
                "install",
                "-y",
                "--no-install-recommends",
                "chromium",
                "chromium-driver",
            ])
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )
}

/// An npm folder's packages (the browser suite's, the bench's), from its
/// lock file.
pub fn ensure_npm(dir: &Path) -> Result<()> {
    if dir.join("node_modules/.package-lock.json").exists() {
        return Ok(());
    }
    eprintln!("xtask: installing {} npm packages", dir.display());
    run_cmd(
        Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(dir),
    )
}

/// The npm package `name` as `dir/package.json` pins it (an exact
/// version), installed from the lock file when it is missing or another
/// version (the pin changed since the last install).
pub fn ensure_npm_package(dir: &Path, name: &str) -> Result<()> {
    let pinned = version(&dir.join("package.json"), &["devDependencies", name])?
        .with_context(|| format!("{} pins no {name}", dir.join("package.json").display()))?;
    let installed = dir.join("node_modules").join(name).join("package.json");
    if version(&installed, &["version"]).ok().flatten() == Some(pinned.clone()) {
        return Ok(());
    }
    eprintln!("xtask: installing {name} {pinned} in {}", dir.display());
    run_cmd(
        Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(dir),
    )?;
    match version(&installed, &["version"])? {
        Some(v) if v == pinned => Ok(()),
        other => bail!("npm ci installed {name} {other:?}; package.json pins {pinned}"),
    }
}

/// The string at `keys` in the JSON file `path`, if there is one.
fn version(path: &Path, keys: &[&str]) -> Result<Option<String>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let json: serde_json::Value =
        serde_json::from_str(&text).with_context(|| format!("{} is not JSON", path.display()))?;
    let at = keys.iter().try_fold(&json, |v, k| v.get(k));
    Ok(at.and_then(|v| v.as_str()).map(str::to_string))
}

/// cargo-fuzz (fuzzing runs on stable Rust, without sanitizers).
pub fn ensure_cargo_fuzz() -> Result<()> {
    if output_of("cargo", &["fuzz", "--version"]).is_none() {
        eprintln!("xtask: installing cargo-fuzz (about 2 minutes, once)");
        run_cmd(Command::new("cargo").args(["install", "cargo-fuzz", "--locked"]))?;
    }
    Ok(())
}
