//! Finding a verification method and its relationships in a controller (DID) document.

use std::collections::BTreeSet;

use serde_json::Value;

use super::method::absolute;
use super::{Relationship, ResolveError, VerificationMethod};
use crate::report::{JsonPath, one_or_many};

/// The id of an entry: a string reference or an embedded method's `id`, made absolute.
fn entry_id(entry: &Value, base: &str) -> Option<String> {
    match entry {
        Value::String(s) => Some(absolute(s, base)),
        Value::Object(map) => map
            .get("id")
            .and_then(Value::as_str)
            .map(|s| absolute(s, base)),
        _ => None,
    }
}

/// The relationships under which `document` (with id `base`) lists `method_id`, by reference
/// or embedded.
pub(super) fn relationships_for(
    document: &Value,
    base: &str,
    method_id: &str,
) -> BTreeSet<Relationship> {
    let mut out = BTreeSet::new();
    for relationship in Relationship::ALL {
        if let Some(value) = document.get(relationship.as_str()) {
            let listed = one_or_many(value, &JsonPath::root())
                .into_iter()
                .any(|(entry, _)| entry_id(entry, base).as_deref() == Some(method_id));
            if listed {
                out.insert(relationship);
            }
        }
    }
    out
}

/// Finds verification method `method_id` in a controller document fetched from `url`.
///
/// The document's `id` must be `expected_id` (the DID or URL it was fetched for). The method
/// is looked up in `verificationMethod` and among methods embedded in the relationship
/// members; its `controller` must be the document's id. Its
/// [`relationships`](VerificationMethod::relationships) are every relationship member that
/// lists it, by reference (absolute or relative `#fragment`) or embedded.
///
/// # Errors
/// [`ResolveError::IdMismatch`] when the document is for another id,
/// [`ResolveError::NotFound`] when the method is absent, [`ResolveError::ControllerMismatch`]
/// when the method names another controller, and the errors of
/// [`VerificationMethod::from_json`].
pub fn method_in_document(
    document: &Value,
    expected_id: &str,
    url: &str,
    method_id: &str,
) -> Result<VerificationMethod, ResolveError> {
    let map = document.as_object().ok_or_else(|| ResolveError::Invalid {
        url: url.to_owned(),
        path: JsonPath::root(),
        reason: "controller document is not a JSON object",
    })?;
    let doc_id = match map.get("id") {
        Some(Value::String(id)) => id.as_str(),
        _ => {
            return Err(ResolveError::Invalid {
                url: url.to_owned(),
                path: JsonPath::root().key("id"),
                reason: "controller document has no string id",
            });
        }
    };
    if doc_id != expected_id {
        return Err(ResolveError::IdMismatch {
            url: url.to_owned(),
            expected: expected_id.to_owned(),
            found: doc_id.to_owned(),
        });
    }
    let mut candidates = Vec::new();
    if let Some(value) = map.get("verificationMethod") {
        candidates.extend(one_or_many(
            value,
            &JsonPath::root().key("verificationMethod"),
        ));
    }
    for relationship in Relationship::ALL {
        if let Some(value) = map.get(relationship.as_str()) {
            let path = JsonPath::root().key(relationship.as_str());
            candidates.extend(
                one_or_many(value, &path)
                    .into_iter()
                    .filter(|(entry, _)| entry.is_object()),
            );
        }
    }
    let (entry, path) = candidates
        .into_iter()
        .find(|(entry, _)| {
            entry.is_object() && entry_id(entry, doc_id).as_deref() == Some(method_id)
        })
        .ok_or_else(|| ResolveError::NotFound {
            id: method_id.to_owned(),
            document: Some(url.to_owned()),
        })?;
    let method = VerificationMethod::from_json(entry, doc_id, url, &path)?;
    if method.controller != doc_id {
        return Err(ResolveError::ControllerMismatch {
            id: method.id,
            controller: method.controller,
            document: doc_id.to_owned(),
        });
    }
    let relationships = relationships_for(document, doc_id, method_id);
    Ok(method.with_relationships(relationships))
}
