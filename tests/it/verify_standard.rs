//! Integration tests: the standard verifier (Data Integrity checker, fetcher adapter,
//! schema validator) over credentials issued by `issue::Issuer`.

use chrono::{TimeZone, Utc};
use openbadges::Document;
use openbadges::crypto::{KeySigner, KeyType, SecretKey};
use openbadges::fetch::MemoryFetcher;
use openbadges::issue::{IssueOptions, Issuer};
use openbadges::proof::Cryptosuite;
use openbadges::resolve::Relationship;
use openbadges::verify::{self, Policy, Verdict, Verifier};
use serde_json::{Value, json};

use crate::support::root;

fn key(seed: u8) -> SecretKey {
    SecretKey::from_seed(KeyType::Ed25519, &[seed; 32]).unwrap()
}

fn credential(issuer: &str) -> Value {
    let text =
        std::fs::read_to_string(root().join("fixtures/valid/own-achievement-credential.json"))
            .unwrap();
    let mut value: Value = serde_json::from_str(&text).unwrap();
    let map = value.as_object_mut().unwrap();
    map.shift_remove("proof");
    map.shift_remove("credentialStatus");
    value["issuer"]["id"] = json!(issuer);
    value
}

fn issue(value: &Value, signer: KeySigner, suite: Cryptosuite) -> Document {
    Issuer::new(signer, suite)
        .unwrap()
        .issue(value, &IssueOptions::new().created("2024-01-01T00:00:00Z"))
        .unwrap()
}

fn codes(report: &verify::VerificationReport) -> Vec<String> {
    report
        .all_findings()
        .iter()
        .filter(|(_, f)| f.severity == openbadges::Severity::Error)
        .map(|(_, f)| f.code.to_string())
        .collect()
}

fn warnings(report: &verify::VerificationReport) -> Vec<String> {
    report
        .all_findings()
        .iter()
        .filter(|(_, f)| f.severity == openbadges::Severity::Warning)
        .map(|(_, f)| f.code.to_string())
        .collect()
}

fn at(year: i32) -> Policy {
    Policy::builder()
        .at(Utc.with_ymd_and_hms(year, 6, 1, 0, 0, 0).unwrap())
        .build()
        .unwrap()
}

#[test]
fn offline_verifier_accepts_what_we_issue_in_every_suite() {
    let k = key(1);
    let did = k.public_key().did_key().unwrap();
    for suite in [Cryptosuite::EddsaRdfc2022, Cryptosuite::EddsaJcs2022] {
        let signed = issue(&credential(&did), key(1).into_did_key_signer(), suite);
        let report = Verifier::offline().with_policy(at(2025)).verify(&signed);
        assert_eq!(
            report.verdict(),
            Verdict::Valid,
            "{suite}: {:#?}",
            report.findings()
        );
        assert_eq!(
            report.proofs()[0].outcome.controller.as_deref(),
            Some(did.as_str())
        );
    }
    let p = SecretKey::from_seed(KeyType::P384, &[2; 48]).unwrap();
    let did = p.public_key().did_key().unwrap();
    let signed = issue(
        &credential(&did),
        p.into_did_key_signer(),
        Cryptosuite::EcdsaRdfc2019,
    );
    let report = Verifier::offline().with_policy(at(2025)).verify(&signed);
    assert_eq!(report.verdict(), Verdict::Valid, "{:#?}", report.findings());
}

#[test]
fn tampered_credential_reports_the_proof_module_code() {
    let did = key(1).public_key().did_key().unwrap();
    let signed = issue(
        &credential(&did),
        key(1).into_did_key_signer(),
        Cryptosuite::EddsaRdfc2022,
    );
    let mut value = signed.value().clone();
    value["name"] = json!("Forged");
    let report = Verifier::offline()
        .with_policy(at(2025))
        .verify(&Document::from_value(value));
    assert_eq!(report.verdict(), Verdict::Invalid);
    assert_eq!(codes(&report), ["proof.signature"]);
    let finding = &report.findings()[0];
    assert_eq!(finding.path.to_string(), "$.proof.proofValue");
}

#[test]
fn key_of_another_controller_is_an_issuer_mismatch() {
    let did = key(1).public_key().did_key().unwrap();
    let signed = issue(
        &credential(&did),
        key(2).into_did_key_signer(),
        Cryptosuite::EddsaRdfc2022,
    );
    let report = Verifier::offline().with_policy(at(2025)).verify(&signed);
    assert_eq!(report.verdict(), Verdict::Invalid);
    assert_eq!(codes(&report), ["proof.issuer_mismatch"]);
}

#[test]
fn expired_and_forged_reports_both() {
    let did = key(1).public_key().did_key().unwrap();
    let mut value = credential(&did);
    value["validUntil"] = json!("2024-12-31T00:00:00Z");
    let signed = issue(
        &value,
        key(1).into_did_key_signer(),
        Cryptosuite::EddsaRdfc2022,
    );
    let mut forged = signed.value().clone();
    forged["credentialSubject"]["achievement"]["name"] = json!("Forged");
    let report = Verifier::offline()
        .with_policy(at(2026))
        .verify(&Document::from_value(forged));
    let codes = codes(&report);
    assert!(codes.contains(&"proof.signature".into()), "{codes:?}");
    assert!(codes.contains(&"validity.expired".into()), "{codes:?}");
}

