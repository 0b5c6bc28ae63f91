//! The `KeyResolver` trait, the standard resolver and the static-map resolver.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use serde_json::Value;

use super::controller::{method_in_document, relationships_for};
use super::{ResolveError, VerificationMethod, did_jwk, did_key, did_web::did_web_url};
use crate::document::{Document, ParseLimits};
use crate::fetch::{Fetcher, OfflineFetcher};
use crate::report::JsonPath;

/// Resolves a verification method id (a DID URL or URL) to a [`VerificationMethod`].
pub trait KeyResolver {
    /// Resolves `id`.
    ///
    /// # Errors
    /// [`ResolveError`] when the id is malformed or unsupported, its document cannot be
    /// fetched or is invalid, or the method is not found.
    fn resolve(&self, id: &str) -> Result<VerificationMethod, ResolveError>;
}

/// The asynchronous form of [`KeyResolver`], for resolvers that wait on I/O (an async HTTP
/// client, a database, a key service).
///
/// Every [`KeyResolver`] is an `AsyncKeyResolver` (its future is ready at once), so code
/// written against this trait takes the offline [`Resolver`] as well. Verify with one through
/// [`verify_proofs_async`](crate::proof::verify_proofs_async). When both traits are in
/// scope, call `AsyncKeyResolver::resolve(&resolver, id)` to pick this one.
///
/// ```
/// # #[cfg(feature = "ed25519")] {
/// use openbadges::resolve::{AsyncKeyResolver, ResolveError, VerificationMethod, Resolver};
///
/// /// Resolves through an async service (here: the offline resolver behind an await point).
/// struct Remote(Resolver);
///
/// impl AsyncKeyResolver for Remote {
///     fn resolve(
///         &self,
///         id: &str,
///     ) -> impl Future<Output = Result<VerificationMethod, ResolveError>> + Send {
///         let result = openbadges::resolve::KeyResolver::resolve(&self.0, id);
///         async move { result }
///     }
/// }
///
/// let id = "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";
/// let method = futures::executor::block_on(Remote(Resolver::offline()).resolve(id)).unwrap();
/// assert_eq!(method.id, id);
/// # }
/// ```
pub trait AsyncKeyResolver {
    /// Resolves `id`.
    ///
    /// # Errors
    /// The future resolves to a [`ResolveError`], as [`KeyResolver::resolve`].
    fn resolve(
        &self,
        id: &str,
    ) -> impl Future<Output = Result<VerificationMethod, ResolveError>> + Send;
}

impl<R: KeyResolver + ?Sized> AsyncKeyResolver for R {
    fn resolve(
        &self,
        id: &str,
    ) -> impl Future<Output = Result<VerificationMethod, ResolveError>> + Send {
        std::future::ready(KeyResolver::resolve(self, id))
    }
}

impl<R: KeyResolver + ?Sized> KeyResolver for &R {
    fn resolve(&self, id: &str) -> Result<VerificationMethod, ResolveError> {
        (**self).resolve(id)
    }
}

impl<R: KeyResolver + ?Sized> KeyResolver for Box<R> {
    fn resolve(&self, id: &str) -> Result<VerificationMethod, ResolveError> {
        (**self).resolve(id)
    }
}

impl<R: KeyResolver + ?Sized> KeyResolver for Arc<R> {
    fn resolve(&self, id: &str) -> Result<VerificationMethod, ResolveError> {
        (**self).resolve(id)
    }
}

/// The standard resolver: `did:key` and `did:jwk` offline; `did:web` DID documents and
/// HTTPS controller documents through its [`Fetcher`].
///
/// With the default [`OfflineFetcher`], `did:web` and URL ids fail with an error naming the URL
/// that would have been fetched. Fetched documents are parsed with strict bounds (1 MiB,
/// depth 32, no duplicate members).
///
/// An `https:` id with a fragment (`https://example.edu/issuer#key-1`) is looked up in the
/// controller document at the URL without the fragment. An id without a fragment
/// (`https://example.edu/keys/1`) may serve the verification method itself; its
/// relationships then come from its controller's document, fetched too.
#[derive(Clone, Debug)]
pub struct Resolver<F = OfflineFetcher> {
    fetcher: F,
    limits: ParseLimits,
}

