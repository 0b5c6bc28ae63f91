//! Tests of `openbadges validate`: each output format and each exit code.

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::Value;

use crate::support::{root, run};

fn fixture(rel: &str) -> String {
    root().join("fixtures").join(rel).display().to_string()
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

#[test]
fn valid_directory_exits_0_with_a_summary() {
    let out = run(&["validate", &fixture("valid")]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    let files = std::fs::read_dir(root().join("fixtures/valid"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "json")
        })
        .count();
    assert!(
        text.ends_with(&format!(
            "{files} files: {files} valid, 0 invalid, 0 unreadable\n"
        )),
        "{text}"
    );
}

#[test]
fn invalid_file_exits_1_and_names_code_path_and_line() {
    let file = fixture("invalid/datetime.zone/valid-from-without-zone.json");
    let out = run(&["validate", &file]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains(&format!(
            "{file}:18:16: error [datetime.zone] at $.validFrom:"
        )),
        "{text}"
    );
    assert!(
        text.contains("1 file: 0 valid, 1 invalid, 0 unreadable"),
        "{text}"
    );
}

#[test]
fn malformed_json_is_invalid_with_its_line() {
    let file = fixture("invalid/parse.syntax/missing-value.json");
    let out = run(&["validate", &file]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains(&format!("{file}:3:1: error [parse.syntax]")),
        "{text}"
    );
}

#[test]
fn unreadable_input_exits_2_but_the_others_are_still_judged() {
    let missing = root()
        .join("fixtures/does-not-exist.json")
        .display()
        .to_string();
    let valid = fixture("valid/own-achievement-credential.json");
    let out = run(&["validate", &valid, &missing]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(2), "{text}");
    assert!(text.contains(&format!("{valid}: valid")), "{text}");
    assert!(text.contains(&format!("{missing}: unreadable:")), "{text}");
    assert!(
        text.contains("2 files: 1 valid, 0 invalid, 1 unreadable"),
        "{text}"
    );
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(run(&["validate"]).status.code(), Some(2));
    let file = fixture("valid/own-achievement-credential.json");
    assert_eq!(
        run(&["validate", "--format", "yaml", &file]).status.code(),
        Some(2)
    );
}

#[test]
fn json_format_is_one_document_with_per_file_findings() {
    let out = run(&[
        "validate",
        "--format",
        "json",
        &fixture("invalid/context.order"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let doc: Value = serde_json::from_slice(&out.stdout).expect("stdout is one JSON document");
    let files = doc["files"].as_array().unwrap();
    assert_eq!(files.len(), 2);
    assert!(
        files[0]["file"]
            .as_str()
            .unwrap()
            .ends_with("clr-after-ob.json")
    );
    assert!(
        files[1]["file"]
            .as_str()
            .unwrap()
            .ends_with("vc-not-first.json")
    );
    let finding = &files[1]["findings"][0];
    assert_eq!(finding["code"], "context.order");
    assert_eq!(finding["severity"], "error");
    assert_eq!(finding["path"], "$['@context'][1]");
    assert_eq!(finding["pointer"], "/@context/1");
    assert_eq!(finding["line"], 4);
    assert_eq!(doc["summary"]["invalid"], 2);
    // The summary line goes to stderr, keeping stdout one document.
    assert!(String::from_utf8_lossy(&out.stderr).contains("2 files: 0 valid, 2 invalid"));
}

#[test]
fn junit_format_has_one_testcase_per_file() {
    let valid = fixture("valid/own-achievement-credential.json");
    let invalid = fixture("invalid/schema.required/no-issuer.json");
    let out = run(&["validate", "--format", "junit", &valid, &invalid]);
    assert_eq!(out.status.code(), Some(1));
    let xml = stdout(&out);
    assert!(
        xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"),
        "{xml}"
    );
    assert_eq!(xml.matches("<testcase ").count(), 2, "{xml}");
    assert!(
        xml.contains(r#"tests="2" failures="1" errors="0""#),
        "{xml}"
    );
    assert!(xml.contains(&format!(r#"name="{valid}"/>"#)), "{xml}");
    assert!(
        xml.contains(r#"<failure message="[schema.required] required member &quot;issuer&quot; is missing" type="schema.required">"#),
        "{xml}"
    );
    assert!(xml.trim_end().ends_with("</testsuites>"));
}

#[test]
fn github_format_prints_annotations_with_lines() {
    let file = fixture("invalid/image.not_object/image-string.json");
    let out = run(&["validate", "--format", "github", &file]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let first = text.lines().next().unwrap();
    assert!(
        first.starts_with(&format!("::error file={file},line=")),
        "{text}"
    );
    assert!(first.contains(",title=image.not_object::"), "{text}");
    assert!(
        first.ends_with("at $.credentialSubject.achievement.image"),
        "{text}"
    );
    // Warnings become ::warning.
    let out = run(&[
        "validate",
        "--format",
        "github",
        &fixture("invalid/vcdm.v1/vcdm-1.1.json"),
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stdout(&out).starts_with("::warning file="),
        "{}",
        stdout(&out)
    );
}

#[test]
fn stdin_is_read_for_dash() {
    let bytes = std::fs::read(root().join("fixtures/valid/own-clr-credential.json")).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_openbadges"))
        .args(["validate", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&bytes).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).starts_with("-: valid"));
}

#[test]
fn output_order_is_deterministic_and_sorted() {
    let dir = fixture("invalid");
    let a = run(&["validate", "--format", "json", &dir]);
    let b = run(&["validate", "--format", "json", &dir]);
    assert_eq!(a.stdout, b.stdout);
    let doc: Value = serde_json::from_slice(&a.stdout).unwrap();
    let names: Vec<&str> = doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["file"].as_str().unwrap())
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    assert!(names.len() >= 30);
    // Only *.json files are collected.
    assert!(names.iter().all(|n| n.ends_with(".json")));
}

#[test]
fn kind_option_validates_profiles() {
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("profile.json");
    std::fs::write(
        &profile,
        r#"{"id": "https://example.edu/issuers/1", "type": ["Profile"], "name": "Example"}"#,
    )
    .unwrap();
    let p = profile.display().to_string();
    assert_eq!(run(&["validate", &p]).status.code(), Some(1));
    assert_eq!(
        run(&["validate", "--kind", "profile", &p]).status.code(),
        Some(0)
    );
}

#[test]
fn baked_png_and_svg_badges_are_validated_by_their_credential() {
    for image in [
        "baked/ob3-simple-json.pypng.png",
        "baked/ob3-simple-json.py.svg",
        "baked/clr2-simple-json.pypng.png",
    ] {
        let out = run(&["validate", &fixture(image)]);
        assert_eq!(out.status.code(), Some(0), "{image}: {}", stdout(&out));
        assert!(
            stdout(&out).contains("1 valid"),
            "{image}: {}",
            stdout(&out)
        );
    }
}

#[test]
fn an_image_without_a_credential_is_unreadable_exit_2() {
    let out = run(&["validate", &fixture("baked/badge.png")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stdout(&out).contains("no baked Open Badges 3.0 or CLR 2.0 credential"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_jws_credential_is_validated_by_its_payload() {
    let out = run(&["validate", &fixture("baked/ob3-simple.jwt")]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("[jwt.payload]"), "{text}");
    // The 1EdTech sample JWT uses an obsolete draft context that is not bundled.
    assert!(
        text.contains("[context.unknown] at $['@context'][1]"),
        "{text}"
    );
}

/// Many more inputs than one parallel chunk: every file once, in input order, in the text
/// and JSON formats.
#[test]
fn hundreds_of_files_stream_in_input_order() {
    const N: usize = 300;
    let dir = tempfile::tempdir().unwrap();
    let valid = std::fs::read(fixture("valid/own-achievement-credential.json")).unwrap();
    let mut names = Vec::new();
    for i in 0..N {
        let name = dir.path().join(format!("v{i:04}.json"));
        let body: &[u8] = if i % 2 == 0 { &valid } else { b"[1, 2" };
        std::fs::write(&name, body).unwrap();
        names.push(name.to_string_lossy().into_owned());
    }
    let dir_arg = dir.path().to_string_lossy().into_owned();
    let output = run(&["validate", &dir_arg]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    let heads: Vec<&str> = text.lines().filter(|l| !l.starts_with(' ')).collect();
    assert_eq!(heads.len(), N + 1, "{text}");
    for (i, head) in heads[..N].iter().enumerate() {
        let verdict = if i % 2 == 0 { "valid" } else { "invalid" };
        assert!(
            head.starts_with(&format!("{}: {verdict}", names[i])),
            "{head}"
        );
    }
    let output = run(&["validate", "--format", "json", &dir_arg]);
    let doc: Value = serde_json::from_slice(&output.stdout).unwrap();
    let files: Vec<&str> = doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["file"].as_str().unwrap())
        .collect();
    assert_eq!(files, names);
    assert_eq!(doc["summary"]["files"], N);
}

/// F5: a folder with no credential file in it is a usage error (exit 2) that says so, never
/// an all-clear; `verify` agrees.
#[test]
fn an_empty_folder_is_an_error_not_a_pass() {
    let dir = std::env::temp_dir().join(format!("ob-empty-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("notes.txt"), "not a credential").unwrap();
    let path = dir.to_string_lossy().into_owned();
    for command in ["validate", "verify"] {
        let out = run(&[command, &path]);
        assert_eq!(out.status.code(), Some(2), "{command}");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("no file found in this folder"),
            "{command}: {text}"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// F5: a term the JSON-LD context does not define is reported by `validate`, at its path,
/// as `issue` and `verify` refuse it.
#[test]
fn validate_reports_an_undefined_term() {
    let file = root().join("fixtures/invalid/jsonld.undefined_term/undefined-term.json");
    let out = run(&["validate", "--format", "json", &file.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("jsonld.undefined_term"), "{text}");
    assert!(
        text.contains("$.credentialSubject.favouriteColour"),
        "{text}"
    );
}
