//! Verifiable presentations: the peer corpus's presentation cases, our own signed
//! presentations (Data Integrity and vp+jwt), replay defence, the builder.

use std::path::PathBuf;

use chrono::{DateTime, Duration, Utc};
use openbadges::Document;
use openbadges::crypto::{KeyType, SecretKey, Signer as _};
use openbadges::fetch::MemoryFetcher;
use openbadges::jose::sd_jwt::{self, SdJwtIssueOptions};
use openbadges::present::{
    self, ClrMember, PresentError, PresentationBuilder, PresentationChecker,
    PresentationProofOptions, ReplayWindow, codes,
};
use openbadges::proof::{self, Cryptosuite, RdfcCanonicalizer, VerifyOptions};
use openbadges::rdf::CanonOptions;
use openbadges::report::{JsonPath, PathSegment};
use openbadges::resolve::Resolver;
use openbadges::verify::{
    Policy, ProofContext, ProofOutcome, Verdict, VerificationReport, Verifier,
};
use serde_json::{Value, json};

use crate::support;

fn interop() -> PathBuf {
    support::root().join("fixtures").join("interop")
}

fn read_json(path: &std::path::Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

fn rebase(base: &JsonPath, inner: &JsonPath) -> JsonPath {
    let mut out = base.clone();
    for s in inner.segments() {
        match s {
            PathSegment::Key(k) => out.push_key(k.clone()),
            PathSegment::Index(i) => out.push_index(*i),
        }
    }
    out
}

/// The credentials' proof checker for these tests: Data Integrity proofs for
/// `assertionMethod` (the verifier adapters of the proof module replace it in the lead's
/// merge).
fn credential_proofs(value: &Value, path: &JsonPath, ctx: &ProofContext<'_>) -> Vec<ProofOutcome> {
    let outcome = proof::verify_proofs(
        value,
        &Resolver::offline(),
        &RdfcCanonicalizer::new(),
        &VerifyOptions::default().now(ctx.now),
    );
    outcome
        .checks
        .into_iter()
        .map(|c| {
            let at = rebase(path, &c.path);
            let suite = c.cryptosuite.map_or("unknown", |s| s.name());
            let mut o = if c.findings.is_empty() {
                ProofOutcome::valid(at, suite)
            } else {
                ProofOutcome::invalid(at, suite, c.findings.clone())
            };
            if let Some(m) = c.method {
                o = o
                    .with_verification_method(m.id.clone())
                    .with_controller(m.controller.clone());
            }
            o
        })
        .collect()
}

fn verifier(challenge: &str, domain: &str, window: ReplayWindow, now: DateTime<Utc>) -> Verifier {
    let manifest = read_json(&interop().join("manifest.json"));
    let mut fetcher = MemoryFetcher::new();
    for (url, file) in manifest["resources"].as_object().unwrap() {
        fetcher = fetcher.with_json(
            url.clone(),
            &read_json(&interop().join(file.as_str().unwrap())),
        );
    }
    // A presentation of a CLR (its member credentials, their proofs) has dozens of blank
    // nodes that first-degree hashing cannot tell apart: the default RDFC work limit
    // (10 000 steps) is too low for it, so presentations get a higher one.
    let canon =
        RdfcCanonicalizer::new().with_canon_options(CanonOptions::new().with_work_limit(1_000_000));
    let checker =
        PresentationChecker::new(credential_proofs, Resolver::offline(), canon).with_window(window);
    Verifier::builder()
        .proof_checker(checker)
        .without_schema()
        .fetcher(fetcher)
        .policy(
            Policy::builder()
                .at(now)
                .challenge(challenge)
                .domain(domain)
                .build()
                .unwrap(),
        )
        .build()
}

fn errors(report: &VerificationReport) -> Vec<String> {
    fn walk(r: &VerificationReport, out: &mut Vec<String>) {
        for f in r.findings() {
            if f.severity == openbadges::report::Severity::Error {
                out.push(format!("{} {} {}", f.code, f.path, f.message));
            }
        }
        for n in r.nested() {
            walk(n, out);
        }
    }
    let mut out = Vec::new();
    walk(report, &mut out);
    out
}

fn has_code(report: &VerificationReport, code: &str) -> bool {
    errors(report)
        .iter()
        .any(|e| e.starts_with(&format!("{code} ")))
}

#[test]
fn peer_corpus_presentations_get_their_verdicts() {
    let manifest = read_json(&interop().join("manifest.json"));
    let now = DateTime::parse_from_rfc3339("2024-06-01T00:00:00Z")
        .unwrap()
        .with_timezone(&Utc);
    let mut seen = 0;
    for case in manifest["cases"].as_array().unwrap() {
        if !case["format"].as_str().unwrap().starts_with("vp/") {
            continue;
        }
        let id = case["id"].as_str().unwrap();
        let opts = &case["verifyOptions"];
        // The corpus was signed in 2024 and must hold at any time in its window: no age
        // limit here (the challenge is the replay defence under test).
        let v = verifier(
            opts["challenge"].as_str().unwrap(),
            opts["domain"].as_str().unwrap(),
            ReplayWindow::default().max_age(None),
            now,
        );
        let doc = Document::from_value(read_json(&interop().join(case["file"].as_str().unwrap())));
        let report = v.verify(&doc);
        let expected = case["expected"] == "valid";
        assert_eq!(
            report.verdict() == Verdict::Valid,
            expected,
            "{id}: {:?} {:#?}",
            report.verdict(),
            errors(&report)
        );
        let code = match id {
            "vp-neg-wrong-challenge-eddsa-rdfc-2022" => Some(codes::CHALLENGE),
            "vp-neg-wrong-domain-eddsa-rdfc-2022" => Some(codes::DOMAIN),
            _ => None,
        };
        if let Some(code) = code {
            assert!(has_code(&report, code), "{id}: {:#?}", errors(&report));
        }
        seen += 1;
    }
    assert_eq!(seen, 7);
}

struct Holder {
    signer: openbadges::crypto::KeySigner,
    did: String,
}

fn holder() -> Holder {
    let signer = SecretKey::from_seed(KeyType::Ed25519, &[31; 32])
        .unwrap()
        .into_did_key_signer();
    let did = signer.key_id().split('#').next().unwrap().to_owned();
    Holder { signer, did }
}

fn badge() -> Value {
    read_json(
        &interop()
            .join("credentials")
            .join("ob-minimal-eddsa-rdfc-2022.json"),
    )
}

const CREATED: &str = "2024-06-01T12:00:00Z";

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn signed_vp(h: &Holder, challenge: &str, suite: Cryptosuite) -> Value {
    let vp = PresentationBuilder::new()
        .holder(h.did.clone())
        .id("urn:uuid:1b0e5a0e-0b7a-4f3f-9d55-0c4f3a1a2b3c")
        .credential(badge())
        .build()
        .unwrap();
    sign(&vp, &h.signer, challenge, suite)
}

/// `presentation` signed for `challenge` and the domain `verifier.example.org` at `CREATED`.
fn sign(
    presentation: &Value,
    signer: &openbadges::crypto::KeySigner,
    challenge: &str,
    suite: Cryptosuite,
) -> Value {
    present::sign_presentation_with(
        presentation,
        signer,
        &RdfcCanonicalizer::new(),
        &PresentationProofOptions::new(suite, challenge)
            .domain("verifier.example.org")
            .created(CREATED),
    )
    .unwrap()
}

#[test]
fn our_presentation_verifies_and_a_replay_with_another_challenge_fails() {
    let h = holder();
    for suite in [Cryptosuite::EddsaRdfc2022, Cryptosuite::EddsaJcs2022] {
        let vp = signed_vp(&h, "challenge-1", suite);
        assert_eq!(vp["proof"]["proofPurpose"], "authentication");
        let now = at("2024-06-01T12:01:00Z");
        let ok = verifier(
            "challenge-1",
            "verifier.example.org",
            ReplayWindow::default(),
            now,
        )
        .verify(&Document::from_value(vp.clone()));
        assert_eq!(
            ok.verdict(),
            Verdict::Valid,
            "{suite:?}: {:#?}",
            errors(&ok)
        );
        assert_eq!(
            ok.nested().len(),
            1,
            "the embedded badge has its own report"
        );
        // For the peer harness (`node verify.mjs --challenge challenge-1 --domain ...`).
        let dir = support::root().join("target").join("present-peer");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join(format!("vp-{}.json", suite.name())),
            serde_json::to_vec_pretty(&vp).unwrap(),
        )
        .unwrap();

        // The same presentation replayed to a verifier that issued another challenge.
        let replay = verifier(
            "challenge-2",
            "verifier.example.org",
            ReplayWindow::default(),
            now,
        )
        .verify(&Document::from_value(vp.clone()));
        assert_eq!(replay.verdict(), Verdict::Invalid);
        assert!(
            has_code(&replay, codes::CHALLENGE),
            "{:#?}",
            errors(&replay)
        );

        // Another domain.
        let elsewhere = verifier("challenge-1", "other.example", ReplayWindow::default(), now)
            .verify(&Document::from_value(vp.clone()));
        assert!(has_code(&elsewhere, codes::DOMAIN));

        // Too old for the window, or from the future.
        for late in ["2024-06-01T13:00:00Z", "2024-06-01T11:00:00Z"] {
            let r = verifier(
                "challenge-1",
                "verifier.example.org",
                ReplayWindow::default(),
                at(late),
            )
            .verify(&Document::from_value(vp.clone()));
            assert!(has_code(&r, codes::CREATED), "{late}: {:#?}", errors(&r));
        }
    }
}

