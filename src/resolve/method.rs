//! Verification methods and verification relationships.

use std::collections::BTreeSet;
use std::fmt;

use serde_json::{Map, Value};

use super::ResolveError;
use crate::crypto::{KeyType, PublicKey};
use crate::report::JsonPath;

/// A verification relationship (proof purpose) of a controller document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Relationship {
    /// `assertionMethod`: may issue credentials.
    AssertionMethod,
    /// `authentication`: may authenticate the controller (presentations).
    Authentication,
    /// `capabilityInvocation`.
    CapabilityInvocation,
    /// `capabilityDelegation`.
    CapabilityDelegation,
    /// `keyAgreement` (encryption; never valid for a signature).
    KeyAgreement,
}

impl Relationship {
    /// Every relationship, in document order.
    pub const ALL: [Relationship; 5] = [
        Relationship::AssertionMethod,
        Relationship::Authentication,
        Relationship::CapabilityInvocation,
        Relationship::CapabilityDelegation,
        Relationship::KeyAgreement,
    ];

    /// The relationships of a signing key: all but `keyAgreement`.
    pub const SIGNING: [Relationship; 4] = [
        Relationship::AssertionMethod,
        Relationship::Authentication,
        Relationship::CapabilityInvocation,
        Relationship::CapabilityDelegation,
    ];

    /// The document member name (`assertionMethod`, …), also the proof's `proofPurpose`.
    pub fn as_str(self) -> &'static str {
        match self {
            Relationship::AssertionMethod => "assertionMethod",
            Relationship::Authentication => "authentication",
            Relationship::CapabilityInvocation => "capabilityInvocation",
            Relationship::CapabilityDelegation => "capabilityDelegation",
            Relationship::KeyAgreement => "keyAgreement",
        }
    }

    /// Parses a member name / proof purpose.
    pub fn from_name(name: &str) -> Option<Self> {
        Relationship::ALL.into_iter().find(|r| r.as_str() == name)
    }
}

impl fmt::Display for Relationship {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A resolved verification method: its id, controller, type, public key, and the
/// relationships its controller document authorizes it for.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct VerificationMethod {
    /// The absolute id (DID URL or URL).
    pub id: String,
    /// The controller (DID or URL) that the method belongs to.
    pub controller: String,
    /// The method `type` (`Multikey`, `JsonWebKey`, `Ed25519VerificationKey2020`, …).
    pub method_type: String,
    /// The public key.
    pub public_key: PublicKey,
    /// The relationships the controller authorizes this method for.
    pub relationships: BTreeSet<Relationship>,
}

impl VerificationMethod {
    /// A method with no relationships yet.
    pub fn new(
        id: impl Into<String>,
        controller: impl Into<String>,
        method_type: impl Into<String>,
        public_key: PublicKey,
    ) -> Self {
        VerificationMethod {
            id: id.into(),
            controller: controller.into(),
            method_type: method_type.into(),
            public_key,
            relationships: BTreeSet::new(),
        }
    }

    /// This method authorized for `relationships` as well.
    #[must_use]
    pub fn with_relationships(
        mut self,
        relationships: impl IntoIterator<Item = Relationship>,
    ) -> Self {
        self.relationships.extend(relationships);
        self
    }

    /// Whether the controller authorizes this method for `relationship`.
    pub fn is_authorized_for(&self, relationship: Relationship) -> bool {
        self.relationships.contains(&relationship)
    }

    /// Reads a verification method object (no relationships: those come from the controller
    /// document). Relative `id` and `controller` values are resolved against `base` (the
    /// document's id); `url` and `path` name the place in errors.
    ///
    /// Supported types and key material: `Multikey` (`publicKeyMultibase`), `JsonWebKey` and
    /// `JsonWebKey2020` (`publicKeyJwk`), `Ed25519VerificationKey2020` (`publicKeyMultibase`,
    /// Ed25519 only), `Ed25519VerificationKey2018` (`publicKeyBase58`, Ed25519 only),
    /// `EcdsaSecp256r1VerificationKey2019` (`publicKeyMultibase` or `publicKeyJwk`, P-256).
    ///
    /// # Errors
    /// [`ResolveError::Invalid`] naming the member that is missing or malformed,
    /// [`ResolveError::MethodType`] for an unsupported type or material that does not fit
    /// it, [`ResolveError::Key`] for unusable key material.
    pub fn from_json(
        value: &Value,
        base: &str,
        url: &str,
        path: &JsonPath,
    ) -> Result<Self, ResolveError> {
        let invalid = |member: Option<&str>, reason| ResolveError::Invalid {
            url: url.to_owned(),
            path: match member {
                Some(m) => path.clone().key(m),
                None => path.clone(),
            },
            reason,
        };
        let map = value
            .as_object()
            .ok_or_else(|| invalid(None, "verification method is not an object"))?;
        let text = |member: &str| -> Result<&str, ResolveError> {
            match map.get(member) {
                Some(Value::String(s)) => Ok(s),
                Some(_) => Err(invalid(Some(member), "not a string")),
                None => Err(invalid(Some(member), "required member is missing")),
            }
        };
        let id = absolute(text("id")?, base);
        let controller = absolute(text("controller")?, base);
        let method_type = text("type")?.to_owned();
        let public_key = key_material(map, &id, &method_type, &invalid)?;
        Ok(VerificationMethod::new(
            id,
            controller,
            method_type,
            public_key,
        ))
    }
}

