//! Strips comments and layout from the JavaScript and CSS the site ships,
//! so that documenting a source costs visitors nothing. Conservative: it
//! drops comments, indentation, trailing spaces and blank lines, and squeezes
//! runs of spaces to one; it keeps every line break (automatic semicolon
//! insertion reads them) and never looks inside a string, template literal
//! or regular expression, whose insides it copies byte for byte. Comments
//! that start `/*!` or hold `@license` or `@preserve` are kept.
//!
//! JavaScript's one ambiguity for a scanner is `/`: a regular expression or a
//! division. It is read from what comes before, as parsers' tokenizers do: an
//! operator, `(`, `,`, a keyword such as `return`, or the `)` of an `if`,
//! `for`, `while` or `with` head start a regular expression; a name, a
//! number, a literal, `]` or any other `)` divide. Where that could go either
//! way (after `}`, `++`, `--`, or `await`, `yield`, `of`, `let`), the build
//! fails with the line rather than guess.

use anyhow::{bail, Result};

/// `source`, a script or module, without its comments and layout.
pub fn js(source: &str) -> Result<String> {
    if source.contains(['\u{2028}', '\u{2029}']) {
        bail!("holds U+2028 or U+2029, line breaks to JavaScript that this stripper does not read");
    }
    let mut js = Js {
        source,
        at: 0,
        line: 1,
        out: Out::default(),
        last: Last::Operator(b'\n'),
        braces: Vec::new(),
        parens: Vec::new(),
    };
    js.run()?;
    Ok(js.out.finish())
}

/// `source`, a style sheet, without its comments and layout. Unquoted
/// `url(…)`s are copied whole; a comment between two tokens with no space
/// beside it (`a/**/b`) fails, as leaving it out could join them.
pub fn css(source: &str) -> Result<String> {
    let b = source.as_bytes();
    let (mut at, mut line, mut out) = (0, 1, Out::default());
    while at < b.len() {
        let start = at;
        match b[at] {
            b'\n' => {
                out.newline();
                line += 1;
                at += 1;
            }
            b' ' | b'\t' | b'\r' | b'\x0c' => {
                out.space();
                at += 1;
            }
            b'/' if b.get(at + 1) == Some(&b'*') => {
                let Some(end) = source[at + 2..].find("*/") else {
                    bail!("line {line}: a comment that does not end");
                };
                at += end + 4;
                let comment = &source[start..at];
                line += comment.matches('\n').count();
                if kept(comment) {
                    out.token(comment);
                } else if out.touches() && b.get(at).is_some_and(|c| !c.is_ascii_whitespace()) {
                    bail!("line {line}: a comment between two tokens: put a space beside it");
                } else {
                    out.space();
                }
            }
            quote @ (b'"' | b'\'') => {
                at = string(b, at, quote).ok_or_else(|| unended(line, "string"))?;
                out.token(&source[start..at]);
            }
            b'\\' => {
                at = (at + 1 + char_len(b, at + 1)).min(b.len());
                out.token(&source[start..at]);
            }
            c if css_name(c) => {
                while at < b.len() && css_name(b[at]) {
                    at += 1;
                }
                if source[start..at].eq_ignore_ascii_case("url") && b.get(at) == Some(&b'(') {
                    at = url(b, at + 1).ok_or_else(|| unended(line, "url("))?;
                }
                out.token(&source[start..at]);
            }
            _ => {
                at += char_len(b, at);
                out.token(&source[start..at]);
            }
        }
    }
    Ok(out.finish())
}

/// What came last, which tells what a `/` starts.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Last {
    /// An operator or punctuator (or the start): an expression may follow,
    /// so `/` starts a regular expression (unless it is `.`, before a
    /// property name).
    Operator(u8),
    /// `if`, `for`, `while`, `with`: the `)` closing their head is followed
    /// by a statement.
    Head,
    /// A name, a number, a literal, `]`, or an expression's `)`: `/` divides.
    Operand,
    /// Either could follow.
    Unsure(&'static str),
}

