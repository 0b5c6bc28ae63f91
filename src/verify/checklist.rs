//! The checklist of a verification: every check that ran or was skipped, with its outcome
//! and the reason ([`VerificationReport::checks`](super::VerificationReport::checks)).
//!
//! Each finding is attributed to the step of the verifier that produced it; a few codes of
//! the proof step are attributed more finely (issuer or holder binding, challenge and
//! domain, key binding). A check's status is the worst of its findings: an error fails it,
//! an indeterminate code leaves it indeterminate, warnings and infos let it pass. A check
//! that did not run (switched off by the policy, or nothing to check) is skipped, and says
//! why.

use std::fmt;

use serde::Serialize;
use serde_json::Value;

use super::codes;
use super::outcome::{DocumentKind, Role, VerificationReport};
use super::policy::Policy;
use crate::report::{Finding, Severity};

/// One check of the verifier.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum CheckId {
    /// `@context`, `type` and `issuer` (or `holder`) are present and well formed.
    Structure,
    /// The 1EdTech JSON Schema and the rules the schema misses.
    Schema,
    /// A proof (Data Integrity, JWS, SD-JWT) of an allowed suite verifies.
    Proof,
    /// The proof's key is controlled by the issuer.
    IssuerBinding,
    /// A presentation's proof key is controlled by its holder.
    HolderBinding,
    /// A presentation's proof carries the expected `challenge` and `domain`; an SD-JWT's
    /// key-binding JWT the expected nonce and audience.
    ChallengeDomain,
    /// The validity window (`validFrom` / `validUntil`, or VCDM 1.1 dates) holds now.
    Validity,
    /// Every `credentialStatus` entry: not revoked, not suspended.
    Status,
    /// The subject is the expected recipient.
    Recipient,
    /// A `1EdTechCredentialRefresh` service was followed.
    Refresh,
    /// Every embedded endorsement verifies.
    Endorsements,
    /// Every nested credential (CLR members, presented credentials, other embedded ones)
    /// verifies.
    NestedCredentials,
}

impl CheckId {
    /// Every check, in the order a checklist lists them.
    pub const ALL: [CheckId; 12] = [
        CheckId::Structure,
        CheckId::Schema,
        CheckId::Proof,
        CheckId::IssuerBinding,
        CheckId::HolderBinding,
        CheckId::ChallengeDomain,
        CheckId::Validity,
        CheckId::Status,
        CheckId::Recipient,
        CheckId::Refresh,
        CheckId::Endorsements,
        CheckId::NestedCredentials,
    ];

    /// The stable name (as serialized): `issuer_binding`, `nested_credentials`, ...
    pub fn name(self) -> &'static str {
        match self {
            CheckId::Structure => "structure",
            CheckId::Schema => "schema",
            CheckId::Proof => "proof",
            CheckId::IssuerBinding => "issuer_binding",
            CheckId::HolderBinding => "holder_binding",
            CheckId::ChallengeDomain => "challenge_domain",
            CheckId::Validity => "validity",
            CheckId::Status => "status",
            CheckId::Recipient => "recipient",
            CheckId::Refresh => "refresh",
            CheckId::Endorsements => "endorsements",
            CheckId::NestedCredentials => "nested_credentials",
        }
    }

    /// What the check is, in a few plain words.
    pub fn title(self) -> &'static str {
        match self {
            CheckId::Structure => "structure (@context, type, issuer)",
            CheckId::Schema => "schema and rules",
            CheckId::Proof => "signature",
            CheckId::IssuerBinding => "key belongs to the issuer",
            CheckId::HolderBinding => "key belongs to the holder",
            CheckId::ChallengeDomain => "challenge and domain",
            CheckId::Validity => "validity dates",
            CheckId::Status => "revocation and suspension",
            CheckId::Recipient => "expected recipient",
            CheckId::Refresh => "refresh service",
            CheckId::Endorsements => "endorsements",
            CheckId::NestedCredentials => "nested credentials",
        }
    }
}

