//! Errors of building and signing presentations.

use super::ClrMember;
use crate::crypto::SignError;
use crate::jose::sd_jwt::SdJwtError;
use crate::proof::ProofError;
use crate::report::JsonPath;
use crate::sd::SdError;

/// Why a presentation could not be built or signed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PresentError {
    /// A credential given to the builder is not a JSON object (nor a compact JWS).
    #[error("credential {index} is not a JSON object")]
    NotObject {
        /// Its position among the builder's credentials.
        index: usize,
    },
    /// An enveloped (VCDM 2.0) credential cannot go into a VCDM 1.1 presentation.
    #[error(
        "credential {index} is enveloped (VCDM 2.0), which a VCDM 1.1 presentation cannot carry"
    )]
    EnvelopedInLegacy {
        /// Its position among the builder's credentials.
        index: usize,
    },
    /// A disclosure selection was asked for a credential whose proof cannot disclose
    /// selectively.
    #[error("credential {index} cannot be disclosed selectively: {reason}")]
    NotSelectivelyDisclosable {
        /// Its position among the builder's credentials.
        index: usize,
        /// Why (the proof it has).
        reason: &'static str,
    },
    /// A disclosure selection pointer names nothing in its credential.
    #[error("credential {index}: pointer \"{pointer}\" names no member")]
    Pointer {
        /// Its position among the builder's credentials.
        index: usize,
        /// The pointer.
        pointer: String,
    },
    /// Deriving an ecdsa-sd-2023 disclosure failed.
    #[error("credential {index}: deriving the ecdsa-sd-2023 disclosure: {source}")]
    Derive {
        /// Its position among the builder's credentials.
        index: usize,
        /// Why.
        source: SdError,
    },
    /// A credential given for its CLR members is not a CLR 2.0 `ClrCredential` with
    /// member credentials.
    #[error("credential {index} is not a ClrCredential with members: at {path}: {reason}")]
    NotClr {
        /// Its position among the builder's credentials.
        index: usize,
        /// Where in it.
        path: JsonPath,
        /// What is wrong there.
        reason: &'static str,
    },
    /// No member credential was chosen from a CLR.
    #[error("credential {index}: no member of the ClrCredential was chosen")]
    ClrNoMemberChosen {
        /// Its position among the builder's credentials.
        index: usize,
    },
    /// A chosen member credential is not in the CLR.
    #[error(
        "credential {index}: the ClrCredential has no member with {member} at {path} ({count} members)"
    )]
    ClrMemberNotFound {
        /// Its position among the builder's credentials.
        index: usize,
        /// The members array.
        path: JsonPath,
        /// The member asked for.
        member: ClrMember,
        /// How many members the CLR has.
        count: usize,
    },
    /// A chosen member credential cannot be presented on its own.
    #[error("credential {index}: the ClrCredential member at {path} cannot be presented: {reason}")]
    ClrMemberUnusable {
        /// Its position among the builder's credentials.
        index: usize,
        /// The member.
        path: JsonPath,
        /// Why.
        reason: &'static str,
    },
    /// Deriving the mandatory-claims disclosure of a CLR member with an ecdsa-sd-2023
    /// base proof failed.
    #[error(
        "credential {index}: the ClrCredential member at {path}: deriving its ecdsa-sd-2023 disclosure: {source}"
    )]
    ClrMemberDerive {
        /// Its position among the builder's credentials.
        index: usize,
        /// The member.
        path: JsonPath,
        /// Why.
        source: SdError,
    },
    /// The presentation is not a JSON object.
    #[error("the presentation is not a JSON object")]
    PresentationNotObject,
    /// The SD-JWT credential could not be presented.
    #[error("credential {index}: {source}")]
    SdJwt {
        /// Its position among the builder's credentials.
        index: usize,
        /// The SD-JWT problem.
        source: SdJwtError,
    },
    /// The Data Integrity proof could not be created.
    #[error(transparent)]
    Proof(#[from] ProofError),
    /// The signer failed.
    #[error(transparent)]
    Sign(#[from] SignError),
}