/// Resolves a relative reference (`#key-1`, `key-1` fragment forms) against a document id.
pub(super) fn absolute(reference: &str, base: &str) -> String {
    if reference.starts_with('#') {
        let base = base.split('#').next().unwrap_or(base);
        format!("{base}{reference}")
    } else {
        reference.to_owned()
    }
}

fn key_material(
    map: &Map<String, Value>,
    id: &str,
    method_type: &str,
    invalid: &dyn Fn(Option<&str>, &'static str) -> ResolveError,
) -> Result<PublicKey, ResolveError> {
    let type_error = |reason| ResolveError::MethodType {
        id: id.to_owned(),
        method_type: method_type.to_owned(),
        reason,
    };
    let key_error = |source| ResolveError::Key {
        id: id.to_owned(),
        source,
    };
    let multibase = map.get("publicKeyMultibase");
    let jwk = map.get("publicKeyJwk");
    let base58 = map.get("publicKeyBase58");
    let present = [multibase, jwk, base58]
        .iter()
        .filter(|m| m.is_some())
        .count();
    if present > 1 {
        return Err(type_error("more than one kind of key material"));
    }
    let from_multibase = |value: &Value| -> Result<PublicKey, ResolveError> {
        let text = value
            .as_str()
            .ok_or_else(|| invalid(Some("publicKeyMultibase"), "not a string"))?;
        PublicKey::from_multibase(text).map_err(key_error)
    };
    let from_jwk = |value: &Value| PublicKey::from_jwk(value).map_err(key_error);
    let key = match (method_type, multibase, jwk, base58) {
        ("Multikey", Some(m), _, _) => from_multibase(m)?,
        ("Multikey", ..) => return Err(type_error("a Multikey needs publicKeyMultibase")),
        ("JsonWebKey" | "JsonWebKey2020", _, Some(j), _) => from_jwk(j)?,
        ("JsonWebKey" | "JsonWebKey2020", ..) => {
            return Err(type_error("a JsonWebKey needs publicKeyJwk"));
        }
        ("Ed25519VerificationKey2020", Some(m), _, _) => from_multibase(m)?,
        ("Ed25519VerificationKey2020", ..) => {
            return Err(type_error(
                "an Ed25519VerificationKey2020 needs publicKeyMultibase",
            ));
        }
        ("Ed25519VerificationKey2018", _, _, Some(b)) => {
            let text = b
                .as_str()
                .ok_or_else(|| invalid(Some("publicKeyBase58"), "not a string"))?;
            if text.len() > 64 {
                return Err(invalid(
                    Some("publicKeyBase58"),
                    "too long for an Ed25519 key",
                ));
            }
            let bytes = bs58::decode(text)
                .into_vec()
                .map_err(|_| invalid(Some("publicKeyBase58"), "not base58btc"))?;
            PublicKey::from_bytes(KeyType::Ed25519, &bytes).map_err(key_error)?
        }
        ("Ed25519VerificationKey2018", ..) => {
            return Err(type_error(
                "an Ed25519VerificationKey2018 needs publicKeyBase58",
            ));
        }
        ("EcdsaSecp256r1VerificationKey2019", Some(m), _, _) => from_multibase(m)?,
        ("EcdsaSecp256r1VerificationKey2019", _, Some(j), _) => from_jwk(j)?,
        ("EcdsaSecp256r1VerificationKey2019", ..) => {
            return Err(type_error("needs publicKeyMultibase or publicKeyJwk"));
        }
        _ => return Err(type_error("unsupported verification method type")),
    };
    let expected = match method_type {
        "Ed25519VerificationKey2020" | "Ed25519VerificationKey2018" => Some(KeyType::Ed25519),
        "EcdsaSecp256r1VerificationKey2019" => Some(KeyType::P256),
        _ => None,
    };
    if expected.is_some_and(|t| t != key.key_type()) {
        return Err(type_error("the key is not of the type's key type"));
    }
    Ok(key)
}
