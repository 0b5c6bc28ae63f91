//! Building a presentation from credentials.

use serde_json::{Map, Value, json};

use super::{ClrMember, PresentError, clr};
use crate::crypto::Signer;
use crate::jose::sd_jwt::SdJwt;
use crate::proof::RdfcCanonicalizer;
use crate::sd::{self, SdError};

/// The VCDM 2.0 base context.
pub const CONTEXT_V2: &str = "https://www.w3.org/ns/credentials/v2";
/// The VCDM 1.1 base context.
pub const CONTEXT_V1: &str = "https://www.w3.org/2018/credentials/v1";
/// The Data Integrity context, which a VCDM 1.1 presentation needs for its proof.
pub const CONTEXT_DATA_INTEGRITY: &str = "https://w3id.org/security/data-integrity/v2";
/// The `data:` URL prefix of an SD-JWT VC in an `EnvelopedVerifiableCredential`.
pub const SD_JWT_DATA_URL_PREFIX: &str = "data:application/dc+sd-jwt,";

#[derive(Clone, Debug)]
enum Item {
    /// A credential in JSON form, embedded as is.
    Whole(Value),
    /// A compact `vc+jwt`, enveloped.
    VcJwt(String),
    /// A credential with a disclosure selection (JSON pointers).
    Selected(Value, Vec<String>),
    /// An SD-JWT VC with the pointers to reveal, enveloped.
    SdJwt(String, Vec<String>),
    /// A CLR and the member credentials to present from it.
    ClrMembers(Value, Vec<ClrMember>),
}

/// Builds an unsigned VerifiablePresentation (VCDM 2.0, or 1.1 with
/// [`vcdm11`](Self::vcdm11)); sign it with [`sign_presentation`](super::sign_presentation)
/// or [`sign_presentation_jwt`](super::sign_presentation_jwt).
///
/// ```
/// use openbadges::present::PresentationBuilder;
/// use serde_json::json;
///
/// let badge = json!({"@context": ["https://www.w3.org/ns/credentials/v2"],
///                    "type": ["VerifiableCredential"], "issuer": "did:example:i",
///                    "credentialSubject": {"id": "did:example:learner"}});
/// let vp = PresentationBuilder::new()
///     .holder("did:example:learner")
///     .credential(badge.clone())
///     .build()?;
/// assert_eq!(vp["type"], json!(["VerifiablePresentation"]));
/// assert_eq!(vp["verifiableCredential"][0], badge);
/// # Ok::<(), openbadges::present::PresentError>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct PresentationBuilder {
    id: Option<String>,
    holder: Option<String>,
    legacy: bool,
    items: Vec<Item>,
    canonicalizer: Option<RdfcCanonicalizer>,
}

impl PresentationBuilder {
    /// An empty VCDM 2.0 presentation.
    pub fn new() -> Self {
        Self::default()
    }

