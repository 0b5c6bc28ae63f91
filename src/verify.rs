//! Verification: every check of a credential, presentation or CLR, reported.
//!
//! A [`Verifier`] runs every check and never stops at the first failure: parse and detect
//! the kind ([`DocumentKind`]); `@context` / `type` / `issuer` basics; the schema hook
//! ([`StaticValidator`]); the proofs ([`ProofChecker`]: any one valid proof of an allowed
//! suite, controlled by the issuer, suffices, and each proof is reported); the validity
//! window (VCDM 2.0 `validFrom` / `validUntil`, VCDM 1.1 `issuanceDate` /
//! `expirationDate`, with clock-skew leeway); every `credentialStatus` entry (Bitstring
//! Status List, with the list credential verified recursively and required to share the
//! issuer; the legacy 1EdTech Revocation List; any other type is a finding); the
//! `1EdTechCredentialRefresh` service (followed once; the refreshed credential replaces the
//! original only if it verifies); the expected recipient; and, recursively, every embedded
//! EndorsementCredential, every CLR member credential and every presented credential, each
//! with its own sub-report.
//!
//! Inputs come in every securing form the field uses, each giving the same report:
//! - JSON with embedded Data Integrity proofs ([`Verifier::verify`]);
//! - a JWT: OB 3.0 §8.2 VC-JWT, VCDM 1.1 `vc` claim, VC-JOSE-COSE `vc+jwt`
//!   ([`Verifier::verify_jwt`]); the JWS counts as one proof (suite `vc-jwt`);
//! - a top-level `EnvelopedVerifiableCredential` (`id` a `data:application/vc+jwt,…` or
//!   `data:application/vc+sd-jwt,…` URL), unwrapped by [`Verifier::verify`] with findings
//!   under `$.id`;
//! - an SD-JWT: SD-JWT VC `dc+sd-jwt` or VC-JOSE-COSE `vc+sd-jwt`
//!   ([`Verifier::verify_sd_jwt`]): issuer signature, disclosures and the key-binding JWT
//!   against the policy's [`nonce`](PolicyBuilder::nonce) and
//!   [`audience`](PolicyBuilder::audience) (suite `sd-jwt`); the disclosed credential is
//!   then checked like any other;
//! - any of these told apart by content ([`Verifier::verify_bytes`]).
//!
//! JWTs nested anywhere are verified the same way, each with its own sub-report:
//! `endorsementJwt` strings (as endorsements), JWT members of a CLR or presentation,
//! enveloped credentials inside them, and status lists or refreshed credentials fetched as
//! a compact JWS (served as `application/vc+jwt` / `application/jwt`): a JWT-secured status
//! list is verified (signature, issuer binding, dates), held to the same-issuer rule, and
//! only then used. Finding codes: [`codes`], [`crate::jose::codes`] (`jwt.*`),
//! [`crate::jose::sd_jwt::codes`] (`sd_jwt.*`) and [`crate::status::codes`].
//!
//! The result is a [`VerificationReport`] with a [`Verdict`]: `Valid`, `Invalid`, or
//! `Indeterminate` when something needed (a status list) could not be obtained and nothing
//! else failed. Only a valid report yields a [`Verified`] token.
//!
//! The verifier does no cryptography and no I/O itself: proofs, schema validation and
//! fetching go through traits ([`ProofChecker`], [`StaticValidator`],
//! [`crate::fetch::Fetcher`]), so suites and HTTP clients plug in. One fetcher
//! serves keys and resources. Build a verifier with [`Verifier::builder`]; the default
//! fetcher is [`OfflineFetcher`](crate::fetch::OfflineFetcher), which refuses (did:web keys
//! and status checks then end indeterminate, never valid);
//! [`MemoryFetcher`](crate::fetch::MemoryFetcher) serves pre-fetched documents, and
//! [`Verifier::verify_async`] fetches with an async fetcher.
//!
//! ```
//! use openbadges::Document;
//! use openbadges::report::JsonPath;
//! use openbadges::fetch::MemoryFetcher;
//! use openbadges::verify::{Policy, ProofContext, ProofOutcome, Verdict, Verifier};
//! use serde_json::{Value, json};
//!
//! // A stand-in proof checker: accepts any proof whose proofValue is "good".
//! fn check(credential: &Value, path: &JsonPath, _: &ProofContext<'_>) -> Vec<ProofOutcome> {
//!     let Some(proof) = credential.get("proof") else { return Vec::new() };
//!     let path = path.clone().key("proof");
//!     let method = proof["verificationMethod"].as_str().unwrap_or_default();
//!     let outcome = if proof["proofValue"] == "good" {
//!         ProofOutcome::valid(path, "eddsa-rdfc-2022")
//!     } else {
//!         ProofOutcome::invalid(path, "eddsa-rdfc-2022", Vec::new())
//!     };
//!     vec![outcome.with_verification_method(method)]
//! }
//!
//! let credential = json!({
//!     "@context": ["https://www.w3.org/ns/credentials/v2",
//!                  "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
//!     "id": "urn:uuid:7c1b7f3e-0d1c-4b55-9a4e-3f1f0a0c9d11",
//!     "type": ["VerifiableCredential", "OpenBadgeCredential"],
//!     "issuer": "https://example.edu/issuer",
//!     "validFrom": "2024-01-01T00:00:00Z",
//!     "credentialSubject": {"id": "did:example:learner"},
//!     "credentialStatus": {"id": "https://example.edu/revocations",
//!                          "type": "1EdTechRevocationList"},
//!     "proof": {"type": "DataIntegrityProof", "proofValue": "good",
//!               "verificationMethod": "https://example.edu/issuer#key-1"}
//! });
//! let revocations = json!({"revokedCredentials": []});
//!
//! // Offline (the default): the revocation list cannot be fetched, so the verdict is
//! // indeterminate, not valid.
//! let policy = Policy::builder().check_schema(false).build()?;
//! let offline = Verifier::builder().proof_checker(check).policy(policy.clone()).build();
//! let document = Document::from_value(credential);
//! assert_eq!(offline.verify(&document).verdict(), Verdict::Indeterminate);
//!
//! // With the list at hand, it is valid, and only then is there a `Verified` document.
//! let fetcher = MemoryFetcher::new().with_json("https://example.edu/revocations", &revocations);
//! let verifier = Verifier::builder()
//!     .proof_checker(check)
//!     .fetcher(fetcher)
//!     .policy(policy)
//!     .build();
//! let report = verifier.verify(&document);
//! assert_eq!(report.verdict(), Verdict::Valid, "{:#?}", report.findings());
//! let verified = report.into_verified().expect("valid");
//! assert_eq!(verified.value()["issuer"], "https://example.edu/issuer");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod asynchronous;
mod builder;
mod checker;
mod checklist;
pub mod codes;
mod embedded;
mod engine;
mod envelope;
pub(crate) mod json;
mod list_cache;
mod outcome;
mod policy;
mod recipient;
mod seams;
mod status_check;
mod validity;

