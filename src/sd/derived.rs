//! Verifying an ecdsa-sd-2023 derived proof (W3C VC-DI-ECDSA §3.6).

use std::collections::BTreeMap;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Map, Value};
use sha2::{Digest as _, Sha256, Sha384};

use super::cbor::{self, Item};
use super::codes;
use super::proof_value::{BASE_HEADER, BaseProofValue, DERIVED_HEADER};
use crate::crypto::{Algorithm, KeyType, PublicKey, multicodec};
use crate::jsonld::Processor;
use crate::proof::{Canonicalization, Canonicalizer, RdfcCanonicalizer};
use crate::rdf::{Dataset, canon};
use crate::report::{Finding, JsonPath, Report};
use crate::resolve::{KeyResolver, Relationship, VerificationMethod};

/// The components of a derived proof value.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct DerivedProofValue {
    /// The issuer's signature over `proofHash || publicKey || mandatoryHash`.
    pub base_signature: Vec<u8>,
    /// The ephemeral public key, multikey bytes (`0x80 0x24` + compressed P-256 point).
    pub public_key: Vec<u8>,
    /// One signature per non-mandatory N-Quad, in order.
    pub signatures: Vec<Vec<u8>>,
    /// Canonical blank node label (`c14nN`) to HMAC-derived label (`u…`).
    pub label_map: BTreeMap<String, String>,
    /// Indexes of the mandatory N-Quads among all N-Quads of the derived document.
    pub mandatory_indexes: Vec<usize>,
}

impl DerivedProofValue {
    /// The components.
    pub fn new(
        base_signature: Vec<u8>,
        public_key: Vec<u8>,
        signatures: Vec<Vec<u8>>,
        label_map: BTreeMap<String, String>,
        mandatory_indexes: Vec<usize>,
    ) -> Self {
        DerivedProofValue {
            base_signature,
            public_key,
            signatures,
            label_map,
            mandatory_indexes,
        }
    }
}

/// What a `proofValue` turned out to be.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SdProofValue {
    /// A base proof (the issuer's, for the holder): not for verifiers.
    Base(BaseProofValue),
    /// A derived proof.
    Derived(DerivedProofValue),
}

