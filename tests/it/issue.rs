//! Integration tests: issuing (validate, safe mode, sign) and verifying what was issued.

use openbadges::crypto::{KeyType, SecretKey};
use openbadges::issue::{IssueError, IssueOptions, Issuer};
use openbadges::proof::{self, Cryptosuite, RdfcCanonicalizer, VerifyOptions};
use openbadges::resolve::{Relationship, Resolver};
use serde_json::{Value, json};

use crate::support::root;

fn fixture(name: &str) -> Value {
    let text = std::fs::read_to_string(root().join("fixtures/valid").join(name)).unwrap();
    let mut value: Value = serde_json::from_str(&text).unwrap();
    value.as_object_mut().unwrap().shift_remove("proof");
    value
}

fn issuer(suite: Cryptosuite, key_type: KeyType) -> Issuer {
    let len = if key_type == KeyType::P384 { 48 } else { 32 };
    let key = SecretKey::from_seed(key_type, &vec![9; len]).unwrap();
    Issuer::new(key.into_did_key_signer(), suite).unwrap()
}

fn verify(signed: &Value) -> proof::ProofOutcome {
    proof::verify_proofs(
        signed,
        &Resolver::offline(),
        &RdfcCanonicalizer::new(),
        &VerifyOptions::default(),
    )
}

#[test]
fn issues_and_verifies_with_every_signing_suite() {
    let credential = fixture("own-achievement-credential.json");
    for (suite, key_type) in [
        (Cryptosuite::EddsaRdfc2022, KeyType::Ed25519),
        (Cryptosuite::EddsaJcs2022, KeyType::Ed25519),
        (Cryptosuite::EcdsaRdfc2019, KeyType::P256),
        (Cryptosuite::EcdsaRdfc2019, KeyType::P384),
        (Cryptosuite::EcdsaJcs2019, KeyType::P256),
    ] {
        let issuer = issuer(suite, key_type);
        let signed = issuer
            .issue(
                &credential,
                &IssueOptions::new().created("2024-01-01T00:00:00Z"),
            )
            .unwrap();
        let outcome = verify(signed.value());
        assert!(
            outcome.is_valid(),
            "{suite} {key_type}: {:?}",
            outcome.report()
        );
        assert_eq!(signed.value()["proof"]["cryptosuite"], suite.name());
        // The text is the document, parsed back.
        let reparsed: Value = serde_json::from_str(signed.as_str()).unwrap();
        assert_eq!(&reparsed, signed.value());
    }
}

#[test]
fn clr_credential_issues() {
    let signed = issuer(Cryptosuite::EddsaRdfc2022, KeyType::Ed25519)
        .issue(&fixture("own-clr-credential.json"), &IssueOptions::new())
        .unwrap();
    assert!(verify(signed.value()).is_valid());
}

#[test]
fn ed25519_issuing_is_deterministic() {
    let credential = fixture("own-achievement-credential.json");
    let options = IssueOptions::new().created("2024-01-01T00:00:00Z");
    let a = issuer(Cryptosuite::EddsaRdfc2022, KeyType::Ed25519)
        .issue(&credential, &options)
        .unwrap();
    let b = issuer(Cryptosuite::EddsaRdfc2022, KeyType::Ed25519)
        .issue(&credential, &options)
        .unwrap();
    assert_eq!(a.as_str(), b.as_str());
}

#[test]
fn options_are_written_into_the_proof() {
    let signed = issuer(Cryptosuite::EddsaRdfc2022, KeyType::Ed25519)
        .issue(
            &fixture("own-achievement-credential.json"),
            &IssueOptions::new()
                .created("2024-01-01T00:00:00Z")
                .purpose(Relationship::Authentication)
                .domain("https://verifier.example")
                .challenge("n-0S6_WzA2Mj")
                .id("urn:uuid:proof-1"),
        )
        .unwrap();
    let proof = &signed.value()["proof"];
    assert_eq!(proof["proofPurpose"], "authentication");
    assert_eq!(proof["domain"], "https://verifier.example");
    assert_eq!(proof["challenge"], "n-0S6_WzA2Mj");
    assert_eq!(proof["id"], "urn:uuid:proof-1");
    assert_eq!(proof["created"], "2024-01-01T00:00:00Z");
    let outcome = proof::verify_proofs(
        signed.value(),
        &Resolver::offline(),
        &RdfcCanonicalizer::new(),
        &VerifyOptions::default().purpose(Relationship::Authentication),
    );
    assert!(outcome.is_valid(), "{:?}", outcome.report());
}

#[test]
fn refuses_an_invalid_credential_with_its_findings() {
    let mut credential = fixture("own-achievement-credential.json");
    credential.as_object_mut().unwrap().shift_remove("issuer");
    let err = issuer(Cryptosuite::EddsaRdfc2022, KeyType::Ed25519)
        .issue(&credential, &IssueOptions::new())
        .unwrap_err();
    let IssueError::Invalid { report } = &err else {
        panic!("expected Invalid, got {err}");
    };
    assert!(report.errors().next().is_some());
    assert!(err.to_string().contains("not valid"), "{err}");
}

