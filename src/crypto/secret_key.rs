//! Secret keys: Ed25519, P-256, P-384, P-521. Redacted `Debug`, zeroized on drop.

use std::fmt;

use serde_json::{Map, Value};
use zeroize::Zeroizing;

use super::error::KeyKind;
use super::multibase::{self, Base};
use super::{Algorithm, KeyError, KeyType, PublicKey, SignError, multicodec};

/// The inner, feature-dependent key. Each backend type zeroizes its secret on drop.
enum Inner {
    #[cfg(feature = "ed25519")]
    Ed25519(ed25519_dalek::SigningKey),
    #[cfg(feature = "ecdsa")]
    P256(p256::ecdsa::SigningKey),
    #[cfg(feature = "ecdsa")]
    P384(p384::ecdsa::SigningKey),
    #[cfg(feature = "ecdsa")]
    P521(p521::ecdsa::SigningKey),
}

/// A secret key that can sign: Ed25519, P-256, P-384 or P-521.
///
/// RSA secret keys are not supported (see the [module docs](super)); sign RSA through a
/// [`Signer`](super::Signer) of your own. `Debug` prints only the key type and public key,
/// and the key material is zeroized when the value is dropped. Byte and text forms of the
/// secret are returned in [`Zeroizing`] wrappers.
///
/// ```
/// # #[cfg(feature = "ecdsa")] {
/// use openbadges::crypto::{KeyType, SecretKey};
///
/// let key = SecretKey::generate(KeyType::P256).unwrap();
/// let text = key.to_multibase();
/// let again = SecretKey::from_multibase(&text).unwrap();
/// assert_eq!(again.public_key(), key.public_key());
/// assert!(!format!("{key:?}").contains(text.as_str()));
/// # }
/// ```
pub struct SecretKey(Inner);

fn secret_length(key_type: KeyType, expected: usize, actual: usize) -> KeyError {
    KeyError::Length {
        key_type,
        kind: KeyKind::Secret,
        expected,
        actual,
    }
}

fn rsa_refused() -> KeyError {
    KeyError::Invalid {
        key_type: KeyType::Rsa,
        kind: KeyKind::Secret,
        reason: "RSA secret keys are not supported; sign with RSA through your own Signer",
    }
}

fn disabled(key_type: KeyType) -> KeyError {
    KeyError::FeatureDisabled {
        key_type,
        feature: key_type.feature(),
    }
}

impl SecretKey {
    /// Generates a new key from the operating system's random number generator.
    ///
    /// # Errors
    /// [`KeyError::FeatureDisabled`] when the key type's feature is off; [`KeyError::Invalid`]
    /// for RSA.
    pub fn generate(key_type: KeyType) -> Result<Self, KeyError> {
        match key_type {
            #[cfg(feature = "ed25519")]
            KeyType::Ed25519 => Ok(SecretKey(Inner::Ed25519(
                ed25519_dalek::SigningKey::generate(&mut rand_core::OsRng),
            ))),
            #[cfg(feature = "ecdsa")]
            KeyType::P256 => Ok(SecretKey(Inner::P256(p256::ecdsa::SigningKey::random(
                &mut rand_core::OsRng,
            )))),
            #[cfg(feature = "ecdsa")]
            KeyType::P384 => Ok(SecretKey(Inner::P384(p384::ecdsa::SigningKey::random(
                &mut rand_core::OsRng,
            )))),
            #[cfg(feature = "ecdsa")]
            KeyType::P521 => Ok(SecretKey(Inner::P521(p521::ecdsa::SigningKey::random(
                &mut rand_core::OsRng,
            )))),
            KeyType::Rsa => Err(rsa_refused()),
            #[allow(unreachable_patterns)]
            other => Err(disabled(other)),
        }
    }