/// Parses an ecdsa-sd-2023 `proofValue` (multibase base64url, `u…`).
///
/// # Errors
/// A message naming what is wrong: not multibase base64url, an unknown header, CBOR that
/// is malformed or not the expected array.
pub fn parse_proof_value(text: &str) -> Result<SdProofValue, String> {
    let body = text
        .strip_prefix('u')
        .ok_or("the proofValue is not multibase base64url (\"u\" prefix)")?;
    let bytes = URL_SAFE_NO_PAD
        .decode(body)
        .map_err(|e| format!("the proofValue is not base64url: {e}"))?;
    if let Some(rest) = bytes.strip_prefix(&BASE_HEADER) {
        return BaseProofValue::from_cbor(rest)
            .map(SdProofValue::Base)
            .map_err(|e| e.to_string());
    }
    let Some(rest) = bytes.strip_prefix(&DERIVED_HEADER) else {
        return Err(
            "the proofValue header is neither 0xd95d00 (base) nor 0xd95d01 (derived)".into(),
        );
    };
    let item = cbor::decode(rest).map_err(|e| e.to_string())?;
    let Item::Array(parts) = item else {
        return Err("the derived proofValue is not a CBOR array".into());
    };
    let [
        Item::Bytes(base_signature),
        Item::Bytes(public_key),
        Item::Array(signatures),
        Item::Map(labels),
        Item::Array(indexes),
    ] = parts.as_slice()
    else {
        return Err(
            "the derived proofValue is not [bytes, bytes, [bytes…], {int: bytes}, [int…]]".into(),
        );
    };
    let signatures = signatures
        .iter()
        .map(|s| match s {
            Item::Bytes(b) => Ok(b.clone()),
            _ => Err("a signature is not a byte string".to_owned()),
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut label_map = BTreeMap::new();
    for (k, v) in labels {
        let (Item::Uint(n), Item::Bytes(b)) = (k, v) else {
            return Err("a label map entry is not int → bytes".into());
        };
        label_map.insert(
            format!("c14n{n}"),
            format!("u{}", URL_SAFE_NO_PAD.encode(b)),
        );
    }
    let mandatory_indexes = indexes
        .iter()
        .map(|i| match i {
            Item::Uint(n) => usize::try_from(*n).map_err(|_| "an index is too large".to_owned()),
            _ => Err("a mandatory index is not an unsigned integer".to_owned()),
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(SdProofValue::Derived(DerivedProofValue {
        base_signature: base_signature.clone(),
        public_key: public_key.clone(),
        signatures,
        label_map,
        mandatory_indexes,
    }))
}

/// The outcome of [`verify_derived`].
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct SdVerification {
    /// The findings (empty when the proof verifies).
    pub report: Report,
    /// The issuer's verification method, when resolved.
    pub method: Option<VerificationMethod>,
    /// The mandatory N-Quads (relabelled), for debugging.
    pub mandatory: Vec<String>,
    /// The non-mandatory N-Quads (relabelled), for debugging.
    pub non_mandatory: Vec<String>,
}

/// Verifies the ecdsa-sd-2023 derived proof of `document` (a credential a holder derived
/// from a base proof).
///
/// Steps (VC-DI-ECDSA §3.6.2 createVerifyData, §3.6.6): `proofHash` is the hash of the
/// RDFC-1.0 canonical proof configuration (the proof without `proofValue`, with the
/// document's `@context`); the document without its proof is expanded to quads and
/// canonicalized, its blank nodes relabelled through the proof's label map and the
/// N-Quads sorted; the quads at `mandatoryIndexes` are hashed (`mandatoryHash`); the
/// issuer's key must verify the base signature over `proofHash || publicKey ||
/// mandatoryHash`, and the ephemeral `publicKey` each non-mandatory N-Quad's signature.
/// SHA-256 and ES256 for a P-256 issuer key, SHA-384 and ES384 for P-384.
///
/// Every problem is a finding: `proof.sd_base` (a base proof given to a verifier),
/// `proof.malformed` (a required member absent, `proofPurpose` not `assertionMethod`
/// included), `proof.method`, `proof.relationship`,
/// `proof.canonicalization`, `proof.sd_count` (signatures and non-mandatory quads differ
/// in number), `proof.signature` (the base signature), `proof.sd_statement` (a
/// statement's signature: a selectively disclosed value was changed).
///
/// Binding the key to the credential's issuer is the caller's, as for every suite:
/// [`SdVerification::method`] names the key's controller, and the
/// [`Verifier`](crate::verify::Verifier) checks it against the issuer (unless its policy
/// switches issuer binding off).
pub fn verify_derived(
    document: &Value,
    resolver: &dyn KeyResolver,
    canonicalizer: &RdfcCanonicalizer,
) -> SdVerification {
    let mut out = SdVerification::default();
    let error = |out: &mut SdVerification, code: &'static str, path: JsonPath, msg: String| {
        out.report.push(Finding::error(code, path, msg));
    };
    let Some(map) = document.as_object() else {
        error(
            &mut out,
            "proof.malformed",
            JsonPath::root(),
            "the document is not an object".into(),
        );
        return out;
    };
    let (proof, proof_path) = match map.get("proof") {
        Some(Value::Array(items)) => match items
            .iter()
            .position(|p| p.get("cryptosuite").and_then(Value::as_str) == Some(super::CRYPTOSUITE))
        {
            Some(i) => (&items[i], JsonPath::root().key("proof").index(i)),
            None => {
                error(
                    &mut out,
                    "proof.missing",
                    JsonPath::root().key("proof"),
                    "no ecdsa-sd-2023 proof".into(),
                );
                return out;
            }
        },
        Some(p) => (p, JsonPath::root().key("proof")),
        None => {
            error(
                &mut out,
                "proof.missing",
                JsonPath::root(),
                "the document has no proof".into(),
            );
            return out;
        }
    };
    let empty = Map::new();
    let proof_map = proof.as_object().unwrap_or(&empty);
    // A derived proof states its purpose, as a base proof must (VC-DI-ECDSA §3.6.6 verifies
    // the proof configuration, `proofPurpose` included).
    match proof_map.get("proofPurpose").and_then(Value::as_str) {
        Some("assertionMethod") => {}
        Some(other) => {
            error(
                &mut out,
                "proof.purpose",
                proof_path.clone().key("proofPurpose"),
                format!("proof purpose is `{other}`, expected `assertionMethod`"),
            );
            return out;
        }
        None => {
            error(
                &mut out,
                "proof.malformed",
                proof_path.clone().key("proofPurpose"),
                "`proofPurpose` is required".into(),
            );
            return out;
        }
    }
    let value = match proof_map
        .get("proofValue")
        .and_then(Value::as_str)
        .map(parse_proof_value)
    {
        Some(Ok(SdProofValue::Derived(v))) => v,
        Some(Ok(SdProofValue::Base(_))) => {
            error(
                &mut out,
                codes::SD_BASE,
                proof_path.clone().key("proofValue"),
                "this is an ecdsa-sd-2023 base proof, made for the holder: a verifier needs a derived proof".into(),
            );
            return out;
        }
        Some(Err(e)) => {
            error(
                &mut out,
                "proof.malformed",
                proof_path.clone().key("proofValue"),
                e,
            );
            return out;
        }
        None => {
            error(
                &mut out,
                "proof.malformed",
                proof_path.clone().key("proofValue"),
                "no proofValue string".into(),
            );
            return out;
        }
    };

    // The issuer's key.
    let Some(vm) = proof_map.get("verificationMethod").and_then(Value::as_str) else {
        error(
            &mut out,
            "proof.malformed",
            proof_path.clone().key("verificationMethod"),
            "no verificationMethod".into(),
        );
        return out;
    };
    let method = match resolver.resolve(vm) {
        Ok(m) => m,
        Err(e) => {
            error(
                &mut out,
                e.code_or("proof.method"),
                proof_path.clone().key("verificationMethod"),
                e.to_string(),
            );
            return out;
        }
    };
    if !method.is_authorized_for(Relationship::AssertionMethod) {
        error(
            &mut out,
            "proof.relationship",
            proof_path.clone().key("verificationMethod"),
            format!("{} is not authorized for assertionMethod", method.id),
        );
    }
    let (algorithm, sha384) = match method.public_key.key_type() {
        KeyType::P256 => (Algorithm::Es256, false),
        KeyType::P384 => (Algorithm::Es384, true),
        other => {
            error(
                &mut out,
                "proof.algorithm",
                proof_path.clone().key("verificationMethod"),
                format!("ecdsa-sd-2023 needs a P-256 or P-384 key, not {other:?}"),
            );
            return out;
        }
    };
    let hash = |bytes: &[u8]| -> Vec<u8> {
        if sha384 {
            Sha384::digest(bytes).to_vec()
        } else {
            Sha256::digest(bytes).to_vec()
        }
    };
    let issuer_key = method.public_key.clone();
    out.method = Some(method);

    // proofHash.
    let mut config = proof_map.clone();
    config.remove("proofValue");
    if let Some(ctx) = map.get("@context") {
        config.insert("@context".into(), ctx.clone());
    }
    let proof_hash =
        match canonicalizer.canonicalize(Canonicalization::Rdfc, &Value::Object(config)) {
            Ok(bytes) => hash(&bytes),
            Err(e) => {
                error(
                    &mut out,
                    "proof.canonicalization",
                    proof_path.clone(),
                    format!("the proof configuration: {e}"),
                );
                return out;
            }
        };

    // The document's N-Quads, relabelled.
    let mut unsecured = map.clone();
    unsecured.remove("proof");
    let nquads = match relabelled_nquads(
        &Value::Object(unsecured),
        canonicalizer.processor(),
        &value.label_map,
    ) {
        Ok(n) => n,
        Err(e) => {
            error(&mut out, "proof.canonicalization", JsonPath::root(), e);
            return out;
        }
    };
    let checked = check_statements(
        &issuer_key,
        algorithm,
        &proof_hash,
        &value,
        nquads,
        &proof_path.clone().key("proofValue"),
    );
    out.report.extend(checked.findings);
    out.mandatory = checked.mandatory;
    out.non_mandatory = checked.non_mandatory;
    out
}

/// The signature checks of a derived proof over its relabelled, sorted N-Quads.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct StatementCheck {
    /// What failed (empty when every signature verifies).
    pub findings: Vec<Finding>,
    /// The mandatory N-Quads.
    pub mandatory: Vec<String>,
    /// The non-mandatory N-Quads.
    pub non_mandatory: Vec<String>,
    /// The hash of the concatenated mandatory N-Quads.
    pub mandatory_hash: Vec<u8>,
}

/// Splits `nquads` (relabelled and sorted) into mandatory and non-mandatory statements by
/// the proof's indexes, then checks the issuer's base signature over `proof_hash ||
/// publicKey || mandatoryHash` and each statement signature with the ephemeral key.
/// `at` is the proof value's path, for findings. SHA-384 hashes for ES384, else SHA-256.
pub fn check_statements(
    issuer_key: &PublicKey,
    algorithm: Algorithm,
    proof_hash: &[u8],
    value: &DerivedProofValue,
    nquads: Vec<String>,
    at: &JsonPath,
) -> StatementCheck {
    let mut out = StatementCheck::default();
    let mut error = |code: &'static str, msg: String| {
        out.findings.push(Finding::error(code, at.clone(), msg));
    };
    let mut mandatory = Vec::new();
    let mut non_mandatory = Vec::new();
    for (i, q) in nquads.into_iter().enumerate() {
        if value.mandatory_indexes.contains(&i) {
            mandatory.push(q);
        } else {
            non_mandatory.push(q);
        }
    }
    if mandatory.len() != value.mandatory_indexes.len() {
        error(
            "proof.malformed",
            "a mandatory index is out of range".into(),
        );
    }
    let joined = mandatory.concat();
    let mandatory_hash = if algorithm == Algorithm::Es384 {
        Sha384::digest(joined.as_bytes()).to_vec()
    } else {
        Sha256::digest(joined.as_bytes()).to_vec()
    };
    let mut base_data = proof_hash.to_vec();
    base_data.extend_from_slice(&value.public_key);
    base_data.extend_from_slice(&mandatory_hash);
    if let Err(e) = issuer_key.verify(algorithm, &base_data, &value.base_signature) {
        error("proof.signature", format!("the base signature: {e}"));
    }
    let ephemeral = multicodec::split(&value.public_key)
        .ok()
        .filter(|(code, _)| *code == multicodec::P256_PUB)
        .and_then(|(_, body)| PublicKey::from_bytes(KeyType::P256, body).ok());
    match ephemeral {
        None => error(
            "proof.malformed",
            "the ephemeral public key is not a P-256 multikey".into(),
        ),
        Some(_) if value.signatures.len() != non_mandatory.len() => error(
            codes::SD_COUNT,
            format!(
                "{} signatures for {} non-mandatory statements (statements added or dropped)",
                value.signatures.len(),
                non_mandatory.len()
            ),
        ),
        Some(key) => {
            let verifier = StatementVerifier::new(&key, value.signatures.len());
            for (i, (q, s)) in non_mandatory.iter().zip(&value.signatures).enumerate() {
                if !verifier.verify(q.as_bytes(), s) {
                    error(
                        codes::SD_STATEMENT,
                        format!(
                            "the signature of disclosed statement {i} does not verify: {}",
                            q.trim_end()
                        ),
                    );
                }
            }
        }
    }
    out.mandatory = mandatory;
    out.non_mandatory = non_mandatory;
    out.mandatory_hash = mandatory_hash;
    out
}

/// The check of one statement signature by the proof-scoped key: with many signatures, a
/// fixed-base table of the key (see `fast_verify`), else the generic verification.
enum StatementVerifier<'k> {
    Generic(&'k PublicKey),
    #[cfg(feature = "ecdsa")]
    Fast(super::fast_verify::P256Verifier),
}

impl<'k> StatementVerifier<'k> {
    fn new(key: &'k PublicKey, count: usize) -> Self {
        #[cfg(feature = "ecdsa")]
        if count >= super::fast_verify::MIN_BATCH
            && let Some(fast) = key
                .to_bytes()
                .and_then(|b| super::fast_verify::P256Verifier::new(&b))
        {
            return StatementVerifier::Fast(fast);
        }
        let _ = count;
        StatementVerifier::Generic(key)
    }

    fn verify(&self, message: &[u8], signature: &[u8]) -> bool {
        match self {
            StatementVerifier::Generic(key) => {
                key.verify(Algorithm::Es256, message, signature).is_ok()
            }
            #[cfg(feature = "ecdsa")]
            StatementVerifier::Fast(fast) => fast.verify(message, signature),
        }
    }
}

/// The canonical N-Quads of `document` with each canonical blank node label replaced
/// through `label_map`, sorted (VC-DI-ECDSA §3.4.11 labelReplacementCanonicalizeJsonLd).
fn relabelled_nquads(
    document: &Value,
    processor: &Processor,
    label_map: &BTreeMap<String, String>,
) -> Result<Vec<String>, String> {
    let mut quads = Dataset::new();
    processor
        .to_rdf_into(document, &super::group::jsonld_options(), &mut quads)
        .map_err(|e| e.to_string())?;
    let canonical = canon::canonicalize_dataset(&quads, &super::group::canon_options())
        .map_err(|e| e.to_string())?;
    // Compose the two maps (input label → canonical label → HMAC label) once, then share
    // the holder's relabelling.
    let mut direct = BTreeMap::new();
    for (input, c14n) in canonical.issued_map() {
        let hmac = label_map
            .get(&c14n)
            .ok_or_else(|| format!("the label map has no entry for _:{c14n}"))?;
        direct.insert(input, hmac.clone());
    }
    super::group::relabel_lines(&quads, &direct).map_err(|e| e.to_string())
}
