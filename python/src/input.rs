//! Python values handed in as documents: `bytes`, `bytearray` or `str` (the exact text,
//! parsed strictly by the library), or `dict` / `list` trees of JSON values, converted
//! straight into JSON values (no `json.dumps` round trip), bounded in depth like the parser.

use openbadges::report::JsonPath;
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
        return to_value(data, &JsonPath::root(), limits.max_depth)
            .map(|value| Input::Tree(openbadges::Document::from_value(value)));
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

/// Converts a Python object tree into a JSON value; `depth` is how many more levels of
/// arrays and objects are accepted. Errors name the JSON path of the offending value.
fn to_value(value: &Bound<'_, PyAny>, path: &JsonPath, depth: usize) -> PyResult<Value> {
    let py = value.py();
    let refuse = |why: String| errors::new(py, "ParseError", format!("{path}: {why}"));
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
        return Err(refuse(
            "an integer beyond 64 bits (give the JSON text instead)".into(),
        ));
    }
    if let Ok(float) = value.cast::<PyFloat>() {
        return Number::from_f64(float.value())
            .map(Value::Number)
            .ok_or_else(|| refuse("NaN and infinities are not JSON".into()));
    }
    if let Ok(text) = value.cast::<PyString>() {
        return Ok(Value::String(text.to_cow()?.into_owned()));
    }
    if depth == 0 {
        return Err(refuse("nested too deeply".into()));
    }
    if let Ok(dict) = value.cast::<PyDict>() {
        let mut map = Map::with_capacity(dict.len());
        for (key, member) in dict.iter() {
            let Ok(key) = key.cast::<PyString>() else {
                return Err(refuse(format!(
                    "an object key must be a str, not {}",
                    type_name(&key)
                )));
            };
            let key = key.to_cow()?.into_owned();
            let converted = to_value(&member, &path.clone().key(key.as_str()), depth - 1)?;
            map.insert(key, converted);
        }
        return Ok(Value::Object(map));
    }
    if value.is_instance_of::<PyList>() || value.is_instance_of::<PyTuple>() {
        let mut items = Vec::with_capacity(value.len()?);
        for (i, item) in value.try_iter()?.enumerate() {
            items.push(to_value(&item?, &path.clone().index(i), depth - 1)?);
        }
        return Ok(Value::Array(items));
    }
    Err(refuse(format!("{} is not a JSON value", type_name(value))))
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
