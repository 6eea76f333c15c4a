//! Odd and malformed digests: each either indexes correctly (and its index
//! survives encode → decode → search) or is refused with its line and a
//! clear reason.

mod common;

use papersift::digest::{self, DigestErrorKind};
use papersift::format::{decode, encode};
use papersift::{index, Engine, Options};

enum Expect {
    /// Parses to this many papers; the closure checks more.
    Papers(usize, fn(&[digest::Document])),
    /// Refused at this line, with this kind.
    Refused(usize, fn(&DigestErrorKind) -> bool),
}
use Expect::*;

fn no_check(_: &[digest::Document]) {}

fn cases() -> Vec<(&'static str, Vec<u8>, Expect)> {
    let long_line = "word ".repeat(2_000_000); // a 10 MB abstract
    vec![
        (
            "empty file",
            b"".to_vec(),
            Refused(1, |k| *k == DigestErrorKind::NoPapers),
        ),
        (
            "only blank lines",
            b"\n\n  \n\t\n".to_vec(),
            Refused(1, |k| *k == DigestErrorKind::NoPapers),
        ),
        (
            "header only",
            b"new\n\nSubscribe\n\nDaily Papers\n\nAug 7\n".to_vec(),
            Refused(1, |k| *k == DigestErrorKind::NoPapers),
        ),
        (
            "invalid UTF-8 (Latin-1 byte)",
            b"Caf\xe9 paper\n\nabstract\n".to_vec(),
            Refused(1, |k| *k == DigestErrorKind::InvalidUtf8),
        ),
        (
            "overlong UTF-8 encoding",
            b"A\n\nabs\n\nB \xc0\xaf\n\nabs\n".to_vec(),
            Refused(5, |k| *k == DigestErrorKind::InvalidUtf8),
        ),
        (
            "UTF-16 file",
            b"\xff\xfeA\x00\n\x00".to_vec(),
            Refused(1, |k| *k == DigestErrorKind::InvalidUtf8),
        ),
        (
            "binary (many NULs)",
            [b"A\n\nabs\n\n".to_vec(), vec![0; 64]].concat(),
            Refused(5, |k| *k == DigestErrorKind::NulByte),
        ),
        (
            "a stray NUL in an abstract",
            b"A\n\nescapes become nulls (\x00)\n".to_vec(),
            Papers(1, |d| assert!(!d[0].body.contains('\0'))),
        ),
        (
            "a 10 MB abstract",
            format!("Long one\n\n{long_line}\n").into_bytes(),
            Papers(1, |d| assert!(d[0].body.len() > 9_000_000)),
        ),
        (
            "a 10 MB line where a title belongs",
            format!("{long_line}\n\nabs\n").into_bytes(),
            Refused(1, |k| matches!(k, DigestErrorKind::NotATitle(_))),
        ),
        (
            "title with no abstract at the end",
            b"A\n\nabs\n\nLonely\n".to_vec(),
            Refused(
                5,
                |k| matches!(k, DigestErrorKind::TitleWithoutAbstract(t) if t == "Lonely"),
            ),
        ),
        (
            "a two-line title",
            b"A\nB\n\nabs\n".to_vec(),
            Refused(1, |k| matches!(k, DigestErrorKind::NotATitle(_))),
        ),
        (
            "duplicate titles",
            b"Same\n\none\n\nSame\n\ntwo\n\nSame\n\nthree\n".to_vec(),
            Papers(3, |d| {
                let ids: Vec<&str> = d.iter().map(|x| x.id.as_str()).collect();
                assert_eq!(ids, ["same", "same-2", "same-3"]);
            }),
        ),
        (
            "the same paper twice",
            b"Same\n\none\n\nSame\n\none\n".to_vec(),
            Papers(1, no_check),
        ),
        (
            "CR-only line endings",
            b"A\r\rabs a\r\rB\r\rabs b\r".to_vec(),
            Papers(2, no_check),
        ),
        (
            "mixed line endings",
            b"A\r\n\nabs a\r\r\nB\n\r\nabs b\r\n".to_vec(),
            Papers(2, no_check),
        ),
        (
            "a BOM",
            b"\xef\xbb\xbfA\n\nabs\n".to_vec(),
            Papers(1, |d| assert_eq!(d[0].title, "A")),
        ),
        (
            "a BOM inside the text",
            "A\u{feff}B\n\nabs\n".as_bytes().to_vec(),
            Papers(1, no_check),
        ),
        (
            "right-to-left text",
            "שלום עולם\n\nمرحبا بالعالم and some English\n"
                .as_bytes()
                .to_vec(),
            Papers(1, no_check),
        ),
        (
            "CJK text",
            "深度学习的注意力机制\n\n这是一个关于注意力机制的摘要。\n"
                .as_bytes()
                .to_vec(),
            Papers(1, |d| assert_eq!(d[0].id, "paper")),
        ),
        (
            "emoji and ZWJ sequences",
            "Rockets 🚀👩‍🔬\n\nFire 🔥 and flags 🇫🇷.\n"
                .as_bytes()
                .to_vec(),
            Papers(1, no_check),
        ),
        (
            "combining marks and zero-width spaces",
            "Cafe\u{301} na\u{308}ive\u{200b}text\n\nabs\n"
                .as_bytes()
                .to_vec(),
            Papers(1, no_check),
        ),
        (
            "HTML and script in a title",
            b"<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n".to_vec(),
            Papers(1, |d| {
                assert_eq!(d[0].title, "<script>alert(1)</script>");
                assert_eq!(d[0].id, "script-alert-1-script");
            }),
        ),
        (
            "template syntax and quotes",
            b"{{constructor.constructor('x')()}} \"><svg onload=x>\n\n${x} `y` 'z'\n".to_vec(),
            Papers(1, no_check),
        ),
        (
            "words that break JavaScript maps",
            b"constructor __proto__ toString\n\nprototype valueOf hasOwnProperty\n".to_vec(),
            Papers(1, no_check),
        ),
        (
            "control characters",
            b"Bell\x07 and escape\x1b[31m\n\nform\x0cfeed and vertical\x0btab\n".to_vec(),
            Papers(1, |d| assert_eq!(d[0].title, "Bell  and escape [31m")),
        ),
        (
            "tabs and trailing spaces",
            b"\tA title\t \n \n\tabs \t\n".to_vec(),
            Papers(1, |d| assert_eq!(d[0].title, "A title")),
        ),
        (
            "a header line later is a title",
            b"A\n\nabs\n\nSubscribe\n\nabs 2\n".to_vec(),
            Papers(2, |d| assert_eq!(d[1].title, "Subscribe")),
        ),
        (
            "Unicode line separators are not line breaks",
            "A\u{2028}B\n\nabs\n".as_bytes().to_vec(),
            Papers(1, no_check),
        ),
        (
            "a title of exactly the maximum length",
            format!("{}\n\nabs\n", "t".repeat(500)).into_bytes(),
            Papers(1, no_check),
        ),
        (
            "a title one character too long",
            format!("{}\n\nabs\n", "t".repeat(501)).into_bytes(),
            Refused(1, |k| matches!(k, DigestErrorKind::NotATitle(_))),
        ),
        (
            "a word of 100k letters",
            format!("Long word\n\n{}\n", "a".repeat(100_000)).into_bytes(),
            Papers(1, no_check),
        ),
        (
            "titles that slug to nothing",
            "!!!\n\nabs\n\n???\n\nabs 2\n".as_bytes().to_vec(),
            Papers(2, |d| {
                assert_eq!(d[0].id, "paper");
                assert_eq!(d[1].id, "paper-2");
            }),
        ),
        (
            "only punctuation and stop words",
            b"The of and\n\n... --- !!! the a an\n".to_vec(),
            Papers(1, no_check),
        ),
        (
            "a thousand tiny papers",
            (0..1000)
                .map(|i| format!("T{i}\n\na{i}\n\n"))
                .collect::<String>()
                .into_bytes(),
            Papers(1000, no_check),
        ),
    ]
}

