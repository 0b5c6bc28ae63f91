//! The RDFC-1.0 canonicalizer of the `-rdfc-` suites: JSON-LD to RDF in safe mode
//! ([`crate::jsonld`]), then RDFC-1.0 canonical N-Quads ([`crate::rdf::canon`]).

use std::sync::{Arc, OnceLock};

use serde_json::Value;

use super::{Canonicalization, CanonicalizeError, Canonicalizer, MemberValue};
use crate::crypto::KeyType;
use crate::jsonld::{Options, Processor, RdfDirection};
use crate::rdf::Dataset;
use crate::rdf::canon::{self, CanonOptions, HashAlgorithm};

/// The RDFC-1.0 work limit of the Data Integrity suites: the library-wide
/// [`canon::DEFAULT_WORK_LIMIT`] (250,000 Hash N-Degree Quads steps), which admits a
/// verifiable presentation carrying a CLR (about 81,000 steps) and still refuses poison
/// graphs quickly.
pub const RDFC_WORK_LIMIT: u64 = canon::DEFAULT_WORK_LIMIT;

/// The processor shared by every [`RdfcCanonicalizer::new`]: bundled contexts, each
/// compiled once per process and reused across threads.
fn shared_processor() -> Arc<Processor> {
    static PROCESSOR: OnceLock<Arc<Processor>> = OnceLock::new();
    Arc::clone(PROCESSOR.get_or_init(|| Arc::new(Processor::default())))
}

/// Canonicalizes for every Data Integrity suite: RDFC-1.0 for the `-rdfc-` suites (and the
/// legacy `Ed25519Signature2020` / `eddsa-2022`), RFC 8785 for the `-jcs-` suites.
///
/// JSON-LD runs in safe mode: a term the contexts do not define, a relative IRI or a value
/// that would be dropped is an error naming its JSON path, never a silently unsigned member.
/// Contexts come from the bundled set ([`crate::contexts`]); nothing is fetched. Language
/// and direction become `i18n` datatypes (`rdfDirection: i18n-datatype`), as the W3C
/// suites specify.
///
/// [`RdfcCanonicalizer::new`] shares one [`Processor`] (and so its cache of compiled
/// contexts) across the whole process; [`RdfcCanonicalizer::with_processor`] takes your own
/// (for example one with a [`MapLoader`](crate::jsonld::MapLoader) for private contexts).
///
/// ```
/// use openbadges::proof::{Canonicalization, Canonicalizer, RdfcCanonicalizer};
///
/// let doc = serde_json::json!({
///     "@context": ["https://www.w3.org/ns/credentials/v2"],
///     "type": ["VerifiableCredential"],
///     "issuer": "https://example.com/issuer"
/// });
/// let nquads = RdfcCanonicalizer::new().canonicalize(Canonicalization::Rdfc, &doc)?;
/// assert!(String::from_utf8(nquads)?.contains("<https://www.w3.org/2018/credentials#issuer>"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct RdfcCanonicalizer {
    processor: Arc<Processor>,
    options: Options,
    canon: CanonOptions,
}

impl Default for RdfcCanonicalizer {
    fn default() -> Self {
        RdfcCanonicalizer::new()
    }
}

impl RdfcCanonicalizer {
    /// The canonicalizer over the process-wide processor of bundled contexts (built on first
    /// use), safe mode on, the RDFC-1.0 work limit [`RDFC_WORK_LIMIT`].
    pub fn new() -> Self {
        RdfcCanonicalizer::with_processor(shared_processor())
    }

    /// A canonicalizer over `processor` (its loader and its cache of compiled contexts).
    pub fn with_processor(processor: Arc<Processor>) -> Self {
        RdfcCanonicalizer {
            processor,
            options: Options::default()
                .with_safe_mode(true)
                .with_rdf_direction(Some(RdfDirection::I18nDatatype)),
            canon: CanonOptions::default().with_work_limit(RDFC_WORK_LIMIT),
        }
    }

    /// This canonicalizer with other RDFC-1.0 limits (work limit, maximum quads).
    #[must_use]
    pub fn with_canon_options(mut self, canon: CanonOptions) -> Self {
        self.canon = canon;
        self
    }

