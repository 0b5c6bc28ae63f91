//! [`Document`]: the exact JSON a credential arrived as.
//!
//! Signing and verification always work on the received JSON, never on a re-serialized
//! struct: a typed view can lose information (member order, number spelling, unknown
//! members) that a signature covers. A `Document` keeps the received text byte for byte and
//! its parsed form: a compact tree ([`Document::root`], [`Node`]: one arena of values whose
//! strings and numbers are ranges of the text, so a parse makes a fixed handful of
//! allocations), from which the [`serde_json::Value`] is built on first use
//! ([`Document::value`]). The typed model is a view of that value; the RFC 8785 suites read
//! the tree and never build it.
//!
//! Parsing is strict and bounded ([`ParseLimits`]): input larger than `max_bytes`, nesting
//! deeper than `max_depth`, invalid UTF-8, and duplicate object members (which different
//! parsers resolve differently, a classic signature-confusion vector) are errors that name
//! the line and column.
//!
//! ```
//! use openbadges::document::Document;
//!
//! let doc = Document::from_str(r#"{"type": ["VerifiableCredential"], "id": "urn:uuid:1"}"#)?;
//! assert_eq!(doc.value()["id"], "urn:uuid:1");
//! assert!(doc.as_str().starts_with(r#"{"type""#));
//! assert!(Document::from_str(r#"{"id": 1, "id": 2}"#).is_err());
//! # Ok::<(), openbadges::document::ParseError>(())
//! ```

mod parse;
mod tree;

pub(crate) use parse::plain_run;

use std::fmt;
use std::sync::{Arc, OnceLock};

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::map::Entry;
use serde_json::{Map, Value};

pub use tree::{Items, Members, Node, NodeKind};

/// Bounds applied while parsing untrusted JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ParseLimits {
    /// Largest accepted input, in bytes. Default: 16 MiB.
    pub max_bytes: usize,
    /// Deepest accepted nesting of arrays and objects. Default: 100 (at most 127: the JSON
    /// parser's own recursion guard).
    pub max_depth: usize,
}

impl Default for ParseLimits {
    fn default() -> Self {
        ParseLimits {
            max_bytes: 16 * 1024 * 1024,
            max_depth: 100,
        }
    }
}

impl ParseLimits {
    /// Limits with the given maximum size and the default depth.
    pub fn with_max_bytes(max_bytes: usize) -> Self {
        ParseLimits {
            max_bytes,
            ..ParseLimits::default()
        }
    }

    /// These limits with another maximum depth.
    #[must_use]
    pub fn max_depth(mut self, max_depth: usize) -> Self {
        self.max_depth = max_depth;
        self
    }

    /// The depth actually enforced: [`ParseLimits::max_depth`], capped at 127 (serde_json's
    /// recursion guard, which describes a rejected document).
    fn depth(self) -> usize {
        self.max_depth.min(127)
    }
}

