//! Vocabulary enums: closed sets of terms, some open to `ext:` extension terms.
//!
//! An enum marked *extensible* accepts a term that is not in its set when it starts with
//! `ext:` followed by at least one of `A-Z a-z 0-9 . - _ |` (the 1EdTech schemas' pattern,
//! anchored at the start and the end), kept in its `Ext` variant. Any other unknown term is a
//! deserialization error that names the term and the allowed set.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A term that is not in a vocabulary.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown {vocabulary} \"{term}\": expected one of {allowed}{ext}", allowed = .allowed.join(", "), ext = if *.extensible { ", or an `ext:` extension term" } else { "" })]
#[non_exhaustive]
pub struct UnknownTerm {
    /// The vocabulary (enum) name, for example `AchievementType`.
    pub vocabulary: &'static str,
    /// The refused term.
    pub term: String,
    /// The terms of the vocabulary.
    pub allowed: &'static [&'static str],
    /// Whether `ext:` terms are accepted.
    pub extensible: bool,
}

/// Whether `term` is a well-formed `ext:` extension term.
pub fn is_extension_term(term: &str) -> bool {
    term.strip_prefix("ext:").is_some_and(|rest| {
        !rest.is_empty()
            && rest
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b'|'))
    })
}

macro_rules! vocab {
    (
        $(#[$meta:meta])*
        pub enum $name:ident extensible {
            $($variant:ident = $term:literal),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        ///
        /// Extensible: an `ext:` term is kept in [`Self::Ext`].
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum $name {
            $(
                #[doc = concat!("`", $term, "`")]
                $variant,
            )+
            /// An `ext:` extension term, kept as written (prefix included).
            Ext(String),
        }

        impl $name {
            /// The term as written in JSON.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $term,)+
                    $name::Ext(term) => term,
                }
            }

            /// Parses a term.
            ///
            /// # Errors
            /// [`UnknownTerm`] when the term is neither in the set nor an `ext:` term.
            pub fn parse(term: &str) -> Result<Self, UnknownTerm> {
                match term {
                    $($term => Ok($name::$variant),)+
                    _ if is_extension_term(term) => Ok($name::Ext(term.to_string())),
                    _ => Err(UnknownTerm {
                        vocabulary: stringify!($name),
                        term: term.to_string(),
                        allowed: Self::TERMS,
                        extensible: true,
                    }),
                }
            }
        }

        vocab!(@common $name [$($term),+]);
    };
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $($variant:ident = $term:literal),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        ///
        /// Closed: any other term is refused.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum $name {
            $(
                #[doc = concat!("`", $term, "`")]
                $variant,
            )+
        }

        impl $name {
            /// The term as written in JSON.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $term,)+
                }
            }

            /// Parses a term.
            ///
            /// # Errors
            /// [`UnknownTerm`] when the term is not in the set.
            pub fn parse(term: &str) -> Result<Self, UnknownTerm> {
                match term {
                    $($term => Ok($name::$variant),)+
                    _ => Err(UnknownTerm {
                        vocabulary: stringify!($name),
                        term: term.to_string(),
                        allowed: Self::TERMS,
                        extensible: false,
                    }),
                }
            }
        }

        vocab!(@common $name [$($term),+]);
    };
    (@common $name:ident [$($term:literal),+]) => {
        impl $name {
            /// Every term of the set (without extension terms).
            pub const TERMS: &'static [&'static str] = &[$($term),+];
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = UnknownTerm;
            fn from_str(term: &str) -> Result<Self, UnknownTerm> {
                Self::parse(term)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let term = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
                Self::parse(&term).map_err(serde::de::Error::custom)
            }
        }
    };
}

vocab! {
    /// The kind of an [`Achievement`](super::Achievement) (`achievementType`).
    pub enum AchievementType extensible {
        Achievement = "Achievement",
        ApprenticeshipCertificate = "ApprenticeshipCertificate",
        Assessment = "Assessment",
        Assignment = "Assignment",
        AssociateDegree = "AssociateDegree",
        Award = "Award",
        Badge = "Badge",
        BachelorDegree = "BachelorDegree",
        Certificate = "Certificate",
        CertificateOfCompletion = "CertificateOfCompletion",
        Certification = "Certification",
        CommunityService = "CommunityService",
        Competency = "Competency",
        Course = "Course",
        CoCurricular = "CoCurricular",
        Degree = "Degree",
        Diploma = "Diploma",
        DoctoralDegree = "DoctoralDegree",
        Fieldwork = "Fieldwork",
        GeneralEducationDevelopment = "GeneralEducationDevelopment",
        JourneymanCertificate = "JourneymanCertificate",
        LearningProgram = "LearningProgram",
        License = "License",
        Membership = "Membership",
        ProfessionalDoctorate = "ProfessionalDoctorate",
        QualityAssuranceCredential = "QualityAssuranceCredential",
        MasterCertificate = "MasterCertificate",
        MasterDegree = "MasterDegree",
        MicroCredential = "MicroCredential",
        ResearchDoctorate = "ResearchDoctorate",
        SecondarySchoolDiploma = "SecondarySchoolDiploma",
    }
}

