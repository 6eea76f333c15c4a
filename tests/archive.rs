//! An archive of daily digests: full dates from file names, date lines or
//! `--year`; the order across a year boundary; what a broken day looks like.

mod common;

use std::path::{Path, PathBuf};

use papersift::digest::{self, DigestErrorKind};
use papersift::search::Sort;
use papersift::{index, Engine, Options};

const HEADER: &str = "Daily Papers\n\nbyAK and the research community\n\n";

/// A fresh folder under the target directory for one test.
fn folder(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A day's digest: its date line and one paper.
fn day(date_line: &str, title: &str) -> String {
    format!("{HEADER}{date_line}\n\n{title}\n\nA study of {title}. It holds.\n")
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn an_archive_across_a_year_boundary_sorts_newest_first_with_iso_dates() {
    let dir = folder("year-boundary");
    write(
        &dir,
        "2025-01-01.txt",
        &day("Jan 1", "Graphs of the new year"),
    );
    write(
        &dir,
        "2024-12-31.txt",
        &day("Dec 31", "Graphs of the old year"),
    );
    let digests = digest::archive(&[dir], None).unwrap();
    let docs = digest::documents(&digests);
    let mut engine = Engine::new(index::build(&docs).unwrap());
    let by_date = Options {
        sort: Sort::Date,
        ..Options::default()
    };
    let r = common::search(&mut engine, "graphs", &by_date);
    let got: Vec<(&str, &str)> = (r.results.iter())
        .map(|h| (h.id.as_str(), h.date.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("graphs-of-the-new-year", "2025-01-01"),
            ("graphs-of-the-old-year", "2024-12-31")
        ]
    );
    // A date without a year cannot filter it: it would match all or none.
    let yearless = Options {
        from: papersift::date::date_key("Dec 31"),
        ..Options::default()
    };
    let e = engine.check(&yearless).unwrap_err();
    assert!(
        e.to_string().contains("\"Dec 31\" has no year") && e.to_string().contains("2024-12-31")
    );
    assert!(engine.check(&Options::default()).is_ok());
}

#[test]
fn an_archive_without_years_fails_and_says_what_to_do_unless_given_one() {
    let dir = folder("no-years");
    write(&dir, "a.txt", &day("Dec 31", "Old graphs"));
    let b = write(&dir, "b.txt", &day("Jan 1", "New graphs"));
    let e = digest::archive(std::slice::from_ref(&dir), None).unwrap_err();
    assert!(matches!(e.kind, DigestErrorKind::NoYear(_)), "{e}");
    let shown = e.to_string();
    assert!(shown.contains("a.txt:5:"), "{shown}");
    assert!(
        shown.contains("2024-12-31.txt") && shown.contains("--year"),
        "{shown}"
    );
    // With --year every date gets it; alone, a year-less digest builds.
    let digests = digest::archive(&[dir], Some(2024)).unwrap();
    let dates: Vec<String> = digests.iter().map(|d| d.date.unwrap().iso()).collect();
    assert_eq!(dates, ["2024-01-01", "2024-12-31"]);
    let alone = digest::archive(&[b], None).unwrap();
    assert_eq!(alone[0].date.unwrap().iso(), "--01-01");
    // A leap day in a year without one is named as such.
    let leap = folder("leap-day");
    write(&leap, "a.txt", &day("Feb 29", "Leap graphs"));
    let e = digest::archive(&[leap], Some(2023)).unwrap_err();
    assert!(
        e.to_string().contains("\"Feb 29\" is not a day of 2023"),
        "{e}"
    );
}

#[test]
fn a_file_name_and_a_date_line_that_disagree_fail_the_build() {
    let dir = folder("mismatch");
    let path = write(&dir, "2024-08-07.txt", &day("Aug 8", "Graphs"));
    let e = digest::parse_file(&path).unwrap_err();
    assert_eq!(e.line, 5);
    assert!(e.to_string().contains("2024-08-07") && e.to_string().contains("Aug 8"));
    // Without a date line the file name gives the date, with no warning.
    let path = write(&dir, "2024-08-09.txt", "Graphs\n\nA study. It holds.\n");
    let d = digest::parse_file(&path).unwrap();
    assert_eq!(
        (d.date.unwrap().iso(), d.warnings.len()),
        ("2024-08-09".into(), 0)
    );
}

#[test]
fn two_digests_of_one_day_fail_naming_both() {
    let dir = folder("same-day");
    write(&dir, "2024-08-07.txt", &day("Aug 7", "Graphs"));
    write(&dir, "copy.txt", &day("Aug 7, 2024", "Trees"));
    let e = digest::archive(std::slice::from_ref(&dir), None)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("2024-08-07 is also the day of")
            && e.contains("2024-08-07.txt")
            && e.contains("copy.txt"),
        "{e}"
    );
}

const ABSTRACT: &str = "We study graphs. We show bounds. Results hold. Code is public.";

#[test]
fn a_day_missing_an_abstract_fails_at_the_paper_that_lost_it() {
    let long = format!("{ABSTRACT} {ABSTRACT} {ABSTRACT}");
    let text = format!(
        "Aug 7\n\nFirst paper\n\n{long}\n\nSecond paper\n\nThird paper\n\n{long}\n\nFourth paper\n\n{long}\n"
    );
    let e = digest::parse(text.as_bytes()).unwrap_err();
    assert_eq!(e.line, 7, "{e}");
    let shown = e.with_path("x.txt").to_string();
    assert_eq!(shown, "x.txt:7: title \"Second paper\" has no abstract");
}

#[test]
fn a_markdown_heading_or_an_unknown_header_line_is_not_a_paper() {
    let md = format!("# My reading list\n\nAug 7\n\nGraphs\n\n{ABSTRACT}\n");
    let e = digest::parse(md.as_bytes()).unwrap_err();
    assert_eq!(e.line, 1);
    assert!(e.to_string().contains("Markdown heading"), "{e}");
    let unknown = format!("Trending Papers\n\nAug 7\n\nGraphs\n\n{ABSTRACT}\n");
    let e = digest::parse(unknown.as_bytes()).unwrap_err();
    assert_eq!(e.line, 1);
    assert!(matches!(e.kind, DigestErrorKind::DateAsAbstract(_)), "{e}");
    assert!(e.to_string().contains("header line"), "{e}");
}

#[test]
fn odd_but_possible_days_build_with_a_warning() {
    let no_date = format!("Graphs\n\n{ABSTRACT}\n");
    let d = digest::parse(no_date.as_bytes()).unwrap();
    assert_eq!(d.warnings.len(), 1);
    assert_eq!(d.warnings[0].kind, DigestErrorKind::NoDate);
    let title_like = format!("Aug 7\n\nGraphs\n\nShort and no end\n\nTrees\n\n{ABSTRACT}\n");
    let d = digest::parse(title_like.as_bytes()).unwrap();
    assert_eq!(d.papers.len(), 2);
    let many = vec![d.clone(); 9];
    let lines = digest::warning_lines(&many, 5);
    assert_eq!(lines.len(), 6);
    assert_eq!(lines[5], "… and 4 more warnings like these");
    assert!(
        matches!(&d.warnings[..], [w] if w.line == 3),
        "{:?}",
        d.warnings
    );
    assert!(d.warnings[0].to_string().contains("reads as a title"));
    // In an archive a day with no date at all fails.
    let dir = folder("no-date");
    write(&dir, "a.txt", &no_date);
    write(&dir, "2024-08-07.txt", &day("Aug 7", "Trees"));
    let e = digest::archive(&[dir], None).unwrap_err();
    assert_eq!(e.kind, DigestErrorKind::NoDate);
}
