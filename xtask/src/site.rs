//! Assembles the static site: the wasm built with the chosen digests
//! embedded, its JS glue joined with the widget, and the HTML pages.
//!
//! ```text
//! dist/
//!   index.html            every paper, with the search box on top
//!   embed.html            the widget as a header search on another page
//!   papersift.js          wasm-bindgen glue + widget (one classic script)
//!   papersift_bg.wasm     the engine, with the index embedded
//!   papersift_bg.wasm.js  the same bytes as base64, for pages opened from disk
//!   papersift.mjs         the same as an ES module (`import { search }`)
//!   papersift.d.ts        TypeScript types; package.json: an npm layout
//!   papersift.css         widget styles (loaded into its shadow root)
//!   site.css, favicon.svg the demo pages' own styles and icon
//!   papersift-index/      a split index's buckets and doc shards (large
//!                         corpora only), fetched as queries need them
//! ```

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use base64::{engine::general_purpose::STANDARD as BASE64, Engine as _};
use papersift::date::Date;
use papersift::digest::{self, Document};
use papersift::format::SplitMode;

use crate::tools::ensure_wasm_tools;
use crate::{root, run_cmd, widget};

/// What the digests hold, for the demo page.
struct Papers {
    /// Every paper, deduplicated, with its id.
    docs: Vec<Document>,
    /// The date of the last digest that has one: the page's heading.
    date: Option<Date>,
}

