//! Tests of `openbadges bake`.
