//! ecdsa-sd-2023 (W3C VC-DI-ECDSA §3.3–3.6): selective disclosure with ECDSA.
//!
//! The three parties:
//! - the issuer adds a **base proof** ([`add_base_proof`]): every statement of the
//!   credential signed separately by a proof-scoped key, the mandatory ones (chosen by
//!   JSON pointers, [`default_mandatory_pointers`] for Open Badges) hashed under the
//!   issuer's own signature, blank nodes relabelled with an HMAC key given to the holder;
//! - the holder **derives** a disclosure ([`derive()`]): the mandatory statements plus the
//!   ones at chosen JSON pointers, and only their signatures;
//! - the verifier checks the **derived proof** ([`verify_derived`]). A base proof handed
//!   to a verifier is a finding (`proof.sd_base`).
//!
//! Proof values are CBOR; the codec here is minimal and bounded (definite lengths, the
//! five item kinds the suite uses, depth 8).
//!
//! ```
//! use openbadges::crypto::{KeyType, SecretKey, Signer as _};
//! use openbadges::proof::RdfcCanonicalizer;
//! use openbadges::resolve::Resolver;
//! use openbadges::sd::{self, BaseProofOptions};
//! use serde_json::json;
//!
//! let issuer = SecretKey::generate(KeyType::P256)?.into_did_key_signer();
//! let did = issuer.key_id().split('#').next().unwrap_or_default().to_owned();
//! let credential = json!({
//!     "@context": ["https://www.w3.org/ns/credentials/v2"],
//!     "type": ["VerifiableCredential"],
//!     "issuer": did,
//!     "credentialSubject": {"id": "did:example:learner", "name": "Ada", "description": "x"}
//! });
//! let canon = RdfcCanonicalizer::new();
//! let options = BaseProofOptions::new(["/issuer"]);
//! let base = sd::add_base_proof(&credential, &issuer, &canon, &options)?;
//! let shown = sd::derive(&base, &["/credentialSubject/name".to_owned()], &canon)?;
//! assert_eq!(shown["credentialSubject"], json!({"id": "did:example:learner", "name": "Ada"}));
//! let checked = sd::verify_derived(&shown, &Resolver::offline(), &canon);
//! assert!(checked.report.is_valid(), "{:?}", checked.report);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod base;
mod cbor;
mod derived;
mod disclose;
mod error;
#[cfg(feature = "ecdsa")]
mod fast_verify;
mod group;
mod hmac;
mod proof_value;
mod select;
mod skolem;
pub mod steps;

pub use base::{BaseProofOptions, add_base_proof, default_mandatory_pointers};
pub use cbor::CborError;
pub use derived::{
    DerivedProofValue, SdProofValue, SdVerification, StatementCheck, check_statements,
    parse_proof_value, verify_derived,
};
pub use disclose::{DisclosureIndexes, derive, disclosure_indexes};
pub use error::SdError;
pub use proof_value::BaseProofValue;

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
