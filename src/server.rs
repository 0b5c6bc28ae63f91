//! The OB 3.0 / CLR 2.0 REST API provider (feature `server`): storage ([`store`]).
//!
//! See the crate README, "REST API", for the contract.

pub mod store;
