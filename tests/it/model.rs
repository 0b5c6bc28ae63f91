//! Integration tests: the typed model over every OB/CLR fixture, builders, negative cases.

use std::path::{Path, PathBuf};

use openbadges::Document;
use openbadges::JsonPath;
use openbadges::model::{
    self, Achievement, AchievementCredential, AchievementSubject, AchievementType, Alignment,
    AlignmentTargetType, Association, AssociationType, ClrCredential, ClrSubject, Credential,
    CredentialClass, CredentialSchema, CredentialStatus, Criteria, EndorsementCredential,
    EndorsementSubject, GetClrCredentialsResponse, GetOpenBadgeCredentialsResponse,
    IdentifierTypeEnum, IdentityObject, ImsxCodeMajor, ImsxStatusInfo, ModelError, Profile,
    RefreshService, ResultDescription, ResultType, VerifiablePresentation,
};
use openbadges::values::{DateTime, DateTimeZ, Iri, LangString, OneOrMany};
use proptest::prelude::*;
use serde_json::{Value, json};

use crate::support::data;

/// Every credential-like fixture: OB/CLR examples, test vectors, bench files.
fn fixtures() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in [
        "spec/ob3/examples",
        "spec/ob3/test-vectors",
        "spec/clr2/examples",
        "spec/clr2/test-vectors",
        "bench",
    ] {
        collect(&data().join(dir), &mut files);
    }
    files.retain(|f| {
        let name = f.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        !name.ends_with(".vector.json")
            && !matches!(name, "keys.json" | "manifest.json" | "urls.json")
            && !f.components().any(|c| c.as_os_str() == "contexts")
    });
    files.sort();
    files
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

fn relative(path: &Path) -> String {
    path.strip_prefix(data())
        .unwrap_or(path)
        .display()
        .to_string()
}

/// Fixtures the typed model refuses, with the path and the reason it must give.
const REJECTED: &[(&str, &str, &str)] = &[
    (
        "spec/clr2/examples/validator/complex.json",
        "$.credentialSubject.verifiableCredential[0].credentialSubject.achievement.endorsement[0]",
        "missing field `name`", // EndorsementCredential.name is required (OB 3.0 schema)
    ),
    (
        "spec/ob3/examples/validator/bit-string-list/testlist.json",
        "$.type",
        "names no OB/CLR credential class", // a BitstringStatusListCredential
    ),
    (
        "spec/ob3/examples/validator/complete_v1.json",
        "$.credentialSubject.identifier[0].identityType",
        "unknown IdentifierTypeEnum \"email\"", // the term is `emailAddress`
    ),
    (
        "spec/ob3/examples/validator/simple-err-context.json",
        "$.credentialSubject",
        "missing field `achievement`",
    ),
    (
        "spec/ob3/examples/validator/simple-err-credential-subject-achievement-result-description-type.json",
        "$.credentialSubject.achievement.resultDescription[2].type",
        "must contain \"ResultDescription\"",
    ),
    (
        "spec/ob3/examples/validator/simple-err-credential-subject-identifier-type.json",
        "$.credentialSubject.identifier[0].type",
        "must contain \"IdentityObject\"",
    ),
    (
        "spec/ob3/examples/validator/simple-err-credential-subject-profile-type.json",
        "$.credentialSubject.source.type",
        "must contain \"Profile\"",
    ),
    (
        "spec/ob3/examples/validator/simple-err-credential-subject-result-type.json",
        "$.credentialSubject.result[1].type",
        "must contain \"Result\"",
    ),
    (
        "spec/ob3/examples/validator/simple-err-credential-subject-type.json",
        "$.credentialSubject.type",
        "must contain \"AchievementSubject\"",
    ),
    (
        "spec/ob3/examples/validator/simple-err-evidence-type.json",
        "$.evidence[1].type",
        "must contain \"Evidence\"",
    ),
    (
        "spec/ob3/examples/validator/simple-err-issued.json",
        "$.credentialSubject",
        "missing field `achievement`",
    ),
    (
        "spec/ob3/examples/validator/simple-err-issuer-otheridentifier-type.json",
        "$.issuer.otherIdentifier[1].type",
        "must contain \"IdentifierEntry\"",
    ),
    (
        "spec/ob3/examples/validator/simple-err-issuer-parentorg-type.json",
        "$.issuer.parentOrg.type",
        "must contain \"Profile\"",
    ),
    (
        "spec/ob3/examples/validator/simple-err-issuer-type.json",
        "$.issuer.type",
        "must contain \"Profile\"",
    ),
    (
        "spec/ob3/examples/validator/simple-err-issuer.json",
        "$.credentialSubject",
        "missing field `achievement`",
    ),
    (
        "spec/ob3/examples/validator/simple-err-proof-method-no-scheme.json",
        "$.proof[0].verificationMethod",
        "is not absolute: it has no scheme",
    ),
    (
        "spec/ob3/examples/validator/simple-err-type.json",
        "$.type",
        "names no OB/CLR credential class",
    ),
    (
        "spec/ob3/examples/validator/simple-noproof.json",
        "$.credentialSubject",
        "missing field `achievement`",
    ),
];

