//! Tests of `openbadges keygen`.

use openbadges::crypto::{Algorithm, KeyType, PublicKey, SecretKey};
use openbadges::resolve::{KeyResolver, Resolver};
use serde_json::Value;

use crate::support::run;

fn keygen_json(key_type: &str) -> Value {
    let output = run(&["keygen", "--type", key_type, "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert!(
        output.stderr.is_empty(),
        "the secret must only go to stdout"
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

fn text<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key].as_str().unwrap()
}

#[test]
fn json_output_is_a_consistent_key_pair() {
    for (arg, key_type, prefix) in [
        ("ed25519", KeyType::Ed25519, "z6Mk"),
        ("p256", KeyType::P256, "zDna"),
        ("p384", KeyType::P384, "z82L"),
    ] {
        let pair = keygen_json(arg);
        assert_eq!(text(&pair, "keyType"), key_type.as_str());
        let multibase = text(&pair, "publicKeyMultibase");
        assert!(multibase.starts_with(prefix), "{multibase}");
        assert_eq!(text(&pair, "did"), format!("did:key:{multibase}"));
        assert_eq!(
            text(&pair, "verificationMethod"),
            format!("did:key:{multibase}#{multibase}")
        );
        let secret = SecretKey::from_multibase(text(&pair, "secretKeyMultibase")).unwrap();
        let public = PublicKey::from_multibase(multibase).unwrap();
        assert_eq!(secret.public_key(), public);
        assert_eq!(PublicKey::from_jwk(&pair["publicJwk"]).unwrap(), public);
        assert_eq!(
            SecretKey::from_jwk(&pair["privateJwk"])
                .unwrap()
                .public_key(),
            public
        );
        // The did:key resolves to the same key, and signatures verify with it.
        let method = Resolver::offline()
            .resolve(text(&pair, "verificationMethod"))
            .unwrap();
        let signature = secret.sign(b"keygen").unwrap();
        method
            .public_key
            .verify(key_type.default_algorithm(), b"keygen", &signature)
            .unwrap();
        assert!(
            method
                .public_key
                .verify(Algorithm::Rs256, b"keygen", &signature)
                .is_err()
        );
    }
}

#[test]
fn keys_are_fresh_each_run() {
    let a = keygen_json("ed25519");
    let b = keygen_json("ed25519");
    assert_ne!(a["secretKeyMultibase"], b["secretKeyMultibase"]);
}

#[test]
fn text_output_names_every_item() {
    let output = run(&["keygen", "--type", "p-256"]);
    assert_eq!(output.status.code(), Some(0));
    let stdout = String::from_utf8(output.stdout).unwrap();
    for name in [
        "keyType: P-256",
        "did: did:key:zDna",
        "verificationMethod: did:key:zDna",
        "publicKeyMultibase: zDna",
        "secretKeyMultibase: z",
        "publicJwk: {",
        "privateJwk: {",
    ] {
        assert!(stdout.contains(name), "missing {name:?} in {stdout}");
    }
    // Default type is Ed25519.
    let output = run(&["keygen"]);
    assert!(
        String::from_utf8(output.stdout)
            .unwrap()
            .contains("keyType: Ed25519")
    );
}

#[test]
fn unknown_type_is_a_usage_error() {
    let output = run(&["keygen", "--type", "rsa"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
}
