//! The standard implementations of the verifier's seams: Data Integrity proofs over
//! [`crate::proof`] and [`crate::resolve`], resources over a [`fetch::Fetcher`], and
//! schema validation over [`crate::validate`].

use std::sync::Arc;

use serde_json::Value;

use super::DocumentKind;
use super::seams::{JwtOutcome, ProofChecker, ProofContext, ProofOutcome};
use crate::proof::{self, RdfcCanonicalizer, VerifyOptions};
use crate::report::{Finding, JsonPath};
use crate::resolve::{KeyResolver, Relationship, Resolver};

/// A proof outcome from a sub-verifier's report: valid when the report has no error; every
/// finding (warnings and infos of a valid proof too) kept, re-based under `base`.
fn outcome_of(
    at: JsonPath,
    suite: &str,
    report: &crate::report::Report,
    base: &JsonPath,
) -> ProofOutcome {
    let findings: Vec<Finding> = report
        .findings()
        .iter()
        .cloned()
        .map(|f| rebase_finding(base, f))
        .collect();
    if report.is_valid() {
        findings
            .into_iter()
            .fold(ProofOutcome::valid(at, suite), ProofOutcome::with_finding)
    } else {
        ProofOutcome::invalid(at, suite, findings)
    }
}

fn rebase_finding(base: &JsonPath, mut finding: Finding) -> Finding {
    finding.path = base.join(&finding.path);
    finding
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// Checks Data Integrity proofs (`eddsa-rdfc-2022`, `eddsa-jcs-2022`, `ecdsa-rdfc-2019`,
/// `ecdsa-jcs-2019`, and the verify-only `Ed25519Signature2020` / `eddsa-2022`) with
/// [`proof::verify_proofs`], resolving keys with a [`KeyResolver`].
///
/// Each outcome carries the controller of the resolved verification method, so the
/// verifier can bind the key to the issuer (or holder). The expected proof purpose is
/// `assertionMethod` for credentials and `authentication` for presentations; a
/// presentation's `challenge` and `domain` must match the policy's (`proof.challenge`,
/// `proof.domain`). Findings use the codes of [`proof::verify_proofs`].
///
/// JWT-secured credentials (OB 3.0 VC-JWT, VCDM 1.1 `vc` claim, VC-JOSE-COSE `vc+jwt`) are
/// checked with [`crate::jose::verify_jwt`] through the same resolver: the JWS signature
/// becomes one proof outcome (suite `vc-jwt`), and the decoded credential is verified like
/// any other.
#[derive(Clone)]
pub struct DataIntegrityChecker {
    resolver: Arc<dyn KeyResolver + Send + Sync>,
    canonicalizer: RdfcCanonicalizer,
}

impl std::fmt::Debug for DataIntegrityChecker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DataIntegrityChecker")
            .finish_non_exhaustive()
    }
}

impl DataIntegrityChecker {
    /// A checker resolving keys with `resolver` (for example [`Resolver::offline`] for
    /// `did:key` / `did:jwk`, or a [`Resolver::with_fetcher`] for `did:web` and HTTPS).
    pub fn new(resolver: impl KeyResolver + Send + Sync + 'static) -> Self {
        DataIntegrityChecker {
            resolver: Arc::new(resolver),
            canonicalizer: RdfcCanonicalizer::new(),
        }
    }

    /// A checker that resolves `did:key` and `did:jwk` only (no network).
    pub fn offline() -> Self {
        DataIntegrityChecker::new(Resolver::offline())
    }

    /// This checker with another canonicalizer (private contexts, other limits).
    #[must_use]
    pub fn with_canonicalizer(mut self, canonicalizer: RdfcCanonicalizer) -> Self {
        self.canonicalizer = canonicalizer;
        self
    }

    fn expect_member(
        proof: &Value,
        at: &JsonPath,
        name: &'static str,
        expected: Option<&str>,
        findings: &mut Vec<Finding>,
    ) {
        let Some(expected) = expected else { return };
        let actual = proof.get(name).and_then(Value::as_str);
        if actual != Some(expected) {
            findings.push(Finding::error(
                if name == "challenge" {
                    "proof.challenge"
                } else {
                    "proof.domain"
                },
                at.clone().key(name),
                match actual {
                    Some(a) => format!("proof {name} is `{a}`, expected `{expected}`"),
                    None => format!("the proof has no {name}; expected `{expected}`"),
                },
            ));
        }
    }
}

