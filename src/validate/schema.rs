//! The bundled 1EdTech JSON Schemas, compiled once, and the mapping of their errors to
//! findings `schema.<keyword>`.
//!
//! The schemas are draft 2019-09 and only use local `$ref`s (`#/$defs/...`); the validator is
//! built with the `jsonschema` crate's remote resolution compiled out, so nothing is fetched.
//! `format` is left as an annotation (the draft 2019-09 default): date-times are checked by the
//! `datetime.*` rules with messages of their own.

use std::collections::BTreeMap;

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{ValidationError, Validator};
use serde_json::Value;

use super::kind::Kind;
use crate::report::{Finding, JsonPath};

/// Schema errors taken per credential: hostile input cannot make the report (or the work
/// done on it) grow without bound.
const MAX_ERRORS: usize = 1000;

/// The text of a bundled schema.
pub(crate) fn schema_text(kind: Kind) -> &'static str {
    match kind {
        Kind::AchievementCredential => {
            include_str!("../../schemas/ob_v3p0_achievementcredential_schema.json")
        }
        Kind::EndorsementCredential => {
            include_str!("../../schemas/ob_v3p0_endorsementcredential_schema.json")
        }
        Kind::ClrCredential => include_str!("../../schemas/clr_v2p0_clrcredential_schema.json"),
        Kind::Profile => include_str!("../../schemas/ob_v3p0_profile_schema.json"),
        Kind::GetOpenBadgeCredentialsResponse => {
            include_str!("../../schemas/ob_v3p0_getopenbadgecredentialsresponse_schema.json")
        }
        Kind::GetClrCredentialsResponse => {
            include_str!("../../schemas/clr_v2p0_getclrcredentialsresponse_schema.json")
        }
        Kind::ImsxStatusInfo => include_str!("../../schemas/ob_v3p0_imsx_statusinfo_schema.json"),
    }
}

/// Why a bundled schema could not be compiled.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SchemaError {
    /// The bundled file is not JSON.
    #[error("bundled schema {file} is not JSON: {source}")]
    Json {
        /// File name under `schemas/`.
        file: &'static str,
        /// The parser's error.
        #[source]
        source: serde_json::Error,
    },
    /// The schema did not compile.
    #[error("bundled schema {file} does not compile: {reason}")]
    Compile {
        /// File name under `schemas/`.
        file: &'static str,
        /// What the compiler said.
        reason: String,
    },
}

/// Every bundled schema, parsed and compiled.
pub(crate) struct Schemas {
    compiled: BTreeMap<Kind, Validator>,
    parsed: Vec<Value>,
}

impl Schemas {
    pub(crate) fn compile() -> Result<Self, SchemaError> {
        let mut compiled = BTreeMap::new();
        let mut parsed = Vec::new();
        for kind in Kind::ALL {
            let file = kind.schema_file();
            let value: Value = serde_json::from_str(schema_text(kind))
                .map_err(|source| SchemaError::Json { file, source })?;
            let validator = jsonschema::draft201909::options()
                .build(&value)
                .map_err(|e| SchemaError::Compile {
                    file,
                    reason: e.to_string(),
                })?;
            compiled.insert(kind, validator);
            parsed.push(value);
        }
        Ok(Schemas { compiled, parsed })
    }

    /// The parsed schema documents (to derive vocabularies from).
    pub(crate) fn documents(&self) -> &[Value] {
        &self.parsed
    }

    /// Validates `instance` against the schema of `kind`; each error becomes a finding at
    /// `base` + the error's instance path.
    pub(crate) fn check(&self, kind: Kind, instance: &Value, base: &JsonPath) -> Vec<Finding> {
        let Some(validator) = self.compiled.get(&kind) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        // The fast boolean check first: collecting errors costs more, and most inputs pass.
        if validator.is_valid(instance) {
            return out;
        }
        for error in validator.iter_errors(instance).take(MAX_ERRORS) {
            to_findings(&error, base, &mut out);
        }
        out
    }
}

fn depth(error: &ValidationError<'_>) -> usize {
    JsonPath::from_pointer(error.instance_path().as_str())
        .segments()
        .len()
}

