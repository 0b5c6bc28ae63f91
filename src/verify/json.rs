//! Small JSON helpers shared by the checks.

use serde_json::Value;

use crate::report::JsonPath;

/// The strings of a `type` member (a string or an array of strings).
pub(crate) fn types(value: &Value) -> Vec<&str> {
    match value.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// The id of a member that is either an IRI string or an object with `id` (`issuer`,
/// `holder`).
pub(super) fn id_of(value: Option<&Value>) -> Option<&str> {
    match value? {
        Value::String(s) => Some(s.as_str()),
        Value::Object(o) => o.get("id").and_then(Value::as_str),
        _ => None,
    }
}

/// The items of a one-or-many member, with their paths.
pub(super) fn one_or_many<'a>(value: &'a Value, path: &JsonPath) -> Vec<(&'a Value, JsonPath)> {
    match value {
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, item)| (item, path.clone().index(i)))
            .collect(),
        other => vec![(other, path.clone())],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn helpers() {
        let v = json!({"type": ["A", 1, "B"], "issuer": {"id": "x"}});
        assert_eq!(types(&v), ["A", "B"]);
        assert_eq!(id_of(v.get("issuer")), Some("x"));
        assert_eq!(id_of(Some(&json!("y"))), Some("y"));
        let base = JsonPath::root().key("a").index(1);
        let rel = JsonPath::root().key("b");
        assert_eq!(base.join(&rel).to_string(), "$.a[1].b");
        assert_eq!(one_or_many(&json!([1, 2]), &base).len(), 2);
    }
}
