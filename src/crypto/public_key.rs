//! Public keys: decoding, encoding and signature verification.

use std::fmt;

use super::error::KeyKind;
use super::multibase::{self, Base};
use super::multicodec;
use super::{Algorithm, KeyError, KeyType, SignatureError};

/// The inner, feature-dependent key. Variants only exist when their feature is on.
#[derive(Clone, PartialEq, Eq)]
pub(super) enum Inner {
    #[cfg(feature = "ed25519")]
    Ed25519(ed25519_dalek::VerifyingKey),
    #[cfg(feature = "ecdsa")]
    P256(p256::ecdsa::VerifyingKey),
    #[cfg(feature = "ecdsa")]
    P384(p384::ecdsa::VerifyingKey),
    #[cfg(feature = "ecdsa")]
    P521(P521Key),
    #[cfg(feature = "rsa")]
    Rsa(rsa::RsaPublicKey),
}

/// A public key of one of the supported types ([`KeyType`]), validated on construction.
///
/// Ed25519 keys are checked to be canonical points of large order; P-256 / P-384 keys to be
/// points on the curve (not the identity); RSA moduli to have 2048 to 4096 bits.
///
/// ```
/// # #[cfg(feature = "ed25519")] {
/// use openbadges::crypto::{KeyType, PublicKey};
///
/// let key = PublicKey::from_multibase("z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2").unwrap();
/// assert_eq!(key.key_type(), KeyType::Ed25519);
/// assert_eq!(key.did_key().unwrap(), "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2");
/// # }
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct PublicKey(pub(super) Inner);

/// Smallest accepted RSA modulus, in bits.
pub(super) const RSA_MIN_BITS: usize = 2048;
/// Largest accepted RSA modulus, in bits (bounds verification work on hostile keys).
pub(super) const RSA_MAX_BITS: usize = 4096;
/// Largest accepted decoded Multikey, in bytes: a PKCS#1 DER of a 4096-bit RSA key is
/// about 530 bytes; every curve key is under 70.
const MAX_MULTIKEY_BYTES: usize = 600;

/// A P-521 verifying key (compared by its point; the backend type does not derive `Eq`).
#[cfg(feature = "ecdsa")]
#[derive(Clone)]
pub(super) struct P521Key(pub(super) p521::ecdsa::VerifyingKey);

#[cfg(feature = "ecdsa")]
impl PartialEq for P521Key {
    fn eq(&self, other: &Self) -> bool {
        self.0.to_encoded_point(true) == other.0.to_encoded_point(true)
    }
}

#[cfg(feature = "ecdsa")]
impl Eq for P521Key {}

#[cfg(not(all(feature = "ed25519", feature = "ecdsa", feature = "rsa")))]
fn disabled(key_type: KeyType) -> KeyError {
    KeyError::FeatureDisabled {
        key_type,
        feature: key_type.feature(),
    }
}

fn length(key_type: KeyType, expected: usize, actual: usize) -> KeyError {
    KeyError::Length {
        key_type,
        kind: KeyKind::Public,
        expected,
        actual,
    }
}

impl PublicKey {
    /// The key's type.
    pub fn key_type(&self) -> KeyType {
        match self.0 {
            #[cfg(feature = "ed25519")]
            Inner::Ed25519(_) => KeyType::Ed25519,
            #[cfg(feature = "ecdsa")]
            Inner::P256(_) => KeyType::P256,
            #[cfg(feature = "ecdsa")]
            Inner::P384(_) => KeyType::P384,
            #[cfg(feature = "ecdsa")]
            Inner::P521(_) => KeyType::P521,
            #[cfg(feature = "rsa")]
            Inner::Rsa(_) => KeyType::Rsa,
        }
    }