#[test]
fn refuses_what_json_ld_safe_mode_rejects_even_for_jcs() {
    let mut credential = fixture("own-achievement-credential.json");
    credential["credentialSubject"]["favouriteColour"] = json!("blue");
    for suite in [Cryptosuite::EddsaRdfc2022, Cryptosuite::EddsaJcs2022] {
        let issuer = issuer(suite, KeyType::Ed25519).without_validation();
        let err = issuer.issue(&credential, &IssueOptions::new()).unwrap_err();
        let IssueError::JsonLd(e) = &err else {
            panic!("{suite}: expected JsonLd, got {err}");
        };
        assert_eq!(e.path().to_string(), "$.credentialSubject.favouriteColour");
    }
}

#[test]
fn refuses_a_suite_that_does_not_fit_the_key() {
    let key = SecretKey::from_seed(KeyType::P256, &[9; 32]).unwrap();
    let err = Issuer::new(key.into_did_key_signer(), Cryptosuite::EddsaRdfc2022).unwrap_err();
    assert!(matches!(err, IssueError::Suite { .. }), "{err}");
    let key = SecretKey::from_seed(KeyType::Ed25519, &[9; 32]).unwrap();
    let err =
        Issuer::new(key.into_did_key_signer(), Cryptosuite::Ed25519Signature2020).unwrap_err();
    assert!(matches!(err, IssueError::Suite { .. }), "{err}");
}

#[test]
fn refuses_a_malformed_created() {
    let err = issuer(Cryptosuite::EddsaRdfc2022, KeyType::Ed25519)
        .issue(
            &fixture("own-achievement-credential.json"),
            &IssueOptions::new().created("yesterday"),
        )
        .unwrap_err();
    assert!(matches!(err, IssueError::Proof(_)), "{err}");
}

#[test]
fn adds_to_an_existing_proof_set() {
    let credential = fixture("own-achievement-credential.json");
    let first = issuer(Cryptosuite::EddsaRdfc2022, KeyType::Ed25519)
        .issue(&credential, &IssueOptions::new())
        .unwrap();
    let second = issuer(Cryptosuite::EcdsaRdfc2019, KeyType::P256)
        .issue(first.value(), &IssueOptions::new())
        .unwrap();
    assert_eq!(second.value()["proof"].as_array().unwrap().len(), 2);
    assert!(verify(second.value()).is_valid());
}

/// F8: a type or claim mapped to a malformed IRI would be dropped from the signed dataset.
/// Issuing such a credential is refused with its path, and adding one to a signed credential
/// does not verify.
#[test]
fn a_term_mapped_to_a_malformed_iri_is_neither_signed_nor_verified() {
    let with_term = |credential: &Value, iri: &str| {
        let mut credential = credential.clone();
        credential["@context"]
            .as_array_mut()
            .unwrap()
            .push(json!({ "ExampleTestCredential": iri }));
        credential["type"]
            .as_array_mut()
            .unwrap()
            .push(json!("ExampleTestCredential"));
        credential
    };
    let credential = fixture("own-achievement-credential.json");
    for suite in [Cryptosuite::EddsaRdfc2022, Cryptosuite::EddsaJcs2022] {
        let issuer = issuer(suite, KeyType::Ed25519).without_validation();
        for bad in [
            "https ://not-a-url#ExampleTestCredential",
            "https://example.com/not a url#ExampleTestCredential",
        ] {
            let err = issuer
                .issue(&with_term(&credential, bad), &IssueOptions::new())
                .unwrap_err();
            let IssueError::JsonLd(e) = &err else {
                panic!("{suite} {bad}: expected JsonLd, got {err}");
            };
            assert_eq!(e.path().to_string(), "$.type[2]", "{suite} {bad}");
        }
        // Signed with a good mapping, then the mapping is changed to a malformed IRI.
        let good = with_term(
            &credential,
            "https://example.com/vocab#ExampleTestCredential",
        );
        let signed = issuer.issue(&good, &IssueOptions::new()).unwrap();
        assert!(verify(signed.value()).is_valid(), "{suite}");
        let mut tampered = signed.value().clone();
        let contexts = tampered["@context"].as_array_mut().unwrap();
        *contexts.last_mut().unwrap() =
            json!({ "ExampleTestCredential": "https://example.com/a b" });
        let outcome = verify(&tampered);
        assert!(!outcome.is_valid(), "{suite}: {:?}", outcome.report());
        // And a second type mapped to a malformed IRI is added.
        let mut tampered = signed.value().clone();
        tampered["@context"]
            .as_array_mut()
            .unwrap()
            .push(json!({ "Forged": "https://example.com/forged type" }));
        tampered["type"]
            .as_array_mut()
            .unwrap()
            .push(json!("Forged"));
        let outcome = verify(&tampered);
        assert!(!outcome.is_valid(), "{suite}: {:?}", outcome.report());
    }
}
