//! The typed Open Badges 3.0 / CLR 2.0 model.
//!
//! Every class of the OB 3.0 and CLR 2.0 data models is a public `#[non_exhaustive]` struct
//! with `new(required..)` and a builder method per optional member. Members this model does
//! not know are kept in each struct's `extensions` map, multi-valued members are
//! [`OneOrMany`] (which keeps the shape they came in), dates keep their spelling, and
//! vocabulary members are enums that refuse unknown terms (or keep `ext:` terms where the
//! spec allows them). A typed view therefore re-serializes to JSON equal to what it read.
//!
//! The typed model is a view: the [`Document`] stays the source of truth for proofs. Read
//! one with [`parse`] (any class) or [`parse_credential`] (detects the class from `type`);
//! errors name the JSON path of the offending value.
//!
//! # Building a credential
//!
//! ```
//! use openbadges::model::{self, Achievement, AchievementCredential, AchievementSubject, Criteria, Profile};
//! use openbadges::values::{DateTimeZ, Iri};
//!
//! let achievement = Achievement::new(
//!     Iri::parse("https://example.edu/achievements/rust-101")?,
//!     "Rust 101",
//!     "Completed the introductory Rust course.",
//!     Criteria::new().narrative("Pass all exercises."),
//! );
//! let subject = AchievementSubject::new(achievement).id(Iri::parse("did:example:learner")?);
//! let issuer = Profile::new(Iri::parse("https://example.edu/issuers/1")?).name("Example University");
//! let document = AchievementCredential::new(
//!     Iri::parse("urn:uuid:9a1f4c2e-0000-4000-8000-000000000001")?,
//!     issuer,
//!     subject,
//!     "2024-01-15T09:00:00Z".parse::<DateTimeZ>()?,
//! )
//! .name("Rust 101")
//! .build()?; // `@context` and `type` in the required order; ready to sign
//!
//! let value = document.value();
//! assert_eq!(value["@context"][0], "https://www.w3.org/ns/credentials/v2");
//! assert_eq!(value["@context"][1], "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json");
//! assert_eq!(value["type"], serde_json::json!(["VerifiableCredential", "OpenBadgeCredential"]));
//!
//! // Parsing it back gives the same typed value.
//! let parsed: AchievementCredential = model::parse(&document)?;
//! assert_eq!(parsed.credential_subject.achievement.name.text(), Some("Rust 101"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Parsing a received credential
//!
//! ```
//! use openbadges::Document;
//! use openbadges::model::{self, Credential, CredentialClass};
//!
//! let document = Document::from_str(r#"{
//!   "@context": ["https://www.w3.org/ns/credentials/v2",
//!                "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
//!   "id": "urn:uuid:1", "type": ["VerifiableCredential", "OpenBadgeCredential"],
//!   "issuer": "https://example.edu/issuers/1",
//!   "validFrom": "2024-01-15T09:00:00Z",
//!   "credentialSubject": {"type": "AchievementSubject", "achievement": {
//!     "id": "https://example.edu/a/1", "type": "Achievement", "name": "A",
//!     "description": "B", "criteria": {"narrative": "C"}}}
//! }"#)?;
//! assert_eq!(CredentialClass::detect(document.value()), Some(CredentialClass::Achievement));
//! let Credential::Achievement(credential) = model::parse_credential(&document)? else {
//!     unreachable!()
//! };
//! assert_eq!(credential.issuer.id().as_str(), "https://example.edu/issuers/1");
//! // Re-serializing gives back the same JSON (a bare "AchievementSubject" stays bare).
//! assert_eq!(&model::to_value(&credential)?, document.value());
//!
//! // Errors name the path.
//! let bad = Document::from_str(r#"{"id": "urn:uuid:1", "type": "OpenBadgeCredential"}"#)?;
//! let err = model::parse_credential(&bad).unwrap_err();
//! assert_eq!(err.to_string(), "$.type: `type` of this AchievementCredential must contain \"VerifiableCredential\", found [\"OpenBadgeCredential\"]");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Reading optional lists and texts
//!
//! Each optional list member has a slice accessor, empty when the member is absent
//! ([`Achievement::alignments`], [`AchievementSubject::results`], ...; see each class), and
//! [`LangString`](crate::values::LangString) displays its default text:
//!
//! ```
//! use openbadges::model::{AchievementResult, Alignment, AchievementSubject, Achievement, Criteria};
//! use openbadges::values::Iri;
//!
//! let achievement = Achievement::new(
//!     Iri::parse("https://example.edu/a/1")?, "Rust 101", "An introduction.",
//!     Criteria::new().narrative("Pass."),
//! );
//! assert!(achievement.alignments().is_empty());
//! let subject = AchievementSubject::new(achievement)
//!     .result(vec![AchievementResult::new().value("A")]);
//! assert_eq!(subject.results()[0].value.as_deref(), Some("A"));
//! assert_eq!(subject.achievement.name.to_string(), "Rust 101");
//! # let _: &[Alignment] = subject.achievement.alignments();
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#[macro_use]
mod class;

