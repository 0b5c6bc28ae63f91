//! SD-JWT (IETF draft-ietf-oauth-selective-disclosure-jwt) and SD-JWT VC
//! (draft-ietf-oauth-sd-jwt-vc): selective disclosure for JWT-secured credentials.
//!
//! - Issuer: [`issue_sd_jwt`] makes the object members and array elements named by JSON
//!   pointers selectively disclosable (nested, with optional decoys; salts from the OS RNG
//!   or an injected [`SaltSource`]), with `_sd_alg` `sha-256` and an optional holder key
//!   (`cnf.jwk`). [`credential_to_claims`] / [`claims_to_credential`] map an Open Badges
//!   credential to SD-JWT VC claims (`vct`, `iss`, `status`, …) and back.
//! - Holder: [`SdJwt::parse`], then [`SdJwt::present`] or
//!   [`SdJwt::present_with_key_binding`] choosing what to reveal by JSON pointer; the
//!   KB-JWT carries `nonce`, `aud`, `iat` and `sd_hash`.
//! - Verifier: [`verify_sd_jwt`] returns findings (codes in [`codes`]) and the disclosed
//!   claims.
//!
//! `typ` `dc+sd-jwt` is issued by default; `vc+sd-jwt` (the older SD-JWT VC media type,
//! also VC-JOSE-COSE's) is accepted too.
//!
//! ```
//! # #[cfg(feature = "ed25519")] {
//! use openbadges::crypto::{KeyType, SecretKey, Signer as _};
//! use openbadges::jose::sd_jwt::{self, SdJwt, SdJwtIssueOptions, SdJwtVerifyOptions};
//! use openbadges::resolve::Resolver;
//! use serde_json::json;
//!
//! let issuer = SecretKey::from_seed(KeyType::Ed25519, &[1; 32])?.into_did_key_signer();
//! let holder = SecretKey::from_seed(KeyType::Ed25519, &[2; 32])?;
//! let iss = issuer.key_id().split('#').next().unwrap_or_default().to_owned();
//! let claims = json!({"iss": iss, "vct": "https://example.edu/badge",
//!                     "name": "Teamwork", "score": 9});
//! let options = SdJwtIssueOptions::default().holder_key(holder.public_key());
//! let issued = sd_jwt::issue_sd_jwt(&claims, &["/name", "/score"], &issuer, &options)?;
//!
//! let now = chrono::Utc::now().timestamp();
//! let holder = holder.into_signer("holder");
//! let shown = SdJwt::parse(&issued)?
//!     .present_with_key_binding(&["/name"], &holder, "n-1", "https://verifier.example", now)?;
//!
//! let checked = sd_jwt::verify_sd_jwt(&shown, &Resolver::offline(),
//!     &SdJwtVerifyOptions::default().key_binding("n-1", "https://verifier.example"));
//! assert!(checked.report.is_valid(), "{:?}", checked.report);
//! let disclosed = checked.claims.unwrap();
//! assert_eq!(disclosed["name"], "Teamwork");
//! assert!(disclosed.get("score").is_none());
//! assert!(!shown.contains("score")); // not even its name travels
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod disclosure;
mod error;
mod holder;
mod issue;
mod ob;
mod verify;

pub use disclosure::Disclosure;
pub use error::SdJwtError;
pub use holder::SdJwt;
pub use issue::{OsSalts, SaltSource, SdJwtIssueOptions, issue_sd_jwt, issue_sd_jwt_with_salts};
pub use ob::{claims_to_credential, credential_to_claims, default_disclosable};
pub use verify::{SdJwtVerification, SdJwtVerifyOptions, verify_sd_jwt};

use crate::jose::JwsLimits;

/// `typ` of an SD-JWT VC (current drafts).
pub const TYP_DC: &str = "dc+sd-jwt";
/// `typ` of an SD-JWT VC in earlier drafts, and of VC-JOSE-COSE's SD-JWT credentials.
pub const TYP_VC: &str = "vc+sd-jwt";
/// `typ` of a key-binding JWT.
pub const TYP_KB: &str = "kb+jwt";

/// Bounds applied to an untrusted SD-JWT.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct SdJwtLimits {
    /// Longest accepted serialization in bytes (default 4 MiB), checked first.
    pub max_bytes: usize,
    /// Most disclosures accepted (default 4096).
    pub max_disclosures: usize,
    /// Limits of the issuer-signed JWT and KB-JWT.
    pub jws: JwsLimits,
}

