//! The verdict in plain words, from the verifier's checklist
//! ([`VerificationReport::checks`]): a headline a non-expert reads first, and one line per
//! check with the finding codes beside it for experts.

use serde::Serialize;

use crate::verify::{Check, CheckId, CheckStatus, DocumentKind, Verdict, VerificationReport};

/// Whether a credential can be trusted, in words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Trust {
    /// The verifier's verdict.
    pub verdict: Verdict,
    /// The headline: "Verified: signed by Example University (did:web:…), not revoked,
    /// valid until 1 May 2030", or "NOT VERIFIED: the issuer has revoked it".
    pub headline: String,
    /// One line per check, in the checklist's order.
    pub points: Vec<TrustPoint>,
}

impl Trust {
    /// True when the verdict is valid.
    pub fn verified(&self) -> bool {
        self.verdict == Verdict::Valid
    }
}

/// One check in plain words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct TrustPoint {
    /// Which check.
    pub check: CheckId,
    /// How it ended.
    pub status: CheckStatus,
    /// What it means, for a non-expert.
    pub words: String,
    /// The finding codes behind it, for experts.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub codes: Vec<String>,
}

/// The issuer as the headline names it.
pub(super) struct Signer<'a> {
    pub(super) name: Option<&'a str>,
    pub(super) id: Option<&'a str>,
    /// The end of validity, in words.
    pub(super) until: Option<&'a str>,
}

/// Reads `report`'s checklist in plain words.
pub(super) fn trust(report: &VerificationReport, signer: &Signer<'_>) -> Trust {
    let points: Vec<TrustPoint> = report
        .checks()
        .iter()
        .map(|check| TrustPoint {
            check: check.check,
            status: check.status,
            words: words(check, signer),
            codes: check.codes.clone(),
        })
        .collect();
    let verdict = report.verdict();
    let headline = match verdict {
        Verdict::Valid => verified(&points, signer, report.kind()),
        Verdict::Invalid => format!(
            "NOT VERIFIED: {}",
            why(report, &points, CheckStatus::Failed)
        ),
        Verdict::Indeterminate => format!(
            "NOT FULLY VERIFIED: {}",
            why(report, &points, CheckStatus::Indeterminate)
        ),
    };
    Trust {
        verdict,
        headline,
        points,
    }
}

fn verified(points: &[TrustPoint], signer: &Signer<'_>, kind: DocumentKind) -> String {
    let passed = |id: CheckId| {
        points
            .iter()
            .any(|p| p.check == id && p.status == CheckStatus::Passed)
    };
    let mut line = String::from("Verified");
    if passed(CheckId::Proof) {
        line.push_str(if kind == DocumentKind::Presentation {
            ": presented by "
        } else {
            ": signed by "
        });
        line.push_str(&who(signer));
    }
    if passed(CheckId::Status) {
        line.push_str(", not revoked");
    }
    match signer.until {
        Some(until) => line.push_str(&format!(", valid until {until}")),
        None if passed(CheckId::Validity) => line.push_str(", with no end date"),
        None => {}
    }
    line
}

fn who(signer: &Signer<'_>) -> String {
    match (signer.name, signer.id) {
        (Some(name), Some(id)) => format!("{name} ({id})"),
        (Some(name), None) => name.to_owned(),
        (None, Some(id)) => id.to_owned(),
        (None, None) => "an unnamed issuer".to_owned(),
    }
}

/// The first point of `status`, in words; else the first error of the report or of a
/// nested one.
fn why(report: &VerificationReport, points: &[TrustPoint], status: CheckStatus) -> String {
    let mut reasons: Vec<&TrustPoint> = points.iter().filter(|p| p.status == status).collect();
    // A key that is not the issuer's also fails the signature check: say the specific
    // thing first. The signature matters most; the others follow in checklist order.
    reasons.sort_by_key(|p| match p.check {
        CheckId::IssuerBinding | CheckId::HolderBinding => 0,
        CheckId::Proof => 1,
        _ => 2,
    });
    match reasons.first() {
        Some(point) => point.words.clone(),
        None => report
            .all_findings()
            .into_iter()
            .find(|(_, f)| f.severity == crate::Severity::Error)
            .map(|(_, f)| format!("{} ({})", f.message, f.code))
            .unwrap_or_else(|| "a check did not pass".to_owned()),
    }
}

