//! Skolemization (VC-DI-ECDSA §3.4 skolemizeCompactJsonLd, toDeskolemizedNQuads): every
//! node object of the compact document gets an `id` `urn:bnid:sk<n>`, so that a selection
//! of the document by JSON pointers names the same nodes; the skolem IRIs become blank
//! nodes `_:sk<n>` again in the quads.
//!
//! The skolemization works on the compact document (the document as received): an object
//! is a node object unless it is a value object (`@value`), a list or set object, or a
//! `@context`. Whether that held is then proven, not assumed: the deskolemized dataset
//! must canonicalize to exactly the document's own canonical N-Quads, and no blank node
//! may be left unnamed (a `@list`, which the peer implementation refuses too, or a graph
//! container). Anything else is [`SdError::Skolemize`].

use serde_json::{Map, Value};

use super::SdError;
use crate::rdf::{Quad, Term};

/// The IRI prefix of skolem identifiers.
pub(crate) const SKOLEM_PREFIX: &str = "urn:bnid:";

/// The skolemized copy of `document`, and how many identifiers were issued.
///
/// # Errors
/// [`SdError::Skolemize`] when the document names a node with a blank node identifier
/// (`_:…`), which this implementation does not carry through selections.
pub(crate) fn skolemize(document: &Value) -> Result<Value, SdError> {
    let mut count = 0usize;
    let mut out = document.clone();
    walk(&mut out, &mut count, 0)?;
    Ok(out)
}

const MAX_DEPTH: usize = 256;

fn walk(value: &mut Value, count: &mut usize, depth: usize) -> Result<(), SdError> {
    if depth > MAX_DEPTH {
        return Err(SdError::Skolemize {
            reason: "the document nests too deeply",
        });
    }
    match value {
        Value::Array(items) => {
            for item in items {
                walk(item, count, depth + 1)?;
            }
        }
        Value::Object(map) => {
            if map.contains_key("@value") {
                return Ok(());
            }
            let container = map.contains_key("@list") || map.contains_key("@set");
            for (key, member) in map.iter_mut() {
                if key == "@context" {
                    continue;
                }
                walk(member, count, depth + 1)?;
            }
            if !container {
                node_id(map, count)?;
            }
        }
        _ => {}
    }
    Ok(())
}

fn node_id(map: &mut Map<String, Value>, count: &mut usize) -> Result<(), SdError> {
    let existing = map.get("id").or_else(|| map.get("@id"));
    match existing {
        Some(Value::String(id)) if id.starts_with("_:") => Err(SdError::Skolemize {
            reason: "a node has a blank node identifier (\"_:…\"); give it an IRI or no id",
        }),
        Some(_) => Ok(()),
        None => {
            let id = format!("{SKOLEM_PREFIX}sk{count}");
            *count += 1;
            // Put the identifier first, where a reader expects it.
            let mut with_id = Map::with_capacity(map.len() + 1);
            with_id.insert("id".to_owned(), Value::String(id));
            with_id.extend(std::mem::take(map));
            *map = with_id;
            Ok(())
        }
    }
}

/// `quads` with every skolem IRI `urn:bnid:X` turned back into the blank node `_:X`.
pub(crate) fn deskolemize(quads: Vec<Quad>) -> Vec<Quad> {
    let term = |t: Term| match t {
        Term::Iri(iri) if iri.starts_with(SKOLEM_PREFIX) => {
            Term::Blank(iri[SKOLEM_PREFIX.len()..].to_owned())
        }
        other => other,
    };
    quads
        .into_iter()
        .map(|q| Quad {
            subject: term(q.subject),
            predicate: q.predicate,
            object: term(q.object),
            graph: q.graph.map(term),
        })
        .collect()
}

/// True when a term of `quads` is an IRI with the skolem prefix (a document that uses
/// `urn:bnid:` itself cannot be told apart from its skolemization).
pub(crate) fn uses_skolem_iris(quads: &[Quad]) -> bool {
    let skolem = |t: &Term| matches!(t, Term::Iri(iri) if iri.starts_with(SKOLEM_PREFIX));
    quads
        .iter()
        .any(|q| skolem(&q.subject) || skolem(&q.object) || q.graph.as_ref().is_some_and(skolem))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ids_go_on_node_objects_only() {
        let doc = json!({
            "@context": [{"x": "urn:x"}],
            "a": {"b": [{"@value": 1}, {"c": 2}]},
            "l": {"@list": [{"d": 3}]},
            "id": "urn:root"
        });
        let s = skolemize(&doc).unwrap();
        assert_eq!(s["id"], "urn:root");
        assert_eq!(s["@context"], doc["@context"]);
        assert_eq!(s["a"]["id"], "urn:bnid:sk1");
        assert_eq!(s["a"]["b"][0], json!({"@value": 1}));
        assert_eq!(s["a"]["b"][1]["id"], "urn:bnid:sk0");
        assert!(s["l"].get("id").is_none());
        assert!(s["l"]["@list"][0].get("id").is_some());
        assert!(skolemize(&json!({"a": {"id": "_:b"}})).is_err());
    }
}
