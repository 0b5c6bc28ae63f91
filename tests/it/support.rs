//! Shared helpers for the integration tests.

use std::path::PathBuf;

/// The crate root.
#[allow(dead_code)]
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/data`: the vendored spec data, conformance vectors and bench fixtures (see its README).
#[allow(dead_code)]
pub fn data() -> PathBuf {
    root().join("tests").join("data")
}
