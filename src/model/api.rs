//! The OB and CLR API payloads: `GetOpenBadgeCredentialsResponse`,
//! `GetClrCredentialsResponse`, `Imsx_StatusInfo`.

use super::clr::ClrCredential;
use super::credential::AchievementCredential;
use super::vocab::{ImsxCodeMajor, ImsxCodeMinorFieldValue, ImsxSeverity};
use crate::values::OneOrMany;

class! {
    /// `GetOpenBadgeCredentialsResponse`: the body of `GET /credentials` (OB API).
    pub struct GetOpenBadgeCredentialsResponse {
        auto {}
        required {}
        optional {
            /// `credential`s as JSON-LD.
            credential: OneOrMany<AchievementCredential>,
            /// `compactJwsString`: credentials as VC-JWT.
            compact_jws_string: OneOrMany<String>,
        }
    }
}

class! {
    /// `GetClrCredentialsResponse`: the body of `GET /credentials` (CLR API).
    pub struct GetClrCredentialsResponse {
        auto {}
        required {}
        optional {
            /// `credential`s as JSON-LD.
            credential: OneOrMany<ClrCredential>,
            /// `compactJwsString`: credentials as VC-JWT.
            compact_jws_string: OneOrMany<String>,
        }
    }
}

class! {
    /// `Imsx_StatusInfo`: the status body of an API error.
    pub struct ImsxStatusInfo {
        auto {}
        required {
            /// `imsx_codeMajor`.
            #[serde(rename = "imsx_codeMajor")]
            imsx_code_major: ImsxCodeMajor,
            /// `imsx_severity`.
            #[serde(rename = "imsx_severity")]
            imsx_severity: ImsxSeverity,
        }
        optional {
            /// `imsx_description`.
            #[serde(rename = "imsx_description")]
            imsx_description: String,
            /// `imsx_codeMinor`.
            #[serde(rename = "imsx_codeMinor")]
            imsx_code_minor: ImsxCodeMinor,
        }
    }
}

class! {
    /// `Imsx_CodeMinor`: the minor status codes of an [`ImsxStatusInfo`].
    pub struct ImsxCodeMinor {
        auto {}
        required {
            /// `imsx_codeMinorField`s.
            #[serde(rename = "imsx_codeMinorField")]
            imsx_code_minor_field: OneOrMany<ImsxCodeMinorField>,
        }
        optional {}
    }
}

class! {
    /// `Imsx_CodeMinorField`: one minor status code.
    pub struct ImsxCodeMinorField {
        auto {}
        required {
            /// `imsx_codeMinorFieldName`.
            #[serde(rename = "imsx_codeMinorFieldName")]
            imsx_code_minor_field_name: String,
            /// `imsx_codeMinorFieldValue`.
            #[serde(rename = "imsx_codeMinorFieldValue")]
            imsx_code_minor_field_value: ImsxCodeMinorFieldValue,
        }
        optional {}
    }
}
