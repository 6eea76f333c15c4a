//! `cargo xtask`: builds the static site, serves it, and runs every test.
//!
//! ```text
//! cargo xtask site [--digest FILE]... [--out DIR] [--split MODE] [--serve [--port N]]
//! cargo xtask serve [--dir DIR] [--port N]
//! cargo xtask test
//! ```
//! Each command installs what it needs when it is missing: the wasm target,
//! the pinned wasm-bindgen-cli, and (for `test`) Chromium and the browser
//! suite's npm packages.

mod serve;
mod site;
mod widget;

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

/// wasm-bindgen CLI and crate must match exactly (see Cargo.toml).
pub const WASM_BINDGEN_VERSION: &str = "0.2.130";

const USAGE: &str = "usage:
  cargo xtask site [--digest FILE]... [--out DIR] [--split auto|always|never] [--serve [--port N]]
      build the static site (default: dist/ from the embedded default digest);
      --split: cut the index into files fetched on demand (auto: above 256 KB of text)
  cargo xtask serve [--dir DIR] [--port N]
      serve a built site on http://127.0.0.1:PORT/ (default dist/, port 8000)
  cargo xtask test
      run every test: fmt, clippy, native tests, and the browser suite in Chromium
  cargo xtask bench [--corpus FILE]... [--queries FILE] [--engines a,b,...]
      papersift and its peers on the same corpora and queries, in one run
      (default corpora: the default digest and ../shared/corpora/scale-*.txt)";

fn main() {
    if let Err(e) = run() {
        eprintln!("xtask: {e:#}");
        std::process::exit(1);
    }
}

fn run() -> Result<()> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    if args.is_empty() {
        bail!("{USAGE}");
    }
    let command = args.remove(0);
    match command.as_str() {
        "site" => {
            let mut digests = Vec::new();
            let mut out = root().join("dist");
            let mut serve = false;
            let mut port = 8000;
            let mut split = "auto".to_string();
            let mut it = args.into_iter();
            while let Some(arg) = it.next() {
                match arg.as_str() {
                    "--digest" => digests.push(absolute(&it.next().context("--digest FILE")?)),
                    "--split" => split = it.next().context("--split auto|always|never")?,
                    "--out" => out = absolute(&it.next().context("--out DIR")?),
                    "--serve" => serve = true,
                    "--port" => port = it.next().context("--port N")?.parse()?,
                    _ => bail!("unknown argument {arg}\n{USAGE}"),
                }
            }
            site::build(&digests, &out, &split)?;
            if serve {
                serve::serve(&out, port)?;
            }
            Ok(())
        }
        "serve" => {
            let mut dir = root().join("dist");
            let mut port = 8000;
            let mut it = args.into_iter();
            while let Some(arg) = it.next() {
                match arg.as_str() {
                    "--dir" => dir = absolute(&it.next().context("--dir DIR")?),
                    "--port" => port = it.next().context("--port N")?.parse()?,
                    _ => bail!("unknown argument {arg}\n{USAGE}"),
                }
            }
            serve::serve(&dir, port)
        }
        "test" => test(),
        "bench" => {
            let mut corpora = Vec::new();
            let mut queries = root().join("bench/queries.txt");
            let mut engines = None;
            let mut it = args.into_iter();
            while let Some(arg) = it.next() {
                match arg.as_str() {
                    "--corpus" => corpora.push(absolute(&it.next().context("--corpus FILE")?)),
                    "--queries" => queries = absolute(&it.next().context("--queries FILE")?),
                    "--engines" => engines = Some(it.next().context("--engines LIST")?),
                    _ => bail!("unknown argument {arg}\n{USAGE}"),
                }
            }
            bench(corpora, &queries, engines.as_deref())
        }
        "-h" | "--help" | "help" => {
            println!("{USAGE}");
            Ok(())
        }
        _ => bail!("unknown command {command}\n{USAGE}"),
    }
}

/// The repository root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the repository")
        .to_path_buf()
}

