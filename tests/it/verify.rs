//! The verifier core with a test double for proofs: validity, status, refresh, recipient,
//! nested CLR / endorsement / presentation reports, lenient mode, the `Verified` token.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use openbadges::Document;
use openbadges::fetch::{Fetcher, MemoryFetcher};
use openbadges::report::{Finding, JsonPath, Severity};
use openbadges::status::{BitstringStatusList, StatusPurpose, status_list_credential};
use openbadges::verify::{
    DocumentKind, ExpectedRecipient, Policy, PolicyBuilder, PolicyError, ProofContext,
    ProofOutcome, Role, Verdict, VerificationReport, Verifier,
};
use proptest::prelude::*;
use serde_json::{Value, json};

use crate::support;

/// The test double: every proof verifies unless its `proofValue` starts with `FORGED`.
fn fake_proofs(credential: &Value, path: &JsonPath, _: &ProofContext<'_>) -> Vec<ProofOutcome> {
    let Some(proof) = credential.get("proof") else {
        return Vec::new();
    };
    let proofs: Vec<(&Value, JsonPath)> = match proof {
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, p)| (p, path.clone().key("proof").index(i)))
            .collect(),
        single => vec![(single, path.clone().key("proof"))],
    };
    proofs
        .into_iter()
        .map(|(proof, at)| {
            let suite = proof
                .get("cryptosuite")
                .or_else(|| proof.get("type"))
                .and_then(Value::as_str)
                .unwrap_or("unknown");
            let forged = proof
                .get("proofValue")
                .and_then(Value::as_str)
                .is_some_and(|v| v.starts_with("FORGED"));
            let outcome = if forged {
                ProofOutcome::invalid(
                    at.clone(),
                    suite,
                    vec![Finding::error(
                        "proof.signature",
                        at.key("proofValue"),
                        "the signature does not match",
                    )],
                )
            } else {
                ProofOutcome::valid(at, suite).with_debug("canonical", "<n-quads>")
            };
            match proof.get("verificationMethod").and_then(Value::as_str) {
                Some(vm) => outcome.with_verification_method(vm),
                None => outcome,
            }
        })
        .collect()
}

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

fn policy() -> PolicyBuilder {
    Policy::builder()
        .at(at("2024-06-01T00:00:00Z"))
        .check_schema(false)
}

fn verifier(policy: PolicyBuilder) -> Verifier {
    Verifier::builder()
        .proof_checker(fake_proofs)
        .without_schema()
        .policy(policy.build().unwrap())
        .build()
}

/// [`verifier`], fetching resources with `fetcher`.
fn fetching(policy: PolicyBuilder, fetcher: impl Fetcher + 'static) -> Verifier {
    Verifier::builder()
        .proof_checker(fake_proofs)
        .without_schema()
        .fetcher(fetcher)
        .policy(policy.build().unwrap())
        .build()
}

fn shared_json(path: &str) -> Value {
    let bytes = std::fs::read(support::data().join(path)).unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

fn codes(report: &VerificationReport) -> Vec<String> {
    report
        .findings()
        .iter()
        .filter(|f| f.severity != Severity::Info)
        .map(|f| f.code.to_string())
        .collect()
}

const ISSUER: &str = "https://example.edu/issuers/565049";

/// A minimal signed-looking OB 3.0 credential.
fn badge(id: &str) -> Value {
    json!({
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
        ],
        "id": id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": ISSUER, "type": ["Profile"], "name": "Example"},
        "validFrom": "2024-01-01T00:00:00Z",
        "name": "Badge",
        "credentialSubject": {
            "id": "did:example:learner",
            "type": ["AchievementSubject"],
            "achievement": {"id": "urn:uuid:a", "type": ["Achievement"], "name": "A",
                            "criteria": {"narrative": "n"}, "description": "d"}
        },
        "proof": {
            "type": "DataIntegrityProof",
            "cryptosuite": "eddsa-rdfc-2022",
            "verificationMethod": format!("{ISSUER}#key-1"),
            "proofPurpose": "assertionMethod",
            "proofValue": "z5ok"
        }
    })
}

fn forge(credential: &mut Value) {
    credential["proof"]["proofValue"] = json!("FORGED");
}

fn run(verifier: &Verifier, credential: Value) -> VerificationReport {
    verifier.verify(&Document::from_value(credential))
}

#[test]
fn plain_badge_is_valid_and_yields_a_verified_document() {
    let report = run(&verifier(policy()), badge("urn:uuid:1"));
    assert_eq!(report.verdict(), Verdict::Valid, "{:#?}", report.findings());
    assert_eq!(report.kind(), DocumentKind::Achievement);
    assert_eq!(report.issuer(), Some(ISSUER));
    assert_eq!(report.proofs().len(), 1);
    assert!(report.proofs()[0].accepted);
    assert!(
        report.proofs()[0].outcome.debug.is_empty(),
        "debug off by default"
    );
    let verified = report
        .into_verified()
        .expect("a valid report yields the document");
    assert_eq!(verified.value()["id"], "urn:uuid:1");
}

#[test]
fn expired_and_forged_reports_both_findings() {
    let mut credential = badge("urn:uuid:2");
    credential["validUntil"] = json!("2024-02-01T00:00:00Z");
    forge(&mut credential);
    let report = run(&verifier(policy()), credential);
    assert_eq!(report.verdict(), Verdict::Invalid);
    let codes = codes(&report);
    assert!(codes.contains(&"proof.signature".to_string()), "{codes:?}");
    assert!(codes.contains(&"validity.expired".to_string()), "{codes:?}");
    let expired = report
        .findings()
        .iter()
        .find(|f| f.code == "validity.expired")
        .unwrap();
    assert_eq!(expired.path.to_string(), "$.validUntil");
    assert!(!report.proofs()[0].accepted);
    assert!(report.into_verified().is_none());
}

#[test]
fn missing_proof_is_reported() {
    let mut credential = badge("urn:uuid:3");
    credential.as_object_mut().unwrap().remove("proof");
    let report = run(&verifier(policy()), credential);
    assert_eq!(codes(&report), ["proof.missing"]);
    assert_eq!(report.verdict(), Verdict::Invalid);
}

