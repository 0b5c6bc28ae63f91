//! Errors of JWS decoding, JWT issuing and envelope handling.

use std::fmt;

use crate::crypto::SignError;
use crate::document::ParseError;

/// One of the three parts of a compact JWS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Segment {
    /// The protected header (first segment).
    Header,
    /// The payload (second segment).
    Payload,
    /// The signature (third segment).
    Signature,
}

impl fmt::Display for Segment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Segment::Header => "header",
            Segment::Payload => "payload",
            Segment::Signature => "signature",
        })
    }
}

/// Why a compact JWS could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum JwsError {
    /// The token is longer than [`JwsLimits::max_token_bytes`](super::JwsLimits).
    #[error("token is {size} bytes, more than the limit of {limit} bytes")]
    TooLarge {
        /// Size of the token.
        size: usize,
        /// The limit in force.
        limit: usize,
    },
    /// A compact JWS has exactly three `.`-separated segments.
    #[error("a compact JWS has 3 segments separated by '.', this token has {found}")]
    Segments {
        /// The number of segments found.
        found: usize,
    },
    /// The header or payload segment is empty.
    #[error("the {segment} segment is empty")]
    Empty {
        /// The empty segment.
        segment: Segment,
    },
    /// A segment is not strict base64url.
    #[error("the {segment} segment is not base64url: {reason} (at character {offset})")]
    Base64 {
        /// The segment.
        segment: Segment,
        /// Character offset inside the segment (for length and trailing-bit problems, its
        /// length).
        offset: usize,
        /// What is wrong.
        reason: &'static str,
    },
    /// The header or payload is not acceptable JSON (syntax, duplicate member, depth, UTF-8).
    #[error("the {segment} is not acceptable JSON: {source}")]
    Json {
        /// The segment.
        segment: Segment,
        /// The parser's error.
        #[source]
        source: ParseError,
    },
    /// The header or payload is JSON but not an object.
    #[error("the {segment} is not a JSON object")]
    NotObject {
        /// The segment.
        segment: Segment,
    },
}

/// Why a credential could not be issued as a JWT.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum IssueJwtError {
    /// The credential is not a JSON object.
    #[error("the credential is not a JSON object")]
    NotObject,
    /// A member the chosen form needs is missing or has the wrong type.
    #[error("credential member \"{member}\" {reason}")]
    Member {
        /// The member (`issuer`, `validFrom`, ...).
        member: &'static str,
        /// What is wrong.
        reason: &'static str,
    },
    /// A date member is not an RFC 3339 date-time.
    #[error("credential member \"{member}\" is not an RFC 3339 date-time: \"{value}\"")]
    Date {
        /// The member.
        member: &'static str,
        /// The value found.
        value: String,
    },
    /// The credential already has a JWT claim this form adds (`iss`, `vc`, ...).
    #[error("the credential already has a member \"{claim}\", which the JWT form sets itself")]
    ClaimPresent {
        /// The claim.
        claim: &'static str,
    },
    /// An extra header member would override a member the issuer sets (`alg`, `typ`, ...).
    #[error("the extra header member \"{member}\" is set by the issuer itself")]
    ReservedHeader {
        /// The member.
        member: String,
    },
    /// The signer failed.
    #[error(transparent)]
    Sign(#[from] SignError),
}

/// Why a value is not an `EnvelopedVerifiableCredential` carrying a `vc+jwt`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EnvelopeError {
    /// The value is not a JSON object.
    #[error("the envelope is not a JSON object")]
    NotObject,
    /// `type` does not include `EnvelopedVerifiableCredential`.
    #[error("type does not include EnvelopedVerifiableCredential")]
    Type,
    /// `id` is missing or not a string.
    #[error("the envelope has no string id")]
    MissingId,
    /// `id` is not a `data:application/vc+jwt,<jws>` URL.
    #[error("id is not a data:application/vc+jwt,<compact JWS> URL")]
    MediaType,
}
