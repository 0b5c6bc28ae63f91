//! Integration tests: validate.
//!
//! - every JSON example and test vector of `tests/data/spec` (per `MANIFEST.json`) gets the
//!   verdict recorded below, with the reason for each defect;
//! - every fixture under `fixtures/valid` is valid, every fixture under
//!   `fixtures/invalid/<code>/` gives `<code>` at the path its `expected.json` names;
//! - hostile input (malformed, wrong types, huge, deep, invalid UTF-8) gives findings, never a
//!   panic.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::OnceLock;

use openbadges::document::Document;
use openbadges::report::Severity;
use openbadges::validate::{Kind, Validator};
use proptest::prelude::*;
use serde_json::{Value, json};

use crate::support;

fn validator() -> &'static Validator {
    static V: OnceLock<Validator> = OnceLock::new();
    V.get_or_init(|| Validator::new().expect("bundled schemas compile"))
}

/// One line per finding, for failure messages.
fn show(report: &openbadges::report::Report) -> String {
    report
        .findings()
        .iter()
        .map(|f| format!("\n    {f}"))
        .collect()
}

/// Error codes of a report, sorted and deduplicated.
fn error_codes(report: &openbadges::report::Report) -> Vec<String> {
    report
        .errors()
        .map(|f| f.code.to_string())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// The verdict of each spec file: the set of error codes (empty = valid) and why.
///
/// Derived by reading each file against SOURCES.md and the specs; every non-empty entry is a
/// real defect of the published file, named in the comment.
const SPEC_VERDICTS: &[(&str, &[&str])] = &[
    ("ob3/examples/spec/basic-openbadgecredential.json", &[]),
    // result[1] references ResultDescription f6ab… (no rubric levels) with an achievedLevel
    // (d05a…) that belongs to another ResultDescription; endorsements use 1EdTech extension
    // types (1EdTechRevocationList, ...) without the extensions context.
    (
        "ob3/examples/spec/complete-openbadgecredential.2025-04.json",
        &["context.extensions", "result.unknown_level"],
    ),
    ("ob3/examples/spec/endorsementcredential.json", &[]),
    ("ob3/examples/spec/achievement-alignment-case.json", &[]),
    (
        "ob3/examples/spec/achievement-alignment-credential-engine.json",
        &[],
    ),
    ("ob3/examples/spec/skill-assertion-case.json", &[]),
    (
        "ob3/examples/spec/skill-assertion-credential-engine.json",
        &[],
    ),
    ("ob3/examples/spec/docformat-file-contents.json", &[]),
    // SOURCES.md: the context https://www.w3.org/2018/credentials/examples/v2 does not exist.
    (
        "ob3/examples/spec/equality-sample-credential-A.json",
        &["context.unknown"],
    ),
    (
        "ob3/examples/spec/equality-sample-credential-B.json",
        &["context.unknown"],
    ),
    (
        "ob3/examples/spec/equality-sample-credential-C.json",
        &["context.unknown"],
    ),
    (
        "ob3/examples/spec/equality-sample-credential-D.json",
        &["context.unknown"],
    ),
    // Expired (validUntil 2020) is a verification matter, not a validation one.
    (
        "ob3/examples/spec/endorsementcredential-3735.signed.2026-06.json",
        &[],
    ),
    (
        "ob3/examples/spec/docformat-file-contents.signed.rendered-2024-12-23.json",
        &[],
    ),
    ("ob3/test-vectors/ob3-testvector.unsigned.json", &[]),
    ("ob3/test-vectors/ob3-testvector.signed.json", &[]),
    ("clr2/test-vectors/clr2-testvector.unsigned.json", &[]),
    ("clr2/test-vectors/clr2-testvector.signed.json", &[]),
    // As the complete spec example (same data).
    (
        "ob3/examples/validator/complete.json",
        &["context.extensions", "result.unknown_level"],
    ),
    // As complete.json, plus: VCDM 1.1 endorsements without `id` / `name` (required by the
    // EndorsementCredential schema) and identityType "email" (the vocabulary says
    // emailAddress; unlisted values need ext:).
    (
        "ob3/examples/validator/complete_v1.json",
        &[
            "context.extensions",
            "result.unknown_level",
            "schema.required",
            "vocab.ext_prefix",
        ],
    ),
    ("ob3/examples/validator/credential-status-revoked.json", &[]),
    // Upstream fails it at parse time; structurally it is a valid legacy endorsement (its
    // defects are in proof, status and refresh, which verification checks).
    (
        "ob3/examples/validator/endorsement-err-schema-status-refresh.json",
        &[],
    ),
    ("ob3/examples/validator/endorsement-valid.json", &[]),
    ("ob3/examples/validator/simple-context-alias.json", &[]),
    ("ob3/examples/validator/simple-context-version.json", &[]),
    ("ob3/examples/validator/simple-did-key-method.json", &[]),
    ("ob3/examples/validator/simple-did-web-method.json", &[]),
    ("ob3/examples/validator/simple-eddsa-2022.json", &[]),
    // Only the OB context: no VC base context, so no validFrom either; no achievement.
    (
        "ob3/examples/validator/simple-err-context.json",
        &["context.missing", "schema.required"],
    ),
    // resultDescription[2] has type InvalidResultDescription; result[1] as in complete.json.
    (
        "ob3/examples/validator/simple-err-credential-subject-achievement-result-description-type.json",
        &["result.unknown_level", "type.missing_class"],
    ),
    (
        "ob3/examples/validator/simple-err-credential-subject-identifier-type.json",
        &["type.missing_class"],
    ),
    (
        "ob3/examples/validator/simple-err-credential-subject-profile-type.json",
        &["type.missing_class"],
    ),
    // result[1] has type InvalidResult; the achievement has no resultDescription at all.
    (
        "ob3/examples/validator/simple-err-credential-subject-result-type.json",
        &["result.unknown_description", "type.missing_class"],
    ),
    (
        "ob3/examples/validator/simple-err-credential-subject-type.json",
        &["type.missing_class"],
    ),
    (
        "ob3/examples/validator/simple-err-evidence-type.json",
        &["type.missing_class"],
    ),
    // Expired / not yet valid: verification matters.
    ("ob3/examples/validator/simple-err-expired.json", &[]),
    // credentialSubject has no `achievement` (required by the schema).
    (
        "ob3/examples/validator/simple-err-issued.json",
        &["schema.required"],
    ),
    (
        "ob3/examples/validator/simple-err-issuer-otheridentifier-type.json",
        &["type.missing_class"],
    ),
    (
        "ob3/examples/validator/simple-err-issuer-parentorg-type.json",
        &["type.missing_class"],
    ),
    (
        "ob3/examples/validator/simple-err-issuer-type.json",
        &["type.missing_class"],
    ),
    // No issuer; no achievement.
    (
        "ob3/examples/validator/simple-err-issuer.json",
        &["schema.required"],
    ),
    // Proof defects: verification matters.
    (
        "ob3/examples/validator/simple-err-proof-method-no-scheme.json",
        &[],
    ),
    (
        "ob3/examples/validator/simple-err-proof-method-unknown-did-method.json",
        &[],
    ),
    (
        "ob3/examples/validator/simple-err-proof-method-unknown-scheme.json",
        &[],
    ),
    ("ob3/examples/validator/simple-err-proof-method.json", &[]),
    ("ob3/examples/validator/simple-err-proof-value.json", &[]),
    // type lacks OpenBadgeCredential / AchievementCredential.
    (
        "ob3/examples/validator/simple-err-type.json",
        &["kind.unknown"],
    ),
    ("ob3/examples/validator/simple-multiple-proofs.json", &[]),
    // credentialSubject has no `achievement`.
    (
        "ob3/examples/validator/simple-noproof.json",
        &["schema.required"],
    ),
    ("ob3/examples/validator/simple.json", &[]),
    ("ob3/examples/validator/simple_v1.json", &[]),
    (
        "ob3/examples/validator/bit-string-list/credential-status-revoked.json",
        &[],
    ),
    (
        "ob3/examples/validator/bit-string-list/credential-status-revoked-blank-nodes.json",
        &[],
    ),
    // A BitstringStatusListCredential: not an OB / CLR credential.
    (
        "ob3/examples/validator/bit-string-list/testlist.json",
        &["kind.unknown"],
    ),
    ("ob3/examples/validator/sd/derivedcredential.json", &[]),
    ("clr2/examples/validator/simple.json", &[]),
    // associations 2..4 name achievements that are not in the CLR.
    (
        "clr2/examples/validator/simple_v1.json",
        &["clr.association"],
    ),
    // As simple_v1, and a nested endorsement without `name`.
    (
        "clr2/examples/validator/complex.json",
        &["clr.association", "schema.required"],
    ),
    // Obsolete draft CLR context (dc.imsglobal.org), not the CLR 2.0 one; and a
    // 1EdTechJsonSchemaValidator2019 credentialSchema without the extensions context.
    (
        "clr2/examples/validator/simple-noproof.json",
        &["context.extensions", "context.missing", "context.unknown"],
    ),
    (
        "clr2/examples/validator/simple_old_safesigned.json",
        &["context.extensions", "context.missing", "context.unknown"],
    ),
];

/// Spec files that are not documents to validate, with the reason.
const NOT_DOCUMENTS: &[(&str, &str)] = &[
    (
        "ob3/test-vectors/eddsa-rdfc-2022.obv3p0.vector.json",
        "derived test-vector bundle (keys, hashes, canonical forms), not a credential",
    ),
    (
        "clr2/test-vectors/eddsa-rdfc-2022.clrv2p0.vector.json",
        "derived test-vector bundle (keys, hashes, canonical forms), not a credential",
    ),
];

#[test]
fn spec_examples_get_their_recorded_verdicts() {
    let spec = support::data().join("spec");
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(spec.join("MANIFEST.json")).unwrap()).unwrap();
    let verdicts: BTreeMap<&str, &[&str]> = SPEC_VERDICTS.iter().copied().collect();
    let skipped: BTreeSet<&str> = NOT_DOCUMENTS.iter().map(|(p, _)| *p).collect();
    let mut checked = 0;
    let mut failures = Vec::new();
    for entry in manifest["entries"].as_array().unwrap() {
        let path = entry["path"].as_str().unwrap();
        if !(path.contains("/examples/") || path.contains("/test-vectors/")) {
            continue;
        }
        if skipped.contains(path) {
            continue;
        }
        let expected = verdicts
            .get(path)
            .unwrap_or_else(|| panic!("{path}: listed in MANIFEST.json but has no verdict here"));
        let report = validator().validate_slice(&std::fs::read(spec.join(path)).unwrap());
        let got = error_codes(&report);
        if got != *expected {
            failures.push(format!(
                "{path}: expected {expected:?}, got {got:?}\n{}",
                show(&report)
            ));
        }
        checked += 1;
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(
        checked,
        SPEC_VERDICTS.len(),
        "a verdict names a file not in MANIFEST.json"
    );
}

#[test]
fn spec_examples_key_findings_have_exact_paths() {
    let spec = support::data().join("spec");
    let cases = [
        (
            "ob3/examples/validator/simple-err-credential-subject-type.json",
            "type.missing_class",
            "$.credentialSubject.type",
        ),
        (
            "ob3/examples/validator/simple-err-evidence-type.json",
            "type.missing_class",
            "$.evidence[1].type",
        ),
        (
            "ob3/examples/validator/simple-err-issuer.json",
            "schema.required",
            "$",
        ),
        (
            "ob3/examples/spec/equality-sample-credential-A.json",
            "context.unknown",
            "$['@context'][2]",
        ),
        (
            "clr2/examples/validator/simple_v1.json",
            "clr.association",
            "$.credentialSubject.association[2].targetId",
        ),
        (
            "ob3/examples/validator/complete.json",
            "result.unknown_level",
            "$.credentialSubject.result[1].achievedLevel",
        ),
    ];
    for (file, code, path) in cases {
        let report = validator().validate_slice(&std::fs::read(spec.join(file)).unwrap());
        assert!(
            report
                .findings()
                .iter()
                .any(|f| f.code == code && f.path.to_string() == path),
            "{file}: no {code} at {path}: {}",
            show(&report)
        );
    }
}

#[test]
fn vcdm_1_1_credentials_are_valid_with_a_warning() {
    let spec = support::data().join("spec");
    let report = validator().validate_slice(
        &std::fs::read(spec.join("ob3/examples/validator/simple_v1.json")).unwrap(),
    );
    assert!(report.is_valid(), "{}", show(&report));
    let warning = report
        .findings()
        .iter()
        .find(|f| f.code == "vcdm.v1")
        .unwrap();
    assert_eq!(warning.severity, Severity::Warning);
    assert_eq!(warning.path.to_string(), "$['@context']");
}

#[test]
fn vcdm_1_1_findings_name_the_received_member() {
    let mut doc = own_credential();
    doc["@context"][0] = json!("https://www.w3.org/2018/credentials/v1");
    let from = doc.as_object_mut().unwrap().remove("validFrom").unwrap();
    doc["issuanceDate"] = from;
    doc["expirationDate"] = json!(5);
    let report = validator().validate_value(&doc);
    let paths: Vec<String> = report
        .errors()
        .map(|f| format!("{} {}", f.code, f.path))
        .collect();
    assert_eq!(paths, ["schema.type $.expirationDate"], "{}", show(&report));
}

fn fixtures() -> std::path::PathBuf {
    support::root().join("fixtures")
}

fn own_credential() -> Value {
    serde_json::from_slice(
        &std::fs::read(fixtures().join("valid/own-achievement-credential.json")).unwrap(),
    )
    .unwrap()
}

#[test]
fn valid_fixtures_are_valid() {
    let mut n = 0;
    for entry in std::fs::read_dir(fixtures().join("valid")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let report = validator().validate_slice(&std::fs::read(&path).unwrap());
            assert!(report.is_valid(), "{}: {}", show(&report), path.display());
            n += 1;
        }
    }
    assert!(n >= 5, "only {n} valid fixtures");
}

