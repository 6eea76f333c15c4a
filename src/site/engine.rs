//! The engine's files as a site ships them: the wasm (named by its content,
//! `papersift-<hash>.wasm`), the script that loads it (glue and widget:
//! `papersift.js`, and `papersift.mjs` as a module), the types and style
//! sheets. They do not depend on the papers: `cargo xtask site` builds them
//! once, and a daily publish copies them from the site's last publish.
//! [`EngineFiles::disk_script`] writes the one engine file that does
//! depend on the papers: the wasm's script copy for pages opened from disk.
//! [`EngineFiles::carried`] is the engine a packaged binary carries (built
//! by `cargo xtask package` into the crate's `vendor/engine/`).

use std::path::Path;

use base64::{engine::general_purpose::STANDARD as BASE64, Engine as _};

use super::SiteError;
use crate::format::checksum;

/// The name of the wasm's script copy, loaded only by pages opened from
/// disk (where `fetch` is refused): the wasm as base64, the index's root
/// and a small index's buckets and doc shards.
pub const DISK_SCRIPT: &str = "papersift_bg.wasm.js";

/// The engine files this binary was built with: `vendor/engine/`'s, listed
/// by `build.rs` (empty in a build from the repository, which has none).
static CARRIED: &[(&str, &[u8])] = include!(concat!(env!("OUT_DIR"), "/vendored_engine.rs"));

/// The engine's files, by name (in the site's root).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EngineFiles {
    /// `(name, bytes)`, one of them the wasm (`papersift-<hash>.wasm`).
    pub files: Vec<(String, Vec<u8>)>,
}

impl EngineFiles {
    /// Reads the files `names` from `dir` (a site's, as its manifest lists
    /// them).
    pub fn read(dir: &Path, names: &[String]) -> Result<EngineFiles, SiteError> {
        let mut files = Vec::new();
        for name in names {
            let path = dir.join(name);
            let bytes = std::fs::read(&path).map_err(|e| SiteError::io(&path, e))?;
            files.push((name.clone(), bytes));
        }
        let engine = EngineFiles { files };
        engine.wasm()?;
        Ok(engine)
    }

    /// The engine this binary carries, when it was built from a packaged
    /// crate (`cargo install papersift`, the npm package's binary); `None`
    /// in a build from the repository.
    pub fn carried() -> Option<EngineFiles> {
        let files: Vec<(String, Vec<u8>)> = CARRIED
            .iter()
            .map(|(name, bytes)| (name.to_string(), bytes.to_vec()))
            .collect();
        let engine = EngineFiles { files };
        engine.wasm().is_ok().then_some(engine)
    }

    /// The wasm's file name for its bytes: `papersift-<hash>.wasm`, so a
    /// host may cache it forever and a new engine never meets an old script.
    pub fn wasm_name(wasm: &[u8]) -> String {
        format!("papersift-{:08x}.wasm", checksum(wasm) as u32)
    }

    /// The wasm's bytes.
    pub fn wasm(&self) -> Result<&[u8], SiteError> {
        self.files
            .iter()
            .find(|(name, _)| name.starts_with("papersift-") && name.ends_with(".wasm"))
            .map(|(_, bytes)| bytes.as_slice())
            .ok_or(SiteError::NoEngine("the engine's files hold no wasm"))
    }

    /// The files' names.
    pub fn names(&self) -> Vec<String> {
        self.files.iter().map(|(name, _)| name.clone()).collect()
    }

    /// A hash of every file: the version pages put on the script's address.
    pub fn version(&self) -> String {
        let mut all = Vec::new();
        for (name, bytes) in &self.files {
            all.extend_from_slice(name.as_bytes());
            all.extend_from_slice(&checksum(bytes).to_le_bytes());
        }
        format!("{:08x}", checksum(&all) as u32)
    }

    /// [`DISK_SCRIPT`]: the wasm's bytes in standard base64 (what the
    /// loader's `atob` reads), as a classic script; the index's `root`;
    /// and `parts`, a small index's buckets and doc shards, by name (names
    /// are `[bd]-<hex>-….psi`: nothing to escape).
    pub fn disk_script(&self, root: &[u8], parts: &[(&str, &[u8])]) -> Result<String, SiteError> {
        let mut script = disk_script(self.wasm()?, parts);
        script += &format!("self.papersiftDiskRoot = \"{}\";\n", BASE64.encode(root));
        Ok(script)
    }
}

fn disk_script(wasm: &[u8], parts: &[(&str, &[u8])]) -> String {
    let mut script = format!("self.papersiftWasmBase64 = \"{}\";\n", BASE64.encode(wasm));
    if !parts.is_empty() {
        script += "self.papersiftDiskParts = {\n";
        for (name, bytes) in parts {
            script += &format!("\"{name}\": \"{}\",\n", BASE64.encode(bytes));
        }
        script += "};\n";
    }
    script
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_disk_script_holds_padded_standard_base64_then_the_parts() {
        assert_eq!(disk_script(b"", &[]), "self.papersiftWasmBase64 = \"\";\n");
        assert_eq!(
            disk_script(&[0xff, 0xfe, 0xfd, 0x00], &[]),
            "self.papersiftWasmBase64 = \"//79AA==\";\n"
        );
        assert_eq!(
            disk_script(b"\0", &[("b-1.psi", b"PSFT")]),
            "self.papersiftWasmBase64 = \"AA==\";\nself.papersiftDiskParts = {\n\"b-1.psi\": \"UFNGVA==\",\n};\n"
        );
    }

    #[test]
    fn the_wasm_is_named_by_its_bytes_and_the_version_by_every_file() {
        let wasm = EngineFiles::wasm_name(b"\0asm1");
        assert!(wasm.starts_with("papersift-") && wasm != EngineFiles::wasm_name(b"\0asm2"));
        let engine = |css: &[u8]| EngineFiles {
            files: vec![
                (wasm.clone(), b"\0asm1".to_vec()),
                ("papersift.css".into(), css.to_vec()),
            ],
        };
        assert_eq!(engine(b"a").wasm().unwrap(), b"\0asm1");
        assert_ne!(engine(b"a").version(), engine(b"b").version());
        let none = EngineFiles { files: vec![] };
        assert!(none.wasm().is_err());
    }
}
