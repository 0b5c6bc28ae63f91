//! Verifying an SD-JWT (SD-JWT §7, SD-JWT VC §3): issuer signature, disclosures, time
//! claims, key binding.

use std::collections::BTreeMap;
use std::str::FromStr as _;

use chrono::{DateTime, Duration, Utc};
use serde_json::{Map, Value};

use super::disclosure::{self, Disclosure, Problem, SD_ALG};
use super::holder::split;
use super::{SdJwtLimits, TYP_DC, TYP_KB, TYP_VC, codes};
use crate::crypto::{Algorithm, PublicKey, SignatureError};
use crate::document::Document;
use crate::jose::CompactJws;
use crate::report::{Finding, JsonPath, Report};
use crate::resolve::{KeyResolver, Relationship, VerificationMethod};

/// What the SD-JWT verifier expects.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct SdJwtVerifyOptions {
    /// The verification instant; `None` reads the system clock.
    pub now: Option<DateTime<Utc>>,
    /// Clock skew tolerated on `exp`, `nbf` and the KB-JWT `iat` (default 0).
    pub leeway: Duration,
    /// Accepted signature algorithms (default EdDSA, ES256, ES384, RS256).
    pub algorithms: Vec<Algorithm>,
    /// Accepted `typ` values of the issuer-signed JWT (default `dc+sd-jwt`, `vc+sd-jwt`);
    /// empty accepts any (plain SD-JWT).
    pub typ: Vec<String>,
    /// The nonce the KB-JWT must carry. When set, a KB-JWT is required.
    pub nonce: Option<String>,
    /// The audience the KB-JWT must name. When set, a KB-JWT is required.
    pub audience: Option<String>,
    /// Require a KB-JWT even without an expected nonce or audience.
    pub require_key_binding: bool,
    /// The oldest KB-JWT `iat` accepted, relative to now (default 5 minutes); `None`
    /// accepts any age.
    pub max_key_binding_age: Option<Duration>,
    /// The issuer's key, given out of band (for issuers whose `kid` is not resolvable).
    /// When set, the resolver is not consulted.
    pub issuer_key: Option<PublicKey>,
    /// Size limits.
    pub limits: SdJwtLimits,
}

impl Default for SdJwtVerifyOptions {
    fn default() -> Self {
        SdJwtVerifyOptions {
            now: None,
            leeway: Duration::zero(),
            algorithms: vec![
                Algorithm::EdDsa,
                Algorithm::Es256,
                Algorithm::Es384,
                Algorithm::Rs256,
            ],
            typ: vec![TYP_DC.to_owned(), TYP_VC.to_owned()],
            nonce: None,
            audience: None,
            require_key_binding: false,
            max_key_binding_age: Some(Duration::minutes(5)),
            issuer_key: None,
            limits: SdJwtLimits::default(),
        }
    }
}

impl SdJwtVerifyOptions {
    /// These options at a fixed instant.
    #[must_use]
    pub fn now(mut self, now: DateTime<Utc>) -> Self {
        self.now = Some(now);
        self
    }

    /// These options expecting a KB-JWT with `nonce` and `audience`.
    #[must_use]
    pub fn key_binding(mut self, nonce: impl Into<String>, audience: impl Into<String>) -> Self {
        self.nonce = Some(nonce.into());
        self.audience = Some(audience.into());
        self
    }

    /// These options with the issuer's key given out of band.
    #[must_use]
    pub fn issuer_key(mut self, key: PublicKey) -> Self {
        self.issuer_key = Some(key);
        self
    }

    /// These options accepting any `typ` (a plain SD-JWT, not an SD-JWT VC).
    #[must_use]
    pub fn any_typ(mut self) -> Self {
        self.typ.clear();
        self
    }

    /// These options with another KB-JWT age limit.
    #[must_use]
    pub fn max_key_binding_age(mut self, age: Option<Duration>) -> Self {
        self.max_key_binding_age = age;
        self
    }

    /// These options with a clock-skew leeway.
    #[must_use]
    pub fn leeway(mut self, leeway: Duration) -> Self {
        self.leeway = leeway;
        self
    }
}

