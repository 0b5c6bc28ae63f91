//! `did:key`: the key is the DID; its implied document has one verification method.

use std::collections::BTreeMap;
use std::sync::{OnceLock, RwLock};

use super::{Relationship, ResolveError, VerificationMethod};
use crate::crypto::{KeyError, PublicKey};

/// How many decoded `did:key` keys the process keeps (when full, the cache starts over).
pub(super) const KEY_CACHE_CAPACITY: usize = 1024;

/// Decoded and validated `did:key` public keys by multibase text, shared across threads.
///
/// Reading a key decodes base58, decompresses the curve point and checks it (for Ed25519 a
/// field inversion and a small-order check): a few microseconds that every verification of
/// the same issuer would repeat. Only keys that decoded are kept; the cache is bounded by
/// [`KEY_CACHE_CAPACITY`] entries of at most 128 decoded bytes each.
fn key_cache() -> &'static RwLock<BTreeMap<String, PublicKey>> {
    static CACHE: OnceLock<RwLock<BTreeMap<String, PublicKey>>> = OnceLock::new();
    CACHE.get_or_init(|| RwLock::new(BTreeMap::new()))
}

/// The public key of a `did:key` multibase value, from the process-wide cache or decoded.
pub(super) fn cached_key(multibase: &str) -> Result<PublicKey, KeyError> {
    if let Ok(cache) = key_cache().read()
        && let Some(key) = cache.get(multibase)
    {
        return Ok(key.clone());
    }
    let key = PublicKey::from_multibase(multibase)?;
    if let Ok(mut cache) = key_cache().write() {
        if cache.len() >= KEY_CACHE_CAPACITY {
            cache.clear();
        }
        cache.insert(multibase.to_owned(), key.clone());
    }
    Ok(key)
}

/// Whether the process-wide `did:key` cache holds `multibase`.
#[cfg(test)]
fn is_cached(multibase: &str) -> bool {
    key_cache()
        .read()
        .is_ok_and(|cache| cache.contains_key(multibase))
}

/// Resolves `did:key:<mb>#<mb>` (the method-specific id after `did:key:` is `rest`).
pub(super) fn resolve(id: &str, rest: &str) -> Result<VerificationMethod, ResolveError> {
    let (multibase, fragment) = match rest.split_once('#') {
        Some((m, f)) => (m, f),
        None => {
            return Err(ResolveError::InvalidId {
                id: id.to_owned(),
                reason: "a did:key verification method needs the fragment #<key>",
            });
        }
    };
    let public_key = cached_key(multibase).map_err(|source| ResolveError::Key {
        id: id.to_owned(),
        source,
    })?;
    if fragment != multibase {
        return Err(ResolveError::NotFound {
            id: id.to_owned(),
            document: Some(format!("did:key:{multibase}")),
        });
    }
    // The implied document of a signing key lists its one method under every signing
    // relationship (keyAgreement would use a derived X25519 key, which is not this one).
    Ok(
        VerificationMethod::new(id, format!("did:key:{multibase}"), "Multikey", public_key)
            .with_relationships(Relationship::SIGNING),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(feature = "ed25519")]
    fn cache_returns_the_same_key_and_keeps_no_failures() {
        let mb = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";
        let first = cached_key(mb);
        let second = cached_key(mb);
        assert_eq!(first, second);
        assert_eq!(first, PublicKey::from_multibase(mb));
        assert!(is_cached(mb));
        assert!(cached_key("z6MkBAD").is_err());
        assert!(!is_cached("z6MkBAD"));
        // A bounded cache: filling it past capacity starts over.
        for i in 0..=KEY_CACHE_CAPACITY {
            let mut seed = [7u8; 32];
            seed[..8].copy_from_slice(&(i as u64).to_le_bytes());
            let key = crate::crypto::SecretKey::from_seed(crate::crypto::KeyType::Ed25519, &seed)
                .unwrap()
                .public_key();
            let mb = key.to_multibase().unwrap();
            assert_eq!(cached_key(&mb).unwrap(), key);
            assert!(
                key_cache()
                    .read()
                    .is_ok_and(|c| c.len() <= KEY_CACHE_CAPACITY)
            );
        }
    }
}