mod achievement;
mod api;
mod build;
mod clr;
mod common;
mod credential;
mod lists;
mod presentation;
mod profile;
mod validity;
mod vocab;

pub use achievement::{
    Achievement, AchievementResult, AchievementSubject, ResultDescription, RubricCriterionLevel,
};
pub use api::{
    GetClrCredentialsResponse, GetOpenBadgeCredentialsResponse, ImsxCodeMinor, ImsxCodeMinorField,
    ImsxStatusInfo,
};
pub use build::EXTENSION_TYPES;
pub use clr::{Association, CLR_CREDENTIAL_TYPES, ClrCredential, ClrSubject};
pub use common::{
    Address, Alignment, ContextEntry, CredentialSchema, CredentialStatus, Criteria, Evidence,
    GeoCoordinates, IdentifierEntry, IdentityObject, Image, ProfileRef, Proof, RefreshService,
    Related, TermsOfUse,
};
pub use credential::{
    ACHIEVEMENT_CREDENTIAL_TYPES, AchievementCredential, ENDORSEMENT_CREDENTIAL_TYPES,
    EndorsementCredential, EndorsementSubject,
};
pub use presentation::VerifiablePresentation;
pub use profile::Profile;
pub use vocab::{
    AchievementType, AlignmentTargetType, AssociationType, IdentifierTypeEnum, ImsxCodeMajor,
    ImsxCodeMinorFieldValue, ImsxSeverity, ResultStatusType, ResultType, UnknownTerm,
    is_extension_term,
};

/// `OpenBadgeCredential` is the other name of [`AchievementCredential`].
pub type OpenBadgeCredential = AchievementCredential;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::document::Document;
use crate::report::JsonPath;
use crate::values::OneOrMany;

/// Why JSON could not be read as (or written from) a typed model class.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ModelError {
    /// A value does not fit the class: a missing required member, a wrong JSON type, a
    /// malformed IRI or date, an unknown vocabulary term, a `type` without the class name.
    #[error("{path}: {reason}")]
    Invalid {
        /// Where: the member or array element that does not fit.
        path: JsonPath,
        /// What is wrong (the deserializer's message).
        reason: String,
    },
    /// `type` names no credential class of this model.
    #[error(
        "{path}: `type` {found:?} names no OB/CLR credential class (AchievementCredential, OpenBadgeCredential, EndorsementCredential, ClrCredential)"
    )]
    UnknownCredentialType {
        /// Where the `type` member is.
        path: JsonPath,
        /// The type names found (empty when `type` is missing or not strings).
        found: Vec<String>,
    },
    /// The JSON nests deeper than [`MAX_DEPTH`]: typed parsing recurses once per level, so
    /// the depth is bounded before it starts (real credentials nest about 11 levels).
    #[error("{path}: nesting deeper than {limit} levels")]
    TooDeep {
        /// The first value beyond the limit.
        path: JsonPath,
        /// The limit in force.
        limit: usize,
    },
    /// A credential of one class was asked for as another
    /// ([`Credential::into_achievement`] on an `EndorsementCredential`, ...).
    #[error("expected a credential of class {expected:?}, found {found:?}")]
    WrongClass {
        /// The class asked for.
        expected: CredentialClass,
        /// The class it is.
        found: CredentialClass,
    },
    /// A typed value could not be serialized (for example a non-finite number).
    #[error("cannot serialize: {reason}")]
    Serialize {
        /// The serializer's message.
        reason: String,
    },
}

/// Reads a typed class from a document.
///
/// # Errors
/// [`ModelError::Invalid`] naming the path of the first value that does not fit;
/// [`ModelError::TooDeep`] when the JSON nests deeper than [`MAX_DEPTH`].
pub fn parse<T: DeserializeOwned>(document: &Document) -> std::result::Result<T, ModelError> {
    parse_value(document.value())
}

/// Reads a typed class from a JSON value.
///
/// # Errors
/// As [`parse`].
pub fn parse_value<T: DeserializeOwned>(value: &Value) -> std::result::Result<T, ModelError> {
    parse_value_at(value, JsonPath::root())
}

