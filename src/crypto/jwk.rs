//! JSON Web Keys (RFC 7517 / 7518 / 8037): OKP Ed25519, EC P-256 / P-384 / P-521, RSA.

use serde_json::{Map, Value};

use super::error::KeyKind;
use super::multibase::{decode_base64url, encode_base64url};
use super::public_key::rsa_from_parts;
use super::{KeyError, KeyType, PublicKey};

/// JWK members that only private (or symmetric) keys have.
const PRIVATE_MEMBERS: [&str; 8] = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

/// Largest accepted base64url member, in bytes once decoded (an 8192-bit modulus is 1024).
const MAX_MEMBER_BYTES: usize = 1024;

pub(super) fn object(jwk: &Value) -> Result<&Map<String, Value>, KeyError> {
    jwk.as_object().ok_or(KeyError::JwkNotObject)
}

pub(super) fn string<'a>(
    jwk: &'a Map<String, Value>,
    member: &'static str,
) -> Result<&'a str, KeyError> {
    match jwk.get(member) {
        None => Err(KeyError::JwkMissing { member }),
        Some(Value::String(s)) => Ok(s),
        Some(_) => Err(KeyError::JwkInvalid {
            member,
            reason: "not a string",
        }),
    }
}

pub(super) fn bytes(jwk: &Map<String, Value>, member: &'static str) -> Result<Vec<u8>, KeyError> {
    let text = string(jwk, member)?;
    if text.len() > MAX_MEMBER_BYTES * 4 / 3 + 4 {
        return Err(KeyError::JwkInvalid {
            member,
            reason: "too long",
        });
    }
    decode_base64url(text).map_err(|_| KeyError::JwkInvalid {
        member,
        reason: "not unpadded base64url",
    })
}

/// The key type named by `kty` and `crv`.
pub(super) fn key_type(jwk: &Map<String, Value>) -> Result<KeyType, KeyError> {
    let kty = string(jwk, "kty")?;
    let unsupported = |member, value: &str| KeyError::JwkUnsupported {
        member,
        value: value.to_owned(),
    };
    match kty {
        "OKP" => match string(jwk, "crv")? {
            "Ed25519" => Ok(KeyType::Ed25519),
            other => Err(unsupported("crv", other)),
        },
        "EC" => match string(jwk, "crv")? {
            "P-256" => Ok(KeyType::P256),
            "P-384" => Ok(KeyType::P384),
            "P-521" => Ok(KeyType::P521),
            other => Err(unsupported("crv", other)),
        },
        "RSA" => Ok(KeyType::Rsa),
        other => Err(unsupported("kty", other)),
    }
}

/// Checks a coordinate's exact length (RFC 7518 §6.2.1.2: the full field size).
fn coordinate(
    jwk: &Map<String, Value>,
    member: &'static str,
    size: usize,
) -> Result<Vec<u8>, KeyError> {
    let value = bytes(jwk, member)?;
    if value.len() != size {
        return Err(KeyError::JwkInvalid {
            member,
            reason: "wrong length for the curve",
        });
    }
    Ok(value)
}

impl PublicKey {
    /// Reads a public JWK (`publicKeyJwk`): `OKP`/`Ed25519`, `EC`/`P-256`, `P-384` or
    /// `P-521`, `RSA`.
    ///
    /// A JWK with private members (`d`, `p`, `q`, `dp`, `dq`, `qi`, `oth`, `k`) is refused:
    /// a public key was expected and a secret one must not travel in its place. Other
    /// members (`kid`, `alg`, `use`, ...) are ignored.
    ///
    /// # Errors
    /// [`KeyError`] naming the member that is missing, malformed or unsupported, or the
    /// private member found.
    pub fn from_jwk(jwk: &Value) -> Result<Self, KeyError> {
        let map = object(jwk)?;
        if let Some(member) = PRIVATE_MEMBERS.iter().find(|m| map.contains_key(**m)) {
            return Err(KeyError::JwkPrivateMember { member });
        }
        Self::from_jwk_map(map)
    }

