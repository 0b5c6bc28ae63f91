//! One verification run: the checks of one credential, recursion into nested ones, and the
//! run-wide budget (credentials, fetches) and cache of fetched documents.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::checklist::{self, CheckId};
use super::embedded::{self, Embedded};
use super::json::{id_of, one_or_many, types};
use super::outcome::{DocumentKind, ProofSummary, Role, Verdict, VerificationReport};
use super::seams::{JwtOutcome, ProofContext, ProofOutcome};
use super::{Verifier, codes, list_cache, recipient, status_check, validity};
use crate::contexts::{VC_V1, VC_V2};
use crate::document::Document;
use crate::fetch::FetchError;
use crate::report::{Finding, JsonPath, Severity};

const OB_CONTEXT_PREFIX: &str = "https://purl.imsglobal.org/spec/ob/v3p0/context";
const CLR_CONTEXT_PREFIX: &str = "https://purl.imsglobal.org/spec/clr/v2p0/context";
const REFRESH_TYPE: &str = "1EdTechCredentialRefresh";
/// The suite name of an SD-JWT's issuer signature in reports.
pub(super) const SD_JWT_SUITE: &str = "sd-jwt";

/// A resource that could not be had: the finding to report, minus its path.
#[derive(Clone, Debug)]
pub(super) struct Unavailable {
    pub(super) code: &'static str,
    pub(super) message: String,
    /// The fetcher is offline by design (not a failure of the resource).
    pub(super) offline: bool,
}

impl Unavailable {
    pub(super) fn finding(&self, path: JsonPath) -> Finding {
        Finding::warning(self.code, path, self.message.clone())
    }
}

/// The enveloping proof of a credential decoded from a JWT or SD-JWT: the outcome of its
/// signature (one more proof of the credential) and, for an SD-JWT VC, its kind.
#[derive(Clone, Debug)]
pub(super) struct Secured {
    pub(super) proof: ProofOutcome,
    pub(super) kind: Option<DocumentKind>,
}

impl Secured {
    /// The decoded credential and its enveloping proof.
    pub(super) fn split(outcome: JwtOutcome) -> (Value, Secured) {
        (
            outcome.credential,
            Secured {
                proof: outcome.proof,
                kind: outcome.kind,
            },
        )
    }
}

/// A fetched resource: JSON as received, or the credential decoded from a JWT / SD-JWT
/// with the outcome of its signature.
#[derive(Clone, Debug)]
pub(super) struct Fetched {
    pub(super) document: Document,
    pub(super) secured: Option<Secured>,
    /// SHA-256 of the fetched bytes, for a JSON document (not a JWT-secured one).
    pub(super) digest: Option<[u8; 32]>,
}

/// True for an SD-JWT serialization (`<jwt>~<disclosure>~...~[<kb-jwt>]`), false for a
/// plain compact JWS.
pub(super) fn is_sd_jwt(token: &str) -> bool {
    token.contains('~')
}

/// The text of `bytes` when they are a compact JWS or an SD-JWT rather than JSON.
fn token_text(bytes: &[u8]) -> Option<&str> {
    let text = std::str::from_utf8(bytes).ok()?.trim();
    let (jws, _) = text.split_once('~').unwrap_or((text, ""));
    let token_bytes = text
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~'));
    (token_bytes && jws.split('.').count() == 3).then_some(text)
}

/// Findings of one credential, marking those lenient mode may never touch.
pub(super) struct Findings {
    /// Each finding, whether lenient mode may not touch it, and the step that made it.
    items: Vec<(Finding, bool, CheckId)>,
    /// The step now running (for the checklist).
    step: CheckId,
}

impl Default for Findings {
    fn default() -> Self {
        Findings {
            items: Vec::new(),
            step: CheckId::Structure,
        }
    }
}

impl Findings {
    /// Findings from now on are made by `step`.
    fn step(&mut self, step: CheckId) {
        self.step = step;
    }

    pub(super) fn push(&mut self, finding: Finding) {
        self.items.push((finding, false, self.step));
    }

    pub(super) fn extend(&mut self, findings: impl IntoIterator<Item = Finding>) {
        let step = self.step;
        self.items
            .extend(findings.into_iter().map(|f| (f, false, step)));
    }

    fn push_protected(&mut self, finding: Finding) {
        self.items.push((finding, true, self.step));
    }