use std::sync::Arc;

pub use asynchronous::MAX_ROUNDS;
pub use builder::VerifierBuilder;
pub use checker::DataIntegrityChecker;
#[cfg(feature = "schema")]
pub use checker::SchemaValidator;
pub use checklist::{Check, CheckId, CheckStatus};
pub use outcome::{DocumentKind, ProofSummary, Role, Verdict, VerificationReport, Verified};
pub use policy::{
    Clock, ExpectedRecipient, FixedClock, Policy, PolicyBuilder, PolicyError, SystemClock,
};
pub use seams::{JwtOutcome, ProofChecker, ProofContext, ProofOutcome, StaticValidator};

use crate::document::{Document, ParseError};
use crate::fetch::Fetcher;
use crate::report::JsonPath;
use outcome::Role as ReportRole;

/// Why verification could not run at all (a credential that fails checks is an `Ok`
/// report, not an error).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum VerifyError {
    /// The input is not an acceptable JSON document.
    #[error("cannot verify: {0}")]
    Parse(#[from] ParseError),
    /// A JWT was given but the proof checker does not support JWTs.
    #[error("cannot verify a JWT: the proof checker does not support JWTs")]
    JwtUnsupported,
    /// An SD-JWT was given but the proof checker does not support SD-JWTs.
    #[error("cannot verify an SD-JWT: the proof checker does not support SD-JWTs")]
    SdJwtUnsupported,
    /// The input is not valid UTF-8 text (a JWT or SD-JWT is ASCII).
    #[error("cannot verify: the input is not UTF-8 text")]
    NotText,
}

