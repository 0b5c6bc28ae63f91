//! The credential carried by a baked image: its text (JSON or compact JWS) and its kind.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;

use crate::document::{Document, ParseLimits};

use super::CredentialError;

/// Which specification a baked credential belongs to; it selects the PNG keyword and the SVG
/// namespace.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CredentialSpec {
    /// Open Badges 3.0: PNG keyword `openbadgecredential`, SVG namespace
    /// `https://purl.imsglobal.org/ob/v3p0`.
    OpenBadge,
    /// Comprehensive Learner Record 2.0: PNG keyword `clrcredential`, SVG namespace
    /// `https://purl.imsglobal.org/clr/v2p0`.
    Clr,
}

impl CredentialSpec {
    /// The `iTXt` keyword of a PNG credential chunk.
    pub fn png_keyword(self) -> &'static str {
        match self {
            CredentialSpec::OpenBadge => "openbadgecredential",
            CredentialSpec::Clr => "clrcredential",
        }
    }

    /// The XML namespace of the SVG `credential` element.
    pub fn svg_namespace(self) -> &'static str {
        match self {
            CredentialSpec::OpenBadge => "https://purl.imsglobal.org/ob/v3p0",
            CredentialSpec::Clr => "https://purl.imsglobal.org/clr/v2p0",
        }
    }

    /// The prefix used for the namespace when baking into an SVG that does not declare it.
    pub fn svg_prefix(self) -> &'static str {
        match self {
            CredentialSpec::OpenBadge => "openbadges",
            CredentialSpec::Clr => "clr",
        }
    }

    pub(crate) const ALL: [CredentialSpec; 2] = [CredentialSpec::OpenBadge, CredentialSpec::Clr];

    pub(crate) fn from_png_keyword(keyword: &[u8]) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|k| k.png_keyword().as_bytes() == keyword)
    }

    pub(crate) fn from_svg_namespace(ns: &[u8]) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|k| k.svg_namespace().as_bytes() == ns)
    }

    /// The kind named by a credential's `type` value (a string or an array of strings):
    /// `ClrCredential` → CLR; `OpenBadgeCredential`, `AchievementCredential` or
    /// `EndorsementCredential` → Open Badges. `ClrCredential` wins if both appear.
    pub fn from_type(types: &Value) -> Option<Self> {
        let names: Vec<&str> = match types {
            Value::String(s) => vec![s.as_str()],
            Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        if names.contains(&"ClrCredential") {
            Some(CredentialSpec::Clr)
        } else if names.iter().any(|n| {
            matches!(
                *n,
                "OpenBadgeCredential" | "AchievementCredential" | "EndorsementCredential"
            )
        }) {
            Some(CredentialSpec::OpenBadge)
        } else {
            None
        }
    }
}

/// The text of a baked credential, exactly as baked.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Payload {
    /// A JSON credential with an embedded proof (PNG text, or SVG CDATA content).
    Json(String),
    /// A compact JWS (VC-JWT) (PNG text, or the SVG `verify` attribute).
    Jws(String),
}

impl Payload {
    /// The text, exactly as baked.
    pub fn as_str(&self) -> &str {
        match self {
            Payload::Json(s) | Payload::Jws(s) => s,
        }
    }

    /// The text, exactly as baked.
    pub fn into_string(self) -> String {
        match self {
            Payload::Json(s) | Payload::Jws(s) => s,
        }
    }

    /// Classifies baked text, which is kept as it is: JSON if its first non-whitespace
    /// character is `{`, a JWS if, without surrounding whitespace, it has the compact JWS
    /// shape, `None` otherwise.
    pub fn classify(text: String) -> Option<Self> {
        if text.trim_start().starts_with('{') {
            Some(Payload::Json(text))
        } else if jws_shape(text.trim()).is_ok() {
            Some(Payload::Jws(text))
        } else {
            None
        }
    }
}

/// A credential to bake, or one extracted from an image: the text and whether it is an Open
/// Badges or a CLR credential.
///
/// ```
/// use openbadges::bake::{BakedCredential, CredentialSpec, Payload};
///
/// let cred = BakedCredential::json(r#"{"type": ["VerifiableCredential", "OpenBadgeCredential"]}"#)?;
/// assert_eq!(cred.kind(), CredentialSpec::OpenBadge);
/// assert!(matches!(cred.payload(), Payload::Json(_)));
/// // The kind can be set when it cannot be detected:
/// let other = BakedCredential::new(Payload::Jws("e30.e30.sig".into()), CredentialSpec::Clr);
/// assert_eq!(other.kind().png_keyword(), "clrcredential");
/// # Ok::<(), openbadges::bake::CredentialError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct BakedCredential {
    payload: Payload,
    kind: CredentialSpec,
}

impl TryFrom<&Document> for BakedCredential {
    type Error = CredentialError;

