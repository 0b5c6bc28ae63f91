//! Integration tests: Data Integrity proofs (eddsa-jcs-2022, ecdsa-jcs-2019; the RDFC
//! suites through a fixture canonicalizer), proof sets and chains.

use std::fs;
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use openbadges::crypto::{KeyType, SecretKey};
use openbadges::proof::{
    self, Canonicalization, CanonicalizeError, Canonicalizer, Cryptosuite, JcsCanonicalizer,
    ProofError, ProofOptions, VerifyOptions,
};
use openbadges::resolve::{Relationship, Resolver};
use serde_json::{Value, json};

use crate::support::data;

const EDDSA: &str = "vectors/vc-di-eddsa/TestVectors";
const ECDSA: &str = "vectors/vc-di-ecdsa/TestVectors";

fn read(relative: &str) -> String {
    fs::read_to_string(data().join(relative)).unwrap()
}

fn read_json(relative: &str) -> Value {
    serde_json::from_str(&read(relative)).unwrap()
}

fn hex(text: &str) -> Vec<u8> {
    let text = text.trim();
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

fn eddsa_key() -> SecretKey {
    let pair = read_json(&format!("{EDDSA}/keyPair.json"));
    SecretKey::from_multibase(pair["privateKeyMultibase"].as_str().unwrap()).unwrap()
}

fn ecdsa_key(file: &str) -> SecretKey {
    let pair = read_json(&format!("{ECDSA}/{file}"));
    SecretKey::from_multibase(pair["secretKeyMultibase"].as_str().unwrap()).unwrap()
}

/// Options from a W3C proof configuration file.
fn options_from(config: &Value) -> ProofOptions {
    let suite = Cryptosuite::from_name(config["cryptosuite"].as_str().unwrap()).unwrap();
    let mut options = ProofOptions::new(suite)
        .created(config["created"].as_str().unwrap())
        .verification_method(config["verificationMethod"].as_str().unwrap());
    if let Some(id) = config.get("id").and_then(Value::as_str) {
        options = options.id(id);
    }
    options
}

fn keys(value: &Value) -> Vec<&str> {
    value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect()
}

fn codes(outcome: &proof::ProofOutcome) -> Vec<String> {
    outcome
        .report()
        .findings()
        .iter()
        .map(|f| f.code.to_string())
        .collect()
}

#[test]
fn eddsa_jcs_2022_vector_exact() {
    let unsigned = read_json(&format!("{EDDSA}/unsigned.json"));
    let config = read_json(&format!("{EDDSA}/eddsa-jcs-2022/proofConfigJCS.json"));
    let expected = read_json(&format!("{EDDSA}/eddsa-jcs-2022/signedJCS.json"));
    let signer = eddsa_key().into_did_key_signer();
    let signed = proof::add_proof(
        &unsigned,
        &options_from(&config),
        &signer,
        &JcsCanonicalizer,
    )
    .unwrap();
    assert_eq!(signed, expected);
    assert_eq!(keys(&signed["proof"]), keys(&expected["proof"]));
    assert_eq!(keys(&signed), keys(&expected));

    // Canonical forms and hashes match the published intermediates.
    let canonical_config = openbadges::jcs::canonicalize(&config).unwrap();
    assert_eq!(
        canonical_config,
        read(&format!("{EDDSA}/eddsa-jcs-2022/proofCanonJCS.txt")).trim()
    );
    assert_eq!(
        openbadges::jcs::canonicalize(&unsigned).unwrap(),
        read(&format!("{EDDSA}/eddsa-jcs-2022/canonDocJCS.txt")).trim()
    );
    let outcome = proof::verify_proofs(
        &expected,
        &Resolver::offline(),
        &JcsCanonicalizer,
        &VerifyOptions::default().keep_intermediates(true),
    );
    assert!(outcome.is_valid(), "{:?}", outcome.report());
    assert_eq!(
        outcome.checks[0].hash_data.as_deref().unwrap(),
        hex(&read(&format!(
            "{EDDSA}/eddsa-jcs-2022/combinedHashJCS.txt"
        )))
    );
    let method = outcome.checks[0].method.as_ref().unwrap();
    assert_eq!(
        method.controller,
        "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
    );
}

#[test]
fn ecdsa_jcs_2019_vectors_verify() {
    for (dir, suffix, pair) in [
        ("ecdsa-jcs-2019-p256", "P256", "p256KeyPair.json"),
        ("ecdsa-jcs-2019-p384", "P384", "p384KeyPair.json"),
    ] {
        let signed = read_json(&format!("{ECDSA}/{dir}/signedJCSECDSA{suffix}.json"));
        let outcome = proof::verify_proofs(
            &signed,
            &Resolver::offline(),
            &JcsCanonicalizer,
            &VerifyOptions::default().keep_intermediates(true),
        );
        assert!(outcome.is_valid(), "{dir}: {:?}", outcome.report());
        assert_eq!(
            outcome.checks[0].hash_data.as_deref().unwrap(),
            hex(&read(&format!(
                "{ECDSA}/{dir}/combinedHashJCSECDSA{suffix}.txt"
            ))),
            "{dir}"
        );
        // Re-signing gives the same proof but for the (randomized in the vector, RFC 6979
        // here) signature, and it verifies.
        let unsigned = read_json(&format!("{ECDSA}/unsigned.json"));
        let config = read_json(&format!("{ECDSA}/{dir}/proofConfigJCSECDSA{suffix}.json"));
        let signer = ecdsa_key(pair).into_did_key_signer();
        let ours = proof::add_proof(
            &unsigned,
            &options_from(&config),
            &signer,
            &JcsCanonicalizer,
        )
        .unwrap();
        let mut without_value = ours["proof"].clone();
        without_value.as_object_mut().unwrap().remove("proofValue");
        assert_eq!(without_value, config, "{dir}");
        let outcome = proof::verify_proofs(
            &ours,
            &Resolver::offline(),
            &JcsCanonicalizer,
            &VerifyOptions::default(),
        );
        assert!(outcome.is_valid(), "{dir}: {:?}", outcome.report());
    }
}

/// A canonicalizer that knows the RDFC-1.0 N-Quads of the W3C vectors' documents and proof
/// configurations (published beside them), standing in for the JSON-LD engine.
struct FixtureRdfc {
    known: Vec<(Value, String)>,
}

impl Canonicalizer for FixtureRdfc {
    fn canonicalize(
        &self,
        method: Canonicalization,
        value: &Value,
    ) -> Result<Vec<u8>, CanonicalizeError> {
        match method {
            Canonicalization::Rdfc => self
                .known
                .iter()
                .find(|(v, _)| v == value)
                .map(|(_, nquads)| nquads.clone().into_bytes())
                .ok_or(CanonicalizeError::Unsupported { method }),
            _ => JcsCanonicalizer.canonicalize(method, value),
        }
    }
}

#[test]
fn rdfc_suites_plug_in_as_a_canonicalizer() {
    let unsigned = read_json(&format!("{EDDSA}/unsigned.json"));
    let dir = format!("{EDDSA}/eddsa-rdfc-2022");
    let config = read_json(&format!("{dir}/proofConfigDataInt.json"));
    let expected = read_json(&format!("{dir}/signedDataInt.json"));
    let rdfc = FixtureRdfc {
        known: vec![
            (
                unsigned.clone(),
                read(&format!("{dir}/canonDocDataInt.txt")),
            ),
            (
                config.clone(),
                read(&format!("{dir}/proofCanonDataInt.txt")),
            ),
        ],
    };
    let signer = eddsa_key().into_did_key_signer();
    let signed = proof::add_proof(&unsigned, &options_from(&config), &signer, &rdfc).unwrap();
    // Exact: the RDFC proofs do not carry @context, only the hashed configuration does.
    assert_eq!(signed, expected);
    let outcome = proof::verify_proofs(
        &expected,
        &Resolver::offline(),
        &rdfc,
        &VerifyOptions::default().keep_intermediates(true),
    );
    assert!(outcome.is_valid(), "{:?}", outcome.report());
    assert_eq!(
        outcome.checks[0].hash_data.as_deref().unwrap(),
        hex(&read(&format!("{dir}/combinedHashDataInt.txt")))
    );

    // Without an RDFC canonicalizer: "could not verify", not "invalid signature".
    let outcome = proof::verify_proofs(
        &expected,
        &Resolver::offline(),
        &JcsCanonicalizer,
        &VerifyOptions::default(),
    );
    assert_eq!(codes(&outcome), ["proof.unsupported"]);
    assert!(matches!(
        proof::add_proof(
            &unsigned,
            &options_from(&config),
            &signer,
            &JcsCanonicalizer
        ),
        Err(ProofError::Canonicalize(
            CanonicalizeError::Unsupported { .. }
        ))
    ));

    // ecdsa-rdfc-2019 P-256: verification with the published N-Quads.
    let dir = format!("{ECDSA}/ecdsa-rdfc-2019-p256");
    let unsigned = read_json(&format!("{ECDSA}/unsigned.json"));
    let config = read_json(&format!("{dir}/proofConfigECDSAP256.json"));
    let rdfc = FixtureRdfc {
        known: vec![
            (unsigned, read(&format!("{dir}/canonDocECDSAP256.txt"))),
            (config, read(&format!("{dir}/proofCanonECDSAP256.txt"))),
        ],
    };
    let signed = read_json(&format!("{dir}/signedECDSAP256.json"));
    let outcome = proof::verify_proofs(
        &signed,
        &Resolver::offline(),
        &rdfc,
        &VerifyOptions::default(),
    );
    assert!(outcome.is_valid(), "{:?}", outcome.report());
}

fn credential() -> Value {
    read_json(&format!("{EDDSA}/unsigned.json"))
}

fn did_key_signer(seed: u8, key_type: KeyType) -> openbadges::crypto::KeySigner {
    let len = if key_type == KeyType::P384 { 48 } else { 32 };
    SecretKey::from_seed(key_type, &vec![seed; len])
        .unwrap()
        .into_did_key_signer()
}

fn verify(document: &Value) -> proof::ProofOutcome {
    proof::verify_proofs(
        document,
        &Resolver::offline(),
        &JcsCanonicalizer,
        &VerifyOptions::default(),
    )
}

#[test]
fn proof_sets_and_chains() {
    let a = did_key_signer(1, KeyType::Ed25519);
    let b = did_key_signer(2, KeyType::P256);
    let c = did_key_signer(3, KeyType::P384);
    let created = "2024-01-01T00:00:00Z";
    let first = proof::add_proof(
        &credential(),
        &ProofOptions::new(Cryptosuite::EddsaJcs2022)
            .created(created)
            .id("urn:uuid:proof-a"),
        &a,
        &JcsCanonicalizer,
    )
    .unwrap();
    assert!(first["proof"].is_object());
    let set = proof::add_proof(
        &first,
        &ProofOptions::new(Cryptosuite::EcdsaJcs2019)
            .created(created)
            .id("urn:uuid:proof-b"),
        &b,
        &JcsCanonicalizer,
    )
    .unwrap();
    assert_eq!(set["proof"].as_array().unwrap().len(), 2);
    assert!(verify(&set).is_valid());
    let chain = proof::add_proof(
        &set,
        &ProofOptions::new(Cryptosuite::EcdsaJcs2019)
            .created(created)
            .previous_proof("urn:uuid:proof-a")
            .previous_proof("urn:uuid:proof-b"),
        &c,
        &JcsCanonicalizer,
    )
    .unwrap();
    assert_eq!(
        chain["proof"][2]["previousProof"],
        json!(["urn:uuid:proof-a", "urn:uuid:proof-b"])
    );
    let outcome = verify(&chain);
    assert!(outcome.is_valid(), "{:?}", outcome.report());
    assert_eq!(outcome.checks.len(), 3);

    // Tampering with a chained proof breaks that proof and the one chained to it.
    let mut tampered = chain.clone();
    tampered["proof"][0]["created"] = json!("2024-01-02T00:00:00Z");
    let outcome = verify(&tampered);
    let failed: Vec<bool> = outcome.checks.iter().map(|c| c.is_valid()).collect();
    assert_eq!(failed, [false, true, false]);
    assert_eq!(
        outcome.checks[0].findings[0].path.to_string(),
        "$.proof[0].proofValue"
    );
    // Removing a proof another chains to is reported on the chaining proof.
    let mut broken = chain.clone();
    broken["proof"].as_array_mut().unwrap().remove(0);
    let outcome = verify(&broken);
    assert!(codes(&outcome).contains(&"proof.previous".to_owned()));

    assert!(matches!(
        proof::add_proof(
            &first,
            &ProofOptions::new(Cryptosuite::EddsaJcs2022).previous_proof("urn:uuid:nope"),
            &a,
            &JcsCanonicalizer
        ),
        Err(ProofError::PreviousProofNotFound { .. })
    ));
}

#[test]
fn verification_findings_name_the_problem() {
    let signer = did_key_signer(4, KeyType::Ed25519);
    let signed = proof::add_proof(
        &credential(),
        &ProofOptions::new(Cryptosuite::EddsaJcs2022)
            .created("2024-01-01T00:00:00Z")
            .expires("2025-01-01T00:00:00Z"),
        &signer,
        &JcsCanonicalizer,
    )
    .unwrap();
    assert!(verify(&signed).is_valid());

    let mutate = |f: &dyn Fn(&mut Value)| {
        let mut doc = signed.clone();
        f(&mut doc);
        codes(&verify(&doc))
    };
    assert_eq!(
        mutate(&|d| d["name"] = json!("Forged")),
        ["proof.signature"]
    );
    assert_eq!(
        mutate(&|d| {
            d.as_object_mut().unwrap().remove("proof");
        }),
        ["proof.missing"]
    );
    assert_eq!(
        mutate(&|d| d["proof"]["proofValue"] = json!("mAAAA")),
        ["proof.value"]
    );
    assert_eq!(
        mutate(&|d| d["proof"]["proofPurpose"] = json!("authentication")),
        ["proof.purpose", "proof.signature"]
    );
    assert_eq!(
        mutate(&|d| d["proof"]["cryptosuite"] = json!("eddsa-2099")),
        ["proof.unsupported"]
    );
    assert_eq!(
        mutate(&|d| d["proof"]["type"] = json!("Ed25519Signature2020")),
        ["proof.unsupported"]
    );
    assert_eq!(
        mutate(&|d| d["proof"]["@context"] = json!(["https://example.com/other"])),
        ["proof.context"]
    );
    assert_eq!(
        mutate(&|d| {
            d["proof"]
                .as_object_mut()
                .unwrap()
                .remove("verificationMethod");
        }),
        ["proof.malformed"]
    );
    assert_eq!(
        mutate(&|d| d["proof"]["verificationMethod"] = json!("did:web:issuer.example#key-1")),
        ["proof.key_unavailable"]
    );
    assert_eq!(
        mutate(&|d| d["proof"]["verificationMethod"] = json!("did:example:issuer#key-1")),
        ["proof.method"]
    );
    // An ECDSA suite naming an Ed25519 key: no algorithm confusion.
    assert_eq!(
        mutate(&|d| d["proof"]["cryptosuite"] = json!("ecdsa-jcs-2019")),
        ["proof.algorithm"]
    );
    assert_eq!(mutate(&|d| d["proof"] = json!("x")), ["proof.malformed"]);
    let expired = proof::verify_proofs(
        &signed,
        &Resolver::offline(),
        &JcsCanonicalizer,
        &VerifyOptions::default().now("2026-01-01T00:00:00Z".parse().unwrap()),
    );
    assert_eq!(codes(&expired), ["proof.expired"]);
    // Authentication proofs are checked against the authentication relationship.
    let auth = proof::add_proof(
        &credential(),
        &ProofOptions::new(Cryptosuite::EddsaJcs2022).purpose(Relationship::Authentication),
        &signer,
        &JcsCanonicalizer,
    )
    .unwrap();
    let outcome = proof::verify_proofs(
        &auth,
        &Resolver::offline(),
        &JcsCanonicalizer,
        &VerifyOptions::default().purpose(Relationship::Authentication),
    );
    assert!(outcome.is_valid());
}

#[test]
fn creation_errors() {
    let ed = did_key_signer(5, KeyType::Ed25519);
    assert!(matches!(
        proof::add_proof(
            &credential(),
            &ProofOptions::new(Cryptosuite::EcdsaJcs2019),
            &ed,
            &JcsCanonicalizer
        ),
        Err(ProofError::AlgorithmMismatch { .. })
    ));
    assert!(matches!(
        proof::add_proof(
            &json!([1]),
            &ProofOptions::new(Cryptosuite::EddsaJcs2022),
            &ed,
            &JcsCanonicalizer
        ),
        Err(ProofError::NotAnObject)
    ));
    assert!(matches!(
        proof::add_proof(
            &credential(),
            &ProofOptions::new(Cryptosuite::EddsaJcs2022).created("yesterday"),
            &ed,
            &JcsCanonicalizer
        ),
        Err(ProofError::InvalidOption {
            option: "created",
            ..
        })
    ));
    let mut bad = credential();
    bad["proof"] = json!(7);
    assert!(matches!(
        proof::add_proof(
            &bad,
            &ProofOptions::new(Cryptosuite::EddsaJcs2022),
            &ed,
            &JcsCanonicalizer
        ),
        Err(ProofError::ExistingProof)
    ));
}

fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(v) = future.as_mut().poll(&mut cx) {
            return v;
        }
    }
}

