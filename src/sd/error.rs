//! Errors of creating ecdsa-sd-2023 base proofs and deriving disclosures.

use super::CborError;
use crate::crypto::{Algorithm, KeyError, SignError};
use crate::jsonld::JsonLdError;
use crate::proof::CanonicalizeError;
use crate::rdf::CanonError;

/// Why an ecdsa-sd-2023 base proof could not be created or a disclosure derived.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SdError {
    /// The document is not a JSON object.
    #[error("the document is not a JSON object")]
    NotObject,
    /// A JSON pointer is malformed or names nothing in the document.
    #[error("JSON pointer \"{pointer}\": {reason}")]
    Pointer {
        /// The pointer.
        pointer: String,
        /// What is wrong.
        reason: &'static str,
    },
    /// JSON-LD expansion of the document (or of a selection) failed.
    #[error("JSON-LD: {0}")]
    JsonLd(#[from] JsonLdError),
    /// RDFC-1.0 stopped at a limit.
    #[error("RDFC-1.0: {0}")]
    Canon(#[from] CanonError),
    /// The proof configuration could not be canonicalized.
    #[error("the proof configuration: {0}")]
    ProofConfig(#[from] CanonicalizeError),
    /// The document has a shape ecdsa-sd-2023 cannot disclose selectively.
    #[error("ecdsa-sd-2023 cannot disclose this document selectively: {reason}")]
    Skolemize {
        /// Which shape.
        reason: &'static str,
    },
    /// The signer's algorithm is not ES256 or ES384.
    #[error("ecdsa-sd-2023 signs with ES256 (P-256) or ES384 (P-384), not {algorithm:?}")]
    Algorithm {
        /// The signer's algorithm.
        algorithm: Algorithm,
    },
    /// An option value is invalid.
    #[error("option {option}: {reason}")]
    Option {
        /// The option.
        option: &'static str,
        /// Why.
        reason: &'static str,
    },
    /// The credential has no ecdsa-sd-2023 base proof to derive from.
    #[error("the credential has no ecdsa-sd-2023 base proof: {reason}")]
    NoBaseProof {
        /// What was found instead.
        reason: &'static str,
    },
    /// The base proof value is malformed.
    #[error("the base proofValue is malformed: {reason}")]
    ProofValue {
        /// What is wrong.
        reason: &'static str,
    },
    /// The base proof value's CBOR is malformed.
    #[error("the base proofValue: {0}")]
    Cbor(#[from] CborError),
    /// The base proof's statement signatures do not match the document's statements.
    #[error(
        "the base proof has {signatures} statement signatures for {statements} non-mandatory statements: the credential was changed after issuance"
    )]
    StatementCount {
        /// Signatures in the proof.
        signatures: usize,
        /// Non-mandatory statements of the document.
        statements: usize,
    },
    /// A key could not be made or read.
    #[error(transparent)]
    Key(#[from] KeyError),
    /// A signer failed.
    #[error(transparent)]
    Sign(#[from] SignError),
}

impl SdError {
    pub(crate) fn pointer(pointer: &str, reason: &'static str) -> Self {
        SdError::Pointer {
            pointer: pointer.to_owned(),
            reason,
        }
    }
}