/// Keywords after which an expression starts.
const BEFORE_EXPRESSION: [&str; 12] = [
    "return",
    "typeof",
    "instanceof",
    "in",
    "new",
    "delete",
    "void",
    "throw",
    "case",
    "do",
    "else",
    "default",
];

/// Names that are keywords in some places only.
const CONTEXTUAL: [&str; 4] = ["await", "yield", "of", "let"];

struct Js<'a> {
    source: &'a str,
    at: usize,
    line: usize,
    out: Out,
    last: Last,
    /// The open `{`s: `true` for a template literal's `${`.
    braces: Vec<bool>,
    /// The open `(`s: `true` for the head of an `if`, `for`, `while`, `with`.
    parens: Vec<bool>,
}

impl Js<'_> {
    fn run(&mut self) -> Result<()> {
        let (source, b) = (self.source, self.source.as_bytes());
        while self.at < b.len() {
            let (start, c) = (self.at, b[self.at]);
            let next = b.get(start + 1).copied();
            match c {
                b'\n' | b'\r' => {
                    self.out.newline();
                    self.line += usize::from(c == b'\n');
                    self.at += 1;
                }
                b' ' | b'\t' | b'\x0b' | b'\x0c' => {
                    self.out.space();
                    self.at += 1;
                }
                b'/' => self.slash(next)?,
                quote @ (b'"' | b'\'') => {
                    self.at =
                        string(b, start, quote).ok_or_else(|| unended(self.line, "string"))?;
                    self.line += source[start..self.at].matches('\n').count();
                    self.out.token(&source[start..self.at]);
                    self.last = Last::Operand;
                }
                b'`' => self.template()?,
                b'{' | b'}' | b'(' | b')' | b']' => self.bracket(c)?,
                b'+' | b'-' if self.out.touches() && self.last == Last::Operator(c) => {
                    self.punctuator(c);
                    self.last = Last::Unsure("`++` or `--`");
                }
                b'<' if source[start..].starts_with("<!--") => {
                    bail!("line {}: `<!--` outside a string", self.line)
                }
                b'-' if source[start..].starts_with("-->") && self.out.at_line_start() => {
                    bail!("line {}: `-->` starting a line", self.line)
                }
                c if js_name(c) => self.word(),
                _ => self.punctuator(c),
            }
        }
        if !self.braces.is_empty() || !self.parens.is_empty() {
            bail!("the end: a `{{` or `(` is left open");
        }
        Ok(())
    }

    /// A comment, or a `/` that starts a regular expression or divides.
    fn slash(&mut self, next: Option<u8>) -> Result<()> {
        let (source, start) = (self.source, self.at);
        match next {
            Some(b'/') => {
                let end = source[start..]
                    .find(['\n', '\r'])
                    .map_or(source.len(), |n| start + n);
                let comment = &source[start..end];
                if kept(comment) {
                    self.out.token(comment);
                }
                self.at = end;
            }
            Some(b'*') => {
                let Some(end) = source[start + 2..].find("*/") else {
                    bail!("line {}: a comment that does not end", self.line);
                };
                self.at = start + end + 4;
                let comment = &source[start..self.at];
                self.line += comment.matches('\n').count();
                if kept(comment) {
                    self.out.token(comment);
                } else if comment.contains(['\n', '\r']) {
                    self.out.newline();
                } else {
                    self.out.space();
                }
            }
            _ => match self.last {
                // After a dot, only a spread (`...`) may come: refused
                // rather than guessed.
                Last::Operator(b'.') => bail!(
                    "line {}: a `/` after `.` or `...`; put the expression in parentheses",
                    self.line
                ),
                Last::Operator(_) => self.regex()?,
                Last::Unsure(what) => bail!(
                    "line {}: a `/` after {what} could start a regular expression or \
                 divide; write it so that it cannot (parentheses around the \
                 expression, or a semicolon before it)",
                    self.line
                ),
                _ => self.punctuator(b'/'),
            },
        }
        Ok(())
    }

    /// A bracket: `${…}` of templates, and the heads of `if`, `for`,
    /// `while` and `with` (after whose `)` a `/` starts a regex).
    fn bracket(&mut self, c: u8) -> Result<()> {
        match c {
            b'{' => {
                self.braces.push(false);
                self.punctuator(c);
            }
            b'}' => match self.braces.pop() {
                Some(true) => self.template()?,
                Some(false) => {
                    self.punctuator(c);
                    self.last = Last::Unsure("`}`");
                }
                None => bail!("line {}: a `}}` that closes nothing", self.line),
            },
            b'(' => {
                self.parens.push(self.last == Last::Head);
                self.punctuator(c);
            }
            b')' => {
                let Some(head) = self.parens.pop() else {
                    bail!("line {}: a `)` that closes nothing", self.line);
                };
                self.punctuator(c);
                if !head {
                    self.last = Last::Operand;
                }
            }
            _ => {
                self.punctuator(c);
                self.last = Last::Operand;
            }
        }
        Ok(())
    }

    /// A one-character punctuator (or a character this need not tell apart).
    fn punctuator(&mut self, c: u8) {
        let end = self.at + char_len(self.source.as_bytes(), self.at);
        self.out.token(&self.source[self.at..end]);
        self.at = end;
        self.last = Last::Operator(c);
    }

    /// A name, a keyword or a number.
    fn word(&mut self) {
        let b = self.source.as_bytes();
        let start = self.at;
        while self.at < b.len() && js_name(b[self.at]) {
            self.at += if b[self.at] == b'\\' {
                1 + char_len(b, self.at + 1)
            } else {
                1
            };
        }
        let word = &self.source[start..self.at];
        self.out.token(word);
        self.last = if self.last == Last::Operator(b'.') {
            Last::Operand
        } else if ["if", "for", "while", "with"].contains(&word)
            || (word == "await" && self.last == Last::Head)
        {
            // `for await (…)` heads a loop too.
            Last::Head
        } else if BEFORE_EXPRESSION.contains(&word) {
            Last::Operator(b' ')
        } else if CONTEXTUAL.contains(&word) {
            Last::Unsure("`await`, `yield`, `of` or `let`")
        } else {
            Last::Operand
        };
    }

    /// A regular expression literal: `/…/flags`, whose `[…]` may hold `/`.
    fn regex(&mut self) -> Result<()> {
        let b = self.source.as_bytes();
        let start = self.at;
        let (mut at, mut class) = (start + 1, false);
        loop {
            match b.get(at) {
                None | Some(b'\n' | b'\r') => bail!(
                    "line {}: a regular expression that does not end on its line \
                     (or a `/` read as one: put the division's operands in parentheses)",
                    self.line
                ),
                Some(b'\\') if !matches!(b.get(at + 1), None | Some(b'\n' | b'\r')) => {
                    at += 1 + char_len(b, at + 1)
                }
                Some(b'[') => (class, at) = (true, at + 1),
                Some(b']') => (class, at) = (false, at + 1),
                Some(b'/') if !class => break,
                Some(_) => at += 1,
            }
        }
        at += 1;
        while at < b.len() && js_name(b[at]) && b[at] != b'\\' {
            at += 1;
        }
        self.out.token(&self.source[start..at]);
        self.at = at;
        self.last = Last::Operand;
        Ok(())
    }

    /// A template literal's text from its `` ` `` (or the `}` ending a
    /// `${…}`) to its end (or the next `${`), copied whole.
    fn template(&mut self) -> Result<()> {
        let b = self.source.as_bytes();
        let start = self.at;
        let mut at = start + 1;
        let end = loop {
            match b.get(at) {
                None => bail!("line {}: a template literal that does not end", self.line),
                Some(b'\\') => at += 2,
                Some(b'`') => break at + 1,
                Some(b'$') if b.get(at + 1) == Some(&b'{') => break at + 2,
                Some(_) => at += 1,
            }
        };
        let text = &self.source[start..end];
        self.out.token(text);
        self.line += text.matches('\n').count();
        self.at = end;
        if text.ends_with("${") {
            self.braces.push(true);
            self.last = Last::Operator(b'{');
        } else {
            self.last = Last::Operand;
        }
        Ok(())
    }
}