#[test]
fn async_signing_matches_sync() {
    let signer = did_key_signer(6, KeyType::Ed25519);
    let options = ProofOptions::new(Cryptosuite::EddsaJcs2022).created("2024-01-01T00:00:00Z");
    let sync = proof::add_proof(&credential(), &options, &signer, &JcsCanonicalizer).unwrap();
    let document = credential();
    let future = proof::add_proof_async(&document, &options, &signer, &JcsCanonicalizer);
    fn assert_send<T: Send>(t: T) -> T {
        t
    }
    let asynchronous = block_on(assert_send(future)).unwrap();
    assert_eq!(sync, asynchronous);
}

/// A credential signed by the peer stack (Digital Bazaar eddsa-jcs-2022) in `tests/data/bench`:
/// it verifies, and re-signing it with the same key and `created` gives the same proofValue
/// (Ed25519 is deterministic).
#[test]
fn peer_signed_eddsa_jcs_2022_credential() {
    let signed = read_json("bench/ob-rich.eddsa-jcs-2022.json");
    let outcome = proof::verify_proofs(
        &signed,
        &Resolver::offline(),
        &JcsCanonicalizer,
        &VerifyOptions::default(),
    );
    assert!(outcome.is_valid(), "{:?}", outcome.report());
    let keys = read_json("bench/keys.json");
    let seed = hex(keys["ed25519"]["seedHex"].as_str().unwrap());
    let signer = SecretKey::from_seed(KeyType::Ed25519, &seed)
        .unwrap()
        .into_did_key_signer();
    let mut unsigned = signed.clone();
    unsigned.as_object_mut().unwrap().remove("proof");
    let options = ProofOptions::new(Cryptosuite::EddsaJcs2022)
        .created(signed["proof"]["created"].as_str().unwrap());
    let ours = proof::add_proof(&unsigned, &options, &signer, &JcsCanonicalizer).unwrap();
    assert_eq!(ours["proof"]["proofValue"], signed["proof"]["proofValue"]);
    // Changing one character of the credential breaks the proof.
    let mut tampered = signed.clone();
    tampered["credentialSubject"]["id"] = json!("did:example:someone-else");
    assert_eq!(
        codes(&proof::verify_proofs(
            &tampered,
            &Resolver::offline(),
            &JcsCanonicalizer,
            &VerifyOptions::default()
        )),
        ["proof.signature"]
    );
}

