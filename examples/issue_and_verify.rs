//! Build an Open Badges 3.0 credential, sign it with eddsa-rdfc-2022 under a fresh did:key,
//! verify it offline, then tamper with it and verify again.
//!
//! `cargo run --example issue_and_verify`

use openbadges::model::{
    Achievement, AchievementCredential, AchievementSubject, Criteria, Profile,
};
use openbadges::prelude::*;
use openbadges::values::{DateTimeZ, Iri};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The issuer's key; in production a KMS implements `openbadges::crypto::Signer`.
    let key = SecretKey::generate(KeyType::Ed25519)?;
    let issuer_did = key
        .public_key()
        .did_key()
        .ok_or("no did:key for this key type")?;
    let signer = key.into_did_key_signer();

    let achievement = Achievement::new(
        Iri::parse("https://example.edu/achievements/rust-101")?,
        "Rust 101",
        "Completed the introductory Rust course.",
        Criteria::new().narrative("Pass all exercises."),
    );
    let unsigned = AchievementCredential::new(
        Iri::parse("urn:uuid:2f1e6c1a-0000-4000-8000-000000000001")?,
        Profile::new(Iri::parse(&issuer_did)?).name("Example University"),
        AchievementSubject::new(achievement).id(Iri::parse("did:example:learner")?),
        "2024-01-15T09:00:00Z".parse::<DateTimeZ>()?,
    )
    .build()?;

    // The issuer validates (schema + rules + JSON-LD safe mode) before it signs.
    let issuer = Issuer::new(signer, Cryptosuite::EddsaRdfc2022)?;
    let signed = issuer.issue(
        unsigned.value(),
        &IssueOptions::new().created("2024-01-15T09:00:00Z"),
    )?;
    println!("{}", serde_json::to_string_pretty(signed.value())?);

    // Verify offline: did:key needs no network; every check runs and is reported.
    let verifier = Verifier::offline();
    let report = verifier.verify(&signed);
    println!("verdict: {:?}", report.verdict());
    assert_eq!(report.verdict(), Verdict::Valid);
    // A valid report has no findings; its checklist says what was checked.
    for check in report.checks() {
        println!("{check}");
    }

    // Change one field: the signature no longer holds, and the report says where and why.
    let mut tampered = signed.value().clone();
    tampered["credentialSubject"]["achievement"]["name"] = "Rust 999".into();
    let report = verifier.verify(&Document::from_value(tampered));
    for (_, finding) in report.all_findings() {
        if finding.severity == Severity::Error {
            println!("{finding}");
        }
    }
    assert_eq!(report.verdict(), Verdict::Invalid);
    Ok(())
}