/// The output, a line at a time: tokens, with at most one space between
/// them, no space at either end of a line, and no blank lines.
#[derive(Default)]
struct Out {
    text: String,
    space: bool,
}

impl Out {
    fn token(&mut self, token: &str) {
        if self.space && !self.at_line_start() {
            self.text.push(' ');
        }
        self.space = false;
        self.text.push_str(token);
    }

    fn space(&mut self) {
        self.space = true;
    }

    fn newline(&mut self) {
        self.space = false;
        if !self.at_line_start() {
            self.text.push('\n');
        }
    }

    /// Nothing on this line yet. (No token ends with a line break: strings,
    /// regular expressions and template pieces end with their delimiter.)
    fn at_line_start(&self) -> bool {
        self.text.is_empty() || self.text.ends_with('\n')
    }

    /// The next token would touch the last one: no space between.
    fn touches(&self) -> bool {
        !self.space && !self.at_line_start()
    }

    fn finish(mut self) -> String {
        self.newline();
        self.text
    }
}

/// A comment to keep: a licence.
fn kept(comment: &str) -> bool {
    comment.starts_with("/*!") || comment.contains("@license") || comment.contains("@preserve")
}

/// The end of the string that starts with `quote` at `start`, or `None` when
/// it does not end on its line.
fn string(b: &[u8], start: usize, quote: u8) -> Option<usize> {
    let mut at = start + 1;
    loop {
        match *b.get(at)? {
            b'\\' if b.get(at + 1..at + 3) == Some(b"\r\n") => at += 3,
            b'\\' => at += 1 + char_len(b, at + 1),
            b'\n' | b'\r' => return None,
            c if c == quote => return Some(at + 1),
            _ => at += 1,
        }
    }
}

