//! Integration tests: DID documents built from our keys resolve through our own resolver
//! and verify what those keys sign.

use openbadges::crypto::{KeyType, SecretKey};
use openbadges::did::{DidDocument, DidError};
use openbadges::fetch::MemoryFetcher;
use openbadges::issue::{IssueOptions, Issuer};
use openbadges::proof::Cryptosuite;
use openbadges::resolve::{self, KeyResolver as _, Relationship, Resolver};
use openbadges::verify::{Policy, Verdict, Verifier};
use serde_json::{Value, json};

const DID: &str = "did:web:badges.example.edu:issuers:1";
const URL: &str = "https://badges.example.edu/issuers/1/did.json";

fn badge(issuer: &str) -> Value {
    json!({
        "@context": ["https://www.w3.org/ns/credentials/v2",
                     "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "id": "urn:uuid:91537dba-56cb-11ec-bf63-0242ac130002",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer, "type": ["Profile"], "name": "Example University"},
        "validFrom": "2024-01-01T00:00:00Z",
        "name": "Rust 101",
        "credentialSubject": {
            "id": "did:example:learner",
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "https://example.edu/achievements/rust-101",
                "type": ["Achievement"],
                "name": "Rust 101",
                "description": "Completed the introductory Rust course.",
                "criteria": {"narrative": "Pass all exercises."}
            }
        }
    })
}

/// For each key type: the built document yields the key through `method_in_document` and
/// through a resolver whose fetcher serves it at the did:web URL; a credential signed with
/// the key under that method id verifies as valid against it, and as invalid against a
/// document that publishes another key or lists the key for authentication only.
#[test]
fn a_published_did_web_document_resolves_and_verifies_its_credentials() {
    for (key_type, suite) in [
        (KeyType::Ed25519, Cryptosuite::EddsaRdfc2022),
        (KeyType::P256, Cryptosuite::EcdsaRdfc2019),
        (KeyType::P384, Cryptosuite::EcdsaJcs2019),
    ] {
        let key = SecretKey::generate(key_type).unwrap();
        let public = key.public_key();
        let document = DidDocument::new(DID)
            .unwrap()
            .with_key("key-1", &public)
            .unwrap();
        assert_eq!(document.did_web_url().unwrap(), URL);
        let method_id = document.method_id("key-1");
        assert_eq!(method_id, format!("{DID}#key-1"));
        let json = document.to_value();
        assert_eq!(json["verificationMethod"][0]["controller"], DID);
        assert_eq!(json["authentication"], json!([method_id]));

        let method = resolve::method_in_document(&json, DID, URL, &method_id).unwrap();
        assert_eq!(method.public_key, public, "{key_type:?}");
        assert_eq!(method.controller, DID);
        assert_eq!(method.method_type, "Multikey");
        assert_eq!(
            method.relationships.iter().copied().collect::<Vec<_>>(),
            [Relationship::AssertionMethod, Relationship::Authentication]
        );

        let fetcher = MemoryFetcher::new().with_json(URL, &json);
        let resolved = Resolver::with_fetcher(fetcher.clone())
            .resolve(&method_id)
            .unwrap();
        assert_eq!(resolved, method);

        let issuer = Issuer::new(key.into_signer(method_id.clone()), suite).unwrap();
        let signed = issuer
            .issue(
                &badge(DID),
                &IssueOptions::new().created("2024-01-01T00:00:00Z"),
            )
            .unwrap();
        let report = Verifier::builder()
            .policy(Policy::default())
            .fetcher(fetcher)
            .build()
            .verify(&signed);
        assert_eq!(
            report.verdict(),
            Verdict::Valid,
            "{key_type:?}: {report:#?}"
        );

        let stranger = SecretKey::generate(key_type).unwrap().public_key();
        let other = DidDocument::new(DID)
            .unwrap()
            .with_key("key-1", &stranger)
            .unwrap();
        let served = MemoryFetcher::new().with_json(URL, &other.to_value());
        let report = Verifier::builder()
            .policy(Policy::default())
            .fetcher(served)
            .build()
            .verify(&signed);
        assert_eq!(report.verdict(), Verdict::Invalid, "{key_type:?}");

        let login_only = DidDocument::new(DID)
            .unwrap()
            .with_key_for("key-1", &public, [Relationship::Authentication])
            .unwrap();
        assert!(login_only.to_value().get("assertionMethod").is_none());
        let served = MemoryFetcher::new().with_json(URL, &login_only.to_value());
        let report = Verifier::builder()
            .policy(Policy::default())
            .fetcher(served)
            .build()
            .verify(&signed);
        assert_eq!(report.verdict(), Verdict::Invalid, "{key_type:?}");
    }
}

