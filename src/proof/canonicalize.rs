//! The canonicalization step of the Data Integrity suites, as a pluggable trait.

use serde_json::Value;

use super::Canonicalization;

/// Why a document could not be canonicalized.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CanonicalizeError {
    /// This canonicalizer does not implement the method (for example RDFC-1.0 without a
    /// JSON-LD engine).
    #[error("{method} canonicalization is not available")]
    Unsupported {
        /// The method asked for.
        method: Canonicalization,
    },
    /// RFC 8785 canonicalization failed.
    #[error(transparent)]
    Jcs(#[from] crate::jcs::JcsError),
    /// JSON-LD expansion failed (safe mode: an undefined term, a relative IRI, an
    /// unknown context); the error names the JSON path.
    #[error("JSON-LD: {0}")]
    JsonLd(#[from] crate::jsonld::JsonLdError),
    /// RDFC-1.0 stopped at a work or size limit.
    #[error("RDFC-1.0: {0}")]
    Rdfc(#[from] crate::rdf::CanonError),
    /// Another canonicalizer's failure (JSON-LD expansion, RDFC-1.0 work limit, ...).
    #[error("canonicalization failed: {0}")]
    Other(#[source] Box<dyn std::error::Error + Send + Sync + 'static>),
}

/// Turns a JSON(-LD) value into the bytes a suite hashes.
///
/// [`JcsCanonicalizer`] implements [`Canonicalization::Jcs`]. The RDFC suites plug in a
/// canonicalizer that also implements [`Canonicalization::Rdfc`] (JSON-LD expansion to
/// RDF, then RDFC-1.0 canonical N-Quads); every other step of signing and verifying is
/// shared.
pub trait Canonicalizer {
    /// The canonical bytes of `value` under `method`. `value` is either the document
    /// (without its proof) or the proof configuration, each with its `@context`.
    ///
    /// # Errors
    /// [`CanonicalizeError::Unsupported`] for a method this canonicalizer does not
    /// implement, or the method's own failure.
    fn canonicalize(
        &self,
        method: Canonicalization,
        value: &Value,
    ) -> Result<Vec<u8>, CanonicalizeError>;

    /// The canonical bytes of `value` under `method` for a proof made with a key of
    /// `key_type`. ecdsa-rdfc-2019 with P-384 keys runs RDFC-1.0 with SHA-384 as its
    /// internal hash (VC-DI-ECDSA §3.3); the default ignores the key type.
    ///
    /// # Errors
    /// As [`Canonicalizer::canonicalize`].
    fn canonicalize_for(
        &self,
        method: Canonicalization,
        key_type: crate::crypto::KeyType,
        value: &Value,
    ) -> Result<Vec<u8>, CanonicalizeError> {
        let _ = key_type;
        self.canonicalize(method, value)
    }
}

impl<C: Canonicalizer + ?Sized> Canonicalizer for &C {
    fn canonicalize(
        &self,
        method: Canonicalization,
        value: &Value,
    ) -> Result<Vec<u8>, CanonicalizeError> {
        (**self).canonicalize(method, value)
    }

    fn canonicalize_for(
        &self,
        method: Canonicalization,
        key_type: crate::crypto::KeyType,
        value: &Value,
    ) -> Result<Vec<u8>, CanonicalizeError> {
        (**self).canonicalize_for(method, key_type, value)
    }
}

/// The RFC 8785 canonicalizer ([`crate::jcs`]); refuses RDFC.
#[derive(Clone, Copy, Debug, Default)]
pub struct JcsCanonicalizer;

impl Canonicalizer for JcsCanonicalizer {
    fn canonicalize(
        &self,
        method: Canonicalization,
        value: &Value,
    ) -> Result<Vec<u8>, CanonicalizeError> {
        match method {
            Canonicalization::Jcs => Ok(crate::jcs::canonicalize_to_vec(value)?),
            other => Err(CanonicalizeError::Unsupported { method: other }),
        }
    }
}
