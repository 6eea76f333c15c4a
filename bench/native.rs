//! Native benchmark: build time, index size and per-query latency.
//!
//! `cargo bench --bench native -- CORPUS [QUERIES [DOCUMENTS]]` prints one
//! JSON line: `{"docs", "build_ms", "index_bytes", "split_files", "queries",
//! "p50_us", "p95_us", "dated_p50_us", "dated_p95_us", "hostile_max_ms",
//! "hostile_worst"}`: `dated_*` time the same queries filtered to the last
//! 30 days with counts for the last 7, 30 and all days; the last two time
//! hostile queries (1 MB strings, thousands of terms, operators only,
//! `__proto__`, …). Each query line is run as typed (every prefix of 2+
//! characters), the index with all its parts loaded (its meaning shards
//! too: the build, timed, includes meaning, as a site build does). CORPUS
//! is a digest, or a folder of daily digests (an archive).
//!
//! With DOCUMENTS, it also writes there the documents it indexed, as JSON
//! (`[{"id", "title", "body", "date"}]`), so that `bench/run.mjs` feeds the
//! peers exactly the papers papersift parsed. Used by `cargo xtask bench`.

use std::path::Path;
use std::time::Instant;

use papersift::date::Date;
use papersift::digest::Document;
use papersift::format::{encode_split, encode_whole, Cut, SplitMode};
use papersift::search::DateRange;
use papersift::{digest, index, meaning, Engine, Options};
use serde::Serialize;

/// The line printed on stdout, saved by `cargo xtask bench` as
/// `bench/results/CORPUS/papersift-native.json` and read by `bench/run.mjs`.
#[derive(Serialize)]
struct Report<'a> {
    docs: usize,
    build_ms: u64,
    index_bytes: usize,
    split_files: usize,
    queries: usize,
    p50_us: f64,
    p95_us: f64,
    /// The same queries filtered to the last 30 days, with counts for the
    /// last week, month and all (what the widget's date filter asks).
    dated_p50_us: f64,
    dated_p95_us: f64,
    hostile_max_ms: f64,
    hostile_worst: &'a str,
}

/// One paper of `bench/results/CORPUS/documents.json`, as every peer in
/// `bench/run.mjs` indexes it.
#[derive(Serialize)]
struct DocumentJson<'a> {
    id: &'a str,
    title: &'a str,
    body: &'a str,
    date: String,
}

/// A corpus parsed, indexed and loaded.
struct Built {
    docs: Vec<Document>,
    engine: Engine,
    index_bytes: usize,
    split_files: usize,
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let corpus = args
        .first()
        .expect("usage: native CORPUS [QUERIES [DOCUMENTS]]");
    let queries = args.get(1).map_or("bench/queries.txt", String::as_str);

    let started = Instant::now();
    let mut built = build(Path::new(corpus));
    let build_ms = started.elapsed().as_secs_f64() * 1000.0;

    let typed = typed_queries(Path::new(queries));
    let (p50_us, p95_us) = time_queries(&mut built.engine, &typed, &Options::default());
    let dated = dated_options(&built.docs);
    let (dated_p50_us, dated_p95_us) = time_queries(&mut built.engine, &typed, &dated);
    let hostile = hostile_queries();
    let (hostile_worst, hostile_max_ms) = worst_of(&mut built.engine, &hostile);
    let report = Report {
        docs: built.docs.len(),
        build_ms: build_ms.round() as u64,
        index_bytes: built.index_bytes,
        split_files: built.split_files,
        queries: typed.len(),
        p50_us: round_to(p50_us, 1),
        p95_us: round_to(p95_us, 1),
        dated_p50_us: round_to(dated_p50_us, 1),
        dated_p95_us: round_to(dated_p95_us, 1),
        hostile_max_ms: round_to(hostile_max_ms, 2),
        hostile_worst,
    };
    println!("{}", serde_json::to_string(&report).expect("JSON"));
    if let Some(path) = args.get(2) {
        write_documents(Path::new(path), &built.docs);
    }
}

