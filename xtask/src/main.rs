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

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

/// wasm-bindgen CLI and crate must match exactly (see Cargo.toml).
pub const WASM_BINDGEN_VERSION: &str = "0.2.130";

const USAGE: &str = "usage:
  cargo xtask site [--digest FILE]... [--out DIR] [--split auto|always|never] [--serve [--port N]]
      build the static site (default: dist/ from the embedded default digest);
      --split: cut the index into files fetched on demand (auto: above 1.5 MB of text)
  cargo xtask serve [--dir DIR] [--port N]
      serve a built site on http://127.0.0.1:PORT/ (default dist/, port 8000)
  cargo xtask test
      run every test: fmt, clippy, native tests, and the browser suite in Chromium";

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
    run_cmd(
        Command::new("node")
            .args(["--test", "--test-concurrency=1"])
            .arg(browser.join("suite.test.mjs"))
            .env("PAPERSIFT_SITES", &sites)
            .current_dir(&browser),
    )
}
