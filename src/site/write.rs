//! Writing a publish's files into a site: only papersift's own, only those
//! whose bytes changed, each beside its old copy and then renamed over it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::{Manifest, SiteError, INDEX_FILE, PARTS_DIR};

/// What a publish did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Report {
    /// Papers published.
    pub papers: usize,
    /// Files written (new or changed).
    pub written: usize,
    /// Their bytes.
    pub bytes: u64,
    /// Files left as they were (the same bytes).
    pub unchanged: usize,
    /// Files removed (two publishes without them).
    pub removed: usize,
}

impl std::fmt::Display for Report {
    /// `12 files written (0.3 MB), 400 unchanged, 10 removed`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} files written ({:.1} MB), {} unchanged, {} removed",
            self.written,
            self.bytes as f64 / 1e6,
            self.unchanged,
            self.removed
        )
    }
}

/// Refuses to go on when a file of `files` would replace one papersift did
/// not write (even with the same bytes: it would be papersift's to delete
/// later): nothing is written then.
pub fn check(
    site: &Path,
    manifest: &Manifest,
    files: &BTreeMap<String, Vec<u8>>,
) -> Result<(), SiteError> {
    let owned = manifest.owned();
    for path in files.keys().filter(|p| !owned.contains(p.as_str())) {
        let full = site.join(path);
        if full.symlink_metadata().is_ok() {
            return Err(SiteError::NotOurs(full.display().to_string()));
        }
    }
    Ok(())
}

/// Writes `files` (paths relative to `site`, [`check`]ed) that changed:
/// the index's parts, the engine, the root and the pages, in that order,
/// so that whatever a visitor loads meanwhile names files that exist.
pub fn files(site: &Path, files: &BTreeMap<String, Vec<u8>>) -> Result<Report, SiteError> {
    let mut changed = Vec::new();
    let mut report = Report::default();
    for (path, bytes) in files {
        let full = site.join(path);
        match std::fs::read(&full) {
            Ok(old) if old == *bytes => report.unchanged += 1,
            Ok(_) => changed.push(path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => changed.push(path),
            Err(e) => return Err(SiteError::io(&full, e)),
        }
    }
    changed.sort_by_key(|path| order(path));
    for path in changed {
        replace(site, path, &files[path])?;
        report.written += 1;
        report.bytes += files[path].len() as u64;
    }
    Ok(report)
}

/// When a file is written: parts, then the engine, then the root, then
/// the pages.
fn order(path: &str) -> u8 {
    if path.starts_with(&format!("{PARTS_DIR}/")) {
        0
    } else if path == INDEX_FILE {
        2
    } else if path.ends_with(".html") {
        3
    } else {
        1
    }
}

/// Writes `bytes` to `site/path` through a temporary file beside it,
/// renamed over the old one: a visitor gets the old file or the new one,
/// never half of one.
pub fn replace(site: &Path, path: &str, bytes: &[u8]) -> Result<(), SiteError> {
    let full = site.join(path);
    if let Some(dir) = full.parent() {
        std::fs::create_dir_all(dir).map_err(|e| SiteError::io(dir, e))?;
    }
    let tmp = temporary(&full);
    std::fs::write(&tmp, bytes).map_err(|e| SiteError::io(&tmp, e))?;
    std::fs::rename(&tmp, &full).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        SiteError::io(&full, e)
    })
}

fn temporary(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".papersift-tmp");
    path.with_file_name(name)
}

/// Removes `paths` (papersift's files that no publish keeps), and the
/// folders they leave empty; a file already gone is fine.
pub fn remove(site: &Path, paths: &[&str]) -> Result<usize, SiteError> {
    let mut folders = BTreeSet::new();
    let mut removed = 0;
    for path in paths {
        let full = site.join(path);
        match std::fs::remove_file(&full) {
            Ok(()) => removed += 1,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(SiteError::io(&full, e)),
        }
        folders.extend(full.parent().map(Path::to_path_buf));
    }
    for folder in folders.into_iter().rev() {
        if folder != site {
            // Only when empty: a folder with the owner's files stays.
            let _ = std::fs::remove_dir(&folder);
        }
    }
    Ok(removed)
}