#[test]
fn every_proof_of_a_set_must_verify_and_each_is_reported() {
    // Data Integrity proof sets: a proof that is evaluated and fails makes the set fail,
    // whatever the other proofs say.
    let mut credential = badge("urn:uuid:4");
    let good = credential["proof"].clone();
    let mut bad = good.clone();
    bad["proofValue"] = json!("FORGED");
    credential["proof"] = json!([bad, good]);
    let report = run(&verifier(policy()), credential);
    assert_eq!(
        report.verdict(),
        Verdict::Invalid,
        "{:#?}",
        report.findings()
    );
    assert_eq!(report.proofs().len(), 2);
    assert!(!report.proofs()[0].accepted && report.proofs()[1].accepted);
    let signature = report
        .findings()
        .iter()
        .find(|f| f.code == "proof.signature")
        .unwrap();
    assert_eq!(signature.severity, Severity::Error);
    assert_eq!(signature.path.to_string(), "$.proof[0].proofValue");
}

#[test]
fn suite_policy_and_issuer_binding() {
    let verifier_ecdsa = verifier(policy().allow_suites(["ecdsa-rdfc-2019"]));
    let report = run(&verifier_ecdsa, badge("urn:uuid:5"));
    assert_eq!(codes(&report), ["proof.suite_not_allowed"]);

    let mut credential = badge("urn:uuid:6");
    credential["proof"]["verificationMethod"] = json!("did:key:z6MkOther#z6MkOther");
    let report = run(&verifier(policy()), credential);
    assert_eq!(codes(&report), ["proof.issuer_mismatch"]);
    assert_eq!(
        report.findings()[0].path.to_string(),
        "$.proof.verificationMethod"
    );
}

#[test]
fn resolved_controller_is_preferred_over_the_method_prefix() {
    let checker = |c: &Value, p: &JsonPath, _: &ProofContext<'_>| {
        vec![
            ProofOutcome::valid(p.clone().key("proof"), "eddsa-rdfc-2022")
                .with_verification_method(c["proof"]["verificationMethod"].as_str().unwrap())
                .with_controller("did:web:someone-else.example"),
        ]
    };
    let verifier = Verifier::builder()
        .proof_checker(checker)
        .without_schema()
        .policy(policy().build().unwrap())
        .build();
    let report = run(&verifier, badge("urn:uuid:7"));
    assert_eq!(codes(&report), ["proof.issuer_mismatch"]);
}

#[test]
fn validity_with_leeway_and_an_injected_clock() {
    let credential = || {
        let mut c = badge("urn:uuid:8");
        c["validFrom"] = json!("2024-06-01T00:00:00Z");
        c["validUntil"] = json!("2024-07-01T00:00:00Z");
        c
    };
    let cases = [
        ("2024-05-31T23:56:40Z", 300, vec![]),
        ("2024-05-31T23:53:20Z", 300, vec!["validity.not_yet_valid"]),
        ("2024-05-31T23:59:59Z", 0, vec!["validity.not_yet_valid"]),
        ("2024-07-01T00:04:59Z", 300, vec![]),
        ("2024-07-01T00:05:01Z", 300, vec!["validity.expired"]),
    ];
    for (now, leeway, expected) in cases {
        let policy = Policy::builder()
            .at(at(now))
            .leeway(Duration::from_secs(leeway))
            .check_schema(false);
        let report = run(&verifier(policy), credential());
        assert_eq!(codes(&report), expected, "at {now} with leeway {leeway}");
    }
}

#[test]
fn vcdm_1_1_dates() {
    let mut credential = shared_json("spec/ob3/examples/validator/simple_v1.json");
    let verifier = verifier(policy());
    let report = run(&verifier, credential.clone());
    assert_eq!(report.verdict(), Verdict::Valid, "{:#?}", report.findings());
    assert_eq!(codes(&report), ["context.vcdm1"]);
    credential["expirationDate"] = json!("2020-01-01T00:00:00Z");
    let report = run(&verifier, credential.clone());
    assert!(codes(&report).contains(&"validity.expired".to_string()));
    credential["expirationDate"] = json!("2030-01-01T00:00:00Z");
    credential["issuanceDate"] = json!("2025-01-01T00:00:00Z");
    let report = run(&verifier, credential.clone());
    let future = report
        .findings()
        .iter()
        .find(|f| f.code == "validity.not_yet_valid")
        .unwrap();
    assert_eq!(future.path.to_string(), "$.issuanceDate");
    credential["issuanceDate"] = json!("1 January 2010");
    assert!(codes(&run(&verifier, credential)).contains(&"validity.malformed".to_string()));
}

#[test]
fn the_1edtech_expired_fixture_is_expired() {
    let credential = shared_json("spec/ob3/examples/validator/simple-err-expired.json");
    let report = run(&verifier(policy()), credential);
    assert!(codes(&report).contains(&"validity.expired".to_string()));
    assert_eq!(report.verdict(), Verdict::Invalid);
}

const TESTLIST_URL: &str = "https://raw.githubusercontent.com/1EdTech/digital-credentials-public-validator/refs/heads/main/inspector-vc/src/test/resources/ob30/bit-string-list/testlist";

fn revoked_fixture() -> Value {
    shared_json("spec/ob3/examples/validator/bit-string-list/credential-status-revoked.json")
}

#[test]
fn unreachable_status_list_is_indeterminate_not_valid() {
    // Default fetcher: offline.
    let report = run(&verifier(policy()), revoked_fixture());
    assert_eq!(
        report.verdict(),
        Verdict::Indeterminate,
        "{:#?}",
        report.findings()
    );
    let unavailable = report
        .findings()
        .iter()
        .find(|f| f.code == "status.unavailable")
        .unwrap();
    assert_eq!(
        unavailable.path.to_string(),
        "$.credentialStatus.statusListCredential"
    );
    assert!(report.into_verified().is_none());
    // A fetcher that does not have the list.
    let verifier = fetching(policy(), MemoryFetcher::new());
    let report = run(&verifier, revoked_fixture());
    assert_eq!(report.verdict(), Verdict::Indeterminate);
}

