//! A top-level VCDM 2.0 `EnvelopedVerifiableCredential` (VCDM 2.0 §4.13, VC-JOSE-COSE
//! §3.1.2): the secured credential travels as a `data:` URL in the envelope's `id`.

use serde_json::Value;

use super::json::types;

/// The `data:` URL media types whose content the verifier unwraps (the `;base64`-less,
/// plain-text form that VC-JOSE-COSE uses).
const TOKEN_MEDIA_TYPES: [&str; 4] = [
    "application/vc+jwt",
    "application/vc+sd-jwt",
    "application/dc+sd-jwt",
    "application/jwt",
];

/// What an envelope holds.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Envelope<'a> {
    /// A compact JWS or SD-JWT.
    Token(&'a str),
    /// A `data:` URL of a media type the verifier does not unwrap (the media type).
    Unsupported(&'a str),
}

/// The content of `value` when it is an `EnvelopedVerifiableCredential` whose `id` is a
/// `data:` URL; `None` for any other document.
pub(super) fn unwrap(value: &Value) -> Option<Envelope<'_>> {
    if !types(value).contains(&"EnvelopedVerifiableCredential") {
        return None;
    }
    let url = value.get("id")?.as_str()?.strip_prefix("data:")?;
    let (media_type, data) = url.split_once(',')?;
    // Parameters (`;charset=…`) do not change what the token is; `;base64` would.
    let mut params = media_type.split(';');
    let essence = params.next().unwrap_or_default();
    let base64 = params.any(|p| p.trim().eq_ignore_ascii_case("base64"));
    if !base64
        && TOKEN_MEDIA_TYPES
            .iter()
            .any(|t| t.eq_ignore_ascii_case(essence.trim()))
    {
        Some(Envelope::Token(data.trim()))
    } else {
        Some(Envelope::Unsupported(media_type))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn unwraps_token_media_types_only() {
        let env = |id: &str| {
            json!({"@context": "https://www.w3.org/ns/credentials/v2",
                   "type": "EnvelopedVerifiableCredential", "id": id})
        };
        assert_eq!(
            unwrap(&env("data:application/vc+jwt,a.b.c")),
            Some(Envelope::Token("a.b.c"))
        );
        assert_eq!(
            unwrap(&env("data:application/vc+sd-jwt;charset=utf-8,a.b.c~d~")),
            Some(Envelope::Token("a.b.c~d~"))
        );
        assert_eq!(
            unwrap(&env("data:application/vc+ld+json;base64,e30")),
            Some(Envelope::Unsupported("application/vc+ld+json;base64"))
        );
        assert_eq!(unwrap(&env("https://example.edu/vc")), None);
        assert_eq!(
            unwrap(&json!({"type": "VerifiableCredential", "id": "data:application/vc+jwt,a.b.c"})),
            None
        );
    }
}