/// The RDFC suites over our JSON-LD engine and RDFC-1.0: W3C and 1EdTech vectors, the
/// legacy suites, and one test per way a proof can fail.
mod rdfc {
    use super::*;
    use openbadges::crypto::PublicKey;
    use openbadges::proof::RdfcCanonicalizer;
    use openbadges::resolve::{StaticResolver, VerificationMethod};
    use sha2::{Digest, Sha256};

    fn canon() -> RdfcCanonicalizer {
        RdfcCanonicalizer::new()
    }

    fn nquads(value: &Value) -> String {
        canon().canonical_nquads(value).unwrap()
    }

    fn without_proof(signed: &Value) -> Value {
        let mut doc = signed.clone();
        doc.as_object_mut().unwrap().shift_remove("proof");
        doc
    }

    fn verify_rdfc(document: &Value) -> proof::ProofOutcome {
        proof::verify_proofs(
            document,
            &Resolver::offline(),
            &canon(),
            &VerifyOptions::default(),
        )
    }

    /// The config the RDFC suites hash: the proof without its value, with the document's context.
    fn config_of(signed: &Value) -> Value {
        let mut config = signed["proof"].clone();
        let map = config.as_object_mut().unwrap();
        map.shift_remove("proofValue");
        map.insert("@context".into(), signed["@context"].clone());
        config
    }