/// Verifies credentials and presentations under a [`Policy`].
///
/// Cheap to share across threads (`Send + Sync`); build once, verify many.
///
/// A verifier keeps a bounded cache of the status list credentials it has verified (at most
/// 64 lists), shared by its clones: a list that thousands of credentials point into is
/// verified and decoded once. An entry is reused only for the same URL, the same fetched
/// bytes (a changed list is verified afresh) and an instant that compares alike with every
/// date in the list (a list that has expired since is reported expired); JWT-secured lists are
/// not cached. Replacing the policy, fetcher or validator empties the cache.
#[derive(Clone)]
pub struct Verifier {
    policy: Policy,
    proofs: Arc<dyn ProofChecker>,
    fetcher: Arc<dyn Fetcher>,
    validator: Option<Arc<dyn StaticValidator>>,
    /// Verified status lists, shared by clones; emptied when the configuration changes.
    lists: Arc<list_cache::ListCache>,
    /// The configuration it was built from ([`Verifier::verify_async`] rebuilds the
    /// fetching parts from it).
    config: Arc<VerifierBuilder>,
}

impl std::fmt::Debug for Verifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Verifier")
            .field("policy", &self.policy)
            .field("validator", &self.validator.is_some())
            .finish_non_exhaustive()
    }
}

impl Verifier {
    /// Configures a verifier: `Verifier::builder().fetcher(f).policy(p).build()`. Every
    /// part defaults to the secure offline choice ([`VerifierBuilder`]).
    pub fn builder() -> VerifierBuilder {
        VerifierBuilder::default()
    }

    /// The standard verifier, offline: did:key / did:jwk keys only, nothing fetched (did:web
    /// keys and status lists end indeterminate, never valid), schema validation on (with the
    /// `schema` feature), the default [`Policy`]. The same as `Verifier::builder().build()`.
    pub fn offline() -> Self {
        Verifier::builder().build()
    }

    /// This verifier under another policy, sharing everything else (the fetcher, the
    /// schemas, the resolved keys): cheap enough per request, for a per-request `challenge`.
    /// The status list cache starts empty.
    #[must_use]
    pub fn with_policy(mut self, policy: Policy) -> Self {
        self.policy = policy;
        self.lists = Arc::default();
        self
    }

    /// The policy in force.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// Verifies a parsed document.
    ///
    /// A top-level VCDM 2.0 `EnvelopedVerifiableCredential` (its `id` a
    /// `data:application/vc+jwt,…` or `data:application/vc+sd-jwt,…` URL) is unwrapped:
    /// the JWT (or SD-JWT) is decoded and checked by the proof checker and the credential it
    /// carries verified like any other, with findings pathed under `$.id`. A valid report's
    /// [`Verified`] document is then the decoded credential.
    pub fn verify(&self, document: &Document) -> VerificationReport {
        let run = engine::Run::new(self);
        if let Some(envelope) = envelope::unwrap(document.value()) {
            return self.verify_envelope(&run, envelope);
        }
        let mut report = run.verify(
            document.value(),
            JsonPath::root(),
            ReportRole::Root,
            0,
            true,
        );
        if report.document.is_none() {
            report.document = Some(document.clone());
        }
        report
    }

    fn verify_envelope(
        &self,
        run: &engine::Run<'_>,
        envelope: envelope::Envelope<'_>,
    ) -> VerificationReport {
        let at = JsonPath::root().key("id");
        let token = match envelope {
            envelope::Envelope::Token(token) => token,
            envelope::Envelope::Unsupported(media_type) => {
                let mut report =
                    VerificationReport::new(DocumentKind::Unknown, ReportRole::Root, at.clone());
                report.findings.push(crate::report::Finding::error(
                    codes::ENVELOPE_MEDIA_TYPE,
                    at,
                    format!(
                        "an EnvelopedVerifiableCredential of media type `{media_type}` cannot be \
                         verified (application/vc+jwt and application/vc+sd-jwt can)"
                    ),
                ));
                report.settle();
                return report;
            }
        };
        match run.decode_token(token, &at) {
            Some((credential, secured)) => {
                let mut report =
                    run.verify_with(&credential, at, ReportRole::Root, 0, true, Some(secured));
                if report.document.is_none() {
                    report.document = Some(Document::from_value(credential));
                }
                report
            }
            None => {
                let mut report =
                    VerificationReport::new(DocumentKind::Unknown, ReportRole::Root, at.clone());
                report.findings.push(crate::report::Finding::warning(
                    codes::JWT_UNSUPPORTED,
                    at,
                    "the enveloped credential was not verified (the proof checker does not support it)",
                ));
                report.settle();
                report
            }
        }
    }

