//! Deriving a selective disclosure from an ecdsa-sd-2023 base proof (VC-DI-ECDSA §3.5.6
//! createDisclosureData, §3.5.7 serializeDerivedProofValue), the holder's side.

use std::collections::BTreeMap;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Map, Value};

use super::SdError;
use super::derived::DerivedProofValue;
use super::group::{canon_options, canonicalize_and_group};
use super::hmac::HmacKey;
use super::proof_value::{BASE_HEADER, BaseProofValue, DERIVED_HEADER};
use super::select::select_json_ld;
use crate::proof::RdfcCanonicalizer;
use crate::rdf::canon;

/// The index arithmetic of a disclosure (VC-DI-ECDSA §3.5.6 steps 8–11).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct DisclosureIndexes {
    /// The positions of the mandatory statements among the revealed ones (the derived
    /// proof's `mandatoryIndexes`).
    pub mandatory_indexes: Vec<usize>,
    /// The positions, among the non-mandatory statements (and so among the base proof's
    /// signatures), of the selectively revealed statements: the signatures to keep.
    pub signature_indexes: Vec<usize>,
}

/// Computes the derived proof's indexes from absolute statement indexes (each list
/// ascending): `mandatory` (the mandatory group's matches), `selective` (the selective
/// group's), `combined` (the revealed statements) and `non_mandatory` (the mandatory
/// group's non-matches). A selective statement that is also mandatory keeps no signature.
pub fn disclosure_indexes(
    mandatory: &[usize],
    selective: &[usize],
    combined: &[usize],
    non_mandatory: &[usize],
) -> DisclosureIndexes {
    DisclosureIndexes {
        mandatory_indexes: mandatory
            .iter()
            .filter_map(|i| combined.binary_search(i).ok())
            .collect(),
        signature_indexes: selective
            .iter()
            .filter_map(|i| non_mandatory.binary_search(i).ok())
            .collect(),
    }
}

/// Finds the ecdsa-sd-2023 proof of `credential`: its position (for arrays) and value.
fn sd_proof(
    credential: &Map<String, Value>,
) -> Result<(Option<usize>, &Map<String, Value>), SdError> {
    let is_sd =
        |p: &Value| p.get("cryptosuite").and_then(Value::as_str) == Some(super::CRYPTOSUITE);
    match credential.get("proof") {
        None => Err(SdError::NoBaseProof {
            reason: "it has no proof",
        }),
        Some(Value::Array(items)) => items
            .iter()
            .position(is_sd)
            .and_then(|i| items[i].as_object().map(|m| (Some(i), m)))
            .ok_or(SdError::NoBaseProof {
                reason: "none of its proofs is ecdsa-sd-2023",
            }),
        Some(p @ Value::Object(m)) if is_sd(p) => Ok((None, m)),
        Some(_) => Err(SdError::NoBaseProof {
            reason: "its proof is not ecdsa-sd-2023 (it signs the whole credential)",
        }),
    }
}

/// Reads the base proof value of an ecdsa-sd-2023 proof.
fn base_value(proof: &Map<String, Value>) -> Result<BaseProofValue, SdError> {
    let bad = |reason| SdError::ProofValue { reason };
    let text = proof
        .get("proofValue")
        .and_then(Value::as_str)
        .ok_or(bad("no proofValue string"))?;
    let bytes = text
        .strip_prefix('u')
        .and_then(|b| URL_SAFE_NO_PAD.decode(b).ok())
        .ok_or(bad("not multibase base64url (\"u…\")"))?;
    if bytes.starts_with(&DERIVED_HEADER) {
        return Err(SdError::NoBaseProof {
            reason: "its proof is already a derived proof (derive from the issuer's base proof)",
        });
    }
    let rest = bytes
        .strip_prefix(&BASE_HEADER)
        .ok_or(bad("the header is not 0xd95d00"))?;
    BaseProofValue::from_cbor(rest)
}

