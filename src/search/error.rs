//! [`LoadError`]: why a file could not be added to an engine.

use crate::format::FormatError;

/// Why a file could not be added to an engine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    /// The bytes are not a readable index file.
    Format(FormatError),
    /// The root does not name this file.
    UnknownFile(String),
    /// The file does not hold what the root says it holds.
    Mismatch(String),
    /// A whole index or a root was given where a part was expected, or the
    /// other way round.
    WrongKind(&'static str),
    /// A search kept naming parts to add.
    Endless,
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::Format(e) => write!(f, "{e}"),
            LoadError::UnknownFile(name) => {
                write!(
                    f,
                    "{name} is not part of this index; is the site half updated?"
                )
            }
            LoadError::Mismatch(name) => write!(
                f,
                "{name} does not match this index; is the site half updated?"
            ),
            LoadError::WrongKind(what) => write!(f, "{what}"),
            LoadError::Endless => write!(f, "the index keeps asking for more files"),
        }
    }
}

impl std::error::Error for LoadError {}

impl From<FormatError> for LoadError {
    fn from(e: FormatError) -> Self {
        LoadError::Format(e)
    }
}
