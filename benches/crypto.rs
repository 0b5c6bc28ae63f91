//! Signature verification of a 64-byte message (the size of a Data Integrity hashData for
//! eddsa / ecdsa-2019 with SHA-256), and did:key resolution.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use openbadges::crypto::{KeyType, SecretKey};
use openbadges::proof::{self, Cryptosuite, JcsCanonicalizer, ProofOptions, VerifyOptions};
use openbadges::resolve::{KeyResolver, Resolver};
use serde_json::Value;

fn verify(c: &mut Criterion) {
    let message = [0x5au8; 64];
    let mut group = c.benchmark_group("verify_64B");
    for (name, key_type, len) in [
        ("ed25519", KeyType::Ed25519, 32),
        ("p256", KeyType::P256, 32),
        ("p384", KeyType::P384, 48),
        ("p521", KeyType::P521, 66),
    ] {
        // A P-521 scalar's first byte is 0 or 1.
        let mut seed = vec![7u8; len];
        seed[0] = 1;
        let Ok(secret) = SecretKey::from_seed(key_type, &seed) else {
            continue;
        };
        let public = secret.public_key();
        let Ok(signature) = secret.sign(&message) else {
            continue;
        };
        let algorithm = key_type.default_algorithm();
        group.bench_function(name, |b| {
            b.iter(|| public.verify(algorithm, black_box(&message), black_box(&signature)))
        });
    }
    group.finish();

    let mut group = c.benchmark_group("sign_64B");
    for (name, key_type, len) in [
        ("ed25519", KeyType::Ed25519, 32),
        ("p256", KeyType::P256, 32),
    ] {
        let Ok(secret) = SecretKey::from_seed(key_type, &vec![7u8; len]) else {
            continue;
        };
        group.bench_function(name, |b| b.iter(|| secret.sign(black_box(&message))));
    }
    group.finish();
}

fn resolve(c: &mut Criterion) {
    let resolver = Resolver::offline();
    let id = "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";
    c.bench_function("resolve_did_key_ed25519", |b| {
        b.iter(|| resolver.resolve(black_box(id)))
    });
    let id = "did:key:zDnaepBuvsQ8cpsWrVKw8fbpGpvPeNSjVPTWoq6cRqaYzBKVP#zDnaepBuvsQ8cpsWrVKw8fbpGpvPeNSjVPTWoq6cRqaYzBKVP";
    c.bench_function("resolve_did_key_p256", |b| {
        b.iter(|| resolver.resolve(black_box(id)))
    });
    // The key decoding that the process-wide did:key cache saves on each resolution.
    let mb = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";
    c.bench_function("decode_multikey_ed25519_uncached", |b| {
        b.iter(|| openbadges::crypto::PublicKey::from_multibase(black_box(mb)))
    });
}

/// A whole eddsa-jcs-2022 / ecdsa-jcs-2019 proof check (JCS, hashes, did:key, signature)
/// of the peer-signed 5 KB rich Open Badge in `tests/data/bench`, when present.
fn proofs(c: &mut Criterion) {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/bench/ob-rich.eddsa-jcs-2022.json"
    );
    let Ok(text) = std::fs::read_to_string(path) else {
        eprintln!("skipping proof benches: {path} not found");
        return;
    };
    let Ok(signed) = serde_json::from_str::<Value>(&text) else {
        return;
    };
    let resolver = Resolver::offline();
    let options = VerifyOptions::default();
    c.bench_function("proof_verify_eddsa_jcs_2022_ob_rich", |b| {
        b.iter(|| proof::verify_proofs(black_box(&signed), &resolver, &JcsCanonicalizer, &options))
    });
    let mut unsigned = signed.clone();
    if let Some(map) = unsigned.as_object_mut() {
        map.remove("proof");
    }
    let Ok(p256) = SecretKey::from_seed(KeyType::P256, &[7u8; 32]) else {
        return;
    };
    let signer = p256.into_did_key_signer();
    let options = ProofOptions::new(Cryptosuite::EcdsaJcs2019).created("2024-01-15T09:00:00Z");
    let Ok(ecdsa) = proof::add_proof(&unsigned, &options, &signer, &JcsCanonicalizer) else {
        return;
    };
    c.bench_function("proof_verify_ecdsa_jcs_2019_p256_ob_rich", |b| {
        b.iter(|| {
            proof::verify_proofs(
                black_box(&ecdsa),
                &resolver,
                &JcsCanonicalizer,
                &VerifyOptions::default(),
            )
        })
    });
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(20)
        .warm_up_time(std::time::Duration::from_millis(500))
        .measurement_time(std::time::Duration::from_secs(2))
}

criterion_group! {
    name = benches;
    config = config();
    targets = verify, resolve, proofs
}
criterion_main!(benches);
