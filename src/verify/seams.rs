//! The narrow interfaces the verifier needs from the rest of the crate (and from callers):
//! proof checking, schema / rules validation, and fetching resources.
//!
//! Each is a small trait so a proof suite, a validator or an HTTP client plugs in through an
//! adapter; the verifier itself does no cryptography and no I/O.

use std::collections::BTreeMap;
use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;

use super::outcome::DocumentKind;
use crate::report::{Finding, JsonPath};

/// What the verifier tells the proof checker besides the credential.
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub struct ProofContext<'a> {
    /// The verification instant (for `created` / `expires` of proofs).
    pub now: DateTime<Utc>,
    /// The suites the policy accepts (`None`: any). The verifier enforces this too; a
    /// checker may use it to skip work.
    pub allowed_suites: Option<&'a BTreeSet<String>>,
    /// The expected `challenge` (presentations).
    pub challenge: Option<&'a str>,
    /// The expected `domain` (presentations).
    pub domain: Option<&'a str>,
    /// The nonce an SD-JWT key-binding JWT must carry (a KB-JWT is then required).
    pub nonce: Option<&'a str>,
    /// The audience an SD-JWT key-binding JWT must name (a KB-JWT is then required).
    pub audience: Option<&'a str>,
    /// The oldest key-binding JWT accepted (`None`: any age).
    pub key_binding_max_age: Option<std::time::Duration>,
    /// What is being checked (a presentation's proofs use `authentication`);
    /// [`DocumentKind::Unknown`] for a JWT not yet decoded.
    pub kind: DocumentKind,
    /// Keep intermediate values (canonical N-Quads, hashes) in [`ProofOutcome::debug`].
    pub debug: bool,
}

/// The outcome of checking one proof.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ProofOutcome {
    /// Where the proof is in the outer document (for example `$.proof[1]`).
    pub path: JsonPath,
    /// The suite: a Data Integrity `cryptosuite` (`eddsa-rdfc-2022`), a legacy proof `type`
    /// (`Ed25519Signature2020`) or an envelope (`vc-jwt`).
    pub suite: String,
    /// The proof's `verificationMethod`, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verification_method: Option<String>,
    /// The controller of the verification method, when the checker resolved it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub controller: Option<String>,
    /// True when the signature verified.
    pub valid: bool,
    /// Why the proof is not valid (or warnings about a valid one); paths in the outer
    /// document.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<Finding>,
    /// Intermediate values (canonical N-Quads, hashes), when asked for.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub debug: BTreeMap<String, String>,
}

impl ProofOutcome {
    /// A proof that verified.
    pub fn valid(path: JsonPath, suite: impl Into<String>) -> Self {
        ProofOutcome {
            path,
            suite: suite.into(),
            verification_method: None,
            controller: None,
            valid: true,
            findings: Vec::new(),
            debug: BTreeMap::new(),
        }
    }

    /// A proof that did not verify, with the findings that say why.
    pub fn invalid(path: JsonPath, suite: impl Into<String>, findings: Vec<Finding>) -> Self {
        ProofOutcome {
            valid: false,
            findings,
            ..ProofOutcome::valid(path, suite)
        }
    }

    /// This outcome with the proof's verification method.
    #[must_use]
    pub fn with_verification_method(mut self, method: impl Into<String>) -> Self {
        self.verification_method = Some(method.into());
        self
    }

    /// This outcome with the verification method's controller.
    #[must_use]
    pub fn with_controller(mut self, controller: impl Into<String>) -> Self {
        self.controller = Some(controller.into());
        self
    }

    /// This outcome with one more finding.
    #[must_use]
    pub fn with_finding(mut self, finding: Finding) -> Self {
        self.findings.push(finding);
        self
    }

    /// This outcome with one more debug value.
    #[must_use]
    pub fn with_debug(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.debug.insert(name.into(), value.into());
        self
    }
}

