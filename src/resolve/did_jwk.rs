//! `did:jwk`: the DID is the base64url of a public JWK; its one method is `#0`.

use super::{Relationship, ResolveError, VerificationMethod};
use crate::crypto::PublicKey;
use crate::crypto::multibase::decode_base64url;
use crate::document::{Document, ParseLimits};

/// Longest accepted did:jwk method-specific id (an RSA-4096 JWK is about 1 KB of base64url).
const MAX_ENCODED: usize = 4096;

/// Resolves `did:jwk:<b64url>#0` (`rest` is the text after `did:jwk:`).
pub(super) fn resolve(id: &str, rest: &str) -> Result<VerificationMethod, ResolveError> {
    let invalid = |reason| ResolveError::InvalidId {
        id: id.to_owned(),
        reason,
    };
    let (encoded, fragment) = rest
        .split_once('#')
        .ok_or_else(|| invalid("a did:jwk verification method needs the fragment #0"))?;
    if encoded.len() > MAX_ENCODED {
        return Err(invalid("did:jwk value is too long"));
    }
    let json = decode_base64url(encoded).map_err(|_| invalid("did:jwk value is not base64url"))?;
    let document =
        Document::from_slice_with(&json, ParseLimits::with_max_bytes(MAX_ENCODED).max_depth(4))
            .map_err(|_| invalid("did:jwk value is not a JSON object"))?;
    let jwk = document.value();
    let public_key = PublicKey::from_jwk(jwk).map_err(|source| ResolveError::Key {
        id: id.to_owned(),
        source,
    })?;
    let did = format!("did:jwk:{encoded}");
    if fragment != "0" {
        return Err(ResolveError::NotFound {
            id: id.to_owned(),
            document: Some(did),
        });
    }
    let method = VerificationMethod::new(id, did, "JsonWebKey", public_key);
    // did:jwk §2.3: a key with "use": "enc" is only for key agreement.
    Ok(match jwk.get("use").and_then(|u| u.as_str()) {
        Some("enc") => method.with_relationships([Relationship::KeyAgreement]),
        _ => method.with_relationships(Relationship::SIGNING),
    })
}
