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
//!
//! ## Building and reading a credential
//!
//! ```
//! use openbadges::Document;
//! use openbadges::model::{
//!     self, Achievement, AchievementCredential, AchievementSubject, Criteria, Profile,
//! };
//! use openbadges::values::{DateTimeZ, Iri};
//!
//! // Build: required members are constructor arguments; `build` writes `@context` and
//! // `type` in the required order and returns the exact JSON to sign.
//! let achievement = Achievement::new(
//!     Iri::parse("https://example.edu/achievements/rust-101")?,
//!     "Rust 101",
//!     "Completed the introductory Rust course.",
//!     Criteria::new().narrative("Pass all exercises."),
//! );
//! let document = AchievementCredential::new(
//!     Iri::parse("urn:uuid:2f1e6c1a-0000-4000-8000-000000000001")?,
//!     Profile::new(Iri::parse("https://example.edu/issuers/1")?).name("Example University"),
//!     AchievementSubject::new(achievement).id(Iri::parse("did:example:learner")?),
//!     "2024-01-15T09:00:00Z".parse::<DateTimeZ>()?,
//! )
//! .build()?;
//!
//! // Read: received JSON stays a `Document` (what proofs are checked over); the typed
//! // model is a view of it that re-serializes to the same JSON.
//! let received = Document::from_str(document.as_str())?;
//! let credential = model::parse_credential(&received)?.into_achievement()?;
//! assert_eq!(credential.credential_subject.achievement.name.to_string(), "Rust 101");
//! assert_eq!(&model::to_value(&credential)?, received.value());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

#[cfg(feature = "client")]
pub mod api;
pub mod bake;
pub mod contexts;
pub mod crypto;
pub mod did;
pub mod document;
pub mod error;
pub mod explain;
pub mod fetch;
pub mod issue;
pub mod jcs;
pub mod jose;
pub mod jsonld;
pub mod model;
pub mod prelude;
pub mod present;
pub mod proof;
pub mod rdf;
pub mod report;
pub mod resolve;
pub mod sd;
#[cfg(feature = "server")]
pub mod server;
pub mod status;
#[cfg(feature = "schema")]
pub mod validate;
pub mod values;
pub mod vcdm;
pub mod verify;

pub use document::{Document, ParseError, ParseLimits, ReadError};
pub use error::Error;
pub use report::{Finding, JsonPath, Report, Severity};
