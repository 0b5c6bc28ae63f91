//! `openbadges present` and `openbadges derive`.

use openbadges::jose::sd_jwt::{self, SdJwtVerifyOptions};
use openbadges::proof::{self, RdfcCanonicalizer, VerifyOptions};
use openbadges::resolve::{Relationship, Resolver};
use serde_json::Value;

use crate::support::{root, run};

fn fixture(path: &str) -> String {
    root()
        .join("fixtures/interop")
        .join(path)
        .to_string_lossy()
        .into_owned()
}

#[test]
fn present_signs_a_presentation_the_library_verifies() {
    let out = run(&[
        "present",
        "--holder-key",
        &fixture("keys/holder-ed25519.json"),
        "--challenge",
        "c-123",
        "--domain",
        "verifier.example.org",
        &fixture("credentials/ob-minimal-eddsa-rdfc-2022.json"),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let vp: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(vp["proof"]["challenge"], "c-123");
    assert_eq!(vp["proof"]["domain"], "verifier.example.org");
    assert_eq!(vp["proof"]["proofPurpose"], "authentication");
    let outcome = proof::verify_proofs(
        &vp,
        &Resolver::offline(),
        &RdfcCanonicalizer::new(),
        &VerifyOptions::default().purpose(Relationship::Authentication),
    );
    assert!(outcome.is_valid(), "{:#?}", outcome.report());
}

#[test]
fn present_refuses_a_selection_on_a_whole_credential_proof() {
    let out = run(&[
        "present",
        "--holder-key",
        &fixture("keys/holder-ed25519.json"),
        "--challenge",
        "c",
        "--reveal",
        "/credentialSubject/achievement/name",
        &fixture("credentials/ob-minimal-eddsa-rdfc-2022.json"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot be disclosed selectively"), "{err}");
}

#[test]
fn derive_an_sd_jwt_with_key_binding() {
    let out = run(&[
        "derive",
        "--reveal",
        "/achievement/name",
        "--holder-key",
        &fixture("keys/holder-ed25519.json"),
        "--nonce",
        "n-9",
        "--audience",
        "https://verifier.example.org",
        &fixture("credentials/ob-sd-jwt-vc-issued-EdDSA.sd-jwt"),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let checked = sd_jwt::verify_sd_jwt(
        text.trim(),
        &Resolver::offline(),
        &SdJwtVerifyOptions::default().key_binding("n-9", "https://verifier.example.org"),
    );
    assert!(checked.report.is_valid(), "{:#?}", checked.report);
    assert_eq!(checked.disclosed, ["/achievement/name"]);
}

#[test]
fn derive_refuses_what_it_cannot_derive() {
    for (file, why) in [
        (
            "credentials/ob-sd-derived-results-ecdsa-sd-2023.json",
            "already a derived proof",
        ),
        (
            "credentials/ob-minimal-eddsa-rdfc-2022.json",
            "signs the whole credential",
        ),
        (
            "credentials/ob-minimal-vc+jwt-EdDSA.jwt",
            "signs the whole credential",
        ),
    ] {
        let out = run(&["derive", "--reveal", "/id", &fixture(file)]);
        assert_eq!(out.status.code(), Some(2), "{file}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(why), "{file}: {err}");
    }
    let out = run(&[
        "derive",
        "--reveal",
        "/nope",
        &fixture("credentials/ob-sd-jwt-vc-issued-EdDSA.sd-jwt"),
    ]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn present_chosen_clr_members() {
    let clr_file = fixture("credentials/clr-two-nested-eddsa-rdfc-2022.json");
    let clr: Value = serde_json::from_str(&std::fs::read_to_string(&clr_file).unwrap()).unwrap();
    let members = &clr["credentialSubject"]["verifiableCredential"];
    let second_id = members[1]["id"].as_str().unwrap();
    let out = run(&[
        "present",
        "--holder-key",
        &fixture("keys/holder-ed25519.json"),
        "--challenge",
        "c-clr",
        "--clr-member",
        second_id,
        // Another input, presented whole beside the CLR member.
        &fixture("credentials/ob-minimal-ecdsa-rdfc-2019.json"),
        &clr_file,
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let vp: Value = serde_json::from_str(&text).unwrap();
    let shown = vp["verifiableCredential"].as_array().unwrap();
    assert_eq!(shown.len(), 2);
    assert_eq!(shown[1], members[1]);
    // The other member and the CLR itself are not in the output.
    for hidden in [
        members[0]["id"].as_str().unwrap(),
        members[0]["proof"]["proofValue"].as_str().unwrap(),
        clr["id"].as_str().unwrap(),
        "ClrCredential",
    ] {
        assert!(!text.contains(hidden), "{hidden} leaked");
    }
    let holder = proof::verify_proofs(
        &vp,
        &Resolver::offline(),
        &RdfcCanonicalizer::new(),
        &VerifyOptions::default().purpose(Relationship::Authentication),
    );
    assert!(holder.is_valid(), "{:#?}", holder.report());
    let member = proof::verify_proofs(
        &shown[1],
        &Resolver::offline(),
        &RdfcCanonicalizer::new(),
        &VerifyOptions::default(),
    );
    assert!(member.is_valid(), "{:#?}", member.report());
}

#[test]
fn present_refuses_bad_clr_member_choices() {
    let clr = fixture("credentials/clr-two-nested-eddsa-rdfc-2022.json");
    let badge = fixture("credentials/ob-minimal-eddsa-rdfc-2022.json");
    for (member, file, why) in [
        ("7", clr.as_str(), "no member with index 7"),
        (
            "urn:uuid:nope",
            clr.as_str(),
            "no member with id \"urn:uuid:nope\"",
        ),
        ("0", badge.as_str(), "none of the inputs is a ClrCredential"),
    ] {
        let out = run(&[
            "present",
            "--holder-key",
            &fixture("keys/holder-ed25519.json"),
            "--challenge",
            "c",
            "--clr-member",
            member,
            file,
        ]);
        assert_eq!(out.status.code(), Some(2), "{member}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(why), "{member}: {err}");
        assert!(out.stdout.is_empty());
    }
}

/// F5: a `--holder-key` file that does not exist is reported as a file that cannot be read,
/// not as a malformed multibase key.
#[test]
fn a_missing_holder_key_file_is_named_as_such() {
    let out = run(&[
        "present",
        "--holder-key",
        "/nonexistent/holder.json",
        "--challenge",
        "c-1",
        &fixture("credentials/ob-minimal-eddsa-rdfc-2022.json"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let message = String::from_utf8_lossy(&out.stderr);
    assert!(
        message.contains("cannot read the key file /nonexistent/holder.json"),
        "{message}"
    );
    assert!(!message.contains("multibase"), "{message}");
}