#[test]
fn tampered_or_foreign_presentations_fail() {
    let h = holder();
    let vp = signed_vp(&h, "c", Cryptosuite::EddsaRdfc2022);
    let now = at("2024-06-01T12:01:00Z");
    let v = verifier("c", "verifier.example.org", ReplayWindow::default(), now);

    // Holder changed after signing: the signature breaks.
    let mut other = vp.clone();
    other["holder"] = json!("did:example:mallory");
    assert_eq!(
        v.verify(&Document::from_value(other)).verdict(),
        Verdict::Invalid
    );

    // Signed by a key that is not the holder's.
    let mallory = SecretKey::from_seed(KeyType::Ed25519, &[32; 32])
        .unwrap()
        .into_did_key_signer();
    let mut unsigned = vp.clone();
    unsigned.as_object_mut().unwrap().remove("proof");
    let forged = sign(&unsigned, &mallory, "c", Cryptosuite::EddsaRdfc2022);
    let r = v.verify(&Document::from_value(forged));
    assert_eq!(r.verdict(), Verdict::Invalid, "{:#?}", errors(&r));

    // The embedded credential tampered: the presentation proof covers it, the credential's
    // own proof fails too.
    let mut vp2 = PresentationBuilder::new()
        .holder(h.did.clone())
        .credential(badge())
        .build()
        .unwrap();
    vp2["verifiableCredential"][0]["credentialSubject"]["achievement"]["name"] = json!("Forged");
    let vp2 = sign(&vp2, &h.signer, "c", Cryptosuite::EddsaRdfc2022);
    let r = v.verify(&Document::from_value(vp2));
    assert_eq!(r.verdict(), Verdict::Invalid);
    assert!(r.nested().iter().any(|n| n.verdict() == Verdict::Invalid));
}

