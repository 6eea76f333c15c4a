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
//!   papersift.css         widget styles (loaded into its shadow root)
//!   site.css, favicon.svg the demo pages' own styles and icon
//! ```

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result};
use papersift::digest::{self, Document};

use crate::{ensure_wasm_tools, root, run_cmd};

/// Builds the site for `digests` (none: the default digest) into `out`.
pub fn build(digests: &[PathBuf], out: &Path) -> Result<()> {
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

    eprintln!("xtask: building the wasm engine ({} papers)", docs.len());
    let spec = sources
        .iter()
        .map(|p| p.to_str().context("digest paths must be UTF-8"))
        .collect::<Result<Vec<_>>>()?
        .join(":");
    run_cmd(
        Command::new("cargo")
            .args([
                "build",
                "--release",
                "--target",
                "wasm32-unknown-unknown",
                "--lib",
                "--package",
                "papersift",
            ])
            .env("PAPERSIFT_DIGEST", spec)
            .current_dir(&root),
    )?;
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
    let widget = std::fs::read_to_string(www.join("widget.js"))?;
    std::fs::write(tmp.join("papersift.js"), format!("{glue}\n{widget}"))?;
    let wasm = std::fs::read(bindgen.join("papersift_bg.wasm"))?;
    std::fs::write(
        tmp.join("papersift_bg.wasm.js"),
        format!("self.papersiftWasmBase64 = \"{}\";\n", base64(&wasm)),
    )?;
    std::fs::write(tmp.join("papersift_bg.wasm"), &wasm)?;
    for file in ["papersift.css", "site.css", "favicon.svg"] {
        std::fs::copy(www.join(file), tmp.join(file))?;
    }
    std::fs::write(tmp.join("index.html"), digest_page(&docs, date.as_deref()))?;
    std::fs::write(
        tmp.join("embed.html"),
        std::fs::read_to_string(www.join("embed.html"))?,
    )?;

    if out.exists() {
        std::fs::remove_dir_all(out)?;
    }
    std::fs::rename(&tmp, out)?;
    eprintln!("xtask: site ready in {}", out.display());
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