impl ProofChecker for DataIntegrityChecker {
    fn check(
        &self,
        credential: &Value,
        path: &JsonPath,
        context: &ProofContext<'_>,
    ) -> Vec<ProofOutcome> {
        if credential.get("proof").is_none() {
            return Vec::new();
        }
        if let Some(proof) = credential.get("proof").filter(|p| p.is_object())
            && proof.get("cryptosuite").and_then(Value::as_str) == Some("ecdsa-sd-2023")
        {
            return vec![self.check_ecdsa_sd(credential, proof, path)];
        }
        let presentation = context.kind == DocumentKind::Presentation;
        let purpose = if presentation {
            Relationship::Authentication
        } else {
            Relationship::AssertionMethod
        };
        let options = VerifyOptions::default()
            .purpose(purpose)
            .now(context.now)
            .keep_intermediates(context.debug);
        let outcome =
            proof::verify_proofs(credential, &*self.resolver, &self.canonicalizer, &options);
        let proofs: Vec<&Value> = match credential.get("proof") {
            Some(Value::Array(items)) => items.iter().collect(),
            Some(one) => vec![one],
            None => Vec::new(),
        };
        let mut outcomes = Vec::with_capacity(outcome.checks.len().max(1));
        if outcome.checks.is_empty() {
            // An empty proof array or a document-level problem.
            let findings: Vec<Finding> = outcome
                .findings
                .iter()
                .cloned()
                .map(|f| rebase_finding(path, f))
                .collect();
            outcomes.push(ProofOutcome::invalid(
                path.clone().key("proof"),
                "unknown",
                findings,
            ));
            return outcomes;
        }
        for (index, check) in outcome.checks.into_iter().enumerate() {
            let proof_value = proofs.get(index).copied().unwrap_or(&Value::Null);
            let suite = match check.cryptosuite {
                Some(suite) => suite.name().to_owned(),
                None => proof_value
                    .get("cryptosuite")
                    .or_else(|| proof_value.get("type"))
                    .and_then(Value::as_str)
                    .unwrap_or("unknown")
                    .to_owned(),
            };
            let at = path.join(&check.path);
            let mut findings: Vec<Finding> = check
                .findings
                .iter()
                .cloned()
                .map(|f| rebase_finding(path, f))
                .collect();
            if presentation {
                Self::expect_member(
                    proof_value,
                    &at,
                    "challenge",
                    context.challenge,
                    &mut findings,
                );
                Self::expect_member(proof_value, &at, "domain", context.domain, &mut findings);
            }
            let mut result = if !findings
                .iter()
                .any(|f| f.severity == crate::report::Severity::Error)
            {
                // Warnings (a `created` in the future) travel with a valid proof.
                findings
                    .into_iter()
                    .fold(ProofOutcome::valid(at, suite), ProofOutcome::with_finding)
            } else {
                ProofOutcome::invalid(at, suite, findings)
            };
            if let Some(vm) = proof_value
                .get("verificationMethod")
                .and_then(Value::as_str)
            {
                result = result.with_verification_method(vm);
            }
            if let Some(method) = &check.method {
                result = result.with_controller(method.controller.clone());
            }
            if let Some(hash_data) = &check.hash_data {
                result = result.with_debug("hashData", hex(hash_data));
            }
            if let Some(config) = &check.canonical_config {
                result = result.with_debug("canonicalProofConfig", config.as_str());
            }
            if let Some(document) = &check.canonical_document {
                result = result.with_debug("canonicalDocument", document.as_str());
            }
            outcomes.push(result);
        }
        outcomes
    }

