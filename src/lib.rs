//! # openbadges
//!
//! Open Badges 3.0 and CLR 2.0 (Comprehensive Learner Record) verifiable credentials:
//! the typed model, bundled contexts and schemas, validation, JSON-LD → RDF and RDFC-1.0
//! canonicalization, Data Integrity proofs, and verification with a report that explains
//! every verdict. Offline by default: every context is bundled, and nothing touches the
//! network unless the caller supplies a fetcher that does.
//!
//! Layers (imports point down only): `validate`, `bake` → `model` → `document`, `values`;
//! `jsonld` → `rdf`; `jcs`; `crypto` ← `resolve`. Reports of findings
//! ([`report::Report`]) are the common output of every check.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod bake;
pub mod contexts;
pub mod crypto;
pub mod document;
pub mod error;
pub mod jcs;
pub mod jsonld;
pub mod model;
pub mod rdf;
pub mod report;
pub mod resolve;
#[cfg(feature = "schema")]
pub mod validate;
pub mod values;

pub use document::{Document, ParseError, ParseLimits};
pub use error::Error;
pub use report::{Finding, JsonPath, Report, Severity};