fn absolute(path: &str) -> PathBuf {
    std::env::current_dir()
        .map(|cwd| cwd.join(path))
        .unwrap_or_else(|_| PathBuf::from(path))
}

/// Runs a command, failing with its name when it fails.
pub fn run_cmd(cmd: &mut Command) -> Result<()> {
    let status = cmd
        .status()
        .with_context(|| format!("cannot start {:?}", cmd.get_program()))?;
    if !status.success() {
        bail!("{cmd:?} failed ({status})");
    }
    Ok(())
}

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
fn ensure_chromium() -> Result<()> {
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

/// The browser suite's npm packages, from its lock file.
fn ensure_npm(dir: &Path) -> Result<()> {
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

fn bench(mut corpora: Vec<PathBuf>, queries: &Path, engines: Option<&str>) -> Result<()> {
    let root = root();
    if corpora.is_empty() {
        corpora.push(root.join("data/daily-papers.txt"));
        for n in ["1k", "10k", "50k"] {
            let p = root.join(format!("../shared/corpora/scale-{n}.txt"));
            if p.exists() {
                corpora.push(p);
            }
        }
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
        let out = Command::new("cargo")
            .args(["bench", "--quiet", "--bench", "native", "--"])
            .arg(corpus)
            .arg(queries)
            .current_dir(&root)
            .stderr(std::process::Stdio::inherit())
            .output()?;
        if !out.status.success() {
            bail!("native bench failed on {}", corpus.display());
        }
        let line = String::from_utf8_lossy(&out.stdout);
        let json = line.lines().last().context("no native bench output")?;
        std::fs::write(dir.join("papersift-native.json"), json)?;
        if engines.is_none_or(|e| e.contains("papersift")) {
            let root = site::build(std::slice::from_ref(corpus), &dir.join("papersift"), "auto")?;
            std::fs::write(dir.join("papersift-root.psi"), root)?;
        }
        node.arg("--corpus")
            .arg(format!("{name}={}", corpus.display()));
    }
    run_cmd(&mut node)
}

fn test() -> Result<()> {
    let root = root();
    let browser = root.join("tests/browser");
    ensure_wasm_tools()?;
    ensure_chromium()?;
    ensure_npm(&browser)?;

    let cargo = || {
        let mut c = Command::new("cargo");
        c.current_dir(&root);
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
    run_cmd(cargo().args(["test", "--workspace"]))?;

    let sites = root.join("target/test-sites");
    site::build(&[], &sites.join("default"), "never")?;
    site::build(&[], &sites.join("split"), "always")?;
    site::build(
        &[root.join("tests/fixtures/hostile.txt")],
        &sites.join("hostile"),
        "never",
    )?;
    check_bad_digest_fails_the_build(&root)?;
    fuzz(&root)?;

    let mut suites: Vec<PathBuf> = std::fs::read_dir(&browser)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".test.mjs"))
        .collect();
    suites.sort();
    run_cmd(
        Command::new("node")
            .args(["--test", "--test-concurrency=1"])
            .args(&suites)
            .env("PAPERSIFT_SITES", &sites)
            .current_dir(&browser),
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

/// Seconds each fuzz target runs in `cargo xtask test`
/// (`PAPERSIFT_FUZZ_SECONDS` overrides it).
const FUZZ_SECONDS: u32 = 60;

/// A short, bounded fuzzing run of every target, from the committed seeds.
fn fuzz(root: &Path) -> Result<()> {
    let seconds: u32 = std::env::var("PAPERSIFT_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(FUZZ_SECONDS);
    if output_of("cargo", &["fuzz", "--version"]).is_none() {
        eprintln!("xtask: installing cargo-fuzz (about 2 minutes, once)");
        run_cmd(Command::new("cargo").args(["install", "cargo-fuzz", "--locked"]))?;
    }
    let fuzz = root.join("fuzz");
    for target in ["digest", "search", "decode"] {
        eprintln!("xtask: fuzzing {target} for {seconds} s");
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
    }
    Ok(())
}
