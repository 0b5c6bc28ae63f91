//! `EnvelopedVerifiableCredential` (VCDM 2.0 §4.13, VC-JOSE-COSE §3.1.2): a `vc+jwt` as a
//! `data:` URL in the `id` of a JSON object.

use serde_json::{Value, json};

use super::codes;
use super::error::EnvelopeError;
use super::issue::JwtForm;
use super::verify::{JwtVerification, JwtVerifyOptions, verify_jwt};
use crate::report::{Finding, JsonPath};
use crate::resolve::KeyResolver;

/// The `data:` URL prefix of an enveloped `vc+jwt`.
pub const DATA_URL_PREFIX: &str = "data:application/vc+jwt,";

/// Wraps a `vc+jwt` compact JWS in an `EnvelopedVerifiableCredential`.
///
/// ```
/// let envelope = openbadges::jose::envelope("eyJ.eyJ.sig");
/// assert_eq!(envelope["id"], "data:application/vc+jwt,eyJ.eyJ.sig");
/// assert_eq!(openbadges::jose::enveloped_jws(&envelope), Ok("eyJ.eyJ.sig"));
/// ```
pub fn envelope(jws: &str) -> Value {
    json!({
        "@context": "https://www.w3.org/ns/credentials/v2",
        "id": format!("{DATA_URL_PREFIX}{jws}"),
        "type": "EnvelopedVerifiableCredential",
    })
}

/// The compact JWS inside an `EnvelopedVerifiableCredential`.
///
/// # Errors
/// [`EnvelopeError`] when the value is not an object, its `type` does not include
/// `EnvelopedVerifiableCredential`, or its `id` is not a `data:application/vc+jwt,` URL.
pub fn enveloped_jws(envelope: &Value) -> Result<&str, EnvelopeError> {
    let map = envelope.as_object().ok_or(EnvelopeError::NotObject)?;
    let typed = match map.get("type") {
        Some(Value::String(t)) => t == "EnvelopedVerifiableCredential",
        Some(Value::Array(items)) => items
            .iter()
            .any(|t| t.as_str() == Some("EnvelopedVerifiableCredential")),
        _ => false,
    };
    if !typed {
        return Err(EnvelopeError::Type);
    }
    let id = map
        .get("id")
        .and_then(Value::as_str)
        .ok_or(EnvelopeError::MissingId)?;
    id.strip_prefix(DATA_URL_PREFIX)
        .ok_or(EnvelopeError::MediaType)
}

/// Verifies an `EnvelopedVerifiableCredential`: the envelope's shape, then its `vc+jwt`
/// with [`verify_jwt`] (the form is [`JwtForm::VcJose`] whatever `options.form` says).
///
/// A malformed envelope is a `jwt.malformed` finding at `$.id` or `$.type`.
pub fn verify_enveloped(
    envelope: &Value,
    resolver: &dyn KeyResolver,
    options: &JwtVerifyOptions,
) -> JwtVerification {
    match enveloped_jws(envelope) {
        Ok(jws) => {
            let mut options = options.clone();
            options.form = Some(JwtForm::VcJose);
            verify_jwt(jws, resolver, &options)
        }
        Err(e) => {
            let path = match e {
                EnvelopeError::Type => JsonPath::root().key("type"),
                EnvelopeError::MissingId | EnvelopeError::MediaType => JsonPath::root().key("id"),
                _ => JsonPath::root(),
            };
            let mut out = JwtVerification::default();
            out.report
                .push(Finding::error(codes::MALFORMED, path, e.to_string()));
            out
        }
    }
}
