//! The `papersift` command line: the same engine as the wasm, natively.
//!
//! ```text
//! papersift search [--digest FILE]… [--digests DIR]… [--year YEAR] [--limit N] [--json]
//!                  [--sort relevance|date] [--from DATE] [--to DATE] [QUERY…]
//! papersift publish [--digest FILE]… [--digests DIR]… [--year YEAR] --out SITE
//!                  [--split auto|always|never] [--engine SITE]
//! papersift index  [--digest FILE]… [--digests DIR]… [--year YEAR] --out DIR
//!                  [--split auto|always|never]
//! ```
//! `search` with no QUERY reads one query per line from stdin and answers
//! each. `publish` brings a site up to date with the digests (its index,
//! pages and engine; `papersift::site`): a site's daily job needs only this
//! binary. `index` writes only the index, for owners who keep their own
//! pages.

use std::collections::HashMap;
use std::ffi::OsString;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use papersift::date::date_key;
use papersift::digest;
use papersift::format::{
    decode, decode_file, encode_split, encode_whole, with_script_twins, Cut, File, SplitMode,
};
use papersift::search::Sort;
use papersift::site::{self, EngineFiles, Manifest, Papers, Publish};
use papersift::{index, Engine, Options, Results};

/// Full-text search of research-paper digests: the engine of the site's
/// widget, natively.
#[derive(Debug, Parser)]
#[command(name = "papersift", version, arg_required_else_help = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Searches the embedded index, or one built from digest files.
    ///
    /// Searches the index embedded at build time, or one built in memory from
    /// the given digest files. With no QUERY, reads one query per line from
    /// stdin and answers each.
    Search(SearchArgs),
    /// Brings a site up to date with the digests: its index, its pages (a
    /// front page, a page a day for a long archive) and its engine.
    ///
    /// Replaces only files papersift wrote there before (listed in
    /// SITE/.papersift-manifest.json): the owner's own files are never
    /// touched, and a file of theirs where papersift would write is an
    /// error before anything is written. Unchanged files are not
    /// rewritten; files of the previous publish stay until the next, so
    /// pages loaded before it keep working. The engine (wasm and script)
    /// is the one of the site given with --engine, else the one this
    /// binary carries (an installed papersift), else the one SITE has from
    /// its last publish (`cargo xtask site`).
    Publish(PublishArgs),
    /// Writes the index of digest files: `OUT/index.psi`, and for a split
    /// index its parts in `OUT/papersift-index/`.
    ///
    /// A page whose widget says `index="index.psi"` loads it; the widget's
    /// own script and wasm need not be rebuilt when the digests change.
    Index(IndexArgs),
}

/// Where the papers come from.
#[derive(Debug, Args)]
struct Sources {
    /// A digest to index (repeatable); `search` without one searches the
    /// embedded index.
    #[arg(long, value_name = "FILE")]
    digest: Vec<PathBuf>,
    /// A folder of digests, one a day, best named by ISO date
    /// (2024-12-31.txt) (repeatable).
    #[arg(long, value_name = "DIR")]
    digests: Vec<PathBuf>,
    /// The year of dates that have none (a digest's date line is "Aug 7").
    #[arg(long, value_name = "YEAR")]
    year: Option<u16>,
    /// Rank by the words alone: build no meaning lists (`index`), or do not
    /// use them (`search`).
    #[arg(long)]
    no_meaning: bool,
}

impl Sources {
    fn paths(&self) -> Vec<PathBuf> {
        self.digest.iter().chain(&self.digests).cloned().collect()
    }

    /// The documents of every digest, oldest day first; warnings on stderr.
    fn documents(&self) -> Result<Vec<digest::Document>> {
        Ok(self.parse()?.0)
    }

    /// The documents of every digest, oldest day first, and the newest
    /// digest's date; warnings on stderr.
    fn parse(&self) -> Result<(Vec<digest::Document>, Option<papersift::date::Date>)> {
        let papers = Papers::read(&self.paths(), self.year)?;
        for warning in &papers.warnings {
            eprintln!("papersift: warning: {warning}");
        }
        eprintln!("papersift: {}", papers.summary());
        Ok((papers.docs, papers.date))
    }
}

