//! Validation of OB 3.0 / CLR 2.0 documents: the bundled 1EdTech JSON Schemas plus the rules
//! the schemas miss, as a [`Report`] of findings with stable codes and exact JSON paths.
//!
//! A [`Validator`] compiles the bundled schemas once; it is `Send + Sync`, so build it once and
//! share it across threads. A document that fails validation is not an error: the result is a
//! [`Report`] whose findings say why.
//!
//! ```
//! use openbadges::document::Document;
//! use openbadges::validate::Validator;
//!
//! let validator = Validator::new()?;
//! let doc = Document::from_str(r#"{
//!   "@context": ["https://www.w3.org/ns/credentials/v2",
//!                "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
//!   "id": "urn:uuid:a63a60be-f4af-491c-87fc-2c8fd3007a58",
//!   "type": ["VerifiableCredential", "OpenBadgeCredential"],
//!   "issuer": {"id": "https://example.com/issuers/1", "type": ["Profile"], "name": "Example"},
//!   "validFrom": "2024-01-01T00:00:00",
//!   "name": "Teamwork",
//!   "credentialSubject": {
//!     "type": ["AchievementSubject"],
//!     "achievement": {"id": "https://example.com/a/1", "type": ["Achievement"], "name": "Teamwork",
//!                     "description": "Works in teams.", "criteria": {"narrative": "Peer review."}}
//!   }
//! }"#)?;
//! let report = validator.validate(&doc);
//! assert!(!report.is_valid());
//! let codes: Vec<_> = report.findings().iter().map(|f| f.code.as_ref()).collect();
//! assert_eq!(codes, ["subject.identity", "datetime.zone"]);
//! assert_eq!(report.findings()[1].path.to_string(), "$.validFrom");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Codes
//! - `schema.<keyword>` (`schema.required`, `schema.type`, `schema.oneOf`, `schema.enum`, ...):
//!   a JSON Schema error, at the instance path the schema names.
//! - `kind.unknown`: the `type` names no OB 3.0 / CLR 2.0 credential class.
//! - `vcdm.v1` (warning): a VCDM 1.1 credential. The schemas (VCDM 2.0) see a translated copy
//!   (see the `legacy` rules below); everything else is checked as usual.
//! - `nested.jwt` (info): a nested credential in compact JWS form, which is not validated here.
//! - `context.*`: see [the context rules](#context-rules); `type.missing_class`,
//!   `subject.identity`, `result.*`, `clr.association`, `vocab.ext_prefix`,
//!   `image.not_object`, `datetime.*`, `value.language_map`: see [the rules](#rules).
//! - `parse.*` (from [`Validator::validate_slice`]): the input is not acceptable JSON
//!   (`parse.syntax`, `parse.utf8`, `parse.too_large`, `parse.too_deep`,
//!   `parse.duplicate_key`); the message names line and column.
//!
//! Schema errors are made specific: a failed `oneOf` / `anyOf` whose closest alternative
//! failed inside the value is reported as that alternative's errors (for example
//! `schema.enum` at `$.credentialSubject.result[1].status` rather than `schema.oneOf` at
//! `$.credentialSubject.result`); a schema error at the path of a rule finding, or inside a
//! `@context` a `context.*` rule reports on, gives way to the rule's finding. At most 1,000
//! schema errors are taken per credential. Findings come in a fixed order (schema, then the
//! structural rules, then the value rules) and are deduplicated. Nested credentials (`endorsement`, CLR `verifiableCredential`) are
//! validated as credentials of their own kind, with paths into the outer document.
//!
//! # VCDM 1.1
//! A credential on `https://www.w3.org/2018/credentials/v1` is validated against the VCDM 2.0
//! schemas through a translated copy: the base context becomes the VCDM 2.0 one, `issuanceDate`
//! becomes `validFrom` and `expirationDate` becomes `validUntil`; findings on a renamed member
//! are reported at its received name. The credential also gets a `vcdm.v1` warning.
//!
//! # Context rules
//! `context.missing`, `context.order`, `context.unknown`, `context.version` (warning),
//! `context.extensions`: the VC base context comes first, the CLR context before the OB one,
//! the OB 3.0.x context is present, every URL is a bundled context, and the extensions context
//! is listed when an extension type term is used.
//!
//! # Rules
//! `type.missing_class` (a single-string `type` too), `subject.identity` (`id` or
//! `identifier`), `result.unknown_description`, `result.unknown_level`,
//! `result.status_missing`, `clr.association`, `vocab.ext_prefix` (anchored `ext:`),
//! `image.not_object`, `datetime.zone`, `datetime.invalid`, `value.language_map` (a language
//! map is only allowed where a context in force declares an `@language` container; none of the
//! bundled OB / CLR / VC contexts does).

