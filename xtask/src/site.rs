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
use papersift::digest::{self, Document};
use papersift::format::SplitMode;

use crate::{ensure_wasm_tools, root, run_cmd, widget};

/// Builds the site for `digests` (none: the default digest) into `out`,
/// splitting the index as `split` says (`auto`, `always`, `never`).
/// Returns the embedded index (the whole index, or a split one's root).
pub fn build(digests: &[PathBuf], out: &Path, split: &str) -> Result<Vec<u8>> {
    let started = Instant::now();
    let root = root();
    ensure_wasm_tools()?;
    let default = [root.join("data/daily-papers.txt")];
    let sources: &[PathBuf] = if digests.is_empty() {
        &default
    } else {
        digests
    };
    // Parse here first: a bad digest fails fast, with file and line.
    let parsed = sources
        .iter()
        .map(|p| digest::parse_file(p))
        .collect::<Result<Vec<_>, _>>()?;
    let docs = digest::documents(&parsed);
    let date = parsed.iter().rev().find_map(|d| d.date.clone());
    eprintln!(
        "xtask: parsed {} papers from {} digest(s) in {:.1} s",
        docs.len(),
        sources.len(),
        started.elapsed().as_secs_f64()
    );
    let mode = SplitMode::parse(split).context("--split takes auto, always or never")?;
    eprintln!(
        "xtask: building the wasm engine with the index inside ({}; about 5 s per 50k papers)",
        if mode.splits(&docs) {
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
    let out_dir = cargo_build_wasm(&root, &spec, split)?;
    let bindgen = root.join("target/wasm-bindgen");
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
            .arg(&bindgen)
            .arg(root.join("target/wasm32-unknown-unknown/release/papersift.wasm")),
    )?;

    // Assemble in a fresh folder beside `out`, then swap it in.
    let tmp = out.with_extension("partial");
    if tmp.exists() {
        std::fs::remove_dir_all(&tmp)?;
    }
    std::fs::create_dir_all(&tmp)?;
    let www = root.join("www");
    let glue = std::fs::read_to_string(bindgen.join("papersift.js"))?;
    let scripts = widget::scripts(&www, &glue)?;
    std::fs::write(tmp.join("papersift.js"), scripts.classic)?;
    std::fs::write(tmp.join("papersift.mjs"), scripts.module)?;
    let wasm = std::fs::read(bindgen.join("papersift_bg.wasm"))?;
    std::fs::write(
        tmp.join("papersift_bg.wasm.js"),
        format!("self.papersiftWasmBase64 = \"{}\";\n", base64(&wasm)),
    )?;
    std::fs::write(tmp.join("papersift_bg.wasm"), &wasm)?;
    for file in [
        "papersift.css",
        "papersift.d.ts",
        "package.json",
        "site.css",
        "favicon.svg",
    ] {
        std::fs::copy(www.join(file), tmp.join(file))?;
    }
    std::fs::write(tmp.join("index.html"), digest_page(&docs, date.as_deref()))?;
    std::fs::write(
        tmp.join("embed.html"),
        std::fs::read_to_string(www.join("embed.html"))?,
    )?;

    let parts = out_dir.join("parts");
    let (mut n, mut bytes) = (0, 0);
    if parts.is_dir() {
        for entry in std::fs::read_dir(&parts)? {
            let entry = entry?;
            if n == 0 {
                std::fs::create_dir_all(tmp.join("papersift-index"))?;
            }
            bytes += entry.metadata()?.len();
            std::fs::copy(
                entry.path(),
                tmp.join("papersift-index").join(entry.file_name()),
            )?;
            n += 1;
        }
    }
    if n > 0 {
        eprintln!(
            "xtask: the index is split: {n} files, {:.1} MB, in papersift-index/",
            bytes as f64 / 1e6
        );
    }

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

/// Builds the wasm library with the index of `spec` inside; returns the
/// build script's `OUT_DIR`, where a split index leaves its parts.
fn cargo_build_wasm(root: &Path, spec: &str, split: &str) -> Result<PathBuf> {
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

fn digest_page(docs: &[Document], date: Option<&str>) -> String {
    let heading = match date {
        Some(d) => format!("Daily Papers · {}", escape(d)),
        None => "Daily Papers".to_string(),
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
<p class="count">{n} papers</p>
<papersift-search></papersift-search>
</header>
<main>
"#,
        n = docs.len()
    );
    for doc in docs {
        let id = escape(&doc.id);
        let _ = write!(
            html,
            "<article id=\"{id}\">\n<h2><a href=\"#{id}\">{}</a></h2>\n<p>{}</p>\n</article>\n",
            escape(&doc.title),
            escape(&doc.body)
        );
    }
    html.push_str("</main>\n</body>\n</html>\n");
    html
}

fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ABC[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard_alphabet() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(&[0xff, 0xfe, 0xfd, 0x00]), "//79AA==");
    }

    #[test]
    fn escape_neutralises_markup() {
        assert_eq!(
            escape(r#"<img src=x onerror="a">&'"#),
            "&lt;img src=x onerror=&quot;a&quot;&gt;&amp;&#39;"
        );
    }
}
