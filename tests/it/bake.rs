//! Integration tests: bake.
