//! The site's HTML pages: every paper, with the search box on top.
//!
//! A digest, or an archive of up to [`DAY_PAGES_AFTER`] days, is one page,
//! `index.html` (an archive's papers grouped by day, newest first). A
//! longer archive would make that page huge (781 days of 64 papers: 26 MB),
//! so `index.html` then shows the newest [`FRONT_DAYS`] days and a list of
//! every day, and each day gets `days/YYYY-MM-DD.html`. [`link`] says where
//! each paper is read; the index carries it, so the search box on any page
//! links a result to its page. Every text is escaped ([`escape`]); ids are
//! slugs. Pages name the engine's script with its version
//! (`papersift.js?v=…`), so a reload after a publish that changed the
//! engine never mixes a cached old script with a new index.

use std::fmt::Write as _;

use crate::date::Date;
use crate::digest::Document;

/// Archives of more days than this get a page a day.
pub const DAY_PAGES_AFTER: usize = 31;
/// Days shown in full on a long archive's `index.html`.
pub const FRONT_DAYS: usize = 7;

/// Whether `docs` get a page a day (a long archive whose days all have a
/// date) rather than one page.
pub fn day_pages(docs: &[Document]) -> bool {
    let days = by_day(docs);
    days.len() > DAY_PAGES_AFTER && days.iter().all(|(day, _)| day.is_some())
}

/// Where a paper is read on the site's pages, relative to the site's root:
/// `index.html#<id>`, or `days/<date>.html#<id>` with `day_pages`.
pub fn link(doc: &Document, day_pages: bool) -> String {
    match doc.date {
        Some(day) if day_pages => format!("days/{}.html#{}", day.iso(), doc.id),
        _ => format!("index.html#{}", doc.id),
    }
}

/// Every page of the site, as `(path, HTML)`; `date` is the newest
/// digest's, `version` the engine's (see the module's docs).
pub fn pages(docs: &[Document], date: Option<Date>, version: &str) -> Vec<(String, String)> {
    let days = by_day(docs);
    let page = |title: &str, count: &str, up: &str, main: &str| {
        Page {
            title,
            count,
            up,
            version,
            main,
        }
        .html()
    };
    if !day_pages(docs) {
        let (title, count, main) = digest_page(docs, date, &days);
        return vec![("index.html".into(), page(&title, &count, "", &main))];
    }
    let (count, main) = front_page(docs.len(), &days);
    let mut out = vec![("index.html".into(), page("Daily Papers", &count, "", &main))];
    for (i, (day, papers)) in days.iter().enumerate() {
        let day = day.expect("every day is dated");
        let (newer, older) = (
            i.checked_sub(1).map(|j| days[j].0),
            days.get(i + 1).map(|d| d.0),
        );
        let main = day_page(papers, newer.flatten(), older.flatten());
        let title = format!("Daily Papers · {}", escape(&day.display()));
        let html = page(&title, &self::papers(papers.len()), "../", &main);
        out.push((format!("days/{}.html", day.iso()), html));
    }
    out
}

/// Papers by day, newest day first (papers without a date last), each day
/// in digest order.
pub fn by_day(docs: &[Document]) -> Vec<(Option<Date>, Vec<&Document>)> {
    let mut days: std::collections::BTreeMap<Option<Date>, Vec<&Document>> = Default::default();
    for doc in docs {
        days.entry(doc.date).or_default().push(doc);
    }
    let mut days: Vec<_> = days.into_iter().collect();
    days.reverse();
    days
}

/// A page's frame and what goes in it (titles and counts already escaped).
struct Page<'a> {
    title: &'a str,
    count: &'a str,
    /// Leads from the page's folder to the site's root.
    up: &'a str,
    /// The engine's version, on its script's address.
    version: &'a str,
    main: &'a str,
}

