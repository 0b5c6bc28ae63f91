//! Compact JWS (RFC 7515 §7.1): strict, bounded decoding and signing.

use serde_json::{Map, Value};

use super::base64url;
use super::error::{JwsError, Segment};
use crate::crypto::{AsyncSigner, SignError, Signer};
use crate::document::{Document, ParseLimits};

/// Bounds applied to an untrusted compact JWS.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct JwsLimits {
    /// Longest accepted token, in bytes, checked before anything else is done with it.
    /// Default: 2 MiB (a Comprehensive Learner Record with a few dozen nested credentials is
    /// well under 1 MiB).
    pub max_token_bytes: usize,
    /// Limits for the decoded header and payload JSON (the size limit is implied by the
    /// token size; the depth limit applies).
    pub json: ParseLimits,
}

impl Default for JwsLimits {
    fn default() -> Self {
        JwsLimits {
            max_token_bytes: 2 * 1024 * 1024,
            json: ParseLimits::default(),
        }
    }
}

impl JwsLimits {
    /// Limits with another maximum token size.
    #[must_use]
    pub fn max_token_bytes(mut self, max_token_bytes: usize) -> Self {
        self.max_token_bytes = max_token_bytes;
        self
    }
}

/// A decoded compact JWS: its parsed header and payload, the signing input and signature.
///
/// Decoding checks the form only (segments, base64url, JSON); nothing here is verified.
#[derive(Clone, Debug)]
pub struct CompactJws {
    header: Document,
    payload: Document,
    signing_input_len: usize,
    token: String,
    signature: Vec<u8>,
}

impl CompactJws {
    /// Decodes `token` under `limits`.
    ///
    /// The header and payload must be JSON objects and are parsed with the strict parser of
    /// [`Document`] (duplicate members, invalid UTF-8 and excessive depth are refused).
    ///
    /// ```
    /// use openbadges::jose::{CompactJws, JwsLimits};
    ///
    /// // {"alg":"EdDSA"} . {"a":1} . (64 zero bytes)
    /// let token = format!("eyJhbGciOiJFZERTQSJ9.eyJhIjoxfQ.{}", "A".repeat(86));
    /// let jws = CompactJws::decode(&token, &JwsLimits::default())?;
    /// assert_eq!(jws.header().value()["alg"], "EdDSA");
    /// assert_eq!(jws.signature().len(), 64);
    /// assert!(CompactJws::decode("a.b", &JwsLimits::default()).is_err());
    /// # Ok::<(), openbadges::jose::JwsError>(())
    /// ```
    ///
    /// # Errors
    /// [`JwsError`] naming the segment and the problem: too large, not three segments, an
    /// empty header or payload, non-base64url characters, padding or trailing bits, JSON that
    /// is malformed or not an object.
    pub fn decode(token: &str, limits: &JwsLimits) -> Result<Self, JwsError> {
        if token.len() > limits.max_token_bytes {
            return Err(JwsError::TooLarge {
                size: token.len(),
                limit: limits.max_token_bytes,
            });
        }
        let parts: Vec<&str> = token.splitn(4, '.').collect();
        let [header, payload, signature] = parts.as_slice() else {
            return Err(JwsError::Segments {
                found: token.split('.').count(),
            });
        };
        let header = json_segment(header, Segment::Header, limits)?;
        let payload = json_segment(payload, Segment::Payload, limits)?;
        let signature_bytes = decode_segment(signature, Segment::Signature)?;
        Ok(CompactJws {
            header,
            payload,
            signing_input_len: token.len() - signature.len() - 1,
            token: token.to_owned(),
            signature: signature_bytes,
        })
    }

    /// The protected header, exactly as received.
    pub fn header(&self) -> &Document {
        &self.header
    }

    /// The payload, exactly as received.
    pub fn payload(&self) -> &Document {
        &self.payload
    }

    /// The bytes the signature covers: `BASE64URL(header) || '.' || BASE64URL(payload)`.
    pub fn signing_input(&self) -> &[u8] {
        &self.token.as_bytes()[..self.signing_input_len]
    }

    /// The decoded signature (empty for an unsecured `alg: none` token).
    pub fn signature(&self) -> &[u8] {
        &self.signature
    }

    /// The token as received.
    pub fn as_str(&self) -> &str {
        &self.token
    }
}

fn decode_segment(text: &str, segment: Segment) -> Result<Vec<u8>, JwsError> {
    base64url::decode(text).map_err(|problem| JwsError::Base64 {
        segment,
        offset: match problem {
            base64url::Base64Problem::Character { offset } => offset,
            _ => text.len(),
        },
        reason: problem.reason(),
    })
}

fn json_segment(text: &str, segment: Segment, limits: &JwsLimits) -> Result<Document, JwsError> {
    if text.is_empty() {
        return Err(JwsError::Empty { segment });
    }
    let bytes = decode_segment(text, segment)?;
    let document = Document::from_slice_with(&bytes, limits.json)
        .map_err(|source| JwsError::Json { segment, source })?;
    if !document.value().is_object() {
        return Err(JwsError::NotObject { segment });
    }
    Ok(document)
}

/// The signing input of a header and payload: both serialized compactly and base64url
/// encoded, joined by `.`.
fn signing_input(header: &Map<String, Value>, payload: &[u8]) -> String {
    // A map of JSON values always serializes.
    let header = serde_json::to_vec(header).unwrap_or_default();
    format!(
        "{}.{}",
        base64url::encode(&header),
        base64url::encode(payload)
    )
}

/// Signs `payload` under `header` (whose `alg` is set to the signer's algorithm) and returns
/// the compact JWS.
///
/// The header members keep their order; `alg` is written first when absent.
///
/// # Errors
/// [`SignError`] when the signer fails.
pub fn sign_compact<S: Signer + ?Sized>(
    header: &Map<String, Value>,
    payload: &[u8],
    signer: &S,
) -> Result<String, SignError> {
    let header = with_alg(header, signer.algorithm().as_str());
    let input = signing_input(&header, payload);
    let signature = signer.sign(input.as_bytes())?;
    Ok(format!("{input}.{}", base64url::encode(&signature)))
}

/// [`sign_compact`] with an [`AsyncSigner`].
///
/// # Errors
/// [`SignError`] when the signer fails.
pub async fn sign_compact_async<S: AsyncSigner + ?Sized>(
    header: &Map<String, Value>,
    payload: &[u8],
    signer: &S,
) -> Result<String, SignError> {
    let header = with_alg(header, AsyncSigner::algorithm(signer).as_str());
    let input = signing_input(&header, payload);
    let signature = AsyncSigner::sign(signer, input.as_bytes()).await?;
    Ok(format!("{input}.{}", base64url::encode(&signature)))
}

fn with_alg(header: &Map<String, Value>, alg: &str) -> Map<String, Value> {
    let mut out = Map::new();
    out.insert("alg".into(), alg.into());
    for (k, v) in header {
        if k != "alg" {
            out.insert(k.clone(), v.clone());
        }
    }
    out
}