/// Parses `corpus`, builds its index (split as the site build would), and
/// loads it with every part.
fn build(corpus: &Path) -> Built {
    let parsed = digest::archive(&[corpus.to_path_buf()], None).unwrap_or_else(|e| panic!("{e}"));
    let docs = digest::documents(&parsed);
    let mut built = index::build(&docs).expect("build");
    meaning::add_to(&mut built).unwrap(); // as a site build does
    let (index_bytes, split_files, engine) =
        if let Cut::Split { layout, .. } = SplitMode::Auto.cut(&docs) {
            let split = encode_split(&built, layout);
            let mut engine = Engine::from_bytes(&split.root).unwrap();
            let total = split.root.len() + split.files.iter().map(|(_, b)| b.len()).sum::<usize>();
            for (name, b) in &split.files {
                engine.add_part(name, b).unwrap();
            }
            (total, split.files.len(), engine)
        } else {
            let (bytes, shards) = encode_whole(&built);
            let mut engine = Engine::from_bytes(&bytes).unwrap();
            for (name, b) in &shards {
                engine.add_part(name, b).unwrap();
            }
            let total = bytes.len() + shards.iter().map(|(_, b)| b.len()).sum::<usize>();
            (total, shards.len(), engine)
        };
    Built {
        docs,
        engine,
        index_bytes,
        split_files,
    }
}

/// Every query line of `path` as typed: each prefix of two characters or
/// more.
fn typed_queries(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .expect("queries")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .flat_map(|q| {
            let chars: Vec<(usize, char)> = q.char_indices().collect();
            (2..=chars.len())
                .map(|n| q[..chars.get(n).map_or(q.len(), |c| c.0)].to_string())
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The 50th and 95th percentile of five timed rounds of `typed`, after one
/// warm-up round, in microseconds.
fn time_queries(engine: &mut Engine, typed: &[String], options: &Options) -> (f64, f64) {
    for q in typed {
        std::hint::black_box(engine.search(q, options)); // warm up
    }
    let mut times: Vec<f64> = Vec::new();
    for _round in 0..5 {
        for q in typed {
            let t = Instant::now();
            std::hint::black_box(engine.search(q, options));
            times.push(t.elapsed().as_secs_f64() * 1e6);
        }
    }
    times.sort_by(f64::total_cmp);
    let pct = |p: f64| times[((times.len() - 1) as f64 * p).round() as usize];
    (pct(0.5), pct(0.95))
}

/// The corpus's last 30 days, with counts for its last 7 days, 30 days and
/// all of it (a corpus of one day: that day).
fn dated_options(docs: &[Document]) -> Options {
    let mut days: Vec<Date> = docs.iter().filter_map(|d| d.date).collect();
    days.sort_unstable();
    days.dedup();
    let back = |n: usize| days.len().checked_sub(n).map(|i| days[i].key());
    let since = |n| DateRange {
        from: back(n).or(days.first().map(|d| d.key())),
        to: None,
    };
    Options {
        from: since(30).from,
        facets: vec![since(7), since(30), DateRange::default()],
        ..Options::default()
    }
}

/// Queries no visitor should be able to make slow, by name.
fn hostile_queries() -> Vec<(&'static str, String)> {
    let distinct = (0..5000).map(|i| format!("w{i}")).collect::<Vec<_>>();
    vec![
        ("1 MB of one letter", "a".repeat(1 << 20)),
        ("1 MB of quotes", "\"".repeat(1 << 20)),
        ("10k repeated words", "function ".repeat(10_000)),
        ("5k distinct words", distinct.join(" ")),
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
    ]
}

/// The slowest of `queries` (run once each) and its time in milliseconds.
fn worst_of<'a>(engine: &mut Engine, queries: &'a [(&'a str, String)]) -> (&'a str, f64) {
    let options = Options::default();
    let mut worst = ("", 0.0f64);
    for (name, q) in queries {
        let t = Instant::now();
        std::hint::black_box(engine.search(q, &options));
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        if ms > worst.1 {
            worst = (name, ms);
        }
    }
    worst
}

/// `x` rounded to `digits` decimals (as the report always printed them).
fn round_to(x: f64, digits: i32) -> f64 {
    let scale = 10f64.powi(digits);
    (x * scale).round() / scale
}

/// Writes the documents papersift indexed, for the peers.
fn write_documents(path: &Path, docs: &[Document]) {
    let docs: Vec<DocumentJson> = docs
        .iter()
        .map(|d| DocumentJson {
            id: &d.id,
            title: &d.title,
            body: &d.body,
            date: d.date.map(|d| d.display()).unwrap_or_default(),
        })
        .collect();
    let json = serde_json::to_string(&docs).expect("JSON");
    std::fs::write(path, json).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}
