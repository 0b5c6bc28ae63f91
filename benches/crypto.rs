//! Signature verification of a 64-byte message (the size of a Data Integrity hashData for
//! eddsa / ecdsa-2019 with SHA-256), and did:key resolution.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use openbadges::crypto::{KeyType, SecretKey};
use openbadges::resolve::{KeyResolver, Resolver};

fn verify(c: &mut Criterion) {
    let message = [0x5au8; 64];
    let mut group = c.benchmark_group("verify_64B");
    for (name, key_type, len) in [
        ("ed25519", KeyType::Ed25519, 32),
        ("p256", KeyType::P256, 32),
        ("p384", KeyType::P384, 48),
    ] {
        let Ok(secret) = SecretKey::from_seed(key_type, &vec![7u8; len]) else {
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
}

criterion_group!(benches, verify, resolve);
criterion_main!(benches);
