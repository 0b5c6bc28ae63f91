//! The canonicalization step of the Data Integrity suites, as a pluggable trait.

use serde_json::{Map, Value};

use super::Canonicalization;
use crate::crypto::KeyType;
pub use crate::document::MemberValue;

/// Why a document could not be canonicalized.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CanonicalizeError {
    /// This canonicalizer does not implement the method (for example RDFC-1.0 without a
    /// JSON-LD engine).
    #[error("{method} canonicalization is not available")]
    Unsupported {
        /// The method asked for.
        method: Canonicalization,
    },
    /// RFC 8785 canonicalization failed.
    #[error(transparent)]
    Jcs(#[from] crate::jcs::JcsError),
    /// JSON-LD expansion failed (safe mode: an undefined term, a relative IRI, an
    /// unknown context); the error names the JSON path.
    #[error("JSON-LD: {0}")]
    JsonLd(#[from] crate::jsonld::JsonLdError),
    /// RDFC-1.0 stopped at a work or size limit.
    #[error("RDFC-1.0: {0}")]
    Rdfc(#[from] crate::rdf::CanonError),
    /// Another canonicalizer's failure (JSON-LD expansion, RDFC-1.0 work limit, ...).
    #[error("canonicalization failed: {0}")]
    Other(#[source] Box<dyn std::error::Error + Send + Sync + 'static>),
}

/// Turns a JSON(-LD) value into the bytes a suite hashes.
///
/// [`JcsCanonicalizer`] implements [`Canonicalization::Jcs`]. The RDFC suites plug in a
/// canonicalizer that also implements [`Canonicalization::Rdfc`] (JSON-LD expansion to
/// RDF, then RDFC-1.0 canonical N-Quads); every other step of signing and verifying is
/// shared.
pub trait Canonicalizer {
    /// The canonical bytes of `value` under `method`. `value` is either the document
    /// (without its proof) or the proof configuration, each with its `@context`.
    ///
    /// # Errors
    /// [`CanonicalizeError::Unsupported`] for a method this canonicalizer does not
    /// implement, or the method's own failure.
    fn canonicalize(
        &self,
        method: Canonicalization,
        value: &Value,
    ) -> Result<Vec<u8>, CanonicalizeError>;

    /// The canonical bytes of `value` under `method` for a proof made with a key of
    /// `key_type`. ecdsa-rdfc-2019 with P-384 keys runs RDFC-1.0 with SHA-384 as its
    /// internal hash (VC-DI-ECDSA §3.3); the default ignores the key type.
    ///
    /// # Errors
    /// As [`Canonicalizer::canonicalize`].
    fn canonicalize_for(
        &self,
        method: Canonicalization,
        key_type: KeyType,
        value: &Value,
    ) -> Result<Vec<u8>, CanonicalizeError> {
        let _ = key_type;
        self.canonicalize(method, value)
    }

    /// The canonical bytes of the JSON object whose members are `members` (distinct names,
    /// in document order), as [`Canonicalizer::canonicalize_for`] would give for that
    /// object.
    ///
    /// The verifier and the signer describe the unsecured document (the document without
    /// its `proof`) and the proof configuration this way, as views over the received
    /// document, so that nothing is cloned when the method can work on a view: the
    /// built-in canonicalizers write RFC 8785 straight from the members. The default
    /// builds the object (cloning the members) and calls
    /// [`Canonicalizer::canonicalize_for`].
    ///
    /// # Errors
    /// As [`Canonicalizer::canonicalize`].
    fn canonicalize_object(
        &self,
        method: Canonicalization,
        key_type: KeyType,
        members: &[(&str, &Value)],
    ) -> Result<Vec<u8>, CanonicalizeError> {
        let object: Map<String, Value> = members
            .iter()
            .map(|(name, value)| ((*name).to_owned(), (*value).clone()))
            .collect();
        self.canonicalize_for(method, key_type, &Value::Object(object))
    }

    /// [`Canonicalizer::canonicalize_object`] for members that may be nodes of a parsed
    /// [`Document`](crate::Document): the verifier describes a received document's
    /// unsecured form this way, so that a canonicalizer able to read the tree (the RFC 8785
    /// one) never needs the document's [`Value`].
    ///
    /// The default takes each member's [`MemberValue::as_value`] (no clone: nodes map into
    /// the document's value) and calls [`Canonicalizer::canonicalize_object`].
    ///
    /// # Errors
    /// As [`Canonicalizer::canonicalize`].
    fn canonicalize_members(
        &self,
        method: Canonicalization,
        key_type: KeyType,
        members: &[(&str, MemberValue<'_>)],
    ) -> Result<Vec<u8>, CanonicalizeError> {
        let values: Vec<(&str, &Value)> = members
            .iter()
            .map(|(name, member)| (*name, member.as_value()))
            .collect();
        self.canonicalize_object(method, key_type, &values)
    }
}

/// RFC 8785 of the object whose members are `members` (distinct names), written straight
/// from the borrowed members: the same bytes as [`crate::jcs::canonicalize`] of that
/// object.
pub(super) fn jcs_object(members: &[(&str, &Value)]) -> Result<Vec<u8>, crate::jcs::JcsError> {
    jcs_sorted(
        members
            .iter()
            .map(|(name, value)| (*name, MemberValue::Value(value)))
            .collect(),
    )
}

/// RFC 8785 of the object whose members are `members` (distinct names): values written
/// from the borrowed [`Value`]s, nodes straight from their document's tree.
pub(super) fn jcs_members(
    members: &[(&str, MemberValue<'_>)],
) -> Result<Vec<u8>, crate::jcs::JcsError> {
    jcs_sorted(members.to_vec())
}

/// RFC 8785 of the object whose members are `members` (distinct names), sorted here.
fn jcs_sorted(mut sorted: Vec<(&str, MemberValue<'_>)>) -> Result<Vec<u8>, crate::jcs::JcsError> {
    sorted.sort_unstable_by(|a, b| crate::jcs::compare_names(a.0, b.0));
    // Pre-size for the whole document when the members come from one (all nodes of one
    // call belong to the same document).
    let capacity = sorted
        .iter()
        .find_map(|(_, member)| match member {
            MemberValue::Node(node) => Some(node.document_len()),
            MemberValue::Value(_) => None,
        })
        .unwrap_or(0)
        .max(1024);
    let mut out = String::with_capacity(capacity);
    out.push('{');
    for (i, (name, value)) in sorted.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        crate::jcs::write_string(&mut out, name);
        out.push(':');
        match value {
            MemberValue::Value(value) => crate::jcs::canonicalize_into(value, &mut out)?,
            MemberValue::Node(node) => crate::jcs::canonicalize_node_into(node, &mut out)?,
        }
    }
    out.push('}');
    Ok(out.into_bytes())
}

impl<C: Canonicalizer + ?Sized> Canonicalizer for &C {
    fn canonicalize(
        &self,
        method: Canonicalization,
        value: &Value,
    ) -> Result<Vec<u8>, CanonicalizeError> {
        (**self).canonicalize(method, value)
    }

    fn canonicalize_for(
        &self,
        method: Canonicalization,
        key_type: KeyType,
        value: &Value,
    ) -> Result<Vec<u8>, CanonicalizeError> {
        (**self).canonicalize_for(method, key_type, value)
    }

    fn canonicalize_object(
        &self,
        method: Canonicalization,
        key_type: KeyType,
        members: &[(&str, &Value)],
    ) -> Result<Vec<u8>, CanonicalizeError> {
        (**self).canonicalize_object(method, key_type, members)
    }

    fn canonicalize_members(
        &self,
        method: Canonicalization,
        key_type: KeyType,
        members: &[(&str, MemberValue<'_>)],
    ) -> Result<Vec<u8>, CanonicalizeError> {
        (**self).canonicalize_members(method, key_type, members)
    }
}

/// The RFC 8785 canonicalizer ([`crate::jcs`]); refuses RDFC.
#[derive(Clone, Copy, Debug, Default)]
pub struct JcsCanonicalizer;

impl Canonicalizer for JcsCanonicalizer {
    fn canonicalize(
        &self,
        method: Canonicalization,
        value: &Value,
    ) -> Result<Vec<u8>, CanonicalizeError> {
        match method {
            Canonicalization::Jcs => Ok(crate::jcs::canonicalize_to_vec(value)?),
            other => Err(CanonicalizeError::Unsupported { method: other }),
        }
    }

    fn canonicalize_object(
        &self,
        method: Canonicalization,
        _key_type: KeyType,
        members: &[(&str, &Value)],
    ) -> Result<Vec<u8>, CanonicalizeError> {
        match method {
            Canonicalization::Jcs => Ok(jcs_object(members)?),
            other => Err(CanonicalizeError::Unsupported { method: other }),
        }
    }

    fn canonicalize_members(
        &self,
        method: Canonicalization,
        _key_type: KeyType,
        members: &[(&str, MemberValue<'_>)],
    ) -> Result<Vec<u8>, CanonicalizeError> {
        match method {
            Canonicalization::Jcs => Ok(jcs_members(members)?),
            other => Err(CanonicalizeError::Unsupported { method: other }),
        }
    }
}
