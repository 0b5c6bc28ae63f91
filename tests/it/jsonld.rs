//! Integration tests: jsonld.