impl Resolver<OfflineFetcher> {
    /// A resolver that never touches the network: `did:key` and `did:jwk` only.
    pub fn offline() -> Self {
        Resolver::with_fetcher(OfflineFetcher)
    }
}

impl Default for Resolver<OfflineFetcher> {
    fn default() -> Self {
        Resolver::offline()
    }
}

impl<F: Fetcher> Resolver<F> {
    /// A resolver fetching `did:web` and HTTPS documents with `fetcher`.
    pub fn with_fetcher(fetcher: F) -> Self {
        Resolver {
            fetcher,
            limits: ParseLimits::with_max_bytes(1024 * 1024).max_depth(32),
        }
    }

    /// This resolver with other bounds on fetched documents.
    #[must_use]
    pub fn with_limits(mut self, limits: ParseLimits) -> Self {
        self.limits = limits;
        self
    }

    /// The fetcher.
    pub fn fetcher(&self) -> &F {
        &self.fetcher
    }

    fn fetch_json(&self, url: &str) -> Result<Document, ResolveError> {
        let fetched = self.fetcher.fetch(url)?;
        Document::from_slice_with(&fetched.bytes, self.limits).map_err(|source| {
            ResolveError::Parse {
                url: url.to_owned(),
                source,
            }
        })
    }

    fn resolve_did_web(&self, id: &str) -> Result<VerificationMethod, ResolveError> {
        let (did, _) = id.split_once('#').ok_or_else(|| ResolveError::InvalidId {
            id: id.to_owned(),
            reason: "a verification method id needs a #fragment",
        })?;
        let url = did_web_url(did)?;
        let document = self.fetch_json(&url)?;
        method_in_document(document.value(), did, &url, id)
    }

    fn resolve_url(&self, id: &str) -> Result<VerificationMethod, ResolveError> {
        if let Some((base, _)) = id.split_once('#') {
            let document = self.fetch_json(base)?;
            return method_in_document(document.value(), base, base, id);
        }
        // No fragment: the URL serves the verification method itself.
        let document = self.fetch_json(id)?;
        let value = document.value();
        let found = value.get("id").and_then(Value::as_str).unwrap_or_default();
        if found != id {
            return Err(ResolveError::IdMismatch {
                url: id.to_owned(),
                expected: id.to_owned(),
                found: found.to_owned(),
            });
        }
        let method = VerificationMethod::from_json(value, id, id, &JsonPath::root())?;
        let controller = method.controller.clone();
        let controller_url = if controller.starts_with("did:web:") {
            did_web_url(&controller)?
        } else if controller.starts_with("https://") || controller.starts_with("http://") {
            controller.clone()
        } else {
            // did:key / did:jwk documents only list their own implied method.
            return Ok(method);
        };
        let controller_doc = self.fetch_json(&controller_url)?;
        let doc_id = controller_doc
            .value()
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if doc_id != controller {
            return Err(ResolveError::IdMismatch {
                url: controller_url,
                expected: controller,
                found: doc_id.to_owned(),
            });
        }
        let relationships = relationships_for(controller_doc.value(), &controller, id);
        Ok(method.with_relationships(relationships))
    }
}

impl<F: Fetcher> KeyResolver for Resolver<F> {
    fn resolve(&self, id: &str) -> Result<VerificationMethod, ResolveError> {
        if let Some(rest) = id.strip_prefix("did:") {
            let (method, specific) =
                rest.split_once(':')
                    .ok_or_else(|| ResolveError::InvalidId {
                        id: id.to_owned(),
                        reason: "a DID is did:<method>:<method-specific-id>",
                    })?;
            return match method {
                "key" => did_key::resolve(id, specific),
                "jwk" => did_jwk::resolve(id, specific),
                "web" => self.resolve_did_web(id),
                other => Err(ResolveError::UnsupportedMethod {
                    method: other.to_owned(),
                    id: id.to_owned(),
                }),
            };
        }
        if id.starts_with("https://") || id.starts_with("http://") {
            return self.resolve_url(id);
        }
        Err(ResolveError::UnsupportedId { id: id.to_owned() })
    }
}

