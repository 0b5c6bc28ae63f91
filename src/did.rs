//! DID documents for a platform's own keys: what an issuer publishes so that verifiers can
//! resolve its `did:web` (or another DID method whose document it serves).
//!
//! [`DidDocument`] lists each key as a `Multikey` verification method
//! (`publicKeyMultibase`: base58btc, multicodec header, compressed points) and references it
//! from the verification relationships it may be used for: by default `assertionMethod`
//! (issuing credentials) and `authentication` (signing presentations). [`multikey_method`]
//! builds one such method on its own, for documents assembled elsewhere.
//!
//! The document reads back through this crate's own resolver
//! ([`resolve::method_in_document`], a
//! [`Resolver`](crate::resolve::Resolver) over any fetcher), so a key published this way
//! verifies the credentials signed with it.
//!
//! ```
//! # #[cfg(feature = "ed25519")] {
//! use openbadges::crypto::{KeyType, SecretKey};
//! use openbadges::did::DidDocument;
//! use openbadges::resolve::{self, Relationship};
//!
//! let key = SecretKey::generate(KeyType::Ed25519).unwrap();
//! let document = DidDocument::new("did:web:badges.example.edu")
//!     .unwrap()
//!     .with_key("key-1", &key.public_key())
//!     .unwrap();
//! // Serve this JSON at the did:web URL:
//! assert_eq!(document.did_web_url().unwrap(), "https://badges.example.edu/.well-known/did.json");
//! let json = document.to_value();
//! assert_eq!(json["verificationMethod"][0]["type"], "Multikey");
//! assert_eq!(json["assertionMethod"][0], "did:web:badges.example.edu#key-1");
//!
//! // Sign with the key under its method id; verifiers resolve it from the document.
//! let signer = key.into_signer(document.method_id("key-1"));
//! let method = resolve::method_in_document(
//!     &json,
//!     "did:web:badges.example.edu",
//!     "https://badges.example.edu/.well-known/did.json",
//!     "did:web:badges.example.edu#key-1",
//! )
//! .unwrap();
//! assert_eq!(method.public_key, signer.secret_key().public_key());
//! assert!(method.is_authorized_for(Relationship::AssertionMethod));
//! # }
//! ```

use serde_json::{Map, Value, json};

use crate::crypto::{KeyType, PublicKey};
use crate::document::Document;
use crate::resolve::{self, Relationship, ResolveError};

/// The `@context` of the documents built here: DID v1 and the Multikey vocabulary.
pub const DID_DOCUMENT_CONTEXT: [&str; 2] = [
    "https://www.w3.org/ns/did/v1",
    "https://w3id.org/security/multikey/v1",
];

/// The relationships [`DidDocument::with_key`] lists a key under: `assertionMethod` (issue
/// credentials) and `authentication` (sign presentations).
pub const DEFAULT_RELATIONSHIPS: [Relationship; 2] =
    [Relationship::AssertionMethod, Relationship::Authentication];

/// Why a DID document could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DidError {
    /// The DID is not of the form `did:<method>:<method-specific-id>`, or carries a path,
    /// query or fragment; a `did:web` DID must also name a valid URL.
    #[error("{did:?} is not a DID a document can be built for: {reason}")]
    InvalidDid {
        /// The DID given.
        did: String,
        /// What is wrong.
        reason: &'static str,
    },
    /// The fragment naming a key is empty or has characters outside a URL fragment.
    #[error("{fragment:?} cannot name a verification method: {reason}")]
    InvalidFragment {
        /// The fragment given.
        fragment: String,
        /// What is wrong.
        reason: &'static str,
    },
    /// Two keys were given the same fragment.
    #[error("the document already has a verification method {id}")]
    DuplicateMethod {
        /// The method id.
        id: String,
    },
    /// The key has no Multikey form (RSA keys are published as `JsonWebKey`, which this
    /// builder does not write).
    #[error("a {key_type:?} key has no Multikey encoding")]
    NoMultikey {
        /// The key's type.
        key_type: KeyType,
    },
    /// A signing key was listed under `keyAgreement` (which needs an encryption key), or
    /// under no relationship at all.
    #[error("a signing key cannot be listed {reason}")]
    Relationship {
        /// What is wrong.
        reason: &'static str,
    },
}

/// A `Multikey` verification method (Controlled Identifiers §2.2.2) for `key`: `id`, `type`,
/// `controller`, `publicKeyMultibase`.
///
/// ```
/// # #[cfg(feature = "ecdsa")] {
/// use openbadges::crypto::{KeyType, SecretKey};
///
/// let key = SecretKey::from_seed(KeyType::P256, &[1; 32]).unwrap().public_key();
/// let method = openbadges::did::multikey_method("did:web:example.edu#key-1", "did:web:example.edu", &key).unwrap();
/// assert!(method["publicKeyMultibase"].as_str().unwrap().starts_with("zDn")); // P-256
/// # }
/// ```
///
/// # Errors
/// [`DidError::NoMultikey`] for an RSA key.
pub fn multikey_method(id: &str, controller: &str, key: &PublicKey) -> Result<Value, DidError> {
    let multibase = key.to_multibase().ok_or(DidError::NoMultikey {
        key_type: key.key_type(),
    })?;
    Ok(json!({
        "id": id,
        "type": "Multikey",
        "controller": controller,
        "publicKeyMultibase": multibase,
    }))
}

/// One key of a [`DidDocument`].
#[derive(Clone, Debug, PartialEq, Eq)]
struct Entry {
    /// The method's id (the DID, `#`, the fragment).
    id: String,
    /// The Multikey verification method.
    method: Value,
    /// Where it is listed.
    relationships: Vec<Relationship>,
}

