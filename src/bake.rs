//! Baked badges: credentials inside PNG and SVG images (OB 3.0 §5.3, CLR 2.0 baking).
//!
//! - **PNG**: one uncompressed `iTXt` chunk with keyword `openbadgecredential` (CLR:
//!   `clrcredential`), empty language tag and translated keyword, whose text is the JSON
//!   credential or a compact JWS. [`bake`] puts it right after `IHDR` (or where the previous
//!   credential chunk was, if that was before `IDAT`), replaces any existing credential chunk,
//!   and copies every other chunk and any bytes after `IEND` unchanged.
//! - **SVG**: an `<openbadges:credential>` element (namespace
//!   `https://purl.imsglobal.org/ob/v3p0`; CLR: `https://purl.imsglobal.org/clr/v2p0`) as
//!   the first child of the root `<svg>`, holding the JSON in a CDATA section, or a JWS in
//!   its `verify` attribute. [`bake`] edits the text: the rest of the document is kept byte
//!   for byte (the namespace declaration is added to the root start tag when missing).
//!
//! Reading is bounded by [`Limits`] and strict:
//! - PNG is read as a stream ([`unbake_reader`]), chunk by chunk, with every chunk's CRC
//!   checked; only a credential chunk is held in memory. A compressed credential chunk is
//!   refused (the specification says compression MUST NOT be used).
//! - SVG is parsed with a real XML parser, namespace-aware (any prefix works); a DOCTYPE
//!   with an internal subset (DTD or entity declarations) is refused, and no entity is ever
//!   expanded, so XML bombs cannot work. A plain `<!DOCTYPE svg PUBLIC ...>` is accepted (it
//!   is never fetched). SVG must be UTF-8. The credential is the element's character data
//!   (CDATA verbatim, text with the predefined entities decoded; line ends are not
//!   normalized) with leading and trailing XML whitespace removed.
//! - The specification allows one credential per image; several are an error by default
//!   ([`UnbakeError::SeveralCredentials`]), or the first wins with [`Duplicates::FirstWins`]
//!   (which, for a PNG stream, stops reading right after the credential chunk).
//!
//! ```
//! use openbadges::bake::{self, BakedCredential, Format};
//!
//! let svg = br#"<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>"#;
//! let cred = BakedCredential::json(r#"{"type": ["VerifiableCredential", "OpenBadgeCredential"]}"#)?;
//! let baked = bake::bake(svg, &cred)?;
//! assert_eq!(Format::detect(&baked), Some(Format::Svg));
//! assert_eq!(bake::unbake(&baked)?, cred);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::io::Read;

use crate::document::Document;

mod credential;
mod error;
mod png;
mod svg;

pub use credential::{BakedCredential, CredentialSpec, Payload};
pub use error::{BakeError, ChunkType, CredentialError, Location, PngError, SvgError, UnbakeError};

/// The image formats that can carry a credential.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// PNG (`iTXt` chunk).
    Png,
    /// SVG (`credential` element).
    Svg,
}

impl Format {
    /// Sniffs the format from the first bytes: the PNG signature, or (after an optional UTF-8
    /// byte order mark and whitespace) a `<` for SVG. An SVG guess is confirmed only by
    /// parsing (the root element must be `svg`).
    pub fn detect(bytes: &[u8]) -> Option<Format> {
        if bytes.starts_with(&png::SIGNATURE) {
            return Some(Format::Png);
        }
        let rest = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let first = rest
            .iter()
            .find(|b| !matches!(b, b' ' | b'\t' | b'\r' | b'\n'));
        (first == Some(&b'<')).then_some(Format::Svg)
    }
}

/// Size bounds for untrusted images.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// Largest accepted image, in bytes. Default: 32 MiB.
    pub max_image_bytes: u64,
    /// Largest accepted credential (PNG chunk data or SVG element content), in bytes.
    /// Default: 16 MiB (the default JSON parse limit).
    pub max_credential_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_image_bytes: 32 * 1024 * 1024,
            max_credential_bytes: 16 * 1024 * 1024,
        }
    }
}

impl Limits {
    /// These limits with another maximum image size.
    #[must_use]
    pub fn max_image_bytes(mut self, bytes: u64) -> Self {
        self.max_image_bytes = bytes;
        self
    }

    /// These limits with another maximum credential size.
    #[must_use]
    pub fn max_credential_bytes(mut self, bytes: usize) -> Self {
        self.max_credential_bytes = bytes;
        self
    }
}

/// What unbaking does when an image carries more than one credential.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Duplicates {
    /// Refuse with [`UnbakeError::SeveralCredentials`] (the default: OB 3.0 §5.3 allows one).
    #[default]
    Reject,
    /// Take the first credential and look no further.
    FirstWins,
}

/// Options of [`unbake_with`] and [`unbake_reader_with`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct UnbakeOptions {
    /// Size bounds.
    pub limits: Limits,
    /// What to do with several credentials.
    pub duplicates: Duplicates,
}

impl UnbakeOptions {
    /// These options with other limits.
    #[must_use]
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// These options with another duplicate policy.
    #[must_use]
    pub fn duplicates(mut self, duplicates: Duplicates) -> Self {
        self.duplicates = duplicates;
        self
    }
}