#[derive(Debug, Args)]
struct PublishArgs {
    #[command(flatten)]
    sources: Sources,
    /// The site's folder (created when missing); it may hold the owner's
    /// own files.
    #[arg(long, value_name = "SITE")]
    out: PathBuf,
    /// Cut the index into files fetched on demand (auto: small files up to
    /// 256 KB of text, larger ones above; never: one file).
    #[arg(long, value_name = "MODE", default_value = "auto")]
    #[arg(value_parser = ["auto", "always", "never"])]
    split: String,
    /// Take the engine from this site (one built by `cargo xtask site` or
    /// published before) [default: the one this papersift carries, else
    /// SITE's own].
    #[arg(long, value_name = "SITE")]
    engine: Option<PathBuf>,
}

#[derive(Debug, Args)]
struct IndexArgs {
    #[command(flatten)]
    sources: Sources,
    /// The folder to write the index in (created when missing).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Cut the index into files fetched on demand (auto: small files up to
    /// 256 KB of text, larger ones above; never: one file).
    #[arg(long, value_name = "MODE", default_value = "auto")]
    #[arg(value_parser = ["auto", "always", "never"])]
    split: String,
}

#[derive(Debug, Args)]
struct SearchArgs {
    #[command(flatten)]
    sources: Sources,
    /// Most results per query [default: 10].
    #[arg(long, value_name = "N")]
    limit: Option<usize>,
    /// One JSON object per query instead of text.
    #[arg(long)]
    json: bool,
    /// Order of the results [default: relevance].
    #[arg(long, value_enum)]
    sort: Option<SortBy>,
    /// Only papers from digests dated on or after DATE (such as "Aug 7").
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    from: Option<u32>,
    /// Only papers from digests dated on or before DATE (such as "Aug 9").
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    to: Option<u32>,
    /// The query's words; they may start with `-` (`-bert` excludes a word).
    #[arg(value_name = "QUERY")]
    words: Vec<String>,
}

/// `--sort`'s values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum SortBy {
    /// Best match first.
    Relevance,
    /// Newest digest first.
    Date,
}

impl SearchArgs {
    fn options(&self) -> Options {
        let mut options = Options::default();
        if let Some(limit) = self.limit {
            options.limit = limit;
        }
        match self.sort {
            Some(SortBy::Relevance) => options.sort = Sort::Relevance,
            Some(SortBy::Date) => options.sort = Sort::Date,
            None => {}
        }
        options.from = self.from;
        options.to = self.to;
        options.meaning = !self.sources.no_meaning;
        options
    }
}

fn parse_date(value: &str) -> Result<u32, String> {
    date_key(value)
        .ok_or_else(|| format!("{value:?} is not a date like \"2024-08-07\" or \"Aug 7\""))
}

/// Moves the query's words after a `--`, in order, so that clap reads a word
/// such as `-bert` (an exclusion) as a word, not as the short flags `-b -e
/// -r -t`. Flags and words may mix in any order, as they always could: every
/// argument is a word except `--NAME` (with its value when the flag takes
/// one), `-h`, and anything after a `--` is a word already.
fn words_last(argv: Vec<OsString>) -> Vec<OsString> {
    if argv.get(1).is_none_or(|a| a != "search") {
        return argv;
    }
    let cli = Cli::command();
    let search = cli.find_subcommand("search").expect("the search command");
    let takes_value = |name: &str| {
        search
            .get_arguments()
            .any(|a| a.get_long() == Some(name) && a.get_action().takes_values())
    };
    let mut rest = argv.into_iter();
    let mut flags: Vec<OsString> = rest.by_ref().take(2).collect();
    let mut words = Vec::new();
    while let Some(arg) = rest.next() {
        let text = arg.to_string_lossy().into_owned();
        if text == "--" {
            words.extend(rest.by_ref());
        } else if let Some(name) = text.strip_prefix("--") {
            flags.push(arg);
            if takes_value(name) {
                flags.extend(rest.next());
            }
        } else if text == "-h" {
            flags.push(arg);
        } else {
            words.push(arg);
        }
    }
    flags.push("--".into());
    flags.extend(words);
    flags
}