    /// As [`BakedCredential::from_document`].
    fn try_from(document: &Document) -> Result<Self, CredentialError> {
        BakedCredential::from_document(document)
    }
}

impl BakedCredential {
    /// A credential of the given kind, without any check of its text.
    pub fn new(payload: Payload, kind: CredentialSpec) -> Self {
        BakedCredential { payload, kind }
    }

    /// A JSON credential; its kind comes from its `type`.
    ///
    /// # Errors
    /// [`CredentialError::Json`] if the text is not strict JSON (see [`Document`]),
    /// [`CredentialError::UnknownKind`] if `type` names neither an OB nor a CLR credential.
    pub fn json(text: impl Into<String>) -> Result<Self, CredentialError> {
        let text = text.into();
        let doc = Document::from_str_with(&text, ParseLimits::default())?;
        let kind =
            CredentialSpec::from_type(&doc.value()["type"]).ok_or(CredentialError::UnknownKind)?;
        Ok(BakedCredential::new(Payload::Json(text), kind))
    }

    /// A JSON credential already parsed (for example one just issued): its exact text,
    /// its kind from its `type`.
    ///
    /// # Errors
    /// [`CredentialError::UnknownKind`] if `type` names neither an OB nor a CLR credential.
    pub fn from_document(document: &Document) -> Result<Self, CredentialError> {
        let kind = CredentialSpec::from_type(&document.value()["type"])
            .ok_or(CredentialError::UnknownKind)?;
        Ok(BakedCredential::new(
            Payload::Json(document.as_str().to_owned()),
            kind,
        ))
    }

    /// A compact JWS (VC-JWT); its kind comes from the payload's `type` (or `vc.type`).
    ///
    /// # Errors
    /// [`CredentialError::NotJws`] if the text is not three base64url segments with a JSON
    /// payload, [`CredentialError::UnknownKind`] if its type names neither an OB nor a CLR
    /// credential.
    pub fn jws(text: impl Into<String>) -> Result<Self, CredentialError> {
        let text = text.into();
        let payload = jws_shape(&text)?;
        let bytes = URL_SAFE_NO_PAD
            .decode(payload)
            .map_err(|_| CredentialError::NotJws {
                reason: "the payload is not base64url",
            })?;
        let doc = Document::from_slice_with(&bytes, ParseLimits::default()).map_err(|_| {
            CredentialError::NotJws {
                reason: "the payload is not JSON",
            }
        })?;
        let value = doc.value();
        let kind = CredentialSpec::from_type(&value["type"])
            .or_else(|| CredentialSpec::from_type(&value["vc"]["type"]))
            .ok_or(CredentialError::UnknownKind)?;
        Ok(BakedCredential::new(Payload::Jws(text), kind))
    }

    /// A JSON credential if the text starts with `{` (after whitespace), a JWS otherwise; the
    /// kind is detected as in [`json`](Self::json) and [`jws`](Self::jws).
    ///
    /// # Errors
    /// As [`json`](Self::json) or [`jws`](Self::jws).
    pub fn detect(text: impl Into<String>) -> Result<Self, CredentialError> {
        let text = text.into();
        if text.trim_start().starts_with('{') {
            Self::json(text)
        } else {
            Self::jws(text)
        }
    }

    /// This credential with another kind (overrides detection).
    #[must_use]
    pub fn with_kind(mut self, kind: CredentialSpec) -> Self {
        self.kind = kind;
        self
    }

    /// The credential's text and whether it is JSON or a JWS.
    pub fn payload(&self) -> &Payload {
        &self.payload
    }

    /// The credential's text, exactly as baked.
    pub fn as_str(&self) -> &str {
        self.payload.as_str()
    }

    /// Whether this is an OB or a CLR credential.
    pub fn kind(&self) -> CredentialSpec {
        self.kind
    }

    /// The payload, consuming the credential.
    pub fn into_payload(self) -> Payload {
        self.payload
    }
}

/// Checks the compact JWS shape (`header.payload.signature`, base64url characters, non-empty
/// header and payload) and returns the payload segment.
fn jws_shape(text: &str) -> Result<&str, CredentialError> {
    let mut parts = text.split('.');
    let (Some(header), Some(payload), Some(signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(CredentialError::NotJws {
            reason: "a compact JWS has exactly three dot-separated segments",
        });
    };
    if header.is_empty() || payload.is_empty() {
        return Err(CredentialError::NotJws {
            reason: "the header or payload segment is empty",
        });
    }
    let base64url = |s: &str| {
        s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    };
    if !(base64url(header) && base64url(payload) && base64url(signature)) {
        return Err(CredentialError::NotJws {
            reason: "a segment holds a character outside the base64url alphabet",
        });
    }
    Ok(payload)
}
