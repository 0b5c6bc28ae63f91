//! Issuing an SD-JWT: selectively disclosable claims marked by JSON pointers.

use std::collections::BTreeSet;

use rand_core::{OsRng, RngCore};
use serde_json::{Map, Value};

use super::disclosure::{Disclosure, ELLIPSIS, SD, SD_ALG, pointer_of, pointer_segments};
use super::{SdJwtError, TYP_DC};
use crate::crypto::{PublicKey, Signer};
use crate::jose::{base64url, sign_compact};

/// Where disclosure salts (and decoy digests) come from.
///
/// The default, [`OsSalts`], draws 128 bits from the operating system's RNG for each salt,
/// as SD-JWT §9.3 asks. Tests inject a deterministic source.
pub trait SaltSource {
    /// Fills `out` with fresh random bytes.
    fn fill(&mut self, out: &mut [u8]);
}

/// Salts from the operating system's RNG (`OsRng`).
#[derive(Clone, Copy, Debug, Default)]
pub struct OsSalts;

impl SaltSource for OsSalts {
    fn fill(&mut self, out: &mut [u8]) {
        OsRng.fill_bytes(out);
    }
}

impl<F: FnMut(&mut [u8])> SaltSource for F {
    fn fill(&mut self, out: &mut [u8]) {
        self(out);
    }
}

/// How an SD-JWT is issued.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct SdJwtIssueOptions {
    /// The `typ` header: `dc+sd-jwt` (SD-JWT VC, the default) or `vc+sd-jwt`.
    pub typ: String,
    /// Decoy digests added to each object that has selectively disclosable members
    /// (SD-JWT §4.2.5), hiding how many claims it has. Default 0.
    pub decoys: usize,
    /// The holder's public key, written as `cnf.jwk` so the holder can add a KB-JWT.
    pub holder_key: Option<PublicKey>,
    /// More header parameters (`kid` overrides the signer's key id; `alg` is always the
    /// signer's).
    pub header: Map<String, Value>,
}

impl Default for SdJwtIssueOptions {
    fn default() -> Self {
        SdJwtIssueOptions {
            typ: TYP_DC.to_owned(),
            decoys: 0,
            holder_key: None,
            header: Map::new(),
        }
    }
}

impl SdJwtIssueOptions {
    /// These options with another `typ`.
    #[must_use]
    pub fn typ(mut self, typ: impl Into<String>) -> Self {
        self.typ = typ.into();
        self
    }

    /// These options with `count` decoy digests per object with disclosable members.
    #[must_use]
    pub fn decoys(mut self, count: usize) -> Self {
        self.decoys = count;
        self
    }

    /// These options binding the SD-JWT to the holder's key (`cnf.jwk`).
    #[must_use]
    pub fn holder_key(mut self, key: PublicKey) -> Self {
        self.holder_key = Some(key);
        self
    }

    /// These options with one more header parameter.
    #[must_use]
    pub fn header(mut self, name: impl Into<String>, value: Value) -> Self {
        self.header.insert(name.into(), value);
        self
    }
}

/// Issues an SD-JWT of `claims`, the members and array elements named by the JSON
/// pointers `disclosable` made selectively disclosable, with salts from [`OsSalts`].
///
/// Returns `<issuer-signed JWT>~<disclosure>~…~` (every disclosure; the holder picks
/// from them with [`SdJwt::present`](super::SdJwt::present)). Nested pointers work: the
/// inner claim becomes a disclosure inside its parent's disclosure. `_sd_alg` is
/// `sha-256`; each `_sd` array is sorted, so the order of the claims is not revealed.
///
/// ```
/// # #[cfg(feature = "ed25519")] {
/// use openbadges::crypto::{KeyType, SecretKey};
/// use openbadges::jose::sd_jwt::{self, SdJwt, SdJwtIssueOptions};
/// use serde_json::json;
///
/// let issuer = SecretKey::from_seed(KeyType::Ed25519, &[1; 32])?.into_did_key_signer();
/// let claims = json!({"vct": "https://example.edu/badge", "name": "Teamwork", "score": 9});
/// let issued = sd_jwt::issue_sd_jwt(&claims, &["/name", "/score"], &issuer, &SdJwtIssueOptions::default())?;
/// let presented = SdJwt::parse(&issued)?.present(&["/name"])?;
/// assert_eq!(presented.matches('~').count(), 2); // one disclosure, no KB-JWT
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`SdJwtError::ClaimsNotObject`], [`SdJwtError::Pointer`] for a pointer that is
/// malformed, the root, or names no claim, [`SdJwtError::ReservedName`] when the claims
/// use `_sd`, `...` or `_sd_alg`, [`SdJwtError::Sign`] when the signer fails.
pub fn issue_sd_jwt<S: Signer + ?Sized>(
    claims: &Value,
    disclosable: &[&str],
    signer: &S,
    options: &SdJwtIssueOptions,
) -> Result<String, SdJwtError> {
    issue_sd_jwt_with_salts(claims, disclosable, signer, options, &mut OsSalts)
}

