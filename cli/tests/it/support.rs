//! Helpers: run the built binary.

use std::path::PathBuf;
use std::process::{Command, Output};

/// Runs `openbadges ARGS...` and returns its output.
#[allow(dead_code)]
pub fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_openbadges"))
        .args(args)
        .output()
        .expect("the openbadges binary runs")
}

/// The library crate root (fixtures/, contexts/ live there).
#[allow(dead_code)]
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}
