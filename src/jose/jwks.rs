//! [`JwksResolver`]: keys published as a JSON Web Key Set (RFC 7517 §5) at an `https` URL.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::crypto::PublicKey;
use crate::document::{Document, ParseLimits};
use crate::fetch::Fetcher;
use crate::report::JsonPath;
use crate::resolve::{KeyResolver, Relationship, ResolveError, VerificationMethod};

/// Resolves `kid`s of the form `<jwks url>#<kid>` against JWK Sets the caller has tied to
/// an issuer; every other id goes to the inner resolver.
///
/// A JWK Set says nothing about who controls its keys, so the binding is the caller's
/// declaration ([`JwksResolver::issuer_jwks`]: "issuer X publishes its keys at URL U", as
/// an issuer registry or OpenID-style metadata would say). A key found in U is returned as
/// an `assertionMethod` key controlled by X. A key whose JWK has `use` other than `sig` is
/// refused.
///
/// ```
/// # #[cfg(feature = "ed25519")] {
/// use openbadges::crypto::{KeyType, SecretKey};
/// use openbadges::jose::JwksResolver;
/// use openbadges::resolve::{KeyResolver, Resolver};
/// use openbadges::fetch::{MemoryFetcher};
/// use serde_json::json;
///
/// let key = SecretKey::from_seed(KeyType::Ed25519, &[5; 32]).unwrap().public_key();
/// let mut jwk = key.to_jwk();
/// jwk["kid"] = "k1".into();
/// let fetcher = MemoryFetcher::new()
///     .with_json("https://example.edu/jwks.json", &json!({"keys": [jwk]}));
/// let resolver = JwksResolver::new(Resolver::offline(), fetcher)
///     .issuer_jwks("https://example.edu/issuer", "https://example.edu/jwks.json");
/// let method = resolver.resolve("https://example.edu/jwks.json#k1").unwrap();
/// assert_eq!(method.controller, "https://example.edu/issuer");
/// assert_eq!(method.public_key, key);
/// assert!(resolver.resolve("https://example.edu/jwks.json#k2").is_err());
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct JwksResolver<R, F> {
    inner: R,
    fetcher: F,
    /// JWKS URL → issuer id.
    sets: BTreeMap<String, String>,
    limits: ParseLimits,
}

impl<R: KeyResolver, F: Fetcher> JwksResolver<R, F> {
    /// A resolver that fetches JWK Sets with `fetcher` and sends other ids to `inner`.
    pub fn new(inner: R, fetcher: F) -> Self {
        JwksResolver {
            inner,
            fetcher,
            sets: BTreeMap::new(),
            limits: ParseLimits::with_max_bytes(1024 * 1024),
        }
    }

    /// Declares that `issuer` publishes its signing keys at `jwks_url`.
    #[must_use]
    pub fn issuer_jwks(mut self, issuer: impl Into<String>, jwks_url: impl Into<String>) -> Self {
        self.sets.insert(jwks_url.into(), issuer.into());
        self
    }

    fn resolve_in_set(
        &self,
        id: &str,
        url: &str,
        kid: &str,
        issuer: &str,
    ) -> Result<VerificationMethod, ResolveError> {
        let fetched = self.fetcher.fetch(url)?;
        let document =
            Document::from_slice_with(&fetched.bytes, self.limits).map_err(|source| {
                ResolveError::Parse {
                    url: url.to_owned(),
                    source,
                }
            })?;
        let invalid = |path: JsonPath, reason| ResolveError::Invalid {
            url: url.to_owned(),
            path,
            reason,
        };
        let keys = document
            .value()
            .get("keys")
            .and_then(Value::as_array)
            .ok_or_else(|| {
                invalid(
                    JsonPath::root().key("keys"),
                    "a JWK Set has a \"keys\" array",
                )
            })?;
        let (index, jwk) = keys
            .iter()
            .enumerate()
            .find(|(_, k)| k.get("kid").and_then(Value::as_str) == Some(kid))
            .ok_or_else(|| ResolveError::NotFound {
                id: id.to_owned(),
                document: Some(url.to_owned()),
            })?;
        if jwk.get("use").is_some_and(|u| u != "sig") {
            return Err(invalid(
                JsonPath::root().key("keys").index(index).key("use"),
                "the key is not for signatures (\"use\" is not \"sig\")",
            ));
        }
        let key = PublicKey::from_jwk(jwk).map_err(|source| ResolveError::Key {
            id: id.to_owned(),
            source,
        })?;
        Ok(VerificationMethod::new(id, issuer, "JsonWebKey", key)
            .with_relationships([Relationship::AssertionMethod]))
    }
}

impl<R: KeyResolver, F: Fetcher> KeyResolver for JwksResolver<R, F> {
    fn resolve(&self, id: &str) -> Result<VerificationMethod, ResolveError> {
        if let Some((url, kid)) = id.split_once('#')
            && let Some(issuer) = self.sets.get(url)
        {
            return self.resolve_in_set(id, url, kid, issuer);
        }
        self.inner.resolve(id)
    }
}
