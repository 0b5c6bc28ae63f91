//! ecdsa-sd-2023: the peer corpus's derived proofs verify with ours, the negative ones
//! fail with the right finding, a base proof is refused.

use std::path::PathBuf;

use openbadges::proof::RdfcCanonicalizer;
use openbadges::resolve::Resolver;
use openbadges::sd::{self, SdProofValue, codes};
use serde_json::Value;

use crate::support;

fn interop() -> PathBuf {
    support::root().join("fixtures").join("interop")
}

fn read_json(path: &std::path::Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

#[test]
fn peer_corpus_sd_cases_get_their_verdicts() {
    let manifest = read_json(&interop().join("manifest.json"));
    let canon = RdfcCanonicalizer::new();
    let mut seen = 0;
    for case in manifest["cases"].as_array().unwrap() {
        if !case["format"].as_str().unwrap().contains("ecdsa-sd-2023") {
            continue;
        }
        let id = case["id"].as_str().unwrap();
        let doc = read_json(&interop().join(case["file"].as_str().unwrap()));
        let checked = sd::verify_derived(&doc, &Resolver::offline(), &canon);
        let expected = case["expected"] == "valid";
        assert_eq!(
            checked.report.is_valid(),
            expected,
            "{id}: {:#?}",
            checked.report
        );
        let code = match id {
            "ob-sd-base-ecdsa-sd-2023" => Some(codes::SD_BASE),
            "ob-sd-neg-derived-tampered-selective-ecdsa-sd-2023" => Some(codes::SD_STATEMENT),
            "ob-sd-neg-derived-tampered-mandatory-ecdsa-sd-2023"
            | "ob-sd-neg-derived-wrong-key-ecdsa-sd-2023" => Some("proof.signature"),
            "ob-sd-neg-derived-dropped-statement-ecdsa-sd-2023" => Some(codes::SD_COUNT),
            "ob-sd-neg-derived-bad-proof-value-ecdsa-sd-2023" => None,
            _ => None,
        };
        if let Some(code) = code {
            assert!(checked.report.has_code(code), "{id}: {:#?}", checked.report);
        }
        if expected {
            assert!(!checked.mandatory.is_empty(), "{id}");
        }
        seen += 1;
    }
    assert_eq!(seen, 11);
}

#[test]
fn proof_values_parse_strictly() {
    let doc = read_json(
        &interop()
            .join("credentials")
            .join("ob-sd-derived-results-ecdsa-sd-2023.json"),
    );
    let value = doc["proof"]["proofValue"].as_str().unwrap();
    let SdProofValue::Derived(parsed) = sd::parse_proof_value(value).unwrap() else {
        panic!("a derived proof")
    };
    assert_eq!(parsed.base_signature.len(), 64);
    assert_eq!(&parsed.public_key[..2], &[0x80, 0x24]);
    assert!(parsed.label_map.keys().all(|k| k.starts_with("c14n")));
    assert!(parsed.label_map.values().all(|v| v.starts_with('u')));
    for bad in ["", "z123", "uAAAA", &value[..value.len() - 8]] {
        assert!(sd::parse_proof_value(bad).is_err(), "{bad}");
    }
}

fn hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

/// The W3C VC-DI-ECDSA ecdsa-sd-2023 vectors. Their credentials use
/// `https://w3id.org/citizenship/v4rc1`, which is not in `tests/data/vectors` (nor bundled),
/// so the JSON-LD-dependent steps (the document's N-Quads, HMAC relabelling) cannot be
/// recomputed here. Checked: the derived proofValue decodes to exactly the published
/// components; the proof configuration canonicalizes to the published N-Quads (with the
/// bundled VC v2 context only) and hashes to the published proofHash; over the
/// published relabelled N-Quads, the mandatory hash equals the published one and the base
/// signature and every statement signature verify with the published keys.
#[test]
fn w3c_vectors_intermediate_values() {
    use openbadges::crypto::{Algorithm, PublicKey};
    use openbadges::proof::{Canonicalization, Canonicalizer};
    use openbadges::report::JsonPath;
    use sha2::{Digest, Sha256};

    for case in ["employ", "prc"] {
        let dir = support::data()
            .join("vectors/vc-di-ecdsa/TestVectors/ecdsa-sd-2023")
            .join(case);
        let derived = read_json(&dir.join("derivedRevealDocument.json"));
        let expected = read_json(&dir.join("verifyDerivedProofValue.json"));
        let data = read_json(&dir.join("verifyCreateVerifyData.json"));
        let SdProofValue::Derived(value) =
            sd::parse_proof_value(derived["proof"]["proofValue"].as_str().unwrap()).unwrap()
        else {
            panic!("{case}: a derived proof")
        };
        assert_eq!(
            value.base_signature,
            hex(expected["baseSignature"].as_str().unwrap())
        );
        let ephemeral = PublicKey::from_multibase(expected["publicKey"].as_str().unwrap()).unwrap();
        assert_eq!(
            value.public_key[2..],
            ephemeral.to_bytes().unwrap()[..],
            "{case}"
        );
        let signatures: Vec<Vec<u8>> = expected["signatures"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| hex(s.as_str().unwrap()))
            .collect();
        assert_eq!(value.signatures, signatures, "{case}");
        let labels: Vec<(String, String)> = expected["labelMap"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p[0].as_str().unwrap().to_owned(),
                    p[1].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        assert_eq!(
            value.label_map.clone().into_iter().collect::<Vec<_>>(),
            labels,
            "{case}"
        );
        let indexes: Vec<usize> = expected["mandatoryIndexes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i.as_u64().unwrap() as usize)
            .collect();
        assert_eq!(value.mandatory_indexes, indexes, "{case}");

        // proofHash from our canonical proof configuration.
        let mut config = derived["proof"].as_object().unwrap().clone();
        config.remove("proofValue");
        // The document's second context (citizenship) is not available and defines none
        // of the proof's terms: the configuration is expanded with the VC v2 context
        // alone, and the result must still be the published canonical form.
        assert_eq!(
            derived["@context"][0],
            "https://www.w3.org/ns/credentials/v2"
        );
        config.insert(
            "@context".into(),
            serde_json::json!(["https://www.w3.org/ns/credentials/v2"]),
        );
        let canonical = RdfcCanonicalizer::new()
            .canonicalize(Canonicalization::Rdfc, &Value::Object(config))
            .unwrap();
        let published = std::fs::read_to_string(dir.join("addProofConfigCanon.txt")).unwrap();
        assert_eq!(
            String::from_utf8(canonical.clone()).unwrap(),
            published,
            "{case}"
        );
        let proof_hash = Sha256::digest(&canonical).to_vec();
        assert_eq!(
            proof_hash,
            hex(data["proofHash"].as_str().unwrap()),
            "{case}"
        );

        // Signatures over the published relabelled N-Quads.
        let nquads: Vec<String> = read_json(&dir.join("verifyNQuads.json"))
            .as_array()
            .unwrap()
            .iter()
            .map(|q| q.as_str().unwrap().to_owned())
            .collect();
        let vm = derived["proof"]["verificationMethod"].as_str().unwrap();
        let issuer = PublicKey::from_multibase(vm.split('#').nth(1).unwrap()).unwrap();
        let nquads_copy = nquads.clone();
        let checked = sd::check_statements(
            &issuer,
            Algorithm::Es256,
            &proof_hash,
            &value,
            nquads,
            &JsonPath::root(),
        );
        assert!(
            checked.findings.is_empty(),
            "{case}: {:#?}",
            checked.findings
        );
        assert_eq!(
            checked.mandatory_hash,
            hex(data["mandatoryHash"].as_str().unwrap()),
            "{case}"
        );
        assert_eq!(
            checked.non_mandatory.len(),
            data["nonMandatory"].as_array().map_or(0, Vec::len),
            "{case}"
        );
        // One changed statement: its signature fails.
        let mut tampered = nquads_copy;
        let i = (0..tampered.len()).find(|i| !indexes.contains(i)).unwrap();
        tampered[i] = tampered[i].replacen(" .\n", "X .\n", 1);
        let bad = sd::check_statements(
            &issuer,
            Algorithm::Es256,
            &proof_hash,
            &value,
            tampered,
            &JsonPath::root(),
        );
        assert!(!bad.findings.is_empty(), "{case}");
    }
}

fn vector_dir(case: &str) -> PathBuf {
    support::data()
        .join("vectors/vc-di-ecdsa/TestVectors/ecdsa-sd-2023")
        .join(case)
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_owned())
        .collect()
}

fn hexes(value: &Value) -> Vec<Vec<u8>> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|s| hex(s.as_str().unwrap()))
        .collect()
}

