//! JWT-secured credentials: Open Badges 3.0 VC-JWT (§8.2), VCDM 1.1 JWTs, W3C VC-JOSE-COSE
//! `application/vc+jwt` and `EnvelopedVerifiableCredential`.
//!
//! - [`CompactJws`]: strict, bounded decoding of a compact JWS (exactly three segments,
//!   strict base64url, header and payload parsed by [`Document`](crate::document::Document)'s
//!   strict parser: duplicate members refused; a token over [`JwsLimits::max_token_bytes`]
//!   is refused before anything else is done with it). [`sign_compact`] signs any header
//!   and payload with a [`Signer`](crate::crypto::Signer).
//! - [`issue_jwt`] / [`issue_jwt_async`]: a credential as a JWT in one of the [`JwtForm`]s;
//!   [`envelope`] wraps a `vc+jwt` in an `EnvelopedVerifiableCredential`.
//! - [`verify_jwt`] / [`verify_enveloped`]: a [`JwtVerification`] with findings and the
//!   decoded credential for the verifier's other checks. Keys come from any
//!   [`KeyResolver`](crate::resolve::KeyResolver): did:key, did:jwk, did:web and HTTPS
//!   controller documents through [`Resolver`](crate::resolve::Resolver), JWK Sets through
//!   [`JwksResolver`].
//!
//! The [`Verifier`](crate::verify::Verifier) routes every JWT form through this module (its
//! standard proof checker calls [`verify_jwt`] and [`sd_jwt::verify_sd_jwt`]): top-level
//! tokens, `endorsementJwt`, enveloped credentials and JWT-secured status lists; the
//! [`Issuer`](crate::issue::Issuer) issues through [`issue_jwt`].
//!
//! Algorithms: EdDSA, ES256, ES384, ES512 and RS256 by default (PS256 on request). RS256 is
//! verified here; RS256 signing goes through a caller's [`Signer`](crate::crypto::Signer)
//! (a KMS or HSM). `alg: none`, the HMAC algorithms and an `alg` that does not fit the key
//! type are refused (no algorithm confusion); an unknown `crit` header is refused; a `jwk`
//! header with private members is refused.
//!
//! Finding codes (module [`codes`]): `jwt.malformed`, `jwt.alg_refused`,
//! `jwt.crit_unsupported`, `jwt.typ`, `jwt.kid_unresolved`, `jwt.key_not_issuer`,
//! `jwt.key_purpose`, `jwt.jwk_private`, `jwt.jwk_not_issuer_key`, `jwt.jwk_self_asserted`
//! (info), `jwt.signature`, `jwt.claim_missing`, `jwt.claim_mismatch`, `jwt.claim_type`,
//! `jwt.claim_forbidden`, `jwt.expired`, `jwt.not_yet_valid`.
//!
//! ```
//! # #[cfg(feature = "ed25519")] {
//! use openbadges::crypto::{KeyType, SecretKey, Signer as _};
//! use openbadges::jose::{self, JwtForm, JwtIssueOptions, JwtVerifyOptions};
//! use openbadges::resolve::Resolver;
//! use serde_json::json;
//!
//! let signer = SecretKey::from_seed(KeyType::Ed25519, &[3; 32])?.into_did_key_signer();
//! let issuer = signer.key_id().split('#').next().unwrap_or_default().to_owned();
//! let credential = json!({
//!     "@context": ["https://www.w3.org/ns/credentials/v2"],
//!     "type": ["VerifiableCredential"], "issuer": issuer,
//!     "credentialSubject": {"id": "did:example:learner"}
//! });
//! let jws = jose::issue_jwt(&credential, &signer, &JwtIssueOptions::new(JwtForm::VcJose))?;
//! let enveloped = jose::envelope(&jws);
//! let checked = jose::verify_enveloped(&enveloped, &Resolver::offline(), &JwtVerifyOptions::default());
//! assert!(checked.report.is_valid());
//! assert_eq!(checked.form, Some(JwtForm::VcJose));
//!
//! // One changed byte in the payload: the signature no longer verifies.
//! let mut parts: Vec<String> = jws.split('.').map(str::to_owned).collect();
//! let swap = if &parts[1][10..11] == "A" { "B" } else { "A" };
//! parts[1].replace_range(10..11, swap);
//! let checked = jose::verify_jwt(&parts.join("."), &Resolver::offline(), &JwtVerifyOptions::default());
//! assert!(!checked.report.is_valid());
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod base64url;
pub(crate) mod claims;
mod compact;
mod envelope;
mod error;
mod issue;
mod jwks;
pub mod sd_jwt;
mod verify;

pub use compact::{CompactJws, JwsLimits, sign_compact, sign_compact_async};
pub use envelope::{DATA_URL_PREFIX, envelope, enveloped_jws, verify_enveloped};
pub use error::{EnvelopeError, IssueJwtError, JwsError, Segment};
pub use issue::{JwtForm, JwtIssueOptions, issue_jwt, issue_jwt_async};
pub use jwks::JwksResolver;
pub use verify::{JwkPolicy, JwtVerification, JwtVerifyOptions, verify_jwt};

/// The stable finding codes of this module.
pub mod codes {
    /// The token (or envelope) cannot be decoded: size, segments, base64url, JSON, a header
    /// member of the wrong type.
    pub const MALFORMED: &str = "jwt.malformed";
    /// `alg` is `none`, HMAC, unknown, not allowed, or does not fit the key type.
    pub const ALG_REFUSED: &str = "jwt.alg_refused";
    /// A `crit` header this verifier does not understand (or an unencoded payload).
    pub const CRIT_UNSUPPORTED: &str = "jwt.crit_unsupported";
    /// `typ` / `cty` do not name the expected form.
    pub const TYP: &str = "jwt.typ";
    /// The `kid` (or the issuer DID of a `jwk`) did not resolve, or there is no key at all.
    pub const KID_UNRESOLVED: &str = "jwt.kid_unresolved";
    /// The key named by `kid` is controlled by someone other than the issuer.
    pub const KEY_NOT_ISSUER: &str = "jwt.key_not_issuer";
    /// The key is not authorized for `assertionMethod`.
    pub const KEY_PURPOSE: &str = "jwt.key_purpose";
    /// The `jwk` header has private-key members.
    pub const JWK_PRIVATE: &str = "jwt.jwk_private";
    /// The `jwk` header is not one of the issuer's keys (or cannot be bound to it).
    pub const JWK_NOT_ISSUER_KEY: &str = "jwt.jwk_not_issuer_key";
    /// Info: a `jwk` header of a non-DID issuer, accepted as OB 3.0 allows, unbound.
    pub const JWK_SELF_ASSERTED: &str = "jwt.jwk_self_asserted";
    /// The signature does not verify.
    pub const SIGNATURE: &str = "jwt.signature";
    /// A claim the form requires is missing.
    pub const CLAIM_MISSING: &str = "jwt.claim_missing";
    /// A claim disagrees with the credential member it mirrors.
    pub const CLAIM_MISMATCH: &str = "jwt.claim_mismatch";
    /// A claim has the wrong JSON type (`nbf` not a number, ...).
    pub const CLAIM_TYPE: &str = "jwt.claim_type";
    /// A claim the form forbids (`vc` / `vp` in a `vc+jwt`).
    pub const CLAIM_FORBIDDEN: &str = "jwt.claim_forbidden";
    /// `exp` has passed.
    pub const EXPIRED: &str = "jwt.expired";
    /// `nbf` is in the future.
    pub const NOT_YET_VALID: &str = "jwt.not_yet_valid";
}
