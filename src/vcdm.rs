//! The VC Data Model 2.0 rules that every credential obeys, whatever its profile, and that a
//! verifier and an issuer both enforce (the W3C vc-data-model-2.0 suite checks them).
//!
//! | code | rule (VCDM 2.0) |
//! |---|---|
//! | `vcdm.subject_missing` | `credentialSubject` is present: an object or a non-empty array of objects (§4.8) |
//! | `vcdm.subject_empty` | no object of `credentialSubject` is empty: each has a claim or an `id` (§4.8) |
//! | `vcdm.entry_type` | every `termsOfUse`, `evidence`, `refreshService`, `credentialSchema` and `credentialStatus` entry is an object with a `type` (§4.10–5.6) |
//! | `vcdm.related_resource` | each `relatedResource` is an object with an `id`, ids are unique, and each carries `digestSRI` or `digestMultibase` (§5.3) |
//!
//! Every finding is an error at the member's JSON path.
//!
//! ```
//! use openbadges::report::JsonPath;
//! let credential = serde_json::json!({
//!     "@context": ["https://www.w3.org/ns/credentials/v2"],
//!     "type": ["VerifiableCredential"],
//!     "issuer": "https://example.com/issuer",
//!     "credentialSubject": {},
//!     "evidence": [{"id": "https://example.com/evidence/1"}]
//! });
//! let findings = openbadges::vcdm::check(&credential, &JsonPath::root());
//! let codes: Vec<_> = findings.iter().map(|f| (f.code.as_ref(), f.path.to_string())).collect();
//! assert_eq!(codes, [
//!     ("vcdm.subject_empty", "$.credentialSubject".to_string()),
//!     ("vcdm.entry_type", "$.evidence[0]".to_string()),
//! ]);
//! ```

use std::collections::HashSet;

use serde_json::Value;

use crate::report::{Finding, JsonPath, one_or_many};

/// `credentialSubject` is absent, or not an object or non-empty array of objects.
pub const SUBJECT_MISSING: &str = "vcdm.subject_missing";
/// An object of `credentialSubject` has no member.
pub const SUBJECT_EMPTY: &str = "vcdm.subject_empty";
/// A `termsOfUse`, `evidence`, `refreshService`, `credentialSchema` or `credentialStatus`
/// entry is not an object with a `type`.
pub const ENTRY_TYPE: &str = "vcdm.entry_type";
/// A `relatedResource` entry lacks an `id` or a digest, or repeats an `id`.
pub const RELATED_RESOURCE: &str = "vcdm.related_resource";

/// The members whose entries must each carry a `type`.
const TYPED_ENTRIES: [&str; 5] = [
    "termsOfUse",
    "evidence",
    "refreshService",
    "credentialSchema",
    "credentialStatus",
];

/// The VCDM 2.0 findings of the credential `credential` at `path` (not of credentials
/// nested in it).
pub fn check(credential: &Value, path: &JsonPath) -> Vec<Finding> {
    let mut out = Vec::new();
    let subject_path = path.clone().key("credentialSubject");
    match credential.get("credentialSubject") {
        None | Some(Value::Null) => out.push(Finding::error(
            SUBJECT_MISSING,
            subject_path,
            "a credential must have a credentialSubject (VCDM 2.0 §4.8)",
        )),
        Some(Value::Array(items)) if items.is_empty() => out.push(Finding::error(
            SUBJECT_MISSING,
            subject_path,
            "credentialSubject is an empty array: it needs at least one subject",
        )),
        Some(subjects) => {
            for (subject, at) in one_or_many(subjects, &subject_path) {
                match subject {
                    Value::Object(m) if m.is_empty() => out.push(Finding::error(
                        SUBJECT_EMPTY,
                        at,
                        "a credentialSubject object must make a claim or name its subject (it is empty)",
                    )),
                    Value::Object(_) => {}
                    _ => out.push(Finding::error(
                        SUBJECT_MISSING,
                        at,
                        "a credentialSubject must be an object",
                    )),
                }
            }
        }
    }
    for member in TYPED_ENTRIES {
        let Some(value) = credential.get(member) else {
            continue;
        };
        for (entry, at) in one_or_many(value, &path.clone().key(member)) {
            let typed = entry.get("type").is_some_and(|t| match t {
                Value::String(s) => !s.is_empty(),
                Value::Array(items) => !items.is_empty() && items.iter().all(Value::is_string),
                _ => false,
            });
            if !typed {
                out.push(Finding::error(
                    ENTRY_TYPE,
                    at,
                    format!("each {member} entry must be an object with a type"),
                ));
            }
        }
    }
    if let Some(value) = credential.get("relatedResource") {
        let mut seen = HashSet::new();
        for (entry, at) in one_or_many(value, &path.clone().key("relatedResource")) {
            let problem = match entry.get("id").and_then(Value::as_str) {
                None => Some("must be an object with an id".to_string()),
                Some(id) if !seen.insert(id) => Some(format!("repeats the id {id}")),
                Some(_)
                    if entry.get("digestSRI").is_none()
                        && entry.get("digestMultibase").is_none() =>
                {
                    Some("must carry digestSRI or digestMultibase".to_string())
                }
                Some(_) => None,
            };
            if let Some(problem) = problem {
                out.push(Finding::error(
                    RELATED_RESOURCE,
                    at,
                    format!("a relatedResource entry {problem} (VCDM 2.0 §5.3)"),
                ));
            }
        }
    }
    out
}