#[test]
fn did_web_issuer_through_a_fetcher() {
    let k = key(3);
    let did = "did:web:issuer.example";
    let method = format!("{did}#key-1");
    let document = json!({
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": did,
        "verificationMethod": [{
            "id": method,
            "type": "Multikey",
            "controller": did,
            "publicKeyMultibase": k.public_key().to_multibase().unwrap()
        }],
        "assertionMethod": [method]
    });
    let fetcher =
        MemoryFetcher::new().with_json("https://issuer.example/.well-known/did.json", &document);
    let signed = issue(
        &credential(did),
        k.into_signer(method),
        Cryptosuite::EddsaRdfc2022,
    );
    let report = Verifier::builder()
        .policy(at(2025))
        .fetcher(fetcher)
        .build()
        .verify(&signed);
    assert_eq!(report.verdict(), Verdict::Valid, "{:#?}", report.findings());
    // Offline, the key cannot be fetched: not proven wrong, so indeterminate, never invalid.
    let report = Verifier::offline().with_policy(at(2025)).verify(&signed);
    assert_eq!(report.verdict(), Verdict::Indeterminate);
    assert_eq!(codes(&report), Vec::<String>::new());
    assert_eq!(warnings(&report), ["proof.key_unavailable"]);
    assert!(
        report.findings()[0]
            .message
            .contains("https://issuer.example/.well-known/did.json"),
        "{:?}",
        report.findings()
    );
    // A transport failure or an HTTP status is the same: the key could not be had.
    let report = Verifier::builder()
        .policy(at(2025))
        .fetcher(MemoryFetcher::new())
        .build()
        .verify(&signed);
    assert_eq!(report.verdict(), Verdict::Indeterminate);
    assert_eq!(codes(&report), Vec::<String>::new());
    assert_eq!(warnings(&report), ["proof.key_unavailable"]);
    // A key that resolves and is wrong stays invalid.
    let mut wrong = document.clone();
    wrong["verificationMethod"][0]["publicKeyMultibase"] =
        json!(key(4).public_key().to_multibase().unwrap());
    let fetcher =
        MemoryFetcher::new().with_json("https://issuer.example/.well-known/did.json", &wrong);
    let report = Verifier::builder()
        .policy(at(2025))
        .fetcher(fetcher)
        .build()
        .verify(&signed);
    assert_eq!(report.verdict(), Verdict::Invalid);
    assert_eq!(codes(&report), ["proof.signature"]);
}

#[test]
fn did_web_jwt_offline_is_indeterminate() {
    let k = key(3);
    let did = "did:web:issuer.example";
    let method = format!("{did}#key-1");
    let value = credential(did);
    let jwt = Issuer::for_jwt(k.into_signer(method))
        .unwrap()
        .issue_jwt(&value, &JwtIssueOptions::new(JwtForm::Ob3))
        .unwrap();
    let report = Verifier::offline()
        .with_policy(at(2025))
        .verify_jwt(&jwt)
        .unwrap();
    assert_eq!(report.verdict(), Verdict::Indeterminate, "{report}");
    assert_eq!(codes(&report), Vec::<String>::new(), "{report}");
    assert!(
        warnings(&report).contains(&"proof.key_unavailable".into()),
        "{report}"
    );
}

#[test]
fn presentation_challenge_and_domain_are_checked() {
    let holder = key(4);
    let did = holder.public_key().did_key().unwrap();
    let presentation = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiablePresentation"],
        "holder": did
    });
    let signed = Issuer::new(holder.into_did_key_signer(), Cryptosuite::EddsaRdfc2022)
        .unwrap()
        .without_validation()
        .issue(
            &presentation,
            &IssueOptions::new()
                .purpose(Relationship::Authentication)
                .challenge("abc")
                .domain("https://verifier.example"),
        )
        .unwrap();
    let policy = |challenge: &str| {
        Policy::builder()
            .challenge(challenge)
            .domain("https://verifier.example")
            .build()
            .unwrap()
    };
    let report = Verifier::offline()
        .with_policy(policy("abc"))
        .verify(&signed);
    assert!(
        !codes(&report).iter().any(|c| c.starts_with("proof.")),
        "{:?}",
        codes(&report)
    );
    let report = Verifier::offline()
        .with_policy(policy("xyz"))
        .verify(&signed);
    assert!(
        codes(&report).contains(&"proof.challenge".into()),
        "{:?}",
        codes(&report)
    );
}

#[test]
fn unsigned_credential_is_proof_missing() {
    let report = Verifier::offline()
        .with_policy(at(2025))
        .verify(&Document::from_value(credential("did:example:issuer")));
    assert_eq!(codes(&report), ["proof.missing"]);
}

// ---- JWT-secured credentials through the standard verifier ----

use openbadges::fetch::Fetched;
use openbadges::jose::{JwtForm, JwtIssueOptions};
use openbadges::status::{BitstringStatusList, StatusPurpose, status_list_credential};
use openbadges::verify::{DocumentKind, Role};

/// An EndorsementCredential of `issuer`, signed as an OB 3.0 VC-JWT by the key of `seed`.
fn endorsement_jwt(issuer: &str, seed: u8) -> String {
    let text =
        std::fs::read_to_string(root().join("fixtures/valid/own-endorsement-credential.json"))
            .unwrap();
    let mut value: Value = serde_json::from_str(&text).unwrap();
    value["issuer"]["id"] = json!(issuer);
    Issuer::for_jwt(key(seed).into_did_key_signer())
        .unwrap()
        .issue_jwt(&value, &JwtIssueOptions::new(JwtForm::Ob3))
        .unwrap()
}