impl Default for SdJwtLimits {
    fn default() -> Self {
        SdJwtLimits {
            max_bytes: 4 * 1024 * 1024,
            max_disclosures: 4096,
            jws: JwsLimits::default(),
        }
    }
}

/// The stable finding codes of SD-JWT verification.
pub mod codes {
    /// The serialization or the issuer JWT cannot be decoded, or an `_sd` / `...` member
    /// has the wrong type.
    pub const MALFORMED: &str = "sd_jwt.malformed";
    /// The issuer JWT's `typ` is not an accepted one.
    pub const TYP: &str = "sd_jwt.typ";
    /// `alg` is missing, `none`, HMAC, unknown or not accepted.
    pub const ALG_REFUSED: &str = "sd_jwt.alg_refused";
    /// No issuer key: no `kid`, or it did not resolve.
    pub const KEY_UNRESOLVED: &str = "sd_jwt.key_unresolved";
    /// The key is controlled by someone other than the issuer.
    pub const KEY_NOT_ISSUER: &str = "sd_jwt.key_not_issuer";
    /// The key is not authorized for `assertionMethod`.
    pub const KEY_PURPOSE: &str = "sd_jwt.key_purpose";
    /// The issuer signature does not verify.
    pub const SIGNATURE: &str = "sd_jwt.signature";
    /// `_sd_alg` is not `sha-256`.
    pub const SD_ALG: &str = "sd_jwt.sd_alg";
    /// A disclosure cannot be decoded.
    pub const DISCLOSURE_MALFORMED: &str = "sd_jwt.disclosure_malformed";
    /// The same disclosure is sent twice.
    pub const DISCLOSURE_DUPLICATED: &str = "sd_jwt.disclosure_duplicated";
    /// A disclosure is referenced by no digest (altered, or from another SD-JWT).
    pub const DISCLOSURE_UNREFERENCED: &str = "sd_jwt.disclosure_unreferenced";
    /// A claim disclosure referenced from an array, or an element disclosure from `_sd`.
    pub const DISCLOSURE_KIND: &str = "sd_jwt.disclosure_kind";
    /// A digest appears more than once.
    pub const DIGEST_DUPLICATED: &str = "sd_jwt.digest_duplicated";
    /// A disclosed claim name already exists in its object.
    pub const CLAIM_COLLISION: &str = "sd_jwt.claim_collision";
    /// A claim SD-JWT VC requires (`vct`) is missing.
    pub const CLAIM_MISSING: &str = "sd_jwt.claim_missing";
    /// `exp`, `nbf` or `iat` is not a number.
    pub const CLAIM_TYPE: &str = "sd_jwt.claim_type";
    /// Nesting of disclosures beyond the limit.
    pub const TOO_DEEP: &str = "sd_jwt.too_deep";
    /// `exp` has passed.
    pub const EXPIRED: &str = "sd_jwt.expired";
    /// `nbf` is in the future.
    pub const NOT_YET_VALID: &str = "sd_jwt.not_yet_valid";
    /// Key binding is required and there is no KB-JWT.
    pub const KB_MISSING: &str = "sd_jwt.kb_missing";
    /// The KB-JWT cannot be decoded or its `alg` is refused.
    pub const KB_MALFORMED: &str = "sd_jwt.kb_malformed";
    /// The KB-JWT `typ` is not `kb+jwt`.
    pub const KB_TYP: &str = "sd_jwt.kb_typ";
    /// No usable `cnf.jwk` holder key.
    pub const KB_CNF: &str = "sd_jwt.kb_cnf";
    /// The KB-JWT signature does not verify with the `cnf` key.
    pub const KB_SIGNATURE: &str = "sd_jwt.kb_signature";
    /// The KB-JWT `iat` is missing, in the future or too old.
    pub const KB_IAT: &str = "sd_jwt.kb_iat";
    /// The KB-JWT `nonce` is missing or not the expected one.
    pub const KB_NONCE: &str = "sd_jwt.kb_nonce";
    /// The KB-JWT `aud` is missing or not the expected one.
    pub const KB_AUDIENCE: &str = "sd_jwt.kb_audience";
    /// The KB-JWT `sd_hash` does not match the presented SD-JWT.
    pub const KB_SD_HASH: &str = "sd_jwt.kb_sd_hash";
}