    /// Reads a key from its bytes: 32 raw bytes for Ed25519, a SEC1 point (compressed or
    /// uncompressed) for P-256, P-384 and P-521, the DER of a PKCS#1 `RSAPublicKey` for RSA.
    ///
    /// # Errors
    /// [`KeyError::Length`] or [`KeyError::Invalid`] for bad bytes,
    /// [`KeyError::RsaSize`] for an RSA modulus outside 2048..=4096 bits,
    /// [`KeyError::FeatureDisabled`] when the key type's feature is off.
    pub fn from_bytes(key_type: KeyType, bytes: &[u8]) -> Result<Self, KeyError> {
        match key_type {
            KeyType::Ed25519 => ed25519_from_bytes(bytes),
            KeyType::P256 => p256_from_sec1(bytes),
            KeyType::P384 => p384_from_sec1(bytes),
            KeyType::P521 => p521_from_sec1(bytes),
            KeyType::Rsa => rsa_from_pkcs1_der(bytes),
        }
    }

    /// The key's bytes: 32 raw bytes for Ed25519, the compressed SEC1 point for P-256,
    /// P-384 and P-521, and `None` for RSA (use [`to_jwk`](Self::to_jwk)).
    pub fn to_bytes(&self) -> Option<Vec<u8>> {
        match self.0 {
            #[cfg(feature = "ed25519")]
            Inner::Ed25519(ref k) => Some(k.to_bytes().to_vec()),
            #[cfg(feature = "ecdsa")]
            Inner::P256(ref k) => Some(k.to_encoded_point(true).as_bytes().to_vec()),
            #[cfg(feature = "ecdsa")]
            Inner::P384(ref k) => Some(k.to_encoded_point(true).as_bytes().to_vec()),
            #[cfg(feature = "ecdsa")]
            Inner::P521(ref k) => Some(k.0.to_encoded_point(true).as_bytes().to_vec()),
            #[cfg(feature = "rsa")]
            Inner::Rsa(_) => None,
        }
    }

    /// Reads a Multikey `publicKeyMultibase` value (also the `Ed25519VerificationKey2020`
    /// form): base58btc (`z`) of a multicodec header (`ed25519-pub` 0xed, `p256-pub` 0x1200,
    /// `p384-pub` 0x1201, `p521-pub` 0x1202) followed by the raw or compressed key, or
    /// `rsa-pub` (0x1205) followed by the DER of a PKCS#1 `RSAPublicKey` (2048 to 4096 bits;
    /// verification only).
    ///
    /// # Errors
    /// [`KeyError`] naming what is wrong: the multibase text, an unknown or unsupported
    /// multicodec header, a secret key given as public, the length, or an invalid point.
    pub fn from_multibase(text: &str) -> Result<Self, KeyError> {
        let bytes = multibase::decode_base(text, Base::Base58Btc, MAX_MULTIKEY_BYTES)?;
        let (code, body) = multicodec::split(&bytes)?;
        match code {
            multicodec::ED25519_PUB => ed25519_from_bytes(body),
            multicodec::P256_PUB if body.len() == 33 => p256_from_sec1(body),
            multicodec::P256_PUB => Err(length(KeyType::P256, 33, body.len())),
            multicodec::P384_PUB if body.len() == 49 => p384_from_sec1(body),
            multicodec::P384_PUB => Err(length(KeyType::P384, 49, body.len())),
            multicodec::P521_PUB if body.len() == 67 => p521_from_sec1(body),
            multicodec::P521_PUB => Err(length(KeyType::P521, 67, body.len())),
            multicodec::RSA_PUB => rsa_from_pkcs1_der(body),
            multicodec::ED25519_PRIV
            | multicodec::P256_PRIV
            | multicodec::P384_PRIV
            | multicodec::P521_PRIV
            | multicodec::RSA_PRIV => Err(KeyError::WrongKind {
                expected: KeyKind::Public,
                found: KeyKind::Secret,
            }),
            _ => Err(KeyError::UnsupportedCodec {
                code,
                name: multicodec::name(code),
            }),
        }
    }

