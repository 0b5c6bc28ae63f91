//! Fetching documents by URL: the one trait family through which all network access of the
//! library goes, for keys (DID documents, controller documents, JWK Sets) and resources
//! (status lists, revocation lists, refreshed credentials) alike.
//!
//! - [`Fetcher`]: the blocking trait, `Send + Sync` so a verifier shares it across threads.
//! - [`AsyncFetcher`]: the asynchronous form, for callers on an async runtime (an async HTTP
//!   client, a database); every [`Fetcher`] is one.
//!   [`Verifier::verify_async`](crate::verify::Verifier::verify_async) takes one.
//! - [`OfflineFetcher`], the default everywhere: refuses every URL with
//!   [`FetchError::Offline`] naming it, so nothing is fetched unless the caller asks.
//! - [`MemoryFetcher`]: serves documents from memory (tests, CI, pinned issuer documents,
//!   pre-fetched bundles) and counts requests.
//! - `HttpFetcher` (feature `http`): HTTPS with timeouts, a size limit and a bounded cache.
//!
//! **Pre-fetching with your own HTTP stack.** A caller that must fetch with its own client
//! (its proxy, its TLS roots, its async runtime) has two ways:
//! - implement [`AsyncFetcher`] (or [`Fetcher`]) over that client and call
//!   [`Verifier::verify_async`](crate::verify::Verifier::verify_async) (or build the verifier
//!   with it). `verify_async` verifies in rounds: each round records the URLs it needed and
//!   did not have, those are fetched with your fetcher, and the next round verifies again;
//! - or fetch what the credential needs (the issuer's `did.json`, the status list) yourself,
//!   put it in a [`MemoryFetcher`] and verify with that: what you did not fetch is reported
//!   unavailable (`proof.key_unavailable`, `status.unavailable`) and the verdict is
//!   indeterminate, so a missing document can never make a credential look valid.
//!
//! ```
//! use openbadges::fetch::{FetchError, Fetcher, MemoryFetcher, OfflineFetcher};
//!
//! let fetcher = MemoryFetcher::new().with("https://example.edu/list", r#"{"a":1}"#);
//! assert_eq!(fetcher.fetch("https://example.edu/list")?.bytes, br#"{"a":1}"#);
//! assert!(matches!(
//!     fetcher.fetch("https://example.edu/other"),
//!     Err(FetchError::NotFound { .. })
//! ));
//! assert_eq!(fetcher.requests("https://example.edu/list"), 1);
//! assert!(matches!(
//!     OfflineFetcher.fetch("https://example.edu/list"),
//!     Err(FetchError::Offline { .. })
//! ));
//! # Ok::<(), FetchError>(())
//! ```

mod asynchronous;
mod error;
#[cfg(feature = "http")]
mod http;
mod memory;

use std::sync::Arc;

pub use asynchronous::AsyncFetcher;
pub use error::FetchError;
#[cfg(feature = "http")]
pub use http::{CacheLimits, CacheStats, HttpFetcher};
pub use memory::MemoryFetcher;

/// A fetched document: its bytes and media type.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Fetched {
    /// The body.
    pub bytes: Vec<u8>,
    /// The media type (`Content-Type` without parameters), when known.
    pub media_type: Option<String>,
}

impl Fetched {
    /// A fetched body with an optional media type.
    pub fn new(bytes: impl Into<Vec<u8>>, media_type: Option<String>) -> Self {
        Fetched {
            bytes: bytes.into(),
            media_type,
        }
    }
}

/// A body of unknown media type.
impl From<Vec<u8>> for Fetched {
    fn from(bytes: Vec<u8>) -> Self {
        Fetched::new(bytes, None)
    }
}

/// A body of unknown media type.
impl From<&[u8]> for Fetched {
    fn from(bytes: &[u8]) -> Self {
        Fetched::new(bytes, None)
    }
}

/// A text body of unknown media type.
impl From<&str> for Fetched {
    fn from(text: &str) -> Self {
        Fetched::new(text.as_bytes(), None)
    }
}

/// A text body of unknown media type.
impl From<String> for Fetched {
    fn from(text: String) -> Self {
        Fetched::new(text.into_bytes(), None)
    }
}

/// Retrieves documents by URL: DID documents, controller documents, JWK Sets, status lists,
/// refreshed credentials.
///
/// All network access of the library goes through this trait; the default is
/// [`OfflineFetcher`]. Implementations are shared across threads, hence `Send + Sync`.
pub trait Fetcher: Send + Sync {
    /// Fetches `url`.
    ///
    /// # Errors
    /// [`FetchError`] when the URL is refused, not found or the transport fails.
    fn fetch(&self, url: &str) -> Result<Fetched, FetchError>;
}

impl<F: Fetcher + ?Sized> Fetcher for &F {
    fn fetch(&self, url: &str) -> Result<Fetched, FetchError> {
        (**self).fetch(url)
    }
}

impl<F: Fetcher + ?Sized> Fetcher for Box<F> {
    fn fetch(&self, url: &str) -> Result<Fetched, FetchError> {
        (**self).fetch(url)
    }
}

impl<F: Fetcher + ?Sized> Fetcher for Arc<F> {
    fn fetch(&self, url: &str) -> Result<Fetched, FetchError> {
        (**self).fetch(url)
    }
}

/// The offline fetcher: refuses every URL with [`FetchError::Offline`] naming it. Keys of
/// `did:key` and `did:jwk` need no fetching and still verify; anything remote is reported
/// unavailable (the verdict is then indeterminate, never valid).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OfflineFetcher;

impl Fetcher for OfflineFetcher {
    fn fetch(&self, url: &str) -> Result<Fetched, FetchError> {
        Err(FetchError::Offline {
            url: url.to_owned(),
        })
    }
}
