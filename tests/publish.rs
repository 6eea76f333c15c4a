//! Publishing into a site day after day (`papersift::site::publish`, and the
//! `papersift publish` command): the owner's files are never touched, only
//! changed files are written, a file is removed two publishes after its
//! last, each paper's link leads to a page that holds it, and a broken
//! digest changes nothing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use papersift::date::Date;
use papersift::digest::{self, Document};
use papersift::format::SplitMode;
use papersift::site::{self, EngineFiles, Manifest, Publish, SiteError};
use papersift::{Engine, Options};

/// Engine files for file-level tests: the site build's names, stand-in
/// bytes (no browser loads them here; tests/browser does, on real builds).
fn engine() -> EngineFiles {
    let wasm = b"\0asm\x01\0\0\0".to_vec();
    EngineFiles {
        files: vec![
            (EngineFiles::wasm_name(&wasm), wasm),
            ("papersift.js".into(), b"/* script */".to_vec()),
            ("papersift.css".into(), b"/* style */".to_vec()),
        ],
    }
}

/// A fresh folder under the target dir.
fn folder(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Writes `days` digests of one paper each, day 0 being 2024-12-01, into
/// `dir`.
fn write_days(dir: &Path, days: std::ops::Range<u32>) {
    std::fs::create_dir_all(dir).unwrap();
    let calendar = (2024u16..).flat_map(|y| {
        (1u8..=12).flat_map(move |m| (1u8..=31).filter_map(move |d| Date::new(y, m, d)))
    });
    let from_december: Vec<Date> = calendar
        .skip_while(|d| d.month < 12)
        .take(days.end as usize)
        .collect();
    for d in days {
        let day = from_december[d as usize];
        let text = format!(
            "Daily Papers\n\n{}\n\nPaper number {d} on graphs\n\nWe study graphs of kind {d}. It holds.\n",
            day.display()
        );
        std::fs::write(dir.join(format!("{}.txt", day.iso())), text).unwrap();
    }
}

fn documents(dir: &Path) -> Vec<Document> {
    let parsed = digest::archive(&[dir.to_path_buf()], None).unwrap();
    digest::documents(&parsed)
}

fn publish(site_dir: &Path, docs: Vec<Document>) -> Result<site::Report, SiteError> {
    site::publish(
        site_dir,
        Publish {
            docs,
            date: None,
            engine: &engine(),
            split: SplitMode::Auto,
            meaning: true,
            extra: Vec::new(),
        },
    )
}

/// The index's parts in `dir`, by name.
fn parts_in(dir: &Path) -> std::collections::HashMap<String, Vec<u8>> {
    (std::fs::read_dir(dir).unwrap().flatten())
        .map(|e| {
            (
                e.file_name().into_string().unwrap(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// Every file under `dir`, relative, with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

#[test]
fn the_owners_files_survive_every_publish_and_block_one_that_would_replace_them() {
    let root = folder("publish-owner");
    let (days, site_dir) = (root.join("days"), root.join("site"));
    write_days(&days, 0..3);
    std::fs::create_dir_all(site_dir.join("blog")).unwrap();
    std::fs::write(site_dir.join("blog/post.html"), "mine").unwrap();
    std::fs::write(site_dir.join("about.html"), "about me").unwrap();
    publish(&site_dir, documents(&days)).unwrap();
    write_days(&days, 3..4);
    publish(&site_dir, documents(&days)).unwrap();
    assert_eq!(
        std::fs::read(site_dir.join("about.html")).unwrap(),
        b"about me"
    );
    assert_eq!(
        std::fs::read(site_dir.join("blog/post.html")).unwrap(),
        b"mine"
    );

    // A page of the owner's where papersift writes its own: an error, and
    // nothing written.
    let other = root.join("other");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(other.join("index.html"), "my own front page").unwrap();
    let before = snapshot(&other);
    let err = publish(&other, documents(&days)).unwrap_err().to_string();
    assert!(
        err.contains("index.html") && err.contains("not papersift's"),
        "{err}"
    );
    assert_eq!(snapshot(&other), before);
}

#[test]
fn a_publish_writes_only_what_changed_and_keeps_the_previous_publish_one_cycle() {
    let root = folder("publish-cycle");
    let (days, site_dir) = (root.join("days"), root.join("site"));
    // Runs are cut where a shard's checksum says (32 shards on average),
    // so the days are enough for the earlier runs to be there whatever
    // the format version (a bump moves every cut; at 40 days one in four
    // versions cut no run before the last: 9 did).
    write_days(&days, 0..160);
    let first = publish(&site_dir, documents(&days)).unwrap();
    assert!(first.written > 0 && first.unchanged == 0 && first.removed == 0);
    let again = publish(&site_dir, documents(&days)).unwrap();
    assert_eq!((again.written, again.removed), (0, 0), "nothing changed");

    let before = snapshot(&site_dir);
    write_days(&days, 160..161);
    let next = publish(&site_dir, documents(&days)).unwrap();
    let after = snapshot(&site_dir);
    // Meaning shards are named by the build (every word's closest papers
    // may move with a new day), so each publish writes them all; of the
    // rest, only what the day changed.
    let rewritten = |files: &BTreeMap<String, Vec<u8>>| {
        (files.iter())
            .filter(|(p, _)| !p.starts_with("papersift-index/m-"))
            .filter(|(p, bytes)| before.get(*p) != Some(*bytes))
            .count()
    };
    let meaning = |files: &BTreeMap<String, Vec<u8>>| {
        (files.keys())
            .filter(|p| p.starts_with("papersift-index/m-"))
            .count()
    };
    let others = before.len() - meaning(&before);
    assert!(next.written > 0, "{next:?}");
    assert!(
        rewritten(&after) < others / 4,
        "{} of {others} files other than meaning shards rewritten",
        rewritten(&after)
    );
    // Every file of the previous publish is still there: a page loaded
    // before it finds its parts.
    for (path, bytes) in &before {
        if !path.ends_with(".json") && path.starts_with("papersift-index") {
            assert_eq!(after.get(path), Some(bytes), "{path}");
        }
    }
    // The doc shards of the days before keep their names: the day's paper
    // adds a shard and renames the last run only.
    let shards = |files: &BTreeMap<String, Vec<u8>>| -> Vec<String> {
        let manifest: Manifest =
            serde_json::from_slice(&files[".papersift-manifest.json"]).unwrap();
        let mut d: Vec<String> = manifest.generations[0]
            .iter()
            .filter(|p| p.starts_with("papersift-index/d-"))
            .cloned()
            .collect();
        d.sort();
        d
    };
    let (old, new) = (shards(&before), shards(&after));
    let renamed = new.iter().filter(|n| !old.contains(n)).count();
    assert!(
        renamed < new.len(),
        "{renamed} of {} doc shards renamed",
        new.len()
    );

    // Two publishes later, what neither keeps is gone.
    write_days(&days, 161..162);
    let third = publish(&site_dir, documents(&days)).unwrap();
    assert!(third.removed > 0);
    let manifest = Manifest::read(&site_dir).unwrap();
    for path in snapshot(&site_dir).keys() {
        assert!(
            path == ".papersift-manifest.json" || manifest.owned().contains(path.as_str()),
            "{path} is left over"
        );
    }
}

#[test]
fn each_result_links_to_a_page_that_holds_its_paper() {
    let root = folder("publish-links");
    for (days, n) in [("short", 3), ("long", 40)] {
        let (dir, site_dir) = (root.join(days), root.join(format!("{days}-site")));
        write_days(&dir, 0..n);
        publish(&site_dir, documents(&dir)).unwrap();
        let files = parts_in(&site_dir.join("papersift-index"));
        let mut engine =
            Engine::from_bytes(&std::fs::read(site_dir.join("index.psi")).unwrap()).unwrap();
        let hits = engine
            .search_in(
                "graphs",
                &Options {
                    limit: 100,
                    ..Options::default()
                },
                &files,
            )
            .unwrap();
        assert_eq!(hits.results.len(), n as usize);
        for hit in hits.results {
            let (page, anchor) = hit.url.split_once('#').unwrap();
            assert_eq!(anchor, hit.id);
            if n > 31 {
                assert_eq!(page, format!("days/{}.html", hit.date));
            }
            let html = std::fs::read_to_string(site_dir.join(page)).unwrap();
            assert!(
                html.contains(&format!("<article id=\"{}\">", hit.id)),
                "{page}"
            );
        }
    }
}

#[test]
fn the_command_publishes_with_the_sites_engine_and_a_broken_digest_changes_nothing() {
    let root = folder("publish-cli");
    let (days, site_dir) = (root.join("days"), root.join("site"));
    write_days(&days, 0..3);
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_papersift"))
            .args(args)
            .output()
            .unwrap()
    };
    let (days_arg, site_arg) = (days.to_str().unwrap(), site_dir.to_str().unwrap());
    let out = run(&["publish", "--digests", days_arg, "--out", site_arg]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && stderr.contains("no papersift engine yet"),
        "{stderr}"
    );

    publish(&site_dir, documents(&days)).unwrap();
    write_days(&days, 3..4);
    // An abstract that reads as a title: a warning, said once.
    std::fs::write(
        days.join("2024-12-04.txt"),
        "Daily Papers\n\nDec 4\n\nPaper number 3 on graphs\n\nshort abstract\n",
    )
    .unwrap();
    let out = run(&["publish", "--digests", days_arg, "--out", site_arg]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("read 4 papers from 4 digest files"),
        "{stderr}"
    );
    assert_eq!(stderr.matches("reads as a title").count(), 1, "{stderr}");
    let index = std::fs::read_to_string(site_dir.join("index.html")).unwrap();
    assert!(
        index.contains("4 papers from 4 days"),
        "the front page counts the new day"
    );

    let before = snapshot(&site_dir);
    std::fs::write(
        days.join("2024-12-05.txt"),
        "Daily Papers\n\nDec 5\n\nA title with no abstract\n",
    )
    .unwrap();
    let out = run(&["publish", "--digests", days_arg, "--out", site_arg]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && stderr.contains("2024-12-05.txt:5:"),
        "{stderr}"
    );
    assert_eq!(
        snapshot(&site_dir),
        before,
        "a failed publish changed the site"
    );
}
