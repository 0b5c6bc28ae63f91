//! `BitstringStatusListEntry` (in a credential) and its check against a status list credential.

use serde_json::{Value, json};

use super::bitstring::{BitstringStatusList, MIN_ENTRIES_BITS};
use super::{StatusError, codes};
use crate::report::{Finding, JsonPath};

/// What a status entry is for.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum StatusPurpose {
    /// Permanently cancelled when the entry is non-zero.
    Revocation,
    /// Temporarily not valid when the entry is non-zero.
    Suspension,
    /// A newer version is available (informational).
    Refresh,
    /// A multi-bit status with messages.
    Message,
    /// Any other purpose string.
    Other(String),
}

impl StatusPurpose {
    /// Parses a `statusPurpose` value.
    pub fn parse(text: &str) -> Self {
        match text {
            "revocation" => StatusPurpose::Revocation,
            "suspension" => StatusPurpose::Suspension,
            "refresh" => StatusPurpose::Refresh,
            "message" => StatusPurpose::Message,
            other => StatusPurpose::Other(other.to_string()),
        }
    }

    /// The `statusPurpose` string.
    pub fn as_str(&self) -> &str {
        match self {
            StatusPurpose::Revocation => "revocation",
            StatusPurpose::Suspension => "suspension",
            StatusPurpose::Refresh => "refresh",
            StatusPurpose::Message => "message",
            StatusPurpose::Other(s) => s,
        }
    }
}

/// One `statusMessage` item: the meaning of a status value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusMessage {
    /// The value (`status` is written as hex, `"0x1"`).
    pub status: u32,
    /// What the value means.
    pub message: String,
}

/// A parsed `BitstringStatusListEntry`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct StatusEntry {
    /// The entry's `id`, if any (it may be a blank node).
    pub id: Option<String>,
    /// `statusPurpose`.
    pub purpose: StatusPurpose,
    /// `statusListIndex`.
    pub index: u64,
    /// `statusListCredential`: the URL of the list credential.
    pub list_credential: String,
    /// `statusSize` in bits (default 1).
    pub status_size: u32,
    /// `statusMessage` items.
    pub messages: Vec<StatusMessage>,
}

fn entry_error(path: &JsonPath, member: &str, message: impl Into<String>) -> Finding {
    Finding::error(codes::ENTRY_INVALID, path.clone().key(member), message)
}