    /// Reads the public part of a JWK that may also hold private members.
    pub(super) fn from_jwk_map(map: &Map<String, Value>) -> Result<Self, KeyError> {
        match key_type(map)? {
            KeyType::Ed25519 => {
                let x = bytes(map, "x")?;
                if x.len() != 32 {
                    return Err(KeyError::JwkInvalid {
                        member: "x",
                        reason: "wrong length for the curve",
                    });
                }
                PublicKey::from_bytes(KeyType::Ed25519, &x)
            }
            kt @ (KeyType::P256 | KeyType::P384 | KeyType::P521) => {
                let size = match kt {
                    KeyType::P256 => 32,
                    KeyType::P384 => 48,
                    _ => 66,
                };
                let mut point = Vec::with_capacity(1 + 2 * size);
                point.push(4);
                point.extend_from_slice(&coordinate(map, "x", size)?);
                point.extend_from_slice(&coordinate(map, "y", size)?);
                PublicKey::from_bytes(kt, &point)
            }
            KeyType::Rsa => {
                let n = bytes(map, "n")?;
                let e = bytes(map, "e")?;
                if n.first() == Some(&0) || e.first() == Some(&0) || e.is_empty() {
                    return Err(KeyError::JwkInvalid {
                        member: if e.is_empty() || e.first() == Some(&0) {
                            "e"
                        } else {
                            "n"
                        },
                        reason: "not a minimal big-endian integer",
                    });
                }
                rsa_from_parts(&n, &e)
            }
        }
    }

    /// The public JWK of this key, members in RFC 7638 order (`crv`, `e`, `kty`, `n`, `x`,
    /// `y` as present), so its JSON is also the input of an RFC 7638 thumbprint.
    pub fn to_jwk(&self) -> Value {
        let mut map = Map::new();
        match self.key_type() {
            KeyType::Ed25519 => {
                map.insert("crv".into(), "Ed25519".into());
                map.insert("kty".into(), "OKP".into());
                if let Some(b) = self.to_bytes() {
                    map.insert("x".into(), encode_base64url(&b).into());
                }
            }
            KeyType::P256 | KeyType::P384 | KeyType::P521 => {
                map.insert("crv".into(), self.key_type().as_str().into());
                map.insert("kty".into(), "EC".into());
                if let Some((x, y)) = self.ec_coordinates() {
                    map.insert("x".into(), encode_base64url(&x).into());
                    map.insert("y".into(), encode_base64url(&y).into());
                }
            }
            KeyType::Rsa => {
                if let Some((n, e)) = self.rsa_parts() {
                    map.insert("e".into(), encode_base64url(&e).into());
                    map.insert("kty".into(), "RSA".into());
                    map.insert("n".into(), encode_base64url(&n).into());
                }
            }
        }
        Value::Object(map)
    }

    /// Affine coordinates of an EC key.
    fn ec_coordinates(&self) -> Option<(Vec<u8>, Vec<u8>)> {
        match self.0 {
            #[cfg(feature = "ecdsa")]
            super::public_key::Inner::P256(ref k) => {
                let p = k.to_encoded_point(false);
                Some((p.x()?.to_vec(), p.y()?.to_vec()))
            }
            #[cfg(feature = "ecdsa")]
            super::public_key::Inner::P384(ref k) => {
                let p = k.to_encoded_point(false);
                Some((p.x()?.to_vec(), p.y()?.to_vec()))
            }
            #[cfg(feature = "ecdsa")]
            super::public_key::Inner::P521(ref k) => {
                let p = k.0.to_encoded_point(false);
                Some((p.x()?.to_vec(), p.y()?.to_vec()))
            }
            #[allow(unreachable_patterns)]
            _ => None,
        }
    }

    /// Modulus and exponent of an RSA key, big-endian.
    fn rsa_parts(&self) -> Option<(Vec<u8>, Vec<u8>)> {
        match self.0 {
            #[cfg(feature = "rsa")]
            super::public_key::Inner::Rsa(ref k) => {
                use rsa::traits::PublicKeyParts as _;
                Some((k.n().to_bytes_be(), k.e().to_bytes_be()))
            }
            #[allow(unreachable_patterns)]
            _ => None,
        }
    }
}

/// Which kind of JWK this is: secret if it has `d`.
pub(super) fn kind(map: &Map<String, Value>) -> KeyKind {
    if map.contains_key("d") {
        KeyKind::Secret
    } else {
        KeyKind::Public
    }
}