    /// Verifies a JWT-encoded credential or presentation (VC-JWT, `vc+jwt`): the proof
    /// checker decodes it and checks the signature ([`ProofChecker::check_jwt`]); the
    /// decoded credential is then verified like any other, the JWS counting as one proof.
    /// A valid report yields the decoded credential as a [`Verified`] document.
    ///
    /// # Errors
    /// [`VerifyError::JwtUnsupported`] when the proof checker does not support JWTs.
    pub fn verify_jwt(&self, jwt: &str) -> Result<VerificationReport, VerifyError> {
        let run = engine::Run::new(self);
        let context = run.proof_context(DocumentKind::Unknown);
        let outcome = self
            .proofs
            .check_jwt(jwt.trim(), &JsonPath::root(), &context)
            .ok_or(VerifyError::JwtUnsupported)?;
        Ok(Self::verify_decoded(&run, outcome))
    }

    /// Verifies an SD-JWT: an IETF SD-JWT VC (`dc+sd-jwt`) or a VC-JOSE-COSE `vc+sd-jwt`,
    /// in the `~`-separated serialization, with or without a key-binding JWT.
    ///
    /// The proof checker ([`ProofChecker::check_sd_jwt`]) checks the issuer signature, every
    /// disclosure, the `exp` / `nbf` window and the key binding: with a
    /// [`nonce`](PolicyBuilder::nonce) or [`audience`](PolicyBuilder::audience) in the
    /// policy, a KB-JWT carrying them is required. The disclosed credential (for an SD-JWT
    /// VC, the credential mapped from its claims, of kind [`DocumentKind::SdJwtVc`] when
    /// the claims are not a W3C credential) is then verified like any other: validity,
    /// status, recipient, endorsements. The SD-JWT counts as one proof (suite `sd-jwt`).
    ///
    /// # Errors
    /// [`VerifyError::SdJwtUnsupported`] when the proof checker does not support SD-JWTs.
    pub fn verify_sd_jwt(&self, sd_jwt: &str) -> Result<VerificationReport, VerifyError> {
        let run = engine::Run::new(self);
        let context = run.proof_context(DocumentKind::Unknown);
        let outcome = self
            .proofs
            .check_sd_jwt(sd_jwt.trim(), &JsonPath::root(), &context)
            .ok_or(VerifyError::SdJwtUnsupported)?;
        Ok(Self::verify_decoded(&run, outcome))
    }

    /// Verifies input in any form this verifier takes, told apart by content: a JSON
    /// document (a credential, a presentation, an `EnvelopedVerifiableCredential`), a
    /// compact JWS ([`verify_jwt`](Self::verify_jwt)) or an SD-JWT
    /// ([`verify_sd_jwt`](Self::verify_sd_jwt)).
    ///
    /// # Errors
    /// As the method the input is routed to; [`VerifyError::NotText`] for input that is
    /// neither JSON nor UTF-8 text.
    pub fn verify_bytes(&self, bytes: &[u8]) -> Result<VerificationReport, VerifyError> {
        let trimmed = bytes.trim_ascii_start();
        if trimmed.first() == Some(&b'{') || trimmed.first() == Some(&b'[') {
            return self.verify_slice(bytes);
        }
        let text = std::str::from_utf8(bytes).map_err(|_| VerifyError::NotText)?;
        if engine::is_sd_jwt(text) {
            self.verify_sd_jwt(text)
        } else if text.trim().split('.').count() == 3 {
            self.verify_jwt(text)
        } else {
            self.verify_slice(bytes)
        }
    }

    fn verify_decoded(run: &engine::Run<'_>, outcome: JwtOutcome) -> VerificationReport {
        let (credential, secured) = engine::Secured::split(outcome);
        let mut report = run.verify_with(
            &credential,
            JsonPath::root(),
            ReportRole::Root,
            0,
            true,
            Some(secured),
        );
        if report.document.is_none() {
            report.document = Some(Document::from_value(credential));
        }
        report
    }

    /// Parses (strictly, with the policy's limits) and verifies.
    ///
    /// # Errors
    /// [`VerifyError::Parse`] when the bytes are not an acceptable JSON document.
    pub fn verify_slice(&self, bytes: &[u8]) -> Result<VerificationReport, VerifyError> {
        let document = Document::from_slice_with(bytes, self.policy.parse_limits)?;
        Ok(self.verify(&document))
    }
}

// The verifier is shared across threads (the `parallel` feature, servers): keep it and its
// reports `Send + Sync`.
const _: fn() = || {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<Verifier>();
    send_sync::<VerificationReport>();
    send_sync::<Policy>();
};
