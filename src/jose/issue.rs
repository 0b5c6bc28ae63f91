//! Issuing credentials as JWTs: OB 3.0 VC-JWT, VCDM 1.1 `vc` claim, VC-JOSE-COSE `vc+jwt`.

use chrono::DateTime;
use serde_json::{Map, Value};

use super::compact::{sign_compact, sign_compact_async};
use super::error::IssueJwtError;
use crate::crypto::{AsyncSigner, PublicKey, Signer};

/// The shape of a JWT-secured credential.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum JwtForm {
    /// Open Badges 3.0 §8.2 VC-JWT: `typ` `JWT`; the payload is the credential itself with
    /// the registered claims `iss`, `jti`, `sub`, `nbf`, `exp` added, each equal to the
    /// credential member it mirrors.
    Ob3,
    /// VCDM 1.1 JWT (VC Data Model 1.1 §6.3.1): `typ` `JWT`; the credential is under the
    /// `vc` claim beside `iss`, `jti`, `sub`, `nbf`, `exp`.
    Vcdm11,
    /// W3C VC-JOSE-COSE `application/vc+jwt`: `typ` `vc+jwt`; the payload is the credential
    /// and nothing else is added (the claims `vc` and `vp` are forbidden).
    VcJose,
}

impl JwtForm {
    /// The `typ` header this form is issued with (`JWT` or `vc+jwt`).
    pub fn typ(self) -> &'static str {
        match self {
            JwtForm::Ob3 | JwtForm::Vcdm11 => "JWT",
            JwtForm::VcJose => "vc+jwt",
        }
    }

    /// A short name: `ob3-vc-jwt`, `vcdm11-jwt`, `vc+jwt`.
    pub fn name(self) -> &'static str {
        match self {
            JwtForm::Ob3 => "ob3-vc-jwt",
            JwtForm::Vcdm11 => "vcdm11-jwt",
            JwtForm::VcJose => "vc+jwt",
        }
    }
}

/// How a credential is issued as a JWT.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct JwtIssueOptions {
    /// The form (default [`JwtForm::Ob3`]).
    pub form: JwtForm,
    /// The `typ` header; `None` uses the form's ([`JwtForm::typ`]).
    pub typ: Option<String>,
    /// The `kid` header; `None` uses the signer's [`key_id`](Signer::key_id); an empty
    /// string leaves `kid` out (then set [`jwk`](Self::jwk)).
    pub kid: Option<String>,
    /// A public key to put in the `jwk` header (OB 3.0 §8.2.3 allows it for issuers whose
    /// keys are not otherwise resolvable).
    pub jwk: Option<PublicKey>,
    /// Add `nbf` / `exp` from `validFrom` (or `issuanceDate`) / `validUntil` (or
    /// `expirationDate`) in the JWT forms that carry claims (default true).
    pub time_claims: bool,
    /// Extra protected header members (`cty`, ...); they may not replace `alg`, `typ`,
    /// `kid`, `jwk` or `crit`.
    pub extra_header: Map<String, Value>,
}

impl Default for JwtIssueOptions {
    fn default() -> Self {
        JwtIssueOptions::new(JwtForm::Ob3)
    }
}

impl JwtIssueOptions {
    /// Options for `form` with the defaults (signer's `kid`, time claims on; `cty` `vc` for
    /// [`JwtForm::VcJose`]).
    pub fn new(form: JwtForm) -> Self {
        let mut extra_header = Map::new();
        if form == JwtForm::VcJose {
            extra_header.insert("cty".into(), "vc".into());
        }
        JwtIssueOptions {
            form,
            typ: None,
            kid: None,
            jwk: None,
            time_claims: true,
            extra_header,
        }
    }

    /// These options with another `kid` (empty: no `kid`).
    #[must_use]
    pub fn kid(mut self, kid: impl Into<String>) -> Self {
        self.kid = Some(kid.into());
        self
    }

    /// These options with another `typ`.
    #[must_use]
    pub fn typ(mut self, typ: impl Into<String>) -> Self {
        self.typ = Some(typ.into());
        self
    }

    /// These options embedding `key` as the `jwk` header.
    #[must_use]
    pub fn jwk(mut self, key: PublicKey) -> Self {
        self.jwk = Some(key);
        self
    }

    /// These options with or without `nbf` / `exp`.
    #[must_use]
    pub fn time_claims(mut self, on: bool) -> Self {
        self.time_claims = on;
        self
    }
}

const RESERVED_HEADER: [&str; 5] = ["alg", "typ", "kid", "jwk", "crit"];

