//! The signing traits and the built-in signer.

use std::future::Future;
use std::sync::Arc;

use super::{Algorithm, SecretKey, SignError};

/// Something that signs bytes with one key: a local [`SecretKey`] ([`KeySigner`]), a KMS,
/// an HSM, a remote signing service.
///
/// ```
/// use openbadges::crypto::{Algorithm, SignError, Signer};
///
/// /// A signer backed by some key-management service.
/// struct Kms { key: String }
///
/// impl Signer for Kms {
///     fn algorithm(&self) -> Algorithm { Algorithm::Rs256 }
///     fn key_id(&self) -> &str { &self.key }
///     fn sign(&self, _message: &[u8]) -> Result<Vec<u8>, SignError> {
///         Err(SignError::backend("the KMS is not reachable from a doctest"))
///     }
/// }
/// # let kms = Kms { key: "https://example.edu/keys/1".into() };
/// # assert!(kms.sign(b"x").is_err());
/// ```
pub trait Signer {
    /// The algorithm of the signatures this signer makes.
    fn algorithm(&self) -> Algorithm;

    /// The verification method id of the key (a DID URL or URL), put in the proof's
    /// `verificationMethod` or the JOSE `kid`.
    fn key_id(&self) -> &str;

    /// The controller of the key: the DID or URL whose document lists it, which is the
    /// `issuer` of the credentials it signs and the `holder` of the presentations.
    ///
    /// The default is the key id without its fragment, right for DID URLs
    /// (`did:key:z6Mk…#z6Mk…` → `did:key:z6Mk…`, `did:web:example.com#key-1` →
    /// `did:web:example.com`) and any key id of the form `controller#fragment`. A signer
    /// whose key id is not (an HTTPS key document without a fragment, a key named apart from
    /// its controller) overrides it.
    ///
    /// ```
    /// use openbadges::crypto::{KeyType, SecretKey, Signer};
    ///
    /// let signer = SecretKey::generate(KeyType::Ed25519)?.into_signer("did:web:example.edu#key-1");
    /// assert_eq!(signer.controller(), "did:web:example.edu");
    /// # Ok::<(), openbadges::crypto::KeyError>(())
    /// ```
    fn controller(&self) -> &str {
        let id = self.key_id();
        id.split_once('#').map_or(id, |(controller, _)| controller)
    }

    /// Signs `message`. ECDSA signatures are raw `r || s`.
    ///
    /// # Errors
    /// [`SignError`] when the signer cannot sign (backend failure, unsupported algorithm).
    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, SignError>;
}

/// The asynchronous form of [`Signer`], for signers that wait on I/O.
///
/// Every [`Signer`] is an `AsyncSigner` (its future is ready at once). When both traits are
/// in scope, call `AsyncSigner::sign(&signer, message)` to pick this one.
pub trait AsyncSigner {
    /// The algorithm of the signatures this signer makes.
    fn algorithm(&self) -> Algorithm;

    /// The verification method id of the key.
    fn key_id(&self) -> &str;

    /// Signs `message`.
    ///
    /// # Errors
    /// The future resolves to a [`SignError`] when the signer cannot sign.
    fn sign(&self, message: &[u8]) -> impl Future<Output = Result<Vec<u8>, SignError>> + Send;
}

impl<S: Signer + ?Sized> AsyncSigner for S {
    fn algorithm(&self) -> Algorithm {
        Signer::algorithm(self)
    }

    fn key_id(&self) -> &str {
        Signer::key_id(self)
    }

    fn sign(&self, message: &[u8]) -> impl Future<Output = Result<Vec<u8>, SignError>> + Send {
        std::future::ready(Signer::sign(self, message))
    }
}

impl<S: Signer + ?Sized> Signer for &S {
    fn algorithm(&self) -> Algorithm {
        (**self).algorithm()
    }
    fn key_id(&self) -> &str {
        (**self).key_id()
    }
    fn controller(&self) -> &str {
        (**self).controller()
    }
    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, SignError> {
        (**self).sign(message)
    }
}

impl<S: Signer + ?Sized> Signer for Box<S> {
    fn algorithm(&self) -> Algorithm {
        (**self).algorithm()
    }
    fn key_id(&self) -> &str {
        (**self).key_id()
    }
    fn controller(&self) -> &str {
        (**self).controller()
    }
    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, SignError> {
        (**self).sign(message)
    }
}

impl<S: Signer + ?Sized> Signer for Arc<S> {
    fn algorithm(&self) -> Algorithm {
        (**self).algorithm()
    }
    fn key_id(&self) -> &str {
        (**self).key_id()
    }
    fn controller(&self) -> &str {
        (**self).controller()
    }
    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, SignError> {
        (**self).sign(message)
    }
}

/// The built-in signer: a [`SecretKey`] and its verification method id.
///
/// Signs with the key type's algorithm: EdDSA for Ed25519, ES256 for P-256, ES384 for P-384
/// (deterministic RFC 6979 nonces, low-S signatures), ES512 for P-521 (random nonces).
#[derive(Debug)]
pub struct KeySigner {
    key: SecretKey,
    key_id: String,
}

impl KeySigner {
    /// A signer for `key` under the verification method id `key_id`.
    pub fn new(key: SecretKey, key_id: impl Into<String>) -> Self {
        KeySigner {
            key,
            key_id: key_id.into(),
        }
    }

    /// The secret key.
    pub fn secret_key(&self) -> &SecretKey {
        &self.key
    }
}

impl Signer for KeySigner {
    fn algorithm(&self) -> Algorithm {
        self.key.key_type().default_algorithm()
    }

    fn key_id(&self) -> &str {
        &self.key_id
    }

    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, SignError> {
        self.key.sign(message)
    }
}
