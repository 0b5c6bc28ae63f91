//! Integration tests: bake (credentials in PNG and SVG images).

use std::io::{Cursor, Read};
use std::path::PathBuf;

use openbadges::bake::{
    self, BakeError, BakedCredential, CredentialError, CredentialSpec, Duplicates, Format, Limits,
    Location, Payload, PngError, SvgError, UnbakeError, UnbakeOptions,
};
use proptest::prelude::*;

use crate::support;

/// The fuzz targets' bodies (fuzz/src/lib.rs), compiled here so they track the API.
#[path = "../../fuzz/src/lib.rs"]
mod fuzz_bodies;

fn fixture(name: &str) -> Vec<u8> {
    let path: PathBuf = support::root().join("fixtures/baked").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn fixture_text(name: &str) -> String {
    String::from_utf8(fixture(name)).expect("UTF-8 fixture")
}

fn json_credential() -> BakedCredential {
    BakedCredential::json(fixture_text("ob3-simple.json")).expect("OB credential")
}

fn jws_credential() -> BakedCredential {
    BakedCredential::jws(fixture_text("ob3-simple.jwt")).expect("OB JWS")
}

/// A PNG chunk with its CRC.
fn chunk(ty: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = (data.len() as u32).to_be_bytes().to_vec();
    out.extend_from_slice(ty);
    out.extend_from_slice(data);
    let crc = crc32fast::hash(&out[4..]);
    out.extend_from_slice(&crc.to_be_bytes());
    out
}

/// An iTXt chunk's data.
fn itxt(keyword: &str, flag: u8, text: &[u8]) -> Vec<u8> {
    let mut data = keyword.as_bytes().to_vec();
    data.extend_from_slice(&[0, flag, 0, 0, 0]);
    data.extend_from_slice(text);
    data
}

/// The chunks of a PNG as (type, data, whole chunk bytes).
fn chunks(png: &[u8]) -> Vec<(String, Vec<u8>, Vec<u8>)> {
    let mut out = Vec::new();
    let mut pos = 8;
    while pos < png.len() {
        let len = u32::from_be_bytes(png[pos..pos + 4].try_into().unwrap()) as usize;
        let ty = String::from_utf8(png[pos + 4..pos + 8].to_vec()).unwrap();
        let data = png[pos + 8..pos + 8 + len].to_vec();
        out.push((ty.clone(), data, png[pos..pos + 12 + len].to_vec()));
        pos += 12 + len;
        if ty == "IEND" {
            break;
        }
    }
    out
}

/// Decodes a PNG with the `png` crate: pixels and the iTXt chunks it saw.
fn decode(png_bytes: &[u8]) -> (Vec<u8>, Vec<(String, String)>) {
    let mut reader = png::Decoder::new(Cursor::new(png_bytes))
        .read_info()
        .expect("png crate reads the header");
    let mut buf = vec![0; reader.output_buffer_size().expect("buffer size")];
    let info = reader.next_frame(&mut buf).expect("png crate decodes");
    buf.truncate(info.buffer_size());
    reader.finish().expect("png crate reads to IEND");
    let texts = reader
        .info()
        .utf8_text
        .iter()
        .map(|t| (t.keyword.clone(), t.get_text().expect("text")))
        .collect();
    (buf, texts)
}

fn credential_chunk_count(png: &[u8]) -> usize {
    chunks(png)
        .iter()
        .filter(|(ty, data, _)| {
            ty == "iTXt"
                && (data.starts_with(b"openbadgecredential\0")
                    || data.starts_with(b"clrcredential\0"))
        })
        .count()
}

// ---------------------------------------------------------------- fixtures by another tool

#[test]
fn unbakes_pypng_json_png_byte_equal() {
    let cred = bake::unbake(&fixture("ob3-simple-json.pypng.png")).unwrap();
    assert_eq!(cred.as_str().as_bytes(), fixture("ob3-simple.json"));
    assert!(matches!(cred.payload(), Payload::Json(_)));
    assert_eq!(cred.kind(), CredentialSpec::OpenBadge);
}

#[test]
fn unbakes_pypng_jws_png_byte_equal() {
    let cred = bake::unbake(&fixture("ob3-simple-jwt.pypng.png")).unwrap();
    assert_eq!(cred.as_str().as_bytes(), fixture("ob3-simple.jwt"));
    assert!(matches!(cred.payload(), Payload::Jws(_)));
}

#[test]
fn unbakes_pypng_clr_png_byte_equal() {
    let cred = bake::unbake(&fixture("clr2-simple-json.pypng.png")).unwrap();
    assert_eq!(cred.as_str().as_bytes(), fixture("clr2-simple.json"));
    assert_eq!(cred.kind(), CredentialSpec::Clr);
}

#[test]
fn unbakes_python_json_svg_byte_equal() {
    let cred = bake::unbake(&fixture("ob3-simple-json.py.svg")).unwrap();
    assert_eq!(cred.as_str().as_bytes(), fixture("ob3-simple.json"));
    assert!(matches!(cred.payload(), Payload::Json(_)));
    assert_eq!(cred.kind(), CredentialSpec::OpenBadge);
}

#[test]
fn unbakes_python_jws_svg_with_other_prefix_byte_equal() {
    let cred = bake::unbake(&fixture("ob3-simple-jwt.py.svg")).unwrap();
    assert_eq!(cred.as_str().as_bytes(), fixture("ob3-simple.jwt"));
    assert!(matches!(cred.payload(), Payload::Jws(_)));
}

#[test]
fn unbake_reader_matches_unbake_on_every_fixture() {
    for name in [
        "ob3-simple-json.pypng.png",
        "ob3-simple-jwt.pypng.png",
        "clr2-simple-json.pypng.png",
        "ob3-simple-json.py.svg",
        "ob3-simple-jwt.py.svg",
    ] {
        let bytes = fixture(name);
        let from_reader = bake::unbake_reader(&bytes[..]).unwrap();
        assert_eq!(from_reader, bake::unbake(&bytes).unwrap(), "{name}");
    }
}

// ---------------------------------------------------------------- kinds and detection

#[test]
fn errors_are_send_sync_static() {
    fn check<T: std::error::Error + Send + Sync + 'static>() {}
    check::<BakeError>();
    check::<UnbakeError>();
    check::<CredentialError>();
    check::<PngError>();
    check::<SvgError>();
}

#[test]
fn png_jws_with_a_final_newline_is_kept_exactly() {
    let text = format!("{}\n", fixture_text("ob3-simple.jwt"));
    let png = png_with(&[chunk(
        b"iTXt",
        &itxt("openbadgecredential", 0, text.as_bytes()),
    )]);
    let cred = bake::unbake(&png).unwrap();
    assert!(matches!(cred.payload(), Payload::Jws(_)));
    assert_eq!(cred.as_str(), text);
}

#[test]
fn detects_formats() {
    assert_eq!(Format::detect(&fixture("badge.png")), Some(Format::Png));
    assert_eq!(Format::detect(b"\xEF\xBB\xBF\n <svg/>"), Some(Format::Svg));
    assert_eq!(Format::detect(b"{\"a\": 1}"), None);
    assert_eq!(Format::detect(b""), None);
}

#[test]
fn detects_kind_from_json_and_jws() {
    assert_eq!(json_credential().kind(), CredentialSpec::OpenBadge);
    assert_eq!(jws_credential().kind(), CredentialSpec::OpenBadge);
    let clr = BakedCredential::json(fixture_text("clr2-simple.json")).unwrap();
    assert_eq!(clr.kind(), CredentialSpec::Clr);
    let detected = BakedCredential::detect(fixture_text("ob3-simple.jwt")).unwrap();
    assert!(matches!(detected.payload(), Payload::Jws(_)));
}

#[test]
fn unknown_kind_and_bad_text_are_refused_but_kind_can_be_set() {
    let plain = r#"{"type": ["VerifiableCredential"]}"#;
    assert!(matches!(
        BakedCredential::json(plain),
        Err(CredentialError::UnknownKind)
    ));
    assert!(matches!(
        BakedCredential::json(r#"{"type": 1, "type": 2}"#),
        Err(CredentialError::Json(_))
    ));
    assert!(matches!(
        BakedCredential::jws("not a jws"),
        Err(CredentialError::NotJws { .. })
    ));
    let forced = BakedCredential::new(Payload::Json(plain.into()), CredentialSpec::Clr);
    let baked = bake::bake(&fixture("badge.png"), &forced).unwrap();
    let back = bake::unbake(&baked).unwrap();
    assert_eq!(back.kind(), CredentialSpec::Clr);
    assert_eq!(back.as_str(), plain);
    let overridden = json_credential().with_kind(CredentialSpec::Clr);
    assert_eq!(overridden.kind(), CredentialSpec::Clr);
}

// ---------------------------------------------------------------- PNG round trips

#[test]
fn png_round_trip_json_and_jws_keeps_pixels_and_chunks() {
    let base = fixture("badge.png");
    let (pixels, texts) = decode(&base);
    assert!(texts.is_empty());
    for cred in [json_credential(), jws_credential()] {
        let baked = bake::bake(&base, &cred).unwrap();
        let back = bake::unbake(&baked).unwrap();
        assert_eq!(back.as_str().as_bytes(), cred.as_str().as_bytes());
        assert_eq!(back, cred);
        // The png crate decodes the same pixels and sees the credential chunk.
        let (baked_pixels, baked_texts) = decode(&baked);
        assert_eq!(baked_pixels, pixels);
        assert_eq!(
            baked_texts,
            vec![("openbadgecredential".to_owned(), cred.as_str().to_owned())]
        );
        // Every original chunk is kept byte for byte and in order; the new one follows IHDR.
        let before = chunks(&base);
        let after = chunks(&baked);
        assert_eq!(after.len(), before.len() + 1);
        assert_eq!(after[0].2, before[0].2);
        assert_eq!(after[1].0, "iTXt");
        assert_eq!(
            after[1].1,
            itxt("openbadgecredential", 0, cred.as_str().as_bytes())
        );
        for (a, b) in after[2..].iter().zip(&before[1..]) {
            assert_eq!(a.2, b.2);
        }
    }
}

#[test]
fn png_rebake_replaces_the_credential_chunk() {
    let once = bake::bake(&fixture("badge.png"), &json_credential()).unwrap();
    let twice = bake::bake(&once, &json_credential()).unwrap();
    assert_eq!(once, twice);
    let other = bake::bake(&once, &jws_credential()).unwrap();
    assert_eq!(credential_chunk_count(&other), 1);
    assert_eq!(bake::unbake(&other).unwrap(), jws_credential());
    // A CLR credential replaces an OB one too: one credential per image.
    let clr = BakedCredential::json(fixture_text("clr2-simple.json")).unwrap();
    let clr_png = bake::bake(&once, &clr).unwrap();
    assert_eq!(credential_chunk_count(&clr_png), 1);
    assert_eq!(bake::unbake(&clr_png).unwrap(), clr);
}

#[test]
fn png_rebake_of_pypng_fixture_replaces_in_place() {
    let pypng = fixture("ob3-simple-json.pypng.png");
    let rebaked = bake::bake(&pypng, &json_credential()).unwrap();
    assert_eq!(
        rebaked, pypng,
        "same credential, same layout: identical bytes"
    );
}

#[test]
fn png_bake_moves_a_credential_chunk_found_after_idat() {
    let base = fixture("badge.png");
    let c = chunks(&base);
    let late = chunk(b"iTXt", &itxt("openbadgecredential", 0, b"{\"old\":1}"));
    let mut png = base[..8].to_vec();
    for (ty, _, bytes) in &c {
        if ty == "IEND" {
            png.extend_from_slice(&late);
        }
        png.extend_from_slice(bytes);
    }
    png.extend_from_slice(b"trailing bytes kept");
    let baked = bake::bake(&png, &json_credential()).unwrap();
    let after = chunks(&baked);
    let types: Vec<&str> = after.iter().map(|(t, _, _)| t.as_str()).collect();
    assert_eq!(types, ["IHDR", "iTXt", "IDAT", "IEND"]);
    assert!(baked.ends_with(b"trailing bytes kept"));
    assert_eq!(bake::unbake(&baked).unwrap(), json_credential());
}

#[test]
fn png_unbake_reader_first_wins_stops_after_the_credential_chunk() {
    struct Counting<'a> {
        inner: &'a [u8],
        read: usize,
    }
    impl Read for Counting<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.inner.read(buf)?;
            self.read += n;
            Ok(n)
        }
    }
    let baked = bake::bake(&fixture("badge.png"), &json_credential()).unwrap();
    let mut counting = Counting {
        inner: &baked,
        read: 0,
    };
    let options = UnbakeOptions::default().duplicates(Duplicates::FirstWins);
    let cred = bake::unbake_reader_with(&mut counting, &options).unwrap();
    assert_eq!(cred, json_credential());
    let credential_end = 8 + chunks(&baked)[..2].iter().map(|c| c.2.len()).sum::<usize>();
    assert!(
        counting.read <= credential_end + 8,
        "read {}",
        counting.read
    );
    assert!(counting.read < baked.len());
}

