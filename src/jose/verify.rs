//! Verifying JWT-secured credentials: header policy, key resolution and issuer binding,
//! signature, claims.

use std::str::FromStr as _;

use chrono::{DateTime, Duration, Utc};
use serde_json::{Map, Value};

use super::claims::{self, ClaimContext};
use super::codes;
use super::compact::{CompactJws, JwsLimits};
use super::issue::JwtForm;
use crate::crypto::{Algorithm, KeyError, PublicKey, SignatureError};
use crate::document::Document;
use crate::report::{Finding, JsonPath, Report};
use crate::resolve::{KeyResolver, Relationship, VerificationMethod};

/// What to do with a `jwk` header when the issuer is not a DID.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum JwkPolicy {
    /// OB 3.0 §8.2.4.1: a `jwk` header may carry the issuer's key. For an issuer that is a
    /// DID the key must be one of the DID's `assertionMethod` keys (always checked); for an
    /// `https` issuer nothing binds the key to the issuer, so it is accepted with an info
    /// finding `jwt.jwk_self_asserted` and trust in the issuer must come from elsewhere
    /// (a registry, a pinned key). The default.
    #[default]
    AllowSelfAsserted,
    /// Refuse a `jwk` header that cannot be bound to the issuer (`jwt.jwk_not_issuer_key`).
    RequireBinding,
}

/// What the verifier accepts.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct JwtVerifyOptions {
    /// The verification instant; `None` reads the system clock at each call.
    pub now: Option<DateTime<Utc>>,
    /// Clock skew tolerated on `nbf` and `exp` (default 0).
    pub leeway: Duration,
    /// The accepted algorithms (default EdDSA, ES256, ES384, ES512, RS256). `none` and HMAC
    /// algorithms are never accepted: they are not [`Algorithm`]s.
    pub algorithms: Vec<Algorithm>,
    /// The expected form; `None` accepts any, detected from `typ` and the payload.
    pub form: Option<JwtForm>,
    /// Size and depth limits of the token.
    pub limits: JwsLimits,
    /// The `jwk` header policy.
    pub jwk_policy: JwkPolicy,
}

impl Default for JwtVerifyOptions {
    fn default() -> Self {
        JwtVerifyOptions {
            now: None,
            leeway: Duration::zero(),
            algorithms: vec![
                Algorithm::EdDsa,
                Algorithm::Es256,
                Algorithm::Es384,
                Algorithm::Es512,
                Algorithm::Rs256,
            ],
            form: None,
            limits: JwsLimits::default(),
            jwk_policy: JwkPolicy::default(),
        }
    }
}

impl JwtVerifyOptions {
    /// These options at a fixed instant.
    #[must_use]
    pub fn now(mut self, now: DateTime<Utc>) -> Self {
        self.now = Some(now);
        self
    }

    /// These options with a clock-skew leeway.
    #[must_use]
    pub fn leeway(mut self, leeway: Duration) -> Self {
        self.leeway = leeway;
        self
    }

    /// These options with another algorithm allow-list.
    #[must_use]
    pub fn algorithms(mut self, algorithms: impl IntoIterator<Item = Algorithm>) -> Self {
        self.algorithms = algorithms.into_iter().collect();
        self
    }

    /// These options expecting `form`.
    #[must_use]
    pub fn form(mut self, form: JwtForm) -> Self {
        self.form = Some(form);
        self
    }

    /// These options with other limits.
    #[must_use]
    pub fn limits(mut self, limits: JwsLimits) -> Self {
        self.limits = limits;
        self
    }

    /// These options with another `jwk` policy.
    #[must_use]
    pub fn jwk_policy(mut self, policy: JwkPolicy) -> Self {
        self.jwk_policy = policy;
        self
    }
}