mod context;
mod jsonld;
mod kind;
mod legacy;
mod rules;
mod schema;
mod vocab;

use std::collections::BTreeSet;

use serde_json::Value;

pub use kind::Kind;
pub use schema::SchemaError;

use crate::document::{Document, ParseError};
use crate::report::{Finding, JsonPath, Report};

/// Every finding code the validator emits besides the `schema.<keyword>` family (one code
/// per JSON Schema keyword: `schema.required`, `schema.type`, `schema.enum`, ...). Codes are
/// stable: new checks add codes, never rename them.
pub const CODES: &[&str] = &[
    "kind.unknown",
    "vcdm.v1",
    "nested.jwt",
    "context.missing",
    "context.order",
    "context.unknown",
    "context.version",
    "context.extensions",
    "type.missing_class",
    "subject.identity",
    "result.unknown_description",
    "result.unknown_level",
    "result.status_missing",
    "clr.association",
    "vocab.ext_prefix",
    "image.not_object",
    "datetime.zone",
    "datetime.invalid",
    "value.language_map",
    "parse.syntax",
    "parse.utf8",
    "parse.too_large",
    "parse.too_deep",
    "parse.duplicate_key",
    "jsonld.undefined_term",
    "jsonld.relative_iri",
    "jsonld.malformed_iri",
    "jsonld.invalid_type",
    "jsonld.invalid_value",
    "jsonld.dropped_value",
    "jsonld.reserved_keyword",
    "jsonld.invalid",
];

/// Deepest chain of credentials nested in credentials that is followed.
const MAX_NESTING: usize = 8;

/// Validates OB 3.0 / CLR 2.0 documents. Build once, share freely (`Send + Sync`).
pub struct Validator {
    schemas: schema::Schemas,
    vocab: vocab::Vocabulary,
    jsonld: bool,
}

impl std::fmt::Debug for Validator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Validator").finish_non_exhaustive()
    }
}

impl Validator {
    /// Compiles the bundled schemas and derives the vocabularies.
    ///
    /// # Errors
    /// [`SchemaError`] if a bundled schema does not parse or compile (a build defect, never
    /// caused by input).
    pub fn new() -> Result<Self, SchemaError> {
        let schemas = schema::Schemas::compile()?;
        let vocab = vocab::Vocabulary::derive(schemas.documents());
        Ok(Validator {
            schemas,
            vocab,
            jsonld: true,
        })
    }

    /// This validator without the JSON-LD safe-mode check (the `jsonld.*` findings): for a
    /// caller that expands the credential anyway, as verifying an `-rdfc-` proof does.
    #[must_use]
    pub fn without_jsonld(mut self) -> Self {
        self.jsonld = false;
        self
    }

    /// True unless built [`Validator::without_jsonld`].
    pub fn checks_jsonld(&self) -> bool {
        self.jsonld
    }

    /// The JSON-LD safe-mode findings of one credential alone (see
    /// [`Validator::without_jsonld`]).
    pub(crate) fn jsonld_findings(&self, credential: &Value) -> Vec<Finding> {
        let mut out = Vec::new();
        jsonld::check(credential, &JsonPath::root(), &mut out);
        out
    }