/// The end of an unquoted `url(…)` whose text starts at `at`, after its `(`:
/// copied whole. A quoted one is left to the caller (`at` itself).
fn url(b: &[u8], mut at: usize) -> Option<usize> {
    let open = at;
    while matches!(b.get(at), Some(b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')) {
        at += 1;
    }
    if matches!(b.get(at), Some(b'"' | b'\'')) {
        return Some(open);
    }
    loop {
        match *b.get(at)? {
            b'\\' => at += 1 + char_len(b, at + 1),
            b')' => return Some(at + 1),
            b'\n' | b'\r' => return None,
            _ => at += 1,
        }
    }
}

fn unended(line: usize, what: &str) -> anyhow::Error {
    anyhow::anyhow!("line {line}: a {what} that does not end on its line")
}

/// The length of the UTF-8 character at `at` (0 past the end).
fn char_len(b: &[u8], at: usize) -> usize {
    match b.get(at) {
        None => 0,
        Some(&c) if c < 0x80 => 1,
        Some(_) => (1..4)
            .find(|n| b.get(at + n).is_none_or(|&c| c & 0xc0 != 0x80))
            .unwrap_or(4),
    }
}

/// A byte of a JavaScript name or number (`\` starts a `\u` escape).
fn js_name(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'_' | b'$' | b'\\') || c >= 0x80
}

