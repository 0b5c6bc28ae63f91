//! Creating an ecdsa-sd-2023 base proof (VC-DI-ECDSA §3.5: base proof transformation,
//! hashing, configuration and serialization), the issuer's side.

use chrono::{SecondsFormat, Utc};
use serde_json::{Map, Value};
use sha2::{Digest as _, Sha256, Sha384};
use zeroize::Zeroizing;

use super::SdError;
use super::group::canonicalize_and_group;
use super::hmac::HmacKey;
use super::proof_value::BaseProofValue;
use crate::crypto::{Algorithm, KeyType, SecretKey, Signer, multicodec};
use crate::proof::{Canonicalization, Canonicalizer, RdfcCanonicalizer};

/// Options of an ecdsa-sd-2023 base proof.
///
/// The HMAC key and the proof-scoped key are fresh random values unless given (give them
/// only to reproduce test vectors: a fixed HMAC key across credentials lets verifiers link
/// them).
#[derive(Clone, Default)]
#[non_exhaustive]
pub struct BaseProofOptions {
    /// JSON pointers of the statements every disclosure must reveal.
    pub mandatory_pointers: Vec<String>,
    /// `created` (XML Schema dateTime); `None` writes the current time in seconds.
    pub created: Option<String>,
    /// The 32-byte HMAC key; `None` draws one from the operating system.
    pub hmac_key: Option<Zeroizing<[u8; 32]>>,
    /// The 32-byte secret scalar of the proof-scoped P-256 key; `None` generates one.
    pub proof_key: Option<Zeroizing<[u8; 32]>>,
}

impl std::fmt::Debug for BaseProofOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BaseProofOptions")
            .field("mandatory_pointers", &self.mandatory_pointers)
            .field("created", &self.created)
            .field("hmac_key", &self.hmac_key.as_ref().map(|_| "(redacted)"))
            .field("proof_key", &self.proof_key.as_ref().map(|_| "(redacted)"))
            .finish()
    }
}

impl BaseProofOptions {
    /// A base proof whose disclosures always reveal `mandatory_pointers`.
    pub fn new<I, S>(mandatory_pointers: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        BaseProofOptions {
            mandatory_pointers: mandatory_pointers.into_iter().map(Into::into).collect(),
            ..Self::default()
        }
    }

    /// A base proof for an Open Badges 3.0 / CLR 2.0 credential with the default mandatory
    /// pointers ([`default_mandatory_pointers`]: the whole achievement is mandatory).
    pub fn open_badges(credential: &Value) -> Self {
        Self::new(default_mandatory_pointers(credential))
    }

    /// A base proof for an Open Badges 3.0 credential with the minimal mandatory pointers
    /// ([`minimal_mandatory_pointers`]): holders may reveal as little as the achievement's
    /// name.
    pub fn open_badges_minimal(credential: &Value) -> Self {
        Self::new(minimal_mandatory_pointers(credential))
    }

    /// These options with a fixed `created`.
    #[must_use]
    pub fn created(mut self, created: impl Into<String>) -> Self {
        self.created = Some(created.into());
        self
    }

    /// These options with a fixed HMAC key (test vectors only).
    #[must_use]
    pub fn hmac_key(mut self, key: [u8; 32]) -> Self {
        self.hmac_key = Some(Zeroizing::new(key));
        self
    }

    /// These options with a fixed proof-scoped P-256 secret scalar (test vectors only).
    #[must_use]
    pub fn proof_key(mut self, scalar: [u8; 32]) -> Self {
        self.proof_key = Some(Zeroizing::new(scalar));
        self
    }
}

/// The default mandatory pointers of an Open Badges 3.0 / CLR 2.0 credential: what a
/// disclosure must keep for the derived credential to remain a valid, honest credential.
///
/// **The whole achievement is mandatory**: `/credentialSubject/achievement` selects every
/// statement of the achievement (name, description, criteria, image, alignments, results
/// descriptions...), so a holder cannot hide any of it, and a derived credential still meets
/// the OB schema. To let holders reveal less (for example only the achievement's name), an
/// issuer takes [`minimal_mandatory_pointers`] instead.
///
/// Of these, the ones `credential` has: `/issuer` (the whole profile), `/validFrom`,
/// `/validUntil`, `/credentialStatus` and `/credentialSchema` (a holder must not hide
/// expiry or revocation), `/name` (required by CLR and endorsement credentials),
/// `/credentialSubject/type`, `/credentialSubject/id` (or `/credentialSubject/identifier`
/// when it has no `id`), `/credentialSubject/achievement` (the whole achievement: its
/// schema requires `id`, `type`, `criteria`, `description`, `name`) and, in a CLR,
/// `/credentialSubject/verifiableCredential` (required by `ClrSubject`). The document's `id`,
/// `type` and `@context` are always revealed. Everything else (results, evidence,
/// narrative, the subject's other claims) is selectively disclosable.
pub fn default_mandatory_pointers(credential: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for p in [
        "/issuer",
        "/validFrom",
        "/validUntil",
        "/credentialStatus",
        "/credentialSchema",
        "/name",
        "/credentialSubject/type",
        "/credentialSubject/id",
    ] {
        if credential.pointer(p).is_some() {
            out.push(p.to_owned());
        }
    }
    if credential.pointer("/credentialSubject/id").is_none()
        && credential
            .pointer("/credentialSubject/identifier")
            .is_some()
    {
        out.push("/credentialSubject/identifier".to_owned());
    }
    if credential
        .pointer("/credentialSubject/achievement")
        .is_some()
    {
        out.push("/credentialSubject/achievement".to_owned());
    }
    out
}

