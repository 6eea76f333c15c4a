//! The `papersift` command line: the same engine as the wasm, natively.
//!
//! ```text
//! papersift search [--digest FILE]… [--limit N] [--json] [QUERY…]
//! ```
//! With no QUERY, reads one query per line from stdin and answers each.

use std::io::{BufRead, Write};
use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use papersift::date::date_key;
use papersift::digest;
use papersift::search::Sort;
use papersift::{index, Answer, Engine, Options, Results};

const USAGE: &str = "usage: papersift search [--digest FILE]... [--limit N] [--json]
                        [--sort relevance|date] [--from DATE] [--to DATE] [QUERY...]

Searches the index embedded at build time, or one built in memory from the
given digest files. With no QUERY, reads one query per line from stdin.
DATE is a digest date such as \"Aug 7\".";

fn main() {
    if let Err(e) = run() {
        eprintln!("papersift: {e:#}");
        std::process::exit(1);
    }
}

fn run() -> Result<()> {
    let mut args = std::env::args().skip(1);
    match args.next().as_deref() {
        Some("search") => {}
        Some("-h" | "--help") => {
            println!("{USAGE}");
            return Ok(());
        }
        _ => bail!("{USAGE}"),
    }
    let mut digests: Vec<PathBuf> = Vec::new();
    let mut options = Options::default();
    let mut json = false;
    let mut words: Vec<String> = Vec::new();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--digest" => digests.push(args.next().context("--digest needs a FILE")?.into()),
            "--limit" => {
                let n = args.next().context("--limit needs a number")?;
                options.limit = n.parse().with_context(|| format!("bad --limit {n:?}"))?;
            }
            "--json" => json = true,
            "--sort" => {
                options.sort = match args.next().as_deref() {
                    Some("relevance") => Sort::Relevance,
                    Some("date") => Sort::Date,
                    other => bail!("--sort takes relevance or date, not {other:?}"),
                }
            }
            "--from" | "--to" => {
                let value = args.next().with_context(|| format!("{arg} needs a DATE"))?;
                let key = date_key(&value)
                    .with_context(|| format!("{arg}: {value:?} is not a date like \"Aug 7\""))?;
                if arg == "--from" {
                    options.from = Some(key);
                } else {
                    options.to = Some(key);
                }
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            "--" => words.extend(args.by_ref()),
            flag if flag.starts_with("--") => bail!("unknown option {flag}\n\n{USAGE}"),
            _ => words.push(arg),
        }
    }
    let mut engine = load(&digests)?;
    let mut out = std::io::stdout().lock();
    if words.is_empty() {
        for line in std::io::stdin().lock().lines() {
            let results = answer(engine.search(&line?, &options))?;
            print(&mut out, &results, json)?;
        }
    } else {
        let results = answer(engine.search(&words.join(" "), &options))?;
        print(&mut out, &results, json)?;
    }
    Ok(())
}

/// The results; an index split into files (built with `--split`) is
/// searched from the site, not here.
fn answer(answer: Answer) -> Result<Results> {
    match answer {
        Answer::Ready(results) => Ok(results),
        Answer::Missing(parts) => bail!(
            "the embedded index is split into files fetched by the page ({} needed here); \
             search with --digest FILE instead",
            parts.len()
        ),
    }
}

fn load(digests: &[PathBuf]) -> Result<Engine> {
    if digests.is_empty() {
        return papersift::embedded().context("the embedded index");
    }
    let parsed = digests
        .iter()
        .map(|p| digest::parse_file(p))
        .collect::<Result<Vec<_>, _>>()?;
    let index = index::build(&digest::documents(&parsed))?;
    Ok(Engine::new(index))
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