fn load(relative: &str) -> Document {
    let path = data().join(relative);
    Document::from_slice(&std::fs::read(&path).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn every_accepted_fixture_round_trips_structurally() {
    let mut accepted = 0;
    for file in fixtures() {
        let name = relative(&file);
        if REJECTED.iter().any(|(f, _, _)| *f == name) {
            continue;
        }
        let doc = load(&name);
        let credential = model::parse_credential(&doc).unwrap_or_else(|e| panic!("{name}: {e}"));
        let back = credential.to_value().unwrap();
        assert_eq!(&back, doc.value(), "{name}: typed round trip differs");
        // Through a Document too (what a caller would sign or store).
        let again = match &credential {
            Credential::Achievement(c) => model::to_document(c).unwrap(),
            Credential::Endorsement(c) => model::to_document(c).unwrap(),
            Credential::Clr(c) => model::to_document(c).unwrap(),
            other => panic!("{name}: unexpected kind {:?}", other.kind()),
        };
        assert_eq!(again.value(), doc.value(), "{name}");
        accepted += 1;
    }
    assert!(accepted >= 40, "only {accepted} fixtures accepted");
}

#[test]
fn rejected_fixtures_fail_for_the_stated_reason() {
    let names: Vec<String> = fixtures().iter().map(|f| relative(f)).collect();
    for (file, path, reason) in REJECTED {
        assert!(names.iter().any(|n| n == file), "{file} is not a fixture");
        let err = model::parse_credential(&load(file)).unwrap_err();
        let (found_path, message) = match &err {
            ModelError::Invalid { path, reason } => (path.to_string(), reason.clone()),
            ModelError::UnknownCredentialType { path, .. } => (path.to_string(), err.to_string()),
            other => panic!("{file}: unexpected {other:?}"),
        };
        assert_eq!(found_path, *path, "{file}: {err}");
        assert!(message.contains(reason), "{file}: {err}");
    }
}

#[test]
fn kinds_are_detected() {
    for (file, kind) in [
        (
            "spec/ob3/examples/validator/simple.json",
            CredentialClass::Achievement,
        ),
        (
            "spec/ob3/examples/spec/endorsementcredential.json",
            CredentialClass::Endorsement,
        ),
        (
            "spec/clr2/examples/validator/simple.json",
            CredentialClass::Clr,
        ),
        ("bench/clr-10.eddsa-rdfc-2022.json", CredentialClass::Clr),
    ] {
        let doc = load(file);
        assert_eq!(CredentialClass::detect(doc.value()), Some(kind), "{file}");
        assert_eq!(
            model::parse_credential(&doc).unwrap().kind(),
            kind,
            "{file}"
        );
    }
    assert_eq!(
        CredentialClass::detect(&json!({"type": "OpenBadgeCredential"})),
        Some(CredentialClass::Achievement)
    );
    assert_eq!(CredentialClass::detect(&json!({"type": 3})), None);
    assert_eq!(CredentialClass::detect(&json!([])), None);
}

#[test]
fn typed_views_of_fixtures() {
    let doc = load("spec/clr2/examples/validator/simple.json");
    let clr: ClrCredential = model::parse(&doc).unwrap();
    assert!(clr.type_.contains("ClrCredential"));
    let inner = clr
        .credential_subject
        .verifiable_credential
        .first()
        .unwrap();
    assert!(inner.proof.is_some());

    let doc = load("spec/ob3/examples/validator/simple_v1.json");
    let legacy: AchievementCredential = model::parse(&doc).unwrap();
    assert!(legacy.valid_from.is_none());
    assert!(legacy.issuance_date.is_some());
    assert!(
        legacy
            .context
            .iter()
            .any(|c| c.as_url() == Some(openbadges::contexts::VC_V1)),
        "{:?}",
        legacy.context
    );

    let doc = load("spec/ob3/examples/spec/complete-openbadgecredential.2025-04.json");
    let complete: AchievementCredential = model::parse(&doc).unwrap();
    let achievement = &complete.credential_subject.achievement;
    assert!(achievement.alignment.is_some());
    assert!(achievement.result_description.is_some());
}

fn sample_subject() -> AchievementSubject {
    let achievement = Achievement::new(
        Iri::parse("https://example.edu/achievements/1").unwrap(),
        "Badge",
        "A badge.",
        Criteria::new().narrative("Do the thing."),
    )
    .achievement_type(AchievementType::Badge)
    .alignment(vec![
        Alignment::new("Skill", Iri::parse("https://example.org/skills/1").unwrap())
            .target_type(AlignmentTargetType::CfItem),
    ])
    .result_description(vec![ResultDescription::new(
        Iri::parse("urn:uuid:rd-1").unwrap(),
        "Grade",
        ResultType::LetterGrade,
    )]);
    AchievementSubject::new(achievement)
        .id(Iri::parse("did:example:learner").unwrap())
        .identifier(vec![IdentityObject::new(
            true,
            "sha256$abc",
            IdentifierTypeEnum::EmailAddress,
        )])
}

fn sample_issuer() -> Profile {
    Profile::new(Iri::parse("https://example.edu/issuers/1").unwrap()).name("Example U")
}

fn stamp() -> DateTimeZ {
    "2024-01-15T09:00:00Z".parse().unwrap()
}

/// Checks what every built credential must have.
fn assert_structure(value: &Value, contexts: &[&str], types: &[&str]) {
    let context: Vec<&str> = value["@context"]
        .as_array()
        .expect("@context is an array")
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert_eq!(context, contexts);
    let found: Vec<&str> = value["type"]
        .as_array()
        .expect("type is an array")
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert_eq!(found, types);
    for member in ["id", "issuer", "validFrom", "credentialSubject"] {
        assert!(value.get(member).is_some(), "{member} missing");
    }
    assert!(Iri::parse(value["id"].as_str().unwrap()).is_ok());
}

#[test]
fn builder_writes_required_members_in_order() {
    use openbadges::contexts::{CLR_V2P0_2_0_1, OB_V3P0_3_0_3, OB_V3P0_EXTENSIONS, VC_V2};

    let doc = AchievementCredential::new(
        Iri::parse("urn:uuid:1").unwrap(),
        sample_issuer(),
        sample_subject(),
        stamp(),
    )
    .name("Badge")
    .build()
    .unwrap();
    let value = doc.value();
    assert_structure(
        value,
        &[VC_V2, OB_V3P0_3_0_3],
        &["VerifiableCredential", "OpenBadgeCredential"],
    );
    assert_eq!(
        value["credentialSubject"]["type"],
        json!(["AchievementSubject"])
    );
    assert_eq!(
        value["credentialSubject"]["achievement"]["type"],
        json!(["Achievement"])
    );
    assert_eq!(
        value["credentialSubject"]["identifier"][0]["type"],
        json!("IdentityObject")
    );
    assert_eq!(value["issuer"]["type"], json!(["Profile"]));
    // The output parses back to the same typed value.
    let parsed: AchievementCredential = model::parse(&doc).unwrap();
    assert_eq!(model::to_value(&parsed).unwrap(), *value);

    // Extension types pull in the extensions context, after OB; a caller's context stays last.
    let mut credential = AchievementCredential::new(
        Iri::parse("urn:uuid:2").unwrap(),
        Iri::parse("did:example:issuer").unwrap(),
        sample_subject(),
        stamp(),
    )
    .credential_status(vec![CredentialStatus::new("1EdTechRevocationList")
        .id(Iri::parse("https://example.edu/status/1").unwrap())])
    .credential_schema(vec![CredentialSchema::new(
        Iri::parse("https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json").unwrap(),
        "1EdTechJsonSchemaValidator2019",
    )])
    .refresh_service(vec![RefreshService::new(
        Iri::parse("https://example.edu/refresh").unwrap(),
        "1EdTechCredentialRefresh",
    )]);
    credential.context = OneOrMany::Many(vec![
        "https://example.org/my-context.json".into(),
        VC_V2.into(),
    ]);
    credential.type_ = OneOrMany::One("AchievementCredential".into());
    let value = credential.build().unwrap().value().clone();
    assert_structure(
        &value,
        &[
            VC_V2,
            OB_V3P0_3_0_3,
            OB_V3P0_EXTENSIONS,
            "https://example.org/my-context.json",
        ],
        &["VerifiableCredential", "AchievementCredential"],
    );

    // A CLR lists the CLR context between VC and OB, and its nested credential keeps its own.
    let inner = AchievementCredential::new(
        Iri::parse("urn:uuid:3").unwrap(),
        sample_issuer(),
        sample_subject(),
        stamp(),
    )
    .finish()
    .unwrap();
    let subject = ClrSubject::new(vec![inner]).association(vec![Association::new(
        AssociationType::IsPartOf,
        Iri::parse("urn:uuid:a").unwrap(),
        Iri::parse("urn:uuid:b").unwrap(),
    )]);
    let clr = ClrCredential::new(
        Iri::parse("urn:uuid:4").unwrap(),
        "Transcript",
        sample_issuer(),
        subject,
        stamp(),
    )
    .partial(false)
    .build()
    .unwrap();
    let value = clr.value();
    assert_structure(
        value,
        &[VC_V2, CLR_V2P0_2_0_1, OB_V3P0_3_0_3],
        &["VerifiableCredential", "ClrCredential"],
    );
    assert_eq!(value["name"], "Transcript");
    assert_eq!(
        value["credentialSubject"]["verifiableCredential"][0]["@context"],
        json!([VC_V2, OB_V3P0_3_0_3])
    );
    assert_eq!(
        value["credentialSubject"]["association"][0]["associationType"],
        "isPartOf"
    );
    assert!(matches!(
        model::parse_credential(&clr).unwrap(),
        Credential::Clr(_)
    ));

    let endorsement = EndorsementCredential::new(
        Iri::parse("urn:uuid:5").unwrap(),
        "Endorsement",
        sample_issuer(),
        EndorsementSubject::new(Iri::parse("https://example.edu/issuers/1").unwrap())
            .endorsement_comment("Great issuer"),
        stamp(),
    )
    .build()
    .unwrap();
    assert_structure(
        endorsement.value(),
        &[VC_V2, OB_V3P0_3_0_3],
        &["VerifiableCredential", "EndorsementCredential"],
    );
}

fn minimal() -> Value {
    json!({
        "@context": ["https://www.w3.org/ns/credentials/v2",
                     "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "id": "urn:uuid:1",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": "https://example.edu/issuers/1", "type": ["Profile"]},
        "validFrom": "2024-01-15T09:00:00Z",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "https://example.edu/a/1", "type": ["Achievement"], "name": "A",
                "description": "B", "criteria": {"narrative": "C"}
            }
        }
    })
}

