//! The verifier's output: [`VerificationReport`], [`Verdict`], and the [`Verified`] token.

use std::fmt;
use std::ops::Deref;

use serde::Serialize;

use super::checklist::{Check, CheckId};
use super::codes;
use super::seams::ProofOutcome;
use crate::document::Document;
use crate::report::{Finding, JsonPath, Severity};

/// The overall answer.
///
/// Ordered from best to worst, so `max()` over several verdicts gives the combined one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Every check passed.
    Valid,
    /// Nothing failed, but something needed could not be checked (a status list could not
    /// be fetched, a JWT could not be verified): not valid, not proven invalid.
    Indeterminate,
    /// Some check failed.
    Invalid,
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Verdict::Valid => "valid",
            Verdict::Indeterminate => "indeterminate",
            Verdict::Invalid => "invalid",
        })
    }
}

/// What a document is, from its `type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum DocumentKind {
    /// `AchievementCredential` / `OpenBadgeCredential` (Open Badges 3.0).
    Achievement,
    /// `EndorsementCredential` (Open Badges 3.0 / CLR 2.0).
    Endorsement,
    /// `ClrCredential` (CLR 2.0).
    Clr,
    /// `VerifiablePresentation`.
    Presentation,
    /// `BitstringStatusListCredential`.
    StatusList,
    /// Another `VerifiableCredential`, checked generically.
    Other,
    /// An SD-JWT VC (`dc+sd-jwt`) whose claims are not a W3C credential: checked through the
    /// credential mapped from its claims
    /// ([`claims_to_credential`](crate::jose::sd_jwt::claims_to_credential)), without the
    /// `@context` / `type` / schema checks that only W3C credentials have.
    SdJwtVc,
    /// Not recognisably a credential or presentation.
    Unknown,
}

impl DocumentKind {
    /// Detects the kind from a document's `type` member.
    pub fn detect(value: &serde_json::Value) -> Self {
        let types = super::json::types(value);
        let has = |t: &str| types.contains(&t);
        if has("VerifiablePresentation") {
            DocumentKind::Presentation
        } else if has("ClrCredential") {
            DocumentKind::Clr
        } else if has("EndorsementCredential") {
            DocumentKind::Endorsement
        } else if has("AchievementCredential") || has("OpenBadgeCredential") {
            DocumentKind::Achievement
        } else if has("BitstringStatusListCredential") {
            DocumentKind::StatusList
        } else if has("VerifiableCredential") {
            DocumentKind::Other
        } else {
            DocumentKind::Unknown
        }
    }
}

/// Why a nested report exists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum Role {
    /// The document given to the verifier.
    Root,
    /// An embedded `EndorsementCredential` (under some `endorsement`).
    Endorsement,
    /// A credential inside a CLR's `credentialSubject.verifiableCredential`.
    ClrMember,
    /// A credential inside a presentation's `verifiableCredential`.
    Presented,
    /// Another credential embedded somewhere in the document.
    Embedded,
    /// A status list credential fetched for a `credentialStatus` entry.
    StatusList,
    /// A refreshed credential that failed verification (it does not affect the verdict).
    RefreshCandidate,
    /// The original credential replaced by a successfully refreshed one (it does not affect
    /// the verdict).
    Superseded,
}

impl Role {
    /// True when a nested report of this role contributes to its parent's verdict.
    pub fn counts(self) -> bool {
        !matches!(self, Role::RefreshCandidate | Role::Superseded)
    }
}

/// One proof as the verifier judged it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct ProofSummary {
    /// The proof checker's outcome; its findings are moved into the report's findings
    /// (downgraded to warnings when another proof was accepted), so they are empty here.
    #[serde(flatten)]
    pub outcome: ProofOutcome,
    /// True when this proof satisfied the verifier: valid, of an allowed suite, and
    /// controlled by the issuer (or holder).
    pub accepted: bool,
}

