//! [`Iri`] and [`Uri`]: absolute identifiers with a checked scheme.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Why a string is not an absolute IRI or URI.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum IriError {
    /// No scheme: the text does not start with `letter *(letter / digit / "+" / "-" / ".") ":"`.
    #[error("\"{text}\" is not absolute: it has no scheme (like `https:` or `urn:`)")]
    NoScheme {
        /// The refused text.
        text: String,
    },
    /// A character that may not appear in an IRI (space, control, `<>"{{}}|\^` or backtick).
    #[error("\"{text}\" has a forbidden character {character:?} at byte {offset}")]
    ForbiddenCharacter {
        /// The refused text.
        text: String,
        /// The character.
        character: char,
        /// Its byte offset.
        offset: usize,
    },
    /// A `%` not followed by two hexadecimal digits.
    #[error("\"{text}\" has a malformed percent-escape at byte {offset}")]
    BadPercentEscape {
        /// The refused text.
        text: String,
        /// Byte offset of the `%`.
        offset: usize,
    },
}

fn check(text: &str, ascii_only: bool) -> Result<(), IriError> {
    let scheme_len = text.find(':').unwrap_or(0);
    let scheme = &text.as_bytes()[..scheme_len];
    let scheme_ok = scheme.first().is_some_and(u8::is_ascii_alphabetic)
        && scheme
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'));
    if !scheme_ok {
        return Err(IriError::NoScheme {
            text: text.to_string(),
        });
    }
    let bytes = text.as_bytes();
    for (offset, character) in text.char_indices() {
        let forbidden = character.is_whitespace()
            || character.is_control()
            || matches!(
                character,
                '<' | '>' | '"' | '{' | '}' | '|' | '\\' | '^' | '`'
            )
            || (ascii_only && !character.is_ascii());
        if forbidden {
            return Err(IriError::ForbiddenCharacter {
                text: text.to_string(),
                character,
                offset,
            });
        }
        if character == '%' {
            let hex = |i: usize| bytes.get(offset + i).is_some_and(u8::is_ascii_hexdigit);
            if !(hex(1) && hex(2)) {
                return Err(IriError::BadPercentEscape {
                    text: text.to_string(),
                    offset,
                });
            }
        }
    }
    Ok(())
}

macro_rules! identifier {
    ($(#[$meta:meta])* $name:ident, ascii_only = $ascii:literal) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(String);

        impl $name {
            /// Checks and wraps a string.
            ///
            /// # Errors
            /// [`IriError`] when the text has no scheme or has a forbidden character.
            pub fn parse(text: impl Into<String>) -> Result<Self, IriError> {
                let text = text.into();
                check(&text, $ascii)?;
                Ok($name(text))
            }

            /// The text.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The scheme, without the colon (`https`, `urn`, `did`...).
            pub fn scheme(&self) -> &str {
                self.0.split_once(':').map_or("", |(scheme, _)| scheme)
            }

            /// The text, owned.
            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl FromStr for $name {
            type Err = IriError;
            fn from_str(text: &str) -> Result<Self, IriError> {
                Self::parse(text)
            }
        }

        impl TryFrom<&str> for $name {
            type Error = IriError;
            fn try_from(text: &str) -> Result<Self, IriError> {
                Self::parse(text)
            }
        }

        impl TryFrom<String> for $name {
            type Error = IriError;
            fn try_from(text: String) -> Result<Self, IriError> {
                Self::parse(text)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                Self::parse(text).map_err(serde::de::Error::custom)
            }
        }
    };
}

identifier!(
    /// An absolute IRI (RFC 3987): a scheme, then no spaces, controls or `<>"{}|\^` and backtick.
    /// Non-ASCII characters are allowed. Used for `id` and other `@id`-typed members.
    ///
    /// ```
    /// use openbadges::values::Iri;
    ///
    /// let id = Iri::parse("https://example.edu/badges/1")?;
    /// assert_eq!(id.scheme(), "https");
    /// assert!(Iri::parse("did:example:ébène").is_ok());
    /// assert!(Iri::parse("example.edu/badges/1").is_err());
    /// assert!(Iri::parse("https://example.edu/a b").is_err());
    /// # Ok::<(), openbadges::values::IriError>(())
    /// ```
    Iri,
    ascii_only = false
);

identifier!(
    /// An absolute URI (RFC 3986): as [`Iri`], but ASCII only.
    ///
    /// ```
    /// use openbadges::values::Uri;
    ///
    /// assert!(Uri::parse("https://example.edu/%C3%A9").is_ok());
    /// assert!(Uri::parse("https://example.edu/é").is_err());
    /// ```
    Uri,
    ascii_only = true
);

impl From<Uri> for Iri {
    fn from(uri: Uri) -> Self {
        Iri(uri.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes() {
        for ok in [
            "urn:uuid:1",
            "did:key:z6Mk",
            "https://x/#frag",
            "a+b.c-d:x",
            "xxx:",
        ] {
            assert!(Iri::parse(ok).is_ok(), "{ok}");
        }
        for bad in ["", ":x", "1ab:x", "no-colon", "a b:c", "é:x"] {
            assert!(
                matches!(Iri::parse(bad), Err(IriError::NoScheme { .. })),
                "{bad}"
            );
        }
    }

    #[test]
    fn characters() {
        assert!(matches!(
            Iri::parse("https://x/\u{7f}"),
            Err(IriError::ForbiddenCharacter { offset: 10, .. })
        ));
        assert!(matches!(
            Iri::parse("https://x/%2"),
            Err(IriError::BadPercentEscape { offset: 10, .. })
        ));
        assert!(Iri::parse("https://x/%2f").is_ok());
    }
}
