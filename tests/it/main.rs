//! The library's integration tests: one binary, a module per area.

mod bake;
mod crypto;
mod document;
mod interop;
mod issue;
mod jcs;
mod jsonld;
mod model;
mod proof;
mod rdfc;
mod resolve;
mod support;
mod validate;
mod verify;
mod verify_standard;