impl fmt::Display for CheckId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How a check ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CheckStatus {
    /// It ran and held.
    Passed,
    /// It did not run: switched off, or nothing to check.
    Skipped,
    /// It ran but could not finish: something it needs could not be obtained.
    Indeterminate,
    /// It ran and failed.
    Failed,
}

impl fmt::Display for CheckStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CheckStatus::Passed => "passed",
            CheckStatus::Skipped => "skipped",
            CheckStatus::Indeterminate => "indeterminate",
            CheckStatus::Failed => "failed",
        })
    }
}

/// One line of a checklist.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Check {
    /// Which check.
    pub check: CheckId,
    /// How it ended.
    pub status: CheckStatus,
    /// Why, in a sentence: what held, what failed (the first failing finding's message), or
    /// why it was skipped.
    pub reason: String,
    /// The codes of the findings attributed to this check, in order, without repeats.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub codes: Vec<String>,
}

impl fmt::Display for Check {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}: {}", self.status, self.check.title(), self.reason)
    }
}

/// The check a finding of step `step` belongs to.
pub(super) fn attribute(step: CheckId, finding: &Finding, kind: DocumentKind) -> CheckId {
    let code = finding.code.as_ref();
    if step != CheckId::Proof {
        return step;
    }
    let presentation = kind == DocumentKind::Presentation;
    match code {
        codes::PROOF_HOLDER_MISMATCH => CheckId::HolderBinding,
        codes::PROOF_ISSUER_MISMATCH | codes::PROOF_ISSUER_BINDING_OFF if presentation => {
            CheckId::HolderBinding
        }
        codes::PROOF_ISSUER_MISMATCH | codes::PROOF_ISSUER_BINDING_OFF => CheckId::IssuerBinding,
        "jwt.key_not_issuer" | "jwt.jwk_not_issuer_key" | "sd_jwt.key_not_issuer" => {
            CheckId::IssuerBinding
        }
        "proof.challenge" | "proof.domain" => CheckId::ChallengeDomain,
        c if c.starts_with("sd_jwt.kb_") => CheckId::ChallengeDomain,
        _ => CheckId::Proof,
    }
}

/// The status that `findings` give a check that ran.
fn status_of<'a>(findings: impl Iterator<Item = &'a Finding>) -> CheckStatus {
    findings
        .map(|f| match f.severity {
            Severity::Error => CheckStatus::Failed,
            Severity::Warning if codes::INDETERMINATE.contains(&f.code.as_ref()) => {
                CheckStatus::Indeterminate
            }
            _ => CheckStatus::Passed,
        })
        .max()
        .unwrap_or(CheckStatus::Passed)
}

fn has(value: &Value, member: &str) -> bool {
    value.get(member).is_some_and(|v| !v.is_null())
}

/// What a verification of one credential knows, for its checklist.
pub(super) struct Facts<'a> {
    pub(super) value: &'a Value,
    pub(super) kind: DocumentKind,
    pub(super) role: Role,
    pub(super) policy: &'a Policy,
    /// True when verification stopped before the checks (too many credentials, not an
    /// object), with the reason.
    pub(super) stopped: Option<&'a str>,
    /// True when a schema validator is configured.
    pub(super) validator: bool,
    /// The verifier step that made each finding of the report, in order.
    pub(super) steps: &'a [CheckId],
}

/// The checklist of `report`. Findings added after the steps ran (by the refresh) count for
/// the refresh check.
pub(super) fn build(facts: &Facts<'_>, report: &VerificationReport) -> Vec<Check> {
    let attributed: Vec<(CheckId, &Finding)> = report
        .findings
        .iter()
        .zip(
            facts
                .steps
                .iter()
                .copied()
                .chain(std::iter::repeat(CheckId::Refresh)),
        )
        .map(|(f, step)| (attribute(step, f, facts.kind), f))
        .collect();
    CheckId::ALL
        .into_iter()
        .filter_map(|id| {
            let own: Vec<&Finding> = attributed
                .iter()
                .filter(|(c, _)| *c == id)
                .map(|(_, f)| *f)
                .collect();
            line(id, &own, facts, report)
        })
        .collect()
}