    /// The Multikey `publicKeyMultibase` value (base58btc, multicodec header, compressed
    /// points), or `None` for RSA.
    pub fn to_multibase(&self) -> Option<String> {
        let code = match self.key_type() {
            KeyType::Ed25519 => multicodec::ED25519_PUB,
            KeyType::P256 => multicodec::P256_PUB,
            KeyType::P384 => multicodec::P384_PUB,
            KeyType::P521 => multicodec::P521_PUB,
            KeyType::Rsa => return None,
        };
        let bytes = self.to_bytes()?;
        Some(multibase::encode(
            Base::Base58Btc,
            &multicodec::join(code, &bytes),
        ))
    }

    /// The `did:key` DID of this key (`did:key:` + [`to_multibase`](Self::to_multibase)),
    /// or `None` for RSA.
    pub fn did_key(&self) -> Option<String> {
        self.to_multibase().map(|m| format!("did:key:{m}"))
    }

    /// The `did:key` verification method id (`did:key:z…#z…`), or `None` for RSA.
    pub fn did_key_method_id(&self) -> Option<String> {
        self.to_multibase().map(|m| format!("did:key:{m}#{m}"))
    }

    /// Verifies `signature` over `message` with `algorithm`.
    ///
    /// The algorithm must match the key type; ECDSA signatures are raw `r || s` and both
    /// low-S and high-S forms are accepted (see the [module docs](super)). Ed25519 uses
    /// strict verification (RFC 8032 §5.1.7 with canonical `R` and no small-order points).
    ///
    /// # Errors
    /// [`SignatureError::KeyMismatch`] when the algorithm is for another key type,
    /// [`SignatureError::Length`] for a malformed signature, [`SignatureError::Invalid`] when
    /// it does not verify.
    pub fn verify(
        &self,
        algorithm: Algorithm,
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), SignatureError> {
        let key_type = self.key_type();
        if algorithm.key_type() != key_type {
            return Err(SignatureError::KeyMismatch {
                algorithm,
                key_type,
            });
        }
        let invalid = SignatureError::Invalid { algorithm };
        match self.0 {
            #[cfg(feature = "ed25519")]
            Inner::Ed25519(ref k) => {
                let bytes: &[u8; 64] =
                    signature.try_into().map_err(|_| SignatureError::Length {
                        algorithm,
                        expected: 64,
                        actual: signature.len(),
                    })?;
                let sig = ed25519_dalek::Signature::from_bytes(bytes);
                k.verify_strict(message, &sig).map_err(|_| invalid)
            }
            #[cfg(feature = "ecdsa")]
            Inner::P256(ref k) => {
                use p256::ecdsa::signature::Verifier as _;
                if signature.len() != 64 {
                    return Err(SignatureError::Length {
                        algorithm,
                        expected: 64,
                        actual: signature.len(),
                    });
                }
                let sig =
                    p256::ecdsa::Signature::from_slice(signature).map_err(|_| invalid.clone())?;
                k.verify(message, &sig).map_err(|_| invalid)
            }
            #[cfg(feature = "ecdsa")]
            Inner::P384(ref k) => {
                use p384::ecdsa::signature::Verifier as _;
                if signature.len() != 96 {
                    return Err(SignatureError::Length {
                        algorithm,
                        expected: 96,
                        actual: signature.len(),
                    });
                }
                let sig =
                    p384::ecdsa::Signature::from_slice(signature).map_err(|_| invalid.clone())?;
                k.verify(message, &sig).map_err(|_| invalid)
            }
            #[cfg(feature = "ecdsa")]
            Inner::P521(ref k) => {
                use p521::ecdsa::signature::Verifier as _;
                if signature.len() != 132 {
                    return Err(SignatureError::Length {
                        algorithm,
                        expected: 132,
                        actual: signature.len(),
                    });
                }
                let sig =
                    p521::ecdsa::Signature::from_slice(signature).map_err(|_| invalid.clone())?;
                k.0.verify(message, &sig).map_err(|_| invalid)
            }
            #[cfg(feature = "rsa")]
            Inner::Rsa(ref k) => {
                use rsa::traits::PublicKeyParts as _;
                use sha2::Digest as _;
                if signature.len() != k.size() {
                    return Err(SignatureError::Length {
                        algorithm,
                        expected: k.size(),
                        actual: signature.len(),
                    });
                }
                let hashed = sha2::Sha256::digest(message);
                let result = if algorithm == Algorithm::Ps256 {
                    k.verify(rsa::Pss::new::<sha2::Sha256>(), &hashed, signature)
                } else {
                    k.verify(rsa::Pkcs1v15Sign::new::<sha2::Sha256>(), &hashed, signature)
                };
                result.map_err(|_| invalid)
            }
        }
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("PublicKey");
        d.field("type", &self.key_type());
        match self.to_multibase() {
            Some(m) => d.field("multibase", &m),
            None => d.field("jwk", &self.to_jwk()),
        };
        d.finish()
    }
}

