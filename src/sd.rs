//! ecdsa-sd-2023 (W3C VC-DI-ECDSA §3.3–3.6): selective disclosure with ECDSA.
//!
//! This version verifies **derived** proofs ([`verify_derived`]): the issuer's base
//! signature over the mandatory statements and, with the holder's ephemeral key, one
//! signature per disclosed statement, after HMAC-relabelling the canonical blank nodes
//! through the proof's label map. A base proof handed to a verifier is a finding
//! (`proof.sd_base`). Proof values are CBOR; the decoder here is minimal and bounded
//! (definite lengths, the five item kinds the suite uses, depth 8).
//!
//! Not in this version: creating base proofs and deriving (the holder side).

mod cbor;
mod derived;

pub use cbor::CborError;
pub use derived::{
    DerivedProofValue, SdProofValue, SdVerification, StatementCheck, check_statements,
    parse_proof_value, verify_derived,
};

/// The cryptosuite name.
pub const CRYPTOSUITE: &str = "ecdsa-sd-2023";

/// Finding codes of ecdsa-sd-2023 verification besides the common `proof.*` ones.
pub mod codes {
    /// A base proof was given to a verifier (only derived proofs are verified).
    pub const SD_BASE: &str = "proof.sd_base";
    /// The number of statement signatures differs from the non-mandatory statements.
    pub const SD_COUNT: &str = "proof.sd_count";
    /// A disclosed statement's signature does not verify (its value was changed).
    pub const SD_STATEMENT: &str = "proof.sd_statement";
}
