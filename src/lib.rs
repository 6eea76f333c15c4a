//! papersift: instant full-text search for static websites.
//!
//! ```text
//!  build time (native, build.rs / CLI)            run time (wasm in the page)
//!  digest.txt ─ digest::parse ─► Documents         embedded / fetched bytes
//!       │                                                  │
//!       ▼                                            format::decode
//!  index::build (elasticlunr-rs, English)                  │
//!       │              tokenize (one tokenizer) ◄──────────┤
//!       ▼                                                  ▼
//!  format::encode ──► OUT_DIR/index.psi ─ embed ─►  search::Engine::search
//!                                                          │
//!                                               wasm::Papersift ─► www/ widget
//! ```
//!
//! - [`digest`]: digest text → documents (the one document type), with
//!   line-numbered errors.
//! - [`date`]: digest dates, recognised and ordered.
//! - [`tokenize`]: the one tokenizer, for index and query time.
//! - [`index`]: documents → index, through elasticlunr-rs (native only).
//! - [`meaning`], [`neighbours`]: each English word's related documents,
//!   from word vectors distilled into a neighbour table (native only).
//! - [`format`]: the versioned binary index format.
//! - [`query`]: query syntax → clauses.
//! - [`search`]: clauses → ranked hits with excerpts and highlights.
//! - [`site`]: the papers' pages, index and engine published into a site
//!   folder, beside the owner's files (native only).
//! - `wasm`: the `#[wasm_bindgen]` surface (wasm32 only).

#![warn(missing_docs)]

#[cfg(not(target_arch = "wasm32"))]
mod clusters;
pub mod date;
pub mod digest;
pub mod format;
#[cfg(not(target_arch = "wasm32"))]
pub mod index;
#[cfg(not(target_arch = "wasm32"))]
pub mod meaning;
#[cfg(not(target_arch = "wasm32"))]
pub mod nearest;
#[cfg(not(target_arch = "wasm32"))]
pub mod neighbours;
pub mod query;
pub mod search;
#[cfg(not(target_arch = "wasm32"))]
pub mod site;
pub mod tokenize;
#[cfg(not(target_arch = "wasm32"))]
pub mod vectors;
#[cfg(target_arch = "wasm32")]
mod wasm;

pub use format::{FormatError, FORMAT_VERSION};

/// The wasm's allocator: talc rather than std's dlmalloc, 2.5 KB gzip
/// smaller (wasm 87,487 → 84,976 bytes gzip -9, 219,364 → 213,488 raw:
/// `cargo xtask site`, then `gzip -9` of `papersift-<hash>.wasm`). It frees
/// and reuses memory (binned free lists, O(1) frees): 5,000 searches of a
/// long-lived page leave the wasm memory where the first 100 put it.
/// lol_alloc was 0.7 KB smaller still, but its free list is searched
/// whole on each allocation and free.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// papersift's version: the crate's, and the npm package's
/// (`cargo xtask package`).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
pub use search::{Answer, Engine, Hit, LoadError, Options, Results};

/// The index built from the digest(s) named at build time
/// (`PAPERSIFT_DIGEST`, default `data/daily-papers.txt`).
pub static EMBEDDED_INDEX: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/index.psi"));

/// The whole index of a small site, whose embedded root's parts the CLI
/// cannot fetch: it cuts them again from this (`format::Cut`). Empty when
/// the index is whole, or not cut small (large, or `--split always`).
/// Native only.
#[cfg(not(target_arch = "wasm32"))]
pub static EMBEDDED_WHOLE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/disk.psi"));

/// An engine over [`EMBEDDED_INDEX`].
pub fn embedded() -> Result<Engine, LoadError> {
    Engine::from_bytes(EMBEDDED_INDEX)
}
