//! Selective disclosure end to end (ecdsa-sd-2023): the issuer signs a badge with a base
//! proof that lets the holder reveal as little as the achievement's name; the holder derives
//! a disclosure with only that name and presents it to a verifier, answering the
//! verifier's challenge; the verifier checks the presentation and the disclosed badge.
//!
//! `cargo run --example selective_disclosure`

use openbadges::Document;
use openbadges::crypto::{KeyType, SecretKey, Signer as _};
use openbadges::issue::Issuer;
use openbadges::model::{
    Achievement, AchievementCredential, AchievementSubject, Criteria, Profile,
};
use openbadges::present::{
    self, PresentationBuilder, PresentationChecker, PresentationProofOptions,
};
use openbadges::proof::{Cryptosuite, RdfcCanonicalizer};
use openbadges::resolve::Resolver;
use openbadges::sd::{self, BaseProofOptions};
use openbadges::values::{DateTimeZ, Iri};
use openbadges::verify::{DataIntegrityChecker, Policy, Verdict, Verifier};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Issuer: a P-256 key (ecdsa-sd-2023 signs with P-256 or P-384).
    let issuer_key = SecretKey::generate(KeyType::P256)?.into_did_key_signer();
    // Holder: any signing key; its DID is the credential subject and the presentation holder.
    let holder = SecretKey::generate(KeyType::Ed25519)?.into_did_key_signer();

    let achievement = Achievement::new(
        Iri::parse("https://example.edu/achievements/rust-101")?,
        "Rust 101",
        "Completed the introductory Rust course with a final project.",
        Criteria::new().narrative("Pass all exercises and the final project."),
    );
    let badge = AchievementCredential::new(
        Iri::parse("urn:uuid:2f1e6c1a-0000-4000-8000-000000000002")?,
        Profile::new(Iri::parse(issuer_key.controller())?).name("Example University"),
        AchievementSubject::new(achievement).id(Iri::parse(holder.controller())?),
        "2024-01-15T09:00:00Z".parse::<DateTimeZ>()?,
    )
    .name("Rust 101")
    .build()?;

    // 1. The issuer validates the badge and adds the base proof. The minimal mandatory
    //    pointers keep who issued it, to whom, which achievement and when; the rest is the
    //    holder's to reveal (the default, `BaseProofOptions::open_badges`, keeps the whole
    //    achievement mandatory).
    let issuer = Issuer::ecdsa_sd(issuer_key)?;
    let options = BaseProofOptions::open_badges_minimal(badge.value());
    let base = issuer.issue_sd(badge.value(), &options)?;
    println!("base proof: {} bytes", base.as_str().len());

    // 2. The holder derives a disclosure revealing only the achievement's name.
    let shown = sd::derive(base.value(), ["/credentialSubject/achievement/name"])?;
    let achievement = &shown["credentialSubject"]["achievement"];
    println!("disclosed achievement: {achievement}");
    if achievement.get("description").is_some() || achievement.get("criteria").is_some() {
        return Err("the disclosure revealed more than the name".into());
    }

    // 3. The holder presents it, answering the verifier's challenge for its domain.
    let challenge = "b6f9e1c4-9a5d-4d61-8a77-1f0c2b3d4e5f";
    let domain = "employer.example.com";
    let presentation = PresentationBuilder::new()
        .holder_from(&holder)
        .credential(shown)
        .build()?;
    let proof = PresentationProofOptions::new(Cryptosuite::EddsaRdfc2022, challenge).domain(domain);
    let signed = present::sign_presentation(&presentation, &holder, &proof)?;

    // 4. The verifier checks the presentation (holder binding, challenge, domain) and the
    //    disclosed badge (its derived proof, validity window), offline: both keys are did:key.
    let checker = PresentationChecker::new(
        DataIntegrityChecker::new(Resolver::offline()),
        Resolver::offline(),
        RdfcCanonicalizer::new(),
    );
    let policy = Policy::builder()
        .challenge(challenge)
        .domain(domain)
        .build()?;
    let verifier = Verifier::builder()
        .proof_checker(checker)
        .without_schema()
        .policy(policy)
        .build();
    let report = verifier.verify(&Document::from_value(signed.clone()));
    println!("presentation: {:?}", report.verdict());
    if report.verdict() != Verdict::Valid {
        return Err(format!("expected a valid presentation: {report:#?}").into());
    }

    // A replay to a verifier that issued another challenge fails.
    let other = Policy::builder()
        .challenge("another-challenge")
        .domain(domain)
        .build()?;
    let replayed = verifier
        .with_policy(other)
        .verify(&Document::from_value(signed));
    println!("replayed with another challenge: {:?}", replayed.verdict());
    if replayed.verdict() == Verdict::Valid {
        return Err("a replayed presentation was accepted".into());
    }
    Ok(())
}