/// The outcome of [`verify_sd_jwt`].
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct SdJwtVerification {
    /// The findings. Paths point into `{"header", "payload", "disclosures", "kb"}`.
    pub report: Report,
    /// The issuer-signed JWT's header, as received.
    pub header: Option<Document>,
    /// The issuer-signed JWT's payload, as received (digests, not claims).
    pub payload: Option<Document>,
    /// The disclosed claims: the payload with every referenced disclosure applied and the
    /// SD-JWT members (`_sd`, `...`, `_sd_alg`) removed.
    pub claims: Option<Value>,
    /// The JSON pointers of the disclosed claims.
    pub disclosed: Vec<String>,
    /// Whether a KB-JWT was present and verified.
    pub key_bound: bool,
    /// The issuer's verification method, when resolved.
    pub method: Option<VerificationMethod>,
}

impl SdJwtVerification {
    fn error(&mut self, code: &'static str, path: JsonPath, message: impl Into<String>) {
        self.report.push(Finding::error(code, path, message));
    }
}

fn at(part: &str, member: &str) -> JsonPath {
    JsonPath::root().key(part).key(member)
}

/// Verifies an SD-JWT or SD-JWT VC presentation.
///
/// Every check runs and reports (codes in [`codes`]): the issuer JWT's `typ`, `alg` and
/// signature (key by `kid` through `resolver`, bound to the issuer `iss` / `issuer`,
/// authorized for `assertionMethod`; or [`SdJwtVerifyOptions::issuer_key`]); `_sd_alg`;
/// every disclosure decodes, is sent once and is referenced exactly once by a digest
/// (an altered disclosure has another digest and is unreferenced); digests appear once;
/// disclosed names do not collide; `exp`, `nbf`, `iat` types and window; for SD-JWT VC a
/// `vct` string; and the KB-JWT: `typ` `kb+jwt`, signature by the `cnf.jwk` key, `iat`
/// within the window, `nonce`, `aud` and `sd_hash` over the presented SD-JWT. A dropped
/// disclosure cannot be seen without a KB-JWT (dropping is what selective disclosure
/// is); with one, `sd_hash` no longer matches.
///
/// Only a text that cannot be split at all yields no decoded parts (`sd_jwt.malformed`).
pub fn verify_sd_jwt(
    text: &str,
    resolver: &dyn KeyResolver,
    options: &SdJwtVerifyOptions,
) -> SdJwtVerification {
    let mut out = SdJwtVerification::default();
    let (jwt, encoded, kb) = match split(text, &options.limits) {
        Ok(parts) => parts,
        Err(e) => {
            out.error(codes::MALFORMED, JsonPath::root(), e.to_string());
            return out;
        }
    };
    let jws = match CompactJws::decode(&jwt, &options.limits.jws) {
        Ok(jws) => jws,
        Err(e) => {
            out.error(
                codes::MALFORMED,
                JsonPath::root().key("header"),
                format!("the issuer-signed JWT: {e}"),
            );
            return out;
        }
    };
    out.header = Some(jws.header().clone());
    out.payload = Some(jws.payload().clone());
    let empty = Map::new();
    let header = jws.header().value().as_object().unwrap_or(&empty);
    let payload = jws.payload().value().as_object().unwrap_or(&empty);
    let now = options.now.unwrap_or_else(Utc::now);

    let typ = check_typ(header, options, &mut out);
    let algorithm = check_alg(header, "header", options, &mut out);
    let issuer = issuer_id(payload);
    let key = issuer_key(header, issuer.as_deref(), resolver, options, &mut out);
    if let (Some(algorithm), Some(key)) = (algorithm, key) {
        verify_signature(&key, algorithm, &jws, "header", codes::SIGNATURE, &mut out);
    }

    match payload.get(SD_ALG) {
        None => {}
        Some(Value::String(alg)) if alg == "sha-256" => {}
        Some(other) => out.error(
            codes::SD_ALG,
            at("payload", SD_ALG),
            format!("unsupported _sd_alg {other}; only sha-256 is supported"),
        ),
    }

    // Disclosures.
    let mut disclosures: Vec<Disclosure> = Vec::new();
    let mut origin = Vec::new();
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, text) in encoded.iter().enumerate() {
        let path = JsonPath::root().key("disclosures").index(i);
        if let Some(first) = seen.insert(text.as_str(), i) {
            out.error(
                codes::DISCLOSURE_DUPLICATED,
                path,
                format!("disclosure {i} repeats disclosure {first}; each may be sent once"),
            );
            continue;
        }
        match Disclosure::decode(text, i) {
            Ok(d) => {
                disclosures.push(d);
                origin.push(i);
            }
            Err(e) => out.error(codes::DISCLOSURE_MALFORMED, path, e.to_string()),
        }
    }
    let unpacked = disclosure::unpack(jws.payload().value(), &disclosures);
    for problem in &unpacked.problems {
        let (code, pointer, message) = match problem {
            Problem::DigestDuplicated { pointer, digest } => (
                codes::DIGEST_DUPLICATED,
                pointer,
                format!("digest {digest} appears more than once"),
            ),
            Problem::Kind { pointer, index } => (
                codes::DISCLOSURE_KIND,
                pointer,
                format!(
                    "disclosure {} is referenced where the other kind (claim / array element) belongs",
                    origin.get(*index).copied().unwrap_or_default()
                ),
            ),
            Problem::Collision { pointer, name } => (
                codes::CLAIM_COLLISION,
                pointer,
                format!("disclosed claim \"{name}\" is already in the object"),
            ),
            Problem::Malformed { pointer, reason } => {
                (codes::MALFORMED, pointer, (*reason).to_owned())
            }
            Problem::TooDeep { pointer } => (
                codes::TOO_DEEP,
                pointer,
                format!("nesting deeper than {}", disclosure::MAX_DEPTH),
            ),
        };
        let mut path = JsonPath::root().key("payload");
        for s in JsonPath::from_pointer(pointer).segments() {
            match s {
                crate::report::PathSegment::Key(k) => path.push_key(k.clone()),
                crate::report::PathSegment::Index(i) => path.push_index(*i),
            }
        }
        out.error(code, path, message);
    }
    for (i, uses) in unpacked.uses.iter().enumerate() {
        if *uses == 0 {
            let d = &disclosures[i];
            out.error(
                codes::DISCLOSURE_UNREFERENCED,
                JsonPath::root().key("disclosures").index(origin[i]),
                format!(
                    "disclosure {}{} is referenced by no digest: altered, or not issued with this JWT",
                    origin[i],
                    d.name
                        .as_deref()
                        .map(|n| format!(" (claim \"{n}\")"))
                        .unwrap_or_default()
                ),
            );
        }
    }
    out.disclosed = unpacked.paths.iter().flatten().cloned().collect();

    check_times(payload, now, options, &mut out);
    if typ.is_some_and(|t| t == TYP_DC) && !payload.get("vct").is_some_and(Value::is_string) {
        out.error(
            codes::CLAIM_MISSING,
            at("payload", "vct"),
            "an SD-JWT VC needs a \"vct\" string claim (not selectively disclosable)",
        );
    }

    check_key_binding(&jwt, &encoded, &kb, payload, now, options, &mut out);
    out.claims = Some(unpacked.claims);
    out
}

