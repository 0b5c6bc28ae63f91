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
mod support;
mod validate;
mod verify;
