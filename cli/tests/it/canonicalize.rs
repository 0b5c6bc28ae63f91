//! Tests of `openbadges canonicalize`.