/// Reads a typed class from a JSON value found at `base` in a larger document; error paths
/// start with `base`.
///
/// # Errors
/// As [`parse`].
pub fn parse_value_at<T: DeserializeOwned>(
    value: &Value,
    base: JsonPath,
) -> std::result::Result<T, ModelError> {
    let mut deep = base.clone();
    if too_deep(value, 0, &mut deep) {
        return Err(ModelError::TooDeep {
            path: deep,
            limit: MAX_DEPTH,
        });
    }
    // Fast path without path tracking; on error, parse again to find where it failed.
    if let Ok(typed) = <T as serde::Deserialize>::deserialize(value) {
        return Ok(typed);
    }
    serde_path_to_error::deserialize(value).map_err(|err| {
        let mut path = base;
        for segment in err.path().iter() {
            match segment {
                serde_path_to_error::Segment::Seq { index } => path.push_index(*index),
                serde_path_to_error::Segment::Map { key } => path.push_key(key.clone()),
                serde_path_to_error::Segment::Enum { .. }
                | serde_path_to_error::Segment::Unknown => {}
            }
        }
        ModelError::Invalid {
            path,
            reason: err.into_inner().to_string(),
        }
    })
}

/// The deepest nesting of arrays and objects typed parsing accepts (the OB/CLR fixtures
/// nest at most 11 levels).
pub const MAX_DEPTH: usize = 32;

/// Whether `value` nests deeper than [`MAX_DEPTH`]; if so `path` ends at the first value
/// beyond it. Recursion stops at the limit, so it is bounded.
fn too_deep(value: &Value, depth: usize, path: &mut JsonPath) -> bool {
    let children: Box<dyn Iterator<Item = (Option<&String>, usize, &Value)>> = match value {
        Value::Object(map) => Box::new(map.iter().map(|(k, v)| (Some(k), 0, v))),
        Value::Array(items) => Box::new(items.iter().enumerate().map(|(i, v)| (None, i, v))),
        _ => return false,
    };
    if depth >= MAX_DEPTH {
        return true;
    }
    for (key, index, child) in children {
        match key {
            Some(key) => path.push_key(key.clone()),
            None => path.push_index(index),
        }
        if too_deep(child, depth + 1, path) {
            return true;
        }
        path.pop();
    }
    false
}

/// Serializes a typed value to JSON (no change of order or shape beyond what it holds).
///
/// # Errors
/// [`ModelError::Serialize`] if a member cannot be serialized.
pub fn to_value<T: Serialize>(value: &T) -> std::result::Result<Value, ModelError> {
    serde_json::to_value(value).map_err(|e| ModelError::Serialize {
        reason: e.to_string(),
    })
}

/// Serializes a typed value to a [`Document`] (compact JSON).
///
/// # Errors
/// As [`to_value`].
pub fn to_document<T: Serialize>(value: &T) -> std::result::Result<Document, ModelError> {
    to_value(value).map(Document::from_value)
}

/// The credential classes, told apart by `type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CredentialClass {
    /// `AchievementCredential` or `OpenBadgeCredential`.
    Achievement,
    /// `EndorsementCredential`.
    Endorsement,
    /// `ClrCredential`.
    Clr,
}

impl CredentialClass {
    /// Detects the class from the `type` member (a string or an array of strings) of a
    /// credential. A `ClrCredential` wins over the others; `None` when no class matches.
    pub fn detect(value: &Value) -> Option<Self> {
        Self::from_types(&type_names(value))
    }

    /// Detects the class from type names.
    pub fn from_types<S: AsRef<str>>(types: &[S]) -> Option<Self> {
        let has = |name: &str| types.iter().any(|t| t.as_ref() == name);
        if has("ClrCredential") {
            Some(CredentialClass::Clr)
        } else if has("AchievementCredential") || has("OpenBadgeCredential") {
            Some(CredentialClass::Achievement)
        } else if has("EndorsementCredential") {
            Some(CredentialClass::Endorsement)
        } else {
            None
        }
    }
}

fn type_names(value: &Value) -> Vec<String> {
    match value.get("type") {
        Some(Value::String(t)) => vec![t.clone()],
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(Value::as_str)
            .map(String::from)
            .collect(),
        _ => Vec::new(),
    }
}

/// A credential of any OB/CLR class.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Credential {
    /// An `AchievementCredential` / `OpenBadgeCredential`.
    Achievement(Box<AchievementCredential>),
    /// An `EndorsementCredential`.
    Endorsement(Box<EndorsementCredential>),
    /// A `ClrCredential`.
    Clr(Box<ClrCredential>),
}

impl Credential {
    /// Its class.
    pub fn kind(&self) -> CredentialClass {
        match self {
            Credential::Achievement(_) => CredentialClass::Achievement,
            Credential::Endorsement(_) => CredentialClass::Endorsement,
            Credential::Clr(_) => CredentialClass::Clr,
        }
    }

    /// Its `type`.
    pub fn types(&self) -> &OneOrMany<String> {
        match self {
            Credential::Achievement(c) => &c.type_,
            Credential::Endorsement(c) => &c.type_,
            Credential::Clr(c) => &c.type_,
        }
    }

    /// The `AchievementCredential`, if it is one.
    pub fn as_achievement(&self) -> Option<&AchievementCredential> {
        match self {
            Credential::Achievement(c) => Some(c),
            _ => None,
        }
    }

