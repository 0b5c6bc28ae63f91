//! The `Fetcher` trait and the offline and in-memory fetchers.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::FetchError;

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

/// Retrieves documents by URL: DID documents, controller documents, status lists.
///
/// All network access of the library goes through this trait; the default is [`NoFetcher`].
pub trait Fetcher {
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

/// The offline fetcher: refuses every URL with [`FetchError::Offline`] naming it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NoFetcher;

impl Fetcher for NoFetcher {
    fn fetch(&self, url: &str) -> Result<Fetched, FetchError> {
        Err(FetchError::Offline {
            url: url.to_owned(),
        })
    }
}

/// Serves documents from an in-memory map of URL to body; any other URL is
/// [`FetchError::NotFound`]. For tests, CI and pinned issuer documents.
///
/// ```
/// use openbadges::resolve::{Fetcher, StaticFetcher};
///
/// let mut fetcher = StaticFetcher::new();
/// fetcher.insert_json("https://example.edu/issuer", &serde_json::json!({"id": "https://example.edu/issuer"}));
/// assert!(fetcher.fetch("https://example.edu/issuer").is_ok());
/// assert!(fetcher.fetch("https://example.edu/other").is_err());
/// ```
#[derive(Clone, Debug, Default)]
pub struct StaticFetcher {
    documents: BTreeMap<String, Fetched>,
}

impl StaticFetcher {
    /// An empty map.
    pub fn new() -> Self {
        StaticFetcher::default()
    }

    /// Serves `fetched` at `url` (replacing any previous entry).
    pub fn insert(&mut self, url: impl Into<String>, fetched: Fetched) -> &mut Self {
        self.documents.insert(url.into(), fetched);
        self
    }

    /// Serves `document` as `application/json` at `url`.
    pub fn insert_json(
        &mut self,
        url: impl Into<String>,
        document: &serde_json::Value,
    ) -> &mut Self {
        let bytes = document.to_string().into_bytes();
        self.insert(
            url,
            Fetched::new(bytes, Some("application/json".to_owned())),
        )
    }

    /// This map with `document` served at `url`.
    #[must_use]
    pub fn with_json(mut self, url: impl Into<String>, document: &serde_json::Value) -> Self {
        self.insert_json(url, document);
        self
    }
}

impl Fetcher for StaticFetcher {
    fn fetch(&self, url: &str) -> Result<Fetched, FetchError> {
        self.documents
            .get(url)
            .cloned()
            .ok_or_else(|| FetchError::NotFound {
                url: url.to_owned(),
            })
    }
}