/// The outcome of [`verify_jwt`]: the findings and whatever could be decoded.
///
/// `report.is_valid()` is the verdict of the JWT layer (form, algorithm, key binding,
/// signature, claims and their time window). The credential's other checks (schema, status,
/// validity dates, endorsements) run on [`credential`](Self::credential).
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct JwtVerification {
    /// The findings. Paths point into the token seen as `{"header": …, "payload": …}`.
    pub report: Report,
    /// The detected form.
    pub form: Option<JwtForm>,
    /// The algorithm named by `alg`, when it is one this crate knows.
    pub algorithm: Option<Algorithm>,
    /// The protected header, exactly as received.
    pub header: Option<Document>,
    /// The payload, exactly as received.
    pub payload: Option<Document>,
    /// The credential: the payload itself (OB 3.0 VC-JWT, including its JWT claims; `vc+jwt`)
    /// or its `vc` claim (VCDM 1.1).
    pub credential: Option<Document>,
    /// The key that verified (or was to verify) the signature.
    pub method: Option<VerificationMethod>,
}

impl JwtVerification {
    fn error(&mut self, code: &'static str, path: JsonPath, message: impl Into<String>) {
        self.report.push(Finding::error(code, path, message));
    }
}

fn header_path(member: &str) -> JsonPath {
    JsonPath::root().key("header").key(member)
}

/// Verifies a compact JWS carrying a credential: any of the [`JwtForm`]s.
///
/// Every check runs and reports (stable codes in [`codes`](super::codes)); none stops the
/// others except a token that cannot be decoded at all (`jwt.malformed`).
///
/// Key rules: a `kid` is resolved with `resolver` (a relative `#fragment` against the
/// issuer id); the method's controller must be the issuer and authorize it for
/// `assertionMethod`. A `jwk` header (without `kid`) must be, for a `did:key` / `did:jwk`
/// issuer, the DID's key; for another DID issuer a `kid` is needed to find the key; for an
/// `https` issuer see [`JwkPolicy`]. With both `kid` and `jwk`, they must be the same key.
/// The algorithm must be allowed and fit the key type.
pub fn verify_jwt(
    token: &str,
    resolver: &dyn KeyResolver,
    options: &JwtVerifyOptions,
) -> JwtVerification {
    let mut out = JwtVerification::default();
    let jws = match CompactJws::decode(token, &options.limits) {
        Ok(jws) => jws,
        Err(e) => {
            out.error(codes::MALFORMED, JsonPath::root(), e.to_string());
            return out;
        }
    };
    out.header = Some(jws.header().clone());
    out.payload = Some(jws.payload().clone());
    let empty = Map::new();
    let header = jws.header().value().as_object().unwrap_or(&empty);
    let payload = jws.payload().value().as_object().unwrap_or(&empty);

    let algorithm = check_alg(header, options, &mut out);
    check_crit(header, &mut out);
    let form = detect_form(header, payload, options, &mut out);
    out.form = Some(form);

    let credential = match form {
        JwtForm::Vcdm11 => match payload.get("vc") {
            Some(vc @ Value::Object(_)) => Some(Document::from_value(vc.clone())),
            _ => {
                out.error(
                    codes::MALFORMED,
                    JsonPath::root().key("payload").key("vc"),
                    "the \"vc\" claim is not a credential object",
                );
                None
            }
        },
        JwtForm::Ob3 | JwtForm::VcJose => Some(jws.payload().clone()),
    };
    if form == JwtForm::VcJose {
        for claim in ["vc", "vp"] {
            if payload.contains_key(claim) {
                out.error(
                    codes::CLAIM_FORBIDDEN,
                    JsonPath::root().key("payload").key(claim),
                    format!(
                        "a vc+jwt payload must not have the \"{claim}\" claim (VC-JOSE-COSE §3.1.1)"
                    ),
                );
            }
        }
    }
    let credential_map = credential
        .as_ref()
        .and_then(|d| d.value().as_object().cloned())
        .unwrap_or_default();
    // VCDM 1.1 lets the `iss` claim stand for the credential's `issuer` (§6.3.1).
    let issuer = claims::issuer_id(&credential_map)
        .or_else(|| match form {
            JwtForm::Vcdm11 => payload.get("iss").and_then(Value::as_str),
            _ => None,
        })
        .map(str::to_owned);
    if credential.is_some() && issuer.is_none() {
        out.error(
            codes::CLAIM_MISSING,
            JsonPath::root().key("payload").key("issuer"),
            "the credential has no issuer id (a string issuer or issuer.id)",
        );
    }

    let key = resolve_key(header, issuer.as_deref(), resolver, options, &mut out);
    if let (Some(algorithm), Some(key)) = (algorithm, key) {
        match key.verify(algorithm, jws.signing_input(), jws.signature()) {
            Ok(()) => {}
            Err(
                e @ (SignatureError::KeyMismatch { .. } | SignatureError::FeatureDisabled { .. }),
            ) => out.error(codes::ALG_REFUSED, header_path("alg"), e.to_string()),
            Err(e) => out.error(codes::SIGNATURE, JsonPath::root(), e.to_string()),
        }
    }

    let now = options.now.unwrap_or_else(Utc::now);
    let mut findings = Vec::new();
    claims::check(
        &ClaimContext {
            form,
            payload,
            credential: &credential_map,
            now,
            leeway_seconds: options.leeway.num_seconds(),
        },
        &mut findings,
    );
    out.report.extend(findings);
    out.credential = credential;
    out
}