/// `{"dataType": "Map", "value": [[index, nquad], …]}` as (index, nquad) pairs.
fn index_map(value: &Value) -> Vec<(usize, String)> {
    value["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p[0].as_u64().unwrap() as usize,
                p[1].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn usizes(value: &Value) -> Vec<usize> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i.as_u64().unwrap() as usize)
        .collect()
}

/// The issuer's steps of the W3C ecdsa-sd-2023 vectors after JSON-LD (whose citizenship
/// context is not available, see above): HMAC relabelling of the published canonical
/// form, the mandatory / non-mandatory split, mandatoryHash, the statement signatures and
/// the base signature with the vectors' fixed keys (RFC 6979, so byte for byte), and the
/// base proofValue bytes.
#[test]
fn w3c_vectors_base_proof_steps() {
    use openbadges::crypto::{SecretKey, multicodec};
    use sha2::{Digest, Sha256};

    let keys = read_json(&vector_dir("").join("SDKeyMaterial.json"));
    let hmac_key = hex(keys["hmacKeyString"].as_str().unwrap());
    let base_key =
        SecretKey::from_multibase(keys["baseKeyPair"]["secretKeyMultibase"].as_str().unwrap())
            .unwrap();
    let proof_key =
        SecretKey::from_multibase(keys["proofKeyPair"]["secretKeyMultibase"].as_str().unwrap())
            .unwrap();
    for case in ["employ", "prc"] {
        let dir = vector_dir(case);
        let canon = strings(&read_json(&dir.join("addBaseDocCanon.json"))).concat();
        let relabelled = sd::steps::hmac_relabel(&canon, &hmac_key).unwrap();
        assert_eq!(
            relabelled,
            strings(&read_json(&dir.join("addBaseDocHMACCanon.json"))),
            "{case}"
        );

        let transform = read_json(&dir.join("addBaseTransform.json"));
        let mandatory = index_map(&transform["mandatory"]);
        let non_mandatory = index_map(&transform["nonMandatory"]);
        assert_eq!(mandatory.len() + non_mandatory.len(), relabelled.len());
        for (i, q) in mandatory.iter().chain(&non_mandatory) {
            assert_eq!(&relabelled[*i], q, "{case} {i}");
        }
        let hashes = read_json(&dir.join("addHashData.json"));
        let mandatory_hash = Sha256::digest(
            mandatory
                .iter()
                .map(|(_, q)| q.as_str())
                .collect::<String>(),
        )
        .to_vec();
        assert_eq!(
            mandatory_hash,
            hex(hashes["mandatoryHash"].as_str().unwrap())
        );

        let raw = read_json(&dir.join("addRawBaseSignatureInfo.json"));
        let signatures: Vec<Vec<u8>> = non_mandatory
            .iter()
            .map(|(_, q)| proof_key.sign(q.as_bytes()).unwrap())
            .collect();
        // The vectors' signatures are RFC 6979 but not normalized to low S; ours are.
        let published_signatures = hexes(&raw["signatures"]);
        assert_eq!(
            signatures,
            published_signatures
                .iter()
                .map(|s| low_s(s))
                .collect::<Vec<_>>(),
            "{case}"
        );
        let public_key = multicodec::join(
            multicodec::P256_PUB,
            &proof_key.public_key().to_bytes().unwrap(),
        );
        assert_eq!(
            proof_key.public_key().to_multibase().unwrap(),
            raw["publicKey"].as_str().unwrap()
        );
        let mut to_sign = hex(hashes["proofHash"].as_str().unwrap());
        to_sign.extend_from_slice(&public_key);
        to_sign.extend_from_slice(&mandatory_hash);
        let base_signature = base_key.sign(&to_sign).unwrap();
        let published_base = hex(raw["baseSignature"].as_str().unwrap());
        assert_eq!(base_signature, low_s(&published_base), "{case}");

        // With the published (high-S) signatures, the proofValue is the published one
        // byte for byte.
        let value = sd::BaseProofValue::new(
            published_base,
            public_key,
            hmac_key.clone(),
            published_signatures,
            strings(&transform["mandatoryPointers"]),
        );
        let signed = read_json(&dir.join("addSignedSDBase.json"));
        let published = signed["proof"]["proofValue"].as_str().unwrap();
        assert_eq!(value.to_multibase(), published, "{case}");
        let SdProofValue::Base(parsed) = sd::parse_proof_value(published).unwrap() else {
            panic!("{case}: a base proof");
        };
        assert_eq!(parsed, value);
    }
}

