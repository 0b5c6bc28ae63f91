//! Tests of `openbadges validate`.