fn check_alg(
    header: &Map<String, Value>,
    options: &JwtVerifyOptions,
    out: &mut JwtVerification,
) -> Option<Algorithm> {
    let name = match header.get("alg") {
        Some(Value::String(name)) => name,
        Some(_) => {
            out.error(
                codes::MALFORMED,
                header_path("alg"),
                "\"alg\" is not a string",
            );
            return None;
        }
        None => {
            out.error(
                codes::MALFORMED,
                header_path("alg"),
                "the header has no \"alg\"",
            );
            return None;
        }
    };
    if name.eq_ignore_ascii_case("none") {
        out.error(
            codes::ALG_REFUSED,
            header_path("alg"),
            "\"alg\": \"none\" (an unsecured JWT) is never accepted",
        );
        return None;
    }
    if name.starts_with("HS") {
        out.error(
            codes::ALG_REFUSED,
            header_path("alg"),
            format!("\"{name}\" is an HMAC (shared-secret) algorithm; credentials need a public-key signature"),
        );
        return None;
    }
    match Algorithm::from_str(name) {
        Ok(alg) if options.algorithms.contains(&alg) => {
            out.algorithm = Some(alg);
            Some(alg)
        }
        Ok(alg) => {
            out.algorithm = Some(alg);
            out.error(
                codes::ALG_REFUSED,
                header_path("alg"),
                format!("\"{name}\" is not in the accepted algorithms"),
            );
            None
        }
        Err(e) => {
            out.error(codes::ALG_REFUSED, header_path("alg"), e.to_string());
            None
        }
    }
}

/// Registered header parameters that `crit` may not list (RFC 7515 §4.1.11).
const REGISTERED: [&str; 11] = [
    "alg", "jku", "jwk", "kid", "x5u", "x5c", "x5t", "x5t#S256", "typ", "cty", "crit",
];

fn check_crit(header: &Map<String, Value>, out: &mut JwtVerification) {
    if let Some(crit) = header.get("crit") {
        let names: Option<Vec<&str>> = crit
            .as_array()
            .filter(|a| !a.is_empty())
            .and_then(|a| a.iter().map(Value::as_str).collect());
        match names {
            None => out.error(
                codes::MALFORMED,
                header_path("crit"),
                "\"crit\" must be a non-empty array of header names",
            ),
            Some(names) => {
                for name in names {
                    let why = if REGISTERED.contains(&name) {
                        "is a registered header parameter, which crit may not list"
                    } else if !header.contains_key(name) {
                        "is not in the header"
                    } else {
                        "is an extension this verifier does not understand"
                    };
                    out.error(
                        codes::CRIT_UNSUPPORTED,
                        header_path("crit"),
                        format!("critical header \"{name}\" {why}"),
                    );
                }
            }
        }
    }
    // RFC 7797 unencoded payloads change what is signed; refused unless understood.
    if header.get("b64").is_some_and(|b| b != &Value::Bool(true)) {
        out.error(
            codes::CRIT_UNSUPPORTED,
            header_path("b64"),
            "unencoded payloads (\"b64\": false, RFC 7797) are not supported",
        );
    }
}