/// A compact JWS whose payload says something else (`"tampered": true` added), with the
/// original signature.
fn tamper(jws: &str) -> String {
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let mut parts: Vec<String> = jws.split('.').map(str::to_owned).collect();
    let mut payload: Value = serde_json::from_slice(&b64.decode(&parts[1]).unwrap()).unwrap();
    payload["tampered"] = json!(true);
    parts[1] = b64.encode(payload.to_string());
    parts.join(".")
}

fn error_paths(report: &verify::VerificationReport, code: &str) -> Vec<String> {
    report
        .all_findings()
        .iter()
        .filter(|(_, f)| f.code == code && f.severity == openbadges::Severity::Error)
        .map(|(_, f)| f.path.to_string())
        .collect()
}

#[test]
fn endorsement_jwts_are_verified_anywhere_in_the_document() {
    let did = key(1).public_key().did_key().unwrap();
    let endorser = key(3).public_key().did_key().unwrap();
    let good = endorsement_jwt(&endorser, 3);
    let mut value = credential(&did);
    value["endorsementJwt"] = json!([good.clone()]);
    value["credentialSubject"]["achievement"]["endorsementJwt"] = json!([good]);
    let signed = issue(
        &value,
        key(1).into_did_key_signer(),
        Cryptosuite::EddsaRdfc2022,
    );
    let report = Verifier::offline().with_policy(at(2025)).verify(&signed);
    assert_eq!(report.verdict(), Verdict::Valid, "{report}");
    let mut nested: Vec<String> = report
        .nested()
        .iter()
        .map(|n| format!("{:?} {:?} {}", n.role(), n.kind(), n.path()))
        .collect();
    nested.sort();
    assert_eq!(
        nested,
        [
            "Endorsement Endorsement $.credentialSubject.achievement.endorsementJwt[0]",
            "Endorsement Endorsement $.endorsementJwt[0]",
        ]
    );
    for n in report.nested() {
        assert_eq!(n.proofs()[0].outcome.suite, "vc-jwt");
        assert!(n.proofs()[0].accepted);
        assert_eq!(n.issuer(), Some(endorser.as_str()));
    }
}

#[test]
fn tampered_wrongly_issued_and_garbled_endorsement_jwts_are_invalid() {
    let did = key(1).public_key().did_key().unwrap();
    let endorser = key(3).public_key().did_key().unwrap();
    let someone_else = key(4).public_key().did_key().unwrap();
    let cases = [
        (tamper(&endorsement_jwt(&endorser, 3)), "jwt.signature"),
        // Claims to be issued by key 4's DID, signed by key 3 (kid of key 3).
        (endorsement_jwt(&someone_else, 3), "jwt.key_not_issuer"),
        (
            "eyJhbGciOiJFZERTQSJ9.bm90IGpzb24.c2ln".to_owned(),
            "jwt.malformed",
        ),
    ];
    for (jwt, code) in cases {
        let mut value = credential(&did);
        value["endorsementJwt"] = json!([jwt]);
        let signed = issue(
            &value,
            key(1).into_did_key_signer(),
            Cryptosuite::EddsaRdfc2022,
        );
        let report = Verifier::offline().with_policy(at(2025)).verify(&signed);
        assert_eq!(report.verdict(), Verdict::Invalid, "{code}: {report}");
        let endorsement = &report.nested()[0];
        assert_eq!(endorsement.role(), Role::Endorsement);
        assert_eq!(endorsement.verdict(), Verdict::Invalid);
        let paths = error_paths(&report, code);
        assert!(
            paths.iter().any(|p| p.starts_with("$.endorsementJwt[0]")),
            "{code}: {paths:?} in {report}"
        );
        // The outer credential itself is fine: only its endorsement fails.
        assert!(
            report
                .findings()
                .iter()
                .all(|f| f.severity != openbadges::Severity::Error),
            "{report}"
        );
    }
}

#[test]
fn an_endorsement_jwt_must_carry_an_endorsement() {
    let did = key(1).public_key().did_key().unwrap();
    let endorser = key(3).public_key().did_key().unwrap();
    // A signed achievement credential, passed off as an endorsement.
    let achievement = Issuer::for_jwt(key(3).into_did_key_signer())
        .unwrap()
        .issue_jwt(&credential(&endorser), &JwtIssueOptions::new(JwtForm::Ob3))
        .unwrap();
    let mut value = credential(&did);
    value["endorsementJwt"] = json!([achievement]);
    let signed = issue(
        &value,
        key(1).into_did_key_signer(),
        Cryptosuite::EddsaRdfc2022,
    );
    let report = Verifier::offline().with_policy(at(2025)).verify(&signed);
    assert_eq!(report.verdict(), Verdict::Invalid);
    assert_eq!(
        error_paths(&report, "endorsement.type"),
        ["$.endorsementJwt[0].type"]
    );
}

fn status_entry(index: u32) -> Value {
    json!({
        "id": format!("https://example.edu/status/1#{index}"),
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": index.to_string(),
        "statusListCredential": "https://example.edu/status/1"
    })
}

/// A revocation list of `issuer` with bit 7 set, signed by the key of `seed` in `form`.
fn jwt_status_list(issuer: &str, seed: u8, form: JwtForm) -> String {
    let mut list = BitstringStatusList::new(131_072, 1).unwrap();
    list.set(7, 1).unwrap();
    let value = status_list_credential(
        "https://example.edu/status/1",
        issuer,
        &StatusPurpose::Revocation,
        &list,
        "2024-01-01T00:00:00Z",
    );
    Issuer::for_jwt(key(seed).into_did_key_signer())
        .unwrap()
        .without_validation()
        .issue_jwt(&value, &JwtIssueOptions::new(form))
        .unwrap()
}

