//! Findings and reports: the common output of validation and verification.
//!
//! A credential that fails a check is not an `Err`: the operation ran, and its [`Report`]
//! says why the credential is not acceptable. Every [`Finding`] carries a stable machine
//! [`code`](Finding::code) (for example `schema.required` or `proof.signature`), a
//! [`Severity`], the [`JsonPath`] of the place it is about, and a human message.
//!
//! ```
//! use openbadges::report::{Finding, JsonPath, Report, Severity};
//!
//! let mut report = Report::new();
//! let path = JsonPath::root().key("credentialSubject").key("achievement");
//! report.push(Finding::error("model.required", path, "`achievement` is required"));
//! assert!(!report.is_valid());
//! assert_eq!(report.findings()[0].path.to_string(), "$.credentialSubject.achievement");
//! ```

use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Serialize};

/// How much a finding matters.
///
/// Ordered from least to most severe, so `max()` over findings gives the worst one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; never affects the verdict.
    Info,
    /// Questionable but acceptable (for example legacy VCDM 1.1 data).
    Warning,
    /// The credential is not acceptable.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// One step of a [`JsonPath`]: an object member or an array index.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum PathSegment {
    /// An object member name.
    Key(String),
    /// An array index.
    Index(usize),
}

/// The location of a value inside a JSON document, printed as `$.a.b[0]['@context']`.
///
/// Member names that are plain identifiers print with a dot; any other name prints in
/// bracket notation with single quotes (`'` and `\` escaped with a backslash).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct JsonPath(Vec<PathSegment>);

/// One step down from a JSON value to a child, borrowed: a member name or an item
/// position (a cheap form of a [`JsonPath`] segment, converted only when a path is needed).
#[derive(Clone, Copy, Debug)]
pub(crate) enum Step<'a> {
    /// The member with this name.
    Key(&'a str),
    /// The item at this position.
    Index(usize),
}

/// The entries of a one-or-many member `value` at `path` (each item of an array with its
/// index, or the value itself), with their paths.
pub(crate) fn one_or_many<'v>(
    value: &'v serde_json::Value,
    path: &JsonPath,
) -> Vec<(&'v serde_json::Value, JsonPath)> {
    match value {
        serde_json::Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| (v, path.clone().index(i)))
            .collect(),
        other => vec![(other, path.clone())],
    }
}

impl JsonPath {
    /// The whole document (`$`).
    pub fn root() -> Self {
        JsonPath(Vec::new())
    }

    /// The path of `steps`, outermost first.
    pub(crate) fn from_steps<'a>(steps: impl IntoIterator<Item = Step<'a>>) -> Self {
        let mut path = JsonPath::root();
        for step in steps {
            match step {
                Step::Key(k) => path.push_key(k),
                Step::Index(i) => path.push_index(i),
            }
        }
        path
    }

    /// This path extended by an object member.
    #[must_use]
    pub fn key(mut self, name: impl Into<String>) -> Self {
        self.0.push(PathSegment::Key(name.into()));
        self
    }

    /// This path extended by an array index.
    #[must_use]
    pub fn index(mut self, index: usize) -> Self {
        self.0.push(PathSegment::Index(index));
        self
    }

    /// Appends an object member in place.
    pub fn push_key(&mut self, name: impl Into<String>) {
        self.0.push(PathSegment::Key(name.into()));
    }

    /// Appends an array index in place.
    pub fn push_index(&mut self, index: usize) {
        self.0.push(PathSegment::Index(index));
    }

    /// `rel` (a path relative to the value at `self`) as a path from the root.
    #[must_use]
    pub fn join(&self, rel: &JsonPath) -> JsonPath {
        let mut out = self.clone();
        out.0.extend(rel.0.iter().cloned());
        out
    }

    /// Removes the last segment, if any.
    pub fn pop(&mut self) -> Option<PathSegment> {
        self.0.pop()
    }

    /// The segments from the root down.
    pub fn segments(&self) -> &[PathSegment] {
        &self.0
    }

    /// This path as an RFC 6901 JSON Pointer (`/credentialSubject/achievement`).
    pub fn to_pointer(&self) -> String {
        let mut out = String::new();
        for segment in &self.0 {
            out.push('/');
            match segment {
                PathSegment::Key(k) => out.push_str(&k.replace('~', "~0").replace('/', "~1")),
                PathSegment::Index(i) => out.push_str(&i.to_string()),
            }
        }
        out
    }

    /// Parses the path from an RFC 6901 JSON Pointer.
    ///
    /// Segments made only of ASCII digits become array indexes; everything else is a key.
    pub fn from_pointer(pointer: &str) -> Self {
        let mut path = JsonPath::root();
        for raw in pointer.split('/').skip(1) {
            let key = raw.replace("~1", "/").replace("~0", "~");
            match key.parse::<usize>() {
                Ok(i) if !key.is_empty() && key.bytes().all(|b| b.is_ascii_digit()) => {
                    path.push_index(i)
                }
                _ => path.push_key(key),
            }
        }
        path
    }
}