#[cfg(feature = "ed25519")]
fn ed25519_from_bytes(bytes: &[u8]) -> Result<PublicKey, KeyError> {
    let array: &[u8; 32] = bytes
        .try_into()
        .map_err(|_| length(KeyType::Ed25519, 32, bytes.len()))?;
    let invalid = |reason| KeyError::Invalid {
        key_type: KeyType::Ed25519,
        kind: KeyKind::Public,
        reason,
    };
    let key = ed25519_dalek::VerifyingKey::from_bytes(array)
        .map_err(|_| invalid("not a point on the curve"))?;
    if key.is_weak() {
        return Err(invalid("small-order point"));
    }
    if key.to_edwards().compress().as_bytes() != array {
        return Err(invalid("non-canonical point encoding"));
    }
    Ok(PublicKey(Inner::Ed25519(key)))
}

#[cfg(not(feature = "ed25519"))]
fn ed25519_from_bytes(_bytes: &[u8]) -> Result<PublicKey, KeyError> {
    Err(disabled(KeyType::Ed25519))
}

#[cfg(feature = "ecdsa")]
fn sec1_check(key_type: KeyType, bytes: &[u8], field: usize) -> Result<(), KeyError> {
    let compressed = 1 + field;
    let uncompressed = 1 + 2 * field;
    match (bytes.first(), bytes.len()) {
        (Some(2 | 3), n) if n == compressed => Ok(()),
        (Some(4), n) if n == uncompressed => Ok(()),
        (Some(2..=4), n) => Err(length(key_type, compressed, n)),
        _ => Err(KeyError::Invalid {
            key_type,
            kind: KeyKind::Public,
            reason: "not a SEC1 point encoding",
        }),
    }
}

#[cfg(feature = "ecdsa")]
fn p256_from_sec1(bytes: &[u8]) -> Result<PublicKey, KeyError> {
    sec1_check(KeyType::P256, bytes, 32)?;
    p256::ecdsa::VerifyingKey::from_sec1_bytes(bytes)
        .map(|k| PublicKey(Inner::P256(k)))
        .map_err(|_| KeyError::Invalid {
            key_type: KeyType::P256,
            kind: KeyKind::Public,
            reason: "not a point on the curve",
        })
}

#[cfg(feature = "ecdsa")]
fn p384_from_sec1(bytes: &[u8]) -> Result<PublicKey, KeyError> {
    sec1_check(KeyType::P384, bytes, 48)?;
    p384::ecdsa::VerifyingKey::from_sec1_bytes(bytes)
        .map(|k| PublicKey(Inner::P384(k)))
        .map_err(|_| KeyError::Invalid {
            key_type: KeyType::P384,
            kind: KeyKind::Public,
            reason: "not a point on the curve",
        })
}

#[cfg(feature = "ecdsa")]
fn p521_from_sec1(bytes: &[u8]) -> Result<PublicKey, KeyError> {
    sec1_check(KeyType::P521, bytes, 66)?;
    p521::ecdsa::VerifyingKey::from_sec1_bytes(bytes)
        .map(|k| PublicKey(Inner::P521(P521Key(k))))
        .map_err(|_| KeyError::Invalid {
            key_type: KeyType::P521,
            kind: KeyKind::Public,
            reason: "not a point on the curve",
        })
}

#[cfg(not(feature = "ecdsa"))]
fn p521_from_sec1(_bytes: &[u8]) -> Result<PublicKey, KeyError> {
    Err(disabled(KeyType::P521))
}

