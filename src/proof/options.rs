//! Options of a new proof.

use crate::resolve::Relationship;

use super::Cryptosuite;

/// What a new `DataIntegrityProof` says besides its signature.
///
/// ```
/// use openbadges::proof::{Cryptosuite, ProofOptions};
///
/// let options = ProofOptions::new(Cryptosuite::EddsaJcs2022)
///     .created("2023-02-24T23:36:38Z")
///     .id("urn:uuid:26329423-bec9-4b2e-88cb-a7c7d9dc4544");
/// assert_eq!(options.created.as_deref(), Some("2023-02-24T23:36:38Z"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ProofOptions {
    /// The cryptosuite.
    pub cryptosuite: Cryptosuite,
    /// The proof purpose (default `assertionMethod`).
    pub proof_purpose: Relationship,
    /// The verification method; `None` uses the signer's [`key_id`](crate::crypto::Signer::key_id).
    pub verification_method: Option<String>,
    /// `created` (an XML Schema dateTime, written as given), if any.
    pub created: Option<String>,
    /// `expires` (an XML Schema dateTime), if any.
    pub expires: Option<String>,
    /// The proof's `id`, needed when later proofs chain to it.
    pub id: Option<String>,
    /// `previousProof`: ids of existing proofs this one signs over (a proof chain).
    pub previous_proof: Vec<String>,
    /// `challenge` (presentations).
    pub challenge: Option<String>,
    /// `domain` (presentations).
    pub domain: Option<String>,
    /// `nonce`.
    pub nonce: Option<String>,
}

impl ProofOptions {
    /// Options for `cryptosuite`, purpose `assertionMethod`, nothing else set.
    pub fn new(cryptosuite: Cryptosuite) -> Self {
        ProofOptions {
            cryptosuite,
            proof_purpose: Relationship::AssertionMethod,
            verification_method: None,
            created: None,
            expires: None,
            id: None,
            previous_proof: Vec::new(),
            challenge: None,
            domain: None,
            nonce: None,
        }
    }

    /// Sets `created`.
    #[must_use]
    pub fn created(mut self, created: impl Into<String>) -> Self {
        self.created = Some(created.into());
        self
    }

    /// Sets `created` to the current UTC time, to the second (`2024-05-01T12:00:00Z`).
    #[must_use]
    pub fn created_now(self) -> Self {
        let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        self.created(now)
    }

    /// Sets `expires`.
    #[must_use]
    pub fn expires(mut self, expires: impl Into<String>) -> Self {
        self.expires = Some(expires.into());
        self
    }

    /// Sets the proof `id`.
    #[must_use]
    pub fn id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }

    /// Sets the proof purpose.
    #[must_use]
    pub fn purpose(mut self, purpose: Relationship) -> Self {
        self.proof_purpose = purpose;
        self
    }

    /// Sets the verification method (instead of the signer's key id).
    #[must_use]
    pub fn verification_method(mut self, id: impl Into<String>) -> Self {
        self.verification_method = Some(id.into());
        self
    }

    /// Adds an id to `previousProof`.
    #[must_use]
    pub fn previous_proof(mut self, id: impl Into<String>) -> Self {
        self.previous_proof.push(id.into());
        self
    }

    /// Sets `challenge`.
    #[must_use]
    pub fn challenge(mut self, challenge: impl Into<String>) -> Self {
        self.challenge = Some(challenge.into());
        self
    }

    /// Sets `domain`.
    #[must_use]
    pub fn domain(mut self, domain: impl Into<String>) -> Self {
        self.domain = Some(domain.into());
        self
    }

    /// Sets `nonce`.
    #[must_use]
    pub fn nonce(mut self, nonce: impl Into<String>) -> Self {
        self.nonce = Some(nonce.into());
        self
    }
}