    /// Validates a document whose kind is detected from its `type`.
    ///
    /// An unrecognised `type` gives a `kind.unknown` finding (and no further checks).
    pub fn validate(&self, document: &Document) -> Report {
        self.validate_value(document.value())
    }

    /// Validates a document as the given kind (required for `Profile` and the API payloads).
    pub fn validate_as(&self, document: &Document, kind: Kind) -> Report {
        self.run(document.value(), Some(kind))
    }

    /// Validates a parsed JSON value whose kind is detected from its `type`.
    pub fn validate_value(&self, value: &Value) -> Report {
        self.run(value, None)
    }

    /// Parses bytes (default [`crate::document::ParseLimits`]) and validates them; a parse
    /// failure is a `parse.*` finding rather than an error.
    pub fn validate_slice(&self, bytes: &[u8]) -> Report {
        match Document::from_slice(bytes) {
            Ok(doc) => self.validate(&doc),
            Err(e) => {
                let mut report = Report::new();
                report.push(parse_finding(&e));
                report
            }
        }
    }

    fn run(&self, value: &Value, kind: Option<Kind>) -> Report {
        let mut report = Report::new();
        // Values built in code bypass the parser's depth limit; every walk below recurses.
        let limit = crate::document::ParseLimits::default().max_depth;
        if exceeds_depth(value, limit) {
            report.push(Finding::error(
                "parse.too_deep",
                JsonPath::root(),
                format!("the value nests deeper than {limit} levels"),
            ));
            return report;
        }
        let kind = match kind.or_else(|| Kind::detect(value)) {
            Some(k) => k,
            None => {
                let path = if value.get("type").is_some() {
                    JsonPath::root().key("type")
                } else {
                    JsonPath::root()
                };
                report.push(Finding::error(
                    "kind.unknown",
                    path,
                    "`type` names no AchievementCredential, OpenBadgeCredential, EndorsementCredential or ClrCredential",
                ));
                return report;
            }
        };
        let mut schema_findings = Vec::new();
        let mut rule_findings = Vec::new();
        self.credential(
            value,
            kind,
            &JsonPath::root(),
            0,
            &mut schema_findings,
            &mut rule_findings,
        );
        self.payload_credentials(value, kind, &mut schema_findings, &mut rule_findings);
        rules::check_values(value, &self.vocab, &mut rule_findings);
        let all: Vec<Finding> = supersede(schema_findings, rule_findings);
        let mut seen = BTreeSet::new();
        for finding in all {
            let key = (
                finding.code.clone(),
                finding.path.to_string(),
                finding.message.clone(),
            );
            if seen.insert(key) {
                report.push(finding);
            }
        }
        report
    }

    /// The credentials of a GetOpenBadgeCredentialsResponse / GetClrCredentialsResponse.
    fn payload_credentials(
        &self,
        value: &Value,
        kind: Kind,
        schema_out: &mut Vec<Finding>,
        rule_out: &mut Vec<Finding>,
    ) {
        let fallback = match kind {
            Kind::GetOpenBadgeCredentialsResponse => Kind::AchievementCredential,
            Kind::GetClrCredentialsResponse => Kind::ClrCredential,
            _ => return,
        };
        let path = JsonPath::root().key("credential");
        if let Some(Value::Array(items)) = value.get("credential") {
            for (i, item) in items.iter().enumerate() {
                if item.is_object() {
                    let k = Kind::detect(item).unwrap_or(fallback);
                    // Each credential of the payload stands alone (its own `@context`).
                    self.credential(item, k, &path.clone().index(i), 0, schema_out, rule_out);
                }
            }
        }
    }

