//! Integration tests of the `openbadges` binary: one binary, a module per command.

mod bake;
mod browser;
mod canonicalize;
mod explain;
mod interop;
mod issue;
mod keygen;
mod present;
mod sd;
#[cfg(feature = "server")]
mod serve;
mod support;
mod validate;
mod verify;