// ---------------------------------------------------------------- PNG negatives

fn png_with(extra: &[Vec<u8>]) -> Vec<u8> {
    let base = fixture("badge.png");
    let c = chunks(&base);
    let mut png = base[..8].to_vec();
    png.extend_from_slice(&c[0].2);
    for e in extra {
        png.extend_from_slice(e);
    }
    for (_, _, bytes) in &c[1..] {
        png.extend_from_slice(bytes);
    }
    png
}

#[test]
fn png_truncated_chunk_is_an_error() {
    let baked = bake::bake(&fixture("badge.png"), &json_credential()).unwrap();
    for cut in [8 + 4, 8 + 33 + 20, baked.len() - 2] {
        let err = bake::unbake(&baked[..cut]).unwrap_err();
        assert!(
            matches!(err, UnbakeError::Png(PngError::Truncated { .. })),
            "cut at {cut}: {err}"
        );
        assert!(matches!(
            bake::bake(&baked[..cut], &json_credential()),
            Err(BakeError::Png(PngError::Truncated { .. }))
        ));
    }
    // Cut exactly between chunks: no IEND.
    let without_iend = &baked[..baked.len() - 12];
    assert!(matches!(
        bake::unbake(without_iend),
        Err(UnbakeError::Png(PngError::MissingIend { .. }))
    ));
}