fn with_list(list: &str) -> Verifier {
    let mut fetcher = MemoryFetcher::new();
    fetcher.insert(
        "https://example.edu/status/1",
        Fetched::new(
            list.as_bytes().to_vec(),
            Some("application/vc+jwt".to_owned()),
        ),
    );
    Verifier::builder()
        .policy(at(2025))
        .fetcher(fetcher)
        .build()
}

#[test]
fn jwt_secured_status_lists_are_verified_then_used() {
    let did = key(1).public_key().did_key().unwrap();
    let signed = |index: u32| {
        let mut value = credential(&did);
        value["credentialStatus"] = status_entry(index);
        issue(
            &value,
            key(1).into_did_key_signer(),
            Cryptosuite::EddsaRdfc2022,
        )
    };
    for form in [JwtForm::VcJose, JwtForm::Ob3] {
        let verifier = with_list(&jwt_status_list(&did, 1, form));
        let report = verifier.verify(&signed(3));
        assert_eq!(report.verdict(), Verdict::Valid, "{form:?}: {report}");
        let list = &report.nested()[0];
        assert_eq!(list.role(), Role::StatusList);
        assert_eq!(list.kind(), DocumentKind::StatusList);
        assert_eq!(list.proofs()[0].outcome.suite, "vc-jwt");
        assert!(list.proofs()[0].accepted);
        let report = verifier.verify(&signed(7));
        assert_eq!(codes(&report), ["status.revoked"], "{form:?}: {report}");
    }
    // The list is signed, but by another issuer: same-issuer rule.
    let other = key(5).public_key().did_key().unwrap();
    let report = with_list(&jwt_status_list(&other, 5, JwtForm::VcJose)).verify(&signed(3));
    assert!(
        codes(&report).contains(&"status.issuer_mismatch".to_owned()),
        "{report}"
    );
    // A tampered list does not verify and is not used.
    let report = with_list(&tamper(&jwt_status_list(&did, 1, JwtForm::VcJose))).verify(&signed(3));
    let found = codes(&report);
    assert!(
        found.contains(&"status.list_unverified".to_owned()),
        "{report}"
    );
    assert!(found.contains(&"jwt.signature".to_owned()), "{report}");
    // Signed by a key that is not the list issuer's.
    let report = with_list(&jwt_status_list(&did, 6, JwtForm::VcJose)).verify(&signed(3));
    assert!(
        codes(&report).contains(&"status.list_unverified".to_owned()),
        "{report}"
    );
}

#[test]
fn top_level_enveloped_credentials_are_unwrapped() {
    let did = key(1).public_key().did_key().unwrap();
    let issuer = Issuer::new(key(1).into_did_key_signer(), Cryptosuite::EddsaRdfc2022).unwrap();
    let envelope = issuer.issue_enveloped(&credential(&did)).unwrap();
    assert_eq!(envelope.value()["type"], "EnvelopedVerifiableCredential");
    let report = Verifier::offline().with_policy(at(2025)).verify(&envelope);
    assert_eq!(report.verdict(), Verdict::Valid, "{report}");
    assert_eq!(report.path().to_string(), "$.id");
    assert_eq!(report.kind(), DocumentKind::Achievement);
    let verified = report.into_verified().unwrap();
    assert_eq!(verified.value()["issuer"]["id"], did.as_str());

    // A changed signature: findings pathed at the envelope's id.
    let mut tampered = envelope.value().clone();
    let id = tampered["id"].as_str().unwrap().to_owned();
    let (prefix, jws) = id.split_at("data:application/vc+jwt,".len());
    tampered["id"] = json!(format!("{prefix}{}", tamper(jws)));
    let report = Verifier::offline()
        .with_policy(at(2025))
        .verify(&Document::from_value(tampered));
    assert_eq!(report.verdict(), Verdict::Invalid);
    assert_eq!(error_paths(&report, "jwt.signature"), ["$.id"]);

    // Expired credential inside the envelope: the credential's own finding, under $.id.
    let mut expiring = credential(&did);
    expiring["validUntil"] = json!("2024-12-31T00:00:00Z");
    let envelope = issuer.issue_enveloped(&expiring).unwrap();
    let report = Verifier::offline().with_policy(at(2025)).verify(&envelope);
    assert!(
        error_paths(&report, "validity.expired")
            .iter()
            .any(|p| p.starts_with("$.id.")),
        "{report}"
    );

    // Other media types are named, not guessed at.
    let ld = json!({"@context": "https://www.w3.org/ns/credentials/v2",
        "type": "EnvelopedVerifiableCredential",
        "id": "data:application/vc+ld+json;base64,e30"});
    let report = Verifier::offline().verify(&Document::from_value(ld));
    assert_eq!(codes(&report), ["envelope.media_type"]);
    assert_eq!(error_paths(&report, "envelope.media_type"), ["$.id"]);
}