    /// The findings with lenient codes downgraded (errors become warnings; indeterminate
    /// codes become informational), and the step of each.
    fn finish(self, verifier: &Verifier) -> (Vec<Finding>, Vec<CheckId>) {
        self.items
            .into_iter()
            .map(|(mut finding, protected, step)| {
                if !protected
                    && !codes::is_protected(&finding.code)
                    && verifier.policy.is_lenient(&finding.code)
                {
                    finding.severity = if codes::INDETERMINATE.contains(&finding.code.as_ref()) {
                        Severity::Info
                    } else {
                        finding.severity.min(Severity::Warning)
                    };
                }
                (finding, step)
            })
            .unzip()
    }
}

/// A status list's report, with the verifier's cache entry when it is cached.
pub(super) type VerifiedList = (VerificationReport, Option<Arc<list_cache::Entry>>);

/// State shared by every credential verified in one call.
pub(super) struct Run<'v> {
    pub(super) verifier: &'v Verifier,
    pub(super) now: DateTime<Utc>,
    credentials: AtomicUsize,
    fetches: AtomicUsize,
    documents: Mutex<BTreeMap<String, Result<Fetched, Unavailable>>>,
    lists: Mutex<BTreeMap<String, VerifiedList>>,
}

impl<'v> Run<'v> {
    pub(super) fn new(verifier: &'v Verifier) -> Self {
        Run {
            verifier,
            now: verifier.policy.now(),
            credentials: AtomicUsize::new(0),
            fetches: AtomicUsize::new(0),
            documents: Mutex::new(BTreeMap::new()),
            lists: Mutex::new(BTreeMap::new()),
        }
    }

    /// Fetches and parses `url` once per run, within the fetch budget. A body that is a
    /// compact JWS or an SD-JWT (a JWT-secured status list or refreshed credential, served
    /// as `application/vc+jwt` or `application/jwt`) is decoded and its signature checked
    /// through the proof checker.
    pub(super) fn fetch(&self, url: &str) -> Result<Fetched, Unavailable> {
        if let Ok(cache) = self.documents.lock()
            && let Some(hit) = cache.get(url)
        {
            return hit.clone();
        }
        let policy = &self.verifier.policy;
        let result = if self.fetches.fetch_add(1, Ordering::SeqCst) >= policy.max_fetches {
            Err(Unavailable {
                code: codes::FETCH_LIMIT,
                message: format!(
                    "{url} not fetched: more than {} fetches in one verification",
                    policy.max_fetches
                ),
                offline: false,
            })
        } else {
            match self
                .verifier
                .fetcher
                .fetch(url)
                .map(|fetched| fetched.bytes)
            {
                Ok(bytes) => match token_text(&bytes) {
                    Some(token) => self.fetched_token(url, token),
                    None => Document::from_slice_with(&bytes, policy.parse_limits)
                        .map(|document| Fetched {
                            document,
                            secured: None,
                            digest: Some(list_cache::digest(&bytes)),
                        })
                        .map_err(|e| Unavailable {
                            code: codes::STATUS_UNAVAILABLE,
                            message: format!("{url} is not an acceptable JSON document: {e}"),
                            offline: false,
                        }),
                },
                Err(e) => Err(Unavailable {
                    code: codes::STATUS_UNAVAILABLE,
                    message: e.to_string(),
                    offline: matches!(e, FetchError::Offline { .. }),
                }),
            }
        };
        if let Ok(mut cache) = self.documents.lock() {
            cache.insert(url.to_string(), result.clone());
        }
        result
    }

    /// A fetched JWT or SD-JWT, decoded and its signature checked.
    fn fetched_token(&self, url: &str, token: &str) -> Result<Fetched, Unavailable> {
        match self.decode_token(token, &JsonPath::root()) {
            Some((credential, secured)) => Ok(Fetched {
                document: Document::from_value(credential),
                secured: Some(secured),
                digest: None,
            }),
            None => Err(Unavailable {
                code: codes::JWT_UNSUPPORTED,
                message: format!(
                    "{url} is a JWT-secured credential and the proof checker does not support JWTs"
                ),
                offline: false,
            }),
        }
    }

    /// Decodes a compact JWS or an SD-JWT found at `path` and checks its signature through
    /// the proof checker; `None` when the checker does not support that form.
    pub(super) fn decode_token(&self, token: &str, path: &JsonPath) -> Option<(Value, Secured)> {
        let context = self.proof_context(DocumentKind::Unknown);
        let proofs = &self.verifier.proofs;
        let outcome = if is_sd_jwt(token) {
            proofs.check_sd_jwt(token, path, &context)
        } else {
            proofs.check_jwt(token, path, &context)
        };
        outcome.map(Secured::split)
    }

