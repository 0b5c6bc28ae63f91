//! Facts derived once from the bundled schemas and contexts: extensible vocabularies, the
//! members typed `DateTimeZ` / `DateTime`, the string members that the schemas let carry a
//! language map, and the terms each bundled context declares as `@language` containers.
//!
//! Deriving them from the verbatim 1EdTech files (rather than retyping lists) keeps the rules
//! in step with the schemas they complement.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

/// The pattern the schemas use for language-map keys.
const LANGUAGE_KEY_PATTERN: &str = "^[a-z]{2}(-[A-Z]{2})?$";

/// What the rules need to know about the vocabularies.
#[derive(Debug, Default)]
pub(crate) struct Vocabulary {
    /// Extensible enumerations: member name -> the listed values (others need `ext:`).
    pub(crate) extensible: BTreeMap<String, BTreeSet<String>>,
    /// Members typed `DateTimeZ` (a zone is required).
    pub(crate) datetime_z: BTreeSet<String>,
    /// Members typed `DateTime` (a zone is optional).
    pub(crate) datetime: BTreeSet<String>,
    /// String members for which the (JSON-LD compaction) schemas accept a language map.
    pub(crate) language_capable: BTreeSet<String>,
    /// Bundled context URL -> terms declared with `"@container": "@language"`.
    pub(crate) language_terms: BTreeMap<&'static str, BTreeSet<String>>,
}

impl Vocabulary {
    pub(crate) fn derive(schemas: &[Value]) -> Self {
        let mut vocab = Vocabulary::default();
        let mut not_language: BTreeSet<String> = BTreeSet::new();
        for schema in schemas {
            visit_properties(schema, &mut |name, property| {
                if let Some(values) = extensible_enum(property) {
                    vocab
                        .extensible
                        .entry(name.to_string())
                        .or_default()
                        .extend(values);
                }
                let comment = property
                    .get("$comment")
                    .and_then(Value::as_str)
                    .unwrap_or("");
                if comment.starts_with("Origin: DateTimeZ") {
                    vocab.datetime_z.insert(name.to_string());
                } else if comment.starts_with("Origin: DateTime ") {
                    vocab.datetime.insert(name.to_string());
                }
                if is_language_capable(property) {
                    vocab.language_capable.insert(name.to_string());
                } else {
                    not_language.insert(name.to_string());
                }
            });
        }
        // VCDM 1.1 spellings of validFrom / validUntil.
        for legacy in ["issuanceDate", "expirationDate"] {
            vocab.datetime_z.insert(legacy.to_string());
        }
        vocab
            .language_capable
            .retain(|name| !not_language.contains(name));
        for context in crate::contexts::ALL {
            if let Ok(value) = serde_json::from_str::<Value>(context.text) {
                let mut terms = BTreeSet::new();
                if let Some(ctx) = value.get("@context") {
                    language_container_terms(ctx, &mut terms);
                }
                for url in context.urls {
                    vocab.language_terms.insert(url, terms.clone());
                }
            }
        }
        vocab
    }
}

/// Calls `f(name, schema)` for every member of every `properties` object in a schema.
fn visit_properties(schema: &Value, f: &mut dyn FnMut(&str, &Value)) {
    match schema {
        Value::Object(map) => {
            if let Some(Value::Object(props)) = map.get("properties") {
                for (name, property) in props {
                    f(name, property);
                }
            }
            for value in map.values() {
                visit_properties(value, f);
            }
        }
        Value::Array(items) => {
            for item in items {
                visit_properties(item, f);
            }
        }
        _ => {}
    }
}

/// The enum values of an extensible vocabulary (`oneOf`/`anyOf` of an enum and an `ext:`
/// pattern), if `property` is one.
fn extensible_enum(property: &Value) -> Option<Vec<String>> {
    let mut values = Vec::new();
    let mut has_ext = false;
    collect_enum_and_ext(property, &mut values, &mut has_ext);
    (has_ext && !values.is_empty()).then_some(values)
}

