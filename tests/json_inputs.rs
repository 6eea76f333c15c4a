//! A folder of digests mixing the text dump, JSON Lines and a Hugging Face
//! daily-papers listing: every paper is found by its title and by an
//! author, links to its own address when it has one (its page otherwise),
//! and reaches the pages as text; bad JSON inputs fail with file and line.

use std::path::{Path, PathBuf};

use papersift::digest;
use papersift::format::SplitMode;
use papersift::site::{self, EngineFiles, Publish};
use papersift::{Engine, Options};

const TEXT: &str = "Daily Papers\n\nJan 14\n\nSparse graph sketches\n\nWe sketch sparse graphs in small space. It holds.\n";
const JSONL: &str = concat!(
    r#"{"title": "Quantile <sketches> & streams", "abstract": "We bound the error of quantile sketches.", "url": "https://arxiv.org/abs/2501.00001", "authors": ["Ada Lovelace", "Alan Turing"], "date": "2025-01-15"}"#,
    "\n",
    r#"{"title": "Streaming lower bounds", "abstract": "We prove lower bounds for streams.", "authors": ["Grace Hopper"]}"#,
    "\n"
);
const LISTING: &str = r#"[
  {"paper": {"id": "2501.09999", "title": "Reservoir sampling, revisited", "summary": "We revisit reservoir sampling with weights.", "authors": [{"name": "Edsger Dijkstra"}], "publishedAt": "2025-01-12T00:00:00.000Z"}}
]"#;

fn folder(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn mixed(dir: &Path) {
    std::fs::write(dir.join("2025-01-14.txt"), TEXT).unwrap();
    std::fs::write(dir.join("2025-01-15.jsonl"), JSONL).unwrap();
    std::fs::write(dir.join("2025-01-16.json"), LISTING).unwrap();
}

#[test]
fn a_mixed_folder_publishes_every_paper_with_its_link_and_authors() {
    let root = folder("json-mixed");
    let (days, out) = (root.join("days"), root.join("site"));
    std::fs::create_dir_all(&days).unwrap();
    mixed(&days);
    let parsed = digest::archive(&[days], None).unwrap();
    let dates: Vec<String> = parsed.iter().map(|d| d.date.unwrap().iso()).collect();
    assert_eq!(dates, ["2025-01-14", "2025-01-15", "2025-01-16"]);
    let wasm = b"\0asm\x01\0\0\0".to_vec();
    let engine = EngineFiles {
        files: vec![(EngineFiles::wasm_name(&wasm), wasm)],
    };
    let what = Publish {
        docs: digest::documents(&parsed),
        date: None,
        engine: &engine,
        split: SplitMode::Auto,
        meaning: false,
        extra: Vec::new(),
    };
    site::publish(&out, what).unwrap();

    let mut engine = Engine::from_bytes(&std::fs::read(out.join("index.psi")).unwrap()).unwrap();
    let parts: std::collections::HashMap<String, Vec<u8>> =
        (std::fs::read_dir(out.join("papersift-index"))
            .unwrap()
            .flatten())
        .map(|e| {
            (
                e.file_name().into_string().unwrap(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    let mut first = |q: &str| {
        let r = engine.search_in(q, &Options::default(), &parts).unwrap();
        r.results
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("{q} finds nothing"))
    };
    for (query, title, url) in [
        (
            "sparse graph sketches",
            "Sparse graph sketches",
            "index.html#sparse-graph-sketches",
        ),
        (
            "lovelace",
            "Quantile <sketches> & streams",
            "https://arxiv.org/abs/2501.00001",
        ),
        (
            "quantile sketches",
            "Quantile <sketches> & streams",
            "https://arxiv.org/abs/2501.00001",
        ),
        (
            "hopper",
            "Streaming lower bounds",
            "index.html#streaming-lower-bounds",
        ),
        (
            "dijkstra",
            "Reservoir sampling, revisited",
            "https://huggingface.co/papers/2501.09999",
        ),
    ] {
        let hit = first(query);
        assert_eq!(
            (hit.title.as_str(), hit.url.as_str()),
            (title, url),
            "{query}"
        );
    }
    assert_eq!(first("turing").authors, ["Ada Lovelace", "Alan Turing"]);
    let page = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(page.contains("Quantile &lt;sketches&gt; &amp; streams"));
    assert!(page.contains("<a href=\"https://arxiv.org/abs/2501.00001\">"));
    assert!(page.contains("<p class=\"authors\">Ada Lovelace, Alan Turing</p>"));
    assert!(!page.contains("<sketches>"));
}

#[test]
fn bad_json_digests_fail_with_file_and_line() {
    let dir = folder("json-bad");
    for (name, text, says) in [
        (
            "2025-01-15.jsonl",
            "{\"title\": \"A\", \"abstract\": \"B.\", \"url\": \"javascript:alert(1)\"}\n",
            "2025-01-15.jsonl:1: \"url\"",
        ),
        (
            "2025-01-16.jsonl",
            "{\"title\": \"A\", \"abstract\": \"B.\"}\n{\"title\": \"C\"}\n",
            "2025-01-16.jsonl:2: no \"abstract\"",
        ),
        (
            "2025-01-17.jsonl",
            "{\"title\": \"A\", \"abstract\": \"B.\", \"date\": \"2025-01-18\"}\n",
            "2025-01-17.jsonl:1:",
        ),
        (
            "2025-01-18.json",
            "[\n{\"paper\": {\"id\": \"1\", \"summary\": \"S.\"}}\n]\n",
            "2025-01-18.json:2: no \"title\"",
        ),
        (
            "2025-01-19.json",
            "{ not json",
            "2025-01-19.json:1: not a daily-papers listing",
        ),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        let e = digest::parse_file(&path).unwrap_err().to_string();
        assert!(e.contains(says), "{name}: {e}");
    }
}
