//! RFC 8785 JSON Canonicalization Scheme (JCS).
//!
//! The canonical form of a JSON value is its serialization with:
//! - no insignificant whitespace;
//! - object members sorted by their names compared as arrays of UTF-16 code units;
//! - numbers written as ECMAScript's `Number.prototype.toString` writes the IEEE 754 double
//!   nearest to them (integers outside ±2^53 are rounded to that double, as in JavaScript);
//! - strings escaped as ECMAScript's `JSON.stringify` escapes them: `\"`, `\\`, `\b`, `\f`,
//!   `\n`, `\r`, `\t`, other controls below U+0020 as `\u00xx` (lower-case hex), every other
//!   character written as itself in UTF-8.
//!
//! ```
//! use serde_json::json;
//!
//! let value = json!({"b": [1.0, 1e21, 0.000001], "a": "x\n", "€": null});
//! let canonical = openbadges::jcs::canonicalize(&value)?;
//! assert_eq!(canonical, r#"{"a":"x\n","b":[1,1e+21,0.000001],"€":null}"#);
//! # Ok::<(), openbadges::jcs::JcsError>(())
//! ```

mod node;
mod number;

use std::cmp::Ordering;

use serde_json::Value;

use crate::document::{Document, Node};
use crate::report::{JsonPath, Step};

pub use number::write_number;

/// How deep arrays and objects may nest before [`canonicalize`] gives up (the strict
/// [`crate::Document`] parser allows far less; this bounds values built in code).
pub const MAX_DEPTH: usize = 1024;

/// Why a value has no RFC 8785 canonical form.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum JcsError {
    /// A number is NaN or infinite (I-JSON and RFC 8785 allow finite numbers only).
    #[error("{path}: the number is not finite; RFC 8785 canonicalizes finite numbers only")]
    NonFiniteNumber {
        /// Where the number is.
        path: JsonPath,
    },
    /// Arrays and objects nest deeper than [`MAX_DEPTH`].
    #[error("{path}: nesting deeper than {limit} levels")]
    TooDeep {
        /// Where the limit was reached.
        path: JsonPath,
        /// The limit ([`MAX_DEPTH`]).
        limit: usize,
    },
}

/// The RFC 8785 canonical serialization of `value`.
///
/// # Errors
///
/// [`JcsError::NonFiniteNumber`] for a NaN or infinite number (which `serde_json` values
/// normally cannot hold), [`JcsError::TooDeep`] past [`MAX_DEPTH`] levels of nesting.
pub fn canonicalize(value: &Value) -> Result<String, JcsError> {
    let mut out = String::with_capacity(256);
    canonicalize_into(value, &mut out)?;
    Ok(out)
}

/// Appends the RFC 8785 canonical serialization of `value` to `out`.
///
/// On error `out` holds a partial serialization; discard it.
///
/// # Errors
///
/// As [`canonicalize`].
pub fn canonicalize_into(value: &Value, out: &mut String) -> Result<(), JcsError> {
    let mut writer = Writer {
        out,
        path: Vec::new(),
    };
    writer.value(value)
}

/// The RFC 8785 canonical serialization of `value`, as bytes (UTF-8).
///
/// # Errors
///
/// As [`canonicalize`].
pub fn canonicalize_to_vec(value: &Value) -> Result<Vec<u8>, JcsError> {
    canonicalize(value).map(String::into_bytes)
}

/// The RFC 8785 canonical serialization of a parsed document, written straight from its
/// tree (no [`Value`] is built): the same bytes as [`canonicalize`] of
/// [`Document::value`].
///
/// ```
/// use openbadges::Document;
///
/// let doc = Document::from_str(r#"{"b": [1.0, 1E21], "a": "x\u000a", "\u20ac": null}"#)?;
/// assert_eq!(openbadges::jcs::canonicalize_document(&doc)?, r#"{"a":"x\n","b":[1,1e+21],"€":null}"#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// As [`canonicalize`] ([`JcsError::TooDeep`] only for a document built with
/// [`Document::from_value`] from a value nested deeper than [`MAX_DEPTH`]).
pub fn canonicalize_document(document: &Document) -> Result<String, JcsError> {
    let mut out = String::with_capacity(document.as_str().len());
    canonicalize_node_into(document.root(), &mut out)?;
    Ok(out)
}

/// Appends the RFC 8785 canonical serialization of `node` (a value of a parsed
/// [`Document`]) to `out`: the same bytes as [`canonicalize_into`] of [`Node::to_value`].
/// Error paths are relative to `node`.
///
/// On error `out` holds a partial serialization; discard it.
///
/// # Errors
///
/// As [`canonicalize_document`].
pub fn canonicalize_node_into(node: Node<'_>, out: &mut String) -> Result<(), JcsError> {
    node::write_node(node, out)
}

