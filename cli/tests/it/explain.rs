//! `openbadges explain`: formats, `--compare`, `--skills`, `--lang`, exit codes.

use crate::support::{root, run};

fn path(relative: &str) -> String {
    root().join(relative).to_string_lossy().into_owned()
}

const RICH: &str = "fixtures/interop/credentials/ob-rich-eddsa-rdfc-2022.json";
const UNSIGNED: &str = "fixtures/valid/own-achievement-credential.json";

#[test]
fn a_verified_badge_exits_0_and_prints_the_verdict_first() {
    let out = run(&["explain", &path(RICH)]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.lines()
            .nth(1)
            .unwrap()
            .starts_with("Verified: signed by Example University")
    );
    assert!(text.contains("Capstone rubric (Rubric Criterion Level): Level 1 of 2: Exemplary"));
}

#[test]
fn an_unverified_badge_exits_1_and_says_so_loudly() {
    let out = run(&["explain", "--format", "markdown", &path(UNSIGNED)]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(
        md.starts_with("> ❌ **NOT VERIFIED: it carries no digital signature"),
        "{md}"
    );
}

#[test]
fn usage_and_io_errors_exit_2() {
    let missing = run(&["explain", "/nonexistent/credential.json"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("/nonexistent/credential.json"));
    let one = run(&["explain", "--compare", &path(RICH)]);
    assert_eq!(one.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&one.stderr).contains("--compare needs two or more"));
    let format = run(&["explain", "--format", "pdf", &path(RICH)]);
    assert_eq!(format.status.code(), Some(2));
}

#[test]
fn json_html_and_lang() {
    let out = run(&[
        "explain",
        "--format",
        "json",
        "--lang",
        "es",
        &path("fixtures/explain/multilingual.json"),
    ]);
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(value["title"], "Análisis de datos");
    assert_eq!(value["trust"]["verdict"], "invalid");
    let html = run(&["explain", "--format", "html", &path(RICH)]);
    assert_eq!(html.status.code(), Some(0));
    let html = String::from_utf8(html.stdout).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("class=\"verdict valid\""));
}

#[test]
fn compare_sets_credentials_side_by_side() {
    let out = run(&["explain", "--compare", &path(RICH), &path(UNSIGNED)]);
    assert_eq!(out.status.code(), Some(1), "one of them is not verified");
    let text = String::from_utf8(out.stdout).unwrap();
    let header = text
        .lines()
        .find(|l| l.contains("Data Science Certificate"))
        .unwrap();
    assert!(header.contains("Data Analysis"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("Type") && l.contains("Certificate") && l.contains("Course")),
        "{text}"
    );
}

#[test]
fn skills_rolls_up_a_folder_of_credentials() {
    let dir = tempfile::tempdir().unwrap();
    for file in [
        RICH,
        "fixtures/interop/credentials/clr-two-nested-eddsa-rdfc-2022.json",
    ] {
        let name = std::path::Path::new(file).file_name().unwrap();
        std::fs::copy(path(file), dir.path().join(name)).unwrap();
    }
    let out = run(&[
        "explain",
        "--skills",
        "--format",
        "json",
        &dir.path().to_string_lossy(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // The badge, the CLR and its two members.
    assert_eq!(value["credentials"], 4);
    let stat = value["skills"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["skill"]["name"] == "Apply statistical methods")
        .unwrap();
    assert_eq!(stat["evidence"].as_array().unwrap().len(), 2, "{stat}");
    let text = run(&["explain", "--skills", &dir.path().to_string_lossy()]);
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("All 2 credentials verified"), "{text}");
}

#[test]
fn baked_badges_and_jwts_are_explained() {
    for file in [
        "fixtures/baked/ob3-simple-json.pypng.png",
        "fixtures/interop/credentials/ob-minimal-vc-jwt-EdDSA.jwt",
        "fixtures/interop/credentials/ob-minimal-vc+sd-jwt-ES256.sd-jwt",
    ] {
        let out = run(&["explain", "--format", "json", &path(file)]);
        assert!(out.status.code().is_some_and(|c| c < 2), "{file}: {out:?}");
        let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert!(value["trust"]["headline"].is_string(), "{file}");
        assert!(value["achievement"]["name"].is_string(), "{file}: {value}");
    }
}
