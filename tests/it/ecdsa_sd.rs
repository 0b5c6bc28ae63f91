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
