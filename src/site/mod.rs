//! Publishing a site: the papers' pages, their index and the engine, written
//! into a folder that may hold the owner's own files too (native only).
//!
//! ```text
//! SITE/
//!   index.html, days/*.html     the papers' pages (pages.rs)
//!   index.psi                   the index's root, fetched fresh by each page load
//!   papersift-index/*.psi       its parts, named by content (buckets, doc
//!                               shards, meaning shards and their .js twins)
//!   papersift.js, .mjs, .css,   the engine (engine.rs): the script, named with
//!   papersift-<hash>.wasm, …    the engine's version by the pages
//!   papersift_bg.wasm.js        the wasm, the root and a small index's parts
//!                               for pages opened from disk
//!   .papersift-manifest.json    what papersift wrote (manifest.rs)
//! ```
//!
//! [`publish`] is the one way in, for `cargo xtask site` and `papersift
//! publish` alike. It writes only files papersift owns (a file of the
//! owner's at one of its paths is an error, and nothing is written), skips
//! files whose bytes are unchanged, writes each changed file beside its old
//! one and renames it over it, index and pages after the parts they name,
//! and removes a file only once two publishes have passed without it
//! ([`manifest`]): a page loaded before a publish still finds its parts.

mod engine;
mod error;
pub mod manifest;
pub mod pages;
mod write;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use engine::{EngineFiles, DISK_SCRIPT};
pub use error::SiteError;
pub use manifest::{Manifest, MANIFEST};
pub use write::Report;

use crate::date::Date;
use crate::digest::{self, DigestError, Document};
use crate::format::{self, Cut, SplitMode};

/// The root of a site's index, beside the engine's script.
pub const INDEX_FILE: &str = "index.psi";
/// The folder of the index's parts.
pub const PARTS_DIR: &str = "papersift-index";

/// The papers of a site's digests, as a publish takes them.
#[derive(Debug, Clone)]
pub struct Papers {
    /// Every paper, oldest day first.
    pub docs: Vec<Document>,
    /// The newest digest's date.
    pub date: Option<Date>,
    /// What looks odd but may be right, at most five lines.
    pub warnings: Vec<String>,
    /// How many digest files were read.
    pub files: usize,
}

impl Papers {
    /// Reads the digests `paths` names (files, or folders of them), giving
    /// dates without a year `year`.
    pub fn read(paths: &[PathBuf], year: Option<u16>) -> Result<Papers, DigestError> {
        let digests = digest::archive(paths, year)?;
        Ok(Papers {
            warnings: digest::warning_lines(&digests, 5),
            date: digests.iter().rev().find_map(|d| d.date),
            files: digests.len(),
            docs: digest::documents(&digests),
        })
    }

    /// `read 64 papers from 1 digest file`.
    pub fn summary(&self) -> String {
        let files = match self.files {
            1 => "1 digest file".to_string(),
            n => format!("{n} digest files"),
        };
        format!("read {} papers from {files}", self.docs.len())
    }
}

/// What to publish.
#[derive(Debug, Clone)]
pub struct Publish<'a> {
    /// Every paper, oldest day first (as `digest::documents` gives them).
    pub docs: Vec<Document>,
    /// The newest digest's date: the heading of a one-day site.
    pub date: Option<Date>,
    /// The engine's files.
    pub engine: &'a EngineFiles,
    /// How to cut the index.
    pub split: SplitMode,
    /// Whether to build each English word's related papers.
    pub meaning: bool,
    /// Extra pages (the demo site's `embed.html`), as `(path, bytes)`.
    pub extra: Vec<(String, Vec<u8>)>,
}

/// Brings `site` up to date with `what` (see the module's docs).
pub fn publish(site: &Path, what: Publish<'_>) -> Result<Report, SiteError> {
    let mut docs = what.docs;
    let version = what.engine.version();
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    // The pages link a paper's title to its own address, when it has one.
    for (path, html) in pages::pages(&docs, what.date, &version) {
        files.insert(path, html.into_bytes());
    }
    // A result links to the paper's own address, else to its page.
    let day_pages = pages::day_pages(&docs);
    for doc in &mut docs {
        if doc.url.is_none() {
            doc.url = Some(pages::link(doc, day_pages));
        }
    }
    index_files(&docs, what.split, what.meaning, what.engine, &mut files)?;
    for (name, bytes) in &what.engine.files {
        files.insert(name.clone(), bytes.clone());
    }
    files.extend(what.extra);
    let manifest = Manifest::read(site)?;
    let names: Vec<String> = files.keys().cloned().collect();
    let next = manifest.next(&version, what.engine.names(), names.clone());
    // Listed before they are written, and the old ones until they are
    // removed: a publish that stops half way leaves a manifest naming every
    // file of papersift's, so the next one neither blames the owner for
    // them nor loses track of them.
    let mut pending = next.clone();
    pending.generations = std::iter::once(names)
        .chain(manifest.generations.clone())
        .collect();
    write::check(site, &manifest, &files)?;
    write::replace(site, MANIFEST, &pending.to_json())?;
    let mut report = write::files(site, &files)?;
    report.removed = write::remove(site, &manifest.dropped(&next))?;
    write::replace(site, MANIFEST, &next.to_json())?;
    report.papers = docs.len();
    Ok(report)
}

/// The index of `docs` as files: its root (`index.psi`), its parts (in
/// `papersift-index/`), and the disk script, which carries the root, and a
/// small index's buckets and doc shards, for pages opened from disk.
fn index_files(
    docs: &[Document],
    split: SplitMode,
    meaning: bool,
    engine: &EngineFiles,
    files: &mut BTreeMap<String, Vec<u8>>,
) -> Result<(), SiteError> {
    let mut index = crate::index::build(docs).map_err(|e| SiteError::Index(e.to_string()))?;
    if meaning {
        crate::meaning::add_to(&mut index).map_err(|e| SiteError::Index(e.to_string()))?;
    }
    let (root, parts, disk_copy) = match split.cut(docs) {
        Cut::Whole => {
            let (root, meaning) = format::encode_whole(&index);
            (root, format::with_script_twins(meaning), false)
        }
        Cut::Split { layout, disk_copy } => {
            let split = format::encode_split(&index, layout);
            let parts = match disk_copy {
                true => format::with_script_twins(split.files),
                false => split.files,
            };
            (split.root, parts, disk_copy)
        }
    };
    let mut disk: Vec<(&str, &[u8])> = Vec::new();
    if disk_copy {
        let fetched = |name: &str| name.ends_with(".psi") && !name.starts_with("m-");
        disk.extend(
            (parts.iter())
                .filter(|(name, _)| fetched(name))
                .map(|(name, bytes)| (name.as_str(), bytes.as_slice())),
        );
    }
    let script = engine.disk_script(&root, &disk)?;
    files.insert(DISK_SCRIPT.to_string(), script.into_bytes());
    for (name, bytes) in parts {
        files.insert(format!("{PARTS_DIR}/{name}"), bytes);
    }
    files.insert(INDEX_FILE.to_string(), root);
    Ok(())
}