    /// The `EndorsementCredential`, if it is one.
    pub fn as_endorsement(&self) -> Option<&EndorsementCredential> {
        match self {
            Credential::Endorsement(c) => Some(c),
            _ => None,
        }
    }

    /// The `ClrCredential`, if it is one.
    pub fn as_clr(&self) -> Option<&ClrCredential> {
        match self {
            Credential::Clr(c) => Some(c),
            _ => None,
        }
    }

    /// The `AchievementCredential` (`OpenBadgeCredential`), for callers that expect one:
    ///
    /// ```
    /// use openbadges::Document;
    /// use openbadges::model::{self, CredentialClass, ModelError};
    ///
    /// let document = Document::from_str(r#"{
    ///   "@context": ["https://www.w3.org/ns/credentials/v2",
    ///                "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
    ///   "id": "urn:uuid:1", "type": ["VerifiableCredential", "OpenBadgeCredential"],
    ///   "issuer": "https://example.edu/issuers/1",
    ///   "validFrom": "2024-01-15T09:00:00Z",
    ///   "credentialSubject": {"type": "AchievementSubject", "achievement": {
    ///     "id": "https://example.edu/a/1", "type": "Achievement", "name": "Rust 101",
    ///     "description": "B", "criteria": {"narrative": "C"}}}
    /// }"#)?;
    /// let badge = model::parse_credential(&document)?.into_achievement()?;
    /// assert_eq!(badge.credential_subject.achievement.name.to_string(), "Rust 101");
    ///
    /// let err = model::parse_credential(&document)?.into_clr().unwrap_err();
    /// assert!(matches!(err, ModelError::WrongClass { found: CredentialClass::Achievement, .. }));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`ModelError::WrongClass`] when it is an endorsement or a CLR.
    pub fn into_achievement(self) -> std::result::Result<AchievementCredential, ModelError> {
        match self {
            Credential::Achievement(c) => Ok(*c),
            other => Err(other.wrong_class(CredentialClass::Achievement)),
        }
    }

    /// The `EndorsementCredential`.
    ///
    /// # Errors
    /// [`ModelError::WrongClass`] when it is another class.
    pub fn into_endorsement(self) -> std::result::Result<EndorsementCredential, ModelError> {
        match self {
            Credential::Endorsement(c) => Ok(*c),
            other => Err(other.wrong_class(CredentialClass::Endorsement)),
        }
    }

    /// The `ClrCredential`.
    ///
    /// # Errors
    /// [`ModelError::WrongClass`] when it is another class.
    pub fn into_clr(self) -> std::result::Result<ClrCredential, ModelError> {
        match self {
            Credential::Clr(c) => Ok(*c),
            other => Err(other.wrong_class(CredentialClass::Clr)),
        }
    }

    fn wrong_class(&self, expected: CredentialClass) -> ModelError {
        ModelError::WrongClass {
            expected,
            found: self.kind(),
        }
    }

    /// Types a credential found at `path` in a larger document.
    ///
    /// # Errors
    /// [`ModelError::UnknownCredentialType`] when `type` names no credential class,
    /// [`ModelError::Invalid`] when the value does not fit its class.
    pub fn from_value_at(value: &Value, path: JsonPath) -> std::result::Result<Self, ModelError> {
        match CredentialClass::detect(value) {
            Some(CredentialClass::Achievement) => {
                parse_value_at(value, path).map(|c| Credential::Achievement(Box::new(c)))
            }
            Some(CredentialClass::Endorsement) => {
                parse_value_at(value, path).map(|c| Credential::Endorsement(Box::new(c)))
            }
            Some(CredentialClass::Clr) => {
                parse_value_at(value, path).map(|c| Credential::Clr(Box::new(c)))
            }
            None => Err(ModelError::UnknownCredentialType {
                path: path.key("type"),
                found: type_names(value),
            }),
        }
    }

    /// Serializes it to JSON.
    ///
    /// # Errors
    /// As [`to_value`].
    pub fn to_value(&self) -> std::result::Result<Value, ModelError> {
        match self {
            Credential::Achievement(c) => to_value(c),
            Credential::Endorsement(c) => to_value(c),
            Credential::Clr(c) => to_value(c),
        }
    }
}

impl serde::Serialize for Credential {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        match self {
            Credential::Achievement(c) => c.serialize(serializer),
            Credential::Endorsement(c) => c.serialize(serializer),
            Credential::Clr(c) => c.serialize(serializer),
        }
    }
}

/// Types a credential, detecting its class from `type` (a string or an array).
///
/// # Errors
/// As [`Credential::from_value_at`].
pub fn parse_credential(document: &Document) -> std::result::Result<Credential, ModelError> {
    Credential::from_value_at(document.value(), JsonPath::root())
}
