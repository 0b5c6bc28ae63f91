//! Errors of proof creation.

use crate::crypto::{Algorithm, SignError};

use super::{CanonicalizeError, Cryptosuite};

/// Why a proof could not be created.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ProofError {
    /// The document is not a JSON object.
    #[error("the document to sign is not a JSON object")]
    NotAnObject,
    /// The existing `proof` member is neither an object nor an array of objects.
    #[error("the document's existing proof is not an object or an array of objects")]
    ExistingProof,
    /// The suite is verify only (`eddsa-2022`, `Ed25519Signature2020`).
    #[error("{cryptosuite} is supported for verification only")]
    VerifyOnly {
        /// The suite.
        cryptosuite: Cryptosuite,
    },
    /// The signer's algorithm does not fit the cryptosuite.
    #[error("cryptosuite {cryptosuite} cannot sign with {algorithm}")]
    AlgorithmMismatch {
        /// The suite.
        cryptosuite: Cryptosuite,
        /// The signer's algorithm.
        algorithm: Algorithm,
    },
    /// An option value is malformed.
    #[error("proof option {option} is invalid: {reason}")]
    InvalidOption {
        /// The option (`created`, `expires`, ...).
        option: &'static str,
        /// What is wrong.
        reason: &'static str,
    },
    /// A `previousProof` id names no existing proof.
    #[error("previousProof {id} matches no existing proof")]
    PreviousProofNotFound {
        /// The id.
        id: String,
    },
    /// Canonicalization failed.
    #[error(transparent)]
    Canonicalize(#[from] CanonicalizeError),
    /// The signer failed.
    #[error(transparent)]
    Sign(#[from] SignError),
}
