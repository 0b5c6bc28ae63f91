//! Adding a Data Integrity proof (VC-DI 1.0 §4.2, VC-DI-EdDSA / VC-DI-ECDSA "Create Proof").

use serde_json::{Map, Value};

use super::suite::Hash;
use super::verify::{config_members, unsecured_members};
use super::{Canonicalizer, ProofError, ProofOptions};
use crate::crypto::multibase::{self, Base};
use crate::crypto::{Algorithm, AsyncSigner, Signer};

/// Everything but the signature.
struct Prepared {
    document: Map<String, Value>,
    existing: Vec<Value>,
    proof: Map<String, Value>,
    hash_data: Vec<u8>,
}

/// The existing proofs of a document (none, one object, or an array of objects).
pub(super) fn existing_proofs(document: &Map<String, Value>) -> Result<Vec<Value>, ProofError> {
    match document.get("proof") {
        None => Ok(Vec::new()),
        Some(p @ Value::Object(_)) => Ok(vec![p.clone()]),
        Some(Value::Array(items)) if items.iter().all(Value::is_object) => Ok(items.clone()),
        Some(_) => Err(ProofError::ExistingProof),
    }
}

fn check_datetime(option: &'static str, value: Option<&str>) -> Result<(), ProofError> {
    match value {
        Some(text) if chrono::DateTime::parse_from_rfc3339(text).is_err() => {
            Err(ProofError::InvalidOption {
                option,
                reason: "not an RFC 3339 / XML Schema dateTime with a time zone",
            })
        }
        _ => Ok(()),
    }
}

fn put(map: &mut Map<String, Value>, name: &str, value: Option<&str>) {
    if let Some(value) = value {
        map.insert(name.to_owned(), Value::String(value.to_owned()));
    }
}

/// The VCDM 1.1 base context does not define `DataIntegrityProof` or `cryptosuite`: a
/// document that uses it and lacks the Data Integrity context gets
/// `https://w3id.org/security/data-integrity/v2` appended, as the W3C vc-di-eddsa and
/// vc-di-ecdsa suites' issuers do (VC Data Integrity §2.1.1). VCDM 2.0 defines both terms.
fn add_data_integrity_context(document: &mut Map<String, Value>) {
    const VC_V1: &str = "https://www.w3.org/2018/credentials/v1";
    const DI: [&str; 2] = [
        "https://w3id.org/security/data-integrity/v1",
        "https://w3id.org/security/data-integrity/v2",
    ];
    let Some(context) = document.get_mut("@context") else {
        return;
    };
    let urls: Vec<&str> = match &*context {
        Value::String(s) => vec![s.as_str()],
        Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
        _ => return,
    };
    if !urls.contains(&VC_V1) || urls.iter().any(|u| DI.contains(u)) {
        return;
    }
    let di = Value::String(DI[1].to_owned());
    match context {
        Value::Array(items) => items.push(di),
        other => *other = Value::Array(vec![other.take(), di]),
    }
}

fn prepare(
    document: &Value,
    options: &ProofOptions,
    key_id: &str,
    algorithm: Algorithm,
    canonicalizer: &dyn Canonicalizer,
) -> Result<Prepared, ProofError> {
    let suite = options.cryptosuite;
    if !suite.can_sign() {
        return Err(ProofError::VerifyOnly { cryptosuite: suite });
    }
    let key_type = algorithm.key_type();
    if !suite.accepts(key_type) || key_type.default_algorithm() != algorithm {
        return Err(ProofError::AlgorithmMismatch {
            cryptosuite: suite,
            algorithm,
        });
    }
    check_datetime("created", options.created.as_deref())?;
    check_datetime("expires", options.expires.as_deref())?;
    let mut owned = document.as_object().ok_or(ProofError::NotAnObject)?.clone();
    add_data_integrity_context(&mut owned);
    let document = &owned;
    let existing = existing_proofs(document)?;

    let mut proof = Map::new();
    let string = |s: &str| Value::String(s.to_owned());
    proof.insert("type".into(), string("DataIntegrityProof"));
    put(&mut proof, "id", options.id.as_deref());
    proof.insert("cryptosuite".into(), string(suite.name()));
    put(&mut proof, "created", options.created.as_deref());
    put(&mut proof, "expires", options.expires.as_deref());
    let method = options.verification_method.as_deref().unwrap_or(key_id);
    proof.insert("verificationMethod".into(), string(method));
    proof.insert(
        "proofPurpose".into(),
        string(options.proof_purpose.as_str()),
    );
    match options.previous_proof.as_slice() {
        [] => {}
        [one] => put(&mut proof, "previousProof", Some(one)),
        many => {
            let ids = many.iter().map(|id| string(id)).collect();
            proof.insert("previousProof".into(), Value::Array(ids));
        }
    }
    put(&mut proof, "challenge", options.challenge.as_deref());
    put(&mut proof, "domain", options.domain.as_deref());
    put(&mut proof, "nonce", options.nonce.as_deref());
    let context = document.get("@context");
    if suite.context_in_proof()
        && let Some(context) = context
    {
        proof.insert("@context".to_owned(), context.clone());
    }

    // The configuration that is hashed: the proof without its value, and the document's
    // @context for the suites whose proofs do not carry it.
    let config_context = if suite.context_in_proof() {
        None
    } else {
        context
    };
    let config = config_members(&proof, config_context);

    // The document that is hashed: without its proofs, except those this one chains to.
    let chained = if options.previous_proof.is_empty() {
        None
    } else {
        let mut matching = Vec::new();
        for id in &options.previous_proof {
            let found = existing
                .iter()
                .find(|p| p.get("id").and_then(Value::as_str) == Some(id.as_str()))
                .ok_or_else(|| ProofError::PreviousProofNotFound { id: id.clone() })?;
            matching.push(found.clone());
        }
        Some(Value::Array(matching))
    };
    let unsecured = unsecured_members(
        document.iter().map(|(name, value)| (name.as_str(), value)),
        context,
        chained.as_ref(),
    );

    let method = suite.canonicalization();
    let canonical_config = canonicalizer.canonicalize_object(method, key_type, &config)?;
    let canonical_document = canonicalizer.canonicalize_object(method, key_type, &unsecured)?;
    let hash = Hash::for_key(key_type);
    let mut hash_data = hash.digest(&canonical_config);
    hash_data.extend(hash.digest(&canonical_document));
    Ok(Prepared {
        document: owned,
        existing,
        proof,
        hash_data,
    })
}

