//! The CBOR forms of ecdsa-sd-2023 proof values (VC-DI-ECDSA §3.5.2 serializeBaseProofValue,
//! §3.5.7 serializeDerivedProofValue): a three-byte tag header (`0xd9 0x5d 0x00` base,
//! `0xd9 0x5d 0x01` derived), a CBOR array, multibase base64url (`u…`).

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::SdError;
use super::cbor::{self, Item};
use super::derived::DerivedProofValue;

/// The CBOR tag header of a base proof value.
pub(crate) const BASE_HEADER: [u8; 3] = [0xd9, 0x5d, 0x00];
/// The CBOR tag header of a derived proof value.
pub(crate) const DERIVED_HEADER: [u8; 3] = [0xd9, 0x5d, 0x01];

/// The components of a base proof value (the issuer's proof, for the holder).
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct BaseProofValue {
    /// The issuer's signature over `proofHash || publicKey || mandatoryHash`.
    pub base_signature: Vec<u8>,
    /// The proof-scoped (ephemeral) public key, multikey bytes (`0x80 0x24` + compressed
    /// P-256 point).
    pub public_key: Vec<u8>,
    /// The HMAC-SHA-256 key that randomizes blank node labels (a secret of the holder).
    pub hmac_key: Vec<u8>,
    /// One signature per non-mandatory N-Quad, in order, by the ephemeral key.
    pub signatures: Vec<Vec<u8>>,
    /// The issuer's mandatory JSON pointers.
    pub mandatory_pointers: Vec<String>,
}

impl BaseProofValue {
    /// The components.
    pub fn new(
        base_signature: Vec<u8>,
        public_key: Vec<u8>,
        hmac_key: Vec<u8>,
        signatures: Vec<Vec<u8>>,
        mandatory_pointers: Vec<String>,
    ) -> Self {
        BaseProofValue {
            base_signature,
            public_key,
            hmac_key,
            signatures,
            mandatory_pointers,
        }
    }

    /// The `proofValue` text: `u` + base64url(`0xd95d00` + CBOR).
    pub fn to_multibase(&self) -> String {
        let item = Item::Array(vec![
            Item::Bytes(self.base_signature.clone()),
            Item::Bytes(self.public_key.clone()),
            Item::Bytes(self.hmac_key.clone()),
            Item::Array(self.signatures.iter().cloned().map(Item::Bytes).collect()),
            Item::Array(
                self.mandatory_pointers
                    .iter()
                    .cloned()
                    .map(Item::Text)
                    .collect(),
            ),
        ]);
        multibase(&BASE_HEADER, &item)
    }

    /// Reads the CBOR that follows the base header.
    pub(crate) fn from_cbor(bytes: &[u8]) -> Result<Self, SdError> {
        let bad = |reason| SdError::ProofValue { reason };
        let Item::Array(parts) = cbor::decode(bytes)? else {
            return Err(bad("not a CBOR array"));
        };
        let [
            Item::Bytes(base_signature),
            Item::Bytes(public_key),
            Item::Bytes(hmac_key),
            Item::Array(signatures),
            Item::Array(pointers),
        ] = <[Item; 5]>::try_from(parts).map_err(|_| bad("not an array of five items"))?
        else {
            return Err(bad("not [bytes, bytes, bytes, [bytes…], [text…]]"));
        };
        let signatures = signatures
            .into_iter()
            .map(|s| match s {
                Item::Bytes(b) => Ok(b),
                _ => Err(bad("a statement signature is not a byte string")),
            })
            .collect::<Result<Vec<_>, _>>()?;
        let mandatory_pointers = pointers
            .into_iter()
            .map(|s| match s {
                Item::Text(t) => Ok(t),
                _ => Err(bad("a mandatory pointer is not a text string")),
            })
            .collect::<Result<Vec<_>, _>>()?;
        if hmac_key.len() != 32 {
            return Err(bad("the HMAC key is not 32 bytes"));
        }
        Ok(BaseProofValue {
            base_signature,
            public_key,
            hmac_key,
            signatures,
            mandatory_pointers,
        })
    }
}

impl std::fmt::Debug for BaseProofValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BaseProofValue")
            .field("base_signature", &self.base_signature)
            .field("public_key", &self.public_key)
            .field("hmac_key", &"(redacted)")
            .field("signatures", &self.signatures.len())
            .field("mandatory_pointers", &self.mandatory_pointers)
            .finish()
    }
}

fn multibase(header: &[u8], item: &Item) -> String {
    let mut bytes = header.to_vec();
    bytes.extend_from_slice(&cbor::encode(item));
    format!("u{}", URL_SAFE_NO_PAD.encode(bytes))
}

impl DerivedProofValue {
    /// The `proofValue` text: `u` + base64url(`0xd95d01` + CBOR), the label map compressed
    /// to `{N: bytes}` (keys ascending) for each `c14nN` → `u…` entry.
    ///
    /// # Errors
    /// [`SdError::ProofValue`] for a label map key that is not `c14nN` or a value that is
    /// not `u` + base64url.
    pub fn to_multibase(&self) -> Result<String, SdError> {
        let bad = |reason| SdError::ProofValue { reason };
        let mut labels = Vec::with_capacity(self.label_map.len());
        for (k, v) in &self.label_map {
            let n: u64 = k
                .strip_prefix("c14n")
                .filter(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|d| d.parse().ok())
                .ok_or(bad("a label map key is not c14nN"))?;
            let bytes = v
                .strip_prefix('u')
                .and_then(|b| URL_SAFE_NO_PAD.decode(b).ok())
                .ok_or(bad("a label map value is not u + base64url"))?;
            labels.push((n, bytes));
        }
        labels.sort_unstable_by_key(|(n, _)| *n);
        let item = Item::Array(vec![
            Item::Bytes(self.base_signature.clone()),
            Item::Bytes(self.public_key.clone()),
            Item::Array(self.signatures.iter().cloned().map(Item::Bytes).collect()),
            Item::Map(
                labels
                    .into_iter()
                    .map(|(n, b)| (Item::Uint(n), Item::Bytes(b)))
                    .collect(),
            ),
            Item::Array(
                self.mandatory_indexes
                    .iter()
                    .map(|&i| Item::Uint(i as u64))
                    .collect(),
            ),
        ]);
        Ok(multibase(&DERIVED_HEADER, &item))
    }
}
