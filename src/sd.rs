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
//! [`add_base_proof`] and [`derive()`] canonicalize with the bundled contexts
//! ([`RdfcCanonicalizer::new`](crate::proof::RdfcCanonicalizer::new)); their `_with` forms
//! ([`add_base_proof_with`], [`derive_with`]) take another canonicalizer. Issuers of Open
//! Badges choose what holders may hide: [`default_mandatory_pointers`] keeps the whole
//! achievement mandatory, [`minimal_mandatory_pointers`] only who, to whom, which
//! achievement (`id`, `type`), when and its status. [`Issuer::issue_sd`](crate::issue::Issuer::issue_sd)
//! validates the credential before adding the base proof, as for the other suites. The
//! example `examples/selective_disclosure.rs` runs issuer, holder and verifier end to end.
//!
//! ```
//! use openbadges::crypto::{KeyType, SecretKey, Signer as _};
//! use openbadges::proof::RdfcCanonicalizer;
//! use openbadges::resolve::Resolver;
//! use openbadges::sd::{self, BaseProofOptions};
//! use serde_json::json;
//!
//! let issuer = SecretKey::generate(KeyType::P256)?.into_did_key_signer();
//! let credential = json!({
//!     "@context": ["https://www.w3.org/ns/credentials/v2"],
//!     "type": ["VerifiableCredential"],
//!     "issuer": issuer.controller(),
//!     "credentialSubject": {"id": "did:example:learner", "name": "Ada", "description": "x"}
//! });
//! let options = BaseProofOptions::new(["/issuer"]);
//! let base = sd::add_base_proof(&credential, &issuer, &options)?;
//! let shown = sd::derive(&base, ["/credentialSubject/name"])?;
//! assert_eq!(shown["credentialSubject"], json!({"id": "did:example:learner", "name": "Ada"}));
//! let canon = RdfcCanonicalizer::new();
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

pub use base::{
    BaseProofOptions, MINIMAL_MANDATORY_POINTERS, add_base_proof, add_base_proof_with,
    default_mandatory_pointers, minimal_mandatory_pointers,
};
pub use cbor::CborError;
pub use derived::{
    DerivedProofValue, SdProofValue, SdVerification, StatementCheck, check_statements,
    parse_proof_value, verify_derived,
};
pub use disclose::{DisclosureIndexes, derive, derive_with, disclosure_indexes};
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