/// Why a document could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ParseError {
    /// The input is larger than [`ParseLimits::max_bytes`].
    #[error("input is {size} bytes, more than the limit of {limit} bytes")]
    TooLarge {
        /// Size of the input.
        size: usize,
        /// The limit in force.
        limit: usize,
    },
    /// The input is not valid UTF-8.
    #[error(
        "input is not valid UTF-8: invalid byte at offset {offset} (line {line}, column {column})"
    )]
    InvalidUtf8 {
        /// Byte offset of the first invalid byte.
        offset: usize,
        /// 1-based line of that byte.
        line: usize,
        /// 1-based column (in bytes) of that byte.
        column: usize,
    },
    /// Nesting deeper than [`ParseLimits::max_depth`].
    #[error("nesting deeper than {limit} levels at line {line}, column {column}")]
    TooDeep {
        /// The limit in force.
        limit: usize,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// An object has the same member twice.
    #[error("duplicate member \"{key}\" at line {line}, column {column}")]
    DuplicateKey {
        /// The repeated member name.
        key: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// The input is not JSON.
    #[error("malformed JSON at line {line}, column {column}: {reason}")]
    Syntax {
        /// What the parser said.
        reason: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
}

/// Why a document could not be read from a file or a reader
/// ([`Document::from_path`], [`Document::from_reader`]); the message names the file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReadError {
    /// The file or reader failed.
    #[error("{}: cannot read: {source}", origin(path.as_deref()))]
    Io {
        /// The file, when reading one.
        path: Option<std::path::PathBuf>,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The bytes were read but are not an acceptable document (too large, not UTF-8, too
    /// deep, a duplicate member, not JSON).
    #[error("{}: {source}", origin(path.as_deref()))]
    Parse {
        /// The file, when reading one.
        path: Option<std::path::PathBuf>,
        /// Why parsing failed (with its line and column).
        #[source]
        source: ParseError,
    },
}

impl ReadError {
    /// The file this error is about (`None` for a reader).
    pub fn path(&self) -> Option<&std::path::Path> {
        match self {
            ReadError::Io { path, .. } | ReadError::Parse { path, .. } => path.as_deref(),
        }
    }

    /// The parse error, when the bytes were read but did not parse.
    pub fn parse_error(&self) -> Option<&ParseError> {
        match self {
            ReadError::Parse { source, .. } => Some(source),
            ReadError::Io { .. } => None,
        }
    }
}

fn origin(path: Option<&std::path::Path>) -> String {
    match path {
        Some(path) => path.display().to_string(),
        None => "input".to_owned(),
    }
}

/// A received JSON document: its exact text and its parsed form.
///
/// The parse fills a compact tree ([`Document::root`], [`Node`]): one arena of slots whose
/// strings and numbers point into the text. The [`serde_json::Value`] is built from that
/// tree on the first [`Document::value`] call and kept, so a caller that reads through
/// nodes (the RFC 8785 suites do) never pays for it.
///
/// Cloning is cheap (the text, the tree and the value are shared).
#[derive(Clone)]
pub struct Document {
    inner: Arc<Inner>,
}

/// What a [`Document`] shares between its clones.
pub(crate) struct Inner {
    text: Box<str>,
    /// Parsed up front for received text; for [`Document::from_value`], on first use.
    tree: OnceLock<tree::Tree>,
    value: OnceLock<Value>,
}

impl Inner {
    /// The tree of the text (parsing it now if the document was built from a value).
    fn tree(&self) -> &tree::Tree {
        // serde_json's compact output of a value is JSON without duplicate members; its
        // nesting is whatever the value has (no depth limit here).
        self.tree
            .get_or_init(|| parse::parse(&self.text, usize::MAX).unwrap_or_default())
    }
}

impl fmt::Debug for Inner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Document")
            .field("bytes", &self.text.len())
            .field("nodes", &self.tree().slots.len())
            .finish()
    }
}

impl Inner {
    fn value(&self) -> &Value {
        self.value.get_or_init(|| tree::build_value(self, 0))
    }
}

impl fmt::Debug for Document {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Document")
            .field("bytes", &self.inner.text.len())
            .field("value", self.value())
            .finish()
    }
}

impl PartialEq for Document {
    fn eq(&self, other: &Self) -> bool {
        self.inner.text == other.inner.text
    }
}

impl Document {
    /// Parses bytes with the default [`ParseLimits`].
    ///
    /// # Errors
    /// [`ParseError`] when the input is too large, not UTF-8, too deep, has a duplicate
    /// member, or is not JSON.
    pub fn from_slice(bytes: &[u8]) -> Result<Self, ParseError> {
        Self::from_slice_with(bytes, ParseLimits::default())
    }

    /// Parses bytes with the given limits.
    ///
    /// # Errors
    /// As [`Document::from_slice`].
    pub fn from_slice_with(bytes: &[u8], limits: ParseLimits) -> Result<Self, ParseError> {
        if bytes.len() > limits.max_bytes {
            return Err(ParseError::TooLarge {
                size: bytes.len(),
                limit: limits.max_bytes,
            });
        }
        let text = std::str::from_utf8(bytes).map_err(|e| {
            let offset = e.valid_up_to();
            let (line, column) = line_column(&bytes[..offset]);
            ParseError::InvalidUtf8 {
                offset,
                line,
                column,
            }
        })?;
        Self::parse(text, limits)
    }

    /// Parses text with the default [`ParseLimits`].
    ///
    /// # Errors
    /// As [`Document::from_slice`].
    #[allow(clippy::should_implement_trait)]
    pub fn from_str(text: &str) -> Result<Self, ParseError> {
        Self::from_str_with(text, ParseLimits::default())
    }