fn invalid(value: Value) -> (String, String) {
    match model::parse_value::<AchievementCredential>(&value).unwrap_err() {
        ModelError::Invalid { path, reason } => (path.to_string(), reason),
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn minimal_credential_is_accepted() {
    let credential: AchievementCredential = model::parse_value(&minimal()).unwrap();
    assert_eq!(model::to_value(&credential).unwrap(), minimal());
}

#[test]
fn unknown_vocabulary_terms_are_refused() {
    let mut v = minimal();
    v["credentialSubject"]["achievement"]["achievementType"] = json!("Trophy");
    let (path, reason) = invalid(v.clone());
    assert_eq!(path, "$.credentialSubject.achievement.achievementType");
    assert!(
        reason.contains("unknown AchievementType \"Trophy\""),
        "{reason}"
    );
    assert!(reason.contains("Badge"), "{reason}");

    v["credentialSubject"]["achievement"]["achievementType"] = json!("ext:Trophy");
    let c: AchievementCredential = model::parse_value(&v).unwrap();
    assert_eq!(
        c.credential_subject.achievement.achievement_type,
        Some(AchievementType::Ext("ext:Trophy".into()))
    );
    assert_eq!(model::to_value(&c).unwrap(), v);

    // `ext:` must be a prefix, and closed sets refuse it.
    v["credentialSubject"]["achievement"]["achievementType"] = json!("myext:Trophy");
    assert!(invalid(v.clone()).1.contains("unknown AchievementType"));
    let mut v = minimal();
    v["credentialSubject"]["result"] = json!([{"type": ["Result"], "status": "ext:Paused"}]);
    let (path, reason) = invalid(v);
    assert_eq!(path, "$.credentialSubject.result[0].status");
    assert!(
        reason.contains("unknown ResultStatusType \"ext:Paused\""),
        "{reason}"
    );
    assert!(!reason.contains("ext:` extension"), "{reason}");
}

#[test]
fn missing_required_members_are_named() {
    for (member, container, path) in [
        ("issuer", None, "$"),
        ("credentialSubject", None, "$"),
        ("id", None, "$"),
        ("type", None, "$"),
        (
            "achievement",
            Some("credentialSubject"),
            "$.credentialSubject",
        ),
    ] {
        let mut v = minimal();
        let object = match container {
            Some(c) => v[c].as_object_mut().unwrap(),
            None => v.as_object_mut().unwrap(),
        };
        object.remove(member);
        let (found, reason) = invalid(v);
        assert_eq!(found, path, "{member}");
        assert_eq!(reason, format!("missing field `{member}`"));
    }
    let mut v = minimal();
    v["credentialSubject"]["achievement"]
        .as_object_mut()
        .unwrap()
        .remove("criteria");
    assert_eq!(
        invalid(v),
        (
            "$.credentialSubject.achievement".into(),
            "missing field `criteria`".into()
        )
    );
}

#[test]
fn wrong_json_types_are_named() {
    let cases = [
        (
            "/credentialSubject",
            json!("did:example:1"),
            "$.credentialSubject",
            "invalid type",
        ),
        (
            "/issuer",
            json!(42),
            "$.issuer",
            "a profile IRI or a Profile object",
        ),
        ("/issuer", json!("not an iri"), "$.issuer", "has no scheme"),
        (
            "/validFrom",
            json!("2024-01-15T09:00:00"),
            "$.validFrom",
            "has no time zone",
        ),
        (
            "/validFrom",
            json!("15/01/2024"),
            "$.validFrom",
            "is not an RFC 3339 date-time",
        ),
        (
            "/credentialSubject/achievement/name",
            json!(7),
            "$.credentialSubject.achievement.name",
            "a string, a language map",
        ),
        (
            "/credentialSubject/achievement/creditsAvailable",
            json!("3"),
            "$.credentialSubject.achievement.creditsAvailable",
            "invalid type",
        ),
        (
            "/credentialSubject/identifier",
            json!([{"type": "IdentityObject", "hashed": "yes", "identityHash": "x", "identityType": "name"}]),
            "$.credentialSubject.identifier[0].hashed",
            "invalid type",
        ),
        (
            "/proof",
            json!([{"type": "DataIntegrityProof"}, {"cryptosuite": "eddsa-rdfc-2022"}]),
            "$.proof[1]",
            "missing field `type`",
        ),
        (
            "/type",
            json!(["VerifiableCredential", 3]),
            "$.type[1]",
            "invalid type",
        ),
    ];
    for (pointer, replacement, path, reason) in cases {
        let mut v = minimal();
        match v.pointer_mut(pointer) {
            Some(slot) => *slot = replacement,
            None => {
                let (parent, key) = pointer.rsplit_once('/').unwrap();
                v.pointer_mut(if parent.is_empty() { "" } else { parent })
                    .unwrap()
                    .as_object_mut()
                    .unwrap()
                    .insert(key.to_string(), replacement);
            }
        }
        let (found, message) = invalid(v);
        assert_eq!(found, path, "{pointer}: {message}");
        assert!(message.contains(reason), "{pointer}: {message}");
    }
}

#[test]
fn unknown_members_survive() {
    let mut v = minimal();
    v["jti"] = json!("urn:uuid:jti");
    v["credentialSubject"]["achievement"]["x-custom"] = json!({"deep": [1, 2.50, null]});
    v["issuer"]["extra"] = json!(true);
    let c: AchievementCredential = model::parse_value(&v).unwrap();
    assert_eq!(c.extensions["jti"], "urn:uuid:jti");
    assert_eq!(model::to_value(&c).unwrap(), v);
}

#[test]
fn language_maps_are_kept() {
    let mut v = minimal();
    v["credentialSubject"]["achievement"]["name"] = json!({"en": "Badge", "fr": "Insigne"});
    v["credentialSubject"]["achievement"]["description"] =
        json!({"@value": "B", "@language": "en"});
    let c: AchievementCredential = model::parse_value(&v).unwrap();
    let a = &c.credential_subject.achievement;
    assert_eq!(a.name.get("fr"), Some("Insigne"));
    assert_eq!(a.description.get("EN"), Some("B"));
    assert_eq!(model::to_value(&c).unwrap(), v);
    let mut bad = minimal();
    bad["credentialSubject"]["achievement"]["name"] = json!({"en": 1});
    assert!(invalid(bad).1.contains("not allowed in a language map"));
    assert_eq!(LangString::from("x"), "x");
}

#[test]
fn legacy_vcdm_1_1_dates() {
    let mut v = minimal();
    v["@context"] = json!([
        "https://www.w3.org/2018/credentials/v1",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
    ]);
    v.as_object_mut().unwrap().remove("validFrom");
    v["issuanceDate"] = json!("2010-01-01T00:00:00");
    v["expirationDate"] = json!("2030-01-01T00:00:00Z");
    let c: AchievementCredential = model::parse_value(&v).unwrap();
    assert_eq!(
        c.issuance_date.as_ref().map(DateTime::as_str),
        Some("2010-01-01T00:00:00")
    );
    assert!(c.expiration_date.as_ref().unwrap().to_utc().is_some());
    assert_eq!(model::to_value(&c).unwrap(), v);
}

#[test]
fn presentation_types_its_credentials_with_paths() {
    let mut broken = minimal();
    broken["credentialSubject"]["achievement"]["achievementType"] = json!("Nope");
    let vp = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": "VerifiablePresentation",
        "holder": "did:example:holder",
        "verifiableCredential": [minimal(), broken, {"type": ["VerifiableCredential"]}]
    });
    let presentation: VerifiablePresentation = model::parse_value(&vp).unwrap();
    assert_eq!(model::to_value(&presentation).unwrap(), vp);
    let results = presentation.credentials();
    assert!(matches!(results[0], Ok(Credential::Achievement(_))));
    match &results[1] {
        Err(ModelError::Invalid { path, .. }) => assert_eq!(
            path.to_string(),
            "$.verifiableCredential[1].credentialSubject.achievement.achievementType"
        ),
        other => panic!("{other:?}"),
    }
    match &results[2] {
        Err(ModelError::UnknownCredentialType { path, found }) => {
            assert_eq!(path.to_string(), "$.verifiableCredential[2].type");
            assert_eq!(found, &["VerifiableCredential"]);
        }
        other => panic!("{other:?}"),
    }
    let not_vp = json!({"type": "VerifiableCredential"});
    assert!(model::parse_value::<VerifiablePresentation>(&not_vp).is_err());
}

