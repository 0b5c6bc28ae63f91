//! Integration tests: document.
