//! Verifying Data Integrity proofs, proof sets and proof chains (VC-DI 1.0 §4.3–4.5).

use std::collections::{BTreeMap, VecDeque};
use std::sync::Mutex;

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use super::suite::Hash;
use super::{CanonicalizeError, Canonicalizer, Cryptosuite, MemberValue};
use crate::crypto::multibase::{self, Base};
use crate::document::{Document, NodeKind};
use crate::report::{Finding, JsonPath, Report};
use crate::resolve::{
    AsyncKeyResolver, KeyResolver, Relationship, ResolveError, VerificationMethod,
};

/// Largest accepted decoded `proofValue`, in bytes (Ed25519: 64, P-384: 96).
const MAX_PROOF_VALUE: usize = 512;

/// How far in the future a proof's `created` may be before it is reported
/// (`proof.created_future`, a warning): clocks of issuers and verifiers disagree by minutes.
pub const CREATED_IN_FUTURE_LEEWAY: chrono::TimeDelta = chrono::TimeDelta::minutes(5);

/// What the verifier expects of the proofs.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct VerifyOptions {
    /// The expected `proofPurpose` (default `assertionMethod`); the verification method
    /// must be authorized for it by its controller.
    pub purpose: Relationship,
    /// The current time, to check `expires`; `None` skips that check.
    pub now: Option<DateTime<Utc>>,
    /// Keep the intermediate values of each proof in its [`ProofCheck`] (for debugging):
    /// the canonical proof configuration and document, and the hash data. Off by default;
    /// when off they cost nothing.
    pub keep_intermediates: bool,
}

impl Default for VerifyOptions {
    fn default() -> Self {
        VerifyOptions {
            purpose: Relationship::AssertionMethod,
            now: None,
            keep_intermediates: false,
        }
    }
}

impl VerifyOptions {
    /// Options expecting `purpose`.
    #[must_use]
    pub fn purpose(mut self, purpose: Relationship) -> Self {
        self.purpose = purpose;
        self
    }

    /// Options checking `expires` against `now`.
    #[must_use]
    pub fn now(mut self, now: DateTime<Utc>) -> Self {
        self.now = Some(now);
        self
    }

    /// Options keeping intermediate values.
    #[must_use]
    pub fn keep_intermediates(mut self, keep: bool) -> Self {
        self.keep_intermediates = keep;
        self
    }
}

/// The outcome of one proof.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct ProofCheck {
    /// Where the proof is (`$.proof` or `$.proof[i]`).
    pub path: JsonPath,
    /// The cryptosuite, when known.
    pub cryptosuite: Option<Cryptosuite>,
    /// The resolved verification method (its controller is to be compared with the issuer).
    pub method: Option<VerificationMethod>,
    /// What is wrong; empty when the proof verifies.
    pub findings: Vec<Finding>,
    /// `H(config) || H(document)`, when [`VerifyOptions::keep_intermediates`] is set.
    pub hash_data: Option<Vec<u8>>,
    /// The canonical proof configuration (canonical N-Quads for the RDFC suites, RFC 8785
    /// JSON for the JCS suites), when [`VerifyOptions::keep_intermediates`] is set.
    pub canonical_config: Option<String>,
    /// The canonical unsecured document (without its proofs, with the proofs this one
    /// chains to), when [`VerifyOptions::keep_intermediates`] is set.
    pub canonical_document: Option<String>,
}

impl ProofCheck {
    /// Whether the proof verified: no error among its findings (a warning such as
    /// `proof.created_future` leaves it valid).
    pub fn is_valid(&self) -> bool {
        !self
            .findings
            .iter()
            .any(|f| f.severity == crate::report::Severity::Error)
    }
}

/// The outcome of every proof of a document.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct ProofOutcome {
    /// One check per proof, in document order.
    pub checks: Vec<ProofCheck>,
    /// Findings about the document as a whole (`proof.missing`).
    pub findings: Vec<Finding>,
}