    /// The presentation's `id`.
    #[must_use]
    pub fn id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }

    /// The `holder` (the signer's controller, checked by verifiers).
    #[must_use]
    pub fn holder(mut self, holder: impl Into<String>) -> Self {
        self.holder = Some(holder.into());
        self
    }

    /// The `holder`: the controller of `signer`'s key ([`Signer::controller`]), the identity
    /// a verifier binds the presentation's proof to.
    #[must_use]
    pub fn holder_from<S: Signer + ?Sized>(self, signer: &S) -> Self {
        self.holder(signer.controller())
    }

    /// A VCDM 1.1 presentation (contexts `https://www.w3.org/2018/credentials/v1` and
    /// `https://w3id.org/security/data-integrity/v2` for its proof).
    #[must_use]
    pub fn vcdm11(mut self) -> Self {
        self.legacy = true;
        self
    }

    /// The canonicalizer used to derive ecdsa-sd-2023 disclosures (default:
    /// [`RdfcCanonicalizer::new`], the bundled contexts).
    #[must_use]
    pub fn canonicalizer(mut self, canonicalizer: RdfcCanonicalizer) -> Self {
        self.canonicalizer = Some(canonicalizer);
        self
    }

    /// Adds a whole credential (JSON with its proofs), embedded exactly as given.
    #[must_use]
    pub fn credential(mut self, credential: Value) -> Self {
        self.items.push(Item::Whole(credential));
        self
    }

    /// Adds a `vc+jwt` credential as an `EnvelopedVerifiableCredential`.
    #[must_use]
    pub fn enveloped_jwt(mut self, jws: impl Into<String>) -> Self {
        self.items.push(Item::VcJwt(jws.into()));
        self
    }

    /// Adds a credential of which only the claims at `reveal` (JSON pointers) are to be
    /// disclosed. [`build`](Self::build) derives it when its proof allows selective
    /// disclosure (an ecdsa-sd-2023 base proof: the issuer's mandatory claims and those at
    /// `reveal`, with a derived proof, see [`sd::derive`]), and otherwise refuses with
    /// [`PresentError::NotSelectivelyDisclosable`] naming the proof.
    #[must_use]
    pub fn credential_with_disclosure<I, S>(mut self, credential: Value, reveal: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.items.push(Item::Selected(
            credential,
            reveal.into_iter().map(Into::into).collect(),
        ));
        self
    }

    /// Adds the chosen member credentials of a CLR 2.0 `ClrCredential` (those in its
    /// `credentialSubject.verifiableCredential`, by `id` or by position, see
    /// [`ClrMember`]) as separate credentials of the presentation, in the order chosen
    /// (a member chosen twice comes once). Each keeps its issuer's proof and verifies on
    /// its own; nothing else of the CLR (its proof, other members, achievements,
    /// associations) goes into the presentation. A member with an ecdsa-sd-2023 base
    /// proof (never shown as is: it holds the HMAC key) is derived to its issuer's
    /// mandatory claims.
    ///
    /// Which applies when:
    /// - to show some member credentials, whatever the CLR's own proof: this method;
    /// - to show the CLR itself with only some of its claims: [`credential_with_disclosure`]
    ///   on the CLR, which derives when the CLR's proof is an ecdsa-sd-2023 base proof and
    ///   otherwise refuses with [`PresentError::NotSelectivelyDisclosable`] (an
    ///   eddsa/ecdsa-rdfc or JCS proof signs the whole CLR). A CLR that embeds signed
    ///   credentials cannot carry an ecdsa-sd-2023 base proof in practice: the nested
    ///   proofs are RDF graphs, which the selective-disclosure skolemizer refuses;
    /// - to show the whole CLR: [`credential`](Self::credential).
    ///
    /// [`credential_with_disclosure`]: Self::credential_with_disclosure
    ///
    /// ```
    /// use openbadges::present::{ClrMember, PresentationBuilder};
    /// use serde_json::json;
    ///
    /// let member = |id: &str| json!({"id": id, "type": ["VerifiableCredential"],
    ///     "proof": {"type": "DataIntegrityProof", "proofValue": "z..."}});
    /// let clr = json!({"type": ["VerifiableCredential", "ClrCredential"],
    ///     "credentialSubject": {"verifiableCredential": [
    ///         member("urn:x:a"), member("urn:x:b"), member("urn:x:c")]}});
    /// let vp = PresentationBuilder::new()
    ///     .clr_members(clr, [ClrMember::id("urn:x:c"), ClrMember::index(0)])
    ///     .build()?;
    /// assert_eq!(vp["verifiableCredential"][0]["id"], "urn:x:c");
    /// assert_eq!(vp["verifiableCredential"][1]["id"], "urn:x:a");
    /// assert!(!vp.to_string().contains("urn:x:b"));
    /// # Ok::<(), openbadges::present::PresentError>(())
    /// ```
    #[must_use]
    pub fn clr_members<I, M>(mut self, clr: Value, members: I) -> Self
    where
        I: IntoIterator<Item = M>,
        M: Into<ClrMember>,
    {
        self.items.push(Item::ClrMembers(
            clr,
            members.into_iter().map(Into::into).collect(),
        ));
        self
    }

    /// Adds an SD-JWT VC revealing the claims at `reveal` (see
    /// [`SdJwt::select`](crate::jose::sd_jwt::SdJwt::select)), enveloped as
    /// `data:application/dc+sd-jwt,…`. The presentation's own proof binds it to the
    /// holder; no KB-JWT is added.
    #[must_use]
    pub fn sd_jwt<I, S>(mut self, sd_jwt: impl Into<String>, reveal: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.items.push(Item::SdJwt(
            sd_jwt.into(),
            reveal.into_iter().map(Into::into).collect(),
        ));
        self
    }

    /// The presentation.
    ///
    /// # Errors
    /// [`PresentError::NotObject`] for a credential that is not a JSON object,
    /// [`PresentError::EnvelopedInLegacy`] for an enveloped credential in a VCDM 1.1
    /// presentation, [`PresentError::Pointer`] for a selection pointer naming nothing in
    /// its credential, [`PresentError::NotSelectivelyDisclosable`] for a selection on a
    /// credential whose proof cannot derive one, [`PresentError::Derive`] when an
    /// ecdsa-sd-2023 derivation fails, [`PresentError::SdJwt`] when an SD-JWT cannot be
    /// parsed or a pointer names none of its claims; for [`clr_members`](Self::clr_members):
    /// [`PresentError::NotClr`] when the input is not a `ClrCredential` with a members
    /// array, [`PresentError::ClrNoMemberChosen`] for an empty choice,
    /// [`PresentError::ClrMemberNotFound`] for an `id` or position not among its members,
    /// [`PresentError::ClrMemberUnusable`] for a member that is not an object or has no
    /// proof, [`PresentError::EnvelopedInLegacy`] for an enveloped member in a VCDM 1.1
    /// presentation, [`PresentError::ClrMemberDerive`] when deriving a member's
    /// ecdsa-sd-2023 base proof fails.
    pub fn build(&self) -> Result<Value, PresentError> {
        let default_canonicalizer;
        let canonicalizer = match &self.canonicalizer {
            Some(c) => c,
            None => {
                default_canonicalizer = RdfcCanonicalizer::new();
                &default_canonicalizer
            }
        };
        let mut credentials = Vec::with_capacity(self.items.len());
        for (index, item) in self.items.iter().enumerate() {
            let value = match item {
                Item::ClrMembers(v, chosen) => {
                    for (path, member) in clr::select(v, chosen, index)? {
                        if self.legacy && is_enveloped(member) {
                            return Err(PresentError::EnvelopedInLegacy { index });
                        }
                        if has_sd_base_proof(member) {
                            let no_pointers: [String; 0] = [];
                            let derived = sd::derive_with(member, &no_pointers, canonicalizer)
                                .map_err(|source| PresentError::ClrMemberDerive {
                                    index,
                                    path: path.clone(),
                                    source,
                                })?;
                            credentials.push(derived);
                        } else {
                            credentials.push(member.clone());
                        }
                    }
                    continue;
                }
                Item::Whole(v) => {
                    if !v.is_object() {
                        return Err(PresentError::NotObject { index });
                    }
                    v.clone()
                }
                Item::VcJwt(jws) => {
                    if self.legacy {
                        return Err(PresentError::EnvelopedInLegacy { index });
                    }
                    crate::jose::envelope(jws)
                }
                Item::Selected(v, reveal) => {
                    if let Some(pointer) = reveal.iter().find(|p| v.pointer(p).is_none()) {
                        return Err(PresentError::Pointer {
                            index,
                            pointer: pointer.clone(),
                        });
                    }
                    if !has_sd_proof(v) {
                        return Err(PresentError::NotSelectivelyDisclosable {
                            index,
                            reason: selective_refusal(v),
                        });
                    }
                    match sd::derive_with(v, reveal, canonicalizer) {
                        Ok(derived) => derived,
                        Err(SdError::NoBaseProof { reason }) => {
                            return Err(PresentError::NotSelectivelyDisclosable { index, reason });
                        }
                        Err(source) => return Err(PresentError::Derive { index, source }),
                    }
                }
                Item::SdJwt(text, reveal) => {
                    if self.legacy {
                        return Err(PresentError::EnvelopedInLegacy { index });
                    }
                    let fail = |source| PresentError::SdJwt { index, source };
                    let parsed = SdJwt::parse(text).map_err(fail)?;
                    let pointers: Vec<&str> = reveal.iter().map(String::as_str).collect();
                    let shown = parsed.present(&pointers).map_err(fail)?;
                    json!({
                        "@context": CONTEXT_V2,
                        "id": format!("{SD_JWT_DATA_URL_PREFIX}{shown}"),
                        "type": "EnvelopedVerifiableCredential",
                    })
                }
            };
            credentials.push(value);
        }
        let mut vp = Map::new();
        // VCDM 1.1 does not define DataIntegrityProof: its context comes along.
        vp.insert(
            "@context".into(),
            if self.legacy {
                json!([CONTEXT_V1, CONTEXT_DATA_INTEGRITY])
            } else {
                json!([CONTEXT_V2])
            },
        );
        if let Some(id) = &self.id {
            vp.insert("id".into(), id.clone().into());
        }
        vp.insert("type".into(), json!(["VerifiablePresentation"]));
        if let Some(holder) = &self.holder {
            vp.insert("holder".into(), holder.clone().into());
        }
        if !credentials.is_empty() {
            vp.insert("verifiableCredential".into(), Value::Array(credentials));
        }
        Ok(Value::Object(vp))
    }
}