    /// Verifies the status list credential fetched from `url`: once per run, and, for a
    /// list fetched as JSON, once per verifier while its bytes and the verification
    /// instant's time class stay the same (see [`list_cache`]). Also returns the verifier's
    /// cache entry, which decodes the list's bitstring once.
    pub(super) fn status_list(&self, url: &str, fetched: &Fetched, depth: usize) -> VerifiedList {
        if let Ok(cache) = self.lists.lock()
            && let Some(hit) = cache.get(url)
        {
            return hit.clone();
        }
        let key = fetched.digest.map(|digest| {
            list_cache::Key::new(
                url,
                digest,
                fetched.document.value(),
                depth,
                self.now,
                self.verifier.policy.leeway,
            )
        });
        let cached = key
            .as_ref()
            .and_then(|key| self.verifier.lists.get(key, self.now));
        let result = match cached {
            Some(entry) => (entry.report.clone(), Some(entry)),
            None => {
                let mut report = self.verify_with(
                    fetched.document.value(),
                    JsonPath::root(),
                    Role::StatusList,
                    depth,
                    false,
                    fetched.secured.clone(),
                );
                report.url = Some(url.to_string());
                let entry =
                    key.map(|key| self.verifier.lists.insert(key, report.clone(), self.now));
                (report, entry)
            }
        };
        if let Ok(mut cache) = self.lists.lock() {
            cache.insert(url.to_string(), result.clone());
        }
        result
    }

    /// Verifies one credential or presentation and everything nested in it.
    pub(super) fn verify(
        &self,
        value: &Value,
        path: JsonPath,
        role: Role,
        depth: usize,
        allow_refresh: bool,
    ) -> VerificationReport {
        self.verify_with(value, path, role, depth, allow_refresh, None)
    }

    /// As [`Run::verify`], with the outcome of an enveloping JWS (or SD-JWT) counted as one
    /// more proof.
    pub(super) fn verify_with(
        &self,
        value: &Value,
        path: JsonPath,
        role: Role,
        depth: usize,
        allow_refresh: bool,
        secured: Option<Secured>,
    ) -> VerificationReport {
        let policy = &self.verifier.policy;
        let kind = secured
            .as_ref()
            .and_then(|s| s.kind)
            .unwrap_or_else(|| DocumentKind::detect(value));
        let jws = secured.map(|s| s.proof);
        // An SD-JWT's holder may withhold what the issuer made disclosable.
        let disclosed = jws.as_ref().is_some_and(|p| p.suite == SD_JWT_SUITE);
        let mut report = VerificationReport::new(kind, role, path.clone());
        let mut findings = Findings::default();
        if self.credentials.fetch_add(1, Ordering::SeqCst) >= policy.max_credentials {
            findings.push(Finding::error(
                codes::TOO_MANY,
                path,
                format!(
                    "not verified: more than {} credentials in one verification",
                    policy.max_credentials
                ),
            ));
            return self.close(report, findings, value, Some("too many credentials"));
        }
        if !value.is_object() {
            findings.push(Finding::error(
                codes::CREDENTIAL_NOT_OBJECT,
                path,
                "a credential must be a JSON object",
            ));
            if let Some(mut jws) = jws {
                // An undecodable JWT: keep the checker's reasons.
                for finding in std::mem::take(&mut jws.findings) {
                    findings.push_protected(finding);
                }
                report.proofs.push(ProofSummary {
                    outcome: jws,
                    accepted: false,
                });
            }
            return self.close(report, findings, value, Some("not a JSON object"));
        }
        report.id = value.get("id").and_then(Value::as_str).map(str::to_string);
        let controller_member = if kind == DocumentKind::Presentation {
            "holder"
        } else {
            "issuer"
        };
        report.issuer = id_of(value.get(controller_member)).map(str::to_string);

        basic_checks(value, &path, kind, &mut findings);
        findings.step(CheckId::Schema);
        if role == Role::Endorsement
            && kind != DocumentKind::Endorsement
            && kind != DocumentKind::Unknown
        {
            findings.push(Finding::error(
                codes::ENDORSEMENT_TYPE,
                path.clone().key("type"),
                format!(
                    "an endorsement must be an EndorsementCredential, not a {kind:?} credential"
                ),
            ));
        }
        self.schema(value, &path, kind, role, disclosed, &mut findings);
        let issuer = report.issuer.clone();
        findings.step(CheckId::Proof);
        let proven = self.proofs(value, &path, jws, &mut report, &mut findings);
        findings.step(CheckId::Validity);
        findings.extend(validity::check(value, &path, self.now, policy.leeway));
        findings.step(CheckId::Status);
        if kind != DocumentKind::Presentation {
            status_check::check(
                self,
                value,
                &path,
                issuer.as_deref(),
                depth,
                &mut findings,
                &mut report.nested,
            );
        }
        findings.step(CheckId::Recipient);
        if let Some(expected) = &policy.recipient
            && (matches!(role, Role::Root | Role::Presented)
                && matches!(
                    kind,
                    DocumentKind::Achievement | DocumentKind::Clr | DocumentKind::Other
                ))
        {
            findings.extend(recipient::check(value, &path, expected));
        }
        findings.step(CheckId::NestedCredentials);
        self.nested(value, &path, kind, depth, &mut findings, &mut report.nested);

        let report = self.close(report, findings, value, None);
        if allow_refresh && policy.refresh && proven {
            let mut report = self.refresh(value, report, depth);
            // The refresh findings came after the checklist was made.
            self.list_checks(&mut report, value, None);
            return report;
        }
        report
    }

