//! The library's integration tests: one binary, a module per area.

mod bake;
mod crypto;
#[cfg(all(feature = "ed25519", feature = "ecdsa"))]
mod did;
mod document;
#[cfg(feature = "ecdsa")]
mod ecdsa_sd;
mod explain;
mod interop;
mod issue;
mod jcs;
#[cfg(all(feature = "ed25519", feature = "ecdsa", feature = "rsa"))]
mod jose;
mod jsonld;
mod model;
#[cfg(feature = "http")]
mod online;
mod present;
mod proof;
mod rdfc;
mod resolve;
#[cfg(all(feature = "ed25519", feature = "ecdsa"))]
mod sd_jwt;
mod support;
mod validate;
mod vcdm;
mod verify;
mod verify_async;
mod verify_standard;