#[test]
fn vp_jwt_with_an_enveloped_credential() {
    let h = holder();
    let issuer = SecretKey::from_seed(KeyType::Ed25519, &[33; 32])
        .unwrap()
        .into_did_key_signer();
    let iss = issuer.key_id().split('#').next().unwrap().to_owned();
    let credential = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"], "issuer": iss,
        "validFrom": "2024-01-01T00:00:00Z",
        "credentialSubject": {"id": h.did}
    });
    let jws = openbadges::jose::issue_jwt(
        &credential,
        &issuer,
        &openbadges::jose::JwtIssueOptions::new(openbadges::jose::JwtForm::VcJose),
    )
    .unwrap();
    let vp = PresentationBuilder::new()
        .holder(h.did.clone())
        .enveloped_jwt(jws)
        .build()
        .unwrap();
    let now = at(CREATED);
    let token = present::sign_presentation_jwt(
        &vp,
        &h.signer,
        "n-1",
        Some("verifier.example.org"),
        now.timestamp(),
    )
    .unwrap();
    // Inner checker for the enveloped vc+jwt: the jose module.
    struct Jose;
    impl openbadges::verify::ProofChecker for Jose {
        fn check(&self, _: &Value, _: &JsonPath, _: &ProofContext<'_>) -> Vec<ProofOutcome> {
            Vec::new()
        }
        fn check_jwt(
            &self,
            jwt: &str,
            path: &JsonPath,
            ctx: &ProofContext<'_>,
        ) -> Option<openbadges::verify::JwtOutcome> {
            let checked = openbadges::jose::verify_jwt(
                jwt,
                &Resolver::offline(),
                &openbadges::jose::JwtVerifyOptions::default().now(ctx.now),
            );
            let proof = if checked.report.is_valid() {
                ProofOutcome::valid(path.clone(), "vc+jwt")
            } else {
                ProofOutcome::invalid(path.clone(), "vc+jwt", checked.report.findings().to_vec())
            };
            let proof = match &checked.method {
                Some(m) => proof
                    .with_controller(m.controller.clone())
                    .with_verification_method(m.id.clone()),
                None => proof,
            };
            Some(openbadges::verify::JwtOutcome::new(
                checked
                    .credential
                    .map(|d| d.value().clone())
                    .unwrap_or(Value::Null),
                proof,
            ))
        }
    }
    let make = |challenge: &str| {
        Verifier::builder()
            .proof_checker(PresentationChecker::new(
                Jose,
                Resolver::offline(),
                RdfcCanonicalizer::new(),
            ))
            .without_schema()
            .policy(
                Policy::builder()
                    .at(now + Duration::seconds(30))
                    .challenge(challenge)
                    .domain("verifier.example.org")
                    .check_status(false)
                    .build()
                    .unwrap(),
            )
            .build()
    };
    let report = make("n-1").verify_jwt(&token).unwrap();
    assert_eq!(report.verdict(), Verdict::Valid, "{:#?}", errors(&report));
    assert_eq!(report.nested().len(), 1);
    let replay = make("n-2").verify_jwt(&token).unwrap();
    assert_eq!(replay.verdict(), Verdict::Invalid);
    assert!(has_code(&replay, codes::CHALLENGE));
}