/// Every `fixtures/invalid/<code>/` directory with an `expected.tsv` (`file<TAB>path` lines).
fn invalid_fixture_dirs() -> Vec<(String, BTreeMap<String, String>)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(fixtures().join("invalid")).unwrap() {
        let dir = entry.unwrap().path();
        let expected = dir.join("expected.tsv");
        if !expected.is_file() {
            continue;
        }
        let code = dir.file_name().unwrap().to_string_lossy().into_owned();
        let map: BTreeMap<String, String> = std::fs::read_to_string(expected)
            .unwrap()
            .lines()
            .map(|line| {
                let (file, path) = line.split_once('\t').expect("file<TAB>path");
                (file.to_string(), path.to_string())
            })
            .collect();
        out.push((code, map));
    }
    out.sort();
    out
}

#[test]
fn each_invalid_fixture_gives_its_code_at_its_path() {
    let mut failures = Vec::new();
    let mut n = 0;
    for (code, files) in invalid_fixture_dirs() {
        let dir = fixtures().join("invalid").join(&code);
        let on_disk: BTreeSet<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n != "expected.tsv")
            .collect();
        let listed: BTreeSet<String> = files.keys().cloned().collect();
        assert_eq!(on_disk, listed, "{code}: files and expected.tsv differ");
        for (file, path) in files {
            let report = validator().validate_slice(&std::fs::read(dir.join(&file)).unwrap());
            let hit = report
                .findings()
                .iter()
                .any(|f| f.code == code && f.path.to_string() == path);
            if !hit {
                failures.push(format!(
                    "{code}/{file}: no {code} at {path}: {}",
                    show(&report)
                ));
            }
            n += 1;
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(n >= 30, "only {n} invalid fixtures");
}

/// Every code the validator can emit has at least one negative fixture.
#[test]
fn every_finding_code_has_a_fixture() {
    let codes: BTreeSet<String> = invalid_fixture_dirs().into_iter().map(|(c, _)| c).collect();
    let schema_codes = [
        "schema.required",
        "schema.type",
        "schema.oneOf",
        "schema.anyOf",
        "schema.enum",
    ];
    // parse.too_large: a 16 MiB file is not worth committing; built in memory below.
    let no_file = ["parse.too_large"];
    for code in openbadges::validate::CODES.iter().chain(&schema_codes) {
        if !no_file.contains(code) {
            assert!(codes.contains(*code), "no fixture for {code}");
        }
    }
    for code in &codes {
        assert!(
            openbadges::validate::CODES.contains(&code.as_str()) || code.starts_with("schema."),
            "fixture directory {code} is not a code the validator emits"
        );
    }
}

#[test]
fn explicit_kinds_validate_profiles_and_api_payloads() {
    let profile = Document::from_value(json!({
        "id": "https://example.edu/issuers/1",
        "type": ["Profile"],
        "name": "Example University"
    }));
    assert!(validator().validate_as(&profile, Kind::Profile).is_valid());
    // Without being asked, a Profile is not a credential.
    assert!(validator().validate(&profile).has_code("kind.unknown"));

    let response = Document::from_value(json!({"credential": [own_credential()]}));
    let report = validator().validate_as(&response, Kind::GetOpenBadgeCredentialsResponse);
    assert!(report.is_valid(), "{}", show(&report));

    let mut broken = own_credential();
    broken["validFrom"] = json!("2024-05-01T09:00:00");
    let response = Document::from_value(json!({"credential": [broken]}));
    let report = validator().validate_as(&response, Kind::GetOpenBadgeCredentialsResponse);
    assert!(
        report
            .findings()
            .iter()
            .any(|f| f.code == "datetime.zone" && f.path.to_string() == "$.credential[0].validFrom"),
        "{}", show(&report)
    );

    let status = Document::from_value(json!({
        "imsx_codeMajor": "failure",
        "imsx_severity": "error"
    }));
    assert!(
        validator()
            .validate_as(&status, Kind::ImsxStatusInfo)
            .is_valid()
    );
    let status = Document::from_value(json!({"imsx_codeMajor": "maybe"}));
    assert!(
        !validator()
            .validate_as(&status, Kind::ImsxStatusInfo)
            .is_valid()
    );
}

#[test]
fn nested_credential_findings_point_into_the_outer_document() {
    let mut outer = own_credential();
    outer["endorsement"] = json!([{
        "@context": ["https://www.w3.org/ns/credentials/v2",
                     "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "id": "urn:uuid:1",
        "type": ["VerifiableCredential", "EndorsementCredential"],
        "issuer": "https://example.org/1",
        "validFrom": "2024-01-01T00:00:00",
        "name": "Endorsement",
        "credentialSubject": {"id": "https://example.edu/issuers/1", "type": "Subject"}
    }]);
    let report = validator().validate_value(&outer);
    let got: BTreeSet<String> = report
        .errors()
        .map(|f| format!("{} {}", f.code, f.path))
        .collect();
    assert!(
        got.contains("datetime.zone $.endorsement[0].validFrom"),
        "{got:?}"
    );
    assert!(
        got.contains("type.missing_class $.endorsement[0].credentialSubject.type"),
        "{got:?}"
    );
}

// --- hostile input --------------------------------------------------------------------

fn only_code(report: &openbadges::report::Report) -> Vec<&str> {
    report.findings().iter().map(|f| f.code.as_ref()).collect()
}

#[test]
fn malformed_json_is_a_parse_finding_with_line_and_column() {
    let report = validator().validate_slice(b"{\n  \"type\": [\"VerifiableCredential\",\n}");
    assert_eq!(only_code(&report), ["parse.syntax"]);
    assert!(
        report.findings()[0].message.contains("line 3"),
        "{}",
        show(&report)
    );
}

#[test]
fn wrong_types_are_findings() {
    for text in [
        "null",
        "[]",
        "42",
        "\"OpenBadgeCredential\"",
        r#"{"type": 5}"#,
        r#"{"type": {"a": 1}}"#,
    ] {
        let report = validator().validate_slice(text.as_bytes());
        assert_eq!(only_code(&report), ["kind.unknown"], "{text}");
    }
    // Right type, every member of the wrong type.
    let doc = json!({
        "@context": 1, "id": [], "type": "OpenBadgeCredential", "issuer": true,
        "validFrom": 3, "credentialSubject": "x", "proof": 7, "endorsement": 9
    });
    let report = validator().validate_value(&doc);
    assert!(!report.is_valid());
    assert!(report.findings().iter().all(|f| !f.message.is_empty()));
}

#[test]
fn hundred_megabyte_input_is_refused_without_parsing() {
    let mut big = Vec::with_capacity(100 * 1024 * 1024 + 16);
    big.extend_from_slice(b"{\"name\": \"");
    big.resize(100 * 1024 * 1024, b'a');
    big.extend_from_slice(b"\"}");
    let report = validator().validate_slice(&big);
    assert_eq!(only_code(&report), ["parse.too_large"]);
}

#[test]
fn ten_thousand_deep_nesting_is_refused() {
    let text = "[".repeat(10_000) + &"]".repeat(10_000);
    let report = validator().validate_slice(text.as_bytes());
    assert_eq!(only_code(&report), ["parse.too_deep"]);

    // A value built in code bypasses the parser; the validator still refuses it.
    let mut value = json!("leaf");
    for _ in 0..10_000 {
        value = Value::Array(vec![value]);
    }
    let mut doc = json!({"type": "OpenBadgeCredential"});
    doc["name"] = value;
    let report = validator().validate_value(&doc);
    assert_eq!(only_code(&report), ["parse.too_deep"]);
    drop_iteratively(doc);
}

/// Drops a deep value without recursion (serde_json's own drop recurses).
fn drop_iteratively(value: Value) {
    let mut stack = vec![value];
    while let Some(mut v) = stack.pop() {
        match &mut v {
            Value::Array(items) => stack.append(items),
            Value::Object(map) => stack.extend(std::mem::take(map).into_iter().map(|(_, x)| x)),
            _ => {}
        }
    }
}

#[test]
fn invalid_utf8_names_the_offset() {
    let report = validator().validate_slice(b"{\"name\": \"caf\xe9\"}");
    assert_eq!(only_code(&report), ["parse.utf8"]);
    assert!(
        report.findings()[0].message.contains("offset 13"),
        "{}",
        show(&report)
    );
}

#[test]
fn validator_is_shared_across_threads() {
    let credential = own_credential();
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| assert!(validator().validate_value(&credential).is_valid()));
        }
    });
}

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        "[a-zA-Z:./ -]{0,12}".prop_map(Value::String),
        Just(json!("ext:Thing")),
        Just(json!("2024-01-01T00:00:00")),
    ];
    leaf.prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z]{1,3}|id|type|image|name", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

