//! Joins the widget's sources into the two scripts the site ships, with no
//! bundler: `papersift.js`, one classic script (it works from `file://`),
//! and `papersift.mjs`, the same as an ES module.
//!
//! ```text
//! www/src/classic.js ──┐ // @glue    ◄── wasm-bindgen's no-modules glue
//!                      │ // @sources ◄── SOURCES, concatenated in order ──► papersift.js
//! www/src/module.js  ──┘ (the same two lines)                            ──► papersift.mjs
//! ```
//!
//! Each wrapper holds the two marker lines once. Each joined script, the
//! glue too, is then stripped of its comments and layout (strip.rs), so that
//! documenting a source costs visitors nothing; so is the widget's style
//! sheet, `papersift.css` ([`styles`]).

use std::path::Path;

use anyhow::{bail, Context, Result};

use crate::strip;

/// The widget's sources in `www/src/`, in the order they are joined: each
/// uses what the ones before it define (and `base`, from the wrapper).
pub const SOURCES: [&str; 12] = [
    "strings.js",
    "theme.js",
    "loader.js",
    "dom.js",
    "dates.js",
    "filter.js",
    "landing.js",
    "recent.js",
    "popup.js",
    "keys.js",
    "element.js",
    "api.js",
];

/// The wrappers in `www/src/`: the classic script's and the module's.
pub const WRAPPERS: [&str; 2] = ["classic.js", "module.js"];

/// The two scripts, joined.
pub struct Scripts {
    /// `papersift.js`: the glue and the widget, one classic script.
    pub classic: String,
    /// `papersift.mjs`: the same as an ES module.
    pub module: String,
}

/// The loader's placeholder for the wasm's file name (`WASM_FILE`).
const WASM_MARKER: &str = "@papersift-wasm@";

/// Joins wasm-bindgen's `glue` and the widget's sources in `www/src/`; the
/// loader fetches the wasm as `wasm_name` (named by its content).
pub fn scripts(www: &Path, glue: &str, wasm_name: &str) -> Result<Scripts> {
    let src = www.join("src");
    let read = |name: &str| {
        let path = src.join(name);
        std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))
    };
    let mut sources = String::new();
    for name in SOURCES {
        let source = read(name)?;
        // Stripped alone first, so that an error names the source's line.
        strip::js(&source).with_context(|| format!("cannot strip www/src/{name}"))?;
        push_lines(&mut sources, &source);
    }
    if sources.matches(WASM_MARKER).count() != 1 {
        bail!("www/src/loader.js must name the wasm as \"{WASM_MARKER}\" once");
    }
    let sources = sources.replace(WASM_MARKER, wasm_name);
    let [classic, module] = WRAPPERS.map(|name| {
        let script = read(name).and_then(|wrapper| {
            join(&wrapper, glue, &sources).with_context(|| format!("www/src/{name}"))
        })?;
        strip::js(&script).with_context(|| {
            format!("cannot strip the glue joined into www/src/{name} (at the joined line)")
        })
    });
    Ok(Scripts {
        classic: classic?,
        module: module?,
    })
}

/// `wrapper` with its `// @glue` line replaced by `glue` and its
/// `// @sources` line by `sources`; each must be there exactly once.
fn join(wrapper: &str, glue: &str, sources: &str) -> Result<String> {
    let mut out = String::with_capacity(wrapper.len() + glue.len() + sources.len());
    let (mut glues, mut sourced) = (0, 0);
    for line in wrapper.split_inclusive('\n') {
        match line.trim_end() {
            "// @glue" => {
                push_lines(&mut out, glue);
                glues += 1;
            }
            "// @sources" => {
                push_lines(&mut out, sources);
                sourced += 1;
            }
            _ => out.push_str(line),
        }
    }
    if (glues, sourced) != (1, 1) {
        bail!("needs one `// @glue` line and one `// @sources` line; found {glues} and {sourced}");
    }
    Ok(out)
}

/// The widget's style sheet, `www/papersift.css`, stripped.
pub fn styles(www: &Path) -> Result<String> {
    let path = www.join("papersift.css");
    let css = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    strip::css(&css).with_context(|| format!("cannot strip {}", path.display()))
}

/// Appends `text`, ending it with a newline if it has none.
fn push_lines(out: &mut String, text: &str) {
    out.push_str(text);
    if !text.is_empty() && !text.ends_with('\n') {
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_replaces_the_marker_lines_and_keeps_the_rest() {
        let wrapper = "// head\n// @glue\n(function () {\n// @sources\n})();\n";
        assert_eq!(
            join(wrapper, "let g;", "a();\nb();\n").unwrap(),
            "// head\nlet g;\n(function () {\na();\nb();\n})();\n"
        );
    }

    #[test]
    fn join_refuses_a_wrapper_without_both_markers_once() {
        for wrapper in [
            "// @glue\n",
            "// @sources\n",
            "// @glue\n// @sources\n// @sources\n",
        ] {
            let error = join(wrapper, "", "").unwrap_err().to_string();
            assert!(error.contains("one `// @glue` line"), "{error}");
        }
    }

    #[test]
    fn every_widget_source_is_joined_once_in_order() {
        let www = crate::root().join("www");
        let scripts = scripts(&www, "let papersiftWasm;\n", "papersift-0a.wasm").unwrap();
        for script in [&scripts.classic, &scripts.module] {
            assert!(script.contains("\"papersift-0a.wasm\"") && !script.contains(WASM_MARKER));
            assert!(script.starts_with("let papersiftWasm;\n"), "{script}");
            let at: Vec<usize> = SOURCES
                .iter()
                .map(|name| {
                    let source = std::fs::read_to_string(www.join("src").join(name)).unwrap();
                    let text = strip::js(&source)
                        .unwrap()
                        .replace(WASM_MARKER, "papersift-0a.wasm");
                    assert_eq!(script.matches(&text).count(), 1, "{name}");
                    script.find(&text).unwrap()
                })
                .collect();
            assert!(
                at.windows(2).all(|w| w[0] < w[1]),
                "{SOURCES:?} out of order"
            );
        }
    }

    #[test]
    fn every_file_in_www_src_is_a_source_or_a_wrapper() {
        for entry in std::fs::read_dir(crate::root().join("www/src")).unwrap() {
            let name = entry.unwrap().file_name().into_string().unwrap();
            assert!(
                SOURCES.contains(&name.as_str()) || WRAPPERS.contains(&name.as_str()),
                "www/src/{name} is not joined: add it to SOURCES"
            );
        }
    }
}