#[test]
fn revoked_by_the_1edtech_bitstring_fixture() {
    let list = std::fs::read(
        support::data().join("spec/ob3/examples/validator/bit-string-list/testlist.json"),
    )
    .unwrap();
    let fetcher = Arc::new(MemoryFetcher::new().with(TESTLIST_URL, list));
    let verifier = fetching(policy(), Arc::clone(&fetcher));
    let report = run(&verifier, revoked_fixture());
    assert_eq!(report.verdict(), Verdict::Invalid);
    assert!(
        codes(&report).contains(&"status.revoked".to_string()),
        "{:#?}",
        report.findings()
    );
    let revoked = report
        .findings()
        .iter()
        .find(|f| f.code == "status.revoked")
        .unwrap();
    assert_eq!(revoked.path.to_string(), "$.credentialStatus");
    // The list credential was verified recursively, and is fine.
    let list_report = report
        .nested()
        .iter()
        .find(|n| n.role() == Role::StatusList)
        .unwrap();
    assert_eq!(list_report.kind(), DocumentKind::StatusList);
    assert_eq!(
        list_report.verdict(),
        Verdict::Valid,
        "{:#?}",
        list_report.findings()
    );
    assert_eq!(list_report.url(), Some(TESTLIST_URL));
    assert_eq!(fetcher.requests(TESTLIST_URL), 1);
}

fn with_status(mut credential: Value, purpose: &str, list_url: &str, index: u64) -> Value {
    credential["credentialStatus"] = json!({
        "id": format!("{list_url}#{index}"),
        "type": "BitstringStatusListEntry",
        "statusPurpose": purpose,
        "statusListIndex": index.to_string(),
        "statusListCredential": list_url
    });
    credential
}

fn signed_list(url: &str, issuer: &str, purpose: &StatusPurpose, set: &[u64]) -> Value {
    let mut list = BitstringStatusList::new(131_072, 1).unwrap();
    for &i in set {
        list.set(i, 1).unwrap();
    }
    let mut credential =
        status_list_credential(url, issuer, purpose, &list, "2024-01-01T00:00:00Z");
    credential["proof"] = json!({
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "verificationMethod": format!("{issuer}#key-1"),
        "proofPurpose": "assertionMethod",
        "proofValue": "z5ok"
    });
    credential
}

#[test]
fn suspended_and_not_suspended() {
    let url = "https://example.edu/status/suspension";
    let list = signed_list(url, ISSUER, &StatusPurpose::Suspension, &[7]);
    let verifier = fetching(policy(), MemoryFetcher::new().with_json(url, &list));
    let report = run(
        &verifier,
        with_status(badge("urn:uuid:9"), "suspension", url, 7),
    );
    assert_eq!(codes(&report), ["status.suspended"]);
    assert_eq!(report.verdict(), Verdict::Invalid);
    let report = run(
        &verifier,
        with_status(badge("urn:uuid:9"), "suspension", url, 8),
    );
    assert_eq!(report.verdict(), Verdict::Valid, "{:#?}", report.findings());
}

#[test]
fn status_list_of_another_issuer_or_forged_is_rejected() {
    let url = "https://example.edu/status/1";
    let foreign = signed_list(
        url,
        "https://evil.example/issuer",
        &StatusPurpose::Revocation,
        &[],
    );
    let verifier_foreign = fetching(policy(), MemoryFetcher::new().with_json(url, &foreign));
    let report = run(
        &verifier_foreign,
        with_status(badge("urn:uuid:10"), "revocation", url, 3),
    );
    assert_eq!(codes(&report), ["status.issuer_mismatch"]);

    let mut forged = signed_list(url, ISSUER, &StatusPurpose::Revocation, &[]);
    forge(&mut forged);
    let verifier_forged = fetching(policy(), MemoryFetcher::new().with_json(url, &forged));
    let report = run(
        &verifier_forged,
        with_status(badge("urn:uuid:10"), "revocation", url, 3),
    );
    assert_eq!(codes(&report), ["status.list_unverified"]);
    let list_report = &report.nested()[0];
    assert_eq!(list_report.verdict(), Verdict::Invalid);
    assert!(list_report.has_code("proof.signature"));
}

#[test]
fn unknown_status_type_is_a_finding() {
    let mut credential = badge("urn:uuid:11");
    credential["credentialStatus"] = json!({
        "id": "https://example.edu/status/2021#5",
        "type": "StatusList2021Entry",
        "statusPurpose": "revocation",
        "statusListIndex": "5",
        "statusListCredential": "https://example.edu/status/2021"
    });
    let report = run(&verifier(policy()), credential);
    assert_eq!(codes(&report), ["status.unknown_type"]);
    assert_eq!(
        report.findings()[0].path.to_string(),
        "$.credentialStatus.type"
    );
    assert_eq!(report.verdict(), Verdict::Invalid);
}

#[test]
fn legacy_1edtech_revocation_list() {
    let url = "https://example.edu/revocations";
    let mut credential = badge("urn:uuid:12");
    credential["credentialStatus"] = json!({"id": url, "type": "1EdTechRevocationList"});
    let list = json!({"revokedCredentials": [
        {"id": "urn:uuid:other"},
        {"id": "urn:uuid:12", "revocationReason": "issued in error"},
        {"id": "urn:uuid:13", "revoked": false}
    ]});
    let verifier = fetching(policy(), MemoryFetcher::new().with_json(url, &list));
    let report = run(&verifier, credential.clone());
    assert_eq!(codes(&report), ["status.revoked"]);
    assert!(report.findings()[0].message.contains("issued in error"));
    credential["id"] = json!("urn:uuid:13");
    assert_eq!(run(&verifier, credential).verdict(), Verdict::Valid);
}

#[test]
fn status_checks_can_be_turned_off() {
    let report = run(&verifier(policy().check_status(false)), revoked_fixture());
    assert_eq!(report.verdict(), Verdict::Valid, "{:#?}", report.findings());
    assert!(report.has_code("status.skipped"));
}

#[test]
fn fetch_budget_is_enforced() {
    let report = run(&verifier(policy().max_fetches(0)), revoked_fixture());
    assert!(report.has_code("verify.fetch_limit"));
    assert_eq!(report.verdict(), Verdict::Indeterminate);
}

fn identifier_badge(identifier: Value) -> Value {
    let mut credential = badge("urn:uuid:14");
    let subject = credential["credentialSubject"].as_object_mut().unwrap();
    subject.remove("id");
    subject.insert("identifier".into(), identifier);
    credential
}

