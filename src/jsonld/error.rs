//! Errors of JSON-LD processing: the spec's error codes, safe-mode violations, load failures.

use std::fmt;

use crate::report::JsonPath;

/// A JSON-LD 1.1 API error code (the `code` of a `JsonLdError` in the spec).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    /// `colliding keywords`
    CollidingKeywords,
    /// `context overflow`
    ContextOverflow,
    /// `cyclic IRI mapping`
    CyclicIriMapping,
    /// `invalid @id value`
    InvalidIdValue,
    /// `invalid @import value`
    InvalidImportValue,
    /// `invalid @included value`
    InvalidIncludedValue,
    /// `invalid @index value`
    InvalidIndexValue,
    /// `invalid @nest value`
    InvalidNestValue,
    /// `invalid @prefix value`
    InvalidPrefixValue,
    /// `invalid @propagate value`
    InvalidPropagateValue,
    /// `invalid @reverse value`
    InvalidReverseValue,
    /// `invalid @version value`
    InvalidVersionValue,
    /// `invalid base direction`
    InvalidBaseDirection,
    /// `invalid base IRI`
    InvalidBaseIri,
    /// `invalid container mapping`
    InvalidContainerMapping,
    /// `invalid context entry`
    InvalidContextEntry,
    /// `invalid context nullification`
    InvalidContextNullification,
    /// `invalid default language`
    InvalidDefaultLanguage,
    /// `invalid IRI mapping`
    InvalidIriMapping,
    /// `invalid JSON literal`
    InvalidJsonLiteral,
    /// `invalid keyword alias`
    InvalidKeywordAlias,
    /// `invalid language map value`
    InvalidLanguageMapValue,
    /// `invalid language mapping`
    InvalidLanguageMapping,
    /// `invalid language-tagged string`
    InvalidLanguageTaggedString,
    /// `invalid language-tagged value`
    InvalidLanguageTaggedValue,
    /// `invalid local context`
    InvalidLocalContext,
    /// `invalid remote context`
    InvalidRemoteContext,
    /// `invalid reverse property`
    InvalidReverseProperty,
    /// `invalid reverse property map`
    InvalidReversePropertyMap,
    /// `invalid reverse property value`
    InvalidReversePropertyValue,
    /// `invalid scoped context`
    InvalidScopedContext,
    /// `invalid set or list object`
    InvalidSetOrListObject,
    /// `invalid term definition`
    InvalidTermDefinition,
    /// `invalid type mapping`
    InvalidTypeMapping,
    /// `invalid type value`
    InvalidTypeValue,
    /// `invalid typed value`
    InvalidTypedValue,
    /// `invalid value object`
    InvalidValueObject,
    /// `invalid value object value`
    InvalidValueObjectValue,
    /// `invalid vocab mapping`
    InvalidVocabMapping,
    /// `IRI confused with prefix`
    IriConfusedWithPrefix,
    /// `keyword redefinition`
    KeywordRedefinition,
    /// `loading remote context failed`
    LoadingRemoteContextFailed,
    /// `processing mode conflict`
    ProcessingModeConflict,
    /// `protected term redefinition`
    ProtectedTermRedefinition,
}