fn parse_index(value: &Value) -> Option<u64> {
    match value {
        Value::String(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => {
            s.parse().ok()
        }
        Value::Number(n) => n.as_u64(),
        _ => None,
    }
}

impl StatusEntry {
    /// Parses the entry at `path`; problems become findings in `findings`.
    ///
    /// Returns `None` when the entry is unusable (an error finding says why). A numeric
    /// `statusListIndex` is accepted with a warning: the spec says it is a string, but
    /// 1EdTech's own fixtures use a number.
    pub fn parse(value: &Value, path: &JsonPath, findings: &mut Vec<Finding>) -> Option<Self> {
        let before = findings.len();
        let Some(object) = value.as_object() else {
            findings.push(Finding::error(
                codes::ENTRY_INVALID,
                path.clone(),
                "credentialStatus must be an object",
            ));
            return None;
        };
        let has_type = match object.get("type") {
            Some(Value::String(t)) => t == "BitstringStatusListEntry",
            Some(Value::Array(ts)) => ts.iter().any(|t| t == "BitstringStatusListEntry"),
            _ => false,
        };
        if !has_type {
            findings.push(entry_error(
                path,
                "type",
                "type must be BitstringStatusListEntry",
            ));
        }
        let purpose = match object.get("statusPurpose") {
            Some(Value::String(p)) => Some(StatusPurpose::parse(p)),
            _ => {
                findings.push(entry_error(
                    path,
                    "statusPurpose",
                    "statusPurpose must be a string",
                ));
                None
            }
        };
        let index = match object.get("statusListIndex") {
            Some(v) => {
                let index = parse_index(v);
                if index.is_none() {
                    findings.push(entry_error(
                        path,
                        "statusListIndex",
                        "statusListIndex must be a non-negative integer written as a string",
                    ));
                } else if v.is_number() {
                    findings.push(Finding::warning(
                        codes::ENTRY_INVALID,
                        path.clone().key("statusListIndex"),
                        "statusListIndex should be a string, not a number",
                    ));
                }
                index
            }
            None => {
                findings.push(entry_error(
                    path,
                    "statusListIndex",
                    "statusListIndex is required",
                ));
                None
            }
        };
        let list_credential = match object.get("statusListCredential") {
            Some(Value::String(url)) if !url.is_empty() => Some(url.clone()),
            _ => {
                findings.push(entry_error(
                    path,
                    "statusListCredential",
                    "statusListCredential must be a URL",
                ));
                None
            }
        };
        let status_size = match object.get("statusSize") {
            None => 1,
            Some(v) => match v.as_u64().and_then(|n| u32::try_from(n).ok()) {
                Some(n @ 1..=32) => n,
                _ => {
                    findings.push(entry_error(
                        path,
                        "statusSize",
                        "statusSize must be an integer from 1 to 32",
                    ));
                    1
                }
            },
        };
        let messages = parse_messages(object.get("statusMessage"), status_size, path, findings);
        if findings[before..]
            .iter()
            .any(|f| f.severity == crate::report::Severity::Error)
        {
            return None;
        }
        Some(StatusEntry {
            id: object.get("id").and_then(Value::as_str).map(str::to_string),
            purpose: purpose?,
            index: index?,
            list_credential: list_credential?,
            status_size,
            messages,
        })
    }
}

fn parse_messages(
    value: Option<&Value>,
    status_size: u32,
    path: &JsonPath,
    findings: &mut Vec<Finding>,
) -> Vec<StatusMessage> {
    let Some(value) = value else {
        if status_size > 1 {
            findings.push(entry_error(
                path,
                "statusMessage",
                "statusMessage is required when statusSize is greater than 1",
            ));
        }
        return Vec::new();
    };
    let Some(items) = value.as_array() else {
        findings.push(entry_error(
            path,
            "statusMessage",
            "statusMessage must be an array",
        ));
        return Vec::new();
    };
    let mut messages = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let status = item
            .get("status")
            .and_then(Value::as_str)
            .and_then(|s| s.strip_prefix("0x"))
            .and_then(|hex| u32::from_str_radix(hex, 16).ok());
        let message = item.get("message").and_then(Value::as_str);
        match (status, message) {
            (Some(status), Some(message)) => messages.push(StatusMessage {
                status,
                message: message.to_string(),
            }),
            _ => findings.push(Finding::error(
                codes::ENTRY_INVALID,
                path.clone().key("statusMessage").index(i),
                "a status message needs `status` (hex, \"0x..\") and `message` strings",
            )),
        }
    }
    let expected = 1u64 << status_size;
    if status_size > 1 && messages.len() as u64 != expected {
        findings.push(entry_error(
            path,
            "statusMessage",
            format!(
                "statusSize {status_size} allows {expected} values, but {} messages are given",
                messages.len()
            ),
        ));
    }
    messages
}

/// The outcome of [`check_entry`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct StatusCheck {
    /// The entry's value in the list, when it could be read.
    pub value: Option<u32>,
    /// The matching `statusMessage`, if any.
    pub message: Option<String>,
    /// Findings: revoked, suspended, message, malformed list, purpose mismatch, range.
    pub findings: Vec<Finding>,
}

fn list_error(path: &JsonPath, message: impl Into<String>) -> Finding {
    Finding::error(codes::LIST_INVALID, path.clone(), message)
}

/// Checks `entry` (found at `entry_path`) against the status list credential's JSON.
///
/// The list credential's own proof, issuer and validity must be checked by the caller (the
/// verifier does); this reads its `credentialSubject`: `type` BitstringStatusList, a
/// `statusPurpose` that includes the entry's, and `encodedList`.
pub fn check_entry(entry: &StatusEntry, entry_path: &JsonPath, list: &Value) -> StatusCheck {
    check_entry_with(entry, entry_path, list, &|encoded, size| {
        BitstringStatusList::decode(encoded, size).map(std::sync::Arc::new)
    })
}

