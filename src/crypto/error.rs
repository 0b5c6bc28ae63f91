//! Errors of key decoding, signing and signature verification.

use super::multibase::MultibaseError;
use super::{Algorithm, KeyType};

/// Whether a key is public or secret (in [`KeyError::WrongKind`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KeyKind {
    /// A public key.
    Public,
    /// A secret (private) key.
    Secret,
}

impl std::fmt::Display for KeyKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            KeyKind::Public => "public",
            KeyKind::Secret => "secret",
        })
    }
}

/// Why key material could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum KeyError {
    /// The multibase text is malformed.
    #[error("key multibase: {0}")]
    Multibase(#[from] MultibaseError),
    /// The multicodec header is not a valid, minimal varint.
    #[error("malformed multicodec varint header")]
    MulticodecVarint,
    /// The multicodec header names a key type this crate does not support.
    #[error("unsupported multicodec key type 0x{code:x}{}", name.map(|n| format!(" ({n})")).unwrap_or_default())]
    UnsupportedCodec {
        /// The multicodec code.
        code: u64,
        /// Its registered name, when known.
        name: Option<&'static str>,
    },
    /// A secret key where a public key is expected, or the reverse.
    #[error("a {found} key where a {expected} key is expected")]
    WrongKind {
        /// The kind expected.
        expected: KeyKind,
        /// The kind found.
        found: KeyKind,
    },
    /// The key type is known but its cargo feature is off in this build.
    #[error("{key_type} keys are not supported by this build (cargo feature \"{feature}\" is off)")]
    FeatureDisabled {
        /// The key type.
        key_type: KeyType,
        /// The feature to enable.
        feature: &'static str,
    },
    /// The key bytes have the wrong length.
    #[error("{key_type} {kind} key is {actual} bytes, expected {expected}")]
    Length {
        /// The key type.
        key_type: KeyType,
        /// Public or secret.
        kind: KeyKind,
        /// The expected length.
        expected: usize,
        /// The length found.
        actual: usize,
    },
    /// The bytes are not a valid key: a point not on the curve, a non-canonical or
    /// small-order Ed25519 point, a zero or out-of-range scalar.
    #[error("invalid {key_type} {kind} key: {reason}")]
    Invalid {
        /// The key type.
        key_type: KeyType,
        /// Public or secret.
        kind: KeyKind,
        /// What is wrong.
        reason: &'static str,
    },
    /// The JWK is not a JSON object.
    #[error("JWK is not a JSON object")]
    JwkNotObject,
    /// A required JWK member is missing.
    #[error("JWK member \"{member}\" is missing")]
    JwkMissing {
        /// The member name.
        member: &'static str,
    },
    /// A JWK member has a malformed value.
    #[error("JWK member \"{member}\" is invalid: {reason}")]
    JwkInvalid {
        /// The member name.
        member: &'static str,
        /// What is wrong.
        reason: &'static str,
    },
    /// A JWK `kty` / `crv` this crate does not support.
    #[error("unsupported JWK {member} \"{value}\"")]
    JwkUnsupported {
        /// `kty` or `crv`.
        member: &'static str,
        /// The value found.
        value: String,
    },
    /// A JWK with private-key members where a public key is expected.
    #[error("JWK has private member \"{member}\" where a public key is expected")]
    JwkPrivateMember {
        /// The private member found (`d`, `p`, `q`, `dp`, `dq`, `qi`, `oth` or `k`).
        member: &'static str,
    },
    /// An RSA modulus outside the accepted size range.
    #[error("RSA modulus of {bits} bits is outside the accepted range {min}..={max}")]
    RsaSize {
        /// Size of the modulus.
        bits: usize,
        /// Smallest accepted size.
        min: usize,
        /// Largest accepted size.
        max: usize,
    },
}

/// Why a signature did not verify, or could not be checked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SignatureError {
    /// The algorithm does not belong to the key type (no algorithm confusion).
    #[error("signature algorithm {algorithm} does not match a {key_type} key")]
    KeyMismatch {
        /// The algorithm asked for.
        algorithm: Algorithm,
        /// The key's type.
        key_type: KeyType,
    },
    /// The signature has the wrong length or encoding for the algorithm.
    #[error("{algorithm} signature is {actual} bytes, expected {expected}")]
    Length {
        /// The algorithm.
        algorithm: Algorithm,
        /// The expected length.
        expected: usize,
        /// The length found.
        actual: usize,
    },
    /// The signature is well formed but does not verify.
    #[error("{algorithm} signature does not verify")]
    Invalid {
        /// The algorithm.
        algorithm: Algorithm,
    },
    /// The algorithm's cargo feature is off in this build.
    #[error("{algorithm} is not supported by this build (cargo feature \"{feature}\" is off)")]
    FeatureDisabled {
        /// The algorithm.
        algorithm: Algorithm,
        /// The feature to enable.
        feature: &'static str,
    },
}

/// Why signing failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SignError {
    /// The algorithm does not belong to the key type.
    #[error("signature algorithm {algorithm} does not match a {key_type} key")]
    KeyMismatch {
        /// The algorithm asked for.
        algorithm: Algorithm,
        /// The key's type.
        key_type: KeyType,
    },
    /// The signer does not implement this algorithm.
    #[error("this signer cannot sign with {algorithm}")]
    Unsupported {
        /// The algorithm.
        algorithm: Algorithm,
    },
    /// A caller's signer (KMS, HSM, remote service) failed.
    #[error("signing backend failed: {0}")]
    Backend(#[source] Box<dyn std::error::Error + Send + Sync + 'static>),
}

impl SignError {
    /// Wraps an error of a caller's signing backend.
    pub fn backend(error: impl Into<Box<dyn std::error::Error + Send + Sync + 'static>>) -> Self {
        SignError::Backend(error.into())
    }
}
