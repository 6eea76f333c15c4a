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
//! Each wrapper holds the two marker lines once. Each joined script is then
//! minified (minify.rs: esbuild, pinned), the classic one as a script and
//! the module as a module, so that documenting a source costs visitors
//! nothing; so is the widget's style sheet, `papersift.css` ([`styles`]).

use std::path::Path;

use anyhow::{bail, Context, Result};

use crate::minify::{self, Kind};

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

/// The two scripts, joined and minified.
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
    let mut texts = Vec::new();
    for name in SOURCES {
        let source = read(name)?;
        push_lines(&mut sources, &source);
        texts.push((name, source));
    }
    if sources.matches(WASM_MARKER).count() != 1 {
        bail!("www/src/loader.js must name the wasm as \"{WASM_MARKER}\" once");
    }
    let sources = sources.replace(WASM_MARKER, wasm_name);
    let outputs = [
        ("papersift.js", Kind::Script),
        ("papersift.mjs", Kind::Module),
    ];
    let [classic, module] = [0, 1].map(|i| {
        let (wrapper, (out, kind)) = (WRAPPERS[i], outputs[i]);
        let script = read(wrapper).and_then(|text| {
            join(&text, glue, &sources).with_context(|| format!("www/src/{wrapper}"))
        })?;
        minify::minify(&script, out, kind).map_err(|joined| {
            // A source's own error names its file and line; the joined
            // script's, only where no source fails alone (the glue).
            source_error(&texts).unwrap_or_else(|| {
                joined.context(format!(
                    "{out} is www/src/{wrapper} joined with the wasm-bindgen glue and www/src/*.js"
                ))
            })
        })
    });
    Ok(Scripts {
        classic: classic?,
        module: module?,
    })
}