/// The alternative (`oneOf` / `anyOf` branch) that got deepest into the value, fewest errors
/// first among equals: the one that explains the failure best.
fn closest<'e>(
    context: &'e [Vec<ValidationError<'static>>],
) -> Option<&'e [ValidationError<'static>]> {
    context
        .iter()
        .filter(|branch| !branch.is_empty())
        .min_by_key(|branch| {
            let deepest = branch.iter().map(depth).max().unwrap_or(0);
            (std::cmp::Reverse(deepest), branch.len())
        })
        .map(Vec::as_slice)
}

/// One error as findings. A failed `oneOf` / `anyOf` whose closest alternative failed
/// strictly *inside* the value (for example one bad item of an array that may also be a single
/// object) is reported as that alternative's errors, at their exact paths and keywords;
/// otherwise as one `schema.oneOf` / `schema.anyOf` finding.
fn to_findings(error: &ValidationError<'_>, base: &JsonPath, out: &mut Vec<Finding>) {
    if let ValidationErrorKind::OneOfNotValid { context } | ValidationErrorKind::AnyOf { context } =
        error.kind()
        && let Some(branch) = closest(context)
        && branch.iter().all(|e| depth(e) > depth(error))
    {
        for inner in branch {
            to_findings(inner, base, out);
        }
        return;
    }
    out.push(to_finding(error, base));
}

fn to_finding(error: &ValidationError<'_>, base: &JsonPath) -> Finding {
    let keyword = error.kind().keyword();
    let mut path = base.clone();
    for segment in JsonPath::from_pointer(error.instance_path().as_str()).segments() {
        match segment {
            crate::report::PathSegment::Key(k) => path.push_key(k.clone()),
            crate::report::PathSegment::Index(i) => path.push_index(*i),
        }
    }
    Finding::error(format!("schema.{keyword}"), path, message(error))
}

/// A readable message that never dumps a whole credential.
fn message(error: &ValidationError<'_>) -> String {
    let instance = short(error.instance());
    match error.kind() {
        ValidationErrorKind::Required { property } => {
            format!("required member {property} is missing")
        }
        ValidationErrorKind::Type { kind } => {
            let expected = match kind {
                TypeKind::Single(t) => format!("{t}"),
                TypeKind::Multiple(set) => format!("{set:?}"),
            };
            format!("{instance} is not of type {expected}")
        }
        ValidationErrorKind::Enum { options } => {
            format!("{instance} is not one of {}", short(options))
        }
        ValidationErrorKind::Constant { expected_value } => {
            format!("{instance} is not {}", short(expected_value))
        }
        ValidationErrorKind::Pattern { pattern } => {
            format!("{instance} does not match the pattern {pattern}")
        }
        ValidationErrorKind::Contains => {
            format!("{instance} contains no item of the required kind")
        }
        ValidationErrorKind::MinItems { limit } => {
            format!("{instance} has fewer than {limit} items")
        }
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            format!("members not allowed here: {}", unexpected.join(", "))
        }
        ValidationErrorKind::OneOfNotValid { context } | ValidationErrorKind::AnyOf { context } => {
            match closest(context).and_then(|branch| branch.iter().max_by_key(|e| depth(e))) {
                Some(inner) => format!(
                    "{instance} matches none of the allowed forms (closest: {} at {})",
                    message(inner),
                    JsonPath::from_pointer(inner.instance_path().as_str())
                ),
                None => format!("{instance} matches none of the allowed forms"),
            }
        }
        ValidationErrorKind::OneOfMultipleValid { .. } => {
            format!("{instance} matches more than one of the allowed forms")
        }
        _ => clip(&error.to_string(), 300),
    }
}

/// A short rendering of a value for messages.
fn short(value: &Value) -> String {
    match value {
        Value::Object(map) => format!("an object with {} member(s)", map.len()),
        Value::Array(items) if value.to_string().len() > 120 => {
            format!("an array of {} item(s)", items.len())
        }
        _ => clip(&value.to_string(), 120),
    }
}

fn clip(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_string();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}
