//! Context loaders: where remote `@context` and `@import` URLs are read from.
//!
//! Nothing here touches the network. [`BundledLoader`] serves the contexts bundled with the
//! crate ([`crate::contexts`]); [`MapLoader`] serves documents a caller adds; [`ChainLoader`]
//! tries several loaders in turn.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde_json::Value;

use super::error::LoadError;

/// A loaded remote document: its final URL and parsed JSON.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct RemoteDocument {
    /// The URL the document was served from (relative references inside resolve against it).
    pub url: String,
    /// The parsed document.
    pub document: Arc<Value>,
}

impl RemoteDocument {
    /// A document served from `url`.
    pub fn new(url: impl Into<String>, document: Value) -> Self {
        RemoteDocument {
            url: url.into(),
            document: Arc::new(document),
        }
    }
}

/// Loads context documents by URL. Implementations must be offline unless the caller
/// deliberately supplies one that is not.
pub trait ContextLoader: Send + Sync {
    /// The document for `url` (an absolute URL).
    ///
    /// # Errors
    /// [`LoadError`] when the URL is unknown or the document cannot be read or parsed.
    fn load(&self, url: &str) -> Result<RemoteDocument, LoadError>;
}

impl<T: ContextLoader + ?Sized> ContextLoader for Arc<T> {
    fn load(&self, url: &str) -> Result<RemoteDocument, LoadError> {
        (**self).load(url)
    }
}

impl<T: ContextLoader + ?Sized> ContextLoader for Box<T> {
    fn load(&self, url: &str) -> Result<RemoteDocument, LoadError> {
        (**self).load(url)
    }
}

fn parse(url: &str, text: &str) -> Result<Value, LoadError> {
    serde_json::from_str(text).map_err(|e| LoadError::NotJson {
        url: url.to_string(),
        line: e.line(),
        column: e.column(),
    })
}

/// Serves the contexts bundled with the crate, offline. Any other URL is
/// [`LoadError::UnknownUrl`].
///
/// ```
/// use openbadges::jsonld::{BundledLoader, ContextLoader};
///
/// let doc = BundledLoader.load("https://www.w3.org/ns/credentials/v2").unwrap();
/// assert!(doc.document.get("@context").is_some());
/// assert!(BundledLoader.load("https://example.com/ctx").is_err());
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct BundledLoader;

impl ContextLoader for BundledLoader {
    fn load(&self, url: &str) -> Result<RemoteDocument, LoadError> {
        let bundled = crate::contexts::get(url).ok_or_else(|| LoadError::UnknownUrl {
            url: url.to_string(),
        })?;
        Ok(RemoteDocument::new(url, parse(url, bundled.text)?))
    }
}

/// Serves documents added by the caller, by exact URL.
///
/// ```
/// use openbadges::jsonld::{ContextLoader, MapLoader};
///
/// let mut loader = MapLoader::new();
/// loader.insert("https://example.com/ctx", serde_json::json!({"@context": {"a": "https://a/"}}));
/// assert!(loader.load("https://example.com/ctx").is_ok());
/// ```
#[derive(Clone, Debug, Default)]
pub struct MapLoader {
    docs: BTreeMap<String, Arc<Value>>,
}

impl MapLoader {
    /// An empty loader.
    pub fn new() -> Self {
        MapLoader::default()
    }

    /// Adds (or replaces) the document served for `url`.
    pub fn insert(&mut self, url: impl Into<String>, document: Value) {
        self.docs.insert(url.into(), Arc::new(document));
    }

    /// Adds a document from its JSON text.
    ///
    /// # Errors
    /// [`LoadError::NotJson`] when `text` is not JSON.
    pub fn insert_text(&mut self, url: impl Into<String>, text: &str) -> Result<(), LoadError> {
        let url = url.into();
        let value = parse(&url, text)?;
        self.docs.insert(url, Arc::new(value));
        Ok(())
    }
}

impl ContextLoader for MapLoader {
    fn load(&self, url: &str) -> Result<RemoteDocument, LoadError> {
        let document = self.docs.get(url).ok_or_else(|| LoadError::UnknownUrl {
            url: url.to_string(),
        })?;
        Ok(RemoteDocument {
            url: url.to_string(),
            document: Arc::clone(document),
        })
    }
}

/// Tries each loader in order; the first that knows the URL wins.
///
/// ```
/// use openbadges::jsonld::{BundledLoader, ChainLoader, ContextLoader, MapLoader};
///
/// let loader = ChainLoader::new().with(MapLoader::new()).with(BundledLoader);
/// assert!(loader.load("https://www.w3.org/ns/credentials/v2").is_ok());
/// ```
#[derive(Default)]
pub struct ChainLoader {
    loaders: Vec<Box<dyn ContextLoader>>,
}

impl ChainLoader {
    /// An empty chain (it knows no URL).
    pub fn new() -> Self {
        ChainLoader::default()
    }

    /// This chain with `loader` appended.
    #[must_use]
    pub fn with(mut self, loader: impl ContextLoader + 'static) -> Self {
        self.loaders.push(Box::new(loader));
        self
    }
}

impl std::fmt::Debug for ChainLoader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChainLoader")
            .field("loaders", &self.loaders.len())
            .finish()
    }
}

impl ContextLoader for ChainLoader {
    fn load(&self, url: &str) -> Result<RemoteDocument, LoadError> {
        let mut last = LoadError::UnknownUrl {
            url: url.to_string(),
        };
        for loader in &self.loaders {
            match loader.load(url) {
                Ok(doc) => return Ok(doc),
                Err(LoadError::UnknownUrl { .. }) => {}
                Err(e) => last = e,
            }
        }
        Err(last)
    }
}