/// Several keys, each under its own relationships, keep their order and references.
#[test]
fn several_keys_keep_their_relationships() {
    let issuing = SecretKey::from_seed(KeyType::P256, &[3; 32])
        .unwrap()
        .public_key();
    let login = SecretKey::from_seed(KeyType::Ed25519, &[4; 32])
        .unwrap()
        .public_key();
    let document = DidDocument::new("did:web:example.edu")
        .unwrap()
        .with_key_for("issue", &issuing, [Relationship::AssertionMethod])
        .unwrap()
        .with_key_for(
            "login",
            &login,
            [Relationship::Authentication, Relationship::Authentication],
        )
        .unwrap();
    let json = document.to_document().value().clone();
    assert_eq!(json["@context"][0], "https://www.w3.org/ns/did/v1");
    assert_eq!(
        json["verificationMethod"][1]["id"],
        "did:web:example.edu#login"
    );
    assert_eq!(
        json["assertionMethod"],
        json!(["did:web:example.edu#issue"])
    );
    assert_eq!(json["authentication"], json!(["did:web:example.edu#login"]));
    let url = document.did_web_url().unwrap();
    assert_eq!(url, "https://example.edu/.well-known/did.json");
    let login_method = resolve::method_in_document(
        &json,
        "did:web:example.edu",
        &url,
        "did:web:example.edu#login",
    )
    .unwrap();
    assert_eq!(login_method.public_key, login);
    assert!(!login_method.is_authorized_for(Relationship::AssertionMethod));
}

#[test]
fn builder_refusals_name_the_problem() {
    let key = SecretKey::from_seed(KeyType::Ed25519, &[5; 32])
        .unwrap()
        .public_key();
    for did in [
        "web:example.edu",
        "did:web",
        "did:Web:example.edu",
        "did:web:example.edu#key-1",
        "did:web:example.edu/path",
        "did:web:exa mple.edu",
        "did:web:example.edu:..:x",
    ] {
        assert!(
            matches!(DidDocument::new(did), Err(DidError::InvalidDid { .. })),
            "{did}"
        );
    }
    assert!(matches!(
        DidDocument::new("did:example:123").unwrap().did_web_url(),
        Err(resolve::ResolveError::InvalidId { .. })
    ));
    let document = DidDocument::new(DID).unwrap();
    for fragment in ["", "key 1", "#key-1", "k/1"] {
        assert!(
            matches!(
                document.clone().with_key(fragment, &key),
                Err(DidError::InvalidFragment { .. })
            ),
            "{fragment:?}"
        );
    }
    let one = document.clone().with_key("key-1", &key).unwrap();
    let err = one.with_key("key-1", &key).unwrap_err();
    assert_eq!(
        err,
        DidError::DuplicateMethod {
            id: format!("{DID}#key-1")
        }
    );
    assert!(matches!(
        document
            .clone()
            .with_key_for("k", &key, [Relationship::KeyAgreement]),
        Err(DidError::Relationship { .. })
    ));
    assert!(matches!(
        document.with_key_for("k", &key, []),
        Err(DidError::Relationship { .. })
    ));
}
