//! The errors that end a run with exit status 1: each prints as one line after
//! `auth-doctor: `, and none holds a secret (never an argument's value, a header value or an
//! unredacted URL).

use std::fmt;
use std::io;

/// Why the tool could not do what it was asked.
#[derive(Debug)]
pub(crate) enum Error {
    /// The arguments: which one is wrong and how, never its value.
    Usage(String),
    /// A file (or standard input) could not be read.
    Read {
        /// What was read: `the file headers.txt`, `standard input`.
        what: String,
        /// Why not.
        source: io::Error,
    },
    /// Output could not be written.
    Write {
        /// Where to: `the file out.json`, `standard output`.
        what: String,
        /// Why not.
        source: io::Error,
    },
    /// An input over the size the tool reads.
    TooLarge {
        /// What was read.
        what: String,
        /// The limit, in bytes.
        limit: u64,
    },
    /// A file given to `--har` that is not a HAR file.
    Har(String),
    /// The request failed before a response arrived: the error chain, whose URLs the
    /// middleware already redacted.
    Http(String),
}

impl Error {
    /// A read error for a path, named as the user gave it.
    pub(crate) fn read(path: &std::path::Path, source: io::Error) -> Self {
        Error::Read {
            what: format!("the file {}", path.display()),
            source,
        }
    }

    /// A write error for a path, named as the user gave it.
    pub(crate) fn write(path: &std::path::Path, source: io::Error) -> Self {
        Error::Write {
            what: format!("the file {}", path.display()),
            source,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Usage(msg) | Error::Har(msg) | Error::Http(msg) => f.write_str(msg),
            Error::Read { what, source } => write!(f, "cannot read {what}: {source}"),
            Error::Write { what, source } => write!(f, "cannot write {what}: {source}"),
            Error::TooLarge { what, limit } => write!(
                f,
                "{what} is larger than {} MiB, the most auth-doctor reads",
                limit / (1024 * 1024)
            ),
        }
    }
}

impl std::error::Error for Error {}

/// An error and its sources on one line, `a: b: c`, each part once: the root cause (connection
/// refused, certificate unknown) is what a curl user looks for.
pub(crate) fn chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !s.contains(&text) {
            s.push_str(": ");
            s.push_str(&text);
        }
        source = cause.source();
    }
    s.replace(['\n', '\r'], " ")
}
