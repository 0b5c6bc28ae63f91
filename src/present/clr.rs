//! Choosing member credentials of a CLR 2.0 `ClrCredential` for a presentation.
//!
//! A `ClrCredential` carries its member credentials, each with its own proof, in
//! `credentialSubject.verifiableCredential[]`. A holder who wants to show some of them
//! presents those members as separate credentials: each keeps its issuer's proof and
//! verifies alone, and nothing else of the CLR (its other members, achievements,
//! associations) goes into the presentation.

use std::fmt;
use std::str::FromStr;

use serde_json::Value;

use super::PresentError;
use crate::report::JsonPath;

/// The `type` a CLR 2.0 credential carries.
pub const CLR_CREDENTIAL_TYPE: &str = "ClrCredential";

/// One member credential of a CLR, by its `id` or by its position in
/// `credentialSubject.verifiableCredential`.
///
/// ```
/// use openbadges::present::ClrMember;
///
/// assert_eq!("1".parse::<ClrMember>(), Ok(ClrMember::Index(1)));
/// assert_eq!(
///     "urn:uuid:2b2f50bc".parse::<ClrMember>(),
///     Ok(ClrMember::Id("urn:uuid:2b2f50bc".into()))
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ClrMember {
    /// The member whose `id` is this.
    Id(String),
    /// The member at this position (from 0).
    Index(usize),
}

impl ClrMember {
    /// The member with this `id`.
    pub fn id(id: impl Into<String>) -> Self {
        Self::Id(id.into())
    }

    /// The member at this position (from 0).
    pub fn index(index: usize) -> Self {
        Self::Index(index)
    }
}

impl fmt::Display for ClrMember {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Id(id) => write!(f, "id \"{id}\""),
            Self::Index(i) => write!(f, "index {i}"),
        }
    }
}

impl FromStr for ClrMember {
    type Err = std::convert::Infallible;

    /// A decimal number (ASCII digits only) is an index, anything else an `id`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if !s.is_empty()
            && s.bytes().all(|b| b.is_ascii_digit())
            && let Ok(i) = s.parse::<usize>()
        {
            return Ok(Self::Index(i));
        }
        Ok(Self::Id(s.to_owned()))
    }
}

impl From<usize> for ClrMember {
    fn from(index: usize) -> Self {
        Self::Index(index)
    }
}

impl From<&str> for ClrMember {
    fn from(id: &str) -> Self {
        Self::Id(id.to_owned())
    }
}

impl From<String> for ClrMember {
    fn from(id: String) -> Self {
        Self::Id(id)
    }
}

/// True when the JSON `type` (a string or an array of strings) names `ClrCredential`.
pub fn is_clr_credential(value: &Value) -> bool {
    match value.get("type") {
        Some(Value::String(t)) => t == CLR_CREDENTIAL_TYPE,
        Some(Value::Array(ts)) => ts.iter().any(|t| t == CLR_CREDENTIAL_TYPE),
        _ => false,
    }
}

/// The JSON path of the members array.
fn members_path() -> JsonPath {
    JsonPath::root()
        .key("credentialSubject")
        .key("verifiableCredential")
}

/// The chosen members of `clr`, in the order chosen, each once.
///
/// `index` is the CLR's position among the builder's credentials, for errors.
pub(super) fn select<'a>(
    clr: &'a Value,
    chosen: &[ClrMember],
    index: usize,
) -> Result<Vec<(JsonPath, &'a Value)>, PresentError> {
    if !clr.is_object() {
        return Err(PresentError::NotClr {
            index,
            path: JsonPath::root(),
            reason: "not a JSON object",
        });
    }
    if !is_clr_credential(clr) {
        return Err(PresentError::NotClr {
            index,
            path: JsonPath::root().key("type"),
            reason: "its type does not include ClrCredential",
        });
    }
    let members = match clr.get("credentialSubject") {
        Some(Value::Object(subject)) => match subject.get("verifiableCredential") {
            Some(Value::Array(members)) => members,
            Some(_) => {
                return Err(PresentError::NotClr {
                    index,
                    path: members_path(),
                    reason: "not an array of credentials",
                });
            }
            None => {
                return Err(PresentError::NotClr {
                    index,
                    path: members_path(),
                    reason: "absent: the CLR has no member credentials",
                });
            }
        },
        _ => {
            return Err(PresentError::NotClr {
                index,
                path: JsonPath::root().key("credentialSubject"),
                reason: "not a single JSON object",
            });
        }
    };
    if chosen.is_empty() {
        return Err(PresentError::ClrNoMemberChosen { index });
    }
    let mut positions: Vec<usize> = Vec::with_capacity(chosen.len());
    for member in chosen {
        let found = match member {
            ClrMember::Index(i) => (*i < members.len()).then_some(*i),
            ClrMember::Id(id) => members
                .iter()
                .position(|m| m.get("id").and_then(Value::as_str) == Some(id.as_str())),
        };
        let Some(position) = found else {
            return Err(PresentError::ClrMemberNotFound {
                index,
                path: members_path(),
                member: member.clone(),
                count: members.len(),
            });
        };
        if !positions.contains(&position) {
            positions.push(position);
        }
    }
    let mut out = Vec::with_capacity(positions.len());
    for position in positions {
        let path = members_path().index(position);
        let member = &members[position];
        if !member.is_object() {
            return Err(PresentError::ClrMemberUnusable {
                index,
                path,
                reason: "not a JSON object",
            });
        }
        if !is_enveloped(member) && !has_proof(member) {
            return Err(PresentError::ClrMemberUnusable {
                index,
                path,
                reason: "it has no proof, so it would not verify on its own",
            });
        }
        out.push((path, member));
    }
    Ok(out)
}

/// True when the credential has a non-empty `proof`.
fn has_proof(member: &Value) -> bool {
    match member.get("proof") {
        Some(Value::Array(items)) => items.iter().any(Value::is_object),
        Some(Value::Object(_)) => true,
        _ => false,
    }
}

/// True for an `EnvelopedVerifiableCredential` (its proof is the enveloped JWS).
fn is_enveloped(member: &Value) -> bool {
    let named = |t: &Value| t == "EnvelopedVerifiableCredential";
    let typed = match member.get("type") {
        Some(Value::Array(ts)) => ts.iter().any(named),
        Some(t) => named(t),
        None => false,
    };
    typed
        && member
            .get("id")
            .and_then(Value::as_str)
            .is_some_and(|id| id.starts_with("data:"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn member_display_parse_round_trip(i in any::<usize>(), id in "[a-z:]{1,20}") {
            prop_assert_eq!(i.to_string().parse::<ClrMember>(), Ok(ClrMember::Index(i)));
            prop_assert_eq!(id.parse::<ClrMember>(), Ok(ClrMember::Id(id.clone())));
        }
    }

    #[test]
    fn huge_number_is_an_id() {
        let s = "99999999999999999999999999999";
        assert_eq!(s.parse::<ClrMember>(), Ok(ClrMember::Id(s.into())));
    }
}
