//! Resolvers that skip the checks a verifier relies on. For test vectors only.

use super::{KeyResolver, Relationship, ResolveError, VerificationMethod};
use crate::crypto::PublicKey;

/// Takes the key from the verification method id's fragment (`…#z6Mk…`), whatever the rest
/// of the id says, as the 1EdTech reference verifier does for its test vectors.
///
/// **Never use it to verify real credentials**: anyone can write any key into a fragment, so
/// the resolved method proves nothing about the issuer. The controller is reported as the
/// id without its fragment and the method as authorized for every signing relationship.
///
/// ```
/// # #[cfg(feature = "ed25519")] {
/// use openbadges::resolve::{KeyResolver, dangerous::FragmentKeyResolver};
///
/// let id = "https://example.edu/issuers/1#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";
/// let method = FragmentKeyResolver.resolve(id).unwrap();
/// assert_eq!(method.controller, "https://example.edu/issuers/1");
/// # }
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct FragmentKeyResolver;

impl KeyResolver for FragmentKeyResolver {
    fn resolve(&self, id: &str) -> Result<VerificationMethod, ResolveError> {
        let (controller, fragment) = id.split_once('#').ok_or_else(|| ResolveError::InvalidId {
            id: id.to_owned(),
            reason: "no fragment holding a publicKeyMultibase",
        })?;
        let key = PublicKey::from_multibase(fragment).map_err(|source| ResolveError::Key {
            id: id.to_owned(),
            source,
        })?;
        Ok(VerificationMethod::new(id, controller, "Multikey", key)
            .with_relationships(Relationship::SIGNING))
    }
}