#[test]
fn png_bad_crc_is_an_error_naming_the_chunk() {
    let mut baked = bake::bake(&fixture("badge.png"), &json_credential()).unwrap();
    // Flip a byte of the credential text (chunk 1, after IHDR at 8..33).
    baked[33 + 8 + 40] ^= 0x01;
    let err = bake::unbake(&baked).unwrap_err();
    let UnbakeError::Png(PngError::BadCrc {
        offset, chunk_type, ..
    }) = &err
    else {
        panic!("{err}");
    };
    assert_eq!((*offset, chunk_type.to_string().as_str()), (33, "iTXt"));
    assert!(
        err.to_string()
            .contains("bad CRC in the iTXt chunk at byte 33")
    );
    // A bad CRC in the image data is caught too (every chunk is checked).
    let mut baked = bake::bake(&fixture("badge.png"), &json_credential()).unwrap();
    let n = baked.len();
    baked[n - 12 - 5] ^= 0x01;
    assert!(matches!(
        bake::unbake(&baked),
        Err(UnbakeError::Png(PngError::BadCrc { .. }))
    ));
}

#[test]
fn png_several_credential_chunks_are_refused_unless_first_wins() {
    let first = chunk(b"iTXt", &itxt("openbadgecredential", 0, b"{\"n\":1}"));
    let second = chunk(b"iTXt", &itxt("openbadgecredential", 0, b"{\"n\":2}"));
    let png = png_with(&[first, second]);
    let err = bake::unbake(&png).unwrap_err();
    assert!(
        matches!(
            err,
            UnbakeError::SeveralCredentials {
                first: Location::Png { chunk: 1, .. },
                second: Location::Png { chunk: 2, .. },
            }
        ),
        "{err}"
    );
    let options = UnbakeOptions::default().duplicates(Duplicates::FirstWins);
    assert_eq!(
        bake::unbake_with(&png, &options).unwrap().as_str(),
        "{\"n\":1}"
    );
    // Baking leaves exactly one.
    let baked = bake::bake(&png, &json_credential()).unwrap();
    assert_eq!(credential_chunk_count(&baked), 1);
}