/// The media type of `typ` / `cty` without an `application/` prefix, lowercased.
fn media_type(value: &str) -> String {
    let lower = value.to_ascii_lowercase();
    lower
        .strip_prefix("application/")
        .map(str::to_owned)
        .unwrap_or(lower)
}

fn detect_form(
    header: &Map<String, Value>,
    payload: &Map<String, Value>,
    options: &JwtVerifyOptions,
    out: &mut JwtVerification,
) -> JwtForm {
    let claims_form = if payload.get("vc").is_some_and(Value::is_object) {
        JwtForm::Vcdm11
    } else {
        JwtForm::Ob3
    };
    let typ = match header.get("typ") {
        None => None,
        Some(Value::String(t)) => Some(media_type(t)),
        Some(_) => {
            out.error(
                codes::MALFORMED,
                header_path("typ"),
                "\"typ\" is not a string",
            );
            None
        }
    };
    let form = match typ.as_deref() {
        Some("vc+jwt") => JwtForm::VcJose,
        Some("jwt") => claims_form,
        Some(other) => {
            out.error(
                codes::TYP,
                header_path("typ"),
                format!("\"typ\" \"{other}\" is neither JWT (OB 3.0 VC-JWT) nor vc+jwt"),
            );
            options.form.unwrap_or(claims_form)
        }
        // OB 3.0's JOSE header table makes `typ` optional ("If present, MUST be set to
        // JWT"): its absence is accepted, a wrong value is not.
        None => options.form.unwrap_or(claims_form),
    };
    if let Some(expected) = options.form
        && expected != form
    {
        out.error(
            codes::TYP,
            header_path("typ"),
            format!(
                "expected a {} token, found a {}",
                expected.name(),
                form.name()
            ),
        );
    }
    if form == JwtForm::VcJose
        && let Some(cty) = header.get("cty")
    {
        let ok = cty.as_str().is_some_and(|c| media_type(c) == "vc");
        if !ok {
            out.error(
                codes::TYP,
                header_path("cty"),
                format!("\"cty\" {cty} is not \"vc\" (VC-JOSE-COSE §3.1.1)"),
            );
        }
    }
    form
}