fn main() {
    let cli = Cli::parse_from(words_last(std::env::args_os().collect()));
    let done = match cli.command {
        Command::Search(args) => search(&args),
        Command::Index(args) => write_index(&args),
        Command::Publish(args) => publish(&args),
    };
    if let Err(e) = done {
        // A reader that stopped early (`papersift search … | head`) is not
        // an error of ours.
        let closed = e.chain().any(|c| {
            c.downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
        });
        if closed {
            return;
        }
        eprintln!("papersift: {e:#}");
        std::process::exit(1);
    }
}

fn search(args: &SearchArgs) -> Result<()> {
    let options = args.options();
    let (mut engine, files) = load(&args.sources)?;
    engine.check(&options)?;
    let mut out = std::io::stdout().lock();
    let mut answer = |query: &str| -> Result<Results> {
        if engine.is_split() && files.is_empty() {
            bail!(
                "the embedded index is split into files fetched by the page; \
                 search with --digest FILE or --digests DIR instead"
            );
        }
        Ok(engine.search_in(query, &options, &files)?)
    };
    if args.words.is_empty() {
        for line in std::io::stdin().lock().lines() {
            print(&mut out, &answer(&line?)?, args.json)?;
        }
    } else {
        print(&mut out, &answer(&args.words.join(" "))?, args.json)?;
    }
    Ok(())
}

/// The engine over the digests, or over the embedded index, cut into files
/// as a site build cuts it (a small index is searched split, from memory,
/// so that it ranks exactly as the widget over http), with the meaning
/// lists a site would have (an embedded index's are files of their own, so
/// they are built again here, from the same table). A large embedded index
/// comes without its parts: the engine over its root, and no files.
fn load(sources: &Sources) -> Result<(Engine, HashMap<String, Vec<u8>>)> {
    let (mut index, with_meaning, whole) = if sources.paths().is_empty() {
        let embedded = papersift::EMBEDDED_INDEX;
        let (with_meaning, whole) = match decode_file(embedded).context("the embedded index")? {
            File::Single(root, _, _) => (root.meaning.is_some(), true),
            File::Root(root) if !papersift::EMBEDDED_WHOLE.is_empty() => {
                (root.meaning.is_some(), false)
            }
            _ => {
                let engine = papersift::embedded().context("the embedded index")?;
                return Ok((engine, HashMap::new()));
            }
        };
        let bytes = if whole {
            embedded
        } else {
            papersift::EMBEDDED_WHOLE
        };
        let index = decode(bytes).context("the embedded index")?;
        (index, with_meaning, whole)
    } else {
        (
            index::build(&sources.documents()?)?,
            !sources.no_meaning,
            false,
        )
    };
    if with_meaning {
        papersift::meaning::add_to(&mut index)?;
    }
    let mode = if whole {
        SplitMode::Never
    } else {
        SplitMode::Auto
    };
    Ok(match mode.cut(&index.docs) {
        Cut::Whole => (Engine::new(index), HashMap::new()),
        Cut::Split { layout, .. } => {
            let split = encode_split(&index, layout);
            let engine = Engine::from_bytes(&split.root)?;
            (engine, split.files.into_iter().collect())
        }
    })
}