    /// Settles `report` with its findings and makes its checklist; `stopped` says why the
    /// checks did not run, when they did not.
    fn close(
        &self,
        mut report: VerificationReport,
        findings: Findings,
        value: &Value,
        stopped: Option<&str>,
    ) -> VerificationReport {
        let (findings, steps) = findings.finish(self.verifier);
        report.findings = findings;
        report.steps = steps;
        report.settle();
        self.list_checks(&mut report, value, stopped);
        report
    }

    fn list_checks(&self, report: &mut VerificationReport, value: &Value, stopped: Option<&str>) {
        let steps = std::mem::take(&mut report.steps);
        let facts = checklist::Facts {
            value,
            kind: report.kind,
            role: report.role,
            policy: &self.verifier.policy,
            stopped,
            validator: self.verifier.validator.is_some(),
            steps: &steps,
        };
        report.checks = checklist::build(&facts, report);
        report.steps = steps;
    }

    fn schema(
        &self,
        value: &Value,
        path: &JsonPath,
        kind: DocumentKind,
        role: Role,
        disclosed: bool,
        findings: &mut Findings,
    ) {
        if !self.verifier.policy.check_schema {
            return;
        }
        match &self.verifier.validator {
            Some(validator) => {
                findings.extend(validator.validate(value, kind).into_iter().map(|mut f| {
                    f.path = path.join(&f.path);
                    if disclosed {
                        super::checker::withhold(&mut f);
                    }
                    f
                }))
            }
            None if role == Role::Root => findings.push(Finding::info(
                codes::SCHEMA_SKIPPED,
                path.clone(),
                "no schema validator is configured; schema checks were not run",
            )),
            None => {}
        }
    }