#[test]
fn api_payloads() {
    let body = json!({"credential": [minimal()], "compactJwsString": ["a.b.c"]});
    let response: GetOpenBadgeCredentialsResponse = model::parse_value(&body).unwrap();
    assert_eq!(response.credential.as_ref().map(OneOrMany::len), Some(1));
    assert_eq!(model::to_value(&response).unwrap(), body);

    let clr = load("spec/clr2/examples/validator/simple.json");
    let body = json!({"credential": clr.value()});
    let response: GetClrCredentialsResponse = model::parse_value(&body).unwrap();
    assert!(!response.credential.unwrap().is_array());

    let status = json!({
        "imsx_codeMajor": "failure", "imsx_severity": "error", "imsx_description": "no",
        "imsx_codeMinor": {"imsx_codeMinorField": [{"imsx_codeMinorFieldName": "sourcedId", "imsx_codeMinorFieldValue": "invalid_data"}]}
    });
    let info: ImsxStatusInfo = model::parse_value(&status).unwrap();
    assert_eq!(info.imsx_code_major, ImsxCodeMajor::Failure);
    assert_eq!(model::to_value(&info).unwrap(), status);
    let err = model::parse_value::<ImsxStatusInfo>(
        &json!({"imsx_codeMajor": "meh", "imsx_severity": "error"}),
    )
    .unwrap_err();
    assert_eq!(
        err,
        ModelError::Invalid {
            path: JsonPath::root().key("imsx_codeMajor"),
            reason: "unknown ImsxCodeMajor \"meh\": expected one of failure, processing, success, unsupported".into()
        }
    );
}

