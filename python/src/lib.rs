//! The Python module `openbadges`: Open Badges 3.0 and CLR 2.0 verifiable credentials —
//! validate, verify (offline, with a per-check report), issue, canonicalize, bake, and
//! selective disclosure — over the Rust library of the same name.
//!
//! Every function that does real work releases the GIL while it runs, so Python threads
//! verify in parallel; `verify_many` spreads a list over every core itself. Errors are
//! Python exceptions of one hierarchy (`openbadges.Error`, see `errors`); a credential that
//! fails its checks is not an exception but a `Report` whose findings say why.

#![forbid(unsafe_code)]

mod aliases;
mod errors;
mod input;
mod keys;
mod report;
mod tools;
mod verify;

use pyo3::prelude::*;

/// Open Badges 3.0 and CLR 2.0 verifiable credentials, over the Rust crate `openbadges`:
/// validate, verify (offline, every check reported), issue with Data Integrity proofs,
/// canonicalize (RDFC-1.0, RFC 8785), bake into PNG / SVG images, and disclose selectively
/// (ecdsa-sd-2023, SD-JWT). The GIL is released while verifying.
#[pymodule]
fn openbadges(m: &Bound<'_, PyModule>) -> PyResult<()> {
    errors::register(m)?;
    aliases::register(m)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<report::PyReport>()?;
    m.add_class::<report::PyFinding>()?;
    m.add_class::<report::PyCheck>()?;
    m.add_class::<verify::PyVerifier>()?;
    m.add_class::<keys::PySecretKey>()?;
    m.add_class::<keys::PyIssuer>()?;
    m.add_function(wrap_pyfunction!(verify::validate, m)?)?;
    m.add_function(wrap_pyfunction!(verify::verify, m)?)?;
    m.add_function(wrap_pyfunction!(verify::verify_many, m)?)?;
    m.add_function(wrap_pyfunction!(verify::verify_loop, m)?)?;
    m.add_function(wrap_pyfunction!(tools::canonicalize, m)?)?;
    m.add_function(wrap_pyfunction!(tools::bake, m)?)?;
    m.add_function(wrap_pyfunction!(tools::unbake, m)?)?;
    m.add_function(wrap_pyfunction!(tools::derive, m)?)?;
    Ok(())
}
