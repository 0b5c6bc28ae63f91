//! The holder's side: parsing an SD-JWT, choosing disclosures, adding a KB-JWT.

use serde_json::{Map, Value};

use super::disclosure::{self, Disclosure, Unpacked, pointer_segments};
use super::{SdJwtError, SdJwtLimits, TYP_KB};
use crate::crypto::Signer;
use crate::jose::{CompactJws, sign_compact};

/// A parsed SD-JWT (`<issuer-signed JWT>~<disclosure>~…~[<KB-JWT>]`), not verified.
///
/// The holder uses it to see what it may disclose ([`disclosures`](Self::disclosures),
/// [`claims`](Self::claims)) and to build a presentation ([`present`](Self::present),
/// [`present_with_key_binding`](Self::present_with_key_binding)).
#[derive(Clone, Debug)]
pub struct SdJwt {
    jwt: CompactJws,
    disclosures: Vec<Disclosure>,
    key_binding: Option<String>,
    unpacked: Unpacked,
}

/// Splits the serialization into issuer JWT, disclosures and KB-JWT (possibly empty).
pub(crate) fn split(
    text: &str,
    limits: &SdJwtLimits,
) -> Result<(String, Vec<String>, String), SdJwtError> {
    let text = text.trim();
    if text.len() > limits.max_bytes {
        return Err(SdJwtError::TooLarge {
            size: text.len(),
            limit: limits.max_bytes,
        });
    }
    let parts: Vec<&str> = text.split('~').collect();
    let [jwt, middle @ .., last] = parts.as_slice() else {
        return Err(SdJwtError::Format {
            reason: "no '~' after the issuer-signed JWT",
        });
    };
    if parts.len() < 2 {
        return Err(SdJwtError::Format {
            reason: "no '~' after the issuer-signed JWT",
        });
    }
    if middle.len() > limits.max_disclosures {
        return Err(SdJwtError::TooManyDisclosures {
            count: middle.len(),
            limit: limits.max_disclosures,
        });
    }
    if middle.iter().any(|d| d.is_empty()) {
        return Err(SdJwtError::Format {
            reason: "an empty disclosure (\"~~\")",
        });
    }
    Ok((
        (*jwt).to_owned(),
        middle.iter().map(|d| (*d).to_owned()).collect(),
        (*last).to_owned(),
    ))
}

impl SdJwt {
    /// Parses an SD-JWT under the default [`SdJwtLimits`].
    ///
    /// # Errors
    /// [`SdJwtError`] when the text is too large, is not `~`-separated, the issuer JWT is
    /// not a compact JWS, a disclosure cannot be decoded, or `_sd_alg` is not `sha-256`.
    pub fn parse(text: &str) -> Result<Self, SdJwtError> {
        Self::parse_with(text, &SdJwtLimits::default())
    }

    /// Parses an SD-JWT under `limits`.
    ///
    /// # Errors
    /// As [`parse`](Self::parse).
    pub fn parse_with(text: &str, limits: &SdJwtLimits) -> Result<Self, SdJwtError> {
        let (jwt, encoded, kb) = split(text, limits)?;
        let jwt = CompactJws::decode(&jwt, &limits.jws).map_err(|source| SdJwtError::Jws {
            part: "issuer-signed JWT",
            source,
        })?;
        if let Some(alg) = jwt.payload().value().get(disclosure::SD_ALG) {
            let name = alg.as_str().unwrap_or_default();
            if name != "sha-256" {
                return Err(SdJwtError::DigestAlgorithm {
                    name: alg.as_str().map_or_else(|| alg.to_string(), str::to_owned),
                });
            }
        }
        let disclosures = encoded
            .iter()
            .enumerate()
            .map(|(i, d)| Disclosure::decode(d, i))
            .collect::<Result<Vec<_>, _>>()?;
        let unpacked = disclosure::unpack(jwt.payload().value(), &disclosures);
        Ok(SdJwt {
            jwt,
            disclosures,
            key_binding: (!kb.is_empty()).then_some(kb),
            unpacked,
        })
    }

    /// The issuer-signed JWT.
    pub fn issuer_jwt(&self) -> &CompactJws {
        &self.jwt
    }

    /// The disclosures, in order.
    pub fn disclosures(&self) -> &[Disclosure] {
        &self.disclosures
    }

    /// The JSON pointer of each disclosure's claim (same order as
    /// [`disclosures`](Self::disclosures)); `None` for a disclosure nothing references.
    /// Array indices count every element the issuer wrote, disclosed or not.
    pub fn disclosure_pointers(&self) -> &[Option<String>] {
        &self.unpacked.paths
    }

