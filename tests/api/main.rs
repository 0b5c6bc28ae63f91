//! The REST API provider, authorization server and stores (feature `server`): real
//! servers on loopback, both store implementations.

mod store_suite;
mod stores;
