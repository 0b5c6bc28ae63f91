//! RDF: terms, quads, N-Quads and RDFC-1.0 canonicalization.
//!
//! This module knows nothing of credentials. The JSON-LD engine ([`crate::jsonld`]) turns a
//! document into quads; the Data Integrity suites canonicalize them here and hash the result.

pub mod canon;
pub mod dataset;
pub mod nquads;
pub mod term;

pub use canon::{
    CanonError, CanonOptions, Canonical, HashAlgorithm, canonical_nquads, canonicalize,
    canonicalize_dataset,
};
pub use dataset::Dataset;
pub use term::{Literal, Quad, QuadSink, RDF_LANG_STRING, Term, TermRef, XSD_STRING};
