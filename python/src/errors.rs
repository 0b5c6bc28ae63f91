//! The exception hierarchy, and the mapping of the library's errors onto it.
//!
//! ```text
//! openbadges.Error                       every error this module raises
//! ├── openbadges.ParseError              input that is not acceptable JSON (also a ValueError)
//! ├── openbadges.InvalidCredential       issuing refused: the credential fails validation
//! ├── openbadges.InvalidKey              a key that cannot be read or used (also a ValueError)
//! ├── openbadges.UnsupportedError        a suite, key type or form this build does not handle
//! ├── openbadges.CanonicalizationError   JSON-LD, RDFC-1.0 or RFC 8785 could not run
//! ├── openbadges.SigningError            a proof could not be made
//! ├── openbadges.BakeError               an image could not be baked or unbaked
//! └── openbadges.DisclosureError         selective disclosure could not derive
//! ```
//!
//! The classes are defined in Python (so that `ParseError` and `InvalidKey` can also be
//! `ValueError`s) once, when the module is imported.

use std::ffi::CStr;

use pyo3::IntoPyObjectExt;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyType};

/// The classes, defined by [`register`].
static CLASSES: PyOnceLock<Py<PyDict>> = PyOnceLock::new();

const DEFINITIONS: &CStr = cr#"
class Error(Exception):
    """The base class of every error raised by openbadges."""

class ParseError(Error, ValueError):
    """The input is not an acceptable JSON document (syntax, UTF-8, size, depth, duplicate key)."""

class InvalidCredential(Error):
    """Issuing was refused: the credential fails validation; `findings` says why."""
    def __init__(self, message, findings=()):
        super().__init__(message)
        self.findings = list(findings)

class InvalidKey(Error, ValueError):
    """A key that cannot be read, generated or used."""

class UnsupportedError(Error):
    """A cryptosuite, key type or form this build does not handle."""

class CanonicalizationError(Error):
    """JSON-LD expansion, RDFC-1.0 or RFC 8785 canonicalization could not run."""

class SigningError(Error):
    """A proof could not be made."""

class BakeError(Error):
    """An image could not be baked, or no credential could be unbaked from it."""

class DisclosureError(Error):
    """Selective disclosure could not derive a credential or an SD-JWT presentation."""
"#;

/// The names of the classes, as defined above.
pub const NAMES: [&str; 9] = [
    "Error",
    "ParseError",
    "InvalidCredential",
    "InvalidKey",
    "UnsupportedError",
    "CanonicalizationError",
    "SigningError",
    "BakeError",
    "DisclosureError",
];

/// Defines the classes and adds them to the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    let namespace = PyDict::new(py);
    namespace.set_item("__name__", "openbadges")?;
    py.run(DEFINITIONS, Some(&namespace), None)?;
    for name in NAMES {
        let class = namespace
            .get_item(name)?
            .ok_or_else(|| pyo3::exceptions::PyRuntimeError::new_err(name))?;
        m.add(name, class)?;
    }
    // A second import in another interpreter keeps the first definition (abi3 modules are
    // single-phase initialised: one interpreter).
    let _ = CLASSES.set(py, namespace.unbind());
    Ok(())
}

/// The class `name`.
fn class<'py>(py: Python<'py>, name: &str) -> Bound<'py, PyType> {
    let found = CLASSES
        .get(py)
        .and_then(|classes| classes.bind(py).get_item(name).ok().flatten())
        .and_then(|class| class.cast_into::<PyType>().ok());
    match found {
        Some(class) => class,
        // Only reachable if the module failed to initialise; still an exception, not a crash.
        None => py.get_type::<pyo3::exceptions::PyRuntimeError>(),
    }
}

/// An exception of class `name` with `message`.
pub fn new(py: Python<'_>, name: &str, message: impl Into<String>) -> PyErr {
    PyErr::from_type(class(py, name), message.into())
}

/// `InvalidCredential(message, findings)`.
pub fn invalid_credential(py: Python<'_>, message: String, findings: Vec<Py<PyAny>>) -> PyErr {
    match class(py, "InvalidCredential").call1((message.clone(), findings)) {
        Ok(instance) => PyErr::from_value(instance),
        Err(e) => e,
    }
}

/// The exception for an error of the library.
pub fn from_library(py: Python<'_>, error: openbadges::Error) -> PyErr {
    use openbadges::Error as E;
    let message = error.to_string();
    let name = match &error {
        E::Parse(_) | E::Read(_) => "ParseError",
        E::Issue(openbadges::issue::IssueError::Invalid { report }) => {
            let findings = report
                .findings()
                .iter()
                .filter_map(|f| crate::report::PyFinding::from(f).into_py_any(py).ok())
                .collect();
            return invalid_credential(py, message, findings);
        }
        E::Issue(
            openbadges::issue::IssueError::Suite { .. }
            | openbadges::issue::IssueError::NoCryptosuite { .. }
            | openbadges::issue::IssueError::Sd(openbadges::sd::SdError::Algorithm { .. }),
        ) => "UnsupportedError",
        E::Issue(openbadges::issue::IssueError::JsonLd(_)) => "CanonicalizationError",
        E::Issue(_) | E::Sign(_) | E::Proof(_) | E::IssueJwt(_) => "SigningError",
        E::Key(_) | E::Multibase(_) => "InvalidKey",
        E::Canon(_) | E::NQuads(_) | E::Jcs(_) | E::JsonLd(_) | E::Canonicalize(_) => {
            "CanonicalizationError"
        }
        E::Bake(_) | E::Unbake(_) | E::Png(_) | E::Svg(_) | E::BakedCredential(_) => "BakeError",
        E::Sd(_) | E::SdJwt(_) | E::Cbor(_) => "DisclosureError",
        _ => "Error",
    };
    new(py, name, message)
}

/// Converts a library error (anything `openbadges::Error` converts) into the exception.
pub fn lib<E: Into<openbadges::Error>>(py: Python<'_>) -> impl FnOnce(E) -> PyErr + '_ {
    move |e| from_library(py, e.into())
}
