//! Canonicalize and group (VC-DI-ECDSA §3.4 canonicalizeAndGroup): the document's
//! HMAC-relabelled canonical N-Quads, and for each list of JSON pointers the indexes of
//! the N-Quads its selection produces.

use std::collections::BTreeMap;

use serde_json::Value;

use super::SdError;
use super::hmac::HmacKey;
use super::select::select_json_ld;
use super::skolem::{deskolemize, skolemize, uses_skolem_iris};
use crate::jsonld::{Options, Processor, RdfDirection};
use crate::proof::RDFC_WORK_LIMIT;
use crate::rdf::canon::{self, CanonOptions};
use crate::rdf::nquads::write_quad;
use crate::rdf::{Quad, Term};

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
    pub deskolemized: Vec<Quad>,
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

/// Relabels `quads` through `map` and writes them as sorted, distinct N-Quads lines.
pub(crate) fn relabel_lines(
    quads: &[Quad],
    map: &BTreeMap<String, String>,
) -> Result<Vec<String>, SdError> {
    let relabel =
        |t: &Term| -> Result<Term, SdError> {
            match t {
                Term::Blank(label) => map.get(label).map(|l| Term::Blank(l.clone())).ok_or(
                    SdError::Skolemize {
                        reason: "a selected statement has a blank node the document does not have",
                    },
                ),
                other => Ok(other.clone()),
            }
        };
    let mut lines = Vec::with_capacity(quads.len());
    for q in quads {
        let q = Quad {
            subject: relabel(&q.subject)?,
            predicate: q.predicate.clone(),
            object: relabel(&q.object)?,
            graph: q.graph.as_ref().map(relabel).transpose()?,
        };
        let mut line = String::new();
        write_quad(&mut line, &q);
        lines.push(line);
    }
    lines.sort_unstable();
    lines.dedup();
    Ok(lines)
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
    let options = jsonld_options();
    let canon_options = canon_options();
    let original = processor.to_rdf(document, &options)?;
    if uses_skolem_iris(&original) {
        return Err(SdError::Skolemize {
            reason: "the document uses urn:bnid: IRIs, which are reserved for skolemization",
        });
    }
    let skolemized = skolemize(document)?;
    let quads = deskolemize(processor.to_rdf(&skolemized, &options)?);
    let unnamed = |t: &Term| matches!(t, Term::Blank(l) if !l.starts_with("sk"));
    if quads
        .iter()
        .any(|q| unnamed(&q.subject) || unnamed(&q.object) || q.graph.as_ref().is_some_and(unnamed))
    {
        return Err(SdError::Skolemize {
            reason: "a blank node cannot be named by a JSON pointer (an @list, such as allowedValue, or a graph container)",
        });
    }
    let canonical = canon::canonicalize(&quads, &canon_options)?;
    if canonical.nquads() != canon::canonicalize(&original, &canon_options)?.nquads() {
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
        let deskolemized = deskolemize(processor.to_rdf(&selection, &options)?);
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