    fn check_jwt(
        &self,
        jwt: &str,
        path: &JsonPath,
        context: &ProofContext<'_>,
    ) -> Option<JwtOutcome> {
        let options = crate::jose::JwtVerifyOptions::default().now(context.now);
        let verification = crate::jose::verify_jwt(jwt.trim(), &*self.resolver, &options);
        // A token that cannot be decoded is an invalid proof of no credential (`null`), not
        // an unsupported one.
        let credential = verification
            .credential
            .as_ref()
            .map_or(Value::Null, |d| d.value().clone());
        let valid = verification.report.is_valid();
        let mut outcome = outcome_of(path.clone(), "vc-jwt", &verification.report, path);
        if let Some(method) = &verification.method {
            outcome = outcome
                .with_verification_method(method.id.clone())
                .with_controller(method.controller.clone());
        } else if valid {
            // A `jwk` header key accepted for an https issuer (OB 3.0 §8.2.4.1; the JOSE layer
            // reported `jwt.jwk_self_asserted`): the signature binds the payload's `iss`, which
            // the JOSE layer checked against the credential's issuer.
            if let Some(issuer) = credential
                .as_object()
                .and_then(crate::jose::claims::issuer_id)
            {
                outcome = outcome.with_controller(issuer);
            }
        }
        Some(JwtOutcome::new(credential, outcome))
    }

    fn check_sd_jwt(
        &self,
        sd_jwt: &str,
        path: &JsonPath,
        context: &ProofContext<'_>,
    ) -> Option<JwtOutcome> {
        use crate::jose::sd_jwt::{self, SdJwtVerifyOptions};
        let mut options = SdJwtVerifyOptions::default().now(context.now);
        options.nonce = context.nonce.map(str::to_owned);
        options.audience = context.audience.map(str::to_owned);
        options.max_key_binding_age = context
            .key_binding_max_age
            .map(|age| chrono::Duration::from_std(age).unwrap_or(chrono::Duration::MAX));
        let verification = sd_jwt::verify_sd_jwt(sd_jwt.trim(), &*self.resolver, &options);
        let mut report = verification.report.clone();
        let (credential, kind) = match &verification.claims {
            Some(claims) => sd_jwt_credential(claims, &mut report),
            None => (Value::Null, None),
        };
        let mut outcome = outcome_of(path.clone(), super::engine::SD_JWT_SUITE, &report, path);
        if let Some(method) = &verification.method {
            outcome = outcome
                .with_verification_method(method.id.clone())
                .with_controller(method.controller.clone());
        }
        outcome = outcome
            .with_debug("disclosed", verification.disclosed.join(" "))
            .with_debug("keyBound", verification.key_bound.to_string());
        let result = JwtOutcome::new(credential, outcome);
        Some(match kind {
            Some(kind) => result.with_kind(kind),
            None => result,
        })
    }
}

/// The credential of an SD-JWT's disclosed claims: the claims themselves when they are a
/// W3C credential (VC-JOSE-COSE `vc+sd-jwt`: `@context` and `type` in the payload);
/// otherwise the credential mapped from SD-JWT VC claims by
/// [`claims_to_credential`](crate::jose::sd_jwt::claims_to_credential), of kind
/// [`DocumentKind::SdJwtVc`] unless the mapping restored a `type`. Claims that cannot be
/// mapped are an `sd_jwt.claim_missing` finding and no credential.
fn sd_jwt_credential(
    claims: &Value,
    report: &mut crate::report::Report,
) -> (Value, Option<DocumentKind>) {
    if claims.get("@context").is_some() || claims.get("type").is_some() {
        return (claims.clone(), None);
    }
    match crate::jose::sd_jwt::claims_to_credential(claims) {
        Ok(credential) if credential.get("type").is_some() => (credential, None),
        Ok(credential) => (credential, Some(DocumentKind::SdJwtVc)),
        Err(e) => {
            report.push(Finding::error(
                crate::jose::sd_jwt::codes::CLAIM_MISSING,
                JsonPath::root().key("payload"),
                format!("the disclosed claims are not a credential: {e}"),
            ));
            (Value::Null, None)
        }
    }
}

impl DataIntegrityChecker {
    /// An ecdsa-sd-2023 proof: derived proofs are verified with [`crate::sd::verify_derived`];
    /// a base proof given to a verifier is a finding (`proof.sd_base`).
    fn check_ecdsa_sd(&self, credential: &Value, proof: &Value, path: &JsonPath) -> ProofOutcome {
        let verification =
            crate::sd::verify_derived(credential, &*self.resolver, &self.canonicalizer);
        let at = path.clone().key("proof");
        let mut outcome = outcome_of(at, "ecdsa-sd-2023", &verification.report, path);
        if let Some(vm) = proof.get("verificationMethod").and_then(Value::as_str) {
            outcome = outcome.with_verification_method(vm);
        }
        if let Some(method) = &verification.method {
            outcome = outcome.with_controller(method.controller.clone());
        }
        outcome
    }
}

