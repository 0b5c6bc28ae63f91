//! Issuing: sign a credential, with a Data Integrity proof or as a JWT, after checking it.
//!
//! [`Issuer`] holds a [`Signer`], a [`Cryptosuite`] and (with the `schema` feature) a
//! [`Validator`](crate::validate::Validator). [`Issuer::issue`] refuses a credential that
//! fails validation or that JSON-LD safe mode rejects (an undefined term would be left out
//! of an RDFC signature, and is meaningless in a JCS one), then adds the proof and returns
//! the signed [`Document`]. Signing is deterministic for Ed25519: the same credential,
//! key and options give the same bytes.
//!
//! The same issuer, behind the same validation gate, secures credentials as JWTs:
//! [`Issuer::issue_jwt`] in any [`JwtForm`] (OB 3.0 §8.2 VC-JWT, VCDM 1.1, VC-JOSE-COSE
//! `vc+jwt`, through [`crate::jose::issue_jwt`]) and [`Issuer::issue_enveloped`] (a `vc+jwt`
//! in an `EnvelopedVerifiableCredential`). [`Issuer::for_jwt`] builds an issuer of JWTs only,
//! for keys no Data Integrity suite takes (RSA through a KMS [`Signer`]).
//! [`Issuer::issue_sd`] adds an ecdsa-sd-2023 base proof behind the same gate
//! ([`Issuer::ecdsa_sd`] builds an issuer for that suite alone).
//!
//! ```
//! # #[cfg(all(feature = "ed25519", feature = "schema"))] {
//! use openbadges::crypto::{KeyType, SecretKey};
//! use openbadges::issue::{IssueOptions, Issuer};
//! use openbadges::proof::Cryptosuite;
//!
//! let key = SecretKey::from_seed(KeyType::Ed25519, &[7; 32]).unwrap();
//! let did = key.public_key().did_key().unwrap();
//! let signer = key.into_did_key_signer();
//! let credential = serde_json::json!({
//!     "@context": ["https://www.w3.org/ns/credentials/v2",
//!                  "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
//!     "id": "urn:uuid:91537dba-56cb-11ec-bf63-0242ac130002",
//!     "type": ["VerifiableCredential", "OpenBadgeCredential"],
//!     "issuer": {"id": did, "type": ["Profile"], "name": "Example University"},
//!     "validFrom": "2024-01-01T00:00:00Z",
//!     "name": "Rust 101",
//!     "credentialSubject": {
//!         "id": "did:example:learner",
//!         "type": ["AchievementSubject"],
//!         "achievement": {
//!             "id": "https://example.edu/achievements/rust-101",
//!             "type": ["Achievement"],
//!             "name": "Rust 101",
//!             "description": "Completed the introductory Rust course.",
//!             "criteria": {"narrative": "Pass all exercises."}
//!         }
//!     }
//! });
//! let issuer = Issuer::new(signer, Cryptosuite::EddsaRdfc2022).unwrap();
//! let options = IssueOptions::new().created("2024-01-01T00:00:00Z");
//! let signed = issuer.issue(&credential, &options).unwrap();
//! assert_eq!(signed.value()["proof"]["cryptosuite"], "eddsa-rdfc-2022");
//! // Deterministic for Ed25519.
//! assert_eq!(signed.as_str(), issuer.issue(&credential, &options).unwrap().as_str());
//!
//! // The same credential as an OB 3.0 VC-JWT, checked by the same gate.
//! use openbadges::jose::{JwtForm, JwtIssueOptions};
//! let jwt = issuer.issue_jwt(&credential, &JwtIssueOptions::new(JwtForm::Ob3)).unwrap();
//! assert_eq!(jwt.split('.').count(), 3);
//! let mut broken = credential.clone();
//! broken["credentialSubject"]["achievement"].as_object_mut().unwrap().remove("criteria");
//! assert!(issuer.issue_jwt(&broken, &JwtIssueOptions::new(JwtForm::Ob3)).is_err());
//! # }
//! ```

use serde_json::Value;

use crate::crypto::Signer;
use crate::document::Document;
use crate::jose::{IssueJwtError, JwtForm, JwtIssueOptions};
use crate::jsonld::JsonLdError;
use crate::proof::{self, Cryptosuite, ProofError, ProofOptions, RdfcCanonicalizer};
use crate::report::{JsonPath, Report};
use crate::resolve::Relationship;