    /// Checks the proofs of the credential `report` is about; true when one was accepted.
    fn proofs(
        &self,
        value: &Value,
        path: &JsonPath,
        jws: Option<ProofOutcome>,
        report: &mut VerificationReport,
        findings: &mut Findings,
    ) -> bool {
        let kind = report.kind;
        let issuer = report.issuer.clone();
        let controller = issuer.as_deref();
        let policy = &self.verifier.policy;
        let context = self.proof_context(kind);
        let mut outcomes = self.verifier.proofs.check(value, path, &context);
        if let Some(jws) = jws {
            outcomes.insert(0, jws);
        }
        if outcomes.is_empty() {
            let at = if value.get("proof").is_some() {
                path.clone().key("proof")
            } else {
                path.clone()
            };
            findings.push_protected(Finding::error(
                codes::PROOF_MISSING,
                at,
                "no proof could be checked: the credential is not signed",
            ));
            return false;
        }
        let presentation = kind == DocumentKind::Presentation;
        let mut judged = Vec::with_capacity(outcomes.len());
        for outcome in outcomes {
            let allowed = policy
                .allowed_suites
                .as_ref()
                .is_none_or(|suites| suites.contains(&outcome.suite));
            let bound = match controller {
                None => presentation,
                Some(expected) => match (&outcome.controller, &outcome.verification_method) {
                    (Some(c), _) => c == expected,
                    (None, Some(vm)) => vm.split('#').next() == Some(expected),
                    (None, None) => false,
                },
            };
            let mut own = outcome.findings.clone();
            if outcome.valid && allowed && !bound && !policy.issuer_binding {
                own.push(Finding::warning(
                    codes::PROOF_ISSUER_BINDING_OFF,
                    outcome.path.clone().key("verificationMethod"),
                    format!(
                        "verification method {} (controller {}) was not checked against {}: issuer binding is switched off by the policy",
                        outcome.verification_method.as_deref().unwrap_or("(none)"),
                        outcome.controller.as_deref().unwrap_or("unknown"),
                        controller.unwrap_or("(none)"),
                    ),
                ));
            }
            let bound = bound || !policy.issuer_binding;
            if !outcome.valid && !own.iter().any(|f| f.severity == Severity::Error) {
                own.push(Finding::error(
                    codes::PROOF_INVALID,
                    outcome.path.clone(),
                    format!("the {} proof did not verify", outcome.suite),
                ));
            }
            if outcome.valid && !allowed {
                own.push(Finding::error(
                    codes::PROOF_SUITE_NOT_ALLOWED,
                    outcome.path.clone(),
                    format!("the suite {} is not allowed by the policy", outcome.suite),
                ));
            }
            if outcome.valid && allowed && !bound {
                let (code, whose) = if presentation {
                    (codes::PROOF_HOLDER_MISMATCH, "holder")
                } else {
                    (codes::PROOF_ISSUER_MISMATCH, "issuer")
                };
                own.push(Finding::error(
                    code,
                    outcome.path.clone().key("verificationMethod"),
                    format!(
                        "verification method {} (controller {}) is not controlled by the {whose} {}",
                        outcome.verification_method.as_deref().unwrap_or("(none)"),
                        outcome.controller.as_deref().unwrap_or("unknown"),
                        controller.unwrap_or("(none)"),
                    ),
                ));
            }
            let accepted = outcome.valid && allowed && bound;
            judged.push((outcome, accepted, own));
        }
        let any_accepted = judged.iter().any(|(_, accepted, _)| *accepted);
        for (mut outcome, accepted, own) in judged {
            // Data Integrity proof sets: every proof of a suite we evaluate must verify. Only a
            // proof we cannot evaluate at all (an unknown type or suite), or a valid proof that
            // is merely not the issuer's or not allowed, may stand beside an accepted one as a
            // warning (the 1EdTech validator's practice).
            let evaluated_and_failed = !outcome.valid
                && !own.iter().any(|f| {
                    f.code == codes::PROOF_UNSUPPORTED || f.code == codes::JWT_UNSUPPORTED
                });
            for mut finding in own {
                if finding.code == codes::PROOF_KEY_UNAVAILABLE
                    && finding.severity == Severity::Error
                {
                    // Not proven wrong: the proof is unverified, the verdict indeterminate.
                    finding.severity = Severity::Warning;
                }
                if any_accepted && !evaluated_and_failed && finding.severity == Severity::Error {
                    finding.severity = Severity::Warning;
                    finding.message.push_str(" (another proof is valid)");
                }
                findings.push_protected(finding);
            }
            if !policy.debug {
                outcome.debug.clear();
            }
            outcome.findings.clear();
            report.proofs.push(ProofSummary { outcome, accepted });
        }
        any_accepted
    }

