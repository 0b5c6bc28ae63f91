//! Fuzz target: SVG unbaking (and baking into whatever parsed).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| openbadges_fuzz::unbake_svg(data));