impl ProofOutcome {
    /// Whether there is at least one proof and every proof verified.
    pub fn is_valid(&self) -> bool {
        self.findings.is_empty()
            && !self.checks.is_empty()
            && self.checks.iter().all(ProofCheck::is_valid)
    }

    /// All findings as a [`Report`].
    pub fn report(&self) -> Report {
        let mut report = Report::new();
        report.extend(self.findings.iter().cloned());
        for check in &self.checks {
            report.extend(check.findings.iter().cloned());
        }
        report
    }
}

fn context_list(value: Option<&Value>) -> Vec<&Value> {
    match value {
        None => Vec::new(),
        Some(Value::Array(items)) => items.iter().collect(),
        Some(other) => vec![other],
    }
}

/// Verifies every proof of `document` (a proof set), each over the document without its
/// proofs plus, for a proof with `previousProof`, the proofs it chains to.
///
/// Never fails: each problem is a [`Finding`] with a stable code:
/// `proof.missing` (no proof), `proof.malformed` (a member missing or of the wrong type),
/// `proof.unsupported` (another proof type or cryptosuite, or a canonicalization the
/// canonicalizer lacks: the proof could not be checked), `proof.purpose` (not the expected
/// purpose), `proof.expired`, `proof.context` (the proof's `@context` is not a prefix of
/// the document's), `proof.previous` (a `previousProof` names no proof), `proof.value`
/// (`proofValue` not base58btc), `proof.method` (the verification method did not resolve),
/// `proof.relationship` (the method is not authorized for the purpose), `proof.algorithm`
/// (the key type does not fit the suite), `proof.canonicalization` (the document could not
/// be canonicalized), `proof.signature` (the signature does not verify).
pub fn verify_proofs(
    document: &Value,
    resolver: &dyn KeyResolver,
    canonicalizer: &dyn Canonicalizer,
    options: &VerifyOptions,
) -> ProofOutcome {
    let Some(map) = document.as_object() else {
        return not_an_object();
    };
    let members: Vec<(&str, MemberValue<'_>)> = map
        .iter()
        .map(|(name, value)| (name.as_str(), MemberValue::Value(value)))
        .collect();
    verify_members(&members, resolver, canonicalizer, options)
}

/// [`verify_proofs`] of a parsed [`Document`], reading it through its tree: only the
/// (small) proofs and `@context` are turned into [`Value`]s, and a canonicalizer that
/// writes RFC 8785 from the tree ([`Canonicalizer::canonicalize_members`]) never needs the
/// document's [`Value`]. Same checks, same findings.
///
/// ```
/// # #[cfg(feature = "ed25519")] {
/// use openbadges::Document;
/// use openbadges::crypto::{KeyType, SecretKey};
/// use openbadges::proof::{self, Cryptosuite, JcsCanonicalizer, ProofOptions, VerifyOptions};
/// use openbadges::resolve::Resolver;
///
/// let signer = SecretKey::from_seed(KeyType::Ed25519, &[1; 32]).unwrap().into_did_key_signer();
/// let document = serde_json::json!({"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"]});
/// let options = ProofOptions::new(Cryptosuite::EddsaJcs2022);
/// let signed = proof::add_proof(&document, &options, &signer, &JcsCanonicalizer).unwrap();
/// let received = Document::from_str(&serde_json::to_string_pretty(&signed).unwrap()).unwrap();
/// let outcome = proof::verify_document_proofs(
///     &received,
///     &Resolver::offline(),
///     &JcsCanonicalizer,
///     &VerifyOptions::default(),
/// );
/// assert!(outcome.is_valid());
/// # }
/// ```
pub fn verify_document_proofs(
    document: &Document,
    resolver: &dyn KeyResolver,
    canonicalizer: &dyn Canonicalizer,
    options: &VerifyOptions,
) -> ProofOutcome {
    let root = document.root();
    if root.kind() != NodeKind::Object {
        return not_an_object();
    }
    let members: Vec<(&str, MemberValue<'_>)> = root
        .members()
        .map(|(name, node)| (name, MemberValue::Node(node)))
        .collect();
    verify_members(&members, resolver, canonicalizer, options)
}

fn not_an_object() -> ProofOutcome {
    let mut outcome = ProofOutcome::default();
    outcome.findings.push(Finding::error(
        "proof.malformed",
        JsonPath::root(),
        "the document is not a JSON object",
    ));
    outcome
}

fn member<'a>(members: &[(&str, MemberValue<'a>)], name: &str) -> Option<MemberValue<'a>> {
    members.iter().find(|(n, _)| *n == name).map(|(_, m)| *m)
}