/// Writes `index.psi` and the parts in `out/papersift-index/`, beside the
/// old ones first, then swapped in: a failure leaves the old index whole,
/// and parts of yesterday's index do not pile up.
fn replace_index(out: &Path, root: &[u8], parts: &[(String, Vec<u8>)]) -> Result<()> {
    let (dir, tmp) = (
        out.join("papersift-index"),
        out.join("papersift-index.partial"),
    );
    if tmp.exists() {
        std::fs::remove_dir_all(&tmp)?;
    }
    if !parts.is_empty() {
        std::fs::create_dir_all(&tmp)?;
        for (name, bytes) in parts {
            std::fs::write(tmp.join(name), bytes)?;
        }
    }
    std::fs::write(out.join("index.psi.partial"), root)?;
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    if !parts.is_empty() {
        std::fs::rename(&tmp, &dir)?;
    }
    std::fs::rename(out.join("index.psi.partial"), out.join("index.psi"))?;
    Ok(())
}

/// `papersift index`: the index of the digests, whole or split, in `--out`.
fn write_index(args: &IndexArgs) -> Result<()> {
    if args.sources.paths().is_empty() {
        bail!("name the digests to index with --digest FILE or --digests DIR");
    }
    let docs = args.sources.documents()?;
    let mut built = index::build(&docs)?;
    if !args.sources.no_meaning {
        papersift::meaning::add_to(&mut built)?;
    }
    let mode = SplitMode::parse(&args.split).context("--split takes auto, always or never")?;
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create {}", args.out.display()))?;
    // Pages load this index over http (`index="…"`), so a small one gets no
    // copy for pages opened from disk.
    let (root, parts) = match mode.cut(&docs) {
        Cut::Split { layout, .. } => {
            let split = encode_split(&built, layout);
            (split.root, split.files)
        }
        Cut::Whole => {
            let (root, meaning) = encode_whole(&built);
            (root, with_script_twins(meaning))
        }
    };
    let dir = args.out.join("papersift-index");
    replace_index(&args.out, &root, &parts)?;
    eprintln!(
        "papersift: {} papers: {} ({} bytes){}",
        docs.len(),
        args.out.join("index.psi").display(),
        root.len(),
        match parts.len() {
            0 => String::new(),
            n => format!(" and {n} parts in {}", dir.display()),
        }
    );
    Ok(())
}

