//! `Achievement`, `AchievementSubject`, and the result classes.

use super::class::types;
use super::common::{Alignment, Criteria, IdentifierEntry, IdentityObject, Image, Related, many};
use super::credential::EndorsementCredential;
use super::profile::Profile;
use super::vocab::{AchievementType, ResultStatusType, ResultType};
use crate::values::{DateTime, Iri, LangString, OneOrMany};

class! {
    /// `Achievement`: what is recognized (a badge, course, competency, degree...).
    pub struct Achievement {
        auto {
            /// `type`: contains `Achievement`.
            #[serde(rename = "type", deserialize_with = "types::achievement")]
            type_: OneOrMany<String> = many("Achievement"),
        }
        required {
            /// `id`.
            id: Iri,
            /// `name`.
            name: LangString,
            /// `description`.
            description: LangString,
            /// `criteria`.
            criteria: Criteria,
        }
        optional {
            /// `alignment`s.
            alignment: OneOrMany<Alignment>,
            /// `achievementType`.
            achievement_type: AchievementType,
            /// `creator`.
            creator: Box<Profile>,
            /// `creditsAvailable`.
            credits_available: serde_json::Number,
            /// `endorsement`s of this achievement.
            endorsement: OneOrMany<EndorsementCredential>,
            /// `endorsementJwt`.
            endorsement_jwt: OneOrMany<String>,
            /// `fieldOfStudy`.
            field_of_study: LangString,
            /// `humanCode`.
            human_code: LangString,
            /// `image`.
            image: Image,
            /// `inLanguage` (BCP 47).
            in_language: String,
            /// `otherIdentifier`s.
            other_identifier: OneOrMany<IdentifierEntry>,
            /// `related` achievements.
            related: OneOrMany<Related>,
            /// `resultDescription`s.
            result_description: OneOrMany<ResultDescription>,
            /// `specialization`.
            specialization: LangString,
            /// `tag`s.
            tag: OneOrMany<LangString>,
            /// `version`.
            version: LangString,
        }
    }
}

class! {
    /// `AchievementSubject`: the recipient of an [`AchievementCredential`](super::AchievementCredential)
    /// and what they achieved.
    pub struct AchievementSubject {
        auto {
            /// `type`: contains `AchievementSubject`.
            #[serde(rename = "type", deserialize_with = "types::achievement_subject")]
            type_: OneOrMany<String> = many("AchievementSubject"),
        }
        required {
            /// `achievement`.
            achievement: Box<Achievement>,
        }
        optional {
            /// `id` of the recipient (for example a DID).
            id: Iri,
            /// `activityEndDate`.
            activity_end_date: DateTime,
            /// `activityStartDate`.
            activity_start_date: DateTime,
            /// `creditsEarned`.
            credits_earned: serde_json::Number,
            /// `identifier`s of the recipient.
            identifier: OneOrMany<IdentityObject>,
            /// `image`.
            image: Image,
            /// `licenseNumber`.
            license_number: LangString,
            /// `narrative`.
            narrative: LangString,
            /// `result`s.
            result: OneOrMany<AchievementResult>,
            /// `role`.
            role: LangString,
            /// `source`: the organization that assessed the achievement.
            source: Box<Profile>,
            /// `term`.
            term: LangString,
        }
    }
}

class! {
    /// `Result` (OB 3.0 §B.1.14): a result the recipient obtained.
    ///
    /// The class is named `Result` in the specification (and in JSON, `"type": ["Result"]`);
    /// in Rust it is `AchievementResult` so that it does not shadow `std::result::Result`.
    pub struct AchievementResult {
        auto {
            /// `type`: contains `Result`.
            #[serde(rename = "type", deserialize_with = "types::result")]
            type_: OneOrMany<String> = many("Result"),
        }
        required {}
        optional {
            /// `achievedLevel`: the `id` of a [`RubricCriterionLevel`].
            achieved_level: Iri,
            /// `alignment`s.
            alignment: OneOrMany<Alignment>,
            /// `resultDescription`: the `id` of a [`ResultDescription`].
            result_description: Iri,
            /// `status`.
            status: ResultStatusType,
            /// `value`.
            value: String,
        }
    }
}

class! {
    /// `ResultDescription`: a kind of result an achievement can have.
    pub struct ResultDescription {
        auto {
            /// `type`: contains `ResultDescription`.
            #[serde(rename = "type", deserialize_with = "types::result_description")]
            type_: OneOrMany<String> = many("ResultDescription"),
        }
        required {
            /// `id`.
            id: Iri,
            /// `name`.
            name: LangString,
            /// `resultType`.
            result_type: ResultType,
        }
        optional {
            /// `alignment`s.
            alignment: OneOrMany<Alignment>,
            /// `allowedValue`s (an ordered list).
            allowed_value: OneOrMany<String>,
            /// `requiredLevel`: the `id` of a [`RubricCriterionLevel`].
            required_level: Iri,
            /// `requiredValue`.
            required_value: String,
            /// `rubricCriterionLevel`s.
            rubric_criterion_level: OneOrMany<RubricCriterionLevel>,
            /// `valueMax`.
            value_max: String,
            /// `valueMin`.
            value_min: String,
        }
    }
}

class! {
    /// `RubricCriterionLevel`: one level of a rubric.
    pub struct RubricCriterionLevel {
        auto {
            /// `type`: contains `RubricCriterionLevel`.
            #[serde(rename = "type", deserialize_with = "types::rubric_criterion_level")]
            type_: OneOrMany<String> = many("RubricCriterionLevel"),
        }
        required {
            /// `id`.
            id: Iri,
            /// `name`.
            name: LangString,
        }
        optional {
            /// `alignment`s.
            alignment: OneOrMany<Alignment>,
            /// `description`.
            description: LangString,
            /// `level`.
            level: LangString,
            /// `points`.
            points: String,
        }
    }
}