    /// Parses text with the given limits.
    ///
    /// # Errors
    /// As [`Document::from_slice`].
    pub fn from_str_with(text: &str, limits: ParseLimits) -> Result<Self, ParseError> {
        if text.len() > limits.max_bytes {
            return Err(ParseError::TooLarge {
                size: text.len(),
                limit: limits.max_bytes,
            });
        }
        Self::parse(text, limits)
    }

    /// Reads and parses a file with the default [`ParseLimits`].
    ///
    /// ```
    /// use openbadges::document::{Document, ReadError};
    ///
    /// let path = std::env::temp_dir().join(format!("ob-doc-{}.json", std::process::id()));
    /// std::fs::write(&path, r#"{"id": "urn:uuid:1"}"#)?;
    /// let doc = Document::from_path(&path)?;
    /// assert_eq!(doc.value()["id"], "urn:uuid:1");
    ///
    /// std::fs::write(&path, r#"{"id": 1, "id": 2}"#)?;
    /// let err = Document::from_path(&path).unwrap_err();
    /// assert!(err.to_string().starts_with(&path.display().to_string()));
    /// assert!(matches!(err, ReadError::Parse { .. }));
    /// # std::fs::remove_file(&path)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`ReadError::Io`] when the file cannot be read, [`ReadError::Parse`] (with
    /// [`ParseError::TooLarge`] before more than `max_bytes + 1` bytes are read) when it does
    /// not parse; both name the file.
    pub fn from_path(path: impl AsRef<std::path::Path>) -> Result<Self, ReadError> {
        Self::from_path_with(path, ParseLimits::default())
    }

    /// Reads and parses a file with the given limits.
    ///
    /// # Errors
    /// As [`Document::from_path`].
    pub fn from_path_with(
        path: impl AsRef<std::path::Path>,
        limits: ParseLimits,
    ) -> Result<Self, ReadError> {
        let path = path.as_ref();
        let file = std::fs::File::open(path).map_err(|source| ReadError::Io {
            path: Some(path.to_owned()),
            source,
        })?;
        // A regular file's size is known: refuse it before reading, with its real size.
        if let Ok(meta) = file.metadata()
            && meta.is_file()
            && meta.len() > limits.max_bytes as u64
        {
            return Err(ReadError::Parse {
                path: Some(path.to_owned()),
                source: ParseError::TooLarge {
                    size: usize::try_from(meta.len()).unwrap_or(usize::MAX),
                    limit: limits.max_bytes,
                },
            });
        }
        read_bounded(file, limits).map_err(|e| e.at(path))
    }

    /// Reads `reader` to its end and parses it with the default [`ParseLimits`]; at most
    /// `max_bytes + 1` bytes are read, so an endless or huge stream is refused without being
    /// buffered (its [`ParseError::TooLarge`] then gives as `size` the bytes read before
    /// stopping, `max_bytes + 1`).
    ///
    /// ```
    /// use openbadges::document::{Document, ParseError, ParseLimits};
    ///
    /// let doc = Document::from_reader(&br#"{"id": "urn:uuid:1"}"#[..])?;
    /// assert_eq!(doc.value()["id"], "urn:uuid:1");
    /// let endless = std::io::repeat(b' ');
    /// let err = Document::from_reader_with(endless, ParseLimits::with_max_bytes(1024)).unwrap_err();
    /// assert!(matches!(err.parse_error(), Some(ParseError::TooLarge { limit: 1024, .. })));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`ReadError::Io`] when the reader fails, [`ReadError::Parse`] when the input does not
    /// parse (its path is `None`).
    pub fn from_reader(reader: impl std::io::Read) -> Result<Self, ReadError> {
        Self::from_reader_with(reader, ParseLimits::default())
    }

    /// Reads `reader` and parses it with the given limits.
    ///
    /// # Errors
    /// As [`Document::from_reader`].
    pub fn from_reader_with(
        reader: impl std::io::Read,
        limits: ParseLimits,
    ) -> Result<Self, ReadError> {
        read_bounded(reader, limits)
    }