/// `papersift publish`: the site in `--out` brought up to date.
fn publish(args: &PublishArgs) -> Result<()> {
    let started = std::time::Instant::now();
    if args.sources.paths().is_empty() {
        bail!("name the digests to publish with --digest FILE or --digests DIR");
    }
    let (docs, date) = args.sources.parse()?;
    let engine = engine(args)?;
    let split = SplitMode::parse(&args.split).context("--split takes auto, always or never")?;
    let report = site::publish(
        &args.out,
        Publish {
            docs,
            date,
            engine: &engine,
            split,
            meaning: !args.sources.no_meaning,
            extra: Vec::new(),
        },
    )?;
    eprintln!(
        "papersift: published {} papers to {}: {report} ({:.1} s)",
        report.papers,
        args.out.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The engine to publish with, in this order:
///
/// 1. `--engine SITE2`'s: the owner named it, so it wins.
/// 2. The engine this binary carries (an installed `papersift`: the crate
///    from crates.io or the npm package). The engine must read the index
///    this binary writes: a newer binary brings its newer engine, and a site
///    published by an older papersift gets it on its next publish, so a
///    format change never leaves a site's old engine facing a new index.
/// 3. SITE's own, from its last publish (a binary built in the repository
///    carries none: `cargo xtask site` built the site's engine from the same
///    source).
fn engine(args: &PublishArgs) -> Result<EngineFiles> {
    if let Some(from) = &args.engine {
        return site_engine(from, &args.out);
    }
    match EngineFiles::carried() {
        Some(engine) => Ok(engine),
        None => site_engine(&args.out, &args.out),
    }
}

/// The engine of the site `from`, as its manifest lists it.
fn site_engine(from: &Path, out: &Path) -> Result<EngineFiles> {
    let names = Manifest::read(from)?.engine;
    if names.is_empty() {
        bail!(
            "{} has no papersift engine yet, and this papersift carries none (it was \
             built from the repository): build the site once with `cargo xtask site \
             --digests DIR --out {}`, name a site that has one with --engine SITE, or \
             install papersift (`cargo install papersift`, `npm install papersift`)",
            from.display(),
            out.display()
        );
    }
    Ok(EngineFiles::read(from, &names)?)
}

fn print(out: &mut impl Write, results: &Results, json: bool) -> Result<()> {
    if json {
        serde_json::to_writer(&mut *out, results)?;
        writeln!(out)?;
        return Ok(());
    }
    let hits: Vec<String> = results
        .results
        .iter()
        .map(|h| format!("{:.3}\t{}\t{}", h.score, h.id, h.title))
        .collect();
    writeln!(out, "{}\t{} result(s)", results.query, results.total)?;
    for hit in hits {
        writeln!(out, "  {hit}")?;
    }
    if let Some(s) = &results.suggestion {
        writeln!(out, "  did you mean: {s}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The search arguments `argv` parses to, or clap's error.
    fn parse(argv: &[&str]) -> Result<SearchArgs, clap::Error> {
        let argv = ["papersift", "search"].iter().chain(argv);
        let argv = words_last(argv.map(OsString::from).collect());
        Cli::try_parse_from(argv).map(|cli| match cli.command {
            Command::Search(args) => args,
            _ => panic!("not the search command"),
        })
    }

    #[test]
    fn words_and_flags_mix_in_any_order() {
        let args = parse(&["pipeline", "--json", "parallelism", "--limit", "5"]).unwrap();
        assert_eq!(args.words, ["pipeline", "parallelism"]);
        assert!(args.json);
        assert_eq!(args.options().limit, 5);
    }

    #[test]
    fn query_words_may_start_with_a_dash_or_a_plus() {
        let args = parse(&["-bert", "attention", "+adam", "-\"large batch\""]).unwrap();
        assert_eq!(
            args.words,
            ["-bert", "attention", "+adam", "-\"large batch\""]
        );
        let args = parse(&["attention", "-bert"]).unwrap();
        assert_eq!(args.words, ["attention", "-bert"]);
    }

    #[test]
    fn help_is_asked_for_anywhere_and_flag_values_may_be_attached() {
        let help = parse(&["gpipe", "-h"]).unwrap_err();
        assert_eq!(help.kind(), clap::error::ErrorKind::DisplayHelp);
        let args = parse(&["--limit=3", "gpipe"]).unwrap();
        assert_eq!(
            (args.options().limit, &args.words[..]),
            (3, &["gpipe".to_string()][..])
        );
    }

    #[test]
    fn a_double_dash_ends_the_flags() {
        let args = parse(&["--json", "--", "--limit", "x"]).unwrap();
        assert_eq!(args.words, ["--limit", "x"]);
        assert_eq!(args.options(), Options::default());
    }

    #[test]
    fn digests_repeat_and_dates_become_keys() {
        let args = parse(&[
            "--digest", "a.txt", "--digest", "b.txt", "--sort", "date", "--from", "Aug 1", "--to",
            "Aug 9",
        ])
        .unwrap();
        assert_eq!(
            args.sources.digest,
            [PathBuf::from("a.txt"), PathBuf::from("b.txt")]
        );
        let options = args.options();
        assert_eq!(options.sort, Sort::Date);
        assert_eq!(
            (options.from, options.to),
            (date_key("Aug 1"), date_key("Aug 9"))
        );
        assert!(args.words.is_empty());
    }

    #[test]
    fn bad_values_and_unknown_flags_are_refused() {
        for argv in [
            &["--limit", "many"][..],
            &["--sort", "title"],
            &["--from", "yesterday"],
            &["--bogus"],
            &["--digest"],
        ] {
            assert!(parse(argv).is_err(), "{argv:?} should be refused");
        }
        assert!(Cli::try_parse_from(["papersift"]).is_err());
        assert!(Cli::try_parse_from(["papersift", "find", "x"]).is_err());
    }
}
