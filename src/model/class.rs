//! The `class!` macro that declares a model class, and the `type` checks it uses.

use serde::{Deserialize, Deserializer};

use crate::values::OneOrMany;

/// Declares a public `#[non_exhaustive]` model struct with:
/// - `auto` members set by `new` (for example `type`, `@context`),
/// - `required` members, the arguments of `new`,
/// - `new_optional` members: `Option<T>` in the data (legacy forms may omit them) but
///   arguments of `new`, so that builders always set them,
/// - `optional` members (`Option<T>`, omitted when `None`; a JSON `null` is refused), each with a builder method
///   of the same name,
/// - a flattened `extensions` map that keeps every other member.
macro_rules! class {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            auto {
                $( $(#[$ameta:meta])* $afield:ident : $aty:ty = $ainit:expr ),* $(,)?
            }
            required {
                $( $(#[$rmeta:meta])* $rfield:ident : $rty:ty ),* $(,)?
            }
            $(
                new_optional {
                    $( $(#[$nmeta:meta])* $nfield:ident : $nty:ty ),* $(,)?
                }
            )?
            optional {
                $( $(#[$ometa:meta])* $ofield:ident : $oty:ty ),* $(,)?
            }
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "camelCase")]
        #[non_exhaustive]
        pub struct $name {
            $( $(#[$ameta])* pub $afield: $aty, )*
            $( $(#[$rmeta])* pub $rfield: $rty, )*
            $($(
                $(#[$nmeta])*
                #[serde(
                    default,
                    skip_serializing_if = "Option::is_none",
                    deserialize_with = "crate::model::class::present"
                )]
                pub $nfield: Option<$nty>,
            )*)?
            $(
                $(#[$ometa])*
                #[serde(
                    default,
                    skip_serializing_if = "Option::is_none",
                    deserialize_with = "crate::model::class::present"
                )]
                pub $ofield: Option<$oty>,
            )*
            /// Every member this model does not know, kept as received.
            #[serde(flatten)]
            pub extensions: std::collections::BTreeMap<String, serde_json::Value>,
        }

        impl $name {
            /// Creates the object from its required members; the others are unset.
            #[allow(clippy::too_many_arguments, clippy::new_without_default)]
            pub fn new($($rfield: impl Into<$rty>,)* $($($nfield: impl Into<$nty>,)*)?) -> Self {
                $name {
                    $( $afield: $ainit, )*
                    $( $rfield: $rfield.into(), )*
                    $($( $nfield: Some($nfield.into()), )*)?
                    $( $ofield: None, )*
                    extensions: std::collections::BTreeMap::new(),
                }
            }

            $(
                #[doc = concat!("Sets `", stringify!($ofield), "` (builder style).")]
                #[must_use]
                pub fn $ofield(mut self, value: impl Into<$oty>) -> Self {
                    self.$ofield = Some(value.into());
                    self
                }
            )*

            /// Adds a member this model does not know (builder style).
            #[must_use]
            pub fn extension(mut self, name: impl Into<String>, value: impl Into<serde_json::Value>) -> Self {
                self.extensions.insert(name.into(), value.into());
                self
            }
        }
    };
}

/// Declares slice accessors for the optional list members of a model class: for each
/// `method => field: T, "jsonName"`, `fn method(&self) -> &[T]` gives the member's values
/// (one value or an array alike, in order), and an empty slice when the member is absent.
macro_rules! lists {
    ($(
        $name:ident {
            $( $method:ident => $field:ident : $ty:ty, $json:literal ),* $(,)?
        }
    )*) => {
        $(
            impl $name {
                $(
                    #[doc = concat!(
                        "The `", $json, "` values: one value or an array alike, in order; ",
                        "empty when `", $json, "` is absent. The field [`", stringify!($field),
                        "`](Self::", stringify!($field), ") keeps the shape it came in."
                    )]
                    pub fn $method(&self) -> &[$ty] {
                        self.$field
                            .as_ref()
                            .map_or(&[], crate::values::OneOrMany::as_slice)
                    }
                )*
            }
        )*
    };
}

/// Deserializes an optional member that is present: `null` is refused like any other value
/// of the wrong type instead of being read as "absent" (which would drop the member on the
/// way back and change the JSON).
pub(crate) fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    T::deserialize(deserializer).map(Some)
}

/// Deserializes `type` and checks that, for each group, one of its names is present.
pub(crate) fn checked_types<'de, D: Deserializer<'de>>(
    deserializer: D,
    class: &str,
    groups: &[&[&str]],
) -> Result<OneOrMany<String>, D::Error> {
    let types = OneOrMany::<String>::deserialize(deserializer)?;
    for group in groups {
        if !group.iter().any(|name| types.iter().any(|t| t == name)) {
            let wanted = group
                .iter()
                .map(|n| format!("\"{n}\""))
                .collect::<Vec<_>>()
                .join(" or ");
            return Err(serde::de::Error::custom(format_args!(
                "`type` of this {class} must contain {wanted}, found {:?}",
                types.as_slice()
            )));
        }
    }
    Ok(types)
}

/// Declares `fn $fn(deserializer)` checking the `type` of a class (for `deserialize_with`),
/// and `const` with the class's default type list for builders.
macro_rules! type_check {
    ($($fn:ident: $class:literal => [$([$($name:literal),+]),+];)+) => {
        $(
            pub(crate) fn $fn<'de, D: serde::Deserializer<'de>>(
                deserializer: D,
            ) -> Result<crate::values::OneOrMany<String>, D::Error> {
                crate::model::class::checked_types(deserializer, $class, &[$(&[$($name),+]),+])
            }
        )+
    };
}

pub(crate) mod types {
    type_check! {
        achievement_credential: "AchievementCredential" => [["VerifiableCredential"], ["AchievementCredential", "OpenBadgeCredential"]];
        endorsement_credential: "EndorsementCredential" => [["VerifiableCredential"], ["EndorsementCredential"]];
        clr_credential: "ClrCredential" => [["VerifiableCredential"], ["ClrCredential"]];
        verifiable_presentation: "VerifiablePresentation" => [["VerifiablePresentation"]];
        achievement_subject: "AchievementSubject" => [["AchievementSubject"]];
        endorsement_subject: "EndorsementSubject" => [["EndorsementSubject"]];
        clr_subject: "ClrSubject" => [["ClrSubject"]];
        achievement: "Achievement" => [["Achievement"]];
        profile: "Profile" => [["Profile"]];
        alignment: "Alignment" => [["Alignment"]];
        result: "Result" => [["Result"]];
        result_description: "ResultDescription" => [["ResultDescription"]];
        rubric_criterion_level: "RubricCriterionLevel" => [["RubricCriterionLevel"]];
        related: "Related" => [["Related"]];
        evidence: "Evidence" => [["Evidence"]];
        image: "Image" => [["Image"]];
        identity_object: "IdentityObject" => [["IdentityObject"]];
        identifier_entry: "IdentifierEntry" => [["IdentifierEntry"]];
        address: "Address" => [["Address"]];
        geo_coordinates: "GeoCoordinates" => [["GeoCoordinates"]];
        association: "Association" => [["Association"]];
    }
}