    /// Reads a key from its secret bytes: the 32-byte seed of an Ed25519 key (RFC 8032), the
    /// 32-byte (P-256), 48-byte (P-384) or 66-byte (P-521) big-endian scalar of an ECDSA key.
    ///
    /// # Errors
    /// [`KeyError::Length`] for a wrong length, [`KeyError::Invalid`] for a zero or
    /// out-of-range scalar or for RSA, [`KeyError::FeatureDisabled`] when the feature is off.
    pub fn from_seed(key_type: KeyType, seed: &[u8]) -> Result<Self, KeyError> {
        let expected = match key_type {
            KeyType::Ed25519 | KeyType::P256 => 32,
            KeyType::P384 => 48,
            KeyType::P521 => 66,
            KeyType::Rsa => return Err(rsa_refused()),
        };
        if seed.len() != expected {
            return Err(secret_length(key_type, expected, seed.len()));
        }
        let invalid = KeyError::Invalid {
            key_type,
            kind: KeyKind::Secret,
            reason: "scalar is zero or not below the group order",
        };
        match key_type {
            #[cfg(feature = "ed25519")]
            KeyType::Ed25519 => {
                let mut array = Zeroizing::new([0u8; 32]);
                array.copy_from_slice(seed);
                Ok(SecretKey(Inner::Ed25519(
                    ed25519_dalek::SigningKey::from_bytes(&array),
                )))
            }
            #[cfg(feature = "ecdsa")]
            KeyType::P256 => p256::ecdsa::SigningKey::from_slice(seed)
                .map(|k| SecretKey(Inner::P256(k)))
                .map_err(|_| invalid),
            #[cfg(feature = "ecdsa")]
            KeyType::P384 => p384::ecdsa::SigningKey::from_slice(seed)
                .map(|k| SecretKey(Inner::P384(k)))
                .map_err(|_| invalid),
            #[cfg(feature = "ecdsa")]
            KeyType::P521 => p521::ecdsa::SigningKey::from_slice(seed)
                .map(|k| SecretKey(Inner::P521(k)))
                .map_err(|_| invalid),
            #[allow(unreachable_patterns)]
            other => {
                drop(invalid);
                Err(disabled(other))
            }
        }
    }