fn low_s(signature: &[u8]) -> Vec<u8> {
    let s = p256::ecdsa::Signature::from_slice(signature).unwrap();
    s.normalize_s().unwrap_or(s).to_bytes().to_vec()
}

/// The holder's steps of the W3C vectors: the index arithmetic (mandatory indexes relative
/// to the revealed statements, the signatures kept) and the derived proofValue bytes.
#[test]
fn w3c_vectors_derivation_steps() {
    for case in ["employ", "prc"] {
        let dir = vector_dir(case);
        let groups = read_json(&dir.join("derivedGroupIndexes.json"));
        let indexes = sd::disclosure_indexes(
            &usizes(&groups["mandatoryIndexes"]),
            &usizes(&groups["selectiveIndexes"]),
            &usizes(&groups["combinedIndexes"]),
            &usizes(&groups["nonMandatoryIndexes"]),
        );
        assert_eq!(
            indexes.mandatory_indexes,
            usizes(&read_json(&dir.join("derivedAdjMandatoryIndexes.json"))["adjMandatoryIndexes"]),
            "{case}"
        );
        let adjusted = read_json(&dir.join("derivedAdjSignatures.json"));
        assert_eq!(
            indexes.signature_indexes,
            usizes(&adjusted["adjSignatureIndexes"]),
            "{case}"
        );
        let all = hexes(&read_json(&dir.join("addRawBaseSignatureInfo.json"))["signatures"]);
        let kept: Vec<Vec<u8>> = indexes
            .signature_indexes
            .iter()
            .map(|&i| all[i].clone())
            .collect();
        assert_eq!(kept, hexes(&adjusted["filteredSignatures"]), "{case}");

        let data = read_json(&dir.join("derivedDisclosureData.json"));
        let public_key = openbadges::crypto::multicodec::join(
            openbadges::crypto::multicodec::P256_PUB,
            &openbadges::crypto::PublicKey::from_multibase(data["publicKey"].as_str().unwrap())
                .unwrap()
                .to_bytes()
                .unwrap(),
        );
        let label_map = index_map_strings(&data["labelMap"]);
        let value = sd::DerivedProofValue::new(
            hex(data["baseSignature"].as_str().unwrap()),
            public_key,
            kept,
            label_map.into_iter().collect(),
            usizes(&data["mandatoryIndexes"]),
        );
        let revealed = read_json(&dir.join("derivedRevealDocument.json"));
        assert_eq!(
            value.to_multibase().unwrap(),
            revealed["proof"]["proofValue"].as_str().unwrap(),
            "{case}"
        );
    }
}