    /// Expands the JSON object of `members` to RDF with this canonicalizer's JSON-LD options
    /// (safe mode, i18n datatypes), keeping no quad: the JSON-LD verdict alone, as signing
    /// would reach it.
    #[cfg(feature = "schema")]
    pub(crate) fn check_members(
        &self,
        members: &[(&str, &Value)],
    ) -> Result<(), crate::jsonld::JsonLdError> {
        struct Discard;
        impl crate::rdf::QuadSink for Discard {
            fn push_quad(
                &mut self,
                _: crate::rdf::TermRef<'_>,
                _: crate::rdf::TermRef<'_>,
                _: crate::rdf::TermRef<'_>,
                _: Option<crate::rdf::TermRef<'_>>,
            ) {
            }
        }
        self.processor
            .to_rdf_members_into(members, &self.options, &mut Discard)
    }

    /// The JSON-LD processor in use.
    pub fn processor(&self) -> &Arc<Processor> {
        &self.processor
    }

    /// The canonical N-Quads of `value` (expanded to RDF in safe mode).
    ///
    /// # Errors
    /// [`CanonicalizeError::JsonLd`] when expansion fails (an undefined term, an unknown
    /// context, ...), [`CanonicalizeError::Rdfc`] past the RDFC-1.0 work limits.
    pub fn canonical_nquads(&self, value: &Value) -> Result<String, CanonicalizeError> {
        self.value_nquads(value, None)
    }

    /// The canonical N-Quads of `value` with `hash` as RDFC-1.0's internal hash (`None`:
    /// the configured one).
    fn value_nquads(
        &self,
        value: &Value,
        hash: Option<HashAlgorithm>,
    ) -> Result<String, CanonicalizeError> {
        self.nquads(hash, |dataset| {
            self.processor.to_rdf_into(value, &self.options, dataset)
        })
    }

    /// RDFC-1.0 of the quads `fill` streams (JSON-LD to RDF) into an interned [`Dataset`],
    /// with `hash` as its internal hash (`None`: the configured one).
    fn nquads(
        &self,
        hash: Option<HashAlgorithm>,
        fill: impl FnOnce(&mut Dataset) -> Result<(), crate::jsonld::JsonLdError>,
    ) -> Result<String, CanonicalizeError> {
        let mut dataset = Dataset::new();
        fill(&mut dataset)?;
        let canonical = match hash {
            None => canon::canonicalize_dataset(&dataset, &self.canon)?,
            Some(hash) => {
                canon::canonicalize_dataset(&dataset, &self.canon.clone().with_hash(hash))?
            }
        };
        Ok(canonical.into_nquads())
    }

    /// [`RdfcCanonicalizer::canonical_nquads`] with `hash` as RDFC-1.0's internal hash
    /// (SHA-384 for ecdsa-rdfc-2019 with P-384 keys).
    ///
    /// # Errors
    /// As [`RdfcCanonicalizer::canonical_nquads`].
    pub fn canonical_nquads_with(
        &self,
        value: &Value,
        hash: HashAlgorithm,
    ) -> Result<String, CanonicalizeError> {
        self.value_nquads(value, Some(hash))
    }
}

/// RDFC-1.0's internal hash for a proof made with a `key_type` key, when it is not the
/// configured one: SHA-384 for ecdsa-rdfc-2019 with P-384 keys (VC-DI-ECDSA §3.3).
fn internal_hash(key_type: KeyType) -> Option<HashAlgorithm> {
    (key_type == KeyType::P384).then_some(HashAlgorithm::Sha384)
}

impl Canonicalizer for RdfcCanonicalizer {
    fn canonicalize(
        &self,
        method: Canonicalization,
        value: &Value,
    ) -> Result<Vec<u8>, CanonicalizeError> {
        match method {
            Canonicalization::Jcs => Ok(crate::jcs::canonicalize_to_vec(value)?),
            Canonicalization::Rdfc => self.canonical_nquads(value).map(String::into_bytes),
        }
    }

    fn canonicalize_for(
        &self,
        method: Canonicalization,
        key_type: KeyType,
        value: &Value,
    ) -> Result<Vec<u8>, CanonicalizeError> {
        match method {
            Canonicalization::Rdfc => self
                .value_nquads(value, internal_hash(key_type))
                .map(String::into_bytes),
            Canonicalization::Jcs => self.canonicalize(method, value),
        }
    }