proptest! {
    #[test]
    fn one_or_many_keeps_its_shape(items in proptest::collection::vec("[a-zA-Z:]{0,12}", 0..5), bare in any::<bool>()) {
        let value = if bare && !items.is_empty() { json!(items[0]) } else { json!(items) };
        let parsed: OneOrMany<String> = serde_json::from_value(value.clone()).unwrap();
        prop_assert_eq!(parsed.is_array(), value.is_array());
        prop_assert_eq!(serde_json::to_value(&parsed).unwrap(), value);
        if let Some(first) = items.first() {
            prop_assert!(parsed.contains(first));
            prop_assert_eq!(parsed.first(), Some(first));
        }
    }

    #[test]
    fn date_time_spelling_round_trips(
        y in 0u32..10000, mo in 1u32..=12, d in 1u32..=28, h in 0u32..24, mi in 0u32..60, s in 0u32..60,
        frac in proptest::option::of("[0-9]{1,12}"),
        zone in proptest::option::of(prop_oneof![Just("Z".to_string()), (any::<bool>(), 0u32..14, 0u32..60).prop_map(|(neg, h, m)| format!("{}{h:02}:{m:02}", if neg {'-'} else {'+'}))]),
    ) {
        let frac = frac.map(|f| format!(".{f}")).unwrap_or_default();
        let text = format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}{frac}{}", zone.clone().unwrap_or_default());
        let legacy: DateTime = text.parse().unwrap();
        prop_assert_eq!(legacy.as_str(), &text);
        prop_assert_eq!(serde_json::to_value(&legacy).unwrap(), json!(text));
        match zone {
            Some(_) => {
                let stamp: DateTimeZ = text.parse().unwrap();
                prop_assert_eq!(stamp.as_str(), &text);
                let back: DateTimeZ = serde_json::from_value(serde_json::to_value(&stamp).unwrap()).unwrap();
                prop_assert_eq!(back.to_utc(), stamp.to_utc());
                prop_assert_eq!(Some(stamp.to_utc()), legacy.to_utc());
            }
            None => prop_assert!(text.parse::<DateTimeZ>().is_err()),
        }
    }

    #[test]
    fn date_time_parser_never_panics(text in "\\PC{0,40}") {
        let _ = text.parse::<DateTimeZ>();
        let _ = text.parse::<DateTime>();
        let _ = text.parse::<openbadges::values::Date>();
        let _ = Iri::parse(text.clone());
    }
}