    #[test]
    fn eddsa_rdfc_2022_vector_exact() {
        let dir = format!("{EDDSA}/eddsa-rdfc-2022");
        let unsigned = read_json(&format!("{EDDSA}/unsigned.json"));
        let config = read_json(&format!("{dir}/proofConfigDataInt.json"));
        assert_eq!(
            nquads(&unsigned),
            read(&format!("{dir}/canonDocDataInt.txt"))
        );
        assert_eq!(
            nquads(&config),
            read(&format!("{dir}/proofCanonDataInt.txt"))
        );
        let signer = eddsa_key().into_signer(config["verificationMethod"].as_str().unwrap());
        let signed =
            proof::add_proof(&unsigned, &options_from(&config), &signer, &canon()).unwrap();
        let expected = read_json(&format!("{dir}/signedDataInt.json"));
        assert_eq!(signed, expected);
        assert_eq!(
            signed["proof"]["proofValue"].as_str().unwrap(),
            read(&format!("{dir}/sigBTC58DataInt.txt")).trim()
        );
        let outcome = verify_rdfc(&expected);
        assert!(outcome.is_valid(), "{:?}", outcome.report());
    }

    /// The "employ" variant of the vector uses `https://w3id.org/citizenship/v4rc1`, a
    /// context we do not bundle and the shared vectors do not carry: safe mode refuses it
    /// (it cannot be loaded offline), which is the behaviour asserted here.
    #[test]
    fn eddsa_rdfc_2022_employ_vector_needs_its_context() {
        let signed = read_json(&format!(
            "{EDDSA}/eddsa-rdfc-2022/employ/signedDataInt.json"
        ));
        let outcome = verify_rdfc(&signed);
        assert_eq!(codes(&outcome), ["proof.canonicalization"]);
    }

    fn one_edtech(file: &str) {
        let vector = read_json(file);
        let pair = &vector["keyPair"];
        let seed = hex(pair["ed25519SeedHex"].as_str().unwrap());
        let key = SecretKey::from_seed(KeyType::Ed25519, &seed).unwrap();
        let public = key.public_key();
        let options = &vector["proofOptions"];
        let suite = Cryptosuite::from_name(options["cryptosuite"].as_str().unwrap()).unwrap();
        let method = options["verificationMethod"].as_str().unwrap();
        let unsigned = &vector["unsignedCredential"];
        assert_eq!(
            nquads(unsigned),
            vector["canonicalDocument"].as_str().unwrap()
        );
        let signer = key.into_signer(method);
        let signed = proof::add_proof(
            unsigned,
            &ProofOptions::new(suite).created(options["created"].as_str().unwrap()),
            &signer,
            &canon(),
        )
        .unwrap();
        assert_eq!(
            signed["proof"]["proofValue"], vector["proofValue"],
            "{file}"
        );
        // The CLR vector writes its proof as a one-element array, members in another order.
        assert_eq!(
            without_proof(&signed),
            without_proof(&vector["signedCredential"]),
            "{file}"
        );
        let theirs = match &vector["signedCredential"]["proof"] {
            Value::Array(items) => items[0].clone(),
            one => one.clone(),
        };
        let ours = signed["proof"].as_object().unwrap();
        assert_eq!(ours.len(), theirs.as_object().unwrap().len());
        for (name, value) in ours {
            assert_eq!(&theirs[name], value, "{file}: {name}");
        }
        assert_eq!(
            nquads(&config_of(&signed)),
            vector["canonicalProofConfig"].as_str().unwrap()
        );
        let resolver = StaticResolver::new().with(
            VerificationMethod::new(
                method,
                pair["controller"].as_str().unwrap(),
                "Ed25519VerificationKey2020",
                public,
            )
            .with_relationships([Relationship::AssertionMethod]),
        );
        let outcome = proof::verify_proofs(
            &vector["signedCredential"],
            &resolver,
            &canon(),
            &VerifyOptions::default().keep_intermediates(true),
        );
        assert!(outcome.is_valid(), "{:?}", outcome.report());
        assert_eq!(
            outcome.checks[0].hash_data.as_deref().unwrap(),
            hex(vector["hashDataHex"].as_str().unwrap())
        );
        // The intermediates are the vector's canonical forms.
        assert_eq!(
            outcome.checks[0].canonical_config.as_deref(),
            vector["canonicalProofConfig"].as_str()
        );
        assert_eq!(
            outcome.checks[0].canonical_document.as_deref(),
            vector["canonicalDocument"].as_str()
        );
    }

    #[test]
    fn one_edtech_ob_3_0_vector_exact() {
        one_edtech(
            &data()
                .join("spec/ob3/test-vectors/eddsa-rdfc-2022.obv3p0.vector.json")
                .to_string_lossy(),
        );
    }

    #[test]
    fn one_edtech_clr_2_0_vector_exact() {
        one_edtech(
            &data()
                .join("spec/clr2/test-vectors/eddsa-rdfc-2022.clrv2p0.vector.json")
                .to_string_lossy(),
        );
    }