impl Page<'_> {
    fn html(&self) -> String {
        let Page {
            title,
            count,
            up,
            version,
            main,
        } = self;
        format!(
            r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="icon" href="{up}favicon.svg">
<link rel="stylesheet" href="{up}site.css?v={version}">
<script src="{up}papersift.js?v={version}" defer></script>
</head>
<body>
<header class="site-header">
<h1>{title}</h1>
<p class="count">{count}</p>
<papersift-search></papersift-search>
</header>
<main>
{main}</main>
</body>
</html>
"#
        )
    }
}

/// The one page of a digest or a short archive: title, count and main.
fn digest_page(
    docs: &[Document],
    date: Option<Date>,
    days: &[(Option<Date>, Vec<&Document>)],
) -> (String, String, String) {
    let title = match (date, days.len()) {
        (Some(d), 1) => format!("Daily Papers · {}", escape(&d.display())),
        _ => "Daily Papers".to_string(),
    };
    let count = match days.len() {
        0 | 1 => papers(docs.len()),
        n => format!("{} from {n} days", papers(docs.len())),
    };
    let mut main = String::new();
    if days.len() > 1 {
        for (day, papers) in days {
            write_day(&mut main, *day, papers);
        }
    } else {
        for doc in docs {
            write_article(&mut main, doc, 2, "");
        }
    }
    (title, count, main)
}

/// A long archive's front page, count and main: the newest days, then
/// every day by month.
fn front_page(n_docs: usize, days: &[(Option<Date>, Vec<&Document>)]) -> (String, String) {
    let mut main = String::new();
    for (day, papers) in days.iter().take(FRONT_DAYS) {
        write_day(&mut main, *day, papers);
    }
    main.push_str("<nav class=\"all-days\" aria-labelledby=\"all-days\">\n<h2 id=\"all-days\">Every day</h2>\n");
    let mut month = None;
    for (day, papers) in days.iter().filter_map(|(d, p)| Some(((*d)?, p))) {
        if month != Some((day.year, day.month)) {
            if month.is_some() {
                main.push_str("</ul>\n");
            }
            month = Some((day.year, day.month));
            let name = format!("{} {}", &day.display()[..3], day.year);
            let _ = writeln!(main, "<h3>{}</h3>\n<ul>", escape(&name));
        }
        let (iso, n) = (day.iso(), papers.len());
        let _ = writeln!(
            main,
            "<li><a href=\"days/{iso}.html\">{}</a> ({n})</li>",
            escape(&day.display())
        );
    }
    main.push_str("</ul>\n</nav>\n");
    let count = format!("{} from {} days", papers(n_docs), days.len());
    (count, main)
}

/// The main of a long archive's day page, with links to the days beside it.
fn day_page(papers: &[&Document], newer: Option<Date>, older: Option<Date>) -> String {
    let mut main = String::from("<nav class=\"day-nav\">");
    if let Some(d) = older {
        let _ = write!(
            main,
            "<a rel=\"prev\" href=\"{}.html\">← {}</a> ",
            d.iso(),
            escape(&d.display())
        );
    }
    main.push_str("<a href=\"../index.html\">Every day</a>");
    if let Some(d) = newer {
        let _ = write!(
            main,
            " <a rel=\"next\" href=\"{}.html\">{} →</a>",
            d.iso(),
            escape(&d.display())
        );
    }
    main.push_str("</nav>\n");
    for doc in papers {
        write_article(&mut main, doc, 2, "../");
    }
    main
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
        write_article(html, doc, 3, "");
    }
    html.push_str("</section>\n");
}