#[test]
fn recipient_plain_and_hashed() {
    let email = |value: &str| ExpectedRecipient::Identity {
        identity_type: Some("emailAddress".into()),
        value: value.into(),
    };
    let hashed = |algorithm: &str, identity: &str, salt: &str| -> String {
        use sha2::Digest;
        let input = format!("{identity}{salt}");
        let digest: Vec<u8> = match algorithm {
            "sha256" => sha2::Sha256::digest(input.as_bytes()).to_vec(),
            _ => md5::Md5::digest(input.as_bytes()).to_vec(),
        };
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        format!("{algorithm}${hex}")
    };
    let cases = [
        (
            json!([{"type": "IdentityObject", "identityType": "emailAddress", "hashed": true,
                    "identityHash": hashed("sha256", "learner@example.edu", "pepper"), "salt": "pepper"}]),
            true,
        ),
        (
            json!({"type": "IdentityObject", "identityType": "emailAddress", "hashed": true,
                   "identityHash": hashed("md5", "learner@example.edu", "")}),
            true,
        ),
        (
            json!([{"type": "IdentityObject", "identityType": "emailAddress", "hashed": false,
                    "identityHash": "learner@example.edu"}]),
            true,
        ),
        (
            json!([{"type": "IdentityObject", "identityType": "studentId", "hashed": false,
                    "identityHash": "learner@example.edu"}]),
            false,
        ),
        (
            json!([{"type": "IdentityObject", "identityType": "emailAddress", "hashed": true,
                    "identityHash": hashed("sha256", "learner@example.edu", "wrong-salt"), "salt": "pepper"}]),
            false,
        ),
    ];
    for (i, (identifier, matches)) in cases.into_iter().enumerate() {
        let verifier = verifier(policy().recipient(email("learner@example.edu")));
        let report = run(&verifier, identifier_badge(identifier));
        assert_eq!(
            report.verdict() == Verdict::Valid,
            matches,
            "case {i}: {:#?}",
            report.findings()
        );
        if !matches {
            assert_eq!(codes(&report), ["recipient.mismatch"], "case {i}");
        }
    }
    let by_id = verifier(policy().recipient(ExpectedRecipient::Id("did:example:learner".into())));
    assert_eq!(run(&by_id, badge("urn:uuid:15")).verdict(), Verdict::Valid);
    let other = verifier(policy().recipient(ExpectedRecipient::Id("did:example:other".into())));
    let report = run(&other, badge("urn:uuid:15"));
    assert_eq!(codes(&report), ["recipient.mismatch"]);
    assert_eq!(report.findings()[0].path.to_string(), "$.credentialSubject");
}

fn clr(members: Vec<Value>) -> Value {
    json!({
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
        ],
        "id": "urn:uuid:clr",
        "type": ["VerifiableCredential", "ClrCredential"],
        "issuer": {"id": ISSUER, "type": ["Profile"]},
        "validFrom": "2024-01-01T00:00:00Z",
        "name": "CLR",
        "credentialSubject": {"id": "did:example:learner", "type": ["ClrSubject"],
                              "verifiableCredential": members},
        "proof": {"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022",
                  "verificationMethod": format!("{ISSUER}#key-1"), "proofValue": "z5ok"}
    })
}

#[test]
fn nested_clr_names_the_failing_member_by_path() {
    let mut bad = badge("urn:uuid:member-2");
    forge(&mut bad);
    let report = run(
        &verifier(policy()),
        clr(vec![badge("urn:uuid:member-1"), bad]),
    );
    assert_eq!(report.kind(), DocumentKind::Clr);
    assert_eq!(report.verdict(), Verdict::Invalid);
    assert_eq!(
        report.own_verdict(),
        Verdict::Valid,
        "{:#?}",
        report.findings()
    );
    assert_eq!(report.nested().len(), 2);
    assert!(report.nested().iter().all(|n| n.role() == Role::ClrMember));
    assert_eq!(report.nested()[0].verdict(), Verdict::Valid);
    let failing = &report.nested()[1];
    assert_eq!(failing.verdict(), Verdict::Invalid);
    assert_eq!(
        failing.path().to_string(),
        "$.credentialSubject.verifiableCredential[1]"
    );
    assert_eq!(
        failing.findings()[0].path.to_string(),
        "$.credentialSubject.verifiableCredential[1].proof.proofValue"
    );
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["verdict"], "invalid");
    assert_eq!(
        json["nested"][1]["path"],
        "$.credentialSubject.verifiableCredential[1]"
    );
    assert_eq!(json["nested"][1]["role"], "clrMember");
}

#[test]
fn the_clr_test_vector_verifies_every_member() {
    let credential = shared_json("spec/clr2/test-vectors/clr2-testvector.signed.json");
    let members = credential["credentialSubject"]["verifiableCredential"]
        .as_array()
        .map_or(0, Vec::len);
    let report = run(&verifier(policy()), credential);
    assert_eq!(
        report.verdict(),
        Verdict::Valid,
        "{:#?}",
        report.all_findings()
    );
    let clr_members = report
        .nested()
        .iter()
        .filter(|n| n.role() == Role::ClrMember)
        .count();
    assert_eq!(clr_members, members);
    assert!(members > 0);
}

#[test]
fn embedded_endorsements_are_verified_everywhere() {
    let credential =
        shared_json("spec/ob3/examples/spec/complete-openbadgecredential.2025-04.json");
    let report = run(&verifier(policy()), credential);
    let mut all = Vec::new();
    fn walk(r: &VerificationReport, out: &mut Vec<(Role, String)>) {
        out.push((r.role(), r.path().to_string()));
        r.nested().iter().for_each(|n| walk(n, out));
    }
    walk(&report, &mut all);
    let endorsement_paths: Vec<&String> = all
        .iter()
        .filter(|(role, _)| *role == Role::Endorsement)
        .map(|(_, p)| p)
        .collect();
    assert!(endorsement_paths.len() >= 2, "{all:?}");
    assert!(
        endorsement_paths
            .iter()
            .any(|p| p.starts_with("$.endorsement[")),
        "{all:?}"
    );
    assert!(
        endorsement_paths.iter().any(
            |p| p.contains(".achievement.endorsement[") || p.contains(".issuer().endorsement[")
        ),
        "{all:?}"
    );
    // The outer credential is unsigned; the endorsements' legacy revocation lists are
    // offline: invalid overall.
    assert!(report.has_code("proof.missing"));
    assert_eq!(report.verdict(), Verdict::Invalid);
}

