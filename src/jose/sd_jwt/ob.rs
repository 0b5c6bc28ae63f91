//! Open Badges credentials as SD-JWT VC claims, and back.
//!
//! | credential | SD-JWT VC claim |
//! |---|---|
//! | `issuer` (its id) | `iss` |
//! | `issuer` (a Profile object) | `issuer` (the object) |
//! | `id` | `jti` |
//! | `validFrom` | `iat` and `nbf` (seconds) |
//! | `validUntil` | `exp` |
//! | `credentialSubject.id` | `sub` |
//! | `credentialSubject.type` | `subject_type` |
//! | other `credentialSubject` members (`achievement`, `result`, …) | top-level claims |
//! | `credentialStatus` | `status.bitstring_status_list_entry` (the entry as is) |
//! | every other member (`@context`, `type`, `name`, `evidence`, …) | `credential.<member>` |
//! | — | `vct` (given) |
//!
//! `status`: SD-JWT VC's own mechanism (`status.status_list`) is the IETF Token Status
//! List, a different list format from the W3C Bitstring Status List that Open Badges use,
//! so the entry is kept under its own member name rather than presented as something it
//! is not. Dates become whole seconds (`2024-01-15T09:00:00.5+02:00` maps back as
//! `2024-01-15T07:00:00Z`).

use chrono::{DateTime, SecondsFormat};
use serde_json::{Map, Value};

use super::SdJwtError;

/// Claims this mapping writes itself; a subject member with one of these names cannot be
/// mapped.
const RESERVED: [&str; 13] = [
    "iss",
    "issuer",
    "jti",
    "iat",
    "nbf",
    "exp",
    "sub",
    "subject_type",
    "status",
    "credential",
    "vct",
    "cnf",
    "_sd_alg",
];

/// SD-JWT VC claims of an Open Badges (or any VCDM 2.0) credential (see the module table).
///
/// ```
/// use openbadges::jose::sd_jwt::{claims_to_credential, credential_to_claims};
/// use serde_json::json;
///
/// let vc = json!({"@context": ["https://www.w3.org/ns/credentials/v2"],
///   "type": ["VerifiableCredential", "OpenBadgeCredential"],
///   "issuer": "did:example:issuer", "validFrom": "2024-01-15T09:00:00Z",
///   "credentialSubject": {"id": "did:example:learner", "type": ["AchievementSubject"],
///     "achievement": {"id": "https://example.edu/a", "name": "Teamwork"}}});
/// let claims = credential_to_claims(&vc, "https://example.edu/vct/badge")?;
/// assert_eq!(claims["iss"], "did:example:issuer");
/// assert_eq!(claims["nbf"], 1705309200);
/// assert_eq!(claims["achievement"]["name"], "Teamwork");
/// assert_eq!(claims_to_credential(&claims)?, vc);
/// # Ok::<(), openbadges::jose::sd_jwt::SdJwtError>(())
/// ```
///
/// # Errors
/// [`SdJwtError::Mapping`] when the credential is not an object, has no issuer id, no
/// `credentialSubject` object, a date that is not RFC 3339, or a subject member whose name
/// is one of the claims the mapping writes.
pub fn credential_to_claims(credential: &Value, vct: &str) -> Result<Value, SdJwtError> {
    let fail = |member, reason| SdJwtError::Mapping { member, reason };
    let Value::Object(vc) = credential else {
        return Err(fail("credential", "not a JSON object"));
    };
    let mut claims = Map::new();
    claims.insert("vct".into(), vct.into());
    match vc.get("issuer") {
        Some(Value::String(id)) => {
            claims.insert("iss".into(), id.clone().into());
        }
        Some(profile @ Value::Object(o)) => {
            let id = o
                .get("id")
                .and_then(Value::as_str)
                .ok_or_else(|| fail("issuer", "the issuer profile has no id"))?;
            claims.insert("iss".into(), id.into());
            claims.insert("issuer".into(), profile.clone());
        }
        _ => return Err(fail("issuer", "missing, or neither a string nor an object")),
    }
    if let Some(id) = vc.get("id") {
        claims.insert("jti".into(), id.clone());
    }
    if let Some(from) = vc.get("validFrom") {
        let seconds = seconds(from).ok_or_else(|| fail("validFrom", "not an RFC 3339 date"))?;
        claims.insert("iat".into(), seconds.into());
        claims.insert("nbf".into(), seconds.into());
    }
    if let Some(until) = vc.get("validUntil") {
        let seconds = seconds(until).ok_or_else(|| fail("validUntil", "not an RFC 3339 date"))?;
        claims.insert("exp".into(), seconds.into());
    }
    let Some(Value::Object(subject)) = vc.get("credentialSubject") else {
        return Err(fail("credentialSubject", "missing or not a single object"));
    };
    for (k, v) in subject {
        match k.as_str() {
            "id" => {
                claims.insert("sub".into(), v.clone());
            }
            "type" => {
                claims.insert("subject_type".into(), v.clone());
            }
            name if RESERVED.contains(&name) => {
                return Err(fail(
                    "credentialSubject",
                    "a subject member is named like a claim of the mapping",
                ));
            }
            _ => {
                claims.insert(k.clone(), v.clone());
            }
        }
    }
    if let Some(status) = vc.get("credentialStatus") {
        let mut s = Map::new();
        s.insert("bitstring_status_list_entry".into(), status.clone());
        claims.insert("status".into(), Value::Object(s));
    }
    let mut rest = Map::new();
    for (k, v) in vc {
        if !matches!(
            k.as_str(),
            "issuer"
                | "id"
                | "validFrom"
                | "validUntil"
                | "credentialSubject"
                | "credentialStatus"
                | "proof"
        ) {
            rest.insert(k.clone(), v.clone());
        }
    }
    if !rest.is_empty() {
        claims.insert("credential".into(), Value::Object(rest));
    }
    Ok(Value::Object(claims))
}