/// The first source that does not parse alone, as its error.
fn source_error(texts: &[(&str, String)]) -> Option<anyhow::Error> {
    texts.iter().find_map(|(name, text)| {
        minify::check(text, &format!("www/src/{name}"), Kind::Script).err()
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

/// The widget's style sheet, `www/papersift.css`, minified.
pub fn styles(www: &Path) -> Result<String> {
    let path = www.join("papersift.css");
    let css = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    minify::minify(&css, "www/papersift.css", Kind::Css)
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

    /// A glue like wasm-bindgen's: one global, set by a function.
    const GLUE: &str =
        "let papersiftWasm = (function (exports) {\n  // a comment\n  return exports;\n})({});\n";

    /// A fresh folder for one test's files.
    fn scratch(test: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("papersift-{test}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("src")).unwrap();
        dir
    }

    /// What node prints running `program` (an ES module) with `args`.
    fn node(program: &str, args: &[&Path]) -> String {
        let out = std::process::Command::new("node")
            .args(["--input-type=module", "-e", program, "--"])
            .args(args)
            .output()
            .expect("node runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "node failed: {stderr}");
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    }

    /// Runs the classic script `args[0]` in a context where the element is
    /// already defined (so the widget stops at once), then prints the
    /// global object's new properties and the glue's global's type.
    const RUN_CLASSIC: &str = r#"
        import fs from "node:fs"; import vm from "node:vm";
        const stubs = { customElements: { get: () => true }, document: { currentScript: null }, location: { href: "http://x/" } };
        const context = vm.createContext({ ...stubs });
        context.self = context;
        vm.runInContext(fs.readFileSync(process.argv[1], "utf8"), context);
        const added = Object.keys(context).filter((k) => !(k in stubs) && k !== "self");
        console.log(JSON.stringify([added, vm.runInContext("typeof papersiftWasm", context)]));"#;

    /// Runs `args[0]` (the classic script, with the element undefined) and
    /// imports `args[1]` (the module, where no classic script ran), each
    /// over the marker sources; prints what each ran, and the exports.
    const RUN_MARKERS: &str = r#"
        import fs from "node:fs"; import vm from "node:vm";
        const context = vm.createContext({ customElements: { get: () => undefined }, document: { currentScript: null }, location: { href: "http://x/" }, URL, ran: [] });
        context.self = context;
        vm.runInContext(fs.readFileSync(process.argv[1], "utf8"), context);
        globalThis.self = globalThis; globalThis.ran = [];
        const module = await import(process.argv[2]);
        console.log(JSON.stringify([context.ran, ran, Object.keys(module).sort()]));"#;

    /// Imports the module `args[0]` on a page where the classic script ran
    /// (`papersift` is defined): prints its exports and whether it used it.
    const RUN_MODULE: &str = r#"
        globalThis.papersift = { load() {}, search() {}, Element: class {} };
        const module = await import(process.argv[1]);
        console.log(JSON.stringify([Object.keys(module).sort(), module.default === papersift]));"#;

    #[test]
    fn every_widget_source_runs_once_in_order_in_both_scripts() {
        let www = scratch("widget-markers");
        for name in WRAPPERS {
            std::fs::copy(
                crate::root().join("www/src").join(name),
                www.join("src").join(name),
            )
            .unwrap();
        }
        for name in SOURCES {
            let wasm = if name == "loader.js" {
                ", \"@papersift-wasm@\""
            } else {
                ""
            };
            let text = format!("// {name}: a comment\nself.ran.push(\"{name}\"{wasm});\n");
            std::fs::write(www.join("src").join(name), text).unwrap();
        }
        std::fs::write(
            www.join("src/api.js"),
            "self.ran.push(\"api.js\");\nself.papersift = {};\n",
        )
        .unwrap();
        let scripts = scripts(&www, GLUE, "papersift-0a.wasm").unwrap();
        let (classic, module) = (www.join("papersift.js"), www.join("papersift.mjs"));
        std::fs::write(&classic, &scripts.classic).unwrap();
        std::fs::write(&module, &scripts.module).unwrap();
        let mut ran: Vec<String> = SOURCES.iter().map(|s| format!("{s:?}")).collect();
        ran.insert(3, "\"papersift-0a.wasm\"".to_string());
        let ran = ran.join(",");
        assert_eq!(
            node(RUN_MARKERS, &[&classic, &module]),
            format!("[[{ran}],[{ran}],[\"PapersiftSearch\",\"default\",\"load\",\"search\"]]")
        );
        for script in [&scripts.classic, &scripts.module] {
            assert!(
                !script.contains("a comment") && !script.contains(WASM_MARKER),
                "{script}"
            );
        }
    }

    #[test]
    fn the_widget_minifies_into_a_script_and_a_module_that_keep_their_names() {
        let www = crate::root().join("www");
        let scripts = scripts(&www, GLUE, "papersift-0a.wasm").unwrap();
        let joined: usize = SOURCES
            .iter()
            .map(|name| {
                std::fs::read_to_string(www.join("src").join(name))
                    .unwrap()
                    .len()
            })
            .sum();
        let dir = scratch("widget-real");
        let (classic, module) = (dir.join("papersift.js"), dir.join("papersift.mjs"));
        for (path, script) in [(&classic, &scripts.classic), (&module, &scripts.module)] {
            std::fs::write(path, script).unwrap();
            let check = std::process::Command::new("node")
                .arg("--check")
                .arg(path)
                .status();
            assert!(
                check.unwrap().success(),
                "{} does not parse",
                path.display()
            );
            assert!(
                script.len() < joined * 3 / 5,
                "{} of {joined} bytes",
                script.len()
            );
            assert!(script.contains("customElements.define(\"papersift-search\","));
            assert!(script.contains("self.papersift=") && script.contains("\"papersift-0a.wasm\""));
        }
        // Only the glue's global and (once the element runs) `papersift`.
        assert!(scripts.classic.starts_with("let papersiftWasm="));
        assert_eq!(node(RUN_CLASSIC, &[&classic]), "[[],\"object\"]");
        assert_eq!(
            node(RUN_MODULE, &[&module]),
            "[[\"PapersiftSearch\",\"default\",\"load\",\"search\"],true]"
        );
    }

    #[test]
    fn a_source_that_does_not_parse_fails_the_build_with_its_file_and_line() {
        let www = scratch("widget-broken");
        for name in WRAPPERS.iter().chain(&SOURCES) {
            let from = crate::root().join("www/src").join(name);
            std::fs::copy(from, www.join("src").join(name)).unwrap();
        }
        std::fs::write(www.join("src/dom.js"), "// one\nconst a = (1;\n").unwrap();
        let error = format!("{:#}", scripts(&www, GLUE, "p.wasm").err().unwrap());
        assert!(error.contains("www/src/dom.js:2:"), "{error}");
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
