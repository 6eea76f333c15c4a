//! Minifies the JavaScript and CSS the site ships, with esbuild pinned
//! exactly in `xtask/minify/` (`package.json`, `package-lock.json`), so
//! that documenting a source costs visitors nothing. The first build
//! installs it with `npm ci` (tools.rs); every build after runs offline.
//!
//! esbuild transforms one file at a time here, never bundling: a classic
//! script stays a script whose top-level names are kept (`papersiftWasm`),
//! a module stays a module with the same exports, and only local names are
//! shortened. Property names (the wasm-bindgen glue's imports, the public
//! API), strings, CSS custom properties and `::part` names are never
//! renamed. Syntax is kept as written (no target to lower to). A syntax
//! error fails the build with the file's name, line and column.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use anyhow::{anyhow, bail, Context, Result};

use crate::tools::ensure_npm_package;

/// What a text is, which decides how esbuild reads and writes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A classic script: its top-level names are globals, kept as they are.
    Script,
    /// An ES module: its exports keep their names, all else may shorten.
    Module,
    /// A style sheet.
    Css,
}

impl Kind {
    /// esbuild's flags for this kind of text.
    fn flags(self) -> &'static [&'static str] {
        match self {
            Kind::Script => &["--loader=js"],
            Kind::Module => &["--loader=js", "--format=esm"],
            Kind::Css => &["--loader=css"],
        }
    }
}

/// `source` minified; `name` is how an error names it (a path, for a file).
pub fn minify(source: &str, name: &str, kind: Kind) -> Result<String> {
    run(source, name, kind, &["--minify"])
}

/// Fails, naming `name`'s line and column, if `source` does not parse.
pub fn check(source: &str, name: &str, kind: Kind) -> Result<()> {
    run(source, name, kind, &[]).map(drop)
}

/// Runs esbuild over `source` with `kind`'s flags and `extra`; its
/// warnings are shown, its errors are the error.
fn run(source: &str, name: &str, kind: Kind, extra: &[&str]) -> Result<String> {
    let mut child = Command::new(esbuild()?)
        .args(kind.flags())
        .args(extra)
        .arg(format!("--sourcefile={name}"))
        .args(["--log-level=warning", "--color=false"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .context("cannot start esbuild")?;
    // esbuild reads all of its input before it writes: no deadlock.
    let mut stdin = child.stdin.take().expect("piped");
    stdin.write_all(source.as_bytes())?;
    drop(stdin);
    let out = child.wait_with_output()?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        bail!("{name} does not parse:\n{}", stderr.trim_end());
    }
    if !stderr.trim().is_empty() {
        eprintln!("xtask: esbuild warns about {name}:\n{}", stderr.trim_end());
    }
    String::from_utf8(out.stdout).context("esbuild wrote something other than UTF-8")
}

/// Installs the pinned esbuild if it is missing, so that a build that
/// needs it fails early, before the long steps, if it cannot.
pub fn ensure() -> Result<()> {
    esbuild().map(drop)
}

/// The pinned esbuild, installed the first time any build asks for it.
fn esbuild() -> Result<&'static Path> {
    static ESBUILD: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    ESBUILD
        .get_or_init(|| {
            let dir = crate::root().join("xtask/minify");
            ensure_npm_package(&dir, "esbuild")
                .map(|()| dir.join("node_modules/.bin/esbuild"))
                .map_err(|e| format!("{e:#}"))
        })
        .as_deref()
        .map_err(|e| anyhow!("cannot install the minifier: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_syntax_error_names_the_file_and_line() {
        let source = "const a = 1;\nfunction f() {\n  return a +;\n}\n";
        let error = format!(
            "{:#}",
            minify(source, "www/src/x.js", Kind::Script).unwrap_err()
        );
        assert!(error.contains("www/src/x.js:3:"), "{error}");
        assert!(check("let ok = 1;\n", "ok.js", Kind::Script).is_ok());
    }

    #[test]
    fn a_script_keeps_its_globals_and_shortens_its_locals() {
        let source = "let kept = 1;\n(function () {\n  const longLocalName = kept + 1;\n  self.api = { value: longLocalName };\n})();\n";
        let out = minify(source, "s.js", Kind::Script).unwrap();
        assert!(out.starts_with("let kept=1;"), "{out}");
        assert!(out.contains("self.api={value:") && !out.contains("longLocalName"));
    }

    #[test]
    fn a_module_keeps_its_exports() {
        let source =
            "const longName = 1;\nexport const load = () => longName;\nexport default longName;\n";
        let out = minify(source, "m.mjs", Kind::Module).unwrap();
        assert!(
            out.contains("as load") && out.contains("as default"),
            "{out}"
        );
        assert!(!out.contains("longName"), "{out}");
    }

    #[test]
    fn a_style_sheet_keeps_custom_properties_and_parts() {
        let source = "/* a comment */\n:host {\n  --papersift-accent: #06c;\n}\n::part(result) {\n  color: var(--papersift-accent);\n}\n";
        let out = minify(source, "s.css", Kind::Css).unwrap();
        assert!(!out.contains("comment"), "{out}");
        // A custom property's value is kept as written, its space too.
        assert!(out.contains("--papersift-accent: #06c") && out.contains("::part(result)"));
        assert!(out.contains("var(--papersift-accent)"), "{out}");
    }
}