#[test]
fn png_compressed_credential_chunk_is_refused() {
    let png = png_with(&[chunk(
        b"iTXt",
        &itxt("openbadgecredential", 1, b"x\x9c\x03\x00\x00\x00\x00\x01"),
    )]);
    assert!(matches!(
        bake::unbake(&png),
        Err(UnbakeError::Png(PngError::CompressedCredential {
            offset: 33
        }))
    ));
}

#[test]
fn png_malformed_credential_chunks_are_errors() {
    let no_fields = png_with(&[chunk(b"iTXt", b"openbadgecredential\0")]);
    assert!(matches!(
        bake::unbake(&no_fields),
        Err(UnbakeError::Png(PngError::MalformedItxt { .. }))
    ));
    let not_utf8 = png_with(&[chunk(b"iTXt", &itxt("openbadgecredential", 0, b"{\xff}"))]);
    assert!(matches!(
        bake::unbake(&not_utf8),
        Err(UnbakeError::Png(PngError::NotUtf8 { valid_up_to: 1, .. }))
    ));
    let garbage = png_with(&[chunk(b"iTXt", &itxt("openbadgecredential", 0, b"hello"))]);
    assert!(matches!(
        bake::unbake(&garbage),
        Err(UnbakeError::UnrecognizedPayload { .. })
    ));
}

#[test]
fn png_structure_errors() {
    let base = fixture("badge.png");
    let mut bad_sig = base.clone();
    bad_sig[1] = b'Q';
    assert!(matches!(
        bake::unbake(&bad_sig),
        Err(UnbakeError::UnknownFormat)
    ));
    assert!(matches!(
        bake::unbake_reader(&bad_sig[..]),
        Err(UnbakeError::UnknownFormat)
    ));
    let mut first_not_ihdr = base[..8].to_vec();
    first_not_ihdr.extend_from_slice(&chunk(b"tEXt", b"a\0b"));
    first_not_ihdr.extend_from_slice(&base[8..]);
    assert!(matches!(
        bake::unbake(&first_not_ihdr),
        Err(UnbakeError::Png(PngError::FirstChunkNotIhdr { .. }))
    ));
    let mut huge = base[..33].to_vec();
    huge.extend_from_slice(&[0xFF, 0xFF, 0xFF, 0xFF, b'I', b'D', b'A', b'T']);
    assert!(matches!(
        bake::unbake(&huge),
        Err(UnbakeError::Png(PngError::BadLength { offset: 33, .. }))
    ));
    let mut bad_type = base[..33].to_vec();
    bad_type.extend_from_slice(&chunk(b"I\0AT", b""));
    assert!(matches!(
        bake::unbake(&bad_type),
        Err(UnbakeError::Png(PngError::BadChunkType { .. }))
    ));
}

#[test]
fn png_without_credential_is_not_found_with_ob2_hint() {
    assert!(matches!(
        bake::unbake(&fixture("badge.png")),
        Err(UnbakeError::NotFound {
            format: Format::Png,
            legacy_ob2: false
        })
    ));
    let ob2 = png_with(&[chunk(b"iTXt", &itxt("openbadges", 0, b"{\"uid\":\"1\"}"))]);
    let err = bake::unbake(&ob2).unwrap_err();
    assert!(matches!(
        err,
        UnbakeError::NotFound {
            legacy_ob2: true,
            ..
        }
    ));
    assert!(err.to_string().contains("Open Badges 2.0"));
}

#[test]
fn oversize_images_and_credentials_are_refused() {
    let baked = bake::bake(&fixture("badge.png"), &json_credential()).unwrap();
    let small = Limits::default().max_image_bytes(1000);
    let options = UnbakeOptions::default().limits(small);
    assert!(matches!(
        bake::unbake_with(&baked, &options),
        Err(UnbakeError::ImageTooLarge { limit: 1000 })
    ));
    assert!(matches!(
        bake::unbake_reader_with(&baked[..], &options),
        Err(UnbakeError::Png(PngError::ChunkPastLimit {
            limit: 1000,
            ..
        }))
    ));
    let svg = bake::bake(&svg_sample(), &json_credential()).unwrap();
    assert!(matches!(
        bake::unbake_reader_with(&svg[..], &options),
        Err(UnbakeError::ImageTooLarge { limit: 1000 })
    ));
    let tiny_cred = UnbakeOptions::default().limits(Limits::default().max_credential_bytes(100));
    assert!(matches!(
        bake::unbake_with(&baked, &tiny_cred),
        Err(UnbakeError::CredentialTooLarge { limit: 100, .. })
    ));
    assert!(matches!(
        bake::unbake_with(&svg, &tiny_cred),
        Err(UnbakeError::CredentialTooLarge { limit: 100, .. })
    ));
    assert!(matches!(
        bake::bake_with(
            &fixture("badge.png"),
            &json_credential(),
            &Limits::default().max_credential_bytes(100)
        ),
        Err(BakeError::CredentialTooLarge { limit: 100, .. })
    ));
    assert!(matches!(
        bake::bake_with(&baked, &json_credential(), &small),
        Err(BakeError::ImageTooLarge { limit: 1000, .. })
    ));
    // A declared chunk length past the image limit fails before anything is allocated,
    // with the same error when baking and unbaking (F5).
    let mut claim = fixture("badge.png")[..33].to_vec();
    claim.extend_from_slice(&[0x7F, 0xFF, 0xFF, 0xFF, b'I', b'D', b'A', b'T']);
    let unbaked = bake::unbake_reader(&claim[..]).unwrap_err();
    assert!(
        matches!(
            &unbaked,
            UnbakeError::Png(PngError::ChunkPastLimit { offset: 33, .. })
        ),
        "{unbaked}"
    );
    let baked = bake::bake(&claim, &json_credential()).unwrap_err();
    assert!(
        matches!(
            &baked,
            BakeError::Png(PngError::ChunkPastLimit { offset: 33, .. })
        ),
        "{baked}"
    );
    assert_eq!(baked.to_string(), unbaked.to_string());
}

