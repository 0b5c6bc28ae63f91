//! Signature algorithms and key types.

use std::fmt;
use std::str::FromStr;

/// The type of a key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum KeyType {
    /// Ed25519 (RFC 8032).
    Ed25519,
    /// NIST P-256 (secp256r1).
    P256,
    /// NIST P-384 (secp384r1).
    P384,
    /// NIST P-521 (secp521r1): JOSE `ES512`; not a Data Integrity suite key.
    P521,
    /// RSA (verification only).
    Rsa,
}

impl KeyType {
    /// The usual name: `Ed25519`, `P-256`, `P-384`, `P-521`, `RSA` (the JWK `crv` / `kty` spelling).
    pub fn as_str(self) -> &'static str {
        match self {
            KeyType::Ed25519 => "Ed25519",
            KeyType::P256 => "P-256",
            KeyType::P384 => "P-384",
            KeyType::P521 => "P-521",
            KeyType::Rsa => "RSA",
        }
    }

    /// The cargo feature that enables this key type.
    pub fn feature(self) -> &'static str {
        match self {
            KeyType::Ed25519 => "ed25519",
            KeyType::P256 | KeyType::P384 | KeyType::P521 => "ecdsa",
            KeyType::Rsa => "rsa",
        }
    }

    /// Whether this build supports the key type (its cargo feature is on).
    pub fn is_enabled(self) -> bool {
        match self {
            KeyType::Ed25519 => cfg!(feature = "ed25519"),
            KeyType::P256 | KeyType::P384 | KeyType::P521 => cfg!(feature = "ecdsa"),
            KeyType::Rsa => cfg!(feature = "rsa"),
        }
    }

    /// The algorithm a key of this type signs with by default (RS256 for RSA).
    pub fn default_algorithm(self) -> Algorithm {
        match self {
            KeyType::Ed25519 => Algorithm::EdDsa,
            KeyType::P256 => Algorithm::Es256,
            KeyType::P384 => Algorithm::Es384,
            KeyType::P521 => Algorithm::Es512,
            KeyType::Rsa => Algorithm::Rs256,
        }
    }
}

impl fmt::Display for KeyType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A signature algorithm, named as in JOSE (RFC 7518, RFC 8037).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Algorithm {
    /// Ed25519 signatures (JOSE `EdDSA`; also read as `Ed25519`, RFC 9864).
    EdDsa,
    /// ECDSA on P-256 with SHA-256, signature `r || s` (64 bytes).
    Es256,
    /// ECDSA on P-384 with SHA-384, signature `r || s` (96 bytes).
    Es384,
    /// ECDSA on P-521 with SHA-512, signature `r || s` (132 bytes).
    Es512,
    /// RSASSA-PKCS1-v1_5 with SHA-256.
    Rs256,
    /// RSASSA-PSS with SHA-256, MGF1-SHA-256 and a 32-byte salt.
    Ps256,
}

impl Algorithm {
    /// The JOSE `alg` name.
    pub fn as_str(self) -> &'static str {
        match self {
            Algorithm::EdDsa => "EdDSA",
            Algorithm::Es256 => "ES256",
            Algorithm::Es384 => "ES384",
            Algorithm::Es512 => "ES512",
            Algorithm::Rs256 => "RS256",
            Algorithm::Ps256 => "PS256",
        }
    }

    /// The only key type this algorithm works with.
    pub fn key_type(self) -> KeyType {
        match self {
            Algorithm::EdDsa => KeyType::Ed25519,
            Algorithm::Es256 => KeyType::P256,
            Algorithm::Es384 => KeyType::P384,
            Algorithm::Es512 => KeyType::P521,
            Algorithm::Rs256 | Algorithm::Ps256 => KeyType::Rsa,
        }
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A JOSE `alg` name this crate does not implement.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown or unsupported signature algorithm \"{name}\"")]
#[non_exhaustive]
pub struct UnknownAlgorithm {
    /// The name given.
    pub name: String,
}

impl FromStr for Algorithm {
    type Err = UnknownAlgorithm;

    /// Parses a JOSE `alg` name (case-sensitive, as JOSE requires).
    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Ok(match name {
            "EdDSA" | "Ed25519" => Algorithm::EdDsa,
            "ES256" => Algorithm::Es256,
            "ES384" => Algorithm::Es384,
            "ES512" => Algorithm::Es512,
            "RS256" => Algorithm::Rs256,
            "PS256" => Algorithm::Ps256,
            _ => {
                return Err(UnknownAlgorithm {
                    name: name.to_owned(),
                });
            }
        })
    }
}