#[test]
fn issuer_signs_every_jwt_form_behind_the_same_gate() {
    let did = key(1).public_key().did_key().unwrap();
    let issuer = Issuer::new(key(1).into_did_key_signer(), Cryptosuite::EddsaRdfc2022).unwrap();
    let verifier = Verifier::offline().with_policy(at(2025));
    for form in [JwtForm::Ob3, JwtForm::Vcdm11, JwtForm::VcJose] {
        let mut value = credential(&did);
        if form == JwtForm::Vcdm11 {
            value["@context"][0] = json!("https://www.w3.org/2018/credentials/v1");
            let from = value.as_object_mut().unwrap().shift_remove("validFrom");
            value["issuanceDate"] = from.unwrap_or(json!("2024-01-01T00:00:00Z"));
            let issuer = Issuer::new(key(1).into_did_key_signer(), Cryptosuite::EddsaRdfc2022)
                .unwrap()
                .without_validation();
            let jwt = issuer
                .issue_jwt(&value, &JwtIssueOptions::new(form))
                .unwrap();
            let report = verifier.verify_jwt(&jwt).unwrap();
            assert!(
                !codes(&report).iter().any(|c| c.starts_with("jwt.")),
                "{form:?}: {report}"
            );
            continue;
        }
        let jwt = issuer
            .issue_jwt(&value, &JwtIssueOptions::new(form))
            .unwrap();
        let report = verifier.verify_jwt(&jwt).unwrap();
        assert_eq!(report.verdict(), Verdict::Valid, "{form:?}: {report}");
        assert_eq!(report.proofs()[0].outcome.suite, "vc-jwt");
        // The same bytes through verify_bytes.
        let again = verifier.verify_bytes(jwt.as_bytes()).unwrap();
        assert_eq!(again.verdict(), Verdict::Valid);
    }
    // The validation gate: an achievement without criteria is refused in every form.
    let mut broken = credential(&did);
    broken["credentialSubject"]["achievement"]
        .as_object_mut()
        .unwrap()
        .shift_remove("criteria");
    for form in [JwtForm::Ob3, JwtForm::VcJose] {
        assert!(matches!(
            issuer.issue_jwt(&broken, &JwtIssueOptions::new(form)),
            Err(openbadges::issue::IssueError::Invalid { .. })
        ));
    }
    assert!(matches!(
        issuer.issue_enveloped(&broken),
        Err(openbadges::issue::IssueError::Invalid { .. })
    ));
    // An issuer of JWTs only has no Data Integrity suite.
    let jwt_only = Issuer::for_jwt(key(1).into_did_key_signer()).unwrap();
    assert_eq!(jwt_only.suite(), None);
    assert!(matches!(
        jwt_only.issue(&credential(&did), &IssueOptions::new()),
        Err(openbadges::issue::IssueError::NoCryptosuite { .. })
    ));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// Token-shaped garbage (JWS, SD-JWT, envelopes of it) never panics and never verifies.
    #[test]
    fn token_shaped_input_is_never_valid(text in "[A-Za-z0-9_.~-]{0,160}", envelope in proptest::bool::ANY) {
        let verifier = Verifier::offline().with_policy(at(2025));
        let report = if envelope {
            let value = json!({"@context": "https://www.w3.org/ns/credentials/v2",
                "type": "EnvelopedVerifiableCredential",
                "id": format!("data:application/vc+sd-jwt,{text}")});
            Ok(verifier.verify(&Document::from_value(value)))
        } else {
            verifier.verify_bytes(text.as_bytes())
        };
        if let Ok(report) = report {
            proptest::prop_assert_ne!(report.verdict(), Verdict::Valid);
        }
    }
}

// --- The verifier-wide cache of verified status lists ---

mod list_cache {
    use std::sync::atomic::{AtomicI64, AtomicUsize, Ordering};
    use std::sync::{Arc, Mutex};

    use chrono::{DateTime, TimeZone, Utc};
    use openbadges::Document;
    use openbadges::fetch::{FetchError, Fetched, Fetcher};
    use openbadges::issue::{IssueOptions, Issuer};
    use openbadges::proof::Cryptosuite;
    use openbadges::report::JsonPath;
    use openbadges::resolve::Resolver;
    use openbadges::status::{BitstringStatusList, StatusPurpose, status_list_credential};
    use openbadges::verify::{
        Clock, DataIntegrityChecker, Policy, ProofChecker, ProofContext, ProofOutcome, Verdict,
        Verifier,
    };
    use serde_json::{Value, json};

    use super::{codes, credential, issue, key, status_entry};

    const LIST_URL: &str = "https://example.edu/status/1";

    /// Counts the Data Integrity proofs it checks.
    struct Counting(DataIntegrityChecker, Arc<AtomicUsize>);

    impl ProofChecker for Counting {
        fn check(
            &self,
            credential: &Value,
            path: &JsonPath,
            context: &ProofContext<'_>,
        ) -> Vec<ProofOutcome> {
            self.1.fetch_add(1, Ordering::SeqCst);
            self.0.check(credential, path, context)
        }
    }

    /// Serves the list body it currently holds.
    #[derive(Clone)]
    struct Swappable(Arc<Mutex<Vec<u8>>>);

    impl Fetcher for Swappable {
        fn fetch(&self, url: &str) -> Result<Fetched, FetchError> {
            assert_eq!(url, LIST_URL);
            Ok(Fetched::new(self.0.lock().unwrap().clone(), None))
        }
    }

    /// A clock the test moves (seconds since the epoch).
    struct Movable(Arc<AtomicI64>);

    impl Clock for Movable {
        fn now(&self) -> DateTime<Utc> {
            Utc.timestamp_opt(self.0.load(Ordering::SeqCst), 0).unwrap()
        }
    }

    fn instant(year: i32) -> i64 {
        Utc.with_ymd_and_hms(year, 6, 1, 0, 0, 0)
            .unwrap()
            .timestamp()
    }

