//! Reduced feature sets verify what they can and say what they cannot. Run with
//! `cargo test --no-default-features --features ed25519 --test features` (CI does): a
//! credential that needs a missing feature (a P-256 proof without `ecdsa`, an RS256 JWT without
//! `rsa`) must never come back `Valid`, and must carry an error finding that names the reason.
#![cfg(all(feature = "ed25519", not(feature = "ecdsa"), not(feature = "rsa")))]

use std::path::PathBuf;

use openbadges::Severity;
use openbadges::verify::{Verdict, Verifier};

/// Verifies a committed interop fixture (JSON, JWT or SD-JWT) offline; returns the verdict and
/// the error findings, each as its displayed `code: message` line.
fn errors(name: &str) -> (Verdict, Vec<String>) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/interop/credentials")
        .join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let report = Verifier::offline()
        .verify_bytes(&bytes)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let errors = report
        .all_findings()
        .into_iter()
        .filter(|(_, f)| f.severity == Severity::Error)
        .map(|(_, f)| f.to_string())
        .collect();
    (report.verdict(), errors)
}

#[test]
fn eddsa_credentials_still_verify() {
    for name in [
        "ob-minimal-eddsa-rdfc-2022.json",
        "ob-minimal-eddsa-jcs-2022.json",
        "ob-minimal-vc-jwt-EdDSA.jwt",
    ] {
        let (verdict, errors) = errors(name);
        assert_eq!(verdict, Verdict::Valid, "{name}: {errors:?}");
    }
}

#[test]
fn tampered_eddsa_credentials_are_still_invalid() {
    let (verdict, errors) = errors("ob-neg-bad-proof-value-eddsa-rdfc-2022.json");
    assert_eq!(verdict, Verdict::Invalid);
    assert!(!errors.is_empty());
}

#[test]
fn a_p256_proof_without_ecdsa_is_never_valid_and_says_why() {
    for name in [
        "ob-minimal-ecdsa-rdfc-2019.json",
        "ob-minimal-vc-jwt-ES256.jwt",
    ] {
        let (verdict, errors) = errors(name);
        assert_ne!(verdict, Verdict::Valid, "{name}");
        assert!(
            errors.iter().any(|e| e.contains("ecdsa")),
            "{name}: no error names the missing feature: {errors:?}"
        );
    }
}

#[test]
fn an_rs256_jwt_without_rsa_is_never_valid_and_says_why() {
    let name = "ob-minimal-vc-jwt-RS256-jwk.jwt";
    let (verdict, errors) = errors(name);
    assert_ne!(verdict, Verdict::Valid, "{name}");
    assert!(
        errors.iter().any(|e| e.contains("rsa")),
        "{name}: no error names the missing feature: {errors:?}"
    );
}