/// A [`StaticValidator`](super::StaticValidator) over [`crate::validate::Validator`]:
/// JSON Schema and rules for OB 3.0 and CLR 2.0 credentials (other kinds are not checked
/// here).
#[cfg(feature = "schema")]
#[derive(Clone, Debug)]
pub struct SchemaValidator(pub Arc<crate::validate::Validator>);

#[cfg(feature = "schema")]
impl SchemaValidator {
    /// A validator over the bundled schemas.
    ///
    /// # Errors
    /// [`crate::validate::SchemaError`] if a bundled schema does not compile (a build
    /// defect).
    pub fn new() -> Result<Self, crate::validate::SchemaError> {
        Ok(SchemaValidator(Arc::new(
            crate::validate::Validator::new()?.without_jsonld(),
        )))
    }
}

/// Findings that only say a member is absent, which a holder may legitimately cause by not
/// revealing it under ecdsa-sd-2023 (the issuer's mandatory pointers decide what must stay).
/// The peers skip the OB structure check for derived credentials altogether; we keep every
/// finding and downgrade only these to warnings.
pub(super) const WITHHOLDABLE: [&str; 4] = [
    "schema.required",
    "result.unknown_description",
    "result.unknown_level",
    "subject.identity",
];

/// Downgrades a finding that only says a member is absent (see [`WITHHOLDABLE`]) to a
/// warning: in a selectively disclosed credential the holder may have withheld it.
pub(super) fn withhold(finding: &mut Finding) {
    if WITHHOLDABLE.contains(&finding.code.as_ref()) {
        finding.severity = crate::report::Severity::Warning;
        finding
            .message
            .push_str(" (selectively disclosed: the issuer let the holder withhold it)");
    }
}

#[cfg(feature = "schema")]
/// True for a credential with a Data Integrity proof whose cryptosuite canonicalizes with
/// RDFC-1.0 (its verification expands the credential in JSON-LD safe mode).
fn has_rdfc_proof(credential: &Value) -> bool {
    let rdfc = |p: &Value| {
        let suite = p.get("cryptosuite").and_then(Value::as_str);
        suite == Some(crate::sd::CRYPTOSUITE)
            || p.get("type")
                .and_then(Value::as_str)
                .and_then(|t| crate::proof::Cryptosuite::from_proof(t, suite))
                .is_some_and(|s| s.canonicalization() == crate::proof::Canonicalization::Rdfc)
    };
    match credential.get("proof") {
        Some(Value::Array(proofs)) => proofs.iter().any(rdfc),
        Some(p) => rdfc(p),
        None => false,
    }
}

#[cfg(feature = "schema")]
/// True for a credential secured by an ecdsa-sd-2023 proof (a derived disclosure).
fn is_selectively_disclosed(credential: &Value) -> bool {
    credential
        .get("proof")
        .and_then(|p| p.get("cryptosuite"))
        .and_then(Value::as_str)
        == Some("ecdsa-sd-2023")
}

#[cfg(feature = "schema")]
impl super::StaticValidator for SchemaValidator {
    fn validate(&self, credential: &Value, kind: DocumentKind) -> Vec<Finding> {
        match kind {
            DocumentKind::Achievement | DocumentKind::Endorsement | DocumentKind::Clr => {
                let mut findings = self.0.validate_value(credential).findings().to_vec();
                // An `-rdfc-` proof expands the credential in safe mode anyway (its errors
                // are the proof's); any other is checked here.
                if !self.0.checks_jsonld() && !has_rdfc_proof(credential) {
                    findings.extend(self.0.jsonld_findings(credential));
                }
                if is_selectively_disclosed(credential) {
                    for finding in &mut findings {
                        withhold(finding);
                    }
                }
                findings
            }
            _ => Vec::new(),
        }
    }
}
