//! Verifying a rich Open Badges 3.0 credential (`tests/data/bench/ob-rich.eddsa-jcs-2022.json`,
//! 5 KB) secured two ways with the same Ed25519 key: as an OB 3.0 VC-JWT (EdDSA) and with its
//! peer-made `eddsa-jcs-2022` Data Integrity proof. Both include parsing the received text and
//! resolving the did:key.

use std::hint::black_box;
use std::path::PathBuf;

use chrono::{TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use openbadges::crypto::{KeyType, SecretKey};
use openbadges::document::Document;
use openbadges::jose::{self, JwtForm, JwtIssueOptions, JwtVerifyOptions};
use openbadges::proof::{self, JcsCanonicalizer, VerifyOptions};
use openbadges::resolve::Resolver;

fn bench_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("data")
        .join("bench")
}

fn hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .filter_map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

fn verify_rich(c: &mut Criterion) {
    let Ok(signed) = std::fs::read_to_string(bench_dir().join("ob-rich.eddsa-jcs-2022.json"))
    else {
        eprintln!("tests/data/bench not found: skipping the jose bench");
        return;
    };
    let Ok(keys) = std::fs::read_to_string(bench_dir().join("keys.json")) else {
        return;
    };
    let keys: serde_json::Value = serde_json::from_str(&keys).unwrap_or_default();
    let seed = hex(keys["ed25519"]["seedHex"].as_str().unwrap_or_default());
    let method = keys["ed25519"]["verificationMethod"]
        .as_str()
        .unwrap_or_default();
    let Ok(secret) = SecretKey::from_seed(KeyType::Ed25519, &seed) else {
        return;
    };
    let secret_public = secret.public_key();
    let signer = secret.into_signer(method);

    let Ok(mut body) = serde_json::from_str::<serde_json::Value>(&signed) else {
        return;
    };
    if let Some(map) = body.as_object_mut() {
        map.remove("proof");
    }
    let Ok(jwt) = jose::issue_jwt(&body, &signer, &JwtIssueOptions::new(JwtForm::Ob3)) else {
        return;
    };

    let resolver = Resolver::offline();
    let now = Utc
        .with_ymd_and_hms(2025, 6, 1, 0, 0, 0)
        .single()
        .unwrap_or_default();
    let jwt_options = JwtVerifyOptions::default().now(now);
    let di_options = VerifyOptions::default().now(now);

    // Both must verify, or the figures mean nothing.
    let checked = jose::verify_jwt(&jwt, &resolver, &jwt_options);
    assert!(checked.report.is_valid(), "{:?}", checked.report);
    let Ok(document) = Document::from_str(&signed) else {
        return;
    };
    assert!(
        proof::verify_proofs(document.value(), &resolver, &JcsCanonicalizer, &di_options)
            .is_valid()
    );

    let mut group = c.benchmark_group("verify_ob_rich");
    group.bench_function("vc-jwt_EdDSA", |b| {
        b.iter(|| {
            jose::verify_jwt(black_box(&jwt), &resolver, &jwt_options)
                .report
                .is_valid()
        })
    });
    group.bench_function("eddsa-jcs-2022", |b| {
        b.iter(|| {
            Document::from_str(black_box(&signed)).is_ok_and(|d| {
                proof::verify_proofs(d.value(), &resolver, &JcsCanonicalizer, &di_options)
                    .is_valid()
            })
        })
    });
    group.finish();

    // Where the VC-JWT time goes.
    let mut group = c.benchmark_group("vc-jwt_parts");
    let limits = jose::JwsLimits::default();
    group.bench_function("decode", |b| {
        b.iter(|| jose::CompactJws::decode(black_box(&jwt), &limits).is_ok())
    });
    group.bench_function("resolve_did_key", |b| {
        b.iter(|| openbadges::resolve::KeyResolver::resolve(&resolver, black_box(method)).is_ok())
    });
    if let Ok(jws) = jose::CompactJws::decode(&jwt, &limits) {
        let key = secret_public;
        group.bench_function("ed25519_verify", |b| {
            b.iter(|| {
                key.verify(
                    openbadges::crypto::Algorithm::EdDsa,
                    black_box(jws.signing_input()),
                    jws.signature(),
                )
                .is_ok()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, verify_rich);
criterion_main!(benches);
