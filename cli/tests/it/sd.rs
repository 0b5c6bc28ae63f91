//! ecdsa-sd-2023 from the command line: `issue --suite ecdsa-sd-2023`, `derive --reveal`,
//! `present --reveal`.

use openbadges::proof::RdfcCanonicalizer;
use openbadges::resolve::Resolver;
use openbadges::sd;
use serde_json::Value;

use crate::support::{root, run};

fn path(rel: &str) -> String {
    root().join(rel).to_string_lossy().into_owned()
}

fn ok(out: &std::process::Output) -> Value {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn issue_derive_and_present_an_sd_badge() {
    let dir = tempfile::tempdir().unwrap();
    let base_path = dir.path().join("base.json");
    let base_file = base_path.to_string_lossy().into_owned();
    let out = run(&[
        "issue",
        "--key",
        &path("fixtures/interop/keys/issuer-p256.json"),
        "--suite",
        "ecdsa-sd-2023",
        "--mandatory",
        "/issuer",
        "--mandatory",
        "/validFrom",
        "--mandatory",
        "/credentialSubject/achievement",
        "--created",
        "2024-01-15T09:00:00Z",
        "-o",
        &base_file,
        &path("fixtures/sd/unsigned-p256.json"),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let base: Value = serde_json::from_str(&std::fs::read_to_string(&base_path).unwrap()).unwrap();
    let Ok(sd::SdProofValue::Base(value)) =
        sd::parse_proof_value(base["proof"]["proofValue"].as_str().unwrap())
    else {
        panic!("a base proof");
    };
    assert_eq!(
        value.mandatory_pointers,
        ["/issuer", "/validFrom", "/credentialSubject/achievement"]
    );

    let derived = ok(&run(&[
        "derive",
        "--reveal",
        "/credentialSubject/role",
        &base_file,
    ]));
    let canon = RdfcCanonicalizer::new();
    let checked = sd::verify_derived(&derived, &Resolver::offline(), &canon);
    assert!(checked.report.is_valid(), "{:#?}", checked.report);
    assert_eq!(derived["credentialSubject"]["role"], "Student");
    let text = derived.to_string();
    for hidden in ["Fall 2023", "2099-12-31", "NaCl"] {
        assert!(!text.contains(hidden), "{hidden} leaked");
    }
    // The derived file verifies with `openbadges verify`.
    let derived_path = dir.path().join("derived.json");
    std::fs::write(&derived_path, derived.to_string()).unwrap();
    let out = run(&["verify", &derived_path.to_string_lossy()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );

    // present: a base proof is derived even without --reveal (mandatory claims only).
    let vp = ok(&run(&[
        "present",
        "--holder-key",
        &path("fixtures/interop/keys/holder-ed25519.json"),
        "--challenge",
        "c-7",
        &base_file,
    ]));
    let shown = &vp["verifiableCredential"][0];
    assert!(shown["credentialSubject"].get("role").is_none());
    assert!(
        shown["proof"]["proofValue"]
            .as_str()
            .unwrap()
            .starts_with("u2V0B")
    );
    let vp = ok(&run(&[
        "present",
        "--holder-key",
        &path("fixtures/interop/keys/holder-ed25519.json"),
        "--challenge",
        "c-7",
        "--reveal",
        "/credentialSubject/term",
        &base_file,
    ]));
    assert_eq!(
        vp["verifiableCredential"][0]["credentialSubject"]["term"],
        "Fall 2023"
    );
    let checked = sd::verify_derived(&vp["verifiableCredential"][0], &Resolver::offline(), &canon);
    assert!(checked.report.is_valid(), "{:#?}", checked.report);
}

#[test]
fn sd_issue_and_derive_errors() {
    // An Ed25519 key cannot make an ecdsa-sd-2023 proof.
    let out = run(&[
        "issue",
        "--key",
        &path("fixtures/interop/keys/issuer-ed25519.json"),
        "--suite",
        "ecdsa-sd-2023",
        "--no-validate",
        &path("fixtures/sd/unsigned-p256.json"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("ES256"));
    // --mandatory belongs to ecdsa-sd-2023.
    let out = run(&[
        "issue",
        "--key",
        &path("fixtures/interop/keys/issuer-p256.json"),
        "--suite",
        "ecdsa-rdfc-2019",
        "--mandatory",
        "/issuer",
        &path("fixtures/sd/unsigned-p256.json"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    // A pointer naming nothing is named.
    let out = run(&[
        "derive",
        "--reveal",
        "/credentialSubject/nope",
        &path("fixtures/sd/base-p256-ours.json"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/credentialSubject/nope"));
}