/// Issues `credential` as a compact JWS signed by `signer`.
///
/// Ed25519 signatures are deterministic, so EdDSA issuing is reproducible byte for byte.
///
/// ```
/// # #[cfg(feature = "ed25519")] {
/// use openbadges::crypto::{KeyType, SecretKey};
/// use openbadges::jose::{self, JwtForm, JwtIssueOptions, JwtVerifyOptions};
/// use openbadges::resolve::Resolver;
/// use serde_json::json;
///
/// let signer = SecretKey::from_seed(KeyType::Ed25519, &[9; 32])?.into_did_key_signer();
/// let issuer = signer.key_id().split('#').next().unwrap().to_owned();
/// # use openbadges::crypto::Signer as _;
/// let credential = json!({
///     "@context": ["https://www.w3.org/ns/credentials/v2"],
///     "id": "urn:uuid:1", "type": ["VerifiableCredential"], "issuer": issuer,
///     "validFrom": "2024-01-15T09:00:00Z",
///     "credentialSubject": {"id": "did:example:learner"}
/// });
/// let jwt = jose::issue_jwt(&credential, &signer, &JwtIssueOptions::new(JwtForm::Ob3))?;
/// let verified = jose::verify_jwt(&jwt, &Resolver::offline(), &JwtVerifyOptions::default());
/// assert!(verified.report.is_valid(), "{:?}", verified.report);
/// assert_eq!(verified.credential.unwrap().value()["id"], "urn:uuid:1");
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`IssueJwtError`] when the credential is not an object, lacks an issuer id (for the forms
/// with claims), has a date that is not RFC 3339, already carries a conflicting claim, an
/// extra header member is reserved, or the signer fails.
pub fn issue_jwt<S: Signer + ?Sized>(
    credential: &Value,
    signer: &S,
    options: &JwtIssueOptions,
) -> Result<String, IssueJwtError> {
    let (header, payload) = prepare(credential, signer.key_id(), options)?;
    Ok(sign_compact(&header, &payload, signer)?)
}

/// [`issue_jwt`] with an [`AsyncSigner`].
///
/// # Errors
/// As [`issue_jwt`].
pub async fn issue_jwt_async<S: AsyncSigner + ?Sized>(
    credential: &Value,
    signer: &S,
    options: &JwtIssueOptions,
) -> Result<String, IssueJwtError> {
    let (header, payload) = prepare(credential, AsyncSigner::key_id(signer), options)?;
    Ok(sign_compact_async(&header, &payload, signer).await?)
}

fn prepare(
    credential: &Value,
    signer_kid: &str,
    options: &JwtIssueOptions,
) -> Result<(Map<String, Value>, Vec<u8>), IssueJwtError> {
    let map = credential.as_object().ok_or(IssueJwtError::NotObject)?;
    let mut header = Map::new();
    header.insert(
        "typ".into(),
        options
            .typ
            .clone()
            .unwrap_or_else(|| options.form.typ().to_owned())
            .into(),
    );
    let kid = options.kid.as_deref().unwrap_or(signer_kid);
    if !kid.is_empty() {
        header.insert("kid".into(), kid.into());
    }
    if let Some(key) = &options.jwk {
        header.insert("jwk".into(), key.to_jwk());
    }
    for (k, v) in &options.extra_header {
        if RESERVED_HEADER.contains(&k.as_str()) {
            return Err(IssueJwtError::ReservedHeader { member: k.clone() });
        }
        header.insert(k.clone(), v.clone());
    }
    let payload = match options.form {
        JwtForm::VcJose => {
            for claim in ["vc", "vp"] {
                if map.contains_key(claim) {
                    return Err(IssueJwtError::ClaimPresent { claim });
                }
            }
            credential.clone()
        }
        JwtForm::Ob3 => {
            let mut payload = map.clone();
            for (claim, value) in claims(map, options.time_claims)? {
                match payload.get(claim) {
                    Some(existing) if *existing != value => {
                        return Err(IssueJwtError::ClaimPresent { claim });
                    }
                    _ => {
                        payload.insert(claim.into(), value);
                    }
                }
            }
            Value::Object(payload)
        }
        JwtForm::Vcdm11 => {
            let mut payload = Map::new();
            for (claim, value) in claims(map, options.time_claims)? {
                payload.insert(claim.into(), value);
            }
            payload.insert("vc".into(), credential.clone());
            Value::Object(payload)
        }
    };
    // A JSON value always serializes.
    let payload = serde_json::to_vec(&payload).unwrap_or_default();
    Ok((header, payload))
}

/// The registered claims mirroring the credential: `iss`, `jti`, `sub`, `nbf`, `exp`.
fn claims(
    map: &Map<String, Value>,
    time_claims: bool,
) -> Result<Vec<(&'static str, Value)>, IssueJwtError> {
    let mut out = Vec::new();
    let iss = super::claims::issuer_id(map).ok_or(IssueJwtError::Member {
        member: "issuer",
        reason: "must be a string or an object with a string id",
    })?;
    out.push(("iss", Value::from(iss)));
    if let Some(id) = map.get("id") {
        let id = id.as_str().ok_or(IssueJwtError::Member {
            member: "id",
            reason: "is not a string",
        })?;
        out.push(("jti", Value::from(id)));
    }
    if let Some(sub) = super::claims::subject_ids(map).first() {
        out.push(("sub", Value::from(*sub)));
    }
    if time_claims {
        for (claim, members) in [
            ("nbf", ["validFrom", "issuanceDate"]),
            ("exp", ["validUntil", "expirationDate"]),
        ] {
            if let Some((member, value)) = members.iter().find_map(|m| map.get(*m).map(|v| (*m, v)))
            {
                let text = value.as_str().ok_or(IssueJwtError::Member {
                    member,
                    reason: "is not a string",
                })?;
                let date = DateTime::parse_from_rfc3339(text).map_err(|_| IssueJwtError::Date {
                    member,
                    value: text.to_owned(),
                })?;
                out.push((claim, Value::from(date.timestamp())));
            }
        }
    }
    Ok(out)
}