    /// A Data Integrity signed revocation list of `did` (key seed 1) with `revoked` set,
    /// valid until the end of 2025.
    fn list(did: &str, revoked: &[u64]) -> Vec<u8> {
        let mut bits = BitstringStatusList::new(131_072, 1).unwrap();
        for &i in revoked {
            bits.set(i, 1).unwrap();
        }
        let mut value = status_list_credential(
            LIST_URL,
            did,
            &StatusPurpose::Revocation,
            &bits,
            "2024-01-01T00:00:00Z",
        );
        value["validUntil"] = json!("2025-12-31T00:00:00Z");
        Issuer::new(key(1).into_did_key_signer(), Cryptosuite::EddsaRdfc2022)
            .unwrap()
            .without_validation()
            .issue(&value, &IssueOptions::new().created("2024-01-01T00:00:00Z"))
            .unwrap()
            .as_str()
            .as_bytes()
            .to_vec()
    }

    struct Setup {
        verifier: Verifier,
        checked: Arc<AtomicUsize>,
        body: Arc<Mutex<Vec<u8>>>,
        clock: Arc<AtomicI64>,
        did: String,
    }

    fn setup(revoked: &[u64]) -> Setup {
        let did = key(1).public_key().did_key().unwrap();
        let checked = Arc::new(AtomicUsize::new(0));
        let body = Arc::new(Mutex::new(list(&did, revoked)));
        let clock = Arc::new(AtomicI64::new(instant(2025)));
        let policy = Policy::builder()
            .clock(Movable(Arc::clone(&clock)))
            .build()
            .unwrap();
        let verifier = Verifier::builder()
            .proof_checker(Counting(
                DataIntegrityChecker::new(Resolver::offline()),
                Arc::clone(&checked),
            ))
            .without_schema()
            .policy(policy)
            .fetcher(Swappable(Arc::clone(&body)))
            .build();
        Setup {
            verifier,
            checked,
            body,
            clock,
            did,
        }
    }

    fn signed(did: &str, index: u32) -> Document {
        let mut value = credential(did);
        value["credentialStatus"] = status_entry(index);
        issue(
            &value,
            key(1).into_did_key_signer(),
            Cryptosuite::EddsaRdfc2022,
        )
    }

    #[test]
    fn a_shared_list_is_verified_once_per_verifier() {
        let s = setup(&[7]);
        let credentials: Vec<Document> = [3, 4, 5, 6, 8, 9]
            .into_iter()
            .map(|i| signed(&s.did, i))
            .collect();
        for (i, c) in credentials.iter().enumerate() {
            let report = s.verifier.verify(c);
            assert_eq!(report.verdict(), Verdict::Valid, "{i}: {report}");
            assert_eq!(report.nested()[0].verdict(), Verdict::Valid);
        }
        let revoked = s.verifier.verify(&signed(&s.did, 7));
        assert_eq!(codes(&revoked), ["status.revoked"], "{revoked}");
        // 7 credentials + the list once (not 7 times).
        assert_eq!(s.checked.load(Ordering::SeqCst), 8);
        // A clone shares the cache; a new policy starts afresh.
        let clone = s.verifier.clone();
        assert_eq!(clone.verify(&credentials[0]).verdict(), Verdict::Valid);
        assert_eq!(s.checked.load(Ordering::SeqCst), 9);
        let fresh = s.verifier.clone().with_policy(
            Policy::builder()
                .at(Utc.with_ymd_and_hms(2025, 6, 1, 0, 0, 0).unwrap())
                .build()
                .unwrap(),
        );
        assert_eq!(fresh.verify(&credentials[0]).verdict(), Verdict::Valid);
        assert_eq!(s.checked.load(Ordering::SeqCst), 11);
    }

    #[test]
    fn a_changed_list_body_is_verified_afresh() {
        let s = setup(&[]);
        let credential = signed(&s.did, 7);
        assert_eq!(s.verifier.verify(&credential).verdict(), Verdict::Valid);
        // The issuer revokes 7 and publishes a new list: the new bytes are verified and used.
        *s.body.lock().unwrap() = list(&s.did, &[7]);
        let report = s.verifier.verify(&credential);
        assert_eq!(codes(&report), ["status.revoked"], "{report}");
        // A forged body (bit 7 cleared, the old signature kept) does not verify.
        let mut forged: Value = serde_json::from_slice(&list(&s.did, &[7])).unwrap();
        let clear: Value = serde_json::from_slice(&list(&s.did, &[])).unwrap();
        forged["credentialSubject"]["encodedList"] =
            clear["credentialSubject"]["encodedList"].clone();
        *s.body.lock().unwrap() = serde_json::to_vec(&forged).unwrap();
        let report = s.verifier.verify(&credential);
        let found = codes(&report);
        assert!(
            found.contains(&"status.list_unverified".to_owned()),
            "{report}"
        );
        assert_ne!(report.verdict(), Verdict::Valid);
        // Back to the published list: the cached verification is reused.
        *s.body.lock().unwrap() = list(&s.did, &[7]);
        let before = s.checked.load(Ordering::SeqCst);
        let report = s.verifier.verify(&credential);
        assert_eq!(codes(&report), ["status.revoked"], "{report}");
        assert_eq!(s.checked.load(Ordering::SeqCst), before + 1);
    }