fn profile_chain(levels: usize) -> Value {
    let mut profile = json!({"id": "urn:uuid:p", "type": "Profile"});
    for _ in 0..levels {
        profile = json!({"id": "urn:uuid:p", "type": "Profile", "parentOrg": profile});
    }
    profile
}

#[test]
fn nesting_is_bounded() {
    // At the limit: parsed on a test thread (2 MiB stack in debug builds).
    let mut v = minimal();
    v["issuer"] = profile_chain(model::MAX_DEPTH - 2);
    let credential: AchievementCredential = model::parse_value(&v).unwrap();
    assert_eq!(model::to_value(&credential).unwrap(), v);

    // Endorsements of endorsers of endorsers...: three levels per step, heavier frames.
    let endorsement = |issuer: Value| {
        json!({
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "id": "urn:uuid:e", "type": ["VerifiableCredential", "EndorsementCredential"],
            "name": "E", "issuer": issuer, "validFrom": "2024-01-15T09:00:00Z",
            "credentialSubject": {"id": "urn:uuid:s", "type": ["EndorsementSubject"]}
        })
    };
    let mut issuer = json!({"id": "urn:uuid:p", "type": "Profile"});
    for _ in 0..(model::MAX_DEPTH - 4) / 3 {
        issuer =
            json!({"id": "urn:uuid:p", "type": "Profile", "endorsement": [endorsement(issuer)]});
    }
    let mut v = minimal();
    v["issuer"] = issuer;
    let credential: AchievementCredential = model::parse_value(&v).unwrap();
    assert_eq!(model::to_value(&credential).unwrap(), v);

    // The deepest chain a default-limited Document admits is refused before recursing.
    let mut v = minimal();
    v["issuer"] = profile_chain(97);
    let doc = Document::from_str(&v.to_string()).unwrap();
    match model::parse::<AchievementCredential>(&doc).unwrap_err() {
        ModelError::TooDeep { path, limit } => {
            assert_eq!(limit, model::MAX_DEPTH);
            let expected = format!("$.issuer{}", ".parentOrg".repeat(model::MAX_DEPTH - 1));
            assert_eq!(path.to_string(), expected);
        }
        other => panic!("{other:?}"),
    }
    // Deep extension data counts too.
    let mut v = minimal();
    let mut deep = json!(1);
    for _ in 0..40 {
        deep = json!([deep]);
    }
    v["x"] = deep;
    assert!(matches!(
        model::parse_value::<AchievementCredential>(&v),
        Err(ModelError::TooDeep { .. })
    ));
}