fn index_map_strings(value: &Value) -> Vec<(String, String)> {
    value["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p[0].as_str().unwrap().to_owned(),
                p[1].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn peer_base() -> Value {
    read_json(
        &interop()
            .join("credentials")
            .join("ob-sd-base-ecdsa-sd-2023.json"),
    )
}

fn unsigned_badge() -> Value {
    let mut badge = peer_base();
    badge.as_object_mut().unwrap().remove("proof");
    badge
}

/// A P-256 or P-384 issuer whose did:key is the badge's issuer.
fn issuer_for(
    badge: &mut Value,
    key_type: openbadges::crypto::KeyType,
) -> openbadges::crypto::KeySigner {
    use openbadges::crypto::{SecretKey, Signer as _};
    let seed = vec![
        7u8;
        if key_type == openbadges::crypto::KeyType::P384 {
            48
        } else {
            32
        }
    ];
    let signer = SecretKey::from_seed(key_type, &seed)
        .unwrap()
        .into_did_key_signer();
    let did = signer.key_id().split('#').next().unwrap().to_owned();
    badge["issuer"]["id"] = Value::String(did);
    signer
}

fn reveal(pointers: &[&str]) -> Vec<String> {
    pointers.iter().map(|p| (*p).to_owned()).collect()
}

/// The peer's base proof (Digital Bazaar's implementation) derives with ours, and the
/// derived credential verifies with ours.
#[test]
fn derives_from_the_peer_base_proof() {
    let canon = RdfcCanonicalizer::new();
    let base = peer_base();
    let SdProofValue::Base(value) =
        sd::parse_proof_value(base["proof"]["proofValue"].as_str().unwrap()).unwrap()
    else {
        panic!("a base proof")
    };
    assert!(!value.mandatory_pointers.is_empty());
    for selection in [
        vec![],
        vec!["/credentialSubject/achievement/name"],
        vec![
            "/credentialSubject/creditsEarned",
            "/name",
            "/credentialSubject/identifier/0",
        ],
    ] {
        let shown = sd::derive_with(&base, reveal(&selection), &canon).unwrap();
        let checked = sd::verify_derived(&shown, &Resolver::offline(), &canon);
        assert!(
            checked.report.is_valid(),
            "{selection:?}: {:#?}",
            checked.report
        );
    }
}

/// Our base proofs (P-256 and P-384 issuers, the default OB mandatory pointers) derive and
/// verify; what is not revealed is not in the output bytes; a changed value fails.
#[test]
fn issue_derive_verify_round_trip() {
    use openbadges::crypto::KeyType;
    let canon = RdfcCanonicalizer::new();
    for key_type in [KeyType::P256, KeyType::P384] {
        let mut badge = unsigned_badge();
        let issuer = issuer_for(&mut badge, key_type);
        let mandatory = sd::default_mandatory_pointers(&badge);
        assert!(mandatory.contains(&"/credentialSubject/achievement".to_owned()));
        let options = sd::BaseProofOptions::new(mandatory).created("2024-01-15T09:00:00Z");
        let base = sd::add_base_proof_with(&badge, &issuer, &canon, &options).unwrap();
        assert!(
            base["proof"]["proofValue"]
                .as_str()
                .unwrap()
                .starts_with("u2V0A")
        );
        // A verifier refuses the base proof itself.
        let checked = sd::verify_derived(&base, &Resolver::offline(), &canon);
        assert!(checked.report.has_code(codes::SD_BASE));

        let shown = sd::derive_with(&base, reveal(&["/credentialSubject/term"]), &canon).unwrap();
        let checked = sd::verify_derived(&shown, &Resolver::offline(), &canon);
        assert!(
            checked.report.is_valid(),
            "{key_type:?}: {:#?}",
            checked.report
        );
        let text = serde_json::to_string(&shown).unwrap();
        assert!(text.contains("Fall 2023"));
        for hidden in [
            "Student",
            "NaCl",
            "identityHash",
            "activityStartDate",
            "creditsEarned",
        ] {
            assert!(!text.contains(hidden), "{key_type:?}: {hidden} leaked");
        }
        assert_eq!(
            shown["credentialSubject"]["achievement"],
            badge["credentialSubject"]["achievement"]
        );

        let mut tampered = shown.clone();
        tampered["credentialSubject"]["term"] = "Spring 2024".into();
        let checked = sd::verify_derived(&tampered, &Resolver::offline(), &canon);
        assert!(
            checked.report.has_code(codes::SD_STATEMENT),
            "{:#?}",
            checked.report
        );
        let mut tampered = shown.clone();
        tampered["validUntil"] = "2100-01-01T00:00:00Z".into();
        let checked = sd::verify_derived(&tampered, &Resolver::offline(), &canon);
        assert!(
            checked.report.has_code("proof.signature"),
            "{:#?}",
            checked.report
        );
    }
}

/// With a fixed HMAC key, proof-scoped key and `created`, base proofs are reproducible
/// (RFC 6979 signatures).
#[test]
fn fixed_keys_make_base_proofs_reproducible() {
    use openbadges::crypto::KeyType;
    let canon = RdfcCanonicalizer::new();
    let mut badge = unsigned_badge();
    let issuer = issuer_for(&mut badge, KeyType::P256);
    let options = sd::BaseProofOptions::new(["/issuer"])
        .created("2024-01-15T09:00:00Z")
        .hmac_key([1; 32])
        .proof_key([2; 32]);
    let a = sd::add_base_proof_with(&badge, &issuer, &canon, &options).unwrap();
    let b = sd::add_base_proof_with(&badge, &issuer, &canon, &options).unwrap();
    assert_eq!(a, b);
    let SdProofValue::Base(value) =
        sd::parse_proof_value(a["proof"]["proofValue"].as_str().unwrap()).unwrap()
    else {
        panic!("a base proof")
    };
    assert_eq!(value.hmac_key, vec![1; 32]);
    assert_eq!(value.mandatory_pointers, ["/issuer"]);
}

/// No pointer to reveal beyond the mandatory ones.
const NONE: [&str; 0] = [];

#[test]
fn derivation_errors_name_the_problem() {
    let canon = RdfcCanonicalizer::new();
    let base = peer_base();
    let err = sd::derive_with(&base, reveal(&["/credentialSubject/nothing"]), &canon).unwrap_err();
    assert!(
        matches!(err, sd::SdError::Pointer { ref pointer, .. } if pointer == "/credentialSubject/nothing"),
        "{err}"
    );
    let shown = sd::derive_with(&base, NONE, &canon).unwrap();
    let err = sd::derive_with(&shown, NONE, &canon).unwrap_err();
    assert!(matches!(err, sd::SdError::NoBaseProof { .. }), "{err}");
    let mut changed = base.clone();
    changed["credentialSubject"]["extra"] = serde_json::json!("x");
    assert!(sd::derive_with(&changed, NONE, &canon).is_err());
    let mut changed = base.clone();
    changed["credentialSubject"]["term"] = serde_json::json!(["Fall 2023", "Winter"]);
    let err = sd::derive_with(&changed, NONE, &canon).unwrap_err();
    assert!(matches!(err, sd::SdError::StatementCount { .. }), "{err}");
    let unsigned = unsigned_badge();
    assert!(matches!(
        sd::derive_with(&unsigned, NONE, &canon).unwrap_err(),
        sd::SdError::NoBaseProof { .. }
    ));
}

fn sd_fixture(name: &str) -> Value {
    read_json(&support::root().join("fixtures/sd").join(name))
}

/// Derivation is deterministic: from the same base proof and pointers, ours and the
/// peer's give the same document, byte for byte in JSON value terms (fixtures made with
/// the peer harness (`$OB_PEER_HARNESS`), see fixtures/sd/README.md); every fixture verifies with ours.
#[test]
fn derivation_matches_the_peer_exactly() {
    let canon = RdfcCanonicalizer::new();
    let ours = sd::derive_with(
        &sd_fixture("base-p256-ours.json"),
        reveal(&[
            "/credentialSubject/term",
            "/credentialSubject/creditsEarned",
        ]),
        &canon,
    )
    .unwrap();
    assert_eq!(ours, sd_fixture("derived-term-credits-peer.json"));
    assert_eq!(ours, sd_fixture("derived-term-credits-ours.json"));
    let ours = sd::derive_with(
        &peer_base(),
        reveal(&["/credentialSubject/achievement/name"]),
        &canon,
    )
    .unwrap();
    assert_eq!(
        ours,
        sd_fixture("derived-achievement-name-from-peer-base-peer.json")
    );
    for name in [
        "derived-term-credits-ours.json",
        "derived-term-credits-peer.json",
        "derived-mandatory-only-ours.json",
        "derived-term-identifier-peer.json",
        "derived-achievement-name-from-peer-base-ours.json",
        "derived-achievement-name-from-peer-base-peer.json",
    ] {
        let checked = sd::verify_derived(&sd_fixture(name), &Resolver::offline(), &canon);
        assert!(checked.report.is_valid(), "{name}: {:#?}", checked.report);
    }
}

/// A disclosure with many statements (89: the fixed-base verification path) still
/// catches one changed statement, and only that one.
#[test]
fn many_statements_one_changed() {
    let canon = RdfcCanonicalizer::new();
    let mut doc = read_json(
        &interop()
            .join("credentials")
            .join("ob-sd-derived-everything-ecdsa-sd-2023.json"),
    );
    let checked = sd::verify_derived(&doc, &Resolver::offline(), &canon);
    assert!(checked.report.is_valid(), "{:#?}", checked.report);
    assert!(checked.non_mandatory.len() > 40);
    doc["credentialSubject"]["term"] = "Spring 2024".into();
    let checked = sd::verify_derived(&doc, &Resolver::offline(), &canon);
    let statement_errors: Vec<_> = checked
        .report
        .findings()
        .iter()
        .filter(|f| f.code == codes::SD_STATEMENT)
        .collect();
    assert_eq!(statement_errors.len(), 1, "{:#?}", checked.report);
    assert!(statement_errors[0].message.contains("Spring 2024"));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(12))]

    /// Any selection of the badge's claims derives into a credential that verifies and
    /// holds exactly the mandatory claims plus the selected ones.
    #[test]
    fn any_selection_derives_and_verifies(mask in 0u32..(1 << 9)) {
        const CLAIMS: [&str; 9] = [
            "/credentialSubject/term",
            "/credentialSubject/role",
            "/credentialSubject/creditsEarned",
            "/credentialSubject/activityStartDate",
            "/credentialSubject/identifier/0",
            "/credentialSubject/identifier/0/salt",
            "/name",
            "/description",
            "/image",
        ];
        let canon = RdfcCanonicalizer::new();
        let base = sd_fixture("base-p256-ours.json");
        let chosen: Vec<&str> = CLAIMS
            .iter()
            .enumerate()
            .filter(|(i, _)| mask & (1 << i) != 0)
            .map(|(_, p)| *p)
            .collect();
        let shown = sd::derive_with(&base, reveal(&chosen), &canon).unwrap();
        let checked = sd::verify_derived(&shown, &Resolver::offline(), &canon);
        proptest::prop_assert!(checked.report.is_valid(), "{:?}: {:#?}", chosen, checked.report);
        for p in CLAIMS {
            let selected = chosen.iter().any(|c| p.starts_with(c) || c.starts_with(p));
            if chosen.contains(&p) {
                proptest::prop_assert_eq!(shown.pointer(p), base.pointer(p));
            } else if !selected && p != "/name" {
                // Not chosen, not under a chosen claim, not mandatory: absent.
                proptest::prop_assert!(shown.pointer(p).is_none(), "{} shown for {:?}", p, chosen);
            }
        }
    }
}