/// One paper: its title (a heading of `level`, linking to the paper's own
/// address, or else to itself), its authors, its date, its abstract.
fn write_article(html: &mut String, doc: &Document, level: u8, up: &str) {
    let id = escape(&doc.id);
    // A digest's relative url is relative to the site's root.
    let href = match doc.url.as_deref() {
        None => format!("#{id}"),
        Some(url) if url.contains("://") || url.starts_with('/') => escape(url),
        Some(url) => format!("{up}{}", escape(url)),
    };
    let authors = match doc.authors.is_empty() {
        true => String::new(),
        false => format!(
            "<p class=\"authors\">{}</p>\n",
            escape(&doc.authors.join(", "))
        ),
    };
    let date = doc.date.map_or(String::new(), |d| {
        format!(
            "<p class=\"date\"><time datetime=\"{}\">{}</time></p>\n",
            d.iso(),
            escape(&d.display())
        )
    });
    let _ = write!(
        html,
        "<article id=\"{id}\">\n<h{level}><a href=\"{href}\">{}</a></h{level}>\n{authors}{date}<p>{}</p>\n</article>\n",
        escape(&doc.title),
        escape(&doc.body)
    );
}

/// "1 paper", "64 papers".
fn papers(n: usize) -> String {
    match n {
        1 => "1 paper".to_string(),
        n => format!("{n} papers"),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: &str, date: &str) -> Document {
        Document {
            id: id.into(),
            title: format!("Title {id}"),
            body: "<b>text</b>".into(),
            date: Date::parse_iso(date),
            url: None,
            authors: Vec::new(),
        }
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
        let docs = [
            doc("a", "2024-12-31"),
            doc("b", "2025-01-01"),
            doc("c", "2024-12-31"),
        ];
        let all = pages(&docs, Date::parse_iso("2025-01-01"), "v1");
        assert_eq!(all.len(), 1);
        let page = &all[0].1;
        let at = |needle: &str| page.find(needle).unwrap_or_else(|| panic!("{needle}"));
        assert!(at("day-2025-01-01") < at("day-2024-12-31"));
        assert!(at("id=\"b\"") < at("id=\"a\"") && at("id=\"a\"") < at("id=\"c\""));
        assert!(page.contains("<time datetime=\"2024-12-31\">Dec 31, 2024</time>"));
        assert!(page.contains("3 papers from 2 days") && page.contains("&lt;b&gt;"));
        let one_day = &pages(&docs[1..2], Date::parse_iso("2025-01-01"), "v1")[0].1;
        assert!(one_day.contains("<h1>Daily Papers · Jan 1, 2025</h1>"));
        assert!(!one_day.contains("class=\"day\""));
    }

    #[test]
    fn a_long_archive_gets_a_page_a_day_and_a_front_page_of_the_newest() {
        let days = DAY_PAGES_AFTER + 2;
        // December 1 to 31, then January 1 and 2.
        let date = |i: u32| match i {
            0..=30 => format!("2024-12-{:02}", i + 1),
            _ => format!("2025-01-{:02}", i - 30),
        };
        let docs: Vec<Document> = (0..days as u32)
            .map(|i| doc(&format!("p{i}"), &date(i)))
            .collect();
        assert!(day_pages(&docs) && !day_pages(&docs[..DAY_PAGES_AFTER]));
        assert_eq!(link(&docs[0], true), "days/2024-12-01.html#p0");
        assert_eq!(link(&docs[0], false), "index.html#p0");
        let all = pages(&docs, None, "v1");
        assert_eq!(all.len(), 1 + days);
        let front = &all[0].1;
        assert_eq!(front.matches("<article").count(), FRONT_DAYS);
        assert_eq!(front.matches("<li><a href=\"days/").count(), days);
        assert!(front.contains("<h3>Jan 2025</h3>") && front.contains("papersift.js?v=v1"));
        let (path, day) = &all[1];
        assert_eq!(path, "days/2025-01-02.html");
        assert!(day.contains("src=\"../papersift.js?v=v1\"") && day.contains("id=\"p32\""));
        assert!(day.contains("<p class=\"count\">1 paper</p>"));
        assert!(
            day.contains("rel=\"prev\" href=\"2025-01-01.html\"") && !day.contains("rel=\"next\"")
        );
    }
}