/// As [`check_entry`], with the list's `encodedList` decoded by `decode` (given the encoded
/// text and the entry's `statusSize`): a verifier checking many entries against one list
/// decodes it once and hands out the decoded list.
#[allow(clippy::type_complexity, reason = "a one-off callback signature")]
pub fn check_entry_with(
    entry: &StatusEntry,
    entry_path: &JsonPath,
    list: &Value,
    decode: &dyn Fn(&str, u32) -> Result<std::sync::Arc<BitstringStatusList>, StatusError>,
) -> StatusCheck {
    let mut check = StatusCheck {
        value: None,
        message: None,
        findings: Vec::new(),
    };
    let subject_path = JsonPath::root().key("credentialSubject");
    let subject = match list.get("credentialSubject") {
        Some(Value::Array(items)) if items.len() == 1 => &items[0],
        Some(s @ Value::Object(_)) => s,
        _ => {
            check.findings.push(list_error(
                &subject_path,
                format!(
                    "status list {} has no single credentialSubject",
                    entry.list_credential
                ),
            ));
            return check;
        }
    };
    let is_list = match subject.get("type") {
        Some(Value::String(t)) => t == "BitstringStatusList",
        Some(Value::Array(ts)) => ts.iter().any(|t| t == "BitstringStatusList"),
        _ => false,
    };
    if !is_list {
        check.findings.push(list_error(
            &subject_path.clone().key("type"),
            "the status list's credentialSubject type must be BitstringStatusList",
        ));
    }
    let purposes: Vec<&str> = match subject.get("statusPurpose") {
        Some(Value::String(p)) => vec![p.as_str()],
        Some(Value::Array(ps)) => ps.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    if !purposes.contains(&entry.purpose.as_str()) {
        check.findings.push(Finding::error(
            codes::PURPOSE_MISMATCH,
            entry_path.clone().key("statusPurpose"),
            format!(
                "the entry's statusPurpose \"{}\" is not among the list's [{}]",
                entry.purpose.as_str(),
                purposes.join(", ")
            ),
        ));
    }
    let Some(encoded) = subject.get("encodedList").and_then(Value::as_str) else {
        check.findings.push(list_error(
            &subject_path.key("encodedList"),
            "encodedList must be a string",
        ));
        return check;
    };
    let bits = match decode(encoded, entry.status_size) {
        Ok(bits) => bits,
        Err(e) => {
            check
                .findings
                .push(list_error(&subject_path.key("encodedList"), e.to_string()));
            return check;
        }
    };
    if bits.bits() < MIN_ENTRIES_BITS {
        check.findings.push(Finding::error(
            codes::LIST_TOO_SHORT,
            subject_path.key("encodedList"),
            format!(
                "the status list has {} bits; at least {MIN_ENTRIES_BITS} are required",
                bits.bits()
            ),
        ));
    }
    let value = match bits.get(entry.index) {
        Ok(v) => v,
        Err(StatusError::IndexOutOfRange { index, len }) => {
            check.findings.push(Finding::error(
                codes::INDEX_OUT_OF_RANGE,
                entry_path.clone().key("statusListIndex"),
                format!("statusListIndex {index} is outside the list of {len} entries"),
            ));
            return check;
        }
        Err(e) => {
            check
                .findings
                .push(list_error(&entry_path.clone(), e.to_string()));
            return check;
        }
    };
    check.value = Some(value);
    check.message = entry
        .messages
        .iter()
        .find(|m| m.status == value)
        .map(|m| m.message.clone());
    let described = check
        .message
        .as_deref()
        .map(|m| format!(" ({m})"))
        .unwrap_or_default();
    let finding = match (&entry.purpose, value) {
        (_, 0) => None,
        (StatusPurpose::Revocation, _) => Some(Finding::error(
            codes::REVOKED,
            entry_path.clone(),
            format!(
                "revoked: entry {} of {} is set{described}",
                entry.index, entry.list_credential
            ),
        )),
        (StatusPurpose::Suspension, _) => Some(Finding::error(
            codes::SUSPENDED,
            entry_path.clone(),
            format!(
                "suspended: entry {} of {} is set{described}",
                entry.index, entry.list_credential
            ),
        )),
        (purpose, v) => Some(Finding::info(
            codes::MESSAGE,
            entry_path.clone(),
            format!("{} status is 0x{v:x}{described}", purpose.as_str()),
        )),
    };
    check.findings.extend(finding);
    check
}

/// An unsigned `BitstringStatusListCredential` (VCDM 2.0) for `list`, ready to sign.
///
/// `id` is the list credential's URL (the entries' `statusListCredential`); the subject's id
/// is `id#list`.
pub fn status_list_credential(
    id: &str,
    issuer: &str,
    purpose: &StatusPurpose,
    list: &BitstringStatusList,
    valid_from: &str,
) -> Value {
    json!({
        "@context": [crate::contexts::VC_V2],
        "id": id,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer,
        "validFrom": valid_from,
        "credentialSubject": {
            "id": format!("{id}#list"),
            "type": "BitstringStatusList",
            "statusPurpose": purpose.as_str(),
            "encodedList": list.encode(),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry_json(index: Value) -> Value {
        json!({
            "id": "https://example.com/status/3#23",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": index,
            "statusListCredential": "https://example.com/status/3"
        })
    }

    fn list_with(purpose: &StatusPurpose, set: &[u64]) -> Value {
        let mut list = BitstringStatusList::new(131_072, 1).unwrap();
        for &i in set {
            list.set(i, 1).unwrap();
        }
        status_list_credential(
            "https://example.com/status/3",
            "did:example:issuer",
            purpose,
            &list,
            "2024-01-01T00:00:00Z",
        )
    }

    #[test]
    fn revoked_and_not_revoked() {
        let path = JsonPath::root().key("credentialStatus");
        let mut findings = Vec::new();
        let entry = StatusEntry::parse(&entry_json(json!("23")), &path, &mut findings).unwrap();
        assert!(findings.is_empty());
        let list = list_with(&StatusPurpose::Revocation, &[23]);
        let check = check_entry(&entry, &path, &list);
        assert_eq!(check.value, Some(1));
        assert_eq!(check.findings.len(), 1);
        assert_eq!(check.findings[0].code, codes::REVOKED);
        let clean = check_entry(&entry, &path, &list_with(&StatusPurpose::Revocation, &[]));
        assert_eq!(clean.value, Some(0));
        assert!(clean.findings.is_empty());
    }

    #[test]
    fn numeric_index_is_a_warning() {
        let mut findings = Vec::new();
        let entry = StatusEntry::parse(&entry_json(json!(23)), &JsonPath::root(), &mut findings);
        assert_eq!(entry.map(|e| e.index), Some(23));
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].severity, crate::report::Severity::Warning);
    }

    #[test]
    fn malformed_entries_are_findings() {
        let mut findings = Vec::new();
        let bad = json!({"type": "BitstringStatusListEntry", "statusListIndex": "-1"});
        assert!(StatusEntry::parse(&bad, &JsonPath::root(), &mut findings).is_none());
        let paths: Vec<String> = findings.iter().map(|f| f.path.to_string()).collect();
        assert_eq!(
            paths,
            [
                "$.statusPurpose",
                "$.statusListIndex",
                "$.statusListCredential"
            ]
        );
    }

    #[test]
    fn purpose_mismatch_and_range() {
        let path = JsonPath::root().key("credentialStatus");
        let mut findings = Vec::new();
        let entry = StatusEntry::parse(&entry_json(json!("200000")), &path, &mut findings).unwrap();
        let check = check_entry(&entry, &path, &list_with(&StatusPurpose::Suspension, &[]));
        let codes: Vec<&str> = check.findings.iter().map(|f| f.code.as_ref()).collect();
        assert_eq!(codes, [codes::PURPOSE_MISMATCH, codes::INDEX_OUT_OF_RANGE]);
    }

    #[test]
    fn multi_bit_messages() {
        let path = JsonPath::root();
        let value = json!({
            "type": "BitstringStatusListEntry",
            "statusPurpose": "message",
            "statusListIndex": "7",
            "statusListCredential": "https://example.com/status/m",
            "statusSize": 2,
            "statusMessage": [
                {"status": "0x0", "message": "pending"},
                {"status": "0x1", "message": "accepted"},
                {"status": "0x2", "message": "rejected"},
                {"status": "0x3", "message": "undefined"}
            ]
        });
        let mut findings = Vec::new();
        let entry = StatusEntry::parse(&value, &path, &mut findings).unwrap();
        let mut list = BitstringStatusList::new(131_072, 2).unwrap();
        list.set(7, 2).unwrap();
        let credential = status_list_credential(
            "https://example.com/status/m",
            "did:example:issuer",
            &StatusPurpose::Message,
            &list,
            "2024-01-01T00:00:00Z",
        );
        let check = check_entry(&entry, &path, &credential);
        assert_eq!(check.message.as_deref(), Some("rejected"));
        assert_eq!(check.findings[0].code, codes::MESSAGE);
        assert_eq!(check.findings[0].severity, crate::report::Severity::Info);
    }
}