#[test]
fn nesting_depth_is_bounded() {
    let mut credential = badge("urn:uuid:16");
    let mut inner = badge("urn:uuid:17");
    inner["type"] = json!(["VerifiableCredential", "EndorsementCredential"]);
    inner["endorsement"] = json!([inner.clone()]);
    credential["endorsement"] = json!([inner]);
    let report = run(&verifier(policy().max_depth(1)), credential);
    assert_eq!(report.verdict(), Verdict::Invalid);
    let deep = &report.nested()[0];
    assert_eq!(deep.role(), Role::Endorsement);
    assert_eq!(codes(deep), ["verify.too_deep"]);
    assert_eq!(
        deep.findings()[0].path.to_string(),
        "$.endorsement[0].endorsement[0]"
    );
}

#[test]
fn credential_budget_is_enforced() {
    let members: Vec<Value> = (0..5).map(|i| badge(&format!("urn:uuid:m{i}"))).collect();
    let report = run(&verifier(policy().max_credentials(3)), clr(members));
    assert_eq!(report.verdict(), Verdict::Invalid);
    assert!(report.has_code("verify.too_many"));
}

#[test]
fn presentation_passes_challenge_and_verifies_its_credentials() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let seen_in_checker = Arc::clone(&seen);
    let checker = move |c: &Value, p: &JsonPath, ctx: &ProofContext<'_>| {
        seen_in_checker.lock().unwrap().push((
            ctx.kind,
            ctx.challenge.map(str::to_string),
            ctx.domain.map(str::to_string),
        ));
        fake_proofs(c, p, ctx)
    };
    let presentation = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiablePresentation"],
        "holder": "did:example:learner",
        "verifiableCredential": [badge("urn:uuid:18"), "eyJhbGciOiJFZERTQSJ9.eyJ2YyI6e319.c2ln"],
        "proof": {"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022",
                  "verificationMethod": "did:example:learner#key-1", "proofValue": "z5ok",
                  "proofPurpose": "authentication", "challenge": "abc", "domain": "example.org"}
    });
    let verifier = Verifier::builder()
        .proof_checker(checker)
        .without_schema()
        .policy(
            policy()
                .challenge("abc")
                .domain("example.org")
                .recipient(ExpectedRecipient::Id("did:example:learner".into()))
                .build()
                .unwrap(),
        )
        .build();
    let report = run(&verifier, presentation);
    assert_eq!(report.kind(), DocumentKind::Presentation);
    assert_eq!(report.nested().len(), 1);
    assert_eq!(report.nested()[0].role(), Role::Presented);
    assert_eq!(
        report.nested()[0].verdict(),
        Verdict::Valid,
        "{:#?}",
        report.nested()[0].findings()
    );
    // The JWT credential cannot be checked here: indeterminate, not valid.
    assert_eq!(codes(&report), ["credential.jwt_unsupported"]);
    assert_eq!(report.verdict(), Verdict::Indeterminate);
    let seen = seen.lock().unwrap();
    assert_eq!(
        seen[0],
        (
            DocumentKind::Presentation,
            Some("abc".to_string()),
            Some("example.org".to_string())
        )
    );
}

#[test]
fn refresh_replaces_the_credential_when_the_new_one_verifies() {
    let url = "https://example.edu/credentials/19/refresh";
    let mut original = badge("urn:uuid:19");
    original["validUntil"] = json!("2024-03-01T00:00:00Z");
    original["refreshService"] = json!({"id": url, "type": "1EdTechCredentialRefresh"});
    let mut fresh = badge("urn:uuid:19");
    fresh["validUntil"] = json!("2025-03-01T00:00:00Z");
    fresh["refreshService"] = json!({"id": url, "type": "1EdTechCredentialRefresh"});
    let fetcher = Arc::new(MemoryFetcher::new().with_json(url, &fresh));
    let verifier = fetching(policy(), Arc::clone(&fetcher));
    let report = run(&verifier, original.clone());
    assert_eq!(
        report.verdict(),
        Verdict::Valid,
        "{:#?}",
        report.all_findings()
    );
    assert!(report.has_code("refresh.used"));
    assert_eq!(report.url(), Some(url));
    let superseded = report
        .nested()
        .iter()
        .find(|n| n.role() == Role::Superseded)
        .unwrap();
    assert!(superseded.has_code("validity.expired"));
    assert_eq!(fetcher.requests(url), 1, "refresh is done once");
    let verified = report.into_verified().unwrap();
    assert_eq!(verified.value()["validUntil"], "2025-03-01T00:00:00Z");

    // A forged refreshed credential is not used: the original stands, and says so.
    forge(&mut fresh);
    let verifier = fetching(policy(), MemoryFetcher::new().with_json(url, &fresh));
    let report = run(&verifier, original);
    assert_eq!(report.verdict(), Verdict::Invalid);
    assert_eq!(codes(&report), ["validity.expired", "refresh.failed"]);
    let candidate = report
        .nested()
        .iter()
        .find(|n| n.role() == Role::RefreshCandidate)
        .unwrap();
    assert_eq!(candidate.verdict(), Verdict::Invalid);
}

#[test]
fn refresh_failure_falls_back_to_the_original() {
    let mut credential = badge("urn:uuid:20");
    credential["refreshService"] =
        json!({"id": "https://example.edu/refresh/20", "type": "1EdTechCredentialRefresh"});
    // Offline (the default fetcher): refresh is not possible, which is expected: info.
    let report = run(&verifier(policy()), credential.clone());
    assert_eq!(report.verdict(), Verdict::Valid);
    assert!(codes(&report).is_empty());
    assert!(report.has_code("refresh.failed"));
    assert_eq!(report.findings()[0].severity, Severity::Info);
    // A fetcher that fails: a warning.
    let failing = fetching(policy(), MemoryFetcher::new());
    let report = run(&failing, credential.clone());
    assert_eq!(report.verdict(), Verdict::Valid);
    assert_eq!(codes(&report), ["refresh.failed"]);
    assert_eq!(report.findings()[0].severity, Severity::Warning);
    let report = run(&verifier(policy().refresh(false)), credential);
    assert!(codes(&report).is_empty());
}