    /// Schema + structural rules for one credential at `path`, then its nested credentials.
    fn credential(
        &self,
        value: &Value,
        kind: Kind,
        path: &JsonPath,
        depth: usize,
        schema_out: &mut Vec<Finding>,
        rule_out: &mut Vec<Finding>,
    ) {
        match legacy::translate(value) {
            Some(translated) => {
                let at = path.clone().key("@context");
                if legacy::is_v1(value) {
                    rule_out.push(Finding::warning(
                    "vcdm.v1",
                    at,
                    "VCDM 1.1 credential (https://www.w3.org/2018/credentials/v1): a legacy form, accepted; validated against the VCDM 2.0 schema with issuanceDate/expirationDate read as validFrom/validUntil",
                ));
                }
                for mut f in self
                    .schemas
                    .check(kind, &translated.value, &JsonPath::root())
                {
                    let local = legacy::untranslate(&f.path, &translated.renamed);
                    f.path = path.join(&local);
                    schema_out.push(f);
                }
            }
            None => schema_out.extend(self.schemas.check(kind, value, path)),
        }
        if kind.is_credential() {
            let before = rule_out.len();
            context::check(value, kind, path, rule_out);
            // A credential's nested credentials expand with it; an unknown or missing context
            // is reported once, by the context rules.
            let contexts_known = !rule_out[before..]
                .iter()
                .any(|f| matches!(f.code.as_ref(), "context.unknown" | "context.missing"));
            if self.jsonld && depth == 0 && contexts_known {
                jsonld::check(value, path, rule_out);
            }
            rules::check_credential(value, kind, path, rule_out);
        }
        if depth >= MAX_NESTING {
            return;
        }
        let mut nested = Vec::new();
        find_nested(value, &mut path.clone(), true, &mut nested);
        for (nested_path, nested_value, default) in nested {
            match nested_value {
                Value::String(_) => rule_out.push(Finding::info(
                    "nested.jwt",
                    nested_path,
                    "nested credential in compact JWS form; its content is not validated here",
                )),
                Value::Object(_) => {
                    let k = Kind::detect(nested_value).unwrap_or(default);
                    self.credential(
                        nested_value,
                        k,
                        &nested_path,
                        depth + 1,
                        schema_out,
                        rule_out,
                    );
                }
                _ => {}
            }
        }
    }
}

/// True when `value` nests arrays/objects deeper than `limit` (iterative: no recursion).
fn exceeds_depth(value: &Value, limit: usize) -> bool {
    let mut stack = vec![(value, 0usize)];
    while let Some((v, depth)) = stack.pop() {
        if matches!(v, Value::Array(_) | Value::Object(_)) && depth + 1 > limit {
            return true;
        }
        match v {
            Value::Array(items) => stack.extend(items.iter().map(|c| (c, depth + 1))),
            Value::Object(map) => stack.extend(map.values().map(|c| (c, depth + 1))),
            _ => {}
        }
    }
    false
}