    #[test]
    fn ecdsa_rdfc_2019_vectors_verify_and_ours_verify() {
        for (curve, key_file, key_type) in [
            ("P256", "p256KeyPair.json", KeyType::P256),
            ("P384", "p384KeyPair.json", KeyType::P384),
        ] {
            let dir = format!("{ECDSA}/ecdsa-rdfc-2019-{}", curve.to_lowercase());
            let signed = read_json(&format!("{dir}/signedECDSA{curve}.json"));
            let config = read_json(&format!("{dir}/proofConfigECDSA{curve}.json"));
            assert_eq!(
                nquads(&without_proof(&signed)),
                read(&format!("{dir}/canonDocECDSA{curve}.txt"))
            );
            assert_eq!(
                nquads(&config),
                read(&format!("{dir}/proofCanonECDSA{curve}.txt"))
            );
            let outcome = proof::verify_proofs(
                &signed,
                &Resolver::offline(),
                &canon(),
                &VerifyOptions::default().keep_intermediates(true),
            );
            assert!(outcome.is_valid(), "{curve}: {:?}", outcome.report());
            assert_eq!(
                outcome.checks[0].hash_data.as_deref().unwrap(),
                hex(&read(&format!("{dir}/combinedHashECDSA{curve}.txt"))),
                "{curve}"
            );
            // Ours, with the vector's key, over the same document.
            let key = ecdsa_key(key_file);
            assert_eq!(key.key_type(), key_type);
            let signer = key.into_signer(config["verificationMethod"].as_str().unwrap());
            let ours = proof::add_proof(
                &without_proof(&signed),
                &options_from(&config),
                &signer,
                &canon(),
            )
            .unwrap();
            let outcome = verify_rdfc(&ours);
            assert!(outcome.is_valid(), "{curve}: {:?}", outcome.report());
        }
    }

    #[test]
    fn ed25519_signature_2020_vector_verifies() {
        let dir = format!("{EDDSA}/Ed25519Signature2020");
        let signed = read_json(&format!("{dir}/signedEdSig.json"));
        assert_eq!(
            nquads(&without_proof(&signed)),
            read(&format!("{dir}/canonDocEdSig.txt"))
        );
        assert_eq!(
            nquads(&read_json(&format!("{dir}/proofConfigEdSig.json"))),
            read(&format!("{dir}/proofCanonEdSig.txt"))
        );
        let outcome = verify_rdfc(&signed);
        assert!(outcome.is_valid(), "{:?}", outcome.report());
        assert_eq!(
            outcome.checks[0].cryptosuite,
            Some(Cryptosuite::Ed25519Signature2020)
        );
        let mut tampered = signed.clone();
        tampered["credentialSubject"]["alumniOf"] = json!("Another School");
        assert_eq!(codes(&verify_rdfc(&tampered)), ["proof.signature"]);
    }

    #[test]
    fn legacy_suites_are_verify_only() {
        for suite in [Cryptosuite::Eddsa2022, Cryptosuite::Ed25519Signature2020] {
            let err = proof::add_proof(
                &credential(),
                &ProofOptions::new(suite),
                &did_key_signer(1, KeyType::Ed25519),
                &canon(),
            )
            .unwrap_err();
            assert!(matches!(err, ProofError::VerifyOnly { .. }), "{err}");
        }
    }

    /// A proof named with the draft cryptosuite `eddsa-2022`, built here step by step
    /// (not through `add_proof`), verifies as eddsa-rdfc-2022.
    #[test]
    fn draft_eddsa_2022_verifies_as_eddsa_rdfc_2022() {
        let key = eddsa_key();
        let did = key.public_key().did_key().unwrap();
        let method = key.public_key().did_key_method_id().unwrap();
        let document = credential();
        let proof = json!({
            "type": "DataIntegrityProof",
            "cryptosuite": "eddsa-2022",
            "created": "2023-02-24T23:36:38Z",
            "verificationMethod": method,
            "proofPurpose": "assertionMethod"
        });
        let mut config = proof.clone();
        config["@context"] = document["@context"].clone();
        let mut hash_data = Sha256::digest(nquads(&config).as_bytes()).to_vec();
        hash_data.extend(Sha256::digest(nquads(&document).as_bytes()));
        let signature = key.sign(&hash_data).unwrap();
        let mut signed = document.clone();
        let mut proof = proof;
        proof["proofValue"] = json!(openbadges::crypto::multibase::encode(
            openbadges::crypto::multibase::Base::Base58Btc,
            &signature
        ));
        signed["proof"] = proof;
        let outcome = verify_rdfc(&signed);
        assert!(outcome.is_valid(), "{:?}", outcome.report());
        assert_eq!(outcome.checks[0].cryptosuite, Some(Cryptosuite::Eddsa2022));
        assert_eq!(outcome.checks[0].method.as_ref().unwrap().controller, did);
    }

    /// An OB 3.0 credential with an `allowedValue` list (an `@list`), signed by us.
    fn ob_signed(suite: Cryptosuite) -> Value {
        let vector = read_json(
            &data()
                .join("spec/ob3/test-vectors/eddsa-rdfc-2022.obv3p0.vector.json")
                .to_string_lossy(),
        );
        let mut unsigned = vector["unsignedCredential"].clone();
        unsigned["credentialSubject"]["result"] = json!([{
            "type": ["Result"],
            "resultDescription": "urn:uuid:f6ab24cd-86e8-4eaf-b8c6-ded74e8fd41c",
            "value": "A"
        }]);
        unsigned["credentialSubject"]["achievement"]["resultDescription"] = json!([{
            "id": "urn:uuid:f6ab24cd-86e8-4eaf-b8c6-ded74e8fd41c",
            "type": ["ResultDescription"],
            "name": "Final grade",
            "resultType": "LetterGrade",
            "allowedValue": ["D", "C", "B", "A"]
        }]);
        let signer = did_key_signer(7, KeyType::Ed25519);
        let mut unsigned = unsigned;
        unsigned["issuer"]["id"] = json!(signer.secret_key().public_key().did_key().unwrap());
        proof::add_proof(
            &unsigned,
            &ProofOptions::new(suite).created("2024-01-01T00:00:00Z"),
            &signer,
            &canon(),
        )
        .unwrap()
    }

    #[test]
    fn our_ob_credential_verifies() {
        let outcome = verify_rdfc(&ob_signed(Cryptosuite::EddsaRdfc2022));
        assert!(outcome.is_valid(), "{:?}", outcome.report());
    }

    #[test]
    fn negative_tampered_field() {
        let mut signed = ob_signed(Cryptosuite::EddsaRdfc2022);
        signed["name"] = json!("Forged name");
        assert_eq!(codes(&verify_rdfc(&signed)), ["proof.signature"]);
    }

    #[test]
    fn negative_tampered_list_element() {
        let mut signed = ob_signed(Cryptosuite::EddsaRdfc2022);
        signed["credentialSubject"]["achievement"]["resultDescription"][0]["allowedValue"] =
            json!(["D", "C", "A", "B"]);
        assert_eq!(codes(&verify_rdfc(&signed)), ["proof.signature"]);
        let mut signed = ob_signed(Cryptosuite::EddsaRdfc2022);
        signed["credentialSubject"]["achievement"]["resultDescription"][0]["allowedValue"][3] =
            json!("A+");
        assert_eq!(codes(&verify_rdfc(&signed)), ["proof.signature"]);
    }