#[test]
fn non_image_input_is_refused() {
    for input in [&b""[..], b"{\"type\": \"x\"}", b"GIF89a....", b"\x89PN"] {
        assert!(
            matches!(bake::unbake(input), Err(UnbakeError::UnknownFormat)),
            "{input:?}"
        );
        assert!(matches!(
            bake::bake(input, &json_credential()),
            Err(BakeError::UnknownFormat)
        ));
    }
    assert!(matches!(
        bake::unbake(b"<html><body/></html>"),
        Err(UnbakeError::Svg(SvgError::RootNotSvg { .. }))
    ));
}

// ---------------------------------------------------------------- SVG round trips

fn svg_sample() -> Vec<u8> {
    concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\r\n",
        "<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n",
        "<!-- made by hand -->\n",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"\n     width=\"16\" height=\"16\" viewBox='0 0 16 16'>\n",
        "  <title>A &amp; B &#x2713;</title>\n",
        "  <g><circle cx=\"8\" cy=\"8\" r=\"7\"/></g>\n",
        "  <![CDATA[ stray ]]>\n",
        "</svg>\n",
    )
    .as_bytes()
    .to_vec()
}

/// Asserts that the whole document reads without error with a plain XML reader.
fn assert_well_formed(svg: &[u8]) {
    let mut reader = quick_xml::Reader::from_reader(svg);
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("not well-formed at {}: {e}", reader.error_position()),
        }
        buf.clear();
    }
}

#[test]
fn svg_round_trip_json_and_jws_preserves_everything_else() {
    let base = svg_sample();
    let base_text = String::from_utf8(base.clone()).unwrap();
    for cred in [json_credential(), jws_credential()] {
        let baked = bake::bake(&base, &cred).unwrap();
        assert_well_formed(&baked);
        let back = bake::unbake(&baked).unwrap();
        assert_eq!(back.as_str().as_bytes(), cred.as_str().as_bytes());
        assert_eq!(back, cred);
        // Removing exactly what was added gives the original bytes back.
        let text = String::from_utf8(baked).unwrap();
        let decl = " xmlns:openbadges=\"https://purl.imsglobal.org/ob/v3p0\"";
        assert_eq!(text.matches(decl).count(), 1);
        let start = text.find("<openbadges:credential").unwrap();
        let end = match cred.payload() {
            Payload::Json(_) => {
                text.find("</openbadges:credential>").unwrap() + "</openbadges:credential>".len()
            }
            _ => start + text[start..].find("/>").unwrap() + 2,
        };
        assert!(text[..start].ends_with("viewBox='0 0 16 16'>"));
        let restored = format!("{}{}", &text[..start], &text[end..]).replacen(decl, "", 1);
        assert_eq!(restored, base_text);
    }
}

#[test]
fn svg_json_with_cdata_end_is_split_and_restored() {
    let text = r#"{"type":"OpenBadgeCredential","x":"a]]>b]]]]>c]]"}"#;
    let cred = BakedCredential::json(text).unwrap();
    let baked = bake::bake(&svg_sample(), &cred).unwrap();
    assert_well_formed(&baked);
    assert_eq!(bake::unbake(&baked).unwrap().as_str(), text);
}

#[test]
fn svg_rebake_replaces_existing_element_and_reuses_prefix() {
    let once = bake::bake(&svg_sample(), &json_credential()).unwrap();
    let twice = bake::bake(&once, &json_credential()).unwrap();
    assert_eq!(once, twice);
    let jws = bake::bake(&once, &jws_credential()).unwrap();
    assert_eq!(bake::unbake(&jws).unwrap(), jws_credential());
    let text = String::from_utf8(jws).unwrap();
    assert_eq!(text.matches("<openbadges:credential").count(), 1, "{text}");
    // A fixture with the `ob` prefix keeps it.
    let ob = bake::bake(&fixture("ob3-simple-jwt.py.svg"), &json_credential()).unwrap();
    let text = String::from_utf8(ob).unwrap();
    assert!(text.contains("<ob:credential><![CDATA["));
    assert!(!text.contains("xmlns:openbadges"));
    assert_eq!(bake::unbake(text.as_bytes()).unwrap(), json_credential());
}

