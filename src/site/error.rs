//! Why a site could not be published.

use std::fmt;
use std::path::Path;

/// Why a site could not be published; nothing of the owner's was touched.
#[derive(Debug)]
pub enum SiteError {
    /// A file at a path papersift writes was not written by papersift.
    NotOurs(String),
    /// The site's manifest cannot be read.
    Manifest {
        /// Its path.
        path: String,
        /// What is wrong with it.
        message: String,
    },
    /// No engine to publish with.
    NoEngine(&'static str),
    /// The index could not be built.
    Index(String),
    /// Reading or writing a file failed.
    Io {
        /// The file.
        path: String,
        /// The failure.
        source: std::io::Error,
    },
}

impl SiteError {
    /// A failed read or write of `path`.
    pub fn io(path: &Path, source: std::io::Error) -> SiteError {
        SiteError::Io {
            path: path.display().to_string(),
            source,
        }
    }
}

impl fmt::Display for SiteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SiteError::NotOurs(path) => write!(
                f,
                "{path} is not papersift's (its manifest does not list it), and papersift \
                 would write a file there: move it away (nothing was written)"
            ),
            SiteError::Manifest { path, message } => write!(
                f,
                "{path}: {message} (it lists the files papersift wrote; \
                 restore it, or publish into a new folder)"
            ),
            SiteError::NoEngine(what) => write!(f, "no engine to publish: {what}"),
            SiteError::Index(message) => write!(f, "cannot build the index: {message}"),
            SiteError::Io { path, source } => write!(f, "{path}: {source}"),
        }
    }
}

impl std::error::Error for SiteError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SiteError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}
