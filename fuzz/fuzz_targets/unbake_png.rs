//! Fuzz target: PNG unbaking (and baking into whatever parsed).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| openbadges_fuzz::unbake_png(data));