#[test]
fn svg_bake_handles_empty_root_taken_prefix_and_clr() {
    let empty = br#"<svg:svg xmlns:svg="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org"/>"#;
    let clr = BakedCredential::json(fixture_text("clr2-simple.json")).unwrap();
    let baked = bake::bake(empty, &json_credential()).unwrap();
    let text = String::from_utf8(baked.clone()).unwrap();
    assert!(text.contains("xmlns:openbadges2=\"https://purl.imsglobal.org/ob/v3p0\""));
    assert!(text.ends_with("</openbadges2:credential></svg:svg>"));
    assert_well_formed(&baked);
    assert_eq!(bake::unbake(&baked).unwrap(), json_credential());
    let clr_baked = bake::bake(&baked, &clr).unwrap();
    assert!(String::from_utf8_lossy(&clr_baked).contains("<clr:credential>"));
    assert!(!String::from_utf8_lossy(&clr_baked).contains("openbadges2:credential"));
    assert_eq!(bake::unbake(&clr_baked).unwrap(), clr);
}

#[test]
fn svg_bake_does_not_bind_an_unbound_prefix_by_accident() {
    // Found by fuzzing: `openbadges:` is used but never declared, so the element is not a
    // credential; declaring `openbadges` on the root would turn it into a second one.
    let svg = r#"<svg><openbadges:credential><![CDATA[{"old":1}]]></openbadges:credential></svg>"#;
    assert!(matches!(
        bake::unbake(svg.as_bytes()),
        Err(UnbakeError::NotFound { .. })
    ));
    let baked = bake::bake(svg.as_bytes(), &json_credential()).unwrap();
    assert!(String::from_utf8_lossy(&baked).contains("xmlns:openbadges2="));
    assert_eq!(bake::unbake(&baked).unwrap(), json_credential());
}

#[test]
fn svg_bake_reuses_only_prefixes_the_parser_binds() {
    // Found by fuzzing: a malformed declaration must not yield a prefix to write back.
    let svg = r#"<svg xmln3="http://www.w3.org/2000/svg" xmlns:o *Gx:{tb="https://purl.imsglobal.org/ob/v3p0"><ob:credential verify="a.b.c"/><circle/></svg>"#;
    if let Ok(baked) = bake::bake(svg.as_bytes(), &json_credential()) {
        assert_eq!(bake::unbake(&baked).unwrap(), json_credential());
    }
    let good =
        r#"<svg xmlns:b="https://purl.imsglobal.org/ob/v3p0"><b:credential verify="a.b.c"/></svg>"#;
    let baked = bake::bake(good.as_bytes(), &json_credential()).unwrap();
    assert!(String::from_utf8_lossy(&baked).contains("<b:credential><![CDATA["));
    assert_eq!(bake::unbake(&baked).unwrap(), json_credential());
}

#[test]
fn svg_spec_layout_with_whitespace_in_cdata_and_bom() {
    let svg = "\u{FEFF}<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:x=\"https://purl.imsglobal.org/ob/v3p0\">\n  <x:credential>\n    <![CDATA[\n      {\"a\": 1}\n    ]]>\n  </x:credential>\n</svg>";
    let cred = bake::unbake(svg.as_bytes()).unwrap();
    assert_eq!(cred.as_str(), "{\"a\": 1}");
    let text_form = "<svg><o:credential xmlns:o=\"https://purl.imsglobal.org/clr/v2p0\">{&quot;a&quot;:&#32;1}</o:credential></svg>";
    let cred = bake::unbake(text_form.as_bytes()).unwrap();
    assert_eq!(
        (cred.as_str(), cred.kind()),
        ("{\"a\": 1}", CredentialSpec::Clr)
    );
    let rebaked = bake::bake(svg.as_bytes(), &json_credential()).unwrap();
    assert!(rebaked.starts_with("\u{FEFF}<svg".as_bytes()));
    assert_eq!(bake::unbake(&rebaked).unwrap(), json_credential());
}

// ---------------------------------------------------------------- SVG negatives

#[test]
fn svg_xml_bomb_is_refused_without_expansion() {
    let bomb = r#"<?xml version="1.0"?>
<!DOCTYPE svg [
  <!ENTITY a "aaaaaaaaaa">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
]>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0">
<openbadges:credential>&c;</openbadges:credential></svg>"#;
    let err = bake::unbake(bomb.as_bytes()).unwrap_err();
    assert!(
        matches!(
            err,
            UnbakeError::Svg(SvgError::Dtd {
                location: Location::Svg { line: 2, column: 1 }
            })
        ),
        "{err}"
    );
    assert!(matches!(
        bake::bake(bomb.as_bytes(), &json_credential()),
        Err(BakeError::Svg(SvgError::Dtd { .. }))
    ));
}

#[test]
fn svg_doctype_with_internal_subset_is_refused_but_public_doctype_is_accepted() {
    let subset = "<!DOCTYPE svg [ <!ATTLIST svg x CDATA \"1\"> ]><svg/>";
    assert!(matches!(
        bake::unbake(subset.as_bytes()),
        Err(UnbakeError::Svg(SvgError::Dtd { .. }))
    ));
    // A bracket inside a quoted public id is not an internal subset.
    let public = "<!DOCTYPE svg PUBLIC \"-//X[1]//EN\" \"http://example.invalid/svg.dtd\"><svg/>";
    assert!(matches!(
        bake::unbake(public.as_bytes()),
        Err(UnbakeError::NotFound {
            format: Format::Svg,
            ..
        })
    ));
    let baked = bake::bake(&svg_sample(), &json_credential()).unwrap();
    assert_eq!(bake::unbake(&baked).unwrap(), json_credential());
}

