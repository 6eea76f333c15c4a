//! Table of accepted and rejected digests, with the line each error names.

use papersift::digest::{self, parse, DigestErrorKind};

/// `accepts!(name, input, titles)`: parses, with these titles in order.
macro_rules! accepts {
    ($name:ident, $input:expr, [$($title:expr),*]) => {
        #[test]
        fn $name() {
            let d = parse($input).unwrap_or_else(|e| panic!("{e}"));
            let titles: Vec<&str> = d.papers.iter().map(|p| p.title.as_str()).collect();
            assert_eq!(titles, [$($title),*] as [&str; 0 $(+ { let _ = $title; 1 })*]);
        }
    };
}

/// `rejects!(name, input, line, kind)`: fails at this line with this kind.
macro_rules! rejects {
    ($name:ident, $input:expr, $line:expr, $kind:pat) => {
        #[test]
        fn $name() {
            let e = parse($input).expect_err("must be rejected");
            assert_eq!(e.line, $line, "{e}");
            assert!(matches!(e.kind, $kind), "{e}");
        }
    };
}

accepts!(
    plain_pairs,
    b"A\n\nabstract a\n\nB\n\nabstract b\n",
    ["A", "B"]
);
accepts!(with_header, b"new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nDaily Papers\n\nbyAK and the research community\n\nAug 7\n\nA\n\nabs\n", ["A"]);
accepts!(
    crlf_endings,
    b"A\r\n\r\nabstract a\r\n\r\nB\r\n\r\nabstract b\r\n",
    ["A", "B"]
);
accepts!(
    cr_only_endings,
    b"A\r\rabstract a\r\rB\r\rabstract b",
    ["A", "B"]
);
accepts!(
    bom_and_trailing_spaces,
    "\u{feff}A   \n\n  abstract  \n".as_bytes(),
    ["A"]
);
accepts!(
    runs_of_blank_lines,
    b"\n\n\nA\n\n\n\n\nabstract\n\n\n\n",
    ["A"]
);
accepts!(wrapped_abstract, b"A\n\nline one\nline two\n", ["A"]);
accepts!(
    unicode_titles,
    "深度学习\n\n摘要 🚀\n\nשלום\n\nעולם\n".as_bytes(),
    ["深度学习", "שלום"]
);
accepts!(
    markup_is_just_text,
    b"<script>x</script>\n\n<img onerror=y>\n",
    ["<script>x</script>"]
);
accepts!(
    a_title_that_looks_like_a_date_after_the_header,
    b"Aug 7\n\nA\n\nabs\n",
    ["A"]
);

rejects!(empty, b"", 1, DigestErrorKind::NoPapers);
rejects!(
    header_only,
    b"new\n\nDaily Papers\n\nAug 7\n",
    1,
    DigestErrorKind::NoPapers
);
rejects!(
    title_without_abstract,
    b"A\n\nabs\n\n\nLonely title\n",
    6,
    DigestErrorKind::TitleWithoutAbstract(_)
);
rejects!(
    invalid_utf8_names_its_line,
    b"A\n\nabs\n\nB \xff\xfe\n\nabs\n",
    5,
    DigestErrorKind::InvalidUtf8
);
rejects!(
    binary_file,
    b"A\n\nab\n\n\0\0\0\0\0\0\0\0\0\0\0\0\0\0\n",
    5,
    DigestErrorKind::NulByte
);
accepts!(
    a_stray_nul_or_control_char_is_a_space,
    b"A\x07 title\n\nab\0s \x1b[0m\n",
    ["A  title"]
);
rejects!(
    multi_line_title,
    b"A\nstill A\n\nabs\n",
    1,
    DigestErrorKind::NotATitle(_)
);
rejects!(
    abstract_in_title_place,
    format!("A\n\nIts abstract.\n\n{}\n\nabs\n", "word ".repeat(200)).as_bytes(),
    5,
    DigestErrorKind::NotATitle(_)
);
// B's abstract went missing: B's "abstract" is C, and C's abstract stands
// where a title should. Said at B, by its name.
rejects!(
    a_missing_abstract_is_named_at_its_paper,
    format!("A\n\nIts abstract.\n\nB\n\nC\n\n{}\n", "word ".repeat(200)).as_bytes(),
    5,
    DigestErrorKind::TitleWithoutAbstract(_)
);

#[test]
fn abstract_lines_are_joined_and_papers_keep_their_line() {
    let d = parse(b"Aug 7\n\nA\n\nline one\nline two\n\nB\n\nb\n").unwrap();
    assert_eq!(d.date.map(|d| d.display()).as_deref(), Some("Aug 7"));
    assert_eq!(d.papers[0].body, "line one line two");
    assert_eq!(d.papers[1].line, 8);
}

#[test]
fn errors_read_file_colon_line_colon_message() {
    let e = parse(b"A\n\nabs\n\nLonely title\n")
        .unwrap_err()
        .with_path("data/x.txt");
    assert_eq!(
        e.to_string(),
        "data/x.txt:5: title \"Lonely title\" has no abstract"
    );
    let missing = digest::parse_file(std::path::Path::new("no/such/digest.txt")).unwrap_err();
    assert!(missing
        .to_string()
        .starts_with("no/such/digest.txt:1: cannot read the digest"));
}

#[test]
fn ids_are_stable_slugs_unique_within_a_build_and_duplicates_are_shown_once() {
    let a = parse(b"Aug 7\n\nLayer Normalization\n\none\n\nLayer Normalization\n\ntwo\n").unwrap();
    let b = parse(b"Aug 8\n\nLayer Normalization\n\none\n\nGPipe\n\nthree\n").unwrap();
    let docs = digest::documents(&[a, b]);
    let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(
        ids,
        ["layer-normalization", "layer-normalization-2", "gpipe"]
    );
    assert_eq!(docs[2].date.map(|d| d.display()).as_deref(), Some("Aug 8"));
}

#[test]
fn the_default_digest_parses_to_64_papers() {
    let d = digest::parse_file(std::path::Path::new("data/daily-papers.txt")).unwrap();
    assert_eq!(d.date.map(|d| d.display()).as_deref(), Some("Aug 7"));
    assert_eq!(d.papers.len(), 64);
    assert!(d.papers.iter().all(|p| !p.body.is_empty()));
}
