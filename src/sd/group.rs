//! Canonicalize and group (VC-DI-ECDSA §3.4 canonicalizeAndGroup): the document's
//! HMAC-relabelled canonical N-Quads, and for each list of JSON pointers the indexes of
//! the N-Quads its selection produces.

use std::collections::BTreeMap;

use serde_json::Value;

use super::SdError;
use super::hmac::HmacKey;
use super::select::select_json_ld;
use super::skolem::{Deskolemizer, SkolemScan, skolemize};
use crate::jsonld::{Options, Processor, RdfDirection};
use crate::proof::RDFC_WORK_LIMIT;
use crate::rdf::canon::{self, CanonOptions};
use crate::rdf::dataset::NO_TERM;
use crate::rdf::{Dataset, TermRef};

/// The JSON-LD options of the suite: safe mode, `i18n-datatype` directions.
pub(crate) fn jsonld_options() -> Options {
    Options::default()
        .with_safe_mode(true)
        .with_rdf_direction(Some(RdfDirection::I18nDatatype))
}

/// The RDFC-1.0 options of the suite.
pub(crate) fn canon_options() -> CanonOptions {
    CanonOptions::default().with_work_limit(RDFC_WORK_LIMIT)
}

/// One group: the selection of a list of pointers.
#[derive(Debug, Default)]
pub(crate) struct Group {
    /// Indexes (ascending) of the N-Quads the selection produces.
    pub matching: Vec<usize>,
    /// The selection's quads, skolem identifiers turned back into blank nodes.
    pub deskolemized: Dataset,
}

impl Group {
    /// Indexes (ascending) of the N-Quads the selection does not produce.
    pub(crate) fn non_matching(&self, total: usize) -> Vec<usize> {
        let mut out = Vec::with_capacity(total.saturating_sub(self.matching.len()));
        let mut m = self.matching.iter().peekable();
        for i in 0..total {
            if m.peek() == Some(&&i) {
                m.next();
            } else {
                out.push(i);
            }
        }
        out
    }
}

/// The grouped document.
#[derive(Debug)]
pub(crate) struct Grouped {
    /// The HMAC-relabelled canonical N-Quads, sorted.
    pub nquads: Vec<String>,
    /// Skolem blank node label → HMAC label.
    pub label_map: BTreeMap<String, String>,
    /// One group per pointer list, in order.
    pub groups: Vec<Group>,
}

/// The quads of `dataset` with every blank node relabelled through `map` (input label →
/// new label), as sorted, distinct N-Quads lines (each ending in `\n`), written from the
/// dataset's interned term text.
///
/// # Errors
/// [`SdError::Skolemize`] when a blank node has no entry in `map`.
pub(crate) fn relabel_lines(
    dataset: &Dataset,
    map: &BTreeMap<String, String>,
) -> Result<Vec<String>, SdError> {
    // Each blank node term's new label, looked up once per term.
    let mut labels: Vec<Option<&str>> = vec![None; dataset.term_count()];
    let mut lines = Vec::with_capacity(dataset.len());
    // One scratch line: each stored line is a copy of exactly its length (the new labels
    // are longer than the input ones, so sizing from the input would grow most lines).
    let mut line = String::new();
    for quad in dataset.quad_ids() {
        line.clear();
        for (k, &id) in quad.iter().enumerate() {
            if id == NO_TERM {
                continue;
            }
            if k > 0 {
                line.push(' ');
            }
            // Only subjects, objects and graphs are relabelled (RDF has no blank predicate).
            if k == 1 || !dataset.is_blank(id) {
                line.push_str(dataset.text(id));
                continue;
            }
            let label = match labels[id as usize] {
                Some(label) => label,
                None => {
                    let input = match dataset.term(id) {
                        TermRef::Blank(label) => label,
                        _ => "",
                    };
                    let label = map.get(input).map(String::as_str).ok_or(
                        SdError::Skolemize {
                            reason: "a selected statement has a blank node the document does not have",
                        },
                    )?;
                    labels[id as usize] = Some(label);
                    label
                }
            };
            line.push_str("_:");
            line.push_str(label);
        }
        line.push_str(" .\n");
        lines.push(line.clone());
    }
    lines.sort_unstable();
    lines.dedup();
    Ok(lines)
}

/// The deskolemized dataset of `document` (skolemized) in the suite's JSON-LD options, and
/// whether it has a blank node skolemization did not name.
fn deskolemized(processor: &Processor, document: &Value) -> Result<(Dataset, bool), SdError> {
    let mut dataset = Dataset::new();
    let mut sink = Deskolemizer::new(&mut dataset);
    processor.to_rdf_into(document, &jsonld_options(), &mut sink)?;
    let unnamed = sink.saw_unnamed();
    Ok((dataset, unnamed))
}