/// The document shapes skolemization cannot carry are refused with the reason that names
/// them, whichever step catches them (the document's own quads, the deskolemized ones, or
/// the comparison of their canonical forms).
#[test]
fn skolemization_refusals_name_the_shape() {
    use openbadges::crypto::KeyType;
    let canon = RdfcCanonicalizer::new();
    let reason_of = |badge: &Value, issuer: &dyn openbadges::crypto::Signer| {
        let options = sd::BaseProofOptions::new(["/issuer"]);
        match sd::add_base_proof_with(badge, issuer, &canon, &options) {
            Err(sd::SdError::Skolemize { reason, .. }) => reason,
            other => panic!("expected a skolemization error, got {other:?}"),
        }
    };
    let mut badge = unsigned_badge();
    let issuer = issuer_for(&mut badge, KeyType::P256);

    let mut reserved = badge.clone();
    reserved["credentialSubject"]["id"] = "urn:bnid:sk0".into();
    assert!(reason_of(&reserved, &issuer).contains("reserved for skolemization"));

    let mut listed = badge.clone();
    listed["@context"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({"steps": {"@id": "urn:ex:steps", "@container": "@list"}}));
    listed["credentialSubject"]["steps"] = serde_json::json!([{"type": "Profile", "name": "a"}]);
    // Expanded, the node object in the list is named; the @list's own blank nodes are not.
    assert!(reason_of(&listed, &issuer).contains("cannot be named by a JSON pointer"));

    let mut json_literal = badge.clone();
    json_literal["@context"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({"blob": {"@id": "urn:ex:blob", "@type": "@json"}}));
    json_literal["credentialSubject"]["blob"] = serde_json::json!({"a": {"b": 1}});
    assert!(reason_of(&json_literal, &issuer).contains("changed its statements"));

    let mut blank_id = badge.clone();
    blank_id["credentialSubject"]["id"] = "_:b0".into();
    assert!(reason_of(&blank_id, &issuer).contains("blank node identifier"));
}