/// Why a credential was not issued.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum IssueError {
    /// The credential fails validation; the report holds every finding (errors block
    /// issuing, warnings are kept for the caller to see).
    #[error("the credential is not valid ({} error(s)); first: {}", report.errors().count(), first_error(report))]
    Invalid {
        /// The validation report.
        report: Report,
    },
    /// JSON-LD safe mode rejects the credential (an undefined term, a relative IRI, an
    /// unknown context); the error names the JSON path.
    #[error("JSON-LD safe mode rejects the credential: {0}")]
    JsonLd(#[source] JsonLdError),
    /// The suite is verify only, or the signer's algorithm does not fit it.
    #[error("cannot sign {cryptosuite} with this signer ({algorithm})")]
    Suite {
        /// The suite asked for.
        cryptosuite: Cryptosuite,
        /// The signer's algorithm.
        algorithm: crate::crypto::Algorithm,
    },
    /// The validator could not be built (a defect of the bundled schemas).
    #[cfg(feature = "schema")]
    #[error(transparent)]
    Schema(#[from] crate::validate::SchemaError),
    /// The proof could not be created.
    #[error(transparent)]
    Proof(#[from] ProofError),
    /// The JWT could not be made (the credential's shape for the form, a signer failure).
    #[error(transparent)]
    Jwt(#[from] IssueJwtError),
    /// The ecdsa-sd-2023 base proof could not be made (a signer that is not P-256 or P-384,
    /// a mandatory pointer naming nothing, a signer failure).
    #[error(transparent)]
    Sd(#[from] crate::sd::SdError),
    /// A Data Integrity proof was asked of an issuer made for JWTs only
    /// ([`Issuer::for_jwt`]).
    #[error("this issuer signs JWTs only ({algorithm}): no Data Integrity cryptosuite")]
    NoCryptosuite {
        /// The signer's algorithm.
        algorithm: crate::crypto::Algorithm,
    },
}

fn first_error(report: &Report) -> String {
    report
        .errors()
        .next()
        .map(|f| format!("{} at {}: {}", f.code, f.path, f.message))
        .unwrap_or_default()
}

/// The proof options of one issuance (the suite and key are the [`Issuer`]'s).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct IssueOptions {
    /// `created` (an XML Schema dateTime, written as given); `None` omits it.
    pub created: Option<String>,
    /// `expires` of the proof.
    pub expires: Option<String>,
    /// The proof purpose; `None` is `assertionMethod`.
    pub purpose: Option<Relationship>,
    /// `domain`.
    pub domain: Option<String>,
    /// `challenge`.
    pub challenge: Option<String>,
    /// The proof `id`.
    pub id: Option<String>,
}

impl IssueOptions {
    /// No options: purpose `assertionMethod`, no `created`.
    pub fn new() -> Self {
        IssueOptions::default()
    }

    /// Sets `created`.
    #[must_use]
    pub fn created(mut self, created: impl Into<String>) -> Self {
        self.created = Some(created.into());
        self
    }

    /// Sets `created` to now (UTC, to the second).
    #[must_use]
    pub fn created_now(self) -> Self {
        self.created(chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
    }

    /// Sets the proof's `expires`.
    #[must_use]
    pub fn expires(mut self, expires: impl Into<String>) -> Self {
        self.expires = Some(expires.into());
        self
    }

    /// Sets the proof purpose.
    #[must_use]
    pub fn purpose(mut self, purpose: Relationship) -> Self {
        self.purpose = Some(purpose);
        self
    }

    /// Sets `domain`.
    #[must_use]
    pub fn domain(mut self, domain: impl Into<String>) -> Self {
        self.domain = Some(domain.into());
        self
    }

    /// Sets `challenge`.
    #[must_use]
    pub fn challenge(mut self, challenge: impl Into<String>) -> Self {
        self.challenge = Some(challenge.into());
        self
    }

    /// Sets the proof `id`.
    #[must_use]
    pub fn id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }

    fn proof_options(&self, suite: Cryptosuite) -> ProofOptions {
        let mut options = ProofOptions::new(suite);
        options.created.clone_from(&self.created);
        options.expires.clone_from(&self.expires);
        options.domain.clone_from(&self.domain);
        options.challenge.clone_from(&self.challenge);
        options.id.clone_from(&self.id);
        if let Some(purpose) = self.purpose {
            options.proof_purpose = purpose;
        }
        options
    }
}

/// Signs credentials with one key and one suite. Build once, share freely.
pub struct Issuer {
    signer: Box<dyn Signer + Send + Sync>,
    suite: Option<Cryptosuite>,
    canonicalizer: RdfcCanonicalizer,
    #[cfg(feature = "schema")]
    validator: Option<std::sync::Arc<crate::validate::Validator>>,
}

impl std::fmt::Debug for Issuer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Issuer")
            .field("key_id", &self.signer.key_id())
            .field("suite", &self.suite)
            .finish_non_exhaustive()
    }
}

impl Issuer {
    /// An issuer signing with `signer` under `suite`, validating every credential first
    /// (with the `schema` feature).
    ///
    /// # Errors
    /// [`IssueError::Suite`] when the suite is verify only or does not use the signer's
    /// key type; [`IssueError::Schema`] if the bundled schemas do not compile.
    pub fn new(
        signer: impl Signer + Send + Sync + 'static,
        suite: Cryptosuite,
    ) -> Result<Self, IssueError> {
        let algorithm = signer.algorithm();
        let key_type = algorithm.key_type();
        if !suite.can_sign()
            || !suite.accepts(key_type)
            || key_type.default_algorithm() != algorithm
        {
            return Err(IssueError::Suite {
                cryptosuite: suite,
                algorithm,
            });
        }
        Ok(Issuer {
            signer: Box::new(signer),
            suite: Some(suite),
            canonicalizer: RdfcCanonicalizer::new(),
            #[cfg(feature = "schema")]
            validator: Some(std::sync::Arc::new(crate::validate::Validator::new()?)),
        })
    }

    /// An issuer of JWTs only ([`issue_jwt`](Self::issue_jwt),
    /// [`issue_enveloped`](Self::issue_enveloped)) signing with `signer` under any
    /// algorithm (EdDSA, ES256, ES384, RS256, PS256), validating every credential first
    /// (with the `schema` feature). [`issue`](Self::issue) then fails with
    /// [`IssueError::NoCryptosuite`].
    ///
    /// # Errors
    /// [`IssueError::Schema`] if the bundled schemas do not compile.
    pub fn for_jwt(signer: impl Signer + Send + Sync + 'static) -> Result<Self, IssueError> {
        Ok(Issuer {
            signer: Box::new(signer),
            suite: None,
            canonicalizer: RdfcCanonicalizer::new(),
            #[cfg(feature = "schema")]
            validator: Some(std::sync::Arc::new(crate::validate::Validator::new()?)),
        })
    }

    /// An issuer of ecdsa-sd-2023 base proofs ([`issue_sd`](Self::issue_sd)) signing with
    /// `signer` (a P-256 or P-384 key: ES256 or ES384), validating every credential first
    /// (with the `schema` feature). Its [`issue`](Self::issue) fails with
    /// [`IssueError::NoCryptosuite`]; JWTs work as with [`Issuer::for_jwt`].
    ///
    /// # Errors
    /// [`IssueError::Sd`] ([`SdError::Algorithm`](crate::sd::SdError::Algorithm)) for a
    /// signer of another algorithm; [`IssueError::Schema`] if the bundled schemas do not
    /// compile.
    pub fn ecdsa_sd(signer: impl Signer + Send + Sync + 'static) -> Result<Self, IssueError> {
        let algorithm = signer.algorithm();
        if !matches!(
            algorithm,
            crate::crypto::Algorithm::Es256 | crate::crypto::Algorithm::Es384
        ) {
            return Err(IssueError::Sd(crate::sd::SdError::Algorithm { algorithm }));
        }
        Self::for_jwt(signer)
    }

    /// This issuer with a validator shared with other components.
    #[cfg(feature = "schema")]
    #[must_use]
    pub fn with_validator(mut self, validator: std::sync::Arc<crate::validate::Validator>) -> Self {
        self.validator = Some(validator);
        self
    }

    /// This issuer without schema validation (JSON-LD safe mode still applies). For
    /// documents that are not OB 3.0 / CLR 2.0 credentials.
    #[cfg(feature = "schema")]
    #[must_use]
    pub fn without_validation(mut self) -> Self {
        self.validator = None;
        self
    }

    /// This issuer with another canonicalizer (for example over a processor with private
    /// contexts).
    #[must_use]
    pub fn with_canonicalizer(mut self, canonicalizer: RdfcCanonicalizer) -> Self {
        self.canonicalizer = canonicalizer;
        self
    }

    /// The Data Integrity suite; `None` for an issuer of JWTs only ([`Issuer::for_jwt`]).
    pub fn suite(&self) -> Option<Cryptosuite> {
        self.suite
    }

    /// The verification method written into proofs.
    pub fn key_id(&self) -> &str {
        self.signer.key_id()
    }

    /// Checks `credential` without signing it: validation (with the `schema` feature), the
    /// VCDM 2.0 rules of [`crate::vcdm`] (always, also [`Issuer::without_validation`]) and
    /// JSON-LD safe mode. Returns the validation report (warnings included).
    ///
    /// # Errors
    /// [`IssueError::Invalid`] when validation finds an error, [`IssueError::JsonLd`] when
    /// safe mode rejects the credential.
    pub fn check(&self, credential: &Value) -> Result<Report, IssueError> {
        #[cfg(feature = "schema")]
        let report = match &self.validator {
            Some(validator) => validator.validate_value(credential),
            None => Report::new(),
        };
        #[cfg(not(feature = "schema"))]
        let mut report = Report::new();
        #[cfg(feature = "schema")]
        let mut report = report;
        // The VCDM 2.0 rules hold for every credential, validated or not (a presentation
        // signed here is no credential).
        let presentation =
            crate::verify::json::types(credential).contains(&"VerifiablePresentation");
        if !presentation {
            report.extend(crate::vcdm::check(credential, &JsonPath::root()));
        }
        if report.errors().next().is_some() {
            return Err(IssueError::Invalid { report });
        }
        let mut unsigned = credential.clone();
        if let Some(map) = unsigned.as_object_mut() {
            map.shift_remove("proof");
        }
        match self.canonicalizer.canonical_nquads(&unsigned) {
            Ok(_) => Ok(report),
            Err(proof::CanonicalizeError::JsonLd(e)) => Err(IssueError::JsonLd(e)),
            Err(e) => Err(IssueError::Proof(ProofError::Canonicalize(e))),
        }
    }

    /// Checks and signs `credential`: the signed credential as a [`Document`] (compact
    /// JSON, member order kept, the proof last).
    ///
    /// # Errors
    /// As [`Issuer::check`], plus [`IssueError::Proof`] when the proof cannot be made (a
    /// malformed option, a signer failure).
    pub fn issue(
        &self,
        credential: &Value,
        options: &IssueOptions,
    ) -> Result<Document, IssueError> {
        let suite = self.suite.ok_or(IssueError::NoCryptosuite {
            algorithm: self.signer.algorithm(),
        })?;
        self.check(credential)?;
        let signed = proof::add_proof(
            credential,
            &options.proof_options(suite),
            &*self.signer,
            &self.canonicalizer,
        )?;
        Ok(Document::from_value(signed))
    }

    /// Checks `credential` exactly as [`Issuer::issue`] does (validation, JSON-LD safe mode),
    /// then adds an ecdsa-sd-2023 base proof ([`sd::add_base_proof_with`](crate::sd::add_base_proof_with),
    /// with this issuer's canonicalizer), for the holder to derive disclosures from. Any
    /// issuer whose key is P-256 or P-384 can do this ([`Issuer::ecdsa_sd`] builds one for
    /// this alone); `options` chooses the mandatory pointers
    /// ([`BaseProofOptions::open_badges`](crate::sd::BaseProofOptions::open_badges) keeps the
    /// whole achievement, [`open_badges_minimal`](crate::sd::BaseProofOptions::open_badges_minimal)
    /// lets the holder reveal as little as its name).
    ///
    /// ```
    /// # #[cfg(all(feature = "ecdsa", feature = "schema"))] {
    /// use openbadges::crypto::{KeyType, SecretKey, Signer as _};
    /// use openbadges::issue::Issuer;
    /// use openbadges::sd::{self, BaseProofOptions};
    ///
    /// let signer = SecretKey::generate(KeyType::P256).unwrap().into_did_key_signer();
    /// let credential = serde_json::json!({
    ///     "@context": ["https://www.w3.org/ns/credentials/v2",
    ///                  "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
    ///     "id": "urn:uuid:91537dba-56cb-11ec-bf63-0242ac130002",
    ///     "type": ["VerifiableCredential", "OpenBadgeCredential"],
    ///     "issuer": {"id": signer.controller(), "type": ["Profile"], "name": "Example University"},
    ///     "validFrom": "2024-01-01T00:00:00Z",
    ///     "name": "Rust 101",
    ///     "credentialSubject": {
    ///         "id": "did:example:learner", "type": ["AchievementSubject"],
    ///         "achievement": {
    ///             "id": "https://example.edu/achievements/rust-101", "type": ["Achievement"],
    ///             "name": "Rust 101", "description": "Completed the course.",
    ///             "criteria": {"narrative": "Pass all exercises."}
    ///         }
    ///     }
    /// });
    /// let issuer = Issuer::ecdsa_sd(signer).unwrap();
    /// let base = issuer.issue_sd(&credential, &BaseProofOptions::open_badges(&credential)).unwrap();
    /// assert_eq!(base.value()["proof"]["cryptosuite"], "ecdsa-sd-2023");
    /// // The holder derives what to show.
    /// let shown = sd::derive(base.value(), ["/name"]).unwrap();
    /// assert_eq!(shown["credentialSubject"]["achievement"]["name"], "Rust 101");
    ///
    /// // The same gate as the other suites: a credential without criteria is refused.
    /// let mut broken = credential.clone();
    /// broken["credentialSubject"]["achievement"].as_object_mut().unwrap().remove("criteria");
    /// assert!(issuer.issue_sd(&broken, &BaseProofOptions::open_badges(&broken)).is_err());
    /// # }
    /// ```
    ///
    /// # Errors
    /// As [`Issuer::check`], plus [`IssueError::Sd`] when the base proof cannot be made (a
    /// key that is not P-256 or P-384, a mandatory pointer naming nothing, a signer failure).
    pub fn issue_sd(
        &self,
        credential: &Value,
        options: &crate::sd::BaseProofOptions,
    ) -> Result<Document, IssueError> {
        self.check(credential)?;
        let signed = crate::sd::add_base_proof_with(
            credential,
            &*self.signer,
            &self.canonicalizer,
            options,
        )?;
        Ok(Document::from_value(signed))
    }

    /// [`Issuer::issue`] for a received [`Document`].
    ///
    /// # Errors
    /// As [`Issuer::issue`].
    pub fn issue_document(
        &self,
        credential: &Document,
        options: &IssueOptions,
    ) -> Result<Document, IssueError> {
        self.issue(credential.value(), options)
    }

    /// Checks `credential` exactly as [`Issuer::issue`] does (validation, JSON-LD safe mode),
    /// then signs it as a compact JWS in the form of `options`
    /// ([`crate::jose::issue_jwt`]): `kid` is the signer's key id unless `options` says
    /// otherwise, the algorithm follows the key.
    ///
    /// # Errors
    /// As [`Issuer::check`], plus [`IssueError::Jwt`] when the JWT cannot be made (the
    /// credential lacks what the form needs, a signer failure).
    pub fn issue_jwt(
        &self,
        credential: &Value,
        options: &JwtIssueOptions,
    ) -> Result<String, IssueError> {
        self.check(credential)?;
        Ok(crate::jose::issue_jwt(credential, &*self.signer, options)?)
    }

    /// Checks `credential` as [`Issuer::issue`] does, signs it as a VC-JOSE-COSE `vc+jwt`
    /// and wraps that in a VCDM 2.0 `EnvelopedVerifiableCredential`
    /// ([`crate::jose::envelope`]), which the [`Verifier`](crate::verify::Verifier) unwraps.
    ///
    /// # Errors
    /// As [`Issuer::issue_jwt`].
    pub fn issue_enveloped(&self, credential: &Value) -> Result<Document, IssueError> {
        let jws = self.issue_jwt(credential, &JwtIssueOptions::new(JwtForm::VcJose))?;
        Ok(Document::from_value(crate::jose::envelope(&jws)))
    }
}
