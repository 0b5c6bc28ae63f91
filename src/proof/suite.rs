//! Data Integrity cryptosuites and their canonicalization methods.

use std::fmt;

use crate::crypto::KeyType;

/// How a suite turns JSON into the bytes it hashes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Canonicalization {
    /// RFC 8785 JSON Canonicalization Scheme (the `-jcs-` suites).
    Jcs,
    /// RDFC-1.0 canonical N-Quads of the JSON-LD document (the `-rdfc-` suites).
    Rdfc,
}

impl fmt::Display for Canonicalization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Canonicalization::Jcs => "JCS (RFC 8785)",
            Canonicalization::Rdfc => "RDFC-1.0",
        })
    }
}

/// A Data Integrity cryptosuite of `DataIntegrityProof`.
///
/// All four share the same steps (W3C VC-DI-EdDSA §3, VC-DI-ECDSA §3): canonicalize the
/// proof configuration and the document, hash each, concatenate the hashes
/// (`H(config) || H(document)`) and sign that. They differ only in the
/// [`Canonicalization`] and in the key type (and so the hash: SHA-384 for P-384 keys,
/// SHA-256 otherwise).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Cryptosuite {
    /// `eddsa-jcs-2022`: Ed25519 over JCS.
    EddsaJcs2022,
    /// `ecdsa-jcs-2019`: ECDSA P-256 / P-384 over JCS.
    EcdsaJcs2019,
    /// `eddsa-rdfc-2022`: Ed25519 over RDFC-1.0.
    EddsaRdfc2022,
    /// `ecdsa-rdfc-2019`: ECDSA P-256 / P-384 over RDFC-1.0.
    EcdsaRdfc2019,
    /// `eddsa-2022`: the draft name of `eddsa-rdfc-2022` (same algorithm); verify only.
    Eddsa2022,
    /// The legacy proof type `Ed25519Signature2020` (VCDM 1.1 era): no `cryptosuite`, the
    /// same steps as `eddsa-rdfc-2022` (the proof options take the document's `@context`,
    /// `SHA-256(options) || SHA-256(document)` is signed with Ed25519); verify only.
    Ed25519Signature2020,
}

impl Cryptosuite {
    /// Every suite that signs (the current W3C suites).
    pub const ALL: [Cryptosuite; 4] = [
        Cryptosuite::EddsaJcs2022,
        Cryptosuite::EcdsaJcs2019,
        Cryptosuite::EddsaRdfc2022,
        Cryptosuite::EcdsaRdfc2019,
    ];

    /// The `cryptosuite` value.
    pub fn name(self) -> &'static str {
        match self {
            Cryptosuite::EddsaJcs2022 => "eddsa-jcs-2022",
            Cryptosuite::EcdsaJcs2019 => "ecdsa-jcs-2019",
            Cryptosuite::EddsaRdfc2022 => "eddsa-rdfc-2022",
            Cryptosuite::EcdsaRdfc2019 => "ecdsa-rdfc-2019",
            Cryptosuite::Eddsa2022 => "eddsa-2022",
            Cryptosuite::Ed25519Signature2020 => "Ed25519Signature2020",
        }
    }

    /// The suite whose `cryptosuite` value (of a `DataIntegrityProof`) is `name`, if known;
    /// the draft `eddsa-2022` included.
    pub fn from_name(name: &str) -> Option<Self> {
        Cryptosuite::ALL
            .into_iter()
            .chain([Cryptosuite::Eddsa2022])
            .find(|s| s.name() == name)
    }

    /// The suite of a proof of type `proof_type` with `cryptosuite` (if any).
    pub fn from_proof(proof_type: &str, cryptosuite: Option<&str>) -> Option<Self> {
        match (proof_type, cryptosuite) {
            ("DataIntegrityProof", Some(name)) => Cryptosuite::from_name(name),
            ("Ed25519Signature2020", None) => Some(Cryptosuite::Ed25519Signature2020),
            _ => None,
        }
    }

    /// The proof `type` the suite writes.
    pub fn proof_type(self) -> &'static str {
        match self {
            Cryptosuite::Ed25519Signature2020 => "Ed25519Signature2020",
            _ => "DataIntegrityProof",
        }
    }

    /// Whether this library signs with the suite (legacy suites are verify only).
    pub fn can_sign(self) -> bool {
        !matches!(
            self,
            Cryptosuite::Eddsa2022 | Cryptosuite::Ed25519Signature2020
        )
    }

    /// The canonicalization the suite uses.
    pub fn canonicalization(self) -> Canonicalization {
        match self {
            Cryptosuite::EddsaJcs2022 | Cryptosuite::EcdsaJcs2019 => Canonicalization::Jcs,
            Cryptosuite::EddsaRdfc2022
            | Cryptosuite::EcdsaRdfc2019
            | Cryptosuite::Eddsa2022
            | Cryptosuite::Ed25519Signature2020 => Canonicalization::Rdfc,
        }
    }

    /// Whether the suite signs with keys of `key_type`.
    pub fn accepts(self, key_type: KeyType) -> bool {
        match self {
            Cryptosuite::EddsaJcs2022
            | Cryptosuite::EddsaRdfc2022
            | Cryptosuite::Eddsa2022
            | Cryptosuite::Ed25519Signature2020 => key_type == KeyType::Ed25519,
            Cryptosuite::EcdsaJcs2019 | Cryptosuite::EcdsaRdfc2019 => {
                matches!(key_type, KeyType::P256 | KeyType::P384)
            }
        }
    }

    /// Whether the proof itself carries the document's `@context` (the JCS suites: the
    /// proof configuration is the proof without its value) or only the hashed proof
    /// configuration does (the RDFC suites).
    pub fn context_in_proof(self) -> bool {
        self.canonicalization() == Canonicalization::Jcs
    }
}

impl fmt::Display for Cryptosuite {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The hash of a suite with a key type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Hash {
    Sha256,
    Sha384,
}

impl Hash {
    pub(super) fn for_key(key_type: KeyType) -> Self {
        if key_type == KeyType::P384 {
            Hash::Sha384
        } else {
            Hash::Sha256
        }
    }

    pub(super) fn digest(self, bytes: &[u8]) -> Vec<u8> {
        use sha2::Digest as _;
        match self {
            Hash::Sha256 => sha2::Sha256::digest(bytes).to_vec(),
            Hash::Sha384 => sha2::Sha384::digest(bytes).to_vec(),
        }
    }
}
