//! Python values handed in as documents: `bytes`, `str`, or JSON-compatible objects
//! (`dict`, `list`), which are serialized with the standard `json` module first.

use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyString};

use crate::errors;

/// The bytes of a document given as `bytes`, `bytearray`, `str` or a JSON-compatible object.
///
/// An object that `json.dumps` refuses (a set, NaN, a non-string key it cannot coerce)
/// raises `ParseError`.
pub fn document_bytes(data: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    if let Ok(bytes) = data.cast::<PyBytes>() {
        return Ok(bytes.as_bytes().to_vec());
    }
    if let Ok(bytes) = data.cast::<PyByteArray>() {
        return Ok(bytes.to_vec());
    }
    if let Ok(text) = data.cast::<PyString>() {
        return Ok(text.to_cow()?.as_bytes().to_vec());
    }
    Ok(dumps(data)?.into_bytes())
}

/// A document given as text (`str`, or UTF-8 `bytes`), or a JSON-compatible object.
pub fn document_text(data: &Bound<'_, PyAny>) -> PyResult<String> {
    let bytes = document_bytes(data)?;
    String::from_utf8(bytes).map_err(|e| {
        errors::new(
            data.py(),
            "ParseError",
            format!("the input is not UTF-8: {e}"),
        )
    })
}

/// `json.dumps(data, ensure_ascii=False, allow_nan=False)`.
fn dumps(data: &Bound<'_, PyAny>) -> PyResult<String> {
    let py = data.py();
    let kwargs = pyo3::types::PyDict::new(py);
    kwargs.set_item("ensure_ascii", false)?;
    kwargs.set_item("allow_nan", false)?;
    py.import("json")?
        .getattr("dumps")?
        .call((data,), Some(&kwargs))
        .and_then(|text| text.extract::<String>())
        .map_err(|e| {
            errors::new(
                py,
                "ParseError",
                format!("expected bytes, str or a JSON-compatible object: {e}"),
            )
        })
}

/// Parses a document strictly (the library's bounded parser: duplicate keys, depth, size).
pub fn document(data: &Bound<'_, PyAny>) -> PyResult<openbadges::Document> {
    let bytes = document_bytes(data)?;
    openbadges::Document::from_slice(&bytes).map_err(errors::lib(data.py()))
}

/// JSON text as a Python object (`json.loads`).
pub fn loads<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    py.import("json")?.getattr("loads")?.call1((text,))
}