fn check(id: CheckId, status: CheckStatus, reason: impl Into<String>, own: &[&Finding]) -> Check {
    let mut codes: Vec<String> = Vec::new();
    for finding in own {
        if !codes.iter().any(|c| c == finding.code.as_ref()) {
            codes.push(finding.code.to_string());
        }
    }
    Check {
        check: id,
        status,
        reason: reason.into(),
        codes,
    }
}

/// The first message of the worst severity among `own`.
fn worst_message(own: &[&Finding]) -> Option<String> {
    let worst = own.iter().map(|f| f.severity).max()?;
    own.iter()
        .find(|f| f.severity == worst)
        .map(|f| format!("{} ({})", f.message, f.code))
}

/// The line of check `id`, or `None` where it does not apply to this kind of document.
fn line(
    id: CheckId,
    own: &[&Finding],
    facts: &Facts<'_>,
    report: &VerificationReport,
) -> Option<Check> {
    let presentation = facts.kind == DocumentKind::Presentation;
    // Checks that only exist for one side.
    match id {
        CheckId::IssuerBinding if presentation => return None,
        CheckId::HolderBinding if !presentation => return None,
        // An SD-JWT's key binding (nonce, audience) is the credential-side counterpart.
        CheckId::ChallengeDomain
            if !presentation && !report.proofs.iter().any(|p| p.outcome.suite == "sd-jwt") =>
        {
            return None;
        }
        CheckId::Status | CheckId::Refresh if presentation => return None,
        _ => {}
    }
    if let Some(why) = facts.stopped
        && own.is_empty()
    {
        return Some(check(
            id,
            CheckStatus::Skipped,
            format!("not run: {why}"),
            own,
        ));
    }
    let status = status_of(own.iter().copied());
    let failing = worst_message(own).filter(|_| status >= CheckStatus::Indeterminate);
    if let Some(message) = failing {
        return Some(check(id, status, message, own));
    }
    let policy = facts.policy;
    let value = facts.value;
    let skipped = |reason: &str| Some(check(id, CheckStatus::Skipped, reason, own));
    let passed = |reason: String| Some(check(id, status, reason, own));
    match id {
        CheckId::Structure => passed("@context, type and issuer are well formed".into()),
        CheckId::Schema => {
            if !policy.check_schema {
                skipped("schema checks are switched off by the policy")
            } else if !facts.validator {
                skipped("no schema validator is configured")
            } else if !matches!(
                facts.kind,
                DocumentKind::Achievement | DocumentKind::Endorsement | DocumentKind::Clr
            ) {
                skipped("no 1EdTech schema applies to this kind of document")
            } else {
                passed("valid against the 1EdTech schema and rules".into())
            }
        }
        CheckId::Proof => {
            let accepted: Vec<String> = report
                .proofs
                .iter()
                .filter(|p| p.accepted)
                .map(|p| match &p.outcome.verification_method {
                    Some(method) => format!("{} by {method}", p.outcome.suite),
                    None => p.outcome.suite.clone(),
                })
                .collect();
            if accepted.is_empty() {
                // Its findings went to a finer check (the challenge, the binding).
                let why = report
                    .findings
                    .iter()
                    .zip(facts.steps.iter().copied())
                    .find(|(f, step)| *step == CheckId::Proof && f.severity == Severity::Error)
                    .map(|(f, _)| format!(": {} ({})", f.message, f.code))
                    .unwrap_or_default();
                Some(check(
                    id,
                    CheckStatus::Failed,
                    format!("no proof was accepted{why}"),
                    own,
                ))
            } else {
                passed(format!("verified: {}", accepted.join("; ")))
            }
        }
        CheckId::IssuerBinding | CheckId::HolderBinding => {
            let whose = if id == CheckId::IssuerBinding {
                "issuer"
            } else {
                "holder"
            };
            if !report.proofs.iter().any(|p| p.accepted) {
                skipped("no proof was accepted, so no key to bind")
            } else if !policy.issuer_binding {
                skipped("issuer binding is switched off by the policy")
            } else {
                passed(format!(
                    "the key is controlled by the {whose} {}",
                    report.issuer.as_deref().unwrap_or("(none)")
                ))
            }
        }
        CheckId::ChallengeDomain => {
            let (challenge, domain) = policy.challenge_and_domain();
            let (nonce, audience) = policy.key_binding();
            let expected: Vec<String> = [
                challenge.map(|c| format!("challenge `{c}`")),
                domain.map(|d| format!("domain `{d}`")),
                nonce.map(|n| format!("nonce `{n}`")),
                audience.map(|a| format!("audience `{a}`")),
            ]
            .into_iter()
            .flatten()
            .collect();
            if expected.is_empty() {
                skipped("the policy expects no challenge, domain, nonce or audience")
            } else {
                passed(format!("carries the expected {}", expected.join(" and ")))
            }
        }
        CheckId::Validity => {
            let from = ["validFrom", "issuanceDate"]
                .iter()
                .find_map(|m| value.get(*m).and_then(Value::as_str));
            let until = ["validUntil", "expirationDate"]
                .iter()
                .find_map(|m| value.get(*m).and_then(Value::as_str));
            match (from, until) {
                (None, None) => skipped("the credential states no validity dates"),
                (Some(from), None) => passed(format!("valid from {from}, with no end")),
                (None, Some(until)) => passed(format!("valid until {until}")),
                (Some(from), Some(until)) => passed(format!("valid from {from} until {until}")),
            }
        }
        CheckId::Status => {
            if !has(value, "credentialStatus") {
                skipped("the credential has no credentialStatus")
            } else if !policy.check_status {
                skipped("status checks are switched off by the policy")
            } else {
                passed("not revoked and not suspended".into())
            }
        }
        CheckId::Recipient => match &policy.recipient {
            None => skipped("the policy expects no particular recipient"),
            Some(_) if !matches!(facts.role, Role::Root | Role::Presented) => {
                skipped("recipients are checked on the top-level credential only")
            }
            Some(_) => passed("issued to the expected recipient".into()),
        },
        CheckId::Refresh => {
            if !has(value, "refreshService") {
                skipped("the credential has no refreshService")
            } else if !policy.refresh {
                skipped("refreshing is switched off by the policy")
            } else if let Some(used) = own.iter().find(|f| f.code == codes::REFRESH_USED) {
                passed(used.message.clone())
            } else if let Some(failed) = own.iter().find(|f| f.code == codes::REFRESH_FAILED) {
                skipped(&failed.message)
            } else {
                skipped("not followed: the credential's own proof did not verify")
            }
        }
        CheckId::Endorsements | CheckId::NestedCredentials => {
            let nested: Vec<&VerificationReport> = report
                .nested
                .iter()
                .filter(|n| {
                    if id == CheckId::Endorsements {
                        n.role == Role::Endorsement
                    } else {
                        matches!(n.role, Role::ClrMember | Role::Presented | Role::Embedded)
                    }
                })
                .collect();
            let what = if id == CheckId::Endorsements {
                "endorsement"
            } else {
                "nested credential"
            };
            nested_line(id, what, &nested, own)
        }
    }
}

/// The line of the endorsements or nested credentials: the worst of their verdicts.
fn nested_line(
    id: CheckId,
    what: &str,
    nested: &[&VerificationReport],
    own: &[&Finding],
) -> Option<Check> {
    use super::Verdict;
    if nested.is_empty() {
        return Some(check(
            id,
            CheckStatus::Skipped,
            format!("there is no {what}"),
            own,
        ));
    }
    let count = |v: Verdict| nested.iter().filter(|n| n.verdict == v).count();
    let (valid, invalid, unknown) = (
        count(Verdict::Valid),
        count(Verdict::Invalid),
        count(Verdict::Indeterminate),
    );
    let status = if invalid > 0 {
        CheckStatus::Failed
    } else if unknown > 0 {
        CheckStatus::Indeterminate
    } else {
        CheckStatus::Passed
    }
    .max(status_of(own.iter().copied()));
    let plural = if nested.len() == 1 { "" } else { "s" };
    Some(check(
        id,
        status,
        format!(
            "{} {what}{plural}: {valid} valid, {invalid} invalid, {unknown} indeterminate",
            nested.len()
        ),
        own,
    ))
}