/// Compares two member names as RFC 8785 orders them: by UTF-16 code units.
pub fn compare_names(a: &str, b: &str) -> Ordering {
    // UTF-8 byte order is code point order, which equals UTF-16 order except when a
    // supplementary character meets one in U+E000..=U+FFFF. Compare bytes up to the first
    // difference and only decode there.
    let (ab, bb) = (a.as_bytes(), b.as_bytes());
    let common = ab.iter().zip(bb).take_while(|(x, y)| x == y).count();
    if common == ab.len() || common == bb.len() {
        return ab.len().cmp(&bb.len());
    }
    // Back up to the start of the character that differs.
    let mut start = common;
    while start > 0 && !a.is_char_boundary(start) {
        start -= 1;
    }
    let ca = a[start..].chars().next();
    let cb = b[start..].chars().next();
    match (ca, cb) {
        (Some(x), Some(y)) => utf16_first_unit(x)
            .cmp(&utf16_first_unit(y))
            .then(x.cmp(&y)),
        _ => ab.len().cmp(&bb.len()),
    }
}

/// The first UTF-16 code unit of `c`.
fn utf16_first_unit(c: char) -> u16 {
    let mut buf = [0u16; 2];
    c.encode_utf16(&mut buf)[0]
}

struct Writer<'o, 'v> {
    out: &'o mut String,
    path: Vec<Step<'v>>,
}

impl<'v> Writer<'_, 'v> {
    fn json_path(&self) -> JsonPath {
        JsonPath::from_steps(self.path.iter().copied())
    }

    fn value(&mut self, value: &'v Value) -> Result<(), JcsError> {
        match value {
            Value::Null => self.out.push_str("null"),
            Value::Bool(true) => self.out.push_str("true"),
            Value::Bool(false) => self.out.push_str("false"),
            Value::Number(n) => {
                let f = n.as_f64().unwrap_or(f64::NAN);
                if !f.is_finite() {
                    return Err(JcsError::NonFiniteNumber {
                        path: self.json_path(),
                    });
                }
                write_number(self.out, f);
            }
            Value::String(s) => write_string(self.out, s),
            Value::Array(items) => {
                self.enter()?;
                self.out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.out.push(',');
                    }
                    self.path.push(Step::Index(i));
                    self.value(item)?;
                    self.path.pop();
                }
                self.out.push(']');
            }
            Value::Object(map) => {
                self.enter()?;
                let mut members: Vec<(&'v String, &'v Value)> = map.iter().collect();
                members.sort_unstable_by(|a, b| compare_names(a.0, b.0));
                self.out.push('{');
                for (i, (name, member)) in members.into_iter().enumerate() {
                    if i > 0 {
                        self.out.push(',');
                    }
                    write_string(self.out, name);
                    self.out.push(':');
                    self.path.push(Step::Key(name));
                    self.value(member)?;
                    self.path.pop();
                }
                self.out.push('}');
            }
        }
        Ok(())
    }

    fn enter(&self) -> Result<(), JcsError> {
        if self.path.len() >= MAX_DEPTH {
            return Err(JcsError::TooDeep {
                path: self.json_path(),
                limit: MAX_DEPTH,
            });
        }
        Ok(())
    }
}

/// Appends `s` as an RFC 8785 JSON string (quotes included).
pub fn write_string(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    let bytes = s.as_bytes();
    // Most strings need no escape: find the first byte that does, a word at a time.
    let first = crate::document::plain_run(bytes, 0);
    if first == bytes.len() {
        out.push_str(s);
        out.push('"');
        return;
    }
    out.push_str(&s[..first]);
    let mut start = first;
    for (i, &b) in bytes.iter().enumerate().skip(first) {
        let escape: &str = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0x00..=0x1f => "",
            _ => continue,
        };
        out.push_str(&s[start..i]);
        if escape.is_empty() {
            out.push_str("\\u00");
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xf)]));
        } else {
            out.push_str(escape);
        }
        start = i + 1;
    }
    out.push_str(&s[start..]);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn orders_by_utf16_code_units() {
        // U+FB33 (one unit 0xFB33) sorts after U+1F602 (surrogates 0xD83D 0xDE02).
        assert_eq!(compare_names("\u{fb33}", "\u{1f602}"), Ordering::Greater);
        assert_eq!(compare_names("a", "ab"), Ordering::Less);
        assert_eq!(compare_names("b", "ab"), Ordering::Greater);
        assert_eq!(compare_names("\u{e9}", "\u{ea}"), Ordering::Less);
        assert_eq!(compare_names("x", "x"), Ordering::Equal);
    }

    #[test]
    fn escapes_like_json_stringify() {
        let mut out = String::new();
        write_string(&mut out, "\u{0}\u{1f}\u{7f}\u{2028}\"\\/\u{8}\u{c}");
        assert_eq!(out, "\"\\u0000\\u001f\u{7f}\u{2028}\\\"\\\\/\\b\\f\"");
    }

    #[test]
    fn too_deep_is_an_error_with_path() {
        let mut value = json!(1);
        for _ in 0..(MAX_DEPTH + 1) {
            value = json!([value]);
        }
        match canonicalize(&value) {
            Err(JcsError::TooDeep { limit, path }) => {
                assert_eq!(limit, MAX_DEPTH);
                assert_eq!(path.segments().len(), MAX_DEPTH);
            }
            other => panic!("expected TooDeep, got {other:?}"),
        }
        // Dropping a deeply nested serde_json value recurses; unwrap it iteratively.
        while let Value::Array(mut items) = value {
            value = items.pop().unwrap_or(Value::Null);
        }
    }
}
