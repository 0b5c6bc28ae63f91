//! VCDM 1.1 credentials, a legacy form verifiers must still accept.
//!
//! The bundled schemas describe VCDM 2.0 credentials. A credential whose `@context` starts
//! with `https://www.w3.org/2018/credentials/v1` differs from that shape in three places only:
//! the base context URL, `issuanceDate` (VCDM 2.0: `validFrom`) and `expirationDate`
//! (`validUntil`). The choice made here: the schema sees a *translated copy* where those three
//! are replaced by their VCDM 2.0 forms, so every other member is still checked against the
//! schema, and findings on a renamed member are reported at its original name. The credential
//! itself is reported with a `vcdm.v1` warning (acceptable, but legacy). The other rules run on
//! the untranslated value and know both spellings.

use serde_json::{Map, Value};

use crate::contexts::{VC_V1, VC_V2};
use crate::report::{JsonPath, PathSegment};

/// The VCDM 1.1 → 2.0 member renames.
const RENAMES: [(&str, &str); 2] = [
    ("issuanceDate", "validFrom"),
    ("expirationDate", "validUntil"),
];

/// A translated copy of a credential and where members were renamed.
pub(crate) struct Translated {
    /// The value the schema sees.
    pub(crate) value: Value,
    /// (path of the renamed member in the translated value, its original name).
    pub(crate) renamed: Vec<(JsonPath, &'static str)>,
}

/// True when the credential's own `@context` names the VCDM 1.1 context.
pub(crate) fn is_v1(credential: &Value) -> bool {
    match credential.get("@context") {
        Some(Value::String(s)) => s == VC_V1,
        Some(Value::Array(items)) => items.iter().any(|i| i == VC_V1),
        _ => false,
    }
}

/// Translates `credential` and every VCDM 1.1 credential nested in it (so that the schema of
/// an outer credential sees its nested credentials in VCDM 2.0 form too), or `None` when
/// nothing in it is VCDM 1.1.
pub(crate) fn translate(credential: &Value) -> Option<Translated> {
    let mut renamed = Vec::new();
    if !contains_v1(credential) {
        return None;
    }
    let value = rewrite(credential, &JsonPath::root(), &mut renamed);
    Some(Translated { value, renamed })
}

fn contains_v1(value: &Value) -> bool {
    match value {
        Value::Object(map) => is_v1(value) || map.values().any(contains_v1),
        Value::Array(items) => items.iter().any(contains_v1),
        _ => false,
    }
}

fn rewrite(value: &Value, path: &JsonPath, renamed: &mut Vec<(JsonPath, &'static str)>) -> Value {
    match value {
        Value::Object(map) => {
            let v1 = is_v1(value);
            let mut out = Map::new();
            for (key, member) in map {
                if v1 && key == "@context" {
                    out.insert(key.clone(), replace_context(member));
                    continue;
                }
                let rename = RENAMES
                    .iter()
                    .find(|(old, new)| v1 && old == key && !map.contains_key(*new));
                let name = rename.map_or(key.as_str(), |(_, new)| new);
                let member_path = path.clone().key(name);
                if let Some((old, _)) = rename {
                    renamed.push((member_path.clone(), *old));
                }
                out.insert(name.to_string(), rewrite(member, &member_path, renamed));
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, item)| rewrite(item, &path.clone().index(i), renamed))
                .collect(),
        ),
        other => other.clone(),
    }
}

fn replace_context(context: &Value) -> Value {
    match context {
        Value::String(s) if s == VC_V1 => Value::String(VC_V2.to_string()),
        Value::Array(items) => Value::Array(items.iter().map(replace_context).collect()),
        other => other.clone(),
    }
}

/// Maps a path in the translated value back to the received spelling.
pub(crate) fn untranslate(path: &JsonPath, renamed: &[(JsonPath, &'static str)]) -> JsonPath {
    for (new_path, old) in renamed {
        let n = new_path.segments().len();
        if path.segments().len() >= n && path.segments()[..n] == *new_path.segments() {
            let mut out = JsonPath::root();
            for (i, segment) in path.segments().iter().enumerate() {
                match segment {
                    _ if i == n - 1 => out.push_key(*old),
                    PathSegment::Key(k) => out.push_key(k.clone()),
                    PathSegment::Index(x) => out.push_index(*x),
                }
            }
            return out;
        }
    }
    path.clone()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn renames_and_maps_back() {
        let v1 = json!({"@context": [VC_V1, "x"], "issuanceDate": "2020-01-01T00:00:00Z"});
        let t = translate(&v1).unwrap();
        assert_eq!(t.value["@context"][0], VC_V2);
        assert_eq!(t.value["validFrom"], "2020-01-01T00:00:00Z");
        let back = untranslate(&JsonPath::root().key("validFrom"), &t.renamed);
        assert_eq!(back.to_string(), "$.issuanceDate");
        assert!(translate(&json!({"@context": [VC_V2]})).is_none());
    }
}
