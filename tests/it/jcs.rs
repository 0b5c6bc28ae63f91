//! Integration tests: jcs.
