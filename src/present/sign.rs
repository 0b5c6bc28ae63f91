//! Signing a presentation: a Data Integrity proof for `authentication`, or `vp+jwt`.

use chrono::{SecondsFormat, Utc};
use serde_json::{Map, Value};

use super::PresentError;
use crate::crypto::Signer;
use crate::jose::sign_compact;
use crate::proof::{Canonicalizer, Cryptosuite, ProofOptions, RdfcCanonicalizer, add_proof};
use crate::resolve::Relationship;

/// `typ` of a JWT-secured presentation (VC-JOSE-COSE).
pub const TYP_VP_JWT: &str = "vp+jwt";

/// The holder's proof on a presentation.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct PresentationProofOptions {
    /// The Data Integrity suite.
    pub cryptosuite: Cryptosuite,
    /// The verifier's challenge (a nonce against replay).
    pub challenge: String,
    /// The verifier's domain, when it gave one.
    pub domain: Option<String>,
    /// `created` (XML Schema dateTime); `None` writes the current time in seconds.
    pub created: Option<String>,
}

impl PresentationProofOptions {
    /// A proof with `cryptosuite` answering `challenge`.
    pub fn new(cryptosuite: Cryptosuite, challenge: impl Into<String>) -> Self {
        PresentationProofOptions {
            cryptosuite,
            challenge: challenge.into(),
            domain: None,
            created: None,
        }
    }

    /// These options with the verifier's domain.
    #[must_use]
    pub fn domain(mut self, domain: impl Into<String>) -> Self {
        self.domain = Some(domain.into());
        self
    }

    /// These options with a fixed `created`.
    #[must_use]
    pub fn created(mut self, created: impl Into<String>) -> Self {
        self.created = Some(created.into());
        self
    }
}

/// Adds the holder's Data Integrity proof (`proofPurpose` `authentication`, with
/// `challenge`, `domain` and `created`) to `presentation`, canonicalized with the bundled
/// contexts ([`RdfcCanonicalizer::new`], which serves the JCS suites too);
/// [`sign_presentation_with`] takes another canonicalizer.
///
/// ```
/// use openbadges::crypto::{KeyType, SecretKey};
/// use openbadges::present::{self, PresentationBuilder, PresentationProofOptions};
/// use openbadges::proof::Cryptosuite;
///
/// let holder = SecretKey::generate(KeyType::Ed25519)?.into_did_key_signer();
/// let vp = PresentationBuilder::new().holder_from(&holder).build()?;
/// let options = PresentationProofOptions::new(Cryptosuite::EddsaRdfc2022, "nonce-1");
/// let signed = present::sign_presentation(&vp, &holder, &options)?;
/// assert_eq!(signed["proof"]["challenge"], "nonce-1");
/// assert_eq!(signed["proof"]["proofPurpose"], "authentication");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`PresentError::PresentationNotObject`]; [`PresentError::Proof`] when the proof cannot
/// be made (key type and suite do not fit, canonicalization fails, the signer fails).
pub fn sign_presentation<S: Signer + ?Sized>(
    presentation: &Value,
    signer: &S,
    options: &PresentationProofOptions,
) -> Result<Value, PresentError> {
    sign_presentation_with(presentation, signer, &RdfcCanonicalizer::new(), options)
}

/// [`sign_presentation`] with a given canonicalizer. The RDFC suites need an RDFC
/// canonicalizer ([`RdfcCanonicalizer`]); the JCS suites work with
/// [`JcsCanonicalizer`](crate::proof::JcsCanonicalizer) too.
///
/// # Errors
/// As [`sign_presentation`].
pub fn sign_presentation_with<S: Signer + ?Sized>(
    presentation: &Value,
    signer: &S,
    canonicalizer: &dyn Canonicalizer,
    options: &PresentationProofOptions,
) -> Result<Value, PresentError> {
    if !presentation.is_object() {
        return Err(PresentError::PresentationNotObject);
    }
    let created = options
        .created
        .clone()
        .unwrap_or_else(|| Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true));
    let mut proof = ProofOptions::new(options.cryptosuite)
        .purpose(Relationship::Authentication)
        .challenge(options.challenge.clone())
        .created(created);
    if let Some(domain) = &options.domain {
        proof = proof.domain(domain.clone());
    }
    Ok(add_proof(presentation, &proof, signer, canonicalizer)?)
}

/// Signs `presentation` as a `vp+jwt` (VC-JOSE-COSE §3.2): the payload is the presentation
/// with the JWT claims `nonce` (the challenge), `aud` (the domain, when given) and `iat`;
/// the header has `typ` `vp+jwt`, `cty` `vp` and the signer's `kid`.
///
/// # Errors
/// [`PresentError::PresentationNotObject`]; [`PresentError::Sign`] when the signer fails.
pub fn sign_presentation_jwt<S: Signer + ?Sized>(
    presentation: &Value,
    signer: &S,
    challenge: &str,
    domain: Option<&str>,
    iat: i64,
) -> Result<String, PresentError> {
    let Value::Object(vp) = presentation else {
        return Err(PresentError::PresentationNotObject);
    };
    let mut payload = vp.clone();
    payload.insert("nonce".into(), challenge.into());
    if let Some(domain) = domain {
        payload.insert("aud".into(), domain.into());
    }
    payload.insert("iat".into(), iat.into());
    let mut header = Map::new();
    header.insert("typ".into(), TYP_VP_JWT.into());
    header.insert("cty".into(), "vp".into());
    header.insert("kid".into(), signer.key_id().into());
    // A map of JSON values always serializes.
    let bytes = serde_json::to_vec(&payload).unwrap_or_default();
    Ok(sign_compact(&header, &bytes, signer)?)
}