    #[test]
    fn a_list_expired_since_it_was_cached_is_reported() {
        let s = setup(&[]);
        let credential = signed(&s.did, 3);
        assert_eq!(s.verifier.verify(&credential).verdict(), Verdict::Valid);
        assert_eq!(s.verifier.verify(&credential).verdict(), Verdict::Valid);
        assert_eq!(s.checked.load(Ordering::SeqCst), 3);
        // A year later the list (validUntil 2025-12-31) has expired.
        s.clock.store(instant(2026), Ordering::SeqCst);
        let report = s.verifier.verify(&credential);
        let found = codes(&report);
        assert!(
            found.contains(&"status.list_unverified".to_owned()),
            "{report}"
        );
        assert!(found.contains(&"validity.expired".to_owned()), "{report}");
        let list = &report.nested()[0];
        assert!(
            list.findings()
                .iter()
                .any(|f| f.code == "validity.expired" && f.message.contains("2026-06-01")),
            "{report}"
        );
        // Back in 2025, the earlier verification is reused: valid again.
        s.clock.store(instant(2025) + 3600, Ordering::SeqCst);
        let before = s.checked.load(Ordering::SeqCst);
        assert_eq!(s.verifier.verify(&credential).verdict(), Verdict::Valid);
        assert_eq!(s.checked.load(Ordering::SeqCst), before + 1);
    }
}

// ---- the checklist ----

fn status_of(
    report: &verify::VerificationReport,
    id: verify::CheckId,
) -> Option<verify::CheckStatus> {
    report
        .checks()
        .iter()
        .find(|c| c.check == id)
        .map(|c| c.status)
}

#[test]
fn the_checklist_says_what_was_checked_and_why_not() {
    use verify::{CheckId as C, CheckStatus as S};
    let did = key(1).public_key().did_key().unwrap();
    let mut value = credential(&did);
    value["validUntil"] = json!("2030-01-01T00:00:00Z");
    let signed = issue(
        &value,
        key(1).into_did_key_signer(),
        Cryptosuite::EddsaRdfc2022,
    );
    let report = Verifier::offline().with_policy(at(2025)).verify(&signed);
    assert_eq!(report.verdict(), Verdict::Valid);
    assert!(
        report
            .findings()
            .iter()
            .all(|f| f.severity < openbadges::Severity::Warning)
    );
    let lines: Vec<(C, S)> = report
        .checks()
        .iter()
        .map(|c| (c.check, c.status))
        .collect();
    assert_eq!(
        lines,
        [
            (C::Structure, S::Passed),
            (C::Schema, S::Passed),
            (C::Proof, S::Passed),
            (C::IssuerBinding, S::Passed),
            (C::Validity, S::Passed),
            (C::Status, S::Skipped),
            (C::Recipient, S::Skipped),
            (C::Refresh, S::Skipped),
            (C::Endorsements, S::Skipped),
            (C::NestedCredentials, S::Skipped),
        ]
    );
    let validity = &report.checks()[4];
    assert!(
        validity.reason.contains("until 2030-01-01T00:00:00Z"),
        "{validity}"
    );
    assert!(report.checks()[2].reason.contains("eddsa-rdfc-2022"));

    // Forged and expired: the proof and the window fail, the binding has nothing to bind.
    let mut forged = signed.value().clone();
    forged["credentialSubject"]["achievement"]["name"] = json!("Forged");
    let report = Verifier::offline()
        .with_policy(at(2031))
        .verify(&Document::from_value(forged));
    assert_eq!(status_of(&report, C::Proof), Some(S::Failed));
    assert_eq!(status_of(&report, C::IssuerBinding), Some(S::Skipped));
    assert_eq!(status_of(&report, C::Validity), Some(S::Failed));
    let proof = report
        .checks()
        .iter()
        .find(|c| c.check == C::Proof)
        .unwrap();
    assert_eq!(proof.codes, ["proof.signature"]);

    // Another controller's key: the signature holds, the binding fails.
    let other = issue(
        &credential(&did),
        key(2).into_did_key_signer(),
        Cryptosuite::EddsaRdfc2022,
    );
    let report = Verifier::offline().with_policy(at(2025)).verify(&other);
    assert_eq!(status_of(&report, C::IssuerBinding), Some(S::Failed));

    // Switched off by the policy.
    let policy = Policy::builder()
        .at(Utc.with_ymd_and_hms(2025, 6, 1, 0, 0, 0).unwrap())
        .check_schema(false)
        .build()
        .unwrap();
    let report = Verifier::offline().with_policy(policy).verify(&signed);
    let schema = report
        .checks()
        .iter()
        .find(|c| c.check == C::Schema)
        .unwrap();
    assert_eq!(schema.status, S::Skipped);
    assert!(schema.reason.contains("switched off"), "{schema}");
}

#[test]
fn a_presentation_checklist_has_holder_binding_and_challenge() {
    use verify::{CheckId as C, CheckStatus as S};
    let holder = key(4);
    let did = holder.public_key().did_key().unwrap();
    let presentation = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiablePresentation"],
        "holder": did
    });
    let signed = Issuer::new(holder.into_did_key_signer(), Cryptosuite::EddsaRdfc2022)
        .unwrap()
        .without_validation()
        .issue(
            &presentation,
            &IssueOptions::new()
                .purpose(Relationship::Authentication)
                .challenge("abc"),
        )
        .unwrap();
    let with = |challenge: &str| {
        Verifier::offline()
            .with_policy(Policy::builder().challenge(challenge).build().unwrap())
            .verify(&signed)
    };
    let report = with("abc");
    assert_eq!(status_of(&report, C::HolderBinding), Some(S::Passed));
    assert_eq!(status_of(&report, C::ChallengeDomain), Some(S::Passed));
    assert_eq!(status_of(&report, C::IssuerBinding), None);
    assert_eq!(status_of(&report, C::Status), None);
    let report = with("xyz");
    assert_eq!(status_of(&report, C::ChallengeDomain), Some(S::Failed));
    // The signature holds, but a proof with the wrong challenge is not accepted.
    let proof = report
        .checks()
        .iter()
        .find(|c| c.check == C::Proof)
        .unwrap();
    assert_eq!(proof.status, S::Failed);
    assert!(proof.reason.starts_with("no proof was accepted"), "{proof}");
}

