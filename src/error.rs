//! The umbrella [`Error`]: every operation's own error converts into it.

use crate::document::ParseError;

/// Any error of this crate.
///
/// Each operation returns its own `#[non_exhaustive]` error enum; this one wraps them for
/// callers that handle errors generically.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The input could not be parsed.
    #[error(transparent)]
    Parse(#[from] ParseError),
    /// JSON does not fit the typed model.
    #[error(transparent)]
    Model(#[from] crate::model::ModelError),
}