/// The verification of one credential or presentation, with its nested credentials.
///
/// Read-only (fields through accessors): a report cannot be edited into a valid one, so
/// [`into_verified`](Self::into_verified) can trust its verdict.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct VerificationReport {
    /// The overall verdict, nested reports included.
    pub(super) verdict: Verdict,
    /// What the document is.
    pub(super) kind: DocumentKind,
    /// Why this report exists.
    pub(super) role: Role,
    /// Where the credential is in its document (`$` for a top-level or fetched one).
    pub(super) path: JsonPath,
    /// The URL the document was fetched from, for status lists and refreshed credentials.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) url: Option<String>,
    /// The credential's `id`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) id: Option<String>,
    /// The issuer's (or presentation holder's) id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) issuer: Option<String>,
    /// The findings about this credential (not its nested ones), paths into its document.
    pub(super) findings: Vec<Finding>,
    /// Every proof, judged.
    pub(super) proofs: Vec<ProofSummary>,
    /// Every check that ran or was skipped, with its outcome and reason.
    pub(super) checks: Vec<Check>,
    /// Nested credentials: endorsements, CLR members, presented credentials, status lists.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) nested: Vec<VerificationReport>,
    #[serde(skip)]
    pub(super) document: Option<Document>,
    /// The verifier step that made each finding (for the checklist).
    #[serde(skip)]
    pub(super) steps: Vec<CheckId>,
}

impl VerificationReport {
    pub(super) fn new(kind: DocumentKind, role: Role, path: JsonPath) -> Self {
        VerificationReport {
            verdict: Verdict::Valid,
            kind,
            role,
            path,
            url: None,
            id: None,
            issuer: None,
            findings: Vec::new(),
            proofs: Vec::new(),
            checks: Vec::new(),
            nested: Vec::new(),
            document: None,
            steps: Vec::new(),
        }
    }

    /// The overall verdict, nested reports included.
    pub fn verdict(&self) -> Verdict {
        self.verdict
    }

    /// What the document is.
    pub fn kind(&self) -> DocumentKind {
        self.kind
    }

    /// Why this report exists.
    pub fn role(&self) -> Role {
        self.role
    }

    /// Where the credential is in its document (`$` for a top-level or fetched one).
    pub fn path(&self) -> &JsonPath {
        &self.path
    }

    /// The URL the document was fetched from (status lists, refreshed credentials).
    pub fn url(&self) -> Option<&str> {
        self.url.as_deref()
    }

    /// The credential's `id`.
    pub fn id(&self) -> Option<&str> {
        self.id.as_deref()
    }

    /// The issuer's (or presentation holder's) id.
    pub fn issuer(&self) -> Option<&str> {
        self.issuer.as_deref()
    }

    /// The findings about this credential (not its nested ones), paths into its document.
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// Every proof, judged.
    pub fn proofs(&self) -> &[ProofSummary] {
        &self.proofs
    }

    /// The checklist of this credential (not its nested ones, which have their own): every
    /// check that ran or was skipped (structure, schema, proof, issuer or holder binding,
    /// challenge and domain, validity, status, recipient, refresh, endorsements, nested
    /// credentials), each passed, failed, indeterminate or skipped, with the reason. A valid
    /// report has no findings, but its checklist says what was checked.
    ///
    /// ```
    /// # #[cfg(feature = "ed25519")] {
    /// use openbadges::Document;
    /// use openbadges::verify::{CheckId, CheckStatus, Verifier};
    ///
    /// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/interop/credentials/ob-minimal-eddsa-rdfc-2022.json");
    /// let document = Document::from_slice(&std::fs::read(path)?)?;
    /// let report = Verifier::offline().verify(&document);
    /// let proof = report.checks().iter().find(|c| c.check == CheckId::Proof).unwrap();
    /// assert_eq!(proof.status, CheckStatus::Passed);
    /// for check in report.checks() {
    ///     println!("{check}"); // "passed signature: verified: eddsa-rdfc-2022 by did:key:…"
    /// }
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn checks(&self) -> &[Check] {
        &self.checks
    }

    /// Nested credentials: endorsements, CLR members, presented credentials, status lists,
    /// a superseded original or a rejected refresh candidate.
    pub fn nested(&self) -> &[VerificationReport] {
        &self.nested
    }