/// The candidates of [`minimal_mandatory_pointers`]: what every disclosure must keep so that
/// it stays honest (who issued it, to whom, about which achievement, when it is valid, and
/// whether it is revoked), and nothing else. `/credentialSubject/identifier` is used
/// instead of `/credentialSubject/id` when the subject has no `id`.
pub const MINIMAL_MANDATORY_POINTERS: &[&str] = &[
    "/issuer",
    "/validFrom",
    "/validUntil",
    "/credentialStatus",
    "/credentialSchema",
    "/credentialSubject/type",
    "/credentialSubject/id",
    "/credentialSubject/achievement/id",
    "/credentialSubject/achievement/type",
];

/// The smallest honest mandatory set for an Open Badges 3.0 credential: of
/// [`MINIMAL_MANDATORY_POINTERS`], the ones `credential` has. The issuer (the whole
/// profile), the validity window, the status and schema entries, the subject's `type` and
/// `id` (or `identifier` when it has no `id`), and the achievement's `id` and `type` stay;
/// everything else (the achievement's `name`, `description`, `criteria`, image and
/// alignments, the credential's `name`, results, evidence) is the holder's to reveal or
/// not.
///
/// A disclosure that reveals only some of the achievement then lacks members the OB schema
/// requires; the verifier reports those as warnings (the issuer let the holder withhold
/// them), not errors, so such a disclosure verifies as valid.
///
/// ```
/// use openbadges::sd::minimal_mandatory_pointers;
/// use serde_json::json;
///
/// let badge = json!({
///     "issuer": "did:example:issuer", "validFrom": "2024-01-15T09:00:00Z",
///     "credentialSubject": {"type": ["AchievementSubject"], "id": "did:example:learner",
///         "achievement": {"id": "urn:uuid:a", "type": ["Achievement"], "name": "Rust 101"}}
/// });
/// assert_eq!(minimal_mandatory_pointers(&badge), [
///     "/issuer", "/validFrom", "/credentialSubject/type", "/credentialSubject/id",
///     "/credentialSubject/achievement/id", "/credentialSubject/achievement/type",
/// ]);
/// ```
pub fn minimal_mandatory_pointers(credential: &Value) -> Vec<String> {
    let mut out: Vec<String> = MINIMAL_MANDATORY_POINTERS
        .iter()
        .filter(|p| credential.pointer(p).is_some())
        .map(|p| (*p).to_owned())
        .collect();
    if credential.pointer("/credentialSubject/id").is_none()
        && credential
            .pointer("/credentialSubject/identifier")
            .is_some()
    {
        out.push("/credentialSubject/identifier".to_owned());
    }
    out
}

/// The hash of the suite for the issuer's algorithm: SHA-256 for ES256, SHA-384 for ES384.
pub(crate) fn suite_hash(algorithm: Algorithm, bytes: &[u8]) -> Vec<u8> {
    if algorithm == Algorithm::Es384 {
        Sha384::digest(bytes).to_vec()
    } else {
        Sha256::digest(bytes).to_vec()
    }
}

/// Adds an ecdsa-sd-2023 base proof to `document` (which must have no proof yet), signed
/// by `signer` (a P-256 or P-384 key, `proofPurpose` `assertionMethod`), canonicalized with
/// the bundled contexts ([`RdfcCanonicalizer::new`]; [`add_base_proof_with`] takes another
/// canonicalizer). For an OB / CLR credential, take the mandatory pointers of
/// [`BaseProofOptions::open_badges`] (or [`BaseProofOptions::open_badges_minimal`]), or
/// issue through [`Issuer::issue_sd`](crate::issue::Issuer::issue_sd), which validates
/// the credential first.
///
/// The document is skolemized, expanded and canonicalized; its blank node labels are
/// replaced by HMAC-derived ones; the statements the mandatory pointers select are hashed
/// (`mandatoryHash`); each other statement is signed by a fresh proof-scoped P-256 key;
/// the issuer signs `proofHash || proofPublicKey || mandatoryHash`, where `proofHash` is
/// the hash of the canonical proof configuration. SHA-256 for a P-256 issuer key,
/// SHA-384 for P-384; HMAC-SHA-256 and ES256 statement signatures in both cases.
///
/// The result is for the holder: verifiers only accept the disclosures the holder
/// [derives](super::derive) from it.
///
/// # Errors
/// [`SdError::NotObject`]; [`SdError::Option`] for a document that already has a proof
/// or an invalid `created`; [`SdError::Algorithm`] for a signer that is not ES256 or
/// ES384; [`SdError::Pointer`] for a mandatory pointer naming nothing;
/// [`SdError::Skolemize`], [`SdError::JsonLd`], [`SdError::Canon`] when the document cannot
/// be processed; [`SdError::Sign`] when a signer fails.
pub fn add_base_proof<S: Signer + ?Sized>(
    document: &Value,
    signer: &S,
    options: &BaseProofOptions,
) -> Result<Value, SdError> {
    add_base_proof_with(document, signer, &RdfcCanonicalizer::new(), options)
}