/// Builds the site for `digests` (none: the default digest) into `out`,
/// splitting the index as `split` says (`auto`, `always`, `never`).
/// Returns the embedded index (the whole index, or a split one's root).
pub fn build(digests: &[PathBuf], year: Option<u16>, out: &Path, split: &str) -> Result<Vec<u8>> {
    let started = Instant::now();
    let root = root();
    ensure_wasm_tools()?;
    let default = [root.join("data/daily-papers.txt")];
    let sources = if digests.is_empty() {
        &default[..]
    } else {
        digests
    };
    let papers = parse(sources, year)?;
    eprintln!(
        "xtask: parsed {} papers from {} digest(s) in {:.1} s",
        papers.docs.len(),
        sources.len(),
        started.elapsed().as_secs_f64()
    );
    let out_dir = build_wasm(&root, sources, year, split, &papers.docs)?;

    // Assemble in a fresh folder beside `out`, then swap it in.
    let tmp = out.with_extension("partial");
    assemble(&root, &tmp, &papers, &out_dir)?;
    if out.exists() {
        std::fs::remove_dir_all(out)?;
    }
    std::fs::rename(&tmp, out)?;
    eprintln!(
        "xtask: site ready in {} ({:.1} s)",
        out.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(std::fs::read(out_dir.join("index.psi"))?)
}

/// Parses every digest here first: a bad digest fails fast, with file and
/// line, before the wasm build.
fn parse(sources: &[PathBuf], year: Option<u16>) -> Result<Papers> {
    let parsed = digest::archive(sources, year)?;
    for warning in digest::warning_lines(&parsed, 5) {
        eprintln!("xtask: warning: {warning}");
    }
    Ok(Papers {
        docs: digest::documents(&parsed),
        date: parsed.iter().rev().find_map(|d| d.date),
    })
}

/// Builds the wasm engine with the index of `sources` inside, and its JS
/// glue into `target/wasm-bindgen/`; returns the build script's `OUT_DIR`.
fn build_wasm(
    root: &Path,
    sources: &[PathBuf],
    year: Option<u16>,
    split: &str,
    docs: &[Document],
) -> Result<PathBuf> {
    let mode = SplitMode::parse(split).context("--split takes auto, always or never")?;
    eprintln!(
        "xtask: building the wasm engine with the index inside ({}; about 5 s per 50k papers)",
        if mode.splits(docs) {
            "split into parts"
        } else {
            "one embedded file"
        }
    );
    let spec = sources
        .iter()
        .map(|p| p.to_str().context("digest paths must be UTF-8"))
        .collect::<Result<Vec<_>>>()?
        .join(":");
    let out_dir = cargo_build_wasm(root, &spec, year, split)?;
    run_cmd(
        Command::new("wasm-bindgen")
            .args([
                "--target",
                "no-modules",
                "--no-modules-global",
                "papersiftWasm",
                "--no-typescript",
                "--remove-name-section",
                "--remove-producers-section",
                "--out-dir",
            ])
            .arg(bindgen_dir(root))
            .arg(root.join("target/wasm32-unknown-unknown/release/papersift.wasm")),
    )?;
    Ok(out_dir)
}

/// Where wasm-bindgen leaves the wasm and its glue.
fn bindgen_dir(root: &Path) -> PathBuf {
    root.join("target/wasm-bindgen")
}

/// Builds the wasm library with the index of `spec` inside; returns the
/// build script's `OUT_DIR`, where a split index leaves its parts.
fn cargo_build_wasm(root: &Path, spec: &str, year: Option<u16>, split: &str) -> Result<PathBuf> {
    let output = Command::new("cargo")
        .args([
            "build",
            "--release",
            "--target",
            "wasm32-unknown-unknown",
            "--lib",
            "--package",
            "papersift",
            "--message-format=json-render-diagnostics",
        ])
        .env("PAPERSIFT_DIGEST", spec)
        .env(
            "PAPERSIFT_YEAR",
            year.map(|y| y.to_string()).unwrap_or_default(),
        )
        .env("PAPERSIFT_SPLIT", split)
        .env("CARGO_PROFILE_RELEASE_PANIC", "abort")
        .current_dir(root)
        .stderr(std::process::Stdio::inherit())
        .output()
        .context("cannot run cargo")?;
    if !output.status.success() {
        bail!("building the wasm engine failed");
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    stdout
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|m| m["reason"] == "build-script-executed")
        .filter(|m| {
            m["package_id"]
                .as_str()
                .is_some_and(|p| p.contains("papersift"))
        })
        .find_map(|m| m["out_dir"].as_str().map(PathBuf::from))
        .context("cargo did not report the index build's OUT_DIR")
}

/// Writes the whole site into `tmp`, a fresh folder: the engine, the pages,
/// and a split index's parts from the build script's `out_dir`.
fn assemble(root: &Path, tmp: &Path, papers: &Papers, out_dir: &Path) -> Result<()> {
    if tmp.exists() {
        std::fs::remove_dir_all(tmp)?;
    }
    std::fs::create_dir_all(tmp)?;
    write_engine(root, tmp)?;
    write_pages(&root.join("www"), tmp, papers)?;
    copy_parts(&out_dir.join("parts"), &tmp.join("papersift-index"))
}

/// The engine and its script: the glue joined with the widget, the wasm,
/// and the wasm again as base64 for pages opened from disk.
fn write_engine(root: &Path, tmp: &Path) -> Result<()> {
    let bindgen = bindgen_dir(root);
    let glue = std::fs::read_to_string(bindgen.join("papersift.js"))?;
    let scripts = widget::scripts(&root.join("www"), &glue)?;
    std::fs::write(tmp.join("papersift.js"), scripts.classic)?;
    std::fs::write(tmp.join("papersift.mjs"), scripts.module)?;
    let wasm = std::fs::read(bindgen.join("papersift_bg.wasm"))?;
    std::fs::write(tmp.join("papersift_bg.wasm.js"), wasm_script(&wasm))?;
    std::fs::write(tmp.join("papersift_bg.wasm"), &wasm)?;
    Ok(())
}

/// `papersift_bg.wasm.js`: the wasm's bytes in standard base64 (what the
/// loader's `atob` reads), as a classic script.
fn wasm_script(wasm: &[u8]) -> String {
    format!("self.papersiftWasmBase64 = \"{}\";\n", BASE64.encode(wasm))
}

/// The widget's styles and module files, and the demo pages.
fn write_pages(www: &Path, tmp: &Path, papers: &Papers) -> Result<()> {
    for file in [
        "papersift.css",
        "papersift.d.ts",
        "package.json",
        "site.css",
        "favicon.svg",
        "embed.html",
    ] {
        std::fs::copy(www.join(file), tmp.join(file))?;
    }
    let page = digest_page(&papers.docs, papers.date);
    std::fs::write(tmp.join("index.html"), page)?;
    Ok(())
}

/// Copies a split index's parts from `parts` (when there are any) to `dest`.
fn copy_parts(parts: &Path, dest: &Path) -> Result<()> {
    if !parts.is_dir() {
        return Ok(());
    }
    let (mut n, mut bytes) = (0, 0);
    for entry in std::fs::read_dir(parts)? {
        let entry = entry?;
        if n == 0 {
            std::fs::create_dir_all(dest)?;
        }
        bytes += entry.metadata()?.len();
        std::fs::copy(entry.path(), dest.join(entry.file_name()))?;
        n += 1;
    }
    if n > 0 {
        eprintln!(
            "xtask: the index is split: {n} files, {:.1} MB, in papersift-index/",
            bytes as f64 / 1e6
        );
    }
    Ok(())
}

/// Text safe inside HTML element content and quoted attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The demo page: every paper, with the search box on top. An archive's
/// papers are grouped by day, newest day first; every paper shows its date.
fn digest_page(docs: &[Document], date: Option<Date>) -> String {
    let days = by_day(docs);
    let heading = match (date, days.len()) {
        (Some(d), 1) => format!("Daily Papers · {}", escape(&d.display())),
        _ => "Daily Papers".to_string(),
    };
    let count = match days.len() {
        0 | 1 => format!("{} papers", docs.len()),
        n => format!("{} papers from {n} days", docs.len()),
    };
    let mut html = String::new();
    let _ = write!(
        html,
        r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{heading}</title>
<link rel="icon" href="favicon.svg">
<link rel="stylesheet" href="site.css">
<script src="papersift.js" defer></script>
</head>
<body>
<header class="site-header">
<h1>{heading}</h1>
<p class="count">{count}</p>
<papersift-search></papersift-search>
</header>
<main>
"#
    );
    if days.len() > 1 {
        for (day, papers) in &days {
            write_day(&mut html, *day, papers);
        }
    } else {
        for doc in docs {
            write_article(&mut html, doc, 2);
        }
    }
    html.push_str("</main>\n</body>\n</html>\n");
    html
}

/// Papers by day, newest day first (papers without a date last), each day
/// in digest order.
fn by_day(docs: &[Document]) -> Vec<(Option<Date>, Vec<&Document>)> {
    let mut days: std::collections::BTreeMap<Option<Date>, Vec<&Document>> = Default::default();
    for doc in docs {
        days.entry(doc.date).or_default().push(doc);
    }
    let mut days: Vec<_> = days.into_iter().collect();
    days.reverse();
    days
}

/// One day of an archive: its date as a heading, then its papers.
fn write_day(html: &mut String, day: Option<Date>, papers: &[&Document]) {
    let (id, title) = match day {
        Some(d) => (d.iso(), d.display()),
        None => ("undated".to_string(), "Undated".to_string()),
    };
    let _ = writeln!(
        html,
        "<section class=\"day\" aria-labelledby=\"day-{id}\">\n<h2 class=\"day-heading\" id=\"day-{id}\">{}</h2>",
        escape(&title)
    );
    for doc in papers {
        write_article(html, doc, 3);
    }
    html.push_str("</section>\n");
}

/// One paper: its title (a heading of `level`, linking to itself), its
/// date, its abstract.
fn write_article(html: &mut String, doc: &Document, level: u8) {
    let id = escape(&doc.id);
    let date = doc.date.map_or(String::new(), |d| {
        format!(
            "<p class=\"date\"><time datetime=\"{}\">{}</time></p>\n",
            d.iso(),
            escape(&d.display())
        )
    });
    let _ = write!(
        html,
        "<article id=\"{id}\">\n<h{level}><a href=\"#{id}\">{}</a></h{level}>\n{date}<p>{}</p>\n</article>\n",
        escape(&doc.title),
        escape(&doc.body)
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wasm_script_holds_padded_standard_base64() {
        assert_eq!(wasm_script(b""), "self.papersiftWasmBase64 = \"\";\n");
        assert_eq!(
            wasm_script(&[0xff, 0xfe, 0xfd, 0x00]),
            "self.papersiftWasmBase64 = \"//79AA==\";\n"
        );
    }

    #[test]
    fn escape_neutralises_markup() {
        assert_eq!(
            escape(r#"<img src=x onerror="a">&'"#),
            "&lt;img src=x onerror=&quot;a&quot;&gt;&amp;&#39;"
        );
    }

    #[test]
    fn an_archive_page_groups_papers_by_day_newest_first_with_their_dates() {
        let doc = |id: &str, date: &str| Document {
            id: id.into(),
            title: format!("Title {id}"),
            body: "<b>text</b>".into(),
            date: Date::parse_iso(date),
        };
        let docs = [
            doc("a", "2024-12-31"),
            doc("b", "2025-01-01"),
            doc("c", "2024-12-31"),
        ];
        let page = digest_page(&docs, Date::parse_iso("2025-01-01"));
        let at = |needle: &str| page.find(needle).unwrap_or_else(|| panic!("{needle}"));
        assert!(at("day-2025-01-01") < at("day-2024-12-31"));
        assert!(at("id=\"b\"") < at("id=\"a\"") && at("id=\"a\"") < at("id=\"c\""));
        assert!(page.contains("<time datetime=\"2024-12-31\">Dec 31, 2024</time>"));
        assert!(page.contains("3 papers from 2 days") && page.contains("&lt;b&gt;"));
        let one_day = digest_page(&docs[1..2], Date::parse_iso("2025-01-01"));
        assert!(one_day.contains("<h1>Daily Papers · Jan 1, 2025</h1>"));
        assert!(!one_day.contains("class=\"day\""));
    }
}