fn collect_enum_and_ext(schema: &Value, values: &mut Vec<String>, has_ext: &mut bool) {
    let Value::Object(map) = schema else { return };
    if let Some(Value::Array(options)) = map.get("enum") {
        values.extend(options.iter().filter_map(Value::as_str).map(str::to_string));
    }
    if let Some(Value::String(pattern)) = map.get("pattern")
        && pattern.contains("ext:")
    {
        *has_ext = true;
    }
    for key in ["oneOf", "anyOf", "allOf"] {
        if let Some(Value::Array(branches)) = map.get(key) {
            for branch in branches {
                collect_enum_and_ext(branch, values, has_ext);
            }
        }
    }
    if let Some(items) = map.get("items") {
        collect_enum_and_ext(items, values, has_ext);
    }
}

/// True when the property is a plain string-derived member whose schema accepts a language
/// map (and nothing else object-shaped: no `$ref`, no `properties`).
fn is_language_capable(property: &Value) -> bool {
    let text = property.to_string();
    text.contains(&format!(
        "\"pattern\":\"{}\"",
        LANGUAGE_KEY_PATTERN.replace('\\', "\\\\")
    )) && !text.contains("\"$ref\"")
        && !text.contains("\"properties\"")
}

/// Terms declared with an `@language` container in a context (and its scoped contexts).
pub(crate) fn language_container_terms(context: &Value, out: &mut BTreeSet<String>) {
    match context {
        Value::Array(items) => {
            for item in items {
                language_container_terms(item, out);
            }
        }
        Value::Object(map) => {
            for (term, definition) in map {
                let Value::Object(def) = definition else {
                    continue;
                };
                let container = def.get("@container");
                let is_language = match container {
                    Some(Value::String(c)) => c == "@language",
                    Some(Value::Array(cs)) => cs.iter().any(|c| c == "@language"),
                    _ => false,
                };
                if is_language {
                    out.insert(term.clone());
                }
                if let Some(scoped) = def.get("@context") {
                    language_container_terms(scoped, out);
                }
            }
        }
        _ => {}
    }
}

/// True when `key` looks like a language tag as the schemas define it (`en`, `en-US`).
pub(crate) fn is_language_key(key: &str) -> bool {
    let b = key.as_bytes();
    let lower2 = |s: &[u8]| s.len() == 2 && s.iter().all(u8::is_ascii_lowercase);
    match b.len() {
        2 => lower2(b),
        5 => lower2(&b[..2]) && b[2] == b'-' && b[3..].iter().all(u8::is_ascii_uppercase),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_from_the_bundled_schemas() {
        let schemas = crate::validate::schema::Schemas::compile().unwrap();
        let vocab = Vocabulary::derive(schemas.documents());
        for name in [
            "achievementType",
            "resultType",
            "identifierType",
            "identityType",
        ] {
            assert!(
                vocab.extensible.contains_key(name),
                "{name}: {:?}",
                vocab.extensible.keys()
            );
        }
        assert!(vocab.extensible["achievementType"].contains("Badge"));
        for name in ["validFrom", "validUntil", "awardedDate", "issuanceDate"] {
            assert!(vocab.datetime_z.contains(name), "{name}");
        }
        assert!(vocab.datetime.contains("activityStartDate"));
        for name in ["name", "description", "narrative"] {
            assert!(vocab.language_capable.contains(name), "{name}");
        }
        for name in ["issuer", "credentialSubject", "image", "achievement"] {
            assert!(!vocab.language_capable.contains(name), "{name}");
        }
        // No bundled context declares an @language container.
        assert!(vocab.language_terms.values().all(BTreeSet::is_empty));
        assert!(
            vocab
                .language_terms
                .contains_key(crate::contexts::OB_V3P0_3_0_3)
        );
    }

    #[test]
    fn inline_language_containers_are_found() {
        let ctx: Value = serde_json::from_str(
            r#"[{"title": {"@id": "ex:title", "@container": "@language"},
                 "Thing": {"@id": "ex:Thing", "@context": {"label": {"@id": "ex:l", "@container": ["@language", "@set"]}}}}]"#,
        )
        .unwrap();
        let mut terms = BTreeSet::new();
        language_container_terms(&ctx, &mut terms);
        assert_eq!(terms.into_iter().collect::<Vec<_>>(), ["label", "title"]);
    }

    #[test]
    fn language_keys() {
        assert!(is_language_key("en"));
        assert!(is_language_key("en-US"));
        assert!(!is_language_key("eng"));
        assert!(!is_language_key("en-us"));
        assert!(!is_language_key("id-"));
    }
}