#[test]
fn lenient_mode_downgrades_listed_codes_but_never_proof_codes() {
    let mut credential = badge("urn:uuid:21");
    credential["validUntil"] = json!("2024-02-01T00:00:00Z");
    let lenient = verifier(policy().lenient(["validity.expired"]));
    let report = run(&lenient, credential.clone());
    assert_eq!(report.verdict(), Verdict::Valid);
    assert_eq!(report.findings()[0].severity, Severity::Warning);

    assert_eq!(
        Policy::builder()
            .lenient(["proof.signature"])
            .build()
            .unwrap_err(),
        PolicyError::ProtectedCode {
            code: "proof.signature".into()
        }
    );
    assert!(
        Policy::builder()
            .lenient(["signature.invalid"])
            .build()
            .is_err()
    );

    // A proof checker finding keeps its severity even when its code is listed.
    let odd = |_: &Value, p: &JsonPath, _: &ProofContext<'_>| {
        let at = p.clone().key("proof");
        vec![ProofOutcome::invalid(
            at.clone(),
            "eddsa-rdfc-2022",
            vec![Finding::error(
                "jsonld.undefined_term",
                at,
                "term `foo` is undefined",
            )],
        )]
    };
    let verifier = Verifier::builder()
        .proof_checker(odd)
        .without_schema()
        .policy(
            policy()
                .lenient(["validity.expired", "jsonld.undefined_term"])
                .build()
                .unwrap(),
        )
        .build();
    let report = run(&verifier, credential);
    assert_eq!(report.verdict(), Verdict::Invalid);
    let undefined = report
        .findings()
        .iter()
        .find(|f| f.code == "jsonld.undefined_term")
        .unwrap();
    assert_eq!(undefined.severity, Severity::Error);

    // Lenient on an indeterminate code makes an unreachable list acceptable.
    let report = run(
        &self::verifier(policy().lenient(["status.unavailable"])),
        revoked_fixture(),
    );
    assert_eq!(report.verdict(), Verdict::Valid, "{:#?}", report.findings());
}

#[test]
fn verified_token_only_from_a_valid_report() {
    let mut forged = badge("urn:uuid:22");
    forge(&mut forged);
    assert!(run(&verifier(policy()), forged).into_verified().is_none());
    assert!(
        run(&verifier(policy()), revoked_fixture())
            .into_verified()
            .is_none()
    );
    assert!(
        run(&verifier(policy()), badge("urn:uuid:22"))
            .into_verified()
            .is_some()
    );
}

#[test]
fn schema_hook_findings_are_rebased_onto_the_outer_document() {
    let validator = |c: &Value, kind: DocumentKind| {
        if kind == DocumentKind::Achievement && c.get("name").is_some() {
            vec![Finding::error(
                "schema.type",
                JsonPath::root().key("name"),
                "bad name",
            )]
        } else {
            Vec::new()
        }
    };
    let verifier = Verifier::builder()
        .proof_checker(fake_proofs)
        .validator(validator)
        .policy(
            Policy::builder()
                .at(at("2024-06-01T00:00:00Z"))
                .build()
                .unwrap(),
        )
        .build();
    let report = run(&verifier, clr(vec![badge("urn:uuid:23")]));
    let member = &report.nested()[0];
    assert_eq!(
        member.findings()[0].path.to_string(),
        "$.credentialSubject.verifiableCredential[0].name"
    );
    assert_eq!(report.verdict(), Verdict::Invalid);
}

#[test]
fn basic_context_and_type_checks() {
    let mut credential = badge("urn:uuid:24");
    credential["@context"] = json!(["https://example.com/ctx"]);
    credential["type"] = json!(["OpenBadgeCredential"]);
    credential.as_object_mut().unwrap().remove("issuer");
    let report = run(&verifier(policy()), credential);
    let codes = codes(&report);
    for expected in [
        "context.first",
        "context.profile_missing",
        "type.base_missing",
        "issuer.missing",
    ] {
        assert!(
            codes.contains(&expected.to_string()),
            "{expected} in {codes:?}"
        );
    }
    let report = run(&verifier(policy()), json!([1, 2]));
    assert_eq!(report.kind(), DocumentKind::Unknown);
    assert_eq!(self::codes(&report), ["credential.not_object"]);
}

