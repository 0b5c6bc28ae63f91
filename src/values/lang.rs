//! [`LangString`]: a string property that may also be written as a language map.

use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

/// A String-derived property: a plain string, or (where the OB/CLR contexts declare the term
/// with a language container, and in the JSON-LD compaction forms the 1EdTech schemas accept)
/// an object: a language map `{"en": "Badge", "es": "Insignia"}` or a value object
/// `{"@value": "Badge", "@language": "en"}`. The object is kept as received.
///
/// ```
/// use openbadges::values::LangString;
///
/// let plain: LangString = serde_json::from_str(r#""Badge""#)?;
/// assert_eq!(plain.text(), Some("Badge"));
/// let map: LangString = serde_json::from_str(r#"{"en": "Badge", "es": "Insignia"}"#)?;
/// assert_eq!(map.get("es"), Some("Insignia"));
/// assert_eq!(map.text(), Some("Badge"));
/// assert!(serde_json::from_str::<LangString>("12").is_err());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LangString {
    /// A plain string.
    Plain(String),
    /// A language map or a JSON-LD value object, as received.
    Object(Map<String, Value>),
}

impl LangString {
    /// The default text: the plain string, the `@value` of a value object, or the first
    /// entry of a language map in document order (first string of an array entry). `None`
    /// when the object holds no string at all.
    pub fn text(&self) -> Option<&str> {
        match self {
            LangString::Plain(text) => Some(text),
            LangString::Object(map) => match map.get("@value") {
                Some(value) => value.as_str(),
                None => map.values().find_map(first_string),
            },
        }
    }

    /// The text in a language: the language-map entry, or the value object when its
    /// `@language` matches (case-insensitively). A plain string has no language.
    pub fn get(&self, language: &str) -> Option<&str> {
        let LangString::Object(map) = self else {
            return None;
        };
        if map.contains_key("@value") {
            let matches = map
                .get("@language")
                .and_then(Value::as_str)
                .is_some_and(|l| l.eq_ignore_ascii_case(language));
            return matches
                .then(|| map.get("@value").and_then(Value::as_str))
                .flatten();
        }
        map.iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(language))
            .and_then(|(_, value)| first_string(value))
    }
}

fn first_string(value: &Value) -> Option<&str> {
    match value {
        Value::String(text) => Some(text),
        Value::Array(items) => items.iter().find_map(Value::as_str),
        _ => None,
    }
}

/// Writes the default text, [`LangString::text`]: the plain string, a value object's
/// `@value`, or a language map's first entry in document order (the issuer's order: member
/// order is kept on parsing); nothing when the object holds no string. Use
/// [`LangString::get`] for a given language, and serialize the value to see every language.
///
/// ```
/// use openbadges::values::LangString;
///
/// let plain = LangString::from("Badge");
/// assert_eq!(plain.to_string(), "Badge");
/// let map: LangString = serde_json::from_str(r#"{"es": "Insignia", "en": "Badge"}"#)?;
/// assert_eq!(map.to_string(), "Insignia"); // the first entry
/// assert_eq!(format!("{}", map), "Insignia");
/// let object: LangString = serde_json::from_str(r#"{"@value": "Abzeichen", "@language": "de"}"#)?;
/// assert_eq!(object.to_string(), "Abzeichen");
/// # Ok::<(), serde_json::Error>(())
/// ```
impl fmt::Display for LangString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.text().unwrap_or_default())
    }
}

impl From<&str> for LangString {
    fn from(text: &str) -> Self {
        LangString::Plain(text.to_string())
    }
}

impl From<String> for LangString {
    fn from(text: String) -> Self {
        LangString::Plain(text)
    }
}

impl PartialEq<str> for LangString {
    fn eq(&self, other: &str) -> bool {
        matches!(self, LangString::Plain(text) if text == other)
    }
}

impl PartialEq<&str> for LangString {
    fn eq(&self, other: &&str) -> bool {
        self == *other
    }
}

impl Serialize for LangString {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            LangString::Plain(text) => serializer.serialize_str(text),
            LangString::Object(map) => map.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for LangString {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LangStringVisitor)
    }
}

struct LangStringVisitor;

impl<'de> Visitor<'de> for LangStringVisitor {
    type Value = LangString;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string, a language map or a JSON-LD value object")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<LangString, E> {
        Ok(LangString::Plain(v.to_string()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<LangString, E> {
        Ok(LangString::Plain(v))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<LangString, A::Error> {
        let mut map = Map::new();
        while let Some(key) = access.next_key::<String>()? {
            let value: Value = access.next_value()?;
            let ok = if key.starts_with('@') {
                matches!(
                    key.as_str(),
                    "@value" | "@language" | "@direction" | "@type"
                )
            } else {
                match &value {
                    Value::String(_) | Value::Null => true,
                    Value::Array(items) => items.iter().all(Value::is_string),
                    _ => false,
                }
            };
            if !ok {
                return Err(de::Error::custom(format_args!(
                    "member \"{key}\" is not allowed in a language map or value object"
                )));
            }
            map.insert(key, value);
        }
        Ok(LangString::Object(map))
    }
}
