//! Slice accessors for the optional list members of the model classes.
//!
//! A list member such as `alignment` is an `Option<OneOrMany<T>>` field (absent, one value
//! or an array, kept as received); its accessor ([`Achievement::alignments`],
//! [`AchievementSubject::results`], ...) reads it as a `&[T]` that is empty when the member
//! is absent. Accessors are named after the plural of the member; three members whose
//! plural would be their own name (which is already the builder method) are read with
//! [`Achievement::related_achievements`], `evidence_items` and `terms_of_use_entries`.

use serde_json::Value;

use super::achievement::{
    Achievement, AchievementResult, AchievementSubject, ResultDescription, RubricCriterionLevel,
};
use super::api::{GetClrCredentialsResponse, GetOpenBadgeCredentialsResponse};
use super::clr::{Association, ClrCredential, ClrSubject};
use super::common::{
    Alignment, CredentialSchema, CredentialStatus, Evidence, IdentifierEntry, IdentityObject,
    Proof, RefreshService, Related, TermsOfUse,
};
use super::credential::{AchievementCredential, EndorsementCredential};
use super::presentation::VerifiablePresentation;
use super::profile::Profile;
use crate::values::LangString;

lists! {
    Achievement {
        alignments => alignment: Alignment, "alignment",
        endorsements => endorsement: EndorsementCredential, "endorsement",
        endorsement_jwts => endorsement_jwt: String, "endorsementJwt",
        other_identifiers => other_identifier: IdentifierEntry, "otherIdentifier",
        related_achievements => related: Related, "related",
        result_descriptions => result_description: ResultDescription, "resultDescription",
        tags => tag: LangString, "tag",
    }
    AchievementSubject {
        identifiers => identifier: IdentityObject, "identifier",
        results => result: AchievementResult, "result",
    }
    AchievementResult {
        alignments => alignment: Alignment, "alignment",
    }
    ResultDescription {
        alignments => alignment: Alignment, "alignment",
        allowed_values => allowed_value: String, "allowedValue",
        rubric_criterion_levels => rubric_criterion_level: RubricCriterionLevel, "rubricCriterionLevel",
    }
    RubricCriterionLevel {
        alignments => alignment: Alignment, "alignment",
    }
    GetOpenBadgeCredentialsResponse {
        credentials => credential: AchievementCredential, "credential",
        compact_jws_strings => compact_jws_string: String, "compactJwsString",
    }
    GetClrCredentialsResponse {
        credentials => credential: ClrCredential, "credential",
        compact_jws_strings => compact_jws_string: String, "compactJwsString",
    }
    AchievementCredential {
        endorsements => endorsement: EndorsementCredential, "endorsement",
        endorsement_jwts => endorsement_jwt: String, "endorsementJwt",
        proofs => proof: Proof, "proof",
        credential_schemas => credential_schema: CredentialSchema, "credentialSchema",
        credential_statuses => credential_status: CredentialStatus, "credentialStatus",
        refresh_services => refresh_service: RefreshService, "refreshService",
        terms_of_use_entries => terms_of_use: TermsOfUse, "termsOfUse",
        evidence_items => evidence: Evidence, "evidence",
    }
    EndorsementCredential {
        proofs => proof: Proof, "proof",
        credential_schemas => credential_schema: CredentialSchema, "credentialSchema",
        credential_statuses => credential_status: CredentialStatus, "credentialStatus",
        refresh_services => refresh_service: RefreshService, "refreshService",
        terms_of_use_entries => terms_of_use: TermsOfUse, "termsOfUse",
        evidence_items => evidence: Evidence, "evidence",
    }
    ClrCredential {
        endorsements => endorsement: EndorsementCredential, "endorsement",
        endorsement_jwts => endorsement_jwt: String, "endorsementJwt",
        proofs => proof: Proof, "proof",
        credential_schemas => credential_schema: CredentialSchema, "credentialSchema",
        credential_statuses => credential_status: CredentialStatus, "credentialStatus",
        refresh_services => refresh_service: RefreshService, "refreshService",
        terms_of_use_entries => terms_of_use: TermsOfUse, "termsOfUse",
        evidence_items => evidence: Evidence, "evidence",
    }
    ClrSubject {
        identifiers => identifier: IdentityObject, "identifier",
        achievements => achievement: Achievement, "achievement",
        associations => association: Association, "association",
    }
    VerifiablePresentation {
        verifiable_credentials => verifiable_credential: Value, "verifiableCredential",
        proofs => proof: Proof, "proof",
    }
    Profile {
        endorsements => endorsement: EndorsementCredential, "endorsement",
        endorsement_jwts => endorsement_jwt: String, "endorsementJwt",
        other_identifiers => other_identifier: IdentifierEntry, "otherIdentifier",
    }
}