#[test]
fn verify_slice_parses_strictly() {
    let verifier = verifier(policy());
    assert!(verifier.verify_slice(br#"{"id": 1, "id": 2}"#).is_err());
    let report = verifier
        .verify_slice(badge("urn:uuid:25").to_string().as_bytes())
        .unwrap();
    assert!(report.is_valid());
}

#[test]
fn debug_values_are_kept_only_when_asked() {
    let report = run(&verifier(policy().debug(true)), badge("urn:uuid:26"));
    assert_eq!(
        report.proofs()[0]
            .outcome
            .debug
            .get("canonical")
            .map(String::as_str),
        Some("<n-quads>")
    );
}

proptest! {
    #[test]
    fn not_yet_valid_exactly_beyond_the_leeway(offset in -5_000i64..5_000, leeway in 0u64..2_000) {
        let mut credential = badge("urn:uuid:p");
        credential["validFrom"] = json!("2024-06-01T00:00:00Z");
        let now = at("2024-06-01T00:00:00Z") + chrono::TimeDelta::seconds(offset);
        let policy = Policy::builder().at(now).leeway(Duration::from_secs(leeway)).check_schema(false);
        let report = run(&verifier(policy), credential);
        let early = offset < -(leeway as i64);
        prop_assert_eq!(report.has_code("validity.not_yet_valid"), early);
        prop_assert_eq!(report.verdict() == Verdict::Valid, !early);
    }
}

#[test]
fn refreshed_credential_of_another_issuer_is_not_used() {
    let url = "https://example.edu/credentials/27/refresh";
    let mut original = badge("urn:uuid:27");
    original["refreshService"] = json!({"id": url, "type": "1EdTechCredentialRefresh"});
    let mut other = badge("urn:uuid:27");
    other["issuer"] = json!("https://evil.example/issuer");
    other["proof"]["verificationMethod"] = json!("https://evil.example/issuer#key-1");
    let verifier = fetching(policy(), MemoryFetcher::new().with_json(url, &other));
    let report = run(&verifier, original);
    assert_eq!(report.verdict(), Verdict::Valid);
    assert_eq!(report.url(), None, "the original stands");
    assert_eq!(codes(&report), ["refresh.failed"]);
}

#[test]
fn too_many_status_entries_are_refused() {
    let mut credential = badge("urn:uuid:28");
    let entry = json!({"id": "https://example.edu/r", "type": "1EdTechRevocationList"});
    credential["credentialStatus"] = Value::Array(vec![entry; 33]);
    let report = run(&verifier(policy()), credential);
    assert_eq!(codes(&report), ["verify.too_many"]);
}

/// A checker that also "decodes" JWTs of the form `header.<credential id>.sig`, looking the
/// credential up in a table; `sig` = `bad` makes the signature invalid.
struct JwtChecker {
    credentials: Vec<Value>,
}

impl openbadges::verify::ProofChecker for JwtChecker {
    fn check(
        &self,
        credential: &Value,
        path: &JsonPath,
        context: &ProofContext<'_>,
    ) -> Vec<ProofOutcome> {
        fake_proofs(credential, path, context)
    }

    fn check_jwt(
        &self,
        jwt: &str,
        path: &JsonPath,
        _: &ProofContext<'_>,
    ) -> Option<openbadges::verify::JwtOutcome> {
        let mut parts = jwt.split('.');
        let (_, id, sig) = (parts.next()?, parts.next()?, parts.next()?);
        let credential = self
            .credentials
            .iter()
            .find(|c| c["id"] == id)
            .cloned()
            .unwrap_or(Value::Null);
        let proof = if sig == "bad" || credential.is_null() {
            ProofOutcome::invalid(path.clone(), "vc-jwt", Vec::new())
        } else {
            ProofOutcome::valid(path.clone(), "vc-jwt").with_controller(ISSUER)
        };
        Some(openbadges::verify::JwtOutcome::new(credential, proof))
    }
}

#[test]
fn jwt_credentials_are_verified_through_the_seam() {
    let mut unsigned = badge("urn:uuid:29");
    unsigned.as_object_mut().unwrap().remove("proof");
    let checker = JwtChecker {
        credentials: vec![unsigned],
    };
    let verifier = Verifier::builder()
        .proof_checker(checker)
        .without_schema()
        .policy(policy().build().unwrap())
        .build();
    let report = verifier.verify_jwt("h.urn:uuid:29.sig").unwrap();
    assert_eq!(report.verdict(), Verdict::Valid, "{:#?}", report.findings());
    assert_eq!(report.proofs()[0].outcome.suite, "vc-jwt");
    assert!(report.into_verified().is_some());
    let report = verifier.verify_jwt("h.urn:uuid:29.bad").unwrap();
    assert_eq!(codes(&report), ["proof.invalid"]);
    let report = verifier.verify_jwt("h.urn:uuid:unknown.sig").unwrap();
    assert_eq!(report.verdict(), Verdict::Invalid);
    assert_eq!(codes(&report), ["credential.not_object"]);
    assert_eq!(report.proofs().len(), 1);
    assert!(!report.proofs()[0].accepted);

    let mut outer = badge("urn:uuid:30");
    outer["endorsementJwt"] = json!(["h.urn:uuid:29.bad"]);
    let report = run(&verifier, outer);
    assert_eq!(report.verdict(), Verdict::Invalid);
    assert_eq!(report.nested()[0].role(), Role::Endorsement);
    assert_eq!(report.nested()[0].path().to_string(), "$.endorsementJwt[0]");

    let plain = self::verifier(policy());
    assert!(matches!(
        plain.verify_jwt("h.urn:uuid:29.sig"),
        Err(openbadges::verify::VerifyError::JwtUnsupported)
    ));
}

#[test]
fn report_prints_as_a_tree() {
    let mut bad = badge("urn:uuid:member-2");
    forge(&mut bad);
    let report = run(
        &verifier(policy()),
        clr(vec![badge("urn:uuid:member-1"), bad]),
    );
    let text = report.to_string();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "invalid Clr (Root) at $ id urn:uuid:clr");
    assert_eq!(
        lines[1],
        "  valid Achievement (ClrMember) at $.credentialSubject.verifiableCredential[0] id urn:uuid:member-1"
    );
    assert!(lines[3].starts_with(
        "    - error [proof.signature] at $.credentialSubject.verifiableCredential[1].proof.proofValue"
    ));
}

#[test]
fn the_1edtech_revocation_list_fixture() {
    let credential = shared_json("spec/ob3/examples/validator/credential-status-revoked.json");
    let url = credential["credentialStatus"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let id = credential["id"].as_str().unwrap().to_string();
    // Offline: indeterminate.
    let report = run(&verifier(policy()), credential.clone());
    assert_eq!(
        report.verdict(),
        Verdict::Indeterminate,
        "{:#?}",
        report.findings()
    );
    assert_eq!(
        report
            .findings()
            .iter()
            .find(|f| f.code == "status.unavailable")
            .map(|f| f.path.to_string())
            .as_deref(),
        Some("$.credentialStatus.id")
    );
    // A list naming it: revoked.
    let list = json!({"revokedCredentials": [{"id": id, "revoked": true}]});
    let verifier = fetching(policy(), MemoryFetcher::new().with_json(url, &list));
    let report = run(&verifier, credential);
    assert!(codes(&report).contains(&"status.revoked".to_string()));
    assert_eq!(report.verdict(), Verdict::Invalid);
}

fn interesting_json() -> impl Strategy<Value = Value> {
    let keys = prop::sample::select(vec![
        "@context",
        "id",
        "type",
        "issuer",
        "holder",
        "proof",
        "validFrom",
        "validUntil",
        "issuanceDate",
        "expirationDate",
        "credentialStatus",
        "statusPurpose",
        "statusListIndex",
        "statusListCredential",
        "refreshService",
        "credentialSubject",
        "identifier",
        "identityHash",
        "hashed",
        "salt",
        "endorsement",
        "endorsementJwt",
        "verifiableCredential",
        "proofValue",
        "verificationMethod",
    ]);
    let strings = prop::sample::select(vec![
        "VerifiableCredential",
        "EndorsementCredential",
        "ClrCredential",
        "VerifiablePresentation",
        "OpenBadgeCredential",
        "BitstringStatusListEntry",
        "BitstringStatusListCredential",
        "1EdTechRevocationList",
        "1EdTechCredentialRefresh",
        "EnvelopedVerifiableCredential",
        "https://www.w3.org/ns/credentials/v2",
        "https://example.edu/list",
        "https://example.edu/issuers/565049",
        "https://example.edu/issuers/565049#key-1",
        "2024-01-01T00:00:00Z",
        "2024-13-01T00:00:00",
        "sha256$00",
        "md5$",
        "a.b.c",
        "data:application/vc+jwt,a.b.c",
        "FORGED",
        "revocation",
        "suspension",
        "7",
        "",
    ]);
    let leaf = prop_oneof![
        strings.prop_map(|s| json!(s)),
        any::<bool>().prop_map(Value::Bool),
        (0u64..200_000).prop_map(|n| json!(n)),
        Just(Value::Null),
    ];
    leaf.prop_recursive(5, 64, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((keys.clone(), inner), 0..6).prop_map(|members| {
                Value::Object(
                    members
                        .into_iter()
                        .map(|(k, v)| (k.to_string(), v))
                        .collect(),
                )
            }),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Whatever the input, the verifier answers (no panic), and the verdict agrees with
    /// the findings.
    #[test]
    fn arbitrary_documents_never_panic(document in interesting_json()) {
        let list = signed_list("https://example.edu/list", ISSUER, &StatusPurpose::Revocation, &[7]);
        let verifier = fetching(policy(), MemoryFetcher::new().with_json("https://example.edu/list", &list));
        let report = run(&verifier, document);
        let errors = report.findings().iter().any(|f| f.severity == Severity::Error);
        prop_assert_eq!(errors, report.own_verdict() == Verdict::Invalid);
        prop_assert!(report.verdict() >= report.own_verdict());
        // The checklist agrees with the verdict: a failed check makes the report invalid,
        // and an invalid report names a failed check.
        let failed = report
            .checks()
            .iter()
            .any(|c| c.status == openbadges::verify::CheckStatus::Failed);
        prop_assert!(!failed || report.verdict() == Verdict::Invalid, "{:?}", report.checks());
        prop_assert!(report.own_verdict() != Verdict::Invalid || failed, "{:?}", report.checks());
        let _ = serde_json::to_string(&report).unwrap();
        let _ = report.to_string();
    }
}

/// The JSON report is an interface (the CLI prints it): its shape is pinned here.
#[test]
fn json_report_snapshot() {
    let list = std::fs::read(
        support::data().join("spec/ob3/examples/validator/bit-string-list/testlist.json"),
    )
    .unwrap();
    let verifier = fetching(policy(), MemoryFetcher::new().with(TESTLIST_URL, list));
    let report = run(&verifier, revoked_fixture());
    let vm = "https://1edtech.edu/issuers/565049#z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi";
    let expected = json!({
        "verdict": "invalid",
        "kind": "achievement",
        "role": "root",
        "path": "$",
        "id": "https://dc.1edtech.org/wellspring2022/wellspring-portal/credential/54418d3f-ec01-4652-800a-861c890a51a1",
        "issuer": "https://1edtech.edu/issuers/565049",
        "findings": [
            {
                "code": "status.entry_invalid",
                "severity": "warning",
                "path": "$.credentialStatus.statusListIndex",
                "message": "statusListIndex should be a string, not a number"
            },
            {
                "code": "status.revoked",
                "severity": "error",
                "path": "$.credentialStatus",
                "message": format!("revoked: entry 23 of {TESTLIST_URL} is set")
            }
        ],
        "proofs": [
            {"path": "$.proof", "suite": "eddsa-rdfc-2022", "verificationMethod": vm,
             "valid": true, "accepted": true}
        ],
        "checks": snapshot_checks("2023-05-23T01:10:41Z", json!({
            "check": "status",
            "status": "failed",
            "reason": format!("revoked: entry 23 of {TESTLIST_URL} is set (status.revoked)"),
            "codes": ["status.entry_invalid", "status.revoked"]
        })),
        "nested": [
            {
                "verdict": "valid",
                "kind": "statusList",
                "role": "statusList",
                "path": "$",
                "url": TESTLIST_URL,
                "id": "https://example.com/credentials/status/3",
                "issuer": "https://1edtech.edu/issuers/565049",
                "findings": [],
                "proofs": [
                    {"path": "$.proof[0]", "suite": "eddsa-rdfc-2022", "verificationMethod": vm,
                     "valid": true, "accepted": true}
                ],
                "checks": snapshot_checks("2021-04-05T14:27:40Z", json!({
                    "check": "status",
                    "status": "skipped",
                    "reason": "the credential has no credentialStatus"
                }))
            }
        ]
    });
    assert_eq!(serde_json::to_value(&report).unwrap(), expected);
}

/// The checklist lines of the snapshot: every check of a credential, `status` given for
/// the ones that are not the same for the credential and its status list.
fn snapshot_checks(valid_from: &str, status: Value) -> Value {
    let vm = "https://1edtech.edu/issuers/565049#z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi";
    let line = |check: &str, status: &str, reason: String| json!({"check": check, "status": status, "reason": reason});
    json!([
        line(
            "structure",
            "passed",
            "@context, type and issuer are well formed".into()
        ),
        line(
            "schema",
            "skipped",
            "schema checks are switched off by the policy".into()
        ),
        line(
            "proof",
            "passed",
            format!("verified: eddsa-rdfc-2022 by {vm}")
        ),
        line(
            "issuer_binding",
            "passed",
            "the key is controlled by the issuer https://1edtech.edu/issuers/565049".into()
        ),
        line(
            "validity",
            "passed",
            format!("valid from {valid_from}, with no end")
        ),
        status,
        line(
            "recipient",
            "skipped",
            "the policy expects no particular recipient".into()
        ),
        line(
            "refresh",
            "skipped",
            "the credential has no refreshService".into()
        ),
        line("endorsements", "skipped", "there is no endorsement".into()),
        line(
            "nested_credentials",
            "skipped",
            "there is no nested credential".into()
        ),
    ])
}
