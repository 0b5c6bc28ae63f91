//! `did:key`: the key is the DID; its implied document has one verification method.

use super::{Relationship, ResolveError, VerificationMethod};
use crate::crypto::PublicKey;

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
    let public_key = PublicKey::from_multibase(multibase).map_err(|source| ResolveError::Key {
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
