//! Keys, signers and signature algorithms.
//!
//! - [`PublicKey`]: Ed25519, P-256, P-384, P-521 and RSA (verification only) public keys,
//!   read from Multikey `publicKeyMultibase` (RSA as `rsa-pub` PKCS#1 DER), JWK
//!   (`publicKeyJwk`) or raw bytes, with
//!   [`PublicKey::verify`] for an explicit [`Algorithm`]. A signature algorithm that does not
//!   match the key type is an error, never a silent fallback (no algorithm confusion).
//! - [`SecretKey`]: Ed25519, P-256, P-384 and P-521 secret keys from seed bytes, multibase or JWK,
//!   or freshly generated from the operating system's RNG. `Debug` is redacted and the key
//!   material is zeroized on drop.
//! - [`Signer`] / [`AsyncSigner`]: how proofs get signed. [`KeySigner`] signs with a local
//!   [`SecretKey`]; a KMS or HSM implements [`Signer`] (or [`AsyncSigner`]) itself. RSA
//!   signing is only available that way: private-key RSA operations in pure Rust have a known
//!   timing side channel (RUSTSEC-2023-0071, "Marvin"), so this crate verifies RSA but never
//!   holds an RSA private key.
//!
//! Each algorithm sits behind a cargo feature (`ed25519`, `ecdsa`, `rsa`). With a feature
//! off, keys of that type are rejected with [`KeyError::FeatureDisabled`] and verification
//! with [`SignatureError::FeatureDisabled`]; nothing panics.
//!
//! ## ECDSA signatures
//! ES256 / ES384 / ES512 signatures are the raw IEEE P1363 concatenation `r || s` (32 + 32
//! bytes for P-256, 48 + 48 for P-384, 66 + 66 for P-521), as Data Integrity and JOSE use,
//! over SHA-256 / SHA-384 / SHA-512 of the message. Verification accepts both "low-S" and "high-S" signatures: WebCrypto and most
//! JavaScript issuers emit either, and ECDSA malleability does not matter for credentials
//! (a signature is not an identifier). The built-in signers always emit the low-S form,
//! which strict verifiers also accept; P-256 and P-384 nonces are deterministic (RFC 6979),
//! P-521 nonces come from the operating system's RNG (the `p521` backend has no RFC 6979
//! signer: SHA-512 is shorter than its 66-byte field).
//!
//! ```
//! # #[cfg(feature = "ed25519")] {
//! use openbadges::crypto::{Algorithm, KeyType, SecretKey, Signer};
//!
//! let secret = SecretKey::from_seed(KeyType::Ed25519, &[7u8; 32]).unwrap();
//! let public = secret.public_key();
//! let signer = secret.into_did_key_signer();
//! let signature = signer.sign(b"hello").unwrap();
//! assert!(public.verify(Algorithm::EdDsa, b"hello", &signature).is_ok());
//! assert!(public.verify(Algorithm::Es256, b"hello", &signature).is_err());
//! # }
//! ```

// With an algorithm feature off, some code paths are unreachable or some inputs unused.
#![cfg_attr(
    not(all(feature = "ed25519", feature = "ecdsa", feature = "rsa")),
    allow(unused, unreachable_code, unreachable_patterns)
)]

mod algorithm;
mod error;
mod jwk;
pub mod multibase;
pub mod multicodec;
mod public_key;
mod secret_key;
mod signer;

pub use algorithm::{Algorithm, KeyType, UnknownAlgorithm};
pub use error::{KeyError, KeyKind, SignError, SignatureError};
pub use public_key::PublicKey;
pub use secret_key::SecretKey;
pub use signer::{AsyncSigner, KeySigner, Signer};