/// Drops schema findings a more specific finding explains: any schema finding at the path of
/// a rule error, a `schema.oneOf` / `schema.anyOf` with another error beneath its path, and a
/// schema finding inside a `@context` that a `context.*` rule already reports on.
fn supersede(schema: Vec<Finding>, rules: Vec<Finding>) -> Vec<Finding> {
    use crate::report::{PathSegment, Severity};
    use std::collections::HashSet;

    let is_alternative = |f: &Finding| f.code == "schema.oneOf" || f.code == "schema.anyOf";
    // JSON-LD findings give way to the others (below), never the reverse.
    let rule_errors: Vec<&Finding> = rules
        .iter()
        .filter(|r| r.severity == Severity::Error && !r.code.starts_with("jsonld."))
        .collect();
    let rule_paths: HashSet<&JsonPath> = rule_errors.iter().map(|r| &r.path).collect();
    // Every strict prefix of a non-alternative error's path: an alternative failing there is
    // explained by that error.
    let mut explained: HashSet<&[PathSegment]> = HashSet::new();
    for e in schema.iter().chain(rules.iter()) {
        if e.severity == Severity::Error && !is_alternative(e) {
            let segments = e.path.segments();
            for k in 0..segments.len() {
                explained.insert(&segments[..k]);
            }
        }
    }
    // `...['@context']` prefixes that a `context.*` rule reports on.
    let context_of = |segments: &[PathSegment]| {
        segments
            .iter()
            .position(|s| matches!(s, PathSegment::Key(k) if k == "@context"))
            .map(|i| segments[..=i].to_vec())
    };
    let contexts: HashSet<Vec<PathSegment>> = rule_errors
        .iter()
        .filter(|r| r.code.starts_with("context."))
        .filter_map(|r| context_of(r.path.segments()))
        .collect();
    let keep = |f: &Finding| {
        let at_rule = rule_paths.contains(&f.path);
        let alternative_explained = is_alternative(f) && explained.contains(f.path.segments());
        let context_explained =
            context_of(f.path.segments()).is_some_and(|c| contexts.contains(&c));
        !(at_rule || alternative_explained || context_explained)
    };
    // A JSON-LD finding where another error already points (at its path, above it or
    // below it) says the same thing again, in the processor's words.
    let others: Vec<&[PathSegment]> = schema
        .iter()
        .chain(rules.iter())
        .filter(|e| e.severity == Severity::Error && !e.code.starts_with("jsonld."))
        .map(|e| e.path.segments())
        .collect();
    let jsonld_explained = |f: &Finding| {
        let at = f.path.segments();
        f.code.starts_with("jsonld.")
            && others
                .iter()
                .any(|o| at.starts_with(o) && !o.is_empty() || o.starts_with(at))
    };
    schema
        .iter()
        .filter(|f| keep(f))
        .cloned()
        .chain(rules.iter().filter(|f| !jsonld_explained(f)).cloned())
        .collect()
}

/// Finds the credentials nested directly in `value` (`endorsement` and
/// `verifiableCredential` members), without entering them.
fn find_nested<'a>(
    value: &'a Value,
    path: &mut JsonPath,
    top: bool,
    out: &mut Vec<(JsonPath, &'a Value, Kind)>,
) {
    match value {
        Value::Object(map) => {
            if !top && map.contains_key("@context") {
                return;
            }
            for (key, member) in map {
                let default = match key.as_str() {
                    "endorsement" => Some(Kind::EndorsementCredential),
                    "verifiableCredential" => Some(Kind::AchievementCredential),
                    _ => None,
                };
                path.push_key(key.clone());
                match (default, member) {
                    (Some(kind), Value::Array(items)) => {
                        for (i, item) in items.iter().enumerate() {
                            out.push((path.clone().index(i), item, kind));
                        }
                    }
                    (Some(kind), item @ (Value::Object(_) | Value::String(_))) => {
                        out.push((path.clone(), item, kind));
                    }
                    _ => find_nested(member, path, false, out),
                }
                path.pop();
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push_index(i);
                find_nested(item, path, false, out);
                path.pop();
            }
        }
        _ => {}
    }
}

/// The finding for a document that could not be parsed (`parse.*`, at `$`).
pub fn parse_finding(error: &ParseError) -> Finding {
    let code = match error {
        ParseError::TooLarge { .. } => "parse.too_large",
        ParseError::InvalidUtf8 { .. } => "parse.utf8",
        ParseError::TooDeep { .. } => "parse.too_deep",
        ParseError::DuplicateKey { .. } => "parse.duplicate_key",
        _ => "parse.syntax",
    };
    Finding::error(code, JsonPath::root(), error.to_string())
}

/// The 1-based (line, column) a parse error names, if it names one.
pub fn parse_position(error: &ParseError) -> Option<(usize, usize)> {
    match error {
        ParseError::InvalidUtf8 { line, column, .. }
        | ParseError::TooDeep { line, column, .. }
        | ParseError::DuplicateKey { line, column, .. }
        | ParseError::Syntax { line, column, .. } => Some((*line, *column)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validator_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Validator>();
    }
}
