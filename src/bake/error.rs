//! Errors of baking and unbaking, and where in an image they happened.

use std::fmt;

use crate::document::ParseError;

use super::Format;

/// A place in an image: a byte offset and chunk of a PNG, or a line and column of an SVG.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Location {
    /// A PNG chunk.
    Png {
        /// Byte offset of the chunk's length field from the start of the file.
        offset: u64,
        /// Index of the chunk (0 = the first chunk after the signature).
        chunk: usize,
    },
    /// A place in an SVG document.
    Svg {
        /// 1-based line.
        line: usize,
        /// 1-based column, in bytes.
        column: usize,
    },
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Png { offset, chunk } => write!(f, "chunk {chunk} at byte {offset}"),
            Location::Svg { line, column } => write!(f, "line {line}, column {column}"),
        }
    }
}

/// A four-letter PNG chunk type, printed as text (`iTXt`) or as escaped bytes when not ASCII.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct ChunkType(pub [u8; 4]);

impl fmt::Display for ChunkType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for &b in &self.0 {
            if b.is_ascii_graphic() {
                write!(f, "{}", b as char)?;
            } else {
                write!(f, "\\x{b:02x}")?;
            }
        }
        Ok(())
    }
}

impl fmt::Debug for ChunkType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ChunkType({self})")
    }
}

/// Why a PNG could not be read or baked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PngError {
    /// The input does not start with the 8-byte PNG signature.
    #[error("not a PNG: the 8-byte PNG signature is missing")]
    BadSignature,
    /// The input ends inside a chunk (or before `IEND`).
    #[error("truncated PNG: input ends inside {what} of the chunk at byte {offset}")]
    Truncated {
        /// Byte offset of the chunk that is cut short.
        offset: u64,
        /// Which part is missing: "the length and type", "the data" or "the CRC".
        what: &'static str,
    },
    /// The input ends without an `IEND` chunk.
    #[error("truncated PNG: no IEND chunk before the end of the input (byte {offset})")]
    MissingIend {
        /// Length of the input.
        offset: u64,
    },
    /// A chunk's stored CRC does not match its type and data.
    #[error(
        "bad CRC in the {chunk_type} chunk at byte {offset}: stored {stored:#010x}, computed {computed:#010x}"
    )]
    BadCrc {
        /// Byte offset of the chunk.
        offset: u64,
        /// The chunk's type.
        chunk_type: ChunkType,
        /// The CRC stored in the file.
        stored: u32,
        /// The CRC of the chunk's type and data.
        computed: u32,
    },
    /// A chunk length above 2^31 − 1 (forbidden by the PNG specification).
    #[error("chunk at byte {offset} declares length {length}, above the PNG maximum of 2^31-1")]
    BadLength {
        /// Byte offset of the chunk.
        offset: u64,
        /// The declared length.
        length: u32,
    },
    /// A chunk whose declared length takes the image past
    /// [`Limits::max_image_bytes`](super::Limits::max_image_bytes), reported before any of
    /// it is read: the same error when baking and unbaking.
    #[error(
        "chunk at byte {offset} declares {length} bytes of data, which takes the image past the limit of {limit} bytes"
    )]
    ChunkPastLimit {
        /// Byte offset of the chunk.
        offset: u64,
        /// The declared length.
        length: u32,
        /// The limit in force.
        limit: u64,
    },
    /// A chunk type that is not four ASCII letters.
    #[error("chunk at byte {offset} has the invalid type {chunk_type}")]
    BadChunkType {
        /// Byte offset of the chunk.
        offset: u64,
        /// The type as found.
        chunk_type: ChunkType,
    },
    /// The first chunk is not `IHDR`.
    #[error("the first chunk is {chunk_type}, not IHDR")]
    FirstChunkNotIhdr {
        /// The type of the first chunk.
        chunk_type: ChunkType,
    },
    /// A credential `iTXt` chunk whose layout is wrong.
    #[error("malformed iTXt chunk at byte {offset}: {reason}")]
    MalformedItxt {
        /// Byte offset of the chunk.
        offset: u64,
        /// What is wrong.
        reason: &'static str,
    },
    /// A credential `iTXt` chunk with the compression flag set. OB 3.0 §5.3 says compression
    /// MUST NOT be used, so such a chunk is refused rather than inflated.
    #[error(
        "the credential iTXt chunk at byte {offset} is compressed; OB 3.0 baking forbids compression"
    )]
    CompressedCredential {
        /// Byte offset of the chunk.
        offset: u64,
    },
    /// The text of a credential `iTXt` chunk is not UTF-8.
    #[error(
        "the credential text in the chunk at byte {offset} is not UTF-8 (invalid byte at text offset {valid_up_to})"
    )]
    NotUtf8 {
        /// Byte offset of the chunk.
        offset: u64,
        /// Offset within the text of the first invalid byte.
        valid_up_to: usize,
    },
}

