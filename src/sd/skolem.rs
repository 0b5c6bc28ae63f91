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
use crate::rdf::{Dataset, QuadSink, TermRef};

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

/// A [`QuadSink`] that turns every skolem IRI `urn:bnid:X` in a subject, object or graph
/// back into the blank node `_:X` while forwarding the quads to a [`Dataset`]
/// (toDeskolemizedNQuads on the streaming path: no owned term is built).
///
/// It also notes whether a blank node is left that skolemization did not name (a label
/// not starting with `sk`: an `@list`, a graph container).
pub(crate) struct Deskolemizer<'d> {
    dataset: &'d mut Dataset,
    unnamed: bool,
}

impl<'d> Deskolemizer<'d> {
    /// A deskolemizer filling `dataset`.
    pub(crate) fn new(dataset: &'d mut Dataset) -> Self {
        Deskolemizer {
            dataset,
            unnamed: false,
        }
    }

    /// True when a quad had a blank node skolemization did not name.
    pub(crate) fn saw_unnamed(&self) -> bool {
        self.unnamed
    }

    /// `term` with a skolem IRI turned into its blank node; notes an unnamed blank node.
    fn term<'t>(&mut self, term: TermRef<'t>) -> TermRef<'t> {
        let term = match term {
            TermRef::Iri(iri) => match iri.strip_prefix(SKOLEM_PREFIX) {
                Some(label) => TermRef::Blank(label),
                None => term,
            },
            other => other,
        };
        if let TermRef::Blank(label) = term
            && !label.starts_with("sk")
        {
            self.unnamed = true;
        }
        term
    }
}

impl QuadSink for Deskolemizer<'_> {
    fn push_quad(
        &mut self,
        subject: TermRef<'_>,
        predicate: TermRef<'_>,
        object: TermRef<'_>,
        graph: Option<TermRef<'_>>,
    ) {
        let subject = self.term(subject);
        let object = self.term(object);
        let graph = graph.map(|g| self.term(g));
        self.dataset.push_quad(subject, predicate, object, graph);
    }
}

/// A [`QuadSink`] forwarding quads to a [`Dataset`] unchanged while noting whether a
/// subject, object or graph is an IRI with the skolem prefix (a document that uses
/// `urn:bnid:` itself cannot be told apart from its skolemization).
pub(crate) struct SkolemScan<'d> {
    dataset: &'d mut Dataset,
    found: bool,
}

impl<'d> SkolemScan<'d> {
    /// A scan filling `dataset`.
    pub(crate) fn new(dataset: &'d mut Dataset) -> Self {
        SkolemScan {
            dataset,
            found: false,
        }
    }

    /// True when a quad had a skolem IRI.
    pub(crate) fn found(&self) -> bool {
        self.found
    }
}

impl QuadSink for SkolemScan<'_> {
    fn push_quad(
        &mut self,
        subject: TermRef<'_>,
        predicate: TermRef<'_>,
        object: TermRef<'_>,
        graph: Option<TermRef<'_>>,
    ) {
        let skolem =
            |t: TermRef<'_>| matches!(t, TermRef::Iri(iri) if iri.starts_with(SKOLEM_PREFIX));
        if skolem(subject) || skolem(object) || graph.is_some_and(skolem) {
            self.found = true;
        }
        self.dataset.push_quad(subject, predicate, object, graph);
    }
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

    #[test]
    fn deskolemizer_turns_skolem_iris_into_blank_nodes() {
        let mut dataset = Dataset::new();
        let mut sink = Deskolemizer::new(&mut dataset);
        let p = TermRef::Iri("urn:bnid:p");
        sink.push_quad(TermRef::Iri("urn:bnid:sk0"), p, TermRef::Iri("urn:x"), None);
        assert!(!sink.saw_unnamed());
        sink.push_quad(
            TermRef::Iri("urn:x"),
            p,
            TermRef::Iri("urn:bnid:sk1"),
            Some(TermRef::Iri("urn:bnid:sk2")),
        );
        assert!(!sink.saw_unnamed());
        sink.push_quad(TermRef::Blank("b0"), p, TermRef::Iri("urn:x"), None);
        assert!(sink.saw_unnamed());
        assert_eq!(
            dataset.to_nquads(),
            "_:sk0 <urn:bnid:p> <urn:x> .\n\
             <urn:x> <urn:bnid:p> _:sk1 _:sk2 .\n\
             _:b0 <urn:bnid:p> <urn:x> .\n"
        );
        // A skolem IRI whose label skolemization did not issue is an unnamed blank node.
        let mut dataset = Dataset::new();
        let mut sink = Deskolemizer::new(&mut dataset);
        sink.push_quad(
            TermRef::Iri("urn:x"),
            TermRef::Iri("urn:p"),
            TermRef::Iri("urn:bnid:x"),
            None,
        );
        assert!(sink.saw_unnamed());
    }

    #[test]
    fn skolem_scan_finds_skolem_iris_but_not_in_predicates() {
        let p = TermRef::Iri("urn:p");
        let x = TermRef::Iri("urn:x");
        let sk = TermRef::Iri("urn:bnid:sk0");
        let cases: [([TermRef<'_>; 3], Option<TermRef<'_>>, bool); 5] = [
            ([x, p, x], None, false),
            ([x, sk, x], None, false),
            ([sk, p, x], None, true),
            ([x, p, sk], None, true),
            ([x, p, x], Some(sk), true),
        ];
        for ([s, p, o], g, found) in cases {
            let mut dataset = Dataset::new();
            let mut scan = SkolemScan::new(&mut dataset);
            scan.push_quad(s, p, o, g);
            assert_eq!(scan.found(), found, "{s:?} {p:?} {o:?} {g:?}");
            assert_eq!(dataset.len(), 1);
        }
    }
}