    /// Wraps an already-parsed value; the text is its compact serialization.
    ///
    /// Use this for documents built in code (for example by a builder before signing).
    pub fn from_value(value: Value) -> Self {
        Document {
            inner: Arc::new(Inner {
                text: value.to_string().into_boxed_str(),
                tree: OnceLock::new(),
                value: OnceLock::from(value),
            }),
        }
    }

    fn parse(text: &str, limits: ParseLimits) -> Result<Self, ParseError> {
        match parse::parse(text, limits.depth()) {
            Ok(tree) => Ok(Document {
                inner: Arc::new(Inner {
                    text: text.into(),
                    tree: OnceLock::from(tree),
                    value: OnceLock::new(),
                }),
            }),
            Err(rejected) => Err(explain(text, limits, rejected)),
        }
    }

    /// The exact received text.
    pub fn as_str(&self) -> &str {
        &self.inner.text
    }

    /// The exact received bytes.
    pub fn as_bytes(&self) -> &[u8] {
        self.inner.text.as_bytes()
    }

    /// The parsed JSON value (built from the tree on the first call, then kept).
    pub fn value(&self) -> &Value {
        self.inner.value()
    }

    /// The root of the parsed tree: read the document without building its
    /// [`Value`](Document::value).
    pub fn root(&self) -> Node<'_> {
        Node {
            inner: &self.inner,
            index: 0,
        }
    }
}

/// Reads at most `limits.max_bytes + 1` bytes of `reader` and parses them.
fn read_bounded(reader: impl std::io::Read, limits: ParseLimits) -> Result<Document, ReadError> {
    use std::io::Read as _;
    let cap = u64::try_from(limits.max_bytes)
        .unwrap_or(u64::MAX)
        .saturating_add(1);
    let mut bytes = Vec::new();
    reader
        .take(cap)
        .read_to_end(&mut bytes)
        .map_err(|source| ReadError::Io { path: None, source })?;
    if bytes.len() > limits.max_bytes {
        // The real size is unknown past the limit: report what was read.
        return Err(ReadError::Parse {
            path: None,
            source: ParseError::TooLarge {
                size: bytes.len(),
                limit: limits.max_bytes,
            },
        });
    }
    Document::from_slice_with(&bytes, limits)
        .map_err(|source| ReadError::Parse { path: None, source })
}

impl ReadError {
    /// This error, naming `path`.
    fn at(self, path: &std::path::Path) -> Self {
        match self {
            ReadError::Io { source, .. } => ReadError::Io {
                path: Some(path.to_owned()),
                source,
            },
            ReadError::Parse { source, .. } => ReadError::Parse {
                path: Some(path.to_owned()),
                source,
            },
        }
    }
}

/// The exact error for text the tree parser rejected: serde_json's wording and position
/// (the strict `Value` parse this crate has always used), on this cold path only.
fn explain(text: &str, limits: ParseLimits, rejected: parse::Rejected) -> ParseError {
    if let Err(e) = check_depth(text, limits.depth()) {
        return e;
    }
    let mut de = serde_json::Deserializer::from_str(text);
    match StrictValue
        .deserialize(&mut de)
        .and_then(|v| de.end().map(|()| v))
    {
        Err(e) => classify(&e),
        // Only a document larger than the tree's 4 GiB offsets gets here.
        Ok(_) => {
            let (line, column) = line_column(&text.as_bytes()[..rejected.offset.min(text.len())]);
            ParseError::Syntax {
                reason: "the document is too large to index (4 GiB at most)".to_owned(),
                line,
                column,
            }
        }
    }
}

/// 1-based line and column (in bytes) just after `prefix`.
fn line_column(prefix: &[u8]) -> (usize, usize) {
    let line = 1 + prefix.iter().filter(|&&b| b == b'\n').count();
    let column = 1 + prefix.iter().rev().take_while(|&&b| b != b'\n').count();
    (line, column)
}