#[test]
fn svg_undeclared_entity_in_credential_is_refused() {
    let svg = r#"<svg xmlns:o="https://purl.imsglobal.org/ob/v3p0"><o:credential>&ext;</o:credential></svg>"#;
    assert!(matches!(
        bake::unbake(svg.as_bytes()),
        Err(UnbakeError::Svg(SvgError::UnknownEntity { ref name, .. })) if name == "ext"
    ));
    let attr =
        r#"<svg xmlns:o="https://purl.imsglobal.org/ob/v3p0"><o:credential verify="&ext;"/></svg>"#;
    assert!(matches!(
        bake::unbake(attr.as_bytes()),
        Err(UnbakeError::Svg(SvgError::UnknownEntity { .. }))
    ));
}

#[test]
fn svg_missing_element_is_not_found() {
    assert!(matches!(
        bake::unbake(&svg_sample()),
        Err(UnbakeError::NotFound {
            format: Format::Svg,
            legacy_ob2: false
        })
    ));
    // Wrong namespace (prefix bound elsewhere, or not bound): not ours.
    let wrong = r#"<svg xmlns:openbadges="https://example.org/other"><openbadges:credential>{}</openbadges:credential></svg>"#;
    assert!(matches!(
        bake::unbake(wrong.as_bytes()),
        Err(UnbakeError::NotFound { .. })
    ));
    // Not a child of the root: not found.
    let deep = r#"<svg xmlns:o="https://purl.imsglobal.org/ob/v3p0"><g><o:credential>{}</o:credential></g></svg>"#;
    assert!(matches!(
        bake::unbake(deep.as_bytes()),
        Err(UnbakeError::NotFound { .. })
    ));
    let ob2 =
        r#"<svg xmlns:openbadges="http://openbadges.org"><openbadges:assertion verify="x"/></svg>"#;
    assert!(matches!(
        bake::unbake(ob2.as_bytes()),
        Err(UnbakeError::NotFound {
            legacy_ob2: true,
            ..
        })
    ));
}

#[test]
fn svg_structure_errors() {
    let ns = r#"xmlns:o="https://purl.imsglobal.org/ob/v3p0""#;
    type Check = fn(&UnbakeError) -> bool;
    let cases: Vec<(String, Check)> = vec![
        (
            format!("<svg {ns}><o:credential>{{}}<b/></o:credential></svg>"),
            |e| matches!(e, UnbakeError::Svg(SvgError::NestedElement { .. })),
        ),
        (
            format!("<svg {ns}><o:credential verify=\"a.b.c\">{{}}</o:credential></svg>"),
            |e| matches!(e, UnbakeError::Svg(SvgError::AmbiguousCredential { .. })),
        ),
        (
            format!(
                "<svg {ns}><o:credential>{{}}</o:credential><o:credential>{{}}</o:credential></svg>"
            ),
            |e| {
                matches!(
                    e,
                    UnbakeError::SeveralCredentials {
                        first: Location::Svg {
                            line: 1,
                            column: 51
                        },
                        ..
                    }
                )
            },
        ),
        (
            format!("<svg {ns}><o:credential>{{}}</o:credential>"),
            |e| matches!(e, UnbakeError::Svg(SvgError::Unclosed)),
        ),
        (
            format!("<svg {ns}><o:credential>{{}}</o:cred></svg>"),
            |e| matches!(e, UnbakeError::Svg(SvgError::Xml { .. })),
        ),
        // Found by fuzzing: a broken attribute list must be an error, not a guess.
        ("<svg a=\"1\" b c=\"x/>".to_owned(), |e| {
            matches!(e, UnbakeError::Svg(SvgError::Xml { .. }))
        }),
        ("<svg a=\"1\" a=\"2\"/>".to_owned(), |e| {
            matches!(e, UnbakeError::Svg(SvgError::Xml { .. }))
        }),
        ("<svg/><svg/>".to_owned(), |e| {
            matches!(e, UnbakeError::Svg(SvgError::ContentAfterRoot { .. }))
        }),
        ("<!-- only -->".to_owned(), |e| {
            matches!(e, UnbakeError::Svg(SvgError::NoRoot))
        }),
        (
            "<svg xmlns=\"http://example.org/not-svg\"/>".to_owned(),
            |e| matches!(e, UnbakeError::Svg(SvgError::RootNotSvg { .. })),
        ),
        (
            format!("<svg {ns}><o:credential>plain words</o:credential></svg>"),
            |e| matches!(e, UnbakeError::UnrecognizedPayload { .. }),
        ),
    ];
    for (svg, check) in cases {
        let err = bake::unbake(svg.as_bytes()).unwrap_err();
        assert!(check(&err), "{svg}: {err}");
    }
    let not_utf8 = b"<svg>\xff</svg>";
    assert!(matches!(
        bake::unbake(not_utf8),
        Err(UnbakeError::Svg(SvgError::NotUtf8 { offset: 5 }))
    ));
    let dup = format!("<svg {ns}><o:credential>{{\"n\":1}}</o:credential><o:credential/></svg>");
    let options = UnbakeOptions::default().duplicates(Duplicates::FirstWins);
    assert_eq!(
        bake::unbake_with(dup.as_bytes(), &options)
            .unwrap()
            .as_str(),
        "{\"n\":1}"
    );
    let removed = bake::bake(dup.as_bytes(), &json_credential()).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&removed)
            .matches("<o:credential")
            .count(),
        1
    );
}

