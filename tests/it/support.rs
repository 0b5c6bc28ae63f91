//! Shared helpers for the integration tests.

use std::path::PathBuf;

/// The crate root.
#[allow(dead_code)]
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared` beside the crate (the spec data and conformance vectors).
#[allow(dead_code)]
pub fn shared() -> PathBuf {
    root().join("..").join("shared")
}
