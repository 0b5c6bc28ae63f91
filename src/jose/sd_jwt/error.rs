//! Errors of SD-JWT issuing, parsing and presenting.

use crate::crypto::SignError;
use crate::jose::JwsError;

/// Why an SD-JWT could not be issued, parsed or presented.
///
/// A token that parses but fails a check is not an error: [`verify_sd_jwt`](super::verify_sd_jwt)
/// reports it as findings.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SdJwtError {
    /// The claims to issue are not a JSON object.
    #[error("the claims of an SD-JWT must be a JSON object")]
    ClaimsNotObject,
    /// A JSON pointer is malformed or does not name a claim.
    #[error("pointer \"{pointer}\": {reason}")]
    Pointer {
        /// The pointer as given.
        pointer: String,
        /// Why it was refused.
        reason: &'static str,
    },
    /// A claim name is reserved by SD-JWT (`_sd`, `...`, `_sd_alg` inside the claims).
    #[error("claim name \"{name}\" at {pointer} is reserved by SD-JWT")]
    ReservedName {
        /// The reserved name.
        name: String,
        /// Where it was found (JSON pointer of the object holding it).
        pointer: String,
    },
    /// The signer failed.
    #[error(transparent)]
    Sign(#[from] SignError),
    /// The issuer-signed JWT or the KB-JWT is not a compact JWS.
    #[error("{part}: {source}")]
    Jws {
        /// Which JWT: `issuer-signed JWT` or `KB-JWT`.
        part: &'static str,
        /// The decoding problem.
        source: JwsError,
    },
    /// The serialization is not `<JWT>~<disclosure>~...~[<KB-JWT>]`.
    #[error("not an SD-JWT: {reason}")]
    Format {
        /// What is wrong.
        reason: &'static str,
    },
    /// The SD-JWT is longer than the limit.
    #[error("SD-JWT is {size} bytes, more than the limit of {limit} bytes")]
    TooLarge {
        /// Size of the input.
        size: usize,
        /// The limit in force.
        limit: usize,
    },
    /// The SD-JWT has more disclosures than the limit.
    #[error("SD-JWT has {count} disclosures, more than the limit of {limit}")]
    TooManyDisclosures {
        /// Number of disclosures.
        count: usize,
        /// The limit in force.
        limit: usize,
    },
    /// A disclosure cannot be decoded.
    #[error("disclosure {index}: {reason}")]
    Disclosure {
        /// Zero-based position among the disclosures.
        index: usize,
        /// What is wrong.
        reason: &'static str,
    },
    /// The SD-JWT uses a digest algorithm other than `sha-256`.
    #[error("unsupported _sd_alg \"{name}\" (only sha-256 is supported)")]
    DigestAlgorithm {
        /// The algorithm named by `_sd_alg`.
        name: String,
    },
    /// An Open Badges credential cannot be mapped to SD-JWT VC claims (or back).
    #[error("mapping {member}: {reason}")]
    Mapping {
        /// The credential member or claim concerned.
        member: &'static str,
        /// What is wrong.
        reason: &'static str,
    },
}
