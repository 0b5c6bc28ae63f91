//! Integration tests: the standard verifier (Data Integrity checker, fetcher adapter,
//! schema validator) over credentials issued by `issue::Issuer`.

use chrono::{TimeZone, Utc};
use openbadges::Document;
use openbadges::crypto::{KeySigner, KeyType, SecretKey};
use openbadges::issue::{IssueOptions, Issuer};
use openbadges::proof::Cryptosuite;
use openbadges::resolve::{Relationship, StaticFetcher};
use openbadges::verify::{self, Policy, Verdict, Verifier};
use serde_json::{Value, json};

use crate::support::root;

fn key(seed: u8) -> SecretKey {
    SecretKey::from_seed(KeyType::Ed25519, &[seed; 32]).unwrap()
}

fn credential(issuer: &str) -> Value {
    let text =
        std::fs::read_to_string(root().join("fixtures/valid/own-achievement-credential.json"))
            .unwrap();
    let mut value: Value = serde_json::from_str(&text).unwrap();
    let map = value.as_object_mut().unwrap();
    map.shift_remove("proof");
    map.shift_remove("credentialStatus");
    value["issuer"]["id"] = json!(issuer);
    value
}

fn issue(value: &Value, signer: KeySigner, suite: Cryptosuite) -> Document {
    Issuer::new(signer, suite)
        .unwrap()
        .issue(value, &IssueOptions::new().created("2024-01-01T00:00:00Z"))
        .unwrap()
}

fn codes(report: &verify::VerificationReport) -> Vec<String> {
    report
        .all_findings()
        .iter()
        .filter(|(_, f)| f.severity == openbadges::Severity::Error)
        .map(|(_, f)| f.code.to_string())
        .collect()
}

fn at(year: i32) -> Policy {
    Policy::builder()
        .at(Utc.with_ymd_and_hms(year, 6, 1, 0, 0, 0).unwrap())
        .build()
        .unwrap()
}

#[test]
fn offline_verifier_accepts_what_we_issue_in_every_suite() {
    let k = key(1);
    let did = k.public_key().did_key().unwrap();
    for suite in [Cryptosuite::EddsaRdfc2022, Cryptosuite::EddsaJcs2022] {
        let signed = issue(&credential(&did), key(1).into_did_key_signer(), suite);
        let report = Verifier::offline().with_policy(at(2025)).verify(&signed);
        assert_eq!(
            report.verdict(),
            Verdict::Valid,
            "{suite}: {:#?}",
            report.findings()
        );
        assert_eq!(
            report.proofs()[0].outcome.controller.as_deref(),
            Some(did.as_str())
        );
    }
    let p = SecretKey::from_seed(KeyType::P384, &[2; 48]).unwrap();
    let did = p.public_key().did_key().unwrap();
    let signed = issue(
        &credential(&did),
        p.into_did_key_signer(),
        Cryptosuite::EcdsaRdfc2019,
    );
    let report = Verifier::offline().with_policy(at(2025)).verify(&signed);
    assert_eq!(report.verdict(), Verdict::Valid, "{:#?}", report.findings());
}

#[test]
fn tampered_credential_reports_the_proof_module_code() {
    let did = key(1).public_key().did_key().unwrap();
    let signed = issue(
        &credential(&did),
        key(1).into_did_key_signer(),
        Cryptosuite::EddsaRdfc2022,
    );
    let mut value = signed.value().clone();
    value["name"] = json!("Forged");
    let report = Verifier::offline()
        .with_policy(at(2025))
        .verify(&Document::from_value(value));
    assert_eq!(report.verdict(), Verdict::Invalid);
    assert_eq!(codes(&report), ["proof.signature"]);
    let finding = &report.findings()[0];
    assert_eq!(finding.path.to_string(), "$.proof.proofValue");
}

#[test]
fn key_of_another_controller_is_an_issuer_mismatch() {
    let did = key(1).public_key().did_key().unwrap();
    let signed = issue(
        &credential(&did),
        key(2).into_did_key_signer(),
        Cryptosuite::EddsaRdfc2022,
    );
    let report = Verifier::offline().with_policy(at(2025)).verify(&signed);
    assert_eq!(report.verdict(), Verdict::Invalid);
    assert_eq!(codes(&report), ["proof.issuer_mismatch"]);
}

#[test]
fn expired_and_forged_reports_both() {
    let did = key(1).public_key().did_key().unwrap();
    let mut value = credential(&did);
    value["validUntil"] = json!("2024-12-31T00:00:00Z");
    let signed = issue(
        &value,
        key(1).into_did_key_signer(),
        Cryptosuite::EddsaRdfc2022,
    );
    let mut forged = signed.value().clone();
    forged["credentialSubject"]["achievement"]["name"] = json!("Forged");
    let report = Verifier::offline()
        .with_policy(at(2026))
        .verify(&Document::from_value(forged));
    let codes = codes(&report);
    assert!(codes.contains(&"proof.signature".into()), "{codes:?}");
    assert!(codes.contains(&"validity.expired".into()), "{codes:?}");
}

#[test]
fn did_web_issuer_through_a_fetcher() {
    let k = key(3);
    let did = "did:web:issuer.example";
    let method = format!("{did}#key-1");
    let document = json!({
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": did,
        "verificationMethod": [{
            "id": method,
            "type": "Multikey",
            "controller": did,
            "publicKeyMultibase": k.public_key().to_multibase().unwrap()
        }],
        "assertionMethod": [method]
    });
    let fetcher =
        StaticFetcher::new().with_json("https://issuer.example/.well-known/did.json", &document);
    let signed = issue(
        &credential(did),
        k.into_signer(method),
        Cryptosuite::EddsaRdfc2022,
    );
    let report = verify::standard(at(2025), fetcher).verify(&signed);
    assert_eq!(report.verdict(), Verdict::Valid, "{:#?}", report.findings());
    // Offline, the key cannot be resolved.
    let report = Verifier::offline().with_policy(at(2025)).verify(&signed);
    assert_eq!(codes(&report), ["proof.method"]);
}

#[test]
fn presentation_challenge_and_domain_are_checked() {
    let holder = key(4);
    let did = holder.public_key().did_key().unwrap();
    let presentation = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiablePresentation"],
        "holder": did
    });
    let signed = Issuer::new(holder.into_did_key_signer(), Cryptosuite::EddsaRdfc2022)
        .unwrap()
        .without_validation()
        .issue(
            &presentation,
            &IssueOptions::new()
                .purpose(Relationship::Authentication)
                .challenge("abc")
                .domain("https://verifier.example"),
        )
        .unwrap();
    let policy = |challenge: &str| {
        Policy::builder()
            .challenge(challenge)
            .domain("https://verifier.example")
            .build()
            .unwrap()
    };
    let report = Verifier::offline()
        .with_policy(policy("abc"))
        .verify(&signed);
    assert!(
        !codes(&report).iter().any(|c| c.starts_with("proof.")),
        "{:?}",
        codes(&report)
    );
    let report = Verifier::offline()
        .with_policy(policy("xyz"))
        .verify(&signed);
    assert!(
        codes(&report).contains(&"proof.challenge".into()),
        "{:?}",
        codes(&report)
    );
}

#[test]
fn unsigned_credential_is_proof_missing() {
    let report = Verifier::offline()
        .with_policy(at(2025))
        .verify(&Document::from_value(credential("did:example:issuer")));
    assert_eq!(codes(&report), ["proof.missing"]);
}
