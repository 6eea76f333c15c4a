//! [`FormatError`]: why bytes are not a readable index.

use std::fmt;

use super::FORMAT_VERSION;

/// Why bytes are not a readable index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormatError {
    /// Does not start with [`super::MAGIC`]: not a papersift index at all.
    BadMagic,
    /// Written by another version of papersift.
    UnsupportedVersion {
        /// The version in the header.
        found: u16,
    },
    /// Shorter than its header says.
    Truncated,
    /// The payload does not match its checksum: damaged in transit or on disk.
    ChecksumMismatch,
    /// The checksum matched but the content is inconsistent.
    Corrupt(&'static str),
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FormatError::BadMagic => write!(f, "not a papersift index (bad magic bytes)"),
            FormatError::UnsupportedVersion { found } => write!(
                f,
                "index format version {found} is not supported: this papersift reads version \
                 {FORMAT_VERSION}; rebuild the site with this papersift, or use the papersift \
                 that wrote it"
            ),
            FormatError::Truncated => write!(f, "the index is truncated"),
            FormatError::ChecksumMismatch => {
                write!(f, "the index is damaged (checksum mismatch)")
            }
            FormatError::Corrupt(what) => write!(f, "the index is corrupt: {what}"),
        }
    }
}

impl std::error::Error for FormatError {}