#[test]
fn every_odd_digest_indexes_or_is_refused_with_its_line() {
    let cases = cases();
    assert!(cases.len() >= 30, "{} cases", cases.len());
    for (name, bytes, expect) in cases {
        let parsed = digest::parse(&bytes);
        match (expect, parsed) {
            (Papers(n, check), Ok(d)) => {
                let docs = digest::documents(&[d]);
                assert_eq!(docs.len(), n, "{name}");
                check(&docs);
                // It indexes, round-trips and answers queries.
                let built = index::build(&docs).unwrap_or_else(|e| panic!("{name}: {e}"));
                let bytes = encode(&built);
                assert_eq!(decode(&bytes).unwrap(), built, "{name}");
                let mut engine = Engine::from_bytes(&bytes).unwrap();
                let first_word = docs[0].title.split_whitespace().next().unwrap_or("x");
                let r = common::search(&mut engine, first_word, &Options::default());
                assert!(r.results.len() <= 10, "{name}");
            }
            (Refused(line, kind), Err(e)) => {
                assert_eq!(e.line, line, "{name}: {e}");
                assert!(kind(&e.kind), "{name}: {e}");
                let shown = e.with_path("x.txt").to_string();
                assert!(
                    shown.starts_with(&format!("x.txt:{line}: ")),
                    "{name}: {shown}"
                );
            }
            (Papers(..), Err(e)) => panic!("{name}: refused: {e}"),
            (Refused(..), Ok(d)) => panic!("{name}: accepted {} papers", d.papers.len()),
        }
    }
}