#[test]
fn svg_bake_refuses_characters_xml_cannot_carry() {
    let cred = BakedCredential::new(Payload::Json("{\u{1}}".into()), CredentialSpec::OpenBadge);
    assert!(matches!(
        bake::bake(&svg_sample(), &cred),
        Err(BakeError::InvalidXmlChar { offset: 1, code: 1 })
    ));
    // PNG carries any text.
    let png = bake::bake(&fixture("badge.png"), &cred).unwrap();
    assert_eq!(bake::unbake(&png).unwrap(), cred);
}

// ---------------------------------------------------------------- fuzz target bodies

#[test]
fn fuzz_target_bodies_run_on_fixtures_and_mutations() {
    for name in [
        "badge.png",
        "ob3-simple-json.pypng.png",
        "ob3-simple-jwt.pypng.png",
        "clr2-simple-json.pypng.png",
    ] {
        let png = fixture(name);
        fuzz_bodies::unbake_png(&png[8..]);
        fuzz_bodies::unbake_png(&png[8..png.len() / 2]);
        fuzz_bodies::unbake_svg(&png);
    }
    for name in ["ob3-simple-json.py.svg", "ob3-simple-jwt.py.svg"] {
        let svg = fixture(name);
        fuzz_bodies::unbake_svg(&svg);
        fuzz_bodies::unbake_svg(&svg[..svg.len() / 2]);
    }
    fuzz_bodies::unbake_svg(&svg_sample());
}

// ---------------------------------------------------------------- properties

/// Credential text: a JSON-looking string with arbitrary XML-valid characters inside,
/// CDATA terminators included.
fn json_text() -> impl Strategy<Value = String> {
    "\\{([\\PC\t\r\n]|\\]\\]>|\\]){0,200}\\}"
}

fn jws_text() -> impl Strategy<Value = String> {
    "[A-Za-z0-9_-]{1,40}\\.[A-Za-z0-9_-]{1,80}\\.[A-Za-z0-9_-]{0,60}"
}

fn kind() -> impl Strategy<Value = CredentialSpec> {
    prop_oneof![Just(CredentialSpec::OpenBadge), Just(CredentialSpec::Clr)]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn png_round_trip_of_arbitrary_text(json in json_text(), jws in jws_text(), kind in kind()) {
        let base = fixture("badge.png");
        for payload in [Payload::Json(json.clone()), Payload::Jws(jws.clone())] {
            let cred = BakedCredential::new(payload, kind);
            let baked = bake::bake(&base, &cred).unwrap();
            prop_assert_eq!(bake::unbake(&baked).unwrap(), cred.clone());
            prop_assert_eq!(bake::unbake_reader(&baked[..]).unwrap(), cred);
        }
    }

    #[test]
    fn svg_round_trip_of_arbitrary_text(json in json_text(), jws in jws_text(), kind in kind()) {
        let base = svg_sample();
        for payload in [Payload::Json(json.clone()), Payload::Jws(jws.clone())] {
            let cred = BakedCredential::new(payload, kind);
            let baked = bake::bake(&base, &cred).unwrap();
            prop_assert_eq!(bake::unbake(&baked).unwrap(), cred);
        }
    }

    #[test]
    fn unbake_never_panics_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = bake::unbake(&bytes);
        let _ = bake::unbake_reader(&bytes[..]);
        let _ = bake::bake(&bytes, &json_credential());
        fuzz_bodies::unbake_png(&bytes);
        fuzz_bodies::unbake_svg(&bytes);
    }

    #[test]
    fn unbake_never_panics_on_mutated_images(
        svg in any::<bool>(),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in any::<prop::sample::Index>(),
    ) {
        let cred = BakedCredential::new(Payload::Json("{\"a\":\"]]>\"}".into()), CredentialSpec::OpenBadge);
        let base = if svg { svg_sample() } else { fixture("badge.png") };
        let mut image = bake::bake(&base, &cred).unwrap();
        for (at, byte) in edits {
            let i = at.index(image.len());
            image[i] = byte;
        }
        image.truncate(cut.index(image.len() + 1).max(1));
        let _ = bake::unbake(&image);
        let _ = bake::unbake_reader(&image[..]);
        let _ = bake::bake(&image, &cred);
        // Stream and slice readers agree; baking into whatever parsed round-trips.
        if svg {
            fuzz_bodies::unbake_svg(&image);
        } else {
            fuzz_bodies::unbake_png(image.get(8..).unwrap_or_default());
        }
    }
}

/// A parsed (or just issued) document bakes as its exact text, into PNG and SVG alike.
#[test]
fn bakes_straight_from_a_document() {
    let document = openbadges::Document::from_str(&fixture_text("ob3-simple.json")).expect("JSON");
    for image in [
        fixture("badge.png"),
        br#"<svg xmlns="http://www.w3.org/2000/svg"/>"#.to_vec(),
    ] {
        let baked = bake::bake_document(&image, &document).expect("baked");
        let out = bake::unbake(&baked).expect("unbaked");
        assert_eq!(out.as_str(), document.as_str());
        assert_eq!(out.kind(), CredentialSpec::OpenBadge);
        assert_eq!(
            out,
            BakedCredential::try_from(&document).expect("an OB credential")
        );
    }
    let plain =
        openbadges::Document::from_str(r#"{"type": "VerifiableCredential"}"#).expect("JSON");
    assert!(matches!(
        bake::bake_document(&fixture("badge.png"), &plain),
        Err(BakeError::Credential(CredentialError::UnknownKind))
    ));
}
