//! Recipient check: an expected identity against `credentialSubject.id` or the
//! `identifier[]` IdentityObjects (plain or hashed with an optional salt).

use md5::Md5;
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::codes;
use super::json::one_or_many;
use super::policy::ExpectedRecipient;
use crate::report::{Finding, JsonPath};

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The `IdentityHash` of `identity` with `salt` appended, for the named algorithm
/// (`sha256` or `md5`); `None` for an unknown algorithm.
pub(super) fn identity_hash(algorithm: &str, identity: &str, salt: &str) -> Option<String> {
    let input = format!("{identity}{salt}");
    match algorithm {
        "sha256" => Some(hex(&Sha256::digest(input.as_bytes()))),
        "md5" => Some(hex(&Md5::digest(input.as_bytes()))),
        _ => None,
    }
}

/// Whether the IdentityObject at `path` identifies the known identity; problems with the
/// object become warnings.
fn identifier_matches(
    item: &Value,
    path: &JsonPath,
    identity_type: Option<&str>,
    known: &str,
    findings: &mut Vec<Finding>,
) -> bool {
    let malformed = |findings: &mut Vec<Finding>, member: &str, message: String| {
        findings.push(Finding::warning(
            codes::RECIPIENT_MALFORMED,
            path.clone().key(member),
            message,
        ));
    };
    if let Some(expected) = identity_type
        && item.get("identityType").and_then(Value::as_str) != Some(expected)
    {
        return false;
    }
    let Some(stored) = item.get("identityHash").and_then(Value::as_str) else {
        malformed(
            findings,
            "identityHash",
            "identityHash must be a string".into(),
        );
        return false;
    };
    match item.get("hashed") {
        Some(Value::Bool(false)) => stored == known,
        Some(Value::Bool(true)) => {
            let salt = match item.get("salt") {
                None | Some(Value::Null) => "",
                Some(Value::String(s)) => s.as_str(),
                Some(_) => {
                    malformed(findings, "salt", "salt must be a string".into());
                    return false;
                }
            };
            let Some((algorithm, digest)) = stored.split_once('$') else {
                malformed(
                    findings,
                    "identityHash",
                    format!("identityHash \"{stored}\" is not `sha256$<hex>` or `md5$<hex>`"),
                );
                return false;
            };
            match identity_hash(algorithm, known, salt) {
                Some(computed) => computed.eq_ignore_ascii_case(digest),
                None => {
                    malformed(
                        findings,
                        "identityHash",
                        format!("unknown identity hash algorithm \"{algorithm}\""),
                    );
                    false
                }
            }
        }
        _ => {
            malformed(findings, "hashed", "hashed must be true or false".into());
            false
        }
    }
}

/// Checks that the credential at `base` is about `expected`.
pub(super) fn check(value: &Value, base: &JsonPath, expected: &ExpectedRecipient) -> Vec<Finding> {
    let mut findings = Vec::new();
    let subject_path = base.clone().key("credentialSubject");
    let subjects = value
        .get("credentialSubject")
        .map(|s| one_or_many(s, &subject_path))
        .unwrap_or_default();
    let mut matched = false;
    for (subject, path) in &subjects {
        matched |= match expected {
            ExpectedRecipient::Id(id) => subject.get("id").and_then(Value::as_str) == Some(id),
            ExpectedRecipient::Identity {
                identity_type,
                value: known,
            } => subject
                .get("identifier")
                .map(|ids| one_or_many(ids, &path.clone().key("identifier")))
                .unwrap_or_default()
                .iter()
                .any(|(item, item_path)| {
                    identifier_matches(
                        item,
                        item_path,
                        identity_type.as_deref(),
                        known,
                        &mut findings,
                    )
                }),
        };
        if matched {
            break;
        }
    }
    if !matched {
        let what = match expected {
            ExpectedRecipient::Id(id) => format!("id {id}"),
            ExpectedRecipient::Identity {
                identity_type: Some(t),
                ..
            } => format!("the expected {t} identifier"),
            ExpectedRecipient::Identity { .. } => "the expected identifier".to_string(),
        };
        findings.push(Finding::error(
            codes::RECIPIENT_MISMATCH,
            subject_path,
            format!("the credential subject does not match {what}"),
        ));
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn known_digests() {
        // sha256("abc") and md5("abc"), split into identity + salt.
        assert_eq!(
            identity_hash("sha256", "ab", "c").as_deref(),
            Some("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        );
        assert_eq!(
            identity_hash("md5", "a", "bc").as_deref(),
            Some("900150983cd24fb0d6963f7d28e17f72")
        );
        assert_eq!(identity_hash("sha1", "a", ""), None);
    }

    #[test]
    fn malformed_identifier_is_a_warning_and_no_match() {
        let v = json!({"credentialSubject": {"identifier": [
            {"identityType": "emailAddress", "hashed": true, "identityHash": "nodollar"}
        ]}});
        let expected = ExpectedRecipient::Identity {
            identity_type: None,
            value: "a@example.com".into(),
        };
        let f = check(&v, &JsonPath::root(), &expected);
        let codes: Vec<&str> = f.iter().map(|f| f.code.as_ref()).collect();
        assert_eq!(
            codes,
            [codes::RECIPIENT_MALFORMED, codes::RECIPIENT_MISMATCH]
        );
        assert_eq!(
            f[0].path.to_string(),
            "$.credentialSubject.identifier[0].identityHash"
        );
    }
}