#[test]
fn an_unavailable_key_leaves_the_proof_indeterminate() {
    let k = key(3);
    let did = "did:web:issuer.example";
    let signed = issue(
        &credential(did),
        k.into_signer(format!("{did}#key-1")),
        Cryptosuite::EddsaRdfc2022,
    );
    let report = Verifier::offline().with_policy(at(2025)).verify(&signed);
    assert_eq!(
        status_of(&report, verify::CheckId::Proof),
        Some(verify::CheckStatus::Indeterminate)
    );
}

// ---- proof sets (Data Integrity §4.5) ----

/// A credential of `did` with two eddsa proofs (rdfc and jcs) in `order`, the second given
/// proof value replaced when `break_second` (a broken signature of a supported suite).
fn proof_set(second: Value, second_first: bool) -> Document {
    let did = key(1).public_key().did_key().unwrap();
    let value = credential(&did);
    let signed = issue(
        &value,
        key(1).into_did_key_signer(),
        Cryptosuite::EddsaRdfc2022,
    );
    let mut set = signed.value().clone();
    let first = set["proof"].clone();
    set["proof"] = if second_first {
        json!([second, first])
    } else {
        json!([first, second])
    };
    Document::from_value(set)
}

fn jcs_proof_broken() -> Value {
    let did = key(1).public_key().did_key().unwrap();
    let signed = issue(
        &credential(&did),
        key(1).into_did_key_signer(),
        Cryptosuite::EddsaJcs2022,
    );
    let mut proof = signed.value()["proof"].clone();
    let value = proof["proofValue"].as_str().unwrap().to_owned();
    // Another valid base58btc signature: the last character changed.
    let last = if value.ends_with('2') { '3' } else { '2' };
    proof["proofValue"] = json!(format!("{}{last}", &value[..value.len() - 1]));
    proof
}

#[test]
fn a_proof_set_with_one_broken_proof_is_invalid_in_either_order() {
    for second_first in [false, true] {
        let report = Verifier::offline()
            .with_policy(at(2025))
            .verify(&proof_set(jcs_proof_broken(), second_first));
        assert_eq!(report.verdict(), Verdict::Invalid, "{report}");
        assert_eq!(codes(&report), ["proof.signature"], "{report}");
    }
}

#[test]
fn a_proof_of_an_unknown_type_beside_a_valid_one_is_a_warning() {
    let unknown = json!({"type": "SomeProofType", "proofPurpose": "assertionMethod"});
    for second_first in [false, true] {
        let report = Verifier::offline()
            .with_policy(at(2025))
            .verify(&proof_set(unknown.clone(), second_first));
        assert_eq!(report.verdict(), Verdict::Valid, "{report}");
        assert!(
            warnings(&report).contains(&"proof.unsupported".into()),
            "{report}"
        );
    }
    // Alone, it is an error.
    let did = key(1).public_key().did_key().unwrap();
    let mut value = credential(&did);
    value["proof"] = unknown;
    let report = Verifier::offline()
        .with_policy(at(2025))
        .verify(&Document::from_value(value));
    assert_eq!(report.verdict(), Verdict::Invalid, "{report}");
}

#[test]
fn a_proof_created_in_the_future_is_reported() {
    let did = key(1).public_key().did_key().unwrap();
    let signed = Issuer::new(key(1).into_did_key_signer(), Cryptosuite::EddsaRdfc2022)
        .unwrap()
        .issue(
            &credential(&did),
            &IssueOptions::new().created("2099-01-01T00:00:00Z"),
        )
        .unwrap();
    let report = Verifier::offline().with_policy(at(2025)).verify(&signed);
    // A warning, not a failure: the signature holds; the claim about time is suspicious.
    assert_eq!(report.verdict(), Verdict::Valid, "{report}");
    assert_eq!(warnings(&report), ["proof.created_future"], "{report}");
    // Within the clock-skew leeway, nothing is said.
    let report = Verifier::offline()
        .with_policy(
            Policy::builder()
                .at(Utc.with_ymd_and_hms(2098, 12, 31, 23, 58, 0).unwrap())
                .build()
                .unwrap(),
        )
        .verify(&signed);
    assert!(warnings(&report).is_empty(), "{report}");
}

/// F12: a `previousProof` that names no proof of the set is an error ("an error MUST be
/// raised", Data Integrity §4.4), even beside a valid proof.
#[test]
fn a_dangling_previous_proof_is_an_error_beside_a_valid_proof() {
    let mut chained = jcs_proof_broken();
    chained["previousProof"] = json!("urn:uuid:no-such-proof");
    for second_first in [false, true] {
        let report = Verifier::offline()
            .with_policy(at(2025))
            .verify(&proof_set(chained.clone(), second_first));
        assert_eq!(report.verdict(), Verdict::Invalid, "{report}");
        assert!(
            codes(&report).contains(&"proof.previous".into()),
            "{report}"
        );
    }
}