    /// True when the verdict is [`Verdict::Valid`].
    pub fn is_valid(&self) -> bool {
        self.verdict == Verdict::Valid
    }

    /// True when this report or a nested one has a finding with this code.
    pub fn has_code(&self, code: &str) -> bool {
        self.findings.iter().any(|f| f.code == code) || self.nested.iter().any(|n| n.has_code(code))
    }

    /// Every finding of this report and its nested reports, depth first, with the report it
    /// belongs to.
    pub fn all_findings(&self) -> Vec<(&VerificationReport, &Finding)> {
        let mut out = Vec::new();
        self.collect_findings(&mut out);
        out
    }

    fn collect_findings<'a>(&'a self, out: &mut Vec<(&'a VerificationReport, &'a Finding)>) {
        out.extend(self.findings.iter().map(|f| (self, f)));
        for nested in &self.nested {
            nested.collect_findings(out);
        }
    }

    /// The verdict of this report's own findings, ignoring nested reports.
    pub fn own_verdict(&self) -> Verdict {
        own_verdict(&self.findings)
    }

    /// The document the report is about, as received or decoded from a JWT / SD-JWT,
    /// whatever the verdict (the explanation of an unverified credential reads it).
    pub(crate) fn unverified_document(&self) -> Option<&Document> {
        self.document.as_ref()
    }

    /// The verified document, if and only if the verdict is [`Verdict::Valid`].
    pub fn into_verified(self) -> Option<Verified<Document>> {
        match (self.verdict, self.document) {
            (Verdict::Valid, Some(document)) => Some(Verified { value: document }),
            _ => None,
        }
    }

    /// Recomputes the verdict from the findings and the nested reports that count.
    pub(super) fn settle(&mut self) {
        let nested = self
            .nested
            .iter()
            .filter(|n| n.role.counts())
            .map(|n| n.verdict);
        self.verdict = nested.fold(self.own_verdict(), Verdict::max);
    }
}

impl VerificationReport {
    fn write_tree(&self, f: &mut fmt::Formatter<'_>, level: usize) -> fmt::Result {
        let indent = "  ".repeat(level);
        write!(
            f,
            "{indent}{} {:?} ({:?}) at {}",
            self.verdict, self.kind, self.role, self.path
        )?;
        if let Some(url) = &self.url {
            write!(f, " from {url}")?;
        }
        if let Some(id) = &self.id {
            write!(f, " id {id}")?;
        }
        writeln!(f)?;
        for finding in &self.findings {
            writeln!(f, "{indent}  - {finding}")?;
        }
        for nested in &self.nested {
            nested.write_tree(f, level + 1)?;
        }
        Ok(())
    }
}

/// A human-readable tree: the verdict line, the findings, then each nested report indented.
impl fmt::Display for VerificationReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_tree(f, 0)
    }
}

/// The verdict of a list of findings: invalid on any error, indeterminate on an
/// indeterminate code at warning level or above.
pub(super) fn own_verdict(findings: &[Finding]) -> Verdict {
    findings
        .iter()
        .map(|f| match f.severity {
            Severity::Error => Verdict::Invalid,
            Severity::Warning if codes::INDETERMINATE.contains(&f.code.as_ref()) => {
                Verdict::Indeterminate
            }
            _ => Verdict::Valid,
        })
        .max()
        .unwrap_or(Verdict::Valid)
}

/// A value that passed verification.
///
/// There is no public constructor: the only way to get one is
/// [`VerificationReport::into_verified`] on a [`Verdict::Valid`] report.
#[derive(Clone, Debug, PartialEq)]
pub struct Verified<T> {
    value: T,
}

impl<T> Verified<T> {
    /// The verified value.
    pub fn get(&self) -> &T {
        &self.value
    }

    /// Unwraps the verified value (it stays verified only as long as you keep track).
    pub fn into_inner(self) -> T {
        self.value
    }
}

impl<T> Deref for Verified<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> AsRef<T> for Verified<T> {
    fn as_ref(&self) -> &T {
        &self.value
    }
}
