//! What a wallet or platform does with the crate, in six steps: read a received badge with
//! the typed model; verify it, and see a tampered copy fail; issue a badge; issue with
//! selective disclosure (ecdsa-sd-2023) and present only the achievement's name to a
//! verifier's challenge; verify a did:web issuer through the platform's own fetcher; bake a
//! badge into a PNG and read it back.
//!
//! `cargo run --example embedder`

use openbadges::bake;
use openbadges::did::DidDocument;
use openbadges::fetch::{FetchError, Fetched};
use openbadges::model::{self, AchievementCredential};
use openbadges::prelude::*;
use openbadges::present::{self, PresentationBuilder, PresentationProofOptions};
use openbadges::sd::{self, BaseProofOptions};

/// The platform's own HTTP stack, here a map of URL to body: every network read of the
/// verifier (did:web documents, status lists) goes through it.
struct PlatformFetcher(std::collections::BTreeMap<String, Vec<u8>>);

impl Fetcher for PlatformFetcher {
    fn fetch(&self, url: &str) -> Result<Fetched, FetchError> {
        let body = self
            .0
            .get(url)
            .ok_or_else(|| FetchError::NotFound { url: url.into() })?;
        Ok(Fetched::new(body.clone(), Some("application/json".into())))
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");

    // 1. Read a received badge: the exact bytes, and the typed model over them.
    let received =
        Document::from_path(fixtures.join("interop/credentials/ob-minimal-eddsa-rdfc-2022.json"))?;
    let badge = model::parse_credential(&received)?.into_achievement()?;
    println!("1. {}", badge.credential_subject.achievement.name);

    // 2. Verify it offline, with the checklist; a tampered copy fails and says where.
    let verifier = Verifier::offline();
    let report = verifier.verify(&received);
    println!("2. {} ({} checks)", report.verdict(), report.checks().len());
    let mut tampered = received.value().clone();
    tampered["credentialSubject"]["achievement"]["name"] = "Forged".into();
    let report = verifier.verify(&Document::from_value(tampered));
    let failed = report
        .checks()
        .iter()
        .find(|c| c.status == CheckStatus::Failed);
    println!(
        "   tampered: {} — {}",
        report.verdict(),
        failed.ok_or("no failed check")?
    );

    // 3. Issue: the typed model fills in @context and type; the issuer validates, then signs.
    let key = SecretKey::generate(KeyType::Ed25519)?;
    let issuer_did = key.public_key().did_key().ok_or("no did:key")?;
    let mut unsigned = unsigned_of(&badge)?;
    unsigned["issuer"]["id"] = issuer_did.into();
    let issuer = Issuer::new(key.into_did_key_signer(), Cryptosuite::EddsaRdfc2022)?;
    let issued = issuer.issue(&unsigned, &IssueOptions::new())?;
    println!("3. issued: {}", verifier.verify(&issued).verdict());

    // 4. Selective disclosure: the holder reveals only the achievement's name, answering the
    //    verifier's challenge.
    let holder = SecretKey::generate(KeyType::Ed25519)?.into_did_key_signer();
    let sd_key = SecretKey::generate(KeyType::P256)?.into_did_key_signer();
    let mut sd_badge = unsigned_of(&badge)?;
    sd_badge["issuer"]["id"] = sd_key.controller().into();
    sd_badge["credentialSubject"]["id"] = holder.controller().into();
    let base = Issuer::ecdsa_sd(sd_key)?
        .issue_sd(&sd_badge, &BaseProofOptions::open_badges_minimal(&sd_badge))?;
    let shown = sd::derive(base.value(), ["/credentialSubject/achievement/name"])?;
    let presentation = PresentationBuilder::new()
        .holder_from(&holder)
        .credential(shown)
        .build()?;
    let options = PresentationProofOptions::new(Cryptosuite::EddsaRdfc2022, "nonce-123");
    let presented = present::sign_presentation(&presentation, &holder, &options)?;
    let policy = Policy::builder().challenge("nonce-123").build()?;
    let report = Verifier::builder()
        .policy(policy)
        .build()
        .verify(&Document::from_value(presented));
    println!("4. presentation: {}", report.verdict());

    // 5. A did:web issuer, verified through the platform's fetcher; offline it is
    //    indeterminate, never invalid.
    let web_key = SecretKey::generate(KeyType::Ed25519)?;
    let did =
        DidDocument::new("did:web:issuer.example")?.with_key("key-1", &web_key.public_key())?;
    let mut web_badge = unsigned_of(&badge)?;
    web_badge["issuer"]["id"] = did.id().into();
    let signed = Issuer::new(
        web_key.into_signer(did.method_id("key-1")),
        Cryptosuite::EddsaRdfc2022,
    )?
    .issue(&web_badge, &IssueOptions::new())?;
    let documents = [(did.did_web_url()?, did.to_document().as_bytes().to_vec())];
    let online = Verifier::builder()
        .fetcher(PlatformFetcher(documents.into()))
        .build();
    println!(
        "5. did:web: {}, offline: {}",
        online.verify(&signed).verdict(),
        verifier.verify(&signed).verdict()
    );

    // 6. Bake into a PNG and read it back.
    let image = std::fs::read(fixtures.join("baked/badge.png"))?;
    let baked = bake::bake_document(&image, &issued)?;
    let unbaked = bake::unbake(&baked)?;
    let report = verifier.verify_bytes(unbaked.as_str().as_bytes())?;
    println!("6. baked {} bytes: {}", baked.len(), report.verdict());
    Ok(())
}

/// The badge's JSON without its proof, to sign again.
fn unsigned_of(badge: &AchievementCredential) -> Result<serde_json::Value, openbadges::Error> {
    let mut value = model::to_value(badge)?;
    if let Some(map) = value.as_object_mut() {
        map.remove("proof");
    }
    Ok(value)
}