/// The verify core of [`verify_proofs`] and [`verify_document_proofs`]: the document is
/// its members, in document order.
fn verify_members(
    document: &[(&str, MemberValue<'_>)],
    resolver: &dyn KeyResolver,
    canonicalizer: &dyn Canonicalizer,
    options: &VerifyOptions,
) -> ProofOutcome {
    let mut outcome = ProofOutcome::default();
    let Some(proof_member) = member(document, "proof").map(MemberValue::to_cow) else {
        outcome.findings.push(Finding::error(
            "proof.missing",
            JsonPath::root(),
            "the document has no proof",
        ));
        return outcome;
    };
    let proofs: Vec<(&Value, JsonPath)> = match &*proof_member {
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, p)| (p, JsonPath::root().key("proof").index(i)))
            .collect(),
        p => vec![(p, JsonPath::root().key("proof"))],
    };
    if proofs.is_empty() {
        outcome.findings.push(Finding::error(
            "proof.missing",
            JsonPath::root().key("proof"),
            "the proof array is empty",
        ));
    }
    let context = member(document, "@context").map(MemberValue::to_cow);
    let all: Vec<&Value> = proofs.iter().map(|(p, _)| *p).collect();
    for (proof, path) in &proofs {
        outcome.checks.push(check_one(
            document,
            context.as_deref(),
            &all,
            proof,
            path.clone(),
            resolver,
            canonicalizer,
            options,
        ));
    }
    outcome
}

/// [`verify_proofs`] with an [`AsyncKeyResolver`]: each proof's verification method is
/// resolved first (awaiting the resolver, in document order, one resolution per proof as
/// [`verify_proofs`] makes), then the proofs are checked as [`verify_proofs`] does, with
/// the same findings.
///
/// Every [`KeyResolver`] is an [`AsyncKeyResolver`], so this also takes the offline
/// [`Resolver`](crate::resolve::Resolver).
///
/// ```
/// # #[cfg(feature = "ed25519")] {
/// use openbadges::crypto::{KeyType, SecretKey};
/// use openbadges::proof::{self, Cryptosuite, JcsCanonicalizer, ProofOptions, VerifyOptions};
/// use openbadges::resolve::Resolver;
///
/// let signer = SecretKey::from_seed(KeyType::Ed25519, &[1; 32]).unwrap().into_did_key_signer();
/// let document = serde_json::json!({"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"]});
/// let options = ProofOptions::new(Cryptosuite::EddsaJcs2022);
/// let signed = proof::add_proof(&document, &options, &signer, &JcsCanonicalizer).unwrap();
/// let outcome = futures::executor::block_on(proof::verify_proofs_async(
///     &signed,
///     &Resolver::offline(),
///     &JcsCanonicalizer,
///     &VerifyOptions::default(),
/// ));
/// assert!(outcome.is_valid());
/// # }
/// ```
pub async fn verify_proofs_async<R: AsyncKeyResolver + Sync + ?Sized>(
    document: &Value,
    resolver: &R,
    canonicalizer: &(dyn Canonicalizer + Sync),
    options: &VerifyOptions,
) -> ProofOutcome {
    let ids: Vec<&str> = match document.get("proof") {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|p| p.get("verificationMethod").and_then(Value::as_str))
            .collect(),
        Some(p) => p
            .get("verificationMethod")
            .and_then(Value::as_str)
            .into_iter()
            .collect(),
        None => Vec::new(),
    };
    let mut resolved: BTreeMap<String, VecDeque<Result<VerificationMethod, ResolveError>>> =
        BTreeMap::new();
    for id in ids {
        let result = AsyncKeyResolver::resolve(resolver, id).await;
        resolved.entry(id.to_owned()).or_default().push_back(result);
    }
    let prefetched = Prefetched(Mutex::new(resolved));
    verify_proofs(document, &prefetched, canonicalizer, options)
}