/// A selection of the skolemized document never names a blank node the document lacks,
/// and the derived statements stay byte-identical to the base proof's: a derivation that
/// reveals everything verifies and has no statement outside the document.
#[test]
fn reveal_all_derives_and_verifies() {
    use openbadges::crypto::KeyType;
    let canon = RdfcCanonicalizer::new();
    let mut badge = unsigned_badge();
    let issuer = issuer_for(&mut badge, KeyType::P256);
    let options = sd::BaseProofOptions::new(["/issuer"]).created("2024-01-15T09:00:00Z");
    let base = sd::add_base_proof_with(&badge, &issuer, &canon, &options).unwrap();
    let shown = sd::derive_with(&base, reveal(&["/credentialSubject"]), &canon).unwrap();
    let checked = sd::verify_derived(&shown, &Resolver::offline(), &canon);
    assert!(checked.report.is_valid(), "{:#?}", checked.report);
    assert_eq!(shown["credentialSubject"], badge["credentialSubject"]);
}

/// Issued behind the issuer's validation gate with the minimal mandatory pointers, a badge
/// can be shown with nothing of its achievement but the name, and that disclosure verifies
/// as valid; under the default pointers the same selection still shows the whole
/// achievement. The gate refuses an invalid badge and a key the suite cannot use.
#[test]
fn minimal_mandatory_pointers_reveal_only_the_achievement_name() {
    use openbadges::crypto::{KeyType, SecretKey, Signer as _};
    use openbadges::issue::{IssueError, Issuer};
    use openbadges::sd::BaseProofOptions;
    use openbadges::verify::{Verdict, Verifier};

    let signer = SecretKey::from_seed(KeyType::P256, &[9; 32])
        .unwrap()
        .into_did_key_signer();
    let mut badge =
        read_json(&support::root().join("fixtures/valid/own-achievement-credential.json"));
    badge["issuer"]["id"] = signer.controller().into();
    let issuer = Issuer::ecdsa_sd(signer).unwrap();

    let minimal = BaseProofOptions::open_badges_minimal(&badge).created("2024-05-01T09:00:00Z");
    let base = issuer.issue_sd(&badge, &minimal).unwrap();
    assert_eq!(base.value()["proof"]["cryptosuite"], "ecdsa-sd-2023");
    let shown = sd::derive(base.value(), ["/credentialSubject/achievement/name"]).unwrap();
    let achievement = &shown["credentialSubject"]["achievement"];
    assert_eq!(achievement["name"], "Data Analysis");
    assert_eq!(
        achievement["id"],
        badge["credentialSubject"]["achievement"]["id"]
    );
    for hidden in [
        "description",
        "criteria",
        "resultDescription",
        "achievementType",
    ] {
        assert!(achievement.get(hidden).is_none(), "{hidden} revealed");
    }
    assert!(shown["credentialSubject"].get("result").is_none());
    assert!(shown.get("name").is_none());
    assert_eq!(shown["issuer"], badge["issuer"]);
    assert_eq!(shown["validFrom"], badge["validFrom"]);
    let report = Verifier::offline().verify(&openbadges::Document::from_value(shown.clone()));
    assert_eq!(report.verdict(), Verdict::Valid, "{report:#?}");

    // Changing the revealed name breaks the statement's signature.
    let mut forged = shown.clone();
    forged["credentialSubject"]["achievement"]["name"] = "Rocket Science".into();
    let report = Verifier::offline().verify(&openbadges::Document::from_value(forged));
    assert_eq!(report.verdict(), Verdict::Invalid);

    // The default pointers keep the whole achievement whatever the holder selects.
    let full = issuer
        .issue_sd(&badge, &BaseProofOptions::open_badges(&badge))
        .unwrap();
    let shown = sd::derive(full.value(), ["/credentialSubject/achievement/name"]).unwrap();
    assert_eq!(
        shown["credentialSubject"]["achievement"],
        badge["credentialSubject"]["achievement"]
    );

    // The same gate as the other suites.
    let mut broken = badge.clone();
    broken["credentialSubject"]["achievement"]
        .as_object_mut()
        .unwrap()
        .remove("criteria");
    assert!(matches!(
        issuer.issue_sd(&broken, &BaseProofOptions::open_badges(&broken)),
        Err(IssueError::Invalid { .. })
    ));
    let ed25519 = SecretKey::from_seed(KeyType::Ed25519, &[9; 32])
        .unwrap()
        .into_did_key_signer();
    assert!(matches!(
        Issuer::ecdsa_sd(ed25519),
        Err(IssueError::Sd(sd::SdError::Algorithm { .. }))
    ));
}

