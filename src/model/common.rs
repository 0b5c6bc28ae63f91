//! Classes shared by credentials, achievements and profiles: images, evidence, alignments,
//! identifiers, addresses, proofs, and the VC envelope parts (status, schema, refresh, terms).

use std::fmt;

use serde::de::value::MapAccessDeserializer;
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use super::class::types;
use super::profile::Profile;
use super::vocab::{AlignmentTargetType, IdentifierTypeEnum};
use crate::values::{DateTime, Iri, LangString, OneOrMany};

pub(crate) fn one(name: &str) -> OneOrMany<String> {
    OneOrMany::One(name.to_string())
}

pub(crate) fn many(name: &str) -> OneOrMany<String> {
    OneOrMany::Many(vec![name.to_string()])
}

class! {
    /// An image (`Image`): a URI or data URL with an optional caption.
    pub struct Image {
        auto {
            /// `type`: contains `Image` (builders write the single string).
            #[serde(rename = "type", deserialize_with = "types::image")]
            type_: OneOrMany<String> = one("Image"),
        }
        required {
            /// `id`: the image's URI or `data:` URL.
            id: Iri,
        }
        optional {
            /// `caption`.
            caption: LangString,
        }
    }
}

class! {
    /// `Criteria`: how the achievement is earned.
    pub struct Criteria {
        auto {}
        required {}
        optional {
            /// `id`: a page describing the criteria.
            id: Iri,
            /// `narrative`: the criteria, in Markdown.
            narrative: LangString,
        }
    }
}

class! {
    /// `Alignment`: a link to a competency, standard or framework item.
    pub struct Alignment {
        auto {
            /// `type`: contains `Alignment`.
            #[serde(rename = "type", deserialize_with = "types::alignment")]
            type_: OneOrMany<String> = many("Alignment"),
        }
        required {
            /// `targetName`.
            target_name: LangString,
            /// `targetUrl`.
            target_url: Iri,
        }
        optional {
            /// `targetCode`.
            target_code: LangString,
            /// `targetDescription`.
            target_description: LangString,
            /// `targetFramework`.
            target_framework: LangString,
            /// `targetType`.
            target_type: AlignmentTargetType,
        }
    }
}

class! {
    /// `Related`: another version of the same achievement (for example in another language).
    pub struct Related {
        auto {
            /// `type`: contains `Related`.
            #[serde(rename = "type", deserialize_with = "types::related")]
            type_: OneOrMany<String> = many("Related"),
        }
        required {
            /// `id` of the related achievement.
            id: Iri,
        }
        optional {
            /// `inLanguage` (BCP 47).
            in_language: String,
            /// `version`.
            version: LangString,
        }
    }
}

class! {
    /// `Evidence`: work that supports the achievement.
    pub struct Evidence {
        auto {
            /// `type`: contains `Evidence`.
            #[serde(rename = "type", deserialize_with = "types::evidence")]
            type_: OneOrMany<String> = many("Evidence"),
        }
        required {}
        optional {
            /// `id`: where the evidence is.
            id: Iri,
            /// `narrative`.
            narrative: LangString,
            /// `name`.
            name: LangString,
            /// `description`.
            description: LangString,
            /// `genre`.
            genre: LangString,
            /// `audience`.
            audience: LangString,
        }
    }
}

class! {
    /// `IdentityObject`: a (possibly hashed) identifier of the recipient.
    pub struct IdentityObject {
        auto {
            /// `type`: contains `IdentityObject`.
            #[serde(rename = "type", deserialize_with = "types::identity_object")]
            type_: OneOrMany<String> = one("IdentityObject"),
        }
        required {
            /// `hashed`: whether `identityHash` is a hash.
            hashed: bool,
            /// `identityHash`: the identifier or its hash (`sha256$...`, `md5$...`).
            identity_hash: String,
            /// `identityType`.
            identity_type: IdentifierTypeEnum,
        }
        optional {
            /// `salt` used in the hash.
            salt: String,
        }
    }
}

class! {
    /// `IdentifierEntry`: another identifier of a profile or achievement.
    pub struct IdentifierEntry {
        auto {
            /// `type`: contains `IdentifierEntry`.
            #[serde(rename = "type", deserialize_with = "types::identifier_entry")]
            type_: OneOrMany<String> = one("IdentifierEntry"),
        }
        required {
            /// `identifier`.
            identifier: String,
            /// `identifierType`.
            identifier_type: IdentifierTypeEnum,
        }
        optional {}
    }
}

class! {
    /// `GeoCoordinates`: a point on Earth.
    pub struct GeoCoordinates {
        auto {
            /// `type`: contains `GeoCoordinates`.
            #[serde(rename = "type", deserialize_with = "types::geo_coordinates")]
            type_: OneOrMany<String> = one("GeoCoordinates"),
        }
        required {
            /// `latitude`.
            latitude: serde_json::Number,
            /// `longitude`.
            longitude: serde_json::Number,
        }
        optional {}
    }
}