/// Bakes a credential into a PNG or SVG image (detected from its bytes), with the default
/// [`Limits`].
///
/// # Errors
/// [`BakeError::UnknownFormat`] for other input, [`BakeError::Png`] / [`BakeError::Svg`] for a
/// malformed image, size errors past the limits, [`BakeError::InvalidXmlChar`] for a
/// credential an SVG cannot carry.
pub fn bake(image: &[u8], credential: &BakedCredential) -> Result<Vec<u8>, BakeError> {
    bake_with(image, credential, &Limits::default())
}

/// Bakes a JSON credential [`Document`] (for example what
/// [`Issuer::issue`](crate::issue::Issuer::issue) returns) into a PNG or SVG image, with the
/// default [`Limits`]: its exact text, as an OB or CLR credential according to its `type`.
///
/// ```
/// use openbadges::Document;
/// use openbadges::bake;
///
/// let credential = Document::from_str(r#"{"type": ["VerifiableCredential", "OpenBadgeCredential"], "id": "urn:uuid:1"}"#)?;
/// let svg = br#"<svg xmlns="http://www.w3.org/2000/svg"/>"#;
/// let baked = bake::bake_document(svg, &credential)?;
/// assert_eq!(bake::unbake(&baked)?.as_str(), credential.as_str());
///
/// let other = Document::from_str(r#"{"type": ["VerifiableCredential"]}"#)?;
/// assert!(matches!(bake::bake_document(svg, &other), Err(bake::BakeError::Credential(_))));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`BakeError::Credential`] when `type` names neither an OB nor a CLR credential, then as
/// [`bake`].
pub fn bake_document(image: &[u8], credential: &Document) -> Result<Vec<u8>, BakeError> {
    bake(image, &BakedCredential::from_document(credential)?)
}

/// [`bake`] with explicit limits.
///
/// # Errors
/// As [`bake`].
pub fn bake_with(
    image: &[u8],
    credential: &BakedCredential,
    limits: &Limits,
) -> Result<Vec<u8>, BakeError> {
    let size = image.len() as u64;
    if size > limits.max_image_bytes {
        return Err(BakeError::ImageTooLarge {
            size,
            limit: limits.max_image_bytes,
        });
    }
    let text = credential.as_str();
    if text.len() > limits.max_credential_bytes {
        return Err(BakeError::CredentialTooLarge {
            size: text.len(),
            limit: limits.max_credential_bytes,
        });
    }
    match Format::detect(image) {
        Some(Format::Png) => png::bake(image, credential, limits),
        Some(Format::Svg) => svg::bake(image, credential),
        None => Err(BakeError::UnknownFormat),
    }
}

/// Extracts the credential from a PNG or SVG image, with the default options.
///
/// # Errors
/// [`UnbakeError::NotFound`] when no credential is baked in, [`UnbakeError::SeveralCredentials`]
/// when more than one is, [`UnbakeError::Png`] / [`UnbakeError::Svg`] for a malformed image
/// (bad signature, truncated chunk, bad CRC, compressed chunk, DTD, ...),
/// [`UnbakeError::UnknownFormat`] for other input, size errors past the limits.
pub fn unbake(image: &[u8]) -> Result<BakedCredential, UnbakeError> {
    unbake_with(image, &UnbakeOptions::default())
}

/// [`unbake`] with explicit options.
///
/// # Errors
/// As [`unbake`].
pub fn unbake_with(image: &[u8], options: &UnbakeOptions) -> Result<BakedCredential, UnbakeError> {
    if image.len() as u64 > options.limits.max_image_bytes {
        return Err(UnbakeError::ImageTooLarge {
            limit: options.limits.max_image_bytes,
        });
    }
    match Format::detect(image) {
        Some(Format::Png) => png::unbake(image, options),
        Some(Format::Svg) => svg::unbake(image, options),
        None => Err(UnbakeError::UnknownFormat),
    }
}

/// Extracts the credential from an image read from `source`, with the default options. A PNG
/// is read as a stream (never more than one credential chunk in memory); an SVG is read
/// whole, up to [`Limits::max_image_bytes`].
///
/// # Errors
/// As [`unbake`], plus [`UnbakeError::Io`] when reading fails.
pub fn unbake_reader<R: Read>(source: R) -> Result<BakedCredential, UnbakeError> {
    unbake_reader_with(source, &UnbakeOptions::default())
}

/// [`unbake_reader`] with explicit options.
///
/// # Errors
/// As [`unbake_reader`].
pub fn unbake_reader_with<R: Read>(
    source: R,
    options: &UnbakeOptions,
) -> Result<BakedCredential, UnbakeError> {
    let limit = options.limits.max_image_bytes;
    let mut source = source.take(limit.saturating_add(1));
    let mut head = Vec::with_capacity(8);
    (&mut source).take(8).read_to_end(&mut head)?;
    if head.as_slice() == png::SIGNATURE.as_slice() {
        return png::unbake(head.as_slice().chain(source), options);
    }
    let mut all = head;
    source.read_to_end(&mut all)?;
    if all.len() as u64 > limit {
        return Err(UnbakeError::ImageTooLarge { limit });
    }
    match Format::detect(&all) {
        Some(Format::Png) => png::unbake(&all[..], options),
        Some(Format::Svg) => svg::unbake(&all, options),
        None => Err(UnbakeError::UnknownFormat),
    }
}