    pub(super) fn proof_context(&self, kind: DocumentKind) -> ProofContext<'_> {
        let policy = &self.verifier.policy;
        ProofContext {
            now: self.now,
            allowed_suites: policy.allowed_suites.as_ref(),
            challenge: policy.challenge.as_deref(),
            domain: policy.domain.as_deref(),
            nonce: policy.nonce.as_deref(),
            audience: policy.audience.as_deref(),
            key_binding_max_age: policy.key_binding_max_age,
            kind,
            debug: policy.debug,
        }
    }

    fn nested(
        &self,
        value: &Value,
        path: &JsonPath,
        kind: DocumentKind,
        depth: usize,
        findings: &mut Findings,
        nested: &mut Vec<VerificationReport>,
    ) {
        let max_depth = self.verifier.policy.max_depth;
        let mut work = Vec::new();
        for embedded in embedded::discover(value, path, kind) {
            match embedded {
                Embedded::Credential { path, .. } | Embedded::Jwt { path, .. }
                    if depth + 1 > max_depth =>
                {
                    findings.push(Finding::error(
                        codes::TOO_DEEP,
                        path,
                        format!("not verified: nested deeper than {max_depth} levels"),
                    ));
                }
                other => work.push(other),
            }
        }
        for result in self.verify_all(work, depth + 1) {
            match result {
                Ok(report) => nested.push(report),
                Err(finding) => findings.push(finding),
            }
        }
    }

    /// Verifies one embedded credential; a JWT that cannot be checked is a finding of the
    /// parent.
    fn verify_embedded(
        &self,
        embedded: Embedded<'_>,
        depth: usize,
    ) -> Result<VerificationReport, Finding> {
        match embedded {
            Embedded::Credential { value, path, role } => {
                Ok(self.verify(value, path, role, depth, true))
            }
            Embedded::Jwt { text, path, role } => match self.decode_token(text, &path) {
                Some((credential, secured)) => {
                    Ok(self.verify_with(&credential, path, role, depth, true, Some(secured)))
                }
                None => Err(Finding::warning(
                    codes::JWT_UNSUPPORTED,
                    path,
                    "a JWT-encoded credential was not verified (the proof checker does not support JWTs)",
                )),
            },
        }
    }

    #[cfg(feature = "parallel")]
    fn verify_all(
        &self,
        work: Vec<Embedded<'_>>,
        depth: usize,
    ) -> Vec<Result<VerificationReport, Finding>> {
        use rayon::prelude::*;
        work.into_par_iter()
            .map(|embedded| self.verify_embedded(embedded, depth))
            .collect()
    }

    #[cfg(not(feature = "parallel"))]
    fn verify_all(
        &self,
        work: Vec<Embedded<'_>>,
        depth: usize,
    ) -> Vec<Result<VerificationReport, Finding>> {
        work.into_iter()
            .map(|embedded| self.verify_embedded(embedded, depth))
            .collect()
    }

    /// Follows a `1EdTechCredentialRefresh` service once: the refreshed credential replaces
    /// the original when it verifies; otherwise the original stands, with a warning.
    fn refresh(
        &self,
        value: &Value,
        mut original: VerificationReport,
        depth: usize,
    ) -> VerificationReport {
        let base = original.path.clone().key("refreshService");
        let Some(service) = value.get("refreshService") else {
            return original;
        };
        let Some((url, service_path)) = one_or_many(service, &base)
            .into_iter()
            .filter(|(s, _)| types(s).contains(&REFRESH_TYPE))
            .find_map(|(s, p)| {
                s.get("id")
                    .and_then(Value::as_str)
                    .map(|u| (u.to_string(), p))
            })
        else {
            return original;
        };
        let failed = |original: &mut VerificationReport, why: String, severity: Severity| {
            original.findings.push(Finding::new(
                codes::REFRESH_FAILED,
                severity,
                service_path.clone(),
                format!("refresh from {url} failed ({why}); the original credential was verified"),
            ));
        };
        if depth + 1 > self.verifier.policy.max_depth {
            failed(&mut original, "nested too deep".into(), Severity::Warning);
            return original;
        }
        let fetched = match self.fetch(&url) {
            Ok(fetched) => fetched,
            Err(unavailable) => {
                // Offline by design is expected, not a problem worth a warning.
                let severity = if unavailable.offline {
                    Severity::Info
                } else {
                    Severity::Warning
                };
                failed(&mut original, unavailable.message, severity);
                return original;
            }
        };
        let mut candidate = self.verify_with(
            fetched.document.value(),
            JsonPath::root(),
            original.role,
            depth + 1,
            false,
            fetched.secured,
        );
        candidate.url = Some(url.clone());
        if candidate.issuer != original.issuer {
            candidate.findings.push(Finding::error(
                codes::REFRESH_FAILED,
                JsonPath::root().key("issuer"),
                format!(
                    "the refreshed credential is issued by {}, not by the original issuer {}",
                    candidate.issuer.as_deref().unwrap_or("(none)"),
                    original.issuer.as_deref().unwrap_or("(none)")
                ),
            ));
            candidate.settle();
        }
        if candidate.verdict == Verdict::Valid {
            let mut superseded = original;
            superseded.role = Role::Superseded;
            candidate.findings.push(Finding::info(
                codes::REFRESH_USED,
                JsonPath::root(),
                format!("this credential was refreshed from {url}; the original is superseded"),
            ));
            candidate.document = Some(fetched.document);
            candidate.nested.push(superseded);
            candidate.settle();
            candidate
        } else {
            failed(
                &mut original,
                format!("the refreshed credential is {}", candidate.verdict),
                Severity::Warning,
            );
            candidate.role = Role::RefreshCandidate;
            original.nested.push(candidate);
            original.settle();
            original
        }
    }
}