fn check_typ(
    header: &Map<String, Value>,
    options: &SdJwtVerifyOptions,
    out: &mut SdJwtVerification,
) -> Option<String> {
    let typ = header
        .get("typ")
        .and_then(Value::as_str)
        .map(|t| t.to_ascii_lowercase())
        .map(|t| {
            t.strip_prefix("application/")
                .map(str::to_owned)
                .unwrap_or(t)
        });
    if !options.typ.is_empty() && !typ.as_ref().is_some_and(|t| options.typ.contains(t)) {
        out.error(
            codes::TYP,
            at("header", "typ"),
            format!(
                "\"typ\" is {}, not one of {}",
                typ.as_deref().unwrap_or("absent"),
                options.typ.join(", ")
            ),
        );
    }
    typ
}

fn check_alg(
    header: &Map<String, Value>,
    part: &str,
    options: &SdJwtVerifyOptions,
    out: &mut SdJwtVerification,
) -> Option<Algorithm> {
    let code = if part == "header" {
        codes::ALG_REFUSED
    } else {
        codes::KB_MALFORMED
    };
    let Some(name) = header.get("alg").and_then(Value::as_str) else {
        out.error(code, at(part, "alg"), "\"alg\" is missing or not a string");
        return None;
    };
    match Algorithm::from_str(name) {
        Ok(alg) if options.algorithms.contains(&alg) => Some(alg),
        _ => {
            out.error(
                code,
                at(part, "alg"),
                format!("\"alg\" {name} is not an accepted algorithm (none and HMAC never are)"),
            );
            None
        }
    }
}

