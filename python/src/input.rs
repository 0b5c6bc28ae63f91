//! Python values handed in as documents: `bytes`, `bytearray` or `str` (the exact text,
//! parsed strictly by the library), or `dict` / `list` trees of JSON values, converted
//! straight into JSON values (no `json.dumps` round trip), bounded in depth like the parser.

use openbadges::report::{JsonPath, PathSegment};
use pyo3::prelude::*;
use pyo3::types::{
    PyBool, PyByteArray, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple,
};
use serde_json::{Map, Number, Value};

use crate::errors;

/// A document as handed in.
pub enum Input {
    /// Text or bytes, to be parsed (strictly, with the library's limits).
    Bytes(Vec<u8>),
    /// A Python object tree, already converted.
    Tree(openbadges::Document),
}

/// Reads `data`: `bytes`, `bytearray` or `str` as text to parse; `dict`, `list` or `tuple`
/// as a JSON tree. Anything else raises `ParseError`.
pub fn read(data: &Bound<'_, PyAny>) -> PyResult<Input> {
    if let Ok(bytes) = data.cast::<PyBytes>() {
        return Ok(Input::Bytes(bytes.as_bytes().to_vec()));
    }
    if let Ok(bytes) = data.cast::<PyByteArray>() {
        return Ok(Input::Bytes(bytes.to_vec()));
    }
    if let Ok(text) = data.cast::<PyString>() {
        return Ok(Input::Bytes(text.to_cow()?.as_bytes().to_vec()));
    }
    if data.is_instance_of::<PyDict>()
        || data.is_instance_of::<PyList>()
        || data.is_instance_of::<PyTuple>()
    {
        let limits = openbadges::ParseLimits::default();
        return to_value(data, limits.max_depth)
            .map(|value| Input::Tree(openbadges::Document::from_value(value)))
            .map_err(|refusal| refusal.into_err(data.py()));
    }
    Err(errors::new(
        data.py(),
        "ParseError",
        format!(
            "expected bytes, str, or a dict or list of JSON values, not {}",
            type_name(data)
        ),
    ))
}

fn type_name(value: &Bound<'_, PyAny>) -> String {
    value
        .get_type()
        .name()
        .map_or_else(|_| "an unknown type".to_owned(), |n| n.to_string())
}

/// Why a tree is not JSON: the reason, and the path to the value, innermost step first
/// (built only on failure, as the error unwinds).
struct Refusal {
    steps: Vec<PathSegment>,
    why: String,
}

impl Refusal {
    fn new(why: impl Into<String>) -> Self {
        Refusal {
            steps: Vec::new(),
            why: why.into(),
        }
    }

    fn at(mut self, step: PathSegment) -> Self {
        self.steps.push(step);
        self
    }

    fn into_err(self, py: Python<'_>) -> PyErr {
        let mut path = JsonPath::root();
        for step in self.steps.into_iter().rev() {
            path = match step {
                PathSegment::Key(key) => path.key(key),
                PathSegment::Index(i) => path.index(i),
            };
        }
        errors::new(py, "ParseError", format!("{path}: {}", self.why))
    }
}

impl From<PyErr> for Refusal {
    fn from(e: PyErr) -> Self {
        Refusal::new(e.to_string())
    }
}

/// Converts a Python object tree into a JSON value; `depth` is how many more levels of
/// arrays and objects are accepted.
fn to_value(value: &Bound<'_, PyAny>, depth: usize) -> Result<Value, Refusal> {
    if let Ok(text) = value.cast::<PyString>() {
        return Ok(Value::String(text.to_cow()?.into_owned()));
    }
    if let Ok(dict) = value.cast::<PyDict>() {
        if depth == 0 {
            return Err(Refusal::new("nested too deeply"));
        }
        let mut map = Map::with_capacity(dict.len());
        for (key, member) in dict.iter() {
            let Ok(key) = key.cast::<PyString>() else {
                return Err(Refusal::new(format!(
                    "an object key must be a str, not {}",
                    type_name(&key)
                )));
            };
            let key = key.to_cow()?.into_owned();
            match to_value(&member, depth - 1) {
                Ok(converted) => {
                    map.insert(key, converted);
                }
                Err(refusal) => return Err(refusal.at(PathSegment::Key(key))),
            }
        }
        return Ok(Value::Object(map));
    }
    if value.is_instance_of::<PyList>() || value.is_instance_of::<PyTuple>() {
        if depth == 0 {
            return Err(Refusal::new("nested too deeply"));
        }
        let mut items = Vec::with_capacity(value.len()?);
        for (i, item) in value.try_iter()?.enumerate() {
            items.push(to_value(&item?, depth - 1).map_err(|r| r.at(PathSegment::Index(i)))?);
        }
        return Ok(Value::Array(items));
    }
    if value.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(flag) = value.cast::<PyBool>() {
        return Ok(Value::Bool(flag.is_true()));
    }
    if value.is_instance_of::<PyInt>() {
        if let Ok(n) = value.extract::<i64>() {
            return Ok(Value::Number(n.into()));
        }
        if let Ok(n) = value.extract::<u64>() {
            return Ok(Value::Number(n.into()));
        }
        return Err(Refusal::new(
            "an integer beyond 64 bits (give the JSON text instead)",
        ));
    }
    if let Ok(float) = value.cast::<PyFloat>() {
        return Number::from_f64(float.value())
            .map(Value::Number)
            .ok_or_else(|| Refusal::new("NaN and infinities are not JSON"));
    }
    Err(Refusal::new(format!(
        "{} is not a JSON value",
        type_name(value)
    )))
}

/// Parses or wraps the input as a document (text parsed strictly: duplicate keys, depth,
/// size).
pub fn document(data: &Bound<'_, PyAny>) -> PyResult<openbadges::Document> {
    match read(data)? {
        Input::Bytes(bytes) => {
            openbadges::Document::from_slice(&bytes).map_err(errors::lib(data.py()))
        }
        Input::Tree(document) => Ok(document),
    }
}

/// The input as text: `str` or UTF-8 `bytes` as given, a JSON tree serialized.
pub fn text(data: &Bound<'_, PyAny>) -> PyResult<String> {
    match read(data)? {
        Input::Bytes(bytes) => String::from_utf8(bytes).map_err(|e| {
            errors::new(
                data.py(),
                "ParseError",
                format!("the input is not UTF-8: {e}"),
            )
        }),
        Input::Tree(document) => Ok(document.value().to_string()),
    }
}

/// The input's bytes: as given, or a JSON tree serialized (resources served by URL).
pub fn bytes(data: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    Ok(match read(data)? {
        Input::Bytes(bytes) => bytes,
        Input::Tree(document) => document.value().to_string().into_bytes(),
    })
}

/// JSON text as a Python object (`json.loads`).
pub fn loads<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    py.import("json")?.getattr("loads")?.call1((text,))
}
