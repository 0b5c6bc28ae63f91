//! Tests of `openbadges bake` and `openbadges unbake`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crate::support::{root, run};

fn fixture(name: &str) -> PathBuf {
    root().join("fixtures/baked").join(name)
}

fn s(path: &Path) -> &str {
    path.to_str().expect("UTF-8 path")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn bake_then_unbake_png_json_to_stdout_is_byte_equal() {
    let dir = tempfile::tempdir().unwrap();
    let out_png = dir.path().join("baked.png");
    let cred = fixture("ob3-simple.json");
    let baked = run(&[
        "bake",
        s(&fixture("badge.png")),
        s(&cred),
        "-o",
        s(&out_png),
    ]);
    assert_eq!(baked.status.code(), Some(0), "{}", stderr(&baked));
    let unbaked = run(&["unbake", s(&out_png)]);
    assert_eq!(unbaked.status.code(), Some(0), "{}", stderr(&unbaked));
    assert_eq!(unbaked.stdout, std::fs::read(&cred).unwrap());
}

#[test]
fn bake_then_unbake_svg_jws_to_file_is_byte_equal() {
    let dir = tempfile::tempdir().unwrap();
    let image = dir.path().join("badge.svg");
    std::fs::write(
        &image,
        "<svg xmlns=\"http://www.w3.org/2000/svg\">\n  <rect width=\"4\" height=\"4\"/>\n</svg>\n",
    )
    .unwrap();
    let out_svg = dir.path().join("baked.svg");
    let cred = fixture("ob3-simple.jwt");
    let baked = run(&["bake", s(&image), s(&cred), "--output", s(&out_svg)]);
    assert_eq!(baked.status.code(), Some(0), "{}", stderr(&baked));
    let text = std::fs::read_to_string(&out_svg).unwrap();
    assert!(text.contains("<openbadges:credential verify=\"eyJ"));
    let extracted = dir.path().join("cred.jwt");
    let unbaked = run(&["unbake", s(&out_svg), "-o", s(&extracted)]);
    assert_eq!(unbaked.status.code(), Some(0), "{}", stderr(&unbaked));
    assert!(unbaked.stdout.is_empty());
    assert_eq!(
        std::fs::read(&extracted).unwrap(),
        std::fs::read(&cred).unwrap()
    );
}

#[test]
fn unbakes_fixtures_made_by_pypng_and_python() {
    for (image, cred) in [
        ("ob3-simple-json.pypng.png", "ob3-simple.json"),
        ("ob3-simple-jwt.pypng.png", "ob3-simple.jwt"),
        ("clr2-simple-json.pypng.png", "clr2-simple.json"),
        ("ob3-simple-json.py.svg", "ob3-simple.json"),
        ("ob3-simple-jwt.py.svg", "ob3-simple.jwt"),
    ] {
        let out = run(&["unbake", s(&fixture(image))]);
        assert_eq!(out.status.code(), Some(0), "{image}: {}", stderr(&out));
        assert_eq!(out.stdout, std::fs::read(fixture(cred)).unwrap(), "{image}");
    }
}

#[test]
fn unbake_reads_standard_input() {
    let image = std::fs::read(fixture("ob3-simple-json.pypng.png")).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_openbadges"))
        .args(["unbake", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&image).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        out.stdout,
        std::fs::read(fixture("ob3-simple.json")).unwrap()
    );
}

#[test]
fn unbake_errors_exit_2_with_a_clear_message() {
    let not_image = run(&["unbake", s(&fixture("ob3-simple.json"))]);
    assert_eq!(not_image.status.code(), Some(2));
    assert!(
        stderr(&not_image).contains("neither PNG nor SVG"),
        "{}",
        stderr(&not_image)
    );
    let empty = run(&["unbake", s(&fixture("badge.png"))]);
    assert_eq!(empty.status.code(), Some(2));
    assert!(stderr(&empty).contains("no baked Open Badges 3.0 or CLR 2.0 credential"));
    let missing = run(&["unbake", "/nonexistent/badge.png"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("cannot read /nonexistent/badge.png"));
    let usage = run(&["unbake"]);
    assert_eq!(usage.status.code(), Some(2));
}

#[test]
fn unbake_truncated_png_names_the_chunk() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = std::fs::read(fixture("ob3-simple-json.pypng.png")).unwrap();
    let cut = dir.path().join("cut.png");
    std::fs::write(&cut, &bytes[..100]).unwrap();
    let out = run(&["unbake", s(&cut)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("truncated PNG: input ends inside the data of the chunk at byte 33"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn unbake_several_credentials_needs_first() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("two.svg");
    std::fs::write(
        &svg,
        r#"<svg xmlns:o="https://purl.imsglobal.org/ob/v3p0"><o:credential><![CDATA[{"n":1}]]></o:credential><o:credential><![CDATA[{"n":2}]]></o:credential></svg>"#,
    )
    .unwrap();
    let refused = run(&["unbake", s(&svg)]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(stderr(&refused).contains("several credentials are baked in"));
    let first = run(&["unbake", "--first", s(&svg)]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    assert_eq!(first.stdout, br#"{"n":1}"#);
}

#[test]
fn bake_errors_exit_2_and_kind_can_be_given() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.png");
    let plain = dir.path().join("plain.json");
    std::fs::write(&plain, "{\"type\": [\"VerifiableCredential\"]}\n").unwrap();
    let unknown = run(&["bake", s(&fixture("badge.png")), s(&plain), "-o", s(&out)]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("set the kind explicitly"));
    assert!(!out.exists());
    let clr = run(&[
        "bake",
        s(&fixture("badge.png")),
        s(&plain),
        "-o",
        s(&out),
        "--kind",
        "clr",
    ]);
    assert_eq!(clr.status.code(), Some(0), "{}", stderr(&clr));
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.windows(14).any(|w| w == b"clrcredential\0"));
    let back = run(&["unbake", s(&out)]);
    assert_eq!(back.stdout, b"{\"type\": [\"VerifiableCredential\"]}");

    let not_image = run(&[
        "bake",
        s(&fixture("ob3-simple.jwt")),
        s(&fixture("ob3-simple.json")),
        "-o",
        s(&out),
    ]);
    assert_eq!(not_image.status.code(), Some(2));
    assert!(stderr(&not_image).contains("neither PNG nor SVG"));
    let bad_json = dir.path().join("bad.json");
    std::fs::write(&bad_json, "{\"a\": 1, \"a\": 2}").unwrap();
    let dup = run(&[
        "bake",
        s(&fixture("badge.png")),
        s(&bad_json),
        "-o",
        s(&out),
    ]);
    assert_eq!(dup.status.code(), Some(2));
    assert!(stderr(&dup).contains("not valid JSON"), "{}", stderr(&dup));
}
