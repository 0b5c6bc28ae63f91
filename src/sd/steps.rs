//! Single steps of ecdsa-sd-2023 on canonical N-Quads, for checking test vectors and
//! debugging: what [`add_base_proof`](super::add_base_proof) and
//! [`derive`](super::derive) compute in between.

use super::SdError;
use super::hmac::HmacKey;
use crate::rdf::nquads::{parse, write_quad};
use crate::rdf::{Quad, Term};

/// The HMAC label (`u` + base64url of HMAC-SHA-256) of the canonical blank node label
/// `canonical` (`c14nN`, without `_:`) under `hmac_key`.
pub fn hmac_label(hmac_key: &[u8], canonical: &str) -> String {
    HmacKey::new(hmac_key).label(canonical)
}

/// Canonical N-Quads (RDFC-1.0 output) with every blank node relabelled by
/// [`hmac_label`], as sorted lines (each ending in `\n`): the base proof's view of the
/// document (VC-DI-ECDSA labelReplacementCanonicalizeNQuads with the HMAC label map).
///
/// # Errors
/// [`SdError::Skolemize`] when `canonical` is not N-Quads.
pub fn hmac_relabel(canonical: &str, hmac_key: &[u8]) -> Result<Vec<String>, SdError> {
    let hmac = HmacKey::new(hmac_key);
    let quads = parse(canonical).map_err(|_| SdError::Skolemize {
        reason: "the canonical form is not N-Quads",
    })?;
    let relabel = |t: Term| match t {
        Term::Blank(label) => Term::Blank(hmac.label(&label)),
        other => other,
    };
    let mut lines: Vec<String> = quads
        .into_iter()
        .map(|q| {
            let q = Quad {
                subject: relabel(q.subject),
                predicate: q.predicate,
                object: relabel(q.object),
                graph: q.graph.map(relabel),
            };
            let mut line = String::new();
            write_quad(&mut line, &q);
            line
        })
        .collect();
    lines.sort_unstable();
    lines.dedup();
    Ok(lines)
}