/// `@context`, `type` and `issuer` basics (an SD-JWT VC has no `@context` or `type`: only
/// its issuer is checked here).
fn basic_checks(value: &Value, path: &JsonPath, kind: DocumentKind, findings: &mut Findings) {
    if kind == DocumentKind::SdJwtVc {
        issuer_check(value, path, kind, findings);
        return;
    }
    let context_path = path.clone().key("@context");
    let contexts: Vec<&Value> = match value.get("@context") {
        Some(Value::Array(items)) if !items.is_empty() => items.iter().collect(),
        Some(single @ (Value::String(_) | Value::Object(_))) => vec![single],
        _ => {
            findings.push(Finding::error(
                codes::CONTEXT_MISSING,
                context_path.clone(),
                "@context must be a context URL or a non-empty array of contexts",
            ));
            Vec::new()
        }
    };
    if let Some(first) = contexts.first() {
        match first.as_str() {
            Some(VC_V2) => {}
            Some(VC_V1) => findings.push(Finding::warning(
                codes::CONTEXT_VCDM1,
                context_path.clone().index(0),
                "VC Data Model 1.1 credential (legacy); VC Data Model 2.0 is current",
            )),
            _ => findings.push(Finding::error(
                codes::CONTEXT_FIRST,
                context_path.clone().index(0),
                format!("the first context must be {VC_V2} (or {VC_V1})"),
            )),
        }
    }
    let has_prefix = |prefix: &str| {
        contexts
            .iter()
            .any(|c| c.as_str().is_some_and(|s| s.starts_with(prefix)))
    };
    let profile = match kind {
        DocumentKind::Clr => Some(("CLR 2.0", has_prefix(CLR_CONTEXT_PREFIX))),
        DocumentKind::Achievement | DocumentKind::Endorsement => Some((
            "Open Badges 3.0",
            has_prefix(OB_CONTEXT_PREFIX) || has_prefix(CLR_CONTEXT_PREFIX),
        )),
        _ => None,
    };
    if let Some((name, false)) = profile
        && !contexts.is_empty()
    {
        findings.push(Finding::error(
            codes::CONTEXT_PROFILE_MISSING,
            context_path,
            format!("a {kind:?} credential needs the {name} context"),
        ));
    }
    let type_path = path.clone().key("type");
    let type_ok = match value.get("type") {
        Some(Value::String(_)) => true,
        Some(Value::Array(items)) => !items.is_empty() && items.iter().all(Value::is_string),
        _ => false,
    };
    if !type_ok {
        findings.push(Finding::error(
            codes::TYPE_MISSING,
            type_path.clone(),
            "type must be a string or a non-empty array of strings",
        ));
    }
    let types = types(value);
    match kind {
        DocumentKind::Presentation => {}
        DocumentKind::Unknown if type_ok => findings.push(Finding::error(
            codes::TYPE_BASE_MISSING,
            type_path,
            "type must include VerifiableCredential or VerifiablePresentation",
        )),
        DocumentKind::Unknown => {}
        _ if !types.contains(&"VerifiableCredential") => findings.push(Finding::error(
            codes::TYPE_BASE_MISSING,
            type_path,
            "type must include VerifiableCredential",
        )),
        DocumentKind::Other => findings.push(Finding::warning(
            codes::TYPE_UNRECOGNIZED,
            type_path,
            format!(
                "not an Open Badges or CLR credential (type [{}]); checked generically",
                types.join(", ")
            ),
        )),
        _ => {}
    }
    issuer_check(value, path, kind, findings);
    if kind != DocumentKind::Presentation {
        findings.extend(crate::vcdm::check(value, path));
    }
}

fn issuer_check(value: &Value, path: &JsonPath, kind: DocumentKind, findings: &mut Findings) {
    if kind != DocumentKind::Presentation && id_of(value.get("issuer")).is_none() {
        findings.push(Finding::error(
            codes::ISSUER_MISSING,
            path.clone().key("issuer"),
            "issuer must be an IRI or a profile with an id",
        ));
    }
}