/// [`issue_sd_jwt`] with salts (and decoys) from `salts`.
///
/// # Errors
/// As [`issue_sd_jwt`].
pub fn issue_sd_jwt_with_salts<S: Signer + ?Sized>(
    claims: &Value,
    disclosable: &[&str],
    signer: &S,
    options: &SdJwtIssueOptions,
    salts: &mut dyn SaltSource,
) -> Result<String, SdJwtError> {
    let Value::Object(map) = claims else {
        return Err(SdJwtError::ClaimsNotObject);
    };
    let mut marked = BTreeSet::new();
    for pointer in disclosable {
        let segments = pointer_segments(pointer)?;
        if segments.is_empty() {
            return Err(SdJwtError::Pointer {
                pointer: (*pointer).to_owned(),
                reason: "the whole claim set cannot be selectively disclosable",
            });
        }
        if !resolves(claims, &segments) {
            return Err(SdJwtError::Pointer {
                pointer: (*pointer).to_owned(),
                reason: "names no claim",
            });
        }
        marked.insert(segments);
    }
    let mut builder = Builder {
        marked: &marked,
        salts,
        decoys: options.decoys,
        disclosures: Vec::new(),
    };
    let mut path = Vec::new();
    let mut payload = builder.object(map, &mut path)?;
    if let Some(key) = &options.holder_key {
        let mut cnf = Map::new();
        cnf.insert("jwk".into(), key.to_jwk());
        payload.insert("cnf".into(), Value::Object(cnf));
    }
    payload.insert(SD_ALG.into(), "sha-256".into());

    let mut header = Map::new();
    header.insert("typ".into(), options.typ.clone().into());
    header.insert("kid".into(), signer.key_id().into());
    for (k, v) in &options.header {
        header.insert(k.clone(), v.clone());
    }
    // A map of JSON values always serializes.
    let payload = serde_json::to_vec(&payload).unwrap_or_default();
    let jwt = sign_compact(&header, &payload, signer)?;
    let mut out = jwt;
    out.push('~');
    for d in &builder.disclosures {
        out.push_str(&d.encoded);
        out.push('~');
    }
    Ok(out)
}

fn resolves(value: &Value, segments: &[String]) -> bool {
    let mut current = value;
    for s in segments {
        current = match current {
            Value::Object(m) => match m.get(s) {
                Some(v) => v,
                None => return false,
            },
            Value::Array(a) => match s.parse::<usize>().ok().and_then(|i| a.get(i)) {
                Some(v) if !(s.starts_with('0') && s.len() > 1) => v,
                _ => return false,
            },
            _ => return false,
        };
    }
    true
}

struct Builder<'a> {
    marked: &'a BTreeSet<Vec<String>>,
    salts: &'a mut dyn SaltSource,
    decoys: usize,
    disclosures: Vec<Disclosure>,
}

impl Builder<'_> {
    fn salt(&mut self) -> String {
        let mut bytes = [0u8; 16];
        self.salts.fill(&mut bytes);
        base64url::encode(&bytes)
    }

    fn value(&mut self, value: &Value, path: &mut Vec<String>) -> Result<Value, SdJwtError> {
        Ok(match value {
            Value::Object(map) => Value::Object(self.object(map, path)?),
            Value::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    path.push(i.to_string());
                    let inner = self.value(item, path)?;
                    if self.marked.contains(path.as_slice()) {
                        let salt = self.salt();
                        let d = Disclosure::new(salt, None, inner);
                        let mut placeholder = Map::new();
                        placeholder.insert(ELLIPSIS.into(), d.digest.clone().into());
                        self.disclosures.push(d);
                        out.push(Value::Object(placeholder));
                    } else {
                        out.push(inner);
                    }
                    path.pop();
                }
                Value::Array(out)
            }
            other => other.clone(),
        })
    }

    fn object(
        &mut self,
        map: &Map<String, Value>,
        path: &mut Vec<String>,
    ) -> Result<Map<String, Value>, SdJwtError> {
        let mut out = Map::new();
        let mut digests = Vec::new();
        for (k, v) in map {
            if k == SD || k == ELLIPSIS || (k == SD_ALG && path.is_empty()) {
                return Err(SdJwtError::ReservedName {
                    name: k.clone(),
                    pointer: pointer_of(path),
                });
            }
            path.push(k.clone());
            let inner = self.value(v, path)?;
            if self.marked.contains(path.as_slice()) {
                let salt = self.salt();
                let d = Disclosure::new(salt, Some(k.clone()), inner);
                digests.push(d.digest.clone());
                self.disclosures.push(d);
            } else {
                out.insert(k.clone(), inner);
            }
            path.pop();
        }
        if !digests.is_empty() {
            for _ in 0..self.decoys {
                let mut bytes = [0u8; 32];
                self.salts.fill(&mut bytes);
                digests.push(base64url::encode(&bytes));
            }
            digests.sort();
            out.insert(
                SD.into(),
                Value::Array(digests.into_iter().map(Value::String).collect()),
            );
        }
        Ok(out)
    }
}