    #[test]
    fn negative_tampered_proof_option() {
        let mut signed = ob_signed(Cryptosuite::EddsaRdfc2022);
        signed["proof"]["created"] = json!("2024-01-02T00:00:00Z");
        assert_eq!(codes(&verify_rdfc(&signed)), ["proof.signature"]);
    }

    #[test]
    fn negative_wrong_key() {
        let mut signed = ob_signed(Cryptosuite::EddsaRdfc2022);
        let other = did_key_signer(8, KeyType::Ed25519);
        signed["proof"]["verificationMethod"] =
            json!(other.secret_key().public_key().did_key_method_id().unwrap());
        assert_eq!(codes(&verify_rdfc(&signed)), ["proof.signature"]);
    }

    /// The proof module reports the controller of the key; binding it to the issuer is the
    /// verifier's job (`verify` tests cover `proof.controller`). Here: the key resolves to
    /// another controller than the issuer and the proof itself is sound.
    #[test]
    fn negative_key_of_another_controller() {
        let signed = ob_signed(Cryptosuite::EddsaRdfc2022);
        let method = signed["proof"]["verificationMethod"].as_str().unwrap();
        let public = PublicKey::from_multibase(method.split('#').nth(1).unwrap()).unwrap();
        let resolver = StaticResolver::new().with(
            VerificationMethod::new(method, "https://evil.example/issuer", "Multikey", public)
                .with_relationships([Relationship::AssertionMethod]),
        );
        let outcome = proof::verify_proofs(&signed, &resolver, &canon(), &VerifyOptions::default());
        let controller = &outcome.checks[0].method.as_ref().unwrap().controller;
        assert_ne!(controller, signed["issuer"]["id"].as_str().unwrap());
        // Not authorized for assertionMethod by that controller: proof.relationship.
        let resolver = StaticResolver::new().with(
            VerificationMethod::new(
                method,
                "https://evil.example/issuer",
                "Multikey",
                public_of(method),
            )
            .with_relationships([Relationship::Authentication]),
        );
        let outcome = proof::verify_proofs(&signed, &resolver, &canon(), &VerifyOptions::default());
        assert_eq!(codes(&outcome), ["proof.relationship"]);
    }

    fn public_of(method: &str) -> PublicKey {
        PublicKey::from_multibase(method.split('#').nth(1).unwrap()).unwrap()
    }

    #[test]
    fn negative_wrong_purpose() {
        let signed = ob_signed(Cryptosuite::EddsaRdfc2022);
        let outcome = proof::verify_proofs(
            &signed,
            &Resolver::offline(),
            &canon(),
            &VerifyOptions::default().purpose(Relationship::Authentication),
        );
        assert!(
            codes(&outcome).contains(&"proof.purpose".to_string()),
            "{:?}",
            codes(&outcome)
        );
    }

    #[test]
    fn negative_unknown_suite() {
        let mut signed = ob_signed(Cryptosuite::EddsaRdfc2022);
        signed["proof"]["cryptosuite"] = json!("eddsa-rdfc-2099");
        assert_eq!(codes(&verify_rdfc(&signed)), ["proof.unsupported"]);
        let mut signed = ob_signed(Cryptosuite::EddsaRdfc2022);
        signed["proof"]["type"] = json!("RsaSignature2018");
        assert_eq!(codes(&verify_rdfc(&signed)), ["proof.unsupported"]);
    }

    #[test]
    fn negative_wrong_key_type_for_the_suite() {
        let mut signed = ob_signed(Cryptosuite::EddsaRdfc2022);
        signed["proof"]["cryptosuite"] = json!("ecdsa-rdfc-2019");
        assert_eq!(codes(&verify_rdfc(&signed)), ["proof.algorithm"]);
    }

    #[test]
    fn negative_malformed_proof_value() {
        let mut signed = ob_signed(Cryptosuite::EddsaRdfc2022);
        signed["proof"]["proofValue"] = json!("uAAAA");
        assert_eq!(codes(&verify_rdfc(&signed)), ["proof.value"]);
        signed["proof"]["proofValue"] = json!("z0OIl");
        assert_eq!(codes(&verify_rdfc(&signed)), ["proof.value"]);
    }

    #[test]
    fn negative_missing_context() {
        let mut signed = ob_signed(Cryptosuite::EddsaRdfc2022);
        signed.as_object_mut().unwrap().shift_remove("@context");
        let outcome = verify_rdfc(&signed);
        assert_eq!(codes(&outcome), ["proof.canonicalization"]);
        let message = outcome.report().findings()[0].message.clone();
        assert!(message.contains("JSON-LD"), "{message}");
    }

    #[test]
    fn negative_undefined_term_is_refused_not_dropped() {
        let mut signed = ob_signed(Cryptosuite::EddsaRdfc2022);
        signed["credentialSubject"]["notInTheContext"] = json!("x");
        let outcome = verify_rdfc(&signed);
        assert_eq!(codes(&outcome), ["proof.canonicalization"]);
        let message = outcome.report().findings()[0].message.clone();
        assert!(message.contains("notInTheContext"), "{message}");
    }

    #[test]
    fn rdfc_signing_is_deterministic_for_ed25519() {
        assert_eq!(
            ob_signed(Cryptosuite::EddsaRdfc2022),
            ob_signed(Cryptosuite::EddsaRdfc2022)
        );
    }

    #[test]
    fn canonicalizer_is_shared_across_threads() {
        let signed = ob_signed(Cryptosuite::EddsaRdfc2022);
        let handles: Vec<_> = (0..4)
            .map(|_| {
                let s = signed.clone();
                std::thread::spawn(move || verify_rdfc(&s).is_valid())
            })
            .collect();
        for h in handles {
            assert!(h.join().unwrap());
        }
    }
}

/// ecdsa-rdfc-2019 with a P-384 key runs RDFC-1.0 with SHA-384 inside (what the W3C
/// suite and Digital Bazaar's implementation do; the W3C P-384 vector has one blank node,
/// so it cannot tell): on a credential with several blank nodes the labels differ.
#[test]
fn p384_rdfc_uses_sha384_inside_canonicalization() {
    use openbadges::proof::RdfcCanonicalizer;
    let text = fs::read_to_string(
        crate::support::root().join("fixtures/valid/own-achievement-credential.json"),
    )
    .unwrap();
    let mut doc: Value = serde_json::from_str(&text).unwrap();
    doc.as_object_mut().unwrap().shift_remove("proof");
    let canon = RdfcCanonicalizer::new();
    let sha256 = canon.canonicalize(Canonicalization::Rdfc, &doc).unwrap();
    let sha384 = canon
        .canonicalize_for(Canonicalization::Rdfc, KeyType::P384, &doc)
        .unwrap();
    let p256 = canon
        .canonicalize_for(Canonicalization::Rdfc, KeyType::P256, &doc)
        .unwrap();
    assert!(sha256 == p256);
    assert!(sha256 != sha384, "the labels should depend on the hash");
    let mut a: Vec<&[u8]> = sha256.split(|b| *b == b'\n').collect();
    let mut b: Vec<&[u8]> = sha384.split(|b| *b == b'\n').collect();
    a.sort();
    b.sort();
    assert_eq!(a.len(), b.len());
}