/// A byte of a CSS name, number or unit.
fn css_name(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-') || c >= 0x80
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_of(result: Result<String>) -> String {
        format!("{:#}", result.unwrap_err())
    }

    #[test]
    fn js_drops_comments_indentation_and_blank_lines() {
        let source = "// head\n\n  /**\n   * doc\n   */\n  function f(a,  b) {   // why\n\n    return a;\t \n  }\n";
        assert_eq!(js(source).unwrap(), "function f(a, b) {\nreturn a;\n}\n");
    }

    #[test]
    fn js_keeps_every_line_break_between_code() {
        // Automatic semicolon insertion reads these line breaks.
        let source = "let a = b\n(c)\nreturn\nx\na\n++b\n";
        assert_eq!(js(source).unwrap(), source);
        assert_eq!(js("a /* one\n two */ b\n").unwrap(), "a\nb\n");
        assert_eq!(js("a/* x */b\n").unwrap(), "a b\n");
    }

    #[test]
    fn js_never_reads_inside_strings() {
        let source = "const u = \"http://example.org/*x*/\"; // c\nconst v = 'it\\'s // no /* no'; /* c */\nconst w = \"a\\\n  // b\";\n";
        assert_eq!(
            js(source).unwrap(),
            "const u = \"http://example.org/*x*/\";\nconst v = 'it\\'s // no /* no';\nconst w = \"a\\\n  // b\";\n"
        );
    }

    #[test]
    fn js_never_reads_inside_template_literals() {
        let source =
            "const t = `a // b\n    ${x + `in ${ {k: y}.k } // z`}\n  /* c */ '\\`` + 1; // d\n";
        assert_eq!(
            js(source).unwrap(),
            "const t = `a // b\n    ${x + `in ${ {k: y}.k } // z`}\n  /* c */ '\\`` + 1;\n"
        );
        assert_eq!(
            js("f(`${a}/${b}`, `/*`)\n").unwrap(),
            "f(`${a}/${b}`, `/*`)\n"
        );
    }

    #[test]
    fn js_never_reads_inside_regular_expressions() {
        for source in [
            "if (/Content Security Policy|unsafe-eval/i.test(text)) {}\n",
            "const r = /a\\/*b/g, s = /[/*]'\"/, t = /\\/\\//;\n",
            "s.replace(/\\.js$/, \"_bg.wasm\");\n",
            "if (x) /^--/.test(y);\n",
            "while (x) /'/.exec(y);\n",
            "return /[\\]/]`/\n",
            "x = typeof /a/, y = [/b/], z = a ? /c/ : !/d/;\n",
            "f = (t) => t && /^(A|B)$/.test(t);\n",
        ] {
            assert_eq!(js(source).unwrap(), source);
        }
    }

    #[test]
    fn js_reads_a_slash_after_an_operand_as_division() {
        let source = "x = a / b / c; // c/d\ny = (a + b) / 2 /* half */ * n;\nz = v[0] / 2 / o.return / g; // 'q\nw = a\n/ 2 / g;\nq = 1 /2/ 3;\n";
        assert_eq!(
            js(source).unwrap(),
            "x = a / b / c;\ny = (a + b) / 2 * n;\nz = v[0] / 2 / o.return / g;\nw = a\n/ 2 / g;\nq = 1 /2/ 3;\n"
        );
    }

    #[test]
    fn js_refuses_a_slash_it_cannot_read() {
        for (source, line) in [
            ("a;\nif (x) {}\n/b/.test(c);\n", "line 3"),
            ("a++ / 2;\n", "line 1"),
            ("x = await /a/;\n", "line 1"),
            ("x = (yield) ? 1 : 0;\nyield / 2;\n", "line 2"),
        ] {
            let error = error_of(js(source));
            assert!(error.starts_with(line), "{error}");
            assert!(
                error.contains("could start a regular expression or divide"),
                "{error}"
            );
        }
    }

    #[test]
    fn js_reads_the_heads_of_for_await_and_refuses_a_slash_after_a_spread() {
        assert_eq!(
            js("for await (const x of y) /a  b/.test(x);\n").unwrap(),
            "for await (const x of y) /a  b/.test(x);\n"
        );
        let error = error_of(js("f(...\n/a  b/);\n"));
        assert!(
            error.starts_with("line 2") && error.contains("after `.` or `...`"),
            "{error}"
        );
    }

    #[test]
    fn js_refuses_what_does_not_end() {
        for (source, what) in [
            ("x = 'a\nb';\n", "string"),
            ("x = 1;\ny = /a\nb/;\n", "regular expression"),
            ("x = `a ${b}\n", "template literal"),
            ("x = 1; /* a\n", "comment"),
            ("f(\n", "left open"),
            ("})\n", "closes nothing"),
        ] {
            let error = error_of(js(source));
            assert!(error.contains(what), "{what}: {error}");
        }
        assert!(error_of(js("x = 1;\ny = /a\nb/;\n")).starts_with("line 2"));
        assert!(error_of(js("a <!--b\n")).contains("`<!--`"));
    }

    #[test]
    fn js_keeps_licence_comments() {
        let source =
            "/*! papersift | MIT */\n/** @license MIT */\n// @preserve this\n// not this\nx();\n";
        assert_eq!(
            js(source).unwrap(),
            "/*! papersift | MIT */\n/** @license MIT */\n// @preserve this\nx();\n"
        );
    }

    #[test]
    fn js_passes_non_ascii_text_through() {
        let source = "const s = \"→ ‘é’\"; // → \nconst é = /é[→]/u; // é\n";
        assert_eq!(
            js(source).unwrap(),
            "const s = \"→ ‘é’\";\nconst é = /é[→]/u;\n"
        );
    }

    #[test]
    fn css_drops_comments_indentation_and_blank_lines() {
        let source = "/* head\n   more */\n:host { display: block; }\n\n.root {\n  color:  red; /* why */\n  --x: var(--y,   #fff);\n}\n";
        assert_eq!(
            css(source).unwrap(),
            ":host { display: block; }\n.root {\ncolor: red;\n--x: var(--y, #fff);\n}\n"
        );
    }

    #[test]
    fn css_never_reads_inside_strings_or_urls() {
        let source = ".a::before { content: \"/* no */ \\\"  x\"; }\n.b { background: url(//cdn.example/a/*b*/c.png); }\n.c { background: URL( 'x /* y */.png' ); }\n.d { font-family: 'A  B'; }\n";
        assert_eq!(
            css(source).unwrap(),
            ".a::before { content: \"/* no */ \\\"  x\"; }\n.b { background: url(//cdn.example/a/*b*/c.png); }\n.c { background: URL( 'x /* y */.png' ); }\n.d { font-family: 'A  B'; }\n"
        );
    }

    #[test]
    fn css_keeps_tokens_apart_and_licences() {
        assert_eq!(css(".a /* x */.b {}\n").unwrap(), ".a .b {}\n");
        assert_eq!(css(".a/* x */ .b {}\n").unwrap(), ".a .b {}\n");
        assert_eq!(css("/*! MIT */\n.a {}\n").unwrap(), "/*! MIT */\n.a {}\n");
        let error = error_of(css(".a {}\n.b/**/.c {}\n"));
        assert!(
            error.starts_with("line 2: a comment between two tokens"),
            "{error}"
        );
        assert!(error_of(css(".a { content: \"x\n\"; }\n")).contains("string"));
        assert!(error_of(css("/* x\n")).contains("comment"));
    }

    #[test]
    fn stripping_twice_changes_nothing_more() {
        let www = crate::root().join("www");
        let mut files: Vec<_> = std::fs::read_dir(www.join("src"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for path in files {
            let source = std::fs::read_to_string(&path).unwrap();
            let once = js(&source).unwrap_or_else(|e| panic!("{}: {e:#}", path.display()));
            assert!(once.len() < source.len(), "{}", path.display());
            assert_eq!(js(&once).unwrap(), once, "{}", path.display());
        }
        for name in ["papersift.css", "site.css"] {
            let source = std::fs::read_to_string(www.join(name)).unwrap();
            let once = css(&source).unwrap_or_else(|e| panic!("{name}: {e:#}"));
            assert!(once.len() < source.len(), "{name}");
            assert_eq!(css(&once).unwrap(), once, "{name}");
        }
    }
}