fn has(check: &Check, code: &str) -> bool {
    check.codes.iter().any(|c| c == code)
}

/// One check in plain words.
fn words(check: &Check, signer: &Signer<'_>) -> String {
    match check.status {
        CheckStatus::Skipped => format!("not checked: {}", check.reason),
        CheckStatus::Passed => passed(check, signer),
        CheckStatus::Indeterminate => match check.check {
            CheckId::Status => {
                "its revocation status could not be checked (the status list could not be obtained)"
                    .to_owned()
            }
            CheckId::Proof | CheckId::IssuerBinding => {
                "the issuer's key could not be obtained, so the signature could not be checked"
                    .to_owned()
            }
            _ => format!("could not be checked: {}", check.reason),
        },
        CheckStatus::Failed => failed(check),
    }
}

fn passed(check: &Check, signer: &Signer<'_>) -> String {
    match check.check {
        CheckId::Structure => "it is a well-formed credential".to_owned(),
        CheckId::Schema => "it follows the Open Badges / CLR schema and rules".to_owned(),
        CheckId::Proof => {
            "the digital signature is intact: nothing was changed after signing".to_owned()
        }
        CheckId::IssuerBinding => format!("the signing key belongs to {}", who(signer)),
        CheckId::HolderBinding => "the presenter's key belongs to the named holder".to_owned(),
        CheckId::ChallengeDomain => "it was presented for this very request".to_owned(),
        CheckId::Validity => format!("it is in force: {}", check.reason),
        CheckId::Status => "the issuer has not revoked or suspended it".to_owned(),
        CheckId::Recipient => "it was issued to the expected person".to_owned(),
        _ => check.reason.clone(),
    }
}

fn failed(check: &Check) -> String {
    let detail = &check.reason;
    match check.check {
        CheckId::Structure => format!("it is not a well-formed credential ({detail})"),
        CheckId::Schema => format!("it breaks the Open Badges / CLR rules ({detail})"),
        CheckId::Proof if has(check, crate::verify::codes::PROOF_MISSING) => {
            "it carries no digital signature, so nothing proves who issued it".to_owned()
        }
        CheckId::Proof => format!(
            "the digital signature does not match: the credential was changed after signing, or not signed by this key ({detail})"
        ),
        CheckId::IssuerBinding => format!(
            "it was signed with a key that does not belong to the issuer it names ({detail})"
        ),
        CheckId::HolderBinding => {
            format!("the presenter's key does not belong to the holder it names ({detail})")
        }
        CheckId::ChallengeDomain => {
            format!("it was not presented for this request and may be a replay ({detail})")
        }
        CheckId::Validity if has(check, crate::verify::codes::VALIDITY_EXPIRED) => {
            format!("it has expired ({detail})")
        }
        CheckId::Validity if has(check, crate::verify::codes::VALIDITY_NOT_YET_VALID) => {
            format!("it is not valid yet ({detail})")
        }
        CheckId::Validity => format!("its validity dates are wrong ({detail})"),
        CheckId::Status if has(check, "status.revoked") => {
            format!("the issuer has revoked it ({detail})")
        }
        CheckId::Status if has(check, "status.suspended") => {
            format!("the issuer has suspended it ({detail})")
        }
        CheckId::Status => format!("its revocation status is unreliable ({detail})"),
        CheckId::Recipient => format!("it was not issued to the expected person ({detail})"),
        CheckId::Endorsements => format!("an endorsement of it does not verify ({detail})"),
        CheckId::NestedCredentials => {
            format!("a credential inside it does not verify ({detail})")
        }
        _ => detail.clone(),
    }
}