impl ErrorCode {
    /// The code exactly as the JSON-LD 1.1 API spells it.
    pub fn as_str(self) -> &'static str {
        use ErrorCode::*;
        match self {
            CollidingKeywords => "colliding keywords",
            ContextOverflow => "context overflow",
            CyclicIriMapping => "cyclic IRI mapping",
            InvalidIdValue => "invalid @id value",
            InvalidImportValue => "invalid @import value",
            InvalidIncludedValue => "invalid @included value",
            InvalidIndexValue => "invalid @index value",
            InvalidNestValue => "invalid @nest value",
            InvalidPrefixValue => "invalid @prefix value",
            InvalidPropagateValue => "invalid @propagate value",
            InvalidReverseValue => "invalid @reverse value",
            InvalidVersionValue => "invalid @version value",
            InvalidBaseDirection => "invalid base direction",
            InvalidBaseIri => "invalid base IRI",
            InvalidContainerMapping => "invalid container mapping",
            InvalidContextEntry => "invalid context entry",
            InvalidContextNullification => "invalid context nullification",
            InvalidDefaultLanguage => "invalid default language",
            InvalidIriMapping => "invalid IRI mapping",
            InvalidJsonLiteral => "invalid JSON literal",
            InvalidKeywordAlias => "invalid keyword alias",
            InvalidLanguageMapValue => "invalid language map value",
            InvalidLanguageMapping => "invalid language mapping",
            InvalidLanguageTaggedString => "invalid language-tagged string",
            InvalidLanguageTaggedValue => "invalid language-tagged value",
            InvalidLocalContext => "invalid local context",
            InvalidRemoteContext => "invalid remote context",
            InvalidReverseProperty => "invalid reverse property",
            InvalidReversePropertyMap => "invalid reverse property map",
            InvalidReversePropertyValue => "invalid reverse property value",
            InvalidScopedContext => "invalid scoped context",
            InvalidSetOrListObject => "invalid set or list object",
            InvalidTermDefinition => "invalid term definition",
            InvalidTypeMapping => "invalid type mapping",
            InvalidTypeValue => "invalid type value",
            InvalidTypedValue => "invalid typed value",
            InvalidValueObject => "invalid value object",
            InvalidValueObjectValue => "invalid value object value",
            InvalidVocabMapping => "invalid vocab mapping",
            IriConfusedWithPrefix => "IRI confused with prefix",
            KeywordRedefinition => "keyword redefinition",
            LoadingRemoteContextFailed => "loading remote context failed",
            ProcessingModeConflict => "processing mode conflict",
            ProtectedTermRedefinition => "protected term redefinition",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What safe mode refused: data the JSON-LD algorithms would silently drop or leave relative.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SafeModeViolation {
    /// A property that no term definition or `@vocab` maps to an absolute IRI (it would be dropped).
    UndefinedTerm,
    /// A property, `@type` or `@id` value that expands to a relative IRI (its triples would be dropped).
    RelativeIri,
    /// An `@type` value that is not an absolute IRI or blank node (its triple would be dropped).
    InvalidTypeValue,
    /// A property, `@type` or `@id` value that expands to a string with a scheme that is no
    /// well-formed IRI (a space, a control or one of `<>"{}|\^` and backquote): RDF drops it,
    /// so a claim made with it would not be signed.
    MalformedIri,
    /// A value object that produces no triple (bad datatype IRI or language tag, or only `@language`).
    InvalidValueObject,
    /// A value or object that the algorithms drop (free-floating value, empty object, only `@id`).
    DroppedValue,
    /// A keyword-like term or value (`@foo`) that JSON-LD ignores.
    ReservedKeywordForm,
}

impl SafeModeViolation {
    /// A stable `area.reason` code for reports.
    pub fn code(self) -> &'static str {
        match self {
            SafeModeViolation::UndefinedTerm => "jsonld.undefined_term",
            SafeModeViolation::RelativeIri => "jsonld.relative_iri",
            SafeModeViolation::InvalidTypeValue => "jsonld.invalid_type",
            SafeModeViolation::MalformedIri => "jsonld.malformed_iri",
            SafeModeViolation::InvalidValueObject => "jsonld.invalid_value",
            SafeModeViolation::DroppedValue => "jsonld.dropped_value",
            SafeModeViolation::ReservedKeywordForm => "jsonld.reserved_keyword",
        }
    }

    fn describe(self) -> &'static str {
        match self {
            SafeModeViolation::UndefinedTerm => "term is not defined by the context",
            SafeModeViolation::RelativeIri => "value expands to a relative IRI",
            SafeModeViolation::InvalidTypeValue => "@type value is not an absolute IRI",
            SafeModeViolation::MalformedIri => {
                "value expands to a malformed IRI that RDF would drop (it would not be signed)"
            }
            SafeModeViolation::InvalidValueObject => "value object produces no RDF literal",
            SafeModeViolation::DroppedValue => "value would be dropped by JSON-LD processing",
            SafeModeViolation::ReservedKeywordForm => "keyword-like name is ignored by JSON-LD",
        }
    }
}

impl fmt::Display for SafeModeViolation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.describe())
    }
}

/// Why a context document could not be loaded.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LoadError {
    /// The loader does not know this URL (offline loaders serve only what they hold).
    #[error("unknown context URL {url}")]
    UnknownUrl {
        /// The requested URL.
        url: String,
    },
    /// The document is not JSON.
    #[error("context {url} is not JSON: line {line}, column {column}")]
    NotJson {
        /// The requested URL.
        url: String,
        /// Line of the syntax error (1-based).
        line: usize,
        /// Column of the syntax error (1-based).
        column: usize,
    },
    /// Reading the document failed (a caller-supplied loader's I/O failure).
    #[error("context {url} could not be read: {kind}")]
    Io {
        /// The requested URL.
        url: String,
        /// The kind of I/O failure.
        kind: std::io::ErrorKind,
    },
}

/// A JSON-LD processing failure, with the JSON path of the offending member.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum JsonLdError {
    /// An error the JSON-LD 1.1 algorithms define.
    #[error("{code} at {path}")]
    Spec {
        /// The JSON-LD error code.
        code: ErrorCode,
        /// Where in the input document (or `$` for a remote context).
        path: JsonPath,
    },
    /// A remote context could not be loaded (`loading remote context failed`).
    #[error("loading remote context failed at {path}: {source}")]
    Load {
        /// Where the reference is.
        path: JsonPath,
        /// The loader's reason.
        source: LoadError,
    },
    /// Safe mode refused the document.
    #[error("{violation} at {path}: {value}")]
    Unsafe {
        /// What was refused.
        violation: SafeModeViolation,
        /// The offending member.
        path: JsonPath,
        /// The offending key or value, as written.
        value: String,
    },
    /// A processing bound was exceeded (context nesting depth or remote context count).
    #[error("context processing limit of {limit} exceeded at {path}")]
    Limit {
        /// The limit that was hit.
        limit: usize,
        /// Where.
        path: JsonPath,
    },
}

impl JsonLdError {
    /// The JSON-LD error code string (`"protected term redefinition"`), or the safe-mode code
    /// (`"jsonld.undefined_term"`) for safe-mode violations.
    pub fn code_str(&self) -> &'static str {
        match self {
            JsonLdError::Spec { code, .. } => code.as_str(),
            JsonLdError::Load { .. } => ErrorCode::LoadingRemoteContextFailed.as_str(),
            JsonLdError::Unsafe { violation, .. } => violation.code(),
            JsonLdError::Limit { .. } => ErrorCode::ContextOverflow.as_str(),
        }
    }

    /// The JSON path of the offending member.
    pub fn path(&self) -> &JsonPath {
        match self {
            JsonLdError::Spec { path, .. }
            | JsonLdError::Load { path, .. }
            | JsonLdError::Unsafe { path, .. }
            | JsonLdError::Limit { path, .. } => path,
        }
    }
}