/// F9: a derived proof without `proofPurpose`, or with another purpose, is refused, as a base
/// proof would be.
#[test]
fn a_derived_proof_must_state_its_purpose() {
    let canon = RdfcCanonicalizer::new();
    let doc = sd::derive_with(&peer_base(), reveal(&["/name"]), &canon).unwrap();
    assert!(
        sd::verify_derived(&doc, &Resolver::offline(), &canon)
            .report
            .is_valid()
    );
    let mut without = doc.clone();
    without["proof"]
        .as_object_mut()
        .unwrap()
        .shift_remove("proofPurpose");
    let checked = sd::verify_derived(&without, &Resolver::offline(), &canon);
    let f = &checked.report.findings()[0];
    assert_eq!(
        (f.code.as_ref(), f.path.to_string().as_str()),
        ("proof.malformed", "$.proof.proofPurpose"),
        "{:#?}",
        checked.report
    );
    let mut other = doc;
    other["proof"]["proofPurpose"] = Value::from("authentication");
    let checked = sd::verify_derived(&other, &Resolver::offline(), &canon);
    assert!(
        checked.report.has_code("proof.purpose"),
        "{:#?}",
        checked.report
    );
}

/// F10: a derived proof by a key its issuer does not control (as in the W3C vc-di-ecdsa
/// vectors) is a bare proof that verifies with issuer binding off, as every other suite's
/// does; with binding on, the mismatch is the verifier's finding.
#[test]
fn bare_proof_mode_means_the_same_for_derived_proofs() {
    use openbadges::crypto::{KeyType, SecretKey};
    use openbadges::document::Document;
    use openbadges::verify::{Policy, Verdict, Verifier};
    let canon = RdfcCanonicalizer::new();
    let badge = unsigned_badge();
    let stranger = SecretKey::from_seed(KeyType::P256, &[5; 32])
        .unwrap()
        .into_did_key_signer();
    let options = sd::BaseProofOptions::new(sd::default_mandatory_pointers(&badge));
    let base = sd::add_base_proof_with(&badge, &stranger, &canon, &options).unwrap();
    let shown = sd::derive_with(&base, reveal(&[]), &canon).unwrap();
    let checked = sd::verify_derived(&shown, &Resolver::offline(), &canon);
    assert!(checked.report.is_valid(), "{:#?}", checked.report);
    let doc = Document::from_str(&serde_json::to_string(&shown).unwrap()).unwrap();
    let bare = Verifier::builder()
        .policy(Policy::builder().issuer_binding(false).build().unwrap())
        .build()
        .verify(&doc);
    assert!(
        bare.has_code("proof.issuer_binding_off"),
        "{:#?}",
        bare.findings()
    );
    assert!(
        !bare.has_code("proof.issuer_mismatch"),
        "{:#?}",
        bare.findings()
    );
    let bound = Verifier::builder().build().verify(&doc);
    assert_eq!(bound.verdict(), Verdict::Invalid);
    assert!(
        bound.has_code("proof.issuer_mismatch"),
        "{:#?}",
        bound.findings()
    );
}