#[test]
fn validity_reads_both_data_models() {
    let doc = load("spec/ob3/examples/validator/simple_v1.json");
    let legacy: AchievementCredential = model::parse(&doc).unwrap();
    let issued = legacy.issuance_date.as_ref().unwrap().to_utc_assuming_utc();
    assert_eq!(legacy.valid_from_utc(), Some(issued));

    let doc = load("spec/ob3/examples/validator/simple-err-expired.json");
    let expired: AchievementCredential = model::parse(&doc).unwrap();
    let until = expired.valid_until_utc().expect("validUntil");
    assert!(until < chrono::Utc::now());
    assert!(expired.valid_from_utc().unwrap() <= until);

    let credential: AchievementCredential = model::parse_value(&minimal()).unwrap();
    assert_eq!(credential.valid_until_utc(), None);
    assert_eq!(
        serde_json::to_value(Credential::Achievement(Box::new(credential))).unwrap(),
        minimal()
    );
}

#[test]
fn null_is_not_absent() {
    let mut v = minimal();
    v["name"] = Value::Null;
    let (path, reason) = invalid(v);
    assert_eq!(path, "$.name");
    assert!(reason.contains("invalid type: null"), "{reason}");
}

fn arbitrary_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        (-1e6f64..1e6).prop_map(Value::from),
        "(urn:|https://|did:)?[a-zA-Z0-9:#]{0,10}".prop_map(Value::from),
        prop_oneof![
            Just("2024-01-15T09:00:00Z"),
            Just("2024-01-15T09:00:00"),
            Just("Achievement"),
            Just("ext:Thing"),
            Just("Profile"),
        ]
        .prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::btree_map(
                prop_oneof![
                    Just("id".to_string()),
                    Just("type".to_string()),
                    Just("name".to_string()),
                    Just("en".to_string()),
                    Just("@value".to_string()),
                    "[a-z]{1,6}",
                ],
                inner,
                0..4
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

const MEMBERS: &[&str] = &[
    "/id",
    "/type",
    "/name",
    "/issuer",
    "/issuer/name",
    "/issuer/address",
    "/validFrom",
    "/validUntil",
    "/proof",
    "/credentialStatus",
    "/evidence",
    "/endorsement",
    "/credentialSubject/id",
    "/credentialSubject/result",
    "/credentialSubject/identifier",
    "/credentialSubject/creditsEarned",
    "/credentialSubject/achievement/name",
    "/credentialSubject/achievement/tag",
    "/credentialSubject/achievement/alignment",
    "/credentialSubject/achievement/achievementType",
    "/credentialSubject/achievement/resultDescription",
    "/credentialSubject/achievement/criteria",
    "/credentialSubject/achievement/creator",
    "/extra",
];

proptest! {
    /// Whatever is put anywhere, typed parsing does not panic, and what it accepts
    /// re-serializes to exactly the same JSON.
    #[test]
    fn accepted_input_round_trips_exactly(slot in 0..MEMBERS.len(), replacement in arbitrary_json()) {
        let mut v = minimal();
        let (parent, key) = MEMBERS[slot].rsplit_once('/').unwrap();
        if let Some(Value::Object(map)) = v.pointer_mut(parent) {
            map.insert(key.to_string(), replacement);
        }
        if let Ok(credential) = model::parse_value::<AchievementCredential>(&v) {
            prop_assert_eq!(model::to_value(&credential).unwrap(), v);
        }
    }
}

/// The slice accessors read an array, a single value and an absent member alike, and
/// `into_achievement` hands back the typed class (or says which class it is).
#[test]
fn list_accessors_and_into_achievement() {
    let path = crate::support::root().join("fixtures/valid/own-achievement-credential.json");
    let document = Document::from_path(&path).expect("fixture");
    let badge = model::parse_credential(&document)
        .expect("typed")
        .into_achievement()
        .expect("an achievement credential");
    let subject = &badge.credential_subject;
    assert_eq!(subject.results().len(), 2);
    assert_eq!(
        subject.results(),
        subject.result.as_ref().expect("result").as_slice()
    );
    assert_eq!(subject.achievement.result_descriptions().len(), 2);
    assert!(subject.achievement.alignments().is_empty());
    assert!(badge.evidence_items().is_empty());
    assert!(badge.proofs().is_empty());

    // A single value (not an array) is a one-element slice, and keeps its shape.
    let mut value = document.value().clone();
    value["credentialSubject"]["achievement"]["alignment"] = json!({
        "type": ["Alignment"], "targetName": "Rust", "targetUrl": "https://example.org/rust"
    });
    let single: AchievementCredential = model::parse_value(&value).expect("typed");
    let alignments = single.credential_subject.achievement.alignments();
    assert_eq!(alignments.len(), 1);
    assert_eq!(alignments[0].target_name.to_string(), "Rust");
    assert_eq!(model::to_value(&single).expect("json"), value);

    // Asking for another class names both.
    let err = model::parse_credential(&document)
        .expect("typed")
        .into_endorsement()
        .unwrap_err();
    assert_eq!(
        err,
        ModelError::WrongClass {
            expected: CredentialClass::Endorsement,
            found: CredentialClass::Achievement
        }
    );
    assert_eq!(
        err.to_string(),
        "expected a credential of class Endorsement, found Achievement"
    );
}
