//! `credentialStatus`: Bitstring Status List entries (through [`crate::status`]) and the
//! legacy 1EdTech Revocation List; any other type is a finding, never a silent pass.

use serde_json::Value;

use super::codes;
use super::engine::{Findings, Run};
use super::json::{id_of, one_or_many, types};
use super::outcome::{DocumentKind, Verdict, VerificationReport};
use crate::report::{Finding, JsonPath};
use crate::status::{self, StatusEntry, check_entry, check_entry_with};

const BITSTRING_ENTRY: &str = "BitstringStatusListEntry";
const REVOCATION_LIST: &str = "1EdTechRevocationList";
/// Most `credentialStatus` entries checked on one credential (each may decode a list).
const MAX_ENTRIES: usize = 32;

/// Checks every `credentialStatus` entry of the credential at `base`.
pub(super) fn check(
    run: &Run<'_>,
    value: &Value,
    base: &JsonPath,
    issuer: Option<&str>,
    depth: usize,
    findings: &mut Findings,
    nested: &mut Vec<VerificationReport>,
) {
    let Some(status) = value.get("credentialStatus") else {
        return;
    };
    let status_path = base.clone().key("credentialStatus");
    if !run.verifier.policy.check_status {
        findings.push(Finding::info(
            codes::STATUS_SKIPPED,
            status_path,
            "status checks are turned off by the policy",
        ));
        return;
    }
    let entries = one_or_many(status, &status_path);
    if entries.len() > MAX_ENTRIES {
        findings.push(Finding::error(
            codes::TOO_MANY,
            status_path,
            format!(
                "{} credentialStatus entries; at most {MAX_ENTRIES} are checked",
                entries.len()
            ),
        ));
        return;
    }
    for (entry, path) in entries {
        let entry_types = types(entry);
        if entry_types.contains(&BITSTRING_ENTRY) {
            bitstring(run, entry, &path, issuer, depth, findings, nested);
        } else if entry_types.contains(&REVOCATION_LIST) {
            revocation_list(run, value, entry, &path, findings);
        } else {
            findings.push(Finding::error(
                codes::STATUS_UNKNOWN_TYPE,
                path.key("type"),
                format!(
                    "unknown credentialStatus type [{}]: the status cannot be checked",
                    entry_types.join(", ")
                ),
            ));
        }
    }
}

fn bitstring(
    run: &Run<'_>,
    value: &Value,
    path: &JsonPath,
    issuer: Option<&str>,
    depth: usize,
    findings: &mut Findings,
    nested: &mut Vec<VerificationReport>,
) {
    let mut parsed = Vec::new();
    let entry = StatusEntry::parse(value, path, &mut parsed);
    findings.extend(parsed);
    let Some(entry) = entry else {
        return;
    };
    let list_path = path.clone().key("statusListCredential");
    let url = entry.list_credential.as_str();
    if depth + 1 > run.verifier.policy.max_depth {
        findings.push(Finding::error(
            codes::TOO_DEEP,
            list_path,
            format!("status list {url} not checked: nested too deep"),
        ));
        return;
    }
    let fetched = match run.fetch(url) {
        Ok(fetched) => fetched,
        Err(unavailable) => {
            findings.push(unavailable.finding(list_path));
            return;
        }
    };
    let document = &fetched.document;
    let (mut list_report, cached) = run.status_list(url, &fetched, depth + 1);
    if list_report.kind != DocumentKind::StatusList {
        list_report.findings.push(Finding::error(
            status::codes::LIST_INVALID,
            JsonPath::root().key("type"),
            "a status list credential must have type BitstringStatusListCredential",
        ));
    }
    let list_issuer = id_of(document.value().get("issuer"));
    if list_issuer != issuer {
        findings.push(Finding::error(
            codes::STATUS_ISSUER_MISMATCH,
            list_path.clone(),
            format!(
                "the status list {url} is issued by {} but the credential by {}",
                list_issuer.unwrap_or("(none)"),
                issuer.unwrap_or("(none)")
            ),
        ));
    }
    // The verifier's cache decodes the list once for every credential that points into it.
    let check = match &cached {
        Some(cached) => check_entry_with(&entry, path, document.value(), &|encoded, size| {
            cached.decode(encoded, size)
        }),
        None => check_entry(&entry, path, document.value()),
    };
    for finding in check.findings {
        if finding.code == status::codes::LIST_INVALID
            || finding.code == status::codes::LIST_TOO_SHORT
        {
            // Paths into the list credential: they belong to its report.
            list_report.findings.push(finding);
        } else {
            findings.push(finding);
        }
    }
    list_report.settle();
    match list_report.verdict {
        Verdict::Valid => {}
        Verdict::Indeterminate => findings.push(Finding::warning(
            codes::STATUS_UNAVAILABLE,
            list_path,
            format!("the status list {url} could not be fully verified"),
        )),
        Verdict::Invalid => findings.push(Finding::error(
            codes::STATUS_LIST_UNVERIFIED,
            list_path,
            format!("the status list {url} did not verify; see its report"),
        )),
    }
    nested.push(list_report);
}

/// The 1EdTech Revocation List (VCRL 1.0): GET the entry's `id`, a JSON object whose
/// `revokedCredentials` array lists `{id, revoked?, revocationReason?}`; the credential is
/// revoked when its `id` is listed and `revoked` is not `false`.
fn revocation_list(
    run: &Run<'_>,
    credential: &Value,
    entry: &Value,
    path: &JsonPath,
    findings: &mut Findings,
) {
    let Some(url) = entry.get("id").and_then(Value::as_str) else {
        findings.push(Finding::error(
            status::codes::ENTRY_INVALID,
            path.clone().key("id"),
            "a 1EdTechRevocationList entry needs the list URL as its id",
        ));
        return;
    };
    let Some(credential_id) = credential.get("id").and_then(Value::as_str) else {
        findings.push(Finding::error(
            codes::STATUS_NO_CREDENTIAL_ID,
            path.clone(),
            "the credential has no id, so the revocation list cannot be consulted",
        ));
        return;
    };
    let document = match run.fetch(url) {
        Ok(fetched) => fetched.document,
        Err(unavailable) => {
            findings.push(unavailable.finding(path.clone().key("id")));
            return;
        }
    };
    let Some(revoked) = document
        .value()
        .get("revokedCredentials")
        .and_then(Value::as_array)
    else {
        findings.push(Finding::error(
            status::codes::LIST_INVALID,
            path.clone().key("id"),
            format!("the revocation list {url} has no revokedCredentials array"),
        ));
        return;
    };
    let hit = revoked.iter().find(|item| {
        item.get("id").and_then(Value::as_str) == Some(credential_id)
            && item.get("revoked") != Some(&Value::Bool(false))
    });
    if let Some(item) = hit {
        let reason = item
            .get("revocationReason")
            .and_then(Value::as_str)
            .map(|r| format!(": {r}"))
            .unwrap_or_default();
        findings.push(Finding::error(
            status::codes::REVOKED,
            path.clone(),
            format!("revoked: {credential_id} is listed in {url}{reason}"),
        ));
    }
}
