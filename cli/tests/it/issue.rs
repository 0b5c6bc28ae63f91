//! Tests of `openbadges issue`.

use openbadges::proof::{self, RdfcCanonicalizer, VerifyOptions};
use openbadges::resolve::Resolver;
use serde_json::Value;

use crate::support::{root, run};

fn keygen(dir: &std::path::Path, key_type: &str) -> std::path::PathBuf {
    let output = run(&["keygen", "--type", key_type, "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let path = dir.join(format!("{key_type}.json"));
    std::fs::write(&path, &output.stdout).unwrap();
    path
}

fn unsigned(dir: &std::path::Path, edit: impl FnOnce(&mut Value)) -> std::path::PathBuf {
    let text =
        std::fs::read_to_string(root().join("fixtures/valid/own-achievement-credential.json"))
            .unwrap();
    let mut value: Value = serde_json::from_str(&text).unwrap();
    value.as_object_mut().unwrap().shift_remove("proof");
    edit(&mut value);
    let path = dir.join("credential.json");
    std::fs::write(&path, value.to_string()).unwrap();
    path
}

fn verifies(stdout: &[u8]) -> bool {
    let signed: Value = serde_json::from_slice(stdout).unwrap();
    proof::verify_proofs(
        &signed,
        &Resolver::offline(),
        &RdfcCanonicalizer::new(),
        &VerifyOptions::default(),
    )
    .is_valid()
}

#[test]
fn signs_with_a_keygen_key_in_every_suite() {
    let dir = tempfile::tempdir().unwrap();
    let credential = unsigned(dir.path(), |_| {});
    for (key_type, suite) in [
        ("ed25519", "eddsa-rdfc-2022"),
        ("ed25519", "eddsa-jcs-2022"),
        ("p256", "ecdsa-rdfc-2019"),
        ("p384", "ecdsa-jcs-2019"),
    ] {
        let key = keygen(dir.path(), key_type);
        let output = run(&[
            "issue",
            "--key",
            key.to_str().unwrap(),
            "--suite",
            suite,
            credential.to_str().unwrap(),
        ]);
        assert_eq!(output.status.code(), Some(0), "{suite}: {output:?}");
        assert!(verifies(&output.stdout), "{suite}");
        let signed: Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(signed["proof"]["cryptosuite"], suite);
        assert!(signed["proof"]["created"].is_string());
    }
}

#[test]
fn multibase_key_and_fixed_created_are_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let credential = unsigned(dir.path(), |_| {});
    let pair: Value =
        serde_json::from_slice(&run(&["keygen", "--type", "ed25519", "--format", "json"]).stdout)
            .unwrap();
    let key = dir.path().join("secret.txt");
    std::fs::write(&key, pair["secretKeyMultibase"].as_str().unwrap()).unwrap();
    let args = [
        "issue",
        "--key",
        key.to_str().unwrap(),
        "--suite",
        "eddsa-rdfc-2022",
        "--created",
        "2024-01-01T00:00:00Z",
        credential.to_str().unwrap(),
    ];
    let a = run(&args);
    let b = run(&args);
    assert_eq!(a.status.code(), Some(0), "{a:?}");
    assert_eq!(a.stdout, b.stdout);
    let signed: Value = serde_json::from_slice(&a.stdout).unwrap();
    assert_eq!(signed["proof"]["created"], "2024-01-01T00:00:00Z");
    assert_eq!(
        signed["proof"]["verificationMethod"],
        pair["verificationMethod"]
    );
    assert!(verifies(&a.stdout));
}

#[test]
fn invalid_credential_exits_1_with_findings() {
    let dir = tempfile::tempdir().unwrap();
    let credential = unsigned(dir.path(), |v| {
        v.as_object_mut().unwrap().shift_remove("issuer");
    });
    let key = keygen(dir.path(), "ed25519");
    let output = run(&[
        "issue",
        "--key",
        key.to_str().unwrap(),
        credential.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("not valid"), "{stderr}");
}

#[test]
fn undefined_term_exits_1_naming_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let credential = unsigned(dir.path(), |v| {
        v["credentialSubject"]["favouriteColour"] = "blue".into();
    });
    let key = keygen(dir.path(), "ed25519");
    let output = run(&[
        "issue",
        "--key",
        key.to_str().unwrap(),
        "--no-validate",
        credential.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("$.credentialSubject.favouriteColour"),
        "{stderr}"
    );
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let credential = unsigned(dir.path(), |_| {});
    let key = keygen(dir.path(), "p256");
    for args in [
        vec![
            "issue",
            "--key",
            key.to_str().unwrap(),
            "--suite",
            "eddsa-rdfc-2022",
            credential.to_str().unwrap(),
        ],
        vec![
            "issue",
            "--key",
            key.to_str().unwrap(),
            "--suite",
            "nope",
            credential.to_str().unwrap(),
        ],
        vec![
            "issue",
            "--key",
            "/nonexistent/key.json",
            credential.to_str().unwrap(),
        ],
        vec![
            "issue",
            "--key",
            key.to_str().unwrap(),
            "/nonexistent/credential.json",
        ],
    ] {
        let output = run(&args);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {output:?}");
    }
}

#[test]
fn jwt_forms_verify_with_the_verifier() {
    let dir = tempfile::tempdir().unwrap();
    for (key_type, format) in [("ed25519", "jwt"), ("p256", "jwt"), ("ed25519", "vc+jwt")] {
        let key = keygen(dir.path(), key_type);
        let pair: Value = serde_json::from_slice(&std::fs::read(&key).unwrap()).unwrap();
        let did = pair["did"].as_str().unwrap().to_owned();
        let credential = unsigned(dir.path(), |v| {
            v["issuer"]["id"] = did.clone().into();
        });
        let out = run(&[
            "issue",
            "--key",
            key.to_str().unwrap(),
            "--format",
            format,
            credential.to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(0), "{format}: {out:?}");
        let token = String::from_utf8(out.stdout).unwrap();
        assert_eq!(token.trim().split('.').count(), 3, "{token}");
        let jwt = dir.path().join(format!("{key_type}-{format}.jwt"));
        std::fs::write(&jwt, &token).unwrap();
        let verified = run(&["verify", jwt.to_str().unwrap()]);
        assert_eq!(
            verified.status.code(),
            Some(0),
            "{format}: {}",
            String::from_utf8_lossy(&verified.stdout)
        );
    }
}

/// F3: `--created` in the future signs as asked, with a warning that verifiers will report
/// `proof.created_future`; a past `created` gives no warning.
#[test]
fn a_created_time_in_the_future_is_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let credential = unsigned(dir.path(), |_| {});
    let key = keygen(dir.path(), "ed25519");
    let issue = |created: &str| {
        run(&[
            "issue",
            "--key",
            key.to_str().unwrap(),
            "--created",
            created,
            credential.to_str().unwrap(),
        ])
    };
    let future = issue("2099-01-01T00:00:00Z");
    assert_eq!(future.status.code(), Some(0), "{future:?}");
    let warning = String::from_utf8_lossy(&future.stderr);
    assert!(
        warning.contains("in the future") && warning.contains("proof.created_future"),
        "{warning}"
    );
    assert!(verifies(&future.stdout));
    let past = issue("2024-01-01T00:00:00Z");
    assert_eq!(past.status.code(), Some(0), "{past:?}");
    assert!(
        past.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&past.stderr)
    );
}