/// `keep_intermediates` keeps the canonical proof configuration and document beside the
/// hash data (what `openbadges verify --explain` shows); off, nothing is kept.
#[test]
fn intermediates_are_kept_only_on_request() {
    use sha2::Digest as _;
    let signer = did_key_signer(9, KeyType::Ed25519);
    let options = ProofOptions::new(Cryptosuite::EddsaJcs2022).created("2024-01-01T00:00:00Z");
    let signed = proof::add_proof(&credential(), &options, &signer, &JcsCanonicalizer).unwrap();

    let plain = verify(&signed);
    assert!(plain.is_valid());
    let check = &plain.checks[0];
    assert!(check.hash_data.is_none());
    assert!(check.canonical_config.is_none());
    assert!(check.canonical_document.is_none());

    let kept = proof::verify_proofs(
        &signed,
        &Resolver::offline(),
        &JcsCanonicalizer,
        &VerifyOptions::default().keep_intermediates(true),
    );
    assert!(kept.is_valid());
    let check = &kept.checks[0];
    let config = check.canonical_config.as_deref().unwrap();
    let document = check.canonical_document.as_deref().unwrap();
    // JCS of the document without its proof, and of the proof without its value.
    let mut unsecured = signed.clone();
    unsecured.as_object_mut().unwrap().remove("proof");
    assert_eq!(document, openbadges::jcs::canonicalize(&unsecured).unwrap());
    let mut proof_config = signed["proof"].clone();
    proof_config.as_object_mut().unwrap().remove("proofValue");
    assert_eq!(
        config,
        openbadges::jcs::canonicalize(&proof_config).unwrap()
    );
    let mut hash_data = sha2::Sha256::digest(config.as_bytes()).to_vec();
    hash_data.extend(sha2::Sha256::digest(document.as_bytes()));
    assert_eq!(check.hash_data.as_deref(), Some(&hash_data[..]));
}

/// The members view of the unsecured document keeps every edge of the old clone-based
/// construction: a chained proof, a proof `@context` replacing the document's (JCS), and
/// key order (RDFC reads members in order).
#[test]
fn views_match_the_built_documents() {
    let first = did_key_signer(10, KeyType::Ed25519);
    let second = did_key_signer(11, KeyType::Ed25519);
    let options = ProofOptions::new(Cryptosuite::EddsaJcs2022)
        .created("2024-01-01T00:00:00Z")
        .id("urn:proof:1");
    let once = proof::add_proof(&credential(), &options, &first, &JcsCanonicalizer).unwrap();
    let chained_options = ProofOptions::new(Cryptosuite::EddsaJcs2022)
        .created("2024-01-02T00:00:00Z")
        .previous_proof("urn:proof:1");
    let twice = proof::add_proof(&once, &chained_options, &second, &JcsCanonicalizer).unwrap();
    let outcome = proof::verify_proofs(
        &twice,
        &Resolver::offline(),
        &JcsCanonicalizer,
        &VerifyOptions::default().keep_intermediates(true),
    );
    assert!(outcome.is_valid(), "{:?}", outcome.report());
    // The chained proof's document includes the first proof.
    let document = outcome.checks[1].canonical_document.as_deref().unwrap();
    let mut expected = credential();
    expected["proof"] = json!([once["proof"].clone()]);
    assert_eq!(document, openbadges::jcs::canonicalize(&expected).unwrap());
    // Tampering with the first proof breaks the second.
    let mut tampered = twice.clone();
    tampered["proof"][0]["created"] = json!("2024-01-03T00:00:00Z");
    let outcome = verify(&tampered);
    assert!(!outcome.checks[1].is_valid());
}

/// `verify_proofs_async` with a resolver that really waits: the same outcome as the sync
/// verification, for a valid and a broken proof.
#[test]
fn async_resolver_verifies_like_the_sync_one() {
    use openbadges::resolve::{AsyncKeyResolver, KeyResolver, ResolveError, VerificationMethod};
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Pends once before answering (as an I/O-bound resolver would), and counts calls.
    struct Slow {
        inner: Resolver,
        calls: AtomicUsize,
    }
    struct YieldOnce(bool);
    impl Future for YieldOnce {
        type Output = ();
        fn poll(mut self: std::pin::Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
            if self.0 {
                Poll::Ready(())
            } else {
                self.0 = true;
                cx.waker().wake_by_ref();
                Poll::Pending
            }
        }
    }
    impl AsyncKeyResolver for Slow {
        fn resolve(
            &self,
            id: &str,
        ) -> impl Future<Output = Result<VerificationMethod, ResolveError>> + Send {
            self.calls.fetch_add(1, Ordering::SeqCst);
            let result = KeyResolver::resolve(&self.inner, id);
            async move {
                YieldOnce(false).await;
                result
            }
        }
    }

    let signer = did_key_signer(12, KeyType::Ed25519);
    let options = ProofOptions::new(Cryptosuite::EddsaJcs2022).created("2024-01-01T00:00:00Z");
    let signed = proof::add_proof(&credential(), &options, &signer, &JcsCanonicalizer).unwrap();
    let resolver = Slow {
        inner: Resolver::offline(),
        calls: AtomicUsize::new(0),
    };
    fn assert_send<T: Send>(t: T) -> T {
        t
    }
    let outcome = block_on(assert_send(proof::verify_proofs_async(
        &signed,
        &resolver,
        &JcsCanonicalizer,
        &VerifyOptions::default(),
    )));
    assert!(outcome.is_valid(), "{:?}", outcome.report());
    assert_eq!(resolver.calls.load(Ordering::SeqCst), 1);

    // A broken document and an unresolvable method: the same findings as sync.
    let mut broken = signed.clone();
    broken["name"] = json!("changed");
    broken["proof"] = json!([signed["proof"].clone(), {
        "type": "DataIntegrityProof", "cryptosuite": "eddsa-jcs-2022",
        "verificationMethod": "did:web:example.com#key-1", "proofPurpose": "assertionMethod",
        "proofValue": "z3FXQ"
    }]);
    let sync = verify(&broken);
    let asynchronous = block_on(proof::verify_proofs_async(
        &broken,
        &resolver,
        &JcsCanonicalizer,
        &VerifyOptions::default(),
    ));
    assert_eq!(codes(&sync), codes(&asynchronous));
    assert!(codes(&sync).contains(&"proof.signature".to_owned()));
    assert!(codes(&sync).contains(&"proof.key_unavailable".to_owned()));
    // The offline resolver is an AsyncKeyResolver too.
    let offline = block_on(proof::verify_proofs_async(
        &signed,
        &Resolver::offline(),
        &JcsCanonicalizer,
        &VerifyOptions::default(),
    ));
    assert!(offline.is_valid());
}

