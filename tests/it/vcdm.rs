//! F11: the VCDM 2.0 rules every credential obeys, against the W3C vc-data-model-2.0 suite's
//! inputs, in the verifier and the issuer alike.

use openbadges::crypto::{KeyType, SecretKey};
use openbadges::document::Document;
use openbadges::issue::{IssueError, IssueOptions, Issuer};
use openbadges::proof::Cryptosuite;
use openbadges::report::JsonPath;
use openbadges::vcdm;
use openbadges::verify::{Verdict, Verifier};
use serde_json::{Value, json};

use crate::support;

fn input(name: &str) -> Value {
    let path = support::data()
        .join("vectors/vc-data-model-2.0-test-suite/input")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The suite's negative inputs for these rules, with the code and path each must get.
const FAILS: [(&str, &str, &str); 8] = [
    (
        "credential-no-subject-fail.json",
        vcdm::SUBJECT_MISSING,
        "$.credentialSubject",
    ),
    (
        "credential-subject-no-claims-fail.json",
        vcdm::SUBJECT_EMPTY,
        "$.credentialSubject",
    ),
    (
        "credential-subject-multiple-empty-fail.json",
        vcdm::SUBJECT_EMPTY,
        "$.credentialSubject[1]",
    ),
    (
        "credential-status-missing-type-fail.json",
        vcdm::ENTRY_TYPE,
        "$.credentialStatus",
    ),
    (
        "credential-evidence-missing-type-fail.json",
        vcdm::ENTRY_TYPE,
        "$.evidence",
    ),
    (
        "credential-refresh-no-type-fail.json",
        vcdm::ENTRY_TYPE,
        "$.refreshService",
    ),
    (
        "credential-schema-no-type-fail.json",
        vcdm::ENTRY_TYPE,
        "$.credentialSchema",
    ),
    (
        "credential-termsofuse-no-type-fail.json",
        vcdm::ENTRY_TYPE,
        "$.termsOfUse",
    ),
];

fn located(findings: &[openbadges::Finding]) -> Vec<(String, String)> {
    findings
        .iter()
        .map(|f| (f.code.to_string(), f.path.to_string()))
        .collect()
}

#[test]
fn the_suite_inputs_get_their_verdicts() {
    for (file, code, path) in FAILS {
        let found = located(&vcdm::check(&input(file), &JsonPath::root()));
        // Some inputs put the entry in an array: accept the entry's own path or its first item.
        let hit = found
            .iter()
            .any(|(c, p)| c == code && (p == path || *p == format!("{path}[0]")));
        assert!(hit, "{file}: expected {code} at {path}, got {found:?}");
    }
    let dir = support::data().join("vectors/vc-data-model-2.0-test-suite/input");
    let mut ok = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.starts_with("credential-") && name.ends_with("-ok.json") {
            let found = vcdm::check(&input(&name), &JsonPath::root());
            assert!(found.is_empty(), "{name}: {:?}", located(&found));
            ok += 1;
        }
    }
    assert!(ok >= 30, "only {ok} positive inputs");
}

#[test]
fn related_resources_need_an_id_a_digest_and_unique_ids() {
    let mut credential = input("credential-ok.json");
    credential["relatedResource"] = json!([
        {"id": "https://example.com/a", "digestSRI": "sha384-abc"},
        {"id": "https://example.com/b"},
        {"id": "https://example.com/a", "digestMultibase": "uEiB"},
        {"digestSRI": "sha384-abc"}
    ]);
    let found = located(&vcdm::check(&credential, &JsonPath::root()));
    let at = |i: usize| {
        (
            vcdm::RELATED_RESOURCE.to_string(),
            format!("$.relatedResource[{i}]"),
        )
    };
    assert_eq!(found, [at(1), at(2), at(3)]);
}

#[test]
fn the_verifier_and_the_issuer_enforce_them() {
    let credential = input("credential-subject-no-claims-fail.json");
    let report = Verifier::builder()
        .build()
        .verify(&Document::from_value(credential.clone()));
    assert_eq!(report.verdict(), Verdict::Invalid);
    assert!(report.has_code(vcdm::SUBJECT_EMPTY), "{report}");
    // Even without validation (which skips only the OB JSON Schema), issuing refuses.
    let key = SecretKey::from_seed(KeyType::Ed25519, &[3; 32]).unwrap();
    let issuer = Issuer::new(key.into_did_key_signer(), Cryptosuite::EddsaRdfc2022)
        .unwrap()
        .without_validation();
    let err = issuer.issue(&credential, &IssueOptions::new()).unwrap_err();
    let IssueError::Invalid { report } = &err else {
        panic!("expected Invalid, got {err}");
    };
    assert!(report.has_code(vcdm::SUBJECT_EMPTY), "{err}");
}
