//! Integration tests: rdfc.