fn issuer_id(payload: &Map<String, Value>) -> Option<String> {
    if let Some(iss) = payload.get("iss").and_then(Value::as_str) {
        return Some(iss.to_owned());
    }
    match payload.get("issuer") {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Object(o)) => o.get("id").and_then(Value::as_str).map(str::to_owned),
        _ => None,
    }
}

fn issuer_key(
    header: &Map<String, Value>,
    issuer: Option<&str>,
    resolver: &dyn KeyResolver,
    options: &SdJwtVerifyOptions,
    out: &mut SdJwtVerification,
) -> Option<PublicKey> {
    if let Some(key) = &options.issuer_key {
        return Some(key.clone());
    }
    let Some(kid) = header.get("kid").and_then(Value::as_str) else {
        out.error(
            codes::KEY_UNRESOLVED,
            at("header", "kid"),
            "no \"kid\" and no issuer key given: nothing to verify with",
        );
        return None;
    };
    let kid = match (kid.strip_prefix('#'), issuer) {
        (Some(_), Some(issuer)) => format!("{issuer}{kid}"),
        _ => kid.to_owned(),
    };
    let method = match resolver.resolve(&kid) {
        Ok(m) => m,
        Err(e) => {
            out.error(
                e.code_or(codes::KEY_UNRESOLVED),
                at("header", "kid"),
                format!("\"kid\" {kid} did not resolve: {e}"),
            );
            return None;
        }
    };
    match issuer {
        Some(issuer) if method.controller != issuer => out.error(
            codes::KEY_NOT_ISSUER,
            at("header", "kid"),
            format!(
                "key {} is controlled by {}, not by the issuer {issuer}",
                method.id, method.controller
            ),
        ),
        None => out.error(
            codes::KEY_NOT_ISSUER,
            at("payload", "iss"),
            "no issuer (\"iss\" or \"issuer\") to bind the key to",
        ),
        Some(_) => {}
    }
    if !method.is_authorized_for(Relationship::AssertionMethod) {
        out.error(
            codes::KEY_PURPOSE,
            at("header", "kid"),
            format!("key {} is not authorized for assertionMethod", method.id),
        );
    }
    let key = method.public_key.clone();
    out.method = Some(method);
    Some(key)
}

fn verify_signature(
    key: &PublicKey,
    algorithm: Algorithm,
    jws: &CompactJws,
    part: &str,
    code: &'static str,
    out: &mut SdJwtVerification,
) {
    match key.verify(algorithm, jws.signing_input(), jws.signature()) {
        Ok(()) => {}
        Err(e @ (SignatureError::KeyMismatch { .. } | SignatureError::FeatureDisabled { .. })) => {
            out.error(code, at(part, "alg"), e.to_string());
        }
        Err(e) => out.error(code, JsonPath::root().key(part), e.to_string()),
    }
}

fn numeric(
    map: &Map<String, Value>,
    part: &str,
    name: &str,
    code: &'static str,
    out: &mut SdJwtVerification,
) -> Option<i64> {
    let value = map.get(name)?;
    let n = value
        .as_i64()
        .or_else(|| value.as_f64().filter(|f| f.is_finite()).map(|f| f as i64));
    if n.is_none() {
        out.error(
            code,
            at(part, name),
            format!("\"{name}\" is not a NumericDate"),
        );
    }
    n
}

fn check_times(
    payload: &Map<String, Value>,
    now: DateTime<Utc>,
    options: &SdJwtVerifyOptions,
    out: &mut SdJwtVerification,
) {
    let now = now.timestamp();
    let leeway = options.leeway.num_seconds();
    if let Some(exp) = numeric(payload, "payload", "exp", codes::CLAIM_TYPE, out)
        && now.saturating_sub(leeway) >= exp
    {
        out.error(
            codes::EXPIRED,
            at("payload", "exp"),
            format!("expired at {exp} (now {now})"),
        );
    }
    if let Some(nbf) = numeric(payload, "payload", "nbf", codes::CLAIM_TYPE, out)
        && now.saturating_add(leeway) < nbf
    {
        out.error(
            codes::NOT_YET_VALID,
            at("payload", "nbf"),
            format!("not valid before {nbf} (now {now})"),
        );
    }
    numeric(payload, "payload", "iat", codes::CLAIM_TYPE, out);
}