/// [`add_base_proof`] with a given canonicalizer (its JSON-LD processor, context loader and
/// RDFC-1.0 limits), for example one whose loader knows private contexts.
///
/// # Errors
/// As [`add_base_proof`].
pub fn add_base_proof_with<S: Signer + ?Sized>(
    document: &Value,
    signer: &S,
    canonicalizer: &RdfcCanonicalizer,
    options: &BaseProofOptions,
) -> Result<Value, SdError> {
    let map = document.as_object().ok_or(SdError::NotObject)?;
    if map.contains_key("proof") {
        return Err(SdError::Option {
            option: "document",
            reason: "it already has a proof; an ecdsa-sd-2023 base proof must be its only proof",
        });
    }
    let algorithm = signer.algorithm();
    if !matches!(algorithm, Algorithm::Es256 | Algorithm::Es384) {
        return Err(SdError::Algorithm { algorithm });
    }
    let created = match &options.created {
        Some(c) => {
            if chrono::DateTime::parse_from_rfc3339(c).is_err() {
                return Err(SdError::Option {
                    option: "created",
                    reason: "not an RFC 3339 / XML Schema dateTime with a time zone",
                });
            }
            c.clone()
        }
        None => Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true),
    };
    let mut proof = Map::new();
    proof.insert("type".into(), "DataIntegrityProof".into());
    proof.insert("cryptosuite".into(), super::CRYPTOSUITE.into());
    proof.insert("created".into(), created.into());
    proof.insert("verificationMethod".into(), signer.key_id().into());
    proof.insert("proofPurpose".into(), "assertionMethod".into());

    // proofHash.
    let mut config = proof.clone();
    if let Some(ctx) = map.get("@context") {
        config.insert("@context".into(), ctx.clone());
    }
    let proof_hash = suite_hash(
        algorithm,
        &canonicalizer.canonicalize(Canonicalization::Rdfc, &Value::Object(config))?,
    );

    // Transformation: HMAC-relabelled canonical N-Quads grouped by the mandatory pointers.
    let hmac_key = match &options.hmac_key {
        Some(k) => k.clone(),
        None => {
            let mut k = Zeroizing::new([0u8; 32]);
            rand_core::RngCore::fill_bytes(&mut rand_core::OsRng, &mut k[..]);
            k
        }
    };
    let hmac = HmacKey::new(&hmac_key[..]);
    let mandatory_pointers = &options.mandatory_pointers;
    let (grouped, _) = canonicalize_and_group(
        canonicalizer.processor(),
        document,
        &hmac,
        &[mandatory_pointers.as_slice()],
    )?;
    let group = grouped.groups.first().ok_or(SdError::Skolemize {
        reason: "grouping produced no group",
    })?;
    let mandatory: String = group
        .matching
        .iter()
        .map(|&i| grouped.nquads[i].as_str())
        .collect();
    let mandatory_hash = suite_hash(algorithm, mandatory.as_bytes());

    // Statement signatures by the proof-scoped key.
    let proof_key = match &options.proof_key {
        Some(scalar) => SecretKey::from_seed(KeyType::P256, &scalar[..])?,
        None => SecretKey::generate(KeyType::P256)?,
    };
    let point = proof_key.public_key().to_bytes().ok_or(SdError::Option {
        option: "proof_key",
        reason: "the proof-scoped key has no compressed point",
    })?;
    let public_key = multicodec::join(multicodec::P256_PUB, &point);
    let non_mandatory = group.non_matching(grouped.nquads.len());
    let signatures = non_mandatory
        .iter()
        .map(|&i| proof_key.sign(grouped.nquads[i].as_bytes()))
        .collect::<Result<Vec<_>, _>>()?;

    // The issuer's signature.
    let mut to_sign = proof_hash;
    to_sign.extend_from_slice(&public_key);
    to_sign.extend_from_slice(&mandatory_hash);
    let base_signature = signer.sign(&to_sign)?;

    let value = BaseProofValue::new(
        base_signature,
        public_key,
        hmac_key.to_vec(),
        signatures,
        mandatory_pointers.clone(),
    );
    proof.insert("proofValue".into(), value.to_multibase().into());
    let mut out = map.clone();
    out.insert("proof".into(), Value::Object(proof));
    Ok(Value::Object(out))
}