/// Why an SVG could not be read or baked.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum SvgError {
    /// The document is not UTF-8 (UTF-16 and legacy encodings are not supported).
    #[error("SVG is not UTF-8: invalid byte at offset {offset}")]
    NotUtf8 {
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
    /// The XML is not well-formed.
    #[error("SVG is not well-formed XML at {location}: {source}")]
    Xml {
        /// Where the parser stopped.
        location: Location,
        /// The parser's error.
        source: quick_xml::Error,
    },
    /// A `<!DOCTYPE>` with an internal subset (DTD declarations, entity declarations): refused,
    /// so entity expansion ("billion laughs") can never happen.
    #[error(
        "SVG at {location} has a DOCTYPE with an internal subset (DTD or entity declarations), which is refused"
    )]
    Dtd {
        /// Where the DOCTYPE starts.
        location: Location,
    },
    /// A reference to an entity other than the five predefined ones.
    #[error("SVG at {location} references the undeclared entity &{name};")]
    UnknownEntity {
        /// Where the reference is.
        location: Location,
        /// The entity's name.
        name: String,
    },
    /// The document has no root element.
    #[error("SVG has no root element")]
    NoRoot,
    /// The root element is not `<svg>`.
    #[error("the root element at {location} is <{name}>, not <svg>")]
    RootNotSvg {
        /// Where the root element starts.
        location: Location,
        /// Its qualified name.
        name: String,
    },
    /// An element after the end of the root element.
    #[error("element after the end of the root element at {location}")]
    ContentAfterRoot {
        /// Where the extra element starts.
        location: Location,
    },
    /// The document ends before the root element is closed.
    #[error("SVG ends before the root element is closed")]
    Unclosed,
    /// The credential element contains another element.
    #[error(
        "the credential element contains an element at {location}; only text or CDATA is allowed"
    )]
    NestedElement {
        /// Where the nested element starts.
        location: Location,
    },
    /// The credential element has both a `verify` attribute and text content.
    #[error("the credential element at {location} has both a verify attribute and content")]
    AmbiguousCredential {
        /// Where the credential element starts.
        location: Location,
    },
}

/// Why a credential cannot be baked: its text is neither an OB nor a CLR credential.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CredentialError {
    /// The JSON credential does not parse.
    #[error("the credential is not valid JSON: {0}")]
    Json(#[from] ParseError),
    /// The text is not a compact JWS (three base64url segments).
    #[error("the credential is not a compact JWS: {reason}")]
    NotJws {
        /// What is wrong.
        reason: &'static str,
    },
    /// Neither `OpenBadgeCredential`/`AchievementCredential`/`EndorsementCredential` nor
    /// `ClrCredential` appears in `type` (of the JSON, or of the JWS payload or its `vc`).
    #[error(
        "cannot tell whether this is an Open Badges or a CLR credential from its type; set the kind explicitly"
    )]
    UnknownKind,
}

/// Why a credential could not be baked into an image.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum BakeError {
    /// The image is neither PNG nor SVG.
    #[error("the image is neither PNG nor SVG")]
    UnknownFormat,
    /// The image is larger than [`Limits::max_image_bytes`](super::Limits::max_image_bytes).
    #[error("the image is {size} bytes, more than the limit of {limit} bytes")]
    ImageTooLarge {
        /// Size of the image.
        size: u64,
        /// The limit in force.
        limit: u64,
    },
    /// The credential is larger than
    /// [`Limits::max_credential_bytes`](super::Limits::max_credential_bytes).
    #[error("the credential is {size} bytes, more than the limit of {limit} bytes")]
    CredentialTooLarge {
        /// Size of the credential text.
        size: usize,
        /// The limit in force.
        limit: usize,
    },
    /// The credential text holds a character XML cannot carry (a control character).
    #[error("the credential holds U+{code:04X} at byte {offset}, which XML cannot carry")]
    InvalidXmlChar {
        /// Offset in the credential text.
        offset: usize,
        /// The character's code point.
        code: u32,
    },
    /// The PNG is malformed.
    #[error(transparent)]
    Png(#[from] PngError),
    /// The SVG is malformed.
    #[error(transparent)]
    Svg(#[from] SvgError),
    /// The document to bake is not an OB or CLR credential
    /// ([`bake_document`](super::bake_document)).
    #[error(transparent)]
    Credential(#[from] CredentialError),
}

/// Why no credential could be extracted from an image.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum UnbakeError {
    /// Reading the image failed.
    #[error("cannot read the image: {0}")]
    Io(#[from] std::io::Error),
    /// The image is neither PNG nor SVG.
    #[error("the image is neither PNG nor SVG")]
    UnknownFormat,
    /// The image is larger than [`Limits::max_image_bytes`](super::Limits::max_image_bytes).
    #[error("the image is larger than the limit of {limit} bytes")]
    ImageTooLarge {
        /// The limit in force.
        limit: u64,
    },
    /// The credential is larger than
    /// [`Limits::max_credential_bytes`](super::Limits::max_credential_bytes).
    #[error("the credential at {location} is {size} bytes, more than the limit of {limit} bytes")]
    CredentialTooLarge {
        /// Where the credential is.
        location: Location,
        /// Its size (for PNG, the chunk's data length).
        size: u64,
        /// The limit in force.
        limit: usize,
    },
    /// The image holds no baked OB 3.0 / CLR 2.0 credential.
    #[error("no baked Open Badges 3.0 or CLR 2.0 credential in this {format:?} image{}",
        if *legacy_ob2 { " (it holds an Open Badges 2.0 assertion, which is a different format)" } else { "" })]
    NotFound {
        /// The image's format.
        format: Format,
        /// Whether an Open Badges 2.0 baked assertion (`openbadges` keyword or
        /// `<openbadges:assertion>`) was seen instead.
        legacy_ob2: bool,
    },
    /// More than one credential is baked in (OB 3.0 §5.3 forbids it). Refused by default; see
    /// [`Duplicates`](super::Duplicates).
    #[error("several credentials are baked in: at {first} and at {second}")]
    SeveralCredentials {
        /// The first credential.
        first: Location,
        /// The second one.
        second: Location,
    },
    /// The baked text is neither JSON (starting with `{`) nor a compact JWS.
    #[error("the credential at {location} is neither a JSON object nor a compact JWS")]
    UnrecognizedPayload {
        /// Where the credential is.
        location: Location,
    },
    /// The PNG is malformed.
    #[error(transparent)]
    Png(#[from] PngError),
    /// The SVG is malformed.
    #[error(transparent)]
    Svg(#[from] SvgError),
}