/// What `openbadges verify --explain` shows: with `debug` on, the verifier's proof outcome
/// carries the canonical N-Quads of the document and of the proof configuration beside
/// `hashData`; with it off, none of them.
#[test]
fn verifier_debug_shows_canonical_forms() {
    use openbadges::Document;
    use openbadges::verify::{DataIntegrityChecker, Policy, Verdict, Verifier};
    let text = read("bench/ob-minimal.eddsa-rdfc-2022.json");
    let document = Document::from_str(&text).unwrap();
    let policy = |debug: bool| {
        Policy::builder()
            .check_schema(false)
            .check_status(false)
            .refresh(false)
            .debug(debug)
            .build()
            .unwrap()
    };
    let report = Verifier::builder()
        .proof_checker(DataIntegrityChecker::offline())
        .without_schema()
        .policy(policy(true))
        .build()
        .verify(&document);
    assert_eq!(report.verdict(), Verdict::Valid, "{:#?}", report.findings());
    let debug = &report.proofs()[0].outcome.debug;
    let document_nquads = debug.get("canonicalDocument").unwrap();
    let config_nquads = debug.get("canonicalProofConfig").unwrap();
    assert!(debug.contains_key("hashData"));
    assert!(document_nquads.ends_with(" .\n"));
    assert!(document_nquads.contains("<https://www.w3.org/2018/credentials#issuer>"));
    assert!(!document_nquads.contains("https://w3id.org/security#proofValue"));
    assert!(config_nquads.contains("<https://w3id.org/security#cryptosuite> \"eddsa-rdfc-2022\""));
    let plain = Verifier::builder()
        .proof_checker(DataIntegrityChecker::offline())
        .without_schema()
        .policy(policy(false))
        .build()
        .verify(&document);
    assert!(plain.proofs()[0].outcome.debug.is_empty());
}

mod views {
    use openbadges::crypto::KeyType;
    use openbadges::proof::{Canonicalization, CanonicalizeError, Canonicalizer, JcsCanonicalizer};
    use proptest::prelude::*;
    use serde_json::{Map, Value};

    /// A canonicalizer with only the required method: the trait's default
    /// `canonicalize_object` (build the object, then canonicalize).
    struct Plain;

    impl Canonicalizer for Plain {
        fn canonicalize(
            &self,
            method: Canonicalization,
            value: &Value,
        ) -> Result<Vec<u8>, CanonicalizeError> {
            JcsCanonicalizer.canonicalize(method, value)
        }
    }

    fn arb_json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            (-1e20f64..1e20).prop_map(Value::from),
            "[\\PC\u{1}-\u{1f}\u{e000}-\u{ffff}\u{10000}-\u{10ffff}]{0,8}".prop_map(Value::String),
        ];
        leaf.prop_recursive(3, 24, 5, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::btree_map("[a-z@\u{e9}\u{1f600}\u{fb33}]{0,4}", inner, 0..5)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        /// RFC 8785 written from borrowed members equals RFC 8785 of the built object, and
        /// the trait's default agrees.
        #[test]
        fn jcs_of_members_equals_jcs_of_the_object(
            members in prop::collection::btree_map("[a-z@\u{e9}\u{1f600}\u{fb33}]{0,6}", arb_json(), 0..8),
            reverse in any::<bool>(),
        ) {
            let mut list: Vec<(&str, &Value)> = members.iter().map(|(k, v)| (k.as_str(), v)).collect();
            if reverse {
                list.reverse();
            }
            let object: Map<String, Value> = members.clone().into_iter().collect();
            let expected = openbadges::jcs::canonicalize(&Value::Object(object)).unwrap().into_bytes();
            let viewed = JcsCanonicalizer
                .canonicalize_object(Canonicalization::Jcs, KeyType::Ed25519, &list)
                .unwrap();
            prop_assert_eq!(&viewed, &expected);
            let default = Plain
                .canonicalize_object(Canonicalization::Jcs, KeyType::Ed25519, &list)
                .unwrap();
            prop_assert_eq!(default, expected);
        }
    }
}

/// F12: signing a VCDM 1.1 credential that lacks the Data Integrity context adds
/// `https://w3id.org/security/data-integrity/v2` (its base context defines neither
/// `DataIntegrityProof` nor `cryptosuite`), and the result verifies; a VCDM 2.0 credential is
/// left as it is.
#[test]
fn signing_a_vcdm_1_1_credential_adds_the_data_integrity_context() {
    const DI_V2: &str = "https://w3id.org/security/data-integrity/v2";
    let signer = eddsa_key().into_did_key_signer();
    let v1 = json!({
        "@context": "https://www.w3.org/2018/credentials/v1",
        "type": ["VerifiableCredential"],
        "issuer": "https://vc.example/issuers/5678",
        "issuanceDate": "2023-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:abcdefgh"}
    });
    for suite in [Cryptosuite::EddsaRdfc2022, Cryptosuite::EddsaJcs2022] {
        let signed = proof::add_proof(
            &v1,
            &ProofOptions::new(suite),
            &signer,
            &openbadges::proof::RdfcCanonicalizer::new(),
        )
        .unwrap_or_else(|e| panic!("{suite}: {e}"));
        assert_eq!(
            signed["@context"],
            json!(["https://www.w3.org/2018/credentials/v1", DI_V2]),
            "{suite}"
        );
        let outcome = proof::verify_proofs(
            &signed,
            &Resolver::offline(),
            &openbadges::proof::RdfcCanonicalizer::new(),
            &VerifyOptions::default(),
        );
        assert!(outcome.is_valid(), "{suite}: {:?}", outcome.report());
    }
    let v2 = read_json(&format!("{EDDSA}/unsigned.json"));
    let signed = proof::add_proof(
        &v2,
        &ProofOptions::new(Cryptosuite::EddsaRdfc2022),
        &signer,
        &openbadges::proof::RdfcCanonicalizer::new(),
    )
    .unwrap();
    assert_eq!(signed["@context"], v2["@context"]);
}