/// Resolutions made ahead of a synchronous verification, handed out in order per id.
struct Prefetched(Mutex<BTreeMap<String, VecDeque<Result<VerificationMethod, ResolveError>>>>);

impl KeyResolver for Prefetched {
    fn resolve(&self, id: &str) -> Result<VerificationMethod, ResolveError> {
        self.0
            .lock()
            .ok()
            .and_then(|mut map| map.get_mut(id).and_then(VecDeque::pop_front))
            .unwrap_or_else(|| {
                Err(ResolveError::NotFound {
                    id: id.to_owned(),
                    document: None,
                })
            })
    }
}

#[allow(clippy::too_many_arguments)]
fn check_one(
    document: &[(&str, MemberValue<'_>)],
    document_context_value: Option<&Value>,
    all: &[&Value],
    proof: &Value,
    path: JsonPath,
    resolver: &dyn KeyResolver,
    canonicalizer: &dyn Canonicalizer,
    options: &VerifyOptions,
) -> ProofCheck {
    let mut check = ProofCheck {
        path: path.clone(),
        cryptosuite: None,
        method: None,
        findings: Vec::new(),
        hash_data: None,
        canonical_config: None,
        canonical_document: None,
    };
    let error =
        |code: &'static str, at: JsonPath, message: String| Finding::error(code, at, message);
    let Some(proof) = proof.as_object() else {
        check.findings.push(error(
            "proof.malformed",
            path,
            "the proof is not an object".into(),
        ));
        return check;
    };
    let text = |name: &str| proof.get(name).and_then(Value::as_str);
    // Required members.
    let mut missing = false;
    for name in [
        "type",
        "cryptosuite",
        "verificationMethod",
        "proofPurpose",
        "proofValue",
    ] {
        match proof.get(name) {
            Some(Value::String(_)) => {}
            Some(_) => {
                check.findings.push(error(
                    "proof.malformed",
                    path.clone().key(name),
                    format!("`{name}` must be a string"),
                ));
                missing = true;
            }
            None if name == "cryptosuite" && text("type") != Some("DataIntegrityProof") => {}
            None => {
                check.findings.push(error(
                    "proof.malformed",
                    path.clone().key(name),
                    format!("`{name}` is required"),
                ));
                missing = true;
            }
        }
    }
    let proof_type = text("type").unwrap_or_default();
    if proof.contains_key("type") {
        check.cryptosuite = Cryptosuite::from_proof(proof_type, text("cryptosuite"));
        if check.cryptosuite.is_none() {
            let (at, message) = match text("cryptosuite") {
                Some(name) if proof_type == "DataIntegrityProof" => (
                    path.clone().key("cryptosuite"),
                    format!("cryptosuite `{name}` is not supported"),
                ),
                _ => (
                    path.clone().key("type"),
                    format!(
                        "proof type `{proof_type}` is not supported (expected DataIntegrityProof or Ed25519Signature2020)"
                    ),
                ),
            };
            check.findings.push(error("proof.unsupported", at, message));
            return check;
        }
    }
    if let Some(purpose) = text("proofPurpose")
        && purpose != options.purpose.as_str()
    {
        check.findings.push(error(
            "proof.purpose",
            path.clone().key("proofPurpose"),
            format!(
                "proof purpose is `{purpose}`, expected `{}`",
                options.purpose
            ),
        ));
    }
    for name in ["created", "expires"] {
        match proof.get(name) {
            None => {}
            Some(Value::String(s)) => match DateTime::parse_from_rfc3339(s) {
                Err(_) => check.findings.push(error(
                    "proof.malformed",
                    path.clone().key(name),
                    format!("`{name}` is not a dateTime with a time zone"),
                )),
                Ok(t) if name == "expires" && options.now.is_some_and(|now| now > t) => {
                    check.findings.push(error(
                        "proof.expired",
                        path.clone().key(name),
                        format!("the proof expired at {s}"),
                    ))
                }
                Ok(t)
                    if name == "created"
                        && options
                            .now
                            .is_some_and(|now| t > now + CREATED_IN_FUTURE_LEEWAY) =>
                {
                    check.findings.push(Finding::warning(
                        "proof.created_future",
                        path.clone().key(name),
                        format!(
                            "the proof claims to be created at {s}, after the verification time \
                             (more than {} minutes of clock skew)",
                            CREATED_IN_FUTURE_LEEWAY.num_minutes()
                        ),
                    ))
                }
                Ok(_) => {}
            },
            Some(_) => check.findings.push(error(
                "proof.malformed",
                path.clone().key(name),
                format!("`{name}` must be a string"),
            )),
        }
    }
    let signature = match text("proofValue")
        .map(|v| multibase::decode_base(v, Base::Base58Btc, MAX_PROOF_VALUE))
    {
        Some(Ok(bytes)) => Some(bytes),
        Some(Err(e)) => {
            check.findings.push(error(
                "proof.value",
                path.clone().key("proofValue"),
                format!("proofValue is not base58btc multibase: {e}"),
            ));
            None
        }
        None => None,
    };

    // The unsecured document (without its proofs, with the proofs this one chains to) and
    // the proof configuration (the proof without its value), as views over the document:
    // nothing is cloned unless the canonicalizer needs an owned value.
    let previous: Vec<&str> = match proof.get("previousProof") {
        None => Vec::new(),
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(items)) if items.iter().all(Value::is_string) => {
            items.iter().filter_map(Value::as_str).collect()
        }
        Some(_) => {
            check.findings.push(error(
                "proof.malformed",
                path.clone().key("previousProof"),
                "`previousProof` must be a string or an array of strings".into(),
            ));
            Vec::new()
        }
    };
    let chained = if previous.is_empty() {
        None
    } else {
        let mut matching = Vec::new();
        for id in previous {
            match all
                .iter()
                .find(|p| p.get("id").and_then(Value::as_str) == Some(id))
            {
                Some(p) => matching.push((*p).clone()),
                None => check.findings.push(error(
                    "proof.previous",
                    path.clone().key("previousProof"),
                    format!("previousProof `{id}` matches no proof of the document"),
                )),
            }
        }
        Some(Value::Array(matching))
    };

    let Some(suite) = check.cryptosuite else {
        return check;
    };
    let mut document_context = document_context_value;
    let mut config_context = None;
    if suite.context_in_proof() {
        if let Some(proof_context) = proof.get("@context") {
            let theirs = context_list(Some(proof_context));
            let ours = context_list(document_context_value);
            if !ours.starts_with(&theirs) {
                check.findings.push(error(
                    "proof.context",
                    path.clone().key("@context"),
                    "the proof's @context is not a prefix of the document's @context".into(),
                ));
                return check;
            }
            document_context = Some(proof_context);
        }
    } else {
        config_context = document_context_value;
    }
    let unsecured = unsecured_members(
        document.iter().copied(),
        document_context.map(MemberValue::Value),
        chained.as_ref().map(MemberValue::Value),
    );
    let config = config_members(proof, config_context);

    // The verification method.
    let method_id = text("verificationMethod");
    if let Some(id) = method_id {
        match resolver.resolve(id) {
            Ok(method) => {
                if !method.is_authorized_for(options.purpose) {
                    check.findings.push(error(
                        "proof.relationship",
                        path.clone().key("verificationMethod"),
                        format!(
                            "verification method `{id}` is not authorized for {} by its controller `{}`",
                            options.purpose, method.controller
                        ),
                    ));
                }
                if !suite.accepts(method.public_key.key_type()) {
                    check.findings.push(error(
                        "proof.algorithm",
                        path.clone().key("verificationMethod"),
                        format!(
                            "cryptosuite {suite} does not use {} keys",
                            method.public_key.key_type()
                        ),
                    ));
                }
                check.method = Some(method);
            }
            Err(e) => check.findings.push(error(
                e.code_or("proof.method"),
                path.clone().key("verificationMethod"),
                format!("verification method did not resolve: {e}"),
            )),
        }
    }
    let Some(method) = check.method.as_ref() else {
        return check;
    };
    if missing || !suite.accepts(method.public_key.key_type()) {
        return check;
    }

    // Canonicalize, hash, verify.
    let key_type = method.public_key.key_type();
    let canonicalization = suite.canonicalization();
    let (canonical_config, canonical_document) = match (
        canonicalizer.canonicalize_object(canonicalization, key_type, &config),
        canonicalizer.canonicalize_members(canonicalization, key_type, &unsecured),
    ) {
        (Ok(c), Ok(d)) => (c, d),
        (Err(e), _) | (_, Err(e)) => {
            let code = match e {
                CanonicalizeError::Unsupported { .. } => "proof.unsupported",
                _ => "proof.canonicalization",
            };
            check
                .findings
                .push(error(code, path, format!("cannot verify {suite}: {e}")));
            return check;
        }
    };
    let hash = Hash::for_key(key_type);
    let mut hash_data = hash.digest(&canonical_config);
    hash_data.extend(hash.digest(&canonical_document));
    if let Some(signature) = signature
        && let Err(e) =
            method
                .public_key
                .verify(key_type.default_algorithm(), &hash_data, &signature)
    {
        check.findings.push(error(
            "proof.signature",
            path.key("proofValue"),
            format!("{e}"),
        ));
    }
    if options.keep_intermediates {
        check.hash_data = Some(hash_data);
        check.canonical_config = Some(String::from_utf8_lossy(&canonical_config).into_owned());
        check.canonical_document = Some(String::from_utf8_lossy(&canonical_document).into_owned());
    }
    check
}

/// The members of the unsecured document, in document order: every member but `proof`,
/// `@context` replaced by `context` (the JCS suites take the proof's own), and the chained
/// proofs as `proof` at the end.
pub(super) fn unsecured_members<'a, M: Copy>(
    document: impl IntoIterator<Item = (&'a str, M)>,
    context: Option<M>,
    chained: Option<M>,
) -> Vec<(&'a str, M)> {
    let document = document.into_iter();
    let mut members = Vec::with_capacity(document.size_hint().0 + 1);
    let mut has_context = false;
    for (name, value) in document {
        match name {
            "proof" => {}
            "@context" => {
                has_context = true;
                if let Some(context) = context {
                    members.push(("@context", context));
                }
            }
            other => members.push((other, value)),
        }
    }
    if let Some(context) = context
        && !has_context
    {
        members.push(("@context", context));
    }
    if let Some(chained) = chained {
        members.push(("proof", chained));
    }
    members
}

/// The members of the proof configuration, in proof order: every member but
/// `proofValue`, then `context` as `@context` when the proof has none of its own.
pub(super) fn config_members<'a>(
    proof: &'a Map<String, Value>,
    context: Option<&'a Value>,
) -> Vec<(&'a str, &'a Value)> {
    let mut members: Vec<(&str, &Value)> = Vec::with_capacity(proof.len() + 1);
    let mut has_context = false;
    for (name, value) in proof {
        match name.as_str() {
            "proofValue" => {}
            "@context" => {
                has_context = true;
                members.push(("@context", context.unwrap_or(value)));
            }
            other => members.push((other, value)),
        }
    }
    if !has_context && let Some(context) = context {
        members.push(("@context", context));
    }
    members
}