/// A JWT-encoded credential, decoded and its signature checked by
/// [`ProofChecker::check_jwt`].
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct JwtOutcome {
    /// The credential carried by the JWT (the `vc` claim of a VC-JWT, or the payload of a
    /// `vc+jwt`), verified by the verifier like any other credential.
    pub credential: Value,
    /// The outcome of the JWS signature, reported as one more proof of that credential.
    pub proof: ProofOutcome,
    /// The credential's kind when its `type` cannot tell it (an SD-JWT VC mapped from
    /// claims: [`DocumentKind::SdJwtVc`]); `None` detects it from `type`.
    pub kind: Option<DocumentKind>,
}

impl JwtOutcome {
    /// The decoded credential and the outcome of its signature.
    pub fn new(credential: Value, proof: ProofOutcome) -> Self {
        JwtOutcome {
            credential,
            proof,
            kind: None,
        }
    }

    /// This outcome with the credential's kind given rather than detected.
    #[must_use]
    pub fn with_kind(mut self, kind: DocumentKind) -> Self {
        self.kind = Some(kind);
        self
    }
}

/// Checks the proofs of one credential or presentation.
///
/// `credential` is the credential's JSON exactly as received; `path` is where it sits in
/// the outer document (the root `$` for a top-level credential, `$.endorsement[0]` for an
/// embedded one) so that findings can point into the outer document. Return one outcome per
/// proof, in document order; an empty vector means "no proof" (the verifier reports
/// `proof.missing`). Any one valid proof of an accepted suite suffices.
pub trait ProofChecker: Send + Sync {
    /// Checks every proof of `credential`.
    fn check(
        &self,
        credential: &Value,
        path: &JsonPath,
        context: &ProofContext<'_>,
    ) -> Vec<ProofOutcome>;

    /// Decodes a JWT-encoded credential found at `path` (a string under
    /// `verifiableCredential` or `endorsementJwt`, or a whole document given to
    /// [`Verifier::verify_jwt`](super::Verifier::verify_jwt)) and checks its signature.
    ///
    /// `None` (the default) means JWTs are not supported: the verifier reports
    /// `credential.jwt_unsupported` and the verdict is at best indeterminate. A JWT that
    /// cannot be decoded is `Some` with an invalid proof and the credential `null`.
    fn check_jwt(
        &self,
        jwt: &str,
        path: &JsonPath,
        context: &ProofContext<'_>,
    ) -> Option<JwtOutcome> {
        let _ = (jwt, path, context);
        None
    }

    /// Decodes an SD-JWT (SD-JWT VC `dc+sd-jwt`, or VC-JOSE-COSE `vc+sd-jwt`; the
    /// `~`-separated serialization, with or without a key-binding JWT) and checks the
    /// issuer signature, every disclosure and the key binding against
    /// [`ProofContext::nonce`] / [`ProofContext::audience`].
    ///
    /// The outcome's credential is the disclosed credential: the disclosed claims when they
    /// are a credential (`vc+sd-jwt`), otherwise the credential mapped from SD-JWT VC
    /// claims. `None` (the default) means SD-JWTs are not supported
    /// ([`VerifyError::SdJwtUnsupported`](super::VerifyError::SdJwtUnsupported)).
    fn check_sd_jwt(
        &self,
        sd_jwt: &str,
        path: &JsonPath,
        context: &ProofContext<'_>,
    ) -> Option<JwtOutcome> {
        let _ = (sd_jwt, path, context);
        None
    }
}

impl<F> ProofChecker for F
where
    F: Fn(&Value, &JsonPath, &ProofContext<'_>) -> Vec<ProofOutcome> + Send + Sync,
{
    fn check(
        &self,
        credential: &Value,
        path: &JsonPath,
        context: &ProofContext<'_>,
    ) -> Vec<ProofOutcome> {
        self(credential, path, context)
    }
}

/// Schema and rules validation of one credential: the findings, with paths relative to the
/// credential itself (`$` is the credential). The verifier re-bases them onto the outer
/// document.
pub trait StaticValidator: Send + Sync {
    /// Validates `credential`, detected as `kind`.
    fn validate(&self, credential: &Value, kind: DocumentKind) -> Vec<Finding>;
}

impl<F> StaticValidator for F
where
    F: Fn(&Value, DocumentKind) -> Vec<Finding> + Send + Sync,
{
    fn validate(&self, credential: &Value, kind: DocumentKind) -> Vec<Finding> {
        self(credential, kind)
    }
}
