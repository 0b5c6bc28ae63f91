//! Data Integrity sign and verify per suite over the rich OB 3.0 credential, with the bare
//! Ed25519 verify of a 64-byte message in the same run (the floor of every eddsa verify).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use openbadges::crypto::{KeyType, SecretKey};
use openbadges::proof::{self, Cryptosuite, ProofOptions, RdfcCanonicalizer, VerifyOptions};
use openbadges::resolve::Resolver;
use serde_json::Value;

fn credential() -> Option<Value> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/valid/own-achievement-credential.json");
    let mut value: Value = serde_json::from_slice(&std::fs::read(path).ok()?).ok()?;
    value.as_object_mut()?.shift_remove("proof");
    Some(value)
}

fn suites(c: &mut Criterion) {
    let Some(unsigned) = credential() else {
        return;
    };
    let canon = RdfcCanonicalizer::new();
    let message = [0x5au8; 64];
    if let Ok(key) = SecretKey::from_seed(KeyType::Ed25519, &[7; 32])
        && let Ok(signature) = key.sign(&message)
    {
        let public = key.public_key();
        let algorithm = KeyType::Ed25519.default_algorithm();
        c.bench_function("bare/ed25519_verify_64b", |b| {
            b.iter(|| public.verify(algorithm, black_box(&message), black_box(&signature)))
        });
    }
    for (suite, key_type, len) in [
        (Cryptosuite::EddsaRdfc2022, KeyType::Ed25519, 32),
        (Cryptosuite::EddsaJcs2022, KeyType::Ed25519, 32),
        (Cryptosuite::EcdsaRdfc2019, KeyType::P256, 32),
        (Cryptosuite::EcdsaJcs2019, KeyType::P256, 32),
    ] {
        let Ok(key) = SecretKey::from_seed(key_type, &vec![7u8; len]) else {
            continue;
        };
        let signer = key.into_did_key_signer();
        let options = ProofOptions::new(suite).created("2024-01-01T00:00:00Z");
        let Ok(signed) = proof::add_proof(&unsigned, &options, &signer, &canon) else {
            continue;
        };
        c.bench_function(&format!("sign/{suite}"), |b| {
            b.iter(|| proof::add_proof(black_box(&unsigned), &options, &signer, &canon))
        });
        let resolver = Resolver::offline();
        let verify_options = VerifyOptions::default();
        c.bench_function(&format!("verify/{suite}"), |b| {
            b.iter(|| proof::verify_proofs(black_box(&signed), &resolver, &canon, &verify_options))
        });
    }
}

/// Short and quiet: the bare verify and the suites are compared within one run.
fn config() -> Criterion {
    Criterion::default()
        .sample_size(20)
        .warm_up_time(std::time::Duration::from_millis(500))
        .measurement_time(std::time::Duration::from_secs(2))
}

criterion_group! {
    name = benches;
    config = config();
    targets = suites
}
criterion_main!(benches);