fn finish(prepared: Prepared, signature: &[u8]) -> Value {
    let Prepared {
        mut document,
        mut existing,
        mut proof,
        ..
    } = prepared;
    proof.insert(
        "proofValue".to_owned(),
        Value::String(multibase::encode(Base::Base58Btc, signature)),
    );
    let proof = Value::Object(proof);
    let value = if existing.is_empty() {
        proof
    } else {
        existing.push(proof);
        Value::Array(existing)
    };
    document.insert("proof".to_owned(), value);
    Value::Object(document)
}

/// Signs `document` with a new `DataIntegrityProof` and returns the secured document.
///
/// The proof is added to any existing proofs (a proof set; `proof` becomes an array). With
/// [`ProofOptions::previous_proof`] the new proof also signs over the proofs it names (a
/// proof chain). The JCS suites copy the document's `@context` into the proof, as the W3C
/// algorithms do. Member order of the document is kept.
///
/// ```
/// # #[cfg(feature = "ed25519")] {
/// use openbadges::crypto::{KeyType, SecretKey};
/// use openbadges::proof::{self, Cryptosuite, JcsCanonicalizer, ProofOptions, VerifyOptions};
/// use openbadges::resolve::Resolver;
///
/// let signer = SecretKey::from_seed(KeyType::Ed25519, &[1; 32]).unwrap().into_did_key_signer();
/// let document = serde_json::json!({"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"]});
/// let options = ProofOptions::new(Cryptosuite::EddsaJcs2022).created("2024-01-01T00:00:00Z");
/// let signed = proof::add_proof(&document, &options, &signer, &JcsCanonicalizer).unwrap();
///
/// let outcome = proof::verify_proofs(&signed, &Resolver::offline(), &JcsCanonicalizer, &VerifyOptions::default());
/// assert!(outcome.is_valid());
/// # }
/// ```
///
/// # Errors
/// [`ProofError`] when the document is not an object, the signer's algorithm does not fit
/// the suite, an option is malformed, a `previousProof` is missing, canonicalization fails
/// (for example an RDFC suite without an RDFC canonicalizer) or the signer fails.
pub fn add_proof<S: Signer + ?Sized>(
    document: &Value,
    options: &ProofOptions,
    signer: &S,
    canonicalizer: &dyn Canonicalizer,
) -> Result<Value, ProofError> {
    let prepared = prepare(
        document,
        options,
        signer.key_id(),
        signer.algorithm(),
        canonicalizer,
    )?;
    let signature = signer.sign(&prepared.hash_data)?;
    Ok(finish(prepared, &signature))
}

/// [`add_proof`] with an [`AsyncSigner`] (a remote KMS, an HSM behind a queue).
///
/// # Errors
/// As [`add_proof`].
pub async fn add_proof_async<S: AsyncSigner + ?Sized>(
    document: &Value,
    options: &ProofOptions,
    signer: &S,
    canonicalizer: &(dyn Canonicalizer + Sync),
) -> Result<Value, ProofError> {
    let prepared = prepare(
        document,
        options,
        AsyncSigner::key_id(signer),
        AsyncSigner::algorithm(signer),
        canonicalizer,
    )?;
    let signature = AsyncSigner::sign(signer, &prepared.hash_data).await?;
    Ok(finish(prepared, &signature))
}
