//! Strict base64url (RFC 7515 §2, RFC 4648 §5): no padding, no characters outside the
//! URL-safe alphabet, no non-zero trailing bits.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// Why a base64url segment was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Base64Problem {
    /// A character outside `A–Z a–z 0–9 - _` (padding `=` included) at this byte offset.
    Character { offset: usize },
    /// A length of 4k + 1 characters cannot encode whole bytes.
    Length,
    /// The last character carries bits that are not zero (a non-canonical encoding).
    TrailingBits,
}

impl Base64Problem {
    pub(crate) fn reason(self) -> &'static str {
        match self {
            Base64Problem::Character { .. } => "a character outside the base64url alphabet",
            Base64Problem::Length => "a length that cannot encode whole bytes",
            Base64Problem::TrailingBits => "non-zero trailing bits (not the canonical encoding)",
        }
    }
}

/// Encodes bytes as base64url without padding.
pub(crate) fn encode(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Decodes strict base64url.
pub(crate) fn decode(text: &str) -> Result<Vec<u8>, Base64Problem> {
    if let Some(offset) = text
        .bytes()
        .position(|b| !(b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
    {
        return Err(Base64Problem::Character { offset });
    }
    if text.len() % 4 == 1 {
        return Err(Base64Problem::Length);
    }
    // Only the trailing bits can still fail: the alphabet and length are checked.
    URL_SAFE_NO_PAD
        .decode(text)
        .map_err(|_| Base64Problem::TrailingBits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn refuses_padding_and_foreign_characters() {
        assert_eq!(decode("YQ=="), Err(Base64Problem::Character { offset: 2 }));
        assert_eq!(decode("a+b/"), Err(Base64Problem::Character { offset: 1 }));
        assert_eq!(decode("YQ"), Ok(b"a".to_vec()));
        assert_eq!(decode("YR"), Err(Base64Problem::TrailingBits));
        assert_eq!(decode("abcde"), Err(Base64Problem::Length));
        assert_eq!(decode(""), Ok(Vec::new()));
    }

    proptest! {
        #[test]
        fn round_trip(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            prop_assert_eq!(decode(&encode(&bytes)), Ok(bytes));
        }

        #[test]
        fn decode_never_panics(text in "[A-Za-z0-9_=+/.-]{0,40}") {
            let _ = decode(&text);
        }
    }
}
