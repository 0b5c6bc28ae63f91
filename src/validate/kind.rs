//! [`Kind`]: which OB 3.0 / CLR 2.0 class a document is, and how it is detected.

use std::fmt;

use serde_json::Value;

/// The class of a top-level document, which picks the JSON Schema and the rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Kind {
    /// An OB 3.0 `AchievementCredential` (alias `OpenBadgeCredential`).
    AchievementCredential,
    /// An OB 3.0 `EndorsementCredential`.
    EndorsementCredential,
    /// A CLR 2.0 `ClrCredential`.
    ClrCredential,
    /// An OB 3.0 `Profile` (only when asked for explicitly).
    Profile,
    /// The OB API `GetOpenBadgeCredentialsResponse` payload (only when asked for explicitly).
    GetOpenBadgeCredentialsResponse,
    /// The CLR API `GetClrCredentialsResponse` payload (only when asked for explicitly).
    GetClrCredentialsResponse,
    /// The OB API `Imsx_StatusInfo` payload (only when asked for explicitly).
    ImsxStatusInfo,
}

impl Kind {
    /// Every kind, in a fixed order.
    pub const ALL: [Kind; 7] = [
        Kind::AchievementCredential,
        Kind::EndorsementCredential,
        Kind::ClrCredential,
        Kind::Profile,
        Kind::GetOpenBadgeCredentialsResponse,
        Kind::GetClrCredentialsResponse,
        Kind::ImsxStatusInfo,
    ];

    /// The class name as the specs spell it.
    pub fn name(self) -> &'static str {
        match self {
            Kind::AchievementCredential => "AchievementCredential",
            Kind::EndorsementCredential => "EndorsementCredential",
            Kind::ClrCredential => "ClrCredential",
            Kind::Profile => "Profile",
            Kind::GetOpenBadgeCredentialsResponse => "GetOpenBadgeCredentialsResponse",
            Kind::GetClrCredentialsResponse => "GetClrCredentialsResponse",
            Kind::ImsxStatusInfo => "Imsx_StatusInfo",
        }
    }

    /// Parses a class name (case-sensitive; `OpenBadgeCredential` is an alias of
    /// `AchievementCredential`).
    pub fn from_name(name: &str) -> Option<Kind> {
        match name {
            "OpenBadgeCredential" => Some(Kind::AchievementCredential),
            _ => Kind::ALL.into_iter().find(|k| k.name() == name),
        }
    }

    /// True for the three verifiable credential kinds.
    pub fn is_credential(self) -> bool {
        matches!(
            self,
            Kind::AchievementCredential | Kind::EndorsementCredential | Kind::ClrCredential
        )
    }

    /// The bundled JSON Schema file (under `schemas/`) for this kind.
    pub fn schema_file(self) -> &'static str {
        match self {
            Kind::AchievementCredential => "ob_v3p0_achievementcredential_schema.json",
            Kind::EndorsementCredential => "ob_v3p0_endorsementcredential_schema.json",
            Kind::ClrCredential => "clr_v2p0_clrcredential_schema.json",
            Kind::Profile => "ob_v3p0_profile_schema.json",
            Kind::GetOpenBadgeCredentialsResponse => {
                "ob_v3p0_getopenbadgecredentialsresponse_schema.json"
            }
            Kind::GetClrCredentialsResponse => "clr_v2p0_getclrcredentialsresponse_schema.json",
            Kind::ImsxStatusInfo => "ob_v3p0_imsx_statusinfo_schema.json",
        }
    }

    /// Detects a credential kind from the `type` member (a string or an array of strings).
    ///
    /// Only the three credential kinds are detected; the API payloads and `Profile` carry no
    /// distinguishing `type` and must be asked for explicitly. A `ClrCredential` type wins
    /// over the others, then `EndorsementCredential`, then `AchievementCredential` /
    /// `OpenBadgeCredential`.
    ///
    /// ```
    /// use openbadges::validate::Kind;
    /// use serde_json::json;
    ///
    /// let doc = json!({"type": ["VerifiableCredential", "OpenBadgeCredential"]});
    /// assert_eq!(Kind::detect(&doc), Some(Kind::AchievementCredential));
    /// assert_eq!(Kind::detect(&json!({"type": "ClrCredential"})), Some(Kind::ClrCredential));
    /// assert_eq!(Kind::detect(&json!({"type": "Other"})), None);
    /// ```
    pub fn detect(value: &Value) -> Option<Kind> {
        let types = type_names(value.get("type")?);
        [
            ("ClrCredential", Kind::ClrCredential),
            ("EndorsementCredential", Kind::EndorsementCredential),
            ("AchievementCredential", Kind::AchievementCredential),
            ("OpenBadgeCredential", Kind::AchievementCredential),
        ]
        .into_iter()
        .find(|(name, _)| types.contains(name))
        .map(|(_, kind)| kind)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The string members of a `type` value (a single string or an array).
pub(crate) fn type_names(value: &Value) -> Vec<&str> {
    match value {
        Value::String(s) => vec![s.as_str()],
        Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}
