//! Tests of `openbadges keygen`.