/// True when one of the credential's proofs is ecdsa-sd-2023.
fn has_sd_proof(credential: &Value) -> bool {
    let is_sd = |p: &Value| p.get("cryptosuite").and_then(Value::as_str) == Some(sd::CRYPTOSUITE);
    match credential.get("proof") {
        Some(Value::Array(items)) => items.iter().any(is_sd),
        Some(p) => is_sd(p),
        None => false,
    }
}

/// Why a credential without an ecdsa-sd-2023 proof cannot derive a selective disclosure.
fn selective_refusal(credential: &Value) -> &'static str {
    match credential.get("proof") {
        None => "it has no proof",
        Some(_) => {
            "its proof signs the whole credential (only ecdsa-sd-2023 base proofs and SD-JWT VCs can be disclosed selectively)"
        }
    }
}

/// True when one of the credential's proofs is an ecdsa-sd-2023 base proof.
fn has_sd_base_proof(credential: &Value) -> bool {
    let is_base = |p: &Value| {
        p.get("cryptosuite").and_then(Value::as_str) == Some(sd::CRYPTOSUITE)
            && p.get("proofValue")
                .and_then(Value::as_str)
                .and_then(|t| sd::parse_proof_value(t).ok())
                .is_some_and(|v| matches!(v, sd::SdProofValue::Base(_)))
    };
    match credential.get("proof") {
        Some(Value::Array(items)) => items.iter().any(is_base),
        Some(p) => is_base(p),
        None => false,
    }
}

/// True for an `EnvelopedVerifiableCredential`.
fn is_enveloped(credential: &Value) -> bool {
    let named = |t: &Value| t == "EnvelopedVerifiableCredential";
    match credential.get("type") {
        Some(Value::Array(ts)) => ts.iter().any(named),
        Some(t) => named(t),
        None => false,
    }
}
