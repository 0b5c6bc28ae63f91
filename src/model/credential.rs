//! The credential classes of Open Badges 3.0: `AchievementCredential` (alias
//! `OpenBadgeCredential`) and `EndorsementCredential`, with their subjects.

use super::achievement::AchievementSubject;
use super::build::default_context;
use super::class::types;
use super::common::{
    ContextEntry, CredentialSchema, CredentialStatus, Evidence, Image, ProfileRef, Proof,
    RefreshService, TermsOfUse, many,
};
use crate::values::{DateTime, DateTimeZ, Iri, LangString, OneOrMany};

/// The `type` builders write for an [`AchievementCredential`].
pub const ACHIEVEMENT_CREDENTIAL_TYPES: &[&str] = &["VerifiableCredential", "OpenBadgeCredential"];
/// The `type` builders write for an [`EndorsementCredential`].
pub const ENDORSEMENT_CREDENTIAL_TYPES: &[&str] =
    &["VerifiableCredential", "EndorsementCredential"];

class! {
    /// `AchievementCredential` (also typed `OpenBadgeCredential`): an assertion that a
    /// subject achieved something, issued as a verifiable credential.
    ///
    /// Accepts VCDM 2.0 (`validFrom`, `validUntil`) and the legacy VCDM 1.1 forms
    /// (`issuanceDate`, `expirationDate`, credentials/v1 context).
    pub struct AchievementCredential {
        auto {
            /// `@context`: builders write VC v2, OB 3.0.3 (see [`build`](Self::build)).
            #[serde(rename = "@context")]
            context: OneOrMany<ContextEntry> = default_context(false),
            /// `type`: contains `VerifiableCredential` and `AchievementCredential` or `OpenBadgeCredential`.
            #[serde(rename = "type", deserialize_with = "types::achievement_credential")]
            type_: OneOrMany<String> = OneOrMany::many(ACHIEVEMENT_CREDENTIAL_TYPES.iter().copied()),
        }
        required {
            /// `id`.
            id: Iri,
            /// `issuer`.
            issuer: ProfileRef,
            /// `credentialSubject`.
            credential_subject: Box<AchievementSubject>,
        }
        new_optional {
            /// `validFrom` (VCDM 2.0; legacy VCDM 1.1 credentials have `issuanceDate` instead).
            valid_from: DateTimeZ,
        }
        optional {
            /// `name`.
            name: LangString,
            /// `description`.
            description: LangString,
            /// `image`.
            image: Image,
            /// `awardedDate`.
            awarded_date: DateTime,
            /// `endorsement`s.
            endorsement: OneOrMany<EndorsementCredential>,
            /// `endorsementJwt`: endorsements as compact JWS.
            endorsement_jwt: OneOrMany<String>,
            /// `validUntil` (VCDM 2.0).
            valid_until: DateTimeZ,
            /// `issuanceDate` (VCDM 1.1 legacy; VCDM 2.0 uses `validFrom`).
            issuance_date: DateTime,
            /// `expirationDate` (VCDM 1.1 legacy; VCDM 2.0 uses `validUntil`).
            expiration_date: DateTime,
            /// `proof`s.
            proof: OneOrMany<Proof>,
            /// `credentialSchema`s.
            credential_schema: OneOrMany<CredentialSchema>,
            /// `credentialStatus`.
            credential_status: OneOrMany<CredentialStatus>,
            /// `refreshService`.
            refresh_service: OneOrMany<RefreshService>,
            /// `termsOfUse`.
            terms_of_use: OneOrMany<TermsOfUse>,
            /// `evidence`.
            evidence: OneOrMany<Evidence>,
        }
    }
}

class! {
    /// `EndorsementCredential`: a third party's endorsement of a profile, achievement or
    /// credential.
    pub struct EndorsementCredential {
        auto {
            /// `@context`: builders write VC v2, OB 3.0.3 (see [`build`](Self::build)).
            #[serde(rename = "@context")]
            context: OneOrMany<ContextEntry> = default_context(false),
            /// `type`: contains `VerifiableCredential` and `EndorsementCredential`.
            #[serde(rename = "type", deserialize_with = "types::endorsement_credential")]
            type_: OneOrMany<String> = OneOrMany::many(ENDORSEMENT_CREDENTIAL_TYPES.iter().copied()),
        }
        required {
            /// `id`.
            id: Iri,
            /// `name`.
            name: LangString,
            /// `issuer`.
            issuer: ProfileRef,
            /// `credentialSubject`.
            credential_subject: EndorsementSubject,
        }
        new_optional {
            /// `validFrom` (VCDM 2.0; legacy VCDM 1.1 credentials have `issuanceDate` instead).
            valid_from: DateTimeZ,
        }
        optional {
            /// `description`.
            description: LangString,
            /// `awardedDate`.
            awarded_date: DateTime,
            /// `validUntil` (VCDM 2.0).
            valid_until: DateTimeZ,
            /// `issuanceDate` (VCDM 1.1 legacy; VCDM 2.0 uses `validFrom`).
            issuance_date: DateTime,
            /// `expirationDate` (VCDM 1.1 legacy; VCDM 2.0 uses `validUntil`).
            expiration_date: DateTime,
            /// `proof`s.
            proof: OneOrMany<Proof>,
            /// `credentialSchema`s.
            credential_schema: OneOrMany<CredentialSchema>,
            /// `credentialStatus`.
            credential_status: OneOrMany<CredentialStatus>,
            /// `refreshService`.
            refresh_service: OneOrMany<RefreshService>,
            /// `termsOfUse`.
            terms_of_use: OneOrMany<TermsOfUse>,
            /// `evidence`.
            evidence: OneOrMany<Evidence>,
        }
    }
}

class! {
    /// `EndorsementSubject`: what an [`EndorsementCredential`] endorses.
    pub struct EndorsementSubject {
        auto {
            /// `type`: contains `EndorsementSubject`.
            #[serde(rename = "type", deserialize_with = "types::endorsement_subject")]
            type_: OneOrMany<String> = many("EndorsementSubject"),
        }
        required {
            /// `id` of the endorsed entity.
            id: Iri,
        }
        optional {
            /// `endorsementComment`.
            endorsement_comment: LangString,
        }
    }
}