    /// The claims with every present disclosure applied (not verified).
    pub fn claims(&self) -> &Value {
        &self.unpacked.claims
    }

    /// The KB-JWT, when there is one.
    pub fn key_binding_jwt(&self) -> Option<&str> {
        self.key_binding.as_deref()
    }

    /// The disclosures needed to reveal the claims at `reveal` (JSON pointers into the
    /// fully disclosed claims): for each pointer, the disclosures of the claim itself, of
    /// every enclosing claim, and of everything inside it.
    ///
    /// # Errors
    /// [`SdJwtError::Pointer`] for a malformed pointer or one naming no claim of this
    /// SD-JWT.
    pub fn select(&self, reveal: &[&str]) -> Result<Vec<&Disclosure>, SdJwtError> {
        let paths: Vec<Option<Vec<String>>> = self
            .unpacked
            .paths
            .iter()
            .map(|p| p.as_deref().and_then(|p| pointer_segments(p).ok()))
            .collect();
        let mut chosen = vec![false; self.disclosures.len()];
        for pointer in reveal {
            let wanted = pointer_segments(pointer)?;
            let mut hit = exists(&self.unpacked.claims, &wanted, &paths);
            for (i, path) in paths.iter().enumerate() {
                let Some(path) = path else { continue };
                if wanted.starts_with(path) || path.starts_with(&wanted) {
                    chosen[i] = true;
                    hit = true;
                }
            }
            if !hit {
                return Err(SdJwtError::Pointer {
                    pointer: (*pointer).to_owned(),
                    reason: "names no claim of this SD-JWT",
                });
            }
        }
        Ok(self
            .disclosures
            .iter()
            .zip(chosen)
            .filter_map(|(d, c)| c.then_some(d))
            .collect())
    }

    /// A presentation revealing the claims at `reveal` (see [`select`](Self::select)),
    /// without key binding: `<issuer-signed JWT>~<disclosure>~…~`.
    ///
    /// # Errors
    /// As [`select`](Self::select).
    pub fn present(&self, reveal: &[&str]) -> Result<String, SdJwtError> {
        let chosen = self.select(reveal)?;
        Ok(self.serialize(&chosen))
    }

    /// A presentation revealing `reveal`, with a KB-JWT (`typ` `kb+jwt`) signed by
    /// `holder` over `iat`, `aud`, `nonce` and `sd_hash` (SD-JWT §4.3).
    ///
    /// `holder` must hold the key of the SD-JWT's `cnf` claim, or verifiers refuse it.
    ///
    /// # Errors
    /// As [`select`](Self::select); [`SdJwtError::Sign`] when the holder's signer fails.
    pub fn present_with_key_binding<S: Signer + ?Sized>(
        &self,
        reveal: &[&str],
        holder: &S,
        nonce: &str,
        audience: &str,
        iat: i64,
    ) -> Result<String, SdJwtError> {
        let chosen = self.select(reveal)?;
        let presented = self.serialize(&chosen);
        let mut header = Map::new();
        header.insert("typ".into(), TYP_KB.into());
        let mut claims = Map::new();
        claims.insert("iat".into(), iat.into());
        claims.insert("aud".into(), audience.into());
        claims.insert("nonce".into(), nonce.into());
        claims.insert("sd_hash".into(), disclosure::digest(&presented).into());
        // A map of JSON values always serializes.
        let payload = serde_json::to_vec(&claims).unwrap_or_default();
        let kb = sign_compact(&header, &payload, holder)?;
        Ok(presented + &kb)
    }

    fn serialize(&self, chosen: &[&Disclosure]) -> String {
        let mut out = self.jwt.as_str().to_owned();
        out.push('~');
        for d in chosen {
            out.push_str(&d.encoded);
            out.push('~');
        }
        out
    }
}

/// Whether `wanted` names a claim that is always visible (not selectively disclosable).
fn exists(claims: &Value, wanted: &[String], paths: &[Option<Vec<String>>]) -> bool {
    if paths
        .iter()
        .flatten()
        .any(|p| p.len() <= wanted.len() && wanted.starts_with(p))
    {
        // Inside a disclosable claim: handled by the disclosure match.
        return false;
    }
    let mut current = claims;
    for s in wanted {
        current = match current {
            Value::Object(m) => match m.get(s) {
                Some(v) => v,
                None => return false,
            },
            Value::Array(a) => match s.parse::<usize>().ok().and_then(|i| a.get(i)) {
                Some(v) => v,
                None => return false,
            },
            _ => return false,
        };
    }
    true
}