    fn canonicalize_object(
        &self,
        method: Canonicalization,
        key_type: KeyType,
        members: &[(&str, &Value)],
    ) -> Result<Vec<u8>, CanonicalizeError> {
        if method == Canonicalization::Jcs {
            return Ok(super::canonicalize::jcs_object(members)?);
        }
        self.nquads(internal_hash(key_type), |dataset| {
            self.processor
                .to_rdf_members_into(members, &self.options, dataset)
        })
        .map(String::into_bytes)
    }

    fn canonicalize_members(
        &self,
        method: Canonicalization,
        key_type: KeyType,
        members: &[(&str, MemberValue<'_>)],
    ) -> Result<Vec<u8>, CanonicalizeError> {
        if method == Canonicalization::Jcs {
            return Ok(super::canonicalize::jcs_members(members)?);
        }
        // Members read from a parsed document's tree go to JSON-LD as tree nodes: an
        // ordinary credential is expanded with no `serde_json` value built.
        self.nquads(internal_hash(key_type), |dataset| {
            self.processor
                .to_rdf_nodes_into(members, &self.options, dataset)
        })
        .map(String::into_bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The JSON files under `dir`, recursively.
    fn json_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                json_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "json") {
                out.push(path);
            }
        }
    }

    /// Members read in place canonicalize exactly as the object built from them (the former
    /// implementation), for both hashes, on every fixture: same bytes or same error.
    #[test]
    fn canonicalize_object_equals_canonicalizing_the_built_object() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        json_files(&root.join("fixtures"), &mut files);
        json_files(&root.join("tests/data/vectors"), &mut files);
        let canonicalizer = RdfcCanonicalizer::new();
        let mut compared = 0;
        let mut nodes_compared = 0;
        for path in &files {
            let Ok(text) = std::fs::read_to_string(path) else {
                continue;
            };
            let Ok(Value::Object(map)) = serde_json::from_str::<Value>(&text) else {
                continue;
            };
            let members: Vec<(&str, &Value)> = map
                .iter()
                .filter(|(k, _)| k.as_str() != "proof")
                .map(|(k, v)| (k.as_str(), v))
                .collect();
            let object: serde_json::Map<String, Value> = members
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).clone()))
                .collect();
            let object = Value::Object(object);
            for key_type in [KeyType::Ed25519, KeyType::P384] {
                let by_members =
                    canonicalizer.canonicalize_object(Canonicalization::Rdfc, key_type, &members);
                let by_object =
                    canonicalizer.canonicalize_for(Canonicalization::Rdfc, key_type, &object);
                match (&by_members, &by_object) {
                    (Ok(a), Ok(b)) => assert_eq!(a, b, "{}", path.display()),
                    (Err(a), Err(b)) => {
                        assert_eq!(a.to_string(), b.to_string(), "{}", path.display());
                    }
                    _ => panic!("{}: {by_members:?} / {by_object:?}", path.display()),
                }
                // The same members read from the parsed document's tree.
                let Ok(document) = crate::document::Document::from_str(&text) else {
                    continue;
                };
                let nodes: Vec<(&str, MemberValue<'_>)> = document
                    .root()
                    .members()
                    .filter(|(k, _)| *k != "proof")
                    .map(|(k, v)| (k, MemberValue::Node(v)))
                    .collect();
                let by_nodes =
                    canonicalizer.canonicalize_members(Canonicalization::Rdfc, key_type, &nodes);
                match (&by_nodes, &by_object) {
                    (Ok(a), Ok(b)) => assert_eq!(a, b, "{}", path.display()),
                    (Err(a), Err(b)) => {
                        assert_eq!(a.to_string(), b.to_string(), "{}", path.display());
                    }
                    _ => panic!("{}: {by_nodes:?} / {by_object:?}", path.display()),
                }
                nodes_compared += 1;
            }
            compared += 1;
        }
        assert!(compared > 50, "only {compared} documents compared");
        assert!(
            nodes_compared > 100,
            "only {nodes_compared} tree-node forms compared"
        );
    }
}