/// A fixed map of verification methods by id, for tests and pinned keys.
///
/// ```
/// # #[cfg(feature = "ed25519")] {
/// use openbadges::crypto::{KeyType, SecretKey};
/// use openbadges::resolve::{KeyResolver, Relationship, StaticResolver, VerificationMethod};
///
/// let key = SecretKey::from_seed(KeyType::Ed25519, &[1; 32]).unwrap().public_key();
/// let method = VerificationMethod::new("https://example.edu/issuer#key-1", "https://example.edu/issuer", "Multikey", key)
///     .with_relationships([Relationship::AssertionMethod]);
/// let resolver = StaticResolver::new().with(method.clone());
/// assert_eq!(resolver.resolve("https://example.edu/issuer#key-1").unwrap(), method);
/// # }
/// ```
#[derive(Clone, Debug, Default)]
pub struct StaticResolver {
    methods: BTreeMap<String, VerificationMethod>,
}

impl StaticResolver {
    /// An empty map.
    pub fn new() -> Self {
        StaticResolver::default()
    }

    /// Adds `method` under its id (replacing any previous one).
    pub fn insert(&mut self, method: VerificationMethod) -> &mut Self {
        self.methods.insert(method.id.clone(), method);
        self
    }

    /// This map with `method` added.
    #[must_use]
    pub fn with(mut self, method: VerificationMethod) -> Self {
        self.insert(method);
        self
    }
}

impl KeyResolver for StaticResolver {
    fn resolve(&self, id: &str) -> Result<VerificationMethod, ResolveError> {
        self.methods
            .get(id)
            .cloned()
            .ok_or_else(|| ResolveError::NotFound {
                id: id.to_owned(),
                document: None,
            })
    }
}

/// Remembers the methods another resolver found, so verifying many credentials of one
/// issuer fetches its `did:web` or controller document once.
///
/// Only successful resolutions are cached (a failure is retried next time). At most
/// `capacity` methods are kept; when full, the cache starts over. Safe to share between
/// threads.
///
/// ```
/// # #[cfg(feature = "ed25519")] {
/// use openbadges::resolve::{CachingResolver, KeyResolver, Resolver};
///
/// let resolver = CachingResolver::new(Resolver::offline(), 1000);
/// let id = "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";
/// assert_eq!(resolver.resolve(id).unwrap(), resolver.resolve(id).unwrap());
/// assert_eq!(resolver.len(), 1);
/// # }
/// ```
#[derive(Debug)]
pub struct CachingResolver<R> {
    inner: R,
    capacity: usize,
    cache: Mutex<BTreeMap<String, VerificationMethod>>,
}

impl<R: KeyResolver> CachingResolver<R> {
    /// Caches up to `capacity` methods resolved by `inner`.
    pub fn new(inner: R, capacity: usize) -> Self {
        CachingResolver {
            inner,
            capacity,
            cache: Mutex::new(BTreeMap::new()),
        }
    }

    /// How many methods are cached.
    pub fn len(&self) -> usize {
        self.cache.lock().map(|c| c.len()).unwrap_or(0)
    }

    /// Whether nothing is cached.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Forgets every cached method.
    pub fn clear(&self) {
        if let Ok(mut cache) = self.cache.lock() {
            cache.clear();
        }
    }
}

impl<R: KeyResolver> KeyResolver for CachingResolver<R> {
    fn resolve(&self, id: &str) -> Result<VerificationMethod, ResolveError> {
        if let Ok(cache) = self.cache.lock()
            && let Some(method) = cache.get(id)
        {
            return Ok(method.clone());
        }
        let method = self.inner.resolve(id)?;
        if self.capacity > 0
            && let Ok(mut cache) = self.cache.lock()
        {
            if cache.len() >= self.capacity {
                cache.clear();
            }
            cache.insert(id.to_owned(), method.clone());
        }
        Ok(method)
    }
}
