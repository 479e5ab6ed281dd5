//! The library's error type: every variant names the file, query or index at fault.

use std::path::PathBuf;

/// Everything that can go wrong in hrsearch, with the path or query it concerns.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or folder could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder concerned.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// A file's bytes are not text in an encoding hrsearch reads.
    #[error("{path}: {reason}")]
    Decode {
        /// The file concerned.
        path: PathBuf,
        /// What is wrong with its bytes.
        reason: String,
    },
    /// A file decoded, but holds nothing that can be indexed.
    #[error("{path}: {source}")]
    Parse {
        /// The file concerned.
        path: PathBuf,
        /// Why it cannot be indexed.
        source: crate::parse::ParseError,
    },
    /// A file is refused (too large), or a value of its sidecar is invalid.
    #[error("{path}: {reason}")]
    Refused {
        /// The file concerned.
        path: PathBuf,
        /// Why it is refused.
        reason: String,
    },
    /// A JSON sidecar next to a text file is malformed.
    #[error("{path}: invalid sidecar: {source}")]
    Sidecar {
        /// The sidecar file.
        path: PathBuf,
        /// The JSON parser's reason.
        source: serde_json::Error,
    },
    /// A query the user typed is malformed.
    #[error("invalid query {query:?}: {message}")]
    Query {
        /// The query as typed.
        query: String,
        /// What is wrong, and where.
        message: String,
    },
    /// A filter value given on the command line or in a request is malformed.
    #[error("invalid filter: {0}")]
    Filter(String),
    /// An option of an operation is out of range.
    #[error("invalid option: {0}")]
    Options(String),
    /// No index exists at the given location.
    #[error("no index at {0} (run `hrsearch index PATH` first)")]
    NoIndex(PathBuf),
    /// The index exists but was written with another schema.
    #[error("{path}: not an hrsearch index of this version ({reason})")]
    IncompatibleIndex {
        /// The index folder.
        path: PathBuf,
        /// What differs.
        reason: String,
    },
    /// The index's files are damaged: a file is missing, truncated or fails
    /// its checksum.
    #[error("{path}: the index is damaged ({file}: {reason}); `hrsearch index --rebuild` builds it again from the files")]
    DamagedIndex {
        /// The index folder.
        path: PathBuf,
        /// The file at fault, or the part of the index that could not be read.
        file: String,
        /// What is wrong with it.
        reason: String,
    },
    /// Another process is writing to the index.
    #[error("{0}: another hrsearch process is indexing into this index; wait for it to finish")]
    IndexLocked(PathBuf),
    /// No resolution with this id is in the index.
    #[error("no resolution with the id, number or symbol {reference:?} in the index{}", near_list(.near))]
    UnknownDocument {
        /// What was asked for.
        reference: String,
        /// The ids nearest to it, best first.
        near: Vec<String>,
    },
    /// A number or symbol that several resolutions share.
    #[error("{reference:?} is the number or symbol of {} resolutions: {}; show one by its id", .ids.len(), .ids.join(", "))]
    AmbiguousDocument {
        /// What was asked for.
        reference: String,
        /// The ids of the resolutions it names.
        ids: Vec<String>,
    },
    /// Writing to the index failed (a full disk, say). The last commit is
    /// intact: a batch writes nothing a reader sees until its commit.
    #[error("{path}: could not write to the index: {reason}. The last commit is intact; run the command again once this is mended (freeing disk space, say): it clears what this run left")]
    WriteFailed {
        /// The index folder.
        path: PathBuf,
        /// What failed, in plain words.
        reason: String,
    },
    /// A request ran past its deadline and was given up.
    #[error("the request took longer than it may; narrow the query")]
    Timeout,
    /// An error inside the search engine.
    #[error("index error: {}", plain_error(.0))]
    Tantivy(tantivy::TantivyError),
}

impl From<tantivy::TantivyError> for Error {
    fn from(error: tantivy::TantivyError) -> Self {
        Error::Tantivy(error)
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

/// `; did you mean a, b?` for the ids near an unknown one.
fn near_list(near: &[String]) -> String {
    if near.is_empty() {
        String::new()
    } else {
        format!("; did you mean {}?", near.join(", "))
    }
}

/// A tantivy error in plain words, naming the file concerned where tantivy
/// does: no Rust debug dumps.
pub fn plain_error(error: &tantivy::TantivyError) -> String {
    use tantivy::directory::error::{OpenReadError, OpenWriteError};
    use tantivy::TantivyError as T;
    match error {
        T::IoError(e) => plain_io(e),
        T::OpenWriteError(OpenWriteError::IoError { io_error, filepath }) => {
            format!("{}: {}", filepath.display(), plain_io(io_error))
        }
        T::OpenWriteError(OpenWriteError::FileAlreadyExists(p)) => {
            format!("{} already exists", p.display())
        }
        T::OpenReadError(OpenReadError::FileDoesNotExist(p)) => {
            format!("{} is missing", p.display())
        }
        T::OpenReadError(OpenReadError::IoError { io_error, filepath }) => {
            format!("{}: {}", filepath.display(), plain_io(io_error))
        }
        T::ErrorInThread(message) if message.contains("killed") => {
            "an indexing thread stopped while writing segments (most often because \
             the disk is full)"
                .to_string()
        }
        T::DataCorruption(e) => format!("{e:?}"),
        other => other.to_string(),
    }
}

/// An I/O error in plain words: a full disk says so.
fn plain_io(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::StorageFull => "the disk is full".to_string(),
        std::io::ErrorKind::QuotaExceeded => "the disk quota is exceeded".to_string(),
        _ => error.to_string(),
    }
}