/// A DID document listing a controller's public keys as `Multikey` verification methods,
/// each referenced from its verification relationships. See the [module docs](self).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DidDocument {
    id: String,
    entries: Vec<Entry>,
}

impl DidDocument {
    /// An empty document for `did` (`did:<method>:<id>`, no path, query or fragment; for
    /// `did:web`, one that maps to an HTTPS URL).
    ///
    /// # Errors
    /// [`DidError::InvalidDid`] naming what is wrong.
    pub fn new(did: impl Into<String>) -> Result<Self, DidError> {
        let did = did.into();
        let invalid = |reason| DidError::InvalidDid {
            did: did.clone(),
            reason,
        };
        let rest = did
            .strip_prefix("did:")
            .ok_or_else(|| invalid("no did: prefix"))?;
        let (method, specific) = rest
            .split_once(':')
            .ok_or_else(|| invalid("no method-specific id"))?;
        if method.is_empty()
            || !method
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        {
            return Err(invalid(
                "the method name is not lowercase letters and digits",
            ));
        }
        if specific.is_empty() {
            return Err(invalid("empty method-specific id"));
        }
        if did.contains(['#', '?', '/']) || did.chars().any(|c| c.is_whitespace()) {
            return Err(invalid("a DID URL (path, query, fragment) or whitespace"));
        }
        if method == "web" && resolve::did_web_url(&did).is_err() {
            return Err(invalid("the did:web id does not name an HTTPS URL"));
        }
        Ok(DidDocument {
            id: did,
            entries: Vec::new(),
        })
    }

    /// The DID.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The id of the method named `fragment`: the DID, `#`, the fragment (what a
    /// [`Signer`](crate::crypto::Signer) of that key writes as its key id).
    pub fn method_id(&self, fragment: &str) -> String {
        format!("{}#{fragment}", self.id)
    }

    /// Adds `key` as the method `#fragment`, listed under `assertionMethod` and
    /// `authentication` ([`DEFAULT_RELATIONSHIPS`]).
    ///
    /// # Errors
    /// As [`with_key_for`](Self::with_key_for).
    pub fn with_key(self, fragment: &str, key: &PublicKey) -> Result<Self, DidError> {
        self.with_key_for(fragment, key, DEFAULT_RELATIONSHIPS)
    }

    /// Adds `key` as the method `#fragment`, listed under `relationships` (in the given
    /// order, repeats ignored), for example only `assertionMethod` for an issuing key.
    ///
    /// # Errors
    /// [`DidError::InvalidFragment`] for an empty fragment or one with characters outside
    /// letters, digits and `-._~`; [`DidError::DuplicateMethod`] when the fragment is taken;
    /// [`DidError::NoMultikey`] for an RSA key; [`DidError::Relationship`] for no
    /// relationship or `keyAgreement`.
    pub fn with_key_for(
        mut self,
        fragment: &str,
        key: &PublicKey,
        relationships: impl IntoIterator<Item = Relationship>,
    ) -> Result<Self, DidError> {
        let bad = |reason| DidError::InvalidFragment {
            fragment: fragment.to_owned(),
            reason,
        };
        if fragment.is_empty() {
            return Err(bad("empty"));
        }
        if !fragment
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'))
        {
            return Err(bad("only letters, digits and -._~ are written unescaped"));
        }
        let id = self.method_id(fragment);
        if self.entries.iter().any(|e| e.id == id) {
            return Err(DidError::DuplicateMethod { id });
        }
        let mut listed: Vec<Relationship> = Vec::new();
        for relationship in relationships {
            if relationship == Relationship::KeyAgreement {
                return Err(DidError::Relationship {
                    reason: "under keyAgreement (an encryption relationship)",
                });
            }
            if !listed.contains(&relationship) {
                listed.push(relationship);
            }
        }
        if listed.is_empty() {
            return Err(DidError::Relationship {
                reason: "under no verification relationship (nothing could use it)",
            });
        }
        let method = multikey_method(&id, &self.id, key)?;
        self.entries.push(Entry {
            id,
            method,
            relationships: listed,
        });
        Ok(self)
    }

    /// The URL to serve the document at, for a `did:web` DID
    /// ([`resolve::did_web_url`]):
    /// `did:web:example.edu` → `https://example.edu/.well-known/did.json`,
    /// `did:web:example.edu:issuers:1` → `https://example.edu/issuers/1/did.json`.
    ///
    /// # Errors
    /// [`ResolveError::InvalidId`] for a DID of another method.
    pub fn did_web_url(&self) -> Result<String, ResolveError> {
        resolve::did_web_url(&self.id)
    }

    /// The document as JSON: `@context` ([`DID_DOCUMENT_CONTEXT`]), `id`,
    /// `verificationMethod` (every key, in the order added), then each relationship that
    /// lists a key (`assertionMethod`, `authentication`, `capabilityInvocation`,
    /// `capabilityDelegation`), referencing methods by their absolute ids.
    pub fn to_value(&self) -> Value {
        let mut map = Map::new();
        map.insert("@context".into(), json!(DID_DOCUMENT_CONTEXT));
        map.insert("id".into(), Value::String(self.id.clone()));
        map.insert(
            "verificationMethod".into(),
            Value::Array(self.entries.iter().map(|e| e.method.clone()).collect()),
        );
        for relationship in Relationship::SIGNING {
            let ids: Vec<Value> = self
                .entries
                .iter()
                .filter(|e| e.relationships.contains(&relationship))
                .map(|e| Value::String(e.id.clone()))
                .collect();
            if !ids.is_empty() {
                map.insert(relationship.as_str().into(), Value::Array(ids));
            }
        }
        Value::Object(map)
    }

    /// The document as a [`Document`] (compact JSON), ready to serve.
    pub fn to_document(&self) -> Document {
        Document::from_value(self.to_value())
    }
}
