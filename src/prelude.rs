//! The names most programs need, in one `use`:
//!
//! ```
//! use openbadges::prelude::*;
//!
//! let key = SecretKey::generate(KeyType::Ed25519)?;
//! let issuer = Issuer::new(key.into_did_key_signer(), Cryptosuite::EddsaRdfc2022)?;
//! # let _ = issuer;
//! let verifier = Verifier::builder().fetcher(MemoryFetcher::new()).build();
//! # let _ = verifier;
//! # Ok::<(), openbadges::Error>(())
//! ```
//!
//! It holds the entry points of the main jobs (parse, issue, verify with its checklist,
//! fetch), their options and outcomes, the umbrella [`Error`], and the traits whose methods
//! callers use ([`Signer`], [`Fetcher`], [`AsyncFetcher`], [`KeyResolver`]). Everything else
//! stays in its module.

pub use crate::crypto::{KeyType, PublicKey, SecretKey, Signer};
pub use crate::document::Document;
pub use crate::error::Error;
pub use crate::fetch::{AsyncFetcher, Fetcher, MemoryFetcher, OfflineFetcher};
pub use crate::issue::{IssueOptions, Issuer};
pub use crate::proof::Cryptosuite;
pub use crate::report::{Finding, JsonPath, Severity};
pub use crate::resolve::KeyResolver;
pub use crate::verify::{
    Check, CheckId, CheckStatus, Policy, Verdict, VerificationReport, Verifier,
};
