//! The files papersift owns in a site: `.papersift-manifest.json`, written
//! last by every publish. It lists each publish's files (the newest two
//! generations): a publish replaces only files listed here, never a file
//! of the owner's, and removes a file only once two publishes have passed
//! without it, so a page loaded before the last publish still finds the
//! parts its index names.

use std::collections::BTreeSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::SiteError;

/// The manifest's file name, in the site's root.
pub const MANIFEST: &str = ".papersift-manifest.json";

/// What papersift wrote in a site.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// The engine's version (a hash of its files), on the pages' script
    /// addresses.
    pub version: String,
    /// The engine's files of the newest publish (read back by a publish
    /// that is given no engine).
    pub engine: Vec<String>,
    /// Each publish's files (paths relative to the site, `/`-separated),
    /// newest first: at most two.
    pub generations: Vec<Vec<String>>,
}

impl Manifest {
    /// The site's manifest; an empty one when the site has none yet.
    pub fn read(site: &Path) -> Result<Manifest, SiteError> {
        let path = site.join(MANIFEST);
        let bad = |message: String| SiteError::Manifest {
            path: path.display().to_string(),
            message,
        };
        match std::fs::read(&path) {
            Ok(bytes) => {
                let manifest: Manifest =
                    serde_json::from_slice(&bytes).map_err(|e| bad(e.to_string()))?;
                let names = manifest
                    .engine
                    .iter()
                    .chain(manifest.generations.iter().flatten());
                match names.into_iter().find(|p| !inside(p)) {
                    Some(p) => Err(bad(format!("{p:?} is not a path inside the site"))),
                    None => Ok(manifest),
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Manifest::default()),
            Err(e) => Err(SiteError::io(&path, e)),
        }
    }

    /// Every file papersift wrote and still keeps.
    pub fn owned(&self) -> BTreeSet<&str> {
        self.generations
            .iter()
            .flatten()
            .map(String::as_str)
            .collect()
    }

    /// The manifest after a publish of `files`: they become the newest
    /// generation, the newest before them the previous one.
    pub fn next(&self, version: &str, engine: Vec<String>, files: Vec<String>) -> Manifest {
        let mut generations = vec![files];
        generations.extend(self.generations.first().cloned());
        Manifest {
            version: version.to_string(),
            engine,
            generations,
        }
    }

    /// Files of this manifest that `next` no longer keeps: to remove.
    pub fn dropped(&self, next: &Manifest) -> Vec<&str> {
        let kept = next.owned();
        (self.owned().into_iter())
            .filter(|path| !kept.contains(path))
            .collect()
    }

    /// The manifest as written: pretty JSON, one file a line.
    pub fn to_json(&self) -> Vec<u8> {
        let mut json = serde_json::to_vec_pretty(self).expect("a manifest serialises");
        json.push(b'\n');
        json
    }
}

/// Whether `path` stays inside the site: relative, `/`-separated, no
/// `..` or empty parts. A manifest naming anything else (edited by hand,
/// or not papersift's) is refused: a publish removes what it names.
fn inside(path: &str) -> bool {
    !path.is_empty()
        && !path.contains('\\')
        && path
            .split('/')
            .all(|part| !part.is_empty() && part != ".." && part != ".")
        && !path.contains(':')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_file_is_kept_one_publish_after_its_last_and_then_dropped() {
        let first = Manifest::default().next("v1", vec![], names(&["index.html", "a.psi"]));
        assert!(Manifest::default().dropped(&first).is_empty());
        let second = first.next("v1", vec![], names(&["index.html", "b.psi"]));
        assert!(first.dropped(&second).is_empty(), "a.psi is kept one cycle");
        assert!(second.owned().contains("a.psi"));
        let third = second.next("v1", vec![], names(&["index.html", "c.psi"]));
        assert_eq!(second.dropped(&third), ["a.psi"]);
        assert_eq!(third.generations.len(), 2);
    }

    #[test]
    fn a_site_without_a_manifest_owns_nothing_and_a_broken_one_is_an_error() {
        let dir = std::env::temp_dir().join(format!("papersift-manifest-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        assert_eq!(Manifest::read(&dir).unwrap(), Manifest::default());
        let m = Manifest::default().next("v9", names(&["x.wasm"]), names(&["x.wasm"]));
        std::fs::write(dir.join(MANIFEST), m.to_json()).unwrap();
        assert_eq!(Manifest::read(&dir).unwrap(), m);
        for outside in ["../x", "/etc/passwd", "a/../../b", "C:\\\\x", "a//b", ""] {
            let m = Manifest::default().next("v9", vec![], vec![outside.to_string()]);
            std::fs::write(dir.join(MANIFEST), m.to_json()).unwrap();
            let err = Manifest::read(&dir).unwrap_err().to_string();
            assert!(
                err.contains("not a path inside the site"),
                "{outside}: {err}"
            );
        }
        std::fs::write(dir.join(MANIFEST), "{ not json").unwrap();
        let err = Manifest::read(&dir).unwrap_err().to_string();
        assert!(err.contains(MANIFEST), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
