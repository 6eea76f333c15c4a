//! Native benchmark: build time, index size and per-query latency.
//!
//! `cargo bench --bench native -- CORPUS [QUERIES]` prints one JSON line:
//! `{"docs", "build_ms", "index_bytes", "split_files", "queries", "p50_us", "p95_us",
//! "hostile_max_ms", "hostile_worst"}`: the last two time hostile queries (1 MB
//! strings, thousands of terms, operators only, `__proto__`, …).
//! Each query line is run as typed (every prefix of 2+ characters), the
//! split index with all its parts loaded. Used by `cargo xtask bench`.

use std::time::Instant;

use papersift::format::{encode, encode_split, Layout, SplitMode};
use papersift::{digest, index, Engine, Options};

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let corpus = args.first().expect("usage: native CORPUS [QUERIES]");
    let queries = args.get(1).map_or("bench/queries.txt", String::as_str);

    let started = Instant::now();
    let parsed = digest::parse_file(std::path::Path::new(corpus)).unwrap_or_else(|e| panic!("{e}"));
    let docs = digest::documents(&[parsed]);
    let built = index::build(&docs).expect("build");
    let (bytes, split_files, mut engine) = if SplitMode::Auto.splits(&docs) {
        let split = encode_split(&built, Layout::default());
        let mut engine = Engine::from_bytes(&split.root).unwrap();
        let total = split.root.len() + split.files.iter().map(|(_, b)| b.len()).sum::<usize>();
        for (name, b) in &split.files {
            engine.add_part(name, b).unwrap();
        }
        (total, split.files.len(), engine)
    } else {
        let bytes = encode(&built);
        (bytes.len(), 0, Engine::from_bytes(&bytes).unwrap())
    };
    let build_ms = started.elapsed().as_secs_f64() * 1000.0;

    let typed: Vec<String> = std::fs::read_to_string(queries)
        .expect("queries")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .flat_map(|q| {
            let chars: Vec<(usize, char)> = q.char_indices().collect();
            (2..=chars.len())
                .map(|n| q[..chars.get(n).map_or(q.len(), |c| c.0)].to_string())
                .collect::<Vec<_>>()
        })
        .collect();
    let options = Options::default();
    for q in &typed {
        std::hint::black_box(engine.search(q, &options)); // warm up
    }
    let mut times: Vec<f64> = Vec::new();
    for _round in 0..5 {
        for q in &typed {
            let t = Instant::now();
            std::hint::black_box(engine.search(q, &options));
            times.push(t.elapsed().as_secs_f64() * 1e6);
        }
    }
    times.sort_by(f64::total_cmp);
    let pct = |p: f64| times[((times.len() - 1) as f64 * p).round() as usize];

    let hostile: Vec<(&str, String)> = vec![
        ("1 MB of one letter", "a".repeat(1 << 20)),
        ("1 MB of quotes", "\"".repeat(1 << 20)),
        ("10k repeated words", "function ".repeat(10_000)),
        (
            "5k distinct words",
            (0..5000)
                .map(|i| format!("w{i}"))
                .collect::<Vec<_>>()
                .join(" "),
        ),
        (
            "operators only",
            "- + \" : -- ++ title: -\"\" ".repeat(1000),
        ),
        ("50k exclusions", "-x ".repeat(50_000)),
        ("long typo words", "abcdefghijklmnopqrstuvwxyz ".repeat(32)),
        (
            "JS object keys",
            "constructor __proto__ toString hasOwnProperty valueOf".into(),
        ),
        (
            "32 two-letter prefixes",
            "co re pa in de ma fu st ".repeat(4),
        ),
    ];
    let mut worst = ("", 0.0f64);
    for (name, q) in &hostile {
        let t = Instant::now();
        std::hint::black_box(engine.search(q, &options));
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        if ms > worst.1 {
            worst = (name, ms);
        }
    }
    println!(
        "{{\"docs\":{},\"build_ms\":{:.0},\"index_bytes\":{},\"split_files\":{},\"queries\":{},\"p50_us\":{:.1},\"p95_us\":{:.1},\"hostile_max_ms\":{:.2},\"hostile_worst\":\"{}\"}}",
        docs.len(),
        build_ms,
        bytes,
        split_files,
        typed.len(),
        pct(0.5),
        pct(0.95),
        worst.1,
        worst.0
    );
}