const MEMBERS: &[&str] = &[
    "@context",
    "type",
    "issuer",
    "validFrom",
    "name",
    "credentialSubject",
    "endorsement",
    "evidence",
    "image",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Replacing any top-level member by arbitrary JSON never panics, and the report is
    /// deterministic.
    #[test]
    fn arbitrary_member_values_never_panic(member in 0..MEMBERS.len(), value in arb_json()) {
        let mut doc = own_credential();
        doc[MEMBERS[member]] = value.clone();
        let a = validator().validate_value(&doc);
        let b = validator().validate_value(&doc);
        prop_assert_eq!(a, b);
        let mut subject_doc = own_credential();
        subject_doc["credentialSubject"]["achievement"][MEMBERS[member]] = value;
        let _ = validator().validate_value(&subject_doc);
    }

    /// Arbitrary bytes are always judged (never a panic).
    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        let _ = validator().validate_slice(&bytes);
    }
}

#[test]
fn fixture_readme_lists_every_code() {
    let readme = std::fs::read_to_string(fixtures().join("README.md")).unwrap();
    for (code, _) in invalid_fixture_dirs() {
        assert!(
            readme.contains(&format!("`{code}`")),
            "README.md misses {code}"
        );
    }
    assert!(Path::new(&fixtures().join("valid")).is_dir());
}

#[test]
fn language_maps_are_accepted_where_a_context_declares_them() {
    let mut doc = own_credential();
    doc["name"] = json!({"en": "Data Analysis", "fr": "Analyse de données"});
    assert!(
        validator()
            .validate_value(&doc)
            .has_code("value.language_map")
    );
    doc["@context"]
        .as_array_mut()
        .unwrap()
        .push(json!({"name": {"@id": "https://schema.org/name", "@container": "@language"}}));
    let report = validator().validate_value(&doc);
    assert!(!report.has_code("value.language_map"), "{}", show(&report));
}

#[test]
fn extension_values_must_start_with_ext() {
    let mut doc = own_credential();
    doc["credentialSubject"]["achievement"]["achievementType"] = json!("ext:MicroBadge");
    assert!(validator().validate_value(&doc).is_valid());
    doc["credentialSubject"]["achievement"]["achievementType"] = json!("MicroBadge");
    let report = validator().validate_value(&doc);
    assert_eq!(
        error_codes(&report),
        ["vocab.ext_prefix"],
        "{}",
        show(&report)
    );
}
