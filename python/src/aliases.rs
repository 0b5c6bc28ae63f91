//! The type aliases of the stub (`Data`, `Verdict`, ...), defined at run time too, so that
//! annotations such as `list[openbadges.Data]` evaluate.

use std::ffi::CStr;

use pyo3::prelude::*;
use pyo3::types::PyDict;

const DEFINITIONS: &CStr = cr#"
from typing import Any, Literal, Union

Data = Union[bytes, bytearray, str, dict[str, Any], list[Any], tuple[Any, ...]]
Verdict = Literal["valid", "invalid", "indeterminate"]
Severity = Literal["error", "warning", "info"]
CheckStatus = Literal["passed", "failed", "indeterminate", "skipped"]
Suite = Literal["eddsa-rdfc-2022", "eddsa-jcs-2022", "ecdsa-rdfc-2019", "ecdsa-jcs-2019", "ecdsa-sd-2023"]
KeyType = Literal["ed25519", "p256", "p384"]
"#;

const NAMES: [&str; 6] = [
    "Data",
    "Verdict",
    "Severity",
    "CheckStatus",
    "Suite",
    "KeyType",
];

/// Defines the aliases on the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let namespace = PyDict::new(m.py());
    m.py().run(DEFINITIONS, Some(&namespace), None)?;
    for name in NAMES {
        if let Some(alias) = namespace.get_item(name)? {
            m.add(name, alias)?;
        }
    }
    Ok(())
}
