//! `Profile`: a person or organization (issuer, creator, endorser, source).

use super::class::types;
use super::common::{Address, IdentifierEntry, Image, many};
use super::credential::EndorsementCredential;
use crate::values::{Date, Iri, LangString, OneOrMany};

class! {
    /// `Profile`: an issuer, creator, endorser or source of a credential.
    pub struct Profile {
        auto {
            /// `type`: contains `Profile`.
            #[serde(rename = "type", deserialize_with = "types::profile")]
            type_: OneOrMany<String> = many("Profile"),
        }
        required {
            /// `id`.
            id: Iri,
        }
        optional {
            /// `name`.
            name: LangString,
            /// `url`: the profile's home page.
            url: Iri,
            /// `phone`.
            phone: String,
            /// `description`.
            description: LangString,
            /// `endorsement`s of this profile.
            endorsement: OneOrMany<EndorsementCredential>,
            /// `endorsementJwt`: endorsements as compact JWS.
            endorsement_jwt: OneOrMany<String>,
            /// `image`.
            image: Image,
            /// `email`.
            email: String,
            /// `address`.
            address: Address,
            /// `otherIdentifier`s.
            other_identifier: OneOrMany<IdentifierEntry>,
            /// `official`: the authorized official of an organization.
            official: LangString,
            /// `parentOrg`.
            parent_org: Box<Profile>,
            /// `familyName`.
            family_name: LangString,
            /// `givenName`.
            given_name: LangString,
            /// `additionalName`.
            additional_name: LangString,
            /// `patronymicName`.
            patronymic_name: LangString,
            /// `honorificPrefix`.
            honorific_prefix: LangString,
            /// `honorificSuffix`.
            honorific_suffix: LangString,
            /// `familyNamePrefix`.
            family_name_prefix: LangString,
            /// `dateOfBirth`.
            date_of_birth: Date,
        }
    }
}
