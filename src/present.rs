//! Verifiable presentations (VCDM 2.0, and 1.1): build, sign, verify.
//!
//! - [`PresentationBuilder`]: whole credentials, enveloped `vc+jwt`s, SD-JWT VCs with a
//!   disclosure selection; a selection on a credential whose proof cannot disclose
//!   selectively is refused with [`PresentError::NotSelectivelyDisclosable`].
//! - [`PresentationBuilder::clr_members`]: chosen member credentials of a CLR 2.0
//!   `ClrCredential` ([`ClrMember`]), each presented as a separate credential with its own
//!   proof.
//! - [`sign_presentation`] (or [`sign_presentation_with`] a canonicalizer of your own): the
//!   holder's Data Integrity proof (`proofPurpose`
//!   `authentication`, `challenge`, `domain`, `created`); [`sign_presentation_jwt`]: a
//!   `vp+jwt` (`nonce`, `aud`, `iat`).
//! - [`PresentationChecker`]: plugs into the [`Verifier`](crate::verify::Verifier), which
//!   then verifies the presentation (holder binding included) and every embedded or
//!   enveloped credential with its own report. Replay defence: the verifier's expected
//!   challenge and domain ([`Policy`](crate::verify::Policy)) and a [`ReplayWindow`] on
//!   `created`.
//!
//! Finding codes (module [`codes`]): `presentation.challenge`, `presentation.domain`,
//! `presentation.created`, `presentation.challenge_unchecked` (warning); the proof
//! module's `proof.*` codes for the signature itself.

mod build;
mod check;
mod clr;
mod error;
mod sign;

pub use build::{
    CONTEXT_DATA_INTEGRITY, CONTEXT_V1, CONTEXT_V2, PresentationBuilder, SD_JWT_DATA_URL_PREFIX,
};
pub use check::{PresentationChecker, ReplayWindow};
pub use clr::{CLR_CREDENTIAL_TYPE, ClrMember, is_clr_credential};
pub use error::PresentError;
pub use sign::{
    PresentationProofOptions, TYP_VP_JWT, sign_presentation, sign_presentation_jwt,
    sign_presentation_with,
};

/// The stable finding codes of presentation checks.
pub mod codes {
    /// The proof's `challenge` (a `vp+jwt`'s `nonce`) is absent or not the verifier's.
    pub const CHALLENGE: &str = "presentation.challenge";
    /// Warning: the verifier expected no challenge, so replay is not excluded.
    pub const CHALLENGE_UNCHECKED: &str = "presentation.challenge_unchecked";
    /// The proof's `domain` (a `vp+jwt`'s `aud`) does not name the verifier's domain.
    pub const DOMAIN: &str = "presentation.domain";
    /// `created` (`iat`) is missing, in the future, or older than the replay window.
    pub const CREATED: &str = "presentation.created";
}