fn is_plain_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}

impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("$")?;
        for segment in &self.0 {
            match segment {
                PathSegment::Key(k) if is_plain_name(k) => write!(f, ".{k}")?,
                PathSegment::Key(k) => {
                    write!(f, "['{}']", k.replace('\\', "\\\\").replace('\'', "\\'"))?
                }
                PathSegment::Index(i) => write!(f, "[{i}]")?,
            }
        }
        Ok(())
    }
}

impl Serialize for JsonPath {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for JsonPath {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        parse_display_path(&text).ok_or_else(|| serde::de::Error::custom("invalid JSON path"))
    }
}

/// Parses the `Display` form back into a path (`$`, `.name`, `[3]`, `['name']`).
fn parse_display_path(text: &str) -> Option<JsonPath> {
    let mut rest = text.strip_prefix('$')?;
    let mut path = JsonPath::root();
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('.') {
            let end = after.find(['.', '[']).unwrap_or(after.len());
            path.push_key(&after[..end]);
            rest = &after[end..];
        } else if let Some(after) = rest.strip_prefix("['") {
            let mut key = String::new();
            let mut chars = after.char_indices();
            let end = loop {
                match chars.next()? {
                    (_, '\\') => key.push(chars.next()?.1),
                    (i, '\'') => break i,
                    (_, c) => key.push(c),
                }
            };
            rest = after[end..].strip_prefix("']")?;
            path.push_key(key);
        } else {
            let after = rest.strip_prefix('[')?;
            let end = after.find(']')?;
            path.push_index(after[..end].parse().ok()?);
            rest = &after[end + 1..];
        }
    }
    Some(path)
}

/// One result of a check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Finding {
    /// Stable machine code, `area.reason` (for example `schema.required`, `validity.expired`).
    pub code: Cow<'static, str>,
    /// How much it matters.
    pub severity: Severity,
    /// Where in the document it is.
    pub path: JsonPath,
    /// What is wrong, for a person.
    pub message: String,
}

impl Finding {
    /// A finding with the given severity.
    pub fn new(
        code: impl Into<Cow<'static, str>>,
        severity: Severity,
        path: JsonPath,
        message: impl Into<String>,
    ) -> Self {
        Finding {
            code: code.into(),
            severity,
            path,
            message: message.into(),
        }
    }

    /// An [`Severity::Error`] finding.
    pub fn error(
        code: impl Into<Cow<'static, str>>,
        path: JsonPath,
        message: impl Into<String>,
    ) -> Self {
        Finding::new(code, Severity::Error, path, message)
    }

    /// A [`Severity::Warning`] finding.
    pub fn warning(
        code: impl Into<Cow<'static, str>>,
        path: JsonPath,
        message: impl Into<String>,
    ) -> Self {
        Finding::new(code, Severity::Warning, path, message)
    }

    /// An [`Severity::Info`] finding.
    pub fn info(
        code: impl Into<Cow<'static, str>>,
        path: JsonPath,
        message: impl Into<String>,
    ) -> Self {
        Finding::new(code, Severity::Info, path, message)
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} [{}] at {}: {}",
            self.severity, self.code, self.path, self.message
        )
    }
}

/// The findings of one check run over one document.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    findings: Vec<Finding>,
}

impl Report {
    /// An empty report (valid).
    pub fn new() -> Self {
        Report::default()
    }

    /// Adds a finding.
    pub fn push(&mut self, finding: Finding) {
        self.findings.push(finding);
    }

    /// Adds every finding of another report.
    pub fn extend(&mut self, other: impl IntoIterator<Item = Finding>) {
        self.findings.extend(other);
    }

    /// All findings, in the order the checks produced them.
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// The findings with [`Severity::Error`].
    pub fn errors(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
    }

    /// True when no finding is an error.
    pub fn is_valid(&self) -> bool {
        self.errors().next().is_none()
    }

    /// True when some finding has this code.
    pub fn has_code(&self, code: &str) -> bool {
        self.findings.iter().any(|f| f.code == code)
    }

    /// The worst severity present, if any finding exists.
    pub fn worst(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }
}

impl IntoIterator for Report {
    type Item = Finding;
    type IntoIter = std::vec::IntoIter<Finding>;
    fn into_iter(self) -> Self::IntoIter {
        self.findings.into_iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_display_and_parse_round_trip() {
        let path = JsonPath::root()
            .key("@context")
            .index(2)
            .key("credentialSubject")
            .key("it's");
        let text = path.to_string();
        assert_eq!(text, "$['@context'][2].credentialSubject['it\\'s']");
        assert_eq!(parse_display_path(&text), Some(path.clone()));
        assert_eq!(JsonPath::from_pointer(&path.to_pointer()), path);
    }
}
