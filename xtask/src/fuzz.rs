//! A short, bounded fuzzing run of every cargo-fuzz target, from the
//! committed seeds (part of `cargo xtask test`).

use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::tools::ensure_cargo_fuzz;

/// Seconds each fuzz target runs in `cargo xtask test`
/// (`PAPERSIFT_FUZZ_SECONDS` overrides it).
const FUZZ_SECONDS: u32 = 60;

/// The targets in `fuzz/fuzz_targets/`.
const TARGETS: [&str; 3] = ["digest", "search", "decode"];

/// Fuzzes every target for [`FUZZ_SECONDS`] each.
pub fn run(root: &Path) -> Result<()> {
    let seconds: u32 = std::env::var("PAPERSIFT_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(FUZZ_SECONDS);
    ensure_cargo_fuzz()?;
    for target in TARGETS {
        fuzz_target(root, target, seconds)?;
    }
    Ok(())
}

/// Fuzzes one target; a failure shows the end of libFuzzer's report.
fn fuzz_target(root: &Path, target: &str, seconds: u32) -> Result<()> {
    eprintln!("xtask: fuzzing {target} for {seconds} s");
    let fuzz = root.join("fuzz");
    // A scratch corpus: new inputs found here are not committed.
    let scratch = root.join("target/fuzz-corpus").join(target);
    std::fs::create_dir_all(&scratch)?;
    let out = Command::new("cargo")
        .args(["fuzz", "run", "--sanitizer", "none", target])
        .arg(&scratch)
        .arg(fuzz.join("corpus").join(target))
        .arg("--")
        .arg(format!("-max_total_time={seconds}"))
        .arg("-rss_limit_mb=4096")
        // Stable Rust: cargo-fuzz's flags are accepted with this.
        .env("RUSTC_BOOTSTRAP", "1")
        .current_dir(&fuzz)
        .output()
        .context("cannot run cargo fuzz")?;
    // libFuzzer reports every new input; show its summary, or the end
    // of its report when it found a failure.
    let log = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = log.lines().collect();
    if !out.status.success() {
        let tail = &lines[lines.len().saturating_sub(60)..];
        bail!("fuzzing {target} found a failure:\n{}", tail.join("\n"));
    }
    for line in lines.iter().filter(|l| l.starts_with("Done ")) {
        eprintln!("xtask: fuzz {target}: {line}");
    }
    Ok(())
}
