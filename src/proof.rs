//! Data Integrity proofs (`DataIntegrityProof`): creation and verification.
//!
//! The suites `eddsa-jcs-2022` and `ecdsa-jcs-2019` work out of the box with
//! [`JcsCanonicalizer`]; `eddsa-rdfc-2022` and `ecdsa-rdfc-2019` follow the very same steps
//! with a [`Canonicalizer`] that implements RDFC-1.0 (the JSON-LD engine supplies it). The
//! steps (W3C VC-DI-EdDSA and VC-DI-ECDSA, §3):
//!
//! 1. the proof configuration is the proof without `proofValue`, with the document's
//!    `@context` (the JCS suites copy it into the proof itself);
//! 2. the document is hashed without its proofs, except the proofs a `previousProof` names
//!    (proof chains, VC-DI 1.0 §4.2);
//! 3. `hashData = H(canonical config) || H(canonical document)`, with SHA-384 for P-384
//!    keys and SHA-256 otherwise;
//! 4. the signature (Ed25519, or ECDSA `r || s`) is the base58btc multibase `proofValue`.
//!
//! [`add_proof`] signs (with a [`Signer`](crate::crypto::Signer); [`add_proof_async`] with
//! an [`AsyncSigner`](crate::crypto::AsyncSigner)); [`verify_proofs`] checks every proof of
//! a document, each with findings that explain a failure ([`verify_proofs_async`] with an
//! [`AsyncKeyResolver`](crate::resolve::AsyncKeyResolver)).

mod canonicalize;
mod create;
mod error;
mod options;
mod rdfc;
mod suite;
mod verify;

pub use canonicalize::{CanonicalizeError, Canonicalizer, JcsCanonicalizer, MemberValue};
pub use create::{add_proof, add_proof_async};
pub use error::ProofError;
pub use options::ProofOptions;
pub use rdfc::{RDFC_WORK_LIMIT, RdfcCanonicalizer};
pub use suite::{Canonicalization, Cryptosuite};
pub use verify::{
    CREATED_IN_FUTURE_LEEWAY, ProofCheck, ProofOutcome, VerifyOptions, verify_document_proofs,
    verify_proofs, verify_proofs_async,
};