#[test]
fn legacy_vcdm11_presentation() {
    let h = holder();
    let vc = read_json(
        &interop()
            .join("credentials")
            .join("ob-minimal-Ed25519Signature2020-vc1.json"),
    );
    let vp = PresentationBuilder::new()
        .vcdm11()
        .holder(h.did.clone())
        .credential(vc)
        .build()
        .unwrap();
    assert_eq!(
        vp["@context"],
        json!([present::CONTEXT_V1, present::CONTEXT_DATA_INTEGRITY])
    );
    let signed = sign(&vp, &h.signer, "c1", Cryptosuite::EddsaRdfc2022);
    let r = verifier(
        "c1",
        "verifier.example.org",
        ReplayWindow::default(),
        at(CREATED),
    )
    .verify(&Document::from_value(signed));
    assert_eq!(r.verdict(), Verdict::Valid, "{:#?}", errors(&r));
    assert!(matches!(
        PresentationBuilder::new()
            .vcdm11()
            .enveloped_jwt("a.b.c")
            .build(),
        Err(PresentError::EnvelopedInLegacy { index: 0 })
    ));
}

#[test]
fn builder_selective_disclosure_rules() {
    // A whole-credential proof cannot be disclosed selectively: a clear refusal.
    let err = PresentationBuilder::new()
        .credential_with_disclosure(badge(), ["/credentialSubject/achievement/name"])
        .build()
        .unwrap_err();
    assert!(
        matches!(
            err,
            PresentError::NotSelectivelyDisclosable { index: 0, .. }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("signs the whole credential"));
    let err = PresentationBuilder::new()
        .credential_with_disclosure(badge(), ["/nope"])
        .build()
        .unwrap_err();
    assert!(matches!(err, PresentError::Pointer { .. }));

    // An SD-JWT VC: the chosen disclosures only, enveloped.
    let issuer = SecretKey::from_seed(KeyType::Ed25519, &[34; 32])
        .unwrap()
        .into_did_key_signer();
    let claims = json!({"vct": "v", "name": "Teamwork", "hidden": "SECRET-47"});
    let issued = sd_jwt::issue_sd_jwt(
        &claims,
        &["/name", "/hidden"],
        &issuer,
        &SdJwtIssueOptions::default(),
    )
    .unwrap();
    let vp = PresentationBuilder::new()
        .sd_jwt(issued, ["/name"])
        .build()
        .unwrap();
    let id = vp["verifiableCredential"][0]["id"].as_str().unwrap();
    let text = id.strip_prefix(present::SD_JWT_DATA_URL_PREFIX).unwrap();
    assert_eq!(text.matches('~').count(), 2);
    assert!(!vp.to_string().contains("SECRET"));
}

fn sd_verifier(challenge: &str) -> Verifier {
    let checker = PresentationChecker::new(
        openbadges::verify::DataIntegrityChecker::new(Resolver::offline()),
        Resolver::offline(),
        RdfcCanonicalizer::new(),
    );
    Verifier::builder()
        .proof_checker(checker)
        .without_schema()
        .policy(
            Policy::builder()
                .at(Utc::now())
                .challenge(challenge)
                .domain("verifier.example.org")
                .build()
                .unwrap(),
        )
        .build()
}

/// A credential with an ecdsa-sd-2023 base proof and a selection: the builder derives it,
/// the holder signs the presentation, the verifier accepts it (the derived badge still
/// meets the OB schema: the default mandatory pointers keep what it requires); the
/// unrevealed values are not in the presentation's bytes; the same presentation replayed
/// to a verifier with another challenge fails.
#[test]
fn builder_derives_ecdsa_sd_disclosures() {
    let base = read_json(&support::root().join("fixtures/sd/base-p256-ours.json"));
    let holder = SecretKey::from_seed(KeyType::Ed25519, &[41; 32])
        .unwrap()
        .into_did_key_signer();
    let vp = PresentationBuilder::new()
        .holder(holder.key_id().split('#').next().unwrap())
        .credential_with_disclosure(base.clone(), ["/credentialSubject/term"])
        .build()
        .unwrap();
    let shown = &vp["verifiableCredential"][0];
    assert_eq!(shown["credentialSubject"]["term"], "Fall 2023");
    assert!(
        shown["proof"]["proofValue"]
            .as_str()
            .unwrap()
            .starts_with("u2V0B")
    );
    let signed = present::sign_presentation_with(
        &vp,
        &holder,
        &RdfcCanonicalizer::new(),
        &PresentationProofOptions::new(Cryptosuite::EddsaRdfc2022, "challenge-1")
            .domain("verifier.example.org"),
    )
    .unwrap();
    let bytes = serde_json::to_string(&signed).unwrap();
    for hidden in [
        "Student",
        "NaCl",
        "identityHash",
        "activityStartDate",
        "creditsEarned",
        // The base proof's HMAC key and full signature list never leave the holder.
        base["proof"]["proofValue"].as_str().unwrap(),
    ] {
        assert!(!bytes.contains(hidden), "{hidden} leaked");
    }
    let report = sd_verifier("challenge-1").verify(&Document::from_value(signed.clone()));
    assert_eq!(report.verdict(), Verdict::Valid, "{:#?}", errors(&report));

    let replayed = sd_verifier("challenge-2").verify(&Document::from_value(signed));
    assert_ne!(replayed.verdict(), Verdict::Valid);
    assert!(
        has_code(&replayed, codes::CHALLENGE),
        "{:#?}",
        errors(&replayed)
    );

    // A derived credential cannot be derived again; a bad pointer names itself.
    let err = PresentationBuilder::new()
        .credential_with_disclosure(shown.clone(), Vec::<String>::new())
        .build()
        .unwrap_err();
    assert!(
        matches!(
            err,
            PresentError::NotSelectivelyDisclosable { index: 0, .. }
        ),
        "{err}"
    );
    let err = PresentationBuilder::new()
        .credential_with_disclosure(base, ["/credentialSubject/nope"])
        .build()
        .unwrap_err();
    assert!(
        matches!(err, PresentError::Pointer { index: 0, .. }),
        "{err}"
    );
}

/// The peer-verified presentation of a derived ecdsa-sd-2023 badge (fixtures/sd) verifies
/// with ours for its challenge and domain, and fails for another challenge.
#[test]
fn peer_verified_sd_presentation() {
    let vp = read_json(&support::root().join("fixtures/sd/vp-derived-term-ours.json"));
    let verifier = |challenge: &str| {
        let checker = PresentationChecker::new(
            openbadges::verify::DataIntegrityChecker::new(Resolver::offline()),
            Resolver::offline(),
            RdfcCanonicalizer::new(),
        )
        .with_window(ReplayWindow::default().max_age(None));
        Verifier::builder()
            .proof_checker(checker)
            .without_schema()
            .policy(
                Policy::builder()
                    .at(Utc::now())
                    .challenge(challenge)
                    .domain("verifier.example.org")
                    .build()
                    .unwrap(),
            )
            .build()
    };
    let report = verifier("ch-42").verify(&Document::from_value(vp.clone()));
    assert_eq!(report.verdict(), Verdict::Valid, "{:#?}", errors(&report));
    let report = verifier("other").verify(&Document::from_value(vp));
    assert!(
        has_code(&report, codes::CHALLENGE),
        "{:#?}",
        errors(&report)
    );
}

fn clr() -> Value {
    read_json(
        &interop()
            .join("credentials")
            .join("clr-two-nested-eddsa-rdfc-2022.json"),
    )
}

/// The peer corpus's two-member CLR with a third signed member appended (the CLR's own
/// proof no longer holds, which does not matter: only members are presented).
fn clr_with_three_members() -> Value {
    let mut clr = clr();
    let third = read_json(
        &interop()
            .join("credentials")
            .join("ob-minimal-ecdsa-rdfc-2019.json"),
    );
    clr["credentialSubject"]["verifiableCredential"]
        .as_array_mut()
        .unwrap()
        .push(third);
    clr
}

/// Two of a CLR's three members, chosen by `id` and by position, go into a presentation
/// as separate credentials with their own proofs; the holder signs it; the verifier
/// accepts it with one report per member; the third member and the CLR's own data are
/// not in its bytes.
#[test]
fn clr_members_presentation_verifies_and_hides_the_rest() {
    let clr = clr_with_three_members();
    let members = clr["credentialSubject"]["verifiableCredential"].clone();
    let first_id = members[0]["id"].as_str().unwrap().to_owned();
    let h = holder();
    let vp = PresentationBuilder::new()
        .holder(h.did.clone())
        .clr_members(
            clr.clone(),
            [
                ClrMember::id(first_id.clone()),
                ClrMember::index(2),
                // Chosen twice: presented once.
                ClrMember::index(0),
            ],
        )
        .build()
        .unwrap();
    let shown = vp["verifiableCredential"].as_array().unwrap();
    assert_eq!(shown.len(), 2);
    assert_eq!(shown[0], members[0], "kept exactly, proof included");
    assert_eq!(shown[1], members[2]);
    let signed = sign(&vp, &h.signer, "challenge-1", Cryptosuite::EddsaRdfc2022);
    let report = verifier(
        "challenge-1",
        "verifier.example.org",
        ReplayWindow::default(),
        at("2024-06-01T12:01:00Z"),
    )
    .verify(&Document::from_value(signed.clone()));
    assert_eq!(report.verdict(), Verdict::Valid, "{:#?}", errors(&report));
    assert_eq!(report.nested().len(), 2, "one report per member");
    let bytes = serde_json::to_string(&signed).unwrap();
    for hidden in [
        members[1]["id"].as_str().unwrap(),
        "Data Science Certificate",
        "learner-0002",
        members[1]["proof"]["proofValue"].as_str().unwrap(),
        clr["id"].as_str().unwrap(),
        clr["proof"]["proofValue"].as_str().unwrap(),
        "ClrCredential",
    ] {
        assert!(!bytes.contains(hidden), "{hidden} leaked");
    }
    assert!(bytes.contains(&first_id));
}

/// Every refusal names the credential, the JSON path and the reason.
#[test]
fn clr_members_refusals() {
    let build = |clr: Value, chosen: Vec<ClrMember>| {
        PresentationBuilder::new()
            .credential(badge())
            .clr_members(clr, chosen)
            .build()
            .unwrap_err()
    };
    // Not a CLR.
    let err = build(badge(), vec![ClrMember::index(0)]);
    assert!(
        matches!(&err, PresentError::NotClr { index: 1, path, .. } if path.to_string() == "$.type"),
        "{err}"
    );
    assert!(err.to_string().contains("ClrCredential"), "{err}");
    let err = build(json!("text"), vec![ClrMember::index(0)]);
    assert!(matches!(&err, PresentError::NotClr { .. }), "{err}");
    // A CLR without a members array.
    let mut no_members = clr();
    no_members["credentialSubject"]
        .as_object_mut()
        .unwrap()
        .remove("verifiableCredential");
    let err = build(no_members, vec![ClrMember::index(0)]);
    assert!(
        matches!(&err, PresentError::NotClr { path, .. }
            if path.to_string() == "$.credentialSubject.verifiableCredential"),
        "{err}"
    );
    let mut subjects = clr();
    subjects["credentialSubject"] = json!([]);
    let err = build(subjects, vec![ClrMember::index(0)]);
    assert!(
        matches!(&err, PresentError::NotClr { path, .. } if path.to_string() == "$.credentialSubject"),
        "{err}"
    );
    // Nothing chosen.
    let err = build(clr(), vec![]);
    assert!(
        matches!(err, PresentError::ClrNoMemberChosen { index: 1 }),
        "{err}"
    );
    // Unknown id, position out of range.
    let err = build(
        clr(),
        vec![ClrMember::index(0), ClrMember::id("urn:uuid:nope")],
    );
    assert!(
        matches!(&err, PresentError::ClrMemberNotFound { index: 1, member, count: 2, .. }
            if *member == ClrMember::id("urn:uuid:nope")),
        "{err}"
    );
    assert!(err.to_string().contains("urn:uuid:nope"), "{err}");
    let err = build(clr(), vec![ClrMember::index(2)]);
    assert!(
        matches!(
            &err,
            PresentError::ClrMemberNotFound {
                member: ClrMember::Index(2),
                ..
            }
        ),
        "{err}"
    );
    // A member without a proof would not verify alone.
    let mut unsigned = clr();
    unsigned["credentialSubject"]["verifiableCredential"][1]
        .as_object_mut()
        .unwrap()
        .remove("proof");
    let err = build(unsigned.clone(), vec![ClrMember::index(1)]);
    assert!(
        matches!(&err, PresentError::ClrMemberUnusable { index: 1, path, .. }
            if path.to_string() == "$.credentialSubject.verifiableCredential[1]"),
        "{err}"
    );
    assert!(err.to_string().contains("no proof"), "{err}");
    // The signed member of the same CLR is still fine.
    let vp = PresentationBuilder::new()
        .clr_members(unsigned, [0usize])
        .build()
        .unwrap();
    assert_eq!(vp["verifiableCredential"].as_array().unwrap().len(), 1);
    // A member that is not an object.
    let mut odd = clr();
    odd["credentialSubject"]["verifiableCredential"][0] = json!("urn:uuid:x");
    let err = build(odd, vec![ClrMember::index(0)]);
    assert!(
        matches!(&err, PresentError::ClrMemberUnusable { .. }),
        "{err}"
    );
    // Selective disclosure of the whole CLR: its eddsa-rdfc-2022 proof signs all of it.
    let err = PresentationBuilder::new()
        .credential_with_disclosure(clr(), ["/credentialSubject/id"])
        .build()
        .unwrap_err();
    assert!(
        matches!(
            err,
            PresentError::NotSelectivelyDisclosable { index: 0, .. }
        ),
        "{err}"
    );
}

/// A member with an ecdsa-sd-2023 base proof is never shown as is: it is derived to its
/// issuer's mandatory claims.
#[test]
fn clr_member_with_sd_base_proof_is_derived() {
    let base = read_json(&support::root().join("fixtures/sd/base-p256-ours.json"));
    let mut clr = clr();
    clr["credentialSubject"]["verifiableCredential"]
        .as_array_mut()
        .unwrap()
        .push(base.clone());
    let vp = PresentationBuilder::new()
        .clr_members(clr, [base["id"].as_str().unwrap()])
        .build()
        .unwrap();
    let shown = &vp["verifiableCredential"][0];
    let value = shown["proof"]["proofValue"].as_str().unwrap();
    assert!(value.starts_with("u2V0B"), "a derived proof: {value}");
    let bytes = vp.to_string();
    assert!(!bytes.contains(base["proof"]["proofValue"].as_str().unwrap()));
    assert!(!bytes.contains("creditsEarned"));
    let report = sd_verifier("c").verify(&Document::from_value(shown.clone()));
    assert_eq!(report.verdict(), Verdict::Valid, "{:#?}", errors(&report));
}

/// `holder_from` takes the signer's controller: by default the key id without its fragment,
/// or what a signer overrides it with, also through `&`, `Box` and `Arc`.
#[test]
fn holder_from_takes_the_signers_controller() {
    use openbadges::crypto::{Algorithm, SignError, Signer};

    struct HttpsKey;
    impl Signer for HttpsKey {
        fn algorithm(&self) -> Algorithm {
            Algorithm::EdDsa
        }
        fn key_id(&self) -> &str {
            "https://example.edu/keys/1"
        }
        fn controller(&self) -> &str {
            "https://example.edu/issuer"
        }
        fn sign(&self, _: &[u8]) -> Result<Vec<u8>, SignError> {
            Err(SignError::backend("not used"))
        }
    }

    let h = holder();
    let vp = PresentationBuilder::new()
        .holder_from(&h.signer)
        .build()
        .unwrap();
    assert_eq!(vp["holder"], h.did);
    assert_eq!(h.signer.controller(), h.did);

    let boxed: Box<dyn Signer> = Box::new(HttpsKey);
    let shared = std::sync::Arc::new(HttpsKey);
    for holder in [
        PresentationBuilder::new().holder_from(&HttpsKey),
        PresentationBuilder::new().holder_from(&boxed),
        PresentationBuilder::new().holder_from(&shared),
    ] {
        assert_eq!(
            holder.build().unwrap()["holder"],
            "https://example.edu/issuer"
        );
    }
}