fn check_key_binding(
    jwt: &str,
    disclosures: &[String],
    kb: &str,
    payload: &Map<String, Value>,
    now: DateTime<Utc>,
    options: &SdJwtVerifyOptions,
    out: &mut SdJwtVerification,
) {
    let required =
        options.require_key_binding || options.nonce.is_some() || options.audience.is_some();
    if kb.is_empty() {
        if required {
            out.error(
                codes::KB_MISSING,
                JsonPath::root().key("kb"),
                "the verifier requires key binding and there is no KB-JWT",
            );
        }
        return;
    }
    let kb_jws = match CompactJws::decode(kb, &options.limits.jws) {
        Ok(j) => j,
        Err(e) => {
            out.error(
                codes::KB_MALFORMED,
                JsonPath::root().key("kb"),
                format!("the KB-JWT: {e}"),
            );
            return;
        }
    };
    let empty = Map::new();
    let header = kb_jws.header().value().as_object().unwrap_or(&empty);
    let claims = kb_jws.payload().value().as_object().unwrap_or(&empty);
    let before = out.report.errors().count();
    if header.get("typ").and_then(Value::as_str) != Some(TYP_KB) {
        out.error(
            codes::KB_TYP,
            JsonPath::root().key("kb").key("header").key("typ"),
            "the KB-JWT \"typ\" is not kb+jwt",
        );
    }
    let algorithm = check_alg(header, "kb", options, out);
    let cnf_key = match payload.get("cnf").and_then(|c| c.get("jwk")) {
        None => {
            out.error(
                codes::KB_CNF,
                at("payload", "cnf"),
                "a KB-JWT is present but the SD-JWT has no cnf.jwk holder key",
            );
            None
        }
        Some(jwk) => match PublicKey::from_jwk(jwk) {
            Ok(k) => Some(k),
            Err(e) => {
                out.error(codes::KB_CNF, at("payload", "cnf"), e.to_string());
                None
            }
        },
    };
    if let (Some(alg), Some(key)) = (algorithm, cnf_key) {
        verify_signature(&key, alg, &kb_jws, "kb", codes::KB_SIGNATURE, out);
    }
    let kb_path = |m: &str| JsonPath::root().key("kb").key("payload").key(m);
    match numeric(claims, "kb", "iat", codes::KB_MALFORMED, out) {
        None if !claims.contains_key("iat") => {
            out.error(codes::KB_IAT, kb_path("iat"), "the KB-JWT has no \"iat\"");
        }
        None => {}
        Some(iat) => {
            let now = now.timestamp();
            let leeway = options.leeway.num_seconds();
            if iat > now.saturating_add(leeway) {
                out.error(
                    codes::KB_IAT,
                    kb_path("iat"),
                    format!("KB-JWT issued in the future ({iat}, now {now})"),
                );
            }
            if let Some(age) = options.max_key_binding_age
                && iat < now.saturating_sub(age.num_seconds()).saturating_sub(leeway)
            {
                out.error(
                    codes::KB_IAT,
                    kb_path("iat"),
                    format!(
                        "KB-JWT issued at {iat}, older than {} s (now {now})",
                        age.num_seconds()
                    ),
                );
            }
        }
    }
    for (member, expected, code) in [
        ("nonce", &options.nonce, codes::KB_NONCE),
        ("aud", &options.audience, codes::KB_AUDIENCE),
    ] {
        let got = claims.get(member).and_then(Value::as_str);
        if got.is_none() {
            out.error(
                code,
                kb_path(member),
                format!("the KB-JWT has no \"{member}\" string"),
            );
        } else if let Some(expected) = expected
            && got != Some(expected.as_str())
        {
            out.error(
                code,
                kb_path(member),
                format!(
                    "\"{member}\" is {}, expected {expected}",
                    got.unwrap_or_default()
                ),
            );
        }
    }
    let mut presented = jwt.to_owned();
    presented.push('~');
    for d in disclosures {
        presented.push_str(d);
        presented.push('~');
    }
    let hash = disclosure::digest(&presented);
    if claims.get("sd_hash").and_then(Value::as_str) != Some(hash.as_str()) {
        out.error(
            codes::KB_SD_HASH,
            kb_path("sd_hash"),
            "\"sd_hash\" does not match the presented SD-JWT (disclosures dropped, added or changed after key binding)",
        );
    }
    out.key_bound = out.report.errors().count() == before;
}