class! {
    /// `Address`: a postal address.
    pub struct Address {
        auto {
            /// `type`: contains `Address`.
            #[serde(rename = "type", deserialize_with = "types::address")]
            type_: OneOrMany<String> = many("Address"),
        }
        required {}
        optional {
            /// `addressCountry`.
            address_country: LangString,
            /// `addressCountryCode` (ISO 3166-1 alpha-2).
            address_country_code: String,
            /// `addressRegion`.
            address_region: LangString,
            /// `addressLocality`.
            address_locality: LangString,
            /// `streetAddress`.
            street_address: LangString,
            /// `postOfficeBoxNumber`.
            post_office_box_number: LangString,
            /// `postalCode`.
            postal_code: LangString,
            /// `geo`.
            geo: GeoCoordinates,
        }
    }
}

class! {
    /// An embedded proof (`proof`): Data Integrity (`DataIntegrityProof`) or a legacy suite.
    ///
    /// The model only reads it; proofs are checked by the proof layer over the received
    /// [`Document`](crate::document::Document).
    pub struct Proof {
        auto {}
        required {
            /// `type`, for example `DataIntegrityProof` or `Ed25519Signature2020`.
            #[serde(rename = "type")]
            type_: String,
        }
        optional {
            /// `created`.
            created: DateTime,
            /// `cryptosuite`, for example `eddsa-rdfc-2022`.
            cryptosuite: String,
            /// `challenge`.
            challenge: String,
            /// `domain`.
            domain: String,
            /// `nonce`.
            nonce: String,
            /// `proofPurpose`, for example `assertionMethod`.
            proof_purpose: String,
            /// `proofValue` (multibase).
            proof_value: String,
            /// `verificationMethod`.
            verification_method: Iri,
        }
    }
}

class! {
    /// `credentialStatus`: where to check revocation or suspension.
    pub struct CredentialStatus {
        auto {}
        required {
            /// `type`, for example `BitstringStatusListEntry` or `1EdTechRevocationList`.
            #[serde(rename = "type")]
            type_: String,
        }
        optional {
            /// `id`.
            id: Iri,
        }
    }
}

class! {
    /// `credentialSchema`: a schema the credential conforms to.
    pub struct CredentialSchema {
        auto {}
        required {
            /// `id`: the schema's URL.
            id: Iri,
            /// `type`, for example `1EdTechJsonSchemaValidator2019` or `JsonSchema`.
            #[serde(rename = "type")]
            type_: String,
        }
        optional {}
    }
}

class! {
    /// `refreshService`: where to get a fresh copy of the credential.
    pub struct RefreshService {
        auto {}
        required {
            /// `id`: the service URL.
            id: Iri,
            /// `type`, for example `1EdTechCredentialRefresh`.
            #[serde(rename = "type")]
            type_: String,
        }
        optional {}
    }
}

class! {
    /// `termsOfUse`: policies under which the credential was issued.
    pub struct TermsOfUse {
        auto {}
        required {
            /// `type`.
            #[serde(rename = "type")]
            type_: String,
        }
        optional {
            /// `id`.
            id: Iri,
        }
    }
}

/// One entry of `@context`: a context URL or an inline context object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ContextEntry {
    /// A context URL.
    Url(String),
    /// An inline context definition, as received.
    Inline(Map<String, Value>),
}

impl ContextEntry {
    /// The URL, when this entry is one.
    pub fn as_url(&self) -> Option<&str> {
        match self {
            ContextEntry::Url(url) => Some(url),
            ContextEntry::Inline(_) => None,
        }
    }
}

impl From<&str> for ContextEntry {
    fn from(url: &str) -> Self {
        ContextEntry::Url(url.to_string())
    }
}

impl Serialize for ContextEntry {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            ContextEntry::Url(url) => serializer.serialize_str(url),
            ContextEntry::Inline(map) => map.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for ContextEntry {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = ContextEntry;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a context URL or an inline context object")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<ContextEntry, E> {
                Ok(ContextEntry::Url(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<ContextEntry, A::Error> {
                Map::deserialize(MapAccessDeserializer::new(map)).map(ContextEntry::Inline)
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// A profile given by reference (its IRI) or embedded (`issuer`, `ProfileRef`).
#[derive(Clone, Debug, PartialEq)]
pub enum ProfileRef {
    /// Only the profile's IRI.
    Id(Iri),
    /// The profile itself.
    Profile(Box<Profile>),
}

impl ProfileRef {
    /// The profile's IRI, however it is given.
    pub fn id(&self) -> &Iri {
        match self {
            ProfileRef::Id(id) => id,
            ProfileRef::Profile(profile) => &profile.id,
        }
    }

    /// The embedded profile, when there is one.
    pub fn profile(&self) -> Option<&Profile> {
        match self {
            ProfileRef::Id(_) => None,
            ProfileRef::Profile(profile) => Some(profile),
        }
    }
}

impl From<Iri> for ProfileRef {
    fn from(id: Iri) -> Self {
        ProfileRef::Id(id)
    }
}

impl From<Profile> for ProfileRef {
    fn from(profile: Profile) -> Self {
        ProfileRef::Profile(Box::new(profile))
    }
}

impl Serialize for ProfileRef {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            ProfileRef::Id(id) => id.serialize(serializer),
            ProfileRef::Profile(profile) => profile.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for ProfileRef {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = ProfileRef;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a profile IRI or a Profile object")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<ProfileRef, E> {
                Iri::parse(v).map(ProfileRef::Id).map_err(E::custom)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<ProfileRef, A::Error> {
                Profile::deserialize(MapAccessDeserializer::new(map))
                    .map(|p| ProfileRef::Profile(Box::new(p)))
            }
        }
        deserializer.deserialize_any(V)
    }
}