/// Skolemizes `document` (without its proof), checks that its skolemization names every
/// node and changes nothing else, relabels its canonical blank nodes with `hmac`, and
/// groups its N-Quads by each list of `pointer_lists`.
pub(crate) fn canonicalize_and_group(
    processor: &Processor,
    document: &Value,
    hmac: &HmacKey,
    pointer_lists: &[&[String]],
) -> Result<(Grouped, Value), SdError> {
    let canon_options = canon_options();
    let mut original = Dataset::new();
    let mut scan = SkolemScan::new(&mut original);
    processor.to_rdf_into(document, &jsonld_options(), &mut scan)?;
    if scan.found() {
        return Err(SdError::Skolemize {
            reason: "the document uses urn:bnid: IRIs, which are reserved for skolemization",
        });
    }
    let skolemized = skolemize(document)?;
    let (quads, unnamed) = deskolemized(processor, &skolemized)?;
    if unnamed {
        return Err(SdError::Skolemize {
            reason: "a blank node cannot be named by a JSON pointer (an @list, such as allowedValue, or a graph container)",
        });
    }
    let canonical = canon::canonicalize_dataset(&quads, &canon_options)?;
    if canonical.nquads() != canon::canonicalize_dataset(&original, &canon_options)?.nquads() {
        return Err(SdError::Skolemize {
            reason: "naming its nodes changed its statements (a JSON literal or another non-node object)",
        });
    }
    let label_map: BTreeMap<String, String> = canonical
        .issued()
        .into_iter()
        .map(|(input, c14n)| (input.to_owned(), hmac.label(&c14n)))
        .collect();
    let nquads = relabel_lines(&quads, &label_map)?;
    let mut groups = Vec::with_capacity(pointer_lists.len());
    for pointers in pointer_lists {
        let Some(selection) = select_json_ld(&skolemized, pointers)? else {
            groups.push(Group::default());
            continue;
        };
        let (deskolemized, _) = deskolemized(processor, &selection)?;
        let lines = relabel_lines(&deskolemized, &label_map)?;
        let mut matching = Vec::with_capacity(lines.len());
        for line in &lines {
            match nquads.binary_search(line) {
                Ok(i) => matching.push(i),
                Err(_) => {
                    return Err(SdError::Skolemize {
                        reason: "a selection produced a statement the document does not have",
                    });
                }
            }
        }
        matching.sort_unstable();
        groups.push(Group {
            matching,
            deskolemized,
        });
    }
    Ok((
        Grouped {
            nquads,
            label_map,
            groups,
        },
        skolemized,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rdf::nquads::write_quad;
    use crate::rdf::{Quad, Term};
    use proptest::prelude::*;

    /// The lines the owned-term path wrote: each quad relabelled, then serialized.
    fn owned_lines(quads: &[Quad], map: &BTreeMap<String, String>) -> Option<Vec<String>> {
        let relabel = |t: &Term| match t {
            Term::Blank(label) => map.get(label).map(|l| Term::Blank(l.clone())),
            other => Some(other.clone()),
        };
        let mut lines = Vec::new();
        for q in quads {
            let q = Quad {
                subject: relabel(&q.subject)?,
                predicate: q.predicate.clone(),
                object: relabel(&q.object)?,
                graph: match &q.graph {
                    Some(g) => Some(relabel(g)?),
                    None => None,
                },
            };
            let mut line = String::new();
            write_quad(&mut line, &q);
            lines.push(line);
        }
        lines.sort_unstable();
        lines.dedup();
        Some(lines)
    }

    fn term() -> impl Strategy<Value = Term> {
        prop_oneof![
            "[a-c]{1,2}".prop_map(|s| Term::iri(format!("urn:{s}"))),
            "b[0-3]".prop_map(Term::blank),
            "[a\\\"\n\r\té]{0,3}".prop_map(Term::string),
            ("[a-b]{0,2}", "en|fr").prop_map(|(v, l)| Term::lang_string(v, l)),
            "[0-9]{1,2}".prop_map(|v| Term::typed(v, "http://www.w3.org/2001/XMLSchema#integer")),
        ]
    }

    fn quad() -> impl Strategy<Value = Quad> {
        (term(), "[p-q]", term(), proptest::option::of(term())).prop_map(|(s, p, o, g)| Quad {
            subject: s,
            predicate: Term::iri(format!("urn:{p}")),
            object: o,
            graph: g,
        })
    }

    proptest! {
        #[test]
        fn dataset_lines_match_owned_lines(
            quads in proptest::collection::vec(quad(), 0..12),
            mapped in proptest::collection::vec(any::<bool>(), 4),
        ) {
            let map: BTreeMap<String, String> = (0..4)
                .filter(|&i| mapped[i])
                .map(|i| (format!("b{i}"), format!("uLabel{i}")))
                .collect();
            let dataset = Dataset::from_quads(&quads);
            match (relabel_lines(&dataset, &map), owned_lines(&quads, &map)) {
                (Ok(ours), Some(theirs)) => prop_assert_eq!(ours, theirs),
                (Err(SdError::Skolemize { reason }), None) => {
                    prop_assert!(reason.contains("blank node the document does not have"));
                }
                (ours, theirs) => prop_assert!(false, "{:?} vs {:?}", ours, theirs),
            }
        }
    }
}
