//! The JSON-LD safe-mode check: the credential, its proofs aside, expands to RDF with nothing
//! dropped, as issuing it and verifying an `-rdfc-` proof of it require. An undefined term, a
//! relative or malformed IRI, or a value JSON-LD would drop is reported at its JSON path
//! under the processor's code (`jsonld.undefined_term`, `jsonld.relative_iri`,
//! `jsonld.malformed_iri`, `jsonld.invalid_type`, `jsonld.invalid_value`,
//! `jsonld.dropped_value`, `jsonld.reserved_keyword`), or `jsonld.invalid` for any other
//! JSON-LD error. Only bundled contexts are read (an unknown one is `context.unknown`).

use serde_json::Value;

use crate::jsonld::JsonLdError;
use crate::proof::RdfcCanonicalizer;
use crate::report::{Finding, JsonPath};

/// Expands `value` (a credential at `path`), its `proof` member aside, and reports the first
/// JSON-LD error.
pub(super) fn check(value: &Value, path: &JsonPath, out: &mut Vec<Finding>) {
    let Some(map) = value.as_object() else {
        return;
    };
    let members: Vec<(&str, &Value)> = map
        .iter()
        .filter(|(k, _)| k.as_str() != "proof")
        .map(|(k, v)| (k.as_str(), v))
        .collect();
    if let Err(e) = RdfcCanonicalizer::new().check_members(&members) {
        out.push(finding(&e, path));
    }
}

fn finding(e: &JsonLdError, path: &JsonPath) -> Finding {
    let code = match e.code_str() {
        code if code.starts_with("jsonld.") => code,
        _ => "jsonld.invalid",
    };
    Finding::error(
        code,
        path.join(e.path()),
        format!("JSON-LD (safe mode, as signing requires): {e}"),
    )
}
