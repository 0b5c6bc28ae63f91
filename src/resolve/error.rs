//! Errors of key resolution and fetching.

use crate::crypto::KeyError;
use crate::document::ParseError;
use crate::fetch::FetchError;
use crate::report::JsonPath;

/// The finding code of a proof or signature whose key could not be obtained (offline, a
/// transport failure, an HTTP status, a refused or oversized response): the proof is not
/// verified, and the verifier's verdict is `Indeterminate` rather than `Invalid`, since the
/// key may well be right. A key that was obtained and is wrong (a signature mismatch, a
/// malformed document, another controller) stays invalid under its own code.
pub const KEY_UNAVAILABLE: &str = "proof.key_unavailable";

/// Why a verification method could not be resolved.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ResolveError {
    /// A DID method this resolver does not support.
    #[error("unsupported DID method \"{method}\" in {id}")]
    UnsupportedMethod {
        /// The method name (`did:<method>:…`).
        method: String,
        /// The id asked for.
        id: String,
    },
    /// Neither a DID URL nor an HTTP(S) URL.
    #[error("unsupported verification method id {id} (expected a DID URL or an https URL)")]
    UnsupportedId {
        /// The id asked for.
        id: String,
    },
    /// The id is malformed.
    #[error("invalid verification method id {id}: {reason}")]
    InvalidId {
        /// The id asked for.
        id: String,
        /// What is wrong.
        reason: &'static str,
    },
    /// The key material in the id or document is unusable.
    #[error("key of {id}: {source}")]
    Key {
        /// The verification method id.
        id: String,
        /// What is wrong with the key.
        #[source]
        source: KeyError,
    },
    /// The document could not be fetched.
    #[error(transparent)]
    Fetch(#[from] FetchError),
    /// The fetched document is not JSON within the limits.
    #[error("document {url}: {source}")]
    Parse {
        /// Where the document came from.
        url: String,
        /// The parse error.
        #[source]
        source: ParseError,
    },
    /// The document or verification method is malformed.
    #[error("document {url} at {path}: {reason}")]
    Invalid {
        /// Where the document came from.
        url: String,
        /// The place of the problem.
        path: JsonPath,
        /// What is wrong.
        reason: &'static str,
    },
    /// The document's `id` is not the DID or URL it was fetched for.
    #[error("document {url} has id {found}, expected {expected}")]
    IdMismatch {
        /// Where the document came from.
        url: String,
        /// The id expected.
        expected: String,
        /// The id found.
        found: String,
    },
    /// The verification method is not in the document (or not in any resolver map).
    #[error("verification method {id} not found{}", document.as_ref().map(|d| format!(" in {d}")).unwrap_or_default())]
    NotFound {
        /// The id asked for.
        id: String,
        /// The document searched, if any.
        document: Option<String>,
    },
    /// The method's `controller` is not the document that lists it.
    #[error("verification method {id} has controller {controller}, but is listed by {document}")]
    ControllerMismatch {
        /// The verification method id.
        id: String,
        /// Its stated controller.
        controller: String,
        /// The document that lists it.
        document: String,
    },
    /// The verification method's `type` is unsupported or does not fit its key material.
    #[error("verification method {id} of type {method_type}: {reason}")]
    MethodType {
        /// The verification method id.
        id: String,
        /// Its `type`.
        method_type: String,
        /// What is wrong.
        reason: &'static str,
    },
}

impl ResolveError {
    /// True when the key could not be obtained at all (the document could not be fetched),
    /// as opposed to a document or key that was obtained and is wrong.
    pub fn is_unavailable(&self) -> bool {
        matches!(self, ResolveError::Fetch(_))
    }

    /// The finding code for this error at a place whose code for a key that resolved wrong is
    /// `otherwise`: [`KEY_UNAVAILABLE`] when [`is_unavailable`](Self::is_unavailable).
    pub fn code_or(&self, otherwise: &'static str) -> &'static str {
        if self.is_unavailable() {
            KEY_UNAVAILABLE
        } else {
            otherwise
        }
    }
}
