//! The REST API provider, authorization server and stores (feature `server`): real
//! servers on loopback, both store implementations.

#[cfg(feature = "client")]
mod client;
mod oauth;
mod provider;
mod store_suite;
mod stores;
mod support;
