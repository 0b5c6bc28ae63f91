//! JSON pointers (RFC 6901) and the selection of a JSON-LD document by pointers
//! (VC-DI-ECDSA §3.4 selectJsonLd): the selected values, with the `@context`, and on
//! every object along each path its `id` (unless a blank node identifier) and `type`, so
//! that the selection expands to a subset of the document's statements.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::SdError;

/// The reference tokens of a JSON pointer (`""` is the whole document: no tokens).
///
/// # Errors
/// [`SdError::Pointer`] for a pointer that does not start with `/` or has a `~` not
/// followed by `0` or `1`.
pub(crate) fn parse_pointer(pointer: &str) -> Result<Vec<String>, SdError> {
    if pointer.is_empty() {
        return Ok(Vec::new());
    }
    let Some(rest) = pointer.strip_prefix('/') else {
        return Err(SdError::pointer(
            pointer,
            "a JSON pointer starts with \"/\"",
        ));
    };
    rest.split('/')
        .map(|token| {
            let mut out = String::with_capacity(token.len());
            let mut chars = token.chars();
            while let Some(c) = chars.next() {
                if c == '~' {
                    match chars.next() {
                        Some('0') => out.push('~'),
                        Some('1') => out.push('/'),
                        _ => {
                            return Err(SdError::pointer(
                                pointer,
                                "\"~\" must be followed by 0 or 1",
                            ));
                        }
                    }
                } else {
                    out.push(c);
                }
            }
            Ok(out)
        })
        .collect()
}

/// A selection under construction: objects keep member order, arrays are sparse until
/// the end (their selected elements in index order).
enum Sel {
    Object(Vec<(String, Sel)>),
    Array(BTreeMap<usize, Sel>),
    Whole(Value),
}

impl Sel {
    fn initial(source: &Value) -> Sel {
        let mut members = Vec::new();
        if let Some(id) = source.get("id").and_then(Value::as_str)
            && !id.starts_with("_:")
        {
            members.push(("id".to_owned(), Sel::Whole(Value::String(id.to_owned()))));
        }
        if let Some(t) = source.get("type")
            && !matches!(t, Value::Null | Value::Bool(false))
        {
            members.push(("type".to_owned(), Sel::Whole(t.clone())));
        }
        Sel::Object(members)
    }

    fn into_value(self) -> Value {
        match self {
            Sel::Whole(v) => v,
            Sel::Object(members) => Value::Object(
                members
                    .into_iter()
                    .map(|(k, v)| (k, v.into_value()))
                    .collect::<Map<_, _>>(),
            ),
            Sel::Array(items) => Value::Array(items.into_values().map(Sel::into_value).collect()),
        }
    }

    /// The child selection for `token`, created from `value` when absent. `None` when this
    /// selection already holds the whole value (nothing more to add below it).
    fn child(&mut self, token: &str, index: Option<usize>, value: &Value) -> Option<&mut Sel> {
        let fresh = || match value {
            Value::Array(_) => Sel::Array(BTreeMap::new()),
            other => Sel::initial(other),
        };
        match self {
            Sel::Whole(_) => None,
            Sel::Object(members) => {
                let at = match members.iter().position(|(k, _)| k == token) {
                    Some(at) => at,
                    None => {
                        members.push((token.to_owned(), fresh()));
                        members.len() - 1
                    }
                };
                Some(&mut members[at].1)
            }
            Sel::Array(items) => Some(items.entry(index?).or_insert_with(fresh)),
        }
    }
}

/// The document's value at `tokens`, with the array index of each step (for arrays).
fn step<'v>(value: &'v Value, token: &str) -> Option<(&'v Value, Option<usize>)> {
    match value {
        Value::Object(map) => map.get(token).map(|v| (v, None)),
        Value::Array(items) => {
            // Canonical decimal indexes only ("01" and "-" name nothing).
            if token.is_empty()
                || !token.bytes().all(|b| b.is_ascii_digit())
                || (token.len() > 1 && token.starts_with('0'))
            {
                return None;
            }
            let i: usize = token.parse().ok()?;
            items.get(i).map(|v| (v, Some(i)))
        }
        _ => None,
    }
}

/// The selection of `document` by `pointers` (`None` when there are no pointers).
///
/// # Errors
/// [`SdError::Pointer`] for a malformed pointer or one that names nothing in `document`.
pub(crate) fn select_json_ld(
    document: &Value,
    pointers: &[String],
) -> Result<Option<Value>, SdError> {
    if pointers.is_empty() {
        return Ok(None);
    }
    let mut root = match Sel::initial(document) {
        Sel::Object(mut members) => {
            if let Some(ctx) = document.get("@context") {
                members.insert(0, ("@context".to_owned(), Sel::Whole(ctx.clone())));
            }
            Sel::Object(members)
        }
        other => other,
    };
    for pointer in pointers {
        let tokens = parse_pointer(pointer)?;
        if tokens.is_empty() {
            return Ok(Some(document.clone()));
        }
        let mut value = document;
        let mut selected = Some(&mut root);
        let last = tokens.len() - 1;
        for (n, token) in tokens.iter().enumerate() {
            let (next, index) = step(value, token)
                .ok_or_else(|| SdError::pointer(pointer, "it names no member of the document"))?;
            value = next;
            let Some(parent) = selected.take() else {
                // Already selected whole above: keep checking that the pointer resolves.
                continue;
            };
            if n == last {
                match parent {
                    Sel::Object(members) => match members.iter_mut().find(|(k, _)| k == token) {
                        Some((_, slot)) => *slot = Sel::Whole(value.clone()),
                        None => members.push((token.clone(), Sel::Whole(value.clone()))),
                    },
                    Sel::Array(items) => {
                        if let Some(i) = index {
                            items.insert(i, Sel::Whole(value.clone()));
                        }
                    }
                    Sel::Whole(_) => {}
                }
                selected = None;
            } else {
                selected = parent.child(token, index, value);
            }
        }
    }
    Ok(Some(root.into_value()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn p(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn pointers_unescape() {
        assert_eq!(parse_pointer("/a~1b/c~0d/0").unwrap(), ["a/b", "c~d", "0"]);
        assert!(parse_pointer("").unwrap().is_empty());
        assert!(parse_pointer("a").is_err());
        assert!(parse_pointer("/a~2").is_err());
    }

    #[test]
    fn selection_keeps_ids_types_and_context() {
        let doc = json!({
            "@context": ["c"], "id": "urn:x", "type": ["T"],
            "s": {"id": "_:b0", "type": "S", "a": 1, "b": [10, 20, {"type": "U", "v": 3}]},
            "t": "drop"
        });
        let sel = select_json_ld(&doc, &p(&["/s/a", "/s/b/2/v", "/s/b/0"])).unwrap();
        assert_eq!(
            sel,
            Some(json!({
                "@context": ["c"], "id": "urn:x", "type": ["T"],
                "s": {"type": "S", "a": 1, "b": [10, {"type": "U", "v": 3}]}
            }))
        );
        assert_eq!(select_json_ld(&doc, &[]).unwrap(), None);
        assert_eq!(select_json_ld(&doc, &p(&[""])).unwrap(), Some(doc.clone()));
        // A whole object selected, then a member below it: still the whole object.
        let sel = select_json_ld(&doc, &p(&["/s", "/s/a"])).unwrap().unwrap();
        assert_eq!(sel["s"], doc["s"]);
        for bad in ["/nope", "/s/b/3", "/s/b/01", "/s/b/-", "/t/x", "/s/a/0"] {
            assert!(select_json_ld(&doc, &p(&[bad])).is_err(), "{bad}");
        }
    }
}
