//! The `papersift` binary: `index` writes what a prebuilt widget loads, and
//! `search` reads folders of daily digests.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use papersift::format::{decode_file, File};
use papersift::Engine;

fn papersift(args: &[&str]) -> std::process::Output {
    let out = Command::new(env!("CARGO_BIN_EXE_papersift"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// An archive of two days, and an empty output folder, under the target dir.
fn archive(name: &str) -> (PathBuf, PathBuf) {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    let days = dir.join("days");
    std::fs::create_dir_all(&days).unwrap();
    for (file, title) in [
        ("2024-12-31.txt", "Old graphs"),
        ("2025-01-01.txt", "New graphs"),
    ] {
        let text = format!("Daily Papers\n\nDec 31\n\n{title}\n\nWe study {title}. It holds.\n");
        let text = text.replace(
            "Dec 31",
            if file.starts_with("2025") {
                "Jan 1"
            } else {
                "Dec 31"
            },
        );
        std::fs::write(days.join(file), text).unwrap();
    }
    (days, dir.join("public"))
}

#[test]
fn index_writes_a_split_index_and_replaces_it_whole_without_leftovers() {
    let (days, out) = archive("cli-index");
    let (d, o) = (days.to_str().unwrap(), out.to_str().unwrap());
    papersift(&["index", "--digests", d, "--out", o, "--split", "always"]);
    let root = std::fs::read(out.join("index.psi")).unwrap();
    assert!(matches!(decode_file(&root), Ok(File::Root(_))));
    let parts: Vec<_> = std::fs::read_dir(out.join("papersift-index"))
        .unwrap()
        .collect();
    assert!(!parts.is_empty());
    let mut engine = Engine::from_bytes(&root).unwrap();
    for part in parts {
        let path = part.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap();
        if name.ends_with(".js") {
            // A meaning shard's twin, for pages opened from disk.
            assert!(name.starts_with("m-"), "{name}");
            continue;
        }
        engine
            .add_part(name, &std::fs::read(&path).unwrap())
            .unwrap();
    }
    let r = common::search(&mut engine, "graphs", &papersift::Options::default());
    let mut dates: Vec<&str> = r.results.iter().map(|h| h.date.as_str()).collect();
    dates.sort_unstable();
    assert_eq!(dates, ["2024-12-31", "2025-01-01"]);
    // Rebuilt whole, yesterday's parts are gone: only meaning shards (and
    // their twins) remain beside it.
    papersift(&["index", "--digests", d, "--out", o, "--split", "never"]);
    let left: Vec<String> = std::fs::read_dir(out.join("papersift-index"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert!(
        !left.is_empty() && left.iter().all(|n| n.starts_with("m-")),
        "{left:?}"
    );
    papersift(&[
        "index",
        "--digests",
        d,
        "--out",
        o,
        "--no-meaning",
        "--split",
        "never",
    ]);
    assert!(!out.join("papersift-index").exists());
    let whole = std::fs::read(out.join("index.psi")).unwrap();
    assert!(matches!(decode_file(&whole), Ok(File::Single(..))));
}

#[test]
fn search_reads_a_folder_newest_first_and_refuses_a_yearless_date() {
    let (days, _) = archive("cli-search");
    let d = days.to_str().unwrap();
    let out = papersift(&[
        "search",
        "--digests",
        d,
        "--sort",
        "date",
        "--json",
        "graphs",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let dates: Vec<&str> = (json["results"].as_array().unwrap().iter())
        .map(|h| h["date"].as_str().unwrap())
        .collect();
    assert_eq!(dates, ["2025-01-01", "2024-12-31"]);
    let refused = Command::new(env!("CARGO_BIN_EXE_papersift"))
        .args(["search", "--digests", d, "--from", "Dec 31", "graphs"])
        .output()
        .unwrap();
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("has no year"));
}