#[cfg(not(feature = "ecdsa"))]
fn p256_from_sec1(_bytes: &[u8]) -> Result<PublicKey, KeyError> {
    Err(disabled(KeyType::P256))
}

#[cfg(not(feature = "ecdsa"))]
fn p384_from_sec1(_bytes: &[u8]) -> Result<PublicKey, KeyError> {
    Err(disabled(KeyType::P384))
}

/// Builds an RSA key from big-endian modulus and exponent, within the accepted sizes.
#[cfg(feature = "rsa")]
pub(super) fn rsa_from_parts(n: &[u8], e: &[u8]) -> Result<PublicKey, KeyError> {
    let n = rsa::BigUint::from_bytes_be(n);
    let bits = n.bits();
    if !(RSA_MIN_BITS..=RSA_MAX_BITS).contains(&bits) {
        return Err(KeyError::RsaSize {
            bits,
            min: RSA_MIN_BITS,
            max: RSA_MAX_BITS,
        });
    }
    let e = rsa::BigUint::from_bytes_be(e);
    rsa::RsaPublicKey::new_with_max_size(n, e, RSA_MAX_BITS)
        .map(|k| PublicKey(Inner::Rsa(k)))
        .map_err(|_| KeyError::Invalid {
            key_type: KeyType::Rsa,
            kind: KeyKind::Public,
            reason: "invalid modulus or exponent",
        })
}

/// Reads the DER of a PKCS#1 `RSAPublicKey` (`SEQUENCE { modulus, publicExponent }`, the
/// body of an `rsa-pub` Multikey), within the accepted sizes.
#[cfg(feature = "rsa")]
fn rsa_from_pkcs1_der(der: &[u8]) -> Result<PublicKey, KeyError> {
    use rsa::pkcs1::der::Decode as _;
    let key = rsa::pkcs1::RsaPublicKey::from_der(der).map_err(|_| KeyError::Invalid {
        key_type: KeyType::Rsa,
        kind: KeyKind::Public,
        reason: "not the DER of a PKCS#1 RSAPublicKey",
    })?;
    rsa_from_parts(key.modulus.as_bytes(), key.public_exponent.as_bytes())
}

#[cfg(not(feature = "rsa"))]
fn rsa_from_pkcs1_der(_der: &[u8]) -> Result<PublicKey, KeyError> {
    Err(disabled(KeyType::Rsa))
}

#[cfg(not(feature = "rsa"))]
pub(super) fn rsa_from_parts(_n: &[u8], _e: &[u8]) -> Result<PublicKey, KeyError> {
    Err(disabled(KeyType::Rsa))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ED25519: &str = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";
    const P256: &str = "zDnaepBuvsQ8cpsWrVKw8fbpGpvPeNSjVPTWoq6cRqaYzBKVP";

    #[test]
    fn key_types_follow_the_features() {
        let ed = PublicKey::from_multibase(ED25519);
        if cfg!(feature = "ed25519") {
            assert_eq!(ed.map(|k| k.key_type()), Ok(KeyType::Ed25519));
        } else {
            assert_eq!(
                ed.map(|k| k.key_type()),
                Err(KeyError::FeatureDisabled {
                    key_type: KeyType::Ed25519,
                    feature: "ed25519"
                })
            );
        }
        let p = PublicKey::from_multibase(P256);
        if cfg!(feature = "ecdsa") {
            assert_eq!(p.map(|k| k.key_type()), Ok(KeyType::P256));
        } else {
            assert_eq!(
                p.map(|k| k.key_type()),
                Err(KeyError::FeatureDisabled {
                    key_type: KeyType::P256,
                    feature: "ecdsa"
                })
            );
        }
        let rsa = rsa_from_parts(&[0xff; 256], &[1, 0, 1]);
        assert_eq!(rsa.is_ok(), cfg!(feature = "rsa"));
        assert_eq!(KeyType::Rsa.is_enabled(), cfg!(feature = "rsa"));
    }
}