/// Derives a selective disclosure of `credential` (which carries an ecdsa-sd-2023 base
/// proof) with the bundled contexts ([`RdfcCanonicalizer::new`]): the reveal document holds
/// the `@context`, the root `id` and `type`, the issuer's mandatory statements and the
/// statements at `reveal` (JSON pointers: any iterator of strings), and a derived proof
/// that verifiers check ([`verify_derived`](super::verify_derived)). Values not revealed
/// are absent from the output. [`derive_with`] takes another canonicalizer (for example
/// one whose loader knows private contexts).
///
/// ```
/// use openbadges::crypto::{KeyType, SecretKey, Signer as _};
/// use openbadges::sd::{self, BaseProofOptions};
/// use serde_json::json;
///
/// let issuer = SecretKey::generate(KeyType::P256)?.into_did_key_signer();
/// let credential = json!({
///     "@context": ["https://www.w3.org/ns/credentials/v2"],
///     "type": ["VerifiableCredential"],
///     "issuer": issuer.controller(),
///     "credentialSubject": {"id": "did:example:learner", "name": "Ada", "description": "x"}
/// });
/// let base = sd::add_base_proof(&credential, &issuer, &BaseProofOptions::new(["/issuer"]))?;
/// let shown = sd::derive(&base, ["/credentialSubject/name"])?;
/// assert_eq!(shown["credentialSubject"]["name"], "Ada");
/// assert!(shown["credentialSubject"].get("description").is_none());
/// assert!(shown["proof"]["proofValue"].as_str().unwrap().starts_with("u2V0B"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`SdError::NoBaseProof`] when the credential has no ecdsa-sd-2023 base proof;
/// [`SdError::ProofValue`] / [`SdError::Cbor`] for a malformed one; [`SdError::Pointer`]
/// for a pointer naming nothing; [`SdError::StatementCount`] when the credential no
/// longer matches its base proof; [`SdError::Option`] when nothing at all would be
/// revealed; [`SdError::Skolemize`], [`SdError::JsonLd`], [`SdError::Canon`] when the
/// document cannot be processed.
pub fn derive<I>(credential: &Value, reveal: I) -> Result<Value, SdError>
where
    I: IntoIterator,
    I::Item: AsRef<str>,
{
    derive_with(credential, reveal, &RdfcCanonicalizer::new())
}

/// [`derive()`] with a given canonicalizer (its JSON-LD processor, context loader and RDFC-1.0
/// limits).
///
/// # Errors
/// As [`derive()`].
pub fn derive_with<I>(
    credential: &Value,
    reveal: I,
    canonicalizer: &RdfcCanonicalizer,
) -> Result<Value, SdError>
where
    I: IntoIterator,
    I::Item: AsRef<str>,
{
    let reveal: Vec<String> = reveal.into_iter().map(|p| p.as_ref().to_owned()).collect();
    let reveal = reveal.as_slice();
    let map = credential.as_object().ok_or(SdError::NotObject)?;
    let (_, proof) = sd_proof(map)?;
    let base = base_value(proof)?;
    let mut unsecured = map.clone();
    unsecured.remove("proof");
    let unsecured = Value::Object(unsecured);

    let mandatory = &base.mandatory_pointers;
    let combined: Vec<String> = mandatory.iter().chain(reveal).cloned().collect();
    if combined.is_empty() {
        return Err(SdError::Option {
            option: "reveal",
            reason: "the base proof has no mandatory pointers and none were given to reveal",
        });
    }
    let hmac = HmacKey::new(&base.hmac_key);
    let (grouped, _) = canonicalize_and_group(
        canonicalizer.processor(),
        &unsecured,
        &hmac,
        &[mandatory.as_slice(), reveal, combined.as_slice()],
    )?;
    let [mandatory_group, selective_group, combined_group] = grouped.groups.as_slice() else {
        return Err(SdError::Skolemize {
            reason: "grouping produced the wrong number of groups",
        });
    };
    let non_mandatory = mandatory_group.non_matching(grouped.nquads.len());
    if non_mandatory.len() != base.signatures.len() {
        return Err(SdError::StatementCount {
            signatures: base.signatures.len(),
            statements: non_mandatory.len(),
        });
    }
    let indexes = disclosure_indexes(
        &mandatory_group.matching,
        &selective_group.matching,
        &combined_group.matching,
        &non_mandatory,
    );
    let signatures = indexes
        .signature_indexes
        .iter()
        .map(|&i| base.signatures[i].clone())
        .collect();

    // The verifier's label map: canonical labels of the revealed statements → HMAC labels.
    let canonical = canon::canonicalize_dataset(&combined_group.deskolemized, &canon_options())?;
    let mut label_map = BTreeMap::new();
    for (input, c14n) in canonical.issued() {
        let hmac_label = grouped.label_map.get(input).ok_or(SdError::Skolemize {
            reason: "a revealed blank node is not in the document's label map",
        })?;
        label_map.insert(c14n, hmac_label.clone());
    }
    let value = DerivedProofValue::new(
        base.base_signature.clone(),
        base.public_key.clone(),
        signatures,
        label_map,
        indexes.mandatory_indexes,
    );

    let mut out = match select_json_ld(&unsecured, &combined)? {
        Some(Value::Object(m)) => m,
        _ => return Err(SdError::NotObject),
    };
    let mut derived_proof = proof.clone();
    derived_proof.insert("proofValue".into(), value.to_multibase()?.into());
    out.insert("proof".into(), Value::Object(derived_proof));
    Ok(Value::Object(out))
}
