//! The CLR 2.0 classes: `ClrCredential`, `ClrSubject`, `Association`.

use super::achievement::Achievement;
use super::build::default_context;
use super::class::types;
use super::common::{
    ContextEntry, CredentialSchema, CredentialStatus, Evidence, IdentityObject, Image, ProfileRef,
    Proof, RefreshService, TermsOfUse, many, one,
};
use super::credential::{AchievementCredential, EndorsementCredential};
use super::vocab::AssociationType;
use crate::values::{DateTime, DateTimeZ, Iri, LangString, OneOrMany};

/// The `type` builders write for a [`ClrCredential`].
pub const CLR_CREDENTIAL_TYPES: &[&str] = &["VerifiableCredential", "ClrCredential"];

class! {
    /// `ClrCredential`: a Comprehensive Learner Record, a set of achievement credentials
    /// issued together.
    pub struct ClrCredential {
        auto {
            /// `@context`: builders write VC v2, CLR 2.0.1, OB 3.0.3 (see [`build`](Self::build)).
            #[serde(rename = "@context")]
            context: OneOrMany<ContextEntry> = default_context(true),
            /// `type`: contains `VerifiableCredential` and `ClrCredential`.
            #[serde(rename = "type", deserialize_with = "types::clr_credential")]
            type_: OneOrMany<String> = OneOrMany::many(CLR_CREDENTIAL_TYPES.iter().copied()),
        }
        required {
            /// `id`.
            id: Iri,
            /// `name`.
            name: LangString,
            /// `issuer`.
            issuer: ProfileRef,
            /// `credentialSubject`.
            credential_subject: Box<ClrSubject>,
        }
        new_optional {
            /// `validFrom` (VCDM 2.0; legacy VCDM 1.1 credentials have `issuanceDate` instead).
            valid_from: DateTimeZ,
        }
        optional {
            /// `partial`: whether the CLR holds only part of the learner's record.
            partial: bool,
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
    /// `ClrSubject`: the learner of a [`ClrCredential`] and their credentials.
    pub struct ClrSubject {
        auto {
            /// `type`: contains `ClrSubject`.
            #[serde(rename = "type", deserialize_with = "types::clr_subject")]
            type_: OneOrMany<String> = many("ClrSubject"),
        }
        required {
            /// `verifiableCredential`: the achievement credentials of the record.
            verifiable_credential: OneOrMany<AchievementCredential>,
        }
        optional {
            /// `id` of the learner.
            id: Iri,
            /// `identifier`s of the learner.
            identifier: OneOrMany<IdentityObject>,
            /// `achievement`s the record is about.
            achievement: OneOrMany<Achievement>,
            /// `association`s between the achievements.
            association: OneOrMany<Association>,
        }
    }
}

class! {
    /// `Association`: how two achievements of a CLR relate.
    pub struct Association {
        auto {
            /// `type`: contains `Association`.
            #[serde(rename = "type", deserialize_with = "types::association")]
            type_: OneOrMany<String> = one("Association"),
        }
        required {
            /// `associationType`.
            association_type: AssociationType,
            /// `sourceId`: the `id` of an achievement.
            source_id: Iri,
            /// `targetId`: the `id` of an achievement.
            target_id: Iri,
        }
        optional {}
    }
}