    /// The secret bytes (seed or scalar), in a buffer zeroized on drop.
    pub fn to_seed(&self) -> Zeroizing<Vec<u8>> {
        match self.0 {
            #[cfg(feature = "ed25519")]
            Inner::Ed25519(ref k) => Zeroizing::new(k.to_bytes().to_vec()),
            #[cfg(feature = "ecdsa")]
            Inner::P256(ref k) => Zeroizing::new(Zeroizing::new(k.to_bytes()).to_vec()),
            #[cfg(feature = "ecdsa")]
            Inner::P384(ref k) => Zeroizing::new(Zeroizing::new(k.to_bytes()).to_vec()),
            #[cfg(feature = "ecdsa")]
            Inner::P521(ref k) => Zeroizing::new(Zeroizing::new(k.to_bytes()).to_vec()),
        }
    }

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
        }
    }

    /// The matching public key.
    pub fn public_key(&self) -> PublicKey {
        use super::public_key::Inner as P;
        match self.0 {
            #[cfg(feature = "ed25519")]
            Inner::Ed25519(ref k) => PublicKey(P::Ed25519(k.verifying_key())),
            #[cfg(feature = "ecdsa")]
            Inner::P256(ref k) => PublicKey(P::P256(*k.verifying_key())),
            #[cfg(feature = "ecdsa")]
            Inner::P384(ref k) => PublicKey(P::P384(*k.verifying_key())),
            #[cfg(feature = "ecdsa")]
            Inner::P521(ref k) => PublicKey(P::P521(super::public_key::P521Key(
                p521::ecdsa::VerifyingKey::from(k),
            ))),
        }
    }

    /// Reads a Multikey `secretKeyMultibase` value: base58btc of a multicodec header
    /// (`ed25519-priv` 0x1300, `p256-priv` 0x1306, `p384-priv` 0x1307, `p521-priv` 0x1308)
    /// and the secret bytes.
    /// An Ed25519 secret may be the 32-byte seed or the 64-byte `seed || public key` form
    /// (whose public half must match); [`to_multibase`](Self::to_multibase) writes the seed.
    ///
    /// # Errors
    /// [`KeyError`] naming the problem: multibase, header, a public key given as secret,
    /// length, or an invalid scalar.
    pub fn from_multibase(text: &str) -> Result<Self, KeyError> {
        let bytes = Zeroizing::new(multibase::decode_base(text, Base::Base58Btc, 128)?);
        let (code, body) = multicodec::split(&bytes)?;
        match code {
            multicodec::ED25519_PRIV if body.len() == 64 => {
                // The 64-byte form (seed || public key) some libraries write.
                let key = Self::from_seed(KeyType::Ed25519, &body[..32])?;
                let public = key.public_key().to_bytes().unwrap_or_default();
                if public != body[32..] {
                    return Err(KeyError::Invalid {
                        key_type: KeyType::Ed25519,
                        kind: KeyKind::Secret,
                        reason: "the public half of the 64-byte secret key does not match its seed",
                    });
                }
                Ok(key)
            }
            multicodec::ED25519_PRIV => Self::from_seed(KeyType::Ed25519, body),
            multicodec::P256_PRIV => Self::from_seed(KeyType::P256, body),
            multicodec::P384_PRIV => Self::from_seed(KeyType::P384, body),
            multicodec::P521_PRIV => Self::from_seed(KeyType::P521, body),
            multicodec::ED25519_PUB
            | multicodec::P256_PUB
            | multicodec::P384_PUB
            | multicodec::P521_PUB
            | multicodec::RSA_PUB => Err(KeyError::WrongKind {
                expected: KeyKind::Secret,
                found: KeyKind::Public,
            }),
            _ => Err(KeyError::UnsupportedCodec {
                code,
                name: multicodec::name(code),
            }),
        }
    }

    /// The Multikey `secretKeyMultibase` value, in a string zeroized on drop.
    pub fn to_multibase(&self) -> Zeroizing<String> {
        let code = match self.key_type() {
            KeyType::Ed25519 => multicodec::ED25519_PRIV,
            KeyType::P256 => multicodec::P256_PRIV,
            KeyType::P521 => multicodec::P521_PRIV,
            _ => multicodec::P384_PRIV,
        };
        let seed = self.to_seed();
        let joined = Zeroizing::new(multicodec::join(code, &seed));
        Zeroizing::new(multibase::encode(Base::Base58Btc, &joined))
    }

    /// Reads a private JWK (`OKP`/`Ed25519` or `EC`/`P-256`/`P-384`/`P-521` with `d`). The public
    /// members, when present, must match the key derived from `d`.
    ///
    /// # Errors
    /// [`KeyError`] naming the missing or malformed member; [`KeyError::WrongKind`] for a
    /// public JWK; [`KeyError::JwkInvalid`] when `x`/`y` do not match `d`.
    pub fn from_jwk(jwk: &Value) -> Result<Self, KeyError> {
        let map = super::jwk::object(jwk)?;
        if super::jwk::kind(map) == KeyKind::Public {
            return Err(KeyError::WrongKind {
                expected: KeyKind::Secret,
                found: KeyKind::Public,
            });
        }
        let key_type = super::jwk::key_type(map)?;
        let d = Zeroizing::new(super::jwk::bytes(map, "d")?);
        let key = Self::from_seed(key_type, &d).map_err(|e| match e {
            KeyError::Length { .. } => KeyError::JwkInvalid {
                member: "d",
                reason: "wrong length for the curve",
            },
            other => other,
        })?;
        if map.contains_key("x") {
            let stated = PublicKey::from_jwk_map(map)?;
            if stated != key.public_key() {
                return Err(KeyError::JwkInvalid {
                    member: "x",
                    reason: "public key does not match the private key \"d\"",
                });
            }
        }
        Ok(key)
    }

    /// The private JWK (public members and `d`). It holds the secret: handle with care.
    pub fn to_jwk(&self) -> Value {
        let mut map = match self.public_key().to_jwk() {
            Value::Object(map) => map,
            _ => Map::new(),
        };
        let seed = self.to_seed();
        let d = super::multibase::encode_base64url(&seed);
        // Keep RFC 7638 member order: crv, d, kty, x, y.
        let mut out = Map::new();
        if let Some(crv) = map.remove("crv") {
            out.insert("crv".into(), crv);
        }
        out.insert("d".into(), Value::String(d));
        out.extend(map);
        Value::Object(out)
    }

    /// Signs `message` with the key type's algorithm (EdDSA, ES256, ES384 or ES512).
    ///
    /// ECDSA signatures are low-S `r || s`, deterministic (RFC 6979) for P-256 and P-384;
    /// P-521 nonces are random (see the [module docs](super)).
    ///
    /// # Errors
    /// [`SignError::Backend`] if the backend fails (it does not, for valid keys).
    pub fn sign(&self, message: &[u8]) -> Result<Vec<u8>, SignError> {
        match self.0 {
            #[cfg(feature = "ed25519")]
            Inner::Ed25519(ref k) => {
                use ed25519_dalek::Signer as _;
                Ok(k.sign(message).to_bytes().to_vec())
            }
            #[cfg(feature = "ecdsa")]
            Inner::P256(ref k) => {
                use p256::ecdsa::signature::Signer as _;
                let sig: p256::ecdsa::Signature =
                    k.try_sign(message).map_err(SignError::backend)?;
                let sig = sig.normalize_s().unwrap_or(sig);
                Ok(sig.to_bytes().to_vec())
            }
            #[cfg(feature = "ecdsa")]
            Inner::P384(ref k) => {
                use p384::ecdsa::signature::Signer as _;
                let sig: p384::ecdsa::Signature =
                    k.try_sign(message).map_err(SignError::backend)?;
                let sig = sig.normalize_s().unwrap_or(sig);
                Ok(sig.to_bytes().to_vec())
            }
            #[cfg(feature = "ecdsa")]
            Inner::P521(ref k) => {
                use p521::ecdsa::signature::Signer as _;
                let sig: p521::ecdsa::Signature =
                    k.try_sign(message).map_err(SignError::backend)?;
                let sig = sig.normalize_s().unwrap_or(sig);
                Ok(sig.to_bytes().to_vec())
            }
        }
    }

    /// Signs `message` with `algorithm`, which must match the key type.
    ///
    /// # Errors
    /// [`SignError::KeyMismatch`] for another key type's algorithm.
    pub fn sign_with(&self, algorithm: Algorithm, message: &[u8]) -> Result<Vec<u8>, SignError> {
        let key_type = self.key_type();
        if algorithm.key_type() != key_type {
            return Err(SignError::KeyMismatch {
                algorithm,
                key_type,
            });
        }
        self.sign(message)
    }

    /// A [`KeySigner`](super::KeySigner) signing with this key under the verification
    /// method id `key_id`.
    pub fn into_signer(self, key_id: impl Into<String>) -> super::KeySigner {
        super::KeySigner::new(self, key_id)
    }

    /// A [`KeySigner`](super::KeySigner) whose verification method is this key's `did:key`
    /// method (`did:key:z…#z…`).
    pub fn into_did_key_signer(self) -> super::KeySigner {
        let id = self.public_key().did_key_method_id().unwrap_or_default();
        super::KeySigner::new(self, id)
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SecretKey")
            .field("type", &self.key_type())
            .field("public", &self.public_key().to_multibase())
            .field("secret", &"<redacted>")
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generation_follows_the_features() {
        for key_type in [
            KeyType::Ed25519,
            KeyType::P256,
            KeyType::P384,
            KeyType::P521,
        ] {
            let generated = SecretKey::generate(key_type).map(|k| k.key_type());
            if key_type.is_enabled() {
                assert_eq!(generated, Ok(key_type));
            } else {
                assert_eq!(
                    generated,
                    Err(KeyError::FeatureDisabled {
                        key_type,
                        feature: key_type.feature()
                    })
                );
            }
        }
        assert!(SecretKey::generate(KeyType::Rsa).is_err());
    }
}
