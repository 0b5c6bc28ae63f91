//! [`MemoryFetcher`]: documents served from memory, with a request count.

use std::collections::BTreeMap;
use std::sync::Mutex;

use super::{FetchError, Fetched, Fetcher};

/// Serves documents from an in-memory map of URL to body; any other URL is
/// [`FetchError::NotFound`]. For tests, CI, pinned issuer documents and pre-fetched bundles.
/// Counts the requests for each URL ([`requests`](Self::requests)), so a test can tell what
/// a verification fetched.
///
/// ```
/// use openbadges::fetch::{Fetcher, MemoryFetcher};
///
/// let fetcher = MemoryFetcher::new()
///     .with_json("https://example.edu/issuer", &serde_json::json!({"id": "https://example.edu/issuer"}));
/// let fetched = fetcher.fetch("https://example.edu/issuer").unwrap();
/// assert_eq!(fetched.media_type.as_deref(), Some("application/json"));
/// assert!(fetcher.fetch("https://example.edu/other").is_err());
/// ```
#[derive(Debug, Default)]
pub struct MemoryFetcher {
    documents: BTreeMap<String, Fetched>,
    requests: Mutex<BTreeMap<String, usize>>,
}

/// A clone serves the same documents and starts with the same request counts.
impl Clone for MemoryFetcher {
    fn clone(&self) -> Self {
        MemoryFetcher {
            documents: self.documents.clone(),
            requests: Mutex::new(self.requests.lock().map(|r| r.clone()).unwrap_or_default()),
        }
    }
}

impl MemoryFetcher {
    /// An empty map (every URL is not found).
    pub fn new() -> Self {
        MemoryFetcher::default()
    }

    /// Serves `document` at `url`, replacing any previous entry. A bare body (`Vec<u8>`,
    /// `&str`, ...) has no media type; give a [`Fetched`] to set one.
    pub fn insert(&mut self, url: impl Into<String>, document: impl Into<Fetched>) -> &mut Self {
        self.documents.insert(url.into(), document.into());
        self
    }

    /// Serves `document` serialized as `application/json` at `url`.
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

    /// This map, also serving `document` at `url`.
    #[must_use]
    pub fn with(mut self, url: impl Into<String>, document: impl Into<Fetched>) -> Self {
        self.insert(url, document);
        self
    }

    /// This map, also serving `document` serialized as `application/json` at `url`.
    #[must_use]
    pub fn with_json(mut self, url: impl Into<String>, document: &serde_json::Value) -> Self {
        self.insert_json(url, document);
        self
    }

    /// True when a document is served at `url`.
    pub fn contains(&self, url: &str) -> bool {
        self.documents.contains_key(url)
    }

    /// How many times `url` was asked for (found or not).
    pub fn requests(&self, url: &str) -> usize {
        self.requests
            .lock()
            .map(|r| r.get(url).copied().unwrap_or(0))
            .unwrap_or(0)
    }
}

impl Fetcher for MemoryFetcher {
    fn fetch(&self, url: &str) -> Result<Fetched, FetchError> {
        if let Ok(mut requests) = self.requests.lock() {
            *requests.entry(url.to_owned()).or_insert(0) += 1;
        }
        self.documents
            .get(url)
            .cloned()
            .ok_or_else(|| FetchError::NotFound {
                url: url.to_owned(),
            })
    }
}
