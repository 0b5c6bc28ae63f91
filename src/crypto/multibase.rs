//! Multibase text encodings: base58btc (`z`) and base64url without padding (`u`).
//!
//! Data Integrity proof values and Multikey keys use base58btc; some suites (ecdsa-sd-2023,
//! bbs-2023) use base64url. Decoding is bounded: base58 decoding is quadratic in the input
//! length, so every decode takes the largest number of bytes the caller accepts and refuses
//! longer text before doing any work.
//!
//! ```
//! use openbadges::crypto::multibase::{self, Base};
//!
//! let text = multibase::encode(Base::Base58Btc, b"hello");
//! assert_eq!(text, "zCn8eVZg");
//! assert_eq!(multibase::decode(&text, 64).unwrap(), (Base::Base58Btc, b"hello".to_vec()));
//! ```

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// A multibase base this crate reads and writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Base {
    /// Bitcoin base58, prefix `z`.
    Base58Btc,
    /// RFC 4648 base64url without padding, prefix `u`.
    Base64Url,
}

impl Base {
    /// The multibase prefix character.
    pub fn prefix(self) -> char {
        match self {
            Base::Base58Btc => 'z',
            Base::Base64Url => 'u',
        }
    }
}

/// Why a multibase string could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MultibaseError {
    /// The string is empty (no base prefix).
    #[error("empty multibase string")]
    Empty,
    /// The prefix names a base this crate does not read.
    #[error("unsupported multibase prefix '{prefix}' (expected 'z' base58btc or 'u' base64url)")]
    UnsupportedBase {
        /// The prefix found.
        prefix: char,
    },
    /// The prefix is valid but not the one required here.
    #[error("multibase prefix '{found}' where '{expected}' is required")]
    WrongBase {
        /// The prefix required.
        expected: char,
        /// The prefix found.
        found: char,
    },
    /// The text is longer than the caller accepts.
    #[error("multibase text of {length} characters exceeds the limit of {limit}")]
    TooLong {
        /// Length of the text, in bytes.
        length: usize,
        /// Largest accepted text length, in bytes.
        limit: usize,
    },
    /// A character outside the base's alphabet.
    #[error("invalid {base} character at offset {offset}")]
    InvalidCharacter {
        /// Name of the base.
        base: &'static str,
        /// Byte offset of the character in the text after the prefix.
        offset: usize,
    },
    /// The text is not a valid encoding (for example base64 with stray bits).
    #[error("invalid {base} encoding")]
    InvalidEncoding {
        /// Name of the base.
        base: &'static str,
    },
}

/// Encodes `bytes` with the multibase prefix of `base`.
pub fn encode(base: Base, bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 138 / 100 + 2);
    out.push(base.prefix());
    match base {
        Base::Base58Btc => out.push_str(&bs58::encode(bytes).into_string()),
        Base::Base64Url => out.push_str(&URL_SAFE_NO_PAD.encode(bytes)),
    }
    out
}

/// The longest text (prefix included) that can encode `max_bytes` bytes in any supported base.
fn max_text_len(max_bytes: usize) -> usize {
    // base58 needs at most log(256)/log(58) ≈ 1.3658 characters a byte; base64 needs 4/3.
    max_bytes.saturating_mul(1366) / 1000 + 2
}

/// Decodes multibase `text` holding at most `max_bytes` bytes.
///
/// # Errors
/// [`MultibaseError`] when the text is empty, has an unsupported prefix, is too long for
/// `max_bytes`, or is not a valid encoding.
pub fn decode(text: &str, max_bytes: usize) -> Result<(Base, Vec<u8>), MultibaseError> {
    let limit = max_text_len(max_bytes);
    if text.len() > limit {
        return Err(MultibaseError::TooLong {
            length: text.len(),
            limit,
        });
    }
    let mut chars = text.chars();
    let prefix = chars.next().ok_or(MultibaseError::Empty)?;
    let body = chars.as_str();
    let (base, bytes) = match prefix {
        'z' => (Base::Base58Btc, decode_base58(body)?),
        'u' => (Base::Base64Url, decode_base64url(body)?),
        other => return Err(MultibaseError::UnsupportedBase { prefix: other }),
    };
    if bytes.len() > max_bytes {
        return Err(MultibaseError::TooLong {
            length: text.len(),
            limit,
        });
    }
    Ok((base, bytes))
}

/// Decodes multibase `text` that must use `base`, holding at most `max_bytes` bytes.
///
/// # Errors
/// As [`decode`], and [`MultibaseError::WrongBase`] when the prefix is another base.
pub fn decode_base(text: &str, base: Base, max_bytes: usize) -> Result<Vec<u8>, MultibaseError> {
    match text.chars().next() {
        None => Err(MultibaseError::Empty),
        Some(c) if c != base.prefix() && matches!(c, 'z' | 'u') => Err(MultibaseError::WrongBase {
            expected: base.prefix(),
            found: c,
        }),
        Some(_) => decode(text, max_bytes).map(|(_, bytes)| bytes),
    }
}

fn decode_base58(body: &str) -> Result<Vec<u8>, MultibaseError> {
    bs58::decode(body).into_vec().map_err(|e| match e {
        bs58::decode::Error::InvalidCharacter { index, .. } => MultibaseError::InvalidCharacter {
            base: "base58btc",
            offset: index,
        },
        _ => MultibaseError::InvalidEncoding { base: "base58btc" },
    })
}

/// Decodes unpadded base64url (RFC 4648 §5), rejecting padding and non-canonical trailing bits.
pub(crate) fn decode_base64url(body: &str) -> Result<Vec<u8>, MultibaseError> {
    if let Some(offset) = body
        .bytes()
        .position(|b| !(b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
    {
        return Err(MultibaseError::InvalidCharacter {
            base: "base64url",
            offset,
        });
    }
    URL_SAFE_NO_PAD
        .decode(body)
        .map_err(|_| MultibaseError::InvalidEncoding { base: "base64url" })
}

/// Encodes unpadded base64url.
pub(crate) fn encode_base64url(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}