fn resolve_key(
    header: &Map<String, Value>,
    issuer: Option<&str>,
    resolver: &dyn KeyResolver,
    options: &JwtVerifyOptions,
    out: &mut JwtVerification,
) -> Option<PublicKey> {
    let kid = match header.get("kid") {
        None => None,
        Some(Value::String(k)) if !k.is_empty() => Some(match (k.strip_prefix('#'), issuer) {
            (Some(_), Some(issuer)) => format!("{issuer}{k}"),
            _ => k.clone(),
        }),
        Some(_) => {
            out.error(
                codes::MALFORMED,
                header_path("kid"),
                "\"kid\" is not a non-empty string",
            );
            return None;
        }
    };
    let jwk = match header.get("jwk") {
        None => None,
        Some(value) => match PublicKey::from_jwk(value) {
            Ok(key) => Some(key),
            Err(e @ KeyError::JwkPrivateMember { .. }) => {
                out.error(codes::JWK_PRIVATE, header_path("jwk"), e.to_string());
                return None;
            }
            Err(e) => {
                out.error(codes::MALFORMED, header_path("jwk"), e.to_string());
                return None;
            }
        },
    };
    match (kid, jwk) {
        (Some(kid), jwk) => {
            let method = match resolver.resolve(&kid) {
                Ok(m) => m,
                Err(e) => {
                    out.error(
                        e.code_or(codes::KID_UNRESOLVED),
                        header_path("kid"),
                        format!("\"kid\" {kid} did not resolve: {e}"),
                    );
                    return None;
                }
            };
            if let Some(jwk) = jwk
                && jwk != method.public_key
            {
                out.error(
                    codes::JWK_NOT_ISSUER_KEY,
                    header_path("jwk"),
                    format!("the \"jwk\" header is not the key of \"kid\" {kid}"),
                );
            }
            bind(&method, issuer, out);
            let key = method.public_key.clone();
            out.method = Some(method);
            Some(key)
        }
        (None, Some(jwk)) => {
            jwk_binding(&jwk, issuer, resolver, options, out);
            Some(jwk)
        }
        (None, None) => {
            out.error(
                codes::KID_UNRESOLVED,
                JsonPath::root().key("header"),
                "the header has neither \"kid\" nor \"jwk\": no key to verify with",
            );
            None
        }
    }
}

/// The method of a key resolved by `kid` must belong to the issuer, for assertions.
fn bind(method: &VerificationMethod, issuer: Option<&str>, out: &mut JwtVerification) {
    if let Some(issuer) = issuer
        && method.controller != issuer
    {
        out.error(
            codes::KEY_NOT_ISSUER,
            header_path("kid"),
            format!(
                "key {} is controlled by {}, not by the issuer {issuer}",
                method.id, method.controller
            ),
        );
    }
    if !method.is_authorized_for(Relationship::AssertionMethod) {
        out.error(
            codes::KEY_PURPOSE,
            header_path("kid"),
            format!("key {} is not authorized for assertionMethod", method.id),
        );
    }
}

fn jwk_binding(
    jwk: &PublicKey,
    issuer: Option<&str>,
    resolver: &dyn KeyResolver,
    options: &JwtVerifyOptions,
    out: &mut JwtVerification,
) {
    let Some(issuer) = issuer else {
        return;
    };
    if let Some(rest) = issuer.strip_prefix("did:") {
        let method_id = match rest.split_once(':') {
            Some(("key", specific)) => Some(format!("{issuer}#{specific}")),
            Some(("jwk", _)) => Some(format!("{issuer}#0")),
            _ => None,
        };
        let Some(method_id) = method_id else {
            out.error(
                codes::JWK_NOT_ISSUER_KEY,
                header_path("jwk"),
                format!("the issuer {issuer}'s keys cannot be listed without a \"kid\"; add the kid of its assertionMethod key"),
            );
            return;
        };
        match resolver.resolve(&method_id) {
            Ok(method) if method.public_key == *jwk => {
                bind(&method, Some(issuer), out);
                out.method = Some(method);
            }
            Ok(_) => out.error(
                codes::JWK_NOT_ISSUER_KEY,
                header_path("jwk"),
                format!("the \"jwk\" header is not the key of the issuer {issuer}"),
            ),
            Err(e) => out.error(
                e.code_or(codes::KID_UNRESOLVED),
                header_path("jwk"),
                format!("the issuer {issuer} did not resolve: {e}"),
            ),
        }
        return;
    }
    match options.jwk_policy {
        JwkPolicy::AllowSelfAsserted => out.report.push(Finding::info(
            codes::JWK_SELF_ASSERTED,
            header_path("jwk"),
            format!("the \"jwk\" header is not bound to the issuer {issuer} (OB 3.0 §8.2.4.1 accepts it); trust in the key must come from elsewhere"),
        )),
        JwkPolicy::RequireBinding => out.error(
            codes::JWK_NOT_ISSUER_KEY,
            header_path("jwk"),
            format!("the \"jwk\" header cannot be bound to the issuer {issuer}"),
        ),
    }
}