/// The credential of SD-JWT VC claims made by [`credential_to_claims`] (after disclosure:
/// undisclosed claims are simply absent). Members come out in the order `@context`,
/// `id`, `type`, `issuer`, `validFrom`, `validUntil`, the other credential members,
/// `credentialSubject`, `credentialStatus`.
///
/// # Errors
/// [`SdJwtError::Mapping`] when the claims are not an object, `iss` is missing, or a
/// date claim is not an integer in range.
pub fn claims_to_credential(claims: &Value) -> Result<Value, SdJwtError> {
    let fail = |member, reason| SdJwtError::Mapping { member, reason };
    let Value::Object(c) = claims else {
        return Err(fail("claims", "not a JSON object"));
    };
    let rest = c.get("credential").and_then(Value::as_object);
    let mut vc = Map::new();
    if let Some(ctx) = rest.and_then(|r| r.get("@context")) {
        vc.insert("@context".into(), ctx.clone());
    }
    if let Some(id) = c.get("jti") {
        vc.insert("id".into(), id.clone());
    }
    if let Some(t) = rest.and_then(|r| r.get("type")) {
        vc.insert("type".into(), t.clone());
    }
    match (c.get("issuer"), c.get("iss")) {
        (Some(profile @ Value::Object(_)), _) => {
            vc.insert("issuer".into(), profile.clone());
        }
        (_, Some(iss @ Value::String(_))) => {
            vc.insert("issuer".into(), iss.clone());
        }
        _ => return Err(fail("iss", "missing or not a string")),
    }
    for (claim, member) in [("nbf", "validFrom"), ("exp", "validUntil")] {
        if let Some(v) = c.get(claim) {
            let date = v
                .as_i64()
                .and_then(|s| DateTime::from_timestamp(s, 0))
                .ok_or_else(|| fail(member, "the date claim is not an integer in range"))?;
            vc.insert(
                member.into(),
                date.to_rfc3339_opts(SecondsFormat::Secs, true).into(),
            );
        }
    }
    if let Some(rest) = rest {
        for (k, v) in rest {
            if k != "@context" && k != "type" {
                vc.insert(k.clone(), v.clone());
            }
        }
    }
    let mut subject = Map::new();
    if let Some(sub) = c.get("sub") {
        subject.insert("id".into(), sub.clone());
    }
    if let Some(t) = c.get("subject_type") {
        subject.insert("type".into(), t.clone());
    }
    for (k, v) in c {
        if !RESERVED.contains(&k.as_str()) {
            subject.insert(k.clone(), v.clone());
        }
    }
    vc.insert("credentialSubject".into(), Value::Object(subject));
    if let Some(entry) = c
        .get("status")
        .and_then(|s| s.get("bitstring_status_list_entry"))
    {
        vc.insert("credentialStatus".into(), entry.clone());
    }
    Ok(Value::Object(vc))
}

/// The JSON pointers a badge's holder usually wants to choose about, for claims made by
/// [`credential_to_claims`]: each subject claim other than `achievement` (`result`,
/// `identifier`, …, and each element of an array claim), and the `achievement`'s members
/// other than `id`, `type` and `criteria` (which OB 3.0 requires).
pub fn default_disclosable(claims: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let Some(c) = claims.as_object() else {
        return out;
    };
    for (k, v) in c {
        if RESERVED.contains(&k.as_str()) {
            continue;
        }
        let escaped = k.replace('~', "~0").replace('/', "~1");
        if k == "achievement" {
            if let Some(a) = v.as_object() {
                for m in a.keys() {
                    if !matches!(m.as_str(), "id" | "type" | "criteria") {
                        out.push(format!(
                            "/achievement/{}",
                            m.replace('~', "~0").replace('/', "~1")
                        ));
                    }
                }
            }
            continue;
        }
        match v {
            Value::Array(items) => {
                out.extend((0..items.len()).map(|i| format!("/{escaped}/{i}")));
            }
            _ => out.push(format!("/{escaped}")),
        }
    }
    out
}

fn seconds(value: &Value) -> Option<i64> {
    DateTime::parse_from_rfc3339(value.as_str()?)
        .ok()
        .map(|d| d.timestamp())
}
