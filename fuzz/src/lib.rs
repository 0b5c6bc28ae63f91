//! Bodies of the fuzz targets, as plain functions over the library's public API.
//!
//! The library's integration tests include this file (`tests/it/bake.rs`) and run both
//! functions on the committed fixtures, so the targets always compile against the current
//! API even where no nightly toolchain or libFuzzer is available.

use openbadges::bake::{self, BakedCredential, CredentialSpec, Payload};

/// The 8-byte PNG signature.
const PNG_SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];

/// Unbakes `image` from memory and as a stream, and checks that both agree; then bakes a
/// fixed credential into it and, if that succeeds, checks that it unbakes byte-equal.
fn exercise(image: &[u8]) {
    let from_slice = bake::unbake(image);
    let from_reader = bake::unbake_reader(image);
    assert_eq!(
        from_slice.as_ref().ok(),
        from_reader.as_ref().ok(),
        "slice and stream readers disagree"
    );
    let credential = BakedCredential::new(
        Payload::Json("{\"type\":\"OpenBadgeCredential\",\"x\":\"]]>\"}".to_owned()),
        CredentialSpec::OpenBadge,
    );
    if let Ok(baked) = bake::bake(image, &credential) {
        let back = bake::unbake(&baked).expect("a freshly baked image unbakes");
        assert_eq!(back, credential, "bake/unbake round trip");
    }
}

/// The PNG reader: the input follows a PNG signature, so every run reaches the chunk parser.
pub fn unbake_png(data: &[u8]) {
    let mut image = PNG_SIGNATURE.to_vec();
    image.extend_from_slice(data);
    exercise(&image);
}

/// The SVG reader: the input is the document.
pub fn unbake_svg(data: &[u8]) {
    exercise(data);
}