vocab! {
    /// The type of a result (`resultType` of a [`ResultDescription`](super::ResultDescription)).
    pub enum ResultType extensible {
        GradePointAverage = "GradePointAverage",
        LetterGrade = "LetterGrade",
        Percent = "Percent",
        PerformanceLevel = "PerformanceLevel",
        PredictedScore = "PredictedScore",
        RawScore = "RawScore",
        Result = "Result",
        RubricCriterion = "RubricCriterion",
        RubricCriterionLevel = "RubricCriterionLevel",
        RubricScore = "RubricScore",
        ScaledScore = "ScaledScore",
        Status = "Status",
    }
}

vocab! {
    /// The type of an alignment target (`targetType` of an [`Alignment`](super::Alignment)).
    pub enum AlignmentTargetType extensible {
        CeasnCompetency = "ceasn:Competency",
        CetermsCredential = "ceterms:Credential",
        CfItem = "CFItem",
        CfRubric = "CFRubric",
        CfRubricCriterion = "CFRubricCriterion",
        CfRubricCriterionLevel = "CFRubricCriterionLevel",
        Ctdl = "CTDL",
    }
}

vocab! {
    /// The type of an identifier (`identityType` of an [`IdentityObject`](super::IdentityObject),
    /// `identifierType` of an [`IdentifierEntry`](super::IdentifierEntry)).
    pub enum IdentifierTypeEnum extensible {
        Name = "name",
        SourcedId = "sourcedId",
        SystemId = "systemId",
        ProductId = "productId",
        UserName = "userName",
        AccountId = "accountId",
        EmailAddress = "emailAddress",
        NationalIdentityNumber = "nationalIdentityNumber",
        Isbn = "isbn",
        Issn = "issn",
        LisSourcedId = "lisSourcedId",
        OneRosterSourcedId = "oneRosterSourcedId",
        SisSourcedId = "sisSourcedId",
        LtiContextId = "ltiContextId",
        LtiDeploymentId = "ltiDeploymentId",
        LtiToolId = "ltiToolId",
        LtiPlatformId = "ltiPlatformId",
        LtiUserId = "ltiUserId",
        Identifier = "identifier",
    }
}

vocab! {
    /// How two achievements of a CLR relate (`associationType` of an
    /// [`Association`](super::Association)).
    pub enum AssociationType {
        ExactMatchOf = "exactMatchOf",
        IsChildOf = "isChildOf",
        IsParentOf = "isParentOf",
        IsPartOf = "isPartOf",
        IsPeerOf = "isPeerOf",
        IsRelatedTo = "isRelatedTo",
        Precedes = "precedes",
        ReplacedBy = "replacedBy",
    }
}

vocab! {
    /// The status of a [`AchievementResult`](super::AchievementResult) (`status`).
    pub enum ResultStatusType {
        Completed = "Completed",
        Enrolled = "Enrolled",
        Failed = "Failed",
        InProgress = "InProgress",
        OnHold = "OnHold",
        Provisional = "Provisional",
        Withdrew = "Withdrew",
    }
}

vocab! {
    /// The major status code of an OB API response (`imsx_codeMajor`).
    pub enum ImsxCodeMajor {
        Failure = "failure",
        Processing = "processing",
        Success = "success",
        Unsupported = "unsupported",
    }
}

vocab! {
    /// The severity of an OB API status (`imsx_severity`).
    pub enum ImsxSeverity {
        Error = "error",
        Status = "status",
        Warning = "warning",
    }
}

vocab! {
    /// The minor status code of an OB API response (`imsx_codeMinorFieldValue`).
    pub enum ImsxCodeMinorFieldValue {
        Forbidden = "forbidden",
        FullSuccess = "fullsuccess",
        InternalServerError = "internal_server_error",
        InvalidData = "invalid_data",
        InvalidQueryParameter = "invalid_query_parameter",
        MisdirectedRequest = "misdirected_request",
        NotAcceptable = "not_acceptable",
        NotAllowed = "not_allowed",
        NotFound = "not_found",
        NotModified = "not_modified",
        ServerBusy = "server_busy",
        UnauthorizedRequest = "unauthorizedrequest",
        Unknown = "unknown",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extension_terms_are_anchored() {
        assert!(is_extension_term("ext:Micro.Badge-1_x"));
        assert!(!is_extension_term("ext:"));
        assert!(!is_extension_term("myext:Thing"));
        assert!(!is_extension_term("ext:a b"));
        assert_eq!(
            AchievementType::parse("ext:Thing"),
            Ok(AchievementType::Ext("ext:Thing".into()))
        );
        let err = AchievementType::parse("Thing").unwrap_err();
        assert!(err.to_string().contains("\"Thing\""), "{err}");
        assert!(
            err.to_string().contains("or an `ext:` extension term"),
            "{err}"
        );
    }

    #[test]
    fn closed_sets_refuse_extensions() {
        let err = ResultStatusType::parse("ext:Paused").unwrap_err();
        assert!(!err.extensible);
        assert!(err.to_string().contains("Completed, Enrolled"), "{err}");
        assert_eq!(
            AssociationType::parse("isPartOf"),
            Ok(AssociationType::IsPartOf)
        );
    }

    #[test]
    fn terms_round_trip() {
        for term in AlignmentTargetType::TERMS {
            assert_eq!(AlignmentTargetType::parse(term).unwrap().as_str(), *term);
        }
    }
}