/// Rejects nesting deeper than `limit` before the recursive parser sees it.
fn check_depth(text: &str, limit: usize) -> Result<(), ParseError> {
    let bytes = text.as_bytes();
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for (i, &b) in bytes.iter().enumerate() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > limit {
                    let (line, column) = line_column(&bytes[..i]);
                    return Err(ParseError::TooDeep {
                        limit,
                        line,
                        column,
                    });
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

const DUPLICATE_MARK: &str = "\u{0}duplicate member:";

fn classify(e: &serde_json::Error) -> ParseError {
    let (line, column) = (e.line(), e.column());
    let message = e.to_string();
    if let Some(rest) = message.strip_prefix(DUPLICATE_MARK) {
        let key = rest.rsplit_once(" at line ").map_or(rest, |(k, _)| k);
        return ParseError::DuplicateKey {
            key: key.to_string(),
            line,
            column,
        };
    }
    let reason = message
        .rsplit_once(" at line ")
        .map_or(message.as_str(), |(r, _)| r)
        .to_string();
    ParseError::Syntax {
        reason,
        line,
        column,
    }
}

/// Deserializes a [`Value`] exactly as serde_json does, but refuses duplicate members.
struct StrictValue;

impl<'de> DeserializeSeed<'de> for StrictValue {
    type Value = Value;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for StrictValue {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(item) = seq.next_element_seed(StrictValue)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            // One lookup per member: the vacant entry receives the value.
            match object.entry(key) {
                Entry::Occupied(entry) => {
                    return Err(de::Error::custom(format_args!(
                        "{DUPLICATE_MARK}{}",
                        entry.key()
                    )));
                }
                Entry::Vacant(entry) => {
                    entry.insert(map.next_value_seed(StrictValue)?);
                }
            }
        }
        Ok(Value::Object(object))
    }
}

/// A member of an object to canonicalize, borrowed either from a [`serde_json::Value`] or
/// from a parsed [`Document`]'s tree: how the verifier hands a received document's members to
/// a canonicalizer (see `proof::Canonicalizer::canonicalize_members`) without building its
/// [`Value`].
#[derive(Clone, Copy, Debug)]
pub enum MemberValue<'a> {
    /// A member of a JSON value.
    Value(&'a Value),
    /// A member of a parsed document, read from its tree.
    Node(Node<'a>),
}

impl<'a> MemberValue<'a> {
    /// The member as a [`Value`]: a node gives its place in the document's value
    /// ([`Document::value`], built on first use and kept).
    pub fn as_value(&self) -> &'a Value {
        match self {
            MemberValue::Value(value) => value,
            MemberValue::Node(node) => node.value(),
        }
    }

    /// The member as a [`Value`] without building the document's: a value is borrowed, a
    /// node's subtree is converted on its own.
    pub fn to_cow(self) -> std::borrow::Cow<'a, Value> {
        match self {
            MemberValue::Value(value) => std::borrow::Cow::Borrowed(value),
            MemberValue::Node(node) => std::borrow::Cow::Owned(node.to_value()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_exact_text() {
        let text = "{ \"b\": 1.0,\n  \"a\": [1, 2] }";
        let doc = Document::from_str(text).unwrap();
        assert_eq!(doc.as_str(), text);
        let keys: Vec<_> = doc.value().as_object().unwrap().keys().collect();
        assert_eq!(keys, ["b", "a"]);
    }

    #[test]
    fn duplicate_member_is_named() {
        let err = Document::from_str("{\"a\": 1,\n \"a\": 2}").unwrap_err();
        assert!(
            matches!(err, ParseError::DuplicateKey { ref key, line: 2, .. } if key == "a"),
            "{err:?}"
        );
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let text = "[".repeat(10_000) + &"]".repeat(10_000);
        let err = Document::from_str(&text).unwrap_err();
        assert!(matches!(err, ParseError::TooDeep { limit: 100, .. }));
    }

    #[test]
    fn invalid_utf8_names_offset() {
        let err = Document::from_slice(b"{\"a\":\n\"\xff\"}").unwrap_err();
        assert_eq!(
            err,
            ParseError::InvalidUtf8 {
                offset: 7,
                line: 2,
                column: 2
            }
        );
    }

    #[test]
    fn syntax_error_has_position() {
        let err = Document::from_str("{\"a\": }").unwrap_err();
        assert!(matches!(err, ParseError::Syntax { line: 1, .. }), "{err:?}");
    }

    #[test]
    fn size_limit() {
        let err =
            Document::from_slice_with(b"[1,2,3]", ParseLimits::with_max_bytes(3)).unwrap_err();
        assert_eq!(err, ParseError::TooLarge { size: 7, limit: 3 });
    }
}
