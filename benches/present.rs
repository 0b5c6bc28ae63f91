//! Presentation hot paths: an Open Badge as SD-JWT VC (issue with every subject claim
//! disclosable; holder presentation with a KB-JWT; verification), and ecdsa-sd-2023: the
//! verification of a peer-made derived badge revealing everything (89 statement
//! signatures), and on our own OB base proof (38 statements) the issuer's base proof, the
//! holder's derivation revealing two claims, and its verification.

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};
use openbadges::crypto::{KeyType, SecretKey, Signer as _};
use openbadges::jose::sd_jwt::{self, SdJwt, SdJwtIssueOptions, SdJwtVerifyOptions};
use openbadges::proof::RdfcCanonicalizer;
use openbadges::resolve::Resolver;
use openbadges::sd;
use serde_json::Value;

fn interop() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join("interop")
}

fn read(path: PathBuf) -> Option<Value> {
    serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()
}

fn sd_jwt_paths(c: &mut Criterion) {
    let Some(mut badge) = read(interop().join("credentials/ob-minimal-eddsa-rdfc-2022.json"))
    else {
        return;
    };
    if let Some(m) = badge.as_object_mut() {
        m.remove("proof");
    }
    let Ok(issuer) = SecretKey::from_seed(KeyType::Ed25519, &[1; 32]) else {
        return;
    };
    let issuer = issuer.into_did_key_signer();
    let Ok(holder) = SecretKey::from_seed(KeyType::Ed25519, &[2; 32]) else {
        return;
    };
    let iss = issuer
        .key_id()
        .split('#')
        .next()
        .unwrap_or_default()
        .to_owned();
    if let Some(m) = badge.as_object_mut() {
        m.insert("issuer".into(), iss.into());
    }
    let Ok(claims) = sd_jwt::credential_to_claims(&badge, "https://example.edu/vct/badge") else {
        return;
    };
    let pointers = sd_jwt::default_disclosable(&claims);
    let pointers: Vec<&str> = pointers.iter().map(String::as_str).collect();
    let options = SdJwtIssueOptions::default()
        .holder_key(holder.public_key())
        .decoys(2);
    c.bench_function("sd_jwt/issue", |b| {
        b.iter(|| sd_jwt::issue_sd_jwt(black_box(&claims), &pointers, &issuer, &options))
    });
    let Ok(issued) = sd_jwt::issue_sd_jwt(&claims, &pointers, &issuer, &options) else {
        return;
    };
    let holder = holder.into_signer("holder");
    let now = chrono::Utc::now().timestamp();
    c.bench_function("sd_jwt/present_kb", |b| {
        b.iter(|| {
            SdJwt::parse(black_box(&issued)).and_then(|p| {
                p.present_with_key_binding(&["/achievement/name"], &holder, "n", "aud", now)
            })
        })
    });
    let Ok(shown) = SdJwt::parse(&issued)
        .and_then(|p| p.present_with_key_binding(&["/achievement/name"], &holder, "n", "aud", now))
    else {
        return;
    };
    let resolver = Resolver::offline();
    let verify = SdJwtVerifyOptions::default().key_binding("n", "aud");
    c.bench_function("sd_jwt/verify_kb", |b| {
        b.iter(|| sd_jwt::verify_sd_jwt(black_box(&shown), &resolver, &verify))
    });
}

fn ecdsa_sd_derived(c: &mut Criterion) {
    let Some(doc) = read(interop().join("credentials/ob-sd-derived-everything-ecdsa-sd-2023.json"))
    else {
        return;
    };
    let canon = RdfcCanonicalizer::new();
    let resolver = Resolver::offline();
    c.bench_function("ecdsa_sd_2023/verify_derived", |b| {
        b.iter(|| openbadges::sd::verify_derived(black_box(&doc), &resolver, &canon))
    });
}

fn ecdsa_sd_ours(c: &mut Criterion) {
    let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join("sd");
    let (Some(base), Some(unsigned)) = (
        read(fixtures.join("base-p256-ours.json")),
        read(fixtures.join("unsigned-p256.json")),
    ) else {
        return;
    };
    let canon = RdfcCanonicalizer::new();
    let resolver = Resolver::offline();
    let Ok(issuer) = SecretKey::from_seed(KeyType::P256, &[7; 32]) else {
        return;
    };
    let issuer = issuer.into_did_key_signer();
    let mut unsigned = unsigned;
    let did = issuer
        .key_id()
        .split('#')
        .next()
        .unwrap_or_default()
        .to_owned();
    unsigned["issuer"]["id"] = Value::String(did);
    let options = sd::BaseProofOptions::new(sd::default_mandatory_pointers(&unsigned))
        .created("2024-01-15T09:00:00Z");
    c.bench_function("ecdsa_sd_2023/add_base_proof", |b| {
        b.iter(|| sd::add_base_proof_with(black_box(&unsigned), &issuer, &canon, &options))
    });
    let reveal = [
        "/credentialSubject/term".to_owned(),
        "/credentialSubject/creditsEarned".to_owned(),
    ];
    c.bench_function("ecdsa_sd_2023/derive", |b| {
        b.iter(|| sd::derive_with(black_box(&base), &reveal, &canon))
    });
    let Ok(shown) = sd::derive_with(&base, &reveal, &canon) else {
        return;
    };
    c.bench_function("ecdsa_sd_2023/verify_derived_ours", |b| {
        b.iter(|| sd::verify_derived(black_box(&shown), &resolver, &canon))
    });
    // The default-canonicalizer forms (a fresh `RdfcCanonicalizer::new()` per call, over the
    // shared processor): the same work as the `_with` forms above.
    c.bench_function("ecdsa_sd_2023/add_base_proof_default_canonicalizer", |b| {
        b.iter(|| sd::add_base_proof(black_box(&unsigned), &issuer, &options))
    });
    c.bench_function("ecdsa_sd_2023/derive_default_canonicalizer", |b| {
        b.iter(|| sd::derive(black_box(&base), &reveal))
    });
    // The minimal OB mandatory set: more statements signed one by one, fewer hashed.
    let minimal =
        sd::BaseProofOptions::open_badges_minimal(&unsigned).created("2024-01-15T09:00:00Z");
    c.bench_function("ecdsa_sd_2023/add_base_proof_minimal", |b| {
        b.iter(|| sd::add_base_proof(black_box(&unsigned), &issuer, &minimal))
    });
    let Ok(minimal_base) = sd::add_base_proof(&unsigned, &issuer, &minimal) else {
        return;
    };
    let name = ["/credentialSubject/achievement/name"];
    c.bench_function("ecdsa_sd_2023/derive_minimal_name_only", |b| {
        b.iter(|| sd::derive(black_box(&minimal_base), name))
    });
    let Ok(name_only) = sd::derive(&minimal_base, name) else {
        return;
    };
    c.bench_function("ecdsa_sd_2023/verify_derived_minimal_name_only", |b| {
        b.iter(|| sd::verify_derived(black_box(&name_only), &resolver, &canon))
    });
}

criterion_group!(benches, sd_jwt_paths, ecdsa_sd_derived, ecdsa_sd_ours);
criterion_main!(benches);
